"""Conference charts: seaborn-style calls, the illustrative watermark exactly where the
data is illustrative, readable layout, and files written whole."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import emulation_stats as es  # noqa: E402
from conftest import ROOT  # noqa: E402

MARK = es.ILLUSTRATIVE_MARK


@pytest.fixture(scope="module")
def sample():
    return es.load_dataset(ROOT / "data" / "sample")


@pytest.fixture(scope="module")
def gia_lai():
    return es.load_dataset(ROOT / "data" / "gia_lai_2017")


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
    assert "Criminal cases (cases)" in labels and not any("vụ" in t or "người" in t for t in labels)
    legend = [t.get_text() for t in heat.get_legend().get_texts()]
    assert "not assessed" in legend  # population: neither better nor worse
    vietnamese = [t.get_text() for t in es.plot.change_heatmap(yoy).get_legend().get_texts()]
    assert "không đánh giá" in vietnamese
    panels = es.plot.trend_lines(sample.indicators, ["criminal_cases", "traffic_deaths"], lang="en")
    assert [a.get_title(loc="left") for a in panels.flat[:2]] == ["Criminal cases (cases)",
                                                                  "Traffic deaths (people)"]
    plt.close("all")
