"""The ``workshops`` command (registered into planner.cli's parser): the saved workshops.

``python -m planner workshops list [--data-dir DIR] [--json]``
    Every saved workshop: name, id, roster fingerprint, members, scenarios, last saved.
``python -m planner workshops export WORKSHOP --out FILE [--data-dir DIR] [--json]``
    The workshop's latest version as a bundle file (the Data page reopens it).
``python -m planner workshops delete WORKSHOP [--data-dir DIR] [--json]``
    Deletes the workshop and cleans the store file (no roster left behind).
``python -m planner workshops import BUNDLE --roster FILE [--teams FILE] [--name NAME]
[--data-dir DIR] [--json]``
    Adds a bundle's scenarios to the store as a new workshop, after the same validation as the
    Data page (the roster is read and validated, then the bundle against it).

WORKSHOP is a workshop's id (or a unique start of it, at least 4 characters) or its exact name.
Exit status: 0 done; 2 a bad argument, an unknown workshop, or input refused (every problem listed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from planner.i18n import t
from planner.schema import Roster
from planner.store import StoreError, WorkshopInfo, WorkshopStore

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    """Add ``workshops`` and its four actions to planner.cli's subcommands."""
    workshops = subparsers.add_parser("workshops", help="the saved workshops: list, export, delete, import")
    actions = workshops.add_subparsers(dest="action", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="the store's folder (default: WORKBENCH_DATA_DIR)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    listing = actions.add_parser("list", help="list the saved workshops")
    common(listing)
    listing.set_defaults(func=run_list)

    export = actions.add_parser("export", help="write a workshop as a bundle file")
    export.add_argument("workshop", help="workshop id (or its start) or exact name")
    export.add_argument("--out", type=Path, required=True, help="bundle file to write")
    common(export)
    export.set_defaults(func=run_export)

    delete = actions.add_parser("delete", help="delete a workshop and clean the store")
    delete.add_argument("workshop", help="workshop id (or its start) or exact name")
    common(delete)
    delete.set_defaults(func=run_delete)

    imported = actions.add_parser("import", help="add a bundle's scenarios as a new workshop")
    imported.add_argument("bundle", type=Path, help="bundle file (.zip) saved from the Export page")
    imported.add_argument("--roster", type=Path, required=True, help="the roster the bundle was made with")
    imported.add_argument("--teams", type=Path, help="teams CSV, when the roster is a members CSV")
    imported.add_argument("--name", help="the new workshop's name (default: the bundle's file name)")
    common(imported)
    imported.set_defaults(func=run_import)


def _store(args: argparse.Namespace) -> WorkshopStore:
    return WorkshopStore(args.data_dir) if args.data_dir is not None else WorkshopStore()


def _stamp(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))


def info_dict(info: WorkshopInfo, lang: str) -> dict[str, Any]:
    return {
        "id": info.workshop_id,
        "name": info.title(lang),
        "roster_files": list(info.sources),
        "fingerprint": info.fingerprint,
        "members": info.members,
        "scenarios": info.scenarios,
        "last_saved": _stamp(info.saved),
        "version": info.version,
        "shared": info.join_code is not None,
    }


def _fail(error: StoreError, lang: str) -> int:
    print(error.message(lang), file=sys.stderr)
    if error.issues:
        from planner.bundle import bundle_issues_frame

        print(bundle_issues_frame(error.issues, lang).to_string(index=False), file=sys.stderr)
    return EXIT_BAD_INPUT


def run_list(args: argparse.Namespace) -> int:
    try:
        workshops = _store(args).list_workshops()
    except StoreError as error:
        return _fail(error, args.lang)
    if args.json:
        print(json.dumps([info_dict(w, args.lang) for w in workshops], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not workshops:
        print(t("cli.workshops.none", args.lang))
        return EXIT_OK
    for info in workshops:
        print(
            t(
                "cli.workshops.line",
                args.lang,
                name=info.title(args.lang),
                id=info.workshop_id,
                fingerprint=info.fingerprint,
                members=info.members,
                scenarios=info.scenarios,
                saved=_stamp(info.saved),
            )
        )
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        info = store.find(args.workshop)
        data = store.export_bundle(info.workshop_id, args.lang)
    except StoreError as error:
        return _fail(error, args.lang)
    args.out.write_bytes(data)
    if args.json:
        print(json.dumps({**info_dict(info, args.lang), "out": str(args.out)}, ensure_ascii=False))
    else:
        print(t("cli.workshops.exported", args.lang, name=info.title(args.lang), out=args.out))
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        info = store.find(args.workshop)
        store.delete(info.workshop_id)
    except StoreError as error:
        return _fail(error, args.lang)
    if args.json:
        print(json.dumps({**info_dict(info, args.lang), "deleted": True}, ensure_ascii=False))
    else:
        print(t("cli.workshops.deleted", args.lang, name=info.title(args.lang), id=info.workshop_id))
    return EXIT_OK


def read_input_file(path: Path) -> bytes:
    """A file the command was given, through the input gate (regular files only, size cap)."""
    from planner.gate import read_guarded_bytes

    return read_guarded_bytes(path)


def print_warnings(roster: Roster, lang: str) -> None:
    """The roster's warnings, on stderr (they do not stop the import)."""
    if not roster.warnings:
        return
    from planner.reader import issues_frame

    print(t("cli.workshops.warnings", lang, count=len(roster.warnings)), file=sys.stderr)
    print(issues_frame(list(roster.warnings), lang).to_string(index=False), file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from planner.bundle import BundleError, bundle_issues_frame, load_bundle
    from planner.cli import load_roster

    lang = args.lang
    roster = load_roster(args.roster, args.teams)  # RosterError: listed by planner.cli, exit 2
    print_warnings(roster, lang)
    try:
        data = read_input_file(args.bundle)
    except StoreError as error:
        return _fail(error, lang)
    try:
        loaded = load_bundle(data, roster, lang)
    except BundleError as error:
        print(
            t("cli.workshops.bundle_refused", lang, file=args.bundle, count=len(error.issues)),
            file=sys.stderr,
        )
        print(bundle_issues_frame(error.issues, lang).to_string(index=False), file=sys.stderr)
        return EXIT_BAD_INPUT
    sources = [args.roster.name] + ([args.teams.name] if args.teams is not None else [])
    name = args.name or args.bundle.name.removesuffix(".zip").removesuffix(".bundle")
    store = _store(args)
    try:
        info = store.create_workshop(roster, sources, name)
        store.save(info.workshop_id, loaded.book, loaded.extra)
        info = store.info(info.workshop_id)
    except StoreError as error:
        return _fail(error, lang)
    if args.json:
        print(json.dumps(info_dict(info, lang), ensure_ascii=False))
    else:
        print(
            t(
                "cli.workshops.imported",
                lang,
                name=info.title(lang),
                id=info.workshop_id,
                count=info.scenarios,
            )
        )
    return EXIT_OK
