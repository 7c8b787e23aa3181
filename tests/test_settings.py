"""planner.settings.validate_settings: every contradiction and out-of-range value, in words."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.settings import (
    PRESETS,
    Rules,
    Settings,
    SettingsProblem,
    SolverOptions,
    Weights,
    settings_for_preset,
    validate_settings,
)


def keys(settings: Settings) -> list[str]:
    return [p.key for p in validate_settings(settings)]


def test_the_defaults_and_every_preset_are_valid() -> None:
    assert validate_settings(Settings()) == []
    for name in PRESETS:
        assert validate_settings(settings_for_preset(name)) == []


@pytest.mark.parametrize(
    ("rules", "key"),
    [
        (Rules(joint_min_teams=6, joint_max_teams=5), "settings.problem.joint_min_max"),
        (Rules(group_min_size=9, group_max_size=8, group_threshold=30), "settings.problem.group_min_max"),
        (
            Rules(committee_min_candidates=6, committee_max_members=5, committee_threshold=7),
            "settings.problem.committee_min_max",
        ),
        (Rules(committee_threshold=2), "settings.problem.committee_threshold"),
        (Rules(min_full_members=60), "settings.problem.min_full_cap"),
        (Rules(group_threshold=5), "settings.problem.group_threshold"),
        (Rules(max_mobility_share=1.5), "settings.problem.share"),
        (Rules(max_branch_size=0, min_full_members=0), "settings.problem.at_least"),
    ],
)
def test_each_contradiction_is_found(rules: Rules, key: str) -> None:
    assert key in keys(Settings(rules=rules))


def test_every_problem_is_listed_not_just_the_first() -> None:
    bad = Settings(
        rules=Rules(joint_min_teams=6, joint_max_teams=5, group_min_size=0),
        weights=Weights(lean=-1.0),
        solver=SolverOptions(workers=0, threads=0, gap=-0.1, time_limit=0.0),
        preset="fastest",
    )
    problems = validate_settings(bad)
    paths = {dict(p.params).get("setting") for p in problems}
    assert {
        "rules.group_min_size",
        "solver.workers",
        "solver.threads",
        "solver.gap",
        "solver.time_limit",
    } <= paths
    assert "weights.lean" in paths
    assert {p.key for p in problems} >= {"settings.problem.joint_min_max", "settings.problem.preset"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_problems_read_as_sentences_naming_the_setting(lang: str) -> None:
    problem = validate_settings(Settings(solver=SolverOptions(workers=0)))[0]
    text = problem.message(lang)
    assert ("并行进程数" if lang == "zh" else "Parallel workers") in text and "0" in text
    joint = SettingsProblem("settings.problem.joint_min_max", (("low", "6"), ("high", "5")))
    assert "6" in joint.message(lang) and "5" in joint.message(lang)


def test_a_nan_weight_or_share_is_a_problem() -> None:
    nan = float("nan")
    assert "settings.problem.weight" in keys(Settings(weights=Weights(first_choice=nan)))
    assert "settings.problem.share" in keys(Settings(rules=Rules(max_mobility_share=nan)))


@given(
    low=st.integers(min_value=1, max_value=10),
    high=st.integers(min_value=1, max_value=10),
)
def test_joint_bounds_are_refused_exactly_when_crossed(low: int, high: int) -> None:
    settings = replace(Settings(), rules=Rules(joint_min_teams=low, joint_max_teams=high))
    assert ("settings.problem.joint_min_max" in keys(settings)) == (low > high)
