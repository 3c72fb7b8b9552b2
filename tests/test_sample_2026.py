"""data/sample_2026: a cluster of communes and wards formed after the reform, read, compared
across the reform and built into a pack."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import emulation_stats as es
from emulation_stats.units.reform import predecessors

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dataset():
    return es.load_dataset(ROOT / "data/sample_2026")


def test_the_new_units_and_the_old_communes_they_were_made_of_load_clean(dataset):
    assert dataset.report.ok and dataset.report.warnings.empty and dataset.illustrative
    members = set(dataset.clusters["member_code"])
    assert len(members) == 8 and all(len(code) == 5 for code in members)
    old = dataset.indicators[dataset.indicators["year"] == 2024]
    assert set(old["member_code"]) == {c for m in members for c in predecessors()[m]}
    assert sorted(dataset.indicators["year"].unique()) == [2023, 2024, 2025, 2026]


def test_2024_is_restated_onto_the_members_and_what_cannot_be_is_said(dataset):
    yoy = es.compare_years(dataset.indicators, 2024, 2025)
    crime = yoy[(yoy["level"] == "member") & (yoy["indicator"] == "criminal_cases")].set_index("member_code")
    figures = dataset.indicators
    parts = figures[(figures["year"] == 2024) & (figures["indicator"] == "criminal_cases")
                    & figures["member_code"].isin(predecessors()["23794"])]
    assert len(parts) == 4 and crime.loc["23794", "base_value"] == parts["value"].sum()  # Xã Mang Yang
    for code in ("22006", "21994"):  # Canh Vinh and Vân Canh each took part of old Canh Hiệp
        assert math.isnan(crime.loc[code, "base_value"]) and "Canh Hiệp" in crime.loc[code, "note"]
    text = es.describe_changes(yoy, indicators="criminal_cases")
    assert text.count("Không so sánh được") == 1 and "xã mang yang xảy ra" in text.lower()


def test_its_pack_builds(tmp_path, dataset):
    pack = es.build_report(dataset, 2026, tmp_path)
    names = {p.name for p in pack.files}
    assert {"review_2026.xlsx", "slides_2026.pptx", "summary_2026.md"} <= names
    summary = (tmp_path / "summary_2026.md").read_text(encoding="utf-8")
    assert "xã Mang Yang" in summary and "huyện" not in summary.lower().replace("huyện cũ", "")
