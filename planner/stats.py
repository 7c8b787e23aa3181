"""Statistics of a roster: everything the story counts, for the community and per area.

:func:`compute_statistics` is pure and vectorised: the members' team lists are exploded
once into member-team links and every team and area figure is a group-by over them.
:func:`statistics_to_dict` gives a JSON-ready value with stable keys (documented in the
README) and :func:`format_statistics` the readable text the command line prints.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import t
from planner.schema import TEAM_TYPES, Roster, is_candidate

#: Roles of today's leaders: the story's "committee members and group leaders" (Kunyang: 5 + 6).
LEADER_ROLES: frozenset[str] = frozenset({"secretary", "committee", "group_leader"})
#: Team types counted, in display order; a type outside the four counts as ``other``.
TYPE_KEYS: tuple[str, ...] = (*TEAM_TYPES, "other")
EMPLOYMENT_KEYS: tuple[str, ...] = ("retired", "employed", "unemployed", "other")
MOBILITY_KEYS: tuple[str, ...] = ("normal", "limited", "bedridden")
STATUS_KEYS: tuple[str, ...] = ("full", "probationary")
#: Age bands (age = as_of_year - birth_year): <60, 60-69, 70-79, 80+, birth year unknown.
AGE_BAND_KEYS: tuple[str, ...] = ("under_60", "60_69", "70_79", "80_plus", "unknown")
#: The story's "1**" and "2**" branches: three-digit sizes, i.e. 100 or more, 200 or more.
BIG_BRANCH = 100
HUGE_BRANCH = 200
#: Candidates a branch needs: one secretary, or a committee of at least three.
SECRETARY_CANDIDATES = 1
COMMITTEE_CANDIDATES = 3

PER_AREA_COLUMNS: tuple[str, ...] = (
    "area",
    "members",
    "full",
    "probationary",
    "current_branches",
    "largest_current_branch",
    "teams",
    "members_in_teams",
    "candidates",
    "current_leaders",
    "members_per_leader",
    "min_branches",
    "candidates_needed",
    "candidate_shortfall",
    "retired",
    "limited",
    "bedridden",
    "hardship",
)
BRANCH_COLUMNS: tuple[str, ...] = ("area", "branch", "members", "full")
TEAM_STAT_COLUMNS: tuple[str, ...] = (
    "area",
    "team_id",
    "name",
    "type",
    "participants",
    "party_members",
    "full_members",
    "candidates",
    "first_choice",
)
AREA_TYPE_COLUMNS: tuple[str, ...] = ("area", "type", "teams", "party_members")


@dataclass(frozen=True, eq=False)
class Statistics:
    """Figures of a roster (or of the areas chosen), as :func:`compute_statistics` returns them.

    Scalars (community level, over the areas chosen):

    - ``members``, ``full``, ``probationary``: member counts by status;
    - ``areas``: number of areas; ``area_names``: their names, sorted;
    - ``current_branch_count``: branches today (distinct ``(area, current_branch)``);
      ``branches_over_100`` / ``branches_over_200``: those with 100+ / 200+ members (the
      story's "1**" and "2**"); ``largest_branch``, ``largest_branch_area`` and
      ``largest_branch_size``: the biggest one ("" and 0 for an empty roster);
    - ``team_count``: teams; ``teams_by_type``: ``{learning, culture, sports, service, other}``
      -> count (every key present);
    - ``teams_with_party_member`` and ``teams_with_party_member_share`` (of all teams),
      ``teams_with_3plus`` and ``teams_with_3plus_share``: teams with at least 1 / 3 Party
      members; shares are fractions in [0, 1], 0.0 when there are no teams;
    - ``members_in_teams`` and ``members_in_teams_share`` (of members): members listing at
      least one existing team; ``teams_per_member``: mean teams per such member (0.0 if none);
    - ``current_leaders``: members whose role is secretary, committee or group_leader;
      ``members_per_leader``: members / current_leaders, ``None`` when there is no leader;
    - ``candidates``: secretary/committee candidates (``schema.is_candidate``);
    - ``employment``: ``{retired, employed, unemployed, other}`` -> count;
      ``mobility``: ``{normal, limited, bedridden}`` -> count; ``hardship``: count;
      ``age_bands``: ``{under_60, 60_69, 70_79, 80_plus, unknown}`` -> count, ages as of
      ``as_of_year``;
    - ``max_branch_size``, ``committee_threshold``: the settings used;
      ``min_branches``, ``candidates_needed``, ``candidate_shortfall``: sums of the per-area
      columns; ``areas_short_of_candidates``: areas whose shortfall is above 0.

    ``per_area`` (one row per area with members or teams, sorted by area):

    ====================== ======= ===========================================================
    area                   str     area name
    members                int     members
    full / probationary    int     members by status
    current_branches       int     branches today in the area
    largest_current_branch int     members of its biggest branch today (0 if none)
    teams                  int     teams of the area
    members_in_teams       int     members listing at least one team of the area
    candidates             int     full members with a backbone role
    current_leaders        int     secretaries, committee members and group leaders
    members_per_leader     Float64 members / current_leaders, <NA> when there is none
    min_branches           int     ceil(members / max_branch_size), at least 1; 0 if no members
    candidates_needed      int     with min_branches branches of equal size (full members
                                   spread as evenly as possible): 3 for each branch with at
                                   least committee_threshold full members (its committee,
                                   secretary included), 1 (a secretary) for each other branch
    candidate_shortfall    int     max(candidates_needed - candidates, 0)
    retired                int     members with employment ``retired``
    limited / bedridden    int     members by mobility
    hardship               int     members in hardship
    ====================== ======= ===========================================================

    ``current_branches``: area (str), branch (str), members (int), full (int); one row per
    branch today, biggest first (ties by area, branch). A blank current branch counts as the
    area's own branch.

    ``teams``: one row per team, in the roster's order: area, team_id, name, type (str; a type
    outside the four shown as ``other``), participants (Int64, everyone in the team, <NA> if
    unknown), party_members (members listing the team), full_members, candidates (of those),
    first_choice (members listing it first among their existing teams) — all int.

    ``area_type``: one row per (area, type) for every area of ``per_area`` and every type in
    ``teams_by_type`` that has a team (the four always): area, type (str), teams (int),
    party_members (int: distinct members of the area in at least one team of that type).
    """

    members: int
    full: int
    probationary: int
    areas: int
    area_names: tuple[str, ...]
    current_branch_count: int
    branches_over_100: int
    branches_over_200: int
    largest_branch: str
    largest_branch_area: str
    largest_branch_size: int
    team_count: int
    teams_by_type: dict[str, int]
    teams_with_party_member: int
    teams_with_party_member_share: float
    teams_with_3plus: int
    teams_with_3plus_share: float
    members_in_teams: int
    members_in_teams_share: float
    teams_per_member: float
    current_leaders: int
    members_per_leader: float | None
    candidates: int
    employment: dict[str, int]
    mobility: dict[str, int]
    hardship: int
    age_bands: dict[str, int]
    as_of_year: int
    max_branch_size: int
    committee_threshold: int
    min_branches: int
    candidates_needed: int
    candidate_shortfall: int
    areas_short_of_candidates: int
    per_area: pd.DataFrame
    current_branches: pd.DataFrame
    teams: pd.DataFrame
    area_type: pd.DataFrame

    # Convenience names for the single counts the brief lists.
    @property
    def retired(self) -> int:
        return self.employment["retired"]

    @property
    def employed(self) -> int:
        return self.employment["employed"]

    @property
    def unemployed(self) -> int:
        return self.employment["unemployed"]

    @property
    def limited(self) -> int:
        return self.mobility["limited"]

    @property
    def bedridden(self) -> int:
        return self.mobility["bedridden"]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _counts(values: pd.Series, keys: Sequence[str]) -> dict[str, int]:
    counted = values.value_counts()
    return {key: int(counted.get(key, 0)) for key in keys}


def _age_band(birth_year: pd.Series, year: int) -> np.ndarray:
    """Band code per member; a missing or unreadable year is ``unknown``."""
    years = pd.to_numeric(birth_year, errors="coerce").astype(float).to_numpy()
    age = year - years
    return np.select(
        [np.isnan(age), age < 60, age < 70, age < 80],
        ["unknown", "under_60", "60_69", "70_79"],
        default="80_plus",
    )


def _team_links(members: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """One row per (member, existing team) the member lists: row (member position), area,
    team_id, position (in the member's list), full, candidate, first (0/1 ints)."""
    frame = pd.DataFrame(
        {
            "row": np.arange(len(members)),
            "area": members["area"].to_numpy(),
            "team_id": members["teams"].to_numpy(),
            "full": (members["status"] == "full").to_numpy(dtype=int),
            "candidate": is_candidate(members).to_numpy(dtype=int),
        }
    )
    links = frame.explode("team_id")
    links["position"] = links.groupby(level=0).cumcount()
    links = links[links["team_id"].notna()].astype({"team_id": str})
    keys = teams[["area", "team_id"]].astype(str).drop_duplicates()
    # Inner join: a listed id that names no team of the member's area is not a membership.
    links = links.merge(keys, on=["area", "team_id"], how="inner")
    links = links.sort_values(["row", "position"], kind="stable")
    links = links.drop_duplicates(["row", "team_id"]).reset_index(drop=True)
    # First choice: the first team the member lists that exists in their area.
    links["first"] = (~links["row"].duplicated()).astype(int)
    return links


def _branches_needed(members: np.ndarray, cap: int) -> np.ndarray:
    """ceil(members / cap), at least 1 where there is anyone, 0 where there is no one."""
    return np.where(members > 0, np.maximum(1, -(-members // cap)), 0)


def _candidates_needed(branches: np.ndarray, full: np.ndarray, threshold: int) -> np.ndarray:
    """Candidates ``branches`` branches of equal size need: full members spread as evenly as
    possible (``r`` branches get ``q + 1``, the rest ``q``); 3 per committee branch, else 1."""
    safe = np.maximum(branches, 1)
    q, r = full // safe, full % safe
    committee = np.where(q >= threshold, branches, np.where(q + 1 >= threshold, r, 0))
    committee = np.where(branches > 0, committee, 0)
    return SECRETARY_CANDIDATES * (branches - committee) + COMMITTEE_CANDIDATES * committee


def compute_statistics(
    roster: Roster,
    areas: Sequence[str] | None = None,
    max_branch_size: int = 50,
    committee_threshold: int = 7,
    *,
    as_of_year: int | None = None,
) -> Statistics:
    """Everything the story counts, for the areas chosen (``None``: all).

    ``max_branch_size`` sets ``min_branches``; ``committee_threshold`` (full members from
    which a branch elects a committee) sets ``candidates_needed``. Ages are as of
    ``as_of_year`` (default: this year). Raises ``ValueError`` for a size cap or threshold
    below 1.
    """
    if max_branch_size < 1 or committee_threshold < 1:
        raise ValueError("max_branch_size and committee_threshold must be at least 1")
    year = as_of_year if as_of_year is not None else _dt.date.today().year
    members, teams = roster.members, roster.teams
    if areas is not None:
        wanted = list(areas)
        members = members[members["area"].isin(wanted)]
        teams = teams[teams["area"].isin(wanted)]
    members = members.reset_index(drop=True)
    teams = teams.reset_index(drop=True)

    team_type = teams["type"].astype(str).where(teams["type"].isin(TEAM_TYPES), "other")
    links = _team_links(members, teams)

    # Per team.
    per_team = links.groupby(["area", "team_id"]).agg(
        party_members=("row", "size"),
        full_members=("full", "sum"),
        candidates=("candidate", "sum"),
        first_choice=("first", "sum"),
    )
    team_table = pd.DataFrame(
        {
            "area": teams["area"].astype(str),
            "team_id": teams["team_id"].astype(str),
            "name": teams["name"].astype(str),
            "type": team_type,
            "participants": teams["participants"].astype("Int64"),
        }
    )
    team_table = team_table.join(per_team, on=["area", "team_id"])
    count_cols = ["party_members", "full_members", "candidates", "first_choice"]
    team_table[count_cols] = team_table[count_cols].fillna(0).astype(int)
    team_table = team_table[list(TEAM_STAT_COLUMNS)]

    # Per member indicators, summed per area in one group-by.
    branch = members["current_branch"].astype(str)
    blank = members["current_branch"].isna() | (branch.str.strip() == "")
    branch = branch.where(~blank, members["area"].astype(str))
    in_team = np.zeros(len(members), dtype=int)
    in_team[links["row"].unique()] = 1
    indicators = pd.DataFrame(
        {
            "area": members["area"].astype(str),
            "members": 1,
            "full": (members["status"] == "full").astype(int),
            "probationary": (members["status"] == "probationary").astype(int),
            "members_in_teams": in_team,
            "candidates": is_candidate(members).astype(int),
            "current_leaders": members["role"].isin(LEADER_ROLES).astype(int),
            "retired": (members["employment"] == "retired").astype(int),
            "limited": (members["mobility"] == "limited").astype(int),
            "bedridden": (members["mobility"] == "bedridden").astype(int),
            "hardship": members["hardship"].eq(True).astype(int),
        }
    )

    # Branches today.
    branches = (
        pd.DataFrame({"area": indicators["area"], "branch": branch, "full": indicators["full"]})
        .groupby(["area", "branch"])
        .agg(members=("full", "size"), full=("full", "sum"))
        .reset_index()
        .sort_values(["members", "area", "branch"], ascending=[False, True, True], kind="stable")
        .reset_index(drop=True)
    )[list(BRANCH_COLUMNS)]

    # Per area.
    area_names = sorted(set(indicators["area"]) | set(team_table["area"]))
    per_area = indicators.groupby("area").sum().reindex(area_names, fill_value=0)
    per_area["current_branches"] = branches.groupby("area").size().reindex(area_names, fill_value=0)
    per_area["largest_current_branch"] = (
        branches.groupby("area")["members"].max().reindex(area_names, fill_value=0)
    )
    per_area["teams"] = team_table.groupby("area").size().reindex(area_names, fill_value=0)
    leaders = per_area["current_leaders"].to_numpy()
    ratio = per_area["members"].to_numpy() / np.where(leaders > 0, leaders, 1)
    per_area["members_per_leader"] = pd.array(np.where(leaders > 0, ratio, np.nan), dtype="Float64")
    need_branches = _branches_needed(per_area["members"].to_numpy(), max_branch_size)
    per_area["min_branches"] = need_branches
    per_area["candidates_needed"] = _candidates_needed(
        need_branches, per_area["full"].to_numpy(), committee_threshold
    )
    per_area["candidate_shortfall"] = np.maximum(per_area["candidates_needed"] - per_area["candidates"], 0)
    per_area = per_area.rename_axis("area").reset_index()[list(PER_AREA_COLUMNS)]
    int_cols = [c for c in PER_AREA_COLUMNS if c not in ("area", "members_per_leader")]
    per_area[int_cols] = per_area[int_cols].astype("int64")
    per_area["area"] = per_area["area"].astype(str)

    # Area x type grid for the heat map.
    present_types = [k for k in TYPE_KEYS if k in TEAM_TYPES or (team_type == k).any()]
    grid = pd.MultiIndex.from_product([area_names, present_types], names=["area", "type"])
    typed = links.merge(
        team_table[["area", "team_id", "type"]], on=["area", "team_id"], how="left"
    ).drop_duplicates(["row", "type"])
    area_type = pd.DataFrame(
        {
            "teams": team_table.groupby(["area", "type"]).size(),
            "party_members": typed.groupby(["area", "type"]).size(),
        }
    )
    area_type = area_type.reindex(grid).fillna(0).astype("int64").reset_index()[list(AREA_TYPE_COLUMNS)]

    n_members = len(members)
    n_teams = len(team_table)
    with_member = int((team_table["party_members"] >= 1).sum())
    with_three = int((team_table["party_members"] >= 3).sum())
    in_teams = int(in_team.sum())
    n_leaders = int(indicators["current_leaders"].sum())
    largest = branches.iloc[0] if len(branches) else None
    return Statistics(
        members=n_members,
        full=int(indicators["full"].sum()),
        probationary=int(indicators["probationary"].sum()),
        areas=len(area_names),
        area_names=tuple(area_names),
        current_branch_count=len(branches),
        branches_over_100=int((branches["members"] >= BIG_BRANCH).sum()),
        branches_over_200=int((branches["members"] >= HUGE_BRANCH).sum()),
        largest_branch=str(largest["branch"]) if largest is not None else "",
        largest_branch_area=str(largest["area"]) if largest is not None else "",
        largest_branch_size=int(largest["members"]) if largest is not None else 0,
        team_count=n_teams,
        teams_by_type=_counts(team_type, TYPE_KEYS),
        teams_with_party_member=with_member,
        teams_with_party_member_share=_share(with_member, n_teams),
        teams_with_3plus=with_three,
        teams_with_3plus_share=_share(with_three, n_teams),
        members_in_teams=in_teams,
        members_in_teams_share=_share(in_teams, n_members),
        teams_per_member=_share(len(links), in_teams),
        current_leaders=n_leaders,
        members_per_leader=n_members / n_leaders if n_leaders else None,
        candidates=int(indicators["candidates"].sum()),
        employment=_counts(members["employment"], EMPLOYMENT_KEYS),
        mobility=_counts(members["mobility"], MOBILITY_KEYS),
        hardship=int(indicators["hardship"].sum()),
        age_bands=_counts(pd.Series(_age_band(members["birth_year"], year)), AGE_BAND_KEYS),
        as_of_year=year,
        max_branch_size=max_branch_size,
        committee_threshold=committee_threshold,
        min_branches=int(per_area["min_branches"].sum()),
        candidates_needed=int(per_area["candidates_needed"].sum()),
        candidate_shortfall=int(per_area["candidate_shortfall"].sum()),
        areas_short_of_candidates=int((per_area["candidate_shortfall"] > 0).sum()),
        per_area=per_area,
        current_branches=branches,
        teams=team_table,
        area_type=area_type,
    )


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: numpy numbers to Python, NA/NaN to None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = list(frame.columns)
    return [
        {col: _plain(val) for col, val in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def statistics_to_dict(stats: Statistics) -> dict[str, Any]:
    """A JSON-ready dict: every field of :class:`Statistics` under its own name, scalars as
    int/float/str/None, dicts as they are, ``area_names`` as a list, the four DataFrames as
    lists of records (one dict per row, keys = columns, <NA> -> None)."""
    out: dict[str, Any] = {}
    for f in fields(stats):
        value = getattr(stats, f.name)
        if isinstance(value, pd.DataFrame):
            out[f.name] = _records(value)
        elif isinstance(value, dict):
            out[f.name] = {str(k): _plain(v) for k, v in value.items()}
        elif isinstance(value, tuple):
            out[f.name] = [_plain(v) for v in value]
        else:
            out[f.name] = _plain(value)
    return out


def value_label(code: str, lang: str) -> str:
    """Translated label of a category code (team type, status, employment, mobility, age band)."""
    return t(f"stats.value.{code}", lang)


def _pct(share: float) -> str:
    return f"{share:.1%}"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _listing(counts: dict[str, int], lang: str) -> str:
    sep = t("stats.list_sep", lang)
    return sep.join(
        t("stats.item", lang, label=value_label(k, lang), count=f"{v:,}") for k, v in counts.items()
    )


def per_area_display(stats: Statistics, lang: str) -> pd.DataFrame:
    """``per_area`` with translated column headers and members_per_leader as text, for tables."""
    frame = stats.per_area.copy()
    frame["members_per_leader"] = [
        _num(None if pd.isna(v) else float(v)) for v in frame["members_per_leader"]
    ]
    return frame.rename(columns={c: t(f"stats.col.{c}", lang) for c in PER_AREA_COLUMNS})


def format_statistics(stats: Statistics, lang: str) -> str:
    """Readable text for the command line: headline figures, then one table row per area."""
    types = {k: v for k, v in stats.teams_by_type.items() if k in TEAM_TYPES or v}
    lines = [
        t("stats.title", lang, year=stats.as_of_year),
        t(
            "stats.line.members",
            lang,
            members=f"{stats.members:,}",
            full=f"{stats.full:,}",
            probationary=f"{stats.probationary:,}",
        ),
        t(
            "stats.line.branches",
            lang,
            areas=stats.areas,
            branches=stats.current_branch_count,
            over_100=stats.branches_over_100,
            over_200=stats.branches_over_200,
        ),
    ]
    if stats.largest_branch_size:
        lines.append(
            t(
                "stats.line.largest",
                lang,
                branch=stats.largest_branch,
                area=stats.largest_branch_area,
                size=f"{stats.largest_branch_size:,}",
            )
        )
    lines += [
        t("stats.line.teams", lang, teams=stats.team_count, by_type=_listing(types, lang)),
        t(
            "stats.line.teams_with_members",
            lang,
            one=stats.teams_with_party_member,
            one_share=_pct(stats.teams_with_party_member_share),
            three=stats.teams_with_3plus,
            three_share=_pct(stats.teams_with_3plus_share),
        ),
        t(
            "stats.line.members_in_teams",
            lang,
            count=f"{stats.members_in_teams:,}",
            share=_pct(stats.members_in_teams_share),
            per_member=_num(stats.teams_per_member, 2),
        ),
        t(
            "stats.line.leaders",
            lang,
            leaders=f"{stats.current_leaders:,}",
            per_leader=_num(stats.members_per_leader),
        ),
        t(
            "stats.line.candidates",
            lang,
            candidates=f"{stats.candidates:,}",
            cap=stats.max_branch_size,
            branches=f"{stats.min_branches:,}",
            needed=f"{stats.candidates_needed:,}",
            shortfall=f"{stats.candidate_shortfall:,}",
            short_areas=stats.areas_short_of_candidates,
        ),
        t("stats.line.employment", lang, items=_listing(stats.employment, lang)),
        t("stats.line.mobility", lang, items=_listing(stats.mobility, lang), hardship=f"{stats.hardship:,}"),
        t("stats.line.age", lang, items=_listing(stats.age_bands, lang), year=stats.as_of_year),
        "",
        t("stats.per_area", lang),
    ]
    if stats.per_area.empty:
        lines.append(t("stats.no_areas", lang))
    else:
        with pd.option_context(
            "display.unicode.east_asian_width", True, "display.width", 1000, "display.max_rows", None
        ):
            lines.append(per_area_display(stats, lang).to_string(index=False))
    return "\n".join(lines)
