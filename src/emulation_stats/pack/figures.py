"""The pack's charts: which are drawn, the sentence each one's slide says, and the picture
of each at print and at slide size (legends and ticks that fit a slide)."""

from __future__ import annotations

import io
import warnings
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from emulation_stats.analysis.scoring import ScoreTable
from emulation_stats.core import catalog
from emulation_stats.core.phrases import counted, number, phrase, unit_word
from emulation_stats.pack import charts as plot
from emulation_stats.pack.charts_style import laid_out
from emulation_stats.pack.contents import MAX_YOY_CHARTS, TREND_INDICATORS, Chart, _Analysis, file_name
from emulation_stats.units.naming import members_word, place
from emulation_stats.words.scores import ranking_leader

if TYPE_CHECKING:  # a type named only
    from emulation_stats.load.dataset import Dataset

SLIDE_CHART_INCHES = (12.3, 5.4)  # the space for a chart between a slide's title and its takeaway


SLIDE_MIN_PT = 14  # nothing read in the hall is smaller (text boxes, the table, the charts' own words)


def _save(fig_or_ax: Any, folder: Path, key: str, takeaway: str, charts: list[Chart], lang: str = "vi", *,
          slides: bool = True) -> None:
    axes = fig_or_ax.flat[0] if isinstance(fig_or_ax, np.ndarray) else fig_or_ax
    # Small multiples carry their title on the figure, single charts on the axes.
    suptitle = axes.figure.get_suptitle() if isinstance(fig_or_ax, np.ndarray) else ""
    title = suptitle or axes.get_title(loc="left") or key
    png, svg = plot.save(axes.figure, folder / file_name(key, lang))
    slide = _slide_picture(axes.figure) if slides else ()  # drawn again at the slide's size: only for a deck
    charts.append(Chart(key, title, takeaway[:1].upper() + takeaway[1:], png, svg, *slide))
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
        fig.draw_without_rendering()
        bottom = legend.get_window_extent().height / fig.bbox.height + 0.02
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tight_layout may say a layout is tight; it holds
        fig.tight_layout(rect=(0, bottom, 1, 1))
    buffer = io.BytesIO()
    laid_out(fig).savefig(buffer, format="png", dpi=150)
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
        fig.draw_without_rendering()
        while columns > 1 and legend.get_window_extent().width > min(ax.bbox.width * 1.1, fig.bbox.width * 0.95):
            columns -= 1
            legend = ax.legend(handles, labels, ncols=columns, **place)
            fig.draw_without_rendering()


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
    for ax in fig.axes:  # the tick labels say where they are once asked: no drawing needed
        if not ax.get_visible() or not collide(ax):
            continue
        texts = [t.get_text() for t in ax.get_xticklabels()]
        size = max(SLIDE_MIN_PT, *(t.get_fontsize() for t in ax.get_xticklabels()))
        half = max(6, (max(len(t) for t in texts) + 1) // 2)
        ax.set_xticks(ax.get_xticks(), ["\n".join(textwrap.wrap(t, half)) or t for t in texts], fontsize=size)
        fig.draw_without_rendering()
        if collide(ax):  # turned from its tick, away from the axes (above a table's head, below a chart)
            top = ax.xaxis.get_label_position() == "top" or ax.xaxis.get_ticks_position() == "top"
            ax.set_xticks(ax.get_xticks(), texts, fontsize=size, rotation=45, rotation_mode="anchor",
                          ha="left" if top else "right")


def _charts(dataset: Dataset, a: _Analysis, year: int, base: int, folder: Path, lang: str, *,
            slides: bool = True) -> list[Chart]:
    charts: list[Chart] = []
    save = partial(_save, slides=slides)
    if a.yoy is not None:
        members = a.yoy[a.yoy["level"] == "member"]
        counts = members["assessment"].value_counts()
        if members["indicator"].nunique() > 1:  # one indicator's table is a strip its sentence already says
            save(plot.change_heatmap(a.yoy, lang=lang), folder, "thay_doi",
                  phrase("takeaway_heatmap", lang, better=int(counts.get("better", 0)),
                         worse=int(counts.get("worse", 0)), base=base), charts, lang)
        for key in _yoy_indicators(members):
            rows = members[members["indicator"] == key]
            save(plot.yoy_bars(a.yoy, key, lang=lang), folder, f"so_sanh_{key}", _yoy_takeaway(rows, lang),
                  charts, lang)
    if a.trends is not None:
        keys = [k for k in catalog.indicators().table.index if k in set(a.trends["indicator"])][:TREND_INDICATORS]
        years = dataset.indicators.loc[dataset.indicators["year"] <= year, "year"]
        data = dataset.indicators[dataset.indicators["year"] <= year]
        save(plot.trend_lines(data, keys, lang=lang), folder, "dien_bien",
              phrase("takeaway_trend", lang, first=int(years.min()), last=year, n=len(keys)), charts, lang)
    if a.awards is not None:
        counts = a.awards.counts.groupby("recipient_kind")["count"].sum()
        save(plot.award_bars(dataset.awards, year, lang=lang), folder, "khen_thuong",
              phrase("takeaway_awards", lang, collectives=number(int(counts.get("collective", 0)), lang),
                     individuals=number(int(counts.get("individual", 0)), lang), year=year), charts, lang)
    if a.table is not None:
        save(plot.score_bars(a.table, lang=lang), folder, "bang_diem", _ranking_takeaway(a.table, lang), charts, lang)
        if a.gap is not None and a.gap["gap"].notna().any():
            names = a.table.names.to_dict()
            labels = a.table.rubric.labels
            save(plot.assessment_gap(a.gap, year, lang=lang, labels=labels, names=names), folder, "tu_cham",
                  _gap_takeaway(a.gap, names, lang), charts, lang)
        save(plot.rank_intervals(a.robust, lang=lang), folder, "do_vung", _robust_takeaway(a.robust_text),
              charts, lang)
        save(plot.leave_one_out_bars(a.loo, lang=lang), folder, "bo_tieu_chi", _loo_takeaway(a.loo, lang),
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
