"""Plan: the settings form, the background run with progress per area, and the result.

The run happens outside the script (ui.jobs): clicking anywhere, even another page, never loses
it. Every finished run is kept as a named scenario (ui.scenarios.collect, called by the sidebar).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from planner.compare import METRICS_BY_KEY, describe_setting, metric_values, setting_label
from planner.export import (
    BRANCH_EXPORT_COLUMNS,
    areas_frame,
    branches_frame,
    violations_frame,
)
from planner.i18n import CATALOGUE, t
from planner.numbers import count_text, metric_text
from planner.plan import Plan
from planner.quality import area_quality, plan_quality
from planner.scenario import Scenario, ScenarioError, flatten_settings, replace_setting
from planner.schema import Roster
from planner.settings import (
    DEFAULT_PRESET,
    PRESETS,
    RULE_SOURCES,
    JointTypeRule,
    MobilityPlacement,
    Settings,
    SettingsProblem,
    SolverName,
    validate_settings,
)
from ui.errors import report_unexpected
from ui.jobs import get_job, is_running, poll_while_running
from ui.lang import current_language, lang_bound
from ui.nav import link_to
from ui.partial_plan import partial_result
from ui.scenarios import (
    PLAN_SLOT,
    current_book,
    default_name,
    draw_job,
    job_outcome,
    show_org_chart,
    start_plan,
    store_book,
    workshop_inputs,
)
from ui.tables import page_header
from ui.text import md_escape
from ui.widgets import anchor, area_filter, request_scroll, scroll_if_requested

log = logging.getLogger("workbench.ui")

#: session key of the settings the form holds (widget state is dropped when the page is left)
FORM_KEY = "plan.form"
WIDGET = "plan.set.{path}"
VIEW_KEY = "plan.view"
SHOWN_JOB_KEY = "plan.shown_job"
#: the scenario to show on the next run (a widget's key cannot change once it is drawn)
NEXT_VIEW_KEY = "plan.view_next"


@dataclass(frozen=True)
class Field:
    """One setting on the form: its dotted path and how it is entered."""

    path: str
    kind: str  # "int", "share", "bool", "choice", "weight", "float"
    low: float = 0
    high: float = 0
    step: float = 1
    options: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def key(self) -> str:
        return WIDGET.format(path=self.path)


RULE_FIELDS: tuple[Field, ...] = (
    Field("rules.max_branch_size", "int", 3, 1000),
    Field("rules.min_full_members", "int", 1, 50),
    Field("rules.committee_threshold", "int", 2, 200),
    Field("rules.committee_min_candidates", "int", 1, 7),
    Field("rules.committee_max_members", "int", 1, 7),
    Field("rules.joint_min_teams", "int", 2, 20),
    Field("rules.joint_max_teams", "int", 2, 20),
    Field("rules.joint_type_rule", "choice", options=tuple(r.value for r in JointTypeRule)),
    Field("rules.allow_team_split", "bool"),
    Field("rules.allow_attached", "bool"),
    Field("rules.mobility_placement", "choice", options=tuple(m.value for m in MobilityPlacement)),
    Field("rules.max_mobility_share", "share", 0.05, 1.0, 0.05),
    Field("rules.group_threshold", "int", 3, 1000),
    Field("rules.group_min_size", "int", 1, 50),
    Field("rules.group_max_size", "int", 2, 200),
)
WEIGHT_FIELDS: tuple[Field, ...] = tuple(
    Field(f"weights.{name}", "weight", 0.0, 50.0, 0.5)
    for name in ("first_choice", "any_team", "balance", "lean", "mobility", "leadership_depth", "stability")
)
SOLVER_FIELDS: tuple[Field, ...] = (
    Field("solver.solver", "choice", options=tuple(s.value for s in SolverName)),
    Field("solver.time_limit", "float", 1.0, 3600.0, 5.0),
    Field("solver.gap", "float", 0.0, 0.5, 0.001),
    Field("solver.workers", "int", 1, max(1, os.cpu_count() or 1)),
)
ALL_FIELDS = RULE_FIELDS + WEIGHT_FIELDS + SOLVER_FIELDS
#: the rules a workshop changes, shown on the form's face; the rest sit under "all rules"
MAIN_RULES: tuple[str, ...] = ("rules.max_branch_size", "rules.mobility_placement")
#: where the page scrolls to after "run" (the progress) and when a result arrives
RUN_ANCHOR = "plan-run"
RESULT_ANCHOR = "plan-result"
AREAS_KEY = WIDGET.format(path="areas")
PRESET_KEY = WIDGET.format(path="preset")
NAME_KEY = "plan.name"
START_FAILED_KEY = "plan.start_failed"
DEFAULTS = flatten_settings(Settings())


# --- the settings form ------------------------------------------------------------------------------


def form_settings() -> Settings:
    held = st.session_state.get(FORM_KEY)
    return held if isinstance(held, Settings) else Settings()


def _widget_value(field: Field, value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def init_widgets(settings: Settings, roster: Roster) -> None:
    """Give every widget its value from the kept settings when it has none (first visit, or
    back from another page, where Streamlit dropped the widget state)."""
    flat = flatten_settings(settings)
    for field in ALL_FIELDS:
        if field.key not in st.session_state:
            st.session_state[field.key] = _widget_value(field, flat[field.path])
    if PRESET_KEY not in st.session_state:
        st.session_state[PRESET_KEY] = settings.preset if settings.preset in PRESETS else DEFAULT_PRESET
    if AREAS_KEY not in st.session_state:
        st.session_state[AREAS_KEY] = [a for a in settings.areas if a in set(roster.areas)]


def preset_chosen() -> None:
    # Runs before the script: the weight sliders take the preset's values
    name = st.session_state.get(PRESET_KEY)
    if name in PRESETS:
        flat = flatten_settings(Settings(weights=PRESETS[name]))
        for field in WEIGHT_FIELDS:
            st.session_state[field.key] = flat[field.path]


def read_form(base: Settings) -> Settings:
    """The settings the widgets hold now."""
    settings = base
    for field in ALL_FIELDS:
        if field.key in st.session_state:
            settings = replace_setting(settings, field.path, st.session_state[field.key])
    preset = st.session_state.get(PRESET_KEY)
    settings = replace_setting(settings, "preset", preset if preset in PRESETS else DEFAULT_PRESET)
    areas = st.session_state.get(AREAS_KEY) or []
    return replace(settings, areas=tuple(str(a) for a in areas))


def form_problems(settings: Settings) -> list[SettingsProblem]:
    """Settings that contradict each other or are out of range (the form refuses to run)."""
    return validate_settings(settings)


def rule_source(name: str, lang: str) -> str:
    """Where a rule comes from, in words: the regulation, or "a planning choice"."""
    return t(RULE_SOURCES.get(name, "source.planning_choice"), lang)


def option_label(field: Field, value: Any, lang: str) -> str:
    key = f"uiw.option.{field.name}.{value}"
    return t(key, lang) if key in CATALOGUE else str(value)


def default_text(field: Field, lang: str) -> str:
    value = DEFAULTS[field.path]
    if field.kind == "choice":
        return option_label(field, _widget_value(field, value), lang)
    if field.kind == "bool":
        return t("uiw.yes" if value else "uiw.no", lang)
    if field.kind == "share":
        return f"{float(value):.0%}"
    return describe_setting(value)


def draw_field(field: Field, lang: str, *, with_source: bool = True) -> None:
    label = setting_label(field.path, lang)
    if field.kind == "int":
        st.number_input(label, min_value=int(field.low), max_value=int(field.high), step=1, key=field.key)
    elif field.kind == "float":
        st.number_input(
            label,
            min_value=float(field.low),
            max_value=float(field.high),
            step=float(field.step),
            key=field.key,
            format="%.3f" if field.step < 0.01 else "%.1f",
        )
    elif field.kind == "share":
        st.slider(
            label, min_value=field.low, max_value=field.high, step=field.step, key=field.key, format="percent"
        )
    elif field.kind == "weight":
        st.slider(label, min_value=field.low, max_value=field.high, step=field.step, key=field.key)
        st.caption(t(f"uiw.weight.{field.name}.help", lang))
        return
    elif field.kind == "bool":
        st.checkbox(label, key=field.key)
    else:
        options: list[str] = list(field.options)
        st.selectbox(
            label, options=options, format_func=lambda v: option_label(field, v, lang), key=field.key
        )
    if with_source:
        st.caption(
            t(
                "uiw.plan.source_default",
                lang,
                source=rule_source(field.name, lang),
                default=md_escape(default_text(field, lang)),
            )
        )


def field_of(path: str) -> Field:
    return next(f for f in ALL_FIELDS if f.path == path)


def preset_box(lang: str) -> None:
    st.selectbox(
        setting_label("preset", lang),
        options=list(PRESETS),
        format_func=lambda name: t(f"uiw.preset.{name}", lang),
        key=PRESET_KEY,
        on_change=preset_chosen,
        help=t("uiw.plan.preset_help", lang),
    )
    st.caption(t(f"uiw.preset.{st.session_state.get(PRESET_KEY, DEFAULT_PRESET)}.help", lang))


def settings_form(roster: Roster, lang: str) -> None:
    """The few inputs a workshop changes on the face of the form (preset, size cap, where
    bedridden and limited-mobility members go, which areas); every other rule and goal, with
    its source, under "all rules"; the solver under "advanced"."""
    init_widgets(form_settings(), roster)
    lang_bound(PRESET_KEY, *(f.key for f in ALL_FIELDS if f.kind == "choice"))
    st.subheader(t("uiw.plan.settings", lang))
    left, right = st.columns(2, gap="large")
    with left:
        preset_box(lang)
        draw_field(field_of("rules.mobility_placement"), lang)
    with right:
        draw_field(field_of("rules.max_branch_size"), lang)
        area_filter(roster.areas, AREAS_KEY, lang)
        st.caption(t("uiw.plan.areas_help", lang))
    with st.expander(t("pages.plan.all_rules", lang), icon=":material/gavel:"):
        rules_tab, goals_tab = st.tabs([t("uiw.plan.rules", lang), t("uiw.plan.goals", lang)])
        with rules_tab:
            st.caption(t("uiw.plan.rules_intro", lang))
            rest = [f for f in RULE_FIELDS if f.path not in MAIN_RULES]
            columns = st.columns(3, gap="medium")
            per_column = -(-len(rest) // 3)
            for index, field in enumerate(rest):
                with columns[index // per_column]:
                    draw_field(field, lang)
        with goals_tab:
            st.caption(t("pages.plan.goals_intro", lang))
            halves = st.columns(2, gap="large")
            for index, field in enumerate(WEIGHT_FIELDS):
                with halves[index % 2]:
                    draw_field(field, lang)
    with st.expander(t("uiw.plan.advanced", lang), icon=":material/tune:"):
        cells = st.columns(len(SOLVER_FIELDS))
        for column, field in zip(cells, SOLVER_FIELDS, strict=True):
            with column:
                draw_field(field, lang, with_source=False)
        st.caption(t("uiw.plan.advanced_help", lang))


def run_clicked(roster: Roster, lang: str) -> None:
    """Start the run (a callback: it runs before the script, so it may clear the name box).
    Catches everything itself: a callback's exception would escape the page's guard."""
    try:
        settings = read_form(form_settings())
        if form_problems(settings):
            return
        st.session_state[FORM_KEY] = settings
        name = str(st.session_state.get(NAME_KEY) or "").strip() or default_name(lang)
        start_plan(roster, settings, name, lang)
        st.session_state[NAME_KEY] = ""
        request_scroll(RUN_ANCHOR)
    except Exception:
        st.session_state[START_FAILED_KEY] = True
        log.exception("starting a plan failed")


def run_controls(roster: Roster, settings: Settings, lang: str) -> None:
    problems = form_problems(settings)
    for problem in problems:
        st.error(problem.message(lang), icon=":material/error:")
    if st.session_state.pop(START_FAILED_KEY, False):
        report_unexpected(lang, "plan start")
    running = is_running(PLAN_SLOT)
    name_col, run_col = st.columns([3, 1], vertical_alignment="bottom")
    with name_col:
        st.text_input(
            t("uiw.plan.name", lang),
            key=NAME_KEY,
            placeholder=default_name(lang),
            max_chars=80,
            help=t("uiw.plan.name_help", lang),
        )
    with run_col:
        st.button(
            t("uiw.plan.run", lang),
            type="primary",
            icon=":material/play_arrow:",
            key="plan.run",
            disabled=bool(problems) or running,
            width="stretch",
            on_click=run_clicked,
            args=(roster, lang),
        )
    if running:
        st.caption(t("uiw.plan.one_at_a_time", lang))


# --- the result -----------------------------------------------------------------------------------------


def headline(plan: Plan, lang: str) -> None:
    values = metric_values(plan)
    kpis = plan.kpis

    def shown(key: str) -> str:
        return metric_text(METRICS_BY_KEY[key], values.get(key))

    by_kind = kpis.get("branches_by_kind", {}) if isinstance(kpis, dict) else {}
    row = st.columns(4)
    row[0].metric(
        t("workshop.metric.branches", lang),
        shown("branches"),
        help=t(
            "uiw.plan.by_kind",
            lang,
            team=by_kind.get("team", 0),
            joint=by_kind.get("joint", 0),
            comprehensive=by_kind.get("comprehensive", 0),
            single=by_kind.get("single", 0),
        ),
    )
    row[1].metric(t("workshop.metric.team_branches", lang), shown("team_branches"))
    row[2].metric(t("workshop.metric.joint_branches", lang), shown("joint_branches"))
    row[3].metric(t("workshop.metric.comprehensive_branches", lang), shown("comprehensive_branches"))
    row = st.columns(4)
    row[0].metric(t("workshop.metric.largest", lang), shown("largest"))
    row[1].metric(t("workshop.metric.smallest", lang), shown("smallest"))
    row[2].metric(t("workshop.metric.first_choice_share", lang), shown("first_choice_share"))
    row[3].metric(t("workshop.metric.comprehensive_members", lang), shown("comprehensive_members"))
    row = st.columns(4)
    before, after = values.get("leaders_before"), values.get("leaders_after")
    delta = None if before is None or after is None else f"{after - before:+,.0f}"
    row[0].metric(
        t("uiw.plan.leaders", lang),
        t("uiw.plan.before_after", lang, before=shown("leaders_before"), after=shown("leaders_after")),
        delta=delta,
        delta_color="normal",  # more people able to lead is better
    )
    per_before = kpis.get("members_per_leader_before") if isinstance(kpis, dict) else None
    row[1].metric(
        t("workshop.metric.members_per_leader", lang),
        shown("members_per_leader"),
        help=t("uiw.plan.per_leader_before", lang, value=count_text(per_before)),
    )
    broken = values.get("rules_broken")
    row[2].metric(t("workshop.metric.rules_broken", lang), shown("rules_broken"))
    row[3].metric(t("workshop.metric.areas_not_optimal", lang), shown("areas_not_optimal"))
    if broken:
        st.caption(t("uiw.plan.broken_hint", lang))


#: the per-area report on the page, in words; the solver's numbers sit under "about the solver"
AREA_WORDS = ("area", "structure", "quality", "branches", "violations", "message")
SOLVER_NUMBERS = ("area", "status", "objective", "bound", "gap", "seconds", "greedy_objective", "solver")


def area_report(plan: Plan, lang: str) -> None:
    """How good the plan is, in words; per area the same, and the solver's numbers on demand."""
    st.info(plan_quality(plan.areas, lang), icon=":material/workspace_premium:")
    frame = areas_frame(plan, lang)
    words = frame.assign(
        quality=[
            area_quality(s, g, lang) for s, g in zip(plan.areas["status"], plan.areas["gap"], strict=True)
        ]
        if len(plan.areas)
        else []
    )
    with st.expander(
        t("pages.plan.area_report", lang, count=count_text(len(frame))), icon=":material/fact_check:"
    ):
        shown = words[list(AREA_WORDS)].rename(columns={c: page_header(c, lang) for c in AREA_WORDS})
        wide = st.column_config.TextColumn(width="large")
        st.dataframe(
            shown,
            hide_index=True,
            column_config={page_header("quality", lang): wide, page_header("message", lang): wide},
        )
    with st.expander(t("pages.plan.about_solver", lang), icon=":material/calculate:"):
        st.caption(t("pages.plan.about_solver_help", lang))
        numbers = frame[list(SOLVER_NUMBERS)].rename(
            columns={c: page_header(c, lang) for c in SOLVER_NUMBERS}
        )
        st.dataframe(
            numbers,
            hide_index=True,
            column_config={page_header("gap", lang): st.column_config.NumberColumn(format="percent")},
        )
        st.caption(t("uiw.plan.area_report_help", lang))


def chosen_area(plan: Plan, key: str, lang: str) -> str:
    # plain area names: a label that changed with the scenario would show stale in the browser
    areas = list(dict.fromkeys(plan.assignments["area"].astype(str)))
    if st.session_state.get(key) not in areas:
        st.session_state.pop(key, None)
    return str(st.selectbox(t("uiw.area", lang), options=areas, key=key))


def org_chart(plan: Plan, roster: Roster, area: str, lang: str) -> None:
    st.markdown(f"**{t('uiw.plan.org_chart', lang)}**")
    show_org_chart(plan, roster, area, lang, key="plan.org")
    st.caption(t("uiw.plan.org_chart_help", lang))


def branch_table(plan: Plan, roster: Roster, area: str | None, lang: str) -> None:
    frame = branches_frame(plan, roster, lang)
    if area is not None:
        frame = frame[frame["area"] == area]
    frame = frame.drop(columns=["branch_id"])
    columns = [c for c in BRANCH_EXPORT_COLUMNS if c in frame.columns]
    st.dataframe(
        frame[columns].rename(columns={c: page_header(c, lang) for c in columns}),
        hide_index=True,
        width="stretch",
    )


def broken_rules(plan: Plan, roster: Roster, area: str | None, lang: str, empty_key: str) -> pd.DataFrame:
    """The rules broken (in ``area``, or everywhere), with what to do; returns the frame shown."""
    frame = violations_frame(plan, roster, lang)
    if area is not None:
        frame = frame[frame["area"] == area]
    if not len(frame):
        st.success(t(empty_key, lang), icon=":material/verified:")
        return frame
    columns = ["area", "rule", "branch", "message", "fixes"]
    wide = st.column_config.TextColumn(width="large")
    st.dataframe(
        frame[columns].rename(columns={c: page_header(c, lang) for c in columns}),
        hide_index=True,
        width="stretch",
        column_config={page_header("message", lang): wide, page_header("fixes", lang): wide},
    )
    return frame


def manage(name: str, lang: str) -> None:
    """Rename or delete the scenario shown."""
    with st.expander(t("uiw.plan.manage", lang), icon=":material/edit:"):
        new = st.text_input(
            t("uiw.plan.rename_to", lang), value=name, key=f"plan.rename.{name}", max_chars=80
        )
        left, right = st.columns(2)
        if left.button(t("uiw.plan.rename", lang), key="plan.rename_button", icon=":material/edit:"):
            book = current_book()
            index = book.names.index(name)
            try:
                renamed = book.rename(name, new)
            except ScenarioError as error:
                st.error(error.message(lang), icon=":material/error:")
            else:
                store_book(renamed)
                st.session_state[NEXT_VIEW_KEY] = renamed.names[index]
                st.rerun()
        if right.button(t("uiw.plan.delete", lang), key="plan.delete_button", icon=":material/delete:"):
            store_book(current_book().remove(name))
            st.rerun()


def result(roster: Roster, lang: str) -> None:
    book = current_book()
    with anchor(RESULT_ANCHOR):
        st.subheader(t("uiw.plan.result", lang))
    if not len(book):
        st.info(t("uiw.plan.no_scenarios", lang), icon=":material/arrow_upward:")
        return
    job = get_job(PLAN_SLOT)
    # a run just kept: show it (once; afterwards the user's choice stands)
    if job is not None and isinstance(job.outcome, str) and st.session_state.get(SHOWN_JOB_KEY) != job.id:
        st.session_state[SHOWN_JOB_KEY] = job.id
        if job.outcome in book:
            st.session_state[VIEW_KEY] = job.outcome
            request_scroll(RESULT_ANCHOR)
    pending = st.session_state.pop(NEXT_VIEW_KEY, None)
    if pending in book:
        st.session_state[VIEW_KEY] = pending
        request_scroll(RESULT_ANCHOR)
    if st.session_state.get(VIEW_KEY) not in book:
        st.session_state[VIEW_KEY] = book.names[-1]
    name = str(
        st.selectbox(
            t("uiw.scenario", lang),
            options=book.names,
            key=VIEW_KEY,
            format_func=lambda n: scenario_label(book.get(n), lang),
        )
    )
    scenario = book.get(name)
    plan = scenario.plan
    headline(plan, lang)
    area_report(plan, lang)
    st.divider()
    area = chosen_area(plan, "plan.area", lang)
    org_chart(plan, roster, area, lang)
    st.markdown(f"**{t('uiw.plan.branches', lang)}**")
    branch_table(plan, roster, area, lang)
    st.markdown(f"**{t('uiw.plan.broken_in_area', lang)}**")
    broken_rules(plan, roster, area, lang, "uiw.plan.none_broken_area")
    with st.expander(t("uiw.plan.all_broken", lang, count=len(plan.violations)), icon=":material/rule:"):
        broken_rules(plan, roster, None, lang, "uiw.plan.none_broken")
    manage(name, lang)
    link_to("tweak", lang, t("uiw.plan.go_tweak", lang))


def scenario_label(scenario: Scenario, lang: str) -> str:
    if scenario.parent:
        return t("uiw.scenario_child", lang, name=scenario.name, parent=scenario.parent)
    return scenario.name


def render(lang: str) -> None:
    st.title(t("uiw.plan.title", lang))
    inputs = workshop_inputs(lang, need_scenarios=False)
    if inputs is None:
        return
    roster, _ = inputs
    st.markdown(t("uiw.plan.intro", lang))
    settings_form(roster, lang)
    settings = read_form(form_settings())
    st.session_state[FORM_KEY] = settings
    run_controls(roster, settings, lang)
    job = get_job(PLAN_SLOT)
    with anchor(RUN_ANCHOR):
        if job is not None and job.running:
            st.markdown(f"**{t('uiw.plan.running', lang)}**")
            poll_while_running(PLAN_SLOT, draw_job, lang)
        elif not partial_result(job, lang):  # a cancelled run's finished areas: keep or drop (issue 10)
            job_outcome(job, lang)
    st.divider()
    result(roster, lang)
    scroll_if_requested(RUN_ANCHOR, RESULT_ANCHOR)


render(current_language())
