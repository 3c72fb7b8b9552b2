"""Charts of the year's figures: one indicator in two years, trends over the years, every
change at once, and the awards of a year."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import award_label, number, unit_word
from emulation_stats.core.text import sort_key_vi
from emulation_stats.pack.charts_style import (
    COLOURS,
    SIZE,
    WORDS,
    _axes,
    _cluster_order,
    _decimals,
    _derived_handle,
    _formatter,
    _legend_below,
    _mark,
    _members,
    _names_of,
    _shown,
    _wrap,
    conference_style,
    derived,
    finish,
    of_year,
    shared_parameters,
)


def _award_axis_label(label: str, authority: str, lang: str) -> str:
    """An award as an axis label: capitalised, without running text's "the title", its
    authority in brackets unless the name already says it ("Prime Minister's Certificate")."""
    label = label.removeprefix("the title ") if lang == "en" else label
    label = label[:1].upper() + label[1:]
    return label if authority.lower() in label.lower() else f"{label} ({authority})"


def _one_indicator(data: pd.DataFrame, indicator: str | None) -> pd.DataFrame:
    keys = data["indicator"].unique()
    if indicator is None:
        if len(keys) != 1:
            raise DataError("chart_one_indicator", keys=", ".join(map(str, keys)))
        indicator = keys[0]
    require_names(indicator, keys, "chỉ tiêu")
    rows = data[data["indicator"] == indicator]
    if "current_value" in rows and rows["current_value"].isna().all():  # a year-over-year table of nothing
        raise DataError("chart_no_figures", indicator=indicator, year=int(rows["current_year"].iloc[0]))
    return rows


def _name(rows: pd.DataFrame, lang: str) -> str:
    key = rows["indicator"].iloc[0]
    if lang == "en" and key in catalog.indicators():
        return catalog.indicators()[key]["name_en"]
    return str(rows["indicator_name"].iloc[0]) if "indicator_name" in rows else str(key)


@shared_parameters
def yoy_bars(data: pd.DataFrame, indicator: str | None = None, *, order: str | Iterable[str] = "value",
             members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
             title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Each member's value in the base and the current year, side by side; the current bar
    coloured better/worse by the catalogue's direction, its change written above.

    Parameters
    ----------
    data : DataFrame
        A :func:`~emulation_stats.analysis.compare.compare_years` table.
    indicator : str, optional
        The indicator's key; may be left out when ``data`` holds one indicator only.
    order : {"value", "cluster"} or list of str, default "value"
        Left to right: the highest current value first (``"value"``), the cluster's own
        order (``"cluster"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    title : str, optional
        Replaces the title ("<indicator>: <base> và <current>").
    {shared}

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


@shared_parameters
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
    title : str, optional
        Replaces the figure's title.
    {shared}

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
        listed = _members(drawn)  # keyed by name: a line per name
        by_value = list(dict.fromkeys([*last["member"].astype(str), *listed]))
        districts = _shown(pd.Series(listed, index=listed, dtype=object), members, order,
                           cluster=listed, by_value=by_value,
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
        fig.draw_without_rendering()  # the panels end where the legend begins: it never covers one
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


@shared_parameters
def change_heatmap(data: pd.DataFrame, *, value: str = "pct_change", order: str | Iterable[str] = "cluster",
                   members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
                   title: str | None = None, source: str | None = None, illustrative: bool | None = None) -> Axes:
    """Indicators × members, each cell coloured better/worse/same and showing the change
    (rates always as points).

    Parameters
    ----------
    data : DataFrame
        A :func:`~emulation_stats.analysis.compare.compare_years` table.
    value : {"pct_change", "change"}, default "pct_change"
        What a cell shows: the change in per cent, or in the indicator's units.
    order : {"cluster", "value"} or list of str, default "cluster"
        Left to right: the cluster's own order, the most indicators better first
        (``"value"``), or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    title : str, optional
        Replaces the title.
    {shared}

    Returns
    -------
    Axes
    """
    member_order = order  # ``order`` below is the indicators' order, as the báo cáo says them
    with conference_style():
        rows = data[data.get("level", "member") == "member"]
        if rows.empty or rows["current_value"].isna().all():
            raise DataError("chart_no_changes")
        names = rows.drop_duplicates("indicator").set_index("indicator")
        order = catalog.report_order(names.index)  # the rows in the order the báo cáo says them
        # a row of cells is about as high as it needs: one indicator is a strip, not a wall
        ax, made = _axes(ax, (SIZE[0], min(SIZE[1], max(3.0, 1.9 + 0.55 * len(order)))))
        better = (rows["assessment"] == "better").groupby(rows["member"].astype(str), sort=False).sum()
        by_value = list(better.sort_values(ascending=False, kind="stable").index)
        listed = _members(rows)  # keyed by name: a column per name
        districts = _shown(pd.Series(listed, index=listed, dtype=object), members, member_order, cluster=listed,
                           by_value=by_value,
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


@shared_parameters
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
    title : str, optional
        Replaces the title ("Khen thưởng năm <year>").
    {shared}

    Returns
    -------
    Axes
    """
    with conference_style():
        rows = of_year(data, year, "khen thưởng")
        if members is not None and len(rows):
            named = _names_of(rows)
            rows = rows[rows["member_code"].astype(str).isin(
                _shown(named, members, "cluster", cluster=list(named.index), by_value=[],
                       year=int(rows["year"].max())))]
        if rows.empty:
            raise DataError("chart_no_awards")
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
            raise DataError("chart_order_awards", order=order)
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
