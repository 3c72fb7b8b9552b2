"""The order members are listed in: the cluster's own (clusters.csv, row by row), the one
a secretary keeps in every sentence, table and legend of the pack.

A dataset puts that order in each table's ``attrs["member_order"]`` (member codes); tables
carry it through the analysis. Members the list does not hold come after it, in Vietnamese
collation of their names, so a table without a cluster file is still sorted as a reader
expects (Đ after D).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import pandas as pd

from emulation_stats.core.errors import DataError, Term, either
from emulation_stats.core.text import name_key, sort_key_vi
from emulation_stats.units.agencies import match_agency
from emulation_stats.units.lists import FIRST_NEW_YEAR, strip_type_word, type_word
from emulation_stats.units.matching import find_district, find_unit


def member_order(clusters: pd.DataFrame, year: int | None = None) -> list[str]:
    """Member codes in the order clusters.csv lists them for ``year``; without a year, the
    latest year's order, then members of earlier years (latest first).

    >>> clusters = pd.DataFrame({"year": [2024, 2024, 2025, 2025], "member_code": ["b", "a", "c", "b"]})
    >>> member_order(clusters, 2024), member_order(clusters)
    (['b', 'a'], ['c', 'b', 'a'])
    """
    if clusters.empty:
        return []
    years = [year] if year is not None else sorted(clusters["year"].unique(), reverse=True)
    codes: list[str] = []
    for y in years:
        codes += [str(c) for c in clusters.loc[clusters["year"] == y, "member_code"]]
    return list(dict.fromkeys(codes))


def positions(frame: pd.DataFrame, *, code: str = "member_code", name: str = "member",
              order: Iterable[str] | None = None) -> pd.Series:
    """Each row's place in the member order (``order``, else ``frame.attrs["member_order"]``):
    a sort key, members outside the order after it in Vietnamese collation.

    >>> frame = pd.DataFrame({"member_code": ["9", "2", "7"], "member": ["Đak Pơ", "Kbang", "Đak Đoa"]})
    >>> positions(frame, order=["2"]).tolist()
    [2, 0, 1]
    """
    listed = list(order if order is not None else frame.attrs.get("member_order") or [])
    place = {c: i for i, c in enumerate(listed)}
    codes = frame[code].astype(str) if code in frame else pd.Series("", index=frame.index)
    names = frame[name].astype(str) if name in frame else codes
    outside = sorted(set(names[~codes.isin(place)]), key=sort_key_vi)
    after = {n: len(listed) + i for i, n in enumerate(outside)}
    return codes.map(place).fillna(names.map(after)).astype(int)


def in_member_order(frame: pd.DataFrame, *, by: list[str] | None = None, code: str = "member_code",
                    name: str = "member", order: Iterable[str] | None = None) -> pd.DataFrame:
    """``frame`` sorted by ``by`` (columns sorted first), then by member order; stable.

    >>> frame = pd.DataFrame({"member_code": ["9", "2"], "member": ["Đak Pơ", "Kbang"]})
    >>> frame.attrs["member_order"] = ["2", "9"]
    >>> in_member_order(frame)["member"].tolist()
    ['Kbang', 'Đak Pơ']
    """
    keyed = frame.assign(_member_place=positions(frame, code=code, name=name, order=order))
    out = keyed.sort_values([*(by or []), "_member_place"], kind="stable").drop(columns="_member_place")
    out.attrs.update(frame.attrs)
    return out


def names_in_order(names: Iterable[str], order_names: Iterable[str] = ()) -> list[str]:
    """Names in the order of ``order_names`` (the members' names in member order), the rest
    in Vietnamese collation.

    >>> names_in_order(["Đak Pơ", "An Khê", "Kbang"], ["Kbang"])
    ['Kbang', 'An Khê', 'Đak Pơ']
    """
    first = {n: i for i, n in enumerate(dict.fromkeys(order_names))}
    unique = list(dict.fromkeys(names))
    return sorted((n for n in unique if n in first), key=first.__getitem__) + \
        sorted((n for n in unique if n not in first), key=sort_key_vi)


def member_named(members: Mapping[str, str] | pd.Series, asked: str, *, year: int | None = None,
                 whose: str = "") -> str:
    """The code of the member ``asked`` names among ``members`` (code -> name): by its code,
    its name, the name without its type word ("Mang Yang", "xã mang yang"), any spelling of
    a unit of ``year`` ("UBND xã Mang Yang"), or an agency's short name ("Sở TC"). A miss is a
    DataError that lists the members and suggests the closest.

    >>> member_named({"1": "Xã Mang Yang", "2": "Phường Pleiku"}, "UBND xã Mang Yang")
    '1'
    """
    members = pd.Series(members, dtype=object).astype(str)
    if asked in members.index:
        return asked
    names = {n: c for c, n in members.items()}
    if asked in names:
        return names[asked]
    loose = {name_key(strip_type_word(n)): c for c, n in members.items()}
    loosely = loose.get(name_key(strip_type_word(asked)))
    # "huyện Mang Yang" is not "Xã Mang Yang": a type word written must be the member's own.
    if loosely is not None and type_word(members[loosely]) in ("", type_word(asked) or type_word(members[loosely])):
        return loosely
    # Any spelling of a unit of the year (the list of that year: codes repeat across the reform).
    for found in (find_unit(asked, year=year), find_district(asked)):
        exists = getattr(found, "exists_in", lambda y: y is None or y < FIRST_NEW_YEAR)  # a District: before it
        if found is not None and found.code in members.index and exists(year):
            return found.code
    agency = match_agency(asked, names)
    if agency is not None:
        return agency[0]
    like = [loosely] if loosely is not None else \
        [loose[k] for k in difflib.get_close_matches(name_key(strip_type_word(asked)), list(loose), n=2, cutoff=0.75)]
    hint = Term("did_you_mean", names=either([_in_sentence(members[c]) for c in like])) if like else ""
    raise DataError("not_a_member_named", asked=asked, whose=f" {whose}" if whose else "", members=", ".join(members),
                    hint=hint)


def members_named(members: Mapping[str, str] | pd.Series, asked: Iterable[str] | str, *,
                  year: int | None = None, whose: str = "") -> list[str]:
    """The codes of every member ``asked`` names, in the order asked (see :func:`member_named`).

    >>> members_named({"1": "Xã Mang Yang", "2": "Phường Pleiku"}, ["pleiku", "Mang Yang"])
    ['2', '1']
    """
    asked = [asked] if isinstance(asked, str) else list(asked)
    return list(dict.fromkeys(member_named(members, a, year=year, whose=whose) for a in asked))


def _in_sentence(name: str) -> str:
    """A member's name inside a sentence: its type word in lower case ("xã Mang Yang")."""
    kind = type_word(name)
    return name[0].lower() + name[1:] if kind and name[:1].isupper() and name[:1].lower() == kind[:1] else name
