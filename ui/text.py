"""Showing user and file text (roster names, teams, areas, branches, scenario and file names) as
plain text in every Streamlit widget — never through Markdown.

Streamlit renders Markdown in ``st.markdown``/``st.caption``/alerts and in widget labels, help
tooltips, radio/segmented-control/pills options, expander and tab labels, metric labels and
values. There a user's ``[x](http://host)``, ``![i](http://host/i.png)``, ``**bold**``,
``:red[...]``, ``:tada:`` or ``$x^2$`` would render, and an image would be fetched from its host.
:func:`md_escape` is the one helper for those places. Selectbox and multiselect options, table
cells (``st.dataframe``), ``st.text`` and chart texts are shown as plain text already and take the
text as it is (escaping there would show the backslashes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Markdown and Streamlit directive characters ($ math, : icons/colours, ~ strike, | tables)
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")
#: an invisible word joiner: it breaks what GFM turns into links after escapes are resolved
#: (``http://``, ``www.``, ``a@b.c``) and Streamlit's emoji/icon shortcodes (``:name:``)
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)|(?<=@)|(?<=www)(?=\\?\.)", re.IGNORECASE)


def md_escape(text: Any) -> str:
    """``text`` as it reads, safe in any Markdown context: every character Markdown or Streamlit
    could act on is backslash-escaped, line breaks flattened, and an invisible joiner placed after
    each ``:`` and ``@`` and inside ``www.`` so no bare URL, e-mail or shortcode becomes live.
    (st.markdown never renders raw HTML unless told to; we never tell it.)"""
    flat = " ".join(str(text).replace(JOINER, "").split())
    return _AUTOLINK.sub(JOINER, _SPECIAL.sub(r"\\\1", flat))


def visible(escaped: str) -> str:
    """What a reader sees of an escaped text (for tests and comparisons)."""
    return re.sub(r"\\(.)", r"\1", escaped).replace(JOINER, "")


def plain_format(label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A ``format_func`` for widgets whose options render Markdown (radio, segmented control,
    pills): the label function's text, escaped."""
    return lambda option: md_escape(label(option))
