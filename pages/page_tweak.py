"""Tweak: move members by hand, pin members and teams, see at once which rules a change breaks.

Edits are kept as a draft of the chosen scenario (moves with undo/redo, pins). Every change is
re-checked with the rule checker (planner.edits.recheck) on the same run. The editable table
follows the pitfall the issue names: it has a key, its input stays fixed for a generation, and
its edits are read from ``st.session_state[key]``; once read they become moves and the table
starts a new generation (a new key) showing the layout after them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from planner.board import branch_board
from planner.compare import METRICS_BY_KEY, metric_values
from planner.edits import EditError, EditHistory, Move, Recheck, new_comprehensive_id
from planner.export import BRANCH_EXPORT_COLUMNS, branches_frame, violations_frame
from planner.i18n import t
from planner.numbers import count_text, delta_colour, delta_text, metric_text, share_text
from planner.plan import Plan
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster
from planner.settings import TeamMode, TeamPin
from ui.fixes import offer_fixes
from ui.jobs import get_job, is_running, poll_while_running
from ui.lang import current_language, lang_bound
from ui.nav import link_to
from ui.scenarios import (
    PAIR_FIELDS,
    PLAN_SLOT,
    Draft,
    add_scenario,
    checked,
    draft_for,
    draw_job,
    job_outcome,
    pins_for_members,
    save_draft,
    show_org_chart,
    start_replan,
    with_member_pins,
    with_pair,
    with_team_pin,
    without_pair,
    workshop_inputs,
)
from ui.tables import category_label, page_header, team_name_map
from ui.text import md_escape

SCENARIO_KEY = "tweak.scenario"
AREA_KEY = "tweak.area"
#: the area chosen, kept while the page is away (Streamlit drops the widget's own state)
AREA_KEPT_KEY = "tweak.area_kept"
#: the re-plan job whose outcome was already followed by a "save as new" (its banner is old news)
DISMISSED_JOB_KEY = "tweak.dismissed_job"
#: branch cards per row on the live board
BOARD_COLUMNS = 2
NEXT_SCENARIO_KEY = "tweak.scenario_next"
GENERATION_KEY = "tweak.generation"
SHOWN_JOB_KEY = "tweak.shown_job"
EDITOR_COLUMNS = ("member_id", "name", "branch", "teams", "status", "role", "reason")
#: new broken rules listed in words above the table
NEW_LISTED = 6
#: metrics shown with their change against the scenario
TWEAK_METRICS = (
    "branches",
    "largest",
    "smallest",
    "first_choice_share",
    "comprehensive_members",
    "rules_broken",
)


def generation() -> int:
    value = st.session_state.get(GENERATION_KEY, 0)
    return value if isinstance(value, int) else 0


def next_generation() -> None:
    """The layout changed: the editable table starts afresh (its old edits are already moves)."""
    st.session_state[GENERATION_KEY] = generation() + 1


def editor_key(scenario: Scenario, area: str) -> str:
    return f"tweak.editor.{scenario.created}.{area}.{generation()}"


# --- branch choices ---------------------------------------------------------------------------------


def branch_choices(plan: Plan, area: str, lang: str) -> dict[str, str]:
    """Label -> branch id for the area's branches, plus a new comprehensive branch."""
    rows = plan.branches[plan.branches["area"] == area]
    choices: dict[str, str] = {}
    for branch_id, name in zip(rows["branch_id"].astype(str), rows["name"].astype(str), strict=True):
        label = name if name not in choices else f"{name} · {branch_id}"
        choices[label] = branch_id
    choices[t("uiw.tweak.new_comprehensive", lang)] = new_comprehensive_id(plan.layout, area)
    return choices


def editor_frame(plan: Plan, roster: Roster, area: str, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The editable table's input: one row per member of the area, the branch as its label."""
    a = plan.assignments[plan.assignments["area"] == area]
    members = roster.members.set_index("member_id")
    team_names = {
        (str(ar), str(tid)): str(name)
        for ar, tid, name in zip(
            roster.teams["area"], roster.teams["team_id"], roster.teams["name"], strict=True
        )
    }
    label_of = {bid: label for label, bid in labels.items()}
    ids = a["member_id"].astype(str)
    sep = t("ui.list_sep", lang)
    teams_of = dict(zip(roster.members["member_id"].astype(str), roster.members["teams"], strict=True))
    teams = [sep.join(team_names.get((area, str(x)), str(x)) for x in teams_of.get(m) or ()) for m in ids]
    frame = pd.DataFrame(
        {
            "member_id": ids.to_numpy(),
            "name": [str(members.at[m, "name"]) if m in members.index else "" for m in ids],
            "status": [
                category_label(members.at[m, "status"], lang) if m in members.index else "" for m in ids
            ],
            "role": [category_label(members.at[m, "role"], lang) if m in members.index else "" for m in ids],
            "teams": teams,
            "reason": [t(f"workshop.reason.{r}", lang) if r else "" for r in a["reason"].astype(str)],
            "branch": [label_of.get(str(b), str(b)) for b in a["branch_id"]],
        }
    )
    frame = frame[list(EDITOR_COLUMNS)]
    return frame.sort_values(["branch", "member_id"], kind="stable").reset_index(drop=True)


def edits_to_moves(edits: Any, frame: pd.DataFrame, labels: dict[str, str]) -> list[Move]:
    """Moves from a data editor's state (``edited_rows`` by row position -> {column: value})."""
    if not isinstance(edits, dict):
        return []
    rows = edits.get("edited_rows") or {}
    moves = []
    for position, change in rows.items():
        try:
            index = int(position)
        except (TypeError, ValueError):
            continue
        if not isinstance(change, dict) or "branch" not in change or not 0 <= index < len(frame):
            continue
        target = labels.get(str(change["branch"]))
        if target is not None and change["branch"] != frame.at[index, "branch"]:
            moves.append(Move(str(frame.at[index, "member_id"]), target))
    return moves


# --- applying changes -------------------------------------------------------------------------------


def push(draft: Draft, moves: list[Move]) -> None:
    if moves:
        save_draft(replace(draft, history=draft.history.push(moves)))
        next_generation()


def absorb_editor(
    scenario: Scenario, area: str, draft: Draft, check: Recheck, roster: Roster, lang: str
) -> bool:
    """Turn the editable table's pending edits into moves; True when there were some."""
    key = editor_key(scenario, area)
    edits = st.session_state.get(key)
    if not edits:
        return False
    labels = branch_choices(check.plan, area, lang)
    moves = edits_to_moves(edits, editor_frame(check.plan, roster, area, labels, lang), labels)
    del st.session_state[key]
    push(draft, moves)
    return bool(moves)


def checked_or_repaired(roster: Roster, scenario: Scenario, draft: Draft, lang: str) -> tuple[Draft, Recheck]:
    """The re-check of the draft; a draft whose moves no longer apply (e.g. a branch vanished)
    loses its last step, and the user is told why."""
    while True:
        try:
            return draft, checked(roster, scenario, draft, lang)
        except EditError as error:
            st.error(error.message(lang), icon=":material/error:")
            draft = replace(draft, history=EditHistory(draft.history.past[:-1], ()))
            save_draft(draft)


# --- drawing ----------------------------------------------------------------------------------------


def toolbar(draft: Draft, lang: str) -> None:
    history = draft.history
    cols = st.columns([3, 1, 1, 1], vertical_alignment="center")
    cols[0].markdown(
        t(
            "uiw.tweak.draft_state",
            lang,
            moves=len(history.moves),
            pins=len(draft.member_pins) + len(draft.team_pins),
        )
    )
    if cols[1].button(
        t("uiw.tweak.undo", lang), icon=":material/undo:", key="tweak.undo", disabled=not history.can_undo
    ):
        save_draft(replace(draft, history=history.undo()))
        next_generation()
        st.rerun()
    if cols[2].button(
        t("uiw.tweak.redo", lang), icon=":material/redo:", key="tweak.redo", disabled=not history.can_redo
    ):
        save_draft(replace(draft, history=history.redo()))
        next_generation()
        st.rerun()
    if cols[3].button(
        t("uiw.tweak.reset", lang), icon=":material/restart_alt:", key="tweak.reset", disabled=not draft.dirty
    ):
        save_draft(Draft(draft.scenario, draft.created))
        next_generation()
        st.rerun()


def quick_move(check: Recheck, roster: Roster, area: str, draft: Draft, lang: str) -> None:
    """Select members and a target branch: the quickest way to move a few people."""
    plan = check.plan
    labels = branch_choices(plan, area, lang)
    names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    branch_names = {bid: label for label, bid in labels.items()}
    a = plan.assignments[plan.assignments["area"] == area]
    where = dict(zip(a["member_id"].astype(str), a["branch_id"].astype(str), strict=True))
    with st.form("tweak.move_form", clear_on_submit=True, border=True):
        st.markdown(f"**{t('uiw.tweak.quick_move', lang)}**")
        chosen = st.multiselect(
            t("uiw.tweak.members", lang),
            options=list(where),
            format_func=lambda m: t(
                "uiw.tweak.member_option",
                lang,
                name=names.get(m, ""),
                id=m,
                branch=branch_names.get(where[m], ""),
            ),
            key="tweak.pick",
            placeholder=t("uiw.tweak.members_placeholder", lang),
            select_all=False,
        )
        target = st.selectbox(t("uiw.tweak.target", lang), options=list(labels), key="tweak.target")
        if st.form_submit_button(
            t("uiw.tweak.move", lang), icon=":material/move_down:", type="primary", key="tweak.move"
        ):
            if chosen and target in labels:
                push(draft, [Move(str(m), labels[target]) for m in chosen])
                st.rerun()
            else:
                st.warning(t("uiw.tweak.pick_first", lang), icon=":material/info:")


def table_editor(scenario: Scenario, check: Recheck, roster: Roster, area: str, lang: str) -> None:
    labels = branch_choices(check.plan, area, lang)
    frame = editor_frame(check.plan, roster, area, labels, lang)
    st.markdown(f"**{t('uiw.tweak.table', lang)}**")
    st.caption(t("uiw.tweak.table_help", lang))
    config = {
        column: st.column_config.TextColumn(t(f"uiw.tweak.col.{column}", lang)) for column in EDITOR_COLUMNS
    }
    config["branch"] = st.column_config.SelectboxColumn(
        t("uiw.tweak.col.branch", lang), options=list(labels), required=True, width="large"
    )
    st.data_editor(
        frame,
        key=editor_key(scenario, area),
        hide_index=True,
        disabled=[c for c in EDITOR_COLUMNS if c != "branch"],
        column_order=EDITOR_COLUMNS,
        column_config=config,
        num_rows="fixed",
        height=min(38 + 35 * len(frame), 420),
        width="stretch",
    )


def rule_report(base: Plan, check: Recheck, roster: Roster, area: str, lang: str) -> None:
    """The rules broken in the area after the edits; the ones the edits caused marked new."""
    after = violations_frame(check.plan, roster, lang)
    before = base.violations
    key = ["rule", "branch_id", "subject", "detail"]
    before_keys = set(map(tuple, before[before["area"] == area][key].astype(str).to_numpy().tolist()))
    mine = check.plan.violations["area"] == area
    is_new = [
        tuple(row) not in before_keys
        for row in check.plan.violations.loc[mine, key].astype(str).to_numpy().tolist()
    ]
    shown = after[after["area"] == area].copy()
    shown.insert(0, "new", ["●" if n else "" for n in is_new])
    st.markdown(f"**{t('uiw.tweak.broken', lang)}**")
    if not len(shown):
        st.success(t("uiw.tweak.none_broken", lang), icon=":material/verified:")
        return
    new_count = sum(is_new)
    if new_count:
        st.error(t("uiw.tweak.new_broken", lang, count=new_count), icon=":material/report:")
        # the new ones in words too, readable from the back of the room
        fresh = shown[shown["new"] != ""].head(NEW_LISTED)
        st.markdown(
            "\n".join(
                f"- **{md_escape(rule)}** · {md_escape(branch)}: {md_escape(message)}"
                for rule, branch, message in zip(
                    fresh["rule"], fresh["branch"], fresh["message"], strict=True
                )
            )
        )
    else:
        st.info(t("uiw.tweak.old_broken", lang, count=len(shown)), icon=":material/info:")
    columns = ["new", "rule", "branch", "message", "fixes"]
    headers = {"new": t("uiw.tweak.col.new", lang)} | {c: page_header(c, lang) for c in columns if c != "new"}
    wide = st.column_config.TextColumn(width="large")
    st.dataframe(
        shown[columns].rename(columns=headers),
        hide_index=True,
        width="stretch",
        column_config={page_header("message", lang): wide, page_header("fixes", lang): wide},
    )


def metrics(base: Plan, after: Plan, lang: str) -> None:
    before_values, after_values = metric_values(base), metric_values(after)
    cols = st.columns(len(TWEAK_METRICS))
    for col, key in zip(cols, TWEAK_METRICS, strict=True):
        metric = METRICS_BY_KEY[key]
        old, new = before_values.get(key), after_values.get(key)
        col.metric(
            t(metric.label, lang),
            metric_text(metric, new),
            delta=delta_text(metric, old, new),
            delta_color=delta_colour(metric),
        )


def branch_overview(check: Recheck, roster: Roster, area: str, lang: str) -> None:
    """The area's branches after the edits; the branches an edit touched are highlighted."""
    frame = branches_frame(check.plan, roster, lang)
    frame = frame[frame["area"] == area].reset_index(drop=True)
    touched = [bid in check.affected_branches for bid in frame["branch_id"]]
    frame.insert(0, "touched", ["●" if hit else "" for hit in touched])
    columns = ["touched", *(c for c in BRANCH_EXPORT_COLUMNS if c not in ("branch_id", "area"))]
    headers = {"touched": t("uiw.tweak.col.touched", lang)} | {c: page_header(c, lang) for c in columns[1:]}
    shown = frame[columns].rename(columns=headers)

    def paint(row: pd.Series) -> list[str]:
        colour = "background-color: #fff3bf" if touched[int(row.name)] else ""  # type: ignore[call-overload]
        return [colour] * len(row)

    st.markdown(f"**{t('uiw.tweak.branches', lang)}**")
    st.dataframe(shown.style.apply(paint, axis=1), hide_index=True, width="stretch")
    if any(touched):
        st.caption(t("uiw.tweak.touched_help", lang))


def pins(check: Recheck, roster: Roster, area: str, draft: Draft, lang: str) -> None:
    with st.expander(t("uiw.tweak.pins", lang), icon=":material/push_pin:"):
        st.caption(t("uiw.tweak.pins_help", lang))
        a = check.plan.assignments[check.plan.assignments["area"] == area]
        names = dict(
            zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
        )
        left, right = st.columns(2, gap="large")
        with left:
            chosen = st.multiselect(
                t("uiw.tweak.pin_members", lang),
                options=a["member_id"].astype(str).tolist(),
                format_func=lambda m: t("pages.tweak.member_with_id", lang, name=names.get(m, ""), id=m),
                key="tweak.pin_members",
                placeholder=t("uiw.tweak.members_placeholder", lang),
                select_all=False,
            )
            if st.button(
                t("uiw.tweak.pin_members_button", lang), icon=":material/push_pin:", key="tweak.pin_m"
            ):
                new = pins_for_members([str(m) for m in chosen], check.plan.layout)
                if new:
                    save_draft(with_member_pins(draft, new))
                    next_generation()
                    st.rerun()
                single = len(check.plan.branches[check.plan.branches["area"] == area]) <= 1
                if not chosen:
                    st.info(t("pages.tweak.pin_pick_first", lang), icon=":material/info:")
                elif single:
                    st.info(t("uiw.tweak.pin_not_needed", lang), icon=":material/info:")
                else:
                    st.info(t("pages.tweak.pin_nothing_new", lang), icon=":material/info:")
        with right:
            teams = roster.teams[roster.teams["area"] == area]
            team_names = dict(zip(teams["team_id"].astype(str), teams["name"].astype(str), strict=True))
            team = st.selectbox(
                t("uiw.tweak.pin_team", lang),
                options=list(team_names),
                format_func=lambda x: team_names.get(x, x),
                key="tweak.pin_team",
                index=None,
                placeholder=t("uiw.tweak.pin_team_placeholder", lang),
            )
            mode = st.radio(
                t("uiw.tweak.pin_mode", lang),
                options=[m.value for m in TeamMode],
                format_func=lambda m: t(f"uiw.team_mode.{m}", lang),
                key="tweak.pin_mode",
                horizontal=True,
            )
            if st.button(
                t("uiw.tweak.pin_team_button", lang),
                icon=":material/push_pin:",
                key="tweak.pin_t",
                disabled=team is None,
            ):
                save_draft(with_team_pin(draft, TeamPin(area, str(team), TeamMode(mode))))
                next_generation()
                st.rerun()
        every_team = team_name_map(roster.teams)
        area_of = dict(
            zip(roster.members["member_id"].astype(str), roster.members["area"].astype(str), strict=True)
        )
        rows = [
            {
                t("uiw.tweak.pin.col.what", lang): t(
                    "pages.tweak.member_with_id", lang, name=names.get(p.member_id, ""), id=p.member_id
                ),
                t("uiw.tweak.pin.col.target", lang): t("uiw.tweak.pin.comprehensive", lang)
                if p.team_id is None
                else t(
                    "uiw.tweak.pin.team",
                    lang,
                    team=every_team.get((area_of.get(p.member_id, ""), p.team_id), p.team_id),
                ),
            }
            for p in draft.member_pins
        ] + [
            {
                t("uiw.tweak.pin.col.what", lang): t(
                    "pages.tweak.team_in_area",
                    lang,
                    team=every_team.get((p.area, p.team_id), p.team_id),
                    area=p.area,
                ),
                t("uiw.tweak.pin.col.target", lang): t(f"uiw.team_mode.{p.mode.value}", lang),
            }
            for p in draft.team_pins
        ]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True)
            if st.button(t("uiw.tweak.clear_pins", lang), icon=":material/delete:", key="tweak.clear_pins"):
                save_draft(replace(draft, member_pins=(), team_pins=()))
                next_generation()
                st.rerun()


# --- the live board ---------------------------------------------------------------------------------


def card_status(broken: int, new_broken: int, lang: str) -> str:
    """A branch's rule status in words (Markdown from our own catalogue and numbers only)."""
    if not broken:
        return t("pages.board.keeps_rules", lang)
    if new_broken:
        return t("pages.board.breaks_new", lang, count=broken, new=new_broken)
    return t("pages.board.breaks", lang, count=broken)


def card_move(check: Recheck, roster: Roster, area: str, draft: Draft, branch_id: str, lang: str) -> None:
    """Pick a member of this branch and the branch to move them to."""
    plan = check.plan
    labels = branch_choices(plan, area, lang)
    names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    here = plan.assignments[plan.assignments["branch_id"] == branch_id]["member_id"].astype(str).tolist()
    targets = [label for label, bid in labels.items() if bid != branch_id]
    key = f"tweak.card.{generation()}.{branch_id}"
    with st.popover(t("pages.board.move_from", lang), icon=":material/move_down:", width="stretch"):
        member = st.selectbox(
            t("pages.board.member", lang),
            options=here,
            format_func=lambda m: t("pages.tweak.member_with_id", lang, name=names.get(m, ""), id=m),
            index=None,
            placeholder=t("pages.board.member_placeholder", lang),
            key=f"{key}.member",
        )
        target = st.selectbox(
            t("uiw.tweak.target", lang),
            options=targets,
            index=None,
            placeholder=t("pages.board.target_placeholder", lang),
            key=f"{key}.target",
        )
        if st.button(
            t("uiw.tweak.move", lang),
            icon=":material/move_down:",
            key=f"{key}.go",
            type="primary",
            disabled=member is None or target is None,
        ):
            push(draft, [Move(str(member), labels[str(target)])])
            st.rerun()


def branch_card(
    row: dict[str, Any], check: Recheck, roster: Roster, area: str, draft: Draft, lang: str
) -> None:
    touched = row["branch_id"] in check.affected_branches
    with st.container(border=True):
        title = md_escape(row["name"])
        marks = (" · " + t("pages.board.new_branch", lang)) if row["is_new"] else ""
        marks += (" · " + t("pages.board.changed", lang)) if touched else ""
        st.markdown(f"**{title}**{marks}")
        change = row["size_change"]
        st.markdown(
            t(
                "pages.board.line_size",
                lang,
                size=count_text(row["size"]),
                change=""
                if not change or row["is_new"]
                else f"（{change:+d}）"
                if lang == "zh"
                else f" ({change:+d})",
                full=count_text(row["full_members"]),
                candidates=count_text(row["candidates"]),
            )
        )
        st.caption(
            t(
                "pages.board.line_more",
                lang,
                kind=t(f"workshop.kind.{row['kind']}", lang),
                mobility=share_text(row["mobility_share"]),
                groups=count_text(row["groups"]),
            )
        )
        st.markdown(card_status(int(row["broken"]), int(row["new_broken"]), lang))
        card_move(check, roster, area, draft, str(row["branch_id"]), lang)


def live_board(base: Plan, check: Recheck, roster: Roster, area: str, draft: Draft, lang: str) -> None:
    """Every branch of the area as a card, updated with every move (Class Creator's summary)."""
    board = branch_board(base, check.plan, area)
    st.markdown(f"**{t('pages.board.title', lang, count=count_text(len(board)))}**")
    st.caption(t("pages.board.help", lang))
    rows = [{str(k): v for k, v in row.items()} for row in board.to_dict("records")]
    for start in range(0, len(rows), BOARD_COLUMNS):
        cells = st.columns(BOARD_COLUMNS, gap="small")
        for cell, row in zip(cells, rows[start : start + BOARD_COLUMNS], strict=False):
            with cell:
                branch_card(row, check, roster, area, draft, lang)


# --- keep-together / keep-apart pairs -----------------------------------------------------------------


def pair_options(roster: Roster, area: str, kind: str) -> dict[str, str]:
    """id -> display name of the members or teams of ``area`` a pair of ``kind`` is made of."""
    if kind.startswith("members"):
        m = roster.members[roster.members["area"] == area]
        return {
            str(i): f"{n}（{i}）"
            for i, n in zip(m["member_id"].astype(str), m["name"].astype(str), strict=True)
        }
    teams = roster.teams[roster.teams["area"] == area]
    return dict(zip(teams["team_id"].astype(str), teams["name"].astype(str), strict=True))


def pair_rows(draft: Draft, roster: Roster, lang: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(kind, pair, the pair in words) for every pair of the draft."""
    member_names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    every_team = team_name_map(roster.teams)
    rows = []
    for kind in PAIR_FIELDS:
        for pair in getattr(draft.pairs, kind):
            if kind.startswith("members"):
                a, b = (
                    t("pages.tweak.member_with_id", lang, name=member_names.get(x, ""), id=x) for x in pair
                )
            else:
                a, b = (every_team.get((pair[0], x), x) for x in pair[1:])
            rows.append((kind, pair, t(f"pages.pairs.row.{kind}", lang, a=a, b=b)))
    return rows


def pairs(roster: Roster, area: str, draft: Draft, lang: str) -> None:
    """Keep two members (or two teams) together, or apart; checked at once, kept by re-planning."""
    with st.expander(
        t("pages.pairs.title", lang, count=len(pair_rows(draft, roster, lang))), icon=":material/link:"
    ):
        st.caption(t("pages.pairs.help", lang))
        kind = str(
            st.radio(
                t("pages.pairs.kind", lang),
                options=list(PAIR_FIELDS),
                format_func=lambda k: t(f"pages.pairs.kind.{k}", lang),
                key="tweak.pair_kind",
                horizontal=True,
            )
        )
        options = pair_options(roster, area, kind)
        chosen = st.multiselect(
            t("pages.pairs.pick", lang),
            options=list(options),
            format_func=lambda x: options.get(x, x),
            max_selections=2,
            select_all=False,
            key=f"tweak.pair_pick.{kind}",
            placeholder=t("pages.pairs.pick_placeholder", lang),
        )
        if st.button(
            t("pages.pairs.add", lang),
            icon=":material/add_link:",
            key="tweak.pair_add",
            disabled=len(chosen) != 2,
        ):
            chosen_pair = (str(chosen[0]), str(chosen[1]))
            team_pair = (area, *chosen_pair)
            save_draft(with_pair(draft, kind, chosen_pair if kind.startswith("members") else team_pair))
            st.rerun()
        rows = pair_rows(draft, roster, lang)
        for index, (row_kind, pair, words) in enumerate(rows):
            text_col, button_col = st.columns([5, 1], vertical_alignment="center")
            text_col.text(words)  # names: plain text
            if button_col.button(
                t("pages.pairs.remove", lang), icon=":material/link_off:", key=f"tweak.pair_rm.{index}"
            ):
                save_draft(without_pair(draft, row_kind, pair))
                st.rerun()


def actions(roster: Roster, scenario: Scenario, draft: Draft, check: Recheck, lang: str) -> None:
    st.subheader(t("uiw.tweak.keep", lang))
    replan_col, save_col = st.columns(2, gap="large")
    running = is_running(PLAN_SLOT)
    with replan_col:
        st.caption(t("uiw.tweak.replan_help", lang))
        if st.button(
            t("uiw.tweak.replan", lang),
            icon=":material/auto_fix_high:",
            key="tweak.replan",
            disabled=not draft.dirty or running,
        ):
            start_replan(roster, scenario, draft, t("uiw.tweak.replan_name", lang, name=scenario.name), lang)
            st.rerun()
        if running:
            poll_while_running(PLAN_SLOT, draw_job, lang)
    with save_col:
        st.caption(t("uiw.tweak.save_help", lang))
        name = st.text_input(
            t("uiw.tweak.save_name", lang),
            key="tweak.save_name",
            placeholder=t("uiw.tweak.edited_name", lang, name=scenario.name),
            max_chars=80,
        )
        if st.button(
            t("uiw.tweak.save", lang), icon=":material/save:", key="tweak.save", disabled=not draft.dirty
        ):
            settings = check.plan.settings
            kept = add_scenario(
                Scenario(
                    str(name or "").strip() or t("uiw.tweak.edited_name", lang, name=scenario.name),
                    settings,
                    check.plan,
                    parent=scenario.name,
                    edits=draft.history.moves,
                )
            )
            save_draft(Draft(draft.scenario, draft.created))
            st.session_state[NEXT_SCENARIO_KEY] = kept
            st.session_state["tweak.saved"] = kept
            job = get_job(PLAN_SLOT)
            if job is not None:  # the last re-plan's banner is old news now
                st.session_state[DISMISSED_JOB_KEY] = job.id
            next_generation()
            st.rerun()
    saved = st.session_state.pop("tweak.saved", None)
    if isinstance(saved, str):
        st.success(t("uiw.tweak.saved", lang, name=md_escape(saved)), icon=":material/check_circle:")


def replan_outcome(lang: str) -> None:
    """How the last re-plan ended (plain runs report on the Plan page)."""
    job = get_job(PLAN_SLOT)
    if job is None or job.id == st.session_state.get(DISMISSED_JOB_KEY):
        return
    if getattr(job.meta, "parent", None) is not None:
        job_outcome(job, lang)


def pick_scenario(book: ScenarioBook, lang: str) -> Scenario:
    job = get_job(PLAN_SLOT)
    if job is not None and isinstance(job.outcome, str) and st.session_state.get(SHOWN_JOB_KEY) != job.id:
        # a re-plan just finished: open its result
        st.session_state[SHOWN_JOB_KEY] = job.id
        if job.outcome in book and book.get(job.outcome).parent is not None:
            st.session_state[SCENARIO_KEY] = job.outcome
    pending = st.session_state.pop(NEXT_SCENARIO_KEY, None)
    if pending in book:
        st.session_state[SCENARIO_KEY] = pending
    if st.session_state.get(SCENARIO_KEY) not in book:
        st.session_state[SCENARIO_KEY] = book.names[-1]
    name = st.selectbox(t("uiw.scenario", lang), options=book.names, key=SCENARIO_KEY)
    return book.get(str(name))


def pick_area(plan: Plan, lang: str) -> str:
    """The area to work on: the one chosen before (also after leaving the page), else the first."""
    areas = list(dict.fromkeys(plan.assignments["area"].astype(str)))
    if st.session_state.get(AREA_KEY) not in areas:
        kept = st.session_state.get(AREA_KEPT_KEY)
        st.session_state[AREA_KEY] = kept if kept in areas else areas[0]
    lang_bound(AREA_KEY)
    counts = plan.assignments.groupby("area").size()
    area = str(
        st.selectbox(
            t("uiw.area", lang),
            options=areas,
            key=AREA_KEY,
            format_func=lambda a: t(
                "uiw.area_members_option", lang, area=a, members=count_text(counts.get(a, 0))
            ),
        )
    )
    st.session_state[AREA_KEPT_KEY] = area
    return area


def render(lang: str) -> None:
    st.title(t("uiw.tweak.title", lang))
    inputs = workshop_inputs(lang)
    if inputs is None:
        return
    roster, book = inputs
    st.markdown(t("uiw.tweak.intro", lang))
    left, right = st.columns(2)
    with left:
        scenario = pick_scenario(book, lang)
    with right:
        area = pick_area(scenario.plan, lang)
    if scenario.parent:
        st.caption(t("uiw.tweak.parent", lang, parent=md_escape(scenario.parent), moves=len(scenario.edits)))
    draft = draft_for(scenario)
    draft, check = checked_or_repaired(roster, scenario, draft, lang)
    if absorb_editor(scenario, area, draft, check, roster, lang):
        draft = draft_for(scenario)
        draft, check = checked_or_repaired(roster, scenario, draft, lang)
    replan_outcome(lang)
    toolbar(draft, lang)
    metrics(scenario.plan, check.plan, lang)
    move_col, board_col = st.columns([2, 3], gap="large")
    with move_col:
        quick_move(check, roster, area, draft, lang)
    with board_col:
        live_board(scenario.plan, check, roster, area, draft, lang)
    rule_report(scenario.plan, check, roster, area, lang)
    offer_fixes(check, roster, area, draft, lang, after=next_generation)
    branch_overview(check, roster, area, lang)
    with st.expander(t("uiw.plan.org_chart", lang), icon=":material/account_tree:"):
        show_org_chart(check.plan, roster, area, lang, highlight=check.affected_branches, key="tweak.org")
    table_editor(scenario, check, roster, area, lang)
    pins(check, roster, area, draft, lang)
    pairs(roster, area, draft, lang)
    st.divider()
    actions(roster, scenario, draft, check, lang)
    link_to("compare", lang, t("uiw.tweak.go_compare", lang))


render(current_language())
