"""Conference charts: seaborn-style calls, the illustrative watermark exactly where the
data is illustrative, readable layout, and files written whole."""

import itertools
import re

import matplotlib
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import emulation_stats as es  # noqa: E402
from emulation_stats.core.text import sort_key_vi

MARK = es.ILLUSTRATIVE_MARK


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def charts(ds, base, current, year):
    yoy = es.compare_years(ds.indicators, base, current)
    return [es.plot.yoy_bars(yoy, "criminal_cases"), es.plot.trend_lines(ds.indicators, "criminal_cases"),
            es.plot.change_heatmap(yoy), es.plot.award_bars(ds.awards, year)]


def figure_of(chart):
    return chart.flat[0].figure if isinstance(chart, np.ndarray) else chart.figure


def texts(fig):
    return [t.get_text() for t in fig.texts]


def test_watermark_on_every_illustrative_chart_and_never_on_real_data(sample, gia_lai):
    for chart in charts(sample, 2023, 2024, 2024):
        assert MARK in texts(figure_of(chart))
    real = [es.plot.yoy_bars(es.compare_years(gia_lai.indicators, 2016, 2017), "criminal_cases"),
            es.plot.award_bars(gia_lai.awards, 2017)]
    for chart in real:
        fig = figure_of(chart)
        assert MARK not in texts(fig)
        assert any(t.startswith("Nguồn: Hội nghị tổng kết") for t in texts(fig))  # the source line


def test_explicit_illustrative_flag_overrides_the_data(gia_lai):
    ax = es.plot.award_bars(gia_lai.awards, 2017, illustrative=True)
    assert MARK in texts(ax.figure)


def test_draws_on_the_given_axes_and_returns_them(sample):
    fig, (left, right) = plt.subplots(1, 2, figsize=(20, 8))
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    assert es.plot.yoy_bars(yoy, "criminal_cases", ax=left) is left
    assert es.plot.award_bars(sample.awards, 2024, ax=right) is right
    assert left.get_title(loc="left") == "Số vụ phạm pháp hình sự: 2023 và 2024"


def test_given_axes_a_chart_keeps_to_them_and_the_figure_is_finished_once(sample):
    fig, (left, right) = plt.subplots(1, 2, figsize=(20, 8))
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    es.plot.yoy_bars(yoy, "criminal_cases", ax=left)
    es.plot.yoy_bars(yoy, "traffic_accidents", ax=right)
    assert texts(fig) == []  # no source line, no mark: the figure is not the chart's
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tight_layout on a finished figure warned before
        es.plot.finish(fig, yoy)
    assert texts(fig).count(MARK) == 2  # the mark at the bottom and the watermark, once each
    assert sum(t.startswith("Nguồn:") for t in texts(fig)) == 1


def test_each_robustness_chart_draws_one_thing(sample):
    table = es.score(sample, year=2024)
    loo = es.leave_one_out(table)
    ax = es.plot.leave_one_out_bars(loo)
    assert len(ax.patches) == loo["criterion"].nunique()
    red = [p for p in ax.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb("firebrick")]
    assert len(red) == loo.groupby("criterion")["changes_winner"].first().sum()
    result = es.sensitivity(table, draws=64, sobol=True, seed=2)
    ax = es.plot.sobol_bars(result.sobol)
    assert len(ax.patches) == len(result.sobol)
    assert not hasattr(es.plot, "sensitivity_bars")


def test_axes_use_vietnamese_number_format(sample):
    ax = es.plot.award_bars(sample.awards, 2024)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels and not any("," in label for label in labels)
    axis = ax.xaxis.get_major_formatter()  # the axis' own formatter on figures a count may reach
    assert (axis(12345, 0), axis(2.5, 0)) == ("12.345", "2,5")  # Vietnamese: 12.345 and 2,5


def test_english_labels(sample):
    ax = es.plot.yoy_bars(es.compare_years(sample.indicators, 2023, 2024), "criminal_cases", lang="en")
    assert ax.get_title(loc="left") == "Criminal cases: 2023 and 2024"


def overlapping(boxes):
    return [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]


def test_no_overlapping_labels(sample):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    for chart in [es.plot.change_heatmap(yoy), es.plot.award_bars(sample.awards, 2024),
                  es.plot.yoy_bars(yoy, "budget_revenue")]:
        fig = chart.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for labels in (chart.get_yticklabels(), chart.get_xticklabels()):
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels if t.get_text()]
            assert not overlapping(boxes), overlapping(boxes)
    axes = es.plot.trend_lines(sample.indicators, ["criminal_cases", "budget_revenue", "poor_household_rate",
                                                    "income_per_capita", "gdp_growth", "new_rural_communes"])
    fig = axes.flat[0].figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # matplotlib keeps a left-aligned title in a private attribute; there is no public getter.
    titles = [(ax.get_title(loc="left"), ax._left_title.get_window_extent(renderer))
              for ax in axes.flat if ax.get_visible()]
    assert not overlapping(titles), overlapping(titles)


def test_diacritics_survive_in_the_svg(tmp_path, sample):
    paths = es.plot.save(es.plot.yoy_bars(es.compare_years(sample.indicators, 2023, 2024), "criminal_cases"),
                         tmp_path / "yoy")
    svg = (tmp_path / "yoy.svg").read_text(encoding="utf-8")
    assert "Số vụ phạm pháp hình sự" in svg and "Thuận Bắc" in svg and MARK in svg
    assert [p.suffix for p in paths] == [".png", ".svg"]


def test_png_is_16_by_9_at_200_dpi_and_nothing_half_written(tmp_path, sample):
    es.plot.save(es.plot.award_bars(sample.awards, 2024), tmp_path / "charts" / "awards")
    width, height = Image.open(tmp_path / "charts" / "awards.png").size
    assert (width, height) == (2666, 1500)
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["awards.png", "awards.svg"]


def test_unknown_indicator_is_a_clear_error(sample):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    with pytest.raises(es.DataError, match="chọn một chỉ tiêu"):
        es.plot.yoy_bars(yoy)
    with pytest.raises(es.DataError, match="không có chỉ tiêu .food_output.; có: budget_revenue"):
        es.plot.yoy_bars(yoy, "food_output")


def test_score_bars_mark_the_proposal_and_gap_chart(sample):
    table = es.score(sample, year=2024)
    ax = es.plot.score_bars(table)
    flag_label = [t for t in ax.get_yticklabels() if t.get_text().startswith("1. ")][0]
    assert flag_label.get_fontweight() == "bold"
    assert any("★ Cờ thi đua" in t.get_text() for t in ax.texts)
    assert MARK in texts(ax.figure)
    gap = es.self_assessment_gap(sample.assessments)
    ax = es.plot.assessment_gap(gap, 2024)
    assert ax.get_title(loc="left").startswith("Tự chấm so với")
    assert len(ax.collections) == sample.assessments["criterion"].nunique()


def test_an_english_chart_is_english_throughout_and_population_is_not_judged(sample):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    ax = es.plot.yoy_bars(yoy, "criminal_cases", lang="en")
    assert ax.get_ylabel() == "cases"
    heat = es.plot.change_heatmap(yoy, lang="en")
    labels = [t.get_text() for t in heat.get_yticklabels()]
    # each row says what its cells show: the per cent change ("+22.2%"), points for a rate
    assert "Criminal cases (%)" in labels and "Poor-household rate (pp)" in labels
    assert not any("vụ" in t or "người" in t or "million" in t for t in labels)
    assert labels.index("Economic growth rate (pp)") < labels.index("Criminal cases (%)")  # the báo cáo's order
    legend = [t.get_text() for t in heat.get_legend().get_texts()]
    assert "not assessed" in legend  # population: neither better nor worse
    vietnamese = [t.get_text() for t in es.plot.change_heatmap(yoy).get_legend().get_texts()]
    assert "không đánh giá" in vietnamese
    panels = es.plot.trend_lines(sample.indicators, ["criminal_cases", "traffic_deaths"], lang="en")
    assert [a.get_title(loc="left") for a in panels.flat[:2]] == ["Criminal cases (cases)",
                                                                  "Traffic deaths (people)"]
    plt.close("all")


# --- honest and whole (issue 23, point 7) -----------------------------------------------------

def legend_labels(chart):
    legend = chart.get_legend() if hasattr(chart, "get_legend") else None
    if legend is None:
        legend = figure_of(chart).legends[0]
    return [t.get_text() for t in legend.get_texts()]


def test_heatmap_legend_has_exactly_the_colours_drawn_and_the_grey_where_drawn(sample):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    ax = es.plot.change_heatmap(yoy)
    drawn = {tuple(np.round(c, 3)) for c in ax.images[0].cmap(ax.images[0].norm(ax.images[0].get_array()))
             .reshape(-1, 4)[:, :3]}
    colours = {k: tuple(np.round(matplotlib.colors.to_rgb(v), 3)) for k, v in es.plot.COLOURS.items()}
    words = es.plot.WORDS["vi"]
    expected = [words[k] for k in ("better", "worse", "same", "not_assessed", "n/a") if colours[k] in drawn]
    assert legend_labels(ax) == expected
    # a member with no figure in the current year: its cells grey, "không so sánh được" in the legend
    gone = yoy.copy()
    first = (gone["level"] == "member") & (gone["member"] == "Bác Ái")
    gone.loc[first, ["current_value", "change", "pct_change"]] = np.nan
    gone.loc[first, "assessment"] = "n/a"
    assert "không so sánh được" in legend_labels(es.plot.change_heatmap(gone))
    assert "không so sánh được" not in expected or colours["n/a"] in drawn
    # one indicator neither better nor worse (population): only "không đánh giá" is drawn and said
    assert legend_labels(es.plot.change_heatmap(yoy[yoy["indicator"] == "population"])) == ["không đánh giá"]


def test_yoy_legend_names_only_what_has_a_bar(sample, gia_lai):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    for key in ("criminal_cases", "population"):
        rows = yoy[(yoy["indicator"] == key) & (yoy["level"] == "member")]
        ax = es.plot.yoy_bars(yoy, key)
        words = es.plot.WORDS["vi"]
        kinds = [k for k in ("better", "worse", "same", "not_assessed", "n/a")
                 if (rows.loc[rows["current_value"].notna(), "assessment"] == k).any()]
        assert legend_labels(ax) == ["2023"] + [f"2024: {words[k]}" for k in kinds]
    award = es.plot.award_bars(gia_lai.awards, 2017)
    kinds = gia_lai.awards[gia_lai.awards["year"] == 2017].groupby("recipient_kind")["count"].sum()
    assert sorted(legend_labels(award)) == sorted(es.plot.WORDS["vi"][k] for k in kinds[kinds > 0].index)


def test_derived_figures_are_drawn_differently_and_named_in_the_legend(gia_lai):
    yoy = es.compare_years(gia_lai.indicators, 2016, 2017)
    ax = es.plot.yoy_bars(yoy, "criminal_cases")
    rows = yoy[(yoy["indicator"] == "criminal_cases") & (yoy["level"] == "member")]
    assert rows["source_base"].str.contains("Suy ra").any() and not rows["source_current"].str.contains(
        "Suy ra").all()
    bars = [p for p in ax.patches if p.get_height() > 0 and p.get_width() < 0.5]
    hatched = [p for p in bars if p.get_hatch()]
    assert 0 < len(hatched) < len(bars)
    assert {p.get_facecolor() for p in hatched}.isdisjoint({p.get_facecolor() for p in bars if not p.get_hatch()})
    assert "số liệu suy ra" in legend_labels(ax)
    heat = es.plot.change_heatmap(yoy)
    assert any(p.get_hatch() for p in heat.patches) and "số liệu suy ra" in legend_labels(heat)
    panels = es.plot.trend_lines(gia_lai.indicators, "criminal_cases")
    hollow = [line for line in panels.flat[0].lines if line.get_markerfacecolor() == "white"]
    assert hollow and "số liệu suy ra" in legend_labels(panels)
    # reported figures only: nothing hatched, no such entry
    reported = yoy.assign(source_base=yoy["source_base"].str.replace("Suy ra", "Theo"))
    assert "số liệu suy ra" not in legend_labels(es.plot.yoy_bars(reported, "criminal_cases"))


def test_source_line_names_the_source_wraps_and_is_never_cut(sample, gia_lai):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    for chart in charts(sample, 2023, 2024, 2024) + [es.plot.score_bars(es.score(sample, year=2024))]:
        line = [t for t in texts(figure_of(chart)) if t.startswith("Nguồn:")]
        assert len(line) == 1
        assert "scripts/" not in line[0] and ".py" not in line[0] and "seed" not in line[0]
        assert "…" not in line[0] and line[0].startswith("Nguồn: Số liệu minh họa")
    long = "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2024 của Cụm thi đua các huyện " * 3
    ax = es.plot.yoy_bars(yoy, "criminal_cases", source=long.strip())
    line = [t for t in texts(ax.figure) if t.startswith("Nguồn:")][0]
    assert "…" not in line and "\n" in line and " ".join(line.split()) == f"Nguồn: {' '.join(long.split())}"
    ax.figure.canvas.draw()
    box = [t for t in ax.figure.texts if t.get_text().startswith("Nguồn:")][0].get_window_extent()
    assert box.x1 <= ax.figure.bbox.x1 and not box.overlaps(ax.get_tightbbox())
    real = [t for t in texts(es.plot.award_bars(gia_lai.awards, 2017).figure) if t.startswith("Nguồn:")][0]
    assert "Hội nghị tổng kết" in real and "UBND huyện Kbang" in real and "2018-01-30" not in real


def renamed(ds, names):
    """The sample's indicators with its members called ``names`` (the codes kept, so the
    units are still known)."""
    codes = list(dict.fromkeys(ds.indicators["member_code"]))[:len(names)]
    out = ds.indicators[ds.indicators["member_code"].isin(codes)].copy()
    out["member"] = out["member_code"].map(dict(zip(codes, names)))
    out.attrs.update(ds.indicators.attrs)
    return out


def test_members_in_vietnamese_collation(sample):
    names = ["Ea Kar", "Đak Đoa", "Diên Khánh", "An Khê", "Zơ Rai", "Ăn Cư"]
    assert sorted(names, key=sort_key_vi) == ["An Khê", "Ăn Cư", "Diên Khánh", "Đak Đoa", "Ea Kar",
                                                      "Zơ Rai"]
    indicators = renamed(sample, ["Zơ Rai", "Đak Đoa", "Diên Khánh", "Ea Kar"])
    # The cluster's own order (clusters.csv) where the table carries it ...
    listed = ["Zơ Rai", "Đak Đoa", "Diên Khánh", "Ea Kar"]
    # ... else Vietnamese alphabetical order (Đ after D, not after Z).
    indicators_alone = indicators.copy()
    indicators_alone.attrs.pop("member_order")
    for table, expected in ((indicators, listed), (indicators_alone, ["Diên Khánh", "Đak Đoa", "Ea Kar", "Zơ Rai"])):
        heat = es.plot.change_heatmap(es.compare_years(table, 2023, 2024))
        assert [" ".join(t.get_text().split()) for t in heat.get_xticklabels()] == expected
        panels = es.plot.trend_lines(table, "criminal_cases")
        assert [" ".join(t.split()) for t in legend_labels(panels)] == expected


def test_heatmap_column_heads_of_communes_and_wards_do_not_overlap(sample):
    names = ["Phường Diên Hồng", "Xã Tân Cương", "Xã Tân Khánh", "Xã Mang Yang", "Phường An Bình", "Xã Đak Đoa"]
    yoy = es.compare_years(renamed(sample, names), 2023, 2024)
    _, given = plt.subplots(figsize=(9, 4))  # also on a narrower figure made by the caller
    es.plot.change_heatmap(yoy, ax=given)
    es.plot.finish(given.figure, yoy)
    for ax in (es.plot.change_heatmap(yoy), given):
        fig = ax.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.get_xticklabels() if t.get_text()]
        assert len(boxes) == len(names) and not overlapping(boxes), overlapping(boxes)
        legend = ax.get_legend().get_window_extent(renderer)
        assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1  # the legend is whole


def test_changes_are_shown_at_the_precision_of_their_inputs(sample):
    indicators = sample.indicators.copy()
    one = (indicators["member"] == "Bác Ái") & (indicators["indicator"] == "budget_revenue") & (
        indicators["measure"] == "actual")
    indicators.loc[one & (indicators["year"] == 2023), "value"] = 1200.2937  # computed, as a restated figure is
    indicators.loc[one & (indicators["year"] == 2024), "value"] = 2249.8
    yoy = es.compare_years(indicators, 2023, 2024)
    ax = es.plot.yoy_bars(yoy, "budget_revenue")
    labels = [t.get_text() for t in ax.texts]
    assert any("(+1.049,5)" in t for t in labels), labels
    assert not any("1.049,50" in t or "1.049,51" in t for t in labels)
    heat = es.plot.change_heatmap(yoy, value="change")
    assert "+1.049,5" in [t.get_text() for t in heat.texts]
    assert "+87,4%" in [t.get_text() for t in es.plot.change_heatmap(yoy).texts]  # % to one decimal


def test_each_row_of_the_change_table_has_one_precision(sample):
    """One precision per row of the heat table (an indicator): "+4,0%" beside "+10,5%", never "+4%"."""
    ax = es.plot.change_heatmap(es.compare_years(sample.indicators, 2023, 2024))
    rows: dict[float, set[int]] = {}
    for text in ax.texts:
        said = text.get_text()
        if re.fullmatch(r"[+-]?[\d.]+(,\d+)?%?", said):
            decimals = len(said.rstrip("%").split(",")[1]) if "," in said else 0
            rows.setdefault(round(text.get_position()[1], 3), set()).add(decimals)
    assert len(rows) > 5 and all(len(d) == 1 for d in rows.values()), rows


def test_the_same_chart_saved_twice_is_the_same_file(tmp_path, sample):
    """Packs built twice are identical (no date, no random ids in the SVG): a change of the
    code can be checked by comparing the files it writes."""
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    files = [es.plot.save(es.plot.yoy_bars(yoy, "criminal_cases"), tmp_path / name) for name in ("a", "b")]
    for first, second in zip(*files):
        assert first.read_bytes() == second.read_bytes(), first.suffix


def axes_level_charts(sample):
    """Every Axes-level chart of es.plot with the data it draws (trend_lines is a figure of
    small multiples and makes its own)."""
    table = es.score(sample, year=2024)
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    result = es.sensitivity(table, draws=64, sobol=True, seed=2)
    gap = es.self_assessment_gap(sample.assessments)
    return {
        "yoy_bars": lambda ax: es.plot.yoy_bars(yoy, "criminal_cases", ax=ax),
        "change_heatmap": lambda ax: es.plot.change_heatmap(yoy, ax=ax),
        "award_bars": lambda ax: es.plot.award_bars(sample.awards, 2024, ax=ax),
        "score_bars": lambda ax: es.plot.score_bars(table, ax=ax),
        "assessment_gap": lambda ax: es.plot.assessment_gap(gap, 2024, ax=ax),
        "rank_intervals": lambda ax: es.plot.rank_intervals(result, ax=ax),
        "sobol_bars": lambda ax: es.plot.sobol_bars(result.sobol, ax=ax),
        "leave_one_out_bars": lambda ax: es.plot.leave_one_out_bars(es.leave_one_out(table), ax=ax),
        "standing_bars": lambda ax: es.plot.standing_bars(pd.DataFrame({
            "group": ["a", "b", "c"], "member_code": ["1", "2", "3"], "member": ["Xã A", "Phường B", "Sở C"],
            "standing": [0.5, -0.2, None]}), candidates=["1"], ax=ax),
    }


def test_every_axes_level_chart_draws_on_the_axes_given_and_nowhere_else(sample):
    """seaborn's contract for each chart: given ``ax=``, it draws there, returns it, and leaves
    the other Axes, the figure's texts and its legends alone (the figure is the caller's)."""
    charts = axes_level_charts(sample)
    import inspect

    public = {name for name in es.plot.__all__ if inspect.isfunction(getattr(es.plot, name))
              and "ax" in inspect.signature(getattr(es.plot, name)).parameters}
    assert public == set(charts), "a chart with ax= not in this list"
    for name, draw in charts.items():
        fig, (neighbour, target) = plt.subplots(1, 2, figsize=(20, 8))
        neighbour.plot([0, 1], [0, 1])
        before = (len(neighbour.lines), len(neighbour.patches), len(neighbour.texts), neighbour.get_title())
        assert draw(target) is target, name
        assert (len(neighbour.lines), len(neighbour.patches), len(neighbour.texts), neighbour.get_title()) == before
        assert texts(fig) == [] and not fig.legends, name  # no source line, mark or legend of the figure's
        assert len(fig.axes) == 2, name  # no Axes added (a colour bar, a twin)
        plt.close(fig)


def test_every_chart_lists_every_option_with_its_default():
    """numpydoc Parameters: each argument of each chart's signature, by name."""
    import inspect

    for name in es.plot.__all__:
        function = getattr(es.plot, name)
        if not inspect.isfunction(function) or "ax" not in inspect.signature(function).parameters and \
                name != "trend_lines":
            continue
        doc = inspect.getdoc(function)
        missing = [p for p in inspect.signature(function).parameters if not re.search(rf"^{p}\b.* :", doc, re.M)]
        assert missing == [], (name, missing)
