"""planner.solve: honest statuses, bounds and gaps from CBC and HiGHS."""

from __future__ import annotations

import itertools
import os
import random

import pytest
from pulp import LpBinary, LpContinuous, LpMaximize, LpMinimize, LpProblem, lpSum
from pulp import constants as pulp_constants

import planner.solve as solve_module
from planner.plan import SolveStatus
from planner.settings import SolverName, SolverOptions
from planner.solve import SolveResult, _on_lattice, cbc_path, relative_gap, solve_problem

SOLVERS = [SolverName.CBC, SolverName.HIGHS]
VALUES = [12, 7, 9, 4, 15, 6, 8, 3]
WEIGHTS = [5, 3, 4, 2, 7, 3, 4, 1]
CAPACITY = 15


def knapsack(sense: int = LpMaximize) -> tuple[LpProblem, list]:
    prob = LpProblem("knapsack", sense)
    x = [prob.add_variable(f"x{i}", 0, 1, LpBinary) for i in range(len(VALUES))]
    prob += (lpSum(w * v for w, v in zip(WEIGHTS, x, strict=True)) <= CAPACITY, "capacity")
    sign = 1 if sense == LpMaximize else -1
    prob.setObjective(lpSum(sign * c * v for c, v in zip(VALUES, x, strict=True)) + 0)
    return prob, x


def best_knapsack() -> int:
    return max(
        sum(c for c, take in zip(VALUES, pick, strict=True) if take)
        for pick in itertools.product((0, 1), repeat=len(VALUES))
        if sum(w for w, take in zip(WEIGHTS, pick, strict=True) if take) <= CAPACITY
    )


def market_split(rows: int = 4, cols: int = 40, seed: int = 3) -> LpProblem:
    """Close the rows' slack as far as possible: always feasible, very hard to prove optimal."""
    rnd = random.Random(seed)
    prob = LpProblem("market_split", LpMaximize)
    x = [prob.add_variable(f"x{j}", 0, 1, LpBinary) for j in range(cols)]
    slack = []
    for i in range(rows):
        a = [rnd.randint(0, 99) for _ in range(cols)]
        up = prob.add_variable(f"up{i}", 0, None, LpContinuous)
        down = prob.add_variable(f"down{i}", 0, None, LpContinuous)
        prob += (lpSum(a[j] * x[j] for j in range(cols)) + up - down == sum(a) // 2, f"row{i}")
        slack += [up, down]
    prob.setObjective(lpSum(-1 * v for v in slack))
    return prob


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_small_problem_is_solved_to_proven_optimality(solver: SolverName) -> None:
    prob, x = knapsack()
    result = solve_problem(prob, SolverOptions(solver=solver, time_limit=10))
    assert result.status is SolveStatus.OPTIMAL and result.has_solution
    assert result.objective == pytest.approx(best_knapsack())
    assert result.bound == pytest.approx(result.objective)
    assert result.gap == pytest.approx(0.0)
    assert result.solver == solver.value
    assert sum(w * round(v.value()) for w, v in zip(WEIGHTS, x, strict=True)) <= CAPACITY


@pytest.mark.parametrize("solver", SOLVERS)
def test_minimisation_is_solved_too(solver: SolverName) -> None:
    prob, _ = knapsack(LpMinimize)
    result = solve_problem(prob, SolverOptions(solver=solver, time_limit=10))
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(-best_knapsack())


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_run_stopped_by_the_clock_is_reported_as_such_not_as_optimal(solver: SolverName) -> None:
    prob = market_split()
    result = solve_problem(prob, SolverOptions(solver=solver, time_limit=1.0))
    # PuLP itself calls this "Optimal"; only sol_status tells it was stopped with a solution
    assert prob.status == pulp_constants.LpStatusOptimal
    assert prob.sol_status == pulp_constants.LpSolutionIntegerFeasible
    assert result.has_solution
    assert result.status is SolveStatus.TIME_LIMIT
    assert result.bound is not None and result.objective is not None
    assert result.bound > result.objective
    assert result.gap is not None and result.gap > 0.005
    assert result.seconds < 8


def test_cbc_warm_start_of_a_maximisation_still_finds_the_optimum() -> None:
    # CBC 2.10 declares a warm start of a "-max" problem optimal; the solver module avoids that
    prob, x = knapsack()
    for v in x:
        v.setInitialValue(0)
    result = solve_problem(prob, SolverOptions(time_limit=10), warm_start=True)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(best_knapsack())


def test_highs_survives_a_change_of_thread_count_in_one_process() -> None:
    # HiGHS 1.16 returns "Not Solved" with objective 0 when asked for another thread count
    # after a first solve in the same process, unless its scheduler is reset
    objectives = []
    for threads in (1, 2, 1):
        prob, _ = knapsack()
        result = solve_problem(prob, SolverOptions(solver=SolverName.HIGHS, threads=threads, time_limit=10))
        assert result.status is SolveStatus.OPTIMAL, result
        objectives.append(result.objective)
    assert objectives == [best_knapsack()] * 3


def test_a_missing_cbc_is_an_error_result_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solve_module, "cbc_path", lambda: None)
    prob, _ = knapsack()
    result = solve_problem(prob, SolverOptions(solver=SolverName.CBC))
    assert result.status is SolveStatus.ERROR and not result.has_solution
    assert result.message == "solve.error.no_cbc"


def test_the_bundled_cbc_is_found() -> None:
    path = cbc_path()
    assert path is not None and os.access(path, os.X_OK)


def test_relative_gap() -> None:
    assert relative_gap(100.0, 100.0) == 0.0
    assert relative_gap(100.0, 101.0) == pytest.approx(0.01)
    assert relative_gap(-200.0, -100.0) == pytest.approx(0.5)
    assert relative_gap(0.0, 0.5) == pytest.approx(0.5)  # never divided by less than 1
    assert relative_gap(10.0, None) is None
    assert relative_gap(None, 3.0) is None


def test_a_bound_less_than_one_step_above_proves_optimality() -> None:
    stopped = SolveResult(SolveStatus.TIME_LIMIT, True, 23.0, 23.333, relative_gap(23.0, 23.333), 1.0, "cbc")
    proven = _on_lattice(stopped, 1.0)
    assert proven.status is SolveStatus.OPTIMAL and proven.bound == 23.0 and proven.gap == 0.0
    wide = SolveResult(SolveStatus.TIME_LIMIT, True, 23.0, 25.5, relative_gap(23.0, 25.5), 1.0, "cbc")
    rounded = _on_lattice(wide, 1.0)
    assert rounded.status is SolveStatus.TIME_LIMIT and rounded.bound == 25.0
    assert _on_lattice(wide, None) == wide
