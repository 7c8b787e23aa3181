"""The rule checker: each rule caught on a small hand-built layout, and fast on a community."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.branch_id import format_branch_id
from planner.greedy import greedy_layout
from planner.plan import VIOLATION_COLUMNS, Layout
from planner.rules import (
    RULES,
    assignment_reasons,
    branch_name,
    check_layout,
    member_team_links,
    team_branch_limit,
    type_class,
)
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
from tests.plan_fixtures import MEMBER_HEADER, TEAM_HEADER, make_layout, roster_from_csv, synthetic_roster

MEMBERS = """
member_id,name,area,status,mobility,hardship,role,teams
001,甲,A,full,normal,no,secretary,
002,乙,A,full,normal,no,team_leader,歌咏队
003,丙,A,full,normal,no,,T1
004,丁,A,full,limited,no,,T1;T2
005,戊,A,probationary,bedridden,no,,T2
006,己,A,full,normal,no,group_leader,T2
007,庚,A,full,normal,no,,T3
008,辛,A,full,normal,no,,T3
009,壬,A,full,normal,no,committee,T3
010,癸,B,full,normal,no,committee,U1
011,子,B,full,normal,no,,U1
012,丑,B,full,normal,no,,U1
"""
TEAMS = """
team_id,name,area,type,participants,leader
T1,歌咏队,A,culture,30,002
T2,太极队,A,sports,20,己
T3,读书会,A,learning,15,
U1,巡逻队,B,service,40,010
"""

ROSTER = roster_from_csv(MEMBERS, TEAMS)
LOOSE = Settings(
    rules=Rules(min_full_members=1, committee_threshold=50, group_threshold=100, max_mobility_share=1.0)
)


def _branches() -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        ("A/team:T1", "team", ("T1",)),
        ("A/joint:T2+T3", "joint", ("T2", "T3")),
        ("A/comprehensive", "comprehensive", ()),
        ("B/single", "single", ()),
    ]


def _good() -> dict[str, str]:
    return {
        "001": "A/comprehensive",
        "002": "A/team:T1",
        "003": "A/team:T1",
        "004": "A/team:T1",
        "005": "A/joint:T2+T3",
        "006": "A/joint:T2+T3",
        "007": "A/joint:T2+T3",
        "008": "A/comprehensive",
        "009": "A/joint:T2+T3",
        "010": "B/single",
        "011": "B/single",
        "012": "B/single",
    }


def _check(placement: dict[str, str], settings: Settings = LOOSE, **kw: object) -> pd.DataFrame:
    layout = make_layout(ROSTER, placement, _branches(), settings=settings, **kw)  # type: ignore[arg-type]
    return check_layout(ROSTER, layout, settings)


def _rules(v: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    return list(zip(v["rule"], v["branch_id"], v["subject"], v["detail"], strict=True))


def test_rule_names_are_the_shared_constraint_families() -> None:
    assert list(RULES) == [
        "size_cap",
        "min_full_members",
        "secretary_candidate",
        "committee_candidates",
        "joint_teams",
        "joint_types",
        "team_split",
        "member_placed",
        "through_team",
        "party_groups",
        "mobility_share",
        "member_pin",
        "members_together",
        "members_apart",
        "team_pin",
        "teams_together",
        "teams_apart",
    ]


def test_roster_fixture_resolves_team_names_and_leaders() -> None:
    m = ROSTER.members.set_index("member_id")
    assert m.at["002", "teams"] == ("T1",)
    assert m.at["004", "teams"] == ("T1", "T2")
    assert ROSTER.teams.set_index("team_id").at["T2", "leader_id"] == "006"


def test_a_good_layout_breaks_nothing() -> None:
    v = _check(_good())
    assert list(v.columns) == list(VIOLATION_COLUMNS)
    assert v.empty, v


def test_branch_counts_rules() -> None:
    settings = Settings(rules=Rules(max_branch_size=3, min_full_members=3, committee_threshold=3))
    v = _check(_good(), settings)
    found = set(zip(v["rule"], v["branch_id"], v["value"], v["limit"], strict=True))
    assert ("size_cap", "A/joint:T2+T3", 4.0, 3.0) in found
    assert ("min_full_members", "A/comprehensive", 2.0, 3.0) in found
    assert ("secretary_candidate", "A/team:T1", 1.0, 1.0) not in found  # 002 is a candidate
    # T1 has 3 full members, so it needs a committee of 3 candidates and has 1.
    assert ("committee_candidates", "A/team:T1", 1.0, 3.0) in found
    placement = _good() | {
        "001": "A/team:T1",
        "002": "A/comprehensive",
        "006": "A/team:T1",
        "009": "A/comprehensive",
    }
    v = _check(placement, replace(LOOSE, rules=replace(LOOSE.rules, allow_attached=True)))
    # The joint branch lost 006 and 009, its candidates.
    assert ("secretary_candidate", "A/joint:T2+T3", "", "") in _rules(v)


def test_a_branch_without_candidates_and_a_committee_to_elect_breaks_both() -> None:
    settings = Settings(rules=Rules(min_full_members=1, committee_threshold=1, max_mobility_share=1.0))
    placement = _good() | {
        "009": "A/comprehensive",
        "006": "A/comprehensive",
    }  # left: 005 (probationary), 007
    v = _check(placement, settings)
    joint = v[v["branch_id"] == "A/joint:T2+T3"]
    assert {"secretary_candidate", "committee_candidates"} <= set(joint["rule"])


def test_joint_team_counts() -> None:
    tight = replace(LOOSE, rules=replace(LOOSE.rules, joint_max_teams=1))
    v = _check(_good(), tight)
    assert ("joint_teams", "A/joint:T2+T3", "", "too_many") in _rules(v)
    placement = _good()
    branches = [*_branches(), ("A/joint:T1", "joint", ("T1",))]
    layout = make_layout(ROSTER, placement | {"003": "A/joint:T1"}, branches, settings=LOOSE)
    v = check_layout(ROSTER, layout, LOOSE)
    assert ("joint_teams", "A/joint:T1", "", "too_few") in _rules(v)


@pytest.mark.parametrize(
    ("rule", "broken"),
    [(JointTypeRule.ANY, False), (JointTypeRule.SAME_TYPE, True), (JointTypeRule.COMPATIBLE, True)],
)
def test_joint_types(rule: JointTypeRule, broken: bool) -> None:
    # The joint branch holds T2 (sports) and T3 (learning).
    settings = replace(LOOSE, rules=replace(LOOSE.rules, joint_type_rule=rule))
    v = _check(_good(), settings)
    rows = v[v["rule"] == "joint_types"]
    assert len(rows) == int(broken)
    if broken:
        assert rows.iloc[0]["subject"] == "learning+sports"


def test_type_classes() -> None:
    assert type_class("culture", JointTypeRule.COMPATIBLE) == type_class("sports", JointTypeRule.COMPATIBLE)
    assert type_class("learning", JointTypeRule.COMPATIBLE) == type_class("service", JointTypeRule.COMPATIBLE)
    assert type_class("culture", JointTypeRule.COMPATIBLE) != type_class("learning", JointTypeRule.COMPATIBLE)
    assert type_class("culture", JointTypeRule.SAME_TYPE) != type_class("sports", JointTypeRule.SAME_TYPE)
    assert type_class("culture", JointTypeRule.ANY) == type_class("learning", JointTypeRule.ANY)


def test_member_placed_variants() -> None:
    layout = make_layout(ROSTER, _good(), _branches(), settings=LOOSE)
    a = layout.assignments
    a = a[~a["member_id"].isin(["003", "005", "006"])]  # 003 missing; 005 and 006 re-placed below
    extra = pd.DataFrame(
        {
            "member_id": ["004", "005", "006", "999"],
            "area": ["A", "A", "A", "A"],
            "branch_id": ["A/comprehensive", "A/nowhere", "B/single", "A/comprehensive"],
            "group_id": ["", "", "", ""],
            "reason": ["comprehensive"] * 4,
        }
    )
    a = pd.concat([a, extra], ignore_index=True)
    v = check_layout(ROSTER, Layout(a, layout.branches), LOOSE)
    placed = v[v["rule"] == "member_placed"]
    got = set(zip(placed["subject"], placed["detail"], placed["branch_id"], strict=True))
    assert got == {
        ("003", "missing", ""),
        ("005", "missing", ""),  # its only placement names no branch
        ("004", "duplicate", ""),
        ("005", "unknown_branch", "A/nowhere"),
        ("006", "other_area", "B/single"),
        ("999", "unknown_member", ""),
    }
    assert placed[placed["detail"] == "duplicate"]["value"].tolist() == [2.0]


def test_scope_limits_the_check_to_some_areas() -> None:
    only_a = {k: x for k, x in _good().items() if x.startswith("A/")}
    layout = make_layout(ROSTER, only_a, _branches()[:3], settings=LOOSE)
    assert check_layout(ROSTER, layout, LOOSE, areas=["A"]).empty
    assert check_layout(ROSTER, layout, replace(LOOSE, areas=("A",))).empty
    missing = check_layout(ROSTER, layout, LOOSE)
    assert set(missing["subject"]) == {"010", "011", "012"}


def test_through_team_and_attached_members() -> None:
    placement = _good() | {"008": "A/team:T1"}  # 008 is in T3 only
    allow = replace(LOOSE, rules=replace(LOOSE.rules, allow_attached=True))
    assert _check(placement, allow).empty  # derived reason "attached"
    v = _check(placement, allow, reasons={"008": "first_choice"})
    assert _rules(v) == [("through_team", "A/team:T1", "008", "not_attached")]
    deny = replace(LOOSE, rules=replace(LOOSE.rules, allow_attached=False))
    v = _check(placement, deny)
    assert _rules(v) == [("through_team", "A/team:T1", "008", "attached_not_allowed")]


def test_party_groups() -> None:
    settings = replace(LOOSE, rules=replace(LOOSE.rules, group_threshold=4, group_min_size=2))
    v = _check(_good(), settings)
    assert ("party_groups", "A/joint:T2+T3", "", "missing") in _rules(v)
    groups = {"005": "g1", "006": "g2", "007": "g2", "009": ""}
    v = _check(_good(), settings, groups=groups)
    got = {r for r in _rules(v) if r[1] == "A/joint:T2+T3"}
    assert got == {
        ("party_groups", "A/joint:T2+T3", "009", "ungrouped"),
        ("party_groups", "A/joint:T2+T3", "g1", "too_small"),
        ("party_groups", "A/joint:T2+T3", "g1", "no_full_member"),
    }
    assert check_layout(ROSTER, make_layout(ROSTER, _good(), _branches()), settings, check_groups=False).empty


def test_staffed_groups_satisfy_the_checker() -> None:
    settings = replace(LOOSE, rules=replace(LOOSE.rules, group_threshold=4, group_min_size=2))
    layout = make_layout(ROSTER, _good(), _branches(), settings=settings)
    _, _, assignments = staff_branches(ROSTER, layout, settings)
    v = check_layout(ROSTER, Layout(assignments, layout.branches), settings)
    assert v[v["rule"] == "party_groups"].empty


def test_mobility_share() -> None:
    settings = replace(LOOSE, rules=replace(LOOSE.rules, max_mobility_share=0.3))
    v = _check(_good(), settings)
    rows = v[v["rule"] == "mobility_share"]
    # T1 branch: 004 limited of 3 members; joint: 005 bedridden of 4.
    assert set(rows["branch_id"]) == {"A/team:T1"}
    assert rows.iloc[0]["value"] == pytest.approx(1 / 3)
    placement = _good() | {"004": "A/comprehensive", "005": "A/comprehensive"}
    comp = replace(
        settings, rules=replace(settings.rules, mobility_placement=MobilityPlacement.COMPREHENSIVE)
    )
    assert _check(placement, comp)[lambda f: f["rule"] == "mobility_share"].empty
    assert not _check(placement, settings)[lambda f: f["rule"] == "mobility_share"].empty


def test_member_pins_and_pairs() -> None:
    cons = Constraints(
        member_pins=(
            MemberPin("003", "T1"),
            MemberPin("008", None),
            MemberPin("007", "T1"),
            MemberPin("011", None),
        ),
        members_together=(("003", "004"), ("001", "002")),
        members_apart=(("006", "007"), ("001", "003")),
    )
    settings = replace(LOOSE, constraints=cons)
    v = _check(_good(), settings)
    assert set(_rules(v)) == {
        ("member_pin", "A/joint:T2+T3", "007", "team"),
        ("members_together", "", "001|002", ""),
        ("members_apart", "A/joint:T2+T3", "006|007", ""),
    }
    # 011 is pinned to a comprehensive branch and sits in a single-branch area: honoured.
    reasons = assignment_reasons(ROSTER, make_layout(ROSTER, _good(), _branches()), settings)
    assert reasons.tolist()[list(_good()).index("011")] == "pinned"
    assert reasons.tolist()[list(_good()).index("007")] == "first_choice"  # pin to T1 not honoured


def test_team_pins_and_pairs() -> None:
    cons = Constraints(
        team_pins=(
            TeamPin("A", "T1", TeamMode.OWN),
            TeamPin("A", "T2", TeamMode.OWN),
            TeamPin("A", "T3", TeamMode.JOINT),
            TeamPin("A", "T1", TeamMode.NONE),
        ),
        teams_together=(("A", "T2", "T3"), ("A", "T1", "T2")),
        teams_apart=(("A", "T2", "T3"),),
    )
    v = _check(_good(), replace(LOOSE, constraints=cons))
    assert set(_rules(v)) == {
        ("team_pin", "A/joint:T2+T3", "T2", "own"),
        ("team_pin", "A/team:T1", "T1", "none"),
        ("teams_together", "", "T1|T2", ""),
        ("teams_apart", "A/joint:T2+T3", "T2|T3", ""),
    }


def test_empty_branches_are_not_opened() -> None:
    branches = [*_branches(), ("A/comprehensive#2", "comprehensive", ())]
    assert check_layout(ROSTER, make_layout(ROSTER, _good(), branches), LOOSE).empty


def test_reasons() -> None:
    layout = make_layout(ROSTER, _good(), _branches())
    got = dict(zip(layout.assignments["member_id"], assignment_reasons(ROSTER, layout, LOOSE), strict=True))
    assert got["002"] == "first_choice"
    assert got["005"] == "first_choice"
    assert got["007"] == "first_choice"
    assert got["001"] == "comprehensive"
    assert got["010"] == "comprehensive"
    moved = make_layout(ROSTER, _good() | {"004": "A/joint:T2+T3", "008": "A/team:T1"}, _branches())
    got = dict(zip(moved.assignments["member_id"], assignment_reasons(ROSTER, moved, LOOSE), strict=True))
    assert got["004"] == "other_team"
    assert got["008"] == "attached"


def test_member_team_links_keep_preference_and_drop_unknown_teams() -> None:
    members = ROSTER.members.copy()
    members.loc[members["member_id"] == "004", "teams"] = pd.Series([("ZZ", "T2", "T1")], index=[3])
    links = member_team_links(members, ROSTER.teams)
    rows = links[links["member_id"] == "004"]
    assert rows["team_id"].tolist() == ["T2", "T1"]
    assert rows["position"].tolist() == [0, 1]


def test_branch_ids_and_names() -> None:
    assert format_branch_id("瑞丽", "joint", ("R3", "R2")) == "瑞丽/joint:R2+R3"
    assert format_branch_id("汽三", "team", ("Q1",), 2) == "汽三/team:Q1#2"
    assert format_branch_id("汽三", "comprehensive", (), 3) == "汽三/comprehensive#3"
    assert format_branch_id("汽三", "single") == "汽三/single"
    assert branch_name("汽三", "team", ["歌咏队"]) == "歌咏队党支部"
    assert branch_name("瑞丽", "joint", ["舞蹈队", "书画组"]) == "舞蹈队、书画组联合党支部"
    assert branch_name("瑞丽", "comprehensive", [], 2) == "瑞丽综合党支部（2）"
    assert branch_name("瑞丽", "comprehensive", [], 2, lang="en") == "瑞丽 comprehensive Party branch (2)"


def test_check_layout_on_a_whole_community_places_everyone() -> None:
    roster = synthetic_roster()
    assert len(roster.members) >= 5900
    settings = Settings()
    parts = [greedy_layout(roster, settings, area) for area in roster.areas]
    layout = Layout(
        pd.concat([p.assignments for p in parts], ignore_index=True),
        pd.concat([p.branches for p in parts], ignore_index=True),
    )
    _, _, assignments = staff_branches(roster, layout, settings)
    layout = Layout(assignments, layout.branches)
    v = check_layout(roster, layout, settings)  # timing: bench/ui.py
    assert v[v["rule"] == "member_placed"].empty
    assert v[v["rule"] == "size_cap"].empty


@st.composite
def random_layouts(draw: st.DrawFn) -> tuple[Roster, Layout, Settings]:
    n_teams = draw(st.integers(1, 5))
    teams = "\n".join(f"T{i},队{i},A,{('culture', 'sports', 'learning')[i % 3]},10," for i in range(n_teams))
    rows = [MEMBER_HEADER]
    for i in range(draw(st.integers(1, 40))):
        listed = draw(st.lists(st.integers(0, n_teams - 1), max_size=3, unique=True))
        rows.append(
            f"{i:03d},党员{i},A,{draw(st.sampled_from(['full', 'full', 'probationary']))},"
            f"{draw(st.sampled_from(['normal', 'normal', 'limited', 'bedridden']))},no,"
            f"{draw(st.sampled_from(['none', 'none', 'team_leader', 'committee']))},"
            + ";".join(f"T{t}" for t in listed)
        )
    roster = roster_from_csv("\n".join(rows), TEAM_HEADER + "\n" + teams)
    branches: list[tuple[str, str, tuple[str, ...]]] = [("A/comprehensive", "comprehensive", ())]
    for i in range(n_teams):
        branches.append((f"A/team:T{i}", "team", (f"T{i}",)))
    if n_teams >= 2:
        picked = tuple(
            sorted(
                draw(st.lists(st.sampled_from([f"T{i}" for i in range(n_teams)]), min_size=1, unique=True))
            )
        )
        branches.append((f"A/joint:{'+'.join(picked)}", "joint", picked))
    ids = [b[0] for b in branches]
    placement = {
        m: draw(st.sampled_from(ids)) for m in roster.members["member_id"] if draw(st.integers(0, 9)) > 0
    }
    reasons = {m: draw(st.sampled_from(["first_choice", "attached"])) for m in placement}
    rules = Rules(
        max_branch_size=draw(st.integers(2, 12)),
        min_full_members=draw(st.integers(1, 4)),
        committee_threshold=draw(st.integers(2, 8)),
        joint_max_teams=draw(st.integers(2, 4)),
        allow_attached=draw(st.booleans()),
        max_mobility_share=draw(st.sampled_from([0.2, 0.3, 0.5])),
    )
    settings = Settings(rules=rules)
    return roster, make_layout(roster, placement, branches, reasons=reasons, settings=settings), settings


def _oracle(roster: Roster, layout: Layout, settings: Settings) -> set[tuple[str, str, str, str]]:
    """The same rules, member by member and branch by branch in plain Python."""
    r = settings.rules
    m = roster.members.set_index("member_id")
    out: set[tuple[str, str, str, str]] = set()
    where: dict[str, list[str]] = {mid: [] for mid in m.index}
    for mid, bid in zip(layout.assignments["member_id"], layout.assignments["branch_id"], strict=True):
        where[mid].append(bid)
    for mid, places in where.items():
        if not places:
            out.add(("member_placed", "", mid, "missing"))
        elif len(places) > 1:
            out.add(("member_placed", "", mid, "duplicate"))
    reason = dict(zip(layout.assignments["member_id"], layout.assignments["reason"], strict=True))
    hosts: dict[str, list[tuple[str, str]]] = {}
    for bid, kind, teams in zip(
        layout.branches["branch_id"], layout.branches["kind"], layout.branches["teams"], strict=True
    ):
        inside = [mid for mid, places in where.items() for p in places if p == bid]
        if not inside:
            continue
        full = sum(m.at[x, "status"] == "full" for x in inside)
        cand = sum(m.at[x, "status"] == "full" and m.at[x, "role"] != "none" for x in inside)
        mob = sum(m.at[x, "mobility"] != "normal" for x in inside)
        if len(inside) > r.max_branch_size:
            out.add(("size_cap", bid, "", ""))
        if full < r.min_full_members:
            out.add(("min_full_members", bid, "", ""))
        if cand < 1:
            out.add(("secretary_candidate", bid, "", ""))
        if full >= r.committee_threshold and cand < r.committee_min_candidates:
            out.add(("committee_candidates", bid, "", ""))
        if mob / len(inside) > r.max_mobility_share + 1e-9:
            out.add(("mobility_share", bid, "", ""))
        if len(inside) >= r.group_threshold and full < 2:
            out.add(("party_groups", bid, "", "few_full_members"))
        for team in teams if kind in ("team", "joint") else ():
            hosts.setdefault(team, []).append((bid, kind))
        if kind == "joint" and len(teams) < r.joint_min_teams:
            out.add(("joint_teams", bid, "", "too_few"))
        if kind == "joint" and len(teams) > r.joint_max_teams:
            out.add(("joint_teams", bid, "", "too_many"))
        if kind in ("team", "joint"):
            for x in inside:
                if not set(m.at[x, "teams"]) & set(teams):
                    if not r.allow_attached:
                        out.add(("through_team", bid, x, "attached_not_allowed"))
                    elif reason[x] not in ("attached", "pinned"):
                        out.add(("through_team", bid, x, "not_attached"))
    for team, where_t in hosts.items():
        listing = sum(team in ts for ts in m["teams"])
        allowed = 1 if any(k == "joint" for _, k in where_t) else team_branch_limit(listing, r)
        if len(where_t) > allowed:
            out.add(("team_split", sorted(where_t)[0][0], team, ""))
    return out


@settings(max_examples=60, deadline=None)
@given(random_layouts())
def test_checker_agrees_with_a_plain_python_oracle(case: tuple[Roster, Layout, Settings]) -> None:
    roster, layout, s = case
    v = check_layout(roster, layout, s, check_groups=False)
    assert set(_rules(v)) == _oracle(roster, layout, s)
    assert len(set(_rules(v))) == len(v)  # one row per broken rule instance
