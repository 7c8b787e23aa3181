"""The session's workshop state: the scenario book, the jobs that fill it, Tweak drafts, the sweep.

Everything lives in ``st.session_state`` (never a shared cache): the book belongs to the roster
it was made with, and loading another roster starts an empty book (the old workshop is saved and
set aside first: ui.workshop_store). Every change of the book or the drafts goes through
:func:`store_book`, :func:`save_draft` or :func:`drop_draft`, which autosave it to the store.
Functions take the state mapping as an argument (default: the session state) so tests can drive
them with a plain dict.

Jobs (see :mod:`ui.jobs`) carry a frozen *meta* value saying what to do with their result;
:func:`collect` turns finished jobs into scenarios (or the sweep result) during a normal script
run, so a result is never lost whichever page the user is on when it arrives.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import streamlit as st

from planner.edits import (
    EditHistory,
    Move,
    Recheck,
    merge_area_results,
    pins_from_moves,
    recheck,
    replan_around,
    with_designated,
)
from planner.edits import settings_with_pins as _settings_with_move_pins
from planner.i18n import CATALOGUE, t
from planner.plan import Plan
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster, roster_fingerprint
from planner.settings import Constraints, MemberPin, Settings, TeamPin
from ui.jobs import Job, JobState, Work, all_jobs, start_job
from ui.nav import link_to
from ui.state import (
    State,
    current_roster,
    drop_keys,
    held_value,
    loaded,
    remember,
    session_memo,
    session_state,
)
from ui.text import md_escape

#: session-state keys
BOOK_KEY = "workshop.book"
DRAFTS_KEY = "workshop.drafts"
SWEEP_KEY = "workshop.sweep"
CHECK_MEMO_KEY = "workshop.recheck"
#: job slots: one plan (or re-plan) and one sweep at a time per session
PLAN_SLOT = "plan"
SWEEP_SLOT = "sweep"


def fingerprint_of(roster: Roster) -> str:
    return roster.fingerprint or roster_fingerprint(roster.members, roster.teams)


# --- the book ------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class HeldBook:
    """The scenario book and the fingerprint of the roster its plans were made with."""

    fingerprint: str
    book: ScenarioBook


def current_book(state: State | None = None) -> ScenarioBook:
    """The book of the roster in force (empty when none is loaded, or the book was made with
    another roster: that one is dropped with its drafts)."""
    state = session_state() if state is None else state
    roster = current_roster(state)
    held = state.get(BOOK_KEY)
    if roster is None:
        return ScenarioBook()
    fingerprint = fingerprint_of(roster)
    if isinstance(held, HeldBook) and held.fingerprint == fingerprint:
        return held.book
    if held is not None:
        drop_keys(state, BOOK_KEY, DRAFTS_KEY, SWEEP_KEY, CHECK_MEMO_KEY)
    return ScenarioBook()


def store_book(book: ScenarioBook, state: State | None = None) -> None:
    state = session_state() if state is None else state
    roster = current_roster(state)
    if roster is not None:
        state[BOOK_KEY] = HeldBook(fingerprint_of(roster), book)
        _autosave(state)


def _autosave(state: State) -> None:
    # every change of the book or the drafts passes here: the store keeps it (ui.workshop_store)
    from ui.workshop_store import autosave

    autosave(state)


def add_scenario(scenario: Scenario, state: State | None = None) -> str:
    """Add to the book (renamed on a clash); returns the name it was kept under."""
    state = session_state() if state is None else state
    book = current_book(state).add(scenario)
    store_book(book, state)
    return book.scenarios[-1].name


def default_name(lang: str, state: State | None = None) -> str:
    """A fresh name for the next plan: "方案 3" / "Plan 3"."""
    return t("uiw.plan.default_name", lang, n=current_book(state).next_created)


# --- plan, re-plan and sweep jobs ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanMeta:
    """A plan job's result becomes the scenario ``name`` (``parent``/``edits`` for a re-plan)."""

    name: str
    fingerprint: str
    settings: Settings
    parent: str | None = None
    edits: tuple[Move, ...] = ()


@dataclass(frozen=True)
class SweepMeta:
    parameter: str
    values: tuple[Any, ...]
    base: str
    fingerprint: str
    settings: Settings


@dataclass(frozen=True, eq=False)
class SweepResult:
    """A finished sweep: one (value, plan) per point planned, in order."""

    meta: SweepMeta
    points: tuple[tuple[Any, Plan], ...]


def _progress_key(item: Any) -> str:
    # AreaProgress reports per area; SweepProgress per point
    area = getattr(item, "area", None)
    if isinstance(area, str):
        return area
    return str(getattr(item, "index", ""))


def plan_work(roster: Roster, settings: Settings, lang: str) -> Work:
    def work(report: Callable[[Any], None], cancel: threading.Event) -> Plan:
        from planner.runner import plan_community

        return plan_community(roster, settings, progress=report, lang=lang, cancel=cancel)

    return work


def start_plan(
    roster: Roster, settings: Settings, name: str, lang: str, state: State | None = None
) -> Job | None:
    """Plan in the background; the result is kept as scenario ``name``. None when a plan job
    is already running in this session."""
    meta = PlanMeta(name=name, fingerprint=fingerprint_of(roster), settings=settings)
    return start_job(
        PLAN_SLOT, plan_work(roster, settings, lang), meta, progress_key=_progress_key, state=state
    )


def pinned_areas(roster: Roster, constraints: Constraints) -> tuple[str, ...]:
    """The areas the member and team pins (and designated candidates) of ``constraints`` are in."""
    area_of = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    areas = {area_of[p.member_id] for p in constraints.member_pins if p.member_id in area_of}
    areas |= {p.area for p in constraints.team_pins}
    areas |= {area_of[m] for m in constraints.designated if m in area_of}  # designated candidates
    return tuple(sorted(areas))


def replan_work(roster: Roster, base: Plan, moves: Sequence[Move], settings: Settings, lang: str) -> Work:
    """Re-plan around hand moves (the areas they touch), or, with pins only, the pinned areas;
    either way keeping everyone else as close to ``base`` as the rules allow."""

    def work(report: Callable[[Any], None], cancel: threading.Event) -> Plan:
        if moves:
            return replan_around(roster, base, moves, settings, lang=lang, progress=report, cancel=cancel)
        from planner.runner import plan_community

        areas = pinned_areas(roster, settings.constraints)
        pinned = _settings_with_move_pins(settings, (), base.layout)  # raises the stability weight
        partial = plan_community(
            roster,
            replace(pinned, areas=areas),
            reference=base.assignments[["member_id", "branch_id"]],
            progress=report,
            lang=lang,
            cancel=cancel,
        )
        return merge_area_results(
            roster,
            base,
            areas,
            settings=pinned,
            lang=lang,
            assignments=partial.assignments,
            branches=partial.branches,
            groups=partial.groups,
            violations=partial.violations,
            area_rows=partial.areas,
        )

    return work


def start_replan(
    roster: Roster,
    scenario: Scenario,
    draft: Draft,
    name: str,
    lang: str,
    state: State | None = None,
) -> Job | None:
    settings = draft_settings(scenario, draft)
    moves = draft.history.moves
    meta = PlanMeta(
        name=name, fingerprint=fingerprint_of(roster), settings=settings, parent=scenario.name, edits=moves
    )
    work = replan_work(roster, scenario.plan, moves, settings, lang)
    return start_job(PLAN_SLOT, work, meta, progress_key=_progress_key, state=state)


def start_sweep(
    roster: Roster,
    base: Scenario,
    settings: Settings,
    parameter: str,
    values: Sequence[Any],
    lang: str,
    state: State | None = None,
) -> Job | None:
    from planner.sweep import sweep, sweep_settings

    sweep_settings(settings, parameter, values)  # refuse bad values now, not in the thread
    meta = SweepMeta(parameter, tuple(values), base.name, fingerprint_of(roster), settings)

    def work(report: Callable[[Any], None], cancel: threading.Event) -> list[tuple[Any, Plan]]:
        return sweep(roster, settings, parameter, values, progress=report, cancel=cancel, lang=lang)

    return start_job(SWEEP_SLOT, work, meta, progress_key=_progress_key, state=state)


def sweep_result(state: State | None = None) -> SweepResult | None:
    state = session_state() if state is None else state
    roster = current_roster(state)
    held = state.get(SWEEP_KEY)
    if not isinstance(held, SweepResult) or roster is None:
        return None
    return held if held.meta.fingerprint == fingerprint_of(roster) else None


@dataclass(frozen=True)
class Discarded:
    """A finished job whose roster is no longer loaded: its result was not kept."""


def collect(state: State | None = None) -> None:
    """Keep the results of finished jobs (once each): plans become scenarios, a sweep becomes
    the session's sweep result. Results made with another roster than the one in force are
    dropped. Call it from every full script run (the sidebar does)."""
    state = session_state() if state is None else state
    roster = current_roster(state)
    for job in all_jobs(state):
        if job.collected or job.running:
            continue
        job.collected = True
        if job.state is not JobState.DONE:
            continue
        meta = job.meta
        fingerprint = fingerprint_of(roster) if roster is not None else None
        if getattr(meta, "fingerprint", None) != fingerprint:
            job.outcome = Discarded()
            continue
        if isinstance(meta, PlanMeta) and isinstance(job.result, Plan):
            plan: Plan = job.result
            book = current_book(state)
            parent = meta.parent if meta.parent in book else None
            settings = plan.settings if meta.parent is not None else meta.settings
            job.outcome = add_scenario(
                Scenario(meta.name, settings, plan, parent=parent, edits=meta.edits), state
            )
            if meta.parent is not None:
                drop_draft(meta.parent, state)
        elif isinstance(meta, SweepMeta) and isinstance(job.result, list):
            state[SWEEP_KEY] = SweepResult(meta, tuple(job.result))
            job.outcome = len(job.result)


# --- Tweak drafts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """Unsaved hand edits of one scenario: moves (with undo/redo) and pins."""

    scenario: str
    created: int
    history: EditHistory = field(default_factory=EditHistory)
    member_pins: tuple[MemberPin, ...] = ()
    team_pins: tuple[TeamPin, ...] = ()
    #: keep-together / keep-apart pairs of members and teams added here (only the pair fields)
    pairs: Constraints = field(default_factory=Constraints)

    @property
    def dirty(self) -> bool:
        return bool(self.history.past or self.member_pins or self.team_pins or pair_count(self.pairs))


#: the pair fields of Constraints, as the Tweak page names the kinds of pair
PAIR_FIELDS: tuple[str, ...] = ("members_together", "members_apart", "teams_together", "teams_apart")


def pair_count(constraints: Constraints) -> int:
    return sum(len(getattr(constraints, name)) for name in PAIR_FIELDS)


def _same_pair(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # pairs are unordered; a team pair carries its area first
    return a[:-2] == b[:-2] and set(a[-2:]) == set(b[-2:])


def with_pair(draft: Draft, kind: str, pair: tuple[str, ...]) -> Draft:
    """The draft with one more pair of ``kind`` (a PAIR_FIELDS name); the same pair of the
    opposite kind (together/apart) is dropped, since both cannot hold."""
    if kind not in PAIR_FIELDS or len(set(pair[-2:])) < 2:
        return draft
    opposite = kind.replace("together", "@").replace("apart", "together").replace("@", "apart")
    held = tuple(p for p in getattr(draft.pairs, kind) if not _same_pair(p, pair))
    other = tuple(p for p in getattr(draft.pairs, opposite) if not _same_pair(p, pair))
    return replace(draft, pairs=replace(draft.pairs, **{kind: (*held, pair), opposite: other}))


def without_pair(draft: Draft, kind: str, pair: tuple[str, ...]) -> Draft:
    held = tuple(p for p in getattr(draft.pairs, kind) if not _same_pair(p, pair))
    return replace(draft, pairs=replace(draft.pairs, **{kind: held}))


def _drafts(state: State) -> dict[str, Draft]:
    drafts = state.get(DRAFTS_KEY)
    if not isinstance(drafts, dict):
        drafts = {}
        state[DRAFTS_KEY] = drafts
    return drafts


def draft_for(scenario: Scenario, state: State | None = None) -> Draft:
    """The draft of ``scenario`` (a fresh one if none, or if the name now holds another scenario)."""
    state = session_state() if state is None else state
    held = _drafts(state).get(scenario.name)
    if isinstance(held, Draft) and held.created == scenario.created:
        return held
    return Draft(scenario.name, scenario.created)


def save_draft(draft: Draft, state: State | None = None) -> None:
    state = session_state() if state is None else state
    _drafts(state)[draft.scenario] = draft
    _autosave(state)


def drop_draft(name: str, state: State | None = None) -> None:
    state = session_state() if state is None else state
    _drafts(state).pop(name, None)
    _autosave(state)


def with_member_pins(draft: Draft, pins: Sequence[MemberPin]) -> Draft:
    """The draft with ``pins`` (a new pin replaces an earlier one of the same member)."""
    new = {p.member_id for p in pins}
    kept = tuple(p for p in draft.member_pins if p.member_id not in new)
    return replace(draft, member_pins=kept + tuple(pins))


def with_team_pin(draft: Draft, pin: TeamPin) -> Draft:
    kept = tuple(p for p in draft.team_pins if (p.area, p.team_id) != (pin.area, pin.team_id))
    return replace(draft, team_pins=(*kept, pin))


def pins_for_members(member_ids: Sequence[str], layout_after: Any) -> tuple[MemberPin, ...]:
    """Pins keeping each member in the branch ``layout_after`` has them in now."""
    branch_of = dict(
        zip(layout_after.assignments["member_id"], layout_after.assignments["branch_id"], strict=True)
    )
    moves = [Move(m, branch_of[m]) for m in member_ids if m in branch_of]
    return pins_from_moves(moves, layout_after).member_pins


def draft_settings(scenario: Scenario, draft: Draft) -> Settings:
    """The scenario's settings with the draft's pins in force (a draft pin replaces the
    scenario's pin of the same member or team)."""
    base = scenario.settings.constraints
    members = {p.member_id for p in draft.member_pins}
    teams = {(p.area, p.team_id) for p in draft.team_pins}
    constraints = replace(
        base,
        member_pins=tuple(p for p in base.member_pins if p.member_id not in members) + draft.member_pins,
        team_pins=tuple(p for p in base.team_pins if (p.area, p.team_id) not in teams) + draft.team_pins,
    )
    for kind in PAIR_FIELDS:  # the draft's pairs join the scenario's (a repeat is not added twice)
        held = getattr(constraints, kind)
        added = tuple(p for p in getattr(draft.pairs, kind) if not any(_same_pair(p, q) for q in held))
        constraints = replace(constraints, **{kind: held + added})
    return with_designated(replace(scenario.settings, constraints=constraints), draft.history.designated)


def checked(
    roster: Roster, scenario: Scenario, draft: Draft, lang: str, state: State | None = None
) -> Recheck:
    """The scenario after the draft's moves, re-staffed and re-checked (remembered for the same
    inputs, so reruns that change nothing cost nothing)."""
    state = session_state() if state is None else state
    inputs = (
        fingerprint_of(roster),
        scenario.name,
        scenario.created,
        draft.history.moves,
        draft.history.designated,
        draft.member_pins,
        draft.team_pins,
        draft.pairs,
        lang,
    )
    held = session_memo(CHECK_MEMO_KEY, inputs, state)
    if isinstance(held, Recheck):
        return held
    result = recheck(roster, scenario.plan, draft.history.moves, draft_settings(scenario, draft), lang)
    remember(CHECK_MEMO_KEY, inputs, result, state)
    return result


# --- downloads -------------------------------------------------------------------------------------------

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_stem(name: str) -> str:
    """A scenario name as a safe file-name stem (no path separators or reserved characters)."""
    stem = _UNSAFE_FILE_CHARS.sub("_", name).strip(" ._")
    return stem[:60] or "scenario"


@dataclass(frozen=True)
class ExportFile:
    """One download: built only when ``build`` is called (the button's click), never on rerun."""

    key: str
    file_name: str
    mime: str
    build: Callable[[], bytes]


def export_files(
    scenario: Scenario,
    roster: Roster,
    book: ScenarioBook,
    lang: str,
    current: Plan | pd.DataFrame | None = None,
) -> list[ExportFile]:
    """The four downloads of a scenario: workbook, members CSV, printable roster, bundle of the
    whole book. ``current`` is what the Changes sheet compares with (None: today's branches)."""
    from planner.bundle import FILE_SUFFIX, bundle_bytes
    from planner.export import members_csv, plan_workbook, printable_roster_html

    stem = file_stem(scenario.name)
    plan = scenario.plan
    fingerprint = fingerprint_of(roster)
    return [
        ExportFile("workbook", f"{stem}.xlsx", XLSX_MIME, lambda: plan_workbook(plan, roster, lang, current)),
        ExportFile(
            "members_csv",
            f"{stem}-{t('pages.file.members', lang)}.csv",
            "text/csv",
            lambda: members_csv(plan, roster, lang),
        ),
        ExportFile(
            "roster_html",
            f"{stem}-{t('pages.file.roster', lang)}.html",
            "text/html",
            lambda: printable_roster_html(plan, roster, lang, scenario=scenario.name).encode("utf-8"),
        ),
        ExportFile(
            "bundle",
            f"{t('pages.file.workshop', lang)}{FILE_SUFFIX}",
            "application/zip",
            lambda: bundle_bytes(fingerprint, book),
        ),
    ]


# --- what the pages draw -----------------------------------------------------------------------------------


def status_label(status: Any, lang: str) -> str:
    """A solve or progress status in words (the planner's statuses, then the progress steps)."""
    code = str(getattr(status, "value", status))
    for key in (f"workshop.status.{code}", f"uiw.progress.{code}"):
        if key in CATALOGUE:
            return t(key, lang)
    return code


def progress_frame(job: Job, lang: str) -> pd.DataFrame:
    """One row per area (a plan) or per point (a sweep) of a job's progress, headers in ``lang``."""
    rows: list[dict[str, Any]] = []
    for item in job.rows():
        area = getattr(item, "area", None)
        if hasattr(item, "index"):  # a sweep point; ``area`` is the runner's progress inside it
            rows.append(
                {
                    t("uiw.job.col.point", lang): str(getattr(item, "value", "")),
                    t("uiw.job.col.area", lang): str(getattr(area, "area", "")) if area is not None else "",
                    t("uiw.job.col.status", lang): status_label(getattr(area, "status", "queued"), lang)
                    if area is not None
                    else t("uiw.progress.started", lang),
                }
            )
        else:
            rows.append(
                {
                    t("uiw.job.col.area", lang): str(area),
                    t("uiw.job.col.status", lang): status_label(getattr(item, "status", ""), lang),
                    t("uiw.job.col.seconds", lang): round(float(getattr(item, "seconds", 0.0) or 0.0), 1),
                }
            )
    return pd.DataFrame(rows)


def show_org_chart(
    plan: Plan,
    roster: Roster,
    area: str,
    lang: str,
    *,
    highlight: frozenset[str] | set[str] = frozenset(),
    key: str = "org",
    width: int | None = None,
) -> None:
    """The area's org chart (planner.orgchart) drawn at its own pixel size, so its text stays
    readable (st.image gives it a full-screen button); the party groups in a popover; SVG and
    PNG downloads for the handout. ``width``: the drawing's width in pixels (narrower for a
    column: fewer branches per row); ``key`` keeps the buttons of two charts on a page apart."""
    from planner.orgchart import WIDTH, org_chart_groups, org_chart_svg, svg_to_png

    svg = org_chart_svg(plan, roster, area, lang, highlight=highlight, width=width or WIDTH)
    st.image(svg, caption=t("pictures.org.fullscreen_help", lang))
    groups = org_chart_groups(plan, roster, area, lang)
    # a popover, not an expander: the Tweak page draws the chart inside an expander
    with st.popover(t("pictures.org.groups_detail", lang), icon=":material/groups:"):
        if len(groups):
            shown = groups.rename(columns={c: t(f"pictures.col.{c}", lang) for c in groups.columns})
            st.dataframe(shown, hide_index=True, width="stretch")
        else:
            st.caption(t("pictures.org.no_group_rows", lang))
    stem = file_stem(f"{area}-org")
    svg_col, png_col = st.columns(2)
    svg_col.download_button(
        t("pictures.org.download_svg", lang),
        data=svg.encode("utf-8"),
        file_name=f"{stem}.svg",
        mime="image/svg+xml",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}.svg",
    )
    try:
        import vl_convert  # noqa: F401  (the PNG renderer; its absence only hides the PNG button)
    except ImportError:
        png_col.caption(t("pictures.org.png_missing", lang))
    else:
        png_col.download_button(
            t("pictures.org.download_png", lang),
            data=lambda: svg_to_png(svg),
            file_name=f"{stem}.png",
            mime="image/png",
            icon=":material/image:",
            on_click="ignore",
            key=f"{key}.png",
        )


def job_counts(job: Job) -> tuple[int, int]:
    """(done, total) of the job's latest progress report (areas of a plan, points of a sweep)."""
    latest = job.latest
    if hasattr(latest, "index"):  # a sweep: points finished so far
        return int(getattr(latest, "index", 0)), int(getattr(latest, "total", 0) or 0)
    return int(getattr(latest, "done", 0) or 0), int(getattr(latest, "total", 0) or 0)


def draw_job(job: Job) -> None:
    """A running job: progress bar, elapsed time, cancel button, one row per area or point."""
    from ui.lang import current_language

    lang = current_language()
    done, total = job_counts(job)
    share = done / total if total else 0.0
    text = t("uiw.job.progress", lang, done=done, total=total or "…", seconds=f"{job.seconds():.0f}")
    st.progress(min(max(share, 0.0), 1.0), text=text)
    if job.cancelling:
        st.warning(t("uiw.job.cancelling", lang), icon=":material/hourglass_top:")
    else:
        # a callback: the job is told before this draw, which then shows "cancelling"
        st.button(
            t("uiw.job.cancel", lang),
            icon=":material/cancel:",
            key=f"jobs.cancel.{job.slot}",
            on_click=job.cancel,
        )
    rows = progress_frame(job, lang)
    if len(rows):
        st.dataframe(rows, hide_index=True, height=min(38 + 35 * len(rows), 320))


def job_outcome(job: Job | None, lang: str) -> None:
    """What became of a finished job: kept (as a scenario), cancelled, failed, or dropped."""
    if job is None or job.running:
        return
    if job.state is JobState.DONE and isinstance(job.outcome, Discarded):
        st.warning(t("uiw.job.discarded", lang), icon=":material/warning:")
    elif job.state is JobState.DONE and isinstance(job.outcome, str):
        st.success(
            t("uiw.job.kept", lang, name=md_escape(job.outcome), seconds=f"{job.seconds():.1f}"),
            icon=":material/check_circle:",
        )
    elif job.state is JobState.CANCELLED:
        st.info(t("uiw.job.cancelled", lang), icon=":material/cancel:")
    elif job.state is JobState.FAILED and job.failure is not None:
        st.error(job.failure.message(lang), icon=":material/error:")


# --- reopening a bundle -----------------------------------------------------------------------------------

#: session-state keys of the bundle uploader's last outcome and of the content already read
BUNDLE_OUTCOME_KEY = "workshop.bundle_outcome"
BUNDLE_SEEN_KEY = "workshop.bundle_seen"


@dataclass(frozen=True)
class BundleOutcome:
    """What happened to the last bundle: restored (how many scenarios, how many replaced), or
    refused with every problem found."""

    file_name: str
    ok: bool
    restored: int = 0
    replaced: int = 0
    issues: tuple[Any, ...] = ()
    #: the bundle was made with another roster than the one loaded
    other_roster: bool = False
    unexpected: bool = False
    #: valid, but the workshop has scenarios: waiting for "add" or "open as new" (ui.workshop_store)
    pending: bool = False


def restore_bundle(file_name: str, data: bytes, lang: str, state: State | None = None) -> BundleOutcome:
    """Validate ``data`` against the loaded roster (planner.bundle.read_bundle) and, only when
    it is valid through and through, make its scenarios the session's book."""
    import logging

    from planner.bundle import BundleError, read_bundle

    state = session_state() if state is None else state
    roster = current_roster(state)
    if roster is None:
        outcome = BundleOutcome(file_name, ok=False)
    else:
        try:
            book = read_bundle(data, roster, lang)
        except BundleError as error:
            outcome = BundleOutcome(
                file_name,
                ok=False,
                issues=tuple(error.issues),
                other_roster=any(i.code == "bundle_fingerprint" for i in error.issues),
            )
        except Exception:
            logging.getLogger("workbench.ui").exception(
                "reading the bundle %s failed unexpectedly", file_name
            )
            outcome = BundleOutcome(file_name, ok=False, unexpected=True)
        else:
            outcome = _open_or_ask(file_name, book, state)
    state[BUNDLE_OUTCOME_KEY] = outcome
    return outcome


def _open_or_ask(file_name: str, book: ScenarioBook, state: State) -> BundleOutcome:
    """Nothing is replaced without asking: into an empty workshop the bundle opens at once;
    otherwise it waits for the user's choice (add its scenarios, or open it as a new workshop)."""
    from ui.workshop_store import PENDING_BUNDLE_KEY, PendingBundle

    if len(current_book(state)):
        state[PENDING_BUNDLE_KEY] = PendingBundle(file_name, book)
        return BundleOutcome(file_name, ok=True, restored=len(book), pending=True)
    drop_keys(state, DRAFTS_KEY, SWEEP_KEY, CHECK_MEMO_KEY)
    store_book(book, state)
    return BundleOutcome(file_name, ok=True, restored=len(book))


def handle_bundle_upload(
    upload: tuple[str, bytes] | None, lang: str, state: State | None = None
) -> BundleOutcome | None:
    """Read an uploaded bundle once (a rerun does not read the same content again)."""
    from ui.state import files_signature

    state = session_state() if state is None else state
    if upload is None:
        state[BUNDLE_SEEN_KEY] = None
        return None
    signature = files_signature([upload])
    if state.get(BUNDLE_SEEN_KEY) == signature:
        return None
    state[BUNDLE_SEEN_KEY] = signature
    return restore_bundle(upload[0], upload[1], lang, state)


def bundle_outcome(state: State | None = None) -> BundleOutcome | None:
    return held_value(BUNDLE_OUTCOME_KEY, BundleOutcome, state)


def workshop_inputs(lang: str, *, need_scenarios: bool = True) -> tuple[Roster, ScenarioBook] | None:
    """The loaded roster and the session's scenarios (finished jobs collected first), or None
    after drawing the empty state that says what to do first."""
    held = loaded()
    if held is None:
        st.info(t("uiw.empty.no_roster", lang), icon=":material/upload_file:")
        link_to("data", lang, t("uiw.go_data", lang))
        return None
    collect()
    book = current_book()
    if need_scenarios and not len(book):
        st.info(t("uiw.empty.no_scenarios", lang), icon=":material/arrow_forward:")
        link_to("plan", lang, t("uiw.go_plan", lang))
        return None
    return held.roster, book
