"""Altair charts of the comparison: branch sizes, first-choice share and leadership per
scenario, the flow from one layout to another, and the trade-off sweep.

Pure: each function builds a small frame of figures and ids (branch ids, scenario names: no
member's name) and returns a chart whose titles are in ``lang``; ``chart.to_dict()`` serialises it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from planner.charts import MUTED_COLOUR, OK_COLOUR, RULE_COLOUR
from planner.compare import METRICS_BY_KEY, metric_values
from planner.i18n import t
from planner.orgchart import FONT_FAMILY, text_width, wrap_text
from planner.scenario import Scenario

#: Flows drawn at most (the biggest first); the rest would be unreadable threads.
MAX_FLOWS = 400


#: Branch sizes are counted in bins of this many members; the chart's height in pixels.
SIZE_BIN = 5
SIZE_CHART_HEIGHT = 320
#: Scenario names are wrapped at this width (pixels at 12 px) in legends and axis labels.
NAME_WRAP_PX = 112
SHARE_COLOURS = (OK_COLOUR, "#9ecae9")  # first choice, any team: no grey, that is "before"


def _names(scenarios: Sequence[Scenario]) -> list[str]:
    return [s.name for s in scenarios]


def wrapped_name(name: str, max_px: float = NAME_WRAP_PX) -> str:
    """A scenario name in lines of at most ``max_px`` (joined by "\\n"): shown whole, never cut."""
    return "\n".join(wrap_text(name, max_px, 12))


#: Axis and legend labels split at the "\\n" of :func:`wrapped_name` (Vega draws an array of
#: strings as lines).
_SPLIT_LINES = "split(datum.label, '\\n')"


def size_bins(sizes: Sequence[int], step: int = SIZE_BIN) -> list[tuple[int, int]]:
    """The bins (low, high) from 1 to the largest size: 1–5, 6–10, ..."""
    top = max(sizes, default=step)
    return [(low, low + step - 1) for low in range(1, max(top, 1) + 1, step)]


def branch_size_chart(scenarios: Sequence[Scenario], lang: str, cap: int | None = None) -> alt.LayerChart:
    """How many branches of each size each scenario has: bars in bins of SIZE_BIN members, the
    scenarios side by side in each bin (never stacked), whole-number ticks, and a dashed rule
    before the first bin above ``cap`` (default: the first scenario's size cap)."""
    if cap is None:
        cap = scenarios[0].settings.rules.max_branch_size if scenarios else 50
    sizes = [int(x) for s in scenarios for x in s.plan.branches["size"].tolist()]
    bins = size_bins([*sizes, cap + 1])  # one bin past the cap, so its line always shows
    labels = [t("pictures.chart.size_bin", lang, low=low, high=high) for low, high in bins]
    names = _names(scenarios)
    rows = []
    for s in scenarios:
        counts = [0] * len(bins)
        for size in s.plan.branches["size"].tolist():
            counts[min(max(int(size) - 1, 0) // SIZE_BIN, len(bins) - 1)] += 1
        rows += [
            {"scenario": wrapped_name(s.name), "full_name": s.name, "bin": label, "branches": n}
            for label, n in zip(labels, counts, strict=True)
        ]
    data = pd.DataFrame(rows, columns=["scenario", "full_name", "bin", "branches"])
    wrapped = [wrapped_name(n) for n in names]
    x = alt.X(
        "bin:N",
        sort=labels,
        title=t("workshop.chart.branch_size", lang),
        axis=alt.Axis(labelAngle=0, labelFontSize=12, labelOverlap=False),
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            xOffset=alt.XOffset("scenario:N", sort=wrapped),
            y=alt.Y(
                "branches:Q",
                title=t("workshop.chart.branches", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=alt.Color(
                "scenario:N",
                sort=wrapped,
                title=t("workshop.chart.scenario", lang),
                # beside the plot: Streamlit fits the whole chart into its height, and a legend
                # below would squeeze the bars
                legend=alt.Legend(orient="right", labelLimit=0, labelExpr=_SPLIT_LINES),
            ),
            tooltip=[
                alt.Tooltip("full_name:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("bin:N", title=t("workshop.chart.branch_size", lang)),
                alt.Tooltip("branches:Q", title=t("workshop.chart.branches", lang)),
            ],
        )
    )
    above = next((label for (low, _), label in zip(bins, labels, strict=True) if low > cap), None)
    cap_frame = pd.DataFrame({"bin": [above] if above else [], "cap": [cap] if above else []})
    rule = (
        alt.Chart(cap_frame)
        .mark_rule(color=RULE_COLOUR, strokeDash=[4, 3], strokeWidth=2)
        .encode(
            x=alt.X("bin:N", sort=labels, bandPosition=0),
            tooltip=[alt.Tooltip("cap:Q", title=t("workshop.chart.cap", lang))],
        )
    )
    title = alt.TitleParams(
        t("workshop.chart.size_title", lang), subtitle=t("pictures.chart.cap_note", lang, cap=cap)
    )
    return alt.LayerChart(
        layer=[bars, rule], title=title, width=max(480, 26 * len(bins) * len(names)), height=SIZE_CHART_HEIGHT
    )


def share_leadership_chart(scenarios: Sequence[Scenario], lang: str) -> alt.HConcatChart:
    """Left: share of members with their first-choice team (and with any team) per scenario,
    with its own legend underneath. Right: leadership positions today (grey) and in each
    scenario (blue): no legend, the axis says which bar is which. Scenario names wrap."""
    names = _names(scenarios)
    share_rows = []
    lead_rows = []
    before_label = t("workshop.chart.today", lang)
    measures = [t(METRICS_BY_KEY[key].label, lang) for key in ("first_choice_share", "any_team_share")]
    for s in scenarios:
        values = metric_values(s.plan)
        for key, measure in zip(("first_choice_share", "any_team_share"), measures, strict=True):
            share_rows.append(
                {
                    "scenario": wrapped_name(s.name),
                    "full_name": s.name,
                    "measure": measure,
                    "share": values[key] or 0.0,
                }
            )
        lead_rows.append(
            {
                "scenario": wrapped_name(s.name),
                "full_name": s.name,
                "leaders": values["leaders_after"] or 0.0,
                "today": False,
            }
        )
    if scenarios:
        before = metric_values(scenarios[0].plan)["leaders_before"] or 0.0
        lead_rows.insert(
            0, {"scenario": before_label, "full_name": before_label, "leaders": before, "today": True}
        )
    shares = pd.DataFrame(share_rows, columns=["scenario", "full_name", "measure", "share"])
    leaders = pd.DataFrame(lead_rows, columns=["scenario", "full_name", "leaders", "today"])
    wrapped = [wrapped_name(n) for n in names]
    name_axis = alt.Axis(labelAngle=0, labelLimit=0, labelExpr=_SPLIT_LINES, labelFontSize=12)
    share_chart = (
        alt.Chart(shares)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", sort=wrapped, title=None, axis=name_axis),
            xOffset=alt.XOffset("measure:N", sort=measures),
            y=alt.Y(
                "share:Q",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
                title=t("workshop.chart.share", lang),
            ),
            color=alt.Color(
                "measure:N",
                sort=measures,
                title=None,
                scale=alt.Scale(domain=measures, range=list(SHARE_COLOURS)),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("full_name:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("measure:N", title=t("workshop.chart.measure", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("workshop.chart.share", lang)),
            ],
        )
        .properties(title=t("workshop.chart.share_title", lang), width=max(300, 130 * len(names)), height=240)
    )
    lead_chart = (
        alt.Chart(leaders)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", sort=[before_label, *wrapped], title=None, axis=name_axis),
            y=alt.Y(
                "leaders:Q", title=t("workshop.chart.leaders", lang), axis=alt.Axis(format="d", tickMinStep=1)
            ),
            color=alt.Color(
                "today:N", scale=alt.Scale(domain=[True, False], range=[MUTED_COLOUR, OK_COLOUR]), legend=None
            ),
            tooltip=[
                alt.Tooltip("full_name:N", title=t("workshop.chart.scenario", lang)),
                alt.Tooltip("leaders:Q", title=t("workshop.chart.leaders", lang)),
            ],
        )
        .properties(
            title=t("workshop.chart.leaders_title", lang), width=max(240, 125 * (len(names) + 1)), height=240
        )
    )
    return (
        alt.hconcat(share_chart, lead_chart)
        .resolve_scale(color="independent")
        .resolve_legend(color="independent")
    )


def _limit(flows: pd.DataFrame) -> pd.DataFrame:
    return flows.sort_values("members", ascending=False, kind="stable").head(MAX_FLOWS)


#: The flow picture's measures, in pixels: label font, node bar width, gap between nodes,
#: room above the nodes for the side titles, the smallest node (one label line).
FLOW_FONT = 14
FLOW_TITLE_FONT = 15
FLOW_BAR = 14
FLOW_GAP = 10
FLOW_LINE = 18
FLOW_WIDTH = 800
#: Samples along each band's curve (enough for a smooth S at this size).
FLOW_STEPS = 24
#: A band is labelled with its count where it is at least this thick.
FLOW_COUNT_MIN = 16
FLOW_PALETTE = (
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2",
    "#eeca3b", "#9d755d", "#ff9da6", "#79706e",
)  # fmt: skip


@dataclass(frozen=True)
class FlowGeometry:
    """The flow picture laid out in pixels (y grows downwards).

    ``nodes``: side ("left"/"right"), node (id), label (display text, lines joined by "\\n"),
    members, top, bottom, x0, x1 (the bar), colour. ``bands``: band, source, target (display
    names), members, step, x, top, bottom (one row per sample along the band). ``counts``: x, y,
    members (bands thick enough to carry their count). ``titles``: side, x, y, text."""

    width: int
    height: int
    nodes: pd.DataFrame
    bands: pd.DataFrame
    counts: pd.DataFrame
    titles: pd.DataFrame


def _label_lines(text: str, max_px: float) -> list[str]:
    return wrap_text(text, max_px, FLOW_FONT, max_lines=3)


def _node_heights(members: list[int], minimum: list[float], room: float) -> list[float]:
    """Heights proportional to members (one scale for both sides), never below ``minimum``,
    filling at most ``room``: the largest scale that fits, by bisection."""
    low, high = 0.0, room / max(sum(members), 1)
    for _ in range(40):
        middle = (low + high) / 2
        if sum(max(m * middle, h) for m, h in zip(members, minimum, strict=True)) <= room:
            low = middle
        else:
            high = middle
    return [max(m * low, h) for m, h in zip(members, minimum, strict=True)]


def _smooth(t: float) -> float:
    return t * t * (3 - 2 * t)


def flow_geometry(
    flows: pd.DataFrame,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    left_title: str = "",
    right_title: str = "",
    width: int = FLOW_WIDTH,
) -> FlowGeometry:
    """Lay out ``flows`` (compare.flow: source, target, members) as two columns of nodes joined
    by bands as thick as the members who go that way. Labels never overlap: each node is at
    least as tall as its label. Left nodes largest first; right nodes in the order of where
    their members come from, so bands cross as little as possible."""
    data = _limit(flows)
    nowhere = t("pictures.flow.nowhere", lang)

    def name(node: str) -> str:
        return (names or {}).get(node, node) if node else nowhere

    label_px = width * 0.3
    left_sizes = (
        data.groupby("source", sort=True)["members"].sum().sort_values(ascending=False, kind="stable")
    )
    left = [str(n) for n in left_sizes.index]
    left_rank = {n: i for i, n in enumerate(left)}
    data = data.assign(rank=[left_rank[str(s)] for s in data["source"]])
    centre = (data["rank"] * data["members"]).groupby(data["target"]).sum() / data.groupby("target")[
        "members"
    ].sum()
    right = [str(n) for n in centre.sort_values(kind="stable").index]
    right_sizes = data.groupby("target")["members"].sum()

    def labels(nodes: list[str], sizes: pd.Series) -> list[list[str]]:
        return [
            _label_lines(t("pictures.flow.node", lang, name=name(n), members=f"{int(sizes[n]):,}"), label_px)
            for n in nodes
        ]

    left_labels, right_labels = labels(left, left_sizes), labels(right, right_sizes)
    side_titles = [_label_lines(x, width / 2 - 24) for x in (left_title, right_title)]
    top = 8 + FLOW_LINE * max(len(x) for x in side_titles) + 8
    most = max(len(left), len(right), 1)
    room = float(min(max(56 * most, 320), 620))
    room = max(
        room,
        max(
            sum(len(x) for x in sides) * FLOW_LINE + FLOW_GAP * len(sides)
            for sides in (left_labels, right_labels)
        ),
    )
    heights: dict[str, list[float]] = {}
    for side, nodes, sizes, lab in (
        ("left", left, left_sizes, left_labels),
        ("right", right, right_sizes, right_labels),
    ):
        usable = room - FLOW_GAP * max(len(nodes) - 1, 0)
        heights[side] = _node_heights(
            [int(sizes[n]) for n in nodes], [len(x) * FLOW_LINE + 4 for x in lab], usable
        )
    widest = {
        side: max(
            (max((text_width(line, FLOW_FONT) for line in lines), default=0) for lines in lab), default=0
        )
        for side, lab in (("left", left_labels), ("right", right_labels))
    }
    x_left = min(widest["left"], label_px) + 12
    x_right = width - min(widest["right"], label_px) - 12 - FLOW_BAR
    colours = {n: FLOW_PALETTE[i % len(FLOW_PALETTE)] for i, n in enumerate(right)}
    node_rows = []
    for side, nodes, sizes, lab, x0 in (
        ("left", left, left_sizes, left_labels, x_left),
        ("right", right, right_sizes, right_labels, x_right),
    ):
        y = float(top)
        for node, h, lines in zip(nodes, heights[side], lab, strict=True):
            node_rows.append(
                {
                    "side": side,
                    "node": node,
                    "label": "\n".join(lines),
                    "members": int(sizes[node]),
                    "top": y,
                    "bottom": y + h,
                    "x0": float(x0),
                    "x1": float(x0 + FLOW_BAR),
                    "colour": colours.get(node, MUTED_COLOUR) if side == "right" else MUTED_COLOUR,
                }
            )
            y += h + FLOW_GAP
    nodes_frame = pd.DataFrame(
        node_rows, columns=["side", "node", "label", "members", "top", "bottom", "x0", "x1", "colour"]
    )
    bands, counts = _bands(data, nodes_frame, name, colours)
    # the side titles sit at the picture's outer edges, each with half its width
    title_rows = [
        {"side": "left", "x": 0.0, "y": 8.0, "text": "\n".join(side_titles[0])},
        {"side": "right", "x": float(width), "y": 8.0, "text": "\n".join(side_titles[1])},
    ]
    height = int(top + room + 8)
    return FlowGeometry(width, height, nodes_frame, bands, counts, pd.DataFrame(title_rows))


def _bands(
    data: pd.DataFrame, nodes: pd.DataFrame, name: Any, colours: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One S-shaped band per flow: it leaves its source at the next free slice of the source's
    bar and reaches its target's next free slice (slices in proportion to members)."""
    place = {(r["side"], r["node"]): r for r in nodes.to_dict("records")}
    order = {n: i for i, n in enumerate(nodes.loc[nodes["side"] == "right", "node"])}
    left_order = {n: i for i, n in enumerate(nodes.loc[nodes["side"] == "left", "node"])}
    free = {key: float(r["top"]) for key, r in place.items()}
    rows: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    # sources in order, targets in order within each: the bands of one node never cross
    ordered = sorted(
        zip(data["source"].astype(str), data["target"].astype(str), data["members"].astype(int), strict=True),
        key=lambda f: (left_order[f[0]], order[f[1]]),
    )
    by_target = sorted(ordered, key=lambda f: (order[f[1]], left_order[f[0]]))
    ends: dict[tuple[str, str], tuple[float, float]] = {}
    for source, target, members in by_target:
        node = place[("right", target)]
        share = (node["bottom"] - node["top"]) * members / node["members"]
        ends[(source, target)] = (free[("right", target)], free[("right", target)] + share)
        free[("right", target)] += share
    for band, (source, target, members) in enumerate(ordered):
        node = place[("left", source)]
        share = (node["bottom"] - node["top"]) * members / node["members"]
        a_top, a_bottom = free[("left", source)], free[("left", source)] + share
        free[("left", source)] += share
        b_top, b_bottom = ends[(source, target)]
        x0, x1 = node["x1"], place[("right", target)]["x0"]
        for step in range(FLOW_STEPS + 1):
            f = step / FLOW_STEPS
            s = _smooth(f)
            rows.append(
                {
                    "band": band,
                    "source": name(source),
                    "target": name(target),
                    "members": members,
                    "colour": colours.get(target, MUTED_COLOUR),
                    "step": step,
                    "x": x0 + (x1 - x0) * f,
                    "top": a_top + (b_top - a_top) * s,
                    "bottom": a_bottom + (b_bottom - a_bottom) * s,
                }
            )
        thickness = ((a_bottom - a_top) + (b_bottom - b_top)) / 2
        if thickness >= FLOW_COUNT_MIN:
            counts.append(
                {"x": (x0 + x1) / 2, "y": (a_top + a_bottom + b_top + b_bottom) / 4, "members": members}
            )
    columns = ["band", "source", "target", "members", "colour", "step", "x", "top", "bottom"]
    return pd.DataFrame(rows, columns=columns), pd.DataFrame(counts, columns=["x", "y", "members"])


_TITLE_ALIGN: tuple[tuple[str, Literal["left", "right"]], ...] = (("left", "left"), ("right", "right"))


def flow_chart(
    flows: pd.DataFrame,
    lang: str,
    *,
    names: Mapping[str, str] | None = None,
    left_title: str | None = None,
    right_title: str | None = None,
    width: int = FLOW_WIDTH,
) -> alt.LayerChart:
    """Who goes where, as a picture drawn at its own pixel size (show it with width "content"):
    the branches before on the left, after on the right, each a bar as tall as its members
    (never shorter than its label), a band from each branch before to each branch after as
    thick as the members who go that way, coloured by where they go; counts on thick bands.
    Layout in :func:`flow_geometry`; ``names`` maps branch ids to display names."""
    g = flow_geometry(
        flows,
        lang,
        names=names,
        left_title=left_title or t("workshop.chart.from", lang),
        right_title=right_title or t("workshop.chart.to", lang),
        width=width,
    )
    x = alt.Scale(domain=[0, g.width], range=[0, g.width], nice=False, zero=False)
    y = alt.Scale(domain=[0, g.height], range=[0, g.height], nice=False, zero=False)
    members = t("workshop.chart.members", lang)
    bands = (
        alt.Chart(g.bands)
        .mark_area(opacity=0.45, interpolate="linear")
        .encode(
            x=alt.X("x:Q", scale=x, axis=None),
            y=alt.Y("top:Q", scale=y, axis=None, stack=None),
            y2="bottom:Q",
            detail="band:N",
            color=alt.Color("colour:N", scale=None),
            tooltip=[
                alt.Tooltip("source:N", title=t("workshop.chart.from", lang)),
                alt.Tooltip("target:N", title=t("workshop.chart.to", lang)),
                alt.Tooltip("members:Q", title=members),
            ],
        )
    )
    bars = (
        alt.Chart(g.nodes)
        .mark_rect()
        .encode(
            x=alt.X("x0:Q", scale=x, axis=None),
            x2="x1:Q",
            y=alt.Y("top:Q", scale=y, axis=None),
            y2="bottom:Q",
            color=alt.Color("colour:N", scale=None),
            tooltip=[alt.Tooltip("label:N", title=t("workshop.chart.branch", lang))],
        )
    )
    left_nodes = g.nodes[g.nodes["side"] == "left"].assign(mid=lambda f: (f["top"] + f["bottom"]) / 2)
    right_nodes = g.nodes[g.nodes["side"] == "right"].assign(mid=lambda f: (f["top"] + f["bottom"]) / 2)
    text: dict[str, Any] = {
        "fontSize": FLOW_FONT,
        "lineBreak": "\n",
        "lineHeight": FLOW_LINE,
        "color": RULE_COLOUR,
    }
    left_text = (
        alt.Chart(left_nodes)
        .mark_text(align="right", baseline="middle", dx=-6, **text)
        .encode(x=alt.X("x0:Q", scale=x, axis=None), y=alt.Y("mid:Q", scale=y, axis=None), text="label:N")
    )
    right_text = (
        alt.Chart(right_nodes)
        .mark_text(align="left", baseline="middle", dx=6, **text)
        .encode(x=alt.X("x1:Q", scale=x, axis=None), y=alt.Y("mid:Q", scale=y, axis=None), text="label:N")
    )
    titles = [
        alt.Chart(g.titles[g.titles["side"] == side])
        .mark_text(
            align=align,
            baseline="top",
            fontSize=FLOW_TITLE_FONT,
            fontWeight="bold",
            lineBreak="\n",
            lineHeight=FLOW_LINE,
            color=RULE_COLOUR,
        )
        .encode(x=alt.X("x:Q", scale=x, axis=None), y=alt.Y("y:Q", scale=y, axis=None), text="text:N")
        for side, align in _TITLE_ALIGN
    ]
    counts = (
        alt.Chart(g.counts)
        .mark_text(fontSize=13, fontWeight="bold", color=RULE_COLOUR, baseline="middle")
        .encode(x=alt.X("x:Q", scale=x, axis=None), y=alt.Y("y:Q", scale=y, axis=None), text="members:Q")
    )
    return (
        alt.LayerChart(
            layer=[bands, bars, counts, left_text, right_text, *titles],
            # no chart title: the page heads the picture, and Streamlit sizes the frame from
            # the spec's height, which a title would push the bottom branches out of
            description=t("workshop.chart.flow_title", lang),
            width=g.width,
            height=g.height,
        )
        .configure(font=FONT_FAMILY)
        .configure_view(stroke=None)
        .configure_title(fontSize=16)
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
