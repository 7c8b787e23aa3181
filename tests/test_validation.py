"""planner.validation: headers, cells, categories, teams and every row-level check.

Small inline CSV rosters go through the public reader; pure helpers are tested directly.
"""

from __future__ import annotations

import pandas as pd
import pytest

from planner.config import InputLimits
from planner.reader import read_roster_uploads
from planner.schema import MEMBER_COLUMNS, TEAM_COLUMNS, Issue, RosterError, roster_fingerprint
from planner.validation import (
    RawTable,
    build_roster,
    find_header_row,
    normalise_label,
    parse_birth_year,
    split_teams,
)
from tests.test_reader import assert_issue, read_csv_text, refused, xlsx_bytes

TEAMS = """团队编号,团队名称,居民区,团队类型,团队人数,负责人
T1,合唱队,汽三,文化艺术型,30,张三
T2,戏曲队,汽三,文化艺术型,20人,002
T3,鼓操队,汽三,体育保健型,abc,
T4,巡逻队,瑞丽,公益服务型,,
"""


def params(issue: Issue) -> dict[str, str]:
    return dict(issue.params)


# --- labels and headers ------------------------------------------------------------------


def test_normalise_label_ignores_width_case_spaces_and_underscores() -> None:
    assert normalise_label("  Member_ID ") == "memberid"
    assert normalise_label("ＭＥＭＢＥＲ－ＩＤ") == "memberid"
    assert normalise_label("党员\u3000编号") == "党员编号"
    assert normalise_label("党员编号*") == "党员编号"


@pytest.mark.parametrize(
    "header",
    [
        "member_id",
        "Member ID",
        "MEMBER-ID",
        "ｍｅｍｂｅｒ＿ｉｄ",
        "党员编号",
        "党员 编号",
        "\u3000党员编号\u3000",
        "黨員編號",
        "编号",
        "編號",
    ],
)
def test_member_id_header_variants(header: str) -> None:
    roster = read_csv_text(f"{header},姓名,居民區\n007,甲,汽三\n")
    assert roster.members["member_id"].tolist() == ["007"]


def test_traditional_and_english_headers_for_every_column() -> None:
    members = (
        "黨員編號,Name,所在居民區,現所在支部,黨員類別,性別,出生年月,就業狀態,身體狀況,生活困難,黨內職務,參加團隊\n"
        "1,甲,汽三,汽三支部,預備黨員,女,1950,在職,臥床,是,書記,合唱隊\n"
    )
    teams = "團隊編號,團隊名稱,居民區,團隊類型,參與人數,負責人\nT1,合唱隊,汽三,文化藝術型,12,1\n"
    roster = read_csv_text(members, teams)
    row = roster.members.iloc[0]
    assert (row["current_branch"], row["status"], row["gender"], row["birth_year"]) == (
        "汽三支部",
        "probationary",
        "female",
        1950,
    )
    assert (row["employment"], row["mobility"], row["hardship"], row["role"]) == (
        "employed",
        "bedridden",
        True,
        "secretary",
    )
    assert row["teams"] == ("T1",)
    assert roster.teams.iloc[0][["type", "participants", "leader_id"]].tolist() == ["culture", 12, "1"]


def test_header_found_under_title_and_blank_rows() -> None:
    rows = [["街道党员名册", "", ""], [], ["", "", ""], ["编号", "姓名", "居民区"], ["1", "a", "b"]]
    assert find_header_row(rows, "members", 15) == 3
    assert find_header_row(rows, "members", 3) is None  # beyond the search window


def test_header_search_window_comes_from_limits() -> None:
    text = "\n" * 5 + "编号,姓名,居民区\n1,甲,X\n"
    assert read_csv_text(text).members["source_row"].tolist() == [7]
    issues = refused([("m.csv", text.encode())], InputLimits(header_search_rows=4))
    assert_issue(issues, "not_a_roster", sheet="m.csv")


def test_not_a_roster() -> None:
    issue = assert_issue(refused([("m.csv", b"hello,world\n1,2\n")]), "not_a_roster")
    assert issue.row is None


def test_duplicate_header() -> None:
    issues = refused([("m.csv", "编号,姓名,居民区,党员编号\n1,a,b,1\n".encode())])
    issue = assert_issue(issues, "duplicate_header", row=1)
    assert (issue.column, issue.value) == ("member_id", "编号 / 党员编号")


def test_missing_required_columns_each_listed() -> None:
    issues = refused([("m.csv", "姓名,性别\n甲,男\n".encode())])
    missing = [i for i in issues if i.code == "missing_column"]
    assert [(i.column, i.row) for i in missing] == [("member_id", 1), ("area", 1)]
    assert_issue(issues, "missing_column")
    assert params(missing[0])["header_zh"] == "党员编号"


def test_no_member_rows() -> None:
    assert_issue(refused([("m.csv", "编号,姓名,居民区\n,,\n".encode())]), "no_rows", row=1)


# --- cells -------------------------------------------------------------------------------


def test_cells_stripped_blank_rows_dropped_row_numbers_as_seen() -> None:
    text = "编号,姓名,居民区\n\n\u3000001\u3000, 甲 ,汽三\n,,\n\t002,\u200b乙,汽三\n"
    roster = read_csv_text(text)
    assert roster.members["member_id"].tolist() == ["001", "002"]
    assert roster.members["name"].tolist() == ["甲", "乙"]
    assert roster.members["source_row"].tolist() == [3, 5]


def test_row_with_only_an_unnamed_cell_counts_as_blank() -> None:
    roster = read_csv_text("编号,姓名,居民区,\n1,甲,X,\n,,,stray note\n")
    assert len(roster.members) == 1


def test_empty_required_cell() -> None:
    issues = refused([("m.csv", "编号,姓名,居民区\n1,甲,X\n2,,X\n".encode())])
    issue = assert_issue(issues, "empty_required", row=3, sheet="m.csv")
    assert issue.column == "姓名"


def test_duplicate_member_id_names_both_rows() -> None:
    issues = refused([("m.csv", "编号,姓名,居民区\n7,甲,X\n8,乙,X\n7,丙,Y\n".encode())])
    issue = assert_issue(issues, "duplicate_id", row=4)
    assert (issue.value, params(issue)["first_row"]) == ("7", "2")


def test_duplicate_team_within_area_but_not_across_areas() -> None:
    members = "编号,姓名,居民区\n1,甲,X\n"
    teams = "团队名称,居民区\n合唱队,X\n合唱队,Y\n合唱队 ,X\n"
    issues = refused([("m.csv", members.encode()), ("t.csv", teams.encode())])
    issue = assert_issue(issues, "duplicate_team", row=4, sheet="t.csv")
    assert params(issue) == {"area": "X", "first_row": "2"}
    assert [i.code for i in issues].count("duplicate_team") == 1


def test_duplicate_team_id_within_area() -> None:
    members = "编号,姓名,居民区\n1,甲,X\n"
    teams = "团队编号,团队名称,居民区\nT1,合唱队,X\nT1,戏曲队,X\nT1,舞蹈队,Y\n"
    issues = refused([("m.csv", members.encode()), ("t.csv", teams.encode())])
    assert_issue(issues, "duplicate_team_id", row=3)
    assert [i.code for i in issues].count("duplicate_team_id") == 1


def test_all_row_problems_reported_at_once_across_both_files() -> None:
    members = "编号,姓名,居民区,性别\n1,甲,X,男\n1,,X,外星\n2,乙,,女\n"
    teams = "团队名称,居民区\n合唱队,X\n合唱队,X\n,X\n"
    issues = refused([("m.csv", members.encode()), ("t.csv", teams.encode())])
    assert [(i.code, i.sheet, i.row) for i in issues] == [
        ("empty_required", "m.csv", 3),
        ("duplicate_id", "m.csv", 3),
        ("empty_required", "m.csv", 4),
        ("duplicate_team", "t.csv", 3),
        ("empty_required", "t.csv", 4),
        ("unknown_value", "m.csv", 3),
    ]


def test_header_problems_in_both_files_reported_together() -> None:
    members = "编号,姓名\n1,甲\n"
    teams = "团队名称,团队名称,居民区\n合唱队,合唱队,X\n"
    issues = refused([("m.csv", members.encode()), ("t.csv", teams.encode())])
    assert {i.code for i in issues} == {"missing_column", "duplicate_header"}


def test_extra_columns_kept_unchanged_after_canonical_ones() -> None:
    text = "备注,编号,姓名,居民区,source_row,单位\n老党员,1,甲,X,99,0571-001\n"
    roster = read_csv_text(text)
    assert tuple(roster.members.columns) == (*MEMBER_COLUMNS, "备注", "source_row (input)", "单位")
    assert roster.members.loc[0, "单位"] == "0571-001"
    assert roster.members.loc[0, "source_row (input)"] == "99"
    assert roster.members.loc[0, "source_row"] == 2


# --- categories and dates ----------------------------------------------------------------


def test_defaults_for_missing_optional_columns() -> None:
    roster = read_csv_text("编号,姓名,居民区\n1,甲,汽三\n")
    row = roster.members.iloc[0]
    assert (row["current_branch"], row["status"], row["gender"], row["employment"]) == (
        "汽三",
        "full",
        "unknown",
        "other",
    )
    assert (row["mobility"], row["hardship"], row["role"], row["teams"]) == ("normal", False, "none", ())
    assert pd.isna(row["birth_year"])


def test_category_values_english_chinese_and_variants() -> None:
    text = (
        "编号,姓名,居民区,党员类别,性别,就业状态,身体状况,生活困难,骨干\n"
        "1,a,X,FULL,M,Retired,normal,yes,Group Leader\n"
        "2,b,X,预备,女,在职,行动不便,否,团队负责人\n"
        "3,c,X,正式党员,Female,失业,长期卧床,困难,group_leader\n"
        "4,d,X,,,,,,\n"
    )
    members = read_csv_text(text).members
    assert members["status"].tolist() == ["full", "probationary", "full", "full"]
    assert members["gender"].tolist() == ["male", "female", "female", "unknown"]
    assert members["employment"].tolist() == ["retired", "employed", "unemployed", "other"]
    assert members["mobility"].tolist() == ["normal", "limited", "bedridden", "normal"]
    assert members["hardship"].tolist() == [True, False, True, False]
    assert members["role"].tolist() == ["group_leader", "team_leader", "group_leader", "none"]


def test_unknown_category_value_defaults_with_one_warning_per_value() -> None:
    text = "编号,姓名,居民区,身体状况\n1,a,X,差\n2,b,X,差\n3,c,X,良好\n4,d,X,很差\n"
    roster = read_csv_text(text)
    assert roster.members["mobility"].tolist() == ["normal", "normal", "normal", "normal"]
    unknown = [i for i in roster.warnings if i.code == "unknown_value"]
    assert [(i.row, i.value, params(i)["count"]) for i in unknown] == [(2, "差", "2"), (5, "很差", "1")]
    issue = assert_issue(unknown, "unknown_value", row=2)
    assert params(issue)["allowed_en"].split("\x1f") == ["normal", "limited", "bedridden"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("1950-03-15", 1950),
        ("1950-03", 1950),
        ("1950/3/15", 1950),
        ("1950年3月", 1950),
        ("1950年3月15日", 1950),
        ("1950.3", 1950),
        ("1950.03.15", 1950),
        ("1950", 1950),
        ("１９５０", 1950),
        ("19500315", 1950),
        ("195003", 1950),
        ("1950-03-15 00:00:00", 1950),
        ("18323", 1950),  # an Excel day number: 1950-03-01
        ("1850", None),
        ("2999", None),
        ("abc", None),
        ("50年3月", None),
    ],
)
def test_parse_birth_year(text: str, year: int | None) -> None:
    assert parse_birth_year(text, this_year=2026) == year


def test_bad_birth_date_and_bad_head_count_warn() -> None:
    members = "编号,姓名,居民区,出生日期\n1,a,X,不详\n2,b,X,1950\n"
    teams = "团队名称,居民区,团队人数\n合唱队,X,约30\n舞蹈队,X,25人\n"
    roster = read_csv_text(members, teams)
    assert roster.members["birth_year"].tolist()[1] == 1950
    assert pd.isna(roster.members["birth_year"].tolist()[0])
    assert roster.teams["participants"].tolist()[1] == 25
    assert_issue(roster.warnings, "bad_date", row=2, sheet="members.csv")
    assert_issue(roster.warnings, "bad_number", row=2, sheet="teams.csv")


@pytest.mark.parametrize("separator", [";", "；", ",", "，", "、", "/"])
def test_team_separators(separator: str) -> None:
    assert split_teams(f" 合唱队{separator}戏曲队 {separator}{separator}") == ("合唱队", "戏曲队")


# --- teams and leaders -------------------------------------------------------------------


def test_team_resolution_by_name_or_id_in_preference_order_deduplicated() -> None:
    members = "编号,姓名,居民区,参加团队\n001,张三,汽三,戏曲队、T1、合唱队\n002,李四,汽三,ｔ３\n"
    roster = read_csv_text(members, TEAMS)
    assert roster.members["teams"].tolist() == [("T2", "T1"), ("T3",)]


def test_unknown_team_suggests_close_names_in_the_area() -> None:
    members = "编号,姓名,居民区,参加团队\n1,甲,汽三,合唱团\n2,乙,汽三,合唱团\n3,丙,汽三,合唱队\n"
    roster = read_csv_text(members, TEAMS)
    issue = assert_issue(roster.warnings, "unknown_team", row=2, sheet="members.csv")
    assert (issue.value, params(issue)["count"]) == ("合唱团", "2")
    assert "合唱队" in params(issue)["suggestions_zh"] and "合唱队" in params(issue)["suggestions_en"]
    assert roster.members["teams"].tolist() == [(), (), ("T1",)]


def test_team_in_another_area() -> None:
    members = "编号,姓名,居民区,参加团队\n1,甲,汽三,巡逻队\n2,乙,瑞丽,巡逻队\n"
    roster = read_csv_text(members, TEAMS)
    issue = assert_issue(roster.warnings, "team_other_area", row=2)
    assert params(issue)["areas"] == "瑞丽"
    assert roster.members["teams"].tolist() == [(), ("T4",)]


def test_members_without_team_one_summary_per_area() -> None:
    members = "编号,姓名,居民区,参加团队\n1,甲,汽三,\n2,乙,汽三,合唱队\n3,丙,汽三,\n4,丁,瑞丽,巡逻队\n"
    roster = read_csv_text(members, TEAMS)
    summaries = [i for i in roster.warnings if i.code == "members_without_team"]
    assert [(i.value, params(i)["count"], params(i)["total"]) for i in summaries] == [("汽三", "2", "3")]
    assert_issue(summaries, "members_without_team")


def test_teams_without_party_members() -> None:
    members = "编号,姓名,居民区,参加团队\n1,甲,汽三,合唱队\n"
    roster = read_csv_text(members, TEAMS)
    empty = [(i.value, i.row) for i in roster.warnings if i.code == "team_without_members"]
    assert empty == [("戏曲队", 3), ("鼓操队", 4), ("巡逻队", 5)]
    assert_issue(roster.warnings, "team_without_members", row=3)


def test_leader_resolved_by_id_or_unique_name_within_the_team_area() -> None:
    members = "编号,姓名,居民区\n001,张三,汽三\n002,李四,汽三\n003,张三,瑞丽\n"
    teams = "团队名称,居民区,负责人\n合唱队,汽三,张三\n戏曲队,汽三,002\n巡逻队,瑞丽,李四\n舞蹈队,汽三,\n"
    roster = read_csv_text(members, teams)
    assert roster.teams["leader_id"].tolist() == ["001", "002", "", ""]
    assert not [i for i in roster.warnings if i.code == "ambiguous_leader"]  # a non-member leader is normal


def test_leader_name_shared_by_two_members_is_ambiguous() -> None:
    members = "编号,姓名,居民区\n001,张三,汽三\n002,张三,汽三\n"
    roster = read_csv_text(members, "团队名称,居民区,负责人\n合唱队,汽三,张三\n")
    assert roster.teams["leader_id"].tolist() == [""]
    issue = assert_issue(roster.warnings, "ambiguous_leader", row=2, sheet="teams.csv")
    assert params(issue)["ids"] == "001\x1f002"


def test_team_id_defaults_to_name_and_type_to_other() -> None:
    roster = read_csv_text("编号,姓名,居民区,参加团队\n1,甲,X,读书会\n", "团队名称,居民区\n读书会,X\n")
    assert roster.teams[["team_id", "type"]].values.tolist() == [["读书会", "other"]]
    assert roster.members["teams"].tolist() == [("读书会",)]


# --- the roster value --------------------------------------------------------------------


def test_build_roster_directly_and_fingerprint() -> None:
    members = RawTable("党员", [["编号", "姓名", "居民区"], ["1", "甲", "X"]])
    teams = RawTable("团队", [["团队名称", "居民区"], ["读书会", "X"]])
    roster = build_roster(members, teams, [("r.xlsx", "xlsx")])
    assert roster.fingerprint == roster_fingerprint(roster.members, roster.teams)
    assert tuple(roster.teams.columns) == TEAM_COLUMNS
    assert roster.encodings == (("r.xlsx", "xlsx"),)
    with pytest.raises(RosterError):
        build_roster(RawTable("党员", [["nothing"]]), None)


def test_errors_also_list_the_warnings_found_so_far_after_the_errors() -> None:
    issues = refused([("m.csv", "编号,姓名,居民区,性别\n1,甲,X,?\n1,乙,X,男\n".encode())])
    assert [i.severity.value for i in issues] == ["error", "warning"]


def test_xlsx_and_gbk_csv_of_the_same_roster_have_the_same_fingerprint() -> None:
    members = [
        ["党员编号", "姓名", "居民区", "参加团队"],
        ["001", "甲", "汽三", "合唱队"],
        ["002", "乙", "汽三", ""],
    ]
    teams = [["团队名称", "居民区"], ["合唱队", "汽三"]]
    book = read_roster_uploads([("r.xlsx", xlsx_bytes({"党员": [["标题"], *members], "团队": teams}))])
    as_csv = "\n".join(",".join(r) for r in members) + "\n"
    pair = read_csv_text(as_csv, "团队名称,居民区\n合唱队,汽三\n", "gbk")
    assert book.fingerprint == pair.fingerprint
    assert book.members["source_row"].tolist() == [3, 4]
