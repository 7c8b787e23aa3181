"""Encode a roster and settings into the per-area data the model is built from.

Areas are planned independently. For each area this module computes:

* the teams that can host a branch (teams some member of the area lists), with their counts;
* the *slots*: candidate branches the model may open — ``team`` slots (one per team, more for a
  team whose members exceed the size cap when splitting is allowed), interchangeable ``joint``
  slots and interchangeable ``comprehensive`` slots;
* the *member classes*: members with the same teams (in the same order), status, candidacy,
  mobility (and reference branch when stability counts) are interchangeable, so the model counts
  them per class and slot; pinned members and members of a keep-together/apart pair are classes of
  their own;
* the user's constraints that concern the area.

Everything here is plain data (frozen dataclasses, tuples) so it pickles cheaply to a worker.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.branch_id import BranchId, BranchKind
from planner.rules import team_branch_limit, type_class
from planner.schema import Roster, is_candidate
from planner.settings import Rules, Settings, TeamMode, Weights, goal_weights

#: ``MemberClass.pin`` value for a member pinned to a comprehensive branch.
PIN_COMPREHENSIVE = "<comprehensive>"
#: Slot kinds.
TEAM = "team"
JOINT = "joint"
COMPREHENSIVE = "comprehensive"
MOBILITY_LIMITED = frozenset({"limited", "bedridden"})


@dataclass(frozen=True)
class TeamInfo:
    """A team of the area that some member lists. Counts are over members listing it anywhere.

    ``own``: the team may get a branch of its own — it can staff one (as many full members as a
    committee needs and a candidate), or is pinned to one. ``joinable``: it may share a joint
    branch — it cannot stand alone (joint branches are for small teams), or is pinned to a joint
    branch or kept together with another team."""

    team_id: str
    name: str
    type: str
    leader_id: str
    members: int
    full: int
    candidates: int
    own: bool = True
    joinable: bool = True


@dataclass(frozen=True)
class MemberClass:
    """Interchangeable members. ``pin``: None, a team_id, or PIN_COMPREHENSIVE."""

    index: int
    teams: tuple[str, ...]
    full: bool
    candidate: bool
    mobility: str
    member_ids: tuple[str, ...]
    pin: str | None = None
    reference: str = ""

    @property
    def count(self) -> int:
        return len(self.member_ids)

    @property
    def limited(self) -> bool:
        return self.mobility in MOBILITY_LIMITED

    @property
    def singleton(self) -> bool:
        return self.pin is not None or len(self.member_ids) == 1


@dataclass(frozen=True)
class Slot:
    """A branch the model may open. ``copy`` is 1-based (team split number, comprehensive number,
    joint slot number)."""

    index: int
    kind: str
    team_id: str = ""
    copy: int = 1

    @property
    def label(self) -> str:
        """A short ASCII name for variables and constraints."""
        return f"s{self.index}"


@dataclass(frozen=True)
class AreaData:
    """Everything the model of one area needs."""

    area: str
    rules: Rules
    weights: Weights
    penalty: float
    teams: tuple[TeamInfo, ...]
    classes: tuple[MemberClass, ...]
    slots: tuple[Slot, ...]
    #: pairs of class indexes (both singleton classes of this area)
    members_together: tuple[tuple[int, int], ...] = ()
    members_apart: tuple[tuple[int, int], ...] = ()
    #: team_id -> TeamMode value
    team_pins: tuple[tuple[str, str], ...] = ()
    teams_together: tuple[tuple[str, str], ...] = ()
    teams_apart: tuple[tuple[str, str], ...] = ()
    #: reference joint branches (sorted team tuples) whose members stability rewards
    reference_joints: tuple[tuple[str, ...], ...] = ()
    #: violations the model cannot avoid whatever it does (e.g. a pin to an unknown team), in
    #: penalty units; added to the objective as a constant so it matches the layout objective
    constant_penalties: tuple[tuple[str, float], ...] = ()
    #: the model opens at most this many branches (0: no limit but the slots); set when the layouts
    #: with more are proven worse than one in hand (see branches_worth_searching)
    max_branches: int = 0

    @property
    def constant_penalty_units(self) -> float:
        """The constant violations in weighted penalty units (times ``penalty``)."""
        return sum(RULE_WEIGHTS[rule] * units for rule, units in self.constant_penalties)

    @property
    def n_members(self) -> int:
        return sum(c.count for c in self.classes)

    @property
    def team_index(self) -> dict[str, TeamInfo]:
        return {t.team_id: t for t in self.teams}

    def slots_of(self, kind: str) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.kind == kind)

    def team_slots(self, team_id: str) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.kind == TEAM and s.team_id == team_id)


#: Penalty multipliers per rule (times ``AreaData.penalty``) and unit. Pins are the user's word,
#: so they weigh most; a committee short of candidates is common and weighs least.
RULE_WEIGHTS: dict[str, float] = {
    "size_cap": 2.0,  # per member over the cap
    "min_full_members": 1.0,  # per full member missing
    "secretary_candidate": 2.0,  # per branch without a candidate
    "committee_candidates": 0.5,  # per committee candidate missing
    "joint_teams": 1.0,  # per team outside the 2..5 range of a joint branch
    "joint_types": 1.0,  # per type class beyond the first in a joint branch
    "team_split": 1.0,  # per branch on a team beyond what team_branch_limit allows (never in a model)
    "member_placed": 5.0,  # per member not placed, placed twice or in another area's branch
    "through_team": 1.0,  # per member in a team/joint branch of none of their teams, not attached
    "party_groups": 1.0,  # per full member missing to lead the groups a branch needs
    "mobility_share": 1.0,  # per bedridden/limited member above the share
    "member_pin": 3.0,
    "members_together": 3.0,
    "members_apart": 3.0,
    "team_pin": 3.0,
    "teams_together": 3.0,
    "teams_apart": 3.0,
}


def penalty_unit(weights: Weights) -> float:
    """One penalty unit: far above what any single member or branch can gain in goals."""
    return max(1000.0, 50.0 * sum(goal_weights(weights).values()))


def area_members(roster: Roster, area: str) -> pd.DataFrame:
    """The members of ``area`` sorted by member_id (the order every step uses)."""
    members = roster.members
    return members[members["area"] == area].sort_values("member_id", kind="stable")


def area_teams(roster: Roster, area: str) -> pd.DataFrame:
    teams = roster.teams
    return teams[teams["area"] == area].sort_values("team_id", kind="stable")


def reference_map(reference: pd.DataFrame | None) -> dict[str, str]:
    """member_id -> branch_id of a previous plan's assignments (empty without one)."""
    if reference is None or len(reference) == 0:
        return {}
    ids = reference["member_id"].astype(str).tolist()
    branches = reference["branch_id"].astype(str).tolist()
    return dict(zip(ids, branches, strict=True))


def comprehensive_slot_count(members: int, rules: Rules, max_branches: int = 0) -> int:
    """Comprehensive slots of an area: what the cap needs, or ``max_branches`` when more (a
    layout of b branches has at most b comprehensive ones, so every layout of at most
    ``max_branches`` branches fits)."""
    by_cap = max(1, math.ceil(members / max(rules.max_branch_size, 1)))
    return max(by_cap, max_branches)


def _joint_slot_count(teams: tuple[TeamInfo, ...], rules: Rules) -> int:
    if rules.joint_max_teams < max(rules.joint_min_teams, 1) or rules.joint_min_teams < 1:
        return 0
    by_group: dict[str, int] = {}
    for team in teams:
        group = type_class(team.type, rules.joint_type_rule)
        by_group[group] = by_group.get(group, 0) + 1
    return sum(n // max(rules.joint_min_teams, 2) for n in by_group.values())


def encode_area(
    roster: Roster,
    settings: Settings,
    area: str,
    reference: pd.DataFrame | Mapping[str, str] | None = None,
    *,
    max_branches: int = 0,
) -> AreaData:
    """The model data of one area.

    ``max_branches``: when above what the cap needs, that many comprehensive slots, and the model
    opens no more branches in all (see :func:`branches_worth_searching`).

    ``reference``: a previous plan's assignments (member_id, branch_id), or that mapping; members
    are told apart by reference branch only when the stability weight counts.
    """
    rules, weights = settings.rules, settings.weights
    members = area_members(roster, area)
    teams_frame = area_teams(roster, area)
    ref = dict(reference) if isinstance(reference, Mapping) else reference_map(reference)
    use_reference = weights.stability > 0 and bool(ref)

    ids = members["member_id"].astype(str).tolist()
    team_lists: list[tuple[str, ...]] = [tuple(str(t) for t in ts) for ts in members["teams"].tolist()]
    full = (members["status"] == "full").tolist()
    cand = is_candidate(members).tolist()
    mobility = members["mobility"].astype(str).tolist()

    known = {str(t) for t in teams_frame["team_id"].tolist()}
    team_rows = {str(r.team_id): r for r in teams_frame.itertuples(index=False)}
    counts: dict[str, list[int]] = {}
    for ts, f, c in zip(team_lists, full, cand, strict=True):
        for t in dict.fromkeys(ts):
            if t in known:
                row = counts.setdefault(t, [0, 0, 0])
                row[0] += 1
                row[1] += int(f)
                row[2] += int(c)
    # a team of the area that only a pinned member is sent to can host their branch too
    for pin in settings.constraints.member_pins:
        if pin.member_id in set(ids) and pin.team_id is not None and str(pin.team_id) in known:
            counts.setdefault(str(pin.team_id), [0, 0, 0])
    teams = tuple(
        TeamInfo(
            team_id=t,
            name=str(team_rows[t].name),
            type=str(team_rows[t].type),
            leader_id=str(team_rows[t].leader_id or ""),
            members=counts[t][0],
            full=counts[t][1],
            candidates=counts[t][2],
        )
        for t in sorted(counts)
    )
    hostable = {t.team_id for t in teams}

    constraints = settings.constraints
    area_ids = set(ids)
    pins: dict[str, str] = {}
    constant: dict[str, float] = {}
    for pin in constraints.member_pins:
        if pin.member_id not in area_ids:
            continue
        # a pin to a team nobody here lists can only be honoured by a single-branch area
        pins[pin.member_id] = PIN_COMPREHENSIVE if pin.team_id is None else str(pin.team_id)

    paired: set[str] = set()
    all_ids = set(roster.members["member_id"].astype(str).tolist()) if constraints.members_together else set()
    together_ids: list[tuple[str, str]] = []
    apart_ids: list[tuple[str, str]] = []
    for pairs, out in ((constraints.members_together, together_ids), (constraints.members_apart, apart_ids)):
        for a, b in pairs:
            a, b = str(a), str(b)
            if a == b:
                if out is apart_ids and a in area_ids:
                    constant["members_apart"] = (
                        constant.get("members_apart", 0.0) + 1
                    )  # one member is never apart from itself
                continue
            if a in area_ids and b in area_ids:
                out.append((a, b))
                paired.update((a, b))
            elif out is together_ids and a in area_ids and b in all_ids:
                # together across areas cannot be honoured; it counts in the first member's area
                constant["members_together"] = constant.get("members_together", 0.0) + 1

    groups: dict[tuple[object, ...], list[str]] = {}
    order: list[tuple[object, ...]] = []
    for i, member_id in enumerate(ids):
        ts = tuple(t for t in dict.fromkeys(team_lists[i]) if t in hostable)
        ref_branch = ref.get(member_id, "") if use_reference else ""
        if member_id in pins or member_id in paired:
            key: tuple[object, ...] = ("single", member_id)
        else:
            key = (ts, full[i], cand[i], mobility[i], ref_branch)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(member_id)
    by_id = {m: i for i, m in enumerate(ids)}
    classes: list[MemberClass] = []
    for key in order:
        member_ids = tuple(groups[key])
        i = by_id[member_ids[0]]
        ts = tuple(t for t in dict.fromkeys(team_lists[i]) if t in hostable)
        pinned = pins.get(member_ids[0]) if key[0] == "single" else None
        classes.append(
            MemberClass(
                index=len(classes),
                teams=ts,
                full=bool(full[i]),
                candidate=bool(cand[i]),
                mobility=mobility[i],
                member_ids=member_ids,
                pin=pinned,
                # without the stability goal the reference does not matter to the model
                reference=ref.get(member_ids[0], "") if use_reference else "",
            )
        )
    class_of = {m: c.index for c in classes for m in c.member_ids}

    # every team may have a branch of its own or share a joint one, whatever its counts: a team
    # short of full members or candidates makes a branch that breaks a rule at its penalty, which
    # the model weighs like any other choice (the rules, not the encoder, decide)

    team_pins: list[tuple[str, str]] = []
    for team_pin in constraints.team_pins:
        if team_pin.area != area:
            continue
        if team_pin.team_id in hostable:
            team_pins.append((team_pin.team_id, TeamMode(team_pin.mode).value))
        elif TeamMode(team_pin.mode) is not TeamMode.NONE:
            constant["team_pin"] = (
                constant.get("team_pin", 0.0) + 1
            )  # a team nobody lists cannot host a branch
    teams_together: list[tuple[str, str]] = []
    teams_apart: list[tuple[str, str]] = []
    for team_pairs, team_out, rule in (
        (constraints.teams_together, teams_together, "teams_together"),
        (constraints.teams_apart, teams_apart, "teams_apart"),
    ):
        for pair_area, a, b in team_pairs:
            if pair_area != area:
                continue
            a, b = sorted((str(a), str(b)))
            if a in hostable and b in hostable:
                team_out.append((a, b))  # (t, t): together = hosted somewhere, apart = hosted nowhere
            elif rule == "teams_together":
                constant[rule] = constant.get(rule, 0.0) + 1

    slots: list[Slot] = []
    for team in teams:
        if team.own:
            for k in range(team_branch_limit(team.members, rules)):
                slots.append(Slot(len(slots), TEAM, team.team_id, k + 1))
    for k in range(_joint_slot_count(tuple(t for t in teams if t.joinable), rules)):
        slots.append(Slot(len(slots), JOINT, "", k + 1))
    n_comp = comprehensive_slot_count(len(ids), rules, max_branches)
    for k in range(n_comp):
        slots.append(Slot(len(slots), COMPREHENSIVE, "", k + 1))

    reference_joints: set[tuple[str, ...]] = set()
    if use_reference:
        joinable = {t.team_id for t in teams if t.joinable}
        for c in classes:
            parsed = BranchId.parse(c.reference, area)
            if parsed and parsed.kind is BranchKind.JOINT and all(t in joinable for t in parsed.teams):
                reference_joints.add(parsed.teams)

    return AreaData(
        area=area,
        rules=rules,
        weights=weights,
        penalty=penalty_unit(weights),
        teams=teams,
        classes=tuple(classes),
        slots=tuple(slots),
        members_together=tuple((class_of[a], class_of[b]) for a, b in together_ids),
        members_apart=tuple((class_of[a], class_of[b]) for a, b in apart_ids),
        team_pins=tuple(sorted(set(team_pins))),
        teams_together=tuple(sorted(set(teams_together))),
        teams_apart=tuple(sorted(set(teams_apart))),
        reference_joints=tuple(sorted(reference_joints)),
        constant_penalties=tuple(sorted(constant.items())),
        max_branches=max_branches,
    )


def selected_areas(roster: Roster, settings: Settings) -> list[str]:
    """The areas to plan: ``settings.areas`` (those present in the roster) or every area."""
    if settings.areas:
        present = set(roster.areas)
        return [a for a in sorted(dict.fromkeys(settings.areas)) if a in present]
    return roster.areas


def encode_roster(
    roster: Roster, settings: Settings, reference: pd.DataFrame | None = None
) -> dict[str, AreaData]:
    """``encode_area`` for every selected area, keyed by area."""
    ref = reference_map(reference)
    return {area: encode_area(roster, settings, area, ref) for area in selected_areas(roster, settings)}


# --- the area's shapes: how many branches, how many of them elect a committee ---------------------


def has_committee_rule(rules: Rules) -> bool:
    """Whether a branch within the cap can reach the committee threshold."""
    return rules.committee_min_candidates > 0 and rules.committee_threshold <= max(rules.max_branch_size, 1)


def shape_pairs(data: AreaData, most: int) -> list[tuple[int, int]]:
    """Every (branches b, committee branches k) an area's layout can have within the cap, for b up
    to ``most``: a branch below the committee threshold holds at most threshold - 1 full members
    plus the area's probationary members, so k has a least value for each b."""
    rules = data.rules
    n = data.n_members
    cap = max(rules.max_branch_size, 1)
    low = max(1, math.ceil(n / cap))
    prob = sum(c.count for c in data.classes if not c.full)
    free = rules.committee_threshold - 1
    pairs: list[tuple[int, int]] = []
    for b in range(low, max(most, low) + 1):
        if not has_committee_rule(rules):
            pairs.append((b, b))
            continue
        k_min = next((k for k in range(b + 1) if n <= free * (b - k) + prob + cap * k), b)
        pairs.extend((b, k) for k in range(k_min, b + 1))
    return pairs


def least_staffing_cost(
    b: int, k: int, cands: int, need: int, w_sec: float, w_com: float, w_depth: float
) -> float:
    """The least (secretary + committee penalty - depth reward) of b branches, k of which need a
    committee of ``need`` candidates, sharing ``cands`` candidates: x go to the b - k small
    branches, the rest to the committee branches, each filled one candidate at a time."""
    small = b - k
    best = math.inf
    for x in range(cands + 1):
        rest = cands - x
        no_secretary = (small - min(small, x)) + (k - min(k, rest))
        short = max(0, need * k - rest)
        seconds = min(small, max(0, x - small)) + min(k, max(0, rest - k))
        best = min(best, w_sec * no_secretary + w_com * short - w_depth * seconds)
    return best


def shape_staffing_cost(data: AreaData, b: int, k: int) -> float:
    """least_staffing_cost for the area's candidates and weights (k committee branches)."""
    rules = data.rules
    cands = sum(c.count for c in data.classes if c.candidate)
    need = rules.committee_min_candidates if has_committee_rule(rules) else 0
    return least_staffing_cost(
        b,
        k if need else 0,
        cands,
        need,
        data.penalty * RULE_WEIGHTS["secretary_candidate"],
        data.penalty * RULE_WEIGHTS["committee_candidates"],
        data.weights.leadership_depth,
    )


def shape_spread(data: AreaData, b: int, k: int) -> int:
    """The least spread (largest minus smallest branch) of a layout of shape (b, k)."""
    rules = data.rules
    n = data.n_members
    cap = max(rules.max_branch_size, 1)
    free = rules.committee_threshold - 1
    prob = sum(c.count for c in data.classes if not c.full)
    largest, smallest = math.ceil(n / b), n // b
    small_size = free + prob
    if has_committee_rule(rules) and k < b and small_size < cap:
        smallest = min(smallest, small_size)
        if k > 0:
            largest = max(largest, math.ceil((n - free * (b - k) - prob) / k))
    return max(0, largest - smallest)


def shape_upper_bound(data: AreaData, b: int, k: int) -> float:
    """An upper bound of the objective of every layout of the area with b branches, k of them with
    a committee to elect: every member with a team in a branch of their first-choice team, every
    bedridden/limited member placed as asked, every member kept, no rule broken but the staffing
    rules at their least cost for (b, k), the least spread of the shape."""
    w = data.weights
    goals = 0.0
    for c in data.classes:
        if c.teams:
            goals += c.count * (w.first_choice + w.any_team)
        if c.limited:
            goals += c.count * w.mobility
        if c.reference:
            goals += c.count * w.stability
    return (
        goals
        - w.lean * b
        - w.balance * shape_spread(data, b, k)
        - shape_staffing_cost(data, b, k)
        - data.penalty * data.constant_penalty_units
    )


def branches_worth_searching(data: AreaData, incumbent: float, most: int) -> int:
    """The largest number of branches (up to ``most``) a layout scoring at least ``incumbent``
    (the objective of a layout in hand) can have: shapes whose upper bound is below it are cut off
    with proof. At least what the cap needs."""
    cap = max(data.rules.max_branch_size, 1)
    worth = max(1, math.ceil(data.n_members / cap))
    # a first cut, linear in b: beyond the candidates every further branch lacks a secretary
    # candidate, and no layout earns more than every second-candidate reward
    cands = sum(c.count for c in data.classes if c.candidate)
    best_goals = shape_upper_bound(data, 1, 1) + shape_staffing_cost(data, 1, 1) + data.weights.lean * 1
    best_goals = max(best_goals, best_goals + data.weights.balance * shape_spread(data, 1, 1))
    w_sec = data.penalty * RULE_WEIGHTS["secretary_candidate"]
    depth_max = data.weights.leadership_depth * (cands // 2)
    while most > worth and (
        best_goals + depth_max - data.weights.lean * most - w_sec * max(0, most - cands) < incumbent
    ):
        most -= 1
    for b, k in shape_pairs(data, most):
        if shape_upper_bound(data, b, k) >= incumbent - 1e-6 * max(1.0, abs(incumbent)):
            worth = max(worth, b)
    return worth
