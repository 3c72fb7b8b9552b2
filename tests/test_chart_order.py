"""Charts for a conference: every per-member chart takes ``order=`` ("cluster", "value" or a
list) and ``members=`` (any spelling), on a dataset that spans the reform (data/sample_2026,
its 2024 figures put on the 2025 communes by ``on_units``)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import emulation_stats as es  # noqa: E402

ASKED = ["Phường Diên Hồng", "mang yang", "UBND xã Kbang"]  # three spellings a secretary writes
IN_CLUSTER_ORDER = ["Xã Mang Yang", "Xã Kbang", "Phường Diên Hồng"]


@pytest.fixture(scope="module")
def cum(sample_2026):
    return sample_2026


@pytest.fixture(scope="module")
def year_2025(cum):
    return cum.on_units(2025)


@pytest.fixture(scope="module")
def yoy(year_2025):
    return es.compare_years(year_2025.indicators, 2024, 2025)


@pytest.fixture(scope="module")
def table(cum):
    return es.score(cum, year=2025)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cluster_order(cum, year=2025):
    rows = cum.clusters[cum.clusters["year"] == year]
    return list(rows["member"])


def shown(labels):
    """Tick labels as names: wrapped lines joined, a rank prefix ("2. ") dropped."""
    out = []
    for label in labels:
        text = " ".join(label.get_text().split()) if hasattr(label, "get_text") else " ".join(label.split())
        out.append(text.split(". ", 1)[1] if ". " in text and text.split(". ")[0].isdigit() else text)
    return out


def top_down(ax):
    """y tick labels from the top of the chart down."""
    labels = shown(ax.get_yticklabels())
    return labels if ax.yaxis_inverted() else labels[::-1]


def draw_each(cum, year_2025, yoy, table, **options):
    """Each per-member chart drawn with ``options``; its members as the reader sees them,
    from the left or from the top."""
    indicator = "criminal_cases"
    gap = es.self_assessment_gap(cum.assessments)
    names = dict(zip(cum.clusters["member_code"], cum.clusters["member"]))
    return {
        "yoy_bars": shown(es.plot.yoy_bars(yoy, indicator, **options).get_xticklabels()),
        "change_heatmap": shown(es.plot.change_heatmap(yoy, **options).get_xticklabels()),
        "trend_lines": shown(t.get_text() for t in es.plot.trend_lines(
            year_2025.indicators, indicator, **options).flat[0].figure.legends[0].get_texts()),
        "score_bars": top_down(es.plot.score_bars(table, **options)),
        "rank_intervals": top_down(es.plot.rank_intervals(es.sensitivity(table, draws=40, seed=1), **options)),
        "assessment_gap": top_down(es.plot.assessment_gap(gap, 2025, names=names, **options)),
    }


def test_every_per_member_chart_in_the_clusters_order(cum, year_2025, yoy, table):
    for chart, members in draw_each(cum, year_2025, yoy, table, order="cluster").items():
        assert members == cluster_order(cum), chart


def test_three_members_by_any_spelling_in_the_clusters_order(cum, year_2025, yoy, table):
    for chart, members in draw_each(cum, year_2025, yoy, table, order="cluster", members=ASKED).items():
        assert members == IN_CLUSTER_ORDER, chart


def test_a_list_is_the_order_and_the_members_shown(cum, year_2025, yoy, table):
    asked = ["kbang", "Phường Diên Hồng", "Xã Mang Yang"]
    for chart, members in draw_each(cum, year_2025, yoy, table, order=asked).items():
        assert members == ["Xã Kbang", "Phường Diên Hồng", "Xã Mang Yang"], chart


def test_value_order_follows_each_charts_measure(cum, year_2025, yoy, table):
    drawn = draw_each(cum, year_2025, yoy, table, order="value", members=ASKED)
    crime = yoy[(yoy["indicator"] == "criminal_cases") & (yoy["level"] == "member")].set_index("member")
    values = [crime.loc[m, "current_value"] for m in drawn["yoy_bars"]]
    assert values == sorted(values, reverse=True)
    ranks = es.propose(table).table.set_index("member")["rank"]
    assert [ranks[m] for m in drawn["score_bars"]] == sorted(ranks[m] for m in IN_CLUSTER_ORDER)
    assert [ranks[m] for m in drawn["rank_intervals"]] == sorted(ranks[m] for m in IN_CLUSTER_ORDER)
    assert sorted(drawn["assessment_gap"]) == sorted(IN_CLUSTER_ORDER)


def test_award_and_leave_one_out_bars_count_only_the_members_chosen(cum, table):
    awards = cum.awards[cum.awards["year"] == 2025]
    ax = es.plot.award_bars(awards, 2025, members=["mang yang"])
    drawn = sum(patch.get_width() for patch in ax.patches)
    assert drawn == awards.loc[awards["member"] == "Xã Mang Yang", "count"].sum() > 0
    loo = es.leave_one_out(table)
    ax = es.plot.leave_one_out_bars(loo, members=ASKED)
    chosen = loo[loo["member"].isin(IN_CLUSTER_ORDER)]
    assert sorted(p.get_width() for p in ax.patches) == sorted(chosen.groupby("criterion")["shift"]
                                                              .apply(lambda s: s.abs().sum()))


@pytest.mark.parametrize("options, words", [({"order": "alphabet"}, "'cluster'"),
                                            ({"members": ["Xã Mang Yangg"]}, "có phải xã Mang Yang"),
                                            ({"order": ["Phường Pleiku"]}, "không phải thành viên")])
def test_an_order_or_member_the_chart_cannot_show_is_a_clear_error(yoy, options, words):
    with pytest.raises(es.DataError, match=words):
        es.plot.yoy_bars(yoy, "criminal_cases", **options)


def test_default_orders_are_unchanged(cum, year_2025, yoy, table):
    """The defaults a pack draws with: bars by value, tables and lines in the cluster's order."""
    drawn = draw_each(cum, year_2025, yoy, table)
    assert drawn["change_heatmap"] == drawn["trend_lines"] == cluster_order(cum)
    crime = yoy[(yoy["indicator"] == "criminal_cases") & (yoy["level"] == "member")].set_index("member")
    values = np.array([crime.loc[m, "current_value"] for m in drawn["yoy_bars"]])
    assert (np.diff(values) <= 0).all()


@pytest.mark.parametrize("order", ["cluster", "value", ["Phường Diên Hồng", "Xã Kbang", "Xã Mang Yang"]])
def test_in_any_order_the_legend_covers_no_bar_and_no_figure(yoy, order):
    for indicator in ("criminal_cases", "budget_revenue", "income_per_capita"):
        ax = es.plot.yoy_bars(yoy, indicator, order=order)
        renderer = ax.figure.canvas.get_renderer()
        legend = ax.get_legend().get_window_extent(renderer)
        for artist in [*ax.texts, *ax.patches]:
            assert not legend.overlaps(artist.get_window_extent(renderer)), (indicator, order, artist)


def test_a_chart_keyed_by_names_takes_codes_and_a_type_word_must_be_the_members_own(year_2025, yoy):
    axes = es.plot.trend_lines(year_2025.indicators, "criminal_cases", members=["23638", "Mang Yang"])
    assert shown(t.get_text() for t in axes.flat[0].figure.legends[0].get_texts()) == ["Xã Mang Yang", "Xã Kbang"]
    ax = es.plot.change_heatmap(yoy, members=["23638"])
    assert shown(ax.get_xticklabels()) == ["Xã Kbang"]
    with pytest.raises(es.DataError, match="có phải xã Mang Yang"):  # the district dissolved in 2025
        es.plot.yoy_bars(yoy, "criminal_cases", members=["huyện Mang Yang"])


def test_award_and_leave_one_out_bars_take_an_order_of_their_own(cum, table):
    awards = cum.awards[cum.awards["year"] == 2025]
    ax = es.plot.award_bars(awards, 2025, order="value")
    totals = [float(t.get_text().replace(".", "").replace(",", ".")) for t in ax.texts
              if t.get_ha() == "left"]
    assert totals[::-1] == sorted(totals, reverse=True)  # drawn from the bottom: the most on top
    loo = es.leave_one_out(table)
    ax = es.plot.leave_one_out_bars(loo, order=["security", "Thu nhập bình quân đầu người"])
    assert shown(ax.get_yticklabels())[::-1] == ["Kiềm chế phạm pháp hình sự", "Thu nhập bình quân đầu người"]
    ax = es.plot.leave_one_out_bars(loo, order="rubric")
    assert shown(ax.get_yticklabels())[::-1] == [c.label for c in table.rubric.criteria]
    with pytest.raises(es.DataError, match="'authority'"):
        es.plot.award_bars(awards, 2025, order="cluster")
