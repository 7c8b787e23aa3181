"""The scenario bundle: lossless round trip, and refusal of anything else with every problem listed."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from dataclasses import replace
from typing import Any

import pytest

from planner.bundle import (
    ENTRY,
    FORMAT,
    VERSION,
    BundleError,
    bundle_bytes,
    bundle_issues_frame,
    issue_text,
    load_bundle,
    read_bundle,
)
from planner.config import InputLimits
from planner.plan import Plan
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook, books_equal
from planner.schema import ISSUE_COLUMNS, Roster
from planner.settings import MemberPin, TeamMode, TeamPin
from tests.plan_fixtures import FAST_SETTINGS as SETTINGS
from tests.plan_fixtures import one_move_edit, qi3_roster, ruili_roster


@pytest.fixture(scope="module")
def roster() -> Roster:
    return qi3_roster()


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="zh")


@pytest.fixture(scope="module")
def book(roster: Roster, plan: Plan) -> ScenarioBook:
    moves, edited = one_move_edit(roster, plan, SETTINGS, "en")
    member = moves[0].member_id
    pinned = replace(
        SETTINGS,
        constraints=replace(
            SETTINGS.constraints,
            member_pins=(MemberPin(member, None),),
            team_pins=(TeamPin("汽三", "Q1", TeamMode.OWN),),
            members_together=(("00001", "00002"),),
        ),
    )
    return (
        ScenarioBook()
        .add(Scenario("基准 =1+1", SETTINGS, plan))
        .add(Scenario("调整", pinned, edited, parent="基准 =1+1", edits=moves))
        .remove("基准 =1+1")
        .add(Scenario("基准 =1+1", SETTINGS, plan))
    )


def _document(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        loaded: dict[str, Any] = json.loads(archive.read(ENTRY))
        return loaded


def _zip(document: Any, name: str = ENTRY) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, json.dumps(document, ensure_ascii=False))
    return buffer.getvalue()


def _codes(error: BundleError) -> list[str]:
    return [issue.code for issue in error.issues]


def test_round_trip_restores_equal_scenarios(roster: Roster, book: ScenarioBook) -> None:
    data = bundle_bytes(roster.fingerprint, book, extra={"selected": ("调整",), "lang": "zh"})
    loaded = load_bundle(data, roster, "zh")
    assert books_equal(loaded.book, book)
    assert loaded.book.names == ["调整", "基准 =1+1"]
    assert loaded.book.next_created == book.next_created == 4
    restored = loaded.book.get("调整")
    assert restored.edits == book.get("调整").edits and isinstance(restored.edits, tuple)
    assert restored.settings == book.get("调整").settings
    assert restored.settings.constraints.team_pins[0].mode is TeamMode.OWN
    assert isinstance(restored.plan.branches["committee"].iloc[0], tuple)
    assert loaded.extra == {"selected": ("调整",), "lang": "zh"}
    assert loaded.fingerprint == roster.fingerprint
    assert books_equal(read_bundle(data, roster, "en"), book)


def test_bundle_is_a_zip_with_versioned_json(roster: Roster, book: ScenarioBook) -> None:
    data = bundle_bytes(roster.fingerprint, book)
    document = _document(data)
    assert document["format"] == FORMAT and document["version"] == VERSION
    assert document["fingerprint"] == roster.fingerprint
    frame = document["book"]["scenarios"][0]["plan"]["frames"]["assignments"]
    assert frame["columns"][:3] == ["member_id", "area", "branch_id"]
    assert len(frame["data"]) == len(roster.members)
    # the plain JSON document is accepted too
    assert books_equal(read_bundle(json.dumps(document).encode(), roster), book)


def test_another_roster_is_refused_with_a_clear_message(book: ScenarioBook, roster: Roster) -> None:
    data = bundle_bytes(roster.fingerprint, book)
    other = ruili_roster()
    with pytest.raises(BundleError) as error:
        read_bundle(data, other, "en")
    assert "bundle_fingerprint" in _codes(error.value)
    assert "bundle_unknown_members" in _codes(error.value)  # and it says why
    table = bundle_issues_frame(error.value.issues, "en")
    assert list(table.columns) == list(ISSUE_COLUMNS)
    message = table.set_index(table.index)["problem"].iloc[_codes(error.value).index("bundle_fingerprint")]
    assert "another roster" in message and roster.fingerprint in message
    zh = bundle_issues_frame(error.value.issues, "zh")
    assert "另一份名册" in zh["problem"].iloc[_codes(error.value).index("bundle_fingerprint")]
    assert "another roster" in str(BundleError(error.value.issues, "en"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a bundle at all",
        b"PK\x03\x04 broken zip",
        pickle.dumps({"format": FORMAT}),
        b"{not json",
        json.dumps([1, 2, 3]).encode(),
        json.dumps({"format": "something-else", "version": 1}).encode(),
        b'{"format": "branch-workbench-bundle", "version": NaN}',
        ("[" * 100_000 + "]" * 100_000).encode(),
    ],
)
def test_not_a_bundle(roster: Roster, data: bytes) -> None:
    with pytest.raises(BundleError) as error:
        read_bundle(data, roster, "en")
    assert _codes(error.value) == ["bundle_not_bundle"]


def test_zip_without_the_document_or_with_a_pickle_is_refused(roster: Roster) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bundle.pkl", pickle.dumps({"format": FORMAT}))
    with pytest.raises(BundleError) as error:
        read_bundle(buffer.getvalue(), roster)
    assert _codes(error.value) == ["bundle_not_bundle"]


def test_wrong_version(roster: Roster, book: ScenarioBook) -> None:
    document = _document(bundle_bytes(roster.fingerprint, book))
    document["version"] = 99
    with pytest.raises(BundleError) as error:
        read_bundle(_zip(document), roster, "en")
    assert _codes(error.value) == ["bundle_version"]
    assert "99" in bundle_issues_frame(error.value.issues, "en")["problem"].iloc[0]


def test_too_large_and_zip_bombs_are_refused(roster: Roster, book: ScenarioBook) -> None:
    data = bundle_bytes(roster.fingerprint, book)
    with pytest.raises(BundleError) as error:
        load_bundle(data, roster, limits=InputLimits(max_upload_bytes=len(data) - 1))
    assert _codes(error.value) == ["bundle_too_large"]
    with pytest.raises(BundleError) as error:
        load_bundle(data, roster, limits=InputLimits(max_unzipped_bytes=1000))
    assert _codes(error.value) == ["bundle_too_large"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ENTRY, b"{" + b" " * 20_000_000 + b"}")
    with pytest.raises(BundleError) as error:
        read_bundle(bomb.getvalue(), roster)
    assert _codes(error.value) == ["bundle_too_large"]


def test_every_problem_is_listed_and_nothing_is_returned(roster: Roster, book: ScenarioBook) -> None:
    document = _document(bundle_bytes(roster.fingerprint, book))
    first, second = document["book"]["scenarios"]
    first["edits"].append(["ghost-1", "汽三/team:Q1"])  # a member not in the roster
    first["settings"]["constraints"]["team_pins"].append(
        {"area": "汽三", "team_id": "no-such-team", "mode": "own"}
    )
    second["plan"]["frames"]["branches"]["dtypes"][0] = "datetime64[ns]"  # a dtype never written
    second["parent"] = "missing parent"
    document["book"]["scenarios"].append(dict(first))  # a duplicate name
    with pytest.raises(BundleError) as error:
        read_bundle(_zip(document), roster, "en")
    codes = _codes(error.value)
    assert codes.count("bundle_duplicate_name") == 1
    assert "bundle_unknown_members" in codes
    assert "bundle_unknown_teams" in codes
    assert "bundle_malformed" in codes  # the branches frame
    assert "bundle_bad_parent" not in codes  # the scenario with the bad parent failed to parse...
    second["plan"]["frames"]["branches"]["dtypes"][0] = "str"
    document["book"]["scenarios"].pop()
    with pytest.raises(BundleError) as error:
        read_bundle(_zip(document), roster, "en")
    assert "bundle_bad_parent" in _codes(error.value)  # ...and is reported once it parses
    unknown = next(i for i in error.value.issues if i.code == "bundle_unknown_members")
    assert "ghost-1" in unknown.value
    table = bundle_issues_frame(error.value.issues, "zh")
    assert len(table) == len(error.value.issues) and table["problem"].str.len().min() > 0


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("book", "scenarios", 0, "settings", "rules", "max_branch_size"), "fifty"),
        (("book", "scenarios", 0, "settings", "rules", "no_such_rule"), 1),
        (("book", "scenarios", 0, "settings", "rules", "joint_type_rule"), "whatever"),
        (("book", "scenarios", 0, "edits"), [["only-one-part"]]),
        (("book", "scenarios", 0, "plan", "frames", "assignments", "data", 0), ["too", "short"]),
        (("book", "scenarios", 0, "plan", "frames", "assignments", "columns"), ["member_id"]),
        (("book", "scenarios", 0, "plan", "kpis"), [1, 2]),
        (("book", "scenarios", 0, "name"), ""),
        (("book", "scenarios", 0, "created"), 0),
        (("book", "next_created"), "3"),
        (("extra",), [1]),
    ],
)
def test_malformed_parts_are_reported(
    roster: Roster, book: ScenarioBook, path: tuple[Any, ...], value: Any
) -> None:
    document = _document(bundle_bytes(roster.fingerprint, book))
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(BundleError) as error:
        read_bundle(_zip(document), roster, "en")
    assert "bundle_malformed" in _codes(error.value)


def test_a_plan_row_naming_an_unknown_branch_is_refused(roster: Roster, book: ScenarioBook) -> None:
    document = _document(bundle_bytes(roster.fingerprint, book))
    frame = document["book"]["scenarios"][0]["plan"]["frames"]["assignments"]
    frame["data"][0][frame["columns"].index("branch_id")] = "汽三/nowhere"
    with pytest.raises(BundleError) as error:
        read_bundle(_zip(document), roster, "en")
    assert any(i.code == "bundle_misplaced" and i.column == "plan.assignments" for i in error.value.issues)


def test_contradicting_settings_are_refused_in_their_own_words(roster: Roster, plan: Plan) -> None:
    bad = replace(SETTINGS, rules=replace(SETTINGS.rules, joint_min_teams=5, joint_max_teams=3))
    book = ScenarioBook().add(Scenario("矛盾", bad, replace(plan, settings=bad)))
    with pytest.raises(BundleError) as caught:
        load_bundle(bundle_bytes(roster.fingerprint, book), roster, "en")
    found = [i for i in caught.value.issues if i.code == "bundle_settings_contradiction"]
    assert len(found) == 1
    problem, _ = issue_text(found[0], "en")
    assert "(5)" in problem and "(3)" in problem
    assert "5" in issue_text(found[0], "zh")[0]
