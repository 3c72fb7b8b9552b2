"""The official lists of administrative units: districts (list of 2025-01-04) and communes
before the reform, communes, wards and special zones since 2025-07-01, each a ``Unit`` by
code and list; how their names are written (type words, keys)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import clean, fold, name_key

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


@lru_cache(maxsize=1)
def district_communes() -> dict[str, frozenset[str]]:
    """Each old district's communes (the 2025-01-04 list and those created after it)."""
    table = units()
    old = table[(table["level"] == "commune") & (table["valid_from"] < FIRST_NEW_DAY)]
    return dict(old.groupby("district_code")["code"].agg(frozenset))


def same_name(official: str, written: str) -> bool:
    """Whether ``written`` ("Thị trấn Kon Dơng", "Kon Dơng") is the unit named ``official``."""
    return _unit_key(official) == _unit_key(strip_type_word(written))


