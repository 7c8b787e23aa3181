"""The page list: one place that names every page, its URL and its translated title.

The workshop pages (Plan, Tweak, Compare, Export) form a second section; the URL paths are
fixed words so a language switch never changes which page is open.

Why the scripts are named ``page_<name>.py`` while the URL path is ``<name>``: a folder called
``pages/`` makes Streamlit start a fresh process (and every AppTest run) in its legacy
multipage mode, which would run ``pages/<url_path>.py`` directly, without this frame (no
sidebar, no language, no error guard). When no legacy page answers the URL path, the legacy
mode runs app.py, whose ``st.navigation`` then picks the right page. Keep the two different.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import Page

from planner.i18n import t
from ui.lang import QUERY_PARAM


@dataclass(frozen=True)
class PageSpec:
    """One page: its script (relative to app.py), URL path, title key, icon and section."""

    script: str
    url_path: str
    title_key: str
    icon: str
    section_key: str
    default: bool = False


_ROSTER = "ui.nav.section.roster"
_WORKSHOP = "uiw.nav.section"
PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/page_home.py", "home", "ui.nav.home", ":material/home:", _ROSTER, default=True),
    PageSpec("pages/page_data.py", "data", "ui.nav.data", ":material/upload_file:", _ROSTER),
    PageSpec("pages/page_statistics.py", "statistics", "ui.nav.statistics", ":material/bar_chart:", _ROSTER),
    PageSpec("pages/page_plan.py", "plan", "uiw.nav.plan", ":material/account_tree:", _WORKSHOP),
    PageSpec("pages/page_tweak.py", "tweak", "uiw.nav.tweak", ":material/edit_note:", _WORKSHOP),
    PageSpec("pages/page_compare.py", "compare", "uiw.nav.compare", ":material/compare_arrows:", _WORKSHOP),
    PageSpec("pages/page_export.py", "export", "uiw.nav.export", ":material/download:", _WORKSHOP),
    PageSpec("pages/page_join.py", "join", "store.nav.share", ":material/share:", _WORKSHOP),
)
#: what a participant (a session from another machine) sees: the join page only
PARTICIPANT_PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/page_join.py", "join", "store.nav.join", ":material/login:", "store.nav.section", default=True
    ),
)


def page_spec(url_path: str) -> PageSpec:
    for spec in PAGES:
        if spec.url_path == url_path:
            return spec
    raise KeyError(url_path)


def build_navigation(lang: str) -> Page:
    """Register the pages (titles in ``lang``) and return the one to run. A participant's session
    gets the join page only: no roster, no list of workshops, nothing to change."""
    from ui.workshop_store import is_facilitator

    sections: dict[str, list[Page]] = {}
    for spec in PAGES if is_facilitator() else PARTICIPANT_PAGES:
        page = st.Page(
            spec.script,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
        sections.setdefault(t(spec.section_key, lang), []).append(page)
    return st.navigation(sections)


def link_to(url_path: str, lang: str, label: str | None = None) -> None:
    """A link to another page that keeps the language in the URL."""
    spec = page_spec(url_path)
    st.page_link(
        spec.script,
        label=label or t(spec.title_key, lang),
        icon=spec.icon,
        query_params={QUERY_PARAM: lang},
    )
