"""Benchmark: reading rosters and computing their statistics.

Run from the repository root: ``.venv/bin/python bench/read_stats.py [--repeat 5] [--check]``.

Prints the median of ``--repeat`` runs for: reading sample_data/community.xlsx, reading the
CSV pair, reading a 10x district workbook (generated into a temporary folder), and
compute_statistics on the sample and on the 10x district. Each figure is also given as a
ratio to a plain-pandas baseline measured in the same run on the same files
(``pandas.read_excel`` / ``pandas.read_csv``), so machines of different speed can be
compared. ``--check`` exits with status 1 when the issue's budgets are exceeded (reading the
sample under 2 s, statistics under 1 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from planner.reader import read_roster_paths  # noqa: E402
from planner.sample import write_sample  # noqa: E402
from planner.stats import compute_statistics  # noqa: E402

SAMPLE = ROOT / "sample_data"
XLSX, MEMBERS_CSV, TEAMS_CSV = "community.xlsx", "community_members.csv", "community_teams.csv"
#: The issue's budgets, in seconds.
READ_BUDGET = 2.0
STATS_BUDGET = 1.0


def median_time(func: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, after one untimed warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _encoding(roster: Any, name: str) -> str:
    """The encoding the reader reported for ``name``, for a like-for-like pandas baseline."""
    return dict(roster.encodings).get(name, "utf-8-sig")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is exceeded")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        sample = SAMPLE
        if not (sample / XLSX).exists():
            print(f"{sample / XLSX} missing: generating the sample into a temporary folder")
            sample = Path(tmp) / "sample"
            write_sample(sample)
        xlsx, members_csv, teams_csv = sample / XLSX, sample / MEMBERS_CSV, sample / TEAMS_CSV

        start = time.perf_counter()
        big = Path(tmp) / "district"
        write_sample(big, scale=10)
        generate_10x = time.perf_counter() - start
        big_xlsx = big / XLSX

        roster = read_roster_paths([xlsx])
        csv_roster = read_roster_paths([members_csv, teams_csv])
        big_roster = read_roster_paths([big_xlsx])
        enc_m, enc_t = _encoding(csv_roster, members_csv.name), _encoding(csv_roster, teams_csv.name)

        def pandas_csv() -> None:
            pd.read_csv(members_csv, dtype=str, encoding=enc_m)
            pd.read_csv(teams_csv, dtype=str, encoding=enc_t)

        results: list[tuple[str, float, float | None]] = []
        baseline_csv = median_time(pandas_csv, repeat)
        baseline_xlsx = median_time(lambda: pd.read_excel(xlsx, sheet_name=None, dtype=str), repeat)
        baseline_big = median_time(lambda: pd.read_excel(big_xlsx, sheet_name=None, dtype=str), repeat)
        results.append(("pandas.read_csv, CSV pair (baseline)", baseline_csv, None))
        results.append(("pandas.read_excel, sample workbook (baseline)", baseline_xlsx, None))
        results.append(("pandas.read_excel, 10x workbook (baseline)", baseline_big, None))
        read_xlsx = median_time(lambda: read_roster_paths([xlsx]), repeat)
        results.append(("read sample workbook", read_xlsx, read_xlsx / baseline_xlsx))
        read_csv = median_time(lambda: read_roster_paths([members_csv, teams_csv]), repeat)
        results.append(("read CSV pair", read_csv, read_csv / baseline_csv))
        read_big = median_time(lambda: read_roster_paths([big_xlsx]), repeat)
        results.append(("read 10x workbook", read_big, read_big / baseline_big))
        stats_small = median_time(lambda: compute_statistics(roster), repeat)
        results.append(("compute_statistics, sample", stats_small, stats_small / baseline_csv))
        stats_big = median_time(lambda: compute_statistics(big_roster), repeat)
        results.append(("compute_statistics, 10x", stats_big, stats_big / baseline_csv))

    print(f"sample: {len(roster.members):,} members, {len(roster.teams):,} teams ({xlsx})")
    print(f"10x district: {len(big_roster.members):,} members, {len(big_roster.teams):,} teams")
    print(f"generating the 10x district took {generate_10x:.2f} s (once)")
    print(f"median of {repeat} runs; ratio = time / plain-pandas baseline of the same files")
    print("(for statistics the ratio is to the pandas.read_csv baseline, as a machine-speed unit)")
    width = max(len(name) for name, _, _ in results)
    for name, seconds, ratio in results:
        shown = "" if ratio is None else f"{ratio:8.1f}x"
        print(f"  {name:<{width}}  {seconds * 1000:9.1f} ms  {shown}")

    over = []
    if read_xlsx > READ_BUDGET or read_csv > READ_BUDGET:
        over.append(f"reading the sample over {READ_BUDGET} s")
    if stats_small > STATS_BUDGET:
        over.append(f"statistics of the sample over {STATS_BUDGET} s")
    print(
        "budgets: " + ("; ".join(over) if over else f"met (read < {READ_BUDGET} s, stats < {STATS_BUDGET} s)")
    )
    return 1 if over and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
