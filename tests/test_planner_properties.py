"""Properties of the model on random small rosters: every member placed once, hard rules kept, the
rule checker reporting exactly the rules the model paid for, pins honoured or reported, the model's
objective equal to the layout objective and never below the greedy one, determinism."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.decode import decode_area
from planner.encode import encode_area
from planner.greedy import greedy_layout
from planner.model import (
    AreaModel,
    branching_priorities,
    build_area_model,
    objective_granularity,
    violation_units,
)
from planner.objective import layout_objective, objective_terms
from planner.plan import Layout
from planner.rules import check_layout, penalty_units, type_class
from planner.runner import AreaTask, solve_area
from planner.schema import Roster
from planner.settings import (
    Constraints,
    JointTypeRule,
    MemberPin,
    MobilityPlacement,
    Rules,
    Settings,
    SolverOptions,
    TeamMode,
    TeamPin,
)
from planner.solve import solve_problem
from tests.plan_fixtures import roster_from_csv

AREA = "P"
TYPES = ("learning", "culture", "sports", "service")
ROLES = ("none", "none", "none", "none", "secretary", "committee", "group_leader", "team_leader")


@st.composite
def cases(draw: st.DrawFn) -> tuple[Roster, Settings]:
    n_teams = draw(st.integers(0, 4))
    teams = [f"T{i}" for i in range(n_teams)]
    n = draw(st.integers(3, 36))
    rows = []
    for i in range(n):
        listed = draw(st.lists(st.sampled_from(teams), max_size=2, unique=True)) if teams else []
        status = draw(st.sampled_from(("full", "full", "full", "probationary")))
        role = draw(st.sampled_from(ROLES))
        mobility = draw(st.sampled_from(("normal", "normal", "normal", "limited", "bedridden")))
        rows.append(f"{i:03d},m{i},{AREA},{status},{mobility},no,{role},{';'.join(listed)}")
    team_rows = [f"{t},队{t},{AREA},{draw(st.sampled_from(TYPES))},," for t in teams]
    roster = roster_from_csv(
        "member_id,name,area,status,mobility,hardship,role,teams\n" + "\n".join(rows),
        "team_id,name,area,type,participants,leader\n" + "\n".join(team_rows),
    )
    rules = Rules(
        max_branch_size=draw(st.sampled_from((8, 12, 20, 50))),
        min_full_members=draw(st.integers(1, 3)),
        committee_threshold=draw(st.sampled_from((4, 7))),
        joint_type_rule=draw(st.sampled_from(list(JointTypeRule))),
        allow_team_split=draw(st.booleans()),
        allow_attached=draw(st.booleans()),
        mobility_placement=draw(st.sampled_from(list(MobilityPlacement))),
        group_threshold=draw(st.sampled_from((6, 20))),
    )
    ids = [f"{i:03d}" for i in range(n)]
    pins = tuple(
        MemberPin(m, draw(st.sampled_from([None, *teams])))
        for m in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    )
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=2))
    together = tuple(p for k, p in enumerate(pairs) if k % 2 == 0)
    apart = tuple(p for k, p in enumerate(pairs) if k % 2 == 1)
    team_pins: tuple[TeamPin, ...] = ()
    team_pairs: tuple[tuple[str, str, str], ...] = ()
    if teams:
        chosen = draw(st.lists(st.sampled_from(teams), max_size=1))
        team_pins = tuple(TeamPin(AREA, t, draw(st.sampled_from(list(TeamMode)))) for t in chosen)
        pair = draw(st.lists(st.tuples(st.sampled_from(teams), st.sampled_from(teams)), max_size=1))
        team_pairs = tuple((AREA, a, b) for a, b in pair)
    cons = Constraints(
        member_pins=pins,
        members_together=together,
        members_apart=apart,
        team_pins=team_pins,
        teams_together=team_pairs if draw(st.booleans()) else (),
        teams_apart=() if not team_pairs else team_pairs if draw(st.booleans()) else (),
    )
    return roster, Settings(rules=rules, constraints=cons)


def solve(roster: Roster, settings_: Settings) -> tuple[Layout, Any]:
    layout, result, _ = solve_model(roster, settings_)
    return layout, result


def solve_model(roster: Roster, settings_: Settings) -> tuple[Layout, Any, AreaModel]:
    model = build_area_model(encode_area(roster, settings_, AREA))
    result = solve_problem(
        model.prob,
        SolverOptions(time_limit=20, gap=0.0),
        priorities=branching_priorities(model),
        granularity=objective_granularity(settings_.weights),
    )
    assert result.has_solution, result
    return decode_area(model, roster, settings_), result, model


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@SETTINGS
@given(cases())
def test_the_model_keeps_hard_rules_and_the_checker_agrees_with_it(case: tuple[Roster, Settings]) -> None:
    roster, settings_ = case
    layout, result, model = solve_model(roster, settings_)
    rules = settings_.rules
    a, b = layout.assignments, layout.branches
    # every member placed exactly once, in a branch of their area
    assert sorted(a["member_id"]) == sorted(roster.members["member_id"])
    assert set(a["branch_id"]) == set(b["branch_id"])
    # rules the model always keeps: the size cap, joint branches of 2..5 compatible teams
    assert a.groupby("branch_id").size().max() <= rules.max_branch_size
    types = dict(zip(roster.teams["team_id"], roster.teams["type"], strict=True))
    for kind, teams in zip(b["kind"], b["teams"], strict=True):
        if kind == "joint":
            assert rules.joint_min_teams <= len(teams) <= rules.joint_max_teams
            assert len({type_class(types[t], rules.joint_type_rule) for t in teams}) == 1
    # the rule checker reports exactly the rules the model paid a penalty for (groups are formed
    # later by staffing, so party_groups is left out here)
    found = check_layout(roster, layout, settings_, check_groups=False)
    reported = set(found["rule"]) - {"party_groups"}
    paid = {
        rule
        for rule, units in objective_terms(roster, layout, settings_, AREA).penalties.items()
        if units > 0
    }
    assert reported == paid - {"party_groups"}
    # rule by rule, the checker's penalty units are the model's violation values (issue 7)
    if result.status.value == "optimal":
        checker = penalty_units(roster, layout, settings_, AREA)
        charged = violation_units(model)
        assert set(checker) == set(charged), (checker, charged)
        for rule, units in checker.items():
            assert charged[rule] == pytest.approx(units, abs=1e-6), rule
    # pins are honoured or reported: the checker sees every broken one
    assert ("member_pin" in reported) == ("member_pin" in paid)
    # the solver's objective is the layout's; a proven optimum is never below the greedy layout's
    # (a rare random case needs more than the time limit to close the gap at 0: the runner then
    # keeps whichever of the model's and the greedy layout is better, tested in test_runner)
    assert result.status.value in ("optimal", "time_limit")
    objective = layout_objective(roster, layout, settings_, AREA)
    assert abs(objective - result.objective) <= 1e-6 * max(1.0, abs(objective))
    # the first model holds only the layouts with as many comprehensive branches as the cap needs;
    # the runner searches the wider ones whose bound can beat the best in hand (issue 7), so its
    # proven optimum is never below the greedy layout's
    exact = replace(settings_, solver=SolverOptions(time_limit=20, gap=0.0))
    outcome = solve_area(AreaTask(area=AREA, roster=roster, settings=exact, lang="en"))
    assert outcome.result is not None and outcome.objective is not None
    if outcome.result.status.value == "optimal":
        greedy = greedy_layout(roster, settings_, AREA)
        assert outcome.objective >= layout_objective(roster, greedy, settings_, AREA) - 1e-6


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_same_roster_and_settings_give_the_same_layout(case: tuple[Roster, Settings]) -> None:
    roster, settings_ = case
    first, _ = solve(roster, settings_)
    second, _ = solve(roster, settings_)
    assert first.assignments.equals(second.assignments)
    assert first.branches["branch_id"].tolist() == second.branches["branch_id"].tolist()
