"""The sentences analysts write, in Vietnamese (default) or English.

Wording is data: each indicator's sentence template is in the indicator catalogue
(``template_vi`` / ``template_en``), the connecting phrases in
``data/reference/phrases.csv``. Numbers follow official usage: Vietnamese format
(1.234,5; 12,5%) and counts below 10 zero-padded ("07 vụ", "03 cá nhân").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from . import catalog
from .awards import summarise_awards
from .rubric import Criterion, methods
from .scoring import member_code, propose
from .wording import award_label, number, phrase, place

if TYPE_CHECKING:  # types named only; these modules sit below or beside this one
    from .scoring import Proposal, ScoreTable
    from .sensitivity import SensitivityResult


def _template(indicator: str, lang: str) -> str:
    vocab = catalog.indicators()
    if indicator in vocab:
        text = vocab[indicator][f"template_{lang}"]
        if text:
            return text
    return phrase("fallback_template", lang, indicator="{indicator}", place="{place}", current="{current}",
                  unit="{unit}", change_clause="{change_clause}")


def _change_clause(row: pd.Series, lang: str) -> str:
    if pd.isna(row["change"]):
        return ""
    if row["change"] == 0:
        return phrase("change_flat", lang)
    way = "up" if row["change"] > 0 else "down"
    count = row["kind"] == "count"
    if row["kind"] == "percent":
        return phrase(f"change_{way}_points", lang, change=number(abs(row["change"]), lang, decimals=None))
    if count or pd.isna(row["pct_change"]):
        return phrase(f"change_{way}_absolute", lang, change=number(abs(row["change"]), lang, pad=count),
                      unit=row["unit"])
    return phrase(f"change_{way}_relative", lang, pct=number(round(abs(row["pct_change"]), 1), lang))


def _clause(row: pd.Series, lang: str) -> str:
    count = row["kind"] == "count"
    text = _template(row["indicator"], lang).format(
        place=place(row["member"], row["member_code"], lang),
        current=number(row["current_value"], lang, pad=count),
        change_clause=_change_clause(row, lang), indicator=row["indicator_name"],
        unit=row["unit"] if isinstance(row["unit"], str) else "")
    return _tidy(text)


def _tidy(text: str) -> str:
    """No space before a comma or full stop and no double space: a blank unit leaves
    "đạt 30.870 , tăng" otherwise."""
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _order(yoy: pd.DataFrame) -> pd.DataFrame:
    """Indicators in catalogue order; within one, worse first, then the larger change."""
    keys = list(catalog.indicators().table.index)
    position = {k: i for i, k in enumerate(keys)}
    rank = {"worse": 0, "better": 1, "same": 2, "n/a": 3}
    return yoy.assign(_i=yoy["indicator"].map(position).fillna(len(keys)),
                      _a=yoy["assessment"].map(rank).fillna(4), _c=-yoy["change"].abs().fillna(0)
                      ).sort_values(["_i", "indicator", "_a", "_c"], kind="stable")


def describe_changes(yoy: pd.DataFrame, lang: str = "vi", indicators: list[str] | str | None = None, *,
                     only_notable: bool = False) -> str:
    """One sentence per indicator from a :func:`~emulation_stats.compare.compare_years`
    table, naming each member's figure and its change, as the cluster's reports do.

    >>> import emulation_stats as es
    >>> ds = es.load_dataset("data/gia_lai_2017")
    >>> describe_changes(es.compare_years(ds.indicators, 2016, 2017))
    'Huyện Đak Đoa xảy ra 70 vụ, tăng 16 vụ, huyện Kbang xảy ra 57 vụ, tăng 07 vụ so với năm 2016.'
    """
    rows = yoy[yoy.get("level", "member") == "member"] if "level" in yoy else yoy
    rows = rows[rows["current_value"].notna()]
    if indicators is not None:
        rows = rows[rows["indicator"].isin([indicators] if isinstance(indicators, str) else indicators)]
    if only_notable:
        rows = rows[rows["notable"].fillna(False).astype(bool)]
    sentences = []
    for _, part in _order(rows).groupby("indicator", sort=False):
        clauses = [_clause(row, lang) for _, row in part.iterrows()]  # a handful of members
        text = phrase("clause_joiner", lang).join(clauses)
        if part["change"].notna().any():
            text += phrase("compared_with", lang, base=int(part["base_year"].iloc[0]))
        sentences.append(text[0].upper() + text[1:] + ".")
    sentences += _not_compared(rows, lang)
    return " ".join(sentences)


def _not_compared(rows: pd.DataFrame, lang: str) -> list[str]:
    """Across the reform: one sentence for the members whose earlier figures could not be
    restated onto them, not one per member."""
    if "note" not in rows:
        return []
    missing = rows[(rows["note"].fillna("") != "") & rows["base_value"].isna()]
    if missing.empty:
        return []
    names = list(dict.fromkeys(place(r["member"], r["member_code"], lang) for _, r in missing.iterrows()))
    return [phrase("not_compared", lang, base=int(missing["base_year"].iloc[0]), names=", ".join(names))]


def _recipients(counts: dict[str, int], lang: str) -> str:
    parts = [phrase(f"recipients_{kind}{'_one' if n == 1 else ''}", lang, n=number(n, lang, pad=True))
             for kind in ("collective", "individual", "household") if (n := counts.get(kind))]
    return phrase("recipients_joiner", lang).join(parts)


def _authority_name(authority: str, lang: str) -> str:
    vocab = catalog.authorities()
    if authority not in vocab:
        return authority
    return vocab[authority]["name_vi" if lang == "vi" else "name_en"]


def _paragraph(part: pd.DataFrame, subject: str, year: int, lang: str) -> str:
    groups = []
    for authority, rows in part.groupby("authority", sort=False):
        items, last_verb = [], None
        for (award, posthumous), same in rows.groupby(["award", "posthumous"], sort=False):
            counts = same.groupby("recipient_kind")["count"].sum().astype(int).to_dict()
            verb = phrase("award_verb_posthumous" if posthumous else "award_verb", lang)
            item = phrase("award_item", lang, award=award_label(award, same["award_name"].iloc[0], lang),
                          recipients=_recipients(counts, lang),
                          posthumous=phrase("posthumous_mark", lang) if posthumous else "")
            items.append(f"{verb} {item}" if verb and verb != last_verb else item)
            last_verb = verb
        groups.append(phrase("awards_authority", lang, authority=_authority_name(authority, lang),
                             items=phrase("awards_item_joiner", lang).join(items)))
    text = phrase("awards_opening", lang, subject=subject, year=year) + \
        phrase("awards_authority_joiner", lang).join(groups) + "."
    return text[0].upper() + text[1:]


def describe_awards(awards: pd.DataFrame, year: int, lang: str = "vi", *, by: str = "cluster") -> str:
    """The award paragraph of the year: grouped by conferring authority from the highest,
    "truy tặng" for posthumous conferral, collectives and individuals of one award joined.
    ``by="cluster"`` writes one paragraph per cluster, ``by="member"`` one per member.

    >>> import emulation_stats as es
    >>> text = describe_awards(es.load_dataset("data/gia_lai_2017").awards, 2017)
    >>> print(text.split(";")[0])  # doctest: +NORMALIZE_WHITESPACE
    Cụm thi đua số 2 đã được Chủ tịch nước truy tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 03 cá nhân,
    tặng Huân chương Lao động hạng II cho 02 cá nhân, Huân chương Lao động hạng III cho 01 cá nhân
    """
    summary = summarise_awards(awards, year, by=by).counts
    if summary.empty:
        return phrase("no_awards", lang, subject=phrase("cluster_subject", lang), year=year)
    paragraphs = []
    place_columns = ["cluster"] if by == "cluster" else ["member_code", "member"]
    for key, part in summary.groupby(place_columns, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        if by == "cluster":
            subject = key[0] if key[0] and not key[0].startswith("(") else phrase("cluster_subject", lang)
        else:
            subject = place(key[1], key[0], lang)
        paragraphs.append(_paragraph(part, subject, year, lang))
    return "\n\n".join(paragraphs)


def describe_ranking(table: ScoreTable, lang: str = "vi", proposal: Proposal | None = None) -> str:
    """The ranking paragraph: who leads, by how much, who follows, what the cluster proposes,
    and the checks the proposal raises. ``table`` is a :class:`~emulation_stats.scoring.ScoreTable`.

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

    def pts(value: float) -> str:
        return number(round(float(value), 2), lang)

    text = phrase("ranking_intro", lang, year=table.year, rubric=table.rubric.name)
    top = ranking[ranking["rank"] == 1]
    if len(top) > 1:
        text += phrase("ranking_tied", lang, names=", ".join(who(r) for _, r in top.iterrows()),
                       total=pts(top["total"].iloc[0]))
    else:
        first = ranking.iloc[0]
        text += phrase("ranking_first", lang, name=who(first), total=pts(first["total"]))
        if len(ranking) > 1:
            second = ranking.iloc[1]
            text += phrase("ranking_lead", lang, name=who(second), gap=pts(second["gap_to_first"]))
    rest = ranking.iloc[len(top) if len(top) > 1 else 2:]
    if len(rest):
        text += phrase("ranking_rest", lang, names=", ".join(
            phrase("ranking_member", lang, name=who(r), total=pts(r["total"])) for _, r in rest.iterrows()))
    flags = proposal.table[proposal.table["proposal"] == "flag"]
    certificates = proposal.table[proposal.table["proposal"] == "certificate"]
    if len(flags):
        text += phrase("proposal_flag", lang, names=", ".join(who(r) for _, r in flags.iterrows()))
    if len(certificates):
        text += phrase("proposal_certificates", lang, names=", ".join(who(r) for _, r in certificates.iterrows()))
    text += "."
    for check in proposal.checks:
        text += " " + check[0].upper() + check[1:] + "."
    return text


ROBUST, FAIRLY_ROBUST = 0.9, 0.7  # share of scenarios in which the proposed member stays first


def describe_robustness(result: SensitivityResult, lang: str = "vi") -> str:
    """How robust the ranking is: who ranks first in how many scenarios, the proposed
    member's range of ranks, a verdict on the flag proposal, and (with Sobol indices) what
    moves the ranking most. ``result`` is a :class:`~emulation_stats.sensitivity.SensitivityResult`.
    """
    stats = result.rank_stats
    settings = result.settings

    def who(row: pd.Series) -> str:
        return place(row["member"], row["member_code"], lang)

    def pct(share: float) -> str:
        return number(round(100 * share, 1), lang)

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
    return text


# --- how each member's points were reached --------------------------------------------------

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
        aggregation=aggregation, noise=phrase("noise_rule", lang) if c.params.get("ignore_noise") else "")


def _inputs(c: Criterion, row: pd.Series, year: int, lang: str) -> str:
    def n(value: object) -> str:
        return number(float(value), lang) if pd.notna(value) else "n/a"

    if c.method == "plan_ratio":
        return phrase("explain_plan", lang, plan=n(row["plan"]), actual=n(row["actual"]),
                      pct=n(round(100 * row["ratio"], 1)) if pd.notna(row["ratio"]) else "n/a")
    if c.method == "change":
        text = phrase("explain_change", lang, base_year=year - 1, base=n(row["base"]), year=year,
                      current=n(row["current"]))
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


def describe_score(table: ScoreTable, member: str, lang: str = "vi") -> str:
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
                rule = table.choices.missing or c.missing or table.rubric.missing
                inputs = phrase("explain_missing", lang, rule=rule)
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


def score_explanations(table: ScoreTable, lang: str = "vi") -> pd.DataFrame:
    """Every member's points as a table: one row per member and criterion (and bonus or
    penalty), with the inputs, the rule and the source cell, as :func:`describe_score`
    says them."""
    rows = []
    for code in table.members.index:
        name = table.names[code]
        for c in table.rubric.criteria:
            detail = table.details[c.key].loc[code]
            missing = pd.isna(table.shares.loc[code, c.key])
            inputs = phrase("explain_missing", lang, rule=table.choices.missing or c.missing or table.rubric.missing) \
                if missing else _inputs(c, detail, table.year, lang)
            rows.append({"member_code": code, "member": name, "group": c.group, "criterion": c.label,
                         "max_points": float(table.weights[c.key]), "points": table.points.loc[code, c.key],
                         "inputs": inputs, "rule": _rule(c, lang, table.choices.aggregation),
                         "source": detail["source"] if "source" in detail and isinstance(detail["source"], str)
                         else ""})
        for a in table.rubric.adjustments:
            rows.append({"member_code": code, "member": name, "group": phrase("explain_adjustments", lang),
                         "criterion": a.label, "max_points": a.limit, "points": table.points.loc[code, a.key],
                         "inputs": number(table.details[a.key].loc[code], lang), "rule": "", "source": ""})
    out = pd.DataFrame(rows)
    out.attrs.update(table.attrs)
    return out
