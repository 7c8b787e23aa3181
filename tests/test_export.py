"""Exports: the workbook round trip, the CSV, the printable roster, and hostile names kept inert."""

from __future__ import annotations

import html
import io
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from planner.edits import Move, new_comprehensive_id, recheck
from planner.export import (
    CJK_FONTS,
    MEMBER_EXPORT_COLUMNS,
    branches_frame,
    changes_frame,
    frame_csv,
    header,
    members_csv,
    members_frame,
    neutralise,
    plan_workbook,
    printable_roster_html,
    sheet_name,
)
from planner.plan import Plan
from planner.runner import plan_community
from planner.scenario import flatten_settings
from planner.schema import Roster, roster_fingerprint
from planner.settings import Settings, SolverOptions
from tests.plan_fixtures import qi3_roster

SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))
HOSTILE = ("=1+1", "@SUM(A1)", "-2", "+3", "\tx", "<script>alert(1)</script>", "\r=cmd|' /C calc'!A0")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@pytest.fixture(scope="module")
def roster() -> Roster:
    """汽三 with hostile member names (the leaders among them) and hostile team names."""
    base = qi3_roster()
    members = base.members.copy()
    names = members["name"].tolist()
    for i, bad in enumerate(HOSTILE):
        names[i] = bad
    members["name"] = pd.Series(names, dtype="str")
    teams = base.teams.copy()
    teams["name"] = pd.Series(
        ["<script>alert(1)</script>", '=HYPERLINK("http://x")', "@团", "戏曲队"], dtype="str"
    )
    return replace(base, members=members, teams=teams, fingerprint=roster_fingerprint(members, teams))


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="zh")


@pytest.fixture(scope="module")
def workbook(plan: Plan, roster: Roster) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, roster, "zh")))


def test_neutralise() -> None:
    for bad in HOSTILE[:5]:
        assert neutralise(bad) == "'" + bad
    assert neutralise("<script>") == "<script>"
    assert neutralise("党员") == "党员" and neutralise("") == ""
    assert neutralise("'=1") == "'=1"


def test_workbook_sheets_and_headers_in_the_users_language(
    plan: Plan, roster: Roster, workbook: openpyxl.Workbook
) -> None:
    keys = ("summary", "branches", "members", "changes", "violations")
    assert workbook.sheetnames == [sheet_name(k, "zh") for k in keys]
    members = workbook[sheet_name("members", "zh")]
    assert [c.value for c in members[1]] == [header(c, "zh") for c in MEMBER_EXPORT_COLUMNS]
    english = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, roster, "en")))
    assert english.sheetnames == ["Summary", "Branches", "Members", "Changes", "Rules broken"]
    assert [c.value for c in english["Members"][1]][:3] == ["Member ID", "Name", "Area"]


def test_workbook_round_trip_counts_and_values(
    plan: Plan, roster: Roster, workbook: openpyxl.Workbook
) -> None:
    data = plan_workbook(plan, roster, "zh")
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False)
    # xlsx stores a carriage return as the escape _x000D_; Excel decodes it, openpyxl does not
    sheets = {k: v.map(lambda x: x.replace("_x000D_", "\r")) for k, v in sheets.items()}
    members = sheets[sheet_name("members", "zh")]
    expected = members_frame(plan, roster, "zh").map(neutralise)
    expected.columns = [header(c, "zh") for c in expected.columns]
    pd.testing.assert_frame_equal(
        members.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
    )
    assert len(members) == len(roster.members)
    assert set(members[header("member_id", "zh")]) == set(roster.members["member_id"])
    branches = sheets[sheet_name("branches", "zh")]
    assert len(branches) == len(plan.branches)
    assert branches[header("size", "zh")].astype(int).sum() == len(roster.members)
    changes = sheets[sheet_name("changes", "zh")]
    assert len(changes) == len(changes_frame(plan, roster, "zh"))
    assert len(sheets[sheet_name("violations", "zh")]) == len(plan.violations)
    summary = workbook[sheet_name("summary", "zh")]
    labels = [row[0].value for row in summary.iter_rows()]
    assert len(labels) >= len(flatten_settings(plan.settings)) + len(plan.areas)
    # counts are numbers, ids are text with their leading zeros
    size_col = list(branches.columns).index(header("size", "zh")) + 1
    sheet = workbook[sheet_name("branches", "zh")]
    assert sheet.cell(row=2, column=size_col).data_type == "n"
    ids = [c.value for c in workbook[sheet_name("members", "zh")]["A"][1:]]
    assert all(isinstance(v, str) and len(v) == 5 and v.startswith("00") for v in ids)


def test_hostile_names_stay_inert_text_in_the_workbook(workbook: openpyxl.Workbook) -> None:
    seen: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    value = cell.value.replace("_x000D_", "\r")  # see the round-trip test
                    assert not value.startswith(FORMULA_START), (sheet.title, cell.coordinate, value)
                    seen.add(value)
                assert cell.data_type != "f"
    for bad in HOSTILE:
        expected = neutralise(bad)
        assert any(v == expected or expected in v for v in seen), bad
    assert "'=1+1" in seen and "'@SUM(A1)" in seen and "'-2" in seen and "'+3" in seen and "'\tx" in seen
    assert "<script>alert(1)</script>" in seen  # harmless in a spreadsheet, kept as text


def test_changes_against_today_and_against_another_plan(plan: Plan, roster: Roster) -> None:
    today = changes_frame(plan, roster, "en")
    assert len(today) == len(roster.members)  # 汽三 becomes a general branch: everyone moves
    assert set(today["from_branch"]) == {"汽三"}
    assert set(today["to_branch"]) <= set(plan.branches["name"])
    member = str(plan.assignments.iloc[0]["member_id"])
    edited = recheck(
        roster, plan, [Move(member, new_comprehensive_id(plan.layout, "汽三"))], SETTINGS, "en"
    ).plan
    against = changes_frame(edited, roster, "en", current=plan)
    assert against["member_id"].tolist() == [member]
    assert against.iloc[0]["from_branch"] in set(plan.branches["name"])
    by_frame = changes_frame(edited, roster, "en", current=plan.assignments)
    assert by_frame["member_id"].tolist() == [member]


def test_members_csv_has_a_bom_and_inert_cells(plan: Plan, roster: Roster) -> None:
    data = members_csv(plan, roster, "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [header(c, "zh") for c in MEMBER_EXPORT_COLUMNS]
    assert len(frame) == len(roster.members)
    names = set(frame[header("name", "zh")])
    for bad in HOSTILE:
        assert neutralise(bad) in names
    for column in frame.columns:
        assert not frame[column].str.startswith(FORMULA_START).any(), column
    assert frame[header("member_id", "zh")].str.fullmatch(r"\d{5}").all()
    assert b"\r\n" in data


def test_branches_frame_names_people_and_teams(plan: Plan, roster: Roster) -> None:
    frame = branches_frame(plan, roster, "en")
    assert len(frame) == len(plan.branches)
    staffed = frame[frame["secretary"] != ""]
    assert len(staffed) and staffed["secretary"].str.contains("（").all()
    assert frame["teams"].str.contains("<script>alert(1)</script>", regex=False).any()


def test_printable_roster_is_escaped_and_laid_out_for_a4(plan: Plan, roster: Roster) -> None:
    page = printable_roster_html(plan, roster, "zh")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "size: A4" in page and "page-break-after: always" in page
    assert CJK_FONTS in page and '"Noto Sans CJK SC"' in page
    assert "<script" not in page.lower()
    assert html.escape("<script>alert(1)</script>") in page
    assert page.count('<section class="branch') == len(plan.branches)
    body = page.split("<body>", 1)[1]
    for name in roster.members["name"]:
        assert html.escape(name, quote=True) in body
    for secretary in plan.branches["secretary"]:
        if secretary:
            assert html.escape(secretary) in body
    assert "第1党小组" in body or plan.groups.empty


def test_printable_roster_for_chosen_branches_in_english(plan: Plan, roster: Roster) -> None:
    chosen = [str(plan.branches.iloc[0]["branch_id"])]
    page = printable_roster_html(plan, roster, "en", branch_ids=chosen)
    assert page.count('<section class="branch') == 1 and 'lang="en"' in page
    assert "Secretary candidate" in page
    members = plan.assignments[plan.assignments["branch_id"] == chosen[0]]["member_id"]
    assert all(f'<span class="id">{m}</span>' in page for m in members)
    assert "No branch selected" in printable_roster_html(plan, roster, "en", branch_ids=[])


def test_frame_csv_translates_known_headers_and_neutralises(plan: Plan, roster: Roster) -> None:
    moved = changes_frame(plan, roster, "en").head(3)
    moved.loc[moved.index[0], "name"] = "=1+1"
    data = frame_csv(moved.assign(extra="-x"), "en")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == ["Member ID", "Name", "Area", "From", "To", "Why", "extra"]
    assert back.iloc[0]["Name"] == "'=1+1" and (back["extra"] == "'-x").all()
    assert len(back) == 3


def test_summary_metrics_and_rule_figures_are_numbers(plan: Plan, workbook: openpyxl.Workbook) -> None:
    from planner.compare import METRICS_BY_KEY, metric_values
    from planner.i18n import t

    summary = workbook[sheet_name("summary", "zh")]
    cells = {row[0].value: row[1] for row in summary.iter_rows() if len(row) > 1 and row[0].value}
    share = cells[t(METRICS_BY_KEY["first_choice_share"].label, "zh")]
    assert share.data_type == "n" and "%" in share.number_format
    assert share.value == pytest.approx(metric_values(plan)["first_choice_share"])
    assert cells[t(METRICS_BY_KEY["branches"].label, "zh")].value == len(plan.branches)
    cap = cells[t("workshop.setting.rules.max_branch_size", "zh")]
    assert cap.data_type == "n" and cap.value == plan.settings.rules.max_branch_size


def test_printable_roster_has_a_header_signature_lines_and_no_branch_ids(plan: Plan, roster: Roster) -> None:
    from datetime import date

    page = printable_roster_html(plan, roster, "zh", scenario="方案 <1>", day=date(2026, 5, 1))
    body = page.split("<body>", 1)[1]
    sections = body.count('<section class="branch')
    assert body.count("方案：方案 &lt;1&gt;") == sections and body.count("2026-05-01") == sections
    assert body.count("居民区党组织书记（签字）") == sections
    assert "break-after: page" in page and "size: A4" in page and "column-count: 2" in page
    for branch_id in plan.branches["branch_id"]:
        assert html.escape(str(branch_id)) not in body  # ids such as 汽三/joint:T1+T2 never printed
    assert "/joint:" not in body and "/team:" not in body and "/comprehensive" not in body


def test_a_big_branch_gets_more_columns_to_stay_on_one_page(plan: Plan, roster: Roster) -> None:
    from planner.export import CROWDED_MEMBERS

    biggest = str(plan.branches.sort_values("size").iloc[-1]["branch_id"])
    everyone = plan.assignments.assign(branch_id=biggest)
    one = replace(plan, assignments=everyone, branches=plan.branches[plan.branches["branch_id"] == biggest])
    assert len(everyone) >= CROWDED_MEMBERS
    page = printable_roster_html(one, roster, "en")
    assert '<section class="branch crowded">' in page


RAW_CODES = (
    "any",
    "true",
    "false",
    "with_team",
    "follow_teams",
    "cbc",
    "highs",
    "weights.",
    "rules.",
    "solver.",
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_sheet_speaks_words_not_codes(plan: Plan, roster: Roster, lang: str) -> None:
    from planner.i18n import t

    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, roster, lang)))
    summary = book[sheet_name("summary", lang)]
    values = [str(c.value) for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    for value in values:
        assert value.strip() not in RAW_CODES, value  # "HiGHS", "CBC": the solvers by name
        assert not value.startswith(("weights.", "rules.", "solver.", "constraints.")), value
    assert t("uiw.preset.follow_teams", lang) in values
    assert t("uiw.option.mobility_placement.with_team", lang) in values
    assert t("pictures.value.yes", lang) in values
    assert t("workshop.setting.weights.attached", lang) in values
    # the solver's status column is not headed "status" (党员类别), and its values are words
    assert t("pictures.col.solve_status", lang) in values and t("workshop.col.status", lang) not in values


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_branch_sheet_heads_the_branch_name_as_a_branch_name(plan: Plan, roster: Roster, lang: str) -> None:
    from planner.i18n import t

    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan, roster, lang)))
    heads = [c.value for c in book[sheet_name("branches", lang)][1]]
    assert t("pictures.col.branch_name", lang) in heads and t("workshop.col.name", lang) not in heads
    # branch ids only in the branch-id columns of every sheet
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            continue
        id_columns = {i for i, h in enumerate(rows[0]) if h == header("branch_id", lang)}
        for row in rows[1:]:
            for i, value in enumerate(row):
                if i not in id_columns and isinstance(value, str):
                    assert "/joint:" not in value and "/team:" not in value, (sheet.title, value)
                    assert not value.endswith("/comprehensive"), (sheet.title, value)
