"""``python -m planner plan`` and ``check``: outputs and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.cli_plan import EXIT_BAD_INPUT, EXIT_BROKEN, EXIT_OK, parse_branch_id
from tests.plan_fixtures import MEMBER_HEADER, TEAM_HEADER, qi3_csv, ruili_csv


@pytest.fixture(scope="module")
def roster_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("roster")
    members, teams = [], []
    for m_csv, t_csv in (qi3_csv(), ruili_csv()):
        members.extend(m_csv.splitlines()[1:])
        teams.extend(t_csv.splitlines()[1:])
    m_path, t_path = folder / "members.csv", folder / "teams.csv"
    m_path.write_text(MEMBER_HEADER + "\n" + "\n".join(members) + "\n", encoding="utf-8")
    t_path.write_text(TEAM_HEADER + "\n" + "\n".join(teams) + "\n", encoding="utf-8")
    return m_path, t_path


@pytest.fixture(scope="module")
def planned(roster_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plan")
    members, teams = roster_files
    code = main(
        [
            "--lang",
            "en",
            "plan",
            str(members),
            "--teams",
            str(teams),
            "--json",
            str(out / "plan.json"),
            "--out",
            str(out / "plan.xlsx"),
        ]
    )
    assert code == EXIT_OK
    return out


def test_plan_writes_the_json_and_the_workbook(planned: Path) -> None:
    doc = json.loads((planned / "plan.json").read_text(encoding="utf-8"))
    assert set(doc) >= {"settings", "areas", "branches", "assignments", "violations", "kpis"}
    assert [a["area"] for a in doc["areas"]] == ["汽三", "瑞丽"]
    area = doc["areas"][0]
    assert set(area) >= {
        "area",
        "status",
        "objective",
        "bound",
        "gap",
        "seconds",
        "greedy_objective",
        "structure",
        "violations",
    }
    assert area["status"] == "optimal" and area["structure"] == "general"
    branch = doc["branches"][0]
    assert set(branch) >= {
        "branch_id",
        "area",
        "name",
        "kind",
        "teams",
        "size",
        "full_members",
        "secretary",
        "committee",
        "groups",
    }
    grouped = [b for b in doc["branches"] if b["size"] >= 20]
    assert grouped and all(b["groups"] and {"leader", "members"} <= set(b["groups"][0]) for b in grouped)
    reasons = {a["reason"] for a in doc["assignments"]}
    assert reasons <= {"first_choice", "other_team", "attached", "comprehensive", "pinned"}
    assert len(doc["assignments"]) == 112 + 88
    assert doc["settings"]["rules"]["max_branch_size"] == 50
    assert doc["kpis"]["members"] == 200
    assert (planned / "plan.xlsx").read_bytes()[:2] == b"PK"


def test_plan_prints_the_report_in_the_chosen_language(
    roster_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    assert (
        main(
            [
                "--lang",
                "zh",
                "plan",
                str(members),
                "--teams",
                str(teams),
                "--area",
                "瑞丽",
                "--max-size",
                "40",
            ]
        )
        == EXIT_OK
    )
    out = capsys.readouterr().out
    assert "调整方案" in out and "瑞丽" in out and "汽三" not in out


def test_plan_json_to_stdout_keeps_stdout_pure_json(
    roster_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    assert (
        main(["--lang", "en", "plan", str(members), "--teams", str(teams), "--area", "瑞丽", "--json", "-"])
        == EXIT_OK
    )
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert [a["area"] for a in doc["areas"]] == ["瑞丽"]
    assert "Plan:" in captured.err


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--area", "nowhere"], "nowhere"),
        (["--preset", "fastest"], "fastest"),
        (["--max-size", "0"], "--max-size"),
        (["--time-limit", "-1"], "--time-limit"),
    ],
)
def test_plan_refuses_bad_options_with_exit_2(
    roster_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str], extra: list[str], needle: str
) -> None:
    members, teams = roster_files
    assert main(["--lang", "en", "plan", str(members), "--teams", str(teams), *extra]) == EXIT_BAD_INPUT
    assert needle in capsys.readouterr().err


def test_plan_of_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    assert main(["plan", str(tmp_path / "none.csv")]) == EXIT_BAD_INPUT


def test_check_accepts_a_plan_json_and_reports_by_exit_status(
    roster_files: tuple[Path, Path], planned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    doc = json.loads((planned / "plan.json").read_text(encoding="utf-8"))
    assert doc["violations"] == []  # the Qi-3- and Ruili-like areas can be planned within every rule
    code = main(["--lang", "en", "check", str(members), str(planned / "plan.json"), "--teams", str(teams)])
    assert code == EXIT_OK
    assert "breaks no rule" in capsys.readouterr().out


def test_check_a_csv_layout_that_breaks_rules(
    roster_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    lines = ["党员编号,支部编号"]
    for row in members.read_text(encoding="utf-8").splitlines()[1:]:
        member_id, _, area = row.split(",")[:3]
        lines.append(f"{member_id},{area}/single")
    layout = tmp_path / "layout.csv"
    layout.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--lang", "en", "check", str(members), str(layout), "--teams", str(teams)]) == EXIT_BROKEN
    out = capsys.readouterr().out
    assert "112" in out  # 汽三 in one branch of 112 members: over the cap of 50


def test_check_refuses_a_file_without_the_columns(
    roster_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    layout = tmp_path / "layout.csv"
    layout.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["--lang", "en", "check", str(members), str(layout), "--teams", str(teams)]) == EXIT_BAD_INPUT
    assert "member id" in capsys.readouterr().err
    layout.write_text("member_id,branch_id\n00001,nowhere\n", encoding="utf-8")
    assert main(["--lang", "en", "check", str(members), str(layout), "--teams", str(teams)]) == EXIT_BAD_INPUT


def test_parse_branch_id() -> None:
    assert parse_branch_id("汽三/team:Q1") == ("汽三", "team", ("Q1",), 1)
    assert parse_branch_id("汽三/team:Q1#2") == ("汽三", "team", ("Q1",), 2)
    assert parse_branch_id("瑞丽/joint:R3+R2") == ("瑞丽", "joint", ("R2", "R3"), 1)
    assert parse_branch_id("瑞丽/comprehensive#3") == ("瑞丽", "comprehensive", (), 3)
    assert parse_branch_id("瑞丽/single") == ("瑞丽", "single", (), 1)
    assert parse_branch_id("瑞丽") is None
    assert parse_branch_id("瑞丽/elsewhere") is None
