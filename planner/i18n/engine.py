"""Texts of the planner's engine added with issue 7 (the team-split rule, party groups' full members)."""

CATALOGUE: dict[str, dict[str, str]] = {
    "rule.team_split.title": {"zh": "团队拆分", "en": "Team split"},
    "rule.team_split.help": {
        "zh": "一个团队只建一个支部；允许拆分时，党员人数超过上限的团队可按上限建若干团队党支部，"
        "但不再参加联合党支部。",
        "en": "A team has one branch; when splitting is allowed, a team above the size cap may have as many "
        "team branches as the cap needs, and then joins no joint branch.",
    },
    "violation.team_split": {
        "zh": "团队{subject}建了{value}个支部，最多允许{limit}个。",
        "en": "Team {subject} has {value} branches; at most {limit} are allowed.",
    },
    "violation.party_groups.few_full_members": {
        "zh": "{branch}人数达到分设党小组的标准，但只有{value}名正式党员，至少需要{limit}名担任组长。",
        "en": "{branch} is large enough for party groups but has {value} full members; at least {limit} "
        "are needed to lead them.",
    },
}
