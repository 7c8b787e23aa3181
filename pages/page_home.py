"""Home: what the workbench does, what to do first, and the saved workshops to continue."""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from ui.lang import current_language
from ui.nav import link_to
from ui.state import loaded
from ui.text import md_escape
from ui.workshop_panels import saved_workshops, set_aside_notice, show_feedback
from ui.workshop_store import autosave_enabled, open_store


def render(lang: str) -> None:
    st.title(t("ui.home.title", lang))
    show_feedback()
    set_aside_notice(lang, "home")
    if loaded() is None:
        # after a reload: the saved work first, before the introduction
        saved_workshops(lang, "home")
    st.markdown(t("ui.home.story", lang))
    st.subheader(t("ui.home.first_steps", lang))
    st.markdown(t("ui.home.steps", lang))
    if loaded() is None:
        st.info(t("ui.home.empty", lang), icon=":material/arrow_forward:")
        link_to("data", lang, t("ui.home.go_data", lang))
    else:
        st.success(t("ui.home.ready", lang), icon=":material/check_circle:")
        link_to("statistics", lang, t("ui.home.go_statistics", lang))
        link_to("data", lang, t("ui.home.go_data_again", lang))
        saved_workshops(lang, "home")
    privacy(lang)


def privacy(lang: str) -> None:
    """Where the data is kept and how to delete it (or that nothing is kept, autosave off)."""
    if autosave_enabled():
        st.caption(t("store.privacy.home", lang, path=md_escape(str(open_store().path))))
    else:
        st.caption(t("store.privacy.home_memory", lang))


render(current_language())
