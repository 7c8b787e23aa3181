"""Texts of the pages added for the workshop on a projector: the plan's quality in words, the
Tweak board, pairs, the short settings form, comparing with today's branches."""

CATALOGUE = {
    # --- how good a plan is (planner.quality) -----------------------------------------------------
    "quality.best": {"zh": "在这些规则下已是最佳方案", "en": "The best possible under these rules"},
    "quality.near": {"zh": "与最佳方案相差不超过 {gap}", "en": "Within {gap} of the best possible"},
    "quality.near_unknown": {
        "zh": "接近最佳方案（差距未能算出）",
        "en": "Close to the best possible (how close could not be worked out)",
    },
    "quality.time_limit": {
        "zh": "到达时间上限后停止：可能还有更好的方案",
        "en": "Stopped at the time limit: a better plan may exist",
    },
    "quality.greedy": {
        "zh": "求解器未及时给出结果，采用按经验规则排出的方案：可能还有更好的方案",
        "en": "The solver gave no answer in time, so this is the rule-of-thumb plan: a better plan may exist",
    },
    "quality.edited": {"zh": "规划后经手工调整", "en": "Changed by hand after planning"},
    "quality.failed": {"zh": "未能规划", "en": "Could not be planned"},
    "quality.no_areas": {"zh": "没有规划任何居民区", "en": "No area was planned"},
    "quality.all.best": {
        "zh": "全部 {count} 个居民区在这些规则下都已是最佳方案",
        "en": "All {count} areas: the best possible under these rules",
    },
    "quality.all_near": {
        "zh": "全部 {count} 个居民区与最佳方案相差不超过 {gap}",
        "en": "All {count} areas: within {gap} of the best possible",
    },
    "quality.all.time_limit": {
        "zh": "全部 {count} 个居民区到达时间上限后停止：可能还有更好的方案",
        "en": "All {count} areas stopped at the time limit: a better plan may exist",
    },
    "quality.all.greedy": {
        "zh": "全部 {count} 个居民区采用按经验规则排出的方案：可能还有更好的方案",
        "en": "All {count} areas use the rule-of-thumb plan: a better plan may exist",
    },
    "quality.all.edited": {
        "zh": "全部 {count} 个居民区规划后经手工调整",
        "en": "All {count} areas were changed by hand after planning",
    },
    "quality.all.failed": {
        "zh": "{count} 个居民区都未能规划",
        "en": "None of the {count} areas could be planned",
    },
    "quality.part.best": {"zh": "{count} 个已是最佳方案", "en": "the best possible in {count}"},
    "quality.part.near": {
        "zh": "{count} 个与最佳方案相差不超过 {gap}",
        "en": "within {gap} of the best possible in {count}",
    },
    "quality.part.time_limit": {
        "zh": "{count} 个到达时间上限后停止（可能还有更好的方案）",
        "en": "stopped at the time limit in {count} (a better plan may exist)",
    },
    "quality.part.greedy": {
        "zh": "{count} 个采用按经验规则排出的方案",
        "en": "the rule-of-thumb plan in {count}",
    },
    "quality.part.edited": {"zh": "{count} 个经手工调整", "en": "changed by hand in {count}"},
    "quality.part.failed": {"zh": "{count} 个未能规划", "en": "not planned in {count}"},
    "quality.mixed": {"zh": "{total} 个居民区中，{parts}", "en": "Of {total} areas: {parts}"},
    "quality.sep": {"zh": "；", "en": "; "},
    # --- headers on the pages -----------------------------------------------------------------------
    "pages.col.branch_name": {"zh": "支部名称", "en": "Branch"},
    "pages.col.solve_status": {"zh": "求解情况", "en": "Solver status"},
    "pages.col.quality": {"zh": "方案好不好", "en": "How good the plan is"},
    # --- Plan -------------------------------------------------------------------------------------------
    "pages.plan.all_rules": {
        "zh": "全部规则和目标（含依据）",
        "en": "All rules and goals, with their sources",
    },
    "pages.plan.goals_intro": {
        "zh": "目标决定在遵守规则的各种方案中选哪一个；预设方案一次设好全部权重。",
        "en": "The goals choose among the plans that keep the rules; a preset sets all their "
        "weights at once.",
    },
    "pages.plan.area_report": {"zh": "各居民区的方案（{count} 个）", "en": "Each area's plan ({count})"},
    "pages.plan.about_solver": {"zh": "关于求解器", "en": "About the solver"},
    "pages.plan.about_solver_help": {
        "zh": "求解器的原始数值，供技术人员核对：目标值越大越好，最优界是可能达到的最好目标值，"
        "差距是两者之差占目标值的比例；人工规则目标值是按经验规则排出的方案的目标值。",
        "en": "The solver's own figures, for checking by someone technical: the higher the objective the "
        "better; the best bound is the best objective any plan could reach; the gap is how far the "
        "objective is from it, as a share; the rule-of-thumb objective is that of the plan made by "
        "the simple rules.",
    },
    # --- Tweak ------------------------------------------------------------------------------------------
    "pages.tweak.member_with_id": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "pages.tweak.team_in_area": {"zh": "{area} · {team}", "en": "{team}, {area}"},
    "pages.tweak.pin_pick_first": {
        "zh": "请先选择要固定的党员。",
        "en": "Choose the members to pin first.",
    },
    "pages.tweak.pin_nothing_new": {
        "zh": "所选党员已按现在的位置固定，无需再固定。",
        "en": "The members chosen are already pinned where they are now.",
    },
    "pages.board.title": {"zh": "本居民区的支部（{count} 个）", "en": "This area's branches ({count})"},
    "pages.board.help": {
        "zh": "每次调动后立即更新；括号里是与原方案相比的人数变化。",
        "en": "Updated with every move; the figure in brackets is the change since the scenario.",
    },
    "pages.board.line_size": {
        "zh": "{size} 人{change} · 正式党员 {full} · 书记和委员人选 {candidates}",
        "en": "{size} members{change} · {full} full members · {candidates} candidates to lead",
    },
    "pages.board.line_more": {
        "zh": "{kind} · 卧床和行动不便 {mobility} · 党小组 {groups} 个",
        "en": "{kind} · bedridden or limited mobility {mobility} · {groups} party groups",
    },
    "pages.board.keeps_rules": {"zh": ":green[符合全部规则]", "en": ":green[Keeps every rule]"},
    "pages.board.breaks": {"zh": ":orange[不符合 {count} 条规则]", "en": ":orange[Breaks {count} rule(s)]"},
    "pages.board.breaks_new": {
        "zh": ":red[不符合 {count} 条规则，其中 {new} 条是调整造成的]",
        "en": ":red[Breaks {count} rule(s), {new} of them because of the changes]",
    },
    "pages.board.new_branch": {"zh": "新支部", "en": "new"},
    "pages.board.changed": {"zh": "有调动", "en": "changed"},
    "pages.board.move_from": {"zh": "从这里调出一名党员", "en": "Move a member from here"},
    "pages.board.member": {"zh": "党员", "en": "Member"},
    "pages.board.member_placeholder": {"zh": "选择党员", "en": "Choose a member"},
    "pages.board.target_placeholder": {"zh": "选择支部", "en": "Choose a branch"},
    "pages.pairs.title": {
        "zh": "在一起 / 分开（{count} 对）",
        "en": "Keep together or apart ({count} pairs)",
    },
    "pages.pairs.help": {
        "zh": "两名党员（或两个团队）要在同一个支部，或不能在同一个支部。修改后立即检查，重新规划时会遵守。",
        "en": "Two members (or two teams) who must share a branch, or must not. Checked at once, and "
        "kept when you re-plan.",
    },
    "pages.pairs.kind": {"zh": "哪一种", "en": "Which kind"},
    "pages.pairs.kind.members_together": {"zh": "党员在一起", "en": "Members together"},
    "pages.pairs.kind.members_apart": {"zh": "党员分开", "en": "Members apart"},
    "pages.pairs.kind.teams_together": {"zh": "团队在一起", "en": "Teams together"},
    "pages.pairs.kind.teams_apart": {"zh": "团队分开", "en": "Teams apart"},
    "pages.pairs.pick": {"zh": "选两个", "en": "Choose two"},
    "pages.pairs.pick_placeholder": {"zh": "输入姓名或名称查找", "en": "Type a name to find it"},
    "pages.pairs.add": {"zh": "添加", "en": "Add"},
    "pages.pairs.remove": {"zh": "删除", "en": "Remove"},
    "pages.pairs.row.members_together": {
        "zh": "{a} 与 {b} 在同一支部",
        "en": "{a} and {b} in the same branch",
    },
    "pages.pairs.row.members_apart": {
        "zh": "{a} 与 {b} 不在同一支部",
        "en": "{a} and {b} in different branches",
    },
    "pages.pairs.row.teams_together": {"zh": "{a} 与 {b} 在同一支部", "en": "{a} and {b} in the same branch"},
    "pages.pairs.row.teams_apart": {
        "zh": "{a} 与 {b} 不在同一支部",
        "en": "{a} and {b} in different branches",
    },
    # --- Compare -----------------------------------------------------------------------------------------
    "pages.setting.count": {"zh": "{count} 项", "en": "{count}"},
    "pages.compare.objective_help": {
        "zh": "目标值是求解器内部用来比较方案的分数，只在同一套规则和权重下可比。",
        "en": "The objective is the score the solver compares plans by; it compares only between "
        "plans made with the same rules and weights.",
    },
    "pages.compare.today_title": {"zh": "与现在的支部比较", "en": "Against today's branches"},
    "pages.compare.today_intro": {
        "zh": "选一个方案和一个居民区：左边是现在的组织架构，右边是方案的；有变化的支部标为黄色。",
        "en": "Pick a scenario and an area: today's organisation on the left, the scenario's on the "
        "right; the branches that change are yellow.",
    },
    "pages.compare.today_summary": {
        "zh": "现在 **{before}** 个支部，方案 **{after}** 个支部，其中 **{changed}** 个与现在不同。",
        "en": "Today **{before}** branch(es); the scenario has **{after}**, of which **{changed}** differ "
        "from today's.",
    },
    "pages.compare.today_chart": {"zh": "现在", "en": "Today"},
    "pages.compare.scenario_chart": {"zh": "方案“{name}”", "en": "Scenario “{name}”"},
    "pages.compare.marked_help": {
        "zh": "黄色：成员有变化的支部；红框：不符合规则的支部。",
        "en": "Yellow: a branch whose members change; red border: a branch that breaks a rule.",
    },
    "pages.compare.source": {"zh": "{branch} {count} 人", "en": "{count} from {branch}"},
    "pages.compare.col.size": {"zh": "人数", "en": "Members"},
    "pages.compare.col.from": {"zh": "成员现在所在支部", "en": "Where its members are today"},
    "pages.compare.col.changed": {"zh": "与现在不同", "en": "Differs from today"},
    # --- Data ---------------------------------------------------------------------------------------------
    "pages.data.drop_roster": {
        "zh": "把文件拖到上面的框里，或点框里的按钮选择文件；"
        "每个文件不超过 10 MB，格式为 Excel（.xlsx）或 CSV。",
        "en": "Drag the files onto the box above, or use its button to choose them: Excel (.xlsx) or "
        "CSV, at most 10 MB each.",
    },
    "pages.data.drop_zip": {
        "zh": "把“导出”页保存的研讨存档（.zip）拖到上面的框里，或点框里的按钮选择。",
        "en": "Drag the workshop bundle (.zip) saved on the Export page onto the box above, or use its "
        "button to choose it.",
    },
    "pages.compare.pick_placeholder": {"zh": "选择两到四个方案", "en": "Choose two to four scenarios"},
    # --- names of the files downloaded ---------------------------------------------------------------
    "pages.file.members": {"zh": "党员", "en": "members"},
    "pages.file.roster": {"zh": "支部名册", "en": "roster"},
    "pages.file.workshop": {"zh": "研讨存档", "en": "workshop"},
    "pages.file.moves": {"zh": "人员调动", "en": "moves"},
}
