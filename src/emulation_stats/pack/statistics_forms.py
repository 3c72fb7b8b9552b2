"""The official award statistics as the Interior Ministry's forms lay them out (biểu
0602.N and 0603.N/BNV-TĐKT): a workbook that prints on A4 landscape, and the rows each
cell counts on a sheet beside it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from emulation_stats.analysis.award_statistics import StatisticsForm, applies
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK
from emulation_stats.pack.export import atomic_write, print_setup

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_ROWS = 7  # title block: the form's code, its title, the year, who reports to whom, its scope, a blank line


def write_statistics_form(stats: StatisticsForm, path: str | Path) -> Path:
    """Write ``stats`` as the form's workbook at ``path``: sheet "Biểu" in the form's
    layout (lines down; each award across, split Tập thể / Cá nhân), sheet "Nguồn" the
    award rows behind every cell. Written to a temporary name, then renamed.

    >>> from emulation_stats.analysis.award_statistics import award_statistics
    >>> from emulation_stats.load.province import load_province
    >>> stats = award_statistics(load_province("data/sample_province"), form="0603")
    >>> import tempfile; write_statistics_form(stats, Path(tempfile.mkdtemp()) / "bieu_0603.xlsx").name
    'bieu_0603.xlsx'
    """
    book = Workbook()
    _form_sheet(book.active, stats)
    _sources_sheet(book.create_sheet("Nguồn"), stats)
    return atomic_write(path, lambda target: book.save(str(target)))


def _form_sheet(sheet, stats: StatisticsForm) -> None:
    sheet.title = "Biểu"
    awards = list(dict.fromkeys(stats.table.columns.get_level_values(0)))
    width = 2 + 2 * len(awards)
    lines = [(stats.code, Font(bold=True)), (stats.title, Font(bold=True, size=13)),
             (f"Năm {stats.year}", Font(italic=True)),
             (f"Đơn vị báo cáo: Ủy ban nhân dân tỉnh {stats.province}. Đơn vị nhận báo cáo: Bộ Nội vụ", Font()),
             (f"Số khen thưởng đã quyết định trong năm {stats.year} theo danh sách các cụm, khối gửi (không gồm các "
              "đề nghị đang trình)", Font(italic=True, size=10))]
    for row, (text, font) in enumerate(lines, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row, 1, text)
        cell.font, cell.alignment = font, Alignment(horizontal="center")
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


def _section(sheet, row: int, numeral: str, text: str, width: int) -> int:
    """A heading line of the form's lines ("I. Chia theo cụm, khối đề nghị")."""
    sheet.cell(row, 1, numeral).font = Font(bold=True)
    sheet.cell(row, 2, text).font = Font(bold=True, italic=True)
    for c in range(1, width + 1):
        sheet.cell(row, c).border = BOX
    return row + 1


def _sources_sheet(sheet, stats: StatisticsForm) -> None:
    heads = ["Dòng", "Cột", "Tập thể / cá nhân", "Số lượng", "Số dòng khen thưởng", "Các dòng"]
    for j, text in enumerate(heads, start=1):
        cell = sheet.cell(1, j, text)
        cell.font, cell.border = Font(bold=True), BOX
    for i, cell in enumerate(stats.cells.itertuples(index=False), start=2):
        for j, value in enumerate((cell.line, cell.column, cell.kind, int(cell.count), int(cell.rows), cell.sources),
                                  start=1):
            sheet.cell(i, j, value).alignment = Alignment(wrap_text=j == 6, vertical="top")
    for letter, size in zip("ABCDEF", (30, 32, 14, 10, 12, 70)):
        sheet.column_dimensions[letter].width = size
    _print(sheet, stats, "1:1")


def _print(sheet, stats: StatisticsForm, titles: str) -> None:
    print_setup(sheet, ILLUSTRATIVE_MARK if stats.illustrative else None,
                f"{stats.code} — {stats.province} — {stats.year}", "vi", title_rows=titles, grid=False)
