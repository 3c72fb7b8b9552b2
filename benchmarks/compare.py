"""Year over year and trends at national scale: does the analysis stay fast and small?

Builds a 10-million-row indicators frame (10,000 units × 20 years × 50 indicators; text
columns categorical, years int16) and times ``compare_years`` (two years) and ``trend``
(all twenty years), each the best of ``--repeat`` runs, and the frame's memory.

Goals: compare_years under 3 s, trend under 10 s, the frame under 1 GB.

    .venv/bin/python benchmarks/compare.py [--units 10000] [--years 20] [--indicators 50]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from emulation_stats import compare_years, trend
from emulation_stats.core import catalog

GOALS = {"compare_years": 3.0, "trend": 10.0, "frame_gb": 1.0}


def make_frame(units: int, years: int, indicators: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    keys = list(catalog.indicators().table.index)
    keys = (keys + [f"x_benchmark_{i}" for i in range(indicators)])[:indicators]
    codes = np.array([f"{i:05d}" for i in range(units)], dtype=object)
    n = units * years * indicators
    unit_index = np.repeat(np.arange(units, dtype=np.int32), years * indicators)
    year_index = np.tile(np.repeat(np.arange(years, dtype=np.int16), indicators), units)
    key_index = np.tile(np.arange(indicators, dtype=np.int16), units * years)
    level = rng.uniform(10, 1000, units * indicators)
    growth = rng.normal(0.03, 0.05, n)
    value = level[unit_index * indicators + key_index] * (1 + growth) ** year_index
    return pd.DataFrame({
        "member_code": pd.Categorical.from_codes(unit_index, categories=codes),
        "member": pd.Categorical.from_codes(unit_index, categories=np.char.add("Đơn vị ", codes.astype(str))),
        "year": (2005 + year_index).astype(np.int16),
        "indicator": pd.Categorical.from_codes(key_index, categories=keys),
        "measure": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=["actual"]),
        "value": value.round(2),
        "unit": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""]),
        "source": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=["benchmark"]),
    })


def best_of(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    frame = make_frame(args.units, args.years, args.indicators)
    built = time.perf_counter() - start
    memory_gb = frame.memory_usage(deep=True).sum() / 1e9
    last = int(frame["year"].max())
    compare_s, yoy = best_of(args.repeat, lambda: compare_years(frame, last - 1, last))
    trend_s, trends = best_of(args.repeat, lambda: trend(frame))
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"frame: {len(frame):,} rows ({args.units:,} units × {args.years} years × {args.indicators} indicators), "
          f"built in {built:.1f} s")
    print()
    print(f"{'':16} {'seconds':>8} {'rows out':>10} {'goal':>10}  met")
    for name, seconds, rows in (("compare_years", compare_s, len(yoy)), ("trend", trend_s, len(trends))):
        print(f"{name:16} {seconds:>8.2f} {rows:>10,} {'< ' + str(GOALS[name]) + ' s':>10}  "
              f"{'yes' if seconds < GOALS[name] else 'NO'}")
    print(f"{'frame memory':16} {memory_gb:>7.2f}G {'':>10} {'< 1 GB':>10}  {'yes' if memory_gb < 1 else 'NO'}")
    print(f"process peak RSS: {peak_gb:.2f} GB")


if __name__ == "__main__":
    main()
