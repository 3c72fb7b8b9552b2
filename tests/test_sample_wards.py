"""data/sample_wards: seven wards of the new Khánh Hòa, built from scratch as a new user would
(scripts/make_sample_wards.py). The expected 2025 ranking is worked out here by hand from the
generated figures and the official conversion list, without restate or on_units, and the
library must reach it; a join of 2024 to 2025 by member_code alone must not."""

from __future__ import annotations

import importlib.util
import math
import re

import pandas as pd
import pytest
import yaml

import emulation_stats as es
from emulation_stats.core import catalog
from helpers import ROOT, conversion_by_hand, restate_by_hand, score_by_hand

DATA = ROOT / "data/sample_wards"
YEAR = 2025


def _generator():
    spec = importlib.util.spec_from_file_location("make_sample_wards", ROOT / "scripts/make_sample_wards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
OLD, NEW = GEN.figures()  # the figures exactly as the forms carry them
MEMBERS = list(GEN.MEMBERS)
RUBRIC = yaml.safe_load((DATA / "rubric.yaml").read_text(encoding="utf-8"))
PARTS = conversion_by_hand(MEMBERS)


@pytest.fixture(scope="module")
def dataset():
    return es.load_dataset(DATA)


def _by_code(frame: pd.DataFrame, year: int, measure: str = "actual") -> dict[str, dict[str, float]]:
    rows = frame[(frame["year"] == year) & (frame["measure"] == measure)]
    return {code: dict(zip(g["indicator"], g["value"])) for code, g in rows.groupby("code")}


OLD_2024 = _by_code(OLD, YEAR - 1)
OWN_2024 = _by_code(NEW, YEAR - 1)  # the members' own "Thực hiện năm 2024" column, where given
NOW = _by_code(NEW, YEAR)
PLAN = _by_code(NEW, YEAR, "plan")
INDICATORS = sorted({k for v in NOW.values() for k in v})


def restated_base(code: str, indicator: str) -> float:
    """A member's 2024 as its predecessors' forms add up (NaN where one came in only partly)."""
    return restate_by_hand(OLD_2024, PARTS[code], indicator)


def base_by_hand(code: str, indicator: str) -> float:
    """The member's own 2024 figure where its form gives one, else its predecessors' sum."""
    own = OWN_2024.get(code, {})
    return float(own[indicator]) if indicator in own else restated_base(code, indicator)


def _assessed() -> dict[tuple[str, str], list[float]]:
    table = pd.read_csv(DATA / "assessments/cham_diem.csv", dtype={"assessor_code": str, "member_code": str})
    peers = table[(table["year"] == YEAR) & (table["assessor_code"] != table["member_code"])]
    return {(m, c): list(g["points"]) for (m, c), g in peers.groupby(["member_code", "criterion"])}


def _table(source) -> dict[tuple[str, str], float]:
    return {(m, k): source(m, k) for m in MEMBERS for k in INDICATORS}


def expected_ranking() -> pd.DataFrame:
    return score_by_hand(MEMBERS, RUBRIC, _table(base_by_hand), _table(lambda m, k: NOW[m][k]),
                         _table(lambda m, k: PLAN[m].get(k, math.nan)), _assessed())


def code_join_ranking() -> pd.DataFrame:
    """The wrong answer: each member's 2024 taken from the old commune bearing its code."""
    return score_by_hand(MEMBERS, RUBRIC, _table(lambda m, k: OLD_2024.get(m, {}).get(k, math.nan)),
                         _table(lambda m, k: NOW[m][k]), _table(lambda m, k: PLAN[m].get(k, math.nan)), _assessed())


def test_the_dataset_spans_the_reform_as_promised():
    """The case is what the script's docstring says (checked on the official list, not assumed)."""
    old_provinces = {GEN.unit_by_code(c, "old").province_code for m in MEMBERS for c, _ in PARTS[m]}
    old_districts = {GEN.unit_by_code(c, "old").district_code for m in MEMBERS for c, _ in PARTS[m]}
    assert len(old_provinces) >= 2 and len(old_districts) >= 2
    assert any(len({GEN.unit_by_code(c, "old").district_code for c, _ in PARTS[m]}) >= 2 for m in MEMBERS)
    reused = [m for m in MEMBERS if m in {c for c, _ in PARTS[m]}]
    assert len(reused) >= 3  # GSO reuses codes: the usual case
    partial = [m for m in MEMBERS if not all(whole for _, whole in PARTS[m]) and m not in OWN_2024]
    assert partial == [GEN.PARTIAL]
    differs = {(m, k) for m in OWN_2024 for k in OWN_2024[m]
               if abs(OWN_2024[m][k] - restated_base(m, k)) > _half_last_digit(OWN_2024[m][k])}
    assert differs and {m for m, _ in differs} <= set(OWN_2024)


def test_every_row_loads(dataset):
    report = dataset.report
    assert report.rows_read == report.rows_loaded + len(report.rejected)
    assert report.rejected.empty, report.rejected["reason"].tolist()[:5]
    assert report.errors.empty, report.errors["message"].tolist()  # no file lost
    assert dataset.illustrative and sorted(dataset.clusters["member_code"]) == sorted(MEMBERS)
    figures = dataset.indicators
    old_rows = figures[(figures["year"] == YEAR - 1) & figures["source"].str.contains(f"chi_tieu_{YEAR - 1}_")]
    assert set(old_rows["member_code"]) == set(OLD["code"])  # every old commune's own form, under its own code
    expected_rows = len(OLD) + len(NEW)  # each figure once: the 2023 column of the 2024 forms included
    assert len(figures) == expected_rows


def test_the_ranking_is_the_one_worked_out_by_hand(dataset):
    expected = expected_ranking()
    got = es.score(dataset, year=YEAR).ranking
    assert got["member_code"].tolist() == expected["member_code"].tolist()
    assert got["rank"].tolist() == expected["rank"].tolist()
    assert got["total"].to_numpy() == pytest.approx(expected["total"].to_numpy(), abs=1e-6)


def test_a_join_by_code_alone_would_propose_another_member():
    """The case discriminates: the hand-made code join puts a different member first."""
    right, wrong = expected_ranking(), code_join_ranking()
    assert right["member_code"].iloc[0] == GEN.LEADER
    assert wrong["member_code"].iloc[0] != right["member_code"].iloc[0]
    # and it is the change criteria that decide it: same figures of 2025, other 2024 only
    assert right["total"].iloc[0] - right["total"].iloc[1] < 10


def test_the_ward_made_of_part_of_an_old_ward_is_not_compared(dataset):
    table = es.score(dataset, year=YEAR)
    code = GEN.PARTIAL
    changes = [c for c in RUBRIC["criteria"] if c["method"] == "change"]
    for c in changes:
        detail = table.details[c["key"]]
        assert math.isnan(detail.loc[code, "base"]), c["key"]  # not compared with any 2024 figure ...
        comparable = detail["base"].notna() & detail["current"].notna()
        assert comparable.sum() >= 4
        # ... so the rubric's rule (the comparable members' mean) gives its points, never 0 from a wrong comparison
        mean = table.shares.loc[comparable[comparable].index, c["key"]].mean()
        assert table.points.loc[code, c["key"]] == pytest.approx(mean * c["max_points"])
        assert table.points.loc[code, c["key"]] > 0
    text = es.describe_score(table, code)
    lines = [line for line in text.splitlines() if any(c["label"] in line for c in changes)]
    assert len(lines) == len(changes) and all("không so sánh được" in line.lower() for line in lines), lines
    assert "Đông Hải" in text  # says which old ward it took part of


def test_the_members_own_2024_is_used_and_a_different_sum_warned_once(dataset):
    view = dataset.on_units(YEAR)
    figures = view.indicators
    base = figures[(figures["year"] == YEAR - 1) & (figures["measure"] == "actual")
                   & figures["member_code"].isin(MEMBERS)]
    assert not base.duplicated(["member_code", "indicator"]).any()
    got = base.set_index(["member_code", "indicator"])["value"]
    for m in MEMBERS:
        for k in INDICATORS:
            want = base_by_hand(m, k)
            if math.isnan(want):
                assert (m, k) not in got.index or math.isnan(got[(m, k)]), (m, k)
            else:
                assert got[(m, k)] == pytest.approx(want, abs=1e-9), (m, k)
    warnings = view.report.warnings
    text = warnings["message"].astype(str) + " " + warnings["source"].astype(str)
    differs = {(m, k) for m in OWN_2024 for k in OWN_2024[m]
               if abs(OWN_2024[m][k] - restated_base(m, k)) > _half_last_digit(OWN_2024[m][k])}
    assert differs == set(GEN.OWN_2024_DIFFERENCE)
    for m in OWN_2024:
        form = f"chi_tieu_{YEAR}_{m}.xlsx"
        for k in OWN_2024[m]:
            name = catalog.indicators()[k]["name_vi"]
            said = text[text.str.contains(form, regex=False) & text.str.lower().str.contains(name.lower(), regex=False)]
            if (m, k) not in differs:  # equal within the reported precision: said nowhere
                assert said.empty, (m, k, said.tolist())
                continue
            assert len(said) == 1, (m, k, said.tolist())  # once per member and indicator, not per predecessor
            line = said.iloc[0]
            assert re.search(_number(OWN_2024[m][k]), line) and re.search(_number(restated_base(m, k)), line), line
            assert any(f"chi_tieu_{YEAR - 1}_{c}.xlsx" in line for c, _ in PARTS[m]), line  # both files named


def _half_last_digit(value: float) -> float:
    """Half a unit of the last decimal the figure was written with: equal within it is equal."""
    text = repr(float(value)).rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals + 1e-9


def _number(value: float) -> str:
    """A figure as Vietnamese text writes it (12.345; 3,5), as a regex."""
    whole = float(value).is_integer()
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    return r"(?<![\d.,])" + re.escape(text.replace(",", "_").replace(".", ",").replace("_", ".")) + r"(?![\d]|[.,]\d)"
