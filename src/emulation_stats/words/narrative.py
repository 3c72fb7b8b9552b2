"""The sentences analysts write, in Vietnamese (default) or English.

Wording is data: each indicator's sentence template is in the indicator catalogue
(``template_vi`` / ``template_en``), the connecting phrases in
``data/reference/phrases.csv``. Numbers follow official usage: Vietnamese format
(1.234,5; 12,5%) and counts below 10 zero-padded ("07 vụ", "03 cá nhân").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from emulation_stats.analysis.awards import AwardSummary, summarise_awards
from emulation_stats.analysis.proposal import propose
from emulation_stats.analysis.scoring import member_code
from emulation_stats.core import catalog
from emulation_stats.core.phrases import (
    and_list,
    award_label,
    counted,
    number,
    phrase,
    rule_words,
    share_said,
    unit_word,
)
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import points_decimals, reported_decimals
from emulation_stats.load.rubric import Criterion, methods
from emulation_stats.units.naming import addressed, body_word, members_word, place
from emulation_stats.units.order import in_member_order

if TYPE_CHECKING:  # types named only; these modules sit below or beside this one
    from emulation_stats.analysis.proposal import Proposal
    from emulation_stats.analysis.scoring import ScoreTable
    from emulation_stats.analysis.sensitivity import SensitivityResult


def _template(indicator: str, lang: str) -> str:
    vocab = catalog.indicators()
    if indicator in vocab:
        text = vocab[indicator][f"template_{lang}"]
        if text:
            return text
    return phrase("fallback_template", lang, place="{place}", current="{current}", unit="{unit}",
                  change_clause="{change_clause}")


def _fact(indicator: str, column: str) -> str:
    vocab = catalog.indicators()
    return str(vocab[indicator][column]) if indicator in vocab else ""


def _lead(keys: list[str], rows: pd.DataFrame, lang: str) -> str:
    """What a paragraph is about: the group's lead, the indicator's lead, else its name."""
    group = _fact(keys[0], "group")
    if group:
        return str(_groups().loc[group, f"lead_{lang}"])
    lead = _fact(keys[0], f"lead_{lang}") or _fact(keys[0], "name_vi" if lang == "vi" else "name_en")
    return lead or str(rows["indicator_name"].iloc[0])


@lru_cache(maxsize=1)
def _groups() -> pd.DataFrame:
    return read_reference("indicator_groups.csv").set_index("key")


def paragraph_keys(indicators: list[str]) -> list[list[str]]:
    """The indicators said together, in catalogue order: one list per paragraph (related
    indicators of a catalogue group, such as traffic accidents, deaths and injuries, share one).

    >>> paragraph_keys(["traffic_deaths", "criminal_cases", "traffic_accidents"])
    [['criminal_cases'], ['traffic_accidents', 'traffic_deaths']]
    """
    table = catalog.indicators().table
    known = [k for k in table.index if k in set(indicators)]
    ordered = known + sorted(k for k in set(indicators) if k not in table.index)
    paragraphs: dict[str, list[str]] = {}
    for key in ordered:
        paragraphs.setdefault(_fact(key, "group") or key, []).append(key)
    return list(paragraphs.values())


def _amount(row: pd.Series, lang: str, pct_decimals: int, *, unit: bool = True) -> str:
    """The size of a member's change: in units (counts, or no base), points (percentages)
    or per cent, with the precision the figures were reported with (``unit=False``: the
    number of units without their name, for a sentence that names them itself)."""
    change = abs(row["change"])
    decimals = change_decimals(row)
    if row["kind"] == "percent":
        shown = number(round(change, decimals), lang, decimals=decimals)
        return phrase("amount_points", lang, change=shown, points=counted("percentage points", shown, lang))
    if row["kind"] == "count" or pd.isna(row["pct_change"]):
        shown = number(round(change, decimals), lang, pad=row["kind"] == "count", decimals=decimals)
        named = counted(unit_word(row["indicator"], row["unit"], lang), shown, lang) if unit else ""
        return phrase("amount_absolute", lang, change=shown, unit=named).strip()
    return phrase("amount_relative", lang, pct=_percent(abs(row["pct_change"]), lang, pct_decimals))


MOST_DECIMALS = 2  # a derived figure (a change, a sum, a share) never shows more


def change_decimals(row: pd.Series) -> int:
    """The decimals a change is said with: those of the figures it is computed from, at most
    two; a base restated from old units (a weighted rate: "tính lại từ …") counts as having
    the current figure's precision, not its own long fraction.

    >>> change_decimals(pd.Series({"base_value": 12.541561, "current_value": 11.6, "note": "tính lại từ xã A"}))
    1
    >>> change_decimals(pd.Series({"base_value": 2735.764, "current_value": 2801.5}))
    2
    """
    current = reported_decimals(row["current_value"])
    restated = str(row.get("note", "") or "") != ""
    base = current if restated else reported_decimals(row["base_value"])
    return min(MOST_DECIMALS, max(base, current))


def _percent(value: float, lang: str, decimals: int) -> str:
    """A computed percentage: whole when it is whole ("100%"), else with the paragraph's decimals."""
    return number(value, lang, decimals=0 if abs(value - round(value)) < 1e-9 else decimals)


def _change_clause(row: pd.Series, lang: str, pct_decimals: int) -> str:
    if pd.isna(row["change"]):
        return ""
    if row["change"] == 0:
        return phrase("change_flat", lang)
    way = "up" if row["change"] > 0 else "down"
    return phrase(f"change_{way}", lang, amount=_amount(row, lang, pct_decimals))


def _plan_clause(plan: pd.Series | None, row: pd.Series, lang: str, decimals: int) -> str:
    """The plan in the member's own clause, one form for every target: the verdict, then the
    plan's figure ("vượt kế hoạch (7,2%)", "chưa đạt kế hoạch (66,5 triệu đồng, bằng 97,1%)");
    a ceiling (crimes, accidents, poverty) is kept or exceeded, never "đạt"."""
    if plan is None or pd.isna(plan["plan"]) or plan["better"] == "neutral":
        return ""
    unit = unit_word(row["indicator"], row["unit"], lang)
    target = number(plan["plan"], lang, pad=row["kind"] == "count", decimals=reported_decimals(plan["plan"])) + (
        "%" if row["kind"] == "percent" else f" {unit}" if unit else "")
    if plan["better"] == "lower_is_better":
        return phrase("plan_within" if bool(plan["met"]) else "plan_over", lang, plan=target)
    actual = plan["actual"] if pd.notna(plan.get("actual")) else row["current_value"]
    verdict = "plan_over_target" if actual > plan["plan"] else "plan_equal" if actual == plan["plan"] else "plan_missed"
    show_ratio = row["kind"] != "percent" and pd.notna(plan["pct"]) and actual != plan["plan"]
    if show_ratio:
        target += phrase("plan_ratio", lang, pct=_percent(plan["pct"], lang, decimals))
    return phrase(verdict, lang, plan=target)


def _current(row: pd.Series, lang: str) -> str:
    value = row["current_value"]
    return number(value, lang, pad=row["kind"] == "count", decimals=reported_decimals(value))


def _clause(row: pd.Series, lang: str, decimals: dict[str, int], plan: pd.Series | None) -> str:
    text = _template(row["indicator"], lang).format(
        place=place(row["member"], row["member_code"], lang), current=_current(row, lang),
        change_clause=_plan_clause(plan, row, lang, decimals["plan"]) + _change_clause(row, lang, decimals["pct"]),
        indicator=row["indicator_name"], unit=row["unit"] if isinstance(row["unit"], str) else "")
    return _tidy(text)


def _group_clause(rows: pd.DataFrame, lang: str, decimals: dict[str, int]) -> str:
    """Related indicators of one member in one sentence, their changes together after them:
    "huyện A xảy ra 32 vụ tai nạn giao thông, làm chết 27 người, bị thương 14 người (so với
    năm 2023 giảm 23 vụ, giảm 19 người chết và giảm 23 người bị thương)"."""
    parts, changes = [], []
    for _, row in rows.iterrows():  # the group's few indicators
        parts.append(_template(row["indicator"], lang).format(current=_current(row, lang), place=""))
        if pd.isna(row["change"]):
            continue
        noun = _fact(row["indicator"], f"change_noun_{lang}")
        if row["change"] == 0:
            changes.append(phrase("group_change_flat", lang, noun=noun))
        else:
            way = "up" if row["change"] > 0 else "down"
            amount = _amount(row, lang, decimals["pct"], unit=False)
            changes.append(phrase(f"group_change_{way}", lang, change=amount, noun=counted(noun, amount, lang)))
    first = rows.iloc[0]
    text = f"{place(first['member'], first['member_code'], lang)} {', '.join(parts)}"
    if changes:
        text += phrase("group_changes", lang, base=int(first["base_year"]), changes=and_list(changes, lang))
    return _tidy(text)



def _tidy(text: str) -> str:
    """No space before a comma or full stop and no double space: a blank unit leaves
    "đạt 30.870 , tăng" otherwise."""
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _change_pct_decimals(pct_changes: pd.Series) -> int:
    """Per cent changes at one decimal, as the offices write them ("tăng 14,4%"); two only
    where one decimal would print a change as none (0,04% is not "0,0%")."""
    changes = pct_changes.dropna().abs()
    return 2 if ((changes > 0) & (changes.round(1) == 0)).any() else 1


def distinguishing_decimals(values: pd.Series | list[float], *, least: int = 1, most: int = 3,
                            keep_apart: tuple[float, ...] = ()) -> int:
    """The fewest decimals (from ``least`` to ``most``) that print different values
    differently and none of them as one of ``keep_apart`` it is not (100 for a plan: 99,97%
    must not read as met).

    >>> distinguishing_decimals([100.019, 100.05]), distinguishing_decimals([8.4, 12.25])
    (2, 1)
    >>> distinguishing_decimals([99.97], keep_apart=(100,))
    2
    """
    found = pd.Series(values, dtype=float).dropna().round(most).unique()
    for decimals in range(least, most):
        shown = pd.Series(found).round(decimals)
        apart = all(((found == mark) | (shown != mark)).all() for mark in keep_apart)
        if shown.nunique() == len(found) and apart:
            return decimals
    return most


def _order(yoy: pd.DataFrame) -> pd.DataFrame:
    """Indicators in catalogue order; within one, the members in the cluster's own order
    (the table's ``member_order``), the same in every sentence."""
    keys = list(catalog.indicators().table.index)
    position = {k: i for i, k in enumerate(keys)}
    return in_member_order(yoy.assign(_i=yoy["indicator"].map(position).fillna(len(keys))), by=["_i", "indicator"])


# More members than this and a paragraph opens with the cluster and its notable changes.
FEW_MEMBERS = 4


def _cluster_sentence(rows: pd.DataFrame, lang: str, decimals: dict[str, int]) -> str:
    """The cluster in one sentence: "5/6 huyện tăng, 1/6 huyện giảm so với năm 2023; tăng
    nhiều nhất là huyện A (18,2%), giảm nhiều nhất là huyện F (3,1%)"."""
    changed = rows[rows["change"].notna()]
    n, members = len(rows), members_word(rows["member_code"], lang, counted=True)
    counts = [phrase(f"cluster_count_{way}", lang, k=k, n=n, members=members)
              for way, k in (("up", int((changed["change"] > 0).sum())), ("down", int((changed["change"] < 0).sum())),
                             ("flat", int((changed["change"] == 0).sum()))) if k]
    text = ", ".join(counts) + phrase("compared_with", lang, base=int(changed["base_year"].iloc[0]))
    if len(changed) < n:  # the counts add up to the members: those without an earlier figure too
        text += ", " + phrase("cluster_count_none", lang, k=n - len(changed), n=n, members=members)
    by_units = changed["kind"].isin(["count", "percent"]) | changed["pct_change"].isna()
    size = changed["change"].abs().where(by_units, changed["pct_change"].abs())  # the size the sentence shows
    extremes = []
    for way, side in (("up", changed["change"] > 0), ("down", changed["change"] < 0)):
        if not side.any():
            continue
        amounts = {i: _amount(changed.loc[i], lang, decimals["pct"]) for i in changed.index[side]}
        largest = amounts[size[side].idxmax()]
        tied = [i for i in amounts if amounts[i] == largest]  # the same printed change: a tie, said as one
        places = and_list([place(changed.at[i, "member"], changed.at[i, "member_code"], lang) for i in tied], lang)
        key = "only" if side.sum() == 1 else "most_tied" if len(tied) > 1 else "most"
        extremes.append(phrase(f"cluster_{key}_{way}", lang, place=places, amount=largest))
    return text + ("; " + ", ".join(extremes) if extremes else "")


def _paragraph_of_changes(part: pd.DataFrame, keys: list[str], lang: str, plans: pd.DataFrame | None) -> str:
    first = part[part["indicator"] == keys[0]] if (part["indicator"] == keys[0]).any() else part
    first = first.drop_duplicates("member_code")
    many = first["member_code"].nunique() > FEW_MEMBERS and first["change"].notna().any()
    ordered = _order(part)
    plan_rows = _plans_by_member(plans, keys)
    decimals = {"pct": _change_pct_decimals(part["pct_change"]),
                "plan": distinguishing_decimals(plan_rows["pct"], keep_apart=(100,)) if len(plan_rows) else 1}
    grouped = bool(_fact(keys[0], "group"))  # said in one sentence, even when one of them is reported
    clauses = []
    for code in dict.fromkeys(ordered["member_code"]):  # members, in the paragraph's order
        rows = ordered[ordered["member_code"] == code]  # in catalogue order (_order)
        if grouped:
            clauses.append(_group_clause(rows, lang, decimals))
        else:
            row = rows.iloc[0]
            plan = plan_rows.loc[code] if code in plan_rows.index else None
            clauses.append(_clause(row, lang, decimals, plan))
    long = len(clauses) > 2 or any(c.count(", ") > 1 for c in clauses)
    text = phrase("clause_joiner_long" if long else "clause_joiner", lang).join(clauses)
    if not grouped and part["change"].notna().any() and not many:
        text += phrase("compared_with", lang, base=int(part["base_year"].iloc[0]))
    lead = phrase("paragraph_lead", lang, lead=_lead(keys, part, lang))
    if many:
        return lead + _cluster_sentence(first, lang, decimals) + ". " + text[0].upper() + text[1:] + "."
    return lead + text + "."


def _plans_by_member(plans: pd.DataFrame | None, keys: list[str]) -> pd.DataFrame:
    if plans is None or len(keys) != 1 or plans.empty:
        return pd.DataFrame(columns=["plan", "pct", "met", "better"])
    rows = plans[plans["indicator"] == keys[0]]
    return rows.drop_duplicates("member_code").set_index("member_code")


def _member_rows(yoy: pd.DataFrame, indicators: list[str] | str | None, only_notable: bool) -> pd.DataFrame:
    rows = yoy[yoy.get("level", "member") == "member"] if "level" in yoy else yoy
    rows = rows[rows["current_value"].notna()]
    if indicators is not None:
        rows = rows[rows["indicator"].isin([indicators] if isinstance(indicators, str) else indicators)]
    if only_notable:
        rows = rows[rows["notable"].fillna(False).astype(bool)]
    return rows


def _paragraphs(rows: pd.DataFrame, lang: str, plans: pd.DataFrame | None) -> dict[str, str]:
    return {keys[0]: _paragraph_of_changes(rows[rows["indicator"].isin(keys)], keys, lang, plans)
            for keys in paragraph_keys(list(rows["indicator"].unique()))}


def change_paragraphs(yoy: pd.DataFrame, lang: str = "vi", *, plans: pd.DataFrame | None = None) -> dict[str, str]:
    """:func:`describe_changes` as paragraphs, keyed by each paragraph's first indicator
    (related indicators share a paragraph), in catalogue order."""
    return _paragraphs(_member_rows(yoy, None, False), lang, plans)


def describe_changes(yoy: pd.DataFrame, *, lang: str = "vi", indicators: list[str] | str | None = None,
                     only_notable: bool = False, plans: pd.DataFrame | None = None) -> str:
    """What changed, from a :func:`~emulation_stats.compare.compare_years` table, as the
    cluster's reports write it: each paragraph says what it is about, names the indicator
    once and then each member's figure, its plan's achievement (``plans``, a
    :func:`~emulation_stats.compare.plan_achievement` table) and its change. Related
    indicators (traffic accidents, deaths, injuries) share one sentence; with more than four
    members the cluster and its notable changes come first. Members are said in the
    cluster's own order (clusters.csv: Kbang before Đak Đoa in 2017), the same in every
    sentence.

    >>> import emulation_stats as es
    >>> ds = es.load_dataset("data/gia_lai_2017").on_units(2017)
    >>> print(describe_changes(es.compare_years(ds.indicators, 2016, 2017)))  # doctest: +NORMALIZE_WHITESPACE
    Về phạm pháp hình sự: huyện Kbang xảy ra 57 vụ, tăng 07 vụ,
    huyện Đak Đoa xảy ra 70 vụ, tăng 16 vụ so với năm 2016.
    """
    rows = _member_rows(yoy, indicators, only_notable)
    return "\n\n".join([*_paragraphs(rows, lang, plans).values(), *_not_compared(rows, lang)])  # a paragraph each


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


def restatement_sentences(yoy: pd.DataFrame, lang: str = "vi") -> tuple[str, list[str]]:
    """Across the reform: one sentence for the báo cáo (the earlier year's figures of the new
    units were restated from the old units they were made of; who could not be compared
    and why), and one line per member for the annex ("xã Mang Yang: tính lại từ …").
    ("", []) where no figure was restated.

    >>> import emulation_stats as es
    >>> ds = es.load_dataset("data/sample_2026")
    >>> said, lines = restatement_sentences(es.compare_years(ds.on_units(2025).indicators, 2024, 2025))
    >>> said.startswith("Số liệu năm 2024 của các xã, phường"), len(lines)
    (True, 8)
    """
    if "note" not in yoy:
        return "", []
    rows = yoy[(yoy["level"] == "member") & (yoy["note"].fillna("") != "")]
    if rows.empty:
        return "", []
    first = rows.drop_duplicates("member_code")
    base = int(first["base_year"].iloc[0])
    lines = [f"{place(r.member, r.member_code, lang)}: {r.note}" for r in first.itertuples()]
    missing = first[first["base_value"].isna()]
    said = phrase("restated_sentence", lang, base=base, members=members_word(first["member_code"], lang))
    if len(missing):
        why = "; ".join(f"{place(r.member, r.member_code, lang)} ({r.note})" for r in missing.itertuples())
        said += phrase("restated_not_compared", lang, names=why)
    return said, lines


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
        joined = phrase("awards_item_joiner", lang).join(items)
        groups.append(phrase("awards_authority", lang, authority=_authority_name(authority, lang), items=joined)
                      if authority else phrase("awards_no_authority", lang, items=joined))  # the office said none
    text = phrase("awards_opening", lang, subject=subject, year=year) + \
        phrase("awards_authority_joiner", lang).join(groups) + "."
    return text[0].upper() + text[1:]


def describe_awards(awards: pd.DataFrame | AwardSummary, year: int, *, lang: str = "vi", by: str = "cluster") -> str:
    """The award paragraph of the year: grouped by conferring authority from the highest,
    "truy tặng" for posthumous conferral, collectives and individuals of one award joined.
    ``by="cluster"`` writes one paragraph per cluster, ``by="member"`` one per member.
    ``awards`` is the awards table, or the :class:`AwardSummary` of :func:`summarise_awards`
    (as the score's sentences take the ScoreTable); a summary says its own ``by``.

    >>> import emulation_stats as es
    >>> text = describe_awards(es.load_dataset("data/gia_lai_2017").awards, 2017)
    >>> print(text.split(";")[0])  # doctest: +NORMALIZE_WHITESPACE
    Cụm thi đua số 2 đã được Chủ tịch nước truy tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 03 cá nhân,
    tặng Huân chương Lao động hạng II cho 02 cá nhân, Huân chương Lao động hạng III cho 01 cá nhân
    """
    if isinstance(awards, AwardSummary):
        by = "member" if "member_code" in awards.counts else "cluster"
        summary = awards.counts[awards.counts["year"] == year]
    else:
        summary = summarise_awards(awards, year, by=by).counts if (awards["year"] == year).any() else pd.DataFrame()
    if summary.empty:  # said, not an error: a year may well have no awards
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


def describe_ranking(table: ScoreTable, *, lang: str = "vi", proposal: Proposal | None = None,
                     signed: bool = False) -> str:
    """The ranking paragraph: who leads, by how much, who follows, what the cluster proposes,
    and the checks the proposal raises. ``table`` is a :class:`~emulation_stats.scoring.ScoreTable`.
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


ROBUST, FAIRLY_ROBUST = 0.9, 0.7  # share of scenarios in which the proposed member stays first


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
    moves the ranking most. ``result`` is a :class:`~emulation_stats.sensitivity.SensitivityResult`.
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
