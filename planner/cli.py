"""Command line: ``python -m planner {stats,sample,...}``.

Exit status: 0 success, 2 bad input (a listed, readable error; never a traceback).
Every command that reads a roster prints the roster's warnings (one line each) and notes on
stderr; with ``--strict`` a roster with warnings is bad input (exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from planner.cli_export import register as register_export
from planner.cli_plan import register as register_planning
from planner.cli_workshops import register as register_workshops
from planner.config import LANGUAGES
from planner.i18n import normalise_language, t
from planner.schema import Issue, Roster, RosterError, Severity

EXIT_OK = 0
EXIT_BAD_INPUT = 2

Command = Callable[[argparse.Namespace], int]


def _default_language() -> str:
    return normalise_language(os.environ.get("LC_ALL") or os.environ.get("LANG"))


def load_roster(roster: Path, teams: Path | None) -> Roster:
    """Read a workbook, or a members CSV plus ``teams``; raises RosterError."""
    from planner.reader import read_roster_paths

    paths = [roster] if teams is None else [roster, teams]
    return read_roster_paths(paths)


class StrictError(RosterError):
    """``--strict`` and the roster has warnings: they count as errors."""


#: the subcommands that read a roster: each gets ``--strict``
ROSTER_COMMANDS = ("stats", "plan", "check", "export")


def load_roster_for(args: argparse.Namespace) -> Roster:
    """Read the command's roster, print its warnings and notes on stderr; raises RosterError,
    or StrictError when ``--strict`` is given and there are warnings."""
    roster = load_roster(args.roster, args.teams)
    print_warnings(roster, args.lang)
    if getattr(args, "strict", False) and roster.warnings:
        raise StrictError(list(roster.warnings))
    return roster


def warning_lines(issues: Sequence[Issue], lang: str) -> list[str]:
    """One line per warning or note: where (file, first row, column), then what was done."""
    from planner.reader import issues_frame

    frame = issues_frame(issues, lang)
    lines = []
    for issue, problem in zip(sorted_like(issues), frame["problem"], strict=True):
        if issue.row is not None and issue.column:
            where = t("cli.warning_where", lang, sheet=issue.sheet, row=issue.row, column=issue.column)
        elif issue.column:
            where = t("cli.warning_where_column", lang, sheet=issue.sheet, column=issue.column)
        else:
            where = t("cli.warning_where_sheet", lang, sheet=issue.sheet) if issue.sheet else ""
        key = "cli.note_line" if issue.severity is Severity.NOTE else "cli.warning_line"
        lines.append(t(key, lang, where=where, problem=problem))
    return lines


def sorted_like(issues: Sequence[Issue]) -> list[Issue]:
    """The issues in the order issues_frame lists them."""
    from planner.validation import sort_issues

    return sort_issues(issues)


def print_warnings(roster: Roster, lang: str) -> None:
    if roster.warnings:
        print(t("cli.warnings", lang, count=len(roster.warnings)), file=sys.stderr)
    for line in warning_lines(roster.warnings, lang) + warning_lines(roster.notes, lang):
        print(line, file=sys.stderr)


def print_issues(error: RosterError, lang: str) -> None:
    from planner.reader import issues_frame

    if isinstance(error, StrictError):
        print(t("cli.strict_failed", lang, count=len(error.issues)), file=sys.stderr)
        return  # the warnings were printed as the roster was read
    frame = issues_frame(error.issues, lang)
    print(t("cli.bad_input", lang, count=len(frame)), file=sys.stderr)
    print(frame.to_string(index=False), file=sys.stderr)


def _cmd_stats(args: argparse.Namespace) -> int:
    from planner.stats import compute_statistics, format_statistics, statistics_to_dict

    roster = load_roster_for(args)
    stats = compute_statistics(roster)
    if args.json:
        print(json.dumps(statistics_to_dict(stats), ensure_ascii=False, indent=2))
    else:
        print(format_statistics(stats, args.lang))
    return EXIT_OK


def _cmd_sample(args: argparse.Namespace) -> int:
    from planner.sample import MAX_SCALE, MIN_SCALE, write_sample

    if args.seed < 0:
        print(t("sample.bad_seed", args.lang, value=args.seed), file=sys.stderr)
        return EXIT_BAD_INPUT
    if not MIN_SCALE <= args.scale <= MAX_SCALE:  # also refuses nan and inf
        print(
            t("sample.bad_scale", args.lang, low=MIN_SCALE, high=MAX_SCALE, value=args.scale), file=sys.stderr
        )
        return EXIT_BAD_INPUT
    written = write_sample(Path(args.out), seed=args.seed, scale=args.scale)
    for path in written:
        print(path)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description="Branch restructuring workbench")
    parser.add_argument("--lang", choices=LANGUAGES, default=_default_language(), help="output language")
    sub = parser.add_subparsers(dest="command", required=True)

    stats = sub.add_parser("stats", help="statistics of a roster")
    stats.add_argument("roster", type=Path, help="workbook (.xlsx, .xls, .ods) or members CSV")
    stats.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    stats.add_argument("--json", action="store_true", help="print JSON (keys documented in the README)")
    stats.set_defaults(func=_cmd_stats)

    sample = sub.add_parser("sample", help="generate the sample community")
    sample.add_argument("--out", required=True, help="output folder")
    sample.add_argument("--seed", type=int, default=2024)
    sample.add_argument("--scale", type=float, default=1.0, help="10 makes a district ten times larger")
    sample.set_defaults(func=_cmd_sample)

    register_planning(sub)  # plan and check: planner.cli_plan
    register_export(sub)  # export: planner.cli_export
    for command in ROSTER_COMMANDS:
        sub.choices[command].add_argument(
            "--strict", action="store_true", help="treat the roster's warnings as errors (exit 2)"
        )
    register_workshops(sub)  # the saved workshops: planner.cli_workshops
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    try:
        return func(args)
    except RosterError as error:
        print_issues(error, args.lang)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as error:
        print(t("cli.cannot_open", args.lang, detail=str(error)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return EXIT_OK
