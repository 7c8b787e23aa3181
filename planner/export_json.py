"""A plan as a JSON-ready dict (what ``python -m planner plan --json OUT`` writes).

Top-level keys (every text in the plan's language, ``lang``):

``format``
    ``"branch-plan/1"``.
``lang``, ``fingerprint``
    The plan's language and the roster's fingerprint.
``settings``
    Every setting: ``rules``, ``weights``, ``preset``, ``solver``, ``constraints``, ``areas``
    (enums as their values, pairs as lists).
``areas``
    One object per area: ``area``, ``structure`` ("single" or "general"), ``status``
    ("optimal", "feasible", "time_limit", "greedy", "error"), ``objective``, ``bound`` and ``gap``
    (null when unknown), ``seconds``, ``greedy_objective``, ``solver``, ``branches``,
    ``message`` (why the greedy plan was kept, "" otherwise), ``violations`` (the area's rows
    of the top-level ``violations``).
``branches``
    One object per branch: ``branch_id``, ``area``, ``name``, ``kind`` ("team", "joint",
    "comprehensive", "single"), ``teams`` (team ids), ``size``, ``full_members``, ``candidates``,
    ``secretary`` (member_id or ""), ``committee`` (member_ids, secretary first), ``attached``,
    ``mobility``, ``groups`` (``group_id``, ``leader``, ``size``, ``full_members``,
    ``members``; empty below the party-group threshold).
``assignments``
    One object per member: ``member_id``, ``area``, ``branch_id``, ``group_id`` ("" without
    groups), ``reason`` ("first_choice", "other_team", "attached", "comprehensive", "pinned").
``violations``
    One object per broken rule: ``area``, ``rule``, ``branch_id``, ``subject``, ``value``,
    ``limit``, ``detail``, ``message``, ``fixes``: the verified fixes, best first, each an
    object (planner.fixes.fix_to_json) ``{kind, text, members, branch_id, from_branch_id,
    teams, setting, value, effect}``: ``kind`` "designate" (make ``members`` candidates in
    ``branch_id``, "" = the area), "move" (``members`` from ``from_branch_id`` to ``branch_id``),
    "open" (a new team branch ``branch_id`` for ``teams``, taking ``members``) or "setting"
    (set the dotted ``setting`` to ``value``); ``text`` the fix in words; ``effect``
    ``{broken_before, broken_after, gap_before, gap_after}``: rule instances broken in the area
    before and after the fix alone, and how far the violation was and is from its limit.
``kpis``
    planner.kpis.plan_kpis: branches by kind, largest and smallest, first-choice and any-team
    shares, members in comprehensive branches, leadership positions before and after, members
    per leader, rules broken.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from typing import Any

import pandas as pd

from planner.fixes import Fix, fix_to_json
from planner.i18n import CATALOGUE, t
from planner.plan import Plan
from planner.settings import Settings

FORMAT = "branch-plan/1"


def settings_to_json(settings: Settings) -> dict[str, Any]:
    """The settings as plain JSON values (enums by value, tuples as lists)."""
    value = _plain(dataclasses.asdict(settings))
    assert isinstance(value, dict)
    return value


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict (see the module docstring for the keys)."""
    violations = [_violation(row) for row in _records(plan.violations)]
    by_area: dict[str, list[dict[str, Any]]] = {}
    for found in violations:
        by_area.setdefault(found["area"], []).append(found)
    areas = []
    for row in _records(plan.areas):
        area = str(row["area"])
        message = str(row.get("message") or "")
        areas.append(
            {
                "area": area,
                "structure": str(row["structure"]),
                "status": str(row["status"]),
                "objective": _number(row["objective"]),
                "bound": _number(row.get("bound")),
                "gap": _number(row.get("gap")),
                "seconds": _number(row["seconds"]),
                "greedy_objective": _number(row["greedy_objective"]),
                "solver": str(row["solver"]),
                "branches": int(row["branches"]),
                "message": t(message, plan.lang) if message in CATALOGUE else message,
                "violations": by_area.get(area, []),
            }
        )
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in _records(plan.groups):
        groups.setdefault(str(row["branch_id"]), []).append(
            {
                "group_id": str(row["group_id"]),
                "leader": str(row["leader"]),
                "size": int(row["size"]),
                "full_members": int(row["full_members"]),
                "members": [str(m) for m in row["members"]],
            }
        )
    branches = []
    for row in _records(plan.branches):
        bid = str(row["branch_id"])
        branches.append(
            {
                "branch_id": bid,
                "area": str(row["area"]),
                "name": str(row["name"]),
                "kind": str(row["kind"]),
                "teams": [str(x) for x in row["teams"]],
                "size": int(row.get("size", 0)),
                "full_members": int(row.get("full_members", 0)),
                "candidates": int(row.get("candidates", 0)),
                "secretary": str(row.get("secretary", "") or ""),
                "committee": [str(x) for x in row.get("committee", ())],
                "attached": int(row.get("attached", 0)),
                "mobility": int(row.get("mobility", 0)),
                "groups": groups.get(bid, []),
            }
        )
    assignments = [
        {
            "member_id": str(r["member_id"]),
            "area": str(r["area"]),
            "branch_id": str(r["branch_id"]),
            "group_id": str(r["group_id"]),
            "reason": str(r["reason"]),
        }
        for r in _records(plan.assignments)
    ]
    return {
        "format": FORMAT,
        "lang": plan.lang,
        "fingerprint": plan.fingerprint,
        "settings": settings_to_json(plan.settings),
        "areas": areas,
        "branches": branches,
        "assignments": assignments,
        "violations": violations,
        "kpis": _plain(plan.kpis),
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _violation(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "area": str(row["area"]),
        "rule": str(row["rule"]),
        "branch_id": str(row["branch_id"]),
        "subject": str(row["subject"]),
        "value": _number(row["value"]),
        "limit": _number(row["limit"]),
        "detail": str(row["detail"]),
        "message": str(row["message"]),
        "fixes": [fix_to_json(f) if isinstance(f, Fix) else {"text": str(f)} for f in (row["fixes"] or ())],
    }


def _number(value: Any) -> float | int | None:
    """A JSON number, or None for missing / NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return int(value)
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _plain(value: Any) -> Any:
    """Enums by value, tuples as lists, numpy scalars as Python numbers, recursively."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value
