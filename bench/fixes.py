"""Benchmark: what verifying every fix costs (planner.fixes) on the sample community.

Run from the repository root: ``.venv/bin/python bench/fixes.py [--repeat 5] [--solve]``.

Lays out every area of sample_data/community.xlsx with the greedy baseline (or, with
``--solve``, plans it with a 10 s limit per area), staffs it, finds every broken rule, then prints
the medians over ``--repeat`` runs (CPU seconds of this process, and wall seconds) of explaining
those violations without fixes (messages only: ``explain`` without a layout) and with every fix
proposed and verified (``explain`` with the layout), the ratio between them, and how many fixes
of each kind were offered. The baseline is measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from planner.explain import explain, precheck_area  # noqa: E402
from planner.greedy import greedy_layout  # noqa: E402
from planner.plan import Layout  # noqa: E402
from planner.reader import read_roster_paths  # noqa: E402
from planner.rules import check_layout, violations_frame  # noqa: E402
from planner.settings import Settings, SolverOptions  # noqa: E402
from planner.staffing import staff_branches  # noqa: E402

SAMPLE = ROOT / "sample_data" / "community.xlsx"


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median CPU and wall seconds of ``repeat`` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--solve", action="store_true", help="plan with the solver instead of greedy layouts")
    args = parser.parse_args(argv)
    roster = read_roster_paths([SAMPLE])
    settings = Settings(solver=SolverOptions(time_limit=10.0, workers=2))
    if args.solve:
        from planner.runner import plan_community

        plan = plan_community(roster, settings, lang="zh")
        layout, found = plan.layout, plan.violations
        source = "solved plan"
    else:
        parts = [greedy_layout(roster, settings, area) for area in roster.areas]
        raw = Layout(
            pd.concat([p.assignments for p in parts], ignore_index=True),
            pd.concat([p.branches for p in parts], ignore_index=True),
        )
        _, _, assignments = staff_branches(roster, raw, settings)
        layout = Layout(assignments, raw.branches)
        frames = [precheck_area(roster, settings, a) for a in roster.areas]
        frames.append(check_layout(roster, layout, settings))
        rows = [{str(k): v for k, v in r.items()} for r in pd.concat(frames).to_dict("records")]
        found = violations_frame(rows)
        source = "greedy layouts"
    print(f"sample community, {source}: {len(found)} broken rule instances")
    plain = timed(lambda: explain(found, roster, settings, "zh"), args.repeat)
    verified = timed(
        lambda: explain(found, roster, settings, "zh", layout=layout, complete=True), args.repeat
    )
    out = explain(found, roster, settings, "zh", layout=layout, complete=True)
    kinds = pd.Series([f.kind.value for fixes in out["fixes"] for f in fixes]).value_counts().to_dict()
    without = int((out["fixes"].map(len) == 0).sum())
    print(f"explain, messages only:  cpu {plain[0]:.2f} s  wall {plain[1]:.2f} s  (median of {args.repeat})")
    print(f"explain, fixes verified: cpu {verified[0]:.2f} s  wall {verified[1]:.2f} s")
    ratio = verified[0] / max(plain[0], 1e-9)
    print(f"verification cost: {ratio:.1f}x the messages' cpu, +{verified[0] - plain[0]:.2f} s")
    print(f"fixes offered by kind: {kinds}; violations without a fix: {without}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
