"""Command-line messages."""

CATALOGUE = {
    "cli.bad_input": {
        "zh": "名册有 {count} 个问题，未载入：",
        "en": "The roster has {count} problem(s) and was not loaded:",
    },
    "cli.cannot_open": {
        "zh": "无法打开文件：{detail}",
        "en": "Cannot open the file: {detail}",
    },
}
