"""How fast is the province board's pack?

A made-up province of 15 groups (14 clusters of eight communes and wards of the new Gia
Lai, and a khối of eight departments), each member with 20 indicators over 5 years
(2021–2025, the new units' own figures), 2025's awards, cross scores and ballot — written
as tidy CSV files by the sample province's own writer (scripts/make_sample_province.py),
then loaded (``load_province``) and packed (``build_province``: the board's table, the
two statistics forms, the workbook and the báo cáo), each timed.
Goal (issue "The province's view"): the whole pack in ≤ 60 s.

    .venv/bin/python benchmarks/province.py [--groups 15] [--members 8] [--indicators 20] [--years 5]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import emulation_stats as es
from emulation_stats.core import catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import make_sample_province as sample  # noqa: E402

GOAL_S = 60.0


def make(out: Path, groups: int, members: int, indicators: int, years: int, seed: int = 0) -> int:
    """Write the province; returns the number of indicator rows."""
    sample.CLUSTERS, sample.MEMBERS = groups - 1, members
    sample.make(out)
    keys = ["budget_revenue", "income_per_capita", "poor_household_rate", "criminal_cases"]
    keys += [k for k in catalog.indicators().table.index if k not in keys][:indicators - len(keys)]
    rng = np.random.default_rng(seed)
    rows = 0
    for folder in sorted(out.glob("cum_*")):
        clusters = pd.read_csv(folder / "clusters.csv", dtype=str)
        grid = pd.MultiIndex.from_product([clusters["member_code"], range(2026 - years, 2026), keys],
                                          names=["member_code", "year", "indicator"]).to_frame(index=False)
        grid["member"] = grid["member_code"].map(dict(zip(clusters["member_code"], clusters["member"])))
        grid["era"], grid["measure"] = "sau sắp xếp", "actual"
        grid["value"] = rng.uniform(1, 90, len(grid)).round(1)
        plan = grid[(grid["indicator"] == "budget_revenue") & (grid["year"] == 2025)].assign(measure="plan")
        table = pd.concat([grid, plan], ignore_index=True)
        table.to_csv(folder / "indicators" / "chi_tieu.csv", index=False)
        rows += len(table)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=15)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "province"
        rows = make(root, args.groups, args.members, args.indicators, args.years)
        start = time.perf_counter()
        province = es.load_province(root)
        loaded = time.perf_counter()
        pack = es.build_province(province, Path(folder) / "pack")
        built = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = built - start
    print(f"province: {len(province.datasets)} groups × {args.members} members, {args.indicators} indicators × "
          f"{args.years} years ({rows:,} indicator rows), {len(pack.files)} files")
    print("| step | seconds |")
    print("|---|---|")
    print(f"| load_province | {loaded - start:.1f} |")
    print(f"| build_province (board's table, two forms, workbook, báo cáo) | {built - loaded:.1f} |")
    print(f"| total | {total:.1f} (goal ≤ {GOAL_S:.0f}: {'met' if total <= GOAL_S else 'NOT met'}) |")
    print(f"| peak memory | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
