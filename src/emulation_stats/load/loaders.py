"""Tidy loaders that never lose a row.

Every ``load_*`` takes one path, several paths or a folder of .csv/.xlsx files whose
columns are those of docs/design.md or their Vietnamese headers ("Huyện", "Năm",
"Chỉ tiêu", "Giá trị", "ĐVT", ...; ``data/reference/columns.csv``). It returns
``(DataFrame, LoadReport)`` with ``rows_read == rows_loaded + len(rejected)``: a row is
either loaded or rejected with a reason naming its file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.frames import (
    ERROR_COLUMNS,
    FILE_COLUMNS,
    REJECTED_COLUMNS,
    WARNING_COLUMNS,
    apply_unique,
    apply_unique_columns,
    concat_frames,
    empty_frame,
    key_codes,
)
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.schema import schemas
from emulation_stats.core.text import clean, fold, format_number, is_none_mark, name_key, parse_number, show_value
from emulation_stats.io import Grid, display_path, read_grids
from emulation_stats.io.cellformats import sheet_formats
from emulation_stats.io.tables import column_letters, formula_cells
from emulation_stats.load import forms
from emulation_stats.load.dedupe import absorb_repeats, aggregate_recipients, split_duplicates
from emulation_stats.load.fields import (
    PAIR_SEPARATOR,
    parse_districts,
    parse_flags,
    parse_numbers,
    parse_vocabulary,
    parse_years,
)
from emulation_stats.load.report import LoadReport
from emulation_stats.units.agencies import agencies_like, match_agency
from emulation_stats.units.lists import (
    FIRST_NEW_YEAR,
    LAST_OLD_DAY,
    districts,
    match_unit,
    predecessors,
    province_parts,
    reform_words,
    strip_type_word,
    unit_by_code,
)
from emulation_stats.units.restate import unit_eras

SUFFIXES = (".csv", ".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 10

# Each table's columns, required groups, duplicate keys, figures, fill-down columns and
# types are data (data/reference/schemas.csv, read by schema.py); these are its views.
SCHEMAS = schemas()
COLUMNS = {t: s.columns for t, s in SCHEMAS.items()}
REQUIRED = {t: s.required for t, s in SCHEMAS.items()}  # each group: at least one of its columns
KEYS = {t: (s.keys, s.compared) for t, s in SCHEMAS.items()}  # equal keys: duplicates; compared: conflict?
OPTIONAL = {t: s.optional for t, s in SCHEMAS.items()}  # only where they say something
FILL_DOWN = set().union(*(s.fill_down for s in SCHEMAS.values()))  # figures are never copied down
FIGURES = set().union(*(s.figures for s in SCHEMAS.values()))  # a long text there is "not a number"
NON_TEXT = {c: d for s in SCHEMAS.values() for c, d in s.dtypes.items() if d != "str"}


@dataclass
class LoadContext:
    """What a loader may know beyond the file: the province, display spellings, the cluster."""

    province: str | None = None
    display_names: dict[str, str] = field(default_factory=dict)
    cluster: str | None = None
    engine: str = "calamine"
    district: str | None = None  # the district of one-district report forms, if given
    by_recipient: bool = False  # awards: one row per recipient of a decision list
    # The cluster's members by year (``year, member_code, member``, and ``member_type``):
    # a row of anyone else is refused (``not_a_member``); an agency is found by its name or
    # code in this list. Empty: no check (a file loaded on its own).
    members: pd.DataFrame | None = None
    # The rubric's assessed criteria (``Criteria``): assessment rows name one of them by
    # key, label or alias, or are refused (``unknown_criterion``).
    criteria: Criteria | None = None
    # The year of tables whose files write none (--year, dataset.yaml's ``year:``).
    year: int | None = None


@dataclass(frozen=True)
class Criteria:
    """What an assessment may name: each name key -> the criterion's key, and each key's
    label and maximum points (a score above it is refused)."""

    names: dict[str, str]
    labels: dict[str, str]
    maximum: dict[str, float]

    @classmethod
    def from_rubric(cls, rubric: dict | None) -> Criteria | None:
        """From rubric.yaml's content: the criteria scored from assessments and the
        assessment criteria bonuses and penalties read. None when there are none."""
        if not isinstance(rubric, dict):
            return None
        names: dict[str, str] = {}
        labels: dict[str, str] = {}
        maximum: dict[str, float] = {}
        for item in rubric.get("criteria") or []:
            if not isinstance(item, dict) or item.get("method") != "assessed":
                continue
            key = str(item.get("criterion") or item.get("key") or "")
            labels[key] = str(item.get("label") or key)
            aliases = item.get("aliases") or []
            for name in [key, str(item.get("key") or ""), labels[key],
                         *(aliases if isinstance(aliases, list) else split_aliases(str(aliases)))]:
                if name:
                    names.setdefault(name_key(str(name)), key)
            try:
                maximum[key] = float(item.get("max_points"))
            except (TypeError, ValueError):
                pass
        for kind in ("bonus", "penalty"):
            for item in rubric.get(kind) or []:
                if isinstance(item, dict) and item.get("criterion"):
                    key = str(item["criterion"])
                    names.setdefault(name_key(key), key)
                    labels.setdefault(key, str(item.get("label") or key))
        return cls(names, labels, maximum) if names else None

    def listed(self) -> str:
        return "; ".join(f"{k} ({v})" if v != k else k for k, v in self.labels.items())


# --- reading a grid into rows with named columns ------------------------------------

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


@dataclass
class _Rows:
    """Data rows (of one grid, or of many concatenated), cells under canonical names.

    ``headers`` holds, per row and column, the header text a message should name: in a
    report form the figures of one row come from columns with different headers.
    """

    cells: pd.DataFrame
    sources: pd.Series
    headers: pd.DataFrame
    files: pd.Series

    def col(self, name: str) -> pd.Series | None:
        return self.cells[name] if name in self.cells else None

    def text(self, name: str) -> pd.Series:
        """A column as clean text ("" where absent or empty)."""
        column = self.col(name)
        if column is None:
            return pd.Series("", index=self.cells.index, dtype=object)
        return apply_unique(column, _clean_text)

    def header(self, column: str, mask: pd.Series) -> pd.Series | str:
        return self.headers[column][mask] if column in self.headers else column


def _constant_headers(index: pd.Index, headers: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(h, index=index, dtype=object) for c, h in headers.items()},
                        index=index)


def _concat_rows(parts: list[_Rows]) -> _Rows:
    """All grids of a load as one set of rows, so each field is parsed once per load."""
    if len(parts) == 1:
        return parts[0]
    cells = pd.concat([p.cells for p in parts], ignore_index=True)
    headers = pd.concat([p.headers for p in parts], ignore_index=True)
    return _Rows(cells.astype(object), pd.concat([p.sources for p in parts], ignore_index=True),
                 headers.astype(object), pd.concat([p.files for p in parts], ignore_index=True))


def _clean_text(value: object) -> str:
    text = clean(value)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the apostrophe an export put there to stop a spreadsheet running it
    return "" if text in ("-", "--") else text


@lru_cache(maxsize=65536)
def _column_named(text: str, table: str) -> str | None:
    """The tidy column of ``table`` a header cell names, if any (offices reuse their headers);
    a heading no column of the table has keeps its first meaning (it may be a column the
    table ignores, or tell another table)."""
    if forms.NOT_A_LABEL.search(text):
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
def _table_words() -> dict[str, str]:
    """A table as a message names it ("bảng khen thưởng"), from output_values.csv."""
    values = read_reference("output_values.csv")
    named = values[values["column"] == "table"]
    return {k: v if v.startswith("danh sách") else f"bảng {v}" for k, v in zip(named["value"], named["vi"])}


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
            given["assessor"] = (assessor, "Đơn vị chấm")
    return given


def _written_year(grid: Grid, header_index: int, given: int | None) -> tuple[int, str] | None:
    """The year of a table without a 'Năm' column, where the office wrote it: the title above
    the header ("KẾT QUẢ CHẤM ĐIỂM NĂM 2025"), the sheet name, the file name — else the year
    given (--year, dataset.yaml's ``year:``). With the words that say where."""
    titles = [forms.text_of(c) for row in grid.rows[:header_index] for c in row if c is not None and c != ""]
    found = forms.title_year(titles)
    if found is not None:
        return found, "dòng tiêu đề"
    named = forms.years_in_names(grid)
    if named:
        return named[0][1], named[0][0]
    return (given, "năm đã chỉ rõ") if given is not None else None


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
            code, message = "merged_cells_filled", (f"ô gộp {span}: giá trị '{clean(value)}' được dùng cho các "
                                                    f"dòng {r0}–{r1}")
        else:
            empty = f"dòng {r1}" if r1 == r0 + 1 else f"các dòng {r0 + 1}–{r1}"
            code, message = "merged_data_cells", (f"ô gộp {span} trong cột số liệu: chỉ dòng {r0} có số liệu, "
                                                  f"{empty} để trống")
        if warnings is not None:
            warnings.append(pd.DataFrame([{"source": grid.source(r0), "column": clean(grid.rows[header_index][c0 - 1]),
                                           "code": code, "message": message, "_file": grid.label}]))


def _rows_from_grid(grid: Grid, table: str, found: tuple[int, dict[int, str]],
                    warnings: list[pd.DataFrame] | None = None,
                    given: Mapping[str, tuple[object, str]] = {}) -> _Rows:
    header_index, mapping = found
    names = list(mapping.values())
    duplicated = {n for n in names if names.count(n) > 1}
    where = grid.source(grid.row_numbers[header_index])
    if duplicated:
        headings = SCHEMAS[table].headings
        raise DataError(f"{where}: cột bị lặp: {', '.join(repr(headings.get(n) or n) for n in sorted(duplicated))}")
    missing = _missing_columns(mapping, table, given)
    if missing == [g for g in REQUIRED[table] if "year" in g]:
        raise DataError(forms.no_year_message(where, "ở cột 'Năm', dòng tiêu đề, tên trang tính và tên tệp"))
    if missing:
        raise DataError(_missing_message(where, table, missing))
    width = max(mapping) + 1
    taken = _table_rows(grid, header_index, mapping)
    body = [(list(grid.rows[i]) + [None] * width)[:width] for i in taken]
    if grid.merged:
        _merged_down(grid, header_index, mapping, body, warnings, taken)
    cells = pd.DataFrame(body, columns=range(width), dtype=object)[list(mapping)]
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


def _missing_message(where: str, table: str, missing: list[tuple[str, ...]]) -> str:
    """The columns a sheet lacks, by the headings a user writes, never the library's field names."""
    headings = SCHEMAS[table].headings
    listed = "; ".join(" hoặc ".join(f"'{headings.get(c) or c}'" for c in g) for g in missing)
    hint = " (hoặc dòng 'Đơn vị chấm: ...' trên bảng)" if any("assessor" in g for g in missing) else ""
    return f"{where}: thiếu cột {listed}{hint}"


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
        if any(isinstance(c, str) and forms.is_total(c) for c in (row[j] if j < len(row) else None for j in names)):
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
        raise DataError(_missing_message(where, "assessments", missing))
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


# What the records of a form hold beyond the table's own columns, and which header
# names each column in messages.
_FORM_EXTRA = {"indicators": ["_rank"], "awards": ["recipient", "position", "decision", "decision_date"]}


class _FormBatch:
    """The records of every form of one load, gathered as lists and made into one set of
    rows at the end: a frame per form would cost more than reading the form."""

    HEADER_ROLES = {"indicator": ("name_column", "chỉ tiêu"), "unit": ("unit_column", "ĐVT"),
                    "award": ("award_column", "hình thức khen thưởng"),
                    "authority": ("authority_column", "cấp khen"),
                    "recipient_kind": ("kind_column", "đối tượng"), "posthumous": ("note_column", "ghi chú")}

    def __init__(self, table: str):
        self.table = table
        self.columns: dict[str, list[object]] = {}
        self.per_form: list[dict[str, str]] = []
        self.sizes: list[int] = []
        self.column_headers: list[object] = []
        self.rows_so_far = 0

    def add(self, form: forms.Form) -> None:
        records = form.records()
        n = len(records["source"])
        if not n:
            return
        for name, values in records.items():
            if name not in self.columns:  # a column earlier forms did not have
                self.columns[name] = [""] * self.rows_so_far
            self.columns[name].extend(values)
        header_row = form.grid.rows[form.header[0]]
        place = f"đơn vị theo {form.district_from}" if form.district_from else "tiêu đề cột"
        constant = {"member": place, "member_code": place, "_file": form.grid.label}
        for column, (role, default) in self.HEADER_ROLES.items():
            j = form.fixed.get(role)
            constant[column] = clean(header_row[j]) if j is not None and j < len(header_row) else default
        self.per_form.append(constant)  # spread to the form's rows at the end
        self.columns.setdefault("_era", [""] * self.rows_so_far).extend([form.era] * n)
        self.sizes.append(n)
        self.column_headers.extend(records["header"])
        self.rows_so_far += n
        for values in self.columns.values():  # a column only some forms have
            values.extend([""] * (self.rows_so_far - len(values)))

    def rows(self) -> _Rows | None:
        if not self.rows_so_far:
            return None
        cells = pd.DataFrame({c: pd.Series(v, dtype=object)
                              for c, v in self.columns.items() if c not in ("source", "header")})
        headers = pd.DataFrame(self.per_form, dtype=object).loc[np.repeat(np.arange(len(self.sizes)), self.sizes)]
        headers = headers.reset_index(drop=True)
        for column in ("value" if self.table == "indicators" else "count", "measure", "year"):
            headers[column] = pd.Series(self.column_headers, dtype=object)
        return _Rows(cells, pd.Series(self.columns["source"], dtype=object), headers.drop(columns="_file"),
                     headers["_file"])


# --- collecting problems row by row --------------------------------------------------

class _Issues:
    """The first reason each row is rejected for, and the warnings of kept rows."""

    def __init__(self, rows: _Rows):
        self.rows = rows
        index = rows.cells.index
        self.code = pd.Series(None, index=index, dtype=object)
        self.column = pd.Series(None, index=index, dtype=object)
        self.message = pd.Series(None, index=index, dtype=object)
        self.free = np.ones(len(index), dtype=bool)  # rows without a rejection yet
        self.warnings: list[pd.DataFrame] = []

    def reject(self, errors: pd.Series, column: str, code: str) -> None:
        found = errors.to_numpy(dtype=object)
        found = (found != "") & pd.notna(found)  # numpy on the raw array: pandas costs more here
        found &= self.free
        if not found.any():
            return
        self.free &= ~found
        mask = pd.Series(found, index=errors.index)
        self.code[mask] = code
        self.column[mask] = column
        self.message[mask] = errors[mask]

    def reject_where(self, mask: pd.Series, column: str, code: str, message: str | pd.Series) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        errors = pd.Series("", index=mask.index, dtype=object)
        errors[mask] = message[mask] if isinstance(message, pd.Series) else message
        self.reject(errors, column, code)

    def warn(self, mask: pd.Series, column: str, code: str, message: str | pd.Series) -> None:
        mask = mask.fillna(False).astype(bool) & self.free  # a refused row needs no further warning
        if not mask.any():
            return
        text = message[mask] if isinstance(message, pd.Series) else message
        self.warnings.append(pd.DataFrame({
            "source": self.rows.sources[mask], "column": self.rows.header(column, mask), "code": code,
            "message": text, "_file": self.rows.files[mask]}))

    def warn_once(self, mask: pd.Series, column: str, code: str, by: pd.Series, message: str) -> None:
        """One warning per file and distinct ``by`` value (an unknown name in 200 rows is one
        thing to fix, not 200): the first row's source, ``message`` and how many rows."""
        mask = mask.fillna(False).astype(bool) & self.free
        if not mask.any():
            return
        picked = pd.DataFrame({"source": self.rows.sources[mask], "_file": self.rows.files[mask],
                               "by": by[mask], "column": self.rows.header(column, mask)})
        _, where, sizes = np.unique(key_codes(picked, ["_file", "by"]), return_index=True, return_counts=True)
        order = np.argsort(where)
        first = picked.iloc[where[order]].reset_index(drop=True)
        sizes = sizes[order]
        more = pd.Series(np.where(sizes > 1, [f" ({n} dòng)" for n in sizes], ""), index=first.index)
        self.warnings.append(pd.DataFrame({
            "source": first["source"], "column": first["column"], "code": code,
            "message": first["by"].map(lambda v: message.format(by=v)) + more, "_file": first["_file"]}))

    @property
    def bad(self) -> pd.Series:
        return pd.Series(~self.free, index=self.code.index)

    def rejected(self) -> pd.DataFrame:
        bad = self.bad
        if not bad.any():  # the usual case: nothing to say, and nothing to build it from
            return empty_frame(["source", "column", "code", "reason", "_file"])
        headers = self.column[bad].astype(object)
        for column in headers.unique():
            mask = bad & (self.column == column)
            headers[mask[bad]] = self.rows.header(column, mask)
        sources = self.rows.sources[bad]
        reasons = sources + ", cột '" + headers + "': " + self.message[bad]
        return pd.DataFrame({"source": sources, "column": headers, "code": self.code[bad],
                             "reason": reasons, "_file": self.rows.files[bad]})


MAX_CELL_CHARACTERS = 1_000  # no name, unit or figure is longer; a longer cell is a paste gone wrong


# Warnings an unsaved formula can cause: it reads as an empty cell.
EMPTY_CELL_WARNINGS = ("no_value", "empty_table")


def _formula_notes(files: list[Path], refused: Iterable[str], warnings: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Workbooks with empty or refused cells may hold formulas saved without their values
    (written by a program, never opened in Excel): say so where it is the case. Only
    workbooks with refused rows (``refused``: their sheets) or empty cells reported are
    looked into, so a clean load costs nothing."""
    troubled = set(refused)
    for frame in warnings:
        troubled |= set(frame.loc[frame["code"].isin(EMPTY_CELL_WARNINGS), "_file"])
    troubled_files = {label.partition("#")[0] for label in troubled}  # "folder/file.xlsx#Sheet" -> the file
    notes = []
    for path in files:
        label = display_path(path)
        if path.suffix.lower() not in (".xlsx", ".xlsm") or label not in troubled_files:
            continue
        for sheet, found in sheet_formats(path, formulas=True).items():
            if found.formulas_without_value:  # each cell named as Excel names it
                notes.append(pd.DataFrame([{
                    "source": f"{label}#{sheet}", "column": "", "code": "formula_without_value",
                    "message": f"ô {formula_cells(found)} có công thức nhưng chưa có giá trị tính sẵn (tệp do chương "
                               "trình tạo, chưa mở bằng Excel) nên được đọc là ô trống; hãy mở tệp bằng Excel, lưu "
                               "lại rồi nạp lại",
                    "_file": f"{label}#{sheet}"}]))
    return notes


def _reject_long_text(rows: _Rows, issues: _Issues) -> None:
    for column in rows.cells.columns:
        if column.startswith("_") or column in FIGURES:
            continue
        texts = filter(str.__instancecheck__, rows.cells[column].to_numpy(dtype=object))
        if max(map(len, texts), default=0) <= MAX_CELL_CHARACTERS:  # the usual case, at C speed
            continue
        lengths = apply_unique(rows.cells[column], lambda v: len(v) if isinstance(v, str) else 0).astype(int)
        long = lengths > MAX_CELL_CHARACTERS
        if long.any():
            issues.reject_where(long, column, "text_too_long",
                                "ô dài " + lengths[long].astype(int).map("{:,}".format).str.replace(",", ".")
                                + f" ký tự (tối đa {MAX_CELL_CHARACTERS:,})".replace(",", "."))


# --- the tables ----------------------------------------------------------------------

# An award or a proposal for a unit that no longer exists is more than a figure kept for
# an old unit: the law does not allow it (Thông tư 15/2025/TT-BNV).
DISSOLVED = ("dissolved_unit", "; theo Thông tư 15/2025/TT-BNV không khen thưởng, đề nghị khen thưởng cho đơn vị đã "
                               "giải thể do sắp xếp")


def _district_columns(rows: _Rows, issues: _Issues, ctx: LoadContext, needed: pd.Series | None = None,
                      name: str = "member", code: str = "member_code",
                      gone: tuple[str, str] = ("unit_no_longer_exists", ""),
                      refuse_gone: bool = False) -> tuple[pd.Series, pd.Series]:
    eras = _eras(rows)
    codes, gso, errors, notes = parse_districts(rows.col(name), rows.col(code), rows.cells.index, ctx.province, eras)
    members = ctx.members if ctx.members is not None and len(ctx.members) else None
    latest = members.sort_values("year").drop_duplicates("member_code", keep="last") if members is not None else None
    agency = _cluster_agencies(rows, name, code, members, ctx.province)
    if agency is not None:  # the cluster's own list before the national one
        found = agency.notna()
        codes = codes.where(~found, agency)
        gso = gso.where(~found, agency.map(pd.Series(latest["member"].to_numpy(), index=latest["member_code"])))
        errors, notes = errors.where(~found, ""), notes.where(~found, "")
        errors = _agency_hints(rows, name, errors, members)
    elif members is not None:
        errors = _member_hints(rows, name, errors, members)
    if needed is not None:
        errors, notes = errors.where(needed, ""), notes.where(needed, "")
    column = name if name in rows.cells else code
    issues.reject(errors, column, "unknown_district")
    if (notes != "").any() and refuse_gone:  # a cluster of a year after the reform cannot have a unit that is gone
        said = notes.str.replace(reform_words("kept_old"), "", regex=False) + reform_words("not_a_member_now")
        issues.reject_where(notes != "", column, gone[0], said)
    elif (notes != "").any():
        issues.warn_once(notes != "", column, gone[0], notes, "{by}" + gone[1])
    if not ctx.display_names and members is None:
        return codes, gso  # no cluster spelling to apply
    display = codes.map(pd.Series(ctx.display_names, dtype=object)).astype(object)
    if latest is not None:
        # Codes repeat across the reform (old Thị trấn Kon Dơng and new Xã Mang Yang are both
        # 23794): the cluster's spelling names only rows of its members' own period.
        period = pd.Series(np.where(latest["year"].astype(int) >= FIRST_NEW_YEAR, "new", "old"),
                           index=latest["member_code"].to_numpy())
        display = display.where(codes.map(period) == eras)
    display = display.where(display.notna() & (display != ""), gso)
    if members is not None and "year" in rows.cells:
        _check_members(rows, codes, gso, column, members, issues)
    return codes, display


def _agency_names(members: pd.DataFrame | None) -> dict[str, str]:
    """The cluster's agencies, name -> code: a khối's forms are titled with them."""
    if members is None or "member_type" not in members:
        return {}
    agencies = members[members["member_type"] == "agency"].drop_duplicates("member_code")
    return dict(zip(agencies["member"], agencies["member_code"]))


def _cluster_agencies(rows: _Rows, name: str, code: str, members: pd.DataFrame | None,
                      province: str | None = None) -> pd.Series | None:
    """The code of the cluster's agency each row names (by its code or its name, in full or
    abbreviated; NaN where none), or None when the cluster has no agency. An agency (Sở Tài
    chính, Công an xã …) is in no official list: only the cluster file knows it."""
    agencies = _agency_names(members)
    if not agencies:
        return None
    codes = set(agencies.values())
    found = pd.Series(np.nan, index=rows.cells.index, dtype=object)
    if code in rows.cells:
        found = rows.text(code).where(lambda c: c.isin(codes))
    if name in rows.cells:
        named = apply_unique(rows.cells[name], lambda v: (hit[0] if (hit := match_agency(clean(v), agencies, province))
                                                          else np.nan))
        found = found.fillna(named)
    return found


def _member_hints(rows: _Rows, name: str, errors: pd.Series, members: pd.DataFrame) -> pd.Series:
    """A name that is no unit, said with the cluster's members it may mean ("Kbangg": có
    phải huyện Kbang?)."""
    if name not in rows.cells or not (errors != "").any():
        return errors
    bare = {name_key(strip_type_word(str(m))): str(m) for m in members["member"].drop_duplicates()}

    def hint(written: str) -> str:
        key = name_key(strip_type_word(written))
        like = difflib.get_close_matches(key, list(bare), n=2, cutoff=0.6)
        return f"; có phải {' hay '.join(bare[k] for k in like)}?" if like else ""

    open_ = (errors != "") & ~errors.str.contains("gợi ý", regex=False)  # the unit lists' own suggestion first
    written = rows.text(name).where(open_, "")
    return errors + apply_unique(written, lambda w: hint(w) if w else "")


def _agency_hints(rows: _Rows, name: str, errors: pd.Series, members: pd.DataFrame | None) -> pd.Series:
    """In a khối, a name found neither in its list nor among units is said as a member the
    khối does not have, with the agencies it may mean ("Sở Tài chánh" -> Sở Tài chính)."""
    agencies = _agency_names(members)
    if not agencies or name not in rows.cells or not (errors != "").any():
        return errors
    listed = ", ".join(agencies)

    def said(written: str) -> str:
        like = agencies_like(written, agencies)
        hint = f"có phải {' hay '.join(like)}?" if like else f"các thành viên của Khối: {listed}"
        return f"'{written}' không có trong danh sách Khối (clusters) và không phải đơn vị hành chính; {hint}"

    written = rows.text(name)
    return errors.where(errors == "", apply_unique(written.where(errors != "", ""), lambda w: said(w) if w else ""))


def _eras(rows: _Rows) -> pd.Series:
    """Which list of units each row's member comes from: a form says it by its report's
    year (a 2025 report repeating 2024 figures is still a new unit's); a table row by its
    ``era`` column where it has one ("mới", "sau sắp xếp"), else by its own year (2025
    and later: the units since the reform)."""
    if "_era" in rows.cells:
        given = rows.cells["_era"].to_numpy(dtype=object)
        if np.isin(given, ["old", "new"]).all():  # forms only: each row's period is given
            return rows.cells["_era"]
    given = rows.text("_era")
    if "era" in rows.cells:  # a table's own column; what it cannot be read as falls to the year
        written = rows.text("era")
        known = apply_unique(written, lambda v: (_eras_vocabulary().candidates(v) or ("",))[0])
        given = given.where(given != "", known)
    missing = given == ""
    if missing.any() and "year" in rows.cells:
        years = parse_years(rows.cells.loc[missing, "year"], last_year=dt.date.today().year + 1)[0]
        given[missing] = np.where((years.astype(float) >= FIRST_NEW_YEAR).fillna(False), "new", "old")
    return given.where(given != "", "old")


def _check_members(rows: _Rows, codes: pd.Series, gso: pd.Series, column: str, members: pd.DataFrame,
                   issues: _Issues) -> None:
    """A row of a unit that is not a member of the cluster in its year is refused, with the
    members it may have meant. A year the cluster file does not list takes the nearest
    listed year's members (a report repeats last year's figures)."""
    years, _ = parse_years(rows.cells["year"], last_year=dt.date.today().year + 1)
    listed = np.array(sorted(members["year"].unique()))
    year_values = years.astype(float).to_numpy()
    nearest = listed[np.abs(listed[None, :] - np.nan_to_num(year_values)[:, None]).argmin(axis=1)]
    pairs = pd.Series(nearest.astype(int).astype(str), index=codes.index) + PAIR_SEPARATOR + codes
    known = set(members["year"].astype(int).astype(str) + PAIR_SEPARATOR + members["member_code"])
    # A cluster formed after the reform: the old units its members were made of belong to it
    # for the years before (their figures are what restate turns into the members').
    if (members["year"].astype(int) >= FIRST_NEW_YEAR).any():
        parts = predecessors()
        known |= {f"{int(y)}{PAIR_SEPARATOR}{old}" for y, code in zip(members["year"], members["member_code"])
                  if int(y) >= FIRST_NEW_YEAR for old in parts.get(code, ())}
    outside = (codes != "") & years.notna() & ~pairs.isin(known)
    if not outside.any():
        return
    names = members.drop_duplicates("member_code").set_index("member_code")["member"]

    successors = members.drop_duplicates("member_code").set_index("member_code") \
        if "successor" in members else None

    def message(pair: str) -> str:
        if not pair:
            return ""
        year, code = pair.split(PAIR_SEPARATOR)
        found = gso[codes == code].iloc[0] if (codes == code).any() else code
        if successors is not None and code in successors.index and successors.at[code, "successor"] \
                and int(year) >= successors.at[code, "successor_from"]:  # an agency named by a name it lost
            return f"{found} (mã {code}) {successors.at[code, 'successor']}: năm {year} hãy ghi đơn vị mới"
        in_year = members.loc[members["year"].astype(int) == int(year), "member_code"]
        guess = difflib.get_close_matches(name_key(str(found)), [name_key(str(names[c])) for c in in_year], n=2,
                                          cutoff=0.5)
        by_key = {name_key(str(names[c])): str(names[c]) for c in in_year}
        hint = f"; có phải {' hay '.join(by_key[g] for g in guess)}?" if guess else \
            f"; thành viên năm {year}: {', '.join(str(names[c]) for c in in_year)}"
        return f"{found} (mã {code}) không phải thành viên của Cụm năm {year}{hint}"

    issues.reject_where(outside, column, "not_a_member", apply_unique(pairs.where(outside, ""), message))


def _years(rows: _Rows, issues: _Issues) -> pd.Series:
    years, errors = parse_years(rows.cells["year"])
    issues.reject(errors, "year", "bad_year")
    return years


def _sources(rows: _Rows) -> pd.Series:
    """The row's place in its file, followed by the document it cites, if any."""
    cited = rows.text("source")
    return rows.sources.where(cited == "", rows.sources + " ← " + cited)


def _indicators(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    codes, display = _district_columns(rows, issues, ctx)
    this_year = dt.date.today().year
    # A report may set next year's plan ("Kế hoạch năm 2027"); only actuals must be past.
    years, errors = parse_years(rows.cells["year"], last_year=this_year + 1)
    issues.reject(errors, "year", "bad_year")
    names = rows.text("indicator")
    issues.reject_where(names == "", "indicator", "missing_indicator", "thiếu tên chỉ tiêu")
    keys, known = _indicator_keys(names)
    issues.warn_once(~known & (names != ""), "indicator", "unknown_indicator", names,
                     "chỉ tiêu '{by}' chưa có trong danh mục; giữ nguyên tên đã ghi (thêm vào indicators.csv của "
                     "bộ dữ liệu để chấm điểm theo nó)")
    measure, errors = parse_vocabulary(rows.cells.get("measure", pd.Series("", index=names.index)),
                                       _measures(), "loại số liệu (thực hiện/kế hoạch)", "actual")
    issues.reject(errors, "measure", "bad_measure")
    issues.reject_where((measure == "actual") & (years > this_year).fillna(False), "year", "future_actual",
                        f"số thực hiện của năm chưa tới (sau {this_year})")
    values, errors = parse_numbers(rows.cells["value"])
    issues.reject(errors, "value", "not_a_number")
    issues.warn(values.isna() & (errors == ""), "value", "no_value", "không có số liệu")
    values = _ambiguous_numbers(rows.cells["value"], values, keys, issues)
    unit, converted, reported = _units(rows, keys, names, values, issues)
    _check_range(converted, keys, names, issues)
    out = pd.DataFrame({"member_code": codes, "member": display, "year": years,
                        "indicator": keys, "measure": measure, "value": converted, "unit": unit,
                        "source": _sources(rows)})
    if reported is not None:  # what the office wrote, where a figure was converted
        out["value_reported"], out["unit_reported"] = reported
    if (~known).any():  # an indicator outside the catalogue keeps the office's own name
        out["indicator_name"] = apply_unique(names.where(~known, ""), _bare_name)
    eras = _unit_eras(rows, codes, years)
    by_year = pd.Series(np.where((years.astype(float) >= FIRST_NEW_YEAR).fillna(False), "new", "old"),
                        index=eras.index)
    # A new unit's own figure of a year before the reform, or an old unit kept for a year after it:
    # the code alone would name the other unit (GSO reuses codes), so the row says its list.
    if ((eras != by_year) & years.notna()).any():
        out["era"] = eras.where(years.notna(), by_year)
    return out


def _unit_eras(rows: _Rows, codes: pd.Series, years: pd.Series) -> pd.Series:
    """The list each row's unit is of: what the form or an ``era`` column says, else the
    written name where it fits one list only ("Thị trấn Kon Dơng" in 2025), else the year."""
    given = _eras(rows)
    explicit = rows.text("_era").isin(["old", "new"]) | rows.text("era").ne("")
    if explicit.all():  # a form says its period for every row
        return given
    by_name = unit_eras(pd.DataFrame({"member_code": codes, "member": rows.text("member"),
                                      "year": years.fillna(0).astype(int)}))
    return given.where(explicit, by_name)


def _bare_name(name: str) -> str:
    """An indicator's name without the unit or colon a form may add ("Sản lượng cà phê (tấn)")."""
    return re.sub(r"\s*\([^()]*\)\s*$|\s*:\s*$", "", name)


@lru_cache(maxsize=1)
def _measures() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("measures.csv")


@lru_cache(maxsize=1)
def _eras_vocabulary() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("eras.csv")


@lru_cache(maxsize=1)
def _roles() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("roles.csv")


def _indicator_keys(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    vocab = catalog.indicators()

    def key_of(name: str) -> str:
        if len(name) > MAX_CELL_CHARACTERS:  # refused as too long; no key worth making
            return ""
        # A form may add the unit or a note: "Thu ngân sách (tỷ đồng)", "Dân số:".
        bare = re.sub(r"\s*\([^()]*\)\s*$|\s*:\s*$", "", name)
        found = vocab.match(name) or (vocab.match(bare) if bare != name else None)
        if found:
            return found
        return name if name.startswith("x_") and name == name.lower() else catalog.derived_key(name)

    keys = apply_unique(names, key_of)
    return keys, keys.isin(vocab.table.index)


def _catalogue_column(keys: pd.Series, column: str) -> pd.Series:
    table = catalog.indicators().table
    return keys.map(table[column]).fillna("")


@lru_cache(maxsize=2)
def _limits(bound: str) -> pd.Series:
    return pd.to_numeric(catalog.indicators().table[bound], errors="coerce")


catalog.when_indicators_change(_limits.cache_clear)


def _check_range(values: pd.Series, keys: pd.Series, names: pd.Series, issues: _Issues) -> None:
    for bound, column, code, words in (("min_value", values.lt, "below_minimum", "nhỏ hơn mức tối thiểu"),
                                       ("max_value", values.gt, "above_maximum", "lớn hơn mức tối đa")):
        limit = keys.map(_limits(bound)).astype(float)
        outside = column(limit)
        if outside.any():
            message = ("giá trị " + values[outside].map(show_value) + f" {words} "
                       + limit[outside].map(show_value) + " của chỉ tiêu '" + names[outside] + "'")
            issues.reject_where(outside, "value", code, message)


_AMBIGUOUS = re.compile(r"^-?\d{1,3},\d{3}$")  # "218,755": a decimal comma, or English thousands?


def _ambiguous_numbers(cells: pd.Series, values: pd.Series, keys: pd.Series, issues: _Issues) -> pd.Series:
    """Read "218,755" by the indicator's kind, and say so: a count cannot be fractional, so
    for a count it is 218.755 (English thousands); otherwise the Vietnamese decimal 218,755."""
    codes, distinct = pd.factorize(cells.to_numpy(dtype=object))  # each distinct cell looked at once
    flags = np.fromiter((type(v) is str and "," in v and bool(_AMBIGUOUS.match(v.strip())) for v in distinct),
                        bool, len(distinct))
    if not flags.any():  # figures stored as numbers, or text without "d,ddd": nothing to read two ways
        return values
    ambiguous = pd.Series(np.append(flags, False)[codes], index=cells.index)
    if not ambiguous.any():
        return values
    count = _catalogue_column(keys, "kind") == "count"
    thousands = ambiguous & count
    values = values.where(~thousands, values * 1000)
    text = cells.astype(str).map(clean)
    shown = apply_unique(values, format_number).where(thousands, text)
    message = ("'" + text + "' có thể là số thập phân hoặc số có dấu phân cách hàng nghìn; đọc là " + shown
               + pd.Series(np.where(thousands, " vì chỉ tiêu đếm không có phần lẻ", " (dấu phẩy thập phân)"),
                           index=values.index) + "; hãy kiểm tra")
    issues.warn(ambiguous, "value", "ambiguous_number", message)
    return values


def _units(rows: _Rows, keys: pd.Series, names: pd.Series, values: pd.Series, issues: _Issues
           ) -> tuple[pd.Series, pd.Series, tuple[pd.Series, pd.Series] | None]:
    """The unit of each figure and the figure in the catalogue's unit.

    Another scale of the catalogue's unit ("triệu đồng" for "tỷ đồng") is converted
    (``unit_scales.csv``) and said once per file and indicator; another dimension ("vụ"
    for "tỷ đồng") is refused; a unit the table does not know is kept with a warning.
    Returns (unit, value, (value_reported, unit_reported) where anything was converted).
    """
    given = rows.text("unit")
    expected = _catalogue_column(keys, "unit")
    differs = (given != expected) & (given != "") & (expected != "")
    if not differs.any():
        return given.where(given != "", expected), values, None
    pairs = given[differs] + PAIR_SEPARATOR + expected[differs]
    found = apply_unique_columns(pairs, _unit_relation_of, ["kind", "factor"])
    kind = found["kind"].reindex(given.index).fillna("same")
    factor = found["factor"].reindex(given.index).fillna(1.0).astype(float)
    label = "'" + names + "'"
    incompatible = kind == "incompatible"
    issues.reject_where(incompatible, "unit", "unit_incompatible",
                        "đơn vị tính '" + given + "' không quy đổi được sang đơn vị của danh mục '" + expected
                        + "' (" + label + ")")
    unknown = kind == "unknown"
    pair = "'" + given + "' khác danh mục ('" + expected + "')"
    issues.warn_once(unknown, "unit", "unit_mismatch", pair, "đơn vị tính {by}; số liệu giữ nguyên")
    convert = kind == "convert"
    unit = given.where(given != "", expected).where(~(differs & ~unknown), expected)
    if not convert.any():
        return unit, values, None
    converted = values.where(~convert, _significant(values * factor))
    how = label + " ghi theo '" + given + "', đã quy đổi sang '" + expected + "' (" + factor.map(_factor_words) + ")"
    issues.warn_once(convert, "unit", "unit_converted", how, "{by}")
    reported = (values.where(convert), given.where(convert, ""))
    return unit, converted, reported


def _unit_relation_of(pair: str) -> tuple[str, float]:
    given, expected = pair.split(PAIR_SEPARATOR)
    relation = catalog.unit_relation(given, expected)
    return relation.kind, relation.factor


def _factor_words(factor: float) -> str:
    return f"chia cho {format_number(1 / factor)}" if factor < 1 else f"nhân với {format_number(factor)}"


def _significant(values: pd.Series, digits: int = 12) -> pd.Series:
    """Rounded to ``digits`` significant digits: 66875.5 × 0.001 is 66.8755, not
    66.87549999999999 (the float noise of a conversion is not a figure)."""
    array = values.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(array)))
    scale = np.power(10.0, digits - 1 - np.where(np.isfinite(magnitude), magnitude, 0))
    return pd.Series(np.round(array * scale) / scale, index=values.index)


def _awards(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    has_district = (rows.text("member") != "") | (rows.text("member_code") != "")
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    issues.reject_where(~has_district & (cluster == ""), "member", "missing_district",
                        "thiếu huyện hoặc cụm thi đua")
    codes, display = _district_columns(rows, issues, ctx, needed=has_district, gone=DISSOLVED)
    years = _years(rows, issues)
    names = rows.text("award")
    posthumous_in_name = apply_unique(names, lambda n: name_key(n).startswith("truy tang ")).astype(bool)
    names = names.where(~posthumous_in_name, names.str.replace(r"(?i)^truy tặng\s+", "", regex=True))
    issues.reject_where(names == "", "award", "missing_award", "thiếu hình thức khen thưởng")
    # "Giấy khen của Chủ tịch UBND huyện Đak Pơ": the award, and its issuer where no column gives one
    split = apply_unique_columns(names, catalog.split_issuer, ["award", "issuer"])
    written_authority = rows.text("authority")
    named = split["issuer"].notna()
    names = names.where(~named, split["award"])
    issuer_names = split["issuer"].map(lambda k: catalog.authorities()[k]["name_vi"] if isinstance(k, str) else "")
    written_authority = written_authority.where(~(named & (written_authority == "")), issuer_names)
    # a form's section or title issuer ("II. Khen thưởng của Chủ tịch UBND tỉnh") comes last
    section = rows.text("_section_authority")
    from_section = (written_authority == "") & (section != "")
    written_authority = written_authority.where(~from_section, section)
    # an issuer written with its place ("Chủ tịch UBND phường Diên Hồng") is its level's
    levels = apply_unique(written_authority, _authority_with_place)
    written_authority = written_authority.where(levels.isna(), levels)
    authority, errors = parse_vocabulary(written_authority, catalog.authorities(), "cấp khen")
    issues.warn(errors.str.contains("không rõ", regex=False), "authority", "unknown_authority",
                errors + "; dùng cấp khen theo danh mục")
    keys, award_names, authority = _award_keys(names, authority, issues)
    # a section that cannot have conferred a row's award ("cấp Nhà nước" over "Bằng khen của Thủ
    # tướng Chính phủ") is no issuer of it: the award's own is
    unsaid = written_authority == ""
    if from_section.any():
        unsaid |= from_section & ~_allowed_issuer(keys, authority)
        authority = authority.where(~unsaid | (written_authority == ""), _first_issuer(keys))
    if unsaid.any():  # an award the office gave no issuer for is its own head's, at its level
        eras = _unit_eras(rows, codes, years)
        level = _member_levels(codes, eras, ctx)
        own = apply_unique(keys + PAIR_SEPARATOR + level + PAIR_SEPARATOR + eras, _own_issuer)
        authority = authority.where(~unsaid | (own == ""), own)
    written = rows.text("award_name")
    award_names = written.where(written != "", award_names)
    kinds = _recipient_kinds(rows, keys, issues)
    counts = _counts(rows, issues)
    flags, errors = parse_flags(rows.cells.get("posthumous", pd.Series("", index=names.index)))
    issues.reject(errors, "posthumous", "bad_flag")
    posthumous = (flags.fillna(False).astype(bool) | posthumous_in_name)
    # since 1 July 2025 the commune's chairman confers what the district's did
    gone = (authority == "commune") & (years.astype(float) >= FIRST_NEW_YEAR).fillna(False).astype(bool)
    _check_law(keys, kinds, posthumous, authority.where(~gone | ~_district_award(keys), "district"), issues)
    _check_dissolved_authority(rows, authority, years, issues)
    return pd.DataFrame({"year": years, "member_code": codes, "member": display,
                         "cluster": cluster, "award": keys, "award_name": award_names,
                         "authority": authority, "recipient_kind": kinds, "count": counts,
                         "posthumous": posthumous, "source": _sources(rows)})


def _member_levels(codes: pd.Series, eras: pd.Series, ctx: LoadContext) -> pd.Series:
    """Each row's member's level as an issuer: ``agency`` (a khối's member), ``commune`` (a
    commune or ward: since the reform every member of a cluster of units), ``district``, or
    "" where not known."""
    agencies = set(_agency_names(ctx.members).values())
    levels = apply_unique(codes + PAIR_SEPARATOR + eras, _level_of_code)
    return levels.where(~codes.isin(agencies), "agency") if agencies else levels


def _level_of_code(pair: str) -> str:
    code, era = pair.split(PAIR_SEPARATOR)
    unit = unit_by_code(code, era) if code else None
    return unit.level if unit is not None and unit.level in ("district", "commune") else ""


def _own_issuer(pair: str) -> str:
    """The issuer of an award whose issuer is not written: the member's own level where the
    catalogue allows the award there (a Sở's Lao động tiên tiến is its Giám đốc's, a ward's
    its Chủ tịch's; since the reform a commune's Chiến sĩ thi đua cơ sở too, the district
    level being gone), else "" (the catalogue's first)."""
    key, level, era = pair.split(PAIR_SEPARATOR)
    allowed = catalog.award_issuers(key)
    if not level or not allowed:
        return ""
    if level == "commune" and era == "new" and "district" in allowed:
        return "commune"  # since 1 July 2025 the commune holds what the district level conferred
    return level if level in allowed else ""


def _authority_with_place(text: str) -> str | None:
    """An issuer written with its place: its level, a city that is a province ("Chủ tịch UBND
    thành phố Hà Nội") the province's; None where the text alone is known or unknown."""
    if not text or catalog.authorities().match(text):
        return None  # the vocabulary's own reading
    level = catalog.authority_of(text)
    found = re.search(r"(?i)(?:thành phố|tp\.?)\s*(.+)$", text)
    if level == "district" and found and province_parts(found.group(1))[0]:
        return "province"
    return level


def _award_keys(names: pd.Series, authority: pd.Series,
                issues: _Issues) -> tuple[pd.Series, pd.Series, pd.Series]:
    pairs = names + PAIR_SEPARATOR + authority.fillna("")
    found = apply_unique_columns(pairs, _award_facts, ["key", "ambiguous", "default_authority"])
    unknown = found["key"].isna() & (names != "")
    keys = found["key"].fillna("").where(~unknown, apply_unique(names, catalog.derived_key))
    issues.warn_once(unknown, "award", "unknown_award", names,
                     "hình thức khen thưởng '{by}' chưa có trong danh mục; giữ nguyên tên đã ghi")
    issues.warn(found["ambiguous"] != "", "award", "ambiguous_award",  # awards by their names, never keys
                "'" + names + "' có thể là " + found["ambiguous"]
                + "; đã chọn '" + apply_unique(keys, catalog.award_display_name) + "' (ghi rõ cấp khen để chọn đúng)")
    award_names = names.where(names != keys, apply_unique(keys, catalog.award_display_name))
    authority = authority.fillna("").where(lambda s: s != "", found["default_authority"])
    return keys, award_names, authority


def _award_facts(pair: str) -> tuple[str | None, str, str]:
    """For one (name, authority): the catalogue key, the other awards the name may mean,
    and the authority the catalogue names first."""
    name, authority = pair.split(PAIR_SEPARATOR)
    match = catalog.match_award(name, authority or None)
    default = (catalog.award_issuers(match.base) or ("",))[0] if match.base else ""
    return match.key, ", ".join(catalog.award_display_name(k) for k in match.ambiguous), default


def _recipient_kinds(rows: _Rows, keys: pd.Series, issues: _Issues) -> pd.Series:
    kinds, errors = parse_vocabulary(rows.text("recipient_kind"), catalog.recipient_kinds(), "đối tượng")
    only = apply_unique(keys, catalog.only_recipient_kind)
    missing = kinds.isna() & (rows.text("recipient_kind") == "")
    kinds = kinds.where(~(missing & (only != "")), only)
    errors = errors.where(~(missing & (only != "")), "")
    issues.reject(errors, "recipient_kind", "bad_recipient_kind")
    return kinds


def _counts(rows: _Rows, issues: _Issues) -> pd.Series:
    counts, errors = parse_numbers(rows.cells["count"])
    issues.reject(errors, "count", "not_a_number")
    issues.reject_where(counts.isna(), "count", "missing_count", "thiếu số lượng")
    issues.reject_where(counts < 0, "count", "negative_count", "số lượng âm")
    issues.reject_where((counts % 1) > 0, "count", "fractional_count", "số lượng không phải số nguyên")
    return counts.round().astype("Int64")


def _allowed_issuer(keys: pd.Series, authority: pd.Series) -> pd.Series:
    """Whether the catalogue lets each row's issuer confer its award (True where unknown)."""
    def allowed(pair: str) -> bool:
        key, level = pair.split(PAIR_SEPARATOR)
        issuers = catalog.award_issuers(key)
        return not issuers or not level or level in issuers
    return apply_unique(keys + PAIR_SEPARATOR + authority.fillna(""), allowed).astype(bool)


def _first_issuer(keys: pd.Series) -> pd.Series:
    """The catalogue's first issuer of each award ("" where the award is unknown)."""
    return apply_unique(keys, lambda key: (catalog.award_issuers(key) or ("",))[0])


def _district_award(keys: pd.Series) -> pd.Series:
    """Whether the district level could confer each award (and so, since the reform, the commune)."""
    return apply_unique(keys, lambda key: "district" in catalog.award_issuers(key)).astype(bool)


def _check_law(keys: pd.Series, kinds: pd.Series, posthumous: pd.Series, authority: pd.Series,
               issues: _Issues) -> None:
    checks = catalog.law_checks(keys, kinds, posthumous, authority)
    for code, column in (("law_recipient", "recipient_kind"), ("law_posthumous", "posthumous"),
                         ("law_authority", "authority")):
        issues.warn(checks[code] != "", column, code, checks[code] + ("; dòng vẫn được giữ"
                                                                     if code != "law_authority" else ""))


# A district-level body written out ("Chủ tịch UBND quận Đống Đa", "UBND TX An Khê"); a
# "thành phố" that is a province ("UBND thành phố Hà Nội") is not one.
_DISTRICT_BODY = re.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(huyen|quan|thi xa|tx|thanh pho|tp)\b\.?\s*(.*)$")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_YEAR_MONTH_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DAY_IN_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def _check_dissolved_authority(rows: _Rows, authority: pd.Series, years: pd.Series, issues: _Issues) -> None:
    """Since 2025-07-01 there is no district level (quận, huyện, thị xã, thành phố thuộc
    tỉnh): an award or decision of its authority dated after 2025-06-30 — by the decision's
    date (its own column, or written in the decision: "QĐ số 12/QĐ-UBND ngày 15/8/2025"),
    else by the award's year when that is 2026 or later — is warned of
    (``dissolved_authority``); the row stays loaded."""
    written = rows.text("authority")
    district = (authority.fillna("") == "district") | apply_unique(written, _names_district_body).astype(bool)
    if not district.any():
        return
    dates = rows.text("decision_date").where(lambda d: d != "", rows.text("decision"))
    days = apply_unique(dates.where(district, ""), _decision_day)
    year_after = (years.astype(float) > FIRST_NEW_YEAR).fillna(False).astype(bool) & (days == "")
    after = district & ((days > LAST_OLD_DAY) | year_after)
    if not after.any():
        return
    who = written.where(written != "", "Chủ tịch UBND huyện")
    said = days[after] + PAIR_SEPARATOR + years[after].astype(str) + PAIR_SEPARATOR + who[after]
    message = apply_unique(said, _dissolved_authority_words).reindex(after.index)
    issues.warn(after, "authority", "dissolved_authority", message)


def _dissolved_authority_words(said: str) -> str:
    day, year, who = said.split(PAIR_SEPARATOR)
    when = reform_words("dated", date=f"{day[8:10]}/{day[5:7]}/{day[:4]}") if day else \
        reform_words("for_year", year=year)
    return reform_words("dissolved_authority", written=who, when=when)


@lru_cache(maxsize=4096)
def _names_district_body(text: str) -> bool:
    found = _DISTRICT_BODY.search(fold(text))
    if found is None:
        return False
    if found.group(1) in ("thanh pho", "tp") and found.group(2):
        try:  # "UBND thành phố Hà Nội": a province, before and since the reform
            match_unit(found.group(2), year=FIRST_NEW_YEAR, level="province")
            return False
        except DataError:
            return True
    return True


@lru_cache(maxsize=4096)
def _decision_day(text: object) -> str:
    """The ISO day a decision is dated, from a date cell or a decision's text ("" if none)."""
    if isinstance(text, (dt.date, dt.datetime)):
        return text.strftime("%Y-%m-%d")
    folded = fold(clean(text))
    for pattern, order in ((_YEAR_MONTH_DAY, (2, 1, 0)), (_DAY_MONTH_YEAR, (0, 1, 2)), (_DAY_IN_WORDS, (0, 1, 2))):
        found = pattern.search(folded)
        if found:
            day, month, year = (int(found.group(i + 1)) for i in order)
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return ""


def _assessments(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    unnamed = (rows.text("assessor") == "") & (rows.text("assessor_code") == "")
    issues.reject_where(unnamed, "assessor", "missing_assessor",
                        "không rõ đơn vị chấm: hãy ghi cột 'Đơn vị chấm', hoặc dòng 'Đơn vị chấm: ...' trên bảng "
                        "điểm chấm chéo")
    assessor, _ = _district_columns(rows, issues, ctx, name="assessor", code="assessor_code")
    codes, _ = _district_columns(rows, issues, ctx)
    years = _years(rows, issues)
    criterion = rows.text("criterion")
    issues.reject_where(criterion == "", "criterion", "missing_criterion", "thiếu tiêu chí")
    points, errors = parse_numbers(rows.cells["points"])
    issues.reject(errors, "points", "not_a_number")
    issues.reject_where(points.isna(), "points", "missing_points", "thiếu điểm")
    issues.reject_where(points < 0, "points", "negative_points", "điểm âm")
    if ctx.criteria is not None:
        criterion = _rubric_criteria(criterion, points, ctx.criteria, issues)
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    return pd.DataFrame({"year": years, "cluster": cluster, "assessor_code": assessor,
                         "member_code": codes, "criterion": criterion, "points": points,
                         "source": _sources(rows)})


def _rubric_criteria(criterion: pd.Series, points: pd.Series, criteria: Criteria, issues: _Issues) -> pd.Series:
    """Each assessment's criterion as the rubric's key, whether written as its key, its
    label or an alias; a name the rubric does not have, or points above its maximum, refused."""
    keys = apply_unique(criterion, lambda name: criteria.names.get(name_key(name), "")).astype(object)
    issues.reject_where((keys == "") & (criterion != ""), "criterion", "unknown_criterion",
                        "tiêu chí '" + criterion + "' không có trong thang điểm (rubric.yaml); thang điểm có: "
                        + criteria.listed())
    limit = keys.map(pd.Series(criteria.maximum, dtype=float)).astype(float)
    over = points > limit
    if over.any():
        issues.reject_where(over, "points", "above_maximum",
                            "điểm " + points.map(format_number) + " lớn hơn điểm tối đa "
                            + limit.map(format_number) + " của tiêu chí '" + keys.map(criteria.labels).fillna("")
                            + "'")
    return keys.where(keys != "", criterion)


def _votes(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    codes, _ = _district_columns(rows, issues, ctx, gone=DISSOLVED)
    years = _years(rows, issues)
    proposal_text = rows.text("proposal")
    issues.reject_where(proposal_text == "", "proposal", "missing_proposal", "thiếu nội dung đề nghị")
    proposal = apply_unique(proposal_text, lambda p: catalog.match_award(p).key or p)
    votes = {}
    for column in ("votes_for", "voters"):
        values, errors = parse_numbers(rows.cells.get(column, pd.Series("", index=codes.index)))
        issues.reject(errors, column, "not_a_number")
        issues.reject_where(values < 0, column, "negative_count", "số phiếu âm")
        votes[column] = values
    issues.reject_where(votes["votes_for"] > votes["voters"], "votes_for", "votes_exceed_voters",
                        "số phiếu đồng ý lớn hơn tổng số phiếu")
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    return pd.DataFrame({"year": years, "cluster": cluster, "member_code": codes,
                         "proposal": proposal, "votes_for": votes["votes_for"],
                         "voters": votes["voters"], "source": _sources(rows)})


def _clusters(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    given, errors = parse_vocabulary(rows.text("member_type"), _member_types(), "loại đơn vị", "unit")
    issues.reject(errors, "member_type", "bad_member_type")
    agency = given == "agency"
    codes, gso = _district_columns(rows, issues, ctx, needed=~agency, refuse_gone=True)
    # An agency is no administrative unit: its code is the dataset's own, its name as written.
    own_codes = rows.text("member_code")
    issues.reject_where(agency & (own_codes == ""), "member_code", "missing_code",
                        "cơ quan không phải đơn vị hành chính cần một mã riêng của bộ dữ liệu (cột mã đơn vị)")
    clash = agency & apply_unique(own_codes, lambda c: bool(c) and unit_by_code(c) is not None).astype(bool)
    issues.reject_where(clash, "member_code", "agency_code_is_a_unit",
                        "mã " + own_codes + " của cơ quan trùng mã một đơn vị hành chính; "
                        "hãy dùng mã riêng (ví dụ CQ01)")
    codes, gso = codes.where(~agency, own_codes), gso.where(~agency, "")
    member_type = given.where(agency, apply_unique(codes, _unit_level))
    years = _years(rows, issues)
    cluster = rows.text("cluster")
    issues.reject_where(cluster == "", "cluster", "missing_cluster", "thiếu tên cụm")
    role, errors = parse_vocabulary(rows.text("role"), _roles(), "vai trò", "member")
    issues.reject(errors, "role", "bad_role")
    written = rows.text("member")
    provinces = codes.map(districts().set_index("district_code")["province_code"])
    others = provinces.isna() & (codes != "")
    if others.any():  # a commune or ward since the reform: its province of the new list
        provinces[others] = apply_unique(codes[others], lambda c: u.province_code if (u := unit_by_code(c)) else "")
    provinces = provinces.fillna("")
    return pd.DataFrame({"province_code": provinces, "cluster": cluster, "year": years,
                         "member_code": codes, "member": written.where(written != "", gso),
                         "member_type": member_type, "role": role, "source": _sources(rows)})


def _unit_level(code: str) -> str:
    """district, commune or province: the level of a unit code of the official lists."""
    unit = unit_by_code(code) if code else None
    return unit.level if unit is not None else ""


@lru_cache(maxsize=1)
def _member_types() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("member_types.csv")


PARSERS: dict[str, Callable[[_Rows, _Issues, LoadContext], pd.DataFrame]] = {
    "indicators": _indicators, "awards": _awards, "assessments": _assessments,
    "votes": _votes, "clusters": _clusters,
}


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the .csv/.xlsx files of named folders (sorted)."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    for item in map(Path, items):
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in SUFFIXES
                                and p.is_file() and not p.name.startswith(("~$", "."))))
        elif item.exists():
            files.append(item)
        else:
            raise DataError(f"{item}: không tìm thấy tệp hoặc thư mục")
    return files


PROGRESS_MIN_FILES = 20


def _load(paths: str | Path | Iterable[str | Path], table: str,
          ctx: LoadContext) -> tuple[pd.DataFrame, LoadReport]:
    """Read every file, parse all their rows at once, then settle repeats and duplicates."""
    files = expand_paths(paths)
    single = isinstance(paths, (str, Path)) and Path(paths).is_file()
    parts: list[_Rows] = []
    warnings: list[pd.DataFrame] = []
    errors: list[tuple[str, str]] = []
    batch = _FormBatch(table)
    # disable=None: a bar on a terminal, silent in pipes, logs and notebooks' stderr.
    for path in tqdm(files, desc=f"Đọc {table}", unit="tệp", leave=False,
                     disable=None if len(files) >= PROGRESS_MIN_FILES else True):
        try:
            parts.extend(_parse_file(path, table, ctx, warnings, batch))
        except DataError as exc:
            if single:
                raise
            # One unreadable file of a folder: the others are still loaded, this one reported.
            errors.append((display_path(path), str(exc)))
    error_frame = pd.DataFrame(errors, columns=ERROR_COLUMNS) if errors else empty_frame(ERROR_COLUMNS)
    parts = [p for p in [*parts, batch.rows()] if p is not None and len(p.cells)]
    if not parts:
        warnings += _formula_notes(files, (), warnings)  # a sheet of formulas alone reads as empty
        good = empty_frame(COLUMNS[table] + ["_file"])
        rejected_all = concat_frames(warnings[:0], REJECTED_COLUMNS)
        warnings_all = concat_frames(warnings, WARNING_COLUMNS)
        report = LoadReport(0, 0, rejected_all[REJECTED_COLUMNS], warnings_all[WARNING_COLUMNS],
                            _file_counts(pd.Series(dtype=object), good, rejected_all, warnings_all, table),
                            error_frame)
        return _finish(good, table), report
    rows = _concat_rows(parts)
    issues = _Issues(rows)
    _reject_long_text(rows, issues)
    out = PARSERS[table](rows, issues, ctx)
    for extra in _FORM_EXTRA.get(table, []):
        if extra in rows.cells:
            out[extra] = rows.cells[extra].fillna(0 if extra == "_rank" else "")
    if "value" in rows.headers:
        out["_header"] = rows.headers["value"]
    out["_file"] = rows.files
    good = out[~issues.bad]
    good, repeats, repeat_warnings = absorb_repeats(good, table)
    read_files = rows.files.drop(repeats.index)
    good, dup_rejected, dup_warnings = split_duplicates(good, table)
    rejected_all = concat_frames([issues.rejected(), dup_rejected], REJECTED_COLUMNS)
    if table in ("votes", "assessments") and ctx.members is not None and len(ctx.members):
        warnings += _left_out(good, table, ctx.members)
    warnings += _formula_notes(files, issues.rows.files[issues.bad], warnings + issues.warnings)
    warnings_all = concat_frames(warnings + issues.warnings + [repeat_warnings, dup_warnings], WARNING_COLUMNS)
    report = LoadReport(
        rows_read=len(read_files), rows_loaded=len(good),
        rejected=rejected_all[REJECTED_COLUMNS].reset_index(drop=True),
        warnings=warnings_all[WARNING_COLUMNS].reset_index(drop=True),
        files=_file_counts(read_files, good, rejected_all, warnings_all, table, repeats), errors=error_frame)
    if ctx.by_recipient:
        return _finish(good, table, extra=_FORM_EXTRA["awards"]), report
    if table == "awards":
        good = aggregate_recipients(good)
    return _finish(good, table), report


def _left_out(good: pd.DataFrame, table: str, members: pd.DataFrame) -> list[pd.DataFrame]:
    """Members a ballot or the score sheets of a year leave out, said (``member_left_out``): a
    ballot with counts that has no line for a member; a member no one scored; an assessor
    who scored most others but not every one."""
    notes = []
    names = members.drop_duplicates("member_code", keep="last").set_index("member_code")["member"].astype(str)
    for year, rows in good.groupby("year"):
        listed = list(dict.fromkeys(members.loc[members["year"].astype(int) == int(year), "member_code"]))
        said = _left_out_votes(rows, listed, names, year) if table == "votes" else \
            _left_out_scores(rows, listed, names, year)
        files = list(dict.fromkeys(rows["_file"]))
        notes += [pd.DataFrame([{"source": ", ".join(files), "column": "", "code": "member_left_out",
                                 "message": message, "_file": files[0]}]) for message in said]
    return notes


def _left_out_votes(rows: pd.DataFrame, listed: list[str], names: pd.Series, year: int) -> list[str]:
    said = []
    for proposal, ballot in rows[rows["voters"].notna()].groupby("proposal"):
        missing = [names[c] for c in listed if c not in set(ballot["member_code"])]
        if missing and len(ballot) >= 2:  # a ballot with counts, not the one member proposed
            said.append(f"phiếu bình xét '{catalog.award_display_name(str(proposal))}' năm {year} không có dòng của "
                        f"{', '.join(missing)} (không được phiếu nào thì ghi 0)")
    return said


def _left_out_scores(rows: pd.DataFrame, listed: list[str], names: pd.Series, year: int) -> list[str]:
    scored = set(rows["member_code"])
    missing = [names[c] for c in listed if c not in scored]
    said = [f"bảng điểm năm {year} không có điểm của {', '.join(missing)}"] if missing and listed else []
    cross = rows[rows["assessor_code"] != rows["member_code"]]
    for assessor, given in cross.groupby("assessor_code"):
        if assessor not in listed:
            continue
        others = [c for c in listed if c != assessor]
        skipped = [names[c] for c in others if c not in set(given["member_code"])]
        # A cluster that pairs its members (each scores one other) is no sheet left short.
        if skipped and len(set(given["member_code"])) * 2 >= len(others):
            said.append(f"{names.get(assessor, assessor)} chấm điểm chéo năm {year} nhưng không chấm "
                        f"{', '.join(skipped)}")
    return said


def detect_table(path: str | Path) -> str:
    """Which table a file holds: from its folder or file name, else from its header."""
    path = Path(path)
    for part in (path.stem, path.parent.name):
        for table in COLUMNS:
            if table in part.lower() or table.rstrip("s") == part.lower():
                return table
    grids = [g for g in read_grids(path) if g.rows]
    scores = {}
    for table in COLUMNS:
        found = [_find_header(g, table) for g in grids]
        names = {c for f in found if f for c in f[1].values()}
        scores[table] = sum(1 for group in REQUIRED[table] if set(group) & names)
        scores[table] -= 0 if scores[table] == len(REQUIRED[table]) else 100
    for table in FORM_TABLES:
        if any(forms.has_form(g, table) for g in grids):
            scores[table] = max(scores[table], 0)
    best = max(scores, key=lambda t: scores[t])
    if scores[best] < 0:
        raise DataError(f"{display_path(path)}: không nhận ra bảng (chỉ tiêu, khen thưởng, "
                        "chấm điểm, bỏ phiếu hay cụm) từ tên tệp và dòng tiêu đề")
    return best


FORM_TABLES = ("indicators", "awards")


def _parse_file(path: Path, table: str, ctx: LoadContext, warnings: list[pd.DataFrame],
                batch: _FormBatch) -> list[_Rows]:
    """The rows of every tidy sheet of a file; the records of its report forms go to
    ``batch``."""
    parsed, skipped, found_any = [], [], False
    for grid in read_grids(path, ctx.engine):
        for code, message in grid.notes:
            warnings.append(pd.DataFrame([{"source": display_path(path), "column": "", "code": code,
                                           "message": message, "_file": grid.label}]))
        if not grid.rows:
            continue
        found = _find_header(grid, table)
        # what a title says instead of a column, looked for only where a column is missing
        short = _missing_columns(found[1], table) if found is not None else []
        given = _written_constants(grid, table, found, ctx) if short and (table == "assessments" or all(
            "year" in g for g in short)) else {}
        across = _criteria_across(grid, found, ctx.criteria) if table == "assessments" and found else {}
        if across:  # "Đơn vị được chấm | Tổ chức phong trào (20 điểm) | Công tác khen thưởng (10 điểm) | Tổng"
            parsed.append(_scores_across(grid, found, across, given))
            found_any = True
            continue
        if found is not None and not _missing_columns(found[1], table, given):
            rows = _rows_from_grid(grid, table, found, warnings, given)
            if rows.cells.empty:
                warnings.append(pd.DataFrame([{"source": grid.label, "column": "", "code": "empty_table",
                                               "message": f"bảng {table} chỉ có dòng tiêu đề, không có dòng số liệu",
                                               "_file": grid.label}]))
            parsed.append(rows)
            found_any = True
            continue
        form = forms.read_form(grid, table, district=ctx.district, province=ctx.province,
                               agencies=_agency_names(ctx.members), year=ctx.year) if table in FORM_TABLES else None
        if form is not None:
            batch.add(form)
            found_any = True
            if form.warnings:
                warnings.append(pd.DataFrame(form.warnings).assign(_file=grid.label))
        elif found is not None:
            parsed.append(_rows_from_grid(grid, table, found, given=given))  # raises: names the missing columns
        else:
            skipped.append(grid.label)
    if not found_any:
        headings = SCHEMAS[table].headings  # what a user writes, never the library's field names
        needed = "; ".join(" hoặc ".join(f"'{headings.get(c) or c}'" for c in g) for g in REQUIRED[table])
        form_hint = " hoặc một biểu mẫu báo cáo có cột 'Chỉ tiêu'/'Hình thức khen thưởng'" \
            if table in FORM_TABLES else ""
        raise DataError(f"{display_path(path)}: không tìm thấy {_table_words().get(table, table)} "
                        f"(cần các cột: {needed}{form_hint})")
    for label in skipped:
        warnings.append(pd.DataFrame([{"source": label, "column": "", "code": "sheet_skipped",
                                       "message": f"bỏ qua trang tính không có bảng {table}",
                                       "_file": label}]))
    return parsed


def _file_counts(read_files: pd.Series, good: pd.DataFrame, rejected: pd.DataFrame,
                 warnings: pd.DataFrame, table: str, repeats: pd.DataFrame | None = None) -> pd.DataFrame:
    # Counted by Counter over each column's labels: a frame of a few files is built in a
    # fraction of what five factorize-and-bincount passes cost on every load.
    read = Counter(read_files.tolist())
    files = {"file": np.array(list(read), dtype=object), "table": table,
             "rows_read": np.fromiter(read.values(), np.int64, len(read))}
    for column, frame in (("rows_loaded", good), ("rejected", rejected), ("warnings", warnings),
                          ("repeated", repeats)):
        counted = Counter(frame["_file"].tolist()) if frame is not None and len(frame) else Counter()
        # a file read no row of has none
        files[column] = np.fromiter((counted.get(name, 0) for name in read), np.int64, len(read))
    return pd.DataFrame(files, columns=FILE_COLUMNS)


def _finish(good: pd.DataFrame, table: str, extra: list[str] | None = None) -> pd.DataFrame:
    """The contract's columns and dtypes: codes and names as text, years as int."""
    columns = COLUMNS[table] + [c for c in [*OPTIONAL[table], *(extra or [])] if c in good]
    # Column by column: DataFrame.astype with a mapping costs several times the sum of its columns.
    return pd.DataFrame({c: good[c].astype(NON_TEXT.get(c, "str")).array for c in columns})


def load_indicators(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                    display_names: dict[str, str] | None = None, district: str | None = None,
                    engine: str = "calamine", members: pd.DataFrame | None = None,
                    year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load indicator tables: tidy sheets (docs/design.md columns or their Vietnamese headers)
    and official report forms (biểu mẫu), one district's or the cluster-wide sheet.

    A form's district comes from its title lines, else its sheet name, else its file
    name; ``district`` names it when none of these does. Each figure of a form is one
    row, its ``source`` the cell ("f.xlsx#Sheet!R12C5"). A figure a form repeats from
    another year's report is kept once (``report.files["repeated"]``).

    Returns
    -------
    (DataFrame, LoadReport)
        the figures, one row per member, year, indicator and measure: `member_code`, `member`,
        `year`, `indicator`, `measure`, `value`, `unit`, `source` (and, where present,
        `indicator_name`, `value_reported`, `unit_reported`, `era`); the report of what was read,
        loaded and refused.


    >>> df, report = load_indicators("data/gia_lai_2017/indicators")
    >>> report.rows_read == report.rows_loaded + len(report.rejected)
    True
    """
    return _load(paths, "indicators", LoadContext(province, display_names or {}, engine=engine, district=district,
                                                  members=members, year=year))


def load_awards(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                display_names: dict[str, str] | None = None, cluster: str | None = None,
                district: str | None = None, by_recipient: bool = False,
                engine: str = "calamine", members: pd.DataFrame | None = None,
                year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load award tables, summary tables and decision lists.

    Awards the law does not allow for a recipient kind are kept with a warning, unknown
    award names under a derived key with a warning. A decision list (one recipient per
    row) is counted per award; ``by_recipient=True`` returns its rows one per recipient
    instead, with ``recipient, position, decision, decision_date``. The report counts
    rows as read: a recipient is one row.

    Returns
    -------
    (DataFrame, LoadReport)
        the awards: `year`, `member_code`, `member`, `cluster`, `award`, `award_name`, `authority`,
        `recipient_kind`, `count`, `posthumous`, `source`; the report of the load.


    >>> df, report = load_awards("data/gia_lai_2017/awards")
    >>> int(df["count"].sum()), list(report.warnings["code"])
    (132, ['law_recipient'])
    """
    return _load(paths, "awards", LoadContext(province, display_names or {}, cluster, engine, district,
                                              by_recipient, members, year=year))


def load_assessments(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                     cluster: str | None = None, engine: str = "calamine", members: pd.DataFrame | None = None,
                     rubric: dict | None = None, year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load self and cross assessment scores (``assessor_code == member_code`` is a self-score).

    With ``rubric`` (rubric.yaml's content), each criterion may be written as the rubric's
    key, label or alias and is stored as the key; a name the rubric does not have, or
    points above the criterion's maximum, are refused.

    Returns
    -------
    (DataFrame, LoadReport)
        the scores: `year`, `cluster`, `assessor_code`, `member_code`, `criterion`, `points`,
        `source`; the report of the load.


    >>> df, report = load_assessments("data/sample/assessments")
    >>> bool((df["assessor_code"] == df["member_code"]).any()), report.ok
    (True, True)
    """
    return _load(paths, "assessments", LoadContext(province, {}, cluster, engine, members=members,
                                                   criteria=Criteria.from_rubric(rubric), year=year))


def load_votes(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
               cluster: str | None = None, engine: str = "calamine",
               members: pd.DataFrame | None = None, year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load ballot results (vote counts may be empty where the source gives none).

    Returns
    -------
    (DataFrame, LoadReport)
        the ballots: `year`, `cluster`, `member_code`, `proposal`, `votes_for`, `voters`, `source`;
        the report of the load.


    >>> df, report = load_votes("data/sample/votes.csv")
    >>> bool((df["votes_for"] <= df["voters"]).all())
    True
    """
    return _load(paths, "votes", LoadContext(province, {}, cluster, engine, members=members, year=year))


def load_clusters(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                  engine: str = "calamine", year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load cluster membership; ``member`` keeps the spelling the file uses for display.

    Returns
    -------
    (DataFrame, LoadReport)
        the members: `province_code`, `cluster`, `year`, `member_code`, `member`, `member_type`,
        `role`, `source`; the report of the load.


    >>> df, report = load_clusters("data/gia_lai_2017/clusters.csv")
    >>> sorted(df.loc[df["year"] == 2018, "role"])
    ['deputy', 'head', 'member', 'member']
    """
    return _load(paths, "clusters", LoadContext(province, engine=engine, year=year))
