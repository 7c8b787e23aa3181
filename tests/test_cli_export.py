"""``python -m planner export``: every handout from a plan JSON, and exit 2 for a file that is not
a plan or a plan of another roster."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from planner.bundle import read_bundle
from planner.cli import main
from planner.cli_export import read_plan
from planner.export import sheet_name
from planner.export_json import plan_to_json
from planner.i18n import t
from planner.plan import Plan
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.schema import Roster
from planner.settings import Settings, SolverOptions

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "community.xlsx"
AREAS = ("汽四", "鹤北一")  # one branch; 329 members with too few candidates


@pytest.fixture(scope="module")
def roster() -> Roster:
    return read_roster_paths([SAMPLE])


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    settings = replace(Settings(solver=SolverOptions(time_limit=20.0, workers=1)), areas=AREAS)
    return plan_community(roster, settings, lang="zh")


@pytest.fixture()
def plan_file(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "方案 1.json"
    path.write_text(json.dumps(plan_to_json(plan), ensure_ascii=False), encoding="utf-8")
    return path


def _export(plan_file: Path, fmt: str, out: Path, lang: str = "zh") -> int:
    return main(["--lang", lang, "export", str(SAMPLE), str(plan_file), "--format", fmt, "--out", str(out)])


def test_the_plan_read_back_is_the_plan_written(plan_file: Path, plan: Plan, roster: Roster) -> None:
    back = read_plan(plan_file, roster, "zh")
    assert back.fingerprint == plan.fingerprint and back.settings == plan.settings
    pd.testing.assert_frame_equal(
        back.assignments.reset_index(drop=True), plan.assignments.reset_index(drop=True)
    )
    columns = ["branch_id", "name", "kind", "size", "secretary", "committee", "teams"]
    left = back.branches[columns].reset_index(drop=True)
    right = plan.branches[columns].reset_index(drop=True)
    assert left.astype(str).equals(right.astype(str))
    assert sorted(back.groups["group_id"]) == sorted(plan.groups["group_id"])
    assert len(back.violations) == len(plan.violations) and back.kpis == json.loads(json.dumps(plan.kpis))


def test_workbook(plan_file: Path, plan: Plan, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out.xlsx"
    assert _export(plan_file, "xlsx", out) == 0
    assert str(out) in capsys.readouterr().out
    book = openpyxl.load_workbook(out, read_only=True)
    assert book[sheet_name("members", "zh")].max_row == len(plan.assignments) + 1
    assert book[sheet_name("branches", "zh")].max_row == len(plan.branches) + 1


def test_members_csv(plan_file: Path, plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "members.csv"
    assert _export(plan_file, "csv", out, lang="en") == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(frame) == len(plan.assignments) and "Member ID" in frame.columns


def test_printable_roster_names_the_scenario_after_the_file(
    plan_file: Path, plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "roster.html"
    assert _export(plan_file, "html", out) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="branch') == len(plan.branches)
    assert "方案：方案 1" in page


def test_bundle_reopens_against_the_roster(
    plan_file: Path, plan: Plan, roster: Roster, tmp_path: Path
) -> None:
    out = tmp_path / "workshop.bundle"
    assert _export(plan_file, "bundle", out) == 0
    book = read_bundle(out.read_bytes(), roster)
    assert book.names == ["方案 1"]
    assert set(book.get("方案 1").plan.assignments["member_id"]) == set(plan.assignments["member_id"])


def test_broken_rules_are_said_on_the_command_line(
    plan_file: Path, plan: Plan, tmp_path: Path, capsys: Any
) -> None:
    assert len(plan.violations)  # 鹤北一 has too few secretary candidates
    assert _export(plan_file, "csv", tmp_path / "m.csv") == 0
    assert t("pictures.cli.broken", "zh", count=len(plan.violations)) in capsys.readouterr().err


def _edited(plan_file: Path, tmp_path: Path, change: Any) -> Path:
    doc = json.loads(plan_file.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_plan_of_another_roster_is_refused(plan_file: Path, tmp_path: Path, capsys: Any) -> None:
    other = _edited(plan_file, tmp_path, lambda d: d.update(fingerprint="0" * 64))
    out = tmp_path / "never.xlsx"
    assert _export(other, "xlsx", out) == 2
    err = capsys.readouterr().err
    assert t("pictures.cli.other_roster", "zh", path=str(other)) in err and "Traceback" not in err
    assert not out.exists()


def test_members_the_roster_does_not_have_are_refused(plan_file: Path, tmp_path: Path, capsys: Any) -> None:
    def stranger(doc: dict[str, Any]) -> None:
        doc["assignments"][0]["member_id"] = "nobody-9999"

    assert _export(_edited(plan_file, tmp_path, stranger), "csv", tmp_path / "x.csv", lang="en") == 2
    assert "nobody-9999" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"not json at all", b"{}", b'{"fingerprint": 1}', b"[1, 2]", "方案".encode("gbk")],
    ids=["text", "empty-object", "no-keys", "a-list", "gbk-bytes"],
)
def test_a_file_that_is_not_a_plan_is_refused(content: bytes, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert _export(path, "xlsx", tmp_path / "x.xlsx", lang="en") == 2
    err = capsys.readouterr().err
    # text that is not JSON at all is refused by the input gate, JSON that is not a plan here
    refused = "The file is not valid JSON" in err or t("pictures.cli.not_json", "en") in err
    assert refused and "Traceback" not in err


def test_a_bad_branch_id_is_refused(plan_file: Path, tmp_path: Path, capsys: Any) -> None:
    def garble(doc: dict[str, Any]) -> None:
        doc["assignments"][0]["branch_id"] = "no such branch"

    assert _export(_edited(plan_file, tmp_path, garble), "xlsx", tmp_path / "x.xlsx") == 2
    assert "no such branch" in capsys.readouterr().err


def test_a_missing_plan_file_or_unknown_format_is_bad_input(tmp_path: Path) -> None:
    assert _export(tmp_path / "missing.json", "xlsx", tmp_path / "x.xlsx") == 2
    with pytest.raises(SystemExit) as stop:
        _export(tmp_path / "missing.json", "pdf", tmp_path / "x.pdf")
    assert stop.value.code == 2
