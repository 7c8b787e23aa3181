"""The participants' read-only view of a saved workshop: its scenarios, their metrics side by side,
and each scenario's org charts. A fragment polls the store's version and reloads (validated, as
every read from the store is) only when the facilitator saved something new."""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from planner.compare import metrics_table
from planner.i18n import t
from planner.store import LoadedWorkshop, StoreError
from ui.scenarios import show_org_chart
from ui.workshop_store import LIMITS, open_store

#: session key: the workshop shown and the version it was loaded at
VIEW_KEY = "join.view"


@dataclass(frozen=True, eq=False)
class View:
    workshop_id: str
    version: int
    loaded: LoadedWorkshop | None
    error: StoreError | None
    checked: float


def current_view(workshop_id: str, lang: str) -> View:
    """The workshop as last saved: reloaded only when its version moved on."""
    held = st.session_state.get(VIEW_KEY)
    store = open_store()
    try:
        version = store.version(workshop_id)
    except StoreError as gone:
        return View(workshop_id, -1, None, gone, time.time())
    if isinstance(held, View) and held.workshop_id == workshop_id and held.version == version:
        return View(workshop_id, version, held.loaded, held.error, time.time())
    try:
        loaded: LoadedWorkshop | None = store.load(workshop_id, lang)
        error = None
    except StoreError as failure:
        loaded, error = None, failure
    view = View(workshop_id, version, loaded, error, time.time())
    st.session_state[VIEW_KEY] = view
    return view


def _scenarios(loaded: LoadedWorkshop, lang: str) -> None:
    book = loaded.book
    st.text(loaded.info.title(lang))
    st.caption(t("store.view.summary", lang, scenarios=len(book), members=f"{len(loaded.roster.members):,}"))
    if not len(book):
        st.info(t("store.view.no_scenarios", lang), icon=":material/hourglass_empty:")
        return
    lines = [
        t("store.view.scenario_line", lang, name=s.name, parent=s.parent)
        if s.parent
        else t("store.view.scenario_root", lang, name=s.name)
        for s in book
    ]
    st.text("\n".join(lines))
    st.markdown(f"**{t('store.view.metrics', lang)}**")
    table = metrics_table(list(book), lang).drop(columns=["key"])
    table = table.rename(
        columns={
            "metric": t("uiw.compare.col.metric", lang),
            "better": t("store.view.col.better", lang),
            "direction": t("uiw.compare.col.better", lang),
        }
    )
    st.dataframe(table, hide_index=True, height=38 + 35 * len(table))
    name = st.selectbox(t("uiw.scenario", lang), options=book.names, key="join.scenario")
    plan = book.get(str(name)).plan
    areas = list(dict.fromkeys(plan.assignments["area"].astype(str)))
    area = st.selectbox(t("uiw.area", lang), options=areas, key="join.area")
    show_org_chart(plan, loaded.roster, str(area), lang, key="join.org")


def read_only_view(workshop_id: str, lang: str) -> None:
    """The workshop, refreshed every few seconds while the page is open."""

    def body() -> None:
        from ui.workshop_store import is_facilitator, joined_workshop

        if not is_facilitator() and joined_workshop() != workshop_id:
            st.warning(t("store.view.ended", lang), icon=":material/block:")
            return
        view = current_view(workshop_id, lang)
        if view.error is not None:
            st.error(view.error.message(lang), icon=":material/error:")
            return
        assert view.loaded is not None
        st.caption(
            t(
                "store.view.updated",
                lang,
                version=view.version,
                checked=time.strftime("%H:%M:%S", time.localtime(view.checked)),
                seconds=f"{LIMITS.poll_seconds:.0f}",
            )
        )
        _scenarios(view.loaded, lang)

    st.fragment(run_every=LIMITS.poll_seconds)(body)()
