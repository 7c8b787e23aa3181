"""Benchmark: reading rosters and computing their statistics.

Run from the repository root: ``.venv/bin/python bench/read_stats.py [--repeat 5] [--check]``.

Prints the median of ``--repeat`` runs for: reading sample_data/community.xlsx, reading the
CSV pair, reading a 10x district workbook (generated into a temporary folder), and
compute_statistics on the sample and on the 10x district. Workbooks are read with each engine
side by side — calamine (the product's, in the gate's worker process: marked "chosen") and
openpyxl (read-only, values-only, in process) — both through the same zip checks, sheet
recognition and validation, so the difference is the parser. Then a workbook whose sheet holds
one long XML comment (issue 10): openpyxl's time grows with the square of the comment's
length; calamine's linearly (``--comment-mb`` sets the sizes). Each figure is also given as a
ratio to a plain-pandas baseline measured in the same run on the same files
(``pandas.read_excel`` / ``pandas.read_csv``), so machines of different speed can be
compared. ``--check`` exits with status 1 when the issues' budgets are exceeded (reading the
sample and the 10x district under 2 s each, statistics under 1 s).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from planner.config import DEFAULT_LIMITS  # noqa: E402
from planner.gate import check_zip, read_guarded_bytes, read_workbook  # noqa: E402
from planner.gate_worker import table_rows  # noqa: E402
from planner.reader import _collector_paused, _pick_sheets, read_roster_paths  # noqa: E402
from planner.sample import write_sample  # noqa: E402
from planner.schema import Roster, RosterError  # noqa: E402
from planner.stats import compute_statistics  # noqa: E402
from planner.validation import RawTable, build_roster  # noqa: E402

SAMPLE = ROOT / "sample_data"
XLSX, MEMBERS_CSV, TEAMS_CSV = "community.xlsx", "community_members.csv", "community_teams.csv"
#: The issue's budgets, in seconds.
READ_BUDGET = 2.0
STATS_BUDGET = 1.0


def median_time(func: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, after one untimed warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_with_openpyxl(path: Path) -> Roster:
    """The reader's workbook path with openpyxl as the parser (what the product used before)."""
    import openpyxl

    data = read_guarded_bytes(path)
    check_zip(data, path.name)
    with _collector_paused():  # as the product's reader does
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            cap = DEFAULT_LIMITS.max_rows + DEFAULT_LIMITS.header_search_rows
            tables = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()
                rows, truncated = table_rows(sheet.iter_rows(values_only=True), cap)
                tables.append(RawTable(sheet.title, rows, truncated))
        finally:
            book.close()
        issues: list[Any] = []
        members, teams = _pick_sheets(path.name, tables, DEFAULT_LIMITS, issues)
        assert members is not None and not issues
        return build_roster(members, teams, [(path.name, "xlsx")])


def comment_workbook(megabytes: int) -> bytes:
    """A workbook whose sheet holds one XML comment of ``megabytes`` MB, low-entropy so its
    compression ratio stays under the limit (as in issue 10)."""
    import openpyxl

    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    rng = random.Random(1)
    chunk = "".join(rng.choice("ab") if rng.random() < 0.02 else "a" for _ in range(1 << 20))
    comment = ("<!--" + chunk * megabytes + "-->").encode()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                at = part.index(b"<sheetData")
                part = part[:at] + comment + part[at:]
            archive.writestr(info.filename, part)
    return out.getvalue()


def time_once(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    # the comment workbook has no roster: only the time to find that out counts
    with contextlib.suppress(RosterError):
        func()
    return time.perf_counter() - start


def comment_figures(sizes: Sequence[int]) -> list[str]:
    import openpyxl

    lines = []
    for megabytes in sizes:
        data = comment_workbook(megabytes)
        fast = time_once(lambda data=data: read_workbook(data, "comment.xlsx"))

        def slow(data: bytes = data) -> None:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            for sheet in book.worksheets:
                for _ in sheet.iter_rows(values_only=True):
                    pass
            book.close()

        slow_seconds = time_once(slow) if megabytes <= 20 else None
        shown = "not run (minutes)" if slow_seconds is None else f"{slow_seconds:8.2f} s"
        lines.append(
            f"  comment {megabytes:3d} MB ({len(data) // 1024:,} KB file): "
            f"calamine {fast:6.2f} s (chosen)   openpyxl {shown}"
        )
    return lines


def _encoding(roster: Any, name: str) -> str:
    """The encoding the reader reported for ``name``, for a like-for-like pandas baseline."""
    return dict(roster.encodings).get(name, "utf-8-sig")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is exceeded")
    parser.add_argument(
        "--comment-mb", type=int, nargs="*", default=[5, 10, 60], help="XML comment sizes to time (MB)"
    )
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        sample = SAMPLE
        if not (sample / XLSX).exists():
            print(f"{sample / XLSX} missing: generating the sample into a temporary folder")
            sample = Path(tmp) / "sample"
            write_sample(sample)
        xlsx, members_csv, teams_csv = sample / XLSX, sample / MEMBERS_CSV, sample / TEAMS_CSV

        start = time.perf_counter()
        big = Path(tmp) / "district"
        write_sample(big, scale=10)
        generate_10x = time.perf_counter() - start
        big_xlsx = big / XLSX

        roster = read_roster_paths([xlsx])
        csv_roster = read_roster_paths([members_csv, teams_csv])
        big_roster = read_roster_paths([big_xlsx])
        enc_m, enc_t = _encoding(csv_roster, members_csv.name), _encoding(csv_roster, teams_csv.name)

        def pandas_csv() -> None:
            pd.read_csv(members_csv, dtype=str, encoding=enc_m)
            pd.read_csv(teams_csv, dtype=str, encoding=enc_t)

        results: list[tuple[str, float, float | None]] = []
        baseline_csv = median_time(pandas_csv, repeat)
        baseline_xlsx = median_time(lambda: pd.read_excel(xlsx, sheet_name=None, dtype=str), repeat)
        baseline_big = median_time(lambda: pd.read_excel(big_xlsx, sheet_name=None, dtype=str), repeat)
        results.append(("pandas.read_csv, CSV pair (baseline)", baseline_csv, None))
        results.append(("pandas.read_excel, sample workbook (baseline)", baseline_xlsx, None))
        results.append(("pandas.read_excel, 10x workbook (baseline)", baseline_big, None))
        read_xlsx = median_time(lambda: read_roster_paths([xlsx]), repeat)
        results.append(("read sample workbook, calamine (chosen)", read_xlsx, read_xlsx / baseline_xlsx))
        old_xlsx = median_time(lambda: read_with_openpyxl(xlsx), repeat)
        results.append(("read sample workbook, openpyxl", old_xlsx, old_xlsx / baseline_xlsx))
        read_csv = median_time(lambda: read_roster_paths([members_csv, teams_csv]), repeat)
        results.append(("read CSV pair", read_csv, read_csv / baseline_csv))
        read_big = median_time(lambda: read_roster_paths([big_xlsx]), repeat)
        results.append(("read 10x workbook, calamine (chosen)", read_big, read_big / baseline_big))
        old_big = median_time(lambda: read_with_openpyxl(big_xlsx), repeat)
        results.append(("read 10x workbook, openpyxl", old_big, old_big / baseline_big))
        same = read_with_openpyxl(big_xlsx).fingerprint == big_roster.fingerprint
        stats_small = median_time(lambda: compute_statistics(roster), repeat)
        results.append(("compute_statistics, sample", stats_small, stats_small / baseline_csv))
        stats_big = median_time(lambda: compute_statistics(big_roster), repeat)
        results.append(("compute_statistics, 10x", stats_big, stats_big / baseline_csv))

    print(f"sample: {len(roster.members):,} members, {len(roster.teams):,} teams ({xlsx})")
    print(f"10x district: {len(big_roster.members):,} members, {len(big_roster.teams):,} teams")
    print(f"generating the 10x district took {generate_10x:.2f} s (once)")
    print(f"median of {repeat} runs; ratio = time / plain-pandas baseline of the same files")
    print("(for statistics the ratio is to the pandas.read_csv baseline, as a machine-speed unit)")
    width = max(len(name) for name, _, _ in results)
    for name, seconds, ratio in results:
        shown = "" if ratio is None else f"{ratio:8.1f}x"
        print(f"  {name:<{width}}  {seconds * 1000:9.1f} ms  {shown}")
    print(f"both engines read the 10x district to the same roster (fingerprint): {same}")
    print(f"engine speed-up on the 10x district: {old_big / read_big:.1f}x (openpyxl time / calamine time)")
    print("one workbook holding one long XML comment, read once per engine:")
    for line in comment_figures(args.comment_mb):
        print(line)

    over = []
    if read_xlsx > READ_BUDGET or read_csv > READ_BUDGET:
        over.append(f"reading the sample over {READ_BUDGET} s")
    if read_big > READ_BUDGET:
        over.append(f"reading the 10x district over {READ_BUDGET} s")
    if stats_small > STATS_BUDGET:
        over.append(f"statistics of the sample over {STATS_BUDGET} s")
    print(
        "budgets: " + ("; ".join(over) if over else f"met (read < {READ_BUDGET} s, stats < {STATS_BUDGET} s)")
    )
    return 1 if over and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
