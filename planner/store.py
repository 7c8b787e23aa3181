"""The workshop store: every workshop's roster and scenarios, saved as they change, in one SQLite file.

Where: ``WORKBENCH_DATA_DIR``, else the user's data folder for the app (``~/.local/share/
branch-workbench`` on Linux, ``%LOCALAPPDATA%`` on Windows, ``~/Library/Application Support`` on
macOS); the folder is created 0700 and the file 0600 on first use. WAL mode, one connection per
operation, every write one ``BEGIN IMMEDIATE`` transaction: a crash loses at most the save it
interrupted, and two sessions saving at once both land.

What (nothing the bundle does not already hold):

- ``workshops``: name, roster file names, roster fingerprint, counts, times, the join code and
  the roster as read — the canonical columns only (never a column the reader drops, such as ID
  card or phone numbers), as a header row and one row of text per member and team;
- ``scenarios``: each scenario once, as the JSON the bundle writes for it (deflated), keyed by
  its digest, so a save after a Tweak edit writes only the version row;
- ``versions``: every save, the list of (created, name, digest) it holds, the book's next
  sequence number and the ``extra`` state (Tweak drafts); the last :data:`KEEP_VERSIONS` kept;
- ``trash``: scenarios that a save dropped, restorable until the workshop is deleted.

Everything read back is untrusted: the roster is rebuilt through the reader's own validation
(:func:`planner.validation.build_roster`) and must give the stored fingerprint; the scenarios
are assembled into a bundle document and read with :func:`planner.bundle.load_bundle`, which
validates it completely against that roster. Stored bytes pass through :func:`read_stored`
(size cap, bounded inflate) before any parser sees them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from planner.bundle import FORMAT, VERSION, BundleError, LoadedBundle, bundle_bytes, load_bundle, plan_to_json
from planner.bundle import to_json as tagged_json
from planner.config import StoreLimits
from planner.plan import Plan
from planner.scenario import Scenario, ScenarioBook
from planner.schema import Roster, RosterError, roster_fingerprint
from planner.validation import RawTable, build_roster

#: environment variables
DATA_DIR_ENV = "WORKBENCH_DATA_DIR"
APP_DIR_NAME = "branch-workbench"
FILE_NAME = "workshops.sqlite3"
#: ``PRAGMA application_id``: marks the file as ours ("BWWS")
APPLICATION_ID = 0x42575753
SCHEMA_VERSION = 2
LIMITS = StoreLimits()
KEEP_VERSIONS = LIMITS.keep_versions
#: join codes: 8 characters without look-alikes (0/O, 1/I/L)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

_MEMBER_HEADER = (
    "member_id",
    "name",
    "area",
    "current_branch",
    "status",
    "gender",
    "birth_date",
    "employment",
    "mobility",
    "hardship",
    "role",
    "teams",
)
_TEAM_HEADER = ("team_id", "name", "area", "type", "participants", "leader")
_ROSTER_FORMAT = "branch-workbench-roster"


class StoreError(Exception):
    """The store cannot do what was asked; ``key``/``params`` render it in the user's language."""

    def __init__(self, key: str, **params: Any):
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = {k: str(v) for k, v in params.items()}
        self.issues: tuple[Any, ...] = ()

    def message(self, lang: str) -> str:
        from planner.i18n import t

        return t(self.key, lang, **self.params)


# --- where ---------------------------------------------------------------------------------------


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``WORKBENCH_DATA_DIR``, else the platform's per-user data folder for the app."""
    env = os.environ if env is None else env
    given = env.get(DATA_DIR_ENV, "").strip()
    if given:
        return Path(given).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        base = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_DIR_NAME


def stored_json(data: bytes | str, what: str) -> Any:
    """JSON the store holds, through the input gate's depth-limited parser (a tampered file can
    hold anything); ValueError when the gate refuses it."""
    from planner.gate import load_json
    from planner.schema import RosterError

    try:
        return load_json(data, what, LIMITS.bundle_limits())
    except RosterError as error:
        raise ValueError(what) from error


def read_stored(blob: Any, what: str) -> bytes:
    """Stored bytes inflated, with the store's caps: the one door every stored blob goes through
    before a parser sees it (route it through the input gate when there is one)."""
    if not isinstance(blob, bytes) or len(blob) > LIMITS.max_blob_bytes:
        raise StoreError("store.error.damaged", what=what)
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(blob, LIMITS.max_inflated_bytes + 1)
    except zlib.error:
        raise StoreError("store.error.damaged", what=what) from None
    if len(data) > LIMITS.max_inflated_bytes or inflater.unconsumed_tail or not inflater.eof:
        raise StoreError("store.error.damaged", what=what)
    return data


def _stored_json(blob: Any, what: str) -> Any:
    try:
        return stored_json(read_stored(blob, what), what)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StoreError("store.error.damaged", what=what) from None


def _deflate(data: bytes) -> bytes:
    return zlib.compress(data, 6)


# --- the roster as rows --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _padded(rows: Sequence[tuple[int, list[str]]], header: Sequence[str]) -> list[list[str]]:
    """Header on row 1, each data row on its original row number when those increase (blank rows
    between, which the reader skips), else one after another."""
    numbers = [n for n, _ in rows]
    in_order = all(b > a for a, b in zip([1, *numbers], numbers, strict=False))
    out: list[list[str]] = [list(header)]
    for number, cells in rows:
        while in_order and len(out) < number - 1:
            out.append([])
        out.append(cells)
    return out


def roster_record(roster: Roster, sources: Sequence[str]) -> bytes:
    """The roster as stored (deflated JSON): the canonical columns as text rows."""
    m = roster.members
    members = [
        (
            int(row["source_row"]),
            [
                _cell(row["member_id"]),
                _cell(row["name"]),
                _cell(row["area"]),
                _cell(row["current_branch"]),
                _cell(row["status"]),
                "" if row["gender"] == "unknown" else _cell(row["gender"]),
                _cell(row["birth_year"]),
                _cell(row["employment"]),
                _cell(row["mobility"]),
                "yes" if bool(row["hardship"]) else "no",
                _cell(row["role"]),
                ";".join(str(team) for team in row["teams"]),
            ],
        )
        for row in m.to_dict("records")
    ]
    teams = [
        (
            int(row["source_row"]),
            [
                _cell(row["team_id"]),
                _cell(row["name"]),
                _cell(row["area"]),
                _cell(row["type"]),
                _cell(row["participants"]),
                _cell(row["leader_id"]),
            ],
        )
        for row in roster.teams.to_dict("records")
    ]
    document = {
        "format": _ROSTER_FORMAT,
        "fingerprint": roster.fingerprint or roster_fingerprint(roster.members, roster.teams),
        "sources": list(sources),
        "encodings": [list(pair) for pair in roster.encodings],
        "members": _padded(members, _MEMBER_HEADER),
        "teams": _padded(teams, _TEAM_HEADER),
    }
    return _deflate(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _rows(value: Any, what: str) -> list[list[str]]:
    if not isinstance(value, list) or not all(
        isinstance(row, list) and all(isinstance(c, str) for c in row) for row in value
    ):
        raise StoreError("store.error.damaged", what=what)
    return value


def roster_from_record(blob: Any) -> tuple[Roster, tuple[str, ...]]:
    """The roster a record holds, rebuilt through the reader's validation; refused unless it
    gives back the stored fingerprint. Returns (roster, source file names)."""
    document = _stored_json(blob, "roster")
    if not isinstance(document, dict) or document.get("format") != _ROSTER_FORMAT:
        raise StoreError("store.error.damaged", what="roster")
    sources = document.get("sources")
    encodings = document.get("encodings")
    fingerprint = document.get("fingerprint")
    if (
        not isinstance(sources, list)
        or not all(isinstance(s, str) for s in sources)
        or not isinstance(fingerprint, str)
        or not isinstance(encodings, list)
        or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in encodings
        )
    ):
        raise StoreError("store.error.damaged", what="roster")
    members = RawTable("members", _rows(document.get("members"), "roster"))
    teams = RawTable("teams", _rows(document.get("teams"), "roster"))
    try:
        roster = build_roster(members, teams, [(a, b) for a, b in encodings])
    except RosterError as error:
        refused = StoreError("store.error.roster_invalid", count=len(error.issues))
        refused.issues = tuple(error.issues)
        raise refused from None
    if roster.fingerprint != fingerprint:
        raise StoreError("store.error.roster_changed")
    return roster, tuple(sources)


# --- scenarios as stored JSON --------------------------------------------------------------------


@dataclass
class SaveCache:
    """Per session: each plan's JSON text and digest, so a save re-serialises only new plans.
    Keyed by the plan object (held here so its id stays valid); dropped plans are forgotten."""

    plans: dict[int, tuple[Plan, str]] = field(default_factory=dict)

    def plan_text(self, plan: Plan) -> str:
        held = self.plans.get(id(plan))
        if held is not None and held[0] is plan:
            return held[1]
        text = json.dumps(plan_to_json(plan), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        self.plans[id(plan)] = (plan, text)
        return text

    def keep_only(self, plans: Sequence[Plan]) -> None:
        wanted = {id(p) for p in plans}
        for key in [k for k in self.plans if k not in wanted]:
            del self.plans[key]


def scenario_text(scenario: Scenario, cache: SaveCache) -> str:
    """The scenario as the bundle writes it (:func:`planner.bundle.scenario_to_json`)."""
    from planner.bundle import encode_value

    head = {
        "name": scenario.name,
        "parent": scenario.parent,
        "created": scenario.created,
        "edits": [[m.member_id, m.to_branch_id] for m in scenario.edits],
        "settings": encode_value(scenario.settings),
    }
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text[:-1] + ',"plan":' + cache.plan_text(scenario.plan) + "}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _document(fingerprint: str, next_created: int, texts: Sequence[str], extra_text: str) -> bytes:
    head = json.dumps({"format": FORMAT, "version": VERSION, "fingerprint": fingerprint})
    return (
        head[:-1]
        + ',"book":{"next_created":'
        + str(int(next_created))
        + ',"scenarios":['
        + ",".join(texts)
        + ']},"extra":'
        + extra_text
        + "}"
    ).encode("utf-8")


# --- values ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopInfo:
    """One saved workshop as listed (no roster data beyond the file names and counts)."""

    workshop_id: str
    name: str
    sources: tuple[str, ...]
    fingerprint: str
    members: int
    scenarios: int
    created: float
    saved: float
    version: int
    join_code: str | None

    def title(self, lang: str) -> str:
        """The name given to the workshop or, with none, its roster's source and when it was
        begun, in ``lang`` (so a workshop begun in one language reads right in the other)."""
        if self.name:
            return self.name
        from planner.i18n import t

        source = t("ui.source.sample", lang) if self.sources == ("sample",) else ", ".join(self.sources)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.created))
        return t("store.default_name", lang, source=source, when=when)


@dataclass(frozen=True)
class VersionInfo:
    version: int
    saved: float
    names: tuple[str, ...]


@dataclass(frozen=True)
class TrashedScenario:
    """A scenario a save dropped (restorable until the workshop is deleted)."""

    key: int
    name: str
    created: int
    deleted: float


@dataclass(frozen=True, eq=False)
class LoadedWorkshop:
    info: WorkshopInfo
    roster: Roster
    book: ScenarioBook
    extra: dict[str, Any] | None
    version: int


# --- the schema and its migrations -----------------------------------------------------------------

_SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE workshops (id TEXT PRIMARY KEY, name TEXT NOT NULL, sources TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL, members INTEGER NOT NULL, scenarios INTEGER NOT NULL,"
    " created REAL NOT NULL, saved REAL NOT NULL, version INTEGER NOT NULL, roster BLOB NOT NULL)",
    "CREATE TABLE scenarios (workshop_id TEXT NOT NULL, digest TEXT NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (workshop_id, digest))",
    "CREATE TABLE versions (workshop_id TEXT NOT NULL, version INTEGER NOT NULL, saved REAL NOT NULL,"
    " next_created INTEGER NOT NULL, items TEXT NOT NULL, extra TEXT NOT NULL,"
    " PRIMARY KEY (workshop_id, version))",
)
#: step n upgrades schema n to n + 1 (a new file is made at 1 and walks every step)
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE workshops ADD COLUMN join_code TEXT",
        "CREATE UNIQUE INDEX workshops_join_code ON workshops (join_code)",
        "CREATE TABLE trash (id INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id TEXT NOT NULL,"
        " digest TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL, deleted REAL NOT NULL)",
    ),
}
_EXPECTED_TABLES = {"meta", "workshops", "scenarios", "versions", "trash"}

_checked: set[Path] = set()
_checked_lock = threading.Lock()


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


class WorkshopStore:
    """The store in ``folder`` (default :func:`default_data_dir`). Cheap to make: the file is
    opened per operation, so one instance may serve many threads."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else default_data_dir()
        self.path = self.folder / FILE_NAME

    # --- opening -------------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Folder 0700 and file 0600 when we make them; a file that is not ours is refused."""
        if not self.folder.exists():
            with contextlib.suppress(FileExistsError):
                self.folder.mkdir(parents=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        if not self.path.exists():
            with contextlib.suppress(FileExistsError):
                _create_private_file(self.path)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=LIMITS.busy_seconds, isolation_level=None)
        connection.execute("PRAGMA secure_delete=ON")
        return connection

    @contextlib.contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        self._prepare()
        try:
            connection = self._connect()
        except sqlite3.Error as error:
            raise StoreError("store.error.unreadable", path=self.path, detail=error) from None
        try:
            with _checked_lock:
                if self.path.resolve() not in _checked:
                    self._check_and_migrate(connection)
                    _checked.add(self.path.resolve())
            yield connection
        except sqlite3.DatabaseError as error:
            raise StoreError("store.error.unreadable", path=self.path, detail=error) from None
        finally:
            connection.close()

    def _check_and_migrate(self, connection: sqlite3.Connection) -> None:
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            user_version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            raise StoreError("store.error.unreadable", path=self.path, detail=error) from None
        tables.discard("sqlite_sequence")
        if app_id == 0 and not tables:
            self._create(connection)
            return
        if app_id != APPLICATION_ID:
            raise StoreError("store.error.foreign", path=self.path)
        if user_version > SCHEMA_VERSION:
            raise StoreError("store.error.newer", path=self.path, found=user_version, expected=SCHEMA_VERSION)
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError("store.error.unreadable", path=self.path, detail="quick_check")
        self._migrate(connection, user_version)

    def _create(self, connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA_V1:
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
            connection.execute("PRAGMA user_version=1")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self._migrate(connection, 1)

    def _migrate(self, connection: sqlite3.Connection, version: int) -> None:
        """Walk the migration steps from ``version``; each step is one transaction."""
        connection.execute("PRAGMA journal_mode=WAL")
        while version < SCHEMA_VERSION:
            connection.execute("BEGIN IMMEDIATE")
            try:
                current = connection.execute("PRAGMA user_version").fetchone()[0]
                if current == version:  # another process may have migrated meanwhile
                    for statement in _MIGRATIONS[version]:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version={version + 1}")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            version += 1
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= _EXPECTED_TABLES:
            raise StoreError("store.error.foreign", path=self.path)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._open() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise

    # --- workshops --------------------------------------------------------------------------------

    _INFO_COLUMNS = "id, name, sources, fingerprint, members, scenarios, created, saved, version, join_code"

    @staticmethod
    def _info(row: Sequence[Any]) -> WorkshopInfo:
        try:
            sources = stored_json(row[2], "sources")
        except ValueError:
            sources = []
        return WorkshopInfo(
            workshop_id=str(row[0]),
            name=str(row[1]),
            sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
            fingerprint=str(row[3]),
            members=int(row[4]),
            scenarios=int(row[5]),
            created=float(row[6]),
            saved=float(row[7]),
            version=int(row[8]),
            join_code=str(row[9]) if row[9] else None,
        )

    def create_workshop(self, roster: Roster, sources: Sequence[str], name: str) -> WorkshopInfo:
        """A new, empty workshop on ``roster`` (its canonical columns only)."""
        workshop_id = uuid.uuid4().hex[:12]
        now = time.time()
        record = roster_record(roster, sources)
        fingerprint = roster.fingerprint or roster_fingerprint(roster.members, roster.teams)
        with self._write() as db:
            db.execute(
                "INSERT INTO workshops (id, name, sources, fingerprint, members, scenarios, created, saved,"
                " version, roster) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0, ?)",
                (
                    workshop_id,
                    name,
                    json.dumps(list(sources), ensure_ascii=False),
                    fingerprint,
                    len(roster.members),
                    now,
                    now,
                    record,
                ),
            )
        return self.info(workshop_id)

    def list_workshops(self) -> list[WorkshopInfo]:
        """Every workshop, the last saved first (none, without making a file, when there is none)."""
        if not self.path.exists():
            return []
        with self._open() as db:
            rows = db.execute(f"SELECT {self._INFO_COLUMNS} FROM workshops ORDER BY saved DESC").fetchall()
        return [self._info(r) for r in rows]

    def info(self, workshop_id: str) -> WorkshopInfo:
        with self._open() as db:
            row = db.execute(
                f"SELECT {self._INFO_COLUMNS} FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
        if row is None:
            raise StoreError("store.error.unknown", workshop=workshop_id)
        return self._info(row)

    def find(self, text: str) -> WorkshopInfo:
        """A workshop by its id, or by a unique start of its id or its exact name (the CLI's
        argument)."""
        workshops = self.list_workshops()
        for match in (
            [w for w in workshops if w.workshop_id == text],
            [w for w in workshops if w.name == text],
            [w for w in workshops if len(text) >= 4 and w.workshop_id.startswith(text)],
        ):
            if len(match) == 1:
                return match[0]
            if len(match) > 1:
                raise StoreError("store.error.ambiguous", workshop=text, count=len(match))
        raise StoreError("store.error.unknown", workshop=text)

    def rename(self, workshop_id: str, name: str) -> None:
        cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())[:80]
        if not cleaned:
            raise StoreError("store.error.name_empty")
        with self._write() as db:
            if db.execute("UPDATE workshops SET name = ? WHERE id = ?", (cleaned, workshop_id)).rowcount != 1:
                raise StoreError("store.error.unknown", workshop=workshop_id)

    def delete(self, workshop_id: str) -> None:
        """Delete every row of the workshop, then vacuum and truncate the log, so none of its
        roster stays in the file."""
        with self._write() as db:
            for table, column in (
                ("trash", "workshop_id"),
                ("versions", "workshop_id"),
                ("scenarios", "workshop_id"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (workshop_id,))
            if db.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,)).rowcount != 1:
                raise StoreError("store.error.unknown", workshop=workshop_id)
        with self._open() as db:
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- saving --------------------------------------------------------------------------------------

    def save(
        self,
        workshop_id: str,
        book: ScenarioBook,
        extra: dict[str, Any] | None = None,
        cache: SaveCache | None = None,
    ) -> int:
        """Save ``book`` (and ``extra``, e.g. Tweak drafts) as the workshop's next version;
        returns its number. Scenarios the previous version held and this one does not go to
        the trash. Only scenarios not stored yet are written."""
        cache = SaveCache() if cache is None else cache
        texts = [(s, scenario_text(s, cache)) for s in book]
        items = [[s.created, s.name, _digest(text)] for s, text in texts]
        extra_text = json.dumps(
            tagged_json(extra), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        now = time.time()
        with self._write() as db:
            row = db.execute("SELECT version FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if row is None:
                raise StoreError("store.error.unknown", workshop=workshop_id)
            version = int(row[0]) + 1
            known = {
                r[0]
                for r in db.execute(
                    "SELECT digest FROM scenarios WHERE workshop_id = ? AND digest IN ({})".format(
                        ",".join("?" * len(items))
                    ),
                    (workshop_id, *[i[2] for i in items]),
                )
            }
            for (_scenario, text), (_c, _n, digest) in zip(texts, items, strict=True):
                if digest not in known:
                    db.execute(
                        "INSERT OR IGNORE INTO scenarios (workshop_id, digest, data) VALUES (?, ?, ?)",
                        (workshop_id, digest, _deflate(text.encode("utf-8"))),
                    )
                    known.add(digest)
            self._trash_dropped(db, workshop_id, items, now)
            db.execute(
                "INSERT INTO versions (workshop_id, version, saved, next_created, items, extra)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    workshop_id,
                    version,
                    now,
                    book.next_created,
                    json.dumps(items, ensure_ascii=False),
                    extra_text,
                ),
            )
            db.execute(
                "UPDATE workshops SET version = ?, saved = ?, scenarios = ? WHERE id = ?",
                (version, now, len(book), workshop_id),
            )
            self._prune(db, workshop_id)
        cache.keep_only([s.plan for s in book])
        return version

    @staticmethod
    def _latest_items(db: sqlite3.Connection, workshop_id: str) -> list[Any]:
        row = db.execute(
            "SELECT items FROM versions WHERE workshop_id = ? ORDER BY version DESC LIMIT 1", (workshop_id,)
        ).fetchone()
        try:
            items = stored_json(row[0], "trash") if row else []
        except ValueError:
            return []
        return items if isinstance(items, list) else []

    def _trash_dropped(
        self, db: sqlite3.Connection, workshop_id: str, items: list[list[Any]], now: float
    ) -> None:
        kept = {i[0] for i in items}
        for item in self._latest_items(db, workshop_id):
            if isinstance(item, list) and len(item) == 3 and item[0] not in kept:
                db.execute(
                    "INSERT INTO trash (workshop_id, digest, name, created, deleted) VALUES (?, ?, ?, ?, ?)",
                    (workshop_id, str(item[2]), str(item[1]), int(item[0]), now),
                )

    @staticmethod
    def _prune(db: sqlite3.Connection, workshop_id: str) -> None:
        """Keep the last versions; forget scenario rows no kept version or trash entry names."""
        db.execute(
            "DELETE FROM versions WHERE workshop_id = ? AND version <= "
            "(SELECT MAX(version) FROM versions WHERE workshop_id = ?) - ?",
            (workshop_id, workshop_id, KEEP_VERSIONS),
        )
        used: set[str] = {
            r[0] for r in db.execute("SELECT digest FROM trash WHERE workshop_id = ?", (workshop_id,))
        }
        for (items_text,) in db.execute("SELECT items FROM versions WHERE workshop_id = ?", (workshop_id,)):
            with contextlib.suppress(ValueError, TypeError, IndexError):
                used |= {str(i[2]) for i in stored_json(items_text, "versions")}
        stored = [
            r[0] for r in db.execute("SELECT digest FROM scenarios WHERE workshop_id = ?", (workshop_id,))
        ]
        for digest in stored:
            if digest not in used:
                db.execute(
                    "DELETE FROM scenarios WHERE workshop_id = ? AND digest = ?", (workshop_id, digest)
                )

    # --- reading -------------------------------------------------------------------------------------

    def version(self, workshop_id: str) -> int:
        """The workshop's latest version number (what a participant's view polls)."""
        return self.info(workshop_id).version

    def versions(self, workshop_id: str) -> list[VersionInfo]:
        """The kept versions, newest first."""
        with self._open() as db:
            rows = db.execute(
                "SELECT version, saved, items FROM versions WHERE workshop_id = ? ORDER BY version DESC",
                (workshop_id,),
            ).fetchall()
        out = []
        for version, saved, items_text in rows:
            try:
                names = tuple(str(i[1]) for i in stored_json(items_text, "versions"))
            except (ValueError, TypeError, IndexError):
                names = ()
            out.append(VersionInfo(int(version), float(saved), names))
        return out

    def load_roster(self, workshop_id: str) -> tuple[Roster, tuple[str, ...]]:
        with self._open() as db:
            row = db.execute("SELECT roster FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        if row is None:
            raise StoreError("store.error.unknown", workshop=workshop_id)
        return roster_from_record(row[0])

    def _version_document(
        self, db: sqlite3.Connection, workshop_id: str, fingerprint: str, version: int | None
    ) -> tuple[bytes, int]:
        query = "SELECT version, next_created, items, extra FROM versions WHERE workshop_id = ?"
        if version is None:
            row = db.execute(query + " ORDER BY version DESC LIMIT 1", (workshop_id,)).fetchone()
        else:
            row = db.execute(query + " AND version = ?", (workshop_id, version)).fetchone()
        if row is None:
            if version is not None:
                raise StoreError("store.error.no_version", version=version)
            return _document(fingerprint, 1, [], "null"), 0
        number, next_created, items_text, extra_text = row
        try:
            items = stored_json(items_text, "versions")
            digests = [str(i[2]) for i in items]
        except (ValueError, TypeError, IndexError, KeyError):
            raise StoreError("store.error.damaged", what="versions") from None
        texts = []
        for digest in digests:
            data = db.execute(
                "SELECT data FROM scenarios WHERE workshop_id = ? AND digest = ?", (workshop_id, digest)
            ).fetchone()
            if data is None:
                raise StoreError("store.error.damaged", what="scenarios")
            texts.append(read_stored(data[0], "scenarios").decode("utf-8", "replace"))
        return _document(fingerprint, int(next_created), texts, str(extra_text)), int(number)

    def load(self, workshop_id: str, lang: str = "zh", version: int | None = None) -> LoadedWorkshop:
        """The workshop (latest version, or ``version``), validated as an uploaded bundle is.
        Raises StoreError; a refused bundle's problems are in ``issues``."""
        info = self.info(workshop_id)
        roster, _sources = self.load_roster(workshop_id)
        with self._open() as db:
            document, number = self._version_document(db, workshop_id, info.fingerprint, version)
        loaded = self._validated(document, roster, lang)
        return LoadedWorkshop(info, roster, loaded.book, loaded.extra, number)

    @staticmethod
    def _validated(document: bytes, roster: Roster, lang: str) -> LoadedBundle:
        try:
            return load_bundle(document, roster, lang, limits=LIMITS.bundle_limits())
        except BundleError as error:
            refused = StoreError("store.error.bundle_invalid", count=len(error.issues))
            refused.issues = tuple(error.issues)
            raise refused from None

    def export_bundle(self, workshop_id: str, lang: str = "zh") -> bytes:
        """The workshop's latest version as a bundle file (validated on the way out)."""
        loaded = self.load(workshop_id, lang)
        return bundle_bytes(loaded.info.fingerprint, loaded.book, loaded.extra)

    # --- trash ---------------------------------------------------------------------------------------

    def trashed(self, workshop_id: str) -> list[TrashedScenario]:
        with self._open() as db:
            rows = db.execute(
                "SELECT id, name, created, deleted FROM trash WHERE workshop_id = ?"
                " ORDER BY deleted DESC, id DESC",
                (workshop_id,),
            ).fetchall()
        return [TrashedScenario(int(r[0]), str(r[1]), int(r[2]), float(r[3])) for r in rows]

    def trashed_scenario(self, workshop_id: str, key: int, roster: Roster, lang: str = "zh") -> Scenario:
        """A dropped scenario, validated (without its parent link, which may be gone)."""
        with self._open() as db:
            row = db.execute(
                "SELECT s.data FROM trash t JOIN scenarios s"
                " ON s.workshop_id = t.workshop_id AND s.digest = t.digest"
                " WHERE t.workshop_id = ? AND t.id = ?",
                (workshop_id, key),
            ).fetchone()
        if row is None:
            raise StoreError("store.error.no_trash")
        data = _stored_json(row[0], "trash")
        if not isinstance(data, dict):
            raise StoreError("store.error.damaged", what="trash")
        data = {**data, "parent": None, "created": 1}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        fingerprint = roster.fingerprint or roster_fingerprint(roster.members, roster.teams)
        loaded = self._validated(_document(fingerprint, 2, [text], "null"), roster, lang)
        return loaded.book.scenarios[0]

    # --- sharing --------------------------------------------------------------------------------------

    def share(self, workshop_id: str) -> str:
        """The workshop's join code (made on first share)."""
        with self._write() as db:
            row = db.execute("SELECT join_code FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if row is None:
                raise StoreError("store.error.unknown", workshop=workshop_id)
            if row[0]:
                return str(row[0])
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if db.execute("SELECT 1 FROM workshops WHERE join_code = ?", (code,)).fetchone() is None:
                    break
            db.execute("UPDATE workshops SET join_code = ? WHERE id = ?", (code, workshop_id))
        return code

    def unshare(self, workshop_id: str) -> None:
        with self._write() as db:
            db.execute("UPDATE workshops SET join_code = NULL WHERE id = ?", (workshop_id,))

    def by_code(self, code: str) -> WorkshopInfo | None:
        """The workshop a join code opens, or None (codes compare case-insensitively)."""
        cleaned = "".join(code.split()).upper()
        if len(cleaned) != CODE_LENGTH or not self.path.exists():
            return None
        with self._open() as db:
            row = db.execute(
                f"SELECT {self._INFO_COLUMNS} FROM workshops WHERE join_code = ?", (cleaned,)
            ).fetchone()
        return self._info(row) if row else None
