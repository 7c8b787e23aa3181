"""Roster reading and validation: each problem code has ``problem.<code>`` and ``action.<code>``.

Every template may use {sheet}, {row}, {column} and {value} besides the issue's own params.
"""

CATALOGUE = {
    "reader.severity.error": {"zh": "错误", "en": "Error"},
    "reader.severity.warning": {"zh": "警告", "en": "Warning"},
    "reader.severity.note": {"zh": "说明", "en": "Note"},
    # --- files ---
    "problem.cannot_open": {
        "zh": "无法打开文件：{detail}",
        "en": "The file cannot be opened: {detail}",
    },
    "action.cannot_open": {
        "zh": "检查文件路径是否正确、文件是否可读。",
        "en": "Check the path and that the file can be read.",
    },
    "problem.no_files": {
        "zh": "没有收到任何文件。",
        "en": "No file was given.",
    },
    "action.no_files": {
        "zh": "上传一个 Excel 工作簿（.xlsx），或党员名单和团队名单两个 CSV 文件。",
        "en": "Upload one Excel workbook (.xlsx), or a members CSV and a teams CSV.",
    },
    "problem.wrong_files": {
        "zh": "收到 {workbooks} 个工作簿和 {csvs} 个 CSV 文件，无法组成一份名册。",
        "en": "Got {workbooks} workbook(s) and {csvs} CSV file(s): that is not one roster.",
    },
    "action.wrong_files": {
        "zh": "只上传一个工作簿；或者一个党员 CSV 文件，可再加一个团队 CSV 文件。",
        "en": "Upload a single workbook, or one members CSV file plus, optionally, one teams CSV file.",
    },
    "problem.too_large": {
        "zh": "文件大小 {size_mb} MB，超过上限 {limit_mb} MB。",
        "en": "The file is {size_mb} MB, over the {limit_mb} MB limit.",
    },
    "action.too_large": {
        "zh": "删去无关的工作表、列、图片和格式，重新保存后再上传。",
        "en": "Remove unrelated sheets, columns, pictures and formatting, save again and upload.",
    },
    "problem.unsupported_file": {
        "zh": "不支持这种文件类型（{value}）。",
        "en": "This kind of file ({value}) is not supported.",
    },
    "action.unsupported_file": {
        "zh": "在 Excel 或 WPS 中另存为 Excel 工作簿（.xlsx）或 CSV 文件后再上传。",
        "en": "In Excel or WPS, save it as an Excel workbook (.xlsx) or a CSV file and upload that.",
    },
    "problem.unreadable": {
        "zh": "文件无法读取：它已损坏，或内容与文件类型不符。",
        "en": "The file cannot be read: it is damaged, or its content does not match its type.",
    },
    "action.unreadable": {
        "zh": "在 Excel 或 WPS 中打开该文件，另存为 .xlsx 工作簿或 CSV 文件后再上传。",
        "en": "Open the file in Excel or WPS, save it again as an .xlsx workbook or a CSV file "
        "and upload that.",
    },
    "problem.encoding": {
        "zh": "无法识别文件的文字编码（已尝试 UTF-8、UTF-16 和 GBK/GB18030）。",
        "en": "The text encoding is not recognised (tried UTF-8, UTF-16 and GBK/GB18030).",
    },
    "action.encoding": {
        "zh": "在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再上传。",
        "en": "In Excel, save it as “CSV UTF-8 (comma delimited)” and upload that.",
    },
    "problem.zip_bomb": {
        "zh": "工作簿有 {entries} 个内部部件（上限 {max_entries} 个），解压后共 {unzipped_mb} MB"
        "（所有部件解压后的总大小上限 {max_unzipped_mb} MB），压缩比 {ratio}（上限 {max_ratio}），"
        "超出安全上限，已拒绝读取。",
        "en": "The workbook has {entries} internal parts (limit {max_entries}) that inflate to "
        "{unzipped_mb} MB (limit {max_unzipped_mb} MB for all parts inflated), compression ratio "
        "{ratio} (limit {max_ratio}): past the safety limits, so it was refused.",
    },
    "action.zip_bomb": {
        "zh": "确认文件来源可靠；在 Excel 中打开，只保留名册工作表，另存为新的 .xlsx 后再上传。",
        "en": "Make sure the file comes from a trusted source; open it in Excel, keep only the roster "
        "sheets, save as a new .xlsx and upload that.",
    },
    # --- sheets and headers ---
    "problem.missing_sheet": {
        "zh": "工作簿中找不到党员名单工作表。",
        "en": "The workbook has no members sheet.",
    },
    "action.missing_sheet": {
        "zh": "把党员工作表命名为 {names} 之一（团队工作表命名为 {team_names} 之一），并确认表头正确。",
        "en": "Name the members sheet one of {names} (and the teams sheet one of {team_names}), "
        "and check its header row.",
    },
    "problem.duplicate_sheet": {
        "zh": "工作簿中有多个{kind}工作表：{names}。",
        "en": "The workbook has more than one {kind} sheet: {names}.",
    },
    "action.duplicate_sheet": {
        "zh": "只保留一个，删除或重命名其余的工作表。",
        "en": "Keep one of them; delete or rename the others.",
    },
    "problem.csv_pair_unclear": {
        "zh": "无法分辨两个 CSV 文件中哪个是党员名单、哪个是团队名单。",
        "en": "Cannot tell which of the two CSV files is the members list and which the teams list.",
    },
    "action.csv_pair_unclear": {
        "zh": "党员名单需要“党员编号”列，团队名单需要“团队名称”列；检查两个文件的表头。",
        "en": "The members file needs a “member_id” column and the teams file a “team_name” column; "
        "check both header rows.",
    },
    "problem.need_members_file": {
        "zh": "只收到团队名单，缺少党员名单。",
        "en": "Only a teams list was given; the members list is missing.",
    },
    "action.need_members_file": {
        "zh": "同时上传党员名单 CSV 文件。",
        "en": "Upload the members CSV file together with it.",
    },
    "problem.not_a_roster": {
        "zh": "前 {rows} 行中找不到{kind}的表头。",
        "en": "No {kind} header row in the first {rows} rows.",
    },
    "action.not_a_roster": {
        "zh": "表头行（可以在标题行下面）应写明各列名称，例如：{example}。",
        "en": "A header row (it may sit under a title row) must name the columns, for example: {example}.",
    },
    "problem.too_many_rows": {
        "zh": "表头下面的非空行超过上限 {limit} 行。",
        "en": "More than {limit} filled rows under the header (the limit counts rows with any cell filled).",
    },
    "action.too_many_rows": {
        "zh": "删去空行和无关的行，或按街道、居民区拆分成较小的名册。",
        "en": "Remove blank and unrelated rows, or split the roster into smaller ones.",
    },
    "problem.no_rows": {
        "zh": "表头下面没有任何党员记录。",
        "en": "There are no member rows under the header.",
    },
    "action.no_rows": {
        "zh": "在表头下面每行填写一名党员。",
        "en": "Fill in one member per row under the header.",
    },
    "problem.duplicate_header": {
        "zh": "有多列都对应“{column}”：{value}。",
        "en": "Several columns mean “{column}”: {value}.",
    },
    "action.duplicate_header": {
        "zh": "只保留其中一列，删除或重命名其余的列。",
        "en": "Keep one of them; delete or rename the others.",
    },
    "problem.missing_column": {
        "zh": "缺少必填列“{header_zh}”（{column}）。",
        "en": "The required column “{column}” ({header_zh}) is missing.",
    },
    "action.missing_column": {
        "zh": "在表头行加上这一列，列名可用：{aliases}。",
        "en": "Add this column to the header row; accepted names: {aliases}.",
    },
    # --- cells ---
    "problem.empty_required": {
        "zh": "必填项“{column}”为空。",
        "en": "The required cell “{column}” is empty.",
    },
    "action.empty_required": {
        "zh": "填写这一格，或删除这一行。",
        "en": "Fill in the cell, or delete the row.",
    },
    "problem.duplicate_id": {
        "zh": "党员编号“{value}”重复：第 {first_row} 行和第 {row} 行。",
        "en": "Member id “{value}” appears twice: rows {first_row} and {row}.",
    },
    "action.duplicate_id": {
        "zh": "每名党员的编号必须唯一：更正其中一个编号，或删除重复的行。",
        "en": "Each member needs a unique id: correct one of them, or delete the repeated row.",
    },
    "problem.duplicate_team": {
        "zh": "居民区“{area}”中团队“{value}”重复：第 {first_row} 行和第 {row} 行。",
        "en": "Team “{value}” appears twice in area “{area}”: rows {first_row} and {row}.",
    },
    "action.duplicate_team": {
        "zh": "同一居民区内团队名称必须唯一：合并这两行，或给其中一个改名。",
        "en": "Team names must be unique within an area: merge the two rows or rename one team.",
    },
    "problem.duplicate_team_id": {
        "zh": "居民区“{area}”中团队编号“{value}”重复：第 {first_row} 行和第 {row} 行。",
        "en": "Team id “{value}” appears twice in area “{area}”: rows {first_row} and {row}.",
    },
    "action.duplicate_team_id": {
        "zh": "同一居民区内团队编号必须唯一：更正其中一个编号。",
        "en": "Team ids must be unique within an area: correct one of them.",
    },
    "problem.unknown_value": {
        "zh": "无法识别的取值“{value}”（{count} 行），已按“{default}”处理。",
        "en": "Unrecognised value “{value}” ({count} row(s)); treated as “{default}”.",
    },
    "action.unknown_value": {
        "zh": "如需更正，请改为以下之一：{allowed}。",
        "en": "To correct it, use one of: {allowed}.",
    },
    "problem.bad_date": {
        "zh": "无法识别的出生日期“{value}”（{count} 行），出生年份留空。",
        "en": "Unrecognised birth date “{value}” ({count} row(s)); the birth year is left empty.",
    },
    "action.bad_date": {
        "zh": "填写日期（如 1950-03-15）、年月（如 1950年3月、1950.3）或年份（如 1950）。",
        "en": "Enter a date (e.g. 1950-03-15), a month (e.g. 1950-03 or 1950.3) or a year (e.g. 1950).",
    },
    "problem.bad_number": {
        "zh": "“{value}”不是人数（{count} 行），已留空。",
        "en": "“{value}” is not a head count ({count} row(s)); left empty.",
    },
    "action.bad_number": {
        "zh": "填写不小于 0 的整数。",
        "en": "Enter a whole number, 0 or more.",
    },
    # --- teams and leaders ---
    "problem.unknown_team": {
        "zh": "团队“{value}”不在居民区“{area}”的团队名单中（{count} 名党员填写了它），已忽略。",
        "en": "Team “{value}” is not in the teams list of area “{area}” "
        "({count} member(s) name it); ignored.",
    },
    "action.unknown_team": {
        "zh": "检查团队名称的拼写，或把该团队补进团队名单。{suggestions}",
        "en": "Check the spelling, or add the team to the teams list.{suggestions}",
    },
    "problem.team_other_area": {
        "zh": "团队“{value}”属于其他居民区（{areas}），"
        "不属于党员所在的居民区“{area}”（{count} 名党员），已忽略。",
        "en": "Team “{value}” belongs to another area ({areas}), not to the members' area “{area}” "
        "({count} member(s)); ignored.",
    },
    "action.team_other_area": {
        "zh": "核对党员的居民区或所填团队：党员只按本居民区的团队编组。",
        "en": "Check the members' area or the team they name: "
        "members are grouped by teams of their own area.",
    },
    "problem.members_without_team": {
        "zh": "居民区“{value}”有 {count} 名党员（共 {total} 名）未参加任何团队。",
        "en": "Area “{value}”: {count} of {total} members are in no team.",
    },
    "action.members_without_team": {
        "zh": "无需处理：规划时会为他们安排合适的支部。如有遗漏，可在“参加团队”列补充。",
        "en": "Nothing to do: the plan places them in a suitable branch. "
        "If some are missing a team, add it in the “teams” column.",
    },
    "problem.team_without_members": {
        "zh": "居民区“{area}”的团队“{value}”没有党员参加。",
        "en": "Team “{value}” in area “{area}” has no Party member.",
    },
    "action.team_without_members": {
        "zh": "无需处理；如有党员参加，请在党员名单的“参加团队”列补充。",
        "en": "Nothing to do; if members take part, add the team in their “teams” column.",
    },
    "problem.ambiguous_leader": {
        "zh": "负责人“{value}”与居民区“{area}”中多名党员同名（党员编号 {ids}），无法确定是谁。",
        "en": "Leader “{value}” shares the name of several members of area “{area}” (ids {ids}); "
        "cannot tell which.",
    },
    "action.ambiguous_leader": {
        "zh": "在“负责人”列改填负责人的党员编号。",
        "en": "Enter the leader's member id in the “leader” column instead.",
    },
    "problem.teams_inferred": {
        "zh": "没有团队名单：已根据党员的“参加团队”列得出 {count} 个团队，类型记为“其他”。",
        "en": "No teams list: {count} team(s) taken from the members' “teams” column, of type “other”.",
    },
    "action.teams_inferred": {
        "zh": "如需团队类型、人数和负责人，请同时提供团队名单。",
        "en": "For team types, head counts and leaders, provide the teams list as well.",
    },
}
