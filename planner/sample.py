"""The sample community: a synthetic roster shaped like the story's sub-district, and a blank template.

At ``scale=1`` the community has 39 residential areas (each one branch today), about 5,900
members and 185 teams of the four types, with the story's figures built in: Hebei-1 (鹤北一)
has 329 members and only 4 secretary candidates; Qi-3 (汽三) four mature teams each able to
staff a branch; Ruili (瑞丽) one large patrol team and small scattered culture and sports teams;
Kunyang (昆阳) 182 members reached by 11 leaders. ``scale=X`` makes ``ceil(X)`` such communities
(areas of copy k >= 2 get the suffix ``-k``) and keeps the first ``round(39 * X)`` areas.

Everything comes from one ``numpy.random.default_rng(seed)``, so a seed gives the same tables.

Input tables (what a user would upload; English DESIGN.md column names, English codes, all text):

members: member_id, name, area, current_branch, status, gender, birth_date ("1952-03-14" or
    "1952"), employment, mobility, hardship ("yes"/"no"), role, teams (team names in order of
    preference, joined with "、", sometimes "；" or ",").
teams: team_id, name, area, type, participants (int), leader (a member_id, a resident's name or "").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import t
from planner.schema import (
    EMPLOYMENT_VALUES,
    GENDER_VALUES,
    MEMBER_HEADERS_ZH,
    MEMBER_SPECS,
    MOBILITY_VALUES,
    ROLE_VALUES,
    STATUS_VALUES,
    TEAM_HEADERS_ZH,
    TEAM_SPECS,
    TEAM_TYPES,
    VALUE_ZH,
    ColumnSpec,
)

MEMBER_INPUT_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_SPECS)
TEAM_INPUT_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in TEAM_SPECS)

MEMBERS_SHEET = "党员名册"
TEAMS_SHEET = "团队"
NOTES_SHEET = "说明 Notes"  # Excel forbids "/" in sheet names
STREET = "鹤城街道"
ROSTER_YEAR = 2026

MIN_SCALE = 0.01
MAX_SCALE = 50.0

COMMUNITY_XLSX = "community.xlsx"
MEMBERS_CSV = "community_members.csv"
TEAMS_CSV = "community_teams.csv"
TEMPLATE_XLSX = "template.xlsx"

# The story's areas.
HEBEI1, QI3, RUILI, KUNYANG, HONG6, HONG4 = "鹤北一", "汽三", "瑞丽", "昆阳", "红六", "红四"
STORY_AREAS: tuple[str, ...] = (HEBEI1, QI3, RUILI, KUNYANG, HONG6, HONG4)

#: All 39 areas in the order a district register would list them.
AREA_NAMES: tuple[str, ...] = (
    "鹤北一", "鹤北二", "鹤北三", "鹤南一", "鹤南二",
    "汽一", "汽二", "汽三", "汽四", "汽五",
    "红一", "红二", "红三", "红四", "红五", "红六",
    "瑞丽", "昆阳", "长山", "长虹", "电机", "机电一", "机电二", "工农", "新华",
    "前进", "光明", "友谊", "向阳", "东风", "和平", "建设", "胜利", "团结",
    "幸福", "春晖", "金桥", "望江", "松园",
)  # fmt: skip

HEBEI1_SIZE = 329
KUNYANG_SIZE = 182
TEAMS_PER_COPY = 185
TEAMS_WITHOUT_PARTY = 25  # 185 - 160 teams with Party members
TEAMS_WITH_ONE_OR_TWO = 47  # 160 - 113 teams with three or more
#: Party-member places in teams per copy; overlaps bring the distinct members to about 1,100.
TEAM_PLACES_RANGE = (1170, 1230)
TOTAL_MEMBERS_RANGE = (5890, 5950)

TEAM_NAMES: dict[str, tuple[str, ...]] = {
    "learning": (
        "议事团", "读书会", "理论学习小组", "政策宣讲团", "党史宣讲队", "老年大学学习班",
        "时事沙龙", "法律学习小组", "电脑学习班", "科普学习小组",
    ),
    "culture": (
        "歌咏队", "戏曲队", "合唱团", "舞蹈队", "书画社", "摄影队", "越剧队", "京剧社",
        "沪剧队", "民乐队", "朗诵队", "秧歌队", "手工编织队", "剪纸社", "时装队",
    ),
    "sports": (
        "鼓操队", "太极拳队", "健身操队", "乒乓球队", "门球队", "健步走队", "木兰扇队",
        "柔力球队", "广场舞队", "气功队", "象棋队", "腰鼓队", "羽毛球队",
    ),
    "service": (
        "巡逻队", "志愿服务队", "环境卫生队", "帮困服务队", "调解队", "助老服务队", "护绿队",
        "垃圾分类督导队", "文明劝导队", "便民服务队", "义务维修队", "关爱帮扶队",
    ),
}  # fmt: skip
TEAM_TYPE_SHARES = (0.15, 0.35, 0.30, 0.20)  # learning, culture, sports, service

SURNAMES = (  # roughly by frequency
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
FEMALE_CHARS = "秀英兰芳玉珍华凤梅丽琴桂霞萍红美敏静燕淑云娟莲翠菊珠爱月雪慧素彩银春香荣巧玲洁琳"
MALE_CHARS = "建国明华伟强军平林文德富福根志永海荣生卫东成忠金宝龙庆祥新民正光辉兴家勇良俊山保全"

_EMPLOYMENT = ("retired", "employed", "unemployed", "other")
_EMPLOYMENT_P = (0.875, 0.075, 0.03, 0.02)
_BIRTH = {  # employment -> (mean, sd, low, high) of the birth year
    "retired": (1952.0, 7.0, 1935, 1966),
    "employed": (1978.0, 8.0, 1966, 2000),
    "unemployed": (1972.0, 8.0, 1958, 1998),
    "other": (1965.0, 14.0, 1938, 1998),
}


@dataclass(frozen=True)
class _TeamPlan:
    name: str
    type: str
    party: int  # Party members who list the team
    kind: str = ""  # "mature" (Qi-3), "patrol" (Ruili), or "" for an ordinary team


@dataclass(frozen=True)
class _AreaPlan:
    base: str  # the name in AREA_NAMES
    name: str  # with the copy suffix
    size: int
    teams: tuple[_TeamPlan, ...]


def check_scale(scale: float) -> None:
    """Raise ValueError (English text; ``sample.bad_scale`` has both languages) for a bad scale."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and MIN_SCALE <= scale <= MAX_SCALE):
        raise ValueError(t("sample.bad_scale", "en", low=MIN_SCALE, high=MAX_SCALE, value=scale))


def check_seed(seed: int) -> None:
    """Raise ValueError (``sample.bad_seed``) unless ``seed`` is a whole number, 0 or more."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(t("sample.bad_seed", "en", value=seed))


# ---------------------------------------------------------------------------------------------
# Planning the shape of one copy of the community
# ---------------------------------------------------------------------------------------------


def _adjust_to_total(
    values: np.ndarray, low: np.ndarray, high: np.ndarray, total: int, rng: np.random.Generator
) -> np.ndarray:
    """Move ``values`` by single steps, within [low, high], until they sum to ``total``."""
    out = np.clip(values, low, high).astype(np.int64)
    diff = int(total - out.sum())
    while diff:
        step = 1 if diff > 0 else -1
        movable = np.flatnonzero(out < high if step > 0 else out > low)
        if movable.size == 0:
            raise ValueError(f"cannot reach total {total} within bounds")
        out[movable[rng.integers(movable.size)]] += step
        diff -= step
    return out


def _area_sizes(rng: np.random.Generator) -> dict[str, int]:
    """Sizes hitting the story: 25 areas above 100, 11 of them above 200, Hebei-1 the largest."""
    sizes = {HEBEI1: HEBEI1_SIZE, KUNYANG: KUNYANG_SIZE}
    sizes[QI3] = int(rng.integers(115, 146))
    sizes[RUILI] = int(rng.integers(150, 196))
    others = [a for a in AREA_NAMES if a not in STORY_AREAS]
    others = [others[i] for i in rng.permutation(len(others))]
    big, mid, small = others[:10], [HONG6, HONG4, *others[10:19]], others[19:]
    free = big + mid + small
    low = np.array([201] * len(big) + [101] * len(mid) + [35] * len(small))
    high = np.array([300] * len(big) + [200] * len(mid) + [100] * len(small))
    draw = np.concatenate(
        [
            rng.integers(205, 301, len(big)),
            rng.integers(104, 200, len(mid)),
            rng.integers(38, 100, len(small)),
        ]
    )
    total = int(rng.integers(*TOTAL_MEMBERS_RANGE)) - sum(sizes.values())
    for area, size in zip(free, _adjust_to_total(draw, low, high, total, rng), strict=True):
        sizes[area] = int(size)
    return sizes


def _pick_team_name(rng: np.random.Generator, team_type: str, taken: set[str]) -> str:
    options = [n for n in TEAM_NAMES[team_type] if n not in taken]
    name = options[rng.integers(len(options))] if options else f"{TEAM_NAMES[team_type][0]}{len(taken) + 1}"
    taken.add(name)
    return name


def _plan_copy(rng: np.random.Generator, suffix: str) -> list[_AreaPlan]:
    sizes = _area_sizes(rng)
    # area -> [(type, name or "" to draw one, Party members, kind)]; Qi-3's counts are set below
    fixed: dict[str, list[tuple[str, str, int, str]]] = {
        QI3: [
            ("learning", "议事团", 0, "mature"),
            ("culture", "歌咏队", 0, "mature"),
            ("culture", "戏曲队", 0, "mature"),
            ("sports", "鼓操队", 0, "mature"),
        ],
        RUILI: [("service", "巡逻队", int(rng.integers(32, 45)), "patrol")]
        + [("culture", "", int(rng.integers(3, 9)), "") for _ in range(3)]
        + [("sports", "", int(rng.integers(3, 9)), "") for _ in range(2)],
        HONG4: [("service", "巡逻队", int(rng.integers(12, 25)), "")],
        HONG6: [(tp, "", int(rng.integers(5, 11)), "") for tp in ("culture", "sports", "culture")],
    }
    # Qi-3's four mature teams hold most of the area, with room left for non-team members.
    mature = rng.integers(22, 37, 4)
    cap = int(sizes[QI3] * 0.78)
    if mature.sum() > cap:
        mature = np.maximum(20, np.floor(mature * cap / mature.sum())).astype(np.int64)
    fixed[QI3] = [(tp, nm, int(k), kind) for (tp, nm, _, kind), k in zip(fixed[QI3], mature, strict=True)]
    extra = {QI3: 2, RUILI: 0, HONG4: 2, HONG6: 0, HEBEI1: 9, KUNYANG: 5}
    n_fixed = sum(len(v) for v in fixed.values()) + sum(extra.values())
    rest = [a for a in AREA_NAMES if a not in extra]
    weights = np.array([sizes[a] for a in rest], dtype=float)
    counts = 1 + rng.multinomial(TEAMS_PER_COPY - n_fixed - len(rest), weights / weights.sum())
    extra.update({a: int(c) for a, c in zip(rest, counts, strict=True)})

    n_pool = sum(extra.values())
    n_medium = n_pool - TEAMS_WITHOUT_PARTY - TEAMS_WITH_ONE_OR_TWO
    pool = np.array([0] * TEAMS_WITHOUT_PARTY + [1] * TEAMS_WITH_ONE_OR_TWO + [3] * n_medium)
    pool = pool[rng.permutation(pool.size)]
    # Ordinary teams with three or more Party members: sizes drawn, then tuned to the total places.
    owners = [a for a in AREA_NAMES for _ in range(extra[a])]
    caps = np.array([max(3, min(40, sizes[a] // 4)) for a in owners])
    draw = 3 + np.floor(rng.lognormal(math.log(5.0), 0.8, pool.size)).astype(np.int64)
    small = rng.integers(1, 3, pool.size)
    fixed_places = sum(k for v in fixed.values() for _, _, k, _ in v)
    medium_idx = np.flatnonzero(pool == 3)
    target = int(rng.integers(*TEAM_PLACES_RANGE)) - fixed_places - int(small[pool == 1].sum())
    party = np.where(pool == 1, small, 0)
    floor = np.full(medium_idx.size, 3)
    party[medium_idx] = _adjust_to_total(draw[medium_idx], floor, caps[medium_idx], target, rng)

    type_draw = rng.choice(len(TEAM_TYPES), size=pool.size, p=TEAM_TYPE_SHARES)
    plans: list[_AreaPlan] = []
    cursor = 0
    for area in AREA_NAMES:
        taken = {nm for _, nm, _, _ in fixed.get(area, []) if nm}
        teams: list[_TeamPlan] = []
        for tp, nm, k, kind in fixed.get(area, []):
            teams.append(_TeamPlan(nm or _pick_team_name(rng, tp, taken), tp, k, kind))
        for _ in range(extra[area]):
            tp = TEAM_TYPES[type_draw[cursor]]
            teams.append(_TeamPlan(_pick_team_name(rng, tp, taken), tp, int(party[cursor])))
            cursor += 1
        plans.append(_AreaPlan(area, area + suffix, sizes[area], tuple(teams)))
    return plans


# ---------------------------------------------------------------------------------------------
# Generating the members of one area
# ---------------------------------------------------------------------------------------------


def _names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    n = female.size
    # Common surnames first: a Zipf-like weight over the list order.
    sw = 1.0 / np.arange(1, len(SURNAMES) + 1) ** 0.9
    surname = rng.choice(len(SURNAMES), size=n, p=sw / sw.sum())
    two = rng.random(n) < 0.78
    first = rng.random((n, 2))
    out = []
    for i in range(n):
        chars = FEMALE_CHARS if female[i] else MALE_CHARS
        given = chars[int(first[i, 0] * len(chars))]
        if two[i]:
            given += chars[int(first[i, 1] * len(chars))]
        out.append(SURNAMES[surname[i]] + given)
    return out


@dataclass
class _Area:
    """The members of one area while they are being built (column arrays)."""

    plan: _AreaPlan
    ids: list[str]
    names: list[str]
    female: np.ndarray
    status_full: np.ndarray
    birth: list[str]
    birth_year: np.ndarray
    employment: np.ndarray
    mobility: np.ndarray
    hardship: np.ndarray
    role: np.ndarray
    teams: list[list[int]]


def _members(rng: np.random.Generator, plan: _AreaPlan, first_id: int) -> tuple[_Area, int]:
    n = plan.size
    gaps = np.where(rng.random(n) < 0.03, rng.integers(2, 5, n), 1)  # deleted ids leave gaps
    numbers = first_id + np.cumsum(gaps) - gaps[0]
    ids = [f"{v:07d}" for v in numbers]
    female = rng.random(n) < 0.55
    employment = np.array(_EMPLOYMENT)[rng.choice(4, size=n, p=_EMPLOYMENT_P)]
    birth_year = np.empty(n, dtype=np.int64)
    for kind, (mean, sd, low, high) in _BIRTH.items():
        mask = employment == kind
        birth_year[mask] = np.clip(np.rint(rng.normal(mean, sd, mask.sum())), low, high)
    month, day, full_date = rng.integers(1, 13, n), rng.integers(1, 29, n), rng.random(n) < 0.6
    birth = [
        f"{y}-{m:02d}-{d:02d}" if f else str(y)
        for y, m, d, f in zip(birth_year, month, day, full_date, strict=True)
    ]
    p_prob = np.where(employment == "retired", 0.03, 0.12)
    status_full = rng.random(n) >= p_prob
    old, mid = birth_year < 1950, birth_year < 1966
    p_bed = np.where(old, 0.045, np.where(mid, 0.01, 0.002))
    p_lim = np.where(old, 0.14, np.where(mid, 0.06, 0.02))
    u = rng.random(n)
    mobility = np.where(u < p_bed, "bedridden", np.where(u < p_bed + p_lim, "limited", "normal"))
    p_hard = np.where(employment == "unemployed", 0.2, np.where(mobility == "bedridden", 0.12, 0.022))
    hardship = rng.random(n) < p_hard
    if plan.base == QI3:  # the story's Qi-3 placed bedridden and hardship members too
        older = np.flatnonzero(birth_year < 1958)
        short = 2 - int((mobility == "bedridden").sum())
        if short > 0:
            mobility[rng.choice(older[mobility[older] != "bedridden"], short, replace=False)] = "bedridden"
        short = 3 - int(hardship.sum())
        if short > 0:
            hardship[rng.choice(older[~hardship[older]], short, replace=False)] = True
    area = _Area(
        plan=plan,
        ids=ids,
        names=_names(rng, female),
        female=female,
        status_full=status_full,
        birth=birth,
        birth_year=birth_year,
        employment=employment,
        mobility=mobility,
        hardship=hardship,
        role=np.full(n, "none", dtype=object),
        teams=[[] for _ in range(n)],
    )
    return area, int(numbers[-1]) + 1


def _join_teams(rng: np.random.Generator, area: _Area) -> None:
    """Give each team its planned number of Party members, favouring members with no team yet."""
    base = np.where(area.mobility == "bedridden", 0.05, np.where(area.mobility == "limited", 0.4, 1.0))
    base = base * np.where(area.employment == "employed", 0.5, 1.0)
    by_count = np.array([1.0, 0.5, 0.25, 0.0])  # weight by how many teams a member already has
    held = np.zeros(area.plan.size, dtype=np.int64)
    for j, team in enumerate(area.plan.teams):
        if team.party == 0:
            continue
        w = base * by_count[np.minimum(held, 3)]
        chosen = rng.choice(area.plan.size, size=team.party, replace=False, p=w / w.sum())
        for i in chosen:
            area.teams[i].append(j)
        held[chosen] += 1
    for lst in area.teams:  # the order a member lists their teams in is their preference
        if len(lst) > 1:
            lst[:] = [lst[k] for k in rng.permutation(len(lst))]


def _pick(rng: np.random.Generator, area: _Area, pool: np.ndarray, count: int) -> np.ndarray:
    """``count`` members from ``pool`` (indices) who hold no role yet, preferring able, younger-old ones."""
    pool = pool[area.role[pool] == "none"]
    if count <= 0 or pool.size == 0:
        return np.array([], dtype=np.int64)
    w = np.where(area.mobility[pool] == "normal", 1.0, 0.15) * np.where(
        area.birth_year[pool] < 1945, 0.3, 1.0
    )
    return rng.choice(pool, size=min(count, pool.size), replace=False, p=w / w.sum())


def _give_roles(rng: np.random.Generator, area: _Area) -> list[str]:
    """Backbone roles for the area; returns each team's leader cell (member id, resident name or "")."""
    plan, n = area.plan, area.plan.size
    eligible = np.flatnonzero(area.status_full & (area.mobility != "bedridden"))
    members_of: list[np.ndarray] = [
        np.array([i for i in range(n) if j in area.teams[i]], dtype=np.int64) for j in range(len(plan.teams))
    ]
    leaders: list[str] = [""] * len(plan.teams)

    def assign(indices: np.ndarray, role: str) -> None:
        area.role[indices] = role

    if plan.base == QI3:
        # Each mature team gets its leader plus two more backbone members who put it first,
        # so every team could staff a committee of three.
        pool_roles = ["secretary", "committee", "committee", "committee", *["group_leader"] * 4]
        pool_roles = [pool_roles[i] for i in rng.permutation(len(pool_roles))]
        for j, team in enumerate(plan.teams):
            if team.kind != "mature":
                continue
            full_in = np.intersect1d(members_of[j], eligible)
            picks = _pick(rng, area, full_in, 3)
            assign(picks[:1], "team_leader")
            for i in picks[1:]:
                area.role[i] = pool_roles.pop()
            for i in picks:
                area.teams[i].remove(j)
                area.teams[i].insert(0, j)
            leaders[j] = area.ids[picks[0]]
    elif plan.base == RUILI:
        patrol = next(j for j, tm in enumerate(plan.teams) if tm.kind == "patrol")
        full_in = np.intersect1d(members_of[patrol], eligible)
        picks = _pick(rng, area, full_in, 3)
        assign(picks[:1], "secretary")
        assign(picks[1:], "team_leader")
        leaders[patrol] = area.ids[picks[1]]
        assign(_pick(rng, area, eligible, 3), "committee")
        assign(_pick(rng, area, eligible, round(n / rng.uniform(50, 90))), "group_leader")
    elif plan.base == HEBEI1:
        # The story's problem: 329 members and only four people able to lead.
        assign(_pick(rng, area, eligible, 1), "secretary")
        assign(_pick(rng, area, eligible, 2), "committee")
    elif plan.base == KUNYANG:
        assign(_pick(rng, area, eligible, 1), "secretary")
        assign(_pick(rng, area, eligible, 4), "committee")
        assign(_pick(rng, area, eligible, 6), "group_leader")
    else:
        assign(_pick(rng, area, eligible, 1), "secretary")
        assign(_pick(rng, area, eligible, int(rng.integers(2, 5))), "committee")
        assign(_pick(rng, area, eligible, round(n / rng.uniform(50, 90))), "group_leader")

    order = sorted(range(len(plan.teams)), key=lambda j: -plan.teams[j].party)
    new_team_leaders = 0 if plan.base in (HEBEI1, KUNYANG) else len(plan.teams)
    if plan.base == HEBEI1:  # its one team leader is the fourth candidate
        picks = _pick(rng, area, np.intersect1d(members_of[order[0]], eligible), 1)
        if picks.size:
            assign(picks, "team_leader")
            leaders[order[0]] = area.ids[picks[0]]
        else:  # no full member in its largest team: the fourth is a group leader
            assign(_pick(rng, area, eligible, 1), "group_leader")
    for j in order:
        team, inside = plan.teams[j], members_of[j]
        if leaders[j] or team.party == 0 or rng.random() >= (0.75 if team.party >= 3 else 0.35):
            continue
        if new_team_leaders > 0:
            picks = _pick(rng, area, np.intersect1d(inside, eligible), 1)
            if picks.size:
                assign(picks, "team_leader")
                leaders[j] = area.ids[picks[0]]
                new_team_leaders -= 1
                continue
        # A leader already holding a role, or (Hebei-1) a probationary member, adds no candidate.
        led = inside[area.role[inside] != "none"]
        probationary = inside[~area.status_full[inside] & (area.role[inside] == "none")]
        if led.size:
            leaders[j] = area.ids[led[rng.integers(led.size)]]
        elif plan.base == HEBEI1 and probationary.size:
            i = probationary[rng.integers(probationary.size)]
            area.role[i] = "team_leader"
            leaders[j] = area.ids[i]
    member_names = set(area.names)
    for j in range(len(plan.teams)):
        if leaders[j] or rng.random() < 0.3:
            continue
        while True:  # a resident, not a Party member of the area, so names never resolve wrongly
            name = _names(rng, rng.random(1) < 0.5)[0]
            if name not in member_names:
                break
        leaders[j] = name
    return leaders


def _participants(rng: np.random.Generator, party: int, kind: str) -> int:
    typical = rng.lognormal(math.log(60.0 if kind else 28.0), 0.4)
    return int(max(10, min(120, round(typical)), party + int(rng.integers(2, 12))))


def _separator(rng: np.random.Generator) -> str:
    u = rng.random()
    return "、" if u < 0.9 else ("；" if u < 0.96 else ",")


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def generate_community(seed: int = 2024, scale: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample community as INPUT tables (see the module docstring for the columns).

    Rows are in register order (area, then member id). Same seed and scale, same tables.
    """
    check_seed(seed)
    check_scale(scale)
    rng = np.random.default_rng(seed)
    copies = math.ceil(scale)
    n_areas = max(1, round(len(AREA_NAMES) * scale))
    plans = [p for k in range(copies) for p in _plan_copy(rng, "" if k == 0 else f"-{k + 1}")]
    # A partial copy keeps the story's areas first.
    last = plans[(copies - 1) * len(AREA_NAMES) :]
    rank = {a: i for i, a in enumerate((*STORY_AREAS, *(a for a in AREA_NAMES if a not in STORY_AREAS)))}
    keep_last = sorted(last, key=lambda p: rank[p.base])
    keep_names = {p.name for p in keep_last[: n_areas - (copies - 1) * len(AREA_NAMES)]}
    plans = plans[: (copies - 1) * len(AREA_NAMES)] + [p for p in last if p.name in keep_names]

    member_cols: dict[str, list[Any]] = {c: [] for c in MEMBER_INPUT_COLUMNS}
    team_cols: dict[str, list[Any]] = {c: [] for c in TEAM_INPUT_COLUMNS}
    next_id, team_no = 1, 0
    for plan in plans:
        area, next_id = _members(rng, plan, next_id)
        next_id += int(rng.integers(0, 20))  # registers leave gaps between areas too
        _join_teams(rng, area)
        leaders = _give_roles(rng, area)
        member_cols["member_id"] += area.ids
        member_cols["name"] += area.names
        member_cols["area"] += [plan.name] * plan.size
        member_cols["current_branch"] += [f"{plan.name}党支部"] * plan.size
        member_cols["status"] += np.where(area.status_full, "full", "probationary").tolist()
        member_cols["gender"] += np.where(area.female, "female", "male").tolist()
        member_cols["birth_date"] += area.birth
        member_cols["employment"] += area.employment.tolist()
        member_cols["mobility"] += area.mobility.tolist()
        member_cols["hardship"] += np.where(area.hardship, "yes", "no").tolist()
        member_cols["role"] += area.role.tolist()
        member_cols["teams"] += [
            _separator(rng).join(plan.teams[j].name for j in lst) if len(lst) > 1 else
            (plan.teams[lst[0]].name if lst else "")
            for lst in area.teams
        ]  # fmt: skip
        for j, team in enumerate(plan.teams):
            team_no += 1
            team_cols["team_id"].append(f"T{team_no:04d}")
            team_cols["name"].append(team.name)
            team_cols["area"].append(plan.name)
            team_cols["type"].append(team.type)
            team_cols["participants"].append(_participants(rng, team.party, team.kind))
            team_cols["leader"].append(leaders[j])
    members = pd.DataFrame(member_cols, columns=list(MEMBER_INPUT_COLUMNS))
    teams = pd.DataFrame(team_cols, columns=list(TEAM_INPUT_COLUMNS))
    teams["participants"] = teams["participants"].astype("int64")
    return members, teams


def to_chinese(members: pd.DataFrame, teams: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input tables with Chinese headers (MEMBER_HEADERS_ZH / TEAM_HEADERS_ZH) and values."""
    zh_members = members.copy()
    for col in ("status", "gender", "employment", "mobility", "role"):
        zh_members[col] = zh_members[col].map(lambda v: VALUE_ZH.get(v, v))
    zh_members["hardship"] = zh_members["hardship"].map({"yes": "是", "no": "否"})
    zh_teams = teams.copy()
    zh_teams["type"] = zh_teams["type"].map(lambda v: VALUE_ZH.get(v, v))
    return zh_members.rename(columns=MEMBER_HEADERS_ZH), zh_teams.rename(columns=TEAM_HEADERS_ZH)


def encode_gbk(text: str) -> bytes:
    """``text`` in GBK; raises ValueError naming the first character GBK cannot hold."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise ValueError(f"not GBK-encodable: {bad!r} at {error.start}") from error


def write_sample(out: Path, seed: int = 2024, scale: float = 1.0) -> list[Path]:
    """Write the sample workbook, the same data as a GBK CSV pair, and the blank template.

    Returns the paths of community.xlsx, community_members.csv, community_teams.csv and
    template.xlsx inside ``out`` (created if missing).
    """
    members, teams = to_chinese(*generate_community(seed, scale))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / COMMUNITY_XLSX, out / MEMBERS_CSV, out / TEAMS_CSV, out / TEMPLATE_XLSX]
    _write_community_xlsx(paths[0], members, teams)
    for frame, path in ((members, paths[1]), (teams, paths[2])):
        # Excel on Chinese Windows saves CSV as GBK with CRLF line ends.
        path.write_bytes(encode_gbk(frame.to_csv(index=False, lineterminator="\r\n")))
    _write_template(paths[3])
    return paths


# ---------------------------------------------------------------------------------------------
# Workbooks
# ---------------------------------------------------------------------------------------------

_FIXED_TIME = datetime(ROSTER_YEAR, 1, 1)  # workbook metadata, so the same seed gives the same file


def _workbook(path: Path) -> Any:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"created": _FIXED_TIME})
    return book


_WIDTHS = {"姓名": 10, "参加团队": 30, "所在党支部": 16, "出生年月": 12, "团队名称": 16, "负责人": 12}


def _write_sheet(book: Any, sheet: str, frame: pd.DataFrame, title: str) -> None:
    ws = book.add_worksheet(sheet)
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head_fmt = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    ncol = len(frame.columns)
    ws.merge_range(0, 0, 0, ncol - 1, title, title_fmt)  # row 1: title, row 2: blank, row 3: headers
    for c, name in enumerate(frame.columns):
        ws.write_string(2, c, name, head_fmt)
        ws.set_column(c, c, _WIDTHS.get(name, 11))
    ws.freeze_panes(3, 0)
    birth_col = MEMBER_HEADERS_ZH["birth_date"]
    for c, name in enumerate(frame.columns):
        for r, value in enumerate(frame[name].tolist(), start=3):
            if isinstance(value, int | np.integer):
                ws.write_number(r, c, int(value))
            elif not value:
                continue
            elif name == birth_col and len(value) == 10:
                ws.write_datetime(r, c, datetime.strptime(value, "%Y-%m-%d"), date_fmt)
            elif name == birth_col:
                ws.write_number(r, c, int(value))  # a year typed into Excel is a number
            else:
                ws.write_string(r, c, value)


def _write_community_xlsx(path: Path, members: pd.DataFrame, teams: pd.DataFrame) -> None:
    book = _workbook(path)
    _write_sheet(
        book, MEMBERS_SHEET, members, t("sample.title.members", "zh", street=STREET, year=ROSTER_YEAR)
    )
    _write_sheet(book, TEAMS_SHEET, teams, t("sample.title.teams", "zh", street=STREET, year=ROSTER_YEAR))
    book.close()


_CATEGORIES: dict[str, tuple[dict[str, tuple[str, ...]], str]] = {
    # column -> (codes, default code or "")
    "status": (STATUS_VALUES, "full"),
    "gender": (GENDER_VALUES, ""),
    "employment": (EMPLOYMENT_VALUES, ""),
    "mobility": (MOBILITY_VALUES, "normal"),
    "hardship": ({"yes": (), "no": ()}, "no"),
    "role": (ROLE_VALUES, "none"),
    "type": ({code: () for code in TEAM_TYPES}, ""),
}
_FREE_ALLOWED = {
    ("members", "member_id"): "sample.allowed.unique_text",
    ("members", "name"): "sample.allowed.text",
    ("members", "area"): "sample.allowed.area_text",
    ("members", "current_branch"): "sample.allowed.branch_text",
    ("members", "birth_date"): "sample.allowed.date_or_year",
    ("members", "teams"): "sample.allowed.team_list",
    ("teams", "team_id"): "sample.allowed.team_id",
    ("teams", "name"): "sample.allowed.team_name",
    ("teams", "area"): "sample.allowed.area_text",
    ("teams", "participants"): "sample.allowed.whole_number",
    ("teams", "leader"): "sample.allowed.id_or_name",
}
_EXAMPLES = {
    ("members", "member_id"): "0000123",
    ("members", "name"): "王秀英",
    ("members", "area"): QI3,
    ("members", "current_branch"): f"{QI3}党支部",
    ("members", "status"): "正式党员",
    ("members", "gender"): "女",
    ("members", "birth_date"): "1952-03-14 / 1952",
    ("members", "employment"): "退休",
    ("members", "mobility"): "正常",
    ("members", "hardship"): "否",
    ("members", "role"): "团队负责人",
    ("members", "teams"): "歌咏队、议事团",
    ("teams", "team_id"): "T0001",
    ("teams", "name"): "歌咏队",
    ("teams", "area"): QI3,
    ("teams", "type"): "文化艺术型",
    ("teams", "participants"): "45",
    ("teams", "leader"): "0000123 / 张建国",
}
_HARDSHIP_ZH = {"yes": "是", "no": "否"}


def _allowed(sheet: str, column: str, lang: str) -> str:
    if column in _CATEGORIES:
        codes, default = _CATEGORIES[column]
        if lang == "zh":
            label = {c: _HARDSHIP_ZH.get(c) or VALUE_ZH[c] for c in codes}
        else:
            label = {c: c for c in codes}
        values = " / ".join(label[c] for c in codes)
        if default:
            return t("sample.allowed.default", lang, values=values, default=label[default])
        return values
    return t(_FREE_ALLOWED[(sheet, column)], lang)


def _notes_rows() -> list[list[str]]:
    rows = []
    for sheet, sheet_name, specs, headers in (
        ("members", MEMBERS_SHEET, MEMBER_SPECS, MEMBER_HEADERS_ZH),
        ("teams", TEAMS_SHEET, TEAM_SPECS, TEAM_HEADERS_ZH),
    ):
        for spec in specs:
            rows.append(_notes_row(sheet, sheet_name, spec, headers[spec.name]))
    return rows


def _notes_row(sheet: str, sheet_name: str, spec: ColumnSpec, header: str) -> list[str]:
    yes_no = "sample.notes.yes" if spec.required else "sample.notes.no"
    aliases = [a for a in spec.aliases if a != header]
    return [
        sheet_name,
        header,
        spec.name,
        f"{t(yes_no, 'zh')} / {t(yes_no, 'en')}",
        "、".join(aliases),
        _allowed(sheet, spec.name, "zh"),
        _allowed(sheet, spec.name, "en"),
        _EXAMPLES[(sheet, spec.name)],
        t(f"sample.note.{sheet}.{spec.name}", "zh"),
        t(f"sample.note.{sheet}.{spec.name}", "en"),
    ]


def _bilingual(key: str) -> str:
    return f"{t(key, 'zh')} {t(key, 'en')}"


def _write_template(path: Path) -> None:
    book = _workbook(path)
    head_fmt = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for sheet_name, specs, headers in (
        (MEMBERS_SHEET, MEMBER_SPECS, MEMBER_HEADERS_ZH),
        (TEAMS_SHEET, TEAM_SPECS, TEAM_HEADERS_ZH),
    ):
        ws = book.add_worksheet(sheet_name)
        for c, spec in enumerate(specs):
            ws.write_string(0, c, headers[spec.name], head_fmt)
            ws.set_column(c, c, _WIDTHS.get(headers[spec.name], 12))
            if spec.name in _CATEGORIES:
                # A drop-down of the Chinese values that still lets any value through.
                choices = _allowed_list(spec.name)
                ws.data_validation(
                    1, c, 5000, c, {"validate": "list", "source": choices, "show_error": False}
                )
        ws.freeze_panes(1, 0)

    ws = book.add_worksheet(NOTES_SHEET)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "font_size": 14})
    ws.write_string(0, 0, _bilingual("sample.notes.title"), bold)
    for r, (key, lang) in enumerate(
        (
            ("sample.notes.intro", "zh"),
            ("sample.notes.intro", "en"),
            ("sample.notes.csv", "zh"),
            ("sample.notes.csv", "en"),
        ),
        start=1,
    ):
        ws.merge_range(r, 0, r, 9, t(key, lang), wrap)
        ws.set_row(r, 32 if key.endswith("intro") else 16)
    header = [
        _bilingual("sample.notes.col.sheet"),
        _bilingual("sample.notes.col.header"),
        _bilingual("sample.notes.col.code"),
        _bilingual("sample.notes.col.required"),
        _bilingual("sample.notes.col.aliases"),
        t("sample.notes.col.allowed", "zh"),
        t("sample.notes.col.allowed", "en"),
        _bilingual("sample.notes.col.example"),
        t("sample.notes.col.note", "zh"),
        t("sample.notes.col.note", "en"),
    ]
    widths = (10, 12, 16, 10, 24, 28, 32, 18, 40, 48)
    for c, (text, width) in enumerate(zip(header, widths, strict=True)):
        ws.write_string(6, c, text, head_fmt)
        ws.set_column(c, c, width, wrap)
    for r, row in enumerate(_notes_rows(), start=7):
        for c, text in enumerate(row):
            ws.write_string(r, c, text)
    book.close()


def _allowed_list(column: str) -> list[str]:
    codes, _ = _CATEGORIES[column]
    return [_HARDSHIP_ZH.get(c) or VALUE_ZH[c] for c in codes]
