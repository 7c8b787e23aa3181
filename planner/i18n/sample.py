"""Sample community and blank template: workbook titles and the template's notes sheet."""

CATALOGUE = {
    "sample.title.members": {
        "zh": "{street}居民区党员名册（{year}年）",
        "en": "{street} residential-area Party member roster ({year})",
    },
    "sample.title.teams": {
        "zh": "{street}居民区团队名册（{year}年）",
        "en": "{street} residential-area community teams ({year})",
    },
    "sample.bad_scale": {
        "zh": "规模须在 {low} 到 {high} 之间，收到的是 {value}。",
        "en": "The scale must be between {low} and {high}; got {value}.",
    },
    "sample.bad_seed": {
        "zh": "随机种子须是不小于 0 的整数，收到的是 {value}。",
        "en": "The seed must be a whole number, 0 or more; got {value}.",
    },
    # The notes sheet of the blank template.
    "sample.notes.title": {
        "zh": "填写说明",
        "en": "How to fill in this template",
    },
    "sample.notes.intro": {
        "zh": "「党员名册」表每行填一名党员，「团队」表每行填一个团队。列名可用中文或英文；"
        "表头上方可以有标题行。必填列不能为空，其余列可以留空或删除，多出的列会原样保留。",
        "en": "Sheet 党员名册 (members) takes one row per Party member, sheet 团队 (teams) one row per "
        "team. Headers may be Chinese or English; a title row above the headers is fine. Required "
        "columns must be filled; the others may be left blank or removed; extra columns are kept.",
    },
    "sample.notes.csv": {
        "zh": "也可以把两张表分别另存为 CSV 文件（党员、团队），编码为 UTF-8 或 GBK 均可。",
        "en": "The two sheets may also be saved as two CSV files (members, teams), in UTF-8 or GBK.",
    },
    "sample.notes.col.sheet": {"zh": "工作表", "en": "Sheet"},
    "sample.notes.col.header": {"zh": "列名", "en": "Column"},
    "sample.notes.col.code": {"zh": "英文列名", "en": "English name"},
    "sample.notes.col.aliases": {"zh": "也可用的列名", "en": "Other accepted headers"},
    "sample.notes.col.required": {"zh": "必填", "en": "Required"},
    "sample.notes.col.allowed": {"zh": "允许的值", "en": "Allowed values"},
    "sample.notes.col.example": {"zh": "示例", "en": "Example"},
    "sample.notes.col.note": {"zh": "说明", "en": "Notes"},
    "sample.notes.yes": {"zh": "是", "en": "yes"},
    "sample.notes.no": {"zh": "否", "en": "no"},
    "sample.allowed.default": {
        "zh": "{values}（默认：{default}）",
        "en": "{values} (default: {default})",
    },
    "sample.allowed.text": {"zh": "文本", "en": "text"},
    "sample.allowed.unique_text": {
        "zh": "文本，不可重复；开头的 0 会保留",
        "en": "text, unique; leading zeros are kept",
    },
    "sample.allowed.area_text": {
        "zh": "文本，各表写法须一致",
        "en": "text, spelt the same in both sheets",
    },
    "sample.allowed.branch_text": {
        "zh": "文本（默认：所在居民区）",
        "en": "text (default: the area)",
    },
    "sample.allowed.date_or_year": {
        "zh": "日期或四位年份",
        "en": "a date or a four-digit year",
    },
    "sample.allowed.team_list": {
        "zh": "团队名称或编号，用 、 ； , ， / 分隔",
        "en": "team names or ids separated by 、 ； , ， /",
    },
    "sample.allowed.team_id": {
        "zh": "文本（默认：团队名称）",
        "en": "text (default: the team name)",
    },
    "sample.allowed.team_name": {
        "zh": "文本，同一居民区内不可重复",
        "en": "text, unique within its area",
    },
    "sample.allowed.whole_number": {"zh": "非负整数", "en": "a whole number, 0 or more"},
    "sample.allowed.id_or_name": {
        "zh": "党员编号或姓名",
        "en": "a member id or a name",
    },
    "sample.note.members.member_id": {
        "zh": "每名党员唯一的编号，按文本保存。",
        "en": "A unique id for each member, kept as text.",
    },
    "sample.note.members.name": {"zh": "党员姓名。", "en": "The member's name."},
    "sample.note.members.area": {
        "zh": "党员所在的居民区；每个居民区单独规划。",
        "en": "The member's residential area; each area is planned on its own.",
    },
    "sample.note.members.current_branch": {
        "zh": "党员现在所在的党支部；不填则视为所在居民区的支部。",
        "en": "The branch the member belongs to today; blank means the area's branch.",
    },
    "sample.note.members.status": {
        "zh": "正式党员或预备党员；预备党员没有选举权和被选举权。",
        "en": "Full or probationary member; probationary members cannot vote or be elected.",
    },
    "sample.note.members.gender": {"zh": "性别。", "en": "Gender."},
    "sample.note.members.birth_date": {
        "zh": "出生日期（如 1952-03-14）或出生年份（如 1952），用于年龄段统计。",
        "en": "Date of birth (e.g. 1952-03-14) or year of birth (e.g. 1952), for the age bands.",
    },
    "sample.note.members.employment": {
        "zh": "就业状态。",
        "en": "Employment status.",
    },
    "sample.note.members.mobility": {
        "zh": "身体状况，用于安排行动不便和卧床的党员。",
        "en": "Health, used to place members with limited mobility and bedridden members.",
    },
    "sample.note.members.hardship": {
        "zh": "是否生活困难。",
        "en": "Whether the member lives in hardship.",
    },
    "sample.note.members.role": {
        "zh": "现任骨干职务。书记和委员的人选须是有骨干职务的正式党员。",
        "en": "Current backbone role. Secretary and committee candidates are full members with a "
        "backbone role.",
    },
    "sample.note.members.teams": {
        "zh": "参加的团队，按本人意愿先后排列（第一个最想去）；团队须在团队表中、属于同一居民区。",
        "en": "The member's teams in order of preference (first = most wanted); each must be in the "
        "teams sheet, in the same area.",
    },
    "sample.note.teams.team_id": {
        "zh": "团队编号；党员表可用编号或名称指代团队。",
        "en": "Team id; the members sheet may name a team by id or by name.",
    },
    "sample.note.teams.name": {"zh": "团队名称。", "en": "The team's name."},
    "sample.note.teams.area": {
        "zh": "团队所在的居民区。",
        "en": "The team's residential area.",
    },
    "sample.note.teams.type": {
        "zh": "团队类型。",
        "en": "Team type.",
    },
    "sample.note.teams.participants": {
        "zh": "参加团队的全部人数，包括非党员群众。",
        "en": "Everyone who takes part in the team, Party members or not.",
    },
    "sample.note.teams.leader": {
        "zh": "团队负责人：是党员时填党员编号，否则填姓名或留空。",
        "en": "The team's leader: the member id when a Party member, else a name or blank.",
    },
}
