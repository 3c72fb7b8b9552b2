"""A live panel to explore a score in a notebook (ipywidgets, the ``lab`` extra).

A slider per criterion weight and the rubric's recorded choices (aggregation of the cross
scores, the missing-data rule, changes within noise) beside the ranking redrawn as they
move, the proposal, and one line saying how far the settings are from the adopted rubric
and whether the winner changed. A button runs :func:`~emulation_stats.analysis.sensitivity.sensitivity`
around the current settings: hand-tuning points back to the systematic analysis.

The panel's logic is plain Python (set a widget's value, read :attr:`Explorer.table`), so
it is tested without a browser.
"""

from __future__ import annotations

import html
import io
from typing import Any

import pandas as pd

from emulation_stats.analysis.board import BoardTable
from emulation_stats.analysis.criteria import ScoreChoices
from emulation_stats.analysis.proposal import propose
from emulation_stats.analysis.scoring import ScoreTable
from emulation_stats.analysis.sensitivity import DEFAULT_DRAWS, sensitivity
from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, and_list, counted, number
from emulation_stats.load.rubric import AGGREGATIONS, MISSING_RULES
from emulation_stats.pack import charts as plot
from emulation_stats.units.naming import place

WORDS = Words("explore_")
CHART_INCHES = (10.0, 5.6)
CHART_DPI = 72  # on screen; the pack's charts are drawn at print resolution
CONTROL_WIDTH = "40em"
BY_CRITERION = "by_criterion"  # the drop-downs' "as each criterion says" (the choice None)
NOISE_OPTIONS = {True: "ignored", False: "counted", None: BY_CRITERION}


def _shown(choices: ScoreChoices) -> dict[str, str]:
    """The drop-downs' values for some choices (a drop-down shows nothing for None)."""
    return {"aggregation": choices.aggregation, "missing": choices.missing or BY_CRITERION,
            "noise": NOISE_OPTIONS[choices.ignore_noise]}


def _look(w: Any) -> dict[str, object]:
    """One look for every control: the criterion's label beside it, readable, the same width."""
    return {"style": {"description_width": "20em"}, "layout": w.Layout(width=CONTROL_WIDTH)}


def _html(text: str) -> str:
    return html.escape(text, quote=False)  # quotes stay as typed: "trọng số 'Thu nhập'"


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as error:  # the panel is for notebooks: its library is an extra
        raise DataError("panel_needs_widgets") from error
    return ipywidgets


class Explorer:
    """The panel for ``table`` (see :func:`explore`). ``weights``, ``aggregation``,
    ``missing`` and ``noise`` are its widgets; :attr:`table` is the score they give."""

    def __init__(self, table: ScoreTable, *, lang: str = "vi", draws: int = DEFAULT_DRAWS, seed: int = 0):
        w = _widgets()
        # A what-if handed to the panel opens as it is, measured against the rubric adopted.
        self.adopted, self.table, self.lang, self.draws, self.seed = table.adopted(), table, lang, draws, seed
        self.robustness: pd.DataFrame | None = None
        self._figure, self._crop = None, None
        self._make_controls(w, WORDS[lang])
        self.widget = self._assemble(w, WORDS[lang])
        for control in self._controls():
            control.observe(self.update, names="value")
        self.button.on_click(self.run_sensitivity)
        self.reset.on_click(self.back_to_rubric)
        self.update()

    def _make_controls(self, w: Any, words: Any) -> None:
        table, shown = self.table, _shown(self.table.choices)  # opens on the table given
        # A criterion's name above its slider, wrapped at its words: a description beside
        # a slider is one line, cut or scrolled sideways when the name is long.
        self.weights = {c.key: w.FloatSlider(
            value=float(table.weights[c.key]), min=0.0, max=float(max(3 * c.max_points, 10)), step=0.5,
            description="", tooltip=c.label, continuous_update=False, readout_format=".1f",
            layout=w.Layout(width=CONTROL_WIDTH)) for c in table.rubric.criteria}
        self.weight_labels = {c.key: w.HTML(f"<div style='white-space:normal;overflow-wrap:anywhere;"
                                            f"line-height:1.3'>{_html(c.label)}</div>",
                                            layout=w.Layout(width=CONTROL_WIDTH, margin="6px 0 0 0"))
                              for c in table.rubric.criteria}
        self.aggregation = w.Dropdown(
            options=[(words[f"aggregation_{a}"], a) for a in AGGREGATIONS], value=shown["aggregation"],
            description=words["aggregation"], **_look(w))
        # A drop-down shows nothing for the value None: "as each criterion says" is a word of its own.
        self.missing = w.Dropdown(
            options=[(words["by_criterion"], BY_CRITERION)] + [(words[f"missing_{m}"], m) for m in MISSING_RULES],
            value=shown["missing"], description=words["missing"], **_look(w))
        self.noise = w.Dropdown(
            options=[(words["by_criterion"], BY_CRITERION), (words["noise_ignored"], "ignored"),
                     (words["noise_counted"], "counted")],
            value=shown["noise"], description=words["noise"], **_look(w))
        self.status, self.proposal, self.shares = w.HTML(), w.HTML(), w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="100%", height="auto"))
        self.button = w.Button(description=words["run_sensitivity"], layout=w.Layout(width=CONTROL_WIDTH))
        self.reset = w.Button(description=words["reset"], layout=w.Layout(width=CONTROL_WIDTH))

    def _assemble(self, w: Any, words: Any) -> Any:
        """Controls in a fixed column on the left; the status, chart and proposal beside them."""
        weights = [w.VBox([self.weight_labels[k], slider]) for k, slider in self.weights.items()]
        for box in weights:
            box.add_class("es-weight")
        controls = w.VBox([w.HTML(f"<b>{_html(words['weights'])}</b>"), *weights,
                           w.HTML(f"<b>{_html(words['choices'])}</b>"), self.aggregation, self.missing,
                           self.noise, self.reset, self.button, self.shares],
                          layout=w.Layout(flex="0 0 auto", width=CONTROL_WIDTH))
        shown = [self.status, self.chart, self.proposal]
        if self.adopted.attrs.get("illustrative"):
            shown.insert(0, w.HTML(f"<b style='color:firebrick'>{ILLUSTRATIVE_MARK}</b>"))
        # On a narrow screen the ranking goes below the controls instead of off to the side.
        return w.HBox([controls, w.VBox(shown, layout=w.Layout(flex="1 1 30em", min_width="0"))],
                      layout=w.Layout(flex_flow="row wrap", max_width="100%"))

    def _controls(self) -> list[Any]:
        return [*self.weights.values(), self.aggregation, self.missing, self.noise]

    # --- what the widgets say -----------------------------------------------------------------

    def choices(self) -> dict[str, object]:
        """The settings the widgets hold, as :meth:`ScoreTable.rerun` takes them."""
        return {"weights": {k: s.value for k, s in self.weights.items()}, "aggregation": self.aggregation.value,
                "missing": None if self.missing.value == BY_CRITERION else self.missing.value,
                "ignore_noise": {shown: choice for choice, shown in NOISE_OPTIONS.items()}[self.noise.value]}

    def differences(self) -> list[str]:
        """Each setting that differs from the adopted rubric, as a reader says it."""
        weights, choices = self._differing()
        return weights + choices

    def _differing(self) -> tuple[list[str], list[str]]:
        """The criteria whose weight moved and the rubric's choices that changed, in words."""
        words, adopted = WORDS[self.lang], self.adopted
        weights = []
        for c in adopted.rubric.criteria:
            now, before = self.weights[c.key].value, float(adopted.weights[c.key])
            if abs(now - before) > 1e-9:
                weights.append(words["weight_changed"].format(label=c.label, before=number(before, self.lang),
                                                              now=number(now, self.lang)))
        choices = [f"{words[name]}: {getattr(self, name).label}" for name, before in _shown(adopted.choices).items()
                   if getattr(self, name).value != before]
        return weights, choices

    def status_line(self) -> str:
        """How far the settings are from the adopted rubric ("1 tiêu chí khác thang điểm đã
        thông qua"), and whether the winner changed."""
        words = WORDS[self.lang]
        first = self._first(self.table)
        before = self._first(self.adopted)
        weights, choices = self._differing()
        if not weights and not choices:
            return words["status_adopted"].format(first=first)
        counts = [words[noun].format(n=number(len(said), self.lang),
                                     noun=counted(words[f"{noun}_noun"], str(len(said)), self.lang))
                  for noun, said in (("n_criteria", weights), ("n_choices", choices)) if said]
        text = words["status_changed"].format(what=and_list(counts, self.lang), changes="; ".join(weights + choices),
                                              moved=self._moved())
        key = "status_same_winner" if first == before else "status_new_winner"
        return text + " " + words[key].format(first=first, before=before)

    def _first(self, table: ScoreTable) -> str:
        top = table.ranking.iloc[0]
        return place(top["member"], top["member_code"], self.lang)

    def _moved(self) -> int:
        now = self.table.ranking.set_index("member_code")["rank"]
        before = self.adopted.ranking.set_index("member_code")["rank"].reindex(now.index)
        return int((now != before).sum())

    # --- what the panel does ------------------------------------------------------------------

    def update(self, change: object = None) -> None:
        """Score again with the widgets' settings and redraw (each widget calls this). A
        setting the data cannot be scored with is said in the status line, in red; the
        ranking shown stays the last one scored."""
        try:
            self.table = self.adopted.rerun(**self.choices())
        except DataError as error:  # a widget's callback has nowhere else to say it
            self.status.value = f"<p style='color:firebrick'>{_html(str(error))}</p>"
            return
        self.robustness = None
        self.shares.value = ""
        self.proposal.value = self._proposal_html()
        self.chart.value = self._draw()
        # The status line last: once it says what changed, the proposal and the chart show it too.
        self.status.value = f"<p>{_html(self.status_line())}</p>"

    def back_to_rubric(self, _: object = None) -> None:
        """Every widget back to the adopted rubric (redrawn once)."""
        controls = self._controls()
        for control in controls:
            control.unobserve(self.update, names="value")
        for c in self.adopted.rubric.criteria:
            self.weights[c.key].value = float(self.adopted.weights[c.key])
        for name, value in _shown(self.adopted.choices).items():
            getattr(self, name).value = value
        for control in controls:
            control.observe(self.update, names="value")
        self.update()

    def run_sensitivity(self, _: object = None) -> pd.DataFrame:
        """Sensitivity around the current settings: the share of draws each member comes first."""
        result = sensitivity(self.table, draws=self.draws, seed=self.seed)
        stats = result.rank_stats.sort_values("p_first", ascending=False)
        self.robustness = stats
        words = WORDS[self.lang]
        rows = "".join(f"<tr><td>{_html(place(r.member, r.member_code, self.lang))}</td>"
                       f"<td style='text-align:right'>{number(100 * r.p_first, self.lang, decimals=1)}%</td></tr>"
                       for r in stats.itertuples() if r.p_first > 0)
        intro = words["shares"].format(draws=number(self.draws, self.lang))
        self.shares.value = (f"<p>{_html(intro)}</p>"
                             f"<table>{rows}</table>")
        return stats

    def _proposal_html(self) -> str:
        words = WORDS[self.lang]
        table = propose(self.table, lang=self.lang).table
        flag = [place(r.member, r.member_code, self.lang) for r in table.itertuples() if r.proposal == "flag"]
        return f"<p><b>{_html(words['proposal'].format(names=', '.join(flag)))}</b></p>"

    def _draw(self) -> bytes:
        self._figure = _blank(self._figure)
        ax = self._figure.add_subplot()
        plot.score_bars(self.table, ax=ax, lang=self.lang)
        ax.tick_params(axis="y", labelsize=13)  # the members' names as readable as their totals
        self._figure.subplots_adjust(left=0.2, right=0.97, top=0.9, bottom=0.12)
        if self._crop is None:  # what is drawn, legend under the bars included; found once, kept after
            self._crop = self._figure.get_tightbbox(self._figure.canvas.get_renderer()).padded(0.2)
        buffer = io.BytesIO()
        self._figure.savefig(buffer, format="png", dpi=CHART_DPI, bbox_inches=self._crop)
        return buffer.getvalue()

    @property
    def ranking(self) -> pd.DataFrame:
        """The ranking the panel shows now."""
        return self.table.ranking

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        return _bundle(self.widget, self.status_line(), **kwargs)


class BoardExplorer:
    """The panel for a province board's table (see :func:`explore`): a weight for each
    shared indicator and the share cap of the Government's flag; the leaders' standing
    redrawn and the candidates said as they move, against the board's rule."""

    def __init__(self, board: BoardTable, *, lang: str = "vi"):
        w = _widgets()
        self.adopted, self.board, self.lang = board, board, lang
        words = WORDS[lang]
        names = catalog.indicators().table[f"name_{'en' if lang == 'en' else 'vi'}"]
        self.labels = {k: str(names.get(k, k)) for k in board.indicators}
        self.weights = {k: w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.5, description="",
                                         continuous_update=False, readout_format=".1f",
                                         layout=w.Layout(width=CONTROL_WIDTH)) for k in board.indicators}
        self.share = w.FloatSlider(value=float(board.rule.get("share_cap", 0.2)), min=0.05, max=0.5, step=0.05,
                                   description="", continuous_update=False, readout_format=".0%",
                                   layout=w.Layout(width=CONTROL_WIDTH))
        self.status, self.chart = w.HTML(), w.Image(format="png", layout=w.Layout(width="100%", height="auto"))
        self.reset = w.Button(description=words["board_reset"], layout=w.Layout(width=CONTROL_WIDTH))
        sliders = [w.VBox([w.HTML(_html(self.labels[k])), slider]) for k, slider in self.weights.items()]
        controls = w.VBox([w.HTML(f"<b>{_html(words['board_weights'])}</b>"), *sliders,
                           w.HTML(f"<b>{_html(words['board_share'])}</b>"), self.share, self.reset],
                          layout=w.Layout(flex="0 0 auto", width=CONTROL_WIDTH))
        shown = [self.status, self.chart]
        if board.leaders.attrs.get("illustrative"):
            shown.insert(0, w.HTML(f"<b style='color:firebrick'>{ILLUSTRATIVE_MARK}</b>"))
        self.widget = w.HBox([controls, w.VBox(shown, layout=w.Layout(flex="1 1 30em", min_width="0"))],
                             layout=w.Layout(flex_flow="row wrap", max_width="100%"))
        for control in [*self.weights.values(), self.share]:
            control.observe(self.update, names="value")
        self.reset.on_click(self.back_to_rule)
        self._figure = None
        self.update()

    def choices(self) -> dict[str, object]:
        """The settings the widgets hold, as :meth:`BoardTable.rerun` takes them."""
        return {"weights": {k: s.value for k, s in self.weights.items()}, "share_cap": round(self.share.value, 4)}

    def update(self, change: object = None) -> None:
        """Rank the leaders again with the widgets' settings and redraw."""
        try:
            self.board = self.adopted.rerun(**self.choices())
        except DataError as error:
            self.status.value = f"<p style='color:firebrick'>{_html(str(error))}</p>"
            return
        self.chart.value = self._draw()
        self.status.value = f"<p>{_html(self.status_line())}</p>"

    def back_to_rule(self, _: object = None) -> None:
        """Every weight back to 1 and the share to the board's rule (redrawn once)."""
        controls = [*self.weights.values(), self.share]
        for control in controls:
            control.unobserve(self.update, names="value")
        for slider in self.weights.values():
            slider.value = 1.0
        self.share.value = float(self.adopted.rule.get("share_cap", 0.2))
        for control in controls:
            control.observe(self.update, names="value")
        self.update()

    def status_line(self) -> str:
        """What differs from the board's rule, and who is proposed, against the rule's own."""
        words, lang = WORDS[self.lang], self.lang
        named = list(self.board.candidates["member"]) or [words["board_none"]]
        changes = [words["board_weight_changed"].format(label=self.labels[k], before=number(1.0, lang, decimals=1),
                                                        now=number(s.value, lang, decimals=1))
                   for k, s in self.weights.items() if s.value != 1.0]
        before = float(self.adopted.rule.get("share_cap", 0.2))
        if round(self.share.value, 4) != round(before, 4):
            changes.append(words["board_share_changed"].format(before=number(100 * before, lang),
                                                              now=number(round(100 * self.share.value), lang)))
        if not changes:
            return words["board_status_adopted"].format(names=and_list(named, lang))
        was, now = list(self.adopted.candidates["member"]), list(self.board.candidates["member"])
        moved = [words["board_added"].format(names=and_list(added, lang)) for added in
                 [[m for m in now if m not in was]] if added]
        moved += [words["board_dropped"].format(names=and_list(dropped, lang)) for dropped in
                  [[m for m in was if m not in now]] if dropped]
        return words["board_status_changed"].format(changes="; ".join(changes), names=and_list(named, lang),
                                                    moved="; ".join(moved) or words["board_same"])

    def _draw(self) -> bytes:
        self._figure = _blank(self._figure)
        ax = self._figure.add_subplot()
        plot.standing_bars(self.board.leaders, candidates=self.board.candidates["member_code"],
                           pending=self.board.unsettled["proposed_code"], ax=ax, lang=self.lang)
        self._figure.subplots_adjust(left=0.25, right=0.97, top=0.88, bottom=0.16)
        buffer = io.BytesIO()
        self._figure.savefig(buffer, format="png", dpi=CHART_DPI)
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        return _bundle(self.widget, self.status_line(), **kwargs)

def _blank(figure: Any) -> Any:
    """The panel's figure, cleared: made once, not known to pyplot (the notebook does not
    show it a second time under the cell), measured at the dpi it is saved at."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if figure is None:
        figure = Figure(figsize=CHART_INCHES, dpi=CHART_DPI)
        FigureCanvasAgg(figure)
    figure.clear()
    return figure


def _bundle(widget: Any, text: str, **kwargs: object) -> dict[str, object]:
    """The widget for JupyterLab; as plain text (a saved notebook before it runs, a
    terminal) the status line rather than the widgets' long repr."""
    bundle = widget._repr_mimebundle_(**kwargs)
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    data["text/plain"] = text
    return data


def explore(table: ScoreTable | BoardTable, *, lang: str = "vi", draws: int = DEFAULT_DRAWS,
            seed: int = 0) -> Explorer | BoardExplorer:
    """A live panel for ``table`` in a notebook: weights and choices to move, the ranking
    redrawn, the proposal, the distance from the adopted rubric, and a sensitivity button.

    >>> import emulation_stats as es
    >>> panel = explore(es.score(es.load_dataset("data/sample"), year=2024))
    >>> panel.weights["income"].value = 10  # as a hand on the slider: scored again, redrawn
    >>> print(panel.status_line())  # doctest: +NORMALIZE_WHITESPACE
    1 tiêu chí khác thang điểm đã thông qua (trọng số 'Thu nhập bình quân đầu người' 5 → 10); 3 đơn vị đổi hạng.
    Đứng đầu đổi: huyện Ninh Phước (theo thang điểm đã thông qua: huyện Thuận Nam).

    A province board's table (:func:`~emulation_stats.analysis.board.board_table`) opens the
    province's panel: a weight per shared indicator and the share cap of the Government's flag.
    """
    if isinstance(table, BoardTable):
        return BoardExplorer(table, lang=lang)
    return Explorer(table, lang=lang, draws=draws, seed=seed)
