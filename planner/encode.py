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
from dataclasses import dataclass, replace

import pandas as pd

from planner.branch_id import BranchId, BranchKind
from planner.rules import type_class
from planner.schema import Roster, is_candidate
from planner.settings import Rules, Settings, TeamMode, Weights

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
    constant_penalty_units: float = 0.0

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
    "joint_types": 1.0,  # per incompatible pair of teams in a joint branch
    "member_placed": 5.0,  # per member not placed, placed twice or in another area's branch
    "through_team": 1.0,  # per member outside their teams while a branch of one has room
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
    goals = (
        weights.first_choice
        + weights.any_team
        + weights.balance
        + weights.lean
        + weights.mobility
        + weights.leadership_depth
        + weights.stability
        + weights.attached
    )
    return max(1000.0, 50.0 * goals)


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


def _slot_counts(team: TeamInfo, rules: Rules) -> int:
    if not rules.allow_team_split:
        return 1
    return max(1, math.ceil(team.members / rules.max_branch_size))


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
) -> AreaData:
    """The model data of one area.

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
    constant_units = 0.0
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
                    constant_units += RULE_WEIGHTS["members_apart"]  # one member is never apart from itself
                continue
            if a in area_ids and b in area_ids:
                out.append((a, b))
                paired.update((a, b))
            elif out is together_ids and a in area_ids and b in all_ids:
                # together across areas cannot be honoured; it counts in the first member's area
                constant_units += RULE_WEIGHTS["members_together"]

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

    # a team that can staff a branch gets one or none; joint branches are for the small ones
    stand_alone = max(rules.min_full_members, rules.committee_threshold)
    pinned_modes = {p.team_id: TeamMode(p.mode) for p in constraints.team_pins if p.area == area}
    together_teams = {
        t for pair_area, a, b in constraints.teams_together if pair_area == area for t in (a, b)
    }
    teams = tuple(
        replace(
            t,
            own=(t.full >= stand_alone and t.candidates >= 1) or pinned_modes.get(t.team_id) is TeamMode.OWN,
            joinable=not (t.full >= stand_alone and t.candidates >= 1)
            or pinned_modes.get(t.team_id) is TeamMode.JOINT
            or t.team_id in together_teams,
        )
        for t in teams
    )

    team_pins: list[tuple[str, str]] = []
    for team_pin in constraints.team_pins:
        if team_pin.area != area:
            continue
        if team_pin.team_id in hostable:
            team_pins.append((team_pin.team_id, TeamMode(team_pin.mode).value))
        elif TeamMode(team_pin.mode) is not TeamMode.NONE:
            constant_units += RULE_WEIGHTS["team_pin"]  # a team nobody lists cannot host a branch
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
                constant_units += RULE_WEIGHTS[rule]

    slots: list[Slot] = []
    for team in teams:
        if team.own:
            for k in range(_slot_counts(team, rules)):
                slots.append(Slot(len(slots), TEAM, team.team_id, k + 1))
    for k in range(_joint_slot_count(tuple(t for t in teams if t.joinable), rules)):
        slots.append(Slot(len(slots), JOINT, "", k + 1))
    n_members = len(ids)
    for k in range(max(1, math.ceil(n_members / max(rules.max_branch_size, 1)))):
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
        constant_penalty_units=constant_units,
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
