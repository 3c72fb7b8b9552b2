"""The rules of an indicators table: catalogue keys, measures, numbers read two ways, units
of measure converted or refused, the catalogue's limits."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import Term, said_both
from emulation_stats.core.frames import apply_unique, apply_unique_columns
from emulation_stats.core.measures import unit_relation
from emulation_stats.core.text import clean, format_number, show_value
from emulation_stats.load.fields import PAIR_SEPARATOR, parse_numbers, parse_vocabulary, parse_years
from emulation_stats.load.issues import MAX_CELL_CHARACTERS, LoadContext, _Issues, _Rows
from emulation_stats.load.members import _district_columns, _sources, _unit_eras
from emulation_stats.units.lists import FIRST_NEW_YEAR


def _indicators(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    codes, display = _district_columns(rows, issues, ctx)
    this_year = dt.date.today().year
    # A report may set next year's plan ("Kế hoạch năm 2027"); only actuals must be past.
    years, errors = parse_years(rows.cells["year"], last_year=this_year + 1)
    issues.reject(errors, "year", "bad_year")
    names = rows.text("indicator")
    issues.reject_where(names == "", "indicator", "missing_indicator", Term("no_indicator_name"))
    keys, known = _indicator_keys(names)
    issues.warn_once(~known & (names != ""), "indicator", "unknown_indicator", names, "indicator_not_in_catalogue")
    measure, errors = parse_vocabulary(rows.cells.get("measure", pd.Series("", index=names.index)),
                                       _measures(), Term("what_measure"), "actual")
    issues.reject(errors, "measure", "bad_measure")
    issues.reject_where((measure == "actual") & (years > this_year).fillna(False), "year", "future_actual",
                        Term("actual_of_future_year", year=this_year))
    values, errors = parse_numbers(rows.cells["value"])
    issues.reject(errors, "value", "not_a_number")
    issues.warn(values.isna() & (errors == ""), "value", "no_value", Term("no_figure"))
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


def _bare_name(name: str) -> str:
    """An indicator's name without the unit or colon a form may add ("Sản lượng cà phê (tấn)")."""
    return re.sub(r"\s*\([^()]*\)\s*$|\s*:\s*$", "", name)


@lru_cache(maxsize=1)
def _measures() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("measures.csv")


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
    for bound, column, code in (("min_value", values.lt, "below_minimum"), ("max_value", values.gt, "above_maximum")):
        limit = keys.map(_limits(bound)).astype(float)
        outside = column(limit)
        if outside.any():
            issues.reject_where(outside, "value", code, said_both(
                f"value_{code}", value=values[outside].map(show_value), limit=limit[outside].map(show_value),
                name=names[outside]))


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
    text = cells[ambiguous].astype(str).map(clean)
    shown = apply_unique(values[ambiguous], format_number).where(thousands[ambiguous], text)
    why = pd.Series(np.where(thousands[ambiguous], Term("read_as_thousands"), Term("read_as_decimal")),
                    index=text.index)
    issues.warn(ambiguous, "value", "ambiguous_number", said_both("number_read_one_way", text=text, shown=shown,
                                                                  why=why))
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
    incompatible = kind == "incompatible"
    if incompatible.any():
        issues.reject_where(incompatible, "unit", "unit_incompatible", said_both(
            "unit_not_convertible", given=given[incompatible], expected=expected[incompatible],
            name=names[incompatible]))
    unknown = kind == "unknown"
    pair = given + PAIR_SEPARATOR + expected
    issues.warn_once(unknown, "unit", "unit_mismatch", pair, "unit_kept", given=given, expected=expected)
    convert = kind == "convert"
    unit = given.where(given != "", expected).where(~(differs & ~unknown), expected)
    if not convert.any():
        return unit, values, None
    converted = values.where(~convert, _significant(values * factor))
    how = names + PAIR_SEPARATOR + given + PAIR_SEPARATOR + expected
    issues.warn_once(convert, "unit", "unit_converted", how, "unit_converted", name=names, given=given,
                     expected=expected, factor=apply_unique(factor, _factor_words))
    reported = (values.where(convert), given.where(convert, ""))
    return unit, converted, reported


def _unit_relation_of(pair: str) -> tuple[str, float]:
    given, expected = pair.split(PAIR_SEPARATOR)
    relation = unit_relation(given, expected)
    return relation.kind, relation.factor


def _factor_words(factor: float) -> Term:
    return Term("divided_by", n=format_number(1 / factor)) if factor < 1 else Term("times", n=format_number(factor))


def _significant(values: pd.Series, digits: int = 12) -> pd.Series:
    """Rounded to ``digits`` significant digits: 66875.5 × 0.001 is 66.8755, not
    66.87549999999999 (the float noise of a conversion is not a figure)."""
    array = values.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(array)))
    scale = np.power(10.0, digits - 1 - np.where(np.isfinite(magnitude), magnitude, 0))
    return pd.Series(np.round(array * scale) / scale, index=values.index)
