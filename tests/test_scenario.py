"""Scenarios and the scenario book: unique names, pure changes, settings paths."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from planner.edits import Move
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Plan
from planner.scenario import (
    Scenario,
    ScenarioBook,
    ScenarioError,
    books_equal,
    clean_name,
    flatten_settings,
    plans_equal,
    replace_setting,
    scenarios_equal,
    unique_name,
)
from planner.settings import JointTypeRule, MemberPin, Settings, SolverName


def _plan(branch: str = "A/single", settings: Settings | None = None) -> Plan:
    assignments = pd.DataFrame(
        {
            "member_id": pd.Series(["001", "002"], dtype="str"),
            "area": pd.Series(["A", "A"], dtype="str"),
            "branch_id": pd.Series([branch, branch], dtype="str"),
            "group_id": pd.Series(["", ""], dtype="str"),
            "reason": pd.Series(["comprehensive"] * 2, dtype="str"),
        }
    )[list(ASSIGNMENT_COLUMNS)]
    branches = pd.DataFrame(
        {"branch_id": [branch], "area": ["A"], "kind": ["single"], "name": ["A党支部"]}
    ).astype("str")
    branches["teams"] = pd.Series([()], dtype=object)
    empty = pd.DataFrame({"area": pd.Series([], dtype="str")})
    return Plan(
        "fp", settings or Settings(), assignments, branches[list(LAYOUT_BRANCH_COLUMNS)], empty, empty, empty
    )


def _scenario(name: str, **kw: object) -> Scenario:
    return Scenario(name=name, settings=Settings(), plan=_plan(), **kw)  # type: ignore[arg-type]


def test_unique_name_suffixes_and_continues_existing_suffix() -> None:
    assert unique_name("A", set()) == "A"
    assert unique_name("A", {"A"}) == "A (2)"
    assert unique_name("A", {"A", "A (2)"}) == "A (3)"
    assert unique_name("A (2)", {"A", "A (2)"}) == "A (3)"


def test_clean_name_strips_control_characters_and_caps_length() -> None:
    assert clean_name("  方案\t一\n ") == "方案一"
    assert len(clean_name("x" * 500)) == 80


def test_add_numbers_in_order_and_suffixes_clashing_names() -> None:
    book = ScenarioBook()
    book2 = book.add(_scenario("方案")).add(_scenario("方案")).add(_scenario("  "))
    assert len(book) == 0  # the original is untouched
    assert book2.names == ["方案", "方案 (2)", "#3"]
    assert [s.created for s in book2] == [1, 2, 3]
    assert book2.next_created == 4
    assert "方案 (2)" in book2 and "B" not in book2


def test_rename_follows_children_and_suffixes_on_clash() -> None:
    book = ScenarioBook().add(_scenario("A")).add(_scenario("B", parent="A"))
    renamed = book.rename("A", "基准")
    assert renamed.names == ["基准", "B"]
    assert renamed.get("B").parent == "基准"
    assert book.get("B").parent == "A"
    clash = book.rename("A", "B")
    assert clash.names == ["B (2)", "B"]
    assert clash.get("B").parent == "B (2)"
    with pytest.raises(ScenarioError) as empty:
        book.rename("A", "   ")
    assert empty.value.message("en") and empty.value.message("zh")


def test_remove_drops_parent_links_and_keeps_numbering() -> None:
    book = ScenarioBook().add(_scenario("A")).add(_scenario("B", parent="A"))
    smaller = book.remove("A")
    assert smaller.names == ["B"]
    assert smaller.get("B").parent is None
    assert smaller.add(_scenario("C")).get("C").created == 3


def test_unknown_name_raises_translated_error() -> None:
    with pytest.raises(ScenarioError) as error:
        ScenarioBook().get("nope")
    assert "nope" in error.value.message("zh") and "nope" in error.value.message("en")


def test_replace_scenario_keeps_sequence_number() -> None:
    book = ScenarioBook().add(_scenario("A")).add(_scenario("B"))
    changed = book.replace_scenario(replace(book.get("A"), edits=(Move("001", "A/single"),), created=99))
    assert changed.get("A").edits == (Move("001", "A/single"),)
    assert changed.get("A").created == 1
    assert book.get("A").edits == ()


def test_plan_and_scenario_equality_compare_frames() -> None:
    assert plans_equal(_plan(), _plan())
    assert not plans_equal(_plan(), _plan("A/comprehensive"))
    other_dtype = _plan()
    other_dtype.assignments["member_id"] = other_dtype.assignments["member_id"].astype(object)
    assert not plans_equal(_plan(), other_dtype)
    assert scenarios_equal(_scenario("A"), _scenario("A"))
    assert not scenarios_equal(_scenario("A"), _scenario("A", parent="B"))
    book = ScenarioBook().add(_scenario("A"))
    assert books_equal(book, ScenarioBook().add(_scenario("A")))
    assert not books_equal(book, book.add(_scenario("B")))


def test_flatten_settings_walks_nested_values() -> None:
    flat = flatten_settings(Settings())
    assert flat["rules.max_branch_size"] == 50
    assert flat["weights.first_choice"] == Settings().weights.first_choice
    assert flat["solver.solver"] is SolverName.HIGHS
    assert flat["constraints.member_pins"] == ()
    assert flat["preset"] == Settings().preset
    assert "rules" not in flat


def test_replace_setting_coerces_and_leaves_original() -> None:
    base = Settings()
    changed = replace_setting(base, "rules.max_branch_size", "40")
    assert changed.rules.max_branch_size == 40 and base.rules.max_branch_size == 50
    assert replace_setting(base, "rules.max_branch_size", 45.0).rules.max_branch_size == 45
    assert replace_setting(base, "weights.balance", 2).weights.balance == 2.0
    assert (
        replace_setting(base, "rules.joint_type_rule", "same_type").rules.joint_type_rule
        is JointTypeRule.SAME_TYPE
    )
    assert replace_setting(base, "rules.allow_team_split", "false").rules.allow_team_split is False
    assert replace_setting(base, "solver.solver", SolverName.HIGHS).solver.solver is SolverName.HIGHS


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        ("rules.no_such_rule", 1, "workshop.setting_unknown"),
        ("rules", 1, "workshop.setting_unknown"),
        ("rules.max_branch_size", "forty", "workshop.setting_bad_value"),
        ("rules.max_branch_size", 40.5, "workshop.setting_bad_value"),
        ("rules.max_branch_size", True, "workshop.setting_bad_value"),
        ("rules.joint_type_rule", "sometimes", "workshop.setting_bad_value"),
        ("weights.balance", float("nan"), "workshop.setting_bad_value"),
        ("constraints.member_pins", (MemberPin("1", None),), "workshop.setting_not_scalar"),
    ],
)
def test_replace_setting_refuses_bad_paths_and_values(path: str, value: object, key: str) -> None:
    with pytest.raises(ScenarioError) as error:
        replace_setting(Settings(), path, value)
    assert error.value.key == key
    assert error.value.message("zh") != error.value.message("en")
