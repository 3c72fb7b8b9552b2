"""Write workbooks in the official shapes offices send (biểu mẫu báo cáo): the shared layout
and cell styles, indicator forms and the cluster's summary sheet (award forms are in
``award_templates.py``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.text import format_number
from emulation_stats.units.lists import strip_type_word

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
GROUPS = {"economy": "KINH TẾ", "social": "VĂN HÓA - XÃ HỘI", "environment": "TÀI NGUYÊN - MÔI TRƯỜNG",
          "security": "QUỐC PHÒNG - AN NINH", "other": "CHỈ TIÊU KHÁC"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


@dataclass
class FormLayout:
    """How one office lays out its indicator form. The defaults are the common form."""

    year_style: str = "merged"  # merged | th | words | bare | nam
    number_column: bool = True
    numbering_row: bool = True
    prior_year: bool = True  # "Thực hiện năm Y-1"
    next_plan: bool = False  # "Kế hoạch năm Y+1"
    comparison: bool = True  # "So sánh (%)": derived, to be ignored
    estimate: bool = False  # the year's actual written as "Ước thực hiện"
    spacer_column: bool = False
    spacer_rows: bool = False
    totals_row: bool = False
    text_numbers: bool = False  # figures as Vietnamese text ("1.234,5")
    nfd: bool = False  # all text decomposed (NFD), as some old software writes it
    district_in: str = "title"  # title | sheet | file | none
    sheet_name: str = "Biểu 01"
    note: str = ""  # a line under the title (e.g. that the figures are illustrative)
    blank: bool = False  # a form to hand out: figure cells validated as numbers, the rest locked


def _save(book: openpyxl.Workbook, path: Path) -> None:
    """Save with every text cell stored as text: a name that begins with = + - @ must not
    become a formula when the office opens the form; and printed one page wide on A4."""
    for sheet in book.worksheets:
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if sheet.max_column > 6 else "portrait"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)


def _text(value: object, layout: FormLayout) -> object:
    if isinstance(value, str) and layout.nfd:
        return unicodedata.normalize("NFD", value)
    return value


def _indicator_facts(key: str, units: dict[str, str] | None = None) -> tuple[str, str, str]:
    """Name, unit and group of an indicator given by catalogue key or by any of its names;
    one outside the catalogue keeps its name and the unit ``units`` gives it."""
    found = key if key in catalog.indicators() else catalog.indicators().match(key)
    if found:
        row = catalog.indicators()[found]
        return row["name_vi"], row["unit"], row["category"]
    if _looks_like_key(key):
        raise DataError("template_unknown_indicator", key=key)
    return key, (units or {}).get(key, ""), "other"


def _looks_like_key(text: str) -> bool:
    """"certificate_district", "province_chair": a key nobody should read on a form."""
    return bool(re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", str(text)))


def _protect(sheet, inputs: list[tuple[int, int]], kind: str) -> None:
    """A form handed out: only the figure cells can be typed in, and they take numbers only
    (Excel's data validation, with the message in Vietnamese); the rest is locked."""
    validation = DataValidation(type=kind, operator="between", formula1="-1000000000000", formula2="1000000000000",
                                allow_blank=True, showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                                error="Ô này chỉ nhận số" + (" nguyên" if kind == "whole" else "")
                                      + " (ví dụ 1234,5); để trống nếu không có số liệu.")
    if kind == "whole":
        validation.formula1 = "0"
    sheet.add_data_validation(validation)
    for row, column in inputs:
        cell = sheet.cell(row, column)
        cell.protection, cell.border = Protection(locked=False), _BOX
        validation.add(cell)
    sheet.protection.sheet = True  # no password: a guard against slips, not a lock


def _figure_columns(year: int, layout: FormLayout) -> list[tuple[str, str, int, str]]:
    """(top label, lower label, year, measure or "derived") for each figure column."""
    style = layout.year_style
    actual = "Ước thực hiện" if layout.estimate else "Thực hiện"
    short = "Ước TH" if layout.estimate else "TH"
    columns: list[tuple[str, str, int, str]] = []
    if style == "merged":
        if layout.prior_year:
            columns.append((f"Thực hiện năm {year - 1}", "", year - 1, "actual"))
        columns += [(f"Năm {year}", "Kế hoạch", year, "plan"), (f"Năm {year}", actual, year, "actual")]
        if layout.comparison:
            columns += [("So sánh (%)", "TH/KH", year, "derived"),
                        ("So sánh (%)", f"{year}/{year - 1}", year, "derived")]
        if layout.next_plan:
            columns.append((f"Kế hoạch năm {year + 1}", "", year + 1, "plan"))
        return columns
    labels = {"th": (f"TH {year - 1}", f"KH {year}", f"{short} {year}", "TH/KH (%)", f"KH {year + 1}"),
              "words": (f"Thực hiện {year - 1}", f"Kế hoạch {year}", f"{actual} {year}",
                        f"So sánh {year}/{year - 1} (%)", f"Kế hoạch {year + 1}"),
              "bare": (f"{year - 1}", None, f"{year}", "Tăng (+), giảm (-)", None),
              "nam": (f"Năm {year - 1}", None, f"Năm {year}", "Tăng, giảm (%)", None)}[style]
    prior, plan, current, compare, upcoming = labels
    if layout.prior_year:
        columns.append((prior, "", year - 1, "actual"))
    if plan:
        columns.append((plan, "", year, "plan"))
    columns.append((current, "", year, "actual"))
    if layout.comparison:
        columns.append((compare, "", year, "derived"))
    if layout.next_plan and upcoming:
        columns.append((upcoming, "", year + 1, "plan"))
    return columns


def _title_block(sheet, unit_line: str, title: str, subtitle: str, place_date: str, width: int,
                 layout: FormLayout) -> int:
    """The lines above the table; returns the next free row."""
    half = max(width // 2, 2)
    sheet.cell(1, 1, _text(unit_line, layout)).font = _BOLD
    sheet.cell(1, half + 1, _text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", layout)).font = _BOLD
    sheet.cell(2, half + 1, _text("Độc lập - Tự do - Hạnh phúc", layout)).font = _BOLD
    sheet.cell(3, half + 1, _text(place_date, layout)).font = Font(italic=True)
    for row in (1, 2, 3):  # the national motto block fits its merged cells, however narrow
        sheet.cell(row, half + 1).alignment = Alignment(horizontal="center", shrink_to_fit=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=half)
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=half + 1, end_row=row, end_column=width)
    sheet.cell(5, 1, _text(title, layout)).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=width)
    sheet.cell(5, 1).alignment = _CENTER
    row = 6
    for line in (subtitle, layout.note):
        if line:
            sheet.cell(row, 1, _text(line, layout)).font = Font(italic=True)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            sheet.cell(row, 1).alignment = _CENTER
            row += 1
    return row + 1


def _footer(sheet, row: int, width: int, left: str, right: tuple[str, str], names: tuple[str, str],
            layout: FormLayout) -> None:
    right_col = max(width - 2, 3)
    sheet.cell(row, 2, _text(left, layout)).font = _BOLD
    sheet.cell(row, right_col, _text(right[0], layout)).font = _BOLD
    sheet.cell(row + 1, right_col, _text(right[1], layout)).font = _BOLD
    sheet.cell(row + 2, 2, _text("(Ký, ghi rõ họ tên)", layout)).font = Font(italic=True)
    sheet.cell(row + 5, 2, _text(names[0], layout)).font = _BOLD
    sheet.cell(row + 5, right_col, _text(names[1], layout)).font = _BOLD


def _value(value: float | str, layout: FormLayout) -> object:
    if isinstance(value, str):  # a filled form may hold words where a figure should be
        return value
    if pd.isna(value):
        return None
    if layout.text_numbers:
        return format_number(float(value))
    return int(value) if float(value).is_integer() else float(value)


def write_indicator_form(path: str | Path, *, district: str, year: int, figures: pd.DataFrame,
                         layout: FormLayout | None = None, signer: str = "", preparer: str = "") -> Path:
    """Write one district's indicator report for ``year`` in the official form.

    ``district`` is written as the unit would ("huyện Kbang", "thị xã An Khê");
    ``figures`` holds ``indicator`` (catalogue key or any of its names), ``measure``,
    ``year``, ``value`` and, for an indicator outside the catalogue, ``unit``. Derived
    columns (comparisons, totals) are computed as an office would. The signature block
    names nobody unless ``signer`` and ``preparer`` are given. ``layout.blank`` makes a
    form to hand out: figure cells take numbers only, the rest is locked.
    """
    layout = layout or FormLayout()
    path = Path(path)
    columns = _figure_columns(year, layout)
    values = figures.drop_duplicates(["indicator", "year", "measure"]).set_index(
        ["indicator", "year", "measure"])["value"].to_dict()
    first = 4 if layout.number_column else 3  # first figure column (1-based): after TT, Chỉ tiêu, ĐVT
    first += 1 if layout.spacer_column else 0
    width = first + len(columns) - 1
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = layout.sheet_name if layout.district_in != "sheet" else strip_type_word(district).title()
    body, signs, place = _issuer(district)
    unit_line = body if layout.district_in == "title" else "ỦY BAN NHÂN DÂN"
    subtitle = (f"(Kèm theo Báo cáo số      /BC-{signs} ngày   tháng 12 năm {year} của {_of(district)})"
                if layout.district_in == "title" else "")
    place = place if layout.district_in == "title" else "..........."
    date = "ngày ..... tháng ..... năm" if layout.blank else "ngày 15 tháng 12 năm"
    row = _title_block(sheet, unit_line, f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM {year}",
                       subtitle, f"{place}, {date} {year}", width, layout)
    row = _indicator_header(sheet, row, columns, first, layout)
    units = dict(zip(figures["indicator"], figures["unit"])) if "unit" in figures else {}
    row, totals = _indicator_body(sheet, row, values, columns, first, layout, units)
    if layout.totals_row:
        sheet.cell(row, 2, _text("Tổng cộng", layout)).font = _BOLD
        for j, total in totals.items():
            sheet.cell(row, first + j, _value(total, layout))
        row += 1
    _footer(sheet, row + 1, width, "Người lập biểu", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), (preparer, signer), layout)
    _widths(sheet, first, len(columns), layout)
    if layout.district_in == "file":
        path = path.with_name(f"{path.stem}_{_ascii(district.split(' ', 1)[-1])}{path.suffix}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(book, path)
    return path


def _indicator_header(sheet, row: int, columns: list[tuple[str, str, int, str]], first: int,
                      layout: FormLayout) -> int:
    two_rows = any(lower for _, lower, _, _ in columns)
    fixed = (["TT"] if layout.number_column else []) + ["Chỉ tiêu", "ĐVT"]
    bottom = row + (1 if two_rows else 0)
    for j, label in enumerate(fixed, start=1):
        sheet.cell(row, j, _text(label, layout))
        if two_rows:
            sheet.merge_cells(start_row=row, start_column=j, end_row=bottom, end_column=j)
    j = 0
    while j < len(columns):
        top, lower, _, _ = columns[j]
        span = 1
        while j + span < len(columns) and columns[j + span][0] == top and lower:
            span += 1
        col = first + j
        sheet.cell(row, col, _text(top, layout))
        if two_rows and lower:
            for k in range(span):
                sheet.cell(bottom, col + k, _text(columns[j + k][1], layout))
            if span > 1:
                sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        elif two_rows:
            sheet.merge_cells(start_row=row, start_column=col, end_row=bottom, end_column=col)
        j += span
    for r in range(row, bottom + 1):
        for c in range(1, first + len(columns)):
            cell = sheet.cell(r, c)
            cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX
    row = bottom + 1
    if layout.numbering_row:
        labels = (["A"] if layout.number_column else []) + ["B", "C"]
        for c, label in enumerate(labels, start=1):
            sheet.cell(row, c, label).alignment = _CENTER
        for k in range(len(columns)):
            sheet.cell(row, first + k, f"({k + 1})").alignment = _CENTER
        row += 1
    return row


def _indicator_body(sheet, row: int, values: dict, columns: list[tuple[str, str, int, str]],
                    first: int, layout: FormLayout, units: dict[str, str] | None = None
                    ) -> tuple[int, dict[int, float]]:
    keys = list(dict.fromkeys(k[0] for k in values))
    by_group: dict[str, list[str]] = {}
    for key in keys:
        by_group.setdefault(_indicator_facts(key, units)[2], []).append(key)
    inputs: list[tuple[int, int]] = []
    name_col = 2 if layout.number_column else 1
    totals: dict[int, float] = {}
    for g, (group, members) in enumerate(by_group.items()):
        if layout.number_column:
            sheet.cell(row, 1, ROMAN[g]).font = _BOLD
        label = GROUPS.get(group, group.upper())
        sheet.cell(row, name_col, _text(label if layout.number_column else f"{ROMAN[g]}. {label}", layout)).font = _BOLD
        row += 1
        for n, key in enumerate(members, start=1):
            name, unit, _ = _indicator_facts(key, units)
            if layout.number_column:
                sheet.cell(row, 1, n)
            sheet.cell(row, name_col, _text(name if layout.number_column else f"{n}. {name}", layout))
            sheet.cell(row, name_col + 1, _text(unit, layout))
            for j, (_, lower, year, measure) in enumerate(columns):
                figure = _column_value(values, key, year, measure, lower)
                sheet.cell(row, first + j, _value(figure, layout))
                if measure != "derived" and isinstance(figure, (int, float)) and pd.notna(figure):
                    totals[j] = totals.get(j, 0.0) + float(figure)
                if layout.blank and measure != "derived":
                    inputs.append((row, first + j))
            row += 1
        if layout.spacer_rows:
            row += 1
    if layout.blank:
        _protect(sheet, inputs, "decimal")
    return row, totals


def _column_value(values: dict, key: str, year: int, measure: str, lower: str) -> float:
    if measure != "derived":
        return values.get((key, year, measure), float("nan"))
    actual = values.get((key, year, "actual"), float("nan"))
    if isinstance(actual, str):
        return float("nan")
    base = values.get((key, year, "plan"), float("nan")) if "KH" in lower or not lower else \
        values.get((key, year - 1, "actual"), float("nan"))
    return round(100 * actual / base, 1) if pd.notna(base) and base else float("nan")


def _widths(sheet, first: int, n: int, layout: FormLayout) -> None:
    name_col = 2 if layout.number_column else 1
    if layout.number_column:
        sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions[get_column_letter(name_col)].width = 44
    sheet.column_dimensions[get_column_letter(name_col + 1)].width = 10
    for k in range(n):
        sheet.column_dimensions[get_column_letter(first + k)].width = 12


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().replace(" ", "_")


def write_cluster_sheet(path: str | Path, *, cluster: str, year: int, figures: pd.DataFrame,
                        districts: list[tuple[str, str]], note: str = "") -> Path:
    """The sheet a cluster head compiles: indicators down, a column group per member
    ("Huyện X" over "Kế hoạch {year}" and "Thực hiện {year}"), then a "Toàn cụm" group.

    ``districts`` lists (code, label as written); ``figures`` has ``member_code``.
    """
    path = Path(path)
    layout = FormLayout(note=note)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp cụm"
    width = 3 + 2 * (len(districts) + 1)
    row = _title_block(sheet, cluster.upper(), f"TỔNG HỢP CÁC CHỈ TIÊU CHỦ YẾU NĂM {year} CỦA CÁC THÀNH VIÊN CỤM",
                       "", f"ngày 20 tháng 12 năm {year}", width, layout)
    for j, label in enumerate(["TT", "Chỉ tiêu", "ĐVT"], start=1):
        sheet.cell(row, j, label)
        sheet.merge_cells(start_row=row, start_column=j, end_row=row + 1, end_column=j)
    groups = [*districts, ("", "Toàn cụm")]
    for g, (_, label) in enumerate(groups):
        col = 4 + 2 * g
        sheet.cell(row, col, label)
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        sheet.cell(row + 1, col, f"Kế hoạch {year}")
        sheet.cell(row + 1, col + 1, f"Thực hiện {year}")
    for r in (row, row + 1):
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX
    row += 2
    values = figures[figures["year"] == year].set_index(["member_code", "indicator", "measure"])["value"].to_dict()
    keys = list(dict.fromkeys(figures["indicator"]))
    for n, key in enumerate(keys, start=1):
        name, unit, _ = _indicator_facts(key)
        sheet.cell(row, 1, n)
        sheet.cell(row, 2, name)
        sheet.cell(row, 3, unit)
        totals = [0.0, 0.0]
        for g, (code, _) in enumerate(districts):
            for k, measure in enumerate(("plan", "actual")):
                figure = values.get((code, key, measure), float("nan"))
                sheet.cell(row, 4 + 2 * g + k, _value(figure, layout))
                totals[k] += 0.0 if pd.isna(figure) else float(figure)
        for k in range(2):
            sheet.cell(row, 4 + 2 * len(districts) + k, totals[k])
        row += 1
    _footer(sheet, row + 1, width, "Người tổng hợp", ("TM. CỤM TRƯỞNG", ""), ("", ""), layout)
    sheet.column_dimensions["B"].width = 44
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(book, path)
    return path


def _is_unit(district: str) -> bool:
    """An administrative unit ("xã Ia Grai", "huyện Kbang") rather than an agency ("Sở Tài chính")."""
    return strip_type_word(district) != district


def _issuer(district: str) -> tuple[str, str, str]:
    """The issuing body's line, the abbreviation its reports are numbered with, and the place
    of its date line: "UBND XÃ IA GRAI", "UBND", "Ia Grai" for a unit; "SỞ TÀI CHÍNH", "…",
    "..........." (written by hand) for an agency, which is no People's Committee."""
    if _is_unit(district):
        return f"UBND {district.upper()}", "UBND", strip_type_word(district)
    return district.upper(), "...", "..........."


def _of(district: str) -> str:
    return f"UBND {district}" if _is_unit(district) else district


