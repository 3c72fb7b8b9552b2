"""Rows that say the same thing twice, across all the files of a load: duplicates (the
same key; identical ones kept once, conflicting ones refused), a report's repeats of other
years' figures (the report of the figure's own year wins), and a decision list's
recipients counted per award. ``join_sources`` writes many cells as one short source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import Term, Words, in_language, said_both
from emulation_stats.core.frames import (
    REJECTED_COLUMNS,
    WARNING_COLUMNS,
    apply_unique,
    concat_frames,
    empty_frame,
    key_codes,
)
from emulation_stats.core.resources import read_reference
from emulation_stats.core.schema import schemas
from emulation_stats.core.text import format_number, show_value


def _keys(good: pd.DataFrame, table: str) -> list[str]:
    """The schema's keys the table has: an optional key (``era``) only where it was given."""
    return [k for k in schemas()[table].keys if k in good]


def _duplicate_keys(good: pd.DataFrame, table: str) -> list[str]:
    keys = _keys(good, table)
    # Two recipients of one award in a decision list are two awards, not a duplicate.
    return keys + ["recipient", "position", "decision"] if table == "awards" and "recipient" in good else keys


def split_duplicates(good: pd.DataFrame, table: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Same key, same values: keep the first, reject the copies, warn. Different values:
    reject every row of the key (nobody can tell which figure is right)."""
    keys, values = _duplicate_keys(good, table), schemas()[table].compared
    none = empty_frame(REJECTED_COLUMNS + ["_file"]), empty_frame(WARNING_COLUMNS + ["_file"])
    if good.empty:
        return good, *none
    codes = key_codes(good, keys)
    dup = pd.Series(codes).duplicated(keep=False).to_numpy()
    if not dup.any():
        return good, *none
    # A file sent twice makes hundreds of identical groups: those are handled as whole
    # columns; only groups whose figures differ (rare, each listed in words) are looped.
    rows = good[dup]
    group = codes[dup]
    figures = key_codes(rows[values].astype(str), values)
    distinct = pd.DataFrame({"g": group, "f": figures}).drop_duplicates().groupby("g").size()
    conflicting = distinct.reindex(group).to_numpy() > 1
    rejected = [_conflict_rejections(rows[conflicting], group[conflicting], values, _keys(good, table))]
    rejected_same, warnings = _identical_copies(rows[~conflicting], group[~conflicting], values[0])
    rejected.append(rejected_same)
    drop = rows.index[conflicting].append(rejected_same.index)
    return (good.drop(index=drop), concat_frames([r.reset_index(drop=True) for r in rejected], REJECTED_COLUMNS),
            warnings)


def _identical_copies(rows: pd.DataFrame, group: np.ndarray, column: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups of identical rows: every copy after the first is rejected (indexed as the
    row it rejects), the first kept with one warning per group."""
    if rows.empty:
        return empty_frame(REJECTED_COLUMNS + ["_file"]), empty_frame(WARNING_COLUMNS + ["_file"])
    by_group = pd.Series(group, index=rows.index)
    first = ~by_group.duplicated()
    first_source = rows["source"][first].set_axis(group[first.to_numpy()])
    copies = rows[~first]
    first_of_copy = pd.Series(first_source.reindex(group[~first.to_numpy()]).to_numpy(), index=copies.index)
    why = said_both("duplicate_identical", first=first_of_copy)
    rejected = pd.DataFrame({
        "source": copies["source"], "column": column, "code": "duplicate",
        **said_both("row_rejected", source=copies["source"], column=_field_name(column), why=why).columns("reason"),
        "_file": copies["_file"]})
    sizes = by_group.value_counts()
    firsts = rows[first]
    copies_each = pd.Series(sizes.reindex(group[first.to_numpy()]).astype(str).to_numpy())
    warnings = pd.DataFrame({
        "source": firsts["source"].to_numpy(), "column": column, "code": "duplicate_kept",
        **said_both("duplicate_kept", n=copies_each).columns("message"),
        "_file": firsts["_file"].to_numpy()})
    return rejected, warnings


def _conflict_rejections(rows: pd.DataFrame, group: np.ndarray, values: list[str], keys: list[str]) -> pd.DataFrame:
    """Every row of a key whose figures differ, rejected with the figures listed."""
    out = []
    name = _field_name(values[0])
    for _, rows_of_key in rows.groupby(group, sort=False):  # only the keys whose figures differ
        listed = "; ".join(f"{s}: {', '.join(show_value(x) for x in v)}"
                           for s, v in zip(rows_of_key["source"], rows_of_key[values].itertuples(index=False)))
        why = Term("duplicate_conflict", same=_key_words(rows_of_key.iloc[0], keys), listed=listed)
        for source, file in zip(rows_of_key["source"], rows_of_key["_file"]):
            out.append((source, values[0], "conflicting_duplicate",
                        Term("row_rejected", source=source, column=name, why=why), file))
    return pd.DataFrame(out, columns=["source", "column", "code", "reason", "_file"])


@lru_cache(maxsize=64)
def _field_name(column: str) -> Words:
    """A column as an analyst calls it ("year" -> "năm", "year"): messages never show
    internal names."""
    names = read_reference("output_columns.csv").set_index("column")
    if column not in names.index:
        return Words(column, column)
    return Words(str(names.at[column, "vi"]).lower(), str(names.at[column, "en"]).lower())


def _key_words(row: pd.Series, keys: list[str]) -> Words:
    """What two rows share, in words: "đơn vị KBang, năm 2024, chỉ tiêu 'Số vụ …'"."""
    parts = []
    for key in keys:
        value = row.get(key, "")
        if value is None or value == "" or (isinstance(value, float) and np.isnan(value)):
            continue
        if key in ("member_code", "assessor_code") and row.get("member"):
            parts.append(Term("shared_member", member=row["member"]) if key == "member_code"
                         else Term("shared_assessor", code=value))
        elif key == "indicator":
            known = value in catalog.indicators()
            parts.append(Term("shared_indicator", name=catalog.indicators()[value]["name_vi"] if known else value))
        else:
            shown = Term(f"measure_{value}") if key == "measure" and value in ("actual", "plan") else value
            parts.append(Term("shared_field", field=_field_name(key), value=shown))
    return Words(", ".join(in_language(p, "vi") for p in parts), ", ".join(in_language(p, "en") for p in parts))


def absorb_repeats(good: pd.DataFrame, table: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A report form repeats figures of other years ("Thực hiện năm 2016" in the 2017
    report, "Kế hoạch 2018" again in the 2018 report). Where the same figure also comes
    from the report of its own year, or officially where the other is an estimate, the
    better source is kept and the repeat is not a row of its own; a repeat that differs
    is named in a warning, and so is an estimate that no final figure replaced.
    Returns (kept, repeats, warnings)."""
    none = empty_frame(WARNING_COLUMNS + ["_file"])
    if "_rank" not in good or good.empty or good["_rank"].max() == 0:
        return good, good.iloc[:0], none
    keys = _keys(good, table)
    rank = good["_rank"].to_numpy(dtype=int)
    codes = key_codes(good, keys)
    best = np.full(codes.max() + 1, rank.max())
    np.minimum.at(best, codes, rank)
    repeat = rank > best[codes]
    kept, repeats = good[~repeat], good[repeat]
    warnings = [_estimate_warnings(kept)]
    if repeat.any():
        # Each repeat is compared with the first kept row of its keys (one always exists:
        # the row of the best rank is kept).
        kept_codes = codes[~repeat]
        first_kept = np.empty(best.size, dtype=np.int64)
        first_kept[kept_codes[::-1]] = np.arange(len(kept_codes))[::-1]
        against = kept.iloc[first_kept[codes[repeat]]].set_axis(repeats.index)
        differs = ~np.isclose(repeats["value"].to_numpy(float), against["value"].to_numpy(float), equal_nan=True)
        warnings += _repeat_warnings(repeats[differs], against[differs])
    return kept, repeats, concat_frames(warnings, WARNING_COLUMNS)


def _estimate_warnings(kept: pd.DataFrame) -> pd.DataFrame:
    """One warning per estimate column whose figures stand for lack of final ones."""
    estimates = kept[kept["_rank"].astype(int) >= 2]
    if estimates.empty:
        return empty_frame(WARNING_COLUMNS + ["_file"])
    grouped = estimates.groupby(["_file", "_header"], sort=False)["source"]
    found = grouped.agg(["first", "size"]).reset_index()
    return pd.DataFrame({
        "source": found["first"], "column": found["_header"], "code": "estimate",
        **said_both("estimate_used", n=found["size"].astype(str)).columns("message"),
        "_file": found["_file"]})


def _repeat_warnings(repeats: pd.DataFrame, against: pd.DataFrame) -> list[pd.DataFrame]:
    """Estimates that the final figures replaced: one line per pair of files with the
    largest gap; an official figure that contradicts another: one line per cell."""
    if repeats.empty:
        return []
    estimate = repeats["_rank"].astype(int).to_numpy() >= 2
    gap = (repeats["value"] - against["value"]).abs() / against["value"].abs().where(against["value"] != 0)
    replaced = pd.DataFrame({"_file": repeats["_file"], "final": against["_file"], "gap": gap,
                             "source": repeats["source"]})[estimate]
    out = []
    if len(replaced):
        worst = replaced.loc[replaced.groupby(["_file", "final"], sort=False)["gap"].idxmax().dropna()]
        sizes = replaced.groupby(["_file", "final"], sort=False).size()
        worst = worst.assign(size=[sizes[(f, g)] for f, g in zip(worst["_file"], worst["final"])])
        out.append(pd.DataFrame({
            "source": worst["_file"], "column": "", "code": "estimate_replaced",
            **said_both("estimate_replaced", n=worst["size"].astype(str), final=worst["final"],
                        gap=Words((100 * worst["gap"]).map(lambda g: format_number(g, 1)),
                                  (100 * worst["gap"]).map(lambda g: f"{g:.1f}")),
                        source=worst["source"]).columns("message"),
            "_file": worst["_file"]}))
    official = repeats[~estimate]
    if len(official):
        other = against[~estimate]
        out.append(pd.DataFrame({
            "source": official["source"], "column": official["_header"], "code": "repeat_differs",
            **said_both("repeat_differs", value=apply_unique(official["value"], format_number),
                        other=apply_unique(other["value"], format_number).set_axis(official.index),
                        source=other["source"].set_axis(official.index)).columns("message"),
            "_file": official["_file"]}))
    return out


def aggregate_recipients(good: pd.DataFrame) -> pd.DataFrame:
    """Decision-list rows (one per recipient) as counts; summary rows stay as they are."""
    if good.empty or "recipient" not in good:
        return good
    listed = good["recipient"].fillna("") != ""
    if not listed.any():
        return good
    keys = [c for c in schemas()["awards"].columns if c not in ("count", "source")] + ["_file"]
    rows = good[listed]
    grouped = rows.groupby(keys, sort=False, dropna=False)
    counts = grouped["count"].sum().rename("count")
    sources = grouped["source"].agg(join_sources).rename("source")
    aggregated = pd.concat([counts, sources], axis=1).reset_index()
    return pd.concat([good[~listed], aggregated], ignore_index=True)


def join_sources(sources: Iterable[str]) -> str:
    """Rows of one sheet as ranges: "f.xlsx#S!R12", "f.xlsx#S!R13", "f.xlsx#S!R15" ->
    "f.xlsx#S!R12-13,15".

    >>> join_sources(["a.xlsx#S!R12", "a.xlsx#S!R13", "a.xlsx#S!R15", "b.csv:4"])
    'a.xlsx#S!R12-13,15; b.csv:4'
    """
    groups: dict[str, list[int]] = {}
    for source in sources:
        found = re.match(r"^(.*?[!:]R?)(\d+)$", source)
        if not found:
            groups.setdefault(source, [])
            continue
        groups.setdefault(found.group(1), []).append(int(found.group(2)))
    parts = []
    for prefix, numbers in groups.items():
        parts.append(prefix + ",".join(_ranges(sorted(numbers))) if numbers else prefix)
    return "; ".join(parts)


def _ranges(numbers: list[int]) -> list[str]:
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else f"{start}")
        if n is not None:
            start = prev = n
    return out
