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
from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import clean, fold, format_number, is_none_mark, name_key, parse_number
from emulation_stats.io.paths import display_path
from emulation_stats.io.tables import Grid, column_letters, read_grids
from emulation_stats.units.agencies import agency_in_words, match_agency
from emulation_stats.units.lists import (
    FIRST_NEW_YEAR,
    District,
    Unit,
    find_district,
    find_district_in_text,
    find_province_in_text,
    find_unit,
    find_unit_in_text,
    gone_message,
)

HEADER_SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3
_YEAR = re.compile(r"(?<!\d)(199\d|20\d\d)(?!\d)")
_DATE_LINE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang\s*[\d.…_ ]*\s*nam\s*\d{4}")
_TITLE_YEAR = re.compile(r"\bnam\s+(199\d|20\d\d)\b")
# A decision's date in a title: "quyết định số 830/QĐ-UBND ngày 28/12/2017" (folded text).
_TITLE_DECISION = re.compile(r"(?:quyet dinh|\bqd\b)[^\n]*?\bngay\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*"
                             r"(199\d|20\d\d)\b")
_TOKEN = re.compile(r"[a-z0-9]+|%|\+/-|\+-|/")
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđA-Z])\s*[.)/-]\s+")
_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_LETTER = re.compile(r"^[A-Za-zĐđ]\.?$")
_BULLET = re.compile(r"^[\s\-+*•–—·]+")
_COLUMN_NUMBER = re.compile(r"^\(?[A-Za-z0-9]{1,3}\)?(?:\s*=\s*[\d/()+*x.\s-]+)?$")
_COMMUNE_LINE = re.compile(r"^(?:ubnd |uy ban nhan dan )?(?:xa|phuong|thi tran) ")
_DECISION_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


@dataclass(frozen=True)
class _Labels:
    cells: dict[str, frozenset[str]]  # role -> name keys of whole cells
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # role -> token sequences (phrase, prefix, suffix)
    name_prefixes: dict[str, tuple[str, ...]]  # role -> lower-case words with their diacritics


@lru_cache(maxsize=1)
def labels() -> _Labels:
    table = read_reference("form_labels.csv")
    cells: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    prefixes: dict[str, tuple[str, ...]] = {}
    for role, how, listed in zip(table["role"], table["match"], table["labels_vi"]):
        names = split_aliases(listed)
        if how in ("phrase", "prefix", "suffix"):
            phrases[role] = tuple(tuple(tokens(n)) for n in names)
        elif how == "name_prefix":
            prefixes[role] = tuple(sorted((clean(n).lower() for n in names), key=len, reverse=True))
        else:
            cells[role] = frozenset(name_key(n) for n in names)
    return _Labels(cells, phrases, prefixes)


def tokens(text: object) -> list[str]:
    """Folded words of a header, keeping the signs that matter (% and +/-).

    >>> tokens("Tăng (+), giảm (-) so với 2016")
    ['tang', 'giam', 'so', 'voi', '2016']
    """
    return _TOKEN.findall(fold(clean(text)).replace("(+)", " ").replace("(-)", " "))


def has_phrase(words: list[str], role: str) -> bool:
    """Whether a run of ``words`` is one of the phrases of ``role`` (form_labels.csv)."""
    for phrase in labels().phrases[role]:
        n = len(phrase)
        if any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def cell_role(text: object, *roles: str) -> str | None:
    """The first of ``roles`` whose labels include the whole cell text."""
    return _cell_role(text if isinstance(text, str) else clean(text), roles)


NOT_A_LABEL = re.compile(r"\d|.{61}")  # labels are short and carry no figures


@lru_cache(maxsize=65536)
def _cell_role(text: str, roles: tuple[str, ...]) -> str | None:
    if NOT_A_LABEL.search(text):
        return None
    key = name_key(clean(text))
    if not key:
        return None
    return next((r for r in roles if key in labels().cells[r]), None)


def strip_numbering(text: str) -> str:
    """Take the item number and bullets off a name: "2.1. Thu ngân sách" -> "Thu ngân sách"."""
    return _BULLET.sub("", _NUMBERING.sub("", text, count=1)).strip()


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())



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
    district_from: str = ""
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
            searched = "ở dòng tiêu đề, ngày quyết định, tên trang tính và tên tệp"
            raise DataError(no_year_message(self.grid.label, searched))
        return out


# --- finding the parts of a form -------------------------------------------------------

_HEADER_ROLES = {
    "indicators": ("number_column", "name_column", "unit_column"),
    "awards": ("number_column", "award_column", "authority_column", "kind_column", "recipient_column",
               "position_column", "decision_column", "date_column", "note_column",
               "collective_count", "individual_count", "household_count"),
}
_ANCHORS = {"indicators": ("name_column",), "awards": ("award_column", "recipient_column")}


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
        raise DataError(f"{grid.label}: không rõ trang tính là loại bảng nào ({found}); hãy giữ đúng tiêu đề cột "
                        "của biểu mẫu")
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


def _is_number_text(value: object) -> bool:
    if not isinstance(value, str):
        return isinstance(value, (int, float))
    try:
        number = parse_number(value)
    except (ValueError, TypeError):
        return False
    return number == number  # NaN: a mark for no figure


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
                    province=form_province, district_from="cột đơn vị")
        form.body = _body(grid, form)
        _skip_numbering_row(form)
        return form
    return None


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


def _matrix_records(form: Form) -> dict[str, list[object]]:
    member_col, number_col = form.fixed["member_column"], form.fixed.get("number_column")
    out: dict[str, list[object]] = {k: [] for k in (
        "member", "member_code", "year", "measure", "indicator", "unit", "value", "source", "header", "_rank")}
    columns = form.figure_columns
    for i in form.body:
        row = form.grid.rows[i]
        member = _cell(row, member_col)
        if _is_blank(member) or _is_total(member, _cell(row, number_col)):
            continue
        name = strip_numbering(_text_of(member))
        for c in columns:
            value = _cell(row, c.index)
            if _no_figure(value):
                continue
            for key, item in (("member", name), ("member_code", ""), ("year", c.year), ("measure", c.measure),
                              ("indicator", c.indicator), ("unit", c.unit), ("value", value),
                              ("source", form.cell_source(i, c.index)), ("header", c.label),
                              ("_rank", 2 if c.estimate else 0)):
                out[key].append(item)
    return out


def has_form(grid: Grid, table: str) -> bool:
    """Whether a sheet has the header of a form of ``table`` (any reading of it)."""
    return find_header(grid, table) is not None or (table == "indicators" and _matrix_form(grid, None) is not None)


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


def _gone_unit_named(candidates: list[tuple[str, str, bool]], province: str | None, year: int,
                     skip: str = "") -> tuple[str, Unit] | None:
    """The first place (title line, sheet, file name; not ``skip``) naming a unit that no
    longer exists in ``year``, and that unit."""
    for where, text, typed in candidates:
        old = find_unit_in_text(text, province, None, require_type=typed) if where != skip else None
        if old is not None and not old.exists_in(year):
            return where, old
    return None


def _refuse_a_gone_unit(label: str, candidates: list[tuple[str, str, bool]], province: str | None,
                       year: int) -> None:
    """A report of a year after the reform titled with a unit that no longer exists
    ("UBND THỊ TRẤN KON DƠNG" on a 2025 form): refused, saying where the unit went — its
    figures are part of a new unit's, never silently the new unit's own."""
    gone = _gone_unit_named(candidates, province, year)
    if gone is not None:
        where, old = gone
        raise DataError(f"{label}: {where} ghi {old.label}, nhưng {gone_message(old)}; báo cáo năm {year} là của "
                        "đơn vị mới: hãy ghi tên đơn vị mới ở dòng tiêu đề hoặc chỉ rõ đơn vị (--unit)")


@dataclass(frozen=True)
class Agency:
    """A member that is no administrative unit (a khối's department), as its cluster file names it."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return self.name


def _agency_named(form: Form, agencies: Mapping[str, str]) -> tuple[str, Agency] | None:
    """The cluster's agency a title line, the sheet or the file name names — in full, in
    capitals, with its province or abbreviated ("SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG", "VP UBND tỉnh")."""
    texts = [(f"dòng tiêu đề '{t}'", t) for t in form.titles]
    # "UBND TỈNH LÂM ĐỒNG" over "VĂN PHÒNG" (or "THANH TRA"): the agency of the body above it
    # (titles are read cell by cell: the motto's cells sit between them)
    texts += [(f"dòng tiêu đề '{above} / {line}'", f"{line} {reading}") for i, above in enumerate(form.titles)
              if _BODY_ABOVE.match(fold(above)) for line in form.titles[i + 1:i + 4]
              for reading in (above, _BODY_ABOVE.sub("", fold(above)))]
    for where, text in texts:
        hit = match_agency(text, agencies, form.province)
        if hit is not None:
            return where, Agency(*hit)
    names = [(f"tên trang tính '{form.grid.sheet}'", form.grid.sheet)] if form.grid.sheet else []
    for where, text in names + [(f"tên tệp '{form.grid.path.name}'", _file_words(form.grid.path.stem))]:
        hit = agency_in_words(text, agencies, form.province)  # among the file's other words
        if hit is not None:
            return where, Agency(*hit)
    return None


_BARE_COMMITTEE = re.compile(r"^(?:ubnd|uy ban nhan dan)$")
_BODY_ABOVE = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(?=tinh\b|thanh pho\b)")
# What a file name adds around a member's name: "BC_So_TP_2025", "bao_cao_nam_2025_STC".
_FILE_NOISE = re.compile(r"\b(?:bc|bao cao|bieu|bieu mau|mau|so lieu|nam|ket qua|kq|\d+)\b")


def _file_words(stem: str) -> str:
    """A file name as the words that may name a member: no report words, years or numbers."""
    return " ".join(_FILE_NOISE.sub(" ", fold(stem.replace("_", " ").replace("-", " "))).split())


def _warn_of_a_gone_unit(form: Form, candidates: list[tuple[str, str, bool]], found: tuple[str, object],
                        year: int) -> None:
    """A form of a year after the reform placed by one line while another names a unit that
    is gone ("UBND XÃ PHÚC XUÂN" over "Xã Đại Phúc"): placed, and said."""
    titles = [c for c in candidates if c[2]]  # typed lines only: a file name names loosely
    gone = _gone_unit_named(titles, form.province, year, skip=found[0])
    if gone is not None:
        where, old = gone
        form.warnings.append({"source": form.grid.label, "column": "", "code": "member_conflict",
                              "message": f"{where} ghi {old.label} ({gone_message(old)}); đã lấy "
                                         f"{found[1].label} theo {found[0]}, hãy kiểm tra"})


def _place(form: Form, district: str | None, agencies: Mapping[str, str] | None = None) -> None:
    """The district of a one-district form: argument, title lines, sheet, file name."""
    grid = form.grid
    candidates = [(f"dòng tiêu đề '{t}'", t, True) for t in form.titles]
    # "ỦY BAN NHÂN DÂN" over "XÃ IA GRAI": one title on two lines (the motto's cells between them)
    candidates += [(f"dòng tiêu đề '{above} / {line}'", f"UBND {line}", True) for i, above in enumerate(form.titles)
                   if _BARE_COMMITTEE.match(fold(above)) for line in form.titles[i + 1:i + 4]]
    if grid.sheet:
        candidates.append((f"tên trang tính '{grid.sheet}'", grid.sheet, False))
    candidates.append((f"tên tệp '{grid.path.name}'", grid.path.stem, False))
    year = form.report_year
    if year is not None and year >= FIRST_NEW_YEAR:  # written by a commune, ward or special zone of the reform
        named = [(where, hit) for where, text, typed in candidates
                 if (hit := find_unit_in_text(text, form.province, year, require_type=typed)) is not None]
    else:
        named = [(where, hit) for where, text, typed in candidates
                 if (hit := find_district_in_text(text, form.province, require_type=typed)) is not None]
        # A commune's or ward's own report before the reform ("UBND XÃ ĐĂK YĂ"): the lowest unit named
        # is the one reporting; a district line above it chooses among wards of one name
        # ("UBND THÀNH PHỐ PLEIKU" over "UBND PHƯỜNG TÂY SƠN").
        lines = [c for c in candidates if c[2] and _is_commune_line(c[1])] or ([] if named else candidates)
        if lines:
            communes = _communes_named(lines, form.province, year or FIRST_NEW_YEAR - 1,
                                       named[0][1].code if named else None)
            named = communes or named
    found = named[0] if named else None
    agency = _agency_named(form, agencies) if agencies else None
    if agency is not None:  # the cluster's own list before the national one
        found, named = agency, [agency]
    if len({hit.code for _, hit in named}) > 1:  # "UBND HUYỆN KRÔNG BÚK" in BC_..._KrongPac.xlsx
        listed = "; ".join(f"{where}: {hit.label}" for where, hit in named)
        form.warnings.append({"source": grid.label, "column": "", "code": "member_conflict",
                              "message": f"biểu mẫu ghi các đơn vị khác nhau — {listed}; đã lấy {named[0][1].label} "
                                         f"theo {named[0][0]}, hãy kiểm tra"})
    if district:
        named_agency = match_agency(district, agencies or {}, form.province)
        given = Agency(*named_agency) if named_agency else \
            find_unit(district, form.province, year) if year is not None and year >= FIRST_NEW_YEAR \
            else find_district(district, form.province)
        if given is None:
            raise DataError(f"{grid.label}: không tìm thấy đơn vị '{district}' (tham số)")
        form.district, form.district_from = given, "tham số"
        if found and found[1].code != given.code:
            message = f"{found[0]} ghi {found[1].label}, nhưng đã chọn {given.label} theo tham số"
            form.warnings.append({"source": grid.label, "column": "", "code": "district_differs",
                                  "message": message})
        return
    if year is not None and year >= FIRST_NEW_YEAR:
        if found is None:
            _refuse_a_gone_unit(grid.label, candidates, form.province, year)
        else:
            _warn_of_a_gone_unit(form, candidates, found, year)
    if found is None:
        raise DataError(_unplaced(grid.label, agencies, year))
    form.district_from, form.district = found


def _unplaced(label: str, agencies: Mapping[str, str] | None, year: int | None) -> str:
    """Why a form has no member, and what to write: an agency's name to a khối, the unit's
    name of the form's period to a cluster of units."""
    searched = "(đã tìm ở dòng tiêu đề, tên trang tính và tên tệp)"
    if agencies:
        example = next(iter(agencies))
        return (f"{label}: không xác định được cơ quan của biểu mẫu {searched}; hãy ghi tên cơ quan như trong danh "
                f"sách Khối (ví dụ '{example}') ở dòng tiêu đề, hoặc chỉ rõ cơ quan (--unit)")
    units = "'UBND xã ...' hoặc 'UBND phường ...'" if year is None or year >= FIRST_NEW_YEAR \
        else "'UBND huyện ...' hoặc 'UBND xã ...'"
    return (f"{label}: không xác định được đơn vị của biểu mẫu {searched}; hãy ghi {units} ở dòng tiêu đề hoặc "
            "chỉ rõ đơn vị (--unit)")


def _settle_year(form: Form, given: int | None) -> None:
    """The year of an award form, in the order of trust: the title ("NĂM 2024", else the
    decision it is titled by), each row's decision date (a list), the sheet name, the file
    name, then the year given. Another year where the title gave one is said, never used."""
    grid = form.grid
    named = years_in_names(grid)
    if form.year is not None:
        others = [f"{where} ghi năm {found}" for where, found in named if found != form.year]
        if others:
            form.warnings.append({"source": grid.label, "column": "", "code": "year_conflict",
                                  "message": f"dòng tiêu đề ghi năm {form.year}, nhưng {'; '.join(others)}; đã lấy "
                                             f"năm {form.year} theo dòng tiêu đề, hãy kiểm tra"})
        return
    form.fallback_year = named[0][1] if named else given


def years_in_names(grid: Grid) -> list[tuple[str, int]]:
    """The years a sheet's name and its file's name give, each with the words that say where."""
    return [(where, found) for where, text in ((f"tên trang tính '{grid.sheet}'", grid.sheet or ""),
                                               (f"tên tệp '{grid.path.name}'", grid.path.stem))
            if (found := _year_of(text)) is not None]


def no_year_message(label: str, where: str) -> str:
    """What to do when no year is written anywhere (one line: the CLI's, the report's)."""
    return (f"{label}: không thấy năm của bảng (đã tìm {where}); hãy ghi 'NĂM 2025' ở dòng tiêu đề hoặc thêm cột "
            "'Năm', hoặc chỉ rõ năm (--year, hoặc 'year:' trong dataset.yaml)")


@lru_cache(maxsize=4096)
def _is_commune_line(text: str) -> bool:
    """"UBND XÃ ĐĂK YĂ", not "… xã An Khê, ngày 15 tháng 12 năm 2017" (where it was signed)."""
    folded = fold(text)
    return bool(_COMMUNE_LINE.match(folded)) and not _DATE_LINE.search(folded)


def _communes_named(candidates: list[tuple[str, str, bool]], province: str | None, year: int,
                    within: str | None) -> list[tuple[str, object]]:
    return [(where, hit) for where, text, typed in candidates
            if (hit := find_unit_in_text(text, province, year, require_type=typed, within=within)) is not None
            and hit.level == "commune"]


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
            raise DataError(f"{form.grid.label}, cột {column.letter} '{column.label}': không xác định được năm "
                            "(ghi năm ở tiêu đề cột, ví dụ 'Thực hiện 2017', hoặc ở tên báo cáo)")


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
                "message": f"cột {column.letter} không có tiêu đề nên {len(filled)} ô trong cột không được đọc"})


def _warn_merged_body(form: Form) -> None:
    if not form.body:
        return
    first, last = form.grid.row_numbers[form.body[0]], form.grid.row_numbers[form.body[-1]]
    for r0, c0, r1, c1 in form.grid.merged:
        if r1 > r0 and first <= r0 <= last:
            form.warnings.append({
                "source": f"{form.grid.source_prefix}{r0}C{c0}" if form.grid.sheet else form.grid.label,
                "column": column_letters(c0 - 1), "code": "merged_data_cells",
                "message": f"ô gộp {column_letters(c0 - 1)}{r0}:{column_letters(c1 - 1)}{r1} trải qua nhiều dòng "
                           "số liệu; giá trị chỉ được tính cho dòng đầu"})


# --- records ----------------------------------------------------------------------------

def _cell(row: list[object], column: int | None) -> object:
    return row[column] if column is not None and column < len(row) else None


def _is_total(*cells: object) -> bool:
    """"Tổng cộng", "Cộng", "Tổng cộng: 05 tập thể, 12 cá nhân" (derived, not data)."""
    return any(_is_total_text(c) for c in cells if isinstance(c, str))


@lru_cache(maxsize=65536)
def _is_total_text(text: str) -> bool:
    return cell_role(strip_numbering(clean(text)).split(":")[0], "total_row") is not None


@lru_cache(maxsize=65536)
def _clean_cached(text: str) -> str:
    return clean(text)


@lru_cache(maxsize=65536)
def _item_name(text: str, strip: bool) -> str:
    name = clean(text)
    return strip_numbering(name) if strip or _BULLET.match(name) else name


def _text_of(cell: object) -> str:
    return _clean_cached(cell) if isinstance(cell, str) else clean(cell)


def _no_figure(value: object) -> bool:
    if value is None:
        return True
    if value.__class__ is str:
        return _no_figure_text(value)
    return False


@lru_cache(maxsize=65536)
def _no_figure_text(text: str) -> bool:
    return not text.strip() or is_none_mark(text)


def _indicator_records(form: Form) -> dict[str, list[object]]:
    number_col, name_col, unit_col = (form.fixed.get(r) for r in ("number_column", "name_column", "unit_column"))
    columns = form.figure_columns
    report_year = form.year or max((c.year for c in columns if c.measure == "actual" and c.year), default=None)
    cluster_sheet = form.is_cluster_sheet
    csv = form.grid.sheet is None
    prefix = f"{form.grid.label}:" if csv else form.grid.source_prefix
    plan = []  # what every figure of a column shares, worked out once per column
    for c in columns:
        where = c.district or form.district
        rank = (2 if c.estimate else 0) + (0 if cluster_sheet or c.year == report_year else 1)
        plan.append((c.index, where.name if where else "", where.code if where else "", c.year, c.measure,
                     c.label, rank, f":{c.index + 1}" if csv else f"C{c.index + 1}"))
    # Rows first (names, units, sources), then the figures column by column: list
    # comprehensions, not a Python step per figure.
    rows, numbers = form.grid.rows, form.grid.row_numbers
    items: list[list[object]] = []
    for i in form.body:
        row = rows[i]
        width = len(row)
        number = row[number_col] if number_col is not None and number_col < width else None
        name = row[name_col] if name_col < width else None
        if (isinstance(number, str) and _is_total_text(number)) or (isinstance(name, str) and _is_total_text(name)):
            continue
        name = _item_name(name, number_col is None) if isinstance(name, str) else _text_of(name)
        unit = _text_of(row[unit_col]) if unit_col is not None and unit_col < width else ""
        items.append([row, name, unit, prefix + str(numbers[i])])
    out: dict[str, list[object]] = {k: [] for k in (
        "member", "member_code", "year", "measure", "indicator", "unit", "value", "source", "header", "_rank")}
    for j, d_name, d_code, year, measure, label, rank, suffix in plan:
        cells = [item[0][j] if j < len(item[0]) else None for item in items]
        kept = [(item, v) for item, v in zip(items, cells)
                if v is not None and (v.__class__ is not str or not _no_figure(v))]
        n = len(kept)
        out["value"] += [v for _, v in kept]
        out["indicator"] += [item[1] for item, _ in kept]
        out["unit"] += [item[2] for item, _ in kept]
        out["source"] += [item[3] + suffix for item, _ in kept]
        for key, constant in (("member", d_name), ("member_code", d_code), ("year", year),
                              ("measure", measure), ("header", label), ("_rank", rank)):
            out[key] += [constant] * n
    return out


def _section(text: str) -> tuple[str, str] | None:
    """What a section row sets for the rows below: ("kind", "collective"),
    ("authority", "province") or ("award", key); None when it is no section."""
    name = strip_numbering(text)
    role = cell_role(name, "collective_section", "individual_section", "household_section")
    if role:
        return "kind", role.split("_")[0]
    authority = _section_authority(name)
    if authority:
        return "authority", authority
    award = catalog.match_award(name)
    if award.key and not award.ambiguous:
        return "award", name
    return None


_TITLE_ISSUER = re.compile(r"\bcua\s+(.+)$")


def _names_an_issuer(text: str) -> bool:
    """A row that reads as a section of an issuer ("Khen thưởng của Ban Thi đua …", "… tặng")
    whether or not the issuer is known."""
    words = tokens(strip_numbering(text))
    prefixes = labels().phrases.get("authority_section_prefix", ())
    suffixes = labels().phrases.get("authority_section_suffix", ())
    return any(len(words) > len(p) and tuple(words[:len(p)]) == p for p in prefixes if len(p) > 1) or \
        any(len(words) > len(p) and tuple(words[-len(p):]) == p for p in suffixes if p != ("khen",))


def _unknown_issuer(form: Form, i: int, column: int | None, heading: str) -> None:
    form.warnings.append({
        "source": form.grid.source(form.grid.row_numbers[i]), "column": "", "code": "unknown_authority",
        "message": f"dòng '{heading}' như tiêu đề một cấp khen nhưng không nhận ra cấp khen; các dòng dưới nó "
                   "không mang cấp khen của mục trên (ghi rõ, ví dụ 'Khen thưởng của Chủ tịch UBND tỉnh')"})


def _title_authority(titles: list[str]) -> str:
    """The issuer a title names after "của" ("… CỦA CHỦ TỊCH UBND TỈNH"), else ""."""
    for line in titles:
        found = _TITLE_ISSUER.search(fold(line))
        level = catalog.authority_of(found.group(1)) if found else None
        if level:
            return level
    return ""


@lru_cache(maxsize=4096)
def _section_authority(name: str) -> str | None:
    """The authority a section row names, with the words around it taken off:
    "Khen thưởng của Thủ tướng Chính phủ", "Chủ tịch UBND tỉnh tặng", "Cấp tỉnh"."""
    words = tokens(name)
    for phrase in sorted(labels().phrases.get("authority_section_prefix", ()), key=len, reverse=True):
        if tuple(words[:len(phrase)]) == phrase and len(words) > len(phrase):
            words = words[len(phrase):]
            break
    for phrase in sorted(labels().phrases.get("authority_section_suffix", ()), key=len, reverse=True):
        if len(words) > len(phrase) and tuple(words[-len(phrase):]) == phrase:
            words = words[:-len(phrase)]
            break
    # with its place or its agency after the title: "Chủ tịch UBND xã", "Chánh Văn phòng UBND tỉnh"
    return catalog.authority_of(" ".join(words))


def _only_text_in(row: list[object], allowed: set[int | None]) -> bool:
    return all(_is_blank(c) or j in allowed for j, c in enumerate(row))


def _summary_records(form: Form) -> dict[str, list[object]]:
    number_col, award_col, authority_col, note_col = (form.fixed.get(r) for r in (
        "number_column", "award_column", "authority_column", "note_column"))
    counts = [c for c in form.figure_columns if c.kind]
    totals = [c for c in form.columns if c.total]
    out: dict[str, list[object]] = {k: [] for k in (
        "member", "member_code", "year", "award", "authority", "_section_authority", "recipient_kind", "count",
        "posthumous",
        "source", "header")}
    authority = ""
    sums = dict.fromkeys((c.index for c in counts), 0.0)
    for i in form.body:
        row = form.grid.rows[i]
        award = clean(_cell(row, award_col))
        if _is_total(_cell(row, number_col), award):
            _check_total(form, i, counts, sums)
            sums = dict.fromkeys(sums, 0.0)
            continue
        if award and _only_text_in(row, {number_col, award_col}):
            section = _section(award)
            if section and section[0] == "authority":
                authority = section[1]
            elif section is None and _names_an_issuer(award):  # ends the section above, and is said
                authority = ""
                _unknown_issuer(form, i, award_col, award)
            continue
        note = clean(_cell(row, note_col))
        _check_row_total(form, i, counts, totals)
        for column in counts:
            value = _cell(row, column.index)
            if _is_blank(value) or is_none_mark(value):
                continue
            sums[column.index] += _number_or_zero(value)
            out["member"].append(form.district.name if form.district else "")
            out["member_code"].append(form.district.code if form.district else "")
            out["year"].append(form.year or form.fallback_year or "")
            out["award"].append(strip_numbering(award) if number_col is None else award)
            out["authority"].append(clean(_cell(row, authority_col)))
            out["_section_authority"].append(authority)
            out["recipient_kind"].append(column.kind)
            out["count"].append(value)
            out["posthumous"].append("có" if "truy tang" in fold(note) else "")
            out["source"].append(form.cell_source(i, column.index))
            out["header"].append(column.label)
    return out


def _number_or_zero(value: object) -> float:
    """A cell as a number for checking totals: 0 for no figure or for words (the loader
    refuses the words in the count cell itself, naming it)."""
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = parse_number(value)
        except (ValueError, TypeError):
            return 0.0
    return 0.0 if number != number else number


def _check_total(form: Form, row: int, counts: list[FormColumn], sums: dict[int, float]) -> None:
    for column in counts:
        written = _cell(form.grid.rows[row], column.index)
        if _no_figure(written) or not _is_number_text(written):
            continue  # no total written, or words where it belongs: nothing to check
        total = _number_or_zero(written)
        if abs(total - sums[column.index]) > 1e-9:
            form.warnings.append({
                "source": form.cell_source(row, column.index), "column": column.label, "code": "total_mismatch",
                "message": f"dòng tổng cộng ghi {format_number(total)} nhưng các dòng trên cộng lại được "
                           f"{format_number(sums[column.index])}; dùng số của từng dòng"})


def _check_row_total(form: Form, row: int, counts: list[FormColumn], totals: list[FormColumn]) -> None:
    """A row's "Tổng số" must be the sum of its collectives, individuals and households."""
    cells = form.grid.rows[row]
    for column in totals:
        written = _cell(cells, column.index)
        parts = [_cell(cells, c.index) for c in counts if not _no_figure(_cell(cells, c.index))]
        if _no_figure(written) or not all(map(_is_number_text, [written, *parts])):
            continue  # a word where a figure belongs: the count columns' own check names it
        total, parts = _number_or_zero(written), sum(map(_number_or_zero, parts))
        if abs(total - parts) > 1e-9:
            form.warnings.append({
                "source": form.cell_source(row, column.index), "column": column.label, "code": "total_mismatch",
                "message": f"cột '{column.label}' ghi {format_number(total)} nhưng các cột tập thể, cá nhân cộng "
                           f"lại được {format_number(parts)}; dùng số của từng cột"})


def _list_records(form: Form) -> dict[str, list[object]]:
    get = form.fixed.get
    number_col, recipient_col = get("number_column"), get("recipient_column")
    out: dict[str, list[object]] = {k: [] for k in (
        "member", "member_code", "year", "award", "authority", "_section_authority", "recipient_kind", "count",
        "posthumous",
        "source", "header", "recipient", "position", "decision", "decision_date")}
    # a list titled by its issuer ("… THEO QUYẾT ĐỊNH SỐ 830/QĐ-UBND … CỦA CHỦ TỊCH UBND TỈNH"): theirs until
    # a section names another
    state = {"kind": "", "authority": _title_authority(form.titles), "award": ""}
    default_kind = _list_kind_hint(form)
    listed = 0  # recipients before the last "Tổng cộng" row
    for i in form.body:
        row = form.grid.rows[i]
        recipient = clean(_cell(row, recipient_col))
        number = clean(_cell(row, number_col)) if not isinstance(_cell(row, number_col), float) else ""
        if _is_total(_cell(row, number_col), recipient):
            _check_list_total(form, i, out["recipient_kind"][listed:], default_kind)
            listed = len(out["recipient_kind"])
            continue
        if _only_text_in(row, {number_col, recipient_col}) and recipient and not number.isdigit():
            section = _section(recipient)
            if section:
                state[section[0]] = section[1]
                continue
            if _names_an_issuer(recipient):  # a section of an issuer not known: its rows inherit none
                state["authority"] = ""
                _unknown_issuer(form, i, recipient_col, recipient)
                continue
        decision = clean(_cell(row, get("decision_column")))
        date = clean(_cell(row, get("date_column"))) if get("date_column") is not None else ""
        date = date or _date_in(decision)
        year = form.year or _year_of(date) or form.fallback_year
        award = clean(_cell(row, get("award_column"))) or state["award"]
        note = clean(_cell(row, get("note_column")))
        out["member"].append(form.district.name if form.district else "")
        out["member_code"].append(form.district.code if form.district else "")
        out["year"].append(year if year is not None else "")
        out["award"].append(award)
        out["authority"].append(clean(_cell(row, get("authority_column"))))
        out["_section_authority"].append(state["authority"])
        out["recipient_kind"].append(clean(_cell(row, get("kind_column"))) or state["kind"]
                                     or _name_kind(recipient) or default_kind)
        out["count"].append(1)
        out["posthumous"].append("có" if "truy tang" in fold(note) else "")
        out["source"].append(f"{form.grid.source(form.grid.row_numbers[i])}")
        out["header"].append("")
        out["recipient"].append(recipient)
        out["position"].append(clean(_cell(row, get("position_column"))))
        out["decision"].append(decision)
        out["decision_date"].append(date)
    _require_kinds(form, out)
    _check_decision_years(form, out["decision_date"])
    return out


def _check_decision_years(form: Form, dates: list[str]) -> None:
    """Decisions of a list titled with a year are of that year or early the next (a review's
    awards are decided in its last weeks or the new year's first); others are said."""
    if form.year is None:
        return
    odd = sorted({y for d in dates if (y := _year_of(d)) is not None and y not in (form.year, form.year + 1)})
    if odd:
        form.warnings.append({"source": form.grid.label, "column": "", "code": "year_conflict",
                              "message": f"dòng tiêu đề ghi năm {form.year}, nhưng có quyết định ngày của năm "
                                         f"{', '.join(map(str, odd))}; đã lấy năm {form.year} theo dòng tiêu đề, "
                                         "hãy kiểm tra"})


_STATED_COUNT = re.compile(r"(\d+)\s*(tap the|ca nhan|ho gia dinh|ho)?")


def _check_list_total(form: Form, row: int, kinds: list[object], default_kind: str) -> None:
    """"Tổng cộng: 09" or "Tổng cộng: 05 tập thể, 12 cá nhân" must be the recipients
    listed above it (since the last total)."""
    text = " ".join(fold(_text_of(c)) for c in form.grid.rows[row] if not _is_blank(c))
    stated = _STATED_COUNT.findall(text.partition(":")[2] or text)
    if not stated:
        return
    names = {"tap the": "collective", "ca nhan": "individual", "ho gia dinh": "household", "ho": "household"}
    untold = any(not (k or default_kind) for k in kinds)
    for number, word in stated:
        kind = names.get(word, "")
        if kind and untold:
            continue  # recipients of no known kind: a count per kind cannot be checked
        counted = sum(1 for k in kinds if (k or default_kind) == kind) if kind else len(kinds)
        if int(number) != counted:
            what = {"collective": "tập thể", "individual": "cá nhân", "household": "hộ gia đình"}.get(kind, "")
            form.warnings.append({
                "source": form.grid.source(form.grid.row_numbers[row]), "column": "", "code": "total_mismatch",
                "message": f"dòng tổng cộng ghi {int(number)} {what or 'người/đơn vị'} nhưng danh sách có "
                           f"{counted}; dùng danh sách".replace("  ", " ")})


def _words_kind(text: str) -> str:
    """The one kind of recipient a header or title speaks of ("Họ và tên", "DANH SÁCH CÁ
    NHÂN ..."), or "" when it speaks of several or none."""
    words = tokens(text)
    found = [kind for kind in ("collective", "individual", "household") if has_phrase(words, f"{kind}_words")]
    return found[0] if len(found) == 1 else ""


def _list_kind_hint(form: Form) -> str:
    """The kind of every recipient of a list, where its recipient header or title says it."""
    column = form.fixed.get("recipient_column")
    header = " ".join(_text_of(form.grid.rows[i][column]) for i in form.header
                      if column is not None and column < len(form.grid.rows[i]))
    titled = {kind for kind in map(_words_kind, form.titles) if kind}
    return _words_kind(header) or (titled.pop() if len(titled) == 1 else "")


@lru_cache(maxsize=65536)
def _name_kind(name: str) -> str:
    """The kind a recipient's name gives away: "Ông Nguyễn Văn An" (a person), "Hộ ông ..."
    (a household), "Phòng Tài chính - Kế hoạch" (a collective). Matched with diacritics
    (``form_labels.csv``): "Tổ" is a collective, "Tô" a family name."""
    text = clean(name).lower()
    found = [(len(p), role) for role, listed in labels().name_prefixes.items() for p in listed
             if text == p or (text.startswith(p) and not text[len(p)].isalnum())]
    return max(found)[1].split("_")[0] if found else ""


def _require_kinds(form: Form, records: dict[str, list[object]]) -> None:
    """A list none of whose recipients can be told apart (collective or individual) is one
    problem of the sheet, said once, not one per row."""
    kinds, awards = records["recipient_kind"], records["award"]
    if not kinds or any(kinds) or all(catalog.only_recipient_kind(a) for a in awards):
        return
    raise DataError(f"{form.grid.label}: không xác định được đối tượng (tập thể hay cá nhân) của {len(kinds)} "
                    "người/đơn vị trong danh sách; hãy thêm mục 'A. TẬP THỂ' / 'B. CÁ NHÂN' hoặc cột 'Đối tượng'")


def _date_in(text: str) -> str:
    found = _DECISION_DATE.search(text)
    return f"{int(found.group(1)):02d}/{int(found.group(2)):02d}/{found.group(3)}" if found else ""


def _year_of(text: str) -> int | None:
    found = _YEAR.findall(text or "")
    return int(found[-1]) if found else None


# Shared with the loader of tidy tables, which looks for a year where a table has no 'Năm' column.
title_year, text_of, is_footer, is_total = _title_year, _text_of, _is_footer, _is_total


def describe_file(path, table: str = "indicators", **kwargs) -> list[Form]:
    """Every form found in a file (a notebook helper: what would be read, and how)."""
    forms = [f for g in read_grids(path) if g.rows and (f := read_form(g, table, **kwargs)) is not None]
    if not forms:
        raise DataError(f"{display_path(path)}: không tìm thấy biểu mẫu {table}")
    return forms
