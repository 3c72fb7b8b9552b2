"""A unit found from however an office wrote its name: with or without its type word,
abbreviated, old spellings of tones, with its district or province, in a line of text;
the unit of the right list for the year (``match_unit``, ``match_district``)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pandas as pd

from emulation_stats.core.errors import DataError, Term, cut
from emulation_stats.core.text import clean, fold, name_key
from emulation_stats.units.lists import (
    _COMMUNE_TYPES,
    _DISTRICT_TYPES,
    AFTER_OLD_LIST,
    FIRST_NEW_DAY,
    FIRST_NEW_YEAR,
    LEVELS,
    District,
    Unit,
    _prefixes,
    _province_key,
    _unit_index,
    _unit_key,
    compact_key,
    districts,
    split_type_prefix,
    strip_type_word,
    units,
)


def _scope(province: str | None) -> pd.DataFrame:
    codes = _province_scope(province)
    table = districts()
    return table if codes is None else table[table["province_code"].isin(codes)]


@lru_cache(maxsize=256)
def _province_scope(province: str | None) -> frozenset[str] | None:
    """The province codes ``province`` (name or GSO code) means; None for all."""
    if province is None or clean(province) == "":
        return None
    table = districts()
    text = clean(province)
    codes = set(table.loc[table["province_code"] == text.zfill(2), "province_code"]) if text.isdigit() else set()
    codes = codes or set(table.loc[table["province_key"] == _province_key(text), "province_code"])
    if not codes:
        raise DataError("province_unknown", name=text)
    return frozenset(codes)


@lru_cache(maxsize=1)
def _by_key() -> tuple[dict[str, list[District]], dict[str, District]]:
    """The list as dictionaries: matching key -> districts, GSO code -> district."""
    by_key: dict[str, list[District]] = {}
    by_code: dict[str, District] = {}
    table = districts()
    for code, name, kind, province_code, province_name, key in zip(
            table["district_code"], table["district_name"], table["district_type"], table["province_code"],
            table["province_name"], table["key"]):
        district = District(code, name, kind, province_code, province_name)
        by_key.setdefault(key, []).append(district)
        by_code[code] = district
    return by_key, by_code


def _candidates(text: str, province: str | None) -> list[District]:
    hits = _candidates_in(text, _province_scope(province))
    if not hits and province is not None and clean(province):
        # A province as it is since the reform: the old provinces it was made of (the new
        # Gia Lai, 52, reads the districts of old Gia Lai, 64, and old Bình Định, 52).
        wide = _province_scope_in(province, "old", wide=True)
        if wide != _province_scope(province):
            hits = _candidates_in(text, wide)
    return hits


def _candidates_in(text: str, scope: frozenset[str] | None) -> list[District]:
    by_key, by_code = _by_key()
    if text.isdigit():
        hit = by_code.get(text.zfill(3))
        if hit is not None and (scope is None or hit.province_code in scope):
            return [hit]
    district_type, stripped = split_type_prefix(text)
    # "Quan Hóa" starts like "quận": the whole name wins when it is a name itself.
    hits = [d for d in by_key.get(compact_key(text), []) if scope is None or d.province_code in scope]
    if not hits:
        hits = [d for d in by_key.get(stripped, []) if scope is None or d.province_code in scope]
        if district_type is not None and len(hits) > 1:
            hits = [d for d in hits if d.type == district_type]
    return hits


@lru_cache(maxsize=8192)
def match_district(name: str, province: str | None = None) -> District:
    """Find the district an office means by ``name``.

    ``province`` (name or GSO code) narrows the search; it is needed where the same
    name exists in several provinces ("Châu Thành"). A type prefix ("huyện", "TX") picks
    between a town and a district of one name ("Cai Lậy"). A GSO code is accepted too.

    Raises :class:`DataError` listing the candidates when the name is ambiguous, and
    the closest names when it is unknown.

    >>> match_district("H. Đăk Đoa").code
    '626'
    >>> match_district("TX An Khê", province="Gia Lai").label
    'thị xã An Khê'
    """
    text = clean(name)
    hits = _candidates(text, province) if len(text) <= 200 else []
    if len(hits) == 1:  # the usual case, from the district list alone: the full unit lists stay unread
        return hits[0]
    unit = match_unit(name, province, level="district")  # the rest, and every error, as match_unit says it
    return _by_key()[1][unit.code]


def _suggest(key: str, scope: pd.DataFrame) -> Term | str:
    close = difflib.get_close_matches(key, scope["key"].unique().tolist(), n=3, cutoff=0.7)
    if not close:
        return ""
    rows = scope[scope["key"].isin(close)]
    names = [f"{r.district_type} {r.district_name} ({r.province_name})" for r in rows.itertuples()]
    return Term("suggested", names=", ".join(names[:3]))


@lru_cache(maxsize=16384)
def find_district(name: str, province: str | None = None) -> District | None:
    """:func:`match_district` that answers None instead of raising (no suggestions made).

    >>> find_district("Atlantis") is None, find_district("Kbang").code
    (True, '625')
    """
    hits = _candidates(clean(name), province)
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=256)
def _province_scope_in(province: str | None, era: str | None, wide: bool = False) -> frozenset[str] | None:
    """Province codes of ``era`` that ``province`` (name or code) means; an old province
    named for a new year means the new provinces its communes went to."""
    if province is None or clean(province) == "":
        return None
    table = units()
    provinces = table[table["level"] == "province"]
    text = clean(province)
    eras = (era,) if era else ("old", "new")
    found: set[str] = set()
    for one in eras:
        scope = provinces[(provinces["valid_from"] >= FIRST_NEW_DAY) == (one == "new")]
        if text.isdigit():
            found |= set(scope.loc[scope["code"] == text.zfill(2), "code"])
        else:
            found |= set(scope.loc[scope["key"] == _province_key(text), "code"])
    if not found and era == "new":  # "Bình Định" in 2025: now part of Gia Lai
        old = _province_scope_in(province, "old") or frozenset()
        found = {new for code in old for new in _unit_index()[2].get(code, set())}
    if wide and era == "old":  # the new Gia Lai (52) before the reform: old Gia Lai (64), old Bình Định (52)
        new = _province_scope_in(province, "new") if _names_new_province(text) else frozenset()
        found |= {old for old, news in _unit_index()[2].items() if news & set(new or ())}
    if not found:
        raise DataError("province_unknown_in_lists", name=text)
    return frozenset(found)


def _names_new_province(text: str) -> bool:
    table = units()
    new = table[(table["level"] == "province") & (table["valid_from"] >= FIRST_NEW_DAY)]
    return bool((new["code"] == text.zfill(2)).any() if text.isdigit() else (new["key"] == _province_key(text)).any())


def _levels(unit_type: str | None, era: str | None) -> tuple[str, ...]:
    if unit_type in _COMMUNE_TYPES:
        return ("commune",)
    if unit_type == "tỉnh":
        return ("province",)
    if unit_type == "thành phố":  # a district-level city before the reform, a province after
        return ("province",) if era == "new" else ("district", "province")
    if unit_type in _DISTRICT_TYPES:  # no district after the reform: found among the old, and said
        return ("district",)
    return ("commune", "province") if era == "new" else ("district", "commune", "province")


def _unit_candidates(text: str, level: str | None, year: int | None, province: str | None,
                     wide: bool = False, within: str | None = None, loose: bool = False) -> list[Unit]:
    era = None if year is None else ("new" if year >= FIRST_NEW_YEAR else "old")
    by_key, by_code, _ = _unit_index()
    unit_type, _ = split_type_prefix(text)
    # Districts are of the old lists only: a province named beside one is an old province
    # (the new Tây Ninh bears old Long An's code 80).
    scope = _province_scope_in(province, era or ("old" if level == "district" else None), wide)

    def fits(u: Unit, wanted: str, kind: str | None) -> bool:
        return (u.level == wanted and (era is None or u.era == era) and (scope is None or u.province_code in scope)
                and (within is None or u.district_code == within)
                and (kind is None or loose or kind not in _COMMUNE_TYPES or u.type == kind))

    if text.isdigit():
        eras = (era,) if era else ("old", "new")
        for wanted in (level,) if level else _levels(None, era):
            hits = [u for e in eras for u in by_code.get((e, text), []) if fits(u, wanted, None)]
            if hits:
                return hits
        return []
    whole, stripped = _unit_key(text), _unit_key(_strip_prefix(text))
    if re.fullmatch(r"p\d+", whole):  # "P15": a numbered ward
        stripped = str(int(whole[1:]))
    # The whole text as a name first ("Phương Bình", "Quan Sơn" begin like a type word) ...
    for wanted in (level,) if level else _levels(None, era):
        hits = [u for u in by_key.get(whole, []) if fits(u, wanted, None)]
        if hits:
            return hits
    # ... then the name after its type word, the type deciding the level and the kind.
    for wanted in (level,) if level else _levels(unit_type, era):
        hits = [u for u in by_key.get(stripped, []) if fits(u, wanted, unit_type)]
        if len(hits) > 1 and unit_type in _DISTRICT_TYPES:  # "TX Cai Lậy", not huyện Cai Lậy
            hits = [u for u in hits if u.type == unit_type] or hits
        if hits:
            return hits
    return []


def _strip_prefix(text: str) -> str:
    """The name after a type word however written ("UBND xã Ia Grai", "P. An Bình", "TT. Kbang")."""
    key = name_key(text) + " "
    for prefix, _ in _prefixes():
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):]
    return text


@lru_cache(maxsize=16384)
def match_unit(name: str, province: str | None = None, year: int | None = None, level: str | None = None, *,
               within: str | None = None) -> Unit:
    """Find the administrative unit an office means by ``name``.

    ``year`` decides which list applies: an annual report of 2025 or later is written by
    the units in force since 2025-07-01 (34 provinces; communes, wards, special zones),
    an earlier one by the old (provinces, districts, communes). A name that exists only
    in the other period is still found — ``unit.exists_in(year)`` is then False and a
    loader says so (``unit_no_longer_exists``), never moving it silently. ``level``
    (province, district, commune) narrows the search; without it a type word decides
    ("UBND xã …" a commune), else districts come first before the reform and communes
    after it. All of :func:`match_district`'s tolerance applies (Đak/Đăk/Đắk, NFD,
    "P.", "X.", "TT.", "Phường 15" = "P15").

    >>> match_unit("UBND xã Ia Grai", province="Gia Lai", year=2025).code
    '23764'
    >>> match_unit("H. Kbang", province="Gia Lai", year=2017).label
    'huyện KBang'
    """
    if level is not None and level not in LEVELS:
        raise DataError("unit_level_unknown", levels=", ".join(LEVELS), level=level)
    text = clean(name)
    district = _within_code(within, province) if within else None
    hits = _find_units(text, level, year, province, district) if len(text) <= 200 else []
    if len(hits) != 1 and within is None and level in (None, "commune") and len(text) <= 200:
        # "xã Tân Minh, huyện Sóc Sơn": an old commune written with its district, as offices do.
        place = _split_place(text, province)
        if place is not None:
            head, district, named_province = place
            found = _find_units(head, "commune", year, province or named_province, district)
            hits = found or hits
    if len(hits) == 1:
        return hits[0]
    what, where = Term(f"level_word_{level or 'unit'}"), f" ({clean(province)})" if province else ""
    when = Term("in_year", year=year) if year else ""
    if len(hits) > 1:
        listed = "; ".join(f"{u.label}, {u.province_name} [{u.code}]" for u in hits[:8])
        raise DataError("unit_name_ambiguous", what=what, name=cut(text), where=where, when=when, listed=listed)
    # Districts: the closest names of the list (a misspelt district is the usual case).
    hint = _suggest(split_type_prefix(text)[1], _scope(province)) if level == "district" and len(text) <= 200 else ""
    raise DataError("unit_not_found", what=what, name=cut(text), where=where, when=when, hint=hint)


def _find_units(text: str, level: str | None, year: int | None, province: str | None,
                within: str | None) -> list[Unit]:
    """The units ``text`` may mean, narrowed as far as the name allows: the units of the
    year's list first, then (before the reform) the old provinces a new one was made of,
    then either list; a type word that does not fit ("xã Kon Dơng" for the old thị trấn)
    only where nothing fits it. Among several, the one named exactly as written wins."""
    attempts = [dict(year=year)]
    if year is not None and year < FIRST_NEW_YEAR and province:
        attempts.append(dict(year=year, wide=True))
    if year is not None:
        attempts.append(dict(year=None))
    attempts += [dict(a, loose=True) for a in attempts]
    for attempt in attempts:
        hits = _unit_candidates(text, level, attempt["year"], province, wide=attempt.get("wide", False),
                                within=within, loose=attempt.get("loose", False))
        if hits:
            return _prefer(hits, text, year)
    return []


def _prefer(hits: list[Unit], text: str, year: int | None) -> list[Unit]:
    """Of several units one key fits, the one whose official name is exactly ``text``
    (with or without its type word; "Xã Cẩm Giàng" is not "Xã Cẩm Giang"); then, for a
    year before the reform, the unit of the 2025-01-04 list over one created after it
    (HCM's Phường 14 of Bình Thạnh, renumbered in early 2025), and of two rows of one name
    in one district the one still in force at the reform."""
    if len(hits) < 2:
        return hits
    written = {exact_key(text), exact_key(strip_type_word(text))}
    exact = [u for u in hits if exact_key(u.name) in written or exact_key(u.label) in written]
    hits = exact or hits
    if len(hits) > 1 and year is not None and year < FIRST_NEW_YEAR:
        hits = [u for u in hits if u.valid_from < AFTER_OLD_LIST] or hits
        # Two rows of one name in one district (Thanh Hóa's xã Đông Khê, 16387 and 16408):
        # the one the conversion list carries to the reform is the one still in force.
        if len(hits) > 1 and len({(u.level, u.district_code, exact_key(u.label)) for u in hits}) == 1:
            hits = [u for u in hits if u.successors] or hits
    return hits


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


# The old tone placement at the end of a word, "hoà", "thuỷ": the new one is "hòa", "thủy".
_OLD_TONE = re.compile(f"([oOuU])([aAeEyY])([{_TONE_MARKS}])(?![\\w\u0300-\u036f])")


@lru_cache(maxsize=65536)
def exact_key(name: str) -> str:
    """A name as written, diacritics kept: NFC, case-folded, single spaces, numbers as
    numbers, the tone mark where the new style puts it ("Hoà" = "Hòa").

    >>> exact_key("Xã  Cẩm GIÀNG") == exact_key("xã cẩm giàng"), exact_key("Cẩm Giàng") == exact_key("Cẩm Giang")
    (True, False)
    >>> exact_key("Thanh Hoá") == exact_key("Thanh Hóa"), exact_key("Phường 01")
    (True, 'phường 1')
    """
    text = unicodedata.normalize("NFD", clean(name).casefold())
    text = _OLD_TONE.sub(r"\1\3\2", text)
    text = re.sub(r"\d+", lambda m: str(int(m.group())), text)
    return unicodedata.normalize("NFC", text)


_DISTRICT_WORDS = (("huyen",), ("quan",), ("thi", "xa"), ("thanh", "pho"))


_PLACE_SEPARATORS = re.compile(r"\s*(?:[,;()]|\s[-–]\s)\s*")


@lru_cache(maxsize=4096)
def _split_place(text: str, province: str | None) -> tuple[str, str | None, str | None] | None:
    """"xã Tân Minh, huyện Sóc Sơn" -> ("xã Tân Minh", the district's code, None);
    "Phường Quang Trung quận Đống Đa" as well; a province after it ("…, tỉnh Gia Lai")
    is returned as the third part. None where no district or province follows the name."""
    parts = [p for p in _PLACE_SEPARATORS.split(text) if p]
    if len(parts) == 1:  # no separator: the first district type word after the name
        words = text.split()
        folded = [fold(w) for w in words]
        for i in range(2, len(words) - 1):
            if any(tuple(folded[i:i + len(w)]) == w and len(words) > i + len(w) for w in _DISTRICT_WORDS):
                parts = [" ".join(words[:i]), " ".join(words[i:])]
                break
    if len(parts) < 2:
        return None
    district = named_province = None
    for part in parts[1:]:
        unit = None
        if district is None and split_type_prefix(part)[0] is not None:
            try:
                unit = match_unit(part, province or named_province, FIRST_NEW_YEAR - 1, "district")
            except DataError:
                unit = None
        if unit is not None:
            district = unit.code
            continue
        try:
            _province_scope_in(part, None)
        except DataError:
            return None  # a part that is neither: not a place written after the name
        named_province = part
    return (parts[0], district, named_province) if district or named_province else None


@lru_cache(maxsize=4096)
def _within_code(within: str, province: str | None) -> str:
    """An old district's code, given as its code or its name ("huyện Sóc Sơn", "Sóc Sơn")."""
    text = clean(within)
    if text.isdigit():
        return text.zfill(3)
    return match_unit(text, province, FIRST_NEW_YEAR - 1, "district").code


def in_province(unit: Unit, province: str | None) -> bool:
    """Whether ``unit`` lies in ``province`` (name or code) as the unit's period means it: a
    province in force since the reform, before it, means the old provinces it was made of.

    >>> in_province(match_unit("Thị trấn Kon Dơng", "Gia Lai", year=2024), "52")
    True
    """
    if not province or not clean(province):
        return True
    try:
        return unit.province_code in (_province_scope_in(province, unit.era, wide=True) or ())
    except DataError:  # an unknown province is reported where it is given
        return True


def find_unit(name: str, province: str | None = None, year: int | None = None,
              level: str | None = None) -> Unit | None:
    """:func:`match_unit` that answers None instead of raising."""
    try:
        return match_unit(name, province, year, level)
    except DataError:
        return None


def same_province_name(a: str, b: str) -> bool:
    """Whether two names of a province are one name, however written ("Tỉnh Gia Lai",
    "gia lai"), as the unit lists key them; neither is looked up (a name the reform merged
    is still another name).

    >>> same_province_name("Tỉnh Gia Lai", "Gia Lai"), same_province_name("Bình Định", "Gia Lai")
    (True, False)
    """
    return _province_key(a) == _province_key(b)


def province_label(province: str, year: int | None = None) -> str:
    """A province as an official heading names it, type included: "tỉnh Gia Lai",
    "thành phố Hải Phòng" (the list of ``year``'s period; the name as given where unknown).

    >>> province_label("Gia Lai", 2025), province_label("52", 2025), province_label("Hải Phòng")
    ('tỉnh Gia Lai', 'tỉnh Gia Lai', 'thành phố Hải Phòng')
    """
    kind, name = province_parts(province, year)
    return f"{kind} {name}" if kind else name


def province_parts(province: str, year: int | None = None) -> tuple[str, str]:
    """A province's type and name ("tỉnh", "Gia Lai"); no type where the list does not know it.

    >>> province_parts("58", 2024)
    ('tỉnh', 'Ninh Thuận')
    """
    era = None if year is None else ("new" if year >= FIRST_NEW_YEAR else "old")
    try:
        codes = _province_scope_in(province, era)
    except DataError:
        return "", clean(province)
    table = units()
    found = table[(table["level"] == "province") & table["code"].isin(codes or ())]
    if era is not None:
        found = found[(found["valid_from"] >= FIRST_NEW_DAY) == (era == "new")]
    found = found.drop_duplicates(["type", "name"])
    return (str(found["type"].iloc[0]), str(found["name"].iloc[0])) if len(found) == 1 else ("", clean(province))
