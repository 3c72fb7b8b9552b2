"""The official award statistics as the Interior Ministry's forms lay them out (biểu
0602.N and 0603.N/BNV-TĐKT): a workbook of the form alone that prints on A4 landscape,
and the rows each cell counts as a table for the board's workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from emulation_stats.analysis.award_statistics import CIRCULAR, StatisticsForm, applies
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK
from emulation_stats.pack.export import atomic_write, print_setup

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_ROWS = 6  # the head: three rows of blocks (code, title, who reports), what it counts, a blank line


def write_statistics_form(stats: StatisticsForm, path: str | Path) -> Path:
    """Write ``stats`` as the form's workbook at ``path``: sheet "Biểu" in the form's
    layout (lines down; each award across, split Tập thể / Cá nhân), the only sheet, so
    that the file sent and printed is the form alone (the award rows behind every cell are
    :func:`form_sources`, a sheet of the board's workbook). Written to a temporary name,
    then renamed.

    >>> from emulation_stats.analysis.award_statistics import award_statistics
    >>> from emulation_stats.load.province import load_province
    >>> stats = award_statistics(load_province("data/sample_province"), form="0603")
    >>> import tempfile; write_statistics_form(stats, Path(tempfile.mkdtemp()) / "bieu_0603.xlsx").name
    'bieu_0603.xlsx'
    """
    book = Workbook()
    _form_sheet(book.active, stats)
    return atomic_write(path, lambda target: book.save(str(target)))


def form_sources(stats: StatisticsForm) -> pd.DataFrame:
    """Each cell of the form with the award rows it counts, headed as a reader reads them.

    >>> from emulation_stats.analysis.award_statistics import award_statistics
    >>> from emulation_stats.load.province import load_province
    >>> list(form_sources(award_statistics(load_province("data/sample_province"), form="0602")).columns)[:3]
    ['Dòng', 'Cột', 'Tập thể / cá nhân']
    """
    return pd.DataFrame({"Dòng": stats.cells["line"], "Cột": stats.cells["column"],
                         "Tập thể / cá nhân": stats.cells["kind"], "Số lượng": stats.cells["count"].astype(int),
                         "Số dòng khen thưởng": stats.cells["rows"].astype(int),
                         "Các dòng (tệp:dòng)": stats.cells["sources"]})


def _form_sheet(sheet, stats: StatisticsForm) -> None:
    sheet.title = "Biểu"
    awards = list(dict.fromkeys(stats.table.columns.get_level_values(0)))
    width = 2 + 2 * len(awards)
    _title_blocks(sheet, stats, width)
    top = HEAD_ROWS
    for column, text in ((1, "STT"), (2, "Đơn vị, đối tượng")):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
        sheet.cell(top, column, text)
    for n, award in enumerate(awards):
        first = 3 + 2 * n
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 1)
        sheet.cell(top, first, award)
        for k, kind in enumerate(stats.table[award].columns):
            sheet.cell(top + 1, first + k, kind)
    for r in (top, top + 1):
        for c in range(1, width + 1):
            cell = sheet.cell(r, c)
            cell.font, cell.border = Font(bold=True), BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    total, *rest = list(stats.table.index)
    groups = [line for line in rest if line in stats.groups]
    kinds = [line for line in rest if line not in stats.groups]
    row = _line(sheet, top + 2, "", total, stats, width, bold=True)
    for numeral, heading, lines in (("I", "Chia theo cụm, khối đề nghị", groups),
                                    ("II", "Chia theo loại đơn vị đề nghị", kinds)):
        row = _section(sheet, row, numeral, heading, width)
        for number, line in enumerate(lines, start=1):
            row = _line(sheet, row, number, line, stats, width)
    _signatures(sheet, row + 1, width)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 34
    for c in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 11
    sheet.row_dimensions[top].height = 48
    sheet.freeze_panes = sheet.cell(top + 2, 3)
    _print(sheet, stats, f"{top}:{top + 1}")


def _line(sheet, row: int, number: object, line: str, stats: StatisticsForm, width: int, bold: bool = False) -> int:
    """One line of the form: its number, its name, its counts."""
    sheet.cell(row, 1, number)
    sheet.cell(row, 2, line).font = Font(bold=bold)
    for j, ((column, kind), value) in enumerate(stats.table.loc[line].items(), start=3):
        if applies(stats.form, column, kind) or value:
            cell = sheet.cell(row, j, int(value))
            cell.number_format, cell.font = "#,##0", Font(bold=bold)
        else:  # no award of the column goes to this kind of recipient
            cell = sheet.cell(row, j, "x")
            cell.alignment = Alignment(horizontal="center")
    for c in range(1, width + 1):
        sheet.cell(row, c).border = BOX
    return row + 1


def _signatures(sheet, row: int, width: int) -> None:
    """Who made the form and who signs it, under the table (as every statistics form ends)."""
    half = max(3, width // 2)
    blocks = ((1, half, ["NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"]),
              (half + 1, width, ["............, ngày ..... tháng ..... năm .......", "THỦ TRƯỞNG ĐƠN VỊ",
                                 "(Ký, đóng dấu, ghi rõ họ tên)"]))
    for first, last, lines in blocks:
        for k, text in enumerate(lines):
            sheet.merge_cells(start_row=row + k, start_column=first, end_row=row + k, end_column=last)
            cell = sheet.cell(row + k, first, text)
            cell.alignment = Alignment(horizontal="center")
            cell.font = Font(bold=text.isupper(), italic=text.startswith(("(", ".")))


def _title_blocks(sheet, stats: StatisticsForm, width: int) -> None:
    """The head of a statistics form: on the left its code, the circular it comes with and
    the day it is due; in the middle its title and year; on the right who reports to whom;
    under them what it counts."""
    right = max(3, width - 3)
    blocks = ((1, 2, [(stats.code, Font(bold=True)), (f"Ban hành kèm theo {CIRCULAR}", Font(italic=True, size=10)),
                      ("Ngày nhận báo cáo: ……………", Font(italic=True, size=10))]),
              (3, right - 1, [(stats.title, Font(bold=True, size=13)), (f"Năm {stats.year}", Font(bold=True))]),
              (right, width, [(f"Đơn vị báo cáo: UBND tỉnh {stats.province}", Font(size=10)),
                              ("Đơn vị nhận báo cáo: Bộ Nội vụ", Font(size=10))]))
    for first, last, lines in blocks:
        for row, (text, font) in enumerate(lines, start=1):
            if last > first:
                sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            cell = sheet.cell(row, first, text)
            cell.font = font
            cell.alignment = Alignment(horizontal="left" if first == 1 else "center", wrap_text=True, vertical="top")
    note = (f"Số khen thưởng đã quyết định trong năm {stats.year} theo danh sách các cụm, khối gửi (không gồm các đề "
            "nghị đang trình)")
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    cell = sheet.cell(4, 1, note)
    cell.font, cell.alignment = Font(italic=True, size=10), Alignment(horizontal="center")
    sheet.row_dimensions[2].height = 28  # the circular's name on two lines


def _section(sheet, row: int, numeral: str, text: str, width: int) -> int:
    """A heading line of the form's lines ("I. Chia theo cụm, khối đề nghị")."""
    sheet.cell(row, 1, numeral).font = Font(bold=True)
    sheet.cell(row, 2, text).font = Font(bold=True, italic=True)
    for c in range(1, width + 1):
        sheet.cell(row, c).border = BOX
    return row + 1


def _print(sheet, stats: StatisticsForm, titles: str) -> None:
    print_setup(sheet, ILLUSTRATIVE_MARK if stats.illustrative else None,
                f"{stats.code} — {stats.province} — {stats.year}", "vi", title_rows=titles, grid=False)
