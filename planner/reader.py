"""Reading rosters: one .xlsx workbook, or a members CSV plus a teams CSV (or a members CSV alone).

Every failure raises :class:`planner.schema.RosterError` listing every problem found; any bytes
at all give either a :class:`Roster` or that error. Files are checked before they are parsed:
size first, then the file type, then (for a workbook) the zip directory against the inflate
limits. Workbooks are read with openpyxl in read-only, values-only mode (cached values; no
formula is evaluated). CSV text is decoded by :func:`decode_text`. Turning the rows into the
typed roster is :mod:`planner.validation`'s job.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path, PurePath
from typing import Any, Literal

import pandas as pd

from planner.config import DEFAULT_LIMITS, InputLimits
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
    STRIP_CHARS,
    TEAM_LOOKUP,
    RawTable,
    build_roster,
    error,
    header_matches,
    kind_scores,
    normalise_label,
    sort_issues,
)

__all__ = ["decode_text", "issues_frame", "read_roster_paths", "read_roster_uploads"]

_log = logging.getLogger(__name__)

FileKind = Literal["workbook", "csv"]

_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old .xls, and password-protected workbooks
_CSV_DELIMITERS = (",", "\t", ";")
#: Excel's last row: a hostile sheet may claim a row far beyond it, and openpyxl would
#: yield every empty row up to it.
_EXCEL_MAX_ROWS = 1_048_576
#: below this many inflated bytes a high compression ratio is harmless (tiny parts of zeros)
_RATIO_FLOOR_BYTES = 1 << 20
_MEMBER_SHEET_KEYS = frozenset(normalise_label(n) for n in MEMBER_SHEET_NAMES)
_TEAM_SHEET_KEYS = frozenset(normalise_label(n) for n in TEAM_SHEET_NAMES)
_LIST_JOIN = {"zh": "、", "en": ", "}

# openpyxl warns about styles, validations and extensions it drops; none of that matters to a
# roster. A module-level filter, because warnings.catch_warnings() is not thread-safe and the
# app reads rosters from several sessions' threads.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\..*)?$")


# --- public API ---------------------------------------------------------------------------


def read_roster_paths(paths: Sequence[Path], limits: InputLimits = DEFAULT_LIMITS) -> Roster:
    """Read one .xlsx workbook, or one or two CSV files (members and teams, any order).

    Raises RosterError listing every problem; a file that cannot be opened is one of them.
    """
    inputs: list[tuple[str, bytes | None]] = []
    issues: list[Issue] = []
    for raw in paths:
        path = Path(raw)
        try:
            size = path.stat().st_size
            if size > limits.max_upload_bytes:
                issues.append(_too_large(path.name, size, limits))
                inputs.append((path.name, None))
                continue
            inputs.append((path.name, path.read_bytes()))
        except OSError as exc:
            issues.append(error("cannot_open", path.name, detail=exc.strerror or type(exc).__name__))
            inputs.append((path.name, None))
    return _read(inputs, limits, issues)


def read_roster_uploads(files: Sequence[tuple[str, bytes]], limits: InputLimits = DEFAULT_LIMITS) -> Roster:
    """Same as :func:`read_roster_paths`, from (file name, content) pairs such as an uploader gives."""
    return _read([(name, data) for name, data in files], limits, [])


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


def _too_large(name: str, size: int, limits: InputLimits) -> Issue:
    mb = 1024 * 1024
    return error(
        "too_large", name, size_mb=f"{size / mb:.1f}", limit_mb=f"{limits.max_upload_bytes / mb:.1f}"
    )


def _kind(name: str, data: bytes | None, issues: list[Issue]) -> FileKind | None:
    """What the file is, by its content where it tells, else by its name; None (with an
    issue) when it is neither a workbook nor CSV text."""
    suffix = PurePath(name).suffix.lower()
    if data is not None and data.startswith(_OLE_MAGIC):
        issues.append(error("encrypted_or_xls", name))
        return None
    if (
        data is not None
        and data.startswith(_ZIP_MAGIC)
        and suffix in _WORKBOOK_SUFFIXES | _CSV_SUFFIXES | {""}
    ):
        return "workbook"
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
            issues.append(_too_large(name, len(data), limits))
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
    if workbooks:
        name, _, data = workbooks[0]
        assert data is not None
        members, teams = _read_workbook(name, data, limits, issues)
        encodings = [(name, "xlsx")]
    else:
        members, teams, encodings = _read_csvs([(n, d) for n, _, d in csvs if d is not None], limits, issues)
    if issues or members is None:
        raise RosterError(sort_issues(issues))
    return build_roster(members, teams, encodings, limits)


# --- workbooks ----------------------------------------------------------------------------


def _check_zip(name: str, data: bytes, limits: InputLimits) -> Issue | None:
    """Refuse a workbook whose zip directory promises too much before anything inflates it.
    (Python's zipfile stops at the declared size and checks the CRC, so the directory can
    be trusted as a bound.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:  # a damaged zip raises many kinds of error
        _log.info("not a zip: %s: %r", name, exc)
        return error("unreadable", name)
    inflated = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    ratio = inflated / max(packed, 1)
    if (
        len(infos) > limits.max_zip_entries
        or inflated > limits.max_unzipped_bytes
        or (ratio > limits.max_zip_ratio and inflated > _RATIO_FLOOR_BYTES)
    ):
        return error(
            "zip_bomb",
            name,
            entries=len(infos),
            unzipped_mb=f"{inflated / (1024 * 1024):.1f}",
            ratio=f"{ratio:.0f}",
        )
    return None


def _cell_text(value: object) -> str:
    """A cell as the text the user sees: ids stay text (1.0 -> "1"), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(STRIP_CHARS)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip(STRIP_CHARS)


def _rows(
    cells: Iterator[Sequence[object]], limits: InputLimits, head: bool = False
) -> tuple[list[list[str]], bool]:
    """Rows as text; stops once more rows are seen than the limit lets through (truncated)."""
    rows: list[list[str]] = []
    filled = 0
    cap = limits.max_rows + limits.header_search_rows
    for values in cells:
        if len(rows) >= (limits.header_search_rows if head else _EXCEL_MAX_ROWS):
            break
        row = [_cell_text(v) for v in values]
        if any(row):
            filled += 1
            if filled > cap:
                return rows, True
            rows.append(row)
        else:
            rows.append([])
    return rows, False


def _sheet_table(sheet: Any, limits: InputLimits, head: bool = False) -> RawTable:
    # The stored dimension may be wrong (some tools write "A1"); read what is there.
    sheet.reset_dimensions()
    bound = limits.header_search_rows if head else None
    rows, truncated = _rows(sheet.iter_rows(values_only=True, max_row=bound), limits, head)
    return RawTable(sheet.title, rows, truncated)


def _read_workbook(
    name: str, data: bytes, limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable | None, RawTable | None]:
    """The members and teams sheets: found by name, else by their headers."""
    import openpyxl  # only workbooks need it

    problem = _check_zip(name, data, limits)
    if problem is not None:
        issues.append(problem)
        return None, None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _pick_sheets(name, book.worksheets, limits, issues)
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises anything on a damaged part (KeyError, XML errors...)
        _log.info("cannot read workbook %s: %r", name, exc)
        issues.append(error("unreadable", name))
        return None, None


def _pick_sheets(
    name: str, sheets: Sequence[Any], limits: InputLimits, issues: list[Issue]
) -> tuple[RawTable | None, RawTable | None]:
    named: dict[str, list[Any]] = {"members": [], "teams": []}
    others: list[Any] = []
    for sheet in sheets:
        key = normalise_label(sheet.title)
        if key in _MEMBER_SHEET_KEYS:
            named["members"].append(sheet)
        elif key in _TEAM_SHEET_KEYS:
            named["teams"].append(sheet)
        else:
            others.append(sheet)
    for kind, found in named.items():
        if len(found) > 1:
            kind_zh, kind_en = ("党员", "members") if kind == "members" else ("团队", "teams")
            issues.append(
                error(
                    "duplicate_sheet", name, kind_zh=kind_zh, kind_en=kind_en, names=[s.title for s in found]
                )
            )
    if issues:
        return None, None
    members = named["members"][0] if named["members"] else None
    teams = named["teams"][0] if named["teams"] else None
    if (members is None or teams is None) and others:
        # Sheets named otherwise ("Sheet1"): tell them apart by the columns they name.
        scored = [
            (kind_scores(_sheet_table(s, limits, head=True), limits.header_search_rows), s) for s in others
        ]
        if members is None:
            best = max(scored, key=lambda item: item[0][0] - item[0][1])
            if best[0][0] > best[0][1]:
                members = best[1]
                scored.remove(best)
        if teams is None and scored:
            best = max(scored, key=lambda item: item[0][1] - item[0][0])
            if best[0][1] > best[0][0]:
                teams = best[1]
    if members is None:
        issues.append(
            error("missing_sheet", name, names=list(MEMBER_SHEET_NAMES), team_names=list(TEAM_SHEET_NAMES))
        )
        return None, None
    return _sheet_table(members, limits), _sheet_table(teams, limits) if teams is not None else None


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
        rows, truncated = _rows(reader, limits)
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
