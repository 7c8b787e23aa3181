"""Widgets several pages share."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

import streamlit as st

from planner.i18n import t
from planner.reader import issues_frame
from planner.schema import Issue
from ui.tables import issues_display

#: rows of a problem table tall enough for three wrapped lines (Streamlit wraps text above 4rem)
WRAPPING_ROW_HEIGHT = 84


def area_filter(areas: Sequence[str], key: str, lang: str) -> list[str]:
    """Choose areas (none chosen = all). A choice left from an earlier roster is dropped
    first, so loading another roster never leaves the widget holding unknown areas."""
    kept = st.session_state.get(key)
    if isinstance(kept, list):
        valid = [area for area in kept if area in set(areas)]
        if valid != kept:
            st.session_state[key] = valid
    return st.multiselect(
        t("ui.filter.areas", lang),
        options=list(areas),
        key=key,
        placeholder=t("ui.filter.all_areas", lang),
        select_all=False,  # Streamlit's "Select all" has no translation; choosing none means all
    )


def issues_table(issues: Sequence[Issue], lang: str) -> None:
    """The validation report: one row per problem, with room for what it is and what to do."""
    problems_table(issues_display(issues_frame(list(issues), lang), lang), lang)


def problems_table(frame: Any, lang: str) -> None:
    """A problem table (issues_display's headers) whose long texts wrap instead of being cut."""
    wide = st.column_config.TextColumn(width="large")
    narrow = st.column_config.TextColumn(width="small")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        row_height=WRAPPING_ROW_HEIGHT,
        column_config={
            t("ui.issues.col.problem", lang): wide,
            t("ui.issues.col.action", lang): wide,
            t("ui.issues.col.row", lang): narrow,
            t("ui.issues.col.severity", lang): narrow,
        },
    )


# --- scrolling to a part of the page -----------------------------------------------------------

#: session key: the anchor the next run of a page should scroll to (see request_scroll)
SCROLL_KEY = "ui.scroll_to"
_ANCHOR = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
#: a fixed script (no user text, no outside request): find the anchor's container, scroll to it
_SCROLL_SCRIPT = """<script>
/* {nonce} */
const doc = window.parent.document;
let tries = 0;
function go() {{
  const el = doc.querySelector(".st-key-{anchor}");
  if (el) {{ el.scrollIntoView({{block: "start"}}); }}
  else if (tries++ < 60) {{ setTimeout(go, 50); }}
}}
setTimeout(go, 100);
</script>"""


def anchor(name: str) -> Any:
    """A container the page can scroll to (Streamlit marks it with the class ``st-key-<name>``)."""
    if not _ANCHOR.match(name):
        raise ValueError(name)
    return st.container(key=name)


def request_scroll(name: str) -> None:
    """Ask the next run of the page to scroll to the anchor ``name`` (callbacks may call it)."""
    st.session_state[SCROLL_KEY] = name


def scroll_if_requested(*names: str) -> str | None:
    """Scroll to the anchor requested (when it is one of ``names``, the page's own); returns it."""
    wanted = st.session_state.get(SCROLL_KEY)
    if wanted not in names or not isinstance(wanted, str):
        return None
    del st.session_state[SCROLL_KEY]
    nonce = secrets.token_hex(4)  # a new script each time: the same one would not run again
    # st.iframe runs the fixed script same-origin (it never carries user text)
    st.iframe(_SCROLL_SCRIPT.format(anchor=wanted, nonce=nonce), height=1)
    return wanted
