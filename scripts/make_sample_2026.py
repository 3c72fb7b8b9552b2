"""Write data/sample_2026/: an illustrative cluster formed after the 2025 reform.

Eight communes and wards of the new Gia Lai (code 52; real names and codes of the
official conversion list, invented figures), 2024–2026. Xã Mang Yang was made of three
whole communes of old Huyện Mang Yang and one of old Huyện Đăk Đoa; Xã Canh Vinh and Xã
Vân Canh each took part of old Xã Canh Hiệp (and Canh Vinh part of Canh Liên) of old
Bình Định. 2024 is as the old communes reported it (one form each); 2025 and 2026 as the
new units report ("UBND XÃ …", "UBND PHƯỜNG …"), with awards, cross-assessments, a ballot
and a rubric. Fixed seed; every form carries "Số liệu minh họa / illustrative data".

    python scripts/make_sample_2026.py [--out data/sample_2026]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from emulation_stats import ILLUSTRATIVE_MARK
from emulation_stats.io.award_templates import write_award_summary
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.units.lists import unit_by_code
from emulation_stats.units.reform import predecessors

SEED = 2026
PROVINCE = "Gia Lai"
CLUSTER = "Cụm thi đua số 3 (xã, phường)"
MEMBERS = ["23794", "23764", "23614", "23638", "22006", "21994", "23677", "23563"]  # new units' codes
YEARS = [2025, 2026]
ASSESSED = {"movement_organisation": 20, "commendation_work": 10, "cluster_coordination": 10}
COUNTS = ("criminal_cases", "traffic_accidents")
NOTE = f"({ILLUSTRATIVE_MARK})"
SIGNED_BY = {"signer": "Nguyễn Văn Chủ", "preparer": "Trần Thị Lập"}  # made-up names


GROWTH = {"population": (0.012, 0.004), "budget_revenue": (0.08, 0.05), "income_per_capita": (0.065, 0.03)}


def _grown(key: str, value: float, rng: np.random.Generator) -> float:
    mean, spread = GROWTH[key]
    return value * (1 + rng.normal(mean, spread))


def _state(rng: np.random.Generator, scale: float) -> dict[str, float]:
    return {"population": 6_000 * scale, "budget_revenue": 1 + 3 * scale * rng.uniform(0.5, 1.5),
            "income_per_capita": rng.uniform(35, 60), "poor_household_rate": rng.uniform(3, 20),
            "criminal_cases": 2 + 2 * scale, "traffic_accidents": 1 + scale}


def _round(key: str, value: float) -> float:
    return float(round(value)) if key in ("population", *COUNTS) else float(round(value, 1))


def old_commune_rows(rng: np.random.Generator) -> pd.DataFrame:
    """2024 as the old communes reported it: actual figures of 2023 and 2024, plan of 2024."""
    rows = []
    for old in sorted({c for m in MEMBERS for c in predecessors()[m]}):
        unit = unit_by_code(old, "old")
        state = _state(rng, rng.uniform(0.6, 2.0))
        for year in (2023, 2024):
            for key, value in state.items():
                value = rng.poisson(value) if key in COUNTS else _grown(key, value, rng) if key in GROWTH else value
                rows.append((old, unit.label, year, key, "actual", _round(key, value)))
                if year == 2024 and key in ("budget_revenue", "poor_household_rate"):
                    rows.append((old, unit.label, year, key, "plan", _round(key, value * 0.98)))
    return pd.DataFrame(rows, columns=["code", "label", "year", "indicator", "measure", "value"])


def new_unit_rows(old: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """2025 and 2026 as the new units report: built on their parts' 2024, then grown."""
    base = old[(old["year"] == 2024) & (old["measure"] == "actual")].pivot(index="code", columns="indicator",
                                                                           values="value")
    rows = []
    for code in MEMBERS:
        unit = unit_by_code(code, "new")
        parts = base.loc[sorted(predecessors()[code])]
        weights = parts["population"]
        state = {k: parts[k].sum() if k in ("population", "budget_revenue", *COUNTS)
                 else float(np.average(parts[k], weights=weights)) for k in parts.columns}
        for year in YEARS:
            plan = {"budget_revenue": state["budget_revenue"] * 1.08,
                    "poor_household_rate": max(state["poor_household_rate"] - 1.0, 0.5)}
            state = {k: (rng.poisson(v) if k in COUNTS else max(v - abs(rng.normal(1.2, 0.6)), 0.3)
                         if k == "poor_household_rate" else _grown(k, v, rng)) for k, v in state.items()}
            for key, value in state.items():
                rows.append((code, unit.label, year, key, "actual", _round(key, value)))
            for key, value in plan.items():
                rows.append((code, unit.label, year, key, "plan", _round(key, value)))
    return pd.DataFrame(rows, columns=["code", "label", "year", "indicator", "measure", "value"])


def write_forms(frame: pd.DataFrame, folder: Path, years: list[int], prior_year: bool) -> None:
    for (code, year), _ in frame[frame["year"].isin(years)].groupby(["code", "year"]):
        figures = frame[(frame["code"] == code) & frame["year"].isin([year - 1, year])]
        label = figures["label"].iloc[0]
        layout = FormLayout(comparison=False, prior_year=prior_year, note=NOTE)
        write_indicator_form(folder / str(year) / f"chi_tieu_{year}_{code}.xlsx", district=label, year=int(year),
                             figures=figures[["indicator", "year", "measure", "value"]], layout=layout, **SIGNED_BY)


def award_rows(rng: np.random.Generator) -> dict[tuple[str, int], pd.DataFrame]:
    forms = {}
    for year in YEARS:
        holder = rng.choice(MEMBERS)
        for code in MEMBERS:
            counts = {("certificate_province", "province", "collective"): rng.poisson(1.5),
                      ("certificate_province", "province", "individual"): rng.poisson(3),
                      ("merit_paper", "commune", "collective"): rng.poisson(4) + 1,
                      ("merit_paper", "commune", "individual"): rng.poisson(12) + 2,
                      ("advanced_worker", "commune", "individual"): rng.poisson(25) + 5,
                      ("flag_province", "province", "collective"): int(code == holder)}
            forms[(code, year)] = pd.DataFrame(
                [(a, auth, kind, int(n), False) for (a, auth, kind), n in counts.items() if n],
                columns=["award", "authority", "recipient_kind", "count", "posthumous"])
    return forms


def assessment_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        merit = {m: rng.uniform(0.7, 0.97) for m in MEMBERS}
        for assessor in MEMBERS:
            for code in MEMBERS:
                for criterion, top in ASSESSED.items():
                    level = merit[code] + rng.normal(0, 0.04) + (0.05 if assessor == code else 0)
                    rows.append((year, CLUSTER, assessor, code, criterion,
                                 float(np.clip(round(top * level * 2) / 2, 0, top))))
    return pd.DataFrame(rows, columns=["year", "cluster", "assessor_code", "member_code", "criterion", "points"])


def vote_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    voters = 2 * len(MEMBERS)
    for year in YEARS:
        votes = rng.multinomial(voters, rng.dirichlet(np.ones(len(MEMBERS))))
        rows += [(year, CLUSTER, code, unit_by_code(code, "new").name, "flag_province", int(n), voters)
                 for code, n in zip(MEMBERS, votes)]
    return pd.DataFrame(rows, columns=["year", "cluster", "member_code", "member", "proposal", "votes_for", "voters"])


def cluster_rows() -> pd.DataFrame:
    rows = []
    for i, year in enumerate(YEARS):
        for j, code in enumerate(MEMBERS):
            role = "head" if j == i else "deputy" if j == i + 1 else "member"
            unit = unit_by_code(code, "new")
            rows.append(("52", CLUSTER, year, code, f"{unit.type.capitalize()} {unit.name}", role))
    return pd.DataFrame(rows, columns=["province_code", "cluster", "year", "member_code", "member", "role"])


RUBRIC = {
    "name": "Thang điểm chấm thi đua Cụm xã, phường (minh họa)",
    "illustrative": True,
    "missing": "zero",
    "aggregation": "mean_excluding_self",
    "tie_break": ["assessed", "budget_revenue"],
    "flag_rule": "Cờ thi đua tặng đơn vị có tổng điểm cao nhất (quy tắc minh họa)",
    "name_en": "The communes and wards' emulation score sheet (illustrative)",
    "flag_rule_en": "The emulation flag goes to the member with the highest total (an illustrative rule)",
    "criteria": [
        {"key": "budget", "group": "Kinh tế", "label": "Thu ngân sách so với kế hoạch", "max_points": 15,
         "method": "plan_ratio", "indicator": "budget_revenue", "cap": 1.2},
        {"key": "income", "group": "Kinh tế", "label": "Thu nhập bình quân đầu người", "max_points": 10,
         "method": "minmax", "indicator": "income_per_capita"},
        {"key": "poverty", "group": "Văn hóa - xã hội", "label": "Giảm tỷ lệ hộ nghèo", "max_points": 15,
         "method": "change", "indicator": "poor_household_rate", "deduct_per_unit": 5},
        {"key": "security", "group": "Quốc phòng - an ninh", "label": "Kiềm chế phạm pháp hình sự",
         "max_points": 10, "method": "change", "indicator": "criminal_cases", "deduct_per_pct": 0.5,
         "ignore_noise": True},
        {"key": "movement_organisation", "group": "Công tác thi đua", "label": "Tổ chức phong trào thi đua",
         "max_points": 20, "method": "assessed"},
        {"key": "commendation_work", "group": "Công tác thi đua", "label": "Công tác khen thưởng",
         "max_points": 10, "method": "assessed"},
        {"key": "cluster_coordination", "group": "Công tác thi đua", "label": "Tham gia hoạt động của Cụm",
         "max_points": 10, "method": "assessed"},
    ],
}


def meta() -> dict:
    return {"name": "sample_2026",
            "title": "Cụm thi đua các xã, phường tỉnh Gia Lai (sau sắp xếp) — bộ dữ liệu minh họa",
            "province": PROVINCE, "cluster": CLUSTER, "years": [2024, *YEARS], "illustrative": True,
            "sources": [{"id": "generated", "title_en": "commune and ward names and codes from the GSO list "
                                                     "after 1 July 2025; every figure made up",
                         "title": f"scripts/make_sample_2026.py (seed {SEED}); tên và mã xã, phường "
                         "theo danh mục đơn vị hành chính sau 01/07/2025 (GSO), mọi số liệu là minh họa"}],
            "notes": ["Số liệu minh họa / illustrative data: không dùng cho báo cáo thật.",
                      "Năm 2024 là số liệu các xã, thị trấn cũ báo cáo; từ 2025 là các xã, phường mới."]}


def main(out: Path) -> None:
    rng = np.random.default_rng(SEED)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "dataset.yaml").write_text(yaml.safe_dump(meta(), allow_unicode=True, sort_keys=False), "utf-8")
    cluster_rows().to_csv(out / "clusters.csv", index=False)
    old = old_commune_rows(rng)
    write_forms(old, out / "indicators", [2024], prior_year=True)
    new = new_unit_rows(old, rng)
    write_forms(new, out / "indicators", [2025], prior_year=False)  # 2024 only as the old communes reported it
    write_forms(new, out / "indicators", [2026], prior_year=True)
    for (code, year), awards in award_rows(rng).items():
        write_award_summary(out / "awards" / str(year) / f"khen_thuong_{year}_{code}.xlsx",
                            district=unit_by_code(code, "new").label, year=year, awards=awards, note=NOTE,
                            **SIGNED_BY)
    (out / "assessments").mkdir()
    assessment_rows(rng).to_csv(out / "assessments" / "cham_diem.csv", index=False)
    vote_rows(rng).to_csv(out / "votes.csv", index=False)
    (out / "rubric.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True, sort_keys=False), "utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "sample_2026")
    main(parser.parse_args().out)
