"""Benchmark: the workshop loop's engine on the sample community.

Run from the repository root: ``.venv/bin/python bench/ui.py [--repeat 5] [--check]``.

Plans sample_data/community.xlsx once (default settings), then prints the median of
``--repeat`` runs of: the rule check of the whole community layout (``check_layout``), the
re-check after one hand move (``edits.recheck``), who-moved and flow against today's branches,
and writing each export (workbook, members CSV, printable roster, scenario bundle) and reading
the bundle back, and an AppTest rerun of the Tweak page after one edit
(:func:`page_rerun_after_edit`) with autosave on and off; and the workshop store: the autosave
after one Tweak edit (:func:`autosave_after_edit`) and the resume of a workshop with 5 scenarios
(:func:`resume_five`). The store lives in a temporary folder (``WORKBENCH_DATA_DIR``), removed at
the end. ``--check`` exits with status 1 when the issue's budgets are exceeded (rule check and
re-check under 0.5 s each, page rerun under 1 s with autosave on).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

from planner.bundle import bundle_bytes, read_bundle  # noqa: E402
from planner.compare import current_assignments, flow, who_moved  # noqa: E402
from planner.edits import Move, new_comprehensive_id, recheck  # noqa: E402
from planner.export import members_csv, plan_workbook, printable_roster_html  # noqa: E402
from planner.plan import Layout, Plan  # noqa: E402
from planner.reader import read_roster_paths  # noqa: E402
from planner.rules import check_layout  # noqa: E402
from planner.runner import plan_community  # noqa: E402
from planner.scenario import Scenario, ScenarioBook  # noqa: E402
from planner.schema import Roster  # noqa: E402
from planner.settings import Settings  # noqa: E402

SAMPLE = ROOT / "sample_data" / "community.xlsx"
#: The issue's budgets, in seconds.
CHECK_BUDGET = 0.5
RECHECK_BUDGET = 0.5
RERUN_BUDGET = 1.0


def median_time(func: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, after one untimed warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _one_move(plan: Plan) -> list[Move]:
    """Move the first member of the biggest area into a new comprehensive branch of that area."""
    area = str(plan.assignments["area"].value_counts().index[0])
    member = str(plan.assignments[plan.assignments["area"] == area].iloc[0]["member_id"])
    return [Move(member, new_comprehensive_id(plan.layout, area))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is exceeded")
    parser.add_argument("--roster", type=Path, default=SAMPLE, help="roster workbook (default: the sample)")
    args = parser.parse_args(argv)

    roster = read_roster_paths([args.roster])
    settings = Settings()
    start = time.perf_counter()
    plan = plan_community(roster, settings, lang="zh")
    plan_seconds = time.perf_counter() - start
    layout = Layout(plan.assignments, plan.layout.branches)
    moves = _one_move(plan)
    book = ScenarioBook().add(Scenario("A", settings, plan))
    edited = recheck(roster, plan, moves, settings, "zh").plan
    book = book.add(Scenario("B", settings, edited, parent="A", edits=tuple(moves)))
    bundle = bundle_bytes(roster.fingerprint, book)
    today = current_assignments(roster)

    print(
        f"roster: {len(roster.members):,} members, {len(roster.areas)} areas; "
        f"plan: {len(plan.branches)} branches"
    )
    print(f"plan_community (once, for the inputs): {plan_seconds:.2f} s")
    figures: list[tuple[str, float, float | None]] = [
        (
            "rule check, whole community",
            median_time(lambda: check_layout(roster, layout, settings), args.repeat),
            CHECK_BUDGET,
        ),
        (
            "re-check after one move",
            median_time(lambda: recheck(roster, plan, moves, settings, "zh"), args.repeat),
            RECHECK_BUDGET,
        ),
        (
            "who moved vs today",
            median_time(lambda: who_moved(roster, None, plan.assignments, "zh"), args.repeat),
            None,
        ),
        ("flow vs today", median_time(lambda: flow(today, plan.assignments), args.repeat), None),
        ("workbook (.xlsx)", median_time(lambda: plan_workbook(plan, roster, "zh"), args.repeat), None),
        ("members CSV", median_time(lambda: members_csv(plan, roster, "zh"), args.repeat), None),
        (
            "printable roster (HTML)",
            median_time(lambda: printable_roster_html(plan, roster, "zh"), args.repeat),
            None,
        ),
        (
            "bundle, 2 scenarios (write)",
            median_time(lambda: bundle_bytes(roster.fingerprint, book), args.repeat),
            None,
        ),
        (
            "bundle, 2 scenarios (read)",
            median_time(lambda: read_bundle(bundle, roster, "zh"), args.repeat),
            None,
        ),
    ]
    store_dir = tempfile.mkdtemp(prefix="bench-store-")
    os.environ["WORKBENCH_DATA_DIR"] = store_dir
    try:
        first_save, autosave = autosave_after_edit(roster, plan, args.repeat)
        figures.append(("autosave, first (plan serialised)", first_save, None))
        figures.append(("autosave after one Tweak edit", autosave, None))
        figures.append(("resume a workshop of 5 scenarios", resume_five(roster, plan, args.repeat), None))
        rerun_off, rerun = page_rerun_after_edit(roster, plan, args.repeat, autosave_both=True)
    finally:
        os.environ.pop("WORKBENCH_AUTOSAVE", None)
        shutil.rmtree(store_dir, ignore_errors=True)
    figures.append(("page rerun after one edit, autosave off", rerun_off, None))
    figures.append(("page rerun after one edit, autosave on", rerun, RERUN_BUDGET))

    failed = False
    print(f"{'figure':40s} {'median s':>9s} {'budget s':>9s}")
    for name, seconds, budget in figures:
        over = budget is not None and seconds == seconds and seconds > budget
        failed |= over
        shown = "n/a" if seconds != seconds else f"{seconds:.3f}"
        limit = "" if budget is None else f"{budget:.2f}"
        print(f"{name:40s} {shown:>9s} {limit:>9s}{'  OVER' if over else ''}")
    print(f"bundle size: {len(bundle) / 1024:.0f} KiB")
    print(f"page rerun, autosave on / off: {rerun / rerun_off:.2f}x")
    return 1 if args.check and failed else 0


def page_rerun_after_edit(
    roster: Roster | None = None, plan: Plan | None = None, repeat: int = 5, *, autosave_both: bool = False
) -> Any:
    """Median seconds of an AppTest rerun of the Tweak page after one edit, on the sample community;
    with ``autosave_both``, (autosave off, autosave on): the runs alternate between the two in one
    session, so a machine loaded by others weighs on both alike.

    The session holds ``roster`` and one scenario of ``plan`` (default: the sample community,
    planned with the default settings). Each timed run is the rerun that follows one edit of the
    editable table (moving one member of the largest area into a new comprehensive branch): it
    reads the edit, re-checks the community and redraws the page. Between timed runs the draft is
    cleared, untimed, so every run re-checks a fresh move.
    """
    from streamlit.testing.v1 import AppTest

    from planner.i18n import t
    from ui.jobs import SYNC_KEY
    from ui.scenarios import DRAFTS_KEY, store_book
    from ui.state import ROSTER_KEY, LoadedRoster

    if roster is None:
        roster = read_roster_paths([SAMPLE])
    if plan is None:
        plan = plan_community(roster, Settings(), lang="zh")
    area = str(plan.assignments["area"].value_counts().index[0])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "zh"
    at.run()
    at.session_state[SYNC_KEY] = True
    at.session_state[ROSTER_KEY] = LoadedRoster(roster=roster, sources=("sample",), signature="bench")
    store_book(ScenarioBook().add(Scenario("A", plan.settings, plan)), at.session_state)  # type: ignore[arg-type]
    at.switch_page("pages/page_tweak.py").run()
    at.selectbox(key="tweak.area").set_value(area).run()
    new_branch = t("uiw.tweak.new_comprehensive", "zh")
    times: dict[bool, list[float]] = {False: [], True: []}
    modes = [False, True] if autosave_both else [os.environ.get("WORKBENCH_AUTOSAVE", "1") != "0"]
    for row in range(len(modes) * (repeat + 1)):  # the first run of each mode warms up
        autosave = modes[row % len(modes)]
        os.environ["WORKBENCH_AUTOSAVE"] = "1" if autosave else "0"
        generation = at.session_state.get("tweak.generation", 0)
        key = f"tweak.editor.1.{area}.{generation}"
        at.session_state[key] = {
            "edited_rows": {row: {"branch": new_branch}},
            "added_rows": [],
            "deleted_rows": [],
        }
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        if at.exception or len(at.session_state[DRAFTS_KEY]["A"].history.moves) != 1:
            raise RuntimeError("the Tweak page did not take the edit")
        if row >= len(modes):
            times[autosave].append(elapsed)
        at.session_state[DRAFTS_KEY] = {}  # back to no edit, untimed
        at.run()
    if autosave_both:
        return statistics.median(times[False]), statistics.median(times[True])
    return statistics.median(times[modes[0]])


def _variants(roster: Roster, plan: Plan, count: int) -> ScenarioBook:
    """``count`` scenarios: the plan, then each with one more member moved by hand."""
    book = ScenarioBook().add(Scenario("方案 1", plan.settings, plan))
    area = str(plan.assignments["area"].value_counts().index[0])
    members = plan.assignments[plan.assignments["area"] == area]["member_id"].astype(str).tolist()
    current = plan
    for i in range(1, count):
        move = Move(members[i], new_comprehensive_id(current.layout, area))
        current = recheck(roster, current, [move], plan.settings, "zh").plan
        book = book.add(Scenario(f"方案 {i + 1}", plan.settings, current, parent=f"方案 {i}", edits=(move,)))
    return book


def autosave_after_edit(roster: Roster, plan: Plan, repeat: int = 5) -> tuple[float, float]:
    """(first save, median save after one Tweak edit) of a session holding the sample and one
    scenario, into the store in ``WORKBENCH_DATA_DIR``: what ``ui.scenarios.save_draft`` adds."""
    from planner.edits import EditHistory
    from ui.scenarios import Draft, store_book
    from ui.state import ROSTER_KEY, LoadedRoster
    from ui.workshop_store import autosave

    state: dict[str, Any] = {ROSTER_KEY: LoadedRoster(roster=roster, sources=("sample",), signature="bench")}
    start = time.perf_counter()
    store_book(ScenarioBook().add(Scenario("A", plan.settings, plan)), state)  # the first save
    first = time.perf_counter() - start
    area = str(plan.assignments["area"].value_counts().index[0])
    members = plan.assignments[plan.assignments["area"] == area]["member_id"].astype(str).tolist()
    target = new_comprehensive_id(plan.layout, area)
    times = []
    for i in range(repeat + 1):
        history = EditHistory().push(Move(members[i], target))
        state["workshop.drafts"] = {"A": Draft("A", 1, history)}
        begin = time.perf_counter()
        saved = autosave(state, "zh")
        elapsed = time.perf_counter() - begin
        if saved is None:
            raise RuntimeError("the edit was not saved")
        if i:
            times.append(elapsed)
    return first, statistics.median(times)


def resume_five(roster: Roster, plan: Plan, repeat: int = 5) -> float:
    """Median seconds to continue a saved workshop of 5 scenarios (roster rebuilt and validated,
    every scenario validated and re-checked by the bundle reader) into a fresh session."""
    from planner.store import WorkshopStore
    from ui.workshop_store import continue_workshop

    store = WorkshopStore()
    info = store.create_workshop(roster, ["sample"], "bench")
    store.save(info.workshop_id, _variants(roster, plan, 5))
    times = []
    for i in range(repeat + 1):
        state: dict[str, Any] = {}
        begin = time.perf_counter()
        error = continue_workshop(info.workshop_id, "zh", state)
        elapsed = time.perf_counter() - begin
        if error is not None or len(state["workshop.book"].book) != 5:
            raise RuntimeError(f"the workshop did not resume: {error}")
        if i:
            times.append(elapsed)
    return statistics.median(times)


if __name__ == "__main__":
    raise SystemExit(main())
