"""The session's side of the workshop store: autosave, resume, set-aside workshops, bundle prompts,
who is the facilitator, join codes.

The facilitator is a session from the machine itself (``st.context.ip_address`` is None for a
loopback client, and in AppTest) or from an address listed in ``WORKBENCH_FACILITATOR_ADDRESSES``
(default ``127.0.0.1,::1``). Only facilitator sessions read the list of workshops or write to
the store; a participant sees only a workshop it joined with its code, read-only.

Every change that matters reaches :func:`autosave` through the few functions that change the
session's workshop (``ui.scenarios.store_book``, ``save_draft``, ``drop_draft``); it saves only
when the book or the drafts changed since the last save. Functions take the state mapping as an
argument (default: the session state) so tests can drive them with a plain dict.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from planner.bundle import decode_value, encode_value
from planner.config import StoreLimits
from planner.edits import Designate, Edit, EditHistory, Move
from planner.scenario import ScenarioBook
from planner.schema import Roster
from planner.settings import Constraints, MemberPin, TeamPin
from planner.store import SaveCache, StoreError, WorkshopStore
from ui.state import (
    ATTEMPT_KEY,
    ROSTER_KEY,
    LoadedRoster,
    State,
    drop_keys,
    held_value,
    loaded,
    session_state,
)

log = logging.getLogger("workbench.store")

AUTOSAVE_ENV = "WORKBENCH_AUTOSAVE"
FACILITATOR_ENV = "WORKBENCH_FACILITATOR_ADDRESSES"
DEFAULT_FACILITATORS = frozenset({"127.0.0.1", "::1"})
LIMITS = StoreLimits()

#: session-state keys
WORKSHOP_KEY = "store.workshop_id"
SAVED_KEY = "store.saved"
SAVED_OF_KEY = "store.saved_of"
CACHE_KEY = "store.cache"
ERROR_KEY = "store.error"
PREVIOUS_KEY = "store.previous"
NOTICE_KEY = "store.notice"
PENDING_BUNDLE_KEY = "store.pending_bundle"
JOINED_KEY = "store.joined"


# --- settings from the environment ---------------------------------------------------------------


def autosave_enabled(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get(AUTOSAVE_ENV, "1").strip() != "0"


def open_store() -> WorkshopStore:
    """The store in ``WORKBENCH_DATA_DIR`` (read on every call: tests point it elsewhere)."""
    return WorkshopStore()


def facilitator_addresses(env: Mapping[str, str] | None = None) -> frozenset[str]:
    env = os.environ if env is None else env
    given = env.get(FACILITATOR_ENV, "").replace(",", " ").split()
    return frozenset(given) if given else DEFAULT_FACILITATORS


def client_address() -> str:
    """The client's address. Streamlit gives None for a loopback client (127.0.0.1 or ::1), and
    AppTest has no real client (a mock): both are this machine."""
    try:
        address = st.context.ip_address
    except Exception:  # no script run context (a bare-mode call)
        address = None
    return address if isinstance(address, str) and address else "127.0.0.1"


def is_facilitator(env: Mapping[str, str] | None = None) -> bool:
    return client_address() in facilitator_addresses(env)


# --- Tweak drafts as stored ``extra`` --------------------------------------------------------------


def drafts_extra(drafts: Mapping[str, Any]) -> dict[str, Any]:
    """The Tweak drafts as JSON-able data (kept in the saved version's ``extra``)."""
    from ui.scenarios import Draft

    out = []
    for draft in drafts.values():
        if not isinstance(draft, Draft) or (not draft.dirty and not draft.history.future):
            continue
        out.append(
            {
                "scenario": draft.scenario,
                "created": draft.created,
                "past": [[_edit_json(e) for e in step] for step in draft.history.past],
                "future": [[_edit_json(e) for e in step] for step in draft.history.future],
                "member_pins": [[p.member_id, p.team_id] for p in draft.member_pins],
                "team_pins": [[p.area, p.team_id, p.mode.value] for p in draft.team_pins],
                "pairs": encode_value(draft.pairs),
            }
        )
    return {"drafts": out}


def _edit_json(edit: Edit) -> Any:
    """A move as ``[member_id, to_branch_id]``, a designation as ``{"designate": [ids]}``."""
    if isinstance(edit, Designate):
        return {"designate": list(edit.member_ids)}
    return [edit.member_id, edit.to_branch_id]


def _edit(data: Any, where: str) -> Edit:
    if isinstance(data, dict):
        return Designate(decode_value(tuple[str, ...], data.get("designate"), where))
    return Move(*decode_value(tuple[str, str], data, where))


def _steps(data: Any, where: str) -> tuple[tuple[Edit, ...], ...]:
    from planner.bundle import _Malformed

    if not isinstance(data, list) or not all(isinstance(step, list) for step in data):
        raise _Malformed(where)
    return tuple(tuple(_edit(e, where) for e in step) for step in data)


def drafts_from_extra(extra: Any, book: ScenarioBook, roster: Roster) -> dict[str, Any]:
    """The drafts a saved version holds, each checked against the book and the roster; a draft
    that does not fit (unknown scenario, member, branch or team) is dropped and logged."""
    from planner.bundle import _Malformed
    from ui.scenarios import Draft

    out: dict[str, Any] = {}
    items = extra.get("drafts") if isinstance(extra, dict) else None
    if not isinstance(items, list):
        return out
    members = set(roster.members["member_id"].astype(str))
    area_of = dict(
        zip(roster.members["member_id"].astype(str), roster.members["area"].astype(str), strict=True)
    )
    teams = set(zip(roster.teams["area"].astype(str), roster.teams["team_id"].astype(str), strict=True))
    for i, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise _Malformed(f"drafts[{i}]")
            name = decode_value(str, item.get("scenario"), "scenario")
            created = decode_value(int, item.get("created"), "created")
            history = EditHistory(_steps(item.get("past"), "past"), _steps(item.get("future"), "future"))
            member_pins = tuple(
                MemberPin(*p)
                for p in decode_value(tuple[tuple[str, str | None], ...], item.get("member_pins"), "p")
            )
            team_pins = tuple(
                decode_value(TeamPin, {"area": a, "team_id": b, "mode": c}, "t")
                for a, b, c in decode_value(tuple[tuple[str, str, str], ...], item.get("team_pins"), "t")
            )
            pairs = decode_value(Constraints, item.get("pairs", {}), "pairs")
        except (_Malformed, TypeError, ValueError):
            log.warning("a saved Tweak draft (#%d) is malformed and was dropped", i)
            continue
        if name not in book or book.get(name).created != created:
            continue
        plan = book.get(name).plan
        branches = set(plan.branches["branch_id"].astype(str))
        edits = [e for step in history.past + history.future for e in step]
        moves = [e for e in edits if isinstance(e, Move)]
        designated = [x for e in edits if isinstance(e, Designate) for x in e.member_ids]
        paired = [x for p in (*pairs.members_together, *pairs.members_apart) for x in p]
        fits = (
            all(m.member_id in members for m in moves)
            and all(
                m.to_branch_id in branches
                or m.to_branch_id.startswith(area_of[m.member_id] + "/comprehensive")
                for m in moves
            )
            and all(p.member_id in members for p in member_pins)
            and all(x in members for x in (*designated, *paired))
            and all((p.area, p.team_id) in teams for p in team_pins)
        )
        if not fits:
            log.warning("a saved Tweak draft of %r names unknown members, branches or teams: dropped", name)
            continue
        out[name] = Draft(name, created, history, member_pins, team_pins, pairs)
    return out


# --- autosave ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    at: float
    version: int


def _drafts_of(state: State) -> dict[str, Any]:
    from ui.scenarios import DRAFTS_KEY

    drafts = state.get(DRAFTS_KEY)
    return dict(drafts) if isinstance(drafts, dict) else {}


def _snapshot(book: ScenarioBook, drafts: Mapping[str, Any]) -> tuple[Any, ...]:
    # values are immutable: the same objects mean nothing changed
    return (tuple(id(s) for s in book), tuple(sorted((k, v) for k, v in drafts.items() if v is not None)))


def autosave(state: State | None = None, lang: str | None = None) -> Saved | None:
    """Save the session's workshop if it changed since the last save (a new workshop on the
    first change worth keeping). Never raises: a failure is kept for the sidebar to show."""
    state = session_state() if state is None else state
    if not autosave_enabled() or not is_facilitator():
        return None
    held = loaded(state)
    if held is None:
        return None
    from ui.scenarios import current_book

    book = current_book(state)
    drafts = _drafts_of(state)
    snapshot = _snapshot(book, drafts)
    if state.get(SAVED_OF_KEY) == snapshot:
        return None
    workshop_id = state.get(WORKSHOP_KEY)
    if workshop_id is None and not len(book):
        return None  # nothing worth keeping yet
    if lang is None:
        from ui.lang import current_language

        lang = current_language()
    cache = state.get(CACHE_KEY)
    if not isinstance(cache, SaveCache):
        cache = SaveCache()
        state[CACHE_KEY] = cache
    store = open_store()
    try:
        if workshop_id is None:
            workshop_id = store.create_workshop(
                held.roster,
                held.sources,
                "",  # unnamed: WorkshopInfo.title names it in each language
            ).workshop_id
            state[WORKSHOP_KEY] = workshop_id
        version = store.save(workshop_id, book, drafts_extra(drafts), cache)
    except StoreError as error:
        log.warning("autosave failed: %s", error)
        state[ERROR_KEY] = error
        return None
    except Exception:
        log.exception("autosave failed unexpectedly")
        state[ERROR_KEY] = StoreError("store.error.unreadable", path=store.path, detail="?")
        return None
    saved = Saved(time.time(), version)
    state[SAVED_KEY] = saved
    state[SAVED_OF_KEY] = snapshot
    drop_keys(state, ERROR_KEY)
    return saved


def last_saved(state: State | None = None) -> Saved | None:
    return held_value(SAVED_KEY, Saved, state)


def save_error(state: State | None = None) -> StoreError | None:
    return held_value(ERROR_KEY, StoreError, state)


def current_workshop_id(state: State | None = None) -> str | None:
    state = session_state() if state is None else state
    value = state.get(WORKSHOP_KEY)
    return value if isinstance(value, str) else None


# --- setting a workshop aside, and going back to it -------------------------------------------------


@dataclass(frozen=True, eq=False)
class SetAside:
    """The workshop a session left (another roster, a bundle opened as new, a resume): kept in
    this session so "go back" restores it exactly, and in the store when autosave is on."""

    held: LoadedRoster
    book: ScenarioBook
    drafts: dict[str, Any]
    workshop_id: str | None
    scenarios: int


@dataclass(frozen=True)
class Notice:
    """What the Data and Home pages tell after a workshop was set aside."""

    kind: str  # "new_roster", "new_bundle", "resumed"
    scenarios: int


def _workshop_keys() -> tuple[str, ...]:
    from ui.scenarios import BOOK_KEY, BUNDLE_OUTCOME_KEY, CHECK_MEMO_KEY, DRAFTS_KEY, SWEEP_KEY

    return (BOOK_KEY, DRAFTS_KEY, SWEEP_KEY, CHECK_MEMO_KEY, BUNDLE_OUTCOME_KEY)


def _detach(state: State) -> None:
    """The session's next change starts a new workshop."""
    drop_keys(state, WORKSHOP_KEY, SAVED_KEY, SAVED_OF_KEY, ERROR_KEY)


def set_aside(state: State, kind: str) -> SetAside | None:
    """Save and set aside the session's workshop if it holds work; the session then starts a
    new one. Returns what was set aside (None when there was nothing worth keeping)."""
    from ui.scenarios import current_book

    held = loaded(state)
    if held is None:
        return None
    book = current_book(state)
    drafts = _drafts_of(state)
    if not len(book) and not any(getattr(d, "dirty", False) for d in drafts.values()):
        _detach(state)
        return None
    autosave(state)
    aside = SetAside(held, book, drafts, current_workshop_id(state), len(book))
    state[PREVIOUS_KEY] = aside
    state[NOTICE_KEY] = Notice(kind, len(book))
    drop_keys(state, *_workshop_keys())
    _detach(state)
    return aside


def roster_replacing(new_roster: Roster, state: State) -> None:
    """Called before another roster becomes the session's: a workshop with scenarios on the
    old roster is kept (saved, set aside); the new roster starts a new workshop."""
    from ui.scenarios import fingerprint_of

    held = loaded(state)
    if held is None:
        _detach(state)
        return
    if fingerprint_of(held.roster) == fingerprint_of(new_roster):
        return  # the same roster again: the workshop goes on
    set_aside(state, "new_roster")


def previous(state: State | None = None) -> SetAside | None:
    return held_value(PREVIOUS_KEY, SetAside, state)


def notice(state: State | None = None) -> Notice | None:
    return held_value(NOTICE_KEY, Notice, state)


def _install(state: State, held: LoadedRoster, book: ScenarioBook, drafts: dict[str, Any]) -> None:
    from ui.scenarios import BOOK_KEY, DRAFTS_KEY, HeldBook, fingerprint_of

    drop_keys(state, *_workshop_keys(), ATTEMPT_KEY, PENDING_BUNDLE_KEY)
    state[ROSTER_KEY] = held
    state[BOOK_KEY] = HeldBook(fingerprint_of(held.roster), book)
    state[DRAFTS_KEY] = dict(drafts)


def go_back(state: State | None = None) -> bool:
    """Swap back to the workshop set aside (the current one is set aside in its place)."""
    state = session_state() if state is None else state
    aside = previous(state)
    if aside is None:
        return False
    drop_keys(state, PREVIOUS_KEY, NOTICE_KEY)
    set_aside(state, "resumed")
    drop_keys(state, NOTICE_KEY)
    _install(state, aside.held, aside.book, aside.drafts)
    if aside.workshop_id is not None:
        state[WORKSHOP_KEY] = aside.workshop_id
    state[SAVED_OF_KEY] = _snapshot(aside.book, aside.drafts)
    autosave(state)
    return True


def continue_workshop(workshop_id: str, lang: str, state: State | None = None) -> StoreError | None:
    """Make a saved workshop the session's, exactly as last saved (roster, scenarios with their
    parents, Tweak drafts). The session's own work, if any, is set aside first. Returns the
    store's error when the saved workshop cannot be restored (then nothing changed)."""
    state = session_state() if state is None else state
    if not is_facilitator():
        return StoreError("store.error.unknown", workshop=workshop_id)
    try:
        saved = open_store().load(workshop_id, lang)
    except StoreError as error:
        return error
    if current_workshop_id(state) != workshop_id:
        set_aside(state, "resumed")
        drop_keys(state, NOTICE_KEY)
    drafts = drafts_from_extra(saved.extra, saved.book, saved.roster)
    held = LoadedRoster(saved.roster, saved.info.sources or ("?",), f"store:{workshop_id}")
    _install(state, held, saved.book, drafts)
    state[WORKSHOP_KEY] = workshop_id
    state[SAVED_KEY] = Saved(saved.info.saved, saved.version)
    state[SAVED_OF_KEY] = _snapshot(saved.book, drafts)
    return None


def forget_session_workshop(state: State | None = None) -> None:
    """After the session's own workshop was deleted from the store: its data leaves the session."""
    state = session_state() if state is None else state
    drop_keys(state, *_workshop_keys(), ROSTER_KEY, ATTEMPT_KEY, PREVIOUS_KEY, NOTICE_KEY)
    _detach(state)


def restore_version(
    workshop_id: str, version: int, lang: str, state: State | None = None
) -> StoreError | None:
    """Put an earlier version's scenarios back as the session's (saved as a new version: the
    versions in between stay)."""
    state = session_state() if state is None else state
    try:
        saved = open_store().load(workshop_id, lang, version=version)
    except StoreError as error:
        return error
    from ui.scenarios import store_book

    drop_keys(state, *_workshop_keys()[1:])
    store_book(saved.book, state)
    return None


def restore_trashed(workshop_id: str, key: int, lang: str, state: State | None = None) -> StoreError | str:
    """Add a deleted scenario back to the book; returns the name it got, or the error."""
    state = session_state() if state is None else state
    held = loaded(state)
    if held is None:
        return StoreError("store.error.no_trash")
    try:
        scenario = open_store().trashed_scenario(workshop_id, key, held.roster, lang)
    except StoreError as error:
        return error
    from ui.scenarios import add_scenario

    return add_scenario(scenario, state)


# --- a bundle opened while the workshop has scenarios --------------------------------------------------


@dataclass(frozen=True, eq=False)
class PendingBundle:
    file_name: str
    book: ScenarioBook


def pending_bundle(state: State | None = None) -> PendingBundle | None:
    return held_value(PENDING_BUNDLE_KEY, PendingBundle, state)


def merged_books(book: ScenarioBook, added: ScenarioBook) -> tuple[ScenarioBook, dict[str, str]]:
    """``added``'s scenarios appended to ``book`` (names made unique, parent links following
    the new names); returns the book and {name in the bundle: name kept}."""
    names: dict[str, str] = {}
    for scenario in added:
        book = book.add(replace(scenario, parent=None))
        names[scenario.name] = book.scenarios[-1].name
    for scenario in added:
        if scenario.parent in names:
            kept = book.get(names[scenario.name])
            book = book.replace_scenario(replace(kept, parent=names[scenario.parent]))
    return book, names


def add_pending_bundle(state: State | None = None) -> int:
    """Add the waiting bundle's scenarios to this workshop; returns how many."""
    from ui.scenarios import current_book, store_book

    state = session_state() if state is None else state
    pending = pending_bundle(state)
    if pending is None:
        return 0
    drop_keys(state, PENDING_BUNDLE_KEY)
    book, names = merged_books(current_book(state), pending.book)
    store_book(book, state)
    return len(names)


def open_pending_bundle_as_new(state: State | None = None) -> int:
    """Set this workshop aside and open the waiting bundle as a new workshop."""
    from ui.scenarios import store_book

    state = session_state() if state is None else state
    pending = pending_bundle(state)
    if pending is None:
        return 0
    drop_keys(state, PENDING_BUNDLE_KEY)
    set_aside(state, "new_bundle")
    store_book(pending.book, state)
    return len(pending.book)


def drop_pending_bundle(state: State | None = None) -> None:
    state = session_state() if state is None else state
    drop_keys(state, PENDING_BUNDLE_KEY)


# --- join codes ---------------------------------------------------------------------------------------


class CodeLimiter:
    """Wrong join codes per client address: at most ``attempts`` in ``window`` seconds."""

    def __init__(self, attempts: int = LIMITS.code_attempts, window: float = LIMITS.code_window_seconds):
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(address, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def wait_seconds(self, address: str, now: float | None = None) -> float:
        """0 when the address may try a code, else how long it must wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._recent(address, now)
            if len(failures) < self.attempts:
                return 0.0
            return max(0.0, self.window - (now - failures[0]))

    def failed(self, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(address, now).append(now)


#: one limiter per server process: a participant cannot dodge it with a new tab
CODE_LIMITER = CodeLimiter()


@dataclass(frozen=True)
class JoinResult:
    workshop_id: str | None = None
    wait: float = 0.0
    wrong: bool = False


def join_with_code(code: str, state: State | None = None, limiter: CodeLimiter | None = None) -> JoinResult:
    state = session_state() if state is None else state
    limiter = CODE_LIMITER if limiter is None else limiter
    address = client_address()
    wait = limiter.wait_seconds(address)
    if wait > 0:
        return JoinResult(wait=wait)
    try:
        info = open_store().by_code(code)
    except StoreError:
        info = None
    if info is None:
        limiter.failed(address)
        return JoinResult(wrong=True)
    state[JOINED_KEY] = info.join_code
    return JoinResult(workshop_id=info.workshop_id)


def joined_workshop(state: State | None = None) -> str | None:
    """The workshop this participant joined, while its code still opens it (the facilitator
    can stop sharing, or delete the workshop, at any time)."""
    state = session_state() if state is None else state
    code = state.get(JOINED_KEY)
    if not isinstance(code, str):
        return None
    try:
        info = open_store().by_code(code)
    except StoreError:
        return None
    return info.workshop_id if info is not None else None


def leave_workshop(state: State | None = None) -> None:
    state = session_state() if state is None else state
    drop_keys(state, JOINED_KEY)
