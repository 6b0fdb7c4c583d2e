"""A municipal web application on schulsozialarbeit: Starlette, SQLAlchemy 2 and SQLite.

Written from docs/embedding.md alone, with the public API only. The registry lives in the
database: schools, carriers, staff, positions and their assignments as tables of their own
(what a municipal system already has), everything else (regions, networks, meeting series)
as one JSON document per entity. Each request builds the registry from the rows; a
registry is an immutable value, so it could as well be cached and shared by every thread.

Routes:

- ``GET /figures?as_of=YYYY-MM-DD``: the key figures as JSON (``report --format json``).
- ``POST /positions/check``: a position as a form posts it (numbers as JSON floats),
  checked against the registry: 422 with the structure problems or the validation issues.
- ``POST /positions/{id}/fte``: ``{"fte": 0.5, "on": "YYYY-MM-DD"}`` changes a position's
  FTE from that date, the past kept; 409 with the reason when the edit cannot be made.
- ``GET /series/{id}.ics``: the series as a calendar feed, 304 on a repeated request.

Install with ``pip install 'schulsozialarbeit[web]'`` and run with any ASGI server, e.g.
``uvicorn webapp:create_app --factory`` in this folder (``SSA_DATABASE`` names the SQLite
file). The tests (tests/test_example_web.py) use Starlette's test client.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, create_engine, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import schulsozialarbeit as ssa
from schulsozialarbeit.model import COLLECTIONS

#: The collections kept as rows; every other one is kept as JSON documents.
ROWS = ("schools", "carriers", "staff", "positions")


class Base(DeclarativeBase):
    pass


class SchoolRow(Base):
    __tablename__ = "schools"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    form: Mapped[str]
    region: Mapped[str]
    pupils: Mapped[int | None]


class CarrierRow(Base):
    __tablename__ = "carriers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]


class StaffRow(Base):
    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None]
    email: Mapped[str | None]


class PositionRow(Base):
    __tablename__ = "positions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    carrier: Mapped[str]
    fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    holder: Mapped[str | None]
    start: Mapped[date | None]
    end: Mapped[date | None]
    modified: Mapped[datetime | None]
    assignments: Mapped[list[AssignmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="AssignmentRow.number"
    )


class AssignmentRow(Base):
    __tablename__ = "assignments"
    position: Mapped[str] = mapped_column(ForeignKey("positions.id"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    school: Mapped[str]
    fte: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    start: Mapped[date | None]
    end: Mapped[date | None]


class DocumentRow(Base):
    """An entity of another collection (a region, a network, a series) as the library's
    own JSON data, read back with ``from_dict``."""

    __tablename__ = "documents"
    collection: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class MetaRow(Base):
    __tablename__ = "registry"
    name: Mapped[str] = mapped_column(primary_key=True)
    modified: Mapped[datetime | None]


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive date-times; the registry's are stored in UTC."""
    return None if moment is None else moment.replace(tzinfo=UTC)


def registry_from_rows(session: Session) -> ssa.Registry:
    """The registry, built from the rows with ``from_dict``: the same checks as a file.
    Decimals, dates and date-times go in as the database gives them."""
    meta = session.scalars(select(MetaRow)).one()
    data: dict[str, Any] = _without_none({"name": meta.name, "modified": _aware(meta.modified)})
    for document in session.scalars(select(DocumentRow).order_by(DocumentRow.collection)):
        data.setdefault(document.collection, []).append(document.data)
    data["schools"] = [
        {"id": s.id, "name": s.name, "form": s.form, "region": s.region}
        | ({"pupils": s.pupils} if s.pupils is not None else {})
        for s in session.scalars(select(SchoolRow).order_by(SchoolRow.id))
    ]
    data["carriers"] = [
        {"id": c.id, "name": c.name, "kind": c.kind}
        for c in session.scalars(select(CarrierRow).order_by(CarrierRow.id))
    ]
    data["staff"] = [
        {key: value for key, value in (("id", s.id), ("name", s.name), ("email", s.email)) if value}
        for s in session.scalars(select(StaffRow).order_by(StaffRow.id))
    ]
    data["positions"] = [
        _without_none(
            {
                "id": p.id,
                "carrier": p.carrier,
                "fte": p.fte,
                "holder": p.holder,
                "start": p.start,
                "end": p.end,
                "modified": _aware(p.modified),
                "assignments": [
                    _without_none(
                        {"school": a.school, "fte": a.fte, "start": a.start, "end": a.end}
                    )
                    for a in p.assignments
                ],
            }
        )
        for p in session.scalars(select(PositionRow).order_by(PositionRow.id))
    ]
    return ssa.from_dict(data)


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    """``None`` means absent: a field left out takes its default."""
    return {key: value for key, value in data.items() if value is not None}


def store(session: Session, registry: ssa.Registry) -> None:
    """Write ``registry`` into the tables, replacing what they held."""
    for table in (
        AssignmentRow,
        PositionRow,
        StaffRow,
        CarrierRow,
        SchoolRow,
        DocumentRow,
        MetaRow,
    ):
        session.execute(delete(table))
    session.add(MetaRow(name=registry.name, modified=_utc(registry.modified)))
    data = ssa.to_dict(registry)
    for collection in COLLECTIONS:
        if collection in ROWS:
            continue
        for item in data.get(collection, []):
            session.add(DocumentRow(collection=collection, id=item["id"], data=item))
    for school in registry.schools:
        session.add(
            SchoolRow(
                id=school.id,
                name=school.name,
                form=school.form.value,
                region=school.region,
                pupils=school.pupils,
            )
        )
    for carrier in registry.carriers:
        session.add(CarrierRow(id=carrier.id, name=carrier.name, kind=carrier.kind.value))
    for person in registry.staff:
        session.add(StaffRow(id=person.id, name=person.name, email=person.email))
    for position in registry.positions:
        session.add(
            PositionRow(
                id=position.id,
                carrier=position.carrier,
                fte=position.fte,
                holder=position.holder,
                start=position.start,
                end=position.end,
                modified=_utc(position.modified),
                assignments=[
                    AssignmentRow(number=n, school=a.school, fte=a.fte, start=a.start, end=a.end)
                    for n, a in enumerate(position.assignments)
                ],
            )
        )


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def _lang(request: Request) -> ssa.Lang:
    return "en" if request.headers.get("accept-language", "").startswith("en") else "de"


def _json(text: str, status: int = 200) -> Response:
    """The library's JSON text as it is: the same bytes as the command line's."""
    return Response(text, status_code=status, media_type="application/json")


def create_app(engine: Engine | None = None) -> Starlette:
    """The application on ``engine`` (default: the SQLite file ``SSA_DATABASE``)."""
    database = engine or create_engine(f"sqlite:///{os.environ.get('SSA_DATABASE', 'ssa.db')}")
    Base.metadata.create_all(database)

    async def figures(request: Request) -> Response:
        try:
            as_of = date.fromisoformat(request.query_params.get("as_of", ""))
        except ValueError:
            return JSONResponse({"error": "as_of: expected a date YYYY-MM-DD"}, 400)
        with Session(database) as session:
            registry = registry_from_rows(session)
        return _json(ssa.key_figures(registry, as_of=as_of).to_json())

    async def check_position(request: Request) -> Response:
        posted = json.loads(await request.body())  # numbers arrive as floats
        lang = _lang(request)
        with Session(database) as session:
            registry = registry_from_rows(session)
        data = ssa.to_dict(registry)
        data["positions"] = [p for p in data.get("positions", []) if p["id"] != posted.get("id")]
        data["positions"].append(posted)
        try:
            candidate = ssa.from_dict(data)
        except ssa.StructureError as error:
            return _json(error.to_json(lang), 422)
        report = ssa.validate(candidate, as_of=date.today())
        return _json(report.to_json(lang), 200 if report.ok else 422)

    async def change_fte(request: Request) -> Response:
        posted = json.loads(await request.body())
        lang = _lang(request)
        try:
            # str() of a float is its shortest text, the digits the form sent.
            fte, on = Decimal(str(posted["fte"])), date.fromisoformat(posted["on"])
        except (KeyError, TypeError, ValueError, ArithmeticError):
            return JSONResponse({"error": 'expected {"fte": 0.5, "on": "YYYY-MM-DD"}'}, 400)
        with Session(database) as session:
            registry = registry_from_rows(session)
            try:
                changed = ssa.change_fte(
                    registry, request.path_params["id"], fte, on=on, modified=datetime.now(UTC)
                )
            except ssa.StructureError as error:  # an FTE that is no amount (NaN)
                return _json(error.to_json(lang), 422)
            except ssa.UnknownIdError as error:
                return JSONResponse({"error": error.message(lang)}, 404)
            except ssa.EditError as error:
                return JSONResponse({"error": error.message(lang)}, 409)
            store(session, changed)
            session.commit()
        return _json(ssa.validate(changed, as_of=on).to_json(lang))

    async def feed(request: Request) -> Response:
        series = request.path_params["id"]
        with Session(database) as session:
            registry = registry_from_rows(session)
        try:
            body = ssa.to_ical(registry, series=series)
        except ssa.FeedSelectionError as error:
            return JSONResponse({"error": error.message(_lang(request))}, 404)
        answer = ssa.feed_response(
            body,
            modified=ssa.last_modified(registry, series=series),
            if_none_match=request.headers.get("if-none-match"),
            if_modified_since=request.headers.get("if-modified-since"),
        )
        return Response(answer.body, status_code=answer.status, headers=dict(answer.headers))

    return Starlette(
        routes=[
            Route("/figures", figures),
            Route("/positions/check", check_position, methods=["POST"]),
            Route("/positions/{id}/fte", change_fte, methods=["POST"]),
            Route("/series/{id}.ics", feed),
        ]
    )
