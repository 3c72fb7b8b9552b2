"""Write data/sample/: a complete, made-up (illustrative) cluster dataset.

Six districts of Ninh Thuận (real names and GSO codes, invented figures), six report
years, plan and actual values for thirteen indicators, awards per member, self and cross
assessments, a flag ballot and a rubric. Fixed seed: the same figures every run.

Indicators and awards are written as the official forms districts send: one indicator
report and one award list per member per year, each office with its own layout (header
on one row or two, with or without a TT column, figures as numbers or as Vietnamese
text, the district named in the title, the sheet name or only the file name, one office
reporting estimates that next year's report corrects). Every form carries the line
"Số liệu minh họa / illustrative data".

    python scripts/make_sample_data.py [--out data/sample]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from emulation_stats import ILLUSTRATIVE_MARK
from emulation_stats.core import catalog
from emulation_stats.core.resources import split_aliases
from emulation_stats.io.award_templates import write_award_list, write_award_summary
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.units.matching import match_district

SEED = 20241
PROVINCE, PROVINCE_CODE = "Ninh Thuận", "58"
CLUSTER = "Cụm thi đua các huyện"
YEARS = list(range(2019, 2025))
# code, display name, population (2019), rural communes, baseline profile 0..1 (richer = 1)
MEMBERS = [
    ("584", "Bác Ái", 31_000, 9, 0.10),
    ("585", "Ninh Sơn", 80_000, 7, 0.55),
    ("586", "Ninh Hải", 95_000, 8, 0.75),
    ("587", "Ninh Phước", 135_000, 8, 0.85),
    ("588", "Thuận Bắc", 45_000, 5, 0.35),
    ("589", "Thuận Nam", 60_000, 7, 0.50),
]
HEADS = ["587", "586", "585", "589", "588", "584"]  # rotating cluster head, one per year
ASSESSED = ["movement_organisation", "commendation_work", "cluster_coordination"]


def indicator_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, name, pop0, communes, wealth in MEMBERS:
        state = {
            "population": pop0, "budget_revenue": 40 + 320 * wealth, "income_per_capita": 28 + 30 * wealth,
            "poor_household_rate": 24 - 20 * wealth, "new_rural_communes": round(communes * (0.1 + 0.4 * wealth)),
            "trained_labour_rate": 50 + 15 * wealth, "health_insurance_rate": 87 + 6 * wealth,
            "national_standard_schools": round(8 + 20 * wealth), "forest_cover_rate": 70 - 35 * wealth,
            "criminal_cases": 15 + pop0 / 2500, "traffic_accidents": 8 + pop0 / 6000,
            "traffic_deaths": 4 + pop0 / 15000,
        }
        counts = ("criminal_cases", "traffic_accidents", "traffic_deaths")
        # The year before the first report: its actuals appear in the first report's
        # "Thực hiện năm 2018" column.
        for key, value in state.items():
            value = rng.poisson(value) if key in counts else value
            rows.append((code, name, YEARS[0] - 1, key, "actual", _round(key, value)))
        rows.append((code, name, YEARS[0] - 1, "gdp_growth", "actual", _round("gdp_growth", rng.normal(6.5, 1))))
        for year in YEARS:
            growth = rng.normal(6.5 + 2 * wealth, 1.2)
            plan = {
                "gdp_growth": round(7 + 1.5 * wealth, 1),
                "budget_revenue": state["budget_revenue"] * 1.08,
                "income_per_capita": state["income_per_capita"] * 1.07,
                "poor_household_rate": max(state["poor_household_rate"] - 1.5, 0.5),
                "new_rural_communes": min(state["new_rural_communes"] + 1, communes),
                "trained_labour_rate": min(state["trained_labour_rate"] + 2, 95),
                "health_insurance_rate": min(state["health_insurance_rate"] + 0.5, 99),
                "national_standard_schools": state["national_standard_schools"] + 2,
                "forest_cover_rate": state["forest_cover_rate"] + 0.3,
                "criminal_cases": state["criminal_cases"] * 0.95,
                "traffic_accidents": state["traffic_accidents"] * 0.95,
                "traffic_deaths": state["traffic_deaths"] * 0.95,
            }
            state["population"] *= 1 + rng.normal(0.012, 0.003)
            state["budget_revenue"] *= 1 + rng.normal(0.09, 0.08)
            state["income_per_capita"] *= 1 + rng.normal(0.075, 0.03)
            state["poor_household_rate"] = max(state["poor_household_rate"] - abs(rng.normal(1.6, 0.8)), 0.4)
            state["new_rural_communes"] = min(state["new_rural_communes"] + rng.binomial(1, 0.55), communes)
            state["trained_labour_rate"] = min(state["trained_labour_rate"] + rng.normal(2, 0.8), 96)
            state["health_insurance_rate"] = min(state["health_insurance_rate"] + rng.normal(0.5, 0.6), 99.5)
            state["national_standard_schools"] += rng.binomial(3, 0.6)
            state["forest_cover_rate"] += rng.normal(0.3, 0.2)
            for key in ("criminal_cases", "traffic_accidents", "traffic_deaths"):
                state[key] = max(state[key] * (1 + rng.normal(-0.02, 0.12)), 1)
            actual = {k: v for k, v in state.items()}
            actual["gdp_growth"] = growth
            actual.update({k: rng.poisson(state[k]) for k in counts})
            for key, value in actual.items():
                rows.append((code, name, year, key, "actual", _round(key, value)))
                if key in plan:
                    rows.append((code, name, year, key, "plan", _round(key, plan[key])))
    return pd.DataFrame(rows, columns=["member_code", "member", "year", "indicator", "measure", "value"])


def _round(key: str, value: float) -> float:
    if key in ("population", "new_rural_communes", "national_standard_schools", "criminal_cases",
               "traffic_accidents", "traffic_deaths"):
        return float(round(value))
    return float(round(value, 1 if key != "budget_revenue" else 1))


# How each office lays out its report (offices differ; the reader must take them all).
LAYOUTS = {
    "584": FormLayout(year_style="th", district_in="file"),
    "585": FormLayout(),
    "586": FormLayout(number_column=False, spacer_column=True, text_numbers=True),
    "587": FormLayout(year_style="words", spacer_rows=True, numbering_row=False),
    "588": FormLayout(estimate=True),
    "589": FormLayout(district_in="sheet"),
}
ESTIMATING = "588"  # reports "Ước thực hiện"; next year's report gives the final figure


# Made-up names in the signature blocks of the filled illustrative forms (blank forms name nobody).
FILLED_IN_BY = {"signer": "Nguyễn Văn An", "preparer": "Trần Thị Bình"}
SIGNED_BY = {"signer": "Phạm Minh Đức", "preparer": "Lê Văn Cường"}


def write_indicator_forms(frame: pd.DataFrame, folder: Path, rng: np.random.Generator) -> None:
    """One report per member per year in that member's layout."""
    reports = frame.loc[frame["year"].isin(YEARS), ["member_code", "year"]].drop_duplicates()
    for code, year in reports.itertuples(index=False):
        layout = LAYOUTS[code]
        layout.note = f"({ILLUSTRATIVE_MARK})"
        figures = frame[(frame["member_code"] == code) & frame["year"].isin([year - 1, year])]
        if code == ESTIMATING:
            figures = _as_estimates(figures, year, rng)
        write_indicator_form(folder / str(year) / f"chi_tieu_{year}_{code}.xlsx", district=match_district(code).label,
                             year=int(year), figures=figures, layout=layout, **FILLED_IN_BY)


def _as_estimates(figures: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """The year's actuals as an office estimates them in December: close, not exact."""
    figures = figures.copy()
    current = (figures["year"] == year) & (figures["measure"] == "actual")
    drift = 1 + rng.normal(0, 0.02, current.sum())
    estimated = figures.loc[current, "value"] * drift
    whole = figures.loc[current, "value"].map(float.is_integer)
    figures.loc[current, "value"] = estimated.where(~whole, estimated.round()).round(1)
    return figures


def award_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        flag_holder = rng.choice([m[0] for m in MEMBERS])
        for code, name, pop0, _, wealth in MEMBERS:
            size = pop0 / 60_000
            counts = {
                ("certificate_province", "collective"): rng.poisson(3 * size + 1),
                ("certificate_province", "individual"): rng.poisson(8 * size + 2),
                ("excellent_labour_collective", "collective"): rng.poisson(6 * size + 1),
                ("emulation_soldier_province", "individual"): rng.poisson(1 + wealth),
                ("advanced_labour_collective", "collective"): rng.poisson(25 * size + 5),
                ("merit_paper", "individual"): rng.poisson(60 * size + 10),
                ("order_labour_3", "individual"): rng.binomial(1, 0.15),
                ("certificate_prime_minister", "collective"): rng.binomial(1, 0.2 + 0.2 * wealth),
                ("flag_province", "collective"): int(code == flag_holder),
            }
            for (award, kind), count in counts.items():
                if count:
                    rows.append((year, code, name, CLUSTER, award, _authority(award), kind, int(count), False))
            if rng.random() < 0.25:
                rows.append((year, code, name, CLUSTER, "mother_hero", "president", "individual",
                             int(rng.integers(1, 3)), True))
    columns = ["year", "member_code", "member", "cluster", "award", "authority", "recipient_kind", "count",
               "posthumous"]
    return pd.DataFrame(rows, columns=columns)


def _authority(award: str) -> str:
    return split_aliases(catalog.awards()[catalog.award_base(award)]["authority"])[0]


LISTING = {"585", "588"}  # these offices send decision lists, the others summary tables
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
            "Lý", "Đinh", "Chamaléa", "Katơr", "Pinăng"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Yến"]
POSITIONS = ["Chủ tịch UBND xã {c}", "Công chức Văn phòng - Thống kê xã {c}", "Giáo viên Trường Tiểu học {c}",
             "Trưởng thôn, xã {c}", "Chuyên viên Phòng Nội vụ", "Trưởng Công an xã {c}",
             "Bác sĩ Trạm Y tế xã {c}", "Nông dân, xã {c}"]
COLLECTIVES = ["UBND xã {c}", "Trường Trung học cơ sở xã {c}", "Trạm Y tế xã {c}", "Công an xã {c}",
               "Hội Nông dân xã {c}", "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "Đoàn Thanh niên xã {c}"]
DECISION_SIGN = {"president": "QĐ-CTN", "prime_minister": "QĐ-TTg", "province": "QĐ-UBND", "district": "QĐ-UBND",
                 "agency": "QĐ"}


def _communes(code: str) -> list[str]:
    from emulation_stats.core.resources import read_reference

    table = read_reference("vn_communes_2025-01-04.csv")
    return table.loc[table["district_code"] == code, "commune_name"].tolist() or ["Trung tâm"]


def recipients_of(part: pd.DataFrame, code: str, rng: np.random.Generator) -> pd.DataFrame:
    """Made-up recipients for a decision list (names and units are illustrative)."""
    communes = _communes(code)
    rows = []
    for item in part.itertuples(index=False):
        number = int(rng.integers(100, 3000))
        date = f"{int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 12)):02d}/{item.year}"
        decision = f"Số {number}/{DECISION_SIGN.get(item.authority, 'QĐ')} ngày {date}"
        chosen: set[tuple[str, str]] = set()
        while len(chosen) < int(item.count):  # one decision names a recipient once
            commune = rng.choice(communes)
            if item.recipient_kind == "collective":
                recipient, position = str(rng.choice(COLLECTIVES)).format(c=commune), ""
            else:
                recipient = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                position = str(rng.choice(POSITIONS)).format(c=commune)
            if (recipient, position) not in chosen:
                chosen.add((recipient, position))
                rows.append((recipient, position, item.award, item.recipient_kind, decision,
                             bool(item.posthumous)))
    return pd.DataFrame(rows, columns=["recipient", "position", "award", "recipient_kind", "decision", "posthumous"])


def write_award_forms(frame: pd.DataFrame, folder: Path, rng: np.random.Generator) -> None:
    """One award report per member per year: a summary table or a decision list."""
    note = f"({ILLUSTRATIVE_MARK})"
    for (code, year), part in frame.groupby(["member_code", "year"]):
        label = match_district(code).label
        path = folder / str(year) / f"khen_thuong_{year}_{code}.xlsx"
        if code in LISTING:
            write_award_list(path, district=label, year=int(year), recipients=recipients_of(part, code, rng),
                             note=note, **SIGNED_BY)
        else:
            write_award_summary(path, district=label, year=int(year), awards=part, note=note, **SIGNED_BY)


def assessment_rows(rng: np.random.Generator) -> pd.DataFrame:
    maxima = {"movement_organisation": 20, "commendation_work": 10, "cluster_coordination": 10}
    rows = []
    for year in YEARS:
        merit = {m[0]: rng.uniform(0.7, 0.97) for m in MEMBERS}
        for assessor, *_ in MEMBERS:
            for code, *_ in MEMBERS:
                for criterion, top in maxima.items():
                    level = merit[code] + rng.normal(0, 0.04) + (0.05 if assessor == code else 0)
                    points = float(np.clip(round(top * level * 2) / 2, 0, top))
                    rows.append((year, CLUSTER, assessor, code, criterion, points))
    columns = ["year", "cluster", "assessor_code", "member_code", "criterion", "points"]
    return pd.DataFrame(rows, columns=columns)


def vote_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    voters = 3 * len(MEMBERS)  # three delegates per member
    for year in YEARS[-2:]:
        shares = rng.dirichlet(np.ones(len(MEMBERS)) * 0.8)
        votes = rng.multinomial(voters, shares)
        for (code, name, *_), count in zip(MEMBERS, votes):
            rows.append((year, CLUSTER, code, name, "flag_province", int(count), voters))
    columns = ["year", "cluster", "member_code", "member", "proposal", "votes_for", "voters"]
    return pd.DataFrame(rows, columns=columns)


def cluster_rows() -> pd.DataFrame:
    rows = []
    for i, year in enumerate(YEARS):
        head = HEADS[i % len(HEADS)]
        deputy = HEADS[(i + 1) % len(HEADS)]
        for code, name, *_ in MEMBERS:
            role = "head" if code == head else "deputy" if code == deputy else "member"
            rows.append((PROVINCE_CODE, CLUSTER, year, code, name, role))
    return pd.DataFrame(rows, columns=["province_code", "cluster", "year", "member_code", "member", "role"])


RUBRIC = {
    "name": "Thang điểm chấm thi đua Cụm (minh họa)",
    "illustrative": True,
    "total": 100,
    "missing": "zero",
    "aggregation": "mean_excluding_self",
    "tie_break": ["assessed", "budget_revenue"],
    "flag_rule": "Cờ thi đua tặng đơn vị có tổng điểm cao nhất (quy tắc minh họa)",
    "name_en": "The cluster's emulation score sheet (illustrative)",
    "flag_rule_en": "The emulation flag goes to the member with the highest total (an illustrative rule)",
    "criteria": [
        {"key": "growth", "group": "Kinh tế", "label": "Tốc độ tăng trưởng kinh tế so với kế hoạch",
         "label_en": "Economic growth against the plan",
         "max_points": 10, "method": "plan_ratio", "indicator": "gdp_growth", "cap": 1.0},
        {"key": "budget", "group": "Kinh tế", "label": "Thu ngân sách so với kế hoạch",
         "label_en": "Budget revenue against the plan",
         "max_points": 10, "method": "plan_ratio", "indicator": "budget_revenue", "cap": 1.2},
        {"key": "income", "group": "Kinh tế", "label": "Thu nhập bình quân đầu người",
         "label_en": "Income per capita",
         "max_points": 5, "method": "minmax", "indicator": "income_per_capita"},
        {"key": "poverty", "group": "Văn hóa - xã hội", "label": "Giảm tỷ lệ hộ nghèo",
         "label_en": "Fewer poor households",
         "max_points": 10, "method": "change", "indicator": "poor_household_rate", "deduct_per_unit": 5},
        {"key": "new_rural", "group": "Văn hóa - xã hội", "label": "Xã đạt chuẩn nông thôn mới so với kế hoạch",
         "label_en": "New-rural communes against the plan",
         "max_points": 5, "method": "plan_ratio", "indicator": "new_rural_communes", "cap": 1.0},
        {"key": "crime", "group": "Quốc phòng - an ninh", "label": "Kiềm chế phạm pháp hình sự",
         "label_en": "Curbing crime",
         "max_points": 10, "method": "change", "indicator": "criminal_cases", "deduct_per_pct": 0.5,
         "ignore_noise": True},
        {"key": "traffic", "group": "Quốc phòng - an ninh", "label": "Giảm tai nạn giao thông",
         "label_en": "Fewer traffic accidents",
         "max_points": 10, "method": "change", "indicator": "traffic_accidents", "deduct_per_pct": 0.5,
         "ignore_noise": True},
        {"key": "movement_organisation", "group": "Công tác thi đua", "label": "Tổ chức phong trào thi đua",
         "max_points": 20, "method": "assessed"},
        {"key": "commendation_work", "group": "Công tác thi đua", "label": "Công tác khen thưởng",
         "max_points": 10, "method": "assessed"},
        {"key": "cluster_coordination", "group": "Công tác thi đua", "label": "Tham gia hoạt động của Cụm",
         "max_points": 10, "method": "assessed"},
    ],
    "bonus": [
        {"key": "government_flag", "label": "Cờ thi đua của Chính phủ", "award": "flag_government", "points": 15},
        {"key": "prime_minister_certificate", "label": "Bằng khen của Thủ tướng Chính phủ",
         "award": "certificate_prime_minister", "points": 3, "max_points": 6},
    ],
}


def meta() -> dict:
    return {
        "name": "sample",
        "title": f"{CLUSTER} tỉnh {PROVINCE} — bộ dữ liệu minh họa",
        "province": PROVINCE,
        "province_code": PROVINCE_CODE,
        "cluster": CLUSTER,
        "cluster_en": "Districts' Emulation Cluster",
        "years": YEARS,
        "illustrative": True,
        "sources": [{"id": "generated", "title": "scripts/make_sample_data.py (seed "
                     f"{SEED}); tên và mã huyện theo danh mục GSO, mọi số liệu là minh họa",
                     "title_en": "district names and codes from the GSO list; every figure made up"}],
        "notes": ["Số liệu minh họa / illustrative data: không dùng cho báo cáo thật."],
    }


def main(out: Path) -> None:
    rng = np.random.default_rng(SEED)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "dataset.yaml").write_text(yaml.safe_dump(meta(), allow_unicode=True, sort_keys=False), "utf-8")
    cluster_rows().to_csv(out / "clusters.csv", index=False)
    write_indicator_forms(indicator_rows(rng), out / "indicators", rng)
    write_award_forms(award_rows(rng), out / "awards", rng)
    (out / "assessments").mkdir()
    assessment_rows(rng).to_csv(out / "assessments" / "cham_diem.csv", index=False)
    vote_rows(rng).to_csv(out / "votes.csv", index=False)
    (out / "rubric.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True, sort_keys=False), "utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "sample")
    main(parser.parse_args().out)
