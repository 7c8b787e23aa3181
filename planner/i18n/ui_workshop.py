"""The workshop pages' words: Plan, Tweak, Compare, Export, background jobs, bundles on Data."""

CATALOGUE = {
    # --- navigation, shared words ---------------------------------------------------------------
    "uiw.nav.section": {"zh": "研讨与方案", "en": "Workshop"},
    "uiw.nav.plan": {"zh": "规划", "en": "Plan"},
    "uiw.nav.tweak": {"zh": "调整", "en": "Tweak"},
    "uiw.nav.compare": {"zh": "比较", "en": "Compare"},
    "uiw.nav.export": {"zh": "导出", "en": "Export"},
    "uiw.scenario": {"zh": "方案", "en": "Scenario"},
    "uiw.scenario_child": {"zh": "{name}（由“{parent}”调整）", "en": "{name} (from “{parent}”)"},
    "uiw.area": {"zh": "居民区", "en": "Area"},
    "uiw.area_members_option": {"zh": "{area}（{members} 名党员）", "en": "{area} ({members} members)"},
    "uiw.yes": {"zh": "是", "en": "yes"},
    "uiw.no": {"zh": "否", "en": "no"},
    "uiw.empty.no_roster": {
        "zh": "还没有载入名册。请先到“数据”页上传名册或使用示例社区。",
        "en": "No roster is loaded yet. Go to Data first and upload a roster or use the sample community.",
    },
    "uiw.empty.no_scenarios": {
        "zh": "还没有方案。请先到“规划”页选择设置并点击“开始规划”，每次规划都会保存为一个方案。",
        "en": "There are no scenarios yet. Go to Plan, choose the settings and click “Run the plan”: "
        "every run is kept as a scenario.",
    },
    "uiw.go_data": {"zh": "去“数据”页载入名册", "en": "Go to Data to load a roster"},
    "uiw.go_plan": {"zh": "去“规划”页", "en": "Go to Plan"},
    # --- Plan page -----------------------------------------------------------------------------------
    "uiw.plan.title": {"zh": "规划：提出支部设置方案", "en": "Plan: propose the branch structure"},
    "uiw.plan.intro": {
        "zh": "选择规则和目标，点击“开始规划”。规划在后台进行，期间可以切换页面；"
        "每次规划的结果都保存为一个方案，可以在“调整”页修改、在“比较”页对照、在“导出”页下载。",
        "en": "Choose the rules and goals and click “Run the plan”. The plan runs in the background, so "
        "you can switch pages meanwhile; every run is kept as a scenario to tweak, compare and download.",
    },
    "uiw.plan.settings": {"zh": "设置", "en": "Settings"},
    "uiw.plan.rules": {"zh": "规则", "en": "Rules"},
    "uiw.plan.rules_intro": {
        "zh": "规则默认必须遵守；确实无法满足时方案仍会给出，并逐条说明哪里不满足、怎么改。",
        "en": "Rules are kept by default; where one cannot be kept the plan still comes out and says "
        "where and how to fix it.",
    },
    "uiw.plan.source_default": {
        "zh": "来源：{source}。默认：{default}",
        "en": "Source: {source}. Default: {default}",
    },
    "uiw.plan.goals": {"zh": "目标", "en": "Goals"},
    "uiw.plan.preset_help": {
        "zh": "预设方案一次设定全部目标权重，之后可以逐项调整。",
        "en": "A preset sets all goal weights at once; adjust them one by one afterwards.",
    },
    "uiw.preset.follow_teams": {"zh": "跟着团队走", "en": "Follow the teams"},
    "uiw.preset.balanced_sizes": {"zh": "支部规模均衡", "en": "Balanced sizes"},
    "uiw.preset.fewest_changes": {"zh": "调动最少", "en": "Fewest changes"},
    "uiw.preset.follow_teams.help": {
        "zh": "尽量让党员进入自己首选团队的支部。",
        "en": "Put members in the branch of their first-choice team wherever possible.",
    },
    "uiw.preset.balanced_sizes.help": {
        "zh": "更看重各支部人数接近，团队志愿次之。",
        "en": "Care more about branches of similar size, and less about team preferences.",
    },
    "uiw.preset.fewest_changes.help": {
        "zh": "在参照方案的基础上尽量少调动党员。",
        "en": "Move as few members as possible from the reference plan.",
    },
    "uiw.weight.first_choice.help": {
        "zh": "每名进入自己首选团队支部的党员加分。",
        "en": "Points for each member in the branch of their first-choice team.",
    },
    "uiw.weight.any_team.help": {
        "zh": "每名进入自己所在任一团队支部的党员加分。",
        "en": "Points for each member in the branch of any team of theirs.",
    },
    "uiw.weight.balance.help": {
        "zh": "同一居民区最大和最小支部相差越多，扣分越多。",
        "en": "Points lost for each member by which an area's largest branch outgrows its smallest.",
    },
    "uiw.weight.lean.help": {
        "zh": "每多设一个支部扣分：支部数量尽量精简。",
        "en": "Points lost for every branch opened: keep the number of branches lean.",
    },
    "uiw.weight.mobility.help": {
        "zh": "卧床和行动不便的党员按下方规则安排时加分。",
        "en": "Points for each bedridden or limited-mobility member placed the way the rule asks.",
    },
    "uiw.weight.leadership_depth.help": {
        "zh": "每个有第二名书记人选的支部加分：骨干有梯队。",
        "en": "Points for each branch with a second candidate: leadership in depth.",
    },
    "uiw.weight.stability.help": {
        "zh": "重新规划时，每名留在原支部的党员加分。",
        "en": "When re-planning, points for each member who stays in their branch.",
    },
    "uiw.option.joint_type_rule.any": {"zh": "各类团队都可联合", "en": "Any types together"},
    "uiw.option.joint_type_rule.same_type": {"zh": "只联合同类团队", "en": "Only teams of one type"},
    "uiw.option.joint_type_rule.compatible": {
        "zh": "相近类型可联合（文艺与体育、学习与公益）",
        "en": "Compatible types (culture with sports, learning with service)",
    },
    "uiw.option.mobility_placement.with_team": {
        "zh": "随所在团队；没有团队的挂靠或进综合支部",
        "en": "With their team; otherwise attached or comprehensive",
    },
    "uiw.option.mobility_placement.spread": {
        "zh": "分散到各支部（不超过占比上限）",
        "en": "Spread over the branches (under the share limit)",
    },
    "uiw.option.mobility_placement.comprehensive": {
        "zh": "集中到综合党支部",
        "en": "Together in the comprehensive branch",
    },
    "uiw.option.solver.cbc": {"zh": "CBC（默认）", "en": "CBC (default)"},
    "uiw.option.solver.highs": {"zh": "HiGHS", "en": "HiGHS"},
    "uiw.plan.which_areas": {"zh": "规划哪些居民区", "en": "Which areas to plan"},
    "uiw.plan.areas_help": {
        "zh": "不选即规划全部居民区。各居民区分别独立规划。",
        "en": "Choose none to plan every area. Each area is planned on its own.",
    },
    "uiw.plan.advanced": {"zh": "高级：求解器", "en": "Advanced: solver"},
    "uiw.plan.advanced_help": {
        "zh": "时间上限按居民区计算，到时使用已找到的最好方案；并行进程数越多越快，但占用更多内存。",
        "en": "The time limit is per area; at the limit the best plan found so far is used. More "
        "workers are faster but use more memory.",
    },
    "uiw.plan.invalid.joint": {
        "zh": "联合党支部最少团队数不能大于最多团队数。",
        "en": "The fewest teams in a joint branch cannot exceed the most.",
    },
    "uiw.plan.invalid.groups": {
        "zh": "党小组最少人数不能大于最多人数。",
        "en": "The smallest party group cannot be larger than the largest.",
    },
    "uiw.plan.invalid.committee": {
        "zh": "支委会最少候选人不能多于支委会候选人上限。",
        "en": "The fewest committee candidates cannot be more than the most committee members.",
    },
    "uiw.plan.invalid.min_full": {
        "zh": "每个支部最少正式党员数不能大于支部人数上限。",
        "en": "The minimum full members per branch cannot exceed the branch size cap.",
    },
    "uiw.plan.name": {"zh": "方案名称", "en": "Scenario name"},
    "uiw.plan.name_help": {
        "zh": "规划结果以这个名称保存；不填则自动编号。",
        "en": "The result is kept under this name; leave it empty for a numbered name.",
    },
    "uiw.plan.default_name": {"zh": "方案 {n}", "en": "Plan {n}"},
    "uiw.plan.run": {"zh": "开始规划", "en": "Run the plan"},
    "uiw.plan.one_at_a_time": {
        "zh": "一次只能进行一项规划；请等待当前规划完成或取消它。",
        "en": "One plan at a time: wait for the running one to finish, or cancel it.",
    },
    "uiw.plan.running": {"zh": "正在规划", "en": "Planning"},
    "uiw.plan.result": {"zh": "规划结果", "en": "Result"},
    "uiw.plan.no_scenarios": {
        "zh": "还没有规划结果：在上方选择设置，然后点击“开始规划”。",
        "en": "No result yet: choose the settings above, then click “Run the plan”.",
    },
    "uiw.plan.by_kind": {
        "zh": "团队党支部 {team} 个，联合党支部 {joint} 个，"
        "综合党支部 {comprehensive} 个，单一支部 {single} 个",
        "en": "{team} team, {joint} joint, {comprehensive} comprehensive, {single} single branches",
    },
    "uiw.plan.leaders": {"zh": "骨干岗位（调整前 → 后）", "en": "Leadership positions (before → after)"},
    "uiw.plan.before_after": {"zh": "{before} → {after}", "en": "{before} → {after}"},
    "uiw.plan.per_leader_before": {
        "zh": "调整前每名骨干联系 {value} 名党员",
        "en": "Before: {value} members per leader",
    },
    "uiw.plan.broken_hint": {
        "zh": "有规则未满足：下面按居民区逐条列出原因和改进办法。",
        "en": "Some rules are broken: each one is listed below per area, with what to do.",
    },
    "uiw.plan.area_report": {
        "zh": "各居民区求解情况（{count} 个）",
        "en": "Solver report per area ({count})",
    },
    "uiw.plan.area_report_help": {
        "zh": "最优：在允许差距内已证明最优；可行：有解但差距较大；到达时间上限：用时间上限内最好的解；"
        "人工规则方案：求解器没有给出可用结果，使用按经验规则逐步排出的方案。",
        "en": "Optimal: proven the best within the gap allowed; good, not proven the best: the gap is "
        "larger; time limit: the best plan found before the time ran out; rule-of-thumb plan: the "
        "solver gave no usable answer, so the plan a careful person would make by hand is used.",
    },
    "uiw.plan.org_chart": {"zh": "组织结构图", "en": "Organisation chart"},
    "uiw.plan.org_chart_help": {
        "zh": "党总支 → 党支部（类型、人数、书记人选）→ 党小组（组长）。红框：该支部有规则未满足。",
        "en": "General branch → branches (kind, size, secretary candidate) → party groups (leader). "
        "A red border: the branch breaks a rule.",
    },
    "uiw.plan.branches": {"zh": "支部一览", "en": "Branches"},
    "uiw.plan.broken_in_area": {"zh": "本居民区未满足的规则", "en": "Rules broken in this area"},
    "uiw.plan.none_broken_area": {"zh": "本居民区所有规则都已满足。", "en": "This area keeps every rule."},
    "uiw.plan.none_broken": {"zh": "所有规则都已满足。", "en": "Every rule is kept."},
    "uiw.plan.all_broken": {"zh": "全部未满足的规则（{count} 条）", "en": "All rules broken ({count})"},
    "uiw.plan.manage": {"zh": "重命名或删除这个方案", "en": "Rename or delete this scenario"},
    "uiw.plan.rename_to": {"zh": "新名称", "en": "New name"},
    "uiw.plan.rename": {"zh": "重命名", "en": "Rename"},
    "uiw.plan.delete": {"zh": "删除方案", "en": "Delete the scenario"},
    "uiw.plan.go_tweak": {"zh": "去“调整”页手动修改这个方案", "en": "Tweak this scenario by hand"},
    # --- the org chart --------------------------------------------------------------------------------
    "uiw.chart.general": {"zh": "{area}党总支", "en": "{area} general branch"},
    "uiw.chart.area_size": {
        "zh": "{members} 名党员 · {branches} 个支部",
        "en": "{members} members · {branches} branches",
    },
    "uiw.chart.branch_line": {"zh": "{kind} · {size} 人", "en": "{kind} · {size} members"},
    "uiw.chart.secretary": {"zh": "书记人选：{who}", "en": "Secretary candidate: {who}"},
    "uiw.chart.group_line": {"zh": "{group} · {size} 人", "en": "{group} · {size} members"},
    "uiw.chart.leader": {"zh": "组长：{who}", "en": "Leader: {who}"},
    "uiw.chart.nobody": {"zh": "暂缺", "en": "none yet"},
    "uiw.chart.broken": {"zh": "⚠ 有规则未满足", "en": "⚠ breaks a rule"},
    # --- jobs ------------------------------------------------------------------------------------------
    "uiw.job.progress": {
        "zh": "已完成 {done}/{total}，用时 {seconds} 秒",
        "en": "{done} of {total} done, {seconds} s so far",
    },
    "uiw.job.cancel": {"zh": "取消", "en": "Cancel"},
    "uiw.job.cancelling": {
        "zh": "正在取消，当前居民区结束后停止……",
        "en": "Cancelling: stopping once the area being planned is finished…",
    },
    "uiw.job.cancelled": {
        "zh": "已取消，没有保存结果。",
        "en": "Cancelled; nothing was kept.",
    },
    "uiw.job.kept": {
        "zh": "已完成（{seconds} 秒），结果保存为方案“{name}”。",
        "en": "Done in {seconds} s; kept as the scenario “{name}”.",
    },
    "uiw.job.discarded": {
        "zh": "规划完成时已换了另一份名册，所以没有保存这个结果。",
        "en": "Another roster was loaded before the plan finished, so its result was not kept.",
    },
    "uiw.job.failed": {
        "zh": "规划没有完成。已载入的名册和方案不受影响。详细情况已记录在服务器日志中（编号 {ref}）。",
        "en": "The plan did not finish. The roster and your scenarios are unaffected. The details are "
        "in the server log (reference {ref}).",
    },
    "uiw.job.col.area": {"zh": "居民区", "en": "Area"},
    "uiw.job.col.status": {"zh": "状态", "en": "Status"},
    "uiw.job.col.seconds": {"zh": "用时（秒）", "en": "Time (s)"},
    "uiw.job.col.point": {"zh": "取值", "en": "Value"},
    "uiw.progress.queued": {"zh": "排队中", "en": "Queued"},
    "uiw.progress.started": {"zh": "开始", "en": "Started"},
    "uiw.progress.running": {"zh": "求解中", "en": "Solving"},
    "uiw.progress.solving": {"zh": "求解中", "en": "Solving"},
    "uiw.progress.precheck": {"zh": "预检查", "en": "Pre-checking"},
    "uiw.progress.done": {"zh": "完成", "en": "Done"},
    "uiw.progress.cancelled": {"zh": "已取消", "en": "Cancelled"},
    "uiw.progress.skipped": {"zh": "跳过", "en": "Skipped"},
    "uiw.sidebar.scenarios": {
        "zh": "本次研讨已有 {count} 个方案",
        "en": "{count} scenario(s) in this workshop",
    },
    "uiw.sidebar.job.plan": {"zh": "正在规划：{done}/{total}", "en": "Planning: {done} of {total}"},
    "uiw.sidebar.job.sweep": {"zh": "正在扫描：{done}/{total}", "en": "Sweeping: {done} of {total}"},
    # --- Tweak page -----------------------------------------------------------------------------------
    "uiw.tweak.title": {"zh": "调整：手动修改方案", "en": "Tweak: change a scenario by hand"},
    "uiw.tweak.intro": {
        "zh": "选一个方案和居民区，把党员调到另一个支部，或固定党员和团队。每次修改都会立即检查规则，"
        "受影响的支部会高亮显示。满意后可以另存为新方案，或让规划围绕你的修改重新安排其他人。",
        "en": "Pick a scenario and an area, move members to another branch, or pin members and teams. "
        "Each change is checked against the rules at once and the branches it touches are highlighted. "
        "Then save it as a new scenario, or re-plan everyone else around your changes.",
    },
    "uiw.tweak.parent": {
        "zh": "这个方案由“{parent}”调整而来（{moves} 处调动）。",
        "en": "This scenario was made from “{parent}” ({moves} move(s)).",
    },
    "uiw.tweak.draft_state": {
        "zh": "未保存的修改：调动 {moves} 处，固定 {pins} 项",
        "en": "Unsaved changes: {moves} move(s), {pins} pin(s)",
    },
    "uiw.tweak.undo": {"zh": "撤销", "en": "Undo"},
    "uiw.tweak.redo": {"zh": "重做", "en": "Redo"},
    "uiw.tweak.reset": {"zh": "全部放弃", "en": "Discard all"},
    "uiw.tweak.quick_move": {"zh": "调动党员", "en": "Move members"},
    "uiw.tweak.members": {"zh": "党员", "en": "Members"},
    "uiw.tweak.members_placeholder": {"zh": "输入姓名或编号查找", "en": "Type a name or id"},
    "uiw.tweak.member_option": {"zh": "{name}（{id}）· {branch}", "en": "{name} ({id}) · {branch}"},
    "uiw.tweak.target": {"zh": "调入支部", "en": "Move to branch"},
    "uiw.tweak.move": {"zh": "调动", "en": "Move"},
    "uiw.tweak.pick_first": {
        "zh": "请先选择要调动的党员和目标支部。",
        "en": "Choose the members to move and the branch to move them to first.",
    },
    "uiw.tweak.new_comprehensive": {"zh": "（新建综合党支部）", "en": "(a new comprehensive branch)"},
    "uiw.tweak.table": {"zh": "或在表格中修改支部", "en": "Or change the branch in the table"},
    "uiw.tweak.table_help": {
        "zh": "双击“支部”一列的单元格，从列表中选择新的支部。",
        "en": "Double-click a cell of the Branch column and choose the new branch from the list.",
    },
    "uiw.tweak.col.member_id": {"zh": "党员编号", "en": "Member id"},
    "uiw.tweak.col.name": {"zh": "姓名", "en": "Name"},
    "uiw.tweak.col.status": {"zh": "党员类别", "en": "Status"},
    "uiw.tweak.col.role": {"zh": "骨干", "en": "Role"},
    "uiw.tweak.col.teams": {"zh": "参加团队", "en": "Teams"},
    "uiw.tweak.col.reason": {"zh": "安排理由", "en": "Reason"},
    "uiw.tweak.col.branch": {"zh": "支部", "en": "Branch"},
    "uiw.tweak.col.new": {"zh": "新出现", "en": "New"},
    "uiw.tweak.col.touched": {"zh": "有变动", "en": "Changed"},
    "uiw.tweak.broken": {"zh": "本居民区未满足的规则", "en": "Rules broken in this area"},
    "uiw.tweak.none_broken": {
        "zh": "修改后本居民区的规则全部满足。",
        "en": "After the changes this area keeps every rule.",
    },
    "uiw.tweak.new_broken": {
        "zh": "这些修改使 {count} 条规则未满足（标“●”的行），见下表的原因和改进办法。",
        "en": "Your changes break {count} rule(s) (rows marked ●): see why and what to do below.",
    },
    "uiw.tweak.old_broken": {
        "zh": "本居民区有 {count} 条规则原本就未满足，修改没有带来新的问题。",
        "en": "This area already broke {count} rule(s); your changes broke no new one.",
    },
    "uiw.tweak.branches": {"zh": "修改后的支部", "en": "Branches after the changes"},
    "uiw.tweak.touched_help": {
        "zh": "高亮的支部有党员调入或调出。",
        "en": "Highlighted branches gained or lost members.",
    },
    "uiw.tweak.pins": {"zh": "固定党员和团队", "en": "Pin members and teams"},
    "uiw.tweak.pins_help": {
        "zh": "固定的党员和团队在“围绕修改重新规划”时保持不变，规则检查也会核对它们。",
        "en": "Pins are kept when you re-plan around your changes, and the rule check verifies them.",
    },
    "uiw.tweak.pin_members": {
        "zh": "把这些党员固定在现在的支部",
        "en": "Pin these members to their branch now",
    },
    "uiw.tweak.pin_members_button": {"zh": "固定党员", "en": "Pin the members"},
    "uiw.tweak.pin_not_needed": {
        "zh": "没有需要固定的党员（单一支部的居民区不需要固定）。",
        "en": "No pin needed (members of a single-branch area stay where they are).",
    },
    "uiw.tweak.pin_team": {"zh": "团队", "en": "Team"},
    "uiw.tweak.pin_team_placeholder": {"zh": "选择团队", "en": "Choose a team"},
    "uiw.tweak.pin_mode": {"zh": "这个团队", "en": "This team"},
    "uiw.team_mode.own": {"zh": "单独建支部", "en": "gets its own branch"},
    "uiw.team_mode.joint": {"zh": "参加联合党支部", "en": "joins a joint branch"},
    "uiw.team_mode.none": {"zh": "不建支部", "en": "hosts no branch"},
    "uiw.tweak.pin_team_button": {"zh": "固定团队", "en": "Pin the team"},
    "uiw.tweak.pin.col.what": {"zh": "固定对象", "en": "Pinned"},
    "uiw.tweak.pin.col.target": {"zh": "固定到", "en": "To"},
    "uiw.tweak.pin.comprehensive": {"zh": "综合党支部", "en": "a comprehensive branch"},
    "uiw.tweak.pin.team": {"zh": "团队 {team} 的支部", "en": "the branch of team {team}"},
    "uiw.tweak.clear_pins": {"zh": "取消全部固定", "en": "Remove all pins"},
    "uiw.tweak.keep": {"zh": "保留修改", "en": "Keep the changes"},
    "uiw.tweak.replan": {"zh": "围绕我的修改重新规划", "en": "Re-plan around my changes"},
    "uiw.tweak.replan_help": {
        "zh": "保留你的调动和固定，重新规划这些居民区，其他党员尽量不动。结果保存为新方案。",
        "en": "Keeps your moves and pins and re-plans those areas, moving as few other members as "
        "possible. The result is kept as a new scenario.",
    },
    "uiw.tweak.replan_name": {"zh": "{name}（重新规划）", "en": "{name} (re-planned)"},
    "uiw.tweak.save_help": {
        "zh": "把现在的样子另存为新方案，原方案不变。",
        "en": "Keep things exactly as they are now as a new scenario; the original stays as it was.",
    },
    "uiw.tweak.save_name": {"zh": "新方案名称", "en": "New scenario name"},
    "uiw.tweak.edited_name": {"zh": "{name}（调整）", "en": "{name} (edited)"},
    "uiw.tweak.save": {"zh": "另存为新方案", "en": "Save as a new scenario"},
    "uiw.tweak.saved": {"zh": "已另存为方案“{name}”。", "en": "Saved as the scenario “{name}”."},
    "uiw.tweak.go_compare": {"zh": "去“比较”页对照各方案", "en": "Compare the scenarios"},
    # --- Compare page --------------------------------------------------------------------------------
    "uiw.compare.title": {"zh": "比较：方案对照", "en": "Compare: scenarios side by side"},
    "uiw.compare.intro": {
        "zh": "选择 2 至 4 个方案：看设置有哪些不同、各项指标谁更好、谁被调动到哪里；下方还可以做取值扫描。",
        "en": "Choose two to four scenarios: see which settings differ, which is better on each measure, "
        "and who moves where. Further down, sweep one setting over a range.",
    },
    "uiw.compare.need_two": {
        "zh": "比较至少需要两个方案：再规划一次，或在“调整”页另存一个方案。"
        "也可以用下方的取值扫描生成多个方案。",
        "en": "Comparing needs at least two scenarios: run another plan, or save one from Tweak. The sweep "
        "below can also make several.",
    },
    "uiw.compare.pick": {"zh": "比较的方案", "en": "Scenarios to compare"},
    "uiw.compare.pick_help": {"zh": "最多 4 个。", "en": "Up to four scenarios."},
    "uiw.compare.pick_two": {"zh": "请至少选择两个方案。", "en": "Choose at least two scenarios."},
    "uiw.compare.settings": {"zh": "不同的设置", "en": "Settings that differ"},
    "uiw.compare.same_settings": {
        "zh": "这些方案的设置完全相同。",
        "en": "These scenarios have the same settings.",
    },
    "uiw.compare.col.setting": {"zh": "设置", "en": "Setting"},
    "uiw.compare.metrics": {"zh": "指标对照", "en": "Measures side by side"},
    "uiw.compare.col.metric": {"zh": "指标", "en": "Measure"},
    "uiw.compare.col.better": {"zh": "怎样算好", "en": "Which is better"},
    "uiw.compare.metrics_help": {
        "zh": "★ 和绿色底色标出每一行更好的值；没有方向的指标（如支部数）是取舍，不作标记。",
        "en": "★ and the green cells mark the better value of each row; measures without a direction "
        "(such as the number of branches) are trade-offs and are not marked.",
    },
    "uiw.compare.who_moved": {"zh": "谁被调动", "en": "Who moves"},
    "uiw.compare.from": {"zh": "从", "en": "From"},
    "uiw.compare.to": {"zh": "到", "en": "To"},
    "uiw.compare.today": {"zh": "现有支部", "en": "Today's branches"},
    "uiw.compare.moved_count": {
        "zh": "从“{source}”到“{target}”：{count} 名党员换了支部。",
        "en": "From “{source}” to “{target}”: {count} member(s) change branch.",
    },
    "uiw.compare.download_moved": {"zh": "下载调动名单（CSV）", "en": "Download who moves (CSV)"},
    "uiw.compare.flow": {"zh": "流向图", "en": "Flow"},
    "uiw.compare.no_moves": {"zh": "两者之间没有人调动。", "en": "Nobody moves between the two."},
    "uiw.compare.flow_help": {
        "zh": "每一行是原来的支部，每一列是新的支部，格子里的数字是这样调动的人数，"
        "颜色越深人越多。一次显示一个居民区。",
        "en": "Each row is a branch before, each column a branch after; a cell holds how many members go "
        "that way, the darker the more. One area at a time.",
    },
    "uiw.sweep.title": {"zh": "取值扫描：看一项设置的取舍", "en": "Trade-off sweep: vary one setting"},
    "uiw.sweep.intro": {
        "zh": "在一个范围内逐点改变一项设置（例如人数上限从 30 到 60），每个取值规划一次，"
        "画出各项指标的变化；满意的点可以保存为方案。点数越多、居民区越多，用时越长。",
        "en": "Vary one setting over a range (for example the cap from 30 to 60), plan each point and "
        "plot the measures against it; keep any point as a scenario. More points and more areas take longer.",
    },
    "uiw.sweep.base": {"zh": "以哪个方案的设置为基础", "en": "Start from the settings of"},
    "uiw.sweep.parameter": {"zh": "变化的设置", "en": "Setting to vary"},
    "uiw.sweep.start": {"zh": "起点", "en": "From"},
    "uiw.sweep.stop": {"zh": "终点", "en": "To"},
    "uiw.sweep.step": {"zh": "步长", "en": "Step"},
    "uiw.sweep.plan_size": {
        "zh": "将规划 {points} 个点（{values}），每点 {areas} 个居民区；基础方案的取值为 {current}。",
        "en": "{points} point(s) will be planned ({values}), {areas} area(s) each; the base scenario "
        "has {current}.",
    },
    "uiw.sweep.run": {"zh": "开始扫描", "en": "Run the sweep"},
    "uiw.sweep.empty": {
        "zh": "扫描没有完成任何一个点。",
        "en": "The sweep ended before any point was planned.",
    },
    "uiw.sweep.done": {
        "zh": "扫描结果：{parameter}，基于“{base}”，共 {points} 个点。",
        "en": "Sweep of {parameter} from “{base}”: {points} point(s).",
    },
    "uiw.sweep.keep_point": {"zh": "保存为方案的点", "en": "Point to keep"},
    "uiw.sweep.keep": {"zh": "保存为方案", "en": "Keep as a scenario"},
    "uiw.sweep.kept": {"zh": "已保存为方案“{name}”。", "en": "Kept as the scenario “{name}”."},
    # --- Export page -----------------------------------------------------------------------------------
    "uiw.export.title": {"zh": "导出：带走方案", "en": "Export: take the proposal home"},
    "uiw.export.intro": {
        "zh": "选择一个方案下载。文件在点击时才生成，所有内容只在本机处理。",
        "en": "Choose a scenario and download. Files are made when you click, on this machine only.",
    },
    "uiw.export.summary": {
        "zh": "{members} 名党员，{branches} 个支部，{areas} 个居民区，{broken} 条规则未满足。",
        "en": "{members} members, {branches} branches, {areas} areas, {broken} rule(s) broken.",
    },
    "uiw.export.against": {"zh": "“变动”工作表对照", "en": "The Changes sheet compares with"},
    "uiw.export.against.today": {"zh": "现有支部", "en": "today's branches"},
    "uiw.export.against.parent": {"zh": "上一个方案“{parent}”", "en": "the parent scenario “{parent}”"},
    "uiw.export.workbook": {"zh": "方案工作簿（Excel）", "en": "Scenario workbook (Excel)"},
    "uiw.export.workbook.help": {
        "zh": "概要（设置、指标、求解情况）、支部、党员（支部、党小组、候选人、理由）、变动、未满足的规则。",
        "en": "Summary (settings, measures, solver status), Branches, Members (branch, party group, "
        "candidate role, reason), Changes, Rules broken.",
    },
    "uiw.export.members_csv": {"zh": "党员名单（CSV）", "en": "Members (CSV)"},
    "uiw.export.members_csv.help": {
        "zh": "UTF-8（带 BOM）编码，中文版 Excel 可以直接打开。",
        "en": "UTF-8 with a BOM, so Excel on Chinese Windows opens it directly.",
    },
    "uiw.export.roster_html": {"zh": "打印版支部名册（HTML）", "en": "Printable roster (HTML)"},
    "uiw.export.roster_html.help": {
        "zh": "每个支部一页（A4）：团队、书记和委员人选、党小组和党员。用浏览器打开后打印。",
        "en": "One A4 page per branch: teams, secretary and committee candidates, groups and members. "
        "Open it in a browser and print.",
    },
    "uiw.export.bundle": {
        "zh": "研讨存档（全部 {count} 个方案）",
        "en": "Workshop bundle (all {count} scenarios)",
    },
    "uiw.export.bundle.help": {
        "zh": "包含全部 {count} 个方案的设置、固定、调动和结果。"
        "以后在“数据”页载入同一份名册后打开它，即可恢复。",
        "en": "Holds the settings, pins, edits and plans of all {count} scenarios. Load the same roster "
        "later and reopen it on the Data page to restore them.",
    },
    "uiw.export.file": {"zh": "文件名：{file}", "en": "File: {file}"},
    "uiw.export.download": {"zh": "下载", "en": "Download"},
    "uiw.export.safety": {
        "zh": "导出的表格中，以 = + - @ 开头的内容前都加了单引号，作为文字显示，不会被当作公式执行。",
        "en": "In the exported tables, text starting with = + - @ gets a leading quote, so it shows as "
        "text and never runs as a formula.",
    },
    "uiw.export.go_data": {"zh": "去“数据”页打开研讨存档", "en": "Reopen a bundle on the Data page"},
    # --- bundles on the Data page ---------------------------------------------------------------------
    "uiw.bundle.title": {"zh": "打开研讨存档", "en": "Reopen a workshop bundle"},
    "uiw.bundle.intro": {
        "zh": "在“导出”页保存的存档可以在这里打开，恢复其中的全部方案。存档必须和现在载入的名册一致。",
        "en": "A bundle saved on the Export page reopens here with all its scenarios. It must belong to "
        "the roster loaded now.",
    },
    "uiw.bundle.upload": {"zh": "研讨存档（.zip）", "en": "Workshop bundle (.zip)"},
    "uiw.bundle.upload_help": {
        "zh": "打开前会完整检查；有任何问题都不会恢复。",
        "en": "Checked in full before anything is restored: if anything is wrong, nothing is restored.",
    },
    "uiw.bundle.restored": {
        "zh": "已从 {file} 恢复 {count} 个方案（替换了原有的 {replaced} 个）。",
        "en": "Restored {count} scenario(s) from {file} (replacing the {replaced} held before).",
    },
    "uiw.bundle.go_plan": {"zh": "查看恢复的方案", "en": "See the restored scenarios"},
    "uiw.bundle.other_roster": {
        "zh": "{file} 是用另一份名册做的，和现在载入的名册不一致，所以没有打开（共 {count} 个问题）。"
        "请先载入当时使用的名册，再打开这个存档。",
        "en": "{file} was made with another roster than the one loaded now, so it was not opened "
        "({count} problem(s)). Load the roster it was made with first, then reopen it.",
    },
    "uiw.bundle.refused": {
        "zh": "{file} 有 {count} 个问题，没有打开。",
        "en": "{file} has {count} problem(s) and was not opened.",
    },
    "uiw.bundle.crashed": {
        "zh": "读取 {file} 时出了意外问题，没有打开。详细情况已记录在服务器日志中。",
        "en": "Something unexpected went wrong while reading {file}; it was not opened. The details are "
        "in the server log.",
    },
    "uiw.bundle.need_roster": {
        "zh": "请先载入名册，再打开研讨存档。",
        "en": "Load the roster first, then reopen the bundle.",
    },
    "uiw.bundle.nothing_changed": {
        "zh": "现有的方案没有任何改动。",
        "en": "Your current scenarios are unchanged.",
    },
}
