"""Peer evaluation: self and cross scoring, the score table and proposals.

One explicit pipeline, in the manner of COINr: each criterion turns its inputs into the
**share of its points** a member earns (a number from 0, or above 1 where the rubric lets
a plan be beaten), the shares are weighted by the criteria's points, missing inputs are
settled by the rubric's rule, bonuses and penalties are added, and the members ranked.
Every choice the pipeline makes is recorded in :class:`ScoreChoices`, so the same score
can be recomputed with some of them changed (:meth:`ScoreTable.rerun`, and the
sensitivity analysis).

The methods and what they need are data (``data/reference/rubric_methods.csv``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names, require_years
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import number, phrase, rule_words
from emulation_stats.load.rubric import (
    AGGREGATIONS,
    MISSING_RULES,
    NOISE_Z,
    PER,
    Adjustment,
    Criterion,
    Rubric,
    _one_of,
)
from emulation_stats.units.naming import body_word, place
from emulation_stats.units.order import member_named

if TYPE_CHECKING:  # the dataset sits above scoring; only its type is named here
    from emulation_stats.load.dataset import Dataset

# --- assessments --------------------------------------------------------------------------

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
            raise DataError("head_only cần biết Cụm trưởng (head=mã huyện)")
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


# --- the pipeline -------------------------------------------------------------------------

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

    def values(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        rows = self.indicators[(self.indicators["indicator"] == indicator) & (self.indicators["year"] == year)
                               & (self.indicators["measure"] == measure)]
        return rows.drop_duplicates("member_code").set_index("member_code")["value"].reindex(
            self.members.index).astype(float)

    def sources(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        rows = self.indicators[(self.indicators["indicator"] == indicator) & (self.indicators["year"] == year)
                               & (self.indicators["measure"] == measure)]
        return rows.drop_duplicates("member_code").set_index("member_code")["source"].reindex(self.members.index)

    def notes(self, indicator: str, year: int, measure: str = "actual") -> pd.Series:
        """Where a figure of an earlier year came from or why there is none ("tính lại từ …",
        "nhận một phần của …"): the view's note, "" for a member's own figure."""
        if "note" not in self.indicators:
            return pd.Series("", index=self.members.index, dtype=object)
        rows = self.indicators[(self.indicators["indicator"] == indicator) & (self.indicators["year"] == year)
                               & (self.indicators["measure"] == measure)]
        return rows.drop_duplicates("member_code").set_index("member_code")["note"].reindex(
            self.members.index).fillna("").astype(object)

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
    rows = ctx.assessments[(ctx.assessments["year"] == ctx.year) & (ctx.assessments["criterion"] == key)]
    rows = rows[rows["member_code"].isin(ctx.members.index)]
    scores = aggregate_assessments(rows, ctx.choices.aggregation, head=ctx.head) if len(rows) else \
        pd.DataFrame(columns=["member_code", "points", "n_scores"])
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


@dataclass
class ScoreTable:
    """The result of :func:`score`: points, totals, ranking and how each was reached."""

    year: int
    cluster: str
    members: pd.DataFrame  # index member_code, column member
    rubric: Rubric
    choices: ScoreChoices
    shares: pd.DataFrame  # member × criterion: share of the criterion's points earned
    weights: pd.Series  # criterion -> max points used
    points: pd.DataFrame  # member × criterion and adjustment
    total: pd.Series
    ranking: pd.DataFrame
    details: dict[str, pd.DataFrame]
    attrs: dict[str, object] = field(default_factory=dict)
    dataset: Dataset | None = None

    def rerun(self, **changes: object) -> ScoreTable:
        """The same score with some choices changed (``aggregation=``, ``missing=``,
        ``weights=``, ``per_capita=``, ``ignore_noise=``); a weight's criterion by its key or
        its label (``weights={"Thu nhập bình quân đầu người": 10}``)."""
        require_names(list(changes), [f.name for f in dataclasses.fields(ScoreChoices)], "lựa chọn")
        if changes.get("weights"):  # on top of the weights this table was scored with, not instead of them
            changes["weights"] = {**(self.choices.weights or {}), **_by_key(self.rubric, changes["weights"])}
        choices = self.choices.replace(**changes)
        if choices.replace(weights=self.choices.weights) == self.choices and self.dataset is not None:
            return self._reweighted(choices)  # only the weights moved: the criteria's shares stand
        return score(self.dataset, rubric=self.rubric, year=self.year, cluster=self.cluster, choices=choices)

    def _reweighted(self, choices: ScoreChoices) -> ScoreTable:
        weights = _weights(self.rubric, choices)
        points, total = _combine(self.shares, weights, self.rubric, choices)
        for a in self.rubric.adjustments:
            points[a.key] = self.points[a.key]
            total = total + points[a.key]
        table = dataclasses.replace(self, choices=choices, weights=weights, points=points, total=total,
                                    ranking=pd.DataFrame())
        dataset = self.dataset
        ctx = _Context(dataset.indicators, dataset.assessments, dataset.awards, self.members, self.year, None,
                       choices)
        table.ranking = _ranking(table, ctx)
        return table

    @property
    def names(self) -> pd.Series:
        """Each member's name as the cluster writes it, by code (one definition for every
        table, chart and sentence)."""
        return self.members["member"]

    def differences(self, *, lang: str = "vi") -> list[str]:
        """Each choice of this table that is not the adopted rubric's, as a reader says it
        ("trọng số 'Thu nhập bình quân đầu người' 5 → 10"); empty for the adopted rubric.

        >>> import emulation_stats as es
        >>> table = es.score(es.load_dataset("data/sample"), year=2024)
        >>> table.differences(), table.rerun(weights={"income": 10}).differences()
        ([], ["trọng số 'Thu nhập bình quân đầu người' 5 → 10"])
        """
        said = []
        for c in self.rubric.criteria:
            before, now = float(c.max_points), float(self.weights[c.key])
            if abs(now - before) > 1e-9:
                said.append(phrase("explore_weight_changed", lang, label=c.label, before=number(before, lang),
                                   now=number(now, lang)))
        choices = self.choices
        if choices.aggregation != self.rubric.aggregation:
            said.append(f"{phrase('choice_aggregation', lang)}: {rule_words('aggregation', choices.aggregation, lang)}")
        if choices.missing is not None and choices.missing != self.rubric.missing:
            said.append(f"{phrase('choice_missing', lang)}: {rule_words('missing', choices.missing, lang)}")
        if choices.per_capita:
            said.append(phrase("choice_per_capita", lang))
        if choices.ignore_noise is not None:
            said.append(phrase("choice_ignore_noise" if choices.ignore_noise else "choice_count_noise", lang))
        return said

    def adopted(self) -> ScoreTable:
        """This table under the adopted rubric (its weights and choices): itself when it is
        already; what a what-if is measured against.

        >>> import emulation_stats as es
        >>> table = es.score(es.load_dataset("data/sample"), year=2024)
        >>> table.rerun(weights={"income": 10}).adopted().weights["income"]
        np.float64(5.0)
        """
        if not self.differences() or self.dataset is None:
            return self
        return score(self.dataset, rubric=self.rubric, year=self.year, cluster=self.cluster,
                     choices=ScoreChoices(aggregation=self.rubric.aggregation))

    def missing_data(self, *, lang: str = "vi") -> list[str]:
        """One line per member and criterion scored without data, with the rule that gave
        the points: said wherever the score is shown, not only in ``explain``."""
        lines = []
        for c in self.rubric.criteria:
            for code in self.shares.index[self.shares[c.key].isna()]:
                rule = self.choices.missing or c.missing or self.rubric.missing
                points = self.points.loc[code, c.key]
                detail = self.details[c.key].loc[code] if c.key in self.details else pd.Series(dtype=object)
                why = str(detail.get("base_note", "") or "") if pd.isna(detail.get("base", 0.0)) else ""
                lines.append(phrase("check_not_comparable" if why else "check_missing_data", lang,
                                    name=place(self.names[code], code, lang), criterion=c.label,
                                    max=number(self.weights[c.key], lang), rule=rule_words("missing", rule, lang),
                                    why=why,
                                    base_year=self.year - 1,
                                    points=number(round(points, 2), lang) if pd.notna(points) else "—"))
        return lines

    def _repr_html_(self) -> str:
        return self.ranking.to_html(index=False)


def _members(dataset: Dataset, year: int, cluster: str | None) -> tuple[pd.DataFrame, str, str | None]:
    clusters = dataset.clusters
    rows = clusters[clusters["year"] == year] if len(clusters) else clusters
    if len(rows):
        names = sorted(rows["cluster"].unique())
        if cluster is None:
            if len(names) > 1:
                raise DataError(f"năm {year} có nhiều cụm ({', '.join(names)}); chọn cluster=")
            cluster = names[0]
        rows = rows[rows["cluster"] == cluster]
        if rows.empty:
            raise DataError(f"không có cụm '{cluster}' trong năm {year}")
        head = rows.loc[rows["role"] == "head", "member_code"]
        members = rows.drop_duplicates("member_code").set_index("member_code")[["member"]]
        return members, cluster, (head.iloc[0] if len(head) else None)
    present = dataset.indicators[dataset.indicators["year"] == year]
    if present.empty:
        raise DataError(f"không có thành viên Cụm và số liệu năm {year}")
    members = present.drop_duplicates("member_code").set_index("member_code")[["member"]]
    return members, cluster or str(dataset.meta.get("cluster", "")), None


def score(dataset: Dataset, *, rubric: Rubric | Mapping[str, object] | str | Path | None = None,
          year: int | None = None, cluster: str | None = None, aggregation: str | None = None,
          choices: ScoreChoices | None = None) -> ScoreTable:
    """Score the members of a cluster for ``year`` on ``rubric`` (default: the dataset's).

    >>> import emulation_stats as es
    >>> table = score(es.load_dataset("data/sample"), year=2024)
    >>> list(table.ranking.columns)
    ['rank', 'member_code', 'member', 'total', 'gap_to_first', 'tied']
    """
    if rubric is None:
        if dataset.rubric is None:
            raise DataError("bộ dữ liệu không có thang điểm (rubric.yaml); hãy chỉ rõ rubric=")
        rubric = dataset.rubric
    rubric = Rubric.load(rubric)
    year = year or dataset.latest_year
    require_years(year, {*dataset.indicators["year"], *dataset.assessments.get("year", []), *dataset.awards["year"]})
    choices = choices or ScoreChoices(aggregation=aggregation or rubric.aggregation)
    weights = _weights(rubric, choices)  # a misspelt criterion is refused before any scoring
    if aggregation is not None:
        choices = choices.replace(aggregation=aggregation)
    _one_of(choices.aggregation, AGGREGATIONS, "aggregation")
    if choices.missing is not None:
        _one_of(choices.missing, MISSING_RULES, "missing")
    dataset = dataset.on_units(year)  # every year on the units of ``year``: codes alone never join years
    members, cluster, head = _members(dataset, year, cluster)
    if choices.aggregation == "head_only" and head is None:
        raise DataError(f"không biết Cụm trưởng năm {year} (cột vai trò trong clusters.csv) nên không gộp được "
                        f"theo cách '{rule_words('aggregation', 'head_only')}'")
    ctx = _Context(dataset.indicators, dataset.assessments, dataset.awards, members, year, head, choices,
                   rubric.not_comparable)
    shares, details = {}, {}
    for c in rubric.criteria:
        shares[c.key], details[c.key] = METHODS[c.method](c, ctx)
    shares_frame = pd.DataFrame(shares, index=members.index)
    points, total = _combine(shares_frame, weights, rubric, choices)
    for a in rubric.adjustments:
        points[a.key], details[a.key] = _adjustment_points(a, ctx)
        total = total + points[a.key]
    table = ScoreTable(year, cluster, members, rubric, choices, shares_frame, weights, points, total,
                       pd.DataFrame(), details, dict(dataset.indicators.attrs), dataset)
    table.ranking = _ranking(table, ctx)
    return table


def _weights(rubric: Rubric, choices: ScoreChoices) -> pd.Series:
    """Each criterion's maximum points: the choices' where given (by key or label), else the rubric's."""
    given = _by_key(rubric, choices.weights or {})
    return pd.Series({c.key: float(given.get(c.key, c.max_points)) for c in rubric.criteria})


def _by_key(rubric: Rubric, weights: Mapping[str, float]) -> dict[str, float]:
    """Weights keyed by criterion key, whichever name each was given by; a bonus or an
    unknown name is refused with the criteria listed."""
    keyed = {rubric.key_of(str(name)): value for name, value in weights.items()}
    require_names(list(keyed), [c.key for c in rubric.criteria], "tiêu chí")
    for key, value in keyed.items():
        number_ = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
        if isinstance(value, bool) or pd.isna(number_) or number_ < 0:
            raise DataError(f"trọng số của tiêu chí '{rubric.labels.get(key, key)}' phải là một số không âm "
                            f"(điểm tối đa), không phải {value!r}")
    return {key: float(value) for key, value in keyed.items()}


def _combine(shares: pd.DataFrame, weights: pd.Series, rubric: Rubric,
             choices: ScoreChoices) -> tuple[pd.DataFrame, pd.Series]:
    """Points per criterion and the criteria's total, with missing inputs settled."""
    rules = {c.key: choices.missing or c.missing or rubric.missing for c in rubric.criteria}
    filled = shares.copy()
    for key, rule in rules.items():
        if rule == "zero":
            filled[key] = filled[key].fillna(0.0)
        elif rule == "mean":
            filled[key] = filled[key].fillna(filled[key].mean() if filled[key].notna().any() else 0.0)
    points = filled * weights
    available = (~points.isna()).astype(float) @ weights
    total = points.fillna(0).sum(axis=1)
    dropped = [k for k, r in rules.items() if r == "drop"]
    if dropped:
        full = float(weights.sum())
        total = total * (full / available.where(available > 0))
    return points, total


def _tie_value(key: str, table: ScoreTable, ctx: _Context) -> pd.Series:
    if key == "total":
        return table.total
    if key in table.points:
        return table.points[key]
    groups = table.rubric.groups
    if key in groups:
        return table.points[groups[key]].sum(axis=1)
    if key == "assessed":
        assessed = [c.key for c in table.rubric.criteria if c.method == "assessed"]
        return table.points[assessed].sum(axis=1)
    return ctx.values(key, ctx.year) * catalog.better_sign(key)


def _ranking(table: ScoreTable, ctx: _Context) -> pd.DataFrame:
    """Members by total, then by the rubric's tie-break keys in order; members equal on all
    of them share a rank (``tied``)."""
    keys = [table.total.round(9)] + [_tie_value(k, table, ctx).round(9) for k in table.rubric.tie_break]
    frame = pd.DataFrame({f"k{i}": k.fillna(-np.inf) for i, k in enumerate(keys)}, index=table.members.index)
    frame = frame.sort_values(list(frame.columns), ascending=False, kind="stable")
    values = frame.to_numpy()
    new_rank = np.ones(len(frame), dtype=bool)
    new_rank[1:] = (values[1:] != values[:-1]).any(axis=1)
    positions = np.arange(1, len(frame) + 1)
    ranks = np.maximum.accumulate(np.where(new_rank, positions, 0)) if len(frame) else positions
    ranking = pd.DataFrame({"rank": ranks, "member_code": frame.index,
                            "member": table.names.reindex(frame.index).to_numpy(),
                            "total": table.total.reindex(frame.index).to_numpy()})
    ranking["gap_to_first"] = (ranking["total"].iloc[0] - ranking["total"]) if len(ranking) else ranking["total"]
    ranking["tied"] = ranking["rank"].duplicated(keep=False)
    ranking.attrs.update(table.attrs)
    return ranking


# --- proposals ----------------------------------------------------------------------------

@dataclass
class Proposal:
    """Who the score proposes for the flag and the certificates, and what to check."""

    table: pd.DataFrame  # rank, member_code, member, total, proposal, votes_for, vote_share
    checks: list[str]

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{c}</li>" for c in self.checks)
        return self.table.to_html(index=False) + (f"<ul>{notes}</ul>" if notes else "")


def propose(table: ScoreTable, votes: pd.DataFrame | None = None, *, flags: int = 1, certificates: int = 2,
            lang: str = "vi") -> Proposal:
    """The flag to rank 1 (ties broken by the rubric's declared order), certificates to the
    next; vote shares when ``votes`` are given; and checks, each with its reason: the vote
    winner is not the score winner, a proposed member fails a disqualifying criterion, a
    tie at the top that the declared order does not break.
    """
    ranking = table.ranking.copy()
    order = ranking["member_code"].tolist()
    proposal = [""] * len(order)
    for i in range(min(flags, len(order))):
        proposal[i] = "flag"
    for i in range(flags, min(flags + certificates, len(order))):
        proposal[i] = "certificate"
    ranking["proposal"] = proposal
    checks: list[str] = []
    names = dict(zip(ranking["member_code"], ranking["member"]))
    top = ranking[ranking["rank"] == 1]
    if len(top) > 1:
        checks.append(phrase("check_tie", lang, names=", ".join(place(n, c, lang) for c, n in
                                                                 zip(top["member_code"], top["member"])),
                             body=body_word(table.cluster, lang)))
    for c in table.rubric.criteria:
        if c.disqualify_below is None:
            continue
        failing = table.points.index[table.points[c.key].fillna(0) < c.disqualify_below]
        for code in failing:
            if code in ranking.loc[ranking["proposal"] != "", "member_code"].tolist():
                checks.append(phrase("check_disqualified", lang, name=place(names[code], code, lang),
                                     criterion=c.label, points=number(table.points.loc[code, c.key], lang),
                                     needed=number(c.disqualify_below, lang)))
    # The rule is cited from the rubric's own settings, never asserted without a source.
    flag_rule = table.rubric.flag_rule
    rule = phrase("check_vote_rule", lang, rule=flag_rule) if flag_rule else \
        phrase("check_vote_no_rule", lang, body=body_word(table.cluster, lang))
    if votes is not None and len(votes):
        ballots = votes[(votes["year"] == table.year) & (votes["proposal"].astype(str).str.startswith("flag"))]
        counts = ballots.groupby("member_code")["votes_for"].sum()
        voters = ballots.groupby("member_code")["voters"].max()
        ranking["votes_for"] = ranking["member_code"].map(counts)
        ranking["vote_share"] = ranking["member_code"].map(counts / voters)
        if counts.notna().any() and counts.max() > 0:
            winners = counts[counts == counts.max()].index.tolist()
            if order and order[0] not in winners:
                checks.append(phrase("check_vote", lang, voted=", ".join(place(names.get(w, w), w, lang)
                                                                          for w in winners),
                                     scored=place(names[order[0]], order[0], lang), rule=rule))
        elif len(ballots):
            named = ballots["member_code"].unique().tolist()
            if order and named and order[0] not in named:
                checks.append(phrase("check_vote", lang, voted=", ".join(place(names.get(w, w), w, lang)
                                                                          for w in named),
                                     scored=place(names[order[0]], order[0], lang), rule=rule))
    checks += table.missing_data(lang=lang)
    result = Proposal(ranking, checks)
    result.table.attrs.update(table.attrs)
    return result


# --- naming a member ---------------------------------------------------------------------

def member_code(table: ScoreTable, member: str) -> str:
    """The code of a member of ``table`` named by its code, its name in the table, or any
    spelling of a unit (one way of naming a member everywhere)."""
    return member_named(table.members["member"], member, year=table.year,
                        whose=f"{body_word(table.cluster)} năm {table.year}")
