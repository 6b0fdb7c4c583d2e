"""Hostile input meets limits, an interrupted dump leaves a whole file, writers stay inside.

Each test here stands for a way a registry file from outside could hurt the process that
reads it (memory, stack, an endless read), the files beside it, or the folder it is
written to; see docs/robustness.md.
"""

from __future__ import annotations

import ast
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schulsozialarbeit import (
    ParseError,
    Registry,
    SourceError,
    StructureError,
    dumps,
    load,
    loads,
)
from schulsozialarbeit.cli import main
from schulsozialarbeit.examples import example_path, write_example
from schulsozialarbeit.files import FORMATS, Format
from schulsozialarbeit.files.limits import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_INTEGER,
    MAX_NUMBER_LENGTH,
    MAX_TEXT_LENGTH,
)
from schulsozialarbeit.ical import write_feeds

SRC = Path(__file__).resolve().parent.parent / "src" / "schulsozialarbeit"


def _soest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(dumps(load(str(example_path("kreis-soest"))), "json"))
    return data


def _problems(error: StructureError) -> dict[str, str]:
    return {problem.path: problem.message("en") for problem in error.problems}


# Limits -----------------------------------------------------------------------------------


def test_the_limits_admit_a_germany_size_registry_and_the_model() -> None:
    assert MAX_BYTES >= 100 * 2**20  # every school in Germany is about 90 MB of JSON
    assert 8 < MAX_DEPTH <= 100  # the model nests 8 deep; the parsers recurse per level
    assert MAX_NUMBER_LENGTH < 4300  # below Python's own int-from-text limit


def test_a_file_over_max_bytes_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"name": "' + "x" * 1000 + '"}', encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load(path, max_bytes=1000)
    assert caught.value.key == "source-too-large"
    assert "1000" in caught.value.message("en")
    assert "max_bytes" in caught.value.message("de")
    assert load(path, max_bytes=2000).name == "x" * 1000


def test_a_folder_counts_its_files_together(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('name = "' + "x" * 600 + '"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('description = "' + "y" * 600 + '"\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"b\.toml"):
        load(tmp_path, max_bytes=1000)
    assert load(tmp_path, max_bytes=2000).description == "y" * 600


def test_loads_counts_characters() -> None:
    with pytest.raises(SourceError):
        loads('name = "abc"', max_bytes=5)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("opener", ["[", "{"])
def test_nesting_beyond_max_depth_is_a_parse_error_at_the_bracket(fmt: Format, opener: str) -> None:
    depth = 100_000
    if fmt == "json":
        body = '{"a": ' * depth + "1" + "}" * depth if opener == "{" else "[" * depth + "]" * depth
        text = '{"name":\n' + body + "}"
    else:
        body = "{a = " * depth + "1" + "}" * depth if opener == "{" else "[" * depth + "]" * depth
        text = "name = " + body
    with pytest.raises(ParseError) as caught:
        loads(text, fmt)
    error = caught.value
    assert error.line is not None
    assert error.column is not None
    assert f"{MAX_DEPTH}" in error.message("en")
    assert "max_depth" in error.message("de")


@pytest.mark.parametrize("fmt", FORMATS)
def test_max_depth_counts_brackets_outside_strings_only(fmt: Format) -> None:
    quoted = json.dumps("[" * 500 + "{")
    text = f'{{"name": {quoted}}}' if fmt == "json" else f"name = {quoted} # [[[[[[\n"
    assert loads(text, fmt, max_depth=1).name == "[" * 500 + "{"


def test_max_depth_can_be_lowered_and_the_examples_fit_a_tight_limit() -> None:
    for fmt in FORMATS:
        text = dumps(load(str(example_path("kreis-soest"))), fmt)
        assert loads(text, fmt, max_depth=8) == loads(text, fmt)
    with pytest.raises(ParseError):
        loads(dumps(load(str(example_path("kreis-soest"))), "json"), "json", max_depth=2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_million_digit_number_is_a_parse_error_with_position(fmt: Format) -> None:
    digits = "9" * 10**6
    text = f'{{\n"name": "x",\n"pupils": {digits}}}' if fmt == "json" else f"x = 1\ny = {digits}"
    with pytest.raises(ParseError) as caught:
        loads(text, fmt)
    assert (caught.value.line, caught.value.column) == (3, 11) if fmt == "json" else (2, 5)
    assert str(MAX_NUMBER_LENGTH) in caught.value.message("en")


def test_a_long_decimal_literal_is_a_parse_error_too() -> None:
    with pytest.raises(ParseError, match="100"):
        loads("x = 0." + "1" * 200)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", ["1e999999999", "1e-999999999", "0." + "1" * 40])
def test_absurd_decimals_are_refused_at_their_path(fmt: Format, number: str) -> None:
    text = f'name = "x"\n[[positions]]\nid = "p"\ncarrier = "c"\nfte = {number}\n'
    if fmt == "json":
        position = f'{{"id": "p", "carrier": "c", "fte": {number}}}'
        text = f'{{"name": "x", "positions": [{position}]}}'
    with pytest.raises(StructureError) as caught:
        loads(text, fmt)
    problems = _problems(caught.value)
    fte = next(path for path in problems if path.endswith(".fte"))
    assert "exponent" in problems[fte]
    assert len(caught.value.message("en")) < 2000  # not the number written out in full


def test_a_decimal_as_text_is_bounded_the_same_way() -> None:
    text = json.dumps({"name": "x", "positions": [{"id": "p", "carrier": "c", "fte": "9" * 50}]})
    with pytest.raises(StructureError) as caught:
        loads(text, "json")
    assert "digits" in _problems(caught.value)["positions[0].fte"]


def test_integers_beyond_the_json_safe_range_are_refused_at_their_path() -> None:
    data = _soest()
    data["schools"][0]["pupils"] = MAX_INTEGER + 1
    with pytest.raises(StructureError) as caught:
        loads(json.dumps(data), "json")
    assert "schools[0].pupils" in _problems(caught.value)
    data["schools"][0]["pupils"] = 10**4000  # TOML: under Python's limit, over ours
    toml = f'name = "x"\n[[schools]]\npupils = {10**4000}\n'
    with pytest.raises(StructureError) as caught:
        loads(toml)
    assert "schools[0].pupils" in _problems(caught.value)


def test_texts_beyond_a_spreadsheet_cell_are_refused_at_their_path() -> None:
    data = _soest()
    data["schools"][1]["name"] = "x" * (MAX_TEXT_LENGTH + 1)
    with pytest.raises(StructureError) as caught:
        loads(json.dumps(data), "json")
    message = _problems(caught.value)["schools[1].name"]
    assert str(MAX_TEXT_LENGTH) in message
    assert len(message) < 300  # the value is shown cut short
    data["schools"][1]["name"] = "x" * MAX_TEXT_LENGTH
    assert loads(json.dumps(data), "json").schools[1].name == "x" * MAX_TEXT_LENGTH


def test_a_huge_wrong_value_is_described_in_a_few_characters() -> None:
    text = json.dumps({"name": [list(range(1000))] * 1000})
    with pytest.raises(StructureError) as caught:
        loads(text, "json")
    assert len(caught.value.message("en")) < 300


@pytest.mark.parametrize(
    "text",
    ['{"name": "\\ud800"}', '{"name": "a\\udc00"}', '{"name": "\\ud800\\u0041"}', '{"\\udfff": 1}'],
)
def test_lone_surrogates_are_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        loads(text, "json")
    assert caught.value.line == 1
    assert "surrogate" in caught.value.message("en")


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    assert loads('{"name": "\\ud83d\\ude00"}', "json").name == "😀"
    assert loads('{"name": "\\\\ud800"}', "json").name == "\\ud800"
    with pytest.raises(ParseError, match="Surrogat"):
        loads('name = "x"\n# \ud800\n')


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "Europe/", "../etc/passwd", "a\x00b"])
def test_a_time_zone_that_is_no_zone_file_is_a_structure_problem(zone: str) -> None:
    with pytest.raises(StructureError) as caught:
        loads(json.dumps({"name": "x", "timezone": zone}), "json")
    assert "timezone" in _problems(caught.value)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "registry.json"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="regular file"):
        load(fifo)


def test_a_collection_given_as_list_and_as_table_in_a_folder_is_defined_twice(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.json").write_text('{"name": "x", "schools": {}}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"schools": []}', encoding="utf-8")
    with pytest.raises(StructureError) as caught:
        load(tmp_path)
    assert [p.key for p in caught.value.problems] == ["defined-twice"]
    (tmp_path / "a.json").write_text('{"name": "x", "schools": []}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"schools": "none"}', encoding="utf-8")
    with pytest.raises(StructureError, match=r"a\.json, .*b\.json"):
        load(tmp_path)


def test_a_folder_passes_over_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "registry.toml").write_text('name = "x"\n', encoding="utf-8")
    (tmp_path / ".registry.toml.abc123.tmp").write_text("[[[", encoding="utf-8")
    (tmp_path / ".backup.toml").write_text('name = "y"\n', encoding="utf-8")
    (tmp_path / ".half.json").write_text('{"name": ', encoding="utf-8")
    assert load(tmp_path).name == "x"


# A dump killed at a random moment ---------------------------------------------------------

_DUMPER = """
import sys
import attrs
from schulsozialarbeit import dump, load
from schulsozialarbeit.examples import example_path

base = load(str(example_path("herne")))
big = attrs.evolve(base, schools=base.schools * 40, staff=base.staff * 40)
variants = [attrs.evolve(big, name=name) for name in ("A", "B")]
target = sys.argv[1]
dump(variants[0], target)
print("ready", flush=True)
turn = 0
while True:
    turn += 1
    dump(variants[turn % 2], target)
"""


def test_a_dump_killed_at_random_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    target = folder / "registry.json"
    expected_schools = len(load(str(example_path("herne"))).schools) * 40
    chance = random.Random(6)  # noqa: S311 - a test's timing, not a secret
    leftovers: set[str] = set()
    for _ in range(20):
        with subprocess.Popen(
            [sys.executable, "-c", _DUMPER, str(target)],
            stdout=subprocess.PIPE,
            text=True,
        ) as dumper:
            assert dumper.stdout is not None
            assert dumper.stdout.readline().strip() == "ready"
            try:
                dumper.wait(timeout=chance.uniform(0.0, 0.4))
            except subprocess.TimeoutExpired:
                dumper.send_signal(signal.SIGKILL)
            dumper.wait()
        registry = load(folder)
        assert registry.name in ("A", "B")
        assert len(registry.schools) == expected_schools
        leftovers |= {p.name for p in folder.iterdir()} - {"registry.json"}
    assert all(re.fullmatch(r"\.registry\.json\.[^/]+\.tmp", name) for name in leftovers)


# Writers stay inside their folder ---------------------------------------------------------

HOSTILE_IDS = [
    "../x",
    "../../etc/cron.d/x",
    "/etc/x",
    "a/b",
    "..",
    ".",
    "",
    "a\x00b",
    "a\\..\\b",
    "C:\\x",
    "all",
    "index",
    "~",
]


def _hostile_registry() -> Registry:
    data = _soest()
    template = data["networks"][0]
    data["networks"] = [{**template, "id": ident, "parent": None} for ident in HOSTILE_IDS]
    for network in data["networks"]:
        del network["parent"]
    return loads(json.dumps(data), "json")


def _tree(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def _outside(root: Path, folder: Path) -> Iterator[Path]:
    inside = folder.resolve()
    for path in _tree(root):
        if path.resolve() != inside and inside not in path.resolve().parents:
            yield path


def test_feeds_of_hostile_network_ids_stay_in_their_folder(tmp_path: Path) -> None:
    before = set(_outside(tmp_path, tmp_path / "site"))
    written = write_feeds(_hostile_registry(), tmp_path / "site")
    site = (tmp_path / "site").resolve()
    assert all(path.resolve().parent == site for path in written)
    assert len({path.name for path in written}) == len(HOSTILE_IDS) + 2
    assert set(_outside(tmp_path, tmp_path / "site")) == before
    assert not Path("/etc/x.ics").exists()


def test_the_feeds_command_with_hostile_ids_stays_in_outdir(tmp_path: Path) -> None:
    source = tmp_path / "hostile.json"
    source.write_text(dumps(_hostile_registry(), "json"), encoding="utf-8")
    outdir = tmp_path / "deep" / "site"
    status = main(["feeds", str(source), str(outdir), "--no-plugins"], stdout=io.StringIO())
    assert status == 0
    assert {p.relative_to(tmp_path) for p in _outside(tmp_path, outdir)} == {
        Path("hostile.json"),
        Path("deep"),
    }
    assert all(
        path.suffix in (".ics", ".html") or path.name == ".schulsozialarbeit-feeds.json"
        for path in outdir.iterdir()
    )


@pytest.mark.parametrize("name", ["new", "a/../b", "nested/deeper/dir"])
def test_init_writes_only_into_the_folder_it_was_given(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    status = main(["init", str(target), "--no-plugins"], stdout=io.StringIO())
    assert status == 0
    written = {path for path in _tree(tmp_path) if path.is_file()}
    assert written
    assert all(path.resolve().parent == target.resolve() for path in written)
    assert load(target).name


def test_write_example_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_example("herne", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# No code from data ------------------------------------------------------------------------

_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
_FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle", "yaml"}
_IMPORTLIB_ALLOWED = {"importlib.resources", "importlib.resources.abc", "importlib.metadata"}
_PARSERS = {"json", "tomllib"}
# The one sanctioned import by name: a plugin found through its entry point.
_ALLOWED_CALLS = {("manager.py", "entry_point.load")}


def _imports(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # "from importlib import import_module" imports a function, not a module.
            module = node.module
            yield from (
                (f"{module}.{alias.name}" if module == "importlib" else module, node.lineno)
                for alias in node.names
            )


def _calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield ast.unparse(node.func), node.lineno


def _suspicious(path_name: str, tree: ast.AST) -> list[str]:
    found: list[str] = []
    for module, line in _imports(tree):
        root = module.split(".")[0]
        if root in _FORBIDDEN_MODULES or (root == "importlib" and module not in _IMPORTLIB_ALLOWED):
            found.append(f"{path_name}:{line} imports {module}")
    for name, line in _calls(tree):
        owner, _, attr = name.rpartition(".")
        if (path_name, name) in _ALLOWED_CALLS:
            continue
        if (
            name in _FORBIDDEN_CALLS
            or owner.split(".")[0] in _FORBIDDEN_MODULES
            or attr in ("import_module", "__import__")
            or (attr in ("load", "loads") and owner and owner not in _PARSERS)
        ):
            found.append(f"{path_name}:{line} calls {name}")
    return found


def test_no_source_file_runs_or_unpickles_what_it_reads() -> None:
    """No pickle, marshal, eval, exec or import by a name that could come from data."""
    found: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += _suspicious(path.name, tree)
    assert found == []


def test_the_scan_sees_what_it_looks_for() -> None:
    source = (
        "import pickle\nfrom importlib import import_module\nimport yaml\n"
        "pickle.loads(b'')\neval('1')\nyaml.load(x)\nimport_module(name)\n"
        "importlib.import_module(name)\nentry_point.load()\nshelve.open('x')\n"
    )
    found = _suspicious("elsewhere.py", ast.parse(source))
    assert len(found) == 10
    assert _suspicious("manager.py", ast.parse("entry_point.load()\njson.loads(x)\n")) == []
