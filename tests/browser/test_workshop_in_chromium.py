"""Real Chromium against ``streamlit run``: the workshop loop in both languages.

Sample -> Plan (two small areas, run in the background and polled) -> Tweak (move one member,
see the broken rule appear) -> re-plan around it -> Compare two scenarios -> Export (download the
workbook and check its sheets and counts with openpyxl). A second browser session meanwhile sees
none of it. Screenshots of every page go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from planner.export import SHEETS, sheet_name
from planner.i18n import t
from planner.reader import read_roster_paths
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

#: two small areas: 汽四 stays one branch, 红一 gets several
AREAS = ("汽四", "红一")
MOVE_AREA = "红一"
#: a plan of two small areas takes seconds; generous for a slow CI machine
PLAN_TIMEOUT_MS = 120_000


def _sidebar_link(page: Any, key: str, lang: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t(key, lang), exact=True).click()


def _no_exception_shown(page: Any, lang: str) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    body = page.inner_text("body")
    assert "Traceback" not in body
    prefix = t("ui.error.unexpected", lang, ref="X").split("X")[0][:12]
    assert prefix not in body


def _choose(page: Any, test_id: str, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox or multiselect labelled ``label`` by typing it."""
    widget = page.get_by_test_id(test_id).filter(has=page.get_by_text(label, exact=True)).first
    field = widget.locator("input").first
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _workshop_loop(
    browser: Any, app_url: str, lang: str, members_planned: int, loaded: str, mover: str
) -> None:
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1100})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang={lang}")
        page.get_by_role("heading", name=t("ui.home.title", lang)).wait_for()

        # Data: the sample community
        _sidebar_link(page, "ui.nav.data", lang)
        page.get_by_role("button", name=t("ui.data.sample_button", lang)).click()
        page.get_by_text(loaded).wait_for()

        # Plan: two areas, in the background; the page polls until the scenario is kept
        _sidebar_link(page, "uiw.nav.plan", lang)
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        expect(page.get_by_text(t("source.branch_regulations_size", lang), exact=False).first).to_be_visible()
        for area in AREAS:
            _choose(page, "stMultiSelect", t("ui.filter.areas", lang), area)
        page.keyboard.press("Escape")
        page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
        first = t("uiw.plan.default_name", lang, n=1)
        kept = t("uiw.job.kept", lang, name=first, seconds="X").split("X")[0]
        expect(page.get_by_text(kept, exact=False)).to_be_visible(timeout=PLAN_TIMEOUT_MS)
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        page.get_by_test_id("stImage").locator("img").first.wait_for()
        _no_exception_shown(page, lang)
        _shot(page, f"workshop-plan-{lang}")

        # Tweak: move one member of 红一 into a new comprehensive branch: the broken rule appears
        _sidebar_link(page, "uiw.nav.tweak", lang)
        page.get_by_role("heading", name=t("uiw.tweak.title", lang)).wait_for()
        _choose(
            page,
            "stSelectbox",
            t("uiw.area", lang),
            t("uiw.area_members_option", lang, area=MOVE_AREA, members=54),
        )
        members = page.get_by_test_id("stMultiSelect").filter(
            has=page.get_by_text(t("uiw.tweak.members", lang), exact=True)
        )
        members.locator("input").first.click()
        members.locator("input").first.fill(mover)
        page.get_by_role("option").filter(has_text=mover).first.click()
        page.keyboard.press("Escape")
        _choose(page, "stSelectbox", t("uiw.tweak.target", lang), t("uiw.tweak.new_comprehensive", lang))
        page.get_by_role("button", name=t("uiw.tweak.move", lang), exact=True).click()
        broken = t("uiw.tweak.new_broken", lang, count=1).split("1")[0]
        expect(page.get_by_text(broken, exact=False)).to_be_visible()
        expect(page.get_by_text(t("rule.min_full_members.title", lang), exact=False).first).to_be_visible()
        expect(page.get_by_text(t("uiw.tweak.draft_state", lang, moves=1, pins=0))).to_be_visible()
        _no_exception_shown(page, lang)
        _shot(page, f"workshop-tweak-{lang}")

        # Re-plan around the move: a new scenario that remembers its parent
        page.get_by_role("button", name=t("uiw.tweak.replan", lang)).click()
        replanned = t("uiw.tweak.replan_name", lang, name=first)
        expect(
            page.get_by_text(t("uiw.job.kept", lang, name=replanned, seconds="X").split("X")[1], exact=False)
        ).to_be_visible(timeout=PLAN_TIMEOUT_MS)
        expect(page.get_by_text(t("uiw.sidebar.scenarios", lang, count=2))).to_be_visible()

        # Compare: the two scenarios side by side, who moves
        _sidebar_link(page, "uiw.nav.compare", lang)
        page.get_by_role("heading", name=t("uiw.compare.title", lang)).wait_for()
        expect(page.get_by_text(t("uiw.compare.metrics", lang), exact=True)).to_be_visible()
        moved = re.compile(
            re.escape(t("uiw.compare.moved_count", lang, count="§", source="§", target="§")).replace(
                "§", ".*"
            )
        )
        expect(page.get_by_text(moved)).to_be_visible()
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for()
        _no_exception_shown(page, lang)
        _shot(page, f"workshop-compare-{lang}")

        # Export: the workbook of the re-planned scenario, checked with openpyxl
        _sidebar_link(page, "uiw.nav.export", lang)
        page.get_by_role("heading", name=t("uiw.export.title", lang)).wait_for()
        summary = page.get_by_text(
            re.compile(
                re.escape(
                    t("uiw.export.summary", lang, members="§", branches="§", areas="§", broken="§")
                ).replace("§", r"[\d,]+")
            )
        ).first
        figures = [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", summary.inner_text())]
        members_shown, branches_shown = figures[0], figures[1]
        assert members_shown == members_planned
        _shot(page, f"workshop-export-{lang}")
        with page.expect_download() as download_info:
            page.get_by_role("button", name=t("uiw.export.download", lang)).first.click()
        download = download_info.value
        path = ARTIFACTS / f"workshop-{lang}.xlsx"
        download.save_as(str(path))
        assert download.suggested_filename.endswith(".xlsx")
        workbook = openpyxl.load_workbook(path, read_only=True)
        assert workbook.sheetnames == [sheet_name(s, lang) for s in SHEETS]
        assert workbook[sheet_name("members", lang)].max_row == members_planned + 1
        assert workbook[sheet_name("branches", lang)].max_row == branches_shown + 1
        _no_exception_shown(page, lang)

        # another session sees none of it
        other = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 800})
        try:
            stranger = other.new_page()
            stranger.goto(f"{app_url}/compare?lang={lang}", timeout=STEP_TIMEOUT_MS)
            expect(stranger.get_by_text(t("uiw.empty.no_roster", lang))).to_be_visible()
            _shot(stranger, f"workshop-other-session-{lang}")
        finally:
            other.close()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_workshop_loop_in_chromium(browser: Any, app_url: str, lang: str) -> None:
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    members_planned = int(roster.members["area"].isin(AREAS).sum())
    loaded = t(
        "ui.data.loaded",
        lang,
        source=t("ui.source.sample", lang),
        members=f"{len(roster.members):,}",
        teams=f"{len(roster.teams):,}",
        areas=roster.members["area"].nunique(),
    )
    # the member moved by hand: the first of the area, by id
    mover = str(roster.members.loc[roster.members["area"] == MOVE_AREA, "member_id"].min())
    _workshop_loop(browser, app_url, lang, members_planned, loaded, mover)
