"""How good a plan is, in words a workshop reads (the solver's numbers stay behind an expander).

Each area's honest status (planner.plan.SolveStatus) and gap become one of a few verdicts:
the best possible under these rules; within a stated share of the best possible; stopped at the
time limit (a better plan may exist); the rule-of-thumb plan; changed by hand; not planned.
"""

from __future__ import annotations

import math
from collections import Counter
from enum import StrEnum
from typing import Any

import pandas as pd

from planner.i18n import t
from planner.plan import SolveStatus

#: a gap below this (relative) is "the best possible": the solver's own tolerance, not a claim
BEST_GAP = 0.0005


class Verdict(StrEnum):
    """How close an area's plan is to the best possible under the settings."""

    BEST = "best"
    NEAR = "near"  # a proven share from the best
    TIME_LIMIT = "time_limit"
    GREEDY = "greedy"
    EDITED = "edited"
    FAILED = "failed"


#: order of the plan-wide summary: worst first, so the weakest area is read first
_ORDER = (Verdict.FAILED, Verdict.GREEDY, Verdict.TIME_LIMIT, Verdict.NEAR, Verdict.EDITED, Verdict.BEST)


def _gap(value: Any) -> float | None:
    try:
        gap = float(value)
    except (TypeError, ValueError):
        return None
    return gap if math.isfinite(gap) and gap >= 0 else None


def verdict(status: Any, gap: Any) -> Verdict:
    """The verdict of one area from its status code and relative gap (None when unknown)."""
    code = str(getattr(status, "value", status))
    known = _gap(gap)
    if code == SolveStatus.OPTIMAL:
        return Verdict.BEST if known is None or known < BEST_GAP else Verdict.NEAR
    if code == SolveStatus.FEASIBLE:
        return Verdict.BEST if known is not None and known < BEST_GAP else Verdict.NEAR
    if code == SolveStatus.TIME_LIMIT:
        return Verdict.TIME_LIMIT
    if code == SolveStatus.GREEDY:
        return Verdict.GREEDY
    if code == SolveStatus.EDITED:
        return Verdict.EDITED
    return Verdict.FAILED


def gap_text(gap: Any) -> str:
    """A relative gap as a readable percentage: 0.3%, 2%, <0.1%."""
    known = _gap(gap) or 0.0
    if known < 0.001:
        return "<0.1%"
    return f"{known:.1%}" if known < 0.1 else f"{known:.0%}"


def area_quality(status: Any, gap: Any, lang: str) -> str:
    """One area's plan in words, e.g. "within 0.3% of the best possible"."""
    found = verdict(status, gap)
    if found is Verdict.NEAR:
        if _gap(gap) is None:
            return t("quality.near_unknown", lang)
        return t("quality.near", lang, gap=gap_text(gap))
    return t(f"quality.{found.value}", lang)


def plan_quality(areas: pd.DataFrame, lang: str) -> str:
    """The whole plan in one sentence from its per-area report (columns ``status``, ``gap``):
    one verdict for all areas, else how many areas got each verdict, worst first."""
    if not len(areas):
        return t("quality.no_areas", lang)
    gaps = areas["gap"] if "gap" in areas.columns else [None] * len(areas)
    found = [verdict(s, g) for s, g in zip(areas["status"], gaps, strict=True)]
    counts = Counter(found)
    if len(counts) == 1:
        (only,) = counts
        if only is Verdict.NEAR:
            return t(
                "quality.all_near", lang, count=len(found), gap=gap_text(max(_gap(g) or 0.0 for g in gaps))
            )
        return t(f"quality.all.{only.value}", lang, count=len(found))
    near = (
        gap_text(max((_gap(g) or 0.0) for g, v in zip(gaps, found, strict=True) if v is Verdict.NEAR))
        if counts.get(Verdict.NEAR)
        else ""
    )
    parts = [t(f"quality.part.{v.value}", lang, count=counts[v], gap=near) for v in _ORDER if counts.get(v)]
    return t("quality.mixed", lang, total=len(found), parts=t("quality.sep", lang).join(parts))
