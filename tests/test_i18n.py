"""Every translation exists in both languages with the same placeholders."""

from __future__ import annotations

import string

import pytest

from planner.config import LANGUAGES
from planner.i18n import CATALOGUE, normalise_language, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_every_language_with_same_placeholders(key: str) -> None:
    texts = CATALOGUE[key]
    assert set(texts) >= set(LANGUAGES), key
    assert all(texts[lang].strip() for lang in LANGUAGES), key
    assert _placeholders(texts["zh"]) == _placeholders(texts["en"]), key


def test_locale_normalisation() -> None:
    assert normalise_language("zh-CN") == "zh"
    assert normalise_language("en_US") == "en"
    assert normalise_language("EN") == "en"
    assert normalise_language("fr-FR") == "zh"
    assert normalise_language(None) == "zh"


def test_t_formats_and_falls_back_to_default_language() -> None:
    assert t("cli.bad_input", "en", count=3) == "The roster has 3 problem(s) and was not loaded:"
    assert "3" in t("cli.bad_input", "fr", count=3)
    with pytest.raises(KeyError):
        t("no.such.key", "en")
