"""Real Chromium at 1280×720: every page in Chinese shows no English word (outside the few names
allowed below and Streamlit's own words that it offers no way to translate), user text is never
rendered as Markdown or HTML, tables offer no built-in CSV download, select boxes follow a
language switch, the Plan page scrolls to its result, and no request leaves localhost.

Screenshots of every page go to ``test-artifacts/words-*.png``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from planner.i18n import t
from tests.browser.conftest import ARTIFACTS, STEP_TIMEOUT_MS
from tests.browser.helpers import (
    PLAN_TIMEOUT_MS,
    VIEWPORT,
    choose,
    choose_areas,
    load_sample,
    nav,
    new_context,
    outside_requests,
    record_requests,
    settled,
    shot,
    wait_kept,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]
expect.set_options(timeout=STEP_TIMEOUT_MS)

AREAS = ("汽四", "红一")

#: English words that are names, and may stay in the Chinese UI
NAMES = {"CBC", "HiGHS", "Excel", "CSV", "A4", "MB", "xlsx", "csv", "zip", "json", "html", "HTML"}
#: encodings named on the Data and Export pages, the sample's file name, the bundle's file suffix
NAMES |= {"GBK", "UTF", "BOM", "community", "bundle"}
#: file formats, named as the formats are called
NAMES |= {"SVG", "PNG", "PDF", "XLSX", "XLSM", "XLS", "ODS", "ET", "TXT", "TSV", "ZIP", "JSON"}
#: Streamlit's own words it offers no parameter to translate, by where they appear (recorded in
#: the report): the file uploader's button and size line, the language switch's own names
STREAMLIT_REMAINS: dict[str, set[str]] = {
    "stFileUploader": {
        "Upload",
        "Drag",
        "and",
        "drop",
        "file",
        "files",
        "here",
        "per",
        "XLSX",
        "ZIP",
        "JSON",
    },
    "stSidebar": {"Language", "English"},  # the bilingual language switch: "Language / 语言", "English"
    "stStatusWidget": {"Running", "Stop"},  # the "running" indicator while a page reruns
}
_WORD = re.compile(r"[A-Za-z]{2,}")
#: a file-system path (where the workshop store lives) is a proper name, not an English word
_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s，。；：]*")

#: every visible text node with the data-testid of its nearest marked ancestors
_TEXTS_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el) continue;
    const skip = 'script,style,noscript,code,[data-testid="stIconMaterial"],[data-testid="stIconEmoji"]';
    if (el.closest(skip)) continue;
    const text = node.textContent.trim();
    if (!text) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === "hidden" || style.display === "none") continue;
    // not seen: empty boxes and screen-reader-only text (Streamlit's "Skip to main content",
    // the select boxes' "2 options available.")
    if (box.width <= 1 || box.height <= 1) continue;
    if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") continue;
    // icons are drawn from ligatures ("check_circle") in the Material Symbols font
    if (/Material/.test(style.fontFamily)) continue;
    const marks = [];
    for (let e = el; e; e = e.parentElement) {
      if (e.dataset && e.dataset.testid) marks.push(e.dataset.testid);
    }
    out.push({text, marks});
  }
  return out;
}
"""


#: Streamlit's untranslatable words actually seen, written to test-artifacts for the record
REMAINS_SEEN: set[str] = set()


def _english_words(page: Any) -> list[str]:
    found = []
    for item in page.evaluate(_TEXTS_JS):
        allowed = set(NAMES)
        for mark in item["marks"]:
            allowed |= STREAMLIT_REMAINS.get(mark, set())
        for word in _WORD.findall(_PATH.sub(" ", item["text"])):
            if word not in allowed:
                found.append(f"{word} ← {item['text'][:60]}")
            elif word not in NAMES:
                REMAINS_SEEN.add(item["text"][:80])
    return found


def _shown(box: Any) -> str:
    """What a select box shows: its text and the value of its search field."""
    values = box.locator("input").evaluate_all("(inputs) => inputs.map((i) => i.value)")
    return box.inner_text() + " " + " ".join(values)


def _run_plan(page: Any, lang: str, name: str) -> None:
    choose_areas(page, lang, AREAS)
    page.get_by_label(t("uiw.plan.name", lang), exact=True).fill(name)
    page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
    wait_kept(page, lang, name)


def test_every_page_in_chinese_has_no_english_word_and_nothing_leaves_localhost(
    browser: Any, app_url: str
) -> None:
    context = new_context(browser, "zh-CN")
    requests = record_requests(context)
    page = context.new_page()
    lang = "zh"
    english: dict[str, list[str]] = {}
    try:
        page.goto(f"{app_url}/?lang={lang}")
        settled(page, t("ui.home.title", lang))
        shot(page, "words-home")
        english["home"] = _english_words(page)

        nav(page, "ui.nav.data", lang)
        settled(page, t("ui.data.title", lang))
        page.get_by_role("button", name=t("ui.data.sample_button", lang)).click()
        page.get_by_text(t("ui.data.preview", lang), exact=True).wait_for()
        page.wait_for_timeout(800)
        shot(page, "words-data")
        english["data"] = _english_words(page)
        # tables have no built-in CSV download (it would skip the formula neutralising)
        grid = page.locator("[data-testid='stDataFrame'] >> visible=true").first
        grid.scroll_into_view_if_needed()
        grid.hover()
        page.wait_for_timeout(300)
        expect(
            page.get_by_test_id("stElementToolbar").get_by_role("button", name=re.compile("Download", re.I))
        ).to_have_count(0)

        nav(page, "ui.nav.statistics", lang)
        settled(page, t("ui.stats.title", lang))
        page.locator(".vega-embed").first.wait_for()
        shot(page, "words-statistics")
        english["statistics"] = _english_words(page)

        nav(page, "uiw.nav.plan", lang)
        settled(page, t("uiw.plan.title", lang))
        shot(page, "words-plan-form")
        english["plan-form"] = _english_words(page)
        _run_plan(page, lang, "方案甲")
        page.get_by_test_id("stImage").locator("img").first.wait_for()
        page.wait_for_timeout(1500)
        # the page scrolled to the result: its heading is inside the 720-px window
        top = page.get_by_role("heading", name=t("uiw.plan.result", lang)).bounding_box()
        assert top is not None and -5 <= top["y"] < VIEWPORT["height"], top
        shot(page, "words-plan-result")
        english["plan-result"] = _english_words(page)

        nav(page, "uiw.nav.tweak", lang)
        settled(page, t("uiw.tweak.title", lang))
        choose(
            page,
            "stSelectbox",
            t("uiw.area", lang),
            t("uiw.area_members_option", lang, area="红一", members=54),
        )
        page.get_by_text(t("pages.board.title", lang, count=2)).wait_for()
        page.wait_for_timeout(800)
        shot(page, "words-tweak")
        english["tweak"] = _english_words(page)

        nav(page, "uiw.nav.compare", lang)
        settled(page, t("uiw.compare.title", lang))
        page.get_by_test_id("stImage").locator("img").nth(1).wait_for()
        shot(page, "words-compare")
        page.get_by_text(t("pages.compare.today_chart", lang), exact=True).scroll_into_view_if_needed()
        shot(page, "words-compare-today")
        english["compare"] = _english_words(page)

        nav(page, "uiw.nav.export", lang)
        settled(page, t("uiw.export.title", lang))
        shot(page, "words-export")
        english["export"] = _english_words(page)
    finally:
        context.close()
    (ARTIFACTS / "words-english-found.json").write_text(json.dumps(english, ensure_ascii=False, indent=1))
    (ARTIFACTS / "words-streamlit-remains.json").write_text(
        json.dumps(sorted(REMAINS_SEEN), ensure_ascii=False)
    )
    assert not {k: v for k, v in english.items() if v}, english
    assert not outside_requests(requests), outside_requests(requests)


def test_select_boxes_follow_a_language_switch(browser: Any, app_url: str) -> None:
    context = new_context(browser, "en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=en")
        settled(page, t("ui.home.title", "en"))
        load_sample(page, "en")
        nav(page, "uiw.nav.plan", "en")
        settled(page, t("uiw.plan.title", "en"))
        spread = t("uiw.option.mobility_placement.spread", "en")
        choose(page, "stSelectbox", t("workshop.setting.rules.mobility_placement", "en"), spread)
        label = t("workshop.setting.rules.mobility_placement", "en")
        box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
        assert spread in _shown(box)
        page.get_by_test_id("stSidebar").get_by_text(t("ui.lang.name.zh", "en"), exact=True).click()
        settled(page, t("uiw.plan.title", "zh"))
        box = page.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text(t("workshop.setting.rules.mobility_placement", "zh"), exact=True)
        )
        page.wait_for_timeout(500)
        shown = _shown(box)
        assert t("uiw.option.mobility_placement.spread", "zh") in shown and spread not in shown, shown
        preset = page.get_by_test_id("stSelectbox").filter(
            has=page.get_by_text(t("workshop.setting.preset", "zh"), exact=True)
        )
        assert t("uiw.preset.follow_teams", "zh") in _shown(preset), _shown(preset)
        shot(page, "words-plan-switched-to-zh")
    finally:
        context.close()


# --- user text with Markdown and HTML in it ------------------------------------------------------------

EVIL = "evil.test"
HOSTILE_AREA = f"[区](http://{EVIL}/a)"
HOSTILE_NAME = "**粗体丙**:red[红戊]"
HOSTILE_TEAM = f"![图](http://{EVIL}/i.png)<b>队</b>"
HOSTILE_SCENARIO = f"[钓鱼](http://{EVIL}/p)![i](http://{EVIL}/i.png) $x^2$ www.{EVIL}"
HOSTILE_FILE = f"![f](www.{EVIL})**名册丁**"


def _hostile_roster() -> list[dict[str, Any]]:
    members = "member_id,name,area,status,role,teams\n" + "".join(
        f'{i:03d},"{HOSTILE_NAME}{i}","{HOSTILE_AREA}",full,{role},"{HOSTILE_TEAM}"\n'
        for i, role in enumerate(["secretary", "committee", "team_leader", "none", "none", "none"], start=1)
    )
    teams = f'name,area,type\n"{HOSTILE_TEAM}","{HOSTILE_AREA}",culture\n'
    return [
        {"name": f"{HOSTILE_FILE}members.csv", "mimeType": "text/csv", "buffer": members.encode()},
        {"name": f"{HOSTILE_FILE}teams.csv", "mimeType": "text/csv", "buffer": teams.encode()},
    ]


def _nothing_rendered(page: Any) -> None:
    """No link, image, bold or colour made from the hostile texts."""
    assert page.locator(f"a[href*='{EVIL}']").count() == 0
    assert page.locator(f"img[src*='{EVIL}']").count() == 0
    for tag in ("strong", "b", "em", "code"):
        for text in page.locator(tag).all_inner_texts():
            assert "粗体丙" not in text and "名册丁" not in text and text.strip() != "队", (tag, text)
    assert (
        page.locator("[data-testid='stMarkdownColoredText'], span[style*='color']")
        .filter(has_text="红戊")
        .count()
        == 0
    )
    assert page.locator(".katex").count() == 0


def test_user_text_is_never_rendered(browser: Any, app_url: str) -> None:
    context = new_context(browser, "zh-CN")
    requests = record_requests(context)
    page = context.new_page()
    lang = "zh"
    try:
        page.goto(f"{app_url}/?lang={lang}")
        settled(page, t("ui.home.title", lang))
        nav(page, "ui.nav.data", lang)
        settled(page, t("ui.data.title", lang))
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(_hostile_roster())
        page.get_by_text(t("ui.data.preview", lang), exact=True).wait_for()
        page.wait_for_timeout(800)
        _nothing_rendered(page)
        shot(page, "words-hostile-data")

        nav(page, "ui.nav.statistics", lang)
        settled(page, t("ui.stats.title", lang))
        _nothing_rendered(page)

        nav(page, "uiw.nav.plan", lang)
        settled(page, t("uiw.plan.title", lang))
        page.get_by_label(t("uiw.plan.name", lang), exact=True).fill(HOSTILE_SCENARIO)
        page.get_by_role("button", name=t("uiw.plan.run", lang)).click()
        kept = t("uiw.job.kept", lang, name="X", seconds="Y").split("Y")[0]
        expect(page.get_by_text(kept, exact=False).first).to_be_visible(timeout=PLAN_TIMEOUT_MS)
        page.wait_for_timeout(800)
        _nothing_rendered(page)
        shot(page, "words-hostile-plan")

        nav(page, "uiw.nav.tweak", lang)
        settled(page, t("uiw.tweak.title", lang))
        page.get_by_role("button", name=t("uiw.tweak.save", lang)).wait_for()
        _nothing_rendered(page)
        shot(page, "words-hostile-tweak")

        for key, title in (("uiw.nav.compare", "uiw.compare.title"), ("uiw.nav.export", "uiw.export.title")):
            nav(page, key, lang)
            settled(page, t(title, lang))
            _nothing_rendered(page)
        shot(page, "words-hostile-export")
    finally:
        context.close()
    assert not [u for u in requests if EVIL in u]
    assert not outside_requests(requests), outside_requests(requests)


def test_the_tab_icon_is_not_fetched_from_outside(browser: Any, app_url: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    requests = record_requests(context)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=zh")
        settled(page, t("ui.home.title", "zh"))
        nav(page, "ui.nav.data", "zh")
        settled(page, t("ui.data.title", "zh"))
    finally:
        context.close()
    assert not outside_requests(requests), outside_requests(requests)
