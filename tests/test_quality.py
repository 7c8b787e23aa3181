"""The plan's quality in words (planner.quality)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.i18n import t
from planner.quality import Verdict, area_quality, gap_text, plan_quality, verdict


@pytest.mark.parametrize(
    ("status", "gap", "expected"),
    [
        ("optimal", 0.0, Verdict.BEST),
        ("optimal", None, Verdict.BEST),
        ("optimal", 0.003, Verdict.NEAR),
        ("feasible", 0.003, Verdict.NEAR),
        ("feasible", None, Verdict.NEAR),
        ("time_limit", 0.0, Verdict.TIME_LIMIT),
        ("greedy", None, Verdict.GREEDY),
        ("edited", 0.0, Verdict.EDITED),
        ("error", None, Verdict.FAILED),
        ("nonsense", None, Verdict.FAILED),
    ],
)
def test_each_status_has_its_verdict(status: str, gap: float | None, expected: Verdict) -> None:
    assert verdict(status, gap) is expected


def test_the_words_the_issue_asks_for() -> None:
    assert area_quality("optimal", 0.0, "en") == "The best possible under these rules"
    assert area_quality("feasible", 0.003, "en") == "Within 0.3% of the best possible"
    assert area_quality("time_limit", 0.01, "en") == "Stopped at the time limit: a better plan may exist"
    assert "最佳" in area_quality("optimal", 0.0, "zh")


def test_gaps_read_as_percentages() -> None:
    assert gap_text(0.0031) == "0.3%"
    assert gap_text(0.00001) == "<0.1%"
    assert gap_text(0.25) == "25%"


def test_one_verdict_for_all_areas_is_one_sentence() -> None:
    areas = pd.DataFrame({"status": ["optimal", "optimal"], "gap": [0.0, None]})
    assert plan_quality(areas, "en") == t("quality.all.best", "en", count=2)


def test_mixed_verdicts_are_counted_worst_first() -> None:
    areas = pd.DataFrame({"status": ["optimal", "feasible", "time_limit"], "gap": [0.0, 0.004, 0.2]})
    text = plan_quality(areas, "en")
    assert text.startswith("Of 3 areas: stopped at the time limit in 1")
    assert "within 0.4% of the best possible in 1" in text
    assert text.endswith("the best possible in 1")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["optimal", "feasible", "time_limit", "greedy", "edited", "error", "x"]),
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
        ),
        max_size=12,
    ),
    st.sampled_from(["zh", "en"]),
)
def test_any_report_gives_one_sentence_without_raw_numbers(rows: list, lang: str) -> None:
    frame = pd.DataFrame(rows, columns=["status", "gap"])
    text = plan_quality(frame, lang)
    assert text and "nan" not in text.lower() and "{" not in text
