"""Altair charts of the comparison: branch sizes, first-choice share and leadership per
scenario, the flow from one layout to another, and the trade-off sweep.

Pure: each function builds a small frame of figures and ids (branch ids, scenario names: no
member's name) and returns a chart whose titles are in ``lang``; ``chart.to_dict()`` serialises it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from planner.charts import MUTED_COLOUR, OK_COLOUR, OVER_COLOUR, RULE_COLOUR
from planner.compare import METRICS_BY_KEY, metric_values
from planner.i18n import t
from planner.scenario import Scenario

#: Flows drawn at most (the biggest first); the rest would be unreadable threads.
MAX_FLOWS = 400


def _names(scenarios: Sequence[Scenario]) -> list[str]:
    return [s.name for s in scenarios]


def branch_size_chart(scenarios: Sequence[Scenario], lang: str, cap: int | None = None) -> alt.LayerChart:
    """How many branches of each size each scenario has (bars in bins of 5 members, side by side),
    with a rule at ``cap`` (default: the first scenario's size cap)."""
    rows = [
        {"scenario": s.name, "size": int(size)}
        for s in scenarios
        for size in s.plan.branches["size"].tolist()
    ]
    data = pd.DataFrame(rows, columns=["scenario", "size"])
    if cap is None:
        cap = scenarios[0].settings.rules.max_branch_size if scenarios else 50
    names = _names(scenarios)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("size:Q", bin=alt.Bin(step=5), title=t("workshop.chart.branch_size", lang)),
            xOffset=alt.XOffset("scenario:N", sort=names),
            y=alt.Y("count():Q", title=t("workshop.chart.branches", lang)),
            color=alt.Color("scenario:N", sort=names, title=t("workshop.chart.scenario", lang)),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("size:Q", bin=alt.Bin(step=5), title=t("workshop.chart.branch_size", lang)),
                alt.Tooltip("count():Q", title=t("workshop.chart.branches", lang)),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"cap": [cap]}))
        .mark_rule(color=RULE_COLOUR, strokeDash=[4, 3])
        .encode(x="cap:Q", tooltip=[alt.Tooltip("cap:Q", title=t("workshop.chart.cap", lang))])
    )
    return alt.LayerChart(
        layer=[bars, rule], title=t("workshop.chart.size_title", lang), width=480, height=260
    )


def share_leadership_chart(scenarios: Sequence[Scenario], lang: str) -> alt.HConcatChart:
    """Left: share of members with their first-choice team (and with any team) per scenario.
    Right: leadership positions today and in each scenario."""
    names = _names(scenarios)
    share_rows = []
    lead_rows = []
    before_label = t("workshop.chart.today", lang)
    for s in scenarios:
        values = metric_values(s.plan)
        for key in ("first_choice_share", "any_team_share"):
            share_rows.append(
                {
                    "scenario": s.name,
                    "measure": t(METRICS_BY_KEY[key].label, lang),
                    "share": values[key] or 0.0,
                }
            )
        lead_rows.append({"scenario": s.name, "leaders": values["leaders_after"] or 0.0})
    if scenarios:
        lead_rows.insert(
            0,
            {"scenario": before_label, "leaders": metric_values(scenarios[0].plan)["leaders_before"] or 0.0},
        )
    shares = pd.DataFrame(share_rows, columns=["scenario", "measure", "share"])
    leaders = pd.DataFrame(lead_rows, columns=["scenario", "leaders"])
    share_chart = (
        alt.Chart(shares)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", sort=names, title=None),
            xOffset=alt.XOffset("measure:N"),
            y=alt.Y(
                "share:Q",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
                title=t("workshop.chart.share", lang),
            ),
            color=alt.Color("measure:N", title=None, scale=alt.Scale(range=[OK_COLOUR, MUTED_COLOUR])),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("measure:N", title=t("workshop.chart.measure", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("workshop.chart.share", lang)),
            ],
        )
        .properties(title=t("workshop.chart.share_title", lang), width=300, height=240)
    )
    lead_chart = (
        alt.Chart(leaders)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", sort=[before_label, *names], title=None),
            y=alt.Y("leaders:Q", title=t("workshop.chart.leaders", lang)),
            color=alt.condition(
                alt.datum.scenario == before_label, alt.value(MUTED_COLOUR), alt.value(OK_COLOUR)
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("leaders:Q", title=t("workshop.chart.leaders", lang)),
            ],
        )
        .properties(title=t("workshop.chart.leaders_title", lang), width=240, height=240)
    )
    return alt.hconcat(share_chart, lead_chart)


def _limit(flows: pd.DataFrame) -> pd.DataFrame:
    return flows.sort_values("members", ascending=False, kind="stable").head(MAX_FLOWS)


def flow_heatmap(
    flows: pd.DataFrame, lang: str, *, names: Mapping[str, str] | None = None, source_label: str | None = None
) -> alt.LayerChart:
    """``flows`` (compare.flow: source, target, members) as a from × to grid, the count in each cell.
    ``names`` maps branch ids to display names; ``source_label`` titles the rows (default "from")."""
    data = _limit(flows).copy()
    if names:
        data["source"] = [names.get(v, v) for v in data["source"]]
        data["target"] = [names.get(v, v) for v in data["target"]]
    base = alt.Chart(data).encode(
        x=alt.X(
            "target:N", title=t("workshop.chart.to", lang), axis=alt.Axis(labelAngle=-40, labelLimit=160)
        ),
        y=alt.Y(
            "source:N", title=source_label or t("workshop.chart.from", lang), axis=alt.Axis(labelLimit=160)
        ),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "members:Q", scale=alt.Scale(scheme="blues"), title=t("workshop.chart.members", lang)
        ),
        tooltip=[
            alt.Tooltip("source:N", title=t("workshop.chart.from", lang)),
            alt.Tooltip("target:N", title=t("workshop.chart.to", lang)),
            alt.Tooltip("members:Q", title=t("workshop.chart.members", lang)),
        ],
    )
    labels = base.mark_text(fontSize=10).encode(text="members:Q", color=alt.value(RULE_COLOUR))
    return alt.LayerChart(layer=[cells, labels], title=t("workshop.chart.flow_title", lang))


def _positions(totals: pd.Series) -> pd.DataFrame:
    """Stack nodes top-down with a small gap: node, top, bottom, middle."""
    gap = max(float(totals.sum()) * 0.01, 0.5)
    rows = []
    y = 0.0
    for node, size in totals.items():
        rows.append({"node": node, "top": y, "bottom": y + float(size), "middle": y + float(size) / 2})
        y += float(size) + gap
    return pd.DataFrame(rows, columns=["node", "top", "bottom", "middle"])


def flow_layers(
    flows: pd.DataFrame,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    left_title: str | None = None,
    right_title: str | None = None,
) -> alt.LayerChart:
    """``flows`` as a two-column sankey-like picture: source branches stacked on the left, target
    branches on the right (bar height = members), a band from each source to each target as
    thick as the members who go that way."""
    data = _limit(flows)
    label = (lambda v: names.get(v, v)) if names else (lambda v: v)
    left = _positions(data.groupby("source", sort=True)["members"].sum())
    right = _positions(data.groupby("target", sort=True)["members"].sum())
    # each band starts at its source's next free slot and ends at its target's
    left_next = dict(zip(left["node"], left["top"], strict=True))
    right_next = dict(zip(right["node"], right["top"], strict=True))
    links = []
    ordered = data.sort_values(["source", "target"], kind="stable")
    triples = zip(
        ordered["source"].astype(str),
        ordered["target"].astype(str),
        ordered["members"].astype(int),
        strict=True,
    )
    for i, (source, target, members) in enumerate(triples):
        y0 = left_next[source] + members / 2
        y1 = right_next[target] + members / 2
        left_next[source] += members
        right_next[target] += members
        common = {"link": i, "members": members, "source": label(source), "target": label(target)}
        links.append({**common, "x": 0.0, "y": y0})
        links.append({**common, "x": 1.0, "y": y1})
    link_frame = pd.DataFrame(links, columns=["link", "members", "source", "target", "x", "y"])
    nodes = pd.concat(
        [
            left.assign(
                x=0.0,
                side=left_title or t("workshop.chart.from", lang),
                name=[label(n) for n in left["node"]],
            ),
            right.assign(
                x=1.0,
                side=right_title or t("workshop.chart.to", lang),
                name=[label(n) for n in right["node"]],
            ),
        ],
        ignore_index=True,
    )
    y_scale = alt.Scale(reverse=True, nice=False)
    bands = (
        alt.Chart(link_frame)
        .mark_line(opacity=0.35, interpolate="monotone")
        .encode(
            x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.05, 1.05])),
            y=alt.Y("y:Q", axis=None, scale=y_scale),
            detail="link:N",
            strokeWidth=alt.StrokeWidth("members:Q", legend=None, scale=alt.Scale(range=[1, 40])),
            color=alt.value(OK_COLOUR),
            tooltip=[
                alt.Tooltip("source:N", title=t("workshop.chart.from", lang)),
                alt.Tooltip("target:N", title=t("workshop.chart.to", lang)),
                alt.Tooltip("members:Q", title=t("workshop.chart.members", lang)),
            ],
        )
    )
    bars = (
        alt.Chart(nodes)
        .mark_bar(width=10, color=OVER_COLOUR)
        .encode(
            x="x:Q",
            y=alt.Y("top:Q", scale=y_scale),
            y2="bottom:Q",
            tooltip=[
                alt.Tooltip("side:N", title=" "),
                alt.Tooltip("name:N", title=t("workshop.chart.branch", lang)),
                alt.Tooltip("members:Q", title=t("workshop.chart.members", lang)),
            ],
        )
        .transform_calculate(members="datum.bottom - datum.top")
    )
    text_left = (
        alt.Chart(nodes[nodes["x"] == 0.0])
        .mark_text(align="right", dx=-8, fontSize=10)
        .encode(x="x:Q", y=alt.Y("middle:Q", scale=y_scale), text="name:N")
    )
    text_right = (
        alt.Chart(nodes[nodes["x"] == 1.0])
        .mark_text(align="left", dx=8, fontSize=10)
        .encode(x="x:Q", y=alt.Y("middle:Q", scale=y_scale), text="name:N")
    )
    height = max(200, min(900, 14 * max(len(left), len(right))))
    return alt.LayerChart(
        layer=[bands, bars, text_left, text_right],
        title=t("workshop.chart.flow_title", lang),
        width=420,
        height=height,
    )


def sweep_chart(frame: pd.DataFrame, lang: str, metrics: Sequence[str] | None = None) -> alt.FacetChart:
    """Each metric of a :func:`planner.sweep.sweep_frame` against the varied value, one small
    panel per metric with its own scale. ``metrics`` picks columns (default: all but ``value``)."""
    labels: dict[str, str] = frame.attrs.get("labels", {})
    keys = list(metrics) if metrics is not None else [c for c in frame.columns if c != "value"]
    long = frame.melt(id_vars=["value"], value_vars=keys, var_name="key", value_name="y")
    long["metric"] = [labels.get(k, k) for k in long["key"]]
    long["x"] = long["value"]
    numeric = pd.api.types.is_numeric_dtype(frame["value"])
    x_title = labels.get("value", t("workshop.sweep.value", lang))
    order = [labels.get(k, k) for k in keys]
    chart = (
        alt.Chart(long[["x", "metric", "y"]])
        .mark_line(point=True, color=OK_COLOUR)
        .encode(
            x=alt.X("x:Q" if numeric else "x:N", title=x_title),
            y=alt.Y("y:Q", title=None, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("x", title=x_title),
                alt.Tooltip("metric:N", title=t("workshop.chart.measure", lang)),
                alt.Tooltip("y:Q", format=",.3~f", title=t("workshop.chart.value", lang)),
            ],
        )
        .properties(width=220, height=140)
    )
    return (
        chart.facet(facet=alt.Facet("metric:N", sort=order, title=None), columns=3)
        .resolve_scale(y="independent")
        .properties(title=t("workshop.chart.sweep_title", lang))
    )
