"""The model's objective evaluated on any layout of one area.

It is the same quantity the model maximises (planner.model), computed from who sits where, so the
greedy layout, a manual edit and the model's own solution are scored alike:

goals (weights in ``settings.weights``)
    + first_choice per member in a branch built on their first-choice team
    + any_team per member in a branch built on any team of theirs
    + mobility per bedridden/limited member placed as the setting asks (with a team of theirs
      where they have one / anywhere / in a comprehensive or single branch)
    - balance per member of spread between the area's largest and smallest branch
    - lean per branch
    + leadership_depth per branch with two or more candidates
    + stability per member in the branch (same id) the reference plan had them in
    - attached per member in a team or joint branch built on none of their teams
penalties (``penalty_unit(weights)`` times ``planner.encode.RULE_WEIGHTS[rule]`` per unit)
    for every rule the layout breaks, by how much (see :func:`objective_terms`); e.g. members over
    the cap, full members missing, branches without a secretary candidate, committee candidates
    missing, whole bedridden/limited members above the share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.encode import MOBILITY_LIMITED, RULE_WEIGHTS, penalty_unit, reference_map
from planner.model import mobility_excess
from planner.plan import Layout
from planner.rules import TEAM_KINDS, type_class
from planner.schema import Roster, is_candidate
from planner.settings import MobilityPlacement, Settings, TeamMode


@dataclass(frozen=True)
class ObjectiveTerms:
    """The parts of the objective: goal counts and penalty units per rule."""

    first_choice: int
    any_team: int
    mobility: int
    spread: int
    branches: int
    depth: int
    kept: int
    attached: int
    penalties: dict[str, float]

    def value(self, settings: Settings) -> float:
        w = settings.weights
        unit = penalty_unit(w)
        goals = (
            w.first_choice * self.first_choice
            + w.any_team * self.any_team
            + w.mobility * self.mobility
            - w.balance * self.spread
            - w.lean * self.branches
            + w.leadership_depth * self.depth
            + w.stability * self.kept
            - w.attached * self.attached
        )
        return goals - unit * sum(RULE_WEIGHTS[rule] * units for rule, units in self.penalties.items())


def layout_objective(
    roster: Roster,
    layout: Layout,
    settings: Settings,
    area: str,
    reference: pd.DataFrame | None = None,
) -> float:
    """The model's objective (goals and rule penalties) on ``layout``'s branches of ``area``."""
    return objective_terms(roster, layout, settings, area, reference).value(settings)


def objective_terms(
    roster: Roster,
    layout: Layout,
    settings: Settings,
    area: str,
    reference: pd.DataFrame | Mapping[str, str] | None = None,
) -> ObjectiveTerms:
    """The goal counts and rule penalty units of ``area`` in ``layout``."""
    rules, weights = settings.rules, settings.weights
    members = roster.members[roster.members["area"] == area]
    teams = roster.teams[roster.teams["area"] == area]
    known = set(teams["team_id"].astype(str).tolist())
    team_type = dict(zip(teams["team_id"].astype(str), teams["type"].astype(str), strict=True))
    ids = members["member_id"].astype(str).tolist()
    in_area = set(ids)
    member_teams = {
        m: tuple(t for t in dict.fromkeys(str(x) for x in ts) if t in known)
        for m, ts in zip(ids, members["teams"].tolist(), strict=True)
    }
    full = dict(zip(ids, (members["status"] == "full").tolist(), strict=True))
    cand = dict(zip(ids, is_candidate(members).tolist(), strict=True))
    limited = dict(zip(ids, members["mobility"].isin(MOBILITY_LIMITED).tolist(), strict=True))

    b = layout.branches.drop_duplicates("branch_id")
    branch_area = dict(zip(b["branch_id"].astype(str), b["area"].astype(str), strict=True))
    kind = dict(zip(b["branch_id"].astype(str), b["kind"].astype(str), strict=True))
    branch_teams = {
        bid: tuple(str(t) for t in ts) for bid, ts in zip(b["branch_id"].astype(str), b["teams"], strict=True)
    }

    a = layout.assignments
    all_area = dict(
        zip(roster.members["member_id"].astype(str), roster.members["area"].astype(str), strict=True)
    )
    pen: dict[str, float] = {}

    def add(rule: str, units: float) -> None:
        if units > 0:
            pen[rule] = pen.get(rule, 0.0) + units

    # --- who sits where -------------------------------------------------------------------
    rows = list(
        zip(
            a["member_id"].astype(str).tolist(),
            a["branch_id"].astype(str).tolist(),
            a["reason"].astype(str).tolist() if "reason" in a.columns else [""] * len(a),
            strict=True,
        )
    )
    # as the rule checker counts member_placed: an unknown branch, another area's branch, a
    # member not in the roster (in this area's branch), missing, placed more than once
    known_ids = set(all_area)
    placements: dict[str, list[str]] = {}
    valid: dict[str, int] = {}
    members_of: dict[str, list[tuple[str, str]]] = {}
    for mid, bid, reason in rows:
        b_area = branch_area.get(bid)
        if mid in in_area:
            if b_area is None:
                add("member_placed", 1)
                continue
            valid[mid] = valid.get(mid, 0) + 1
            if b_area != area:
                add("member_placed", 1)
                continue
            placements.setdefault(mid, []).append(bid)
            members_of.setdefault(bid, []).append((mid, reason))
        elif b_area == area:
            if mid not in known_ids:
                add("member_placed", 1)
            members_of.setdefault(bid, []).append((mid, reason))  # counts in the branch's size
    for mid in ids:
        n = valid.get(mid, 0)
        add("member_placed", 1 if n == 0 else n - 1)
    where = {mid: bids[0] for mid, bids in placements.items()}

    # --- goals ----------------------------------------------------------------------------
    first_choice = any_team = mobility = kept = attached = 0
    placement = rules.mobility_placement
    ref = dict(reference) if isinstance(reference, Mapping) else reference_map(reference)
    for mid, bids in placements.items():
        for bid in bids:
            hosted = branch_teams.get(bid, ())
            mine = member_teams[mid]
            through = any(t in hosted for t in mine)
            if through:
                any_team += 1
                if mine[0] in hosted:
                    first_choice += 1
            elif kind.get(bid) in TEAM_KINDS:
                attached += 1
            if limited[mid] and _placed_as_asked(placement, through, bool(mine), kind.get(bid, "")):
                mobility += 1
            if weights.stability and ref.get(mid) == bid:
                kept += 1
    # the model rewards an unplaced bedridden/limited member with no team under WITH_TEAM and
    # every one under SPREAD as a constant; do the same so a missing member costs only its penalty
    for mid in ids:
        if limited[mid] and mid not in placements:
            mine = member_teams[mid]
            if placement is MobilityPlacement.SPREAD or (
                placement is MobilityPlacement.WITH_TEAM and not mine
            ):
                mobility += 1

    # --- per branch -----------------------------------------------------------------------
    sizes: list[int] = []
    depth = 0
    cap = rules.max_branch_size
    for bid in sorted(members_of):
        if branch_area.get(bid) != area:
            continue
        people = [m for m, _ in members_of[bid]]
        size = len(people)
        n_full = sum(full.get(m, False) for m in people)
        n_cand = sum(cand.get(m, False) for m in people)
        n_lim = sum(limited.get(m, False) for m in people)
        sizes.append(size)
        depth += n_cand >= 2
        add("size_cap", max(0, size - cap))
        add("min_full_members", max(0, rules.min_full_members - n_full))
        add("secretary_candidate", 1 if n_cand < 1 else 0)
        if (
            n_full >= rules.committee_threshold
            and rules.committee_min_candidates > 0
            and rules.committee_threshold <= cap
        ):
            add("committee_candidates", max(0, rules.committee_min_candidates - n_cand))
        if size >= rules.group_threshold and rules.group_threshold <= cap:
            add("party_groups", max(0, 2 - n_full))
        exempt = placement is MobilityPlacement.COMPREHENSIVE and kind[bid] in ("comprehensive", "single")
        if not exempt and rules.max_mobility_share < 1 and n_lim > 0:
            add("mobility_share", mobility_excess(n_lim, size, rules.max_mobility_share))
        hosted = branch_teams.get(bid, ())
        if kind[bid] == "joint":
            add(
                "joint_teams",
                max(0, rules.joint_min_teams - len(hosted)) + max(0, len(hosted) - rules.joint_max_teams),
            )
            classes = {type_class(team_type.get(t, "other"), rules.joint_type_rule) for t in hosted}
            add("joint_types", max(0, len(classes) - 1))
        if kind[bid] in TEAM_KINDS:
            for mid, reason in members_of[bid]:
                outside = mid in member_teams and not any(t in hosted for t in member_teams[mid])
                if outside and (not rules.allow_attached or reason not in ("attached", "pinned")):
                    add("through_team", 1)

    # --- the user's constraints -----------------------------------------------------------
    cons = settings.constraints
    for pin in cons.member_pins:
        if pin.member_id not in in_area:
            continue
        pinned_in = where.get(pin.member_id)
        ok = pinned_in is not None and (
            kind[pinned_in] == "single"
            or (pin.team_id is None and kind[pinned_in] == "comprehensive")
            or (
                pin.team_id is not None
                and kind[pinned_in] in TEAM_KINDS
                and pin.team_id in branch_teams[pinned_in]
            )
        )
        add("member_pin", 0 if ok else 1)
    for x, y in cons.members_together:
        if x in in_area and y in all_area:
            bx, by = where.get(x), where.get(y)
            add("members_together", 1 if (bx is None or bx != by) else 0)
    for x, y in cons.members_apart:
        if x in in_area and y in all_area:
            bx, by = where.get(x), where.get(y)
            add("members_apart", 1 if (bx is not None and bx == by) else 0)
    hosts: dict[str, list[str]] = {}
    for bid in members_of:
        if branch_area.get(bid) == area and kind[bid] in TEAM_KINDS:
            for t in branch_teams[bid]:
                hosts.setdefault(t, []).append(bid)
    for tp in cons.team_pins:
        if tp.area != area:
            continue
        where_t = hosts.get(tp.team_id, [])
        mode = TeamMode(tp.mode)
        if mode is TeamMode.OWN:
            add("team_pin", 0 if any(kind[h] == "team" for h in where_t) else 1)
        elif mode is TeamMode.JOINT:
            add("team_pin", 0 if any(kind[h] == "joint" for h in where_t) else 1)
        else:
            add("team_pin", 1 if where_t else 0)
    for pair_area, x, y in cons.teams_together:
        if pair_area == area:
            add("teams_together", 0 if set(hosts.get(x, [])) & set(hosts.get(y, [])) else 1)
    for pair_area, x, y in cons.teams_apart:
        if pair_area == area:
            add("teams_apart", 1 if set(hosts.get(x, [])) & set(hosts.get(y, [])) else 0)

    return ObjectiveTerms(
        first_choice=first_choice,
        any_team=any_team,
        mobility=mobility,
        spread=(max(sizes) - min(sizes)) if sizes else 0,
        branches=len(sizes),
        depth=depth,
        kept=kept,
        attached=attached,
        penalties=pen,
    )


def _placed_as_asked(placement: MobilityPlacement, through: bool, has_teams: bool, kind: str) -> bool:
    """A bedridden/limited member placed as the mobility setting asks."""
    if placement is MobilityPlacement.SPREAD:
        return True
    if placement is MobilityPlacement.WITH_TEAM:
        return through or not has_teams
    return kind in ("comprehensive", "single")


def objective_bound_ok(value: float, other: float, tolerance: float = 1e-6) -> bool:
    """``value`` is at least ``other`` up to rounding (for "the model is never worse")."""
    return value >= other - tolerance * max(1.0, abs(other))
