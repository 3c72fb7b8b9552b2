"""restate: old units' figures onto the units in force after 2025-07-01, on a case worked
out by hand from the official conversion list (its rows are quoted beside each figure)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import emulation_stats as es
from emulation_stats.units.lists import reform_gaps

# 52,Tỉnh Gia Lai,23794,Xã Mang Yang <- Thị trấn Kon Dơng (23794), Xã Đăk Yă (23803), Xã Đak Djrăng (23806)
#    of old Huyện Mang Yang and Xã Hải Yang (23686) of old Huyện Đăk Đoa, all "Nhập toàn bộ".
# 52,Tỉnh Gia Lai,23764,Xã Ia Grai <- Thị trấn Ia Kha (23764), Xã Ia Bă (23771), Xã Ia Grăng (23778), whole.
# 01,Thành phố Hà Nội: old Phường Ngọc Hà (00016) went "Nhập một phần" into both Phường Ba Đình (00004)
#    and Phường Ngọc Hà (00008).
ROWS = [
    # code, name, indicator, value
    ("23794", "Kon Dơng", "criminal_cases", 4), ("23803", "Đăk Yă", "criminal_cases", 3),
    ("23806", "Đak Djrăng", "criminal_cases", 2), ("23686", "Hải Yang", "criminal_cases", 1),
    ("23794", "Kon Dơng", "population", 10_000), ("23803", "Đăk Yă", "population", 6_000),
    ("23806", "Đak Djrăng", "population", 4_000), ("23686", "Hải Yang", "population", 5_000),
    ("23794", "Kon Dơng", "poor_household_rate", 10), ("23803", "Đăk Yă", "poor_household_rate", 20),
    ("23806", "Đak Djrăng", "poor_household_rate", 30), ("23686", "Hải Yang", "poor_household_rate", 40),
    ("23764", "Ia Kha", "criminal_cases", 3), ("23771", "Ia Bă", "criminal_cases", 2),
    ("23778", "Ia Grăng", "criminal_cases", 1),
    ("23764", "Ia Kha", "poor_household_rate", 5), ("23771", "Ia Bă", "poor_household_rate", 7),
    ("23778", "Ia Grăng", "poor_household_rate", 9),
    ("00016", "Ngọc Hà", "criminal_cases", 5),
    ("625", "KBang", "criminal_cases", 57),
]


def table(rows=ROWS, year: int = 2024) -> pd.DataFrame:
    return pd.DataFrame({"member_code": [r[0] for r in rows], "member": [r[1] for r in rows], "year": year,
                         "indicator": [r[2] for r in rows], "measure": "actual", "value": [float(r[3]) for r in rows],
                         "unit": "", "source": [f"f.xlsx#S!R{i + 2}" for i in range(len(rows))]})


def pick(frame: pd.DataFrame, code: str, indicator: str) -> pd.Series:
    (row,) = frame[(frame["member_code"] == code) & (frame["indicator"] == indicator)].itertuples(index=False)
    return pd.Series(row._asdict())


@pytest.fixture(scope="module")
def restated() -> pd.DataFrame:
    return es.restate(table(), 2025)


def test_whole_merges_across_two_former_districts_add_up(restated):
    mang_yang = pick(restated, "23794", "criminal_cases")
    assert (mang_yang["member"], mang_yang["value"]) == ("Mang Yang", 10.0)  # 4 + 3 + 2 + 1
    assert set(mang_yang["restated_from"].split(", ")) == {"23794", "23803", "23806", "23686"}
    assert mang_yang["source"].count("f.xlsx#S!R") == 4 and mang_yang["note"] == ""
    assert pick(restated, "23794", "population")["value"] == 25_000.0
    assert pick(restated, "23764", "criminal_cases")["value"] == 6.0  # Ia Grai: 3 + 2 + 1


def test_a_rate_is_weighted_by_population_where_the_data_has_it(restated):
    # (10×10000 + 20×6000 + 30×4000 + 40×5000) / 25000 = 21.6
    assert pick(restated, "23794", "poor_household_rate")["value"] == pytest.approx(21.6)
    ia_grai = pick(restated, "23764", "poor_household_rate")  # no population for Ia Grai's parts
    assert math.isnan(ia_grai["value"]) and "dân số" in ia_grai["note"]


def test_a_split_commune_is_not_restated_and_says_why(restated):
    for code in ("00004", "00008"):  # both new wards took part of old Ngọc Hà
        row = pick(restated, code, "criminal_cases")
        assert math.isnan(row["value"]) and "một phần" in row["note"] and "Ngọc Hà" in row["note"]


def test_a_district_figure_restates_only_onto_its_exact_set_of_communes():
    kbang_units = ["23638", "23644", "23647", "23650", "23668", "23674"]  # the six new units of old KBang
    onto = es.restate(table([("625", "KBang", "criminal_cases", 57)]), 2025, onto=kbang_units)
    whole = onto[onto["member_code"] == ""].iloc[0]
    assert whole["value"] == 57.0 and whole["restated_from"] == "625"
    alone = onto[onto["member_code"] == "625"].iloc[0]  # no single new unit is KBang
    assert math.isnan(alone["value"]) and "không chia được" in alone["note"]
    not_exact = es.restate(table([("625", "KBang", "criminal_cases", 57)]), 2025, onto=kbang_units + ["23794"])
    row = not_exact[not_exact["member_code"] == ""].iloc[0]
    assert math.isnan(row["value"]) and "không trùng" in row["note"]


def test_a_district_that_became_one_new_unit_is_restated_onto_it():
    # Huyện Cô Tô (Quảng Ninh) became đặc khu Cô Tô whole: its figure is that unit's.
    out = es.restate(table([("207", "Cô Tô", "criminal_cases", 4)]), 2025)
    (row,) = out.itertuples(index=False)
    assert (row.member_code, row.member, row.value, row.restated_from) == ("07192", "Cô Tô", 4.0, "207")
    assert list(out.columns[:2]) == ["member_code", "member"] and "district_code" not in out


def test_nothing_is_dropped_and_units_of_the_year_pass_unchanged(restated):
    assert len(restated) >= 1 and restated["restated_from"].notna().all()
    lost = reform_gaps()["changed_before_reform"].iloc[0]
    gone = es.restate(table([(lost["commune_code"], lost["commune_name"], "criminal_cases", 2)]), 2025)
    assert len(gone) == 1 and math.isnan(gone["value"].iloc[0]) and "chuyển đổi" in gone["note"].iloc[0]
    new = table([("23764", "Ia Grai", "criminal_cases", 9)], year=2025)
    same = es.restate(new, 2025)
    assert same[["member_code", "value"]].values.tolist() == [["23764", 9.0]] and same["note"].iloc[0] == ""


def test_compare_years_across_the_reform_restates_the_base_and_says_what_it_could_not():
    now = table([("23794", "Mang Yang", "criminal_cases", 12), ("23764", "Ia Grai", "criminal_cases", 5),
                 ("00008", "Ngọc Hà", "criminal_cases", 4)], year=2025)
    yoy = es.compare_years(pd.concat([table(), now], ignore_index=True), 2024, 2025)
    members = yoy[yoy["level"] == "member"].set_index("member_code")
    assert members.loc["23794", ["base_value", "change"]].tolist() == [10.0, 2.0]
    assert members.loc["23764", ["base_value", "change"]].tolist() == [6.0, -1.0]
    assert math.isnan(members.loc["00008", "base_value"]) and "một phần" in members.loc["00008", "note"]
    assert "625" not in members.index  # old units are restated, not compared beside the new
    text = es.describe_changes(yoy)
    assert text.count("Không so sánh được với năm 2024") == 1 and "phường Ngọc Hà" in text.split("Không")[-1]
