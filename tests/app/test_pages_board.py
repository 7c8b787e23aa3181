"""AppTest of issue 8's page changes and issue 10's plain user text: the short settings form, the
plan's quality in words, the Tweak board and pairs, comparing with today's branches, the data
problem table, language-bound select boxes, Markdown in user text."""

# The sample plan's fixtures are shared with test_workshop_pages (imported below), so test
# parameters carry the fixtures' names by design.
# ruff: noqa: F811

from __future__ import annotations

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from planner.i18n import t
from planner.plan import Plan
from planner.quality import plan_quality
from planner.scenario import Scenario
from tests.app.helpers import BROKEN_UPLOAD, make_app
from tests.app.test_workshop_pages import (  # noqa: F401 -- fixtures and helpers shared with that suite
    AREAS,
    LANGS,
    app_with_sample,
    book_of,
    clean,
    open_page,
    runner,
    sample,
    sample_plan,
    texts,
    with_book,
)
from ui.lang import BOUND_KEY, refresh_bound
from ui.scenarios import DRAFTS_KEY

#: the area of the sample plan that is not a single branch
SPLIT_AREA = "红一"


def in_expander(at: AppTest, label: str) -> object:
    (found,) = [e for e in at.expander if e.label == label]
    return found


def dataframe_headers(block: object) -> set[str]:
    return {str(c) for df in block.dataframe for c in df.value.columns}  # type: ignore[attr-defined]


# --- Plan ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_shows_the_few_inputs_a_workshop_changes_and_the_rest_under_all_rules(lang: str) -> None:
    at = app_with_sample(lang)
    open_page(at, "plan")
    clean(at)
    everything = in_expander(at, t("pages.plan.all_rules", lang))
    inside = {w.key for w in everything.number_input} | {w.key for w in everything.selectbox}  # type: ignore[attr-defined]
    inside |= {w.key for w in everything.slider} | {w.key for w in everything.checkbox}  # type: ignore[attr-defined]
    # on the face: preset, size cap, mobility placement, areas
    assert at.selectbox(key="plan.set.preset").value == "follow_teams"
    assert at.number_input(key="plan.set.rules.max_branch_size").value == 50
    assert at.selectbox(key="plan.set.rules.mobility_placement").value == "with_team"
    assert at.multiselect(key="plan.set.areas").value == []
    for key in ("plan.set.preset", "plan.set.rules.max_branch_size", "plan.set.rules.mobility_placement"):
        assert key not in inside
    # under "all rules": the other rules and the weights
    for key in (
        "plan.set.rules.min_full_members",
        "plan.set.rules.joint_type_rule",
        "plan.set.weights.balance",
    ):
        assert key in inside


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_says_how_good_the_plan_is_and_keeps_solver_numbers_aside(
    lang: str, sample_plan: Plan
) -> None:
    at = app_with_sample(lang)
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "plan")
    clean(at)
    assert plan_quality(sample_plan.areas, lang) in texts(at.info)
    solver = in_expander(at, t("pages.plan.about_solver", lang))
    numbers = {t(f"workshop.col.{c}", lang) for c in ("objective", "bound", "greedy_objective")}
    assert numbers <= dataframe_headers(solver)
    outside = {str(c) for df in at.dataframe for c in df.value.columns} - dataframe_headers(solver)
    assert not numbers & outside
    # the branch table's name column is the branch's, the area table's status is the solve's
    headers = {str(c) for df in at.dataframe for c in df.value.columns}
    assert t("pages.col.branch_name", lang) in headers
    assert t("workshop.col.name", lang) not in headers
    assert t("workshop.col.status", lang) not in headers


def test_a_language_switch_hands_bound_select_boxes_back_to_the_browser() -> None:
    state = {BOUND_KEY: frozenset({"a", "b"}), "a": "any", "c": "x"}
    seen: list[str] = []

    class Recorder(dict):  # type: ignore[type-arg]
        def __setitem__(self, key: str, value: object) -> None:
            seen.append(key)
            super().__setitem__(key, value)

    recorded = Recorder(state)
    refresh_bound(recorded)
    assert seen == ["a"] and recorded["a"] == "any"  # only bound keys held, values kept


def test_switching_language_keeps_the_plan_form_choices() -> None:
    at = app_with_sample("en")
    open_page(at, "plan")
    at.selectbox(key="plan.set.rules.mobility_placement").set_value("spread").run()
    at.selectbox(key="plan.set.preset").set_value("balanced_sizes").run()
    at.sidebar.segmented_control[0].set_value("zh").run()
    clean(at)
    assert at.selectbox(key="plan.set.rules.mobility_placement").value == "spread"
    assert at.selectbox(key="plan.set.preset").value == "balanced_sizes"
    assert at.selectbox(key="plan.set.preset").format_func("balanced_sizes") == t(
        "uiw.preset.balanced_sizes", "zh"
    )


# --- Tweak -----------------------------------------------------------------------------------------------


def tweak_at(sample_plan: Plan, lang: str = "en") -> AppTest:
    at = app_with_sample(lang)
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "tweak")
    at.selectbox(key="tweak.area").set_value(SPLIT_AREA).run()
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_the_board_shows_every_branch_and_a_move_from_a_card(lang: str, sample_plan: Plan) -> None:
    at = tweak_at(sample_plan, lang)
    clean(at)
    branches = sample_plan.branches[sample_plan.branches["area"] == SPLIT_AREA]
    assert t("pages.board.title", lang, count=len(branches)) in " ".join(texts(at.markdown))
    first, second = branches["branch_id"].tolist()[:2]
    member = sample_plan.assignments.loc[sample_plan.assignments["branch_id"] == first, "member_id"].iloc[0]
    generation = at.session_state.get("tweak.generation", 0)
    key = f"tweak.card.{generation}.{first}"
    target = branches.set_index("branch_id").at[second, "name"]
    at.selectbox(key=f"{key}.member").set_value(member).run()
    at.selectbox(key=f"{key}.target").set_value(target).run()
    at.button(key=f"{key}.go").click().run()
    clean(at)
    (move,) = at.session_state[DRAFTS_KEY]["A"].history.moves
    assert (move.member_id, move.to_branch_id) == (member, second)
    shown = " ".join(texts(at.markdown))
    size = int(branches.set_index("branch_id").at[second, "size"]) + 1
    change = "（+1）" if lang == "zh" else " (+1)"
    assert f"{size}" in shown and change in shown


def test_pairs_are_checked_at_once_and_kept_in_the_draft(sample_plan: Plan) -> None:
    at = tweak_at(sample_plan)
    a = sample_plan.assignments
    first = a.loc[a["area"] == SPLIT_AREA, "branch_id"].iloc[0]
    x, y = a.loc[a["branch_id"] == first, "member_id"].tolist()[:2]
    at.radio(key="tweak.pair_kind").set_value("members_apart").run()
    at.multiselect(key="tweak.pair_pick.members_apart").set_value([x, y]).run()
    at.button(key="tweak.pair_add").click().run()
    clean(at)
    draft = at.session_state[DRAFTS_KEY]["A"]
    assert draft.pairs.members_apart == ((x, y),)
    assert draft.dirty
    # the checker reports the pair broken (both sit in one branch) as a new rule broken
    assert t("rule.members_apart.title", "en") in " ".join(df.value.to_csv() for df in at.dataframe)
    # the opposite kind replaces it
    at.radio(key="tweak.pair_kind").set_value("members_together").run()
    at.multiselect(key="tweak.pair_pick.members_together").set_value([y, x]).run()
    at.button(key="tweak.pair_add").click().run()
    draft = at.session_state[DRAFTS_KEY]["A"]
    assert draft.pairs.members_apart == () and draft.pairs.members_together == ((y, x),)
    at.button(key="tweak.pair_rm.0").click().run()
    assert not at.session_state[DRAFTS_KEY]["A"].dirty


def test_the_area_is_remembered_and_the_pin_message_says_what_happened(sample_plan: Plan) -> None:
    at = tweak_at(sample_plan)
    open_page(at, "statistics")
    open_page(at, "tweak")
    assert at.selectbox(key="tweak.area").value == SPLIT_AREA
    at.button(key="tweak.pin_m").click().run()  # nothing chosen in a split area
    assert t("pages.tweak.pin_pick_first", "en") in texts(at.info)
    assert t("uiw.tweak.pin_not_needed", "en") not in texts(at.info)


def test_save_as_new_clears_the_old_replan_banner(sample_plan: Plan) -> None:
    at = tweak_at(sample_plan)
    members = sample_plan.assignments.loc[sample_plan.assignments["area"] == SPLIT_AREA, "member_id"].tolist()
    at.multiselect(key="tweak.pick").set_value(members[:1])
    at.selectbox(key="tweak.target").set_value(t("uiw.tweak.new_comprehensive", "en"))
    at.button(key="tweak.move").click().run()
    at.button(key="tweak.replan").click().run()
    clean(at)
    kept_prefix = t("uiw.job.kept", "en", name="X", seconds="Y").split("Y")[0][:10]
    assert any(s.startswith(kept_prefix) for s in texts(at.success))
    # a hand edit of the re-planned scenario, saved as new: only the "saved" banner remains
    at.multiselect(key="tweak.pick").set_value(members[1:2])
    at.selectbox(key="tweak.target").set_value(t("uiw.tweak.new_comprehensive", "en"))
    at.button(key="tweak.move").click().run()
    at.button(key="tweak.save").click().run()
    clean(at)
    assert not any(s.startswith(kept_prefix) for s in texts(at.success))
    assert any(s.startswith(t("uiw.tweak.saved", "en", name="Z")[:8]) for s in texts(at.success))


# --- Compare ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_one_scenario_compares_with_todays_branches(lang: str, sample_plan: Plan) -> None:
    at = app_with_sample(lang)
    with_book(at, Scenario("A", sample_plan.settings, sample_plan))
    open_page(at, "compare")
    clean(at)
    assert at.selectbox(key="compare.now.area").value in AREAS
    at.selectbox(key="compare.now.area").set_value(SPLIT_AREA).run()
    charts = at.get("image")  # today's org chart beside the scenario's (planner.orgchart SVGs)
    assert len(charts) == 2 and all("svg" in str(c.proto) for c in charts)
    branches = sample_plan.branches[sample_plan.branches["area"] == SPLIT_AREA]
    table = next(df.value for df in at.dataframe if t("pages.compare.col.from", lang) in df.value.columns)
    assert len(table) == len(branches)
    assert all("红一党支部" in text for text in table[t("pages.compare.col.from", lang)])


def test_compare_shows_settings_and_presets_in_words(sample_plan: Plan) -> None:
    other = replace(sample_plan.settings, preset="fewest_changes")
    at = app_with_sample("en")
    with_book(at, Scenario("A", sample_plan.settings, sample_plan), Scenario("B", other, sample_plan))
    open_page(at, "compare")
    clean(at)
    settings = next(df.value for df in at.dataframe if t("uiw.compare.col.setting", "en") in df.value.columns)
    assert set(settings["B"]) == {t("uiw.preset.fewest_changes", "en")}
    metrics = next(
        df.value
        for df in at.dataframe
        if t("uiw.compare.col.metric", "en") in df.value.columns
        and "A" in df.value.columns
        and len(df.value) > 3
    )
    assert t("workshop.metric.objective", "en") not in set(metrics[t("uiw.compare.col.metric", "en")])
    assert t("pages.col.quality", "en") in set(metrics[t("uiw.compare.col.metric", "en")])


# --- Data ------------------------------------------------------------------------------------------------


def test_the_problem_table_shows_no_none(sample_plan: Plan) -> None:
    at = make_app(lang="en").run()
    open_page(at, "data")
    at.get("file_uploader")  # the uploader is there; the upload goes through the state helper
    from ui.state import load_files

    attempt = load_files([(n, b) for n, b, _ in BROKEN_UPLOAD], at.session_state)  # type: ignore[arg-type]
    assert not attempt.ok
    at.run()
    frame = at.dataframe[0].value
    assert "None" not in frame.to_csv(index=False)
    assert all(isinstance(v, str) for v in frame[t("ui.issues.col.row", "en")])


# --- user text as plain text -----------------------------------------------------------------------------

HOSTILE = "[phish](http://host/p)![i](http://host/i.png) **b** :red[x] $x^2$"


def test_a_hostile_scenario_name_is_escaped_wherever_markdown_renders(sample_plan: Plan) -> None:
    at = app_with_sample("en")
    parent = Scenario(HOSTILE, sample_plan.settings, sample_plan)
    child = Scenario("child", sample_plan.settings, sample_plan, parent=HOSTILE)
    with_book(at, parent, child)
    for page in ("plan", "tweak", "compare", "export"):
        open_page(at, page)
        clean(at)
        markdown = texts(at.markdown) + texts(at.caption) + texts(at.success) + texts(at.info)
        radios = [o for r in at.radio for o in r.options]
        for text in markdown + radios:
            assert "](http" not in text and "**b**" not in text and ":red[" not in text, text
    open_page(at, "export")
    (against,) = [r for r in at.radio if r.key == "export.against"]
    assert any("\\[phish\\]" in o for o in against.options)
