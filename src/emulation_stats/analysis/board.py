"""The province board's table: each group's scores, proposal, vote and checks; the
leaders side by side on the indicators they share, standardised within the province; the
candidates for the Government's flag by the board's rule."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emulation_stats.analysis.proposal import propose
from emulation_stats.analysis.scoring import score
from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.load.province import Province, group_kind
from emulation_stats.load.province import share_cap as read_share_cap  # the name ``share_cap`` is rerun's keyword
from emulation_stats.units.matching import same_province_name

NOT_COMPARABLE = ("Mỗi cụm, khối chấm điểm theo thang điểm riêng nên tổng điểm không so sánh được giữa các cụm, "
                  "khối; các đơn vị dẫn đầu được đặt cạnh nhau theo chỉ tiêu chung, chuẩn hóa trong toàn tỉnh.")


@dataclass
class BoardTable:
    """``groups``: a row per group (``group, name, kind, members, proposed_code, proposed,
    total, maximum, gap_to_second, votes_for, voters, vote_share, voted_code, voted,
    voted_for, settled, checks``; ``proposed``: the member the scores put first, ``voted``:
    the one the ballot did (the most votes); ``maximum``: the most points of the group's own
    rubric; ``settled``: the two are one, else the board must settle it first); ``scores``: every member
    of every group (``group, name, rank, member_code, member, total, proposal``);
    ``leaders``: each group's proposed member and its standardised standing on the
    indicators all leaders share (``group, member_code, member, <indicator>…, standing``);
    ``candidates``: the leaders the board's rule proposes for the Government's flag (of
    settled groups only);
    ``rule``: that rule (share cap, ranking, legal basis); ``note``: what cannot be
    compared."""

    year: int
    groups: pd.DataFrame
    scores: pd.DataFrame
    leaders: pd.DataFrame
    candidates: pd.DataFrame
    rule: dict[str, object]
    note: str = NOT_COMPARABLE

    @property
    def allowed(self) -> int:
        """How many the rule lets the board propose: the share cap of the province's flags,
        the ones it proposes now (:attr:`flags`)."""
        share = float(self.rule.get("share_cap", 0.2))
        return math.floor(share * self.flags + 1e-9)

    @property
    def flags(self) -> int:
        """The province's flags the board proposes: one for each group whose ballot agrees
        with its scores (the others are proposed once they settle)."""
        return int((self.groups["proposed_code"].ne("") & self.groups["settled"]).sum())

    @property
    def unsettled(self) -> pd.DataFrame:
        """The groups whose ballot and scores disagree: theirs to settle before the board
        proposes any of their members."""
        return self.groups[~self.groups["settled"]]

    @property
    def agreed(self) -> pd.DataFrame:
        """``scores`` of the groups whose ballot agrees with their scores: the proposals the
        board takes up now."""
        return self.scores[~self.scores["group"].isin(self.unsettled["group"])]

    @property
    def indicators(self) -> list[str]:
        """The indicators the leaders are standardised on (the columns of ``leaders``)."""
        return [c for c in self.leaders.columns if c not in ("group", "member_code", "member", "standing")]

    def rerun(self, *, weights: dict[str, float] | None = None, share_cap: float | None = None) -> BoardTable:
        """The same board with other weights of the shared indicators (default 1 each; 0
        leaves one out) or another share cap: the standing and the candidates again.

        >>> from emulation_stats.load.province import load_province
        >>> board = board_table(load_province("data/sample_province"))
        >>> board.rerun().candidates.equals(board.candidates), len(board.rerun(share_cap=0.5).candidates)
        (True, 5)
        """
        weights = {k: float(v) for k, v in (weights or {}).items()}
        unknown = sorted(set(weights) - set(self.indicators))
        if unknown or any(v < 0 or math.isnan(v) for v in weights.values()):
            raise DataError("board_weights_unknown", asked=", ".join(unknown) or str(weights),
                            known=", ".join(self.indicators))
        leaders = self.leaders.copy()
        leaders["standing"] = standing_of(leaders[self.indicators], weights)
        rule = {**self.rule, **({"share_cap": read_share_cap(share_cap)} if share_cap is not None else {})}
        return _with_candidates(BoardTable(self.year, self.groups, self.scores, leaders, leaders.iloc[:0], rule,
                                           self.note))


def standing_of(standardised: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.Series:
    """Each leader's standing: the weighted mean of its standardised indicators (each
    weight 1 unless given; an indicator at 0 counts for nothing; all at 0, no standing).

    >>> standing_of(pd.DataFrame({"a": [1.0, -1.0], "b": [0.0, 2.0]}), {"b": 3}).tolist()
    [0.25, 1.25]
    """
    weights = weights or {}
    w = pd.Series({c: float(weights.get(c, 1.0)) for c in standardised.columns}, dtype=float)
    if standardised.empty or w.sum() == 0:
        return pd.Series(np.nan, index=standardised.index)
    values = standardised.to_numpy(dtype=float)
    return pd.Series(values @ w.to_numpy() / w.sum(), index=standardised.index)


def board_table(province: Province, *, year: int | None = None) -> BoardTable:
    """Score every group on its own rubric and gather what the board decides on.

    >>> from emulation_stats.load.province import load_province
    >>> table = board_table(load_province("data/sample_province"))
    >>> len(table.groups), table.allowed, len(table.candidates)
    (13, 2, 2)
    """
    year = year or province.year
    if not province.datasets:  # every group named in province.errors: nothing for the board to table
        raise DataError("province_no_group_read", groups=len(province.errors))
    groups, scores, leaders = [], [], []
    for group, dataset in province.datasets.items():
        name = str(dataset.meta.get("cluster") or group)
        table = score(dataset, year=year)
        proposal = propose(table, dataset.votes)
        ranked = proposal.table.assign(group=group, name=name)
        scores.append(ranked[["group", "name", "rank", "member_code", "member", "total", "proposal"]])
        flagged = ranked[ranked["proposal"] == "flag"]
        first = flagged.iloc[0] if len(flagged) else None
        second = ranked["total"].nlargest(2)
        voters = dataset.votes.loc[dataset.votes["year"] == year, "voters"].max() if len(dataset.votes) else np.nan
        # The ballot agrees when the member proposed has the most votes (or there was no count):
        # a group whose ballot and scores disagree is the board's to settle before it goes further.
        votes = ranked["votes_for"] if "votes_for" in ranked else pd.Series(dtype=float)
        settled = first is None or votes.isna().all() or votes.max() <= 0 or \
            first["votes_for"] == votes.max()
        most = ranked.loc[votes.idxmax()] if len(votes) and votes.notna().any() else None
        groups.append({
            "group": group, "name": name, "kind": group_kind(dataset), "members": len(ranked),
            "proposed_code": first["member_code"] if first is not None else "",
            "proposed": first["member"] if first is not None else "",
            "total": first["total"] if first is not None else np.nan, "maximum": float(table.rubric.maximum),
            "gap_to_second": float(second.iloc[0] - second.iloc[1]) if len(second) > 1 else np.nan,
            "votes_for": first["votes_for"] if first is not None and "votes_for" in ranked else np.nan,
            "voters": voters, "vote_share": first["vote_share"] if first is not None and "vote_share" in ranked
            else np.nan, "voted_code": most["member_code"] if most is not None else "",
            "voted": most["member"] if most is not None else "",
            "voted_for": most["votes_for"] if most is not None else np.nan, "settled": bool(settled),
            "checks": "; ".join(proposal.checks + _dissolved_said(dataset) + _elsewhere_said(dataset, province))})
        if first is not None:
            leaders.append((group, first["member_code"], first["member"]))
    groups_frame = pd.DataFrame(groups)
    standing = _standing(province, year, leaders)
    standing.attrs.update(illustrative=province.illustrative,
                          source=f"Số liệu chỉ tiêu các cụm, khối thi đua tỉnh {province.name} gửi Hội đồng, "
                                 f"năm {year}")
    rule = dict(province.rules.get("government_flag") or {})
    board = BoardTable(year, groups_frame, pd.concat(scores, ignore_index=True), standing, standing.iloc[:0], rule)
    return _with_candidates(board)


# What a load says of units and authorities the reform dissolved: the board must see them
# (no award or proposal for a dissolved unit, Thông tư 15/2025/TT-BNV).
DISSOLVED_CODES = ("dissolved_unit", "unit_no_longer_exists", "dissolved_authority")


def _elsewhere_said(dataset, province: Province) -> list[str]:
    """A group whose dataset.yaml names another province than province.yaml: one of them is wrong."""
    own = str(dataset.meta.get("province") or "")
    if own and province.name and not same_province_name(own, province.name):
        return [f"dataset.yaml ghi tỉnh {own}, province.yaml ghi tỉnh {province.name}"]
    return []


def _dissolved_said(dataset) -> list[str]:
    """The group's load warnings about dissolved units or authorities, one line each."""
    warnings = dataset.report.warnings
    found = warnings[warnings["code"].isin(DISSOLVED_CODES)]
    return [f"{source}: {message}" for source, message in zip(found["source"], found["message"])]


def _standing(province: Province, year: int, leaders: list[tuple[str, str, str]]) -> pd.DataFrame:
    """The leaders' figures of the year on the indicators all of them report, each as a
    z-score among every member of the province that reports it (turned so that higher is
    better), and their mean (``standing``). A leader with no figures (a khối's agency) has
    no standing."""
    figures = pd.concat([d.on_units(year).indicators.assign(group=g) for g, d in province.datasets.items()
                         if len(d.indicators)], ignore_index=True)
    figures = figures[(figures["year"] == year) & (figures["measure"] == "actual")]
    out = pd.DataFrame(leaders, columns=["group", "member_code", "member"])
    if figures.empty or out.empty:
        return out.assign(standing=np.nan)
    keyed = figures.set_index(["group", "member_code", "indicator"])["value"].sort_index()  # sorted: looked up by key
    reported = [(g, c) for g, c, _ in leaders if (g, c) in keyed.droplevel("indicator").index]
    shared = set.intersection(*(set(keyed.loc[g, c].index) for g, c in reported)) if reported else set()
    for indicator in catalog.report_order(sorted(shared)):
        values = figures.loc[figures["indicator"] == indicator, "value"].astype(float)
        spread = values.std(ddof=0)
        sign = catalog.better_sign(indicator) if indicator in catalog.indicators() else 1
        own = [keyed.get((g, c, indicator), np.nan) for g, c in zip(out["group"], out["member_code"])]
        out[indicator] = [sign * (v - values.mean()) / spread if spread else 0.0 for v in np.asarray(own, float)]
    indicators = [c for c in out.columns if c not in ("group", "member_code", "member")]
    out["standing"] = standing_of(out[indicators]) if indicators else np.nan
    return out


def _with_candidates(board: BoardTable) -> BoardTable:
    """The leaders with a standing, of groups whose ballot agrees with their scores, best
    first, as many as the rule allows."""
    ranking = str(board.rule.get("ranking", "standardised_indicators"))
    if ranking != "standardised_indicators":
        raise DataError("board_ranking_unknown", ranking=ranking)
    eligible = board.leaders[~board.leaders["group"].isin(board.unsettled["group"])]
    ranked = eligible.dropna(subset=["standing"]).sort_values("standing", ascending=False, kind="stable")
    board.candidates = ranked.head(board.allowed).reset_index(drop=True)
    return board
