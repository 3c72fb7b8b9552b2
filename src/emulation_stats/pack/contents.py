"""What the pack says, once for every file of it: the year's analysis (comparison, awards,
score, robustness), its sentences, the ballot and the hand-over, the pack's file names."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from emulation_stats.analysis.awards import AwardSummary, summarise_awards
from emulation_stats.analysis.compare import compare_years, plan_achievement, plan_summary, trend
from emulation_stats.analysis.criteria import self_assessment_gap
from emulation_stats.analysis.proposal import Proposal, propose
from emulation_stats.analysis.scoring import ScoreTable, score
from emulation_stats.analysis.sensitivity import DEFAULT_ALTERNATIVES, SensitivityResult, leave_one_out, sensitivity
from emulation_stats.core import catalog
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, and_list, number, phrase
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import points_decimals
from emulation_stats.load.dataset import display_names
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack import charts as plot
from emulation_stats.pack.export import value_word
from emulation_stats.units.matching import province_label, province_parts
from emulation_stats.units.naming import addressed, body_word, members_word, place
from emulation_stats.units.order import in_member_order
from emulation_stats.words.narrative import change_paragraphs, describe_awards, restatement_sentences
from emulation_stats.words.scores import describe_ranking, describe_robustness

if TYPE_CHECKING:  # a type named only
    from emulation_stats.load.dataset import Dataset

MAX_YOY_CHARTS = 4


TREND_INDICATORS = 6


@dataclass
class Chart:
    key: str
    title: str
    takeaway: str
    png: Path
    svg: Path
    slide_png: bytes = b""  # the same chart without its title, shaped for the slide below one
    slide_source: str = ""  # its source line, said on the slide as text (10 pt) rather than inside the picture


SHEETS = Words("sheet_")  # data/reference/phrases.csv


DOC = Words("doc_")


PACK = Words("pack_")


@dataclass
class ReportPack:
    """What :func:`build_report` wrote and what it had to leave out."""

    out_dir: Path
    year: int
    base_year: int
    files: list[Path] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    slides: int = 0
    left_out: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"ReportPack({self.out_dir}, {len(self.files)} files, {self.slides} slides)"


@dataclass
class _Analysis:
    """Every table the pack is made from (None where the data does not allow it)."""

    yoy: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    trends: pd.DataFrame | None = None
    awards: AwardSummary | None = None
    awards_by_year: pd.DataFrame | None = None  # the cluster's awards, each year up to the review's
    table: ScoreTable | None = None
    proposal: Proposal | None = None
    robust: SensitivityResult | None = None
    loo: pd.DataFrame | None = None
    gap: pd.DataFrame | None = None
    # The narrative, written once for every file of the pack that says it.
    changes: dict[str, str] = field(default_factory=dict)  # indicator -> its paragraph
    plans_text: str = ""
    awards_text: list[str] = field(default_factory=list)
    ranking_text: str = ""
    robust_text: str = ""
    result_text: str = ""  # the bình xét's result: from the score and proposal, else from the ballot
    handover_text: str = ""  # next year's head and deputy, where the cluster file has them
    restated_text: str = ""  # across the reform: what was restated, who could not be compared
    restated_lines: list[str] = field(default_factory=list)  # the same, member by member (the annex)


FORMATS = ("docx", "xlsx", "pptx", "md", "html")  # the pack's files a user may ask for


def file_name(key: str, lang: str = "vi", **fields: object) -> str:
    """A file of the pack named in its language (data/reference/pack_files.csv): the key,
    or a chart's key ("so_sanh_criminal_cases"), to its name.

    >>> file_name("report", "vi", year=2024), file_name("report", "en", year=2024)
    ('bao_cao_2024.docx', 'report_2024.docx')
    >>> file_name("so_sanh_criminal_cases", "en")
    'compare_criminal_cases'
    """
    names = _pack_files()
    if key in names.index:
        return names.at[key, lang].format(**fields)
    indicator = key.removeprefix("so_sanh_")
    return names.at["so_sanh", lang].format(indicator=indicator) if indicator != key else key


@lru_cache(maxsize=1)
def _pack_files() -> pd.DataFrame:
    return read_reference("pack_files.csv").set_index("key")


RubricSource = Rubric | Mapping[str, object] | str | Path | None


def _analyse(dataset: Dataset, year: int, base: int, rubric: RubricSource, lang: str, draws: int, seed: int,
             pack: ReportPack) -> _Analysis:
    a = _Analysis()
    indicators = dataset.indicators
    actual_years = set(indicators.loc[indicators["measure"] == "actual", "year"])
    if {base, year} <= actual_years:  # what the pack cannot say is listed as left out, not asked for
        a.yoy = compare_years(indicators, base, year)
    else:
        pack.left_out.append(phrase("left_out_base", lang, base=base))
    plans = plan_achievement(indicators, year) if year in set(indicators["year"]) else pd.DataFrame()
    if len(plans):
        a.plans = plans
    else:
        pack.left_out.append(phrase("left_out_plans", lang, year=year))
    trends = trend(indicators, years=[y for y in sorted(indicators["year"].unique()) if y <= year])
    if len(trends):
        a.trends = trends
    else:
        pack.left_out.append(phrase("left_out_trend", lang))
    if len(dataset.awards[dataset.awards["year"] == year]):
        by = "member" if (dataset.awards["member_code"].fillna("") != "").any() else "cluster"
        a.awards = summarise_awards(dataset.awards, year, by=by)
        earlier = sorted(y for y in dataset.awards["year"].unique() if y <= year)
        a.awards_by_year = summarise_awards(_awards_named(dataset, lang), earlier, by="cluster").by_year
    else:
        pack.left_out.append(phrase("left_out_awards", lang, year=year))
    _score(dataset, year, rubric, lang, draws, seed, pack, a)
    _narrate(dataset, a, year, lang)
    return a


def _awards_named(dataset: Dataset, lang: str) -> pd.DataFrame:
    """The awards with the cluster named in the pack's language."""
    if lang == "vi":
        return dataset.awards
    return dataset.awards.assign(cluster=dataset.awards["cluster"].replace(_cluster_name(dataset),
                                                                           _cluster_name(dataset, lang)))


def _narrate(dataset: Dataset, a: _Analysis, year: int, lang: str) -> None:
    """The sentences of the pack, each written once (the báo cáo, the slides' notes and the
    summary all say them)."""
    if a.yoy is not None:
        a.changes = change_paragraphs(a.yoy, lang, plans=a.plans)  # keyed by each paragraph's first indicator
    if a.plans is not None:
        summary = plan_summary(a.plans)
        if len(summary):
            a.plans_text = _plans_sentence(summary, a.plans, lang)
    if a.awards is not None:
        a.awards_text = describe_awards(_awards_named(dataset, lang), year, lang=lang).split("\n\n")
    if a.table is not None:
        a.ranking_text = describe_ranking(a.table, lang=lang, proposal=a.proposal)
        a.robust_text = describe_robustness(a.robust, lang=lang)
    a.result_text = describe_ranking(a.table, lang=lang, proposal=a.proposal, signed=True) if a.table is not None \
        else _ballot_result(dataset, year, lang)
    a.handover_text = _handover(dataset, year, lang)
    if a.yoy is not None:
        a.restated_text, a.restated_lines = restatement_sentences(a.yoy, lang)


def _plans_sentence(summary: pd.DataFrame, plans: pd.DataFrame, lang: str) -> str:
    """How many targets were met, and who met the most — a tie said as a tie, and nobody
    named where every member met the same share."""
    share = summary["met"] / summary["of"]
    top = summary[share == share.max()]
    best = top[top["met"] == top["met"].max()]  # 2/4 before 1/2: one share, but more targets met
    codes = dict(zip(plans["member"], plans["member_code"]))
    best = best.loc[in_member_order(pd.DataFrame({"member_code": best.index.map(codes), "member": best.index}),
                                    order=plans.attrs.get("member_order"))["member"]]
    said = phrase("report_plans_total", lang, met=int(summary["met"].sum()), total=int(summary["of"].sum()),
                  members=members_word(plans["member_code"], lang))
    if len(top) == len(summary):
        return said + "."
    names = and_list([place(name, code, lang) for name, code in zip(best.index, best.index.map(codes))], lang)
    every = int(best.iloc[0]["met"]) == int(best.iloc[0]["of"])  # "đạt cả 2/2 chỉ tiêu", not "đạt nhiều nhất"
    return said + phrase("report_plans_all" if every else "report_plans_best", lang, names=names,
                         best_met=int(best.iloc[0]["met"]), best_of=int(best.iloc[0]["of"]))


def _ballot_result(dataset: Dataset, year: int, lang: str) -> str:
    """The bình xét's result from votes.csv alone (a dataset without a rubric): the proposal
    with the most votes, or the one the ballot lists."""
    votes = dataset.votes[dataset.votes["year"] == year] if len(dataset.votes) else dataset.votes
    if votes.empty:
        return ""
    parts = []
    for proposal, rows in votes.groupby("proposal", sort=False):
        counted = pd.to_numeric(rows["votes_for"], errors="coerce")
        chosen = rows[counted == counted.max()] if counted.notna().any() else rows
        known = proposal in catalog.awards()
        award = catalog.awards()[proposal]["short_vi" if lang == "vi" else "name_en"] if known else str(proposal)
        giver = phrase(f"giver_{catalog.awards()[proposal]['authority']}", lang) if known else ""
        names = ", ".join(addressed(display_names(dataset.clusters).get(c, c), c, lang) for c in chosen["member_code"])
        parts.append(phrase("report_votes_result", lang, year=year, cluster=_cluster_name(dataset, lang), giver=giver,
                            award=award, names=names))
    return " ".join(parts)


def _ballot_tally(dataset: Dataset, year: int, lang: str) -> str:
    """The ballot as the cluster held it, each member's votes in the cluster's order
    ("Kết quả bỏ phiếu bình xét Cờ thi đua: huyện Bác Ái 05/18 phiếu, …"): a fact of the
    conference the báo cáo states beside the scores."""
    votes = dataset.votes[dataset.votes["year"] == year] if len(dataset.votes) else dataset.votes
    sentences = []
    for proposal, rows in votes.groupby("proposal", sort=False):
        rows = in_member_order(rows.assign(member=rows["member_code"].map(display_names(dataset.clusters))),
                               order=dataset.indicators.attrs.get("member_order"))
        counted = pd.to_numeric(rows["votes_for"], errors="coerce")
        voters = pd.to_numeric(rows["voters"], errors="coerce")
        if counted.isna().all():
            continue
        known = proposal in catalog.awards()
        award = catalog.awards()[proposal]["short_vi" if lang == "vi" else "name_en"] if known else str(proposal)
        names = display_names(dataset.clusters)
        tally = ", ".join(phrase("report_ballot_member", lang, name=place(names.get(c, c), c, lang),
                                 votes=number(int(v), lang), voters=number(int(n), lang))
                          for c, v, n in zip(rows["member_code"], counted, voters) if pd.notna(v))
        sentences.append(phrase("report_ballot_tally", lang, award=award, tally=tally))
    return " ".join(sentences)


def _handover(dataset: Dataset, year: int, lang: str) -> str:
    """Next year's head and deputy where the cluster file lists them."""
    rows = dataset.clusters[dataset.clusters["year"] == year + 1] if len(dataset.clusters) else dataset.clusters
    head = rows[rows["role"] == "head"] if len(rows) else rows
    if head.empty:
        return ""
    body = body_word(_cluster_name(dataset), lang)
    deputy = rows[rows["role"] == "deputy"]
    deputy_text = phrase("report_handover_deputy", lang, deputy=", ".join(
        addressed(r.member, r.member_code, lang) for r in deputy.itertuples()), body=body) if len(deputy) else ""
    return phrase("report_handover", lang, body=body, year=year + 1, deputy=deputy_text,
                  head=", ".join(addressed(r.member, r.member_code, lang) for r in head.itertuples()))


def _sources_text(dataset: Dataset, lang: str) -> list[str]:
    report = dataset.report
    return [phrase("report_loaded", lang, loaded=number(report.rows_loaded, lang), files=len(report.files),
                   rejected=number(len(report.rejected), lang), warnings=number(len(report.warnings), lang),
                   sheet=SHEETS[lang]["provenance"]),
            *([phrase("report_unread", lang, n=len(report.errors), files="; ".join(
                f"{f} ({m})" for f, m in zip(report.errors["file"], report.error_messages(lang=lang))))]
              if len(report.errors) else []),
            *_unread_members_text(dataset, lang),
            plot.source_line(dataset.indicators, lang=lang)]  # the sources cited, never the program that made them


def _unread_members_text(dataset: Dataset, lang: str) -> list[str]:
    """Whose figures the unread files held ("khen thưởng của huyện Kbang (tệp …)"), for the annex."""
    who = dataset.unread_members(dataset.latest_year) if len(dataset.report.errors) else None
    if who is None or who.empty:
        return []
    def whose(group: pd.DataFrame) -> str:
        return and_list([place(m, c, lang) for m, c in zip(group["member"], group["member_code"])], lang)

    missing = "; ".join(f"{value_word('table', t, lang)} {phrase('of_members', lang)} {whose(g)} ({f})"
                        for (f, t), g in who.groupby(["file", "table"], sort=False))
    return [phrase("report_unread_members", lang, missing=missing)]


def _cluster_name(dataset: Dataset, lang: str = "vi") -> str:
    """The cluster as its documents name it: dataset.yaml's ``cluster`` (``cluster_en`` in an
    English pack, else the official form translated by data/reference/body_names_en.csv)."""
    name = str(dataset.meta.get("cluster") or dataset.meta.get("title") or dataset.name)
    if lang == "vi":
        return name
    if dataset.meta.get(f"cluster_{lang}"):
        return str(dataset.meta[f"cluster_{lang}"])
    for pattern, english in _body_names():
        found = re.match(pattern, name, flags=re.IGNORECASE)
        if found:
            return english.format(None, *(g or "" for g in found.groups()))
    return name


@lru_cache(maxsize=1)
def _body_names() -> list[tuple[str, str]]:
    table = read_reference("body_names_en.csv")
    return list(zip(table["pattern"], table["en"]))


def _score(dataset: Dataset, year: int, rubric: RubricSource, lang: str, draws: int, seed: int, pack: ReportPack,
           a: _Analysis) -> None:
    rubric = rubric if rubric is not None else dataset.rubric
    if rubric is None:
        pack.left_out.append(phrase("left_out_rubric", lang))
        return
    rubric = Rubric.load(rubric).in_language(lang)  # the same points, its words in the pack's language
    scored = dataset.assessments[dataset.assessments["year"] == year] if len(dataset.assessments) else \
        dataset.assessments
    if any(c.method == "assessed" for c in rubric.criteria) and scored.empty:
        pack.left_out.append(phrase("left_out_assessments", lang, year=year))
        return
    a.table = score(dataset, rubric=rubric, year=year)  # scored once: the rest reruns this table
    votes = dataset.votes[dataset.votes["year"] == year] if len(dataset.votes) else dataset.votes
    if votes.empty:
        pack.left_out.append(phrase("left_out_votes", lang, year=year))
    a.proposal = propose(a.table, votes if len(votes) else None, lang=lang)
    a.robust = sensitivity(a.table, draws=draws, alternatives=DEFAULT_ALTERNATIVES, seed=seed)
    a.loo = leave_one_out(a.table)
    if len(scored):
        a.gap = self_assessment_gap(scored)


def _intro(dataset: Dataset, pack: ReportPack, lang: str) -> pd.DataFrame:
    meta = dataset.meta
    words = PACK[lang]
    title = str(meta.get("title", meta.get("name", ""))) if lang == "vi" else \
        str(meta.get(f"title_{lang}") or f"{_cluster_name(dataset, lang)}, {_province(dataset, pack.year, lang)}")
    rows = [(words["dataset"], title),
            (words["year"], str(pack.year)),
            (words["base_year"], str(pack.base_year)),
            (words["data"], ILLUSTRATIVE_MARK if dataset.illustrative else words["real_data"]),
            (words["source"], plot.source_line(dataset.indicators, illustrative=False, lang=lang).split(": ", 1)[-1])]
    rows += [(phrase("report_left_out", lang), item) for item in pack.left_out]
    return pd.DataFrame(rows, columns=["label", "value"])


def _sections(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> list[tuple[str, list[str], list[Chart]]]:
    charts = {c.key: c for c in pack.charts}
    sections = []
    if a.yoy is not None:
        shown = [charts[k] for k in charts if k == "thay_doi" or k.startswith("so_sanh_")]
        sections.append((phrase("report_changes", lang, year=pack.year, base=pack.base_year),
                         list(a.changes.values()), shown))
    if a.plans_text:
        sections.append((phrase("report_plans", lang, year=pack.year), [a.plans_text],
                         [charts[k] for k in ("dien_bien",) if k in charts]))
    if a.awards is not None:
        sections.append((phrase("report_awards", lang, year=pack.year), a.awards_text,
                         [charts[k] for k in ("khen_thuong",) if k in charts]))
    if a.table is not None:
        sections.append((phrase("report_ranking", lang), [a.ranking_text],
                         [charts[k] for k in ("bang_diem", "tu_cham") if k in charts]))
        sections.append((phrase("report_robustness", lang), [a.robust_text],
                         [charts[k] for k in ("do_vung", "bo_tieu_chi") if k in charts]))
    sections.append((phrase("report_sources", lang), _sources_text(dataset, lang), []))
    if pack.left_out:
        sections.append((phrase("report_left_out", lang), list(pack.left_out), []))
    return sections


def _managing(dataset: Dataset, year: int, lang: str) -> str:
    """The body above the cluster in a heading: the People's Committee of its province."""
    province = _province(dataset, year, lang)
    return phrase("doc_managing", lang, province=province) if province else ""


def _province(dataset: Dataset, year: int, lang: str) -> str:
    """The cluster's province with its type, in ``lang`` ("tỉnh Gia Lai", "Gia Lai province")."""
    province = str(dataset.meta.get("province") or dataset.meta.get("province_code") or "")
    if not province:
        return ""
    kind, name = province_parts(province, year)
    return phrase(f"place_{kind}", lang, name=name) if kind and lang != "vi" else province_label(province, year)


def _points_by_group(table: ScoreTable, lang: str) -> pd.DataFrame:
    """Each member's points by group of criteria (and its bonuses and penalties), in rank
    order: the detail behind the total the board checks."""
    order = table.total.sort_values(ascending=False).index
    names = table.names.to_dict()
    frame = pd.DataFrame({PACK[lang]["member"]: [names.get(c, c) for c in order]})
    for group, keys in table.rubric.groups.items():
        frame[group] = table.points.loc[order, keys].sum(axis=1).to_numpy()
    adjustments = [a.key for a in table.rubric.adjustments if a.key in table.points.columns]
    if adjustments:
        frame[PACK[lang]["adjustments"]] = table.points.loc[order, adjustments].sum(axis=1).to_numpy()
    frame[PACK[lang]["total"]] = table.total.loc[order].to_numpy()
    return frame


def _picture_list(pack: ReportPack, words: Any) -> Callable[..., list[tuple[Path, str]]]:
    """The charts a document shows, numbered in the order it shows them."""
    charts = {c.key: c for c in pack.charts}
    shown_so_far: list[Chart] = []

    def pictures(*keys: str) -> list[tuple[Path, str]]:
        shown = [charts[k] for k in keys if k in charts]
        shown_so_far.extend(shown)
        return [(c.png, words["figure"].format(n=len(shown_so_far) - len(shown) + i + 1, title=c.title))
                for i, c in enumerate(shown)]
    return pictures


def _table_numbers(a: _Analysis, lang: str) -> Callable[[object], str]:
    """How a document table prints a number: a count whole, points at the precision of the
    ranking's sentences (one for the column: "70,70" under "88,28")."""
    places = points_decimals(a.table.ranking["total"]) if a.table is not None else 2

    def said(value: object) -> str:
        if isinstance(value, (int, np.integer)):
            return number(int(value), lang)
        return number(round(float(value), places), lang, decimals=places)
    return said


def _ranking_frame(a: _Analysis, lang: str) -> pd.DataFrame:
    """The ranking as the document's table shows it: rank, member, total, proposal."""
    ranking = a.proposal.table.copy()
    ranking["proposal"] = ranking["proposal"].map({"flag": PACK[lang]["flag"],
                                                   "certificate": PACK[lang]["certificate"]}).fillna("")
    return ranking[["rank", "member", "total", "proposal"]].set_axis(
        [PACK[lang]["rank"], PACK[lang]["member"], PACK[lang]["total"], PACK[lang]["proposal"]], axis=1)
