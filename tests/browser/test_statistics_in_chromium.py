"""Real Chromium against ``streamlit run``: load the sample, open Statistics, see the charts.

Screenshots go to ``test-artifacts/``. With ``UPDATE_SCREENSHOT=1`` the Statistics page is also
saved as ``docs/screenshot.png`` for the README.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from planner.i18n import t
from planner.reader import read_roster_paths
from tests.browser.conftest import ROOT, STEP_TIMEOUT_MS
from tests.browser.helpers import new_context, no_exception_shown, sample_loaded_text, shot
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

CHARTS = 5
# vega-embed draws each chart into an svg (or a canvas) inside its .vega-embed container
CHARTS_DRAWN = f"document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= {CHARTS}"
#: titles the charts draw in each language (the heat map's long title may be cut short)
TITLE_KEYS = (
    "charts.area_size.title",
    "charts.teams_by_type.title",
    "charts.per_team.title",
    "charts.composition.title",
)
TITLES_DRAWN = """titles => {
    const drawn = Array.from(document.querySelectorAll('.vega-embed svg')).map(s => s.textContent).join(' ');
    return titles.every(title => drawn.includes(title));
}"""


def _charts_drawn(page: Any, lang: str) -> None:
    """Five charts drawn, titled in ``lang`` (so not the previous language's, still on screen)."""
    page.wait_for_function(CHARTS_DRAWN, timeout=STEP_TIMEOUT_MS)
    titles = [t(key, lang) for key in TITLE_KEYS]
    page.wait_for_function(TITLES_DRAWN, arg=titles, timeout=STEP_TIMEOUT_MS)
    expect(page.locator(".vega-embed")).to_have_count(CHARTS)


def test_sample_to_statistics_in_both_languages(browser: Any, app_url: str) -> None:
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    members = len(roster.members)
    loaded = sample_loaded_text(roster, "en")
    context = new_context(browser, "en-US", {"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        # Home in the browser's language, and the language lands in the URL
        page.goto(app_url)
        page.get_by_role("heading", name=t("ui.home.title", "en")).wait_for()
        assert "lang=en" in page.url

        # Data: the sample community
        page.get_by_role("link", name=t("ui.home.go_data", "en")).click()
        page.get_by_role("button", name=t("ui.data.sample_button", "en")).click()
        page.get_by_text(loaded).wait_for()
        assert re.search(r"/data\?lang=en", page.url)
        shot(page, "data-en")

        # Statistics: the headline metric and the five charts
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=t("ui.nav.statistics", "en")).click()
        page.get_by_role("heading", name=t("ui.stats.title", "en")).wait_for()
        # auto-retrying assertions: the page draws its elements over a few frames
        first_metric = page.get_by_test_id("stMetric").first
        expect(first_metric.get_by_test_id("stMetricLabel")).to_contain_text(t("ui.stats.members", "en"))
        expect(first_metric.get_by_test_id("stMetricValue")).to_have_text(f"{members:,}")
        _charts_drawn(page, "en")
        assert "lang=en" in page.url
        no_exception_shown(page)
        shot(page, "statistics-en")
        if os.environ.get("UPDATE_SCREENSHOT") == "1":
            # tall enough for the metrics and all five charts
            page.set_viewport_size({"width": 1400, "height": 2000})
            _charts_drawn(page, "en")
            page.wait_for_timeout(1500)  # let the charts re-lay out to the new size
            (ROOT / "docs").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            page.set_viewport_size({"width": 1400, "height": 1000})

        # Switch to Chinese in the sidebar: same roster, same page, Chinese words, URL follows
        page.get_by_test_id("stSidebar").get_by_role("radio", name="中文").click()
        page.get_by_role("heading", name=t("ui.stats.title", "zh")).wait_for()
        page.wait_for_url(re.compile(r"lang=zh"))
        _charts_drawn(page, "zh")
        first_metric = page.get_by_test_id("stMetric").first
        expect(first_metric.get_by_test_id("stMetricLabel")).to_contain_text(t("ui.stats.members", "zh"))
        expect(first_metric.get_by_test_id("stMetricValue")).to_have_text(f"{members:,}")
        no_exception_shown(page)
        shot(page, "statistics-zh")

        # Another browser session opening Statistics directly sees no roster: it lives in
        # the first session only
        other = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
        try:
            stranger = other.new_page()
            stranger.goto(f"{app_url}/statistics?lang=en", timeout=STEP_TIMEOUT_MS)
            expect(stranger.get_by_text(t("ui.stats.empty", "en"))).to_be_visible()
            expect(stranger.get_by_test_id("stMetric")).to_have_count(0)
            shot(stranger, "statistics-other-session")
        finally:
            other.close()
    finally:
        context.close()
