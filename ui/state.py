"""The roster of this browser session, kept in ``st.session_state`` only.

Privacy: no ``st.cache_data``/``st.cache_resource`` on roster data; the roster lives in the
session and, with autosave on, in the workshop store (``planner.store``, owner-only files in
the user's data folder) and nowhere else. A failed load never replaces the roster
already loaded. The functions take the state mapping as an argument (default: the session
state) so tests can drive them with a plain dict.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from planner.reader import read_roster_paths, read_roster_uploads
from planner.sample import COMMUNITY_XLSX, TEMPLATE_XLSX
from planner.schema import Issue, Roster, RosterError

log = logging.getLogger("workbench.ui")

#: the roster in force: a :class:`LoadedRoster`
ROSTER_KEY = "roster.loaded"
#: the outcome of the latest load attempt: a :class:`LoadAttempt`
ATTEMPT_KEY = "roster.attempt"
#: signature of the uploader content already handled, so a rerun does not re-read it
UPLOAD_SEEN_KEY = "roster.upload_seen"
#: widget key of the uploader on the Data page
UPLOAD_WIDGET_KEY = "data.upload"

APP_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = APP_ROOT / "sample_data"
SAMPLE_WORKBOOK = SAMPLE_DIR / COMMUNITY_XLSX
TEMPLATE_WORKBOOK = SAMPLE_DIR / TEMPLATE_XLSX
#: the source name recorded for the sample community
SAMPLE_SOURCE = "sample"

State = MutableMapping[str, Any]
_Held = TypeVar("_Held")


@dataclass(frozen=True)
class LoadedRoster:
    """A roster in force, with where it came from."""

    roster: Roster
    #: the uploaded file names, or ``SAMPLE_SOURCE``
    sources: tuple[str, ...]
    signature: str

    @property
    def is_sample(self) -> bool:
        return self.sources == (SAMPLE_SOURCE,)


@dataclass(frozen=True)
class LoadAttempt:
    """What happened the last time someone tried to load a roster."""

    sources: tuple[str, ...]
    signature: str
    ok: bool
    #: every problem found when the load was refused
    issues: tuple[Issue, ...] = ()
    #: the reader failed in a way we did not foresee (logged; the user sees our message)
    unexpected: bool = False
    #: a roster was already loaded and stayed in force after this attempt failed
    kept_previous: bool = False
    #: the file could not be opened at all (e.g. the sample is missing)
    missing: bool = False

    @property
    def is_sample(self) -> bool:
        return self.sources == (SAMPLE_SOURCE,)


def session_state() -> State:
    """This browser session's state (functions take a ``State`` so tests can pass a plain dict)."""
    return st.session_state  # type: ignore[return-value]


def held_value(key: str, kind: type[_Held], state: State | None = None) -> _Held | None:
    """What the session holds under ``key`` if it is a ``kind``, else None."""
    held = (session_state() if state is None else state).get(key)
    return held if isinstance(held, kind) else None


def drop_keys(state: State, *keys: str) -> None:
    # ``del`` rather than ``pop``: AppTest's session state is a mapping without ``pop``
    for key in keys:
        if key in state:
            del state[key]


def files_signature(files: Sequence[tuple[str, bytes]]) -> str:
    """A content hash of (name, bytes) pairs, independent of their order."""
    digest = hashlib.sha256()
    for name, data in sorted(files, key=lambda pair: pair[0]):
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:20]


def loaded(state: State | None = None) -> LoadedRoster | None:
    state = session_state() if state is None else state
    value = state.get(ROSTER_KEY)
    return value if isinstance(value, LoadedRoster) else None


def current_roster(state: State | None = None) -> Roster | None:
    held = loaded(state)
    return held.roster if held else None


def last_attempt(state: State | None = None) -> LoadAttempt | None:
    state = session_state() if state is None else state
    value = state.get(ATTEMPT_KEY)
    return value if isinstance(value, LoadAttempt) else None


def _record(
    state: State, sources: tuple[str, ...], signature: str, roster: Roster | None, **failure: Any
) -> LoadAttempt:
    if roster is not None:
        # a workshop with scenarios on the old roster is saved and set aside, never dropped
        from ui.workshop_store import roster_replacing

        roster_replacing(roster, state)
        state[ROSTER_KEY] = LoadedRoster(roster=roster, sources=sources, signature=signature)
        attempt = LoadAttempt(sources=sources, signature=signature, ok=True)
    else:
        attempt = LoadAttempt(
            sources=sources, signature=signature, ok=False, kept_previous=loaded(state) is not None, **failure
        )
    state[ATTEMPT_KEY] = attempt
    return attempt


def load_files(files: Sequence[tuple[str, bytes]], state: State | None = None) -> LoadAttempt:
    """Read uploaded (name, bytes) pairs; on success they become the session's roster.

    On any failure the roster already loaded stays in force and the attempt records why.
    """
    state = session_state() if state is None else state
    sources = tuple(name for name, _ in files)
    signature = files_signature(files)
    try:
        roster = read_roster_uploads(files)
    except RosterError as error:
        return _record(state, sources, signature, None, issues=tuple(error.issues))
    except Exception:
        log.exception("reading the upload %s failed unexpectedly", sources)
        return _record(state, sources, signature, None, unexpected=True)
    return _record(state, sources, signature, roster)


def handle_upload(files: Sequence[tuple[str, bytes]], state: State | None = None) -> LoadAttempt | None:
    """Load the uploader's content once: ``None`` when it is empty or was already handled.

    Reruns happen on every click; re-reading the same upload would cost time and could
    overwrite a roster loaded since (e.g. the sample).
    """
    state = session_state() if state is None else state
    if not files:
        state[UPLOAD_SEEN_KEY] = None  # re-adding the same file later reads it again
        return None
    signature = files_signature(files)
    if state.get(UPLOAD_SEEN_KEY) == signature:
        return None
    state[UPLOAD_SEEN_KEY] = signature
    return load_files(files, state)


def load_sample(state: State | None = None, path: Path | None = None) -> LoadAttempt:
    """Load the sample community workbook shipped in ``sample_data/``."""
    state = session_state() if state is None else state
    path = SAMPLE_WORKBOOK if path is None else path
    sources = (SAMPLE_SOURCE,)
    if not path.is_file():
        # our own message (run make sample), not the reader's generic "cannot open"
        log.error("the sample community %s is missing", path)
        return _record(state, sources, SAMPLE_SOURCE, None, missing=True)
    try:
        roster = read_roster_paths([path])
    except RosterError as error:
        return _record(state, sources, SAMPLE_SOURCE, None, issues=tuple(error.issues))
    except Exception:
        log.exception("reading the sample community failed unexpectedly")
        return _record(state, sources, SAMPLE_SOURCE, None, unexpected=True)
    return _record(state, sources, SAMPLE_SOURCE, roster)


def template_bytes() -> bytes:
    """The blank roster template (not roster data: reading it on click is fine)."""
    return TEMPLATE_WORKBOOK.read_bytes()


def session_memo(key: str, inputs: tuple[Any, ...], state: State | None = None) -> Any | None:
    """A per-session memo: the value stored under ``key`` if it was computed from ``inputs``.

    Derived results (statistics, later plans) stay in this session, never in a shared cache.
    """
    state = session_state() if state is None else state
    held = state.get(key)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == inputs:
        return held[1]
    return None


def remember(key: str, inputs: tuple[Any, ...], value: Any, state: State | None = None) -> None:
    state = session_state() if state is None else state
    state[key] = (inputs, value)
