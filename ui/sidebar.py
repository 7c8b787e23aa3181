"""The sidebar under the page list: language switch, which roster is loaded, privacy note."""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from ui.lang import language_switch
from ui.state import SAMPLE_SOURCE, LoadedRoster, loaded


def source_label(sources: tuple[str, ...], lang: str) -> str:
    """Where a roster came from, in words: the sample or the file names."""
    if sources == (SAMPLE_SOURCE,):
        return t("ui.source.sample", lang)
    return "、".join(sources) if lang == "zh" else ", ".join(sources)


def roster_summary(held: LoadedRoster, lang: str) -> str:
    roster = held.roster
    return t(
        "ui.sidebar.loaded",
        lang,
        members=f"{len(roster.members):,}",
        teams=f"{len(roster.teams):,}",
        areas=roster.members["area"].nunique(),
        source=source_label(held.sources, lang),
    )


def render_sidebar(lang: str) -> None:
    language_switch(lang)
    held = loaded()
    with st.sidebar:
        st.divider()
        if held is None:
            st.caption(t("ui.sidebar.no_roster", lang))
        else:
            # st.text: file names are user input; never let them render as Markdown
            st.text(roster_summary(held, lang))
        st.caption(t("ui.sidebar.privacy", lang))
