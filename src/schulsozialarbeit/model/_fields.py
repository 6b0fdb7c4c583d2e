"""Field helpers shared by the model families.

Personal data is marked on the field itself, so every output that must not carry it
(public feeds, reports, spreadsheets) can find it by looking at the class, not at a list
kept somewhere else that drifts.
"""

from __future__ import annotations

from typing import Any

import attrs

PERSONAL = "personal"


def personal(default: Any = None) -> Any:
    """A field that never leaves through a public output: personal data (a person's name,
    e-mail address or phone), and what an office keeps only for itself, such as a post's
    costs, which are its holder's pay, and the grants an application is made from. A public
    output drops the field or resets it to ``default``."""
    return attrs.field(default=default, metadata={PERSONAL: True})


def is_personal(field: attrs.Attribute[Any]) -> bool:
    return bool(field.metadata.get(PERSONAL, False))
