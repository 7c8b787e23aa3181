"""Background jobs: long work (a plan, a re-plan, a sweep) that runs OUTSIDE the script run.

Why: every widget interaction reruns the page script and stops the running one at its next
``st.*`` call, so a solve inside the script would be lost. A :class:`Job` runs its work in a
daemon thread of its own (the planner itself farms the areas out to worker processes), keeps
its progress and result on the job object, and lives in this session's ``st.session_state``
under a *slot* ("plan", "sweep"): navigating to another page or clicking anything keeps it, and
another session never sees it. Pages poll it with a fragment (``run_every``) while it runs and
rerun the whole app once it has finished, so the result is collected in a normal script run.

A job whose session is gone (a reload or a closed tab: Streamlit's runtime no longer lists the
session as active, :func:`session_probe`) for GONE_SECONDS, or that nobody has polled for
ORPHAN_SECONDS, is cancelled by its watchdog thread, which stops the planner's worker processes.
A cancelled work may leave a ``partial`` result (the planner's ``PlanCancelled.partial``).

The worker never calls Streamlit and never touches the session state: it only writes to its own
job, under the job's lock. ``SYNC_KEY`` in the session state (set by AppTest) runs the work
inline instead, so tests see the finished job in the same run.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import streamlit as st

from planner.i18n import CATALOGUE, t
from ui.errors import friendly_errors
from ui.state import State, session_state

log = logging.getLogger("workbench.ui")

#: session-state key of the jobs of this session: ``dict[slot, Job]``
JOBS_KEY = "jobs.by_slot"
#: session flag: run jobs inline in the script run (for AppTest)
SYNC_KEY = "jobs.sync"
#: how often a running job is polled by the page (seconds)
POLL_SECONDS = 1.0
#: a running job nobody has looked at for this long belongs to a closed session: cancel it
ORPHAN_SECONDS = 15 * 60.0
#: a job whose browser session has been gone this long (a reload, a closed tab) is cancelled;
#: the grace lets a dropped connection come back
GONE_SECONDS = 10.0
#: how often the watchdog of a running job looks
WATCH_SECONDS = 0.5

#: the work of a job: (report progress, cancel event) -> result
Work = Callable[[Callable[[Any], None], threading.Event], Any]


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class JobFailure:
    """Why a job failed, kept language-neutral: a translation key and its parameters, plus the
    log reference of an unexpected error (the traceback is in the server log)."""

    key: str
    params: tuple[tuple[str, str], ...] = ()
    reference: str = ""

    def message(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.params))


class Job:
    """One piece of background work and everything the page needs to show about it.

    ``meta`` says what to do with the result (a frozen value the caller chose); ``progress_key``
    files each progress report under a row key so the page can show one row per area or point.
    """

    def __init__(
        self,
        slot: str,
        work: Work,
        meta: Any = None,
        progress_key: Callable[[Any], str] | None = None,
        alive: Callable[[], bool] | None = None,
    ) -> None:
        self.id = secrets.token_hex(4)
        #: is the browser session that started the job still there? (None: cannot tell)
        self._alive = alive
        #: what a cancelled work left behind (the planner's PlanCancelled.partial), else None
        self.partial: Any = None
        self.slot = slot
        self.meta = meta
        self.cancel_event = threading.Event()
        self._work = work
        self._key = progress_key or (lambda item: "")
        self._lock = threading.Lock()
        self._state = JobState.RUNNING
        self._rows: dict[str, Any] = {}
        self._latest: Any = None
        self._result: Any = None
        self._failure: JobFailure | None = None
        self.started = time.monotonic()
        self.finished: float | None = None
        self._seen = time.monotonic()
        self._thread: threading.Thread | None = None
        #: set once the result has been collected (kept as a scenario...); see ui.scenarios
        self.collected = False
        #: what collecting produced, for the page to report (e.g. the scenario name)
        self.outcome: Any = None

    # --- the worker side ------------------------------------------------------------------------
    def report(self, item: Any) -> None:
        """Progress callback handed to the work (called from the worker thread)."""
        with self._lock:
            self._rows[self._key(item)] = item
            self._latest = item
            orphaned = time.monotonic() - self._seen > ORPHAN_SECONDS
        if orphaned and not self.cancel_event.is_set():
            log.info("job %s in slot %s: nobody is watching any more, cancelling", self.id, self.slot)
            self.cancel_event.set()

    def run(self) -> None:
        """Run the work to its end; never raises (a failure is recorded and logged)."""
        result: Any = None
        failure: JobFailure | None = None
        try:
            result = self._work(self.report, self.cancel_event)
        except Exception as error:  # the page shows our own message; the log has the traceback
            if self.cancel_event.is_set():  # stopping half-way is what was asked: no failure
                self.partial = getattr(error, "partial", None)
            else:
                failure = _failure_of(error, self)
        with self._lock:
            self.finished = time.monotonic()
            # cancelled wins: work stopped half-way may well raise on its way out
            if self.cancel_event.is_set():
                self._state = JobState.CANCELLED
            elif failure is not None:
                self._state, self._failure = JobState.FAILED, failure
            else:
                self._state, self._result = JobState.DONE, result

    def start(self, synchronous: bool = False) -> Job:
        if synchronous:
            self.run()
        else:
            # not attached to the script run's context: a rerun never interrupts it
            self._thread = threading.Thread(
                target=self.run, name=f"workbench-{self.slot}-{self.id}", daemon=True
            )
            self._thread.start()
            watchdog = threading.Thread(target=self._watch, name=f"workbench-watch-{self.id}", daemon=True)
            watchdog.start()
        return self

    def _watch(self) -> None:
        """Cancel the job once its session is gone (reload, closed tab) or nobody has polled it
        for ORPHAN_SECONDS: the work then stops its worker processes at once."""
        gone_since: float | None = None
        while self.running and not self.cancel_event.is_set():
            time.sleep(WATCH_SECONDS)
            now = time.monotonic()
            alive = True
            if self._alive is not None:
                try:
                    alive = self._alive()
                except Exception:  # the runtime is shutting down: treat as gone
                    alive = False
            gone_since = None if alive else (gone_since if gone_since is not None else now)
            with self._lock:
                unseen = now - self._seen
            if (gone_since is not None and now - gone_since >= GONE_SECONDS) or unseen > ORPHAN_SECONDS:
                log.info("job %s in slot %s: its session is gone, cancelling", self.id, self.slot)
                self.cancel_event.set()

    # --- the page side --------------------------------------------------------------------------
    def cancel(self) -> None:
        self.cancel_event.set()

    def touch(self) -> None:
        """The page looked at the job: the session is alive."""
        with self._lock:
            self._seen = time.monotonic()

    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def running(self) -> bool:
        return self.state is JobState.RUNNING

    @property
    def cancelling(self) -> bool:
        return self.running and self.cancel_event.is_set()

    @property
    def result(self) -> Any:
        with self._lock:
            return self._result

    @property
    def failure(self) -> JobFailure | None:
        with self._lock:
            return self._failure

    def rows(self) -> list[Any]:
        """The latest progress report of every row, in the order rows first reported."""
        with self._lock:
            return list(self._rows.values())

    @property
    def latest(self) -> Any:
        with self._lock:
            return self._latest

    def seconds(self) -> float:
        end = self.finished if self.finished is not None else time.monotonic()
        return end - self.started

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker ends (tests and benchmarks); True when it has."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running


def _failure_of(error: Exception, job: Job) -> JobFailure:
    """A user-facing reason: the planner's keyed errors speak for themselves; anything else is
    logged with a reference."""
    key = getattr(error, "key", None)
    params = getattr(error, "params", None)
    if isinstance(key, str) and key in CATALOGUE and isinstance(params, dict):
        return JobFailure(key, tuple((str(k), str(v)) for k, v in params.items()))
    reference = secrets.token_hex(4)
    log.exception("job %s in slot %s failed [ref %s]", job.id, job.slot, reference)
    return JobFailure("uiw.job.failed", (("ref", reference),), reference)


# --- the session's jobs ------------------------------------------------------------------------------


def _jobs(state: State) -> dict[str, Job]:
    jobs = state.get(JOBS_KEY)
    if not isinstance(jobs, dict):
        jobs = {}
        state[JOBS_KEY] = jobs
    return jobs


def get_job(slot: str, state: State | None = None) -> Job | None:
    state = session_state() if state is None else state
    job = _jobs(state).get(slot)
    return job if isinstance(job, Job) else None


def all_jobs(state: State | None = None) -> list[Job]:
    state = session_state() if state is None else state
    return [job for job in _jobs(state).values() if isinstance(job, Job)]


def is_running(slot: str, state: State | None = None) -> bool:
    job = get_job(slot, state)
    return job is not None and job.running


def synchronous(state: State | None = None) -> bool:
    state = session_state() if state is None else state
    return bool(state.get(SYNC_KEY, False))


def start_job(
    slot: str,
    work: Work,
    meta: Any = None,
    *,
    progress_key: Callable[[Any], str] | None = None,
    state: State | None = None,
    alive: Callable[[], bool] | None = None,
) -> Job | None:
    """Start ``work`` in ``slot``; None when a job is already running there (one at a time).
    ``alive`` tells whether the starting session is still there (default: asks Streamlit's
    runtime, see :func:`session_probe`); the job is cancelled once it is gone."""
    state = session_state() if state is None else state
    if is_running(slot, state):
        return None
    job = Job(slot, work, meta, progress_key, alive if alive is not None else session_probe())
    # stored before it starts, so even an instant failure is found by the next run
    _jobs(state)[slot] = job
    return job.start(synchronous(state))


def session_probe() -> Callable[[], bool] | None:
    """A check that the current browser session is still connected, or None outside a served app
    (AppTest, scripts). A reload or a closed tab disconnects the session: Streamlit's runtime then
    no longer lists it as active (``Runtime.is_active_session``, safe from any thread)."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None or not Runtime.exists():
            return None
        runtime, session_id = Runtime.instance(), ctx.session_id
    except Exception:  # an older or newer Streamlit without these: fall back on the heartbeat
        return None
    return lambda: runtime.is_active_session(session_id)


# --- showing a running job -----------------------------------------------------------------------------


def poll_while_running(slot: str, draw: Callable[[Job], None], lang: str) -> None:
    """Draw the job in ``slot`` and redraw it every :data:`POLL_SECONDS` while it runs; when it
    has finished, rerun the whole app so its result is collected and shown.

    Only call this while the job runs: a fragment with ``run_every`` keeps polling for as long
    as a full run draws it."""

    @st.fragment(run_every=POLL_SECONDS)
    def panel() -> None:
        job = get_job(slot)
        if job is None:
            return
        job.touch()
        if not job.running:
            st.rerun()  # the full run collects and shows the result
        # a fragment rerun runs outside the page's guard: it needs its own
        with friendly_errors(lang, f"job {slot}"):
            draw(job)

    panel()
