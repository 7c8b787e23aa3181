"""The greedy baseline: what a careful person does by hand, one area at a time.

1. An area whose members fit under the cap, with a candidate and enough full members, stays a
   single branch (unless team pins or kept-together teams ask for team branches).
2. Teams by descending Party members: a team whose members (each by their first hosted choice)
   bring at least ``max(min_full_members, committee_threshold)`` full members and a candidate
   gets a branch of its own, if no team already chosen loses that by it; teams pinned "own"
   always do. A team above the cap is split (if allowed) into as many branches as the cap needs,
   its candidates and full members allow. Members go to their first hosted team with room.
3. Teams not hosted pool their remaining members (each by first pooled team) into joint branches
   of ``joint_min_teams..joint_max_teams`` teams of one type class, under the cap (first-fit,
   largest first); a joint branch without enough full members or a candidate is merged with
   another, or dissolved.
4. The rest (no team, teams not hosted, full branches; pinned to a comprehensive branch; mobility
   members when the placement says "comprehensive") go to comprehensive branches chunked by the
   cap when they can staff one; otherwise, when attaching is allowed, they are attached to team
   or joint branches with room (mobility members first, to the branch with the lowest mobility
   share). When candidates are short, fewer comprehensive branches are opened and the overflow is
   attached.
5. Kept-together and kept-apart members are fixed up where a move keeps the rules.

Deterministic; always a complete layout of the area (every member placed once).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from planner.branch_id import format_branch_id
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout
from planner.rules import (
    MOBILITY_LIMITED,
    TEAM_KINDS,
    branch_name,
    type_class,
)
from planner.schema import Roster, is_candidate
from planner.settings import MobilityPlacement, Rules, Settings, TeamMode


@dataclass
class _Branch:
    kind: str
    teams: tuple[str, ...]
    index: int = 1
    members: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[str, ...], int]:
        return (self.kind, self.teams, self.index)


@dataclass
class _Bin:
    teams: list[str]
    members: list[str]


class _Area:
    """The area's members and teams as plain Python values (fast loops, no pandas per step)."""

    def __init__(self, roster: Roster, settings: Settings, area: str) -> None:
        self.area = area
        self.rules: Rules = settings.rules
        members = roster.members[roster.members["area"] == area].sort_values("member_id", kind="stable")
        teams = roster.teams[roster.teams["area"] == area]
        self.team_type = dict(zip(teams["team_id"], teams["type"], strict=True))
        self.team_name = dict(zip(teams["team_id"], teams["name"], strict=True))
        self.ids: list[str] = members["member_id"].tolist()
        self.full = dict(zip(self.ids, (members["status"] == "full").tolist(), strict=True))
        self.cand = dict(zip(self.ids, is_candidate(members).tolist(), strict=True))
        self.mob = dict(zip(self.ids, members["mobility"].isin(MOBILITY_LIMITED).tolist(), strict=True))
        cons = settings.constraints
        self.mode = {
            p.team_id: p.mode for p in cons.team_pins if p.area == area and p.team_id in self.team_type
        }
        self.pins = {p.member_id: p.team_id for p in cons.member_pins if p.member_id in self.full}
        self.forced_comp: set[str] = set()
        self.pref: dict[str, list[str]] = {}
        self.listed: dict[str, list[str]] = {}  # the member's existing teams, in preference order
        to_comp = self.rules.mobility_placement is MobilityPlacement.COMPREHENSIVE
        for mid, listed in zip(self.ids, members["teams"], strict=True):
            pref = list(dict.fromkeys(t for t in listed if t in self.team_type))
            self.listed[mid] = list(pref)
            if mid in self.pins:
                target = self.pins[mid]
                pref = [target] if target is not None and target in self.team_type else []
                if target is None:
                    self.forced_comp.add(mid)
            elif to_comp and self.mob[mid]:
                pref = []
                self.forced_comp.add(mid)
            self.pref[mid] = [t for t in pref if self.mode.get(t) is not TeamMode.NONE]
        self.together = [(x, y) for a, x, y in cons.teams_together if a == area]
        self.apart = {frozenset((x, y)) for a, x, y in cons.teams_apart if a == area}

    def counts(self, members: Iterable[str]) -> tuple[int, int, int]:
        ms = list(members)
        return len(ms), sum(self.full[m] for m in ms), sum(self.cand[m] for m in ms)


def greedy_layout(roster: Roster, settings: Settings, area: str) -> Layout:
    """The baseline layout of ``area`` (Layout frames as in planner.plan; reasons derived)."""
    ctx = _Area(roster, settings, area)
    rules = ctx.rules
    cap = rules.max_branch_size
    n, n_full, n_cand = ctx.counts(ctx.ids)
    wants_teams = any(m in (TeamMode.OWN, TeamMode.JOINT) for m in ctx.mode.values()) or bool(ctx.together)
    if n == 0:
        branches: list[_Branch] = []
    elif n <= cap and n_cand >= 1 and n_full >= rules.min_full_members and not wants_teams:
        branches = [_Branch("single", (), members=list(ctx.ids))]
    else:
        branches = _plan_area(ctx)
    _fix_pairs(ctx, branches, settings)
    return _to_layout(ctx, branches)


def _plan_area(ctx: _Area) -> list[_Branch]:
    rules = ctx.rules
    cap = rules.max_branch_size
    own_min = max(rules.min_full_members, rules.committee_threshold)

    def first_hosted(mid: str, hosted: set[str]) -> str | None:
        return next((t for t in ctx.pref[mid] if t in hosted), None)

    # --- 2. team branches ---------------------------------------------------------------------
    listing: dict[str, int] = {}
    for mid in ctx.ids:
        for t in ctx.pref[mid]:
            listing[t] = listing.get(t, 0) + 1
    order = sorted(
        (t for t in listing if ctx.mode.get(t) not in (TeamMode.NONE, TeamMode.JOINT)),
        key=lambda t: (ctx.mode.get(t) is not TeamMode.OWN, -listing[t], t),
    )
    hosted: list[str] = []
    for team in order:
        trial = set(hosted) | {team}
        per: dict[str, list[str]] = {t: [] for t in trial}
        for mid in ctx.ids:
            got = first_hosted(mid, trial)
            if got is not None:
                per[got].append(mid)
        if ctx.mode.get(team) is TeamMode.OWN:
            hosted.append(team)
            continue

        def viable(t: str, per: dict[str, list[str]] = per) -> bool:
            _, full, cand = ctx.counts(per[t])
            return full >= own_min and cand >= 1

        if viable(team) and all(viable(t) for t in hosted if ctx.mode.get(t) is not TeamMode.OWN):
            hosted.append(team)

    host_set = set(hosted)
    prelim: dict[str, list[str]] = {t: [] for t in hosted}
    for mid in ctx.ids:
        got = first_hosted(mid, host_set)
        if got is not None:
            prelim[got].append(mid)
    pieces: dict[str, int] = {}
    for t in hosted:
        size, full, cand = ctx.counts(prelim[t])
        k = 1
        if size > cap and rules.allow_team_split:
            k = max(1, min(math.ceil(size / cap), cand, full // max(1, rules.min_full_members)))
        pieces[t] = k
    load = {t: 0 for t in hosted}
    team_members: dict[str, list[str]] = {t: [] for t in hosted}
    placed: set[str] = set()

    def priority(mid: str) -> tuple[bool, bool, int, str]:
        hosted_pos = next((i for i, t in enumerate(ctx.pref[mid]) if t in host_set), len(ctx.pref[mid]))
        return (mid not in ctx.pins, not ctx.cand[mid], hosted_pos, mid)

    for mid in sorted((m for m in ctx.ids if first_hosted(m, host_set) is not None), key=priority):
        for t in ctx.pref[mid]:
            if t in host_set and load[t] < pieces[t] * cap:
                team_members[t].append(mid)
                load[t] += 1
                placed.add(mid)
                break

    branches: list[_Branch] = []
    for t in hosted:
        ms = sorted(team_members[t], key=lambda m: (not ctx.cand[m], not ctx.full[m], m))
        k = pieces[t]
        for i in range(k):
            share = ms[i::k]
            if share:
                branches.append(_Branch("team", (t,), index=i + 1, members=share))

    # --- 3. joint branches ----------------------------------------------------------------------
    pool = {t for t in ctx.team_type if t not in host_set and ctx.mode.get(t) is not TeamMode.NONE}
    primary: dict[str, list[str]] = {}
    for mid in ctx.ids:
        if mid in placed or mid in ctx.forced_comp:
            continue
        got = next((t for t in ctx.pref[mid] if t in pool), None)
        if got is not None:
            primary.setdefault(got, []).append(mid)
    for b in _joint_bins(ctx, primary):
        branches.append(_Branch("joint", tuple(sorted(b.teams)), members=sorted(b.members)))
        placed.update(b.members)

    # --- 4. the rest ----------------------------------------------------------------------------
    rest = [m for m in ctx.ids if m not in placed]
    branches.extend(_place_rest(ctx, branches, rest))
    comp = [b for b in branches if b.kind == "comprehensive"]
    if len(branches) == 1 and comp:
        branches = [_Branch("single", (), members=comp[0].members)]
    return branches


def _joint_bins(ctx: _Area, primary: dict[str, list[str]]) -> list[_Bin]:
    rules = ctx.rules
    cap = rules.max_branch_size
    # Kept-together teams form one unit (union-find over the pairs in the pool).
    parent = {t: t for t in primary}

    def root(t: str) -> str:
        while parent[t] != t:
            t = parent[t]
        return t

    for x, y in ctx.together:
        if x in parent and y in parent:
            rx, ry = sorted((root(x), root(y)))
            parent[ry] = rx
    units: dict[str, list[str]] = {}
    for t in sorted(primary):
        units.setdefault(root(t), []).append(t)

    def unit_class(teams: list[str]) -> str:
        return type_class(ctx.team_type[teams[0]], rules.joint_type_rule)

    def size(teams: list[str]) -> int:
        return sum(len(primary[t]) for t in teams)

    def clash(a: list[str], b: list[str]) -> bool:
        return any(frozenset((x, y)) in ctx.apart for x in a for y in b)

    ordered = sorted(units.values(), key=lambda u: (unit_class(u), -size(u), u[0]))
    bins: list[tuple[str, _Bin]] = []
    for unit in ordered:
        cls = unit_class(unit)
        for c, b in bins:
            if (
                c == cls
                and len(b.teams) + len(unit) <= rules.joint_max_teams
                and len(b.members) + size(unit) <= cap
                and not clash(b.teams, unit)
            ):
                b.teams.extend(unit)
                b.members.extend(m for t in unit for m in primary[t])
                break
        else:
            bins.append((cls, _Bin(list(unit), [m for t in unit for m in primary[t]])))

    def viable(b: _Bin) -> bool:
        _, full, cand = ctx.counts(b.members)
        return len(b.teams) >= rules.joint_min_teams and full >= rules.min_full_members and cand >= 1

    def fits(a: _Bin, b: _Bin) -> bool:
        return (
            len(a.teams) + len(b.teams) <= rules.joint_max_teams
            and len(a.members) + len(b.members) <= cap
            and not clash(a.teams, b.teams)
        )

    changed = True
    while changed:
        changed = False
        for i, (cls, b) in enumerate(bins):
            if viable(b):
                continue
            partners = [j for j, (c, o) in enumerate(bins) if j != i and c == cls and fits(b, o)]
            if not partners:
                continue
            merged = {j: _Bin(b.teams + bins[j][1].teams, b.members + bins[j][1].members) for j in partners}
            j = next((j for j in partners if viable(merged[j])), partners[0])
            bins[i] = (cls, merged[j])
            del bins[j]
            changed = True
            break
    return [b for _, b in bins if viable(b)]


def _place_rest(ctx: _Area, branches: list[_Branch], rest: list[str]) -> list[_Branch]:
    """Comprehensive branches for the rest, or attachment to team/joint branches (see module doc)."""
    if not rest:
        return []
    rules = ctx.rules
    cap = rules.max_branch_size
    own_min = max(rules.min_full_members, rules.committee_threshold)
    hosts = [b for b in branches if b.kind in TEAM_KINDS]
    spare = sum(max(0, cap - len(b.members)) for b in hosts)
    r, full, cand = ctx.counts(rest)
    forced = [m for m in rest if m in ctx.forced_comp]
    viable = full >= own_min and cand >= 1
    if not (rules.allow_attached and hosts):
        keep = len(rest)
    elif viable:
        k_fit = math.ceil(max(0, r - spare) / cap)
        k = max(k_fit, min(math.ceil(r / cap), cand))
        keep = min(r, k * cap)
    else:
        keep = min(r, max(len(forced), r - spare))
    ranked = sorted(rest, key=lambda m: (m not in ctx.forced_comp, not ctx.cand[m], m))
    kept, to_attach = ranked[:keep], ranked[keep:]

    leftover: list[str] = []
    for mid in sorted(to_attach, key=lambda m: (not ctx.mob[m], m)):
        open_hosts = [b for b in hosts if len(b.members) < cap]
        if not open_hosts:
            leftover.append(mid)
            continue
        if ctx.mob[mid]:
            best = min(
                open_hosts,
                key=lambda b: (
                    (sum(ctx.mob[m] for m in b.members) + 1) / (len(b.members) + 1),
                    len(b.members),
                    b.key,
                ),
            )
        else:
            best = min(open_hosts, key=lambda b: (len(b.members), b.key))
        best.members.append(mid)
    kept = sorted(kept + leftover)
    if not kept:
        return []
    k = max(1, math.ceil(len(kept) / cap))
    dealt = sorted(kept, key=lambda m: (not ctx.cand[m], not ctx.mob[m], not ctx.full[m], m))
    return [
        _Branch("comprehensive", (), index=i + 1, members=sorted(dealt[i::k]))
        for i in range(k)
        if dealt[i::k]
    ]


def _fix_pairs(ctx: _Area, branches: list[_Branch], settings: Settings) -> None:
    """Honour kept-together / kept-apart member pairs where one move keeps the rules."""
    cons = settings.constraints
    cap = ctx.rules.max_branch_size
    if not (cons.members_together or cons.members_apart) or len(branches) < 2:
        return
    where = {m: b for b in branches for m in b.members}

    def may_join(mid: str, b: _Branch) -> bool:
        if mid in ctx.pins or len(b.members) >= cap:
            return False
        if b.kind not in TEAM_KINDS:
            return True
        return ctx.rules.allow_attached or any(t in b.teams for t in ctx.pref[mid])

    def move(mid: str, target: _Branch) -> None:
        where[mid].members.remove(mid)
        target.members.append(mid)
        where[mid] = target

    for x, y in cons.members_together:
        if x in where and y in where and where[x] is not where[y]:
            if may_join(y, where[x]):
                move(y, where[x])
            elif may_join(x, where[y]):
                move(x, where[y])
    for x, y in cons.members_apart:
        if x in where and y in where and where[x] is where[y]:
            for mid in (y, x):
                target = next((b for b in branches if b is not where[mid] and may_join(mid, b)), None)
                if target is not None:
                    move(mid, target)
                    break


def _to_layout(ctx: _Area, branches: list[_Branch]) -> Layout:
    area = ctx.area
    b_rows: list[dict[str, object]] = []
    a_ids: list[str] = []
    a_branch: list[str] = []
    a_reason: list[str] = []
    for b in sorted(branches, key=lambda b: format_branch_id(area, b.kind, b.teams, b.index)):
        if not b.members:
            continue
        bid = format_branch_id(area, b.kind, b.teams, b.index)
        names = [ctx.team_name[t] for t in b.teams]
        b_rows.append(
            {
                "branch_id": bid,
                "area": area,
                "kind": b.kind,
                "name": branch_name(area, b.kind, names, b.index),
                "teams": b.teams,
            }
        )
        a_ids.extend(b.members)
        a_branch.extend([bid] * len(b.members))
        a_reason.extend(_reason(ctx, m, b) for m in b.members)
    branches_frame = pd.DataFrame(
        {
            "branch_id": pd.Series([r["branch_id"] for r in b_rows], dtype="str"),
            "area": pd.Series([area] * len(b_rows), dtype="str"),
            "kind": pd.Series([r["kind"] for r in b_rows], dtype="str"),
            "name": pd.Series([r["name"] for r in b_rows], dtype="str"),
            "teams": pd.Series([r["teams"] for r in b_rows], dtype=object),
        }
    )[list(LAYOUT_BRANCH_COLUMNS)]
    assignments = pd.DataFrame(
        {
            "member_id": pd.Series(a_ids, dtype="str"),
            "area": pd.Series([area] * len(a_ids), dtype="str"),
            "branch_id": pd.Series(a_branch, dtype="str"),
            "group_id": pd.Series([""] * len(a_ids), dtype="str"),
            "reason": pd.Series(a_reason, dtype="str"),
        }
    )
    assignments = assignments.sort_values("member_id", kind="stable").reset_index(drop=True)
    return Layout(assignments[list(ASSIGNMENT_COLUMNS)], branches_frame)


def _reason(ctx: _Area, mid: str, b: _Branch) -> str:
    """The same reasons planner.rules.assignment_reasons derives, from the area's plain values."""
    if mid in ctx.pins:
        target = ctx.pins[mid]
        if b.kind == "single" or (b.kind == "comprehensive" if target is None else target in b.teams):
            return "pinned"
    if b.kind not in TEAM_KINDS:
        return "comprehensive"
    listed = ctx.listed[mid]
    if listed and listed[0] in b.teams:
        return "first_choice"
    return "other_team" if any(t in b.teams for t in listed) else "attached"
