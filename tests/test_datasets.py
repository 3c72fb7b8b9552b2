"""The two datasets: the real one holds exactly what the seed report states; the
sample is complete and flagged illustrative."""

import pytest

import emulation_stats as es
from emulation_stats import load_dataset
from helpers import ROOT

SEED = (ROOT.parent / "shared" / "seeds" / "000_55b5679f7e2e7ff6.txt")


@pytest.fixture(scope="module")
def real():
    return load_dataset(ROOT / "data" / "gia_lai_2017")


def test_real_dataset_is_not_illustrative_and_loads_cleanly(real):
    assert real.illustrative is False
    assert real.report.ok and real.report.rows_read == real.report.rows_loaded


def test_real_crime_figures(real):
    crime = real.indicators.set_index(["member", "year"])["value"]
    assert crime.to_dict() == {("Đak Đoa", 2017): 70, ("Đak Đoa", 2016): 54,
                               ("Kbang", 2017): 57, ("Kbang", 2016): 50}
    assert set(real.indicators["indicator"]) == {"criminal_cases"}
    derived = real.indicators[real.indicators["year"] == 2016]
    assert derived["source"].str.contains("Suy ra").all(), "derived figures must say so"


def test_real_award_counts_are_the_reports(real):
    awards = real.awards
    assert (awards["member_code"] == "").all() and (awards["cluster"] == "Cụm thi đua số 2").all()
    got = {(a, k): c for a, k, c in zip(awards["award"], awards["recipient_kind"], awards["count"])}
    assert got == {
        ("mother_hero", "individual"): 3, ("order_labour_2", "individual"): 2,
        ("order_labour_3", "individual"): 1, ("flag_government", "individual"): 1,
        ("certificate_prime_minister", "individual"): 3, ("flag_province", "collective"): 21,
        ("excellent_labour_collective", "collective"): 39, ("decisive_victory_unit", "collective"): 2,
        ("emulation_soldier_province", "individual"): 5, ("certificate_province", "collective"): 13,
        ("certificate_province", "individual"): 42,
    }
    assert awards.loc[awards["award"] == "mother_hero", "posthumous"].all()
    assert awards["source"].str.contains("Báo cáo Cụm thi đua số 2").all()
    # The report's "Cờ Thi đua cho 01 cá nhân" is kept as written, with the law warning.
    assert list(real.report.warnings["code"]) == ["law_recipient"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is in ../shared")
def test_every_real_figure_is_in_the_seed_text(real):
    text = SEED.read_text(encoding="utf-8")
    for phrase in ["70 vụ, tăng 16 vụ", "57 vụ, tăng 07 vụ", "Bà mẹ Việt Nam anh hùng cho 03 cá nhân",
                   "Huân chương Lao động hạng II cho 02 cá nhân", "Cờ thi đua cho 21 tập thể",
                   "Bằng khen cho 13 tập thể và 42 cá nhân", "Tập thể Lao động xuất sắc cho 39 tập thể",
                   "Cờ Thi đua đối với UBND huyện Đak Pơ", "Cụm phó"]:
        assert phrase in text


def test_real_cluster_names_four_members_and_roles(real):
    clusters = real.clusters
    assert set(clusters["member"]) == {"Kbang", "Đak Đoa", "Đak Pơ", "An Khê"}, "the fifth is not invented"
    roles = {(y, d): r for y, d, r in zip(clusters["year"], clusters["member"], clusters["role"])}
    assert roles[(2017, "Kbang")] == "head"
    assert roles[(2018, "Đak Pơ")] == "head" and roles[(2018, "An Khê")] == "deputy"
    assert list(real.votes["member_code"]) == ["634"] and list(real.votes["proposal"]) == ["flag_province"]
    assert real.votes["votes_for"].isna().all(), "the report gives no vote counts"


def test_sample_is_complete_and_illustrative(sample):
    assert sample.illustrative is True and sample.report.ok
    members = sample.clusters["member_code"].unique()
    assert len(members) >= 5 and sample.clusters["province_code"].nunique() == 1
    ind = sample.indicators
    assert ind["year"].nunique() >= 5
    with_both = ind.groupby("indicator")["measure"].nunique()
    assert (with_both == 2).sum() >= 10, "at least 10 indicators with plan and actual"
    assert set(sample.awards["member_code"]) == set(members)
    a = sample.assessments
    assert (a["assessor_code"] == a["member_code"]).any() and (a["assessor_code"] != a["member_code"]).any()
    assert not sample.votes.empty and sample.rubric is not None and sample.rubric.criteria


def test_sample_is_plausible(sample):
    ind = sample.indicators[sample.indicators["measure"] == "actual"]
    by = ind.groupby("indicator")["value"]
    assert by.median()["gdp_growth"] < 12 and by.min()["gdp_growth"] > 0
    assert 5 <= by.median()["criminal_cases"] <= 100
    assert by.max()["poor_household_rate"] < 40


def test_each_report_name_says_what_it_holds(sample):
    data = sample
    assert set(data.reports_by_table) == {"clusters", "indicators", "awards", "assessments", "votes"}
    assert sum(r.rows_read for r in data.reports_by_table.values()) == data.report.rows_read
    assert not hasattr(data, "reports")  # one name for the whole load, another for its tables
    summary = es.summarise_awards(data.awards)
    assert list(summary.law_notes.columns) == list(summary.counts.columns)  # rows of counts, not load warnings
    assert not hasattr(summary, "warnings")
