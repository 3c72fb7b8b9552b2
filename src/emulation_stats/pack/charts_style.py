"""What every conference chart shares: the style for a projector, Vietnamese number format,
the source line and the mark of illustrative data, the members shown and their order, saving."""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import FuncFormatter

from emulation_stats.core.asked import require_years
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, number
from emulation_stats.core.text import reported_decimals
from emulation_stats.units.order import in_member_order, members_named

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
            raise DataError("chart_order_members", order=order)
        listed = cluster if order == "cluster" else by_value
    else:
        listed = members_named(named, order, year=year)
        if members is None:
            chosen = listed
    shown = [k for k in listed if k in chosen]
    if not shown:
        raise DataError("chart_no_members")
    return shown


def _names_of(rows: pd.DataFrame, key: str = "member_code") -> pd.Series:
    """key -> the member's name, one per key, in the table's row order."""
    first = rows.drop_duplicates(key)
    return pd.Series(first["member"].astype(str).to_numpy(), index=first[key].astype(str).to_numpy(), dtype=object)


def _cluster_order(rows: pd.DataFrame, key: str = "member_code") -> list[str]:
    return list(dict.fromkeys(in_member_order(rows.drop_duplicates(key))[key].astype(str)))


DERIVED = re.compile(r"suy ra|derived", re.IGNORECASE)


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


def laid_out(fig: Figure) -> Figure:
    """``fig`` with its layout done, told so: ``tight_layout`` leaves a placeholder engine
    behind, and with one savefig draws the whole figure once more before drawing it."""
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    return fig


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
    laid_out(fig)
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


SHARED_PARAMETERS = """    ax : Axes, optional
        Draw on this Axes; default a new figure with the source line.
    lang : {"vi", "en"}, default "vi"
        The language of titles, labels and numbers.
    source : str, optional
        The source line; default the table's own (``attrs["source"]``).
    illustrative : bool, optional
        Mark the chart "Số liệu minh họa"; default from the table's ``attrs``."""


def shared_parameters(function):
    """The options every chart has, written once: put into a chart's docstring where it
    says ``{shared}`` (help() shows the whole list)."""
    function.__doc__ = function.__doc__.replace("    {shared}", SHARED_PARAMETERS)
    return function


def of_year(data: pd.DataFrame, year: int | None, what: str) -> pd.DataFrame:
    """The rows of ``year`` (every year where None); a year the table lacks is refused."""
    if year is None:
        return data
    require_years(year, data["year"].unique(), what)
    return data[data["year"] == year]
