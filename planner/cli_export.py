"""The ``export`` command (registered into planner.cli's parser): every handout without a browser.

``python -m planner export ROSTER PLAN.json [--teams FILE] --format xlsx|csv|html|bundle --out FILE``
    Reads a plan written by ``plan --json`` (planner.export_json) for the roster it was made
    with, and writes the workbook, the members CSV, the printable roster (HTML, one A4 page per
    branch) or a bundle the Data page reopens. Exit 0 when written; 2 on bad input, a plan file
    that is not a plan, or a plan made from another roster (the fingerprints differ).

The plan file is read the way ``check`` reads it (planner.cli_plan.read_layout: who sits in
which branch, branch ids checked), its settings with the bundle's decoder, and the rest of the
plan (staffing, party groups, per-area report, rules broken, KPIs) from the same JSON.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from planner.i18n import t
from planner.plan import AREA_COLUMNS, ASSIGNMENT_COLUMNS, VIOLATION_COLUMNS, Plan
from planner.schema import Roster
from planner.settings import Settings

EXIT_OK = 0
EXIT_BAD_INPUT = 2
FORMATS: tuple[str, ...] = ("xlsx", "csv", "html", "bundle")

_BRANCH_COUNTS = ("size", "full_members", "candidates", "attached", "mobility")


class ExportInputError(Exception):
    """A problem with the command's input, already in the user's language."""


def register(subparsers: Any) -> None:
    """Add ``export`` to planner.cli's subcommands."""
    export = subparsers.add_parser("export", help="write a handout of a plan (workbook, CSV, roster, bundle)")
    export.add_argument("roster", type=Path, help="workbook (.xlsx) or members CSV")
    export.add_argument("plan", type=Path, help="plan JSON written by `plan --json`")
    export.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    export.add_argument("--format", choices=FORMATS, required=True, help="what to write")
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    export.set_defaults(func=run_export)


def read_plan(path: Path, roster: Roster, lang: str) -> Plan:
    """The plan in ``path`` (a ``plan --json`` file) for ``roster``; raises ExportInputError with
    a message in ``lang`` for a file that is not a plan, a plan of another roster, or members
    the roster does not have."""
    from planner.bundle import decode_value
    from planner.cli_plan import _BadInput, read_layout
    from planner.gate import read_json_file

    def bad(problem: str) -> ExportInputError:
        return ExportInputError(t("pictures.cli.bad_plan", lang, path=str(path), problem=problem))

    doc = read_json_file(path)  # InputError: listed by planner.cli, exit 2
    try:
        fingerprint = str(doc["fingerprint"])
        settings = decode_value(Settings, doc["settings"], "settings")
        branch_rows = list(doc["branches"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise bad(t("pictures.cli.not_json", lang)) from error
    except Exception as error:  # the bundle decoder's own "malformed" error
        raise bad(t("pictures.cli.not_json", lang)) from error
    if fingerprint != roster.fingerprint:
        raise ExportInputError(t("pictures.cli.other_roster", lang, path=str(path)))
    try:
        layout = read_layout(path, roster, settings, lang)
    except _BadInput as error:
        raise ExportInputError(str(error)) from error
    known = set(roster.members["member_id"].astype(str))
    unknown = [m for m in layout.assignments["member_id"] if m not in known]
    if unknown:
        raise bad(t("pictures.cli.unknown_member", lang, count=len(unknown), example=unknown[0]))
    try:
        return _plan_from(doc, layout.assignments, branch_rows, settings)
    except (ValueError, KeyError, TypeError) as error:
        raise bad(t("pictures.cli.not_json", lang)) from error


def _plan_from(doc: dict[str, Any], assignments: pd.DataFrame, rows: list[Any], settings: Settings) -> Plan:
    """The plan's frames from the JSON (see planner.export_json for its keys)."""
    groups = [
        {
            "group_id": str(g["group_id"]),
            "branch_id": str(b["branch_id"]),
            "area": str(b["area"]),
            "leader": str(g.get("leader", "") or ""),
            "size": int(g["size"]),
            "full_members": int(g["full_members"]),
            "members": tuple(str(m) for m in g["members"]),
        }
        for b in rows
        for g in b.get("groups", ())
    ]
    branches = pd.DataFrame(
        {
            "branch_id": [str(b["branch_id"]) for b in rows],
            "area": [str(b["area"]) for b in rows],
            "kind": [str(b["kind"]) for b in rows],
            "name": [str(b["name"]) for b in rows],
            "teams": pd.Series([tuple(str(x) for x in b.get("teams", ())) for b in rows], dtype=object),
            **{c: [int(b.get(c, 0)) for b in rows] for c in _BRANCH_COUNTS},
            "secretary": [str(b.get("secretary", "") or "") for b in rows],
            "committee": pd.Series(
                [tuple(str(x) for x in b.get("committee", ())) for b in rows], dtype=object
            ),
        }
    )
    group_frame = pd.DataFrame(
        groups, columns=["group_id", "branch_id", "area", "leader", "size", "full_members", "members"]
    )
    areas = pd.DataFrame(
        [{**{k: v for k, v in a.items() if k != "violations"}, "violations": len(a.get("violations", ()))}
         for a in doc.get("areas", ())],
        columns=list(AREA_COLUMNS),
    )  # fmt: skip
    violations = pd.DataFrame(
        [{**v, "fixes": tuple(v.get("fixes", ()))} for v in doc.get("violations", ())],
        columns=list(VIOLATION_COLUMNS),
    )
    return Plan(
        fingerprint=str(doc["fingerprint"]),
        settings=settings,
        assignments=assignments[list(ASSIGNMENT_COLUMNS)],
        branches=branches,
        groups=group_frame,
        areas=areas,
        violations=violations,
        kpis=dict(doc.get("kpis") or {}),
        lang=str(doc.get("lang") or "zh"),
    )


def handout(plan: Plan, roster: Roster, lang: str, kind: str, name: str) -> bytes:
    """The bytes of one handout: ``kind`` one of FORMATS; ``name`` the scenario's name."""
    from planner.bundle import bundle_bytes
    from planner.export import members_csv, plan_workbook, printable_roster_html
    from planner.scenario import Scenario, ScenarioBook

    writers: dict[str, Callable[[], bytes]] = {
        "xlsx": lambda: plan_workbook(plan, roster, lang),
        "csv": lambda: members_csv(plan, roster, lang),
        "html": lambda: printable_roster_html(plan, roster, lang, scenario=name).encode("utf-8"),
        "bundle": lambda: bundle_bytes(
            plan.fingerprint, ScenarioBook().add(Scenario(name, plan.settings, plan))
        ),
    }
    return writers[kind]()


def run_export(args: argparse.Namespace) -> int:
    from planner.cli import load_roster_for

    lang = args.lang
    roster = load_roster_for(args)  # warnings on stderr; --strict
    try:
        plan = read_plan(args.plan, roster, lang)
    except ExportInputError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(plan.violations):  # the handout carries them; the command line says so too
        print(t("pictures.cli.broken", lang, count=len(plan.violations)), file=sys.stderr)
    data = handout(plan, roster, lang, args.format, args.plan.stem)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        print(
            t("pictures.cli.bad_out", lang, path=str(args.out), detail=error.strerror or error),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print(t("pictures.cli.written", lang, path=str(args.out)))
    return EXIT_OK
