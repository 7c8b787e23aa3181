"""Join / Share: participants enter a join code and follow the workshop read-only; the facilitator
shares the session's workshop and sees what the participants see."""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from ui.lang import current_language
from ui.participants import read_only_view
from ui.workshop_panels import share_panel
from ui.workshop_store import (
    current_workshop_id,
    is_facilitator,
    join_with_code,
    joined_workshop,
    leave_workshop,
)

CODE_KEY = "join.code"


def join_form(lang: str) -> None:
    with st.form("join.form", border=True):
        code = st.text_input(t("store.join.code", lang), key=CODE_KEY, max_chars=16)
        submitted = st.form_submit_button(
            t("store.join.button", lang), icon=":material/login:", type="primary"
        )
    if not submitted:
        return
    outcome = join_with_code(str(code or ""))
    if outcome.wait > 0:
        st.error(t("store.join.wait", lang, seconds=f"{outcome.wait:.0f}"), icon=":material/timer:")
    elif outcome.wrong:
        st.error(t("store.join.wrong", lang), icon=":material/block:")
    else:
        st.rerun()


def participant(lang: str) -> None:
    st.title(t("store.join.title", lang))
    workshop_id = joined_workshop()
    if workshop_id is None:
        st.markdown(t("store.join.intro", lang))
        join_form(lang)
        return
    read_only_view(workshop_id, lang)
    st.button(
        t("store.join.leave", lang), key="join.leave", icon=":material/logout:", on_click=leave_workshop
    )


def facilitator(lang: str) -> None:
    st.title(t("store.share.page_title", lang))
    share_panel(lang)
    workshop_id = current_workshop_id()
    if workshop_id is not None:
        st.divider()
        st.subheader(t("store.share.preview", lang))
        read_only_view(workshop_id, lang)


def render(lang: str) -> None:
    if is_facilitator():
        facilitator(lang)
    else:
        participant(lang)


render(current_language())
