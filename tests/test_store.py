"""The workshop store: save and load exactly, versions, trash, delete without a trace, concurrent
writers, refusal of corrupt, foreign, newer and tampered files, migration, owner-only files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner.store as store_module
from planner.plan import Plan
from planner.reader import read_roster_uploads
from planner.runner import plan_community
from planner.scenario import ScenarioBook, books_equal, frames_equal, plans_equal
from planner.schema import Roster
from planner.store import (
    APPLICATION_ID,
    CODE_ALPHABET,
    FILE_NAME,
    SCHEMA_VERSION,
    SaveCache,
    StoreError,
    WorkshopInfo,
    WorkshopStore,
    default_data_dir,
    roster_from_record,
    roster_record,
)
from tests.plan_fixtures import FAST_SETTINGS as SETTINGS
from tests.plan_fixtures import base_and_edit_book, qi3_csv


@pytest.fixture(scope="module")
def roster() -> Roster:
    members, teams = qi3_csv()
    # an extra column the product does not use: never stored
    members = members.replace("member_id,", "notes,member_id,", 1)
    lines = members.split("\n")
    members = "\n".join([lines[0], *(f"private note {i}," + line for i, line in enumerate(lines[1:]))])
    return read_roster_uploads([("members.csv", members.encode()), ("teams.csv", teams.encode())])


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="zh")


@pytest.fixture(scope="module")
def book(roster: Roster, plan: Plan) -> ScenarioBook:
    return base_and_edit_book(roster, plan, SETTINGS, "zh", "方案 1")


@pytest.fixture
def store(tmp_path: Path) -> WorkshopStore:
    return WorkshopStore(tmp_path / "data")


def test_roster_record_round_trip_keeps_only_the_product_columns(roster: Roster) -> None:
    assert "notes" in roster.members.columns
    blob = roster_record(roster, ["members.csv", "teams.csv"])
    assert b"private note" not in zlib.decompress(blob)
    back, sources = roster_from_record(blob)
    assert sources == ("members.csv", "teams.csv")
    assert back.fingerprint == roster.fingerprint
    used = [c for c in back.members.columns]
    assert "notes" not in used
    assert frames_equal(back.members, roster.members[used])
    assert frames_equal(back.teams, roster.teams[list(back.teams.columns)])


def test_save_and_load_give_the_same_workshop(
    store: WorkshopStore, roster: Roster, book: ScenarioBook
) -> None:
    info = store.create_workshop(roster, ["members.csv", "teams.csv"], "汽三工作坊")
    extra = {"drafts": [{"scenario": "调整", "moves": [["00001", "汽三/comprehensive#2"]]}]}
    version = store.save(info.workshop_id, book, extra)
    assert version == 1
    loaded = store.load(info.workshop_id, "zh")
    assert books_equal(loaded.book, book)
    assert loaded.book.get("调整").parent == "方案 1"
    assert loaded.extra == extra
    assert loaded.roster.fingerprint == roster.fingerprint
    listed = store.list_workshops()
    assert [(w.name, w.members, w.scenarios, w.sources) for w in listed] == [
        ("汽三工作坊", len(roster.members), 2, ("members.csv", "teams.csv"))
    ]


def test_every_save_is_a_version_and_old_ones_are_dropped(
    store: WorkshopStore, roster: Roster, book: ScenarioBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "KEEP_VERSIONS", 3)
    info = store.create_workshop(roster, ["x.csv"], "w")
    first = ScenarioBook().add(book.scenarios[0])
    cache = SaveCache()
    store.save(info.workshop_id, first, None, cache)
    for _ in range(4):
        store.save(info.workshop_id, book, None, cache)
    assert [v.version for v in store.versions(info.workshop_id)] == [5, 4, 3]
    with pytest.raises(StoreError) as raised:
        store.load(info.workshop_id, version=1)
    assert raised.value.key == "store.error.no_version"
    assert books_equal(store.load(info.workshop_id, version=3).book, book)


def test_an_old_version_can_be_restored(store: WorkshopStore, roster: Roster, book: ScenarioBook) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.save(info.workshop_id, book)
    store.save(info.workshop_id, book.rename("方案 1", "基准"))
    assert store.load(info.workshop_id).book.names == ["基准", "调整"]
    assert books_equal(store.load(info.workshop_id, version=1).book, book)


def test_a_deleted_scenario_stays_restorable_past_the_kept_versions(
    store: WorkshopStore, roster: Roster, book: ScenarioBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "KEEP_VERSIONS", 2)
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.save(info.workshop_id, book)
    smaller = book.remove("方案 1")
    for _ in range(4):
        store.save(info.workshop_id, smaller)
    trashed = store.trashed(info.workshop_id)
    assert [(t.name, t.created) for t in trashed] == [("方案 1", 1)]
    back = store.trashed_scenario(info.workshop_id, trashed[0].key, roster)
    assert back.name == "方案 1" and back.parent is None
    assert plans_equal(back.plan, book.get("方案 1").plan)


def test_delete_leaves_no_roster_bytes_in_the_files(
    store: WorkshopStore, roster: Roster, book: ScenarioBook
) -> None:
    kept = store.create_workshop(roster, ["keep.csv"], "kept")
    gone = store.create_workshop(replace(roster), ["gone.csv"], "gone")
    store.save(gone.workshop_id, book)
    with sqlite3.connect(store.path) as db:
        blobs = [r[0] for r in db.execute("SELECT roster FROM workshops WHERE id = ?", (gone.workshop_id,))]
        blobs += [
            r[0] for r in db.execute("SELECT data FROM scenarios WHERE workshop_id = ?", (gone.workshop_id,))
        ]
    # pieces of the stored roster and scenarios, taken where a page boundary cannot split them all
    pieces = [blob[i : i + 48] for blob in blobs for i in range(0, len(blob) - 48, 997)]

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in store.folder.iterdir() if p.name.startswith(FILE_NAME))

    before = on_disk()
    assert sum(piece in before for piece in pieces) > len(pieces) // 2  # the check can see them
    store.delete(gone.workshop_id)
    after = on_disk()
    assert not [piece for piece in pieces if piece in after]
    assert [w.workshop_id for w in store.list_workshops()] == [kept.workshop_id]
    with pytest.raises(StoreError):
        store.load(gone.workshop_id)


def test_concurrent_writers_lose_nothing(store: WorkshopStore, roster: Roster, book: ScenarioBook) -> None:
    shared = store.create_workshop(roster, ["a.csv"], "shared")
    other = store.create_workshop(roster, ["b.csv"], "other")
    errors: list[BaseException] = []
    saves = 8

    def writer(workshop_id: str, scenarios: ScenarioBook) -> None:
        try:
            mine = WorkshopStore(store.folder)  # one store object per session, as the app does
            cache = SaveCache()
            for _ in range(saves):
                mine.save(workshop_id, scenarios, None, cache)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=writer, args=(shared.workshop_id, book)),
        threading.Thread(target=writer, args=(shared.workshop_id, book.remove("调整"))),
        threading.Thread(target=writer, args=(other.workshop_id, book)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [v.version for v in store.versions(shared.workshop_id)] == list(range(2 * saves, 0, -1))
    assert store.info(other.workshop_id).version == saves
    assert books_equal(store.load(other.workshop_id).book, book)


def test_a_corrupt_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "corrupt"
    folder.mkdir()
    path = folder / FILE_NAME
    garbage = b"this is not a database" * 200
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as raised:
        WorkshopStore(folder).list_workshops()
    assert raised.value.key == "store.error.unreadable"
    assert path.read_bytes() == garbage


def test_a_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "foreign"
    folder.mkdir()
    path = folder / FILE_NAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
        db.execute("INSERT INTO accounts VALUES (1, 100.0)")
    before = path.read_bytes()
    with pytest.raises(StoreError) as raised:
        WorkshopStore(folder).list_workshops()
    assert raised.value.key == "store.error.foreign"
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "newer"
    folder.mkdir()
    with sqlite3.connect(folder / FILE_NAME) as db:
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        db.execute("CREATE TABLE meta (key TEXT)")
    with pytest.raises(StoreError) as raised:
        WorkshopStore(folder).list_workshops()
    assert raised.value.key == "store.error.newer"


def test_a_version_1_file_is_migrated_with_its_workshops(tmp_path: Path, roster: Roster) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / FILE_NAME) as db:
        for statement in store_module._SCHEMA_V1:
            db.execute(statement)
        db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        db.execute("PRAGMA user_version=1")
        db.execute(
            "INSERT INTO workshops VALUES ('abc123', 'old one', '[\"x.csv\"]', ?, ?, 0, 1.0, 1.0, 0, ?)",
            (roster.fingerprint, len(roster.members), roster_record(roster, ["x.csv"])),
        )
    store = WorkshopStore(folder)
    assert [w.name for w in store.list_workshops()] == ["old one"]
    with sqlite3.connect(folder / FILE_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    code = store.share("abc123")  # the column the migration added
    assert store.by_code(code).workshop_id == "abc123"  # type: ignore[union-attr]
    assert store.load("abc123").roster.fingerprint == roster.fingerprint


def test_files_are_owner_only(store: WorkshopStore, roster: Roster, book: ScenarioBook) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.save(info.workshop_id, book)
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700
    files = [p for p in store.folder.iterdir() if p.name.startswith(FILE_NAME)]
    assert store.path in files
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_a_tampered_scenario_is_refused_with_its_problems(
    store: WorkshopStore, roster: Roster, book: ScenarioBook
) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.save(info.workshop_id, book)
    with sqlite3.connect(store.path) as db:
        digest, data = db.execute("SELECT digest, data FROM scenarios LIMIT 1").fetchone()
        text = zlib.decompress(data).replace(b'"member_id"', b'"member_idx"', 1)
        db.execute("UPDATE scenarios SET data = ? WHERE digest = ?", (zlib.compress(text), digest))
    with pytest.raises(StoreError) as raised:
        store.load(info.workshop_id)
    assert raised.value.key == "store.error.bundle_invalid"
    assert raised.value.issues


def test_a_tampered_roster_is_refused(store: WorkshopStore, roster: Roster) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    with sqlite3.connect(store.path) as db:
        (blob,) = db.execute("SELECT roster FROM workshops").fetchone()
        text = zlib.decompress(blob).replace("汽三".encode(), "汽四".encode(), 1)
        db.execute("UPDATE workshops SET roster = ?", (zlib.compress(text),))
    with pytest.raises(StoreError) as raised:
        store.load(info.workshop_id)
    assert raised.value.key == "store.error.roster_changed"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_stored_roster_bytes_give_a_store_error_or_a_roster(blob: bytes) -> None:
    for candidate in (blob, zlib.compress(blob)):
        with contextlib.suppress(StoreError):
            roster_from_record(candidate)


def test_join_codes(store: WorkshopStore, roster: Roster) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    assert store.by_code("ABCDEFGH") is None
    code = store.share(info.workshop_id)
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert store.share(info.workshop_id) == code  # stable once made
    assert store.by_code(code.lower()).workshop_id == info.workshop_id  # type: ignore[union-attr]
    store.unshare(info.workshop_id)
    assert store.by_code(code) is None


def test_find_rename_and_unknown(store: WorkshopStore, roster: Roster) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.rename(info.workshop_id, "  新\n名称 ")
    assert store.find("新 名称").workshop_id == info.workshop_id
    assert store.find(info.workshop_id[:6]).workshop_id == info.workshop_id
    with pytest.raises(StoreError) as raised:
        store.find("nope")
    assert raised.value.key == "store.error.unknown"
    with pytest.raises(StoreError):
        store.rename(info.workshop_id, "   ")


def test_default_data_dir() -> None:
    assert default_data_dir({"WORKBENCH_DATA_DIR": "/tmp/x"}) == Path("/tmp/x")
    linux = default_data_dir({"XDG_DATA_HOME": "/home/u/.data"})
    assert linux.name == "branch-workbench"


def test_a_failure_inside_a_save_leaves_the_last_version_whole(
    store: WorkshopStore, roster: Roster, book: ScenarioBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = store.create_workshop(roster, ["x.csv"], "w")
    store.save(info.workshop_id, book)

    def crash(*_: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(WorkshopStore, "_prune", staticmethod(crash))
    with pytest.raises(RuntimeError):
        store.save(info.workshop_id, book.remove("调整"))
    monkeypatch.undo()
    assert store.info(info.workshop_id).version == 1
    assert store.trashed(info.workshop_id) == []
    assert books_equal(store.load(info.workshop_id).book, book)


_SAVER = """
import sys, time
from planner.reader import read_roster_uploads
from planner.scenario import Scenario, ScenarioBook
from planner.store import WorkshopStore
from tests.plan_fixtures import qi3_csv
from tests.test_store import SETTINGS
from planner.runner import plan_community
members, teams = qi3_csv()
roster = read_roster_uploads([("m.csv", members.encode()), ("t.csv", teams.encode())])
plan = plan_community(roster, SETTINGS, lang="zh")
store = WorkshopStore(sys.argv[1])
info = store.create_workshop(roster, ["m.csv"], "killed")
book = ScenarioBook()
print("ready", flush=True)
for i in range(100000):
    book = book.add(Scenario(f"s{i}", SETTINGS, plan)) if len(book) < 3 else book.remove(book.names[0])
    store.save(info.workshop_id, book)
"""


def test_a_kill_during_saves_loses_at_most_that_save(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    folder = tmp_path / "killed"
    root = Path(__file__).resolve().parents[1]
    saver = subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(folder)],
        cwd=root,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        assert saver.stdout is not None and saver.stdout.readline().strip() == b"ready"
        time.sleep(1.5)
    finally:
        saver.kill()
        saver.wait()
    store = WorkshopStore(folder)
    (info,) = store.list_workshops()
    assert info.version > 1  # it was saving when killed
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    latest = store.load(info.workshop_id)  # every kept version is whole and valid
    assert latest.version == info.version and len(latest.book) == info.scenarios
    for kept in store.versions(info.workshop_id)[:5]:
        assert len(store.load(info.workshop_id, version=kept.version).book) == len(kept.names)


def test_an_unnamed_workshop_is_titled_in_the_readers_language() -> None:
    info = WorkshopInfo("w1", "", ("sample",), "f", 5919, 2, 0.0, 0.0, 1, None)
    assert info.title("zh").startswith("示例社区") and info.title("en").startswith("the sample community")
    assert replace(info, name="周三研讨").title("en") == "周三研讨"
    assert replace(info, sources=("名册.xlsx",)).title("en").startswith("名册.xlsx")
