"""Plan a community: pre-checks, then per area the greedy baseline and the model, solved in worker
processes that are killed at the wall-clock limit, then staffing, rule check, explanations, KPIs.

Each area is independent. A worker computes the area's greedy layout first (and hands it over at
once, so a killed worker still leaves it), then encodes, builds, warm-starts from the greedy
layout, solves and decodes. The area keeps the model's layout unless it is missing or scores
below the greedy one on the same objective (planner.objective); then it keeps the greedy layout
with status ``greedy``. Results do not depend on which worker ran which area.

Workers are fresh interpreters fed through pipes (see the worker section below); each leads its
own process group, so killing one at the wall-clock limit also kills the CBC process it runs.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import pandas as pd

from planner.decode import decode_area
from planner.encode import (
    COMPREHENSIVE,
    AreaData,
    branches_worth_searching,
    encode_area,
    reference_map,
    selected_areas,
)
from planner.explain import explain, precheck_area
from planner.fixes import roster_for
from planner.greedy import greedy_layout
from planner.kpis import plan_kpis
from planner.model import branching_priorities, build_area_model, objective_granularity
from planner.objective import layout_objective
from planner.plan import (
    AREA_COLUMNS,
    ASSIGNMENT_COLUMNS,
    LAYOUT_BRANCH_COLUMNS,
    VIOLATION_COLUMNS,
    Layout,
    Plan,
    SolveStatus,
)
from planner.rules import check_layout, violations_frame
from planner.schema import Roster
from planner.settings import Settings, SolverName
from planner.solve import KILL_GRACE, SolveResult, relative_gap, solve_problem
from planner.staffing import staff_branches
from planner.warmstart import warm_start

#: Progress statuses besides the SolveStatus values.
RUNNING = "running"
CANCELLED = "cancelled"
#: the message of an area a cancel stopped before it finished
CANCELLED_MESSAGE = "plan.area.cancelled"


@dataclass(frozen=True)
class AreaProgress:
    """One area's news: ``status`` is "running" when it starts, then its SolveStatus value (or
    "cancelled"); ``done`` of ``total`` areas are finished."""

    area: str
    status: str
    seconds: float
    done: int
    total: int


@dataclass(frozen=True)
class AreaTask:
    """What a worker needs for one area: a roster of the area's members and teams (and any pair
    partner named in a constraint), the settings, the reference (member_id -> branch_id)."""

    area: str
    roster: Roster
    settings: Settings
    reference: tuple[tuple[str, str], ...] = ()
    lang: str = "zh"


@dataclass(frozen=True)
class AreaOutcome:
    """What came of one area (``layout`` is the model's, None when it gave none)."""

    area: str
    greedy: Layout | None
    greedy_objective: float | None
    layout: Layout | None = None
    objective: float | None = None
    result: SolveResult | None = None
    seconds: float = 0.0
    message: str = ""


# --- one area -----------------------------------------------------------------------------------


def area_roster(roster: Roster, settings: Settings, area: str) -> Roster:
    """The part of ``roster`` an area's worker needs: its members and teams, plus members of other
    areas named with one of them in a keep-together/apart pair (so those pairs count alike)."""
    members = roster.members
    in_area = members["area"] == area
    cons = settings.constraints
    partners: set[str] = set()
    if cons.members_together or cons.members_apart:
        ids = set(members.loc[in_area, "member_id"].tolist())
        for x, y in (*cons.members_together, *cons.members_apart):
            if x in ids:
                partners.add(y)
    mask = in_area | members["member_id"].isin(partners) if partners else in_area
    teams = roster.teams[roster.teams["area"] == area]
    return Roster(members=members[mask], teams=teams, fingerprint=roster.fingerprint)


def solve_area(task: AreaTask, send: Callable[[tuple[str, Any]], None] | None = None) -> AreaOutcome:
    """Greedy, then the model of one area. ``send`` receives ("greedy", (layout, objective)) as
    soon as the greedy layout exists (the worker forwards it to the parent)."""
    start = time.perf_counter()
    roster, settings, area = task.roster, task.settings, task.area
    reference = dict(task.reference)
    ref_frame = _reference_frame(reference)
    greedy = greedy_layout(roster, settings, area)
    greedy_objective = layout_objective(roster, greedy, settings, area, ref_frame)
    if send is not None:
        send(("greedy", (greedy, greedy_objective)))
    data = encode_area(roster, settings, area, reference)
    layout, objective, result = _solve_encoded(task, data, greedy, settings.solver.time_limit)
    # the first model holds the layouts with as many comprehensive branches as the cap needs; the
    # layouts with more branches are searched only when their upper bound can beat the best in
    # hand, so the result is optimal over every layout (planner.encode.branches_worth_searching)
    incumbent = max(greedy_objective, objective if objective is not None else -math.inf)
    worth = branches_worth_searching(data, incumbent, data.n_members)
    left = settings.solver.time_limit - (time.perf_counter() - start)
    if worth > len(data.slots_of(COMPREHENSIVE)) and left <= 0:
        result = _unproven(result)
    elif worth > len(data.slots_of(COMPREHENSIVE)):
        wider = encode_area(roster, settings, area, reference, max_branches=worth)
        layout2, objective2, result2 = _solve_encoded(task, wider, greedy, left)
        if objective2 is not None and (objective is None or objective2 > objective):
            layout, objective = layout2, objective2
        result = result2 if result2.has_solution else _unproven(result)
    return AreaOutcome(
        area=area,
        greedy=greedy,
        greedy_objective=greedy_objective,
        layout=layout,
        objective=objective,
        result=result,
        seconds=time.perf_counter() - start,
    )


def _solve_encoded(
    task: AreaTask, data: AreaData, greedy: Layout, time_limit: float
) -> tuple[Layout | None, float | None, SolveResult]:
    """Build and solve the model of ``data``: (layout, its objective, the solver's result)."""
    roster, settings = task.roster, task.settings
    reference = dict(task.reference)
    model = build_area_model(data)
    # a warm start helps HiGHS; CBC 2.10 searches longer from one (measured on the sample
    # community: 24 s against 9.5 s in all), and the greedy layout is kept anyway if better
    warmed = settings.solver.solver is SolverName.HIGHS and warm_start(model, greedy, roster)
    result = solve_problem(
        model.prob,
        settings.solver,
        priorities=branching_priorities(model),
        warm_start=warmed,
        time_limit=time_limit,
        granularity=objective_granularity(settings.weights),
    )
    if not result.has_solution:
        return None, None, result
    layout = decode_area(model, roster, settings, lang=task.lang, reference=reference)
    objective = layout_objective(roster, layout, settings, task.area, _reference_frame(reference))
    return layout, objective, result


def _unproven(result: SolveResult) -> SolveResult:
    """``result`` of a model that does not hold every layout worth searching: no bound."""
    status = SolveStatus.FEASIBLE if result.status is SolveStatus.OPTIMAL else result.status
    return replace(result, status=status, bound=None, gap=None)


def _reference_frame(reference: dict[str, str]) -> pd.DataFrame | None:
    if not reference:
        return None
    return pd.DataFrame({"member_id": list(reference), "branch_id": list(reference.values())})


# --- worker processes ---------------------------------------------------------------------------
#
# A worker is a fresh interpreter (``python -c "...worker_main()"``) that reads pickled tasks from
# its stdin and writes pickled messages to its stdout, each framed by an 8-byte length. A fresh
# interpreter (not multiprocessing) because the app calls the planner from threads and scripts may
# not guard their main module; it works the same on every platform. It leads its own process
# group/session, so killing it reaches the CBC process it runs too.

_FRAME = struct.Struct(">Q")
_WORKER_CODE = "from planner.runner import worker_main; worker_main()"


def _write_frame(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(data)) + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> object | None:
    """The next message, or None at the end of the stream."""
    head = _read_exactly(stream, _FRAME.size)
    if head is None:
        return None
    (size,) = _FRAME.unpack(head)
    data = _read_exactly(stream, size)
    return None if data is None else pickle.loads(data)


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def worker_main() -> None:
    """A worker's loop: solve each task read from stdin until the stream ends or says None."""
    channel = os.fdopen(os.dup(1), "wb")
    # solvers print banners on stdout: keep the message channel clean
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    source = sys.stdin.buffer
    while True:
        task = _read_frame(source)
        if not isinstance(task, AreaTask):
            return
        try:
            outcome = solve_area(task, send=lambda message: _write_frame(channel, message))
            _write_frame(channel, ("done", outcome))
        except Exception:  # a bug must not take the plan down: the parent falls back to greedy
            _write_frame(channel, ("error", traceback.format_exc(limit=8)))


def _worker_env() -> dict[str, str]:
    """The parent's environment, with the folder holding the ``planner`` package on the path."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


class _Worker:
    def __init__(self, number: int, inbox: queue.Queue[tuple[int, object | None]]) -> None:
        self.number = number
        options: dict[str, Any] = {}
        if os.name == "posix":
            options["start_new_session"] = True
        else:
            options["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_worker_env(),
            **options,
        )
        self.task: AreaTask | None = None
        self.started = 0.0
        self.deadline = math.inf
        self.greedy: tuple[Layout, float] | None = None
        self.reader = threading.Thread(target=self._read, args=(inbox,), daemon=True)
        self.reader.start()

    def _read(self, inbox: queue.Queue[tuple[int, object | None]]) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            try:
                message = _read_frame(stream)
            except Exception:  # a torn frame from a killed worker
                message = None
            inbox.put((self.number, message))
            if message is None:
                return

    def give(self, task: AreaTask, limit: float) -> bool:
        self.task, self.greedy = task, None
        self.started = time.perf_counter()
        self.deadline = self.started + limit
        try:
            assert self.process.stdin is not None
            _write_frame(self.process.stdin, task)
        except (OSError, ValueError):
            return False
        return True

    def free(self) -> None:
        self.task, self.greedy, self.deadline = None, None, math.inf

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        _kill_tree(self.process.pid)
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2.0)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()


def _kill_tree(pid: int) -> None:
    """Kill a worker and everything it started (its process group, and its children)."""
    try:
        import psutil

        children = psutil.Process(pid).children(recursive=True)
    except Exception:  # psutil missing, or the process is gone already
        children = []
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(Exception):
            child.kill()


# --- the community ------------------------------------------------------------------------------


def plan_community(
    roster: Roster,
    settings: Settings,
    *,
    reference: pd.DataFrame | None = None,
    progress: Callable[[AreaProgress], None] | None = None,
    lang: str = "zh",
    cancel: threading.Event | None = None,
) -> Plan:
    """The plan of every area in scope (``settings.areas``, else every area).

    ``reference``: a previous plan's assignments (member_id, branch_id): with a stability
    weight, the model keeps members where it had them as far as the rules allow (and in any case
    members of a class are handed out to their reference branch first). ``progress`` is called
    from this thread as areas start and finish. ``cancel``: when set, every worker is killed at
    once, unfinished areas are reported "cancelled", and :class:`PlanCancelled` is raised holding
    the areas solved so far (nothing else is computed: a cancel returns within a second or so).
    """
    roster = roster_for(roster, settings)  # designated candidates count as candidates
    areas = selected_areas(roster, settings)
    ref = reference_map(reference)
    # largest areas first, so the last to finish is a small one (results do not depend on order)
    sizes = roster.members["area"].value_counts()
    order = sorted(areas, key=lambda a: (-int(sizes.get(a, 0)), a))
    tasks: list[AreaTask] = []
    for area in order:  # a second or two on a big district: a cancel must not wait for it
        if _cancelled(cancel):
            break
        tasks.append(_task(roster, settings, area, ref, lang))
    checks: list[pd.DataFrame] = []

    def meanwhile() -> None:  # the pre-checks run while the workers start
        for area in areas:
            if _cancelled(cancel):
                return
            checks.append(precheck_area(roster, settings, area))

    outcomes = _run(tasks, settings, progress, cancel, meanwhile)
    if _cancelled(cancel):
        # nothing more is computed here: the areas solved so far are assembled only on demand
        solved = tuple(a for a in areas if a in outcomes and outcomes[a].message != CANCELLED_MESSAGE)
        raise PlanCancelled(PartialRun(roster, settings, lang, solved, outcomes, len(areas)))
    return assemble_plan(roster, settings, areas, outcomes, lang=lang, prechecks=checks)


def _cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


@dataclass(frozen=True, eq=False)
class PartialRun:
    """What a cancelled run had finished: ``solved`` areas (in plan order) of ``total`` asked for.
    :meth:`plan` assembles them (staffing, rule check, KPIs) only when someone wants them."""

    roster: Roster
    settings: Settings
    lang: str
    solved: tuple[str, ...]
    outcomes: dict[str, AreaOutcome]
    total: int

    def plan(self) -> Plan | None:
        """The plan of the solved areas alone (its ``settings.areas`` lists them); None if none."""
        if not self.solved:
            return None
        settings = replace(self.settings, areas=self.solved)
        return assemble_plan(self.roster, settings, list(self.solved), self.outcomes, lang=self.lang)


class PlanCancelled(Exception):
    """:func:`plan_community` was cancelled; ``partial`` holds the areas it had solved."""

    def __init__(self, partial: PartialRun) -> None:
        super().__init__(f"cancelled after {len(partial.solved)} of {partial.total} areas")
        self.partial = partial


def _task(roster: Roster, settings: Settings, area: str, ref: dict[str, str], lang: str) -> AreaTask:
    sub = area_roster(roster, settings, area)
    ids = sub.members.loc[sub.members["area"] == area, "member_id"].tolist()
    reference = tuple((m, ref[m]) for m in ids if m in ref)
    return AreaTask(area=area, roster=sub, settings=settings, reference=reference, lang=lang)


def _run(
    tasks: list[AreaTask],
    settings: Settings,
    progress: Callable[[AreaProgress], None] | None,
    cancel: threading.Event | None,
    meanwhile: Callable[[], None] | None = None,
) -> dict[str, AreaOutcome]:
    """Solve ``tasks`` in worker processes; ``meanwhile`` runs here once the workers have work."""
    outcomes: dict[str, AreaOutcome] = {}
    total = len(tasks)
    clock = time.perf_counter()

    def report(area: str, status: str, seconds: float) -> None:
        if progress is not None:
            progress(AreaProgress(area, status, round(seconds, 3), len(outcomes), total))

    if not tasks:
        return outcomes
    limit = float(settings.solver.time_limit) + KILL_GRACE
    pending = deque(tasks)
    inbox: queue.Queue[tuple[int, object | None]] = queue.Queue()
    workers: dict[int, _Worker] = {}
    numbers = itertools.count()
    count = max(1, min(settings.solver.workers, len(tasks)))

    def dispatch(worker: _Worker) -> None:
        while pending and not (cancel is not None and cancel.is_set()):
            task = pending.popleft()
            if worker.give(task, limit):
                report(task.area, RUNNING, time.perf_counter() - clock)
                return
            finish(AreaOutcome(task.area, None, None, message="plan.area.worker_died"))
            worker = replace_worker(worker)
        worker.free()

    def replace_worker(worker: _Worker) -> _Worker:
        worker.kill()
        del workers[worker.number]
        fresh = _Worker(next(numbers), inbox)
        workers[fresh.number] = fresh
        return fresh

    def finish(outcome: AreaOutcome) -> None:
        outcomes[outcome.area] = outcome
        report(outcome.area, _final_status(outcome).value, outcome.seconds)

    def fail(worker: _Worker, message: str, *, kill: bool) -> None:
        task, greedy = worker.task, worker.greedy
        assert task is not None
        finish(
            AreaOutcome(
                area=task.area,
                greedy=greedy[0] if greedy else None,
                greedy_objective=greedy[1] if greedy else None,
                seconds=time.perf_counter() - worker.started,
                message=message,
            )
        )
        if not kill:
            dispatch(worker)
        elif pending and not (cancel is not None and cancel.is_set()):
            dispatch(replace_worker(worker))
        else:
            worker.kill()
            worker.free()

    try:
        for _ in range(count):
            started = _Worker(next(numbers), inbox)
            workers[started.number] = started
        for worker in list(workers.values()):
            dispatch(worker)
        if meanwhile is not None:
            meanwhile()
        while any(w.task is not None for w in workers.values()):
            if cancel is not None and cancel.is_set():
                break
            now = time.perf_counter()
            soonest = min(w.deadline for w in workers.values() if w.task is not None)
            try:
                number, message = inbox.get(timeout=max(0.0, min(0.2, soonest - now)))
            except queue.Empty:
                number, message = -1, None
            sender = workers.get(number)
            if sender is not None and sender.task is not None:
                if not isinstance(message, tuple):
                    fail(sender, "plan.area.worker_died", kill=True)
                elif message[0] == "greedy":
                    sender.greedy = message[1]
                elif message[0] == "done":
                    finish(message[1])
                    dispatch(sender)
                else:
                    fail(sender, "plan.area.model_error", kill=False)
            now = time.perf_counter()
            for worker in list(workers.values()):
                if worker.task is not None and now > worker.deadline:
                    fail(worker, "plan.area.killed", kill=True)
    finally:
        stopping = cancel is not None and cancel.is_set()
        for worker in workers.values():
            if worker.task is not None or stopping:  # a cancel does not wait for idle ones either
                worker.kill()
            else:
                worker.stop()
    for task in tasks:  # cancelled before or while running
        if task.area not in outcomes:
            outcomes[task.area] = AreaOutcome(task.area, None, None, message=CANCELLED_MESSAGE)
            report(task.area, CANCELLED, 0.0)
    return outcomes


def _final_status(outcome: AreaOutcome) -> SolveStatus:
    if _uses_model(outcome):
        assert outcome.result is not None
        return outcome.result.status
    return SolveStatus.GREEDY


def _uses_model(outcome: AreaOutcome) -> bool:
    if outcome.layout is None or outcome.objective is None or outcome.result is None:
        return False
    if outcome.greedy_objective is None:
        return True
    return outcome.objective >= outcome.greedy_objective - 1e-6 * max(1.0, abs(outcome.greedy_objective))


# --- assembling the plan ------------------------------------------------------------------------


def assemble_plan(
    roster: Roster,
    settings: Settings,
    areas: list[str],
    outcomes: dict[str, AreaOutcome],
    *,
    lang: str = "zh",
    prechecks: list[pd.DataFrame] | None = None,
) -> Plan:
    """The Plan from per-area outcomes: chosen layouts, staffing, rules broken (with the pre-checks,
    made here unless given) explained in ``lang``, the per-area report and the KPIs."""
    rows: list[dict[str, Any]] = []
    layouts: list[Layout] = []
    for area in areas:
        outcome = outcomes[area]
        layout, row = _choose(roster, settings, area, outcome)
        if layout is not None:
            layouts.append(layout)
        rows.append(row)
    layout = _concat(layouts)
    branches, groups, assignments = staff_branches(roster, layout, settings)
    staffed = Layout(assignments, layout.branches)
    checks = prechecks if prechecks is not None else [precheck_area(roster, settings, area) for area in areas]
    found = check_layout(roster, staffed, settings, areas=areas)
    violations = _sorted_violations(pd.concat([*checks, found], ignore_index=True))
    violations = explain(violations, roster, settings, lang, layout=staffed, complete=True)
    per_area = violations["area"].value_counts()
    n_branches = branches.groupby("area").size() if len(branches) else pd.Series(dtype=int)
    for row in rows:
        row["violations"] = int(per_area.get(row["area"], 0))
        row["branches"] = int(n_branches.get(row["area"], 0))
        row["structure"] = "single" if row["branches"] == 1 else "general"
    area_frame = pd.DataFrame(rows, columns=list(AREA_COLUMNS))
    kpis = plan_kpis(roster, assignments, branches, groups, violations)
    return Plan(
        fingerprint=roster.fingerprint,
        settings=settings,
        assignments=assignments.reset_index(drop=True),
        branches=branches.reset_index(drop=True),
        groups=groups.reset_index(drop=True),
        areas=area_frame,
        violations=violations.reset_index(drop=True),
        kpis=kpis,
        lang=lang,
    )


def _choose(
    roster: Roster, settings: Settings, area: str, outcome: AreaOutcome
) -> tuple[Layout | None, dict[str, Any]]:
    result = outcome.result
    greedy, greedy_objective = outcome.greedy, outcome.greedy_objective
    message = outcome.message
    if greedy is None:
        # the worker died before handing the greedy layout over: make it here
        try:
            greedy = greedy_layout(roster, settings, area)
            greedy_objective = layout_objective(roster, greedy, settings, area)
        except Exception:
            greedy, greedy_objective = None, None
    bound = result.bound if result is not None else None
    objective: float | None
    if _uses_model(outcome):
        assert result is not None and outcome.objective is not None
        layout: Layout | None = outcome.layout
        status, objective = result.status, outcome.objective
    else:
        layout, objective = greedy, greedy_objective
        status = SolveStatus.GREEDY if greedy is not None else SolveStatus.ERROR
        if not message:
            if result is not None and not result.has_solution:
                message = result.message or "plan.area.no_model"
            elif outcome.layout is not None:
                message = "plan.area.model_worse"
            else:
                message = "plan.area.no_model"
    if status is SolveStatus.ERROR and not message:
        message = "plan.area.error"
    row = {
        "area": area,
        "structure": "",
        "status": status.value,
        "objective": float(objective) if objective is not None else math.nan,
        "bound": float(bound) if bound is not None else None,
        "gap": relative_gap(objective, bound),
        "seconds": round(result.seconds if result is not None else outcome.seconds, 3),
        "greedy_objective": float(greedy_objective) if greedy_objective is not None else math.nan,
        "solver": result.solver if result is not None else settings.solver.solver.value,
        "branches": 0,
        "violations": 0,
        "message": message,
    }
    return layout, row


def _concat(layouts: list[Layout]) -> Layout:
    if not layouts:
        empty_a = pd.DataFrame({c: pd.Series(dtype="str") for c in ASSIGNMENT_COLUMNS})
        empty_b = pd.DataFrame(
            {c: pd.Series(dtype="str" if c != "teams" else object) for c in LAYOUT_BRANCH_COLUMNS}
        )
        return Layout(empty_a, empty_b)
    assignments = pd.concat([lay.assignments for lay in layouts], ignore_index=True)
    branches = pd.concat([lay.branches for lay in layouts], ignore_index=True)
    return Layout(
        assignments.sort_values(["area", "member_id"], kind="stable").reset_index(drop=True),
        branches.sort_values(["area", "branch_id"], kind="stable").reset_index(drop=True),
    )


def _sorted_violations(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return violations_frame([])
    records = [
        {str(k): v for k, v in row.items()} for row in frame[list(VIOLATION_COLUMNS)].to_dict("records")
    ]
    return violations_frame(records)
