"""Real Chromium against ``streamlit run`` (issue 10, item 7): a reload during a solve leaves the
run orphaned (the reload is a new session); the job notices its session is gone and stops the
run's worker processes within seconds, instead of solving on for nobody."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

import psutil
import pytest
from playwright.sync_api import expect

from planner.i18n import t
from planner.reader import read_roster_paths
from tests.browser.helpers import load_sample, nav, new_context, open_home, sample_loaded_text, shot
from ui.jobs import GONE_SECONDS
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
WORKER_MARK = "from planner.runner import worker_main"


def _server(app_url: str) -> psutil.Process:
    port = str(urlparse(app_url).port)
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "streamlit" in " ".join(cmdline) and port in cmdline:
            return process
    raise AssertionError(f"no streamlit server on port {port}")


def _workers(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if WORKER_MARK in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _wait(check: Any, seconds: float) -> float:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, "timed out"
        time.sleep(0.25)
    return time.monotonic() - start


def test_a_reload_during_a_solve_stops_the_orphaned_runs_workers(browser: Any, app_url: str) -> None:
    lang = "en"
    server = _server(app_url)
    context = new_context(browser, "en-US")
    page = context.new_page()
    try:
        open_home(page, app_url, lang)
        roster = read_roster_paths([SAMPLE_WORKBOOK])
        load_sample(page, lang, sample_loaded_text(roster, lang))
        nav(page, "uiw.nav.plan", lang)
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        page.get_by_role("button", name=t("uiw.plan.run", lang)).click()  # every area: a long run
        cancel = page.get_by_role("button", name=t("uiw.job.cancel", lang))
        expect(cancel).to_be_visible()
        _wait(lambda: bool(_workers(server)), 60)
        shot(page, "reload-before")

        page.reload()
        page.get_by_role("heading", name=t("uiw.plan.title", lang)).wait_for()
        took = _wait(lambda: not _workers(server), GONE_SECONDS + 30)
        shot(page, "reload-after")
        # the reloaded page is a new session: no run of its own, nothing running in its name
        expect(cancel).to_have_count(0)
        assert took <= GONE_SECONDS + 30
    finally:
        context.close()


def test_cancel_returns_at_once_and_the_finished_areas_can_be_kept(browser: Any, app_url: str) -> None:
    lang = "en"
    server = _server(app_url)
    context = new_context(browser, "en-US")
    page = context.new_page()
    try:
        open_home(page, app_url, lang)
        # the sample's loaded line: "5,919" alone also stands in the saved workshops' list
        load_sample(page, lang, sample_loaded_text(read_roster_paths([SAMPLE_WORKBOOK]), lang))
        nav(page, "uiw.nav.plan", lang)
        page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
        cancel = page.get_by_role("button", name=t("uiw.job.cancel", lang))
        expect(cancel).to_be_visible()
        # once the first (largest) areas are done, cancel
        done = t("uiw.sidebar.job.plan", lang, done=2, total=39)
        expect(page.get_by_text(done)).to_be_visible(timeout=120_000)
        cancel.click()
        clicked = time.monotonic()
        title = page.get_by_text("Cancelled:", exact=False).filter(has_text="areas had been planned")
        expect(title).to_be_visible()
        shown = time.monotonic() - clicked
        took = _wait(lambda: not _workers(server), 10)
        expect(page.get_by_text(t("uiw.job.cancelled", lang))).to_have_count(0)  # not "nothing was kept"
        shot(page, "cancel-partial")
        page.get_by_role("button", name=t("security.partial.keep", lang)).click()
        expect(page.get_by_text("Kept as the partial scenario", exact=False)).to_be_visible(timeout=120_000)
        shot(page, "cancel-partial-kept")
        assert shown < 30 and took < 10  # generous: a cancel that ran on would take minutes
    finally:
        context.close()
