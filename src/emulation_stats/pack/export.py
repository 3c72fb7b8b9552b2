"""Writing tables for people: Vietnamese headers, safe text, whole files or none.

A cell of text that begins with ``= + - @`` would run as a formula when a spreadsheet
opens the file; it is written as text (a leading apostrophe in CSV, a string cell in
xlsx). Every file is written under a temporary name and renamed, so an interrupted run
leaves the previous complete file or none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from emulation_stats.core import catalog
from emulation_stats.core.phrases import award_label
from emulation_stats.core.resources import read_reference

FORMULA_START = ("=", "+", "-", "@")


@lru_cache(maxsize=1)
def _headers() -> pd.DataFrame:
    return read_reference("output_columns.csv").set_index("column")


def header(column: str, lang: str = "vi") -> str:
    """The heading a person reads for a column ("current_value" -> "Năm nay")."""
    table = _headers()
    return str(table.loc[column, lang]) if column in table.index else column


@lru_cache(maxsize=1)
def _values() -> pd.DataFrame:
    return read_reference("output_values.csv")


def value_word(column: str, value: str, lang: str = "vi") -> str:
    """A coded value as a person reads it (``value_word("table", "awards")`` -> "khen thưởng");
    the value itself where output_values.csv has no words for it."""
    words = _values()
    found = words[(words["column"] == column) & (words["value"] == value)]
    return str(found[lang].iloc[0]) if len(found) else value


def readable(frame: pd.DataFrame, *, lang: str = "vi") -> pd.DataFrame:
    """``frame`` for a person: headings and coded values ("worse", "president") in
    ``lang``, floats without binary noise (rounded to 6 decimals).

    Returns
    -------
    DataFrame
        the same rows and columns, each column headed in words (`output_columns.csv`), codes said in
        words, catalogue keys as their names.
    """
    table = catalogue_names(frame, lang).copy()
    for column, part in _values().groupby("column"):
        if column in table:
            words = dict(zip(part["value"], part[lang]))
            table[column] = table[column].map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
    floats = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    table[floats] = table[floats].round(6)
    return table.rename(columns={c: header(c, lang) for c in table.columns})


def catalogue_names(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``table`` with catalogue indicators and awards (and their units) named in ``lang``:
    English names from the catalogue; a name it does not know stays as the data writes it;
    Vietnamese ones as the data wrote them."""
    if lang == "vi":
        return table
    table = table.copy()
    if "indicator" in table:
        keys = table["indicator"]
        known = keys.isin(catalog.indicators().table.index)
        for column, field in (("indicator_name", "name_en"), ("unit", "unit_en")):
            if column in table:
                english = keys.map(catalog.indicators().table[field]).replace("", pd.NA)
                table[column] = english.where(known & english.notna(), table[column])
    if "award" in table and "award_name" in table:
        table["award_name"] = [award_label(k, n, "en") if isinstance(k, str) else n
                               for k, n in zip(table["award"], table["award_name"])]
    return table


def yes_no(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """``frame`` with every True/False cell said in words: a column's own words where
    output_values.csv has them ("met": đạt / chưa đạt), else có / không; never TRUE/FALSE
    or 1/0 in a sheet a person reads."""
    values = _values()
    values = values.assign(value=values["value"].astype(str))
    both = values[values["column"] == "_yes_no"]
    generic = dict(zip(both["value"], both[lang]))
    table = frame.copy()
    for column in table.columns:
        series = table[column]
        if not (pd.api.types.is_bool_dtype(series) or series.map(lambda v: isinstance(v, (bool, np.bool_))).any()):
            continue
        own = values[values["column"] == column]
        words = {**generic, **dict(zip(own["value"], own[lang]))}
        table[column] = series.map(lambda v, w=words: w.get(str(bool(v)), v) if isinstance(v, (bool, np.bool_)) else v)
    return table


def safe_text(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made inert for CSV.

    >>> safe_text("=HYPERLINK(1)"), safe_text("-3"), safe_text(-3)
    ("'=HYPERLINK(1)", "'-3", -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)``, then rename it to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def to_csv(frame: pd.DataFrame, path: str | Path | None = None, lang: str = "vi") -> str | Path:
    """CSV in UTF-8 with a BOM (Excel reads the diacritics), formula-like text made inert.
    Without ``path`` the text is returned."""
    table = readable(frame, lang=lang)
    text_columns = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    table = table.astype({c: object for c in text_columns})
    for column in text_columns:
        table[column] = table[column].map(safe_text)
    if path is None:
        return table.to_csv(index=False)
    return atomic_write(path, lambda p: table.to_csv(p, index=False, encoding="utf-8-sig"))


FILLS = {"better": "C8E6C9", "worse": "FFCDD2", True: "C8E6C9", False: "FFCDD2"}  # green / red
COLOURED = ("assessment", "met")


def to_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path, lang: str = "vi",
            number_formats: dict[str, str] | None = None, *, page_header: str | None = None,
            page_footer: str | None = None, sheet_formats: dict[str, dict[str, str]] | None = None) -> Path:
    """One sheet per table: bold headers, frozen header row, sensible widths, Vietnamese
    headings and values, better/worse and met/not met cells coloured, text cells always
    stored as text (never as formulas). Every sheet prints on A4 landscape, one page wide,
    its header row repeated on each page; ``page_header`` is printed on every page (the
    illustrative-data notice), ``page_footer`` (the cluster and year) beside the sheet's
    name and the page number. ``sheet_formats`` adds formats for one sheet's columns (a
    column per member, whose heading is a member's name)."""
    formats = {header(c, lang): f for c, f in
               {"pct_change": "0.0", "pct": "0.0", "ratio": "0.00", "z": "0.00", **(number_formats or {})}.items()}

    def write(target: Path) -> None:
        book = Workbook()
        book.remove(book.active)
        for name, frame in sheets.items():
            fills = {header(c, lang): frame[c].map(lambda v: FILLS.get(v) if isinstance(v, (str, bool)) else None)
                     for c in COLOURED if c in frame}
            sheet = book.create_sheet(name[:31])
            readable_frame = readable(yes_no(frame, lang), lang=lang)
            # A wide table's source cells stay on screen, not on paper: printed, their long
            # paths would make every row several lines tall (the files are on the provenance sheet).
            screen = [header(c, lang) for c in frame.columns if str(c).startswith("source")] \
                if len(frame.columns) >= 8 else []
            readable_frame = readable_frame[[c for c in readable_frame.columns if c not in screen] + screen]
            own = {header(c, lang): f for c, f in (sheet_formats or {}).get(name, {}).items()}
            _sheet(sheet, readable_frame, {**_default_formats(frame, lang), **formats, **own}, fills, screen)
            print_setup(sheet, page_header, page_footer, lang)
        book.save(target)

    return atomic_write(path, write)


def _default_formats(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """A number format for every figure column a caller did not name: years as 2024,
    other whole numbers "#,##0", other figures at most two decimals ("#,##0.0#") — never
    9.982185 on a printed page."""
    formats = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        if "year" in str(column):
            formats[header(column, lang)] = "0"
        elif pd.api.types.is_integer_dtype(series):
            formats[header(column, lang)] = "#,##0"
        else:
            formats[header(column, lang)] = "#,##0.0#"
    return formats


# The widths a sheet may take and still print at 8 pt or more once LibreOffice or Excel
# fits it to the width of an A4 landscape page: 11 pt body text scaled by at most 8.3/11,
# a column of width w taking up to 7 w pt (LibreOffice without Calibri or Carlito measures
# widths in a wider font: about 7 pt a unit, Excel about 5.3), 784 pt between the margins.
PRINT_WIDTH_PT = 784
PT_PER_UNIT = 7.0
SMALLEST_SCALE = 8.3 / 11
NARROWEST = 9  # a wrapped text column never narrower than this
LINE_PT = 13.5  # the height of a line of 11 pt text (DejaVu 12.8, Calibri 13.4)


def _fit_widths(widths: list[float], is_text: list[bool]) -> list[float]:
    """Narrow the text columns (they wrap) in proportion to what they hold until the sheet
    fits the budget: each then wraps into about as many lines, so no row grows tall for
    one squeezed column; none narrower than NARROWEST."""
    budget = PRINT_WIDTH_PT / SMALLEST_SCALE / PT_PER_UNIT
    if sum(widths) <= budget:
        return list(widths)
    fixed = [not t or w <= NARROWEST for w, t in zip(widths, is_text)]
    while True:
        room = budget - sum(w for w, f in zip(widths, fixed) if f)
        flexible = sum(w for w, f in zip(widths, fixed) if not f)
        if flexible <= 0:
            return list(widths)
        factor = max(room, 0) / flexible
        squeezed = [not f and w * factor < NARROWEST for w, f in zip(widths, fixed)]
        if not any(squeezed):
            return [w if f else round(w * factor, 1) for w, f in zip(widths, fixed)]
        widths = [NARROWEST if q else w for w, q in zip(widths, squeezed)]
        fixed = [f or q for f, q in zip(fixed, squeezed)]


def print_setup(sheet, page_header: str | None, page_footer: str | None, lang: str, *, title_rows: str = "1:1",
                grid: bool = True) -> None:
    """A4 landscape, one page wide (as long as it needs), the ``title_rows`` on every page,
    narrow margins; header and footer lines for whoever reads the printout. ``grid``: the
    cells' lines printed (a sheet that draws its own borders, an official form, has none)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.45
    sheet.page_margins.header = sheet.page_margins.footer = 0.2
    sheet.print_options.gridLines = grid
    if page_header:
        sheet.oddHeader.center.text = page_header
    page = "Trang &P/&N" if lang == "vi" else "Page &P of &N"
    sheet.oddFooter.left.text = page_footer or ""
    sheet.oddFooter.center.text = "&A"  # the sheet's name
    sheet.oddFooter.right.text = page


def _sheet(sheet, frame: pd.DataFrame, formats: dict[str, str], fills: dict[str, pd.Series] | None = None,
           screen_only: list[str] | None = None) -> None:
    """``frame`` has readable headings already; ``formats`` and ``fills`` are keyed by them."""
    head = PatternFill("solid", fgColor="DCE6F1")
    for j, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(1, j, column)
        cell.font, cell.fill = Font(bold=True), head
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    colours = {frame.columns.get_loc(c) + 1: series.to_numpy() for c, series in (fills or {}).items()}
    top = Alignment(vertical="top")
    for i, row in enumerate(frame.itertuples(index=False), start=2):  # writing cells is per cell by nature
        for j, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
                continue
            cell = sheet.cell(i, j)
            cell.value = value.item() if hasattr(value, "item") else value
            cell.alignment = top  # a row of wrapped text reads from its top line
            if isinstance(value, str):
                cell.data_type = "s"  # "=..." stays text
            fmt = formats.get(frame.columns[j - 1])
            if fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = _at_precision(fmt, cell.value)
            colour = colours[j][i - 2] if j in colours else None
            if isinstance(colour, str):
                cell.fill = PatternFill("solid", fgColor=colour)
    sheet.freeze_panes = "A2"
    wanted, is_text = [], []
    for column in frame.columns:  # the heading wraps: its longest word, not its length
        word = max((len(w) for w in str(column).split()), default=0)
        shown = [len(_shown(v, formats.get(column))) for v in frame[column].head(200)]
        wanted.append(min(max(7, word + 1, max(shown, default=0) + 2), 60))
        is_text.append(not pd.api.types.is_numeric_dtype(frame[column]))
    printed = [c not in (screen_only or []) for c in frame.columns]
    fitted = iter(_fit_widths([w for w, p in zip(wanted, printed) if p], [t for t, p in zip(is_text, printed) if p]))
    widths = [next(fitted) if p else w for w, p in zip(wanted, printed)]
    if not all(printed):  # the screen-only columns are the last ones
        sheet.print_area = f"A1:{get_column_letter(sum(printed))}{len(frame) + 1}"
    lines = [1] * (len(frame) + 2)  # rows are as tall as their longest wrapped cell, set here: not
    for j, width in enumerate(widths, start=1):  # every office suite sizes them on opening
        sheet.column_dimensions[get_column_letter(j)].width = width
        for i, cell in enumerate(sheet.iter_rows(min_row=1, min_col=j, max_col=j), start=1):
            cell = cell[0]
            text = _shown(cell.value, formats.get(frame.columns[j - 1]) if i > 1 else None)
            if printed[j - 1] and (i == 1 or (isinstance(cell.value, str) and len(text) > width - 1)):
                cell.alignment = Alignment(wrap_text=True, vertical="top" if i > 1 else "center")
                lines[i] = max(lines[i], _lines(text, width - 1))
    for i, count in enumerate(lines):
        if i >= 1 and count > 1:
            sheet.row_dimensions[i].height = LINE_PT * count


def _at_precision(fmt: str, value: float) -> str:
    """A figure at the precision it has (at most two decimals): "#,##0.0#" shows 104 as 104,
    not 104.0, and 9.982185 as 9.98; fixed formats ("0.00" for points) are kept."""
    if ".0#" not in fmt:
        return fmt
    text = f"{round(float(value), 2):.2f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return fmt.replace(".0#", "." + "0" * decimals if decimals else "")


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped at ``width`` characters (by words)."""
    count, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            count, used = count + 1, 0
        used += (1 if used else 0) + len(word)
        while used > width:
            count, used = count + 1, used - int(width)
    return count


def _shown(value: object, fmt: str | None) -> str:
    """About as many characters as the cell shows."""
    if isinstance(value, float) and fmt and not pd.isna(value):
        decimals = fmt.split(";")[0].count("0") - fmt.split(";")[0].split(".")[0].count("0") if "." in fmt else 0
        return f"{value:,.{decimals}f}"
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
