"""Official report forms (biểu mẫu báo cáo) as district offices fill them.

An indicator form has a few title lines ("UBND HUYỆN KBANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM", the report title, a date line), a header of one to three rows with merged
cells ("TT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2016", "Năm 2017" over "Kế hoạch" and
"Thực hiện", "So sánh (%)"), group and item rows, and a signature block. An award list is
either a summary table (award, authority, collectives, individuals) or a decision list
(one recipient per row, in sections "A. TẬP THỂ" / "B. CÁ NHÂN").

:func:`read_form` finds that structure in a :class:`~emulation_stats.io.Grid` and
:meth:`Form.records` turns it into one record per figure, each with the cell it came from.
The words that mark each part are data (``data/reference/form_labels.csv``); checking the
figures is the loader's job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.text import clean, fold
from emulation_stats.io.paths import display_path
from emulation_stats.io.tables import Grid, column_letters, read_grids
from emulation_stats.load.form_headers import (
    FormColumn,
    _columns,
    _continues_header,
    _header_cells,
    _matrix_column,
    _title_year,
    find_header,
)
from emulation_stats.load.form_places import _place, _settle_year
from emulation_stats.load.form_records import _indicator_records, _list_records, _matrix_records, _summary_records
from emulation_stats.load.form_words import (
    _COLUMN_NUMBER,
    _DATE_LINE,
    HEADER_SEARCH_ROWS,
    MAX_HEADER_ROWS,
    _cell,
    _is_blank,
    _is_number_text,
    _is_total_text,
    _no_figure,
    _text_of,
    cell_role,
    has_phrase,
    labels,
    no_year_error,
    tokens,
)
from emulation_stats.units.in_text import find_province_in_text
from emulation_stats.units.lists import FIRST_NEW_YEAR, District
from emulation_stats.units.matching import find_district


@dataclass
class Form:
    """What :func:`read_form` found in one sheet."""

    kind: str  # indicators | indicator_matrix | award_summary | award_list
    grid: Grid
    header: list[int]  # grid row indices
    fixed: dict[str, int]  # role -> column index
    columns: list[FormColumn]
    body: list[int]  # grid row indices between the header and the footer
    titles: list[str]
    district: District | None = None
    district_from: object = ""  # where the member was read (a term of messages.csv)
    year: int | None = None
    province: str | None = None
    warnings: list[dict[str, str]] = field(default_factory=list)
    # The year where neither the title nor a row's decision says one: the sheet's, the file
    # name's, else the one given (--year, dataset.yaml's year:).
    fallback_year: int | None = None

    @property
    def figure_columns(self) -> list[FormColumn]:
        return [c for c in self.columns if not c.ignored]

    @property
    def report_year(self) -> int | None:
        """The year the report is of: its title's, else its latest column of actual figures,
        else (an award form) its sheet's, its file name's or the one given."""
        return self.year or max((c.year for c in self.figure_columns if c.measure == "actual" and c.year),
                                default=None) or self.fallback_year

    @property
    def era(self) -> str:
        """Which list of units its members come from: "new" for reports of 2025 and later."""
        return "new" if (self.report_year or 0) >= FIRST_NEW_YEAR else "old"

    @property
    def is_cluster_sheet(self) -> bool:
        return self.kind == "indicator_matrix" or any(c.district is not None for c in self.figure_columns)

    def cell_source(self, row: int, column: int) -> str:
        """The source string of one cell: "f.xlsx#Sheet!R12C5" or "f.csv:12:5"."""
        number = self.grid.row_numbers[row]
        if self.grid.sheet is None:
            return f"{self.grid.label}:{number}:{column + 1}"
        return f"{self.grid.source_prefix}{number}C{column + 1}"

    def describe(self) -> pd.DataFrame:
        """The columns found, what each holds, and why a column was left out.

        One row per column with a header (for notebooks and for checking a new form).
        """
        table = pd.DataFrame([{
            "column": c.letter, "header": c.label,
            "member": c.district.name if c.district else (self.district.name if self.district else ""),
            **({"indicator": c.indicator, "unit": c.unit} if self.kind == "indicator_matrix" else {}),
            "year": c.year, "measure": c.measure or c.kind or "", "estimate": c.estimate,
            "ignored": c.ignored} for c in self.columns])
        return table.astype({"year": "Int64"}) if len(table) else table

    def records(self) -> dict[str, list[object]]:
        """One record per figure (indicator forms, award summaries) or per recipient, as
        lists by column (``source`` the cell, ``header`` the column's header)."""
        if self.kind == "indicators":
            return _indicator_records(self)
        if self.kind == "indicator_matrix":
            return _matrix_records(self)
        out = _summary_records(self) if self.kind == "award_summary" else _list_records(self)
        if out["year"] and not any(out["year"]):
            raise no_year_error(self.grid.label, "year_searched_in_list")
        return out


# --- finding the parts of a form -------------------------------------------------------


def read_form(grid: Grid, table: str, *, district: str | None = None, province: str | None = None,
              agencies: Mapping[str, str] | None = None, year: int | None = None) -> Form | None:
    """Find an indicator form (``table="indicators"``) or an award list (``"awards"``).

    The candidate readings of the sheet (an indicator form or a cluster summary with
    members down; a decision list or an award summary) are weighed on what the sheet
    shows — header words, then what the cells under them hold — and the clear winner is
    read. Returns None when the sheet has no header of that kind. Raises
    :class:`DataError` when no reading is clear, or when it is a form but its district
    (for a one-district form) or the year of a column cannot be found, naming what was
    tried. ``agencies`` (an agency's name -> its code, from the cluster file) names the
    members no official list knows: a khối's forms are titled "SỞ TÀI CHÍNH". ``year`` is the
    year of an award form that names none (not in its title, decisions, sheet or file name).
    """
    candidates = _candidates(grid, table, province)
    if not candidates:
        return None
    form = _choose(grid, candidates) if len(candidates) > 1 else candidates[0]
    if form.kind != "indicator_matrix":
        form.body = _body(grid, form)
        if form.kind != "award_list":
            _skip_numbering_row(form)
    if form.kind in ("award_summary", "award_list"):
        _settle_year(form, year)  # before the member: the year says which list of units to look in
    if not form.is_cluster_sheet:
        _place(form, district, agencies or {})
    if form.kind in ("indicators", "indicator_matrix"):
        _check_years(form)
        _prefer_official(form)
    _warn_unlabelled(form)
    _warn_merged_body(form)
    return form


def _candidates(grid: Grid, table: str, province: str | None) -> list[Form]:
    """Every reading of the sheet its header allows (not yet placed or checked)."""
    out: list[Form] = []
    found = find_header(grid, table)
    if found is not None:
        header, fixed = found
        cells = _header_cells(grid, header)
        titles = [_text_of(c) for row in grid.rows[:header[0]] for c in row if not _is_blank(c)]
        form_province = province or next((p for p in map(find_province_in_text, titles) if p), None)
        title_year = _title_year(titles)
        columns = _columns(cells, fixed, table, form_province, title_year, grid)
        kinds = []
        if table == "indicators" and any(not c.ignored for c in columns):
            kinds.append("indicators")
        if table == "awards" and "kind_column" in fixed and "recipient_column" not in fixed \
                and _holds_names(grid, header, fixed["kind_column"]):
            fixed["recipient_column"] = fixed.pop("kind_column")  # "Đối tượng khen thưởng" over names
        if table == "awards" and "recipient_column" in fixed:
            kinds.append("award_list")
        if table == "awards" and any(c.kind for c in columns):
            kinds.append("award_summary")
        out += [Form(kind, grid, header, dict(fixed), columns, [], titles, year=title_year, province=form_province)
                for kind in kinds]
    if table == "indicators":
        # A members-down summary has its "Đơn vị" in the header row itself: where an
        # indicator header was found, only that row can start one.
        matrix = _matrix_form(grid, province, rows=[found[0][0]] if found else None)
        if matrix is not None:
            out.append(matrix)
    return out


def _holds_names(grid: Grid, header: list[int], column: int) -> bool:
    """Whether a column headed like "Đối tượng khen thưởng" lists names rather than kinds
    ("tập thể", "cá nhân"): most of its cells below the header are no kind."""
    cells = [clean(_cell(row, column)) for row in grid.rows[header[-1] + 1:header[-1] + 41]]
    cells = [c for c in cells if c]
    kinds = sum(1 for c in cells if catalog.recipient_kinds().match(c))
    return len(cells) > 0 and kinds < len(cells) / 2


def _choose(grid: Grid, candidates: list[Form]) -> Form:
    """The reading the sheet's cells bear out best; a DataError when two are close."""
    for form in candidates:
        if form.kind != "indicator_matrix":
            form.body = _body(grid, form)
    scored = sorted(((_evidence(f), f) for f in candidates), key=lambda x: -x[0][0])
    (best, form), (second, _) = scored[0], scored[1]
    if best[0] - second[0] < CLEAR_MARGIN:
        found = "; ".join(f"{READING_NAMES[f.kind]}: {why}" for (_, why), f in scored)
        raise DataError("sheet_kind_unclear", sheet=grid.label, found=found)
    return form


CLEAR_MARGIN = 1.0
READING_NAMES = {"indicators": "biểu chỉ tiêu", "indicator_matrix": "bảng tổng hợp theo đơn vị",
                 "award_list": "danh sách khen thưởng", "award_summary": "bảng tổng hợp khen thưởng"}


def _evidence(form: Form) -> tuple[float, str]:
    """How well the cells bear a reading out: 2 for the header that proposed it, up to 4
    more for the share of the cells under it that hold what it says they hold."""
    rows = [form.grid.rows[i] for i in form.body]
    if form.kind == "indicator_matrix":
        cells = [_cell(r, form.fixed["member_column"]) for r in rows]
        share = _share(cells, lambda c: find_district(clean(c), form.province) is not None)
        return 2 + 4 * share, f"{share:.0%} ô cột đơn vị là tên huyện"
    if form.kind == "indicators":
        cells = [_cell(r, form.fixed["name_column"]) for r in rows]
        share = _share(cells, lambda c: isinstance(c, str) and not _is_number_text(c)
                       and find_district(clean(c), form.province) is None)
        return 2 + 4 * share, f"{share:.0%} ô cột chỉ tiêu là tên chỉ tiêu"
    if form.kind == "award_list":
        cells = [_cell(r, form.fixed["recipient_column"]) for r in rows]
        share = _share(cells, lambda c: isinstance(c, str) and not _is_number_text(c))
        return 2 + 4 * share, f"{share:.0%} ô cột tên là tên người, đơn vị"
    cells = [_cell(r, c.index) for r in rows for c in form.figure_columns if c.kind]
    share = _share(cells, lambda c: isinstance(c, (int, float)) or _is_number_text(c))
    return 2 + 4 * share, f"{share:.0%} ô cột số lượng là số"


def _share(cells: list[object], test) -> float:
    filled = [c for c in cells if not _no_figure(c) and not (isinstance(c, str) and _is_total_text(c))]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


def _matrix_form(grid: Grid, province: str | None, rows: list[int] | None = None) -> Form | None:
    """A cluster summary with members down and indicators across: "Đơn vị" over the
    members' names, an indicator over each group of columns ("Thu ngân sách (tỷ đồng)")
    and its years and measures under it ("KH 2017", "TH 2017"); a "Toàn cụm" row."""
    for i in rows if rows is not None else range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        row = grid.rows[i]
        member = next((j for j, c in enumerate(row) if c.__class__ is str and cell_role(c, "member_column")), None)
        if member is None:
            continue
        fixed = {"member_column": member}
        number = next((j for j, c in enumerate(row) if isinstance(c, str) and cell_role(c, "number_column")), None)
        if number is not None:
            fixed["number_column"] = number
        header = [i]
        for k in range(i + 1, min(i + MAX_HEADER_ROWS, len(grid.rows))):
            if not _continues_header(grid.rows[k], {"name_column": member, **fixed}):
                break
            header.append(k)
        cells = _header_cells(grid, header)
        titles = [_text_of(c) for r in grid.rows[:header[0]] for c in r if not _is_blank(c)]
        form_province = province or next((p for p in map(find_province_in_text, titles) if p), None)
        columns = [_matrix_column(j, cells, form_province) for j in range(len(cells[0]))
                   if j not in fixed.values()]
        if not any(not c.ignored for c in columns):
            return None
        form = Form("indicator_matrix", grid, header, fixed, columns, [], titles, year=_title_year(titles),
                    province=form_province, district_from=Term("where_member_column"))
        form.body = _body(grid, form)
        _skip_numbering_row(form)
        return form
    return None


def has_form(grid: Grid, table: str) -> bool:
    """Whether a sheet has the header of a form of ``table`` (any reading of it)."""
    return find_header(grid, table) is not None or (table == "indicators" and _matrix_form(grid, None) is not None)


def _body(grid: Grid, form: Form) -> list[int]:
    rows, body = grid.rows, []
    number = form.fixed.get("number_column")
    fixed = set(form.fixed.values())
    for i in range(form.header[-1] + 1, len(rows)):
        row = rows[i]
        if number is not None and number < len(row):
            cell = row[number]  # an item number: a data row, never the signature block
            if cell is not None and cell != "" and (not isinstance(cell, str) or cell.strip()):
                body.append(i)
                continue
        if _is_footer(row) and sum(1 for j in fixed if j < len(row) and not _is_blank(row[j])) < 3:
            break  # a row that fills three of the form's columns is data ("Trưởng phòng Nội vụ" is a position)
        body.append(i)
    return body


def _is_footer(row: list[object]) -> bool:
    """The signature block: a "place, ngày ... tháng ... năm" line or a signer's title,
    on a row without a figure."""
    if any(isinstance(c, (int, float)) for c in row):
        return False
    return any(_is_footer_text(c) for c in row if isinstance(c, str) and c.strip())


@lru_cache(maxsize=65536)
def _is_footer_text(text: str) -> bool:
    folded = fold(clean(text))
    if re.match(r"^[^\d]*,\s*ngay\b", folded) or _DATE_LINE.match(folded):
        return True
    words = tokens(text)
    return any(tuple(words[:len(phrase)]) == phrase for phrase in labels().phrases["footer"])


def _skip_numbering_row(form: Form) -> None:
    """Drop the row of column numbers ("A", "B", "1", "2", "(3)") under a header."""
    if not form.body:
        return
    row = form.grid.rows[form.body[0]]
    texts = [_text_of(c) if not isinstance(c, float) else f"{c:g}" for c in row if not _is_blank(c)]
    if len(texts) >= 3 and all(_COLUMN_NUMBER.fullmatch(t) for t in texts):
        form.body = form.body[1:]


def _check_years(form: Form) -> None:
    """A column whose header gives no year takes the report's, from the title: "Thực hiện"
    is the report year, "Thực hiện năm trước" / "cùng kỳ" the year before, "Kế hoạch năm
    sau" the year after."""
    for column in form.figure_columns:
        if column.year is None and form.year is not None:
            words = tokens(column.label)
            shift = -1 if has_phrase(words, "previous_year") else 1 if has_phrase(words, "next_year") else 0
            column.year = form.year + shift
        if column.year is None:
            raise DataError("column_year_unknown", sheet=form.grid.label, letter=column.letter, label=column.label)


def _prefer_official(form: Form) -> None:
    """An estimate beside the actual figure of the same year is left out; one alone is
    read as actual (the loader warns where no final figure replaces it)."""
    official = {(c.district.code if c.district else "", c.indicator, c.year) for c in form.figure_columns
                if c.measure == "actual" and not c.estimate}
    for column in form.figure_columns:
        if column.estimate and ((column.district.code if column.district else ""), column.indicator,
                                column.year) in official:
            column.ignored = "số ước thực hiện, đã có cột thực hiện cùng năm"


def _warn_unlabelled(form: Form) -> None:
    for column in form.columns:
        if column.ignored != "không có tiêu đề":
            continue
        filled = [i for i in form.body if column.index < len(form.grid.rows[i])
                  and not _is_blank(form.grid.rows[i][column.index])]
        if filled:
            form.warnings.append({
                "source": form.cell_source(filled[0], column.index), "column": column.letter,
                "code": "unlabelled_column",
                "message": Term("column_without_header", column=column.letter, n=len(filled))})


def _warn_merged_body(form: Form) -> None:
    if not form.body:
        return
    first, last = form.grid.row_numbers[form.body[0]], form.grid.row_numbers[form.body[-1]]
    for r0, c0, r1, c1 in form.grid.merged:
        if r1 > r0 and first <= r0 <= last:
            form.warnings.append({
                "source": f"{form.grid.source_prefix}{r0}C{c0}" if form.grid.sheet else form.grid.label,
                "column": column_letters(c0 - 1), "code": "merged_data_cells",
                "message": Term("merged_over_rows", span=f"{column_letters(c0 - 1)}{r0}:{column_letters(c1 - 1)}{r1}")})


# --- records ----------------------------------------------------------------------------


# Shared with the loader of tidy tables, which looks for a year where a table has no 'Năm' column.
is_footer = _is_footer  # for the tidy-table reader: a footer ends a table there too


def describe_file(path, table: str = "indicators", **kwargs) -> list[Form]:
    """Every form found in a file (a notebook helper: what would be read, and how)."""
    forms = [f for g in read_grids(path) if g.rows and (f := read_form(g, table, **kwargs)) is not None]
    if not forms:
        raise DataError("form_not_found", file=display_path(path), table=table)
    return forms
