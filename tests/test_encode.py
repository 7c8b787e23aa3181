"""planner.encode: member classes, slots, and the constraints an area's model gets."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest

from planner.encode import (
    COMPREHENSIVE,
    JOINT,
    PIN_COMPREHENSIVE,
    TEAM,
    encode_area,
    encode_roster,
    penalty_unit,
    selected_areas,
)
from planner.settings import (
    Constraints,
    JointTypeRule,
    MemberPin,
    Rules,
    Settings,
    TeamMode,
    TeamPin,
    Weights,
)
from tests.plan_fixtures import leader_short_roster, qi3_roster, roster_from_csv, ruili_roster

MEMBERS = """member_id,name,area,status,mobility,role,teams
001,甲,A,full,normal,team_leader,T1
002,乙,A,full,normal,,T1
003,丙,A,full,normal,,T1
004,丁,A,probationary,normal,,T1
005,戊,A,full,limited,,T2;T1
006,己,A,full,normal,,T2;T1
007,庚,A,full,normal,secretary,
008,辛,A,full,normal,,
009,壬,B,full,normal,committee,
"""
TEAMS = """team_id,name,area,type
T1,歌咏队,A,culture
T2,太极队,A,sports
T9,空队,A,learning
"""


def small_roster():
    return roster_from_csv(MEMBERS, TEAMS)


def test_classes_group_interchangeable_members_and_count_everyone() -> None:
    data = encode_area(small_roster(), Settings(), "A")
    assert data.n_members == 8
    assert sorted(m for c in data.classes for m in c.member_ids) == [f"00{i}" for i in range(1, 9)]
    by_member = {m: c for c in data.classes for m in c.member_ids}
    # 002 and 003: same teams, status, candidacy, mobility -> one class
    assert by_member["002"] is by_member["003"]
    assert by_member["002"].count == 2
    # 001 is a candidate, 004 probationary, 005 limited: each differs from 002
    assert len({id(by_member[m]) for m in ("001", "002", "004", "005")}) == 4
    # teams in preference order, unknown/empty teams dropped
    assert by_member["006"].teams == ("T2", "T1")
    assert by_member["007"].teams == () and by_member["007"].candidate


def test_team_info_counts_members_listing_a_team_anywhere() -> None:
    data = encode_area(small_roster(), Settings(), "A")
    teams = data.team_index
    assert set(teams) == {"T1", "T2"}  # T9 has no member: it can host nothing
    assert (teams["T1"].members, teams["T1"].full, teams["T1"].candidates) == (6, 5, 1)
    assert (teams["T2"].members, teams["T2"].full, teams["T2"].candidates) == (2, 2, 0)
    assert teams["T1"].leader_id == ""  # no leader column in the fixture


def test_pinned_and_paired_members_are_classes_of_their_own() -> None:
    cons = Constraints(
        member_pins=(MemberPin("002", "T2"), MemberPin("008", None)),
        members_together=(("003", "006"),),
        members_apart=(("001", "007"),),
    )
    data = encode_area(small_roster(), Settings(constraints=cons), "A")
    by_member = {m: c for c in data.classes for m in c.member_ids}
    for member in ("002", "003", "006", "001", "007", "008"):
        assert by_member[member].member_ids == (member,)
    assert by_member["002"].pin == "T2"
    assert by_member["008"].pin == PIN_COMPREHENSIVE
    assert data.members_together == ((by_member["003"].index, by_member["006"].index),)
    assert data.members_apart == ((by_member["001"].index, by_member["007"].index),)


def test_a_pair_across_areas_is_a_constant_violation_in_the_first_members_area() -> None:
    settings = Settings(constraints=Constraints(members_together=(("001", "009"),)))
    assert encode_area(small_roster(), settings, "A").constant_penalties
    assert encode_area(small_roster(), settings, "B").constant_penalties == ()


def test_slots_team_joint_and_comprehensive() -> None:
    data = encode_area(qi3_roster(), Settings(), "汽三")
    kinds = [s.kind for s in data.slots]
    # every team may stand alone or join a joint branch (issue 7: the rules decide, not the encoder)
    assert [s.team_id for s in data.slots_of(TEAM)] == ["Q1", "Q2", "Q3", "Q4"]
    assert all(t.own and t.joinable for t in data.teams)
    assert kinds.count(JOINT) == 2  # four teams, at least two per joint branch
    assert kinds.count(COMPREHENSIVE) == math.ceil(data.n_members / 50)
    assert [s.index for s in data.slots] == list(range(len(data.slots)))


def test_every_team_may_stand_alone_or_join() -> None:
    # issue 7: small teams may have a branch of their own (a shortage is a rule to break), big ones
    # may join a joint branch
    data = encode_area(ruili_roster(), Settings(), "瑞丽")
    for team in data.teams:
        assert team.own and team.joinable
    assert len(data.team_slots("R2")) == 1
    assert len(data.slots_of(JOINT)) == 2  # five teams, at least two per joint branch


def test_a_pin_opens_the_matching_slot_kind() -> None:
    pins = (TeamPin("瑞丽", "R2", TeamMode.OWN), TeamPin("瑞丽", "R1", TeamMode.JOINT))
    data = encode_area(ruili_roster(), Settings(constraints=Constraints(team_pins=pins)), "瑞丽")
    teams = data.team_index
    assert teams["R2"].own and teams["R1"].joinable
    assert data.team_pins == (("R1", "joint"), ("R2", "own"))


def test_a_team_above_the_cap_gets_more_slots_only_when_splitting_is_allowed() -> None:
    rules = Rules(max_branch_size=20)
    data = encode_area(ruili_roster(), Settings(rules=rules), "瑞丽")
    assert len(data.team_slots("R1")) == math.ceil(38 / 20)
    data = encode_area(ruili_roster(), Settings(rules=replace(rules, allow_team_split=False)), "瑞丽")
    assert len(data.team_slots("R1")) == 1


def test_joint_slots_respect_the_type_rule() -> None:
    # culture R2 R3, sports R4 R5: same_type allows one joint per type
    same = encode_area(ruili_roster(), Settings(rules=Rules(joint_type_rule=JointTypeRule.SAME_TYPE)), "瑞丽")
    assert len(same.slots_of(JOINT)) == 2
    mixed = roster_from_csv(
        "member_id,name,area,teams\n1,a,X,A\n2,b,X,B\n3,c,X,C\n",
        "team_id,name,area,type\nA,a,X,culture\nB,b,X,learning\nC,c,X,service\n",
    )
    assert (
        len(
            encode_area(mixed, Settings(rules=Rules(joint_type_rule=JointTypeRule.SAME_TYPE)), "X").slots_of(
                JOINT
            )
        )
        == 0
    )
    assert (
        len(
            encode_area(mixed, Settings(rules=Rules(joint_type_rule=JointTypeRule.COMPATIBLE)), "X").slots_of(
                JOINT
            )
        )
        == 1
    )
    assert len(encode_area(mixed, Settings(), "X").slots_of(JOINT)) == 1


def test_reference_splits_classes_only_when_stability_counts() -> None:
    roster = leader_short_roster()
    ids = roster.members["member_id"].tolist()
    ref = pd.DataFrame(
        {
            "member_id": ids,
            "branch_id": [
                "鹤北一/comprehensive" if i % 2 else "鹤北一/comprehensive#2" for i in range(len(ids))
            ],
        }
    )
    plain = encode_area(roster, Settings(), "鹤北一", ref)
    stable = encode_area(roster, Settings(weights=Weights(stability=20)), "鹤北一", ref)
    assert all(c.reference == "" for c in plain.classes)
    assert len(stable.classes) > len(plain.classes)
    assert {c.reference for c in stable.classes} == {"鹤北一/comprehensive", "鹤北一/comprehensive#2"}


def test_penalty_unit_is_far_above_the_goals() -> None:
    weights = Weights()
    per_member = weights.first_choice + weights.any_team + weights.mobility + weights.stability
    assert penalty_unit(weights) >= 50 * per_member
    assert penalty_unit(Weights(first_choice=100)) > penalty_unit(weights)


def test_selected_areas_and_encode_roster() -> None:
    roster = small_roster()
    assert selected_areas(roster, Settings()) == ["A", "B"]
    assert selected_areas(roster, Settings(areas=("B", "nowhere"))) == ["B"]
    assert set(encode_roster(roster, Settings(areas=("B",)))) == {"B"}


@pytest.mark.parametrize("area", ["A", "B"])
def test_every_area_has_a_comprehensive_slot(area: str) -> None:
    data = encode_area(small_roster(), Settings(), area)
    assert data.slots_of(COMPREHENSIVE)
