"""Widgets several pages share."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from planner.i18n import t
from planner.reader import issues_frame
from planner.schema import Issue
from ui.tables import issues_display


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
    )


def issues_table(issues: Sequence[Issue], lang: str) -> None:
    """The validation report: one row per problem, with room for what it is and what to do."""
    wide = st.column_config.TextColumn(width="large")
    st.dataframe(
        issues_display(issues_frame(list(issues), lang), lang),
        hide_index=True,
        column_config={t("ui.issues.col.problem", lang): wide, t("ui.issues.col.action", lang): wide},
    )
