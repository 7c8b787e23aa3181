"""Real Chromium: the pictures of the largest area (鹤北一, 329 members in one branch today) are
readable at 1280×720, nothing is fetched from outside localhost, and the printed roster of the
whole sample community is one A4 page per branch.

Screenshots (1280×720) go to ``test-artifacts/``: pictures-statistics, pictures-org-chart,
pictures-flow. Look at them: the test checks sizes, a person checks that they read well.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from planner.export import printable_roster_html
from planner.i18n import t
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.settings import Settings
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

AREA = "鹤北一"
PLAN_TIMEOUT_MS = 120_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}
VIEWPORT = {"width": 1280, "height": 720}


def _sidebar_link(page: Any, key: str, lang: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t(key, lang), exact=True).click()


def _choose(page: Any, test_id: str, label: str, option: str) -> None:
    widget = page.get_by_test_id(test_id).filter(has=page.get_by_text(label, exact=True)).first
    field = widget.locator("input").first
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def _no_exception_shown(page: Any) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.inner_text("body")


def _run_plan(page: Any, lang: str, n: int) -> None:
    page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
    # the sidebar counts the scenarios kept
    expect(page.get_by_text(t("uiw.sidebar.scenarios", lang, count=n))).to_be_visible(timeout=PLAN_TIMEOUT_MS)


def _shot_of(page: Any, element: Any, name: str) -> None:
    """A 1280×720 screenshot with ``element`` at the top of the window."""
    element.scroll_into_view_if_needed()
    element.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_pictures_of_the_largest_area_are_readable_and_nothing_leaves_localhost(
    browser: Any, app_url: str
) -> None:
    lang = "zh"
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and (urlparse(request.url).hostname or "") not in LOCAL_HOSTS
            else None
        ),
    )
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang={lang}")
        page.get_by_role("heading", name=t("ui.home.title", lang)).wait_for()
        # the tab icon is the app's own file, served by the app
        icon = page.locator("link[rel*='icon']").first.get_attribute("href") or ""
        assert "gstatic" not in icon and "googleapis" not in icon, icon

        _sidebar_link(page, "ui.nav.data", lang)
        page.get_by_role("button", name=t("ui.data.sample_button", lang)).click()
        roster = read_roster_paths([SAMPLE_WORKBOOK])
        loaded = t(
            "ui.data.loaded",
            lang,
            source=t("ui.source.sample", lang),
            members=f"{len(roster.members):,}",
            teams=f"{len(roster.teams):,}",
            areas=roster.members["area"].nunique(),
        )
        page.get_by_text(loaded).wait_for()

        _sidebar_link(page, "ui.nav.statistics", lang)
        page.get_by_role("heading", name=t("ui.stats.title", lang)).wait_for()
        page.wait_for_function("document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 5")
        page.wait_for_timeout(800)
        _no_exception_shown(page)
        page.screenshot(path=str(ARTIFACTS / "pictures-statistics.png"))
        per_team = page.locator(".vega-embed").nth(2)
        _shot_of(page, per_team, "pictures-statistics-per-team")

        # Plan the largest area twice (Compare needs two scenarios)
        _sidebar_link(page, "uiw.nav.plan", lang)
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        # the areas are on the face of the Plan form
        _choose(page, "stMultiSelect", t("ui.filter.areas", lang), AREA)
        page.keyboard.press("Escape")
        _run_plan(page, lang, 1)
        _run_plan(page, lang, 2)

        # the org chart: drawn at its own size (its text is not shrunk), every branch readable
        chart = page.get_by_test_id("stImage").locator("img").first
        chart.wait_for()
        natural, shown = chart.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        assert shown >= 0.95 * natural, (natural, shown)  # not scaled down: 15–18 px text stays so
        _no_exception_shown(page)
        _shot_of(page, chart, "pictures-org-chart")
        # full screen (Streamlit's own toolbar button on the image) for the back of the room
        chart.hover()
        page.get_by_role("button", name="Fullscreen").first.click()
        page.wait_for_timeout(600)
        page.screenshot(path=str(ARTIFACTS / "pictures-org-chart-fullscreen.png"))
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
        assert page.get_by_role("button", name=t("pictures.org.download_png", lang)).count() == 1
        with page.expect_download() as png:
            page.get_by_role("button", name=t("pictures.org.download_png", lang)).click()
        with open(png.value.path(), "rb") as downloaded:
            assert downloaded.read(8).startswith(b"\x89PNG")

        # Compare today's branches with the plan: the flow picture
        _sidebar_link(page, "uiw.nav.compare", lang)
        page.get_by_role("heading", name=t("uiw.compare.title", lang)).wait_for()
        _choose(page, "stSelectbox", t("uiw.compare.from", lang), t("uiw.compare.today", lang))
        page.get_by_text(t("uiw.compare.flow", lang), exact=True).wait_for()
        flow = page.locator(".vega-embed").nth(2)
        flow.wait_for()
        page.wait_for_timeout(800)
        box = flow.bounding_box()
        assert box is not None and box["height"] >= 320 and box["width"] <= VIEWPORT["width"]
        assert box["height"] <= VIEWPORT["height"]  # the whole flow fits one screen
        _no_exception_shown(page)
        _shot_of(page, flow, "pictures-flow")
        _shot_of(page, page.locator(".vega-embed").nth(0), "pictures-compare-charts")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "pictures-failure.png"))
        raise
    finally:
        context.close()
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
