"""Command line: ``python -m planner {stats,sample,...}``.

Exit status: 0 success, 2 bad input (a listed, readable error; never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from planner.cli_plan import register as register_planning
from planner.cli_workshops import register as register_workshops
from planner.config import LANGUAGES
from planner.i18n import normalise_language, t
from planner.schema import Roster, RosterError

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


def print_issues(error: RosterError, lang: str) -> None:
    from planner.reader import issues_frame

    frame = issues_frame(error.issues, lang)
    print(t("cli.bad_input", lang, count=len(frame)), file=sys.stderr)
    print(frame.to_string(index=False), file=sys.stderr)


def _cmd_stats(args: argparse.Namespace) -> int:
    from planner.stats import compute_statistics, format_statistics, statistics_to_dict

    roster = load_roster(args.roster, args.teams)
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
    stats.add_argument("roster", type=Path, help="workbook (.xlsx) or members CSV")
    stats.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    stats.add_argument("--json", action="store_true", help="print JSON (keys documented in the README)")
    stats.set_defaults(func=_cmd_stats)

    sample = sub.add_parser("sample", help="generate the sample community")
    sample.add_argument("--out", required=True, help="output folder")
    sample.add_argument("--seed", type=int, default=2024)
    sample.add_argument("--scale", type=float, default=1.0, help="10 makes a district ten times larger")
    sample.set_defaults(func=_cmd_sample)

    register_planning(sub)  # plan and check: planner.cli_plan
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
