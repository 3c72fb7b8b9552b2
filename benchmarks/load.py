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

Then the fixed cost of a load, on small forms (10–20 indicator rows, three office
layouts), each measured in its own process too:

- one ``load_indicators`` call on one small form (median of 30 calls after a first one):
  goal ≤ 20 ms, and ≤ 2× a raw ``pandas.read_excel`` (openpyxl) read of the same form;
- one load of a folder of 60 small forms against raw reads of the same files,
  ``pandas.read_excel`` with openpyxl (goal: ours ≥ 5× faster) and with python-calamine
  (goal: ours ≤ 1.5× its time); the bare python-calamine read of the cells is printed
  beside them for scale.

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
import python_calamine

from emulation_stats import load_awards, load_indicators
from emulation_stats.core import catalog
from emulation_stats.io.templates import FormLayout, write_indicator_form
from emulation_stats.units.lists import districts

GOAL_SPEEDUP = 5.0
GOAL_PEAK_MB = 500.0
GOAL_ONE_FORM_MS = 20.0
GOAL_ONE_OVER_OPENPYXL = 2.0
GOAL_SMALL_OVER_OPENPYXL = 5.0
GOAL_SMALL_OVER_CALAMINE = 1.5
SMALL_FILES = 60
SMALL_LAYOUTS = (FormLayout(), FormLayout(year_style="th", number_column=False, numbering_row=False),
                 FormLayout(year_style="words", spacer_column=True, text_numbers=True))


def make_forms(folder: Path, files: int, rows: int | tuple[int, int], seed: int = 1,
               layouts: tuple[FormLayout, ...] = (FormLayout(),)) -> list[Path]:
    """``files`` forms of ``rows`` indicators: Gia Lai's districts, then successive years."""
    rng = np.random.default_rng(seed)
    members = districts().query("province_code == '64'")
    keys = list(catalog.indicators().table.index)
    most = rows if isinstance(rows, int) else rows[1]
    extra = [f"Chỉ tiêu bổ sung số {i}" for i in range(1, max(most - len(keys), 0) + 1)]
    indicators = (keys + extra)[:most]
    years = files // len(members) + 2
    # One consistent series per district, so a report's "last year" column repeats the
    # figure of last year's report, as real reports do.
    series = rng.uniform(10, 1000, (len(members), years + 1, len(indicators))).round(1)
    paths = []
    for n in range(files):
        member = members.iloc[n % len(members)]
        age = n // len(members)
        year = 2024 - age
        count = most if isinstance(rows, int) else rows[0] + n % (rows[1] - rows[0] + 1)
        now, before = series[n % len(members), years - age, :count], series[n % len(members), years - age - 1, :count]
        figures = pd.DataFrame({
            "indicator": np.repeat(indicators[:count], 3), "year": np.tile([year - 1, year, year], count),
            "measure": np.tile(["actual", "plan", "actual"], count),
            "value": np.column_stack([before, (before * 1.05).round(1), now]).ravel()})
        # Percentages must stay percentages for the range checks.
        percent = figures["indicator"].map(lambda k: k in catalog.indicators() and
                                           catalog.indicators()[k]["unit"] == "%")
        figures.loc[percent, "value"] = (figures.loc[percent, "value"] % 100).round(1)
        label = f"{member['district_type']} {member['district_name']}"
        paths.append(write_indicator_form(folder / f"{year}" / f"bieu_{member['district_code']}_{year}.xlsx",
                                          district=label, year=year, figures=figures,
                                          layout=layouts[n % len(layouts)]))
    return paths


def measure(kind: str, folder: Path, warm: Path | None = None) -> dict:
    """Run in a child process: time one load of every file and report the peak RSS.

    With ``warm``, the same reading is done once on that other folder first, so the
    time is that of a load in a running session (catalogues read, header caches
    filled by forms of the same layouts), not of the first load after start-up."""
    if warm is not None:
        measure(kind, warm)
    paths = sorted(folder.rglob("*.xlsx"))
    if kind in ("one_form", "one_form_openpyxl"):  # the fixed cost of a call: median of 30 after a first one
        def read():
            if kind == "one_form":
                return len(load_indicators(paths[0])[0])
            return sum(s.size for s in pd.read_excel(paths[0], sheet_name=None, header=None,
                                                     engine="openpyxl").values())
        read()
        times = []
        for _ in range(30):
            start = time.perf_counter()
            output = read()
            times.append(time.perf_counter() - start)
        return {"kind": kind, "files": 1, "seconds": float(np.median(times)), "output": output,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    start = time.perf_counter()
    if kind == "load_indicators":
        df, report = load_indicators(folder)
        cells = len(df)
    elif kind == "corpus_load":  # each folder of the corpus with its own loader, as a dataset loads it
        cells = len(load_awards(folder / "awards", province="Gia Lai")[0])
        cells += len(load_indicators(folder / "indicators", province="Gia Lai")[0])
    elif kind == "calamine_cells":
        cells = 0
        for path in paths:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            cells += sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    else:
        cells = 0
        engine = "calamine" if kind == "read_excel_calamine" else "openpyxl"
        for path in paths:
            for sheet in pd.read_excel(path, sheet_name=None, header=None, engine=engine).values():
                cells += sheet.size
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "files": len(paths), "seconds": seconds, "peak_mb": peak_mb, "output": cells}


def run_child(kind: str, folder: Path, warm: Path | None = None) -> dict:
    extra = ["--warm", str(warm)] if warm is not None else []
    result = subprocess.run([sys.executable, __file__, "--child", kind, "--folder", str(folder), *extra],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    parser.add_argument("--child", choices=["load_indicators", "read_excel", "read_excel_calamine", "calamine_cells",
                                            "one_form", "one_form_openpyxl", "corpus_load"])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--warm", type=Path, help="a folder to read once first")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.folder, args.warm)))
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
    small(args.repeat)
    corpus(args.repeat)


def small(repeat: int) -> None:
    """The fixed cost of a load: one small form, and a folder of 60."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, warm = Path(tmp) / "measured", Path(tmp) / "warm-up"
        make_forms(folder, SMALL_FILES, (10, 20), seed=2, layouts=SMALL_LAYOUTS)
        make_forms(warm, 6, (10, 20), seed=3, layouts=SMALL_LAYOUTS)
        kinds = ("one_form", "one_form_openpyxl", "load_indicators", "read_excel", "read_excel_calamine",
                 "calamine_cells")
        results = {kind: min((run_child(kind, folder, warm) for _ in range(repeat)), key=lambda r: r["seconds"])
                   for kind in kinds}
    one, ours = results["one_form"], results["load_indicators"]
    over_openpyxl = results["read_excel"]["seconds"] / ours["seconds"]
    over_calamine = ours["seconds"] / results["read_excel_calamine"]["seconds"]
    print()
    print(f"small forms (10–20 rows, {len(SMALL_LAYOUTS)} layouts; each after a warm-up read of 6 other forms)")
    print(f"{'':44} {'files':>6} {'ms':>8} {'files/s':>8}")
    for label, r in (("load_indicators, one form (median of 30)", one),
                     ("pandas.read_excel(openpyxl), the same form", results["one_form_openpyxl"]),
                     (f"load_indicators, folder of {SMALL_FILES}", ours),
                     ("pandas.read_excel(openpyxl), raw read", results["read_excel"]),
                     ("pandas.read_excel(calamine), raw read", results["read_excel_calamine"]),
                     ("python-calamine cells only, raw read", results["calamine_cells"])):
        print(f"{label:44} {r['files']:>6} {1000 * r['seconds']:>8.1f} {r['files'] / r['seconds']:>8.1f}")
    print()
    one_over = one["seconds"] / results["one_form_openpyxl"]["seconds"]
    print(f"one form: {1000 * one['seconds']:.1f} ms (goal ≤ {GOAL_ONE_FORM_MS:g} ms: "
          f"{'met' if 1000 * one['seconds'] <= GOAL_ONE_FORM_MS else 'NOT met'}), {one_over:.2f}× a raw openpyxl "
          f"read of it (goal ≤ {GOAL_ONE_OVER_OPENPYXL:g}×: "
          f"{'met' if one_over <= GOAL_ONE_OVER_OPENPYXL else 'NOT met'}); "
          f"{SMALL_FILES} forms: {over_openpyxl:.2f}× faster than the openpyxl read (goal ≥ "
          f"{GOAL_SMALL_OVER_OPENPYXL:g}×: {'met' if over_openpyxl >= GOAL_SMALL_OVER_OPENPYXL else 'NOT met'}), "
          f"{over_calamine:.2f}× the calamine read's time (goal ≤ {GOAL_SMALL_OVER_CALAMINE:g}×: "
          f"{'met' if over_calamine <= GOAL_SMALL_OVER_CALAMINE else 'NOT met'})")


def corpus(repeat: int) -> None:
    """The corpus of different award lists and report forms (tests/form_variants): every
    file another layout, against a raw calamine read of the same files."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "form_variants"))
    from make_variants import make

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        make(folder)
        files = len(list(folder.rglob("*.xlsx")))
        results = {kind: min((run_child(kind, folder, folder) for _ in range(repeat)), key=lambda r: r["seconds"])
                   for kind in ("corpus_load", "read_excel_calamine")}
    ours, base = results["corpus_load"], results["read_excel_calamine"]
    ratio = ours["seconds"] / base["seconds"]
    print()
    print(f"the corpus of {files} different award lists and forms (tests/form_variants), after a warm-up read of it")
    print(f"{'':44} {'files':>6} {'ms':>8}")
    print(f"{'load_awards + load_indicators':44} {files:>6} {1000 * ours['seconds']:>8.1f}")
    print(f"{'pandas.read_excel(calamine), raw read':44} {base['files']:>6} {1000 * base['seconds']:>8.1f}")
    # No goal of its own: its files are variants of a few lists, so one load of them all is
    # mostly duplicates refused (the warning about copies); printed for scale.
    print(f"corpus: {ratio:.2f}× the calamine read's time (for scale: its files repeat each other's rows, so "
          "this also times the duplicates check)")


if __name__ == "__main__":
    main()
