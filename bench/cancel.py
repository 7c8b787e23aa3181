"""Benchmark: how long a cancel takes to return from ``plan_community`` on the 10x district.

Run from the repository root: ``.venv/bin/python bench/cancel.py [--runs 3] [--after 2]
[--workers 2] [--district DIR] [--check]``.

Each run plans the 10x district (generated into a temporary folder unless ``--district`` names a
folder holding community.xlsx from ``python -m planner sample --scale 10``), cancels once
``--after`` areas have finished, and times the cancel until ``plan_community`` returns (raising
PlanCancelled), then checks that no worker process is left. It also times assembling the kept
areas (what "keep as a partial scenario" costs, paid only on that click). Prints each run and the
medians; ``--check`` exits 1 when the median cancel exceeds the issue's 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from planner.reader import read_roster_paths  # noqa: E402
from planner.runner import AreaProgress, PlanCancelled, plan_community  # noqa: E402
from planner.sample import write_sample  # noqa: E402
from planner.schema import Roster  # noqa: E402
from planner.settings import Settings, SolverOptions  # noqa: E402

CANCEL_BUDGET = 2.0  # s, issue 10


def live_workers() -> int:
    me = psutil.Process()
    children = me.children(recursive=True)
    return sum(1 for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE)


def one_run(roster: Roster, settings: Settings, after: int) -> tuple[float, float, int, int, float]:
    """(seconds from start to the cancel, seconds from the cancel to return, areas solved, total,
    seconds to assemble the solved areas)."""
    cancel = threading.Event()
    clicked: list[float] = []

    def progress(item: AreaProgress) -> None:
        if item.done >= after and not cancel.is_set():
            clicked.append(time.perf_counter())
            cancel.set()

    start = time.perf_counter()
    try:
        plan_community(roster, settings, progress=progress, cancel=cancel)
    except PlanCancelled as stopped:
        returned = time.perf_counter()
        partial = stopped.partial
    else:
        raise SystemExit("the plan finished before the cancel: raise --after's district or lower --after")
    leftover = live_workers()
    if leftover:
        raise SystemExit(f"{leftover} worker process(es) still alive after the cancel")
    t0 = time.perf_counter()
    partial.plan()
    assemble = time.perf_counter() - t0
    return clicked[0] - start, returned - clicked[0], len(partial.solved), partial.total, assemble


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--after", type=int, default=2, help="cancel once this many areas are done")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--district", type=Path, default=None)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.district
        if folder is None:
            folder = Path(tmp)
            write_sample(folder, scale=10)
        roster = read_roster_paths([folder / "community.xlsx"])
    settings = Settings(solver=SolverOptions(workers=args.workers))
    print(f"10x district: {len(roster.members)} members, {len(roster.areas)} areas; {args.workers} workers")
    cancels: list[float] = []
    assembles: list[float] = []
    for run in range(1, args.runs + 1):
        ran, cancel, solved, total, assemble = one_run(roster, settings, args.after)
        cancels.append(cancel)
        assembles.append(assemble)
        print(
            f"run {run}: cancelled after {ran:.1f} s with {solved}/{total} areas solved; "
            f"cancel -> return {cancel:.3f} s; workers left 0; keeping the solved areas {assemble:.2f} s"
        )
    median = statistics.median(cancels)
    print(f"median cancel -> return: {median:.3f} s (budget {CANCEL_BUDGET:.1f} s)")
    print(f"median assembling the kept areas: {statistics.median(assembles):.2f} s (paid only on 'keep')")
    return 1 if args.check and median > CANCEL_BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
