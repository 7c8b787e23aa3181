"""Fixes that are true: concrete changes that remove or ease a broken rule, each verified.

A :class:`Fix` is one of four kinds (:class:`FixKind`):

* ``designate`` — make full members without a backbone role candidates (``members``) in the
  branch that lacks them (``branch_id``; "" for an area-wide shortage); the most suitable first:
  not bedridden, not mobility-limited, in the branch's own team (first choice first), younger,
  then by member id (the roster records neither deputies nor years in a team);
* ``move`` — these ``members`` from ``from_branch_id`` to ``branch_id`` (a new comprehensive
  branch id creates one);
* ``open`` — a new team branch ``branch_id`` for the team in ``teams``, taking ``members``;
* ``setting`` — change the setting at the dotted path ``setting`` (``rules.max_branch_size``) to
  ``value``.

:func:`verified_fixes` proposes candidates for every violation and keeps only the ones that,
applied alone to the layout and re-checked by the checker (planner.rules.check_layout, plus the
area pre-checks for area-wide rows), bring the violation closer to its limit (or remove it) and
bring no other rule instance further from its limit. ``effect`` records the rules broken in the
area before and after, and how far the violation was and is from its limit.

Moves are judged without party groups (staffing forms them again after any move, as the Tweak
page does), settings on the violation's area. To stay fast, fixes that touch different branches
and members are applied together and re-checked in one pass; the checker's rows are attributed
to the fix whose branches or members they name (rows a pass cannot attribute send its fixes to
be re-checked one at a time), which gives the same verdict as checking each alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import pandas as pd

from planner.branch_id import BranchId, BranchKind, format_branch_id
from planner.i18n import t
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout
from planner.schema import Roster, is_candidate
from planner.settings import JointTypeRule, MobilityPlacement, Settings, TeamMode

#: How many fixes a violation offers at most (after verification, best first).
MAX_FIXES = 3
#: How many members a fix's text names before "and N more".
NAMES_SHOWN = 3
#: The role a designated member takes where rules are judged: the weakest backbone rank, so a
#: designated candidate is proposed after everyone the roster already names.
DESIGNATED_ROLE = "team_leader"
_EPS = 1e-9
_CANDIDATE_RULES = ("secretary_candidate", "committee_candidates")
#: ``detail`` of the rows planner.explain.precheck_area makes (the checker makes none of these)
_PRECHECK_DETAILS = ("area", "unknown_team")
_KIND_ORDER = {"designate": 0, "move": 1, "open": 2, "setting": 3}


class FixKind(StrEnum):
    DESIGNATE = "designate"
    MOVE = "move"
    OPEN = "open"
    SETTING = "setting"


@dataclass(frozen=True)
class FixEffect:
    """Rule instances broken in the area before and after the fix, and how far the violation
    it fixes was and is from its limit (0 = kept)."""

    broken_before: int
    broken_after: int
    gap_before: float
    gap_after: float


@dataclass(frozen=True)
class Fix:
    """One verified fix (see the module docstring). ``value`` is a plain JSON value."""

    kind: FixKind
    text: str
    members: tuple[str, ...] = ()
    branch_id: str = ""
    teams: tuple[str, ...] = ()
    setting: str = ""
    value: bool | int | float | str | None = None
    effect: FixEffect | None = None
    from_branch_id: str = ""

    def __str__(self) -> str:
        return self.text


def fix_text(fix: object) -> str:
    """The text of a fix (a Fix, or a plain string from an older plan)."""
    return fix.text if isinstance(fix, Fix) else str(fix)


def fix_to_json(fix: Fix) -> dict[str, Any]:
    """A fix as plain JSON (the plan JSON's ``violations[].fixes`` objects)."""
    effect = fix.effect
    return {
        "kind": fix.kind.value,
        "text": fix.text,
        "members": list(fix.members),
        "branch_id": fix.branch_id,
        "from_branch_id": fix.from_branch_id,
        "teams": list(fix.teams),
        "setting": fix.setting,
        "value": fix.value,
        "effect": None
        if effect is None
        else {
            "broken_before": effect.broken_before,
            "broken_after": effect.broken_after,
            "gap_before": effect.gap_before,
            "gap_after": effect.gap_after,
        },
    }


def fix_from_json(data: Mapping[str, Any]) -> Fix:
    """The inverse of :func:`fix_to_json`; raises ValueError on anything malformed."""
    try:
        kind = FixKind(data["kind"])
        text = data["text"]
        raw_members, raw_teams = data.get("members") or [], data.get("teams") or []
        if not isinstance(raw_members, list | tuple) or not isinstance(raw_teams, list | tuple):
            raise ValueError("a fix's members and teams are lists")
        members, teams = tuple(raw_members), tuple(raw_teams)
        value = data.get("value")
        raw = data.get("effect")
        strings = (text, data.get("branch_id", ""), data.get("from_branch_id", ""), data.get("setting", ""))
        if not all(isinstance(x, str) for x in (*strings, *members, *teams)):
            raise ValueError("fix texts and ids must be strings")
        if value is not None and not isinstance(value, bool | int | float | str):
            raise ValueError("a fix's value must be a plain value")
        effect = None
        if raw is not None:
            numbers = [raw["broken_before"], raw["broken_after"], raw["gap_before"], raw["gap_after"]]
            if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
                raise ValueError("a fix's effect holds numbers")
            effect = FixEffect(int(numbers[0]), int(numbers[1]), float(numbers[2]), float(numbers[3]))
    except (KeyError, TypeError) as error:
        raise ValueError(str(error)) from error
    return Fix(
        kind=kind,
        text=text,
        members=members,
        branch_id=str(data.get("branch_id", "")),
        teams=teams,
        setting=str(data.get("setting", "")),
        value=value,
        effect=effect,
        from_branch_id=str(data.get("from_branch_id", "")),
    )


def designated_roster(roster: Roster, member_ids: Iterable[str]) -> Roster:
    """``roster`` with the given full members made candidates (role :data:`DESIGNATED_ROLE`);
    members who already are candidates, or are not full members, stay as they are."""
    ids = set(member_ids)
    if not ids:
        return roster
    m = roster.members
    hit = m["member_id"].isin(ids) & (m["status"] == "full") & ~is_candidate(m)
    if not hit.any():
        return roster
    members = m.copy()
    members.loc[hit, "role"] = DESIGNATED_ROLE
    return replace(roster, members=members)


def roster_for(roster: Roster, settings: Settings) -> Roster:
    """The roster as the rules judge it under ``settings`` (its designated candidates applied)."""
    return designated_roster(roster, settings.constraints.designated)


# --- the area as the fixes see it -----------------------------------------------------------------


class _Area:
    """One area's members, branches and per-branch counts, from a roster and a layout."""

    def __init__(self, roster: Roster, layout: Layout, settings: Settings, area: str) -> None:
        self.area = area
        self.rules = settings.rules
        m = roster.members[roster.members["area"] == area]
        ids = m["member_id"].tolist()
        self.ids = ids
        self.full = dict(zip(ids, (m["status"] == "full").tolist(), strict=True))
        self.cand = dict(zip(ids, is_candidate(m).tolist(), strict=True))
        self.mobility = dict(zip(ids, m["mobility"].tolist(), strict=True))
        self.teams = {mid: tuple(str(x) for x in ts) for mid, ts in zip(ids, m["teams"], strict=True)}
        years = pd.to_datetime(m["birth_date"], errors="coerce").dt.year if "birth_date" in m else None
        self.birth = (
            dict(zip(ids, years.fillna(0).astype(int).tolist(), strict=True)) if years is not None else {}
        )
        b = layout.branches[layout.branches["area"] == area]
        self.kind: dict[str, str] = dict(zip(b["branch_id"], b["kind"], strict=True))
        self.name: dict[str, str] = dict(zip(b["branch_id"], b["name"], strict=True))
        self.branch_teams: dict[str, tuple[str, ...]] = {
            str(x): tuple(str(y) for y in ts) if isinstance(ts, tuple | list) else ()
            for x, ts in zip(b["branch_id"], b["teams"], strict=True)
        }
        a = layout.assignments[layout.assignments["member_id"].isin(ids)]
        self.where: dict[str, str] = {}
        self.members_of: dict[str, list[str]] = {bid: [] for bid in self.kind}
        for mid, bid in zip(a["member_id"].tolist(), a["branch_id"].tolist(), strict=True):
            if mid not in self.where and bid in self.members_of:
                self.where[mid] = bid
                self.members_of[bid].append(mid)

    def size(self, bid: str) -> int:
        return len(self.members_of.get(bid, ()))

    def count(self, bid: str, flags: Mapping[str, bool]) -> int:
        return sum(1 for x in self.members_of.get(bid, ()) if flags.get(x, False))

    def limited(self, mid: str) -> bool:
        return self.mobility.get(mid) in ("limited", "bedridden")

    def need(self, bid: str) -> int:
        """Candidates the branch needs: a committee's minimum from the threshold, else one."""
        full = self.count(bid, self.full)
        return self.rules.committee_min_candidates if full >= self.rules.committee_threshold else 1

    def hosts(self, team_id: str) -> list[str]:
        return [
            b for b, ts in self.branch_teams.items() if team_id in ts and self.kind[b] in ("team", "joint")
        ]

    def comprehensive(self) -> list[str]:
        return [b for b, k in self.kind.items() if k == "comprehensive"]

    def new_comprehensive_id(self) -> str:
        n = 1
        while format_branch_id(self.area, BranchKind.COMPREHENSIVE, index=n) in self.kind:
            n += 1
        return format_branch_id(self.area, BranchKind.COMPREHENSIVE, index=n)

    def suitability(self, mid: str, teams: Sequence[str]) -> tuple[int, int, int, str]:
        """Sort key of a member to designate for a branch built on ``teams`` (lower = better)."""
        own = self.teams.get(mid, ())
        position = min((own.index(x) for x in teams if x in own), default=len(own) + 1)
        born = self.birth.get(mid, 0)
        return (1 if self.limited(mid) else 0, position, -born if born else 0, mid)

    def pool(self, members: Iterable[str], teams: Sequence[str]) -> list[str]:
        """Full members without a backbone role among ``members``, not bedridden, best first."""
        found = [
            x
            for x in members
            if self.full.get(x) and not self.cand.get(x) and self.mobility.get(x) != "bedridden"
        ]
        return sorted(found, key=lambda x: self.suitability(x, teams))


# --- candidate fixes ----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A fix before verification: what it changes and which violation it is for."""

    row: int  # position of the violation in the frame being explained
    kind: FixKind
    text: str
    area: str
    members: tuple[str, ...] = ()
    branch_id: str = ""
    from_branch_id: str = ""
    teams: tuple[str, ...] = ()
    setting: str = ""
    value: Any = None
    designate: tuple[str, ...] = ()
    moves: tuple[tuple[str, str], ...] = ()
    new_branch: tuple[str, str, tuple[str, ...]] | None = None  # (id, kind, teams)
    touched: frozenset[str] = field(default_factory=frozenset)

    def fix(self, effect: FixEffect) -> Fix:
        return Fix(
            self.kind,
            self.text,
            self.members,
            self.branch_id,
            self.teams,
            self.setting,
            self.value,
            effect,
            self.from_branch_id,
        )


class _Texts:
    """Names of members, branches and teams in one language, for the fixes' texts."""

    def __init__(self, roster: Roster, lang: str) -> None:
        self.lang = lang
        m = roster.members
        self.member_name = dict(zip(m["member_id"].tolist(), m["name"].tolist(), strict=True))
        tm = roster.teams
        self.team_name = {
            (a, x): y
            for a, x, y in zip(tm["area"].tolist(), tm["team_id"].tolist(), tm["name"].tolist(), strict=True)
        }

    def members(self, ids: Sequence[str]) -> str:
        sep = t("branch.name.sep", self.lang)
        shown = sep.join(
            t("violation.member_label", self.lang, name=self.member_name[x], id=x)
            if self.member_name.get(x)
            else x
            for x in ids[:NAMES_SHOWN]
        )
        if len(ids) <= NAMES_SHOWN:
            return shown
        return t("fixes.names_more", self.lang, names=shown, count=len(ids), more=len(ids) - NAMES_SHOWN)

    def team(self, area: str, tid: str) -> str:
        return str(self.team_name.get((area, tid), tid))


def _branch_label(ctx: _Area, bid: str, lang: str) -> str:
    from planner.rules import branch_name

    if bid in ctx.name:
        return ctx.name[bid]
    parsed = BranchId.parse(bid, ctx.area)
    index = parsed.index if parsed is not None else 1
    return branch_name(ctx.area, "comprehensive", (), index, lang)


class _Proposer:
    """Candidate fixes for violation rows (see :func:`verified_fixes`)."""

    def __init__(
        self,
        roster: Roster,
        layout: Layout | None,
        settings: Settings,
        lang: str,
        branch_label: Callable[[str, str], str] | None = None,
    ) -> None:
        self.branch_label = branch_label
        self.roster = roster
        self.layout = layout
        self.settings = settings
        self.lang = lang
        self.texts = _Texts(roster, lang)
        self._areas: dict[str, _Area] = {}
        self._offered: set[str] = set()  # candidates already offered to another branch

    def label(self, ctx: _Area, bid: str) -> str:
        """A branch's display name in the fixes' language."""
        if self.branch_label is not None:
            return self.branch_label(ctx.area, bid)
        return _branch_label(ctx, bid, self.lang)

    def ctx(self, area: str) -> _Area:
        if area not in self._areas:
            layout = self.layout if self.layout is not None else _empty_layout()
            self._areas[area] = _Area(self.roster, layout, self.settings, area)
        return self._areas[area]

    # --- building blocks ---

    def designate(self, i: int, area: str, bid: str, members: Sequence[str], committee: bool) -> _Candidate:
        ctx = self.ctx(area)
        names = self.texts.members(members)
        if bid:
            key = "fixes.designate_committee" if committee else "fixes.designate_secretary"
            text = t(key, self.lang, names=names, branch=self.label(ctx, bid))
        else:
            text = t("fixes.designate_area", self.lang, names=names, area=area)
        touched = frozenset(ctx.where[x] for x in members if x in ctx.where)
        return _Candidate(
            i, FixKind.DESIGNATE, text, area, tuple(members), bid, designate=tuple(members), touched=touched
        )

    def move(self, i: int, area: str, members: Sequence[str], target: str, source: str = "") -> _Candidate:
        ctx = self.ctx(area)
        names = self.texts.members(members)
        origins = {ctx.where.get(x, "") for x in members}
        source = source or (next(iter(origins)) if len(origins) == 1 else "")
        if source:
            text = t(
                "fixes.move",
                self.lang,
                names=names,
                source=self.label(ctx, source),
                target=self.label(ctx, target),
            )
        elif any(origins):
            text = t("fixes.move_to", self.lang, names=names, target=self.label(ctx, target))
        else:
            text = t("fixes.place", self.lang, names=names, target=self.label(ctx, target))
        touched = frozenset({target, *(o for o in origins if o)})
        return _Candidate(
            i,
            FixKind.MOVE,
            text,
            area,
            tuple(members),
            target,
            from_branch_id=source,
            moves=tuple((x, target) for x in members),
            touched=touched,
        )

    def setting(self, i: int, area: str, path: str, value: Any, key: str, **params: Any) -> _Candidate:
        return _Candidate(i, FixKind.SETTING, t(key, self.lang, **params), area, setting=path, value=value)

    def open_team(self, i: int, area: str, team_id: str, members: Sequence[str]) -> _Candidate | None:
        ctx = self.ctx(area)
        bid = format_branch_id(area, BranchKind.TEAM, (team_id,))
        if bid in ctx.kind or not members:
            return None
        text = t(
            "fixes.open",
            self.lang,
            team=self.texts.team(area, team_id),
            count=len(members),
            names=self.texts.members(members),
        )
        touched = frozenset({bid, *(ctx.where[x] for x in members if x in ctx.where)})
        return _Candidate(
            i,
            FixKind.OPEN,
            text,
            area,
            tuple(members),
            bid,
            teams=(team_id,),
            moves=tuple((x, bid) for x in members),
            new_branch=(bid, "team", (team_id,)),
            touched=touched,
        )

    def home_for(self, ctx: _Area, mid: str, avoid: str, full_ok: bool = True) -> str:
        """The best other branch for a member: one of their teams' branches with room, else a
        comprehensive branch with room, else a new comprehensive branch."""
        cap = ctx.rules.max_branch_size
        for team in ctx.teams.get(mid, ()):
            for host in ctx.hosts(team):
                if host != avoid and ctx.size(host) < cap:
                    return host
        for host in ctx.comprehensive():
            if host != avoid and ctx.size(host) < cap:
                return host
        return ctx.new_comprehensive_id()

    # --- per rule ---

    def propose(self, i: int, row: Mapping[str, Any]) -> list[_Candidate]:
        rule, detail = str(row["rule"]), str(row["detail"])
        area, bid = str(row["area"]), str(row["branch_id"])
        if not area:
            return []
        if detail == "area":
            return self._area_wide(i, rule, area, row)
        if self.layout is None or (bid and bid not in self.ctx(area).kind and rule != "member_placed"):
            return []
        method = getattr(self, f"_{rule}", None)
        found: list[_Candidate] = method(i, area, bid, row) if method is not None else []
        return [c for c in found if c is not None]

    def _area_wide(self, i: int, rule: str, area: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        value, limit = float(row["value"]), float(row["limit"])
        members = len(ctx.ids)
        out: list[_Candidate] = []
        if rule in ("secretary_candidate", "committee_candidates"):
            short = self._short_branches(ctx)
            pool = ctx.pool(ctx.ids, ())
            # members sitting in branches short of candidates first
            pool.sort(key=lambda x: (ctx.where.get(x, "") not in short, ctx.suitability(x, ())))
            need = int(limit - value)
            if pool and need > 0:
                out.append(self.designate(i, area, "", pool[:need], rule == "committee_candidates"))
            if rule == "secretary_candidate" and value >= 1:
                cap = math.ceil(members / value)
                out.append(self.setting(i, area, "rules.max_branch_size", cap, "fix.raise_cap", cap=cap))
        elif rule == "min_full_members":
            supported = int(value) // max(1, ctx.rules.min_full_members)
            if supported >= 1:
                cap = math.ceil(members / supported)
                out.append(self.setting(i, area, "rules.max_branch_size", cap, "fix.raise_cap", cap=cap))
        elif rule == "mobility_share":
            out.extend(self._mobility_settings(i, area, value, comprehensive=True))
        return out

    def _mobility_settings(self, i: int, area: str, value: float, *, comprehensive: bool) -> list[_Candidate]:
        """Raise the mobility share to ``value`` (rounded up to a whole percent) and, where the
        branch is (or the area has) a comprehensive one, place mobile members there."""
        share = math.ceil(value * 100) / 100
        out = [
            self.setting(
                i, area, "rules.max_mobility_share", share, "fix.raise_mobility_share", share=f"{share:.0%}"
            )
        ]
        if comprehensive:
            out.append(
                self.setting(
                    i,
                    area,
                    "rules.mobility_placement",
                    MobilityPlacement.COMPREHENSIVE.value,
                    "fix.mobility_comprehensive",
                )
            )
        return out

    def _short_branches(self, ctx: _Area) -> set[str]:
        return {b for b in ctx.kind if ctx.count(b, ctx.cand) < ctx.need(b)}

    def _donor_candidates(self, ctx: _Area, bid: str, count: int) -> list[tuple[str, str]]:
        """(member, branch) candidates other branches can spare, those sharing a team first."""
        teams = ctx.branch_teams.get(bid, ())
        found: list[tuple[tuple[int, str], str, str]] = []
        for other in ctx.kind:
            if other == bid:
                continue
            spare = ctx.count(other, ctx.cand) - ctx.need(other)
            if spare <= 0:
                continue
            cands = [x for x in ctx.members_of[other] if ctx.cand.get(x) and x not in self._offered]
            cands.sort(key=lambda x: ctx.suitability(x, teams))
            for mid in cands[:spare]:
                shares = any(x in teams for x in ctx.teams.get(mid, ()))
                found.append(((0 if shares or not teams else 1, mid), mid, other))
        found.sort()
        chosen = [(mid, other) for _, mid, other in found[:count]]
        self._offered.update(mid for mid, _ in chosen)
        return chosen

    def _secretary_candidate(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        out: list[_Candidate] = []
        pool = ctx.pool(ctx.members_of.get(bid, ()), ctx.branch_teams.get(bid, ()))
        if pool:
            out.append(self.designate(i, area, bid, pool[:1], committee=False))
        for mid, other in self._donor_candidates(ctx, bid, 2):
            out.append(self.move(i, area, [mid], bid, other))
        return out

    def _committee_candidates(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        need = int(float(row["limit"]) - float(row["value"]))
        out: list[_Candidate] = []
        pool = ctx.pool(ctx.members_of.get(bid, ()), ctx.branch_teams.get(bid, ()))
        if pool:
            out.append(self.designate(i, area, bid, pool[:need], committee=True))
        donors = self._donor_candidates(ctx, bid, need)
        if donors:
            out.append(
                self.move(
                    i,
                    area,
                    [m for m, _ in donors],
                    bid,
                    donors[0][1] if len({o for _, o in donors}) == 1 else "",
                )
            )
        if ctx.kind.get(bid) in ("single", "comprehensive"):
            # split a team off: two branches below the committee threshold need one candidate each
            opened = self._open_first_team(i, ctx, bid)
            if opened is not None:
                out.append(opened)
        return out

    def _open_first_team(self, i: int, ctx: _Area, bid: str) -> _Candidate | None:
        """Open a branch for the unhosted team most members of ``bid`` have as first choice,
        taking those members (a team with a candidate among them first)."""
        joiners: dict[str, list[str]] = {}
        for mid in ctx.members_of.get(bid, []):
            for team in ctx.teams.get(mid, ())[:1]:
                if not ctx.hosts(team):
                    joiners.setdefault(team, []).append(mid)
        if not joiners:
            return None

        def rank(item: tuple[str, list[str]]) -> tuple[bool, int, str]:
            team, members = item
            return (any(ctx.cand.get(m) for m in members), len(members), team)

        team, members = max(joiners.items(), key=rank)
        return self.open_team(i, ctx.area, team, members)

    def _min_full_members(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        members = list(ctx.members_of.get(bid, ()))
        out: list[_Candidate] = []
        # merge: everyone to one other branch (a branch of the branch's teams first)
        for team in ctx.branch_teams.get(bid, ()):
            for host in ctx.hosts(team):
                if host != bid and ctx.size(host) + len(members) <= ctx.rules.max_branch_size:
                    out.append(self.move(i, area, members, host, bid))
                    break
            if out:
                break
        for host in ctx.comprehensive():
            if host != bid and ctx.size(host) + len(members) <= ctx.rules.max_branch_size:
                out.append(self.move(i, area, members, host, bid))
                break
        return out

    def _size_cap(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        excess = int(float(row["value"]) - float(row["limit"]))
        out: list[_Candidate] = []
        members = ctx.members_of.get(bid, [])
        if ctx.kind.get(bid) in ("comprehensive", "single"):
            opened = self._open_first_team(i, ctx, bid)
            if opened is not None:
                out.append(opened)
        # move the excess out, members least tied to this branch first
        teams = ctx.branch_teams.get(bid, ())

        def tie(x: str) -> int:  # how close the branch's teams are to the member's first choice
            own = ctx.teams.get(x, ())
            return min((own.index(y) for y in teams if y in own), default=len(own) + 1)

        order = sorted((x for x in members if not ctx.cand.get(x)), key=lambda x: (-tie(x), x))
        movers = order[:excess]
        if len(movers) == excess:
            target = self.home_for(ctx, movers[0], bid)
            out.append(self.move(i, area, movers, target, bid))
        value = int(float(row["value"]))
        out.append(self.setting(i, area, "rules.max_branch_size", value, "fix.raise_cap", cap=value))
        return out

    def _joint_teams(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        if str(row["detail"]) != "too_many":
            return []
        n = int(float(row["value"]))
        return [self.setting(i, area, "rules.joint_max_teams", n, "fix.raise_joint_max", count=n)]

    def _joint_types(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        out = []
        if self.settings.rules.joint_type_rule is JointTypeRule.SAME_TYPE:
            out.append(
                self.setting(
                    i, area, "rules.joint_type_rule", JointTypeRule.COMPATIBLE.value, "fixes.joint_compatible"
                )
            )
        out.append(
            self.setting(i, area, "rules.joint_type_rule", JointTypeRule.ANY.value, "fix.joint_any_type")
        )
        return out

    def _member_placed(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        mid = str(row["subject"])
        ctx = self.ctx(area)
        if str(row["detail"]) == "unknown_member" or mid not in ctx.full:
            return []
        target = self.home_for(ctx, mid, avoid="")
        return [self.move(i, area, [mid], target, ctx.where.get(mid, ""))]

    def _through_team(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        mid = str(row["subject"])
        ctx = self.ctx(area)
        out = [self.move(i, area, [mid], self.home_for(ctx, mid, bid), bid)]
        if str(row["detail"]) == "attached_not_allowed":
            out.append(self.setting(i, area, "rules.allow_attached", True, "fix.allow_attached"))
        return out

    def _mobility_share(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        members = ctx.members_of.get(bid, [])
        size, mob = len(members), sum(1 for x in members if ctx.limited(x))
        share = ctx.rules.max_mobility_share
        # fewest moves out so that mob' <= share * (size - k)
        k = next((k for k in range(1, mob + 1) if mob - k <= share * (size - k) + _EPS), mob)
        movers = [x for x in sorted(members) if ctx.limited(x) and not ctx.cand.get(x)][:k]
        out: list[_Candidate] = []
        if len(movers) == k:
            out.append(self.move(i, area, movers, self.home_for(ctx, movers[0], bid), bid))
        comprehensive = ctx.kind.get(bid) == "comprehensive"
        out.extend(self._mobility_settings(i, area, float(row["value"]), comprehensive=comprehensive))
        return out

    def _member_pin(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        mid = str(row["subject"])
        ctx = self.ctx(area)
        pin = next((p for p in self.settings.constraints.member_pins if p.member_id == mid), None)
        if pin is None or str(row["detail"]) in ("unknown_team", "unknown_member"):
            return []
        if pin.team_id is None:
            target = next(iter(ctx.comprehensive()), "") or ctx.new_comprehensive_id()
            return [self.move(i, area, [mid], target, bid)]
        hosts = ctx.hosts(pin.team_id)
        if hosts:
            return [self.move(i, area, [mid], hosts[0], bid)]
        opened = self.open_team(i, area, pin.team_id, self._team_first(ctx, pin.team_id, also=[mid]))
        return [opened] if opened is not None else []

    def _team_first(self, ctx: _Area, team: str, also: Sequence[str] = ()) -> list[str]:
        """Members whose first choice is ``team`` (and ``also``), in member order."""
        chosen = [x for x in ctx.ids if ctx.teams.get(x, ())[:1] == (team,)]
        return list(dict.fromkeys([*also, *chosen]))

    def _members_together(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        x, _, y = str(row["subject"]).partition("|")
        out = []
        for a, b in ((y, x), (x, y)):
            if a in ctx.where and b in ctx.where:
                out.append(self.move(i, area, [a], ctx.where[b], ctx.where[a]))
        return out

    def _members_apart(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        ctx = self.ctx(area)
        x, _, y = str(row["subject"]).partition("|")
        return [self.move(i, area, [m], self.home_for(ctx, m, bid), bid) for m in (y, x) if m in ctx.where]

    def _team_pin(self, i: int, area: str, bid: str, row: Mapping[str, Any]) -> list[_Candidate]:
        if str(row["detail"]) != TeamMode.OWN.value:
            return []
        ctx = self.ctx(area)
        team = str(row["subject"])
        opened = self.open_team(i, area, team, self._team_first(ctx, team))
        return [opened] if opened is not None else []


def _empty_layout() -> Layout:
    a = pd.DataFrame({c: pd.Series(dtype="str") for c in ASSIGNMENT_COLUMNS})
    b = pd.DataFrame({c: pd.Series(dtype="str" if c != "teams" else object) for c in LAYOUT_BRANCH_COLUMNS})
    return Layout(a, b)


# --- verification ------------------------------------------------------------------------------------

_KEY = ("area", "rule", "branch_id", "subject", "detail")


def _gaps(frame: pd.DataFrame) -> dict[tuple[str, ...], float]:
    """Each broken rule instance -> how far it is from its limit."""
    out: dict[tuple[str, ...], float] = {}
    if frame.empty:
        return out
    keys = zip(*(frame[c].astype(str).tolist() for c in _KEY), strict=True)
    for key, value, limit in zip(keys, frame["value"].tolist(), frame["limit"].tolist(), strict=True):
        gap = abs(float(value) - float(limit))
        out[key] = max(out.get(key, 0.0), gap if gap > _EPS else 1.0)
    return out


def _row_key(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(row[c]) for c in _KEY)


def _subject_members(key: tuple[str, ...]) -> set[str]:
    return set(key[3].split("|")) if key[3] else set()


def _apply(layout: Layout, candidates: Sequence[_Candidate], roster: Roster, settings: Settings) -> Layout:
    """``layout`` with every candidate's moves and new branches applied (members missing from
    the layout are added; a moved member's other rows are dropped), reasons re-derived."""
    from planner.rules import assignment_reasons, branch_name

    moves = {m: b for c in candidates for m, b in c.moves}
    if not moves:
        return layout
    a = layout.assignments
    area_of = dict(zip(roster.members["member_id"].tolist(), roster.members["area"].tolist(), strict=True))
    kept = a[~a["member_id"].isin(list(moves))]
    moved = pd.DataFrame(
        {
            "member_id": list(moves),
            "area": [area_of.get(m, "") for m in moves],
            "branch_id": list(moves.values()),
            "group_id": [""] * len(moves),
            "reason": [""] * len(moves),
        }
    ).astype({c: a[c].dtype for c in ASSIGNMENT_COLUMNS if c in a.columns})
    out = pd.concat([kept, moved.reindex(columns=a.columns)], ignore_index=True)
    branches = layout.branches
    known = set(branches["branch_id"])
    extra: list[dict[str, Any]] = []
    for c in candidates:
        if c.new_branch is not None and c.new_branch[0] not in known:
            bid, kind, teams = c.new_branch
            extra.append({"branch_id": bid, "area": c.area, "kind": kind, "name": bid, "teams": teams})
            known.add(bid)
    for target in set(moves.values()) - known:  # a new comprehensive branch
        area = next(c.area for c in candidates if any(b == target for _, b in c.moves))
        extra.append(
            {
                "branch_id": target,
                "area": area,
                "kind": "comprehensive",
                "name": branch_name(area, "comprehensive"),
                "teams": (),
            }
        )
        known.add(target)
    if extra:
        rows = pd.DataFrame(extra, columns=list(LAYOUT_BRANCH_COLUMNS))
        rows["teams"] = pd.Series([r["teams"] for r in extra], dtype=object)
        branches = pd.concat([branches, rows.reindex(columns=branches.columns)], ignore_index=True)
    branches = branches[branches["branch_id"].isin(set(out["branch_id"]))].reset_index(drop=True)
    after = Layout(out, branches)
    reasons = assignment_reasons(roster, after, settings).to_numpy()
    mask = out["member_id"].isin(list(moves)).to_numpy()
    out.loc[mask, "reason"] = reasons[mask]
    return Layout(out, branches)


class _Verifier:
    """Re-checks candidates against a base (layout + roster + settings) of some areas."""

    def __init__(
        self,
        roster: Roster,
        layout: Layout | None,
        settings: Settings,
        areas: Sequence[str],
        found: pd.DataFrame | None = None,
    ) -> None:
        """``found``: the complete check of ``layout`` (pre-checks and check_layout rows of the
        areas), when the caller has it, so the base need not be checked again."""
        from planner.explain import precheck_area

        self.roster = roster
        self.layout = layout
        self.settings = settings
        self.areas = list(areas)
        self.base: dict[tuple[str, ...], float] = {}
        if found is not None:
            # the pre-checks' rows are the only ones with these details (the checker has none)
            rows = found[found["area"].isin(self.areas)]
            pre_rows = rows["detail"].isin(_PRECHECK_DETAILS)
            pre = _gaps(rows[pre_rows])
            self.pre = {a: {k: v for k, v in pre.items() if k[0] == a} for a in self.areas}
            if layout is not None:
                self.base = _gaps(rows[~pre_rows & (rows["rule"] != "party_groups")])
        else:
            self.pre = {a: _gaps(precheck_area(roster, settings, a)) for a in self.areas}
            if layout is not None:
                self.base = self._check(roster, layout, settings, self.areas)
        self._after_setting: dict[tuple[str, str, str], dict[tuple[str, ...], float]] = {}
        self._area_rosters: dict[str, Roster] = {}
        self._pre_by_count: dict[tuple[str, int], dict[tuple[str, ...], float]] = {}

    @staticmethod
    def _check(
        roster: Roster, layout: Layout | None, settings: Settings, areas: Sequence[str]
    ) -> dict[tuple[str, ...], float]:
        from planner.rules import check_layout

        if layout is None:
            return {}
        return _gaps(check_layout(roster, layout, settings, areas=areas, check_groups=False))

    def verdicts(
        self, candidates: Sequence[_Candidate], targets: Sequence[Mapping[str, Any]]
    ) -> dict[int, FixEffect]:
        """Position in ``candidates`` -> effect, for the candidates that hold."""
        out: dict[int, FixEffect] = {}
        layout_fixes = [j for j, c in enumerate(candidates) if c.kind is not FixKind.SETTING]
        for round_ in _rounds([candidates[j] for j in layout_fixes]):
            chosen = [layout_fixes[j] for j in round_]
            out.update(self._round(candidates, chosen, targets))
        for j, c in enumerate(candidates):
            if c.kind is FixKind.SETTING:
                effect = self._setting(c, targets[c.row])
                if effect is not None:
                    out[j] = effect
        return out

    def _round(
        self, candidates: Sequence[_Candidate], chosen: list[int], targets: Sequence[Mapping[str, Any]]
    ) -> dict[int, FixEffect]:

        group = [candidates[j] for j in chosen]
        roster = designated_roster(self.roster, [m for c in group for m in c.designate])
        areas = sorted({c.area for c in group})
        before = {k: v for k, v in self.base.items() if k[0] in areas}
        after = (
            self._check(roster, _apply(self.layout, group, roster, self.settings), self.settings, areas)
            if self.layout is not None
            else {}
        )
        owners: dict[tuple[str, ...], int] = {}
        for key in set(before) | set(after):
            if len(chosen) == 1:
                owners[key] = chosen[0]
                continue
            hit = [
                j
                for j, c in zip(chosen, group, strict=True)
                if key[0] == c.area and (key[2] in c.touched or _subject_members(key) & set(c.members))
            ]
            if len(hit) == 1:
                owners[key] = hit[0]
            elif before.get(key, 0.0) != after.get(key, 0.0):
                # a change no single fix explains: judge these fixes one at a time
                singles: dict[int, FixEffect] = {}
                for j in chosen:
                    singles.update(self._round(candidates, [j], targets))
                return singles
        out = {}
        for j, c in zip(chosen, group, strict=True):
            mine = [k for k, owner in owners.items() if owner == j]
            target = _row_key(targets[c.row])
            pre_after = self._pre_after(c)
            b = {k: before.get(k, 0.0) for k in mine} | self.pre.get(c.area, {})
            a = {k: after.get(k, 0.0) for k in mine} | pre_after
            effect = self._judge(b, a, target, c.area)
            if effect is not None:
                out[j] = effect
        return out

    def _pre_after(self, c: _Candidate) -> dict[tuple[str, ...], float]:
        """The area pre-checks after ``c``: only a designation changes them, and only the
        candidate rows (on the area's own members, which is all a pre-check reads)."""
        from planner.explain import precheck_area

        pre = self.pre.get(c.area, {})
        if not c.designate or not any(k[1] in _CANDIDATE_RULES for k in pre):
            return pre
        if c.area not in self._area_rosters:
            m, tm = self.roster.members, self.roster.teams
            self._area_rosters[c.area] = replace(
                self.roster, members=m[m["area"] == c.area], teams=tm[tm["area"] == c.area]
            )
        area_roster = designated_roster(self._area_rosters[c.area], c.designate)
        # the pre-checks count candidates only: equal counts give equal rows
        key = (c.area, int(is_candidate(area_roster.members).sum()))
        if key not in self._pre_by_count:
            self._pre_by_count[key] = _gaps(precheck_area(area_roster, self.settings, c.area))
        return self._pre_by_count[key]

    def _setting(self, c: _Candidate, target_row: Mapping[str, Any]) -> FixEffect | None:
        from planner.explain import precheck_area
        from planner.scenario import ScenarioError, replace_setting

        try:
            settings = replace_setting(self.settings, c.setting, c.value)
        except ScenarioError:
            return None
        if settings == self.settings:
            return None
        before = {k: v for k, v in self.base.items() if k[0] == c.area} | self.pre.get(c.area, {})
        key = (c.area, c.setting, repr(c.value))
        if key not in self._after_setting:  # several rows of an area often suggest the same change
            self._after_setting[key] = self._check(self.roster, self.layout, settings, [c.area]) | _gaps(
                precheck_area(self.roster, settings, c.area)
            )
        after = self._after_setting[key]
        return self._judge(before, after, _row_key(target_row), c.area)

    def _judge(
        self,
        before: Mapping[tuple[str, ...], float],
        after: Mapping[tuple[str, ...], float],
        target: tuple[str, ...],
        area: str,
    ) -> FixEffect | None:
        gap_before = before.get(target, 0.0)
        gap_after = after.get(target, 0.0)
        if target not in before or not gap_after < gap_before - _EPS:
            return None
        for key in set(before) | set(after):
            if key != target and after.get(key, 0.0) > before.get(key, 0.0) + _EPS:
                return None
        broken_before = len(self.pre.get(area, {})) + sum(1 for k in self.base if k[0] == area)
        delta = sum(1 for k in after if after[k] > _EPS) - sum(1 for k in before if before[k] > _EPS)
        return FixEffect(broken_before, broken_before + delta, gap_before, gap_after)


def _rounds(candidates: Sequence[_Candidate]) -> list[list[int]]:
    """Candidates split into rounds whose branches and members do not overlap."""
    rounds: list[tuple[list[int], set[str], set[str]]] = []
    for j, c in enumerate(candidates):
        members = set(c.members)
        for chosen, branches, people in rounds:
            if not (branches & c.touched) and not (people & members):
                chosen.append(j)
                branches |= c.touched
                people |= members
                break
        else:
            rounds.append(([j], set(c.touched), members))
    return [r[0] for r in rounds]


def verified_fixes(
    violations: pd.DataFrame,
    roster: Roster,
    layout: Layout | None,
    settings: Settings,
    lang: str,
    *,
    complete: bool = False,
    branch_label: Callable[[str, str], str] | None = None,
) -> list[tuple[Fix, ...]]:
    """For each row of ``violations`` (in order), its verified fixes, best first (at most
    :data:`MAX_FIXES`). Without a layout only area-wide rows (pre-checks) get fixes.
    ``complete``: ``violations`` is everything the pre-checks and the checker find on ``layout``
    in its areas (as the runner and the re-check make it), so it serves as the base.
    ``branch_label(area, branch_id)`` names branches in ``lang`` (default: the layout's names)."""
    rows = [{str(k): v for k, v in r.items()} for r in violations.to_dict("records")]
    proposer = _Proposer(roster, layout, settings, lang, branch_label)
    candidates = [c for i, row in enumerate(rows) for c in proposer.propose(i, row)]
    if not candidates:
        return [() for _ in rows]
    areas = sorted({c.area for c in candidates})
    verifier = _Verifier(roster, layout, settings, areas, violations if complete else None)
    effects = verifier.verdicts(candidates, rows)
    per_row: list[list[tuple[tuple[float, int, int, int], Fix]]] = [[] for _ in rows]
    for j, c in enumerate(candidates):
        if j in effects:
            e = effects[j]
            rank = (e.gap_after, e.broken_after, _KIND_ORDER[c.kind.value], j)
            per_row[c.row].append((rank, c.fix(e)))
    out: list[tuple[Fix, ...]] = []
    for found in per_row:
        found.sort(key=lambda x: x[0])
        seen: set[str] = set()
        fixes = []
        for _, fix in found:
            if fix.text not in seen:
                seen.add(fix.text)
                fixes.append(fix)
        out.append(tuple(fixes[:MAX_FIXES]))
    return out
