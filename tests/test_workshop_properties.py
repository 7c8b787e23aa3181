"""Property tests of the workshop engine: comparisons, edits, history, bundle frames, neutralising."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.bundle import frame_from_json, frame_to_json
from planner.compare import flow, who_moved
from planner.edits import EditHistory, Move, apply_moves
from planner.export import neutralise
from planner.plan import ASSIGNMENT_COLUMNS, Layout
from planner.scenario import frames_equal
from tests.plan_fixtures import roster_from_csv

N_MEMBERS = 24
AREAS = ("东区", "西区")
IDS = [f"{i:03d}" for i in range(N_MEMBERS)]
AREA_OF = {m: AREAS[i % 2] for i, m in enumerate(IDS)}
BRANCHES = {area: [f"{area}/team:T{k}" for k in range(4)] + [f"{area}/comprehensive"] for area in AREAS}
ROSTER = roster_from_csv(
    "member_id,name,area\n" + "\n".join(f"{m},名{m},{AREA_OF[m]}" for m in IDS),
    "team_id,name,area\n" + "\n".join(f"T{k},队{k},{a}" for a in AREAS for k in range(4)),
)
ALL_BRANCHES = pd.DataFrame(
    {
        "branch_id": [b for a in AREAS for b in BRANCHES[a]],
        "area": [a for a in AREAS for _ in BRANCHES[a]],
        "kind": [
            ("comprehensive" if b.endswith("comprehensive") else "team") for a in AREAS for b in BRANCHES[a]
        ],
        "name": [b for a in AREAS for b in BRANCHES[a]],
    }
).astype("str")
ALL_BRANCHES["teams"] = pd.Series([() for _ in range(len(ALL_BRANCHES))], dtype=object)

SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def assignments(draw: st.DrawFn) -> pd.DataFrame:
    """Every member placed once, in a branch of their area."""
    placed = [draw(st.sampled_from(BRANCHES[AREA_OF[m]])) for m in IDS]
    reasons = [
        draw(st.sampled_from(("first_choice", "other_team", "attached", "comprehensive", "pinned")))
        for _ in IDS
    ]
    return pd.DataFrame(
        {
            "member_id": pd.Series(IDS, dtype="str"),
            "area": pd.Series([AREA_OF[m] for m in IDS], dtype="str"),
            "branch_id": pd.Series(placed, dtype="str"),
            "group_id": pd.Series([""] * N_MEMBERS, dtype="str"),
            "reason": pd.Series(reasons, dtype="str"),
        }
    )[list(ASSIGNMENT_COLUMNS)]


def _mapping(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["member_id"], frame["branch_id"], strict=True))


def _moves(moved: pd.DataFrame) -> list[Move]:
    return [Move(m, b) for m, b in zip(moved["member_id"], moved["to_branch"], strict=True)]


@SETTINGS
@given(assignments())
def test_a_scenario_compared_with_itself_moves_no_one(a: pd.DataFrame) -> None:
    assert who_moved(ROSTER, a, a, "en").empty
    flows = flow(a, a)
    assert (flows["source"] == flows["target"]).all()
    assert flows["members"].sum() == N_MEMBERS


@SETTINGS
@given(assignments(), assignments())
def test_a_to_b_then_b_to_a_restores(a: pd.DataFrame, b: pd.DataFrame) -> None:
    forward = who_moved(ROSTER, a, b, "en")
    layout_b = apply_moves(Layout(a, ALL_BRANCHES), _moves(forward))
    assert _mapping(layout_b.assignments) == _mapping(b)
    backward = who_moved(ROSTER, b, a, "zh")
    assert len(backward) == len(forward)
    layout_a = apply_moves(Layout(layout_b.assignments, ALL_BRANCHES), _moves(backward))
    assert _mapping(layout_a.assignments) == _mapping(a)
    assert list(layout_a.assignments["member_id"]) == IDS  # row order kept


@SETTINGS
@given(assignments(), assignments())
def test_flow_agrees_with_who_moved(a: pd.DataFrame, b: pd.DataFrame) -> None:
    flows = flow(a, b)
    assert flows["members"].sum() == N_MEMBERS
    off_diagonal = flows.loc[flows["source"] != flows["target"], "members"].sum()
    assert off_diagonal == len(who_moved(ROSTER, a, b, "en"))
    assert not flows.duplicated(["source", "target"]).any()


@SETTINGS
@given(st.lists(st.one_of(st.just("undo"), st.just("redo"), st.integers(0, 9)), max_size=30))
def test_history_matches_a_simple_undo_stack(ops: list[object]) -> None:
    history = EditHistory()
    done: list[Move] = []
    undone: list[Move] = []
    for op in ops:
        if op == "undo":
            history = history.undo()
            if done:
                undone.append(done.pop())
        elif op == "redo":
            history = history.redo()
            if undone:
                done.append(undone.pop())
        else:
            move = Move(f"{op}", "x")
            history = history.push(move)
            done.append(move)
            undone.clear()
        assert history.moves == tuple(done)
        assert history.can_undo == bool(done) and history.can_redo == bool(undone)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    strs = draw(st.lists(st.one_of(st.none(), _text), min_size=n, max_size=n))
    ints = draw(st.lists(st.integers(-(2**40), 2**40), min_size=n, max_size=n))
    floats = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=n, max_size=n))
    bools = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    nullable = draw(st.lists(st.one_of(st.none(), st.integers(0, 999)), min_size=n, max_size=n))
    tuples = draw(st.lists(st.tuples(_text, _text) | st.just(()), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "s": pd.Series(strs, dtype="str"),
            "i": pd.Series(ints, dtype="int64"),
            "f": pd.Series(floats, dtype="float64"),
            "b": pd.Series(bools, dtype="bool"),
            "n": pd.Series(nullable, dtype="Int64"),
            "t": pd.Series(tuples, dtype=object),
        }
    )


@SETTINGS
@given(frames())
def test_bundle_frames_round_trip(frame: pd.DataFrame) -> None:
    import json

    text = json.dumps(frame_to_json(frame), allow_nan=False)
    back = frame_from_json(json.loads(text), "frame")
    assert frames_equal(frame, back)
    assert all(isinstance(v, tuple) for v in back["t"])


@SETTINGS
@given(st.text(max_size=20))
def test_neutralise_makes_every_text_inert(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert safe in (text, "'" + text)
    assert neutralise(safe) == safe
