"""Statistics: headline figures, the five charts and the tables, for the areas chosen."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from planner.charts import (
    area_size_chart,
    area_type_heatmap,
    member_composition_chart,
    party_members_per_team_chart,
    teams_by_type_chart,
)
from planner.i18n import t
from planner.schema import Roster
from planner.stats import Statistics, compute_statistics, per_area_display
from ui.lang import current_language
from ui.nav import link_to
from ui.state import loaded, remember, session_memo
from ui.tables import TEAM_KEYS, display_frame
from ui.text import md_escape
from ui.widgets import area_filter

DEFAULT_CAP = 50
MEMO_KEY = "stats.memo"


def statistics_for(roster: Roster, areas: Sequence[str], cap: int) -> Statistics:
    """The statistics, remembered in this session for the same roster, areas and cap, so a
    rerun caused by an unrelated click costs nothing."""
    inputs = (roster.fingerprint or id(roster), tuple(areas), cap)
    held = session_memo(MEMO_KEY, inputs)
    if isinstance(held, Statistics):
        return held
    stats = compute_statistics(roster, areas=list(areas) or None, max_branch_size=cap)
    remember(MEMO_KEY, inputs, stats)
    return stats


def _share(value: float) -> str:
    return f"{value:.1%}"


def headline(stats: Statistics, lang: str) -> None:
    row = st.columns(5)
    row[0].metric(
        t("ui.stats.members", lang),
        f"{stats.members:,}",
        help=t("ui.stats.members_help", lang, full=f"{stats.full:,}", probationary=f"{stats.probationary:,}"),
    )
    row[1].metric(t("ui.stats.areas", lang), f"{stats.areas:,}")
    row[2].metric(t("ui.stats.current_branches", lang), f"{stats.current_branch_count:,}")
    row[3].metric(
        t("ui.stats.branches_over_100", lang),
        f"{stats.branches_over_100:,}",
        help=t("ui.stats.branches_over_200", lang, count=stats.branches_over_200),
    )
    where = f"{stats.largest_branch} · {stats.largest_branch_area}" if stats.largest_branch else ""
    row[4].metric(
        t("ui.stats.largest_branch", lang), f"{stats.largest_branch_size:,}", help=md_escape(where) or None
    )
    row = st.columns(5)
    row[0].metric(t("ui.stats.teams", lang), f"{stats.team_count:,}")
    row[1].metric(
        t("ui.stats.teams_with_member", lang),
        f"{stats.teams_with_party_member:,}",
        help=t("ui.stats.teams_with_member_help", lang, share=_share(stats.teams_with_party_member_share)),
    )
    row[2].metric(
        t("ui.stats.teams_with_3plus", lang),
        f"{stats.teams_with_3plus:,}",
        help=t("ui.stats.teams_with_3plus_help", lang, share=_share(stats.teams_with_3plus_share)),
    )
    row[3].metric(
        t("ui.stats.members_in_teams", lang),
        f"{stats.members_in_teams:,}",
        help=t("ui.stats.share_of_members", lang, share=_share(stats.members_in_teams_share)),
    )
    row[4].metric(
        t("ui.stats.members_per_leader", lang),
        "—" if stats.members_per_leader is None else f"{stats.members_per_leader:.1f}",
        help=t("ui.stats.leaders_help", lang, leaders=f"{stats.current_leaders:,}"),
    )
    st.caption(
        t(
            "ui.stats.candidates_line",
            lang,
            candidates=f"{stats.candidates:,}",
            cap=stats.max_branch_size,
            branches=f"{stats.min_branches:,}",
            needed=f"{stats.candidates_needed:,}",
            shortfall=f"{stats.candidate_shortfall:,}",
            areas=stats.areas_short_of_candidates,
        )
    )


def charts(stats: Statistics, cap: int, lang: str) -> None:
    # The charts carry their own translated titles. Wide ones (one bar or row per area, the
    # heat map's four long column labels) get the full width.
    st.altair_chart(area_size_chart(stats, lang, cap=cap), width="stretch")
    left, right = st.columns(2)
    left.altair_chart(teams_by_type_chart(stats, lang), width="stretch")
    right.altair_chart(party_members_per_team_chart(stats, lang), width="stretch")
    st.altair_chart(area_type_heatmap(stats, lang), width="stretch")
    st.altair_chart(member_composition_chart(stats, lang), width="stretch")


def tables(stats: Statistics, lang: str) -> None:
    st.subheader(t("ui.stats.tables", lang))
    per_area, teams, branches = st.tabs(
        [t("ui.stats.tab.per_area", lang), t("ui.stats.tab.teams", lang), t("ui.stats.tab.branches", lang)]
    )
    with per_area:
        st.dataframe(per_area_display(stats, lang), hide_index=True)
    with teams:
        st.dataframe(display_frame(stats.teams, lang, keys=TEAM_KEYS), hide_index=True)
    with branches:
        st.dataframe(display_frame(stats.current_branches, lang), hide_index=True)


def render(lang: str) -> None:
    st.title(t("ui.stats.title", lang))
    held = loaded()
    if held is None:
        st.info(t("ui.stats.empty", lang), icon=":material/upload_file:")
        link_to("data", lang, t("ui.stats.go_data", lang))
        return
    roster = held.roster
    filter_col, cap_col = st.columns([4, 1])
    with filter_col:
        areas = area_filter(roster.areas, "stats.areas", lang)
    with cap_col:
        cap = int(
            st.number_input(
                t("ui.stats.cap", lang),
                min_value=3,
                max_value=1000,
                value=DEFAULT_CAP,
                step=5,
                key="stats.cap",
                help=t("ui.stats.cap_help", lang),
            )
        )
    stats = statistics_for(roster, areas, cap)
    if stats.members == 0:
        st.info(t("ui.stats.no_members", lang), icon=":material/info:")
        return
    headline(stats, lang)
    st.divider()
    charts(stats, cap, lang)
    st.divider()
    tables(stats, lang)


render(current_language())
