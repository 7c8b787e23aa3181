"""The org chart SVG: readable fixed fonts, rows that wrap, no internal ids, escaped names, and
the PNG rendered offline."""

from __future__ import annotations

import re
from dataclasses import replace
from xml.etree import ElementTree

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.i18n import t
from planner.orgchart import (
    BOX_WIDTH,
    GUTTER,
    LINE_PX,
    NAME_PX,
    PAD,
    WIDTH,
    clean_text,
    columns_per_row,
    org_chart_groups,
    org_chart_svg,
    svg_to_png,
    text_width,
    wrap_text,
)
from planner.plan import Plan
from planner.runner import plan_community
from planner.schema import Roster
from planner.settings import Settings, SolverOptions
from tests.plan_fixtures import leader_short_roster, qi3_roster

SVG = "{http://www.w3.org/2000/svg}"
SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))


@pytest.fixture(scope="module")
def big() -> tuple[Roster, Plan]:
    """鹤北一: 329 members, several branches, too few candidates (rules broken)."""
    roster = leader_short_roster()
    return roster, plan_community(roster, SETTINGS, lang="zh")


@pytest.fixture(scope="module")
def qi3() -> tuple[Roster, Plan]:
    roster = qi3_roster()
    return roster, plan_community(roster, SETTINGS, lang="zh")


def _texts(svg: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(svg).iter(f"{SVG}text"))


def _rects(svg: str) -> list[ElementTree.Element]:
    return [r for r in ElementTree.fromstring(svg).iter(f"{SVG}rect") if r.get("rx")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fonts_are_fixed_and_readable(big: tuple[Roster, Plan], lang: str) -> None:
    roster, plan = big
    area = str(plan.branches["area"].iloc[0])
    svg = org_chart_svg(plan, roster, area, lang)
    root = ElementTree.fromstring(svg)
    assert int(root.get("width") or 0) == WIDTH  # drawn at its own size, never shrunk to fit
    sizes = {int(e.get("font-size") or 0) for e in _texts(svg)}
    assert min(sizes) >= LINE_PX >= 15 and max(sizes) <= 22


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_branches_wrap_into_rows_and_every_line_fits_its_box(big: tuple[Roster, Plan], lang: str) -> None:
    roster, plan = big
    area = str(plan.branches["area"].iloc[0])
    svg = org_chart_svg(plan, roster, area, lang)
    boxes = _rects(svg)[1:]  # the first is the general branch
    assert len(boxes) == len(plan.branches)
    cols = columns_per_row()
    assert cols >= 3
    rows = sorted({float(b.get("y") or 0) for b in boxes})
    assert len(rows) == -(-len(boxes) // cols)  # ceil: rows wrap, the chart grows downwards
    for box in boxes:
        x, w = float(box.get("x") or 0), float(box.get("width") or 0)
        assert x >= GUTTER and x + w <= WIDTH
    for text in _texts(svg):
        if text.get("text-anchor") == "middle":
            continue
        x = float(text.get("x") or 0)
        width = text_width(text.text or "", int(text.get("font-size") or 0))
        box = next(b for b in boxes if float(b.get("x") or 0) <= x <= float(b.get("x") or 0) + BOX_WIDTH)
        assert x + width <= float(box.get("x") or 0) + BOX_WIDTH - PAD + 1, text.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_branch_box_says_secretary_groups_and_rule_status(big: tuple[Roster, Plan], lang: str) -> None:
    roster, plan = big
    area = str(plan.branches["area"].iloc[0])
    drawn = " ".join(e.text or "" for e in _texts(org_chart_svg(plan, roster, area, lang)))
    names = dict(zip(roster.members["member_id"], roster.members["name"], strict=True))
    for row in plan.branches.to_dict("records"):
        assert row["name"][:6] in drawn
        if row["secretary"]:
            assert t("pictures.org.secretary", lang, who=names[row["secretary"]]) in drawn
    assert t("pictures.org.no_secretary", lang) in drawn  # 鹤北一 has too few candidates
    broken = plan.violations[plan.violations["branch_id"] != ""]["branch_id"].value_counts()
    for count in set(broken):
        key = "pictures.org.broken.one" if count == 1 else "pictures.org.broken"
        assert t(key, lang, count=count) in drawn
    assert t("pictures.org.general", lang, area=area) in drawn


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_internal_ids_are_drawn(big: tuple[Roster, Plan], qi3: tuple[Roster, Plan], lang: str) -> None:
    for roster, plan in (big, qi3):
        for area in plan.branches["area"].unique():
            drawn = " ".join(e.text or "" for e in _texts(org_chart_svg(plan, roster, str(area), lang)))
            for branch_id in plan.branches["branch_id"]:
                assert branch_id not in drawn
            assert not re.search(r"/(team|joint|comprehensive|single)\b", drawn)
            assert not re.search(r"\bT\d{3,}\b", drawn)  # team ids
            groups = org_chart_groups(plan, roster, str(area), lang)
            assert not groups.astype(str).apply(lambda c: c.str.contains("/")).any().any()


def test_highlight_fills_the_branches_a_move_touched(qi3: tuple[Roster, Plan]) -> None:
    roster, plan = qi3
    area = str(plan.branches["area"].iloc[0])
    first = str(plan.branches["branch_id"].iloc[0])
    plain = org_chart_svg(plan, roster, area, "zh")
    marked = org_chart_svg(plan, roster, area, "zh", highlight={first})
    assert "#fff3bf" not in plain and marked.count("#fff3bf") == 1


def test_a_narrow_chart_puts_fewer_branches_in_a_row(big: tuple[Roster, Plan]) -> None:
    roster, plan = big
    area = str(plan.branches["area"].iloc[0])
    narrow = org_chart_svg(plan, roster, area, "zh", width=420)
    assert columns_per_row(420) == 1
    assert len({b.get("y") for b in _rects(narrow)[1:]}) == len(plan.branches)


def test_hostile_names_stay_text(qi3: tuple[Roster, Plan]) -> None:
    roster, plan = qi3
    secretary = next(s for s in plan.branches["secretary"] if s)
    members = roster.members.copy()
    members.loc[members["member_id"] == secretary, "name"] = '<b>"x"</b>&'
    hostile = replace(roster, members=members)
    area = str(plan.branches["area"].iloc[0])
    svg = org_chart_svg(plan, hostile, area, "en")
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert any('<b>"x"</b>&' in (e.text or "") for e in _texts(svg))


def test_a_single_branch_area_has_no_general_branch_box(qi3: tuple[Roster, Plan]) -> None:
    roster, plan = qi3
    one = plan.branches.iloc[:1]
    single = replace(plan, branches=one, violations=plan.violations.iloc[0:0])
    area = str(one["area"].iloc[0])
    svg = org_chart_svg(single, roster, area, "en")
    assert len(_rects(svg)) == 1
    assert t("pictures.org.general", "en", area=area) not in svg
    # an area-wide rule broken: the general branch's box appears to say so
    area_wide = pd.DataFrame(
        [{"area": area, "rule": "secretary_candidate", "branch_id": "", "subject": "", "value": 1, "limit": 4,
          "detail": "area", "message": "too few candidates", "fixes": ()}]
    )  # fmt: skip
    svg = org_chart_svg(replace(single, violations=area_wide), roster, area, "en")
    assert len(_rects(svg)) == 2 and t("pictures.org.area_broken.one", "en") in svg


def test_party_groups_on_demand(big: tuple[Roster, Plan]) -> None:
    roster, plan = big
    area = str(plan.branches["area"].iloc[0])
    groups = org_chart_groups(plan, roster, area, "zh")
    assert list(groups.columns) == ["branch", "group", "size", "full_members", "leader"]
    assert len(groups) == int((plan.groups["area"] == area).sum()) > 0
    assert groups["size"].sum() == int(plan.groups.loc[plan.groups["area"] == area, "size"].sum())
    assert set(groups["branch"]) <= set(plan.branches["name"])


def test_png_is_rendered_offline(qi3: tuple[Roster, Plan]) -> None:
    roster, plan = qi3
    svg = org_chart_svg(plan, roster, str(plan.branches["area"].iloc[0]), "zh")
    png = svg_to_png(svg, scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    root = ElementTree.fromstring(svg)
    assert (width, height) == (int(root.get("width") or 0), int(root.get("height") or 0))


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=0, max_size=80), max_px=st.integers(min_value=40, max_value=400))
def test_wrapping_keeps_every_character_and_each_line_fits(text: str, max_px: int) -> None:
    lines = wrap_text(text, max_px, NAME_PX)
    kept = clean_text(text)
    assert "".join(lines).replace(" ", "") == kept.replace(" ", "")
    assert all(ch.isprintable() for line in lines for ch in line)
    for line in lines:
        # a line holds at least one character; beyond that it fits (a closing mark may hang)
        assert len(line) <= 1 or text_width(line[:-1], NAME_PX) <= max_px


def test_wrapping_never_starts_a_line_with_a_comma() -> None:
    lines = wrap_text("朗诵队、京剧社、便民服务队、合唱团、摄影队联合党支部", 7 * NAME_PX, NAME_PX)
    assert len(lines) >= 3 and not any(line.startswith(("、", "，")) for line in lines)
    assert wrap_text("a" * 100, 100, 15, max_lines=2)[-1].endswith("…")


def test_empty_area_still_draws() -> None:
    roster = qi3_roster()
    plan = plan_community(roster, SETTINGS, lang="zh")
    empty = replace(plan, branches=plan.branches.iloc[0:0], groups=plan.groups.iloc[0:0])
    svg = org_chart_svg(empty, roster, "nowhere", "zh")
    ElementTree.fromstring(svg)
    assert isinstance(org_chart_groups(empty, roster, "nowhere", "zh"), pd.DataFrame)
