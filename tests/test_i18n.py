"""The message catalogue: both languages everywhere, the same placeholders in each."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schulsozialarbeit.i18n import (
    LANGUAGES,
    Text,
    catalogue,
    format_decimal,
    has_message,
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


def test_every_key_is_found_by_the_lookup_that_reads_a_file_at_a_time() -> None:
    entries = catalogue()
    assert entries
    assert all(has_message(key) for key in entries)
    assert not has_message("no-such-key")


def test_a_catalogue_key_in_the_wrong_file_is_a_packaging_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import schulsozialarbeit.i18n as i18n

    for name in (*i18n.SEARCHED, *i18n.PREFIXED):
        (tmp_path / f"{name}.toml").write_text("", encoding="utf-8")
    (tmp_path / "cli.toml").write_text('["exports.x"]\nde = "a"\nen = "b"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "_FOLDER", tmp_path)
    i18n.catalogue.cache_clear()
    i18n._part.cache_clear()
    try:
        with pytest.raises(i18n.CatalogueError, match=r"belongs in exports\.toml"):
            i18n.catalogue()
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
        i18n._part.cache_clear()


def test_german_messages_say_registry_never_register() -> None:
    """One word for one thing: every German message calls it the Registry (issue #12)."""
    from schulsozialarbeit.i18n import catalogue

    for key, entry in catalogue().items():
        assert not re.search(r"\bRegister\b", entry["de"]), key


_FOLDER = Path(message.__code__.co_filename).parent


@pytest.mark.parametrize("name", sorted(p.stem for p in _FOLDER.glob("*.toml")))
def test_a_file_read_without_tomllib_means_what_tomllib_reads(name: str) -> None:
    import tomllib

    from schulsozialarbeit.i18n import _plain_entries

    text = (_FOLDER / f"{name}.toml").read_text(encoding="utf-8")
    plain = _plain_entries(text)
    assert plain is None or plain == tomllib.loads(text)


def test_the_files_of_help_and_validation_are_read_without_tomllib() -> None:
    """The command line's help reads cli.toml; a validation reads cli, validation, common."""
    from schulsozialarbeit.i18n import _plain_entries

    for name in ("cli", "validation", "common"):
        assert _plain_entries((_FOLDER / f"{name}.toml").read_text(encoding="utf-8")) is not None


_PIECE = st.text(alphabet=st.sampled_from(list('ab-_." \\#\t\r\x00\x7f[]=é\u2028\x85')), max_size=6)
_LINE = st.one_of(
    st.builds("[{}]".format, _PIECE),
    st.builds('["{}"]'.format, _PIECE),
    st.builds('{} = "{}"'.format, st.sampled_from(["de", "en", "fr", " de"]), _PIECE),
    st.builds("#{}".format, _PIECE),
    st.just(""),
    _PIECE,
)


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(_LINE, max_size=10), newline=st.sampled_from(["\n", "\r\n"]))
def test_a_plain_reading_agrees_with_tomllib_or_leaves_the_file_to_it(
    lines: list[str], newline: str
) -> None:
    import tomllib

    from schulsozialarbeit.i18n import _plain_entries

    text = newline.join(lines)
    plain = _plain_entries(text)
    if plain is None:
        return
    assert tomllib.loads(text) == plain
