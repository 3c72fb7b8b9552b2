"""The score in sentences: the ranking and the proposal, how robust it is (and under which
rubric), each member's points criterion by criterion with the rule and the source."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from emulation_stats.analysis.proposal import propose
from emulation_stats.analysis.scoring import member_code
from emulation_stats.core import catalog
from emulation_stats.core.phrases import and_list, number, phrase, rule_words, share_said
from emulation_stats.core.text import points_decimals
from emulation_stats.load.rubric import Criterion, methods
from emulation_stats.units.naming import addressed, body_word, place

if TYPE_CHECKING:  # types named only
    from emulation_stats.analysis.proposal import Proposal
    from emulation_stats.analysis.scoring import ScoreTable
    from emulation_stats.analysis.sensitivity import SensitivityResult

ROBUST, FAIRLY_ROBUST = 0.9, 0.7  # share of scenarios in which the proposed member stays first


def describe_ranking(table: ScoreTable, *, lang: str = "vi", proposal: Proposal | None = None,
                     signed: bool = False) -> str:
    """The ranking paragraph: who leads, by how much, who follows, what the cluster proposes,
    and the checks the proposal raises. ``table`` is a :class:`~emulation_stats.analysis.scoring.ScoreTable`.
    ``signed``: as the báo cáo the cluster signs says it — the result only, without the
    rubric's name or the checks (those are for the board, in the annex).

    >>> import emulation_stats as es
    >>> text = describe_ranking(es.score(es.load_dataset("data/sample"), year=2024))
    >>> text.startswith("Kết quả chấm điểm thi đua năm 2024")
    True
    """

    if proposal is None:
        votes = getattr(getattr(table, "dataset", None), "votes", None)
        proposal = propose(table, votes, lang=lang)
    ranking = table.ranking

    def who(row: pd.Series) -> str:
        return place(row["member"], row["member_code"], lang)

    places = points_decimals(ranking["total"])

    def pts(value: float) -> str:  # points as the score table prints them: one precision for all
        return number(round(float(value), places), lang, decimals=places)

    text = phrase("ranking_intro_signed" if signed else "ranking_intro", lang, year=table.year,
                  rubric=table.rubric.name)
    top = ranking[ranking["rank"] == 1]
    if len(top) > 1:
        text += phrase("ranking_tied", lang, names=", ".join(who(r) for _, r in top.iterrows()),
                       total=pts(top["total"].iloc[0]))
    else:
        text += ranking_leader(ranking, lang)
    rest = ranking.iloc[len(top) if len(top) > 1 else 2:]
    if len(rest):
        text += phrase("ranking_rest", lang, names=", ".join(
            phrase("ranking_member", lang, name=who(r), total=pts(r["total"])) for _, r in rest.iterrows()))
    flags = proposal.table[proposal.table["proposal"] == "flag"]
    certificates = proposal.table[proposal.table["proposal"] == "certificate"]
    # the signed report proposes as the seed does: "đã bình xét và đề nghị UBND tỉnh tặng Cờ thi đua
    # cho UBND huyện …", the conferring body named and each member by its People's Committee
    named = (lambda r: addressed(r["member"], r["member_code"], lang)) if signed else who
    suffix = "_signed" if signed else ""
    joined = (lambda rows: and_list([named(r) for _, r in rows.iterrows()], lang)) if signed else \
        (lambda rows: ", ".join(named(r) for _, r in rows.iterrows()))
    if len(flags):
        text += phrase(f"proposal_flag{suffix}", lang, names=joined(flags), body=body_word(table.cluster, lang),
                       giver=phrase("giver_province", lang))
    if len(certificates):
        text += phrase(f"proposal_certificates{suffix}", lang, names=joined(certificates))
    text += "."
    for check in [] if signed else proposal.checks:
        text += " " + check[0].upper() + check[1:] + "."
    return text if signed else _under_trial_rubric(table, text, lang)


def ranking_leader(ranking: pd.DataFrame, lang: str = "vi") -> str:
    """Who leads a ranking (rank order) and by how much: "huyện A đứng đầu với 93,99 điểm, hơn
    huyện B (thứ hai) 1,22 điểm" — points at the ranking's one precision, the lead the
    difference of the printed totals, a first place won on the tie-break said so."""
    places = points_decimals(ranking["total"])

    def pts(value: float) -> str:
        return number(round(float(value), places), lang, decimals=places)

    first = ranking.iloc[0]
    text = phrase("ranking_first", lang, name=place(first["member"], first["member_code"], lang),
                  total=pts(first["total"]))
    if len(ranking) > 1:
        second = ranking.iloc[1]
        gap = round(float(first["total"]), places) - round(float(second["total"]), places)
        key = "ranking_lead" if gap > 0 else "ranking_lead_on_tie_break"  # level, first by the tie-break
        text += phrase(key, lang, name=place(second["member"], second["member_code"], lang), gap=pts(gap))
    return text


def describe_robustness(result: SensitivityResult, *, lang: str = "vi") -> str:
    """How robust the ranking is: who ranks first in how many scenarios, the proposed
    member's range of ranks, a verdict on the flag proposal, and (with Sobol indices) what
    moves the ranking most. ``result`` is a :class:`~emulation_stats.analysis.sensitivity.SensitivityResult`.
    """
    stats = result.rank_stats
    settings = result.settings

    def who(row: pd.Series) -> str:
        return place(row["member"], row["member_code"], lang)

    def pct(share: float) -> str:
        return share_said(share, lang)

    varied = [phrase(f"choice_{k}", lang) for k in settings["alternatives"]]
    text = phrase("robust_intro", lang, draws=number(settings["draws"], lang),
                  noise=number(round(100 * settings["weight_noise"]), lang),
                  varied=phrase("robust_varied", lang, choices=", ".join(varied)) if varied else "")
    leaders = stats[stats["p_first"] > 0].sort_values("p_first", ascending=False)
    parts = [phrase("robust_first" if i == 0 else "robust_first_more", lang, name=who(r), pct=pct(r["p_first"]))
             for i, (_, r) in enumerate(leaders.iterrows())]
    text += ", ".join(parts)
    nominal = stats.sort_values("nominal_rank").iloc[0]
    name = who(nominal)
    text += phrase("robust_fixed" if nominal["q05"] == nominal["q95"] else "robust_range", lang,
                   name=name[:1].upper() + name[1:], rank=int(nominal["nominal_rank"]),
                   low=number(nominal["q05"], lang), high=number(nominal["q95"], lang))
    stays = float(nominal["p_first"])
    verdict = "strong" if stays >= ROBUST else "fair" if stays >= FAIRLY_ROBUST else "weak"
    text += phrase(f"robust_verdict_{verdict}", lang, name=who(nominal),
                   pct=pct(stays if verdict == "strong" else 1 - stays))
    if result.sobol is not None and len(result.sobol):
        top = result.sobol[result.sobol["total"] > 0.05].head(3)
        if len(top):
            names = [phrase("choice_weight", lang, label=r["label"]) if r["input"].startswith("w_")
                     else phrase(f"choice_{r['input']}", lang) for _, r in top.iterrows()]
            text += phrase("robust_driver", lang, inputs=", ".join(
                phrase("robust_driver_item", lang, name=n, total=number(round(t, 2), lang))
                for n, t in zip(names, top["total"])))
    text = text[0].upper() + text[1:] + "."
    return _under_trial_rubric(result.nominal, text, lang)


def _under_trial_rubric(table: ScoreTable, text: str, lang: str) -> str:
    """A sentence about a table that is not the adopted rubric says so first, and how it
    differs: "vững" under a rubric nobody adopted is no verdict on the proposal."""
    changes = table.differences(lang=lang)
    if not changes:
        return text
    return phrase("trial_rubric", lang, changes="; ".join(changes)) + text[0].lower() + text[1:]


def _rule(c: Criterion, lang: str, aggregation: str) -> str:
    spec = methods().loc[c.method]
    unit = catalog.indicators()[c.indicator]["unit"] if c.indicator else ""
    unit = phrase("percentage_point", lang) if unit == "%" else unit
    if "deduct_per_pct" in c.params:
        deduction = phrase("deduction_pct", lang, d=number(float(c.params["deduct_per_pct"]), lang))
    else:
        deduction = phrase("deduction_unit", lang, d=number(float(c.params.get("deduct_per_unit", 0)), lang), unit=unit)
    steps = c.params.get("steps") or []
    by_rank = c.params.get("points_by_rank") or []
    table = "; ".join(f"{number(float(t), lang)} → {number(float(p), lang)}" for t, p in steps) or \
        "; ".join(f"{i} → {number(float(p), lang)}" for i, p in enumerate(by_rank, start=1)) or \
        phrase("explain_value", lang, value=f"{number(c.max_points, lang)} … 0")
    return spec[f"rule_{lang}"].format(
        max=number(c.max_points, lang), cap=number(100 * c.cap, lang), deduction=deduction, table=table,
        aggregation=rule_words("aggregation", aggregation, lang),
        noise=phrase("noise_rule", lang) if c.params.get("ignore_noise") else "")


def _inputs(c: Criterion, row: pd.Series, year: int, lang: str) -> str:
    def n(value: object) -> str:
        return number(float(value), lang) if pd.notna(value) else "n/a"

    if c.method == "plan_ratio":
        return phrase("explain_plan", lang, plan=n(row["plan"]), actual=n(row["actual"]),
                      pct=n(round(100 * row["ratio"], 1)) if pd.notna(row["ratio"]) else "n/a")
    if c.method == "change" and bool(row.get("not_comparable", False)) and pd.notna(row.get("current")):
        return phrase("explain_not_comparable_mean", lang, base_year=year - 1, why=row["base_note"])
    if c.method == "change":
        text = phrase("explain_change", lang, base_year=year - 1, base=n(row["base"]), year=year,
                      current=n(row["current"]), restated=_restated_words(row, lang))
        if bool(row["within_noise"]):
            return text + phrase("explain_noise", lang, z=n(round(abs(row["z"]), 2)))
        if row["worse"] > 0:
            text += phrase("explain_worse", lang, worse=n(round(row["worse"], 2)),
                           deduction=n(round(row["deduction"], 2)))
        return text
    if c.method == "minmax":
        return phrase("explain_level", lang, value=n(row["value"]), worst=n(row["worst"]), best=n(row["best"]))
    if c.method == "rank":
        return phrase("explain_rank", lang, value=n(row["value"]), rank=n(row["rank"]))
    if c.method == "assessed":
        return phrase("explain_assessed", lang, assessed=n(round(row["assessed"], 2)) if pd.notna(row["assessed"])
                      else "n/a", n=n(row["n_scores"]) if pd.notna(row["n_scores"]) else "0")
    return phrase("explain_value", lang, value=n(row["value"]))


def _restated_words(row: pd.Series, lang: str) -> str:
    """" (tính lại từ thị trấn Kon Dơng, …)" after an earlier year's figure restated onto
    the member; "" for its own figure."""
    note = str(row.get("base_note", "") or "")
    return phrase("explain_restated", lang, note=note) if note and pd.notna(row.get("base")) else ""


def describe_score(table: ScoreTable, member: str, *, lang: str = "vi") -> str:
    """How a member's points were reached, criterion by criterion, then bonuses and the
    total, as a text; ``member`` by code, name or any spelling of its unit.

    >>> import emulation_stats as es
    >>> table = es.score(es.load_dataset("data/sample"), year=2024)
    >>> describe_score(table, "Thuận Nam").splitlines()[0].startswith("Huyện Thuận Nam")
    True
    """
    code = member_code(table, member)
    rank_row = table.ranking.set_index("member_code").loc[code]
    gap = phrase("explain_gap", lang, gap=number(round(rank_row["gap_to_first"], 2), lang)) \
        if rank_row["rank"] > 1 else ""
    lines = [phrase("explain_header", lang, place=place(table.names[code], code, lang)[:1].upper()
                    + place(table.names[code], code, lang)[1:], year=table.year,
                    total=number(round(table.total[code], 2), lang), rank=int(rank_row["rank"]),
                    n=len(table.members), gap=gap)]
    sources: list[str] = []
    for group, keys in table.rubric.groups.items():
        lines.append(group)
        for key in keys:
            c = table.rubric.criterion(key)
            row = table.details[key].loc[code]
            points = table.points.loc[code, key]
            inputs = _inputs(c, row, table.year, lang)
            if pd.isna(table.shares.loc[code, key]):
                rule = rule_words("missing", table.choices.missing or c.missing or table.rubric.missing, lang)
                why = str(row.get("base_note", "") or "") if pd.isna(row.get("base", 0.0)) else ""
                inputs = phrase("explain_not_comparable", lang, base_year=table.year - 1, why=why, rule=rule) \
                    if why else phrase("explain_missing", lang, rule=rule)
            lines.append(phrase("explain_criterion", lang, label=c.label, max=number(table.weights[key], lang),
                                inputs=inputs, points=number(round(points, 2), lang) if pd.notna(points) else "—",
                                rule=_rule(c, lang, table.choices.aggregation)))
            if "source" in row and isinstance(row["source"], str):
                sources.append(row["source"])
    if table.rubric.adjustments:
        lines.append(phrase("explain_adjustments", lang))
        for a in table.rubric.adjustments:
            count = table.details[a.key].loc[code]
            lines.append(phrase("explain_adjustment", lang, label=a.label, count=number(count, lang),
                                points=number(round(table.points.loc[code, a.key], 2), lang)))
    criteria_points = float(table.points.loc[code, [c.key for c in table.rubric.criteria]].fillna(0).sum())
    rest = "".join(f" {'+' if table.points.loc[code, a.key] >= 0 else '−'} "
                   f"{number(abs(round(table.points.loc[code, a.key], 2)), lang)}"
                   for a in table.rubric.adjustments if table.points.loc[code, a.key] != 0)
    lines.append(phrase("explain_total", lang, criteria=number(round(criteria_points, 2), lang), rest=rest,
                        total=number(round(table.total[code], 2), lang)))
    if sources:
        lines.append(phrase("explain_sources", lang, sources="; ".join(sources)))
    return "\n".join(lines)


def score_explanations(table: ScoreTable, *, lang: str = "vi", criteria: list[str] | None = None) -> pd.DataFrame:
    """Every member's points as a table: one row per member and criterion (and bonus or
    penalty), with the inputs, the rule and the source cell, as :func:`describe_score`
    says them. ``key`` is each criterion's rubric key beside its ``criterion`` label;
    ``criteria`` keeps those named by key or label (an unknown one is a DataError listing
    the rubric's).

    Returns
    -------
    DataFrame
        one row per member and criterion, bonus or penalty: `member_code`, `member`, `group`, `key`,
        `criterion`, `max_points`, `points`, `inputs`, `rule`, `source`.


    >>> import emulation_stats as es
    >>> table = es.score(es.load_dataset("data/sample"), year=2024)
    >>> sorted(set(score_explanations(table, criteria=["crime", "Giảm tỷ lệ hộ nghèo"])["key"]))
    ['crime', 'poverty']
    """
    if isinstance(criteria, str):  # one criterion, not its letters
        criteria = [criteria]
    wanted = None if criteria is None else {table.rubric.key_of(c) for c in criteria}
    rows = []
    for code in table.members.index:
        name = table.names[code]
        for c in table.rubric.criteria:
            detail = table.details[c.key].loc[code]
            missing = pd.isna(table.shares.loc[code, c.key])
            inputs = phrase("explain_missing", lang, rule=rule_words(
                "missing", table.choices.missing or c.missing or table.rubric.missing, lang)) \
                if missing else _inputs(c, detail, table.year, lang)
            rows.append({"member_code": code, "member": name, "group": c.group, "key": c.key, "criterion": c.label,
                         "max_points": float(table.weights[c.key]), "points": table.points.loc[code, c.key],
                         "inputs": inputs, "rule": _rule(c, lang, table.choices.aggregation),
                         "source": detail["source"] if "source" in detail and isinstance(detail["source"], str)
                         else ""})
        for a in table.rubric.adjustments:
            rows.append({"member_code": code, "member": name, "group": phrase("explain_adjustments", lang),
                         "key": a.key, "criterion": a.label, "max_points": a.limit,
                         "points": table.points.loc[code, a.key],
                         "inputs": number(table.details[a.key].loc[code], lang), "rule": "", "source": ""})
    out = pd.DataFrame(rows)
    if wanted is not None:
        out = out[out["key"].isin(wanted)].reset_index(drop=True)
    out.attrs.update(table.attrs)
    return out
