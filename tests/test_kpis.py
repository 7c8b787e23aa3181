"""Plan KPIs, hand-checked."""

from __future__ import annotations

import json

from planner.greedy import greedy_layout
from planner.kpis import plan_kpis
from planner.plan import Layout
from planner.rules import check_layout, violations_frame
from planner.settings import Settings
from planner.staffing import staff_branches
from tests.plan_fixtures import make_layout, roster_from_csv, ruili_roster


def test_ruili_kpis() -> None:
    roster = ruili_roster()
    settings = Settings()
    layout = greedy_layout(roster, settings, "瑞丽")
    branches, groups, assignments = staff_branches(roster, layout, settings)
    violations = check_layout(roster, Layout(assignments, layout.branches), settings)
    k = plan_kpis(roster, assignments, branches, groups, violations)
    assert k["members"] == 88
    assert k["areas"] == 1 and k["general_areas"] == 1
    assert k["branches"] == 3
    assert k["branches_by_kind"] == {"team": 1, "joint": 1, "comprehensive": 1, "single": 0}
    assert k["largest_branch"] == {"branch_id": "瑞丽/team:R1", "size": 38}
    assert k["smallest_branch"] == {"branch_id": "瑞丽/joint:R2+R3+R4+R5", "size": 18}
    assert (k["members_with_teams"], k["first_choice"], k["any_team"]) == (56, 56, 56)
    assert k["first_choice_share"] == k["any_team_share"] == 1.0
    assert k["comprehensive_members"] == 32 and k["attached_members"] == 0
    # Before: the patrol's committee member and group leader, 书画组's group leader, and the
    # area's secretary, committee member and group leader.
    assert k["leaders_before"] == 6
    # After: 3 secretaries + 2 more committee seats in each branch + 3 groups in the patrol
    # branch (38 members) and 3 in the comprehensive one (32); the joint branch (18) has none.
    assert len(groups) == 6
    assert k["leaders_after"] == 3 + 6 + 6
    assert k["members_per_leader_before"] == round(88 / 6, 2)
    assert k["members_per_leader_after"] == round(88 / 15, 2)
    assert k["rules_broken"] == {"count": 0, "by_rule": {}}
    json.dumps(k)  # JSON-ready


MEMBERS = """
member_id,name,area,status,mobility,hardship,role,teams
1,甲,A,full,normal,no,secretary,T1;T2
2,乙,A,full,normal,no,,T2;T1
3,丙,A,full,normal,no,,T3
4,丁,A,full,normal,no,,
5,戊,A,full,normal,no,,T3
"""
TEAMS = """
team_id,name,area,type
T1,歌咏队,A,culture
T2,太极队,A,sports
T3,读书会,A,learning
"""


def test_first_choice_other_team_attached_and_rules_broken() -> None:
    roster = roster_from_csv(MEMBERS, TEAMS)
    placement = {
        "1": "A/team:T2",
        "2": "A/team:T2",
        "3": "A/team:T2",
        "4": "A/comprehensive",
        "5": "A/comprehensive",
    }
    layout = make_layout(
        roster, placement, [("A/team:T2", "team", ("T2",)), ("A/comprehensive", "comprehensive", ())]
    )
    branches, groups, assignments = staff_branches(roster, layout, Settings())
    violations = violations_frame(
        [
            {"area": "A", "rule": "min_full_members", "branch_id": "A/comprehensive", "value": 2, "limit": 3},
            {
                "area": "A",
                "rule": "secretary_candidate",
                "branch_id": "A/comprehensive",
                "value": 0,
                "limit": 1,
            },
            {"area": "A", "rule": "secretary_candidate", "branch_id": "A/other", "value": 0, "limit": 1},
        ]
    )
    k = plan_kpis(roster, assignments, branches, groups, violations)
    assert k["members_with_teams"] == 4
    assert k["first_choice"] == 1  # member 2
    assert k["any_team"] == 2  # members 1 and 2
    assert k["first_choice_share"] == 0.25 and k["any_team_share"] == 0.5
    assert k["attached_members"] == 1  # member 3 in T2's branch
    assert k["comprehensive_members"] == 2
    assert k["leaders_before"] == 1 and k["leaders_after"] == 1
    assert k["rules_broken"] == {"count": 3, "by_rule": {"min_full_members": 1, "secretary_candidate": 2}}
