"""The province board's pack: its workbook of every group, the two award statistics forms
and the báo cáo of its proposals, from one province folder."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from emulation_stats.analysis.award_statistics import StatisticsForm, award_statistics
from emulation_stats.analysis.board import BoardTable, board_table
from emulation_stats.core import catalog
from emulation_stats.core.phrases import and_list, number
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK
from emulation_stats.load.province import Province
from emulation_stats.pack.document import Section, ToFill, write_document
from emulation_stats.pack.export import to_xlsx
from emulation_stats.pack.statistics_forms import form_sources, write_statistics_form
from emulation_stats.units.naming import place


@dataclass
class ProvincePack:
    """What ``build_province`` wrote: ``files`` in ``out_dir``, the ``board`` they show."""

    out_dir: Path
    year: int
    board: BoardTable
    files: list[Path] = field(default_factory=list)


def build_province(province: Province, out_dir: str | Path = "build/province", *,
                   year: int | None = None) -> ProvincePack:
    """The board's pack for ``year`` (default the province's) into ``out_dir``:
    ``tong_hop_<year>.xlsx`` (every group's proposal, vote and checks; every member's
    score; the leaders standardised; the candidates for the Government's flag),
    ``bieu_0602N_<year>.xlsx`` and ``bieu_0603N_<year>.xlsx`` (the award statistics),
    ``charts/dan_dau_<year>.png`` (the leaders standardised, the candidates marked) and
    ``bao_cao_tinh_<year>.docx`` (the board's báo cáo of its proposals, the chart in it). Groups that could
    not be loaded are named in the workbook and the báo cáo.

    >>> import tempfile
    >>> from emulation_stats.load.province import load_province
    >>> pack = build_province(load_province("data/sample_province"), tempfile.mkdtemp())
    >>> sorted(p.name for p in pack.files)[:3]
    ['bao_cao_tinh_2025.docx', 'bieu_0602N_2025.xlsx', 'bieu_0603N_2025.xlsx']
    """
    out = Path(out_dir)
    year = year or province.year
    board = board_table(province, year=year)
    pack = ProvincePack(out, year, board)
    forms = [award_statistics(province, year=year, form=form) for form in ("0602", "0603")]
    unknown = _unknown_awards(forms[0])  # the same rows in either form: no column of any form is theirs
    pack.files.append(_workbook(province, board, forms, unknown, out / f"tong_hop_{year}.xlsx"))
    pack.files += [write_statistics_form(stats, out / f"bieu_{stats.form}N_{year}.xlsx") for stats in forms]
    chart = _chart(board, out / "charts" / f"dan_dau_{year}")
    pack.files.append(chart)
    pack.files.append(_report(province, board, out / f"bao_cao_tinh_{year}.docx", chart, forms, unknown))
    return pack


def _chart(board: BoardTable, path: Path) -> Path:
    import matplotlib.pyplot as plt

    from emulation_stats.pack import charts as plot

    ax = plot.standing_bars(board.leaders, candidates=board.candidates["member_code"],
                            pending=board.unsettled["proposed_code"])
    png, _ = plot.save(ax.figure, path)
    plt.close(ax.figure)
    return png


GROUP_COLUMNS = {"name": "Cụm, khối", "kind": "Loại", "members": "Số thành viên",
                 "proposed": "Đơn vị có tổng điểm cao nhất", "total": "Tổng điểm", "maximum": "Thang điểm",
                 "gap_to_second": "Hơn đơn vị thứ hai (điểm)", "votes_for": "Phiếu tán thành đơn vị này",
                 "voters": "Số người bỏ phiếu", "vote_share": "Tỷ lệ phiếu",
                 "voted": "Đơn vị được nhiều phiếu nhất", "voted_for": "Phiếu của đơn vị được nhiều phiếu nhất",
                 "settled": "Phiếu bầu thống nhất với điểm", "checks": "Cần xem lại"}
UNKNOWN_SHEET = "Khen thưởng chưa vào biểu"
WAITING = "Chờ cụm, khối thống nhất lại kết quả bình xét"  # a proposal of a group the board has not settled
FORMATS = {"Tổng điểm": "0.00", "Thang điểm": "0", "Hơn đơn vị thứ hai (điểm)": "0.00", "Tỷ lệ phiếu": "0.0%",
           "Điểm chuẩn hóa bình quân": "0.00"}
KINDS = {"cluster": "Cụm", "khoi": "Khối"}


def _workbook(province: Province, board: BoardTable, forms: list[StatisticsForm], unknown: pd.DataFrame,
              path: Path) -> Path:
    names = dict(zip(board.groups["group"], board.groups["name"]))
    groups = board.groups.assign(kind=board.groups["kind"].map(KINDS),
                                 settled=board.groups["settled"].map({True: "có", False: "không"}))
    groups = groups[list(GROUP_COLUMNS)].rename(columns=GROUP_COLUMNS)
    leaders = _readable_leaders(board.leaders, names)
    candidates = _readable_leaders(board.candidates, names)
    scores = board.scores.drop(columns="group").rename(columns={"name": "Cụm, khối", "rank": "Hạng",
                                                                "member_code": "Mã", "member": "Đơn vị",
                                                                "total": "Tổng điểm", "proposal": "Đề nghị"})
    scores["Đề nghị"] = scores["Đề nghị"].map({"flag": "Cờ thi đua của UBND tỉnh",
                                               "certificate": "Bằng khen của Chủ tịch UBND tỉnh"}).fillna("")
    waiting = board.scores["group"].isin(board.unsettled["group"]).to_numpy()
    scores.loc[waiting & (scores["Đề nghị"] != "").to_numpy(), "Đề nghị"] = WAITING
    rule = board.rule
    about = pd.DataFrame([("Tỉnh", province.name), ("Năm", board.year),
                          ("Số cụm, khối", f"{len(board.groups)} cụm, khối có kết quả"
                           + (f"; {len(province.errors)} chưa đọc được" if len(province.errors) else "")),
                          ("Lưu ý", board.note),
                          ("Cờ thi đua của Chính phủ",
                           f"Tối đa {number(float(rule.get('share_cap', 0.2)) * 100)}% số Cờ thi đua của UBND tỉnh, "
                           f"năm {board.year} là {board.allowed} trong {board.flags} đơn vị đề nghị tặng Cờ thi đua "
                           "của UBND tỉnh"),
                          ("Căn cứ", str(rule.get("legal_basis", "")))]
                         + [("Chưa đọc được", m) for m in province.error_messages()], columns=["label", "value"])
    sheets = {"Giới thiệu": about, "Các cụm, khối": groups, "Điểm các đơn vị": scores,
              "Đơn vị dẫn đầu": leaders, "Đề nghị Cờ Chính phủ": candidates}
    # what each cell of the two forms counts: the board's to check, not the ministry's to receive
    sheets |= {f"Nguồn biểu {stats.form}.N": form_sources(stats) for stats in forms}
    if len(unknown):  # rows no column of either form counts: the board's to correct before it files them
        sheets[UNKNOWN_SHEET] = unknown
    problems = _problems(province)
    if len(problems):  # each group's refused rows and warnings, one by one (the console gives their counts)
        sheets["Dòng bị loại, cảnh báo"] = problems
    return to_xlsx(sheets, path, "vi", number_formats=FORMATS,
                   page_header=ILLUSTRATIVE_MARK if province.illustrative else None,
                   page_footer=f"Tỉnh {province.name} — {board.year}")


def _problems(province: Province) -> pd.DataFrame:
    """Every row a group's load refused or warned about, with its group, place and reason."""
    frames = []
    for group, dataset in province.datasets.items():
        report = dataset.report
        frames += [pd.DataFrame({"Cụm, khối": group, "Loại": "loại", "Dòng": report.rejected["source"],
                                 "Lý do": report.rejected["reason"]}),
                   pd.DataFrame({"Cụm, khối": group, "Loại": "cảnh báo", "Dòng": report.warnings["source"],
                                 "Lý do": report.warnings["message"]})]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True).astype(str) if frames else pd.DataFrame()


def _unknown_awards(form: StatisticsForm) -> pd.DataFrame:
    """The award rows whose award no catalogue knows (a misspelt name), headed for readers."""
    rows = form.unknown
    if not len(rows):
        return pd.DataFrame()
    return pd.DataFrame({"Cụm, khối": rows["group_name"], "Tên khen thưởng như đã ghi": rows["award_name"],
                         "Tập thể / cá nhân": rows["recipient_kind"].map({"collective": "tập thể",
                                                                          "individual": "cá nhân"}).fillna(""),
                         "Số lượng": rows["count"].astype(int), "Dòng (tệp:dòng)": rows["source"]})


def _readable_leaders(leaders: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The leaders with Vietnamese headings: each indicator by its name (turned so that
    higher is better, as the standing counts it)."""
    table = catalog.indicators().table
    columns = {"group": "Cụm, khối", "member": "Đơn vị", "standing": "Điểm chuẩn hóa bình quân"}
    for key in leaders.columns:
        if key in table.index:
            turned = "" if catalog.better_sign(key) > 0 else "; đã đổi dấu: thấp là tốt"
            columns[key] = f"{table.at[key, 'name_vi']} (điểm chuẩn hóa{turned})"
    shown = leaders.assign(group=leaders["group"].map(names)).drop(columns="member_code")
    return shown.rename(columns=columns).round(2)


def _report(province: Province, board: BoardTable, path: Path, chart: Path, forms: list[StatisticsForm],
            unknown: pd.DataFrame) -> Path:
    """The board's báo cáo: its bases and meeting, a general assessment, each group's
    result, then its proposals (the province's flag, Bằng khen, the Government's flag) and
    what it asks of the province. What the data cannot say is left highlighted to fill."""
    names = dict(zip(board.groups["group"], board.groups["name"]))
    board_name = str(province.meta.get("board") or f"Hội đồng Thi đua - Khen thưởng tỉnh {province.name}")
    flags = board.agreed[board.agreed["proposal"] == "flag"]
    certificates = board.agreed[board.agreed["proposal"] == "certificate"]
    sections = [Section("Đánh giá chung", _assessment(province, board, forms, unknown)),
                Section("Kết quả chấm điểm, bình xét của các cụm, khối thi đua", [_results_said(province, board)],
                        [("Kết quả chấm điểm và bỏ phiếu của các cụm, khối", _results_table(board))],
                        closing=_review(board)),
                Section("Đề nghị tặng Cờ thi đua của UBND tỉnh", _flags_said(flags),
                        [("Tập thể đề nghị tặng Cờ thi đua của UBND tỉnh", _proposed_table(flags, board, votes=True))]
                        if len(flags) else [], closing=[_pending(board)]),
                Section("Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh", _certificates_said(certificates),
                        [("Tập thể đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                          _proposed_table(certificates, board))] if len(certificates) else [],
                        closing=[_pending(board)]),
                Section("Đề nghị tặng Cờ thi đua của Chính phủ", _government_said(board),
                        [("Đơn vị đề nghị tặng Cờ thi đua của Chính phủ", _candidates_table(board, names))]
                        if len(board.candidates) else [],
                        [(chart, "Đơn vị dẫn đầu các cụm, khối theo chỉ tiêu chung, chuẩn hóa trong toàn tỉnh")]),
                Section("Kiến nghị", [_asked(board_name, board, flags, certificates)])]
    return write_document(path, issuer=board_name, subject=f"Kết quả bình xét thi đua năm {board.year} của các cụm, "
                          "khối và đề nghị khen thưởng", sections=sections,
                          illustrative=province.illustrative, number=lambda v: number(v),
                          managing=f"UBND tỉnh {province.name}", opening=_opening(province, board, board_name),
                          place=province.name)


def _opening(province: Province, board: BoardTable, board_name: str) -> list[str]:
    """The bases province.yaml lists and the board's meeting (its date and vote), else lines
    to fill; then the sentence that opens the report."""
    bases = [str(b) for b in province.meta.get("bases") or []] or [
        ToFill("Căn cứ …………………… (các văn bản Hội đồng căn cứ);")]
    meeting = province.meta.get("meeting")
    if meeting:
        held = (f"{_date(meeting.get('date'))}, {board_name} đã họp xét kết quả bình xét của các cụm, khối thi đua; "
                f"có {_count(meeting, 'present')}/{_count(meeting, 'members')} thành viên Hội đồng dự họp; "
                f"{_count(meeting, 'in_favour')}/{_count(meeting, 'present')} thành viên dự họp "
                f"({_share(meeting)}) biểu quyết tán thành các đề nghị dưới đây.")
    else:
        held = ToFill(f"Ngày ….. tháng ….. năm ….., {board_name} đã họp xét kết quả bình xét của các cụm, khối thi "
                      "đua; có ……/…… thành viên Hội đồng dự họp; ……/…… thành viên dự họp (……%) biểu quyết tán thành "
                      "các đề nghị dưới đây.")
    return [*bases, held, f"{board_name} báo cáo kết quả bình xét thi đua năm {board.year} của các cụm, khối thi đua "
            "và đề nghị khen thưởng như sau:"]


def _date(value: object) -> str:
    if isinstance(value, datetime.date):  # Nghị định 30: a 0 before days under 10 and the months 1 and 2
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return f"Ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"Ngày {value}" if value not in (None, "") else "Ngày ….. tháng ….. năm ….."


def _share(meeting: dict) -> str:
    present, in_favour = meeting.get("present"), meeting.get("in_favour")
    return f"{number(round(100 * in_favour / present))}%" if present and in_favour is not None else "……%"


def _count(meeting: dict, key: str) -> str:
    value = meeting.get(key)  # checked when the province was loaded
    return "……" if value is None else number(value)


def _assessment(province: Province, board: BoardTable, forms: list[StatisticsForm],
                unknown: pd.DataFrame) -> list[str]:
    """What the tables show of the year (groups, members, ballots, awards), then the board's
    own judgement to write."""
    groups = board.groups
    kinds = groups.groupby("kind")["members"].agg(["size", "sum"])
    parts = [f"{number(int(kinds.at[kind, 'size']))} {word} của {number(int(kinds.at[kind, 'sum']))} {members}"
             for kind, word, members in (("cluster", "cụm", "xã, phường"), ("khoi", "khối", "cơ quan, đơn vị"))
             if kind in kinds.index]
    said = [f"Năm {board.year}, tỉnh {province.name} có {number(len(groups))} cụm, khối thi đua ({'; '.join(parts)}) "
            f"gửi kết quả chấm điểm, bình xét về Hội đồng; {number(int(groups['settled'].sum()))} cụm, khối có kết quả "
            "bỏ phiếu bình xét thống nhất với kết quả chấm điểm."]
    awarded = [_awarded(form) for form in forms]
    if awarded:
        said.append("Trong năm, các đơn vị thành viên được khen thưởng " + "; ".join(awarded)
                    + " (chi tiết tại " + " và ".join(form.code for form in forms) + " kèm theo).")
    if len(unknown):  # never a figure left out unseen: the forms count only the awards they know
        names = list(dict.fromkeys(f"'{n}'" for n in unknown["Tên khen thưởng như đã ghi"]))
        said.append(ToFill(f"Có {number(len(unknown))} dòng khen thưởng ({number(int(unknown['Số lượng'].sum()))} "
                           f"lượt) có tên chưa có trong danh mục ({', '.join(names)}) nên chưa tính vào hai biểu; "
                           f"cần sửa tên và lập lại (trang \"{UNKNOWN_SHEET}\" của bảng tổng hợp)."))
    said.append(ToFill(f"Hội đồng đánh giá chung phong trào thi đua năm {board.year}: những kết quả nổi bật, hạn chế "
                       "và nguyên nhân (Hội đồng bổ sung)."))
    return said


def _awarded(form: StatisticsForm) -> str:
    total = form.table.loc["Tổng số"].apply(pd.to_numeric, errors="coerce").fillna(0)
    by_kind = total.groupby(level=1).sum()
    level = "cấp Nhà nước" if form.form == "0602" else "cấp bộ, ngành, tỉnh"
    return (f"{level} {number(int(by_kind.get('Tập thể', 0)))} lượt tập thể, "
            f"{number(int(by_kind.get('Cá nhân', 0)))} lượt cá nhân")


def _results_said(province: Province, board: BoardTable) -> str:
    said = ("Mỗi cụm, khối chấm theo thang điểm riêng nên tổng điểm dưới đây không so sánh được giữa các cụm, khối.")
    if len(province.errors):
        said += (f" Chưa đọc được kết quả của {len(province.errors)} cụm, khối: "
                 + "; ".join(province.error_messages()))
    return said


def _results_table(board: BoardTable) -> pd.DataFrame:
    """Each group's first by its scores and by its ballot, side by side (one where they agree)."""
    groups = board.groups
    return pd.DataFrame({
        "STT": range(1, len(groups) + 1), "Cụm, khối": groups["name"],
        "Đơn vị có tổng điểm cao nhất": groups["proposed"],
        "Điểm / thang điểm": [f"{number(v, decimals=2)}/{number(m)}" if pd.notna(v) else ""
                              for v, m in zip(groups["total"], groups["maximum"])],
        "Đơn vị được nhiều phiếu nhất": groups["voted"],
        "Số phiếu": [_ballot(v, n) for v, n in zip(groups["voted_for"], groups["voters"])]})


def _review(board: BoardTable) -> list[str]:
    groups, unsettled = board.groups, board.unsettled
    if len(unsettled):
        review = [f"Tại {and_list(list(unsettled['name']))}, đơn vị có tổng điểm cao nhất không phải là đơn vị được "
                  f"nhiều phiếu tán thành nhất. Hội đồng đề nghị {_these(unsettled)} thống nhất lại kết quả bình xét; "
                  f"chưa xét đề nghị khen thưởng của {_these(unsettled)}."]
        review += [f"{row.name}: đơn vị có tổng điểm cao nhất là {place(row.proposed, row.proposed_code)} "
                   f"({number(row.total, decimals=2)}/{number(row.maximum)} điểm, "
                   f"{_votes(row.votes_for, row.voters)}); "
                   f"đơn vị được nhiều phiếu nhất là {place(row.voted, row.voted_code)} "
                   f"({_votes(row.voted_for, row.voters)})." for row in unsettled.itertuples()]
    else:
        review = ["Kết quả bình xét của các cụm, khối thống nhất với kết quả chấm điểm."]
    others = groups[groups["settled"] & (groups["checks"] != "")]
    return review + [f"{row.name}: {row.checks.rstrip('.')}." for row in others.itertuples()]


def _these(groups: pd.DataFrame) -> str:
    """"các cụm, khối này" for several, "cụm này" or "khối này" for one."""
    if len(groups) > 1:
        return "các cụm, khối này"
    return "khối này" if groups["kind"].iloc[0] == "khoi" else "cụm này"


def _ballot(votes: float, voters: float) -> str:
    """"9/16": the votes a member got of those cast; "" where there was no ballot."""
    return f"{number(votes)}/{number(voters)}" if pd.notna(votes) and pd.notna(voters) else ""


def _votes(votes: float, voters: float) -> str:
    ballot = _ballot(votes, voters)
    return f"{ballot} phiếu" if ballot else "chưa có phiếu"


def _pending(board: BoardTable) -> str:
    unsettled = board.unsettled
    if not len(unsettled):
        return ""
    return (f"Đề nghị của {and_list(list(unsettled['name']))} được xét khi {_these(unsettled)} thống nhất lại kết quả "
            "bình xét (mục II).")


def _flags_said(flags: pd.DataFrame) -> list[str]:
    return [f"Hội đồng đề nghị Chủ tịch UBND tỉnh tặng Cờ thi đua của UBND tỉnh cho {number(len(flags))} tập thể "
            "dẫn đầu các cụm, khối thi đua có kết quả bình xét thống nhất:"]


def _certificates_said(certificates: pd.DataFrame) -> list[str]:
    return [f"Hội đồng đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho {number(len(certificates))} tập thể có thành "
            "tích xuất sắc trong phong trào thi đua của các cụm, khối, theo đề nghị của các cụm, khối:"]


def _proposed_table(proposed: pd.DataFrame, board: BoardTable, *, votes: bool = False) -> pd.DataFrame:
    table = pd.DataFrame({"STT": range(1, len(proposed) + 1), "Tập thể": proposed["member"].to_numpy(),
                          "Cụm, khối": proposed["name"].to_numpy(),
                          "Tổng điểm": proposed["total"].map(lambda v: number(v, decimals=2)).to_numpy()})
    if votes:
        ballots = board.groups.set_index("group").loc[proposed["group"]]
        table["Phiếu tán thành"] = [_ballot(v, n) for v, n in zip(ballots["votes_for"], ballots["voters"])]
    return table


def _government_said(board: BoardTable) -> list[str]:
    rule = board.rule
    table = catalog.indicators().table
    names = {k: table.at[k, "name_vi"].lower() for k in board.indicators if k in table.index}
    shared = list(names.values())
    without = board.leaders[board.leaders["standing"].isna()]
    lower = [name for k, name in names.items() if catalog.better_sign(k) < 0]
    turned = f" (với {and_list(lower)}, càng thấp càng tốt, thì tính ngược lại)" if lower else ""
    method = (f"Các cụm, khối chấm theo thang điểm khác nhau nên Hội đồng so sánh các đơn vị dẫn đầu trên các chỉ "
              f"tiêu mọi đơn vị dẫn đầu đều có số liệu ({', '.join(shared)}). Mỗi chỉ tiêu được quy về cùng một "
              "thang so với mức chung của tất cả các xã, phường trong tỉnh: 0 là bằng mức trung bình, 1 là tốt hơn "
              f"mức trung bình một độ lệch chuẩn{turned}; điểm chuẩn hóa của đơn vị là bình quân các chỉ tiêu.") \
        if shared else ""
    if len(without):
        method += (" " + and_list(list(without["member"])) + " (khối cơ quan) không có số liệu các chỉ tiêu này nên "
                   "không xếp theo chỉ tiêu.")
    basis = rule.get("legal_basis") or "……………… (căn cứ pháp lý của tỷ lệ)"
    flag = (f"Theo {basis}, số đơn vị đề nghị tặng Cờ thi đua của Chính phủ "
            f"không quá {number(float(rule.get('share_cap', 0.2)) * 100)}% số đơn vị được tặng Cờ thi đua của UBND "
            "tỉnh: "
            f"năm {board.year} là {board.allowed} trong {board.flags} đơn vị được đề nghị tặng Cờ thi đua của "
            "UBND tỉnh (mục III). "
            + (f"Hội đồng đề nghị {len(board.candidates)} đơn vị có điểm chuẩn hóa cao nhất trong các cụm, khối có "
               "kết quả bình xét thống nhất" if board.allowed else "Vì vậy năm nay Hội đồng không đề nghị đơn vị nào")
            + ("; đơn vị dẫn đầu các cụm, khối chưa thống nhất được xét sau (mục II)."
               if len(board.unsettled) else "."))
    # without the rule's legal basis in province.yaml, the line is the signer's to complete
    return [method, flag if rule.get("legal_basis") else ToFill(flag)]


def _candidates_table(board: BoardTable, names: dict[str, str]) -> pd.DataFrame:
    candidates = board.candidates
    return pd.DataFrame({"STT": range(1, len(candidates) + 1), "Đơn vị": candidates["member"],
                         "Cụm, khối": candidates["group"].map(names),
                         "Điểm chuẩn hóa": candidates["standing"].map(lambda v: number(v, decimals=2))})


def _asked(board_name: str, board: BoardTable, flags: pd.DataFrame, certificates: pd.DataFrame) -> str:
    asked = [f"tặng Cờ thi đua của UBND tỉnh cho {number(len(flags))} tập thể (mục III)"] if len(flags) else []
    if len(certificates):
        asked.append(f"tặng Bằng khen của Chủ tịch UBND tỉnh cho {number(len(certificates))} tập thể (mục IV)")
    text = f"{board_name} kính trình Chủ tịch UBND tỉnh "
    text += ("xem xét, quyết định " + "; ".join(asked)) if asked else "xem xét"
    if len(board.candidates):
        named = [place(m, c) for m, c in zip(board.candidates["member"], board.candidates["member_code"])]
        text += f"; và trình Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ cho {and_list(named)} (mục V)"
    return text + "./."
