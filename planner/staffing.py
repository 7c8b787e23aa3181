"""Staffing a layout: counts, secretary and committee candidates, and party groups per branch.

Deterministic: the result depends on the roster, the layout's content and the settings, not on
row order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from planner.plan import Layout
from planner.rules import MOBILITY_LIMITED, ROLE_RANK, TEAM_KINDS, member_team_links, placement_links
from planner.schema import ROLES_BACKBONE, Roster, is_candidate
from planner.settings import Rules, Settings

GROUP_COLUMNS: tuple[str, ...] = (
    "group_id",
    "branch_id",
    "area",
    "leader",
    "size",
    "full_members",
    "members",
)
STAFF_COLUMNS: tuple[str, ...] = (
    "size",
    "full_members",
    "candidates",
    "secretary",
    "committee",
    "attached",
    "mobility",
)


def staff_branches(
    roster: Roster, layout: Layout, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(branches, groups, assignments) for ``layout``.

    branches: the layout's branches plus size, full_members, candidates (full members with a
    backbone role), secretary (member_id or ""), committee (tuple of member_ids, secretary first;
    () where fewer than ``committee_threshold`` full members), attached (members of a team or
    joint branch built on none of their teams), mobility (bedridden + limited members).
    The secretary is the best candidate: role secretary > committee > group_leader > team_leader,
    a leader of one of the branch's own teams first among equals, then member_id; the committee
    is the next best up to ``committee_max_members`` seats.

    groups: GROUP_COLUMNS, one row per party group of branches with >= ``group_threshold``
    members: group_id "<branch_id>/g<n>", leader (member_id; group_leader role first, then other
    backbone, then any full member, preferring one without a branch seat), size, full_members,
    members (tuple of member_ids). Smaller branches have one implicit group "" and no row here.

    assignments: the layout's assignments with group_id filled ("" in smaller branches).
    """
    rules = settings.rules
    a = layout.assignments.reset_index(drop=True)
    branches = layout.branches.drop_duplicates("branch_id").reset_index(drop=True)
    rows = _row_attributes(roster, layout)

    stats = rows.groupby("branch_id").agg(
        size=("member_id", "size"),
        full_members=("full", "sum"),
        candidates=("cand", "sum"),
        attached=("attached", "sum"),
        mobility=("mob", "sum"),
    )
    out = branches.copy()
    for col in ("size", "full_members", "candidates", "attached", "mobility"):
        out[col] = out["branch_id"].map(stats[col]).fillna(0).astype("int64").to_numpy()

    secretary, committee = _leaders(roster, rows, branches, out, rules)
    out["secretary"] = pd.Series([secretary.get(bid, "") for bid in out["branch_id"]], dtype="str")
    out["committee"] = pd.Series([committee.get(bid, ()) for bid in out["branch_id"]], dtype=object)

    seats: dict[str, set[str]] = {
        bid: set(committee.get(bid, ())) | {secretary.get(bid, "")} for bid in out["branch_id"]
    }
    group_of = np.full(len(a), "", dtype=object)
    group_rows: list[tuple[str, str, str, str, int, int, tuple[str, ...]]] = []
    big = out[out["size"] >= rules.group_threshold].sort_values("branch_id")
    by_branch = {bid: part for bid, part in rows.groupby("branch_id", sort=True)}
    for bid, area in zip(big["branch_id"], big["area"], strict=True):
        part = by_branch[bid].sort_values(["member_id", "row"], kind="stable")
        groups = form_groups(part["full"].tolist(), part["backbone"].tolist(), part["key"].tolist(), rules)
        ids = part["member_id"].tolist()
        tiers = part["tier"].tolist()
        positions = part["row"].tolist()
        for n, members_idx in enumerate(groups, start=1):
            gid = f"{bid}/g{n}"
            for i in members_idx:
                group_of[positions[i]] = gid
            leader = min(
                (i for i in members_idx if tiers[i] < 3),
                key=lambda i: (tiers[i], ids[i] in seats[bid], ids[i]),
                default=None,
            )
            group_rows.append(
                (
                    gid,
                    bid,
                    area,
                    ids[leader] if leader is not None else "",
                    len(members_idx),
                    int(sum(tiers[i] < 3 for i in members_idx)),
                    tuple(sorted(ids[i] for i in members_idx)),
                )
            )
    groups_frame = pd.DataFrame(group_rows, columns=list(GROUP_COLUMNS)).astype(
        {
            "group_id": "str",
            "branch_id": "str",
            "area": "str",
            "leader": "str",
            "size": "int64",
            "full_members": "int64",
        }
    )
    groups_frame["members"] = pd.Series([g[6] for g in group_rows], dtype=object)
    assignments = a.copy()
    assignments["group_id"] = pd.Series(group_of, dtype="str")
    return out, groups_frame, assignments


def _row_attributes(roster: Roster, layout: Layout) -> pd.DataFrame:
    """One row per assignment row with a known branch: member attributes and the member's key team
    (the best-preferred team the branch is built on, else their first team, else "")."""
    links = placement_links(roster, layout)
    attrs = roster.members.set_index("member_id")
    rows = links[links["kind"] != ""].copy()
    mid = rows["member_id"]
    status = mid.map(attrs["status"])
    role = mid.map(attrs["role"]).fillna("none")
    rows["full"] = (status == "full").to_numpy(dtype=bool)
    rows["cand"] = mid.map(is_candidate(attrs)).fillna(False).to_numpy(dtype=bool)
    rows["backbone"] = (rows["full"] & role.isin(ROLES_BACKBONE)).to_numpy(dtype=bool)
    rows["mob"] = mid.map(attrs["mobility"]).isin(MOBILITY_LIMITED).to_numpy(dtype=bool)
    rows["attached"] = (rows["kind"].isin(TEAM_KINDS) & ~rows["shares"]).to_numpy(dtype=bool)
    rows["role_rank"] = role.map(ROLE_RANK).fillna(len(ROLE_RANK)).astype(int).to_numpy()
    # Group-leader tier: 0 full group leader, 1 other full backbone, 2 full member, 3 not full.
    rows["tier"] = np.where(
        ~rows["full"], 3, np.where(role == "group_leader", 0, np.where(rows["backbone"], 1, 2))
    )

    member_links = member_team_links(roster.members, roster.teams)
    firsts = member_links[member_links["position"] == 0]
    first = dict(zip(firsts["member_id"].tolist(), firsts["team_id"].tolist(), strict=True))
    pairs = (
        layout.branches[["branch_id", "teams"]].explode("teams").rename(columns={"teams": "team_id"}).dropna()
    )
    hits = (
        rows[["row", "member_id", "branch_id"]]
        .merge(pairs.astype({"team_id": "str"}), on="branch_id")
        .merge(member_links[["member_id", "team_id", "position"]], on=["member_id", "team_id"])
        .sort_values(["row", "position"])
        .drop_duplicates("row")
    )
    hit = dict(zip(hits["row"].tolist(), hits["team_id"].tolist(), strict=True))
    rows["key"] = pd.Series(
        [hit.get(r) or first.get(m, "") for r, m in zip(rows["row"].tolist(), mid.tolist(), strict=True)],
        index=rows.index,
        dtype="str",
    )
    return rows.reset_index(drop=True)


def _leaders(
    roster: Roster, rows: pd.DataFrame, branches: pd.DataFrame, out: pd.DataFrame, rules: Rules
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    cands = rows[rows["cand"]][["branch_id", "member_id", "role_rank"]]
    leads = roster.teams[roster.teams["leader_id"] != ""][["area", "team_id", "leader_id"]]
    pairs = (
        branches[["branch_id", "area", "teams"]]
        .explode("teams")
        .rename(columns={"teams": "team_id"})
        .dropna()
    )
    own = pairs.astype({"team_id": "str"}).merge(leads, on=["area", "team_id"])[["branch_id", "leader_id"]]
    own_set = set(zip(own["branch_id"], own["leader_id"], strict=True))
    cands = cands.assign(
        own=[
            0 if (b, m) in own_set else 1 for b, m in zip(cands["branch_id"], cands["member_id"], strict=True)
        ]
    )
    cands = cands.sort_values(["branch_id", "role_rank", "own", "member_id"]).drop_duplicates(
        ["branch_id", "member_id"]
    )
    needs = set(out.loc[out["full_members"] >= rules.committee_threshold, "branch_id"])
    secretary: dict[str, str] = {}
    committee: dict[str, tuple[str, ...]] = {}
    for bid, part in cands.groupby("branch_id", sort=True):
        ids = part["member_id"].tolist()
        secretary[str(bid)] = ids[0]
        if bid in needs:
            committee[str(bid)] = tuple(ids[: rules.committee_max_members])
    return secretary, committee


def form_groups(
    full: Sequence[bool], backbone: Sequence[bool], key: Sequence[str], rules: Rules
) -> list[list[int]]:
    """Split a branch's members (by position) into party groups.

    Group count: enough for ``group_max_size`` and at least 2, but no more than the full members
    (each group needs one) nor than ``group_min_size`` allows. Members sharing a key team stay
    together where possible (blocks placed best-fit, largest first, into equal target sizes);
    then swaps give every group a full member, and a backbone member where there are spares.
    """
    n = len(full)
    n_full = sum(full)
    k = max(2, math.ceil(n / rules.group_max_size))
    k = max(1, min(k, n_full, n // max(1, rules.group_min_size)))
    targets = [n // k + (1 if g < n % k else 0) for g in range(k)]
    blocks: dict[str, list[int]] = {}
    for i, team in enumerate(key):
        blocks.setdefault(team, []).append(i)
    ordered = sorted(blocks.items(), key=lambda kv: (-len(kv[1]), kv[0] == "", kv[0]))
    room = list(targets)
    groups: list[list[int]] = [[] for _ in range(k)]
    for _, items in ordered:
        items = list(items)
        while items:
            fits = [g for g in range(k) if room[g] >= len(items)]
            if fits:
                g = min(fits, key=lambda g: (room[g], g))
                take = len(items)
            else:
                g = max(range(k), key=lambda g: (room[g], -g))
                take = room[g]
            groups[g].extend(items[:take])
            room[g] -= take
            items = items[take:]

    def spread(pred: Callable[[int], bool]) -> None:
        for gi in range(k):
            if any(pred(x) for x in groups[gi]):
                continue
            counts = [sum(pred(x) for x in grp) for grp in groups]
            donors = [gj for gj in range(k) if counts[gj] >= 2]
            if not donors:
                return
            gj = max(donors, key=lambda g: (counts[g], -g))
            keys_i = {key[x] for x in groups[gi]}
            keys_j = {key[x] for x in groups[gj]}
            movers = [x for x in groups[gj] if pred(x)]
            mover = next((x for x in reversed(movers) if key[x] in keys_i), movers[-1])
            back = next((x for x in reversed(groups[gi]) if key[x] in keys_j), groups[gi][-1])
            groups[gj][groups[gj].index(mover)] = back
            groups[gi][groups[gi].index(back)] = mover

    spread(lambda x: bool(full[x]))
    spread(lambda x: bool(backbone[x]))
    return [sorted(grp) for grp in groups]
