"""Data: load a roster (upload, or the sample community), see the validation report and a preview."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from planner.i18n import t
from planner.schema import Roster
from ui.lang import current_language
from ui.nav import link_to
from ui.scenarios import BundleOutcome, bundle_outcome, handle_bundle_upload
from ui.sidebar import source_label
from ui.state import (
    TEMPLATE_WORKBOOK,
    UPLOAD_WIDGET_KEY,
    LoadAttempt,
    handle_upload,
    last_attempt,
    load_sample,
    loaded,
    template_bytes,
)
from ui.tables import TEAM_KEYS, display_frame, filter_areas, team_name_map, with_team_names
from ui.text import md_escape
from ui.widgets import area_filter, issues_table, problems_table
from ui.workshop_panels import (
    bundle_prompt,
    saved_workshops,
    set_aside_notice,
    show_feedback,
    workshop_history,
)

PREVIEW_ROWS = 200
BUNDLE_WIDGET_KEY = "data.bundle"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploaded_pairs(files: list[UploadedFile] | None) -> list[tuple[str, bytes]]:
    return [(f.name, f.getvalue()) for f in files or []]


# Loading happens in callbacks, which run before the script: the frame's sidebar, drawn
# before this page, then already shows the roster just loaded. Both callbacks catch every
# failure themselves (a callback's exception would escape the page's error guard).
def upload_changed() -> None:
    handle_upload(uploaded_pairs(st.session_state.get(UPLOAD_WIDGET_KEY)))


def sample_clicked() -> None:
    load_sample()


def bundle_changed() -> None:
    upload = st.session_state.get(BUNDLE_WIDGET_KEY)
    pair = (upload.name, upload.getvalue()) if upload is not None else None
    handle_bundle_upload(pair, current_language())


def bundle_report(outcome: BundleOutcome | None, lang: str) -> None:
    if outcome is None:
        return
    name = md_escape(outcome.file_name)
    if outcome.pending:
        bundle_prompt(lang)
        return
    if outcome.ok:
        st.success(
            t("uiw.bundle.restored", lang, file=name, count=outcome.restored, replaced=outcome.replaced),
            icon=":material/check_circle:",
        )
        link_to("plan", lang, t("uiw.bundle.go_plan", lang))
        return
    if outcome.unexpected:
        st.error(t("uiw.bundle.crashed", lang, file=name), icon=":material/error:")
        return
    if not outcome.issues:
        st.error(t("uiw.bundle.need_roster", lang), icon=":material/block:")
        return
    key = "uiw.bundle.other_roster" if outcome.other_roster else "uiw.bundle.refused"
    st.error(t(key, lang, file=name, count=len(outcome.issues)), icon=":material/block:")
    from planner.bundle import bundle_issues_frame
    from ui.tables import issues_display

    problems_table(issues_display(bundle_issues_frame(outcome.issues, lang), lang), lang)
    st.info(t("uiw.bundle.nothing_changed", lang), icon=":material/history:")


def reopen_bundle(lang: str) -> None:
    """Reopen a scenario bundle saved from the Export page (needs the same roster loaded)."""
    st.subheader(t("uiw.bundle.title", lang))
    st.caption(t("uiw.bundle.intro", lang))
    upload = st.file_uploader(
        t("uiw.bundle.upload", lang),
        type=["zip", "json"],
        key=BUNDLE_WIDGET_KEY,
        on_change=bundle_changed,
        help=t("uiw.bundle.upload_help", lang),
    )
    st.caption(t("pages.data.drop_zip", lang))
    # Normally a no-op (the callback has read it); reads an upload the callback missed.
    handle_bundle_upload((upload.name, upload.getvalue()) if upload is not None else None, lang)
    bundle_report(bundle_outcome(), lang)


def load_controls(lang: str) -> None:
    upload_col, sample_col = st.columns([3, 2], gap="large")
    with upload_col:
        files = st.file_uploader(
            t("ui.data.upload_label", lang),
            type=["xlsx", "xlsm", "xls", "ods", "et", "csv", "txt", "tsv"],
            accept_multiple_files=True,
            key=UPLOAD_WIDGET_KEY,
            help=t("ui.data.upload_help", lang),
            on_change=upload_changed,
        )
        # the box's own words ("Upload", the size line) are Streamlit's and cannot be translated
        st.caption(t("pages.data.drop_roster", lang))
        # Normally a no-op (the callback has read it); reads an upload the callback missed.
        handle_upload(uploaded_pairs(files))
    with sample_col:
        st.markdown(t("ui.data.sample_intro", lang))
        st.button(
            t("ui.data.sample_button", lang),
            icon=":material/groups:",
            key="data.sample",
            on_click=sample_clicked,
        )
        if TEMPLATE_WORKBOOK.is_file():
            st.download_button(
                t("ui.data.template_button", lang),
                data=template_bytes,  # a callable: the file is read when clicked
                file_name=TEMPLATE_WORKBOOK.name,
                mime=XLSX_MIME,
                icon=":material/download:",
                on_click="ignore",
                key="data.template",
            )
        else:
            st.caption(t("ui.data.template_missing", lang))


def attempt_report(attempt: LoadAttempt | None, lang: str) -> None:
    """The outcome of the latest load: refused with its problems, or nothing to add."""
    if attempt is None or attempt.ok:
        return
    what = source_label(attempt.sources, lang)
    if attempt.missing:
        st.error(t("ui.data.sample_missing", lang), icon=":material/error:")
    elif attempt.unexpected:
        st.error(t("ui.data.load_crashed", lang, source=md_escape(what)), icon=":material/error:")
    else:
        st.error(
            t("ui.data.load_refused", lang, source=md_escape(what), count=len(attempt.issues)),
            icon=":material/block:",
        )
        issues_table(attempt.issues, lang)
    if attempt.kept_previous:
        st.info(t("ui.data.kept_previous", lang), icon=":material/history:")


def roster_status(roster: Roster, sources: tuple[str, ...], lang: str) -> None:
    st.success(
        t(
            "ui.data.loaded",
            lang,
            source=md_escape(source_label(sources, lang)),
            members=f"{len(roster.members):,}",
            teams=f"{len(roster.teams):,}",
            areas=roster.members["area"].nunique(),
        ),
        icon=":material/check_circle:",
    )
    for name, encoding in roster.encodings:
        # the reader names a workbook's "encoding" xlsx: it has none to report
        key = "ui.data.read_workbook" if encoding == "xlsx" else "ui.data.encoding"
        st.caption(t(key, lang, file=md_escape(name), encoding=md_escape(encoding)))
    roster_warnings(roster, lang)


def roster_warnings(roster: Roster, lang: str) -> None:
    """Every warning in full, above the way on to the statistics: a roster with warnings asks
    the user to look before planning. Then what reading did with ID and phone columns."""
    from planner.reader import issues_frame

    if roster.warnings:
        st.warning(t("ui.data.warnings", lang, count=len(roster.warnings)), icon=":material/warning:")
        st.caption(t("reader_gate.ui.warnings_help", lang))
        issues_table(roster.warnings, lang)
    for problem in issues_frame(list(roster.notes), lang)["problem"]:
        st.info(md_escape(problem), icon=":material/visibility_off:")


def first_rows(total: int, lang: str) -> None:
    st.caption(t("ui.data.first_rows", lang, shown=f"{min(PREVIEW_ROWS, total):,}", total=f"{total:,}"))


def preview(roster: Roster, lang: str) -> None:
    st.subheader(t("ui.data.preview", lang))
    areas = area_filter(roster.areas, "data.preview_areas", lang)
    members = filter_areas(roster.members, areas)
    teams = filter_areas(roster.teams, areas)
    members_tab, teams_tab = st.tabs(
        [
            t("ui.data.members_tab", lang, count=f"{len(members):,}"),
            t("ui.data.teams_tab", lang, count=f"{len(teams):,}"),
        ]
    )
    with members_tab:
        first_rows(len(members), lang)
        named = with_team_names(members.head(PREVIEW_ROWS), team_name_map(roster.teams))
        st.dataframe(display_frame(named, lang), hide_index=True)
    with teams_tab:
        first_rows(len(teams), lang)
        st.dataframe(display_frame(teams.head(PREVIEW_ROWS), lang, keys=TEAM_KEYS), hide_index=True)


def render(lang: str) -> None:
    st.title(t("ui.data.title", lang))
    st.markdown(t("ui.data.intro", lang))
    show_feedback()
    load_controls(lang)
    st.divider()
    attempt_report(last_attempt(), lang)
    set_aside_notice(lang, "data")
    held = loaded()
    if held is None:
        st.info(t("ui.data.empty", lang), icon=":material/upload_file:")
        saved_workshops(lang, "data")
        return
    roster_status(held.roster, held.sources, lang)
    link_to("statistics", lang, t("ui.data.go_statistics", lang))
    preview(held.roster, lang)
    st.divider()
    reopen_bundle(lang)
    workshop_history(lang)
    with st.expander(t("store.resume.others", lang), icon=":material/inventory_2:"):
        saved_workshops(lang, "data")


render(current_language())
