"""Statistics: headline lines, per-area table headers and category labels."""

CATALOGUE = {
    "stats.title": {
        "zh": "社区党员与团队统计（年龄按 {year} 年计）",
        "en": "Community members and teams (ages as of {year})",
    },
    "stats.line.members": {
        "zh": "党员 {members} 人：正式党员 {full} 人，预备党员 {probationary} 人",
        "en": "Party members: {members} ({full} full, {probationary} probationary)",
    },
    "stats.line.branches": {
        "zh": "居民区 {areas} 个；现有党支部 {branches} 个，"
        "其中 100 人以上 {over_100} 个、200 人以上 {over_200} 个",
        "en": "Areas: {areas}; current branches: {branches}, of which {over_100} have 100+ members "
        "and {over_200} have 200+",
    },
    "stats.line.largest": {
        "zh": "最大的党支部：{branch}（{area}），{size} 人",
        "en": "Largest branch: {branch} ({area}), {size} members",
    },
    "stats.line.teams": {
        "zh": "团队 {teams} 个：{by_type}",
        "en": "Teams: {teams} ({by_type})",
    },
    "stats.line.teams_with_members": {
        "zh": "有党员参加的团队 {one} 个（{one_share}）；有 3 名以上党员的团队 {three} 个（{three_share}）",
        "en": "Teams with at least 1 Party member: {one} ({one_share}); "
        "with 3 or more: {three} ({three_share})",
    },
    "stats.line.members_in_teams": {
        "zh": "参加团队的党员 {count} 人（{share}），人均参加 {per_member} 个团队",
        "en": "Members in teams: {count} ({share}), {per_member} teams each on average",
    },
    "stats.line.leaders": {
        "zh": "现任书记、委员和党小组长 {leaders} 人，平均每人联系党员 {per_leader} 人",
        "en": "Current secretaries, committee members and group leaders: {leaders}; "
        "{per_leader} members per leader",
    },
    "stats.line.candidates": {
        "zh": "书记和委员人选（有骨干身份的正式党员）{candidates} 人；按每个支部不超过 {cap} 人，"
        "至少需要 {branches} 个支部、{needed} 名人选，缺 {shortfall} 人（{short_areas} 个居民区不足）",
        "en": "Secretary and committee candidates (full members with a backbone role): {candidates}; "
        "with at most {cap} members a branch, at least {branches} branches are needed with "
        "{needed} candidates: {shortfall} short ({short_areas} areas short)",
    },
    "stats.line.employment": {
        "zh": "就业状态：{items}",
        "en": "Employment: {items}",
    },
    "stats.line.mobility": {
        "zh": "身体状况：{items}；生活困难 {hardship} 人",
        "en": "Mobility: {items}; in hardship: {hardship}",
    },
    "stats.line.age": {
        "zh": "年龄（{year} 年）：{items}",
        "en": "Age (in {year}): {items}",
    },
    "stats.per_area": {"zh": "各居民区", "en": "Per area"},
    "stats.no_areas": {"zh": "（没有居民区）", "en": "(no areas)"},
    "stats.list_sep": {"zh": "，", "en": ", "},
    "stats.item": {"zh": "{label} {count}", "en": "{label} {count}"},
    # Category labels.
    "stats.value.learning": {"zh": "学习教育型", "en": "Learning & education"},
    "stats.value.culture": {"zh": "文化艺术型", "en": "Culture & arts"},
    "stats.value.sports": {"zh": "体育保健型", "en": "Sports & health"},
    "stats.value.service": {"zh": "公益服务型", "en": "Public service"},
    "stats.value.other": {"zh": "其他", "en": "Other"},
    "stats.value.full": {"zh": "正式党员", "en": "Full"},
    "stats.value.probationary": {"zh": "预备党员", "en": "Probationary"},
    "stats.value.retired": {"zh": "退休", "en": "Retired"},
    "stats.value.employed": {"zh": "在职", "en": "Employed"},
    "stats.value.unemployed": {"zh": "失业", "en": "Unemployed"},
    "stats.value.normal": {"zh": "正常", "en": "Normal"},
    "stats.value.limited": {"zh": "行动不便", "en": "Limited mobility"},
    "stats.value.bedridden": {"zh": "卧床", "en": "Bedridden"},
    "stats.value.under_60": {"zh": "60岁以下", "en": "Under 60"},
    "stats.value.60_69": {"zh": "60–69岁", "en": "60–69"},
    "stats.value.70_79": {"zh": "70–79岁", "en": "70–79"},
    "stats.value.80_plus": {"zh": "80岁以上", "en": "80+"},
    "stats.value.unknown": {"zh": "未知", "en": "Unknown"},
    # Per-area table headers.
    "stats.col.area": {"zh": "居民区", "en": "Area"},
    "stats.col.members": {"zh": "党员", "en": "Members"},
    "stats.col.full": {"zh": "正式", "en": "Full"},
    "stats.col.probationary": {"zh": "预备", "en": "Probationary"},
    "stats.col.current_branches": {"zh": "现有支部", "en": "Branches"},
    "stats.col.largest_current_branch": {"zh": "最大支部人数", "en": "Largest branch"},
    "stats.col.teams": {"zh": "团队", "en": "Teams"},
    "stats.col.members_in_teams": {"zh": "参加团队", "en": "In teams"},
    "stats.col.candidates": {"zh": "人选", "en": "Candidates"},
    "stats.col.current_leaders": {"zh": "现任骨干", "en": "Leaders"},
    "stats.col.members_per_leader": {"zh": "人均联系", "en": "Members/leader"},
    "stats.col.min_branches": {"zh": "至少支部数", "en": "Min branches"},
    "stats.col.candidates_needed": {"zh": "需要人选", "en": "Candidates needed"},
    "stats.col.candidate_shortfall": {"zh": "人选缺口", "en": "Shortfall"},
    "stats.col.retired": {"zh": "退休", "en": "Retired"},
    "stats.col.limited": {"zh": "行动不便", "en": "Limited"},
    "stats.col.bedridden": {"zh": "卧床", "en": "Bedridden"},
    "stats.col.hardship": {"zh": "生活困难", "en": "Hardship"},
}
