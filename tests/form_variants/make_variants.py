"""Write the corpus of award lists and report forms as offices plausibly send them.

Each file is one variant of a layout seen in district offices (headings worded otherwise,
sections by kind or by authority, decision number and date in one column or two, several
decision sheets, merged headers, totals rows, notes, spacer rows, units of another scale,
cluster summaries with members down). ``expected.yaml`` beside this script says what each
must give, written from the figures below, not from what the loader returns:

    .venv/bin/python tests/form_variants/make_variants.py OUT_DIR

Files go into OUT_DIR/awards/ and OUT_DIR/indicators/. Written with openpyxl directly,
not with the package's own form writers, so the reader is not tested against itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import openpyxl

Row = list[object]
TITLE = ["UBND HUYỆN KBANG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
MOTTO = [None, None, None, "Độc lập - Tự do - Hạnh phúc"]
FOOTER = [[None, "Người lập biểu", None, "KT. CHỦ TỊCH"], [None, "(Ký, ghi rõ họ tên)"], [],
          [None, "Nguyễn Thị Lập", None, "Trần Văn Ký"]]

# The recipients of Kbang's 2017 decisions (made-up names; real award forms).
COLLECTIVES = [("Phòng Tài chính - Kế hoạch", "Giấy khen", "123/QĐ-UBND", "20/12/2017"),
               ("UBND xã Đak Smar", "Bằng khen của Chủ tịch UBND tỉnh", "830/QĐ-UBND", "28/12/2017"),
               ("Trường THCS Lê Lợi", "Tập thể lao động tiên tiến", "124/QĐ-UBND", "20/12/2017")]
INDIVIDUALS = [("Ông Nguyễn Văn An", "Trưởng phòng Nội vụ", "Giấy khen", "123/QĐ-UBND", "20/12/2017"),
               ("Bà Trần Thị Bình", "Chủ tịch UBND xã Sơn Lang", "Bằng khen của Chủ tịch UBND tỉnh", "830/QĐ-UBND",
                "28/12/2017"),
               ("Ông Lê Văn Cường", "Công an huyện", "Chiến sĩ thi đua cơ sở", "125/QĐ-UBND", "20/12/2017"),
               ("Bà Phạm Thị Dung", "Giáo viên Trường TH Kim Đồng", "Lao động tiên tiến", "125/QĐ-UBND",
                "20/12/2017"),
               ("Ông Đinh Văn Em", "Cán bộ Văn phòng HĐND-UBND", "Giấy khen", "123/QĐ-UBND", "20/12/2017")]


def save(path: Path, sheets: dict[str, tuple[list[Row], list[str]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (rows, merges) in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for span in merges:
            sheet.merge_cells(span)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def one(path: Path, rows: list[Row], merges: list[str] = (), sheet: str = "Danh sách") -> None:
    save(path, {sheet: (rows, list(merges))})


# --- decision lists -------------------------------------------------------------------

def list_rows(*, heading: str = "Tên tập thể, họ và tên cá nhân", number: bool = True, sections: str = "cells",
              decision: str = "two", total: str | None = "Tổng cộng: 08", notes: bool = False,
              spacer: bool = False, title: str = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM 2017",
              collectives=COLLECTIVES, individuals=INDIVIDUALS,
              merged_header: bool = False) -> tuple[list[Row], list[str]]:
    """A decision list; ``sections``: cells ("A" | "TẬP THỂ"), joined ("A. TẬP THỂ"), words
    ("I. KHEN THƯỞNG TẬP THỂ") or none."""
    head: Row = (["TT"] if number else []) + [heading, "Chức vụ, đơn vị", "Hình thức khen thưởng"]
    if decision == "two" and not merged_header:
        head += ["Số quyết định", "Ngày quyết định"]
    elif decision == "one":
        head += ["Số, ngày quyết định"]
    else:
        head += ["Quyết định", None]
    if notes:
        head += ["Ghi chú"]
    rows: list[Row] = [TITLE, MOTTO, [], [title], []]
    merges: list[str] = []
    rows.append(head)
    if merged_header:
        width = len(head)
        first = len(rows)
        under = [None] * (len(head) - (3 if notes else 2)) + ["Số", "Ngày"] + ([None] if notes else [])
        rows.append(under)
        letters = "ABCDEFGH"
        for j in range(width):
            if head[j] == "Quyết định":
                merges.append(f"{letters[j]}{first}:{letters[j + 1]}{first}")
            elif head[j] is not None:
                merges.append(f"{letters[j]}{first}:{letters[j]}{first + 1}")

    def section(letter: str, words: str) -> Row:
        if sections == "cells":
            return ([letter] if number else []) + [words]
        if sections == "joined":
            return ([None] if number else []) + [f"{letter}. {words}"]
        return ([letter] if number else []) + [f"KHEN THƯỞNG {words}"]

    def item(n: int, name: str, position: str, award: str, qd: str, date: str, note: str = "") -> Row:
        out: Row = ([n] if number else []) + [name, position, award]
        out += [f"{qd} ngày {date}"] if decision == "one" else [qd, date]
        return out + ([note] if notes else [])

    if sections != "none" and collectives:
        rows.append(section("A" if sections != "words" else "I", "TẬP THỂ"))
    for n, (name, award, qd, date) in enumerate(collectives, 1):
        rows.append(item(n, name, "huyện Kbang", award, qd, date))
        if spacer and n == 1:
            rows.append([])
    if sections != "none" and individuals:
        rows.append(section("B" if sections != "words" else "II", "CÁ NHÂN"))
    for n, (name, position, award, qd, date) in enumerate(individuals, 1):
        note = "Truy tặng" if notes and n == 5 else ""
        rows.append(item(n, name, position, award, qd, date, note))
    if total:
        rows.append(([None] if number else []) + [total])
    rows += [[]] + FOOTER
    return rows, merges


def decision_lists(out: Path) -> None:
    folder = out / "awards"
    for name, heading in (("heading_ten_tap_the_ho_ten.xlsx", "Tên tập thể, họ và tên cá nhân"),
                          ("heading_ten_tap_the_ca_nhan.xlsx", "Tên tập thể, cá nhân"),
                          ("heading_ho_va_ten.xlsx", "Họ và tên"),
                          ("heading_ten_don_vi_ca_nhan.xlsx", "Tên đơn vị, cá nhân"),
                          ("heading_doi_tuong_khen_thuong.xlsx", "Đối tượng khen thưởng"),
                          ("heading_ho_ten_ten_tap_the.xlsx", "Họ tên cá nhân/Tên tập thể")):
        one(folder / name, *list_rows(heading=heading))
    one(folder / "without_tt.xlsx", *list_rows(number=False))
    one(folder / "sections_joined.xlsx", *list_rows(sections="joined"))
    one(folder / "sections_words.xlsx", *list_rows(sections="words"))
    one(folder / "decision_in_one_column.xlsx", *list_rows(decision="one"))
    one(folder / "decision_merged_header.xlsx", *list_rows(merged_header=True))
    one(folder / "total_cong.xlsx", *list_rows(total="Cộng: 08"))
    one(folder / "total_tong_so_by_kind.xlsx", *list_rows(total="Tổng số: 03 tập thể, 05 cá nhân"))
    one(folder / "total_wrong.xlsx", *list_rows(total="Tổng cộng: 09"))
    one(folder / "no_total_row.xlsx", *list_rows(total=None))
    one(folder / "notes_truy_tang.xlsx", *list_rows(notes=True))
    one(folder / "spacer_rows.xlsx", *list_rows(spacer=True))
    # No sections: the names and the title say who is who.
    one(folder / "no_sections_names_tell.xlsx", *list_rows(sections="none"))
    one(folder / "individuals_by_title.xlsx",
        *list_rows(sections="none", heading="Họ và tên", collectives=[], total=None,
                   title="DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN NĂM 2017",
                   individuals=[(n.split(" ", 1)[1], p, a, q, d) for n, p, a, q, d in INDIVIDUALS]))
    one(folder / "collectives_by_heading.xlsx",
        *list_rows(sections="none", heading="Tên tập thể", individuals=[], total=None,
                   collectives=[("Hợp tác xã Nông nghiệp Kon Pne", "Giấy khen", "123/QĐ-UBND", "20/12/2017"),
                                ("Chi hội Nông dân làng Lợk", "Giấy khen", "123/QĐ-UBND", "20/12/2017")]))
    unknown = [(n.split(" ", 1)[1], p, "Bằng khen của Chủ tịch UBND tỉnh", q, d) for n, p, _, q, d in INDIVIDUALS]
    one(folder / "kind_cannot_be_told.xlsx",
        *list_rows(sections="none", heading="Tên tập thể, cá nhân", collectives=[], individuals=unknown, total=None,
                   title="DANH SÁCH KHEN THƯỞNG NĂM 2017"))
    # The second file: "Ông/Bà", one column for number and date, no sections.
    rows = [TITLE, MOTTO, [], ["DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN NĂM 2017"], [],
            ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng", "Số, ngày quyết định"]]
    rows += [[n, name, position, "Bằng khen của Chủ tịch UBND tỉnh", "830/QĐ-UBND ngày 28/12/2017"]
             for n, (name, position, *_) in enumerate(INDIVIDUALS, 1)]
    one(folder / "bang_khen_ong_ba.xlsx", rows + [[]] + FOOTER)
    # Titled by its decision, no year elsewhere and no decision column; the issuer in the title too.
    rows = [TITLE, MOTTO, [],
            ["DANH SÁCH KHEN THƯỞNG THEO QUYẾT ĐỊNH SỐ 830/QĐ-UBND NGÀY 28/12/2017 CỦA CHỦ TỊCH UBND TỈNH"], [],
            ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng"]]
    rows += [[n, name, position, "Bằng khen"] for n, (name, position, *_) in enumerate(INDIVIDUALS, 1)]
    one(folder / "titled_by_decision.xlsx", rows + [[]] + FOOTER)
    # Several decisions, one sheet each.
    sheets = {}
    for qd in ("123/QĐ-UBND", "830/QĐ-UBND"):
        rows, merges = list_rows(total=None,
                                 collectives=[c for c in COLLECTIVES if c[2] == qd],
                                 individuals=[i for i in INDIVIDUALS if i[3] == qd])
        sheets[f"QĐ {qd.split('/')[0]}"] = (rows, merges)
    save(folder / "two_decision_sheets.xlsx", sheets)
    # A list grouped by conferring authority, the kind told by the names.
    rows = [TITLE, MOTTO, [], ["DANH SÁCH KHEN THƯỞNG NĂM 2017"], [],
            ["TT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức khen thưởng", "Số quyết định"],
            ["I", "Chủ tịch UBND tỉnh tặng"],
            [1, "UBND xã Đak Smar", "huyện Kbang", "Bằng khen", "830/QĐ-UBND"],
            [2, "Bà Trần Thị Bình", "Chủ tịch UBND xã Sơn Lang", "Bằng khen", "830/QĐ-UBND"],
            ["II", "Thủ tướng Chính phủ tặng"],
            [1, "Ông Nguyễn Văn An", "Trưởng phòng Nội vụ", "Bằng khen", "1520/QĐ-TTg"],
            [None, "Tổng cộng: 03"]]
    one(folder / "list_sections_by_authority.xlsx", rows + [[]] + FOOTER)


# --- award summaries -------------------------------------------------------------------

def summary_rows(*, two_row: bool = True, total_column: bool = True, sections: str = "suffix",
                 row_total_wrong: bool = False, final: str = "Cộng", final_wrong: bool = False,
                 household: bool = False, spacer: bool = False) -> tuple[list[Row], list[str]]:
    """Bằng khen 4 + 8 and a flag from the province, Bằng khen 1 + 2 from the Prime Minister."""
    province = "Chủ tịch UBND tỉnh tặng" if sections == "suffix" else "Khen thưởng của Chủ tịch UBND tỉnh"
    government = "Thủ tướng Chính phủ tặng" if sections == "suffix" else "Khen thưởng của Thủ tướng Chính phủ"
    kinds = ["Tập thể", "Cá nhân"] + (["Hộ gia đình"] if household else [])
    lines = [("I", province, None), (1, "Bằng khen", [4, 8] + ([1] if household else [])),
             (2, "Cờ thi đua", [1, None] + ([None] if household else [])),
             ("II", government, None), (1, "Bằng khen", [1, 2] + ([0] if household else []))]
    rows: list[Row] = [TITLE, MOTTO, [], ["BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], []]
    merges: list[str] = []
    if two_row:
        first = len(rows) + 1
        rows.append(["TT", "Hình thức khen thưởng", "Số lượng"] + [None] * (len(kinds) - (0 if total_column else 1))
                    + ["Ghi chú"])
        rows.append([None, None] + (["Tổng số"] if total_column else []) + kinds)
        last_count = 2 + len(kinds) + (1 if total_column else 0)
        letters = "ABCDEFGH"
        merges += [f"A{first}:A{first + 1}", f"B{first}:B{first + 1}",
                   f"C{first}:{letters[last_count - 1]}{first}",
                   f"{letters[last_count]}{first}:{letters[last_count]}{first + 1}"]
    else:
        rows.append(["TT", "Hình thức khen thưởng"] + (["Tổng số"] if total_column else []) + kinds + ["Ghi chú"])
    for n, name, counts in lines:
        if counts is None:
            rows.append([n, name])
            continue
        written_total = sum(c or 0 for c in counts) + (1 if row_total_wrong and name == "Cờ thi đua" else 0)
        rows.append([n, name] + ([written_total] if total_column else []) + counts)
        if spacer:
            rows.append([])
    sums = [sum((c[k] or 0) for _, _, c in lines if c) for k in range(len(kinds))]
    if final_wrong:
        sums[0] += 2
    rows.append([None, final] + ([sum(sums)] if total_column else []) + sums)
    return rows + [[]] + FOOTER, merges


def summaries(out: Path) -> None:
    folder = out / "awards"
    one(folder / "summary_authority_sections.xlsx", *summary_rows(), sheet="Tổng hợp")
    one(folder / "summary_sections_khen_thuong_cua.xlsx", *summary_rows(sections="prefix"), sheet="Tổng hợp")
    one(folder / "summary_one_row_header.xlsx", *summary_rows(two_row=False), sheet="Tổng hợp")
    one(folder / "summary_without_total_column.xlsx", *summary_rows(total_column=False), sheet="Tổng hợp")
    one(folder / "summary_row_total_wrong.xlsx", *summary_rows(row_total_wrong=True), sheet="Tổng hợp")
    one(folder / "summary_final_tong_cong_wrong.xlsx", *summary_rows(final="Tổng cộng", final_wrong=True),
        sheet="Tổng hợp")
    one(folder / "summary_households.xlsx", *summary_rows(household=True), sheet="Tổng hợp")
    one(folder / "summary_spacer_rows.xlsx", *summary_rows(spacer=True), sheet="Tổng hợp")
    # A ward's summary: its own section after the province's; then a section of an issuer no list
    # knows, whose rows must not inherit the section above.
    rows = [TITLE, MOTTO, [], ["BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], [],
            ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
            ["I", "Khen thưởng của Chủ tịch UBND tỉnh"], [1, "Bằng khen", 2, 3],
            ["II", "Khen thưởng của Chủ tịch UBND phường"], [1, "Giấy khen", 4, 9], [2, "Lao động tiên tiến", None, 40],
            [None, "Cộng", 6, 52]]
    one(folder / "summary_commune_section.xlsx", rows + [[]] + FOOTER, sheet="Tổng hợp")
    rows = [TITLE, MOTTO, [], ["BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], [],
            ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
            ["I", "Khen thưởng của Chủ tịch UBND tỉnh"], [1, "Bằng khen", 2, 3],
            ["II", "Khen thưởng của Ban Chỉ huy Quân sự"], [1, "Giấy khen", 1, 4],
            [None, "Cộng", 3, 7]]
    one(folder / "summary_unknown_issuer_section.xlsx", rows + [[]] + FOOTER, sheet="Tổng hợp")
    rows = [TITLE, MOTTO, [], ["BÁO CÁO TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], [],
            ["TT", "Hình thức khen thưởng", "Cấp khen", "Tập thể", "Cá nhân"],
            [1, "Bằng khen", "Chủ tịch UBND tỉnh", 4, 8], [2, "Cờ thi đua", "UBND tỉnh", 1, None],
            [3, "Bằng khen", "Thủ tướng Chính phủ", 1, 2], [None, "Tổng cộng", None, 6, 10]]
    one(folder / "summary_authority_column.xlsx", rows + [[]] + FOOTER, sheet="Tổng hợp")


# --- indicator forms --------------------------------------------------------------------

def form_rows(lines: list[tuple[str, str, object, object]], title: str = "UBND HUYỆN KBANG") -> list[Row]:
    rows: list[Row] = [[title, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], MOTTO, [],
                       ["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2017"], [],
                       ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện 2016", "Thực hiện 2017"]]
    rows += [[n, name, unit, before, now] for n, (name, unit, before, now) in enumerate(lines, 1)]
    return rows + [[]] + FOOTER


def unit_forms(out: Path) -> None:
    folder = out / "indicators"
    one(folder / "revenue_in_trieu_dong.xlsx",
        form_rows([("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 60000, "66.875,5")]), sheet="Biểu 01")
    one(folder / "revenue_in_nghin_dong.xlsx",
        form_rows([("Thu ngân sách nhà nước trên địa bàn", "nghìn đồng", 60000000, 66875500)]), sheet="Biểu 01")
    one(folder / "population_in_nghin_nguoi.xlsx",
        form_rows([("Dân số trung bình", "Nghìn người", 65.3, "66,1")]), sheet="Biểu 01")
    one(folder / "income_tr_d_per_person_year.xlsx",
        form_rows([("Thu nhập bình quân đầu người", "Tr.đ/người/năm", 30, 33.5)]), sheet="Biểu 01")
    one(folder / "income_nghin_dong.xlsx",
        form_rows([("Thu nhập bình quân đầu người", "nghìn đồng", 30000, 33500)]), sheet="Biểu 01")
    one(folder / "unit_spelled_otherwise.xlsx",
        form_rows([("Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", 60, 66.9),
                   ("Số vụ phạm pháp hình sự", "Vụ", 50, 57)]), sheet="Biểu 01")
    one(folder / "unit_incompatible.xlsx",
        form_rows([("Thu ngân sách nhà nước trên địa bàn", "vụ", 60, 66),
                   ("Số vụ phạm pháp hình sự", "vụ", 50, 57)]), sheet="Biểu 01")
    one(folder / "food_in_ta.xlsx",
        form_rows([("Tổng sản lượng lương thực có hạt", "tạ", 451200, 470000)]), sheet="Biểu 01")


def matrix_forms(out: Path) -> None:
    folder = out / "indicators"
    title = [["CỤM THI ĐUA SỐ 2 - TỈNH GIA LAI"], [], ["TỔNG HỢP CHỈ TIÊU CỦA CÁC HUYỆN NĂM 2017"], []]
    members = [("Huyện Kbang", 40, 41.25, 50, 57), ("TX An Khê", 60, 66.8, 30, 28), ("Huyện Đak Đoa", 45, 47, 54, 70)]

    def matrix(super_header: bool = False, member_heading: str = "Đơn vị", total: bool = True,
               extra: list[tuple] = ()) -> tuple[list[Row], list[str]]:
        rows = [list(r) for r in title]
        start = len(rows) + 1
        merges = []
        if super_header:
            rows.append(["TT", member_heading, "Chỉ tiêu", None, None, None])
            merges.append(f"C{start}:F{start}")
            start += 1
            merges += [f"A{start - 1}:A{start + 1}", f"B{start - 1}:B{start + 1}"]
        else:
            merges += [f"A{start}:A{start + 1}", f"B{start}:B{start + 1}"]
        rows.append([None if super_header else "TT", None if super_header else member_heading,
                     "Thu ngân sách (tỷ đồng)", None, "Số vụ phạm pháp hình sự (vụ)", None])
        rows.append([None, None, "KH 2017", "TH 2017", "TH 2016", "TH 2017"])
        merges += [f"C{start}:D{start}", f"E{start}:F{start}"]
        for n, row in enumerate([*members, *extra], 1):
            rows.append([n, *row])
        if total:
            rows.append([None, "Toàn cụm", 145, 155.05, 134, 155])
        return rows + [[]] + FOOTER, merges

    one(folder / "cluster_members_down.xlsx", *matrix(), sheet="Tổng hợp")
    one(folder / "cluster_members_down_chi_tieu_over.xlsx", *matrix(super_header=True), sheet="Tổng hợp")
    one(folder / "cluster_members_down_huyen_thi_xa.xlsx", *matrix(member_heading="Huyện, thị xã", total=False),
        sheet="Tổng hợp")
    one(folder / "cluster_members_down_unknown_member.xlsx",
        *matrix(extra=[("Huyện Atlantis", 10, 11, 5, 6)]), sheet="Tổng hợp")
    rows = [["CỤM THI ĐUA SỐ 2 - TỈNH GIA LAI"], ["TỔNG HỢP KẾT QUẢ NĂM 2017"], [],
            ["STT", "Tên đơn vị", "Dân số trung bình (người)", "Tỷ lệ hộ nghèo (%)"],
            [1, "Kbang", 65300, 12.5], [2, "An Khê", 80100, 4.2], [None, "Cộng", 145400, None]]
    one(folder / "cluster_members_down_one_header_row.xlsx", rows + [[]] + FOOTER, sheet="Tổng hợp")


WRITERS: list[Callable[[Path], None]] = [decision_lists, summaries, unit_forms, matrix_forms]


def make(out: Path) -> list[Path]:
    for write in WRITERS:
        write(out)
    return sorted(p for p in out.rglob("*.xlsx"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(f"{len(make(args.out))} files in {args.out}")
