"""Staffing: counts, secretary and committee candidates, party groups."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.greedy import greedy_layout
from planner.plan import Layout
from planner.rules import check_layout
from planner.settings import Rules, Settings
from planner.staffing import GROUP_COLUMNS, form_groups, staff_branches
from tests.plan_fixtures import make_layout, qi3_roster, roster_from_csv

MEMBERS = """
member_id,name,area,status,mobility,hardship,role,teams
01,甲,A,full,normal,no,team_leader,T2
02,乙,A,full,normal,no,team_leader,T1
03,丙,A,full,limited,no,group_leader,T1
04,丁,A,full,normal,no,committee,T1
05,戊,A,probationary,normal,no,secretary,T1
06,己,A,full,normal,no,,T1
07,庚,A,full,bedridden,no,,T1
08,辛,A,full,normal,no,,T1
09,壬,A,full,normal,no,group_leader,T1
10,癸,A,full,normal,no,,
"""
TEAMS = """
team_id,name,area,type,participants,leader
T1,歌咏队,A,culture,30,02
T2,太极队,A,sports,20,01
"""
ROSTER = roster_from_csv(MEMBERS, TEAMS)


def _layout() -> Layout:
    placement = {f"{i:02d}": "A/team:T1" for i in range(1, 11)}
    return make_layout(ROSTER, placement, [("A/team:T1", "team", ("T1",))])


def test_counts_secretary_and_committee() -> None:
    branches, groups, assignments = staff_branches(ROSTER, _layout(), Settings())
    row = branches.iloc[0]
    assert (row["size"], row["full_members"], row["candidates"]) == (10, 9, 5)
    assert (row["attached"], row["mobility"]) == (2, 2)  # 01 (T2 only) and 10 (no team)
    # 05 is secretary by role but probationary: not a candidate. 04 (committee) ranks first;
    # then the group leaders 03, 09; then team leaders, the branch's own team leader 02 before 01.
    assert row["secretary"] == "04"
    assert row["committee"] == ("04", "03", "09", "02", "01")
    assert groups.empty and list(groups.columns) == list(GROUP_COLUMNS)
    assert (assignments["group_id"] == "").all()


def test_committee_only_where_one_is_elected_and_capped() -> None:
    small = Settings(rules=Rules(committee_threshold=10))
    branches, _, _ = staff_branches(ROSTER, _layout(), small)
    assert branches.iloc[0]["secretary"] == "04"
    assert branches.iloc[0]["committee"] == ()
    three = Settings(rules=Rules(committee_max_members=3))
    branches, _, _ = staff_branches(ROSTER, _layout(), three)
    assert branches.iloc[0]["committee"] == ("04", "03", "09")


def test_own_team_leader_first_among_equals() -> None:
    # Only team leaders left: 01 leads T2, 02 leads T1 (the branch's team).
    members = ROSTER.members.copy()
    members["role"] = members["role"].where(members["role"] == "team_leader", "none")
    roster = replace(ROSTER, members=members)
    branches, _, _ = staff_branches(roster, _layout(), Settings())
    assert branches.iloc[0]["secretary"] == "02"


def test_branch_without_candidates() -> None:
    placement = {"10": "A/comprehensive", **{f"{i:02d}": "A/team:T1" for i in range(1, 10)}}
    layout = make_layout(
        ROSTER, placement, [("A/team:T1", "team", ("T1",)), ("A/comprehensive", "comprehensive", ())]
    )
    branches, _, _ = staff_branches(ROSTER, layout, Settings())
    comp = branches.set_index("branch_id").loc["A/comprehensive"]
    assert comp["secretary"] == ""
    assert comp["committee"] == ()
    assert comp["candidates"] == 0


def test_groups_in_large_branches() -> None:
    rules = Rules(group_threshold=6, group_min_size=3, group_max_size=4)
    _, groups, assignments = staff_branches(ROSTER, _layout(), Settings(rules=rules))
    # 10 members, groups of at most 4 -> 3 groups (sizes 4, 3, 3).
    assert sorted(groups["size"].tolist()) == [3, 3, 4]
    assert (groups["full_members"] >= 1).all()
    assert set().union(*groups["members"]) == set(assignments["member_id"])
    assert sum(len(m) for m in groups["members"]) == 10
    for gid, members in zip(groups["group_id"], groups["members"], strict=True):
        assert set(assignments.loc[assignments["group_id"] == gid, "member_id"]) == set(members)
    # Leaders are full members, group leaders by role first.
    leaders = set(groups["leader"])
    assert {"03", "09"} <= leaders
    assert "05" not in leaders  # probationary, whatever the role
    v = check_layout(ROSTER, Layout(assignments, _layout().branches), Settings(rules=rules))
    assert v[v["rule"] == "party_groups"].empty


def test_teams_stay_together_in_groups() -> None:
    lines = ["member_id,name,area,status,mobility,hardship,role,teams"]
    for i in range(11):
        lines.append(f"a{i:02d},甲{i},A,full,normal,no,{'team_leader' if i == 0 else ''},T1")
    for i in range(11):
        lines.append(f"b{i:02d},乙{i},A,full,normal,no,{'group_leader' if i == 3 else ''},T2")
    roster = roster_from_csv("\n".join(lines), TEAMS)
    layout = make_layout(
        roster,
        dict.fromkeys(roster.members["member_id"], "A/joint:T1+T2"),
        [("A/joint:T1+T2", "joint", ("T1", "T2"))],
    )
    _, groups, _ = staff_branches(roster, layout, Settings())
    assert len(groups) == 2
    assert {frozenset(m[0] for m in members) for members in groups["members"]} == {
        frozenset("a"),
        frozenset("b"),
    }


def test_group_count_limited_by_full_members() -> None:
    lines = ["member_id,name,area,status,mobility,hardship,role,teams"]
    for i in range(40):
        status = "full" if i in (5, 30) else "probationary"
        lines.append(f"{i:03d},甲{i},A,{status},normal,no,,")
    roster = roster_from_csv("\n".join(lines), TEAMS)
    layout = make_layout(
        roster,
        dict.fromkeys(roster.members["member_id"], "A/comprehensive"),
        [("A/comprehensive", "comprehensive", ())],
    )
    _, groups, _ = staff_branches(roster, layout, Settings())
    assert len(groups) == 2
    assert groups["full_members"].tolist() == [1, 1]
    assert sorted(groups["leader"]) == ["005", "030"]


def test_staffing_is_deterministic_and_ignores_row_order() -> None:
    roster = qi3_roster()
    layout = greedy_layout(roster, Settings(), "汽三")
    first = staff_branches(roster, layout, Settings())
    shuffled = Layout(layout.assignments.sample(frac=1, random_state=3), layout.branches.iloc[::-1])
    second = staff_branches(roster, shuffled, Settings())
    key = ["branch_id"]
    pd.testing.assert_frame_equal(
        first[0].sort_values(key).reset_index(drop=True), second[0].sort_values(key).reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(first[1], second[1])
    a = first[2].sort_values("member_id").reset_index(drop=True)
    b = second[2].sort_values("member_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    # Qi-3's team branches (27-29 members) each get two groups.
    assert groups_per_branch(first[1]) == dict.fromkeys(first[0]["branch_id"], 2)


def groups_per_branch(groups: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(n) for k, n in groups.groupby("branch_id").size().items()}


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(20, 160),
    data=st.data(),
    gmin=st.integers(2, 5),
    gmax=st.integers(6, 20),
)
def test_form_groups_properties(n: int, data: st.DataObject, gmin: int, gmax: int) -> None:
    full = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    backbone = [f and data.draw(st.booleans()) for f in full]
    key = data.draw(st.lists(st.sampled_from(["", "T1", "T2", "T3", "T4"]), min_size=n, max_size=n))
    rules = Rules(group_min_size=gmin, group_max_size=gmax)
    groups = form_groups(full, backbone, key, rules)
    assert sorted(i for g in groups for i in g) == list(range(n))
    k = len(groups)
    n_full = sum(full)
    assert k >= 1
    assert all(len(g) >= min(gmin, n) for g in groups)
    if n_full >= 2 and n >= 2 * gmin:
        assert k >= 2
    if n_full >= math.ceil(n / gmax) and n // gmin >= math.ceil(n / gmax):
        assert all(len(g) <= gmax for g in groups)
    if n_full >= k:
        assert all(any(full[i] for i in g) for g in groups)
    if sum(backbone) >= k:
        assert all(any(backbone[i] for i in g) for g in groups)
