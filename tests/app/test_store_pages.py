"""AppTest of the workshop store in the app: autosave, resume after a reload, rename and delete,
another roster or a bundle never replacing work without asking, autosave off, sharing and the
participants' read-only view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.bundle import bundle_bytes
from planner.edits import EditHistory, Move, new_comprehensive_id
from planner.i18n import t
from planner.plan import Plan
from planner.reader import read_roster_uploads
from planner.runner import plan_community
from planner.scenario import Scenario, ScenarioBook, books_equal
from planner.schema import Roster
from planner.settings import Settings, SolverOptions
from planner.store import FILE_NAME, WorkshopStore
from tests.app.helpers import GOOD_UPLOAD, assert_clean, make_app, sidebar_text
from ui.scenarios import BOOK_KEY, DRAFTS_KEY, Draft, restore_bundle, save_draft, store_book
from ui.state import ROSTER_KEY, load_files, load_sample
from ui.workshop_store import PREVIOUS_KEY, WORKSHOP_KEY

SETTINGS = Settings(solver=SolverOptions(workers=1, time_limit=10.0))
UPLOAD = [(name, data) for name, data, _ in GOOD_UPLOAD]
PAGES = {"home": "pages/page_home.py", "data": "pages/page_data.py", "join": "pages/page_join.py"}


@pytest.fixture(scope="module")
def roster() -> Roster:
    return read_roster_uploads(UPLOAD)


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="en")


def texts(elements: object) -> list[str]:
    return [e.value for e in elements]  # type: ignore[attr-defined]


def session_with_work(plan: Plan, lang: str = "en") -> AppTest:
    """A facilitator's session: the small roster, two scenarios (one made from the other) and an
    unsaved Tweak move on the second."""
    at = make_app(lang=lang).run()
    assert load_files(UPLOAD, at.session_state).ok  # type: ignore[arg-type]
    book = (
        ScenarioBook()
        .add(Scenario("Base", SETTINGS, plan))
        .add(Scenario("Edited", SETTINGS, plan, parent="Base"))
    )
    store_book(book, at.session_state)  # type: ignore[arg-type]
    member = str(plan.assignments.loc[plan.assignments["area"] == "汽三", "member_id"].iloc[0])
    move = Move(member, new_comprehensive_id(plan.layout, "汽三"))
    edited = book.get("Edited")
    save_draft(Draft("Edited", edited.created, EditHistory().push(move)), at.session_state)  # type: ignore[arg-type]
    return at


def book_of(at: AppTest) -> ScenarioBook:
    return at.session_state[BOOK_KEY].book


def test_autosave_then_resume_in_a_fresh_session(plan: Plan, private_store: Path) -> None:
    first = session_with_work(plan)
    workshop_id = first.session_state[WORKSHOP_KEY]
    store = WorkshopStore(private_store)
    (info,) = store.list_workshops()
    assert info.workshop_id == workshop_id and info.scenarios == 2
    first.run()
    assert t("store.sidebar.saved", "en", time="X", version=2).split("X")[0] in sidebar_text(first)

    # a reload: a new session, nothing in it; Home lists the workshop
    fresh = make_app(lang="en").run()
    assert_clean(fresh)
    assert t("store.resume.title", "en") in texts(fresh.subheader)
    fresh.button(key=f"home.continue.{workshop_id}").click().run()
    assert_clean(fresh)
    assert fresh.session_state[ROSTER_KEY].roster.fingerprint == plan.fingerprint
    assert books_equal(book_of(fresh), book_of(first))
    assert book_of(fresh).get("Edited").parent == "Base"
    drafts = fresh.session_state[DRAFTS_KEY]
    assert drafts["Edited"].history.moves == first.session_state[DRAFTS_KEY]["Edited"].history.moves
    assert t("store.resume.continued", "en") in texts(fresh.success)


def test_rename_and_delete_from_the_data_page(plan: Plan, private_store: Path) -> None:
    session_with_work(plan)
    at = make_app(lang="en").run()
    at.switch_page(PAGES["data"]).run()
    (info,) = WorkshopStore(private_store).list_workshops()
    at.text_input(key=f"data.rename_text.{info.workshop_id}").input("Qi-3 workshop").run()
    at.button(key=f"data.rename.{info.workshop_id}").click().run()
    assert WorkshopStore(private_store).info(info.workshop_id).name == "Qi-3 workshop"
    at.button(key=f"data.delete.{info.workshop_id}").click().run()
    assert_clean(at)
    assert WorkshopStore(private_store).list_workshops() == []
    assert t("store.resume.deleted", "en") in texts(at.success)
    on_disk = b"".join(p.read_bytes() for p in private_store.iterdir() if p.name.startswith(FILE_NAME))
    assert "张三".encode() not in on_disk and b"Qi-3 workshop" not in on_disk


def test_another_roster_keeps_the_workshop_and_offers_the_way_back(plan: Plan, private_store: Path) -> None:
    at = session_with_work(plan)
    before = book_of(at)
    assert load_sample(at.session_state).ok  # type: ignore[arg-type]
    at.switch_page(PAGES["data"]).run()
    assert_clean(at)
    assert t("store.notice.new_roster", "en", count=2) in texts(at.info)
    assert len(WorkshopStore(private_store).list_workshops()) == 1  # still saved
    assert BOOK_KEY not in at.session_state or not len(book_of(at))
    at.button(key="data.go_back").click().run()
    assert_clean(at)
    assert at.session_state[ROSTER_KEY].roster.fingerprint == plan.fingerprint
    assert books_equal(book_of(at), before)
    assert "Edited" in at.session_state[DRAFTS_KEY]


def test_a_bundle_asks_then_adds_its_scenarios(plan: Plan, roster: Roster) -> None:
    at = session_with_work(plan)
    data = bundle_bytes(roster.fingerprint, ScenarioBook().add(Scenario("Base", SETTINGS, plan)))
    outcome = restore_bundle("other.bundle.zip", data, "en", at.session_state)  # type: ignore[arg-type]
    assert outcome.pending
    assert book_of(at).names == ["Base", "Edited"]  # nothing replaced yet
    at.switch_page(PAGES["data"]).run()
    assert_clean(at)
    assert any("other" in w for w in texts(at.warning))
    at.button(key="store.bundle.add").click().run()
    assert_clean(at)
    assert book_of(at).names == ["Base", "Edited", "Base (2)"]


def test_a_bundle_opened_as_new_keeps_the_old_workshop(
    plan: Plan, roster: Roster, private_store: Path
) -> None:
    at = session_with_work(plan)
    first_id = at.session_state[WORKSHOP_KEY]
    data = bundle_bytes(roster.fingerprint, ScenarioBook().add(Scenario("From file", SETTINGS, plan)))
    restore_bundle("other.bundle.zip", data, "en", at.session_state)  # type: ignore[arg-type]
    at.switch_page(PAGES["data"]).run()
    at.button(key="store.bundle.new").click().run()
    assert_clean(at)
    assert book_of(at).names == ["From file"]
    assert at.session_state[WORKSHOP_KEY] != first_id
    assert at.session_state[PREVIOUS_KEY].workshop_id == first_id
    assert sorted(w.scenarios for w in WorkshopStore(private_store).list_workshops()) == [1, 2]
    assert t("store.notice.new_bundle", "en", count=2) in texts(at.info)


def test_with_autosave_off_nothing_is_written_and_the_sidebar_says_so(
    plan: Plan, private_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_AUTOSAVE", "0")
    at = session_with_work(plan)
    at.run()
    assert not private_store.exists()
    assert t("store.sidebar.autosave_off", "en") in texts(at.sidebar.warning)
    assert t("store.privacy.memory", "en") in texts(at.sidebar.caption)


def test_privacy_texts_say_where_the_data_is(plan: Plan, private_store: Path) -> None:
    at = make_app(lang="zh").run()
    path = str(private_store / FILE_NAME)
    captions = " ".join(texts(at.caption))
    assert "python -m planner workshops delete" in captions
    assert path.replace("-", "\\-").replace(".", "\\.").replace("_", "\\_") in captions or path in captions


def test_a_participant_joins_with_the_code_and_sees_new_scenarios(
    plan: Plan, roster: Roster, private_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facilitator = session_with_work(plan)
    workshop_id = facilitator.session_state[WORKSHOP_KEY]
    facilitator.switch_page(PAGES["join"]).run()
    facilitator.button(key="store.share.start").click().run()
    assert_clean(facilitator)
    code = WorkshopStore(private_store).info(workshop_id).join_code
    assert code is not None and code in [m.value for m in facilitator.metric]

    monkeypatch.setenv("WORKBENCH_FACILITATOR_ADDRESSES", "203.0.113.9")  # this machine is not one
    guest = make_app(lang="en").run()
    assert_clean(guest)
    assert texts(guest.title) == [t("store.join.title", "en")]
    assert t("store.resume.title", "en") not in texts(guest.subheader)  # never the list
    guest.text_input(key="join.code").input("WRONGCODE")
    guest.button[0].click().run()
    assert t("store.join.wrong", "en") in texts(guest.error)
    guest.text_input(key="join.code").input(code.lower())
    guest.button[0].click().run()
    assert_clean(guest)
    assert "Base" in " ".join(texts(guest.text)) and "Edited" in " ".join(texts(guest.text))
    assert len(guest.get("image")) == 1  # the org chart (planner.orgchart SVG)
    assert not [b for b in guest.button if b.key and b.key.startswith(("home.", "data.", "store.share"))]

    # the facilitator plans again (in this one process, the setting is the facilitator's again
    # meanwhile, as if on another server): the participant's view picks it up on its next poll
    monkeypatch.delenv("WORKBENCH_FACILITATOR_ADDRESSES")
    store_book(book_of(facilitator).add(Scenario("Third", SETTINGS, plan)), facilitator.session_state)  # type: ignore[arg-type]
    monkeypatch.setenv("WORKBENCH_FACILITATOR_ADDRESSES", "203.0.113.9")
    guest.run()
    assert "Third" in " ".join(texts(guest.text))

    # sharing stops: the view says so
    WorkshopStore(private_store).unshare(workshop_id)
    guest.run()
    assert t("store.view.ended", "en") in texts(guest.warning) or t("store.join.title", "en") in texts(
        guest.title
    )


def test_wrong_codes_are_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_FACILITATOR_ADDRESSES", "203.0.113.9")
    guest = make_app(lang="en").run()
    for _ in range(5):
        guest.text_input(key="join.code").input("ABCDEFGH")
        guest.button[0].click().run()
        assert t("store.join.wrong", "en") in texts(guest.error)
    guest.text_input(key="join.code").input("ABCDEFGJ")
    guest.button[0].click().run()
    assert any(e.startswith("Too many wrong codes") for e in texts(guest.error))


def test_the_store_folder_is_the_test_folder(private_store: Path) -> None:
    # every app test writes under its own temporary folder, never the user's data folder
    assert os.environ["WORKBENCH_DATA_DIR"] == str(private_store)
