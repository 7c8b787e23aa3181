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
from tests.browser.conftest import STEP_TIMEOUT_MS, serve_app
from tests.browser.helpers import (
    choose_areas,
    load_sample,
    move_to_new_branch,
    nav,
    new_context,
    no_exception_shown,
    open_home,
    shot,
    wait_kept,
)
from ui.state import SAMPLE_WORKBOOK

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

AREAS = ("汽四", "红一")
MOVE_AREA = "红一"
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


def _plan(page: Any, name: str, *, with_areas: bool) -> None:
    nav(page, "uiw.nav.plan", LANG)
    page.get_by_role("heading", name=t("uiw.plan.title", LANG)).wait_for()
    if with_areas:
        choose_areas(page, LANG, AREAS)
    page.get_by_role("button", name=t("uiw.plan.run", LANG)).click()
    wait_kept(page, LANG, name)


def test_reload_continue_share_and_join(browser: Any, servers: tuple[str, str, Path]) -> None:
    facilitator_url, participants_url, store = servers
    roster = read_roster_paths([SAMPLE_WORKBOOK])
    mover = str(roster.members.loc[roster.members["area"] == MOVE_AREA, "member_id"].min())
    first = t("uiw.plan.default_name", LANG, n=1)
    second = t("uiw.plan.default_name", LANG, n=2)

    host = new_context(browser, "en-US")
    guest = new_context(browser, "en-US")
    stranger = new_context(browser, "en-US")
    try:
        page = host.new_page()
        open_home(page, facilitator_url, LANG)
        load_sample(page, LANG)
        _plan(page, first, with_areas=True)
        move_to_new_branch(page, LANG, MOVE_AREA, 54, mover)
        expect(page.get_by_text(t("uiw.tweak.draft_state", LANG, moves=1, pins=0))).to_be_visible()
        expect(
            page.get_by_text(t("store.sidebar.saved", LANG, time="X", version=0).split("X")[0])
        ).to_be_visible()
        assert (store / "workshops.sqlite3").is_file()

        # a reload: a fresh session; the saved workshop is offered and restored exactly
        page.goto(f"{facilitator_url}/?lang={LANG}")
        page.get_by_role("heading", name=t("store.resume.title", LANG)).wait_for()
        shot(page, "store-resume-home")
        page.get_by_role("button", name=t("store.resume.continue", LANG)).first.click()
        expect(page.get_by_text(t("store.resume.continued", LANG))).to_be_visible()
        nav(page, "uiw.nav.tweak", LANG)
        page.get_by_role("heading", name=t("uiw.tweak.title", LANG)).wait_for()
        page.wait_for_timeout(1500)
        shot(page, "store-resumed-tweak")
        expect(page.get_by_text(t("uiw.tweak.draft_state", LANG, moves=1, pins=0))).to_be_visible()
        expect(page.get_by_text(t("uiw.sidebar.scenarios", LANG, count=1))).to_be_visible()
        assert first in page.get_by_test_id("stSelectbox").first.inner_html()  # the scenario chosen
        no_exception_shown(page)

        # share: a join code
        nav(page, "store.nav.share", LANG)
        page.get_by_role("button", name=t("store.share.start", LANG)).click()
        code_metric = page.get_by_test_id("stMetricValue").first
        code_metric.wait_for()
        code = code_metric.inner_text().strip()
        assert len(code) == 8
        shot(page, "store-share")

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
        no_exception_shown(viewer)
        shot(viewer, "store-participant-joined")

        # the facilitator plans again: the new scenario appears for the participant, no reload
        _plan(page, second, with_areas=False)
        expect(viewer.get_by_text(f"· {second}", exact=False)).to_be_visible(timeout=APPEAR_TIMEOUT_MS)
        shot(viewer, "store-participant-second-scenario")

        # a third browser without the code sees nothing of it, even at the pages' addresses
        nobody = stranger.new_page()
        for path in ("", "plan", "data", "tweak"):
            nobody.goto(f"{participants_url}/{path}?lang={LANG}")
            nobody.get_by_role("heading", name=t("store.join.title", LANG)).wait_for()
            expect(nobody.get_by_text(first, exact=False)).to_have_count(0)
            expect(nobody.get_by_text(t("store.resume.title", LANG))).to_have_count(0)
        shot(nobody, "store-stranger")
    finally:
        host.close()
        guest.close()
        stranger.close()
