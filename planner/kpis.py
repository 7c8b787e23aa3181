"""Plan KPIs: a flat, JSON-ready summary of a staffed plan."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.plan import BRANCH_KINDS, Layout
from planner.rules import RULES, TEAM_KINDS, member_team_links, placement_links
from planner.schema import Roster

#: Roles that count as a leadership position in the roster before the change (the story's
#: Kunyang counted committee members and group leaders; the secretary sits on the committee).
LEADER_ROLES_BEFORE: tuple[str, ...] = ("secretary", "committee", "group_leader")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def plan_kpis(
    roster: Roster,
    assignments: pd.DataFrame,
    branches: pd.DataFrame,
    groups: pd.DataFrame,
    violations: pd.DataFrame,
) -> dict[str, Any]:
    """KPIs of a plan (plain ints, floats, str, dicts; None where undefined).

    Keys: members, areas, general_areas (areas with more than one branch), branches,
    branches_by_kind {kind: n}, largest_branch / smallest_branch {branch_id, size} (or None),
    members_with_teams, first_choice / first_choice_share (in a branch built on their first
    team, share of members with a team), any_team / any_team_share, attached_members,
    comprehensive_members (in comprehensive branches), leaders_before (roster members with a
    secretary, committee or group-leader role in the planned areas), leaders_after (secretaries
    + committee seats besides the secretary + group leaders), members_per_leader_before / _after,
    rules_broken {count, by_rule {rule: n}} (RULES order).
    """
    placed_ids = assignments["member_id"].drop_duplicates()
    n_members = len(placed_ids)
    areas = sorted(assignments["area"].unique().tolist())
    layout = Layout(assignments, branches)
    links = placement_links(roster, layout)
    per_member = links.groupby("member_id").agg(first=("first", "any"), shares=("shares", "any"))
    team_links = member_team_links(roster.members[roster.members["member_id"].isin(placed_ids)], roster.teams)
    with_teams = int(team_links["member_id"].nunique())
    first = int(per_member["first"].sum())
    anyteam = int(per_member["shares"].sum())

    sizes = assignments.groupby("branch_id").size()
    b = branches.drop_duplicates("branch_id")
    b = b.assign(_size=b["branch_id"].map(sizes).fillna(0).astype(int).to_numpy())
    b = b[b["_size"] > 0]
    by_kind = {kind: int((b["kind"] == kind).sum()) for kind in BRANCH_KINDS}

    def pick(frame: pd.DataFrame) -> dict[str, Any] | None:
        if frame.empty:
            return None
        row = frame.iloc[0]
        return {"branch_id": str(row["branch_id"]), "size": int(row["_size"])}

    largest = pick(b.sort_values(["_size", "branch_id"], ascending=[False, True]))
    smallest = pick(b.sort_values(["_size", "branch_id"], ascending=[True, True]))
    kinds = links.drop_duplicates("member_id")
    comprehensive = int((kinds["kind"] == "comprehensive").sum())
    attached = int(links.loc[links["kind"].isin(TEAM_KINDS) & ~links["shares"], "member_id"].nunique())

    in_areas = roster.members[roster.members["area"].isin(areas)]
    before = int(in_areas["role"].isin(LEADER_ROLES_BEFORE).sum())
    after = 0
    if "secretary" in b.columns:
        secretaries = b["secretary"].fillna("")
        after += int((secretaries != "").sum())
        for sec, committee in zip(secretaries, b["committee"], strict=True):
            after += sum(1 for m in committee if m and m != sec)
    if not groups.empty:
        after += int((groups["leader"].fillna("") != "").sum())

    counts = violations["rule"].value_counts() if not violations.empty else pd.Series(dtype=int)
    by_rule = {rule: int(counts[rule]) for rule in RULES if rule in counts.index}
    by_rule.update({str(r): int(n) for r, n in counts.items() if r not in RULES})
    per_area = b.groupby("area").size()
    return {
        "members": n_members,
        "areas": len(areas),
        "general_areas": int((per_area > 1).sum()),
        "branches": len(b),
        "branches_by_kind": by_kind,
        "largest_branch": largest,
        "smallest_branch": smallest,
        "members_with_teams": with_teams,
        "first_choice": first,
        "first_choice_share": _share(first, with_teams),
        "any_team": anyteam,
        "any_team_share": _share(anyteam, with_teams),
        "attached_members": attached,
        "comprehensive_members": comprehensive,
        "leaders_before": before,
        "leaders_after": after,
        "members_per_leader_before": round(n_members / before, 2) if before else None,
        "members_per_leader_after": round(n_members / after, 2) if after else None,
        "rules_broken": {"count": len(violations), "by_rule": by_rule},
    }
