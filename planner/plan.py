"""The plan value and the layout frames every planning step exchanges.

A *layout* is who sits in which branch; a *plan* is a layout with its staffing (secretary,
committee, party groups), its per-area solver report, the rules it breaks and its KPIs.

Branch ids are stable, readable strings derived from what a branch is built on, so pins and
comparisons survive re-planning:

* ``<area>/team:<team_id>`` for a team branch (``<area>/team:<team_id>#2`` for a second
  branch of a split team),
* ``<area>/joint:<team_id>+<team_id>...`` for a joint branch (team ids sorted),
* ``<area>/comprehensive`` (``#2``, ``#3``... for further ones),
* ``<area>/single`` when the area stays one branch.

Layout frames
-------------
``assignments`` (one row per member):
    member_id str, area str, branch_id str, group_id str ("" until groups are formed),
    reason str — one of REASONS.
``branches`` (one row per branch):
    branch_id str, area str, kind str (one of BRANCH_KINDS), name str (display name, e.g.
    "歌咏队党支部"), teams tuple[str, ...] (team ids it is built on).

Plan frames (in addition)
-------------------------
``branches`` gains: size int, full_members int, candidates int, secretary str (member_id or ""),
    committee tuple[str, ...] (member_ids, secretary first), attached int, mobility int.
``groups``: group_id str, branch_id str, area str, leader str (member_id), size int,
    full_members int, members tuple[str, ...].
``areas``: area str, structure str ("single" or "general"), status str (SolveStatus value),
    objective float, bound float | None, gap float | None, seconds float, greedy_objective float,
    solver str, branches int, violations int, message str (translation key or "").
``violations``: VIOLATION_COLUMNS, one row per broken rule instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from planner.settings import Settings


class SolveStatus(StrEnum):
    """Honest per-area status."""

    OPTIMAL = "optimal"  # proven optimal within the gap setting
    FEASIBLE = "feasible"  # a solution with a known gap above the setting
    TIME_LIMIT = "time_limit"  # stopped by the time limit; the best solution in hand is used
    GREEDY = "greedy"  # the model gave nothing usable (killed, error): the greedy plan is used
    ERROR = "error"  # nothing could be planned
    EDITED = "edited"  # laid out by hand after the solve; the bound is the solver's, from before


BRANCH_KINDS: tuple[str, ...] = ("team", "joint", "comprehensive", "single")
REASONS: tuple[str, ...] = ("first_choice", "other_team", "attached", "comprehensive", "pinned")

ASSIGNMENT_COLUMNS: tuple[str, ...] = ("member_id", "area", "branch_id", "group_id", "reason")
#: Columns of ``Plan.areas`` (one row per area: the solver's report).
AREA_COLUMNS: tuple[str, ...] = (
    "area",
    "structure",
    "status",
    "objective",
    "bound",
    "gap",
    "seconds",
    "greedy_objective",
    "solver",
    "branches",
    "violations",
    "message",
)
LAYOUT_BRANCH_COLUMNS: tuple[str, ...] = ("branch_id", "area", "kind", "name", "teams")

#: One row per broken rule. ``rule`` is the name of the model constraint family it comes from
#: (see planner.rules.RULES); ``value`` what was found, ``limit`` what the rule asks;
#: ``subject`` the member, team, group or pair concerned ("" for a branch or area rule; pairs as
#: "a|b"); ``detail`` which variant of the rule (e.g. "missing", "duplicate"; "" for the plain
#: case; "area" for an area-wide pre-check); ``message`` (str) and ``fixes`` are rendered in the
#: plan's language by planner.explain: ``fixes`` is a tuple of planner.fixes.Fix (kind designate,
#: move, open or setting; text; members; branch_id; from_branch_id; teams; setting; value; effect),
#: best first, each verified by re-checking the layout with it applied alone.
VIOLATION_COLUMNS: tuple[str, ...] = (
    "area",
    "rule",
    "branch_id",
    "subject",
    "value",
    "limit",
    "detail",
    "message",
    "fixes",
)


@dataclass(frozen=True)
class Layout:
    """Who sits in which branch (see module docstring for the columns)."""

    assignments: pd.DataFrame
    branches: pd.DataFrame


@dataclass(frozen=True)
class Plan:
    """A pure value: the same roster and settings give an equal plan."""

    fingerprint: str
    settings: Settings
    assignments: pd.DataFrame
    branches: pd.DataFrame
    groups: pd.DataFrame
    areas: pd.DataFrame
    violations: pd.DataFrame
    kpis: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"

    @property
    def layout(self) -> Layout:
        return Layout(self.assignments, self.branches[list(LAYOUT_BRANCH_COLUMNS)])
