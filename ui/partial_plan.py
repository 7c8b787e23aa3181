"""A cancelled plan's finished areas (issue 10): the Plan page offers to keep them as a partial
scenario or to drop them. The planner raises ``PlanCancelled`` at once on a cancel; the job keeps
its ``partial`` run, and the areas are assembled (staffed, checked) only if the user keeps them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.i18n import t
from planner.scenario import Scenario
from ui.jobs import Job, JobState
from ui.scenarios import PlanMeta, add_scenario, fingerprint_of
from ui.state import loaded
from ui.text import md_escape

#: session key: job id -> ("kept", scenario name) or ("dropped", "")
DECIDED_KEY = "plan.partial_decided"
#: the Plan page's key of the scenario to show on its next run (pages.page_plan.NEXT_VIEW_KEY)
NEXT_VIEW_KEY = "plan.view_next"


def _partial_of(job: Job | None) -> Any:
    """The partial run of a cancelled plan (not a re-plan: that one is all or nothing), or None."""
    if job is None or job.state is not JobState.CANCELLED or job.partial is None:
        return None
    meta = job.meta
    if not isinstance(meta, PlanMeta) or meta.parent is not None:
        return None
    return job.partial


def partial_result(job: Job | None, lang: str) -> bool:
    """A cancelled plan with finished areas: how many, and Keep / Drop for them (then what was
    chosen). True when it has shown the job's outcome; False leaves that to ``job_outcome``."""
    if job is None:
        return False
    decided: dict[str, tuple[str, str]] = st.session_state.setdefault(DECIDED_KEY, {})
    if job.id in decided:
        choice, name = decided[job.id]
        if choice == "kept":
            st.success(t("security.partial.kept", lang, name=md_escape(name)), icon=":material/check_circle:")
        else:
            st.info(t("security.partial.dropped", lang), icon=":material/cancel:")
        return True
    partial = _partial_of(job)
    if partial is None or not partial.solved:
        return False  # "cancelled; nothing was kept" says it all
    held = loaded()
    if held is None or fingerprint_of(held.roster) != job.meta.fingerprint:
        st.info(t("security.partial.other_roster", lang), icon=":material/cancel:")
        return True
    st.warning(
        t("security.partial.title", lang, solved=len(partial.solved), total=partial.total),
        icon=":material/rule:",
    )
    st.caption(t("security.partial.help", lang))
    keep, drop = st.columns(2)
    if keep.button(
        t("security.partial.keep", lang), key=f"plan.partial.keep.{job.id}", icon=":material/save:"
    ):
        with st.spinner(t("security.partial.keep", lang)):
            plan = partial.plan()
        name = t("security.partial.name", lang, name=job.meta.name)
        kept = add_scenario(Scenario(name, plan.settings, plan))
        decided[job.id] = ("kept", kept)
        st.session_state[NEXT_VIEW_KEY] = kept
        st.rerun()
    if drop.button(
        t("security.partial.drop", lang), key=f"plan.partial.drop.{job.id}", icon=":material/delete:"
    ):
        job.partial = None
        decided[job.id] = ("dropped", "")
        st.rerun()
    return True
