"""Words of a plugin's own in both languages: an attrs value, apart from the catalogue so that
reading a message does not import attrs."""

from __future__ import annotations

from attrs import Attribute, field, frozen

from . import DEFAULT_LANG, Lang


def _non_empty(instance: object, attribute: Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Bilingual.{attribute.name} must be a non-empty text, got {value!r}")


@frozen
class Bilingual:
    """Words of a plugin's own, in German and English: both are required and non-empty.

    Issues, extra figures and exporters all take this one type, so a plugin writes its
    texts one way, and a forgotten translation fails where it is written.
    """

    de: str = field(validator=_non_empty)
    en: str = field(validator=_non_empty)

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.de if lang == "de" else self.en
