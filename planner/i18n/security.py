"""Texts of the bundle checks (tampered or damaged bundles) and of a cancelled plan's partial result."""

from __future__ import annotations

_AGAIN = {
    "zh": "这个方案包在保存后被改动过或已损坏：请从本工具重新导出，不要手工修改。",
    "en": "The bundle was changed or damaged after it was saved: export it again from the workbench "
    "and do not edit it by hand.",
}

_PROBLEMS: dict[str, dict[str, str]] = {
    "bundle_entries": {
        "zh": "方案包里除了 bundle.json 还有别的文件，或同一文件出现多次（{entries}）。",
        "en": "The bundle holds other files besides bundle.json, or a file twice ({entries}).",
    },
    "bundle_too_deep": {
        "zh": "方案包的内容嵌套超过 {limit} 层。",
        "en": "The bundle's contents are nested more than {limit} levels deep.",
    },
    "bundle_setting": {
        "zh": "设置项 {path} 的值 {found} 超出允许的范围（{low} 至 {high}）。",
        "en": "The setting {path} is {found}, outside the range the workbench allows ({low} to {high}).",
    },
    "bundle_settings_contradiction": {
        "zh": "设置自相矛盾：{problem}",
        "en": "The settings contradict each other: {problem}",
    },
    "bundle_areas": {
        "zh": "方案涉及 {count} 个当前名册中没有或重复列出的居民区。",
        "en": "The plan covers {count} residential area(s) that are not in the roster or are listed twice.",
    },
    "bundle_coverage": {
        "zh": "方案没有给所涉居民区的 {count} 名党员安排支部。",
        "en": "The plan leaves {count} member(s) of its areas without a branch.",
    },
    "bundle_misplaced": {
        "zh": "方案把 {count} 名党员重复安排、安排到别的居民区，或安排到方案中没有的支部。",
        "en": "The plan places {count} member(s) twice, in another area, or in a branch it does not list.",
    },
    "bundle_code": {
        "zh": "{where} 中有未知的代码“{found}”。",
        "en": "{where} holds the unknown code “{found}”.",
    },
    "bundle_counts": {
        "zh": "{count} 个支部记录的人数（党员数、正式党员、候选人等）与实际安排的党员不符。",
        "en": "The stored counts of {count} branch(es) (members, full members, candidates...) do not "
        "match the members placed in them.",
    },
    "bundle_staff": {
        "zh": "{count} 处书记、委员或党小组组长不是该支部（党小组）的党员或不能当选。",
        "en": "{count} secretary, committee or group-leader entries name someone who is not in that "
        "branch (or group) or cannot be elected.",
    },
    "bundle_groups": {
        "zh": "{count} 个党小组与分到其中的党员不符。",
        "en": "{count} party group(s) do not match the members assigned to them.",
    },
    "bundle_recheck": {
        "zh": "方案记录的违反规则（{stored} 条）与重新检查的结果（{found} 条）不一致。",
        "en": "The rules the plan says it breaks ({stored}) are not what checking it again finds ({found}).",
    },
    "bundle_kpis": {
        "zh": "方案记录的指标与按其安排重新计算的不一致（{keys}）。",
        "en": "The plan's stored figures differ from those its layout gives ({keys}).",
    },
    "bundle_area_report": {
        "zh": "{count} 个居民区的求解报告与方案不符（支部数、违规数、结构或数值）。",
        "en": "The report of {count} area(s) does not match the plan (branches, rules broken, structure "
        "or figures).",
    },
    "bundle_unknown_branch": {
        "zh": "{count} 条手工调整指向方案及其上级方案中都没有的支部。",
        "en": "{count} hand move(s) name a branch that is in neither the plan nor its parent.",
    },
    "bundle_parent_cycle": {
        "zh": "方案之间的上级关系形成了循环。",
        "en": "The scenarios name each other as parents in a loop.",
    },
}

CATALOGUE: dict[str, dict[str, str]] = {
    **{f"workshop.problem.{code}": texts for code, texts in _PROBLEMS.items()},
    **{f"workshop.action.{code}": dict(_AGAIN) for code in _PROBLEMS},
    # --- a cancelled plan's partial result (Plan page) ------------------------------------------------
    "security.partial.title": {
        "zh": "已取消：{total} 个居民区中已有 {solved} 个规划完成。",
        "en": "Cancelled: {solved} of {total} areas had been planned.",
    },
    "security.partial.help": {
        "zh": "可以把已完成的居民区保存为一个“部分”方案（其余居民区不在其中），也可以舍弃。",
        "en": "You can keep the finished areas as a partial scenario (the other areas are not in it), "
        "or drop them.",
    },
    "security.partial.keep": {"zh": "保存为部分方案", "en": "Keep as a partial scenario"},
    "security.partial.drop": {"zh": "舍弃", "en": "Drop"},
    "security.partial.name": {"zh": "{name}（部分）", "en": "{name} (partial)"},
    "security.partial.kept": {
        "zh": "已保存为部分方案“{name}”。",
        "en": "Kept as the partial scenario “{name}”.",
    },
    "security.partial.dropped": {
        "zh": "已取消；取消前完成的居民区已舍弃。",
        "en": "Cancelled; the areas finished before the cancel were dropped.",
    },
    "security.partial.other_roster": {
        "zh": "已取消；名册已更换，取消前完成的结果不再适用。",
        "en": "Cancelled; the roster has changed, so the areas finished before the cancel no longer apply.",
    },
}
