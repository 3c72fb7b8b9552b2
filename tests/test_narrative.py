"""The sentences of the conference report, and the award summaries behind them.

The real dataset must give back the figures and the phrasing of the seed report
(../shared/seeds/): the tests read the seed's own sentences and compare."""

import inspect
import re
from collections import Counter

import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.core import catalog
from helpers import ROOT

SEED = ROOT.parent / "shared" / "seeds" / "000_55b5679f7e2e7ff6.txt"


def seed_sentence(start: str, end: str) -> str:
    if not SEED.exists():
        pytest.skip("the seed report is not beside the project (../shared/seeds)")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    return text[text.index(start):text.index(end, text.index(start)) + len(end)]


def recipients(text: str) -> Counter:
    """Every "cho NN tập thể / cá nhân" of a text, as (count, kind) pairs."""
    return Counter(re.findall(r"(\d+) (tập thể|cá nhân)", text))


def test_crime_sentence_matches_the_seed_report(gia_lai):
    ours = es.describe_changes(es.compare_years(gia_lai.on_units(2017).indicators, 2016, 2017))
    seed = seed_sentence("huyện Đak Đoa xảy ra", "so với năm 2016.")
    # The seed's words, after the lead-in; its two clauses (Đak Đoa's, Kbang's) in the order clusters.csv
    # lists the members in 2017 (Kbang before Đak Đoa), as every sentence of the pack lists them.
    dak_doa, kbang = seed.removesuffix(" so với năm 2016.").split(", huyện ")
    assert ours == f"Về phạm pháp hình sự: huyện {kbang}, {dak_doa} so với năm 2016."


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


def changes(rows: list[dict], **same) -> pd.DataFrame:
    """A hand-made compare_years table: one dict per member and indicator."""
    frame = pd.DataFrame(rows).assign(**{"level": "member", "base_year": 2023, "current_year": 2024, **same})
    frame["change"] = frame["current_value"] - frame["base_value"]
    frame["pct_change"] = 100 * frame["change"] / frame["base_value"]
    frame["assessment"] = frame.get("assessment", "same")
    frame["notable"] = frame.get("notable", False)
    return frame


BUDGET = {"indicator": "budget_revenue", "indicator_name": "Thu ngân sách nhà nước trên địa bàn", "unit": "tỷ đồng",
          "kind": "amount"}


def test_town_type_in_lower_case_and_numbers_in_vietnamese_format():
    yoy = changes([{"member_code": "623", "member": "An Khê", "base_value": 1000.0, "current_value": 1234.5,
                    "assessment": "better", **BUDGET},
                   {"member_code": "625", "member": "Kbang", "base_value": 80.0, "current_value": 60.0,
                    "assessment": "worse", **BUDGET}])
    text = es.describe_changes(yoy)
    assert "thị xã An Khê đạt 1.234,5 tỷ đồng, tăng 23,4%" in text
    assert "huyện Kbang đạt 60 tỷ đồng, giảm 25%" in text and text.endswith("so với năm 2023.")
    # Members in the cluster's own order (clusters.csv, carried as member_order), the same in every
    # sentence; without one, in Vietnamese alphabetical order.
    assert text.index("An Khê") < text.index("Kbang")
    yoy.attrs["member_order"] = ["625", "623"]
    assert es.describe_changes(yoy).index("Kbang") < es.describe_changes(yoy).index("An Khê")
    english = es.describe_changes(yoy, lang="en")
    assert "An Khê town collected 1,234.5 billion dong, up 23.4%" in english
    assert "Kbang district collected 60 billion dong" in english


def test_an_indicator_is_named_once_then_each_member_with_its_plan_in_the_same_clause():
    yoy = changes([{"member_code": "623", "member": "An Khê", "base_value": 380.4, "current_value": 412.35, **BUDGET},
                   {"member_code": "625", "member": "Kbang", "base_value": 150.0, "current_value": 140.5, **BUDGET},
                   {"member_code": "626", "member": "Đak Đoa", "base_value": 200.0, "current_value": 230.0,
                    **BUDGET}])
    plans = pd.DataFrame({"member_code": ["623", "625", "626"], "indicator": "budget_revenue",
                          "plan": [407.46, 150.0, 230.0], "better": "higher_is_better"})
    plans["pct"] = 100 * yoy["current_value"] / plans["plan"]
    plans["met"] = plans["pct"] >= 100
    text = es.describe_changes(yoy, plans=plans)
    assert text.count("Thu ngân sách nhà nước trên địa bàn") == 1 and text.startswith(
        "Thu ngân sách nhà nước trên địa bàn: ")
    # One plan clause form: the verdict, then the plan's figure (and the share reached, for an amount).
    assert "thị xã An Khê đạt 412,35 tỷ đồng, vượt kế hoạch (407,46 tỷ đồng, bằng 101,2%), tăng 8,4%; " \
           "huyện Đak Đoa đạt 230 tỷ đồng, bằng kế hoạch (230 tỷ đồng), tăng 15%; huyện Kbang đạt 140,5 tỷ đồng, " \
           "chưa đạt kế hoạch (150 tỷ đồng, bằng 93,7%), giảm 6,3% so với năm 2023." in text
    english = es.describe_changes(yoy, lang="en", plans=plans)
    assert english.count("State budget revenue") == 1
    assert "An Khê town collected 412.35 billion dong, above the plan (407.46 billion dong, 101.2% of it)" in english


def test_a_target_met_or_missed_is_said_as_such():
    rate = {"indicator": "poor_household_rate", "indicator_name": "Tỷ lệ hộ nghèo", "unit": "%", "kind": "percent"}
    yoy = changes([{"member_code": "625", "member": "Kbang", "base_value": 12.0, "current_value": 10.5, **rate}])
    plans = pd.DataFrame({"member_code": ["625"], "indicator": "poor_household_rate", "plan": [10.0],
                          "better": "lower_is_better", "pct": [105.0], "met": [False]})
    # A lower-is-better rate is said against its ceiling (issue "A pack they can sign"), never "đạt kế hoạch".
    assert "huyện Kbang còn 10,5%, cao hơn mức kế hoạch (không quá 10%), giảm 1,5 điểm phần trăm" in \
        es.describe_changes(yoy, plans=plans)
    kept = plans.assign(met=[True], plan=[11.0])
    assert "huyện Kbang còn 10,5%, trong mức kế hoạch (không quá 11%)" in es.describe_changes(yoy, plans=kept)
    # A higher-is-better target (a coverage rate) is met or missed.
    cover = {"indicator": "health_insurance_rate", "indicator_name": "Tỷ lệ tham gia BHYT", "unit": "%",
             "kind": "percent"}
    if cover["indicator"] in catalog.indicators():
        yoy = changes([{"member_code": "625", "member": "Kbang", "base_value": 90.0, "current_value": 92.5, **cover}])
        target = pd.DataFrame({"member_code": ["625"], "indicator": cover["indicator"], "plan": [92.0],
                               "better": "higher_is_better", "pct": [100.5], "met": [True]})
        assert "huyện Kbang đạt 92,5%, vượt kế hoạch (92%), tăng 2,5 điểm phần trăm" in \
            es.describe_changes(yoy, plans=target)
        assert "bằng kế hoạch (92,5%)" in es.describe_changes(yoy, plans=target.assign(plan=[92.5]))
        assert "chưa đạt kế hoạch (93%)" in es.describe_changes(yoy, plans=target.assign(plan=[93.0], met=[False]))


def test_traffic_accidents_deaths_and_injuries_in_one_sentence():
    def traffic(key, name, base, current):
        return {"member_code": "625", "member": "Kbang", "indicator": key, "indicator_name": name,
                "unit": "vụ" if key == "traffic_accidents" else "người", "kind": "count",
                "base_value": float(base), "current_value": float(current)}
    yoy = changes([traffic("traffic_injuries", "Số người bị thương", 37, 14),
                   traffic("traffic_accidents", "Số vụ", 55, 32), traffic("traffic_deaths", "Số người chết", 46, 27)])
    assert es.describe_changes(yoy) == (
        "Về tai nạn giao thông: huyện Kbang xảy ra 32 vụ tai nạn giao thông, làm chết 27 người, bị thương 14 người "
        "(so với năm 2023 giảm 23 vụ, giảm 19 người chết và giảm 23 người bị thương).")
    alone = es.describe_changes(yoy[yoy["indicator"] == "traffic_deaths"])  # a form with one of the three
    assert alone == "Về tai nạn giao thông: huyện Kbang làm chết 27 người (so với năm 2023 giảm 19 người chết)."
    english = es.describe_changes(yoy, lang="en")
    assert english == ("Traffic accidents: Kbang district had 32 traffic accidents, killing 27 people, injuring 14 "
                       "(compared with 2023: down 23 accidents, down 19 deaths and down 23 injuries).")


def test_a_figure_keeps_the_precision_it_was_reported_with_and_percentages_stay_apart():
    yoy = changes([{"member_code": "623", "member": "An Khê", "base_value": 2500.0, "current_value": 2735.764,
                    **BUDGET},
                   {"member_code": "625", "member": "Kbang", "base_value": 1000.0, "current_value": 1000.19,
                    **BUDGET},
                   {"member_code": "626", "member": "Đak Đoa", "base_value": 1000.0, "current_value": 1000.5,
                    **BUDGET}])
    text = es.describe_changes(yoy)
    assert "2.735,764 tỷ đồng" in text and "1.000,19 tỷ đồng" in text
    # 0,019% and 0,05% are two different changes, and neither is "0,0%": two decimals for the paragraph
    assert "tăng 0,02%" in text and "tăng 0,05%" in text and "tăng 9,43%" in text
    from emulation_stats.words.narrative import distinguishing_decimals
    assert distinguishing_decimals([100.019, 100.05], keep_apart=(100,)) == 2
    assert distinguishing_decimals([99.97, 101.2], keep_apart=(100,)) == 2  # 99,97% is not "100,0%"


def test_percentages_change_in_points_and_counts_are_padded():
    yoy = changes([{"member_code": "625", "member": "Kbang", "indicator": "poor_household_rate",
                    "indicator_name": "Tỷ lệ hộ nghèo", "unit": "%", "kind": "percent", "base_value": 12.0,
                    "current_value": 10.5},
                   {"member_code": "625", "member": "Kbang", "indicator": "criminal_cases", "indicator_name": "x",
                    "unit": "vụ", "kind": "count", "base_value": 9.0, "current_value": 4.0}])
    text = es.describe_changes(yoy)
    assert "Tỷ lệ hộ nghèo: huyện Kbang còn 10,5%, giảm 1,5 điểm phần trăm" in text
    assert "Về phạm pháp hình sự: huyện Kbang xảy ra 04 vụ, giảm 05 vụ" in text


def test_a_large_cluster_opens_with_the_cluster_and_its_notable_changes():
    gia_lai = [("623", "An Khê"), ("625", "Kbang"), ("626", "Đak Đoa"), ("627", "Chư Păh"), ("628", "Ia Grai"),
               ("629", "Mang Yang")]
    crime = {"indicator": "criminal_cases", "indicator_name": "Số vụ phạm pháp hình sự", "unit": "vụ",
             "kind": "count"}
    figures = [(40, 42), (30, 31), (54, 70), (20, 18), (25, 26), (33, 33)]
    yoy = changes([{"member_code": c, "member": m, "base_value": float(b), "current_value": float(v),
                    "notable": m == "Chư Păh" or m == "Đak Đoa", **crime} for (c, m), (b, v) in zip(gia_lai, figures)])
    yoy.attrs["member_order"] = [c for c, _ in gia_lai]  # the cluster's own order (clusters.csv)
    text = es.describe_changes(yoy)
    first, rest = text.split(". ", 1)
    assert first == ("Về phạm pháp hình sự: 4/6 huyện tăng, 1/6 huyện giảm, 1/6 huyện không đổi so với năm 2023; "
                     "tăng nhiều nhất là huyện Đak Đoa (16 vụ), chỉ có huyện Chư Păh giảm (02 vụ)")
    # then every member once, in the cluster's order (the notable ones are named in the first sentence)
    assert [rest.index(m) for _, m in gia_lai] == sorted(rest.index(m) for _, m in gia_lai)
    assert all(rest.count(m) == 1 for _, m in gia_lai) and rest.startswith("Thị xã An Khê xảy ra 42 vụ")


def test_the_largest_change_is_said_as_a_tie_or_as_the_only_one():
    crime = {"indicator": "criminal_cases", "indicator_name": "Số vụ phạm pháp hình sự", "unit": "vụ",
             "kind": "count"}
    members = [("623", "An Khê"), ("625", "Kbang"), ("626", "Đak Đoa"), ("627", "Chư Păh"), ("628", "Ia Grai")]
    figures = [(40, 43), (30, 33), (54, 50), (20, 16), (25, 26)]
    yoy = changes([{"member_code": c, "member": m, "base_value": float(b), "current_value": float(v), **crime}
                   for (c, m), (b, v) in zip(members, figures)])
    yoy.attrs["member_order"] = [c for c, _ in members]
    first = es.describe_changes(yoy).split(". ", 1)[0]
    assert "tăng nhiều nhất là thị xã An Khê và huyện Kbang (cùng tăng 03 vụ)" in first
    assert "giảm nhiều nhất là huyện Đak Đoa và huyện Chư Păh (cùng giảm 04 vụ)" in first


def test_only_notable_and_chosen_indicators(gia_lai):
    yoy = es.compare_years(gia_lai.indicators, 2016, 2017)
    notable = es.describe_changes(yoy, only_notable=True)
    assert notable.startswith("Về phạm pháp hình sự: huyện Đak Đoa")  # z 2.04; Kbang's 0.96 is noise
    assert "Kbang" not in notable
    assert es.describe_changes(yoy, indicators=["budget_revenue"]) == ""


def test_awards_by_district_and_in_english(sample):
    by_district = es.describe_awards(sample.awards, 2024, by="member").split("\n\n")
    assert len(by_district) == sample.awards.query("year == 2024")["member_code"].nunique()
    assert all(p.startswith("Huyện ") for p in by_district)
    english = es.describe_awards(sample.awards, 2024, lang="en")
    assert english.startswith("In 2024, Cụm thi đua các huyện received from the President:")
    assert "(posthumously)" in english and "individuals" in english


def test_no_awards_is_said_not_invented(gia_lai):
    assert es.describe_awards(gia_lai.awards, 2016) == \
        "Không có khen thưởng nào của các thành viên được ghi nhận trong năm 2016."


def test_award_summary_counts_and_law_notes(gia_lai):
    summary = es.summarise_awards(gia_lai.awards, 2017, by="cluster")
    assert int(summary.counts["count"].sum()) == int(gia_lai.awards["count"].sum()) == 132
    assert list(summary.counts["authority"].drop_duplicates()) == ["president", "prime_minister", "province"]
    (note,) = summary.law_notes["law_note"]
    assert "chỉ tặng cho tập thể" in note  # the flag to an individual, as loading warned


def test_award_summary_by_member_adds_up_and_by_year_changes(sample):
    summary = es.summarise_awards(sample.awards, by="member")
    assert int(summary.counts["count"].sum()) == int(sample.awards["count"].sum())
    merit = summary.by_year[summary.by_year["award"] == "merit_paper"].set_index(["member_code", "year"])
    totals = sample.awards[sample.awards["award"] == "merit_paper"].groupby(["member_code", "year"])["count"].sum()
    assert (merit["count"] == totals.reindex(merit.index)).all() and len(merit) == len(totals)
    code = totals.index[0][0]
    assert merit.loc[(code, 2020), "change"] == totals[(code, 2020)] - totals[(code, 2019)]


def test_by_year_keeps_the_years_and_the_place_asked_for(sample):
    # Before: summarise_awards(..., year=2024).by_year gave 2019–2024 for the whole cluster.
    by_year = es.summarise_awards(sample.awards, 2024, by="member").by_year
    assert set(by_year["year"]) == {2024} and "member_code" in by_year
    totals = sample.awards.groupby(["member_code", "award", "year"])["count"].sum()
    assert 2023 in set(sample.awards["year"])  # a year with awards: an award missing from it counts as none
    for row in by_year.itertuples():
        before = totals.get((row.member_code, row.award, 2023), 0)
        assert row.change == row.count - before


def test_award_summary_is_for_the_cluster_by_default_as_its_sentences_and_command_are(sample):
    summary = es.summarise_awards(sample.awards, 2024)
    assert "cluster" in summary.counts and "member_code" not in summary.counts
    assert inspect.signature(es.summarise_awards).parameters["by"].default == \
        inspect.signature(es.describe_awards).parameters["by"].default


def test_award_summary_refuses_an_unknown_place(sample):
    with pytest.raises(es.DataError, match="by phải là"):
        es.summarise_awards(sample.awards, by="province")


def test_a_cluster_of_communes_and_wards_is_counted_in_units_not_as_a_list(sample_2026):
    ds = sample_2026
    text = es.describe_changes(es.compare_years(ds.indicators, 2025, 2026), indicators="criminal_cases")
    first = text.split(". ")[0]
    assert "xã, phường" not in first and "/8 đơn vị tăng" in first  # not "5/8 xã, phường tăng, 3/8 xã, phường …"


def test_the_cluster_counts_add_up_to_its_members_across_the_reform(sample_2026):
    ds = sample_2026
    yoy = es.compare_years(ds.indicators, 2024, 2025)
    first = es.describe_changes(yoy, indicators="criminal_cases").split(". ")[0]
    counts = [int(k) for k in re.findall(r"(\d+)/8 đơn vị", first)]
    assert sum(counts) == 8 and "không so sánh được" in first


def test_award_changes_are_against_the_year_before_not_the_row_before():
    awards = pd.DataFrame({"year": [2019, 2021, 2021, 2022], "member_code": "584", "member": "Bác Ái",
                           "cluster": "Cụm",
                           "award": ["order_labour_3", "order_labour_3", "merit_paper", "merit_paper"],
                           "authority": ["president", "president", "district_chairman", "district_chairman"],
                           "recipient_kind": "individual", "count": [1, 1, 5, 7], "posthumous": False})
    by_year = es.summarise_awards(awards, [2019, 2021, 2022]).by_year.set_index(["award", "year"])["change"]
    assert pd.isna(by_year[("order_labour_3", 2019)]) and pd.isna(by_year[("order_labour_3", 2021)])  # 2020: no data
    assert by_year[("merit_paper", 2022)] == 2
    awards.loc[len(awards)] = {**awards.iloc[0].to_dict(), "year": 2020, "award": "merit_paper", "count": 3}
    by_year = es.summarise_awards(awards, [2019, 2020, 2021, 2022]).by_year.set_index(["award", "year"])["change"]
    assert by_year[("order_labour_3", 2021)] == 1  # none in 2020, a year the dataset has awards for
    assert by_year[("merit_paper", 2021)] == 2 and by_year[("merit_paper", 2022)] == 2


def test_an_award_no_one_says_who_conferred_is_said_so_not_left_without_a_subject():
    import pandas as pd

    awards = pd.DataFrame({"year": [2025, 2025], "member_code": ["X", "X"], "member": ["Sở A", "Sở A"],
                           "cluster": ["Khối A", "Khối A"], "award": ["x_ky_niem", "certificate_province"],
                           "award_name": ["Kỷ niệm chương XYZ", "Bằng khen"], "authority": ["", "province"],
                           "recipient_kind": ["individual", "individual"], "count": [2, 3],
                           "posthumous": [False, False]})
    text = es.describe_awards(awards, 2025)
    assert ";  " not in text and "tặng Kỷ niệm chương XYZ cho 02 cá nhân (không ghi rõ cấp khen)" in text


def test_an_award_of_a_ministry_level_head_is_the_ministrys():
    from emulation_stats.core.catalog import match_award, split_issuer
    assert split_issuer("Bằng khen của Tổng Thanh tra Chính phủ") == ("Bằng khen", "ministry")
    assert match_award("Bằng khen", "ministry").key == "certificate_ministry"


def test_a_sentence_about_a_trial_rubric_says_how_it_differs(sample):
    """Issue "Validating the scoring, validated", point 2: "vững" under a rubric nobody
    adopted said without a word on it crowned three members in four what-ifs."""
    adopted = es.score(sample, year=2024)
    assert not es.describe_robustness(es.sensitivity(adopted, draws=50)).startswith("Theo thang điểm thử")
    trial = adopted.rerun(weights={"income": 10}, aggregation="median")
    for text in (es.describe_robustness(es.sensitivity(trial, draws=50)), es.describe_ranking(trial)):
        assert text.startswith("Theo thang điểm thử, không phải thang điểm đã thông qua (")
        assert "trọng số 'Thu nhập bình quân đầu người' 5 → 10" in text and "trung vị" in text


def test_awards_are_described_from_the_summary_as_the_score_from_its_table(gia_lai):
    """The award functions take the award summary the way the scoring ones take the ScoreTable."""
    for by in ("cluster", "member"):
        summary = es.summarise_awards(gia_lai.awards, 2017, by=by)
        assert es.describe_awards(summary, 2017) == es.describe_awards(gia_lai.awards, 2017, by=by)
        english = es.describe_awards(gia_lai.awards, 2017, lang="en", by=by)
        assert es.describe_awards(summary, 2017, lang="en") == english
