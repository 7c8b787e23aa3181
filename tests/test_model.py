"""planner.model: named constraint families, valid aggregate bounds, warm starts, no deprecated API."""

from __future__ import annotations

import itertools
import warnings

import pytest

from planner.encode import encode_area, least_staffing_cost
from planner.model import (
    branching_priorities,
    build_area_model,
    objective_granularity,
)
from planner.rules import RULES, mobility_excess
from planner.settings import (
    Constraints,
    JointTypeRule,
    MemberPin,
    Rules,
    Settings,
    SolverOptions,
    TeamMode,
    TeamPin,
    Weights,
)
from planner.solve import solve_problem
from tests.plan_fixtures import leader_short_roster, ruili_roster

#: Constraint families that are structure, not rules.
STRUCTURE = {
    "link",
    "through",
    "joint_member",
    "first",
    "team_branch",
    "hosted_once",
    "symmetry",
    "total",
    "balance",
    "depth",
    "stability",
}


def ruili_settings(**rules: object) -> Settings:
    cons = Constraints(
        member_pins=(MemberPin("01001", "R2"), MemberPin("01050", None)),
        members_together=(("01002", "01003"),),
        members_apart=(("01004", "01005"),),
        team_pins=(TeamPin("瑞丽", "R1", TeamMode.OWN),),
        teams_together=(("瑞丽", "R2", "R3"),),
        teams_apart=(("瑞丽", "R4", "R5"),),
    )
    return Settings(rules=Rules(**rules), constraints=cons)  # type: ignore[arg-type]


def families(prob: object) -> set[str]:
    return {c.name.split("__", 1)[0] for c in prob.constraints()}  # type: ignore[attr-defined]


def test_every_constraint_is_named_after_a_rule_or_a_structural_family() -> None:
    data = encode_area(ruili_roster(), ruili_settings(joint_type_rule=JointTypeRule.SAME_TYPE), "瑞丽")
    model = build_area_model(data)
    names = families(model.prob)
    assert names <= set(RULES) | STRUCTURE, names - set(RULES) - STRUCTURE
    expected = {
        "size_cap",
        "member_placed",
        "min_full_members",
        "secretary_candidate",
        "committee_candidates",
        "joint_teams",
        "joint_types",
        "party_groups",
        "mobility_share",
        "member_pin",
        "members_together",
        "members_apart",
        "team_pin",
        "teams_together",
        "teams_apart",
    }
    assert expected <= names
    # every rule the model can break carries a penalty term in the objective
    assert {"min_full_members", "secretary_candidate", "member_pin", "team_pin"} <= set(model.penalties)


def test_pinned_members_attached_when_attaching_is_not_allowed_pay_the_through_team_penalty() -> None:
    data = encode_area(ruili_roster(), ruili_settings(allow_attached=False), "瑞丽")
    model = build_area_model(data)
    assert "through_team" in model.penalties
    plain = build_area_model(encode_area(ruili_roster(), ruili_settings(), "瑞丽"))
    assert "through_team" not in plain.penalties


def test_building_and_solving_use_no_deprecated_pulp_api() -> None:
    data = encode_area(ruili_roster(), ruili_settings(), "瑞丽")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = build_area_model(data)
        result = solve_problem(
            model.prob, SolverOptions(time_limit=20), priorities=branching_priorities(model)
        )
    assert result.has_solution
    assert not [w for w in caught if issubclass(w.category, DeprecationWarning)], [
        str(w.message) for w in caught
    ]


@pytest.mark.parametrize("branches", [1, 2, 3, 4])
@pytest.mark.parametrize("cands", [0, 1, 2, 4, 7])
def test_least_staffing_cost_is_the_true_minimum_over_every_sharing(branches: int, cands: int) -> None:
    w_sec, w_com, w_depth, need = 2000.0, 500.0, 3.0, 3
    for committees in range(branches + 1):
        best = min(
            sum(w_sec * (c == 0) - w_depth * (c >= 2) for c in counts)
            + sum(w_com * max(0, need - c) for c in counts[:committees])
            for counts in itertools.product(range(cands + 1), repeat=branches)
            if sum(counts) == cands
        )
        assert least_staffing_cost(branches, committees, cands, need, w_sec, w_com, w_depth) == best


def test_objective_granularity() -> None:
    assert objective_granularity(Weights()) == 1.0
    assert objective_granularity(Weights(first_choice=0.1, any_team=0.25)) == pytest.approx(0.05)
    assert objective_granularity(Weights(first_choice=3.14159265)) is None


def test_mobility_excess_counts_whole_members() -> None:
    assert mobility_excess(3, 10, 0.3) == 0
    assert mobility_excess(4, 10, 0.3) == 1
    assert mobility_excess(2, 3, 0.3) == 2  # 0.9 allowed: two members over, rounded up
    assert mobility_excess(0, 0, 0.3) == 0


def test_symmetry_breaking_orders_interchangeable_slots() -> None:
    data = encode_area(leader_short_roster(), Settings(), "鹤北一")
    model = build_area_model(data)
    names = {c.name for c in model.prob.constraints()}
    comps = [s for s in data.slots if s.kind == "comprehensive"]
    for _, b in itertools.pairwise(comps):
        assert f"symmetry__{b.label}" in names
        assert f"symmetry__size_{b.label}" in names
    result = solve_problem(model.prob, SolverOptions(time_limit=20), priorities=branching_priorities(model))
    opened = [round(model.open[s.index].value()) for s in comps]
    assert opened == sorted(opened, reverse=True)
    assert result.status.value == "optimal"
