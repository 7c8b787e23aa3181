"""The organisation chart of one area as a self-contained SVG: the general branch on top, its
branches below in rows that wrap, each branch box with its kind, size, secretary candidate,
number of party groups and rule status.

Pure: :func:`org_chart_svg` returns SVG text (fixed font sizes, so it is drawn at its own pixel
size and stays readable; branch names wrap instead of shrinking). No internal id is written:
branches go by their display names, people by their names. :func:`svg_to_png` renders it offline
(``vl-convert-python``'s resvg, the machine's own fonts) for the handout.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner.i18n import t
from planner.plan import Plan
from planner.schema import Roster

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
#: Text sizes in pixels: a branch name, the other lines, the general branch's title.
NAME_PX = 18
LINE_PX = 15
TITLE_PX = 20
#: The drawing's width: the Streamlit page's main column is 820 px at 1280 px with the sidebar open.
WIDTH = 810
BOX_WIDTH = 244
GAP = 22
GUTTER = 30  # left margin holding the trunk line
PAD = 10  # inside a box
LINE_GAP = 6
MAX_NAME_LINES = 3

FILL = "#eef4fb"
FILL_ROOT = "#d6e4f5"
FILL_HIGHLIGHT = "#fff3bf"
STROKE = "#5b7fa6"
STROKE_BROKEN = "#c0392b"
TEXT = "#1b1f24"
OK_TEXT = "#2b8a3e"
BAD_TEXT = "#c0392b"
LINK = "#8aa4c0"


def text_width(text: str, px: float) -> float:
    """Rough drawn width of ``text`` at ``px``: wide (CJK, full-width) characters one em, the rest
    about 0.58 em. Generous on purpose: a line must never spill out of its box."""
    return sum(px if unicodedata.east_asian_width(ch) in "WF" else 0.58 * px for ch in text)


def clean_text(text: str) -> str:
    """One line of drawable text: whitespace runs (tabs, line breaks) as one space, control and
    other unprintable characters (invalid in SVG's XML) dropped."""
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


def wrap_text(text: str, max_px: float, px: float, max_lines: int | None = None) -> list[str]:
    """``text`` (cleaned: :func:`clean_text`) in lines no wider than ``max_px``: breaks between
    CJK characters or at spaces (a word longer than a line is cut into pieces; a comma or closing
    bracket stays at the end of its line). With ``max_lines``, the last line kept ends "…"."""
    text = clean_text(text)
    tokens: list[str] = []
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF" or ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    lines: list[str] = []
    line = ""
    for token in tokens:
        for piece in _pieces(token, max_px, px):
            if line and piece in _NO_LINE_START:
                line += piece  # a comma or closing bracket never starts a line
            elif line and text_width(line + piece, px) > max_px:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + "…", px) > max_px:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


_NO_LINE_START = frozenset("、，。．：；！？）》」』】〕,.:;!?)")


def _pieces(token: str, max_px: float, px: float) -> Iterable[str]:
    """A token cut into parts that each fit a line (only an overlong word is cut)."""
    piece = ""
    for ch in token:
        if piece and text_width(piece + ch, px) > max_px:
            yield piece
            piece = ""
        piece += ch
    if piece:
        yield piece


@dataclass(frozen=True)
class Line:
    text: str
    px: int
    bold: bool = False
    colour: str = TEXT


@dataclass(frozen=True)
class Box:
    lines: tuple[Line, ...]
    fill: str = FILL
    stroke: str = STROKE
    stroke_width: float = 1.5

    def height(self) -> float:
        return 2 * PAD + sum(line.px + LINE_GAP for line in self.lines) - LINE_GAP


def _person(member_id: object, names: dict[str, str], lang: str) -> str | None:
    mid = "" if member_id is None or member_id is pd.NA else str(member_id)
    if not mid or mid == "nan":
        return None
    return names.get(mid) or t("pictures.org.unnamed", lang)


def _wrapped(lines: Iterable[Line], width: float, max_lines: int | None = None) -> tuple[Line, ...]:
    return tuple(
        Line(text, line.px, line.bold, line.colour)
        for line in lines
        for text in wrap_text(line.text, width - 2 * PAD, line.px, max_lines)
    )


def _count_text(key: str, count: int, lang: str) -> str:
    """``key`` or, for exactly one, ``key.one`` (English says "1 rule", not "1 rules")."""
    return t(f"{key}.one" if count == 1 else key, lang, count=count)


def branch_box(
    row: Mapping[Any, Any],
    groups: int,
    broken: int,
    names: dict[str, str],
    lang: str,
    *,
    highlighted: bool = False,
) -> Box:
    """The box of one branch (``row``: a record of ``plan.branches``)."""
    secretary = _person(row.get("secretary"), names, lang)
    kind = t(f"workshop.kind.{row['kind']}", lang)
    lines = [
        Line(t("pictures.org.kind_size", lang, kind=kind, size=int(str(row["size"]))), LINE_PX),
        Line(t("pictures.org.no_secretary", lang), LINE_PX, colour=BAD_TEXT)
        if secretary is None
        else Line(t("pictures.org.secretary", lang, who=secretary), LINE_PX),
        Line(
            t("pictures.org.groups", lang, count=groups) if groups else t("pictures.org.no_groups", lang),
            LINE_PX,
        ),
        Line(_count_text("pictures.org.broken", broken, lang), LINE_PX, True, BAD_TEXT)
        if broken
        else Line(t("pictures.org.ok", lang), LINE_PX, True, OK_TEXT),
    ]
    name = _wrapped([Line(str(row["name"]), NAME_PX, bold=True)], BOX_WIDTH, MAX_NAME_LINES)
    return Box(
        name + _wrapped(lines, BOX_WIDTH, 2),
        fill=FILL_HIGHLIGHT if highlighted else FILL,
        stroke=STROKE_BROKEN if broken else STROKE,
        stroke_width=2.5 if broken else 1.5,
    )


def root_box(area: str, members: int, branches: int, broken: int, lang: str, width: float) -> Box:
    lines = [
        Line(t("pictures.org.general", lang, area=area), TITLE_PX, bold=True),
        Line(t("pictures.org.area_size", lang, members=f"{members:,}", branches=branches), LINE_PX),
    ]
    if broken:
        lines.append(Line(_count_text("pictures.org.area_broken", broken, lang), LINE_PX, True, BAD_TEXT))
    return Box(_wrapped(lines, width), fill=FILL_ROOT, stroke=STROKE, stroke_width=2)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _draw_box(box: Box, x: float, y: float, width: float, height: float, centre: bool = False) -> list[str]:
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="8" '
        f'fill="{box.fill}" stroke="{box.stroke}" stroke-width="{box.stroke_width}"/>'
    ]
    baseline = y + PAD
    for line in box.lines:
        baseline += line.px
        anchor = f' text-anchor="middle" x="{x + width / 2:.1f}"' if centre else f' x="{x + PAD:.1f}"'
        weight = ' font-weight="bold"' if line.bold else ""
        parts.append(
            f'<text{anchor} y="{baseline - 0.18 * line.px:.1f}" font-size="{line.px}"{weight} '
            f'fill="{line.colour}">{_e(line.text)}</text>'
        )
        baseline += LINE_GAP
    return parts


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{LINK}" stroke-width="2"/>'


def columns_per_row(width: int = WIDTH) -> int:
    return max(1, int((width - GUTTER + GAP) // (BOX_WIDTH + GAP)))


def org_chart_svg(
    plan: Plan, roster: Roster, area: str, lang: str, highlight: Iterable[str] = (), width: int = WIDTH
) -> str:
    """The area's organisation as SVG text (see the module docstring). ``highlight``: branch ids
    drawn with a yellow fill (e.g. those a hand edit touched). Branches that break a rule get a
    red border and say how many rules; area-wide breaks are counted on the general branch."""
    names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    branches = plan.branches[plan.branches["area"] == area]
    group_counts = (
        plan.groups[plan.groups["branch_id"].isin(branches["branch_id"])].groupby("branch_id").size()
    )
    found = plan.violations[plan.violations["area"] == area]
    per_branch = found["branch_id"].astype(str).value_counts()
    area_wide = int((found["branch_id"].astype(str) == "").sum())
    marked = set(highlight)
    boxes = [
        branch_box(
            row,
            int(group_counts.get(str(row["branch_id"]), 0)),
            int(per_branch.get(str(row["branch_id"]), 0)),
            names,
            lang,
            highlighted=str(row["branch_id"]) in marked,
        )
        for row in branches.to_dict("records")
    ]
    cols = columns_per_row(width)
    parts: list[str] = []
    y = 8.0
    root: Box | None = None
    if len(boxes) != 1 or area_wide:
        members = int((plan.assignments["area"] == area).sum())
        root = root_box(area, members, len(boxes), area_wide, lang, min(width - 2 * GUTTER, 460))
    root_mid = 0.0
    if root is not None:
        root_w = min(width - 2 * GUTTER, 460)
        root_x = (width - root_w) / 2
        root_h = root.height()
        parts += _draw_box(root, root_x, y, root_w, root_h, centre=True)
        root_mid = y + root_h / 2
        if boxes:
            parts.append(_line(GUTTER / 2, root_mid, root_x, root_mid))
        y += root_h + GAP + 8
    last_bus = root_mid
    for start in range(0, len(boxes), cols):
        row = boxes[start : start + cols]
        row_h = max(b.height() for b in row)
        bus = y - GAP / 2 - 4
        if root is not None:
            xs = [GUTTER + i * (BOX_WIDTH + GAP) + BOX_WIDTH / 2 for i in range(len(row))]
            parts.append(_line(GUTTER / 2, bus, xs[-1], bus))
            parts += [_line(x, bus, x, y) for x in xs]
            last_bus = bus
        for i, box in enumerate(row):
            parts += _draw_box(box, GUTTER + i * (BOX_WIDTH + GAP), y, BOX_WIDTH, row_h)
        y += row_h + GAP + 8
    if root is not None and boxes:
        parts.insert(0, _line(GUTTER / 2, root_mid, GUTTER / 2, last_bus))
    height = max(y - GAP, 40.0)
    title = t("pictures.org.title", lang, area=area)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="{FONT_FAMILY}" role="img">'
        f"<title>{_e(title)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(parts) + "</svg>"
    )


def org_chart_groups(plan: Plan, roster: Roster, area: str, lang: str) -> pd.DataFrame:
    """The area's party groups for the detail on demand: columns branch (name), group (label),
    size, full_members, leader (name); rows in the plan's order. Headers are keys, not words."""
    from planner.export import group_labels

    names = dict(
        zip(roster.members["member_id"].astype(str), roster.members["name"].astype(str), strict=True)
    )
    branch_names = dict(
        zip(plan.branches["branch_id"].astype(str), plan.branches["name"].astype(str), strict=True)
    )
    groups = (
        plan.groups[plan.groups["area"] == area] if "area" in plan.groups.columns else plan.groups.iloc[0:0]
    )
    labels = group_labels(plan, lang)
    return pd.DataFrame(
        {
            "branch": [branch_names.get(str(b), "") for b in groups["branch_id"]],
            "group": [labels.get(str(g), "") for g in groups["group_id"]],
            "size": groups["size"].astype("int64").to_numpy(),
            "full_members": groups["full_members"].astype("int64").to_numpy(),
            "leader": [_person(m, names, lang) or t("pictures.org.nobody", lang) for m in groups["leader"]],
        },
        columns=["branch", "group", "size", "full_members", "leader"],
    )


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """The SVG as PNG, rendered on this machine (no outside service): ``scale`` 2 makes a sharp
    print. Raises RuntimeError when the renderer (vl-convert-python) is not installed."""
    try:
        import vl_convert
    except ImportError as error:  # pragma: no cover - a broken install
        raise RuntimeError("vl-convert-python is not installed") from error
    return bytes(vl_convert.svg_to_png(svg, scale=scale))
