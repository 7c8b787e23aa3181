"""AppTest of every page: empty states, the sample, uploads, refusals, languages, errors."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.state
from planner.i18n import t
from planner.schema import Roster
from tests.app.helpers import (
    BROKEN_UPLOAD,
    GOOD_UPLOAD,
    MEMBERS_GBK,
    TEAMS_CSV,
    assert_clean,
    has_cjk,
    key_like,
    make_app,
    open_page,
    shown_texts,
    sidebar_text,
)
from ui.state import SAMPLE_WORKBOOK, LoadedRoster


def start(lang: str | None = "en", page: str = "home", **kwargs: Any) -> AppTest:
    at = make_app(lang=lang, **kwargs).run()
    assert_clean(at)
    return at if page == "home" else open_page(at, page)


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.file_uploader(key=ui.state.UPLOAD_WIDGET_KEY).set_value(files)
    return at.run()


def values(elements: Any) -> list[str]:
    return [e.value for e in elements]


def metric(at: AppTest, label_key: str, lang: str = "en") -> str:
    label = t(label_key, lang)
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}"
    return found[0]


# --- Home -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_empty_state_says_what_to_do_first(lang: str) -> None:
    at = start(lang)
    assert values(at.title) == [t("ui.home.title", lang)]
    assert t("ui.home.empty", lang) in values(at.info)
    # the link to Data keeps the language in its URL
    (link,) = at.get("page_link")
    assert link.proto.page == "data"
    assert link.proto.query_string == f"lang={lang}"
    assert t("ui.sidebar.no_roster", lang) in sidebar_text(at)


def test_home_with_a_roster_points_to_the_statistics() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    open_page(at, "home")
    assert_clean(at)
    assert t("ui.home.ready", "en") in values(at.success)
    assert len(at.get("page_link")) == 2


@pytest.mark.parametrize("page", ["data", "statistics", "home"])
def test_every_page_runs_inside_the_frame(page: str) -> None:
    # Each AppTest run starts Streamlit the way a fresh server does (legacy pages/ mode): the
    # page must still come through app.py with its sidebar (see ui/nav.py on the file names).
    at = start("en", page="statistics" if page == "home" else "home")
    open_page(at, page)
    at.run()
    assert at.button_group(key="ui.lang.switch")
    assert t("ui.sidebar.no_roster", "en") in sidebar_text(at)


# --- Language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"), [("en-US", "en"), ("zh-CN", "zh"), ("fr-FR", "zh"), (None, "zh")]
)
def test_language_defaults_to_the_browser_locale_and_lands_in_the_url(
    locale: str | None, expected: str
) -> None:
    at = start(lang=None, locale=locale)
    assert values(at.title) == [t("ui.home.title", expected)]
    assert at.query_params.get("lang") == expected


def test_url_language_beats_the_browser_locale() -> None:
    at = start(lang="en", locale="zh-CN")
    assert values(at.title) == [t("ui.home.title", "en")]


def test_sidebar_switch_changes_language_and_url_and_survives_page_changes() -> None:
    at = start("zh")
    at.button_group(key="ui.lang.switch").set_value("en").run()
    assert_clean(at)
    assert values(at.title) == [t("ui.home.title", "en")]
    assert at.query_params.get("lang") == "en"
    # navigation may drop the query string; the session keeps the language and rewrites it
    at.query_params.clear()
    open_page(at, "statistics")
    assert values(at.title) == [t("ui.stats.title", "en")]
    assert at.query_params.get("lang") == "en"
    at.button_group(key="ui.lang.switch").set_value("zh").run()
    assert values(at.title) == [t("ui.stats.title", "zh")]
    assert at.query_params.get("lang") == "zh"


@pytest.mark.parametrize("page", ["home", "data", "statistics"])
def test_english_empty_pages_show_no_untranslated_text(page: str) -> None:
    at = start("en", page=page)
    texts = shown_texts(at)
    assert not key_like(texts)
    # only the switch names Chinese in Chinese ("中文", "语言"); everything else is English
    switch = t("ui.lang.label", "en")
    chinese = [text for text in texts if has_cjk(text) and switch not in text]
    assert not chinese, chinese


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["home", "data", "statistics"])
def test_loaded_pages_show_no_translation_keys(lang: str, page: str) -> None:
    at = start(lang, page="data")
    upload(at, GOOD_UPLOAD)
    open_page(at, page)
    assert_clean(at)
    assert not at.error
    assert not key_like(shown_texts(at))


# --- Data -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_empty_state(lang: str) -> None:
    at = start(lang, page="data")
    assert values(at.title) == [t("ui.data.title", lang)]
    assert t("ui.data.empty", lang) in values(at.info)
    uploader = at.file_uploader(key=ui.state.UPLOAD_WIDGET_KEY)
    assert uploader.accept_multiple_files
    assert set(uploader.allowed_type) >= {".xlsx", ".csv"}
    assert at.button(key="data.sample").label == t("ui.data.sample_button", lang)
    assert not at.dataframe


def test_the_sample_button_loads_the_sample_community() -> None:
    assert SAMPLE_WORKBOOK.is_file(), "sample_data/community.xlsx is missing: run `make sample`"
    at = start("en", page="data")
    at.button(key="data.sample").click().run()
    assert_clean(at)
    held = at.session_state[ui.state.ROSTER_KEY]
    assert held.is_sample
    members = len(held.roster.members)
    (success,) = values(at.success)
    assert f"{members:,} members" in success
    # the sidebar, drawn before the page, already shows it (loading runs in the callback)
    assert f"{members:,} members" in sidebar_text(at)
    # preview: members and teams
    assert len(at.dataframe) >= 2
    open_page(at, "statistics")
    assert_clean(at)
    assert metric(at, "ui.stats.members") == f"{members:,}"
    assert len(at.get("vega_lite_chart")) == 5


def test_a_missing_sample_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ui.state, "SAMPLE_WORKBOOK", tmp_path / "nowhere.xlsx")
    at = start("en", page="data")
    at.button(key="data.sample").click().run()
    assert_clean(at)
    assert t("ui.data.sample_missing", "en") in values(at.error)
    assert ui.state.ROSTER_KEY not in at.session_state


def test_upload_of_a_csv_pair_loads_with_report_and_preview() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    assert_clean(at)
    assert not at.error
    (success,) = values(at.success)
    assert "5 members, 3 teams, 2 areas" in success
    captions = " ".join(values(at.caption))
    assert "read as utf\\-8" in captions  # the encoding used, per file (Markdown-escaped)
    # warnings load with a note (瑞丽's member 003 is in no team)
    assert values(at.warning)
    frames = [df.value for df in at.dataframe]
    warnings_table, members, teams = frames
    assert list(warnings_table.columns) == [
        t(f"ui.issues.col.{c}", "en")
        for c in ("severity", "sheet", "row", "column", "value", "problem", "action")
    ]
    assert members[t("ui.col.member_id", "en")].tolist() == [
        "001",
        "002",
        "003",
        "004",
        "005",
    ]  # ids stay text
    assert members[t("stats.col.teams", "en")].iloc[0] == "合唱队, 巡逻队"
    assert members[t("ui.col.status", "en")].iloc[1] == t("stats.value.probationary", "en")
    assert len(teams) == 3


def test_gbk_upload_reports_its_encoding() -> None:
    at = start("zh", page="data")
    upload(at, [("members.csv", MEMBERS_GBK, "text/csv"), ("teams.csv", TEAMS_CSV, "text/csv")])
    assert_clean(at)
    assert any("gb18030" in c for c in values(at.caption))


def test_preview_area_filter() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    at.multiselect(key="data.preview_areas").set_value(["瑞丽"]).run()
    members = at.dataframe[-2].value
    assert set(members[t("stats.col.area", "en")]) == {"瑞丽"}
    assert len(members) == 3


def test_a_rerun_does_not_read_the_same_upload_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = ui.state.read_roster_uploads

    def counting(files: Any) -> Roster:
        calls.append(len(files))
        return real(files)

    monkeypatch.setattr(ui.state, "read_roster_uploads", counting)
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    at.run()
    open_page(at, "statistics")
    open_page(at, "data")
    assert calls == [2]


def test_the_sample_is_not_overwritten_by_an_upload_already_read() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    at.button(key="data.sample").click().run()
    assert at.session_state[ui.state.ROSTER_KEY].is_sample
    at.run()
    assert at.session_state[ui.state.ROSTER_KEY].is_sample


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_upload_keeps_the_previous_roster_and_lists_every_problem(lang: str) -> None:
    at = start(lang, page="data")
    upload(at, GOOD_UPLOAD)
    before = at.session_state[ui.state.ROSTER_KEY]
    upload(at, BROKEN_UPLOAD)
    assert_clean(at)
    assert at.session_state[ui.state.ROSTER_KEY] is before
    (refused,) = values(at.error)
    assert refused == t(
        "ui.data.load_refused", lang, source="members\\.csv" + t("ui.list_sep", lang) + "teams\\.csv", count=2
    )
    assert t("ui.data.kept_previous", lang) in values(at.info)
    problems = at.dataframe[0].value
    assert len(problems) == 2
    # rows as text: a problem without a row shows an empty cell, never "None"
    assert set(problems[t("ui.issues.col.row", lang)].tolist()) == {"3"}
    # the previous roster is still shown, with its preview, and on the statistics page
    assert any("5" in s for s in values(at.success))
    open_page(at, "statistics")
    assert metric(at, "ui.stats.members", lang) == "5"


def test_a_broken_first_upload_loads_nothing() -> None:
    at = start("en", page="data")
    upload(at, BROKEN_UPLOAD)
    assert_clean(at)
    assert values(at.error)
    assert t("ui.data.empty", "en") in values(at.info)
    assert t("ui.data.kept_previous", "en") not in values(at.info)
    assert ui.state.ROSTER_KEY not in at.session_state


def test_a_file_that_is_not_a_roster_is_refused_in_the_users_language() -> None:
    at = start("zh", page="data")
    upload(at, [("notes.csv", b"\x00\x01\x02 not a roster", "text/csv")])
    assert_clean(at)
    assert values(at.error)
    problems = at.dataframe[0].value
    assert len(problems) >= 1
    assert all(has_cjk(p) for p in problems[t("ui.issues.col.problem", "zh")])


def test_hostile_names_stay_text() -> None:
    evil = "<img src=x onerror=alert(1)>**[x](javascript:alert(1))**"
    members = f"member_id,name,area,teams\n1,{evil},{evil},\n2,b,{evil},\n".encode()
    teams = f"name,area\nchoir,{evil}\n".encode()
    at = start("en", page="data")
    upload(at, [("[a](javascript:x).csv", members, "text/csv"), ("teams.csv", teams, "text/csv")])
    assert_clean(at)
    assert not at.get("html")
    for element in [*at.markdown, *at.success, *at.caption, *at.error, *at.info, *at.warning]:
        assert "](javascript" not in element.value
        assert "<img" not in element.value
    open_page(at, "statistics")
    assert_clean(at)
    assert not at.get("html")


def test_template_download_is_offered() -> None:
    at = start("en", page="data")
    if ui.state.TEMPLATE_WORKBOOK.is_file():
        (button,) = at.get("download_button")
        assert button.label == t("ui.data.template_button", "en")
    else:  # the page says how to make it rather than failing
        assert t("ui.data.template_missing", "en") in values(at.caption)


# --- Statistics -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_empty_state(lang: str) -> None:
    at = start(lang, page="statistics")
    assert t("ui.stats.empty", lang) in values(at.info)
    assert not at.metric
    assert not at.get("vega_lite_chart")
    assert len(at.get("page_link")) == 1


def _chart_texts(at: AppTest) -> str:
    return " ".join(
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")
    )


def test_statistics_metrics_charts_tables_filter_and_cap() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    open_page(at, "statistics")
    assert_clean(at)
    assert metric(at, "ui.stats.members") == "5"
    assert metric(at, "ui.stats.areas") == "2"
    assert metric(at, "ui.stats.teams") == "3"
    assert len(at.get("vega_lite_chart")) == 5
    assert len(at.dataframe) == 3  # per area, teams, current branches
    assert t("charts.area_size.rule", "en", cap=50) in _chart_texts(at)

    at.multiselect(key="stats.areas").set_value(["瑞丽"]).run()
    assert metric(at, "ui.stats.members") == "3"
    assert metric(at, "ui.stats.areas") == "1"
    assert at.dataframe[0].value[t("stats.col.area", "en")].tolist() == ["瑞丽"]

    at.number_input(key="stats.cap").set_value(30).run()
    assert_clean(at)
    assert t("charts.area_size.rule", "en", cap=30) in _chart_texts(at)


def test_statistics_area_choice_from_an_earlier_roster_is_dropped() -> None:
    at = start("en", page="data")
    upload(at, GOOD_UPLOAD)
    open_page(at, "statistics")
    at.multiselect(key="stats.areas").set_value(["瑞丽"]).run()
    other = "member_id,name,area\n9,x,新区\n".encode()
    open_page(at, "data")
    upload(at, [("members.csv", other, "text/csv"), ("teams.csv", b"name,area\n", "text/csv")])
    open_page(at, "statistics")
    assert_clean(at)
    assert metric(at, "ui.stats.members") == "1"


# --- Friendly errors ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unexpected_failure_shows_our_message_and_logs_the_traceback(
    lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    # a roster whose frames lack every expected column: the page cannot compute anything
    broken = Roster(members=pd.DataFrame({"x": [1]}), teams=pd.DataFrame({"y": [1]}))
    at = make_app(lang=lang)
    at.session_state[ui.state.ROSTER_KEY] = LoadedRoster(roster=broken, sources=("x.csv",), signature="s")
    at.run()
    with caplog.at_level(logging.ERROR, logger="workbench.ui"):
        open_page(at, "statistics")
    assert not at.exception
    # the sidebar's roster summary fails too: each part shows its own message
    messages = values(at.error)
    prefix = t("ui.error.unexpected", lang, ref="REF").split("REF")[0]
    assert messages and all(m.startswith(prefix) for m in messages)
    assert not any("Traceback" in m or "KeyError" in m for m in messages)
    logged = " ".join(
        r.getMessage() for r in caplog.records if r.name == "workbench.ui" and r.exc_info is not None
    )
    for message in messages:  # each reference the user can quote finds its traceback in the log
        references = [ref for ref in re.findall(r"[0-9a-f]{8}", message) if f"[ref {ref}]" in logged]
        assert len(references) == 1, (message, logged)
    # the frame still works: the sidebar and navigation are there
    assert at.button_group(key="ui.lang.switch")
