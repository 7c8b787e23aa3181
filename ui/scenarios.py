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
from collections.abc import Callable, MutableMapping, Sequence
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
)
from planner.edits import settings_with_pins as _settings_with_move_pins
from planner.i18n import CATALOGUE, t
from planner.plan import Plan
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster, roster_fingerprint
from planner.settings import Constraints, MemberPin, Settings, TeamPin
from ui.jobs import Job, JobState, Work, all_jobs, start_job
from ui.nav import link_to
from ui.state import current_roster, loaded, remember, session_memo
from ui.text import md_escape

State = MutableMapping[str, Any]

#: session-state keys
BOOK_KEY = "workshop.book"
DRAFTS_KEY = "workshop.drafts"
SWEEP_KEY = "workshop.sweep"
CHECK_MEMO_KEY = "workshop.recheck"
#: job slots: one plan (or re-plan) and one sweep at a time per session
PLAN_SLOT = "plan"
SWEEP_SLOT = "sweep"


def _session() -> State:
    return st.session_state  # type: ignore[return-value]


def _drop(state: State, *keys: str) -> None:
    # ``del`` rather than ``pop``: AppTest's session state is a mapping without ``pop``
    for key in keys:
        if key in state:
            del state[key]


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
    state = _session() if state is None else state
    roster = current_roster(state)
    held = state.get(BOOK_KEY)
    if roster is None:
        return ScenarioBook()
    fingerprint = fingerprint_of(roster)
    if isinstance(held, HeldBook) and held.fingerprint == fingerprint:
        return held.book
    if held is not None:
        _drop(state, BOOK_KEY, DRAFTS_KEY, SWEEP_KEY, CHECK_MEMO_KEY)
    return ScenarioBook()


def store_book(book: ScenarioBook, state: State | None = None) -> None:
    state = _session() if state is None else state
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
    state = _session() if state is None else state
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
    """The areas the member and team pins of ``constraints`` are in."""
    area_of = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    areas = {area_of[p.member_id] for p in constraints.member_pins if p.member_id in area_of}
    areas |= {p.area for p in constraints.team_pins}
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
    state = _session() if state is None else state
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
    state = _session() if state is None else state
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

    @property
    def dirty(self) -> bool:
        return bool(self.history.moves or self.member_pins or self.team_pins)


def _drafts(state: State) -> dict[str, Draft]:
    drafts = state.get(DRAFTS_KEY)
    if not isinstance(drafts, dict):
        drafts = {}
        state[DRAFTS_KEY] = drafts
    return drafts


def draft_for(scenario: Scenario, state: State | None = None) -> Draft:
    """The draft of ``scenario`` (a fresh one if none, or if the name now holds another scenario)."""
    state = _session() if state is None else state
    held = _drafts(state).get(scenario.name)
    if isinstance(held, Draft) and held.created == scenario.created:
        return held
    return Draft(scenario.name, scenario.created)


def save_draft(draft: Draft, state: State | None = None) -> None:
    state = _session() if state is None else state
    _drafts(state)[draft.scenario] = draft
    _autosave(state)


def drop_draft(name: str, state: State | None = None) -> None:
    state = _session() if state is None else state
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
    return replace(scenario.settings, constraints=constraints)


def checked(
    roster: Roster, scenario: Scenario, draft: Draft, lang: str, state: State | None = None
) -> Recheck:
    """The scenario after the draft's moves, re-staffed and re-checked (remembered for the same
    inputs, so reruns that change nothing cost nothing)."""
    state = _session() if state is None else state
    inputs = (
        fingerprint_of(roster),
        scenario.name,
        scenario.created,
        draft.history.moves,
        draft.member_pins,
        draft.team_pins,
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
        ExportFile("members_csv", f"{stem}-members.csv", "text/csv", lambda: members_csv(plan, roster, lang)),
        ExportFile(
            "roster_html",
            f"{stem}-roster.html",
            "text/html",
            lambda: printable_roster_html(plan, roster, lang).encode("utf-8"),
        ),
        ExportFile(
            "bundle", f"workshop{FILE_SUFFIX}", "application/zip", lambda: bundle_bytes(fingerprint, book)
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


_DOT_FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
_MAX_LABEL = 60


def dot_text(value: Any) -> str:
    """Text made safe inside a double-quoted DOT label: one line, backslashes and quotes escaped
    (so no DOT escape such as ``\\l`` or ``\\N`` can come from roster data), length capped."""
    text = " ".join(str(value).split())
    text = "".join(ch for ch in text if ch.isprintable())
    if len(text) > _MAX_LABEL:
        text = text[: _MAX_LABEL - 1] + "…"
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _label(*lines: str) -> str:
    return '"' + "\\n".join(dot_text(line) for line in lines if line) + '"'


def org_chart_dot(
    plan: Plan, roster: Roster, area: str, lang: str, highlight: frozenset[str] | set[str] = frozenset()
) -> str:
    """The area's organisation as a DOT graph: the general branch (when there are several
    branches), each branch with its kind, size and secretary candidate, and its party groups with
    their leaders. Branches breaking a rule get a red border; ``highlight`` ones a yellow fill.
    Every label is plain quoted text (see :func:`dot_text`)."""
    from planner.export import group_labels

    names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    branches = plan.branches[plan.branches["area"] == area]
    groups = (
        plan.groups[plan.groups["area"] == area] if "area" in plan.groups.columns else plan.groups.iloc[0:0]
    )
    labels = group_labels(plan, lang)
    broken = set(plan.violations.loc[plan.violations["area"] == area, "branch_id"].astype(str))

    def person(member_id: Any) -> str:
        mid = str(member_id or "")
        return f"{names.get(mid, '')}（{mid}）" if mid else t("uiw.chart.nobody", lang)

    nodes = len(branches) + len(groups)
    # a wide area reads better left to right
    direction = "LR" if nodes > 12 else "TB"
    lines = [
        "digraph {",
        f'  graph [rankdir={direction}, bgcolor="transparent", nodesep=0.25, ranksep=0.4];',
        f'  node [shape=box, style="rounded,filled", fillcolor="#eef4fb", color="#5b7fa6", '
        f'fontname="{_DOT_FONT}", fontsize=11];',
        '  edge [color="#8aa4c0", arrowsize=0.6];',
    ]
    root = None
    if len(branches) > 1:
        root = "root"
        members = int(plan.assignments["area"].eq(area).sum())
        title = _label(
            t("uiw.chart.general", lang, area=area),
            t("uiw.chart.area_size", lang, members=members, branches=len(branches)),
        )
        lines.append(f'  root [label={title}, fillcolor="#d6e4f5", penwidth=1.5];')
    for i, row in enumerate(branches.to_dict("records")):
        node = f"b{i}"
        bid = str(row["branch_id"])
        style = []
        if bid in broken:
            style.append('color="#c0392b", penwidth=2')
        if bid in highlight:
            style.append('fillcolor="#fff3bf"')
        text = _label(
            str(row["name"]),
            t(
                "uiw.chart.branch_line",
                lang,
                kind=t(f"workshop.kind.{row['kind']}", lang),
                size=int(row["size"]),
            ),
            t("uiw.chart.secretary", lang, who=person(row.get("secretary"))),
            t("uiw.chart.broken", lang) if bid in broken else "",
        )
        extra = (", " + ", ".join(style)) if style else ""
        lines.append(f"  {node} [label={text}{extra}];")
        if root:
            lines.append(f"  {root} -> {node};")
        for j, g in enumerate(groups[groups["branch_id"] == bid].to_dict("records")):
            gnode = f"g{i}_{j}"
            gtext = _label(
                t(
                    "uiw.chart.group_line",
                    lang,
                    group=labels.get(str(g["group_id"]), ""),
                    size=int(g["size"]),
                ),
                t("uiw.chart.leader", lang, who=person(g.get("leader"))),
            )
            lines.append(f'  {gnode} [label={gtext}, shape=ellipse, fillcolor="#f7f9fc"];')
            lines.append(f"  {node} -> {gnode};")
    lines.append("}")
    return "\n".join(lines)


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

    state = _session() if state is None else state
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
    _drop(state, DRAFTS_KEY, SWEEP_KEY, CHECK_MEMO_KEY)
    store_book(book, state)
    return BundleOutcome(file_name, ok=True, restored=len(book))


def handle_bundle_upload(
    upload: tuple[str, bytes] | None, lang: str, state: State | None = None
) -> BundleOutcome | None:
    """Read an uploaded bundle once (a rerun does not read the same content again)."""
    from ui.state import files_signature

    state = _session() if state is None else state
    if upload is None:
        state[BUNDLE_SEEN_KEY] = None
        return None
    signature = files_signature([upload])
    if state.get(BUNDLE_SEEN_KEY) == signature:
        return None
    state[BUNDLE_SEEN_KEY] = signature
    return restore_bundle(upload[0], upload[1], lang, state)


def bundle_outcome(state: State | None = None) -> BundleOutcome | None:
    state = _session() if state is None else state
    held = state.get(BUNDLE_OUTCOME_KEY)
    return held if isinstance(held, BundleOutcome) else None


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
