"""Today's structure of an area as a plan, so it can be drawn and checked like a scenario, and
how a scenario differs from it branch by branch.

Today's branches are the roster's ``current_branch`` values. They are built on no team, so a
branch of an area with several is of kind ``comprehensive``; an area with one is ``single``.
Branch ids are ``<area>/today:<current_branch>``, never equal to a planned branch's id.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from planner.compare import current_assignments, flow
from planner.explain import explain
from planner.kpis import plan_kpis
from planner.plan import LAYOUT_BRANCH_COLUMNS, Layout, Plan
from planner.rules import check_layout
from planner.schema import Roster
from planner.settings import Settings
from planner.staffing import staff_branches

#: columns of :func:`differences`
DIFFERENCE_COLUMNS: tuple[str, ...] = ("branch_id", "name", "size", "sources", "unchanged")


def today_plan(roster: Roster, area: str, settings: Settings, lang: str) -> Plan:
    """The area's branches today, staffed (secretary candidate, party groups) and checked
    against ``settings``' rules, as a Plan of that one area."""
    members = roster.members[roster.members["area"] == area].reset_index(drop=True)
    sub = replace(roster, members=members)
    today = current_assignments(sub)
    names = today["branch_id"].astype(str)
    ids = area + "/today:" + names
    single = names.nunique() == 1
    assignments = pd.DataFrame(
        {
            "member_id": today["member_id"],
            "area": area,
            "branch_id": ids,
            "group_id": "",
            "reason": "comprehensive",
        }
    )
    order = list(dict.fromkeys(ids))
    name_of = dict(zip(ids, names, strict=True))
    branches = pd.DataFrame(
        {
            "branch_id": order,
            "area": area,
            "kind": "single" if single else "comprehensive",
            "name": [name_of[b] for b in order],
            "teams": [()] * len(order),
        }
    )
    scoped = replace(settings, areas=(area,))
    staffed, groups, placed = staff_branches(sub, Layout(assignments, branches), scoped)
    layout = Layout(placed, staffed[list(LAYOUT_BRANCH_COLUMNS)])
    violations = _named(explain(check_layout(sub, layout, scoped), sub, scoped, lang), name_of)
    kpis = plan_kpis(sub, placed, staffed, groups, violations)
    report = pd.DataFrame(
        [{"area": area, "structure": "single" if single else "general", "status": "edited"}]
    )
    return Plan(roster.fingerprint, scoped, placed, staffed, groups, report, violations, kpis, lang)


def _named(violations: pd.DataFrame, name_of: dict[str, str]) -> pd.DataFrame:
    """The explanations name today's branches by their names (explain knows planned ids only)."""

    def named(text: str) -> str:
        for bid, name in name_of.items():
            text = text.replace(bid, name)
        return text

    out = violations.copy()
    out["message"] = [named(str(m)) for m in out["message"]]
    out["fixes"] = [tuple(named(str(f)) for f in fixes) for fixes in out["fixes"]]
    return out


def differences(today: Plan, scenario: Plan, area: str) -> pd.DataFrame:
    """Per branch of ``scenario`` in ``area``: where its members sit today (``sources``: tuple of
    (today's branch name, members), largest first) and whether it is one of today's branches
    unchanged (the same members exactly)."""
    before = today.assignments[today.assignments["area"] == area]
    after = scenario.assignments[scenario.assignments["area"] == area]
    moves = flow(before, after)
    today_names = dict(zip(today.branches["branch_id"], today.branches["name"], strict=True))
    today_sizes = before.groupby("branch_id").size()
    rows = []
    for row in scenario.branches[scenario.branches["area"] == area].to_dict("records"):
        bid = str(row["branch_id"])
        into = moves[moves["target"] == bid]
        sources = tuple(
            (today_names.get(s, s), int(n)) for s, n in zip(into["source"], into["members"], strict=True)
        )
        size = int(into["members"].sum())
        unchanged = len(into) == 1 and int(today_sizes.get(into["source"].iloc[0], -1)) == size
        rows.append(
            {
                "branch_id": bid,
                "name": str(row["name"]),
                "size": size,
                "sources": sources,
                "unchanged": unchanged,
            }
        )
    return pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS))


def changed_today(today: Plan, scenario: Plan, area: str) -> frozenset[str]:
    """Today's branches of ``area`` that the scenario does not keep as they are."""
    kept = set()
    diff = differences(today, scenario, area)
    by_name = dict(zip(today.branches["name"], today.branches["branch_id"], strict=True))
    for sources, unchanged in zip(diff["sources"], diff["unchanged"], strict=True):
        if unchanged:
            kept.add(by_name.get(sources[0][0], ""))
    return frozenset(set(today.branches["branch_id"]) - kept)
