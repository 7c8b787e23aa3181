"""Export: take the proposal home. Per scenario the workbook, the members as CSV, a printable
roster, and the bundle that reopens the whole workshop on the Data page.

Every download button gets a callable: the file is built when it is clicked, never on a rerun.
"""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from planner.numbers import count_text
from planner.plan import Plan
from planner.scenario import ScenarioBook
from ui.lang import current_language, lang_bound
from ui.nav import link_to
from ui.scenarios import export_files, workshop_inputs
from ui.text import md_escape

SCENARIO_KEY = "export.scenario"
AGAINST_KEY = "export.against"
ICONS = {
    "workbook": ":material/table_view:",
    "members_csv": ":material/csv:",
    "roster_html": ":material/print:",
    "bundle": ":material/inventory_2:",
}


def against_choice(book: ScenarioBook, name: str, lang: str) -> Plan | None:
    """What the Changes sheet compares with: today's branches, or the scenario's parent."""
    scenario = book.get(name)
    options = ["today"] + (["parent"] if scenario.parent and scenario.parent in book else [])
    choice = st.radio(
        t("uiw.export.against", lang),
        options=options,
        # radio options render Markdown: the parent's name goes in escaped
        format_func=lambda o: t(f"uiw.export.against.{o}", lang, parent=md_escape(scenario.parent or "")),
        key=AGAINST_KEY,
        horizontal=True,
    )
    if choice == "parent" and scenario.parent:
        return book.get(scenario.parent).plan
    return None


def render(lang: str) -> None:
    st.title(t("uiw.export.title", lang))
    inputs = workshop_inputs(lang)
    if inputs is None:
        return
    roster, book = inputs
    st.markdown(t("uiw.export.intro", lang))
    if st.session_state.get(SCENARIO_KEY) not in book:
        st.session_state[SCENARIO_KEY] = book.names[-1]
    name = str(st.selectbox(t("uiw.scenario", lang), options=book.names, key=SCENARIO_KEY))
    scenario = book.get(name)
    plan = scenario.plan
    st.caption(
        t(
            "uiw.export.summary",
            lang,
            members=count_text(len(plan.assignments)),
            branches=count_text(len(plan.branches)),
            areas=count_text(plan.assignments["area"].nunique()),
            broken=count_text(len(plan.violations)),
        )
    )
    lang_bound(AGAINST_KEY)
    current = against_choice(book, name, lang)
    for item in export_files(scenario, roster, book, lang, current):
        with st.container(border=True):
            text_col, button_col = st.columns([3, 1], vertical_alignment="center")
            with text_col:
                st.markdown(f"**{t(f'uiw.export.{item.key}', lang, count=len(book))}**")
                st.caption(t(f"uiw.export.{item.key}.help", lang, count=len(book)))
                st.caption(t("uiw.export.file", lang, file=md_escape(item.file_name)))
            with button_col:
                st.download_button(
                    t("uiw.export.download", lang),
                    data=item.build,  # a callable: built on click
                    file_name=item.file_name,
                    mime=item.mime,
                    icon=ICONS[item.key],
                    on_click="ignore",
                    key=f"export.{item.key}",
                    width="stretch",
                )
    st.caption(t("uiw.export.safety", lang))
    link_to("data", lang, t("uiw.export.go_data", lang))


render(current_language())
