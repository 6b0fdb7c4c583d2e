"""The line writer of plain events gives the bytes the icalendar objects give.

to_ical writes events as lines when no hook wants icalendar objects (see ical_lines); a hook
that changes nothing must therefore change no byte. These tests hold the two paths together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from schulsozialarbeit import Registry, load, to_ical
from schulsozialarbeit.examples import EXAMPLES
from schulsozialarbeit.ical.text import fold

from .test_ical import _NASTY, small

EXAMPLE_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"


def _unchanged(event: icalendar.Event, source: object) -> None:
    """A hook that only asks for the objects."""


def _both(registry: Registry, **options: Any) -> tuple[bytes, bytes]:
    return to_ical(registry, **options), to_ical(registry, adjust_event=_unchanged, **options)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("mode", ["expanded", "rrule"])
@pytest.mark.parametrize("audience", ["public", "internal"])
def test_examples_are_written_alike(name: str, mode: str, audience: str) -> None:
    lines, objects = _both(load(EXAMPLE_DIR / name), mode=mode, audience=audience)
    assert lines == objects


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_NASTY, note=_NASTY, place=_NASTY)
def test_hostile_text_is_written_alike(title: str, note: str, place: str) -> None:
    registry = small(title="x" + title, note=note, place="x" + place)
    for mode in ("expanded", "rrule"):
        lines, objects = _both(registry, mode=mode, audience="internal")
        assert lines == objects


@given(st.text(alphabet=st.sampled_from("ab\\^,;: äöü–€😀\u00e9"), max_size=400))
def test_folding_is_icalendars(line: str) -> None:
    assert fold(line) == _foldline(line)
