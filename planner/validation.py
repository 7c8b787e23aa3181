"""From raw sheet rows to the typed roster: header detection, cell mapping and every check.

The reader (:mod:`planner.reader`) turns files into :class:`RawTable` values (cells as
stripped text, row ``i`` of the list being row ``i + 1`` as the user sees it); this module
finds the header row, maps the columns, converts the cells, resolves teams and leaders and
collects every problem in one pass. :func:`build_roster` returns a :class:`Roster` or raises
:class:`RosterError` listing all problems found.

Issue params are strings. A list inside a param is joined with :data:`LIST_SEP` and rendered
with the language's separator; a pair of params ``x_zh`` / ``x_en`` is rendered as ``x``
in the user's language (see :func:`planner.reader.issues_frame`).
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import pandas as pd

from planner.config import DEFAULT_LIMITS, TEAM_SEPARATORS, InputLimits
from planner.gate_worker import STRIP_CHARS
from planner.idcard import Derived, derive, mask, private_kind
from planner.schema import (
    EMPLOYMENT_VALUES,
    GENDER_VALUES,
    HARDSHIP_VALUES,
    MEMBER_COLUMNS,
    MEMBER_HEADERS_ZH,
    MEMBER_SPECS,
    MOBILITY_VALUES,
    PRIVATE_COLUMNS,
    PRIVATE_SPECS,
    ROLE_VALUES,
    STATUS_VALUES,
    TEAM_COLUMNS,
    TEAM_HEADERS_ZH,
    TEAM_SPECS,
    TEAM_TYPE_VALUES,
    VALUE_ZH,
    ColumnSpec,
    Issue,
    Roster,
    RosterError,
    Severity,
    roster_fingerprint,
)

Kind = Literal["members", "teams"]

#: Joins the items of a list inside an issue param.
LIST_SEP = "\x1f"


# Removed when comparing labels: whitespace (incl. full-width), underscores, hyphens, and the
# asterisk templates use to mark required columns.
_LABEL_NOISE = re.compile(r"[\s_\-*\u200b\ufeff]+")
_TEAM_SPLIT = re.compile("[" + re.escape(TEAM_SEPARATORS) + "]")
_DATE_RE = re.compile(r"^(\d{4})(?:\d{2}(?:\d{2})?)?(?:[-/.年\s].*)?$")
_SERIAL_RE = re.compile(r"^\d{5}(?:\.\d+)?$")
_COUNT_RE = re.compile(r"^(\d+)(?:\.0*)?人?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_BIRTH_YEAR = 1880


# A bracketed note after or inside a label: a pinyin reading as in 居民區(qū), a format hint as
# in 出生年月（格式：1950.01）. Full-width brackets are half-width after NFKC; 【】〔〕 stay.
_NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")


@lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's Traditional-to-Simplified conversion (dictionaries ship with the package)."""
    import opencc

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """``text`` in Simplified script (unchanged when it holds no Chinese)."""
    return _to_simplified()(text) if not text.isascii() else text


@lru_cache(maxsize=65536)
def normalise_label(text: str) -> str:
    """The form team names and ids are compared in: Simplified script, NFKC (full-width to
    half-width), casefolded, without whitespace, ``_``, ``-`` or ``*``."""
    return _LABEL_NOISE.sub("", unicodedata.normalize("NFKC", simplified(text)).casefold())


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The form headers and category values are compared in: as :func:`normalise_label`, and
    without bracketed notes (half- or full-width), unless the note is all there is."""
    plain = unicodedata.normalize("NFKC", text)
    without = _NOTE.sub("", plain)
    return normalise_label(without if without.strip(STRIP_CHARS) else plain)


def normalise_id(text: str) -> str:
    """A member id as compared and kept: NFKC (full-width digits to ASCII), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class RawTable:
    """One sheet or CSV file as read: ``rows[i]`` is what the user sees as row ``i + 1``."""

    source: str
    rows: list[list[str]]
    #: reading stopped early because the sheet has more rows than the limit allows
    truncated: bool = False


def _lookup(specs: Sequence[ColumnSpec]) -> dict[str, str]:
    table: dict[str, str] = {}
    for spec in specs:
        for label in (spec.name, *spec.aliases):
            table[label_key(label)] = spec.name
    return table


MEMBER_LOOKUP: dict[str, str] = _lookup((*MEMBER_SPECS, *PRIVATE_SPECS))
TEAM_LOOKUP: dict[str, str] = _lookup((*TEAM_SPECS, *PRIVATE_SPECS))
_LOOKUPS: dict[Kind, dict[str, str]] = {"members": MEMBER_LOOKUP, "teams": TEAM_LOOKUP}
_SPECS: dict[Kind, tuple[ColumnSpec, ...]] = {"members": MEMBER_SPECS, "teams": TEAM_SPECS}
_HEADERS_ZH: dict[Kind, dict[str, str]] = {"members": MEMBER_HEADERS_ZH, "teams": TEAM_HEADERS_ZH}
# Labels only one kind of table uses; "name" and "area" appear in both.
_MEMBER_ONLY = frozenset(MEMBER_LOOKUP) - frozenset(TEAM_LOOKUP)
_TEAM_ONLY = frozenset(TEAM_LOOKUP) - frozenset(MEMBER_LOOKUP)


def header_matches(cells: Iterable[str], lookup: Mapping[str, str]) -> set[str]:
    """The canonical columns a candidate header row names."""
    return {lookup[key] for key in map(label_key, cells) if key in lookup}


def find_header_row(rows: Sequence[list[str]], kind: Kind, search_rows: int) -> int | None:
    """Index of the row among the first ``search_rows`` that names the most known columns
    (the first such row on a tie), or None when no row names any."""
    lookup = _LOOKUPS[kind]
    best, best_score = None, 0
    for index, cells in enumerate(rows[:search_rows]):
        score = len(header_matches(cells, lookup))
        if score > best_score:
            best, best_score = index, score
    return best


def kind_scores(table: RawTable, search_rows: int) -> tuple[int, int]:
    """(member-only, team-only) header labels in the table's most telling row: tells a
    members file from a teams file when names do not."""
    best_members = best_teams = 0
    for cells in table.rows[:search_rows]:
        keys = {label_key(c) for c in cells if c}
        best_members = max(best_members, len(keys & _MEMBER_ONLY))
        best_teams = max(best_teams, len(keys & _TEAM_ONLY))
    return best_members, best_teams


def make_issue(
    severity: Severity,
    code: str,
    sheet: str = "",
    row: int | None = None,
    column: str = "",
    value: str = "",
    **params: object,
) -> Issue:
    """An Issue with its params as strings (lists joined with :data:`LIST_SEP`)."""
    rendered: list[tuple[str, str]] = []
    for key, item in params.items():
        if isinstance(item, list | tuple):
            rendered.append((key, LIST_SEP.join(str(x) for x in item)))
        else:
            rendered.append((key, str(item)))
    return Issue(severity, code, sheet, row, column, value, tuple(rendered))


def error(
    code: str, sheet: str = "", row: int | None = None, column: str = "", value: str = "", **params: object
) -> Issue:
    return make_issue(Severity.ERROR, code, sheet, row, column, value, **params)


def warning(
    code: str, sheet: str = "", row: int | None = None, column: str = "", value: str = "", **params: object
) -> Issue:
    return make_issue(Severity.WARNING, code, sheet, row, column, value, **params)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors first, then warnings; within each, in file order (sheet as first met, then row)."""
    listed = list(issues)
    sheet_order: dict[str, int] = {}
    for issue in listed:
        sheet_order.setdefault(issue.sheet, len(sheet_order))
    return sorted(
        listed,
        key=lambda i: (i.severity is not Severity.ERROR, sheet_order[i.sheet], i.row or 0),
    )


# --- one table -------------------------------------------------------------------------


@dataclass
class _Parsed:
    """A table after header detection: cell columns by output name, and where each came from."""

    source: str
    header_row: int
    rows: list[int]
    columns: dict[str, list[str]]
    #: canonical column -> the header as the user wrote it
    headers: dict[str, str]
    extras: list[str] = field(default_factory=list)
    #: private columns read (id_card, phone) -> the header as written; never kept in a frame
    private: dict[str, str] = field(default_factory=dict)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)


def _example_headers(kind: Kind) -> tuple[list[str], list[str]]:
    required = [spec.name for spec in _SPECS[kind] if spec.required]
    return [_HEADERS_ZH[kind][c] for c in required], required


def _parse_table(table: RawTable, kind: Kind, limits: InputLimits, issues: list[Issue]) -> _Parsed | None:
    """Find the header, map the columns, keep the non-blank rows; None when unusable."""
    kind_zh, kind_en = ("党员名单", "members list") if kind == "members" else ("团队名单", "teams list")
    index = find_header_row(table.rows, kind, limits.header_search_rows)
    if index is None:
        example_zh, example_en = _example_headers(kind)
        issues.append(
            error(
                "not_a_roster",
                table.source,
                rows=limits.header_search_rows,
                kind_zh=kind_zh,
                kind_en=kind_en,
                example_zh=example_zh,
                example_en=example_en,
            )
        )
        return None
    header_row = index + 1
    lookup = _LOOKUPS[kind]
    reserved = set(MEMBER_COLUMNS if kind == "members" else TEAM_COLUMNS)
    positions: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    headers: dict[str, str] = {}
    extras: list[str] = []
    for col, text in enumerate(table.rows[index]):
        if not text:
            continue  # an unnamed column holds nothing we can name: dropped
        canonical = lookup.get(label_key(text))
        name = canonical or text
        positions.setdefault(name, []).append(col)
        if len(positions[name]) > 1:
            continue
        if canonical:
            headers[canonical] = text
        else:
            # An extra column must not shadow an output column such as source_row.
            while name in reserved or name in names.values():
                name = f"{name} (input)"
            extras.append(name)
        names[col] = name
    ok = True
    for name, cols in positions.items():
        if len(cols) > 1:
            ok = False
            shown = [table.rows[index][c] for c in cols]
            issues.append(error("duplicate_header", table.source, header_row, name, " / ".join(shown)))
    for spec in _SPECS[kind]:
        if spec.required and spec.name not in headers:
            ok = False
            issues.append(
                error(
                    "missing_column",
                    table.source,
                    header_row,
                    spec.name,
                    header_zh=_HEADERS_ZH[kind][spec.name],
                    aliases=[spec.name, *spec.aliases],
                )
            )
    # Pad each row to the header's width, keep rows with a named cell filled, then transpose.
    width = max(names) + 1
    take = operator.itemgetter(*sorted(names))
    # Rows come without trailing blank cells: when every column up to the header's width is
    # named, a row no wider than that has a named cell filled (its last one).
    all_named = len(names) == width
    rows: list[int] = []
    data: list[list[str]] = []
    for number, cells in enumerate(table.rows[index + 1 :], start=index + 2):
        if not cells:  # a blank row
            continue
        fast = all_named and len(cells) <= width and cells[-1]
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if fast:
            rows.append(number)
            data.append(cells)
            continue
        picked = take(cells)
        if any(picked) if len(names) > 1 else picked:
            rows.append(number)
            data.append(cells)
    if table.truncated or len(data) > limits.max_rows:
        issues.append(error("too_many_rows", table.source, limit=limits.max_rows))
        return None
    if not ok:
        return None
    if kind == "members" and not data:
        issues.append(error("no_rows", table.source, header_row))
        return None
    # one column at a time: map(itemgetter) runs in C (zip(*rows) of 60,000 rows does not)
    columns = {name: list(map(operator.itemgetter(col), data)) for col, name in names.items()}
    private = {c: headers.pop(c) for c in PRIVATE_COLUMNS if c in headers}
    for extra in list(extras):
        sniffed = private_kind(columns[extra])
        if sniffed is not None:  # an unknown header over ID or phone numbers: drop it all the same
            extras.remove(extra)
            private.setdefault(f"{sniffed}:{extra}", extra)
            columns[f"{sniffed}:{extra}"] = columns.pop(extra)
    return _Parsed(table.source, header_row, rows, columns, headers, extras, private)


def _require(parsed: _Parsed, columns: Sequence[str], issues: list[Issue]) -> None:
    for column in columns:
        for row, value in zip(parsed.rows, parsed.columns[column], strict=True):
            if not value:
                issues.append(error("empty_required", parsed.source, row, parsed.header(column)))


# --- category values ----------------------------------------------------------------------

_ZH_EXTRA = {"unknown": "未知", "yes": "是", "no": "否"}


@lru_cache(maxsize=16)
def _value_lookup(values: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    return {label_key(label): code for code, labels in values for label in (code, *labels)}


def _zh(code: str) -> str:
    return VALUE_ZH.get(code) or _ZH_EXTRA.get(code, code)


def _map_category(
    parsed: _Parsed,
    column: str,
    values: Mapping[str, tuple[str, ...]],
    default: str,
    issues: list[Issue],
) -> list[str]:
    """Codes for a category column; blanks and unknown values take ``default``, and each
    distinct unknown value gets one warning (first row, how many rows)."""
    cells = parsed.columns.get(column)
    if cells is None:
        return [default] * len(parsed.rows)
    lookup = _value_lookup(tuple(values.items()))
    codes = {cell: lookup.get(label_key(cell)) for cell in set(cells)}
    codes[""] = default
    unknown: dict[str, list[int]] = {}
    if None in codes.values():  # the slow path only for columns with unknown values
        for row, cell in zip(parsed.rows, cells, strict=True):
            if codes[cell] is None:
                unknown.setdefault(cell, [row, 0])[1] += 1
    known = {cell: default if code is None else code for cell, code in codes.items()}
    out = [known[cell] for cell in cells]
    for cell, (row, count) in unknown.items():
        issues.append(
            warning(
                "unknown_value",
                parsed.source,
                row,
                parsed.header(column),
                cell,
                count=count,
                default_zh=_zh(default),
                default_en=default,
                allowed_zh=[_zh(code) for code in values],
                allowed_en=list(values),
            )
        )
    return out


def parse_birth_year(text: str, this_year: int | None = None) -> int | None:
    """Year of birth from a date, ``1950-03``, ``1950年3月``, ``1950.3``, ``19500315``, a year,
    or an Excel day number; None when it cannot be read or is not a plausible birth year."""
    text = unicodedata.normalize("NFKC", text).strip()
    year: int | None = None
    match = _DATE_RE.match(text)
    if match:
        year = int(match.group(1))
    elif _SERIAL_RE.match(text):
        # A date cell exported as its number (days since 1899-12-30).
        year = (_EXCEL_EPOCH + timedelta(days=int(float(text)))).year
    limit = this_year or date.today().year
    return year if year is not None and _MIN_BIRTH_YEAR <= year <= limit else None


def _grouped_warnings(
    code: str, parsed: _Parsed, column: str, bad: dict[str, list[int]], issues: list[Issue]
) -> None:
    for cell, (row, count) in bad.items():
        issues.append(warning(code, parsed.source, row, parsed.header(column), cell, count=count))


def _birth_years(parsed: _Parsed, issues: list[Issue]) -> pd.Series:
    cells = parsed.columns.get("birth_date")
    if cells is None:
        return pd.Series([pd.NA] * len(parsed.rows), dtype="Int64")
    this_year = date.today().year
    years = {cell: parse_birth_year(cell, this_year) for cell in set(cells) if cell}
    bad: dict[str, list[int]] = {}
    out: list[int | None] = []
    for row, cell in zip(parsed.rows, cells, strict=True):
        year = years.get(cell) if cell else None
        if cell and year is None:
            bad.setdefault(cell, [row, 0])[1] += 1
        out.append(year)
    _grouped_warnings("bad_date", parsed, "birth_date", bad, issues)
    return pd.Series(pd.array(out, dtype="Int64"))


def _participants(parsed: _Parsed, issues: list[Issue]) -> pd.Series:
    cells = parsed.columns.get("participants")
    if cells is None:
        return pd.Series([pd.NA] * len(parsed.rows), dtype="Int64")
    bad: dict[str, list[int]] = {}
    out: list[int | None] = []
    for row, cell in zip(parsed.rows, cells, strict=True):
        match = _COUNT_RE.match(unicodedata.normalize("NFKC", cell)) if cell else None
        if cell and match is None:
            bad.setdefault(cell, [row, 0])[1] += 1
        out.append(int(match.group(1)) if match else None)
    _grouped_warnings("bad_number", parsed, "participants", bad, issues)
    return pd.Series(pd.array(out, dtype="Int64"))


def split_teams(cell: str) -> tuple[str, ...]:
    """The team names in a member's ``teams`` cell, in order, blanks dropped."""
    parts = (part.strip(STRIP_CHARS) for part in _TEAM_SPLIT.split(cell))
    return tuple(part for part in parts if part)


def _text(values: Sequence[object]) -> pd.Series:
    # object dtype holding str, as schema.py documents (pandas 3 would infer "str").
    return pd.Series(list(values), dtype=object)


def _first_duplicates(
    keys: Sequence[tuple[str, ...] | None], rows: Sequence[int]
) -> list[tuple[int, int, int]]:
    """(index, row, first row) of every repeat of a key already seen; None keys are skipped."""
    first: dict[tuple[str, ...], int] = {}
    repeats: list[tuple[int, int, int]] = []
    for index, (key, row) in enumerate(zip(keys, rows, strict=True)):
        if key is None:
            continue
        if key in first:
            repeats.append((index, row, first[key]))
        else:
            first[key] = row
    return repeats


# --- members and teams -------------------------------------------------------------------


def _member_ids(parsed: _Parsed, issues: list[Issue]) -> list[str]:
    """Ids normalised (width, spaces) before the uniqueness check; each repeat names both rows."""
    written = parsed.columns["member_id"]
    ids = [normalise_id(i) for i in written]
    for index, row, first_row in _first_duplicates([(i,) if i else None for i in ids], parsed.rows):
        first = parsed.rows.index(first_row)
        header = parsed.header("member_id")
        if written[first] == written[index]:
            issues.append(error("duplicate_id", parsed.source, row, header, ids[index], first_row=first_row))
        else:
            issues.append(
                error(
                    "duplicate_id_variant",
                    parsed.source,
                    row,
                    header,
                    written[index],
                    first_row=first_row,
                    first_value=written[first],
                )
            )
    return ids


def _capped_names(parsed: _Parsed, column: str, limit: int, issues: list[Issue]) -> list[str]:
    """Names cut at ``limit`` characters, one warning per distinct long name."""
    out: list[str] = []
    long: dict[str, int] = {}
    for row, name in zip(parsed.rows, parsed.columns[column], strict=True):
        if len(name) > limit:
            long.setdefault(name, row)
            name = name[:limit]
        out.append(name)
    for name, row in long.items():
        shown = name[:20] + "…"
        issues.append(
            warning(
                "name_too_long",
                parsed.source,
                row,
                parsed.header(column),
                shown,
                length=len(name),
                limit=limit,
            )
        )
    return out


def _from_id_cards(parsed: _Parsed, issues: list[Issue]) -> list[Derived | None]:
    """Each row's birth date and gender from its ID number, where it is valid; a bad one is a
    warning naming the row and only a masked form of the number."""
    cells = parsed.columns.get("id_card")
    if cells is None:
        return [None] * len(parsed.rows)
    out: list[Derived | None] = []
    for row, cell in zip(parsed.rows, cells, strict=True):
        found = derive(cell) if cell else None
        if cell and found is None:
            masked = mask(cell)
            issues.append(
                warning("id_card_bad", parsed.source, row, parsed.private["id_card"], masked, masked=masked)
            )
        out.append(found)
    return out


def _fill_from_ids(frame: pd.DataFrame, parsed: _Parsed, derived: Sequence[Derived | None]) -> None:
    """Birth year and gender from ID numbers where the roster leaves them empty."""
    if not any(derived):
        return
    years = [
        d.birth.year if d is not None and pd.isna(y) else y
        for y, d in zip(frame["birth_year"], derived, strict=True)
    ]
    frame["birth_year"] = pd.Series(pd.array(years, dtype="Int64"))
    frame["gender"] = _text(
        [
            d.gender if d is not None and g == "unknown" else g
            for g, d in zip(frame["gender"], derived, strict=True)
        ]
    )


def private_notes(parsed: _Parsed, derived: Sequence[Derived | None]) -> list[Issue]:
    """What the reader did with ID and phone columns: used (and how), then dropped."""
    notes: list[Issue] = []
    for key, header in parsed.private.items():
        kind = key.split(":", 1)[0]
        if kind == "id_card" and any(derived):
            gave_birth = "birth_date" not in parsed.headers
            gave_gender = "gender" not in parsed.headers
            what = {(True, True): "both", (True, False): "birth_date", (False, True): "gender"}.get(
                (gave_birth, gave_gender), "none"
            )
            notes.append(
                make_issue(
                    Severity.NOTE,
                    "id_card_used",
                    parsed.source,
                    column=header,
                    value=header,
                    derived_zh=_DERIVED[what][0],
                    derived_en=_DERIVED[what][1],
                )
            )
        else:
            notes.append(
                make_issue(
                    Severity.NOTE,
                    "private_dropped",
                    parsed.source,
                    column=header,
                    value=header,
                    kind_zh=_PRIVATE_ZH[kind],
                    kind_en=_PRIVATE_EN[kind],
                )
            )
    return notes


_PRIVATE_ZH = {"id_card": "身份证号", "phone": "电话号码"}
_PRIVATE_EN = {"id_card": "citizen ID numbers", "phone": "phone numbers"}
_DERIVED = {
    "both": ("出生日期和性别", "birth dates and genders"),
    "birth_date": ("出生日期", "birth dates"),
    "gender": ("性别", "genders"),
    "none": ("空白的出生日期和性别", "blank birth dates and genders"),
}


def _members(
    parsed: _Parsed, limits: InputLimits, issues: list[Issue], notes: list[Issue]
) -> tuple[pd.DataFrame, list[tuple[str, ...]]]:
    """The members frame without its resolved ``teams``; and each member's raw team names."""
    _require(parsed, ("member_id", "name", "area"), issues)
    ids = _member_ids(parsed, issues)
    areas = parsed.columns["area"]
    branches = parsed.columns.get("current_branch") or [""] * len(areas)
    hardship = _map_category(parsed, "hardship", HARDSHIP_VALUES, "no", issues)
    frame = pd.DataFrame(
        {
            "member_id": _text(ids),
            "name": _text(_capped_names(parsed, "name", limits.max_name_chars, issues)),
            "area": _text(areas),
            "current_branch": _text([b or a for a, b in zip(areas, branches, strict=True)]),
            "status": _text(_map_category(parsed, "status", STATUS_VALUES, "full", issues)),
            "gender": _text(_map_category(parsed, "gender", GENDER_VALUES, "unknown", issues)),
            "birth_year": _birth_years(parsed, issues),
            "employment": _text(_map_category(parsed, "employment", EMPLOYMENT_VALUES, "other", issues)),
            "mobility": _text(_map_category(parsed, "mobility", MOBILITY_VALUES, "normal", issues)),
            "hardship": pd.Series([h == "yes" for h in hardship], dtype=bool),
            "role": _text(_map_category(parsed, "role", ROLE_VALUES, "none", issues)),
            "teams": _text([()] * len(ids)),
            "source_row": pd.Series(parsed.rows, dtype="int64"),
        }
    )
    derived = _from_id_cards(parsed, issues)
    _fill_from_ids(frame, parsed, derived)
    notes.extend(private_notes(parsed, derived))
    for extra in parsed.extras:
        frame[extra] = _text(parsed.columns[extra])
    cells = parsed.columns.get("teams") or [""] * len(ids)
    split = {cell: split_teams(cell) for cell in set(cells)}
    return frame, [split[cell] for cell in cells]


def _teams(parsed: _Parsed, limits: InputLimits, issues: list[Issue]) -> tuple[pd.DataFrame, list[str]]:
    """The teams frame with ``leader_id`` still blank; and each team's raw ``leader`` cell."""
    _require(parsed, ("name", "area"), issues)
    names = _capped_names(parsed, "name", limits.max_name_chars, issues)
    areas = parsed.columns["area"]
    given_ids = parsed.columns.get("team_id") or [""] * len(names)
    team_ids = [given or name for given, name in zip(given_ids, names, strict=True)]
    name_keys = [(a, normalise_label(n)) if n and a else None for a, n in zip(areas, names, strict=True)]
    for index, row, first_row in _first_duplicates(name_keys, parsed.rows):
        issues.append(
            error(
                "duplicate_team",
                parsed.source,
                row,
                parsed.header("name"),
                names[index],
                area=areas[index],
                first_row=first_row,
            )
        )
    # Only ids typed in by the user: a defaulted id repeats only when the name does.
    id_keys = [(a, normalise_label(g)) if g and a else None for a, g in zip(areas, given_ids, strict=True)]
    for index, row, first_row in _first_duplicates(id_keys, parsed.rows):
        issues.append(
            error(
                "duplicate_team_id",
                parsed.source,
                row,
                parsed.header("team_id"),
                given_ids[index],
                area=areas[index],
                first_row=first_row,
            )
        )
    frame = pd.DataFrame(
        {
            "team_id": _text(team_ids),
            "name": _text(names),
            "area": _text(areas),
            "type": _text(_map_category(parsed, "type", TEAM_TYPE_VALUES, "other", issues)),
            "participants": _participants(parsed, issues),
            "leader_id": _text([""] * len(names)),
            "source_row": pd.Series(parsed.rows, dtype="int64"),
        }
    )
    for extra in parsed.extras:
        frame[extra] = _text(parsed.columns[extra])
    return frame, parsed.columns.get("leader") or [""] * len(names)


def _inferred_teams(members: pd.DataFrame, tokens: Sequence[tuple[str, ...]]) -> pd.DataFrame:
    """Teams named in the members' ``teams`` cells, type "other", when no teams list came."""
    seen: dict[tuple[str, str], str] = {}
    areas: list[str] = []
    for area, names in zip(members["area"], tokens, strict=True):
        for name in names:
            key = (area, normalise_label(name))
            if key not in seen:
                seen[key] = name
                areas.append(area)
    names_list = list(seen.values())
    count = len(names_list)
    return pd.DataFrame(
        {
            "team_id": _text(names_list),
            "name": _text(names_list),
            "area": _text(areas),
            "type": _text(["other"] * count),
            "participants": pd.Series([pd.NA] * count, dtype="Int64"),
            "leader_id": _text([""] * count),
            # 0: the team has no row of its own in any file
            "source_row": pd.Series([0] * count, dtype="int64"),
        }
    )


def _resolve_teams(
    members: pd.DataFrame,
    tokens: Sequence[tuple[str, ...]],
    teams: pd.DataFrame,
    member_sheet: str,
    teams_header: str,
    issues: list[Issue],
) -> list[tuple[str, ...]]:
    """Each member's team names or ids -> team ids within the member's own area."""
    index: dict[str, dict[str, str]] = {}
    names_by_area: dict[str, list[str]] = {}
    key_areas: dict[str, set[str]] = {}
    for area, team_id, name in zip(teams["area"], teams["team_id"], teams["name"], strict=True):
        keys = index.setdefault(area, {})
        keys.setdefault(normalise_label(team_id), team_id)
        key_areas.setdefault(normalise_label(team_id), set()).add(area)
        names_by_area.setdefault(area, []).append(name)
    for area, team_id, name in zip(teams["area"], teams["team_id"], teams["name"], strict=True):
        index[area][normalise_label(name)] = team_id  # a name wins over another team's id
        key_areas.setdefault(normalise_label(name), set()).add(area)

    resolved: list[tuple[str, ...]] = []
    first_seen: dict[tuple[str, str], tuple[int, str]] = {}  # (area, key) -> (first row, as written)
    counts: Counter[tuple[str, str]] = Counter()
    for area, names, row in zip(members["area"], tokens, members["source_row"], strict=True):
        keys = index.get(area, {})
        out: list[str] = []
        for name in names:
            key = normalise_label(name)
            team_id = keys.get(key)
            if team_id is None:
                first_seen.setdefault((area, key), (int(row), name))
                counts[(area, key)] += 1
            elif team_id not in out:
                out.append(team_id)
        resolved.append(tuple(out))

    for (area, key), (row, raw) in first_seen.items():
        count = counts[(area, key)]
        elsewhere = sorted(key_areas.get(key, set()) - {area})
        if elsewhere:
            issues.append(
                warning(
                    "team_other_area",
                    member_sheet,
                    row,
                    teams_header,
                    raw,
                    area=area,
                    areas=elsewhere,
                    count=count,
                )
            )
            continue
        close = difflib.get_close_matches(raw, names_by_area.get(area, []), n=3, cutoff=0.5)
        issues.append(
            warning(
                "unknown_team",
                member_sheet,
                row,
                teams_header,
                raw,
                area=area,
                count=count,
                suggestions_zh=f"相近的名称：{'、'.join(close)}。" if close else "",
                suggestions_en=f" Close names: {', '.join(close)}." if close else "",
            )
        )
    return resolved


def _resolve_leaders(
    members: pd.DataFrame, teams: pd.DataFrame, leaders: Sequence[str], parsed: _Parsed, issues: list[Issue]
) -> list[str]:
    """Each team's ``leader`` (a member_id, else a name) -> member_id within the team's area.

    A leader who matches no member is left as "" silently: team leaders are often residents
    who are not Party members. A name several members share is ambiguous and gets a warning.
    """
    wanted = set(leaders) - {""}
    as_ids = {leader: normalise_id(leader) for leader in wanted}  # ids are kept normalised
    wanted_ids = set(as_ids.values())
    ids: set[tuple[str, str]] = set()
    by_name: dict[tuple[str, str], list[str]] = {}
    for area, name, member_id in zip(members["area"], members["name"], members["member_id"], strict=True):
        if member_id in wanted_ids:
            ids.add((area, member_id))
        if name in wanted:
            by_name.setdefault((area, name), []).append(member_id)
    out: list[str] = []
    for area, leader, row in zip(teams["area"], leaders, teams["source_row"], strict=True):
        matches = by_name.get((area, leader), [])
        if (area, as_ids.get(leader, "")) in ids:
            out.append(as_ids[leader])
        elif len(matches) == 1:
            out.append(matches[0])
        else:
            out.append("")
            if len(matches) > 1:
                issues.append(
                    warning(
                        "ambiguous_leader",
                        parsed.source,
                        int(row),
                        parsed.header("leader"),
                        leader,
                        area=area,
                        ids=matches,
                    )
                )
    return out


def build_roster(
    members_table: RawTable,
    teams_table: RawTable | None,
    encodings: Sequence[tuple[str, str]] = (),
    limits: InputLimits = DEFAULT_LIMITS,
) -> Roster:
    """The typed roster from the raw members table and, if given, the raw teams table.

    Without a teams table the teams are inferred from the members' team names (type
    "other", ``source_row`` 0) with a ``teams_inferred`` warning. Raises RosterError with
    every problem (errors and the warnings found so far) when any error is found.
    """
    issues: list[Issue] = []
    parsed_members = _parse_table(members_table, "members", limits, issues)
    parsed_teams = _parse_table(teams_table, "teams", limits, issues) if teams_table is not None else None
    members = teams = None
    tokens: list[tuple[str, ...]] = []
    leaders: list[str] = []
    notes: list[Issue] = []
    if parsed_members is not None:
        members, tokens = _members(parsed_members, limits, issues, notes)
    if parsed_teams is not None:
        teams, leaders = _teams(parsed_teams, limits, issues)
        notes.extend(private_notes(parsed_teams, []))
    if members is None or any(i.severity is Severity.ERROR for i in issues):
        raise RosterError(sort_issues(issues))
    assert parsed_members is not None
    teams_header = parsed_members.header("teams")
    if teams is None:
        teams = _inferred_teams(members, tokens)
        issues.append(warning("teams_inferred", members_table.source, count=len(teams)))
    members["teams"] = _text(
        _resolve_teams(members, tokens, teams, members_table.source, teams_header, issues)
    )
    if parsed_teams is not None:
        teams["leader_id"] = _text(_resolve_leaders(members, teams, leaders, parsed_teams, issues))
        used = {
            (area, team_id)
            for area, ids in zip(members["area"], members["teams"], strict=True)
            for team_id in ids
        }
        for area, team_id, name, row in zip(
            teams["area"], teams["team_id"], teams["name"], teams["source_row"], strict=True
        ):
            if (area, team_id) not in used:
                issues.append(
                    warning(
                        "team_without_members",
                        parsed_teams.source,
                        int(row),
                        parsed_teams.header("name"),
                        name,
                        area=area,
                    )
                )
    without = members.loc[members["teams"].map(len) == 0, "area"].value_counts(sort=False)
    totals = members["area"].value_counts(sort=False)
    for area in members["area"].drop_duplicates():
        if area in without.index:
            issues.append(
                warning(
                    "members_without_team",
                    members_table.source,
                    column=teams_header,
                    value=area,
                    count=int(without[area]),
                    total=int(totals[area]),
                )
            )
    return Roster(
        members=members,
        teams=teams,
        warnings=tuple(sort_issues(issues)),
        encodings=tuple(encodings),
        fingerprint=roster_fingerprint(members, teams),
        notes=tuple(notes),
    )
