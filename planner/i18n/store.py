"""Texts of the workshop store: errors, autosave, resume, prompts, sharing, the command line."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    # --- store errors -------------------------------------------------------------------------
    "store.error.unreadable": {
        "zh": "无法读取工作坊存档文件 {path}（{detail}）。文件没有被改动；"
        "请把它移走或改名后重新打开本工具，会新建一个空存档。",
        "en": "Cannot read the workshop store {path} ({detail}). The file was left as it is; move or "
        "rename it and reopen the workbench to start an empty store.",
    },
    "store.error.foreign": {
        "zh": "{path} 不是本工具的工作坊存档，已拒绝打开，文件没有被改动。"
        "请检查 WORKBENCH_DATA_DIR 指向的文件夹。",
        "en": "{path} is not a workshop store of this workbench. It was not opened and was left as it "
        "is; check the folder WORKBENCH_DATA_DIR points to.",
    },
    "store.error.newer": {
        "zh": "工作坊存档 {path} 由更新版本的工具写入（格式 {found}，本版本支持到 {expected}），"
        "已拒绝打开。请升级本工具。",
        "en": "The workshop store {path} was written by a newer version of the workbench (format "
        "{found}; this version reads up to {expected}). It was not opened; upgrade the workbench.",
    },
    "store.error.damaged": {
        "zh": "工作坊存档中的数据（{what}）已损坏，无法恢复这一部分。",
        "en": "Part of the saved workshop ({what}) is damaged and cannot be restored.",
    },
    "store.error.roster_invalid": {
        "zh": "存档中的名册没有通过校验（{count} 个问题），未恢复。",
        "en": "The roster saved with this workshop failed validation ({count} problems); "
        "nothing was restored.",
    },
    "store.error.roster_changed": {
        "zh": "存档中的名册与保存时的指纹不一致，可能被改动过，未恢复。",
        "en": "The roster saved with this workshop no longer matches its fingerprint (it may have been "
        "altered); nothing was restored.",
    },
    "store.error.bundle_invalid": {
        "zh": "存档中的方案没有通过校验（{count} 个问题），未恢复。",
        "en": "The scenarios saved with this workshop failed validation ({count} problems); "
        "nothing was restored.",
    },
    "store.error.unknown": {
        "zh": "没有找到工作坊“{workshop}”。用 workshops list 查看已保存的工作坊。",
        "en": "No saved workshop '{workshop}'. Run workshops list to see the saved workshops.",
    },
    "store.error.ambiguous": {
        "zh": "“{workshop}”对应 {count} 个工作坊，请给出完整的编号。",
        "en": "'{workshop}' matches {count} workshops; give the full id.",
    },
    "store.error.name_empty": {
        "zh": "工作坊名称不能为空。",
        "en": "A workshop needs a name.",
    },
    "store.error.no_version": {
        "zh": "没有保存的版本 {version}（只保留最近的版本）。",
        "en": "There is no saved version {version} (only the latest versions are kept).",
    },
    "store.error.no_trash": {
        "zh": "这个已删除的方案已不在存档中。",
        "en": "This deleted scenario is no longer in the store.",
    },
}
