"""Natural mistakes say so: a year, indicator, member or criterion that is not in the data
is a DataError naming what was asked and what exists, never a table of NaN, an empty
sentence or an unchanged ranking."""

import matplotlib
import pytest

import emulation_stats as es

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def table(sample):
    return es.score(sample, year=2024)


def says(*words):
    """pytest.raises for a DataError whose message holds every one of ``words``."""
    class _Says:
        def __enter__(self):
            self.raises = pytest.raises(es.DataError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            swallowed = self.raises.__exit__(*exc)
            message = str(self.info.value)
            for word in words:
                assert word in message, f"{word!r} not in {message!r}"
            return swallowed
    return _Says()


@pytest.mark.parametrize("base, current, missing", [(2024, 2025, "2025"), (2017, 2024, "2017")])
def test_compare_years_refuses_a_year_without_data(sample, base, current, missing):
    with says(f"không có số liệu năm {missing}", "có các năm 2018–2024"):
        es.compare_years(sample.indicators, base, current)


def test_trend_refuses_an_unknown_indicator_and_year(sample):
    with says("không có chỉ tiêu 'crime'", "(có phải", "criminal_cases"):
        es.trend(sample.indicators, "crime")
    with says("không có số liệu năm 2030", "2018–2024"):
        es.trend(sample.indicators, "criminal_cases", years=[2023, 2030])


def test_plan_achievement_refuses_a_year_without_data(sample):
    with says("không có số liệu năm 2026", "2018–2024"):
        es.plan_achievement(sample.indicators, 2026)


def test_summarise_awards_refuses_a_year_without_awards(sample):
    with says("không có khen thưởng năm 2017", "có các năm 2019–2024"):
        es.summarise_awards(sample.awards, 2017)
    # said, not an error, in the sentence: a year may well have no awards
    assert "Không có khen thưởng" in es.describe_awards(sample.awards, 2017)


def test_score_refuses_a_year_and_a_misspelt_weight(sample, table):
    with says("không có số liệu năm 2030"):
        es.score(sample, year=2030)
    with says("không có tiêu chí 'incom'", "(có phải 'income'?)", "growth"):
        table.rerun(weights={"incom": 10})
    with says("không có lựa chọn 'weight'", "weights"):
        table.rerun(weight={"income": 10})
    assert table.rerun(weights={"income": 30}).weights["income"] == 30  # the right spelling is taken


def test_sensitivity_and_what_it_takes_refuse_unknown_names(table):
    with says("không có lựa chọn 'aggregate'"):
        es.sensitivity(table, draws=10, alternatives={"aggregate": ["median"]})
    with says("không phải thành viên"):
        es.what_it_takes(table, "Phan Rang")


def test_every_plot_refuses_what_is_not_in_its_data(sample):
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    with says("không có chỉ tiêu 'crime'", "criminal_cases"):
        es.plot.yoy_bars(yoy, "crime")
    with says("không có chỉ tiêu 'income'", "income_per_capita"):
        es.plot.trend_lines(sample.indicators, ["criminal_cases", "income"])
    with says("không có khen thưởng năm 2017"):
        es.plot.award_bars(sample.awards, 2017)
    with says("không có điểm chấm năm 2015", "có các năm 2019–2024"):
        es.plot.assessment_gap(es.self_assessment_gap(sample.assessments), 2015)
    empty = yoy.assign(current_value=float("nan"))
    with says("không có số liệu"):
        es.plot.change_heatmap(empty)
    with says("không có số liệu của chỉ tiêu 'criminal_cases' năm 2024"):
        es.plot.yoy_bars(empty, "criminal_cases")


def test_in_ipython_a_data_error_is_one_short_line_until_debug(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from emulation_stats.core.notebook import debug, show_data_errors_briefly

    shell = InteractiveShell.instance()
    try:
        assert show_data_errors_briefly(shell)
        shell.run_cell("import emulation_stats as es\nes.DataError('không có số liệu năm 2025')\n"
                       "raise es.DataError('không có số liệu năm 2025; có các năm 2018–2024')")
        shown = capsys.readouterr()
        text = shown.out + shown.err
        assert "DataError: không có số liệu năm 2025; có các năm 2018–2024" in text
        assert "Traceback" not in text and "raise es.DataError" not in text
        debug(shell=shell)
        shell.run_cell("raise es.DataError('không có số liệu năm 2025')")
        shown = capsys.readouterr()
        assert "Traceback" in shown.out + shown.err or "raise es.DataError" in shown.out + shown.err
    finally:
        InteractiveShell.clear_instance()
