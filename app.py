"""The workbench app: ``streamlit run app.py``.

This file is the frame every page runs in: page config, language, navigation and sidebar.
Each part runs inside the friendly-error guard, so a failure shows our own message in the
user's language (the traceback goes to the server log) and never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planner.i18n import t
from ui.errors import friendly_errors
from ui.lang import current_language, resolve_language
from ui.nav import build_navigation
from ui.sidebar import render_sidebar

#: The tab icon ships with the app: a material icon or an emoji would make the browser fetch
#: it from an outside font server on every page load (nothing may leave the machine).
ICON = str(Path(__file__).resolve().parent / "assets" / "icon.png")


def frame() -> None:
    lang = resolve_language()
    st.set_page_config(page_title=t("ui.app.title", lang), page_icon=ICON, layout="wide")
    page = build_navigation(lang)
    # Separate guards: a failing sidebar leaves the page usable, and the other way round.
    with friendly_errors(lang, "sidebar"):
        render_sidebar(lang)
    with friendly_errors(lang, page.url_path or "home"):
        page.run()


def main() -> None:
    # The outer guard covers the frame itself (language, page list).
    with friendly_errors(current_language(), "frame"):
        frame()


main()
