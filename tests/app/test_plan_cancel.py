"""Cancel at once (issue 10, item 7): a job whose session is gone stops its workers; a cancelled
plan's finished areas can be kept as a partial scenario or dropped on the Plan page."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psutil
import pytest

import ui.jobs as jobs
from planner.greedy import greedy_layout
from planner.i18n import t
from planner.objective import layout_objective
from planner.runner import AreaOutcome, PartialRun, PlanCancelled, plan_community
from planner.schema import Roster
from planner.settings import Settings, SolverOptions
from tests.app.helpers import assert_clean, make_app
from tests.plan_fixtures import story_roster
from ui.jobs import SYNC_KEY, JobState, start_job
from ui.scenarios import BOOK_KEY, PLAN_SLOT, PlanMeta, fingerprint_of
from ui.state import SAMPLE_WORKBOOK, load_sample


def live_children() -> list[psutil.Process]:
    me = psutil.Process()
    return [p for p in me.children(recursive=True) if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_a_job_whose_session_went_away_is_cancelled_and_its_workers_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "GONE_SECONDS", 0.3)
    roster = story_roster()
    connected = threading.Event()
    connected.set()
    started = threading.Event()

    def work(report: Callable[[Any], None], cancel: threading.Event) -> Any:
        def seen(item: Any) -> None:
            report(item)
            if item.status == "running" and not started.is_set():
                started.set()
                # hold the run here (its first worker solving) until the watchdog cancels it, so
                # a fast machine cannot finish the plan first
                cancel.wait(30)

        settings = Settings(solver=SolverOptions(workers=1))
        return plan_community(roster, settings, progress=seen, cancel=cancel)

    job = start_job("plan", work, state={}, alive=connected.is_set)
    assert job is not None
    assert started.wait(30)
    connected.clear()  # the browser reloaded: the session is no longer active
    assert job.wait(30), "the orphaned run did not stop"
    assert job.state is JobState.CANCELLED
    assert isinstance(job.partial, PartialRun) and job.partial.total == 3
    assert job.failure is None
    assert live_children() == []


def test_a_job_whose_session_stays_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "GONE_SECONDS", 0.1)
    release = threading.Event()
    job = start_job("x", lambda report, cancel: release.wait(2.0), state={}, alive=lambda: True)
    assert job is not None
    time.sleep(0.8)  # several watchdog rounds
    assert job.running and not job.cancel_event.is_set()
    release.set()
    assert job.wait(10) and job.state is JobState.DONE


def _partial(roster: Roster, areas: tuple[str, ...], total: int) -> PartialRun:
    settings = Settings()
    outcomes = {}
    for area in areas:
        layout = greedy_layout(roster, settings, area)
        outcomes[area] = AreaOutcome(area, layout, layout_objective(roster, layout, settings, area))
    return PartialRun(roster, settings, "en", areas, outcomes, total)


def _cancelled_plan_job(at: Any, partial: PartialRun) -> None:
    def work(report: Callable[[Any], None], cancel: threading.Event) -> Any:
        cancel.set()
        raise PlanCancelled(partial)

    roster = partial.roster
    meta = PlanMeta("Run 1", fingerprint_of(roster), Settings())
    job = start_job(PLAN_SLOT, work, meta, state=at.session_state)
    assert job is not None and job.state is JobState.CANCELLED


def _app() -> Any:
    at = make_app(lang="en").run()
    at.session_state[SYNC_KEY] = True
    assert load_sample(at.session_state).ok
    return at.switch_page("pages/page_plan.py").run()


def test_the_finished_areas_of_a_cancelled_plan_can_be_kept_as_a_partial_scenario() -> None:
    from planner.reader import read_roster_paths

    roster = read_roster_paths([SAMPLE_WORKBOOK])
    at = _app()
    _cancelled_plan_job(at, _partial(roster, ("汽四", "红一"), 39))
    at.run()
    assert_clean(at)
    assert t("uiw.job.cancelled", "en") not in [e.value for e in at.info]  # no "nothing was kept"
    assert t("security.partial.title", "en", solved=2, total=39) in [e.value for e in at.warning]
    at.button(key=next(b.key for b in at.button if b.key.startswith("plan.partial.keep."))).click().run()
    assert_clean(at)
    book = at.session_state[BOOK_KEY].book
    assert book.names == [t("security.partial.name", "en", name="Run 1")]
    plan = book.get(book.names[0]).plan
    assert plan.settings.areas == ("汽四", "红一")
    assert set(plan.assignments["area"]) == {"汽四", "红一"}
    in_areas = roster.members["area"].isin(["汽四", "红一"])
    assert sorted(plan.assignments["member_id"]) == sorted(roster.members.loc[in_areas, "member_id"])
    assert any("partial" in s.value for s in at.success)


def test_the_finished_areas_of_a_cancelled_plan_can_be_dropped() -> None:
    from planner.reader import read_roster_paths

    roster = read_roster_paths([SAMPLE_WORKBOOK])
    at = _app()
    _cancelled_plan_job(at, _partial(roster, ("汽四",), 39))
    at.run()
    at.button(key=next(b.key for b in at.button if b.key.startswith("plan.partial.drop."))).click().run()
    assert_clean(at)
    assert BOOK_KEY not in at.session_state or not len(at.session_state[BOOK_KEY].book)
    assert t("security.partial.dropped", "en") in [i.value for i in at.info]
    assert not [b for b in at.button if b.key and b.key.startswith("plan.partial.")]
