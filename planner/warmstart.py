"""A starting solution for an area's model from a layout (the greedy one): every variable set to
the value that layout gives it, so a solver that takes a start (HiGHS) begins from a plan in hand.
"""

from __future__ import annotations

from typing import cast

from pulp import LpVariable

from planner.encode import COMPREHENSIVE, JOINT, PIN_COMPREHENSIVE, Slot
from planner.model import AreaModel, VarFamily, reference_joint, reference_slot
from planner.plan import Layout
from planner.rules import mobility_excess, type_class
from planner.schema import Roster


def warm_start(model: AreaModel, layout: Layout, roster: Roster) -> bool:
    """Set every variable of ``model`` to the values ``layout`` (of the model's area) gives them,
    as a starting solution. False (nothing set) when the layout does not fit the model's slots."""
    values = _start_values(model, layout, roster)
    if values is None:
        return False
    for v in model.prob.variables():
        v.setInitialValue(values.get(v, 0.0), check=False)
    return True


def _start_values(model: AreaModel, layout: Layout, roster: Roster) -> dict[LpVariable, float] | None:
    d, rules = model.data, model.data.rules
    slot_of = _map_branches(model, layout)
    if slot_of is None:
        return None
    class_of = {mid: c.index for c in d.classes for mid in c.member_ids}
    counts: dict[tuple[int, int], int] = {}
    a = layout.assignments
    for mid, bid in zip(a["member_id"].astype(str), a["branch_id"].astype(str), strict=True):
        if mid in class_of and bid in slot_of:
            key = (class_of[mid], slot_of[bid][0])
            counts[key] = counts.get(key, 0) + 1
    if sum(counts.values()) != d.n_members:
        return None
    val: dict[LpVariable, float] = {}
    for key, k in counts.items():
        if key not in model.n:
            return None
        val[model.n[key]] = k
    joint_teams: dict[int, set[str]] = {}
    opened: set[int] = set()
    for index, teams in slot_of.values():
        opened.add(index)
        val[model.open[index]] = 1
        if d.slots[index].kind == JOINT:
            joint_teams[index] = set(teams)
            for t in teams:
                val[model.y[(t, index)]] = 1
    classes = d.classes
    for (ci, index), var in model.thr.items():
        inside = any(t in joint_teams.get(index, ()) for t in classes[ci].teams)
        val[var] = counts.get((ci, index), 0) if inside else 0
    for (ci, index), var in model.fc.items():
        first = classes[ci].teams[0] if classes[ci].teams else ""
        val[var] = counts.get((ci, index), 0) if first in joint_teams.get(index, ()) else 0

    per: dict[int, list[int]] = {index: [0, 0, 0, 0] for index in opened}
    for (ci, index), k in counts.items():
        c = classes[ci]
        row = per[index]
        row[0] += k
        row[1] += k * c.full
        row[2] += k * c.candidate
        row[3] += k * c.limited
    aux = model.aux
    cap = max(rules.max_branch_size, 1)
    n_committee = 0
    for slot in d.slots:
        op = 1 if slot.index in opened else 0
        size, full, cand, lim = per.get(slot.index, [0, 0, 0, 0])
        if size > cap:
            return None
        s = slot.index
        _put(val, aux, VarFamily.MIN_FULL, s, max(0, rules.min_full_members * op - full))
        _put(val, aux, VarFamily.NOSEC, s, max(0, op - cand))
        w = 1 if op and full >= rules.committee_threshold else 0
        n_committee += w
        _put(val, aux, VarFamily.COMMITTEE, s, w)
        _put(val, aux, VarFamily.COMMITTEE_SHORT, s, max(0, rules.committee_min_candidates * w - cand))
        _put(val, aux, VarFamily.DEPTH, s, 1 if op and cand >= 2 else 0)
        g = 1 if size >= rules.group_threshold else 0
        _put(val, aux, VarFamily.GROUPS, s, g)
        _put(val, aux, VarFamily.GROUPS_SHORT, s, max(0, 2 * g - full))
        _put(val, aux, VarFamily.MOBILITY_OVER, s, mobility_excess(lim, size, rules.max_mobility_share))
    group_of = {t.team_id: type_class(t.type, rules.joint_type_rule) for t in d.teams}
    for type_key, var in aux.get(VarFamily.TYPE, {}).items():
        group, index = cast(tuple[str, int], type_key)
        val[var] = 1 if any(group_of[t] == group for t in joint_teams.get(index, ())) else 0
    shape = aux.get(VarFamily.SHAPE, {})
    if shape:
        pair = (len(opened), n_committee if aux.get(VarFamily.COMMITTEE) else len(opened))
        if pair not in shape:
            return None
        val[shape[pair]] = 1
    sizes = [per[index][0] for index in opened]
    _put(val, aux, VarFamily.BALANCE, "max", max(sizes, default=0))
    _put(val, aux, VarFamily.BALANCE, "min", min(sizes, default=0))
    single = 1 if opened == {d.slots_of(COMPREHENSIVE)[0].index} else 0
    _put(val, aux, VarFamily.SINGLE, 0, single)
    _put(val, aux, VarFamily.CONSTANT, 0, 1)
    _start_constraints(model, val, counts, joint_teams, opened, single)
    return val


def _map_branches(model: AreaModel, layout: Layout) -> dict[str, tuple[int, tuple[str, ...]]] | None:
    """branch_id -> (slot index, teams) for the layout's non-empty branches of the model's area,
    in the order the model's symmetry breaking expects; None when they do not fit the slots."""
    d = model.data
    br = layout.branches[layout.branches["area"] == d.area]
    kind = dict(zip(br["branch_id"].astype(str), br["kind"].astype(str), strict=True))
    teams_of = {
        bid: tuple(str(t) for t in ts)
        for bid, ts in zip(br["branch_id"].astype(str), br["teams"], strict=True)
    }
    size_of = layout.assignments["branch_id"].astype(str).value_counts().to_dict()
    live = [bid for bid in sorted(kind) if size_of.get(bid, 0) > 0]
    order = {t.team_id: i for i, t in enumerate(d.teams)}
    split: dict[str, list[str]] = {}
    joints: list[str] = []
    comps: list[str] = []
    for bid in live:
        teams = teams_of[bid]
        if any(t not in order for t in teams):
            return None
        if kind[bid] == "team" and len(teams) == 1:
            split.setdefault(teams[0], []).append(bid)
        elif kind[bid] == "joint" and teams:
            joints.append(bid)
        elif kind[bid] in ("comprehensive", "single"):
            comps.append(bid)
        else:
            return None
    out: dict[str, tuple[int, tuple[str, ...]]] = {}

    def place(bids: list[str], slots: tuple[Slot, ...], by_size: bool) -> bool:
        if len(bids) > len(slots):
            return False
        ranked = sorted(bids, key=lambda b: (-size_of[b], b)) if by_size else bids
        for bid, slot in zip(ranked, slots, strict=False):
            out[bid] = (slot.index, teams_of[bid])
        return True

    for team, bids in split.items():
        if not place(bids, d.team_slots(team), model.size_ordered):
            return None
    # joint slots take teams in team order (see the symmetry constraints)
    joints.sort(key=lambda b: min(order[t] for t in teams_of[b]))
    if not place(joints, d.slots_of(JOINT), False):
        return None
    if not place(comps, d.slots_of(COMPREHENSIVE), model.size_ordered):
        return None
    return out


def _start_constraints(
    model: AreaModel,
    val: dict[LpVariable, float],
    counts: dict[tuple[int, int], int],
    joint_teams: dict[int, set[str]],
    opened: set[int],
    single: int,
) -> None:
    """Start values of the user's constraints' and the stability goal's variables."""
    d, aux = model.data, model.aux
    joint_slots = d.slots_of(JOINT)
    where = {ci: index for (ci, index) in counts if d.classes[ci].singleton}
    for c in d.classes:
        if c.pin is None:
            continue
        at = where.get(c.index)
        if c.pin == PIN_COMPREHENSIVE:
            honoured = at is not None and d.slots[at].kind == COMPREHENSIVE
        else:
            in_joint = at is not None and c.pin in joint_teams.get(at, set())
            for j in joint_slots:
                _put(
                    val, aux, VarFamily.PIN_JOINT, (c.index, j.index), 1 if in_joint and at == j.index else 0
                )
            honoured = single == 1 or in_joint or (at is not None and d.slots[at].team_id == c.pin)
        _put(val, aux, VarFamily.MEMBER_PIN, c.index, 0 if honoured else 1)
    for k, (x, y) in enumerate(d.members_together):
        _put(val, aux, VarFamily.MEMBERS_TOGETHER, k, 0 if where.get(x) == where.get(y) else 1)
    for k, (x, y) in enumerate(d.members_apart):
        _put(val, aux, VarFamily.MEMBERS_APART, k, 1 if where.get(x) == where.get(y) else 0)
    hosted_in = {t: index for index, teams in joint_teams.items() for t in teams}
    for team, mode in d.team_pins:
        own = d.team_slots(team)
        own_open = 1 if own and own[0].index in opened else 0
        in_joint_team = 1 if team in hosted_in else 0
        broken = {"own": 1 - own_open, "joint": 1 - in_joint_team}.get(mode, own_open + in_joint_team)
        _put(val, aux, VarFamily.TEAM_PIN, team, broken)

    def hosted(team: str) -> bool:
        own = d.team_slots(team)
        return team in hosted_in or bool(own and own[0].index in opened)

    for k, (ta, tb) in enumerate(d.teams_together):
        same = hosted(ta) if ta == tb else ta in hosted_in and hosted_in.get(ta) == hosted_in.get(tb)
        _put(val, aux, VarFamily.TEAMS_TOGETHER, k, 0 if same else 1)
        for j in joint_slots:
            _put(
                val,
                aux,
                VarFamily.TEAMS_TOGETHER_Z,
                (k, j.index),
                1 if same and hosted_in.get(ta) == j.index else 0,
            )
    for k, (ta, tb) in enumerate(d.teams_apart):
        both = hosted(ta) if ta == tb else ta in hosted_in and hosted_in.get(ta) == hosted_in.get(tb)
        _put(val, aux, VarFamily.TEAMS_APART, k, 1 if both else 0)
    for exact_key, var in aux.get(VarFamily.EXACT_JOINT, {}).items():
        ref_teams, index = cast(tuple[tuple[str, ...], int], exact_key)
        val[var] = 1 if joint_teams.get(index) == set(ref_teams) else 0
    for kept_key, var in aux.get(VarFamily.KEPT_JOINT, {}).items():
        ci, index = cast(tuple[int, int], kept_key)
        ref_teams = reference_joint(d, d.classes[ci].reference) or ()
        val[var] = counts.get((ci, index), 0) if joint_teams.get(index) == set(ref_teams) else 0
    for ci_key, var in aux.get(VarFamily.KEPT, {}).items():
        c = d.classes[cast(int, ci_key)]
        target = reference_slot(d, c.reference)
        if target is not None:
            wanted_single = 1 if target[0] == "single" else 0
            val[var] = counts.get((c.index, target[1]), 0) if single == wanted_single else 0


def _put(
    val: dict[LpVariable, float],
    aux: dict[VarFamily, dict[object, LpVariable]],
    family: VarFamily,
    key: object,
    x: float,
) -> None:
    var = aux.get(family, {}).get(key)
    if var is not None:
        val[var] = x
