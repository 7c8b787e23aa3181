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
}
