"""Comparison charts serialise, carry titles in the user's language, and hold the right figures."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from planner.compare import flow
from planner.compare_charts import (
    FLOW_LINE,
    branch_size_chart,
    flow_chart,
    flow_geometry,
    share_leadership_chart,
    size_bins,
    sweep_chart,
    wrapped_name,
)
from planner.plan import Plan
from planner.scenario import Scenario
from planner.settings import Settings


def _plan(sizes: list[int], kpis: dict[str, Any]) -> Plan:
    branches = pd.DataFrame(
        {
            "branch_id": [f"A/team:T{i}" for i in range(len(sizes))],
            "area": ["A"] * len(sizes),
            "kind": ["team"] * len(sizes),
            "name": [f"队{i}党支部" for i in range(len(sizes))],
            "size": sizes,
        }
    )
    empty = pd.DataFrame({"area": pd.Series([], dtype="str")})
    return Plan("fp", Settings(), empty, branches, empty, empty, empty, kpis)


KPIS_A = {"first_choice_share": 0.8, "any_team_share": 0.9, "leaders_before": 11, "leaders_after": 30}
KPIS_B = {"first_choice_share": 0.6, "any_team_share": 0.95, "leaders_before": 11, "leaders_after": 24}
SCENARIOS = [
    Scenario("方案A", Settings(), _plan([12, 30, 48], KPIS_A)),
    Scenario("方案B", Settings(), _plan([25, 26, 27, 40], KPIS_B)),
]


def _titles(spec: Any) -> list[str]:
    """Every title text in a Vega-Lite spec."""
    found: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title":
                found.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            found.extend(_titles(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(_titles(item))
    return found


def _datasets(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return list(spec.get("datasets", {}).values())


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for key in ("layer", "hconcat", "vconcat"):
        for part in spec.get(key, []):
            found.append(part)
            found.extend(_layers(part))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_branch_size_chart_puts_scenarios_side_by_side_with_whole_number_ticks(lang: str) -> None:
    spec = branch_size_chart(SCENARIOS, lang).to_dict()
    assert spec["title"]["text"] == ("各方案的支部规模分布" if lang == "zh" else "Branch sizes per scenario")
    rows = [r for d in _datasets(spec) for r in d if "branches" in r]
    counted = {(r["full_name"], r["bin"]): r["branches"] for r in rows}
    bin_40 = "36–40 人" if lang == "zh" else "36–40"
    assert counted[("方案B", bin_40)] == 1 and counted[("方案A", bin_40)] == 0
    assert sum(r["branches"] for r in rows if r["full_name"] == "方案B") == 4
    bars = next(layer for layer in _layers(spec) if layer.get("mark", {}) in ("bar", {"type": "bar"}))
    encoding = bars["encoding"]
    assert encoding["xOffset"]["field"] == "scenario"  # side by side, not stacked
    assert "stack" not in encoding["y"] or encoding["y"]["stack"] is None
    assert encoding["y"]["axis"]["format"] == "d" and encoding["y"]["axis"]["tickMinStep"] == 1
    assert encoding["color"]["legend"]["labelLimit"] == 0  # names never cut
    # the cap's line stands before the first bin above it
    assert any(
        r.get("cap") == 50 and r["bin"] == ("51–55 人" if lang == "zh" else "51–55")
        for d in _datasets(spec)
        for r in d
    )


def test_size_bins_cover_every_size() -> None:
    assert size_bins([1, 5, 6, 51]) == [(1, 5), (6, 10), (11, 15), (16, 20), (21, 25), (26, 30), (31, 35),
                                        (36, 40), (41, 45), (46, 50), (51, 55)]  # fmt: skip
    assert size_bins([]) == [(1, 5)]


def test_long_scenario_names_wrap_and_are_never_cut() -> None:
    name = "方案 1：跟着团队走（上限 50 人，允许拆分团队，再加一些说明文字）"
    wrapped = wrapped_name(name)
    assert wrapped.replace("\n", "") == name
    assert wrapped.count("\n") >= 2
    long = [Scenario(name, Settings(), _plan([10], KPIS_A)), SCENARIOS[1]]
    spec = share_leadership_chart(long, "zh").to_dict()
    names = {r.get("full_name") for d in _datasets(spec) for r in d}
    assert name in names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_share_and_leadership_chart(lang: str) -> None:
    spec = share_leadership_chart(SCENARIOS, lang).to_dict()
    titles = _titles(spec)
    assert ("骨干岗位数" if lang == "zh" else "Leadership positions") in titles
    leaders = {r["full_name"]: r["leaders"] for d in _datasets(spec) for r in d if "leaders" in r}
    today = "调整前" if lang == "zh" else "Today"
    assert leaders == {today: 11, "方案A": 30, "方案B": 24}
    shares = [r["share"] for d in _datasets(spec) for r in d if "share" in r]
    assert sorted(shares) == [0.6, 0.8, 0.9, 0.95]


def test_share_chart_has_its_own_legend_and_the_grey_bar_is_only_today() -> None:
    spec = share_leadership_chart(SCENARIOS, "en").to_dict()
    assert spec["resolve"]["legend"]["color"] == "independent"
    share, lead = spec["hconcat"]
    share_colours = share["encoding"]["color"]["scale"]["range"]
    lead_colour = lead["encoding"]["color"]
    assert lead_colour["legend"] is None  # the axis names the bars; no second legend
    grey = lead_colour["scale"]["range"][0]
    assert lead_colour["scale"]["domain"][0] is True  # grey is "today" only
    assert grey not in share_colours


def _flows() -> pd.DataFrame:
    before = pd.DataFrame({"member_id": list("abcdef"), "branch_id": ["A"] * 4 + ["B"] * 2})
    after = pd.DataFrame({"member_id": list("abcdef"), "branch_id": ["X", "X", "Y", "Y", "Y", "Z"]})
    return flow(before, after)


def _eight_branches() -> pd.DataFrame:
    """329 members of one branch today going to eight branches (the sample's largest area)."""
    sizes = [49, 47, 47, 45, 44, 40, 40, 17]
    ids = [f"m{i}" for i in range(sum(sizes))]
    after = [f"东风/joint:T{k:04d}+T{k + 1:04d}" for k, n in enumerate(sizes) for _ in range(n)]
    before = pd.DataFrame({"member_id": ids, "branch_id": ["东风/single"] * len(ids)})
    return flow(before, pd.DataFrame({"member_id": ids, "branch_id": after}))


def _names_of(flows: pd.DataFrame) -> dict[str, str]:
    nodes = sorted(set(flows["source"]) | set(flows["target"]))
    return {n: f"第{i}合唱团、京剧社、便民服务队联合党支部" for i, n in enumerate(nodes)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flow_chart_title_and_band_sizes(lang: str) -> None:
    spec = flow_chart(_flows(), lang, names={"X": "<b>X党支部</b>"}).to_dict()
    json.dumps(spec)
    assert spec["description"] == ("党员从哪里到哪里" if lang == "zh" else "Where members go")
    assert "title" not in spec  # a title would push the bottom of the picture out of its frame
    bands = {(r["source"], r["target"]): r["members"] for d in _datasets(spec) for r in d if "band" in r}
    assert bands == {("A", "<b>X党支部</b>"): 2, ("A", "Y"): 2, ("B", "Y"): 1, ("B", "Z"): 1}


def test_flow_bands_fill_their_nodes_and_sit_inside_them() -> None:
    g = flow_geometry(_flows(), "en", left_title="Today", right_title="Plan B")
    nodes = {(r["side"], r["node"]): r for r in g.nodes.to_dict("records")}
    assert nodes[("left", "A")]["members"] == 4 and nodes[("right", "Y")]["members"] == 3
    ends = g.bands[g.bands["step"].isin([0, g.bands["step"].max()])]
    for r in ends.to_dict("records"):
        side, node = ("left", r["source"]) if r["step"] == 0 else ("right", r["target"])
        box = nodes[(side, node)]
        assert box["top"] - 1e-6 <= r["top"] < r["bottom"] <= box["bottom"] + 1e-6
    # a node's bands together are exactly as tall as the node
    first = g.bands[g.bands["step"] == 0]
    for node in ("A", "B"):
        mine = first[first["source"] == node]
        box = nodes[("left", node)]
        assert abs((mine["bottom"] - mine["top"]).sum() - (box["bottom"] - box["top"])) < 1e-6


def test_flow_of_eight_branches_fits_the_screen_with_labels_apart_and_no_ids() -> None:
    flows = _eight_branches()
    names = _names_of(flows)
    g = flow_geometry(flows, "zh", names=names, left_title="今天的支部", right_title="方案 1")
    assert g.width <= 900 and 320 <= g.height <= 700  # fits 1280×720 under the page's header
    for side in ("left", "right"):
        column = g.nodes[g.nodes["side"] == side].sort_values("top")
        tops, bottoms = column["top"].tolist(), column["bottom"].tolist()
        assert all(b <= t2 for b, t2 in zip(bottoms, tops[1:], strict=False))  # no overlap
        for r in column.to_dict("records"):  # each node is as tall as its label's lines
            assert r["bottom"] - r["top"] >= FLOW_LINE * len(r["label"].split("\n"))
    shown = " ".join(g.nodes["label"]) + " ".join(g.bands["target"])
    assert "joint:" not in shown and "/" not in shown
    assert len(g.counts) == 8  # every band is thick enough to carry its count


def test_flow_chart_with_no_flows_still_serialises() -> None:
    empty = pd.DataFrame(
        {
            "source": pd.Series([], dtype="str"),
            "target": pd.Series([], dtype="str"),
            "members": pd.Series([], dtype="int64"),
        }
    )
    flow_chart(empty, "zh").to_dict()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sweep_chart(lang: str) -> None:
    frame = pd.DataFrame(
        {"value": [30, 40, 50], "branches": [20.0, 16.0, 14.0], "first_choice_share": [0.7, 0.8, 0.85]}
    )
    frame.attrs["labels"] = {
        "value": "上限" if lang == "zh" else "Cap",
        "branches": "B",
        "first_choice_share": "S",
    }
    spec = sweep_chart(frame, lang).to_dict()
    assert ("取值变化时各项指标" if lang == "zh" else "Metrics as the setting varies") in _titles(spec)
    rows = [r for d in _datasets(spec) for r in d]
    assert {(r["x"], r["metric"], r["y"]) for r in rows} >= {(30, "B", 20.0), (50, "S", 0.85)}
    assert len(rows) == 6
    categorical = frame.assign(value=["any", "same_type", "compatible"])
    categorical.attrs = frame.attrs
    assert sweep_chart(categorical, lang, metrics=["branches"]).to_dict()
