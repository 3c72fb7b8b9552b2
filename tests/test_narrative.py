"""The sentences of the conference report, and the award summaries behind them.

The real dataset must give back the figures and the phrasing of the seed report
(../shared/seeds/): the tests read the seed's own sentences and compare."""

import inspect
import re
from collections import Counter

import pandas as pd
import pytest

import emulation_stats as es
from conftest import ROOT

SEED = ROOT.parent / "shared" / "seeds" / "000_55b5679f7e2e7ff6.txt"


@pytest.fixture(scope="module")
def gia_lai():
    return es.load_dataset(ROOT / "data" / "gia_lai_2017")


def seed_sentence(start: str, end: str) -> str:
    if not SEED.exists():
        pytest.skip("the seed report is not beside the project (../shared/seeds)")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    return text[text.index(start):text.index(end, text.index(start)) + len(end)]


def recipients(text: str) -> Counter:
    """Every "cho NN tập thể / cá nhân" of a text, as (count, kind) pairs."""
    return Counter(re.findall(r"(\d+) (tập thể|cá nhân)", text))


def test_crime_sentence_matches_the_seed_report(gia_lai):
    ours = es.describe_changes(es.compare_years(gia_lai.indicators, 2016, 2017))
    seed = seed_sentence("huyện Đak Đoa xảy ra", "so với năm 2016.")
    assert ours[0].lower() + ours[1:] == seed


def test_award_paragraph_matches_the_seed_figures_and_wording(gia_lai):
    ours = es.describe_awards(gia_lai.awards, 2017)
    seed = seed_sentence("Chủ tịch nước truy tặng", "42 cá nhân.")
    assert recipients(ours) == recipients(seed)  # every figure, as many times
    for phrase in ["Chủ tịch nước truy tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 03 cá nhân",
                   "Huân chương Lao động hạng II cho 02 cá nhân", "Huân chương Lao động hạng III cho 01 cá nhân",
                   "Cờ Thi đua cho 01 cá nhân", "Bằng khen cho 03 cá nhân",
                   "Chủ tịch UBND tỉnh tặng Cờ thi đua cho 21 tập thể",
                   "danh hiệu Tập thể Lao động xuất sắc cho 39 tập thể", "danh hiệu Chiến sỹ thi đua cho 05 cá nhân",
                   "Bằng khen cho 13 tập thể và 42 cá nhân"]:
        assert phrase in seed and phrase in ours, phrase
    # Authorities from the highest: the President, then the Prime Minister, then the province.
    assert ours.index("Chủ tịch nước") < ours.index("Thủ tướng Chính phủ") < ours.index("Chủ tịch UBND tỉnh")
    assert ours.startswith("Cụm thi đua số 2 đã được")


def test_town_type_in_lower_case_and_numbers_in_vietnamese_format():
    yoy = pd.DataFrame({
        "level": "member", "member_code": ["623", "625"], "member": ["An Khê", "Kbang"],
        "indicator": "budget_revenue", "indicator_name": "Thu ngân sách", "unit": "tỷ đồng", "kind": "amount",
        "base_year": 2016, "current_year": 2017, "base_value": [1000.0, 80.0], "current_value": [1234.5, 60.0],
        "change": [234.5, -20.0], "pct_change": [23.45, -25.0], "assessment": ["better", "worse"],
        "notable": True})
    text = es.describe_changes(yoy)
    assert "thị xã An Khê đạt 1.234,5 tỷ đồng, tăng 23,4%" in text
    assert "huyện Kbang đạt 60 tỷ đồng, giảm 25%" in text and text.endswith("so với năm 2016.")
    assert text.index("Kbang") < text.index("An Khê")  # the member that worsened comes first
    english = es.describe_changes(yoy, lang="en")
    assert "An Khê town reached 1,234.5 billion dong, up 23." in english and "Kbang district" in english


def test_percentages_change_in_points_and_counts_are_padded():
    yoy = pd.DataFrame({
        "level": "member", "member_code": ["625", "625"], "member": "Kbang",
        "indicator": ["poor_household_rate", "traffic_deaths"], "indicator_name": ["Tỷ lệ hộ nghèo", "x"],
        "unit": ["%", "người"], "kind": ["percent", "count"], "base_year": 2016, "current_year": 2017,
        "base_value": [12.0, 9.0], "current_value": [10.5, 4.0], "change": [-1.5, -5.0], "pct_change": [-12.5, -55.6],
        "assessment": ["better", "better"], "notable": True})
    text = es.describe_changes(yoy)
    assert "Tỷ lệ hộ nghèo của huyện Kbang còn 10,5%, giảm 1,5 điểm phần trăm" in text
    assert "làm chết 04 người, giảm 05 người" in text


def test_only_notable_and_chosen_indicators(gia_lai):
    yoy = es.compare_years(gia_lai.indicators, 2016, 2017)
    assert es.describe_changes(yoy, only_notable=True).startswith("Huyện Đak Đoa")  # z 2.04; Kbang's 0.96 is noise
    assert "Kbang" not in es.describe_changes(yoy, only_notable=True)
    assert es.describe_changes(yoy, indicators=["budget_revenue"]) == ""


def test_awards_by_district_and_in_english():
    sample = es.load_dataset(ROOT / "data" / "sample")
    by_district = es.describe_awards(sample.awards, 2024, by="member").split("\n\n")
    assert len(by_district) == sample.awards.query("year == 2024")["member_code"].nunique()
    assert all(p.startswith("Huyện ") for p in by_district)
    english = es.describe_awards(sample.awards, 2024, lang="en")
    assert english.startswith("In 2024, Cụm thi đua các huyện received from the President:")
    assert "(posthumously)" in english and "individuals" in english


def test_no_awards_is_said_not_invented(gia_lai):
    assert es.describe_awards(gia_lai.awards, 2016) == \
        "Không có khen thưởng nào của các thành viên Cụm được ghi nhận trong năm 2016."


def test_award_summary_counts_and_law_notes(gia_lai):
    summary = es.summarise_awards(gia_lai.awards, 2017, by="cluster")
    assert int(summary.counts["count"].sum()) == int(gia_lai.awards["count"].sum()) == 132
    assert list(summary.counts["authority"].drop_duplicates()) == ["president", "prime_minister", "province"]
    (note,) = summary.law_notes["law_note"]
    assert "chỉ tặng cho tập thể" in note  # the flag to an individual, as loading warned


def test_award_summary_by_member_adds_up_and_by_year_changes():
    sample = es.load_dataset(ROOT / "data" / "sample")
    summary = es.summarise_awards(sample.awards, by="member")
    assert int(summary.counts["count"].sum()) == int(sample.awards["count"].sum())
    merit = summary.by_year[summary.by_year["award"] == "merit_paper"].set_index(["member_code", "year"])
    totals = sample.awards[sample.awards["award"] == "merit_paper"].groupby(["member_code", "year"])["count"].sum()
    assert (merit["count"] == totals.reindex(merit.index)).all() and len(merit) == len(totals)
    code = totals.index[0][0]
    assert merit.loc[(code, 2020), "change"] == totals[(code, 2020)] - totals[(code, 2019)]


def test_by_year_keeps_the_years_and_the_place_asked_for():
    # Before: summarise_awards(..., year=2024).by_year gave 2019–2024 for the whole cluster.
    sample = es.load_dataset(ROOT / "data" / "sample")
    by_year = es.summarise_awards(sample.awards, 2024, by="member").by_year
    assert set(by_year["year"]) == {2024} and "member_code" in by_year
    totals = sample.awards.groupby(["member_code", "award", "year"])["count"].sum()
    for row in by_year.head(5).itertuples():
        before = totals.get((row.member_code, row.award, 2023))
        assert row.change == (row.count - before if before is not None else None) or pd.isna(row.change)


def test_award_summary_is_for_the_cluster_by_default_as_its_sentences_and_command_are():
    sample = es.load_dataset(ROOT / "data" / "sample")
    summary = es.summarise_awards(sample.awards, 2024)
    assert "cluster" in summary.counts and "member_code" not in summary.counts
    assert inspect.signature(es.summarise_awards).parameters["by"].default == \
        inspect.signature(es.describe_awards).parameters["by"].default


def test_award_summary_refuses_an_unknown_place():
    sample = es.load_dataset(ROOT / "data" / "sample")
    with pytest.raises(es.DataError, match="by phải là"):
        es.summarise_awards(sample.awards, by="province")
