"""The rule checker: every rule a layout breaks, for any layout (a plan, a manual edit, an upload).

:func:`check_layout` returns one row per broken rule instance with the columns
``planner.plan.VIOLATION_COLUMNS``; ``message`` is "" and ``fixes`` is () until
:func:`planner.explain.explain` renders them. The rule names in :data:`RULES` are also the names
of the model's constraint families. What each rule checks (``value`` / ``limit`` in brackets):

* ``size_cap`` — a branch has more than ``max_branch_size`` members (size / cap).
* ``min_full_members`` — fewer than ``min_full_members`` full members (full / minimum).
* ``secretary_candidate`` — no candidate (full member with a backbone role) (0 / 1).
* ``committee_candidates`` — a branch with >= ``committee_threshold`` full members has fewer
  than ``committee_min_candidates`` candidates (candidates / minimum). A branch with no
  candidate at all and a committee to elect breaks both candidate rules.
* ``joint_teams`` — a joint branch built on fewer than ``joint_min_teams`` (detail "too_few") or
  more than ``joint_max_teams`` (detail "too_many") teams (teams / limit).
* ``joint_types`` — a joint branch mixes types ``joint_type_rule`` keeps apart (type classes / 1;
  subject: the types, "+"-joined).
* ``team_split`` — more branches are built on a team than :func:`team_branch_limit` allows (one;
  ceil(members / cap) team branches when splitting is allowed; one when it is in a joint branch)
  (branches / allowed; subject the team).
* ``member_placed`` — subject a member: detail "missing" (0 / 1), "duplicate" (placements / 1),
  "other_area" (placed in a branch of another area), "unknown_branch" (the branch id is not in
  the layout's branches), "unknown_member" (not in the roster).
* ``through_team`` — a member in a team or joint branch that is built on none of their teams,
  when attached members are not allowed (detail "attached_not_allowed") or the assignment's
  reason is not "attached" / "pinned" (detail "not_attached").
* ``party_groups`` — in a branch of >= ``group_threshold`` members: fewer than 2 full members to
  lead its groups (detail "few_full_members", full / 2; the only party-group row the model sees);
  once groups are formed (``check_groups``), fewer than 2 groups (detail
  "missing", groups / 2); a member without a group when the branch has groups ("ungrouped");
  a group under ``group_min_size`` ("too_small", size / minimum); a group with no full member
  to lead it ("no_full_member", 0 / 1).
* ``mobility_share`` — bedridden + limited members above ``max_mobility_share`` of a branch
  (share / limit); not applied to comprehensive branches, nor to a single branch, when placement
  is "comprehensive" (that is where the placement sends these members).

Every row carries the penalty units the model charges for it (:func:`penalty_units` sums them per
rule; ``planner.objective`` takes its penalties from there): members over the cap, full members
or committee candidates missing, whole members above the mobility share, teams outside a joint
branch's range, extra type classes, extra team branches, extra placements, and 1 for every other
row; rows about formed party groups carry none (the model does not form groups).
* ``member_pin`` — a pinned member is not in a branch built on the pin's team (or, for a pin to
  None, not in a comprehensive branch); a single-branch area honours every member pin; detail
  "team" or "comprehensive" (the pin's target is in settings.constraints).
* ``members_together`` / ``members_apart`` — subject "a|b".
* ``team_pin`` — detail the mode: "own" (no team branch of it), "joint" (no joint branch holds
  it), "none" (some branch is built on it); subject the team id.
* ``teams_together`` (no branch holds both) / ``teams_apart`` (a branch holds both) — "a|b".

Branches with no members are ignored (they are not opened). Only the areas in scope are checked:
the ``areas`` argument, else ``settings.areas``, else every area of the roster.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import t
from planner.plan import VIOLATION_COLUMNS, Layout
from planner.schema import Roster, is_candidate
from planner.settings import JointTypeRule, MobilityPlacement, Rules, Settings, TeamMode


@dataclass(frozen=True)
class RuleInfo:
    """A rule (or user constraint) the checker and the model share by name."""

    name: str
    kind: str  # "rule" (regulations and planning rules) or "constraint" (the user's pins)
    setting: str  # the planner.settings.Rules field that tunes it, "" if none
    title_key: str  # i18n key of its short title; "<title_key>" with ".help" swapped in explains it

    @property
    def help_key(self) -> str:
        return self.title_key.removesuffix(".title") + ".help"


def _rule(name: str, kind: str, setting: str = "") -> RuleInfo:
    return RuleInfo(name, kind, setting, f"rule.{name}.title")


RULES: dict[str, RuleInfo] = {
    info.name: info
    for info in (
        _rule("size_cap", "rule", "max_branch_size"),
        _rule("min_full_members", "rule", "min_full_members"),
        _rule("secretary_candidate", "rule"),
        _rule("committee_candidates", "rule", "committee_min_candidates"),
        _rule("joint_teams", "rule", "joint_max_teams"),
        _rule("joint_types", "rule", "joint_type_rule"),
        _rule("team_split", "rule", "allow_team_split"),
        _rule("member_placed", "rule"),
        _rule("through_team", "rule", "allow_attached"),
        _rule("party_groups", "rule", "group_threshold"),
        _rule("mobility_share", "rule", "max_mobility_share"),
        _rule("member_pin", "constraint"),
        _rule("members_together", "constraint"),
        _rule("members_apart", "constraint"),
        _rule("team_pin", "constraint"),
        _rule("teams_together", "constraint"),
        _rule("teams_apart", "constraint"),
    )
}
_RULE_ORDER = {name: i for i, name in enumerate(RULES)}

#: Backbone roles from the strongest secretary candidate to the weakest.
ROLE_RANK: dict[str, int] = {"secretary": 0, "committee": 1, "group_leader": 2, "team_leader": 3}
MOBILITY_LIMITED: tuple[str, ...] = ("limited", "bedridden")
TEAM_KINDS: tuple[str, ...] = ("team", "joint")
_EPS = 1e-9


# --- small shared helpers -----------------------------------------------------------------------


def type_class(team_type: str, rule: JointTypeRule) -> str:
    """Teams of the same class may share a joint branch under ``rule``."""
    if rule is JointTypeRule.ANY:
        return "any"
    if rule is JointTypeRule.COMPATIBLE:
        return {"culture": "culture+sports", "sports": "culture+sports", "learning": "learning+service"}.get(
            team_type, "learning+service" if team_type == "service" else team_type
        )
    return team_type


def as_teams(value: object) -> tuple[str, ...]:
    """A branch's ``teams`` cell as a tuple (a missing cell is no team)."""
    return tuple(str(x) for x in value) if isinstance(value, tuple | list) else ()


def branch_name(
    area: str, kind: str, team_names: Sequence[str] = (), index: int = 1, lang: str = "zh"
) -> str:
    """Display name, e.g. 歌咏队党支部, 舞蹈队、书画组联合党支部, 瑞丽综合党支部（2）."""
    if kind == "team":
        name = t("branch.name.team", lang, team=team_names[0] if team_names else "")
    elif kind == "joint":
        name = t("branch.name.joint", lang, teams=t("branch.name.sep", lang).join(team_names))
    elif kind == "comprehensive":
        name = t("branch.name.comprehensive", lang, area=area)
    else:
        name = t("branch.name.single", lang, area=area)
    return t("branch.name.index", lang, name=name, index=index) if index > 1 else name


def scope_areas(roster: Roster, settings: Settings, areas: Iterable[str] | None = None) -> list[str]:
    """The areas to work on: ``areas``, else settings.areas, else every area of the roster."""
    chosen = list(areas) if areas is not None else list(settings.areas)
    return sorted(set(chosen)) if chosen else roster.areas


def member_team_links(members: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """One row per (member, team of their area they list): member_id, area, team_id, position
    (0 = first choice among the teams that exist), in member order then preference order."""
    base = pd.DataFrame(
        {
            "member_id": members["member_id"].to_numpy(),
            "area": members["area"].to_numpy(),
            "team_id": members["teams"],
        }
    )
    links = base.explode("team_id")
    links = links[links["team_id"].notna()]
    keys = teams[["area", "team_id"]].drop_duplicates()
    links = links.astype({"team_id": "str"}).merge(keys, on=["area", "team_id"], how="inner", sort=False)
    links = links.drop_duplicates(["member_id", "team_id"]).reset_index(drop=True)
    links["position"] = links.groupby("member_id", sort=False).cumcount()
    return links


def _branch_team_pairs(branches: pd.DataFrame) -> pd.DataFrame:
    pairs = branches[["branch_id", "teams"]].explode("teams")
    pairs = pairs[pairs["teams"].notna()].rename(columns={"teams": "team_id"})
    return pairs.astype({"team_id": "str"}).drop_duplicates().reset_index(drop=True)


def placement_links(roster: Roster, layout: Layout) -> pd.DataFrame:
    """For each assignment row (by position ``row``): kind of its branch, ``shares`` (the branch
    is built on one of the member's teams) and ``first`` (on their first-choice team)."""
    a = layout.assignments
    b = layout.branches
    rows = pd.DataFrame(
        {
            "row": np.arange(len(a)),
            "member_id": a["member_id"].to_numpy(),
            "branch_id": a["branch_id"].to_numpy(),
        }
    )
    rows = rows.merge(b[["branch_id", "kind"]].drop_duplicates("branch_id"), on="branch_id", how="left")
    members = roster.members
    if len(a) < len(members):  # explode only the members this layout places
        members = members[members["member_id"].isin(a["member_id"])]
    links = member_team_links(members, roster.teams)
    hit = (
        rows[["row", "member_id", "branch_id"]]
        .merge(_branch_team_pairs(b), on="branch_id")
        .merge(links[["member_id", "team_id", "position"]], on=["member_id", "team_id"])
    )
    best = hit.groupby("row")["position"].min()
    rows = rows.sort_values("row").reset_index(drop=True)
    pos = rows["row"].map(best)
    rows["shares"] = pos.notna().to_numpy()
    rows["first"] = (pos == 0).fillna(False).to_numpy(dtype=bool)
    rows["kind"] = rows["kind"].fillna("")
    return rows


def _pin_honoured(kind: str, teams: tuple[str, ...], team_id: str | None) -> bool:
    if kind == "single":
        return True
    if team_id is None:
        return kind == "comprehensive"
    return kind in TEAM_KINDS and team_id in teams


def assignment_reasons(roster: Roster, layout: Layout, settings: Settings) -> pd.Series:
    """The reason of each assignment row (aligned by position, str dtype): "pinned" where a
    member pin is honoured, else "first_choice" / "other_team" (a team or joint branch built
    on their first / another team of theirs), "attached" (built on none of their teams) or
    "comprehensive" (comprehensive or single branch)."""
    rows = placement_links(roster, layout)
    reason = np.select(
        [
            rows["kind"].isin(TEAM_KINDS) & rows["first"],
            rows["kind"].isin(TEAM_KINDS) & rows["shares"],
            rows["kind"].isin(TEAM_KINDS),
        ],
        ["first_choice", "other_team", "attached"],
        default="comprehensive",
    ).astype(object)
    pins = {p.member_id: p.team_id for p in settings.constraints.member_pins}
    if pins:
        b = layout.branches
        kind: dict[str, str] = dict(zip(b["branch_id"], b["kind"], strict=True))
        teams: dict[str, tuple[str, ...]] = {
            x: as_teams(y) for x, y in zip(b["branch_id"], b["teams"], strict=True)
        }
        for i, (mid, bid) in enumerate(zip(rows["member_id"], rows["branch_id"], strict=True)):
            if mid in pins and bid in kind and _pin_honoured(kind[bid], teams[bid], pins[mid]):
                reason[i] = "pinned"
    return pd.Series(reason, dtype="str")


def violations_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A violations frame (VIOLATION_COLUMNS) from row dicts, missing fields defaulted, sorted
    by area, rule (RULES order), branch_id, subject, detail."""
    defaults: dict[str, Any] = {
        "branch_id": "",
        "subject": "",
        "value": 0.0,
        "limit": 0.0,
        "detail": "",
        "message": "",
    }
    full = [{**defaults, **row} for row in rows]
    frame = pd.DataFrame(
        {
            "area": pd.Series([r["area"] for r in full], dtype="str"),
            "rule": pd.Series([r["rule"] for r in full], dtype="str"),
            "branch_id": pd.Series([r["branch_id"] for r in full], dtype="str"),
            "subject": pd.Series([r["subject"] for r in full], dtype="str"),
            "value": pd.Series([float(r["value"]) for r in full], dtype="float64"),
            "limit": pd.Series([float(r["limit"]) for r in full], dtype="float64"),
            "detail": pd.Series([r["detail"] for r in full], dtype="str"),
            "message": pd.Series([r["message"] for r in full], dtype="str"),
            "fixes": pd.Series([tuple(r.get("fixes", ())) for r in full], dtype=object),
        }
    )[list(VIOLATION_COLUMNS)]
    order = frame["rule"].map(_RULE_ORDER).fillna(len(RULES))
    frame = frame.assign(_o=order).sort_values(
        ["area", "_o", "branch_id", "subject", "detail"], kind="stable"
    )
    return frame.drop(columns="_o").reset_index(drop=True)


# --- the checker --------------------------------------------------------------------------------


def _v(
    area: str,
    rule: str,
    branch_id: str = "",
    subject: str = "",
    detail: str = "",
    value: float = 0.0,
    limit: float = 0.0,
    units: float = 1.0,
) -> dict[str, Any]:
    """One violation row (message and fixes left for planner.explain). ``units``: the penalty
    units the model charges for it (times ``planner.encode.RULE_WEIGHTS[rule]``)."""
    return {
        "area": area,
        "rule": rule,
        "branch_id": branch_id,
        "subject": subject,
        "detail": detail,
        "value": value,
        "limit": limit,
        "units": units,
    }


def check_layout(
    roster: Roster,
    layout: Layout,
    settings: Settings,
    *,
    areas: Iterable[str] | None = None,
    check_groups: bool = True,
) -> pd.DataFrame:
    """Every rule ``layout`` breaks (see the module docstring), as a violations frame.

    ``check_groups=False`` skips the rows about formed party groups (for layouts whose groups are
    not formed yet).
    """
    return violations_frame(_violation_rows(roster, layout, settings, areas, check_groups))


def penalty_units(roster: Roster, layout: Layout, settings: Settings, area: str) -> dict[str, float]:
    """Rule -> the penalty units ``layout`` pays in ``area`` for the rules it breaks: what the
    model charges (times ``RULE_WEIGHTS[rule]`` penalty units). Formed party groups are not the
    model's business (planner.staffing forms them), so only their full members count."""
    out: dict[str, float] = {}
    for row in _violation_rows(roster, layout, settings, [area], check_groups=False):
        if row["units"] > 0 and row["area"] == area:
            out[row["rule"]] = out.get(row["rule"], 0.0) + float(row["units"])
    return out


def _violation_rows(
    roster: Roster, layout: Layout, settings: Settings, areas: Iterable[str] | None, check_groups: bool
) -> list[dict[str, Any]]:
    rules = settings.rules
    scope = set(scope_areas(roster, settings, areas))
    members = roster.members
    in_scope = members[members["area"].isin(scope)]
    rows: list[dict[str, Any]] = []

    a = layout.assignments.reset_index(drop=True)
    if "reason" not in a.columns:
        a = a.assign(reason="")
    b = layout.branches.drop_duplicates("branch_id").reset_index(drop=True)
    b_scope = b[b["area"].isin(scope)]
    known_member = a["member_id"].isin(members["member_id"])
    m_area: dict[str, str] = dict(zip(members["member_id"].tolist(), members["area"].tolist(), strict=True))
    b_area: dict[str, str] = dict(zip(b["branch_id"].tolist(), b["area"].tolist(), strict=True))

    # --- member_placed ---------------------------------------------------------------------
    strangers = a[~known_member & a["area"].isin(scope)]
    for mid, area in zip(strangers["member_id"], strangers["area"], strict=True):
        rows.append(_v(area, "member_placed", subject=mid, detail="unknown_member", value=1))
    placed = a[known_member]
    placed = placed.assign(
        m_area=[m_area[m] for m in placed["member_id"].tolist()],
        b_area=[b_area.get(x, "") for x in placed["branch_id"].tolist()],
    )
    placed = placed[placed["m_area"].isin(scope) | placed["b_area"].isin(scope)]
    for mid, area, bid, ba in zip(
        *(placed[c].tolist() for c in ("member_id", "m_area", "branch_id", "b_area")), strict=True
    ):
        if ba == "":
            rows.append(_v(area, "member_placed", bid, mid, "unknown_branch", 1))
        elif ba != area:
            rows.append(_v(area, "member_placed", bid, mid, "other_area", 1))
    valid = placed[placed["b_area"] != ""]
    counts = {str(k): int(n) for k, n in valid["member_id"].value_counts().items()}
    for mid, area in zip(in_scope["member_id"].tolist(), in_scope["area"].tolist(), strict=True):
        n = counts.get(mid, 0)
        if n == 0:
            rows.append(_v(area, "member_placed", subject=mid, detail="missing", value=0, limit=1))
        elif n > 1:
            rows.append(
                _v(area, "member_placed", subject=mid, detail="duplicate", value=n, limit=1, units=n - 1)
            )

    # --- per-branch counts (every valid placement into an in-scope branch counts) -----------
    valid = valid[valid["b_area"].isin(scope)]
    attrs = members.set_index("member_id")
    v = valid[["member_id", "branch_id", "group_id", "reason"]].copy()
    v["full"] = v["member_id"].map(attrs["status"] == "full").to_numpy(dtype=bool)
    v["cand"] = v["member_id"].map(is_candidate(attrs)).to_numpy(dtype=bool)
    v["mob"] = v["member_id"].map(attrs["mobility"].isin(MOBILITY_LIMITED)).to_numpy(dtype=bool)
    stats = v.groupby("branch_id", sort=True).agg(
        size=("member_id", "size"), full=("full", "sum"), cand=("cand", "sum"), mob=("mob", "sum")
    )
    stats = stats.join(b_scope.set_index("branch_id")[["area", "kind", "teams"]], how="inner")

    share = rules.max_mobility_share
    # placement "comprehensive" sends these members to the comprehensive branches, so the share
    # does not apply there, nor to an area's only branch (a "single" one, where all of them are)
    exempt_kinds = (
        ("comprehensive", "single") if rules.mobility_placement is MobilityPlacement.COMPREHENSIVE else ()
    )
    for bid, area, kind, size, full, cand, mob in zip(
        stats.index,
        stats["area"],
        stats["kind"],
        stats["size"],
        stats["full"],
        stats["cand"],
        stats["mob"],
        strict=True,
    ):
        if size > rules.max_branch_size:
            rows.append(
                _v(
                    area,
                    "size_cap",
                    bid,
                    value=size,
                    limit=rules.max_branch_size,
                    units=size - rules.max_branch_size,
                )
            )
        if full < rules.min_full_members:
            rows.append(
                _v(
                    area,
                    "min_full_members",
                    bid,
                    value=full,
                    limit=rules.min_full_members,
                    units=rules.min_full_members - full,
                )
            )
        if cand < 1:
            rows.append(_v(area, "secretary_candidate", bid, value=cand, limit=1))
        if full >= rules.committee_threshold and cand < rules.committee_min_candidates:
            need = rules.committee_min_candidates
            rows.append(_v(area, "committee_candidates", bid, value=cand, limit=need, units=need - cand))
        if size >= rules.group_threshold and full < 2:
            # two party groups, each led by a full member, need two full members
            rows.append(
                _v(area, "party_groups", bid, detail="few_full_members", value=full, limit=2, units=2 - full)
            )
        if kind not in exempt_kinds and mob > share * size + _EPS:
            excess = mobility_excess(int(mob), int(size), share)
            rows.append(_v(area, "mobility_share", bid, value=mob / size, limit=share, units=excess))

    rows.extend(_joint_rows(roster, stats, settings))
    rows.extend(_team_split_rows(roster, stats, settings))
    rows.extend(_through_team_rows(roster, v, stats, settings))
    if check_groups:
        rows.extend(_group_rows(v, stats, settings))
    rows.extend(_constraint_rows(roster, valid, stats, settings, scope))
    return rows


def _joint_rows(roster: Roster, stats: pd.DataFrame, settings: Settings) -> list[dict[str, Any]]:
    rules = settings.rules
    out: list[dict[str, Any]] = []
    tm = roster.teams
    types = {(a, x): y for a, x, y in zip(tm["area"], tm["team_id"], tm["type"], strict=True)}
    joint = stats[stats["kind"] == "joint"]
    for bid, area, teams in zip(joint.index, joint["area"], joint["teams"], strict=True):
        teams = as_teams(teams)
        n = len(teams)
        low, high = rules.joint_min_teams, rules.joint_max_teams
        if n < low:
            out.append(_v(area, "joint_teams", bid, detail="too_few", value=n, limit=low, units=low - n))
        if n > high:
            out.append(_v(area, "joint_teams", bid, detail="too_many", value=n, limit=high, units=n - high))
        if rules.joint_type_rule is not JointTypeRule.ANY:
            kinds = sorted({types.get((area, tid), "other") for tid in teams})
            classes = {type_class(k, rules.joint_type_rule) for k in kinds}
            if len(classes) > 1:
                out.append(
                    _v(
                        area,
                        "joint_types",
                        bid,
                        "+".join(kinds),
                        value=len(classes),
                        limit=1,
                        units=len(classes) - 1,
                    )
                )
    return out


def team_branch_limit(members: int, rules: Rules) -> int:
    """How many branches may be built on a team with ``members`` Party members: one, or
    ceil(members / cap) team branches when splitting is allowed and the team exceeds the cap."""
    if not rules.allow_team_split:
        return 1
    return max(1, math.ceil(members / max(rules.max_branch_size, 1)))


def _team_split_rows(roster: Roster, stats: pd.DataFrame, settings: Settings) -> list[dict[str, Any]]:
    """``team_split``: a team some branch is built on has more branches than team_branch_limit
    allows, or is split and also in a joint branch (subject the team; value its branches)."""
    hosts: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for bid, area, kind, teams in zip(stats.index, stats["area"], stats["kind"], stats["teams"], strict=True):
        if kind in TEAM_KINDS:
            for tid in as_teams(teams):
                hosts.setdefault((area, tid), []).append((bid, kind))
    if all(len(where) == 1 for where in hosts.values()):
        return []  # no team has two branches
    areas = {area for area, _ in hosts}
    links = member_team_links(roster.members[roster.members["area"].isin(areas)], roster.teams)
    team_size: dict[tuple[str, str], int] = {}
    for key in zip(links["area"].astype(str), links["team_id"].astype(str), strict=True):
        team_size[key] = team_size.get(key, 0) + 1
    out: list[dict[str, Any]] = []
    for (area, tid), where in sorted(hosts.items()):
        allowed = team_branch_limit(team_size.get((area, tid), 0), settings.rules)
        if any(kind == "joint" for _, kind in where):
            allowed = 1
        if len(where) > allowed:
            out.append(
                _v(
                    area,
                    "team_split",
                    sorted(where)[0][0],
                    tid,
                    value=len(where),
                    limit=allowed,
                    units=len(where) - allowed,
                )
            )
    return out


def _through_team_rows(
    roster: Roster, v: pd.DataFrame, stats: pd.DataFrame, settings: Settings
) -> list[dict[str, Any]]:
    in_team = v[v["branch_id"].isin(stats.index[stats["kind"].isin(TEAM_KINDS)])]
    if in_team.empty:
        return []
    # a member shares a branch's team when it is one of the teams of their own area they list
    # (as planner.rules.member_team_links counts them); plain Python: a few hundred rows at most
    members = roster.members
    placed = members[members["member_id"].isin(in_team["member_id"])]
    known = set(zip(roster.teams["area"].astype(str), roster.teams["team_id"].astype(str), strict=True))
    mine = {
        mid: {str(t) for t in ts if (area_, str(t)) in known} if isinstance(ts, tuple | list) else set()
        for mid, area_, ts in zip(
            placed["member_id"], placed["area"].astype(str), placed["teams"], strict=True
        )
    }
    built_on = {bid: set(as_teams(ts)) for bid, ts in zip(stats.index, stats["teams"], strict=True)}
    allow = settings.rules.allow_attached
    area = stats["area"].to_dict()
    out: list[dict[str, Any]] = []
    for mid, bid, reason in zip(in_team["member_id"], in_team["branch_id"], in_team["reason"], strict=True):
        if mine.get(mid, set()) & built_on[bid]:
            continue
        if not allow:
            out.append(_v(area[bid], "through_team", bid, mid, "attached_not_allowed", 1))
        elif reason not in ("attached", "pinned"):
            out.append(_v(area[bid], "through_team", bid, mid, "not_attached", 1))
    return out


def _group_rows(v: pd.DataFrame, stats: pd.DataFrame, settings: Settings) -> list[dict[str, Any]]:
    rules = settings.rules
    big = stats[stats["size"] >= rules.group_threshold]
    if big.empty:
        return []
    area = big["area"].to_dict()
    g = v[v["branch_id"].isin(big.index)]
    grouped = g[g["group_id"] != ""]
    n_groups = grouped.groupby("branch_id")["group_id"].nunique().reindex(big.index, fill_value=0)
    out: list[dict[str, Any]] = []
    for bid, n in zip(n_groups.index, n_groups, strict=True):
        if n < 2:
            out.append(_v(area[bid], "party_groups", bid, detail="missing", value=n, limit=2, units=0))
    with_groups = set(n_groups.index[n_groups >= 2])
    loose = g[(g["group_id"] == "") & g["branch_id"].isin(with_groups)]
    for mid, bid in zip(loose["member_id"], loose["branch_id"], strict=True):
        out.append(_v(area[bid], "party_groups", bid, mid, "ungrouped", 0, 1, units=0))
    per = (
        grouped[grouped["branch_id"].isin(with_groups)]
        .groupby(["branch_id", "group_id"], sort=True)
        .agg(size=("member_id", "size"), full=("full", "sum"))
        .reset_index()
    )
    for bid, gid, size, full in zip(per["branch_id"], per["group_id"], per["size"], per["full"], strict=True):
        if size < rules.group_min_size:
            out.append(
                _v(area[bid], "party_groups", bid, gid, "too_small", size, rules.group_min_size, units=0)
            )
        if full < 1:
            out.append(_v(area[bid], "party_groups", bid, gid, "no_full_member", 0, 1, units=0))
    return out


def _constraint_rows(
    roster: Roster, valid: pd.DataFrame, stats: pd.DataFrame, settings: Settings, scope: set[str]
) -> list[dict[str, Any]]:
    cons = settings.constraints
    out: list[dict[str, Any]] = []
    m_area: dict[str, str] = dict(
        zip(roster.members["member_id"].tolist(), roster.members["area"].tolist(), strict=True)
    )
    where: dict[str, str] = {}
    for mid, bid in zip(valid["member_id"].tolist(), valid["branch_id"].tolist(), strict=True):
        where.setdefault(mid, bid)
    kind: dict[str, str] = dict(zip(stats.index, stats["kind"], strict=True))
    teams_of: dict[str, tuple[str, ...]] = {
        bid: as_teams(x) for bid, x in zip(stats.index, stats["teams"], strict=True)
    }
    b_area: dict[str, str] = dict(zip(stats.index, stats["area"], strict=True))

    for pin in cons.member_pins:
        area = m_area.get(pin.member_id, "")
        if area not in scope:
            continue
        bid = where.get(pin.member_id, "")
        if bid in kind and _pin_honoured(kind[bid], teams_of[bid], pin.team_id):
            continue
        target = "comprehensive" if pin.team_id is None else "team"
        out.append(_v(area, "member_pin", bid, pin.member_id, target, 0, 1))
    for x, y in cons.members_together:
        area = m_area.get(x, "")
        if area in scope and y in m_area and (where.get(x, "") != where.get(y, "") or x not in where):
            out.append(_v(area, "members_together", subject=f"{x}|{y}", value=0, limit=1))
    for x, y in cons.members_apart:
        area = m_area.get(x, "")
        if area in scope and x in where and where.get(x) == where.get(y):
            out.append(_v(area, "members_apart", where[x], f"{x}|{y}", value=0, limit=1))

    hosts: dict[tuple[str, str], list[str]] = {}
    for bid, k in kind.items():
        if k in TEAM_KINDS:
            for tid in teams_of[bid]:
                hosts.setdefault((b_area[bid], tid), []).append(bid)
    for tp in cons.team_pins:
        if tp.area not in scope:
            continue
        where_t = hosts.get((tp.area, tp.team_id), [])
        first = where_t[0] if where_t else ""
        if tp.mode is TeamMode.OWN:
            broken = not any(kind[h] == "team" for h in where_t)
        elif tp.mode is TeamMode.JOINT:
            broken = not any(kind[h] == "joint" for h in where_t)
        else:
            broken = bool(where_t)
        if broken:
            out.append(_v(tp.area, "team_pin", first, tp.team_id, tp.mode.value, 0, 1))
    for triples, rule in ((cons.teams_together, "teams_together"), (cons.teams_apart, "teams_apart")):
        for area, x, y in triples:
            if area not in scope:
                continue
            shared = sorted(set(hosts.get((area, x), [])) & set(hosts.get((area, y), [])))
            if (rule == "teams_together") != bool(shared):
                out.append(_v(area, rule, shared[0] if shared else "", f"{x}|{y}", value=0, limit=1))
    return out


def mobility_excess(limited: int, size: int, share: float) -> int:
    """Bedridden/limited members above ``share`` of a branch of ``size``, in whole members."""
    return max(0, math.ceil(limited - share * size - 1e-9))


def branches_needed(members: int, cap: int) -> int:
    """ceil(members / cap), at least 1 when there is anyone."""
    return max(1, math.ceil(members / cap)) if members > 0 else 0
