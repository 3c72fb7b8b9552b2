"""The conference review pack, built from a dataset in one call.

:func:`build_report` writes into one folder: ``review_<year>.xlsx`` (the tables, the score
sheet with its explanations, the robustness analysis and a provenance sheet),
``slides_<year>.pptx``, ``charts/`` (PNG and SVG) and ``summary_<year>.md`` / ``.html``
(the Vietnamese narrative). Every file is written under a temporary name and renamed, so
an interrupted run never leaves half a file. What the data does not allow is left out
and listed, never invented.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from emulation_stats.analysis.awards import AwardSummary, summarise_awards
from emulation_stats.analysis.compare import compare_years, plan_achievement, plan_summary, trend
from emulation_stats.analysis.scoring import Proposal, ScoreTable, propose, score, self_assessment_gap
from emulation_stats.analysis.sensitivity import (
    DEFAULT_ALTERNATIVES,
    DEFAULT_DRAWS,
    SensitivityResult,
    leave_one_out,
    sensitivity,
)
from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, and_list, counted, number, phrase, unit_word
from emulation_stats.core.resources import read_reference
from emulation_stats.core.text import points_decimals
from emulation_stats.load.dataset import display_names
from emulation_stats.load.report import problem_meanings
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack import charts as plot
from emulation_stats.pack.document import Section, Subheading, write_document
from emulation_stats.pack.export import atomic_write, catalogue_names, header, to_xlsx, value_word, yes_no
from emulation_stats.units.lists import province_label, province_parts
from emulation_stats.units.naming import addressed, body_kind, body_word, members_word, place
from emulation_stats.units.order import in_member_order
from emulation_stats.words.narrative import (
    change_paragraphs,
    describe_awards,
    describe_ranking,
    describe_robustness,
    paragraph_keys,
    ranking_leader,
    restatement_sentences,
    score_explanations,
)

if TYPE_CHECKING:  # types named only; these modules sit below or beside this one
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
SLIDE_CHART_INCHES = (12.3, 5.4)  # the space for a chart between a slide's title and its takeaway
# A deck for a hall. "Arial" is in PowerPoint; LibreOffice shows it as Liberation Sans (the same
# widths) or, where that is not installed, as DejaVu Sans, which is wider: every box is measured
# with DejaVu Sans (shipped with matplotlib), so the text fits in both.
SLIDE_FONT = "Arial"
SLIDE_MIN_PT = 14  # nothing read in the hall is smaller (text boxes, the table, the charts' own words)
SLIDE_SOURCE_PT = 10  # the source and footer lines, the only smaller text
SLIDE_TITLE_PT = 28
SLIDE_COVER_PT = (40, 26)  # the title slide: its title and subtitle
SLIDE_TEXT_PT = 16  # a takeaway under a chart or a table
SLIDE_TABLE_PT = 18
SLIDE_TABLE_ROWS = 8  # members on one ranking slide; more go to a second slide
SLIDE_PROSE_LINES = 5  # at most, a slide; a longer text goes to the notes
SLIDE_NOTES_WORDS = 150  # at most, a slide's notes
SLIDE_LINE = 1.2  # line height, in font sizes
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


def build_report(dataset: Dataset, year: int | None = None, out_dir: str | Path = "build/review", *,
                 base_year: int | None = None, rubric: Rubric | dict | str | Path | None = None, lang: str = "vi",
                 draws: int = DEFAULT_DRAWS, seed: int = 0, formats: Iterable[str] | None = None,
                 progress: Callable[[str], None] | None = None) -> ReportPack:
    """Build the conference pack for ``year`` (default: the latest year with figures)
    compared with ``base_year`` (default: the year before) into ``out_dir``. ``formats``
    (some of docx, xlsx, pptx, md, html) writes only those files; the charts are drawn
    when a chosen file shows them.

    >>> import emulation_stats as es, tempfile
    >>> pack = build_report(es.load_dataset("data/gia_lai_2017"), 2017, tempfile.mkdtemp())
    >>> sorted(p.name for p in pack.files if p.parent == pack.out_dir), pack.slides > 0
    (['bao_cao_2017.docx', 'phu_luc_2017.docx', 'review_2017.xlsx', 'slides_2017.pptx',
      'summary_2017.html', 'summary_2017.md'], True)
    """
    say = progress or (lambda message: None)
    wanted = set(FORMATS if formats is None else formats)
    if not wanted or wanted - set(FORMATS):
        raise DataError(f"định dạng phải là một hoặc vài trong {', '.join(FORMATS)}, không phải "
                        f"'{', '.join(sorted(wanted - set(FORMATS))) or '(không có)'}'")
    year = year or dataset.latest_year
    dataset = dataset.on_units(year)  # every sheet, chart and sentence on the units of ``year``
    base = base_year or year - 1
    out = Path(out_dir)
    _remove_leftovers(out)
    pack = ReportPack(out, year, base)
    say(f"[1/5] {phrase('report_changes', lang, year=year, base=base)}")
    analysis = _analyse(dataset, year, base, rubric, lang, draws, seed, pack)
    if wanted & {"docx", "pptx", "md", "html"}:  # the files that show charts
        say(f"[2/5] {PACK[lang]['drawing_charts']}")
        pack.charts = _charts(dataset, analysis, year, base, out / "charts", lang)
    if "xlsx" in wanted:
        say(f"[3/5] {file_name('workbook', lang, year=year)}")
        pack.files.append(_workbook(dataset, analysis, pack, lang))
    if "pptx" in wanted:
        say(f"[4/5] {file_name('slides', lang, year=year)}")
        slides_path, pack.slides = _slides(dataset, analysis, pack, lang)
        pack.files.append(slides_path)
    if "docx" in wanted:
        say(f"[5/5] {file_name('report', lang, year=year)}, {file_name('annex', lang, year=year)}")
        pack.files.append(_document(dataset, analysis, pack, lang))
        pack.files.append(_annex(dataset, analysis, pack, lang))
    if wanted & {"md", "html"}:
        pack.files += _summary(dataset, analysis, pack, lang, wanted & {"md", "html"})
    pack.files += [c.png for c in pack.charts] + [c.svg for c in pack.charts]
    return pack


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


PACK_SUFFIXES = (".docx", ".xlsx", ".pptx", ".md", ".html", ".png", ".svg")


def _remove_leftovers(out: Path) -> None:
    """Temporary files a killed run left behind (".name.random.suffix"): never a final
    file, so they go before a new run starts."""
    for folder in (out, out / "charts"):
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.startswith(".") and path.suffix in PACK_SUFFIXES and path.is_file():
                    path.unlink()


# --- the analysis ------------------------------------------------------------------------------

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
                f"{f} ({m})" for f, m in zip(report.errors["file"], report.errors["message"])))]
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


# --- charts --------------------------------------------------------------------------------------

def _save(fig_or_ax: Any, folder: Path, key: str, takeaway: str, charts: list[Chart], lang: str = "vi") -> None:
    axes = fig_or_ax.flat[0] if isinstance(fig_or_ax, np.ndarray) else fig_or_ax
    # Small multiples carry their title on the figure, single charts on the axes.
    suptitle = axes.figure.get_suptitle() if isinstance(fig_or_ax, np.ndarray) else ""
    title = suptitle or axes.get_title(loc="left") or key
    png, svg = plot.save(axes.figure, folder / file_name(key, lang))
    charts.append(Chart(key, title, takeaway[:1].upper() + takeaway[1:], png, svg, *_slide_picture(axes.figure)))
    plt.close(axes.figure)


def _slide_picture(fig: Figure) -> tuple[bytes, str]:
    """The chart as a slide shows it under its own title, and its source line.

    The figure's title is taken out (the slide says it); panel titles stay. The figure is
    drawn at the size it is shown, every word on it at least ``SLIDE_MIN_PT``; the source
    line and the illustrative mark at its foot leave the picture (the slide says them as
    text), the watermark stays. A figure legend goes under the panels, as many columns as
    fit; in small multiples over the years, a line that stops before the last year (a unit
    no longer in the cluster) is not drawn.
    """
    if fig.get_suptitle():
        fig.suptitle("")
    else:
        for ax in fig.axes:
            ax.set_title("", loc="left")
            ax.set_title("")
    source = ""
    for t in list(fig.texts):
        x, y = t.get_position()
        if y < 0.1 and t.get_alpha() in (None, 1) and t.get_rotation() == 0 and t.get_text().strip():
            if x < 0.5:
                source = " ".join(t.get_text().split())
            t.remove()
    width, height = SLIDE_CHART_INCHES
    fig.set_size_inches(width, height)  # drawn at the size shown: a point on the figure is a point on the slide
    if fig.legends:  # small multiples: lines of units not in the last year leave the picture
        lines = [line for ax in fig.axes if ax.get_visible() for line in ax.get_lines()]
        ends = [max(line.get_xdata()) for line in lines if len(line.get_xdata())]
        last = max(ends) if ends else None
        for line in lines:
            if len(line.get_xdata()) and last is not None and max(line.get_xdata()) < last:
                line.remove()
        for ax in fig.axes:
            ax.relim()
            ax.autoscale_view()
    for artist in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "set_fontsize")):
        if artist.get_fontsize() < SLIDE_MIN_PT and artist.get_visible():
            artist.set_fontsize(SLIDE_MIN_PT)
    for ax in fig.axes:  # a table of cells (a heat map) as wide as the slide: its words fit in the cells
        if ax.images:
            ax.set_aspect("auto")
    _untangle_ticks(fig)
    _narrow_legends(fig)
    bottom = 0.0
    if fig.legends:
        old = fig.legends[0]
        handles, labels = old.legend_handles, [t.get_text() for t in old.get_texts()]
        shown = {line.get_label() for ax in fig.axes for line in ax.get_lines()}
        pairs = [(h, label) for h, label in zip(handles, labels) if label in shown or not shown]
        old.remove()
        widest = max((len(label) for _, label in pairs), default=1)
        columns = max(1, min(len(pairs), int(width / (0.9 + 0.11 * widest))))
        legend = fig.legend([h for h, _ in pairs], [label for _, label in pairs], loc="lower center",
                            bbox_to_anchor=(0.5, 0.0), ncol=columns, frameon=False, fontsize=SLIDE_MIN_PT)
        fig.canvas.draw()
        bottom = legend.get_window_extent().height / fig.bbox.height + 0.02
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tight_layout may say a layout is tight; it holds
        fig.tight_layout(rect=(0, bottom, 1, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue(), source


def _narrow_legends(fig: Figure) -> None:
    """A chart's legend in one row wider than its chart, made larger, takes fewer columns:
    it never squeezes the chart nor runs off the slide."""
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or legend._ncols < 2:
            continue
        handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
        anchor = getattr(legend.get_bbox_to_anchor(), "_bbox", None)  # where the chart put it, in its axes
        place = {"loc": legend._loc, "frameon": legend.get_frame_on(),
                 "fontsize": max(SLIDE_MIN_PT, legend.get_texts()[0].get_fontsize())}
        if anchor is not None and legend._bbox_to_anchor is not None:
            place |= {"bbox_to_anchor": anchor.bounds, "bbox_transform": ax.transAxes}
        columns = legend._ncols
        fig.canvas.draw()
        while columns > 1 and legend.get_window_extent().width > min(ax.bbox.width * 1.1, fig.bbox.width * 0.95):
            columns -= 1
            legend = ax.legend(handles, labels, ncols=columns, **place)
            fig.canvas.draw()


def _untangle_ticks(fig: Figure) -> None:
    """Tick labels made larger must not run into each other: names that collide with their
    neighbours are set on two lines, then, if still too wide, turned."""
    import textwrap

    def collide(ax: Any) -> bool:
        renderer = fig.canvas.get_renderer()
        boxes = sorted((t.get_window_extent(renderer) for t in ax.get_xticklabels()
                        if t.get_visible() and t.get_text()), key=lambda box: box.x0)
        return any(left.x1 + 4 > right.x0 for left, right in zip(boxes, boxes[1:]))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig.tight_layout()
    fig.canvas.draw()
    for ax in fig.axes:
        if not ax.get_visible() or not collide(ax):
            continue
        texts = [t.get_text() for t in ax.get_xticklabels()]
        size = max(SLIDE_MIN_PT, *(t.get_fontsize() for t in ax.get_xticklabels()))
        half = max(6, (max(len(t) for t in texts) + 1) // 2)
        ax.set_xticks(ax.get_xticks(), ["\n".join(textwrap.wrap(t, half)) or t for t in texts], fontsize=size)
        fig.canvas.draw()
        if collide(ax):  # turned from its tick, away from the axes (above a table's head, below a chart)
            top = ax.xaxis.get_label_position() == "top" or ax.xaxis.get_ticks_position() == "top"
            ax.set_xticks(ax.get_xticks(), texts, fontsize=size, rotation=45, rotation_mode="anchor",
                          ha="left" if top else "right")


def _charts(dataset: Dataset, a: _Analysis, year: int, base: int, folder: Path, lang: str) -> list[Chart]:
    charts: list[Chart] = []
    if a.yoy is not None:
        members = a.yoy[a.yoy["level"] == "member"]
        counts = members["assessment"].value_counts()
        if members["indicator"].nunique() > 1:  # one indicator's table is a strip its sentence already says
            _save(plot.change_heatmap(a.yoy, lang=lang), folder, "thay_doi",
                  phrase("takeaway_heatmap", lang, better=int(counts.get("better", 0)),
                         worse=int(counts.get("worse", 0)), base=base), charts, lang)
        for key in _yoy_indicators(members):
            rows = members[members["indicator"] == key]
            _save(plot.yoy_bars(a.yoy, key, lang=lang), folder, f"so_sanh_{key}", _yoy_takeaway(rows, lang),
                  charts, lang)
    if a.trends is not None:
        keys = [k for k in catalog.indicators().table.index if k in set(a.trends["indicator"])][:TREND_INDICATORS]
        years = dataset.indicators.loc[dataset.indicators["year"] <= year, "year"]
        data = dataset.indicators[dataset.indicators["year"] <= year]
        _save(plot.trend_lines(data, keys, lang=lang), folder, "dien_bien",
              phrase("takeaway_trend", lang, first=int(years.min()), last=year, n=len(keys)), charts, lang)
    if a.awards is not None:
        counts = a.awards.counts.groupby("recipient_kind")["count"].sum()
        _save(plot.award_bars(dataset.awards, year, lang=lang), folder, "khen_thuong",
              phrase("takeaway_awards", lang, collectives=number(int(counts.get("collective", 0)), lang),
                     individuals=number(int(counts.get("individual", 0)), lang), year=year), charts, lang)
    if a.table is not None:
        _save(plot.score_bars(a.table, lang=lang), folder, "bang_diem", _ranking_takeaway(a.table, lang), charts, lang)
        if a.gap is not None and a.gap["gap"].notna().any():
            names = a.table.names.to_dict()
            labels = a.table.rubric.labels
            _save(plot.assessment_gap(a.gap, year, lang=lang, labels=labels, names=names), folder, "tu_cham",
                  _gap_takeaway(a.gap, names, lang), charts, lang)
        _save(plot.rank_intervals(a.robust, lang=lang), folder, "do_vung", _robust_takeaway(a.robust_text),
              charts, lang)
        _save(plot.leave_one_out_bars(a.loo, lang=lang), folder, "bo_tieu_chi", _loo_takeaway(a.loo, lang),
              charts, lang)
    return charts


def _yoy_indicators(members: pd.DataFrame) -> list[str]:
    """Indicators worth a chart of their own: the notable changes first, crime always."""
    order = list(catalog.indicators().table.index)
    notable = members[members["notable"].fillna(False).astype(bool)]["indicator"].unique().tolist()
    keys = sorted(set(notable) | ({"criminal_cases"} & set(members["indicator"])),
                  key=lambda k: order.index(k) if k in order else len(order))
    return keys[:MAX_YOY_CHARTS] or members["indicator"].unique().tolist()[:1]


def _yoy_takeaway(rows: pd.DataFrame, lang: str) -> str:
    counts = rows["assessment"].value_counts()
    biggest = rows.loc[rows["change"].abs().idxmax()] if rows["change"].notna().any() else rows.iloc[0]
    change = biggest["change"]
    unit = phrase("percentage_point", lang) if biggest["unit"] == "%" else \
        unit_word(biggest["indicator"], biggest["unit"], lang)
    figure = number(round(change, 1), lang) if pd.notna(change) else "n/a"
    unit = counted(unit, figure, lang)
    shown = (f"{'+' if change > 0 else ''}{figure}" if pd.notna(change) else figure) + (f" {unit}" if unit else "")
    better, worse = int(counts.get("better", 0)), int(counts.get("worse", 0))
    members = members_word(rows["member_code"], lang, counted=True)
    # only the sides that have members: "cả 8 đơn vị đều tốt hơn", never "0 đơn vị kém hơn"
    key = "takeaway_yoy_all_better" if better == len(rows) else "takeaway_yoy_all_worse" if worse == len(rows) \
        else "takeaway_yoy"
    return phrase(key, lang, better=better, worse=worse, n=len(rows), members=members,
                  place=place(biggest["member"], biggest["member_code"], lang), change=shown)


def _ranking_takeaway(table: ScoreTable, lang: str) -> str:
    text = ranking_leader(table.ranking, lang)  # the báo cáo's words and precision
    return text[0].upper() + text[1:]


def _robust_takeaway(sentence: str) -> str:
    return sentence.split(". ")[-1].rstrip(".") if ". " in sentence else sentence


def _loo_takeaway(loo: pd.DataFrame, lang: str) -> str:
    nominal = loo.loc[loo["nominal_rank"] == 1].iloc[0]
    changes = loo[loo["changes_winner"] & (loo["rank_without"] == 1) & (loo["member_code"] != nominal["member_code"])]
    if changes.empty:
        return phrase("takeaway_loo_same", lang, name=place(nominal["member"], nominal["member_code"], lang))
    # every criterion without which another member ranks first, in the rubric's order
    said = [phrase("takeaway_loo_changes", lang, label=row["label"],
                   name=place(row["member"], row["member_code"], lang))
            for _, row in changes.drop_duplicates("criterion").iterrows()]
    return "; ".join([said[0], *(s[:1].lower() + s[1:] for s in said[1:])])


def _gap_takeaway(gap: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    mean = gap.groupby("member_code")["gap"].mean()
    code = mean.idxmax()
    return phrase("takeaway_gap", lang, name=place(names.get(code, code), code, lang),
                  gap=number(round(mean[code], 2), lang))


# --- the workbook --------------------------------------------------------------------------------

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


def _workbook(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """review_<year>.xlsx: every sheet a person reads and prints on A4 (names, not the
    library's keys; words for yes and no; no sheet printed empty; the vote where the
    dataset has one; the score table split so that no sheet is too wide to print)."""
    sheets: dict[str, pd.DataFrame] = {SHEETS[lang]["about"]: _intro(dataset, pack, lang)}
    none_found: list[tuple[str, str]] = []  # what there is none of, said on the first sheet under its name
    sheet_formats: dict[str, dict[str, str]] = {}
    keys = ["indicator", "award", "criterion", "code"]  # catalogue keys: each has its name beside it
    if a.yoy is not None:
        # the years are on the first sheet; the direction is the sign of the change
        said = ["better", "kind", "measure", "base_year", "current_year", "direction"]
        sheets[SHEETS[lang]["year_over_year"]] = _without(a.yoy, lang=lang, columns=[*said, *keys])
    if a.plans is not None:
        sheets[SHEETS[lang]["plans"]] = _without(a.plans, lang=lang, columns=["better", *keys])
        summary = plan_summary(catalogue_names(a.plans, lang)).reset_index()
        for column in [c for c in summary.columns if pd.api.types.is_bool_dtype(summary[c])]:  # đạt / chưa đạt
            summary[column] = yes_no(summary[[column]].set_axis(["met"], axis=1), lang)["met"]
        sheets[SHEETS[lang]["plans_summary"]] = summary
    if a.trends is not None:
        sheets[SHEETS[lang]["trends"]] = _without(a.trends, lang=lang, columns=["better", *keys])
    if a.awards is not None:
        sheets[SHEETS[lang]["awards"]] = _without(a.awards.counts, lang=lang, columns=["authority_rank", *keys])
        sheets[SHEETS[lang]["awards_by_year"]] = _without(a.awards_by_year, lang=lang, columns= keys)
    formats = {"base_value": "#,##0.0#", "current_value": "#,##0.0#", "change": "+#,##0.0#;-#,##0.0#;0",
               "plan": "#,##0.0#", "actual": "#,##0.0#", "points": "0.00", "total": "0.00",
               "gap_to_first": "0.00", "p_first": "0.0%", "p_top_k": "0.0%", "vote_share": "0.0%",
               "count": "#,##0", "first": "#,##0.0#", "last": "#,##0.0#", "mean": "#,##0.0#", "cagr": "0.0%",
               "slope": "#,##0.00", "votes_for": "#,##0", "voters": "#,##0"}
    if a.table is not None:
        scores = a.proposal.table
        if "gap_to_first" in scores:  # the gap between the printed totals, as the báo cáo says it
            shown = scores["total"].astype(float).round(2)
            scores = scores.assign(gap_to_first=(shown.max() - shown).round(2))
        sheets[SHEETS[lang]["scores"]] = scores
        points = _points_by_criterion(a.table)
        sheet_formats[SHEETS[lang]["points"]] = dict.fromkeys(points.columns[2:], "0.00")
        formats["max_points"] = "#,##0" if (points["max_points"].dropna() % 1 == 0).all() else "#,##0.0#"
        explanations = score_explanations(a.table, lang=lang).drop(columns="key")  # rules already in words
        rules = explanations.groupby("criterion", sort=False)["rule"].unique()
        if (rules.map(len) == 1).all():  # each criterion's rule said once, beside its points, not on every member
            points.insert(2, "rule", points["criterion"].map(rules.str[0]))
            explanations = explanations.drop(columns=["rule"])
        sheets[SHEETS[lang]["points"]] = points
        sheets[SHEETS[lang]["explanations"]] = explanations
        checks = [c[:1].upper() + c[1:] for c in a.proposal.checks]
        if checks:  # nothing to check is said on the first sheet, not on a page of its own
            sheets[SHEETS[lang]["checks"]] = pd.DataFrame({"message": checks})
        else:
            none_found.append((SHEETS[lang]["checks"], phrase("workbook_no_checks", lang)))
        sheets[SHEETS[lang]["robustness"]] = a.robust.rank_stats
        sheets[SHEETS[lang]["leave_one_out"]] = _ranks_without_each_criterion(a.loo, lang)
        convention = pd.DataFrame([(SHEETS[lang]["leave_one_out"], phrase("loo_convention", lang))],
                                  columns=["label", "value"])  # how "without" is counted, where it is shown
        sheets[SHEETS[lang]["about"]] = pd.concat([sheets[SHEETS[lang]["about"]], convention], ignore_index=True)
    votes = _votes(dataset, pack.year, lang)
    if votes is not None:
        sheets[SHEETS[lang]["votes"]] = votes
    # every file read, and the ones that could not be read, with why
    sheets[SHEETS[lang]["provenance"]] = pd.concat([dataset.report.files, dataset.report.errors],
                                                   ignore_index=True) if len(dataset.report.errors) \
        else dataset.report.files
    for key, table, nothing in (("rejected_rows", dataset.report.rejected, "workbook_none_rejected"),
                                ("warnings", dataset.report.warnings, "workbook_no_warnings")):
        table = _without(_problems_in(table, lang), keys)  # the message says what the code means
        if "column" in table:  # a column of the library's tables by its heading (recipient_kind -> Đối tượng)
            table = table.assign(column=table["column"].map(lambda c: header(c, lang) if isinstance(c, str) else c))
        if len(table):
            sheets[SHEETS[lang][key]] = table
        else:
            none_found.append((SHEETS[lang][key], phrase(nothing, lang)))
    if none_found:  # what the pack found nothing of, on the first sheet
        intro = sheets[SHEETS[lang]["about"]]
        sheets[SHEETS[lang]["about"]] = pd.concat(
            [intro, pd.DataFrame(none_found, columns=["label", "value"])], ignore_index=True)
    sheets = {name: _without_empty_columns(table) for name, table in sheets.items()}
    cluster = _cluster_name(dataset, lang)
    return to_xlsx(sheets, pack.out_dir / file_name("workbook", lang, year=pack.year), lang, formats,
                   page_header=ILLUSTRATIVE_MARK if dataset.illustrative else None,
                   page_footer=f"{cluster} — {pack.year}", sheet_formats=sheet_formats)


def _without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A printed sheet without columns nothing was written in (a law note no award needed)."""
    def blank(value: object) -> bool:
        return value == "" if isinstance(value, str) else bool(np.ndim(value) == 0 and pd.isna(value))

    empty = [c for c in frame.columns if frame[c].map(blank).all()]
    return frame.drop(columns=empty) if len(frame) and len(empty) < len(frame.columns) else frame


def _without(frame: pd.DataFrame, columns: list[str], lang: str = "vi") -> pd.DataFrame:
    """``frame`` without the library's ``columns``, catalogue names first put in ``lang`` (they
    are told by the keys dropped)."""
    frame = catalogue_names(frame, lang)
    return frame.drop(columns=[c for c in columns if c in frame.columns])


def _problems_in(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected rows and warnings for the pack's reader: in English, what each code means,
    then the loader's Vietnamese detail (it quotes the cell)."""
    if lang == "vi" or table.empty or "code" not in table:
        return table
    text = "reason" if "reason" in table else "message"
    meanings = table["code"].map(problem_meanings()).fillna(table["code"].astype(str).str.replace("_", " "))
    return table.assign(**{text: meanings + " (vi: " + table[text].astype(str) + ")"})


def _points_by_criterion(table: ScoreTable) -> pd.DataFrame:
    """The score table turned on its side: a row per criterion (its name and most points),
    a column per member in rank order, so that many criteria still print on one A4 width."""
    order = table.total.sort_values(ascending=False).index
    points = table.points.loc[order].T
    # the most a member can earn: a plan beaten up to its cap counts (10 points capped at 120% is 12)
    maxima = {c.key: c.max_points * c.cap for c in table.rubric.criteria} | \
        {a.key: a.limit for a in table.rubric.adjustments}
    frame = pd.DataFrame({"criterion": [table.rubric.labels.get(c, c) for c in points.index],
                          "max_points": [maxima.get(c, np.nan) for c in points.index]})
    names = table.names.to_dict()
    for code in order:
        frame[names.get(code, code)] = points[code].to_numpy()
    return frame


def _ranks_without_each_criterion(loo: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Leave-one-out turned on its side: a row per criterion left out (the first row: the
    ranks on the whole rubric), a column per member in rank order, and whether leaving the
    criterion out changes who is first — one printed page, not a list of criteria × members."""
    nominal = loo.drop_duplicates("member_code").sort_values("nominal_rank")
    order = list(nominal["member_code"])
    names = dict(zip(nominal["member_code"], nominal["member"]))
    ranks = loo.pivot_table(index="label", columns="member_code", values="rank_without", sort=False)[order]
    changes = loo.groupby("label", sort=False)["changes_winner"].any()
    first = pd.DataFrame([dict(zip(order, nominal["nominal_rank"]))], index=[header("nominal_rank", lang)])
    table = pd.concat([first, ranks]).rename(columns=names)
    table.insert(0, "changes_winner", [pd.NA, *changes.reindex(ranks.index)])
    table = table.rename_axis("criterion").reset_index()
    return table.astype({name: "Int64" for name in names.values()})


def _votes(dataset: Dataset, year: int, lang: str) -> pd.DataFrame | None:
    """The ballot of ``year`` (votes.csv), a row per member and proposal; None without one."""
    votes = dataset.votes
    if votes is None or votes.empty or "year" not in votes or not (votes["year"] == year).any():
        return None
    votes = votes[votes["year"] == year].copy()
    names = dict(zip(dataset.clusters["member_code"], dataset.clusters["member"])) if dataset.clusters is not None \
        else {}
    frame = pd.DataFrame({
        "member_code": votes["member_code"],
        "member": votes["member_code"].map(lambda c: names.get(c, c)),
        "proposal": votes["proposal"].map(lambda k: _award_name(k, lang)),
        "votes_for": votes["votes_for"], "voters": votes["voters"],
        "vote_share": votes["votes_for"] / votes["voters"].where(votes["voters"] > 0),
        "source": votes["source"]})
    for column in ("votes_for", "voters"):
        if frame[column].notna().all():
            frame[column] = frame[column].astype(int)
    return frame.dropna(axis=1, how="all").reset_index(drop=True)


def _award_name(key: object, lang: str) -> object:
    """An award's name in ``lang`` from the catalogue (awards.csv); the key if it has none."""
    if lang == "vi":
        return catalog.award_display_name(str(key))
    base = catalog.award_base(str(key))
    return catalog.awards()[base]["name_en"] if base in catalog.awards() else key


# --- the slides -----------------------------------------------------------------------------------

def _slides(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> tuple[Path, int]:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    red, grey = RGBColor(0xB2, 0x22, 0x22), RGBColor(0x61, 0x61, 0x61)

    def text(slide, content: str, left: float, top: float, width: float, height: float, size: int,
             bold: bool = False, colour: RGBColor | None = None, anchor: Any = MSO_ANCHOR.TOP) -> None:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE  # the box is measured; it never grows over the next one
        frame.vertical_anchor = anchor
        run = frame.paragraphs[0].add_run()
        run.text = content
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, SLIDE_FONT
        if colour is not None:
            run.font.color.rgb = colour

    def lines_high(lines: int, size: int) -> float:  # inches, with the box's own margins
        return lines * size * SLIDE_LINE / 72 + 0.12

    cluster = _cluster_name(dataset, lang)

    def foot(slide, notes: str, source: str = "") -> None:
        if source:
            text(slide, source, 0.5, 6.2, 12.3, lines_high(1, SLIDE_SOURCE_PT), SLIDE_SOURCE_PT, colour=grey)
        text(slide, f"{cluster} — {pack.year}", 0.5, 7.05, 7.8, 0.35, SLIDE_SOURCE_PT + 2, colour=grey)
        if dataset.illustrative:
            text(slide, ILLUSTRATIVE_MARK, 8.4, 7.05, 4.4, 0.35, SLIDE_SOURCE_PT + 2, True, red)
        slide.notes_slide.notes_text_frame.text = said(notes)

    seen: set[str] = set()

    def said(notes: str) -> str:  # at most SLIDE_NOTES_WORDS words, never the same as another slide's
        notes = _notes_cut(notes, SLIDE_NOTES_WORDS)
        if notes in seen:
            notes = _notes_cut(f"{len(deck.slides)}. {notes}", SLIDE_NOTES_WORDS)
        seen.add(notes)
        return notes

    def takeaway(slide, content: str, bottom: float) -> None:
        content = _short(content, SLIDE_TEXT_PT, 12.3, SLIDE_PROSE_LINES - 3)
        lines = _text_lines(content, SLIDE_TEXT_PT, 12.3)
        top = bottom - lines_high(lines, SLIDE_TEXT_PT)
        text(slide, content, 0.5, top, 12.3, lines_high(lines, SLIDE_TEXT_PT), SLIDE_TEXT_PT)

    # The title slide: the subtitle goes under the title as many lines as the title takes.
    cover = deck.slides.add_slide(blank)
    title_pt, subtitle_pt = SLIDE_COVER_PT
    heading = phrase("report_title", lang, year=pack.year)
    subtitle = phrase("report_subtitle", lang, cluster=_cluster_name(dataset, lang),
                      province=_province(dataset, pack.year, lang))
    top = 1.9
    height = lines_high(_text_lines(heading, title_pt, 11.7, bold=True), title_pt)
    text(cover, heading, 0.8, top, 11.7, height, title_pt, True, anchor=MSO_ANCHOR.BOTTOM)
    top += height + 0.15
    height = lines_high(_text_lines(subtitle, subtitle_pt, 11.7), subtitle_pt)
    text(cover, subtitle, 0.8, top, 11.7, height, subtitle_pt)
    if dataset.illustrative:
        text(cover, ILLUSTRATIVE_MARK, 0.8, top + height + 0.4, 11.7, lines_high(1, 24), 24, True, red)
    contents = [c.title for c in pack.charts] + ([phrase("report_ranking", lang)] if a.table is not None else [])
    cover.notes_slide.notes_text_frame.text = said(phrase(
        "pack_notes_title", lang, cluster=cluster, province=_province(dataset, pack.year, lang), year=pack.year,
        base=pack.base_year,
        contents="; ".join(contents)))

    # Each chart's slide carries in its notes its takeaway and the paragraphs the report says
    # of it, each paragraph on one slide only: an indicator's paragraph on its own chart's slide,
    # the ranking's on the ranking slide, the rest of a section on its first slide.
    notes = {c.key: list(paragraphs) for _, paragraphs, shown in _sections(dataset, a, pack, lang) for c in shown}
    groups = paragraph_keys(list(a.yoy["indicator"].unique())) if a.yoy is not None else []
    said_in = {k: first for keys in groups for first in keys if first in a.changes for k in keys}
    used = {a.ranking_text} if a.table is not None else set()
    for chart in pack.charts:  # an indicator's chart: the paragraph that says it
        if chart.key.removeprefix("so_sanh_") in said_in:
            notes[chart.key] = [a.changes[said_in[chart.key.removeprefix("so_sanh_")]]]
            used |= set(notes[chart.key])
    for chart in pack.charts:
        own = [p for p in notes.get(chart.key, []) if p.strip() and (p not in used or chart.key.startswith("so_sanh_"))]
        used |= set(own)
        notes[chart.key] = own
    width, height = SLIDE_CHART_INCHES
    for chart in pack.charts:
        slide = deck.slides.add_slide(blank)
        text(slide, chart.title, 0.5, 0.15, 12.3, lines_high(1, SLIDE_TITLE_PT), SLIDE_TITLE_PT, True)
        picture = slide.shapes.add_picture(io.BytesIO(chart.slide_png), Inches(0.5), Inches(0.8),
                                           width=Inches(width))
        if picture.height > Inches(height):  # a taller chart: as high as the space, centred
            picture.height, picture.width = Inches(height), int(picture.width * Inches(height) / picture.height)
        picture.left = Emu(int((deck.slide_width - picture.width) / 2))
        takeaway(slide, chart.takeaway, 7.0)
        foot(slide, " ".join([chart.takeaway + ("" if chart.takeaway.endswith(".") else ".")] + notes[chart.key]),
             chart.slide_source)
    if a.table is not None:
        ranking = a.proposal.table
        parts = [ranking.iloc[i:i + SLIDE_TABLE_ROWS] for i in range(0, len(ranking), SLIDE_TABLE_ROWS)] \
            if len(ranking) > SLIDE_TABLE_ROWS + 1 else [ranking]  # one row more than a slide holds stays
        for n, part in enumerate(parts):
            slide = deck.slides.add_slide(blank)
            name = phrase("report_ranking", lang)
            text(slide, name if n == 0 else phrase("pack_continued", lang, title=name), 0.5, 0.15, 12.3,
                 lines_high(1, SLIDE_TITLE_PT), SLIDE_TITLE_PT, True)
            bottom = _ranking_table(slide, part, lang)
            short = _proposal_takeaway(ranking, lang) or _ranking_takeaway(a.table, lang)
            if n == 0:  # said just under the table
                lines = _text_lines(_short(short, SLIDE_TEXT_PT, 12.3, SLIDE_PROSE_LINES - 3), SLIDE_TEXT_PT, 12.3)
                takeaway(slide, short, min(6.95, bottom + 0.3 + lines_high(lines, SLIDE_TEXT_PT)))
                foot(slide, a.ranking_text or short)
            else:
                rows = "; ".join(f"{int(r.rank)}. {r.member} ({number(round(r.total, 2), lang)})"
                                 for r in part.itertuples(index=False))
                foot(slide, phrase("pack_notes_rows", lang, first=int(part["rank"].iloc[0]),
                                   last=int(part["rank"].iloc[-1]), members=rows))
    path = pack.out_dir / file_name("slides", lang, year=pack.year)
    atomic_write(path, lambda target: deck.save(str(target)))
    return path, len(deck.slides)


def _proposal_takeaway(ranking: pd.DataFrame, lang: str) -> str:
    """What the table proposes, in a line ("Đề nghị: Cờ thi đua — huyện A; Bằng khen — huyện B, huyện C")."""
    words = PACK[lang]
    said = [f"{words[kind]} — " + ", ".join(place(r.member, r.member_code, lang) for r in rows.itertuples())
            for kind in ("flag", "certificate") if len(rows := ranking[ranking["proposal"] == kind])]
    return f"{words['proposal']}: " + "; ".join(said) if said else ""


def _ranking_table(slide: Any, ranking: pd.DataFrame, lang: str) -> float:
    """The ranking as a table at ``SLIDE_TABLE_PT``; returns where it ends (inches from the top)."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    words = PACK[lang]
    headers = [words["rank"], words["member"], words["total"], words["proposal"]]
    proposals = {"flag": words["flag"], "certificate": words["certificate"], "": ""}
    places = points_decimals(ranking["total"])
    widths = (1.3, 4.8, 2.0, 2.8)  # a member's name on one line at SLIDE_TABLE_PT
    row = SLIDE_TABLE_PT * SLIDE_LINE / 72 + 0.2
    shape = slide.shapes.add_table(len(ranking) + 1, 4, Inches((13.333 - sum(widths)) / 2), Inches(1.0),
                                   Inches(sum(widths)), Inches(row * (len(ranking) + 1)))
    cells = shape.table
    for j, inches in enumerate(widths):
        cells.columns[j].width = Inches(inches)
    for j, name in enumerate(headers):
        cells.cell(0, j).text = name
    for i, line in enumerate(ranking.itertuples(index=False), start=1):
        values = [str(int(line.rank)), line.member, number(round(line.total, places), lang, decimals=places),
                  proposals[line.proposal]]
        for j, value in enumerate(values):
            cells.cell(i, j).text = value
    for i in range(len(ranking) + 1):
        cells.rows[i].height = Inches(row)
        for j in range(4):
            for paragraph in cells.cell(i, j).text_frame.paragraphs:
                if j in (0, 2):  # rank and total: numbers line up on the right
                    paragraph.alignment = PP_ALIGN.RIGHT
                for run in paragraph.runs:
                    run.font.size, run.font.name = Pt(SLIDE_TABLE_PT), SLIDE_FONT
    return 1.0 + row * (len(ranking) + 1)


def _font_file(bold: bool) -> str:
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                             weight="bold" if bold else "normal"))


def _text_lines(content: str, size: float, width: float, bold: bool = False) -> int:
    """Lines ``content`` takes at ``size`` pt in a text box ``width`` inches wide, measured with
    DejaVu Sans (wider than Arial and Liberation Sans: what fits here fits in both)."""
    from PIL import ImageFont

    font = ImageFont.truetype(_font_file(bold), 100)
    room = (width - 0.2) * 72 * 100 / size  # the box's margins, 0.1 inch each side
    count = 0
    for paragraph in content.split("\n"):
        line = ""
        count += 1
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > room:
                count, line = count + 1, word
            else:
                line = trial
    return count


def _short(content: str, size: float, width: float, lines: int) -> str:
    """``content`` cut to its first sentences that fit in ``lines`` (the rest is said in the notes)."""
    if _text_lines(content, size, width) <= lines:
        return content
    sentences = [p for p in re.split(r"(?<=[.;])\s+", content) if p]
    kept = sentences[0]
    for sentence in sentences[1:]:
        if _text_lines(f"{kept} {sentence}", size, width) > lines:
            break
        kept = f"{kept} {sentence}"
    words = kept.split()
    while _text_lines(" ".join(words), size, width) > lines and len(words) > 1:
        words = words[:-1]
    kept = " ".join(words)
    return kept if kept == sentences[0] or kept.endswith((".", ";")) else kept.rstrip(",;:") + " …"


def _notes_cut(content: str, words: int) -> str:
    """The notes' first whole sentences, each said once, at most ``words`` words (the báo cáo
    says the rest); a first sentence too long alone is cut after a whole clause, with "…".

    >>> _notes_cut("A b. A b. C d e f g h.", 4)
    'A b.'
    >>> _notes_cut("Lead: x y; z w; v u.", 6)
    'Lead: x y; z w …'
    """
    sentences = list(dict.fromkeys(re.split(r"(?<=[.!?])\s+", " ".join(content.split()))))
    kept: list[str] = []
    for sentence in sentences:
        if len(" ".join(kept + [sentence]).split()) > words:
            break
        kept.append(sentence)
    if kept:
        return " ".join(kept)
    clauses: list[str] = []
    for clause in re.split(r"(?<=;)\s+", sentences[0]):
        if len(" ".join(clauses + [clause]).split()) > words - 1:
            break
        clauses.append(clause)
    text = " ".join(clauses) if clauses else " ".join(sentences[0].split()[:words - 1])
    return text.rstrip(";:,") + " …"


# --- the written summary -------------------------------------------------------------------------

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


def _document(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """The báo cáo in the seed's order: the year's results (economy, society, security), plans,
    awards, the bình xét's result and next year's head, and a placeholder for next year's
    tasks — what the cluster says and signs, nothing about how the pack was made (that is
    the annex's)."""
    words = DOC[lang]
    pictures = _picture_list(pack, words)
    parts: list[Section] = []
    if a.yoy is not None:
        table = catalog.indicators().table
        paragraphs = [a.restated_text]
        number_of, said = 0, set()
        for category in catalog.CATEGORIES:
            keys = [k for k in table.index[table["category"] == category] if k in a.changes]
            if keys:
                number_of += 1
                paragraphs += [Subheading(f"{number_of}. {words[f'category_{category}']}"),
                               *(a.changes[k] for k in keys)]
                said.update(keys)
        # a dataset's own indicators (a khối's tasks) and the office's own: after the categories
        paragraphs += [text for k, text in a.changes.items() if k not in said]
        results = words["results_block" if body_kind(_cluster_name(dataset)) == "block" else "results"]
        parts.append(Section(results.format(year=pack.year), paragraphs, pictures=pictures("thay_doi")))
    if a.plans_text:
        parts.append(Section(phrase("report_plans", lang, year=pack.year), [a.plans_text]))
    if a.awards is not None:
        parts.append(Section(words["awards"].format(year=pack.year), a.awards_text,
                             pictures=pictures("khen_thuong")))
    if a.result_text or a.handover_text:
        tables = [(words["ranking_table"].format(n=1, year=pack.year), _ranking_frame(a, lang))] \
            if a.table is not None else []
        # the scores, the proposal and the ballot, their table and chart, then the hand-over
        ballot = _ballot_tally(dataset, pack.year, lang) if a.table is not None else ""
        parts.append(Section(words["scoring" if a.table is not None else "binh_xet"], [a.result_text, ballot],
                             tables=tables, pictures=pictures("bang_diem"), closing=[a.handover_text]))
    parts.append(Section(words["next_year"].format(year=pack.year + 1),
                         [words["next_year_text"].format(year=pack.year + 1)], placeholder=True))
    return write_document(pack.out_dir / file_name("report", lang, year=pack.year), issuer=_cluster_name(dataset, lang),
                          subject=words["subject"].format(year=pack.year, next_year=pack.year + 1), sections=parts,
                          illustrative=dataset.illustrative, lang=lang, managing=_managing(dataset, pack.year, lang),
                          number=_table_numbers(a, lang))


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


def _annex(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """The annex for the board (phu_luc_<year>.docx): how the scores were reached and how
    robust the ranking is, what was restated and what could not be compared, and where the
    figures come from — what the signed báo cáo leaves out."""
    words = DOC[lang]
    pictures = _picture_list(pack, words)
    parts: list[Section] = []
    if a.table is not None:
        tables = [(words["ranking_table"].format(n=1, year=pack.year), _ranking_frame(a, lang)),
                  (words["group_table"].format(n=2, year=pack.year), _points_by_group(a.table, lang))]
        parts.append(Section(phrase("report_scoring_annex", lang), [a.ranking_text], tables=tables,
                             pictures=pictures("bang_diem", "tu_cham")))
        parts.append(Section(phrase("report_robustness", lang), [a.robust_text],
                             pictures=pictures("do_vung", "bo_tieu_chi")))
    if a.restated_lines:
        parts.append(Section(phrase("report_restated", lang), [a.restated_text, *a.restated_lines]))
    parts.append(Section(words["sources"], [*_sources_text(dataset, lang)]))
    if pack.left_out:
        parts.append(Section(phrase("report_left_out", lang), list(pack.left_out)))
    return write_document(pack.out_dir / file_name("annex", lang, year=pack.year), issuer=_cluster_name(dataset, lang),
                          subject=words["annex_subject"].format(year=pack.year), sections=parts,
                          illustrative=dataset.illustrative, lang=lang, title=words["annex_title"], signed=False,
                          managing=_managing(dataset, pack.year, lang),
                          number=_table_numbers(a, lang))


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


def _summary(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str,
             kinds: Iterable[str] = ("md", "html")) -> list[Path]:
    title = phrase("report_title", lang, year=pack.year)
    subtitle = phrase("report_subtitle", lang, cluster=_cluster_name(dataset, lang),
                      province=_province(dataset, pack.year, lang))
    sections = _sections(dataset, a, pack, lang)
    md = [f"# {title}", "", f"*{subtitle}*", ""]
    if dataset.illustrative:
        md += [f"**{ILLUSTRATIVE_MARK}**", ""]
    body = []
    for i, (heading, paragraphs, charts) in enumerate(sections, start=1):
        md += [f"## {i}. {heading}", ""]
        body.append(f"<h2>{i}. {html.escape(heading)}</h2>")
        for paragraph in paragraphs:
            if paragraph:
                md += [paragraph, ""]
                body.append(f"<p>{html.escape(paragraph)}</p>")
        for chart in charts:
            relative = chart.png.relative_to(pack.out_dir).as_posix()
            md += [f"![{chart.title}]({relative})", "", f"*{chart.takeaway}*", ""]
            body.append(f'<figure><img src="{html.escape(relative)}" alt="{html.escape(chart.title)}">'
                        f"<figcaption>{html.escape(chart.takeaway)}</figcaption></figure>")
    notice = f'<p class="mark">{html.escape(ILLUSTRATIVE_MARK)}</p>' if dataset.illustrative else ""
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #212121; }}
h1 {{ font-size: 2rem; }} h2 {{ margin-top: 2rem; border-bottom: 2px solid #1565c0; }}
.mark {{ color: #b22222; font-weight: bold; }}
figure {{ margin: 1rem 0; }} img {{ max-width: 100%; border: 1px solid #e0e0e0; }}
figcaption {{ font-style: italic; color: #424242; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p><em>{html.escape(subtitle)}</em></p>
{notice}
{chr(10).join(body)}
</body>
</html>
"""
    md_path = pack.out_dir / file_name("summary_md", lang, year=pack.year)
    html_path = pack.out_dir / file_name("summary_html", lang, year=pack.year)
    written = []
    if "md" in kinds:
        written.append(atomic_write(md_path, lambda target: target.write_text("\n".join(md), encoding="utf-8")))
    if "html" in kinds:
        written.append(atomic_write(html_path, lambda target: target.write_text(page, encoding="utf-8")))
    return written
