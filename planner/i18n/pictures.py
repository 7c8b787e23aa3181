"""Texts of the pictures and handouts: the org chart, the flow chart, the printed roster, the
Summary sheet's values and the ``export`` command."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    # --- the org chart
    "pictures.org.title": {"zh": "{area}的组织架构", "en": "How {area} is organised"},
    "pictures.org.general": {"zh": "{area}党总支", "en": "{area} general Party branch"},
    "pictures.org.area_size": {
        "zh": "{members} 名党员 · {branches} 个党支部",
        "en": "{members} members · {branches} branches",
    },
    "pictures.org.area_broken": {
        "zh": "✗ 全居民区有 {count} 条规定未满足",
        "en": "✗ {count} area-wide rules not kept",
    },
    "pictures.org.area_broken.one": {
        "zh": "✗ 全居民区有 1 条规定未满足",
        "en": "✗ 1 area-wide rule not kept",
    },
    "pictures.org.broken.one": {"zh": "✗ 有 1 条规定未满足", "en": "✗ Breaks 1 rule"},
    "pictures.org.kind_size": {"zh": "{kind} · {size} 名党员", "en": "{kind} · {size} members"},
    "pictures.org.secretary": {"zh": "书记人选：{who}", "en": "Secretary: {who}"},
    "pictures.org.no_secretary": {"zh": "书记人选：暂无", "en": "Secretary: nobody yet"},
    "pictures.org.groups": {"zh": "党小组：{count} 个", "en": "Party groups: {count}"},
    "pictures.org.no_groups": {"zh": "不设党小组", "en": "No party groups"},
    "pictures.org.ok": {"zh": "✓ 符合各项规定", "en": "✓ Keeps every rule"},
    "pictures.org.broken": {"zh": "✗ 有 {count} 条规定未满足", "en": "✗ Breaks {count} rules"},
    "pictures.org.unnamed": {"zh": "（未填姓名）", "en": "(no name given)"},
    "pictures.org.nobody": {"zh": "暂无", "en": "nobody yet"},
    "pictures.org.groups_detail": {"zh": "各党小组明细", "en": "The party groups in detail"},
    "pictures.org.no_group_rows": {
        "zh": "本居民区没有设党小组的支部（20 人以上的支部才设党小组）。",
        "en": "No branch in this area has party groups (a branch gets them from 20 members).",
    },
    "pictures.org.download_svg": {"zh": "下载组织架构图（SVG）", "en": "Download the org chart (SVG)"},
    "pictures.org.download_png": {"zh": "下载组织架构图（PNG）", "en": "Download the org chart (PNG)"},
    "pictures.org.fullscreen_help": {
        "zh": "把鼠标移到图上，点右上角的全屏按钮可放大查看。",
        "en": "Point at the chart and use the full-screen button at its top right to enlarge it.",
    },
    "pictures.org.png_missing": {
        "zh": "本机未安装 PNG 转换组件（vl-convert-python），只能下载 SVG。",
        "en": "The PNG converter (vl-convert-python) is not installed here: only the SVG can be downloaded.",
    },
    "pictures.col.branch": {"zh": "所在支部", "en": "Branch"},
    "pictures.col.group": {"zh": "党小组", "en": "Party group"},
    "pictures.col.size": {"zh": "人数", "en": "Members"},
    "pictures.col.full_members": {"zh": "正式党员", "en": "Full members"},
    "pictures.col.leader": {"zh": "党小组长人选", "en": "Group leader"},
    # --- the flow chart
    "pictures.flow.node": {"zh": "{name}（{members}人）", "en": "{name} ({members})"},
    "pictures.flow.nowhere": {"zh": "（不在此方案中）", "en": "(not in this plan)"},
    "pictures.flow.help": {
        "zh": (
            "左边是原来的支部，右边是新的支部；每条色带从原来的支部流向新的支部，"
            "宽度和上面的数字是这样调动的人数。一次显示一个居民区。"
        ),
        "en": (
            "Branches before on the left, after on the right; each band runs from a branch before "
            "to a branch after, as wide as the members who go that way (the number on it). "
            "One area at a time."
        ),
    },
    # --- compare charts
    "pictures.chart.size_bin": {"zh": "{low}–{high} 人", "en": "{low}–{high}"},
    "pictures.chart.cap_note": {"zh": "虚线：人数上限 {cap} 人", "en": "Dashed line: size cap of {cap}"},
    # --- the printed roster
    "pictures.roster.scenario": {"zh": "方案", "en": "Scenario"},
    "pictures.roster.date": {"zh": "日期", "en": "Date"},
    "pictures.roster.candidates": {"zh": "书记和支委人选", "en": "Secretary and committee candidates"},
    "pictures.roster.members": {"zh": "党员名单（{count} 人）", "en": "Members ({count})"},
    "pictures.roster.group_head": {
        "zh": "{group}（{size} 人）　党小组长人选：{leader}",
        "en": "{group} ({size}) · group leader: {leader}",
    },
    "pictures.roster.probationary": {"zh": "预备", "en": "probationary"},
    "pictures.roster.sign_secretary": {
        "zh": "居民区党组织书记（签字）",
        "en": "Area Party secretary (signature)",
    },
    "pictures.roster.sign_date": {"zh": "日期", "en": "Date"},
    "pictures.roster.page_of": {"zh": "第 {n} 页，共 {total} 页", "en": "Page {n} of {total}"},
    # --- the Summary sheet's values
    "pictures.value.yes": {"zh": "是", "en": "Yes"},
    "pictures.value.no": {"zh": "否", "en": "No"},
    "pictures.value.none": {"zh": "（无）", "en": "(none)"},
    "pictures.value.all_areas": {"zh": "全部居民区", "en": "All areas"},
    "workshop.setting.weights.attached": {
        "zh": "权重：挂靠党员的安排",
        "en": "Weight: placing attached members",
    },
    "pictures.col.branch_name": {"zh": "支部名称", "en": "Branch name"},
    "pictures.col.solve_status": {"zh": "求解状态", "en": "Solver status"},
    "pictures.col.setting_path": {"zh": "设置项代码", "en": "Setting code"},
    # --- the export command
    "pictures.cli.bad_plan": {
        "zh": "无法读取方案文件 {path}：{problem}",
        "en": "Cannot read the plan file {path}: {problem}",
    },
    "pictures.cli.not_json": {
        "zh": "这不是 plan --json 写出的方案文件（JSON 格式或字段不对）",
        "en": "it is not a plan written by plan --json (not JSON, or keys are missing)",
    },
    "pictures.cli.other_roster": {
        "zh": "方案文件 {path} 不是用这份名册做的（名册指纹不一致），请用做方案时的名册。",
        "en": (
            "The plan {path} was not made from this roster (the fingerprints differ): "
            "use the roster the plan was made with."
        ),
    },
    "pictures.cli.unknown_member": {
        "zh": "方案中有 {count} 名党员不在名册里（例如 {example}）",
        "en": "{count} members of the plan are not in the roster (for example {example})",
    },
    "pictures.cli.written": {"zh": "已写出 {path}", "en": "Written: {path}"},
    "pictures.cli.bad_out": {
        "zh": "无法写出 {path}：{detail}",
        "en": "Cannot write {path}: {detail}",
    },
    "pictures.cli.broken": {
        "zh": (
            "提示：这个方案有 {count} 处未满足规定，逐条列在工作簿的“违反的规则”表中"
            "（plan 命令的报告里也有）。"
        ),
        "en": (
            "Note: this plan breaks {count} rules; each is listed in the workbook's Rules broken sheet "
            "(and in the report of the plan command)."
        ),
    },
}
