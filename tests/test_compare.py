"""Comparing scenarios: settings diff, metrics with the better value, who moved, flows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from planner.compare import (
    HEADLINE_METRICS,
    METRICS_BY_KEY,
    Better,
    best_of,
    current_assignments,
    describe_setting,
    flow,
    metric_values,
    metrics_table,
    settings_diff,
    who_moved,
)
from planner.plan import Plan
from planner.scenario import Scenario
from planner.schema import Roster
from planner.settings import MemberPin, Settings
from tests.plan_fixtures import roster_from_csv

MEMBERS = """
member_id,name,area,current_branch,teams
001,甲,东区,东区党支部,T1
002,乙,东区,东区党支部,T1
003,丙,东区,东区党支部,
004,丁,西区,西区党支部,
005,戊,西区,西区党支部,
"""
TEAMS = """
team_id,name,area,type
T1,合唱队,东区,culture
"""


@pytest.fixture(scope="module")
def roster() -> Roster:
    return roster_from_csv(MEMBERS, TEAMS)


def _assign(mapping: dict[str, str], reasons: dict[str, str] | None = None) -> pd.DataFrame:
    ids = list(mapping)
    area = {"001": "东区", "002": "东区", "003": "东区", "004": "西区", "005": "西区"}
    return pd.DataFrame(
        {
            "member_id": pd.Series(ids, dtype="str"),
            "area": pd.Series([area[m] for m in ids], dtype="str"),
            "branch_id": pd.Series([mapping[m] for m in ids], dtype="str"),
            "group_id": pd.Series([""] * len(ids), dtype="str"),
            "reason": pd.Series([(reasons or {}).get(m, "comprehensive") for m in ids], dtype="str"),
        }
    )


def _plan(kpis: dict[str, Any], settings: Settings | None = None, objective: float = 1.0) -> Plan:
    empty = pd.DataFrame({"area": pd.Series([], dtype="str")})
    areas = pd.DataFrame({"area": ["东区"], "status": ["optimal"], "objective": [objective]})
    branches = pd.DataFrame(
        {"branch_id": ["东区/single"], "area": ["东区"], "kind": ["single"], "name": ["x"]}
    )
    branches["teams"] = pd.Series([()], dtype=object)
    return Plan(
        "fp", settings or Settings(), _assign({"001": "东区/single"}), branches, empty, areas, empty, kpis
    )


def _scenario(
    name: str, kpis: dict[str, Any], settings: Settings | None = None, objective: float = 1.0
) -> Scenario:
    settings = settings or Settings()
    return Scenario(name, settings, _plan(kpis, settings, objective))


KPIS = {
    "branches": 4,
    "branches_by_kind": {"team": 2, "joint": 1, "comprehensive": 1, "single": 0},
    "largest_branch": {"branch_id": "x", "size": 48},
    "smallest_branch": {"branch_id": "y", "size": 12},
    "first_choice_share": 0.8,
    "any_team_share": 0.9,
    "comprehensive_members": 30,
    "leaders_before": 10,
    "leaders_after": 20,
    "members_per_leader_after": 7.5,
    "rules_broken": {"count": 3, "by_rule": {"size_cap": 3}},
}


# --- settings diff -------------------------------------------------------------------------------------


def test_settings_diff_lists_only_what_differs() -> None:
    base = Settings()
    cap40 = replace(base, rules=replace(base.rules, max_branch_size=40))
    pinned = replace(base, constraints=replace(base.constraints, member_pins=(MemberPin("001", "T1"),)))
    scenarios = [_scenario("A", KPIS, base), _scenario("B", KPIS, cap40), _scenario("C", KPIS, pinned)]
    diff = settings_diff(scenarios, lang="en")
    assert list(diff.columns) == ["setting", "label", "A", "B", "C"]
    assert list(diff["setting"]) == ["rules.max_branch_size", "constraints.member_pins"]
    row = diff.set_index("setting").loc["rules.max_branch_size"]
    assert (row["A"], row["B"], row["C"]) == ("50", "40", "50")
    assert row["label"] == "Branch size cap"
    assert diff.set_index("setting").at["constraints.member_pins", "C"] == "001→T1"
    assert settings_diff(scenarios[:1] * 2).empty
    assert list(settings_diff(scenarios).columns) == ["setting", "A", "B", "C"]


def test_describe_setting_shapes() -> None:
    assert describe_setting(0.30000000000000004) == "0.3"
    assert describe_setting(True) == "true"
    assert describe_setting((MemberPin("9", None),)) == "9→—"
    assert describe_setting((("a", "b"), ("c", "d"))) == "a+b; c+d"


# --- metrics -------------------------------------------------------------------------------------------


def test_metric_values_read_the_kpis() -> None:
    values = metric_values(_plan(KPIS))
    assert values["largest"] == 48 and values["smallest"] == 12
    assert values["team_branches"] == 2 and values["rules_broken"] == 3
    assert values["members_per_leader"] == 7.5 and values["objective"] == 1.0
    assert values["areas_not_optimal"] == 0
    missing = metric_values(_plan({"largest_branch": None}))
    assert missing["largest"] is None and missing["first_choice_share"] is None


def test_every_metric_has_a_direction_and_a_label() -> None:
    keys = [m.key for m in HEADLINE_METRICS]
    assert len(set(keys)) == len(keys)
    for metric in HEADLINE_METRICS:
        assert isinstance(metric.better, Better)


def test_metrics_table_marks_the_better_value_per_row() -> None:
    worse = dict(KPIS, first_choice_share=0.6, largest_branch={"branch_id": "z", "size": 55})
    worse["rules_broken"] = {"count": 1, "by_rule": {}}
    table = metrics_table([_scenario("A", KPIS), _scenario("B", worse, objective=2.0)], "en").set_index("key")
    assert list(table.columns) == ["metric", "A", "B", "better", "direction"]
    assert table.at["first_choice_share", "better"] == "A"
    assert table.at["first_choice_share", "A"] == "80.0%"
    assert table.at["largest", "better"] == "A"  # lower is better
    assert table.at["rules_broken", "better"] == "B"
    assert table.at["objective", "better"] == "B"
    assert table.at["leaders_after", "better"] == ""  # equal
    assert table.at["branches", "better"] == "" and table.at["branches", "direction"] == ""  # a trade-off
    assert table.at["largest", "direction"] == "lower is better"
    zh = metrics_table([_scenario("A", KPIS), _scenario("B", worse)], "zh").set_index("key")
    assert zh.at["largest", "metric"] != table.at["largest", "metric"]


def test_best_of_ties_and_unknowns() -> None:
    share = METRICS_BY_KEY["first_choice_share"]
    assert best_of(share, {"A": 0.5, "B": 0.7, "C": 0.7}) == ["B", "C"]
    assert best_of(share, {"A": 0.5, "B": None}) == []
    assert best_of(METRICS_BY_KEY["largest"], {"A": 30.0, "B": 40.0}) == ["A"]


# --- who moved and flow ----------------------------------------------------------------------------------


def test_who_moved_between_two_layouts(roster: Roster) -> None:
    before = _assign(
        {"001": "东区/team:T1", "002": "东区/team:T1", "003": "东区/comprehensive", "004": "西区/single"}
    )
    after = _assign(
        {
            "001": "东区/team:T1",
            "002": "东区/comprehensive",
            "003": "东区/team:T1",
            "004": "西区/single",
            "005": "西区/single",
        },
        {"003": "attached", "002": "pinned"},
    )
    moved = who_moved(roster, before, after, "en")
    assert list(moved.columns) == ["member_id", "name", "area", "from_branch", "to_branch", "why"]
    assert moved["member_id"].tolist() == ["002", "003", "005"]
    row = moved.set_index("member_id").loc["003"]
    assert (row["name"], row["area"], row["from_branch"], row["to_branch"]) == (
        "丙",
        "东区",
        "东区/comprehensive",
        "东区/team:T1",
    )
    assert row["why"] == "Attached"
    assert moved.set_index("member_id").at["005", "from_branch"] == ""  # not in the before layout
    zh = who_moved(roster, before, after, "zh").set_index("member_id")
    assert zh.at["003", "why"] == "挂靠"
    named = who_moved(roster, before, after, "en", names={"东区/team:T1": "合唱队党支部"}).set_index(
        "member_id"
    )
    assert named.at["003", "to_branch"] == "合唱队党支部"


def test_who_moved_from_todays_branches(roster: Roster) -> None:
    after = _assign(
        {
            "001": "东区/team:T1",
            "002": "东区/team:T1",
            "003": "东区/comprehensive",
            "004": "西区/single",
            "005": "西区/single",
        }
    )
    moved = who_moved(roster, None, after, "zh")
    # 西区 was one branch and stays one: nobody there moves
    assert moved["member_id"].tolist() == ["001", "002", "003"]
    assert set(moved["from_branch"]) == {"东区党支部"}
    assert current_assignments(roster)["branch_id"].tolist() == ["东区党支部"] * 3 + ["西区党支部"] * 2


def test_who_moved_with_itself_is_empty(roster: Roster) -> None:
    layout = _assign({"001": "东区/team:T1", "002": "东区/team:T1", "003": "东区/comprehensive"})
    assert who_moved(roster, layout, layout, "en").empty


def test_flow_counts_members_per_source_and_target() -> None:
    before = _assign({"001": "a", "002": "a", "003": "b", "004": "c"})
    after = _assign({"001": "x", "002": "x", "003": "x", "005": "y"})
    flows = flow(before, after)
    assert list(flows.columns) == ["source", "target", "members"]
    assert flows.iloc[0].tolist() == ["a", "x", 2]  # largest first
    as_set = {(s, t, n) for s, t, n in flows.itertuples(index=False)}
    assert as_set == {("a", "x", 2), ("b", "x", 1), ("c", "", 1), ("", "y", 1)}
    assert flows["members"].sum() == 5
