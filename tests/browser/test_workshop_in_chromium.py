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
from tests.browser.helpers import (
    PLAN_TIMEOUT_MS,
    choose_areas,
    load_sample,
    move_to_new_branch,
    nav,
    new_context,
    no_exception_shown,
    open_home,
    sample_loaded_text,
    shot,
    wait_kept,
)
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

#: two small areas: 汽四 stays one branch, 红一 gets several
AREAS = ("汽四", "红一")
MOVE_AREA = "红一"


def _workshop_loop(
    browser: Any, app_url: str, lang: str, members_planned: int, loaded: str, mover: str
) -> None:
    context = new_context(browser, "en-US", {"width": 1400, "height": 1100})
    page = context.new_page()
    try:
        open_home(page, app_url, lang)

        # Data: the sample community
        load_sample(page, lang, loaded)

        # Plan: two areas, in the background; the page polls until the scenario is kept
        nav(page, "uiw.nav.plan", lang)
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        expect(page.get_by_text(t("source.branch_regulations_size", lang), exact=False).first).to_be_visible()
        choose_areas(page, lang, AREAS)
        page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
        first = t("uiw.plan.default_name", lang, n=1)
        wait_kept(page, lang, first)
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        page.get_by_test_id("stImage").locator("img").first.wait_for()
        no_exception_shown(page, lang)
        shot(page, f"workshop-plan-{lang}")

        # Tweak: move one member of 红一 into a new comprehensive branch: the broken rule appears
        move_to_new_branch(page, lang, MOVE_AREA, 54, mover)
        broken = t("uiw.tweak.new_broken", lang, count=1).split("1")[0]
        expect(page.get_by_text(broken, exact=False)).to_be_visible()
        expect(page.get_by_text(t("rule.min_full_members.title", lang), exact=False).first).to_be_visible()
        expect(page.get_by_text(t("uiw.tweak.draft_state", lang, moves=1, pins=0))).to_be_visible()
        no_exception_shown(page, lang)
        shot(page, f"workshop-tweak-{lang}")

        # Re-plan around the move: a new scenario that remembers its parent
        page.get_by_role("button", name=t("uiw.tweak.replan", lang)).click()
        replanned = t("uiw.tweak.replan_name", lang, name=first)
        expect(
            page.get_by_text(t("uiw.job.kept", lang, name=replanned, seconds="X").split("X")[1], exact=False)
        ).to_be_visible(timeout=PLAN_TIMEOUT_MS)
        expect(page.get_by_text(t("uiw.sidebar.scenarios", lang, count=2))).to_be_visible()

        # Compare: the two scenarios side by side, who moves
        nav(page, "uiw.nav.compare", lang)
        page.get_by_role("heading", name=t("uiw.compare.title", lang)).wait_for()
        expect(page.get_by_text(t("uiw.compare.metrics", lang), exact=True)).to_be_visible()
        moved = re.compile(
            re.escape(t("uiw.compare.moved_count", lang, count="§", source="§", target="§")).replace(
                "§", ".*"
            )
        )
        expect(page.get_by_text(moved)).to_be_visible()
        page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for()
        no_exception_shown(page, lang)
        shot(page, f"workshop-compare-{lang}")

        # Export: the workbook of the re-planned scenario, checked with openpyxl
        nav(page, "uiw.nav.export", lang)
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
        shot(page, f"workshop-export-{lang}")
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
        no_exception_shown(page, lang)

        # another session sees none of it
        other = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 800})
        try:
            stranger = other.new_page()
            stranger.goto(f"{app_url}/compare?lang={lang}", timeout=STEP_TIMEOUT_MS)
            expect(stranger.get_by_text(t("uiw.empty.no_roster", lang))).to_be_visible()
            shot(stranger, f"workshop-other-session-{lang}")
        finally:
            other.close()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_workshop_loop_in_chromium(browser: Any, app_url: str, lang: str) -> None:
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    members_planned = int(roster.members["area"].isin(AREAS).sum())
    loaded = sample_loaded_text(roster, lang)
    # the member moved by hand: the first of the area, by id
    mover = str(roster.members.loc[roster.members["area"] == MOVE_AREA, "member_id"].min())
    _workshop_loop(browser, app_url, lang, members_planned, loaded, mover)
