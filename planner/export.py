"""Taking the proposal home: a workbook per scenario, the members as CSV, a printable roster.

Every text value that reaches a spreadsheet goes through :func:`neutralise`, and the workbook is
written with xlsxwriter's string-to-formula, -number and -URL conversions off, so a name such as
``=1+1`` stays text. The printable roster html-escapes every roster value and carries no script.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import xlsxwriter

from planner.compare import HEADLINE_METRICS, format_metric, setting_label, who_moved
from planner.i18n import CATALOGUE, t
from planner.plan import AREA_COLUMNS, Plan
from planner.scenario import flatten_settings
from planner.schema import Roster
from planner.stats import value_label

#: First characters that make a spreadsheet treat a cell as a formula (or a DDE command).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

#: Fonts for Chinese text, most specific first (Linux, macOS/Adobe, Windows).
CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif'

SHEETS: tuple[str, ...] = ("summary", "branches", "members", "changes", "violations")

MEMBER_EXPORT_COLUMNS: tuple[str, ...] = (
    "member_id",
    "name",
    "area",
    "status",
    "branch",
    "branch_id",
    "group",
    "role",
    "reason",
)
BRANCH_EXPORT_COLUMNS: tuple[str, ...] = (
    "branch_id",
    "area",
    "kind",
    "name",
    "teams",
    "size",
    "full_members",
    "candidates",
    "secretary",
    "committee",
    "groups",
    "attached",
    "mobility",
)
CHANGE_EXPORT_COLUMNS: tuple[str, ...] = ("member_id", "name", "area", "from_branch", "to_branch", "why")
VIOLATION_EXPORT_COLUMNS: tuple[str, ...] = (
    "area",
    "rule",
    "branch",
    "subject",
    "value",
    "limit",
    "message",
    "fixes",
)


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading = + - @, tab, CR or LF gets a leading '."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def header(column: str, lang: str) -> str:
    """Translated column header of the exports."""
    return t(f"workshop.col.{column}", lang)


def sheet_name(sheet: str, lang: str) -> str:
    return t(f"workshop.sheet.{sheet}", lang)


def _text(value: Any) -> str:
    """A cell value as display text ("" for missing; tuples joined)."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, tuple | list):
        return "、".join(_text(v) for v in value)
    return str(value)


def _message(key: Any, lang: str) -> str:
    """A translation key stored in a frame (e.g. areas.message), rendered; other text as is."""
    text = _text(key)
    return t(text, lang) if text in CATALOGUE else text


# --- display frames (shared by the workbook, the CSV and the page) -------------------------------------


def _member_names(roster: Roster) -> dict[str, str]:
    return dict(zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True))


def _team_names(roster: Roster) -> dict[tuple[str, str], str]:
    teams = roster.teams
    keys = zip(teams["area"].astype(str), teams["team_id"].astype(str), strict=True)
    return dict(zip(keys, teams["name"].astype(str), strict=True))


def _person(member_id: Any, names: dict[str, str]) -> str:
    mid = _text(member_id)
    return f"{names.get(mid, '')}（{mid}）" if mid else ""


def group_labels(plan: Plan, lang: str) -> dict[str, str]:
    """group_id -> "Group 1", "Group 2"... numbered within each branch in the plan's order."""
    labels: dict[str, str] = {}
    counter: dict[str, int] = {}
    for group_id, branch_id in zip(plan.groups["group_id"], plan.groups["branch_id"], strict=True):
        counter[branch_id] = counter.get(branch_id, 0) + 1
        labels[str(group_id)] = t("workshop.group_label", lang, n=counter[branch_id])
    return labels


def candidate_roles(plan: Plan, lang: str) -> dict[str, str]:
    """member_id -> their roles in the plan (secretary / committee candidate, group leader)."""
    roles: dict[str, list[str]] = {}
    for secretary, committee in zip(plan.branches["secretary"], plan.branches["committee"], strict=True):
        if _text(secretary):
            roles.setdefault(str(secretary), []).append(t("workshop.role.secretary", lang))
        for member in committee or ():
            if member != secretary:
                roles.setdefault(str(member), []).append(t("workshop.role.committee", lang))
    for leader in plan.groups["leader"]:
        if _text(leader):
            roles.setdefault(str(leader), []).append(t("workshop.role.group_leader", lang))
    sep = t("workshop.list_sep", lang)
    return {m: sep.join(r) for m, r in roles.items()}


def members_frame(plan: Plan, roster: Roster, lang: str) -> pd.DataFrame:
    """One row per planned member (MEMBER_EXPORT_COLUMNS, all text, keys not translated)."""
    members = roster.members.set_index("member_id")
    a = plan.assignments
    branch_names = dict(zip(plan.branches["branch_id"], plan.branches["name"], strict=True))
    groups = group_labels(plan, lang)
    roles = candidate_roles(plan, lang)
    ids = a["member_id"].astype(str)
    statuses = ids.map(members["status"]).fillna("")
    frame = pd.DataFrame(
        {
            "member_id": ids,
            "name": ids.map(members["name"]).fillna(""),
            "area": a["area"].astype(str),
            "status": [value_label(s, lang) if s else "" for s in statuses],
            "branch": a["branch_id"].map(branch_names).fillna(""),
            "branch_id": a["branch_id"].astype(str),
            "group": [groups.get(str(g), "") for g in a["group_id"].fillna("")],
            "role": [roles.get(m, "") for m in ids],
            "reason": [t(f"workshop.reason.{r}", lang) if _text(r) else "" for r in a["reason"]],
        }
    )
    frame = frame.sort_values(["area", "branch_id", "member_id"], kind="stable").reset_index(drop=True)
    return frame.astype("str")


def branches_frame(plan: Plan, roster: Roster, lang: str) -> pd.DataFrame:
    """One row per branch (BRANCH_EXPORT_COLUMNS); counts are ints, the rest text."""
    b = plan.branches
    names = _member_names(roster)
    teams = _team_names(roster)
    group_counts = plan.groups.groupby("branch_id").size()
    sep = t("workshop.list_sep", lang)
    return pd.DataFrame(
        {
            "branch_id": b["branch_id"].astype(str),
            "area": b["area"].astype(str),
            "kind": [t(f"workshop.kind.{k}", lang) for k in b["kind"]],
            "name": b["name"].astype(str),
            "teams": [
                sep.join(teams.get((str(area), str(tid)), str(tid)) for tid in tids or ())
                for area, tids in zip(b["area"], b["teams"], strict=True)
            ],
            "size": b["size"].astype("int64"),
            "full_members": b["full_members"].astype("int64"),
            "candidates": b["candidates"].astype("int64"),
            "secretary": [_person(s, names) for s in b["secretary"]],
            "committee": [sep.join(_person(m, names) for m in c or ()) for c in b["committee"]],
            "groups": b["branch_id"].map(group_counts).fillna(0).astype("int64"),
            "attached": b["attached"].astype("int64"),
            "mobility": b["mobility"].astype("int64"),
        }
    )


def changes_frame(
    plan: Plan, roster: Roster, lang: str, current: Plan | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Who changes branch against ``current`` (a plan, an assignments frame, or today's branches
    when None): CHANGE_EXPORT_COLUMNS, branch columns as display names."""
    names = dict(zip(plan.branches["branch_id"], plan.branches["name"], strict=True))
    before: pd.DataFrame | None
    if isinstance(current, Plan):
        names = dict(zip(current.branches["branch_id"], current.branches["name"], strict=True)) | names
        before = current.assignments
    else:
        before = current
    return who_moved(roster, before, plan.assignments, lang, names=names)


def _rule_title(rule: str, lang: str) -> str:
    from planner.rules import RULES

    info = RULES.get(rule)
    return t(info.title_key, lang) if info is not None and info.title_key in CATALOGUE else rule


def violations_frame(plan: Plan, roster: Roster, lang: str) -> pd.DataFrame:
    """The rules the plan breaks (VIOLATION_EXPORT_COLUMNS), messages in ``lang``."""
    v = plan.violations
    if len(v) and lang != plan.lang:
        from planner.explain import explain

        v = explain(v, roster, plan.settings, lang, layout=plan.layout)
    branch_names = dict(zip(plan.branches["branch_id"], plan.branches["name"], strict=True))
    rule_labels = [_rule_title(str(r), lang) for r in v["rule"]]
    return pd.DataFrame(
        {
            "area": v["area"].astype(str),
            "rule": rule_labels,
            "branch": [branch_names.get(str(b), _text(b)) for b in v["branch_id"]],
            "subject": [_text(s) for s in v.get("subject", pd.Series("", index=v.index))],
            "value": [_number_or_text(x) for x in v["value"]],
            "limit": [_number_or_text(x) for x in v["limit"]],
            "message": [_text(x) for x in v["message"]],
            "fixes": [
                "\n".join(_text(f) for f in fixes) if isinstance(fixes, tuple | list) else _text(fixes)
                for fixes in v["fixes"]
            ],
        },
        columns=list(VIOLATION_EXPORT_COLUMNS),
    )


def areas_frame(plan: Plan, lang: str) -> pd.DataFrame:
    """The per-area solver report with statuses and structures translated (AREA_COLUMNS)."""
    a = plan.areas.reindex(columns=list(AREA_COLUMNS))
    out = a.copy()
    out["structure"] = [t(f"workshop.structure.{s}", lang) if _text(s) else "" for s in a["structure"]]
    out["status"] = [t(f"workshop.status.{s}", lang) if _text(s) else "" for s in a["status"]]
    out["message"] = [_message(m, lang) for m in a["message"]]
    out["solver"] = [setting_words("solver.solver", s, lang) if _text(s) else "" for s in a["solver"]]
    return out


def _number_or_text(value: Any) -> Any:
    """Numbers stay numbers (a spreadsheet can sum them); anything else becomes text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value)
    return None if isinstance(value, float) and math.isnan(value) else value


#: Where the words of a setting's coded values live: settings path -> key prefix.
_OPTION_KEYS: dict[str, str] = {
    "rules.joint_type_rule": "uiw.option.joint_type_rule",
    "rules.mobility_placement": "uiw.option.mobility_placement",
    "solver.solver": "uiw.option.solver",
    "preset": "uiw.preset",
}


@dataclass(frozen=True)
class _Names:
    """Display names for a setting's ids: members, teams (area, id) and areas as they are."""

    members: dict[str, str]
    teams: dict[tuple[str, str], str]

    def member(self, member_id: str) -> str:
        name = self.members.get(member_id)
        return f"{name}（{member_id}）" if name else member_id

    def team(self, area: str, team_id: str | None) -> str:
        return self.teams.get((area, team_id or ""), team_id or "")


def setting_words(path: str, value: Any, lang: str, names: _Names | None = None) -> Any:
    """A setting's value as a person reads it: numbers stay numbers; yes/no, option names and
    presets in words; pins and pairs with people's and teams' names; empty lists as "(none)"
    (the areas: "all areas"). Never a code such as ``with_team`` or ``true``."""
    names = names or _Names({}, {})
    if isinstance(value, bool):
        return t("pictures.value.yes" if value else "pictures.value.no", lang)
    if isinstance(value, int | float):
        return value
    code = str(getattr(value, "value", value))
    prefix = _OPTION_KEYS.get(path)
    if prefix is not None:
        key = f"{prefix}.{code}"
        return t(key, lang) if key in CATALOGUE else code
    if isinstance(value, tuple):
        if not value:
            return t("pictures.value.all_areas" if path == "areas" else "pictures.value.none", lang)
        sep = t("workshop.list_sep", lang)
        return sep.join(_setting_item(item, names, lang) for item in value)
    return code


def _setting_item(item: Any, names: _Names, lang: str) -> str:
    """One pin or pair of the constraints, in names."""
    from planner.settings import MemberPin, TeamPin

    if isinstance(item, MemberPin):
        team = next((n for (_, tid), n in names.teams.items() if tid == item.team_id), item.team_id)
        return f"{names.member(item.member_id)}→{team or t('workshop.kind.comprehensive', lang)}"
    if isinstance(item, TeamPin):
        return f"{names.team(item.area, item.team_id)}：{t(f'uiw.team_mode.{item.mode.value}', lang)}"
    if isinstance(item, tuple) and len(item) == 3:  # (area, team, team)
        return "+".join(names.team(item[0], x) for x in item[1:])
    if isinstance(item, tuple):
        return "+".join(names.member(str(x)) for x in item)
    if isinstance(item, str) and item in names.members:  # a designated candidate
        return names.member(item)
    return _text(item)


def settings_frame(plan: Plan, lang: str, roster: Roster | None = None) -> pd.DataFrame:
    """Every setting of the plan: setting (path), label, value (a number, or words: see
    :func:`setting_words`; with ``roster``, pins name their members and teams)."""
    flat = flatten_settings(plan.settings)
    names = _Names(_member_names(roster), _team_names(roster)) if roster is not None else None
    return pd.DataFrame(
        {
            "setting": list(flat),
            "label": [setting_label(p, lang) for p in flat],
            "value": pd.Series([setting_words(p, v, lang, names) for p, v in flat.items()], dtype=object),
        }
    )


def branch_header(column: str, lang: str) -> str:
    """Header of a branch table's column: the branch's ``name`` is a branch name, not a person's."""
    return t("pictures.col.branch_name", lang) if column == "name" else header(column, lang)


def area_header(column: str, lang: str) -> str:
    """Header of the per-area report's column: ``status`` is the solver's, not a member's."""
    return t("pictures.col.solve_status", lang) if column == "status" else header(column, lang)


def metrics_frame(plan: Plan, lang: str) -> pd.DataFrame:
    """Headline metrics of the plan: key, metric (label), value (formatted text), number (the
    value as a float, None when the plan does not say; shares as fractions), percent (bool)."""
    numbers = [m.value(plan) for m in HEADLINE_METRICS]
    return pd.DataFrame(
        {
            "key": [m.key for m in HEADLINE_METRICS],
            "metric": [t(m.label, lang) for m in HEADLINE_METRICS],
            "value": [format_metric(m, n) for m, n in zip(HEADLINE_METRICS, numbers, strict=True)],
            "number": pd.Series(numbers, dtype=object),
            "percent": [m.percent for m in HEADLINE_METRICS],
        }
    )


# --- workbook ------------------------------------------------------------------------------------------


def _width(values: Iterable[str]) -> float:
    """Rough column width: CJK characters count double; capped so long messages wrap."""
    widest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values), default=8)
    return float(min(max(widest + 2, 8), 60))


class _Sheet:
    """Writes cells with the right types: text neutralised, numbers as numbers, blanks blank."""

    def __init__(self, book: Any, name: str, formats: dict[str, Any]):
        self.ws = book.add_worksheet(name)
        self.formats = formats
        self.row = 0
        self.widths: dict[int, list[str]] = {}

    def cell(self, col: int, value: Any, fmt: str | None = None) -> None:
        style = self.formats.get(fmt) if fmt else None
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            self.ws.write_blank(self.row, col, None, style)
            return
        if isinstance(value, bool):
            text = "TRUE" if value else "FALSE"
            self.ws.write_string(self.row, col, text, style)
        elif isinstance(value, int | float) and math.isfinite(float(value)):
            self.ws.write_number(self.row, col, value, style)
            text = f"{value}"
        else:
            text = neutralise(_text(value))
            self.ws.write_string(self.row, col, text, style)
        self.widths.setdefault(col, []).append(text[:80])

    def line(self, values: Sequence[Any], fmt: str | None = None) -> None:
        for col, value in enumerate(values):
            self.cell(col, value, fmt)
        self.row += 1

    def table(self, frame: pd.DataFrame, headers: Sequence[str]) -> None:
        self.line(headers, "header")
        for values in frame.itertuples(index=False, name=None):
            self.line([v.item() if hasattr(v, "item") else v for v in values])

    def finish(self, freeze: bool = True) -> None:
        for col, values in self.widths.items():
            self.ws.set_column(col, col, _width(values))
        if freeze:
            self.ws.freeze_panes(1, 0)


def plan_workbook(plan: Plan, roster: Roster, lang: str, current: Plan | pd.DataFrame | None = None) -> bytes:
    """The plan as an .xlsx: sheets Summary (settings, metrics, per-area solver status), Branches,
    Members (branch, party group, candidate role, reason), Changes (against ``current``: a plan,
    an assignments frame, or today's branches when None) and Rules broken. Sheet names and
    headers in ``lang``; every text cell neutralised; ids written as text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    font = {"font_name": "Microsoft YaHei"}
    formats = {
        "header": book.add_format({**font, "bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "title": book.add_format({**font, "bold": True, "font_size": 14}),
        "section": book.add_format({**font, "bold": True, "font_size": 12}),
        "percent": book.add_format({**font, "num_format": "0.0%"}),
    }

    summary = _Sheet(book, sheet_name("summary", lang), formats)
    summary.line([t("workshop.export.title", lang)], "title")
    summary.line([t("workshop.export.fingerprint", lang), plan.fingerprint])
    summary.row += 1
    summary.line([t("workshop.export.settings", lang)], "section")
    settings = settings_frame(plan, lang, roster)
    summary.table(settings[["label", "value"]], [header(c, lang) for c in ("setting", "setting_value")])
    summary.row += 1
    summary.line([t("workshop.export.metrics", lang)], "section")
    summary.line([header(c, lang) for c in ("metric", "setting_value")], "header")
    metrics = metrics_frame(plan, lang)
    for label, number, percent in zip(metrics["metric"], metrics["number"], metrics["percent"], strict=True):
        summary.cell(0, label)
        summary.cell(1, number, "percent" if percent else None)
        summary.row += 1
    summary.row += 1
    summary.line([t("workshop.export.areas", lang)], "section")
    summary.table(areas_frame(plan, lang), [area_header(c, lang) for c in AREA_COLUMNS])
    summary.finish(freeze=False)

    for key, frame, columns in (
        ("branches", branches_frame(plan, roster, lang), BRANCH_EXPORT_COLUMNS),
        ("members", members_frame(plan, roster, lang), MEMBER_EXPORT_COLUMNS),
        ("changes", changes_frame(plan, roster, lang, current), CHANGE_EXPORT_COLUMNS),
        ("violations", violations_frame(plan, roster, lang), VIOLATION_EXPORT_COLUMNS),
    ):
        sheet = _Sheet(book, sheet_name(key, lang), formats)
        sheet.table(
            frame[list(columns)],
            [branch_header(c, lang) if key == "branches" else header(c, lang) for c in columns],
        )
        sheet.finish()
    book.close()
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """Any export table as CSV: UTF-8 with a BOM (Excel on Chinese Windows reads it), CRLF lines,
    headers translated where the exports name them (``workshop.col.<column>``), every cell
    neutralised. Used for the members and for the who-moved table."""
    safe = frame.map(lambda v: neutralise(_text(v)))
    safe.columns = [
        neutralise(header(str(c), lang) if f"workshop.col.{c}" in CATALOGUE else str(c))
        for c in frame.columns
    ]
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def members_csv(plan: Plan, roster: Roster, lang: str) -> bytes:
    """The Members sheet as CSV (see :func:`frame_csv`)."""
    return frame_csv(members_frame(plan, roster, lang), lang)


# --- printable roster ----------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 12mm 13mm 12mm 13mm; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; font-size: 10.5pt; line-height: 1.3; color: #111; margin: 0; }
section.branch { break-after: page; page-break-after: always; display: flex; flex-direction: column;
  height: 272mm; overflow: hidden; }
section.branch:last-of-type { break-after: auto; page-break-after: auto; }
header.page { display: flex; justify-content: space-between; font-size: 9pt; color: #444;
  border-bottom: 1px solid #999; padding-bottom: 1mm; margin-bottom: 2mm; }
h1 { font-size: 15pt; margin: 0 0 1.5mm; }
p.facts { margin: 0 0 1mm; }
p.facts b { margin-right: 1mm; }
.lead { border: 1px solid #bbb; background: #f6f6f6; padding: 1.5mm 2.5mm; margin: 1.5mm 0 2mm; }
.lead p { margin: 0.4mm 0; }
h2 { font-size: 11pt; margin: 1mm 0 1.5mm; }
.members { column-count: 2; column-gap: 7mm; column-fill: balance; flex: 1 1 auto; overflow: hidden; }
.block { margin: 0 0 2mm; }
.block h3 { font-size: 10pt; margin: 0 0 0.8mm; padding: 0.6mm 1.5mm; background: #e9eef5;
  break-after: avoid; page-break-after: avoid; }
.block ol { margin: 0; padding-left: 7mm; }
.block li { break-inside: avoid; page-break-inside: avoid; }
.id { color: #666; font-size: 8pt; }
.tag { font-size: 8pt; border: 1px solid #888; border-radius: 1mm; padding: 0 0.8mm; margin-left: 1mm; }
.dense { font-size: 8.5pt; line-height: 1.2; }
.dense .members { column-count: 3; column-gap: 4mm; }
.crowded { font-size: 7pt; line-height: 1.15; }
.crowded .members { column-count: 4; column-gap: 3mm; }
footer.sign { display: flex; gap: 10mm; margin-top: 3mm; padding-top: 2mm; border-top: 1px solid #999; }
footer.sign div { flex: 1; }
footer.sign span.line { display: inline-block; border-bottom: 1px solid #111; width: 45mm; height: 7mm; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } section.branch { height: auto;
  border-bottom: 2px dashed #ccc; padding-bottom: 8mm; margin-bottom: 8mm; } }
"""

#: Members from which a branch's page uses three columns, and four (so it stays one page).
DENSE_MEMBERS = 56
CROWDED_MEMBERS = 90

#: The page loads nothing and runs nothing: only its own inline style is allowed.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


@dataclass(frozen=True)
class RosterContext:
    """What every page of the printed roster shares: lookups and the header's words."""

    plan: Plan
    lang: str
    names: dict[str, str]
    statuses: dict[str, str]
    teams: dict[tuple[str, str], str]
    roles: dict[str, str]
    labels: dict[str, str]
    scenario: str
    day: str


def _member_item(member_id: str, ctx: RosterContext) -> str:
    tags = []
    if ctx.statuses.get(member_id) == "probationary":
        tags.append(t("pictures.roster.probationary", ctx.lang))
    if ctx.roles.get(member_id):
        tags.append(ctx.roles[member_id])
    extra = "".join(f'<span class="tag">{_e(x)}</span>' for x in tags)
    return f'<li>{_e(ctx.names.get(member_id, ""))} <span class="id">{_e(member_id)}</span>{extra}</li>'


def _member_blocks(row: Mapping[Any, Any], member_ids: list[str], ctx: RosterContext) -> list[str]:
    """The branch's members as blocks: one per party group (label, size, leader), the rest in one."""
    plan, lang = ctx.plan, ctx.lang
    blocks: list[tuple[str, list[str]]] = []
    grouped: set[str] = set()
    for g in plan.groups[plan.groups["branch_id"] == row["branch_id"]].to_dict("records"):
        members = sorted(str(m) for m in g["members"])
        grouped.update(members)
        leader = ctx.names.get(_text(g["leader"]), "") or t("pictures.org.nobody", lang)
        head = t(
            "pictures.roster.group_head",
            lang,
            group=ctx.labels.get(str(g["group_id"]), ""),
            size=len(members),
            leader=leader,
        )
        blocks.append((head, members))
    rest = [m for m in member_ids if m not in grouped]
    if rest:
        title = t("workshop.export.ungrouped", lang) if blocks else ""
        blocks.append((title, rest))
    html_blocks = []
    number = 1
    for head, members in blocks:
        items = "".join(_member_item(m, ctx) for m in members)
        title = f"<h3>{_e(head)}</h3>" if head else ""
        html_blocks.append(f'<div class="block">{title}<ol start="{number}">{items}</ol></div>')
        number += len(members)
    return html_blocks


def _branch_page(row: Mapping[Any, Any], member_ids: list[str], ctx: RosterContext) -> str:
    """One A4 page: header (area, scenario, date), the branch, its candidates, its members in
    two columns (three or four for a big branch, so it stays one page), signature lines."""
    lang = ctx.lang
    sep = t("workshop.list_sep", lang)
    team_text = sep.join(ctx.teams.get((str(row["area"]), str(x)), str(x)) for x in (row["teams"] or ()))
    secretary = _text(row["secretary"])
    committee = [str(m) for m in (row["committee"] or ()) if m != row["secretary"]]
    nobody = t("pictures.org.nobody", lang)
    size = len(member_ids)
    density = " crowded" if size >= CROWDED_MEMBERS else " dense" if size >= DENSE_MEMBERS else ""
    header_parts = [
        f"<span>{_e(t('workshop.col.area', lang))}：{_e(row['area'])}</span>",
        f"<span>{_e(t('pictures.roster.scenario', lang))}：{_e(ctx.scenario)}</span>" if ctx.scenario else "",
        f"<span>{_e(t('pictures.roster.date', lang))}：{_e(ctx.day)}</span>",
    ]
    facts = [
        (t("workshop.col.kind", lang), t(f"workshop.kind.{row['kind']}", lang)),
        (t("workshop.col.teams", lang), team_text or "—"),
        (t("workshop.col.size", lang), str(size)),
    ]
    fact_html = "　".join(f"<b>{_e(k)}：</b>{_e(v)}" for k, v in facts)
    return "\n".join(
        [
            f'<section class="branch{density}">',
            f'<header class="page">{"".join(header_parts)}</header>',
            f"<h1>{_e(row['name'])}</h1>",
            f'<p class="facts">{fact_html}</p>',
            '<div class="lead">',
            f"<p><b>{_e(t('workshop.col.secretary', lang))}：</b>"
            f"{_e(ctx.names.get(secretary, '') or nobody)}</p>",
            f"<p><b>{_e(t('workshop.col.committee', lang))}：</b>"
            f"{_e(sep.join(ctx.names.get(m, '') for m in committee) or nobody)}</p>",
            "</div>",
            f"<h2>{_e(t('pictures.roster.members', lang, count=size))}</h2>",
            '<div class="members">' + "".join(_member_blocks(row, member_ids, ctx)) + "</div>",
            '<footer class="sign">',
            f'<div>{_e(t("pictures.roster.sign_secretary", lang))}：<span class="line"></span></div>',
            f'<div>{_e(t("pictures.roster.sign_date", lang))}：<span class="line"></span></div>',
            "</footer>",
            "</section>",
        ]
    )


def printable_roster_html(
    plan: Plan,
    roster: Roster,
    lang: str,
    branch_ids: Sequence[str] | None = None,
    *,
    scenario: str = "",
    day: date | None = None,
) -> str:
    """A self-contained HTML page (no script, no external resource) to print on A4: exactly one
    page per branch, with a header (area, ``scenario``, ``day``, default today), the branch's
    kind, teams and size, its secretary and committee candidates, its members in two columns
    as blocks per party group (names, member ids, probationary and candidate tags), and
    signature lines for the area secretary. No branch id is printed; every value is escaped."""
    members = roster.members
    ctx = RosterContext(
        plan=plan,
        lang=lang,
        names=_member_names(roster),
        statuses=dict(zip(members["member_id"].astype(str), members["status"].astype(str), strict=True)),
        teams=_team_names(roster),
        roles=candidate_roles(plan, lang),
        labels=group_labels(plan, lang),
        scenario=scenario,
        day=(day or date.today()).isoformat(),
    )
    wanted = None if branch_ids is None else set(branch_ids)
    by_branch = plan.assignments.groupby("branch_id")["member_id"].agg(lambda ids: sorted(map(str, ids)))
    sections: list[str] = []
    for row in plan.branches.to_dict("records"):
        branch_id = str(row["branch_id"])
        if wanted is not None and branch_id not in wanted:
            continue
        sections.append(_branch_page(row, list(by_branch.get(branch_id, [])), ctx))
    if not sections:
        sections.append(f"<p>{_e(t('workshop.export.no_branches', lang))}</p>")
    html_lang = "zh-CN" if lang == "zh" else "en"
    title = _e(t("workshop.export.roster_title", lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{title}</title>\n<style>{_CSS % {'fonts': CJK_FONTS}}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )
