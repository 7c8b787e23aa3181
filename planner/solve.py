"""Solve a built PuLP model with CBC or HiGHS and report the status honestly.

PuLP says "Optimal" for a run stopped by its time limit with a solution in hand; CBC's bound and
gap are only in its log; HiGHS, asked for another thread count after a first solve in the same
process, returns "Not Solved" with objective 0 and no exception. So:

* CBC runs as its own process (the binary bundled with PuLP, or ``cbc`` on the PATH) on an MPS
  file this module writes; status, bound and gap come from CBC's log, the values from its
  solution file (read with PuLP's reader). Branching priorities and a warm start are passed as
  files. The process is killed if it outlives its time limit.
* HiGHS runs in-process through highspy (PuLP's ``HiGHS`` class to build the model), with
  ``mip_allow_restart`` off and the thread scheduler reset before each solve; bound and gap come
  from its info; a status without a solution is an error, never a plan.

Statuses: ``optimal`` (proven within the gap setting), ``time_limit`` (stopped by the clock with
a solution), ``feasible`` (a solution, stopped for another reason), ``error`` (no usable
solution). The objective is maximised; ``gap = (bound - objective) / max(|objective|, 1)``.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pulp import COIN_CMD, PULP_CBC_CMD, HiGHS, LpProblem, LpVariable
from pulp import constants as pulp_constants

from planner.plan import SolveStatus
from planner.settings import SolverName, SolverOptions

#: Extra seconds a CBC process gets past its own time limit before it is killed.
KILL_GRACE = 5.0


@dataclass(frozen=True)
class SolveResult:
    """What a solve gave. ``status`` is never GREEDY here (the runner decides that)."""

    status: SolveStatus
    has_solution: bool
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    solver: str
    #: translation key explaining an error ("" when fine)
    message: str = ""
    #: the solver's own words, for logs
    detail: str = ""


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """(bound - objective) / max(|objective|, 1) for a maximisation, never below 0."""
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return max(0.0, (bound - objective) / max(abs(objective), 1.0))


def cbc_path() -> str | None:
    """The CBC binary: the one bundled with PuLP (read as a class attribute, so PuLP's deprecated
    PULP_CBC_CMD is never instantiated), else ``cbc`` on the PATH."""
    bundled = str(PULP_CBC_CMD.pulp_cbc_path)
    if os.path.isfile(bundled):
        if not os.access(bundled, os.X_OK):
            with contextlib.suppress(OSError):
                os.chmod(bundled, 0o755)
        if os.access(bundled, os.X_OK):
            return bundled
    return shutil.which("cbc")


def solve_problem(
    prob: LpProblem,
    options: SolverOptions,
    *,
    priorities: Mapping[LpVariable, int] | None = None,
    warm_start: bool = False,
    time_limit: float | None = None,
    granularity: float | None = None,
) -> SolveResult:
    """Solve ``prob`` (a maximisation) in place: variable values are set when there is a solution.

    ``priorities``: branching priorities (lower first) where the solver takes them (CBC).
    ``warm_start``: start from the variables' current values (CBC mipstart, HiGHS setSolution).
    ``time_limit``: seconds, default ``options.time_limit``.
    ``granularity``: every objective value is a multiple of it (planner.model.objective_granularity):
    the solver may stop once the bound is less than one step above the best solution, and the
    bound is rounded down to a multiple — an objective near zero makes relative gaps meaningless.
    """
    limit = float(options.time_limit if time_limit is None else time_limit)
    step = granularity if granularity is not None and granularity > 0 else None
    if options.solver is SolverName.HIGHS:
        result = _solve_highs(prob, options, limit, warm_start, step)
    else:
        result = _solve_cbc(prob, options, limit, priorities or {}, warm_start, step)
    return _on_lattice(result, step)


def _on_lattice(result: SolveResult, step: float | None) -> SolveResult:
    """Round the bound down to a multiple of ``step``; a bound then equal to the objective proves
    the solution optimal, whatever stopped the solver."""
    if step is None or result.bound is None or result.objective is None:
        return result
    bound = max(result.objective, step * math.floor(result.bound / step + 1e-9))
    status = result.status
    if bound <= result.objective + 1e-9 * max(1.0, abs(result.objective)):
        bound, status = result.objective, SolveStatus.OPTIMAL
    return replace(result, bound=bound, gap=relative_gap(result.objective, bound), status=status)


# --- CBC ----------------------------------------------------------------------------------------

_RESULT = re.compile(r"^Result - (.*)$", re.MULTILINE)
_OBJECTIVE = re.compile(r"^Objective value:\s+(\S+)", re.MULTILINE)
_BOUND = re.compile(r"^(?:Upper|Lower) bound:\s+(\S+)", re.MULTILINE)


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="planner-cbc-") as tmp:
        yield Path(tmp)


def _solve_cbc(
    prob: LpProblem,
    options: SolverOptions,
    limit: float,
    priorities: Mapping[LpVariable, int],
    warm_start: bool,
    step: float | None,
) -> SolveResult:
    start = time.perf_counter()
    path = cbc_path()
    if path is None:
        return _error("cbc", start, "solve.error.no_cbc", "CBC not found")
    with _workdir() as tmp:
        mps, sol = tmp / "model.mps", tmp / "model.sol"
        # CBC 2.10 mishandles a warm start of a maximisation (it declares the start optimal), so
        # it always gets the minimisation of the negated objective
        maximise = prob.sense == pulp_constants.LpMaximize
        objective_expr = prob.objective
        if maximise and objective_expr is not None:
            prob.objective = -objective_expr
            prob.sense = pulp_constants.LpMinimize
        try:
            variables, var_names, con_names, _ = prob.writeMPS(str(mps), rename=1)
        finally:
            prob.objective, prob.sense = objective_expr, pulp_constants.LpMaximize if maximise else prob.sense
        args = [path, str(mps), "-min"]
        if priorities:
            prio = tmp / "model.prio"
            with prio.open("w", encoding="ascii") as f:
                f.write("name,priority\n")
                for v, p in sorted(priorities.items(), key=lambda kv: var_names[kv[0].name]):
                    f.write(f"{var_names[v.name]},{int(p)}\n")
            args += ["-prio", str(prio)]
        if warm_start:
            start_file = tmp / "model.mst"
            _write_mipstart(start_file, variables, var_names)
            args += ["-mips", str(start_file)]
        args += [
            "-sec",
            f"{limit:g}",
            "-timeMode",
            "elapsed",
            "-ratio",
            f"{options.gap:g}",
            *(["-allow", f"{0.999 * step:g}"] if step else []),
            "-threads",
            str(max(1, options.threads)),
            "-solve",
            "-solution",
            str(sol),
        ]
        try:
            run = subprocess.run(
                args,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=limit + KILL_GRACE,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return _error("cbc", start, "solve.error.killed", "CBC outlived its time limit and was killed")
        except OSError as error:
            return _error("cbc", start, "solve.error.cbc_failed", str(error))
        log = run.stdout
        if run.returncode != 0 or not sol.exists():
            return _error("cbc", start, "solve.error.cbc_failed", (log + run.stderr)[-500:])
        reader = COIN_CMD(path=path, msg=False)
        status, values, _, _, _, sol_status = reader.readsol_MPS(
            str(sol), prob, variables, var_names, con_names
        )
    result = _RESULT.search(log)
    words = result.group(1).strip() if result else ""
    has_solution = sol_status in (pulp_constants.LpSolutionOptimal, pulp_constants.LpSolutionIntegerFeasible)
    if status == pulp_constants.LpStatusInfeasible or not has_solution:
        return _error("cbc", start, "solve.error.no_solution", words or "no solution")
    prob.assignVarsVals(values)
    prob.assignStatus(status, sol_status)
    objective = _objective(prob)
    bound_match = _BOUND.search(log)
    sign = -1.0 if maximise else 1.0
    logged_bound = sign * float(bound_match.group(1)) if bound_match else None
    if words.startswith("Optimal"):
        state = SolveStatus.OPTIMAL
        bound = logged_bound if logged_bound is not None else objective
    else:
        state = SolveStatus.TIME_LIMIT if "time" in words.lower() else SolveStatus.FEASIBLE
        bound = logged_bound
    if bound is not None and objective is not None:
        bound = max(bound, objective) if maximise else min(bound, objective)  # CBC rounds what it prints
    return SolveResult(
        status=state,
        has_solution=True,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        seconds=time.perf_counter() - start,
        solver="cbc",
        detail=words,
    )


def _write_mipstart(path: Path, variables: list[LpVariable], names: Mapping[str, str]) -> None:
    """A CBC solution file with the variables' current values (unset ones as 0)."""
    lines = ["Stopped on time - objective value 0\n"]
    for i, v in enumerate(variables):
        value = v.value()
        lines.append(f"{i:>7} {names[v.name]} {0 if value is None else value:>15} 0\n")
    path.write_text("".join(lines), encoding="ascii")


# --- HiGHS --------------------------------------------------------------------------------------


def _solve_highs(
    prob: LpProblem, options: SolverOptions, limit: float, warm_start: bool, step: float | None
) -> SolveResult:
    start = time.perf_counter()
    try:
        import highspy
    except ImportError:
        return _error("highs", start, "solve.error.no_highs", "highspy is not installed")
    solver = HiGHS(
        msg=False,
        timeLimit=limit,
        gapRel=options.gap,
        gapAbs=0.999 * step if step else None,
        threads=max(1, options.threads),
        mip_allow_restart=False,  # HiGHS 1.16 was seen ignoring its time limit while restarting
    )
    # Another thread count than the last solve's in this process makes HiGHS return "Not
    # Solved"; resetting the scheduler first avoids it.
    highspy.Highs.resetGlobalScheduler(True)
    try:
        with _quiet_stdout():
            solver.createAndConfigureSolver(prob)
        solver.buildSolverModel(prob)
        highs = prob.solverModel
        if warm_start:
            columns = sorted(prob.variables(), key=lambda v: v.index)
            values = [0.0 if v.value() is None else float(v.value()) for v in columns]
            solution = highspy.HighsSolution()
            solution.col_value = values
            solution.value_valid = True
            highs.setSolution(solution)
        solver.callSolver(prob)
        status, sol_status = solver.findSolutionValues(prob)
    except Exception as error:  # highspy raises plain RuntimeErrors
        return _error("highs", start, "solve.error.highs_failed", repr(error))
    model_status = highs.getModelStatus()
    words = str(highs.modelStatusToString(model_status))
    info = highs.getInfo()
    has_solution = (
        sol_status
        in (
            pulp_constants.LpSolutionOptimal,
            pulp_constants.LpSolutionIntegerFeasible,
        )
        and info.primal_solution_status == 2
    )  # kSolutionStatusFeasible
    if not has_solution:
        return _error("highs", start, "solve.error.no_solution", words)
    prob.assignStatus(status, sol_status)
    objective = _objective(prob)
    # HiGHS minimises the negated objective; its dual bound leaves out the objective's constant
    # (which is carried by a variable fixed at 1 in our models, so there is none)
    sign = -1.0 if prob.sense == pulp_constants.LpMaximize else 1.0
    dual = info.mip_dual_bound
    bound = sign * dual if math.isfinite(dual) else None
    if model_status == highspy.HighsModelStatus.kOptimal:
        state = SolveStatus.OPTIMAL
        if bound is None:
            bound = objective
    elif model_status == highspy.HighsModelStatus.kTimeLimit:
        state = SolveStatus.TIME_LIMIT
    else:
        state = SolveStatus.FEASIBLE
    if bound is not None and objective is not None:
        bound = max(bound, objective)
    return SolveResult(
        status=state,
        has_solution=True,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        seconds=time.perf_counter() - start,
        solver="highs",
        detail=words,
    )


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints a banner on stdout when created, before output can be switched off."""
    sys.stdout.flush()
    try:
        fd = os.dup(1)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            try:
                yield
            finally:
                os.dup2(fd, 1)
    finally:
        os.close(fd)


def _objective(prob: LpProblem) -> float | None:
    if prob.objective is None:
        return 0.0
    value = prob.objective.value()
    return None if value is None else float(value)


def _error(solver: str, start: float, key: str, detail: str) -> SolveResult:
    return SolveResult(
        status=SolveStatus.ERROR,
        has_solution=False,
        objective=None,
        bound=None,
        gap=None,
        seconds=time.perf_counter() - start,
        solver=solver,
        message=key,
        detail=detail,
    )
