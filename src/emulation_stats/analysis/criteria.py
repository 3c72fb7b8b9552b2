"""Each criterion's rule, turning a member's figures or the scores it was given into a share
of the criterion's points; the score sheets aggregated; the choices a score records."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.load.rubric import AGGREGATIONS, NOISE_Z, PER, Adjustment, Criterion, _one_of


def aggregate_assessments(assessments: pd.DataFrame, method: str = "mean_excluding_self", *,
                          head: str | Mapping[int, str] | None = None) -> pd.DataFrame:
    """One score per year, member and criterion from self and cross scores.

    ``mean_excluding_self`` (the peers' mean), ``trimmed_mean`` (all scores without the
    highest and the lowest), ``median``, ``head_only`` (the cluster head's score; ``head``
    names it, or maps year -> head), ``self_only``. Returns ``year, member_code,
    criterion, points, n_scores``.

    Returns
    -------
    DataFrame
        one row per year, member and criterion: `year`, `member_code`, `criterion`, `points`,
        `n_scores`.


    >>> a = pd.DataFrame({"year": 2017, "assessor_code": ["1", "2", "3"], "member_code": "1",
    ...                   "criterion": "c", "points": [9.0, 6.0, 8.0]})
    >>> [float(aggregate_assessments(a, m)["points"].iloc[0]) for m in ("mean_excluding_self", "self_only")]
    [7.0, 9.0]
    """
    _one_of(method, AGGREGATIONS, "aggregate_assessments: method")
    keys = ["year", "member_code", "criterion"]
    rows = assessments.dropna(subset=["points"])
    own = rows["assessor_code"] == rows["member_code"]
    if method == "mean_excluding_self":
        picked = rows[~own]
    elif method == "self_only":
        picked = rows[own]
    elif method == "head_only":
        if head is None:
            raise DataError("head_only_needs_head")
        heads = rows["year"].map(head) if isinstance(head, Mapping) else pd.Series(head, index=rows.index)
        picked = rows[rows["assessor_code"] == heads]
    else:
        picked = rows
    grouped = picked.groupby(keys, sort=True)["points"]
    if method == "median":
        out = grouped.median()
    elif method == "trimmed_mean":
        # Sum minus the highest and the lowest, over n - 2 (plain mean below three scores).
        total, high, low, n = grouped.sum(), grouped.max(), grouped.min(), grouped.count()
        out = ((total - high - low) / (n - 2)).where(n >= 3, total / n)
    else:
        out = grouped.mean()
    result = pd.DataFrame({"points": out, "n_scores": grouped.count()}).reset_index()
    result.attrs.update(assessments.attrs)
    return result


def self_assessment_gap(assessments: pd.DataFrame, method: str = "mean_excluding_self", *,
                        head: str | Mapping[int, str] | None = None) -> pd.DataFrame:
    """Each member's self-score minus the peers' aggregate (``method``), per criterion:
    ``year, member_code, criterion, self, peers, gap`` (positive: rated itself higher).

    Returns
    -------
    DataFrame
        one row per year, member and criterion: `year`, `member_code`, `criterion`, `self` (its own
        score), `peers` (the others' mean), `gap` (self minus peers).
    """
    own = aggregate_assessments(assessments, "self_only").rename(columns={"points": "self"})
    peers = aggregate_assessments(assessments, method, head=head).rename(columns={"points": "peers"})
    table = own.drop(columns="n_scores").merge(peers.drop(columns="n_scores"), on=["year", "member_code",
                                                                                    "criterion"], how="outer")
    table["gap"] = table["self"] - table["peers"]
    table.attrs.update(assessments.attrs)
    return table


@dataclass(frozen=True)
class ScoreChoices:
    """Every choice the pipeline made; change some and :meth:`ScoreTable.rerun`."""

    aggregation: str = "mean_excluding_self"
    missing: str | None = None  # None: each criterion's own rule, else the rubric's
    weights: Mapping[str, float] | None = None  # criterion -> max points; None: the rubric's
    per_capita: bool = False  # counts per 10,000 inhabitants for levels (minmax, rank, threshold)
    ignore_noise: bool | None = None  # None: as each criterion says

    def replace(self, **changes: object) -> ScoreChoices:
        return dataclasses.replace(self, **changes)


@dataclass
class _Context:
    """What every criterion may read: the year's members and the dataset's tables."""

    indicators: pd.DataFrame
    assessments: pd.DataFrame
    awards: pd.DataFrame
    members: pd.DataFrame  # member_code (index), member
    year: int
    head: str | None
    choices: ScoreChoices
    not_comparable: str = "mean"  # the rubric's rule for a member the reform left without a base
    _asked: dict[tuple, pd.DataFrame] = dataclasses.field(default_factory=dict, repr=False)

    @cached_property
    def _positions(self) -> dict[tuple, np.ndarray]:
        # Criteria ask for the rows of one indicator, year and measure a dozen times a score:
        # the table is grouped once, not compared in full at each question.
        return self.indicators.groupby(["indicator", "year", "measure"], sort=False).indices

    @cached_property
    def assessed(self) -> pd.DataFrame:
        """The year's score sheets aggregated once for every criterion (``aggregate_assessments``)."""
        rows = self.assessments[(self.assessments["year"] == self.year)
                                & self.assessments["member_code"].isin(self.members.index)]
        if not len(rows):
            return pd.DataFrame(columns=["criterion", "member_code", "points", "n_scores"])
        return aggregate_assessments(rows, self.choices.aggregation, head=self.head)

    def _by_member(self, indicator: str, year: int, measure: str) -> pd.DataFrame:
        """The rows of ``indicator`` in ``year`` for ``measure``: a member's first, on the
        members' index (a member without one: empty); made once for every question of a score."""
        key = (indicator, year, measure)
        if key not in self._asked:
            rows = self.indicators.iloc[self._positions.get(key, [])]
            self._asked[key] = rows.drop_duplicates("member_code").set_index("member_code").reindex(self.members.index)
        return self._asked[key]

    def values(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        return self._by_member(indicator, year, measure)["value"].astype(float)

    def sources(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        return self._by_member(indicator, year, measure)["source"]

    def notes(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        """Where a figure of an earlier year came from or why there is none ("tính lại từ …",
        "nhận một phần của …"): the view's note, "" for a member's own figure."""
        if "note" not in self.indicators:
            return pd.Series("", index=self.members.index, dtype=object)
        return self._by_member(indicator, year, measure)["note"].fillna("").astype(object)

    def per_capita(self, indicator: str, values: pd.Series, year: int) -> pd.Series:
        if not self.choices.per_capita or catalog.indicators()[indicator]["kind"] != "count":
            return values
        return values / self.values("population", year) * PER


def _level_input(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    """The value minmax, rank and threshold compare: this year's level, its change, % change
    or % of plan."""
    kind = c.params.get("input", "value")
    now = ctx.per_capita(c.indicator, ctx.values(c.indicator, ctx.year), ctx.year)
    detail = pd.DataFrame({"value": now, "source": ctx.sources(c.indicator, ctx.year)})
    if kind == "value":
        return now, detail
    if kind == "plan_pct":
        plan = ctx.values(c.indicator, ctx.year, "plan")
        detail["plan"] = plan
        return 100 * now / plan.where(plan != 0), detail
    before = ctx.per_capita(c.indicator, ctx.values(c.indicator, ctx.year - 1), ctx.year - 1)
    detail["base"], detail["base_note"] = before, ctx.notes(c.indicator, ctx.year - 1)
    change = now - before
    return (change if kind == "change" else 100 * change / before.abs().where(before != 0)), detail


def _plan_ratio(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    actual, plan = ctx.values(c.indicator, ctx.year), ctx.values(c.indicator, ctx.year, "plan")
    if catalog.better_sign(c.indicator) > 0:
        ratio = (actual / plan).where(plan > 0)
    else:  # fewer is better: plan/actual, and none at all beats any plan
        ratio = (plan / actual).where(actual > 0)
        ratio = ratio.where(~((actual == 0) & (plan >= 0)), c.cap)
    share = ratio.clip(0, c.cap)
    detail = pd.DataFrame({"plan": plan, "actual": actual, "ratio": ratio,
                           "source": ctx.sources(c.indicator, ctx.year)})
    return share, detail


def _change(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    raw_before, raw_now = ctx.values(c.indicator, ctx.year - 1), ctx.values(c.indicator, ctx.year)
    before = ctx.per_capita(c.indicator, raw_before, ctx.year - 1)
    now = ctx.per_capita(c.indicator, raw_now, ctx.year)
    worse = ((now - before) * -catalog.better_sign(c.indicator)).clip(lower=0)
    z = 2 * (np.sqrt(raw_now.clip(lower=0)) - np.sqrt(raw_before.clip(lower=0)))
    ignore = ctx.choices.ignore_noise if ctx.choices.ignore_noise is not None else bool(c.params.get("ignore_noise"))
    counts = catalog.indicators()[c.indicator]["kind"] == "count"
    noise = (z.abs() < NOISE_Z) if (ignore and counts) else pd.Series(False, index=worse.index)
    worse = worse.where(~noise, 0.0)
    if "deduct_per_pct" in c.params:
        pct = (100 * worse / before.abs()).where(before != 0, np.where(worse > 0, 100.0, 0.0))
        deduction = float(c.params["deduct_per_pct"]) * pct
    else:
        deduction = float(c.params["deduct_per_unit"]) * worse
    share = (1 - deduction / c.max_points).clip(0, 1) if c.max_points else (deduction * 0 + 1)
    share = share.where(before.notna() & now.notna())
    # A member the reform made without a comparable base (part of an old commune) is neither
    # punished nor rewarded for a figure that does not exist: the comparable members' mean share.
    notes = ctx.notes(c.indicator, ctx.year - 1)
    not_comparable = before.isna() & now.notna() & (notes != "")
    if ctx.not_comparable == "mean" and not_comparable.any() and share.notna().any():
        share = share.where(~not_comparable, share.mean())
    detail = pd.DataFrame({"base": before, "current": now, "worse": worse, "z": z if counts else z * np.nan,
                           "within_noise": noise, "deduction": deduction,
                           "base_note": notes, "not_comparable": not_comparable,
                           "source": ctx.sources(c.indicator, ctx.year)})
    return share, detail


def _minmax(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    value, detail = _level_input(c, ctx)
    signed = value * catalog.better_sign(c.indicator)
    low, high = signed.min(), signed.max()
    share = ((signed - low) / (high - low)) if high > low else signed * 0 + 1
    detail["worst"], detail["best"] = (low, high) if catalog.better_sign(c.indicator) > 0 else (-low, -high)
    return share.where(value.notna()), detail


def _rank(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    value, detail = _level_input(c, ctx)
    rank = (-value * catalog.better_sign(c.indicator)).rank(method="min")
    n = int(value.notna().sum())
    table = c.params.get("points_by_rank")
    if table:
        points = rank.map(lambda r: float(table[int(r) - 1]) if pd.notna(r) and int(r) <= len(table) else 0.0)
        share = points / c.max_points if c.max_points else points * 0 + 1
    else:
        share = (n - rank) / (n - 1) if n > 1 else rank * 0 + 1
    detail["rank"] = rank
    return share.where(value.notna()).astype(float), detail


def _threshold(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    value, detail = _level_input(c, ctx)
    steps = [(float(t), float(p)) for t, p in c.params["steps"]]
    better = catalog.better_sign(c.indicator)
    points = pd.Series(0.0, index=value.index)
    for threshold, step_points in steps:  # a handful of steps, each vectorised over members
        reached = value >= threshold if better > 0 else value <= threshold
        points = points.where(~reached | (points >= step_points), step_points)
    share = points / c.max_points if c.max_points else points * 0 + 1
    return share.where(value.notna()), detail


def _assessed(c: Criterion, ctx: _Context) -> tuple[pd.Series, pd.DataFrame]:
    key = str(c.params.get("criterion", c.key))
    scores = ctx.assessed[ctx.assessed["criterion"] == key]
    given = scores.set_index("member_code")["points"].reindex(ctx.members.index).astype(float)
    n = scores.set_index("member_code")["n_scores"].reindex(ctx.members.index)
    share = (given / c.max_points).clip(0, 1) if c.max_points else given * 0 + 1
    detail = pd.DataFrame({"assessed": given, "n_scores": n, "over_max": given > c.max_points})
    return share, detail


METHODS: dict[str, Callable[[Criterion, _Context], tuple[pd.Series, pd.DataFrame]]] = {
    "plan_ratio": _plan_ratio, "change": _change, "minmax": _minmax, "rank": _rank,
    "threshold": _threshold, "assessed": _assessed,
}


def _adjustment_points(a: Adjustment, ctx: _Context) -> tuple[pd.Series, pd.Series]:
    """Points a bonus or penalty gives each member, and the count it was based on."""
    if a.source == "award":
        rows = ctx.awards[(ctx.awards["year"] == ctx.year) & (ctx.awards["award"] == a.ref)]
        count = rows.groupby("member_code")["count"].sum().reindex(ctx.members.index).fillna(0).astype(float)
    else:
        rows = ctx.assessments[(ctx.assessments["year"] == ctx.year) & (ctx.assessments["criterion"] == a.ref)]
        scores = aggregate_assessments(rows, ctx.choices.aggregation, head=ctx.head) if len(rows) else \
            pd.DataFrame(columns=["member_code", "points"])
        count = scores.set_index("member_code")["points"].reindex(ctx.members.index).fillna(0).astype(float)
    return (count * a.points).clip(-a.limit, a.limit), count
