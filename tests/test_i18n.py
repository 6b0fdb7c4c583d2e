"""The message catalogue: both languages everywhere, the same placeholders in each."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from schulsozialarbeit.i18n import (
    LANGUAGES,
    Text,
    catalogue,
    format_decimal,
    message,
    placeholders,
    resolve_lang,
)


def test_every_message_has_every_language_with_the_same_placeholders() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert placeholders(texts["de"]) == placeholders(texts["en"]), key
        assert all(text.strip() for text in texts.values()), key


def test_parameters_are_formatted_for_the_language() -> None:
    assert format_decimal(Decimal("39.5"), "de") == "39,5"
    assert format_decimal(Decimal("39.5"), "en") == "39.5"
    assert message("parse-error", "de", file="f", line=1, column=2, detail="x") == (
        "f, Zeile 1, Spalte 2: nicht lesbar (x)"
    )
    nested = Text("expected-choice", choices="a, b")
    assert "einer von a, b" in message("wrong-type", "de", expected=nested, got="'c'")
    assert "one of a, b" in message("wrong-type", "en", expected=nested, got="'c'")
    assert message("init-done", "de", directory="d", files=3) == "3 Dateien nach d geschrieben."
    assert "30.11.2017" in message("invalid-value", "de", detail=date(2017, 11, 30))


def test_language_comes_from_the_request_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert resolve_lang() == "de"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert resolve_lang() == "en"
    assert resolve_lang("de") == "de"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert resolve_lang() == "de"
    with pytest.raises(ValueError, match="fr"):
        resolve_lang("fr")


def test_a_count_of_one_is_singular_in_both_languages() -> None:
    assert message("structure-error", "de", count=1).endswith("(1 Problem):")
    assert message("structure-error", "de", count=2).endswith("(2 Probleme):")
    assert message("structure-error", "en", count=1).endswith("(1 problem):")
    summary = message("validate-summary-failed", "en", errors=1, warnings=2, infos=1)
    assert summary == "Checked: 1 error, 2 warnings, 1 note. Not OK."
    summary = message("validate-summary-ok", "de", errors=0, warnings=1, infos=0)
    assert summary == "Geprüft: 0 Fehler, 1 Warnung, 0 Hinweise. In Ordnung."
    assert message("init-done", "de", directory="d", files=1) == "1 Datei nach d geschrieben."
    assert message("init-done", "en", directory="d", files=1) == "Wrote 1 file to d."


#: Parameters that count things: a word after one of them must say its plural form.
_COUNTS = ("count", "errors", "warnings", "infos", "files", "found", "capacity", "months")


def test_every_message_that_counts_has_its_plural() -> None:
    for key, texts in catalogue().items():
        for name in _COUNTS:
            for lang in ("en",):
                text = texts[lang]
                if re.search(rf"\{{{name}\}} [a-z]", text):
                    assert f"{{{name}|" in text, (key, lang)
