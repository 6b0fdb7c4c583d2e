"""Where data in a registry came from, and under which licence."""

from __future__ import annotations

from datetime import date

from attrs import frozen


@frozen(kw_only=True)
class Source:
    """An outside source of data, such as the NRW school directory (Schulgrunddaten).

    Open data licences such as the Datenlizenz Deutschland – Namensnennung 2.0 allow reuse
    on condition that the provider, the licence and the data set are named; an import
    records them here, the entities it brought in point to it, and outputs that show them
    name it.
    """

    id: str
    name: str
    licence: str
    publisher: str | None = None
    licence_url: str | None = None
    url: str | None = None
    retrieved: date | None = None
