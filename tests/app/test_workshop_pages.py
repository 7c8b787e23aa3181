"""AppTest of the workshop pages (Plan, Tweak, Compare, Export, bundles on Data) and their helpers
(ui.jobs, ui.scenarios): the whole loop in both languages, background jobs, empty states.

Plans are made for two small areas of the sample community only, so the suite stays fast.
"""

from __future__ import annotations

import io
import re
import sys
import threading
import time
import types
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.state
from planner.bundle import read_bundle
from planner.edits import EditHistory
from planner.export import SHEETS, sheet_name
from planner.i18n import t
from planner.orgchart import org_chart_svg
from planner.plan import Plan
from planner.reader import read_roster_paths
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster
from planner.settings import MemberPin, Settings, TeamMode, TeamPin
from tests.app.helpers import GOOD_UPLOAD, assert_clean, has_cjk, make_app, shown_texts
from ui.jobs import SYNC_KEY, Job, JobState, get_job, start_job
from ui.scenarios import (
    BOOK_KEY,
    DRAFTS_KEY,
    PLAN_SLOT,
    Discarded,
    Draft,
    PlanMeta,
    collect,
    current_book,
    draft_settings,
    export_files,
    file_stem,
    fingerprint_of,
    restore_bundle,
    store_book,
)
from ui.state import SAMPLE_WORKBOOK, load_files, load_sample

PAGES = {
    "data": "pages/page_data.py",
    "plan": "pages/page_plan.py",
    "tweak": "pages/page_tweak.py",
    "compare": "pages/page_compare.py",
    "export": "pages/page_export.py",
    "statistics": "pages/page_statistics.py",
}
#: two small areas of the sample: one stays a single branch (43 members), one does not (54)
AREAS = ("汽四", "红一")
LANGS = ("zh", "en")
#: translation keys that must never reach the screen as such
_KEYS_SHOWN = re.compile(
    r"\b(?:uiw|workshop|rule|violation|fix|kpi|branch\.name)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b"
)


# --- the runner: the real one; a greedy stand-in only until planner.runner exists ---------------------


@dataclass(frozen=True)
class _StandInProgress:
    area: str
    status: str
    seconds: float
    done: int
    total: int


def _stand_in_plan(
    roster: Roster,
    settings: Settings,
    *,
    reference: pd.DataFrame | None = None,
    progress: Callable[[Any], None] | None = None,
    lang: str = "zh",
    cancel: threading.Event | None = None,
) -> Plan:
    """The greedy baseline, staffed and checked: the runner's contract without the model."""
    from planner.explain import explain
    from planner.greedy import greedy_layout
    from planner.kpis import plan_kpis
    from planner.plan import LAYOUT_BRANCH_COLUMNS, Layout
    from planner.rules import check_layout, scope_areas
    from planner.staffing import staff_branches

    areas = scope_areas(roster, settings)
    layouts, rows = [], []
    for i, area in enumerate(areas):
        if cancel is not None and cancel.is_set():
            break
        layout = greedy_layout(roster, settings, area)
        layouts.append(layout)
        rows.append(
            {
                "area": area,
                "structure": "single" if len(layout.branches) == 1 else "general",
                "status": "greedy",
                "objective": 0.0,
                "bound": None,
                "gap": None,
                "seconds": 0.0,
                "greedy_objective": 0.0,
                "solver": "greedy",
                "branches": len(layout.branches),
                "violations": 0,
                "message": "",
            }
        )
        if progress is not None:
            progress(_StandInProgress(area, "greedy", 0.0, i + 1, len(areas)))
    layout = Layout(
        pd.concat([x.assignments for x in layouts], ignore_index=True),
        pd.concat([x.branches for x in layouts], ignore_index=True),
    )
    sub = replace(roster, members=roster.members[roster.members["area"].isin(areas)].reset_index(drop=True))
    branches, groups, assignments = staff_branches(sub, layout, settings)
    violations = check_layout(sub, Layout(assignments, branches[list(LAYOUT_BRANCH_COLUMNS)]), settings)
    violations = explain(violations, sub, settings, lang)
    kpis = plan_kpis(sub, assignments, branches, groups, violations)
    return Plan(
        roster.fingerprint,
        settings,
        assignments,
        branches,
        groups,
        pd.DataFrame(rows),
        violations,
        kpis,
        lang,
    )


@pytest.fixture(scope="module", autouse=True)
def runner() -> Iterator[str]:
    """planner.runner when it exists; else the stand-in above (said loudly in the test report)."""
    try:
        import planner.runner  # noqa: F401
    except ImportError:
        module = types.ModuleType("planner.runner")
        module.plan_community = _stand_in_plan  # type: ignore[attr-defined]
        module.AreaProgress = _StandInProgress  # type: ignore[attr-defined]
        sys.modules["planner.runner"] = module
        try:
            yield "stand-in"
        finally:
            sys.modules.pop("planner.runner", None)
    else:
        yield "real"


@pytest.fixture(scope="module")
def sample() -> Roster:
    return read_roster_paths([SAMPLE_WORKBOOK])


@pytest.fixture(scope="module")
def sample_plan(sample: Roster, runner: str) -> Plan:
    from planner.runner import plan_community

    return plan_community(sample, Settings(areas=AREAS), lang="zh")


# --- helpers ---------------------------------------------------------------------------------------------


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(PAGES[page]).run()


def app_with_sample(lang: str, *, sync: bool = True) -> AppTest:
    at = make_app(lang=lang).run()
    at.session_state[SYNC_KEY] = sync
    attempt = load_sample(at.session_state)  # type: ignore[arg-type]
    assert attempt.ok
    return at


def with_book(at: AppTest, *scenarios: Scenario) -> None:
    book = ScenarioBook()
    for scenario in scenarios:
        book = book.add(scenario)
    store_book(book, at.session_state)  # type: ignore[arg-type]


def texts(elements: Any) -> list[str]:
    return [e.value for e in elements]


def clean(at: AppTest) -> None:
    """No exception, no friendly error message, no translation key on screen."""
    assert_clean(at)
    shown = shown_texts(at)
    assert not [m.group(0) for s in shown for m in _KEYS_SHOWN.finditer(s)]
    prefix = t("ui.error.unexpected", "en", ref="X").split("X")[0][:20]
    prefix_zh = t("ui.error.unexpected", "zh", ref="X").split("X")[0][:10]
    assert not [e for e in texts(at.error) if e.startswith((prefix, prefix_zh))], texts(at.error)


def book_of(at: AppTest) -> ScenarioBook:
    return at.session_state[BOOK_KEY].book


def editor_key(at: AppTest, scenario: Scenario, area: str) -> str:
    # the Tweak page's key scheme: scenario, area and the table's generation
    generation = at.session_state.get("tweak.generation", 0)
    return f"tweak.editor.{scenario.created}.{area}.{generation}"


def dataframe_text(at: AppTest) -> str:
    return " ".join(df.value.to_csv(index=False) for df in at.dataframe)


# --- empty states --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["plan", "tweak", "compare", "export"])
def test_without_a_roster_each_page_says_load_one_first(lang: str, page: str) -> None:
    at = make_app(lang=lang).run()
    open_page(at, page)
    clean(at)
    assert t("uiw.empty.no_roster", lang) in texts(at.info)
    (link,) = at.get("page_link")
    assert link.proto.page == "data" and link.proto.query_string == f"lang={lang}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["tweak", "compare", "export"])
def test_without_a_scenario_each_page_says_run_a_plan_first(lang: str, page: str) -> None:
    at = app_with_sample(lang)
    open_page(at, page)
    clean(at)
    assert t("uiw.empty.no_scenarios", lang) in texts(at.info)
    (link,) = at.get("page_link")
    assert link.proto.page == "plan"


# --- the Plan page's form -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_plan_form_shows_each_rule_with_its_source_and_default(lang: str) -> None:
    at = app_with_sample(lang)
    open_page(at, "plan")
    clean(at)
    assert t("uiw.plan.no_scenarios", lang) in texts(at.info)
    captions = " ".join(texts(at.caption))
    # the cap: its regulation and its default
    assert t("source.branch_regulations_size", lang) in captions
    assert t("source.constitution_min_members", lang) in captions
    assert t("source.planning_choice", lang) in captions
    assert at.number_input(key="plan.set.rules.max_branch_size").value == 50
    for name in ("first_choice", "balance", "stability"):
        assert t(f"uiw.weight.{name}.help", lang) in captions
    assert at.selectbox(key="plan.set.solver.solver").value == "highs"
    if lang == "zh":
        assert has_cjk(captions)


def test_a_preset_sets_the_weights_and_the_form_survives_leaving_the_page() -> None:
    at = app_with_sample("en")
    open_page(at, "plan")
    at.selectbox(key="plan.set.preset").set_value("fewest_changes").run()
    assert at.slider(key="plan.set.weights.stability").value == 20.0
    at.number_input(key="plan.set.rules.max_branch_size").set_value(40).run()
    open_page(at, "statistics")
    open_page(at, "plan")
    clean(at)
    # Streamlit dropped the widget state while the page was away; the form kept the settings
    assert at.number_input(key="plan.set.rules.max_branch_size").value == 40
    assert at.slider(key="plan.set.weights.stability").value == 20.0
    assert at.selectbox(key="plan.set.preset").value == "fewest_changes"


@pytest.mark.parametrize("lang", LANGS)
def test_contradictory_settings_are_refused_in_words(lang: str) -> None:
    at = app_with_sample(lang)
    open_page(at, "plan")
    at.number_input(key="plan.set.rules.joint_min_teams").set_value(6).run()
    assert t("settings.problem.joint_min_max", lang, low=6, high=5) in texts(at.error)
    assert at.button(key="plan.run").disabled


# --- the whole loop -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_whole_workshop_loop(lang: str) -> None:
    at = app_with_sample(lang)

    # Plan: two areas, run (synchronously under AppTest), the result is kept as a scenario
    open_page(at, "plan")
    at.tabs  # noqa: B018 -- the settings live in tabs; the widgets are reachable by key
    at.multiselect(key="plan.set.areas").set_value(list(AREAS)).run()
    at.text_input(key="plan.name").input("Run A").run()
    at.button(key="plan.run").click().run()
    clean(at)
    assert book_of(at).names == ["Run A"]
    assert t("uiw.job.kept", lang, name="Run A", seconds="X").split("X")[0] in " ".join(texts(at.success))
    plan = book_of(at).get("Run A").plan
    assert set(plan.assignments["area"]) == set(AREAS)
    labels = [m.label for m in at.metric]
    for key in ("workshop.metric.branches", "workshop.metric.largest", "workshop.metric.first_choice_share"):
        assert t(key, lang) in labels
    (chart,) = at.get("image")  # the org chart: an SVG drawn at its own size (planner.orgchart)
    assert "svg" in str(chart.proto)
    # the sidebar counts the scenarios
    assert t("uiw.sidebar.scenarios", lang, count=1) in " ".join(texts(at.sidebar.caption))

    # Tweak: move the first member of the table into a new comprehensive branch
    open_page(at, "tweak")
    clean(at)
    scenario = book_of(at).get("Run A")
    assert at.selectbox(key="tweak.area").value in AREAS
    area = "红一"  # the area that is not a single branch
    at.selectbox(key="tweak.area").set_value(area).run()
    new_branch = t("uiw.tweak.new_comprehensive", lang)
    at.session_state[editor_key(at, scenario, area)] = {
        "edited_rows": {0: {"branch": new_branch}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["Run A"]
    (move,) = draft.history.moves
    assert "/comprehensive" in move.to_branch_id
    # the broken rule appears at once: a one-member branch has too few full members
    assert any(t("uiw.tweak.new_broken", lang, count=0)[:6] in e for e in texts(at.error))
    assert t("rule.min_full_members.title", lang) in dataframe_text(at)
    rules_broken = t("workshop.metric.rules_broken", lang)
    (delta,) = [m.delta for m in at.metric if m.label == rules_broken]
    assert delta.startswith("+")

    # undo, redo
    at.button(key="tweak.undo").click().run()
    assert at.session_state[DRAFTS_KEY]["Run A"].history.moves == ()
    assert not any(t("uiw.tweak.new_broken", lang, count=0)[:6] in e for e in texts(at.error))
    at.button(key="tweak.redo").click().run()
    assert at.session_state[DRAFTS_KEY]["Run A"].history.moves == (move,)

    # re-plan around the move: a new scenario that remembers its parent and keeps the member pinned
    at.button(key="tweak.replan").click().run()
    clean(at)
    replanned_name = t("uiw.tweak.replan_name", lang, name="Run A")
    assert book_of(at).names == ["Run A", replanned_name]
    replanned = book_of(at).get(replanned_name)
    assert replanned.parent == "Run A" and replanned.edits == (move,)
    assert any(p.member_id == move.member_id for p in replanned.settings.constraints.member_pins)
    where = replanned.plan.assignments.set_index("member_id").at[move.member_id, "branch_id"]
    kinds = replanned.plan.branches.set_index("branch_id")["kind"]
    broken_pins = replanned.plan.violations[replanned.plan.violations["rule"] == "member_pin"]
    # the pin is kept, or the plan says it could not be
    assert kinds[where] == "comprehensive" or move.member_id in set(broken_pins["subject"])
    assert at.selectbox(key="tweak.scenario").value == replanned_name  # the page opens the result

    # save a hand edit of the original as a third scenario
    at.selectbox(key="tweak.scenario").set_value("Run A").run()
    at.session_state[editor_key(at, scenario, area)] = {
        "edited_rows": {1: {"branch": new_branch}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.text_input(key="tweak.save_name").input("Run A by hand").run()
    at.button(key="tweak.save").click().run()
    clean(at)
    assert book_of(at).names == ["Run A", replanned_name, "Run A by hand"]
    assert book_of(at).get("Run A by hand").parent == "Run A"

    # Compare the three: the settings that differ, the better values, who moves from A to "by hand"
    open_page(at, "compare")
    at.multiselect(key="compare.names").set_value(["Run A", replanned_name, "Run A by hand"]).run()
    clean(at)
    table = dataframe_text(at)
    assert t("workshop.setting.weights.stability", lang) in table  # re-planning raised it
    assert t("workshop.metric.rules_broken", lang) in table
    assert "★" in table  # the hand edit made a one-member branch: someone is better somewhere
    assert len(at.get("vega_lite_chart")) >= 3  # sizes, shares and leadership, the flow
    (source, target) = [s for s in at.selectbox if s.key and s.key.startswith(("compare.from", "compare.to"))]
    assert (source.value, target.value) == ("Run A", "Run A by hand")
    moved_line = t("uiw.compare.moved_count", lang, count=1, source="Run A", target="Run A by hand")
    assert moved_line in texts(at.caption)
    labels = [d.proto.label for d in at.get("download_button")]
    assert t("uiw.compare.download_moved", lang) in labels

    # Export: four downloads for the scenario shown, each built only on click
    open_page(at, "export")
    clean(at)
    buttons = at.get("download_button")
    assert len(buttons) == 4
    assert {b.proto.label for b in buttons} == {t("uiw.export.download", lang)}


def test_the_loop_pages_rerun_without_losing_anything(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    for page in ("plan", "tweak", "compare", "export", "statistics", "plan"):
        open_page(at, page)
        clean(at)
    assert book_of(at).names == ["A"]


def test_quick_move_and_pins_are_rechecked(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "tweak")
    at.selectbox(key="tweak.area").set_value("红一").run()
    members = sample_plan.assignments[sample_plan.assignments["area"] == "红一"]["member_id"].tolist()
    # widgets of a form: set them, then submit (their values travel with the submit)
    at.multiselect(key="tweak.pick").set_value(members[:2])
    at.selectbox(key="tweak.target").set_value(t("uiw.tweak.new_comprehensive", "en"))
    at.button(key="tweak.move").click().run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["A"]
    assert [m.member_id for m in draft.history.moves] == members[:2]
    assert len(draft.history.past) == 1  # one step: undo takes both back
    # pin a member where they are now
    at.multiselect(key="tweak.pin_members").set_value([members[5]]).run()
    at.button(key="tweak.pin_m").click().run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["A"]
    assert [p.member_id for p in draft.member_pins] == [members[5]]
    assert t("uiw.tweak.draft_state", "en", moves=2, pins=1) in texts(at.markdown)


# --- background jobs ------------------------------------------------------------------------------------


def wait_for(at: AppTest, done: Callable[[], bool], seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the background job did not finish in time"
        time.sleep(0.2)
        at.run()


def test_a_plan_runs_in_the_background_and_survives_page_changes() -> None:
    at = app_with_sample("en", sync=False)
    open_page(at, "plan")
    at.multiselect(key="plan.set.areas").set_value(list(AREAS)).run()
    at.button(key="plan.run").click().run()
    clean(at)
    job = get_job(PLAN_SLOT, at.session_state)  # type: ignore[arg-type]
    assert job is not None
    open_page(at, "statistics")  # a click elsewhere while it runs
    clean(at)
    wait_for(at, lambda: len(current_book(at.session_state)) == 1)  # type: ignore[arg-type]
    assert job.state is JobState.DONE and job.collected
    open_page(at, "plan")
    clean(at)
    assert book_of(at).names == [t("uiw.plan.default_name", "en", n=1)]
    assert any(t("uiw.job.kept", "en", name="", seconds="X").split("X")[0] in s for s in texts(at.success))


def _blocking_job(at: AppTest, sample: Roster, release: threading.Event) -> Job:
    def work(report: Callable[[Any], None], cancel: threading.Event) -> Any:
        report(_StandInProgress("汽四", "running", 0.0, 0, 2))
        while not (cancel.is_set() or release.is_set()):
            time.sleep(0.02)
        raise RuntimeError("a planner bug")

    meta = PlanMeta("X", fingerprint_of(sample), Settings())
    job = start_job(PLAN_SLOT, work, meta, progress_key=lambda item: item.area, state=at.session_state)  # type: ignore[arg-type]
    assert job is not None
    return job


def test_a_running_plan_shows_progress_and_can_be_cancelled(sample: Roster) -> None:
    at = app_with_sample("en", sync=False)
    job = _blocking_job(at, sample, threading.Event())
    open_page(at, "plan")
    clean(at)
    assert at.button(key="plan.run").disabled  # one plan at a time
    assert len(at.get("progress")) == 1
    assert "汽四" in dataframe_text(at)
    assert t("uiw.sidebar.job.plan", "en", done=0, total=2) in texts(at.sidebar.caption)
    at.button(key="jobs.cancel.plan").click().run()
    assert job.wait(10)
    at.run()
    clean(at)
    assert job.state is JobState.CANCELLED
    assert t("uiw.job.cancelled", "en") in texts(at.info)
    assert not len(current_book(at.session_state))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_a_failing_plan_shows_our_message_with_a_reference(lang: str, sample: Roster) -> None:
    at = app_with_sample(lang, sync=False)
    release = threading.Event()
    job = _blocking_job(at, sample, release)
    release.set()
    assert job.wait(10)
    open_page(at, "plan")
    assert_clean(at)
    failure = job.failure
    assert failure is not None and re.fullmatch(r"[0-9a-f]{8}", failure.reference)
    assert t("uiw.job.failed", lang, ref=failure.reference) in texts(at.error)
    assert not any("RuntimeError" in e or "Traceback" in e for e in texts(at.error))


def test_job_lifecycle_without_streamlit() -> None:
    state: dict[str, Any] = {}
    seen: list[Any] = []

    def work(report: Callable[[Any], None], cancel: threading.Event) -> int:
        report(_StandInProgress("a", "running", 0.0, 0, 2))
        report(_StandInProgress("a", "optimal", 1.0, 1, 2))
        report(_StandInProgress("b", "optimal", 1.0, 2, 2))
        seen.append(cancel.is_set())
        return 42

    job = start_job("x", work, progress_key=lambda item: item.area, state=state)
    assert job is not None and job.wait(10)
    assert job.state is JobState.DONE and job.result == 42 and seen == [False]
    assert [r.status for r in job.rows()] == ["optimal", "optimal"]  # one row per area, the latest
    assert job.latest.done == 2


def test_one_job_per_slot_at_a_time() -> None:
    state: dict[str, Any] = {}
    release = threading.Event()
    first = start_job("x", lambda report, cancel: release.wait(10), state=state)
    assert first is not None and first.running
    assert start_job("x", lambda report, cancel: 1, state=state) is None
    assert start_job("y", lambda report, cancel: 1, state=state) is not None  # another slot
    release.set()
    assert first.wait(10)
    again = start_job("x", lambda report, cancel: 2, state=state)
    assert again is not None and again.wait(10) and again.result == 2


def test_a_keyed_planner_error_is_shown_in_its_own_words() -> None:
    from planner.scenario import ScenarioError

    def work(report: Callable[[Any], None], cancel: threading.Event) -> None:
        raise ScenarioError("workshop.sweep_no_values")

    state: dict[str, Any] = {SYNC_KEY: True}
    job = start_job("x", work, state=state)
    assert job is not None and job.state is JobState.FAILED and job.failure is not None
    assert job.failure.message("en") == t("workshop.sweep_no_values", "en")
    assert job.failure.reference == ""


# --- collecting results --------------------------------------------------------------------------------


def test_a_result_made_with_another_roster_is_not_kept(sample: Roster, sample_plan: Plan) -> None:
    state: dict[str, Any] = {SYNC_KEY: True}
    load_files([(n, b) for n, b, _ in GOOD_UPLOAD], state)
    meta = PlanMeta("old", fingerprint_of(sample), sample_plan.settings)
    job = start_job(PLAN_SLOT, lambda report, cancel: sample_plan, meta, state=state)
    assert job is not None
    collect(state)
    assert isinstance(job.outcome, Discarded) and job.collected
    assert not len(current_book(state))


def test_collect_keeps_each_result_once(sample: Roster, sample_plan: Plan) -> None:
    state: dict[str, Any] = {SYNC_KEY: True}
    ui.state._record(state, ("sample",), "sample", sample)
    meta = PlanMeta("P", fingerprint_of(sample), sample_plan.settings)
    start_job(PLAN_SLOT, lambda report, cancel: sample_plan, meta, state=state)
    collect(state)
    collect(state)
    assert current_book(state).names == ["P"]


def test_another_roster_starts_an_empty_book(sample: Roster, sample_plan: Plan) -> None:
    state: dict[str, Any] = {}
    ui.state._record(state, ("sample",), "sample", sample)
    store_book(ScenarioBook().add(Scenario("A", sample_plan.settings, sample_plan)), state)
    assert current_book(state).names == ["A"]
    load_files([(n, b) for n, b, _ in GOOD_UPLOAD], state)
    assert not len(current_book(state))
    assert BOOK_KEY not in state


def test_draft_pins_replace_the_scenarios_own(sample_plan: Plan) -> None:
    settings = replace(
        sample_plan.settings,
        constraints=replace(
            sample_plan.settings.constraints,
            member_pins=(MemberPin("1", None), MemberPin("2", None)),
            team_pins=(TeamPin("汽四", "T1", TeamMode.OWN),),
        ),
    )
    scenario = Scenario("A", settings, sample_plan)
    draft = Draft(
        "A",
        1,
        EditHistory(),
        member_pins=(MemberPin("2", "T9"),),
        team_pins=(TeamPin("汽四", "T1", TeamMode.NONE),),
    )
    constraints = draft_settings(scenario, draft).constraints
    assert constraints.member_pins == (MemberPin("1", None), MemberPin("2", "T9"))
    assert constraints.team_pins == (TeamPin("汽四", "T1", TeamMode.NONE),)


# --- exports and bundles -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_download_builds_a_file_that_opens(lang: str, sample: Roster, sample_plan: Plan) -> None:
    book = ScenarioBook().add(Scenario("A/B: 方案?", sample_plan.settings, sample_plan))
    files = {f.key: f for f in export_files(book.scenarios[0], sample, book, lang)}
    assert set(files) == {"workbook", "members_csv", "roster_html", "bundle"}
    assert all("/" not in f.file_name and ":" not in f.file_name for f in files.values())
    workbook = openpyxl.load_workbook(io.BytesIO(files["workbook"].build()), read_only=True)
    assert workbook.sheetnames == [sheet_name(s, lang) for s in SHEETS]
    members = workbook[sheet_name("members", lang)]
    assert members.max_row == len(sample_plan.assignments) + 1
    csv = files["members_csv"].build()
    assert csv.startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", dtype=str)) == len(sample_plan.assignments)
    page = files["roster_html"].build().decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    bundle = files["bundle"].build()
    assert zipfile.is_zipfile(io.BytesIO(bundle))
    assert read_bundle(bundle, sample, lang).names == book.names


@pytest.mark.parametrize("lang", LANGS)
def test_data_page_reopens_a_bundle_and_refuses_another_rosters(
    lang: str, sample: Roster, sample_plan: Plan
) -> None:
    book = ScenarioBook().add(Scenario("A", sample_plan.settings, sample_plan))
    book = book.add(Scenario("B", sample_plan.settings, sample_plan, parent="A"))
    from planner.bundle import bundle_bytes

    data = bundle_bytes(fingerprint_of(sample), book)

    # the same roster: every scenario comes back
    at = app_with_sample(lang)
    outcome = restore_bundle("workshop.bundle.zip", data, lang, at.session_state)  # type: ignore[arg-type]
    assert outcome.ok and outcome.restored == 2
    open_page(at, "data")
    clean(at)
    assert t("uiw.bundle.restored", lang, file="workshop\\.bundle\\.zip", count=2, replaced=0) in texts(
        at.success
    )
    assert book_of(at).names == ["A", "B"] and book_of(at).get("B").parent == "A"

    # another roster: refused with a clear message and the problems listed; nothing restored
    other = make_app(lang=lang).run()
    load_files([(n, b) for n, b, _ in GOOD_UPLOAD], other.session_state)  # type: ignore[arg-type]
    outcome = restore_bundle("workshop.bundle.zip", data, lang, other.session_state)  # type: ignore[arg-type]
    assert not outcome.ok and outcome.other_roster
    open_page(other, "data")
    assert_clean(other)
    assert t(
        "uiw.bundle.other_roster", lang, file="workshop\\.bundle\\.zip", count=len(outcome.issues)
    ) in texts(other.error)
    assert t("uiw.bundle.nothing_changed", lang) in texts(other.info)
    assert not len(current_book(other.session_state))  # type: ignore[arg-type]

    # not a bundle at all
    outcome = restore_bundle("x.zip", b"PK\x03\x04 nonsense", lang, at.session_state)  # type: ignore[arg-type]
    assert not outcome.ok and outcome.issues
    assert book_of(at).names == ["A", "B"]


# --- hostile text ---------------------------------------------------------------------------------------


def test_hostile_names_stay_text_in_the_org_chart_and_the_pages() -> None:
    evil = '=HYPERLINK("x")"];z[label="<b>'
    members = (
        "member_id,name,area,status,role,teams\n"
        f'1,"{evil.replace(chr(34), chr(34) * 2)}",A,full,secretary,T1\n'
        "2,b,A,full,committee,T1\n3,c,A,full,none,T1\n4,d,A,full,team_leader,T1\n"
    ).encode()
    teams = b"name,area,type\nT1,A,culture\n"
    at = make_app(lang="en").run()
    at.session_state[SYNC_KEY] = True
    assert load_files([("m.csv", members), ("t.csv", teams)], at.session_state).ok  # type: ignore[arg-type]
    open_page(at, "plan")
    at.button(key="plan.run").click().run()
    clean(at)
    plan = book_of(at).scenarios[0].plan
    roster = ui.state.current_roster(at.session_state)  # type: ignore[arg-type]
    assert roster is not None
    svg = org_chart_svg(plan, roster, "A", "en")
    # the name is text inside the SVG (escaped), never markup
    texts_drawn = [
        el.text or "" for el in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert any("HYPERLINK" in x for x in texts_drawn)
    assert "<b>" not in svg
    assert not at.get("html")
    assert not any("<b>" in e for e in texts(at.markdown) + texts(at.caption))


def test_file_names_are_safe() -> None:
    assert file_stem('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert file_stem("..") == "scenario"
    assert len(file_stem("方" * 200)) == 60


# --- the sweep, renaming, the export's comparison ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_sweep_plots_each_point_and_keeps_one_as_a_scenario(lang: str, sample_plan: Plan) -> None:
    at = app_with_sample(lang)
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "compare")
    clean(at)
    assert t("uiw.compare.need_two", lang) in texts(at.info)  # one scenario: no side by side, the sweep
    assert at.selectbox(key="sweep.parameter").value == "rules.max_branch_size"
    at.number_input(key="sweep.start.rules.max_branch_size").set_value(40)
    at.number_input(key="sweep.stop.rules.max_branch_size").set_value(50)
    at.number_input(key="sweep.step.rules.max_branch_size").set_value(10)
    at.multiselect(key="sweep.areas").set_value(["红一"]).run()
    assert t("uiw.sweep.plan_size", lang, points=2, values="40, 50", current=50, areas=1) in texts(at.caption)
    at.button(key="sweep.run").click().run()
    clean(at)
    assert len(at.get("vega_lite_chart")) == 1
    table = at.dataframe[-1].value
    assert table.iloc[:, 0].tolist() == [40, 50]
    at.selectbox(key="sweep.keep").set_value(0).run()
    at.button(key="sweep.keep_button").click().run()
    clean(at)
    kept = book_of(at).names[-1]
    assert kept.endswith("= 40")
    point = book_of(at).get(kept)
    assert point.settings.rules.max_branch_size == 40 and point.settings.areas == ("红一",)
    assert set(point.plan.assignments["area"]) == {"红一"}


def test_a_sweep_of_too_many_points_is_refused_in_words(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "compare")
    at.number_input(key="sweep.start.rules.max_branch_size").set_value(10)
    at.number_input(key="sweep.stop.rules.max_branch_size").set_value(500)
    at.number_input(key="sweep.step.rules.max_branch_size").set_value(1).run()
    at.button(key="sweep.run").click().run()
    assert_clean(at)
    # an over-long range is cut at one point past the limit: the planner says how many it takes
    assert t("workshop.sweep_too_many", "en", count="26", limit="25") in texts(at.error)
    assert get_job("sweep", at.session_state) is None  # type: ignore[arg-type]


def test_rename_and_delete_a_scenario(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    with_book(
        at, Scenario("A", sample_plan.settings, sample_plan), Scenario("B", sample_plan.settings, sample_plan)
    )
    open_page(at, "plan")
    assert at.selectbox(key="plan.view").value == "B"
    at.text_input(key="plan.rename.B").input("Workshop favourite").run()
    at.button(key="plan.rename_button").click().run()
    clean(at)
    assert book_of(at).names == ["A", "Workshop favourite"]
    assert at.selectbox(key="plan.view").value == "Workshop favourite"
    at.button(key="plan.delete_button").click().run()
    clean(at)
    assert book_of(at).names == ["A"]
    assert at.selectbox(key="plan.view").value == "A"


def test_export_compares_an_edited_scenario_with_its_parent(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    with_book(
        at,
        Scenario("A", sample_plan.settings, sample_plan),
        Scenario("B", sample_plan.settings, sample_plan, parent="A"),
    )
    open_page(at, "export")
    clean(at)
    assert at.radio(key="export.against").options == [
        t("uiw.export.against.today", "en"),
        t("uiw.export.against.parent", "en", parent="A"),
    ]
    at.selectbox(key="export.scenario").set_value("A").run()
    assert at.radio(key="export.against").options == [t("uiw.export.against.today", "en")]
    assert t("uiw.export.bundle", "en", count=2) in " ".join(texts(at.markdown))
