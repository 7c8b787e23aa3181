"""Rules, violation messages, fixes and branch names (planner.rules / staffing / greedy / explain / kpis)."""

_TITLES = {
    "size_cap": ("支部人数上限", "Branch size cap"),
    "min_full_members": ("正式党员人数下限", "Minimum full members"),
    "secretary_candidate": ("书记人选", "Secretary candidate"),
    "committee_candidates": ("支委人选", "Committee candidates"),
    "joint_teams": ("联合党支部的团队数", "Teams per joint branch"),
    "joint_types": ("联合党支部的团队类型", "Team types in a joint branch"),
    "member_placed": ("每名党员有且只有一个支部", "Every member in exactly one branch"),
    "through_team": ("通过所在团队入支部", "Membership through a team"),
    "party_groups": ("党小组", "Party groups"),
    "mobility_share": ("卧床和行动不便党员占比", "Share of mobility-limited members"),
    "member_pin": ("指定党员去向", "Member pinned"),
    "members_together": ("党员同在一个支部", "Members kept together"),
    "members_apart": ("党员分在不同支部", "Members kept apart"),
    "team_pin": ("指定团队建支部方式", "Team pinned"),
    "teams_together": ("团队同在一个支部", "Teams kept together"),
    "teams_apart": ("团队分在不同支部", "Teams kept apart"),
}

_HELP = {
    "size_cap": ("每个支部的党员人数不超过上限。", "No branch has more members than the cap."),
    "min_full_members": (
        "每个支部至少有规定人数的正式党员。",
        "Every branch has at least the minimum of full members.",
    ),
    "secretary_candidate": (
        "每个支部至少有一名书记人选：有骨干职务的正式党员。",
        "Every branch has a secretary candidate: a full member with a backbone role.",
    ),
    "committee_candidates": (
        "正式党员达到选举支委会人数的支部，须有足够的支委人选。",
        "A branch with enough full members to elect a committee has enough committee candidates.",
    ),
    "joint_teams": (
        "联合党支部依托的团队数在规定范围内。",
        "A joint branch is built on an allowed number of teams.",
    ),
    "joint_types": (
        "联合党支部只合并允许合并的团队类型。",
        "A joint branch joins only team types that may share a branch.",
    ),
    "member_placed": (
        "每名党员都安排在本居民区的一个支部，一个不落。",
        "Every member sits in exactly one branch of their own area: no member is left behind.",
    ),
    "through_team": (
        "团队或联合党支部的党员须是其依托团队的成员，或按设置挂靠。",
        "Members of a team or joint branch belong to one of its teams, or are attached where allowed.",
    ),
    "party_groups": (
        "人数较多的支部划分党小组，每组人数不少于下限，并有正式党员任组长。",
        "Large branches are divided into party groups, each big enough and led by a full member.",
    ),
    "mobility_share": (
        "卧床和行动不便的党员在一个支部中的占比不超过上限。",
        "No branch carries more than the set share of bedridden and limited-mobility members.",
    ),
    "member_pin": ("党员按指定安排到某团队的支部或综合党支部。", "A member sits where they were pinned."),
    "members_together": ("指定的两名党员在同一支部。", "Two members kept together share a branch."),
    "members_apart": ("指定的两名党员在不同支部。", "Two members kept apart sit in different branches."),
    "team_pin": (
        "团队按指定单独建支部、纳入联合支部或不建支部。",
        "A team has its own branch, a joint one, or none, as pinned.",
    ),
    "teams_together": ("指定的两个团队依托同一个支部。", "Two teams kept together share a branch."),
    "teams_apart": ("指定的两个团队不依托同一个支部。", "Two teams kept apart do not share a branch."),
}

_MESSAGES = {
    # --- branch rules ---
    "violation.size_cap": (
        "{branch}有{value}名党员，超过上限{limit}名。",
        "{branch} has {value} members, above the cap of {limit}.",
    ),
    "violation.min_full_members": (
        "{branch}只有{value}名正式党员，至少需要{limit}名。",
        "{branch} has only {value} full members; a branch needs at least {limit}.",
    ),
    "violation.min_full_members.area": (
        "{area}只有{value}名正式党员，而其{members}名党员至少需要{branches}个支部，共需{limit}名正式党员。",
        "{area} has {value} full members, but its {members} members need at least {branches} branches "
        "and so {limit} full members.",
    ),
    "violation.secretary_candidate": (
        "{branch}没有书记人选（有骨干职务的正式党员）。",
        "{branch} has no secretary candidate (a full member with a backbone role).",
    ),
    "violation.secretary_candidate.area": (
        "{area}：{members}名党员在每个支部不超过{cap}人的上限下至少需要{limit}个支部，但只有{value}名党员可任书记。",
        "{area}: {members} members need at least {limit} branches under a cap of {cap}, "
        "but only {value} members can be secretary.",
    ),
    "violation.committee_candidates": (
        "{branch}有{threshold}名以上正式党员，须选举支委会，但只有{value}名支委人选，至少需要{limit}名。",
        "{branch} has {threshold} or more full members and must elect a committee, "
        "but has only {value} committee candidates; it needs {limit}.",
    ),
    "violation.committee_candidates.area": (
        "{area}：按{members}名党员所需的支部测算，至少需要{limit}名书记和支委人选，但只有{value}名。",
        "{area}: the branches its {members} members need require at least {limit} secretary and "
        "committee candidates in all; the area has only {value}.",
    ),
    "violation.joint_teams.too_few": (
        "{branch}只依托{value}个团队，联合党支部至少需要{limit}个。",
        "{branch} is built on {value} team(s); a joint branch needs at least {limit}.",
    ),
    "violation.joint_teams.too_many": (
        "{branch}依托{value}个团队，联合党支部最多{limit}个。",
        "{branch} joins {value} teams; a joint branch may hold at most {limit}.",
    ),
    "violation.joint_types": (
        "{branch}合并了按设置不宜合并的团队类型（{types}）。",
        "{branch} joins team types that may not share a branch under the settings ({types}).",
    ),
    "violation.member_placed.missing": (
        "{member}（{area}）没有安排到任何支部。",
        "{member} ({area}) is not placed in any branch.",
    ),
    "violation.member_placed.duplicate": (
        "{member}被安排到{value}个支部。",
        "{member} is placed in {value} branches.",
    ),
    "violation.member_placed.other_area": (
        "{member}属于{area}，却被安排到其他居民区的{branch}。",
        "{member} of {area} is placed in {branch} of another area.",
    ),
    "violation.member_placed.unknown_branch": (
        "{member}被安排到不存在的支部“{branch_id}”。",
        "{member} is placed in a branch that does not exist: {branch_id}.",
    ),
    "violation.member_placed.unknown_member": (
        "布局中的党员编号{subject}不在名册中。",
        "The layout places member id {subject}, who is not in the roster.",
    ),
    "violation.through_team.not_attached": (
        "{member}不是{branch}所依托团队的成员，也没有标为挂靠。",
        "{member} sits in {branch} without belonging to any of its teams and is not marked as attached.",
    ),
    "violation.through_team.attached_not_allowed": (
        "{member}挂靠在{branch}，但当前设置不允许挂靠。",
        "{member} is attached to {branch}, but attached members are not allowed.",
    ),
    "violation.party_groups.missing": (
        "{branch}有{threshold}名以上党员，应划分党小组，目前只有{value}个。",
        "{branch} has {threshold} or more members and must be divided into party groups; it has {value}.",
    ),
    "violation.party_groups.ungrouped": (
        "{member}在{branch}中没有编入党小组。",
        "{member} in {branch} belongs to no party group.",
    ),
    "violation.party_groups.too_small": (
        "{branch}的党小组{group}只有{value}人，至少需要{limit}人。",
        "Party group {group} of {branch} has {value} members; at least {limit} are needed.",
    ),
    "violation.party_groups.no_full_member": (
        "{branch}的党小组{group}没有正式党员担任组长。",
        "Party group {group} of {branch} has no full member to lead it.",
    ),
    "violation.mobility_share": (
        "{branch}中卧床和行动不便的党员占{value}，超过上限{limit}。",
        "{value} of the members of {branch} are bedridden or of limited mobility, "
        "above the limit of {limit}.",
    ),
    "violation.mobility_share.area": (
        "{area}卧床和行动不便的党员占{value}，超过每个支部{limit}的上限，必有支部超限。",
        "{value} of the members of {area} are bedridden or of limited mobility, above the per-branch "
        "limit of {limit}: some branch must exceed it.",
    ),
    # --- the user's constraints ---
    "violation.member_pin": (
        "{member}被指定到{target}，但目前在{where}。",
        "{member} is pinned to {target} but sits in {where}.",
    ),
    "violation.member_pin.unknown_member": (
        "指定去向中的党员编号{subject}不在名册中。",
        "A pin names member id {subject}, who is not in the roster.",
    ),
    "violation.member_pin.unknown_team": (
        "{member}被指定到团队“{team}”，但{area}没有这个团队。",
        "{member} is pinned to team {team}, which is not a team of {area}.",
    ),
    "violation.members_together": (
        "{a}与{b}应在同一支部，但目前不在。",
        "{a} and {b} should be in the same branch but are not.",
    ),
    "violation.members_apart": (
        "{a}与{b}应在不同支部，但都在{branch}。",
        "{a} and {b} should be in different branches but both sit in {branch}.",
    ),
    "violation.team_pin.own": (
        "{team}应单独成立团队党支部，但没有。",
        "{team} should have a team branch of its own but has none.",
    ),
    "violation.team_pin.joint": (
        "{team}应纳入联合党支部，但没有。",
        "{team} should be part of a joint branch but is not.",
    ),
    "violation.team_pin.none": (
        "{team}不应依托建立支部，但{branch}依托了它。",
        "{team} should host no branch, but {branch} is built on it.",
    ),
    "violation.team_pin.unknown_team": (
        "指定中的团队“{team}”不是{area}的团队。",
        "A pin names team {team}, which is not a team of {area}.",
    ),
    "violation.teams_together": (
        "{a}与{b}应依托同一个支部，但没有支部同时依托这两个团队。",
        "{a} and {b} should share a branch, but no branch is built on both.",
    ),
    "violation.teams_apart": (
        "{a}与{b}不应依托同一个支部，但{branch}同时依托了它们。",
        "{a} and {b} should not share a branch, but {branch} is built on both.",
    ),
    "violation.generic": (
        "{area}：{rule}（实际{value}，要求{limit}）。",
        "{area}: {rule} (found {value}, required {limit}).",
    ),
    # --- fixes ---
    "fix.raise_cap": ("将支部人数上限提高到{cap}", "raise the size cap to {cap}"),
    "fix.raise_joint_max": (
        "允许联合党支部最多依托{count}个团队",
        "allow up to {count} teams per joint branch",
    ),
    "fix.joint_any_type": ("允许联合党支部合并各类团队", "allow joint branches to mix any team types"),
    "fix.allow_attached": ("允许挂靠", "allow attached members"),
    "fix.raise_mobility_share": (
        "将卧床和行动不便党员占比上限提高到{share}",
        "raise the limit on the share of mobility-limited members to {share}",
    ),
    "fix.mobility_comprehensive": (
        "将卧床和行动不便党员的安排方式改为“集中到综合党支部”（综合党支部不受占比限制）",
        "set the placement of bedridden and mobility-limited members to “comprehensive branches” "
        "(the share limit does not apply there)",
    ),
    # --- words used inside messages ---
    "violation.target_comprehensive": ("综合党支部", "a comprehensive branch"),
    "violation.target_team": ("{team}的支部", "the branch of {team}"),
    "violation.where_none": ("未安排", "no branch"),
    "violation.member_label": ("{name}（{id}）", "{name} ({id})"),
    # --- branch names (data; default Chinese) ---
    "branch.name.team": ("{team}党支部", "{team} Party branch"),
    "branch.name.joint": ("{teams}联合党支部", "Joint Party branch of {teams}"),
    "branch.name.comprehensive": ("{area}综合党支部", "{area} comprehensive Party branch"),
    "branch.name.single": ("{area}党支部", "{area} Party branch"),
    "branch.name.index": ("{name}（{index}）", "{name} ({index})"),
    "branch.name.sep": ("、", ", "),
    # --- KPIs ---
    "kpi.branches": ("支部数", "Branches"),
    "kpi.first_choice_share": ("在第一志愿团队支部的党员占比", "Members with their first-choice team"),
    "kpi.any_team_share": ("在所在团队支部的党员占比", "Members with one of their teams"),
    "kpi.comprehensive_members": ("综合党支部党员数", "Members in comprehensive branches"),
    "kpi.leaders_before": ("调整前骨干岗位数", "Leadership positions before"),
    "kpi.leaders_after": ("调整后骨干岗位数", "Leadership positions after"),
    "kpi.members_per_leader_before": ("调整前每名骨干联系党员数", "Members per leader before"),
    "kpi.members_per_leader_after": ("调整后每名骨干联系党员数", "Members per leader after"),
    "kpi.rules_broken": ("未满足的规则", "Rules broken"),
}

CATALOGUE: dict[str, dict[str, str]] = {}
for _name, (_zh, _en) in _TITLES.items():
    CATALOGUE[f"rule.{_name}.title"] = {"zh": _zh, "en": _en}
for _name, (_zh, _en) in _HELP.items():
    CATALOGUE[f"rule.{_name}.help"] = {"zh": _zh, "en": _en}
for _key, (_zh, _en) in _MESSAGES.items():
    CATALOGUE[_key] = {"zh": _zh, "en": _en}
