"""Translations: every user-facing string, in Chinese and English.

Each concern keeps its own catalogue module (``reader``, ``stats``, ``ui``, ...),
a dict ``{key: {"zh": ..., "en": ...}}``; this module merges them and formats.
Keys are stable identifiers; placeholders use ``str.format`` names.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from planner.config import DEFAULT_LANGUAGE, LANGUAGES

Catalogue = Mapping[str, Mapping[str, str]]


def _load() -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        catalogue: Catalogue = module.CATALOGUE
        for key, texts in catalogue.items():
            if key in merged:
                raise ValueError(f"translation key {key!r} defined twice ({info.name})")
            merged[key] = texts
    return merged


CATALOGUE: dict[str, Mapping[str, str]] = _load()


def normalise_language(lang: str | None) -> str:
    """Map a browser locale such as ``zh-CN`` or ``en_US`` to a supported language."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: Any) -> str:
    """The text for ``key`` in ``lang``, formatted with ``params``.

    An unknown key is a programming error and raises ``KeyError`` so tests catch it.
    """
    texts = CATALOGUE[key]
    text = texts.get(normalise_language(lang)) or texts[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text
