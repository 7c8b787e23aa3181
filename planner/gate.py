"""The input gate: every file the product reads passes here before anything parses it.

Rosters (upload or path), the CLI's layout file, bundles and saved workshops are untrusted
input. The gate bounds what reading them can cost — bytes, inflated bytes, entries, nesting,
time and memory — and refuses the rest with the product's own error: :class:`InputError`, a
:class:`planner.schema.RosterError` whose ``issues`` list every problem (render them with
:func:`planner.reader.issues_frame`; the CLI prints them and exits 2). All limits are in
:class:`planner.config.InputLimits`.

Functions for the other doors:

``read_guarded_bytes(source, limits) -> bytes``
    ``source`` is a path (str or PathLike), an upload (anything with ``name`` and
    ``getvalue()``, as Streamlit's uploader gives) or a ``(name, bytes)`` pair. A path must be a
    regular file (not /dev/zero, a FIFO or a folder); at most ``max_upload_bytes`` are read, so
    a file that grows while read is refused too.
``check_zip(data, name, limits) -> None``
    For any zip (xlsx, bundle): entry count, duplicate or unsafe entry names, encrypted entries,
    compression methods other than stored/deflate, then every entry inflated (streamed, never
    held) to count its real size — a directory that lies about sizes is refused — against the
    total and the ratio limit, and XML parts holding a DTD (``<!DOCTYPE``/``<!ENTITY``) refused.
``load_json(data, where, limits) -> Any``
    UTF-8 JSON (BOM allowed) whose nesting is measured without recursion before ``json`` parses
    it: deeper than ``max_json_depth`` is refused, so no RecursionError ever reaches anyone.
``read_workbook(data, name, limits) -> list[Sheet]``
    A workbook (.xlsx/.xlsm/.ods, or old .xls) parsed in a worker process that is killed at
    ``read_deadline_seconds`` and whose memory is capped at ``worker_memory_bytes``; cells come
    back as the text the user sees. Zips are checked with :func:`check_zip` first.
``read_json_file(path, limits) -> Any``
    A JSON file named on the command line: both of the above.
``workbook_kind(name, data) -> WorkbookKind | None``
    What a file is by its bytes and suffix; raises InputError for WPS .et files and encrypted
    Office files (with how to save them as .xlsx).

CSV is read by Python's csv module inside the byte limit (linear, no rescans), so it needs no
worker; :mod:`planner.reader` does that.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any, Protocol

import numpy as np

from planner.config import DEFAULT_LIMITS, InputLimits
from planner.gate_worker import decode_rows
from planner.schema import Issue, RosterError
from planner.validation import error

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # old .xls, and password-protected Office files
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WPS_SUFFIXES = frozenset({".et", ".ett"})
#: below this many inflated bytes a high compression ratio is harmless (tiny parts of zeros)
_RATIO_FLOOR_BYTES = 1 << 20
_CHUNK = 1 << 20
# A DTD in any of the encodings an XML part may use; none belongs in a workbook or a bundle.
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_DTD_TAIL = max(len(m) for m in _DTD_MARKERS)
_WORKER_CODE = "from planner.gate_worker import main; main()"


class InputError(RosterError):
    """A file refused at the gate; ``issues`` lists why, as for any roster problem."""


class WorkbookKind(StrEnum):
    ZIP = "zip"  # .xlsx, .xlsm, .ods
    XLS = "xls"  # old Excel (OLE compound file)


@dataclass(frozen=True)
class Sheet:
    """One sheet as read: ``rows[i]`` is row ``i + 1`` as the user sees it, cells as text."""

    name: str
    rows: list[list[str]]
    #: reading stopped early: more filled rows than the limit lets through
    truncated: bool = False


class Upload(Protocol):
    name: str

    def getvalue(self) -> bytes: ...


Source = str | os.PathLike[str] | tuple[str, bytes] | Upload


def refuse(issue: Issue) -> InputError:
    return InputError([issue])


def _mb(size: float) -> str:
    return f"{size / MB:.1f}"


def too_large(name: str, size: int, limits: InputLimits) -> Issue:
    return error("too_large", name, size_mb=_mb(size), limit_mb=_mb(limits.max_upload_bytes))


# --- bytes ----------------------------------------------------------------------------------


def source_name(source: Source) -> str:
    """The file name to show for a source (no folders: they may say more than the user chose)."""
    if isinstance(source, tuple):
        return PurePath(source[0]).name
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return PurePath(source.name).name


def read_guarded_bytes(source: Source, limits: InputLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file or an upload, at most ``max_upload_bytes``; else InputError."""
    name = source_name(source)
    if isinstance(source, tuple):
        data = source[1]
    elif isinstance(source, str | os.PathLike):
        data = _read_path(Path(source), name, limits)
    else:
        data = source.getvalue()
    if len(data) > limits.max_upload_bytes:
        raise refuse(too_large(name, len(data), limits))
    return data


def _read_path(path: Path, name: str, limits: InputLimits) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise refuse(error("not_a_file", name))
        # O_NONBLOCK: a FIFO swapped in after the stat must not block the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise refuse(error("not_a_file", name))
            data = handle.read(limits.max_upload_bytes + 1)
    except OSError as exc:
        raise refuse(error("cannot_open", name, detail=exc.strerror or type(exc).__name__)) from exc
    if len(data) > limits.max_upload_bytes:
        raise refuse(too_large(name, max(len(data), path.stat().st_size), limits))
    return data


# --- zip ------------------------------------------------------------------------------------


def check_zip(data: bytes, name: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip that is damaged, crowded, lying about its sizes, a bomb, or holding a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:  # a damaged zip raises many kinds of error
        raise refuse(error("unreadable", name)) from exc
    _check_directory(infos, name, limits)
    inflated = 0
    for info in infos:
        inflated += _inflate_entry(data, info, name, limits, inflated, len(infos))
    packed = sum(info.compress_size for info in infos)
    ratio = inflated / max(packed, 1)
    if ratio > limits.max_zip_ratio and inflated > _RATIO_FLOOR_BYTES:
        raise refuse(_zip_bomb(name, len(infos), inflated, ratio, limits))


def _zip_bomb(name: str, entries: int, inflated: int, ratio: float, limits: InputLimits) -> Issue:
    return error(
        "zip_bomb",
        name,
        entries=entries,
        max_entries=limits.max_zip_entries,
        unzipped_mb=_mb(inflated),
        max_unzipped_mb=_mb(limits.max_unzipped_bytes),
        ratio=f"{ratio:.0f}",
        max_ratio=f"{limits.max_zip_ratio:.0f}",
    )


def _check_directory(infos: list[zipfile.ZipInfo], name: str, limits: InputLimits) -> None:
    declared = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if len(infos) > limits.max_zip_entries or declared > limits.max_unzipped_bytes:
        raise refuse(_zip_bomb(name, len(infos), declared, declared / packed, limits))
    seen: set[str] = set()
    for info in infos:
        entry = info.filename
        unsafe = entry.startswith(("/", "\\")) or ".." in PurePath(entry.replace("\\", "/")).parts
        encrypted = bool(info.flag_bits & 0x1)
        method = info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        if entry in seen or unsafe or encrypted or method:
            raise refuse(error("zip_entries", name, value=entry[:80]))
        seen.add(entry)


_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _entry_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's stored (compressed) bytes, found through its local header."""
    offset = info.header_offset
    magic, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, offset)
    if magic != ZIP_MAGIC:
        raise ValueError("bad local header")
    start = offset + _LOCAL_HEADER.size + name_len + extra_len
    stored = data[start : start + info.compress_size]
    if len(stored) != info.compress_size:
        raise ValueError("truncated entry")
    return stored


def _inflate_entry(
    data: bytes, info: zipfile.ZipInfo, name: str, limits: InputLimits, so_far: int, entries: int
) -> int:
    """Inflate one entry's own stream in chunks, never holding it: its real size — refused past
    the limit, or when the directory says otherwise — scanning for a DTD on the way."""
    try:
        stored = _entry_bytes(data, info)
    except (ValueError, struct.error) as exc:
        raise refuse(error("unreadable", name)) from exc
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = iter([stored])
    else:
        pieces = _inflated_chunks(stored, name)
    size = 0
    tail = b""
    for chunk in pieces:
        size += len(chunk)
        if size > info.file_size:  # the directory lies: stop at once, whatever comes next
            raise refuse(error("zip_entries", name, value=info.filename[:80]))
        if so_far + size > limits.max_unzipped_bytes:
            raise refuse(_zip_bomb(name, entries, so_far + size, 0.0, limits))
        window = tail + chunk
        # every marker holds "<!" (UTF-8) or "<\0!" (UTF-16): two quick scans before the six
        if (b"<!" in window or b"<\x00!" in window) and any(m in window for m in _DTD_MARKERS):
            raise refuse(error("xml_dtd", name, value=info.filename[:80]))
        tail = window[-_DTD_TAIL:]
    if size != info.file_size:
        raise refuse(error("zip_entries", name, value=info.filename[:80]))
    return size


def _inflated_chunks(stored: bytes, name: str) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15)
    pending = stored
    try:
        while pending and not inflater.eof:
            yield inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
        if not inflater.eof:
            yield inflater.flush()
    except zlib.error as exc:
        raise refuse(error("unreadable", name)) from exc


# --- JSON -----------------------------------------------------------------------------------


def json_depth(text: str | bytes) -> int:
    """How deep a JSON text nests, brackets inside strings not counted: a linear, vectorised scan
    (no recursion, and no regular expression that could rescan an unterminated string)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    codes = np.frombuffer(data, dtype=np.uint8)
    if codes.size == 0:
        return 0
    positions = np.arange(codes.size)
    backslash = codes == ord("\\")
    # a character is escaped when an odd run of backslashes ends just before it
    last_other = np.maximum.accumulate(np.where(backslash, -1, positions))
    run_before = np.empty(codes.size, dtype=np.int64)
    run_before[0] = 0
    run_before[1:] = positions[:-1] - last_other[:-1]
    quote = (codes == ord('"')) & (run_before % 2 == 0)
    inside = np.cumsum(quote) % 2 == 1  # from an opening quote up to (not incl.) its closing one
    outside = ~(inside | quote)
    opening = ((codes == ord("[")) | (codes == ord("{"))) & outside
    closing = ((codes == ord("]")) | (codes == ord("}"))) & outside
    depth = np.cumsum(opening.astype(np.int64) - closing.astype(np.int64))
    return max(int(depth.max()), 0)


def load_json(data: bytes | str, where: str, limits: InputLimits = DEFAULT_LIMITS) -> Any:
    """Parse JSON from an untrusted file named ``where``; InputError when it is not UTF-8 JSON,
    too big, or nested deeper than ``max_json_depth``."""
    if len(data) > limits.max_upload_bytes:
        raise refuse(too_large(where, len(data), limits))
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise refuse(error("json_invalid", where, detail="UTF-8")) from exc
    depth = json_depth(data)
    if depth > limits.max_json_depth:
        raise refuse(error("json_too_deep", where, depth=depth, limit=limits.max_json_depth))
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError cannot happen below the limit
        detail = f"{exc.msg}, {exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise refuse(error("json_invalid", where, detail=detail)) from exc


def read_json_file(path: str | os.PathLike[str], limits: InputLimits = DEFAULT_LIMITS) -> Any:
    """A JSON file given on the command line (settings, a plan, a reference): through
    :func:`read_guarded_bytes` and :func:`load_json`; InputError otherwise."""
    return load_json(read_guarded_bytes(path, limits), str(path), limits)


# --- workbooks ------------------------------------------------------------------------------


def workbook_kind(name: str, data: bytes) -> WorkbookKind | None:
    """ZIP or XLS when the bytes are a workbook container, None otherwise; InputError for a WPS
    .et file and for a password-protected Office file."""
    suffix = PurePath(name).suffix.lower()
    if suffix in _WPS_SUFFIXES:
        raise refuse(error("wps_et", name, value=suffix))
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise refuse(error("encrypted", name))
        return WorkbookKind.XLS
    if data.startswith(ZIP_MAGIC):
        return WorkbookKind.ZIP
    return None


def read_workbook(data: bytes, name: str, limits: InputLimits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every sheet of a workbook, parsed within the deadline and memory cap; InputError otherwise."""
    if len(data) > limits.max_upload_bytes:
        raise refuse(too_large(name, len(data), limits))
    kind = workbook_kind(name, data)
    if kind is None:
        raise refuse(error("unreadable", name))
    if kind is WorkbookKind.ZIP:
        check_zip(data, name, limits)
    out = _parse_in_worker(data, name, limits)
    return _sheets_from(out, name)


def _sheets_from(out: bytes, name: str) -> list[Sheet]:
    """The worker's answer: a JSON line, then each sheet's encoded rows."""
    head, _, body = out.partition(b"\n")
    try:
        result: dict[str, Any] = json.loads(head)
    except ValueError as exc:
        raise refuse(error("unreadable", name)) from exc
    code = result.get("error")
    if code is not None:
        raise refuse(error("encrypted" if code == "encrypted" else "unreadable", name))
    sheets: list[Sheet] = []
    offset = 0
    for sheet in result["sheets"]:
        size = int(sheet["bytes"])
        text = body[offset : offset + size].decode("utf-8")
        offset += size
        sheets.append(Sheet(str(sheet["name"]), decode_rows(text), bool(sheet["truncated"])))
    return sheets


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _parse_in_worker(data: bytes, name: str, limits: InputLimits) -> bytes:
    """Run the parser in a fresh interpreter; kill it at the deadline (and its memory is capped)."""
    max_filled = limits.max_rows + limits.header_search_rows
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER_CODE, str(max_filled), str(limits.worker_memory_bytes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_worker_env(),
        start_new_session=os.name == "posix",
    )
    try:
        out, _ = process.communicate(data, timeout=limits.read_deadline_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=5)
        raise refuse(error("read_timeout", name, seconds=f"{limits.read_deadline_seconds:g}")) from None
    if process.returncode != 0 or not out:
        # killed by the memory cap (an allocation failed) or crashed on the file
        raise refuse(error("read_memory", name, memory_mb=_mb(limits.worker_memory_bytes)))
    return out
