"""How fast are administrative units found, however their names are written?

Draws 10,000 names of units in force after the reform (communes, wards and special zones)
and before it (districts), each in one of four spellings ("UBND XÃ IA GRAI", "X. Ia Grai",
NFD lower case, the plain name), and times ``match_unit`` on them in a new process:
first with empty caches (every name distinct, as in a folder of new forms), then again
with the caches warm. Goal (issue "After the 2025 reform"): 10,000 names ≤ 1 s.

Then ``restate`` onto the 3,321 units in force since 2025-07-01 of 20 indicators × 10 years
(2015–2024) given for every old commune (about 2 million figures; rates weighted by the
population in the data). Goal: ≤ 5 s.

    .venv/bin/python benchmarks/units.py [--names 10000] [--years 10]
"""

from __future__ import annotations

import argparse
import time
import unicodedata

import numpy as np
import pandas as pd

from emulation_stats import restate
from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError
from emulation_stats.units.lists import FIRST_NEW_DAY, units
from emulation_stats.units.matching import match_unit

GOAL_SECONDS = 1.0
ABBREVIATIONS = {"xã": "X.", "phường": "P.", "đặc khu": "ĐK", "thị trấn": "TT.", "huyện": "H.", "quận": "Q.",
                 "thị xã": "TX", "thành phố": "TP"}


def names(count: int, seed: int = 0) -> list[tuple[str, str, int, str]]:
    """(name as written, province, year, expected code)."""
    table = units()
    new = table[(table["level"] == "commune") & (table["valid_from"] == FIRST_NEW_DAY)]
    old = table[table["level"] == "district"]
    pool = []
    for frame, year in ((new, 2025), (old, 2020)):
        unique = frame[~frame.duplicated(["province_code", "key"], keep=False)]
        pool += [(r.type, r.name, r.province_name, year, r.code) for r in unique.itertuples()]
    rng = np.random.default_rng(seed)
    out = []
    for i in rng.integers(0, len(pool), count):
        kind, name, province, year, code = pool[i]
        style = rng.integers(4)
        text = (f"UBND {kind} {name}".upper() if style == 0 else f"{ABBREVIATIONS[kind]} {name}" if style == 1
                else unicodedata.normalize("NFD", f"{kind} {name}".lower()) if style == 2
                else name if not name.isdigit() else f"{kind} {name}")  # "7" alone is no name: "Quận 7"
        out.append((text, province, year, code))
    return out


def _code(text: str, province: str, year: int) -> str:
    try:
        return match_unit(text, province=province, year=year).code
    except DataError:
        return ""


GOAL_RESTATE_SECONDS = 5.0


def old_commune_figures(years: int, indicators: int = 20, seed: int = 0) -> pd.DataFrame:
    """Every old commune × ``indicators`` (the catalogue's, population among them) × ``years``."""
    table = units()
    old = table[(table["level"] == "commune") & (table["valid_from"] != FIRST_NEW_DAY)]
    keys = list(catalog.indicators().table.index)  # population among them: the weights of rates
    keys = (keys + [f"x_chi_tieu_rieng_{i}" for i in range(indicators)])[:indicators]  # and the offices' own
    grid = pd.MultiIndex.from_product([old["code"], range(2025 - years, 2025), keys],
                                      names=["member_code", "year", "indicator"]).to_frame(index=False)
    names = dict(zip(old["code"], old["name"]))
    rng = np.random.default_rng(seed)
    return grid.assign(member=grid["member_code"].map(names), measure="actual",
                       value=rng.uniform(1, 99, len(grid)).round(1), unit="",
                       source="f.xlsx#S!R" + pd.Series(np.arange(len(grid)) + 2).astype(str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    units()
    match_unit("Ia Grai", province="Gia Lai", year=2025)
    setup = time.perf_counter() - start
    cases = names(args.names)
    rows = []
    for label in ("cold caches", "warm caches"):
        start = time.perf_counter()
        wrong = sum(_code(text, province, year) != code for text, province, year, code in cases)
        rows.append((label, time.perf_counter() - start, wrong))
    print(f"{'':40} {'names':>7} {'seconds':>8} {'names/s':>9} {'wrong':>6}")
    print(f"{'reading the unit lists (once)':40} {'':>7} {setup:>8.2f}")
    for label, seconds, wrong in rows:
        print(f"{'match_unit, ' + label:40} {len(cases):>7} {seconds:>8.2f} {len(cases) / seconds:>9.0f} {wrong:>6}")
    worst = rows[0][1]
    print(f"\n{len(cases)} names in {worst:.2f} s with cold caches (goal ≤ {GOAL_SECONDS:g} s: "
          f"{'met' if worst <= GOAL_SECONDS else 'NOT met'})")
    figures = old_commune_figures(args.years)
    start = time.perf_counter()
    restated = restate(figures, 2025)
    seconds = time.perf_counter() - start
    table = units()
    in_force = set(table.loc[(table["level"] == "commune") & (table["valid_from"] == FIRST_NEW_DAY), "code"])
    new = restated[restated["member_code"].isin(in_force) & (restated["restated_from"] != "")]
    print(f"\nrestate: {len(figures):,} figures of {figures['member_code'].nunique():,} old communes onto "
          f"{new['member_code'].nunique():,} new units: {len(restated):,} rows "
          f"({restated['value'].notna().sum():,} restated, {(restated['note'] != '').sum():,} with a note) in "
          f"{seconds:.2f} s (goal ≤ {GOAL_RESTATE_SECONDS:g} s: "
          f"{'met' if seconds <= GOAL_RESTATE_SECONDS else 'NOT met'})")


if __name__ == "__main__":
    main()
