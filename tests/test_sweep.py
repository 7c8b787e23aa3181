"""The trade-off sweep: one plan per value, progress, cancelling, the metrics table."""

from __future__ import annotations

import threading

import pytest

from planner.plan import Plan
from planner.scenario import ScenarioError
from planner.schema import Roster
from planner.settings import JointTypeRule, Settings, SolverOptions
from planner.sweep import (
    MAX_POINTS,
    SWEEP_METRICS,
    SweepProgress,
    labelled,
    point_name,
    sweep,
    sweep_frame,
    sweep_settings,
)
from tests.plan_fixtures import ruili_roster

SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))


@pytest.fixture(scope="module")
def roster() -> Roster:
    return ruili_roster()


@pytest.fixture(scope="module")
def points(roster: Roster) -> list[tuple[object, Plan]]:
    return sweep(roster, SETTINGS, "rules.max_branch_size", ["30", 50], lang="en")


def test_one_plan_per_value_with_the_value_set(points: list[tuple[object, Plan]]) -> None:
    assert [value for value, _ in points] == [30, 50]  # coerced to the setting's type
    assert [plan.settings.rules.max_branch_size for _, plan in points] == [30, 50]
    small, large = (plan for _, plan in points)
    assert small.branches["size"].max() <= 30 or (small.violations["rule"] == "size_cap").any()
    assert len(small.branches) >= len(large.branches)
    assert all(plan.lang == "en" for _, plan in points)


def test_progress_reports_each_point_and_its_areas(roster: Roster) -> None:
    seen: list[SweepProgress] = []
    sweep(roster, SETTINGS, "rules.joint_type_rule", ["any", JointTypeRule.SAME_TYPE], progress=seen.append)
    starts = [p for p in seen if p.area is None]
    assert [(p.index, p.total, p.value) for p in starts] == [
        (0, 2, JointTypeRule.ANY),
        (1, 2, JointTypeRule.SAME_TYPE),
    ]
    assert any(p.area is not None and p.index == 1 for p in seen)


def test_cancel_stops_between_points(roster: Roster) -> None:
    cancel = threading.Event()

    def stop_after_first(progress: SweepProgress) -> None:
        if progress.index == 1:
            cancel.set()

    done = sweep(
        roster, SETTINGS, "rules.max_branch_size", [40, 45, 50], progress=stop_after_first, cancel=cancel
    )
    assert [value for value, _ in done] == [40]
    cancel.set()
    assert sweep(roster, SETTINGS, "rules.max_branch_size", [40], cancel=cancel) == []


@pytest.mark.parametrize(
    ("parameter", "values", "key"),
    [
        ("rules.no_such", [1], "workshop.setting_unknown"),
        ("rules.max_branch_size", ["many"], "workshop.setting_bad_value"),
        ("constraints.member_pins", [()], "workshop.setting_not_scalar"),
        ("rules.max_branch_size", [], "workshop.sweep_no_values"),
        ("rules.max_branch_size", list(range(MAX_POINTS + 1)), "workshop.sweep_too_many"),
    ],
)
def test_bad_sweeps_are_refused_before_planning(parameter: str, values: list[object], key: str) -> None:
    with pytest.raises(ScenarioError) as error:
        sweep_settings(SETTINGS, parameter, values)
    assert error.value.key == key
    assert error.value.message("zh") and error.value.message("en")


def test_sweep_frame(points: list[tuple[object, Plan]]) -> None:
    frame = sweep_frame(points, "en", "rules.max_branch_size")
    assert list(frame.columns) == ["value", *SWEEP_METRICS]
    assert frame["value"].tolist() == [30, 50]
    assert frame["branches"].tolist() == [float(plan.kpis["branches"]) for _, plan in points]
    assert frame["first_choice_share"].between(0, 1).all()
    assert frame.attrs["labels"]["value"] == "Branch size cap"
    shown = labelled(frame)
    assert "Branch size cap" in shown.columns and "Largest branch" in shown.columns
    assert sweep_frame(points, "zh").attrs["labels"]["value"] == "取值"


def test_point_name() -> None:
    assert point_name("rules.max_branch_size", 40, "en") == "Branch size cap = 40"
    assert (
        point_name("rules.joint_type_rule", JointTypeRule.SAME_TYPE, "zh")
        == "联合党支部的团队类型 = same_type"
    )
