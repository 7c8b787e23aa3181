"""``python -m planner workshops list|export|delete|import``: exit 0, or 2 with the problems listed."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from planner.bundle import ENTRY, bundle_bytes, load_bundle
from planner.cli import main
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook, books_equal
from planner.settings import Settings, SolverOptions
from planner.store import FILE_NAME, WorkshopStore
from tests.plan_fixtures import qi3_csv

SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-workshops")
    members, teams = qi3_csv()
    (folder / "members.csv").write_text(members, encoding="utf-8")
    (folder / "teams.csv").write_text(teams, encoding="utf-8")
    roster = read_roster_paths([folder / "members.csv", folder / "teams.csv"])
    plan = plan_community(roster, SETTINGS, lang="zh")
    book = ScenarioBook().add(Scenario("方案 1", SETTINGS, plan)).add(Scenario("方案 2", SETTINGS, plan))
    good = bundle_bytes(roster.fingerprint, book)
    (folder / "good.bundle.zip").write_bytes(good)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        document = json.loads(archive.read(ENTRY))
    document["book"]["scenarios"][1]["parent"] = "nobody"
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr(ENTRY, json.dumps(document, ensure_ascii=False))
    (folder / "bad.bundle.zip").write_bytes(bad.getvalue())
    return {
        "members": folder / "members.csv",
        "teams": folder / "teams.csv",
        "good": folder / "good.bundle.zip",
        "bad": folder / "bad.bundle.zip",
    }


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _import(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], data: Path, bundle: str = "good"
) -> tuple[int, str, str]:
    return _run(
        capsys,
        "workshops",
        "import",
        str(files[bundle]),
        "--roster",
        str(files["members"]),
        "--teams",
        str(files["teams"]),
        "--data-dir",
        str(data),
        "--json",
    )


def test_import_list_export_delete(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "store"
    code, out, _ = _import(capsys, files, data)
    assert code == 0
    imported = json.loads(out)
    assert imported["scenarios"] == 2 and imported["name"] == "good"

    code, out, _ = _run(capsys, "workshops", "list", "--data-dir", str(data), "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(w["id"], w["members"], w["roster_files"]) for w in listed] == [
        (imported["id"], 112, ["members.csv", "teams.csv"])
    ]

    code, out, _ = _run(capsys, "workshops", "list", "--data-dir", str(data))
    assert code == 0 and imported["id"] in out and "2 scenarios" in out

    out_file = tmp_path / "again.bundle.zip"
    code, _, _ = _run(
        capsys, "workshops", "export", imported["id"][:6], "--out", str(out_file), "--data-dir", str(data)
    )
    assert code == 0
    roster = read_roster_paths([files["members"], files["teams"]])
    exported = load_bundle(out_file.read_bytes(), roster)
    original = load_bundle(files["good"].read_bytes(), roster)
    assert books_equal(exported.book, original.book)

    code, out, _ = _run(capsys, "workshops", "delete", "good", "--data-dir", str(data))
    assert code == 0 and "deleted" in out
    assert WorkshopStore(data).list_workshops() == []


def test_a_tampered_bundle_is_refused_with_its_problems(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "store"
    code, _, err = _import(capsys, files, data, bundle="bad")
    assert code == 2
    assert "not imported" in err and "nobody" in err
    assert WorkshopStore(data).list_workshops() == []


def test_a_bad_roster_is_refused(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("member_id,name,area\n001,张三,汽三\n001,李四,\n", encoding="utf-8")
    code, _, err = _run(
        capsys,
        "workshops",
        "import",
        str(files["good"]),
        "--roster",
        str(broken),
        "--data-dir",
        str(tmp_path / "s"),
    )
    assert code == 2 and err


def test_unknown_workshops_and_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "store")
    code, _, err = _run(capsys, "workshops", "delete", "nope", "--data-dir", data)
    assert code == 2 and "No saved workshop 'nope'" in err
    code, _, err = _run(
        capsys, "workshops", "export", "nope", "--out", str(tmp_path / "x.zip"), "--data-dir", data
    )
    assert code == 2 and "nope" in err
    with pytest.raises(SystemExit) as raised:
        main(["workshops", "rename"])
    assert raised.value.code == 2


def test_a_corrupt_store_is_reported_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corrupt"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"\x00garbage" * 100)
    code, _, err = _run(capsys, "workshops", "list", "--data-dir", str(folder))
    assert code == 2 and "Cannot read the workshop store" in err
    assert (folder / FILE_NAME).read_bytes() == b"\x00garbage" * 100


def test_a_missing_bundle_file_exits_2(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys,
        "workshops",
        "import",
        str(tmp_path / "missing.zip"),
        "--roster",
        str(files["members"]),
        "--teams",
        str(files["teams"]),
        "--data-dir",
        str(tmp_path / "s"),
    )
    assert code == 2 and err
