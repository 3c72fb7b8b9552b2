"""The order members are listed in: the cluster's own (clusters.csv, row by row), the one
a secretary keeps in every sentence, table and legend of the pack.

A dataset puts that order in each table's ``attrs["member_order"]`` (member codes); tables
carry it through the analysis. Members the list does not hold come after it, in Vietnamese
collation of their names, so a table without a cluster file is still sorted as a reader
expects (Đ after D).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .text import sort_key_vi


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
