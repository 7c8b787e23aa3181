"""One way to write numbers on every page: counts with thousands separators, shares as
percentages, and a change coloured by whether it is better, never by its sign alone."""

from __future__ import annotations

import math
from typing import Any, Literal

from planner.compare import Better, Metric

DeltaColour = Literal["normal", "inverse", "off"]


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def count_text(value: Any) -> str:
    """A count: 1,234; a missing value: —."""
    number = _finite(value)
    if number is None:
        return "—"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def share_text(value: Any) -> str:
    """A share (0..1) as a percentage with one decimal: 95.8%."""
    number = _finite(value)
    return "—" if number is None else f"{number:.1%}"


def metric_text(metric: Metric, value: Any) -> str:
    """A headline metric's value as read on every page."""
    return share_text(value) if metric.percent else count_text(value)


def delta_text(metric: Metric, before: Any, after: Any) -> str | None:
    """The change from ``before`` to ``after`` (None when unknown or none): +1, −3, +2.5 pp."""
    old, new = _finite(before), _finite(after)
    if old is None or new is None or old == new:
        return None
    change = new - old
    if metric.percent:
        return f"{change * 100:+.1f} pp"
    return f"{change:+,.0f}" if change.is_integer() else f"{change:+,.1f}"


def delta_colour(metric: Metric) -> DeltaColour:
    """st.metric's ``delta_color``: green only for a change for the better; a metric with no
    better direction (a trade-off such as the number of branches) is never coloured."""
    if metric.better is Better.HIGHER:
        return "normal"
    if metric.better is Better.LOWER:
        return "inverse"
    return "off"
