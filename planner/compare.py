"""Comparing scenarios: the settings that differ, the headline metrics with the better value
marked, who moves where and why, and the flow between two layouts.

Assignments frames here need only ``member_id`` and ``branch_id`` (plus ``area`` and ``reason``
where said); see :mod:`planner.plan` for the full columns.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner.i18n import t
from planner.plan import Plan
from planner.scenario import Scenario, flatten_settings
from planner.schema import Roster

#: Labels of the settings leaves, by dotted path (the settings form shows the same names).
_SETTING_KEY = "workshop.setting.{path}"


def setting_label(path: str, lang: str) -> str:
    """The translated name of a settings path; the path itself when it has no label."""
    from planner.i18n import CATALOGUE

    key = _SETTING_KEY.format(path=path)
    return t(key, lang) if key in CATALOGUE else path


def describe_setting(value: Any) -> str:
    """A settings leaf as short text: enums by value, pins one per ``;``, floats without noise."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        parts = []
        for item in value:
            if hasattr(item, "__dataclass_fields__"):
                fields = [describe_setting(getattr(item, f)) for f in item.__dataclass_fields__]
                parts.append("→".join("—" if f == "None" else f for f in fields))
            elif isinstance(item, tuple):
                parts.append("+".join(describe_setting(v) for v in item))
            else:
                parts.append(describe_setting(item))
        return "; ".join(parts)
    return str(value)


def settings_diff(scenarios: Sequence[Scenario], lang: str | None = None) -> pd.DataFrame:
    """The settings on which ``scenarios`` differ: column ``setting`` (dotted path), then one
    column per scenario name with the value as text (:func:`describe_setting`); with ``lang``,
    a ``label`` column after ``setting`` names it in that language. No rows when all agree."""
    names = [s.name for s in scenarios]
    flats = [flatten_settings(s.settings) for s in scenarios]
    paths = list(dict.fromkeys(p for flat in flats for p in flat))
    rows = []
    for path in paths:
        values = [flat.get(path) for flat in flats]
        if any(v != values[0] for v in values[1:]):
            row: dict[str, Any] = {"setting": path}
            if lang is not None:
                row["label"] = setting_label(path, lang)
            row.update({n: describe_setting(v) for n, v in zip(names, values, strict=True)})
            rows.append(row)
    columns = ["setting"] + (["label"] if lang is not None else []) + names
    return pd.DataFrame(rows, columns=columns, dtype=object)


# --- metrics -----------------------------------------------------------------------------------------


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"  # a trade-off: shown, never marked


@dataclass(frozen=True)
class Metric:
    """A headline metric: ``key`` (stable column name), label key, direction, and how to read it."""

    key: str
    label: str
    better: Better
    value: Callable[[Plan], float | None]
    percent: bool = False


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _kpi(*path: str) -> Callable[[Plan], float | None]:
    """Read ``plan.kpis[path[0]][path[1]]...`` (see planner.kpis.plan_kpis) as a number."""

    def read(plan: Plan) -> float | None:
        value: Any = plan.kpis
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return _number(value)

    return read


def _objective(plan: Plan) -> float | None:
    if "objective" not in plan.areas.columns or not len(plan.areas):
        return None
    return float(pd.to_numeric(plan.areas["objective"], errors="coerce").sum())


def _not_optimal(plan: Plan) -> float | None:
    if "status" not in plan.areas.columns:
        return None
    return float((plan.areas["status"].astype(str) != "optimal").sum())


HEADLINE_METRICS: tuple[Metric, ...] = (
    Metric("branches", "workshop.metric.branches", Better.NEITHER, _kpi("branches")),
    Metric(
        "team_branches", "workshop.metric.team_branches", Better.NEITHER, _kpi("branches_by_kind", "team")
    ),
    Metric(
        "joint_branches", "workshop.metric.joint_branches", Better.NEITHER, _kpi("branches_by_kind", "joint")
    ),
    Metric(
        "comprehensive_branches",
        "workshop.metric.comprehensive_branches",
        Better.NEITHER,
        _kpi("branches_by_kind", "comprehensive"),
    ),
    Metric("largest", "workshop.metric.largest", Better.LOWER, _kpi("largest_branch", "size")),
    Metric("smallest", "workshop.metric.smallest", Better.HIGHER, _kpi("smallest_branch", "size")),
    Metric(
        "first_choice_share",
        "workshop.metric.first_choice_share",
        Better.HIGHER,
        _kpi("first_choice_share"),
        True,
    ),
    Metric("any_team_share", "workshop.metric.any_team_share", Better.HIGHER, _kpi("any_team_share"), True),
    Metric(
        "comprehensive_members",
        "workshop.metric.comprehensive_members",
        Better.LOWER,
        _kpi("comprehensive_members"),
    ),
    Metric("leaders_before", "workshop.metric.leaders_before", Better.NEITHER, _kpi("leaders_before")),
    Metric("leaders_after", "workshop.metric.leaders_after", Better.HIGHER, _kpi("leaders_after")),
    Metric(
        "members_per_leader",
        "workshop.metric.members_per_leader",
        Better.LOWER,
        _kpi("members_per_leader_after"),
    ),
    Metric("rules_broken", "workshop.metric.rules_broken", Better.LOWER, _kpi("rules_broken", "count")),
    Metric("objective", "workshop.metric.objective", Better.HIGHER, _objective),
    Metric("areas_not_optimal", "workshop.metric.areas_not_optimal", Better.LOWER, _not_optimal),
)
METRICS_BY_KEY: dict[str, Metric] = {m.key: m for m in HEADLINE_METRICS}


def metric_values(plan: Plan) -> dict[str, float | None]:
    """Every headline metric of ``plan`` by key (None when the plan does not say)."""
    return {m.key: m.value(plan) for m in HEADLINE_METRICS}


def format_metric(metric: Metric, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.percent:
        return f"{value * 100:.1f}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def best_of(metric: Metric, values: Mapping[str, float | None]) -> list[str]:
    """Names holding the better value, in the given order; [] when all are equal, the metric has
    no direction, or fewer than two values are known."""
    known = {n: v for n, v in values.items() if v is not None}
    if metric.better is Better.NEITHER or len(known) < 2 or len(set(known.values())) == 1:
        return []
    pick = max if metric.better is Better.HIGHER else min
    best = pick(known.values())
    return [n for n, v in known.items() if v == best]


def metrics_table(scenarios: Sequence[Scenario], lang: str) -> pd.DataFrame:
    """Headline metrics side by side: ``key``, ``metric`` (label in ``lang``), one column per
    scenario (formatted text), ``better`` (the name(s) with the better value, joined by ", ";
    "" when equal or a trade-off) and ``direction`` (translated: higher/lower is better, or "")."""
    names = [s.name for s in scenarios]
    values = [metric_values(s.plan) for s in scenarios]
    rows = []
    for metric in HEADLINE_METRICS:
        by_name = {n: v[metric.key] for n, v in zip(names, values, strict=True)}
        row: dict[str, Any] = {"key": metric.key, "metric": t(metric.label, lang)}
        row.update({n: format_metric(metric, by_name[n]) for n in names})
        row["better"] = ", ".join(best_of(metric, by_name))
        row["direction"] = (
            "" if metric.better is Better.NEITHER else t(f"workshop.better.{metric.better.value}", lang)
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=["key", "metric", *names, "better", "direction"], dtype=object)


# --- who moved --------------------------------------------------------------------------------------


def current_assignments(roster: Roster) -> pd.DataFrame:
    """The roster's structure today as assignments: member_id, area, branch_id (= current_branch)."""
    members = roster.members
    return pd.DataFrame(
        {
            "member_id": members["member_id"].astype(str),
            "area": members["area"].astype(str),
            "branch_id": members["current_branch"].astype(str),
        }
    )


def _stays_single(roster: Roster, after: pd.DataFrame) -> pd.Series:
    """Against today's structure: True where the member's area stays one branch and the area was
    one branch before (its members shared one current branch) — nobody in it moves."""
    members = roster.members
    one_branch = members.groupby("area")["current_branch"].nunique() == 1
    single_area = {a for a, one in one_branch.items() if one}
    area_of = dict(zip(members["member_id"], members["area"], strict=True))
    areas = after["member_id"].map(area_of)
    return areas.isin(single_area) & (after["branch_id"] == areas.astype(str) + "/single")


def who_moved(
    roster: Roster,
    before_assignments: pd.DataFrame | None,
    after_assignments: pd.DataFrame,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Members whose branch differs between ``before`` and ``after``.

    Columns: member_id, name, area, from_branch, to_branch, why — ``why`` is the after-plan's
    reason, translated. ``before=None`` compares with the roster's current branches (members of an
    area that was and stays a single branch do not move). A member missing on one side shows ""
    there. ``names`` (branch_id -> display name), when given, is used for both branch columns.
    Sorted by area and member_id.
    """
    before = current_assignments(roster) if before_assignments is None else before_assignments
    left = before[["member_id", "branch_id"]].rename(columns={"branch_id": "from_branch"})
    right_cols = ["member_id", "branch_id"] + (["reason"] if "reason" in after_assignments.columns else [])
    right = after_assignments[right_cols].rename(columns={"branch_id": "to_branch"})
    both = left.merge(right, on="member_id", how="outer")
    both["from_branch"] = both["from_branch"].fillna("").astype(str)
    both["to_branch"] = both["to_branch"].fillna("").astype(str)
    moved = both["from_branch"] != both["to_branch"]
    if before_assignments is None:
        stays = _stays_single(roster, both.rename(columns={"to_branch": "branch_id"}))
        moved &= ~stays.fillna(False).astype(bool)
    out = both[moved].copy()
    members = roster.members.set_index("member_id")
    out["name"] = out["member_id"].map(members["name"]).fillna("").astype(str)
    out["area"] = out["member_id"].map(members["area"]).fillna("").astype(str)
    reasons = out["reason"].fillna("") if "reason" in out.columns else pd.Series("", index=out.index)
    out["why"] = [t(f"workshop.reason.{r}", lang) if r else "" for r in reasons]
    if names:
        for column in ("from_branch", "to_branch"):
            out[column] = [names.get(b, b) for b in out[column]]
    out = out.sort_values(["area", "member_id"], kind="stable")
    columns = ["member_id", "name", "area", "from_branch", "to_branch", "why"]
    return out[columns].reset_index(drop=True).astype({c: "str" for c in columns})


def flow(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """How many members go from each ``before`` branch to each ``after`` branch: columns source,
    target, members (int), largest first. A member on one side only has "" on the other."""
    left = before[["member_id", "branch_id"]].rename(columns={"branch_id": "source"})
    right = after[["member_id", "branch_id"]].rename(columns={"branch_id": "target"})
    both = left.merge(right, on="member_id", how="outer")
    both["source"] = both["source"].fillna("").astype(str)
    both["target"] = both["target"].fillna("").astype(str)
    counts = both.groupby(["source", "target"], sort=True).size().rename("members").reset_index()
    counts = counts.sort_values(["members", "source", "target"], ascending=[False, True, True], kind="stable")
    return counts.reset_index(drop=True).astype({"source": "str", "target": "str", "members": "int64"})
