"""How robust is the ranking? Uncertainty and sensitivity of the score, after COINr
(Saisana, Saltelli and Tarantola 2005).

Each scenario ("draw") perturbs every criterion's points uniformly by ±``weight_noise``
(rescaled to the same total) and, where alternatives are declared, picks one for each
choice of the pipeline: the aggregation of assessments, the missing-data rule, counts per
10,000 inhabitants, and whether changes within Poisson noise are ignored.

All draws are scored as arrays at once. A criterion's *share* of its points does not
depend on the weights, only on the discrete choices, so :func:`score` runs once per
combination of choices (at most a few dozen), and every draw's totals are one matrix
product: shares (members × criteria) × weights (criteria × draws).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from emulation_stats.analysis.criteria import ScoreChoices
from emulation_stats.analysis.scoring import ScoreTable
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import phrase
from emulation_stats.load.rubric import AGGREGATIONS, MISSING_RULES

CHOICES = {"aggregation": AGGREGATIONS, "missing": MISSING_RULES, "per_capita": (False, True),
           "ignore_noise": (False, True)}
SHARE_CHOICES = ("aggregation", "per_capita", "ignore_noise")  # these change the shares themselves
PROGRESS_MIN_DRAWS = 20_000
BLOCK = 2_000  # draws scored together
DEFAULT_DRAWS = 2_000  # scenarios, the same for the pack, the command and the notebooks


@dataclass
class SensitivityResult:
    """What :func:`sensitivity` found.

    ``rank_stats``: per member the nominal rank, the median rank, the 5 % and 95 % ranks,
    the probability of ranking first and of ranking in the top ``top_k``; ``draws``: the
    parameters and the ranks of every draw; ``sobol``: first-order and total Sobol indices
    of the mean absolute rank shift per uncertain input, with bootstrap intervals (only
    with ``sobol=True``).
    """

    nominal: ScoreTable
    rank_stats: pd.DataFrame
    draws: pd.DataFrame
    settings: dict[str, object]
    sobol: pd.DataFrame | None = None
    attrs: dict[str, object] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        return self.rank_stats.to_html(index=False)


def _check_alternatives(alternatives: Mapping[str, Sequence[Any]] | None) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for key, values in (alternatives or {}).items():
        if key not in CHOICES:
            raise DataError("sensitivity_unknown_choice", key=key, known=", ".join(CHOICES))
        values = list(values)
        if not values:
            raise DataError("sensitivity_no_option", key=key)
        for value in values:
            if value not in CHOICES[key]:
                raise DataError("sensitivity_bad_option", value=value, key=key, known=", ".join(map(str, CHOICES[key])))
        out[key] = values
    return out


class _Engine:
    """Totals for many draws at once: shares per combination of choices, times weights."""

    def __init__(self, nominal: ScoreTable):
        self.nominal = nominal
        self.criteria = [c.key for c in nominal.rubric.criteria]
        self.adjustments = [a.key for a in nominal.rubric.adjustments]
        self.members = nominal.members.index
        self.w0 = nominal.weights.reindex(self.criteria).to_numpy(float)
        order = nominal.ranking["member_code"].tolist()
        self.nominal_position = np.array([order.index(m) for m in self.members])
        self.nominal_rank = nominal.ranking.set_index("member_code")["rank"].reindex(self.members).to_numpy()
        self._cache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        rubric = nominal.rubric
        self.own_rules = np.array([c.missing or rubric.missing for c in rubric.criteria], dtype=object)

    def shares(self, aggregation: str, per_capita: bool, ignore_noise: bool | None) -> tuple[np.ndarray, np.ndarray]:
        key = (aggregation, per_capita, ignore_noise)
        if key not in self._cache:
            table = self.nominal.rerun(aggregation=aggregation, per_capita=per_capita, ignore_noise=ignore_noise,
                                       weights=None, missing=None)
            shares = table.shares.reindex(index=self.members, columns=self.criteria).to_numpy(float)
            extra = table.points.reindex(index=self.members, columns=self.adjustments).to_numpy(float).sum(axis=1) \
                if self.adjustments else np.zeros(len(self.members))
            self._cache[key] = (shares, extra)
        return self._cache[key]

    def totals(self, weights: np.ndarray, aggregation: str, missing: str | None, per_capita: bool,
               ignore_noise: bool | None) -> np.ndarray:
        """Members × draws totals for draws sharing their discrete choices."""
        shares, extra = self.shares(aggregation, per_capita, ignore_noise)
        rules = self.own_rules if missing is None else np.full(len(self.criteria), missing, dtype=object)
        present = ~np.isnan(shares)
        filled = np.where(present, shares, 0.0)
        means = np.array([np.nanmean(shares[:, j]) if present[:, j].any() else 0.0 for j in range(shares.shape[1])])
        mean_rule = rules == "mean"
        filled = np.where(~present & mean_rule[None, :], means[None, :], filled)
        totals = filled @ weights.T
        drop_rule = rules == "drop"
        if drop_rule.any():
            counted = np.where(drop_rule[None, :], present, True).astype(float)
            available = counted @ weights.T
            with np.errstate(divide="ignore", invalid="ignore"):
                totals = totals * (weights.sum(axis=1)[None, :] / available)
        return totals + extra[:, None]

    def ranks(self, totals: np.ndarray) -> np.ndarray:
        """Rank 1 = highest total; equal totals keep the nominal order (its tie-break), and
        members the nominal ranking could not tell apart share a rank again when their totals
        are equal (so the nominal weights give back the nominal ranks, ties and all)."""
        by_nominal = np.argsort(self.nominal_position)
        ordered = np.round(totals[by_nominal], 9)
        order = np.argsort(-ordered, axis=0, kind="stable")
        sorted_totals = np.take_along_axis(ordered, order, axis=0)
        nominal_ranks = self.nominal_rank[by_nominal][order]
        same = np.zeros_like(order, dtype=bool)
        same[1:] = (sorted_totals[1:] == sorted_totals[:-1]) & (nominal_ranks[1:] == nominal_ranks[:-1])
        positions = np.arange(1, len(order) + 1)[:, None] * np.ones((1, order.shape[1]), dtype=int)
        shared = np.maximum.accumulate(np.where(same, 0, positions), axis=0)
        ranks_ordered = np.empty_like(order)
        np.put_along_axis(ranks_ordered, order, shared, axis=0)
        ranks = np.empty_like(ranks_ordered)
        ranks[by_nominal] = ranks_ordered
        return ranks


def _draw_weights(rng: np.random.Generator, w0: np.ndarray, n: int, noise: float) -> np.ndarray:
    factors = rng.uniform(1 - noise, 1 + noise, size=(n, len(w0))) if noise > 0 else np.ones((n, len(w0)))
    weights = w0[None, :] * factors
    return weights * (w0.sum() / weights.sum(axis=1, keepdims=True))


def _evaluate(engine: _Engine, weights: np.ndarray, picks: dict[str, np.ndarray], nominal: ScoreChoices,
              show_progress: bool = False) -> np.ndarray:
    """Ranks (members × draws) for weights (draws × criteria) and per-draw choice values."""
    n = len(weights)
    values = {k: picks.get(k, np.full(n, getattr(nominal, k), dtype=object)) for k in CHOICES}
    keys = pd.MultiIndex.from_arrays([pd.Series(values[k], dtype=object).astype(str) for k in CHOICES])
    codes, groups = pd.factorize(keys)
    ranks = np.empty((len(engine.members), n), dtype=np.int32)
    # Blocks of draws keep the members × draws arrays small and let a bar show progress.
    blocks = [block for g in range(len(groups))
              for block in np.array_split(np.flatnonzero(codes == g), max(1, -(-int((codes == g).sum()) // BLOCK)))]
    for columns in tqdm(blocks, desc="Kịch bản", unit="khối", leave=False, disable=None if show_progress else True):
        first = columns[0]
        totals = engine.totals(weights[columns], values["aggregation"][first], values["missing"][first],
                               values["per_capita"][first], values["ignore_noise"][first])
        ranks[:, columns] = engine.ranks(totals)
    return ranks


def sensitivity(table: ScoreTable, *, draws: int = DEFAULT_DRAWS, weight_noise: float = 0.25,
                alternatives: Mapping[str, Sequence[object]] | None = None, seed: int = 0, sobol: bool = False,
                top_k: int = 3, bootstrap: int = 200) -> SensitivityResult:
    """Rerun ``table``'s recorded choices under ``draws`` scenarios (weights perturbed by
    ±``weight_noise``, ``alternatives`` to the pipeline's choices) and summarise how the
    members' ranks move.

    >>> import emulation_stats as es
    >>> table = es.score(es.load_dataset("data/sample"), year=2024)
    >>> result = sensitivity(table, draws=200, seed=1)
    >>> list(result.rank_stats.columns)
    ['member_code', 'member', 'nominal_rank', 'median_rank', 'q05', 'q95', 'p_first', 'p_top_k']
    """
    if draws < 1:
        raise DataError("sensitivity_draws")
    if not 0 <= weight_noise < 1:
        raise DataError("sensitivity_noise")
    options = _check_alternatives(alternatives)
    nominal = table
    engine = _Engine(nominal)
    rng = np.random.default_rng(seed)
    weights = _draw_weights(rng, engine.w0, draws, weight_noise)
    picks = {k: np.array(v, dtype=object)[rng.integers(0, len(v), draws)] for k, v in options.items()}
    ranks = _evaluate(engine, weights, picks, nominal.choices, show_progress=draws >= PROGRESS_MIN_DRAWS)
    stats = _rank_stats(engine, nominal, ranks, top_k)
    scenarios = pd.DataFrame(weights, columns=[f"w_{k}" for k in engine.criteria])
    for key, values in picks.items():
        scenarios[key] = values
    rank_columns = pd.DataFrame(ranks.T, columns=[f"rank_{m}" for m in engine.members])
    scenarios = pd.concat([scenarios, rank_columns], axis=1)
    scenarios.insert(0, "draw", np.arange(draws))
    scenarios["first"] = np.asarray(engine.members)[np.argmin(ranks, axis=0)]
    settings = {"draws": draws, "weight_noise": weight_noise, "alternatives": options, "seed": seed, "top_k": top_k}
    result = SensitivityResult(nominal, stats, scenarios, settings, attrs=dict(nominal.attrs))
    if sobol:
        result.sobol = _sobol(engine, nominal, options, weight_noise, draws, rng, bootstrap)
    for frame in (result.rank_stats, result.draws, result.sobol):
        if frame is not None:
            frame.attrs.update(nominal.attrs)
    return result


def _rank_stats(engine: _Engine, nominal: ScoreTable, ranks: np.ndarray, top_k: int) -> pd.DataFrame:
    stats = pd.DataFrame({
        "member_code": engine.members, "member": nominal.names.reindex(engine.members).to_numpy(),
        "nominal_rank": engine.nominal_rank, "median_rank": np.median(ranks, axis=1),
        "q05": np.quantile(ranks, 0.05, axis=1), "q95": np.quantile(ranks, 0.95, axis=1),
        "p_first": (ranks == 1).mean(axis=1), "p_top_k": (ranks <= top_k).mean(axis=1)})
    return stats.sort_values(["nominal_rank", "median_rank"]).reset_index(drop=True)


# --- Sobol indices -------------------------------------------------------------------------

def sobol_indices(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, bootstrap: int = 200,
                  seed: int = 0) -> pd.DataFrame:
    """First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices from the outputs on
    the sample matrices A, B and A_B^(i) (``f_ab``: draws × inputs), with 95 % bootstrap
    intervals. Returns one row per input: ``first, first_low, first_high, total, total_low,
    total_high``.

    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.uniform(size=(4000, 2)), rng.uniform(size=(4000, 2))
    >>> f = lambda x: 1.0 * x[:, 0] + 3.0 * x[:, 1]  # variance shares 1/10 and 9/10
    >>> ab = np.column_stack([f(np.column_stack([b[:, 0], a[:, 1]])), f(np.column_stack([a[:, 0], b[:, 1]]))])
    >>> sobol_indices(f(a), f(b), ab)["first"].round(1).tolist()
    [0.1, 0.9]
    """
    # Centre on the mean of every output (as SALib does): the estimates are the same in
    # expectation, with less sampling noise.
    centre = np.mean(np.concatenate([f_a, f_b, f_ab.ravel()]))
    f_a, f_b, f_ab = f_a - centre, f_b - centre, f_ab - centre

    def estimate(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        fa, fb, fab = f_a[rows], f_b[rows], f_ab[rows]
        variance = np.var(np.concatenate([fa, fb]))
        if variance == 0:
            return np.zeros(fab.shape[1]), np.zeros(fab.shape[1])
        first = np.mean(fb[:, None] * (fab - fa[:, None]), axis=0) / variance
        total = 0.5 * np.mean((fa[:, None] - fab) ** 2, axis=0) / variance
        return first, total

    n = len(f_a)
    first, total = estimate(np.arange(n))
    rng = np.random.default_rng(seed)
    samples = [estimate(rng.integers(0, n, n)) for _ in range(bootstrap)]  # resamples, not rows
    firsts = np.array([s[0] for s in samples])
    totals = np.array([s[1] for s in samples])
    return pd.DataFrame({
        "first": first, "first_low": np.quantile(firsts, 0.025, axis=0), "first_high": np.quantile(firsts, 0.975,
                                                                                                   axis=0),
        "total": total, "total_low": np.quantile(totals, 0.025, axis=0), "total_high": np.quantile(totals, 0.975,
                                                                                                   axis=0)})


def _sobol(engine: _Engine, nominal: ScoreTable, options: dict[str, list[Any]], noise: float, n: int,
           rng: np.random.Generator, bootstrap: int) -> pd.DataFrame:
    """Saltelli's design: inputs are each criterion's weight factor and each varied choice,
    all drawn as uniforms on [0, 1); the output is the draw's mean absolute rank shift."""
    names = [f"w_{k}" for k in engine.criteria] + list(options)
    a, b = rng.uniform(size=(n, len(names))), rng.uniform(size=(n, len(names)))

    def shift(u: np.ndarray) -> np.ndarray:
        factors = 1 - noise + 2 * noise * u[:, :len(engine.criteria)]
        weights = engine.w0[None, :] * factors
        weights = weights * (engine.w0.sum() / weights.sum(axis=1, keepdims=True))
        picks = {key: np.array(values, dtype=object)[np.minimum((u[:, len(engine.criteria) + i] * len(values))
                                                                 .astype(int), len(values) - 1)]
                 for i, (key, values) in enumerate(options.items())}
        ranks = _evaluate(engine, weights, picks, nominal.choices)
        return np.abs(ranks - engine.nominal_rank[:, None]).mean(axis=0)

    f_a, f_b = shift(a), shift(b)
    f_ab = np.empty((n, len(names)))
    for i in range(len(names)):  # one column of A swapped for B's at a time: len(names) evaluations
        mixed = a.copy()
        mixed[:, i] = b[:, i]
        f_ab[:, i] = shift(mixed)
    table = sobol_indices(f_a, f_b, f_ab, bootstrap=bootstrap, seed=int(rng.integers(1 << 31)))
    table.insert(0, "input", names)
    labels = {f"w_{c.key}": c.label for c in nominal.rubric.criteria}
    table.insert(1, "label", [labels.get(k) or phrase(f"choice_{k}") for k in names])
    return table.sort_values("total", ascending=False).reset_index(drop=True)


# --- leave one out, what it takes ------------------------------------------------------------

def leave_one_out(table: ScoreTable) -> pd.DataFrame:
    """The ranking with each criterion removed in turn, and each member's rank change.

    Convention: removing a criterion sets its weight to 0 and changes nothing else — the
    other criteria keep their points and the bonuses and penalties theirs (the total is out
    of a smaller maximum). It is exactly ``table.rerun(weights={key: 0})``, and a criterion
    on which every member scored alike moves no rank. (Sharing its points out over the
    other criteria but not over the bonuses would move members it cannot move.)

    Returns one row per criterion and member: ``criterion, label, member_code, member,
    nominal_rank, rank_without, shift`` (positive: the member rises without it) and
    ``changes_winner`` (whether, without that criterion, another member ranks first).

    Returns
    -------
    DataFrame
        one row per criterion and member: `criterion`, `label`, `member_code`, `member`,
        `nominal_rank`, `rank_without`, `shift`, `changes_winner`.


    >>> import emulation_stats as es
    >>> loo = leave_one_out(es.score(es.load_dataset("data/sample"), year=2024))
    >>> list(loo.columns[-2:])
    ['shift', 'changes_winner']
    """
    nominal = table
    members = nominal.members.index
    nominal_rank = nominal.ranking.set_index("member_code")["rank"].reindex(members).to_numpy()
    rows = []
    for c in nominal.rubric.criteria:  # a criterion at a time: scored again, tie-breaks and all
        ranks = nominal.rerun(weights={c.key: 0.0}).ranking.set_index("member_code")["rank"].reindex(members)
        rows.append(pd.DataFrame({"criterion": c.key, "label": c.label, "member_code": members,
                                  "member": nominal.names.reindex(members).to_numpy(),
                                  "nominal_rank": nominal_rank, "rank_without": ranks.to_numpy()}))
    out = pd.concat(rows, ignore_index=True)
    out["shift"] = out["nominal_rank"] - out["rank_without"]
    # The nominal winner loses first place without the criterion (a tie for first counts as a change).
    winner = members[int(np.argmin(nominal_rank))]
    winner_rank = out.loc[out["member_code"] == winner].set_index("criterion")["rank_without"]
    sharing = out[out["rank_without"] == 1].groupby("criterion").size()
    changed = (winner_rank != 1) | (sharing.reindex(winner_rank.index).fillna(0) > 1)
    out["changes_winner"] = out["criterion"].map(changed).astype(bool)
    out.attrs.update(nominal.attrs)
    return out


# --- the choices worth varying by default ------------------------------------------------------

DEFAULT_ALTERNATIVES = {"aggregation": ["mean_excluding_self", "trimmed_mean", "median"],
                        "missing": ["zero", "mean", "drop"], "ignore_noise": [False, True]}
