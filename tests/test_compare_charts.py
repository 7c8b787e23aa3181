"""Comparison charts serialise, carry titles in the user's language, and hold the right figures."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from planner.compare import flow
from planner.compare_charts import (
    branch_size_chart,
    flow_heatmap,
    flow_layers,
    share_leadership_chart,
    sweep_chart,
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_branch_size_chart(lang: str) -> None:
    spec = branch_size_chart(SCENARIOS, lang).to_dict()
    titles = _titles(spec)
    assert ("各方案的支部规模分布" if lang == "zh" else "Branch sizes per scenario") in titles
    rows = [r for d in _datasets(spec) for r in d if "size" in r]
    assert sorted(r["size"] for r in rows if r["scenario"] == "方案B") == [25, 26, 27, 40]
    assert any(r.get("cap") == 50 for d in _datasets(spec) for r in d)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_share_and_leadership_chart(lang: str) -> None:
    spec = share_leadership_chart(SCENARIOS, lang).to_dict()
    titles = _titles(spec)
    assert ("骨干岗位数" if lang == "zh" else "Leadership positions") in titles
    leaders = {r["scenario"]: r["leaders"] for d in _datasets(spec) for r in d if "leaders" in r}
    today = "调整前" if lang == "zh" else "Today"
    assert leaders == {today: 11, "方案A": 30, "方案B": 24}
    shares = [r["share"] for d in _datasets(spec) for r in d if "share" in r]
    assert sorted(shares) == [0.6, 0.8, 0.9, 0.95]


def _flows() -> pd.DataFrame:
    before = pd.DataFrame({"member_id": list("abcdef"), "branch_id": ["A"] * 4 + ["B"] * 2})
    after = pd.DataFrame({"member_id": list("abcdef"), "branch_id": ["X", "X", "Y", "Y", "Y", "Z"]})
    return flow(before, after)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flow_heatmap(lang: str) -> None:
    spec = flow_heatmap(_flows(), lang, names={"X": "<b>X党支部</b>"}).to_dict()
    assert ("党员从哪里到哪里" if lang == "zh" else "Where members go") in _titles(spec)
    cells = {(r["source"], r["target"]): r["members"] for d in _datasets(spec) for r in d}
    assert cells == {("A", "<b>X党支部</b>"): 2, ("A", "Y"): 2, ("B", "Y"): 1, ("B", "Z"): 1}


def test_flow_layers_bands_and_nodes_add_up() -> None:
    chart = flow_layers(_flows(), "en", left_title="Today", right_title="Plan B")
    spec = chart.to_dict()
    json.dumps(spec)
    data = [r for d in _datasets(spec) for r in d]
    links = [r for r in data if "link" in r]
    assert len(links) == 2 * 4  # a band has two ends
    assert sorted({(r["link"], r["members"]) for r in links}, key=lambda x: x[0]) == [
        (0, 2),
        (1, 2),
        (2, 1),
        (3, 1),
    ]
    nodes = [r for r in data if "top" in r]
    heights = {(r["side"], r["name"]): r["bottom"] - r["top"] for r in nodes}
    assert heights[("Today", "A")] == 4 and heights[("Plan B", "Y")] == 3
    # band ends sit inside their node
    for r in links:
        side = "Today" if r["x"] == 0 else "Plan B"
        node = next(
            n
            for n in nodes
            if n["side"] == side and n["name"] == (r["source"] if r["x"] == 0 else r["target"])
        )
        assert node["top"] < r["y"] < node["bottom"]


def test_flow_charts_with_no_flows_still_serialise() -> None:
    empty = pd.DataFrame(
        {
            "source": pd.Series([], dtype="str"),
            "target": pd.Series([], dtype="str"),
            "members": pd.Series([], dtype="int64"),
        }
    )
    flow_layers(empty, "zh").to_dict()
    flow_heatmap(empty, "zh").to_dict()


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
