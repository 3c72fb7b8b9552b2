"""Figures across the reform of 2025-07-01: the old units' figures restated onto the new.

The conversion list (``vn_communes_2025-07-01_conversion.csv``) says of every commune,
ward and special zone in force since 2025-07-01 which old communes it was made of, and
whether each went in whole or in part (its note, classified by ``conversion_notes.csv``).
A new unit made of whole old communes gets the sum of their counts and amounts, and the
population-weighted mean of their rates where the old units' population is in the data.
A part of an old commune cannot be restated from that commune's figure (nobody knows the
part's share), except people counts where the note says all the people moved. An old
district's figure restates only onto a set of new units made of exactly its communes.
Nothing is dropped: a figure that cannot be restated keeps its row, with an empty value
and a ``note`` saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.frames import key_codes
from emulation_stats.units.lists import FIRST_NEW_YEAR, district_communes, same_name, unit_by_code
from emulation_stats.units.reform import conversion_parts

RESTATED_COLUMNS = ["restated_from", "note"]
_KEY = ["year", "indicator", "measure"]


# The member columns' names before the reform issue: tables written then still read.
OLD_MEMBER_NAMES = {"district_code": "member_code", "district": "member"}


def accept_member_names(frame: pd.DataFrame) -> pd.DataFrame:
    """A table written with the old ``district_code, district`` read with the contract's
    ``member_code, member``.

    >>> list(accept_member_names(pd.DataFrame(columns=["district_code", "district", "year"])).columns)
    ['member_code', 'member', 'year']
    """
    renames = {old: new for old, new in OLD_MEMBER_NAMES.items() if old in frame and new not in frame}
    return frame.rename(columns=renames) if renames else frame


def _era_of(codes: pd.Series, names: pd.Series, years: pd.Series) -> pd.Series:
    """Which period each row's code belongs to. Codes repeat across the two periods
    ("00004"), so the row's name decides where it fits one period only, else its year."""
    # Each distinct (code, name) pair is decided once: two factorizations and one of their pairs.
    code_ids, code_values = pd.factorize(codes.astype(object))
    name_ids, name_values = pd.factorize(names.fillna("").astype(object))
    pair_ids, pairs = pd.factorize(code_ids.astype(np.int64) * (len(name_values) + 1) + name_ids)
    decided = []
    for pair in pairs:
        code, name = str(code_values[pair // (len(name_values) + 1)]), str(name_values[pair % (len(name_values) + 1)])
        fits = [e for e in ("old", "new") if (u := unit_by_code(code, e)) is not None
                and (not name or same_name(u.name, name))]
        decided.append(fits[0] if len(fits) == 1 else "")
    era = np.asarray(decided, dtype=object)[pair_ids]
    undecided = era == ""  # the year decides only where the name did not (usually few rows)
    if undecided.any():
        era[undecided] = np.where(years.to_numpy(dtype=np.int64)[undecided] >= FIRST_NEW_YEAR, "new", "old")
    return pd.Series(era, index=codes.index)


def restate(indicators: pd.DataFrame, year: int, *, onto: Iterable[str] | None = None) -> pd.DataFrame:
    """Every figure expressed in the units in force at the end of ``year``.

    Returns the indicators columns plus ``restated_from`` (the old codes a figure was made
    of) and ``note`` (why a figure is empty). Rows already of ``year``'s units pass
    unchanged. ``onto`` (a set of new unit codes: a cluster) adds, for figures of old
    districts, one row per figure for the set as a whole (``member_code`` "") where the
    set is exactly the districts' communes.

    Returns
    -------
    DataFrame
        the indicators' columns (`member_code`, `member`, `year`, `indicator`, `measure`, `value`,
        `unit`, `source`) on the units in force in ``year``, with `restated_from` (the old units a
        figure is the sum or weighted mean of) and `note` (why a figure could not be restated; its
        value left empty).


    >>> df = pd.DataFrame({"member_code": ["23764", "23771", "23778"], "member": ["Ia Kha", "Ia Bă", "Ia Grăng"],
    ...                    "year": 2024, "indicator": "criminal_cases", "measure": "actual", "value": [3.0, 2.0, 1.0],
    ...                    "unit": "vụ", "source": ["a", "b", "c"]})
    >>> row = restate(df, 2025).iloc[0]
    >>> row["member"], float(row["value"]), row["restated_from"]
    ('Ia Grai', 6.0, '23764, 23771, 23778')
    """
    table = accept_member_names(indicators)  # read, never changed: no copy of a large table
    if table.empty or year < FIRST_NEW_YEAR:
        return _with_columns(table, "", "")
    era = unit_eras(table)
    out = pd.concat([_with_columns(table[era == "new"], "", ""), restate_old(table[era == "old"], onto)],
                    ignore_index=True)
    out.attrs.update(indicators.attrs)
    return out


def unit_eras(table: pd.DataFrame) -> pd.Series:
    """The list each row's code belongs to ("old" before 2025-07-01, "new" from then): the
    row's ``era`` where given, else its name where it fits one list only, else its year."""
    era = _era_of(table["member_code"], table["member"], table["year"])
    if "era" in table:
        given = table["era"].fillna("").astype(str)
        era = era.where(~given.isin(["old", "new"]), given)
    return era


def restate_old(old: pd.DataFrame, onto: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows of units of the old list restated onto the new (rates weighted by the old
    units' population, found among the same rows)."""
    if old.empty:
        return _with_columns(old, "", "")
    district_level = old["member_code"].astype(str).str.len() == 3  # GSO: 3 digits a district, 5 a commune
    communes, districts_ = old[~district_level], old[district_level]
    restated = [_from_communes(communes, old), _from_districts(districts_, onto)]
    return pd.concat([f for f in restated if len(f)], ignore_index=True) if any(len(f) for f in restated) \
        else _with_columns(old.iloc[:0], "", "")


def _with_columns(frame: pd.DataFrame, restated_from: object, note: object) -> pd.DataFrame:
    return frame.assign(restated_from=restated_from, note=note)


def _from_communes(rows: pd.DataFrame, everything: pd.DataFrame) -> pd.DataFrame:
    """Old communes' figures onto the new units they went into, all at once: one merge with
    the conversion list, one group-by per new unit, year, indicator and measure."""
    if rows.empty:
        return rows
    parts = conversion_parts()
    lost = rows[~rows["member_code"].isin(_listed_old_codes())]
    merged = rows.merge(parts, left_on="member_code", right_on="old_code")
    table = catalog.indicators().table
    kind = merged["indicator"].map(table["kind"]).fillna("amount")
    people = (merged["indicator"].map(table["unit"]) == "người") & (kind == "count")
    population = everything[(everything["indicator"] == "population") & (everything["measure"] == "actual")]
    weights = population.drop_duplicates(["member_code", "year"]).set_index(["member_code", "year"])["value"]
    weight = pd.Series(weights.reindex(pd.MultiIndex.from_frame(merged[["old_code", "year"]])).to_numpy(),
                       index=merged.index)
    merged = merged.assign(_people=people, _rate=~kind.isin(["count", "amount"]), _w=weight,
                           _wv=weight * merged["value"])
    # One integer per (new unit, year, indicator, measure): every group-by below on that key.
    keys = ["new_code", *_KEY]
    merged["_g"] = key_codes(merged, keys)  # integers in order of first appearance, as ngroup(sort=False)
    out = _group_sums(merged, keys)
    # Texts joined by a sum over each group (pandas' own loop), not a Python call per group.
    out["source"] = (merged["source"].astype(object) + "; ").groupby(merged["_g"], sort=True).sum().to_numpy()
    out["source"] = out["source"].str[:-2]
    facts = _unit_facts()
    needed = out["new_code"].map(facts["parts"])
    # A group with every part: the new unit's whole list (known beforehand); else the parts it has.
    out["restated_from"] = out["new_code"].map(facts["codes"])
    short = (out["n"] != needed).to_numpy()
    if short.any():
        some = merged[np.isin(merged["_g"].to_numpy(), np.flatnonzero(short))]
        joined = (some["old_code"].astype(object) + ", ").groupby(some["_g"], sort=True).sum().str[:-2]
        out.loc[short, "restated_from"] = joined.to_numpy()
    partial = out["new_code"].map(facts["partial_people"]).where(out["people"], out["new_code"].map(facts["partial"]))
    missing = out["n"] < needed
    value = out["total"].where(~out["rate"], out["wvsum"] / out["wsum"].where(out["wsum"] > 0))
    no_weights = out["rate"] & (out["wn"] < out["n"])
    note = pd.Series("", index=out.index, dtype=object)
    note = note.where(~no_weights, "tỷ lệ cần dân số của các đơn vị cũ để tính bình quân, nhưng không có trong số liệu")
    if missing.any():
        note[missing] = "thiếu số liệu của " + _missing_names(merged, out[missing])
    bad = partial != ""
    note[bad] = "nhận một phần của " + partial[bad] + ": không chia được số liệu"
    frame = pd.DataFrame({"member_code": out["new_code"], "member": out["new_code"].map(facts["name"]),
                          "year": out["year"], "indicator": out["indicator"], "measure": out["measure"],
                          "value": value.where(note == ""), "unit": out["unit"], "source": out["source"],
                          "restated_from": out["restated_from"], "note": note})
    if len(lost):
        frame = pd.concat([frame, _with_columns(lost, "", "đơn vị cũ không có trong danh sách chuyển đổi (đã thay "
                                                          "đổi trước 01/07/2025): không quy đổi được").assign(
            value=np.nan)], ignore_index=True)
    return frame


def _group_sums(merged: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group ``_g`` (numbered in key order): its keys, how many figures, their sum, the
    population weights' count, sum and weighted sum, and the first row's facts — by
    ``np.bincount``, several times quicker than a named aggregation on a small frame."""
    g = merged["_g"].to_numpy()
    size = int(g.max()) + 1 if len(g) else 0
    first = np.unique(g, return_index=True)[1]
    weight = merged["_w"].to_numpy(dtype=float)
    value = merged["value"].to_numpy(dtype=float)
    out = merged.iloc[first][[*keys, "_people", "_rate", "unit"]].reset_index(drop=True)
    out = out.rename(columns={"_people": "people", "_rate": "rate"})
    out["n"] = np.bincount(g, minlength=size)
    out["total"] = np.bincount(g, weights=np.nan_to_num(value), minlength=size)
    out["wn"] = np.bincount(g, weights=~np.isnan(weight), minlength=size)
    out["wsum"] = np.bincount(g, weights=np.nan_to_num(weight), minlength=size)
    out["wvsum"] = np.bincount(g, weights=np.nan_to_num(weight * value), minlength=size)
    return out


@lru_cache(maxsize=16384)
def old_label(code: str) -> str:
    """An old unit as running text names it ("thị trấn Kon Dơng"); the code where no list knows it
    (old, since GSO reuses codes across the reform).

    >>> old_label("23794")
    'thị trấn Kon Dơng'
    """
    unit = unit_by_code(code, "old")
    return unit.label if unit is not None else code


@lru_cache(maxsize=1)
def _listed_old_codes() -> pd.Index:
    """The old codes the conversion list knows (an index: built once, searched by hash)."""
    return pd.Index(conversion_parts()["old_code"].unique())


@lru_cache(maxsize=1)
def _unit_facts() -> pd.DataFrame:
    """Per new unit: its name, how many old parts it has, and the parts it took only part of
    (for any figure; for people counts, where the note says all the people moved)."""
    parts = conversion_parts()
    label = parts["old_code"].map(old_label)
    part = parts["share"] == "part"
    some = part | (parts["share"] == "part_area_all_people")
    frame = parts.assign(_label=label)
    facts = pd.DataFrame({
        "parts": frame.groupby("new_code").size(),
        "partial": frame[some].groupby("new_code")["_label"].agg(", ".join),
        "partial_people": frame[part].groupby("new_code")["_label"].agg(", ".join),
        "codes": frame.groupby("new_code")["old_code"].agg(", ".join),
    })
    facts[["partial", "partial_people"]] = facts[["partial", "partial_people"]].fillna("")
    facts["name"] = [u.name if (u := unit_by_code(c, "new")) is not None else c for c in facts.index]
    return facts


def _missing_names(merged: pd.DataFrame, groups: pd.DataFrame) -> pd.Series:
    """For the groups lacking a part's figure: the old units missing (few; worked per group)."""
    parts = conversion_parts()
    merged = merged[merged["new_code"].isin(set(groups["new_code"]))]
    have = merged.groupby(["new_code", *_KEY], sort=False)["old_code"].agg(frozenset)
    everyone = parts.groupby("new_code")["old_code"].agg(list)
    out = []
    for row in groups.itertuples(index=False):
        present = have[(row.new_code, row.year, row.indicator, row.measure)]
        out.append(", ".join(old_label(c) for c in everyone[row.new_code] if c not in present))
    return pd.Series(out, index=groups.index, dtype=object)


def _from_districts(rows: pd.DataFrame, onto: Iterable[str] | None) -> pd.DataFrame:
    """Old districts' figures: onto a new unit, or the set ``onto``, made of exactly their communes."""
    if rows.empty:
        return rows
    parts = conversion_parts()
    whole = parts.groupby("new_code")["share"].agg(lambda s: (s == "whole").all())
    made_of = parts.groupby("new_code")["old_code"].agg(frozenset)
    communes = district_communes()
    out = []
    for code, group in rows.groupby("member_code", sort=False):
        mine = communes.get(code, frozenset({code}))
        exact = [n for n in made_of.index if made_of[n] == mine and whole[n]]
        if exact:
            unit = unit_by_code(exact[0], "new")
            out.append(_with_columns(group, code, "").assign(member_code=exact[0], member=unit.name))
            continue
        out.append(_with_columns(group, "", "số liệu của cả huyện không chia được cho các xã, phường mới").assign(
            value=np.nan))
    if onto is not None:
        out.append(_onto_set(rows, frozenset(onto), made_of, whole, communes))
    return pd.concat(out, ignore_index=True)


def _onto_set(rows: pd.DataFrame, onto: frozenset[str], made_of: pd.Series, whole: pd.Series,
              communes: dict[str, frozenset[str]]) -> pd.DataFrame:
    """The districts' figures as the total of the set of new units ``onto``, where the set is
    made of exactly their communes, whole."""
    if not onto <= set(made_of.index):
        raise DataError("restate_onto_not_new_units", codes=", ".join(sorted(onto - set(made_of.index))))
    covered = frozenset().union(*(made_of[n] for n in onto))
    grouped = rows.groupby(_KEY, sort=False)
    out = []
    for key, group in grouped:
        districts_ = list(group["member_code"])
        theirs = frozenset().union(*(communes.get(d, frozenset()) for d in districts_))
        exact = theirs == covered and all(whole[n] for n in onto)
        kind = catalog.indicators()[key[1]]["kind"] if key[1] in catalog.indicators() else "amount"
        row = {"member_code": "", "member": "", "year": key[0], "indicator": key[1], "measure": key[2],
               "value": float(group["value"].sum()) if exact and kind in ("count", "amount") else np.nan,
               "unit": group["unit"].iloc[0], "source": "; ".join(group["source"].astype(str)),
               "restated_from": ", ".join(districts_),
               "note": "" if exact and kind in ("count", "amount") else
               ("tỷ lệ của các huyện không cộng được" if exact else
                "các xã, phường mới không trùng đúng với các huyện cũ: không quy đổi được")}
        out.append(row)
    return pd.DataFrame(out)
