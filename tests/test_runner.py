"""planner.runner: whole plans in worker processes — the story's areas, honest statuses, progress,
cancellation, the hard wall-clock kill, stability and determinism."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import psutil
import pytest

import planner.runner as runner
from planner.bundle import bundle_bytes, load_bundle
from planner.greedy import greedy_layout
from planner.objective import layout_objective
from planner.plan import Layout, Plan, SolveStatus
from planner.rules import check_layout
from planner.runner import AREA_COLUMNS, AreaProgress, PlanCancelled, area_roster, plan_community
from planner.scenario import Scenario, ScenarioBook
from planner.settings import PRESETS, Constraints, Settings, SolverName, SolverOptions
from tests.plan_fixtures import story_roster

ROSTER = story_roster()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_community(ROSTER, Settings(), lang="en")


def branches_of(plan: Plan, area: str) -> list[tuple[str, tuple[str, ...]]]:
    b = plan.branches[plan.branches["area"] == area]
    return sorted(zip(b["kind"], b["teams"], strict=True))


def test_qi3_like_area_gets_one_team_branch_per_mature_team(plan: Plan) -> None:
    assert branches_of(plan, "汽三") == [
        ("team", ("Q1",)),
        ("team", ("Q2",)),
        ("team", ("Q3",)),
        ("team", ("Q4",)),
    ]


def test_ruili_like_area_gets_patrol_branch_joint_branch_and_comprehensive_branch(plan: Plan) -> None:
    kinds = branches_of(plan, "瑞丽")
    assert ("team", ("R1",)) in kinds
    assert ("joint", ("R2", "R3", "R4", "R5")) in kinds
    assert ("comprehensive", ()) in kinds
    assert len(kinds) == 3


def test_an_area_short_of_candidates_is_planned_and_says_what_to_do(plan: Plan) -> None:
    v = plan.violations[plan.violations["area"] == "鹤北一"]
    area_rows = v[(v["detail"] == "area") & (v["rule"] == "secretary_candidate")]
    assert len(area_rows) == 1
    message = area_rows["message"].iloc[0]
    assert "329" in message and "7" in message and "4" in message
    fixes = area_rows["fixes"].iloc[0]
    assert any(fix.kind == "designate" and len(fix.members) == 3 for fix in fixes)
    # the plan keeps the cap and names the branches without a secretary candidate
    sizes = plan.assignments[plan.assignments["area"] == "鹤北一"].groupby("branch_id").size()
    assert sizes.max() <= 50 and len(sizes) == 7
    assert (v["rule"] == "secretary_candidate").sum() == 1 + 3


def test_every_member_is_placed_once_and_the_report_is_honest(plan: Plan) -> None:
    a = plan.assignments
    assert sorted(a["member_id"]) == sorted(ROSTER.members["member_id"])
    assert list(plan.areas.columns) == list(AREA_COLUMNS)
    areas = plan.areas.set_index("area")
    assert set(areas["status"]) == {SolveStatus.OPTIMAL.value}
    assert (areas["gap"] <= 0.005).all()
    assert (areas["bound"] >= areas["objective"] - 1e-6).all()
    assert (areas["objective"] >= areas["greedy_objective"]).all()
    assert areas.loc["汽三", "structure"] == "general"
    for area in areas.index:
        greedy = greedy_layout(ROSTER, Settings(), area)
        assert areas.loc[area, "greedy_objective"] == pytest.approx(
            layout_objective(ROSTER, greedy, Settings(), area)
        )
        assert areas.loc[area, "branches"] == (plan.branches["area"] == area).sum()
    assert plan.kpis["members"] == len(ROSTER.members)
    assert plan.fingerprint == ROSTER.fingerprint
    assert plan.violations["message"].str.len().gt(0).all()


def test_the_same_roster_and_settings_give_the_same_plan(plan: Plan) -> None:
    again = plan_community(ROSTER, Settings(), lang="en")
    assert again.assignments.equals(plan.assignments)
    assert again.branches.drop(columns=["teams", "committee"]).equals(
        plan.branches.drop(columns=["teams", "committee"])
    )
    assert again.violations[["area", "rule", "branch_id"]].equals(
        plan.violations[["area", "rule", "branch_id"]]
    )


def test_progress_reports_each_area_starting_and_finishing() -> None:
    seen: list[AreaProgress] = []
    settings = Settings(areas=("汽三", "瑞丽"))
    plan_community(ROSTER, settings, progress=seen.append)
    assert {p.area for p in seen} == {"汽三", "瑞丽"}
    for area in ("汽三", "瑞丽"):
        statuses = [p.status for p in seen if p.area == area]
        assert statuses == ["running", "optimal"]
    assert seen[-1].done == seen[-1].total == 2
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_a_plan_cancelled_before_it_starts_keeps_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    seen: list[AreaProgress] = []
    with pytest.raises(PlanCancelled) as caught:
        plan_community(ROSTER, Settings(), cancel=cancel, progress=seen.append)
    assert caught.value.partial.solved == ()
    assert caught.value.partial.plan() is None
    assert {p.status for p in seen} <= {"cancelled"}
    assert live_children() == []


def live_children() -> list[psutil.Process]:
    me = psutil.Process()
    return [p for p in me.children(recursive=True) if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_cancel_stops_a_running_plan_at_once_and_keeps_the_areas_already_solved() -> None:
    # one worker, largest area first: cancel as soon as the second area starts solving
    settings = Settings(solver=SolverOptions(workers=1))
    cancel = threading.Event()
    seen: list[AreaProgress] = []
    clicked: list[float] = []

    def watch(progress: AreaProgress) -> None:
        seen.append(progress)
        if progress.status == "running" and progress.done == 1 and not cancel.is_set():
            clicked.append(time.perf_counter())
            cancel.set()

    with pytest.raises(PlanCancelled) as caught:
        plan_community(ROSTER, settings, cancel=cancel, progress=watch, lang="en")
    returned = time.perf_counter()
    partial = caught.value.partial
    assert partial.solved == ("鹤北一",) and partial.total == 3
    # the area running at the click and the one never started are reported cancelled, never solved
    final = {p.area: p.status for p in seen}
    assert final["鹤北一"] == SolveStatus.OPTIMAL.value
    assert final["汽三"] == final["瑞丽"] == "cancelled"
    assert live_children() == []  # the killed worker (and its CBC) are gone
    # a generous deadline: a cancel that let the remaining areas run would not return in time
    assert returned - clicked[0] < 10.0
    plan = partial.plan()
    assert plan is not None
    assert plan.settings.areas == ("鹤北一",)
    assert set(plan.areas["area"]) == {"鹤北一"}
    in_area = ROSTER.members.loc[ROSTER.members["area"] == "鹤北一", "member_id"]
    assert sorted(plan.assignments["member_id"]) == sorted(in_area)
    assert plan.kpis["members"] == len(in_area)
    # the kept part is a sound plan: the rule checker agrees with what it reports
    found = check_layout(ROSTER, Layout(plan.assignments, plan.branches), plan.settings, areas=["鹤北一"])
    assert len(found) <= len(plan.violations)
    # and it survives the bundle's full re-check (rules, recounts, KPIs) as a kept scenario
    book = ScenarioBook().add(Scenario("partial", plan.settings, plan))
    assert load_bundle(bundle_bytes(ROSTER.fingerprint, book), ROSTER).book.names == ["partial"]


def test_a_worker_past_its_wall_clock_limit_is_killed_and_the_area_keeps_its_greedy_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # deadline = time limit + grace: make it a few milliseconds, far less than any solve
    monkeypatch.setattr(runner, "KILL_GRACE", -0.045)
    settings = Settings(solver=SolverOptions(time_limit=0.05), areas=("鹤北一",))
    plan = plan_community(ROSTER, settings)
    row = plan.areas.iloc[0]
    assert row["status"] == SolveStatus.GREEDY.value
    assert row["message"] == "plan.area.killed"
    assert len(plan.assignments) == 329
    assert live_children() == []


def test_re_planning_with_a_reference_keeps_members_where_they_were(plan: Plan) -> None:
    settings = Settings(weights=PRESETS["fewest_changes"], areas=("鹤北一", "瑞丽"))
    reference = plan.assignments[["member_id", "branch_id"]]
    again = plan_community(ROSTER, settings, reference=reference)
    merged = again.assignments.merge(reference, on="member_id", suffixes=("", "_before"))
    assert (merged["branch_id"] == merged["branch_id_before"]).all()
    assert set(again.areas["area"]) == {"鹤北一", "瑞丽"}


def test_highs_plans_too() -> None:
    settings = Settings(solver=SolverOptions(solver=SolverName.HIGHS), areas=("瑞丽",))
    plan = plan_community(ROSTER, settings)
    row = plan.areas.iloc[0]
    assert row["solver"] == "highs" and row["status"] == SolveStatus.OPTIMAL.value


def test_a_worker_gets_the_area_and_any_pair_partner() -> None:
    settings = Settings(constraints=Constraints(members_together=(("00001", "01001"),)))
    sub = area_roster(ROSTER, settings, "汽三")
    assert set(sub.members["area"]) == {"汽三", "瑞丽"}
    assert (sub.members["area"] == "瑞丽").sum() == 1
    assert set(sub.teams["area"]) == {"汽三"}
    alone = area_roster(ROSTER, replace(settings, constraints=Constraints()), "汽三")
    assert set(alone.members["area"]) == {"汽三"}
