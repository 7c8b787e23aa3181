"""Real Chromium: the pictures of the largest area (鹤北一, 329 members in one branch today) are
readable at 1280×720, nothing is fetched from outside localhost, and the printed roster of the
whole sample community is one A4 page per branch.

Screenshots (1280×720) go to ``test-artifacts/``: pictures-statistics, pictures-org-chart,
pictures-flow. Look at them: the test checks sizes, a person checks that they read well.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from planner.export import printable_roster_html
from planner.i18n import t
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.settings import Settings
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS
from tests.browser.helpers import (
    PLAN_TIMEOUT_MS,
    VIEWPORT,
    choose,
    choose_areas,
    load_sample,
    nav,
    new_context,
    no_exception_shown,
    open_home,
    outside_requests,
    record_requests,
    sample_loaded_text,
    shot,
    shot_of,
)
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

AREA = "鹤北一"


def _run_plan(page: Any, lang: str, n: int) -> None:
    page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
    # the sidebar counts the scenarios kept
    expect(page.get_by_text(t("uiw.sidebar.scenarios", lang, count=n))).to_be_visible(timeout=PLAN_TIMEOUT_MS)


def test_pictures_of_the_largest_area_are_readable_and_nothing_leaves_localhost(
    browser: Any, app_url: str
) -> None:
    lang = "zh"
    context = new_context(browser, "zh-CN")
    requests = record_requests(context)
    page = context.new_page()
    try:
        open_home(page, app_url, lang)
        # the tab icon is the app's own file, served by the app
        icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
        assert "gstatic" not in icon and "googleapis" not in icon, icon

        roster = read_roster_paths([SAMPLE_WORKBOOK])
        load_sample(page, lang, sample_loaded_text(roster, lang))

        nav(page, "ui.nav.statistics", lang)
        page.get_by_role("heading", name=t("ui.stats.title", lang)).wait_for()
        page.wait_for_function("document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 5")
        page.wait_for_timeout(800)
        no_exception_shown(page)
        shot(page, "pictures-statistics")
        per_team = page.locator(".vega-embed").nth(2)
        shot_of(page, per_team, "pictures-statistics-per-team")

        # Plan the largest area twice (Compare needs two scenarios)
        nav(page, "uiw.nav.plan", lang)
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        choose_areas(page, lang, (AREA,))
        _run_plan(page, lang, 1)
        _run_plan(page, lang, 2)

        # the org chart: drawn at its own size (its text is not shrunk), every branch readable
        chart = page.get_by_test_id("stImage").locator("img").first
        chart.wait_for()
        natural, shown = chart.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        assert shown >= 0.95 * natural, (natural, shown)  # not scaled down: 15–18 px text stays so
        no_exception_shown(page)
        shot_of(page, chart, "pictures-org-chart")
        # full screen (Streamlit's own toolbar button on the image) for the back of the room
        chart.hover()
        page.get_by_role("button", name="Fullscreen").first.click()
        page.wait_for_timeout(600)
        shot(page, "pictures-org-chart-fullscreen")
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        assert page.get_by_role("button", name=t("pictures.org.download_png", lang)).count() == 1
        with page.expect_download() as png:
            page.get_by_role("button", name=t("pictures.org.download_png", lang)).click()
        with open(png.value.path(), "rb") as downloaded:
            assert downloaded.read(8).startswith(b"\x89PNG")

        # Compare today's branches with the plan: the flow picture
        nav(page, "uiw.nav.compare", lang)
        page.get_by_role("heading", name=t("uiw.compare.title", lang)).wait_for()
        choose(page, "stSelectbox", t("uiw.compare.from", lang), t("uiw.compare.today", lang))
        page.get_by_text(t("uiw.compare.flow", lang), exact=True).wait_for()
        flow = page.locator(".vega-embed").nth(2)
        flow.wait_for()
        page.wait_for_timeout(800)
        box = flow.bounding_box()
        assert box is not None and box["height"] >= 320 and box["width"] <= VIEWPORT["width"]
        assert box["height"] <= VIEWPORT["height"]  # the whole flow fits one screen
        no_exception_shown(page)
        shot_of(page, flow, "pictures-flow")
        shot_of(page, page.locator(".vega-embed").nth(0), "pictures-compare-charts")
    except Exception:
        shot(page, "pictures-failure")
        raise
    finally:
        context.close()
    outside = outside_requests(requests)
    assert not outside, f"requests left localhost: {sorted(set(outside))[:10]}"


def test_the_printed_roster_is_one_a4_page_per_branch(browser: Any) -> None:
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    plan = plan_community(roster, Settings(), lang="zh")
    page_html = printable_roster_html(plan, roster, "zh", scenario="方案 1")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(page_html)
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    (ARTIFACTS / "pictures-roster.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages == len(plan.branches), (pages, len(plan.branches))
