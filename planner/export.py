"""Taking the proposal home: a workbook per scenario, the members as CSV, a printable roster.

Every text value that reaches a spreadsheet goes through :func:`neutralise`, and the workbook is
written with xlsxwriter's string-to-formula, -number and -URL conversions off, so a name such as
``=1+1`` stays text. The printable roster html-escapes every roster value and carries no script.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import xlsxwriter

from planner.compare import HEADLINE_METRICS, describe_setting, format_metric, setting_label, who_moved
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
    return out


def _number_or_text(value: Any) -> Any:
    """Numbers stay numbers (a spreadsheet can sum them); anything else becomes text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value)
    return None if isinstance(value, float) and math.isnan(value) else value


def settings_frame(plan: Plan, lang: str) -> pd.DataFrame:
    """Every setting of the plan: setting (path), label, value (a number, or text)."""
    flat = flatten_settings(plan.settings)
    return pd.DataFrame(
        {
            "setting": list(flat),
            "label": [setting_label(p, lang) for p in flat],
            "value": pd.Series(
                [
                    v if isinstance(v, int | float) and not isinstance(v, bool) else describe_setting(v)
                    for v in flat.values()
                ],
                dtype=object,
            ),
        }
    )


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
    settings = settings_frame(plan, lang)
    summary.table(
        settings[["label", "value", "setting"]],
        [header(c, lang) for c in ("setting", "setting_value", "path")],
    )
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
    summary.table(areas_frame(plan, lang), [header(c, lang) for c in AREA_COLUMNS])
    summary.finish(freeze=False)

    for key, frame, columns in (
        ("branches", branches_frame(plan, roster, lang), BRANCH_EXPORT_COLUMNS),
        ("members", members_frame(plan, roster, lang), MEMBER_EXPORT_COLUMNS),
        ("changes", changes_frame(plan, roster, lang, current), CHANGE_EXPORT_COLUMNS),
        ("violations", violations_frame(plan, roster, lang), VIOLATION_EXPORT_COLUMNS),
    ):
        sheet = _Sheet(book, sheet_name(key, lang), formats)
        sheet.table(frame[list(columns)], [header(c, lang) for c in columns])
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
@page { size: A4; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; font-size: 10.5pt; color: #111; margin: 0; }
section.branch { page-break-after: always; break-after: page; }
section.branch:last-of-type { page-break-after: auto; break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
p.meta { margin: 0 0 1mm; color: #333; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 3mm 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { width: 100%%; border-collapse: collapse; margin-bottom: 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #888; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { width: 10mm; text-align: right; }
thead { display: table-header-group; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } section.branch { border-bottom: 2px dashed #ccc;
  padding-bottom: 8mm; margin-bottom: 8mm; } }
"""


#: The page loads nothing and runs nothing: only its own inline style is allowed.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def printable_roster_html(
    plan: Plan, roster: Roster, lang: str, branch_ids: Sequence[str] | None = None
) -> str:
    """A self-contained HTML page (no script, no external resource) to print on A4: one page per
    branch with its area, kind, teams, secretary and committee candidates, then each party group
    with its leader and members. Every roster value is html-escaped."""
    members = roster.members.set_index("member_id")
    names = _member_names(roster)
    teams = _team_names(roster)
    roles = candidate_roles(plan, lang)
    labels = group_labels(plan, lang)
    sep = t("workshop.list_sep", lang)
    wanted = None if branch_ids is None else set(branch_ids)
    a = plan.assignments
    sections: list[str] = []
    for row in plan.branches.to_dict("records"):
        branch_id = str(row["branch_id"])
        if wanted is not None and branch_id not in wanted:
            continue
        in_branch = a[a["branch_id"] == branch_id]
        team_text = sep.join(teams.get((str(row["area"]), str(x)), str(x)) for x in (row["teams"] or ()))
        committee = [m for m in (row["committee"] or ()) if m != row["secretary"]]
        facts = [
            (t("workshop.col.area", lang), _e(row["area"])),
            (t("workshop.col.kind", lang), _e(t(f"workshop.kind.{row['kind']}", lang))),
            (t("workshop.col.teams", lang), _e(team_text) or "—"),
            (t("workshop.col.size", lang), _e(len(in_branch))),
            (t("workshop.col.secretary", lang), _e(_person(row["secretary"], names)) or "—"),
            (t("workshop.col.committee", lang), _e(sep.join(_person(m, names) for m in committee)) or "—"),
        ]
        parts = [
            '<section class="branch">',
            f"<h1>{_e(row['name'])}</h1>",
            f'<p class="meta">{_e(branch_id)}</p>',
            "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
        ]
        group_rows = plan.groups[plan.groups["branch_id"] == branch_id]
        blocks: list[tuple[str, str, list[str]]] = []
        for g in group_rows.to_dict("records"):
            gid = str(g["group_id"])
            blocks.append((labels.get(gid, gid), _person(g["leader"], names), [str(m) for m in g["members"]]))
        grouped = {m for _, _, ms in blocks for m in ms}
        rest = [m for m in in_branch["member_id"].astype(str) if m not in grouped]
        if rest:
            blocks.append(
                (
                    t("workshop.export.members_heading", lang)
                    if not blocks
                    else t("workshop.export.ungrouped", lang),
                    "",
                    rest,
                )
            )
        for title, leader, member_ids in blocks:
            heading = _e(title) + (
                f"　{_e(t('workshop.role.group_leader', lang))}：{_e(leader)}" if leader else ""
            )
            parts.append(f"<h2>{heading}</h2>")
            head = f'<th class="n">{_e(header("number", lang))}</th>' + "".join(
                f"<th>{_e(header(c, lang))}</th>" for c in ("name", "member_id", "status", "role")
            )
            body = []
            for n, mid in enumerate(sorted(member_ids), start=1):
                status = members["status"].get(mid, "")
                body.append(
                    "<tr>"
                    f'<td class="n">{n}</td><td>{_e(names.get(mid, ""))}</td><td>{_e(mid)}</td>'
                    f"<td>{_e(value_label(status, lang) if status else '')}</td>"
                    f"<td>{_e(roles.get(mid, ''))}</td>"
                    "</tr>"
                )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
        parts.append("</section>")
        sections.append("\n".join(parts))
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
