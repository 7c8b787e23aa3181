"""The app-side helpers without a browser: language choice, roster loading state, display frames."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ui.state
from planner.i18n import t
from tests.app.helpers import BROKEN_MEMBERS_CSV, MEMBERS_CSV, TEAMS_CSV
from ui.lang import LANG_KEY, choose_language
from ui.state import (
    ATTEMPT_KEY,
    ROSTER_KEY,
    files_signature,
    handle_upload,
    load_files,
    load_sample,
    loaded,
    remember,
    session_memo,
)
from ui.tables import TEAM_KEYS, category_label, display_frame, filter_areas
from ui.text import JOINER, md_escape, visible

GOOD = [("members.csv", MEMBERS_CSV), ("teams.csv", TEAMS_CSV)]
BROKEN = [("members.csv", BROKEN_MEMBERS_CSV), ("teams.csv", TEAMS_CSV)]


# --- language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "state", "locale", "expected"),
    [
        ({"lang": "en"}, {LANG_KEY: "zh"}, "zh-CN", "en"),  # the URL wins
        ({"lang": ["zh", "en"]}, {}, None, "en"),  # repeated: the last one
        ({"lang": " EN "}, {}, None, "en"),
        ({"lang": "fr"}, {LANG_KEY: "en"}, "zh-CN", "en"),  # unknown in the URL: the session's
        ({}, {LANG_KEY: "en"}, "zh-CN", "en"),
        ({}, {LANG_KEY: "xx"}, "en-GB", "en"),  # a bad session value: the browser's
        ({}, {}, "en_US", "en"),
        ({}, {}, "de-DE", "zh"),  # unsupported: the default
        ({}, {}, None, "zh"),
    ],
)
def test_choose_language(
    query: dict[str, Any], state: dict[str, Any], locale: str | None, expected: str
) -> None:
    assert choose_language(query, state, locale) == expected


# --- loading --------------------------------------------------------------------------------


def test_files_signature_is_by_content_not_order() -> None:
    assert files_signature(GOOD) == files_signature(list(reversed(GOOD)))
    assert files_signature(GOOD) != files_signature([("members.csv", MEMBERS_CSV + b"\n"), GOOD[1]])
    assert files_signature(GOOD) != files_signature([("other.csv", MEMBERS_CSV), GOOD[1]])


def test_load_files_success_then_failure_keeps_the_roster() -> None:
    state: dict[str, Any] = {}
    ok = load_files(GOOD, state)
    assert ok.ok and not ok.issues
    held = loaded(state)
    assert held is not None and len(held.roster.members) == 5 and held.sources == ("members.csv", "teams.csv")
    refused = load_files(BROKEN, state)
    assert not refused.ok and refused.kept_previous
    assert len(refused.issues) == 2
    assert loaded(state) is held
    assert state[ATTEMPT_KEY] is refused


def test_a_first_failure_loads_nothing() -> None:
    state: dict[str, Any] = {}
    refused = load_files(BROKEN, state)
    assert not refused.ok and not refused.kept_previous
    assert ROSTER_KEY not in state


def test_an_unforeseen_reader_failure_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(files: Any) -> Any:
        raise ZeroDivisionError("reader bug")

    monkeypatch.setattr(ui.state, "read_roster_uploads", boom)
    state: dict[str, Any] = {}
    attempt = load_files(GOOD, state)
    assert attempt.unexpected and not attempt.ok
    assert ROSTER_KEY not in state


def test_handle_upload_reads_each_distinct_upload_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = ui.state.read_roster_uploads
    monkeypatch.setattr(ui.state, "read_roster_uploads", lambda files: calls.append(1) or real(files))
    state: dict[str, Any] = {}
    assert handle_upload(GOOD, state) is not None
    assert handle_upload(GOOD, state) is None  # a rerun with the same files
    assert handle_upload(list(reversed(GOOD)), state) is None
    assert handle_upload(BROKEN, state) is not None  # new content
    assert handle_upload([], state) is None  # the uploader was cleared ...
    assert handle_upload(BROKEN, state) is not None  # ... so the same file added again is read
    assert len(calls) == 3


def test_load_sample_missing_file_is_reported(tmp_path: Any) -> None:
    state: dict[str, Any] = {}
    attempt = load_sample(state, tmp_path / "none.xlsx")
    assert attempt.missing and not attempt.ok and attempt.is_sample


def test_session_memo() -> None:
    state: dict[str, Any] = {}
    assert session_memo("k", (1, 2), state) is None
    remember("k", (1, 2), "value", state)
    assert session_memo("k", (1, 2), state) == "value"
    assert session_memo("k", (1, 3), state) is None


# --- display --------------------------------------------------------------------------------


def test_display_frame_translates_headers_and_categories_and_flattens_lists() -> None:
    roster = ui.state.read_roster_uploads(GOOD)
    for lang in ("zh", "en"):
        members = display_frame(roster.members, lang)
        assert t("ui.col.member_id", lang) in members.columns
        assert "source_row" not in members.columns
        assert members[t("ui.col.role", lang)].iloc[0] == t("ui.value.secretary", lang)
        assert members[t("stats.col.teams", lang)].iloc[0] == t("ui.list_sep", lang).join(
            ["合唱队", "巡逻队"]
        )
        teams = display_frame(roster.teams, lang, keys=TEAM_KEYS)
        assert t("ui.col.team_name", lang) in teams.columns
        assert teams[t("ui.col.type", lang)].iloc[0] == t("stats.value.culture", lang)
    # the canonical frame is untouched
    assert roster.members["teams"].iloc[0] == ("合唱队", "巡逻队")


def test_extra_columns_and_unknown_codes_pass_through() -> None:
    frame = pd.DataFrame({"status": ["full", "weird", None], "备注": ["a", "b", "c"]})
    shown = display_frame(frame, "en")
    assert shown[t("ui.col.status", "en")].tolist() == [t("stats.value.full", "en"), "weird", ""]
    assert shown["备注"].tolist() == ["a", "b", "c"]
    assert category_label(pd.NA, "en") == ""


def test_filter_areas() -> None:
    frame = pd.DataFrame({"area": ["a", "b", "a"]})
    assert len(filter_areas(frame, [])) == 3
    assert filter_areas(frame, ["a"])["area"].tolist() == ["a", "a"]


_MARKDOWN_ACTIVE = re.compile(r"(?<!\\)[`*_\[\]()<>#|~$:]")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_md_escape_leaves_no_active_markdown(text: str) -> None:
    escaped = md_escape(text)
    assert "\n" not in escaped
    # drop every escaped pair: nothing Markdown could act on is left
    assert not _MARKDOWN_ACTIVE.search(re.sub(r"\\.", "", escaped))
    # and the visible text is the original, whitespace flattened
    assert visible(escaped) == " ".join(text.replace(JOINER, "").split())
    # no bare URL or e-mail survives for GFM's autolinking (it runs after escapes are resolved)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert not re.search(r"https?://|www\.|[\w.+-]@\w", unescaped, re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    ["[phish](http://host/p)![i](http://host/i.png)", "www.host.com a@b.com :tada: :red[x] $x^2$ **b**"],
)
def test_md_escape_breaks_links_shortcodes_and_directives(text: str) -> None:
    escaped = md_escape(text)
    assert visible(escaped) == text
    assert "://" not in escaped and "www." not in escaped.replace("\\", "")
    assert ":tada:" not in escaped.replace("\\", "")
