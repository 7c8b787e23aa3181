"""Fixes that are true: every fix offered, applied alone, removes or eases its violation and
makes no other rule worse; designations name members of that very branch; the objects travel
through the plan JSON, the bundle and the Tweak page's edit history."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.edits import Designate, EditHistory, Move, apply_moves, recheck, with_designated
from planner.explain import Fix, FixKind, explain, precheck_area
from planner.fixes import (
    DESIGNATED_ROLE,
    designated_roster,
    fix_from_json,
    fix_to_json,
    roster_for,
    verified_fixes,
)
from planner.greedy import greedy_layout
from planner.plan import Layout
from planner.rules import assignment_reasons, check_layout, violations_frame
from planner.runner import area_roster, plan_community
from planner.scenario import replace_setting
from planner.schema import Roster, is_candidate
from planner.settings import (
    Constraints,
    JointTypeRule,
    MemberPin,
    MobilityPlacement,
    Rules,
    Settings,
    SolverOptions,
    TeamMode,
    TeamPin,
)
from planner.staffing import staff_branches
from tests.plan_fixtures import leader_short_roster, roster_from_csv
from ui.fixes import clickable_fixes, edits_for

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "community.xlsx"
_KEY = ("area", "rule", "branch_id", "subject", "detail")


@cache
def sample_roster() -> Roster:
    from planner.reader import read_roster_paths

    return read_roster_paths([SAMPLE])


def greedy_plan_layout(roster: Roster, settings: Settings, areas: list[str]) -> Layout:
    """Greedy layouts of ``areas``, staffed (groups formed): plenty of violations to fix."""
    parts = [greedy_layout(roster, settings, area) for area in areas]
    layout = Layout(
        pd.concat([p.assignments for p in parts], ignore_index=True),
        pd.concat([p.branches for p in parts], ignore_index=True),
    )
    _, _, assignments = staff_branches(roster, layout, settings)
    return Layout(assignments, layout.branches)


def broken(roster: Roster, layout: Layout, settings: Settings, area: str) -> dict[tuple[str, ...], float]:
    """How far each rule instance of ``area`` is from its limit (pre-checks and the checker;
    groups left out: staffing forms them again after a move)."""
    frame = pd.concat(
        [
            precheck_area(roster, settings, area),
            check_layout(roster, layout, settings, areas=[area], check_groups=False),
        ]
    )
    out: dict[tuple[str, ...], float] = {}
    for row in frame.to_dict("records"):
        gap = abs(float(row["value"]) - float(row["limit"]))
        out[tuple(str(row[c]) for c in _KEY)] = gap if gap > 1e-9 else 1.0
    return out


def apply_alone(
    roster: Roster, layout: Layout, settings: Settings, fix: Fix
) -> tuple[Roster, Layout, Settings]:
    """``fix`` applied on its own, through the Tweak page's own edit functions where it can."""
    if fix.kind is FixKind.DESIGNATE:
        return designated_roster(roster, fix.members), layout, settings
    if fix.kind is FixKind.SETTING:
        return roster, layout, replace_setting(settings, fix.setting, fix.value)
    branches = layout.branches
    if fix.kind is FixKind.OPEN:
        area = fix.branch_id.partition("/")[0]
        row = pd.DataFrame(
            {"branch_id": [fix.branch_id], "area": [area], "kind": ["team"], "name": [fix.branch_id]}
        ).assign(teams=pd.Series([fix.teams], dtype=object))
        branches = pd.concat([branches, row.reindex(columns=branches.columns)], ignore_index=True)
    moved = apply_moves(Layout(layout.assignments, branches), [Move(m, fix.branch_id) for m in fix.members])
    reasons = assignment_reasons(roster, moved, settings).to_numpy()
    a = moved.assignments.copy()
    mask = a["member_id"].isin(fix.members).to_numpy()
    a.loc[mask, "reason"] = reasons[mask]
    return roster, Layout(a, moved.branches), settings


def assert_every_fix_holds(
    roster: Roster, layout: Layout, settings: Settings, explained: pd.DataFrame
) -> int:
    """Re-check every fix alone; returns how many were checked."""
    where = dict(zip(layout.assignments["member_id"], layout.assignments["branch_id"], strict=True))
    subs: dict[str, tuple[Roster, Layout, dict[tuple[str, ...], float]]] = {}
    checked = 0
    for row in explained.to_dict("records"):
        area = str(row["area"])
        if area not in subs:
            sub = area_roster(roster, settings, area)
            sub_layout = Layout(
                layout.assignments[layout.assignments["area"] == area].reset_index(drop=True),
                layout.branches[layout.branches["area"] == area].reset_index(drop=True),
            )
            subs[area] = (sub, sub_layout, broken(sub, sub_layout, settings, area))
        sub, sub_layout, before = subs[area]
        target = tuple(str(row[c]) for c in _KEY)
        for fix in row["fixes"]:
            assert isinstance(fix, Fix) and fix.text
            if fix.kind is FixKind.DESIGNATE:
                members = roster.members.set_index("member_id").loc[list(fix.members)]
                assert (members["status"] == "full").all() and not is_candidate(members.reset_index()).any()
                assert (members["mobility"] != "bedridden").all()
                if fix.branch_id:  # that very branch's members
                    assert fix.branch_id == row["branch_id"]
                    assert all(where[m] == fix.branch_id for m in fix.members), fix.text
            if fix.kind is FixKind.MOVE:
                assert all(where.get(m) != fix.branch_id for m in fix.members), fix.text
            r2, l2, s2 = apply_alone(sub, sub_layout, settings, fix)
            after = broken(r2, l2, s2, area)
            assert after.get(target, 0.0) < before[target], (fix.text, row["message"])
            worse = {k: (before.get(k, 0.0), v) for k, v in after.items() if v > before.get(k, 0.0) + 1e-9}
            assert not worse, (fix.text, worse)
            assert fix.effect is not None and fix.effect.gap_after == pytest.approx(after.get(target, 0.0))
            checked += 1
    return checked


SETTINGS_CASES = {
    "default": Settings(),
    "comprehensive_placement": Settings(rules=Rules(mobility_placement=MobilityPlacement.COMPREHENSIVE)),
    "spread_20": Settings(rules=Rules(mobility_placement=MobilityPlacement.SPREAD, max_mobility_share=0.2)),
    "same_type_no_attached": Settings(
        rules=Rules(joint_type_rule=JointTypeRule.SAME_TYPE, allow_attached=False)
    ),
    "small_cap": Settings(rules=Rules(max_branch_size=30, allow_team_split=False)),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_every_fix_for_the_sample_community_holds_when_applied_alone(case: str) -> None:
    roster = sample_roster()
    settings = SETTINGS_CASES[case]
    areas = roster.areas if case == "default" else roster.areas[::4]
    layout = greedy_plan_layout(roster, settings, areas)
    found = pd.concat(
        [
            *(precheck_area(roster, settings, a) for a in areas),
            check_layout(roster, layout, settings, areas=areas),
        ]
    )
    rows = [{str(k): v for k, v in r.items()} for r in found.to_dict("records")]
    explained = explain(violations_frame(rows), roster, settings, "en", layout=layout, complete=True)
    assert len(explained) and explained["fixes"].map(len).sum() > 0
    checked = assert_every_fix_holds(roster, layout, settings, explained)
    assert checked >= len(explained) // 2


def test_every_fix_of_a_solved_plan_holds() -> None:
    roster = sample_roster()
    areas = ("鹤北一", "红一", "汽四")
    settings = Settings(solver=SolverOptions(time_limit=5.0, workers=2), areas=areas)
    plan = plan_community(roster, settings, lang="zh")
    assert len(plan.violations)  # 鹤北一 is short of candidates
    assert_every_fix_holds(roster, plan.layout, settings, plan.violations)


def test_the_batched_verdicts_equal_one_check_per_fix() -> None:
    """Fixes verified together in one pass get the same verdicts as each on its own."""
    roster = sample_roster()
    areas = roster.areas[:6]
    layout = greedy_plan_layout(roster, Settings(), areas)
    found = check_layout(roster, layout, Settings(), areas=areas)
    together = verified_fixes(found, roster, layout, Settings(), "en")
    for i in range(len(found)):
        alone = verified_fixes(found.iloc[[i]].reset_index(drop=True), roster, layout, Settings(), "en")
        assert [f.text for f in alone[0]] == [f.text for f in together[i]]


# --- the known wrong fixes, as named cases ----------------------------------------------------------

MEMBERS = "member_id,name,area,status,mobility,role,teams"


def _roster(members: str, teams: str) -> Roster:
    return roster_from_csv(members, teams)


def test_designate_names_members_of_the_branch_not_of_the_area() -> None:
    """A team branch short of committee candidates: the designation names its own members,
    though the comprehensive branch has full members without a role too."""
    rows = [MEMBERS]
    rows += [f"A{i:02d},队员{i},甲,full,normal,,合唱队" for i in range(8)]
    rows[1] = "A00,队长,甲,full,normal,team_leader,合唱队"
    rows += [f"B{i:02d},居民{i},甲,full,normal,,\n" for i in range(6)]
    rows.append("B99,书记,甲,full,normal,secretary,")
    roster = _roster("\n".join(r.strip() for r in rows), "team_id,name,area,type\nT1,合唱队,甲,culture")
    layout = _two_branches(roster)
    found = check_layout(roster, layout, Settings())
    team_row = found[(found["rule"] == "committee_candidates") & (found["branch_id"] == "甲/team:T1")]
    assert len(team_row) == 1
    out = explain(team_row.reset_index(drop=True), roster, Settings(), "en", layout=layout)
    designations = [f for f in out.at[0, "fixes"] if f.kind is FixKind.DESIGNATE]
    assert designations and all(m.startswith("A") for m in designations[0].members)
    assert len(designations[0].members) == 2  # 1 candidate there, 3 needed


def _two_branches(roster: Roster) -> Layout:
    m = roster.members
    team = m["teams"].map(len) > 0
    assignments = pd.DataFrame(
        {
            "member_id": m["member_id"],
            "area": m["area"],
            "branch_id": ["甲/team:T1" if x else "甲/comprehensive" for x in team],
            "group_id": "",
            "reason": ["first_choice" if x else "comprehensive" for x in team],
        }
    ).astype("str")
    branches = pd.DataFrame(
        {
            "branch_id": ["甲/team:T1", "甲/comprehensive"],
            "area": ["甲", "甲"],
            "kind": ["team", "comprehensive"],
            "name": ["合唱队党支部", "甲综合党支部"],
        }
    ).assign(teams=pd.Series([("T1",), ()], dtype=object))
    return Layout(assignments, branches)


def test_no_exemption_fix_where_the_setting_does_not_exempt_the_branch() -> None:
    """A team branch above the mobility share under the default placement: the fix that sends
    members to a comprehensive branch 'because it is exempt' must not be offered (it is not)."""
    rows = [MEMBERS] + [
        f"A{i:02d},队员{i},甲,full,{'limited' if i < 5 else 'normal'},,合唱队" for i in range(10)
    ]
    rows[1] = "A00,队长,甲,full,limited,team_leader,合唱队"
    rows += [
        "B01,书记,甲,full,normal,secretary,",
        "B02,委员,甲,full,normal,committee,",
        "B03,居民,甲,full,normal,,",
    ]
    roster = _roster("\n".join(rows), "team_id,name,area,type\nT1,合唱队,甲,culture")
    layout = _two_branches(roster)
    found = check_layout(roster, layout, Settings())
    row = found[found["rule"] == "mobility_share"].reset_index(drop=True)
    assert len(row) == 1
    fixes = explain(row, roster, Settings(), "en", layout=layout).at[0, "fixes"]
    assert not any(f.setting == "rules.mobility_placement" for f in fixes)
    assert_every_fix_holds(roster, layout, Settings(), explain(row, roster, Settings(), "en", layout=layout))


def test_no_smaller_committee_fix_where_other_branches_have_no_room() -> None:
    roster = leader_short_roster()
    settings = Settings(rules=Rules(max_branch_size=50))
    layout = greedy_plan_layout(roster, settings, ["鹤北一"])
    found = check_layout(roster, layout, settings)
    out = explain(found, roster, settings, "en", layout=layout)
    texts = [f.text for fixes in out["fixes"] for f in fixes]
    assert not any("below 7" in x for x in texts)
    assert_every_fix_holds(roster, layout, settings, out)


def test_pins_and_pairs_get_moves_that_honour_them() -> None:
    rows = [MEMBERS] + [
        f"A{i:02d},队员{i},甲,full,normal,{'team_leader' if i < 3 else ''},合唱队" for i in range(9)
    ]
    rows += [f"B{i:02d},居民{i},甲,full,normal,{'committee' if i < 3 else ''}," for i in range(9)]
    roster = _roster("\n".join(rows), "team_id,name,area,type\nT1,合唱队,甲,culture\nT2,舞蹈队,甲,culture")
    settings = Settings(
        constraints=Constraints(
            member_pins=(MemberPin("A05", None),),
            members_together=(("A06", "B06"),),
            team_pins=(TeamPin("甲", "T2", TeamMode.OWN),),
        )
    )
    layout = _two_branches(roster)
    found = check_layout(roster, layout, settings)
    out = explain(found, roster, settings, "en", layout=layout)
    by_rule = {r: f for r, f in zip(out["rule"], out["fixes"], strict=True)}
    assert by_rule["member_pin"] and by_rule["member_pin"][0].members == ("A05",)
    assert by_rule["member_pin"][0].branch_id == "甲/comprehensive"
    assert by_rule["members_together"]
    assert_every_fix_holds(roster, layout, settings, out)


# --- the objects travel ------------------------------------------------------------------------------


def test_fix_json_round_trip_and_bad_objects() -> None:
    roster = leader_short_roster()
    pre = precheck_area(roster, Settings(), "鹤北一")
    fixes = [f for fixes in explain(pre, roster, Settings(), "zh")["fixes"] for f in fixes]
    assert fixes
    for fix in fixes:
        assert fix_from_json(fix_to_json(fix)) == fix
        assert str(fix) == fix.text
    for bad in (
        {"kind": "teleport", "text": "x"},
        {"text": "x"},
        {"kind": "move", "text": 3},
        {"kind": "move", "text": "x", "members": "abc"},
        {"kind": "setting", "text": "x", "value": [1]},
        {"kind": "move", "text": "x", "effect": {"broken_before": "1"}},
    ):
        with pytest.raises(ValueError):
            fix_from_json(bad)


def test_plan_json_and_bundle_carry_the_objects() -> None:
    from planner.bundle import bundle_bytes, read_bundle
    from planner.export_json import plan_to_json
    from planner.scenario import Scenario, ScenarioBook, books_equal

    roster = leader_short_roster()
    plan = plan_community(roster, Settings(solver=SolverOptions(time_limit=5.0, workers=1)), lang="en")
    doc = plan_to_json(plan)
    objects = [f for v in doc["violations"] for f in v["fixes"]]
    assert objects and all(set(f) >= {"kind", "text", "members", "branch_id", "effect"} for f in objects)
    assert {f["kind"] for f in objects} <= {"designate", "move", "open", "setting"}
    book = ScenarioBook().add(Scenario("A", plan.settings, plan))
    again = read_bundle(bundle_bytes(roster.fingerprint, book), roster)
    assert books_equal(again, book)
    restored = again.get("A").plan.violations["fixes"]
    assert all(isinstance(f, Fix) for fixes in restored for f in fixes)


# --- designating in the Tweak page's edits --------------------------------------------------------------


def test_a_designation_is_an_edit_with_undo_and_the_recheck_counts_it() -> None:
    roster = leader_short_roster()
    settings = Settings(solver=SolverOptions(time_limit=5.0, workers=1))
    plan = plan_community(roster, settings, lang="en")
    fix = next(
        f for fixes in plan.violations["fixes"] for f in fixes if f.kind is FixKind.DESIGNATE and f.branch_id
    )
    history = EditHistory().push(edits_for(fix))
    assert history.designated == fix.members and history.moves == ()
    assert history.undo().designated == ()
    assert history.undo().redo().designated == fix.members
    after = recheck(roster, plan, history.moves, with_designated(settings, history.designated), "en")
    assert after.plan.settings.constraints.designated == fix.members
    before_rows = plan.violations[plan.violations["branch_id"] == fix.branch_id]
    after_rows = after.plan.violations[after.plan.violations["branch_id"] == fix.branch_id]
    assert len(after_rows) < len(before_rows) or (
        after_rows["value"].sum() > before_rows["value"].sum()  # more candidates, still short
    )
    judged = roster_for(roster, after.plan.settings).members.set_index("member_id")
    assert (judged.loc[list(fix.members), "role"] == DESIGNATED_ROLE).all()


def test_with_designated_keeps_order_and_skips_repeats() -> None:
    s = with_designated(Settings(), ["a", "b"])
    assert with_designated(s, ["b", "c"]).constraints.designated == ("a", "b", "c")
    assert with_designated(s, ["a"]) is s


def test_clickable_fixes_are_moves_and_designations_of_the_area() -> None:
    roster = leader_short_roster()
    plan = plan_community(roster, Settings(solver=SolverOptions(time_limit=5.0, workers=1)), lang="en")

    class _Check:  # the fields of a Recheck the helper reads
        def __init__(self, plan: Any) -> None:
            self.plan = plan

    fixes = clickable_fixes(_Check(plan), "鹤北一")  # type: ignore[arg-type]
    assert fixes and all(f.kind in (FixKind.MOVE, FixKind.DESIGNATE) for f in fixes)
    assert len({(f.kind, f.branch_id, f.members) for f in fixes}) == len(fixes)  # one button each
    move = Fix(FixKind.MOVE, "move", ("1", "2"), "x/comprehensive")
    assert edits_for(move) == [Move("1", "x/comprehensive"), Move("2", "x/comprehensive")]
    assert edits_for(Fix(FixKind.DESIGNATE, "d", ("1",), "x/single")) == [Designate(("1",))]
    assert edits_for(Fix(FixKind.SETTING, "s", setting="rules.max_branch_size", value=60)) == []


def test_the_issues_first_example_gets_an_open_fix_that_keeps_every_rule() -> None:
    """A team of 5 full members (one a committee member) and 6 full + 1 probationary members in no
    team (one a committee member), all in one branch: 11 full members need a committee of 3
    candidates, there are 2. Opening a branch for the team leaves two branches below the
    committee threshold, each with its candidate."""
    rows = [MEMBERS]
    rows += [f"A{i}," + f"队员{i},甲,full,normal,{'committee' if i == 0 else ''},合唱队" for i in range(5)]
    rows += [f"B{i}," + f"居民{i},甲,full,normal,{'committee' if i == 0 else ''}," for i in range(6)]
    rows.append("B9,预备,甲,probationary,normal,,")
    roster = _roster("\n".join(rows), "team_id,name,area,type\nT1,合唱队,甲,culture")
    m = roster.members
    layout = Layout(
        pd.DataFrame(
            {
                "member_id": m["member_id"],
                "area": "甲",
                "branch_id": "甲/single",
                "group_id": "",
                "reason": "comprehensive",
            }
        ).astype("str"),
        pd.DataFrame(
            {"branch_id": ["甲/single"], "area": ["甲"], "kind": ["single"], "name": ["甲党支部"]}
        ).assign(teams=pd.Series([()], dtype=object)),
    )
    found = check_layout(roster, layout, Settings())
    assert list(found["rule"]) == ["committee_candidates"]
    out = explain(found, roster, Settings(), "en", layout=layout)
    opened = [f for f in out.at[0, "fixes"] if f.kind is FixKind.OPEN]
    assert opened and opened[0].teams == ("T1",) and set(opened[0].members) == {f"A{i}" for i in range(5)}
    assert opened[0].effect is not None and opened[0].effect.broken_after == 0
    assert_every_fix_holds(roster, layout, Settings(), out)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@given(
    st.fixed_dictionaries(
        {"kind": st.sampled_from(["designate", "move", "open", "setting", "x"]) | _JSON, "text": _JSON},
        optional={
            "members": _JSON,
            "branch_id": _JSON,
            "teams": _JSON,
            "setting": _JSON,
            "value": _JSON,
            "effect": _JSON,
            "from_branch_id": _JSON,
        },
    )
)
def test_reading_a_fix_object_either_gives_a_fix_or_says_it_is_malformed(data: dict[str, Any]) -> None:
    try:
        fix = fix_from_json(data)
    except ValueError:
        return
    assert fix_from_json(fix_to_json(fix)) == fix
