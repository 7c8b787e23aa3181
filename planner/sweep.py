"""The trade-off sweep: vary one setting over a range, plan each point, tabulate the metrics.

Each point is a whole :func:`planner.runner.plan_community` run; the caller runs the sweep
outside the page's script (it takes as long as its points) and may cancel it between points
and inside one (the runner checks the same event).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.compare import HEADLINE_METRICS, metric_values, setting_label
from planner.i18n import t
from planner.plan import Plan
from planner.scenario import ScenarioError, flatten_settings, replace_setting
from planner.schema import Roster
from planner.settings import Settings

if TYPE_CHECKING:
    from planner.runner import AreaProgress

#: Most points one sweep plans (each is a whole community plan).
MAX_POINTS = 25

#: Metrics the sweep table and chart show, by HEADLINE_METRICS key.
SWEEP_METRICS: tuple[str, ...] = (
    "branches",
    "largest",
    "first_choice_share",
    "comprehensive_members",
    "leaders_after",
    "members_per_leader",
    "rules_broken",
)


@dataclass(frozen=True)
class SweepProgress:
    """Where a sweep is: point ``index`` (0-based) of ``total`` at ``value``; ``area`` is the
    runner's progress inside that point (None when the point starts)."""

    index: int
    total: int
    value: Any
    area: AreaProgress | None = None


def sweep_settings(settings: Settings, parameter: str, values: Sequence[Any]) -> list[tuple[Any, Settings]]:
    """The settings of each point, checked before anything is planned (raises ScenarioError for an
    unknown or non-scalar parameter, a value of the wrong type, or too many points)."""
    if len(values) > MAX_POINTS:
        raise ScenarioError("workshop.sweep_too_many", count=str(len(values)), limit=str(MAX_POINTS))
    if not values:
        raise ScenarioError("workshop.sweep_no_values")
    return [(value, replace_setting(settings, parameter, value)) for value in values]


def sweep(
    roster: Roster,
    settings: Settings,
    parameter: str,
    values: Sequence[Any],
    *,
    progress: Callable[[SweepProgress], None] | None = None,
    cancel: threading.Event | None = None,
    lang: str = "zh",
) -> list[tuple[Any, Plan]]:
    """Plan ``roster`` once per value of the dotted ``parameter`` (e.g. "rules.max_branch_size").

    Returns (value as set in the settings, plan) per point, in the given order; when ``cancel`` is
    set, the points finished so far (a point cancelled half-way is dropped)."""
    from planner.runner import plan_community

    points = sweep_settings(settings, parameter, values)
    done: list[tuple[Any, Plan]] = []
    for index, (value, point_settings) in enumerate(points):
        if cancel is not None and cancel.is_set():
            break
        set_value = flatten_settings(point_settings)[parameter]
        if progress is not None:
            progress(SweepProgress(index, len(points), set_value))
            if cancel is not None and cancel.is_set():
                break

        def forward(area: AreaProgress, index: int = index, value: Any = set_value) -> None:
            if progress is not None:
                progress(SweepProgress(index, len(points), value, area))

        plan = plan_community(roster, point_settings, progress=forward, lang=lang, cancel=cancel)
        if cancel is not None and cancel.is_set():
            break
        done.append((set_value, plan))
    return done


def sweep_frame(points: Sequence[tuple[Any, Plan]], lang: str, parameter: str | None = None) -> pd.DataFrame:
    """One row per point: ``value`` then the SWEEP_METRICS (floats; shares as fractions), with
    column names as keys. ``frame.attrs["labels"]`` maps each column to its label in ``lang``
    (``value`` to the parameter's label when ``parameter`` is given)."""
    rows = []
    for value, plan in points:
        metrics = metric_values(plan)
        rows.append({"value": getattr(value, "value", value), **{k: metrics[k] for k in SWEEP_METRICS}})
    frame = pd.DataFrame(rows, columns=["value", *SWEEP_METRICS])
    for key in SWEEP_METRICS:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype("float64")
    by_key = {m.key: m for m in HEADLINE_METRICS}
    labels = {k: t(by_key[k].label, lang) for k in SWEEP_METRICS}
    labels["value"] = setting_label(parameter, lang) if parameter else t("workshop.sweep.value", lang)
    frame.attrs["labels"] = labels
    return frame


def point_name(parameter: str, value: Any, lang: str) -> str:
    """A name for a sweep point kept as a scenario, e.g. "Branch size cap = 40"."""
    shown = getattr(value, "value", value)
    return f"{setting_label(parameter, lang)} = {shown}"


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A sweep frame with its columns renamed to their labels (for a table on the page)."""
    labels: dict[str, str] = frame.attrs.get("labels", {})
    return frame.rename(columns=labels)
