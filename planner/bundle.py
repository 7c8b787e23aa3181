"""The scenario bundle: the whole workshop state in one file, reopened later on the same roster.

A bundle is a zip holding one JSON document, ``bundle.json``::

    {"format": "branch-workbench-bundle", "version": 1, "fingerprint": "<roster fingerprint>",
     "book": {"next_created": 3, "scenarios": [
         {"name": ..., "parent": ... | null, "created": 1, "edits": [[member_id, to_branch_id], ...],
          "settings": {...every Settings field, enums as their values, tuples as lists...},
          "plan": {"fingerprint": ..., "lang": ..., "settings": {...}, "kpis": <tagged JSON>,
                   "frames": {"assignments": <frame>, "branches": ..., "groups": ...,
                              "areas": ..., "violations": ...}}}]},
     "extra": <tagged JSON> | null}

A frame is ``{"columns": [...], "dtypes": [...], "data": [[row values], ...]}``: each column's
pandas dtype is kept, object columns of tuples are tagged ``"tuple"`` and restored as tuples,
so a bundle read back gives equal scenarios. In tagged JSON a tuple is ``{"__tuple__": [...]}``
and a non-finite float ``{"__float__": "nan"}``.

Reading never unpickles or evaluates anything: it parses JSON only, caps every size (the
reader's :mod:`planner.config` limits), and validates the whole document, listing every problem
as :class:`planner.schema.Issue` values, before anything is returned.

A bundle (and every saved workshop, which the store loads through :func:`load_bundle`) is
untrusted input. Nothing it stores is taken on trust: the zip must hold ``bundle.json`` alone,
the document at most :data:`MAX_DEPTH` levels deep; settings must be in range
(:func:`_settings_problems`) with known codes; every plan must place each member of its areas
once, in a branch of their area, with known kind/reason/status/rule codes; its branch counts,
secretaries, committees and party groups are recounted from the assignments, its rules broken
re-checked with :func:`planner.rules.check_layout` (and the area pre-checks), its KPIs and
per-area report recomputed, and any difference refuses the bundle; parents must not loop and
hand moves must name known branches. Any other exception is logged and refused as malformed.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import json
import logging
import math
import types
import typing
import zipfile
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.config import DEFAULT_LIMITS, InputLimits
from planner.edits import Move
from planner.fixes import Fix, fix_from_json
from planner.gate import json_depth
from planner.plan import ASSIGNMENT_COLUMNS, LAYOUT_BRANCH_COLUMNS, Layout, Plan
from planner.scenario import Scenario, ScenarioBook, clean_name
from planner.schema import ISSUE_COLUMNS, Issue, Roster, Severity, roster_fingerprint
from planner.settings import Settings

FORMAT = "branch-workbench-bundle"
VERSION = 1
ENTRY = "bundle.json"
#: Suggested download name (the page adds the date).
FILE_SUFFIX = ".bundle.zip"

#: Frames of a plan and the columns each must have.
PLAN_FRAMES: dict[str, tuple[str, ...]] = {
    "assignments": ASSIGNMENT_COLUMNS,
    "branches": LAYOUT_BRANCH_COLUMNS,
    "groups": ("group_id", "branch_id", "area"),
    "areas": ("area",),
    "violations": ("area", "rule", "branch_id"),
}
#: dtypes a frame column may be restored as (anything else is refused).
_DTYPES = frozenset(
    {"str", "string", "object", "bool", "boolean", "int64", "int32", "Int64", "Int32", "float64", "float32"}
)
_log = logging.getLogger("workbench.bundle")
#: ids listed in one issue before "and N more"
_SHOW_IDS = 10


class BundleError(Exception):
    """The bundle cannot be restored; ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue], lang: str = "zh"):
        self.issues = issues
        self.lang = lang
        first = issue_text(issues[0], lang)[0] if issues else ""
        super().__init__(first)


class _Malformed(Exception):
    """One malformed part: ``where`` is a path into the document."""

    def __init__(self, where: str, detail: str = ""):
        super().__init__(where)
        self.where = where
        self.detail = detail


# --- tagged JSON -----------------------------------------------------------------------------------

_TAGS = ("__tuple__", "__float__", "__items__")


def to_json(value: Any) -> Any:
    """A JSON-safe form of ``value`` that :func:`from_json` restores (tuples stay tuples)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return to_json(value.item())
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, tuple):
        return {"__tuple__": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value) and not (len(value) == 1 and next(iter(value)) in _TAGS):
            return {k: to_json(v) for k, v in value.items()}
        return {"__items__": [[to_json(k), to_json(v)] for k, v in value.items()]}
    raise TypeError(f"cannot store {type(value).__name__} in a bundle")


def from_json(value: Any) -> Any:
    """The inverse of :func:`to_json`."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), *_ = value.items()
            if tag == "__tuple__" and isinstance(inner, list):
                return tuple(from_json(v) for v in inner)
            if tag == "__float__" and inner in ("nan", "inf", "-inf"):
                return float(inner)
            if tag == "__items__" and isinstance(inner, list):
                out: dict[Any, Any] = {}
                for pair in inner:
                    if not (isinstance(pair, list) and len(pair) == 2):
                        raise _Malformed("__items__")
                    key = from_json(pair[0])
                    try:
                        out[key] = from_json(pair[1])
                    except TypeError:  # an unhashable key
                        raise _Malformed("__items__") from None
                return out
        return {k: from_json(v) for k, v in value.items()}
    return value


# --- typed values (settings, moves) ------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """Dataclasses as dicts of their fields, enums as values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [encode_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def decode_value(tp: Any, data: Any, where: str) -> Any:
    """``data`` (parsed JSON) as a value of type ``tp``; raises _Malformed naming ``where``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        for option in options:
            try:
                return decode_value(option, data, where)
            except _Malformed:
                continue
        raise _Malformed(where)
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(data, list):
            raise _Malformed(where)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode_value(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise _Malformed(where)
        return tuple(
            decode_value(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True))
        )
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise _Malformed(where, str(data)) from None
    if tp is bool:
        if isinstance(data, bool):
            return data
        raise _Malformed(where)
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise _Malformed(where)
    if tp is float:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
        if data in ("inf", "-inf"):
            return float(data)
        raise _Malformed(where)
    if tp is str:
        if isinstance(data, str):
            return data
        raise _Malformed(where)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise _Malformed(where)
        fields = {f.name: f for f in dataclasses.fields(tp)}
        unknown = set(data) - set(fields)
        if unknown:
            raise _Malformed(f"{where}.{sorted(unknown)[0]}")
        hints = typing.get_type_hints(tp)
        kwargs = {
            name: decode_value(hints[name], data[name], f"{where}.{name}") for name in fields if name in data
        }
        try:
            return tp(**kwargs)
        except TypeError:  # a field without default is missing
            raise _Malformed(where) from None
    raise TypeError(f"no decoder for {tp!r}")


# --- frames ------------------------------------------------------------------------------------------


def _column_kind(series: pd.Series) -> str:
    dtype = str(series.dtype)
    if dtype != "object":
        return dtype
    present = [v for v in series if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if present and all(isinstance(v, tuple) for v in present):
        return "tuple"
    return "object"


def _cell_to_json(value: Any, kind: str) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if kind == "tuple":
        return encode_value(value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} cell in a bundle")


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame as columns, dtypes and row arrays (see the module docstring)."""
    kinds = [_column_kind(frame[c]) for c in frame.columns]
    for kind in kinds:
        if kind not in _DTYPES and kind != "tuple":
            raise TypeError(f"cannot store dtype {kind} in a bundle")
    columns = [frame[c].tolist() for c in frame.columns]
    data = (
        [
            [_cell_to_json(v, kind) for v, kind in zip(row, kinds, strict=True)]
            for row in zip(*columns, strict=True)
        ]
        if columns
        else []
    )
    return {"columns": [str(c) for c in frame.columns], "dtypes": kinds, "data": data}


def _tuple_of(value: Any, where: str) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise _Malformed(where)
    return tuple(
        _tuple_of(v, where)
        if isinstance(v, list)
        else _fix(v, where)
        if isinstance(v, dict)
        else _scalar(v, where)
        for v in value
    )


def _fix(value: dict[str, Any], where: str) -> Fix:
    """A violation's fix (the only objects a frame's tuples hold), written by encode_value."""
    try:
        return fix_from_json(value)
    except ValueError:
        raise _Malformed(where) from None


def _scalar(value: Any, where: str) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise _Malformed(where)


def frame_from_json(data: Any, where: str) -> pd.DataFrame:
    """The frame :func:`frame_to_json` wrote; raises _Malformed naming the bad part."""
    if not isinstance(data, dict) or set(data) != {"columns", "dtypes", "data"}:
        raise _Malformed(where)
    columns, dtypes, rows = data["columns"], data["dtypes"], data["data"]
    if not (isinstance(columns, list) and isinstance(dtypes, list) and isinstance(rows, list)):
        raise _Malformed(where)
    if (
        len(columns) != len(dtypes)
        or not all(isinstance(c, str) for c in columns)
        or len(set(columns)) != len(columns)
    ):
        raise _Malformed(f"{where}.columns")
    for kind in dtypes:
        if not isinstance(kind, str) or (kind not in _DTYPES and kind != "tuple"):
            raise _Malformed(f"{where}.dtypes", str(kind)[:40])
    width = len(columns)
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != width:
            raise _Malformed(f"{where}.data[{i}]")
    out: dict[str, pd.Series] = {}
    for j, (name, kind) in enumerate(zip(columns, dtypes, strict=True)):
        values = [row[j] for row in rows]
        at = f"{where}.{name}"
        try:
            out[name] = _restore_column(values, kind, at)
        except (TypeError, ValueError, OverflowError):
            raise _Malformed(at) from None
    return pd.DataFrame(out, columns=columns, index=pd.RangeIndex(len(rows)))


def _restore_column(values: list[Any], kind: str, where: str) -> pd.Series:
    if kind == "tuple":
        return pd.Series([None if v is None else _tuple_of(v, where) for v in values], dtype=object)
    if kind == "object":
        return pd.Series([_scalar(v, where) for v in values], dtype=object)
    if kind in ("str", "string"):
        if not all(v is None or isinstance(v, str) for v in values):
            raise _Malformed(where)
        return pd.Series(values, dtype=kind)
    if kind in ("bool", "boolean"):
        if not all(isinstance(v, bool) or (v is None and kind == "boolean") for v in values):
            raise _Malformed(where)
        return pd.Series(values, dtype=kind)
    if kind in ("int64", "int32", "Int64", "Int32"):
        nullable = kind[0] == "I"
        if not all(
            (isinstance(v, int) and not isinstance(v, bool)) or (v is None and nullable) for v in values
        ):
            raise _Malformed(where)
        return pd.Series(values, dtype=kind)
    # floats: null is NaN; non-finite values were written as text
    cells: list[float] = []
    for v in values:
        if v is None:
            cells.append(math.nan)
        elif (isinstance(v, int | float) and not isinstance(v, bool)) or v in ("inf", "-inf", "nan"):
            cells.append(float(v))
        else:
            raise _Malformed(where)
    return pd.Series(cells, dtype=kind)


# --- plans and scenarios ----------------------------------------------------------------------------


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "fingerprint": plan.fingerprint,
        "lang": plan.lang,
        "settings": encode_value(plan.settings),
        "kpis": to_json(plan.kpis),
        "frames": {name: frame_to_json(getattr(plan, name)) for name in PLAN_FRAMES},
    }


def plan_from_json(data: Any, where: str) -> Plan:
    if not isinstance(data, dict) or set(data) != {"fingerprint", "lang", "settings", "kpis", "frames"}:
        raise _Malformed(where)
    frames_data = data["frames"]
    if not isinstance(frames_data, dict) or set(frames_data) != set(PLAN_FRAMES):
        raise _Malformed(f"{where}.frames")
    frames: dict[str, pd.DataFrame] = {}
    for name, required in PLAN_FRAMES.items():
        frame = frame_from_json(frames_data[name], f"{where}.{name}")
        if set(required) - set(frame.columns):
            raise _Malformed(f"{where}.{name}", ", ".join(sorted(set(required) - set(frame.columns))))
        for column, kind in _PLAN_COLUMN_KINDS[name].items():  # what the pages and checks rely on
            if column not in frame.columns or not _column_kind_ok(frame[column], kind):
                raise _Malformed(f"{where}.{name}.{column}")
        frames[name] = frame
    kpis = from_json(data["kpis"])
    if not isinstance(kpis, dict):
        raise _Malformed(f"{where}.kpis")
    if not isinstance(data["fingerprint"], str) or not isinstance(data["lang"], str):
        raise _Malformed(where)
    return Plan(
        fingerprint=data["fingerprint"],
        settings=decode_value(Settings, data["settings"], f"{where}.settings"),
        kpis=kpis,
        lang=data["lang"],
        **frames,
    )


def scenario_to_json(scenario: Scenario) -> dict[str, Any]:
    return {
        "name": scenario.name,
        "parent": scenario.parent,
        "created": scenario.created,
        "edits": [[m.member_id, m.to_branch_id] for m in scenario.edits],
        "settings": encode_value(scenario.settings),
        "plan": plan_to_json(scenario.plan),
    }


def scenario_from_json(data: Any, where: str) -> Scenario:
    keys = {"name", "parent", "created", "edits", "settings", "plan"}
    if not isinstance(data, dict) or set(data) != keys:
        raise _Malformed(where)
    name = data["name"]
    if not isinstance(name, str) or clean_name(name) != name or not name:
        raise _Malformed(f"{where}.name")
    return Scenario(
        name=name,
        parent=decode_value(str | None, data["parent"], f"{where}.parent"),
        created=decode_value(int, data["created"], f"{where}.created"),
        edits=tuple(
            Move(*pair) for pair in decode_value(tuple[tuple[str, str], ...], data["edits"], f"{where}.edits")
        ),
        settings=decode_value(Settings, data["settings"], f"{where}.settings"),
        plan=plan_from_json(data["plan"], f"{where}.plan"),
    )


def bundle_bytes(roster_fingerprint: str, book: ScenarioBook, extra: dict[str, Any] | None = None) -> bytes:
    """The bundle of ``book`` (a zip holding ``bundle.json``). ``extra`` is any JSON-able state the
    app wants back (it is returned by :func:`load_bundle`)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "fingerprint": roster_fingerprint,
        "book": {"next_created": book.next_created, "scenarios": [scenario_to_json(s) for s in book]},
        "extra": to_json(extra),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(ENTRY, text.encode("utf-8"))
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LoadedBundle:
    book: ScenarioBook
    extra: dict[str, Any] | None
    fingerprint: str


def _issue(code: str, *, sheet: str = "", column: str = "", value: str = "", **params: Any) -> Issue:
    return Issue(
        Severity.ERROR,
        code,
        sheet=sheet,
        column=column,
        value=value,
        params=tuple((k, str(v)) for k, v in params.items()),
    )


def _unzip(data: bytes, limits: InputLimits) -> bytes:
    """The bundle.json bytes of a zip (or ``data`` itself when it is bare JSON)."""
    if data.lstrip()[:1] == b"{":
        return data
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BundleError([_issue("bundle_not_bundle")]) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise BundleError([_issue("bundle_too_large", limit=limits.max_zip_entries)])
        entry = next((i for i in infos if i.filename == ENTRY), None)
        if entry is None:
            raise BundleError([_issue("bundle_not_bundle")])
        if len(infos) != 1:  # a bundle holds bundle.json alone, once
            names = _ids_text([i.filename for i in infos])
            raise BundleError([_issue("bundle_entries", value=names, entries=names)])
        cap = limits.max_unzipped_bytes
        if entry.file_size > cap or entry.file_size > max(len(data), 1) * limits.max_zip_ratio:
            raise BundleError([_issue("bundle_too_large", limit=cap)])
        try:
            with archive.open(entry) as stream:
                # the header's size is not trusted: read at most one byte past the cap
                content = stream.read(min(cap, int(len(data) * limits.max_zip_ratio)) + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, zlib.error, EOFError):
            raise BundleError([_issue("bundle_not_bundle")]) from None
        if len(content) > cap or len(content) > len(data) * limits.max_zip_ratio:
            raise BundleError([_issue("bundle_too_large", limit=cap)])
        return content


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse(data: bytes, limits: InputLimits) -> dict[str, Any]:
    if len(data) > limits.max_upload_bytes:
        raise BundleError([_issue("bundle_too_large", limit=limits.max_upload_bytes)])
    raw = _unzip(data, limits)
    # nesting measured before parsing, by the input gate's linear scan: no recursion anywhere
    if json_depth(raw) > MAX_DEPTH:
        raise BundleError([_issue("bundle_too_deep", limit=MAX_DEPTH)])
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError([_issue("bundle_not_bundle")]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleError([_issue("bundle_not_bundle")])
    if document.get("version") != VERSION:
        raise BundleError(
            [
                _issue(
                    "bundle_version",
                    value=str(document.get("version")),
                    found=document.get("version"),
                    expected=VERSION,
                )
            ]
        )
    return document


def _ids_text(ids: Sequence[str]) -> str:
    shown = ", ".join(sorted(str(i) for i in ids)[:_SHOW_IDS])
    return shown + (f" (+{len(ids) - _SHOW_IDS})" if len(ids) > _SHOW_IDS else "")


def _ids_issues(code: str, ids: Collection[str], *, sheet: str, column: str = "") -> list[Issue]:
    """The one issue ``code`` naming ``ids`` (the first few, and how many), or none without ids."""
    if not ids:
        return []
    return [_issue(code, sheet=sheet, column=column, value=_ids_text(list(ids)), count=len(ids))]


def _scenario_member_ids(scenario: Scenario) -> set[str]:
    """Every member id a scenario names: assignments, edits, pins and pairs."""
    ids = set(scenario.plan.assignments["member_id"].astype(str))
    ids |= {m.member_id for m in scenario.edits}
    for settings in (scenario.settings, scenario.plan.settings):
        c = settings.constraints
        ids |= {p.member_id for p in c.member_pins}
        ids |= {m for pair in c.members_together + c.members_apart for m in pair}
    return ids


def _scenario_teams(scenario: Scenario) -> set[tuple[str, str]]:
    teams: set[tuple[str, str]] = set()
    for settings in (scenario.settings, scenario.plan.settings):
        c = settings.constraints
        teams |= {(p.area, p.team_id) for p in c.team_pins}
        teams |= {(a, x) for a, x, _ in c.teams_together + c.teams_apart}
        teams |= {(a, y) for a, _, y in c.teams_together + c.teams_apart}
    return teams


def _check_scenario(scenario: Scenario, fingerprint: str, roster: Roster) -> list[Issue]:
    issues: list[Issue] = []
    name = scenario.name
    plan = scenario.plan
    if plan.fingerprint != fingerprint:
        issues.append(_issue("bundle_malformed", sheet=name, column="plan.fingerprint"))
    unknown = sorted(_scenario_member_ids(scenario) - set(roster.members["member_id"].astype(str)))
    issues.extend(_ids_issues("bundle_unknown_members", unknown, sheet=name))
    known_teams = set(zip(roster.teams["area"].astype(str), roster.teams["team_id"].astype(str), strict=True))
    unknown_teams = sorted(f"{a}/{t}" for a, t in _scenario_teams(scenario) - known_teams)
    issues.extend(_ids_issues("bundle_unknown_teams", unknown_teams, sheet=name))
    issues.extend(_settings_issues(scenario.settings, roster, "settings", name))
    if not issues:  # the plan is checked against a roster it belongs to
        issues.extend(_plan_issues(plan, roster, name))
    return issues


def load_bundle(
    data: bytes, roster: Roster, lang: str = "zh", *, limits: InputLimits = DEFAULT_LIMITS
) -> LoadedBundle:
    """Validate ``data`` completely and return the book it holds; raises :class:`BundleError`
    listing every problem (not a bundle, wrong version, too large, made with another roster,
    malformed parts, settings out of range, unknown codes, a plan that does not place every member
    of its areas or whose stored counts, rules broken or KPIs are not what checking it again
    gives, hand moves to unknown branches, parents in a loop). A bundle is untrusted input: any
    other exception while reading it is logged and refused as a malformed bundle."""
    try:
        return _load_bundle(data, roster, lang, limits)
    except BundleError as error:
        error.lang = lang
        raise
    except (Exception, RecursionError) as error:  # a gap in the checks: refuse, never crash
        _log.exception("an unexpected %s while reading a bundle", type(error).__name__)
        raise BundleError([_issue("bundle_malformed", value=type(error).__name__)], lang) from None


def _load_bundle(data: bytes, roster: Roster, lang: str, limits: InputLimits) -> LoadedBundle:
    document = _parse(data, limits)
    issues: list[Issue] = []
    expected = roster.fingerprint or roster_fingerprint(roster.members, roster.teams)
    fingerprint = document.get("fingerprint")
    if not isinstance(fingerprint, str):
        issues.append(_issue("bundle_malformed", column="fingerprint"))
        fingerprint = ""
    elif fingerprint != expected:
        issues.append(_issue("bundle_fingerprint", value=fingerprint, found=fingerprint, expected=expected))
    if set(document) != {"format", "version", "fingerprint", "book", "extra"}:
        issues.append(
            _issue(
                "bundle_malformed",
                column=", ".join(
                    sorted(set(document) ^ {"format", "version", "fingerprint", "book", "extra"})
                ),
            )
        )
    book_data = document.get("book")
    scenarios: list[Scenario] = []
    next_created = 1
    if not isinstance(book_data, dict) or set(book_data) != {"next_created", "scenarios"}:
        issues.append(_issue("bundle_malformed", column="book"))
    elif not isinstance(book_data["scenarios"], list):
        issues.append(_issue("bundle_malformed", column="book.scenarios"))
    else:
        raw_next = book_data["next_created"]
        if isinstance(raw_next, int) and not isinstance(raw_next, bool) and raw_next >= 1:
            next_created = raw_next
        else:
            issues.append(_issue("bundle_malformed", column="book.next_created"))
        for i, item in enumerate(book_data["scenarios"]):
            label = (
                str(item["name"])
                if isinstance(item, dict) and isinstance(item.get("name"), str)
                else f"#{i + 1}"
            )
            try:
                scenarios.append(scenario_from_json(item, f"scenarios[{i}]"))
            except _Malformed as bad:
                issues.append(_issue("bundle_malformed", sheet=label, column=bad.where, value=bad.detail))
    names = [s.name for s in scenarios]
    for name in sorted({n for n in names if names.count(n) > 1}):
        issues.append(_issue("bundle_duplicate_name", sheet=name, name=name))
    created = [s.created for s in scenarios]
    if len(set(created)) != len(created) or any(c < 1 or c >= next_created for c in created):
        issues.append(_issue("bundle_malformed", column="book.created"))
    for scenario in scenarios:
        if scenario.parent is not None and scenario.parent not in names:
            issues.append(
                _issue(
                    "bundle_bad_parent", sheet=scenario.name, value=scenario.parent, parent=scenario.parent
                )
            )
        issues.extend(_check_scenario(scenario, fingerprint, roster))
    issues.extend(_book_issues(scenarios))
    try:
        extra = from_json(document.get("extra"))
    except _Malformed:
        issues.append(_issue("bundle_malformed", column="extra"))
        extra = None
    if extra is not None and not isinstance(extra, dict):
        issues.append(_issue("bundle_malformed", column="extra"))
    if issues:
        raise BundleError(issues, lang)
    return LoadedBundle(ScenarioBook(tuple(scenarios), next_created), extra, fingerprint)


def read_bundle(data: bytes, roster: Roster, lang: str = "zh") -> ScenarioBook:
    """The scenario book of a bundle made with ``roster``; see :func:`load_bundle`."""
    return load_bundle(data, roster, lang).book


# --- validating what a bundle holds (issue 10: a bundle is untrusted input) --------------------------

#: Deepest nesting a bundle document may have (a sound one is about 12 deep): checked without
#: recursion before anything walks the document. The lead may switch this to the generic depth-
#: limited ``load_json`` of planner.gate at merge.
MAX_DEPTH = 64

#: Ranges a stored setting must be in: the Plan page's form ranges, with room for sweeps.
#: To be replaced by ``planner.settings.validate_settings`` at merge (issue 10).
_SETTING_RANGES: dict[str, tuple[float, float]] = {
    "rules.max_branch_size": (3, 1000),
    "rules.min_full_members": (1, 50),
    "rules.committee_threshold": (2, 200),
    "rules.committee_min_candidates": (1, 7),
    "rules.committee_max_members": (1, 7),
    "rules.joint_min_teams": (2, 20),
    "rules.joint_max_teams": (2, 20),
    "rules.max_mobility_share": (0.0, 1.0),
    "rules.group_threshold": (3, 1000),
    "rules.group_min_size": (1, 50),
    "rules.group_max_size": (2, 200),
    "solver.time_limit": (1.0, 3600.0),
    "solver.gap": (0.0, 0.5),
    "solver.workers": (1, 64),
    "solver.threads": (1, 64),
}
_WEIGHT_RANGE = (0.0, 1000.0)

#: Columns of each plan frame a page relies on, and the kind of value each holds.
_PLAN_COLUMN_KINDS: dict[str, dict[str, str]] = {
    "assignments": {c: "str" for c in ASSIGNMENT_COLUMNS},
    "branches": {
        **{c: "str" for c in ("branch_id", "area", "kind", "name", "secretary")},
        **{c: "int" for c in ("size", "full_members", "candidates", "attached", "mobility")},
        "teams": "tuple",
        "committee": "tuple",
    },
    "groups": {
        **{c: "str" for c in ("group_id", "branch_id", "area", "leader")},
        **{c: "int" for c in ("size", "full_members")},
        "members": "tuple",
    },
    "areas": {
        **{c: "str" for c in ("area", "structure", "status", "solver", "message")},
        **{c: "int" for c in ("branches", "violations")},
        **{c: "float" for c in ("objective", "bound", "gap", "seconds", "greedy_objective")},
    },
    "violations": {
        **{c: "str" for c in ("area", "rule", "branch_id", "subject", "detail", "message")},
        **{c: "float" for c in ("value", "limit")},
        "fixes": "fixes",
    },
}
_BRANCH_COUNTS: tuple[str, ...] = ("size", "full_members", "candidates", "attached", "mobility")


def _settings_problems(settings: Settings) -> list[tuple[str, Any, float, float]]:
    """(path, value, low, high) of every stored setting outside what the product allows."""
    from planner.scenario import flatten_settings

    problems: list[tuple[str, Any, float, float]] = []
    for path, value in flatten_settings(settings).items():
        low, high = _SETTING_RANGES.get(path, _WEIGHT_RANGE if path.startswith("weights.") else (0, 0))
        if (low, high) == (0, 0) or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if not (math.isfinite(value) and low <= value <= high):
            problems.append((path, value, low, high))
    return problems


#: validate_settings' problems that the range check above already reports for a bundle
_RANGE_KEYS_CHECKED_ABOVE = frozenset(
    {
        "settings.problem.at_least",
        "settings.problem.positive",
        "settings.problem.share",
        "settings.problem.weight",
        "settings.problem.preset",
    }
)


def _settings_issues(settings: Settings, roster: Roster, where: str, name: str) -> list[Issue]:
    from planner.settings import PRESETS, validate_settings

    issues = [
        _issue(
            "bundle_setting",
            sheet=name,
            column=f"{where}.{path}",
            value=str(value),
            path=path,
            found=value,
            low=_number_text(low),
            high=_number_text(high),
        )
        for path, value, low, high in _settings_problems(settings)
    ]
    if settings.preset not in PRESETS:
        issues.append(_code_issue(name, f"{where}.preset", settings.preset))
    # contradictions between settings: the same check the Plan page and the command line make
    issues.extend(
        _issue(
            "bundle_settings_contradiction",
            sheet=name,
            column=where,
            problem_key=problem.key,
            **dict(problem.params),
        )
        for problem in validate_settings(settings)
        if problem.key not in _RANGE_KEYS_CHECKED_ABOVE
    )
    known = set(roster.areas)
    odd = [a for a in settings.areas if a not in known]
    if odd or len(set(settings.areas)) != len(settings.areas):
        issues.append(
            _issue(
                "bundle_areas", sheet=name, column=f"{where}.areas", value=_ids_text(odd), count=len(odd) or 1
            )
        )
    return issues


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _code_issue(name: str, column: str, code: Any) -> Issue:
    return _issue("bundle_code", sheet=name, column=column, value=str(code), where=column, found=str(code))


def _column_kind_ok(series: pd.Series, kind: str) -> bool:
    values = series.tolist()
    if kind == "str":
        return all(isinstance(v, str) for v in values)
    if kind == "int":
        return pd.api.types.is_integer_dtype(series.dtype) and not series.isna().any()
    if kind == "float":
        return (
            pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)
        ) or all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values)
    item = Fix if kind == "fixes" else str  # a violation's fixes are Fix objects (planner.fixes)
    return all(isinstance(v, tuple) and all(isinstance(x, item) for x in v) for v in values)


def _shape_issues(plan: Plan, name: str) -> list[Issue]:
    """Every code one the product knows (the columns' kinds are checked on reading)."""
    from planner.i18n import CATALOGUE
    from planner.plan import BRANCH_KINDS, REASONS, SolveStatus
    from planner.rules import RULES

    issues: list[Issue] = []
    codes = (
        ("branches", "kind", set(BRANCH_KINDS)),
        ("assignments", "reason", set(REASONS)),
        ("areas", "status", {s.value for s in SolveStatus}),
        ("areas", "structure", {"single", "general"}),
        ("violations", "rule", set(RULES)),
    )
    for frame_name, column, known in codes:
        for code in sorted(set(getattr(plan, frame_name)[column]) - known):
            issues.append(_code_issue(name, f"plan.{frame_name}.{column}", code))
    for code in sorted(set(plan.areas["message"]) - set(CATALOGUE) - {""}):
        issues.append(_code_issue(name, "plan.areas.message", code))
    if plan.lang not in ("zh", "en"):
        issues.append(_code_issue(name, "plan.lang", plan.lang))
    return issues


def _placement_issues(plan: Plan, roster: Roster, name: str) -> list[Issue]:
    """The plan's areas are roster areas; it places every member of them once, in a branch of
    their own area that it lists (an area nothing could be planned for may leave members out)."""
    from planner.rules import scope_areas

    issues: list[Issue] = []
    listed = plan.areas["area"].tolist()
    scope = set(scope_areas(roster, plan.settings))
    odd = sorted(set(listed) ^ scope)
    if odd or len(set(listed)) != len(listed):
        issues.append(
            _issue(
                "bundle_areas",
                sheet=name,
                column="plan.areas.area",
                value=_ids_text(odd),
                count=len(odd) or 1,
            )
        )
        return issues
    a, b = plan.assignments, plan.branches
    area_of = dict(zip(roster.members["member_id"], roster.members["area"], strict=True))
    branch_area = dict(zip(b["branch_id"], b["area"], strict=True))
    bad = set(a.loc[a["member_id"].duplicated(keep=False), "member_id"])
    for mid, area, bid in zip(a["member_id"], a["area"], a["branch_id"], strict=True):
        if area_of.get(mid) != area or area not in scope or branch_area.get(bid) != area:
            bad.add(mid)
    if b["branch_id"].duplicated().any() or not set(b["area"]) <= scope:
        issues.append(_issue("bundle_malformed", sheet=name, column="plan.branches.branch_id"))
    issues.extend(_ids_issues("bundle_misplaced", bad, sheet=name, column="plan.assignments"))
    errors = set(plan.areas.loc[plan.areas["status"] == "error", "area"])
    members = roster.members
    expected = set(members.loc[members["area"].isin(scope - errors), "member_id"])
    missing = sorted(expected - set(a["member_id"]))
    issues.extend(_ids_issues("bundle_coverage", missing, sheet=name, column="plan.assignments"))
    teams = set(zip(roster.teams["area"], roster.teams["team_id"], strict=True))
    strange = sorted(
        {
            f"{area}/{t}"
            for area, ts in zip(b["area"], b["teams"], strict=True)
            for t in ts
            if (area, t) not in teams
        }
    )
    issues.extend(_ids_issues("bundle_unknown_teams", strange, sheet=name))
    return issues


def _staff_issues(plan: Plan, roster: Roster, name: str) -> list[Issue]:
    """Counts recomputed from the assignments; secretaries, committees, groups and their leaders
    are members of their branch (group) who can hold the post."""
    from planner.schema import is_candidate
    from planner.staffing import staff_branches

    issues: list[Issue] = []
    a, b, g = plan.assignments, plan.branches, plan.groups
    expected, _, _ = staff_branches(roster, plan.layout, plan.settings)
    want = expected.set_index("branch_id")[list(_BRANCH_COUNTS)]
    have = b.set_index("branch_id")[list(_BRANCH_COUNTS)].astype("int64")
    wrong = sorted(bid for bid in have.index if not have.loc[bid].equals(want.loc[bid]))
    issues.extend(_ids_issues("bundle_counts", wrong, sheet=name, column="plan.branches"))
    attrs = roster.members.set_index("member_id")
    candidates = set(attrs.index[is_candidate(attrs).to_numpy()])
    full = set(attrs.index[(attrs["status"] == "full").to_numpy()])
    in_branch = a.groupby("branch_id")["member_id"].agg(frozenset).to_dict()
    in_group = a[a["group_id"] != ""].groupby("group_id")["member_id"].agg(frozenset).to_dict()
    staff_bad: list[str] = []
    for bid, secretary, committee in zip(b["branch_id"], b["secretary"], b["committee"], strict=True):
        seats = {*committee, secretary} - {""}
        if not seats <= (in_branch.get(bid, frozenset()) & candidates):
            staff_bad.append(bid)
    group_bad: list[str] = []
    branch_of = dict(zip(b["branch_id"], b["area"], strict=True))
    for gid, bid, area, leader, size, n_full, members in zip(
        *(g[c] for c in ("group_id", "branch_id", "area", "leader", "size", "full_members", "members")),
        strict=True,
    ):
        ids = frozenset(members)
        if (
            ids != in_group.get(gid, frozenset())
            or len(ids) != len(members)
            or branch_of.get(bid) != area
            or not ids <= in_branch.get(bid, frozenset())
            or size != len(ids)
            or n_full != len(ids & full)
        ):
            group_bad.append(gid)
        elif leader != "" and leader not in ids & full:
            staff_bad.append(gid)
    if g["group_id"].duplicated().any() or not set(in_group) <= set(g["group_id"]):
        group_bad.extend(sorted(str(x) for x in set(in_group) - set(g["group_id"])) or ["group_id"])
    issues.extend(_ids_issues("bundle_staff", staff_bad, sheet=name, column="plan.branches"))
    issues.extend(_ids_issues("bundle_groups", group_bad, sheet=name, column="plan.groups"))
    return issues


def _violation_keys(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    def number(value: Any) -> float | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return round(float(value), 6)

    return sorted(
        (
            str(r["area"]),
            str(r["rule"]),
            str(r["branch_id"]),
            str(r["subject"]),
            str(r["detail"]),
            number(r["value"]),
            number(r["limit"]),
        )
        for r in frame.to_dict("records")
    )


def _recheck_issues(plan: Plan, roster: Roster, name: str) -> list[Issue]:
    """The rule check and the KPIs run again on the plan's layout: what it stores must agree."""
    from planner.explain import precheck_area
    from planner.kpis import plan_kpis
    from planner.rules import check_layout

    issues: list[Issue] = []
    scope = plan.areas["area"].tolist()
    layout = Layout(plan.assignments, plan.branches[list(LAYOUT_BRANCH_COLUMNS)])
    found = [precheck_area(roster, plan.settings, area) for area in scope]
    found.append(check_layout(roster, layout, plan.settings, areas=scope))
    recheck = pd.concat([f for f in found if len(f)] or found[-1:], ignore_index=True)
    if _violation_keys(recheck) != _violation_keys(plan.violations):
        issues.append(
            _issue(
                "bundle_recheck",
                sheet=name,
                column="plan.violations",
                stored=len(plan.violations),
                found=len(recheck),
            )
        )
    kpis = plan_kpis(roster, plan.assignments, plan.branches, plan.groups, plan.violations)
    differ = sorted(k for k in set(kpis) | set(plan.kpis) if kpis.get(k) != plan.kpis.get(k))
    if differ:
        issues.append(
            _issue(
                "bundle_kpis", sheet=name, column="plan.kpis", value=_ids_text(differ), keys=_ids_text(differ)
            )
        )
    issues.extend(_area_report_issues(plan, name))
    return issues


def _area_report_issues(plan: Plan, name: str) -> list[Issue]:
    n_branches = plan.branches.groupby("area").size()
    n_violations = plan.violations.groupby("area").size()
    wrong: list[str] = []
    for row in plan.areas.to_dict("records"):
        area = row["area"]
        branches = int(n_branches.get(area, 0))
        figures_ok = all(
            _finite_or_missing(row[c]) for c in ("objective", "bound", "gap", "greedy_objective")
        ) and _finite_or_missing(row["seconds"], required=True)
        gap, seconds = row["gap"], row["seconds"]
        if (
            row["branches"] != branches
            or row["violations"] != int(n_violations.get(area, 0))
            or row["structure"] != ("single" if branches == 1 else "general")
            or not figures_ok
            or seconds < 0
            or (_present(gap) and gap < 0)
        ):
            wrong.append(str(area))
    return _ids_issues("bundle_area_report", wrong, sheet=name, column="plan.areas")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _finite_or_missing(value: Any, *, required: bool = False) -> bool:
    if not _present(value):
        return not required
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _plan_issues(plan: Plan, roster: Roster, name: str) -> list[Issue]:
    """Every way ``plan`` disagrees with the roster, the settings' ranges and its own layout."""
    issues = _settings_issues(plan.settings, roster, "plan.settings", name)
    issues += _shape_issues(plan, name)
    if issues:
        return issues  # the checks below need sound columns and settings
    issues += _placement_issues(plan, roster, name)
    if issues:
        return issues  # recounting needs a sound layout
    issues += _staff_issues(plan, roster, name)
    issues += _recheck_issues(plan, roster, name)
    return issues


def _book_issues(scenarios: Sequence[Scenario]) -> list[Issue]:
    """Parents form no loop; hand moves name branches of the plan or of its parent."""
    issues: list[Issue] = []
    by_name = {s.name: s for s in scenarios}
    for scenario in scenarios:
        seen = {scenario.name}
        parent = scenario.parent
        while parent is not None and parent in by_name:
            if parent in seen:
                issues.append(
                    _issue("bundle_parent_cycle", sheet=scenario.name, column="parent", value=parent)
                )
                break
            seen.add(parent)
            parent = by_name[parent].parent
        known = set(scenario.plan.branches["branch_id"])
        if scenario.parent in by_name:
            known |= set(by_name[scenario.parent].plan.branches["branch_id"])
        odd = sorted({m.to_branch_id for m in scenario.edits} - known)
        issues.extend(_ids_issues("bundle_unknown_branch", odd, sheet=scenario.name, column="edits"))
    return issues


# --- messages ----------------------------------------------------------------------------------------


def issue_text(issue: Issue, lang: str) -> tuple[str, str]:
    """(problem, action) of a bundle issue in ``lang``."""
    from planner.i18n import t

    params = dict(issue.params)
    if "problem_key" in params:  # a settings contradiction: validate_settings' own words
        from planner.settings import SettingsProblem

        key = params.pop("problem_key")
        params = {"problem": SettingsProblem(key, tuple(params.items())).message(lang)}
    return (
        t(f"workshop.problem.{issue.code}", lang, **params),
        t(f"workshop.action.{issue.code}", lang, **params),
    )


def bundle_issues_frame(issues: Sequence[Issue], lang: str) -> pd.DataFrame:
    """The problems of a refused bundle as a table (ISSUE_COLUMNS; ``sheet`` is the scenario,
    ``column`` the part of the document)."""
    from planner.i18n import t

    rows = []
    for issue in issues:
        problem, action = issue_text(issue, lang)
        rows.append(
            {
                "severity": t(f"workshop.severity.{issue.severity.value}", lang),
                "sheet": issue.sheet,
                "row": issue.row,
                "column": issue.column,
                "value": issue.value,
                "problem": problem,
                "action": action,
            }
        )
    frame = pd.DataFrame(rows, columns=list(ISSUE_COLUMNS))
    # like planner.reader.issues_frame: the row number is Int64 (<NA> when there is none)
    return frame.astype({"row": "Int64"})
