"""The planner's own messages: why an area kept the greedy plan, solver errors, and the ``plan`` and
``check`` commands."""

CATALOGUE = {
    # --- why an area did not get (or keep) the model's plan -----------------------------------
    "plan.area.killed": {
        "zh": "求解超过时间上限被终止，采用人工规则（贪心）方案",
        "en": "The solver ran past its time limit and was stopped, so the rule-of-thumb plan is used",
    },
    "plan.area.worker_died": {
        "zh": "求解进程意外退出，采用人工规则（贪心）方案",
        "en": "The solver stopped unexpectedly, so the rule-of-thumb plan is used",
    },
    "plan.area.model_error": {
        "zh": "建模时出错，采用人工规则（贪心）方案",
        "en": "The model could not be built, so the rule-of-thumb plan is used",
    },
    "plan.area.cancelled": {
        "zh": "已取消，采用人工规则（贪心）方案",
        "en": "Cancelled, so the rule-of-thumb plan is used",
    },
    "plan.area.no_model": {
        "zh": "求解器未给出方案，采用人工规则（贪心）方案",
        "en": "The solver gave no plan, so the rule-of-thumb plan is used",
    },
    "plan.area.model_worse": {
        "zh": "求解器的方案不如人工规则（贪心）方案，采用后者",
        "en": "The solver's plan scored below the rule-of-thumb plan, which is used instead",
    },
    "plan.area.error": {
        "zh": "该居民区无法生成方案",
        "en": "No plan could be made for this area",
    },
    # --- solver errors ---------------------------------------------------------------------------
    "solve.error.no_cbc": {
        "zh": "找不到 CBC 求解器（随 PuLP 安装），采用人工规则（贪心）方案",
        "en": "The CBC solver (installed with PuLP) was not found, so the rule-of-thumb plan is used",
    },
    "solve.error.no_highs": {
        "zh": "未安装 HiGHS（highspy），采用人工规则（贪心）方案",
        "en": "HiGHS (highspy) is not installed, so the rule-of-thumb plan is used",
    },
    "solve.error.killed": {
        "zh": "CBC 超过时间上限被终止，采用人工规则（贪心）方案",
        "en": "CBC ran past its time limit and was stopped, so the rule-of-thumb plan is used",
    },
    "solve.error.cbc_failed": {
        "zh": "CBC 运行出错，采用人工规则（贪心）方案",
        "en": "CBC failed, so the rule-of-thumb plan is used",
    },
    "solve.error.highs_failed": {
        "zh": "HiGHS 运行出错，采用人工规则（贪心）方案",
        "en": "HiGHS failed, so the rule-of-thumb plan is used",
    },
    "solve.error.no_solution": {
        "zh": "求解器在时间上限内未找到方案，采用人工规则（贪心）方案",
        "en": "The solver found no plan within its time limit, so the rule-of-thumb plan is used",
    },
    # --- the plan command --------------------------------------------------------------------------
    "cli.plan.help": {
        "zh": "为名册生成党支部调整方案",
        "en": "propose the branch restructuring of a roster",
    },
    "cli.check.help": {
        "zh": "检查一个支部设置（每名党员所在支部）违反了哪些规则",
        "en": "list the rules a layout (each member's branch) breaks",
    },
    "cli.plan.title": {
        "zh": "调整方案：{areas} 个居民区，{members} 名党员，{branches} 个党支部，用时 {seconds} 秒",
        "en": "Plan: {areas} areas, {members} members, {branches} branches, {seconds} s",
    },
    "cli.plan.area_header": {
        "zh": "居民区 | 结构 | 状态 | 目标值 | 上界 | 差距 | 贪心目标值 | 支部 | 违规 | 秒",
        "en": "area | structure | status | objective | bound | gap | greedy | branches | rules broken | s",
    },
    "cli.plan.violations": {
        "zh": "违反的规则（{count} 项）：",
        "en": "Rules broken ({count}):",
    },
    "cli.plan.no_violations": {
        "zh": "方案没有违反任何规则。",
        "en": "The plan breaks no rule.",
    },
    "cli.plan.fix": {
        "zh": "  建议：{fix}",
        "en": "  fix: {fix}",
    },
    "cli.plan.written": {
        "zh": "已写入 {path}",
        "en": "Written: {path}",
    },
    "cli.plan.unknown_area": {
        "zh": "名册中没有居民区“{area}”（现有：{known}）",
        "en": "The roster has no area '{area}' (it has: {known})",
    },
    "cli.plan.unknown_preset": {
        "zh": "没有名为“{name}”的权重方案（可选：{known}）",
        "en": "There is no preset '{name}' (choose from: {known})",
    },
    "cli.plan.bad_number": {
        "zh": "{option} 须为正数，收到“{value}”",
        "en": "{option} must be a positive number, got '{value}'",
    },
    # --- the check command -------------------------------------------------------------------------
    "cli.check.ok": {
        "zh": "该支部设置没有违反任何规则（{members} 名党员，{branches} 个党支部）。",
        "en": "The layout breaks no rule ({members} members, {branches} branches).",
    },
    "cli.check.broken": {
        "zh": "该支部设置违反 {count} 项规则：",
        "en": "The layout breaks {count} rule(s):",
    },
    "cli.check.bad_layout": {
        "zh": "无法读取支部设置文件 {path}：{problem}",
        "en": "Cannot read the layout file {path}: {problem}",
    },
    "cli.check.no_columns": {
        "zh": "需要“党员编号”和“支部编号”两列（或 member_id、branch_id）",
        "en": "it needs a member id and a branch id column (member_id, branch_id)",
    },
    "cli.check.bad_branch": {
        "zh": "第 {row} 行的支部编号“{value}”不符合格式（如 居民区/team:团队编号、居民区/comprehensive）",
        "en": "row {row}: branch id '{value}' is not of the form area/team:<team>, area/comprehensive, ...",
    },
    "cli.check.bad_json": {
        "zh": "不是本程序导出的方案 JSON",
        "en": "it is not a plan JSON written by this program",
    },
}
