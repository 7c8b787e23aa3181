"""planner.reader: files in, a Roster or a listed RosterError out.

Workbooks are built in memory with openpyxl; CSV files are inline text. The helpers at the
top are shared with tests/test_validation.py and tests/test_reader_properties.py.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import xlwt

from planner.config import DEFAULT_LIMITS, LANGUAGES, InputLimits
from planner.i18n import t
from planner.reader import decode_text, issues_frame, read_roster_paths, read_roster_uploads
from planner.schema import ISSUE_COLUMNS, MEMBER_COLUMNS, TEAM_COLUMNS, Issue, Roster, RosterError, Severity

MEMBERS_CSV = """党员编号,姓名,居民区,党员类别,出生年月,参加团队
001,张三,汽三,正式党员,1950年3月,合唱队；戏曲队
002,李四,汽三,预备党员,1962.5,合唱队
003,王五,瑞丽,正式党员,1948,巡逻队
"""
TEAMS_CSV = """团队名称,居民区,团队类型,负责人
合唱队,汽三,文化艺术型,张三
戏曲队,汽三,文化艺术型,001
巡逻队,瑞丽,公益服务型,
"""
MEMBER_ROWS: list[list[object]] = [
    ["党员编号", "姓名", "居民区", "党员类别", "出生年月", "参加团队"],
    ["001", "张三", "汽三", "正式党员", datetime(1950, 3, 1), "合唱队；戏曲队"],
    ["002", "李四", "汽三", "预备党员", "1962.5", "合唱队"],
    ["003", "王五", "瑞丽", "正式党员", 1948, "巡逻队"],
]
TEAM_ROWS: list[list[object]] = [
    ["团队名称", "居民区", "团队类型", "负责人"],
    ["合唱队", "汽三", "文化艺术型", "张三"],
    ["戏曲队", "汽三", "文化艺术型", "001"],
    ["巡逻队", "瑞丽", "公益服务型", None],
]


def xlsx_bytes(sheets: Mapping[str, Sequence[Sequence[Any]]], merge_title: str | None = None) -> bytes:
    """A workbook with one sheet per entry (rows as given, None = empty cell)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if merge_title:
            sheet.merge_cells(merge_title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_bytes(sheets: Mapping[str, Sequence[Sequence[Any]]], merge_title: str | None = None) -> bytes:
    """The same workbook as :func:`xlsx_bytes`, saved as old Excel (.xls, BIFF8) by xlwt."""
    book = xlwt.Workbook(encoding="utf-8")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title.strip() or "Sheet")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if merge_title and r == 0 and c == 0:
                    last = ord(merge_title.split(":")[1][0]) - ord("A")
                    sheet.write_merge(0, 0, 0, last, value)
                elif isinstance(value, datetime):
                    sheet.write(r, c, value, dated)
                else:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: both workbook formats: each test below reads the same content from .xlsx and from .xls
BOOKS = pytest.mark.parametrize(("make_book", "suffix"), [(xlsx_bytes, ".xlsx"), (xls_bytes, ".xls")])


def sample_workbook() -> bytes:
    return xlsx_bytes({"党员": MEMBER_ROWS, "团队": TEAM_ROWS})


def read_csv_text(
    members: str, teams: str | None = None, encoding: str = "utf-8", limits: InputLimits = DEFAULT_LIMITS
) -> Roster:
    files = [("members.csv", members.encode(encoding))]
    if teams is not None:
        files.append(("teams.csv", teams.encode(encoding)))
    return read_roster_uploads(files, limits)


def refused(files: Sequence[tuple[str, bytes]], limits: InputLimits = DEFAULT_LIMITS) -> list[Issue]:
    """The issues of a load that must fail."""
    with pytest.raises(RosterError) as caught:
        read_roster_uploads(files, limits)
    return caught.value.issues


def assert_issue(
    issues: Sequence[Issue], code: str, *, row: int | None = None, sheet: str | None = None
) -> Issue:
    """The one issue with ``code`` (and ``row``/``sheet`` when given); its problem and action
    render, differently, in every language."""
    found = [
        i
        for i in issues
        if i.code == code and (row is None or i.row == row) and (sheet is None or i.sheet == sheet)
    ]
    assert found, f"no {code} (row {row}) in {[(i.code, i.sheet, i.row) for i in issues]}"
    issue = found[0]
    texts = {lang: issues_frame([issue], lang).iloc[0] for lang in LANGUAGES}
    for lang, record in texts.items():
        assert record["problem"].strip() and record["action"].strip(), lang
        assert "{" not in record["problem"] + record["action"], record  # every placeholder filled
    assert texts["zh"]["problem"] != texts["en"]["problem"]
    return issue


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_each_encoding_reads_the_same_roster(encoding: str, reported: str) -> None:
    roster = read_csv_text(MEMBERS_CSV, TEAMS_CSV, encoding)
    assert roster.encodings == (("members.csv", reported), ("teams.csv", reported))
    assert roster.members["name"].tolist() == ["张三", "李四", "王五"]
    assert roster.members["teams"].tolist() == [("合唱队", "戏曲队"), ("合唱队",), ("巡逻队",)]
    assert roster.fingerprint == read_csv_text(MEMBERS_CSV, TEAMS_CSV).fingerprint


def test_gb18030_only_characters_decode() -> None:
    # 𠀀 (U+20000) is outside GBK: only GB18030's four-byte form can carry it.
    text, encoding = decode_text("编号,姓名\n1,𠀀\n".encode("gb18030"))
    assert (text, encoding) == ("编号,姓名\n1,𠀀\n", "gb18030")


def test_decode_order_bom_then_utf8_then_gb18030() -> None:
    assert decode_text("\ufeff姓名".encode()) == ("姓名", "utf-8-sig")
    assert decode_text("姓名".encode("utf-16")) == ("姓名", "utf-16")
    assert decode_text("姓名".encode()) == ("姓名", "utf-8")
    assert decode_text("姓名".encode("gbk")) == ("姓名", "gb18030")


def test_undecodable_bytes_raise_encoding_error() -> None:
    with pytest.raises(RosterError) as caught:
        decode_text(b"\xff\xff\xff")
    assert [i.code for i in caught.value.issues] == ["encoding"]
    issues = refused([("m.csv", b"member_id,name\n\xff\xff\xff")])
    assert_issue(issues, "encoding", sheet="m.csv")


def test_tab_delimited_utf16_text_as_excel_saves_unicode_text() -> None:
    text = MEMBERS_CSV.replace(",", "\t")
    roster = read_roster_uploads([("members.txt", text.encode("utf-16"))])
    assert roster.members["member_id"].tolist() == ["001", "002", "003"]
    assert roster.encodings == (("members.txt", "utf-16"),)


# --- workbooks ---------------------------------------------------------------------------


@BOOKS
def test_workbook_with_title_row_blank_rows_and_sheets_in_any_order(make_book: Any, suffix: str) -> None:
    title: list[list[object]] = [["鹤城街道党员名册（2024年）", None, None, None, None, None], [], [None]]
    data = make_book({"团队": [["团队名册"], [], *TEAM_ROWS], "党员名册": [*title, *MEMBER_ROWS]}, "A1:F1")
    roster = read_roster_uploads([("名册" + suffix, data)])
    assert roster.encodings == (("名册" + suffix, "xlsx"),)
    # title, two blank rows, header on row 4: members on rows 5-7 as Excel shows them
    assert roster.members["source_row"].tolist() == [5, 6, 7]
    assert roster.teams["source_row"].tolist() == [4, 5, 6]
    assert roster.members["birth_year"].tolist() == [1950, 1962, 1948]
    assert roster.teams["leader_id"].tolist() == ["001", "001", ""]


@BOOKS
def test_workbook_and_csv_pair_give_the_same_roster(make_book: Any, suffix: str) -> None:
    from_xlsx = read_roster_uploads([("r" + suffix, make_book({"党员": MEMBER_ROWS, "团队": TEAM_ROWS}))])
    from_csv = read_csv_text(MEMBERS_CSV, TEAMS_CSV, "gbk")
    assert from_xlsx.fingerprint == from_csv.fingerprint
    pd.testing.assert_frame_equal(from_xlsx.members, from_csv.members)


def test_english_sheet_names_with_case_and_spaces() -> None:
    data = xlsx_bytes({" Teams ": TEAM_ROWS, "MEMBERS": MEMBER_ROWS})
    roster = read_roster_uploads([("r.xlsx", data)])
    assert len(roster.members) == 3 and len(roster.teams) == 3


def test_sheets_named_otherwise_are_told_apart_by_headers() -> None:
    notes = [["列", "说明"], ["党员编号", "每名党员唯一"]]
    data = xlsx_bytes({"说明": notes, "Sheet2": TEAM_ROWS, "Sheet1": MEMBER_ROWS})
    roster = read_roster_uploads([("r.xlsx", data)])
    assert roster.members["member_id"].tolist() == ["001", "002", "003"]
    assert roster.teams["name"].tolist() == ["合唱队", "戏曲队", "巡逻队"]


def test_workbook_without_teams_sheet_infers_teams() -> None:
    roster = read_roster_uploads([("r.xlsx", xlsx_bytes({"党员": MEMBER_ROWS}))])
    assert set(roster.teams["name"]) == {"合唱队", "戏曲队", "巡逻队"}
    assert_issue(roster.warnings, "teams_inferred")


@BOOKS
def test_excel_numbers_become_text_ids(make_book: Any, suffix: str) -> None:
    rows: list[list[Any]] = [
        ["member_id", "name", "area", "note"],
        [1.0, "A", "X", "甲"],
        [2, "B", "X", 3.25],
    ]
    rows.append(["007", "C", "X", None])
    roster = read_roster_uploads([("r" + suffix, make_book({"members": rows}))])
    assert roster.members["member_id"].tolist() == ["1", "2", "007"]
    assert roster.members["note"].tolist() == ["甲", "3.25", ""]


def test_excel_numbers_become_text_ids_and_formulas_are_not_evaluated() -> None:
    rows: list[list[Any]] = [
        ["member_id", "name", "area", "note"],
        [1.0, "A", "X", "=1+1"],
        [2, "B", "X", 3.25],
        [12345678901, '="C"', "X", None],
    ]
    with pytest.raises(RosterError) as caught:
        read_roster_uploads([("r.xlsx", xlsx_bytes({"members": rows}))])
    # The formula in "name" has no cached value (openpyxl never computes one): the cell is empty.
    issue = assert_issue(caught.value.issues, "empty_required", row=4)
    assert issue.column == "name"
    rows[3][1] = "C"
    roster = read_roster_uploads([("r.xlsx", xlsx_bytes({"members": rows}))])
    assert roster.members["member_id"].tolist() == ["1", "2", "12345678901"]
    assert roster.members["note"].tolist() == ["", "3.25", ""]


@BOOKS
def test_excel_booleans_dates_with_times_and_fractions(make_book: Any, suffix: str) -> None:
    rows = [
        ["member_id", "name", "area", "hardship", "birth_date", "score"],
        ["1", "A", "X", True, datetime(1950, 3, 15, 8, 30), 0.1 + 0.2],
        ["2", "B", "X", False, datetime(1961, 1, 1), 1950.5],
    ]
    roster = read_roster_uploads([("r" + suffix, make_book({"members": rows}))])
    assert roster.members["hardship"].tolist() == [True, False]
    assert roster.members["birth_year"].tolist() == [1950, 1961]
    assert roster.members["score"].tolist() == ["0.3", "1950.5"]  # as Excel shows it, not 0.30000000000000004


def test_missing_members_sheet() -> None:
    issues = refused([("r.xlsx", xlsx_bytes({"Sheet1": [["hello"]], "团队": TEAM_ROWS}))])
    assert_issue(issues, "missing_sheet", sheet="r.xlsx")


def test_duplicate_members_sheets() -> None:
    issues = refused([("r.xlsx", xlsx_bytes({"党员": MEMBER_ROWS, "members": MEMBER_ROWS}))])
    issue = assert_issue(issues, "duplicate_sheet")
    assert "党员" in dict(issue.params)["names"]


# --- CSV files ---------------------------------------------------------------------------


def test_csv_pair_in_either_order() -> None:
    forward = read_roster_uploads([("a.csv", MEMBERS_CSV.encode()), ("b.csv", TEAMS_CSV.encode())])
    backward = read_roster_uploads([("b.csv", TEAMS_CSV.encode()), ("a.csv", MEMBERS_CSV.encode())])
    assert forward.fingerprint == backward.fingerprint
    assert backward.members["source_row"].tolist() == [2, 3, 4]


def test_members_csv_alone_infers_teams_of_type_other() -> None:
    roster = read_csv_text(MEMBERS_CSV)
    teams = roster.teams.sort_values(["area", "name"])
    assert teams[["team_id", "area", "type"]].values.tolist() == [
        ["合唱队", "汽三", "other"],
        ["戏曲队", "汽三", "other"],
        ["巡逻队", "瑞丽", "other"],
    ]
    assert roster.members["teams"].tolist()[0] == ("合唱队", "戏曲队")
    issue = assert_issue(roster.warnings, "teams_inferred", sheet="members.csv")
    assert dict(issue.params)["count"] == "3"


def test_teams_csv_alone_is_refused() -> None:
    assert_issue(refused([("t.csv", TEAMS_CSV.encode())]), "need_members_file")


def test_two_members_csvs_cannot_be_told_apart() -> None:
    issues = refused([("a.csv", MEMBERS_CSV.encode()), ("b.csv", MEMBERS_CSV.encode())])
    assert_issue(issues, "csv_pair_unclear")


def test_leading_zeros_and_long_ids_stay_text() -> None:
    roster = read_csv_text("编号,姓名,居民区\n000123,甲,X\n110101195003150011,乙,X\n")
    assert roster.members["member_id"].tolist() == ["000123", "110101195003150011"]


def test_quoted_csv_cells_with_separators_and_newlines() -> None:
    text = 'member_id,name,area,teams\n1,"Wang, Jr.",X,"a, b"\n2,"two\nlines",X,\n'
    roster = read_csv_text(text)
    assert roster.members["name"].tolist() == ["Wang, Jr.", "two\nlines"]
    assert roster.members["teams"].tolist() == [("a", "b"), ()]


# --- refused files -----------------------------------------------------------------------


def test_file_over_the_upload_cap() -> None:
    limits = InputLimits(max_upload_bytes=100)
    issue = assert_issue(refused([("m.csv", MEMBERS_CSV.encode())], limits), "too_large", sheet="m.csv")
    assert dict(issue.params)["limit_mb"] == "0.0"


def test_file_over_the_upload_cap_by_path_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 500)
    with pytest.raises(RosterError) as caught:
        read_roster_paths([path], InputLimits(max_upload_bytes=100))
    assert [i.code for i in caught.value.issues] == ["too_large"]


def test_paths_read_like_uploads_and_a_missing_path_is_listed(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_bytes(MEMBERS_CSV.encode("gbk"))
    (tmp_path / "t.csv").write_bytes(TEAMS_CSV.encode("utf-8-sig"))
    roster = read_roster_paths([tmp_path / "t.csv", tmp_path / "m.csv"])
    assert roster.encodings == (("t.csv", "utf-8-sig"), ("m.csv", "gb18030"))
    with pytest.raises(RosterError) as caught:
        read_roster_paths([tmp_path / "m.csv", tmp_path / "nope.csv"])
    assert_issue(caught.value.issues, "cannot_open", sheet="nope.csv")


@pytest.mark.parametrize("name", ["roster.pdf", "roster.docx"])
def test_unsupported_file_types(name: str) -> None:
    issue = assert_issue(refused([(name, b"%PDF-1.4 whatever")]), "unsupported_file", sheet=name)
    assert issue.value == Path(name).suffix


@pytest.mark.parametrize("name", ["roster.xls", "roster.ods"])
def test_workbook_suffix_on_other_bytes_is_unreadable(name: str) -> None:
    assert_issue(refused([(name, b"%PDF-1.4 whatever")]), "unreadable", sheet=name)


def test_encrypted_workbook_and_wps_file_say_how_to_save_as_xlsx() -> None:
    # A password-protected .xlsx is an OLE file holding an "EncryptedPackage" stream.
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le")
    issue = assert_issue(refused([("roster.xlsx", ole)]), "encrypted")
    assert ".xlsx" in t("action.encrypted", "zh", **dict(issue.params))
    issue = assert_issue(refused([("roster.et", b"\0" * 100)]), "wps_et", sheet="roster.et")
    assert "Excel 工作簿（*.xlsx）" in t("action.wps_et", "zh")
    assert "Save As" in t("action.wps_et", "en")


def test_damaged_old_excel_file_is_unreadable() -> None:
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600
    assert_issue(refused([("roster.xls", ole)]), "unreadable")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("r.xlsx", b"member_id,name,area\n1,a,b\n"),  # text in a workbook's clothes
        ("r.xlsx", b"PK\x03\x04 not really a zip"),
        ("m.csv", b"member_id,name\x00,area\n"),  # binary content
    ],
)
def test_unreadable_files(name: str, data: bytes) -> None:
    assert_issue(refused([(name, data)]), "unreadable", sheet=name)


def test_workbook_without_workbook_parts_is_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert_issue(refused([("r.xlsx", buffer.getvalue())]), "unreadable")


def _zip_with(part_size: int, entries: int = 1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(entries):
            archive.writestr(f"xl/part{n}.xml", b"\0" * part_size)
    return buffer.getvalue()


def test_zip_bomb_by_compression_ratio() -> None:
    data = _zip_with(64 * 1024 * 1024)  # 64 MB of zeros packs into well under 1 MB
    assert len(data) < 1024 * 1024
    issue = assert_issue(refused([("bomb.xlsx", data)]), "zip_bomb", sheet="bomb.xlsx")
    assert float(dict(issue.params)["ratio"]) > 200


def test_zip_bomb_by_inflated_size_and_by_entry_count() -> None:
    workbook = sample_workbook()
    assert_issue(refused([("r.xlsx", workbook)], InputLimits(max_unzipped_bytes=1000)), "zip_bomb")
    assert_issue(refused([("r.xlsx", workbook)], InputLimits(max_zip_entries=3)), "zip_bomb")
    assert read_roster_uploads([("r.xlsx", workbook)]).members.shape[0] == 3  # default limits let it in


@BOOKS
def test_too_many_rows_in_workbook_and_csv(make_book: Any, suffix: str) -> None:
    limits = InputLimits(max_rows=2)
    issues = refused([("r" + suffix, make_book({"党员": MEMBER_ROWS, "团队": TEAM_ROWS}))], limits)
    assert_issue(issues, "too_many_rows", sheet="党员")
    issues = refused([("m.csv", MEMBERS_CSV.encode())], limits)
    assert_issue(issues, "too_many_rows", sheet="m.csv")
    assert read_roster_uploads([("m.csv", MEMBERS_CSV.encode())], InputLimits(max_rows=3))


def test_wrong_file_combinations_and_no_files() -> None:
    workbook = sample_workbook()
    issue = assert_issue(refused([("a.xlsx", workbook), ("b.xlsx", workbook)]), "wrong_files")
    assert dict(issue.params) == {"workbooks": "2", "csvs": "0"}
    assert_issue(refused([("a.xlsx", workbook), ("m.csv", MEMBERS_CSV.encode())]), "wrong_files")
    three = [(f"{n}.csv", MEMBERS_CSV.encode()) for n in range(3)]
    assert_issue(refused(three), "wrong_files")
    assert_issue(refused([]), "no_files")


def test_every_file_problem_is_listed_at_once() -> None:
    limits = InputLimits(max_upload_bytes=1000)
    issues = refused(
        [("big.csv", b"x" * 2000), ("r.pdf", b"%PDF"), ("o.et", bytes.fromhex("D0CF11E0A1B11AE1"))], limits
    )
    assert [(i.code, i.sheet) for i in issues] == [
        ("too_large", "big.csv"),
        ("unsupported_file", "r.pdf"),
        ("wps_et", "o.et"),
    ]


@pytest.mark.timeout(120)
def test_sheet_claiming_a_row_past_excels_last_row_ends() -> None:
    # A hostile sheet may put one cell at row 10^9: the parser would need a cell for every row
    # before it; the worker's memory cap stops it and the product says so.
    source = zipfile.ZipFile(io.BytesIO(sample_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row>'
                part = part.replace(b"</sheetData>", far + b"</sheetData>")
            archive.writestr(info, part)
    assert_issue(refused([("r.xlsx", buffer.getvalue())]), "read_memory", sheet="r.xlsx")


# --- the problems table ------------------------------------------------------------------


def test_issues_frame_in_both_languages_errors_first_in_file_order() -> None:
    members = "党员编号,姓名,居民区,性别\n1,甲,X,火星人\n1,乙,X,男\n2,,X,女\n"
    issues = refused([("m.csv", members.encode())])
    zh, en = issues_frame(issues, "zh"), issues_frame(issues, "en")
    for frame in (zh, en):
        assert tuple(frame.columns) == ISSUE_COLUMNS
        assert str(frame["row"].dtype) == "Int64"
        assert frame["row"].tolist() == [3, 4, 2]  # errors (rows 3, 4), then the warning (row 2)
    assert zh["severity"].tolist() == ["错误", "错误", "警告"]
    assert en["severity"].tolist() == ["Error", "Error", "Warning"]
    assert en.loc[0, "problem"] == "Member id “1” appears twice: rows 2 and 3."
    assert zh.loc[0, "problem"] == "党员编号“1”重复：第 2 行和第 3 行。"
    assert en.loc[2, "problem"] == "Unrecognised value “火星人” (1 row(s)); treated as “unknown”."
    assert en.loc[2, "action"] == "To correct it, use one of: male, female."
    assert zh.loc[2, "action"] == "如需更正，请改为以下之一：男、女。"
    assert zh.loc[1, "column"] == "姓名" and zh.loc[1, "sheet"] == "m.csv"
    assert issues_frame([], "en").empty and tuple(issues_frame([], "en").columns) == ISSUE_COLUMNS


def test_issue_without_row_shows_na_and_unknown_language_falls_back() -> None:
    issue = Issue(Severity.ERROR, "no_files")
    frame = issues_frame([issue], "fr")
    assert frame["row"].isna().all()
    assert frame["problem"].tolist() == issues_frame([issue], "zh")["problem"].tolist()


# --- shape and speed ---------------------------------------------------------------------


def test_result_columns_and_dtypes() -> None:
    roster = read_roster_uploads([("r.xlsx", sample_workbook())])
    assert tuple(roster.members.columns) == MEMBER_COLUMNS
    assert tuple(roster.teams.columns) == TEAM_COLUMNS
    dtypes = roster.members.dtypes.astype(str).to_dict()
    assert dtypes["birth_year"] == "Int64" and dtypes["hardship"] == "bool"
    assert dtypes["member_id"] == "object" and dtypes["teams"] == "object" and dtypes["source_row"] == "int64"
    assert roster.teams.dtypes.astype(str).to_dict()["participants"] == "Int64"
    assert all(isinstance(v, str) for v in roster.members["member_id"])


def test_six_thousand_members_read_quickly() -> None:
    header = [
        "党员编号",
        "姓名",
        "居民区",
        "党员类别",
        "性别",
        "出生年月",
        "就业状态",
        "身体状况",
        "生活困难",
        "骨干",
        "参加团队",
    ]
    rows: list[list[object]] = [["某街道党员名册"], [], list(header)]
    for n in range(6000):
        area = f"居民区{n % 39}"
        rows.append(
            [
                f"{n:05d}",
                f"党员{n}",
                area,
                "正式党员",
                "女",
                datetime(1950, 1, 1),
                "退休",
                "正常",
                "否",
                "无",
                f"队{n % 5}",
            ]
        )
    teams: list[list[object]] = [["团队名称", "居民区", "团队类型"]]
    teams += [[f"队{k}", f"居民区{a}", "文化艺术型"] for a in range(39) for k in range(5)]
    data = xlsx_bytes({"党员": rows, "团队": teams})
    roster = read_roster_uploads([("r.xlsx", data)])  # timing: bench/read_stats.py
    assert len(roster.members) == 6000 and len(roster.teams) == 195


def ods_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """A minimal OpenDocument spreadsheet (one sheet of text cells), as LibreOffice saves one."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    body = "".join(
        "<table:table-row>" + "".join(cell.format(c) for c in row) + "</table:table-row>" for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def test_opendocument_spreadsheet_reads() -> None:
    rows = [["党员编号", "姓名", "居民區(qū)"], ["001", "甲", "X"], ["002", "乙", "X"]]
    roster = read_roster_uploads([("r.ods", ods_bytes(rows))])
    assert roster.members["member_id"].tolist() == ["001", "002"]


def test_reading_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc
    import threading

    data = sample_workbook()
    threads = [threading.Thread(target=read_roster_uploads, args=([("r.xlsx", data)],)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
    with pytest.raises(RosterError):
        read_roster_uploads([("m.csv", b"member_id,name,area\n1,,X\n")])
    assert gc.isenabled()
    gc.disable()
    try:
        read_roster_uploads([("r.xlsx", data)])
        assert not gc.isenabled()
    finally:
        gc.enable()
