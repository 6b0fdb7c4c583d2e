"""Names of enumeration values for people, in German or English.

The values of the model's enums are identifiers for files and code (``primus_schule``);
tables, reports and forms need words (``PRIMUS-Schule``). The words live in the message
catalogue (``i18n/labels.toml``) so they are translated and reviewed with all other text.
"""

from __future__ import annotations

import enum
import re

from . import DEFAULT_LANG, Lang, message

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def label_key(member: enum.Enum) -> str:
    """The catalogue key of ``member``, e.g. ``school-form.primus-schule``.

    Derived from the enum's class name, so a new enum needs catalogue entries, not code.
    """
    family = _WORD_START.sub("-", type(member).__name__).lower()
    return f"{family}.{str(member.value).replace('_', '-')}"


def label(member: enum.Enum, lang: Lang = DEFAULT_LANG) -> str:
    """The name of ``member`` for people, in ``lang``."""
    return message(label_key(member), lang)
