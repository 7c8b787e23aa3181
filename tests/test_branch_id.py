"""Branch ids: format and parse are inverse, and foreign text is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.branch_id import BranchId, BranchKind, format_branch_id, parse_branch_id

_text = st.text(alphabet=st.characters(blacklist_characters="+#\n", blacklist_categories=("Cs",)), min_size=1)
_team = _text.filter(lambda s: ":" not in s and "/" not in s)


@given(
    area=_text,
    kind=st.sampled_from(list(BranchKind)),
    teams=st.lists(_team, min_size=1, max_size=5, unique=True),
    index=st.integers(1, 999),
)
def test_parse_inverts_format(area: str, kind: BranchKind, teams: list[str], index: int) -> None:
    bid = BranchId.of(area, kind, teams, index)
    text = bid.format()
    assert BranchId.parse(text, area) == bid
    assert parse_branch_id(text, area) == bid
    if "/" not in area:
        assert BranchId.parse(text) == bid


def test_examples() -> None:
    assert format_branch_id("瑞丽", "joint", ("R3", "R2")) == "瑞丽/joint:R2+R3"
    assert format_branch_id("汽三", BranchKind.TEAM, ("Q1",), 2) == "汽三/team:Q1#2"
    assert format_branch_id("汽三", "comprehensive", (), 1) == "汽三/comprehensive"
    assert format_branch_id("汽三", "single", (), 4) == "汽三/single"
    parsed = BranchId.parse("汽三/joint:B+A#2")
    assert parsed == BranchId("汽三", BranchKind.JOINT, ("A", "B"), 2)
    # an area name holding "/" parses when the area is given
    assert BranchId.parse("A/B/comprehensive#3", "A/B") == BranchId("A/B", BranchKind.COMPREHENSIVE, (), 3)
    assert BranchId.parse("A/B/comprehensive#3", "A") is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "single",
        "汽三/",
        "汽三/team:",
        "汽三/joint:",
        "汽三/comprehensive#0",
        "汽三/single#2",
        "汽三/other",
        "汽三/comprehensive#x",
    ],
)
def test_foreign_text_is_refused(text: str) -> None:
    assert BranchId.parse(text) is None


def test_team_branch_needs_a_team() -> None:
    with pytest.raises(ValueError):
        BranchId.of("a", BranchKind.TEAM)
