"""One click to apply a verified fix on the Tweak page.

The Tweak page calls :func:`offer_fixes` with one line. It lists the area's ``move`` and
``designate`` fixes (planner.fixes: each already verified by re-checking the layout with it applied
alone) with an Apply button each; applying one pushes it onto the draft's edit history as one
step (planner.edits: moves, or a :class:`planner.edits.Designate`), so Undo takes it back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

import streamlit as st

from planner.edits import Designate, Edit, Move, Recheck
from planner.fixes import Fix, FixKind
from planner.i18n import t
from planner.schema import Roster
from ui.scenarios import Draft, save_draft
from ui.text import md_escape

#: Fixes offered at most (the area's most direct first, in the order of its broken rules).
SHOWN = 8
APPLIED_KEY = "tweak.fix_applied"
#: The kinds one click can apply (open and setting change the plan's shape or rules: re-plan).
CLICKABLE = (FixKind.MOVE, FixKind.DESIGNATE)


def clickable_fixes(check: Recheck, area: str) -> list[Fix]:
    """The area's move and designate fixes, in the order of its broken rules, one per change."""
    v = check.plan.violations
    found: dict[str, Fix] = {}
    for fixes in v.loc[v["area"] == area, "fixes"]:
        for fix in fixes or ():
            # one button per change: the same edits may fix two rules (their texts differ)
            if isinstance(fix, Fix) and fix.kind in CLICKABLE and _key(fix) not in found:
                found[_key(fix)] = fix
    return list(found.values())


def edits_for(fix: Fix) -> list[Edit]:
    """The hand edits that apply ``fix``: one move per member, or one designation."""
    if fix.kind is FixKind.MOVE:
        return [Move(m, fix.branch_id) for m in fix.members]
    if fix.kind is FixKind.DESIGNATE and fix.members:
        return [Designate(tuple(fix.members))]
    return []


def _key(fix: Fix) -> str:
    digest = hashlib.sha1(f"{fix.kind}|{fix.branch_id}|{'|'.join(fix.members)}".encode()).hexdigest()[:12]
    return f"tweak.fix.{digest}"


def offer_fixes(
    check: Recheck,
    roster: Roster,
    area: str,
    draft: Draft,
    lang: str,
    after: Callable[[], None] | None = None,
) -> None:
    """Show the area's clickable fixes with an Apply button each; ``after`` runs once a fix is
    pushed onto the draft (the Tweak page starts a new table generation there)."""
    fixes = clickable_fixes(check, area)
    st.markdown(f"**{t('fixes.ui.title', lang)}**")
    applied = st.session_state.pop(APPLIED_KEY, None)
    if isinstance(applied, str):
        st.success(t("fixes.ui.applied", lang, text=md_escape(applied)), icon=":material/check_circle:")
    designated = _designated_here(draft, roster, area, lang)
    if designated:
        st.caption(t("fixes.ui.designated", lang, names=md_escape(designated)))
    if not fixes:
        st.caption(t("fixes.ui.none", lang))
        return
    st.caption(t("fixes.ui.help", lang))
    for fix in fixes[:SHOWN]:
        text_col, button_col = st.columns([3, 1], vertical_alignment="center")
        with text_col:
            st.markdown(md_escape(fix.text))  # the text starts with its verb: move, designate
            if fix.effect is not None:
                st.caption(
                    t("fixes.effect", lang, before=fix.effect.broken_before, after=fix.effect.broken_after)
                )
        if button_col.button(t("fixes.ui.apply", lang), key=_key(fix), icon=":material/done:"):
            _apply(draft, edits_for(fix), after)
            st.session_state[APPLIED_KEY] = fix.text
            st.rerun()


def _apply(draft: Draft, edits: Sequence[Edit], after: Callable[[], None] | None) -> None:
    if not edits:
        return
    save_draft(replace(draft, history=draft.history.push(list(edits))))
    if after is not None:
        after()


def _designated_here(draft: Draft, roster: Roster, area: str, lang: str) -> str:
    """The draft's designated candidates in ``area``, as "name (id)" joined."""
    ids = set(draft.history.designated)
    if not ids:
        return ""
    m = roster.members
    here = m[m["member_id"].isin(ids) & (m["area"] == area)]
    labels = (
        t("violation.member_label", lang, name=n, id=i)
        for n, i in zip(here["name"], here["member_id"], strict=True)
    )
    return t("branch.name.sep", lang).join(labels)
