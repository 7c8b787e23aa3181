"""ui.workshop_store's own logic: bundles merged with their parent links, Tweak drafts kept in a
saved version and checked on the way back, the wrong-code limiter, who is the facilitator."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.edits import EditHistory, Move, new_comprehensive_id
from planner.plan import Plan
from planner.reader import read_roster_uploads
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster
from planner.settings import MemberPin, Settings, SolverOptions, TeamMode, TeamPin
from tests.app.helpers import GOOD_UPLOAD
from ui.scenarios import Draft
from ui.workshop_store import (
    CodeLimiter,
    drafts_extra,
    drafts_from_extra,
    facilitator_addresses,
    is_facilitator,
    merged_books,
)

SETTINGS = Settings(solver=SolverOptions(workers=1, time_limit=10.0))


@pytest.fixture(scope="module")
def roster() -> Roster:
    return read_roster_uploads([(name, data) for name, data, _ in GOOD_UPLOAD])


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="en")


@pytest.fixture(scope="module")
def book(plan: Plan) -> ScenarioBook:
    return (
        ScenarioBook()
        .add(Scenario("Base", SETTINGS, plan))
        .add(Scenario("Child", SETTINGS, plan, parent="Base"))
    )


def test_merged_books_make_names_unique_and_keep_parent_links(book: ScenarioBook, plan: Plan) -> None:
    merged, names = merged_books(book, book)
    assert merged.names == ["Base", "Child", "Base (2)", "Child (2)"]
    assert names == {"Base": "Base (2)", "Child": "Child (2)"}
    assert merged.get("Child (2)").parent == "Base (2)"
    assert merged.get("Child").parent == "Base"


def _draft(plan: Plan) -> Draft:
    member = str(plan.assignments.loc[plan.assignments["area"] == "汽三", "member_id"].iloc[0])
    moves = (
        EditHistory()
        .push(Move(member, new_comprehensive_id(plan.layout, "汽三")))
        .push(Move(member, "汽三/x"))
    )
    return Draft(
        "Child",
        2,
        moves.undo(),  # one move in force, one to redo
        member_pins=(MemberPin(member, None),),
        team_pins=(TeamPin("汽三", "合唱队", TeamMode.OWN),),
    )


def test_drafts_round_trip_through_the_saved_extra(book: ScenarioBook, roster: Roster, plan: Plan) -> None:
    draft = _draft(plan)
    back = drafts_from_extra(drafts_extra({"Child": draft}), book, roster)
    assert back == {}  # the redo step names a branch the plan does not have: dropped whole
    good = Draft("Child", 2, EditHistory().push(draft.history.moves), draft.member_pins, draft.team_pins)
    assert drafts_from_extra(drafts_extra({"Child": good}), book, roster) == {"Child": good}


def test_a_draft_of_another_scenario_or_unknown_member_is_dropped(
    book: ScenarioBook, roster: Roster, plan: Plan
) -> None:
    good = _draft(plan)
    good = Draft("Child", 2, EditHistory().push(good.history.moves))
    extra = drafts_extra({"Child": good})
    extra["drafts"][0]["created"] = 1  # the name now holds another scenario
    assert drafts_from_extra(extra, book, roster) == {}
    extra = drafts_extra({"Child": good})
    extra["drafts"][0]["past"][0][0][0] = "nobody"
    assert drafts_from_extra(extra, book, roster) == {}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["drafts", "x"]), json_values | st.lists(json_values), max_size=2))
def test_any_stored_extra_gives_drafts_or_nothing(
    book: ScenarioBook, roster: Roster, extra: dict[str, Any]
) -> None:
    drafts = drafts_from_extra(extra, book, roster)
    assert all(isinstance(d, Draft) and d.scenario in book for d in drafts.values())


def test_wrong_codes_are_limited_per_address() -> None:
    limiter = CodeLimiter(attempts=3, window=60.0)
    for i in range(3):
        assert limiter.wait_seconds("10.0.0.2", now=100.0 + i) == 0.0
        limiter.failed("10.0.0.2", now=100.0 + i)
    assert limiter.wait_seconds("10.0.0.2", now=103.0) == pytest.approx(57.0)
    assert limiter.wait_seconds("10.0.0.3", now=103.0) == 0.0  # another machine
    assert limiter.wait_seconds("10.0.0.2", now=161.0) == 0.0  # the window has passed


def test_facilitator_addresses() -> None:
    assert facilitator_addresses({}) == {"127.0.0.1", "::1"}
    assert facilitator_addresses({"WORKBENCH_FACILITATOR_ADDRESSES": "10.0.0.5, 10.0.0.6"}) == {
        "10.0.0.5",
        "10.0.0.6",
    }
    # outside a browser session the client is this machine
    assert is_facilitator({})
    assert not is_facilitator({"WORKBENCH_FACILITATOR_ADDRESSES": "203.0.113.9"})
