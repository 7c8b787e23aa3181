"""Charts: each serialises, carries the right rows, and speaks the user's language."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import altair as alt
import pytest
from test_stats import YEAR, make_roster

from planner import charts
from planner.stats import Statistics, compute_statistics

ALL_CHARTS: list[Callable[[Statistics, str], alt.Chart | alt.LayerChart]] = [
    charts.area_size_chart,
    charts.teams_by_type_chart,
    charts.party_members_per_team_chart,
    charts.area_type_heatmap,
    charts.member_composition_chart,
]


@pytest.fixture(scope="module")
def stats() -> Statistics:
    # Cap 6: area A (8 members) is over it, B (4) within.
    return compute_statistics(make_roster(), max_branch_size=6, as_of_year=YEAR)


def rows(spec: dict[str, Any], layer: int | None = None) -> list[dict[str, Any]]:
    """The data rows of a chart (or of one layer: its own data, else the shared one)."""
    part = spec if layer is None else spec["layer"][layer]
    data = part.get("data", spec.get("data"))
    return list(spec["datasets"][data["name"]])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("make", ALL_CHARTS, ids=lambda f: f.__name__)
def test_every_chart_serialises_without_member_names(
    stats: Statistics, make: Callable[[Statistics, str], alt.Chart | alt.LayerChart], lang: str
) -> None:
    spec = make(stats, lang).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert spec["title"]
    assert "张" not in text and "李" not in text  # members' names never reach a chart
    assert ("居民区" in text or "团队" in text or "党员" in text) == (lang == "zh")


@pytest.mark.parametrize("make", ALL_CHARTS, ids=lambda f: f.__name__)
def test_charts_of_an_empty_selection_serialise(
    make: Callable[[Statistics, str], alt.Chart | alt.LayerChart],
) -> None:
    empty = compute_statistics(make_roster(), areas=[], as_of_year=YEAR)
    json.dumps(make(empty, "en").to_dict())


def test_area_size_bars_and_cap_rule(stats: Statistics) -> None:
    spec = charts.area_size_chart(stats, "en").to_dict()
    assert rows(spec, 0) == [
        {"area": "A", "members": 8, "size_class": "Over 6"},
        {"area": "B", "members": 4, "size_class": "6 or fewer"},
    ]
    assert rows(spec, 1) == [{"cap": 6, "label": "Branch size cap: 6"}]
    assert spec["layer"][1]["mark"]["type"] == "rule"
    assert spec["layer"][1]["encoding"]["y"]["field"] == "cap"
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["6 or fewer", "Over 6"]
    assert colour["range"] == [charts.OK_COLOUR, charts.OVER_COLOUR]
    assert spec["layer"][0]["encoding"]["x"]["sort"] == "-y"


def test_area_size_cap_argument_overrides_the_statistics(stats: Statistics) -> None:
    spec = charts.area_size_chart(stats, "zh", cap=8).to_dict()
    assert rows(spec, 1) == [{"cap": 8, "label": "每支部上限 8 人"}]
    # A branch of exactly the cap is allowed: 8 members is not over 8.
    assert [r["size_class"] for r in rows(spec, 0)] == ["不超过 8 人", "不超过 8 人"]
    assert spec["title"] == {
        "text": "各居民区党员人数",
        "subtitle": "虚线：每个支部不超过 8 人；红色为超过的居民区",
    }


def test_teams_by_type_rows_translated(stats: Statistics) -> None:
    zh = rows(charts.teams_by_type_chart(stats, "zh").to_dict())
    assert [(r["type"], r["label"], r["teams"]) for r in zh] == [
        ("learning", "学习教育型", 1),
        ("culture", "文化艺术型", 2),
        ("sports", "体育保健型", 1),
        ("service", "公益服务型", 1),
    ]
    en = rows(charts.teams_by_type_chart(stats, "en").to_dict())
    assert [r["label"] for r in en] == [
        "Learning & education",
        "Culture & arts",
        "Sports & health",
        "Public service",
    ]


def test_party_members_per_team_histogram_and_marks(stats: Statistics) -> None:
    spec = charts.party_members_per_team_chart(stats, "en").to_dict()
    # Teams have 5, 3, 3, 2 and 0 Party members.
    assert [(r["party_members"], r["teams"], r["band"]) for r in rows(spec, 0)] == [
        (0, 1, "No Party member"),
        (2, 1, "1–2 Party members"),
        (3, 2, "3 or more Party members"),
        (5, 1, "3 or more Party members"),
    ]
    assert [(r["mark"], r["position"], r["label"]) for r in rows(spec, 1)] == [(1, 0.5, "≥1"), (3, 2.5, "≥3")]
    assert spec["layer"][1]["mark"]["type"] == "rule"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_mark_labels_never_overlap_and_the_legend_is_never_cut(stats: Statistics, lang: str) -> None:
    spec = charts.party_members_per_team_chart(stats, lang).to_dict()
    text = spec["layer"][2]
    assert text["encoding"]["y"] == {"field": "top", "type": "quantitative", "scale": None, "axis": None}
    tops = [r["top"] for r in rows(spec, 2)]
    # the labels stand on lines one font height or more apart, whatever the x distance
    assert len(tops) == 2 and abs(tops[1] - tops[0]) >= text["mark"]["fontSize"] + 2
    # the bars stop two thirds of the way up: the labels' lines are clear of them
    y_scale = spec["layer"][0]["encoding"]["y"]["scale"]
    assert y_scale["domain"][1] >= 1.5 * max(r["teams"] for r in rows(spec, 0))
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0 and legend["direction"] == "vertical"


def test_heatmap_cells(stats: Statistics) -> None:
    spec = charts.area_type_heatmap(stats, "en").to_dict()
    cells = {(r["area"], r["type"]): (r["label"], r["teams"], r["party_members"]) for r in rows(spec, 0)}
    assert len(cells) == 8
    assert cells[("A", "culture")] == ("Culture & arts", 1, 5)
    assert cells[("B", "sports")] == ("Sports & health", 1, 3)
    assert cells[("A", "learning")] == ("Learning & education", 0, 0)
    assert spec["layer"][0]["encoding"]["color"]["field"] == "party_members"


def test_composition_shares(stats: Statistics) -> None:
    data = rows(charts.member_composition_chart(stats, "en").to_dict())
    assert len(data) == 2 + 4 + 3 + 5
    by_dim: dict[str, float] = {}
    for r in data:
        by_dim[r["dimension"]] = by_dim.get(r["dimension"], 0.0) + r["share"]
    assert by_dim == pytest.approx({"Status": 1.0, "Employment": 1.0, "Mobility": 1.0, "Age": 1.0})
    found = {(r["dimension"], r["category"]): (r["count"], r["share"]) for r in data}
    assert found[("Status", "Probationary")] == (2, pytest.approx(2 / 12))
    assert found[("Mobility", "Bedridden")] == (2, pytest.approx(2 / 12))
    assert found[("Age", "80+")] == (3, pytest.approx(3 / 12))
    assert found[("Employment", "Retired")] == (7, pytest.approx(7 / 12))
