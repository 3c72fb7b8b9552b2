"""The province's view (issue "The province's view"): a province folder of every cluster
and khối, loaded together; a group that cannot be loaded never stops the others."""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

import emulation_stats as es
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from make_sample_province import make  # noqa: E402

SAMPLE = ROOT / "data" / "sample_province"


@pytest.fixture(scope="module")
def province(shared) -> es.Province:
    """data/sample_province, loaded once for the session's workers."""
    return shared("sample_province", lambda folder: es.load_province(SAMPLE))


def test_the_sample_province_holds_twelve_clusters_of_the_new_units_and_a_khoi(province):
    groups = province.groups()
    assert province.year == 2025 and province.illustrative and province.errors.empty
    assert (groups["kind"] == "cluster").sum() >= 12 and (groups["kind"] == "khoi").sum() == 1
    assert groups["loaded"].all() and (groups["rejected"] == 0).all() and (groups["warnings"] == 0).all()
    for group, dataset in province.datasets.items():
        members = dataset.clusters[dataset.clusters["year"] == 2025]
        assert len(members) == 8, group
        if groups.set_index("group").at[group, "kind"] == "cluster":  # communes and wards since the reform
            found = [es.match_unit(code, province="Gia Lai", year=2025) for code in members["member_code"]]
            assert all(u.exists_in(2025) and u.level == "commune" for u in found), group
            assert set(dataset.indicators["year"]) == {2024, 2025}  # the year before, on the same units
        assert dataset.illustrative and set(dataset.awards["year"]) == {2025}


def test_each_group_is_scored_on_its_own_rubric_and_proposes_one_member(province):
    for group, dataset in province.datasets.items():
        table = es.score(dataset, year=2025)
        proposal = es.propose(table, dataset.votes)
        flagged = proposal.table[proposal.table["proposal"] == "flag"]
        assert len(flagged) == 1 and flagged["member_code"].iloc[0] in set(dataset.clusters["member_code"]), group


def test_the_committed_sample_is_what_its_script_writes(tmp_path):
    """data/sample_province is generated (fixed seed), never edited by hand."""
    make(tmp_path / "a")
    make(tmp_path / "b")
    for one, other in ((tmp_path / "a", tmp_path / "b"), (tmp_path / "a", SAMPLE)):
        compared = filecmp.dircmp(one, other)
        stack = [compared]
        while stack:
            node = stack.pop()
            assert not node.left_only and not node.right_only and not node.diff_files, (node.left, node.diff_files)
            stack += node.subdirs.values()


def test_a_group_that_cannot_be_loaded_is_named_and_the_others_load(tmp_path):
    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    (folder / "cum_03" / "dataset.yaml").write_text("name: [không đóng\n", encoding="utf-8")
    (folder / "cum_07" / "dataset.yaml").unlink()  # a folder that is no dataset (a gone one: the test below)
    refused = folder / "cum_05" / "indicators" / "chi_tieu.csv"
    member = pd.read_csv(folder / "cum_05" / "clusters.csv", dtype=str).iloc[0]
    refused.write_text(refused.read_text(encoding="utf-8") + f"{member['member_code']},{member['member']},2025,"
                       "sau sắp xếp,criminal_cases,actual,năm mươi\n", encoding="utf-8")
    province = es.load_province(folder)
    assert sorted(province.errors["group"]) == ["cum_03", "cum_07"]
    assert len(province.datasets) == 11  # every other group loaded
    messages = dict(zip(province.errors["group"], province.errors["message"]))
    assert messages["cum_03"].startswith("cum_03: ") and "dataset.yaml" in messages["cum_03"]
    assert messages["cum_07"].startswith("cum_07: ") and "dataset.yaml" in messages["cum_07"]
    english = dict(zip(province.errors["group"], province.error_messages(lang="en")))
    assert "not a cluster's or khối's dataset" in english["cum_07"]
    # a group's rejected row stays its own: counted in its dataset's report, said in its row of groups()
    groups = province.groups().set_index("group")
    assert groups.at["cum_05", "rejected"] == 1 and not groups.loc[["cum_03", "cum_07"], "loaded"].any()
    assert province.datasets["cum_05"].report.rejected["reason"].str.contains("năm mươi").all()


def test_groups_come_in_the_boards_order_or_every_dataset_folder(tmp_path):
    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    meta = yaml.safe_load((folder / "province.yaml").read_text(encoding="utf-8"))
    meta["groups"] = ["khoi_so_nganh", "cum_02", "cum_01"]
    (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert list(es.load_province(folder).datasets) == ["khoi_so_nganh", "cum_02", "cum_01"]
    del meta["groups"]
    (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert list(es.load_province(folder).datasets) == sorted(p.name for p in SAMPLE.iterdir() if p.is_dir())


def test_a_folder_without_province_yaml_or_with_a_wrong_one_is_refused_in_words(tmp_path):
    with pytest.raises(es.DataError, match="province.yaml"):
        es.load_province(tmp_path)
    (tmp_path / "province.yaml").write_text("name: Gia Lai\nillustrative: true\nrules: [0.2]\n", encoding="utf-8")
    with pytest.raises(es.DataError, match="rules") as error:
        es.load_province(tmp_path)
    assert "rules" in error.value.in_language("en") and "needed" in error.value.in_language("en")


def test_the_boards_rule_for_the_governments_flag_is_data_with_its_legal_basis(province):
    rule = province.rules["government_flag"]
    assert 0 < float(rule["share_cap"]) <= 1 and "Nghị định" in str(rule["legal_basis"])
    assert isinstance(pd.Series(province.meta["groups"]).tolist(), list)


# --- the official statistics: biểu 0602.N and 0603.N -------------------------------------

# The award rows as the groups wrote them, counted by hand: (award, authority) -> (form, column).
BY_HAND = {("Bằng khen", "Chủ tịch UBND tỉnh"): ("0603", "Bằng khen cấp bộ, ngành, tỉnh"),
           ("Tập thể lao động xuất sắc", "Chủ tịch UBND tỉnh"): ("0603", "Tập thể lao động xuất sắc"),
           ("Chiến sĩ thi đua cấp tỉnh", "Chủ tịch UBND tỉnh"): ("0603", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh"),
           ("Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ"): ("0602", "Bằng khen của Thủ tướng Chính phủ"),
           ("Huân chương Lao động hạng Ba", "Chủ tịch nước"): ("0602", "Huân chương")}


def _written_rows() -> pd.DataFrame:
    frames = []
    for path in sorted(SAMPLE.glob("*/awards/*.csv")):
        rows = pd.read_csv(path, dtype={"member_code": str})
        meta = yaml.safe_load((path.parents[1] / "dataset.yaml").read_text(encoding="utf-8"))
        frames.append(rows.assign(group=meta["cluster"], line=[f"{path.parents[1].name}: awards/{path.name}:{n + 2}"
                                                              for n in range(len(rows))]))
    rows = pd.concat(frames, ignore_index=True)
    placed = rows.apply(lambda r: BY_HAND.get((r["award"], r["authority"]), ("", "")), axis=1, result_type="expand")
    rows[["form", "column"]] = placed
    rows["kind"] = rows["recipient_kind"].map({"tập thể": "Tập thể", "cá nhân": "Cá nhân"})
    return rows


@pytest.mark.parametrize("form", ["0602", "0603"])
def test_the_statistics_forms_equal_the_award_rows_counted_by_hand_cell_by_cell(province, form):
    from emulation_stats.analysis.award_statistics import award_statistics

    stats = award_statistics(province, form=form)
    rows = _written_rows()
    rows = rows[rows["form"] == form]
    assert len(rows) > 20  # the sample has something to count on both forms
    for column, kind in stats.table.columns:
        mine = rows[(rows["column"] == column) & (rows["kind"] == kind)]
        assert stats.table.loc["Tổng số", (column, kind)] == mine["count"].sum(), (column, kind)
        for dataset in province.datasets.values():
            name = dataset.meta["cluster"]
            assert stats.table.loc[name, (column, kind)] == mine.loc[mine["group"] == name, "count"].sum()
    # every cell names the rows it counts, and they are the rows counted by hand
    for cell in stats.cells[stats.cells["line"] == "Tổng số"].itertuples():
        mine = rows[(rows["column"] == cell.column) & (rows["kind"] == cell.kind)]
        assert cell.rows == len(mine) and cell.count == mine["count"].sum()
    # the lines by kind of member add up to the total, and so do the groups
    groups = [d.meta["cluster"] for d in province.datasets.values()]
    kinds = [line for line in stats.table.index if line not in groups and line != "Tổng số"]
    assert set(kinds) <= {"Xã", "Phường", "Đặc khu", "Cơ quan, đơn vị"}
    assert (stats.table.loc[groups].sum() == stats.table.loc["Tổng số"]).all()
    assert (stats.table.loc[kinds].sum() == stats.table.loc["Tổng số"]).all()


def test_the_statistics_forms_count_what_summarise_awards_counts(province):
    from emulation_stats.analysis.award_statistics import award_statistics, form_column

    for form in ("0602", "0603"):
        stats = award_statistics(province, form=form)
        counted = []
        for dataset in province.datasets.values():
            counts = es.summarise_awards(dataset.awards, year=2025).counts
            counted.append(counts.assign(column=[form_column(a, form) for a in counts["award"]]))
        counted = pd.concat(counted)
        counted = counted[counted["column"] != ""]
        kinds = counted["recipient_kind"].map({"collective": "Tập thể", "individual": "Cá nhân"})
        summed = counted.groupby([counted["column"], kinds])["count"].sum()
        for (column, kind), count in summed.items():
            assert stats.table.loc["Tổng số", (column, kind)] == count, (form, column, kind)
        assert stats.table.loc["Tổng số"].sum() == summed.sum()


def test_the_statistics_workbook_is_the_form_on_a4_landscape_with_every_cells_rows(province, tmp_path):
    import openpyxl

    from emulation_stats.analysis.award_statistics import award_statistics
    from emulation_stats.pack.statistics_forms import write_statistics_form

    stats = award_statistics(province, form="0603")
    book = openpyxl.load_workbook(write_statistics_form(stats, tmp_path / "bieu_0603.xlsx"))
    assert book.sheetnames == ["Biểu"]  # the file sent to the ministry is the form alone
    form = book["Biểu"]
    assert form["A1"].value == "Biểu số 0603.N/BNV-TĐKT" and "CẤP BỘ, BAN, NGÀNH, TỈNH" in form["C1"].value
    assert "Thông tư" in form["A2"].value and form["A3"].value.startswith("Ngày nhận báo cáo")
    heads = [c for row in form.iter_rows(max_row=3, values_only=True) for c in row if c]
    assert "Đơn vị báo cáo: UBND tỉnh Gia Lai" in heads and "Đơn vị nhận báo cáo: Bộ Nội vụ" in heads
    assert form.page_setup.orientation == "landscape" and str(form.page_setup.paperSize) == form.PAPERSIZE_A4
    assert form.oddHeader.center.text == es.ILLUSTRATIVE_MARK  # made-up figures say so on every page
    # every line of the table, by its name, with the same counts in the same columns
    from emulation_stats.analysis.award_statistics import applies

    written = {row[1]: row[2:] for row in form.iter_rows(min_row=8, values_only=True) if row[1]}
    marked = [not applies("0603", column, kind) for column, kind in stats.table.columns]
    assert any(marked)  # Tập thể lao động xuất sắc goes to collectives only: its Cá nhân cell is "x"
    for line, counts in stats.table.iterrows():
        expected = ["x" if x and v == 0 else v for x, v in zip(marked, counts.tolist())]
        assert list(written[line])[:len(expected)] == expected, line
    assert any("THỦ TRƯỞNG ĐƠN VỊ" in str(c) for row in form.iter_rows(values_only=True) for c in row)
    assert {"Chia theo cụm, khối đề nghị", "Chia theo loại đơn vị đề nghị"} <= set(written)
    # both forms have the same lines: every kind of member, a kind with no award of the form a line of zeros
    other = award_statistics(province, form="0602")
    assert list(other.table.index) == list(stats.table.index)
    assert {"Xã", "Phường", "Cơ quan, đơn vị"} <= set(stats.table.index)


# --- the board's table -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def board(province, shared):
    from emulation_stats.analysis.board import board_table

    return shared("sample_province_board", lambda folder: board_table(province))


def test_each_groups_proposal_is_what_the_group_itself_proposes(province, board):
    for row in board.groups.itertuples():
        dataset = province.datasets[row.group]
        proposal = es.propose(es.score(dataset, year=2025), dataset.votes)
        flagged = proposal.table[proposal.table["proposal"] == "flag"].iloc[0]
        assert (row.proposed_code, row.total) == (flagged["member_code"], flagged["total"]), row.group
        assert row.checks == "; ".join(proposal.checks)
    assert "không so sánh được" in board.note  # each group scored on its own rubric


def test_the_leaders_are_standardised_among_every_member_of_the_province(province, board):
    figures = pd.concat([d.indicators.assign(group=g) for g, d in province.datasets.items() if len(d.indicators)])
    figures = figures[(figures["year"] == 2025) & (figures["measure"] == "actual")]
    shared = [c for c in board.leaders.columns if c not in ("group", "member_code", "member", "standing")]
    assert set(shared) == {"budget_revenue", "income_per_capita", "poor_household_rate", "criminal_cases"}
    for indicator in shared:
        values = figures.loc[figures["indicator"] == indicator, "value"].astype(float).to_numpy()
        sign = -1 if indicator in ("poor_household_rate", "criminal_cases") else 1  # fewer is better
        for leader in board.leaders.dropna(subset=["standing"]).itertuples():
            own = figures[(figures["group"] == leader.group) & (figures["member_code"] == leader.member_code)
                          & (figures["indicator"] == indicator)]["value"].iloc[0]
            expected = sign * (own - values.mean()) / values.std()
            assert getattr(leader, indicator) == pytest.approx(expected), (leader.member, indicator)


def test_the_candidates_for_the_governments_flag_follow_the_boards_rule(province, board, tmp_path):
    from emulation_stats.analysis.board import board_table

    # 20% of the province's flags, rounded down: the flags the board proposes, of the groups that agree
    flags = ((board.groups["proposed_code"] != "") & board.groups["settled"]).sum()
    assert board.allowed == int(0.2 * flags) == len(board.candidates) and board.flags == flags
    settled = set(board.groups.loc[board.groups["settled"], "group"])
    assert len(settled) < len(board.groups)  # the sample has ballots that disagree with the scores
    eligible = board.leaders[board.leaders["group"].isin(settled)]
    best = eligible.dropna(subset=["standing"]).nlargest(board.allowed, "standing")
    assert list(board.candidates["member_code"]) == list(best["member_code"])
    # a group whose ballot gave its proposed member fewer votes than another is not the board's to send on
    for row in board.groups.itertuples():
        votes = es.propose(es.score(province.datasets[row.group], year=2025),
                           province.datasets[row.group].votes).table["votes_for"]
        assert row.settled == (row.votes_for == votes.max()), row.group
    assert "CQ07" not in set(board.candidates["member_code"])  # a department has no figures to stand on
    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    meta = yaml.safe_load((folder / "province.yaml").read_text(encoding="utf-8"))
    meta["rules"]["government_flag"]["share_cap"] = 0.5  # the rule is data: another cap, other candidates
    (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert len(board_table(es.load_province(folder)).candidates) == int(0.5 * flags)
    # the share as a board writes it ("20%") is the share; a number of flags or of percent is not a share
    meta["rules"]["government_flag"]["share_cap"] = "20%"
    (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert board_table(es.load_province(folder)).candidates.equals(board.candidates)
    for wrong in (20, "hai mươi", 0):
        meta["rules"]["government_flag"]["share_cap"] = wrong
        (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        with pytest.raises(es.DataError, match="share_cap") as error:
            es.load_province(folder)
        assert str(wrong) in str(error.value) and "0.2" in error.value.in_language("en")
    with pytest.raises(es.DataError, match="share_cap"):
        board.rerun(share_cap=20)


# --- the board's pack and the command ------------------------------------------------------


@pytest.fixture(scope="module")
def province_pack(province, shared):
    """The board's pack of the sample province, written once for the session's workers."""
    return shared("sample_province_pack", lambda folder: es.build_province(province, folder))


def test_the_boards_pack_holds_its_workbook_the_two_forms_and_its_bao_cao(province_pack):
    assert sorted(p.name for p in province_pack.files) == [
        "bao_cao_tinh_2025.docx", "bieu_0602N_2025.xlsx", "bieu_0603N_2025.xlsx", "dan_dau_2025.png",
        "tong_hop_2025.xlsx"]


def es_and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def _bao_cao(folder):
    from docx import Document

    document = Document(str(folder / "bao_cao_tinh_2025.docx"))
    tables = {tuple(c.text for c in table.rows[0].cells): [[c.text for c in row.cells] for row in table.rows[1:]]
              for table in document.tables[1:-1]}  # the heading block and the signature are tables too
    return document, [p.text for p in document.paragraphs], tables


def test_the_bao_cao_says_what_the_boards_table_says(province_pack):
    """One output held against another: every group's proposed member, the province's flags
    and Bằng khen of the groups that agree, the candidates for the Government's flag, as
    the board's table has them, and nothing else proposed."""
    document, paragraphs, tables = _bao_cao(province_pack.out_dir)
    text = "\n".join(paragraphs)
    board = province_pack.board
    results = tables["STT", "Cụm, khối", "Đơn vị có tổng điểm cao nhất", "Điểm / thang điểm",
                     "Đơn vị được nhiều phiếu nhất", "Số phiếu"]
    assert [row[2] for row in results] == list(board.groups["proposed"])
    assert [row[4] for row in results] == list(board.groups["voted"])  # the ballot's own choice, beside the scores'
    assert [row[2] == row[4] for row in results] == list(board.groups["settled"])
    agreed = board.scores[board.scores["group"].isin(board.groups.loc[board.groups["settled"], "group"])]
    flags = tables["STT", "Tập thể", "Cụm, khối", "Tổng điểm", "Phiếu tán thành"]
    assert [row[1] for row in flags] == list(agreed.loc[agreed["proposal"] == "flag", "member"])
    certificates = tables["STT", "Tập thể", "Cụm, khối", "Tổng điểm"]
    assert [row[1] for row in certificates] == list(agreed.loc[agreed["proposal"] == "certificate", "member"])
    named = [row[1] for row in tables["STT", "Đơn vị", "Cụm, khối", "Điểm chuẩn hóa"]]
    assert named == list(board.candidates["member"])
    waiting = board.groups.loc[~board.groups["settled"], "name"]
    assert len(waiting) and f"Đề nghị của {es_and(list(waiting))} được xét khi" in text
    # what the board asks for is what its lists hold
    (asked,) = [p for p in paragraphs if "kính trình Chủ tịch UBND tỉnh" in p]
    assert f"Cờ thi đua của UBND tỉnh cho {len(flags)} tập thể" in asked
    assert f"Bằng khen của Chủ tịch UBND tỉnh cho {len(certificates)} tập thể" in asked
    assert all(name.split(" ", 1)[1] in asked for name in named) and asked.endswith("./.")
    assert f"là {board.allowed} trong {len(flags)} đơn vị được đề nghị" in text
    heading = document.tables[0].rows[0].cells[0].text.replace("\u00a0", " ")  # "KHEN THƯỞNG" never broken
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH GIA LAI" in heading
    assert document.tables[0].rows[1].cells[1].text.startswith("Gia Lai, ngày ")  # signed in the province
    assert "TM. HỘI ĐỒNG" in document.tables[-1].rows[0].cells[1].text
    assert "không so sánh được" in text
    # the method names the shared indicators the board stood the leaders on, and turns only the lower-is-better ones
    from emulation_stats.core import catalog

    (method,) = [p for p in paragraphs if p.startswith("Các cụm, khối chấm theo thang điểm khác nhau")]
    names = {k: catalog.indicators().table.at[k, "name_vi"].lower() for k in board.indicators}
    turned = method[method.index("(với"):method.index("thì tính ngược lại")]
    assert all(name in method for name in names.values())
    assert {k for k, name in names.items() if name in turned} == {k for k in names if catalog.better_sign(k) < 0}
    assert es.ILLUSTRATIVE_MARK in [p.text for p in document.sections[0].header.paragraphs]


def test_the_bao_cao_opens_with_the_boards_bases_and_meeting_and_counts_what_the_forms_count(province, province_pack):
    from emulation_stats.analysis.award_statistics import award_statistics

    _, paragraphs, _ = _bao_cao(province_pack.out_dir)
    bases = province.meta["bases"]
    assert paragraphs[paragraphs.index(bases[0]):][:len(bases)] == bases
    assert paragraphs.index(bases[-1]) < paragraphs.index("I. Đánh giá chung")
    meeting = province.meta["meeting"]
    text, day = "\n".join(paragraphs), meeting["date"]
    assert f"Ngày {day.day:02d} tháng {day.month if day.month > 2 else f'0{day.month}'} năm {day.year}" in text
    assert f"có {meeting['present']}/{meeting['members']} thành viên Hội đồng dự họp" in text
    (awarded,) = [p for p in paragraphs if p.startswith("Trong năm, các đơn vị thành viên được khen thưởng")]
    for form, level in (("0602", "cấp Nhà nước"), ("0603", "cấp bộ, ngành, tỉnh")):
        total = award_statistics(province, form=form).table.loc["Tổng số"].apply(pd.to_numeric, errors="coerce")
        by_kind = total.groupby(level=1).sum()
        assert (f"{level} {int(by_kind['Tập thể'])} lượt tập thể, {int(by_kind['Cá nhân'])} lượt cá nhân"
                in awarded), form


def test_what_the_data_cannot_say_is_left_highlighted_to_fill_and_a_wrong_count_is_refused(tmp_path):
    import openpyxl
    from docx.enum.text import WD_COLOR_INDEX

    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    meta = yaml.safe_load((folder / "province.yaml").read_text(encoding="utf-8"))
    meta["groups"] = ["cum_01", "cum_02", "khoi_so_nganh"]  # what is highlighted does not depend on how many
    del meta["bases"], meta["meeting"]
    (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    misspelt, lost = _misspell_two_awards(folder)  # an award no catalogue knows: said, listed, to correct
    es.build_province(es.load_province(folder), tmp_path / "pack")
    document, paragraphs, _ = _bao_cao(tmp_path / "pack")
    marked = [p.text for p in document.paragraphs
              if p.runs and all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in p.runs)]
    # bases, meeting, the awards the forms could not count, the board's own assessment
    assert [text[:8] for text in marked] == ["Căn cứ …", "Ngày …..", "Có 2 dòn", "Hội đồng"]
    assert not [p for p in paragraphs if "…" in p and p not in marked]
    assert marked[2] == (f"Có {misspelt} dòng khen thưởng ({lost} lượt) có tên chưa có trong danh mục ('Bằng khem') "
                         "nên chưa tính vào hai biểu; cần sửa tên và lập lại (trang \"Khen thưởng chưa vào biểu\" của "
                         "bảng tổng hợp).")
    book = openpyxl.load_workbook(tmp_path / "pack" / "tong_hop_2025.xlsx")
    listed = list(book["Khen thưởng chưa vào biểu"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == misspelt and sum(row[3] for row in listed) == lost
    warned = list(book["Dòng bị loại, cảnh báo"].iter_rows(min_row=2, values_only=True))
    assert sum("Bằng khem" in row[3] for row in warned) == 1  # the load's own warning, one per file and name
    # a meeting province.yaml cannot have held is refused when the province is read, before any file is written
    for meeting, said in (({"members": 11, "present": "mười", "in_favour": 10}, ["meeting.present", "mười"]),
                          ({"members": 11, "present": 12, "in_favour": 10}, ["(11)", "(12)", "(10)"]),
                          ({"members": 11, "present": 10, "in_favour": -1}, ["meeting.in_favour", "-1"])):
        meta["meeting"] = {"date": "18/12/2025", **meeting}
        (folder / "province.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        with pytest.raises(es.DataError) as error:
            es.load_province(folder)
        assert all(word in str(error.value) for word in said) and "province.yaml" in error.value.in_language("en")


def test_the_boards_workbook_and_forms_agree_with_the_tables(province, province_pack):
    import openpyxl

    from emulation_stats.analysis.award_statistics import award_statistics

    book = openpyxl.load_workbook(province_pack.out_dir / "tong_hop_2025.xlsx")
    assert {"Các cụm, khối", "Điểm các đơn vị", "Đơn vị dẫn đầu", "Đề nghị Cờ Chính phủ"} <= set(book.sheetnames)
    for form in ("0602", "0603"):  # every cell of the forms with the award rows it counts, for the board to check
        cells = award_statistics(province, form=form).cells
        listed = list(book[f"Nguồn biểu {form}.N"].iter_rows(min_row=2, values_only=True))
        assert len(listed) == len(cells) and all(row[5] for row in listed)
        assert sum(row[3] for row in listed) == cells["count"].sum()
    # a proposal of a group that has not settled its ballot waits, in the workbook as in the báo cáo
    waiting = set(province_pack.board.groups.loc[~province_pack.board.groups["settled"], "name"])
    proposals = [(row[0], row[5]) for row in book["Điểm các đơn vị"].iter_rows(min_row=2, values_only=True) if row[5]]
    assert {name for name, said in proposals if said.startswith("Chờ")} == waiting
    assert not {name for name, said in proposals if said.startswith(("Cờ", "Bằng"))} & waiting
    assert book["Các cụm, khối"].max_row == len(province_pack.board.groups) + 1
    form = openpyxl.load_workbook(province_pack.out_dir / "bieu_0603N_2025.xlsx")["Biểu"]
    total = next(row for row in form.iter_rows(values_only=True) if row[1] == "Tổng số")
    counted = [0 if v == "x" else v for v in total[2:]]  # "x": no award of the column goes to that kind
    assert counted == award_statistics(province, form="0603").table.loc["Tổng số"].tolist()


def test_the_command_writes_the_pack_and_names_a_group_it_could_not_read(tmp_path, capsys):
    from emulation_stats.cli import EXIT_OK, EXIT_UNREADABLE, main

    assert main(["province", str(SAMPLE), "--out", str(tmp_path / "a")]) == EXIT_OK
    out, _ = capsys.readouterr()
    assert "bieu_0603N_2025.xlsx" in out and "khoi_so_nganh: đọc 238 dòng" in out
    folder = _sample_listing(tmp_path, ["cum_03", "cum_04", "khoi_so_nganh"])
    (folder / "cum_04" / "dataset.yaml").write_text("illustrative: [\n", encoding="utf-8")
    assert main(["--lang", "en", "province", str(folder), "--out", str(tmp_path / "b")]) == EXIT_UNREADABLE
    out, err = capsys.readouterr()
    (line,) = [line for line in err.splitlines() if line.startswith("ERROR")]
    assert "cum_04:" in line and "Traceback" not in out + err
    assert (tmp_path / "b" / "bao_cao_tinh_2025.docx").exists()  # the other groups' pack is written


def test_the_chart_of_leaders_shows_each_standing_and_marks_the_candidates(province_pack):
    import matplotlib.pyplot as plt

    board = province_pack.board
    ax = es.plot.standing_bars(board.leaders, candidates=board.candidates["member_code"])
    shown = [t.get_text() for t in ax.get_yticklabels()]
    ranked = board.leaders.dropna(subset=["standing"]).sort_values("standing")
    assert shown == list(ranked["member"])  # best on top (barh draws from the bottom); a department has no bar
    red = [t.get_text() for t in ax.get_yticklabels() if t.get_color() == "firebrick"]
    assert sorted(red) == sorted(board.candidates["member"])
    widths = [round(p.get_width(), 6) for p in ax.patches]
    assert widths == [round(v, 6) for v in ranked["standing"]]
    plt.close(ax.figure)
    assert (province_pack.out_dir / "charts" / "dan_dau_2025.png").exists()


# --- the province's panel --------------------------------------------------------------------


def test_the_province_panel_proposes_what_the_rerun_and_a_hand_count_propose(board):
    """es.explore on the board's table: each setting's candidates, from the panel, from
    BoardTable.rerun and by hand from the standardised figures, are the same."""
    import itertools
    import math

    panel = es.explore(board)
    assert panel.status_line().startswith("Đúng quy định của Hội đồng")
    indicators = board.indicators
    for weight, share in itertools.product([0.0, 1.0, 2.5], [0.1, 0.2, 0.35]):
        panel.weights[indicators[0]].value = weight
        panel.share.value = share
        rerun = board.rerun(weights={indicators[0]: weight}, share_cap=share)
        w = pd.Series({k: weight if k == indicators[0] else 1.0 for k in indicators})
        standing = (board.leaders[indicators] * w).sum(axis=1, min_count=1) / w.sum()
        flags = ((board.groups["proposed_code"] != "") & board.groups["settled"]).sum()  # those the board proposes
        allowed = math.floor(share * flags + 1e-9)
        settled = board.leaders["group"].isin(set(board.groups.loc[board.groups["settled"], "group"]))
        by_hand = board.leaders.assign(standing=standing)[settled].dropna(subset=["standing"]) \
            .sort_values("standing", ascending=False, kind="stable").head(allowed)
        assert list(panel.board.candidates["member_code"]) == list(rerun.candidates["member_code"]) \
            == list(by_hand["member_code"]), (weight, share)
    panel.back_to_rule()
    assert list(panel.board.candidates["member_code"]) == list(board.candidates["member_code"])


def test_a_weight_the_board_table_does_not_have_is_refused_in_words(board):
    with pytest.raises(es.DataError, match="budget_revenue"):
        board.rerun(weights={"no_such_indicator": 1})
    with pytest.raises(es.DataError):
        board.rerun(weights={"budget_revenue": -1})


def test_an_award_to_a_dissolved_unit_is_among_the_boards_checks(tmp_path):
    """A group's award row naming a commune gone in the reform is said (Thông tư 15/2025/TT-BNV:
    no award to a dissolved unit) and reaches the board's table for that group."""
    folder = _sample_listing(tmp_path, ["cum_01", "cum_02", "khoi_so_nganh"])
    awards = folder / "cum_01" / "awards" / "khen_thuong_2025.csv"
    awards.write_text(awards.read_text(encoding="utf-8") + "2025,,Phường Hải Cảng,Bằng khen,Chủ tịch UBND tỉnh,"
                      "tập thể,1\n", encoding="utf-8")
    board = es.board_table(es.load_province(folder))
    checks = board.groups.set_index("group")["checks"]
    assert "Hải Cảng" in checks["cum_01"] and "Thông tư 15/2025/TT-BNV" in checks["cum_01"]
    assert "Hải Cảng" not in "".join(checks.drop("cum_01"))


def test_a_province_yaml_an_analyst_mistypes_is_refused_or_named_in_one_line(tmp_path, capsys):
    """What a new user wrote wrong: each said in one line naming what to fix, never a
    default taken in silence, never a program error."""
    from emulation_stats.cli import EXIT_UNREADABLE, main

    folder = _sample_listing(tmp_path, ["cum_02", "cum_03", "khoi_so_nganh"])
    written = (folder / "province.yaml").read_text(encoding="utf-8")

    def with_yaml(old: str, new: str, *more: str) -> None:
        text = written.replace(old, new)
        for old_more, new_more in zip(more[::2], more[1::2]):
            text = text.replace(old_more, new_more)
        (folder / "province.yaml").write_text(text, encoding="utf-8")

    for old, new, said in (("year: 2025", "year: năm 2025", "năm phải là một số"),
                           ("share_cap: 0.2", "sharecap: 0.2", "không có mục sharecap")):
        with_yaml(old, new)
        with pytest.raises(es.DataError, match=said):
            es.load_province(folder)
    # a listed group whose folder is misspelt on disk: named, with the folder it may be
    with_yaml("year: 2025", "year: 2025")
    (folder / "cum_03").rename(folder / "cum03")
    province = es.load_province(folder)
    (message,) = province.error_messages()
    assert message.startswith("cum_03:") and "cum03" in message and "cum_03" not in province.datasets
    # the board's year that no group has: each group says the years it has; nothing left to table is one line
    with_yaml("year: 2025", "year: 2024")
    assert main(["province", str(folder), "--out", str(tmp_path / "out")]) == EXIT_UNREADABLE
    _, err = capsys.readouterr()
    assert "có các năm 2025" in err and "không đọc được cụm, khối nào" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    # a count written in quotes is still a count; a province.yaml naming another province than
    # its groups: every group's checks say so (one load for both)
    with_yaml("present: 10", "present: '10'", "name: Gia Lai", "name: Bình Định")
    province = es.load_province(folder)
    assert province.meta["meeting"]["present"] == 10
    board = es.board_table(province)
    assert board.groups["checks"].str.contains("dataset.yaml ghi tỉnh Gia Lai, province.yaml ghi tỉnh Bình Định").all()


def _sample_listing(tmp_path: Path, groups: list[str]) -> Path:
    """A copy of the sample province whose province.yaml lists only ``groups`` (the rest of
    the file as written): a test of how the board's file is read loads three groups, not thirteen."""
    import re

    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    path = folder / "province.yaml"
    text = path.read_text(encoding="utf-8")
    listed = re.search(r"^groups:\n(?:- .*\n)+", text, flags=re.MULTILINE)
    assert listed, "the sample's province.yaml lists its groups"
    path.write_text(text.replace(listed.group(0), "groups:\n" + "".join(f"- {g}\n" for g in groups)), encoding="utf-8")
    return folder


def _misspell_two_awards(folder: Path) -> tuple[int, int]:
    """Two "Bằng khen" rows of cum_02 written "Bằng khem": (rows, awards) changed."""
    path = sorted((folder / "cum_02" / "awards").glob("*.csv"))[0]
    rows = pd.read_csv(path, dtype=str)
    misspelt = rows.index[rows["award"] == "Bằng khen"][:2]
    rows.loc[misspelt, "award"] = "Bằng khem"
    rows.to_csv(path, index=False)
    return len(misspelt), int(rows.loc[misspelt, "count"].astype(int).sum())


def test_an_award_no_catalogue_knows_is_left_out_of_the_forms_in_words_never_unseen(province, tmp_path):
    """A misspelt award ("Bằng khem") fits no column of the forms: the forms count every
    other row and keep these apart (the pack lists and says them: the test below)."""
    from emulation_stats.analysis.award_statistics import award_statistics

    folder = tmp_path / "province"
    shutil.copytree(SAMPLE, folder)
    _, lost = _misspell_two_awards(folder)
    changed = es.load_province(folder)
    before, after = (award_statistics(p, form="0603") for p in (province, changed))
    assert int(before.table.loc["Tổng số"].sum()) - int(after.table.loc["Tổng số"].sum()) == lost
    assert int(after.unknown["count"].sum()) == lost and set(after.unknown["award_name"]) == {"Bằng khem"}
