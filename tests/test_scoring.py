"""Peer scoring: a rubric worked out by hand, rubric validation, assessments, proposals,
and properties that must hold for any data."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import emulation_stats as es
from emulation_stats.load.dataset import Dataset
from emulation_stats.load.report import LoadReport

A, B, C = "625", "626", "634"  # Kbang, Đak Đoa, Đak Pơ
NAMES = {A: "Kbang", B: "Đak Đoa", C: "Đak Pơ"}

# The hand-worked rubric: one criterion per method, a bonus and a penalty.
RUBRIC = {
    "name": "Thang điểm kiểm tra", "missing": "zero", "aggregation": "mean_excluding_self",
    "tie_break": ["movement"],
    "criteria": [
        {"key": "budget", "group": "Kinh tế", "max_points": 10, "method": "plan_ratio",
         "indicator": "budget_revenue", "cap": 1.2},
        {"key": "crime", "group": "An ninh", "max_points": 10, "method": "change", "indicator": "criminal_cases",
         "deduct_per_pct": 0.5, "ignore_noise": True},
        {"key": "income", "group": "Kinh tế", "max_points": 5, "method": "minmax", "indicator": "income_per_capita"},
        {"key": "poverty", "group": "Xã hội", "max_points": 6, "method": "rank", "indicator": "poor_household_rate",
         "points_by_rank": [6, 3, 0]},
        {"key": "rural", "group": "Xã hội", "max_points": 5, "method": "threshold",
         "indicator": "new_rural_communes", "steps": [[2, 2], [4, 4], [6, 5]]},
        {"key": "movement", "group": "Thi đua", "max_points": 20, "method": "assessed"},
    ],
    "bonus": [{"key": "pm_certificate", "label": "Bằng khen Thủ tướng", "award": "certificate_prime_minister",
               "points": 3, "max_points": 6}],
    "penalty": [{"key": "violations", "label": "Vi phạm", "criterion": "violation", "points": 2, "max_points": 4}],
}

INDICATORS = {  # (indicator, measure, year): {member: value}
    ("budget_revenue", "plan", 2017): {A: 100, B: 100, C: 100},
    ("budget_revenue", "actual", 2017): {A: 110, B: 90, C: 130},
    ("criminal_cases", "actual", 2016): {A: 50, B: 54, C: 20},
    ("criminal_cases", "actual", 2017): {A: 57, B: 70, C: 10},
    ("income_per_capita", "actual", 2017): {A: 30, B: 40, C: 50},
    ("poor_household_rate", "actual", 2017): {A: 5.0, B: 8.0, C: 3.0},
    ("new_rural_communes", "actual", 2017): {A: 4, B: 6, C: 4},
    ("population", "actual", 2016): {A: 60000, B: 100000, C: 40000},
    ("population", "actual", 2017): {A: 60000, B: 100000, C: 40000},
}
ASSESSMENTS = {  # (criterion, assessor, member): points
    ("movement", A, A): 20, ("movement", B, A): 16, ("movement", C, A): 14,
    ("movement", B, B): 18, ("movement", A, B): 17, ("movement", C, B): 15,
    ("movement", C, C): 19, ("movement", A, C): 11, ("movement", B, C): 13,
    ("violation", A, B): 1, ("violation", C, B): 1, ("violation", B, B): 0,
}
AWARDS = [(A, "certificate_prime_minister", 3), (B, "certificate_prime_minister", 1)]


def dataset(indicators=None, assessments=None, awards=None, codes=None, votes=None):
    """A Dataset built in memory; ``codes`` renames the members (old -> new)."""
    rename = codes or {}
    name = {rename.get(k, k): NAMES[k] for k in NAMES}
    rows = [(rename.get(m, m), key, measure, year, value)
            for (key, measure, year), by in (indicators or INDICATORS).items() for m, value in by.items()]
    ind = pd.DataFrame(rows, columns=["member_code", "indicator", "measure", "year", "value"])
    ind["member"], ind["unit"], ind["source"] = ind["member_code"].map(name), "", "test"
    ind["value"] = ind["value"].astype(float)
    ass = pd.DataFrame([(2017, "Cụm", rename.get(a, a), rename.get(m, m), c, float(p))
                        for (c, a, m), p in (assessments or ASSESSMENTS).items()],
                       columns=["year", "cluster", "assessor_code", "member_code", "criterion", "points"])
    aw = pd.DataFrame([(2017, rename.get(m, m), NAMES[m], "Cụm", key, key, "prime_minister", "collective", n, False,
                        "test") for m, key, n in (AWARDS if awards is None else awards)],
                      columns=["year", "member_code", "member", "cluster", "award", "award_name", "authority",
                               "recipient_kind", "count", "posthumous", "source"])
    clusters = pd.DataFrame({"province_code": "64", "cluster": "Cụm", "year": 2017,
                             "member_code": [rename.get(k, k) for k in NAMES], "member": list(NAMES.values()),
                             "role": ["head", "member", "member"], "source": "test"})
    votes = votes if votes is not None else pd.DataFrame(
        columns=["year", "cluster", "member_code", "proposal", "votes_for", "voters", "source"])
    return Dataset(Path("."), {"name": "test", "illustrative": True}, clusters, ind, aw, ass, votes, RUBRIC,
                   LoadReport())


def test_hand_computed_scores():
    table = es.score(dataset(), year=2017)
    points = table.points.round(6)
    # plan_ratio: 10 × actual/plan, capped at 1.2
    assert points.loc[[A, B, C], "budget"].tolist() == [11.0, 9.0, 12.0]
    # change: A +7 cases is within noise (z = 0.96); B +16 of 54 = 29.6 % × 0.5 = 14.8 off 10 -> 0; C fell
    assert points.loc[[A, B, C], "crime"].tolist() == [10.0, 0.0, 10.0]
    # minmax over 30..50
    assert points.loc[[A, B, C], "income"].tolist() == [0.0, 2.5, 5.0]
    # rank of the poverty rate, lower is better: C 1st (6), A 2nd (3), B 3rd (0)
    assert points.loc[[A, B, C], "poverty"].tolist() == [3.0, 0.0, 6.0]
    # threshold: 4 communes -> 4, 6 -> 5
    assert points.loc[[A, B, C], "rural"].tolist() == [4.0, 5.0, 4.0]
    # assessed, the peers' mean: A (16+14)/2, B (17+15)/2, C (11+13)/2
    assert points.loc[[A, B, C], "movement"].tolist() == [15.0, 16.0, 12.0]
    # bonus 3 per certificate, at most 6; penalty 2 per assessed violation, at most 4
    assert points.loc[[A, B, C], "pm_certificate"].tolist() == [6.0, 3.0, 0.0]
    assert points.loc[[A, B, C], "violations"].tolist() == [0.0, -2.0, 0.0]
    assert table.total.round(6).loc[[A, B, C]].tolist() == [49.0, 33.5, 49.0]
    # A and C tie on 49; the rubric's tie-break (movement: 15 against 12) puts A first
    assert table.ranking["member_code"].tolist() == [A, C, B]
    assert table.ranking["rank"].tolist() == [1, 2, 3] and not table.ranking["tied"].any()
    assert table.ranking["gap_to_first"].tolist() == [0.0, 0.0, 15.5]


def test_without_tie_break_the_tie_stays_and_propose_says_so():
    data = dataset()
    rubric = dict(RUBRIC, tie_break=[])
    table = es.score(data, rubric=rubric, year=2017)
    assert table.ranking["rank"].tolist() == [1, 1, 3] and table.ranking["tied"].tolist() == [True, True, False]
    proposal = es.propose(table)
    assert any("bằng điểm nhau" in check for check in proposal.checks)


def test_choices_are_recorded_and_rerun_changes_only_what_is_asked():
    table = es.score(dataset(), year=2017)
    assert table.choices.aggregation == "mean_excluding_self"
    strict = table.rerun(ignore_noise=False)
    assert strict.points.loc[A, "crime"] == pytest.approx(10 - 0.5 * 100 * 7 / 50)  # 14 % worse: 7 points off
    assert strict.points.loc[C, "budget"] == table.points.loc[C, "budget"]
    median = table.rerun(aggregation="trimmed_mean")
    assert median.points.loc[A, "movement"] == 16.0  # 20, 16, 14 without the highest and lowest
    assert table.rerun(aggregation="self_only").points.loc[C, "movement"] == 19.0
    assert table.rerun(aggregation="head_only").points.loc[B, "movement"] == 17.0  # Kbang heads the cluster
    heavier = table.rerun(weights={"movement": 40})
    assert heavier.points.loc[A, "movement"] == 30.0


def test_missing_rules():
    indicators = dict(INDICATORS)
    indicators[("income_per_capita", "actual", 2017)] = {A: 30, C: 50}  # Đak Đoa sent no income figure
    data = dataset(indicators)
    zero = es.score(data, year=2017)
    assert zero.points.loc[B, "income"] == 0.0
    mean = zero.rerun(missing="mean")
    assert mean.points.loc[B, "income"] == 2.5  # the members' mean share (0 and 1) of 5 points
    drop = zero.rerun(missing="drop")
    criteria = [c.key for c in drop.rubric.criteria]
    earned = drop.points.loc[B, criteria].sum()
    assert drop.total[B] == pytest.approx(earned * 56 / 51 - 2 + 3)  # rescaled from 51 to 56 points


def test_explain_names_inputs_rules_and_sources():
    table = es.score(dataset(), year=2017)
    text = es.describe_score(table, "Đak Đoa")
    assert text.startswith("Huyện Đak Đoa, năm 2017: 33,5 điểm, hạng 3/3 (kém hạng 1: 15,5 điểm)")
    assert "năm 2016: 54, năm 2017: 70, kém hơn 16, trừ 14,81 điểm → 0 điểm" in text
    assert "điểm chấm 16 (2 lượt chấm)" in text and "Vi phạm: 1 → -2 điểm" in text
    assert "Tổng: 32,5 điểm tiêu chí + 3 − 2 = 33,5 điểm" in text
    english = es.describe_score(table, B, lang="en")
    assert "Đak Đoa district, 2017: 33.5 points, rank 3 of 3" in english
    with pytest.raises(es.DataError, match="không phải thành viên"):
        es.describe_score(table, "Atlantis")


def test_propose_flag_certificates_votes_and_disqualification():
    votes = pd.DataFrame({"year": 2017, "cluster": "Cụm", "member_code": [A, B, C], "proposal": "flag_province",
                          "votes_for": [2, 1, 6], "voters": 9, "source": "test"})
    rubric = dict(RUBRIC, criteria=[dict(c, disqualify_below=5) if c["key"] == "crime" else c
                                    for c in RUBRIC["criteria"]])
    table = es.score(dataset(votes=votes), rubric=rubric, year=2017)
    proposal = es.propose(table, votes, flags=1, certificates=1)
    assert proposal.table["proposal"].tolist() == ["flag", "certificate", ""]
    assert proposal.table["vote_share"].round(3).tolist() == [0.222, 0.667, 0.111]
    assert any("phiếu bầu nhiều nhất là huyện Đak Pơ" in c for c in proposal.checks)
    assert not any("dưới mức" in c for c in proposal.checks)  # B fails crime but is not proposed
    proposal = es.propose(table, votes, flags=1, certificates=2)
    assert any("Đak Đoa" in c and "dưới mức 5" in c for c in proposal.checks)


def test_describe_ranking():
    text = es.describe_ranking(es.score(dataset(), year=2017))
    # Level on points, first on the rubric's tie-break: said as such, never "hơn … 0 điểm"; points at one
    # precision (33,50 elsewhere: 49,00)
    assert "huyện Kbang đứng đầu với 49,00 điểm, bằng điểm huyện Đak Pơ (thứ hai) nhưng xếp trên theo thứ tự " \
           "ưu tiên của thang điểm" in text
    assert "Cụm đề nghị tặng Cờ thi đua cho huyện Kbang; Bằng khen cho huyện Đak Pơ, huyện Đak Đoa." in text


def test_aggregations_and_gap():
    a = dataset().assessments
    mean = es.aggregate_assessments(a[a["criterion"] == "movement"]).set_index("member_code")["points"]
    assert mean.to_dict() == {A: 15.0, B: 16.0, C: 12.0}
    median = es.aggregate_assessments(a[a["criterion"] == "movement"], "median").set_index("member_code")
    assert median.loc[A, "points"] == 16.0
    gap = es.self_assessment_gap(a[a["criterion"] == "movement"]).set_index("member_code")["gap"]
    assert gap.to_dict() == {A: 5.0, B: 2.0, C: 7.0}
    with pytest.raises(es.DataError, match="head_only cần"):
        es.aggregate_assessments(a, "head_only")


@pytest.mark.parametrize("change, message", [
    ({"method": "magic"}, "cách tính 'magic' không có"),
    ({"indicator": "x_unknown"}, "chỉ tiêu 'x_unknown' không có trong danh mục"),
    ({"max_points": -5}, "không được âm"),
    ({"max_points": "mười"}, "điểm phải là số"),
    ({"cap": 1.2, "method": "minmax"}, "tham số cap không dùng cho cách tính 'minmax'"),
    ({"indicator": "population"}, "không có chiều tốt/xấu"),
    ({"method": "threshold", "cap": None}, "cần tham số steps"),
    ({"method": "change", "cap": None}, "cần deduct_per_pct hoặc deduct_per_unit"),
])
def test_rubric_errors_name_the_criterion(change, message):
    first = {k: v for k, v in dict(RUBRIC["criteria"][0], **change).items() if v is not None}
    criteria = [first] + RUBRIC["criteria"][1:]
    with pytest.raises(es.DataError, match=message) as error:
        es.Rubric.from_dict(dict(RUBRIC, criteria=criteria))
    assert "'budget'" in str(error.value)


def test_rubric_from_excel_equals_yaml(tmp_path):
    rows = []
    for c in RUBRIC["criteria"]:
        row = dict(c)
        if "steps" in row:
            row["steps"] = "; ".join(f"{t}:{p}" for t, p in row["steps"])
        if "points_by_rank" in row:
            row.pop("points_by_rank")
            row["method"], row["input"] = "rank", "value"
        rows.append(row)
    rows += [dict(b, kind="bonus") for b in RUBRIC["bonus"]] + [dict(p, kind="penalty") for p in RUBRIC["penalty"]]
    path = tmp_path / "thang_diem.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(rows).to_excel(writer, sheet_name="criteria", index=False)
        pd.DataFrame({"key": ["missing", "tie_break"], "value": ["zero", "movement"]}).to_excel(
            writer, sheet_name="settings", index=False)
    rubric = es.Rubric.load(path)
    expected = es.Rubric.from_dict(RUBRIC)
    assert [c.key for c in rubric.criteria] == [c.key for c in expected.criteria]
    assert rubric.criterion("rural").params["steps"] == [[2.0, 2.0], [4.0, 4.0], [6.0, 5.0]]
    assert rubric.tie_break == ("movement",) and len(rubric.adjustments) == 2
    assert rubric.adjustments[1].points == -2


def test_sample_dataset_scores_and_proposes(sample):
    table = es.score(sample, year=2024)
    assert len(table.ranking) == 6
    by_total = table.ranking.sort_values("total", ascending=False, kind="stable")
    assert by_total["rank"].is_monotonic_increasing and by_total["rank"].iloc[0] == 1  # rank follows the total
    assert dict(zip(table.ranking["member_code"], table.ranking["total"])) == pytest.approx(table.total.to_dict())
    assert (table.total <= table.rubric.maximum + table.rubric.bonus_maximum).all()
    assert table.attrs["illustrative"] is True


# --- properties -----------------------------------------------------------------------------

levels = st.floats(min_value=1, max_value=1000, allow_nan=False)
counts = st.integers(min_value=0, max_value=200)


@st.composite
def random_data(draw):
    indicators = {
        ("budget_revenue", "plan", 2017): {m: draw(levels) for m in NAMES},
        ("budget_revenue", "actual", 2017): {m: draw(levels) for m in NAMES},
        ("criminal_cases", "actual", 2016): {m: draw(counts) for m in NAMES},
        ("criminal_cases", "actual", 2017): {m: draw(counts) for m in NAMES},
        ("income_per_capita", "actual", 2017): {m: draw(levels) for m in NAMES},
        ("poor_household_rate", "actual", 2017): {m: draw(st.floats(0, 60)) for m in NAMES},
        ("new_rural_communes", "actual", 2017): {m: draw(st.integers(0, 10)) for m in NAMES},
    }
    assessments = {(c, a, m): draw(st.floats(0, 25)) for c in ("movement", "violation") for a in NAMES
                   for m in NAMES}
    awards = [(m, "certificate_prime_minister", draw(st.integers(0, 4))) for m in NAMES]
    return indicators, assessments, awards


@settings(max_examples=40, deadline=None)
@given(random_data())
def test_total_never_exceeds_the_maximum_plus_bonuses(data):
    indicators, assessments, awards = data
    table = es.score(dataset(indicators, assessments, awards), year=2017)
    rubric = table.rubric
    assert (table.total <= rubric.maximum + rubric.bonus_maximum + 1e-9).all()


GOOD = {"budget_revenue": 1, "criminal_cases": -1, "income_per_capita": 1, "poor_household_rate": -1,
        "new_rural_communes": 1}


@settings(max_examples=40, deadline=None)
@given(random_data(), st.sampled_from(sorted(NAMES)), st.sampled_from(sorted(GOOD)),
       st.floats(min_value=0.5, max_value=50))
def test_improving_an_indicator_never_lowers_that_members_points(data, member, indicator, step):
    indicators, assessments, awards = data
    before = es.score(dataset(indicators, assessments, awards), year=2017)
    better = {k: dict(v) for k, v in indicators.items()}
    key = (indicator, "actual", 2017)
    value = better[key][member] + GOOD[indicator] * step
    better[key][member] = max(value, 0.0)
    after = es.score(dataset(better, assessments, awards), year=2017)
    assert after.total[member] >= before.total[member] - 1e-9


@settings(max_examples=30, deadline=None)
@given(random_data(), st.permutations([A, B, C]))
def test_relabelling_members_changes_no_ones_points(data, order):
    indicators, assessments, awards = data
    original = es.score(dataset(indicators, assessments, awards), year=2017)
    rename = dict(zip([A, B, C], order))
    relabelled = es.score(dataset(indicators, assessments, awards, codes=rename), year=2017)
    for old, new in rename.items():
        pd.testing.assert_series_equal(original.points.loc[old], relabelled.points.loc[new], check_names=False)


def test_criteria_by_key_or_label_and_an_unknown_one_named(sample, tmp_path):
    """Issue "Validating the scoring, validated", point 4: criteria by key and by label in
    every filter; an unknown key is a DataError listing the rubric's criteria."""
    table = es.score(sample, year=2024)
    by_key = es.score_explanations(table, criteria=["crime", "poverty"])
    by_label = es.score_explanations(table, criteria=["Kiềm chế phạm pháp hình sự", "giảm tỷ lệ hộ nghèo"])
    assert set(by_key["key"]) == {"crime", "poverty"} and by_key.equals(by_label)
    with pytest.raises(es.DataError, match="có: growth"):
        es.score_explanations(table, criteria=["security"])


def test_a_member_by_any_spelling_and_a_miss_offers_the_member_it_may_mean():
    """Point 3: "Mang Yang", "xã Mang Yang", "UBND XÃ MANG YANG" are Xã Mang Yang; a
    misspelling is refused with the member it may mean."""
    table = es.score(es.load_dataset("data/sample_2026"), year=2025)
    said = {es.describe_score(table, name).split(",")[0] for name in
            ("Xã Mang Yang", "Mang Yang", "xã Mang Yang", "UBND XÃ MANG YANG", "23794")}
    assert len(said) == 1
    with pytest.raises(es.DataError, match="có phải xã Mang Yang"):
        es.describe_score(table, "Mang Yangg")


# --- the robustness answers, held to a second route (issue "Validating the scoring, validated") ---

def _ranks(table) -> dict:
    return table.ranking.set_index("member_code")["rank"].to_dict()


@settings(max_examples=25, deadline=None)
@given(random_data(), st.data())
def test_leave_one_out_is_the_rerun_with_that_weight_at_zero(data, pick):
    """One convention, stated in leave_one_out's docstring: the criterion's weight at 0,
    nothing else scaled (the bonuses treated as the other criteria are: left as they are)."""
    indicators, assessments, awards = data
    table = es.score(dataset(indicators, assessments, awards), year=2017)
    keys = [c.key for c in table.rubric.criteria]
    if pick.draw(st.booleans(), label="what-if"):  # a what-if table keeps its own weights when one is left out
        table = table.rerun(weights={pick.draw(st.sampled_from(keys)): pick.draw(st.floats(0, 30))})
    key = pick.draw(st.sampled_from(keys))
    loo = es.leave_one_out(table)
    without = loo[loo["criterion"] == key].set_index("member_code")["rank_without"].to_dict()
    again = table.rerun(weights={key: 0.0})
    assert without == _ranks(again)
    assert all(again.weights[k] == table.weights[k] for k in keys if k != key)


@settings(max_examples=25, deadline=None)
@given(random_data(), st.floats(min_value=0, max_value=25))
def test_leaving_out_a_criterion_all_score_alike_on_moves_no_rank(data, alike):
    indicators, assessments, awards = data
    same = {k: (alike if k[0] == "movement" else v) for k, v in assessments.items()}
    table = es.score(dataset(indicators, same, awards), year=2017)
    assert table.points["movement"].nunique() == 1
    loo = es.leave_one_out(table)
    assert (loo.loc[loo["criterion"] == "movement", "shift"] == 0).all()


@settings(max_examples=15, deadline=None)
@given(random_data())
def test_sensitivity_at_zero_spread_is_the_nominal_ranking(data):
    indicators, assessments, awards = data
    table = es.score(dataset(indicators, assessments, awards), year=2017)
    result = es.sensitivity(table, draws=20, weight_noise=0.0, alternatives={}, seed=3)
    stats = result.rank_stats.set_index("member_code")
    assert (stats["median_rank"] == stats["nominal_rank"]).all()
    winner = table.ranking["member_code"].iloc[0]
    assert stats.loc[winner, "p_first"] == 1.0


def _with_income(indicators: dict, member: str, value: float) -> dict:
    changed = {k: dict(v) for k, v in indicators.items()}
    changed[("income_per_capita", "actual", 2017)][member] = value
    return changed


@settings(max_examples=30, deadline=None)
@given(random_data(), st.sampled_from(sorted(NAMES)))
def test_what_it_takes_on_a_min_max_criterion_is_enough_and_no_more(data, member):
    """The figure what_it_takes names, scored again, puts the member first; one reported unit
    worse does not (on a min-max criterion the scale moves with the member's own figure: it
    named 59,36 where 59,44 was needed). Incomes as offices report them: one decimal."""
    indicators, assessments, awards = data
    key = ("income_per_capita", "actual", 2017)
    indicators = {**indicators, key: {m: round(v, 1) for m, v in indicators[key].items()}}
    table = es.score(dataset(indicators, assessments, awards), year=2017)
    if table.ranking["member_code"].iloc[0] == member:
        return
    needs = es.what_it_takes(table, member).set_index("criterion").loc["income"]
    if not needs["feasible"]:
        return
    value = float(needs["value_needed"])
    again = es.score(dataset(_with_income(indicators, member, value), assessments, awards), year=2017)
    row = again.ranking.set_index("member_code").loc[member]
    assert row["rank"] == 1 and not row["tied"]
    unit = 10.0 ** -_decimals(indicators[("income_per_capita", "actual", 2017)][member])
    short = es.score(dataset(_with_income(indicators, member, value - unit), assessments, awards), year=2017)
    short_row = short.ranking.set_index("member_code").loc[member]
    assert short_row["rank"] != 1 or short_row["tied"]


def _decimals(value: float) -> int:
    text = f"{value:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def test_what_it_takes_for_bac_ai_is_the_figure_that_is_enough(sample):
    """The issue's case: data/sample 2024, Bác Ái's income. 59,36 left it second (93,86 vs
    93,87); the threshold is 59,44, so at the one decimal it was reported with, 59,5."""
    table = es.score(sample, year=2024)
    needs = es.what_it_takes(table, "Bác Ái").set_index("criterion").loc["income"]
    assert needs["value_needed"] == pytest.approx(59.5)


@settings(max_examples=15, deadline=None)
@given(random_data(), st.data())
def test_the_panel_rerun_and_score_agree_on_every_setting_the_panel_offers(data, pick):
    """Whatever the panel's widgets are set to (each weight on its slider's steps, every
    aggregation, missing-data rule and noise choice it lists), the ranking it shows is the
    ranking ``rerun`` gives and the ranking ``score`` gives from the data with those choices."""
    pytest.importorskip("ipywidgets")
    indicators, assessments, awards = data
    data_set = dataset(indicators, assessments, awards)
    adopted = es.score(data_set, year=2017)
    panel = es.explore(adopted, draws=20)
    # Every widget but the last is set with the panel not listening (a redraw each is what
    # test_explore checks; here it is the end state): the last one's change scores and draws.
    *held, last = [*panel.weights.values(), panel.aggregation, panel.missing, panel.noise]
    for widget in held:
        widget.unobserve(panel.update, names="value")
    for key, slider in panel.weights.items():
        steps = int(round((slider.max - slider.min) / slider.step))
        slider.value = slider.min + slider.step * pick.draw(st.integers(0, steps), label=key)
    for name in ("aggregation", "missing", "noise"):
        widget = getattr(panel, name)
        if widget is last:
            for other in held:
                other.observe(panel.update, names="value")
            new = pick.draw(st.sampled_from([value for _, value in widget.options]), label=name)
            if new == widget.value:  # no change, no call: as a user who leaves it, ask for the redraw
                panel.update()
            widget.value = new
        else:
            widget.value = pick.draw(st.sampled_from([value for _, value in widget.options]), label=name)
    settings_ = panel.choices()
    try:
        rerun = adopted.rerun(**settings_)
    except es.DataError as error:  # a setting the data cannot take: said in red, the last ranking kept
        assert "color:firebrick" in panel.status.value and str(error)[:40] in panel.status.value
        return
    full = es.score(data_set, rubric=adopted.rubric, year=2017, choices=adopted.choices.replace(**settings_))
    for other in (rerun, full):
        assert panel.ranking[["member_code", "rank", "tied"]].equals(other.ranking[["member_code", "rank", "tied"]])
        assert panel.ranking["total"].tolist() == pytest.approx(other.ranking["total"].tolist())
    flagged = es.propose(rerun).table.query("proposal == 'flag'")["member"]
    assert len(flagged) and all(name in panel.proposal.value for name in flagged)


def test_a_weight_by_its_criterions_label_is_the_weight_by_its_key(sample):
    """Point 4: criteria by key and by label in every filter, ``rerun(weights=…)`` too."""
    table = es.score(sample, year=2024)
    by_key = table.rerun(weights={"income": 10})
    by_label = table.rerun(weights={"thu nhập bình quân đầu người": 10})
    assert by_label.weights.equals(by_key.weights) and by_label.ranking.equals(by_key.ranking)
    with pytest.raises(es.DataError, match="có: .*income"):
        table.rerun(weights={"Thu nhap": 10})


def test_a_weight_must_be_a_number_of_points_and_one_criterion_is_not_its_letters(sample):
    table = es.score(sample, year=2024)
    for bad in (-1, "mười", True):
        with pytest.raises(es.DataError, match="phải là một số không âm"):
            table.rerun(weights={"income": bad})
    assert set(es.score_explanations(table, criteria="income")["key"]) == {"income"}


def test_what_it_takes_says_figures_at_the_clusters_precision_and_nothing_for_the_first(sample_2026):
    """A figure at the precision the cluster writes (one office's "43" does not make every
    income whole); rounded towards better on every rule; the member already first needs
    nothing more than it has."""
    table = es.score(sample_2026, year=2025)
    first = table.ranking["member_code"].iloc[0]
    own = es.what_it_takes(table, first)
    assert own["feasible"].all() and (own["points_needed"] == own["points_now"]).all()
    assert own["value_needed"].equals(own["value_now"])
    for member in table.ranking["member_code"].iloc[1:]:
        needs = es.what_it_takes(table, member).set_index("criterion")
        for c in table.rubric.criteria:
            value = needs.loc[c.key, "value_needed"]
            if c.indicator and pd.notna(value):
                decimals = max(_decimals(float(v)) for v in table.details[c.key].get(
                    "value", table.details[c.key].get("actual")).dropna())
                assert _decimals(float(value)) <= decimals, (member, c.key, value)
