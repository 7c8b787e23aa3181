"""Helpers of the AppTest suite: the app, a tiny roster as uploads, reading what a page shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from planner.i18n import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = {
    "home": "pages/page_home.py",
    "data": "pages/page_data.py",
    "statistics": "pages/page_statistics.py",
}
#: a page run on the full sample takes well under a second; generous for slow CI machines
TIMEOUT = 30

# Two areas, three teams; member 004's team list names a team of another area's spelling.
MEMBERS_CSV = (
    "member_id,name,area,status,role,teams\n"
    "001,张三,汽三,full,secretary,合唱队;巡逻队\n"
    "002,李四,汽三,probationary,none,合唱队\n"
    "003,王五,瑞丽,full,team_leader,\n"
    "004,赵六,瑞丽,full,none,巡逻队\n"
    "005,钱七,瑞丽,full,committee,巡逻队\n"
).encode()
TEAMS_CSV = "name,area,type\n合唱队,汽三,culture\n巡逻队,汽三,service\n巡逻队,瑞丽,service\n".encode()
#: the same members in GBK, as Excel on Chinese Windows saves them
MEMBERS_GBK = MEMBERS_CSV.decode().encode("gbk")
#: a members file with a duplicate id and an empty required cell: refused with two errors
BROKEN_MEMBERS_CSV = "member_id,name,area\n001,张三,汽三\n001,李四,\n".encode()

GOOD_UPLOAD = [("members.csv", MEMBERS_CSV, "text/csv"), ("teams.csv", TEAMS_CSV, "text/csv")]
BROKEN_UPLOAD = [("members.csv", BROKEN_MEMBERS_CSV, "text/csv"), ("teams.csv", TEAMS_CSV, "text/csv")]

# Any translation key's prefix (ui., uiw., rules., ...), so an untranslated key of any catalogue shows.
_PREFIXES = sorted({key.split(".", 1)[0] for key in CATALOGUE})
_KEY_LIKE = re.compile(rf"\b(?:{'|'.join(_PREFIXES)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def make_app(lang: str | None = None, locale: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if lang is not None:
        at.query_params["lang"] = lang
    if locale is not None:
        at.context["locale"] = locale
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    """Open a page (the app must have run once) and run it."""
    return at.switch_page(PAGE[page]).run()


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _visible(proto: Any) -> str:
    # widget ids embed the widget's key (e.g. "stats.areas"): not shown to anyone
    lines = text_format.MessageToString(proto, as_utf8=True).splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith(("id:", "form_id:")))


def shown_texts(at: AppTest) -> list[str]:
    """Every element's content as protobuf text (UTF-8) without widget ids, one per element."""
    return shown_texts_of(at._tree)


def key_like(texts: list[str]) -> list[str]:
    """Strings that look like translation keys shown instead of text."""
    return [m.group(0) for text in texts for m in _KEY_LIKE.finditer(text)]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def sidebar_text(at: AppTest) -> str:
    return "\n".join(shown_texts_of(at.sidebar))


def shown_texts_of(block: Any) -> list[str]:
    return [_visible(node.proto) for node in _nodes(block) if getattr(node, "proto", None) is not None]


def assert_clean(at: AppTest) -> None:
    """No exception element and no Streamlit error text reached the page."""
    assert not at.exception, [e.value for e in at.exception]
