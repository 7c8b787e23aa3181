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


# --- settings travel with the plan -------------------------------------------------------------------


def _plan(roster_files: tuple[Path, Path], out: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    members, teams = roster_files
    code = main(["--lang", "en", "plan", str(members), "--teams", str(teams), "--json", str(out), *extra])
    assert code == EXIT_OK
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_settings_file_subset_and_round_trip_reproduce_the_plan(
    roster_files: tuple[Path, Path], tmp_path: Path
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "preset": "balanced_sizes",
                "rules": {"max_branch_size": 30, "mobility_placement": "comprehensive"},
                "weights": {"lean": 9},
                "solver": {"time_limit": 10, "workers": 1},
                "areas": ["瑞丽"],
            }
        ),
        encoding="utf-8",
    )
    first = _plan(roster_files, tmp_path / "a.json", "--settings", str(settings))
    assert first["settings"]["rules"]["max_branch_size"] == 30
    assert first["settings"]["rules"]["mobility_placement"] == "comprehensive"
    assert first["settings"]["rules"]["min_full_members"] == 3  # the rest stays the default
    assert first["settings"]["weights"]["lean"] == 9 and first["settings"]["preset"] == "balanced_sizes"
    assert first["settings"]["weights"]["balance"] == 6.0  # the preset's, under the file's own weights
    assert [a["area"] for a in first["areas"]] == ["瑞丽"]
    again = _plan(roster_files, tmp_path / "b.json", "--settings", str(tmp_path / "a.json"))
    assert again["settings"] == first["settings"]
    assert again["assignments"] == first["assignments"]
    assert again["violations"] == first["violations"]


def test_a_bad_settings_file_lists_every_problem_and_exits_2(
    roster_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members, teams = roster_files
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "rules": {"joint_min_teams": 6, "group_min_size": 0, "bogus": 1, "max_branch_size": "big"},
                "solver": {"workers": 0},
                "colour": "red",
            }
        ),
        encoding="utf-8",
    )
    code = main(["--lang", "en", "plan", str(members), "--teams", str(teams), "--settings", str(settings)])
    assert code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    for needle in (
        "colour",
        "rules.bogus",
        "rules.max_branch_size",
        "minimum of teams (6)",
        "Smallest party group",
        "Parallel workers",
    ):
        assert needle in err, needle
    assert "Traceback" not in err
    settings.write_text("[1, 2", encoding="utf-8")
    assert (
        main(["--lang", "zh", "plan", str(members), "--teams", str(teams), "--settings", str(settings)])
        == EXIT_BAD_INPUT
    )
    assert "JSON" in capsys.readouterr().err


def test_check_judges_a_plan_by_the_settings_it_was_made_with(
    roster_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan made with non-default settings: check agrees with the plan's own report, by exit
    status and rule by rule; judged by the defaults instead, it would not."""
    members, teams = roster_files
    settings = tmp_path / "settings.json"
    settings.write_text(
        json.dumps(
            {"rules": {"max_mobility_share": 0.05, "mobility_placement": "spread"}, "solver": {"workers": 1}}
        ),
        encoding="utf-8",
    )
    doc = _plan(roster_files, tmp_path / "plan.json", "--settings", str(settings))
    capsys.readouterr()
    own = sorted(v["message"] for v in doc["violations"])
    code = main(["--lang", "en", "check", str(members), str(tmp_path / "plan.json"), "--teams", str(teams)])
    out = capsys.readouterr().out
    assert code == (EXIT_BROKEN if own else EXIT_OK)
    assert "Judged by the settings recorded in the plan." in out
    listed = sorted(line[2:] for line in out.splitlines() if line.startswith("- "))
    assert listed == own
    defaults = tmp_path / "defaults.json"
    defaults.write_text("{}", encoding="utf-8")
    main(
        [
            "--lang",
            "en",
            "check",
            str(members),
            str(tmp_path / "plan.json"),
            "--teams",
            str(teams),
            "--settings",
            str(defaults),
        ]
    )
    by_defaults = sorted(line[2:] for line in capsys.readouterr().out.splitlines() if line.startswith("- "))
    assert by_defaults != own  # the 5% share is the plan's own, not the default


def test_plan_with_a_reference_stays_close_to_it(
    roster_files: tuple[Path, Path], planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = json.loads((planned / "plan.json").read_text(encoding="utf-8"))
    again = _plan(
        roster_files, tmp_path / "again.json", "--reference", str(planned / "plan.json"), "--max-size", "45"
    )
    assert again["settings"]["preset"] == "fewest_changes" and again["settings"]["weights"]["stability"] > 0
    assert "Re-planning against" in capsys.readouterr().out
    before = {a["member_id"]: a["branch_id"] for a in reference["assignments"]}
    kept = sum(before[a["member_id"]] == a["branch_id"] for a in again["assignments"])
    assert kept >= 0.9 * len(before)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "branch-plan/1"}), encoding="utf-8")
    members, teams = roster_files
    code = main(["--lang", "en", "plan", str(members), "--teams", str(teams), "--reference", str(bad)])
    assert code == EXIT_BAD_INPUT and "no member assignments" in capsys.readouterr().err


def test_plan_json_violations_carry_fix_objects(roster_files: tuple[Path, Path], tmp_path: Path) -> None:
    doc = _plan(roster_files, tmp_path / "tight.json", "--max-size", "20", "--area", "汽三")
    fixes = [f for v in doc["violations"] for f in v["fixes"]]
    assert doc["violations"] and fixes
    for fix in fixes:
        assert fix["kind"] in {"designate", "move", "open", "setting"} and fix["text"]
        assert fix["effect"]["gap_after"] < fix["effect"]["gap_before"]
