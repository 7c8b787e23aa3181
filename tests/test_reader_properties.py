"""Any bytes at all give either a Roster or a RosterError, never another exception.

Fed through both the CSV and the workbook path: random bytes, random zip files, truncated and
damaged real workbooks, and random tables built from header and value words, so the checks
past the header are exercised too. Every issue raised also renders in both languages.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.config import LANGUAGES, InputLimits
from planner.reader import issues_frame, read_roster_uploads
from planner.schema import MEMBER_COLUMNS, TEAM_COLUMNS, Roster, RosterError
from tests.test_reader import MEMBER_ROWS, TEAM_ROWS, sample_workbook, xls_bytes, xlsx_bytes

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORKBOOK = sample_workbook()
WORKBOOK_PARTS = [
    (i.filename, zipfile.ZipFile(io.BytesIO(WORKBOOK)).read(i))
    for i in zipfile.ZipFile(io.BytesIO(WORKBOOK)).infolist()
]
XLS = xls_bytes({"党员": MEMBER_ROWS, "团队": TEAM_ROWS})
# Small limits so the limit checks are reached by small inputs too.
LIMITS = [InputLimits(), InputLimits(max_rows=3, header_search_rows=3, max_upload_bytes=3000)]


def load(files: Sequence[tuple[str, bytes]], limits: InputLimits = LIMITS[0]) -> Roster | None:
    """The roster, or None when refused with our own error (whose issues must render)."""
    try:
        roster = read_roster_uploads(files, limits)
    except RosterError as refused:
        assert refused.issues
        for lang in LANGUAGES:
            frame = issues_frame(refused.issues, lang)
            assert len(frame) == len(refused.issues)
        return None
    check_roster(roster)
    return roster


def check_roster(roster: Roster) -> None:
    members, teams = roster.members, roster.teams
    assert tuple(members.columns[: len(MEMBER_COLUMNS)]) == MEMBER_COLUMNS
    assert tuple(teams.columns[: len(TEAM_COLUMNS)]) == TEAM_COLUMNS
    assert members["member_id"].is_unique and (members["member_id"] != "").all()
    known = set(zip(teams["area"], teams["team_id"], strict=True))
    for area, team_ids in zip(members["area"], members["teams"], strict=True):
        assert isinstance(team_ids, tuple) and len(set(team_ids)) == len(team_ids)
        assert all((area, team_id) in known for team_id in team_ids)
    for lang in LANGUAGES:
        issues_frame(roster.warnings, lang)


@SETTINGS
@given(
    data=st.binary(max_size=4000), name=st.sampled_from(["r.csv", "r.xlsx", "r", "r.txt", "r.xls", "r.ods"])
)
def test_random_bytes(data: bytes, name: str) -> None:
    load([(name, data)])


EXTRA_PARTS = ["xl/worksheets/sheet9.xml", "random.bin", "xl/sharedStrings.xml", "docProps/app.xml"]


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on missing parts; the app filters it too
@SETTINGS
@given(
    kept=st.sets(st.sampled_from([p for p, _ in WORKBOOK_PARTS])),
    extra=st.dictionaries(
        st.sampled_from([p for p, _ in WORKBOOK_PARTS] + EXTRA_PARTS),
        st.binary(max_size=600) | st.sampled_from([b for _, b in WORKBOOK_PARTS]),
        max_size=4,
    ),
    compress=st.booleans(),
)
def test_random_zip_files(kept: set[str], extra: dict[str, bytes], compress: bool) -> None:
    # Some real parts, some replaced or added with random or misplaced content.
    parts = {name: content for name, content in WORKBOOK_PARTS if name in kept}
    parts.update(extra)
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    load([("r.xlsx", buffer.getvalue())])


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(WORKBOOK)))
def test_truncated_real_workbook(cut: int) -> None:
    load([("r.xlsx", WORKBOOK[:cut])])


@SETTINGS
@given(at=st.integers(min_value=0, max_value=len(WORKBOOK) - 1), byte=st.integers(0, 255))
def test_real_workbook_with_a_damaged_byte(at: int, byte: int) -> None:
    load([("r.xlsx", WORKBOOK[:at] + bytes([byte]) + WORKBOOK[at + 1 :])])


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=len(XLS)))
def test_truncated_real_xls(cut: int) -> None:
    load([("r.xls", XLS[:cut])])


@SETTINGS
@given(at=st.integers(min_value=0, max_value=len(XLS) - 1), byte=st.integers(0, 255))
def test_real_xls_with_a_damaged_byte(at: int, byte: int) -> None:
    load([("r.xls", XLS[:at] + bytes([byte]) + XLS[at + 1 :])])


@SETTINGS
@given(
    victim=st.sampled_from([p for p, _ in WORKBOOK_PARTS]),
    cut=st.integers(min_value=0, max_value=4000),
    junk=st.binary(max_size=40),
)
def test_real_workbook_with_a_mangled_xml_part(victim: str, cut: int, junk: bytes) -> None:
    # Stored uncompressed with a valid CRC: the damaged XML reaches openpyxl's parser.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in WORKBOOK_PARTS:
            archive.writestr(name, content[:cut] + junk + content[cut:] if name == victim else content)
    load([("r.xlsx", buffer.getvalue())])


WORDS = [
    "",
    " ",
    "\u3000",
    "党员编号",
    "编号",
    "member_id",
    "姓名",
    "name",
    "居民区",
    "area",
    "党员类别",
    "性别",
    "出生年月",
    "生活困难",
    "骨干",
    "参加团队",
    "团队名称",
    "团队编号",
    "团队类型",
    "团队人数",
    "负责人",
    "source_row",
    "1",
    "001",
    "1.0",
    "汽三",
    "瑞丽",
    "合唱队",
    "合唱队；戏曲队",
    "、/,",
    "正式党员",
    "男",
    "女",
    "是",
    "1950年3月",
    "99999",
    "文化艺术型",
    "张三",
    "30人",
    "-1",
    '"',
    "\n",
]
TABLE = st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=8), max_size=12)
CELLS = st.lists(st.sampled_from(WORDS[22:]) | st.text(max_size=4), max_size=8)


@st.composite
def roster_table(draw: st.DrawFn, required: Sequence[str], optional: Sequence[str]) -> list[list[str]]:
    """A table whose header names the required columns (so rows get checked), random rows."""
    header = list(required) + draw(st.lists(st.sampled_from(optional), unique=True))
    header = draw(st.permutations(header))
    title = draw(st.lists(st.lists(st.sampled_from(["", "名册"]), max_size=2), max_size=2))
    return [*title, header, *draw(st.lists(CELLS, max_size=10))]


MEMBER_TABLE = roster_table(
    ["党员编号", "姓名", "居民区"], ["参加团队", "性别", "出生年月", "生活困难", "骨干", "备注"]
)
TEAM_TABLE = roster_table(["团队名称", "居民区"], ["团队编号", "团队类型", "团队人数", "负责人"])


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@SETTINGS
@given(
    members=TABLE | MEMBER_TABLE,
    teams=st.none() | TABLE | TEAM_TABLE,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    limits=st.sampled_from(LIMITS),
)
def test_random_tables_as_csv(
    members: list[list[str]], teams: list[list[str]] | None, encoding: str, limits: InputLimits
) -> None:
    files = [("m.csv", _csv(members).encode(encoding, errors="replace"))]
    if teams is not None:
        files.append(("t.csv", _csv(teams).encode(encoding, errors="replace")))
    load(files, limits)


@SETTINGS
@given(
    members=TABLE, teams=st.none() | TABLE, names=st.sampled_from([("党员", "团队"), ("Sheet1", "Sheet2")])
)
def test_random_tables_as_workbook(
    members: list[list[str]], teams: list[list[str]] | None, names: tuple[str, str]
) -> None:

    def clean(rows: list[list[str]]) -> list[list[str]]:
        # openpyxl refuses control characters in cells when writing; the reader never sees them.
        return [["".join(ch for ch in cell if ch >= " " or ch == "\n") for cell in row] for row in rows]

    sheets = {names[0]: clean(members)}
    if teams is not None:
        sheets[names[1]] = clean(teams)
    load([("r.xlsx", xlsx_bytes(sheets))])


def test_a_valid_random_table_loads() -> None:
    # The strategies above can reach a loaded roster, not only refusals.
    roster = load(
        [("m.csv", _csv([["编号", "姓名", "居民区", "参加团队"], ["1", "张三", "汽三", "合唱队"]]).encode())]
    )
    assert roster is not None and roster.members["teams"].tolist() == [("合唱队",)]
