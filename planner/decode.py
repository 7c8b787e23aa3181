"""Turn a solved area model (counts per member class and slot) into a member layout.

Members of a class are interchangeable for the model; handing them out, this module prefers to
keep a member in their reference branch (a previous plan) and a team's leader in the branch built
on that team, then goes by member_id. Branch ids and names follow planner.plan's scheme (helpers
in planner.rules); an area left with one comprehensive branch has a ``single`` branch.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from planner.branch_id import BranchId, BranchKind, format_branch_id
from planner.encode import COMPREHENSIVE, JOINT, TEAM, AreaData
from planner.model import AreaModel
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout
from planner.rules import assignment_reasons, branch_name
from planner.schema import Roster
from planner.settings import Settings


def slot_solution(model: AreaModel) -> tuple[dict[int, tuple[str, ...]], dict[tuple[int, int], int]]:
    """(open slot -> teams it is built on, (class, slot) -> members) from the solved model."""
    data = model.data
    opened: dict[int, tuple[str, ...]] = {}
    for slot in data.slots:
        if (model.open[slot.index].value() or 0.0) > 0.5:
            if slot.kind == TEAM:
                opened[slot.index] = (slot.team_id,)
            elif slot.kind == JOINT:
                opened[slot.index] = tuple(
                    sorted(
                        t.team_id
                        for t in data.teams
                        if (model.y[(t.team_id, slot.index)].value() or 0.0) > 0.5
                    )
                )
            else:
                opened[slot.index] = ()
    counts: dict[tuple[int, int], int] = {}
    for key, var in model.n.items():
        value = round(var.value() or 0.0)
        if value > 0 and key[1] in opened:
            counts[key] = int(value)
    return opened, counts


def branch_ids(
    data: AreaData, opened: Mapping[int, tuple[str, ...]], sizes: Mapping[int, int]
) -> dict[int, str]:
    """Branch id per open, non-empty slot (comprehensive and split-team numbers count open ones)."""
    live = [s for s in data.slots if s.index in opened and sizes.get(s.index, 0) > 0]
    out: dict[int, str] = {}
    comp = [s for s in live if s.kind == COMPREHENSIVE]
    if len(live) == 1 and comp:
        return {comp[0].index: format_branch_id(data.area, BranchKind.SINGLE)}
    numbers: dict[str, int] = {}
    for s in live:
        key = s.team_id if s.kind == TEAM else s.kind
        numbers[key] = numbers.get(key, 0) + 1
        index = numbers[key] if s.kind != JOINT else 1
        out[s.index] = format_branch_id(data.area, s.kind, opened[s.index], index)
    return out


def decode_area(
    model: AreaModel,
    roster: Roster,
    settings: Settings,
    *,
    lang: str = "zh",
    reference: Mapping[str, str] | None = None,
) -> Layout:
    """The layout of ``model.data.area`` from the model's current solution."""
    data = model.data
    opened, counts = slot_solution(model)
    return layout_from_counts(data, opened, counts, roster, settings, lang=lang, reference=reference)


def layout_from_counts(
    data: AreaData,
    opened: Mapping[int, tuple[str, ...]],
    counts: Mapping[tuple[int, int], int],
    roster: Roster,
    settings: Settings,
    *,
    lang: str = "zh",
    reference: Mapping[str, str] | None = None,
) -> Layout:
    """The layout given open slots (with their teams) and members per (class, slot)."""
    sizes: dict[int, int] = {}
    for (_, s), k in counts.items():
        sizes[s] = sizes.get(s, 0) + k
    ids = branch_ids(data, opened, sizes)
    leaders = {t.team_id: t.leader_id for t in data.teams if t.leader_id}
    ref = reference or {}

    where: dict[str, str] = {}
    for c in data.classes:
        room = {s: k for (ci, s), k in counts.items() if ci == c.index and s in ids}
        if not room:
            continue
        slots = sorted(room)
        pending: list[str] = []
        for member in c.member_ids:
            wanted = next(
                (
                    s
                    for s in slots
                    if room[s] > 0
                    and (
                        ref.get(member) == ids[s]
                        or leaders.get(_team_of(opened[s], member, leaders)) == member
                    )
                ),
                None,
            )
            if wanted is None:
                pending.append(member)
            else:
                where[member] = ids[wanted]
                room[wanted] -= 1
        for member in pending:
            free = next((s for s in slots if room[s] > 0), None)
            if free is None:
                break  # counts short of the class: the rule checker reports the member missing
            where[member] = ids[free]
            room[free] -= 1

    team_names = {t.team_id: t.name for t in data.teams}
    rows = []
    for slot in data.slots:
        if slot.index not in ids:
            continue
        bid = ids[slot.index]
        parsed = BranchId.parse(bid, data.area)
        assert parsed is not None  # built by format_branch_id above
        kind, index = parsed.kind.value, parsed.index
        teams = opened[slot.index]
        name = branch_name(data.area, kind, [team_names.get(t, t) for t in teams], index, lang)
        rows.append((bid, data.area, kind, name, teams))
    branches = pd.DataFrame(
        {
            "branch_id": pd.Series([r[0] for r in rows], dtype="str"),
            "area": pd.Series([r[1] for r in rows], dtype="str"),
            "kind": pd.Series([r[2] for r in rows], dtype="str"),
            "name": pd.Series([r[3] for r in rows], dtype="str"),
            "teams": pd.Series([r[4] for r in rows], dtype=object),
        }
    )[list(LAYOUT_BRANCH_COLUMNS)]
    members = sorted(where)
    assignments = pd.DataFrame(
        {
            "member_id": pd.Series(members, dtype="str"),
            "area": pd.Series([data.area] * len(members), dtype="str"),
            "branch_id": pd.Series([where[m] for m in members], dtype="str"),
            "group_id": pd.Series([""] * len(members), dtype="str"),
            "reason": pd.Series([""] * len(members), dtype="str"),
        }
    )[list(ASSIGNMENT_COLUMNS)]
    layout = Layout(assignments, branches)
    assignments["reason"] = assignment_reasons(roster, layout, settings).to_numpy()
    return Layout(assignments, branches)


def _team_of(teams: tuple[str, ...], member: str, leaders: Mapping[str, str]) -> str:
    """The team among ``teams`` that ``member`` leads, or ""."""
    return next((t for t in teams if leaders.get(t) == member), "")
