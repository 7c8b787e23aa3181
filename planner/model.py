"""Build the PuLP model of one area (or, for the benchmark's reference, of several in one problem).

Formulation (see planner.encode for classes and slots):

* ``open[s]`` (binary): slot ``s`` becomes a branch; ``y[t, j]`` (binary): team ``t`` is in joint
  slot ``j``;
* ``n[c, s]`` (integer 0..|c|): members of class ``c`` in slot ``s``; ``thr[c, j]`` / ``fc[c, j]``:
  those of them in joint slot ``j`` through one of their teams / through their first-choice team;
* every rule is a soft constraint family named after the rule (``<rule>__<slot>``...), its
  violation variable penalised far above every goal — except the few the model can always keep
  (size cap, a member placed exactly once, joint team counts and types), which are hard;
* goals: first choice, any team, mobility placement, balance (largest minus smallest branch),
  lean (branches opened), leadership depth (branches with a second candidate), stability.

Interchangeable slots (joint, comprehensive, the copies of a split team) are ordered
(``open[j] >= open[j+1]``, and by size where nothing else tells them apart) so the search does not
multiply over their permutations. Expressions are built with ``LpAffineExpression``/``lpSum`` only.

:func:`planner.objective.layout_objective` computes the same objective on any layout.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from pulp import (
    LpAffineExpression,
    LpBinary,
    LpConstraint,
    LpContinuous,
    LpInteger,
    LpMaximize,
    LpProblem,
    LpVariable,
)
from pulp.constants import LpConstraintEQ, LpConstraintGE, LpConstraintLE

from planner.branch_id import BranchId, BranchKind
from planner.encode import (
    COMPREHENSIVE,
    JOINT,
    PIN_COMPREHENSIVE,
    RULE_WEIGHTS,
    TEAM,
    AreaData,
    MemberClass,
    Slot,
    least_staffing_cost,
    penalty_unit,
    shape_pairs,
)
from planner.rules import type_class
from planner.settings import JointTypeRule, MobilityPlacement, TeamMode, Weights, goal_weights

Term = tuple[LpVariable, float]


class VarFamily(StrEnum):
    """The families of the model's variables besides the member counts (``AreaModel.aux`` keys)."""

    BALANCE = "balance"
    COMMITTEE = "committee"
    COMMITTEE_SHORT = "committee_short"
    CONSTANT = "constant"
    DEPTH = "depth"
    EXACT_JOINT = "exact_joint"
    FC = "fc"
    GROUPS = "groups"
    GROUPS_SHORT = "groups_short"
    KEPT = "kept"
    KEPT_JOINT = "kept_joint"
    MEMBER_PIN = "member_pin"
    MEMBERS_APART = "members_apart"
    MEMBERS_TOGETHER = "members_together"
    MIN_FULL = "min_full"
    MOBILITY_OVER = "mobility_over"
    NOSEC = "nosec"
    OPEN = "open"
    PIN_JOINT = "pin_joint"
    SHAPE = "shape"
    SINGLE = "single"
    TEAM_PIN = "team_pin"
    TEAMS_APART = "teams_apart"
    TEAMS_TOGETHER = "teams_together"
    TEAMS_TOGETHER_Z = "teams_together_z"
    THR = "thr"
    TYPE = "type"
    Y = "y"


@dataclass
class AreaModel:
    """The variables of one area's model, kept for warm starts and decoding."""

    data: AreaData
    prob: LpProblem
    prefix: str
    open: dict[int, LpVariable] = field(default_factory=dict)
    y: dict[tuple[str, int], LpVariable] = field(default_factory=dict)
    n: dict[tuple[int, int], LpVariable] = field(default_factory=dict)
    thr: dict[tuple[int, int], LpVariable] = field(default_factory=dict)
    fc: dict[tuple[int, int], LpVariable] = field(default_factory=dict)
    #: every other variable by family name and key, for warm starts
    aux: dict[VarFamily, dict[object, LpVariable]] = field(default_factory=lambda: defaultdict(dict))
    #: rule -> violation terms (variable, penalty per unit), for reporting
    penalties: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    objective: LpAffineExpression = field(default_factory=LpAffineExpression)
    #: whether comprehensive / split-team slots are ordered by size (interchangeable)
    size_ordered: bool = True


def _expr(terms: list[Term] | list[tuple[LpVariable, int]], constant: float = 0.0) -> LpAffineExpression:
    """A linear expression from (variable, coefficient) terms; repeated variables add up (PuLP's
    constructor would keep only the last)."""
    acc: dict[LpVariable, float] = {}
    for v, k in terms:
        acc[v] = acc.get(v, 0.0) + k
    return LpAffineExpression(acc, constant=constant)


def attachable(c: MemberClass, data: AreaData) -> bool:
    """May members of ``c`` sit in a team/joint branch that is not built on one of their teams?
    Pinned members may, at the price of the through-team rule when attaching is not allowed."""
    return data.rules.allow_attached or c.pin is not None


def reference_slot(data: AreaData, reference: str) -> tuple[str, int] | None:
    """(kind, slot index) of the slot whose branch id is ``reference``; kind "single" for the
    single branch; None when no slot can carry that id."""
    parsed = BranchId.parse(reference, data.area)
    if parsed is None:
        return None
    comps = data.slots_of(COMPREHENSIVE)
    if parsed.kind is BranchKind.SINGLE:
        return ("single", comps[0].index)
    if parsed.kind is BranchKind.COMPREHENSIVE:
        copy = parsed.index
        return (COMPREHENSIVE, comps[copy - 1].index) if 1 <= copy <= len(comps) else None
    if parsed.kind is BranchKind.TEAM:
        for slot in data.team_slots(parsed.teams[0]):
            if slot.copy == parsed.index:
                return (TEAM, slot.index)
    return None


def reference_joint(data: AreaData, reference: str) -> tuple[str, ...] | None:
    """The (sorted) teams of ``reference`` when it is a joint branch id of ``data``'s area."""
    parsed = BranchId.parse(reference, data.area)
    return parsed.teams if parsed is not None and parsed.kind is BranchKind.JOINT else None


def build_area_model(data: AreaData, prob: LpProblem | None = None, prefix: str = "") -> AreaModel:
    """Add the model of ``data`` to ``prob`` (a new maximisation problem, whose objective is set,
    when None; otherwise the caller sums ``model.objective`` into its own). Returns the variables."""
    own = prob is None
    if prob is None:
        prob = LpProblem(f"area_{prefix or 'x'}", LpMaximize)
    model = AreaModel(data=data, prob=prob, prefix=prefix)
    _Builder(model).build()
    if own:
        prob.setObjective(model.objective)
    return model


class _Builder:
    def __init__(self, model: AreaModel):
        self.m = model
        self.d = model.data
        self.p = model.prefix
        self.rules = self.d.rules
        self.w = self.d.weights
        self.P = self.d.penalty
        self.cap = max(self.rules.max_branch_size, 1)
        self.obj: list[Term] = []
        self.constant = 0.0
        self.slot_terms: dict[int, list[tuple[LpVariable, MemberClass]]] = defaultdict(list)
        self.shape: dict[tuple[int, int], LpVariable] = {}
        self.shape_bounds: dict[tuple[int, int], tuple[int, int]] = {}

    # -- helpers ---------------------------------------------------------------------------
    def var(
        self, family: VarFamily, key: object, name: str, low: float, up: float | None, cat: str
    ) -> LpVariable:
        v = self.m.prob.add_variable(f"{self.p}{name}", low, up, cat)
        self.m.aux[family][key] = v
        return v

    def add(self, expr: LpAffineExpression, sense: int, rhs: float, name: str) -> None:
        self.m.prob.addConstraint(LpConstraint(expr, sense, rhs=rhs, name=f"{name}__{self.p}".rstrip("_")))

    def penalise(self, rule: str, v: LpVariable, units: float = 1.0) -> None:
        """Subtract ``units`` penalty units per unit of ``v`` (negative units offset another term)."""
        weight = self.P * RULE_WEIGHTS[rule] * units
        self.m.penalties[rule].append((v, weight))
        self.obj.append((v, -weight))

    def slot_sum(self, s: int, pick: str = "size") -> list[Term]:
        out: list[Term] = []
        for v, c in self.slot_terms[s]:
            if pick == "size" or (
                (pick == "full" and c.full)
                or (pick == "cand" and c.candidate)
                or (pick == "lim" and c.limited)
            ):
                out.append((v, 1.0))
        return out

    # -- build -----------------------------------------------------------------------------
    def build(self) -> None:
        d, m = self.d, self.m
        team_slots = d.slots_of(TEAM)
        joint_slots = d.slots_of(JOINT)
        comp_slots = d.slots_of(COMPREHENSIVE)
        for s in d.slots:
            m.open[s.index] = self.var(VarFamily.OPEN, s.index, f"open_{s.label}", 0, 1, LpBinary)
        for s in joint_slots:
            for t in d.teams:
                m.y[(t.team_id, s.index)] = self.var(
                    VarFamily.Y, (t.team_id, s.index), f"y_t{self._t(t.team_id)}_{s.label}", 0, 1, LpBinary
                )

        refs_used = any(c.reference for c in d.classes)
        comp_refs = any(
            (r := reference_slot(d, c.reference)) is not None and r[0] in (COMPREHENSIVE, "single")
            for c in d.classes
        )
        team_refs = any((r := reference_slot(d, c.reference)) is not None and r[0] == TEAM for c in d.classes)
        m.size_ordered = not refs_used

        # member counts per class and slot
        for c in d.classes:
            for s in team_slots:
                if s.team_id in c.teams or attachable(c, d):
                    self._n(c, s)
            for s in joint_slots:
                if c.teams or attachable(c, d):
                    v = self._n(c, s)
                    if c.teams:
                        self._joint_through(c, s, v)
            for s in comp_slots:
                self._n(c, s)
            self.add(
                _expr([(m.n[(c.index, s.index)], 1) for s in d.slots if (c.index, s.index) in m.n]),
                LpConstraintEQ,
                c.count,
                f"member_placed__c{c.index}",
            )

        sizes: dict[int, LpAffineExpression] = {}
        for s in d.slots:
            sizes[s.index] = self._slot_rules(s)
        self._aggregates(sizes)
        self._team_structure(team_slots, joint_slots)
        self._symmetry(team_slots, joint_slots, comp_slots, sizes, comp_refs, team_refs)
        self._through_team(team_slots, joint_slots)
        self._pins(team_slots, joint_slots, comp_slots)
        self._goals(team_slots, joint_slots, comp_slots, sizes)
        self.constant -= self.P * d.constant_penalty_units
        # the constant rides on a variable fixed at 1, so the solver's objective (and its gap) is
        # the whole objective
        one = self.var(VarFamily.CONSTANT, 0, "objective_constant", 1, 1, LpContinuous)
        m.objective = _expr([*self.obj, (one, self.constant)])

    def _t(self, team_id: str) -> int:
        return [t.team_id for t in self.d.teams].index(team_id)

    def _n(self, c: MemberClass, s: Slot) -> LpVariable:
        cat = LpBinary if c.count == 1 else LpInteger
        v = self.m.prob.add_variable(f"{self.p}n_c{c.index}_{s.label}", 0, c.count, cat)
        self.m.n[(c.index, s.index)] = v
        self.slot_terms[s.index].append((v, c))
        self.add(
            _expr([(v, 1), (self.m.open[s.index], -c.count)]),
            LpConstraintLE,
            0,
            f"link__c{c.index}_{s.label}",
        )
        return v

    def _joint_through(self, c: MemberClass, s: Slot, n: LpVariable) -> None:
        """thr <= n, thr <= |c| * sum of y over c's teams; fc likewise for the first team."""
        m = self.m
        ys = [(m.y[(t, s.index)], -c.count) for t in c.teams]
        if attachable(c, self.d):
            thr = self.var(
                VarFamily.THR, (c.index, s.index), f"thr_c{c.index}_{s.label}", 0, c.count, LpContinuous
            )
            self.add(_expr([(thr, 1), (n, -1)]), LpConstraintLE, 0, f"through__c{c.index}_{s.label}")
            self.add(_expr([(thr, 1), *ys]), LpConstraintLE, 0, f"joint_member__c{c.index}_{s.label}")
        else:
            thr = n  # these members can only be here through a team of theirs
            self.add(_expr([(n, 1), *ys]), LpConstraintLE, 0, f"joint_member__c{c.index}_{s.label}")
        m.thr[(c.index, s.index)] = thr
        if len(c.teams) > 1:
            fc = self.var(
                VarFamily.FC, (c.index, s.index), f"fc_c{c.index}_{s.label}", 0, c.count, LpContinuous
            )
            self.add(_expr([(fc, 1), (thr, -1)]), LpConstraintLE, 0, f"first__c{c.index}_{s.label}")
            self.add(
                _expr([(fc, 1), (m.y[(c.teams[0], s.index)], -c.count)]),
                LpConstraintLE,
                0,
                f"first__y_c{c.index}_{s.label}",
            )
            m.fc[(c.index, s.index)] = fc
        else:
            m.fc[(c.index, s.index)] = thr

    def _slot_rules(self, s: Slot) -> LpAffineExpression:
        rules, m, label = self.rules, self.m, s.label
        op = m.open[s.index]
        size = self.slot_sum(s.index)
        full = self.slot_sum(s.index, "full")
        cand = self.slot_sum(s.index, "cand")
        cap = self.cap
        # size cap: hard, since the comprehensive slots can always hold everyone within it
        self.add(_expr([*size, (op, -cap)]), LpConstraintLE, 0, f"size_cap__{label}")
        if rules.min_full_members > 0:
            short = self.var(
                VarFamily.MIN_FULL, s.index, f"minfull_{label}", 0, rules.min_full_members, LpContinuous
            )
            self.add(
                _expr([*full, (short, 1), (op, -rules.min_full_members)]),
                LpConstraintGE,
                0,
                f"min_full_members__{label}",
            )
            self.penalise("min_full_members", short)
        nosec = self.var(VarFamily.NOSEC, s.index, f"nosec_{label}", 0, 1, LpContinuous)
        self.add(_expr([*cand, (nosec, 1), (op, -1)]), LpConstraintGE, 0, f"secretary_candidate__{label}")
        self.penalise("secretary_candidate", nosec)
        thr = rules.committee_threshold
        need = rules.committee_min_candidates
        if need > 0 and thr <= cap:
            w = self.var(VarFamily.COMMITTEE, s.index, f"committee_{label}", 0, 1, LpBinary)
            # full members above the threshold force the committee indicator
            self.add(
                _expr([*full, (op, -(thr - 1)), (w, -(cap - thr + 1))]),
                LpConstraintLE,
                0,
                f"committee_candidates__need_{label}",
            )
            self.add(_expr([(w, 1), (op, -1)]), LpConstraintLE, 0, f"committee_candidates__open_{label}")
            short_c = self.var(VarFamily.COMMITTEE_SHORT, s.index, f"comshort_{label}", 0, need, LpContinuous)
            self.add(
                _expr([*cand, (short_c, 1), (w, -need)]), LpConstraintGE, 0, f"committee_candidates__{label}"
            )
            self.penalise("committee_candidates", short_c)
        if self.w.leadership_depth > 0:
            depth = self.var(VarFamily.DEPTH, s.index, f"depth_{label}", 0, 1, LpBinary)
            self.add(_expr([*cand, (depth, -2)]), LpConstraintGE, 0, f"depth__{label}")
            self.add(_expr([(depth, 1), (op, -1)]), LpConstraintLE, 0, f"depth__open_{label}")
            self.obj.append((depth, self.w.leadership_depth))
        gthr = rules.group_threshold
        if gthr <= cap:
            # a branch of group_threshold or more needs >= 2 party groups, each with a full member
            g = self.var(VarFamily.GROUPS, s.index, f"groups_{label}", 0, 1, LpBinary)
            self.add(
                _expr([*size, (op, -(gthr - 1)), (g, -(cap - gthr + 1))]),
                LpConstraintLE,
                0,
                f"party_groups__need_{label}",
            )
            short_g = self.var(VarFamily.GROUPS_SHORT, s.index, f"grpshort_{label}", 0, 2, LpContinuous)
            self.add(_expr([*full, (short_g, 1), (g, -2)]), LpConstraintGE, 0, f"party_groups__{label}")
            self.penalise("party_groups", short_g)
        lim = self.slot_sum(s.index, "lim")
        share_applies = not (
            s.kind == COMPREHENSIVE and rules.mobility_placement is MobilityPlacement.COMPREHENSIVE
        )
        if lim and share_applies and rules.max_mobility_share < 1:
            # whole members above the share, so the objective stays on its lattice (see solve)
            over = self.var(VarFamily.MOBILITY_OVER, s.index, f"mobover_{label}", 0, None, LpInteger)
            self.add(
                _expr([*lim, (over, -1), *[(v, -rules.max_mobility_share) for v, _ in size]]),
                LpConstraintLE,
                0,
                f"mobility_share__{label}",
            )
            self.penalise("mobility_share", over)
        return _expr(size)

    def _aggregates(self, sizes: dict[int, LpAffineExpression]) -> None:
        """Valid inequalities on totals that the slot-by-slot relaxation misses.

        The model chooses explicitly how many branches ``b`` it opens and how many ``k`` of them
        need a committee (a branch below the committee threshold holds at most threshold - 1 full
        members plus the area's probationary members). For each (b, k) the least secretary and
        committee shortage and the tightest bounds on the largest and smallest branch are known,
        so the relaxation sees them as a convex combination instead of spreading one fractional
        branch over many slots.
        """
        d, m, rules = self.d, self.m, self.rules
        n_slots = len(d.slots)
        n = d.n_members
        cap = self.cap
        cands = sum(c.count for c in d.classes if c.candidate)
        prob = sum(c.count for c in d.classes if not c.full)
        low = max(1, math.ceil(n / cap))
        committee = m.aux.get(VarFamily.COMMITTEE, {})
        need = rules.committee_min_candidates
        free = rules.committee_threshold - 1
        small_size = free + prob
        # layouts of more than max_branches branches are proven worse than one in hand (encode)
        pairs = shape_pairs(d, min(n_slots, max(d.max_branches or n_slots, low)))
        choose = {
            pair: self.var(VarFamily.SHAPE, pair, f"shape_b{pair[0]}_k{pair[1]}", 0, 1, LpBinary)
            for pair in pairs
        }
        self.add(_expr([(v, 1.0) for v in choose.values()]), LpConstraintEQ, 1, "total__shape")
        self.add(
            _expr([*[(v, -float(b)) for (b, _), v in choose.items()], *[(o, 1.0) for o in m.open.values()]]),
            LpConstraintEQ,
            0,
            "total__branches",
        )
        nosec = [(v, 1.0) for v in m.aux[VarFamily.NOSEC].values()]
        self.add(
            _expr([*nosec, *[(v, -float(max(0, b - cands))) for (b, _), v in choose.items()]]),
            LpConstraintGE,
            0,
            "secretary_candidate__total",
        )
        if committee:
            self.add(
                _expr(
                    [
                        *[(w, 1.0) for w in committee.values()],
                        *[(v, -float(k)) for (_, k), v in choose.items()],
                    ]
                ),
                LpConstraintEQ,
                0,
                "total__committee",
            )
            shorts = [(v, 1.0) for v in m.aux[VarFamily.COMMITTEE_SHORT].values()]
            self.add(
                _expr([*shorts, *[(v, -float(max(0, need * k - cands))) for (_, k), v in choose.items()]]),
                LpConstraintGE,
                0,
                "committee_candidates__total",
            )
            # the least staffing cost of (b, k): secretary and committee penalties less the
            # leadership-depth reward, over every way of sharing the candidates out
            w_sec = self.P * RULE_WEIGHTS["secretary_candidate"]
            w_com = self.P * RULE_WEIGHTS["committee_candidates"]
            depth = list(m.aux[VarFamily.DEPTH].values())
            w_depth = self.w.leadership_depth if depth else 0.0
            least = {pair: least_staffing_cost(*pair, cands, need, w_sec, w_com, w_depth) for pair in pairs}
            self.add(
                _expr(
                    [
                        *[(v, w_sec) for v, _ in nosec],
                        *[(v, w_com) for v, _ in shorts],
                        *[(v, -w_depth) for v in depth],
                        *[(v, -least[pair]) for pair, v in choose.items()],
                    ]
                ),
                LpConstraintGE,
                0,
                "committee_candidates__staffing",
            )
            if small_size < cap:
                for s in d.slots:
                    self.add(
                        sizes[s.index]
                        - small_size * m.open[s.index]
                        - (cap - small_size) * committee[s.index],
                        LpConstraintLE,
                        0,
                        f"committee_candidates__size_{s.label}",
                    )
        self.shape = choose
        self.shape_bounds = {}
        for b, k in pairs:
            largest = math.ceil(n / b)
            smallest = n // b
            if k < b and small_size < cap:
                smallest = min(smallest, small_size)
                if k > 0:
                    largest = max(largest, math.ceil((n - free * (b - k) - prob) / k))
            self.shape_bounds[(b, k)] = (largest, smallest)

    def _team_structure(self, team_slots: tuple[Slot, ...], joint_slots: tuple[Slot, ...]) -> None:
        d, m, rules = self.d, self.m, self.rules
        for t in d.teams:
            own = d.team_slots(t.team_id)
            hosted = [(m.open[own[0].index], 1.0)] if own else []
            hosted += [(m.y[(t.team_id, j.index)], 1.0) for j in joint_slots]
            if hosted:
                self.add(_expr(hosted), LpConstraintLE, 1, f"hosted_once__t{self._t(t.team_id)}")
        # a team branch holds at least one member of its team
        for s in team_slots:
            through = [(m.n[(c.index, s.index)], 1.0) for c in d.classes if _of_team(c, s.team_id)]
            self.add(_expr([*through, (m.open[s.index], -1)]), LpConstraintGE, 0, f"team_branch__{s.label}")
        for j in joint_slots:
            ys = [(m.y[(t.team_id, j.index)], 1.0) for t in d.teams]
            op = m.open[j.index]
            self.add(
                _expr([*ys, (op, -rules.joint_min_teams)]), LpConstraintGE, 0, f"joint_teams__min_{j.label}"
            )
            self.add(
                _expr([*ys, (op, -rules.joint_max_teams)]), LpConstraintLE, 0, f"joint_teams__max_{j.label}"
            )
            for t in d.teams:
                members_of_t = [(m.n[(c.index, j.index)], 1.0) for c in d.classes if _of_team(c, t.team_id)]
                self.add(
                    _expr([*members_of_t, (m.y[(t.team_id, j.index)], -1)]),
                    LpConstraintGE,
                    0,
                    f"joint_teams__member_t{self._t(t.team_id)}_{j.label}",
                )
            if rules.joint_type_rule is not JointTypeRule.ANY:
                groups = sorted({type_class(t.type, rules.joint_type_rule) for t in d.teams})
                if len(groups) > 1:
                    zs = {
                        g: self.var(VarFamily.TYPE, (g, j.index), f"type_g{k}_{j.label}", 0, 1, LpBinary)
                        for k, g in enumerate(groups)
                    }
                    for t in d.teams:
                        z = zs[type_class(t.type, rules.joint_type_rule)]
                        self.add(
                            _expr([(m.y[(t.team_id, j.index)], 1), (z, -1)]),
                            LpConstraintLE,
                            0,
                            f"joint_types__t{self._t(t.team_id)}_{j.label}",
                        )
                    self.add(
                        _expr([(z, 1) for z in zs.values()]), LpConstraintLE, 1, f"joint_types__{j.label}"
                    )

    def _symmetry(
        self,
        team_slots: tuple[Slot, ...],
        joint_slots: tuple[Slot, ...],
        comp_slots: tuple[Slot, ...],
        sizes: dict[int, LpAffineExpression],
        comp_refs: bool,
        team_refs: bool,
    ) -> None:
        m = self.m
        chains: list[tuple[tuple[Slot, ...], bool]] = [(joint_slots, False), (comp_slots, not comp_refs)]
        for t in self.d.teams:
            chains.append((self.d.team_slots(t.team_id), not team_refs))
        for chain, by_size in chains:
            for a, b in itertools.pairwise(chain):
                self.add(
                    _expr([(m.open[a.index], 1), (m.open[b.index], -1)]),
                    LpConstraintGE,
                    0,
                    f"symmetry__{b.label}",
                )
                if by_size:
                    self.add(sizes[a.index] - sizes[b.index], LpConstraintGE, 0, f"symmetry__size_{b.label}")
        # joint slots are filled in team order: joinable team number i only in joint slots 0..i;
        # teams that may not join (planner.encode.TeamInfo.joinable) are in none
        joinable = [t for t in self.d.teams if t.joinable]
        for t in self.d.teams:
            if not t.joinable:
                for j in joint_slots:
                    m.y[(t.team_id, j.index)].upBound = 0
        for i, t in enumerate(joinable):
            for r, j in enumerate(joint_slots):
                if r > i:
                    m.y[(t.team_id, j.index)].upBound = 0

    def _hosting(self, team: str, joint_slots: tuple[Slot, ...]) -> list[tuple[Slot, LpVariable]]:
        m = self.m
        out = [(s, m.open[s.index]) for s in self.d.team_slots(team)]
        out += [(j, m.y[(team, j.index)]) for j in joint_slots]
        return out

    def _through_team(self, team_slots: tuple[Slot, ...], joint_slots: tuple[Slot, ...]) -> None:
        """When attaching is not allowed, a pinned member in a team/joint branch built on none of
        their teams breaks the rule (other classes have no such variables at all)."""
        d, m = self.d, self.m
        if d.rules.allow_attached:
            return
        for c in d.classes:
            if c.pin is None:
                continue
            for s in team_slots:
                if s.team_id not in c.teams:
                    self.penalise("through_team", m.n[(c.index, s.index)])
            for j in joint_slots:
                key = (c.index, j.index)
                self.penalise("through_team", m.n[key])
                if c.teams:
                    self.penalise("through_team", m.thr[key], -1.0)

    def _pins(
        self, team_slots: tuple[Slot, ...], joint_slots: tuple[Slot, ...], comp_slots: tuple[Slot, ...]
    ) -> None:
        d, m = self.d, self.m
        known = {t.team_id for t in d.teams}
        for c in d.classes:
            if c.pin is None:
                continue
            if c.pin == PIN_COMPREHENSIVE:
                sat: list[Term] = [(m.n[(c.index, s.index)], 1.0) for s in comp_slots]
            else:
                # a single-branch area honours every pin (the member is in its only branch)
                sat = [(self.single(), 1.0), *[(m.n[(c.index, s.index)], 1.0) for s in d.team_slots(c.pin)]]
                for j in joint_slots if c.pin in known else ():
                    q = self.var(
                        VarFamily.PIN_JOINT,
                        (c.index, j.index),
                        f"pinj_c{c.index}_{j.label}",
                        0,
                        1,
                        LpContinuous,
                    )
                    self.add(
                        _expr([(q, 1), (m.n[(c.index, j.index)], -1)]),
                        LpConstraintLE,
                        0,
                        f"member_pin__n_c{c.index}_{j.label}",
                    )
                    self.add(
                        _expr([(q, 1), (m.y[(c.pin, j.index)], -1)]),
                        LpConstraintLE,
                        0,
                        f"member_pin__y_c{c.index}_{j.label}",
                    )
                    sat.append((q, 1.0))
            v = self.var(VarFamily.MEMBER_PIN, c.index, f"pin_c{c.index}", 0, 1, LpContinuous)
            self.add(_expr([*sat, (v, 1)]), LpConstraintGE, 1, f"member_pin__c{c.index}")
            self.penalise("member_pin", v)
        for k, (a, b) in enumerate(d.members_together):
            v = self.var(VarFamily.MEMBERS_TOGETHER, k, f"together_p{k}", 0, 1, LpContinuous)
            for s in d.slots:
                na, nb = m.n.get((a, s.index)), m.n.get((b, s.index))
                terms = [(x, sign) for x, sign in ((na, 1.0), (nb, -1.0)) if x is not None]
                if terms:
                    self.add(
                        _expr([*terms, (v, -1)]), LpConstraintLE, 0, f"members_together__p{k}_a_{s.label}"
                    )
                    self.add(
                        _expr([(x, -sign) for x, sign in terms] + [(v, -1)]),
                        LpConstraintLE,
                        0,
                        f"members_together__p{k}_b_{s.label}",
                    )
            self.penalise("members_together", v)
        for k, (a, b) in enumerate(d.members_apart):
            v = self.var(VarFamily.MEMBERS_APART, k, f"apart_p{k}", 0, 1, LpContinuous)
            for s in d.slots:
                na, nb = m.n.get((a, s.index)), m.n.get((b, s.index))
                if na is not None and nb is not None:
                    self.add(
                        _expr([(na, 1), (nb, 1), (v, -1)]),
                        LpConstraintLE,
                        1,
                        f"members_apart__p{k}_{s.label}",
                    )
            self.penalise("members_apart", v)
        for team, mode in d.team_pins:
            own = d.team_slots(team)
            own_terms: list[Term] = [(m.open[own[0].index], 1.0)] if own else []
            joint_terms: list[Term] = [(m.y[(team, j.index)], 1.0) for j in joint_slots]
            v = self.var(VarFamily.TEAM_PIN, team, f"teampin_t{self._t(team)}", 0, 1, LpContinuous)
            if mode == TeamMode.OWN.value:
                self.add(_expr([*own_terms, (v, 1)]), LpConstraintGE, 1, f"team_pin__t{self._t(team)}")
            elif mode == TeamMode.JOINT.value:
                self.add(_expr([*joint_terms, (v, 1)]), LpConstraintGE, 1, f"team_pin__t{self._t(team)}")
            else:
                self.add(
                    _expr([*own_terms, *joint_terms, (v, -1)]),
                    LpConstraintLE,
                    0,
                    f"team_pin__t{self._t(team)}",
                )
            self.penalise("team_pin", v)
        for k, (ta, tb) in enumerate(d.teams_together):
            v = self.var(VarFamily.TEAMS_TOGETHER, k, f"tt_p{k}", 0, 1, LpContinuous)
            zs: list[Term] = []
            if ta == tb:  # a team "together with itself" is a team hosted by some branch
                own = d.team_slots(ta)
                zs = [(m.open[own[0].index], 1.0)] if own else []
                zs += [(m.y[(ta, j.index)], 1.0) for j in joint_slots]
            for j in joint_slots if ta != tb else ():
                z = self.var(
                    VarFamily.TEAMS_TOGETHER_Z, (k, j.index), f"ttz_p{k}_{j.label}", 0, 1, LpContinuous
                )
                self.add(
                    _expr([(z, 1), (m.y[(ta, j.index)], -1)]),
                    LpConstraintLE,
                    0,
                    f"teams_together__a_p{k}_{j.label}",
                )
                self.add(
                    _expr([(z, 1), (m.y[(tb, j.index)], -1)]),
                    LpConstraintLE,
                    0,
                    f"teams_together__b_p{k}_{j.label}",
                )
                zs.append((z, 1.0))
            self.add(_expr([*zs, (v, 1)]), LpConstraintGE, 1, f"teams_together__p{k}")
            self.penalise("teams_together", v)
        for k, (ta, tb) in enumerate(d.teams_apart):
            v = self.var(VarFamily.TEAMS_APART, k, f"ta_p{k}", 0, 1, LpContinuous)
            if ta == tb:  # a team "apart from itself" is a team no branch is built on
                own = d.team_slots(ta)
                hosted: list[Term] = [(m.open[own[0].index], 1.0)] if own else []
                hosted += [(m.y[(ta, j.index)], 1.0) for j in joint_slots]
                self.add(_expr([*hosted, (v, -1)]), LpConstraintLE, 0, f"teams_apart__p{k}")
            for j in joint_slots if ta != tb else ():
                self.add(
                    _expr([(m.y[(ta, j.index)], 1), (m.y[(tb, j.index)], 1), (v, -1)]),
                    LpConstraintLE,
                    1,
                    f"teams_apart__p{k}_{j.label}",
                )
            self.penalise("teams_apart", v)

    def _goals(
        self,
        team_slots: tuple[Slot, ...],
        joint_slots: tuple[Slot, ...],
        comp_slots: tuple[Slot, ...],
        sizes: dict[int, LpAffineExpression],
    ) -> None:
        d, m, w, rules = self.d, self.m, self.w, self.rules
        for c in d.classes:
            if not c.teams:
                continue
            through: list[Term] = [
                (m.n[(c.index, s.index)], 1.0) for s in team_slots if s.team_id in c.teams
            ] + [(m.thr[(c.index, j.index)], 1.0) for j in joint_slots]
            first: list[Term] = [
                (m.n[(c.index, s.index)], 1.0) for s in team_slots if s.team_id == c.teams[0]
            ] + [(m.fc[(c.index, j.index)], 1.0) for j in joint_slots]
            self.obj += [(v, w.any_team * k) for v, k in through]
            self.obj += [(v, w.first_choice * k) for v, k in first]
            if c.limited and rules.mobility_placement is MobilityPlacement.WITH_TEAM:
                self.obj += [(v, w.mobility * k) for v, k in through]
        for c in d.classes:
            if not c.limited:
                continue
            placement = rules.mobility_placement
            if placement is MobilityPlacement.SPREAD or (
                placement is MobilityPlacement.WITH_TEAM and not c.teams
            ):
                self.constant += w.mobility * c.count
            elif placement is MobilityPlacement.COMPREHENSIVE:
                self.obj += [(m.n[(c.index, s.index)], w.mobility) for s in comp_slots]
        self.obj += [(m.open[s.index], -w.lean) for s in d.slots]
        if w.attached > 0:
            self.obj += [(v, -w.attached * k) for v, k in self._attached(team_slots, joint_slots)]
        if w.balance > 0:
            upper = min(d.n_members, self.cap)
            mx = self.var(VarFamily.BALANCE, "max", "size_max", 0, upper, LpContinuous)
            mn = self.var(VarFamily.BALANCE, "min", "size_min", 0, upper, LpContinuous)
            for s in d.slots:
                self.add(sizes[s.index] - mx, LpConstraintLE, 0, f"balance__max_{s.label}")
                self.add(
                    mn - sizes[s.index] + upper * m.open[s.index],
                    LpConstraintLE,
                    upper,
                    f"balance__min_{s.label}",
                )
            self.add(_expr([(mn, 1), (mx, -1)]), LpConstraintLE, 0, "balance__order")
            # the largest and smallest branch of the chosen shape (see _aggregates)
            self.add(
                _expr([(mx, 1.0), *[(v, -float(self.shape_bounds[p][0])) for p, v in self.shape.items()]]),
                LpConstraintGE,
                0,
                "balance__shape_max",
            )
            self.add(
                _expr([(mn, 1.0), *[(v, -float(self.shape_bounds[p][1])) for p, v in self.shape.items()]]),
                LpConstraintLE,
                0,
                "balance__shape_min",
            )
            self.obj += [(mx, -w.balance), (mn, w.balance)]
        if w.stability > 0:
            self._stability(joint_slots, comp_slots)

    def _attached(self, team_slots: tuple[Slot, ...], joint_slots: tuple[Slot, ...]) -> list[Term]:
        """Members in team/joint slots not through a team of theirs, as terms."""
        m = self.m
        out: list[Term] = []
        for c in self.d.classes:
            for s in team_slots:
                key = (c.index, s.index)
                if key in m.n and s.team_id not in c.teams:
                    out.append((m.n[key], 1.0))
            for j in joint_slots:
                key = (c.index, j.index)
                if key in m.n:
                    out.append((m.n[key], 1.0))
                    if key in m.thr:
                        out.append((m.thr[key], -1.0))
        return out

    def _stability(self, joint_slots: tuple[Slot, ...], comp_slots: tuple[Slot, ...]) -> None:
        d, m, ws = self.d, self.m, self.w.stability
        single: LpVariable | None = None
        exact: dict[tuple[str, ...], dict[int, LpVariable]] = {}
        for c in d.classes:
            if not c.reference:
                continue
            target = reference_slot(d, c.reference)
            ref_joint = reference_joint(d, c.reference) if target is None else None
            if ref_joint is not None:
                teams = ref_joint
                if teams not in d.reference_joints:
                    continue
                if teams not in exact:
                    exact[teams] = self._exact_joint(teams, joint_slots, len(exact))
                for j in joint_slots:
                    key = (c.index, j.index)
                    if key not in m.n:
                        continue
                    kept = self.var(
                        VarFamily.KEPT_JOINT, key, f"keptj_c{c.index}_{j.label}", 0, c.count, LpContinuous
                    )
                    self.add(
                        _expr([(kept, 1), (m.n[key], -1)]),
                        LpConstraintLE,
                        0,
                        f"stability__n_c{c.index}_{j.label}",
                    )
                    self.add(
                        _expr([(kept, 1), (exact[teams][j.index], -c.count)]),
                        LpConstraintLE,
                        0,
                        f"stability__e_c{c.index}_{j.label}",
                    )
                    self.obj.append((kept, ws))
                continue
            if target is None:
                continue
            kind, slot_index = target
            key = (c.index, slot_index)
            if key not in m.n:
                continue
            if kind == TEAM or (kind == COMPREHENSIVE and slot_index != comp_slots[0].index):
                self.obj.append((m.n[key], ws))
                continue
            if single is None:
                single = self.single()
            kept = self.var(VarFamily.KEPT, c.index, f"kept_c{c.index}", 0, c.count, LpContinuous)
            self.add(_expr([(kept, 1), (m.n[key], -1)]), LpConstraintLE, 0, f"stability__n_c{c.index}")
            if kind == "single":
                self.add(
                    _expr([(kept, 1), (single, -c.count)]), LpConstraintLE, 0, f"stability__single_c{c.index}"
                )
            else:
                self.add(
                    _expr([(kept, 1), (single, c.count)]),
                    LpConstraintLE,
                    c.count,
                    f"stability__single_c{c.index}",
                )
            self.obj.append((kept, ws))

    def single(self) -> LpVariable:
        """1 iff the first comprehensive slot is the area's only branch (a "single" branch)."""
        found = self.m.aux[VarFamily.SINGLE].get(0)
        return found if found is not None else self._single_indicator(self.d.slots_of(COMPREHENSIVE))

    def _single_indicator(self, comp_slots: tuple[Slot, ...]) -> LpVariable:
        m = self.m
        first = comp_slots[0].index
        sg = self.var(VarFamily.SINGLE, 0, "single", 0, 1, LpBinary)
        others = [(m.open[s.index], 1.0) for s in self.d.slots if s.index != first]
        self.add(_expr([(sg, 1), (m.open[first], -1)]), LpConstraintLE, 0, "stability__single_open")
        for v, _ in others:
            self.add(_expr([(sg, 1), (v, 1)]), LpConstraintLE, 1, f"stability__single_{v.name}")
        self.add(_expr([(sg, 1), (m.open[first], -1), *others]), LpConstraintGE, 0, "stability__single_lb")
        return sg

    def _exact_joint(
        self, teams: tuple[str, ...], joint_slots: tuple[Slot, ...], k: int
    ) -> dict[int, LpVariable]:
        """e[j] = 1 iff joint slot j holds exactly ``teams`` (so it keeps the reference branch id)."""
        m = self.m
        out: dict[int, LpVariable] = {}
        for j in joint_slots:
            e = self.var(VarFamily.EXACT_JOINT, (teams, j.index), f"exact_r{k}_{j.label}", 0, 1, LpBinary)
            ys_in = [(m.y[(t, j.index)], 1.0) for t in teams]
            ys_out = [(m.y[(t.team_id, j.index)], 1.0) for t in self.d.teams if t.team_id not in teams]
            for v, _ in ys_in:
                self.add(_expr([(e, 1), (v, -1)]), LpConstraintLE, 0, f"stability__in_{e.name}_{v.name}")
            for v, _ in ys_out:
                self.add(_expr([(e, 1), (v, 1)]), LpConstraintLE, 1, f"stability__out_{e.name}_{v.name}")
            self.add(
                _expr([(e, 1), *[(v, -1.0) for v, _ in ys_in], *ys_out]),
                LpConstraintGE,
                1 - len(teams),
                f"stability__lb_{e.name}",
            )
            out[j.index] = e
        return out


def _of_team(c: MemberClass, team: str) -> bool:
    """Members of ``c`` can carry a branch built on ``team``: they list it, or are pinned to it."""
    return team in c.teams or c.pin == team


def violation_units(model: AreaModel) -> dict[str, float]:
    """Rule -> the penalty units the solved model pays for it (its violation variables' values,
    plus the encoder's constant ones), to set beside :func:`planner.rules.penalty_units`."""
    out: dict[str, float] = {}
    for rule, terms in model.penalties.items():
        units = sum((v.value() or 0.0) * w for v, w in terms) / (model.data.penalty * RULE_WEIGHTS[rule])
        if abs(units) > 1e-6:
            out[rule] = units
    for rule, units in model.data.constant_penalties:
        out[rule] = out.get(rule, 0.0) + units
    return out


def objective_granularity(weights: Weights) -> float | None:
    """The step u such that every value of the objective is a multiple of u (each term is a weight
    or a penalty times a whole number), or None when the weights have no small common measure.
    A bound less than u above a solution then proves it optimal."""
    unit = penalty_unit(weights)
    values = [*goal_weights(weights).values(), *[unit * w for w in RULE_WEIGHTS.values()]]
    fractions = []
    for value in values:
        if value == 0:
            continue
        fraction = Fraction(value).limit_denominator(1000)
        if abs(float(fraction) - value) > 1e-9 * max(1.0, abs(value)):
            return None
        fractions.append(fraction)
    if not fractions:
        return None
    numerator = 0
    denominator = 1
    for fraction in fractions:
        denominator = denominator * fraction.denominator // math.gcd(denominator, fraction.denominator)
    for fraction in fractions:
        numerator = math.gcd(numerator, fraction.numerator * (denominator // fraction.denominator))
    return numerator / denominator


def branching_priorities(model: AreaModel) -> dict[LpVariable, int]:
    """Branch on the area's shape first, then which slots open, which need a committee, and which
    teams share joint branches (lower numbers first); member counts come last."""
    out: dict[LpVariable, int] = {}
    for v in model.aux.get(VarFamily.SHAPE, {}).values():
        out[v] = 1
    for v in model.open.values():
        out[v] = 2
    for v in model.aux.get(VarFamily.COMMITTEE, {}).values():
        out[v] = 3
    for v in model.y.values():
        out[v] = 4
    return out
