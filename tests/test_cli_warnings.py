"""Every warning reaches the command line: one line per distinct value on stderr, exit 0; with
``--strict`` on stats, plan and check a roster with warnings is bad input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.i18n import t

MEMBERS = (
    "党员编号,姓名,居民区,身体状况,参加团队,身份证号\n"
    "001,甲,汽三,很好说不清,合唱队,\n"
    "002,乙,汽三,很好说不清,合唱队,\n"
    "003,丙,汽三,正常,合唱队,\n"
    "004,丁,汽三,很好说不清,合唱队,\n"
)
TEAMS = "团队名称,居民区,团队类型\n合唱队,汽三,文化艺术型\n"
CLEAN = "党员编号,姓名,居民区,参加团队\n001,甲,汽三,合唱队\n002,乙,汽三,合唱队\n003,丙,汽三,合唱队\n"


@pytest.fixture
def roster(tmp_path: Path) -> tuple[Path, Path]:
    members, teams = tmp_path / "members.csv", tmp_path / "teams.csv"
    members.write_text(MEMBERS, encoding="utf-8")
    teams.write_text(TEAMS, encoding="utf-8")
    return members, teams


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


def test_stats_prints_each_warning_once_on_stderr_and_exits_0(
    roster: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster
    status, out, err = run(["stats", str(members), "--teams", str(teams)], capsys)
    assert status == 0
    lines = [line for line in err.splitlines() if line.startswith("Warning:")]
    assert lines == [
        "Warning: members.csv, row 2, column “身体状况”: "
        "Unrecognised value “很好说不清” (3 row(s)); treated as “normal”."
    ]
    assert t("cli.warnings", "en", count=1) in err
    assert "很好说不清" not in out  # the statistics stay on stdout, the warnings on stderr


@pytest.mark.parametrize("command", ["stats", "plan", "check"])
def test_strict_makes_warnings_errors_on_every_roster_command(
    command: str, roster: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    members, teams = roster
    layout = tmp_path / "layout.csv"
    layout.write_text("member_id,branch_id\n001,汽三/single\n", encoding="utf-8")
    argv = [command, str(members), *([str(layout)] if command == "check" else [])]
    status, _, err = run([*argv, "--teams", str(teams), "--strict"], capsys)
    assert status == 2
    assert t("cli.strict_failed", "en", count=1) in err
    assert "很好说不清" in err  # the warning itself is listed too


def test_strict_passes_a_roster_without_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = tmp_path / "members.csv"
    members.write_text(CLEAN, encoding="utf-8")
    teams = tmp_path / "teams.csv"
    teams.write_text(TEAMS, encoding="utf-8")
    status, out, err = run(["stats", str(members), "--teams", str(teams), "--strict"], capsys)
    assert status == 0, err
    assert "Warning:" not in err and out


def test_notes_say_which_private_columns_were_dropped(
    roster: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster
    _, _, err = run(["stats", str(members), "--teams", str(teams)], capsys)
    (note,) = [line for line in err.splitlines() if line.startswith("Note:")]
    assert "身份证号" in note and "never shown, saved or exported" in note


def test_chinese_warning_lines(roster: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    members, teams = roster
    status = main(["--lang", "zh", "stats", str(members), "--teams", str(teams)])
    err = capsys.readouterr().err
    assert status == 0
    line = "警告：members.csv 第 2 行“身体状况”列：无法识别的取值“很好说不清”（3 行），已按“正常”处理。"
    assert line in err
