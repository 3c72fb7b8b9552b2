"""How fast is the view of a report year (``Dataset.on_units``)?

A cluster of 10 units in force since 2025-07-01, each made of whole old communes (real
codes of the conversion list), 20 indicators × 10 years: 2016–2024 as the old communes
reported them, 2025 as the new units do. Times ``indicators_on_units`` (what
``Dataset.on_units`` computes; the Dataset caches it per year) in one process, first call
(caches of the unit lists warm, as after loading) and the median of further calls.
Goal (issue "One world per report year"): ≤ 50 ms.

    .venv/bin/python benchmarks/view.py [--units 10] [--indicators 20] [--years 10]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.units.lists import unit_by_code
from emulation_stats.units.reform import conversion_parts
from emulation_stats.units.view import indicators_on_units

GOAL_MS = 50.0


def cluster(units: int, indicators: int, years: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(indicators table, members) of a made-up cluster on real units."""
    parts = conversion_parts()
    whole = parts.groupby("new_code")["share"].agg(lambda s: (s == "whole").all())
    chosen = [c for c in whole[whole].index if len(c) == 5][:units]
    keys = list(catalog.indicators().table.index)
    keys = (keys * (indicators // len(keys) + 1))[:indicators]
    keys = [k if i < len(catalog.indicators().table) else f"x_{i}" for i, k in enumerate(keys)]
    rng = np.random.default_rng(seed)
    rows = []
    last = 2024
    for new in chosen:
        olds = parts.loc[parts["new_code"] == new, "old_code"]
        for year in range(last - years + 2, last + 1):
            for old in olds:
                name = unit_by_code(old, "old").name
                rows += [(old, name, year, k, "actual") for k in keys]
        rows += [(new, unit_by_code(new, "new").name, last + 1, k, "actual") for k in keys]
    frame = pd.DataFrame(rows, columns=["member_code", "member", "year", "indicator", "measure"])
    frame["value"] = rng.integers(1, 100, len(frame)).astype(float)
    frame["unit"], frame["source"] = "", "f.xlsx"
    members = pd.DataFrame({"member_code": chosen, "member": [unit_by_code(c, "new").name for c in chosen]})
    return frame, members


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    frame, members = cluster(args.units, args.indicators, args.years)
    start = time.perf_counter()
    view, _ = indicators_on_units(frame, 2025, members=members)
    first = 1000 * (time.perf_counter() - start)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        indicators_on_units(frame, 2025, members=members)
        runs.append(1000 * (time.perf_counter() - start))
    median = statistics.median(runs)
    print(f"| cluster | input rows | view rows | first call | median of 20 | goal |\n|---|---|---|---|---|---|\n"
          f"| {args.units} units × {args.indicators} indicators × {args.years} years | {len(frame):,} | "
          f"{len(view):,} | {first:.1f} ms | {median:.1f} ms | ≤ {GOAL_MS:.0f} ms "
          f"{'✓' if median <= GOAL_MS else '✗'} |")


if __name__ == "__main__":
    main()
