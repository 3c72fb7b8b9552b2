"""How fast are official report forms loaded, against a raw pandas read of the same files?

Writes N indicator forms (default 200: the 17 districts of Gia Lai × 12 years, 40
indicator rows each, two-row merged headers, title lines and footer) to a temporary
folder, then measures in separate processes (so each peak memory is its own):

- ``load_indicators(folder)``: the full parse (header detection, district and year from
  the form, numbers, catalogue matching, checks, repeats across years), python-calamine;
- the baseline ``pandas.read_excel(path, sheet_name=None, header=None, engine="openpyxl")``
  per file: a raw read with no parsing at all.

Goal: the full parse at least 5× faster than the baseline's raw read; peak memory under
500 MB.

    .venv/bin/python benchmarks/load.py [--files 200] [--rows 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from emulation_stats import catalog, load_indicators
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.units import districts

GOAL_SPEEDUP = 5.0
GOAL_PEAK_MB = 500.0


def make_forms(folder: Path, files: int, rows: int, seed: int = 1) -> list[Path]:
    """``files`` forms of ``rows`` indicators: Gia Lai's districts, then successive years."""
    rng = np.random.default_rng(seed)
    members = districts().query("province_code == '64'")
    keys = list(catalog.indicators().table.index)
    extra = [f"Chỉ tiêu bổ sung số {i}" for i in range(1, max(rows - len(keys), 0) + 1)]
    indicators = (keys + extra)[:rows]
    years = files // len(members) + 2
    # One consistent series per district, so a report's "last year" column repeats the
    # figure of last year's report, as real reports do.
    series = rng.uniform(10, 1000, (len(members), years + 1, len(indicators))).round(1)
    paths = []
    for n in range(files):
        member = members.iloc[n % len(members)]
        age = n // len(members)
        year = 2024 - age
        now, before = series[n % len(members), years - age], series[n % len(members), years - age - 1]
        figures = pd.DataFrame({
            "indicator": np.repeat(indicators, 3), "year": np.tile([year - 1, year, year], len(indicators)),
            "measure": np.tile(["actual", "plan", "actual"], len(indicators)),
            "value": np.column_stack([before, (before * 1.05).round(1), now]).ravel()})
        # Percentages must stay percentages for the range checks.
        percent = figures["indicator"].map(lambda k: k in catalog.indicators() and
                                           catalog.indicators()[k]["unit"] == "%")
        figures.loc[percent, "value"] = (figures.loc[percent, "value"] % 100).round(1)
        label = f"{member['district_type']} {member['district_name']}"
        paths.append(write_indicator_form(folder / f"{year}" / f"bieu_{member['district_code']}_{year}.xlsx",
                                          district=label, year=year, figures=figures, layout=FormLayout()))
    return paths


def measure(kind: str, folder: Path) -> dict:
    """Run in a child process: time one load of every file and report the peak RSS."""
    paths = sorted(folder.rglob("*.xlsx"))
    start = time.perf_counter()
    if kind == "load_indicators":
        df, report = load_indicators(folder)
        cells = len(df)
    else:
        cells = 0
        for path in paths:
            for sheet in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").values():
                cells += sheet.size
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "files": len(paths), "seconds": seconds, "peak_mb": peak_mb, "output": cells}


def run_child(kind: str, folder: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, "--folder", str(folder)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    parser.add_argument("--child", choices=["load_indicators", "read_excel"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.folder)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        make_forms(folder, args.files, args.rows)
        print(f"wrote {args.files} forms × {args.rows} indicators in {time.perf_counter() - start:.1f} s")
        results = {kind: min((run_child(kind, folder) for _ in range(args.repeat)), key=lambda r: r["seconds"])
                   for kind in ("load_indicators", "read_excel")}
    ours, base = results["load_indicators"], results["read_excel"]
    speedup = base["seconds"] / ours["seconds"]
    print()
    print(f"{'':44} {'files':>6} {'seconds':>8} {'files/s':>8} {'peak MB':>8}")
    for label, r in (("load_indicators (full parse, calamine)", ours),
                     ("pandas.read_excel(openpyxl), raw read", base)):
        print(f"{label:44} {r['files']:>6} {r['seconds']:>8.2f} {r['files'] / r['seconds']:>8.1f} "
              f"{r['peak_mb']:>8.0f}")
    print()
    print(f"figures loaded: {ours['output']}; speed-up over the raw read: {speedup:.2f}× "
          f"(goal ≥ {GOAL_SPEEDUP:g}×: {'met' if speedup >= GOAL_SPEEDUP else 'NOT met'}); "
          f"peak {ours['peak_mb']:.0f} MB (goal < {GOAL_PEAK_MB:g} MB: "
          f"{'met' if ours['peak_mb'] < GOAL_PEAK_MB else 'NOT met'})")


if __name__ == "__main__":
    main()
