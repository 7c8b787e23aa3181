"""Real Chromium: a workshop survives a reload, and participants follow it read-only.

Two ``streamlit run`` servers share one temporary workshop store: the facilitator's (default
settings: a loopback browser is the facilitator) and the participants' (started with
``WORKBENCH_FACILITATOR_ADDRESSES`` naming an address no browser here has, so every browser on it
is a participant). That is how a workshop runs for real, seen from two kinds of machine: the
facilitator's laptop on localhost, everyone else through the network address; a local browser
cannot come from another machine, so the setting makes it a participant. One server with the
setting would make the facilitator a participant too.

Facilitator: load the sample, plan two areas, move one member on Tweak, reload the page,
Continue, and find the scenario and the move intact; share the workshop. Participant: join with
the code, see the scenario read-only, see a second scenario appear (no reload) after the
facilitator plans again. A third browser without the code sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from planner.i18n import t
from planner.reader import read_roster_paths
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS, serve_app
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

AREAS = ("汽四", "红一")
MOVE_AREA = "红一"
PLAN_TIMEOUT_MS = 120_000
#: the participants' view polls every 2 s; generous for a loaded machine
APPEAR_TIMEOUT_MS = 30_000
LANG = "en"
NOT_THIS_MACHINE = "203.0.113.9"  # TEST-NET-3: no browser here has it


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    store = tmp_path_factory.mktemp("shared-store")
    with (
        serve_app("store-facilitator.log", {"WORKBENCH_DATA_DIR": str(store)}) as facilitator,
        serve_app(
            "store-participants.log",
            {"WORKBENCH_DATA_DIR": str(store), "WORKBENCH_FACILITATOR_ADDRESSES": NOT_THIS_MACHINE},
        ) as participants,
    ):
        yield facilitator, participants, store


def _nav(page: Any, key: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=t(key, LANG), exact=True).click()


def _choose(page: Any, test_id: str, label: str, option: str) -> None:
    widget = page.get_by_test_id(test_id).filter(has=page.get_by_text(label, exact=True)).first
    field = widget.locator("input").first
    field.click()
    field.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()


def _clean(page: Any) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.inner_text("body")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _plan(page: Any, name: str, *, choose_areas: bool) -> None:
    _nav(page, "uiw.nav.plan")
    page.get_by_role("heading", name=t("uiw.plan.title", LANG)).wait_for()
    if choose_areas:
        # the areas are on the face of the Plan form
        for area in AREAS:
            _choose(page, "stMultiSelect", t("ui.filter.areas", LANG), area)
        page.keyboard.press("Escape")
    page.get_by_role("button", name=t("uiw.plan.run", LANG)).click()
    kept = t("uiw.job.kept", LANG, name=name, seconds="X").split("X")[0]
    expect(page.get_by_text(kept, exact=False)).to_be_visible(timeout=PLAN_TIMEOUT_MS)


def _move_one(page: Any, mover: str) -> None:
    _nav(page, "uiw.nav.tweak")
    page.get_by_role("heading", name=t("uiw.tweak.title", LANG)).wait_for()
    _choose(
        page,
        "stSelectbox",
        t("uiw.area", LANG),
        t("uiw.area_members_option", LANG, area=MOVE_AREA, members=54),
    )
    members = page.get_by_test_id("stMultiSelect").filter(
        has=page.get_by_text(t("uiw.tweak.members", LANG), exact=True)
    )
    members.locator("input").first.click()
    members.locator("input").first.fill(mover)
    page.get_by_role("option").filter(has_text=mover).first.click()
    page.keyboard.press("Escape")
    _choose(page, "stSelectbox", t("uiw.tweak.target", LANG), t("uiw.tweak.new_comprehensive", LANG))
    page.get_by_role("button", name=t("uiw.tweak.move", LANG), exact=True).click()
    expect(page.get_by_text(t("uiw.tweak.draft_state", LANG, moves=1, pins=0))).to_be_visible()


def test_reload_continue_share_and_join(browser: Any, servers: tuple[str, str, Path]) -> None:
    facilitator_url, participants_url, store = servers
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    mover = str(roster.members.loc[roster.members["area"] == MOVE_AREA, "member_id"].min())
    first = t("uiw.plan.default_name", LANG, n=1)
    second = t("uiw.plan.default_name", LANG, n=2)

    host = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    host.set_default_timeout(STEP_TIMEOUT_MS)
    guest = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    guest.set_default_timeout(STEP_TIMEOUT_MS)
    stranger = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 720})
    try:
        page = host.new_page()
        page.goto(f"{facilitator_url}/?lang={LANG}")
        page.get_by_role("heading", name=t("ui.home.title", LANG)).wait_for()
        _nav(page, "ui.nav.data")
        page.get_by_role("button", name=t("ui.data.sample_button", LANG)).click()
        page.get_by_text(t("ui.data.preview", LANG), exact=True).wait_for()
        _plan(page, first, choose_areas=True)
        _move_one(page, mover)
        expect(
            page.get_by_text(t("store.sidebar.saved", LANG, time="X", version=0).split("X")[0])
        ).to_be_visible()
        assert (store / "workshops.sqlite3").is_file()

        # a reload: a fresh session; the saved workshop is offered and restored exactly
        page.goto(f"{facilitator_url}/?lang={LANG}")
        page.get_by_role("heading", name=t("store.resume.title", LANG)).wait_for()
        _shot(page, "store-resume-home")
        page.get_by_role("button", name=t("store.resume.continue", LANG)).first.click()
        expect(page.get_by_text(t("store.resume.continued", LANG))).to_be_visible()
        _nav(page, "uiw.nav.tweak")
        page.get_by_role("heading", name=t("uiw.tweak.title", LANG)).wait_for()
        page.wait_for_timeout(1500)
        _shot(page, "store-resumed-tweak")
        expect(page.get_by_text(t("uiw.tweak.draft_state", LANG, moves=1, pins=0))).to_be_visible()
        expect(page.get_by_text(t("uiw.sidebar.scenarios", LANG, count=1))).to_be_visible()
        assert first in page.get_by_test_id("stSelectbox").first.inner_html()  # the scenario chosen
        _clean(page)

        # share: a join code
        _nav(page, "store.nav.share")
        page.get_by_role("button", name=t("store.share.start", LANG)).click()
        code_metric = page.get_by_test_id("stMetricValue").first
        code_metric.wait_for()
        code = code_metric.inner_text().strip()
        assert len(code) == 8
        _shot(page, "store-share")

        # a participant joins with the code and sees the scenario, read-only
        viewer = guest.new_page()
        viewer.goto(f"{participants_url}/?lang={LANG}")
        viewer.get_by_role("heading", name=t("store.join.title", LANG)).wait_for()
        expect(viewer.get_by_text(t("store.resume.title", LANG))).to_have_count(0)
        viewer.get_by_label(t("store.join.code", LANG)).fill("WRONG123")
        viewer.get_by_role("button", name=t("store.join.button", LANG)).click()
        expect(viewer.get_by_text(t("store.join.wrong", LANG))).to_be_visible()
        viewer.get_by_label(t("store.join.code", LANG)).fill(code.lower())
        viewer.get_by_role("button", name=t("store.join.button", LANG)).click()
        expect(viewer.get_by_text(f"· {first}", exact=True)).to_be_visible()
        viewer.get_by_test_id("stImage").locator("img").first.wait_for()
        nav_links = viewer.get_by_test_id("stSidebarNav").get_by_role("link")
        assert nav_links.count() <= 1  # the join page only: no Data, Plan, Tweak...
        for absent in ("ui.data.sample_button", "uiw.plan.run", "uiw.tweak.move", "store.resume.continue"):
            expect(viewer.get_by_role("button", name=t(absent, LANG))).to_have_count(0)
        _clean(viewer)
        _shot(viewer, "store-participant-joined")

        # the facilitator plans again: the new scenario appears for the participant, no reload
        _plan(page, second, choose_areas=False)
        expect(viewer.get_by_text(f"· {second}", exact=False)).to_be_visible(timeout=APPEAR_TIMEOUT_MS)
        _shot(viewer, "store-participant-second-scenario")

        # a third browser without the code sees nothing of it, even at the pages' addresses
        nobody = stranger.new_page()
        for path in ("", "plan", "data", "tweak"):
            nobody.goto(f"{participants_url}/{path}?lang={LANG}")
            nobody.get_by_role("heading", name=t("store.join.title", LANG)).wait_for()
            expect(nobody.get_by_text(first, exact=False)).to_have_count(0)
            expect(nobody.get_by_text(t("store.resume.title", LANG))).to_have_count(0)
        _shot(nobody, "store-stranger")
    finally:
        host.close()
        guest.close()
        stranger.close()
