"""Benchmark: planning the sample community and the 10x district, against the monolithic model.

Run from the repository root: ``.venv/bin/python bench/plan.py [--runs 3] [--workers 2]
[--solver cbc] [--mono-limit 300] [--skip-district] [--skip-mono] [--baseline-ref main] [--check]``.

Prints, for the sample community (sample_data/community.xlsx): the wall time of
``plan_community`` (median of ``--runs`` runs), the slowest area, peak memory (resident set of this
process and every process it started, summed, sampled every 20 ms), status and gap of every area,
the model's objective next to the greedy one, the re-plan of the 329-member area (鹤北一) against
the plan as reference, and the same model built and solved as one problem for all areas (the
monolithic reference) with the ratio of the two. Then the 10x district (generated into a
temporary folder). ``--baseline-ref REF`` also times the planner of git REF (exported into a
temporary folder, run in its own interpreter) on the sample and the re-plan, and prints the share of
areas whose optimum changed (both layouts scored by today's objective): what completeness costs.
``--check`` exits 1 when one of the issue's targets is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from pulp import LpMaximize, LpProblem, lpSum  # noqa: E402

from planner.encode import encode_area  # noqa: E402
from planner.model import branching_priorities, build_area_model, objective_granularity  # noqa: E402
from planner.objective import layout_objective  # noqa: E402
from planner.plan import Layout, Plan  # noqa: E402
from planner.reader import read_roster_paths  # noqa: E402
from planner.runner import plan_community  # noqa: E402
from planner.sample import write_sample  # noqa: E402
from planner.schema import Roster  # noqa: E402
from planner.settings import PRESETS, Settings, SolverName, SolverOptions  # noqa: E402
from planner.solve import solve_problem  # noqa: E402

SAMPLE = ROOT / "sample_data" / "community.xlsx"
BIG_AREA = "鹤北一"
#: The issue's targets.
PLAN_BUDGET = 15.0  # s, median, sample community, 2 workers
SPEEDUP = 5.0  # at least this many times faster than the monolithic model
REPLAN_BUDGET = 2.0  # s, the 329-member area
DISTRICT_BUDGET = 300.0  # s, the 10x district, 2 workers
MEMORY_BUDGET = 1024.0  # MB, peak
GAP_TARGET = 0.005


class PeakMemory:
    """Samples the summed resident memory of this process and all its descendants."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                procs = [me, *me.children(recursive=True)]
            except psutil.Error:
                procs = [me]
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def megabytes(self) -> float:
        return self.peak / 2**20


def timed_plan(roster: Roster, settings: Settings, **kwargs: Any) -> tuple[float, Plan]:
    start = time.perf_counter()
    plan = plan_community(roster, settings, **kwargs)
    return time.perf_counter() - start, plan


def monolithic(roster: Roster, settings: Settings, limit: float) -> tuple[float, Any]:
    """Every area's model in one problem, solved once (the reference the runner is measured by)."""
    start = time.perf_counter()
    prob = LpProblem("community", LpMaximize)
    priorities = {}
    objectives = []
    for i, area in enumerate(roster.areas):
        model = build_area_model(encode_area(roster, settings, area), prob, prefix=f"a{i}_")
        objectives.append(model.objective)
        priorities.update(branching_priorities(model))
    prob.setObjective(lpSum(objectives))
    result = solve_problem(
        prob,
        replace(settings.solver, time_limit=limit),
        priorities=priorities,
        granularity=objective_granularity(settings.weights),
    )
    return time.perf_counter() - start, result


_BASELINE_CODE = """
import pickle, statistics, sys, time
from dataclasses import replace
from pathlib import Path
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.settings import PRESETS, Settings, SolverName, SolverOptions
sample, out, runs, workers, solver, limit, big = sys.argv[1:8]
roster = read_roster_paths([Path(sample)])
options = SolverOptions(solver=SolverName(solver), workers=int(workers), time_limit=float(limit))
settings = Settings(solver=options)
times = []
for _ in range(int(runs)):
    start = time.perf_counter()
    plan = plan_community(roster, settings)
    times.append(time.perf_counter() - start)
weights = replace(settings.weights, stability=PRESETS["fewest_changes"].stability)
replan = replace(settings, areas=(big,), weights=weights)
reference = plan.assignments[["member_id", "branch_id"]]
replans = []
for _ in range(int(runs)):
    start = time.perf_counter()
    plan_community(roster, replan, reference=reference)
    replans.append(time.perf_counter() - start)
layout = {"assignments": plan.assignments[["member_id", "area", "branch_id", "group_id", "reason"]],
          "branches": plan.branches[["branch_id", "area", "kind", "name", "teams"]]}
with open(out, "wb") as f:
    pickle.dump({"times": times, "replans": replans, "layout": layout, "areas": plan.areas}, f)
"""


def baseline(ref: str, runs: int, settings: Settings) -> dict[str, Any] | None:
    """Plan the sample with the planner of git ``ref`` (exported to a temporary folder, run in a
    fresh interpreter so its modules do not mix with these): its plan times and its layout."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "planner"], capture_output=True)
        if archive.returncode != 0:
            print(f"baseline {ref}: git archive failed: {archive.stderr.decode(errors='replace').strip()}")
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        out = Path(tmp) / "baseline.pickle"
        solver = settings.solver
        argv = [
            str(SAMPLE),
            str(out),
            str(runs),
            str(solver.workers),
            solver.solver.value,
            str(solver.time_limit),
        ]
        done = subprocess.run(
            [sys.executable, "-c", _BASELINE_CODE, *argv, BIG_AREA],
            cwd=tmp,
            env={**os.environ, "PYTHONPATH": tmp},
        )
        if done.returncode != 0:
            print(f"baseline {ref}: its planner failed (exit {done.returncode})")
            return None
        with out.open("rb") as f:
            data: dict[str, Any] = pickle.load(f)
    return data


def completeness_report(roster: Roster, settings: Settings, plan: Plan, base: dict[str, Any]) -> list[str]:
    """Both layouts scored by today's objective, area by area: the share whose optimum changed."""
    old = Layout(base["layout"]["assignments"], base["layout"]["branches"])
    changed = better = 0
    for area in roster.areas:
        before = layout_objective(roster, old, settings, area)
        after = layout_objective(roster, plan.layout, settings, area)
        if abs(after - before) > 1e-6 * max(1.0, abs(before)):
            changed += 1
            better += after > before
    n = len(roster.areas)
    return [
        f"areas whose optimum changed: {changed} of {n} ({changed / n:.0%}); better now: {better}"
        " (both layouts scored by today's objective and checker)"
    ]


def area_report(plan: Plan) -> list[str]:
    lines = []
    header = (
        f"{'area':<8}{'status':<11}{'gap':>8}{'objective':>12}{'greedy':>12}{'seconds':>9}{'branches':>9}"
    )
    lines.append(header)
    for row in plan.areas.itertuples(index=False):
        gap = "" if row.gap is None or row.gap != row.gap else f"{row.gap:.2%}"
        lines.append(
            f"{row.area:<8}{row.status:<11}{gap:>8}{row.objective:>12.0f}{row.greedy_objective:>12.0f}"
            f"{row.seconds:>9.2f}{row.branches:>9}"
        )
    return lines


def summary(plan: Plan) -> dict[str, Any]:
    areas = plan.areas
    gaps = areas["gap"].astype(float).fillna(1.0)
    statuses = areas["status"].value_counts().to_dict()
    within = bool((areas["status"].eq("optimal") | gaps.le(GAP_TARGET)).all())
    # a "greedy" status means the model's own plan was missing or scored below the greedy one
    model_at_least_greedy = bool(
        (areas["status"] != "greedy").all() and (areas["objective"] >= areas["greedy_objective"] - 1e-6).all()
    )
    slowest = areas.loc[areas["seconds"].idxmax()]
    return {
        "statuses": statuses,
        "all_within_gap": within,
        "max_gap": float(gaps.max()),
        "model_at_least_greedy": model_at_least_greedy,
        "slowest_area": (str(slowest["area"]), float(slowest["seconds"])),
        "objective": float(areas["objective"].sum()),
        "greedy_objective": float(areas["greedy_objective"].sum()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--solver", choices=[s.value for s in SolverName], default=SolverOptions().solver.value
    )
    parser.add_argument("--time-limit", type=float, default=SolverOptions().time_limit)
    parser.add_argument("--mono-limit", type=float, default=300.0, help="time limit of the monolithic solve")
    parser.add_argument("--skip-mono", action="store_true")
    parser.add_argument("--skip-district", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--baseline-ref",
        default="",
        help="a git ref (e.g. main) whose planner is timed beside this one: the completeness cost",
    )
    args = parser.parse_args(argv)

    solver = SolverOptions(solver=SolverName(args.solver), workers=args.workers, time_limit=args.time_limit)
    settings = Settings(solver=solver)
    failures: list[str] = []
    roster = read_roster_paths([SAMPLE])
    people, places = len(roster.members), len(roster.areas)
    print(f"sample community: {people} members, {places} areas, {len(roster.teams)} teams")
    print(f"solver {args.solver}, {args.workers} workers, {psutil.cpu_count()} CPUs")

    times = []
    plan: Plan | None = None
    with PeakMemory() as memory:
        for run in range(args.runs):
            seconds, plan = timed_plan(roster, settings)
            times.append(seconds)
            print(f"  run {run + 1}: {seconds:.2f} s")
    assert plan is not None
    median = statistics.median(times)
    facts = summary(plan)
    print("\n".join(area_report(plan)))
    print(
        f"plan wall time: median {median:.2f} s of {args.runs} (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"slowest area: {facts['slowest_area'][0]} {facts['slowest_area'][1]:.2f} s")
    print(f"statuses: {facts['statuses']}; largest gap {facts['max_gap']:.3%}")
    print(
        f"objective: model {facts['objective']:.0f} vs greedy {facts['greedy_objective']:.0f};"
        f" model >= greedy in every area: {facts['model_at_least_greedy']}"
    )
    print(f"peak memory (this process and its children): {memory.megabytes:.0f} MB")
    if median > PLAN_BUDGET:
        failures.append(f"plan median {median:.1f} s > {PLAN_BUDGET} s")
    if not facts["all_within_gap"]:
        failures.append("an area is neither optimal nor within 0.5%")
    if not facts["model_at_least_greedy"]:
        failures.append("the model's objective is below the greedy one in some area")
    if memory.megabytes > MEMORY_BUDGET:
        failures.append(f"peak memory {memory.megabytes:.0f} MB")

    # re-plan the big area against the plan (stability weight as when re-planning after edits)
    replan_settings = replace(
        settings,
        areas=(BIG_AREA,),
        weights=replace(settings.weights, stability=PRESETS["fewest_changes"].stability),
    )
    reference = plan.assignments[["member_id", "branch_id"]]
    replans = [timed_plan(roster, replan_settings, reference=reference) for _ in range(args.runs)]
    replan_median = statistics.median(s for s, _ in replans)
    again = replans[-1][1]
    kept = again.assignments.merge(reference, on=["member_id", "branch_id"]).shape[0]
    row = again.areas.iloc[0]
    print(
        f"re-plan {BIG_AREA} ({len(again.assignments)} members): median {replan_median:.2f} s,"
        f" status {row['status']}, {kept} members kept in their branch"
    )
    if replan_median > REPLAN_BUDGET:
        failures.append(f"re-plan {replan_median:.2f} s > {REPLAN_BUDGET} s")

    if args.baseline_ref:
        base = baseline(args.baseline_ref, args.runs, settings)
        if base is not None:
            before = statistics.median(base["times"])
            replan_before = statistics.median(base["replans"])
            print(
                f"completeness cost (against {args.baseline_ref}): sample plan median {before:.2f} s"
                f" before, {median:.2f} s now ({median / before:.2f}x); re-plan {BIG_AREA}"
                f" {replan_before:.2f} s before, {replan_median:.2f} s now"
                f" ({replan_median / replan_before:.2f}x)"
            )
            print("\n".join(completeness_report(roster, settings, plan, base)))

    if not args.skip_mono:
        mono_seconds, result = monolithic(roster, settings, args.mono_limit)
        ratio = mono_seconds / median
        stopped = result.status.value != "optimal"
        gap = "n/a" if result.gap is None else f"{result.gap:.3%}"
        print(
            f"monolithic reference (all areas in one model): {mono_seconds:.1f} s,"
            f" status {result.status.value}, gap {gap}, objective {result.objective}"
        )
        print(f"speed-up of the per-area runner: {'>= ' if stopped else ''}{ratio:.1f}x")
        if ratio < SPEEDUP:
            failures.append(f"speed-up {ratio:.1f}x < {SPEEDUP}x")

    if not args.skip_district:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_sample(Path(tmp), scale=10)[0]
            district = read_roster_paths([path])
        print(f"10x district: {len(district.members)} members, {len(district.areas)} areas")
        with PeakMemory() as memory:
            seconds, big = timed_plan(district, settings)
        facts = summary(big)
        slowest, slowest_seconds = facts["slowest_area"]
        print(f"10x district plan: {seconds:.1f} s; slowest area {slowest} {slowest_seconds:.2f} s")
        print(f"  statuses {facts['statuses']}; largest gap {facts['max_gap']:.3%}")
        print(f"  model >= greedy everywhere: {facts['model_at_least_greedy']}")
        print(f"  peak memory {memory.megabytes:.0f} MB")
        if seconds > DISTRICT_BUDGET:
            failures.append(f"10x district {seconds:.0f} s > {DISTRICT_BUDGET} s")
        if memory.megabytes > MEMORY_BUDGET:
            failures.append(f"10x district peak memory {memory.megabytes:.0f} MB")

    print("targets: " + ("all met" if not failures else "MISSED: " + "; ".join(failures)))
    return 1 if (args.check and failures) else 0


if __name__ == "__main__":
    sys.exit(main())
