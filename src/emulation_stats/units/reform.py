"""The reform of 2025-07-01 in words and parts: which old units made each new one (wholly
or in part), what the official list's notes mean, and what is said of a unit that is gone."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from emulation_stats.core.errors import DataError
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import fold
from emulation_stats.units.lists import CONVERSION_FILE, Unit

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

    >>> import emulation_stats as es
    >>> gone_message(es.match_unit("Thị trấn Kon Dơng", "Gia Lai", year=2025))
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
    raise DataError("conversion_note_unknown", note=note)


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
