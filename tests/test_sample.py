"""The sample community generator: determinism, the story's shape, the files it writes."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from planner.config import TEAM_SEPARATORS
from planner.i18n import CATALOGUE
from planner.sample import (
    AREA_NAMES,
    MEMBERS_SHEET,
    NOTES_SHEET,
    TEAMS_SHEET,
    check_scale,
    encode_gbk,
    generate_community,
    to_chinese,
    write_sample,
)
from planner.schema import (
    MEMBER_HEADERS_ZH,
    MEMBER_SPECS,
    ROLES_BACKBONE,
    TEAM_HEADERS_ZH,
    TEAM_SPECS,
    TEAM_TYPES,
    VALUE_ZH,
    is_candidate,
)

QI3_TEAMS = ("议事团", "歌咏队", "戏曲队", "鼓操队")
Community = tuple[pd.DataFrame, pd.DataFrame]
_SPLIT = re.compile("[" + re.escape(TEAM_SEPARATORS) + "]")


def team_lists(members: pd.DataFrame) -> pd.Series:
    """Each member's team names, in order, split on every accepted separator."""
    return members["teams"].map(lambda cell: [p for p in _SPLIT.split(cell) if p])


def party_counts(members: pd.DataFrame, teams: pd.DataFrame) -> pd.Series:
    """Party members listing each team, indexed like ``teams``."""
    listed: dict[tuple[str, str], int] = {}
    for area, names in zip(members["area"], team_lists(members), strict=True):
        for name in names:
            listed[(area, name)] = listed.get((area, name), 0) + 1
    return pd.Series([listed.get((a, n), 0) for a, n in zip(teams["area"], teams["name"], strict=True)])


@pytest.fixture(scope="module")
def community() -> Community:
    return generate_community()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_sample(tmp_path_factory.mktemp("sample"))


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_same_tables_and_different_seed_differs(
    community: Community,
) -> None:
    members, teams = community
    again_members, again_teams = generate_community(2024, 1.0)
    pd.testing.assert_frame_equal(members, again_members)
    pd.testing.assert_frame_equal(teams, again_teams)
    other_members, other_teams = generate_community(2025)
    assert not members.equals(other_members)
    assert not teams.equals(other_teams)


def test_input_columns_and_codes(community: Community) -> None:
    members, teams = community
    assert list(members.columns) == [s.name for s in MEMBER_SPECS]
    assert list(teams.columns) == [s.name for s in TEAM_SPECS]
    assert set(members["status"]) == {"full", "probationary"}
    assert set(members["gender"]) == {"male", "female"}
    assert set(members["employment"]) == {"retired", "employed", "unemployed", "other"}
    assert set(members["mobility"]) == {"normal", "limited", "bedridden"}
    assert set(members["hardship"]) == {"yes", "no"}
    assert set(members["role"]) == ROLES_BACKBONE | {"none"}
    assert set(teams["type"]) == set(TEAM_TYPES)
    assert (members["current_branch"] == members["area"] + "党支部").all()


# --- the story's shape -------------------------------------------------------------------------


def test_areas_and_sizes(community: Community) -> None:
    members, _ = community
    sizes = members.groupby("area").size()
    assert sorted(sizes.index) == sorted(AREA_NAMES)
    assert len(sizes) == 39
    assert 5850 <= len(members) <= 5990
    assert sizes.idxmax() == "鹤北一"
    assert sizes["鹤北一"] == 329
    assert (sizes == 329).sum() == 1
    assert (sizes > 100).sum() == 25
    assert (sizes > 200).sum() == 11
    assert sizes["昆阳"] == 182
    assert 100 <= sizes["汽三"] <= 160
    assert {"鹤北一", "汽三", "瑞丽", "昆阳", "红六", "红四"} <= set(sizes.index)


def test_teams_and_participation(community: Community) -> None:
    members, teams = community
    party = party_counts(members, teams)
    lists = team_lists(members)
    assert len(teams) == 185
    assert 150 <= (party >= 1).sum() <= 170
    assert 105 <= (party >= 3).sum() <= 120
    assert 1050 <= (lists.map(len) >= 1).sum() <= 1200
    assert (lists.map(len) >= 2).sum() >= 30  # some members in two or three teams
    assert lists.map(len).max() <= 3
    assert (teams["participants"].to_numpy() >= party.to_numpy()).all()
    assert 10 <= teams["participants"].median() <= 80
    assert teams["participants"].min() >= 10
    assert teams.groupby("area").size()[["汽三", "鹤北一"]].min() >= 4
    # every listed team exists in the member's own area, and names are unique within an area
    known = set(zip(teams["area"], teams["name"], strict=True))
    assert all((a, n) in known for a, ns in zip(members["area"], lists, strict=True) for n in ns)
    assert not teams.duplicated(["area", "name"]).any()
    assert teams["team_id"].is_unique


def test_separators_are_realistic(community: Community) -> None:
    members, _ = community
    multi = members.loc[team_lists(members).map(len) >= 2, "teams"]
    used = {ch for cell in multi for ch in cell if ch in TEAM_SEPARATORS}
    assert "、" in used
    assert used <= {"、", "；", ","}
    assert multi.str.contains("、").mean() > 0.8


def test_member_composition(community: Community) -> None:
    members, _ = community
    share = lambda col, value: (members[col] == value).mean()  # noqa: E731
    assert 0.85 <= share("employment", "retired") <= 0.90
    assert 0.02 <= share("status", "probationary") <= 0.06
    assert 0.06 <= share("mobility", "limited") <= 0.10
    assert 0.01 <= share("mobility", "bedridden") <= 0.03
    assert 0.02 <= share("hardship", "yes") <= 0.045
    assert 0.50 <= share("gender", "female") <= 0.60
    assert 0.05 <= members["role"].isin(ROLES_BACKBONE).mean() <= 0.07
    assert (members.groupby("area")["role"].apply(lambda r: (r == "secretary").sum()) == 1).all()


def test_ids_and_birth_dates(community: Community) -> None:
    members, _ = community
    ids = members["member_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"\d{7}").all()
    assert ids.str.startswith("0").all()  # leading zeros matter
    full = members["birth_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    year = members["birth_date"].str.fullmatch(r"\d{4}")
    assert (full | year).all()
    assert 0.2 <= year.mean() <= 0.8
    years = members["birth_date"].str[:4].astype(int)
    assert years.min() >= 1935
    assert years.max() <= 2000
    assert years.median() < 1960  # a mostly older population
    assert pd.to_datetime(members.loc[full, "birth_date"], format="%Y-%m-%d").notna().all()


def test_hebei1_has_four_candidates(community: Community) -> None:
    members, _ = community
    hebei = members[members["area"] == "鹤北一"]
    assert len(hebei) == 329
    assert is_candidate(hebei).sum() == 4
    assert math.ceil(len(hebei) / 50) >= 7


def test_kunyang_has_eleven_leaders(community: Community) -> None:
    members, _ = community
    roles = members.loc[members["area"] == "昆阳", "role"].value_counts()
    assert roles.get("secretary") == 1
    assert roles.get("committee") == 4
    assert roles.get("group_leader") == 6
    assert roles.get("team_leader", 0) == 0
    assert roles.drop("none").sum() == 11


def test_qi3_four_mature_teams_can_each_staff_a_committee(
    community: Community,
) -> None:
    members, teams = community
    qi3 = members[members["area"] == "汽三"]
    lists = team_lists(qi3)
    qi3_teams = teams[teams["area"] == "汽三"].set_index("name")
    assert set(QI3_TEAMS) <= set(qi3_teams.index)
    assert [qi3_teams.loc[n, "type"] for n in QI3_TEAMS] == ["learning", "culture", "culture", "sports"]
    in_mature = lists.map(lambda names: any(n in QI3_TEAMS for n in names))
    assert in_mature.mean() > 0.5  # most of the area is in one of them
    for name in QI3_TEAMS:
        inside = qi3[lists.map(lambda names, name=name: name in names)]
        assert 20 <= len(inside) <= 40, name
        first = qi3[lists.map(lambda names, name=name: bool(names) and names[0] == name)]
        assert is_candidate(first).sum() >= 3, name
        leader = qi3_teams.loc[name, "leader"]
        row = qi3[qi3["member_id"] == leader].iloc[0]
        assert row["status"] == "full"
        assert row["role"] in ROLES_BACKBONE
        assert name in _SPLIT.split(row["teams"])
    assert (qi3["mobility"] == "bedridden").sum() >= 2
    assert (qi3["hardship"] == "yes").sum() >= 2
    assert (~in_mature).sum() >= 10


def test_ruili_one_large_patrol_and_small_scattered_teams(
    community: Community,
) -> None:
    members, teams = community
    party = party_counts(members, teams)
    ruili = teams["area"] == "瑞丽"
    patrol = ruili & (teams["name"] == "巡逻队")
    assert patrol.sum() == 1
    assert teams.loc[patrol, "type"].item() == "service"
    assert 30 <= party[patrol].item() <= 45
    others = teams[ruili & ~patrol]
    assert set(others["type"]) == {"culture", "sports"}
    assert len(others) >= 4
    assert party[others.index].between(3, 8).all()
    area = members[members["area"] == "瑞丽"]
    assert (area["teams"] == "").mean() > 0.4  # many members in no team


def test_team_leaders_are_members_of_their_team_or_residents(
    community: Community,
) -> None:
    members, teams = community
    by_id = members.set_index("member_id")
    names_by_area = members.groupby("area")["name"].apply(set)
    kinds = {"member": 0, "resident": 0, "blank": 0}
    for area, name, leader in zip(teams["area"], teams["name"], teams["leader"], strict=True):
        if leader == "":
            kinds["blank"] += 1
        elif leader in by_id.index:
            kinds["member"] += 1
            row = by_id.loc[leader]
            assert row["area"] == area
            assert name in _SPLIT.split(row["teams"])
            assert row["role"] != "none"
        else:
            kinds["resident"] += 1
            assert leader not in names_by_area[area]  # a resident's name never resolves to a member
    assert min(kinds.values()) > 0
    assert kinds["member"] > kinds["resident"]  # most team leaders are Party members


def test_every_string_is_gbk(community: Community) -> None:
    for frame in to_chinese(*community):
        encode_gbk(frame.to_csv(index=False))
    with pytest.raises(ValueError, match="GBK"):
        encode_gbk("汽三 €")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_story_figures_hold_for_any_seed(seed: int) -> None:
    members, teams = generate_community(seed)
    sizes = members.groupby("area").size()
    party = party_counts(members, teams)
    assert len(sizes) == 39
    assert sizes.max() == sizes["鹤北一"] == 329
    assert (sizes > 100).sum() == 25
    assert (sizes > 200).sum() == 11
    assert 5850 <= len(members) <= 5990
    assert is_candidate(members[members["area"] == "鹤北一"]).sum() == 4
    assert members.loc[members["area"] == "昆阳", "role"].isin(ROLES_BACKBONE).sum() == 11
    assert 150 <= (party >= 1).sum() <= 170
    assert 105 <= (party >= 3).sum() <= 120
    assert 1050 <= (members["teams"] != "").sum() <= 1200
    assert (teams["participants"].to_numpy() >= party.to_numpy()).all()
    assert members["member_id"].is_unique


# --- scale -------------------------------------------------------------------------------------


def test_scale_ten_is_a_district_ten_times_larger() -> None:
    members, teams = generate_community(2024, 10)
    assert members["area"].nunique() == 390
    assert 58_500 <= len(members) <= 59_900
    assert len(teams) == 1850
    assert members["member_id"].is_unique
    assert teams["team_id"].is_unique
    assert "汽三-10" in set(members["area"])
    sizes = members.groupby("area").size()
    assert (sizes > 100).sum() == 250
    assert (sizes == 329).sum() == 10


def test_partial_scale_keeps_story_areas_first() -> None:
    members, teams = generate_community(2024, 0.1)
    assert set(members["area"]) == {"鹤北一", "汽三", "瑞丽", "昆阳"}
    assert set(teams["area"]) <= set(members["area"])


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf"), 1000])
def test_bad_scale_is_refused(scale: float) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_community(2024, scale)
    with pytest.raises(ValueError):
        check_scale(scale)
    assert {"zh", "en"} <= set(CATALOGUE["sample.bad_scale"])


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_bad_seed_is_refused(seed: object) -> None:
    with pytest.raises(ValueError, match="seed"):
        generate_community(seed, 1.0)  # type: ignore[arg-type]


# --- Chinese tables and files ------------------------------------------------------------------


def test_to_chinese_headers_and_values(community: Community) -> None:
    members, teams = community
    zh_members, zh_teams = to_chinese(members, teams)
    assert list(zh_members.columns) == [MEMBER_HEADERS_ZH[c] for c in members.columns]
    assert list(zh_teams.columns) == [TEAM_HEADERS_ZH[c] for c in teams.columns]
    assert set(zh_members["党员类别"]) == {"正式党员", "预备党员"}
    assert set(zh_members["性别"]) == {"男", "女"}
    assert set(zh_members["就业状态"]) == {"退休", "在职", "失业", "其他"}
    assert set(zh_members["身体状况"]) == {"正常", "行动不便", "卧床"}
    assert set(zh_members["生活困难"]) == {"是", "否"}
    assert set(zh_members["骨干"]) == {VALUE_ZH[r] for r in ROLES_BACKBONE | {"none"}}
    assert set(zh_teams["团队类型"]) == {VALUE_ZH[c] for c in TEAM_TYPES}
    # the same rows, and the input is left alone
    assert (zh_members["党员编号"] == members["member_id"]).all()
    assert (zh_members["生活困难"] == members["hardship"].map({"yes": "是", "no": "否"})).all()
    assert members["status"].isin(["full", "probationary"]).all()


def test_write_sample_writes_four_files(written: list[Path]) -> None:
    assert [p.name for p in written] == [
        "community.xlsx",
        "community_members.csv",
        "community_teams.csv",
        "template.xlsx",
    ]
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert written[0].stat().st_size < 1_000_000


def test_csv_pair_is_gbk_with_the_same_data(written: list[Path]) -> None:
    zh_members, zh_teams = to_chinese(*generate_community())
    raw = written[1].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK, as Excel on Chinese Windows saves it
    back = pd.read_csv(io.StringIO(raw.decode("gbk")), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, zh_members.astype(str), check_dtype=False)
    teams_back = pd.read_csv(written[2], encoding="gbk", dtype={"团队编号": str, "负责人": str})
    teams_back["负责人"] = teams_back["负责人"].fillna("")
    pd.testing.assert_frame_equal(teams_back, zh_teams, check_dtype=False)


def test_workbook_has_title_row_blank_row_and_the_same_data(written: list[Path]) -> None:
    zh_members, zh_teams = to_chinese(*generate_community())
    book = openpyxl.load_workbook(written[0], read_only=False)
    assert book.sheetnames == [MEMBERS_SHEET, TEAMS_SHEET]
    for sheet, frame in ((MEMBERS_SHEET, zh_members), (TEAMS_SHEET, zh_teams)):
        ws = book[sheet]
        assert [str(r) for r in ws.merged_cells.ranges] == [f"A1:{get_column_letter(len(frame.columns))}1"]
        title = ws.cell(1, 1).value
        assert isinstance(title, str)
        assert title.startswith("鹤城街道居民区")
        assert title.endswith("（2026年）")
        assert all(c.value is None for c in ws[2])
        assert [c.value for c in ws[3]] == list(frame.columns)
        assert ws.max_row == 3 + len(frame)
    ws = book[MEMBERS_SHEET]
    assert ws.cell(4, 1).value == zh_members.iloc[0, 0]
    assert isinstance(ws.cell(4, 1).value, str)  # ids stay text
    births = [ws.cell(r, 7).value for r in range(4, 200)]
    assert any(hasattr(b, "year") for b in births)  # full dates are real date cells
    assert any(isinstance(b, int) for b in births)  # years are numbers, as typed in Excel
    read = pd.read_excel(written[0], sheet_name=TEAMS_SHEET, header=2, dtype={"团队编号": str, "负责人": str})
    read["负责人"] = read["负责人"].fillna("")
    pd.testing.assert_frame_equal(read, zh_teams, check_dtype=False)


def test_template_has_headers_no_data_and_bilingual_notes(written: list[Path]) -> None:
    book = openpyxl.load_workbook(written[3])
    assert book.sheetnames == [MEMBERS_SHEET, TEAMS_SHEET, NOTES_SHEET]
    assert [c.value for c in book[MEMBERS_SHEET][1]] == list(MEMBER_HEADERS_ZH.values())
    assert [c.value for c in book[TEAMS_SHEET][1]] == list(TEAM_HEADERS_ZH.values())
    assert book[MEMBERS_SHEET].max_row == 1
    assert book[TEAMS_SHEET].max_row == 1
    notes = list(book[NOTES_SHEET].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(notes) if row[0] == "工作表 Sheet")
    header = notes[header_at]
    rows = [r for r in notes[header_at + 1 :] if r[0]]
    assert "必填 Required" in header
    assert "示例 Example" in header
    described = {(r[0], r[2]) for r in rows}
    expected = {(MEMBERS_SHEET, s.name) for s in MEMBER_SPECS} | {(TEAMS_SHEET, s.name) for s in TEAM_SPECS}
    assert described == expected
    for row in rows:
        assert all(isinstance(v, str) and v for v in row[:4]), row
        assert all(row[i] for i in (5, 6, 7, 8, 9)), row
        assert re.search("[\u4e00-\u9fff]", row[8]), row  # Chinese note
        assert re.fullmatch(r"[ -~]+", row[9]), row  # English note
    required = {r[2]: r[3] for r in rows if r[0] == MEMBERS_SHEET}
    assert required["member_id"] == "是 / yes"
    assert required["status"] == "否 / no"
    status = next(r for r in rows if r[2] == "status")
    assert "正式党员" in status[5]
    assert "probationary" in status[6]


def test_writing_is_deterministic(tmp_path: Path, written: list[Path]) -> None:
    again = write_sample(tmp_path / "again")
    for first, second in zip(written, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_cli_sample_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    assert main(["sample", "--out", str(tmp_path), "--seed", "7", "--scale", "0.2"]) == 0
    printed = capsys.readouterr().out.split()
    assert [Path(p).name for p in printed] == [
        "community.xlsx",
        "community_members.csv",
        "community_teams.csv",
        "template.xlsx",
    ]
    members = pd.read_csv(tmp_path / "community_members.csv", encoding="gbk", dtype=str)
    assert members["居民区"].nunique() == 8


# --- read back by the product's reader -----------------------------------------------------------


def _canonical(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.drop(columns=["source_row"]).sort_values(key).reset_index(drop=True)


def test_reader_gives_the_same_roster_from_workbook_and_csv_pair(written: list[Path]) -> None:
    from planner.reader import read_roster_paths

    book = read_roster_paths([written[0]])
    pair = read_roster_paths([written[1], written[2]])
    pd.testing.assert_frame_equal(
        _canonical(book.members, ["member_id"]), _canonical(pair.members, ["member_id"])
    )
    pd.testing.assert_frame_equal(
        _canonical(book.teams, ["area", "team_id"]), _canonical(pair.teams, ["area", "team_id"])
    )
    assert book.fingerprint == pair.fingerprint
    members, teams = generate_community()
    assert len(book.members) == len(members)
    assert len(book.teams) == len(teams)
    # every team a member lists resolves, and the counts survive the round trip
    resolved = book.members["teams"].map(len)
    assert (resolved.to_numpy() == team_lists(members).map(len).to_numpy()).all()
    held = book.members.explode("teams").dropna(subset=["teams"]).groupby(["area", "teams"]).size()
    assert (held >= 1).sum() == (party_counts(members, teams) >= 1).sum()
    assert (held >= 3).sum() == (party_counts(members, teams) >= 3).sum()
    years = members["birth_date"].str[:4].astype(int).to_numpy()
    assert (
        book.members.set_index("member_id").loc[members["member_id"], "birth_year"].to_numpy() == years
    ).all()
    assert book.members["member_id"].str.startswith("0").all()


def test_committed_sample_data_is_what_the_generator_makes(written: list[Path]) -> None:
    from planner.reader import read_roster_paths

    committed = Path(__file__).resolve().parent.parent / "sample_data"
    for path in written:
        assert (committed / path.name).is_file(), path.name
    for path in written[1:3]:
        assert (committed / path.name).read_bytes() == path.read_bytes(), f"regenerate {path.name}"
    assert (
        read_roster_paths([committed / "community.xlsx"]).fingerprint
        == read_roster_paths([written[1], written[2]]).fingerprint
    )
    template = openpyxl.load_workbook(committed / "template.xlsx")
    assert template.sheetnames == [MEMBERS_SHEET, TEAMS_SHEET, NOTES_SHEET]
