"""Steps the browser tests share: open a page, navigate, choose, load the sample, plan, look.

Each takes a Playwright ``page`` (or ``browser``) and the UI language; they wait for what they
start, so a test reads as the workshop it walks through.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import expect

from planner.i18n import t
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS

VIEWPORT = {"width": 1280, "height": 720}
#: a plan of a few areas takes seconds; generous for a loaded machine
PLAN_TIMEOUT_MS = 120_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


def new_context(browser: Any, locale: str, viewport: dict[str, int] = VIEWPORT) -> Any:
    """A fresh browser session (its own Streamlit session) whose every wait is bounded."""
    context = browser.new_context(locale=locale, viewport=viewport)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    return context


def record_requests(context: Any) -> list[str]:
    """The URLs ``context`` requests from now on, appended as they happen."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    return requests


def outside_requests(requests: list[str]) -> list[str]:
    """Requests to any host but this machine (the tab icon included: it is shipped)."""
    return [
        u
        for u in requests
        if urlparse(u).scheme not in ("data", "blob") and urlparse(u).hostname not in LOCAL_HOSTS
    ]


def open_home(page: Any, base_url: str, lang: str) -> None:
    page.goto(f"{base_url}/?lang={lang}")
    page.get_by_role("heading", name=t("ui.home.title", lang)).wait_for()


def nav(page: Any, key: str, lang: str) -> None:
    """Follow the sidebar link titled ``t(key)``."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t(key, lang), exact=True).click()


def choose(page: Any, test_id: str, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox or multiselect labelled ``label`` by typing it."""
    widget = page.get_by_test_id(test_id).filter(has=page.get_by_text(label, exact=True)).first
    field = widget.locator("input").first
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def choose_areas(page: Any, lang: str, areas: tuple[str, ...]) -> None:
    """Pick ``areas`` in the Plan form's area filter (on the face of the form) and close it."""
    for area in areas:
        choose(page, "stMultiSelect", t("ui.filter.areas", lang), area)
    page.keyboard.press("Escape")


def move_to_new_branch(page: Any, lang: str, area: str, area_members: int, mover: str) -> None:
    """On Tweak, move ``mover`` of ``area`` (``area_members`` members) into a new comprehensive
    branch."""
    nav(page, "uiw.nav.tweak", lang)
    page.get_by_role("heading", name=t("uiw.tweak.title", lang)).wait_for()
    choose(
        page,
        "stSelectbox",
        t("uiw.area", lang),
        t("uiw.area_members_option", lang, area=area, members=area_members),
    )
    members = page.get_by_test_id("stMultiSelect").filter(
        has=page.get_by_text(t("uiw.tweak.members", lang), exact=True)
    )
    members.locator("input").first.click()
    members.locator("input").first.fill(mover)
    page.get_by_role("option").filter(has_text=mover).first.click()
    page.keyboard.press("Escape")
    choose(page, "stSelectbox", t("uiw.tweak.target", lang), t("uiw.tweak.new_comprehensive", lang))
    page.get_by_role("button", name=t("uiw.tweak.move", lang), exact=True).click()


def sample_loaded_text(roster: Any, lang: str) -> str:
    """The Data page's line once the sample ``roster`` is loaded."""
    return t(
        "ui.data.loaded",
        lang,
        source=t("ui.source.sample", lang),
        members=f"{len(roster.members):,}",
        teams=f"{len(roster.teams):,}",
        areas=roster.members["area"].nunique(),
    )


def load_sample(page: Any, lang: str, loaded: str | None = None) -> None:
    """Data page, sample button; wait for ``loaded`` (default: the preview's heading)."""
    nav(page, "ui.nav.data", lang)
    page.get_by_role("button", name=t("ui.data.sample_button", lang)).click()
    if loaded is None:
        page.get_by_text(t("ui.data.preview", lang), exact=True).wait_for()
    else:
        page.get_by_text(loaded).wait_for()


def wait_kept(page: Any, lang: str, name: str) -> None:
    """Wait until the background plan reports the scenario ``name`` kept."""
    kept = t("uiw.job.kept", lang, name=name, seconds="X").split("X")[0]
    expect(page.get_by_text(kept, exact=False).first).to_be_visible(timeout=PLAN_TIMEOUT_MS)


def settled(page: Any, heading: str) -> None:
    """``heading`` shown, charts and tables drawn, no exception on the page."""
    page.get_by_role("heading", name=heading).first.wait_for()
    page.wait_for_timeout(800)  # charts and tables finish drawing
    expect(page.get_by_test_id("stException")).to_have_count(0)


def no_exception_shown(page: Any, lang: str | None = None) -> None:
    """No exception box, no traceback, and (given ``lang``) not the app's unexpected-error line."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    body = page.inner_text("body")
    assert "Traceback" not in body
    if lang is not None:
        prefix = t("ui.error.unexpected", lang, ref="X").split("X")[0][:12]
        assert prefix not in body


def shot(page: Any, name: str) -> None:
    """A screenshot of the window to ``test-artifacts/<name>.png``."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def shot_of(page: Any, element: Any, name: str) -> None:
    """A screenshot with ``element`` at the top of the window."""
    element.scroll_into_view_if_needed()
    element.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    shot(page, name)
