"""Pre-checks before any solve, and every violation rendered as a message with ranked fixes.

:func:`precheck_area` finds the obvious area-wide problems from the roster alone (rows with
``branch_id`` "" and ``detail`` "area", or the constraint-reference details); :func:`explain`
fills ``message`` and ``fixes`` (a tuple of strings, most direct fix first) of any violations
frame in Chinese or English.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.i18n import CATALOGUE, t
from planner.plan import VIOLATION_COLUMNS
from planner.rules import (
    MOBILITY_LIMITED,
    RULES,
    branch_name,
    branches_needed,
    member_team_links,
    scope_areas,
    violations_frame,
)
from planner.schema import Roster, is_candidate
from planner.settings import MobilityPlacement, Rules, Settings
from planner.stats import value_label

#: How many example teams or members a fix names.
EXAMPLES = 2


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
        # Where more candidates could come from: full members without a backbone role.
        pool = m[(m["status"] == "full") & ~is_candidate(m)]
        self.pool_ids: dict[str, list[str]] = {}
        self.pool_no_team: dict[str, list[str]] = {}
        for mid, area, teams in zip(
            pool["member_id"].tolist(), pool["area"].tolist(), pool["teams"], strict=True
        ):
            self.pool_ids.setdefault(area, []).append(mid)
            if len(teams) == 0:
                self.pool_no_team.setdefault(area, []).append(mid)
        self.pool_links = member_team_links(pool, tm)
        self._cache: dict[tuple[str, tuple[str, ...] | None], str] = {}

    def member(self, mid: str) -> str:
        name = self.member_name.get(mid)
        return t("violation.member_label", self.lang, name=name, id=mid) if name else mid

    def team(self, area: str, tid: str) -> str:
        return self.team_name.get((area, tid), tid)

    def branch(self, area: str, bid: str) -> str:
        if not bid.startswith(area + "/"):
            return bid
        body = bid[len(area) + 1 :]
        body, _, idx = body.partition("#")
        index = int(idx) if idx.isdigit() else 1
        kind, _, rest = body.partition(":")
        teams = [self.team(area, x) for x in rest.split("+")] if rest else []
        if kind not in ("team", "joint", "comprehensive", "single"):
            return bid
        return branch_name(area, kind, teams, index, self.lang)

    def examples(self, area: str, team_ids: tuple[str, ...] | None = None, *, no_team: bool = False) -> str:
        """' (e.g. full members in teams X, Y)' or ' (e.g. name, name)': full members without a
        backbone role in the area (teams with most of them first), in ``team_ids`` when given,
        or without a team when ``no_team``."""
        key = (area, ("",) if no_team else team_ids)
        if key not in self._cache:
            self._cache[key] = self._examples(area, team_ids, no_team)
        return self._cache[key]

    def _examples(self, area: str, team_ids: tuple[str, ...] | None, no_team: bool) -> str:
        sep = t("branch.name.sep", self.lang)
        links = self.pool_links[self.pool_links["area"] == area]
        if team_ids is not None:
            links = links[links["team_id"].isin(team_ids)]
        if not no_team and not links.empty and (team_ids is None or len(team_ids) > 1):
            counts = links.groupby("team_id").size().reset_index(name="n")
            counts = counts.sort_values(["n", "team_id"], ascending=[False, True])
            names = [self.team(area, x) for x in counts["team_id"].head(EXAMPLES)]
            return t("fix.examples_teams", self.lang, teams=sep.join(names))
        if no_team:
            chosen = self.pool_no_team.get(area, [])
        elif team_ids is not None:
            chosen = links["member_id"].tolist()
        else:
            chosen = self.pool_ids.get(area, [])
        chosen = sorted(chosen)[:EXAMPLES]
        if not chosen:
            return ""
        return t("fix.examples_members", self.lang, names=sep.join(self.member(x) for x in chosen))


def _type_label(code: str, lang: str) -> str:
    try:
        return value_label(code, lang)
    except KeyError:  # a type code the statistics catalogue does not name
        return code


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _branch_teams(bid: str, area: str) -> tuple[str, ...] | None:
    """Team ids a branch id is built on; None for comprehensive/single or foreign ids."""
    body = bid[len(area) + 1 :].partition("#")[0] if bid.startswith(area + "/") else ""
    kind, _, rest = body.partition(":")
    return tuple(rest.split("+")) if kind in ("team", "joint") and rest else None


def _render(row: pd.Series, names: _Names, settings: Settings) -> tuple[str, tuple[str, ...]]:
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
    fixes: list[str] = []

    def fix(key: str, **extra: Any) -> None:
        fixes.append(t(key, lang, **{**p, **extra}))

    area_members = names.area_size.get(area, 0)
    key = f"violation.{rule}.{detail}" if detail else f"violation.{rule}"

    if rule == "secretary_candidate" and detail == "area":
        p.update(members=area_members, cap=rules.max_branch_size)
        key_fix = "fix.designate_secretaries_one" if limit - value == 1 else "fix.designate_secretaries"
        fix(key_fix, count=_num(limit - value), examples=names.examples(area))
        if value >= 1:
            fix("fix.raise_cap", cap=math.ceil(area_members / value))
    elif rule == "secretary_candidate":
        teams = _branch_teams(bid, area)
        fix("fix.designate_secretary_branch", examples=names.examples(area, teams, no_team=teams is None))
        fix("fix.merge_branch")
    elif rule == "committee_candidates":
        p.update(members=area_members, threshold=rules.committee_threshold)
        where = area if detail == "area" else p["branch"]
        teams = None if detail == "area" else _branch_teams(bid, area)
        fix(
            "fix.designate_committee_one" if limit - value == 1 else "fix.designate_committee",
            where=where,
            count=_num(limit - value),
            examples=names.examples(area, teams, no_team=detail != "area" and teams is None),
        )
        if detail != "area":
            fix("fix.smaller_committee")
    elif rule == "min_full_members" and detail == "area":
        p.update(members=area_members, branches=branches_needed(area_members, rules.max_branch_size))
        fix("fix.add_full_members")
        supported = int(value) // max(1, rules.min_full_members)  # branches its full members can staff
        if supported >= 1:
            fix("fix.raise_cap", cap=math.ceil(area_members / supported))
    elif rule == "min_full_members":
        fix("fix.merge_branch")
        fix("fix.move_full", count=_num(limit - value))
    elif rule == "size_cap":
        if bid.partition("#")[0].startswith(f"{area}/team:") and not rules.allow_team_split:
            fix("fix.allow_split")
        fix("fix.split_branch")
        fix("fix.raise_cap", cap=_num(value))
    elif rule == "joint_teams" and detail == "too_many":
        fix("fix.split_joint")
        fix("fix.raise_joint_max", count=_num(value))
    elif rule == "joint_teams":
        fix("fix.grow_joint")
    elif rule == "joint_types":
        p["types"] = t("branch.name.sep", lang).join(_type_label(x, lang) for x in subject.split("+"))
        fix("fix.regroup_types")
        fix("fix.joint_any_type")
    elif rule == "member_placed":
        if detail == "unknown_member":
            fix("fix.remove_member")
        else:
            p["area"] = names.member_area.get(subject, area)
            fix("fix.place_member")
    elif rule == "through_team":
        fix("fix.move_to_team")
        if detail == "attached_not_allowed":
            fix("fix.allow_attached")
            fix("fix.move_to_comprehensive")
        else:
            fix("fix.mark_attached")
    elif rule == "party_groups":
        p.update(threshold=rules.group_threshold, group=subject.rpartition("/")[2] or subject)
        if detail == "missing":
            fix("fix.form_groups", min=rules.group_min_size, max=rules.group_max_size)
        elif detail == "ungrouped":
            fix("fix.assign_group")
        elif detail == "too_small":
            fix("fix.merge_groups")
        else:
            fix("fix.full_into_group")
    elif rule == "mobility_share":
        p.update(value=_pct(value), limit=_pct(limit))
        if detail != "area":
            fix("fix.spread_mobility")
        fix("fix.mobility_comprehensive")
        fix("fix.raise_mobility_share", share=_pct(math.ceil(value * 100) / 100))
    elif rule == "member_pin":
        pin = next((x for x in settings.constraints.member_pins if x.member_id == subject), None)
        target_team = pin.team_id if pin is not None else None
        if detail == "unknown_team":
            p["team"] = target_team or ""
            fix("fix.correct_pin")
        elif detail == "unknown_member":
            fix("fix.correct_pin")
        else:
            p["target"] = (
                t("violation.target_team", lang, team=names.team(area, target_team))
                if target_team
                else t("violation.target_comprehensive", lang)
            )
            p["where"] = p["branch"] or t("violation.where_none", lang)
            key = "violation.member_pin"
            if target_team:
                fix("fix.host_pinned_team", team=names.team(area, target_team))
            fix("fix.remove_member_pin")
    elif rule in ("members_together", "members_apart"):
        if detail == "unknown_member":
            key = "violation.member_pin.unknown_member"
            fix("fix.correct_pin")
        else:
            x, _, y = subject.partition("|")
            p.update(a=names.member(x), b=names.member(y))
            fix("fix.remove_pair")
    elif rule == "team_pin":
        p["team"] = names.team(area, subject)
        if detail == "own":
            fix("fix.team_candidates")
        if detail == "unknown_team":
            fix("fix.correct_pin")
        else:
            fix("fix.remove_team_pin")
    elif rule in ("teams_together", "teams_apart"):
        x, _, y = subject.partition("|")
        p.update(a=names.team(area, x), b=names.team(area, y))
        if detail == "unknown_team":
            key = "violation.team_pin.unknown_team"
            p["team"] = f"{x}, {y}"
            fix("fix.correct_pin")
        else:
            fix("fix.remove_pair")

    if key not in CATALOGUE:  # a rule or detail this module does not know (e.g. a future model rule)
        title = t(RULES[rule].title_key, lang) if rule in RULES else rule
        return t("violation.generic", lang, **{**p, "rule": title}), tuple(fixes)
    return t(key, lang, **p), tuple(fixes)


def explain(violations: pd.DataFrame, roster: Roster, settings: Settings, lang: str) -> pd.DataFrame:
    """``violations`` with ``message`` and ``fixes`` filled in ``lang`` (zh or en)."""
    out = violations.copy()
    for col in VIOLATION_COLUMNS:
        if col not in out.columns:
            out[col] = "" if col != "fixes" else [()] * len(out)
    if out.empty:
        return out[list(VIOLATION_COLUMNS)]
    names = _Names(roster, lang)
    rendered = [_render(row, names, settings) for _, row in out.iterrows()]
    out["message"] = pd.Series([m for m, _ in rendered], index=out.index, dtype="str")
    out["fixes"] = pd.Series([f for _, f in rendered], index=out.index, dtype=object)
    return out[list(VIOLATION_COLUMNS)]
