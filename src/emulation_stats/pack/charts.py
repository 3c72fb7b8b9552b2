"""Conference charts, one function per chart, in the style of seaborn.

Each function takes a tidy table (as the library's functions return them) and keyword
arguments, draws on ``ax=`` when given, and returns the Axes (the array of Axes for small
multiples). The style is for a projector: 16:9, large type, Vietnamese number format on
the axes, a source line, and the watermark "Số liệu minh họa / illustrative data" whenever
the data is illustrative (read from ``DataFrame.attrs`` that :func:`load_dataset` sets,
or given with ``illustrative=``). :func:`save` writes PNG (200 dpi) and SVG.

>>> import emulation_stats as es
>>> ds = es.load_dataset("data/gia_lai_2017")
>>> ax = yoy_bars(es.compare_years(ds.indicators, 2016, 2017), "criminal_cases")
>>> ax.get_title(loc="left")
'Số vụ phạm pháp hình sự: 2016 và 2017'
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from emulation_stats.analysis.scoring import propose
from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names, require_years
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, award_label, number, share_said, unit_word
from emulation_stats.core.text import name_key, points_decimals, reported_decimals, sort_key_vi
from emulation_stats.units.order import in_member_order, members_named

if TYPE_CHECKING:  # types named only; these modules sit below or beside this one
    from emulation_stats.analysis.scoring import ScoreTable
    from emulation_stats.analysis.sensitivity import SensitivityResult

SIZE = (13.33, 7.5)  # inches: 16:9
COLOURS = {"better": "#2e7d32", "worse": "#c62828", "same": "#757575", "not_assessed": "#5c7f99", "n/a": "#bdbdbd",
           "base": "#b0bec5", "collective": "#1565c0", "individual": "#ef6c00", "household": "#6a1b9a"}
STYLE = {
    "font.family": "DejaVu Sans",  # has every Vietnamese diacritic
    "font.size": 17, "axes.titlesize": 24, "axes.titleweight": "bold", "axes.labelsize": 19,
    "xtick.labelsize": 16, "ytick.labelsize": 16, "legend.fontsize": 16, "legend.title_fontsize": 16,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#e0e0e0",
    "grid.linewidth": 0.8, "axes.axisbelow": True, "figure.dpi": 100, "savefig.dpi": 200,
    "svg.fonttype": "none",
    "svg.hashsalt": "emulation_stats",  # the same chart, the same SVG: ids not drawn at random
}
WORDS = Words("chart_")  # data/reference/phrases.csv


@contextmanager
def conference_style():
    """The projector style as a context (nothing global is changed).

    Only the style's own settings are put back afterwards: ``plt.rc_context`` would also
    restore ``interactive``, which Jupyter's inline backend switches on when the first
    figure is made, and later figures would then not be shown."""
    saved = {key: matplotlib.rcParams[key] for key in STYLE}
    matplotlib.rcParams.update(STYLE)
    try:
        yield
    finally:
        matplotlib.rcParams.update(saved)


def _axes(ax: Axes | None, size: tuple[float, float] = SIZE) -> tuple[Axes, bool]:
    """The Axes to draw on, and whether this call made its figure (then it also finishes it)."""
    if ax is not None:
        return ax, False
    _, ax = plt.subplots(figsize=size)
    return ax, True


def _formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: number(round(value, 6), lang))


# A part of a source that names a program ("scripts/make_sample_data.py (seed 20241)") says how
# the figures were made up, not where they come from: it is never cited on a chart.
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PROGRAM = re.compile(r"[\w./\-]+\.(?:py|ipynb|r|sh|R)\b|\bseed\s+\d+", re.IGNORECASE)


_SAYS_ILLUSTRATIVE = re.compile(r"minh họa|illustrative", re.IGNORECASE)


def source_line(data: pd.DataFrame, *, illustrative: bool | None = None, source: str | None = None,
                lang: str = "vi") -> str:
    """What a chart says its figures come from: the sources the dataset cites (``attrs``),
    never a program that generated them; for illustrative data "Số liệu minh họa" first.

    >>> frame = pd.DataFrame(); frame.attrs.update(illustrative=True,
    ...     source="scripts/make_sample_data.py (seed 20241); tên huyện theo danh mục GSO")
    >>> source_line(frame)
    'Nguồn: Số liệu minh họa; tên huyện theo danh mục GSO'
    """
    illustrative = bool(data.attrs.get("illustrative", False)) if illustrative is None else illustrative
    given = source is not None
    if source is None:  # an English chart cites the sources' English titles where dataset.yaml gives them
        source = str(data.attrs.get(f"source_{lang}") or data.attrs.get("source") or "")
    parts = [part.strip() for part in source.split(";")] if not given else [source.strip()]
    cited = [_ISO_DATE.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", part) for part in parts
             if part and not _PROGRAM.search(part)]
    if illustrative and not given:
        # "Số liệu minh họa" is said first, once: a source's own "mọi số liệu là minh họa" goes
        cited = [", ".join(c for c in part.split(", ") if not _SAYS_ILLUSTRATIVE.search(c)) for part in cited]
        cited = [part for part in cited if part]
        cited.insert(0, WORDS[lang]["illustrative_source"])
    return f"{WORDS[lang]['source']}: {'; '.join(cited)}" if cited else ""


def _mark(fig: Figure, data: pd.DataFrame, *, illustrative: bool | None, source: str | None, lang: str) -> float:
    """The source line (bottom left, wrapped, never cut) and, for illustrative data, the
    watermark. Returns the height (a fraction of the figure) they take at the bottom."""
    illustrative = bool(data.attrs.get("illustrative", False)) if illustrative is None else illustrative
    text = source_line(data, illustrative=illustrative, source=source, lang=lang)
    lines = 1
    if text:  # wrapped to the room it has: narrower where the illustrative mark shares the bottom line
        room = fig.bbox.width * (0.66 if illustrative else 0.97)
        line = fig.text(0.01, 0.012, text, ha="left", va="bottom", fontsize=11, color="#616161", linespacing=1.25)
        renderer = fig.canvas.get_renderer()
        for width_chars in range(int(fig.get_figwidth() * 14), 20, -4):
            wrapped = textwrap.wrap(text, width_chars, break_long_words=False, break_on_hyphens=False)
            line.set_text("\n".join(wrapped))
            if line.get_window_extent(renderer).width <= room:
                break
        lines = max(1, len(wrapped))
    if illustrative:
        fig.text(0.99, 0.012, ILLUSTRATIVE_MARK, ha="right", va="bottom", fontsize=14, color="firebrick",
                 fontweight="bold")
        fig.text(0.5, 0.5, ILLUSTRATIVE_MARK, ha="center", va="center", fontsize=40, color="firebrick",
                 alpha=0.07, rotation=20, zorder=0)
    return 0.02 + lines * 11 * 1.25 / 72 / fig.get_figheight()


def _layout(fig: Figure, bottom: float = 0.05) -> None:
    fig.tight_layout(rect=(0, max(0.05, bottom), 1, 1))
    for ax in fig.axes:  # a chart whose labels depend on the room it is given fits them again
        refit = getattr(ax, "_fit_labels", None)
        if refit is not None and refit():
            fig.tight_layout(rect=(0, max(0.05, bottom), 1, 1))
    if _wrap_titles(fig):
        fig.tight_layout(rect=(0, max(0.05, bottom), 1, 1))


def _wrap_titles(fig: Figure) -> bool:
    """A title longer than the room right of its axes' left edge (long labels push the axes
    right; English titles are longer) is wrapped onto lines that fit, never cut by the edge."""
    renderer = fig.canvas.get_renderer()
    wrapped = False
    for ax in fig.axes:
        for title in (ax._left_title, ax.title):  # the left-aligned title, or the centred one
            text = " ".join(title.get_text().split())
            if not text or title.get_window_extent(renderer).x1 <= fig.bbox.x1 - 4:
                continue
            for width in range(len(text) - 4, 12, -4):
                title.set_text("\n".join(textwrap.wrap(text, width, break_long_words=False)))
                if title.get_window_extent(renderer).x1 <= fig.bbox.x1 - 4:
                    break
            wrapped = True
    return wrapped


def finish(fig: Figure | Axes, data: pd.DataFrame, *, illustrative: bool | None = None, source: str | None = None,
           lang: str = "vi") -> Figure:
    """What belongs to a figure, not to one chart on it: the source line, the watermark of
    illustrative data and the layout. A chart function does this itself when it made the
    figure; given ``ax=``, it draws on that Axes only and whoever made the figure calls this
    once (seaborn's contract). ``data`` is the tidy table drawn (its ``attrs`` say the source).

    >>> import matplotlib.pyplot as plt
    >>> fig, (left, right) = plt.subplots(1, 2)
    >>> frame = pd.DataFrame({"x": [1]}); frame.attrs.update(source="Sở Nội vụ", illustrative=True)
    >>> len(finish(fig, frame).texts)  # one source line, the mark at the bottom and the watermark
    3
    """
    fig = fig.figure if isinstance(fig, Axes) else fig
    _layout(fig, _mark(fig, data, illustrative=illustrative, source=source, lang=lang))
    return fig


def _wrap(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def _members(rows: pd.DataFrame) -> list[str]:
    """Member names in the cluster's own order (the table's ``member_order``), the rest in
    Vietnamese alphabetical order (Đ after D, not after Z)."""
    return list(dict.fromkeys(in_member_order(rows.drop_duplicates("member"))["member"]))


ORDERS = ("cluster", "value")


def _shown(named: pd.Series, members: Iterable[str] | str | None, order: str | Iterable[str], *,
           cluster: list[str], by_value: list[str], year: int | None = None,
           codes: dict[str, str] | None = None) -> list[str]:
    """The members a chart shows (keys of ``named``: key -> name), in the order it shows
    them: ``order="cluster"`` the cluster's own, ``"value"`` the chart's measure, or a list
    of names (as seaborn's ``order=``, the list is also what is shown). ``members`` keeps
    only those named; each by any spelling (``"Mang Yang"``, ``"UBND xã Mang Yang"``)."""
    if codes:  # a chart keyed by names takes a member's code too
        members = [codes.get(m, m) for m in ([members] if isinstance(members, str) else members)] \
            if members is not None else None
        order = order if isinstance(order, str) else [codes.get(m, m) for m in order]
    chosen = members_named(named, members, year=year) if members is not None else list(named.index)
    if isinstance(order, str):
        if order not in ORDERS:
            raise DataError(f"order='{order}': hãy dùng 'cluster' (thứ tự của Cụm), 'value' (theo số liệu) "
                            "hoặc danh sách tên thành viên")
        listed = cluster if order == "cluster" else by_value
    else:
        listed = members_named(named, order, year=year)
        if members is None:
            chosen = listed
    shown = [k for k in listed if k in chosen]
    if not shown:
        raise DataError("không còn thành viên nào để vẽ")
    return shown


def _names_of(rows: pd.DataFrame, key: str = "member_code") -> pd.Series:
    """key -> the member's name, one per key, in the table's row order."""
    first = rows.drop_duplicates(key)
    return pd.Series(first["member"].astype(str).to_numpy(), index=first[key].astype(str).to_numpy(), dtype=object)


def _cluster_order(rows: pd.DataFrame, key: str = "member_code") -> list[str]:
    return list(dict.fromkeys(in_member_order(rows.drop_duplicates(key))[key].astype(str)))


DERIVED = re.compile(r"suy ra|derived", re.IGNORECASE)


def _award_axis_label(label: str, authority: str, lang: str) -> str:
    """An award as an axis label: capitalised, without running text's "the title", its
    authority in brackets unless the name already says it ("Prime Minister's Certificate")."""
    label = label.removeprefix("the title ") if lang == "en" else label
    label = label[:1].upper() + label[1:]
    return label if authority.lower() in label.lower() else f"{label} ({authority})"


def derived(sources: pd.Series) -> np.ndarray:
    """Which figures the dataset marks as derived: their ``source`` says "Suy ra ..." (the
    loader's mark for a figure worked out from others, not reported)."""
    return sources.fillna("").astype(str).str.contains(DERIVED).to_numpy(bool)


def _decimals(values: Iterable[float]) -> int:
    """The precision of a set of figures: the most decimals any was reported with, at most
    two. A figure with more than three decimals (59,166659) was computed (restated onto the
    new units, a weighted mean), not reported: it does not set the precision."""
    places = [reported_decimals(float(v), 6) for v in values if pd.notna(v)]
    reported = [d for d in places if d <= 3]
    return min(2, max(reported, default=2 if places else 0))


def _derived_handle(lang: str) -> tuple[plt.Rectangle, str]:
    return (plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#616161", hatch="///", linewidth=1.2),
            WORDS[lang]["derived"])


def _legend_below(ax: Axes, handles: list, labels: list[str], y: float, most: int, fontsize: float = 14):
    """A legend under the Axes in as many columns as fit the figure's width: never cut at
    the edge; the columns are chosen again once the figure's layout is done."""
    fig = ax.figure

    def place() -> bool:
        old = ax.get_legend()
        renderer = fig.canvas.get_renderer()
        for ncols in range(min(most, len(labels)), 0, -1):
            if ax.get_legend() is not None:
                ax.get_legend().remove()
            legend = ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, y), ncols=ncols,
                               frameon=False, fontsize=fontsize)
            box = legend.get_window_extent(renderer)
            if box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1:
                break
        return old is None or old._ncols != legend._ncols

    place()
    return place


def _one_indicator(data: pd.DataFrame, indicator: str | None) -> pd.DataFrame:
    keys = data["indicator"].unique()
    if indicator is None:
        if len(keys) != 1:
            raise DataError(f"chọn một chỉ tiêu (indicator=...) trong: {', '.join(map(str, keys))}")
        indicator = keys[0]
    require_names(indicator, keys, "chỉ tiêu")
    rows = data[data["indicator"] == indicator]
    if "current_value" in rows and rows["current_value"].isna().all():  # a year-over-year table of nothing
        raise DataError(f"không có số liệu của chỉ tiêu '{indicator}' năm {int(rows['current_year'].iloc[0])}")
    return rows


def _name(rows: pd.DataFrame, lang: str) -> str:
    key = rows["indicator"].iloc[0]
    if lang == "en" and key in catalog.indicators():
        return catalog.indicators()[key]["name_en"]
    return str(rows["indicator_name"].iloc[0]) if "indicator_name" in rows else str(key)


def yoy_bars(data: pd.DataFrame, indicator: str | None = None, *, order: str | Iterable[str] = "value",
             members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
             title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Each member's value in the base and the current year, side by side; the current bar
    coloured better/worse by the catalogue's direction, its change written above.

    Parameters
    ----------
    data : DataFrame
        A :func:`~emulation_stats.compare.compare_years` table.
    indicator : str, optional
        The indicator's key; may be left out when ``data`` holds one indicator only.
    order : {"value", "cluster"} or list of str, default "value"
        Left to right: the highest current value first (``"value"``), the cluster's own
        order (``"cluster"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title ("<indicator>: <base> và <current>").
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    with conference_style():
        rows = _one_indicator(data, indicator)
        rows = rows[rows.get("level", "member") == "member"]
        by_value = rows.iloc[sorted(range(len(rows)), key=lambda i: (-np.nan_to_num(rows["current_value"].iloc[i],
                                                                                    nan=-np.inf),
                                                                       sort_key_vi(rows["member"].iloc[i])))]
        keys = rows["member_code"].astype(str)
        shown = _shown(_names_of(rows), members, order, cluster=_cluster_order(rows),
                       by_value=list(by_value["member_code"].astype(str)), year=int(rows["current_year"].iloc[0]))
        rows = rows.iloc[[list(keys).index(k) for k in shown]]
        ax, made = _axes(ax)
        x = np.arange(len(rows))
        base_year, current_year = int(rows["base_year"].iloc[0]), int(rows["current_year"].iloc[0])
        base_derived = derived(rows["source_base"]) if "source_base" in rows else np.zeros(len(rows), bool)
        current_derived = derived(rows["source_current"]) if "source_current" in rows else np.zeros(len(rows), bool)
        colours = [COLOURS.get(a, COLOURS["n/a"]) for a in rows["assessment"]]
        for offset, values, colour, hollow in ((-0.2, rows["base_value"], [COLOURS["base"]] * len(rows), base_derived),
                                               (0.2, rows["current_value"], colours, current_derived)):
            bars = ax.bar(x + offset, values, width=0.38, color=colour)
            for bar, is_derived, c in zip(bars, hollow, colour):
                if is_derived:  # a derived figure: hatched, its colour only in the outline and hatching
                    bar.set(facecolor="white", edgecolor=c, hatch="///", linewidth=1.5)
        top = np.nanmax(rows[["base_value", "current_value"]].to_numpy(dtype=float)) if len(rows) else 1
        decimals = _decimals(rows[["base_value", "current_value"]].to_numpy(float).ravel())
        for xi, (value, change, assessment) in enumerate(zip(rows["current_value"], rows["change"],
                                                             rows["assessment"])):
            if pd.isna(value):
                continue
            # one precision for the chart: the figures' own, and the change at the figures' precision
            label = number(float(value), lang, decimals=decimals)
            if pd.notna(change):
                change = round(float(change), decimals) + 0.0  # never "-0"
                label += f"\n({'+' if change > 0 else ''}{number(change, lang, decimals=decimals)})"
            ax.text(xi + 0.2, value + top * 0.015, label, ha="center", va="bottom", fontsize=14,
                    color=COLOURS.get(assessment, "#424242"))
        ax.set_xticks(x, [_wrap(d, 14 if len(rows) <= 6 else 10) for d in rows["member"]])  # names fit their bars
        ax.set_ylim(0, top * 1.22 if top > 0 else 1)
        ax.yaxis.set_major_formatter(_formatter(lang))
        ax.set_ylabel(unit_word(rows["indicator"].iloc[0], rows["unit"].iloc[0] if "unit" in rows else "", lang))
        ax.set_title(title or WORDS[lang]["yoy"].format(name=_name(rows, lang), base=base_year,
                                                        current=current_year), loc="left")
        # exactly what is drawn: the base year if a base bar is, each colour a current bar has
        drawn_current = rows.loc[rows["current_value"].notna(), "assessment"].fillna("n/a")
        kinds = [k for k in ("better", "worse", "same", "not_assessed", "n/a")
                 if (drawn_current.where(drawn_current.isin(COLOURS), "n/a") == k).any()]
        handles = ([plt.Rectangle((0, 0), 1, 1, color=COLOURS["base"])] if rows["base_value"].notna().any() else []) \
            + [plt.Rectangle((0, 0), 1, 1, color=COLOURS[k]) for k in kinds]
        labels = ([str(base_year)] if handles and rows["base_value"].notna().any() else []) + \
            [f"{current_year}: {WORDS[lang][k]}" for k in kinds]
        if (base_derived & rows["base_value"].notna().to_numpy()).any() or \
                (current_derived & rows["current_value"].notna().to_numpy()).any():
            handle, label = _derived_handle(lang)
            handles.append(handle)
            labels.append(label)
        legend = ax.legend(handles, labels, loc="best", frameon=False, ncols=2)
        _clear_of_labels(ax, legend)
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def _clear_of_labels(ax: Axes, legend: matplotlib.legend.Legend, tries: int = 4) -> None:
    """Room above the bars until the legend covers no bar and no figure written over one:
    in the cluster's order the tallest bar may stand where the legend would go."""
    for _ in range(tries):
        renderer = ax.figure.canvas.get_renderer()
        box = legend.get_window_extent(renderer)
        covered = [t.get_window_extent(renderer) for t in ax.texts] + \
                  [p.get_window_extent(renderer) for p in ax.patches]
        if not any(box.overlaps(other) for other in covered):
            return
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top + 0.15 * (top - bottom))


def trend_lines(data: pd.DataFrame, indicators: str | Iterable[str] | None = None, *, measure: str = "actual",
                order: str | Iterable[str] = "cluster", members: Iterable[str] | str | None = None,
                col_wrap: int = 3, lang: str = "vi", title: str | None = None, source: str | None = None,
                illustrative: bool | None = None) -> np.ndarray:
    """Small multiples: one panel per indicator, one line per member, over the years.

    Parameters
    ----------
    data : DataFrame
        The tidy indicators table (of one world: ``Dataset.on_units(year).indicators``
        across the reform).
    indicators : str or list of str, optional
        The indicators' keys, one panel each; default the first six of the table.
    measure : {"actual", "plan"}, default "actual"
        Which figures are drawn.
    order : {"cluster", "value"} or list of str, default "cluster"
        The order of the legend and the colours: the cluster's own, the highest value of
        the first indicator's last year first (``"value"``), or the members listed (by any
        spelling; only those drawn).
    members : list of str, optional
        Only these members (by any spelling). Default: every member.
    col_wrap : int, default 3
        Panels per row.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the figure's title.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    ndarray of Axes
    """
    with conference_style():
        rows = data[data["measure"] == measure]
        keys = ([indicators] if isinstance(indicators, str) else list(indicators)) if indicators is not None \
            else list(dict.fromkeys(rows["indicator"]))[:6]
        require_names(keys, rows["indicator"].unique(), "chỉ tiêu")
        ncols = min(col_wrap, len(keys))
        nrows = int(np.ceil(len(keys) / ncols))
        fig, axes = plt.subplots(nrows, ncols, figsize=SIZE, squeeze=False)
        drawn = rows[rows["indicator"].isin(keys)]
        first = drawn[drawn["indicator"] == keys[0]]
        last = first[first["year"] == first["year"].max()].sort_values("value", ascending=False, kind="stable")
        by_value = list(dict.fromkeys([*last["member"].astype(str), *_members(drawn)]))
        districts = _shown(pd.Series(_members(drawn), index=_members(drawn), dtype=object), members, order,
                           cluster=_members(drawn), by_value=by_value,
                           year=int(drawn["year"].max()) if len(drawn) else None,
                           codes=dict(zip(drawn["member_code"].astype(str), drawn["member"].astype(str))))
        palette = plt.get_cmap("tab10")
        any_derived = False
        for ax, key in zip(axes.flat, keys):
            part = rows[rows["indicator"] == key]
            for i, district in enumerate(districts):
                line = part[part["member"] == district].sort_values("year")
                ax.plot(line["year"], line["value"], marker="o", color=palette(i % 10), label=_wrap(district, 18),
                        linewidth=2.2)
                hollow = derived(line["source"]) if "source" in line else np.zeros(len(line), bool)
                if hollow.any():  # a derived figure: a hollow marker over the line's own
                    any_derived = True
                    ax.plot(line["year"][hollow], line["value"][hollow], linestyle="none", marker="o",
                            markersize=11, markerfacecolor="white", markeredgecolor=palette(i % 10),
                            markeredgewidth=2.2, zorder=4)
            name = catalog.indicators()[key]["name_en" if lang == "en" else "name_vi"] \
                if key in catalog.indicators() else key
            unit = unit_word(key, part["unit"].iloc[0], lang) if len(part) else ""
            ax.set_title(_wrap(f"{name} ({unit})" if unit else name, 24), fontsize=14, loc="left")
            ax.yaxis.set_major_formatter(_formatter(lang))
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=5))
            ax.tick_params(labelsize=13)
        for ax in axes.flat[len(keys):]:
            ax.set_visible(False)
        handles = [matplotlib.lines.Line2D([], [], marker="o", color=palette(i % 10), linewidth=2.2)
                   for i in range(len(districts))]
        labels = [_wrap(d, 18) for d in districts]
        if any_derived:
            handles.append(matplotlib.lines.Line2D([], [], marker="o", linestyle="none", markersize=11,
                                                   markerfacecolor="white", markeredgecolor="#616161",
                                                   markeredgewidth=2.2))
            labels.append(_wrap(WORDS[lang]["derived"], 18))
        size = 16 if len(labels) <= 8 else 13
        legend = fig.legend(handles, labels, loc="center right", frameon=False, title=WORDS[lang]["member"],
                            fontsize=size, title_fontsize=size)
        fig.suptitle(title or WORDS[lang]["trend"], x=0.01, ha="left", fontsize=24, fontweight="bold")
        bottom = _mark(fig, data, illustrative=illustrative, source=source, lang=lang)
        fig.canvas.draw()  # the panels end where the legend begins: it never covers one
        right = 1 - (legend.get_window_extent(fig.canvas.get_renderer()).width + 12) / fig.bbox.width
        fig.tight_layout(rect=(0, max(0.05, bottom), min(0.80, right), 1), h_pad=1.5, w_pad=2.0)
    return axes


def _column_heads(ax: Axes, names: list[str]):
    """Column heads that fit their columns: each name wrapped at its words ("Xã Tân" over
    "Cương") and, if that is not enough, set smaller, so no two heads touch. Returns the
    function that fits them again once the figure's layout has changed the columns' width."""
    fig = ax.figure

    def fit() -> bool:
        before = [t.get_text() for t in ax.get_xticklabels()]
        renderer = fig.canvas.get_renderer()
        column = ax.get_window_extent(renderer).width / max(1, len(names))
        for size in (14, 13, 12, 11, 10, 9):
            for width in (14, 12, 10, 8, 6, 4):
                labels = [_wrap(n, width) for n in names]
                ax.set_xticks(range(len(names)), labels, fontsize=size)
                widest = max((t.get_window_extent(renderer).width for t in ax.get_xticklabels()), default=0)
                if widest <= column * 0.92 and max(label.count("\n") for label in labels) <= 3:
                    return labels != before
        return labels != before

    fit()
    return fit


def change_heatmap(data: pd.DataFrame, *, value: str = "pct_change", order: str | Iterable[str] = "cluster",
                   members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
                   title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Indicators × members, each cell coloured better/worse/same and showing the change
    (rates always as points).

    Parameters
    ----------
    data : DataFrame
        A :func:`~emulation_stats.compare.compare_years` table.
    value : {"pct_change", "change"}, default "pct_change"
        What a cell shows: the change in per cent, or in the indicator's units.
    order : {"cluster", "value"} or list of str, default "cluster"
        Left to right: the cluster's own order, the most indicators better first
        (``"value"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new figure as high as its rows need.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    member_order = order  # ``order`` below is the indicators' order, as the báo cáo says them
    with conference_style():
        rows = data[data.get("level", "member") == "member"]
        if rows.empty or rows["current_value"].isna().all():
            raise DataError("không có số liệu để vẽ bảng thay đổi")
        names = rows.drop_duplicates("indicator").set_index("indicator")
        order = catalog.report_order(names.index)  # the rows in the order the báo cáo says them
        # a row of cells is about as high as it needs: one indicator is a strip, not a wall
        ax, made = _axes(ax, (SIZE[0], min(SIZE[1], max(3.0, 1.9 + 0.55 * len(order)))))
        better = (rows["assessment"] == "better").groupby(rows["member"].astype(str), sort=False).sum()
        by_value = list(better.sort_values(ascending=False, kind="stable").index)
        named = pd.Series(_members(rows), index=_members(rows), dtype=object)
        districts = _shown(named, members, member_order, cluster=_members(rows), by_value=by_value,
                           year=int(rows["current_year"].iloc[0]),
                           codes=dict(zip(rows["member_code"].astype(str), rows["member"].astype(str))))
        grid = rows.pivot_table(index="indicator", columns="member", values="assessment", aggfunc="first")
        grid = grid.reindex(index=order, columns=districts)
        shown = rows.assign(_shown=np.where(rows["kind"] == "percent", rows["change"], rows[value]))
        values = shown.pivot_table(index="indicator", columns="member", values="_shown", aggfunc="first")
        values = values.reindex(index=order, columns=districts)
        palette = ["better", "worse", "same", "not_assessed", "n/a"]
        codes = grid.apply(lambda col: col.map({k: i for i, k in enumerate(palette)})).fillna(
            palette.index("n/a")).to_numpy(float)
        cmap = matplotlib.colors.ListedColormap([COLOURS[k] for k in palette])
        ax.imshow(codes, cmap=cmap, vmin=-0.5, vmax=len(palette) - 0.5, aspect="auto")
        ax.grid(False)
        ax.set_xticks(np.arange(len(districts) + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(len(order) + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        # a change worked out from a derived figure is derived too: its cell hatched
        sources = rows.assign(_derived=derived(rows.get("source_base", pd.Series("", index=rows.index)))
                              | derived(rows.get("source_current", pd.Series("", index=rows.index))))
        hatched = sources.pivot_table(index="indicator", columns="member", values="_derived", aggfunc="max")
        hatched = hatched.reindex(index=order, columns=districts).fillna(False).to_numpy(bool)
        for i, j in zip(*np.nonzero(hatched)):
            ax.add_patch(matplotlib.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///",
                                                      edgecolor="white", linewidth=0, zorder=2))
        # points and units at the precision of the figures they are the difference of; % to one decimal
        precision = {k: _decimals(rows.loc[rows["indicator"] == k, ["base_value", "current_value"]]
                                  .to_numpy(float).ravel()) for k in order}
        grid_values = values.to_numpy(float)
        # a row of per cent changes at one precision: "+4,0%" beside "+10,5%", never "+4%"
        pct_places = [int(any(abs(round(v, 1) - round(v)) > 1e-9 for v in row if not np.isnan(v)))
                      for row in grid_values]
        for (i, j), v in np.ndenumerate(grid_values):
            if np.isnan(v):
                continue
            points = names.loc[order[i], "kind"] == "percent"
            suffix = "" if points or value == "change" else "%"
            places = precision[order[i]] if points or value == "change" else pct_places[i]
            v = round(v, places) + 0.0  # never "-0"
            text = f"{'+' if v > 0 else ''}{number(v, lang, decimals=places)}{suffix}"
            dark = codes[i, j] == palette.index("n/a")
            behind = {"facecolor": COLOURS[palette[int(codes[i, j])]], "edgecolor": "none", "pad": 3} \
                if hatched[i, j] else None  # the figure stays readable over the hatching
            ax.text(j, i, text, ha="center", va="center", fontsize=13, color="#212121" if dark else "white",
                    fontweight="bold", bbox=behind, zorder=3)
        labels = [names.loc[k, "indicator_name"] if lang == "vi" or k not in catalog.indicators()
                  else catalog.indicators()[k]["name_en"] for k in order]
        units = [unit_word(k, names.loc[k, "unit"], lang) for k in order]
        points = WORDS[lang]["percentage_points"]
        # each row says what its cells are: points for a rate, per cent for a relative change
        shown_as = [points if names.loc[k, "kind"] == "percent" else u if value == "change" else "%"
                    for k, u in zip(order, units)]
        labels = [f"{t} ({w})" if w else t for t, w in zip(labels, shown_as)]
        ax.set_yticks(range(len(order)), labels, fontsize=12)
        ax.xaxis.tick_top()
        ax._fit_labels = _column_heads(ax, districts)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        base, current = int(rows["base_year"].iloc[0]), int(rows["current_year"].iloc[0])
        ax.set_title(title or WORDS[lang]["heatmap"].format(base=base, current=current), loc="left", pad=40)
        shown = [k for k in palette if (codes == palette.index(k)).any()]  # exactly the colours drawn
        handles = [plt.Rectangle((0, 0), 1, 1, color=COLOURS[k]) for k in shown]
        labels = [WORDS[lang][k] for k in shown]
        if hatched.any():
            handle, label = _derived_handle(lang)
            handle.set(facecolor=COLOURS["same"], edgecolor="white")
            handles.append(handle)
            labels.append(label)
        legend_fit = _legend_below(ax, handles, labels, -0.01, len(labels))
        column_fit = ax._fit_labels
        ax._fit_labels = lambda: column_fit() | legend_fit()
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def award_bars(data: pd.DataFrame, year: int | None = None, *, order: str = "authority",
               members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
               title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Awards of a year as horizontal bars, collectives and individuals stacked. The bars
    are awards, not members: ``members`` chooses whose awards are counted.

    Parameters
    ----------
    data : DataFrame
        The awards table (or :attr:`AwardSummary.counts`).
    year : int, optional
        The year drawn; default every year of ``data``.
    order : {"authority", "value"}, default "authority"
        Top to bottom: the highest conferring authority first (within one, as the sources
        list the awards), or the most awarded first (``"value"``).
    members : list of str, optional
        Count only these members' awards (by any spelling). Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title ("Khen thưởng năm <year>").
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    with conference_style():
        if year is not None:
            require_years(year, data["year"].unique(), "khen thưởng")
        rows = data if year is None else data[data["year"] == year]
        if members is not None and len(rows):
            named = _names_of(rows)
            rows = rows[rows["member_code"].astype(str).isin(
                _shown(named, members, "cluster", cluster=list(named.index), by_value=[],
                       year=int(rows["year"].max())))]
        if rows.empty:
            raise DataError("không có khen thưởng nào để vẽ")
        authorities = catalog.authorities().table
        rows = rows.assign(
            _rank=rows["authority"].map(authorities["rank"].astype(int)).fillna(99),
            _label=[_award_axis_label(award_label(k, n, lang), authorities['short_' + lang].get(a, a), lang)
                    for k, n, a in zip(rows["award"], rows["award_name"], rows["authority"])])
        # Highest authority first; within one, the order the sources list the awards in.
        first_seen = {label: i for i, label in reversed(list(enumerate(rows["_label"])))}
        rows = rows.assign(_seen=rows["_label"].map(first_seen))
        table = rows.pivot_table(index=["_rank", "_seen", "_label"], columns="recipient_kind", values="count",
                                 aggfunc="sum", sort=True).fillna(0)
        if order not in ("authority", "value"):
            raise DataError(f"order='{order}': hãy dùng 'authority' (cấp khen cao trước) hoặc 'value' (nhiều trước)")
        if order == "value":  # the most awarded first; a tie keeps the authority's order
            table = table.iloc[np.argsort(-table.sum(axis=1).to_numpy(), kind="stable")]
        table = table.iloc[::-1]  # barh draws from the bottom: the first on top
        ax, made = _axes(ax)
        left = np.zeros(len(table))
        y = np.arange(len(table))
        kinds = [k for k in ("collective", "individual", "household") if k in table and table[k].sum() > 0]
        widest = float(table[kinds].sum(axis=1).max()) or 1.0
        for kind in kinds:
            widths = table[kind].to_numpy(float)
            ax.barh(y, widths, left=left, color=COLOURS[kind], label=WORDS[lang][kind], height=0.7)
            several = (table[kinds] > 0).sum(axis=1).to_numpy() > 1
            for yi, (x0, w) in enumerate(zip(left, widths)):
                if w > 0 and several[yi] and w >= 0.06 * widest:
                    ax.text(x0 + w / 2, yi, number(w, lang), ha="center", va="center", color="white",
                            fontsize=13, fontweight="bold")
            left += widths
        for yi, total in enumerate(left):
            ax.text(total + widest * 0.01, yi, number(total, lang), ha="left", va="center", fontsize=13,
                    color="#212121")
        ax.set_xlim(0, widest * 1.1)
        ax.set_yticks(y, [_wrap(label, 52) for label in table.index.get_level_values("_label")], fontsize=13)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.set_xlabel(WORDS[lang]["count"])
        ax.legend(loc="upper right", frameon=False)
        shown_year = year if year is not None else "–".join(map(str, sorted(rows["year"].unique())[::max(1, len(
            rows["year"].unique()) - 1)]))
        ax.set_title(title or WORDS[lang]["awards"].format(year=shown_year), loc="left")
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def save(fig: Figure | Axes | np.ndarray, path: str | Path, formats: Iterable[str] = ("png", "svg"),
         dpi: int = 200) -> list[Path]:
    """Write ``fig`` as ``path`` with each suffix of ``formats`` (PNG at ``dpi``, SVG).

    Each file is written to a temporary name first and renamed, so an interrupted run
    never leaves half a chart behind. Returns the paths written.
    """
    if isinstance(fig, np.ndarray):
        fig = fig.flat[0].figure
    if isinstance(fig, Axes):
        fig = fig.figure
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = path.with_suffix(f".{fmt}")
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=f".{fmt}")
        os.close(handle)
        try:
            # The same chart, the same file: no date in the SVG, its ids from a fixed salt.
            with matplotlib.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
                fig.savefig(temporary, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; a chart is for sharing
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        written.append(target)
    return written


def score_frame(table: ScoreTable) -> pd.DataFrame:
    """A :class:`~emulation_stats.scoring.ScoreTable` as a tidy frame: one row per member and
    criterion group (bonuses and penalties as their own group), with rank, total and proposal."""

    groups = dict(table.rubric.groups)
    if table.rubric.adjustments:
        groups[WORDS_SCORE["vi"]["adjustments"]] = [a.key for a in table.rubric.adjustments]
    parts = [pd.DataFrame({"member_code": table.points.index, "group": group,
                           "points": table.points[keys].fillna(0).sum(axis=1).to_numpy()})
             for group, keys in groups.items()]
    frame = pd.concat(parts, ignore_index=True)
    ranking = propose(table).table.set_index("member_code")
    for column in ("member", "rank", "total", "proposal"):
        frame[column] = frame["member_code"].map(ranking[column])
    frame.attrs.update(table.attrs)
    return frame


WORDS_SCORE = Words("chart_score_")


def _score_word(key: str, lang: str) -> str:
    return WORDS_SCORE[lang][key]


def score_bars(data: ScoreTable | pd.DataFrame, *, order: str | Iterable[str] = "value",
               members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
               title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Each member's total as a bar stacked by criterion group; the members proposed for
    the flag and the certificates marked at the end of their bars. Each label keeps the
    member's rank in the whole cluster, whatever is shown.

    Parameters
    ----------
    data : ScoreTable or DataFrame
        A ScoreTable or the tidy frame of :func:`score_frame`.
    order : {"value", "cluster"} or list of str, default "value"
        Top to bottom: by rank, best on top (``"value"``), the cluster's own order
        (``"cluster"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title ("Điểm thi đua năm <year>").
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    frame = data if isinstance(data, pd.DataFrame) else score_frame(data)
    year = getattr(data, "year", None)
    with conference_style():
        ax, made = _axes(ax)
        listed = frame.drop_duplicates("member_code")  # best first; a tie in the Vietnamese alphabet's order
        by_rank = listed.iloc[sorted(range(len(listed)), key=lambda i: (listed["rank"].iloc[i],
                                                                         sort_key_vi(listed["member"].iloc[i])))]
        shown = _shown(_names_of(listed), members, order, cluster=_cluster_order(listed),
                       by_value=list(by_rank["member_code"].astype(str)), year=year)
        at = {k: i for i, k in enumerate(listed["member_code"].astype(str))}
        order = listed.iloc[[at[k] for k in shown][::-1]]  # barh draws from the bottom: the first on top
        y = np.arange(len(order))
        left = np.zeros(len(order))
        palette = plt.get_cmap("tab10")
        for i, (group, part) in enumerate(frame.groupby("group", sort=False)):
            widths = part.set_index("member_code")["points"].reindex(order["member_code"]).fillna(0).to_numpy()
            # a group with no points has no bar, and so no entry in the legend
            ax.barh(y, widths, left=left, color=palette(i % 10), label=group if np.any(widths != 0) else None,
                    height=0.65)
            left += np.clip(widths, 0, None)
        top = float(order["total"].max()) if len(order) else 1.0
        places = points_decimals(order["total"])  # one precision for every total, as the tables print them
        for yi, (_, row) in enumerate(order.iterrows()):
            mark = {"flag": f"  ★ {_score_word('flag', lang)}", "certificate": f"  {_score_word('certificate', lang)}"
                    }.get(row["proposal"], "")
            ax.text(left[yi] + top * 0.01, yi, f"{number(round(row['total'], places), lang, decimals=places)}{mark}",
                    va="center",
                    fontsize=15, fontweight="bold" if row["proposal"] == "flag" else "normal",
                    color="firebrick" if row["proposal"] == "flag" else "#212121")
        labels = [f"{int(r)}. {d}" for r, d in zip(order["rank"], order["member"])]
        ax.set_yticks(y, labels)
        for tick, proposal in zip(ax.get_yticklabels(), order["proposal"]):
            if proposal == "flag":
                tick.set_fontweight("bold")
                tick.set_color("firebrick")
        ax.set_xlim(0, top * 1.3 if top > 0 else 1.0)  # every weight at 0: no points, still an axis
        ax.xaxis.set_major_formatter(_formatter(lang))
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.07), frameon=False, fontsize=14,
                      ncols=min(5, frame["group"].nunique()))
        ax.set_title(title or _score_word("title", lang).format(year=year or ""), loc="left")
        if made:
            finish(ax.figure, frame, illustrative=illustrative, source=source, lang=lang)
    return ax


def assessment_gap(data: pd.DataFrame, year: int | None = None, *, order: str | Iterable[str] = "cluster",
                   members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
                   title: str | None = None, source: str | None = None, illustrative: bool | None = None,
                   labels: dict[str, str] | None = None, names: dict[str, str] | None = None) -> Axes:
    """Self-score minus the peers' score per member and criterion (dots), zero marked:
    right of the line a member rated itself higher than the others did.

    Parameters
    ----------
    data : DataFrame
        The frame of :func:`~emulation_stats.scoring.self_assessment_gap`.
    year : int, optional
        The year drawn; default the latest.
    order : {"cluster", "value"} or list of str, default "cluster"
        Top to bottom: the cluster's own order, the largest mean gap first (``"value"``),
        or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.
    labels : dict, optional
        criterion key -> label, in the rubric's order; default the keys.
    names : dict, optional
        member code -> name; default the codes.

    Returns
    -------
    Axes
    """
    with conference_style():
        if year is not None:
            require_years(year, data["year"].unique(), "điểm chấm")
        rows = data if year is None else data[data["year"] == year]
        rows = rows.dropna(subset=["gap"])
        if rows.empty:
            raise DataError("không có điểm tự chấm và chấm chéo để so sánh")
        year = year or int(rows["year"].max())
        ax, made = _axes(ax)
        named_rows = rows.assign(member=rows["member_code"].map(lambda c: (names or {}).get(c, c)))
        mean_gap = named_rows.groupby("member_code", sort=False)["gap"].mean().sort_values(ascending=False,
                                                                                          kind="stable")
        members = _shown(_names_of(named_rows), members, order, cluster=_cluster_order(named_rows),
                         by_value=list(mean_gap.index.astype(str)), year=year)
        rows = rows[rows["member_code"].astype(str).isin(members)]
        y = {code: i for i, code in enumerate(members)}
        listed = list(labels or {})  # the rubric's order
        criteria = sorted(dict.fromkeys(rows["criterion"]),
                          key=lambda c: listed.index(c) if c in listed else len(listed))
        palette = plt.get_cmap("tab10")
        offsets = np.linspace(-0.25, 0.25, len(criteria)) if len(criteria) > 1 else [0.0]
        for i, criterion in enumerate(criteria):
            part = rows[rows["criterion"] == criterion]
            ax.scatter(part["gap"], part["member_code"].map(y) + offsets[i], s=140, color=palette(i % 10),
                       label=(labels or {}).get(criterion, criterion), zorder=3)
        ax.axvline(0, color="#424242", linewidth=1.5)
        ax.set_yticks(range(len(members)), [(names or {}).get(c, c) for c in members])
        ax.invert_yaxis()  # read from the top: the first member, and within it the first criterion
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.set_xlabel(_score_word("gap_axis", lang))
        reach = float(rows["gap"].abs().max()) or 1.0
        ax.set_xlim(-reach * 1.3, reach * 1.3)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False, fontsize=14,
                  ncols=min(3, len(criteria)))
        ax.set_title(title or _score_word("gap_title", lang).format(year=year), loc="left")
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def rank_intervals(data: SensitivityResult | pd.DataFrame, *, order: str | Iterable[str] = "value",
                   members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
                   title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Each member's median rank over the scenarios with its 5–95 % range, the rubric's
    (nominal) rank marked, and how often it ranks first. The axis keeps every rank of the
    cluster, whatever is shown.

    Parameters
    ----------
    data : SensitivityResult or DataFrame
        A SensitivityResult or its ``rank_stats`` frame.
    order : {"value", "cluster"} or list of str, default "value"
        Top to bottom: by the rubric's rank (``"value"``), the cluster's own order
        (``"cluster"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    stats = data if isinstance(data, pd.DataFrame) else data.rank_stats
    with conference_style():
        ax, made = _axes(ax)
        n = int(stats["nominal_rank"].max())
        by_rank = stats.sort_values("nominal_rank", kind="stable")
        shown = _shown(_names_of(stats), members, order, cluster=_cluster_order(stats),
                       by_value=list(by_rank["member_code"].astype(str)))
        at = {k: i for i, k in enumerate(stats["member_code"].astype(str))}
        stats = stats.iloc[[at[k] for k in shown][::-1]]  # drawn from the bottom: the first on top
        y = np.arange(len(stats))
        ax.hlines(y, stats["q05"], stats["q95"], color="#90a4ae", linewidth=10, label=WORDS_SENS[lang]["range"])
        ax.scatter(stats["median_rank"], y, s=160, color="#1565c0", zorder=3, label=WORDS_SENS[lang]["median"])
        ax.scatter(stats["nominal_rank"], y, s=220, marker="D", facecolors="none", edgecolors="firebrick",
                   linewidths=2.5, zorder=4, label=WORDS_SENS[lang]["nominal"])
        for yi, share in enumerate(stats["p_first"]):
            ax.text(n + 0.6, yi, WORDS_SENS[lang]["first"].format(pct=share_said(share, lang)),
                    va="center", fontsize=14)
        ax.set_yticks(y, [f"{int(r)}. {d}" for r, d in zip(stats["nominal_rank"], stats["member"])])
        ax.set_xlim(0.5, n + 1.9)
        ax.set_xticks(range(1, n + 1))
        ax.set_xlabel(WORDS_SENS[lang]["rank"])
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, frameon=False, fontsize=14)
        ax.set_title(title or WORDS_SENS[lang]["title"], loc="left")
        if made:
            finish(ax.figure, stats, illustrative=illustrative, source=source, lang=lang)
    return ax


def sobol_bars(data: pd.DataFrame, *, ax: Axes | None = None, lang: str = "vi", title: str | None = None,
               source: str | None = None, illustrative: bool | None = None) -> Axes:
    """What moves the ranking: Sobol indices of each uncertain input, the total as bars,
    the first-order as dots, 95 % intervals. ``data`` is ``SensitivityResult.sobol``."""
    from emulation_stats.core.phrases import phrase

    with conference_style():
        ax, made = _axes(ax)
        rows = data.sort_values("total")
        labels = [phrase("choice_weight", lang, label=label) if str(name).startswith("w_")
                  else phrase(f"choice_{name}", lang) for name, label in zip(rows["input"], rows["label"])]
        y = np.arange(len(rows))
        error = np.vstack([rows["total"] - rows["total_low"], rows["total_high"] - rows["total"]]).clip(0)
        ax.barh(y, rows["total"], xerr=error, color="#1565c0", height=0.6, label=WORDS_SENS[lang]["total"],
                error_kw={"ecolor": "#424242", "capsize": 4})
        ax.scatter(rows["first"].clip(lower=0), y, color="#ef6c00", s=90, zorder=3,
                   label=WORDS_SENS[lang]["first_order"])
        ax.set_xlabel(WORDS_SENS[lang]["sobol"])
        ax.set_xlim(0, max(1.0, float(rows["total_high"].max())) * 1.05)
        ax.set_yticks(y, labels, fontsize=13)
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower right", frameon=True, framealpha=0.9, fontsize=13)
        ax.set_title(title or WORDS_SENS[lang]["sobol_title"], loc="left")
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def leave_one_out_bars(data: pd.DataFrame, *, order: str | Iterable[str] = "value",
                       members: Iterable[str] | str | None = None, ax: Axes | None = None,
                       lang: str = "vi", title: str | None = None, source: str | None = None,
                       illustrative: bool | None = None) -> Axes:
    """How far the members move when each criterion is left out (the sum of their rank
    shifts); a criterion without which another member ranks first is red and names it.
    The bars are criteria, not members: ``members`` chooses whose moves are summed; the
    red bars still say who would rank first in the whole cluster.

    Parameters
    ----------
    data : DataFrame
        A :func:`~emulation_stats.sensitivity.leave_one_out` table.
    order : {"value", "rubric"} or list of str, default "value"
        Top to bottom: the criterion that moves the members most first (``"value"``), the
        rubric's order (``"rubric"``), or the criteria listed (by key or label; only those).
    members : list of str, optional
        Sum only these members' moves (by any spelling). Default: every member.
    ax : Axes, optional
        Draw on this Axes; default a new 16:9 figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    title : str, optional
        Replaces the title.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``.

    Returns
    -------
    Axes
    """
    with conference_style():
        ax, made = _axes(ax)
        firsts = data[data["rank_without"] == 1].groupby("criterion")["member"].agg(", ".join)
        if members is not None:
            named = _names_of(data)
            data = data[data["member_code"].astype(str).isin(
                _shown(named, members, "cluster", cluster=list(named.index), by_value=[]))]
        summary = data.assign(moved=data["shift"].abs()).groupby(["criterion", "label"], sort=False).agg(
            moved=("moved", "sum"), changes_winner=("changes_winner", "first")).reset_index()
        rows = _criteria_in_order(summary, order)[::-1]  # barh draws from the bottom: the first on top
        y = np.arange(len(rows))
        ax.barh(y, rows["moved"], color=["firebrick" if c else "#1565c0" for c in rows["changes_winner"]], height=0.6)
        for yi, (moved, changes, criterion) in enumerate(zip(rows["moved"], rows["changes_winner"], rows["criterion"])):
            if changes:
                ax.text(moved + 0.1, yi, WORDS_SENS[lang]["new_winner"].format(name=firsts.get(criterion, "")),
                        va="center", fontsize=13, color="firebrick")
        ax.set_xlabel(WORDS_SENS[lang]["moved"])
        ax.set_xlim(0, max(1.0, float(rows["moved"].max())) * 1.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # rank positions are whole
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.set_yticks(y, [_wrap(label, 56) for label in rows["label"]], fontsize=13)
        ax.grid(axis="y", visible=False)
        ax.set_title(title or WORDS_SENS[lang]["loo_title"], loc="left")
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax


def _criteria_in_order(summary: pd.DataFrame, order: str | Iterable[str]) -> pd.DataFrame:
    """Criteria rows (``criterion``, ``label``, ``moved``) in the order asked: most moved
    first, the rubric's (the table's own), or a list of keys or labels."""
    if isinstance(order, str):
        if order not in ("value", "rubric"):
            raise DataError(f"order='{order}': hãy dùng 'value' (tiêu chí làm thay đổi nhiều nhất trước), "
                            "'rubric' (thứ tự của thang điểm) hoặc danh sách tiêu chí")
        return summary.sort_values("moved", ascending=False, kind="stable") if order == "value" else summary
    by_name = {**{name_key(k): k for k in summary["criterion"]},
               **{name_key(v): k for k, v in zip(summary["criterion"], summary["label"])}}
    asked = [str(o) for o in order]
    unknown = [a for a in asked if name_key(a) not in by_name]
    if unknown:
        require_names(unknown, list(summary["criterion"]), "tiêu chí")
    at = {k: i for i, k in enumerate(summary["criterion"])}
    return summary.iloc[[at[k] for k in dict.fromkeys(by_name[name_key(a)] for a in asked)]]


WORDS_SENS = Words("chart_robust_")
