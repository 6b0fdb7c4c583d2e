"""The message catalogue: both languages everywhere, the same placeholders in each."""

from __future__ import annotations

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
