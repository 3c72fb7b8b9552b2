"""The proposal a score table supports: the flag for the member first, certificates for the
next, and the checks a conference makes before it votes (ties, missing data, the rules)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emulation_stats.analysis.scoring import ScoreTable
from emulation_stats.core.phrases import number, phrase
from emulation_stats.units.naming import body_word, place


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
