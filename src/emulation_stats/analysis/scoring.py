"""Peer evaluation: the score table of a year (``score``, ``ScoreTable``) from the rubric's
criteria, with its choices recorded so that any of them can be changed and scored again."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from emulation_stats.analysis.criteria import METHODS, ScoreChoices, _adjustment_points, _Context
from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names, require_years
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import number, phrase, rule_words
from emulation_stats.load.rubric import AGGREGATIONS, MISSING_RULES, Rubric, _one_of
from emulation_stats.units.naming import body_word, place
from emulation_stats.units.order import member_named

if TYPE_CHECKING:  # the dataset sits above scoring; only its type is named here
    from emulation_stats.load.dataset import Dataset


# --- the pipeline -------------------------------------------------------------------------


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
                raise DataError("score_several_clusters", year=year, names=", ".join(names))
            cluster = names[0]
        rows = rows[rows["cluster"] == cluster]
        if rows.empty:
            raise DataError("score_no_cluster", cluster=cluster, year=year)
        head = rows.loc[rows["role"] == "head", "member_code"]
        members = rows.drop_duplicates("member_code").set_index("member_code")[["member"]]
        return members, cluster, (head.iloc[0] if len(head) else None)
    present = dataset.indicators[dataset.indicators["year"] == year]
    if present.empty:
        raise DataError("score_no_members", year=year)
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
            raise DataError("score_no_rubric")
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
        raise DataError("score_no_head", year=year, rule=rule_words("aggregation", "head_only"))
    ctx = _Context(_without_attrs(dataset.indicators), _without_attrs(dataset.assessments),
                   _without_attrs(dataset.awards), members, year, head, choices, rubric.not_comparable)
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


def _without_attrs(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as the criteria read it, without its ``attrs``: pandas deep-copies them into
    every intermediate result, a fifth of a score's time. The table's ``attrs`` are the score's."""
    plain = frame.copy(deep=False)
    plain.attrs = {}
    return plain


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
            raise DataError("score_bad_weight", label=rubric.labels.get(key, key), value=repr(value))
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


# --- naming a member ---------------------------------------------------------------------

def member_code(table: ScoreTable, member: str) -> str:
    """The code of a member of ``table`` named by its code, its name in the table, or any
    spelling of a unit (one way of naming a member everywhere)."""
    return member_named(table.members["member"], member, year=table.year,
                        whose=f"{body_word(table.cluster)} năm {table.year}")
