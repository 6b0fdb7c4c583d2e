"""The worked web application of examples/web, through Starlette's test client.

Issue #12 asks for what a municipal application does: build the registry from database
rows, take a position a form posts (floats), edit a position's FTE from a date, validate,
serve the key figures as JSON and a series as a feed that answers a repeated request with
304. Nothing listens on a port: the test client calls the ASGI application directly. The
application is written from docs/embedding.md with the public API only, and mypy --strict
is clean on it.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date
from decimal import Decimal
from email.utils import format_datetime
from pathlib import Path
from types import ModuleType

import icalendar
import pytest

import schulsozialarbeit as ssa
from schulsozialarbeit.testing import example_registry

_HOW = "the web example needs its extra: pip install -e '.[web]' (make test installs it)"
pytest.importorskip("starlette", reason=_HOW)
pytest.importorskip("sqlalchemy", reason=_HOW)
pytest.importorskip("starlette.testclient", reason=_HOW)

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "examples" / "web" / "webapp.py"
SERIES = "ak-schulsozialarbeit-sitzungen"
BEFORE, ON, AFTER = date(2022, 6, 30), date(2023, 2, 1), date(2023, 6, 30)


def _webapp() -> ModuleType:
    sys.path.insert(0, str(APP.parent))
    try:
        import webapp
    finally:
        sys.path.remove(str(APP.parent))
    return webapp


webapp = _webapp()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    engine = create_engine(f"sqlite:///{tmp_path / 'ssa.db'}")
    app = webapp.create_app(engine)
    with Session(engine) as session:
        webapp.store(session, example_registry("kreis-soest"))
        session.commit()
    with TestClient(app) as test_client:
        yield test_client


def test_the_registry_built_from_rows_has_the_examples_figures(client: TestClient) -> None:
    answer = client.get("/figures", params={"as_of": BEFORE.isoformat()})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    served = answer.json()
    expected = ssa.key_figures(example_registry("kreis-soest"), as_of=BEFORE)
    assert Decimal(served["fte"]) == expected.fte
    assert served["staff"] == expected.staff
    assert served["schools_with_social_work"] == expected.schools_with_social_work


def test_served_figures_are_the_command_lines_json_byte_for_byte(
    client: TestClient, tmp_path: Path
) -> None:
    served = client.get("/figures", params={"as_of": BEFORE.isoformat()}).content
    with Session(create_engine(f"sqlite:///{tmp_path / 'ssa.db'}")) as session:
        registry = webapp.registry_from_rows(session)
    ssa.dump(registry, tmp_path / "rows.toml")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "schulsozialarbeit", "--no-plugins", "report"),
            *("--format", "json", str(tmp_path / "rows.toml"), "--as-of", BEFORE.isoformat()),
        ],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert served == result.stdout


def test_a_posted_position_with_floats_is_checked(client: TestClient) -> None:
    position = {
        "id": "stelle-neu",
        "carrier": example_registry("kreis-soest").carriers[0].id,
        "fte": 0.3,
        "start": "2022-08-01",
        "assignments": [
            {"school": "gs-soest-ost", "fte": 0.1},
            {"school": "gs-geseke-mitte", "fte": 0.2},
        ],
    }
    answer = client.post("/positions/check", content=json.dumps(position))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["ok"] is True
    # 0.1 + 0.2 is 0.3 here, as the form meant: no assignment-sum-mismatch.
    assert "assignment-sum-mismatch" not in {issue["code"] for issue in report["issues"]}


def test_a_posted_position_over_full_time_gets_its_issue_beside_the_field(
    client: TestClient,
) -> None:
    position = {"id": "stelle-s01", "carrier": "x", "fte": 1.5, "assignments": []}
    answer = client.post(
        "/positions/check", content=json.dumps(position), headers={"accept-language": "en"}
    )
    assert answer.status_code == 422
    codes = {(i["code"], i["path"].rsplit(".", 1)[-1]) for i in answer.json()["issues"]}
    assert ("fte-out-of-range", "fte") in codes
    assert ("unknown-reference", "carrier") in codes


def test_a_posted_nan_is_a_structure_problem_not_a_crash(client: TestClient) -> None:
    answer = client.post(
        "/positions/check",
        content='{"id": "stelle-neu", "carrier": "x", "fte": NaN}',
        headers={"accept-language": "en"},
    )
    assert answer.status_code == 422
    [issue] = answer.json()["issues"]
    assert issue["code"] == "wrong-type"
    assert re.fullmatch(r"positions\[\d+\]\.fte", issue["path"])
    assert issue["message"].startswith("expected a finite decimal number")


def test_an_fte_changed_from_a_date_keeps_last_years_figures(client: TestClient) -> None:
    before = client.get("/figures", params={"as_of": BEFORE.isoformat()}).json()
    after = client.get("/figures", params={"as_of": AFTER.isoformat()}).json()
    answer = client.post("/positions/stelle-s03/fte", json={"fte": 0.5, "on": ON.isoformat()})
    assert answer.status_code == 200, answer.text
    assert client.get("/figures", params={"as_of": BEFORE.isoformat()}).json() == before
    changed = client.get("/figures", params={"as_of": AFTER.isoformat()}).json()
    assert Decimal(changed["fte"]) == Decimal(after["fte"]) - Decimal("0.5")
    refused = client.post(
        "/positions/stelle-s03/fte",
        json={"fte": 0.5, "on": "2010-01-01"},
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 409
    assert "does not exist on" in refused.json()["error"]
    assert (
        client.post("/positions/nope/fte", json={"fte": 0.5, "on": "2023-01-01"}).status_code == 404
    )


def test_a_feed_answers_a_repeated_request_with_304(client: TestClient) -> None:
    first = client.get(f"/series/{SERIES}.ics")
    assert first.status_code == 200
    assert first.headers["content-type"] == ssa.ICAL_MEDIA_TYPE
    assert first.headers["cache-control"] == "max-age=43200"
    calendar = icalendar.Calendar.from_ical(first.content)
    assert calendar.walk("VEVENT")
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    # The newest change of the series (one of its occurrence changes), in GMT.
    newest = ssa.last_modified(example_registry("kreis-soest"), series=SERIES)
    assert newest is not None
    assert modified == format_datetime(newest.astimezone(UTC), usegmt=True)
    again = client.get(f"/series/{SERIES}.ics", headers={"if-none-match": tag})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == tag
    since = client.get(f"/series/{SERIES}.ics", headers={"if-modified-since": modified})
    assert since.status_code == 304
    stale = client.get(f"/series/{SERIES}.ics", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200
    assert stale.content == first.content
    assert client.get("/series/nope.ics").status_code == 404


def test_one_registry_and_one_plugin_manager_serve_many_threads_alike() -> None:
    registry = example_registry("kreis-soest")
    plugins = ssa.load_plugins()

    def work(_: int) -> tuple[str, str, bytes]:
        figures = plugins.key_figures(registry, as_of=BEFORE)
        report = plugins.validate(registry, as_of=BEFORE)
        return figures.to_json(), report.to_json(), ssa.to_ical(registry, series=SERIES)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = set(pool.map(work, range(64)))
    assert len(results) == 1


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "schulsozialarbeit"}


def test_the_application_uses_only_modules_the_docs_call_public() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    public = set(re.findall(r"^\| `(schulsozialarbeit(?:\.[a-z_]+)?)` \|", index, re.M))
    public.add("schulsozialarbeit")
    used = _imported_modules(APP)
    assert used, "the application imports the library"
    assert used <= public, used - public


def test_mypy_strict_is_clean_on_the_application() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(APP)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
