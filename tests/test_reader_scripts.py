"""Rosters as they really come (issue 9): either Chinese script, bracketed notes in headers and
values, old Excel, ID-card and phone numbers, any sheet names.

The hypothesis test writes one generated roster in Simplified and in Traditional script, with
and without bracketed notes, as .xlsx, .xls and a CSV pair, and checks that every variant reads
to the same roster apart from display text, that birth year and gender derived from ID numbers
are the ones the numbers were made from, and that no ID or phone number is left in the roster.
A plan made from such a roster through the command line is then searched for the numbers in
every file and line it writes.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import opencc
import openpyxl
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.bundle import bundle_bytes
from planner.cli import main
from planner.export import members_csv, plan_workbook
from planner.idcard import check_digit, derive, mask
from planner.reader import issues_frame, read_roster_uploads
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook
from planner.schema import VALUE_ZH, Roster, RosterError, Severity
from planner.settings import Settings, SolverOptions
from planner.stats import compute_statistics, statistics_to_dict
from planner.validation import label_key, normalise_label

TO_TRADITIONAL = opencc.OpenCC("s2t").convert
AREAS = ("华联居民区", "东方居民区", "临江居民区")
TEAMS = (("合唱队", "culture"), ("太极拳队", "sports"), ("读书会", "learning"), ("巡逻队", "service"))
MEMBER_HEADERS = (
    "党员编号",
    "姓名",
    "居民区",
    "党员类别",
    "就业状态",
    "身体状况",
    "生活困难",
    "骨干",
    "参加团队",
)
TEAM_HEADERS = ("团队名称", "居民区", "团队类型", "团队人数")
CHOICES = {
    "status": ("full", "probationary"),
    "employment": ("retired", "employed", "unemployed", "other"),
    "mobility": ("normal", "limited", "bedridden"),
    "hardship": ("yes", "no"),
    "role": ("secretary", "committee", "group_leader", "team_leader", "none"),
}
HARDSHIP_ZH = {"yes": "是", "no": "否"}
COMPARED = ("member_id", "status", "gender", "birth_year", "employment", "mobility", "hardship", "role")


@dataclass(frozen=True)
class Person:
    member_id: str
    name: str
    area: str
    values: dict[str, str]
    born: date
    male: bool
    teams: tuple[str, ...]
    id_number: str
    phone: str


def id_number(born: date, male: bool, serial: int) -> str:
    first17 = f"110105{born:%Y%m%d}{serial % 100:02d}{(serial % 5) * 2 + (1 if male else 0)}"
    return first17 + check_digit(first17)


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    count = draw(st.integers(min_value=3, max_value=12))
    out = []
    for number in range(count):
        area = draw(st.sampled_from(AREAS[:2]))
        born = draw(st.dates(min_value=date(1925, 1, 1), max_value=date(2000, 12, 31)))
        male = draw(st.booleans())
        teams = draw(st.lists(st.sampled_from([t for t, _ in TEAMS]), max_size=2, unique=True))
        values = {key: draw(st.sampled_from(options)) for key, options in CHOICES.items()}
        out.append(
            Person(
                f"{number + 1:05d}",
                draw(st.sampled_from(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"])) + str(number),
                area,
                values,
                born,
                male,
                tuple(teams),
                id_number(born, male, number),
                f"13{number:09d}",
            )
        )
    return out


def note(text: str, where: int) -> str:
    """``text`` with a bracketed pinyin-style note after its ``where``-th character."""
    at = 1 + where % max(len(text), 1)
    return text[:at] + ("(shù)" if where % 2 else "（注）") + text[at:]


@dataclass(frozen=True)
class Variant:
    traditional: bool
    notes: bool
    with_ids: bool  # ID and phone columns instead of birth date and gender

    def text(self, value: str, where: int = 0, *, noted: bool = True) -> str:
        out = TO_TRADITIONAL(value) if self.traditional else value
        return note(out, where) if self.notes and noted and out else out


def tables(persons: Sequence[Person], v: Variant) -> tuple[list[list[str]], list[list[str]]]:
    headers = list(MEMBER_HEADERS) + (["身份证号", "联系电话"] if v.with_ids else ["出生年月", "性别"])
    members = [[v.text(h, i) for i, h in enumerate(headers)]]
    for p in persons:
        cells = [p.member_id, p.name, v.text(p.area, noted=False)]
        cells += [
            v.text(VALUE_ZH[p.values[k]], i) for i, k in enumerate(("status", "employment", "mobility"))
        ]
        cells += [v.text(HARDSHIP_ZH[p.values["hardship"]], 1), v.text(VALUE_ZH[p.values["role"]], 2)]
        cells.append("、".join(v.text(t, noted=False) for t in p.teams))
        if v.with_ids:
            cells += [p.id_number, p.phone]
        else:
            cells += [p.born.strftime("%Y.%m"), v.text("男" if p.male else "女", 3)]
        members.append(cells)
    teams = [[v.text(h, i) for i, h in enumerate(TEAM_HEADERS)]]
    for area in AREAS[:2]:
        for i, (name, kind) in enumerate(TEAMS):
            teams.append(
                [v.text(name, noted=False), v.text(area, noted=False), v.text(VALUE_ZH[kind], i), "12"]
            )
    return members, teams


def as_xlsx(members: list[list[str]], teams: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Sheet1"
    second = book.create_sheet("2026年")
    for sheet, rows, title in ((first, members, "党员花名册"), (second, teams, "团队")):
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_xls(members: list[list[str]], teams: list[list[str]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in (("党员花名册", members), ("Sheet2", teams)):
        sheet = book.add_sheet(name)
        sheet.write_merge(0, 0, 0, 3, "2026年名册")
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row):
                sheet.write(r, c, cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def files_for(persons: Sequence[Person], v: Variant, kind: str) -> list[tuple[str, bytes]]:
    members, teams = tables(persons, v)
    if kind == "xlsx":
        return [("roster.xlsx", as_xlsx(members, teams))]
    if kind == "xls":
        return [("roster.xls", as_xls(members, teams))]
    return [("teams.csv", as_csv(teams, "gb18030")), ("members.csv", as_csv(members, "utf-8-sig"))]


def canonical(roster: Roster) -> list[tuple[object, ...]]:
    """The roster without display text: values, and areas and teams in one script."""
    rows = []
    for record in roster.members.to_dict("records"):
        teams = tuple(normalise_label(t) for t in record["teams"])
        rows.append((*(record[c] for c in COMPARED), normalise_label(record["area"]), teams))
    return sorted(rows, key=str)


def figures(roster: Roster) -> dict[str, object]:
    """The statistics that do not carry names."""
    found = statistics_to_dict(compute_statistics(roster))
    keys = ("members", "full", "probationary", "areas", "team_count", "teams_by_type", "candidates")
    return {key: found[key] for key in (*keys, "employment", "mobility", "hardship", "age_bands")}


def assert_private_numbers_gone(roster: Roster, persons: Sequence[Person]) -> None:
    text = roster.members.to_csv() + roster.teams.to_csv()
    for lang in ("zh", "en"):
        text += issues_frame([*roster.warnings, *roster.notes], lang).to_csv()
    for p in persons:
        assert p.id_number not in text and p.phone not in text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons=people(), with_ids=st.booleans())
def test_same_roster_in_either_script_with_or_without_notes_in_every_format(
    persons: list[Person], with_ids: bool
) -> None:
    reference = read_roster_uploads(files_for(persons, Variant(False, False, with_ids), "csv"))
    expected, expected_figures = canonical(reference), figures(reference)
    for traditional in (False, True):
        for notes in (False, True):
            variant = Variant(traditional, notes, with_ids)
            for kind in ("xlsx", "xls", "csv"):
                roster = read_roster_uploads(files_for(persons, variant, kind))
                assert canonical(roster) == expected, (variant, kind)
                assert figures(roster) == expected_figures, (variant, kind)
                assert not [w for w in roster.warnings if w.code == "unknown_value"], (variant, kind)
                # names and areas are shown as they were written
                written = {variant.text(p.area, noted=False) for p in persons}
                assert set(roster.members["area"]) == written
                assert_private_numbers_gone(roster, persons)
    by_id = reference.members.set_index("member_id")
    for p in persons:
        assert by_id.loc[p.member_id, "birth_year"] == p.born.year
        assert by_id.loc[p.member_id, "gender"] == ("male" if p.male else "female")
        found = derive(p.id_number)
        assert found is not None and (found.birth, found.gender == "male") == (p.born, p.male)


# --- ID numbers -----------------------------------------------------------------------------


def test_check_digit_of_the_standards_example() -> None:
    assert check_digit("11010519491231002") == "X"
    found = derive("11010519491231002X")
    assert found is not None and found.birth == date(1949, 12, 31) and found.gender == "female"
    assert derive("110105194912310021") is None  # wrong check digit
    assert derive("11010519491331002X") is None  # month 13
    assert derive("110105491231002") is not None  # 15 digits, before 1999


def test_bad_check_digit_is_a_warning_naming_the_row_never_the_whole_number() -> None:
    text = "党员编号,姓名,居民区,身份证号\n1,甲,X,110105194912310021\n2,乙,X,11010519491231002X\n"
    roster = read_roster_uploads([("m.csv", text.encode())])
    bad = [w for w in roster.warnings if w.code == "id_card_bad"]
    assert [(w.row, w.value) for w in bad] == [(2, mask("110105194912310021"))]
    assert "110105194912310021" not in issues_frame(roster.warnings, "zh").to_csv()
    assert roster.members["birth_year"].tolist()[1] == 1949
    assert roster.members["gender"].tolist() == ["unknown", "female"]


def test_id_and_phone_columns_are_dropped_and_the_column_report_says_so() -> None:
    text = (
        "党员编号,姓名,居民区,身份证号码(18位),手机号,紧急联系人电话\n"
        "1,甲,X,11010519491231002X,13800000000,13900000000\n"
    )
    roster = read_roster_uploads([("m.csv", text.encode())])
    assert "身份证号码(18位)" not in roster.members.columns and "手机号" not in roster.members.columns
    assert "紧急联系人电话" not in roster.members.columns  # an unknown header over phone numbers
    notes = issues_frame(roster.notes, "en")
    assert all(n.severity is Severity.NOTE for n in roster.notes)
    assert len(notes) == 3
    assert "used to derive birth dates and genders, then discarded" in notes["problem"].iloc[0]
    assert not any(w.code.startswith(("id_card", "private")) for w in roster.warnings)


def test_plan_outputs_and_logs_of_a_roster_with_ids_and_phones_hold_neither(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    persons = [
        Person(f"{n:05d}", f"人{n}", "华联居民区", {}, date(1950, 1, 1 + n), n % 2 == 0, ("合唱队",), "", "")
        for n in range(1, 9)
    ]
    persons = [
        Person(
            p.member_id,
            p.name,
            p.area,
            p.values,
            p.born,
            p.male,
            p.teams,
            id_number(p.born, p.male, i),
            f"1390000{i:04d}",
        )
        for i, p in enumerate(persons)
    ]
    header = "党员编号,姓名,居民区,骨干,参加团队,身份证号,联系电话\n"
    rows = "".join(
        f"{p.member_id},{p.name},{p.area},团队负责人,合唱队,{p.id_number},{p.phone}\n" for p in persons
    )
    roster_path = tmp_path / "members.csv"
    roster_path.write_text(header + rows, encoding="utf-8")
    caplog.set_level(logging.DEBUG)
    out_json, out_xlsx = tmp_path / "plan.json", tmp_path / "plan.xlsx"
    status = main(
        ["plan", str(roster_path), "--json", str(out_json), "--out", str(out_xlsx), "--workers", "1"]
    )
    assert status == 0
    captured = capsys.readouterr()
    written = out_json.read_text(encoding="utf-8") + captured.out + captured.err + caplog.text
    with zipfile.ZipFile(out_xlsx) as archive:
        written += "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    roster = read_roster_uploads([("members.csv", roster_path.read_bytes())])
    plan = plan_community(roster, Settings(solver=SolverOptions(workers=1, time_limit=10.0)))
    book = ScenarioBook().add(Scenario("甲", Settings(), plan))
    with zipfile.ZipFile(io.BytesIO(bundle_bytes(roster.fingerprint, book))) as archive:
        written += "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    written += members_csv(plan, roster, "zh").decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(plan_workbook(plan, roster, "en"))) as archive:
        written += "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert json.loads(out_json.read_text(encoding="utf-8"))["assignments"]
    for p in persons:
        assert p.id_number not in written and p.phone not in written


# --- sheets, ids, names ---------------------------------------------------------------------


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MEMBER_ROWS = [["党员编号", "姓名", "居民区"], ["1", "甲", "X"], ["2", "乙", "X"]]


def test_two_candidate_member_sheets_are_an_error_naming_both() -> None:
    data = workbook(
        {"Sheet1": MEMBER_ROWS, "2025年": MEMBER_ROWS, "团队": [["团队名称", "居民区"], ["合唱队", "X"]]}
    )
    with pytest.raises(RosterError) as caught:
        read_roster_uploads([("r.xlsx", data)])
    (issue,) = caught.value.issues
    assert issue.code == "duplicate_sheet"
    text = issues_frame([issue], "en")["problem"].iloc[0]
    assert "Sheet1" in text and "2025年" in text


def test_sheets_are_found_by_their_headers_whatever_their_names() -> None:
    teams = [["鹤城街道团队名册"], [], ["团队名称", "居民区", "团队类型"], ["合唱队", "X", "文化藝術(shù)型"]]
    data = workbook({"说明": [["本表说明"]], "2026年": teams, "Sheet1": [["党员花名册"], *MEMBER_ROWS]})
    roster = read_roster_uploads([("r.xlsx", data)])
    assert len(roster.members) == 2 and roster.teams["type"].tolist() == ["culture"]


def test_ids_differing_in_width_or_spaces_collide_and_both_rows_are_named() -> None:
    text = "党员编号,姓名,居民区\n0005435,甲,X\n０００５４３５,乙,X\n000 5435,丙,X\n"
    with pytest.raises(RosterError) as caught:
        read_roster_uploads([("m.csv", text.encode())])
    issues = caught.value.issues
    assert [(i.code, i.row, dict(i.params)["first_row"]) for i in issues] == [
        ("duplicate_id_variant", 3, "2"),
        ("duplicate_id_variant", 4, "2"),
    ]
    problem = issues_frame(issues, "en")["problem"].iloc[0]
    assert "“0005435” in row 2" in problem and "“０００５４３５” in row 3" in problem


def test_full_width_id_is_kept_normalised() -> None:
    roster = read_roster_uploads([("m.csv", "党员编号,姓名,居民区\n０１２ ３,甲,X\n".encode())])
    assert roster.members["member_id"].tolist() == ["0123"]


def test_long_names_are_capped_with_a_warning() -> None:
    long_name = "张" * 40_000
    text = f"党员编号,姓名,居民区\n1,{long_name},X\n2,乙,X\n"
    roster = read_roster_uploads([("m.csv", text.encode())])
    assert roster.members["name"].str.len().tolist() == [100, 1]
    (warning,) = [w for w in roster.warnings if w.code == "name_too_long"]
    assert warning.row == 2 and len(warning.value) < 30
    assert "40000" in issues_frame([warning], "en")["problem"].iloc[0]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("居民區(qū)", "居民区"),
        ("出生年月（格式：1950.01）", "出生年月"),
        ("联系电话(手机)", "联系电话"),
        ("文化藝術(shù)型", "文化艺术型"),
        ("【注】团队名称", "团队名称"),
        ("(无)", "(无)"),
    ],
)
def test_label_key_drops_notes_and_converts_script(written: str, key: str) -> None:
    assert label_key(written) == normalise_label(key)
