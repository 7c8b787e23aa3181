"""The input gate: unit checks of each guard, then the hostile corpus through every door it
reaches (upload via the reader; CLI stats, plan, check as ROSTER and as LAYOUT), each ending in
the product's own error (exit 2, no traceback) within the test's timeout."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import DEFAULT_LIMITS, InputLimits
from planner.gate import _CHUNK as CHUNK
from planner.gate import (
    InputError,
    check_zip,
    json_depth,
    load_json,
    read_guarded_bytes,
    read_workbook,
)
from planner.i18n import t
from planner.reader import read_roster_uploads
from planner.schema import RosterError
from tests.hostile.corpus import CASES, Case, base_workbook, write_corpus, xml_comment

MEMBERS_CSV = "党员编号,姓名,居民区,参加团队\n0001,甲,一居,合唱队\n0002,乙,一居,合唱队\n0003,丙,一居,\n"


def codes(error: RosterError) -> list[str]:
    return [issue.code for issue in error.issues]


# --- guarded bytes ------------------------------------------------------------------------


def test_guarded_bytes_from_path_upload_and_pair(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"abc")

    class Upload:
        name = "folder/m.csv"

        def getvalue(self) -> bytes:
            return b"xyz"

    assert read_guarded_bytes(path) == b"abc"
    assert read_guarded_bytes(str(path)) == b"abc"
    assert read_guarded_bytes(Upload()) == b"xyz"
    assert read_guarded_bytes(("m.csv", b"pair")) == b"pair"


@pytest.mark.timeout(30)
def test_devices_fifos_and_folders_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block for ever
    for path in (Path("/dev/zero"), fifo, tmp_path):
        with pytest.raises(InputError) as caught:
            read_guarded_bytes(path)
        assert codes(caught.value) == ["not_a_file"]


def test_size_limit_says_mb_of_both(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(InputError) as caught:
        read_guarded_bytes(path, InputLimits(max_upload_bytes=2 * 1024 * 1024))
    params = dict(caught.value.issues[0].params)
    assert (params["size_mb"], params["limit_mb"]) == ("3.0", "2.0")
    text = t("problem.too_large", "en", **params)
    assert "3.0 MB" in text and "2.0 MB" in text


def test_missing_file_is_cannot_open(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_guarded_bytes(tmp_path / "nope.csv")
    assert codes(caught.value) == ["not_a_file"] or codes(caught.value) == ["cannot_open"]


# --- zip ------------------------------------------------------------------------------------


def test_sound_workbook_passes_the_zip_checks() -> None:
    check_zip(base_workbook(), "r.xlsx")


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.codes[0].startswith(("zip", "xml"))], ids=lambda c: c.name
)
def test_zip_checks_refuse_each_hostile_zip(case: Case) -> None:
    with pytest.raises(InputError) as caught:
        check_zip(case.make(), case.name)
    assert codes(caught.value) == [case.codes[0]]


def test_zip_bomb_message_says_what_each_limit_counts_in_mb() -> None:
    bomb = next(c for c in CASES if c.name == "bomb.xlsx").make()
    with pytest.raises(InputError) as caught:
        check_zip(bomb, "bomb.xlsx")
    text = t("problem.zip_bomb", "en", **dict(caught.value.issues[0].params))
    assert "limit 200.0 MB for all parts inflated" in text
    assert "(limit 200)" in text and "limit 2000" in text


def test_stored_entries_are_counted_too() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.xml", b"<!DOCTYPE x><x/>")
    with pytest.raises(InputError) as caught:
        check_zip(buffer.getvalue(), "a.zip")
    assert codes(caught.value) == ["xml_dtd"]


def test_dtd_marker_split_across_chunks_is_found() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b" " * (CHUNK - 4) + b"<!DOCTYPE x><x/>")
    with pytest.raises(InputError):
        check_zip(buffer.getvalue(), "a.zip")


# --- JSON -----------------------------------------------------------------------------------


def test_json_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_depth('"\\"[[["') == 0
    assert json_depth('["\\\\", ["x"]]') == 2  # an escaped backslash does not escape the quote
    assert json_depth("[]") == 1
    assert json_depth("") == 0


@pytest.mark.timeout(30)
def test_json_depth_is_linear_on_an_unterminated_string_of_escaped_quotes() -> None:
    # a regular expression for strings would rescan from every quote: minutes for this
    text = '["' + '\\"' * 3_000_000
    assert json_depth(text) == 1
    with pytest.raises(InputError) as caught:
        load_json(text.encode(), "x.json")
    assert codes(caught.value) == ["json_invalid"]


@pytest.mark.parametrize("depth", [64, 65, 1000, 200_000])
def test_load_json_depth_limit_without_recursion_error(depth: int) -> None:
    text = "[" * depth + "]" * depth
    if depth <= DEFAULT_LIMITS.max_json_depth:
        assert load_json(text.encode(), "x.json") is not None
        return
    with pytest.raises(InputError) as caught:
        load_json(text.encode(), "x.json")
    assert codes(caught.value) == ["json_too_deep"]
    assert dict(caught.value.issues[0].params)["depth"] == str(depth)


@pytest.mark.parametrize("data", [b"{", b"\xff\xfe", b'{"a": 1,}', b"[1] [2]"])
def test_load_json_invalid_is_the_products_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        load_json(data, "x.json")
    assert codes(caught.value) == ["json_invalid"]


def test_load_json_reads_bom_and_nested_values() -> None:
    doc = {"a": [1, {"b": "x]y"}], "c": None}
    assert load_json(b"\xef\xbb\xbf" + json.dumps(doc).encode(), "x.json") == doc


# --- workbooks ------------------------------------------------------------------------------


def test_workbook_cells_come_back_as_text_with_rows_as_in_excel() -> None:
    sheets = read_workbook(base_workbook(rows=2), "r.xlsx")
    assert [s.name for s in sheets] == ["Sheet1"]
    assert sheets[0].rows == [
        list(("党员编号", "姓名", "居民区")),
        ["0000", "人0", "一居"],
        ["0001", "人1", "一居"],
    ]


@pytest.mark.timeout(60)
def test_a_parse_past_the_deadline_is_stopped() -> None:
    # A deadline too short for any parse stands in for a parse that would not end.
    with pytest.raises(InputError) as caught:
        read_workbook(base_workbook(rows=2000), "r.xlsx", InputLimits(read_deadline_seconds=0.001))
    assert codes(caught.value) == ["read_timeout"]


@pytest.mark.timeout(60)
def test_long_xml_comment_reads_in_linear_time() -> None:
    # 20 MB in one comment took openpyxl 8 s (issue 10); calamine reads it well inside the deadline.
    with pytest.raises(RosterError) as caught:
        read_roster_uploads([("comment.xlsx", xml_comment(20))])
    assert set(codes(caught.value)) <= {"missing_sheet", "not_a_roster"}


# --- the corpus through every door ----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = write_corpus(folder)
    (folder / "members.csv").write_text(MEMBERS_CSV, encoding="utf-8")
    return folder, cases


def _roster_codes(case: Case) -> tuple[str, ...]:
    return (*case.codes, "unsupported_file") if case.name.endswith(".json") else case.codes


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_upload_door(name: str, corpus: tuple[Path, dict[str, Case]]) -> None:
    folder, cases = corpus
    with pytest.raises(RosterError) as caught:
        read_roster_uploads([(name, (folder / name).read_bytes())])
    assert set(codes(caught.value)) & set(_roster_codes(cases[name])), codes(caught.value)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return status, captured.err


@pytest.mark.timeout(240)
@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_cli_roster_doors(
    name: str, corpus: tuple[Path, dict[str, Case]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, cases = corpus
    path = str(folder / name)
    problems = [_static_part(code) for code in _roster_codes(cases[name])]
    for argv in (["stats", path], ["plan", path, "--time-limit", "1"], ["check", path, path]):
        status, err = _run(argv, capsys)
        assert status == 2, argv
        assert any(p in err for p in problems), (argv, err[:500])


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_cli_layout_door(
    name: str, corpus: tuple[Path, dict[str, Case]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = corpus
    status, err = _run(["check", str(folder / "members.csv"), str(folder / name)], capsys)
    assert status == 2
    assert err.strip()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_cli_path_doors_refuse_what_is_not_a_file(
    special: str, corpus: tuple[Path, dict[str, Case]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder, _ = corpus
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    expected = t("problem.not_a_file", "en", sheet=path.name)
    for argv in (["stats", str(path)], ["check", str(folder / "members.csv"), str(path)]):
        status, err = _run(argv, capsys)
        assert status == 2
        assert expected in err


def _static_part(code: str) -> str:
    """The longest stretch of a problem's English text with no placeholder in it."""
    return max(re.split(r"\{[^}]*\}", t(f"problem.{code}", "en")), key=len)[:30]
