"""Administrative units: find a district from however an office wrote its name.

The reference is the GSO list of district-level units on 2025-01-04
(``data/reference/vn_districts_2025-01-04.csv``). Names are compared by
:func:`emulation_stats.text.name_key` with spaces removed, after taking off a type prefix
("huyện", "H.", "TX", "thành phố", "UBND huyện" ...; ``district_prefixes.csv``), so
"Đak Đoa", "Đắk Đoa", "Dak Doa" and "H. Đăk Đoa" are one district.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import clean, fold, name_key, shorten

DISTRICTS_FILE = "vn_districts_2025-01-04.csv"


@dataclass(frozen=True)
class District:
    """One district-level unit of the GSO list."""

    code: str
    name: str
    type: str
    province_code: str
    province_name: str

    @property
    def label(self) -> str:
        """Type and name as running text writes them: "huyện KBang", "thị xã An Khê"."""
        return f"{self.type} {self.name}"


def compact_key(text: str) -> str:
    """:func:`name_key` without spaces: "K Bang", "KBang" and "Kbang" are one key."""
    return name_key(text).replace(" ", "")


@lru_cache(maxsize=1)
def districts() -> pd.DataFrame:
    """The reference list with matching keys (``key``, ``province_key``) added.

    >>> districts().set_index("district_code").loc["625", "district_name"]
    'KBang'
    """
    table = read_reference(DISTRICTS_FILE).copy()
    table["key"] = table["district_name"].map(compact_key)
    table["province_key"] = table["province_name"].map(_province_key)
    return table


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, str], ...]:
    table = read_reference("district_prefixes.csv")
    rules = [(name_key(p) + " ", t) for p, t in zip(table["prefix"], table["district_type"])]
    # Longest first, so "ubnd huyen" is taken off before "huyen" could be.
    return tuple(sorted(rules, key=lambda r: -len(r[0])))


def _province_key(name: str) -> str:
    key = name_key(name)
    for prefix in ("tinh ", "thanh pho ", "tp "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key.replace(" ", "")


def split_type_prefix(name: str) -> tuple[str | None, str]:
    """Split "TX An Khê" into ("thị xã", "An Khê" as a matching key).

    >>> split_type_prefix("H. Đăk Đoa")
    ('huyện', 'dakdoa')
    """
    key = name_key(name) + " "
    for prefix, district_type in _prefixes():
        if key.startswith(prefix) and len(key) > len(prefix):
            return district_type, key[len(prefix):].replace(" ", "")
    return None, key.replace(" ", "")


@lru_cache(maxsize=65536)
def strip_type_word(name: str) -> str:
    """The name without the type word it may start with: "Thị xã Buôn Hồ" -> "Buôn Hồ",
    "TX. An Khê" -> "An Khê"; a name without one is returned as it is.

    >>> strip_type_word("Thị xã Buôn Hồ"), strip_type_word("Kbang")
    ('Buôn Hồ', 'Kbang')
    """
    words = name.split()
    prefixes = {prefix for prefix, _ in _prefixes()}
    for k in (3, 2, 1):
        if len(words) > k and name_key(" ".join(words[:k])) + " " in prefixes:
            return " ".join(words[k:])
    return name


def type_word(name: str) -> str:
    """The type a name's leading word says ("UBND xã Mang Yang" -> "xã", "TX. An Khê" ->
    "thị xã"), or "" when it says none.

    >>> type_word("UBND xã Mang Yang"), type_word("huyện Mang Yang"), type_word("Kbang")
    ('xã', 'huyện', '')
    """
    words = name.split()
    types = dict(_prefixes())
    for k in (3, 2, 1):
        if len(words) > k and name_key(" ".join(words[:k])) + " " in types:
            return types[name_key(" ".join(words[:k])) + " "]
    return ""


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
        raise DataError(f"không tìm thấy tỉnh/thành phố '{text}' trong danh mục GSO")
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


def _suggest(key: str, scope: pd.DataFrame) -> str:
    close = difflib.get_close_matches(key, scope["key"].unique().tolist(), n=3, cutoff=0.7)
    if not close:
        return ""
    rows = scope[scope["key"].isin(close)]
    names = [f"{r.district_type} {r.district_name} ({r.province_name})" for r in rows.itertuples()]
    return "; gợi ý: " + ", ".join(names[:3])


@lru_cache(maxsize=16384)
def find_district(name: str, province: str | None = None) -> District | None:
    """:func:`match_district` that answers None instead of raising (no suggestions made).

    >>> find_district("Atlantis") is None, find_district("Kbang").code
    (True, '625')
    """
    hits = _candidates(clean(name), province)
    return hits[0] if len(hits) == 1 else None


# Words that announce a district-level unit in running text ("UBND HUYỆN KBANG").
_TYPE_WORDS = re.compile(r"\b(?:huyen|thi xa|thanh pho|quan|tx|tp|h)\b\.?\s*")
_PROVINCE_WORDS = re.compile(r"\btinh\b\s*")
_WINDOW = 4  # no district or province name is longer than four syllables


@lru_cache(maxsize=4096)
def find_district_in_text(text: str, province: str | None = None, *,
                          require_type: bool = True) -> District | None:
    """The district a title line, sheet name or file name names, if exactly one.

    With ``require_type`` a name counts only after a type word ("huyện", "thị xã", "TX"),
    so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" names none; without it, any run of words is
    tried (file names such as ``chi_tieu_dak_doa_2017``). Longer runs win.

    >>> find_district_in_text("UBND HUYỆN ĐAK ĐOA").code
    '626'
    >>> find_district_in_text("Báo cáo kết quả năm 2017 của thị xã An Khê, tỉnh Gia Lai").code
    '623'
    >>> find_district_in_text("chi_tieu_kbang_2017", require_type=False).code
    '625'
    """
    words = re.sub(r"[_\-.,;:()/]+", " ", fold(text)).split()
    starts = range(len(words))
    if require_type:
        joined = " ".join(words)
        starts = [len(joined[:m.end()].split()) for m in _TYPE_WORDS.finditer(joined)]
    found: dict[str, District] = {}
    for start in starts:
        for size in range(min(_WINDOW, len(words) - start), 0, -1):
            window = words[start:start + size]
            if any(w.isdigit() for w in window):
                continue
            hit = find_district(" ".join(window), province)
            if hit is not None:
                found.setdefault(hit.code, hit)
                break
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    table = districts()[["province_code", "province_key"]].drop_duplicates()
    return dict(zip(table["province_key"], table["province_code"]))


@lru_cache(maxsize=4096)
def find_province_in_text(text: str) -> str | None:
    """The GSO code of the province a title line names after "tỉnh", if any.

    >>> find_province_in_text("UBND TỈNH GIA LAI")
    '64'
    """
    words = fold(text).split()
    if "tinh" not in words:
        return None
    codes = _province_codes()
    joined = " ".join(words)
    for m in _PROVINCE_WORDS.finditer(joined):
        start = len(joined[:m.end()].split())
        for size in range(min(_WINDOW, len(words) - start), 0, -1):
            key = "".join(words[start:start + size])
            if key in codes:
                return codes[key]
    return None


# --- units over time: before and after the reform of 2025-07-01 -------------------------

COMMUNES_BEFORE_FILE = "vn_communes_2025-01-04.csv"
CONVERSION_FILE = "vn_communes_2025-07-01_conversion.csv"
FIRST_NEW_YEAR = 2025  # an annual report of 2025 or later is written by the units in force since 2025-07-01
LAST_OLD_DAY, FIRST_NEW_DAY = "2025-06-30", "2025-07-01"
AFTER_OLD_LIST = "2025-01-05"  # created after the 2025-01-04 list; the exact day is not in the lists
LEVELS = ("province", "district", "commune")
_TYPE_PREFIXES = (("dac khu", "đặc khu"), ("thi tran", "thị trấn"), ("thanh pho", "thành phố"),
                  ("phuong", "phường"), ("xa", "xã"), ("tinh", "tỉnh"), ("thi xa", "thị xã"), ("huyen", "huyện"),
                  ("quan", "quận"))
_COMMUNE_TYPES = {"xã", "phường", "thị trấn", "đặc khu"}
_DISTRICT_TYPES = {"huyện", "quận", "thị xã", "thành phố"}


@dataclass(frozen=True)
class Unit:
    """One administrative unit as it existed between ``valid_from`` and ``valid_to``
    (ISO dates; "" where the lists do not say). Codes are unique within one period only:
    "00004" was Phường Trúc Bạch before the reform and is Phường Ba Đình after it."""

    code: str
    name: str
    type: str
    level: str  # province | district | commune
    province_code: str
    province_name: str
    valid_from: str = ""
    valid_to: str = ""
    district_code: str = ""  # an old commune's district: names repeat across districts ("Phường Tây Sơn")

    @property
    def label(self) -> str:
        """Type and name as running text writes them: "xã Ia Grai", "huyện KBang"."""
        return f"{self.type} {self.name}"

    @property
    def era(self) -> str:
        return "new" if self.valid_from >= FIRST_NEW_DAY else "old"

    def exists_in(self, year: int) -> bool:
        """Whether the unit wrote that year's annual report (the reform year belongs to
        the new units)."""
        return (self.era == "new") == (year >= FIRST_NEW_YEAR)

    @property
    def successors(self) -> tuple[Unit, ...]:
        """The units in force since 2025-07-01 that took this old unit over, wholly or in
        part (the conversion list); () for a unit in force since then, or an old one the
        list does not carry over. Thị trấn Kon Dơng -> (xã Mang Yang,)."""
        return successors_of(self)


def _split_type(full: str) -> tuple[str, str]:
    """"Phường Ba Đình" -> ("phường", "Ba Đình"); the lists also write "Xa …" for "Xã …"."""
    text = clean(full)
    words = text.split()
    folded = fold(text).split()
    for prefix, kind in _TYPE_PREFIXES:
        size = len(prefix.split())
        if folded[:size] == prefix.split() and len(words) > size:
            return kind, " ".join(words[size:])
    return "", text


@lru_cache(maxsize=1)
def units() -> pd.DataFrame:
    """Every unit of the official lists before and after the reform, one row per unit and
    period: ``level, type, code, name, province_code, province_name, valid_from, valid_to``.

    Before: the provinces, districts and communes of 2025-01-04, and the communes the
    conversion list knows that were created after it. After: the 34 provinces and the
    communes, wards and special zones from 2025-07-01.

    >>> table = units()
    >>> int(((table["level"] == "commune") & (table["valid_from"] == "2025-07-01")).sum())
    3321
    """
    districts_ = districts()
    old_provinces = districts_[["province_code", "province_name"]].drop_duplicates("province_code")
    conversion = read_reference(CONVERSION_FILE)
    communes = read_reference(COMMUNES_BEFORE_FILE)
    province_names = dict(zip(old_provinces["province_code"], old_provinces["province_name"]))
    late = conversion[(conversion["old_commune_code"] != "")
                      & ~conversion["old_commune_code"].isin(communes["commune_code"])]
    late = late.drop_duplicates("old_commune_code")
    new_provinces = conversion[["new_province_code", "new_province_name"]].drop_duplicates("new_province_code")
    new_communes = conversion.drop_duplicates("new_commune_code")
    frames = [
        _unit_rows("province", old_provinces["province_code"], old_provinces["province_name"], None,
                   old_provinces["province_code"], old_provinces["province_name"], "", LAST_OLD_DAY),
        pd.DataFrame({"level": "district", "type": districts_["district_type"], "code": districts_["district_code"],
                      "name": districts_["district_name"], "province_code": districts_["province_code"],
                      "province_name": districts_["province_name"], "valid_from": "", "valid_to": LAST_OLD_DAY}),
        pd.DataFrame({"level": "commune", "type": communes["commune_type"], "code": communes["commune_code"],
                      "name": communes["commune_name"], "province_code": communes["province_code"],
                      "province_name": communes["province_code"].map(province_names), "valid_from": "",
                      "valid_to": LAST_OLD_DAY, "district_code": communes["district_code"]}),
        _unit_rows("commune", late["old_commune_code"], late["old_commune_name"], late["old_district_code"],
                   late["old_province_code"],
                   late["old_province_name"], AFTER_OLD_LIST, LAST_OLD_DAY),
        _unit_rows("province", new_provinces["new_province_code"], new_provinces["new_province_name"], None,
                   new_provinces["new_province_code"], new_provinces["new_province_name"], FIRST_NEW_DAY, ""),
        _unit_rows("commune", new_communes["new_commune_code"], new_communes["new_commune_name"], None,
                   new_communes["new_province_code"], new_communes["new_province_name"], FIRST_NEW_DAY, ""),
    ]
    table = pd.concat(frames, ignore_index=True)
    table["key"] = table["name"].map(_unit_key)
    table["district_code"] = table["district_code"].fillna("")
    return table


def _unit_rows(level: str, codes: pd.Series, names: pd.Series, district_codes: pd.Series | None,
               province_codes: pd.Series, province_names: pd.Series, valid_from: str, valid_to: str) -> pd.DataFrame:
    split = [_split_type(n) for n in names]
    return pd.DataFrame({"level": level, "type": [t for t, _ in split], "code": codes.to_numpy(),
                         "name": [n for _, n in split], "province_code": province_codes.to_numpy(),
                         "province_name": province_names.to_numpy(), "valid_from": valid_from, "valid_to": valid_to,
                         "district_code": district_codes.to_numpy() if district_codes is not None else ""})


def _unit_key(name: str) -> str:
    """:func:`compact_key` with numbers as numbers: "Phường 01", "Phường 1" and "P1" are one ward."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), compact_key(name))


def reform_gaps() -> dict[str, pd.DataFrame]:
    """Where the two official lists do not meet, each class handled on purpose:

    - ``changed_before_reform``: communes of the 2025-01-04 list that the conversion does not
      list (changed in the first half of 2025): old units without a known successor;
    - ``created_after_list``: old communes the conversion lists that the 2025-01-04 list
      does not have (created after it): added to the old units from the conversion;
    - ``without_old_commune``: new units made of no old commune (island districts turned
      special zones, a coastal area): their predecessor is the whole old district.
    """
    conversion = read_reference(CONVERSION_FILE)
    communes = read_reference(COMMUNES_BEFORE_FILE)
    listed = conversion["old_commune_code"]
    return {
        "changed_before_reform": communes[~communes["commune_code"].isin(listed)],
        "created_after_list": conversion[(listed != "") & ~listed.isin(communes["commune_code"])]
        .drop_duplicates("old_commune_code"),
        "without_old_commune": conversion[listed == ""],
    }


@lru_cache(maxsize=1)
def _unit_index() -> tuple[dict[str, list[Unit]], dict[tuple[str, str], list[Unit]], dict[str, set[str]]]:
    """Units by matching key, by (era, code), and each old province's new provinces."""
    by_key: dict[str, list[Unit]] = {}
    by_code: dict[tuple[str, str], list[Unit]] = {}
    table = units()
    for row in zip(table["code"], table["name"], table["type"], table["level"], table["province_code"],
                   table["province_name"], table["valid_from"], table["valid_to"], table["district_code"],
                   table["key"]):
        unit = Unit(*row[:9])
        by_key.setdefault(row[9], []).append(unit)
        by_code.setdefault((unit.era, unit.code), []).append(unit)
    conversion = read_reference(CONVERSION_FILE)
    successors: dict[str, set[str]] = {}
    for old, new in zip(conversion["old_province_code"], conversion["new_province_code"]):
        if old:
            successors.setdefault(old, set()).add(new)
    return by_key, by_code, successors


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
        raise DataError(f"không tìm thấy tỉnh/thành phố '{text}' trong danh mục đơn vị hành chính")
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
        raise DataError(f"cấp đơn vị phải là một trong {', '.join(LEVELS)}, không phải '{level}'")
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
    where = f" ({clean(province)})" if province else ""
    when = f" năm {year}" if year else ""
    what = _LEVEL_WORDS.get(level, "đơn vị")
    if len(hits) > 1:
        listed = "; ".join(f"{u.label}, {u.province_name} [{u.code}]" for u in hits[:8])
        raise DataError(f"tên {what} '{shorten(text)}'{where}{when} không rõ, có thể là: {listed}")
    # Districts: the closest names of the list (a misspelt district is the usual case).
    hint = _suggest(split_type_prefix(text)[1], _scope(province)) if level == "district" and len(text) <= 200 else ""
    raise DataError(f"không tìm thấy {what} '{shorten(text)}'{where}{when}{hint}")


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


def successors_of(unit: Unit) -> tuple[Unit, ...]:
    """:attr:`Unit.successors`: the units in force since 2025-07-01 that took ``unit`` over."""
    if unit.era == "new":
        return ()
    wanted = "province" if unit.level == "province" else "commune"
    by_code = _unit_index()[1]
    return tuple(u for code in _successor_codes().get((unit.level, unit.code), ())
                 for u in by_code.get(("new", code), []) if u.level == wanted)


@lru_cache(maxsize=1)
def _successor_codes() -> dict[tuple[str, str], tuple[str, ...]]:
    """(level, old code) -> the codes of the new units it went to (conversion list order)."""
    conversion = read_reference(CONVERSION_FILE)
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for level, old, new in (("commune", "old_commune_code", "new_commune_code"),
                            ("district", "old_district_code", "new_commune_code"),
                            ("province", "old_province_code", "new_province_code")):
        pairs = conversion.loc[conversion[old] != "", [old, new]].drop_duplicates()
        for code, group in pairs.groupby(old, sort=False)[new]:
            found[(level, code)] = tuple(group)
    return found


SUCCESSORS_LISTED = 6  # a district's successors beyond these are counted, not named


@lru_cache(maxsize=1)
def _reform_words() -> pd.DataFrame:
    return read_reference("reform_messages.csv", strip=False).set_index("key")


def reform_words(key: str, lang: str = "vi", **values: object) -> str:
    """A message of ``data/reference/reform_messages.csv`` with its placeholders filled."""
    return str(_reform_words().loc[key, lang]).format(**values)


def gone_message(unit: Unit, lang: str = "vi") -> str:
    """What to say of an old unit named for a year after the reform, with where it went:
    "thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang".

    >>> gone_message(match_unit("Thị trấn Kon Dơng", "Gia Lai", year=2025))
    'thị trấn Kon Dơng không còn từ 01/7/2025; nay thuộc xã Mang Yang'
    """
    said = reform_words("gone", lang, unit=unit.label)
    after = unit.successors
    if not after:
        return said + reform_words("no_successor", lang)
    names = [u.label for u in after]
    listed = ", ".join(names[:SUCCESSORS_LISTED])
    if len(names) > SUCCESSORS_LISTED:
        listed = reform_words("now_in_more", lang, listed=listed, more=len(names) - SUCCESSORS_LISTED)
    return said + reform_words("now_in", lang, successors=listed)


_LEVEL_WORDS = {"district": "huyện", "commune": "xã, phường", "province": "tỉnh"}


def find_unit(name: str, province: str | None = None, year: int | None = None,
              level: str | None = None) -> Unit | None:
    """:func:`match_unit` that answers None instead of raising."""
    try:
        return match_unit(name, province, year, level)
    except DataError:
        return None


@lru_cache(maxsize=1)
def _note_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    table = read_reference("conversion_notes.csv")
    return tuple((re.compile(p), c) for p, c in zip(table["pattern"], table["class"]))


@lru_cache(maxsize=256)
def note_class(note: str) -> str:
    """What a note of the conversion list says of an old commune's part in a new unit:
    ``whole``, ``part``, ``part_area_all_people`` (``conversion_notes.csv``; the list
    spells its notes several ways: "Nhâp một phần diện tích", "Nhập một  phần").

    >>> note_class("Nhập toàn bộ"), note_class("Nhâp một phần diện tích")
    ('whole', 'part')
    >>> note_class("Nhập một phần diện tích, toàn bộ dân số")
    'part_area_all_people'
    """
    key = " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(note)).split())
    for pattern, kind in _note_rules():
        if pattern.search(key):
            return kind
    raise DataError(f"ghi chú '{note}' của danh sách chuyển đổi chưa được phân loại (conversion_notes.csv)")


def unit_by_code(code: str, era: str | None = None) -> Unit | None:
    """The unit of a code in one period ("old", "new"); without one, the new period's
    commune or the old period's district (codes of those never collide: 5 and 3 digits).

    >>> unit_by_code("23764").label, unit_by_code("625").label
    ('xã Ia Grai', 'huyện KBang')
    """
    by_code = _unit_index()[1]
    if era is not None:
        found = by_code.get((era, code), [])
        return found[0] if found else None
    for key, level in ((("new", code), "commune"), (("old", code), "district"), (("new", code), "province"),
                       (("old", code), "province"), (("old", code), "commune")):
        found = [u for u in by_code.get(key, []) if u.level == level]
        if found:
            return found[0]
    return None


# Words that announce a unit of any level in running text ("UBND XÃ IA GRAI", "PHƯỜNG AN BÌNH").
_UNIT_TYPE_WORDS = re.compile(r"\b(?:huyen|thi xa|thanh pho|quan|tx|tp|xa|phuong|thi tran|dac khu|tt)\b\.?\s*")


@lru_cache(maxsize=4096)
def find_unit_in_text(text: str, province: str | None = None, year: int | None = None, *,
                      require_type: bool = True, within: str | None = None) -> Unit | None:
    """The unit a title line, sheet name or file name names, if exactly one, among the
    units of ``year``'s period (:func:`find_district_in_text` for any level); ``within``
    an old district's code: its communes only.

    >>> find_unit_in_text("UBND XÃ IA GRAI", "Gia Lai", 2025).code
    '23764'
    """
    words = re.sub(r"[_\-.,;:()/]+", " ", fold(text)).split()
    # The words as written, for the match itself: an exact name wins over one a tone mark
    # apart ("XÃ THÀNH HẢI" is not "Xã Thanh Hải"), which the folded words cannot tell.
    written = re.sub(r"[_\-.,;:()/]+", " ", clean(text)).split()
    written = written if len(written) == len(words) else words
    starts: list[int] | range = range(len(words))
    if require_type:
        joined = " ".join(words)
        starts = [len(joined[:m.start()].split()) for m in _UNIT_TYPE_WORDS.finditer(joined)]
    found: dict[str, Unit] = {}
    for start in starts:
        for size in range(min(_WINDOW + 2, len(words) - start), 0, -1):
            window = words[start:start + size]
            if any(w.isdigit() for w in window[1:] if not require_type) or (window and window[0].isdigit()):
                continue
            try:
                hit = match_unit(" ".join(written[start:start + size]), province, year, within=within)
            except DataError:
                continue
            if year is None or hit.exists_in(year):
                found.setdefault(hit.code, hit)
                break
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1)
def conversion_parts() -> pd.DataFrame:
    """``new_code, old_code, old_district, share`` for every unit in force since 2025-07-01:
    the old units it was made of and whether wholly or in part (``note_class``); a special
    zone made of a whole island district has that district as its part."""
    conversion = read_reference(CONVERSION_FILE)
    parts = pd.DataFrame({"new_code": conversion["new_commune_code"], "old_code": conversion["old_commune_code"],
                          "old_district": conversion["old_district_code"],
                          "share": conversion["note"].map(note_class)})
    island = parts["old_code"] == ""
    parts.loc[island, "old_code"] = parts.loc[island, "old_district"]
    return parts.drop_duplicates(["new_code", "old_code"])


def predecessors_of(codes: str | list[str] | pd.Series) -> pd.DataFrame:
    """The old units each new commune or ward (``codes``, in force since 2025-07-01) was
    made of, from the official conversion list: ``new_code, new_name, old_code, old_name,
    old_district, old_province, note`` (as the list writes it) and ``part`` (``whole``,
    ``part``, ``part_area_all_people``: see :func:`note_class`).

    Returns
    -------
    DataFrame
        one row per old unit: `new_code`, `new_name`, `old_code`, `old_name`, `old_district`,
        `old_province`, `note`, `part`.


    >>> rows = predecessors_of("23794")
    >>> sorted(rows["old_code"]), sorted(set(rows["part"]))
    (['23686', '23794', '23803', '23806'], ['whole'])
    """
    wanted = {str(c) for c in ([codes] if isinstance(codes, str) else codes)}
    conversion = read_reference(CONVERSION_FILE)
    rows = conversion[conversion["new_commune_code"].isin(wanted)]
    return pd.DataFrame({
        "new_code": rows["new_commune_code"], "new_name": rows["new_commune_name"],
        "old_code": rows["old_commune_code"], "old_name": rows["old_commune_name"],
        "old_district": rows["old_district_name"], "old_province": rows["old_province_name"],
        "note": rows["note"], "part": rows["note"].map(note_class)}).reset_index(drop=True)


@lru_cache(maxsize=1)
def predecessors() -> dict[str, frozenset[str]]:
    """Each unit in force since 2025-07-01 -> the codes of the old units it was made of,
    wholly or in part (a special zone made of a whole island district: that district).

    >>> sorted(predecessors()["23794"])
    ['23686', '23794', '23803', '23806']
    """
    parts = conversion_parts()
    return {code: frozenset(group) for code, group in parts["old_code"].groupby(parts["new_code"])}


@lru_cache(maxsize=1)
def district_communes() -> dict[str, frozenset[str]]:
    """Each old district's communes (the 2025-01-04 list and those created after it)."""
    table = units()
    old = table[(table["level"] == "commune") & (table["valid_from"] < FIRST_NEW_DAY)]
    return dict(old.groupby("district_code")["code"].agg(frozenset))


def same_name(official: str, written: str) -> bool:
    """Whether ``written`` ("Thị trấn Kon Dơng", "Kon Dơng") is the unit named ``official``."""
    return _unit_key(official) == _unit_key(strip_type_word(written))


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
