"""The planner's optimum is the true optimum (issue 7): on tiny rosters every layout is enumerated
(every partition of the members into branches, each branch comprehensive, a team branch or a joint
branch of two teams), scored by the rule checker and the objective, and the best is compared with
the planner's. Rule-breaking layouts are scored too (all but those breaking a rule the model always
keeps: MODEL_KEEPS), so the planner may not trade a rule away."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.objective import objective_terms
from planner.plan import Layout
from planner.rules import assignment_reasons, branch_name
from planner.runner import AreaTask, solve_area
from planner.schema import Roster
from planner.settings import JointTypeRule, MobilityPlacement, Rules, Settings, SolverOptions
from tests.plan_fixtures import roster_from_csv

AREA = "B"
#: Rules the model never breaks (README, "How the planner works"): the size cap, a joint branch's
#: team count and types, the team split. Every other rule may be broken, at its penalty, and the
#: layouts breaking them are scored here like the planner scores them.
MODEL_KEEPS = {"size_cap", "joint_teams", "joint_types", "team_split"}
MEMBER_HEADER = "member_id,name,area,status,mobility,hardship,role,teams"
TEAM_HEADER = "team_id,name,area,type,participants,leader"


def partitions(items: list[str]) -> Iterator[list[list[str]]]:
    """Every set partition of ``items``."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in partitions(rest):
        for i in range(len(part)):
            yield [*part[:i], [first, *part[i]], *part[i + 1 :]]
        yield [[first], *part]


def labelled(blocks: int, teams: list[str]) -> Iterator[list[tuple[str, tuple[str, ...]]]]:
    """Every way to give ``blocks`` branches a kind: comprehensive (any number of them), or a team
    or joint branch built on teams, each of those used once (a second use is a split team, which
    the team_split rule and the checker govern; tiny teams never exceed the cap)."""
    labels: list[tuple[str, tuple[str, ...]]] = [("team", (t,)) for t in teams]
    if len(teams) >= 2:
        labels.append(("joint", tuple(teams)))

    def rec(k: int, used: frozenset[int]) -> Iterator[list[tuple[str, tuple[str, ...]]]]:
        if k == 0:
            yield []
            return
        for rest in rec(k - 1, used):
            yield [("comprehensive", ()), *rest]
        for i, label in enumerate(labels):
            if i not in used:
                for rest in rec(k - 1, used | {i}):
                    yield [label, *rest]

    yield from rec(blocks, frozenset())


def layout_of(
    roster: Roster, settings_: Settings, blocks: list[list[str]], kinds: list[tuple[str, tuple[str, ...]]]
) -> Layout:
    import pandas as pd

    from planner.branch_id import format_branch_id

    counter: dict[str, int] = {}
    rows, members, where = [], [], []
    for block, (kind, teams) in zip(blocks, kinds, strict=True):
        key = f"{kind}:{teams}"
        counter[key] = counter.get(key, 0) + 1
        bid = format_branch_id(AREA, kind, teams, counter[key])
        rows.append((bid, kind, branch_name(AREA, kind, list(teams), counter[key]), teams))
        for m in block:
            members.append(m)
            where.append(bid)
    if len(blocks) == 1 and kinds[0][0] == "comprehensive":
        rows = [(f"{AREA}/single", "single", branch_name(AREA, "single"), ())]
        where = [f"{AREA}/single"] * len(members)
    branches = pd.DataFrame(
        {
            "branch_id": pd.Series([r[0] for r in rows], dtype="str"),
            "area": pd.Series([AREA] * len(rows), dtype="str"),
            "kind": pd.Series([r[1] for r in rows], dtype="str"),
            "name": pd.Series([r[2] for r in rows], dtype="str"),
            "teams": pd.Series([r[3] for r in rows], dtype=object),
        }
    )
    assignments = pd.DataFrame(
        {
            "member_id": pd.Series(members, dtype="str"),
            "area": pd.Series([AREA] * len(members), dtype="str"),
            "branch_id": pd.Series(where, dtype="str"),
            "group_id": pd.Series([""] * len(members), dtype="str"),
            "reason": pd.Series([""] * len(members), dtype="str"),
        }
    )
    layout = Layout(assignments, branches)
    assignments["reason"] = assignment_reasons(roster, layout, settings_).to_numpy()
    return Layout(assignments, branches)


def best_by_enumeration(roster: Roster, settings_: Settings) -> float:
    ids = sorted(roster.members["member_id"].astype(str))
    teams = sorted(roster.teams["team_id"].astype(str))
    best = -float("inf")
    for blocks in partitions(ids):
        for kinds in labelled(len(blocks), teams):
            layout = layout_of(roster, settings_, blocks, kinds)
            terms = objective_terms(roster, layout, settings_, AREA)
            if not MODEL_KEEPS & set(terms.penalties):
                best = max(best, terms.value(settings_))
    return best


def planned(roster: Roster, settings_: Settings) -> float:
    outcome = solve_area(AreaTask(area=AREA, roster=roster, settings=settings_, lang="en"))
    assert outcome.objective is not None
    return max(outcome.objective, outcome.greedy_objective)


def roster_of(members: list[tuple[str, str, str, str]], types: tuple[str, str]) -> Roster:
    rows = [
        f"{i},m{i},{AREA},{status},{mob},no,{role},{teams}"
        for i, (status, mob, role, teams) in enumerate(members)
    ]
    team_rows = [f"T{k},队{k},{AREA},{types[k]},," for k in range(2)]
    return roster_from_csv(MEMBER_HEADER + "\n" + "\n".join(rows), TEAM_HEADER + "\n" + "\n".join(team_rows))


_member = st.tuples(
    st.sampled_from(["full", "full", "probationary"]),
    st.sampled_from(["normal", "normal", "bedridden"]),
    st.sampled_from(["none", "none", "committee", "team_leader"]),
    st.sampled_from(["", "T0", "T1", "T0;T1", "T1;T0"]),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=st.lists(_member, min_size=3, max_size=5),
    types=st.tuples(
        st.sampled_from(["culture", "sports", "learning"]), st.sampled_from(["culture", "sports"])
    ),
    rules=st.builds(
        Rules,
        max_branch_size=st.sampled_from([3, 4, 50]),
        min_full_members=st.integers(1, 2),
        committee_threshold=st.integers(2, 4),
        committee_min_candidates=st.integers(1, 2),
        joint_type_rule=st.sampled_from(list(JointTypeRule)),
        allow_attached=st.booleans(),
        mobility_placement=st.sampled_from(list(MobilityPlacement)),
        group_threshold=st.just(4),
    ),
)
def test_the_planner_finds_the_best_of_every_layout(
    members: list[tuple[str, str, str, str]], types: tuple[str, str], rules: Rules
) -> None:
    roster = roster_of(members, types)
    settings_ = Settings(rules=rules, solver=SolverOptions(time_limit=60, gap=0.0))
    best = best_by_enumeration(roster, settings_)
    got = planned(roster, settings_)
    assert got == pytest.approx(best, abs=1e-6)
