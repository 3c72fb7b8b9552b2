"""A form's rows as records: indicator figures, a matrix of members by indicators, an award
summary by sections of issuers, a decision list by recipient; totals checked."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.text import clean, fold, format_number, is_none_mark, parse_number
from emulation_stats.load.form_headers import FormColumn
from emulation_stats.load.form_words import (
    _cell,
    _date_in,
    _is_blank,
    _is_number_text,
    _is_total,
    _is_total_text,
    _item_name,
    _no_figure,
    _text_of,
    _year_of,
    cell_role,
    has_phrase,
    labels,
    strip_numbering,
    tokens,
)

if TYPE_CHECKING:  # the form is built in forms.py, which reads it with these
    from emulation_stats.load.forms import Form


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
        "message": Term("section_issuer_unknown", heading=heading)})


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
                "message": Term("total_row_differs", total=format_number(total),
                                sum=format_number(sums[column.index]))})


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
                "message": Term("total_column_differs", column=column.label, total=format_number(total),
                                sum=format_number(parts))})


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
                              "message": Term("decisions_of_other_years", year=form.year,
                                              others=", ".join(map(str, odd)))})


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
            form.warnings.append({
                "source": form.grid.source(form.grid.row_numbers[row]), "column": "", "code": "total_mismatch",
                "message": Term("list_total_differs", number=int(number), what=Term(f"recipients_{kind or 'any'}"),
                                counted=counted)})


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
    raise DataError("list_kinds_unknown", label=form.grid.label, n=len(kinds))
