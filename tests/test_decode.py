"""planner.decode: class counts per slot become a member layout with the plan's branch ids."""

from __future__ import annotations

import re

import pandas as pd

from planner.decode import branch_ids, decode_area, layout_from_counts
from planner.encode import COMPREHENSIVE, TEAM, encode_area
from planner.model import branching_priorities, build_area_model
from planner.settings import Constraints, Settings, SolverOptions, TeamMode, TeamPin
from planner.solve import solve_problem
from tests.plan_fixtures import leader_short_roster, roster_from_csv, ruili_roster

ID_SCHEME = re.compile(r"^[^/]+/(team:[^#]+(#\d+)?|joint:[^#]+|comprehensive(#\d+)?|single)$")


def solved(roster: object, area: str, settings: Settings | None = None) -> tuple[object, object]:
    settings = settings or Settings()
    model = build_area_model(encode_area(roster, settings, area))  # type: ignore[arg-type]
    result = solve_problem(model.prob, SolverOptions(time_limit=20), priorities=branching_priorities(model))
    assert result.has_solution
    return model, settings


def test_every_member_is_placed_once_in_a_branch_of_the_scheme() -> None:
    roster = ruili_roster()
    model, settings = solved(roster, "瑞丽")
    layout = decode_area(model, roster, settings)  # type: ignore[arg-type]
    a, b = layout.assignments, layout.branches
    assert sorted(a["member_id"]) == sorted(roster.members["member_id"])
    assert a["member_id"].is_unique
    assert set(a["branch_id"]) == set(b["branch_id"])
    assert all(ID_SCHEME.match(bid) for bid in b["branch_id"])
    for bid, kind, teams in zip(b["branch_id"], b["kind"], b["teams"], strict=True):
        if kind == "joint":
            assert bid == "瑞丽/joint:" + "+".join(sorted(teams))
            assert len(teams) >= 2
        if kind == "team":
            assert bid.split("#")[0] == f"瑞丽/team:{teams[0]}"
    assert set(a["reason"]) <= {"first_choice", "other_team", "attached", "comprehensive", "pinned"}
    assert (a["group_id"] == "").all()


def test_comprehensive_branches_are_numbered_in_order() -> None:
    roster = leader_short_roster()
    model, settings = solved(roster, "鹤北一")
    layout = decode_area(model, roster, settings)  # type: ignore[arg-type]
    comps = sorted(bid for bid in layout.branches["branch_id"] if "comprehensive" in bid)
    assert comps[0] == "鹤北一/comprehensive"
    assert comps[1:] == [f"鹤北一/comprehensive#{i}" for i in range(2, len(comps) + 1)]
    assert layout.assignments.groupby("branch_id").size().max() <= 50


def test_an_area_left_with_one_comprehensive_branch_is_a_single_branch() -> None:
    members = "member_id,name,area,role\n" + "\n".join(
        f"{i},m{i},小区,{'secretary' if i == 1 else ''}" for i in range(1, 13)
    )
    roster = roster_from_csv(members, "")
    model, settings = solved(roster, "小区")
    layout = decode_area(model, roster, settings, lang="en")  # type: ignore[arg-type]
    assert layout.branches["branch_id"].tolist() == ["小区/single"]
    assert layout.branches["kind"].tolist() == ["single"]
    assert layout.branches["name"].tolist() == ["小区 Party branch"]
    assert set(layout.assignments["reason"]) == {"comprehensive"}


MEMBERS = """member_id,name,area,role,teams
1,甲,X,committee,T1
2,乙,X,committee,T1
3,丙,X,,T1
4,丁,X,,T1
5,戊,X,,
"""
TEAMS = "team_id,name,area,type,leader\nT1,歌咏队,X,culture,2\n"
# T1 is too small to stand alone: the pin gives it a team slot
OWN = Settings(constraints=Constraints(team_pins=(TeamPin("X", "T1", TeamMode.OWN),)))


def test_a_team_leader_goes_to_the_branch_of_their_team_and_references_are_kept() -> None:
    roster = roster_from_csv(MEMBERS, TEAMS)
    data = encode_area(roster, OWN, "X")
    leaders = next(c for c in data.classes if c.member_ids == ("1", "2"))
    others = next(c for c in data.classes if c.member_ids == ("3", "4"))
    loner = next(c for c in data.classes if c.member_ids == ("5",))
    team = next(s for s in data.slots if s.kind == TEAM)
    comp = next(s for s in data.slots if s.kind == COMPREHENSIVE)
    opened = {team.index: ("T1",), comp.index: ()}
    counts = {
        (leaders.index, team.index): 1,
        (leaders.index, comp.index): 1,
        (others.index, team.index): 1,
        (others.index, comp.index): 1,
        (loner.index, comp.index): 1,
    }
    layout = layout_from_counts(data, opened, counts, roster, OWN)
    where = dict(zip(layout.assignments["member_id"], layout.assignments["branch_id"], strict=True))
    assert where["2"] == "X/team:T1"  # the team's leader, although "1" comes first by id
    assert where["1"] == "X/comprehensive"
    # with a reference, member 4 is handed back the branch it had
    layout = layout_from_counts(data, opened, counts, roster, OWN, reference={"4": "X/team:T1"})
    where = dict(zip(layout.assignments["member_id"], layout.assignments["branch_id"], strict=True))
    assert where["4"] == "X/team:T1" and where["3"] == "X/comprehensive"
    reasons = dict(zip(layout.assignments["member_id"], layout.assignments["reason"], strict=True))
    assert reasons["4"] == "first_choice" and reasons["3"] == "comprehensive"


def test_branch_ids_skip_empty_slots() -> None:
    roster = roster_from_csv(MEMBERS, TEAMS)
    data = encode_area(roster, OWN, "X")
    team = next(s for s in data.slots if s.kind == TEAM)
    comp = next(s for s in data.slots if s.kind == COMPREHENSIVE)
    ids = branch_ids(data, {team.index: ("T1",), comp.index: ()}, {team.index: 5, comp.index: 0})
    assert ids == {team.index: "X/team:T1"}
    assert isinstance(pd.Series(list(ids.values())), pd.Series)
