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
    for every rule the layout breaks, by how much: :func:`planner.rules.penalty_units`, the
    checker's count (the one definition of every rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.encode import MOBILITY_LIMITED, RULE_WEIGHTS, penalty_unit, reference_map
from planner.plan import Layout
from planner.rules import TEAM_KINDS, penalty_units
from planner.schema import Roster, is_candidate
from planner.settings import GOAL_SIGNS, Goal, MobilityPlacement, Settings, goal_weights


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

    def counts(self) -> dict[Goal, int]:
        """Each goal's count (the registry planner.settings.Goal)."""
        return {
            Goal.FIRST_CHOICE: self.first_choice,
            Goal.ANY_TEAM: self.any_team,
            Goal.BALANCE: self.spread,
            Goal.LEAN: self.branches,
            Goal.MOBILITY: self.mobility,
            Goal.LEADERSHIP_DEPTH: self.depth,
            Goal.STABILITY: self.kept,
            Goal.ATTACHED: self.attached,
        }

    def value(self, settings: Settings) -> float:
        weights = goal_weights(settings.weights)
        goals = sum(GOAL_SIGNS[goal] * weights[goal] * n for goal, n in self.counts().items())
        unit = penalty_unit(settings.weights)
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
    ids = members["member_id"].astype(str).tolist()
    in_area = set(ids)
    member_teams = {
        m: tuple(t for t in dict.fromkeys(str(x) for x in ts) if t in known)
        for m, ts in zip(ids, members["teams"].tolist(), strict=True)
    }
    cand = dict(zip(ids, is_candidate(members).tolist(), strict=True))
    limited = dict(zip(ids, members["mobility"].isin(MOBILITY_LIMITED).tolist(), strict=True))

    b = layout.branches.drop_duplicates("branch_id")
    branch_area = dict(zip(b["branch_id"].astype(str), b["area"].astype(str), strict=True))
    kind = dict(zip(b["branch_id"].astype(str), b["kind"].astype(str), strict=True))
    branch_teams = {
        bid: tuple(str(t) for t in ts) for bid, ts in zip(b["branch_id"].astype(str), b["teams"], strict=True)
    }

    a = layout.assignments
    # --- who sits where -------------------------------------------------------------------
    rows = list(
        zip(
            a["member_id"].astype(str).tolist(),
            a["branch_id"].astype(str).tolist(),
            a["reason"].astype(str).tolist() if "reason" in a.columns else [""] * len(a),
            strict=True,
        )
    )
    # the goals count each placement in a branch of this area; who is missing, doubled or
    # misplaced is the checker's business (member_placed)
    placements: dict[str, list[str]] = {}
    members_of: dict[str, list[tuple[str, str]]] = {}
    for mid, bid, reason in rows:
        if branch_area.get(bid) != area:
            continue
        if mid in in_area:
            placements.setdefault(mid, []).append(bid)
        members_of.setdefault(bid, []).append((mid, reason))  # every placement counts in the size

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

    # --- per branch ---------------------------------------------------------------------
    sizes: list[int] = []
    depth = 0
    for bid in sorted(members_of):
        if branch_area.get(bid) != area:
            continue
        people = [m for m, _ in members_of[bid]]
        sizes.append(len(people))
        depth += sum(cand.get(m, False) for m in people) >= 2

    return ObjectiveTerms(
        first_choice=first_choice,
        any_team=any_team,
        mobility=mobility,
        spread=(max(sizes) - min(sizes)) if sizes else 0,
        branches=len(sizes),
        depth=depth,
        kept=kept,
        attached=attached,
        # the rules broken and by how much: the checker's word (planner.rules is their one definition)
        penalties=penalty_units(roster, layout, settings, area),
    )


def _placed_as_asked(placement: MobilityPlacement, through: bool, has_teams: bool, kind: str) -> bool:
    """A bedridden/limited member placed as the mobility setting asks."""
    if placement is MobilityPlacement.SPREAD:
        return True
    if placement is MobilityPlacement.WITH_TEAM:
        return through or not has_teams
    return kind in ("comprehensive", "single")
