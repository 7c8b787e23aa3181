"""Frames as people read them: translated headers and category labels, lists as text.

Display only: the canonical frames in ``planner`` stay untouched. Values are shown through
``st.dataframe``, which renders every cell as text, never as HTML or Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from planner.export import header
from planner.i18n import CATALOGUE, t
from planner.schema import ISSUE_COLUMNS

#: roster columns whose values are category codes
CATEGORY_COLUMNS: tuple[str, ...] = ("status", "gender", "employment", "mobility", "role", "type")
#: the preview hides the bookkeeping column that only the validation report needs
HIDDEN_COLUMNS: frozenset[str] = frozenset({"source_row"})


def column_label(column: str, lang: str) -> str:
    """A column header: the statistics catalogue's, else ours, else the name itself
    (extra columns keep the header the user gave them)."""
    for key in (f"stats.col.{column}", f"ui.col.{column}"):
        if key in CATALOGUE:
            return t(key, lang)
    return column


def category_label(code: object, lang: str) -> str:
    """A category code in words; an unknown or missing code is shown as it is."""
    if not isinstance(code, str) or not code:
        return "" if _missing(code) else str(code)
    for key in (f"stats.value.{code}", f"ui.value.{code}"):
        if key in CATALOGUE:
            return t(key, lang)
    return code


def _missing(value: object) -> bool:
    # None, NaN (pandas 3 strings hold NaN for a missing value) and pd.NA
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _joined(value: object, lang: str) -> str:
    if isinstance(value, (tuple, list)):
        return t("ui.list_sep", lang).join(str(v) for v in value)
    return "" if _missing(value) else str(value)


def display_frame(
    frame: pd.DataFrame,
    lang: str,
    hide: Iterable[str] = HIDDEN_COLUMNS,
    keys: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A copy of a roster or statistics frame ready for ``st.dataframe``; ``keys`` maps a
    column to the translation key of its header where the default does not fit."""
    hidden = set(hide)
    shown = frame[[c for c in frame.columns if c not in hidden]].copy()
    for column in shown.columns:
        if column in CATEGORY_COLUMNS:
            shown[column] = [category_label(v, lang) for v in shown[column]]
        elif shown[column].dtype == object:
            # tuples of team ids (and any other objects) as plain text, so Arrow can carry them
            shown[column] = [_joined(v, lang) for v in shown[column]]
    special = dict(keys or {})
    return shown.rename(
        columns={c: t(special[c], lang) if c in special else column_label(c, lang) for c in shown.columns}
    )


#: header keys of a team frame
TEAM_KEYS: dict[str, str] = {"name": "ui.col.team_name"}


def issues_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The validation report with translated headers (the reader already translates values);
    every cell as text, a problem without a row or sheet showing an empty cell (not "None")."""
    shown = frame.copy()
    for column in shown.columns:
        shown[column] = ["" if _missing(v) else str(v) for v in shown[column]]
    headers = {c: t(f"ui.issues.col.{c}", lang) for c in ISSUE_COLUMNS if c in frame.columns}
    return shown.rename(columns=headers)


def filter_areas(frame: pd.DataFrame, areas: Iterable[str]) -> pd.DataFrame:
    """Rows of the chosen areas; no choice means every area."""
    chosen = list(areas)
    return frame if not chosen else frame[frame["area"].isin(chosen)]


#: headers of the export frames where the exports' word is wrong on a page: in the branch and
#: area tables ``name`` is the branch's name (not a person's) and ``status`` the solve's outcome
_PAGE_HEADERS: dict[str, str] = {
    "name": "pages.col.branch_name",
    "status": "pages.col.solve_status",
    "quality": "pages.col.quality",
}


def page_header(column: str, lang: str) -> str:
    """Header of a column of planner.export's branch, area or rule frames on a page."""
    key = _PAGE_HEADERS.get(column)
    return t(key, lang) if key else header(column, lang)


def team_name_map(teams: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(area, team_id) -> the team's name, for showing names where the roster keeps ids."""
    return {
        (str(area), str(tid)): str(name)
        for area, tid, name in zip(teams["area"], teams["team_id"], teams["name"], strict=True)
    }


def with_team_names(members: pd.DataFrame, names: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """A copy of a members frame whose ``teams`` (tuples of ids) hold the teams' names."""
    if "teams" not in members.columns or "area" not in members.columns:
        return members
    out = members.copy()
    out["teams"] = [
        tuple(names.get((str(area), str(x)), str(x)) for x in (ids if isinstance(ids, (tuple, list)) else ()))
        for area, ids in zip(members["area"], members["teams"], strict=True)
    ]
    return out


#: settings whose value is a share (shown as a percentage)
_SHARE_SETTINGS = frozenset({"rules.max_mobility_share", "solver.gap"})


def setting_text(path: str, value: Any, lang: str) -> str:
    """A setting's value in words of ``lang``: choices and presets by their names, yes/no,
    shares as percentages, pins and pairs counted, areas named ("all areas" for none)."""
    code = getattr(value, "value", value)
    name = path.rsplit(".", 1)[-1]
    if path == "preset" and f"uiw.preset.{code}" in CATALOGUE:
        return t(f"uiw.preset.{code}", lang)
    if isinstance(code, str) and f"uiw.option.{name}.{code}" in CATALOGUE:
        return t(f"uiw.option.{name}.{code}", lang)
    if isinstance(code, bool):
        return t("uiw.yes" if code else "uiw.no", lang)
    if path in _SHARE_SETTINGS and isinstance(code, int | float):
        return f"{float(code):.1%}"
    if path == "areas":
        return t("ui.list_sep", lang).join(map(str, code)) if code else t("ui.filter.all_areas", lang)
    if isinstance(code, tuple):
        return t("pages.setting.count", lang, count=len(code))
    if isinstance(code, float):
        return f"{code:,g}"
    return str(code)
