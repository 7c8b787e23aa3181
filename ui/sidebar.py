"""The sidebar under the page list: language switch, which roster is loaded, the workshop's
scenarios and running jobs, privacy note.

It runs on every page before the page itself, so it is also where finished background jobs are
collected (ui.scenarios.collect): a plan that finishes while the user is on another page is kept
all the same.
"""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from ui.jobs import Job, all_jobs, poll_while_running
from ui.lang import language_switch
from ui.scenarios import collect, current_book, job_counts
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


def roster_warning_count(held: LoadedRoster, lang: str) -> None:
    """How many warnings the loaded roster has, so they are looked at before planning."""
    count = len(held.roster.warnings)
    if count:
        st.caption(t("reader_gate.ui.sidebar_warnings", lang, count=count))


def _job_line(job: Job, lang: str) -> None:
    done, total = job_counts(job)
    st.caption(t(f"uiw.sidebar.job.{job.slot}", lang, done=done, total=total or "…"))


def workshop_status(lang: str) -> None:
    """How many scenarios the session holds, and a live line per running job."""
    book = current_book()
    if len(book):
        st.caption(t("uiw.sidebar.scenarios", lang, count=len(book)))
    for job in all_jobs():
        if job.running:
            poll_while_running(job.slot, lambda j: _job_line(j, lang), lang)


def render_sidebar(lang: str) -> None:
    language_switch(lang)
    collect()
    held = loaded()
    with st.sidebar:
        st.divider()
        if held is None:
            st.caption(t("ui.sidebar.no_roster", lang))
        else:
            # st.text: file names are user input; never let them render as Markdown
            st.text(roster_summary(held, lang))
            roster_warning_count(held, lang)
            workshop_status(lang)
        st.caption(t("ui.sidebar.privacy", lang))
