"""The workbook parser's side of the input gate: runs in a throw-away worker process.

:mod:`planner.gate` starts ``python -c "from planner.gate_worker import main; main()"``, writes
the workbook's bytes to its stdin and kills it at the read deadline; the worker caps its own
memory, parses the workbook with calamine (a Rust reader whose XML parser does not rescan, and
which reads .xlsx, .xls and .ods) and writes to stdout one JSON line, ``{"sheets": [{"name",
"truncated", "bytes"}]}`` or ``{"error": code}``, then each sheet's cells — already the text the
user sees — as UTF-8 text, cells joined by U+001F and rows by U+001E (:func:`encode_rows`;
those two characters inside a cell become spaces). Splitting that text is several times faster
than decoding the same cells from JSON.

This module imports nothing heavy (no pandas) so the worker starts in a few milliseconds; the
cell-to-text rules live here and :mod:`planner.reader` uses the same functions for CSV rows.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

#: Every Unicode whitespace character (U+3000 included) plus zero-width space and BOM:
#: what Excel users leave around cell values.
STRIP_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\ufeff"

#: Excel's last row: a hostile sheet may claim a row far beyond it.
EXCEL_MAX_ROWS = 1_048_576
CELL_SEP, ROW_SEP = "\x1f", "\x1e"
_NO_SEPARATORS = str.maketrans({CELL_SEP: " ", ROW_SEP: " "})


def cell_text(value: object) -> str:
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
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip(STRIP_CHARS)


def table_rows(
    cells: Iterable[Sequence[object]], max_filled: int, max_rows: int = EXCEL_MAX_ROWS
) -> tuple[list[list[str]], bool]:
    """Rows as text, blank rows kept as ``[]`` (so row numbers stay as the user sees them).
    Stops after ``max_rows`` rows, or once more than ``max_filled`` filled rows are seen
    (then the second value, "truncated", is True)."""
    rows: list[list[str]] = []
    filled = 0
    for values in cells:
        if len(rows) >= max_rows:
            break
        # most cells are text: strip those inline, convert the rest
        row = [v.strip(STRIP_CHARS) if type(v) is str else cell_text(v) for v in values]
        while row and not row[-1]:
            row.pop()
        if row:
            filled += 1
            if filled > max_filled:
                return rows, True
        rows.append(row)
    return rows, False


def _cap_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not POSIX: the deadline still bounds the work
        pass


def encode_rows(rows: list[list[str]]) -> str:
    """Rows as one text: cells joined by CELL_SEP, rows by ROW_SEP."""
    text = ROW_SEP.join(CELL_SEP.join(row) for row in rows)
    cells = sum(max(len(row) - 1, 0) for row in rows)
    if text.count(CELL_SEP) == cells and text.count(ROW_SEP) == max(len(rows) - 1, 0):
        return text
    # some cell holds a separator (rare, and never meaningful in a roster): make it a space
    return ROW_SEP.join(CELL_SEP.join(cell.translate(_NO_SEPARATORS) for cell in row) for row in rows)


def decode_rows(text: str) -> list[list[str]]:
    """The inverse of :func:`encode_rows`."""
    if not text:
        return []
    return [row.split(CELL_SEP) if row else [] for row in text.split(ROW_SEP)]


def parse(data: bytes, max_filled: int) -> dict[str, object]:
    """Every sheet of a workbook as text rows; or ``{"error": code}``."""
    import io

    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        return {"error": "encrypted"}
    except Exception:  # calamine raises several kinds of error on a damaged file
        return {"error": "unreadable"}
    sheets: list[dict[str, object]] = []
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            # skip_empty_area=False: rows start at A1, so row numbers match Excel's
            rows, truncated = table_rows(_all_rows(sheet), max_filled)
            sheets.append({"name": str(name), "rows": rows, "truncated": truncated})
    except python_calamine.PasswordError:
        return {"error": "encrypted"}
    except Exception:
        return {"error": "unreadable"}
    finally:
        book.close()
    return {"sheets": sheets}


def _all_rows(sheet: Any) -> list[list[object]]:
    rows: list[list[object]] = sheet.to_python(skip_empty_area=False, nrows=EXCEL_MAX_ROWS)
    return rows


def main() -> None:
    """Worker entry: argv[1] filled-row cap, argv[2] memory cap in bytes; bytes on stdin."""
    max_filled, memory = int(sys.argv[1]), int(sys.argv[2])
    # A throw-away process building a million cells and no reference cycles: the cyclic
    # collector would only traverse them again and again.
    gc.disable()
    data = sys.stdin.buffer.read()
    _cap_memory(memory)
    result = parse(data, max_filled)
    out = sys.stdout.buffer
    sheets = result.get("sheets")
    if not isinstance(sheets, list):
        out.write(json.dumps(result).encode() + b"\n")
        out.flush()
        return
    bodies = [encode_rows(sheet.pop("rows")).encode("utf-8") for sheet in sheets]
    for sheet, body in zip(sheets, bodies, strict=True):
        sheet["bytes"] = len(body)
    out.write(json.dumps(result, ensure_ascii=False).encode("utf-8") + b"\n")
    for body in bodies:
        out.write(body)
    out.flush()
