"""Year over year, trends and plan achievement."""

import math

import numpy as np
import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.analysis.compare import plan_summary


def frame(rows):
    """rows: (code, name, year, indicator, measure, value)."""
    out = pd.DataFrame(rows, columns=["member_code", "member", "year", "indicator", "measure", "value"])
    out["unit"], out["source"] = "", "test"
    return out


CRIME = frame([("625", "Kbang", 2016, "criminal_cases", "actual", 50), ("625", "Kbang", 2017, "criminal_cases",
                                                                        "actual", 57),
               ("626", "Đak Đoa", 2016, "criminal_cases", "actual", 54),
               ("626", "Đak Đoa", 2017, "criminal_cases", "actual", 70),
               ("634", "Đak Pơ", 2016, "criminal_cases", "actual", 0),
               ("634", "Đak Pơ", 2017, "criminal_cases", "actual", 3)])


def members(yoy):
    return yoy[yoy["level"] == "member"].set_index("member_code")


def test_change_pct_z_and_assessment():
    yoy = members(es.compare_years(CRIME, 2016, 2017))
    assert yoy.loc["626", "change"] == 16 and yoy.loc["626", "pct_change"] == pytest.approx(100 * 16 / 54)
    assert yoy.loc["626", "z"] == pytest.approx(2 * (math.sqrt(70) - math.sqrt(54)))
    assert (yoy["assessment"] == "worse").all() and (yoy["direction"] == "up").all()
    assert np.isnan(yoy.loc["634", "pct_change"])  # zero base: n/a, never infinity
    assert bool(yoy.loc["626", "notable"]) is True  # z = 2.04
    assert bool(yoy.loc["625", "notable"]) is False  # z = 0.96: within Poisson noise


def test_direction_decides_better_and_neutral_is_not_judged():
    rows = frame([("625", "Kbang", 2016, "budget_revenue", "actual", 100), ("625", "Kbang", 2017,
                                                                              "budget_revenue", "actual", 90),
                  ("625", "Kbang", 2016, "population", "actual", 1000), ("625", "Kbang", 2017, "population",
                                                                         "actual", 1100),
                  ("625", "Kbang", 2016, "poor_household_rate", "actual", 12.0),
                  ("625", "Kbang", 2017, "poor_household_rate", "actual", 12.0)])
    yoy = es.compare_years(rows, 2016, 2017).query("level == 'member'").set_index("indicator")
    assert yoy.loc["budget_revenue", "assessment"] == "worse"
    assert yoy.loc["population", "assessment"] == "not_assessed"  # neither better nor worse: "không đánh giá"
    assert yoy.loc["poor_household_rate", "assessment"] == "same"
    assert yoy.loc["poor_household_rate", "direction"] == "flat"
    assert not yoy.loc["budget_revenue", "notable"]  # -10 %: notable means above 10 %
    stricter = es.compare_years(rows, 2016, 2017, notable_pct=5.0).query("level == 'member'").set_index("indicator")
    assert stricter.loc["budget_revenue", "notable"] and not stricter.loc["poor_household_rate", "notable"]


def test_missing_base_is_not_a_change():
    rows = pd.concat([CRIME, frame([("623", "An Khê", 2017, "criminal_cases", "actual", 9)])])
    yoy = members(es.compare_years(rows, 2016, 2017))
    assert np.isnan(yoy.loc["623", "change"]) and yoy.loc["623", "assessment"] == "n/a"
    assert yoy.loc["623", "direction"] == "n/a"


def test_cluster_total_only_where_a_sum_means_something_and_is_complete():
    rows = pd.concat([CRIME, frame([("625", "Kbang", 2016, "poor_household_rate", "actual", 10),
                                    ("625", "Kbang", 2017, "poor_household_rate", "actual", 9)])])
    yoy = es.compare_years(rows, 2016, 2017)
    totals = yoy[yoy["level"] == "cluster"].set_index("indicator")
    assert list(totals.index) == ["criminal_cases"]  # a rate does not add up
    assert totals.loc["criminal_cases", "base_value"] == 104 and totals.loc["criminal_cases", "current_value"] == 130
    incomplete = pd.concat([CRIME, frame([("623", "An Khê", 2017, "criminal_cases", "actual", 9)])])
    total = es.compare_years(incomplete, 2016, 2017).query("level == 'cluster'")
    assert total["base_value"].isna().all()  # An Khê has no 2016: no honest 2016 total


def test_rank_follows_direction():
    yoy = members(es.compare_years(CRIME, 2016, 2017))
    assert yoy["rank"].to_dict() == {"625": 2, "626": 3, "634": 1}  # fewest cases ranks first


def test_attrs_travel_with_the_tables(sample):
    ds = sample
    assert es.compare_years(ds.indicators, 2023, 2024).attrs["illustrative"] is True
    assert es.trend(ds.indicators, "criminal_cases").attrs["illustrative"] is True
    assert es.plan_achievement(ds.indicators, 2024).attrs["illustrative"] is True


def test_trend_statistics_on_a_known_series():
    rows = frame([("625", "Kbang", y, "criminal_cases", "actual", v)
                  for y, v in [(2015, 10), (2016, 12), (2017, 14), (2018, 16)]]
                 + [("626", "Đak Đoa", y, "criminal_cases", "actual", v)
                    for y, v in [(2015, 20), (2016, 18), (2017, 19), (2019, 25)]])
    t = es.trend(rows).set_index("member_code")
    k = t.loc["625"]
    assert (k["first"], k["last"], k["n_years"]) == (10, 16, 4)
    assert k["slope"] == pytest.approx(2.0) and k["mean"] == pytest.approx(13.0)
    assert k["cagr"] == pytest.approx((16 / 10) ** (1 / 3) - 1)
    assert k["prior3_mean"] == pytest.approx(12.0)
    assert k["latest_vs_prior3_pct"] == pytest.approx(100 * (16 - 12) / 12)
    assert k["worsening_run"] == 3  # crime rose three years in a row
    d = t.loc["626"]
    assert d["last_year"] == 2019 and d["worsening_run"] == 0  # 2018 missing: the run stops at the gap
    assert d["slope"] == pytest.approx(np.polyfit([2015, 2016, 2017, 2019], [20, 18, 19, 25], 1)[0])


def test_trend_equals_a_per_group_computation_on_the_sample(sample):
    ds = sample
    rows = ds.indicators[ds.indicators["measure"] == "actual"]
    t = es.trend(ds.indicators).set_index(["member_code", "indicator"])
    for (code, key), group in list(rows.groupby(["member_code", "indicator"]))[::7]:
        group = group.sort_values("year")
        got = t.loc[(code, key)]
        assert got["slope"] == pytest.approx(np.polyfit(group["year"], group["value"], 1)[0])
        assert got["mean"] == pytest.approx(group["value"].mean())
        assert got["prior3_mean"] == pytest.approx(group["value"].iloc[-4:-1].mean())


def test_trend_needs_three_years():
    rows = frame([("625", "Kbang", 2016, "criminal_cases", "actual", 1), ("625", "Kbang", 2017, "criminal_cases",
                                                                          "actual", 2)])
    assert es.trend(rows).empty


def test_plan_achievement_is_direction_aware():
    rows = frame([("625", "Kbang", 2017, "criminal_cases", "plan", 50), ("625", "Kbang", 2017, "criminal_cases",
                                                                         "actual", 45),
                  ("625", "Kbang", 2017, "budget_revenue", "plan", 100),
                  ("625", "Kbang", 2017, "budget_revenue", "actual", 95),
                  ("625", "Kbang", 2017, "population", "plan", 100), ("625", "Kbang", 2017, "population",
                                                                      "actual", 101)])
    p = es.plan_achievement(rows, 2017).set_index("indicator")
    assert bool(p.loc["criminal_cases", "met"]) is True  # fewer cases than planned
    assert bool(p.loc["budget_revenue", "met"]) is False and p.loc["budget_revenue", "pct"] == pytest.approx(95)
    assert pd.isna(p.loc["population", "met"])
    summary = plan_summary(es.plan_achievement(rows, 2017))
    assert summary.loc["Kbang", "met"] == 1 and summary.loc["Kbang", "of"] == 2


def test_missing_columns_are_a_clear_error():
    with pytest.raises(es.DataError, match="thiếu cột"):
        es.compare_years(pd.DataFrame({"year": [2017]}), 2016, 2017)


def test_tables_written_with_the_member_names_are_compared_too():
    frame = pd.DataFrame({"member_code": ["625", "625"], "member": ["Kbang", "Kbang"], "year": [2016, 2017],
                          "indicator": "criminal_cases", "measure": "actual", "value": [50.0, 57.0],
                          "unit": "vụ", "source": "t"})
    yoy = es.compare_years(frame, 2016, 2017)
    assert yoy.loc[yoy["level"] == "member", "change"].tolist() == [7.0]
    assert len(es.trend(frame, min_years=2)) == 1
