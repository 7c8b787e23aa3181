"""Hand edits of a plan: moves, undo/redo, the instant re-check, and re-planning around them.

A :class:`Move` puts one member into a branch of their area. Moves are kept as a list against a
base plan (the scenario's parent), so undo is just "one move fewer" and the re-check always
starts from the same base. :func:`recheck` re-staffs and re-checks only the areas a move
touches, which keeps it well under half a second on a whole community.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.branch_id import BranchId, BranchKind, format_branch_id
from planner.plan import LAYOUT_BRANCH_COLUMNS, VIOLATION_COLUMNS, Layout, Plan, SolveStatus
from planner.schema import Roster
from planner.settings import PRESETS, Constraints, MemberPin, Settings

if TYPE_CHECKING:
    import threading

    from planner.runner import AreaProgress

#: Reason given to a member placed by hand (the user pinned them there).
MOVED_REASON = "pinned"

#: Stability weight used when re-planning around hand moves, unless the settings ask for more:
#: the "fewest changes" preset's, so the model moves as few other members as it can.
REPLAN_STABILITY = PRESETS["fewest_changes"].stability


class KeyedError(ValueError):
    """An error a user can act on; ``key``/``params`` render it in the user's language."""

    def __init__(self, key: str, **params: str):
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        from planner.i18n import t

        return t(self.key, lang, **self.params)


class EditError(KeyedError):
    """A move that cannot be applied (unknown member, branch of another area, unknown branch)."""


@dataclass(frozen=True)
class Move:
    """Put ``member_id`` into ``to_branch_id`` (a branch of the member's area; a new
    ``<area>/comprehensive#n`` id creates that comprehensive branch)."""

    member_id: str
    to_branch_id: str


@dataclass(frozen=True)
class Designate:
    """Make ``member_ids`` (full members without a backbone role) secretary/committee candidates
    in this scenario: they join ``settings.constraints.designated`` (see :func:`with_designated`),
    which every check and re-plan applies (planner.fixes.roster_for)."""

    member_ids: tuple[str, ...]


#: One hand edit: a move, or a designation of candidates.
Edit = Move | Designate


def with_designated(settings: Settings, member_ids: Iterable[str]) -> Settings:
    """``settings`` whose designated candidates also include ``member_ids`` (order kept, no repeats)."""
    held = settings.constraints.designated
    merged = tuple(dict.fromkeys((*held, *member_ids)))
    if merged == held:
        return settings
    return replace(settings, constraints=replace(settings.constraints, designated=merged))


def _new_branch(branch_id: str, area: str) -> dict[str, Any] | None:
    """The layout row of a comprehensive branch created by a move, or None if the id is not one."""
    from planner.rules import branch_name

    parsed = BranchId.parse(branch_id, area)
    if parsed is None or parsed.kind is not BranchKind.COMPREHENSIVE:
        return None
    number = parsed.index
    return {
        "branch_id": branch_id,
        "area": area,
        "kind": "comprehensive",
        "name": branch_name(area, "comprehensive", (), index=number),
    }


def new_comprehensive_id(layout: Layout, area: str) -> str:
    """The id of a comprehensive branch ``area`` does not have yet (the first free ``#n``)."""
    taken = set(layout.branches["branch_id"])
    n = 1
    while format_branch_id(area, BranchKind.COMPREHENSIVE, index=n) in taken:
        n += 1
    return format_branch_id(area, BranchKind.COMPREHENSIVE, index=n)


def apply_moves(layout: Layout, moves: Sequence[Move]) -> Layout:
    """The layout after ``moves``, applied in order (a later move of a member wins).

    A moved member gets group_id "" (groups are re-formed by staffing) and reason
    :data:`MOVED_REASON` (:func:`recheck` derives the real one from the member's teams). A
    comprehensive branch id not in the layout is created; a branch left with no member is dropped.
    Raises :class:`EditError` for a member not in the layout, a branch of another area, or an
    unknown branch that is not a comprehensive id.
    Frames keep their columns (ASSIGNMENT_COLUMNS / LAYOUT_BRANCH_COLUMNS, plus any extra).
    """
    assignments = layout.assignments
    branches = layout.branches
    if not moves:
        return Layout(assignments.copy(), branches.copy())
    area_of_member = dict(zip(assignments["member_id"], assignments["area"], strict=True))
    area_of_branch = dict(zip(branches["branch_id"], branches["area"], strict=True))
    new_rows: dict[str, dict[str, Any]] = {}
    final: dict[str, str] = {}
    for move in moves:
        area = area_of_member.get(move.member_id)
        if area is None:
            raise EditError("workshop.edit_unknown_member", member=move.member_id)
        branch_area = area_of_branch.get(move.to_branch_id)
        if branch_area is None:
            row = new_rows.get(move.to_branch_id) or _new_branch(move.to_branch_id, area)
            if row is None:
                raise EditError("workshop.edit_unknown_branch", branch=move.to_branch_id)
            new_rows[move.to_branch_id] = row
            branch_area = area
        if branch_area != area:
            raise EditError(
                "workshop.edit_other_area", member=move.member_id, branch=move.to_branch_id, area=area
            )
        final[move.member_id] = move.to_branch_id

    moved = assignments["member_id"].isin(list(final))
    target = assignments.loc[moved, "member_id"].map(final)
    changed = moved.copy()
    changed.loc[moved] = target.to_numpy() != assignments.loc[moved, "branch_id"].to_numpy()
    out = assignments.copy()
    if changed.any():
        out.loc[changed, "branch_id"] = assignments.loc[changed, "member_id"].map(final)
        out.loc[changed, "group_id"] = ""
        out.loc[changed, "reason"] = MOVED_REASON

    if new_rows:
        extra = pd.DataFrame([new_rows[b] for b in new_rows], columns=list(LAYOUT_BRANCH_COLUMNS))
        extra["teams"] = pd.Series([() for _ in new_rows], dtype=object)
        extra = extra.astype({c: branches[c].dtype for c in extra.columns if c in branches.columns})
        branches = pd.concat([branches, extra.reindex(columns=branches.columns)], ignore_index=True)
    used = set(out["branch_id"])
    kept = branches[branches["branch_id"].isin(used)].reset_index(drop=True)
    return Layout(out, kept)


def changed_members(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Members whose branch differs: member_id, area, from_branch, to_branch ("" when absent)."""
    left = before[["member_id", "area", "branch_id"]].rename(columns={"branch_id": "from_branch"})
    right = after[["member_id", "area", "branch_id"]].rename(columns={"branch_id": "to_branch", "area": "a2"})
    both = left.merge(right, on="member_id", how="outer", sort=False)
    both["area"] = both["area"].fillna(both["a2"])
    both["from_branch"] = both["from_branch"].fillna("")
    both["to_branch"] = both["to_branch"].fillna("")
    diff = both[both["from_branch"] != both["to_branch"]]
    return diff[["member_id", "area", "from_branch", "to_branch"]].reset_index(drop=True)


# --- undo / redo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditHistory:
    """Edits as steps (one step = the edits of one user action: moves, or a designation).
    ``moves`` and ``designated`` are what is in force."""

    past: tuple[tuple[Edit, ...], ...] = ()
    future: tuple[tuple[Edit, ...], ...] = ()

    @classmethod
    def from_moves(cls, moves: Iterable[Move]) -> EditHistory:
        """A history whose moves are ``moves``, one step each (e.g. a saved scenario's edits)."""
        return cls(past=tuple((m,) for m in moves))

    @property
    def moves(self) -> tuple[Move, ...]:
        return tuple(m for step in self.past for m in step if isinstance(m, Move))

    @property
    def designated(self) -> tuple[str, ...]:
        """Members designated as candidates by the steps in force, in order, without repeats."""
        ids = (x for step in self.past for e in step if isinstance(e, Designate) for x in e.member_ids)
        return tuple(dict.fromkeys(ids))

    @property
    def can_undo(self) -> bool:
        return bool(self.past)

    @property
    def can_redo(self) -> bool:
        return bool(self.future)

    def push(self, step: Edit | Sequence[Edit]) -> EditHistory:
        """Record a new step; the redo list is dropped. An empty step changes nothing."""
        edits = (step,) if isinstance(step, Move | Designate) else tuple(step)
        if not edits:
            return self
        return EditHistory((*self.past, edits), ())

    def undo(self) -> EditHistory:
        if not self.past:
            return self
        return EditHistory(self.past[:-1], (self.past[-1], *self.future))

    def redo(self) -> EditHistory:
        if not self.future:
            return self
        return EditHistory((*self.past, self.future[0]), self.future[1:])


# --- re-check --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Recheck:
    """The plan after hand moves. ``affected_branches`` are the branches a move left or joined
    (highlight them); ``affected_areas`` the areas that were re-staffed and re-checked."""

    plan: Plan
    affected_branches: frozenset[str]
    affected_areas: tuple[str, ...]
    seconds: float

    @property
    def layout(self) -> Layout:
        return self.plan.layout


def _area_roster(roster: Roster, settings: Settings, areas: Sequence[str]) -> Roster:
    """The part of ``roster`` the areas' checks need, as the runner cuts it per area (members and
    teams of the areas, plus partners of their keep-together/apart pairs)."""
    from planner.runner import area_roster

    parts = [area_roster(roster, settings, area) for area in areas]
    if len(parts) == 1:
        return parts[0]
    members = pd.concat([p.members for p in parts], ignore_index=True).drop_duplicates("member_id")
    teams = pd.concat([p.teams for p in parts], ignore_index=True)
    return replace(roster, members=members.reset_index(drop=True), teams=teams.reset_index(drop=True))


def _splice(
    base: pd.DataFrame, new: pd.DataFrame, areas: Sequence[str], order: Sequence[str]
) -> pd.DataFrame:
    """``base`` with the rows of ``areas`` replaced by ``new``; areas stay in ``order``."""
    kept = base[~base["area"].isin(list(areas))]
    frames = [f for f in (kept, new.reindex(columns=base.columns)) if len(f)]
    if not frames:
        return base.iloc[0:0].copy()
    merged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    rank = {a: i for i, a in enumerate(order)}
    key = merged["area"].map(rank).fillna(len(rank)).to_numpy()
    return merged.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def _area_order(plan: Plan) -> list[str]:
    return list(dict.fromkeys(plan.assignments["area"].tolist()))


def affected(
    before: Layout, after: Layout, diff: pd.DataFrame | None = None
) -> tuple[frozenset[str], tuple[str, ...]]:
    """Branches a member left or joined (and branches created or dropped), and their areas.
    ``diff`` is :func:`changed_members` of the two, when the caller has it already."""
    if diff is None:
        diff = changed_members(before.assignments, after.assignments)
    branches = set(diff["from_branch"]) | set(diff["to_branch"])
    branches |= set(before.branches["branch_id"]) ^ set(after.branches["branch_id"])
    branches.discard("")
    areas = sorted(set(diff["area"]))
    return frozenset(branches), tuple(areas)


def merge_area_results(
    roster: Roster,
    base: Plan,
    areas: Sequence[str],
    *,
    settings: Settings,
    lang: str,
    assignments: pd.DataFrame,
    branches: pd.DataFrame,
    groups: pd.DataFrame,
    violations: pd.DataFrame,
    area_rows: pd.DataFrame,
) -> Plan:
    """``base`` with the given areas' frames (and rows of the per-area report) replaced, violations
    of the other areas rendered in ``lang``, and the KPIs recomputed over the whole community."""
    from planner.explain import explain
    from planner.kpis import plan_kpis

    order = _area_order(base)
    kept_violations = base.violations[~base.violations["area"].isin(list(areas))]
    if lang != base.lang and len(kept_violations):
        kept_violations = explain(
            kept_violations.reset_index(drop=True), roster, base.settings, lang, layout=base.layout
        )
    all_assignments = _splice(base.assignments, assignments, areas, order)
    all_branches = _splice(base.branches, branches, areas, order)
    all_groups = _splice(base.groups, groups, areas, order)
    all_violations = (
        _splice(kept_violations, violations, areas, order) if len(base.violations) else violations
    )
    all_violations = all_violations.reindex(columns=base.violations.columns).reset_index(drop=True)
    area_frame = _splice(base.areas, area_rows, areas, order)
    kpis = plan_kpis(roster, all_assignments, all_branches, all_groups, all_violations)
    return Plan(
        fingerprint=base.fingerprint,
        settings=settings,
        assignments=all_assignments,
        branches=all_branches,
        groups=all_groups,
        areas=area_frame,
        violations=all_violations,
        kpis=kpis,
        lang=lang,
    )


def _area_rows(
    roster: Roster,
    base: Plan,
    areas: Sequence[str],
    settings: Settings,
    layout: Layout,
    violations: pd.DataFrame,
) -> pd.DataFrame:
    """The per-area report of hand-edited areas: branch and violation counts and structure of the
    edited layout, its objective (planner.objective, without a stability reference) and the gap
    to the solver's bound; status ``edited``, and ``message`` says so in words."""
    from planner.objective import layout_objective
    from planner.solve import relative_gap

    rows = base.areas[base.areas["area"].isin(list(areas))].copy()
    n_branches = layout.branches.groupby("area").size()
    n_violations = violations.groupby("area").size()
    objectives = [layout_objective(roster, layout, settings, str(area)) for area in rows["area"]]
    bounds = [None if b is None or pd.isna(b) else float(b) for b in rows["bound"]]
    rows["branches"] = [int(n_branches.get(a, 0)) for a in rows["area"]]
    rows["violations"] = [int(n_violations.get(a, 0)) for a in rows["area"]]
    rows["structure"] = ["single" if n == 1 else "general" for n in rows["branches"]]
    rows["objective"] = objectives
    rows["gap"] = pd.Series(
        [relative_gap(o, b) for o, b in zip(objectives, bounds, strict=True)], dtype=object
    ).to_numpy()
    rows["status"] = SolveStatus.EDITED.value
    rows["message"] = "workshop.area_edited"
    return rows


def _checked(
    roster: Roster, layout: Layout, settings: Settings, areas: Sequence[str], lang: str
) -> pd.DataFrame:
    """What the runner reports for ``areas``: the pre-checks and every rule ``layout`` breaks,
    sorted and explained in ``lang``."""
    from planner.explain import explain, precheck_area
    from planner.rules import check_layout, violations_frame

    found = [precheck_area(roster, settings, area) for area in areas]
    found.append(check_layout(roster, layout, settings, areas=areas))
    merged = pd.concat([f for f in found if len(f)] or found[-1:], ignore_index=True)
    records = [
        {str(k): v for k, v in row.items()} for row in merged[list(VIOLATION_COLUMNS)].to_dict("records")
    ]
    return explain(violations_frame(records), roster, settings, lang, layout=layout, complete=True)


def _with_designated_areas(
    roster: Roster, base_plan: Plan, settings: Settings, areas: tuple[str, ...]
) -> tuple[str, ...]:
    """The areas to re-check: those moves touch, plus those of members whose designation
    changed when that is all that changed in the settings; every area for any other change."""
    base = base_plan.settings
    same_but_designated = replace(
        settings, constraints=replace(settings.constraints, designated=base.constraints.designated)
    )
    if same_but_designated != base:
        return tuple(_area_order(base_plan))
    changed = set(settings.constraints.designated) ^ set(base.constraints.designated)
    if not changed:
        return areas
    m = roster.members
    more = set(m.loc[m["member_id"].isin(changed), "area"])
    return tuple(sorted(set(areas) | more))


def recheck(roster: Roster, base_plan: Plan, moves: Sequence[Move], settings: Settings, lang: str) -> Recheck:
    """``base_plan`` after ``moves``: re-staffed (secretary, committee, party groups), re-checked
    against every rule (and the area pre-checks) with explanations in ``lang``, the per-area
    report and the KPIs recomputed.

    Only the areas a move touches are re-staffed and re-checked (all areas when ``settings``
    differ from the base plan's). Raises :class:`EditError` for a move that cannot apply."""
    from planner.fixes import roster_for
    from planner.rules import assignment_reasons
    from planner.staffing import staff_branches

    start = time.perf_counter()
    roster = roster_for(roster, settings)  # designated candidates count as candidates
    after = apply_moves(base_plan.layout, moves)
    diff = changed_members(base_plan.assignments, after.assignments)
    branches_hit, areas = affected(base_plan.layout, after, diff)
    areas = _with_designated_areas(roster, base_plan, settings, areas)
    if not areas and lang == base_plan.lang:
        return Recheck(base_plan, branches_hit, areas, time.perf_counter() - start)

    if not areas:  # nothing moved: only the messages change language
        plan = merge_area_results(
            roster,
            base_plan,
            (),
            settings=settings,
            lang=lang,
            assignments=base_plan.assignments.iloc[0:0],
            branches=base_plan.branches.iloc[0:0],
            groups=base_plan.groups.iloc[0:0],
            violations=base_plan.violations.iloc[0:0],
            area_rows=base_plan.areas.iloc[0:0],
        )
        return Recheck(plan, branches_hit, areas, time.perf_counter() - start)
    in_areas = list(areas)
    sub_roster = _area_roster(roster, settings, areas)
    sub_layout = Layout(
        after.assignments[after.assignments["area"].isin(in_areas)].reset_index(drop=True),
        after.branches[after.branches["area"].isin(in_areas)].reset_index(drop=True),
    )
    moved = set(diff["member_id"])
    if moved:
        # a moved member's reason is what the branch is to them (first choice, attached...)
        derived = assignment_reasons(sub_roster, sub_layout, settings)
        rows = sub_layout.assignments.copy()
        mask = rows["member_id"].isin(moved).to_numpy()
        rows.loc[mask, "reason"] = derived[mask].to_numpy()
        sub_layout = Layout(rows, sub_layout.branches)
    staffed_branches, groups, staffed = staff_branches(sub_roster, sub_layout, settings)
    staffed_layout = Layout(staffed, sub_layout.branches)
    violations = _checked(sub_roster, staffed_layout, settings, areas, lang)
    plan = merge_area_results(
        roster,
        base_plan,
        areas,
        settings=settings,
        lang=lang,
        assignments=staffed.reindex(columns=base_plan.assignments.columns),
        branches=staffed_branches,
        groups=groups,
        violations=violations,
        area_rows=_area_rows(sub_roster, base_plan, areas, settings, staffed_layout, violations),
    )
    return Recheck(plan, branches_hit, areas, time.perf_counter() - start)


# --- re-plan around the moves ------------------------------------------------------------------------


def _pin_team(branch_id: str, kind: str, teams: Sequence[str]) -> tuple[bool, str | None]:
    """(pinnable, team_id): the team a pin names to mean this branch, None for comprehensive."""
    if kind == "comprehensive":
        return True, None
    if kind in ("team", "joint") and len(teams):
        return True, str(teams[0])
    return False, None


def pins_from_moves(moves: Sequence[Move], layout: Layout) -> Constraints:
    """Member pins that keep each moved member where the last move put them: to the branch
    hosting the branch's (first) team, or to a comprehensive branch. ``layout`` is the layout the
    moves were applied to (or the one after them). A move into a single-branch area needs no pin.
    """
    kinds = dict(zip(layout.branches["branch_id"], layout.branches["kind"], strict=True))
    teams = dict(zip(layout.branches["branch_id"], layout.branches["teams"], strict=True))
    final: dict[str, str] = {}
    for move in moves:
        final[move.member_id] = move.to_branch_id
    pins: list[MemberPin] = []
    for member_id, branch_id in final.items():
        parsed = BranchId.parse(branch_id)
        new_comprehensive = parsed is not None and parsed.kind is BranchKind.COMPREHENSIVE
        kind = kinds.get(branch_id, "comprehensive" if new_comprehensive else "")
        pinnable, team = _pin_team(branch_id, kind, tuple(teams.get(branch_id, ())))
        if pinnable:
            pins.append(MemberPin(member_id, team))
    return Constraints(member_pins=tuple(pins))


def settings_with_pins(settings: Settings, moves: Sequence[Move], layout: Layout) -> Settings:
    """``settings`` whose member pins include the moves' (a move replaces an earlier pin of the
    same member), with the stability weight raised to at least :data:`REPLAN_STABILITY`."""
    new = pins_from_moves(moves, layout).member_pins
    moved = {p.member_id for p in new}
    constraints = settings.constraints
    pins = tuple(p for p in constraints.member_pins if p.member_id not in moved) + new
    weights = replace(settings.weights, stability=max(settings.weights.stability, REPLAN_STABILITY))
    return replace(settings, constraints=replace(constraints, member_pins=pins), weights=weights)


def replan_around(
    roster: Roster,
    base_plan: Plan,
    moves: Sequence[Move],
    settings: Settings,
    *,
    lang: str = "zh",
    progress: Callable[[AreaProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> Plan:
    """Re-plan the areas the moves touch, keeping the moved members where they were put (pins)
    and everyone else where the edited layout has them as far as the rules allow (the edited
    assignments are the runner's stability reference). Other areas keep the base plan.
    The result's settings carry the pins; its ``areas`` field is the base plan's."""
    from planner.runner import plan_community

    after = apply_moves(base_plan.layout, moves)
    _, areas = affected(base_plan.layout, after)
    pinned = settings_with_pins(settings, moves, after)
    if not areas:
        return base_plan
    partial = plan_community(
        roster,
        replace(pinned, areas=areas),
        reference=after.assignments[["member_id", "branch_id"]],
        progress=progress,
        lang=lang,
        cancel=cancel,
    )
    return merge_area_results(
        roster,
        base_plan,
        areas,
        settings=replace(pinned, areas=base_plan.settings.areas),
        lang=lang,
        assignments=partial.assignments,
        branches=partial.branches,
        groups=partial.groups,
        violations=partial.violations,
        area_rows=partial.areas,
    )
