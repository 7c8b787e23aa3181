"""The Data page's bundle reopen door against the hostile corpus (issue 10, item 3): every file
ends in the product's own listed refusal, no traceback on the page, and the workshop (roster and
scenarios) is left exactly as it was."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from planner.bundle import ENTRY, bundle_bytes
from planner.i18n import t
from planner.reader import read_roster_paths
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook, books_equal
from planner.schema import Roster
from planner.settings import Settings, SolverOptions
from tests.app.helpers import assert_clean, make_app
from tests.test_bundle_hostile import hostile
from ui.jobs import SYNC_KEY
from ui.scenarios import current_book, fingerprint_of, handle_bundle_upload, store_book
from ui.state import SAMPLE_WORKBOOK, current_roster, load_sample

SETTINGS = Settings(areas=("汽四",), solver=SolverOptions(workers=1))


@pytest.fixture(scope="module")
def sample() -> Roster:
    return read_roster_paths([SAMPLE_WORKBOOK])


@pytest.fixture(scope="module")
def book(sample: Roster) -> ScenarioBook:
    plan = plan_community(sample, SETTINGS, lang="zh")
    return (
        ScenarioBook()
        .add(Scenario("基准", SETTINGS, plan))
        .add(Scenario("副本", SETTINGS, plan, parent="基准"))
    )


@pytest.fixture(scope="module")
def corpus(sample: Roster, book: ScenarioBook) -> dict[str, tuple[bytes, set[str]]]:
    with zipfile.ZipFile(io.BytesIO(bundle_bytes(fingerprint_of(sample), book))) as archive:
        sound: dict[str, Any] = json.loads(archive.read(ENTRY))
    return {name: item for name, item in hostile(sound).items() if item[0]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_hostile_bundle_is_refused_at_the_data_page_and_changes_nothing(
    lang: str, book: ScenarioBook, corpus: dict[str, tuple[bytes, set[str]]]
) -> None:
    at = make_app(lang=lang).run()
    at.session_state[SYNC_KEY] = True
    assert load_sample(at.session_state).ok  # type: ignore[arg-type]
    state: Any = at.session_state
    store_book(book, state)
    roster_before = fingerprint_of(current_roster(state))  # type: ignore[arg-type]
    at.switch_page("pages/page_data.py").run()
    for name, (data, codes) in corpus.items():
        outcome = handle_bundle_upload((f"{name}.bundle.zip", data), lang, state)
        assert outcome is not None and not outcome.ok and not outcome.unexpected, name
        assert {issue.code for issue in outcome.issues} & codes, name
        at.run()
        assert_clean(at)
        errors = [e.value for e in at.error]
        assert any(t("uiw.bundle.refused", lang, file="X", count=0).split("X")[0] in e for e in errors), name
        assert t("uiw.bundle.nothing_changed", lang) in [i.value for i in at.info], name
        assert not any("Traceback" in e or "Error:" in e for e in errors), name
        assert books_equal(current_book(state), book), name
        assert fingerprint_of(current_roster(state)) == roster_before, name  # type: ignore[arg-type]
