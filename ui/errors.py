"""Friendly errors: an unexpected exception shows our own translated message, never a traceback.

The traceback goes to the server log with a short reference the user can quote. Streamlit's
own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``) raises ``BaseException``
subclasses, which pass through untouched.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from planner.i18n import t

log = logging.getLogger("workbench.ui")


def report_unexpected(lang: str, where: str) -> str:
    """Log the exception being handled and show the friendly message; returns the reference."""
    reference = secrets.token_hex(4)
    log.exception("unexpected error in %s [ref %s]", where, reference)
    st.error(t("ui.error.unexpected", lang, ref=reference), icon=":material/error:")
    return reference


@contextmanager
def friendly_errors(lang: str, where: str = "page") -> Iterator[None]:
    """Run a block; any ``Exception`` it raises becomes the friendly message."""
    try:
        yield
    except Exception:
        report_unexpected(lang, where)
