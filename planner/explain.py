"""Pre-checks before any solve, and every violation rendered as a message with verified fixes.

:func:`precheck_area` finds the obvious area-wide problems from the roster alone (rows with
``branch_id`` "" and ``detail`` "area", or the constraint-reference details); :func:`explain`
fills ``message`` and ``fixes`` (a tuple of :class:`Fix`, best first, each verified by
re-checking: see planner.fixes) of any violations frame in Chinese or English.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.branch_id import BranchId
from planner.fixes import Fix, FixEffect, FixKind, roster_for, verified_fixes
from planner.i18n import CATALOGUE, t
from planner.plan import VIOLATION_COLUMNS, Layout
from planner.rules import (
    MOBILITY_LIMITED,
    RULES,
    branch_name,
    branches_needed,
    scope_areas,
    violations_frame,
)
from planner.schema import Roster, is_candidate
from planner.settings import MobilityPlacement, Rules, Settings
from planner.stats import value_label

__all__ = [
    "Fix",
    "FixEffect",
    "FixKind",
    "candidates_needed",
    "explain",
    "precheck_area",
    "precheck_community",
]


def candidates_needed(members: int, full: int, rules: Rules) -> int:
    """The fewest secretary + committee candidates any layout of an area needs.

    With B branches (at least ceil(members / cap), each with min_full_members full members), a
    branch with committee_threshold or more full members needs committee_min_candidates, others
    one; branches without a committee hold at most committee_threshold - 1 full members, so
    x(B) = ceil((full - (threshold - 1) * B) / (cap - threshold + 1)) branches need a committee.
    """
    lowest = branches_needed(members, rules.max_branch_size)
    if lowest == 0:
        return 0
    top = max(lowest, full // max(1, rules.min_full_members))
    per_committee = max(1, rules.max_branch_size - rules.committee_threshold + 1)
    best = None
    for b in range(lowest, top + 1):
        x = max(0, math.ceil((full - (rules.committee_threshold - 1) * b) / per_committee))
        need = b + (rules.committee_min_candidates - 1) * min(x, b)
        best = need if best is None else min(best, need)
        if x == 0:
            break  # more branches only add secretaries from here
    return best or 0


def precheck_area(roster: Roster, settings: Settings, area: str) -> pd.DataFrame:
    """Obvious problems of ``area`` found before any solve (violations frame, messages empty).

    * ``secretary_candidate`` (detail "area"): fewer candidates (value) than the branches the
      cap forces (limit);
    * ``committee_candidates`` ("area"): fewer candidates than :func:`candidates_needed`, when that
      is more than the branches the cap forces;
    * ``min_full_members`` ("area"): fewer full members than the branches the cap forces need;
    * ``mobility_share`` ("area"): the area's own share of mobility-limited members is above the
      per-branch limit (not with placement "comprehensive");
    * ``member_pin`` ("unknown_team") and ``team_pin`` / ``teams_together`` / ``teams_apart``
      ("unknown_team"): a constraint of this area names a team the area does not have.
    """
    rules = settings.rules
    members = roster.members[roster.members["area"] == area]
    n = len(members)
    full = int((members["status"] == "full").sum())
    cands = int(is_candidate(members).sum())
    needed = branches_needed(n, rules.max_branch_size)
    rows: list[dict[str, Any]] = []
    if n:
        if full < rules.min_full_members * needed:
            rows.append(
                {
                    "area": area,
                    "rule": "min_full_members",
                    "detail": "area",
                    "value": full,
                    "limit": rules.min_full_members * needed,
                }
            )
        if cands < needed:
            rows.append(
                {
                    "area": area,
                    "rule": "secretary_candidate",
                    "detail": "area",
                    "value": cands,
                    "limit": needed,
                }
            )
        need_all = candidates_needed(n, full, rules)
        if need_all > needed and cands < need_all:
            rows.append(
                {
                    "area": area,
                    "rule": "committee_candidates",
                    "detail": "area",
                    "value": cands,
                    "limit": need_all,
                }
            )
        share = float(members["mobility"].isin(MOBILITY_LIMITED).mean())
        if (
            rules.mobility_placement is not MobilityPlacement.COMPREHENSIVE
            and share > rules.max_mobility_share + 1e-9
        ):
            rows.append(
                {
                    "area": area,
                    "rule": "mobility_share",
                    "detail": "area",
                    "value": share,
                    "limit": rules.max_mobility_share,
                }
            )

    team_ids = set(roster.teams.loc[roster.teams["area"] == area, "team_id"])
    cons = settings.constraints
    ids = set(members["member_id"])
    for pin in cons.member_pins:
        if pin.member_id in ids and pin.team_id is not None and pin.team_id not in team_ids:
            rows.append(
                {
                    "area": area,
                    "rule": "member_pin",
                    "subject": pin.member_id,
                    "detail": "unknown_team",
                    "value": 0,
                    "limit": 1,
                }
            )
    for tp in cons.team_pins:
        if tp.area == area and tp.team_id not in team_ids:
            rows.append(
                {
                    "area": area,
                    "rule": "team_pin",
                    "subject": tp.team_id,
                    "detail": "unknown_team",
                    "value": 0,
                    "limit": 1,
                }
            )
    for triples, rule in ((cons.teams_together, "teams_together"), (cons.teams_apart, "teams_apart")):
        for a, x, y in triples:
            if a == area and not {x, y} <= team_ids:
                rows.append(
                    {
                        "area": area,
                        "rule": rule,
                        "subject": f"{x}|{y}",
                        "detail": "unknown_team",
                        "value": 0,
                        "limit": 1,
                    }
                )
    return violations_frame(rows)


def precheck_community(roster: Roster, settings: Settings) -> pd.DataFrame:
    """:func:`precheck_area` for every area in scope, plus pins naming members not in the roster
    (``member_pin`` / ``members_together`` / ``members_apart`` with detail "unknown_member",
    area "")."""
    frames = [precheck_area(roster, settings, area) for area in scope_areas(roster, settings)]
    ids = set(roster.members["member_id"])
    cons = settings.constraints
    rows: list[dict[str, Any]] = []
    for pin in cons.member_pins:
        if pin.member_id not in ids:
            rows.append(
                {
                    "area": "",
                    "rule": "member_pin",
                    "subject": pin.member_id,
                    "detail": "unknown_member",
                    "value": 0,
                    "limit": 1,
                }
            )
    for pairs, rule in ((cons.members_together, "members_together"), (cons.members_apart, "members_apart")):
        for x, y in pairs:
            for mid in (x, y):
                if mid not in ids:
                    rows.append(
                        {
                            "area": "",
                            "rule": rule,
                            "subject": mid,
                            "detail": "unknown_member",
                            "value": 0,
                            "limit": 1,
                        }
                    )
    frames.append(violations_frame(rows))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return violations_frame([])
    return violations_frame(
        [{str(k): x for k, x in row.items()} for row in pd.concat(frames).to_dict("records")]
    )


class _Names:
    """Display names for members, teams and branches, in one language (lookups cached)."""

    def __init__(self, roster: Roster, lang: str) -> None:
        self.lang = lang
        m = roster.members
        ids = m["member_id"].tolist()
        self.member_name = dict(zip(ids, m["name"].tolist(), strict=True))
        self.member_area = dict(zip(ids, m["area"].tolist(), strict=True))
        self.area_size = {str(k): int(n) for k, n in m["area"].value_counts().items()}
        tm = roster.teams
        self.team_name = {
            (a, x): y
            for a, x, y in zip(tm["area"].tolist(), tm["team_id"].tolist(), tm["name"].tolist(), strict=True)
        }

    def member(self, mid: str) -> str:
        name = self.member_name.get(mid)
        return t("violation.member_label", self.lang, name=name, id=mid) if name else mid

    def team(self, area: str, tid: str) -> str:
        return self.team_name.get((area, tid), tid)

    def branch(self, area: str, bid: str) -> str:
        parsed = BranchId.parse(bid, area)
        if parsed is None:
            return bid
        teams = [self.team(area, x) for x in parsed.teams]
        return branch_name(area, parsed.kind.value, teams, parsed.index, self.lang)


def _type_label(code: str, lang: str) -> str:
    try:
        return value_label(code, lang)
    except KeyError:  # a type code the statistics catalogue does not name
        return code


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _render(row: pd.Series, names: _Names, settings: Settings) -> str:
    """The violation's message in ``names.lang`` (its fixes come from planner.fixes)."""
    lang = names.lang
    rules = settings.rules
    rule, detail, area, bid, subject = (
        row["rule"],
        row["detail"],
        row["area"],
        row["branch_id"],
        row["subject"],
    )
    value, limit = row["value"], row["limit"]
    p: dict[str, Any] = {
        "area": area,
        "branch": names.branch(area, bid) if bid else "",
        "branch_id": bid,
        "subject": subject,
        "value": _num(value),
        "limit": _num(limit),
    }
    if (subject and rule in ("member_placed", "through_team", "member_pin")) or detail == "ungrouped":
        p["member"] = names.member(subject)
    area_members = names.area_size.get(area, 0)
    key = f"violation.{rule}.{detail}" if detail else f"violation.{rule}"

    if rule == "secretary_candidate" and detail == "area":
        p.update(members=area_members, cap=rules.max_branch_size)
    elif rule == "committee_candidates":
        p.update(members=area_members, threshold=rules.committee_threshold)
    elif rule == "min_full_members" and detail == "area":
        p.update(members=area_members, branches=branches_needed(area_members, rules.max_branch_size))
    elif rule == "joint_types":
        p["types"] = t("branch.name.sep", lang).join(_type_label(x, lang) for x in subject.split("+"))
    elif rule == "member_placed" and detail != "unknown_member":
        p["area"] = names.member_area.get(subject, area)
    elif rule == "party_groups":
        p.update(threshold=rules.group_threshold, group=subject.rpartition("/")[2] or subject)
    elif rule == "mobility_share":
        p.update(value=_pct(value), limit=_pct(limit))
    elif rule == "member_pin":
        key = _pin_message(p, names, settings, detail, area, subject) or key
    elif rule in ("members_together", "members_apart"):
        if detail == "unknown_member":
            key = "violation.member_pin.unknown_member"
        else:
            x, _, y = subject.partition("|")
            p.update(a=names.member(x), b=names.member(y))
    elif rule == "team_pin":
        p["team"] = names.team(area, subject)
    elif rule in ("teams_together", "teams_apart"):
        x, _, y = subject.partition("|")
        p.update(a=names.team(area, x), b=names.team(area, y))
        if detail == "unknown_team":
            key = "violation.team_pin.unknown_team"
            p["team"] = f"{x}, {y}"

    if key not in CATALOGUE:  # a rule or detail this module does not know (e.g. a future model rule)
        title = t(RULES[rule].title_key, lang) if rule in RULES else rule
        return t("violation.generic", lang, **{**p, "rule": title})
    return t(key, lang, **p)


def _pin_message(
    p: dict[str, Any], names: _Names, settings: Settings, detail: str, area: str, subject: str
) -> str | None:
    """Fill ``p`` for a member pin's message; the key to use instead of the default, if any."""
    pin = next((x for x in settings.constraints.member_pins if x.member_id == subject), None)
    target_team = pin.team_id if pin is not None else None
    if detail == "unknown_team":
        p["team"] = target_team or ""
        return None
    if detail == "unknown_member":
        return None
    p["target"] = (
        t("violation.target_team", names.lang, team=names.team(area, target_team))
        if target_team
        else t("violation.target_comprehensive", names.lang)
    )
    p["where"] = p["branch"] or t("violation.where_none", names.lang)
    return "violation.member_pin"


def explain(
    violations: pd.DataFrame,
    roster: Roster,
    settings: Settings,
    lang: str,
    layout: Layout | None = None,
    *,
    complete: bool = False,
) -> pd.DataFrame:
    """``violations`` with ``message`` (in ``lang``, zh or en) and ``fixes`` filled.

    ``fixes`` holds, per row, a tuple of :class:`planner.fixes.Fix` values, best first, each
    verified against ``layout`` (the layout the violations were found on) by re-checking; without
    a layout only area-wide rows get fixes. ``complete``: the rows are everything the pre-checks
    and the checker find on ``layout`` in their areas (saves checking it again). The settings'
    designated candidates count as candidates (planner.fixes.roster_for)."""
    out = violations.copy()
    for col in VIOLATION_COLUMNS:
        if col not in out.columns:
            out[col] = "" if col != "fixes" else [()] * len(out)
    if out.empty:
        return out[list(VIOLATION_COLUMNS)]
    roster = roster_for(roster, settings)
    names = _Names(roster, lang)
    messages = [_render(row, names, settings) for _, row in out.iterrows()]
    fixes = verified_fixes(
        out.reset_index(drop=True),
        roster,
        layout,
        settings,
        lang,
        complete=complete,
        branch_label=names.branch,
    )
    out["message"] = pd.Series(messages, index=out.index, dtype="str")
    out["fixes"] = pd.Series(fixes, index=out.index, dtype=object)
    return out[list(VIOLATION_COLUMNS)]
