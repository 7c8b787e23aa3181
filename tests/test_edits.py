"""Hand edits: applying moves, undo/redo, the instant re-check, pins and re-planning."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from planner.edits import (
    MOVED_REASON,
    REPLAN_STABILITY,
    EditError,
    EditHistory,
    Move,
    apply_moves,
    new_comprehensive_id,
    pins_from_moves,
    recheck,
    replan_around,
    settings_with_pins,
)
from planner.plan import Layout, Plan
from planner.runner import plan_community
from planner.schema import Roster
from planner.settings import MemberPin, Settings, SolverOptions
from tests.plan_fixtures import leader_short_roster, make_layout, qi3_csv, roster_from_csv, ruili_csv

SETTINGS = Settings(solver=SolverOptions(time_limit=20.0, workers=1))


def _two_areas() -> Roster:
    (m1, t1), (m2, t2) = qi3_csv(), ruili_csv()
    skip = lambda text: "\n".join(text.splitlines()[1:])  # noqa: E731 - drop the second header
    return roster_from_csv(m1 + "\n" + skip(m2), t1 + "\n" + skip(t2))


@pytest.fixture(scope="module")
def roster() -> Roster:
    return _two_areas()


@pytest.fixture(scope="module")
def plan(roster: Roster) -> Plan:
    return plan_community(roster, SETTINGS, lang="en")


def _small_layout(roster: Roster) -> Layout:
    q = roster.members[roster.members["area"] == "汽三"]["member_id"].tolist()
    r = roster.members[roster.members["area"] == "瑞丽"]["member_id"].tolist()
    placement = {m: "汽三/team:Q1" if i % 2 else "汽三/team:Q2" for i, m in enumerate(q)}
    placement |= {m: "瑞丽/comprehensive" for m in r}
    branches = [
        ("汽三/team:Q1", "team", ("Q1",)),
        ("汽三/team:Q2", "team", ("Q2",)),
        ("瑞丽/comprehensive", "comprehensive", ()),
    ]
    return make_layout(roster, placement, branches)


def _branch_of(layout: Layout, member: str) -> str:
    return str(layout.assignments.set_index("member_id").at[member, "branch_id"])


# --- apply_moves -------------------------------------------------------------------------------------


def test_apply_moves_moves_only_the_member_and_is_pure(roster: Roster) -> None:
    layout = _small_layout(roster)
    before = layout.assignments.copy()
    member = "00001"  # in 汽三/team:Q2
    assert _branch_of(layout, member) == "汽三/team:Q2"
    after = apply_moves(layout, [Move(member, "汽三/team:Q1")])
    assert _branch_of(after, member) == "汽三/team:Q1"
    row = after.assignments.set_index("member_id").loc[member]
    assert row["group_id"] == "" and row["reason"] == MOVED_REASON
    others = after.assignments["member_id"] != member
    pd.testing.assert_frame_equal(after.assignments[others], before[before["member_id"] != member])
    pd.testing.assert_frame_equal(layout.assignments, before)  # input untouched
    assert list(after.assignments.columns) == list(before.columns)


def test_later_move_wins_and_moving_back_restores(roster: Roster) -> None:
    layout = _small_layout(roster)
    after = apply_moves(layout, [Move("00001", "汽三/team:Q1"), Move("00001", "汽三/team:Q2")])
    pd.testing.assert_frame_equal(after.assignments, layout.assignments)
    pd.testing.assert_frame_equal(after.branches, layout.branches)
    assert apply_moves(layout, []).assignments.equals(layout.assignments)


def test_move_into_new_comprehensive_branch_creates_it(roster: Roster) -> None:
    layout = _small_layout(roster)
    new_id = new_comprehensive_id(layout, "汽三")
    assert new_id == "汽三/comprehensive"
    after = apply_moves(layout, [Move("00001", "汽三/comprehensive#3")])
    created = after.branches.set_index("branch_id").loc["汽三/comprehensive#3"]
    assert created["kind"] == "comprehensive" and created["area"] == "汽三" and created["teams"] == ()
    assert created["name"]  # a display name, like the planner's
    assert after.branches["branch_id"].is_unique
    assert new_comprehensive_id(after, "汽三") == "汽三/comprehensive"
    assert (
        new_comprehensive_id(apply_moves(after, [Move("00003", "汽三/comprehensive")]), "汽三")
        == "汽三/comprehensive#2"
    )


def test_a_branch_left_empty_is_dropped(roster: Roster) -> None:
    layout = _small_layout(roster)
    ruili = layout.assignments[layout.assignments["area"] == "瑞丽"]["member_id"]
    after = apply_moves(layout, [Move(m, "瑞丽/comprehensive#2") for m in ruili])
    assert "瑞丽/comprehensive" not in set(after.branches["branch_id"])
    assert (after.assignments["branch_id"] == "瑞丽/comprehensive#2").sum() == len(ruili)


@pytest.mark.parametrize(
    ("move", "key"),
    [
        (Move("99999", "汽三/team:Q1"), "workshop.edit_unknown_member"),
        (Move("00001", "瑞丽/comprehensive"), "workshop.edit_other_area"),
        (Move("00001", "瑞丽/comprehensive#2"), "workshop.edit_unknown_branch"),
        (Move("00001", "汽三/team:Q9"), "workshop.edit_unknown_branch"),
        (Move("00001", "汽三/comprehensive#x"), "workshop.edit_unknown_branch"),
        (Move("00001", "汽三/comprehensive#0"), "workshop.edit_unknown_branch"),
    ],
)
def test_bad_moves_raise_translated_errors(roster: Roster, move: Move, key: str) -> None:
    with pytest.raises(EditError) as error:
        apply_moves(_small_layout(roster), [move])
    assert error.value.key == key
    zh, en = error.value.message("zh"), error.value.message("en")
    assert zh and en and zh != en


# --- history -----------------------------------------------------------------------------------------


def test_history_push_undo_redo() -> None:
    a, b, c = Move("1", "x"), Move("2", "y"), Move("3", "z")
    h0 = EditHistory()
    assert not h0.can_undo and not h0.can_redo and h0.undo() is h0 and h0.redo() is h0
    h1 = h0.push(a).push([b, c])
    assert h1.moves == (a, b, c) and h1.can_undo
    h2 = h1.undo()
    assert h2.moves == (a,) and h2.can_redo
    assert h2.redo().moves == (a, b, c)
    h3 = h2.push(c)
    assert h3.moves == (a, c) and not h3.can_redo  # a new step drops the redo list
    assert h1.push([]) is h1
    assert h0.moves == ()  # pure
    assert EditHistory.from_moves([a, b]).undo().moves == (a,)


# --- recheck -----------------------------------------------------------------------------------------


def test_recheck_without_moves_is_the_base_plan(roster: Roster, plan: Plan) -> None:
    result = recheck(roster, plan, [], SETTINGS, plan.lang)
    assert result.plan is plan and result.affected_branches == frozenset() and result.affected_areas == ()


def _candidate_in(plan: Plan, roster: Roster, branch_id: str) -> str:
    """A secretary candidate of ``branch_id`` (the staffed secretary)."""
    secretary = plan.branches.set_index("branch_id").at[branch_id, "secretary"]
    assert secretary
    return str(secretary)


def test_recheck_shows_the_broken_rule_and_the_affected_branches(roster: Roster, plan: Plan) -> None:
    # emptying a team branch of its full members breaks min_full_members / secretary there
    branch = plan.branches[(plan.branches["area"] == "汽三") & (plan.branches["kind"] == "team")].iloc[0]
    bid = str(branch["branch_id"])
    members = plan.assignments[plan.assignments["branch_id"] == bid]["member_id"].tolist()
    target = new_comprehensive_id(plan.layout, "汽三")
    keep = members[:2]
    moves = [Move(m, target) for m in members if m not in keep]
    result = recheck(roster, plan, moves, SETTINGS, "en")
    assert result.affected_areas == ("汽三",)
    assert result.affected_branches == frozenset({bid, target})
    broken = result.plan.violations
    assert ((broken["branch_id"] == bid) & (broken["rule"] == "min_full_members")).any()
    assert (broken["message"].str.len() > 0).all()
    # the other area is untouched
    for frame in ("assignments", "branches", "groups"):
        old = getattr(plan, frame)
        new = getattr(result.plan, frame)
        pd.testing.assert_frame_equal(
            old[old["area"] == "瑞丽"].reset_index(drop=True),
            new[new["area"] == "瑞丽"].reset_index(drop=True),
        )
    # staffing follows the moves: the new branch has its members, the old one lost them
    sizes = result.plan.branches.set_index("branch_id")["size"]
    assert sizes[bid] == 2 and sizes[target] == len(moves)
    assert result.plan.kpis != plan.kpis
    assert len(result.plan.assignments) == len(plan.assignments)
    assert result.plan.assignments["member_id"].is_unique
    # a moved member's reason is derived: into a comprehensive branch
    moved = result.plan.assignments.set_index("member_id").loc[moves[0].member_id]
    assert moved["reason"] == "comprehensive"
    assert result.plan.areas.set_index("area").at["汽三", "message"] == "workshop.area_edited"


def test_recheck_then_undo_gives_the_base_plan_back(roster: Roster, plan: Plan) -> None:
    member = str(plan.assignments.iloc[0]["member_id"])
    history = EditHistory().push(Move(member, new_comprehensive_id(plan.layout, "汽三")))
    edited = recheck(roster, plan, history.moves, SETTINGS, plan.lang)
    assert edited.affected_areas == ("汽三",)
    undone = recheck(roster, plan, history.undo().moves, SETTINGS, plan.lang)
    assert undone.plan is plan


def test_recheck_in_another_language_rerenders_the_other_areas_messages(roster: Roster, plan: Plan) -> None:
    # an edited plan that breaks rules in 瑞丽 (a branch emptied of all but two members)...
    first = plan.branches[plan.branches["area"] == "瑞丽"].iloc[0]
    members = plan.assignments[plan.assignments["branch_id"] == first["branch_id"]]["member_id"].tolist()
    spare = new_comprehensive_id(plan.layout, "瑞丽")
    base = recheck(roster, plan, [Move(m, spare) for m in members[2:]], SETTINGS, "en").plan
    ruili_before = base.violations[base.violations["area"] == "瑞丽"]
    assert len(ruili_before)
    # ...then a move in 汽三, seen in Chinese: 瑞丽 is not re-checked but its messages are re-rendered
    member = str(base.assignments[base.assignments["area"] == "汽三"].iloc[0]["member_id"])
    result = recheck(roster, base, [Move(member, new_comprehensive_id(base.layout, "汽三"))], SETTINGS, "zh")
    assert result.affected_areas == ("汽三",)
    ruili_after = result.plan.violations[result.plan.violations["area"] == "瑞丽"]
    assert list(ruili_after["rule"]) == list(ruili_before["rule"])
    assert all(a != b for a, b in zip(ruili_after["message"], ruili_before["message"], strict=True))
    assert result.plan.lang == "zh"


# --- pins and re-planning ------------------------------------------------------------------------------


def test_pins_from_moves(roster: Roster) -> None:
    layout = _small_layout(roster)
    moves = [
        Move("00001", "汽三/team:Q1"),
        Move("00003", "汽三/comprehensive#2"),
        Move("00005", "汽三/team:Q2"),
        Move("00005", "汽三/team:Q1"),  # the last move counts
    ]
    pins = pins_from_moves(moves, apply_moves(layout, moves)).member_pins
    assert pins == (MemberPin("00001", "Q1"), MemberPin("00003", None), MemberPin("00005", "Q1"))
    joint = Layout(
        layout.assignments,
        pd.concat(
            [
                layout.branches,
                pd.DataFrame(
                    [
                        {
                            "branch_id": "汽三/joint:Q3+Q4",
                            "area": "汽三",
                            "kind": "joint",
                            "name": "j",
                            "teams": ("Q3", "Q4"),
                        }
                    ]
                ),
            ],
            ignore_index=True,
        ),
    )
    assert pins_from_moves([Move("00001", "汽三/joint:Q3+Q4")], joint).member_pins == (
        MemberPin("00001", "Q3"),
    )
    single = Layout(
        layout.assignments,
        pd.DataFrame(
            [{"branch_id": "汽三/single", "area": "汽三", "kind": "single", "name": "s", "teams": ()}]
        ),
    )
    assert pins_from_moves([Move("00001", "汽三/single")], single).member_pins == ()


def test_settings_with_pins_replaces_a_members_old_pin_and_raises_stability(roster: Roster) -> None:
    base = replace(
        SETTINGS,
        constraints=replace(
            SETTINGS.constraints, member_pins=(MemberPin("00001", "Q2"), MemberPin("00007", None))
        ),
    )
    layout = _small_layout(roster)
    pinned = settings_with_pins(base, [Move("00001", "汽三/team:Q1")], layout)
    assert pinned.constraints.member_pins == (MemberPin("00007", None), MemberPin("00001", "Q1"))
    assert pinned.weights.stability == max(base.weights.stability, REPLAN_STABILITY) > 0
    assert base.constraints.member_pins[0] == MemberPin("00001", "Q2")


def test_replan_around_keeps_the_move_and_the_other_area(roster: Roster, plan: Plan) -> None:
    # move a Q1 member into the Q2 branch (attached there), then re-plan around it
    a = plan.assignments.set_index("member_id")
    q2 = plan.branches[(plan.branches["area"] == "汽三") & plan.branches["teams"].map(lambda ts: "Q2" in ts)]
    target = str(q2.iloc[0]["branch_id"])
    member = next(m for m in a.index if a.at[m, "area"] == "汽三" and a.at[m, "branch_id"] != target)
    moves = [Move(member, target)]
    replanned = replan_around(roster, plan, moves, SETTINGS, lang="en")
    b = replanned.assignments.set_index("member_id")
    kinds = replanned.branches.set_index("branch_id")
    where = b.at[member, "branch_id"]
    assert "Q2" in kinds.at[where, "teams"]  # the pin keeps them with Q2
    assert any(p.member_id == member for p in replanned.settings.constraints.member_pins)
    assert replanned.settings.areas == plan.settings.areas
    old_ruili = plan.assignments[plan.assignments["area"] == "瑞丽"].reset_index(drop=True)
    new_ruili = replanned.assignments[replanned.assignments["area"] == "瑞丽"].reset_index(drop=True)
    pd.testing.assert_frame_equal(old_ruili, new_ruili)
    # stability: few other members of the area change branch
    same_area = a[a["area"] == "汽三"].index
    moved_others = [m for m in same_area if m != member and a.at[m, "branch_id"] != b.at[m, "branch_id"]]
    assert len(moved_others) <= 5
    assert set(replanned.assignments["member_id"]) == set(plan.assignments["member_id"])


def test_recheck_keeps_the_area_prechecks_and_rescores_the_area() -> None:
    from planner.objective import layout_objective

    short = leader_short_roster()
    plan = plan_community(short, SETTINGS, lang="en")
    prechecks = plan.violations[plan.violations["detail"] == "area"]
    assert len(prechecks), "the leader-short area should fail a pre-check"
    member = str(plan.assignments.iloc[10]["member_id"])
    result = recheck(short, plan, [Move(member, new_comprehensive_id(plan.layout, "鹤北一"))], SETTINGS, "en")
    kept = result.plan.violations[result.plan.violations["detail"] == "area"]
    columns = [c for c in prechecks.columns if c != "fixes"]  # a fix's effect depends on the layout
    pd.testing.assert_frame_equal(
        kept[columns].reset_index(drop=True), prechecks[columns].reset_index(drop=True)
    )
    texts = [[f.text for f in fixes] for fixes in kept["fixes"]]
    assert texts == [[f.text for f in fixes] for fixes in prechecks["fixes"]]
    row = result.plan.areas.set_index("area").loc["鹤北一"]
    assert row["objective"] == pytest.approx(layout_objective(short, result.plan.layout, SETTINGS, "鹤北一"))
    assert row["branches"] == len(result.plan.branches) and row["violations"] == len(result.plan.violations)
    assert row["status"] == "edited"  # the solver status no longer describes a hand-made layout
