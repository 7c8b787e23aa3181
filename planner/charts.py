"""Altair charts of a :class:`planner.stats.Statistics`, titled in the user's language.

Pure: each function builds its small data frame from the statistics (area and team-type
figures only, never a member's name) and returns a chart; ``chart.to_dict()`` serialises it.
Charts with a reference line or cell labels are layers (``alt.LayerChart``).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from planner.i18n import t
from planner.schema import TEAM_TYPES
from planner.stats import (
    AGE_BAND_KEYS,
    EMPLOYMENT_KEYS,
    MOBILITY_KEYS,
    STATUS_KEYS,
    TYPE_KEYS,
    Statistics,
    value_label,
)

# One palette for the product: calm blue for what is fine, red for what breaks a limit.
OK_COLOUR = "#4c78a8"
OVER_COLOUR = "#e45756"
MUTED_COLOUR = "#bab0ac"
RULE_COLOUR = "#333333"
TYPE_COLOURS: dict[str, str] = {
    "learning": "#4c78a8",
    "culture": "#f58518",
    "sports": "#54a24b",
    "service": "#b279a2",
    "other": "#bab0ac",
}
#: Party members per team from which a team counts as "with Party members" / "3 or more".
TEAM_MARKS: tuple[int, int] = (1, 3)
#: The marks' labels: font size, first line's offset from the plot's top and the step down to
#: the second (pixels): one line each, so they never overlap.
MARK_LABEL_FONT = 12
MARK_LABEL_TOP = 2
MARK_LABEL_STEP = 18
#: The y axis reaches this many times the tallest bar, leaving the top for the labels.
MARK_HEADROOM = 1.5


def _types_shown(stats: Statistics) -> list[str]:
    """The four types always, ``other`` only when some team has it."""
    return [k for k in TYPE_KEYS if k in TEAM_TYPES or stats.teams_by_type.get(k, 0)]


def area_size_chart(stats: Statistics, lang: str, cap: int | None = None) -> alt.LayerChart:
    """Members per area, biggest first, with a rule at the size cap; areas over it in red.

    ``cap`` defaults to the statistics' ``max_branch_size``; a branch of exactly ``cap`` is
    within it. Data of the bars (layer 0): area, members, size_class (translated "over the
    cap" / "within the cap"); of the rule (layer 1): cap, label.
    """
    cap = stats.max_branch_size if cap is None else cap
    over = t("charts.area_size.over", lang, cap=cap)
    within = t("charts.area_size.within", lang, cap=cap)
    members = stats.per_area["members"].to_numpy()
    data = pd.DataFrame(
        {
            "area": stats.per_area["area"].astype(str),
            "members": members,
            "size_class": np.where(members > cap, over, within),
        }
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("area:N", sort="-y", title=t("charts.axis.area", lang)),
            y=alt.Y("members:Q", title=t("charts.axis.members", lang)),
            color=alt.Color(
                "size_class:N",
                scale=alt.Scale(domain=[within, over], range=[OK_COLOUR, OVER_COLOUR]),
                legend=alt.Legend(title=None, orient="top", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("area:N", title=t("charts.axis.area", lang)),
                alt.Tooltip("members:Q", title=t("charts.axis.members", lang)),
            ],
        )
    )
    rule_data = pd.DataFrame({"cap": [cap], "label": [t("charts.area_size.cap", lang, cap=cap)]})
    # Dark dashes stay visible over red and blue bars; the label goes to the subtitle,
    # where bars cannot hide it.
    rule = (
        alt.Chart(rule_data)
        .mark_rule(color=RULE_COLOUR, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="cap:Q", tooltip=alt.Tooltip("label:N", title=None))
    )
    title = alt.TitleParams(
        t("charts.area_size.title", lang), subtitle=t("charts.area_size.rule", lang, cap=cap)
    )
    return alt.LayerChart(layer=[bars, rule], title=title)


def teams_by_type_chart(stats: Statistics, lang: str) -> alt.Chart:
    """Teams per type. Data: type (code), label (translated), teams."""
    types = _types_shown(stats)
    labels = [value_label(k, lang) for k in types]
    data = pd.DataFrame(
        {"type": types, "label": labels, "teams": [stats.teams_by_type.get(k, 0) for k in types]}
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "label:N",
                sort=labels,
                title=t("charts.axis.type", lang),
                axis=alt.Axis(labelAngle=0, labelLimit=240),
            ),
            y=alt.Y("teams:Q", title=t("charts.axis.teams", lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "label:N", scale=alt.Scale(domain=labels, range=[TYPE_COLOURS[k] for k in types]), legend=None
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("charts.axis.type", lang)),
                alt.Tooltip("teams:Q", title=t("charts.axis.teams", lang)),
            ],
        )
        .properties(title=t("charts.teams_by_type.title", lang))
    )


def party_members_per_team_chart(stats: Statistics, lang: str) -> alt.LayerChart:
    """How many teams have 0, 1, 2, ... Party members, coloured by band (none, 1-2, 3 or more),
    with dashed rules where the bands 1+ and 3+ begin.

    Data of the bars: party_members, teams, band (translated), x0/x1 (bar edges); of the rules:
    mark (1 or 3), position (mark - 0.5, between the bars), label.
    """
    counts = stats.teams["party_members"].value_counts().sort_index()
    values = counts.index.to_numpy(dtype=int)
    one, three = TEAM_MARKS
    band_labels = [t(f"charts.per_team.band_{k}", lang) for k in ("none", "some", "three")]
    band = np.select([values < one, values < three], band_labels[:2], default=band_labels[2])
    data = pd.DataFrame(
        {
            "party_members": values,
            "teams": counts.to_numpy(dtype=int),
            "band": band,
            "x0": values - 0.45,
            "x1": values + 0.45,
        }
    )
    x_title = t("charts.axis.party_members_in_team", lang)
    # Start the axis at the first bar's edge: a "nice" domain would begin at -5.
    x_scale = alt.Scale(domain=[-0.5, float(values.max(initial=three)) + 0.5], nice=False, zero=False)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("x0:Q", title=x_title, scale=x_scale, axis=alt.Axis(tickMinStep=1, format="d")),
            x2="x1:Q",
            # headroom above the tallest bar: the marks' labels stand there, clear of the bars
            y=alt.Y(
                "teams:Q",
                title=t("charts.axis.teams", lang),
                axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(
                    domain=[0, max(1, int(data["teams"].max()) if len(data) else 1) * MARK_HEADROOM]
                ),
            ),
            # Ranged x makes Vega-Lite draw thin horizontal ticks unless the bar is anchored at 0.
            y2=alt.datum(0),
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=band_labels, range=[MUTED_COLOUR, "#72b7b2", OK_COLOUR]),
                # one entry per line, never cut ("3 or more Party memb…" in a half-width column)
                legend=alt.Legend(title=None, orient="top", direction="vertical", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("party_members:Q", title=x_title),
                alt.Tooltip("teams:Q", title=t("charts.axis.teams", lang)),
            ],
        )
    )
    # the two marks are only two bars apart: their labels go on different lines (``top`` in
    # pixels from the plot's top), so they never overlap however narrow the chart is
    marks = pd.DataFrame(
        {
            "mark": [one, three],
            "position": [one - 0.5, three - 0.5],
            "label": [t("charts.per_team.mark", lang, n=n) for n in (one, three)],
            "top": [MARK_LABEL_TOP + i * MARK_LABEL_STEP for i in range(2)],
        }
    )
    rules = alt.Chart(marks).mark_rule(color=RULE_COLOUR, strokeDash=[4, 3]).encode(x="position:Q")
    labels = (
        alt.Chart(marks)
        .mark_text(align="left", baseline="top", dx=4, color=RULE_COLOUR, fontSize=MARK_LABEL_FONT)
        .encode(x="position:Q", y=alt.Y("top:Q", scale=None, axis=None), text="label:N")
    )
    return alt.LayerChart(layer=[bars, rules, labels], title=t("charts.per_team.title", lang))


def area_type_heatmap(stats: Statistics, lang: str) -> alt.LayerChart:
    """Area x team type: colour = Party members in teams of that type, cell text = teams.

    Data: area, type (code), label (translated type), teams, party_members.
    """
    types = _types_shown(stats)
    labels = [value_label(k, lang) for k in types]
    data = stats.area_type[stats.area_type["type"].isin(types)].copy()
    data["label"] = [value_label(str(k), lang) for k in data["type"]]
    data = data[["area", "type", "label", "teams", "party_members"]]
    # No overlap culling: every type and every area keeps its label.
    x = alt.X(
        "label:N",
        sort=labels,
        title=t("charts.axis.type", lang),
        axis=alt.Axis(labelAngle=0, labelLimit=240, labelOverlap=False, orient="top"),
    )
    y = alt.Y(
        "area:N",
        sort=list(stats.per_area["area"]),
        title=t("charts.axis.area", lang),
        axis=alt.Axis(labelOverlap=False),
    )
    tooltip = [
        alt.Tooltip("area:N", title=t("charts.axis.area", lang)),
        alt.Tooltip("label:N", title=t("charts.axis.type", lang)),
        alt.Tooltip("teams:Q", title=t("charts.axis.teams", lang)),
        alt.Tooltip("party_members:Q", title=t("charts.axis.party_members", lang)),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    cells = base.mark_rect().encode(
        color=alt.Color(
            "party_members:Q", scale=alt.Scale(scheme="blues"), title=t("charts.axis.party_members", lang)
        )
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("teams:Q"),
        color=alt.condition("datum.teams > 0", alt.value("#222222"), alt.value("#bbbbbb")),
    )
    height = max(120, 20 * len(stats.per_area))
    return alt.LayerChart(layer=[cells, text], title=t("charts.heatmap.title", lang), height=height)


def member_composition_chart(stats: Statistics, lang: str) -> alt.Chart:
    """Shares of members by status, employment, mobility and age band, one stacked bar each.

    Data: dimension (translated), category (translated), count, share (0..1), order.
    """
    status = {"full": stats.full, "probationary": stats.probationary}
    groups: list[tuple[str, tuple[str, ...], dict[str, int]]] = [
        ("status", STATUS_KEYS, status),
        ("employment", EMPLOYMENT_KEYS, stats.employment),
        ("mobility", MOBILITY_KEYS, stats.mobility),
        ("age", AGE_BAND_KEYS, stats.age_bands),
    ]
    rows = []
    order = 0
    for dim, keys, counts in groups:
        for key in keys:
            count = counts.get(key, 0)
            rows.append(
                {
                    "dimension": t(f"charts.composition.{dim}", lang),
                    "category": value_label(key, lang),
                    "count": count,
                    "share": count / stats.members if stats.members else 0.0,
                    "order": order,
                }
            )
            order += 1
    data = pd.DataFrame(rows)
    categories = data["category"].tolist()
    dimensions = list(dict.fromkeys(data["dimension"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("dimension:N", sort=dimensions, title=None),
            x=alt.X("share:Q", stack="zero", title=t("charts.axis.share", lang), axis=alt.Axis(format="%")),
            color=alt.Color(
                "category:N",
                sort=categories,
                scale=alt.Scale(domain=categories, scheme="tableau20"),
                legend=alt.Legend(title=None, columns=2, labelLimit=0),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("dimension:N", title=t("charts.axis.dimension", lang)),
                alt.Tooltip("category:N", title=t("charts.axis.category", lang)),
                alt.Tooltip("count:Q", title=t("charts.axis.members", lang)),
                alt.Tooltip("share:Q", title=t("charts.axis.share", lang), format=".1%"),
            ],
        )
        .properties(title=t("charts.composition.title", lang))
    )
