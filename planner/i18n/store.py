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
    # --- autosave, sidebar, privacy ------------------------------------------------------------
    "store.default_name": {"zh": "{source} · {when}", "en": "{source} · {when}"},
    "store.sidebar.saved": {
        "zh": "已自动保存：{time}（第 {version} 版）",
        "en": "Saved automatically at {time} (version {version})",
    },
    "store.sidebar.not_yet": {
        "zh": "生成第一个方案后自动保存。",
        "en": "The workshop is saved automatically from its first scenario on.",
    },
    "store.sidebar.autosave_off": {
        "zh": "自动保存已关闭（WORKBENCH_AUTOSAVE=0）：关闭或刷新页面会丢失全部工作。"
        "请在“导出”页下载方案包保存。",
        "en": "Autosave is off (WORKBENCH_AUTOSAVE=0): closing or reloading the page loses all the "
        "work. Download a bundle from the Export page to keep it.",
    },
    "store.sidebar.save_failed": {
        "zh": "自动保存失败：{message}",
        "en": "Autosave failed: {message}",
    },
    "store.sidebar.participant": {
        "zh": "参会者视图：只读。只能查看凭加入码打开的工作坊。",
        "en": "Participant's view, read-only: you see only the workshop you joined with its code.",
    },
    "store.privacy.sidebar": {
        "zh": "名册和方案只保存在本机：本次会话的内存和工作坊存档 {path}（仅本机账户可读）。"
        "不发送到任何地方。在“首页”或“数据”页删除工作坊即从存档中彻底清除。",
        "en": "The roster and scenarios stay on this machine: in this session's memory and in the "
        "workshop store {path} (readable by your account only). Nothing is sent anywhere. Deleting "
        "a workshop on the Home or Data page removes it from the store for good.",
    },
    "store.privacy.memory": {
        "zh": "名册只保存在本次会话的内存中，不写入磁盘，也不发送到任何地方；关闭页面即清除。",
        "en": "The roster is kept only in this session's memory: never written to disk or sent "
        "anywhere, and gone when you close the page.",
    },
    "store.privacy.home": {
        "zh": "隐私：名册只在本机使用，不上传到任何服务。"
        "工作坊（名册中用到的列、方案、调整）自动保存在本机的 "
        "{path}，只有本机账户可读；在下方“已保存的工作坊”中删除即彻底清除，也可以用命令 "
        "`python -m planner workshops delete` 删除。身份证号、电话号码从不保存。",
        "en": "Privacy: the roster is used only on this machine and never sent to any service. The "
        "workshop (the roster columns the planner uses, scenarios, edits) is saved automatically "
        "in {path}, readable by your account only; delete it under Saved workshops, or with "
        "`python -m planner workshops delete`, and it is gone for good. ID card and phone numbers "
        "are never saved.",
    },
    "store.privacy.home_memory": {
        "zh": "隐私：名册只在本机本次会话中使用，不保存到磁盘（自动保存已关闭），不上传到任何服务。",
        "en": "Privacy: the roster is used only in this session on this machine; with autosave off "
        "it is not saved to disk, and it is never sent to any service.",
    },
    # --- resume ----------------------------------------------------------------------------------
    "store.resume.title": {"zh": "已保存的工作坊", "en": "Saved workshops"},
    "store.resume.intro": {
        "zh": "共 {count} 个。点“继续”恢复名册、全部方案和未保存的调整。",
        "en": "{count} in all. Continue restores the roster, every scenario and the unsaved Tweak edits.",
    },
    "store.resume.others": {"zh": "已保存的工作坊", "en": "Saved workshops"},
    "store.resume.details": {
        "zh": "名册：{source} · 党员 {members} 人 · 方案 {scenarios} 个 · 最后保存 {saved}",
        "en": "Roster: {source} · {members} members · {scenarios} scenarios · last saved {saved}",
    },
    "store.resume.open_now": {"zh": "（当前打开）", "en": " (open now)"},
    "store.resume.continue": {"zh": "继续", "en": "Continue"},
    "store.resume.rename": {"zh": "改名", "en": "Rename"},
    "store.resume.new_name": {"zh": "新名称", "en": "New name"},
    "store.resume.rename_save": {"zh": "保存名称", "en": "Save the name"},
    "store.resume.delete": {"zh": "删除", "en": "Delete"},
    "store.resume.delete_warning": {
        "zh": "删除后，这个工作坊的名册、方案和全部历史版本都会从存档中彻底清除，无法恢复。",
        "en": "This removes the workshop's roster, scenarios and every saved version from the store "
        "for good. It cannot be undone.",
    },
    "store.resume.delete_confirm": {"zh": "确认删除", "en": "Delete for good"},
    "store.resume.deleted": {
        "zh": "工作坊已删除，存档已清理。",
        "en": "The workshop was deleted and the store cleaned.",
    },
    "store.resume.continued": {
        "zh": "已恢复工作坊：名册、方案和未保存的调整都已就位。",
        "en": "The workshop is back: roster, scenarios and unsaved edits.",
    },
    "store.resume.more": {
        "zh": "另有 {count} 个较早的工作坊未列出。",
        "en": "{count} older workshops are not listed.",
    },
    "store.problems": {"zh": "发现的问题（{count} 个）", "en": "Problems found ({count})"},
    # --- set aside ---------------------------------------------------------------------------------
    "store.notice.new_roster": {
        "zh": "已换用新名册，开始了一个新的工作坊。原来的工作坊（{count} 个方案）已保存，没有删除。",
        "en": "A new roster started a new workshop. The previous "
        "one ({count} scenarios) is saved, not deleted.",
    },
    "store.notice.new_roster_memory": {
        "zh": "已换用新名册，开始了一个新的工作坊。"
        "原来的工作坊（{count} 个方案）暂存在本次会话中（自动保存已关闭）。",
        "en": "A new roster started a new workshop. The previous one ({count} scenarios) is kept in "
        "this session only (autosave is off).",
    },
    "store.notice.new_bundle": {
        "zh": "方案包已作为新的工作坊打开。原来的工作坊（{count} 个方案）已保存，没有删除。",
        "en": "The bundle opened as a new workshop. The previous "
        "one ({count} scenarios) is saved, not deleted.",
    },
    "store.notice.new_bundle_memory": {
        "zh": "方案包已作为新的工作坊打开。原来的工作坊（{count} 个方案）暂存在本次会话中（自动保存已关闭）。"
        "",
        "en": "The bundle opened as a new workshop. The previous one ({count} scenarios) is kept in "
        "this session only (autosave is off).",
    },
    "store.notice.resumed": {
        "zh": "已切换工作坊。刚才的工作坊（{count} 个方案）已保存。",
        "en": "Switched workshops. The one you left ({count} scenarios) is saved.",
    },
    "store.notice.resumed_memory": {
        "zh": "已切换工作坊。刚才的工作坊（{count} 个方案）暂存在本次会话中。",
        "en": "Switched workshops. The one you left ({count} scenarios) is kept in this session.",
    },
    "store.notice.go_back": {"zh": "回到原来的工作坊", "en": "Go back to the previous workshop"},
    # --- bundle prompt -------------------------------------------------------------------------------
    "store.bundle.ask": {
        "zh": "方案包 {file} 有效，含 {count} 个方案。当前工作坊已有方案，不会被替换：请选择如何打开。",
        "en": "The bundle {file} is valid and holds {count} scenarios. The current workshop has "
        "scenarios, which will not be replaced: choose how to open it.",
    },
    "store.bundle.add": {"zh": "加入当前工作坊", "en": "Add to this workshop"},
    "store.bundle.new": {"zh": "作为新工作坊打开", "en": "Open as a new workshop"},
    "store.bundle.cancel": {"zh": "取消", "en": "Cancel"},
    "store.bundle.added": {
        "zh": "已把 {count} 个方案加入当前工作坊（重名的已自动改名）。",
        "en": "{count} scenarios added to this workshop (clashing names got a number).",
    },
    "store.bundle.opened": {
        "zh": "已作为新工作坊打开（{count} 个方案）。",
        "en": "Opened as a new workshop ({count} scenarios).",
    },
    # --- history -------------------------------------------------------------------------------------
    "store.history.title": {
        "zh": "本工作坊的历史（{count} 个版本）",
        "en": "This workshop's history ({count} versions)",
    },
    "store.history.intro": {
        "zh": "每次改动都保存为一个版本，保留最近 {keep} 个；删除的方案在删除工作坊之前都可以恢复。",
        "en": "Every change is saved as a version and the last {keep} are kept; a deleted scenario "
        "can be restored until the workshop itself is deleted.",
    },
    "store.history.deleted": {"zh": "已删除的方案", "en": "Deleted scenarios"},
    "store.history.deleted_line": {"zh": "{name}（删除于 {when}）", "en": "{name} (deleted {when})"},
    "store.history.restore": {"zh": "恢复", "en": "Restore"},
    "store.history.restored": {"zh": "已恢复方案 {name}。", "en": "Scenario {name} restored."},
    "store.history.versions": {"zh": "保存的版本", "en": "Saved versions"},
    "store.history.version_line": {
        "zh": "第 {version} 版 · {when} · {names}",
        "en": "Version {version} · {when} · {names}",
    },
    "store.history.go_back": {"zh": "回到此版本", "en": "Go back to it"},
    "store.history.version_restored": {
        "zh": "已回到第 {version} 版的方案（作为新版本保存，中间的版本仍保留）。",
        "en": "Back to the scenarios of version {version} (saved "
        "as a new version; the ones in between are kept).",
    },
    # --- share and join --------------------------------------------------------------------------------
    "store.nav.share": {"zh": "分享给参会者", "en": "Share"},
    "store.nav.join": {"zh": "加入工作坊", "en": "Join a workshop"},
    "store.nav.section": {"zh": "参会者", "en": "Participants"},
    "store.share.page_title": {"zh": "分享给参会者", "en": "Share with the participants"},
    "store.share.title": {"zh": "加入码", "en": "Join code"},
    "store.share.intro": {
        "zh": "参会者在自己的浏览器打开下面的地址并输入加入码，"
        "即可只读查看本工作坊的方案、指标、组织图和比较，"
        "新方案保存后几秒内出现。参会者看不到工作坊列表，也不能修改任何内容。",
        "en": "Participants open the address below in their own browser and enter the join code: they "
        "then see this workshop's scenarios, metrics, org charts and comparisons read-only, and new "
        "scenarios appear within seconds of being saved. They never see the list of workshops and "
        "cannot change anything.",
    },
    "store.share.needs_autosave": {
        "zh": "分享需要自动保存（当前已用 WORKBENCH_AUTOSAVE=0 关闭）。",
        "en": "Sharing needs autosave, which WORKBENCH_AUTOSAVE=0 has turned off.",
    },
    "store.share.nothing_yet": {
        "zh": "先载入名册并生成一个方案，工作坊保存后即可分享。",
        "en": "Load a roster and make a plan first: a workshop can be shared once it is saved.",
    },
    "store.share.start": {"zh": "生成加入码", "en": "Make a join code"},
    "store.share.stop": {"zh": "停止分享", "en": "Stop sharing"},
    "store.share.code": {"zh": "加入码", "en": "Join code"},
    "store.share.address": {"zh": "参会者打开：{address}", "en": "Participants open: {address}"},
    "store.share.localhost_only": {
        "zh": "本工具目前只在本机（localhost）监听，其他电脑打不开。要让会场网络中的电脑访问，"
        "请用 --server.address 0.0.0.0 启动（见 README“参会者视图”），"
        "这会让同一网络中的任何人都能打开本页并尝试加入码。",
        "en": "The workbench listens on this machine (localhost) only, so other computers cannot reach "
        "it. To open it to the workshop network, start it with --server.address 0.0.0.0 (see the "
        "README, Participants' view): anyone on that network can then open the page and try codes.",
    },
    "store.share.preview": {"zh": "参会者看到的内容", "en": "What the participants see"},
    "store.join.title": {"zh": "加入工作坊", "en": "Join a workshop"},
    "store.join.intro": {
        "zh": "输入主持人给出的 8 位加入码，即可只读查看该工作坊。",
        "en": "Enter the 8-character join code the facilitator gives you to follow the workshop read-only.",
    },
    "store.join.code": {"zh": "加入码", "en": "Join code"},
    "store.join.button": {"zh": "加入", "en": "Join"},
    "store.join.wrong": {
        "zh": "加入码不正确，或该工作坊已停止分享。",
        "en": "That code is wrong, or the workshop is no longer shared.",
    },
    "store.join.wait": {
        "zh": "错误次数过多，请 {seconds} 秒后再试。",
        "en": "Too many wrong codes: try again in {seconds} seconds.",
    },
    "store.join.leave": {"zh": "离开", "en": "Leave"},
    "store.view.updated": {
        "zh": "第 {version} 版 · {checked} 检查过 · 每 {seconds} 秒自动更新",
        "en": "Version {version} · checked at {checked} · updates itself every {seconds} s",
    },
    "store.view.summary": {
        "zh": "{scenarios} 个方案 · 党员 {members} 人",
        "en": "{scenarios} scenarios · {members} members",
    },
    "store.view.no_scenarios": {
        "zh": "还没有方案，保存后会自动出现。",
        "en": "No scenarios yet; they appear here once saved.",
    },
    "store.view.scenario_root": {"zh": "· {name}", "en": "· {name}"},
    "store.view.scenario_line": {
        "zh": "· {name}（由 {parent} 调整而来）",
        "en": "· {name} (made from {parent})",
    },
    "store.view.metrics": {"zh": "方案比较", "en": "The scenarios compared"},
    "store.view.col.better": {"zh": "较优", "en": "Better"},
    "store.view.ended": {
        "zh": "主持人已停止分享这个工作坊。",
        "en": "The facilitator has stopped sharing this workshop.",
    },
    # --- command line ----------------------------------------------------------------------------
    "cli.workshops.none": {"zh": "没有已保存的工作坊。", "en": "No saved workshops."},
    "cli.workshops.line": {
        "zh": "{name}\t编号 {id}\t名册指纹 {fingerprint}\t党员 {members}\t方案 {scenarios}\t最后保存 {saved}",
        "en": "{name}\tid {id}\tfingerprint {fingerprint}\t{members} members\t{scenarios} scenarios"
        "\tlast saved {saved}",
    },
    "cli.workshops.exported": {
        "zh": "已把工作坊“{name}”写入 {out}",
        "en": "Workshop '{name}' written to {out}",
    },
    "cli.workshops.deleted": {
        "zh": "已删除工作坊“{name}”（{id}），存档已清理。",
        "en": "Workshop '{name}' ({id}) deleted; the store was cleaned.",
    },
    "cli.workshops.imported": {
        "zh": "已导入为新工作坊“{name}”（编号 {id}，{count} 个方案）。",
        "en": "Imported as the new workshop '{name}' (id {id}, {count} scenarios).",
    },
    "cli.workshops.bundle_refused": {
        "zh": "方案包 {file} 未导入：发现 {count} 个问题。",
        "en": "The bundle {file} was not imported: {count} problems found.",
    },
    "cli.workshops.warnings": {
        "zh": "名册有 {count} 条提示（不影响导入）：",
        "en": "The roster has {count} warnings (the import goes on):",
    },
    "cli.workshops.not_a_file": {"zh": "{path} 不是普通文件。", "en": "{path} is not a regular file."},
    "cli.workshops.too_large": {
        "zh": "{path} 太大（上限 {limit_mb} MB）。",
        "en": "{path} is too large (the limit is {limit_mb} MB).",
    },
}
