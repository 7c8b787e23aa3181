"""Small rosters for planner tests, built from inline CSV text without planner.reader.

Rosters shaped like the story's areas:

* :func:`qi3_roster` — 汽三: four mature teams (议事团, 歌咏队, 戏曲队, 鼓操队), each with a team
  leader and two more backbone members, plus bedridden, hardship and non-team members who are
  not backbone (112 members).
* :func:`ruili_roster` — 瑞丽: one large patrol team (巡逻队, 38), four small culture and sports
  teams (3–6 Party members each, scattered), 32 members in no team (88 members).
* :func:`leader_short_roster` — 鹤北一: 329 members, only 4 candidates (1 secretary, 3 team leaders).
* :func:`story_roster` — the three areas together.
* :func:`synthetic_roster` — a deterministic random community (default about 6,000 members in
  39 areas) for speed tests.

:func:`make_layout` builds a Layout from a member -> branch mapping; :func:`one_move_edit` and
:func:`base_and_edit_book` the small two-scenario workshop the store and bundle tests keep.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from planner.edits import Move, new_comprehensive_id, recheck
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout, Plan
from planner.scenario import Scenario, ScenarioBook
from planner.schema import MEMBER_COLUMNS, TEAM_COLUMNS, Roster, roster_fingerprint
from planner.settings import Settings, SolverOptions

MEMBER_HEADER = "member_id,name,area,status,mobility,hardship,role,teams"
TEAM_HEADER = "team_id,name,area,type,participants,leader"

_SEPARATORS = (";", "；", "、", "/")
#: what the store and bundle tests plan with: one worker, a bounded solve
FAST_SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))


def _read(text: str) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text.strip() + "\n"), dtype=str, keep_default_na=False)
    return frame.apply(lambda col: col.str.strip())


def _split(cell: str) -> list[str]:
    for sep in _SEPARATORS[1:]:
        cell = cell.replace(sep, _SEPARATORS[0])
    return [part.strip() for part in cell.split(_SEPARATORS[0]) if part.strip()]


def roster_from_csv(members_csv: str, teams_csv: str) -> Roster:
    """A Roster with canonical frames (see planner.schema) from inline CSV text.

    Members CSV: member_id, name, area are required; status, mobility, hardship (yes/no), role,
    teams (ids or names separated by ``;``), current_branch, gender, birth_year, employment are
    optional and take the schema defaults. Teams CSV: name and area required; team_id, type,
    participants, leader (member_id or name) optional. Unknown team references raise ValueError
    (a fixture bug, not user input).
    """
    raw_m = _read(members_csv)
    raw_t = _read(teams_csv) if teams_csv.strip() else pd.DataFrame(columns=["name", "area"])

    def col(frame: pd.DataFrame, name: str, default: str) -> list[str]:
        if name not in frame.columns:
            return [default] * len(frame)
        return [value if value != "" else default for value in frame[name].tolist()]

    names = raw_t["name"].tolist()
    areas_t = raw_t["area"].tolist()
    team_ids = [tid or name for tid, name in zip(col(raw_t, "team_id", ""), names, strict=True)]
    by_key: dict[tuple[str, str], str] = {}
    for tid, name, area in zip(team_ids, names, areas_t, strict=True):
        by_key[(area, tid)] = tid
        by_key.setdefault((area, name), tid)

    member_teams: list[tuple[str, ...]] = []
    for area, cell in zip(raw_m["area"].tolist(), col(raw_m, "teams", ""), strict=True):
        resolved: list[str] = []
        for token in _split(cell):
            if (area, token) not in by_key:
                raise ValueError(f"unknown team {token!r} in area {area!r}")
            if by_key[(area, token)] not in resolved:
                resolved.append(by_key[(area, token)])
        member_teams.append(tuple(resolved))

    n = len(raw_m)
    members = pd.DataFrame(
        {
            "member_id": raw_m["member_id"].astype("str"),
            "name": raw_m["name"].astype("str"),
            "area": raw_m["area"].astype("str"),
            "current_branch": pd.Series(
                [
                    cb or area
                    for cb, area in zip(col(raw_m, "current_branch", ""), raw_m["area"], strict=True)
                ],
                dtype="str",
            ),
            "status": pd.Series(col(raw_m, "status", "full"), dtype="str"),
            "gender": pd.Series(col(raw_m, "gender", "unknown"), dtype="str"),
            "birth_year": pd.array(
                [int(v) if v else None for v in col(raw_m, "birth_year", "")], dtype="Int64"
            ),
            "employment": pd.Series(col(raw_m, "employment", "retired"), dtype="str"),
            "mobility": pd.Series(col(raw_m, "mobility", "normal"), dtype="str"),
            "hardship": pd.Series([v == "yes" for v in col(raw_m, "hardship", "no")], dtype=bool),
            "role": pd.Series(col(raw_m, "role", "none"), dtype="str"),
            "teams": pd.Series(member_teams, dtype=object),
            "source_row": pd.Series(range(2, n + 2), dtype="int64"),
        }
    )[list(MEMBER_COLUMNS)]
    if members["member_id"].duplicated().any():
        raise ValueError("duplicate member_id in fixture")

    name_to_id = {
        (a, nm): mid
        for mid, nm, a in zip(members["member_id"], members["name"], members["area"], strict=True)
    }
    ids = set(members["member_id"])
    leaders = []
    for leader, area in zip(col(raw_t, "leader", ""), areas_t, strict=True):
        leaders.append(leader if leader in ids else name_to_id.get((area, leader), ""))
    participants = [int(v) if v else None for v in col(raw_t, "participants", "")]
    teams = pd.DataFrame(
        {
            "team_id": pd.Series(team_ids, dtype="str"),
            "name": pd.Series(names, dtype="str"),
            "area": pd.Series(areas_t, dtype="str"),
            "type": pd.Series(col(raw_t, "type", "other"), dtype="str"),
            "participants": pd.array(participants, dtype="Int64"),
            "leader_id": pd.Series(leaders, dtype="str"),
            "source_row": pd.Series(range(2, len(raw_t) + 2), dtype="int64"),
        }
    )[list(TEAM_COLUMNS)]
    return Roster(members=members, teams=teams, fingerprint=roster_fingerprint(members, teams))


# --- CSV builders -------------------------------------------------------------------------------


class _Rows:
    """Accumulates member lines with sequential zero-padded ids (leading zeros matter)."""

    def __init__(self, start: int) -> None:
        self.next = start
        self.lines: list[str] = []

    def add(
        self,
        area: str,
        *,
        status: str = "full",
        mobility: str = "normal",
        hardship: str = "no",
        role: str = "none",
        teams: str = "",
    ) -> str:
        mid = f"{self.next:05d}"
        self.next += 1
        self.lines.append(f"{mid},党员{mid},{area},{status},{mobility},{hardship},{role},{teams}")
        return mid


def _team_block(
    rows: _Rows,
    area: str,
    team: str,
    size: int,
    *,
    roles: Sequence[str] = ("team_leader", "committee", "group_leader"),
    second: str = "",
    probationary_every: int = 9,
    limited_every: int = 0,
) -> str:
    """``size`` members whose first team is ``team``; the first len(roles) hold those roles
    (the first is the team's leader, returned). Every 5th also lists ``second``."""
    leader = ""
    for i in range(size):
        role = roles[i] if i < len(roles) else "none"
        status = (
            "probationary"
            if role == "none" and probationary_every and i % probationary_every == 8
            else "full"
        )
        mobility = "limited" if limited_every and i % limited_every == limited_every - 1 else "normal"
        teams = f"{team};{second}" if second and i % 5 == 4 else team
        mid = rows.add(area, status=status, mobility=mobility, role=role, teams=teams)
        if i == 0:
            leader = mid
    return leader


def qi3_csv(start: int = 1) -> tuple[str, str]:
    """(members CSV, teams CSV) of the Qi-3-like area 汽三 (112 members, ids from ``start``)."""
    area = "汽三"
    rows = _Rows(start)
    specs = [
        ("Q1", "议事团", "learning", 28, "Q2"),
        ("Q2", "歌咏队", "culture", 26, "Q3"),
        ("Q3", "戏曲队", "culture", 24, "Q2"),
        ("Q4", "鼓操队", "sports", 22, "Q1"),
    ]
    team_lines = []
    for tid, name, kind, size, second in specs:
        leader = _team_block(rows, area, tid, size, second=second, limited_every=11)
        team_lines.append(f"{tid},{name},{area},{kind},{size + 15},{leader}")
    for _ in range(4):
        rows.add(area, mobility="bedridden")
    for _ in range(3):
        rows.add(area, hardship="yes")
    for i in range(5):
        rows.add(area, status="probationary" if i == 4 else "full")
    return MEMBER_HEADER + "\n" + "\n".join(rows.lines), TEAM_HEADER + "\n" + "\n".join(team_lines)


def ruili_csv(start: int = 1001) -> tuple[str, str]:
    """(members CSV, teams CSV) of the Ruili-like area 瑞丽 (88 members, ids from ``start``)."""
    area = "瑞丽"
    rows = _Rows(start)
    team_lines = []
    patrol = _team_block(rows, area, "R1", 38, limited_every=13)
    team_lines.append(f"R1,巡逻队,{area},service,60,{patrol}")
    small = [
        ("R2", "舞蹈队", "culture", 6, ("team_leader",), "R3"),
        ("R3", "书画组", "culture", 4, ("group_leader",), "R4"),
        ("R4", "太极队", "sports", 5, ("team_leader",), "R5"),
        ("R5", "乒乓队", "sports", 3, (), "R2"),
    ]
    for tid, name, kind, size, roles, second in small:
        leader = _team_block(rows, area, tid, size, roles=roles, second=second, probationary_every=0)
        team_lines.append(f"{tid},{name},{area},{kind},{size + 12},{leader if roles else ''}")
    for i in range(32):
        role = {0: "secretary", 1: "committee", 2: "group_leader"}.get(i, "none")
        mobility = "bedridden" if i % 10 == 9 else "normal"
        status = "probationary" if i % 8 == 7 else "full"
        rows.add(area, role=role, mobility=mobility, status=status, hardship="yes" if i % 15 == 14 else "no")
    return MEMBER_HEADER + "\n" + "\n".join(rows.lines), TEAM_HEADER + "\n" + "\n".join(team_lines)


def leader_short_csv(start: int = 2001) -> tuple[str, str]:
    """(members CSV, teams CSV) of 鹤北一: 329 members, 4 candidates (ids from ``start``)."""
    area = "鹤北一"
    rows = _Rows(start)
    team_lines = []
    for tid, name, kind, size in (
        ("H1", "太极拳队", "sports", 20),
        ("H2", "合唱团", "culture", 18),
        ("H3", "志愿者服务队", "service", 15),
    ):
        leader = _team_block(rows, area, tid, size, roles=("team_leader",))
        team_lines.append(f"{tid},{name},{area},{kind},{size + 20},{leader}")
    rows.add(area, role="secretary")
    for i in range(329 - 54):
        rows.add(
            area,
            status="probationary" if i % 25 == 24 else "full",
            mobility="limited" if i % 12 == 11 else ("bedridden" if i % 40 == 39 else "normal"),
        )
    return MEMBER_HEADER + "\n" + "\n".join(rows.lines), TEAM_HEADER + "\n" + "\n".join(team_lines)


def _join(parts: Iterable[tuple[str, str]]) -> tuple[str, str]:
    members: list[str] = []
    teams: list[str] = []
    for m_csv, t_csv in parts:
        members.extend(m_csv.splitlines()[1:])
        teams.extend(t_csv.splitlines()[1:])
    return MEMBER_HEADER + "\n" + "\n".join(members), TEAM_HEADER + "\n" + "\n".join(teams)


def qi3_roster() -> Roster:
    return roster_from_csv(*qi3_csv())


def ruili_roster() -> Roster:
    return roster_from_csv(*ruili_csv())


def leader_short_roster() -> Roster:
    return roster_from_csv(*leader_short_csv())


def story_roster() -> Roster:
    """汽三, 瑞丽 and 鹤北一 in one roster (529 members)."""
    return roster_from_csv(*_join([qi3_csv(), ruili_csv(), leader_short_csv()]))


def synthetic_csv(seed: int = 7, n_areas: int = 39, mean_size: int = 182) -> tuple[str, str]:
    """A random community: areas of 40..330 members, 2..8 teams each, ~20% of members in a team
    (some in two), ~6% backbone, ~4% probationary, ~10% limited or bedridden."""
    rng = np.random.default_rng(seed)
    kinds = ("learning", "culture", "sports", "service")
    rows = _Rows(1)
    team_lines: list[str] = []
    sizes = np.clip(rng.normal(mean_size, 70, n_areas).astype(int), 40, 330)
    for a in range(n_areas):
        area = f"区{a:02d}"
        n_teams = int(rng.integers(2, 9))
        tids = [f"T{a:02d}{k}" for k in range(n_teams)]
        weights = rng.dirichlet(np.ones(n_teams) * 0.8)
        for k, tid in enumerate(tids):
            team_lines.append(f"{tid},队{a:02d}-{k},{area},{kinds[k % 4]},{int(rng.integers(10, 80))},")
        for _ in range(int(sizes[a])):
            u = rng.random()
            teams = ""
            if u < 0.2:
                first = int(rng.choice(n_teams, p=weights))
                teams = tids[first]
                if rng.random() < 0.25 and n_teams > 1:
                    teams += ";" + tids[(first + 1 + int(rng.integers(0, n_teams - 1))) % n_teams]
            r = rng.random()
            role = "none"
            if r < 0.06:
                role = ("secretary", "committee", "group_leader", "team_leader")[int(rng.integers(0, 4))]
            status = "probationary" if rng.random() < 0.04 else "full"
            m = rng.random()
            mobility = "bedridden" if m < 0.02 else ("limited" if m < 0.10 else "normal")
            rows.add(area, status=status, mobility=mobility, role=role, teams=teams)
    return MEMBER_HEADER + "\n" + "\n".join(rows.lines), TEAM_HEADER + "\n" + "\n".join(team_lines)


def synthetic_roster(seed: int = 7, n_areas: int = 39, mean_size: int = 182) -> Roster:
    return roster_from_csv(*synthetic_csv(seed, n_areas, mean_size))


# --- layouts ------------------------------------------------------------------------------------


def make_layout(
    roster: Roster,
    placement: Mapping[str, str],
    branches: Sequence[tuple[str, str, tuple[str, ...]]],
    *,
    groups: Mapping[str, str] | None = None,
    reasons: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> Layout:
    """A Layout placing member_id -> branch_id (members left out are not placed).

    ``branches``: (branch_id, kind, team ids); the area is the part of the id before "/".
    Reasons default to those planner.rules.assignment_reasons derives.
    """
    from planner.rules import assignment_reasons, branch_name

    team_names = dict(
        zip(
            zip(roster.teams["area"], roster.teams["team_id"], strict=True), roster.teams["name"], strict=True
        )
    )
    b_rows = []
    for bid, kind, tids in branches:
        area = bid.split("/", 1)[0]
        names = [team_names.get((area, tid), tid) for tid in tids]
        b_rows.append((bid, area, kind, branch_name(area, kind, names), tuple(tids)))
    b_frame = pd.DataFrame(b_rows, columns=list(LAYOUT_BRANCH_COLUMNS)).astype(
        {"branch_id": "str", "area": "str", "kind": "str", "name": "str"}
    )
    b_frame["teams"] = pd.Series([r[4] for r in b_rows], dtype=object)
    area_of = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    ids = list(placement)
    a_frame = pd.DataFrame(
        {
            "member_id": pd.Series(ids, dtype="str"),
            "area": pd.Series([area_of.get(m, "") for m in ids], dtype="str"),
            "branch_id": pd.Series([placement[m] for m in ids], dtype="str"),
            "group_id": pd.Series([(groups or {}).get(m, "") for m in ids], dtype="str"),
            "reason": pd.Series([""] * len(ids), dtype="str"),
        }
    )[list(ASSIGNMENT_COLUMNS)]
    derived = assignment_reasons(roster, Layout(a_frame, b_frame), settings or Settings())
    if reasons:
        derived = pd.Series([reasons.get(m, r) for m, r in zip(ids, derived, strict=True)], dtype="str")
    a_frame["reason"] = derived.to_numpy()
    return Layout(a_frame, b_frame)


def one_move_edit(
    roster: Roster, plan: Plan, settings: Settings, lang: str, area: str = "汽三"
) -> tuple[tuple[Move, ...], Plan]:
    """The fourth assigned member moved into a new comprehensive branch of ``area``, and the plan
    rechecked with that move."""
    member = str(plan.assignments.iloc[3]["member_id"])
    moves = (Move(member, new_comprehensive_id(plan.layout, area)),)
    return moves, recheck(roster, plan, moves, settings, lang).plan


def base_and_edit_book(roster: Roster, plan: Plan, settings: Settings, lang: str, base: str) -> ScenarioBook:
    """A book of ``plan`` named ``base`` and its child 调整 with :func:`one_move_edit`."""
    moves, edited = one_move_edit(roster, plan, settings, lang)
    return (
        ScenarioBook()
        .add(Scenario(base, settings, plan))
        .add(Scenario("调整", settings, edited, parent=base, edits=moves))
    )
