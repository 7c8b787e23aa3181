"""The sidebar under the page list: language switch, which roster is loaded, the workshop's
scenarios and running jobs, when the workshop was last saved, privacy note.

It runs on every page before the page itself, so it is also where finished background jobs are
collected (ui.scenarios.collect): a plan that finishes while the user is on another page is kept
all the same.
"""

from __future__ import annotations

import time

import streamlit as st

from planner.i18n import t
from ui.jobs import Job, all_jobs, poll_while_running
from ui.lang import language_switch
from ui.scenarios import collect, current_book, job_counts
from ui.state import SAMPLE_SOURCE, LoadedRoster, loaded
from ui.text import md_escape


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


def save_status(lang: str) -> None:
    """When the workshop was last saved, or that closing the page loses it (autosave off)."""
    from ui.workshop_store import autosave_enabled, last_saved, save_error

    if not autosave_enabled():
        st.warning(t("store.sidebar.autosave_off", lang), icon=":material/cloud_off:")
        return
    error = save_error()
    if error is not None:
        st.error(t("store.sidebar.save_failed", lang, message=error.message(lang)), icon=":material/error:")
    saved = last_saved()
    if saved is not None:
        stamp = time.strftime("%H:%M:%S", time.localtime(saved.at))
        st.caption(t("store.sidebar.saved", lang, time=stamp, version=saved.version))
    else:
        st.caption(t("store.sidebar.not_yet", lang))


def privacy_note(lang: str) -> None:
    from ui.workshop_store import autosave_enabled, open_store

    if autosave_enabled():
        st.caption(t("store.privacy.sidebar", lang, path=md_escape(str(open_store().path))))
    else:
        st.caption(t("store.privacy.memory", lang))


def render_sidebar(lang: str) -> None:
    from ui.workshop_store import is_facilitator

    language_switch(lang)
    if not is_facilitator():
        with st.sidebar:
            st.divider()
            st.caption(t("store.sidebar.participant", lang))
        return
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
            save_status(lang)
        privacy_note(lang)
