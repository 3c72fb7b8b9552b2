"""What it takes: for each criterion, the points and the figure a member would need to rank
first, verified by scoring again."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from emulation_stats.analysis.scoring import ScoreTable, member_code, score
from emulation_stats.core import catalog
from emulation_stats.core.text import reported_decimals
from emulation_stats.load.rubric import Criterion


def what_it_takes(table: ScoreTable, member: str) -> pd.DataFrame:
    """For each criterion, the points — and where the rule allows, the indicator value —
    the member would need on that criterion alone to rank first, the others unchanged.

    ``feasible`` is False where even full points would not be enough.

    Returns
    -------
    DataFrame
        one row per criterion: `criterion`, `label`, `points_now`, `points_needed`, `max_points`,
        `feasible`, `value_now`, `value_needed` (at the cluster's reported precision), `unit`.
    """
    code = member_code(table, member)
    ranking = table.ranking.set_index("member_code")
    leader = table.ranking["member_code"].iloc[0]
    first_alone = code == leader and not bool(ranking.loc[code, "tied"])
    rows = []
    for c in table.rubric.criteria:
        now = float(np.nan_to_num(table.points.loc[code, c.key]))
        most = float(table.weights[c.key]) * c.cap
        detail = table.details[c.key].loc[code]
        if first_alone:  # first already: nothing to gain, every figure as it is
            value_now = _invert(c, detail, now, float(table.weights[c.key]))[0]
            rows.append(_row(c, now, now, most, True, value_now, value_now))
            continue
        needed = now + float(ranking.loc[leader, "total"] - ranking.loc[code, "total"]) + 0.01
        value_now, value_needed = _invert(c, detail, needed, float(table.weights[c.key]))
        feasible = needed <= most + 1e-9
        if c.method == "minmax":
            # the scale moves with the member's own figure (the lowest no more, or the new best):
            # the least figure, to the cluster's reported precision, that puts it ahead once scored again
            value_needed, needed = _minmax_needed(table, c, code)
            feasible = bool(np.isfinite(value_needed))
        elif feasible and np.isfinite(value_needed) and c.indicator:
            value_needed = _to_precision(value_needed, _cluster_decimals(table, c), catalog.better_sign(c.indicator))
        rows.append(_row(c, now, needed, most, feasible, value_now, value_needed if feasible else np.nan))
    out = pd.DataFrame(rows)
    out.attrs.update(table.attrs)
    return out


def _row(c: Criterion, now: float, needed: float, most: float, feasible: bool, value_now: float,
         value_needed: float) -> dict[str, object]:
    return {"criterion": c.key, "label": c.label, "points_now": now, "points_needed": needed, "max_points": most,
            "feasible": feasible, "value_now": value_now, "value_needed": value_needed, "unit": _unit(c)}


def _cluster_decimals(table: ScoreTable, c: Criterion) -> int:
    """The precision the cluster reports the criterion's figure with: the most decimals any
    member wrote (one office's "43" does not make the cluster's figures whole)."""
    values = table.details[c.key].get("value", table.details[c.key].get("actual", pd.Series(dtype=float)))
    values = pd.to_numeric(values, errors="coerce").dropna()
    return max((reported_decimals(float(v)) for v in values), default=0)


def _to_precision(value: float, decimals: int, sign: int) -> float:
    """``value`` at ``decimals``, rounded towards better (a figure just short is no figure)."""
    unit = 10.0 ** -decimals
    return float(round((np.ceil(value / unit - 1e-9) if sign > 0 else np.floor(value / unit + 1e-9)) * unit, decimals))


def _unit(c: Criterion) -> str:
    return catalog.indicators()[c.indicator]["unit"] if c.indicator else "điểm"


def _minmax_shares(levels: np.ndarray) -> np.ndarray:
    present = ~np.isnan(levels)
    low, high = np.nanmin(levels), np.nanmax(levels)
    return np.where(present, (levels - low) / (high - low) if high > low else 1.0, np.nan)


def _minmax_needed(table: ScoreTable, c: Criterion, code: str) -> tuple[float, float]:
    """The least figure (to the precision it was reported with) that ranks ``code`` ahead of
    every other member on a min-max criterion, every member's share recomputed on the scale
    the new figure makes; (NaN, NaN) where no figure within ten spreads of the best does.
    Also the points it then earns."""
    details = table.details[c.key].reindex(table.members.index)
    values = details["value"].to_numpy(float)
    at = table.members.index.get_loc(code)
    if np.isnan(values[at]):
        return np.nan, np.nan
    sign = catalog.better_sign(c.indicator)
    weight = float(table.weights[c.key])
    kept = (table.total - table.points[c.key].fillna(0)).reindex(table.members.index).to_numpy(float)
    others = np.arange(len(values)) != at
    missing_points = table.points[c.key].reindex(table.members.index).to_numpy(float)

    def lead(value: float) -> float:
        levels = sign * values.copy()
        levels[at] = sign * value
        shares = _minmax_shares(levels)
        points = np.where(np.isnan(shares), np.nan_to_num(missing_points), weight * np.nan_to_num(shares))
        totals = kept + points
        return float(totals[at] - np.max(totals[others]))

    spread = float(np.nanmax(values) - np.nanmin(values)) or abs(values[at]) or 1.0
    low, high = values[at], values[at] + sign * spread
    limit = (np.nanmax(values) if sign > 0 else np.nanmin(values)) + sign * 10 * spread
    while lead(high) <= 1e-9:
        if (high - limit) * sign > 0:
            return np.nan, np.nan
        low, high = high, high + sign * 2 * abs(high - low)
    for _ in range(80):
        middle = (low + high) / 2
        low, high = (low, middle) if lead(middle) > 1e-9 else (middle, high)
    decimals = _cluster_decimals(table, c)
    unit = 10.0 ** -decimals

    def step(value: float, units: int) -> float:  # a figure as written: 1.2, never 1.2000000000000002
        return round(value + sign * units * unit, decimals)

    rounded = _to_precision(high, decimals, sign)
    while lead(rounded) <= 1e-9:  # rounding may land on the threshold itself
        rounded = step(rounded, 1)
    if table.dataset is not None:  # scored again: a total equal to the 9th decimal, won on the tie-break, counts
        for _ in range(1024):  # the figure itself first once scored again, else the next one up
            if _first_with(table, c, code, rounded):
                break
            rounded = step(rounded, 1)
        enough, short = 0, 1  # units below the figure found: still first, and not first any more
        while _first_with(table, c, code, step(rounded, -short)) and short < 1024:
            enough, short = short, short * 2
        while short - enough > 1:
            middle = (enough + short) // 2
            enough, short = (middle, short) if _first_with(table, c, code, step(rounded, -middle)) \
                else (enough, middle)
        rounded = step(rounded, -enough)
    levels = sign * values.copy()
    levels[at] = sign * rounded
    return float(round(rounded, 10)), float(weight * _minmax_shares(levels)[at])


def _first_with(table: ScoreTable, c: Criterion, code: str, value: float) -> bool:
    """Whether ``code`` ranks first alone once scored again with ``value`` as its figure of
    ``c``'s indicator for the table's year (the dataset as the table read it)."""
    data = table.dataset
    rows = data.indicators
    at = (rows["member_code"] == code) & (rows["indicator"] == c.indicator) & (rows["year"] == table.year) \
        & (rows["measure"] == "actual")
    if not at.any():
        return False
    changed = dataclasses.replace(data, indicators=rows.assign(value=rows["value"].where(~at, value)), _views={})
    again = score(changed, rubric=table.rubric, year=table.year, cluster=table.cluster, choices=table.choices)
    row = again.ranking.set_index("member_code").loc[code]
    return bool(row["rank"] == 1 and not row["tied"])


def _invert(c: Criterion, detail: pd.Series, needed: float, weight: float) -> tuple[float, float]:
    """The input value that gives ``needed`` points, for the rules that can be inverted."""
    share = needed / weight if weight else np.nan
    if c.method == "plan_ratio":
        plan = float(detail["plan"])
        value = share * plan if catalog.better_sign(c.indicator) > 0 else (plan / share if share > 0 else np.nan)
        return float(detail["actual"]), value
    if c.method == "minmax":
        worst, best = float(detail["worst"]), float(detail["best"])
        return float(detail["value"]), worst + min(share, 1.0) * (best - worst)
    if c.method == "change":
        base, current = float(detail["base"]), float(detail["current"])
        if share > 1:
            return current, np.nan
        deduction = max(0.0, (1 - share) * c.max_points)
        if "deduct_per_pct" in c.params:
            allowed = deduction / float(c.params["deduct_per_pct"]) / 100 * abs(base)
        else:
            allowed = deduction / float(c.params["deduct_per_unit"])
        # lower is better: at most base + allowed; higher is better: at least base - allowed
        return current, base - catalog.better_sign(c.indicator) * allowed
    if c.method == "assessed":
        return float(detail["assessed"]), needed * c.max_points / weight if weight else np.nan
    return float(detail.get("value", np.nan)), np.nan
