"""Charts of the score and its robustness: totals by group, self against peers, ranks over
the scenarios, what moves the ranking, each criterion left out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from emulation_stats.analysis.proposal import propose
from emulation_stats.core.asked import require_names
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import Words, number, share_said
from emulation_stats.core.text import name_key, points_decimals, sort_key_vi
from emulation_stats.pack.charts_style import (
    _axes,
    _cluster_order,
    _formatter,
    _names_of,
    _shown,
    _wrap,
    conference_style,
    finish,
    of_year,
    shared_parameters,
)

if TYPE_CHECKING:  # types named only
    from emulation_stats.analysis.scoring import ScoreTable
    from emulation_stats.analysis.sensitivity import SensitivityResult


def score_frame(table: ScoreTable) -> pd.DataFrame:
    """A :class:`~emulation_stats.analysis.scoring.ScoreTable` as a tidy frame: one row per member and
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


@shared_parameters
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
    title : str, optional
        Replaces the title ("Điểm thi đua năm <year>").
    {shared}

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


@shared_parameters
def assessment_gap(data: pd.DataFrame, year: int | None = None, *, order: str | Iterable[str] = "cluster",
                   members: Iterable[str] | str | None = None, ax: Axes | None = None, lang: str = "vi",
                   title: str | None = None, source: str | None = None, illustrative: bool | None = None,
                   labels: dict[str, str] | None = None, names: dict[str, str] | None = None) -> Axes:
    """Self-score minus the peers' score per member and criterion (dots), zero marked:
    right of the line a member rated itself higher than the others did.

    Parameters
    ----------
    data : DataFrame
        The frame of :func:`~emulation_stats.analysis.criteria.self_assessment_gap`.
    year : int, optional
        The year drawn; default the latest.
    order : {"cluster", "value"} or list of str, default "cluster"
        Top to bottom: the cluster's own order, the largest mean gap first (``"value"``),
        or the members listed (by any spelling; only those shown).
    members : list of str, optional
        Only these members (by any spelling), in ``order``. Default: every member.
    title : str, optional
        Replaces the title.
    {shared}
    labels : dict, optional
        criterion key -> label, in the rubric's order; default the keys.
    names : dict, optional
        member code -> name; default the codes.

    Returns
    -------
    Axes
    """
    with conference_style():
        rows = of_year(data, year, "điểm chấm")
        rows = rows.dropna(subset=["gap"])
        if rows.empty:
            raise DataError("chart_no_gap")
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


@shared_parameters
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
    title : str, optional
        Replaces the title.
    {shared}

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


@shared_parameters
def sobol_bars(data: pd.DataFrame, *, ax: Axes | None = None, lang: str = "vi", title: str | None = None,
               source: str | None = None, illustrative: bool | None = None) -> Axes:
    """What moves the ranking: Sobol indices of each uncertain input, the total as bars,
    the first-order as dots, 95 % intervals.

    Parameters
    ----------
    data : DataFrame
        ``SensitivityResult.sobol`` (a sensitivity run with ``sobol=True``).
    title : str, optional
        Replaces the title ("Yếu tố làm thay đổi xếp hạng").
    {shared}

    Returns
    -------
    Axes
    """
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


@shared_parameters
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
        A :func:`~emulation_stats.analysis.sensitivity.leave_one_out` table.
    order : {"value", "rubric"} or list of str, default "value"
        Top to bottom: the criterion that moves the members most first (``"value"``), the
        rubric's order (``"rubric"``), or the criteria listed (by key or label; only those).
    members : list of str, optional
        Sum only these members' moves (by any spelling). Default: every member.
    title : str, optional
        Replaces the title ("Bỏ từng tiêu chí: xếp hạng thay đổi bao nhiêu").
    {shared}

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
            raise DataError("chart_order_criteria", order=order)
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


@shared_parameters
def standing_bars(data: pd.DataFrame, *, candidates: Iterable[str] = (), pending: Iterable[str] = (),
                  ax: Axes | None = None, lang: str = "vi", title: str | None = None, source: str | None = None,
                  illustrative: bool | None = None) -> Axes:
    """Each group's leading member by its standing in the province — the mean of its
    indicators standardised among every member of the province, higher better — best on
    top, zero (the province's mean) marked; the candidates for the Government's flag in red,
    the leaders of groups still to settle their ballot grey and said so. A leader without
    figures (a department of a khối) has no bar.

    Parameters
    ----------
    data : DataFrame
        The board's leaders (``BoardTable.leaders``: ``group, member_code, member, standing``).
    candidates : list of str, default ()
        The member codes the board proposes (``BoardTable.candidates["member_code"]``).
    pending : list of str, default ()
        The member codes not considered yet (leaders of groups whose ballot and scores
        disagree).
    title : str, optional
        Replaces the title.
    {shared}

    Returns
    -------
    Axes
    """
    frame = data.dropna(subset=["standing"]).sort_values("standing", kind="stable")  # barh: the best on top
    chosen = set(map(str, candidates))
    with conference_style():
        ax, made = _axes(ax)
        y = np.arange(len(frame))
        marked = frame["member_code"].astype(str).isin(chosen).to_numpy()
        waiting = frame["member_code"].astype(str).isin(set(map(str, pending))).to_numpy() & ~marked
        ax.barh(y, frame["standing"], color=np.where(marked, "firebrick", np.where(waiting, "#BDBDBD", "#4C72B0")),
                height=0.65)
        ax.axvline(0, color="#616161", linewidth=1)
        ax.set_yticks(y, list(frame["member"]))
        for tick, is_candidate in zip(ax.get_yticklabels(), marked):
            if is_candidate:
                tick.set_fontweight("bold")
                tick.set_color("firebrick")
        reach = float(frame["standing"].abs().max()) if len(frame) else 1.0
        ax.set_xlim(-reach * 1.25 if (frame["standing"] < 0).any() else 0, reach * 1.6 or 1.0)
        for yi, (value, is_candidate, is_waiting) in enumerate(zip(frame["standing"], marked, waiting)):
            said = number(round(value, 2), lang, decimals=2)
            if is_candidate:
                said += f"  ★ {_score_word('standing_candidate', lang)}"
            elif is_waiting:
                said += f"  {_score_word('standing_pending', lang)}"
            ax.text(max(value, 0) + reach * 0.02, yi, said, va="center", fontsize=13,
                    color="firebrick" if is_candidate else "#757575" if is_waiting else "#212121")
        ax.set_xlabel(_score_word("standing_axis", lang))
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.set_title(title or _score_word("standing_title", lang), loc="left")
        if made:
            finish(ax.figure, data, illustrative=illustrative, source=source, lang=lang)
    return ax
