"""Does the live scoring panel feel live?

A cluster of 12 members scored on a 20-criterion rubric (the rubric of
``benchmarks/sensitivity.py``); the panel of ``es.explore`` is built, then one widget is
changed at a time, as a hand on a slider would, and the time until the panel holds the new
score, proposal, status line and redrawn chart (PNG) is measured.

Goal: one change to a redrawn chart in under 0.3 s.

    .venv/bin/python benchmarks/explore.py [--members 12] [--changes 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib
import sensitivity as bench

from emulation_stats import score
from emulation_stats.panel import explore

matplotlib.use("Agg")
GOAL_SECONDS = 0.3


def timed(action, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    table = score(bench.make_dataset(args.members), rubric=bench.rubric(), year=bench.YEAR)
    start = time.perf_counter()
    panel = explore(table, draws=1000)
    opened = time.perf_counter() - start
    keys = list(panel.weights)

    def move_weight(i: int) -> None:
        slider = panel.weights[keys[i % len(keys)]]
        slider.value = slider.value + (0.5 if i % 2 == 0 else -0.5)

    aggregations = ["median", "trimmed_mean", "mean_excluding_self"]

    def change_aggregation(i: int) -> None:
        panel.aggregation.value = aggregations[i % len(aggregations)]

    rows = [("open the panel", [opened]),
            ("move one weight slider", timed(move_weight, args.changes)),
            ("change the aggregation", timed(change_aggregation, max(3, args.changes // 3))),
            ("sensitivity button, 1,000 draws", timed(lambda _: panel.button.click(), 3))]
    print(f"Live panel, {args.members} members × {len(keys)} criteria (this machine)\n")
    print(f"| {'action':<34} | {'median':>8} | {'slowest':>8} | {'n':>3} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|{'-' * 5}|")
    for name, times in rows:
        print(f"| {name:<34} | {statistics.median(times):7.3f}s | {max(times):7.3f}s | {len(times):>3} |")
    slowest = max(max(rows[1][1]), max(rows[2][1]))
    verdict = "met" if slowest < GOAL_SECONDS else "NOT met"
    print(f"\nGoal: one change redrawn in < {GOAL_SECONDS} s — slowest change {slowest:.3f} s: {verdict}")


if __name__ == "__main__":
    main()
