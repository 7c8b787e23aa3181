"""Reading rosters: one workbook (.xlsx, .xls, .ods), or a members CSV plus a teams CSV (or a
members CSV alone).

Every failure raises :class:`planner.schema.RosterError` listing every problem found; any bytes
at all give either a :class:`Roster` or that error. Every file passes the input gate
(:mod:`planner.gate`) first: a regular file or an upload, its size, then (for a workbook) the zip
checks, and the parse itself in a worker process with a deadline and a memory cap. Workbooks are
read with calamine (cached values; no formula is evaluated); the members and teams sheets are
recognised by their header rows, whatever their names. CSV text is decoded by
:func:`decode_text`. Turning the rows into the typed roster is :mod:`planner.validation`'s job.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path, PurePath
from typing import Any, Literal

import pandas as pd

from planner.config import DEFAULT_LIMITS, InputLimits
from planner.gate import InputError, read_guarded_bytes, read_workbook, too_large, workbook_kind
from planner.gate_worker import table_rows
from planner.i18n import normalise_language, t
from planner.schema import (
    ISSUE_COLUMNS,
    MEMBER_SHEET_NAMES,
    TEAM_SHEET_NAMES,
    Issue,
    Roster,
    RosterError,
)
from planner.validation import (
    LIST_SEP,
    MEMBER_LOOKUP,
    TEAM_LOOKUP,
    RawTable,
    build_roster,
    error,
    header_matches,
    kind_scores,
    label_key,
    sort_issues,
)

__all__ = ["decode_text", "issues_frame", "read_roster_paths", "read_roster_uploads"]

_log = logging.getLogger(__name__)

FileKind = Literal["workbook", "csv"]

_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
_CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_CSV_DELIMITERS = (",", "\t", ";")
_MEMBER_SHEET_KEYS = frozenset(label_key(n) for n in MEMBER_SHEET_NAMES)
_TEAM_SHEET_KEYS = frozenset(label_key(n) for n in TEAM_SHEET_NAMES)
_LIST_JOIN = {"zh": "、", "en": ", "}


# --- public API ---------------------------------------------------------------------------


def read_roster_paths(paths: Sequence[Path], limits: InputLimits = DEFAULT_LIMITS) -> Roster:
    """Read one workbook, or one or two CSV files (members and teams, any order).

    Raises RosterError listing every problem; a file that cannot be opened (or is no regular
    file, or is too large) is one of them.
    """
    inputs: list[tuple[str, bytes | None]] = []
    issues: list[Issue] = []
    for raw in paths:
        path = Path(raw)
        try:
            inputs.append((path.name, read_guarded_bytes(path, limits)))
        except InputError as refused:
            issues.extend(refused.issues)
            inputs.append((path.name, None))
    return _read(inputs, limits, issues)


def read_roster_uploads(files: Sequence[tuple[str, bytes]], limits: InputLimits = DEFAULT_LIMITS) -> Roster:
    """Same as :func:`read_roster_paths`, from (file name, content) pairs such as an uploader gives."""
    return _read([(PurePath(name).name, data) for name, data in files], limits, [])


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: a BOM (UTF-8, UTF-16) first, then strict UTF-8, then GB18030 (a
    superset of GBK). Returns (text, encoding used); raises RosterError ("encoding") if none fits."""
    attempts: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        attempts.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts.append("utf-16")
    attempts += ["utf-8", "gb18030"]
    for encoding in attempts:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise RosterError([error("encoding")])


def issues_frame(issues: Sequence[Issue], lang: str) -> pd.DataFrame:
    """The problems as a table in ``lang``: columns schema.ISSUE_COLUMNS (severity, sheet,
    row, column, value, problem, action); ``row`` is Int64 (<NA> when the problem has no row).
    Errors first, then warnings, each in file order."""
    lang = normalise_language(lang)
    records: dict[str, list[Any]] = {name: [] for name in ISSUE_COLUMNS}
    for issue in sort_issues(issues):
        params = _render_params(issue, lang)
        records["severity"].append(t(f"reader.severity.{issue.severity.value}", lang))
        records["sheet"].append(issue.sheet)
        records["row"].append(issue.row)
        records["column"].append(issue.column)
        records["value"].append(issue.value)
        records["problem"].append(t(f"problem.{issue.code}", lang, **params))
        records["action"].append(t(f"action.{issue.code}", lang, **params))
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype="Int64" if name == "row" else object)
            for name, values in records.items()
        }
    )


def _render_params(issue: Issue, lang: str) -> dict[str, str]:
    """Issue fields and params for the message templates: lists joined the language's way,
    ``x_zh``/``x_en`` pairs collapsed to ``x``."""
    rendered = {
        "sheet": issue.sheet,
        "row": "" if issue.row is None else str(issue.row),
        "column": issue.column,
        "value": issue.value,
    }
    suffix = f"_{lang}"
    for key, value in issue.params:
        text = value.replace(LIST_SEP, _LIST_JOIN[lang])
        rendered[key] = text
        if key.endswith(suffix):
            rendered[key[: -len(suffix)]] = text
    return rendered


# --- files --------------------------------------------------------------------------------


def _kind(name: str, data: bytes | None, issues: list[Issue]) -> FileKind | None:
    """What the file is, by its content where it tells, else by its name; None (with an
    issue) when it is neither a workbook nor CSV text."""
    suffix = PurePath(name).suffix.lower()
    if data is not None:
        try:
            if workbook_kind(name, data) is not None:
                return "workbook"
        except InputError as refused:  # a WPS .et file, a password-protected workbook
            issues.extend(refused.issues)
            return None
    if suffix in _WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in _CSV_SUFFIXES or suffix == "":
        return "csv"
    issues.append(error("unsupported_file", name, value=suffix))
    return None


def _read(inputs: Sequence[tuple[str, bytes | None]], limits: InputLimits, issues: list[Issue]) -> Roster:
    if not inputs:
        raise RosterError([error("no_files")])
    files: list[tuple[str, FileKind, bytes | None]] = []
    for name, data in inputs:
        if data is not None and len(data) > limits.max_upload_bytes:
            issues.append(too_large(name, len(data), limits))
            data = None
        # A file already refused still counts when judging the combination of files.
        kind = _kind(name, data, issues)
        if kind is not None:
            files.append((name, kind, data))
    workbooks = [f for f in files if f[1] == "workbook"]
    csvs = [f for f in files if f[1] == "csv"]
    if files and not ((len(workbooks) == 1 and not csvs) or (not workbooks and 1 <= len(csvs) <= 2)):
        issues.append(error("wrong_files", workbooks=len(workbooks), csvs=len(csvs)))
    if issues:
        raise RosterError(sort_issues(issues))
    with _collector_paused():
        if workbooks:
            name, _, data = workbooks[0]
            assert data is not None
            members, teams = _read_workbook(name, data, limits, issues)
            encodings = [(name, "xlsx")]
        else:
            csv_files = [(n, d) for n, _, d in csvs if d is not None]
            members, teams, encodings = _read_csvs(csv_files, limits, issues)
        if issues or members is None:
            raise RosterError(sort_issues(issues))
        return build_roster(members, teams, encodings, limits)


_collector_lock = threading.Lock()
_collector_readers = 0
_collector_was_enabled = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a roster is read: the rows are hundreds of
    thousands of new lists and strings, and the collector would traverse them again and again
    (about a third of the 10x district's reading time). Rows hold no reference cycles. Counted
    under a lock, so overlapping reads from several sessions' threads restore it once."""
    global _collector_readers, _collector_was_enabled
    with _collector_lock:
        if _collector_readers == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_readers += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_readers -= 1
            if _collector_readers == 0 and _collector_was_enabled:
                gc.enable()


# --- workbooks ----------------------------------------------------------------------------


def _read_workbook(
    name: str, data: bytes, limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable | None, RawTable | None]:
    """The members and teams sheets, recognised by their header rows."""
    try:
        sheets = read_workbook(data, name, limits)
    except InputError as refused:
        issues.extend(refused.issues)
        return None, None
    tables = [RawTable(sheet.name, sheet.rows, sheet.truncated) for sheet in sheets]
    return _pick_sheets(name, tables, limits, issues)


def _sheet_kind(table: RawTable, limits: InputLimits) -> str | None:
    """ "members" or "teams" when a header row in the first rows names the kind's required
    columns and leans to that kind (member-only against team-only labels); else None."""
    head = table.rows[: limits.header_search_rows]
    member_only, team_only = kind_scores(table, limits.header_search_rows)
    for row in head:
        if {"member_id", "name", "area"} <= header_matches(row, MEMBER_LOOKUP) and member_only >= team_only:
            return "members"
    for row in head:
        if {"name", "area"} <= header_matches(row, TEAM_LOOKUP) and team_only > member_only:
            return "teams"
    return None


def _fallback(
    kind: str, tables: Sequence[RawTable], taken: Sequence[RawTable], limits: InputLimits
) -> list[RawTable]:
    """When no sheet has a full header of ``kind``: the one that leans most to it (so its
    missing columns are listed), else the one named like it."""
    free = [table for table in tables if all(table is not other for other in taken)]
    lean = [
        (m - t_ if kind == "members" else t_ - m, table)
        for table in free
        for m, t_ in [kind_scores(table, limits.header_search_rows)]
    ]
    best = max(lean, key=lambda item: item[0], default=None)
    if best is not None and best[0] > 0:
        return [best[1]]
    keys = _MEMBER_SHEET_KEYS if kind == "members" else _TEAM_SHEET_KEYS
    return [table for table in free if label_key(table.source) in keys][:1]


def _pick_sheets(
    name: str, tables: Sequence[RawTable], limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable | None, RawTable | None]:
    """Sheets are told apart by the columns they name, whatever they are called ("Sheet1",
    "2026年"); two candidates of one kind are an error naming both."""
    found: dict[str, list[RawTable]] = {"members": [], "teams": []}
    for table in tables:
        kind = _sheet_kind(table, limits)
        if kind is not None:
            found[kind].append(table)
    for kind, candidates in found.items():
        if len(candidates) > 1:
            kind_zh, kind_en = ("党员", "members") if kind == "members" else ("团队", "teams")
            issues.append(
                error(
                    "duplicate_sheet",
                    name,
                    kind_zh=kind_zh,
                    kind_en=kind_en,
                    names=[table.source for table in candidates],
                )
            )
    if issues:
        return None, None
    if not found["members"]:
        found["members"] = _fallback("members", tables, found["teams"], limits)
    if not found["teams"]:
        found["teams"] = _fallback("teams", tables, found["members"], limits)
    if not found["members"]:
        issues.append(
            error("missing_sheet", name, names=list(MEMBER_SHEET_NAMES), team_names=list(TEAM_SHEET_NAMES))
        )
        return None, None
    return found["members"][0], (found["teams"][0] if found["teams"] else None)


# --- CSV ----------------------------------------------------------------------------------


def _sniff_delimiter(text: str, limits: InputLimits) -> str:
    """The delimiter whose split of the first lines names the most known columns."""
    head = list(islice(io.StringIO(text, newline=""), limits.header_search_rows))
    best, best_score = ",", 0
    for delimiter in _CSV_DELIMITERS:
        try:
            rows = list(csv.reader(head, delimiter=delimiter))
        except csv.Error:
            continue
        score = max(
            (max(len(header_matches(r, MEMBER_LOOKUP)), len(header_matches(r, TEAM_LOOKUP))) for r in rows),
            default=0,
        )
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(
    name: str, data: bytes, limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable, str] | None:
    try:
        text, encoding = decode_text(data)
    except RosterError:
        issues.append(error("encoding", name))
        return None
    if "\x00" in text:  # binary content, or UTF-32: not CSV text we can read
        issues.append(error("unreadable", name))
        return None
    delimiter = _sniff_delimiter(text, limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows, truncated = table_rows(reader, limits.max_rows + limits.header_search_rows)
    except csv.Error as exc:  # e.g. a field beyond csv.field_size_limit()
        _log.info("cannot parse CSV %s: %r", name, exc)
        issues.append(error("unreadable", name))
        return None
    return RawTable(name, rows, truncated), encoding


def _read_csvs(
    files: Sequence[tuple[str, bytes]], limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable | None, RawTable | None, list[tuple[str, str]]]:
    """The members table and, when two files came, the teams table, told apart by headers."""
    tables: list[RawTable] = []
    encodings: list[tuple[str, str]] = []
    for name, data in files:
        read = _read_csv(name, data, limits, issues)
        if read is not None:
            tables.append(read[0])
            encodings.append((read[0].source, read[1]))
    if issues:
        return None, None, encodings
    scores = [kind_scores(table, limits.header_search_rows) for table in tables]
    if len(tables) == 1:
        member_hits, team_hits = scores[0]
        if team_hits > member_hits:
            issues.append(error("need_members_file", tables[0].source))
            return None, None, encodings
        return tables[0], None, encodings
    lean = [m - t_ for m, t_ in scores]
    if lean[0] == lean[1]:
        issues.append(error("csv_pair_unclear", " / ".join(table.source for table in tables)))
        return None, None, encodings
    members, teams = (tables[0], tables[1]) if lean[0] > lean[1] else (tables[1], tables[0])
    return members, teams, encodings
