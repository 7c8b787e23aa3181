"""The session's language: from the URL (``?lang=zh``), else the session, else the browser.

The URL wins so a shared or bookmarked link opens in its language; the session keeps the
choice when page navigation drops the query string, and every run writes it back to the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from planner.config import LANGUAGES
from planner.i18n import normalise_language, t

#: session-state key of the language in force
LANG_KEY = "ui.lang"
#: the query parameter that carries it
QUERY_PARAM = "lang"
#: key of the sidebar switch widget
SWITCH_KEY = "ui.lang.switch"
#: session-state key of the widget keys whose shown value is in the language (see lang_bound)
BOUND_KEY = "ui.lang.bound"


def choose_language(query: Mapping[str, Any], state: Mapping[str, Any], locale: str | None) -> str:
    """Pure rule: a valid ``?lang=`` first, then the session's language, then the locale."""
    asked = query.get(QUERY_PARAM)
    if isinstance(asked, list):  # a repeated parameter: the last one wins, like st.query_params
        asked = asked[-1] if asked else None
    if isinstance(asked, str) and asked.strip().lower() in LANGUAGES:
        return asked.strip().lower()
    kept = state.get(LANG_KEY)
    if isinstance(kept, str) and kept in LANGUAGES:
        return kept
    return normalise_language(locale)


def resolve_language() -> str:
    """Decide this run's language, remember it in the session and mirror it in the URL."""
    kept = {LANG_KEY: st.session_state.get(LANG_KEY)}
    lang = choose_language(st.query_params.to_dict(), kept, st.context.locale)
    st.session_state[LANG_KEY] = lang
    if st.query_params.get(QUERY_PARAM) != lang:
        st.query_params[QUERY_PARAM] = lang
    return lang


def current_language() -> str:
    """The language resolved by the frame for this run (pages call this)."""
    kept = st.session_state.get(LANG_KEY)
    return kept if isinstance(kept, str) and kept in LANGUAGES else normalise_language(st.context.locale)


def lang_bound(*keys: str) -> None:
    """Mark select boxes (and radios) whose options are shown in words of the language: after a
    switch their value is handed to the browser again, which then shows it in the new language
    (the browser otherwise keeps the old words until the page is left)."""
    held = st.session_state.get(BOUND_KEY)
    bound = set(held) if isinstance(held, (set, frozenset, list, tuple)) else set()
    if not bound.issuperset(keys):
        st.session_state[BOUND_KEY] = frozenset(bound | set(keys))


def refresh_bound(state: Any) -> None:
    """Hand every language-bound widget's value back to the browser (a value set from the
    session is sent with the widget on the next run)."""
    held = state.get(BOUND_KEY)
    for key in held if isinstance(held, (set, frozenset, list, tuple)) else ():
        if key in state:
            state[key] = state[key]


def _switched() -> None:
    # Runs before the script: the URL and the session change together, so the next
    # resolve_language() agrees with the switch.
    chosen = st.session_state.get(SWITCH_KEY)
    if isinstance(chosen, str) and chosen in LANGUAGES:
        st.session_state[LANG_KEY] = chosen
        st.query_params[QUERY_PARAM] = chosen
        refresh_bound(st.session_state)


def language_switch(lang: str) -> None:
    """The sidebar switch; its label is bilingual so either reader can find it."""
    st.session_state[SWITCH_KEY] = lang
    st.sidebar.segmented_control(
        t("ui.lang.label", lang),
        options=list(LANGUAGES),
        format_func=lambda code: t(f"ui.lang.name.{code}", lang),
        key=SWITCH_KEY,
        required=True,
        on_change=_switched,
    )
