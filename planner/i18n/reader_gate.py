"""The input gate (planner.gate), the reader's newer checks and the CLI's warnings.

Problem codes follow planner/i18n/reader.py: ``problem.<code>`` and ``action.<code>``.
"""

_SAVE_XLSX_ZH = (
    "在 Excel 或 WPS 中打开，选择“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再上传新文件。"
)
_SAVE_XLSX_EN = (
    "Open it in Excel or WPS, choose File → Save As, pick “Excel Workbook (*.xlsx)” as the type, "
    "and upload the new file."
)

CATALOGUE = {
    # --- the gate: files -----------------------------------------------------------------
    "problem.not_a_file": {
        "zh": "“{sheet}”不是普通文件（而是设备、管道或文件夹），未读取。",
        "en": "“{sheet}” is not a regular file (it is a device, a pipe or a folder); it was not read.",
    },
    "action.not_a_file": {
        "zh": "给出名册文件本身的路径。",
        "en": "Give the path of the roster file itself.",
    },
    "problem.zip_entries": {
        "zh": "文件内部结构异常（部件“{value}”重复、加密、路径不安全，"
        "或实际大小与目录记载不符），已拒绝读取。",
        "en": "The file's inner structure is not sound (part “{value}” is repeated, encrypted, has an "
        "unsafe path, or its real size differs from the one its directory states); it was refused.",
    },
    "action.zip_entries": {
        "zh": "确认文件来源可靠；" + _SAVE_XLSX_ZH,
        "en": "Make sure the file comes from a trusted source. " + _SAVE_XLSX_EN,
    },
    "problem.xml_dtd": {
        "zh": "文件的部件“{value}”含有文档类型定义（DTD），正常的工作簿不会有，已拒绝读取。",
        "en": "The file's part “{value}” holds a document type definition (DTD), which no normal "
        "workbook has; it was refused.",
    },
    "action.xml_dtd": {
        "zh": "确认文件来源可靠；" + _SAVE_XLSX_ZH,
        "en": "Make sure the file comes from a trusted source. " + _SAVE_XLSX_EN,
    },
    "problem.read_timeout": {
        "zh": "读取文件超过 {seconds} 秒仍未完成，已停止。",
        "en": "Reading the file took more than {seconds} seconds and was stopped.",
    },
    "action.read_timeout": {
        "zh": "文件内容可能异常。" + _SAVE_XLSX_ZH + "只保留名册工作表。",
        "en": "The file's content may be unusual. " + _SAVE_XLSX_EN + " Keep only the roster sheets.",
    },
    "problem.read_memory": {
        "zh": "读取文件所需内存超过上限 {memory_mb} MB，或文件使读取程序出错，已停止。",
        "en": "Reading the file needed more than the {memory_mb} MB memory limit, or the file made the "
        "reader fail; it was stopped.",
    },
    "action.read_memory": {
        "zh": "删去远离数据的空白单元格中的内容或格式，只保留名册工作表；" + _SAVE_XLSX_ZH,
        "en": "Clear content and formatting from cells far from the data and keep only the roster "
        "sheets. " + _SAVE_XLSX_EN,
    },
    "problem.encrypted": {
        "zh": "工作簿设有打开密码，无法读取。",
        "en": "The workbook is protected by a password and cannot be read.",
    },
    "action.encrypted": {
        "zh": "在 Excel 或 WPS 中用密码打开，选择“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码；"
        "再另存为“Excel 工作簿（*.xlsx）”后上传。",
        "en": "Open it with its password in Excel or WPS, choose File → Info → Protect Workbook → "
        "Encrypt with Password and clear the password, then save it as “Excel Workbook (*.xlsx)” "
        "and upload that.",
    },
    "problem.wps_et": {
        "zh": "这是 WPS 表格文件（{value}），无法直接读取。",
        "en": "This is a WPS Spreadsheets file ({value}); it cannot be read directly.",
    },
    "action.wps_et": {
        "zh": "在 WPS 中打开，选择“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”，再上传新文件。",
        "en": "Open it in WPS, choose File → Save As, pick “Excel Workbook (*.xlsx)” as the file type, "
        "and upload the new file.",
    },
    "problem.json_invalid": {
        "zh": "文件不是有效的 JSON（{detail}）。",
        "en": "The file is not valid JSON ({detail}).",
    },
    "action.json_invalid": {
        "zh": "使用本工具写出的文件，不要手工修改。",
        "en": "Use a file this tool wrote, unedited.",
    },
    "problem.json_too_deep": {
        "zh": "JSON 嵌套了 {depth} 层，超过上限 {limit} 层，已拒绝读取。",
        "en": "The JSON is nested {depth} levels deep, past the {limit}-level limit; it was refused.",
    },
    "action.json_too_deep": {
        "zh": "使用本工具写出的文件，不要手工修改。",
        "en": "Use a file this tool wrote, unedited.",
    },
    # --- the reader: values ----------------------------------------------------------------
    "problem.duplicate_id_variant": {
        "zh": "第 {first_row} 行的党员编号“{first_value}”和第 {row} 行的“{value}”是同一个编号"
        "（只差全角数字或空格）。",
        "en": "Member id “{first_value}” in row {first_row} and “{value}” in row {row} are the same id "
        "(they differ only in full-width digits or spaces).",
    },
    "action.duplicate_id_variant": {
        "zh": "每名党员的编号必须唯一：更正其中一个编号，或删除重复的行。",
        "en": "Each member needs a unique id: correct one of them, or delete the repeated row.",
    },
    "problem.name_too_long": {
        "zh": "姓名长 {length} 个字符，超过上限 {limit} 个，已截断为前 {limit} 个字符。",
        "en": "The name is {length} characters long, over the {limit}-character limit; "
        "it was cut to its first {limit} characters.",
    },
    "action.name_too_long": {
        "zh": "核对这一格：姓名列应只填写姓名。",
        "en": "Check the cell: the name column should hold just the name.",
    },
    "problem.id_card_bad": {
        "zh": "身份证号（{masked}）的校验位不符，未用它推算出生日期和性别。",
        "en": "The citizen ID number ({masked}) fails its check digit; "
        "birth date and gender were not derived from it.",
    },
    "action.id_card_bad": {
        "zh": "核对这一格的身份证号，或填写“出生年月”和“性别”列。",
        "en": "Check the ID number in this cell, or fill in the birth date and gender columns.",
    },
    "problem.id_card_used": {
        "zh": "“{value}”列已用于推算{derived}，随后丢弃；身份证号不会显示、保存或导出。",
        "en": "Column “{value}” was used to derive {derived}, then discarded; ID numbers are never "
        "shown, saved or exported.",
    },
    "action.id_card_used": {
        "zh": "无需处理。",
        "en": "Nothing to do.",
    },
    "problem.private_dropped": {
        "zh": "“{value}”列（{kind}）在读取时已丢弃，不会显示、保存或导出。",
        "en": "Column “{value}” ({kind}) was discarded on reading; it is never shown, saved or exported.",
    },
    "action.private_dropped": {
        "zh": "无需处理。",
        "en": "Nothing to do.",
    },
    # --- the command line ------------------------------------------------------------------
    "cli.warnings": {
        "zh": "名册已载入，有 {count} 条警告：",
        "en": "The roster was loaded with {count} warning(s):",
    },
    "cli.warning_line": {
        "zh": "警告：{where}{problem}",
        "en": "Warning: {where}{problem}",
    },
    "cli.note_line": {
        "zh": "说明：{where}{problem}",
        "en": "Note: {where}{problem}",
    },
    "cli.warning_where": {
        "zh": "{sheet} 第 {row} 行“{column}”列：",
        "en": "{sheet}, row {row}, column “{column}”: ",
    },
    "cli.warning_where_column": {
        "zh": "{sheet}“{column}”列：",
        "en": "{sheet}, column “{column}”: ",
    },
    "cli.warning_where_sheet": {
        "zh": "{sheet}：",
        "en": "{sheet}: ",
    },
    "cli.strict_failed": {
        "zh": "使用了 --strict：名册有 {count} 条警告，按错误处理，未继续。",
        "en": "--strict: the roster has {count} warning(s), treated as errors; stopped.",
    },
    # --- the app ---------------------------------------------------------------------------
    "reader_gate.ui.warnings_help": {
        "zh": "每条警告说明读取时做了什么处理（例如无法识别的取值按默认值处理）。"
        "如需更正，请修改文件后重新上传。",
        "en": "Each warning says what the reader did (an unrecognised value was read as its default, "
        "for example). To correct one, fix the file and upload it again.",
    },
    "reader_gate.ui.sidebar_warnings": {
        "zh": "名册有 {count} 条警告，规划前请到“数据”页查看",
        "en": "The roster has {count} warning(s): look at them on the Data page before planning",
    },
}
