"""planner.objective: the model's objective on any layout, by hand and against the solver."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from planner.decode import decode_area
from planner.encode import RULE_WEIGHTS, encode_area, penalty_unit
from planner.model import branching_priorities, build_area_model, objective_granularity
from planner.objective import layout_objective, objective_terms
from planner.plan import Layout
from planner.settings import (
    Constraints,
    MemberPin,
    MobilityPlacement,
    Rules,
    Settings,
    SolverOptions,
    TeamMode,
    TeamPin,
    Weights,
)
from planner.solve import solve_problem
from tests.plan_fixtures import make_layout, qi3_roster, roster_from_csv, ruili_roster

MEMBERS = """member_id,name,area,role,mobility,teams
1,甲,X,committee,normal,T1
2,乙,X,committee,normal,T1
3,丙,X,,normal,T1
4,丁,X,,normal,T1
5,戊,X,,bedridden,
6,己,Y,secretary,normal,
"""
TEAMS = "team_id,name,area,type\nT1,歌咏队,X,culture\nT2,太极队,X,sports\n"
TEAM_BRANCH = ("X/team:T1", "team", ("T1",))
COMP = ("X/comprehensive", "comprehensive", ())


def roster():
    return roster_from_csv(MEMBERS, TEAMS)


def test_a_small_layout_scored_by_hand() -> None:
    r = roster()
    layout = make_layout(
        r,
        {"1": "X/team:T1", "2": "X/team:T1", "3": "X/team:T1", "4": "X/team:T1", "5": "X/comprehensive"},
        [TEAM_BRANCH, COMP],
    )
    settings = Settings()
    terms = objective_terms(r, layout, settings, "X")
    assert (
        terms.first_choice,
        terms.any_team,
        terms.mobility,
        terms.spread,
        terms.branches,
        terms.depth,
    ) == (4, 4, 1, 3, 2, 1)
    # the comprehensive branch: 1 full member of 3 (2 missing), no secretary candidate, and its
    # one (bedridden) member is above the 30% share
    assert terms.penalties == {"min_full_members": 2, "secretary_candidate": 1, "mobility_share": 1}
    unit = penalty_unit(settings.weights)
    assert unit == 50 * 30
    expected = 10 * 4 + 6 * 4 + 4 * 1 - 1 * 3 - 5 * 2 + 3 * 1 - unit * (2 * 1.0 + 1 * 2.0 + 1 * 1.0)
    assert layout_objective(r, layout, settings, "X") == pytest.approx(expected)


def test_missing_duplicate_and_misplaced_members_are_penalised() -> None:
    r = roster()
    layout = make_layout(
        r, {"1": "X/team:T1", "2": "X/team:T1", "3": "X/team:T1", "6": "X/team:T1"}, [TEAM_BRANCH]
    )
    terms = objective_terms(r, layout, Settings(), "X")
    # 4 and 5 are missing; 6 of area Y in X's branch is counted in Y, as the rule checker does
    assert terms.penalties["member_placed"] == 2
    assert objective_terms(r, layout, Settings(), "Y").penalties["member_placed"] == 1
    twice = make_layout(r, {m: "X/team:T1" for m in "12345"}, [TEAM_BRANCH, COMP])
    extra = twice.assignments.iloc[[0]].assign(branch_id="X/comprehensive")
    doubled = Layout(pd.concat([twice.assignments, extra], ignore_index=True), twice.branches)
    assert objective_terms(r, doubled, Settings(), "X").penalties["member_placed"] == 1


def test_attached_members_cost_their_weight_and_break_the_rule_when_not_allowed() -> None:
    r = roster()
    layout = make_layout(r, {m: "X/team:T1" for m in "12345"}, [TEAM_BRANCH])
    terms = objective_terms(r, layout, Settings(), "X")
    assert terms.attached == 1 and "through_team" not in terms.penalties
    strict = Settings(rules=Rules(allow_attached=False))
    assert objective_terms(r, layout, strict, "X").penalties["through_team"] == 1
    # the attached weight is the only goal that tells these two apart
    heavy = Settings(weights=Weights(attached=2.0))
    assert terms.value(heavy) - objective_terms(r, layout, heavy, "X").value(heavy) == 0
    comp = make_layout(r, {**{m: "X/team:T1" for m in "1234"}, "5": "X/comprehensive"}, [TEAM_BRANCH, COMP])
    assert objective_terms(r, comp, heavy, "X").attached == 0


def test_mobility_placement_settings() -> None:
    r = roster()
    placed_in_comp = make_layout(
        r,
        {"1": "X/team:T1", "2": "X/team:T1", "3": "X/team:T1", "4": "X/team:T1", "5": "X/comprehensive"},
        [TEAM_BRANCH, COMP],
    )
    attached = make_layout(r, {m: "X/team:T1" for m in "12345"}, [TEAM_BRANCH])
    for placement, in_comp, in_team in (
        (MobilityPlacement.WITH_TEAM, 1, 1),  # no team of their own: anywhere is as asked
        (MobilityPlacement.SPREAD, 1, 1),
        (MobilityPlacement.COMPREHENSIVE, 1, 0),
    ):
        settings = Settings(rules=Rules(mobility_placement=placement))
        assert objective_terms(r, placed_in_comp, settings, "X").mobility == in_comp
        assert objective_terms(r, attached, settings, "X").mobility == in_team


def test_user_constraints_are_scored_as_the_checker_sees_them() -> None:
    r = roster()
    layout = make_layout(
        r,
        {
            "1": "X/team:T1",
            "2": "X/team:T1",
            "3": "X/team:T1",
            "4": "X/comprehensive",
            "5": "X/comprehensive",
        },
        [TEAM_BRANCH, COMP],
    )
    cons = Constraints(
        member_pins=(MemberPin("1", None), MemberPin("4", None)),  # 1 broken, 4 honoured
        members_together=(("1", "2"), ("3", "4")),  # second broken
        members_apart=(("4", "5"),),  # broken
        team_pins=(TeamPin("X", "T1", TeamMode.JOINT), TeamPin("X", "T2", TeamMode.NONE)),  # first broken
        teams_together=(("X", "T1", "T2"),),  # broken
        teams_apart=(("X", "T1", "T2"),),  # kept
    )
    terms = objective_terms(r, layout, Settings(constraints=cons), "X")
    assert terms.penalties == {
        "min_full_members": 1,
        "secretary_candidate": 1,
        "mobility_share": 1,
        "member_pin": 1,
        "members_together": 1,
        "members_apart": 1,
        "team_pin": 1,
        "teams_together": 1,
    }
    single = make_layout(r, {m: "X/single" for m in "12345"}, [("X/single", "single", ())])
    assert "member_pin" not in objective_terms(r, single, Settings(constraints=cons), "X").penalties


def test_stability_counts_members_kept_in_their_reference_branch() -> None:
    r = roster()
    layout = make_layout(r, {m: "X/single" for m in "12345"}, [("X/single", "single", ())])
    reference = {"1": "X/single", "2": "X/single", "3": "X/team:T1"}
    settings = Settings(weights=Weights(stability=20))
    assert objective_terms(r, layout, settings, "X", reference).kept == 2


@pytest.mark.parametrize("stability", [0.0, 20.0])
def test_the_model_objective_equals_the_layout_objective_of_its_solution(stability: float) -> None:
    roster_ = ruili_roster()
    cons = Constraints(
        member_pins=(MemberPin("01001", "R2"), MemberPin("01050", None)),
        members_together=(("01002", "01060"),),
        members_apart=(("01004", "01005"),),
        teams_apart=(("瑞丽", "R4", "R5"),),
    )
    settings = Settings(
        rules=Rules(mobility_placement=MobilityPlacement.SPREAD, max_mobility_share=0.1),
        weights=replace(Weights(), stability=stability),
        constraints=cons,
    )
    ids = roster_.members["member_id"].tolist()
    reference = {m: ("瑞丽/team:R1" if i < 30 else "瑞丽/comprehensive") for i, m in enumerate(ids)}
    model = build_area_model(encode_area(roster_, settings, "瑞丽", reference))
    result = solve_problem(
        model.prob,
        SolverOptions(time_limit=30, gap=0.0),
        priorities=branching_priorities(model),
        granularity=objective_granularity(settings.weights),
    )
    assert result.status.value == "optimal"
    layout = decode_area(model, roster_, settings, reference=reference)
    assert objective_terms(roster_, layout, settings, "瑞丽", reference).value(settings) == pytest.approx(
        result.objective
    )
    assert model.objective.value() == pytest.approx(result.objective)


def test_rule_weights_cover_every_rule() -> None:
    from planner.rules import RULES

    assert set(RULE_WEIGHTS) == set(RULES)


def test_qi3_like_area_scores_higher_with_its_four_team_branches_than_one_branch() -> None:
    r = qi3_roster()
    ids = r.members["member_id"].tolist()
    teams = dict(zip(ids, r.members["teams"], strict=True))
    four = make_layout(
        r,
        {m: f"汽三/team:{teams[m][0]}" if teams[m] else "汽三/team:Q4" for m in ids},
        [(f"汽三/team:Q{i}", "team", (f"Q{i}",)) for i in range(1, 5)],
    )
    one = make_layout(r, {m: "汽三/single" for m in ids}, [("汽三/single", "single", ())])
    assert layout_objective(r, four, Settings(), "汽三") > layout_objective(r, one, Settings(), "汽三")
