"""The index page of a feed folder: where people subscribe, and what search engines read.

A person needs, per calendar, a link that opens the subscription dialogue (``webcal://``), the
address to paste into a client that wants one (Google), how many dates are coming and when
the next is, and the steps for their client, with the warning that an imported file never
updates. Those addresses exist only where the folder is published, so they come from
``base_url``; without it the page says how to get them instead of offering a download that
imports the dates once.

The page carries schema.org JSON-LD: an ``EventSeries`` per series with its ``Schedule`` and
an ``Event`` per date of the twelve months from ``as_of``, with the organising office as
``Organization``. Like a public feed it names offices, venues and online links, never a person.

Everything on the page is computed from the registry and ``as_of``, never from the clock, so
the same registry and reference date give the same bytes. The page loads nothing from
elsewhere; the only script copies an address, and without it the address is still there to
select and copy.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from attrs import frozen

from ..errors import FeedSelectionError
from ..files.addresses import check_base_url
from ..i18n import Lang, format_date, message
from ..i18n.text import html_text
from ..model import MeetingSeries, Registry, Venue, VenueMode
from ..scheduling import Occurrence, OccurrenceStatus, occurrences
from .events import Directory
from .feed import FeedBlackouts, series_blackouts
from .series import Planned, rule_parts
from .text import clean_uri

_SCHEMA = "https://schema.org/"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_PERIODS = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
_ATTENDANCE = {
    VenueMode.IN_PERSON: "OfflineEventAttendanceMode",
    VenueMode.ONLINE: "OnlineEventAttendanceMode",
    VenueMode.HYBRID: "MixedEventAttendanceMode",
}
_CLIENTS = ("outlook", "google", "apple", "thunderbird")


@frozen(kw_only=True)
class Listed:
    """One feed of the folder as the page lists it: its name, file and the events in it."""

    name: str
    file: str
    events: tuple[Planned, ...]


def base_address(url: str) -> str:
    """``url`` as the folder's address, ending in ``/``; refused unless http(s) with a host.

    The address goes into links and onto the page, so one with quotes or angle brackets is
    refused too, rather than escaped into something the office did not type.
    """
    try:
        base = check_base_url(url)
    except ValueError:
        raise FeedSelectionError("feed-bad-base-url", url=url) from None
    if any(c in base for c in "\"'<>\\`"):
        raise FeedSelectionError("feed-bad-base-url", url=url)
    return base + "/"


def _when(moment: datetime, lang: Lang) -> str:
    weekday = message(f"weekday-short.{_WEEKDAYS[moment.weekday()]}", lang)
    return message(
        "feed-index-when",
        lang,
        day=f"{weekday} {format_date(moment.date(), lang)}",
        time=f"{moment:%H:%M}",
    )


def _takes_place(item: Planned) -> bool:
    return item.entry.status != "CANCELLED"


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def upcoming(item: Planned, as_of: date) -> bool:
    """Whether the date lies in the twelve months from ``as_of``: what the page counts and
    describes. A series runs up to ten years ahead; a page listing all of that would grow to
    megabytes for a state (24 MB for the NRW benchmark) and tell a reader little more."""
    return as_of <= item.entry.start.date() < _year_after(as_of)


def _dates_line(listed: Listed, as_of: date, lang: Lang) -> str:
    if not listed.events:
        return f'<p class="dates empty">{html_text(message("feed-index-empty", lang))}</p>'
    coming = [i for i in listed.events if _takes_place(i) and upcoming(i, as_of)]
    day = format_date(as_of, lang)
    if not coming:
        text = message("feed-index-none-upcoming", lang, date=day)
        return f'<p class="dates">{html_text(text)}</p>'
    count = message("feed-index-upcoming", lang, count=len(coming), date=day)
    after = message("feed-index-next", lang, when=_when(coming[0].entry.start, lang))
    return f'<p class="dates"><strong>{html_text(count)}</strong>; {html_text(after)}</p>'


def _feed_item(listed: Listed, number: int, base: str | None, as_of: date, lang: Lang) -> str:
    name = html_text(listed.name)
    marked = " empty" if not listed.events else ""
    parts = [f'<li class="feed{marked}">', f"<h3>{name}</h3>", _dates_line(listed, as_of, lang)]
    if base is not None:
        address = base + urllib.parse.quote(listed.file)
        webcal = "webcal://" + address.split("://", 1)[1]
        field = f"address-{number}"
        parts += [
            f'<p><a class="subscribe" href="{html_text(webcal)}">'
            f"{html_text(message('feed-index-subscribe', lang, name=listed.name))}</a></p>",
            f'<p class="copy"><span>'
            f"{html_text(message('feed-index-address', lang))}</span> "
            f'<code id="{field}">{html_text(address)}</code> '
            f'<button type="button" data-copy="{field}" hidden'
            f' data-done="{html_text(message("feed-index-copied", lang))}">'
            f"{html_text(message('feed-index-copy', lang))}</button></p>",
        ]
    download = message("feed-index-download", lang, file=listed.file)
    parts += [
        f'<p class="file"><a href="{html_text(urllib.parse.quote(listed.file))}">'
        f"{html_text(download)}</a></p>",
        "</li>",
    ]
    return "\n".join(parts)


def _steps(lang: Lang) -> str:
    items = "\n".join(
        f"<dt>{html_text(message(f'feed-index-client-{client}', lang))}</dt>\n"
        f"<dd>{html_text(message(f'feed-index-steps-{client}', lang))}</dd>"
        for client in _CLIENTS
    )
    heading = html_text(message("feed-index-steps-heading", lang))
    return (
        f'<section aria-labelledby="steps">\n<h2 id="steps">{heading}</h2>\n'
        f"<dl>\n{items}\n</dl>\n</section>"
    )


_STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8;
  --accent: #0b5394; --warn: #fff4d6; --warn-line: #8a6100; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.1rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent);
  outline-offset: 2px; }
.note { background: var(--warn); border-left: 4px solid var(--warn-line); padding: .75rem 1rem; }
.feeds { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
.feed { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; }
.feed.empty { background: #f3f3f3; }
.dates { margin: 0 0 .75rem; }
.dates.empty { color: var(--muted); font-style: italic; }
.subscribe { display: inline-block; background: var(--accent); color: #fff; font-weight: 600;
  padding: .5rem 1rem; border-radius: .375rem; text-decoration: none; }
.subscribe:hover { background: #073763; }
.copy { margin: .5rem 0 0; font-size: .9rem; color: var(--muted); }
.copy code { display: block; margin: .25rem 0; padding: .4rem .5rem; color: var(--ink);
  font: .9rem ui-monospace, monospace; background: #f6f6f6; border: 1px solid #767676;
  border-radius: .25rem; overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; }
.copy button { font: inherit; padding: .4rem .8rem; border-radius: .25rem;
  border: 1px solid var(--accent); background: #fff; color: var(--accent); cursor: pointer; }
.file { margin: .5rem 0 0; font-size: .9rem; }
dt { font-weight: 600; margin-top: .75rem; }
dd { margin: 0; }
footer { color: var(--muted); font-size: .9rem; padding-bottom: 2rem; margin-top: 2rem; }
code { overflow-wrap: anywhere; }
"""

_SCRIPT = """
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var address = document.getElementById(button.dataset.copy);
  button.hidden = false;
  button.addEventListener("click", function () {
    var range = document.createRange();
    range.selectNodeContents(address);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = function () { button.textContent = button.dataset.done; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(address.textContent).then(done, function () {});
    } else if (document.execCommand("copy")) { done(); }
  });
});
"""


def _json_ld(document: list[dict[str, Any]]) -> str:
    """JSON for a ``<script>`` block: ``<``, ``>`` and ``&`` escaped, so no text ends it."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _place(venue: Venue) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if venue.mode is not VenueMode.ONLINE and (venue.name or venue.address):
        place: dict[str, Any] = {"@type": "Place"}
        if venue.name:
            place["name"] = venue.name
        if venue.address is not None:
            street = venue.address.street
            if venue.address.addition:
                street += f", {venue.address.addition}"
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": street,
                "postalCode": venue.address.postal_code,
                "addressLocality": venue.address.city,
                "addressCountry": "DE",
            }
        places.append(place)
    url = clean_uri(venue.url) if venue.url and venue.mode is not VenueMode.IN_PERSON else None
    if url:
        places.append({"@type": "VirtualLocation", "url": url})
    return places


def _organizer(item: Planned, names: Directory) -> dict[str, Any] | None:
    office = names.office(item.entry)
    if office is None:
        return None
    found: dict[str, Any] = {"@type": "Organization", "name": office.name}
    if office.email:
        found["email"] = office.email
    url = clean_uri(office.url) if office.url else None
    if url:
        found["url"] = url
    return found


def _status(item: Planned, series: MeetingSeries | None) -> tuple[str, str | None]:
    """The schema.org event status and, for a moved date, where it was before."""
    if item.entry.status == "CANCELLED":
        return "EventCancelled", None
    source = item.source
    if isinstance(source, Occurrence) and series is not None:
        if source.status is OccurrenceStatus.MOVED or source.start.date() != source.original:
            zone = source.start.tzinfo
            before = datetime.combine(source.original, series.start_time, tzinfo=zone)
            return "EventRescheduled", before.isoformat()
        if source.venue.mode is VenueMode.ONLINE and series.venue.mode is not VenueMode.ONLINE:
            return "EventMovedOnline", None
    return "EventScheduled", None


def _series_id(series: MeetingSeries) -> str:
    return f"#series-{urllib.parse.quote(series.id, safe='')}"


def _event(item: Planned, series: MeetingSeries | None, names: Directory) -> dict[str, Any]:
    entry = item.entry
    status, before = _status(item, series)
    event: dict[str, Any] = {
        "@type": "Event",
        "name": entry.title,
        "startDate": entry.start.isoformat(),
        "endDate": entry.end.isoformat(),
        "eventStatus": _SCHEMA + status,
        "eventAttendanceMode": _SCHEMA + _ATTENDANCE[entry.venue.mode],
    }
    if before is not None:
        event["previousStartDate"] = before
    places = _place(entry.venue)
    if places:
        event["location"] = places[0] if len(places) == 1 else places
    organizer = _organizer(item, names)
    if organizer is not None:
        event["organizer"] = organizer
    if series is not None:
        event["superEvent"] = {"@id": _series_id(series)}
    return event


def _schedule(series: MeetingSeries, found: Sequence[Occurrence], zone: str) -> dict[str, Any]:
    """The series' rule as a schema.org ``Schedule``; explicit dates have no repetition."""
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "startDate": series.first.isoformat(),
        "startTime": series.start_time.isoformat(),
        "endTime": series.end_time.isoformat(),
        "scheduleTimezone": zone,
    }
    held = [o.original for o in found]
    if series.until is not None:
        schedule["endDate"] = series.until.isoformat()
    elif held and series.rrule is None:
        schedule["endDate"] = max(held).isoformat()
    if series.rrule is not None:
        parts = rule_parts(series.rrule)
        frequency = parts.get("FREQ", [""])[0].upper()
        interval = parts.get("INTERVAL", ["1"])[0]
        if frequency in _PERIODS:
            schedule["repeatFrequency"] = f"P{interval}{_PERIODS[frequency]}"
        days = [day.lstrip("+-0123456789").upper() for day in parts.get("BYDAY", [])]
        if days:
            schedule["byDay"] = [_SCHEMA + _DAYS[d] for d in days if d in _DAYS]
        weeks = [d[: -len(d.lstrip("+-0123456789"))] for d in parts.get("BYDAY", [])]
        weeks = [w for w in weeks if w] or parts.get("BYSETPOS", [])
        if weeks and len(days) == 1:
            schedule["byMonthWeek"] = [int(w) for w in weeks]
        if "BYMONTH" in parts:
            schedule["byMonth"] = [int(m) for m in parts["BYMONTH"]]
        if "BYMONTHDAY" in parts:
            schedule["byMonthDay"] = [int(d) for d in parts["BYMONTHDAY"]]
    skipped = sorted(o.original for o in found if o.status is OccurrenceStatus.SKIPPED)
    if skipped:
        schedule["exceptDate"] = [day.isoformat() for day in skipped]
    return schedule


def structured_data(
    registry: Registry,
    events: Sequence[Planned],
    *,
    as_of: date,
    blackouts: FeedBlackouts | None,
) -> list[dict[str, Any]]:
    """schema.org data of the folder: every series, every date of the twelve months from
    ``as_of``."""
    names = Directory(registry, "public")
    by_id = {series.id: series for series in registry.series}
    document: list[dict[str, Any]] = []
    for series in sorted(registry.series, key=lambda s: s.id):
        found = occurrences(
            registry, series=series.id, blackouts=series_blackouts(series, blackouts)
        )
        item: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "EventSeries",
            "@id": _series_id(series),
            "name": series.title,
            "eventSchedule": _schedule(series, found, registry.timezone),
            "eventAttendanceMode": _SCHEMA + _ATTENDANCE[series.venue.mode],
        }
        places = _place(series.venue)
        if places:
            item["location"] = places[0] if len(places) == 1 else places
        first = next((e for e in events if _series_of(e) == series.id), None)
        organizer = _organizer(first, names) if first is not None else None
        if organizer is not None:
            item["organizer"] = organizer
        document.append(item)
    for event in events:
        if upcoming(event, as_of):
            series_id = _series_of(event)
            found_series = by_id.get(series_id) if series_id is not None else None
            document.append(
                {"@context": "https://schema.org", **_event(event, found_series, names)}
            )
    return document


def _series_of(item: Planned) -> str | None:
    return item.source.series if isinstance(item.source, Occurrence) else None


def index_page(
    registry: Registry,
    listed: Sequence[Listed],
    *,
    base_url: str | None,
    as_of: date,
    blackouts: FeedBlackouts | None,
    lang: Lang,
) -> str:
    """The page, from the feeds as listed (the first holding everything)."""
    base = base_address(base_url) if base_url is not None else None
    heading = html_text(message("feed-index-title", lang, name=registry.name))
    intro = "intro" if base is not None else "intro-no-base-url"
    items = "\n".join(
        _feed_item(feed, number, base, as_of, lang) for number, feed in enumerate(listed, 1)
    )
    everything = listed[0].events if listed else ()
    data = _json_ld(structured_data(registry, everything, as_of=as_of, blackouts=blackouts))
    setup = ""
    if base is None:
        setup = f'<p class="note">{html_text(message("feed-index-no-base-url", lang))}</p>\n'
    warning = html_text(message("feed-index-warning", lang))
    calendars = html_text(message("feed-index-calendars", lang))
    stand = html_text(message("feed-index-as-of", lang, date=format_date(as_of, lang)))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No icon of its own, said here: else every browser asks the server for favicon.ico.
        '<link rel="icon" href="data:,">\n'
        f"<title>{heading}</title>\n<style>{_STYLE}</style>\n"
        f'<script type="application/ld+json">\n{data}\n</script>\n</head>\n<body>\n'
        f"<header>\n<h1>{heading}</h1>\n"
        f"<p>{html_text(message(f'feed-index-{intro}', lang))}</p>\n</header>\n<main>\n"
        f"{setup}"
        f'<p class="note"><strong>{warning}</strong></p>\n'
        f'<section aria-labelledby="calendars">\n<h2 id="calendars">{calendars}</h2>\n'
        f'<ul class="feeds">\n{items}\n</ul>\n</section>\n'
        f"{_steps(lang)}\n</main>\n<footer>\n<p>{stand}</p>\n</footer>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
