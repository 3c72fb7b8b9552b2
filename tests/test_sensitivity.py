"""Robustness of the ranking: scenarios, rank statistics, Sobol indices, leaving criteria
out, and what a member would need to rank first."""

import numpy as np
import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.analysis.criteria import ScoreChoices
from emulation_stats.analysis.sensitivity import DEFAULT_ALTERNATIVES, sobol_indices
from test_scoring import INDICATORS, A, B, C, dataset


def test_same_seed_same_result(sample):
    one = es.sensitivity(es.score(sample, year=2024), draws=300, alternatives=DEFAULT_ALTERNATIVES, seed=7)
    two = es.sensitivity(es.score(sample, year=2024), draws=300, alternatives=DEFAULT_ALTERNATIVES, seed=7)
    pd.testing.assert_frame_equal(one.draws, two.draws)
    pd.testing.assert_frame_equal(one.rank_stats, two.rank_stats)
    other = es.sensitivity(es.score(sample, year=2024), draws=300, alternatives=DEFAULT_ALTERNATIVES, seed=8)
    assert not one.draws.equals(other.draws)


def test_no_noise_and_no_alternatives_reproduce_the_nominal_ranking(sample):
    result = es.sensitivity(es.score(sample, year=2024), draws=50, weight_noise=0)
    nominal = result.nominal.ranking.set_index("member_code")["rank"]
    for code in nominal.index:
        assert (result.draws[f"rank_{code}"] == nominal[code]).all()
    stats = result.rank_stats.set_index("member_code")
    assert (stats["q05"] == stats["nominal_rank"]).all() and (stats["q95"] == stats["nominal_rank"]).all()


def test_a_member_better_on_every_criterion_always_ranks_first():
    indicators = {k: dict(v) for k, v in INDICATORS.items()}
    indicators[("budget_revenue", "actual", 2017)][C] = 130
    indicators[("income_per_capita", "actual", 2017)][C] = 60
    indicators[("new_rural_communes", "actual", 2017)][C] = 7
    assessments = {("movement", a, m): (19.0 if m == C else 10.0) for a in (A, B, C) for m in (A, B, C)}
    data = dataset(indicators, assessments, awards=[])
    result = es.sensitivity(es.score(data, year=2017), draws=500, weight_noise=0.25,
                            alternatives={"aggregation": ["mean_excluding_self", "median"],
                                          "ignore_noise": [False, True]})
    stats = result.rank_stats.set_index("member_code")
    assert stats.loc[C, "p_first"] == 1.0 and stats.loc[C, "q95"] == 1


def test_two_near_tied_members_share_the_first_place():
    result = es.sensitivity(es.score(dataset(), year=2017), draws=1000, weight_noise=0.25, seed=3)
    stats = result.rank_stats.set_index("member_code")
    assert 0 < stats.loc[A, "p_first"] < 1 and 0 < stats.loc[C, "p_first"] < 1  # both on 49 points
    assert stats["p_first"].sum() == pytest.approx(1.0)
    ranks = result.draws[[f"rank_{m}" for m in (A, B, C)]].to_numpy()
    assert (np.sort(ranks, axis=1) == [1, 2, 3]).all()  # every draw is a ranking


def test_vectorised_scores_equal_score_on_sampled_draws(sample):
    result = es.sensitivity(es.score(sample, year=2024), draws=400, alternatives=DEFAULT_ALTERNATIVES, seed=11)
    weights_columns = [c for c in result.draws.columns if c.startswith("w_")]
    for _, draw in result.draws.sample(12, random_state=0).iterrows():
        choices = ScoreChoices(aggregation=draw["aggregation"], missing=draw["missing"],
                               ignore_noise=bool(draw["ignore_noise"]),
                               weights={c[2:]: draw[c] for c in weights_columns})
        table = es.score(sample, year=2024, choices=choices)
        expected = table.ranking.set_index("member_code")["rank"]
        for code, rank in expected.items():
            assert draw[f"rank_{code}"] == rank, (draw["draw"], code)


def test_sobol_estimator_on_a_known_model():
    rng = np.random.default_rng(1)
    n = 20_000
    a, b = rng.uniform(size=(n, 3)), rng.uniform(size=(n, 3))

    def model(x):
        return 2.0 * x[:, 0] + 1.0 * x[:, 1]  # x2 does nothing; variances 4:1:0

    ab = np.column_stack([model(np.where(np.arange(3) == i, b, a)) for i in range(3)])
    table = sobol_indices(model(a), model(b), ab, bootstrap=50)
    assert table["first"].tolist() == pytest.approx([0.8, 0.2, 0.0], abs=0.03)
    assert table["total"].tolist() == pytest.approx([0.8, 0.2, 0.0], abs=0.03)
    assert (table["total_low"] <= table["total"]).all() and (table["total"] <= table["total_high"]).all()


def test_sobol_matches_salib_on_the_same_sample():
    salib = pytest.importorskip("SALib.analyze.sobol")
    rng = np.random.default_rng(2)
    n, k = 4096, 3
    a, b = rng.uniform(size=(n, k)), rng.uniform(size=(n, k))

    def model(x):
        return np.sin(x[:, 0] * 3) + 2 * x[:, 1] ** 2 + 0.5 * x[:, 0] * x[:, 2]

    ab = [np.where(np.arange(k) == i, b, a) for i in range(k)]
    ours = sobol_indices(model(a), model(b), np.column_stack([model(m) for m in ab]), bootstrap=10)
    # SALib's layout without second order: per row, A, then each A_B^(i), then B.
    y = np.column_stack([model(a), *[model(m) for m in ab], model(b)]).ravel()
    theirs = salib.analyze({"num_vars": k, "names": ["a", "b", "c"], "bounds": [[0, 1]] * k}, y,
                           calc_second_order=False, print_to_console=False)
    assert ours["first"].to_numpy() == pytest.approx(theirs["S1"], abs=1e-9)
    assert ours["total"].to_numpy() == pytest.approx(theirs["ST"], abs=1e-9)


def test_sobol_on_the_sample_names_every_input(sample):
    result = es.sensitivity(es.score(sample, year=2024), draws=256, alternatives={"ignore_noise": [False, True]},
                            sobol=True, bootstrap=20)
    assert set(result.sobol["input"]) == {f"w_{c.key}" for c in result.nominal.rubric.criteria} | {"ignore_noise"}
    assert result.sobol["input"].iloc[0] == "ignore_noise"  # in the sample it moves the ranking most
    assert "chỉ số Sobol tổng" in es.describe_robustness(result)


def test_leave_one_out_is_the_weight_at_zero(sample):
    table = es.leave_one_out(es.score(sample, year=2024))
    nominal = es.score(sample, year=2024)
    again = nominal.rerun(weights={"income": 0.0}).ranking.set_index("member_code")["rank"]
    without = table[table["criterion"] == "income"].set_index("member_code")["rank_without"]
    assert without.sort_index().tolist() == again.sort_index().tolist()
    assert (table["shift"] == table["nominal_rank"] - table["rank_without"]).all()


def test_what_it_takes_is_enough(sample):
    table = es.score(sample, year=2024)
    second = table.ranking["member_code"].iloc[1]
    needs = es.what_it_takes(table, second).set_index("criterion")
    budget = needs.loc["budget"]
    assert budget["feasible"] and budget["points_needed"] > budget["points_now"]
    # Give the runner-up exactly that much revenue, everything else unchanged: it now ranks first.
    indicators = sample.indicators.copy()
    row = (indicators["member_code"] == second) & (indicators["indicator"] == "budget_revenue") \
        & (indicators["year"] == 2024) & (indicators["measure"] == "actual")
    indicators.loc[row, "value"] = budget["value_needed"] * 1.0001
    changed = es.Dataset(sample.path, sample.meta, sample.clusters, indicators, sample.awards, sample.assessments,
                         sample.votes, sample.rubric, sample.report)
    assert es.score(changed, year=2024).ranking["member_code"].iloc[0] == second
    # Feasible exactly where full points on that criterion alone would lift it past the leader,
    # counted from the score table's totals.
    for key, row in needs.iterrows():
        best_possible = table.total[second] - table.points.loc[second, key] + table.weights[key] * \
            table.rubric.criterion(key).cap
        assert bool(row["feasible"]) == (best_possible > table.total.max()), key


def test_robustness_sentence_and_bad_arguments(sample):
    result = es.sensitivity(es.score(sample, year=2024), draws=200)
    text = es.describe_robustness(result)
    assert text.startswith("Trong 200 kịch bản (trọng số các tiêu chí thay đổi ±25%)")
    assert "đứng đầu trong" in text and "Đề nghị tặng Cờ thi đua cho huyện" in text
    assert es.describe_robustness(result, lang="en").startswith("In 200 scenarios")
    with pytest.raises(es.DataError, match="không có lựa chọn 'weights'"):
        es.sensitivity(es.score(sample, year=2024), alternatives={"weights": [1]})
    with pytest.raises(es.DataError, match="không phải phương án"):
        es.sensitivity(es.score(sample, year=2024), alternatives={"aggregation": ["average"]})


def test_charts(sample):
    import matplotlib.pyplot as plt

    result = es.sensitivity(es.score(sample, year=2024), draws=200, alternatives={"ignore_noise": [False, True]},
                            sobol=True, bootstrap=10)
    for ax in (es.plot.rank_intervals(result), es.plot.sobol_bars(result.sobol),
               es.plot.leave_one_out_bars(es.leave_one_out(es.score(sample, year=2024)))):
        assert es.ILLUSTRATIVE_MARK in [t.get_text() for t in ax.figure.texts]
    plt.close("all")


def test_changes_winner_says_whether_another_member_ranks_first_without_the_criterion(sample):
    table = es.score(sample, year=2024)
    loo = es.leave_one_out(table)
    winner = table.ranking.sort_values("rank")["member_code"].iloc[0]
    for _criterion, rows in loo.groupby("criterion"):
        firsts = set(rows.loc[rows["rank_without"] == 1, "member_code"])
        assert rows["changes_winner"].nunique() == 1
        assert bool(rows["changes_winner"].iloc[0]) == (firsts != {winner})
    # Leaving out a criterion on which every member has the same points changes nothing.
    flat = table.shares.columns[table.shares.nunique() == 1]
    for key in flat:
        assert not loo.loc[loo["criterion"] == key, "changes_winner"].any()


def test_leaving_out_a_criterion_every_member_scored_alike_moves_no_rank(sample):
    """Issue "Validating the scoring, validated": in data/sample (2024) every member has the
    same points on crime; leaving it out swapped Bác Ái and Ninh Phước when the remaining
    criteria were scaled up and the bonuses were not."""
    nominal = es.score(sample, year=2024)
    assert nominal.points["crime"].nunique() == 1
    loo = es.leave_one_out(nominal)
    assert (loo.loc[loo["criterion"] == "crime", "shift"] == 0).all()
