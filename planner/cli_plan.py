"""The ``plan`` and ``check`` commands (registered into planner.cli's parser).

``python -m planner plan ROSTER [--teams FILE] [--settings FILE] [--reference PLAN.json]
[--max-size N] [--preset NAME] [--solver cbc|highs] [--time-limit S] [--workers N] [--area NAME]...
[--json OUT] [--out OUT.xlsx]``
    Plans every area (or those named), prints the per-area report and every rule the plan breaks
    with its fixes, and writes the JSON (planner.export_json; ``-`` for stdout) and the workbook.
    ``--settings`` reads a JSON settings object (any subset of ``rules``, ``weights``, ``preset``,
    ``solver``, ``constraints``, ``areas``; or a plan JSON, whose ``settings`` it takes), so any
    plan can be made again; the other options override it. ``--reference`` re-plans against a
    plan JSON's assignments with the "fewest changes" weights (unless the weights ask for
    stability already). Exit 0 when the plan is made (rules it broke are in the report), 2 on
    bad input (a settings file with problems lists every one: planner.settings.validate_settings).
``python -m planner check ROSTER LAYOUT [--teams FILE] [--settings FILE] [--max-size N]``
    Lists the rules a layout breaks, with the area pre-checks, judged by the settings recorded in
    a plan JSON (its designated candidates and pins included), or for a CSV or workbook layout by
    the defaults or ``--settings``. LAYOUT is a plan JSON written by ``plan --json`` or a CSV or
    workbook with a member id and a branch id column (``member_id``/``branch_id`` or their
    Chinese/English export headers); branch ids follow the plan's scheme. Exit 0 when it breaks
    none, 3 when it breaks some, 2 on bad input.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from planner.i18n import t
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout, Plan
from planner.schema import Roster, RosterError
from planner.settings import (
    PRESETS,
    Constraints,
    Settings,
    SolverName,
    settings_for_preset,
    validate_settings,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BROKEN = 3

_AREA_COLUMNS = ("area", "structure", "status", "objective", "bound", "gap", "greedy_objective", "branches")


class _BadInput(Exception):
    """A problem with the command's input, already in the user's language."""


def register(subparsers: Any) -> None:
    """Add ``plan`` and ``check`` to planner.cli's subcommands."""
    plan = subparsers.add_parser("plan", help="propose the branch restructuring of a roster")
    plan.add_argument("roster", type=Path, help="workbook (.xlsx) or members CSV")
    plan.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    plan.add_argument("--settings", type=Path, help="settings JSON (or a plan JSON, whose settings are used)")
    plan.add_argument("--reference", type=Path, help="plan JSON to stay close to (fewest changes)")
    plan.add_argument("--max-size", type=int, help="size cap of a branch (default 50)")
    plan.add_argument("--preset", default=None, help=f"weights preset: {', '.join(PRESETS)}")
    plan.add_argument("--solver", choices=[s.value for s in SolverName], default=None, help="default cbc")
    plan.add_argument("--time-limit", type=float, help="seconds per area (default 20)")
    plan.add_argument("--workers", type=int, help="parallel worker processes (default 2)")
    plan.add_argument("--area", action="append", default=[], help="plan only this area (repeatable)")
    plan.add_argument("--json", help="write the plan as JSON to this file ('-' for stdout)")
    plan.add_argument("--out", type=Path, help="write the plan workbook (.xlsx) to this file")
    plan.set_defaults(func=run_plan)

    check = subparsers.add_parser("check", help="list the rules a layout breaks")
    check.add_argument("roster", type=Path, help="workbook (.xlsx) or members CSV")
    check.add_argument("layout", type=Path, help="plan JSON, or CSV/workbook with member and branch ids")
    check.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    check.add_argument(
        "--settings", type=Path, help="settings JSON (default: the plan's own, else the defaults)"
    )
    check.add_argument("--max-size", type=int, help="size cap of a branch (default 50)")
    check.set_defaults(func=run_check)


# --- plan ---------------------------------------------------------------------------------------


def plan_settings(
    args: argparse.Namespace, roster: Roster, lang: str, base: Settings | None = None
) -> Settings:
    """Settings from ``--settings`` (else ``base``, else the defaults) with the command's options
    on top; raises _BadInput with every problem, in ``lang``."""
    settings = base or Settings()
    path = getattr(args, "settings", None)
    if path is not None:
        settings = read_settings_file(path, lang)
    preset = getattr(args, "preset", None)
    if preset is not None:
        if preset not in PRESETS:
            raise _BadInput(t("cli.plan.unknown_preset", lang, name=preset, known=", ".join(PRESETS)))
        settings = settings_for_preset(preset, settings)
    if args.max_size is not None:
        _positive("--max-size", args.max_size, lang)
        settings = replace(settings, rules=replace(settings.rules, max_branch_size=int(args.max_size)))
    solver = settings.solver
    if getattr(args, "solver", None) is not None:
        solver = replace(solver, solver=SolverName(args.solver))
    if getattr(args, "time_limit", None) is not None:
        _positive("--time-limit", args.time_limit, lang)
        solver = replace(solver, time_limit=float(args.time_limit))
    if getattr(args, "workers", None) is not None:
        _positive("--workers", args.workers, lang)
        solver = replace(solver, workers=int(args.workers))
    settings = replace(settings, solver=solver)
    wanted = list(dict.fromkeys(getattr(args, "area", []) or [])) or list(settings.areas)
    known = roster.areas
    for area in wanted:
        if area not in known:
            raise _BadInput(t("cli.plan.unknown_area", lang, area=area, known="、".join(known)))
    settings = replace(settings, areas=tuple(wanted))
    problems = validate_settings(settings)
    if problems:
        raise _BadInput(_problem_list(str(path or "--"), [p.message(lang) for p in problems], lang))
    return settings


def _problem_list(path: str, problems: list[str], lang: str) -> str:
    lines = [t("cli.settings.bad_file", lang, path=path, count=len(problems))]
    lines.extend(t("cli.settings.problem", lang, problem=p) for p in problems)
    return "\n".join(lines)


#: The parts of a settings object a settings file may give.
SETTINGS_KEYS: tuple[str, ...] = ("rules", "weights", "preset", "solver", "constraints", "areas")


def read_settings_file(path: Path, lang: str) -> Settings:
    """Settings from a JSON file: a settings object (any subset of :data:`SETTINGS_KEYS`, each
    section any subset of its fields, the rest the defaults; ``weights`` on top of ``preset``'s)
    or a plan JSON (its ``settings``). Raises _BadInput listing every problem, including the
    contradictions planner.settings.validate_settings finds."""
    from planner.gate import read_json_file

    doc = read_json_file(path)  # InputError: listed by planner.cli, exit 2
    if isinstance(doc, dict) and isinstance(doc.get("settings"), dict) and "assignments" in doc:
        doc = doc["settings"]  # a plan JSON
    if not isinstance(doc, dict):
        raise _BadInput(_problem_list(str(path), [t("cli.settings.not_json", lang)], lang))
    settings, problems = settings_from_json(doc, lang)
    problems.extend(p.message(lang) for p in validate_settings(settings))
    if problems:
        raise _BadInput(_problem_list(str(path), problems, lang))
    return settings


def settings_from_json(doc: dict[str, Any], lang: str) -> tuple[Settings, list[str]]:
    """Settings from a parsed settings object, and the problems found (in ``lang``); the
    problems do not include validate_settings' (the caller adds them)."""
    from dataclasses import fields

    from planner.bundle import _Malformed, decode_value

    problems = [t("settings.problem.unknown_key", lang, path=key) for key in doc if key not in SETTINGS_KEYS]
    settings = Settings()
    preset = doc.get("preset")
    if preset is not None:
        if isinstance(preset, str) and preset in PRESETS:
            settings = settings_for_preset(preset)
        else:
            problems.append(t("settings.problem.preset", lang, value=preset, known=", ".join(PRESETS)))
    for section in ("rules", "weights", "solver"):
        data = doc.get(section)
        if data is None:
            continue
        current = getattr(settings, section)
        if not isinstance(data, dict):
            problems.append(t("settings.problem.bad_value", lang, path=section, value=json.dumps(data)))
            continue
        hints = typing.get_type_hints(type(current))
        names = {f.name for f in fields(current)}
        changes: dict[str, Any] = {}
        for name, value in data.items():
            where = f"{section}.{name}"
            if name not in names:
                problems.append(t("settings.problem.unknown_key", lang, path=where))
                continue
            try:
                changes[name] = decode_value(hints[name], value, where)
            except _Malformed as error:
                problems.append(_bad_value(where, value, error, lang))
        settings = replace(settings, **{section: replace(current, **changes)})
    for section, tp in (("constraints", Constraints), ("areas", tuple[str, ...])):
        if section in doc:
            try:
                settings = replace(settings, **{section: decode_value(tp, doc[section], section)})
            except _Malformed as error:
                problems.append(_bad_value(section, doc[section], error, lang))
    return settings, problems


def _bad_value(where: str, value: Any, error: Exception, lang: str) -> str:
    path = str(getattr(error, "where", "") or where)
    shown = json.dumps(value, ensure_ascii=False)
    return t("settings.problem.bad_value", lang, path=path, value=shown[:80])


def _positive(option: str, value: float, lang: str) -> None:
    if not value > 0:
        raise _BadInput(t("cli.plan.bad_number", lang, option=option, value=value))


def run_plan(args: argparse.Namespace) -> int:
    from planner.cli import load_roster_for
    from planner.export import plan_workbook
    from planner.export_json import plan_to_json
    from planner.runner import plan_community

    lang = args.lang
    roster = load_roster_for(args)  # warnings on stderr; --strict
    reference = None
    try:
        settings = plan_settings(args, roster, lang)
        if args.reference is not None:
            reference = read_reference(args.reference, lang)
            if settings.weights.stability <= 0:  # re-planning against a reference: fewest changes
                settings = settings_for_preset("fewest_changes", settings)
    except _BadInput as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    to_stdout = args.json == "-"
    report = sys.stderr if to_stdout else sys.stdout
    if reference is not None:
        print(t("cli.reference.used", lang, path=str(args.reference), members=len(reference)), file=report)
    start = time.perf_counter()
    plan = plan_community(roster, settings, lang=lang, reference=reference)
    seconds = time.perf_counter() - start
    print(format_plan(plan, lang, seconds), file=report)
    if args.json and not to_stdout:
        Path(args.json).write_text(
            json.dumps(plan_to_json(plan), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        print(t("cli.plan.written", lang, path=args.json), file=report)
    if args.out:
        Path(args.out).write_bytes(plan_workbook(plan, roster, lang))
        print(t("cli.plan.written", lang, path=str(args.out)), file=report)
    if to_stdout:
        print(json.dumps(plan_to_json(plan), ensure_ascii=False, indent=1))
    return EXIT_OK


def read_reference(path: Path, lang: str) -> pd.DataFrame:
    """A plan JSON's assignments (member_id, branch_id): the layout to stay close to."""
    from planner.gate import read_json_file

    doc = read_json_file(path)  # InputError: listed by planner.cli, exit 2
    try:
        rows = [(str(r["member_id"]), str(r["branch_id"])) for r in doc["assignments"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        problem = t("cli.settings.not_json", lang) if not isinstance(error, KeyError) else ""
        raise _BadInput(
            t(
                "cli.reference.bad",
                lang,
                path=str(path),
                problem=problem or t("cli.reference.no_assignments", lang),
            )
        ) from error
    if not rows:
        raise _BadInput(
            t("cli.reference.bad", lang, path=str(path), problem=t("cli.reference.no_assignments", lang))
        )
    return pd.DataFrame(rows, columns=["member_id", "branch_id"]).astype("str")


def format_plan(plan: Plan, lang: str, seconds: float) -> str:
    """The plan's report: headline, per-area table, every rule broken with its fixes."""
    lines = [
        t(
            "cli.plan.title",
            lang,
            areas=len(plan.areas),
            members=len(plan.assignments),
            branches=len(plan.branches),
            seconds=f"{seconds:.1f}",
        )
    ]
    table = plan.areas.reindex(columns=list(_AREA_COLUMNS)).copy()
    table["structure"] = [t(f"workshop.structure.{s}", lang) if s else "" for s in table["structure"]]
    table["status"] = [t(f"workshop.status.{s}", lang) for s in table["status"]]
    table["gap"] = [f"{g:.2%}" if isinstance(g, float) and g == g else "" for g in table["gap"]]
    headers = {c: t(f"workshop.col.{c}", lang) for c in _AREA_COLUMNS if c not in ("area", "status")}
    headers["area"] = t("workshop.col.area", lang)
    headers["status"] = t("uiw.job.col.status", lang)
    lines.append(table.rename(columns=headers).to_string(index=False))
    lines.append("")
    lines.extend(format_violations(plan.violations, lang, "cli.plan.violations", "cli.plan.no_violations"))
    return "\n".join(lines)


def format_violations(violations: pd.DataFrame, lang: str, title_key: str, none_key: str) -> list[str]:
    if violations.empty:
        return [t(none_key, lang, members="", branches="")]
    lines = [t(title_key, lang, count=len(violations))]
    for message, fixes in zip(violations["message"], violations["fixes"], strict=True):
        lines.append(f"- {message}")
        lines.extend(t("cli.plan.fix", lang, fix=fix) for fix in fixes)
    return lines


# --- check --------------------------------------------------------------------------------------

_MEMBER_HEADERS = ("member_id", "党员编号", "编号", "member id")
_BRANCH_HEADERS = ("branch_id", "支部编号", "branch id")


def run_check(args: argparse.Namespace) -> int:
    from planner.cli import load_roster_for
    from planner.explain import explain, precheck_area
    from planner.fixes import roster_for
    from planner.rules import check_layout, violations_frame

    lang = args.lang
    roster = load_roster_for(args)  # warnings on stderr; --strict
    try:
        recorded = plan_recorded_settings(args.layout, lang) if args.settings is None else None
        settings = plan_settings(args, roster, lang, base=recorded)
        layout = read_layout(args.layout, roster, settings, lang)
    except _BadInput as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    if recorded is not None:
        print(t("cli.check.settings_from_plan", lang))
    judged = roster_for(roster, settings)  # the plan's designated candidates count
    member_area = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    areas = sorted(
        {str(a) for a in layout.branches["area"]}
        | {member_area[m] for m in layout.assignments["member_id"] if m in member_area}
    )
    grouped = bool((layout.assignments["group_id"] != "").any())
    found = [precheck_area(judged, settings, area) for area in areas]
    found.append(check_layout(judged, layout, settings, areas=areas, check_groups=grouped))
    merged = pd.concat([f for f in found if len(f)] or found[-1:], ignore_index=True)
    rows = [{str(k): v for k, v in r.items()} for r in merged.to_dict("records")]
    violations = explain(violations_frame(rows), judged, settings, lang, layout=layout, complete=True)
    if violations.empty:
        print(t("cli.check.ok", lang, members=len(layout.assignments), branches=len(layout.branches)))
        return EXIT_OK
    print("\n".join(format_violations(violations, lang, "cli.check.broken", "cli.check.ok")))
    return EXIT_BROKEN


def plan_recorded_settings(path: Path, lang: str) -> Settings | None:
    """The settings a plan JSON records (None for a CSV or workbook layout, or a JSON without
    settings); raises _BadInput listing the problems of recorded settings that cannot be used."""
    if path.suffix.lower() != ".json":
        return None
    from planner.gate import read_json_file

    try:
        doc = read_json_file(path)
    except RosterError:
        return None  # read_layout reports what is wrong with the file
    recorded = doc.get("settings") if isinstance(doc, dict) else None
    if not isinstance(recorded, dict):
        return None
    settings, problems = settings_from_json(recorded, lang)
    if problems:
        raise _BadInput(_problem_list(str(path), problems, lang))
    return settings


def read_layout(path: Path, roster: Roster, settings: Settings, lang: str) -> Layout:
    """A layout from a plan JSON, or from a CSV/workbook of member and branch ids."""
    from planner.gate import InputError, load_json, read_guarded_bytes, read_workbook, workbook_kind
    from planner.reader import decode_text
    from planner.rules import assignment_reasons, branch_name
    from planner.schema import RosterError

    def bad(problem: str) -> _BadInput:
        return _BadInput(t("cli.check.bad_layout", lang, path=str(path), problem=problem))

    data = read_guarded_bytes(path)  # the input gate: InputError is bad input (exit 2)
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = load_json(data, path.name)
        try:
            pairs = [(str(r["member_id"]), str(r["branch_id"])) for r in doc["assignments"]]
            groups = {str(r["member_id"]): str(r.get("group_id", "") or "") for r in doc["assignments"]}
        except (ValueError, KeyError, TypeError) as error:
            raise bad(t("cli.check.bad_json", lang)) from error
    else:
        try:
            if workbook_kind(path.name, data) is not None or suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
                tables = [pd.DataFrame(sheet.rows) for sheet in read_workbook(data, path.name)]
            else:
                text, _ = decode_text(data)
                tables = [pd.read_csv(io.StringIO(text), dtype=str, header=None, keep_default_na=False)]
        except InputError:
            raise  # the gate's own message, listed by the CLI (exit 2)
        except (ValueError, OSError, RosterError) as error:
            raise bad(str(error)[:200]) from error
        pairs, groups = _pairs_from_tables(tables, bad, lang)
    rows = []
    seen: set[str] = set()
    team_keys = zip(roster.teams["area"], roster.teams["team_id"], strict=True)
    team_names = dict(zip(team_keys, roster.teams["name"], strict=True))
    for i, (_, bid) in enumerate(pairs, start=2):
        if bid in seen:
            continue
        seen.add(bid)
        parsed = parse_branch_id(bid)
        if parsed is None:
            raise bad(t("cli.check.bad_branch", lang, row=i, value=bid))
        area, kind, teams, index = parsed
        names = [str(team_names.get((area, tm), tm)) for tm in teams]
        rows.append((bid, area, kind, branch_name(area, kind, names, index, lang), teams))
    branches = pd.DataFrame(
        {
            "branch_id": pd.Series([r[0] for r in rows], dtype="str"),
            "area": pd.Series([r[1] for r in rows], dtype="str"),
            "kind": pd.Series([r[2] for r in rows], dtype="str"),
            "name": pd.Series([r[3] for r in rows], dtype="str"),
            "teams": pd.Series([r[4] for r in rows], dtype=object),
        }
    )[list(LAYOUT_BRANCH_COLUMNS)]
    member_area = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    assignments = pd.DataFrame(
        {
            "member_id": pd.Series([m for m, _ in pairs], dtype="str"),
            "area": pd.Series([member_area.get(m, "") for m, _ in pairs], dtype="str"),
            "branch_id": pd.Series([b for _, b in pairs], dtype="str"),
            "group_id": pd.Series([groups.get(m, "") for m, _ in pairs], dtype="str"),
            "reason": pd.Series([""] * len(pairs), dtype="str"),
        }
    )[list(ASSIGNMENT_COLUMNS)]
    layout = Layout(assignments, branches)
    assignments["reason"] = assignment_reasons(roster, layout, settings).to_numpy()
    return Layout(assignments, branches)


def parse_branch_id(branch_id: str) -> tuple[str, str, tuple[str, ...], int] | None:
    """(area, kind, team ids, number) of a branch id of the plan's scheme, or None."""
    from planner.branch_id import BranchId

    parsed = BranchId.parse(branch_id.strip())
    if parsed is None:
        return None
    return parsed.area, parsed.kind.value, parsed.teams, parsed.index


def _pairs_from_tables(
    tables: list[pd.DataFrame], bad: Any, lang: str
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(member_id, branch_id) pairs and group ids from the first table with both columns; the
    header row may sit below a title (the first row holding both headers is used)."""
    member_names = {
        _norm(h)
        for h in (*_MEMBER_HEADERS, t("workshop.col.member_id", "zh"), t("workshop.col.member_id", "en"))
    }
    branch_names = {
        _norm(h)
        for h in (*_BRANCH_HEADERS, t("workshop.col.branch_id", "zh"), t("workshop.col.branch_id", "en"))
    }
    group_names = {
        _norm(h) for h in ("group_id", t("workshop.col.group", "zh"), t("workshop.col.group", "en"))
    }
    for table in tables:
        for row_number in range(min(len(table), 15)):
            cells = [_norm(str(c)) for c in table.iloc[row_number].tolist()]
            member_col = next((i for i, c in enumerate(cells) if c in member_names), None)
            branch_col = next((i for i, c in enumerate(cells) if c in branch_names), None)
            if member_col is None or branch_col is None:
                continue
            group_col = next((i for i, c in enumerate(cells) if c in group_names), None)
            body = table.iloc[row_number + 1 :]
            pairs: list[tuple[str, str]] = []
            groups: dict[str, str] = {}
            for values in body.itertuples(index=False):
                member = _cell(values[member_col])
                branch = _cell(values[branch_col])
                if not member and not branch:
                    continue
                pairs.append((member, branch))
                if group_col is not None:
                    groups[member] = _cell(values[group_col])
            return pairs, groups
    raise bad(t("cli.check.no_columns", lang))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip().lower()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()
