"""Planning settings: the rules (with their sources), the goals' weights, presets, solver options,
and the user's constraints (pins). All frozen values; change them with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class JointTypeRule(StrEnum):
    """Which teams may share a joint branch."""

    ANY = "any"  # any mix of types
    SAME_TYPE = "same_type"  # only teams of one type
    COMPATIBLE = "compatible"  # culture with sports; learning with service; otherwise same type


class MobilityPlacement(StrEnum):
    """Where bedridden and limited-mobility members go."""

    WITH_TEAM = "with_team"  # with their own team where they have one, else attached/comprehensive
    SPREAD = "spread"  # anywhere, but no branch above ``max_mobility_share``
    COMPREHENSIVE = "comprehensive"  # all in the comprehensive branch(es)


class SolverName(StrEnum):
    CBC = "cbc"
    HIGHS = "highs"


@dataclass(frozen=True)
class Rules:
    """Hard rules by default (broken only with a report). Sources in RULE_SOURCES."""

    max_branch_size: int = 50
    min_full_members: int = 3
    committee_threshold: int = 7  # full members from which a committee is elected
    committee_min_candidates: int = 3
    committee_max_members: int = 5  # committee candidates proposed per branch (regulations: 3 to 5)
    joint_min_teams: int = 2
    joint_max_teams: int = 5
    joint_type_rule: JointTypeRule = JointTypeRule.ANY
    allow_team_split: bool = True  # a team above the cap may get several branches
    group_threshold: int = 20  # branches of this size or more get party groups
    group_min_size: int = 3
    group_max_size: int = 15  # planning choice: groups are formed of at most this many
    allow_attached: bool = True  # members no branch of their own teams takes may join a team/joint branch
    mobility_placement: MobilityPlacement = MobilityPlacement.WITH_TEAM
    max_mobility_share: float = 0.3  # share of bedridden + limited members in one branch


#: Rule name -> translation key of its source (the regulation), shown in the UI.
RULE_SOURCES: dict[str, str] = {
    "max_branch_size": "source.branch_regulations_size",
    "min_full_members": "source.constitution_min_members",
    "committee_threshold": "source.branch_regulations_committee",
    "committee_min_candidates": "source.branch_regulations_committee",
    "joint_max_teams": "source.branch_regulations_joint",
    "group_threshold": "source.branch_regulations_groups",
    "group_min_size": "source.branch_regulations_groups",
}


@dataclass(frozen=True)
class Weights:
    """Goal weights (all >= 0). The objective is maximised; hard-rule penalties are far above these."""

    first_choice: float = 10.0  # per member in a branch of their first-choice team
    any_team: float = 6.0  # per member in a branch of any of their teams
    balance: float = 1.0  # per member of spread between the largest and smallest branch of an area
    lean: float = 5.0  # per branch opened
    mobility: float = 4.0  # per bedridden/limited member placed as the setting asks
    leadership_depth: float = 3.0  # per branch with a second candidate
    stability: float = 0.0  # per member kept in their reference branch (set when re-planning)
    # per member attached to a team or joint branch built on none of their teams (the other home
    # of such members is a comprehensive branch: Ruili made one, Qi-3 attached its few)
    attached: float = 1.0


class Goal(StrEnum):
    """The goals, one per ``Weights`` field: the one registry every step iterates over."""

    FIRST_CHOICE = "first_choice"
    ANY_TEAM = "any_team"
    BALANCE = "balance"
    LEAN = "lean"
    MOBILITY = "mobility"
    LEADERSHIP_DEPTH = "leadership_depth"
    STABILITY = "stability"
    ATTACHED = "attached"


#: Goals the objective rewards (+1) or charges (-1) per unit of its count.
GOAL_SIGNS: dict[Goal, int] = {
    Goal.FIRST_CHOICE: 1,
    Goal.ANY_TEAM: 1,
    Goal.BALANCE: -1,
    Goal.LEAN: -1,
    Goal.MOBILITY: 1,
    Goal.LEADERSHIP_DEPTH: 1,
    Goal.STABILITY: 1,
    Goal.ATTACHED: -1,
}


def goal_weights(weights: Weights) -> dict[Goal, float]:
    """Every goal's weight, in the registry's order."""
    return {goal: float(getattr(weights, goal.value)) for goal in Goal}


PRESETS: dict[str, Weights] = {
    "follow_teams": Weights(),
    "balanced_sizes": Weights(first_choice=4.0, any_team=3.0, balance=6.0, lean=3.0),
    "fewest_changes": Weights(stability=20.0),
}
DEFAULT_PRESET = "follow_teams"


@dataclass(frozen=True)
class SolverOptions:
    solver: SolverName = SolverName.HIGHS  # measured: 15 s on the sample, every area optimal (CBC 49 s)
    time_limit: float = 20.0  # seconds per area, enforced by killing the worker
    gap: float = 0.005  # relative MIP gap
    workers: int = 2  # parallel worker processes
    threads: int = 1  # solver threads per area


@dataclass(frozen=True)
class MemberPin:
    """Pin a member to the branch hosting ``team_id`` (in their area), or to a comprehensive
    branch when ``team_id`` is None."""

    member_id: str
    team_id: str | None


class TeamMode(StrEnum):
    OWN = "own"  # a team branch of its own
    JOINT = "joint"  # part of a joint branch
    NONE = "none"  # hosts no branch


@dataclass(frozen=True)
class TeamPin:
    area: str
    team_id: str
    mode: TeamMode


@dataclass(frozen=True)
class Constraints:
    """The user's constraints. Pairs are unordered; teams are (area, team_id)."""

    member_pins: tuple[MemberPin, ...] = ()
    members_together: tuple[tuple[str, str], ...] = ()
    members_apart: tuple[tuple[str, str], ...] = ()
    team_pins: tuple[TeamPin, ...] = ()
    teams_together: tuple[tuple[str, str, str], ...] = ()  # (area, team_a, team_b)
    teams_apart: tuple[tuple[str, str, str], ...] = ()
    #: full members without a backbone role the workshop designated as secretary/committee
    #: candidates (planner.fixes.designated_roster makes them candidates wherever rules are judged)
    designated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    preset: str = DEFAULT_PRESET
    solver: SolverOptions = field(default_factory=SolverOptions)
    constraints: Constraints = field(default_factory=Constraints)
    areas: tuple[str, ...] = ()  # empty = every area


def settings_for_preset(name: str, base: Settings | None = None) -> Settings:
    """``base`` (or the defaults) with the named preset's weights."""
    if name not in PRESETS:
        raise KeyError(name)
    return replace(base or Settings(), weights=PRESETS[name], preset=name)


# --- validation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsProblem:
    """One contradiction or out-of-range value in a Settings, translatable: ``key`` is a
    catalogue key (planner/i18n/fixes.py), ``params`` its values; a ``setting`` param holds a
    dotted settings path, shown by its translated name."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str) -> str:
        from planner.compare import setting_label
        from planner.i18n import t

        values = {k: setting_label(v, lang) if k == "setting" else v for k, v in self.params}
        return t(self.key, lang, **values)


def _problem(key: str, **params: object) -> SettingsProblem:
    return SettingsProblem(key, tuple((k, str(v)) for k, v in params.items()))


#: Settings that must be at least a given number (counts, caps, sizes, the solver's resources).
_AT_LEAST: tuple[tuple[str, str, float], ...] = (
    ("rules", "max_branch_size", 1),
    ("rules", "min_full_members", 1),
    ("rules", "committee_threshold", 1),
    ("rules", "committee_min_candidates", 1),
    ("rules", "committee_max_members", 1),
    ("rules", "joint_min_teams", 1),
    ("rules", "joint_max_teams", 1),
    ("rules", "group_threshold", 1),
    ("rules", "group_min_size", 1),
    ("rules", "group_max_size", 1),
    ("solver", "workers", 1),
    ("solver", "threads", 1),
    ("solver", "gap", 0),
)


def validate_settings(settings: Settings) -> list[SettingsProblem]:
    """Every contradiction and out-of-range value in ``settings`` (empty when it can be used):
    minimums above maximums (joint branch teams, party group sizes, committee candidates),
    a committee threshold below the committee's candidates, party groups that cannot form at their
    threshold, a minimum of full members above the size cap, counts and caps below 1, a time limit
    not above 0, a negative gap, a share outside 0–1, negative weights, an unknown preset."""
    r = settings.rules
    out: list[SettingsProblem] = []
    for section, name, minimum in _AT_LEAST:
        value = getattr(getattr(settings, section), name)
        if not value >= minimum:  # also catches NaN
            out.append(
                _problem(
                    "settings.problem.at_least", setting=f"{section}.{name}", minimum=minimum, value=value
                )
            )
    if not settings.solver.time_limit > 0:
        out.append(
            _problem(
                "settings.problem.positive", setting="solver.time_limit", value=settings.solver.time_limit
            )
        )
    if not 0 <= r.max_mobility_share <= 1:
        out.append(
            _problem("settings.problem.share", setting="rules.max_mobility_share", value=r.max_mobility_share)
        )
    if r.joint_min_teams > r.joint_max_teams:
        out.append(_problem("settings.problem.joint_min_max", low=r.joint_min_teams, high=r.joint_max_teams))
    if r.group_min_size > r.group_max_size:
        out.append(_problem("settings.problem.group_min_max", low=r.group_min_size, high=r.group_max_size))
    if r.committee_min_candidates > r.committee_max_members:
        out.append(
            _problem(
                "settings.problem.committee_min_max",
                low=r.committee_min_candidates,
                high=r.committee_max_members,
            )
        )
    if r.committee_threshold < r.committee_min_candidates:
        out.append(
            _problem(
                "settings.problem.committee_threshold",
                threshold=r.committee_threshold,
                low=r.committee_min_candidates,
            )
        )
    if r.min_full_members > r.max_branch_size:
        out.append(_problem("settings.problem.min_full_cap", low=r.min_full_members, cap=r.max_branch_size))
    if r.group_threshold < 2 * r.group_min_size:
        out.append(
            _problem(
                "settings.problem.group_threshold", threshold=r.group_threshold, need=2 * r.group_min_size
            )
        )
    for name, value in vars(settings.weights).items():
        if not (isinstance(value, int | float) and 0 <= value < float("inf")):
            out.append(_problem("settings.problem.weight", setting=f"weights.{name}", value=value))
    if settings.preset not in PRESETS:
        out.append(_problem("settings.problem.preset", value=settings.preset, known=", ".join(PRESETS)))
    return out
