"""A hostile corpus of bundles (issue 10, item 3), made at test time from a sound bundle: each one
through the bundle doors (``load_bundle``; the Data page's reopen) ends in the product's own
error, lists its problems, and leaves the workshop as it was. And a property: mutating any part
of a sound bundle (drop, duplicate, negate, retype, nest) never gets a plan accepted that the
rule checker, the recount or the KPIs disagree with, and never raises anything but BundleError."""

from __future__ import annotations

import copy
import io
import json
import logging
import struct
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.bundle import ENTRY, BundleError, bundle_bytes, bundle_issues_frame, load_bundle
from planner.explain import precheck_area
from planner.kpis import plan_kpis
from planner.plan import LAYOUT_BRANCH_COLUMNS, Layout, Plan
from planner.rules import check_layout
from planner.runner import plan_community
from planner.scenario import ScenarioBook
from planner.schema import ISSUE_COLUMNS, Roster
from planner.staffing import staff_branches
from tests.plan_fixtures import FAST_SETTINGS as SETTINGS
from tests.plan_fixtures import base_and_edit_book, qi3_roster

Document = dict[str, Any]


@pytest.fixture(scope="module")
def roster() -> Roster:
    return qi3_roster()


@pytest.fixture(scope="module")
def book(roster: Roster) -> ScenarioBook:
    plan = plan_community(roster, SETTINGS, lang="zh")
    return base_and_edit_book(roster, plan, SETTINGS, "en", "基准")


@pytest.fixture(scope="module")
def sound(roster: Roster, book: ScenarioBook) -> Document:
    with zipfile.ZipFile(io.BytesIO(bundle_bytes(roster.fingerprint, book))) as archive:
        document: Document = json.loads(archive.read(ENTRY))
    return document


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def as_bundle(document: Any) -> bytes:
    return zipped([(ENTRY, json.dumps(document, ensure_ascii=False).encode())])


# --- the corpus -------------------------------------------------------------------------------------------


def frame(document: Document, scenario: int, name: str) -> dict[str, Any]:
    part: dict[str, Any] = document["book"]["scenarios"][scenario]["plan"]["frames"][name]
    return part


def set_cell(
    document: Document, name: str, column: str, value: Any, row: int = 0, scenario: int = 0
) -> Document:
    changed = copy.deepcopy(document)
    part = frame(changed, scenario, name)
    part["data"][row][part["columns"].index(column)] = value
    return changed


def set_setting(document: Document, path: str, value: Any, *, in_plan: bool = True) -> Document:
    changed = copy.deepcopy(document)
    scenario = changed["book"]["scenarios"][0]
    for holder in (
        (scenario["settings"], scenario["plan"]["settings"]) if in_plan else (scenario["settings"],)
    ):
        *parents, leaf = path.split(".")
        for key in parents:
            holder = holder[key]
        holder[leaf] = value
    return changed


def keep_rows(document: Document, name: str, count: int) -> Document:
    changed = copy.deepcopy(document)
    part = frame(changed, 0, name)
    part["data"] = part["data"][:count]
    return changed


def edited(document: Document, change: Callable[[Document], None]) -> Document:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


def fake_violation(document: Document, part: dict[str, Any], rule: str) -> list[Any]:
    """A violations row claiming ``rule`` for the plan's first branch (the frame's column kinds
    set as a sound plan with rules broken has them)."""
    columns = part["columns"]
    kinds = {"value": "float64", "limit": "float64", "fixes": "tuple"}
    part["dtypes"] = [kinds.get(c, "str") for c in columns]
    branches = frame(document, 0, "branches")
    first = dict(zip(branches["columns"], branches["data"][0], strict=True))
    row = {"area": first["area"], "rule": rule, "branch_id": first["branch_id"], "subject": "", "value": 99.0}
    row |= {"limit": 50.0, "detail": "", "message": "x", "fixes": []}
    return [row[c] for c in columns]


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def lying_sizes(data: bytes) -> bytes:
    """The zip with the central directory claiming a tiny uncompressed size."""
    raw = bytearray(data)
    at = raw.rfind(b"PK\x01\x02")
    raw[at + 24 : at + 28] = struct.pack("<I", 10)
    return bytes(raw)


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open(ENTRY, "w") as entry:
        entry.write(b'{"format": "branch-workbench-bundle", "version": 1, "extra": "')
        chunk = b" " * (1 << 20)
        for _ in range(220):  # 220 MB of spaces: past the 200 MB cap, far past the ratio
            entry.write(chunk)
        entry.write(b'"}')
    return buffer.getvalue()


def hostile(sound: Document) -> dict[str, tuple[bytes, set[str]]]:
    """name -> (file content, the problem codes of which at least one must be reported)."""
    good = as_bundle(sound)
    extra_entry = zipped([(ENTRY, json.dumps(sound).encode()), ("evil.txt", b"x")])
    with pytest.warns(UserWarning):  # zipfile warns about a duplicate name, and writes it
        twice = zipped([(ENTRY, json.dumps(sound).encode()), (ENTRY, json.dumps(sound).encode())])
    n_areas_members = len(frame(sound, 0, "assignments")["data"])

    def cycle(doc: Document) -> None:
        scenarios = doc["book"]["scenarios"]
        scenarios[0]["parent"] = scenarios[1]["name"]  # and the second names the first

    def unknown_branch(doc: Document) -> None:
        doc["book"]["scenarios"][1]["edits"] = [["00001", "汽三/team:NOPE"]]

    def tamper_violations(doc: Document) -> None:
        """Drop the rules the plan breaks or, when it breaks none, claim one it does not."""
        for i in (0, 1):
            part = frame(doc, i, "violations")
            if part["data"]:
                part["data"] = []
            else:
                part["data"] = [fake_violation(doc, part, "size_cap")]

    def unknown_rule(doc: Document) -> None:
        part = frame(doc, 0, "violations")
        part["data"] = [fake_violation(doc, part, "no_such_rule")]

    def kpi_members(doc: Document) -> None:
        doc["book"]["scenarios"][0]["plan"]["kpis"]["members"] = 5

    corpus: dict[str, tuple[bytes, set[str]]] = {
        "random bytes": (bytes(range(256)) * 8, {"bundle_not_bundle"}),
        "empty": (b"", {"bundle_not_bundle"}),
        "truncated zip": (good[: len(good) // 2], {"bundle_not_bundle"}),
        "json list": (b"[1, 2, 3]", {"bundle_not_bundle"}),
        "json NaN": (
            json.dumps(sound).replace('"version": 1', '"version": NaN').encode(),
            {"bundle_not_bundle"},
        ),
        "utf-16": (json.dumps(sound).encode("utf-16"), {"bundle_not_bundle"}),
        "nested 600 deep": (as_bundle({**sound, "extra": nested(600)}), {"bundle_too_deep"}),
        "nested 200000 deep": (b'{"a":' * 200_000 + b"1" + b"}" * 200_000, {"bundle_too_deep"}),
        "nested 200000 deep, zipped": (
            zipped([(ENTRY, b"[" * 200_000 + b"]" * 200_000)]),
            {"bundle_not_bundle", "bundle_too_large", "bundle_too_deep"},
        ),
        "extra zip entry": (extra_entry, {"bundle_entries"}),
        "duplicate zip entry": (twice, {"bundle_entries"}),
        "lying zip sizes": (lying_sizes(good), {"bundle_not_bundle", "bundle_too_large"}),
        "zip bomb": (bomb(), {"bundle_too_large"}),
        "covers 10 members": (keep_rows(sound, "assignments", 10), {"bundle_coverage"}),
        "negative branch size": (set_cell(sound, "branches", "size", -5), {"bundle_counts"}),
        "unknown status": (set_cell(sound, "areas", "status", "brilliant"), {"bundle_code"}),
        "unknown kind": (set_cell(sound, "branches", "kind", "secret"), {"bundle_code"}),
        "unknown reason": (set_cell(sound, "assignments", "reason", "bribed"), {"bundle_code"}),
        "unknown rule": (as_bundle(edited(sound, unknown_rule)), {"bundle_code"}),
        "group_max_size 0": (set_setting(sound, "rules.group_max_size", 0), {"bundle_setting"}),
        "workers 100000": (set_setting(sound, "solver.workers", 100_000, in_plan=False), {"bundle_setting"}),
        "threads 4096": (set_setting(sound, "solver.threads", 4096), {"bundle_setting"}),
        "gap -1": (set_setting(sound, "solver.gap", -1), {"bundle_setting"}),
        "time_limit 1e300": (set_setting(sound, "solver.time_limit", 1e300), {"bundle_setting"}),
        "unknown preset": (set_setting(sound, "preset", "<script>"), {"bundle_code"}),
        "unknown area": (set_setting(sound, "areas", ["无此居民区"]), {"bundle_areas"}),
        "group leader not in the roster": (set_cell(sound, "groups", "leader", "99999"), {"bundle_staff"}),
        "secretary from elsewhere": (set_cell(sound, "branches", "secretary", "99999"), {"bundle_staff"}),
        "edits naming an unknown branch": (
            as_bundle(edited(sound, unknown_branch)),
            {"bundle_unknown_branch"},
        ),
        "cyclic parents": (as_bundle(edited(sound, cycle)), {"bundle_parent_cycle"}),
        "rules broken, tampered": (as_bundle(edited(sound, tamper_violations)), {"bundle_recheck"}),
        "kpis say 5 members": (as_bundle(edited(sound, kpi_members)), {"bundle_kpis"}),
    }
    assert n_areas_members > 10
    return {
        name: (data if isinstance(data, bytes) else as_bundle(data), codes)
        for name, (data, codes) in corpus.items()
    }


def test_every_hostile_bundle_ends_in_the_products_own_error(roster: Roster, sound: Document) -> None:
    for name, (data, codes) in hostile(sound).items():
        if not data:
            continue
        start = time.perf_counter()
        with pytest.raises(BundleError) as refused:
            load_bundle(data, roster, "en")
        seconds = time.perf_counter() - start
        found = {issue.code for issue in refused.value.issues}
        assert found & codes, (name, found)
        assert seconds < 30, (name, seconds)  # generous: a door that hangs would not return at all
        table = bundle_issues_frame(refused.value.issues, "zh")
        assert list(table.columns) == list(ISSUE_COLUMNS) and table["problem"].str.len().gt(0).all()


def test_the_sound_bundle_itself_is_accepted(roster: Roster, sound: Document, book: ScenarioBook) -> None:
    loaded = load_bundle(as_bundle(sound), roster, "en")
    assert loaded.book.names == book.names


# --- the property -----------------------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out.extend(_paths(child, (*prefix, i)))
    return out


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.format(record)  # fills exc_text
        self.records.append(record)


RETYPED: tuple[Any, ...] = (
    None,
    "x",
    "",
    0,
    -1,
    1.5,
    1e300,
    True,
    [],
    {},
    {"__tuple__": [1]},
    {"__float__": "nan"},
)


def _mutate(document: Document, path: tuple[Any, ...], how: str, other: Any, depth: int) -> Document:
    changed = copy.deepcopy(document)
    parent: Any = changed
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    value = parent[key]
    if how == "drop":
        del parent[key]
    elif how == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(value))
        else:
            parent[key] = [value, copy.deepcopy(value)]
    elif how == "negate":
        if isinstance(value, bool):
            parent[key] = not value
        elif isinstance(value, int | float):
            parent[key] = -value if value else -1
        elif isinstance(value, str):
            parent[key] = "-" + value
        else:
            parent[key] = None
    elif how == "retype":
        parent[key] = other
    else:  # nest
        for _ in range(depth):
            value = [value]
        parent[key] = value
    return changed


def _assert_sound(plan: Plan, roster: Roster) -> None:
    """What the bundle stored agrees with the rule check, the recount and the KPIs done afresh."""
    scope = plan.areas["area"].tolist()
    members = roster.members[roster.members["area"].isin(scope)]
    assert sorted(plan.assignments["member_id"]) == sorted(members["member_id"])
    layout = Layout(plan.assignments, plan.branches[list(LAYOUT_BRANCH_COLUMNS)])
    found = pd.concat(
        [
            *(precheck_area(roster, plan.settings, a) for a in scope),
            check_layout(roster, layout, plan.settings),
        ],
        ignore_index=True,
    )
    keys = ["area", "rule", "branch_id", "subject", "detail"]
    assert sorted(map(tuple, found[keys].astype(str).to_numpy().tolist())) == sorted(
        map(tuple, plan.violations[keys].astype(str).to_numpy().tolist())
    )
    counts = ["branch_id", "size", "full_members", "candidates", "attached", "mobility"]
    again, _, _ = staff_branches(roster, layout, plan.settings)
    assert again[counts].sort_values("branch_id").to_numpy().tolist() == (
        plan.branches[counts].sort_values("branch_id").to_numpy().tolist()
    )
    assert plan_kpis(roster, plan.assignments, plan.branches, plan.groups, plan.violations) == plan.kpis


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_mutated_bundle_is_accepted_with_a_plan_the_checks_disagree_with(
    data: st.DataObject, roster: Roster, sound: Document
) -> None:
    paths = _paths(sound)
    # half the time a part outside the frames' rows (settings, kpis, names, columns...)
    structural = [p for p in paths if "data" not in p]
    path = data.draw(st.sampled_from(structural) | st.sampled_from(paths), label="path")
    how = data.draw(st.sampled_from(("drop", "duplicate", "negate", "retype", "nest")), label="how")
    other = data.draw(st.sampled_from(RETYPED), label="other")
    depth = data.draw(st.sampled_from((1, 3, 600)), label="depth")
    mutated = _mutate(sound, path, how, other, depth)
    unexpected = _Records()
    logging.getLogger("workbench.bundle").addHandler(unexpected)
    try:
        loaded = load_bundle(as_bundle(mutated), roster, "en")
    except BundleError as refused:
        assert refused.issues
        # refused by a check, not by the safety net that turns a crash into a refusal
        assert unexpected.records == [], unexpected.records[0].exc_text
        return
    finally:
        logging.getLogger("workbench.bundle").removeHandler(unexpected)
    for scenario in loaded.book:
        _assert_sound(scenario.plan, roster)


def test_a_settings_change_the_plan_was_not_made_with_is_refused(roster: Roster, book: ScenarioBook) -> None:
    # a tighter cap in the plan's settings: the stored rules broken no longer match
    scenario = book.get("基准")
    rules = replace(scenario.plan.settings.rules, max_branch_size=10)
    plan = replace(scenario.plan, settings=replace(scenario.plan.settings, rules=rules))
    tampered = ScenarioBook().add(replace(scenario, plan=plan))
    with pytest.raises(BundleError) as refused:
        load_bundle(bundle_bytes(roster.fingerprint, tampered), roster, "en")
    assert "bundle_recheck" in {i.code for i in refused.value.issues}
