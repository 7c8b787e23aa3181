"""What the pages draw for the workshop store: the saved workshops (Continue, Rename, Delete), the
notice after a workshop was set aside (with the way back), the bundle prompt, the workshop's
history (versions, deleted scenarios), the share panel and the participants' read-only view.

Every name that comes from a user or a file (workshop, scenario, file names) is drawn as plain
text (``st.text``, widget labels through :func:`ui.text.md_escape`), never as Markdown.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import streamlit as st

from planner.i18n import t
from planner.store import StoreError, WorkshopInfo
from ui.text import md_escape
from ui.workshop_store import (
    LIMITS,
    add_pending_bundle,
    autosave_enabled,
    continue_workshop,
    current_workshop_id,
    drop_pending_bundle,
    forget_session_workshop,
    go_back,
    is_facilitator,
    notice,
    open_pending_bundle_as_new,
    open_store,
    pending_bundle,
    previous,
    restore_trashed,
    restore_version,
)

#: saved workshops listed at once (the newest first)
MAX_LISTED = 20
FEEDBACK_KEY = "store.feedback"


def when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))


def sources_text(info: WorkshopInfo, lang: str) -> str:
    if info.sources == ("sample",):
        return t("ui.source.sample", lang)
    return t("ui.list_sep", lang).join(info.sources)


def _feedback(kind: str, text: str) -> None:
    st.session_state[FEEDBACK_KEY] = (kind, text)


def show_feedback() -> None:
    """The outcome of the last click (kept across the rerun the click caused)."""
    held = st.session_state.pop(FEEDBACK_KEY, None)
    if isinstance(held, tuple) and len(held) == 2:
        kind, text = held
        (st.error if kind == "error" else st.success)(text, icon=":material/info:")


def _store_error(error: StoreError, lang: str) -> None:
    st.error(error.message(lang), icon=":material/error:")
    if error.issues:
        from planner.bundle import bundle_issues_frame

        with st.expander(t("store.problems", lang, count=len(error.issues))):
            st.dataframe(bundle_issues_frame(error.issues, lang), hide_index=True)


# --- the saved workshops -----------------------------------------------------------------------------


def _continue_clicked(workshop_id: str, lang: str) -> None:
    error = continue_workshop(workshop_id, lang)
    if error is not None:
        st.session_state[FEEDBACK_KEY] = ("error", error.message(lang))
    else:
        _feedback("ok", t("store.resume.continued", lang))


def _rename_clicked(workshop_id: str, key: str, lang: str) -> None:
    try:
        open_store().rename(workshop_id, str(st.session_state.get(key, "")))
    except StoreError as error:
        _feedback("error", error.message(lang))


def _delete_clicked(workshop_id: str, lang: str) -> None:
    try:
        open_store().delete(workshop_id)
    except StoreError as error:
        _feedback("error", error.message(lang))
        return
    if current_workshop_id() == workshop_id:
        forget_session_workshop()
    _feedback("ok", t("store.resume.deleted", lang))


def _workshop_row(info: WorkshopInfo, lang: str, prefix: str) -> None:
    with st.container(border=True):
        text_col, buttons = st.columns([3, 2])
        with text_col:
            label = info.title(lang) + (
                t("store.resume.open_now", lang) if current_workshop_id() == info.workshop_id else ""
            )
            st.text(label)
            st.caption(
                md_escape(
                    t(
                        "store.resume.details",
                        lang,
                        source=sources_text(info, lang),
                        members=f"{info.members:,}",
                        scenarios=info.scenarios,
                        saved=when(info.saved),
                    )
                )
            )
        go, rename, delete = buttons.columns(3)
        wid = info.workshop_id
        go.button(
            t("store.resume.continue", lang),
            key=f"{prefix}.continue.{wid}",
            icon=":material/play_arrow:",
            type="primary",
            on_click=_continue_clicked,
            args=(wid, lang),
            disabled=current_workshop_id() == wid,
        )
        with rename.popover(t("store.resume.rename", lang), icon=":material/edit:"):
            key = f"{prefix}.rename_text.{wid}"
            st.text_input(t("store.resume.new_name", lang), value=info.title(lang), key=key, max_chars=80)
            st.button(
                t("store.resume.rename_save", lang),
                key=f"{prefix}.rename.{wid}",
                on_click=_rename_clicked,
                args=(wid, key, lang),
            )
        with delete.popover(t("store.resume.delete", lang), icon=":material/delete:"):
            st.caption(t("store.resume.delete_warning", lang))
            st.button(
                t("store.resume.delete_confirm", lang),
                key=f"{prefix}.delete.{wid}",
                type="primary",
                on_click=_delete_clicked,
                args=(wid, lang),
            )


def saved_workshops(lang: str, prefix: str) -> None:
    """The saved workshops with Continue, Rename and Delete (facilitators only)."""
    if not is_facilitator():
        return
    try:
        workshops = open_store().list_workshops()
    except StoreError as error:
        _store_error(error, lang)
        return
    if not workshops:
        return
    st.subheader(t("store.resume.title", lang))
    st.caption(t("store.resume.intro", lang, count=len(workshops)))
    for info in workshops[:MAX_LISTED]:
        _workshop_row(info, lang, prefix)
    if len(workshops) > MAX_LISTED:
        st.caption(t("store.resume.more", lang, count=len(workshops) - MAX_LISTED))


# --- the notice after a workshop was set aside ----------------------------------------------------------


def set_aside_notice(lang: str, prefix: str) -> None:
    """Say that the earlier workshop was kept and a new one started, with the way back."""
    said = notice()
    aside = previous()
    if said is None or aside is None:
        return
    saved = autosave_enabled() and aside.workshop_id is not None
    key = f"store.notice.{said.kind}" + ("" if saved else "_memory")
    st.info(t(key, lang, count=said.scenarios), icon=":material/inventory_2:")
    st.button(
        t("store.notice.go_back", lang),
        key=f"{prefix}.go_back",
        icon=":material/undo:",
        on_click=_go_back,
    )


def _go_back() -> None:
    go_back()


# --- the bundle prompt ---------------------------------------------------------------------------------


def bundle_prompt(lang: str) -> None:
    """A valid bundle waits: add its scenarios to this workshop, or open it as a new one."""
    pending = pending_bundle()
    if pending is None:
        return
    st.warning(
        t("store.bundle.ask", lang, file=md_escape(pending.file_name), count=len(pending.book)),
        icon=":material/help:",
    )
    add, new, cancel = st.columns(3)

    def added() -> None:
        _feedback("ok", t("store.bundle.added", lang, count=add_pending_bundle()))

    def opened() -> None:
        _feedback("ok", t("store.bundle.opened", lang, count=open_pending_bundle_as_new()))

    add.button(t("store.bundle.add", lang), key="store.bundle.add", icon=":material/add:", on_click=added)
    new.button(
        t("store.bundle.new", lang), key="store.bundle.new", icon=":material/open_in_new:", on_click=opened
    )
    cancel.button(t("store.bundle.cancel", lang), key="store.bundle.cancel", on_click=drop_pending_bundle)


# --- the workshop's history ------------------------------------------------------------------------------


def workshop_history(lang: str) -> None:
    """Deleted scenarios (restore one) and the kept versions (go back to one)."""
    workshop_id = current_workshop_id()
    if workshop_id is None or not is_facilitator():
        return
    try:
        store = open_store()
        trashed = store.trashed(workshop_id)
        versions = store.versions(workshop_id)
    except StoreError as error:
        _store_error(error, lang)
        return
    with st.expander(t("store.history.title", lang, count=len(versions)), icon=":material/history:"):
        st.caption(t("store.history.intro", lang, keep=LIMITS.keep_versions))
        if trashed:
            st.markdown(f"**{t('store.history.deleted', lang)}**")
        for item in trashed[:20]:
            left, right = st.columns([3, 1])
            left.text(t("store.history.deleted_line", lang, name=item.name, when=when(item.deleted)))

            def restore(key: int = item.key) -> None:
                outcome = restore_trashed(workshop_id, key, lang)
                if isinstance(outcome, StoreError):
                    _feedback("error", outcome.message(lang))
                else:
                    _feedback("ok", t("store.history.restored", lang, name=md_escape(outcome)))

            right.button(t("store.history.restore", lang), key=f"store.trash.{item.key}", on_click=restore)
        st.markdown(f"**{t('store.history.versions', lang)}**")
        for kept in versions[:10]:
            left, right = st.columns([3, 1])
            names = t("ui.list_sep", lang).join(kept.names) or "—"
            left.text(
                t(
                    "store.history.version_line",
                    lang,
                    version=kept.version,
                    when=when(kept.saved),
                    names=names,
                )
            )

            def back(version: int = kept.version) -> None:
                error = restore_version(workshop_id, version, lang)
                if error is not None:
                    _feedback("error", error.message(lang))
                else:
                    _feedback("ok", t("store.history.version_restored", lang, version=version))

            right.button(t("store.history.go_back", lang), key=f"store.version.{kept.version}", on_click=back)


# --- sharing -------------------------------------------------------------------------------------------


def join_address() -> str:
    """The address participants open: this machine's name and the server's port."""
    port = st.get_option("server.port")
    return f"http://{socket.gethostname()}:{port}/join"


def listens_to_network() -> bool:
    address = str(st.get_option("server.address") or "")
    return address not in ("", "localhost", "127.0.0.1", "::1")


def share_panel(lang: str) -> None:
    """The facilitator shares the session's workshop: its join code and the address to open."""
    st.subheader(t("store.share.title", lang))
    st.caption(t("store.share.intro", lang))
    workshop_id = current_workshop_id()
    if not autosave_enabled():
        st.info(t("store.share.needs_autosave", lang), icon=":material/info:")
        return
    if workshop_id is None:
        st.info(t("store.share.nothing_yet", lang), icon=":material/info:")
        return
    store = open_store()
    try:
        info = store.info(workshop_id)
    except StoreError as error:
        _store_error(error, lang)
        return
    if info.join_code is None:
        if st.button(
            t("store.share.start", lang), key="store.share.start", icon=":material/share:", type="primary"
        ):
            store.share(workshop_id)
            st.rerun()
        return
    st.metric(t("store.share.code", lang), info.join_code)
    st.text(t("store.share.address", lang, address=join_address()))
    if not listens_to_network():
        st.warning(t("store.share.localhost_only", lang), icon=":material/lan:")
    if st.button(t("store.share.stop", lang), key="store.share.stop", icon=":material/block:"):
        store.unshare(workshop_id)
        st.rerun()


def poll_every(seconds: float, body: Callable[[], None]) -> None:
    """Run ``body`` in a fragment that reruns itself every ``seconds``."""
    st.fragment(run_every=seconds)(body)()
