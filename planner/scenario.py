"""Scenarios: named, kept plans of a workshop, and the settings paths they differ by.

A :class:`Scenario` is one variant the workshop keeps (a run, an edited copy, a sweep point);
a :class:`ScenarioBook` is the ordered set of them in a session. Both are pure values: every
change returns a new book.

Settings are addressed by dotted paths such as ``"rules.max_branch_size"`` (see
:func:`flatten_settings`, :func:`replace_setting`), which the comparison and the sweep share.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from planner.edits import Move
from planner.plan import Plan
from planner.settings import Settings

#: Longest scenario name kept (names come from a text box).
MAX_NAME_LENGTH = 80

_SUFFIX = re.compile(r"^(?P<stem>.*) \((?P<n>\d+)\)$")


@dataclass(frozen=True, eq=False)
class Scenario:
    """One kept variant. ``edits`` are the hand moves applied to the parent's plan to get ``plan``;
    ``created`` is the book's sequence number (1, 2, ...), so the order of making survives renames.

    Equality is :func:`scenarios_equal` (a plan holds DataFrames, which have no plain ``==``)."""

    name: str
    settings: Settings
    plan: Plan
    parent: str | None = None
    edits: tuple[Move, ...] = ()
    created: int = 0


class ScenarioError(ValueError):
    """A book operation that cannot be done; ``key``/``params`` render it in the user's language."""

    def __init__(self, key: str, **params: str):
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        from planner.i18n import t

        return t(self.key, lang, **self.params)


def clean_name(name: str) -> str:
    """A name as kept: surrounding whitespace and control characters gone, length capped."""
    cleaned = "".join(ch for ch in str(name) if ch.isprintable()).strip()
    return cleaned[:MAX_NAME_LENGTH]


def unique_name(name: str, taken: set[str] | frozenset[str]) -> str:
    """``name`` if free, else ``name (2)``, ``name (3)``, ... (an existing suffix is continued)."""
    if name not in taken:
        return name
    match = _SUFFIX.match(name)
    stem = match.group("stem") if match else name
    n = int(match.group("n")) if match else 1
    while True:
        n += 1
        candidate = f"{stem} ({n})"
        if candidate not in taken:
            return candidate


@dataclass(frozen=True, eq=False)
class ScenarioBook:
    """Scenarios in the order they were added; names are unique. Every method returns a new book."""

    scenarios: tuple[Scenario, ...] = ()
    #: sequence number the next added scenario gets
    next_created: int = 1

    def __len__(self) -> int:
        return len(self.scenarios)

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios)

    def __contains__(self, name: object) -> bool:
        return any(s.name == name for s in self.scenarios)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    def get(self, name: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise ScenarioError("workshop.scenario_unknown", name=name)

    def add(self, scenario: Scenario) -> ScenarioBook:
        """Append ``scenario``, renamed ``name (2)``... on a clash, numbered with the next sequence."""
        name = unique_name(clean_name(scenario.name) or f"#{self.next_created}", set(self.names))
        added = replace(scenario, name=name, created=self.next_created)
        return ScenarioBook((*self.scenarios, added), self.next_created + 1)

    def rename(self, old: str, new: str) -> ScenarioBook:
        """Rename ``old``; children naming it as parent follow. A clash gets a suffix."""
        self.get(old)
        cleaned = clean_name(new)
        if not cleaned:
            raise ScenarioError("workshop.scenario_name_empty")
        name = unique_name(cleaned, set(self.names) - {old})
        scenarios = tuple(
            replace(
                s,
                name=name if s.name == old else s.name,
                parent=name if s.parent == old else s.parent,
            )
            for s in self.scenarios
        )
        return ScenarioBook(scenarios, self.next_created)

    def remove(self, name: str) -> ScenarioBook:
        """Drop ``name``; its children keep their plans and lose the parent link."""
        self.get(name)
        scenarios = tuple(
            replace(s, parent=None if s.parent == name else s.parent)
            for s in self.scenarios
            if s.name != name
        )
        return ScenarioBook(scenarios, self.next_created)

    def replace_scenario(self, scenario: Scenario) -> ScenarioBook:
        """Swap in a changed scenario of the same name (its sequence number is kept)."""
        old = self.get(scenario.name)
        changed = replace(scenario, created=old.created)
        return ScenarioBook(
            tuple(changed if s.name == scenario.name else s for s in self.scenarios), self.next_created
        )


# --- equality ------------------------------------------------------------------------------------


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same columns in the same order, same dtypes and same values (NaN equal to NaN)."""
    if list(a.columns) != list(b.columns) or a.shape != b.shape:
        return False
    if [str(t) for t in a.dtypes] != [str(t) for t in b.dtypes]:
        return False
    return bool(a.reset_index(drop=True).equals(b.reset_index(drop=True)))


def plans_equal(a: Plan, b: Plan) -> bool:
    """Plans are equal when every field is; frames compare by :func:`frames_equal`."""
    for f in dataclasses.fields(Plan):
        left, right = getattr(a, f.name), getattr(b, f.name)
        if isinstance(left, pd.DataFrame):
            if not isinstance(right, pd.DataFrame) or not frames_equal(left, right):
                return False
        elif left != right:
            return False
    return True


def scenarios_equal(a: Scenario, b: Scenario) -> bool:
    return (
        a.name == b.name
        and a.settings == b.settings
        and a.parent == b.parent
        and a.edits == b.edits
        and a.created == b.created
        and plans_equal(a.plan, b.plan)
    )


def books_equal(a: ScenarioBook, b: ScenarioBook) -> bool:
    return (
        a.next_created == b.next_created
        and len(a) == len(b)
        and all(scenarios_equal(x, y) for x, y in zip(a.scenarios, b.scenarios, strict=True))
    )


# --- settings paths ------------------------------------------------------------------------------


def flatten_settings(settings: Settings) -> dict[str, Any]:
    """Every leaf of ``settings`` by dotted path (``rules.max_branch_size`` -> 50), in field order.

    Leaves are the raw values (enums, tuples of pins...); nested dataclasses are walked into."""
    out: dict[str, Any] = {}

    def walk(obj: Any, prefix: str) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            path = f"{prefix}{f.name}"
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                walk(value, path + ".")
            else:
                out[path] = value

    walk(settings, "")
    return out


def _coerce(current: Any, value: Any, path: str) -> Any:
    """``value`` as the type of the ``current`` value at ``path`` (sweep values may come as text)."""
    bad = ScenarioError("workshop.setting_bad_value", path=path, value=str(value))
    if isinstance(current, enum.Enum):
        try:
            return type(current)(value.value if isinstance(value, enum.Enum) else value)
        except ValueError:
            raise bad from None
    if isinstance(current, bool):
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("true", "1", "yes"):
            return True
        if str(value).strip().lower() in ("false", "0", "no"):
            return False
        raise bad
    if isinstance(current, int):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad from None
        if isinstance(value, bool) or not number.is_integer():
            raise bad
        return int(number)
    if isinstance(current, float):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad from None
        if isinstance(value, bool) or number != number:
            raise bad
        return number
    if isinstance(current, str):
        return str(value)
    # tuples of pins and the like are not sweepable
    raise ScenarioError("workshop.setting_not_scalar", path=path)


def replace_setting(settings: Settings, path: str, value: Any) -> Settings:
    """``settings`` with the leaf at the dotted ``path`` set to ``value`` (coerced to its type)."""
    leaves = flatten_settings(settings)
    if path not in leaves:
        raise ScenarioError("workshop.setting_unknown", path=path)
    coerced = _coerce(leaves[path], value, path)

    def set_in(obj: Any, parts: list[str]) -> Any:
        head, rest = parts[0], parts[1:]
        if not rest:
            return replace(obj, **{head: coerced})
        return replace(obj, **{head: set_in(getattr(obj, head), rest)})

    result: Settings = set_in(settings, path.split("."))
    return result
