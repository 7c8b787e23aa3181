"""Compare: two to four scenarios side by side, who moves, the flow, and the trade-off sweep."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from planner.compare import (
    HEADLINE_METRICS,
    METRICS_BY_KEY,
    best_of,
    current_assignments,
    flow,
    metric_values,
    setting_label,
    settings_diff,
    who_moved,
)
from planner.compare_charts import branch_size_chart, flow_chart, share_leadership_chart, sweep_chart
from planner.export import CHANGE_EXPORT_COLUMNS, frame_csv, header
from planner.i18n import t
from planner.numbers import count_text, metric_text
from planner.plan import Plan
from planner.quality import plan_quality
from planner.scenario import Scenario, ScenarioBook, ScenarioError, flatten_settings
from planner.schema import Roster
from planner.sweep import MAX_POINTS, labelled, sweep_frame
from planner.today import changed_today, differences, today_plan
from ui.jobs import JobState, get_job, poll_while_running
from ui.lang import current_language, lang_bound
from ui.scenarios import (
    SWEEP_SLOT,
    Discarded,
    add_scenario,
    draw_job,
    file_stem,
    show_org_chart,
    start_sweep,
    sweep_result,
    workshop_inputs,
)
from ui.state import remember, session_memo
from ui.tables import setting_text
from ui.text import md_escape
from ui.widgets import area_filter

PICK_KEY = "compare.names"
TODAY_SCENARIO_KEY = "compare.now.scenario"
TODAY_AREA_KEY = "compare.now.area"
TODAY_MEMO = "compare.now.memo"
#: the metric that only the solver reads: under "about the solver", not in the table
SOLVER_METRICS = ("objective",)
TODAY = "\0today"  # the "from" choice meaning the roster's current branches (never a scenario name)
MOVED_MEMO = "compare.moved"


@dataclass(frozen=True)
class SweepParameter:
    path: str
    start: float
    stop: float
    step: float
    integer: bool


SWEEP_PARAMETERS: tuple[SweepParameter, ...] = (
    SweepParameter("rules.max_branch_size", 30, 60, 10, True),
    SweepParameter("rules.committee_threshold", 5, 9, 1, True),
    SweepParameter("rules.joint_max_teams", 2, 6, 1, True),
    SweepParameter("rules.group_threshold", 15, 30, 5, True),
    SweepParameter("rules.min_full_members", 3, 5, 1, True),
    SweepParameter("rules.max_mobility_share", 0.1, 0.5, 0.1, False),
    SweepParameter("weights.first_choice", 0, 20, 5, False),
    SweepParameter("weights.balance", 0, 10, 2.5, False),
    SweepParameter("weights.lean", 0, 10, 2.5, False),
    SweepParameter("weights.stability", 0, 20, 5, False),
)
PARAMETERS = {p.path: p for p in SWEEP_PARAMETERS}


def sweep_values(start: float, stop: float, step: float, integer: bool) -> list[Any]:
    """start, start + step, ... up to stop (inclusive); at most MAX_POINTS + 1 values, so an
    over-long range is refused by the sweep with its own message rather than built in full."""
    if step <= 0 or stop < start:
        return [int(start)] if integer else [float(start)]
    count = min(math.floor((stop - start) / step + 1e-9) + 1, MAX_POINTS + 1)
    values = [start + i * step for i in range(count)]
    return [round(v) for v in values] if integer else [round(v, 6) for v in values]


# --- one scenario against today's branches ----------------------------------------------------------


def today_for(roster: Roster, scenario: Scenario, area: str, lang: str) -> Plan:
    """Today's branches of ``area``, staffed and checked with the scenario's rules (memoised)."""
    inputs = (roster.fingerprint, area, scenario.name, scenario.created, lang)
    held = session_memo(TODAY_MEMO, inputs)
    if isinstance(held, Plan):
        return held
    plan = today_plan(roster, area, scenario.settings, lang)
    remember(TODAY_MEMO, inputs, plan)
    return plan


def sources_text(sources: tuple[tuple[str, int], ...], lang: str) -> str:
    sep = t("ui.list_sep", lang)
    return sep.join(t("pages.compare.source", lang, branch=name, count=count_text(n)) for name, n in sources)


def with_today(roster: Roster, book: ScenarioBook, lang: str) -> None:
    """One scenario beside today's branches: two org charts, the changed branches marked."""
    st.subheader(t("pages.compare.today_title", lang))
    st.caption(t("pages.compare.today_intro", lang))
    left, right = st.columns(2)
    with left:
        if st.session_state.get(TODAY_SCENARIO_KEY) not in book:
            st.session_state[TODAY_SCENARIO_KEY] = book.names[-1]
        scenario = book.get(
            str(st.selectbox(t("uiw.scenario", lang), options=book.names, key=TODAY_SCENARIO_KEY))
        )
    areas = list(dict.fromkeys(scenario.plan.assignments["area"].astype(str)))
    with right:
        if st.session_state.get(TODAY_AREA_KEY) not in areas:
            counts = scenario.plan.branches.groupby("area").size()
            # start with the area the scenario changes most
            st.session_state[TODAY_AREA_KEY] = max(areas, key=lambda a: int(counts.get(a, 0)))
        area = str(st.selectbox(t("uiw.area", lang), options=areas, key=TODAY_AREA_KEY))
    today = today_for(roster, scenario, area, lang)
    diff = differences(today, scenario.plan, area)
    changed = frozenset(diff.loc[~diff["unchanged"].astype(bool), "branch_id"])
    st.markdown(
        t(
            "pages.compare.today_summary",
            lang,
            before=count_text(len(today.branches)),
            after=count_text(len(diff)),
            changed=count_text(len(changed)),
        )
    )
    before_col, after_col = st.columns(2, gap="medium")
    with before_col:
        st.markdown(f"**{t('pages.compare.today_chart', lang)}**")
        marked = changed_today(today, scenario.plan, area)
        show_org_chart(today, roster, area, lang, highlight=marked, key="compare.today_org", width=400)
    with after_col:
        st.markdown(f"**{t('pages.compare.scenario_chart', lang, name=md_escape(scenario.name))}**")
        show_org_chart(
            scenario.plan, roster, area, lang, highlight=changed, key="compare.scenario_org", width=400
        )
    st.caption(t("pages.compare.marked_help", lang))
    table = pd.DataFrame(
        {
            t("pages.col.branch_name", lang): diff["name"],
            t("pages.compare.col.size", lang): diff["size"],
            t("pages.compare.col.from", lang): [sources_text(x, lang) for x in diff["sources"]],
            t("pages.compare.col.changed", lang): [
                t("uiw.no" if same else "uiw.yes", lang) for same in diff["unchanged"]
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


# --- side by side ---------------------------------------------------------------------------------------


def choose(book: ScenarioBook, lang: str) -> list[Scenario]:
    kept = st.session_state.get(PICK_KEY)
    if isinstance(kept, list):
        valid = [n for n in kept if n in book]
        if valid != kept:
            st.session_state[PICK_KEY] = valid
    if PICK_KEY not in st.session_state or not st.session_state[PICK_KEY]:
        st.session_state[PICK_KEY] = book.names[-2:]
    names = st.multiselect(
        t("uiw.compare.pick", lang),
        options=book.names,
        key=PICK_KEY,
        max_selections=4,
        help=t("uiw.compare.pick_help", lang),
        placeholder=t("pages.compare.pick_placeholder", lang),
        select_all=False,
    )
    return [book.get(n) for n in names]


def settings_table(scenarios: list[Scenario], lang: str) -> None:
    st.markdown(f"**{t('uiw.compare.settings', lang)}**")
    diff = settings_diff(scenarios, lang)
    if not len(diff):
        st.info(t("uiw.compare.same_settings", lang), icon=":material/drag_handle:")
        return
    flats = {s.name: flatten_settings(s.settings) for s in scenarios}
    for name, flat in flats.items():  # values in words (the planner's diff holds codes)
        diff[name] = [setting_text(path, flat.get(path), lang) for path in diff["setting"]]
    shown = diff.drop(columns=["setting"]).rename(columns={"label": t("uiw.compare.col.setting", lang)})
    st.dataframe(shown, hide_index=True, width="stretch")


def metrics_side_by_side(scenarios: list[Scenario], lang: str) -> pd.DataFrame:
    """The headline metrics, one column per scenario, the better value of each row marked."""
    names = [s.name for s in scenarios]
    values = {s.name: metric_values(s.plan) for s in scenarios}
    rows = []
    best_cells: list[list[bool]] = []
    for metric in (m for m in HEADLINE_METRICS if m.key not in SOLVER_METRICS):
        by_name = {n: values[n][metric.key] for n in names}
        best = best_of(metric, by_name)
        row: dict[str, Any] = {t("uiw.compare.col.metric", lang): t(metric.label, lang)}
        row.update({n: metric_text(metric, by_name[n]) + (" ★" if n in best else "") for n in names})
        row[t("uiw.compare.col.better", lang)] = (
            "" if metric.better.value == "neither" else t(f"workshop.better.{metric.better.value}", lang)
        )
        rows.append(row)
        best_cells.append([False] + [n in best for n in names] + [False])
    quality: dict[str, Any] = {t("uiw.compare.col.metric", lang): t("pages.col.quality", lang)}
    quality.update({s.name: plan_quality(s.plan.areas, lang) for s in scenarios})
    quality[t("uiw.compare.col.better", lang)] = ""
    rows.append(quality)
    best_cells.append([False] * (len(names) + 2))
    frame = pd.DataFrame(rows)

    def paint(column: pd.Series) -> list[str]:
        position = list(frame.columns).index(str(column.name))
        return [
            "background-color: #d3f9d8; font-weight: bold" if cells[position] else "" for cells in best_cells
        ]

    st.markdown(f"**{t('uiw.compare.metrics', lang)}**")
    # tall enough for every row: the table is read at a glance, not scrolled
    st.dataframe(
        frame.style.apply(paint, axis=0), hide_index=True, width="stretch", height=38 + 35 * len(frame)
    )
    st.caption(t("uiw.compare.metrics_help", lang))
    with st.expander(t("pages.plan.about_solver", lang), icon=":material/calculate:"):
        objective = METRICS_BY_KEY["objective"]
        st.dataframe(
            pd.DataFrame(
                [
                    {t("uiw.compare.col.metric", lang): t(objective.label, lang)}
                    | {n: metric_text(objective, values[n]["objective"]) for n in names}
                ]
            ),
            hide_index=True,
        )
        st.caption(t("pages.compare.objective_help", lang))
    return frame


def charts(scenarios: list[Scenario], lang: str) -> None:
    st.altair_chart(branch_size_chart(scenarios, lang), width="stretch")
    st.altair_chart(share_leadership_chart(scenarios, lang), width="stretch")


def side_label(choice: str, lang: str) -> str:
    return t("uiw.compare.today", lang) if choice == TODAY else choice


def moved_between(roster: Roster, book: ScenarioBook, source: str, target: str, lang: str) -> pd.DataFrame:
    """Who moves from ``source`` (a scenario, or today's branches) to ``target`` (memoised)."""
    after = book.get(target)
    before: Plan | None = None if source == TODAY else book.get(source).plan
    inputs = (
        roster.fingerprint,
        source,
        None if source == TODAY else book.get(source).created,
        target,
        after.created,
        lang,
    )
    held = session_memo(MOVED_MEMO, inputs)
    if isinstance(held, pd.DataFrame):
        return held
    names = dict(zip(after.plan.branches["branch_id"], after.plan.branches["name"], strict=True))
    if before is not None:
        names = dict(zip(before.branches["branch_id"], before.branches["name"], strict=True)) | names
    frame = who_moved(
        roster, None if before is None else before.assignments, after.plan.assignments, lang, names=names
    )
    remember(MOVED_MEMO, inputs, frame)
    return frame


def who_moves(roster: Roster, book: ScenarioBook, scenarios: list[Scenario], lang: str) -> None:
    st.subheader(t("uiw.compare.who_moved", lang))
    names = [s.name for s in scenarios]
    # the choices start afresh (first -> last) whenever the scenarios compared change
    suffix = hashlib.sha256("\0".join(names).encode("utf-8")).hexdigest()[:8]
    left, right = st.columns(2)
    lang_bound(f"compare.from.{suffix}")
    with left:
        source = st.selectbox(
            t("uiw.compare.from", lang),
            options=[TODAY, *names],
            format_func=lambda c: side_label(c, lang),
            key=f"compare.from.{suffix}",
            index=1 if len(names) >= 2 else 0,
        )
    with right:
        targets = [n for n in names if n != source] or names
        target = st.selectbox(
            t("uiw.compare.to", lang), options=targets, key=f"compare.to.{suffix}", index=len(targets) - 1
        )
    moved = moved_between(roster, book, str(source), str(target), lang)
    areas = area_filter(sorted(set(moved["area"])), "compare.areas", lang)
    shown = moved if not areas else moved[moved["area"].isin(areas)]
    st.caption(
        t(
            "uiw.compare.moved_count",
            lang,
            count=count_text(len(shown)),
            source=md_escape(side_label(str(source), lang)),
            target=md_escape(str(target)),
        )
    )
    st.dataframe(
        shown.rename(columns={c: header(c, lang) for c in CHANGE_EXPORT_COLUMNS}),
        hide_index=True,
        width="stretch",
    )
    table = shown.reset_index(drop=True)
    st.download_button(
        t("uiw.compare.download_moved", lang),
        data=lambda: frame_csv(table, lang),
        file_name=f"{file_stem(str(target))}-{t('pages.file.moves', lang)}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="compare.download_moved",
    )
    flow_picture(roster, book, str(source), str(target), moved, lang)


def flow_picture(
    roster: Roster, book: ScenarioBook, source: str, target: str, moved: pd.DataFrame, lang: str
) -> None:
    st.markdown(f"**{t('uiw.compare.flow', lang)}**")
    after = book.get(target).plan
    areas = list(dict.fromkeys(after.assignments["area"].astype(str)))
    with_moves = [a for a in areas if a in set(moved["area"])]
    if not with_moves:
        st.info(t("uiw.compare.no_moves", lang), icon=":material/drag_handle:")
        return
    if st.session_state.get("compare.flow_area") not in areas:
        st.session_state["compare.flow_area"] = with_moves[0]
    area = st.selectbox(t("uiw.area", lang), options=areas, key="compare.flow_area")
    before = current_assignments(roster) if source == TODAY else book.get(source).plan.assignments
    before = before[before["area"] == area]
    flows = flow(before, after.assignments[after.assignments["area"] == area])
    names = dict(zip(after.branches["branch_id"], after.branches["name"], strict=True))
    if source != TODAY:
        source_plan = book.get(source).plan
        names = (
            dict(zip(source_plan.branches["branch_id"], source_plan.branches["name"], strict=True)) | names
        )
    # drawn at its own pixel size (sized from the branches by planner.compare_charts): readable
    chart = flow_chart(flows, lang, names=names, left_title=side_label(source, lang), right_title=target)
    st.altair_chart(chart, width="content")
    st.caption(t("pictures.flow.help", lang))


# --- the sweep ------------------------------------------------------------------------------------------


def sweep_section(roster: Roster, book: ScenarioBook, lang: str) -> None:
    st.subheader(t("uiw.sweep.title", lang))
    st.caption(t("uiw.sweep.intro", lang))
    job = get_job(SWEEP_SLOT)
    running = job is not None and job.running
    base_col, param_col = st.columns(2)
    with base_col:
        if st.session_state.get("sweep.base") not in book:
            st.session_state["sweep.base"] = book.names[-1]
        base = book.get(str(st.selectbox(t("uiw.sweep.base", lang), options=book.names, key="sweep.base")))
    with param_col:
        lang_bound("sweep.parameter")
        path = str(
            st.selectbox(
                t("uiw.sweep.parameter", lang),
                options=list(PARAMETERS),
                format_func=lambda p: setting_label(p, lang),
                key="sweep.parameter",
            )
        )
    parameter = PARAMETERS[path]
    current = flatten_settings(base.settings)[path]
    cols = st.columns(3)
    number: dict[str, Any] = {"step": parameter.step}
    if parameter.integer:
        number = {"step": int(parameter.step)}
    cast = int if parameter.integer else float
    start = cols[0].number_input(
        t("uiw.sweep.start", lang), value=cast(parameter.start), key=f"sweep.start.{path}", **number
    )
    stop = cols[1].number_input(
        t("uiw.sweep.stop", lang), value=cast(parameter.stop), key=f"sweep.stop.{path}", **number
    )
    step = cols[2].number_input(
        t("uiw.sweep.step", lang),
        value=cast(parameter.step),
        min_value=cast(parameter.step / 10 if not parameter.integer else 1),
        key=f"sweep.step.{path}",
        **number,
    )
    values = sweep_values(float(start), float(stop), float(step), parameter.integer)
    areas = area_filter(sorted(set(base.plan.assignments["area"].astype(str))), "sweep.areas", lang)
    chosen_areas = tuple(areas) or base.settings.areas
    st.caption(
        t(
            "uiw.sweep.plan_size",
            lang,
            points=len(values),
            values=md_escape(", ".join(f"{v:g}" for v in values[:12]) + (" …" if len(values) > 12 else "")),
            current=md_escape(str(getattr(current, "value", current))),
            areas=len(chosen_areas) or len(roster.areas),
        )
    )
    if st.button(t("uiw.sweep.run", lang), icon=":material/ssid_chart:", key="sweep.run", disabled=running):
        try:
            start_sweep(roster, base, replace(base.settings, areas=chosen_areas), path, values, lang)
        except ScenarioError as error:
            st.error(error.message(lang), icon=":material/error:")
        else:
            st.rerun()
    if running:
        poll_while_running(SWEEP_SLOT, draw_job, lang)
    elif job is not None:
        if job.state is JobState.CANCELLED:
            st.info(t("uiw.job.cancelled", lang), icon=":material/cancel:")
        elif job.state is JobState.FAILED and job.failure is not None:
            st.error(job.failure.message(lang), icon=":material/error:")
        elif isinstance(job.outcome, Discarded):
            st.warning(t("uiw.job.discarded", lang), icon=":material/warning:")
    sweep_outcome(lang)


def sweep_outcome(lang: str) -> None:
    result = sweep_result()
    if result is None:
        return
    meta = result.meta
    if not result.points:
        st.info(t("uiw.sweep.empty", lang), icon=":material/info:")
        return
    frame = sweep_frame(list(result.points), lang, meta.parameter)
    st.markdown(
        t(
            "uiw.sweep.done",
            lang,
            parameter=md_escape(setting_label(meta.parameter, lang)),
            base=md_escape(meta.base),
            points=len(result.points),
        )
    )
    st.altair_chart(sweep_chart(frame, lang), width="stretch")
    labels = frame.attrs.get("labels", {})
    shares = {
        labels.get(k, k): st.column_config.NumberColumn(format="percent")
        for k in frame.columns
        if k in METRICS_BY_KEY and METRICS_BY_KEY[k].percent
    }
    st.dataframe(labelled(frame), hide_index=True, width="stretch", column_config=shares)
    labels = {
        i: f"{setting_label(meta.parameter, lang)} = {setting_text(meta.parameter, value, lang)}"
        for i, (value, _) in enumerate(result.points)
    }
    keep_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    with keep_col:
        index = st.selectbox(
            t("uiw.sweep.keep_point", lang),
            options=list(labels),
            format_func=labels.__getitem__,
            key="sweep.keep",
        )
    with button_col:
        if st.button(t("uiw.sweep.keep", lang), icon=":material/bookmark_add:", key="sweep.keep_button"):
            _, plan = result.points[int(index)]
            kept = add_scenario(Scenario(labels[int(index)], plan.settings, plan))
            st.session_state["sweep.kept"] = kept
            st.rerun()
    kept = st.session_state.pop("sweep.kept", None)
    if isinstance(kept, str):
        st.success(t("uiw.sweep.kept", lang, name=md_escape(kept)), icon=":material/check_circle:")


def render(lang: str) -> None:
    st.title(t("uiw.compare.title", lang))
    inputs = workshop_inputs(lang)
    if inputs is None:
        return
    roster, book = inputs
    st.markdown(t("uiw.compare.intro", lang))
    with_today(roster, book, lang)
    st.divider()
    if len(book) < 2:
        st.info(t("uiw.compare.need_two", lang), icon=":material/info:")
    else:
        scenarios = choose(book, lang)
        if len(scenarios) < 2:
            st.info(t("uiw.compare.pick_two", lang), icon=":material/info:")
        else:
            settings_table(scenarios, lang)
            metrics_side_by_side(scenarios, lang)
            charts(scenarios, lang)
            who_moves(roster, book, scenarios, lang)
    st.divider()
    sweep_section(roster, book, lang)


render(current_language())
