"""Tidy tables found in grids: the header row and what each column means (headings in
words, per table), what a title says instead of a column, score sheets with criteria across."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from emulation_stats.core.errors import DataError, Term, Words
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import clean, fold, is_none_mark, name_key, parse_number
from emulation_stats.io import Grid
from emulation_stats.io.tables import column_letters
from emulation_stats.load import form_headers, form_places, form_words, forms
from emulation_stats.load.issues import (
    FIGURES,
    FILL_DOWN,
    HEADER_SEARCH_ROWS,
    REQUIRED,
    SCHEMAS,
    Criteria,
    LoadContext,
    _clean_text,
    _concat_rows,
    _constant_headers,
    _Rows,
)
from emulation_stats.units.lists import strip_type_word


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, tuple[str, ...]]:
    """Each heading's columns: one heading may name a column of each table ("Nội dung": an
    indicator form's indicator, a score sheet's criterion)."""
    table = read_reference("columns.csv")
    lookup: dict[str, tuple[str, ...]] = {}
    for column, aliases in zip(table["column"], table["aliases_vi"]):
        for name in [column, *split_aliases(aliases)]:
            key = name_key(name)
            if column not in lookup.get(key, ()):
                lookup[key] = (*lookup.get(key, ()), column)
    return lookup


@lru_cache(maxsize=16)
def _table_columns(table: str) -> frozenset[str]:
    schema = SCHEMAS[table]
    return frozenset(schema.columns) | frozenset(schema.optional) | frozenset(schema.headings)


@lru_cache(maxsize=65536)
def _column_named(text: str, table: str) -> str | None:
    """The tidy column of ``table`` a header cell names, if any (offices reuse their headers);
    a heading no column of the table has keeps its first meaning (it may be a column the
    table ignores, or tell another table)."""
    if form_words.NOT_A_LABEL.search(text):
        return None
    named = _header_lookup().get(name_key(text), ())
    return next((c for c in named if c in _table_columns(table)), named[0] if named else None)


def _find_header(grid: Grid, table: str) -> tuple[int, dict[int, str]] | None:
    wanted = {c for group in REQUIRED[table] for c in group}
    best: tuple[int, dict[int, str]] | None = None
    for i, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        named = ((j, _column_named(c, table)) for j, c in enumerate(row) if c.__class__ is str and c)
        mapping = {j: column for j, column in named if column}
        if mapping and (best is None or len(wanted & set(mapping.values()))
                        > len(wanted & set(best[1].values()))):
            best = (i, mapping)
    if best is None or not wanted & set(best[1].values()):
        return None
    return best


@lru_cache(maxsize=1)
def _table_words() -> dict[str, Words]:
    """A table as a message names it ("bảng khen thưởng", "the awards table"), from
    output_values.csv."""
    values = read_reference("output_values.csv")
    named = values[values["column"] == "table"]
    return {k: Words(vi if vi.startswith("danh sách") else f"bảng {vi}",
                     en if en.endswith("list") else f"the {en} table")
            for k, vi, en in zip(named["value"], named["vi"], named["en"])}


def _missing_columns(mapping: dict[int, str], table: str, given: Mapping[str, object] = {}) -> list[tuple[str, ...]]:
    """The required groups no column names and no title line gives (``given``: the year, the
    assessor a sheet's title names)."""
    named = set(mapping.values()) | set(given)
    # A sheet of own and cross scores side by side names its assessors otherwise (the member;
    # a title line) — said row by row if it does not.
    wide = bool({"points_self", "points_cross"} & named)
    return [g for g in REQUIRED[table] if not set(g) & named and not (wide and "assessor" in g)]


def _written_constants(grid: Grid, table: str, found: tuple[int, dict[int, str]],
                       ctx: LoadContext) -> dict[str, tuple[object, str]]:
    """What a sheet says once above its table instead of in a column: the year ("NĂM 2025",
    the sheet or file name, else the one given) and a score sheet's assessor ("Đơn vị chấm: …"),
    each with where it was read."""
    header_index, mapping = found
    named = set(mapping.values())
    given: dict[str, tuple[object, str]] = {}
    if "year" not in named and (year := _written_year(grid, header_index, ctx.year)) is not None:
        given["year"] = year
    if table == "assessments" and not {"assessor", "assessor_code", "points_self", "points_cross"} & named:
        assessor = _title_assessor(grid, header_index)
        if assessor:
            given["assessor"] = (assessor, "Đơn vị chấm")  # the sheet's own words
    return given


def _written_year(grid: Grid, header_index: int, given: int | None) -> tuple[int, str] | None:
    """The year of a table without a 'Năm' column, where the office wrote it: the title above
    the header ("KẾT QUẢ CHẤM ĐIỂM NĂM 2025"), the sheet name, the file name — else the year
    given (--year, dataset.yaml's ``year:``). With the words that say where."""
    titles = [form_words.text_of(c) for row in grid.rows[:header_index] for c in row if c is not None and c != ""]
    found = form_headers.title_year(titles)
    if found is not None:
        return found, Term("where_title_line")
    named = form_places.years_in_names(grid)
    if named:
        return named[0][1], named[0][0]
    return (given, Term("where_year_given")) if given is not None else None


def _merged_down(grid: Grid, header_index: int, mapping: dict[int, str], body: list[list[object]],
                 warnings: list[pd.DataFrame] | None, taken: list[int]) -> None:
    """Settle cells merged over several data rows: names filled down, figures not."""
    first_data = grid.row_numbers[header_index] + 1
    position = {grid.row_numbers[i]: k for k, i in enumerate(taken)}
    for r0, c0, r1, c1 in grid.merged:
        if r1 <= r0 or r0 < first_data or c0 - 1 not in mapping:
            continue
        column = mapping[c0 - 1]
        span = f"{column_letters(c0 - 1)}{r0}:{column_letters(c1 - 1)}{r1}"
        rows = [position[n] for n in range(r0, r1 + 1) if n in position]
        if not rows:
            continue
        if column in FILL_DOWN:
            value = body[rows[0]][c0 - 1]
            for i in rows[1:]:
                body[i][c0 - 1] = value
            code, message = "merged_cells_filled", Term("merged_filled_down", span=span, value=clean(value),
                                                         first=r0, last=r1)
        else:
            empty = Term("row_number", row=r1) if r1 == r0 + 1 else Term("row_numbers", first=r0 + 1, last=r1)
            code, message = "merged_data_cells", Term("merged_figures", span=span, row=r0, empty=empty)
        if warnings is not None:
            warnings.append(pd.DataFrame([{"source": grid.source(r0), "column": clean(grid.rows[header_index][c0 - 1]),
                                           "code": code, "message": message, "_file": grid.label}]))


def _body(grid: Grid, taken: list[int], width: int, header_index: int, mapping: dict[int, str],
          warnings: list[pd.DataFrame] | None) -> pd.DataFrame:
    """The table's rows as cells, ``width`` columns (a short row padded with empty cells)."""
    rows = list(map(grid.rows.__getitem__, taken))
    lengths = set(map(len, rows))
    if not grid.merged and len(lengths) == 1 and lengths.pop() >= width:  # a CSV's rows: as they are, not copied
        return pd.DataFrame(rows, dtype=object).iloc[:, :width]
    body = [(list(row) + [None] * width)[:width] for row in rows]
    if grid.merged:
        _merged_down(grid, header_index, mapping, body, warnings, taken)
    return pd.DataFrame(body, columns=range(width), dtype=object)


def _rows_from_grid(grid: Grid, table: str, found: tuple[int, dict[int, str]],
                    warnings: list[pd.DataFrame] | None = None,
                    given: Mapping[str, tuple[object, str]] = {}) -> _Rows:
    header_index, mapping = found
    names = list(mapping.values())
    duplicated = {n for n in names if names.count(n) > 1}
    where = grid.source(grid.row_numbers[header_index])
    if duplicated:
        headings = SCHEMAS[table].headings
        raise DataError("columns_repeated", where=where,
                        columns=", ".join(repr(headings.get(n) or n) for n in sorted(duplicated)))
    missing = _missing_columns(mapping, table, given)
    if missing == [g for g in REQUIRED[table] if "year" in g]:
        raise form_words.no_year_error(where, "year_searched_in_table")
    if missing:
        raise _missing_error(where, table, missing)
    width = max(mapping) + 1
    taken = _table_rows(grid, header_index, mapping)
    cells = _body(grid, taken, width, header_index, mapping, warnings)[list(mapping)]
    cells.columns = names
    sources = grid.source_prefix + pd.Series([grid.row_numbers[i] for i in taken], dtype=object).astype(str)
    header_row = grid.rows[header_index]
    headers = _constant_headers(cells.index, {c: clean(header_row[j]) for j, c in mapping.items()})
    for column, (value, said) in given.items():
        if column not in cells:
            cells[column], headers[column] = value, said
    rows = _Rows(cells, sources, headers, pd.Series(grid.label, index=cells.index, dtype=object))
    if {"points_self", "points_cross"} & set(cells.columns):
        cell = ":{}" if grid.sheet is None else "C{}"  # "f.csv:12:5", "f.xlsx#Sheet!R12C5"
        return _one_score_per_row(rows, {c: cell.format(j + 1) for j, c in mapping.items()},
                                  _title_assessor(grid, header_index))
    return rows


def _missing_error(where: str, table: str, missing: list[tuple[str, ...]]) -> DataError:
    """The columns a sheet lacks, by the headings a user writes, never the library's field names."""
    headings = SCHEMAS[table].headings
    listed = Words(*("; ".join(f" {word} ".join(f"'{headings.get(c) or c}'" for c in g) for g in missing)
                     for word in ("hoặc", "or")))
    hint = Term("or_assessor_line") if any("assessor" in g for g in missing) else ""
    return DataError("columns_missing", where=where, columns=listed, hint=hint)


def _table_rows(grid: Grid, header_index: int, mapping: dict[int, str]) -> list[int]:
    """The grid rows under a header that hold the table: not a totals row ("Cộng", "Tổng
    cộng" where a member is named: derived from the rows above), and not from the signature
    block on (a "Người lập biểu" or "TM. UBND" line without a figure) — as offices end a sheet."""
    rows = range(header_index + 1, len(grid.rows))
    if grid.sheet is None:  # a CSV or text export holds the table only
        return list(rows)
    figures = [j for j, c in mapping.items() if c in FIGURES]
    names = [j for j, c in mapping.items() if c in ("member", "assessor", "award", "criterion")]
    taken = []
    for i in rows:
        row = grid.rows[i]
        cells = [row[j] if j < len(row) else None for j in figures]
        if not any(_is_figure(c) for c in cells) and forms.is_footer(row):
            break
        named_cells = (row[j] if j < len(row) else None for j in names)
        if any(isinstance(c, str) and form_words.is_total(c) for c in named_cells):
            continue
        taken.append(i)
    return taken


def _is_figure(cell: object) -> bool:
    """A number, or text that reads as one ("18", "8,5")."""
    if isinstance(cell, (int, float)):
        return True
    try:
        return isinstance(cell, str) and bool(cell.strip()) and parse_number(cell) is not None
    except ValueError:
        return False


_ASSESSOR_LINE = re.compile(r"^\s*(?:don vi cham(?: cheo)?|doan cham(?: cheo)?|don vi tham dinh)\s*:\s*(\S.*)$")


def _title_assessor(grid: Grid, header_index: int) -> str:
    """Who gave a score sheet's cross scores, where a title line says it ("Đơn vị chấm: UBND
    huyện Kbang"); "" where none does."""
    for row in grid.rows[:header_index]:
        for cell in row:
            text = clean(cell) if isinstance(cell, str) else ""
            found = _ASSESSOR_LINE.match(fold(text)) if text else None
            if found:
                return text[text.index(":") + 1:].strip()
    return ""


def _criteria_across(grid: Grid, found: tuple[int, dict[int, str]], criteria: Criteria | None) -> dict[int, str]:
    """A score sheet with the rubric's criteria across its header ("Hoàn thành nhiệm vụ (60
    điểm)"), where no column says "Tiêu chí" and "Điểm": each such column and its criterion's
    name as written (the maximum in brackets left off)."""
    header_index, mapping = found
    if criteria is None or {"criterion", "points", "points_self", "points_cross"} & set(mapping.values()):
        return {}
    across = {}
    for j, cell in enumerate(grid.rows[header_index]):
        if j in mapping or not isinstance(cell, str):
            continue
        written = re.sub(r"\s*\([^()]*\)\s*$", "", clean(cell))
        if criteria.names.get(name_key(written)):
            across[j] = written
    return across


def _scores_across(grid: Grid, found: tuple[int, dict[int, str]], across: dict[int, str],
                   given: Mapping[str, tuple[object, str]]) -> _Rows:
    """One score per cell of a sheet with the criteria across; a "Tổng" column is left to
    the sum it is. The assessor's own row without a score is no score."""
    header_index, mapping = found
    where = grid.source(grid.row_numbers[header_index])
    missing = _missing_columns({**mapping, **dict.fromkeys(across, "points"), -1: "criterion"}, "assessments", given)
    if missing:
        raise _missing_error(where, "assessments", missing)
    taken = _table_rows(grid, header_index, mapping)
    width = max([*mapping, *across]) + 1
    body = pd.DataFrame([(list(grid.rows[i]) + [None] * width)[:width] for i in taken], columns=range(width),
                        dtype=object)
    header_row = grid.rows[header_index]
    rows = grid.source_prefix + pd.Series([grid.row_numbers[i] for i in taken], dtype=object).astype(str)
    cell = ":{}" if grid.sheet is None else "C{}"
    parts = []
    for j, written in across.items():
        cells = body[list(mapping)].copy()
        cells.columns = list(mapping.values())
        cells["criterion"], cells["points"] = written, body[j]
        headings = {c: clean(header_row[k]) for k, c in mapping.items()}
        headings.update(criterion=clean(header_row[j]), points=clean(header_row[j]))
        for column, (value, said) in given.items():
            if column not in cells:
                cells[column], headings[column] = value, said
        keep = ~_own_row_unscored(cells)
        parts.append(_Rows(cells[keep], (rows + cell.format(j + 1))[keep],
                           _constant_headers(cells.index[keep], headings),
                           pd.Series(grid.label, index=cells.index[keep], dtype=object)))
    return _concat_rows(parts) if len(parts) > 1 else parts[0]


def _own_row_unscored(cells: pd.DataFrame) -> pd.Series:
    """The assessor's own row of a cross-scoring sheet left blank or "-": no score, not a
    missing one (one does not cross-score oneself)."""
    if "assessor" not in cells or "member" not in cells:
        return pd.Series(False, index=cells.index)
    own = cells["assessor"].map(_member_key) == cells["member"].map(_member_key)
    return own & cells["points"].map(lambda v: v is None or is_none_mark(v) or clean(v) == "")


def _member_key(name: object) -> str:
    """A member's name as two cells of one sheet may write it ("UBND huyện Kbang", "Kbang")."""
    text = clean(name)
    return name_key(strip_type_word(re.sub(r"(?i)^(?:ubnd|ủy ban nhân dân)\s+", "", text))) if text else ""


def _one_score_per_row(rows: _Rows, cell_of: dict[str, str], title_assessor: str) -> _Rows:
    """A score sheet with the member's own score beside the cross score ("Điểm tự chấm |
    Điểm chấm chéo"): one row per score, its cell the source. The own score's assessor is
    the member; the cross score's the sheet's "Đơn vị chấm" column, else its title line (a
    cross score no one is named for is refused by the loader, saying what to write)."""
    cells, parts = rows.cells, []
    wide = [c for c in ("points_self", "points_cross") if c in cells and cells[c].map(_clean_text).ne("").any()]
    for column in wide:
        part = cells.drop(columns=[c for c in ("points", "points_self", "points_cross") if c in cells])
        headers = rows.headers.drop(columns=[c for c in ("points", "points_self", "points_cross") if c in rows.headers])
        part["points"], headers["points"] = cells[column], rows.headers[column]
        if column == "points_self":
            part = part.drop(columns=[c for c in ("assessor", "assessor_code") if c in part])
            for own, assessor in (("member", "assessor"), ("member_code", "assessor_code")):
                if own in part:
                    part[assessor], headers[assessor] = part[own], rows.headers[own]
        elif "assessor" not in part and "assessor_code" not in part:
            part["assessor"], headers["assessor"] = title_assessor, "Đơn vị chấm"
        sources = rows.sources + cell_of[column]
        keep = ~_own_row_unscored(part) if column == "points_cross" else pd.Series(True, index=part.index)
        parts.append(_Rows(part[keep], sources[keep], headers[keep], rows.files[keep]))
    if not parts:
        return _Rows(cells.drop(columns=["points_self", "points_cross"], errors="ignore").assign(points=""),
                     rows.sources, rows.headers.assign(points="Điểm"), rows.files)
    return _concat_rows(parts) if len(parts) > 1 else parts[0]
