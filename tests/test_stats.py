"""Statistics, checked by hand on a small inline roster (2 areas, 12 members, 5 teams).

Every expected figure below was counted from the CSV text by hand, not by running the code.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.schema import MEMBER_COLUMNS, TEAM_COLUMNS, Roster, roster_fingerprint
from planner.stats import (
    AGE_BAND_KEYS,
    AREA_TYPE_COLUMNS,
    BRANCH_COLUMNS,
    PER_AREA_COLUMNS,
    TEAM_STAT_COLUMNS,
    Statistics,
    compute_statistics,
    format_statistics,
    statistics_to_dict,
)

YEAR = 2024

# Member 08's blank current branch counts as area A's own branch; member 06 has no birth year.
HEADER = "member_id,name,area,current_branch,status,gender,birth_year,employment,mobility,hardship,role,teams"
MEMBERS_CSV = f"""{HEADER}
01,张一,A,A,full,male,1950,retired,normal,False,secretary,t1;t2
02,张二,A,A,full,female,1960,retired,normal,False,committee,t1
03,张三,A,A,full,female,1940,retired,limited,True,none,t2;t1
04,张四,A,A,probationary,male,1990,employed,normal,False,team_leader,t1
05,张五,A,A2,full,male,1955,retired,bedridden,True,group_leader,
06,张六,A,A2,full,female,,unemployed,normal,False,team_leader,t2
07,张七,A,A2,full,male,1944,retired,normal,False,none,t1
08,张八,A,,full,female,1964,other,normal,False,none,
09,李一,B,B,full,male,1970,employed,normal,False,secretary,t3
10,李二,B,B,full,female,1948,retired,limited,False,none,t3;t4
11,李三,B,B,probationary,female,1985,employed,normal,False,none,t4
12,李四,B,B,full,male,1938,retired,bedridden,True,team_leader,t3
"""

TEAMS_CSV = """team_id,name,area,type,participants,leader_id
t1,合唱队,A,culture,20,04
t2,巡逻队,A,service,15,06
t3,太极队,B,sports,,12
t4,舞蹈队,B,culture,9,
t5,书画班,B,learning,6,
"""


def make_roster(members_csv: str = MEMBERS_CSV, teams_csv: str = TEAMS_CSV) -> Roster:
    """A Roster with the canonical columns and dtypes, built from CSV text."""
    members = pd.read_csv(io.StringIO(members_csv), dtype=str, keep_default_na=False)
    members["birth_year"] = pd.to_numeric(members["birth_year"].replace("", None)).astype("Int64")
    members["hardship"] = members["hardship"] == "True"
    members["teams"] = [tuple(x for x in cell.split(";") if x) for cell in members["teams"]]
    members["source_row"] = np.arange(2, len(members) + 2)
    teams = pd.read_csv(io.StringIO(teams_csv), dtype=str, keep_default_na=False)
    teams["participants"] = pd.to_numeric(teams["participants"].replace("", None)).astype("Int64")
    teams["source_row"] = np.arange(2, len(teams) + 2)
    members = members[list(MEMBER_COLUMNS)]
    teams = teams[list(TEAM_COLUMNS)]
    return Roster(members=members, teams=teams, fingerprint=roster_fingerprint(members, teams))


@pytest.fixture(scope="module")
def stats() -> Statistics:
    return compute_statistics(make_roster(), as_of_year=YEAR)


def test_member_scalars(stats: Statistics) -> None:
    assert (stats.members, stats.full, stats.probationary) == (12, 10, 2)
    assert stats.areas == 2
    assert stats.area_names == ("A", "B")
    assert stats.employment == {"retired": 7, "employed": 3, "unemployed": 1, "other": 1}
    assert (stats.retired, stats.employed, stats.unemployed) == (7, 3, 1)
    assert stats.mobility == {"normal": 8, "limited": 2, "bedridden": 2}
    assert (stats.limited, stats.bedridden) == (2, 2)
    assert stats.hardship == 3
    assert stats.age_bands == {"under_60": 3, "60_69": 3, "70_79": 2, "80_plus": 3, "unknown": 1}
    assert stats.as_of_year == YEAR


def test_branch_scalars(stats: Statistics) -> None:
    assert stats.current_branch_count == 3
    assert (stats.branches_over_100, stats.branches_over_200) == (0, 0)
    assert (stats.largest_branch, stats.largest_branch_area, stats.largest_branch_size) == ("A", "A", 5)
    assert stats.current_branches.to_dict("records") == [
        {"area": "A", "branch": "A", "members": 5, "full": 4},
        {"area": "B", "branch": "B", "members": 4, "full": 3},
        {"area": "A", "branch": "A2", "members": 3, "full": 3},
    ]


def test_team_scalars(stats: Statistics) -> None:
    assert stats.team_count == 5
    assert stats.teams_by_type == {"learning": 1, "culture": 2, "sports": 1, "service": 1, "other": 0}
    assert stats.teams_with_party_member == 4
    assert stats.teams_with_party_member_share == pytest.approx(0.8)
    assert stats.teams_with_3plus == 3
    assert stats.teams_with_3plus_share == pytest.approx(0.6)
    assert stats.members_in_teams == 10
    assert stats.members_in_teams_share == pytest.approx(10 / 12)
    assert stats.teams_per_member == pytest.approx(1.3)  # 13 memberships over 10 members


def test_leaders_and_candidates(stats: Statistics) -> None:
    assert stats.current_leaders == 4  # 01 secretary, 02 committee, 05 group leader, 09 secretary
    assert stats.members_per_leader == pytest.approx(3.0)
    assert stats.candidates == 6  # 04 is a team leader but probationary
    assert (stats.min_branches, stats.candidates_needed, stats.candidate_shortfall) == (2, 4, 0)
    assert stats.areas_short_of_candidates == 0


def test_teams_table(stats: Statistics) -> None:
    assert tuple(stats.teams.columns) == TEAM_STAT_COLUMNS
    rows = stats.teams.astype(object).where(stats.teams.notna(), None).to_dict("records")
    assert rows == [
        {"area": "A", "team_id": "t1", "name": "合唱队", "type": "culture", "participants": 20,
         "party_members": 5, "full_members": 4, "candidates": 2, "first_choice": 4},
        {"area": "A", "team_id": "t2", "name": "巡逻队", "type": "service", "participants": 15,
         "party_members": 3, "full_members": 3, "candidates": 2, "first_choice": 2},
        {"area": "B", "team_id": "t3", "name": "太极队", "type": "sports", "participants": None,
         "party_members": 3, "full_members": 3, "candidates": 2, "first_choice": 3},
        {"area": "B", "team_id": "t4", "name": "舞蹈队", "type": "culture", "participants": 9,
         "party_members": 2, "full_members": 1, "candidates": 0, "first_choice": 1},
        {"area": "B", "team_id": "t5", "name": "书画班", "type": "learning", "participants": 6,
         "party_members": 0, "full_members": 0, "candidates": 0, "first_choice": 0},
    ]  # fmt: skip


def test_per_area_table(stats: Statistics) -> None:
    assert tuple(stats.per_area.columns) == PER_AREA_COLUMNS
    a, b = stats.per_area.to_dict("records")
    assert a == {
        "area": "A", "members": 8, "full": 7, "probationary": 1, "current_branches": 2,
        "largest_current_branch": 5, "teams": 2, "members_in_teams": 6, "candidates": 4,
        "current_leaders": 3, "members_per_leader": pytest.approx(8 / 3), "min_branches": 1,
        "candidates_needed": 3, "candidate_shortfall": 0, "retired": 5, "limited": 1,
        "bedridden": 1, "hardship": 2,
    }  # fmt: skip
    assert b == {
        "area": "B", "members": 4, "full": 3, "probationary": 1, "current_branches": 1,
        "largest_current_branch": 4, "teams": 3, "members_in_teams": 4, "candidates": 2,
        "current_leaders": 1, "members_per_leader": pytest.approx(4.0), "min_branches": 1,
        "candidates_needed": 1, "candidate_shortfall": 0, "retired": 2, "limited": 1,
        "bedridden": 1, "hardship": 1,
    }  # fmt: skip


def test_area_type_grid(stats: Statistics) -> None:
    assert tuple(stats.area_type.columns) == AREA_TYPE_COLUMNS
    got = {
        (r["area"], r["type"]): (r["teams"], r["party_members"]) for r in stats.area_type.to_dict("records")
    }
    assert got == {
        ("A", "learning"): (0, 0), ("A", "culture"): (1, 5), ("A", "sports"): (0, 0),
        ("A", "service"): (1, 3), ("B", "learning"): (1, 0), ("B", "culture"): (1, 2),
        ("B", "sports"): (1, 3), ("B", "service"): (0, 0),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("cap", "threshold", "needed", "shortfall"),
    [
        # A: 8 members, 7 full, 4 candidates; B: 4 members, 3 full, 2 candidates.
        (50, 7, (3, 1), (0, 0)),  # one branch each; A's 7 full elect a committee, B a secretary
        (4, 3, (6, 3), (2, 1)),  # A: 2 branches of 4 and 3 full, both committees; B: 1 committee
        (3, 2, (9, 4), (5, 2)),  # A: 3 branches, full 3/2/2, all committees; B: 2 branches, full 2/1
        (3, 4, (3, 2), (0, 0)),  # A: full 3/2/2 < 4, three secretaries; B: two secretaries
        (1, 1, (22, 10), (18, 8)),  # every member a branch; each full one "elects a committee"
    ],
)
def test_shortfall_formula(
    cap: int, threshold: int, needed: tuple[int, int], shortfall: tuple[int, int]
) -> None:
    s = compute_statistics(make_roster(), max_branch_size=cap, committee_threshold=threshold, as_of_year=YEAR)
    assert tuple(s.per_area["min_branches"]) == (math.ceil(8 / cap), math.ceil(4 / cap))
    assert tuple(s.per_area["candidates_needed"]) == needed
    assert tuple(s.per_area["candidate_shortfall"]) == shortfall
    assert s.candidates_needed == sum(needed)
    assert s.candidate_shortfall == sum(shortfall)
    assert s.areas_short_of_candidates == sum(x > 0 for x in shortfall)
    assert (s.max_branch_size, s.committee_threshold) == (cap, threshold)


def test_surplus_in_one_area_does_not_cover_another() -> None:
    # Threshold 3: A needs 3 and has 4, B needs 3 and has 2. Community: 6 needed, 6
    # candidates, yet one short, because A's spare candidate cannot lead B's branch.
    s = compute_statistics(make_roster(), committee_threshold=3, as_of_year=YEAR)
    assert tuple(s.per_area["candidates_needed"]) == (3, 3)
    assert tuple(s.per_area["candidate_shortfall"]) == (0, 1)
    assert (s.candidates_needed, s.candidates, s.candidate_shortfall) == (6, 6, 1)
    assert s.areas_short_of_candidates == 1


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        compute_statistics(make_roster(), max_branch_size=0)
    with pytest.raises(ValueError):
        compute_statistics(make_roster(), committee_threshold=0)


def test_area_filter() -> None:
    s = compute_statistics(make_roster(), areas=["B"], as_of_year=YEAR)
    assert (s.members, s.full, s.probationary, s.areas, s.area_names) == (4, 3, 1, 1, ("B",))
    assert (s.team_count, s.teams_with_party_member, s.teams_with_3plus) == (3, 2, 1)
    assert s.teams_by_type == {"learning": 1, "culture": 1, "sports": 1, "service": 0, "other": 0}
    assert (s.members_in_teams, s.current_leaders, s.candidates) == (4, 1, 2)
    assert s.teams_per_member == pytest.approx(5 / 4)
    assert s.current_branches["branch"].tolist() == ["B"]
    assert s.per_area["area"].tolist() == ["B"]
    assert set(s.area_type["area"]) == {"B"}
    assert s.age_bands == {"under_60": 2, "60_69": 0, "70_79": 1, "80_plus": 1, "unknown": 0}


def test_filter_to_no_area_gives_empty_statistics() -> None:
    s = compute_statistics(make_roster(), areas=["nowhere"], as_of_year=YEAR)
    assert (s.members, s.areas, s.team_count, s.current_branch_count) == (0, 0, 0, 0)
    assert (s.largest_branch, s.largest_branch_size) == ("", 0)
    assert s.members_per_leader is None
    assert (s.teams_with_party_member_share, s.members_in_teams_share, s.teams_per_member) == (0.0, 0.0, 0.0)
    assert s.per_area.empty and s.teams.empty and s.current_branches.empty and s.area_type.empty
    assert tuple(s.per_area.columns) == PER_AREA_COLUMNS
    json.dumps(statistics_to_dict(s))
    assert "0" in format_statistics(s, "en")


def test_team_identity_is_area_and_id() -> None:
    # Member 11 (area B) lists "t1", which is a team of area A only: not a membership, and
    # t4 becomes their first choice. Member 02 lists t1 twice: counted once.
    members = MEMBERS_CSV.replace("none,t4\n", "none,t1;t4\n").replace("committee,t1\n", "committee,t1;t1\n")
    s = compute_statistics(make_roster(members), as_of_year=YEAR)
    teams = s.teams.set_index("team_id")
    assert teams.loc["t1", "party_members"] == 5
    assert teams.loc["t4", "first_choice"] == 1
    assert s.teams_per_member == pytest.approx(1.3)


def test_area_type_counts_distinct_members() -> None:
    teams = TEAMS_CSV.replace("t2,巡逻队,A,service", "t2,巡逻队,A,culture")
    s = compute_statistics(make_roster(teams_csv=teams), as_of_year=YEAR)
    culture_a = s.area_type[(s.area_type["area"] == "A") & (s.area_type["type"] == "culture")]
    # t1 has 01,02,03,04,07 and t2 has 01,03,06: six distinct members in two culture teams.
    assert culture_a[["teams", "party_members"]].values.tolist() == [[2, 6]]


def test_unknown_team_type_counts_as_other_and_joins_the_grid() -> None:
    s = compute_statistics(make_roster(teams_csv=TEAMS_CSV.replace("learning", "other")), as_of_year=YEAR)
    assert s.teams_by_type["other"] == 1 and s.teams_by_type["learning"] == 0
    assert sorted(set(s.area_type["type"])) == ["culture", "learning", "other", "service", "sports"]


def test_big_branches_are_counted() -> None:
    rows = [HEADER]
    sizes = {"X": 329, "Y": 200, "Z": 100, "W": 99}
    n = 0
    for area, size in sizes.items():
        for _ in range(size):
            n += 1
            rows.append(f"{n:05d},n,{area},{area},full,male,1950,retired,normal,False,none,")
    s = compute_statistics(make_roster("\n".join(rows) + "\n", TEAMS_CSV), as_of_year=YEAR)
    assert (s.branches_over_100, s.branches_over_200) == (3, 2)
    assert (s.largest_branch, s.largest_branch_size) == ("X", 329)
    per_area = s.per_area.set_index("area")
    assert per_area.loc["X", "min_branches"] == 7  # ceil(329 / 50)
    assert per_area.loc["X", "candidates_needed"] == 21  # 7 branches of 47 full: committees of 3
    assert per_area.loc["A", "members"] == 0 and per_area.loc["A", "min_branches"] == 0  # teams only


def test_dict_round_trips_through_json(stats: Statistics) -> None:
    d = statistics_to_dict(stats)
    back = json.loads(json.dumps(d, ensure_ascii=False))
    assert back == d
    assert back["members"] == 12 and back["team_count"] == 5
    assert back["teams_by_type"]["culture"] == 2
    assert back["per_area"][0]["members_per_leader"] == pytest.approx(8 / 3)
    assert back["teams"][2]["participants"] is None
    assert back["current_branches"][0] == {"area": "A", "branch": "A", "members": 5, "full": 4}
    assert len(back["area_type"]) == 8
    for key in ("per_area", "current_branches", "teams", "area_type"):
        assert isinstance(back[key], list)


def test_dict_turns_missing_ratio_into_none() -> None:
    members = (
        MEMBERS_CSV.replace("secretary", "none").replace("committee", "none").replace("group_leader", "none")
    )
    d = statistics_to_dict(compute_statistics(make_roster(members), as_of_year=YEAR))
    assert d["members_per_leader"] is None
    assert [r["members_per_leader"] for r in d["per_area"]] == [None, None]
    json.dumps(d)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_format_has_the_key_figures(stats: Statistics, lang: str) -> None:
    text = format_statistics(stats, lang)
    for figure in ("12", "10", "80.0%", "60.0%", "83.3%", "1.30", "3.0", "2024"):
        assert figure in text, figure
    lines = text.splitlines()
    assert any(line.split()[:2] == ["A", "8"] for line in lines)
    assert any(line.split()[:2] == ["B", "4"] for line in lines)


def test_format_language() -> None:
    s = compute_statistics(make_roster(), as_of_year=YEAR)
    zh, en = format_statistics(s, "zh"), format_statistics(s, "en")
    assert "文化艺术型 2" in zh and "正式党员 10 人" in zh and "居民区" in zh
    assert "Culture & arts 2" in en and "10 full" in en and "Area" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.sampled_from(["full", "probationary"]),
            st.sampled_from(["secretary", "committee", "group_leader", "team_leader", "none"]),
            st.lists(st.sampled_from(["t1", "t2", "t3", "t4", "t5", "x"]), max_size=4),
        ),
        max_size=30,
    ),
    st.integers(1, 12),
    st.integers(1, 9),
)
def test_totals_agree_with_per_area(
    people: list[tuple[str, str, str, list[str]]], cap: int, threshold: int
) -> None:
    rows = [HEADER]
    for i, (area, status, role, teams) in enumerate(people):
        rows.append(f"{i},n,{area},{area},{status},male,1950,retired,normal,False,{role},{';'.join(teams)}")
    roster = make_roster("\n".join(rows) + "\n")
    s = compute_statistics(roster, max_branch_size=cap, committee_threshold=threshold, as_of_year=YEAR)
    pa = s.per_area
    for col in ("members", "full", "probationary", "candidates", "current_leaders", "members_in_teams"):
        assert pa[col].sum() == getattr(s, col)
    assert pa["teams"].sum() == s.team_count == 5
    assert s.teams["party_members"].sum() == round(s.teams_per_member * s.members_in_teams)
    assert (pa["min_branches"] * cap >= pa["members"]).all()
    assert ((pa["min_branches"] == 0) == (pa["members"] == 0)).all()
    assert (pa["candidates_needed"] >= pa["min_branches"]).all()
    assert (pa["candidates_needed"] <= 3 * pa["min_branches"]).all()
    assert (pa["candidate_shortfall"] == (pa["candidates_needed"] - pa["candidates"]).clip(lower=0)).all()
    assert s.teams["first_choice"].sum() == s.members_in_teams
    assert sum(s.age_bands.values()) == s.members
    assert set(s.age_bands) == set(AGE_BAND_KEYS)
    assert tuple(s.current_branches.columns) == BRANCH_COLUMNS


def _synthetic(n_members: int, seed: int = 1) -> Roster:
    """A big roster built directly as frames (the reader is not under test here)."""
    rng = np.random.default_rng(seed)
    n_areas = max(1, n_members // 150)
    areas = np.array([f"area{i:03d}" for i in range(n_areas)])
    team_area = np.repeat(areas, 5)
    team_id = np.tile(np.array([f"t{j}" for j in range(5)]), n_areas)
    teams = pd.DataFrame(
        {
            "team_id": team_id,
            "name": team_id,
            "area": team_area,
            "type": rng.choice(["learning", "culture", "sports", "service"], len(team_id)),
            "participants": pd.array(rng.integers(5, 60, len(team_id)), dtype="Int64"),
            "leader_id": "",
            "source_row": np.arange(len(team_id)) + 2,
        }
    )
    member_area = rng.choice(areas, n_members)
    k = rng.choice([0, 0, 0, 1, 2, 3], n_members)
    member_teams = [tuple(f"t{j}" for j in rng.choice(5, size=c, replace=False)) for c in k]
    members = pd.DataFrame(
        {
            "member_id": [f"{i:06d}" for i in range(n_members)],
            "name": "n",
            "area": member_area,
            "current_branch": member_area,
            "status": rng.choice(["full", "full", "full", "probationary"], n_members),
            "gender": "male",
            "birth_year": pd.array(rng.integers(1930, 2000, n_members), dtype="Int64"),
            "employment": rng.choice(["retired", "employed", "unemployed", "other"], n_members),
            "mobility": rng.choice(["normal", "limited", "bedridden"], n_members),
            "hardship": rng.random(n_members) < 0.05,
            "role": rng.choice(
                ["none"] * 8 + ["secretary", "committee", "group_leader", "team_leader"], n_members
            ),
            "teams": member_teams,
            "source_row": np.arange(n_members) + 2,
        }
    )
    return Roster(members=members, teams=teams, fingerprint="synthetic")


def test_a_district_of_sixty_thousand_adds_up() -> None:
    s = compute_statistics(_synthetic(60_000))  # timing: bench/read_stats.py
    assert s.members == 60_000
    assert int(s.per_area["members"].sum()) == 60_000
