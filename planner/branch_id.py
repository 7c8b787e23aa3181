"""Branch ids: one type, one format, one parser.

A branch id is a stable, readable string derived from what the branch is built on, so pins and
comparisons survive re-planning (see planner.plan):

* ``<area>/team:<team_id>`` for a team branch (``#2``, ``#3``... for further branches of a split
  team),
* ``<area>/joint:<team_id>+<team_id>...`` for a joint branch (team ids sorted),
* ``<area>/comprehensive`` (``#2``, ``#3``... for further ones),
* ``<area>/single`` when the area stays one branch.

Every module that builds or reads an id goes through :class:`BranchId` (``format`` / ``parse``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class BranchKind(StrEnum):
    """What a branch is built on (the ``kind`` column of a layout's branches)."""

    TEAM = "team"
    JOINT = "joint"
    COMPREHENSIVE = "comprehensive"
    SINGLE = "single"


#: Kinds built on teams (members sit in them through a team of theirs, or attached).
TEAM_BUILT: frozenset[BranchKind] = frozenset({BranchKind.TEAM, BranchKind.JOINT})

# non-greedy area: the first "/<kind>" that makes the rest parse ends the area, so an area name may
# hold "/" itself; "#n" (n >= 2) at the very end is the index
_PATTERN = re.compile(
    r"^(?P<area>.+?)/(?:(?P<team>team|joint):(?P<teams>.+?)|(?P<plain>comprehensive|single))"
    r"(?:#(?P<index>[1-9]\d{0,3}))?$"
)


@dataclass(frozen=True, order=True)
class BranchId:
    """A branch id's parts. ``teams`` is sorted for joint branches; ``index`` is 1-based (the
    first branch of its kind carries no ``#1``)."""

    area: str
    kind: BranchKind
    teams: tuple[str, ...] = ()
    index: int = 1

    @classmethod
    def of(cls, area: str, kind: BranchKind | str, teams: Iterable[str] = (), index: int = 1) -> BranchId:
        """A normalised id: joint teams sorted, a team branch on its one team, no teams otherwise."""
        kind = BranchKind(kind)
        ts = tuple(str(t) for t in teams)
        if kind is BranchKind.JOINT:
            ts = tuple(sorted(ts))
        elif kind is BranchKind.TEAM:
            if not ts:
                raise ValueError("a team branch needs its team")
            ts = ts[:1]
        else:
            ts = ()
        if kind is BranchKind.SINGLE:
            index = 1
        return cls(area, kind, ts, max(1, int(index)))

    def format(self) -> str:
        suffix = f"#{self.index}" if self.index > 1 else ""
        if self.kind is BranchKind.TEAM:
            return f"{self.area}/team:{self.teams[0]}{suffix}"
        if self.kind is BranchKind.JOINT:
            return f"{self.area}/joint:{'+'.join(self.teams)}{suffix}"
        if self.kind is BranchKind.COMPREHENSIVE:
            return f"{self.area}/comprehensive{suffix}"
        return f"{self.area}/single"

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def parse(cls, text: str, area: str | None = None) -> BranchId | None:
        """The parts of ``text``, or None when it is not a branch id (of ``area``, when given)."""
        if area is not None:
            if not text.startswith(area + "/"):
                return None
            match = _PATTERN.match("a" + text[len(area) :])
        else:
            match = _PATTERN.match(text)
        if match is None or (area is not None and match.group("area") != "a"):
            return None
        found_area = area if area is not None else match.group("area")
        index = int(match.group("index") or 1)
        if match.group("plain"):
            kind = BranchKind(match.group("plain"))
            if kind is BranchKind.SINGLE and index != 1:
                return None
            return cls(found_area, kind, (), index)
        kind = BranchKind(match.group("team"))
        raw = match.group("teams")
        teams = (raw,) if kind is BranchKind.TEAM else tuple(raw.split("+"))
        return cls(found_area, kind, teams if kind is BranchKind.TEAM else tuple(sorted(teams)), index)


def format_branch_id(area: str, kind: BranchKind | str, teams: Iterable[str] = (), index: int = 1) -> str:
    """``BranchId.of(...).format()``: the id of the ``index``-th branch of that kind and teams."""
    return BranchId.of(area, kind, teams, index).format()


def parse_branch_id(text: str, area: str | None = None) -> BranchId | None:
    """``BranchId.parse``: the parts of a branch id, or None when ``text`` is not one."""
    return BranchId.parse(text, area)
