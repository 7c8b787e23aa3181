"""The greedy baseline on story-shaped areas, its options, and its invariants."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.greedy import greedy_layout
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout
from planner.rules import assignment_reasons, check_layout
from planner.schema import Roster
from planner.settings import (
    Constraints,
    JointTypeRule,
    MemberPin,
    MobilityPlacement,
    Rules,
    Settings,
    TeamMode,
    TeamPin,
)
from planner.staffing import staff_branches
from tests.plan_fixtures import (
    MEMBER_HEADER,
    TEAM_HEADER,
    leader_short_roster,
    qi3_roster,
    roster_from_csv,
    ruili_roster,
)

DEFAULT = Settings()


def _staffed_violations(roster: Roster, layout: Layout, settings: Settings = DEFAULT) -> pd.DataFrame:
    _, _, assignments = staff_branches(roster, layout, settings)
    return check_layout(roster, Layout(assignments, layout.branches), settings)


def _members_of(layout: Layout, branch_id: str) -> set[str]:
    a = layout.assignments
    return set(a.loc[a["branch_id"] == branch_id, "member_id"])


def test_qi3_gives_four_team_branches_and_attaches_the_rest() -> None:
    roster = qi3_roster()
    layout = greedy_layout(roster, DEFAULT, "汽三")
    b = layout.branches
    assert list(b.columns) == list(LAYOUT_BRANCH_COLUMNS)
    assert list(layout.assignments.columns) == list(ASSIGNMENT_COLUMNS)
    assert b["kind"].tolist() == ["team"] * 4
    assert sorted(b["teams"]) == [("Q1",), ("Q2",), ("Q3",), ("Q4",)]
    assert sorted(b["name"]) == sorted(["议事团党支部", "歌咏队党支部", "戏曲队党支部", "鼓操队党支部"])
    a = layout.assignments
    assert len(a) == len(roster.members) == a["member_id"].nunique()
    # Every team member sits with their first-choice team; the 12 others are attached.
    assert a["reason"].value_counts().to_dict() == {"first_choice": 100, "attached": 12}
    no_team = roster.members.loc[roster.members["teams"].map(len) == 0, "member_id"]
    assert set(a.loc[a["reason"] == "attached", "member_id"]) == set(no_team)
    assert _staffed_violations(roster, layout).empty


def test_ruili_gives_patrol_joint_and_comprehensive_branches() -> None:
    roster = ruili_roster()
    layout = greedy_layout(roster, DEFAULT, "瑞丽")
    kinds = dict(zip(layout.branches["branch_id"], layout.branches["kind"], strict=True))
    assert kinds == {
        "瑞丽/team:R1": "team",
        "瑞丽/joint:R2+R3+R4+R5": "joint",
        "瑞丽/comprehensive": "comprehensive",
    }
    no_team = set(roster.members.loc[roster.members["teams"].map(len) == 0, "member_id"])
    assert _members_of(layout, "瑞丽/comprehensive") == no_team
    assert len(_members_of(layout, "瑞丽/team:R1")) == 38
    assert _staffed_violations(roster, layout).empty


def test_joint_branches_follow_the_type_rule() -> None:
    roster = ruili_roster()
    same = replace(DEFAULT, rules=replace(DEFAULT.rules, joint_type_rule=JointTypeRule.SAME_TYPE))
    layout = greedy_layout(roster, same, "瑞丽")
    joints = sorted(layout.branches.loc[layout.branches["kind"] == "joint", "teams"])
    assert joints == [("R2", "R3"), ("R4", "R5")]
    v = _staffed_violations(roster, layout, same)
    assert v[v["rule"] == "joint_types"].empty
    compatible = replace(DEFAULT, rules=replace(DEFAULT.rules, joint_type_rule=JointTypeRule.COMPATIBLE))
    layout = greedy_layout(roster, compatible, "瑞丽")
    assert layout.branches.loc[layout.branches["kind"] == "joint", "teams"].tolist() == [
        ("R2", "R3", "R4", "R5")
    ]


def test_leader_short_area_still_gets_a_complete_lean_layout() -> None:
    roster = leader_short_roster()
    layout = greedy_layout(roster, DEFAULT, "鹤北一")
    a = layout.assignments
    assert len(a) == 329 == a["member_id"].nunique()
    # 329 members under a cap of 50 need 7 branches; candidates are short, so no more are opened.
    assert len(layout.branches) == 7
    v = _staffed_violations(roster, layout)
    assert set(v["rule"]) <= {"secretary_candidate", "committee_candidates"}
    assert (v["rule"] == "secretary_candidate").sum() == 3


def test_without_attachment_the_rest_goes_to_a_comprehensive_branch() -> None:
    roster = qi3_roster()
    strict = replace(DEFAULT, rules=replace(DEFAULT.rules, allow_attached=False))
    layout = greedy_layout(roster, strict, "汽三")
    assert sorted(layout.branches["kind"]) == ["comprehensive"] + ["team"] * 4
    assert (layout.assignments["reason"] != "attached").all()
    v = _staffed_violations(roster, layout, strict)
    # The non-team members (11 full, 4 bedridden, no candidate) form a branch that says so.
    assert set(v["branch_id"]) == {"汽三/comprehensive"}
    assert set(v["rule"]) == {"secretary_candidate", "committee_candidates", "mobility_share"}


def test_mobility_placement_comprehensive() -> None:
    roster = qi3_roster()
    comp = replace(DEFAULT, rules=replace(DEFAULT.rules, mobility_placement=MobilityPlacement.COMPREHENSIVE))
    layout = greedy_layout(roster, comp, "汽三")
    mobile = set(roster.members.loc[roster.members["mobility"] != "normal", "member_id"])
    a = layout.assignments.set_index("member_id")
    assert {a.at[m, "branch_id"] for m in mobile} == {"汽三/comprehensive"}


def _big_team_roster(size: int, candidates: int) -> Roster:
    rows = [MEMBER_HEADER]
    for i in range(size):
        role = "team_leader" if i < candidates else "none"
        rows.append(f"{i:04d},党员{i},大区,full,normal,no,{role},T1")
    for i in range(size, size + 5):
        rows.append(f"{i:04d},党员{i},大区,full,normal,no,,")
    return roster_from_csv("\n".join(rows), TEAM_HEADER + "\nT1,巡逻队,大区,service,200,")


def test_a_team_above_the_cap_is_split() -> None:
    roster = _big_team_roster(120, 4)
    layout = greedy_layout(roster, DEFAULT, "大区")
    teams = layout.branches[layout.branches["kind"] == "team"]
    assert teams["branch_id"].tolist() == ["大区/team:T1", "大区/team:T1#2", "大区/team:T1#3"]
    sizes = layout.assignments["branch_id"].value_counts()
    assert sizes.max() <= 50
    assert _staffed_violations(roster, layout)[lambda v: v["rule"] == "secretary_candidate"].empty


def test_a_team_split_is_limited_by_its_candidates_or_forbidden() -> None:
    roster = _big_team_roster(120, 2)
    layout = greedy_layout(roster, DEFAULT, "大区")
    assert (layout.branches["kind"] == "team").sum() == 2
    no_split = replace(DEFAULT, rules=replace(DEFAULT.rules, allow_team_split=False))
    layout = greedy_layout(roster, no_split, "大区")
    assert (layout.branches["kind"] == "team").sum() == 1
    assert len(layout.assignments) == 125
    assert layout.assignments["branch_id"].value_counts().max() <= 50


def test_a_small_area_stays_single() -> None:
    roster = _big_team_roster(30, 1)
    layout = greedy_layout(roster, DEFAULT, "大区")
    assert layout.branches["branch_id"].tolist() == ["大区/single"]
    assert layout.branches["name"].tolist() == ["大区党支部"]
    assert (layout.assignments["reason"] == "comprehensive").all()
    pinned = replace(DEFAULT, constraints=Constraints(team_pins=(TeamPin("大区", "T1", TeamMode.OWN),)))
    layout = greedy_layout(roster, pinned, "大区")
    assert "大区/team:T1" in set(layout.branches["branch_id"])


def test_pins_are_followed() -> None:
    roster = ruili_roster()
    members = roster.members.set_index("member_id")
    patrol = [m for m, teams in members["teams"].items() if teams == ("R1",)]
    no_team = [m for m, teams in members["teams"].items() if teams == ()]
    cons = Constraints(
        member_pins=(MemberPin(patrol[5], None), MemberPin(no_team[4], "R1")),
        team_pins=(TeamPin("瑞丽", "R5", TeamMode.NONE),),
    )
    pinned = replace(DEFAULT, constraints=cons)
    layout = greedy_layout(roster, pinned, "瑞丽")
    a = layout.assignments.set_index("member_id")
    assert a.at[patrol[5], "branch_id"] == "瑞丽/comprehensive"
    assert a.at[no_team[4], "branch_id"] == "瑞丽/team:R1"
    assert a.at[patrol[5], "reason"] == a.at[no_team[4], "reason"] == "pinned"
    assert all("R5" not in teams for teams in layout.branches["teams"])
    v = check_layout(roster, layout, pinned, check_groups=False)
    assert v[v["rule"].isin(["member_pin", "team_pin", "member_placed", "through_team"])].empty


def test_member_pairs_are_fixed_up() -> None:
    roster = ruili_roster()
    members = roster.members.set_index("member_id")
    patrol = [m for m, teams in members["teams"].items() if teams == ("R1",)]
    no_team = [m for m, teams in members["teams"].items() if teams == ()]
    cons = Constraints(members_together=((no_team[6], patrol[7]),), members_apart=((no_team[8], no_team[9]),))
    paired = replace(DEFAULT, constraints=cons)
    layout = greedy_layout(roster, paired, "瑞丽")
    v = check_layout(roster, layout, paired, check_groups=False)
    assert v[v["rule"].isin(["members_together", "members_apart", "through_team"])].empty


def test_greedy_is_deterministic_and_its_reasons_match_the_checker() -> None:
    for roster, area in ((qi3_roster(), "汽三"), (ruili_roster(), "瑞丽"), (leader_short_roster(), "鹤北一")):
        one = greedy_layout(roster, DEFAULT, area)
        two = greedy_layout(roster, DEFAULT, area)
        pd.testing.assert_frame_equal(one.assignments, two.assignments)
        pd.testing.assert_frame_equal(one.branches, two.branches)
        assert one.assignments["reason"].tolist() == assignment_reasons(roster, one, DEFAULT).tolist()


def test_an_empty_area_gives_an_empty_layout() -> None:
    layout = greedy_layout(qi3_roster(), DEFAULT, "没有")
    assert layout.assignments.empty and layout.branches.empty


@st.composite
def small_rosters(draw: st.DrawFn) -> tuple[Roster, Settings]:
    n_teams = draw(st.integers(0, 6))
    kinds = ("learning", "culture", "sports", "service")
    teams = [f"T{i},队{i},甲,{draw(st.sampled_from(kinds))},20," for i in range(n_teams)]
    n = draw(st.integers(1, 140))
    rows = [MEMBER_HEADER]
    for i in range(n):
        listed = draw(st.lists(st.integers(0, max(0, n_teams - 1)), max_size=min(3, n_teams), unique=True))
        status = draw(st.sampled_from(["full"] * 9 + ["probationary"]))
        role = draw(st.sampled_from(["none"] * 8 + ["secretary", "committee", "group_leader", "team_leader"]))
        mobility = draw(st.sampled_from(["normal"] * 8 + ["limited", "bedridden"]))
        rows.append(f"{i:04d},党员{i},甲,{status},{mobility},no,{role},{';'.join(f'T{t}' for t in listed)}")
    roster = roster_from_csv("\n".join(rows), TEAM_HEADER + "\n" + "\n".join(teams))
    rules = Rules(
        max_branch_size=draw(st.integers(8, 60)),
        joint_max_teams=draw(st.integers(2, 5)),
        joint_type_rule=draw(st.sampled_from(list(JointTypeRule))),
        allow_team_split=draw(st.booleans()),
        allow_attached=draw(st.booleans()),
        mobility_placement=draw(st.sampled_from(list(MobilityPlacement))),
    )
    ids = roster.members["member_id"].tolist()
    pins = tuple(
        MemberPin(m, draw(st.sampled_from([None] + [f"T{i}" for i in range(n_teams)])))
        for m in draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    )
    team_pins = tuple(
        TeamPin("甲", f"T{i}", draw(st.sampled_from(list(TeamMode))))
        for i in draw(st.lists(st.integers(0, max(0, n_teams - 1)), max_size=2, unique=True))
        if n_teams
    )
    return roster, Settings(rules=rules, constraints=Constraints(member_pins=pins, team_pins=team_pins))


@settings(max_examples=40, deadline=None)
@given(small_rosters())
def test_greedy_invariants(case: tuple[Roster, Settings]) -> None:
    roster, s = case
    layout = greedy_layout(roster, s, "甲")
    a = layout.assignments
    assert sorted(a["member_id"]) == sorted(roster.members["member_id"])
    assert layout.branches["branch_id"].is_unique
    assert set(a["branch_id"]) == set(layout.branches["branch_id"])
    assert a["reason"].tolist() == assignment_reasons(roster, layout, s).tolist()
    v = check_layout(roster, layout, s, check_groups=False)
    never = {"member_placed", "through_team", "size_cap", "joint_teams", "joint_types"}
    # A member pinned to a team they are not in, with attaching forbidden, is a conflict the
    # user made: the pin wins and the checker reports the rule.
    pinned = {p.member_id for p in s.constraints.member_pins}
    broken = v[v["rule"].isin(never) & ~((v["rule"] == "through_team") & v["subject"].isin(pinned))]
    assert broken.empty, broken
    again = greedy_layout(roster, s, "甲")
    pd.testing.assert_frame_equal(a, again.assignments)
