"""The app's words: frame, navigation, Home, Data and Statistics pages."""

CATALOGUE = {
    # Frame.
    "ui.app.title": {"zh": "团队党建支部设置工作台", "en": "Branch restructuring workbench"},
    "ui.lang.label": {"zh": "语言 / Language", "en": "Language / 语言"},
    "ui.lang.name.zh": {"zh": "中文", "en": "中文"},
    "ui.lang.name.en": {"zh": "English", "en": "English"},
    "ui.error.unexpected": {
        "zh": "出了点问题，这一步没有完成。已载入的数据不受影响，仍然保留。"
        "详细情况已记录在服务器日志中（编号 {ref}），请把编号告诉技术人员。",
        "en": "Something went wrong and this step did not finish. Your data is safe and still loaded. "
        "The details are in the server log (reference {ref}); please pass the reference on to "
        "whoever runs this workbench.",
    },
    "ui.nav.section.roster": {"zh": "名册与现状", "en": "Roster and facts"},
    "ui.nav.home": {"zh": "首页", "en": "Home"},
    "ui.nav.data": {"zh": "数据", "en": "Data"},
    "ui.nav.statistics": {"zh": "统计", "en": "Statistics"},
    "ui.source.sample": {"zh": "示例社区", "en": "the sample community"},
    "ui.sidebar.no_roster": {
        "zh": "尚未载入名册。请到“数据”页上传名册或使用示例社区。",
        "en": "No roster loaded yet. Go to Data to upload one or use the sample community.",
    },
    "ui.sidebar.loaded": {
        "zh": "已载入：{source}\n党员 {members} 人，团队 {teams} 个，居民区 {areas} 个",
        "en": "Loaded: {source}\n{members} members, {teams} teams, {areas} areas",
    },
    "ui.list_sep": {"zh": "、", "en": ", "},
    # Home.
    "ui.home.title": {"zh": "团队党建支部设置工作台", "en": "Branch restructuring workbench"},
    "ui.home.story": {
        "zh": "居民区党支部越来越大，有的超过 200 人，活动难组织、党员彼此不熟悉；"
        "而党员们早已活跃在学习、文艺、体育、公益等各类社区团队中。"
        "本工作台读入党员名册和团队名单，统计各居民区、各支部和各团队的现状，"
        "并据此提出把支部建在团队上的方案：团队党支部、联合党支部和综合党支部，不落下一名党员。"
        "方案可以在研讨会上调整、比较并下载，所有数据只在本机处理。",
        "en": "Residential-area Party branches have grown large, some past 200 members, so activities "
        "are hard to organise and members barely know each other, while members already meet in "
        "community teams for learning, culture, sports and public service. "
        "This workbench reads the member roster and the team list and shows the facts for every "
        "area, branch and team, as the basis for building branches on the teams: team branches, "
        "joint branches and comprehensive branches, with no member left behind. "
        "Proposals can be tweaked, compared and downloaded in a workshop; all data stays on this machine.",
    },
    "ui.home.first_steps": {"zh": "从这里开始", "en": "Where to start"},
    "ui.home.steps": {
        "zh": "1. 打开 **数据** 页：上传名册（一个 Excel 工作簿，或党员、团队两个 CSV 文件），"
        "或者先用 **示例社区** 试一试；没有名册可以下载空白模板。\n"
        "2. 查看检查结果：有错误的名册不会载入，表格会列出每个问题在哪一行、怎么改。\n"
        "3. 打开 **统计** 页：各居民区人数、团队类型、团队中的党员和骨干。\n"
        "4. 打开 **规划** 页：设定规则和目标，为各居民区生成支部设置方案，每次运行都保存为一个方案。\n"
        "5. 在 **调整** 页移动党员、固定人员和团队，立即看到违反的规则，再围绕调整重新规划。\n"
        "6. 在 **比较** 页并排比较两到四个方案，看清谁调到了哪里；在 **导出** 页下载工作簿、"
        "打印名册和可重新打开的研讨会文件。",
        "en": "1. Open **Data**: upload your roster (one Excel workbook, or a members CSV and a teams "
        "CSV), or try the **sample community** first; download the blank template if you have no roster.\n"
        "2. Read the check report: a roster with errors is not loaded, and the table lists each "
        "problem with its row and what to do.\n"
        "3. Open **Statistics**: members per area, teams by type, Party members and backbones in teams.\n"
        "4. Open **Plan**: set the rules and goals and propose the branches of every area; each run is "
        "kept as a scenario.\n"
        "5. On **Tweak**, move members and pin people and teams, see at once which rules break, and "
        "re-plan around your changes.\n"
        "6. On **Compare**, set two to four scenarios side by side and see who moves where; on "
        "**Export**, take home the workbook, printable rosters and a file that reopens the workshop.",
    },
    "ui.home.empty": {
        "zh": "还没有载入名册。第一步：到“数据”页上传名册或使用示例社区。",
        "en": "No roster is loaded yet. First step: go to Data and upload a roster or use the sample "
        "community.",
    },
    "ui.home.go_data": {"zh": "去“数据”页载入名册", "en": "Go to Data to load a roster"},
    "ui.home.ready": {
        "zh": "名册已载入，可以查看统计。",
        "en": "A roster is loaded: the statistics are ready.",
    },
    "ui.home.go_statistics": {"zh": "查看统计", "en": "See the statistics"},
    "ui.home.go_data_again": {"zh": "换一份名册", "en": "Load another roster"},
    # Data page.
    "ui.data.title": {"zh": "数据：载入名册", "en": "Data: load the roster"},
    "ui.data.intro": {
        "zh": "上传一个包含“党员”和“团队”两张工作表的 Excel 工作簿，或者同时选择党员和团队两个 CSV 文件。"
        "表头可以用中文或英文，GBK 和 UTF-8 编码都可以。",
        "en": "Upload one Excel workbook with a members sheet and a teams sheet, or select the members "
        "CSV and the teams CSV together. Headers may be Chinese or English; GBK and UTF-8 files both work.",
    },
    "ui.data.upload_label": {
        "zh": "上传名册（.xlsx，或两个 .csv）",
        "en": "Upload the roster (.xlsx, or two .csv files)",
    },
    "ui.data.upload_help": {
        "zh": "CSV 需要党员和团队两个文件一起选择。单个文件不超过 10 MB。",
        "en": "For CSV, select the members file and the teams file together. At most 10 MB per file.",
    },
    "ui.data.sample_intro": {
        "zh": "没有现成的名册？可以先用一个虚构的示例社区（39 个居民区，约 5,900 名党员）试用。",
        "en": "No roster at hand? Try a made-up sample community (39 areas, about 5,900 members).",
    },
    "ui.data.sample_button": {"zh": "使用示例社区", "en": "Use the sample community"},
    "ui.data.template_button": {"zh": "下载空白模板", "en": "Download the blank template"},
    "ui.data.template_missing": {
        "zh": "空白模板尚未生成（运行 make sample）。",
        "en": "The blank template has not been generated yet (run make sample).",
    },
    "ui.data.sample_missing": {
        "zh": "找不到示例社区文件（sample_data/community.xlsx）。请运行 make sample 生成后再试。",
        "en": "The sample community file (sample_data/community.xlsx) is missing. Run make sample, "
        "then try again.",
    },
    "ui.data.load_crashed": {
        "zh": "读取 {source} 时出了意外问题，名册没有载入。详细情况已记录在服务器日志中。",
        "en": "Something unexpected went wrong while reading {source}; the roster was not loaded. "
        "The details are in the server log.",
    },
    "ui.data.load_refused": {
        "zh": "{source} 有 {count} 个问题，名册没有载入。请按下表修改后重新上传。",
        "en": "{source} has {count} problem(s), so the roster was not loaded. Fix them as the table "
        "says and upload again.",
    },
    "ui.data.kept_previous": {
        "zh": "之前载入的名册仍然有效，页面上显示的是它。",
        "en": "The roster loaded before is still in use; that is what the pages show.",
    },
    "ui.data.empty": {
        "zh": "还没有载入名册：请在上方上传名册，或点击“使用示例社区”。",
        "en": "No roster loaded yet: upload one above, or click “Use the sample community”.",
    },
    "ui.data.loaded": {
        "zh": "已载入 {source}：党员 {members} 人，团队 {teams} 个，居民区 {areas} 个。",
        "en": "Loaded {source}: {members} members, {teams} teams, {areas} areas.",
    },
    "ui.data.encoding": {
        "zh": "{file} 按 {encoding} 编码读取。",
        "en": "{file} was read as {encoding}.",
    },
    "ui.data.read_workbook": {
        "zh": "{file} 作为 Excel 工作簿读取。",
        "en": "{file} was read as an Excel workbook.",
    },
    "ui.data.warnings": {
        "zh": "名册已载入，但有 {count} 条提醒，请看下面的列表，必要时修改名册后重新上传。",
        "en": "The roster is loaded with {count} warning(s): see the list below, and fix the roster and "
        "upload it again if needed.",
    },
    "ui.data.warnings_table": {"zh": "提醒列表（{count} 条）", "en": "Warnings ({count})"},
    "ui.data.go_statistics": {"zh": "查看统计", "en": "See the statistics"},
    "ui.data.preview": {"zh": "预览", "en": "Preview"},
    "ui.data.members_tab": {"zh": "党员（{count}）", "en": "Members ({count})"},
    "ui.data.teams_tab": {"zh": "团队（{count}）", "en": "Teams ({count})"},
    "ui.data.first_rows": {
        "zh": "显示前 {shown} 行，共 {total} 行。",
        "en": "First {shown} of {total} rows.",
    },
    "ui.filter.areas": {"zh": "居民区", "en": "Areas"},
    "ui.filter.all_areas": {"zh": "全部居民区", "en": "All areas"},
    # Validation report headers.
    "ui.issues.col.severity": {"zh": "类别", "en": "Severity"},
    "ui.issues.col.sheet": {"zh": "工作表", "en": "Sheet"},
    "ui.issues.col.row": {"zh": "行", "en": "Row"},
    "ui.issues.col.column": {"zh": "列", "en": "Column"},
    "ui.issues.col.value": {"zh": "内容", "en": "Value"},
    "ui.issues.col.problem": {"zh": "问题", "en": "Problem"},
    "ui.issues.col.action": {"zh": "怎么改", "en": "What to do"},
    # Roster column headers not already named by the statistics catalogue.
    "ui.col.member_id": {"zh": "党员编号", "en": "Member id"},
    "ui.col.name": {"zh": "姓名", "en": "Name"},
    "ui.col.team_name": {"zh": "团队名称", "en": "Team"},
    "ui.col.current_branch": {"zh": "所在党支部", "en": "Current branch"},
    "ui.col.branch": {"zh": "党支部", "en": "Branch"},
    "ui.col.status": {"zh": "党员类别", "en": "Status"},
    "ui.col.gender": {"zh": "性别", "en": "Gender"},
    "ui.col.birth_year": {"zh": "出生年份", "en": "Born"},
    "ui.col.employment": {"zh": "就业状态", "en": "Employment"},
    "ui.col.mobility": {"zh": "身体状况", "en": "Mobility"},
    "ui.col.role": {"zh": "骨干", "en": "Role"},
    "ui.col.team_id": {"zh": "团队编号", "en": "Team id"},
    "ui.col.type": {"zh": "团队类型", "en": "Type"},
    "ui.col.participants": {"zh": "团队人数", "en": "Participants"},
    "ui.col.leader_id": {"zh": "负责人编号", "en": "Leader id"},
    "ui.col.party_members": {"zh": "党员人数", "en": "Party members"},
    "ui.col.full_members": {"zh": "正式党员", "en": "Full members"},
    "ui.col.first_choice": {"zh": "首选人数", "en": "First choice"},
    # Category labels not already named by the statistics catalogue.
    "ui.value.male": {"zh": "男", "en": "Male"},
    "ui.value.female": {"zh": "女", "en": "Female"},
    "ui.value.secretary": {"zh": "书记", "en": "Secretary"},
    "ui.value.committee": {"zh": "委员", "en": "Committee"},
    "ui.value.group_leader": {"zh": "党小组长", "en": "Group leader"},
    "ui.value.team_leader": {"zh": "团队负责人", "en": "Team leader"},
    "ui.value.none": {"zh": "无", "en": "None"},
    # Statistics page.
    "ui.stats.title": {"zh": "统计：现状一览", "en": "Statistics: the facts"},
    "ui.stats.empty": {
        "zh": "还没有载入名册，所以没有统计。请先到“数据”页上传名册或使用示例社区。",
        "en": "No roster is loaded, so there is nothing to count yet. Go to Data first and upload a "
        "roster or use the sample community.",
    },
    "ui.stats.go_data": {"zh": "去“数据”页载入名册", "en": "Go to Data to load a roster"},
    "ui.stats.no_members": {
        "zh": "所选居民区没有党员。请换选居民区，或清空选择以查看全部。",
        "en": "The areas chosen have no members. Choose other areas, or clear the choice to see them all.",
    },
    "ui.stats.cap": {"zh": "支部人数上限", "en": "Branch size cap"},
    "ui.stats.cap_help": {
        "zh": "一个支部最多多少名党员（《中国共产党支部工作条例（试行）》：一般不超过 50 人）。"
        "用于图中的上限线和所需支部数。",
        "en": "The most members a branch should have (Party branch work regulations, 2018: normally "
        "at most 50). Used for the line on the chart and the branches needed.",
    },
    "ui.stats.members": {"zh": "党员", "en": "Members"},
    "ui.stats.members_help": {
        "zh": "正式党员 {full} 人，预备党员 {probationary} 人",
        "en": "{full} full, {probationary} probationary",
    },
    "ui.stats.areas": {"zh": "居民区", "en": "Areas"},
    "ui.stats.current_branches": {"zh": "现有党支部", "en": "Current branches"},
    "ui.stats.branches_over_100": {"zh": "100 人以上的支部", "en": "Branches of 100+ members"},
    "ui.stats.branches_over_200": {"zh": "其中 200 人以上：{count} 个", "en": "Of which 200+: {count}"},
    "ui.stats.largest_branch": {"zh": "最大支部人数", "en": "Largest branch"},
    "ui.stats.teams": {"zh": "团队", "en": "Teams"},
    "ui.stats.teams_with_member": {"zh": "有党员的团队", "en": "Teams with Party members"},
    "ui.stats.teams_with_member_help": {
        "zh": "至少有 1 名党员参加的团队，占全部团队的 {share}",
        "en": "Teams with at least one Party member: {share} of all teams",
    },
    "ui.stats.teams_with_3plus": {"zh": "有 3 名以上党员的团队", "en": "Teams with 3+ Party members"},
    "ui.stats.teams_with_3plus_help": {
        "zh": "有 3 名或更多党员参加的团队，占全部团队的 {share}",
        "en": "Teams with three or more Party members: {share} of all teams",
    },
    "ui.stats.members_in_teams": {"zh": "参加团队的党员", "en": "Members in teams"},
    "ui.stats.share_of_members": {"zh": "占全部党员的 {share}", "en": "{share} of all members"},
    "ui.stats.members_per_leader": {"zh": "每名骨干联系党员", "en": "Members per leader"},
    "ui.stats.leaders_help": {
        "zh": "现任书记、委员和党小组长共 {leaders} 人",
        "en": "{leaders} current secretaries, committee members and group leaders",
    },
    "ui.stats.candidates_line": {
        "zh": "书记和委员人选（有骨干身份的正式党员）{candidates} 人。按每个支部不超过 {cap} 人，"
        "至少需要 {branches} 个支部、{needed} 名人选，缺 {shortfall} 人（{areas} 个居民区人选不足）。",
        "en": "Secretary and committee candidates (full members with a backbone role): {candidates}. "
        "With at most {cap} members a branch, at least {branches} branches are needed with {needed} "
        "candidates: {shortfall} short ({areas} areas short of candidates).",
    },
    "ui.stats.tables": {"zh": "明细表", "en": "Tables"},
    "ui.stats.tab.per_area": {"zh": "各居民区", "en": "Per area"},
    "ui.stats.tab.teams": {"zh": "各团队", "en": "Teams"},
    "ui.stats.tab.branches": {"zh": "现有党支部", "en": "Current branches"},
}
