"""Vectorised parsers for the fields of a loaded table.

Each parser works on the distinct values of a column (a district name appears
hundreds of times, it is matched once) and returns the parsed values together with an
error message per row (empty where the value is good).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Hashable
from functools import lru_cache

import numpy as np
import pandas as pd

from emulation_stats.core.catalog import Vocabulary
from emulation_stats.core.errors import DataError, Term, Words, cut
from emulation_stats.core.frames import factorize_values, map_unique
from emulation_stats.core.text import clean, fold, is_none_mark, name_key, parse_number
from emulation_stats.units.lists import FIRST_NEW_YEAR, districts, same_name, strip_type_word, type_word, unit_by_code
from emulation_stats.units.matching import find_district, in_province, match_district, match_unit
from emulation_stats.units.reform import gone_message, reform_words

FIRST_YEAR = 1990
PAIR_SEPARATOR = "\x1f"  # joins two text columns into one key; never in a cell
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})(?:[.,]0+)?$")


def parse_years(values: pd.Series, last_year: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Years written as 2017, 2017.0, "2017" or "Năm 2017"; outside 1990..this year is an error."""
    last_year = last_year or dt.date.today().year

    def one(value: object) -> tuple[object, str]:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = fold(str(value)) if not is_none_mark(value) else ""
        found = _YEAR.match(text)
        if not found:
            return pd.NA, Term("year_unreadable", cell=cut(clean(value)))
        year = int(found.group(1))
        if not FIRST_YEAR <= year <= last_year:
            return pd.NA, Term("year_out_of_range", year=year, first=FIRST_YEAR, last=last_year)
        return year, ""

    years, errors = map_unique(values, one)
    return years.astype("Int64"), errors


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers or Vietnamese number text; "-" and empty cells are NaN without error."""

    def one(value: object) -> tuple[object, str]:
        try:
            return parse_number(value), ""
        except ValueError:
            return np.nan, Term("not_a_number_cell", cell=cut(clean(value)))

    cells = values.to_numpy(dtype=object)
    # Cells a workbook stores as numbers need no parsing; only text goes through the parser.
    numeric = np.fromiter(((type(v) is float or type(v) is int) for v in cells), bool, len(cells))
    if not numeric.all():
        numbers, errors = _parse_texts(values[~numeric], one)
    else:
        numbers, errors = pd.Series(dtype=float), pd.Series(dtype=object)
    out = pd.Series(np.nan, index=values.index, dtype=float)
    out[numeric] = cells[numeric].astype(float)
    out[~numeric] = numbers.astype(float).to_numpy()
    error = pd.Series("", index=values.index, dtype=object)
    error[~numeric] = errors.to_numpy()
    return out, error


# Number text in its plain Vietnamese forms ("57", "-3", "12,5", "1.234", "1.234.567,89"):
# read for all distinct values at once; anything else goes through parse_number.
_PLAIN_NUMBER = r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"


def _parse_texts(values: pd.Series, one: Callable[[Hashable], tuple[object, str]]) -> tuple[pd.Series, pd.Series]:
    codes, distinct = factorize_values(values)
    texts = pd.Series(distinct, dtype=object)
    plain = texts.map(type).eq(str) & texts.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
    numbers = np.full(len(distinct), np.nan)
    errors = np.full(len(distinct), "", dtype=object)
    numbers[plain.to_numpy()] = pd.to_numeric(
        texts[plain].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)).to_numpy(float)
    for i in np.flatnonzero(~plain.to_numpy()):
        numbers[i], errors[i] = one(distinct[i])
    return (pd.Series(numbers[codes], index=values.index, dtype=float),
            pd.Series(errors[codes], index=values.index, dtype=object))


def parse_vocabulary(values: pd.Series, vocab: Vocabulary, what: Term,
                     default: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Map names to vocabulary keys; empty cells take ``default``."""

    def one(value: object) -> tuple[object, str]:
        if is_none_mark(value):
            return (default, "") if default else (pd.NA, Term("field_missing", what=what))
        found = vocab.candidates(clean(value))
        if not found:
            return pd.NA, Term("field_unclear", what=what, cell=cut(clean(value)))
        return found[0], ""

    return map_unique(values, one)


def parse_districts(names: pd.Series | None, codes: pd.Series | None, index: pd.Index,
                    province: str | None, eras: pd.Series | None = None
                    ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.Series]:
    """Member codes and official names from a name column, a code column or both.

    A row of ``eras`` "old" (a report of a year before 2025; the default) names a district
    (the GSO list of 2025-01-04); one of "new" (a report of 2025 or later) a unit in force
    since the reform (commune, ward, special zone, province;
    :func:`~emulation_stats.units.matching.match_unit`). Returns (code, official name,
    error, note, misspelling): a code not in the list, a name that matches no unit or
    several, and a name that contradicts its code are errors; an old unit named for a year
    after it ceased to exist is kept with a note; a unit's name misspelt beside its code is
    kept by the code, with what to say of the name.
    """
    n = len(index)
    era = np.where(eras.to_numpy(dtype=object) == "new", "new", "old") if eras is not None \
        else np.full(n, "old", dtype=object)
    reference = _district_reference()
    # Each distinct (code, name, period) is read once: three factorizations, then their
    # triples; everything after works on the triples and is spread to the rows at the end.
    parts = [_distinct(codes, _code_text, n), _distinct(names, clean, n), pd.factorize(era)]
    sizes = [len(values) + 1 for _, values in parts]
    combined = (parts[0][0].astype(np.int64) * sizes[1] + parts[1][0]) * sizes[2] + parts[2][0]
    triple_ids, triples = pd.factorize(combined)

    def one(triple: int) -> tuple[object, str, str]:
        code = parts[0][1][triple // (sizes[1] * sizes[2])]
        name = parts[1][1][(triple // sizes[2]) % sizes[1]]
        era = parts[2][1][triple % sizes[2]]
        if code and code not in reference.index:  # a commune's or ward's code, of either list
            return _coded_unit(code, name, province, era)
        if era == "new":
            return _new_member(code, name, province)
        return (*_old_member(code, name), era)

    def _old_member(code: str, name: str) -> tuple[object, str]:
        if code:
            if province and _outside(code, province):
                gso = reference.loc[code]
                return None, Term("district_of_other_province", code=code, unit=f"{gso['district_type']} "
                                  f"{gso['district_name']}", province=gso["province_name"], ours=clean(province))
            if name and not _same_district(name, code, province):
                return None, Term("name_not_district_code", name=name, code=code)
            return code, ""
        if not name:
            return None, Term("no_unit_name")
        try:
            return match_district(name, province).code, ""
        except DataError as exc:
            commune = _old_commune(name, province)  # a commune's own report before the reform
            return (commune.code, "") if commune is not None else (None, exc.as_term())

    found, errors, notes, misspelt, official = [], [], [], [], []
    gso_names = reference["district_name"]
    for triple in triples:
        code, message, era = one(int(triple))
        code = code or ""
        found.append(code)
        errors.append("" if code else message)
        # A unit found with something to say: of its name (misspelt), or of the unit (gone).
        name_said = isinstance(message, Term) and message.code == "name_misspelt_kept"
        notes.append(message if code and not name_said else "")
        misspelt.append(message if code and name_said else "")
        # Districts: the GSO list at hand; communes and wards: the list the row's unit is of.
        official.append(gso_names.get(code) or _official_name(code, era) if code else "")
    return tuple(pd.Series(np.asarray(values, dtype=object)[triple_ids], index=index, dtype=object)
                 for values in (found, official, errors, notes, misspelt))


def _distinct(values: pd.Series | None, read: Callable[[Hashable], str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes and ``read`` of each distinct value of a column ("" throughout where absent)."""
    if values is None:
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    codes, distinct = factorize_values(values)
    return codes, np.array([read(v) for v in distinct], dtype=object)


@lru_cache(maxsize=1)
def _district_reference() -> pd.DataFrame:
    return districts().set_index("district_code")


def _official_name(code: str, era: str) -> str:
    unit = unit_by_code(code, era)
    return unit.name if unit is not None else ""


def _old_commune(name: str, province: str | None):
    """A commune, ward or township of the lists before the reform, if ``name`` is one."""
    try:
        unit = match_unit(name, province, FIRST_NEW_YEAR - 1, "commune")
    except DataError:
        return None
    return unit if unit.exists_in(FIRST_NEW_YEAR - 1) else None


def _coded_unit(code: str, name: str, province: str | None, era: str) -> tuple[object, str, str]:
    """A row that gives a commune's or ward's code: the code names a unit only within one
    list (GSO reuses codes across 2025-07-01), so the unit is the code's in the list of the
    row's year, unless the written name fits only the other list's unit of that code — a
    new unit's own figure for the year before ("2024, 23794, Xã Mang Yang"), or an old unit
    named for a new year (kept, and said with its successors). Returns (code, error or
    note, the list the unit is of)."""
    other = "old" if era == "new" else "new"
    own, theirs = unit_by_code(code, era), unit_by_code(code, other)
    own, theirs = (u if u is not None and in_province(u, province) else None for u in (own, theirs))
    if own is None and theirs is None:
        return None, Term("unit_code_unknown", code=code, of=_of(province)), era
    if name:
        fits = [u for u in (own, theirs) if u is not None and same_name(u.name, name)]
        near = [u for u in (own, theirs) if u is not None and _misspelt(u, name)]
        if not fits and len(near) == 1:  # "Xã Van Kanh" for 21994, Xã Vân Canh: the code kept, the name said
            unit = near[0]
            return unit.code, Term("name_misspelt_kept", name=name, unit=unit.label, code=code), unit.era
        if not fits:
            periods = [(u.label, Term("since_reform" if u.era == "new" else "before_reform"))
                       for u in (own, theirs) if u is not None]
            shown = Words(*("; ".join(f"{label} ({period.in_language(lang)})" for label, period in periods)
                            for lang in ("vi", "en")))
            return None, Term("name_not_unit_code", name=name, code=code, units=Term("in_brackets", text=shown)), era
        unit = fits[0]
    else:
        unit = own or theirs
    if unit.era == "old" and era == "new":
        return unit.code, _gone_kept(unit), "old"
    return unit.code, "", unit.era


def _misspelt(unit, written: str) -> bool:
    """A unit's name written with a letter or a tone wrong, not another unit's: the unit's
    own type word (if one is written), and all but a letter or two the same."""
    if type_word(written) and type_word(written) != unit.type:
        return False
    a, b = name_key(strip_type_word(unit.name)), name_key(strip_type_word(written))
    return len(a) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _of(province: str | None) -> Term | str:
    return Term("of_province", province=clean(province)) if province and clean(province) else ""


def _gone_kept(unit) -> Term:
    """An old unit named for a year after the reform, kept: where it went (``gone``), and
    what became of its figure (``then``)."""
    return Term("unit_gone", gone=Words(gone_message(unit), gone_message(unit, "en")),
                then=Words(reform_words("kept_old"), reform_words("kept_old", "en")))


def _new_member(code: str, name: str, province: str | None) -> tuple[object, str, str]:
    """A member of a report year since the reform: a unit of the new lists, or an old one
    named with a note that it no longer exists and where it went. Returns (code, error or
    note, the list the unit is of)."""
    try:
        unit = match_unit(code or name, province, FIRST_NEW_YEAR) if (code or name) else None
    except DataError as exc:
        return None, exc.as_term(), "new"
    if unit is None:
        return None, Term("no_unit_name"), "new"
    if code and name:
        try:
            if match_unit(name, province, FIRST_NEW_YEAR).code != unit.code:
                return None, Term("name_not_unit_code", name=name, code=code, units=""), "new"
        except DataError:
            return None, Term("name_not_unit_code", name=name, code=code, units=""), "new"
    if not unit.exists_in(FIRST_NEW_YEAR):
        return unit.code, _gone_kept(unit), unit.era
    return unit.code, "", unit.era


def _code_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean(value)
    return text.zfill(3) if text.isdigit() else text


def _outside(code: str, province: str) -> bool:
    """Whether a GSO district code lies outside ``province`` (name or code)."""
    try:
        return find_district(code, province) is None
    except DataError:  # an unknown province is reported where it is given
        return False


def _same_district(name: str, code: str, province: str | None) -> bool:
    try:
        return match_district(name, province).code == code
    except DataError:
        return False


def parse_flags(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no cells: "x", "có", "1", "true", "truy tặng" are yes; empty, "0", "không" no."""
    yes = {"x", "co", "1", "true", "yes", "truy tang", "c"}
    no = {"", "0", "khong", "false", "no", "k", "-"}

    def one(value: object) -> tuple[object, str]:
        if isinstance(value, bool):
            return value, ""
        if isinstance(value, float):
            text = "" if np.isnan(value) else ("1" if value else "0")
        else:
            text = fold(str(value))
        if text in yes:
            return True, ""
        if text in no or is_none_mark(value):
            return False, ""
        return pd.NA, Term("yes_no_unclear", cell=cut(clean(value)))

    return map_unique(values, one)
