"""planner.warmstart: a start from the greedy layout scores exactly its objective and keeps every
constraint of the model."""

from __future__ import annotations

import pytest

from planner.encode import encode_area
from planner.greedy import greedy_layout
from planner.model import build_area_model
from planner.objective import layout_objective
from planner.settings import Settings
from planner.warmstart import warm_start
from tests.plan_fixtures import leader_short_roster, qi3_roster, ruili_roster


@pytest.mark.parametrize(
    ("roster", "area"),
    [(qi3_roster(), "汽三"), (ruili_roster(), "瑞丽"), (leader_short_roster(), "鹤北一")],
)
def test_a_warm_start_from_the_greedy_layout_scores_exactly_its_objective(roster: object, area: str) -> None:
    settings = Settings()
    greedy = greedy_layout(roster, settings, area)  # type: ignore[arg-type]
    model = build_area_model(encode_area(roster, settings, area))  # type: ignore[arg-type]
    assert warm_start(model, greedy, roster)  # type: ignore[arg-type]
    assert model.objective.value() == pytest.approx(layout_objective(roster, greedy, settings, area))  # type: ignore[arg-type]
    # and the start satisfies every constraint
    broken = [c.name for c in model.prob.constraints() if not c.valid(1e-6)]
    assert broken == []
