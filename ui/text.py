"""Putting user-supplied text (file names, area names) inside Markdown messages safely."""

from __future__ import annotations

import re

# Markdown and Streamlit directive characters ($ math, : icons/colours, ~ strike, | tables)
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def md_escape(text: str) -> str:
    """Backslash-escape every character Markdown could act on, and flatten line breaks, so the
    text shows literally (st.markdown never renders raw HTML unless told to; we never tell it)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
