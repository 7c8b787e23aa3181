"""AppTest of the one-click fixes on the Tweak page (ui.fixes): a verified move or designation
is applied with one click as one step of the draft, re-checked at once, and undone."""

from __future__ import annotations

import pytest

from planner.edits import Designate, Move, new_comprehensive_id, recheck
from planner.fixes import Fix, FixKind
from planner.i18n import t
from planner.plan import Plan
from planner.reader import read_roster_paths
from planner.scenario import Scenario
from planner.schema import Roster
from planner.settings import Settings, SolverOptions
from tests.app.test_workshop_pages import (
    DRAFTS_KEY,
    app_with_sample,
    book_of,
    clean,
    open_page,
    texts,
    with_book,
)
from ui.fixes import _key
from ui.state import SAMPLE_WORKBOOK

AREA = "红一"


@pytest.fixture(scope="module")
def broken_plan() -> tuple[Roster, Plan]:
    """A plan of one area where three members were moved by hand into a branch of their own:
    it breaks rules, and its fixes include moves and designations."""
    from planner.runner import plan_community

    roster = read_roster_paths([SAMPLE_WORKBOOK])
    settings = Settings(areas=(AREA,), solver=SolverOptions(time_limit=10.0, workers=1))
    plan = plan_community(roster, settings, lang="en")
    a = plan.assignments
    members = a.loc[a["area"] == AREA, "member_id"].tolist()[:3]
    target = new_comprehensive_id(plan.layout, AREA)
    edited = recheck(roster, plan, [Move(m, target) for m in members], settings, "en").plan
    return roster, edited


def _first(plan: Plan, kind: FixKind) -> Fix | None:
    for fixes in plan.violations["fixes"]:
        for fix in fixes:
            if fix.kind is kind:
                return fix
    return None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_click_applies_a_move_fix_as_one_undoable_step(
    broken_plan: tuple[Roster, Plan], lang: str
) -> None:
    _, plan = broken_plan
    fix = _first(plan, FixKind.MOVE)
    assert fix is not None, "the hand-made branch should be offered a move back"
    at = app_with_sample(lang)
    with_book(at, Scenario("B", plan.settings, plan))
    open_page(at, "tweak")
    at.selectbox(key="tweak.area").set_value(AREA).run()
    clean(at)
    assert t("fixes.ui.title", lang) in " ".join(texts(at.markdown))
    before = len(at.session_state[DRAFTS_KEY]["B"].history.past) if "B" in at.session_state[DRAFTS_KEY] else 0
    at.button(key=_key(fix)).click().run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["B"]
    assert len(draft.history.past) == before + 1
    assert draft.history.past[-1] == tuple(Move(m, fix.branch_id) for m in fix.members)
    applied = t("fixes.ui.applied", lang, text="")
    assert any(s.startswith(applied) and fix.members[0] in s for s in texts(at.success))
    at.button(key="tweak.undo").click().run()
    assert at.session_state[DRAFTS_KEY]["B"].history.moves == ()


def test_one_click_designates_candidates_and_the_recheck_counts_them(
    broken_plan: tuple[Roster, Plan],
) -> None:
    _, plan = broken_plan
    fix = _first(plan, FixKind.DESIGNATE)
    assert fix is not None
    at = app_with_sample("en")
    with_book(at, Scenario("B", plan.settings, plan))
    open_page(at, "tweak")
    at.selectbox(key="tweak.area").set_value(AREA).run()
    at.button(key=_key(fix)).click().run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["B"]
    assert draft.history.past[-1] == (Designate(fix.members),)
    assert draft.dirty  # a designation alone can be saved as a scenario
    shown = " ".join(texts(at.caption))
    assert all(m in shown for m in fix.members)  # "Candidates designated in this draft: ..."
    at.text_input(key="tweak.save_name").input("B designated").run()
    at.button(key="tweak.save").click().run()
    clean(at)
    saved = book_of(at).get("B designated")
    assert set(fix.members) <= set(saved.settings.constraints.designated)  # the designation travels
    assert saved.plan.settings.constraints.designated == saved.settings.constraints.designated
