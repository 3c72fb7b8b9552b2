"""The sentences analysts write, in Vietnamese (default) or English: what changed year over
year, and the awards of the year (the score's sentences are in ``scores.py``)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from emulation_stats.analysis.awards import AwardSummary, summarise_awards
from emulation_stats.core import catalog
from emulation_stats.core.phrases import and_list, award_label, counted, number, phrase, unit_word
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import reported_decimals
from emulation_stats.units.naming import members_word, place
from emulation_stats.units.order import in_member_order


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
    """What changed, from a :func:`~emulation_stats.analysis.compare.compare_years` table, as the
    cluster's reports write it: each paragraph says what it is about, names the indicator
    once and then each member's figure, its plan's achievement (``plans``, a
    :func:`~emulation_stats.analysis.compare.plan_achievement` table) and its change. Related
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
