"""Home: what the workbench does and what to do first."""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from ui.lang import current_language
from ui.nav import link_to
from ui.state import loaded


def render(lang: str) -> None:
    st.title(t("ui.home.title", lang))
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
    st.caption(t("ui.home.privacy", lang))


render(current_language())
