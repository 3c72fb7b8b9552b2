"""A form's header: where it is, what each column means (indicator, unit, year, measure,
estimate; award, issuer, recipient kind, counts) and the title's year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from emulation_stats.core import catalog
from emulation_stats.core.text import clean, fold
from emulation_stats.io.tables import Grid, column_letters
from emulation_stats.load.form_words import (
    _COLUMN_NUMBER,
    _DATE_LINE,
    _TITLE_DECISION,
    _TITLE_YEAR,
    _YEAR,
    HEADER_SEARCH_ROWS,
    MAX_HEADER_ROWS,
    NOT_A_LABEL,
    _is_blank,
    _text_of,
    cell_role,
    has_phrase,
    tokens,
)
from emulation_stats.units.lists import District
from emulation_stats.units.matching import find_district


@dataclass
class FormColumn:
    """One column of figures and what its header says about them."""

    index: int  # 0-based
    label: str  # the header cells above it, joined with " / "
    year: int | None = None
    measure: str | None = None  # actual | plan (indicator forms)
    kind: str | None = None  # collective | individual | household (award summaries)
    estimate: bool = False
    indicator: str = ""  # the indicator of a column (a cluster summary with members down)
    unit: str = ""
    total: bool = False  # a "Tổng số" column of an award summary: the row's counts must add up to it
    district: District | None = None
    ignored: str = ""  # why the column holds no figures of its own

    @property
    def letter(self) -> str:
        return column_letters(self.index)


_HEADER_ROLES = {
    "indicators": ("number_column", "name_column", "unit_column"),
    "awards": ("number_column", "award_column", "authority_column", "kind_column", "recipient_column",
               "position_column", "decision_column", "date_column", "note_column",
               "collective_count", "individual_count", "household_count"),
}


_ANCHORS = {"indicators": ("name_column",), "awards": ("award_column", "recipient_column")}


_UNIT_IN_NAME = re.compile(r"\s*(?:\(\s*(?:ĐVT\s*:\s*)?([^()\d]{1,25})\)|[,;-]\s*ĐVT\s*:\s*([^()\d]{1,25}))\s*$",
                           re.IGNORECASE)


def _matrix_column(j: int, cells: list[list[str]], province: str | None) -> FormColumn:
    pieces = list(dict.fromkeys(row[j] for row in cells if row[j]))
    column = FormColumn(j, " / ".join(pieces))
    periods = tuple(p for p in pieces if _is_period_label(p))
    named = [p for p in pieces if p not in periods and not cell_role(p, "name_column")]
    if not pieces:
        column.ignored = "không có tiêu đề"
    elif not named:
        column.ignored = "không rõ chỉ tiêu của cột"
    elif any(cell_role(p, "total_row") for p in named):
        column.ignored = "cột tổng cộng (tính từ các cột khác)"
    else:
        name = " - ".join(named)
        found = _UNIT_IN_NAME.search(name)
        column.indicator = name[:found.start()].strip() if found else name
        column.unit = clean(found.group(1) or found.group(2)) if found else ""
        column.ignored, column.year, column.measure, column.estimate, _ = _header_meaning(periods, province)
    return column


@lru_cache(maxsize=4096)
def _is_period_label(text: str) -> bool:
    """A header cell that says when and what kind of figure ("KH 2017", "Thực hiện",
    "So sánh (%)"), not which indicator ("Tỷ lệ hộ nghèo (%)")."""
    if _YEAR.search(text):
        return True
    words = tokens(text)
    return len(words) <= 3 and any(has_phrase(words, r) for r in ("plan", "actual", "estimate", "comparison"))


def find_header(grid: Grid, table: str) -> tuple[list[int], dict[str, int]] | None:
    roles = _HEADER_ROLES[table]
    for i, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        fixed = _fixed_columns(row, roles)
        if not any(a in fixed for a in _ANCHORS[table]):
            continue
        header = [i]
        for j in range(i + 1, min(i + MAX_HEADER_ROWS, len(grid.rows))):
            if not _continues_header(grid.rows[j], fixed):
                break
            header.append(j)
            for role, column in _fixed_columns(grid.rows[j], roles).items():
                fixed.setdefault(role, column)
        return header, fixed
    return None


# Header words that name a column however an office words them; tried on cells that are
# no label of their own, in this order (a "Chức vụ, tên đơn vị" column holds positions).
_PHRASE_ROLES = {"recipient_column": ("position_phrase", "recipient_phrase")}


def _fixed_columns(row: list[object], roles: tuple[str, ...]) -> dict[str, int]:
    fixed: dict[str, int] = {}
    loose: list[tuple[int, str]] = []
    for j, cell in enumerate(row):
        if isinstance(cell, str):
            role = cell_role(cell, *roles)
            if role is not None:
                fixed.setdefault(role, j)
            elif "recipient_column" in roles and cell.strip():
                loose.append((j, cell))
    for j, cell in loose:
        role = _phrase_role(cell)
        if role is not None:
            fixed.setdefault(role, j)
    return fixed


@lru_cache(maxsize=4096)
def _phrase_role(text: str) -> str | None:
    if NOT_A_LABEL.search(text):
        return None
    words = tokens(text)
    if has_phrase(words, "position_phrase"):
        return "position_column"
    return "recipient_column" if has_phrase(words, "recipient_phrase") else None


def _continues_header(row: list[object], fixed: dict[str, int]) -> bool:
    """A second header row: the name column is empty (merged from above), the other
    cells are labels, and no cell holds a figure."""
    anchor = next((fixed[r] for r in ("recipient_column", "name_column", "award_column") if r in fixed), None)
    if anchor is not None and anchor < len(row) and not _is_blank(row[anchor]):
        return False
    number = fixed.get("number_column")
    if number is not None and number < len(row) and not _is_blank(row[number]):
        return False  # "A | TẬP THỂ", "I | Chủ tịch UBND tỉnh tặng": the first row of the body
    texts = [c for c in row if not _is_blank(c)]
    if not texts or any(isinstance(c, (int, float)) and not _YEAR.fullmatch(str(int(c))) for c in texts):
        return False
    return not all(_COLUMN_NUMBER.fullmatch(clean(c)) for c in texts)


def _header_cells(grid: Grid, header: list[int]) -> list[list[str]]:
    """The header rows as text with merged ranges filled in, so "Năm 2017" stands above
    both "Kế hoạch" and "Thực hiện". Without merge information (CSV), a label is carried
    right over empty cells that have a label below them."""
    width = max(len(grid.rows[i]) for i in header)
    cells = [[_text_of(c) for c in grid.rows[i]] + [""] * (width - len(grid.rows[i])) for i in header]
    numbers = [grid.row_numbers[i] for i in header]
    if grid.merged:
        for r0, c0, r1, c1 in grid.merged:
            if r0 not in numbers:
                continue
            value = cells[numbers.index(r0)][c0 - 1] if c0 - 1 < width else ""
            for k, number in enumerate(numbers):
                if r0 <= number <= r1:
                    for c in range(c0 - 1, min(c1, width)):
                        if not cells[k][c]:
                            cells[k][c] = value
        return cells
    for k in range(len(cells) - 1):
        for c in range(1, width):
            below = any(cells[m][c] for m in range(k + 1, len(cells)))
            if not cells[k][c] and below and cells[k][c - 1]:
                cells[k][c] = cells[k][c - 1]
    return cells


def _title_year(titles: list[str]) -> int | None:
    """The report's year from its title ("... năm 2017"), not from its date line; else the
    year of the decision a list is titled by ("THEO QUYẾT ĐỊNH SỐ 830/QĐ-UBND NGÀY 28/12/2017")."""
    for line in titles:
        text = _DATE_LINE.sub(" ", fold(line))
        found = _TITLE_YEAR.search(text)
        if found:
            return int(found.group(1))
    for line in titles:
        found = _TITLE_DECISION.search(fold(line))
        if found:
            return int(found.group(1))
    return None


def _columns(cells: list[list[str]], fixed: dict[str, int], table: str, province: str | None,
             title_year: int | None, grid: Grid) -> list[FormColumn]:
    width = len(cells[0])
    taken = set(fixed.values())
    if table == "awards":
        taken -= {fixed.get(r) for r in ("collective_count", "individual_count", "household_count")}
    columns = []
    for j in range(width):
        if j in taken:
            continue
        pieces = list(dict.fromkeys(row[j] for row in cells if row[j]))
        column = FormColumn(j, " / ".join(pieces))
        if not pieces:
            column.ignored = "không có tiêu đề"
        elif table == "indicators":
            _classify_indicator_column(column, pieces, province)
        else:
            _classify_count_column(column, pieces)
        columns.append(column)
    return columns


def _classify_indicator_column(column: FormColumn, pieces: list[str], province: str | None) -> None:
    found = _header_meaning(tuple(pieces), province)
    column.ignored, column.year, column.measure, column.estimate, column.district = found


@lru_cache(maxsize=4096)
def _header_meaning(pieces: tuple[str, ...], province: str | None
                    ) -> tuple[str, int | None, str | None, bool, District | None]:
    """(why ignored, year, measure, estimate, district) of an indicator column's header.
    Offices reuse their headers year after year, so each distinct header is read once."""
    words = [w for p in pieces for w in tokens(p)]
    years = sorted({int(y) for p in pieces for y in _YEAR.findall(p)})
    if has_phrase(words, "comparison") or len(years) > 1:
        return "cột so sánh hoặc cột tính toán", None, None, False, None
    if any(cell_role(p, "total_row") for p in pieces):
        return "cột tổng cộng (tính từ các cột khác)", None, None, False, None
    district = None
    for piece in pieces:
        hit = find_district(piece, province) if not _YEAR.search(piece) else None
        if hit is not None:
            district = hit
    year = years[0] if years else None
    # The lowest header row that names a measure decides it ("Năm 2017" over "Kế hoạch").
    for piece in reversed(pieces):
        piece_words = tokens(piece)
        if has_phrase(piece_words, "estimate"):
            return "", year, "actual", True, district
        if has_phrase(piece_words, "plan"):
            return "", year, "plan", False, district
        if has_phrase(piece_words, "actual"):
            return "", year, "actual", False, district
    rest = [p for p in pieces if not _YEAR.fullmatch(fold(p).replace("nam", "").strip())
            and (district is None or find_district(p, province) is None)]
    if rest and not years:
        return "không rõ cột chứa số liệu gì", None, None, False, district
    return "", year, "actual", False, district  # "Năm 2017" alone is what was achieved


catalog.when_indicators_change(_header_meaning.cache_clear)


def _classify_count_column(column: FormColumn, pieces: list[str]) -> None:
    role = cell_role(pieces[-1], "collective_count", "individual_count", "household_count")
    if role is None and cell_role(pieces[-1], "total_row"):
        column.ignored, column.total = "cột tổng số (chỉ dùng để kiểm tra)", True
        return
    if role is None:
        column.ignored = "không phải cột số lượng"
        return
    column.kind = role.split("_")[0]


title_year = _title_year  # the tidy-table reader finds a title's year the same way
