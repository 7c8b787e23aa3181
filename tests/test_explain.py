"""Pre-checks and rendered explanations, in both languages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from planner.explain import Fix, FixKind, candidates_needed, explain, precheck_area, precheck_community
from planner.greedy import greedy_layout
from planner.i18n import CATALOGUE
from planner.plan import VIOLATION_COLUMNS, Layout
from planner.rules import RULES, check_layout, violations_frame
from planner.settings import Constraints, MemberPin, Rules, Settings, TeamMode, TeamPin
from planner.staffing import staff_branches
from tests.plan_fixtures import leader_short_roster, qi3_roster, ruili_roster, story_roster

DEFAULT = Settings()


def test_leader_short_area_is_caught_before_any_solve_in_both_languages() -> None:
    roster = leader_short_roster()
    pre = precheck_area(roster, DEFAULT, "鹤北一")
    assert list(pre.columns) == list(VIOLATION_COLUMNS)
    rows = {r: (v, lim) for r, v, lim in zip(pre["rule"], pre["value"], pre["limit"], strict=True)}
    assert rows["secretary_candidate"] == (4, 7)
    assert rows["committee_candidates"] == (4, 21)
    en = explain(pre, roster, DEFAULT, "en").set_index("rule")
    assert en.at["secretary_candidate", "message"] == (
        "鹤北一: 329 members need at least 7 branches under a cap of 50, but only 4 members can be secretary."
    )
    designate, cap = en.at["secretary_candidate", "fixes"]
    assert designate.kind is FixKind.DESIGNATE and len(designate.members) == 3
    pool = roster.members.set_index("member_id").loc[list(designate.members)]
    assert (pool["area"] == "鹤北一").all() and (pool["status"] == "full").all()
    assert not pool["role"].isin(["secretary", "committee", "group_leader", "team_leader"]).any()
    assert designate.text.startswith("designate 党员") and designate.text.endswith(
        "in 鹤北一 as secretary or committee candidates"
    )
    assert (cap.kind, cap.setting, cap.value, cap.text) == (
        FixKind.SETTING,
        "rules.max_branch_size",
        83,
        "raise the size cap to 83",
    )
    assert designate.effect is not None and designate.effect.gap_after == 0
    zh = explain(pre, roster, DEFAULT, "zh").set_index("rule")
    assert zh.at["secretary_candidate", "message"] == (
        "鹤北一：329名党员在每个支部不超过50人的上限下至少需要7个支部，但只有4名党员可任书记。"
    )
    assert [f.text for f in zh.at["secretary_candidate", "fixes"]][1] == "将支部人数上限提高到83"
    assert zh.at["secretary_candidate", "fixes"][0].text.startswith("在鹤北一确定党员")
    # 21 needed, 4 there: the designation names the 17 missing
    assert len(zh.at["committee_candidates", "fixes"][0].members) == 17


def test_story_areas_that_can_be_staffed_pass_the_precheck() -> None:
    assert precheck_area(qi3_roster(), DEFAULT, "汽三").empty
    assert precheck_area(ruili_roster(), DEFAULT, "瑞丽").empty


def test_a_higher_cap_clears_the_leader_shortage() -> None:
    roster = leader_short_roster()
    wide = replace(DEFAULT, rules=replace(DEFAULT.rules, max_branch_size=83))
    pre = precheck_area(roster, wide, "鹤北一")
    assert "secretary_candidate" not in set(pre["rule"])


@pytest.mark.parametrize(
    ("members", "full", "expected"),
    [
        (329, 318, 21),  # 7 branches, each with 7+ full members: 3 candidates each
        (40, 10, 2),  # two branches of at most 6 full members beat one committee branch
        (40, 6, 1),
        (0, 0, 0),
        (120, 110, 8),  # 4 branches, 2 of them with committees, beat 3 committee branches (9)
    ],
)
def test_candidates_needed(members: int, full: int, expected: int) -> None:
    assert candidates_needed(members, full, Rules()) == expected


def test_precheck_mobility_full_members_and_bad_references() -> None:
    roster = ruili_roster()
    tight = Settings(
        rules=Rules(max_mobility_share=0.05, max_branch_size=8),
        constraints=Constraints(
            member_pins=(MemberPin("01001", "NOPE"), MemberPin("99999", None)),
            team_pins=(TeamPin("瑞丽", "GHOST", TeamMode.OWN),),
            teams_together=(("瑞丽", "R1", "GHOST"),),
            members_apart=(("01001", "88888"),),
        ),
    )
    pre = precheck_area(roster, tight, "瑞丽")
    got = set(zip(pre["rule"], pre["detail"], strict=True))
    assert ("mobility_share", "area") in got
    assert ("secretary_candidate", "area") in got  # 88 members need 11 branches; 9 candidates
    assert ("member_pin", "unknown_team") in got
    assert ("team_pin", "unknown_team") in got
    assert ("teams_together", "unknown_team") in got
    community = precheck_community(roster, tight)
    unknown = community[community["detail"] == "unknown_member"]
    assert set(zip(unknown["rule"], unknown["subject"], strict=True)) == {
        ("member_pin", "99999"),
        ("members_apart", "88888"),
    }
    for lang in ("zh", "en"):
        rendered = explain(community, roster, tight, lang)
        assert rendered["message"].str.len().gt(0).all()
        assert not rendered["message"].str.contains(r"[{}]").any()


def test_precheck_min_full_members() -> None:
    roster = ruili_roster()
    members = roster.members.copy()
    members["status"] = "probationary"
    pre = precheck_area(replace(roster, members=members), DEFAULT, "瑞丽")
    row = pre[pre["rule"] == "min_full_members"].iloc[0]
    assert (row["value"], row["limit"]) == (0, 6)
    rendered = explain(pre, replace(roster, members=members), DEFAULT, "en").set_index("rule")
    # No full member at all: no designation, move or setting helps, so nothing is offered.
    assert rendered.at["min_full_members", "fixes"] == ()


def test_an_unknown_rule_gets_the_generic_message() -> None:
    rows = [{"area": "瑞丽", "rule": "future_rule", "value": 2, "limit": 1}]
    out = explain(violations_frame(rows), ruili_roster(), DEFAULT, "en")
    assert out.at[0, "message"] == "瑞丽: future_rule (found 2, required 1)."
    assert out.at[0, "fixes"] == ()


# Every (rule, detail) the checker and pre-checks emit, with a plausible row.
CASES = [
    ("size_cap", "", "瑞丽/team:R1", "", 60, 50),
    ("min_full_members", "", "瑞丽/joint:R2+R3", "", 2, 3),
    ("min_full_members", "area", "", "", 4, 6),
    ("secretary_candidate", "", "瑞丽/comprehensive#2", "", 0, 1),
    ("secretary_candidate", "", "瑞丽/team:R1", "", 0, 1),
    ("secretary_candidate", "area", "", "", 2, 3),
    ("committee_candidates", "", "瑞丽/team:R1", "", 1, 3),
    ("committee_candidates", "area", "", "", 4, 9),
    ("joint_teams", "too_few", "瑞丽/joint:R2", "", 1, 2),
    ("joint_teams", "too_many", "瑞丽/joint:R2+R3+R4", "", 3, 2),
    ("joint_types", "", "瑞丽/joint:R2+R4", "culture+sports", 2, 1),
    ("team_split", "", "瑞丽/joint:R2+R3", "R2", 2, 1),
    ("member_placed", "missing", "", "01001", 0, 1),
    ("member_placed", "duplicate", "", "01001", 2, 1),
    ("member_placed", "other_area", "汽三/team:Q1", "01001", 1, 0),
    ("member_placed", "unknown_branch", "瑞丽/nowhere", "01001", 1, 0),
    ("member_placed", "unknown_member", "", "77777", 1, 0),
    ("through_team", "not_attached", "瑞丽/team:R1", "01060", 1, 0),
    ("through_team", "attached_not_allowed", "瑞丽/team:R1", "01060", 1, 0),
    ("party_groups", "missing", "瑞丽/team:R1", "", 0, 2),
    ("party_groups", "ungrouped", "瑞丽/team:R1", "01001", 0, 1),
    ("party_groups", "too_small", "瑞丽/team:R1", "瑞丽/team:R1/g2", 2, 3),
    ("party_groups", "no_full_member", "瑞丽/team:R1", "瑞丽/team:R1/g1", 0, 1),
    ("mobility_share", "", "瑞丽/comprehensive", "", 0.41, 0.3),
    ("mobility_share", "area", "", "", 0.35, 0.3),
    ("member_pin", "team", "瑞丽/comprehensive", "01001", 0, 1),
    ("member_pin", "comprehensive", "瑞丽/team:R1", "01002", 0, 1),
    ("member_pin", "unknown_team", "", "01003", 0, 1),
    ("member_pin", "unknown_member", "", "99999", 0, 1),
    ("members_together", "", "", "01001|01060", 0, 1),
    ("members_apart", "", "瑞丽/team:R1", "01001|01002", 0, 1),
    ("members_apart", "unknown_member", "", "99999", 0, 1),
    ("team_pin", "own", "", "R2", 0, 1),
    ("team_pin", "joint", "瑞丽/team:R1", "R1", 0, 1),
    ("team_pin", "none", "瑞丽/team:R1", "R1", 0, 1),
    ("team_pin", "unknown_team", "", "GHOST", 0, 1),
    ("teams_together", "", "", "R1|R2", 0, 1),
    ("teams_apart", "", "瑞丽/joint:R2+R3", "R2|R3", 0, 1),
    ("teams_together", "unknown_team", "", "R1|GHOST", 0, 1),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_violation_renders_a_specific_message_with_fixes(lang: str) -> None:
    roster = ruili_roster()
    settings = Settings(
        constraints=Constraints(
            member_pins=(MemberPin("01001", "R1"), MemberPin("01002", None), MemberPin("01003", "X"))
        )
    )
    rows = [
        {"area": "瑞丽", "rule": r, "detail": d, "branch_id": b, "subject": s, "value": v, "limit": lim}
        for r, d, b, s, v, lim in CASES
    ]
    assert {r for r, *_ in CASES} == set(RULES)
    out = explain(violations_frame(rows), roster, settings, lang)
    assert list(out.columns) == list(VIOLATION_COLUMNS)
    generic = re.escape(CATALOGUE["violation.generic"][lang]).replace(r"\{", "{").replace(r"\}", "}")
    generic = re.sub(r"{\w+}", ".*", generic)
    for message, fixes, rule in zip(out["message"], out["fixes"], out["rule"], strict=True):
        assert message and "{" not in message and "}" not in message
        assert not re.fullmatch(generic, message), (rule, message)  # a specific text, not the fallback
        assert isinstance(fixes, tuple), (rule, message)  # without a layout: only area-wide fixes
        assert all(isinstance(f, Fix) and f.text and "{" not in f.text for f in fixes)
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", message)
    by = {(r, d): m for r, d, m in zip(out["rule"], out["detail"], out["message"], strict=True)}
    member = "党员01001（01001）" if lang == "zh" else "党员01001 (01001)"
    assert member in by[("member_placed", "missing")]
    assert ("巡逻队" in by[("size_cap", "")]) and "60" in by[("size_cap", "")]
    assert "41%" in by[("mobility_share", "")]
    target = "巡逻队的支部" if lang == "zh" else "the branch of 巡逻队"
    assert target in by[("member_pin", "team")]


def test_explain_keeps_rows_and_handles_empty_frames() -> None:
    roster = story_roster()
    empty = explain(violations_frame([]), roster, DEFAULT, "en")
    assert empty.empty and list(empty.columns) == list(VIOLATION_COLUMNS)
    layout = greedy_layout(roster, DEFAULT, "鹤北一")
    _, _, assignments = staff_branches(roster, layout, DEFAULT)
    v = check_layout(roster, Layout(assignments, layout.branches), DEFAULT, areas=["鹤北一"])
    out = explain(v, roster, DEFAULT, "en", layout=Layout(assignments, layout.branches))
    assert len(out) == len(v)
    assert out[["area", "rule", "branch_id", "subject", "value", "limit", "detail"]].equals(
        v[["area", "rule", "branch_id", "subject", "value", "limit", "detail"]]
    )
    no_secretary = out[out["rule"] == "secretary_candidate"]
    assert no_secretary["message"].str.contains("has no secretary candidate").all()
    # Designations name full members without a backbone role of that very branch.
    where = dict(zip(assignments["member_id"], assignments["branch_id"], strict=True))
    designations = [
        (bid, f)
        for bid, fixes in zip(out["branch_id"], out["fixes"], strict=True)
        for f in fixes
        if f.kind is FixKind.DESIGNATE
    ]
    assert designations
    for bid, fix in designations:
        assert fix.branch_id == bid and all(where[m] == bid for m in fix.members)
