"""Formats of school numbers, postal codes, e-mail addresses, phone numbers and URLs.

The checks are deliberately pragmatic: they catch typos and values in the wrong field, not
every address a standard allows. ASCII digits only, since ``\\d`` also matches other scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..codes import issue
from ..issues import Context, Issue
from .places import addresses, contact_values, venues

_SCHOOL_NUMBER = re.compile(r"[0-9]{6}")
_POSTAL_CODE = re.compile(r"[0-9]{5}")
# A local part without spaces, then dot-separated domain labels (umlauts allowed) and a TLD.
_EMAIL = re.compile(r"[^@\s]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
_PHONE = re.compile(r"\+?[0-9 ()/-]+")
_PHONE_MIN_DIGITS = 6


def is_web_url(text: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    """A URL a browser opens: an allowed scheme, a host, and nothing that breaks a feed line."""
    # A space is the one character that is printable and whitespace at once (checked over
    # all of Unicode), so this is "no whitespace, nothing unprintable", tested in C.
    if " " in text or not text.isprintable():
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname)


def _is_phone(text: str) -> bool:
    digits = sum(char in "0123456789" for char in text)
    return bool(_PHONE.fullmatch(text)) and digits >= _PHONE_MIN_DIGITS


def school_numbers(context: Context) -> Iterator[Issue]:
    for i, school in enumerate(context.registry.schools):
        number = school.school_number
        if number is not None and not _SCHOOL_NUMBER.fullmatch(number):
            path = f"schools[{i}].school_number"
            yield issue("invalid-school-number", school.id, path, value=number)


def postal_codes(context: Context) -> Iterator[Issue]:
    for entity, path, address in addresses(context.registry):
        if not _POSTAL_CODE.fullmatch(address.postal_code):
            path = f"{path}.postal_code"
            yield issue("invalid-postal-code", entity, path, value=address.postal_code)


def emails(context: Context) -> Iterator[Issue]:
    for entity, path, value in contact_values(context.registry, "email"):
        if not _EMAIL.fullmatch(value):
            yield issue("invalid-email", entity, path, value=value)


def phones(context: Context) -> Iterator[Issue]:
    for entity, path, value in contact_values(context.registry, "phone"):
        if not _is_phone(value):
            yield issue("invalid-phone", entity, path, value=value)


def urls(context: Context) -> Iterator[Issue]:
    found = list(contact_values(context.registry, "url"))
    found += [(e, f"{p}.url", v.url) for e, p, v in venues(context.registry) if v.url is not None]
    for entity, path, value in found:
        if not is_web_url(value):
            yield issue("invalid-url", entity, path, value=value)
