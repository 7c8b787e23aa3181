"""Fixes that are true (planner.fixes), settings problems (planner.settings.validate_settings),
the one-click fixes of the Tweak page (ui.fixes) and the plan/check command options."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    # --- fixes (planner.fixes) ---
    "fixes.designate_secretary": {
        "zh": "确定{names}为{branch}的书记人选",
        "en": "designate {names} as the secretary candidate of {branch}",
    },
    "fixes.designate_committee": {
        "zh": "确定{names}为{branch}的支委人选",
        "en": "designate {names} as committee candidates of {branch}",
    },
    "fixes.designate_area": {
        "zh": "在{area}确定{names}为书记或支委人选",
        "en": "designate {names} in {area} as secretary or committee candidates",
    },
    "fixes.move": {"zh": "把{names}从{source}调到{target}", "en": "move {names} from {source} to {target}"},
    "fixes.move_to": {"zh": "把{names}调到{target}", "en": "move {names} to {target}"},
    "fixes.place": {"zh": "把{names}安排到{target}", "en": "place {names} in {target}"},
    "fixes.open": {
        "zh": "为{team}成立团队党支部，调入该团队的{count}名党员（{names}）",
        "en": "open a branch for {team} with {count} of its members ({names})",
    },
    "fixes.names_more": {
        "zh": "{names}等{count}人（另{more}人未列出）",
        "en": "{names} and {more} more ({count} in all)",
    },
    "fixes.joint_compatible": {
        "zh": "允许相近类型的团队（文化艺术与体育保健、学习教育与公益服务）组成联合党支部",
        "en": "allow compatible team types (culture with sports, learning with service) in joint branches",
    },
    "fixes.effect": {
        "zh": "本居民区未满足的规则：{before} → {after}",
        "en": "rules broken in the area: {before} → {after}",
    },
    # --- one-click fixes on the Tweak page (ui.fixes) ---
    "fixes.ui.title": {"zh": "一键采用建议", "en": "Apply a suggested fix"},
    "fixes.ui.help": {
        "zh": "下列建议都已逐条验证：单独采用后，所针对的问题消除或减轻，且不违反其他规则。采用后可撤销。",
        "en": "Each fix below was checked on its own: applied alone it removes or eases its problem "
        "and breaks no other rule. You can undo it.",
    },
    "fixes.ui.none": {
        "zh": "本居民区没有可一键采用的调整或人选建议。",
        "en": "No move or designation to apply in this area.",
    },
    "fixes.ui.apply": {"zh": "采用", "en": "Apply"},
    "fixes.ui.applied": {"zh": "已采用：{text}", "en": "Applied: {text}"},
    "fixes.ui.designated": {
        "zh": "本草稿确定的人选：{names}",
        "en": "Candidates designated in this draft: {names}",
    },
    "workshop.setting.constraints.designated": {
        "zh": "确定为书记或支委人选的党员",
        "en": "Members designated as candidates",
    },
    # --- settings problems (planner.settings.validate_settings) ---
    "settings.problem.at_least": {
        "zh": "“{setting}”应不小于{minimum}，现为{value}。",
        "en": "“{setting}” must be at least {minimum}; it is {value}.",
    },
    "settings.problem.positive": {
        "zh": "“{setting}”应大于0，现为{value}。",
        "en": "“{setting}” must be above 0; it is {value}.",
    },
    "settings.problem.share": {
        "zh": "“{setting}”应在0到1之间，现为{value}。",
        "en": "“{setting}” must be between 0 and 1; it is {value}.",
    },
    "settings.problem.joint_min_max": {
        "zh": "联合党支部最少团队数（{low}）大于最多团队数（{high}）。",
        "en": "A joint branch's minimum of teams ({low}) is above its maximum ({high}).",
    },
    "settings.problem.group_min_max": {
        "zh": "党小组最少人数（{low}）大于最多人数（{high}）。",
        "en": "A party group's minimum size ({low}) is above its maximum ({high}).",
    },
    "settings.problem.committee_min_max": {
        "zh": "支委会至少人选数（{low}）大于支委人数上限（{high}）。",
        "en": "The committee's minimum of candidates ({low}) is above its most members ({high}).",
    },
    "settings.problem.committee_threshold": {
        "zh": "选举支委会的正式党员数门槛（{threshold}）小于支委会至少人选数（{low}）。",
        "en": "The full members from which a committee is elected ({threshold}) are fewer than "
        "the committee's minimum of candidates ({low}).",
    },
    "settings.problem.min_full_cap": {
        "zh": "每个支部至少{low}名正式党员，超过支部人数上限{cap}。",
        "en": "At least {low} full members per branch is more than the size cap of {cap}.",
    },
    "settings.problem.group_threshold": {
        "zh": "设置党小组的支部人数门槛（{threshold}）小于两个党小组的最少人数（{need}）。",
        "en": "The branch size from which party groups are formed ({threshold}) is below two "
        "groups' minimum ({need}).",
    },
    "settings.problem.weight": {
        "zh": "目标权重“{setting}”应为不小于0的数，现为{value}。",
        "en": "The goal weight “{setting}” must be a number of at least 0; it is {value}.",
    },
    "settings.problem.preset": {
        "zh": "没有名为“{value}”的预设（可选：{known}）。",
        "en": "There is no preset named “{value}” (known: {known}).",
    },
    "settings.problem.unknown_key": {
        "zh": "设置中不认识的项：{path}。",
        "en": "Unknown setting: {path}.",
    },
    "settings.problem.bad_value": {
        "zh": "设置“{path}”的值无效：{value}。",
        "en": "The setting “{path}” has an invalid value: {value}.",
    },
    # --- the plan / check commands (planner.cli_plan) ---
    "cli.settings.bad_file": {
        "zh": "设置文件 {path} 有{count}处问题，未开始规划：",
        "en": "The settings file {path} has {count} problem(s); nothing was planned:",
    },
    "cli.settings.not_json": {
        "zh": "不是可读的JSON对象（设置文件应为JSON对象，或plan --json写出的方案）。",
        "en": "is not a readable JSON object (a settings file is a JSON object, "
        "or a plan written by plan --json).",
    },
    "cli.settings.problem": {"zh": "  - {problem}", "en": "  - {problem}"},
    "cli.reference.bad": {
        "zh": "参照方案 {path} 无法读取：{problem}",
        "en": "The reference plan {path} cannot be read: {problem}",
    },
    "cli.reference.no_assignments": {
        "zh": "其中没有党员的支部安排（assignments）。",
        "en": "it holds no member assignments.",
    },
    "cli.reference.used": {
        "zh": "以 {path} 为参照方案（{members}名党员），尽量少调整。",
        "en": "Re-planning against {path} ({members} members), moving as few as possible.",
    },
    "cli.check.settings_from_plan": {
        "zh": "按方案中记录的设置检查。",
        "en": "Judged by the settings recorded in the plan.",
    },
}
