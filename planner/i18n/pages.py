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
        "en": "The goals choose among the plans that keep the rules; a preset sets all their weights at once.",
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
}
