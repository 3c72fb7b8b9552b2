"""Write award forms as offices send them: the award summary by issuer (Biểu khen thưởng)
and the decision list by recipient (Danh sách khen thưởng)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import split_aliases
from emulation_stats.io.templates import (
    _BOLD,
    _BOX,
    _CENTER,
    ROMAN,
    FormLayout,
    _footer,
    _issuer,
    _looks_like_key,
    _protect,
    _save,
    _title_block,
)


def _award_heading(sheet, district: str, year: int, title: str, width: int, note: str, blank: bool = False) -> int:
    date = "ngày ..... tháng ..... năm" if blank else "ngày 20 tháng 12 năm"
    body, _, place = _issuer(district)
    return _title_block(sheet, body, title,
                        f"(Kèm theo Báo cáo tổng kết công tác thi đua, khen thưởng năm {year})",
                        f"{place}, {date} {year}", width, FormLayout(note=note))


def _boxed_header(sheet, row: int, labels: list[str]) -> None:
    for j, label in enumerate(labels, start=1):
        cell = sheet.cell(row, j, label)
        cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX


def write_award_summary(path: str | Path, *, district: str, year: int, awards: pd.DataFrame,
                        note: str = "", totals_row: bool = True, blank: bool = False, signer: str = "",
                        preparer: str = "") -> Path:
    """A summary table of the year's awards: sections by conferring authority, highest
    first; one row per award with the number of collectives and of individuals.

    ``awards`` holds ``award`` (catalogue key or name), ``authority`` (key or name),
    ``recipient_kind``, ``count`` and ``posthumous``; the form shows their Vietnamese
    names, never a key (an unknown key is refused). ``blank=True``: a form to hand out,
    counts left empty and validated as whole numbers, the rest locked.
    """
    path = Path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Khen thưởng"
    row = _award_heading(sheet, district, year, f"TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM {year}", 5, note, blank)
    _boxed_header(sheet, row, ["TT", "Hình thức khen thưởng", "Số lượng", "", "Ghi chú"])
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
    for j in (1, 2, 5):
        sheet.merge_cells(start_row=row, start_column=j, end_row=row + 1, end_column=j)
    for j, label in ((3, "Tập thể"), (4, "Cá nhân")):
        cell = sheet.cell(row + 1, j, label)
        cell.font, cell.alignment, cell.border = _BOLD, _CENTER, _BOX
    row += 2
    ranks = catalog.authorities().table["rank"].astype(int)
    frame = awards.assign(authority=awards["authority"].map(_authority_key),
                          award=[_award_key(a, b) for a, b in zip(awards["award"], awards["authority"])])
    frame = frame.assign(_rank=frame["authority"].map(ranks).fillna(9))
    totals = [0, 0]
    inputs: list[tuple[int, int]] = []
    for s, (authority, part) in enumerate(frame.sort_values(["_rank"], kind="stable").groupby("authority", sort=False)):
        name = catalog.authorities()[authority]["name_vi"]
        sheet.cell(row, 1, ROMAN[s]).font = _BOLD
        sheet.cell(row, 2, f"Khen thưởng của {name}").font = _BOLD
        row += 1
        table = part.pivot_table(index=["award", "posthumous"], columns="recipient_kind", values="count",
                                 aggfunc="sum", sort=False, dropna=False)
        for n, ((award, posthumous), counts) in enumerate(table.iterrows(), start=1):
            label = catalog.award_display_name(award)
            sheet.cell(row, 1, n)
            sheet.cell(row, 2, f"Truy tặng {label}" if posthumous else label)
            for k, kind in enumerate(("collective", "individual")):
                count = counts.get(kind)
                if pd.notna(count) and not blank:
                    sheet.cell(row, 3 + k, int(count))
                    totals[k] += int(count)
                if blank and kind in _allowed_kinds(award):
                    inputs.append((row, 3 + k))
            row += 1
    if blank:
        _protect(sheet, inputs, "whole")
    if totals_row and not blank:
        sheet.cell(row, 2, "Tổng cộng").font = _BOLD
        sheet.cell(row, 3, totals[0]).font = _BOLD
        sheet.cell(row, 4, totals[1]).font = _BOLD
        row += 1
    _footer(sheet, row + 1, 5, "Người lập biểu", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), (preparer, signer),
            FormLayout())
    sheet.column_dimensions["B"].width = 52
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(book, path)
    return path


def _authority_key(authority: str) -> str:
    found = authority if authority in catalog.authorities() else catalog.authorities().match(authority)
    if not found:
        raise DataError("template_unknown_authority", authority=authority)
    return found


def _award_key(award: str, authority: str) -> str:
    if award in catalog.awards() or catalog.award_base(award) in catalog.awards():
        return award
    found = catalog.match_award(award, _authority_key(authority)).key
    if not found:
        raise DataError("template_unknown_award", award=award)
    return found


def _award_name(award: str) -> str:
    """The Vietnamese name of an award key; a name as it is; never a key on a form."""
    if catalog.award_base(award) in catalog.awards():
        return catalog.award_display_name(award)
    if _looks_like_key(award):
        raise DataError("template_unknown_award", award=award)
    return award


def _allowed_kinds(award: str) -> list[str]:
    return split_aliases(catalog.awards()[catalog.award_base(award)]["recipients"])


def write_award_list(path: str | Path, *, district: str, year: int, recipients: pd.DataFrame,
                     note: str = "", signer: str = "", preparer: str = "") -> Path:
    """A decision list: one recipient per row, in sections "A. TẬP THỂ" and "B. CÁ NHÂN".

    ``recipients`` holds ``recipient``, ``position``, ``award`` (key), ``recipient_kind``,
    ``decision`` and ``posthumous``.
    """
    path = Path(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    row = _award_heading(sheet, district, year, f"DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG NĂM {year}", 6, note)
    _boxed_header(sheet, row, ["TT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức khen thưởng",
                               "Số, ngày quyết định", "Ghi chú"])
    row += 1
    counts = {}
    for letter, kind, label in (("A", "collective", "TẬP THỂ"), ("B", "individual", "CÁ NHÂN")):
        part = recipients[recipients["recipient_kind"] == kind]
        counts[kind] = len(part)
        if part.empty:
            continue
        sheet.cell(row, 1, letter).font = _BOLD
        sheet.cell(row, 2, label).font = _BOLD
        row += 1
        for n, item in enumerate(part.itertuples(index=False), start=1):
            cells = [n, item.recipient, item.position, _award_name(item.award), item.decision,
                     "Truy tặng" if item.posthumous else None]
            for j, value in enumerate(cells, start=1):
                sheet.cell(row, j, value)
            row += 1
    total = f"Tổng cộng: {counts['collective']:02d} tập thể, {counts['individual']:02d} cá nhân"
    sheet.cell(row, 2, total).font = _BOLD
    _footer(sheet, row + 2, 6, "Người lập danh sách", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), (preparer, signer),
            FormLayout())
    for column, width in zip("ABCDEF", (5, 34, 36, 40, 28, 10)):
        sheet.column_dimensions[column].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(book, path)
    return path
