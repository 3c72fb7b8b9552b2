"""Write data/sample_wards/: a cluster of wards of the new Khánh Hòa, built as a new user would.

Seven wards of the new Khánh Hòa (code 56, since 2025-07-01: old Khánh Hòa 56 + old Ninh
Thuận 58); real names and codes of the official conversion list, invented figures. Their
predecessors come from four old districts of two old provinces:

- Phường Đô Vinh (22738) <- phường Đô Vinh (TP Phan Rang-Tháp Chàm) + xã Nhơn Sơn (huyện Ninh Sơn);
- Phường Bảo An (22741, the code of old phường Phước Mỹ) <- phường Phước Mỹ, phường Bảo An (22744),
  xã Thành Hải; the new ward's name is an old ward's, its code another's;
- Phường Phan Rang (22759, old phường Kinh Dinh's code) <- Phủ Hà, Kinh Dinh, Đạo Long, Đài Sơn;
- Phường Đông Hải (22780, old phường Mỹ Hải's code) <- PART of old phường Đông Hải (22768,
  whose other part went to xã Phước Dinh) + Mỹ Đông, Mỹ Bình, Mỹ Hải: its 2024 cannot be
  restated and it reports none of its own ("không so sánh được");
- Phường Ninh Chử (22834, old thị trấn Khánh Hải's code, huyện Ninh Hải) <- phường Văn Hải
  (TP Phan Rang-Tháp Chàm) + thị trấn Khánh Hải;
- Phường Cam Ranh (22420, old phường Cam Phú's code) <- Cam Phúc Nam, Cam Lộc, Cam Phú (old Khánh Hòa);
- Phường Ba Ngòi (22423) <- phường Ba Ngòi + xã Cam Phước Đông (old Khánh Hòa).

indicators/2024 are the OLD communes' own 2024 forms ("UBND PHƯỜNG KINH DINH", with their
2023 column); indicators/2025 are the members' 2025 forms ("UBND PHƯỜNG PHAN RANG"). The
2025 forms of Phan Rang, Ninh Chử and Cam Ranh also carry their own "Thực hiện năm 2024"
column: Ninh Chử's and Cam Ranh's equal their predecessors' restated sums, Phan Rang's
counts its criminal cases and traffic accidents where the case was handled and so differs
from the sum of its predecessors' forms (see OWN_2024_DIFFERENCE).

The story the figures tell on purpose: Phường Ninh Chử cut its criminal cases and traffic
accidents against its restated 2024 (Văn Hải + Khánh Hải) and leads the cluster; old thị
trấn Khánh Hải alone (the one with Ninh Chử's code) had few, so joining 2024 to 2025 by
member_code alone would show Ninh Chử doubling them and put Phường Cam Ranh first (old Cam
Phú, Cam Ranh's code, carried most of its predecessors' cases). Likewise Đông Hải's code
is old Mỹ Hải's, a quiet ward: a join by code would take 0 points from Đông Hải where its
change cannot be compared at all. Everything else is drawn with a fixed seed. Every form
carries "Số liệu minh họa / illustrative data".

    PYTHONPATH=src python scripts/make_sample_wards.py [--out data/sample_wards]
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

SEED = 2025_07_01
PROVINCE = "Khánh Hòa"
PROVINCE_CODE = "56"
CLUSTER = "Cụm thi đua số 4 (các phường)"
YEAR = 2025
# new units' codes, in the order the cluster lists them
MEMBERS = ["22759", "22741", "22738", "22780", "22834", "22420", "22423"]
PARTIAL = "22780"  # Phường Đông Hải: took part of old phường Đông Hải
LEADER, RUNNER_UP = "22834", "22420"  # Ninh Chử leads; a join by code would put Cam Ranh first
OWN_2024 = ["22759", "22834", "22420"]  # 2025 forms that also carry the member's own 2024 column
# Phan Rang's own 2024 counts differ from the sum of its predecessors' forms by these:
OWN_2024_DIFFERENCE = {("22759", "criminal_cases"): 4.0, ("22759", "traffic_accidents"): 2.0}
COUNTS = ("criminal_cases", "traffic_accidents")
ASSESSED = {"movement_organisation": 20, "commendation_work": 10, "cluster_coordination": 10}
NOTE = f"({ILLUSTRATIVE_MARK})"
SIGNED_BY = {"signer": "Lê Văn Ký", "preparer": "Phạm Thị Lập"}  # made-up names

# 2024 counts set on purpose (old code -> criminal cases, traffic accidents); the rest is drawn.
OLD_COUNTS_2024 = {
    "22834": (3, 1),    # thị trấn Khánh Hải: bears Ninh Chử's code, had few cases
    "22777": (14, 6),   # phường Văn Hải: most of Ninh Chử's 2024 cases
    "22420": (14, 8),   # phường Cam Phú: bears Cam Ranh's code, most of Cam Ranh's cases
    "22414": (2, 1), "22417": (1, 0),
    "22780": (1, 1),    # phường Mỹ Hải: bears Đông Hải's code, a quiet ward
}
NEW_COUNTS_2025 = {"22834": (12, 5), "22420": (13, 7), "22780": (19, 9)}
MERIT = {LEADER: 0.95, RUNNER_UP: 0.93}  # assessed level; others drawn lower


def _round(key: str, value: float) -> float:
    return float(round(value)) if key in ("population", *COUNTS) else float(round(value, 1))


def old_codes() -> list[str]:
    return sorted({c for m in MEMBERS for c in predecessors()[m]})


def old_commune_rows(rng: np.random.Generator) -> pd.DataFrame:
    """2023 and 2024 actual figures and the 2024 plan, as each old commune reported them."""
    rows = []
    for old in old_codes():
        unit = unit_by_code(old, "old")
        scale = rng.uniform(0.6, 1.8)
        state = {"population": 9_000 * scale, "budget_revenue": 2 + 4 * scale * rng.uniform(0.6, 1.4),
                 "income_per_capita": rng.uniform(55, 80), "poor_household_rate": rng.uniform(0.5, 4.0),
                 "criminal_cases": 2 + 3 * scale, "traffic_accidents": 1 + 1.5 * scale}
        for year in (2023, 2024):
            for key, value in state.items():
                if key in COUNTS:
                    fixed = OLD_COUNTS_2024.get(old)
                    value = fixed[COUNTS.index(key)] if (fixed and year == 2024) else rng.poisson(value)
                elif key != "poor_household_rate":
                    value = value * (1 + (year - 2023) * rng.normal(0.05, 0.02))
                rows.append((old, unit.label, year, key, "actual", _round(key, value)))
                if year == 2024 and key in ("budget_revenue", "poor_household_rate"):
                    rows.append((old, unit.label, year, key, "plan", _round(key, value * 0.97)))
    return pd.DataFrame(rows, columns=["code", "label", "year", "indicator", "measure", "value"])


def restated_2024(old: pd.DataFrame, code: str) -> dict[str, float]:
    """A member's 2024 as its whole predecessors add up (counts and amounts summed, rates
    weighted by population), rounded as a form writes it: what its own column reports."""
    parts = old[(old["year"] == 2024) & (old["measure"] == "actual") & old["code"].isin(predecessors()[code])]
    table = parts.pivot(index="code", columns="indicator", values="value")
    weights = table["population"]
    return {k: _round(k, table[k].sum() if k in ("population", "budget_revenue", *COUNTS)
                      else float(np.average(table[k], weights=weights))) for k in table.columns}


def new_unit_rows(old: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """2025 actual and plan as the members report them (and, on some forms, their own 2024)."""
    rows = []
    for code in MEMBERS:
        unit = unit_by_code(code, "new")
        base = restated_2024(old, code)
        if code == PARTIAL:  # its whole parts plus a share of old Đông Hải nobody knows
            base = {k: v * 1.3 if k in ("population", "budget_revenue", *COUNTS) else v for k, v in base.items()}
        plan = {"budget_revenue": base["budget_revenue"] * 1.06,
                "poor_household_rate": max(base["poor_household_rate"] - 0.3, 0.2)}
        now = {"population": base["population"] * (1 + rng.normal(0.012, 0.004)),
               "budget_revenue": base["budget_revenue"] * (1 + rng.normal(0.02, 0.06)),
               "income_per_capita": base["income_per_capita"] * (1 + rng.normal(0.05, 0.03)),
               "poor_household_rate": max(base["poor_household_rate"] - rng.normal(0.3, 0.3), 0.1),
               "criminal_cases": rng.poisson(base["criminal_cases"] * 1.1),
               "traffic_accidents": rng.poisson(base["traffic_accidents"] * 1.1)}
        if code in NEW_COUNTS_2025:
            now.update(zip(COUNTS, NEW_COUNTS_2025[code]))
        if code in (LEADER, RUNNER_UP):  # the two at the top: each met its plans, incomes alike
            now["budget_revenue"], now["income_per_capita"] = plan["budget_revenue"] * 1.1, 92.0 + (code == LEADER)
        for key, value in now.items():
            rows.append((code, unit.label, YEAR, key, "actual", _round(key, value)))
        for key, value in plan.items():
            rows.append((code, unit.label, YEAR, key, "plan", _round(key, value)))
        if code in OWN_2024:
            for key, value in base.items():
                value += OWN_2024_DIFFERENCE.get((code, key), 0.0)
                rows.append((code, unit.label, YEAR - 1, key, "actual", value))
    return pd.DataFrame(rows, columns=["code", "label", "year", "indicator", "measure", "value"])


def figures() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The old communes' rows and the members' rows (``code, label, year, indicator,
    measure, value``) exactly as the forms carry them."""
    rng = np.random.default_rng(SEED)
    old = old_commune_rows(rng)
    return old, new_unit_rows(old, rng)


def write_forms(frame: pd.DataFrame, folder: Path, year: int, prior_year: bool) -> None:
    for code, figures_ in frame.groupby("code"):
        layout = FormLayout(comparison=False, prior_year=prior_year, note=NOTE)
        write_indicator_form(folder / str(year) / f"chi_tieu_{year}_{code}.xlsx", district=figures_["label"].iloc[0],
                             year=year, figures=figures_[["indicator", "year", "measure", "value"]], layout=layout,
                             **SIGNED_BY)


def award_rows(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    forms = {}
    for code in MEMBERS:
        counts = {("certificate_province", "province", "collective"): rng.poisson(1.2),
                  ("certificate_province", "province", "individual"): rng.poisson(2.5),
                  ("merit_paper", "commune", "collective"): rng.poisson(3) + 1,
                  ("merit_paper", "commune", "individual"): rng.poisson(10) + 2,
                  ("advanced_worker", "commune", "individual"): rng.poisson(20) + 5}
        forms[code] = pd.DataFrame([(a, auth, kind, int(n), False) for (a, auth, kind), n in counts.items() if n],
                                   columns=["award", "authority", "recipient_kind", "count", "posthumous"])
    return forms


def assessment_rows(rng: np.random.Generator) -> pd.DataFrame:
    merit = {m: MERIT.get(m, rng.uniform(0.70, 0.86)) for m in MEMBERS}
    rows = []
    for assessor in MEMBERS:
        for code in MEMBERS:
            for criterion, top in ASSESSED.items():
                level = merit[code] + rng.normal(0, 0.02) + (0.04 if assessor == code else 0)
                points = float(np.clip(round(top * level * 2) / 2, 0, top))
                rows.append((YEAR, CLUSTER, assessor, code, criterion, points))
    return pd.DataFrame(rows, columns=["year", "cluster", "assessor_code", "member_code", "criterion", "points"])


def vote_rows(rng: np.random.Generator) -> pd.DataFrame:
    voters = 2 * len(MEMBERS)
    votes = rng.multinomial(voters, rng.dirichlet(np.ones(len(MEMBERS))))
    return pd.DataFrame([(YEAR, CLUSTER, code, unit_by_code(code, "new").name, "flag_province", int(n), voters)
                         for code, n in zip(MEMBERS, votes)],
                        columns=["year", "cluster", "member_code", "member", "proposal", "votes_for", "voters"])


def cluster_rows() -> pd.DataFrame:
    rows = []
    for j, code in enumerate(MEMBERS):
        unit = unit_by_code(code, "new")
        role = "head" if j == 0 else "deputy" if j == 1 else "member"
        rows.append((PROVINCE_CODE, CLUSTER, YEAR, code, f"{unit.type.capitalize()} {unit.name}", "commune", role))
    return pd.DataFrame(rows, columns=["province_code", "cluster", "year", "member_code", "member", "member_type",
                                       "role"])


RUBRIC = {
    "name": "Thang điểm chấm thi đua Cụm các phường (minh họa)",
    "illustrative": True,
    "missing": "mean",
    "aggregation": "mean_excluding_self",
    "tie_break": ["assessed", "budget_revenue"],
    "flag_rule": "Cờ thi đua tặng đơn vị có tổng điểm cao nhất (quy tắc minh họa)",
    "name_en": "The wards' emulation score sheet (illustrative)",
    "flag_rule_en": "The emulation flag goes to the member with the highest total (an illustrative rule)",
    "criteria": [
        {"key": "budget", "group": "Kinh tế", "label": "Thu ngân sách so với kế hoạch", "max_points": 15,
         "method": "plan_ratio", "indicator": "budget_revenue", "cap": 1.2},
        {"key": "income", "group": "Kinh tế", "label": "Thu nhập bình quân đầu người", "max_points": 10,
         "method": "minmax", "indicator": "income_per_capita"},
        {"key": "poverty", "group": "Văn hóa - xã hội", "label": "Giảm tỷ lệ hộ nghèo", "max_points": 10,
         "method": "change", "indicator": "poor_household_rate", "deduct_per_unit": 5},
        {"key": "security", "group": "Quốc phòng - an ninh", "label": "Kiềm chế phạm pháp hình sự",
         "max_points": 10, "method": "change", "indicator": "criminal_cases", "deduct_per_pct": 0.5,
         "ignore_noise": True},
        {"key": "traffic", "group": "Quốc phòng - an ninh", "label": "Kiềm chế tai nạn giao thông",
         "max_points": 10, "method": "change", "indicator": "traffic_accidents", "deduct_per_pct": 0.5},
        {"key": "movement_organisation", "group": "Công tác thi đua", "label": "Tổ chức phong trào thi đua",
         "max_points": 25, "method": "assessed"},
        {"key": "commendation_work", "group": "Công tác thi đua", "label": "Công tác khen thưởng",
         "max_points": 10, "method": "assessed"},
        {"key": "cluster_coordination", "group": "Công tác thi đua", "label": "Tham gia hoạt động của Cụm",
         "max_points": 10, "method": "assessed"},
    ],
}


def meta() -> dict:
    return {"name": "sample_wards",
            "title": "Cụm thi đua các phường tỉnh Khánh Hòa (sau sắp xếp) — bộ dữ liệu minh họa",
            "province": PROVINCE, "cluster": CLUSTER, "years": [2024, YEAR], "illustrative": True,
            "sources": [{"id": "generated", "title_en": "ward and commune names and codes from the official "
                                                     "conversion list of 1 July 2025; every figure made up",
                         "title": f"scripts/make_sample_wards.py (seed {SEED}); tên và mã phường, xã theo danh sách "
                                  "chuyển đổi đơn vị hành chính từ 01/07/2025 (vn_communes_2025-07-01_conversion.csv), "
                                  "mọi số liệu là minh họa"}],
            "notes": ["Số liệu minh họa / illustrative data: không dùng cho báo cáo thật.",
                      "indicators/2024: báo cáo năm 2024 của các phường, xã, thị trấn cũ; indicators/2025: báo cáo "
                      "năm 2025 của các phường mới (Phan Rang, Ninh Chử, Cam Ranh kèm số thực hiện năm 2024 của "
                      "mình)."]}


def main(out: Path) -> None:
    old, new = figures()
    rng = np.random.default_rng(SEED + 1)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "dataset.yaml").write_text(yaml.safe_dump(meta(), allow_unicode=True, sort_keys=False), "utf-8")
    cluster_rows().to_csv(out / "clusters.csv", index=False)
    write_forms(old, out / "indicators", 2024, prior_year=True)
    for code, rows in new.groupby("code"):
        write_forms(rows, out / "indicators", YEAR, prior_year=code in OWN_2024)
    for code, awards in award_rows(rng).items():
        write_award_summary(out / "awards" / str(YEAR) / f"khen_thuong_{YEAR}_{code}.xlsx",
                            district=unit_by_code(code, "new").label, year=YEAR, awards=awards, note=NOTE,
                            **SIGNED_BY)
    (out / "assessments").mkdir()
    assessment_rows(rng).to_csv(out / "assessments" / "cham_diem.csv", index=False)
    vote_rows(rng).to_csv(out / "votes.csv", index=False)
    (out / "rubric.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True, sort_keys=False), "utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "sample_wards")
    main(parser.parse_args().out)
