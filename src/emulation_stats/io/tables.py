"""Read a CSV file or the sheets of a workbook into raw cell grids.

A :class:`Grid` keeps every non-empty row with its row number, so each later figure can
name the cell it came from. Nothing here interprets the cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import python_calamine

from emulation_stats.core.errors import DataError, Term, cut
from emulation_stats.io.cellformats import SheetFormats, sheet_formats
from emulation_stats.io.paths import display_path
from emulation_stats.io.safety import check_file, has_dtd, styles_read

LEGACY_ENCODING = "cp1258"  # Windows-1258, the Vietnamese code page of older office PCs
ENGINES = ("calamine", "openpyxl")


@dataclass
class Grid:
    """The non-empty rows of one CSV file or one sheet, cells as read."""

    path: Path
    sheet: str | None
    rows: list[list[object]]
    row_numbers: list[int]  # 1-based, as a spreadsheet or text editor shows them
    # Merged ranges as 1-based inclusive (first_row, first_col, last_row, last_col).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # What reading noticed about the whole file: (code, message) for the load report.
    notes: list[tuple[str, Term]] = field(default_factory=list)  # (problem code, what to say)

    @property
    def label(self) -> str:
        """"folder/file.xlsx#Sheet" or "folder/file.csv"."""
        name = display_path(self.path)
        return f"{name}#{self.sheet}" if self.sheet is not None else name

    @property
    def source_prefix(self) -> str:
        """What comes before the row number in a source string."""
        return f"{self.label}!R" if self.sheet is not None else f"{self.label}:"

    def source(self, row_number: int) -> str:
        """The docs/design.md source string of one row: "f.xlsx#Sheet!R12" or "f.csv:12"."""
        return f"{self.source_prefix}{row_number}"


def column_letters(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (the one definition).

    >>> column_letters(0), column_letters(27)
    ('A', 'AB')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_grids(path: str | Path, engine: str = "calamine") -> list[Grid]:
    """Read ``path`` (.csv or .xlsx) into one grid per sheet; raise DataError if unreadable.

    ``engine="calamine"`` (python-calamine, several times faster) is the default;
    ``"openpyxl"`` reads the same cells through openpyxl (defusedxml-protected).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    path = Path(path)
    kind = check_file(path)
    if kind == "csv":
        return [_read_csv(path)]
    return _read_workbook(path) if engine == "calamine" else _read_workbook_openpyxl(path)


def _is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _keep_nonempty(path: Path, sheet: str | None, rows: list[list[object]],
                   merged: list[tuple[int, int, int, int]] | None = None) -> Grid:
    kept, numbers = [], []
    for number, row in enumerate(rows, start=1):
        # A row is kept at its first real value: a 0 is one, a cell of spaces is not.
        # Most rows stop at their first cell, so this is a plain loop, not a generator.
        for cell in row:
            if cell:
                if type(cell) is not str or not cell.isspace():
                    break
            elif cell == 0:  # 0, 0.0 or False; never "" or None
                break
        else:
            continue
        kept.append(row if isinstance(row, list) else list(row))
        numbers.append(number)
    return Grid(path, sheet, kept, numbers, merged or [])


def _decode(raw: bytes, path: Path) -> tuple[str, list[tuple[str, str]]]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1258 with a warning."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DataError("csv_utf16_broken", file=display_path(path), why=exc) from exc
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as exc:
        raise DataError("csv_encoding", file=display_path(path)) from exc
    return text, [("encoding", Term("csv_read_as_windows_1258"))]


def _read_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    text, notes = _decode(raw, path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    # Physical line numbers: a quoted cell may span lines, so count them as we go.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, numbers, line = [], [], 1
    try:
        if '"' not in text:  # no quoted cell can span lines: record n is line n, read at C speed
            records = list(reader)
            numbers = [n for n, record in enumerate(records, 1) if record and "".join(record).strip()]
            rows = [records[n - 1] for n in numbers]
        else:
            for record in reader:
                if record and "".join(record).strip():  # a line of empty cells is no row
                    rows.append(record)
                    numbers.append(line)
                line = reader.line_num + 1
    except csv.Error as exc:
        line = line if '"' in text else reader.line_num  # the line being read when it broke
        raise DataError("csv_line_broken", file=display_path(path), line=line, why=exc) from exc
    if text.count('"') % 2 and numbers:
        # An opening quote never closed swallows the rest of the file into one cell.
        raise DataError("csv_open_quote", file=display_path(path), line=numbers[-1])
    return Grid(path, None, rows, numbers, notes=notes)


@contextmanager
def _workbook_errors(path: Path) -> Iterator[None]:
    """Both engines raise many exception types for a broken workbook: one DataError."""
    try:
        yield
    except DataError:
        raise
    except Exception as exc:
        if has_dtd(path):
            raise DataError("xlsx_entities", file=display_path(path)) from exc
        raise DataError("xlsx_unreadable", file=display_path(path), why=cut(str(exc))) from exc


def _read_workbook(path: Path) -> list[Grid]:
    with _workbook_errors(path):
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        formats = sheet_formats(path, styles=styles_read(path)) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
        grids = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            rows = sheet.to_python(skip_empty_area=False)
            if name in formats:
                _as_shown(rows, formats[name])
            grids.append(_keep_nonempty(path, name, rows, merged))
        return grids


def _as_shown(rows: list[list[object]], formats: SheetFormats) -> None:
    """The values as Excel shows them: a number formatted as a percentage is that percentage
    (0.048 shown "4.8%" is 4.8, the figure the office reads under its "%" unit)."""
    for r, c in formats.percent:
        if r <= len(rows) and c <= len(rows[r - 1]):
            value = rows[r - 1][c - 1]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                rows[r - 1][c - 1] = round(value * 100, 10)


def formula_cells(formats: SheetFormats) -> str:
    """The cells of formulas saved without a value, as Excel names them ("A2, B2 và 3 ô khác")."""
    cells = [f"{column_letters(c - 1)}{r}" for r, c in sorted(formats.formulas_without_value)]
    return ", ".join(cells[:10]) + (f" và {len(cells) - 10} ô khác" if len(cells) > 10 else "")


def _read_workbook_openpyxl(path: Path) -> list[Grid]:
    with _workbook_errors(path):
        # Not read_only: a read-only sheet does not know its merged ranges.
        workbook = openpyxl.load_workbook(path, data_only=True)
        try:
            return [_keep_nonempty(path, sheet.title, [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)],
                                   [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges])
                    for sheet in workbook.worksheets]
        finally:
            workbook.close()
