"""How fast is the robustness analysis at national scale?

Builds a cluster of 700 districts scored on a 20-criterion rubric (14 indicator criteria
of every method, 6 assessed ones with self and two peer scores each), then times:

- ``sensitivity`` with 10,000 draws (weights ±25 %), all draws scored as arrays at once;
- the same with the discrete alternatives varied too (aggregation × missing rule × noise);
- the naive way, ``score()`` once per draw, timed on a subset and scaled to 10,000.

Goals: under 5 s for 10,000 draws, and at least 50× faster than ``score()`` per draw.

    .venv/bin/python benchmarks/sensitivity.py [--districts 700] [--draws 10000] [--loop 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from emulation_stats import score, sensitivity
from emulation_stats.analysis.criteria import ScoreChoices
from emulation_stats.load.dataset import Dataset
from emulation_stats.load.report import LoadReport

GOAL_SECONDS, GOAL_SPEEDUP = 5.0, 50.0
YEAR = 2024
PLAN = ["budget_revenue", "gdp_growth", "new_rural_communes", "trained_labour_rate", "health_insurance_rate",
        "national_standard_schools"]
CHANGE = ["criminal_cases", "traffic_accidents", "traffic_deaths", "poor_household_rate"]
LEVEL = [("income_per_capita", "minmax"), ("forest_cover_rate", "minmax"), ("clean_water_rate", "rank"),
         ("cultural_family_rate", "threshold")]
ASSESSED = [f"assessed_{i}" for i in range(1, 7)]


def rubric() -> dict:
    criteria = [{"key": f"plan_{k}", "group": "Kế hoạch", "max_points": 5, "method": "plan_ratio", "indicator": k,
                 "cap": 1.2} for k in PLAN]
    criteria += [{"key": f"change_{k}", "group": "Thay đổi", "max_points": 5, "method": "change", "indicator": k,
                  "deduct_per_pct": 0.2, "ignore_noise": True} for k in CHANGE]
    for key, method in LEVEL:
        item = {"key": f"{method}_{key}", "group": "Mức", "max_points": 5, "method": method, "indicator": key}
        if method == "threshold":
            item["steps"] = [[70, 2], [80, 4], [90, 5]]
        criteria.append(item)
    criteria += [{"key": k, "group": "Chấm điểm", "max_points": 5, "method": "assessed"} for k in ASSESSED]
    return {"name": "benchmark", "missing": "zero", "criteria": criteria}


def make_dataset(n: int, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    # More units than the 696 districts of the GSO list: synthetic codes and names.
    codes = np.array([f"U{i:04d}" for i in range(n)], dtype=object)
    names = np.array([f"Đơn vị {i}" for i in range(n)], dtype=object)
    frames = []

    def add(indicator: str, measure: str, year: int, values: np.ndarray) -> None:
        frames.append(pd.DataFrame({"member_code": codes, "member": names, "year": year, "indicator": indicator,
                                    "measure": measure, "value": values, "unit": "", "source": "benchmark"}))

    for key in PLAN:
        level = rng.uniform(10, 90, n)
        add(key, "plan", YEAR, level)
        add(key, "actual", YEAR, level * rng.uniform(0.85, 1.25, n))
    for key in CHANGE:
        before = rng.poisson(40, n).astype(float)
        add(key, "actual", YEAR - 1, before)
        add(key, "actual", YEAR, rng.poisson(np.maximum(before, 1)).astype(float))
    for key, _ in LEVEL:
        add(key, "actual", YEAR, rng.uniform(50, 99, n))
    add("population", "actual", YEAR, rng.uniform(2e4, 2e5, n))
    add("population", "actual", YEAR - 1, rng.uniform(2e4, 2e5, n))
    indicators = pd.concat(frames, ignore_index=True)
    merit = rng.uniform(0.6, 0.95, n)
    rows = []
    for offset in (0, 1, 2):  # self, and two peers
        assessors = codes[(np.arange(n) + offset) % n]
        for key in ASSESSED:
            points = np.clip(5 * (merit + rng.normal(0, 0.05, n) + (0.05 if offset == 0 else 0)), 0, 5).round(1)
            rows.append(pd.DataFrame({"year": YEAR, "cluster": "Cụm", "assessor_code": assessors,
                                      "member_code": codes, "criterion": key, "points": points, "source": "b"}))
    assessments = pd.concat(rows, ignore_index=True)
    clusters = pd.DataFrame({"province_code": "00", "cluster": "Cụm", "year": YEAR, "member_code": codes,
                             "member": names, "role": ["head"] + ["member"] * (n - 1), "source": "b"})
    awards = pd.DataFrame(columns=["year", "member_code", "member", "cluster", "award", "award_name",
                                   "authority", "recipient_kind", "count", "posthumous", "source"])
    votes = pd.DataFrame(columns=["year", "cluster", "member_code", "proposal", "votes_for", "voters", "source"])
    return Dataset(Path("."), {"name": "benchmark", "illustrative": True}, clusters, indicators, awards,
                   assessments, votes, rubric(), LoadReport())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=700)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--loop", type=int, default=20, help="draws timed with score() per draw")
    args = parser.parse_args()
    data = make_dataset(args.districts)
    rows = []
    for label, alternatives in (("weights only", None),
                                ("weights + choices", {"aggregation": ["mean_excluding_self", "median", "head_only"],
                                                       "missing": ["zero", "mean", "drop"],
                                                       "ignore_noise": [False, True]})):
        start = time.perf_counter()
        result = sensitivity(score(data, year=YEAR), draws=args.draws, alternatives=alternatives, seed=0)
        rows.append((f"sensitivity, {label}", time.perf_counter() - start, len(result.draws)))
    rng = np.random.default_rng(1)
    nominal = score(data, year=YEAR)
    start = time.perf_counter()
    for _ in range(args.loop):
        weights = {k: w * rng.uniform(0.75, 1.25) for k, w in nominal.weights.items()}
        score(data, year=YEAR, choices=ScoreChoices(weights=weights))
    per_draw = (time.perf_counter() - start) / args.loop
    loop_total = per_draw * args.draws
    print(f"{args.districts} districts × {len(nominal.rubric.criteria)} criteria, {args.draws:,} draws")
    print()
    print(f"{'':34} {'seconds':>9} {'draws':>8}")
    for label, seconds, n in rows:
        print(f"{label:34} {seconds:>9.2f} {n:>8,}")
    print(f"{'score() per draw (scaled)':34} {loop_total:>9.1f} {args.draws:>8,}   "
          f"({per_draw * 1000:.0f} ms per draw, timed on {args.loop})")
    best = rows[0][1]
    print()
    print(f"weights only: {best:.2f} s (goal < {GOAL_SECONDS:g} s: {'met' if best < GOAL_SECONDS else 'NOT met'}); "
          f"speed-up over score() per draw: {loop_total / best:,.0f}× "
          f"(goal ≥ {GOAL_SPEEDUP:g}×: {'met' if loop_total / best >= GOAL_SPEEDUP else 'NOT met'})")
    print(f"weights + choices: {rows[1][1]:.2f} s; speed-up {loop_total / rows[1][1]:,.0f}×")


if __name__ == "__main__":
    main()
