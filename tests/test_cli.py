"""The command line, run in-process through `main` and once as `python -m`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from schulsozialarbeit import load
from schulsozialarbeit.cli import main

REGISTRY = """
name = "Test"

[[regions]]
id = "herne"
name = "Herne"
kind = "kreisfreie_stadt"

[[schools]]
id = "gs-a"
name = "Grundschule A"
form = "grundschule"
region = "herne"
school_number = "123456"

[[carriers]]
id = "stadt"
name = "Stadt Herne"
kind = "public"

[[staff]]
id = "s1"
name = "Erika Beispiel"

[[positions]]
id = "p1"
carrier = "stadt"
fte = 0.5
start = 2017-08-01
holder = "s1"
assignments = [{ school = "gs-a", fte = 0.5 }]
"""


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def test_validate_a_sound_registry_exits_0(registry: Path) -> None:
    code, out = run("validate", str(registry), "--as-of", "2017-11-30")
    assert code == 0, out
    assert "0 Fehler" in out


def test_validate_json_is_one_document_with_the_contract_keys(registry: Path) -> None:
    broken = registry.read_text(encoding="utf-8").replace("fte = 0.5\nstart", "fte = 1.5\nstart")
    registry.write_text(broken, encoding="utf-8")
    code, out = run("validate", str(registry), "--as-of", "2017-11-30", "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["ok"] is False
    assert document["issues"]
    for issue in document["issues"]:
        assert set(issue) == {"code", "severity", "entity", "path", "message"}
    assert any(i["path"] == "positions[0].fte" and i["entity"] == "p1" for i in document["issues"])


def test_structural_problems_are_listed_by_validate_with_exit_1(registry: Path) -> None:
    registry.write_text(REGISTRY.replace('school_number = "123456"', 'pupils = "12"\nnmae = 1'))
    code, out = run("--lang", "en", "validate", str(registry), "--format", "json")
    assert code == 1
    paths = {(i["code"], i["path"]) for i in json.loads(out)["issues"]}
    assert paths == {("wrong-type", "schools[0].pupils"), ("unknown-field", "schools[0].nmae")}


@pytest.mark.parametrize("suffix", ["toml", "json"])
def test_unreadable_input_exits_2_with_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path = tmp_path / f"broken.{suffix}"
    path.write_text('name = "x"\n[[schools]\n' if suffix == "toml" else '{"name":\n}')
    for command in ("validate", "report", "export"):
        extra = ["--format", "json"] if command == "export" else []
        code, out = run(command, str(path), *extra)
        err = capsys.readouterr().err
        assert code == 2
        assert out == ""
        assert str(path) in err
        assert "Zeile 2" in err
        assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("--lang", "en", "report", str(tmp_path / "nope.toml"))
    assert code == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("report")[0] == 2
    assert run("validate", "x", "--as-of", "30.11.2017")[0] == 2
    assert run("frobnicate")[0] == 2


def test_export_json_then_again_is_byte_identical(registry: Path, tmp_path: Path) -> None:
    code, first = run("export", str(registry), "--format", "json", "--privacy", "internal")
    assert code == 0
    exported = tmp_path / "again.json"
    exported.write_text(first, encoding="utf-8")
    assert run("export", str(exported), "--format", "json", "--privacy", "internal") == (0, first)
    assert load(exported) == load(registry)


def test_export_to_a_file_writes_it(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    argv = ("export", str(registry), "--format", "toml", "--privacy", "internal")
    assert run(*argv, "-o", str(target)) == (0, "")
    assert load(target) == load(registry)


def test_every_command_prints_the_same_bytes_twice(registry: Path) -> None:
    for args in (
        ("validate", str(registry), "--as-of", "2017-11-30"),
        ("validate", str(registry), "--as-of", "2017-11-30", "--format", "json"),
        ("report", str(registry), "--as-of", "2017-11-30"),
        ("report", str(registry), "--as-of", "2017-11-30", "--format", "json"),
        ("report", str(registry), "--as-of", "2017-11-30", "--format", "markdown"),
        ("export", str(registry), "--format", "toml"),
    ):
        assert run(*args) == run(*args)


def test_messages_follow_lang(registry: Path) -> None:
    assert "0 errors" in run("--lang", "en", "validate", str(registry), "--as-of", "2017-11-30")[1]
    assert "0 errors" in run("validate", str(registry), "--lang", "en", "--as-of", "2017-11-30")[1]


def test_python_dash_m_runs_the_same_command_line(registry: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "schulsozialarbeit", "export", str(registry), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == run("export", str(registry), "--format", "json")[1]


def test_init_writes_an_example_that_loads_and_refuses_a_full_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "soest"
    code, out = run("init", str(target), "--example", "kreis-soest")
    assert code == 0
    assert str(target) in out
    assert load(target).offices
    assert run("init", str(target))[0] == 2
    assert "nichts wurde geschrieben" in capsys.readouterr().err
    assert run("init", str(tmp_path / "x"), "--example", "atlantis")[0] == 2


def test_herne_report_json_reproduces_the_council_figures() -> None:
    herne = Path(__file__).resolve().parent.parent / "examples" / "herne"
    code, out = run("report", str(herne), "--as-of", "2017-11-30", "--format", "json")
    figures = json.loads(out)
    assert code == 0
    assert (figures["staff"], figures["fte"]) == (44, "39.5")
    assert (figures["schools"], figures["schools_with_social_work"]) == (43, 41)


def test_issues_in_a_folder_name_the_file_and_the_index_inside_it(tmp_path: Path) -> None:
    first, position = REGISTRY.split("[[positions]]")
    broken = position.replace('"p1"', '"p2"').replace("fte = 0.5\nstart", "fte = 1.5\nstart")
    (tmp_path / "a.toml").write_text(f"{first}[[positions]]{position}", encoding="utf-8")
    (tmp_path / "b.toml").write_text(f"[[positions]]{broken}", encoding="utf-8")
    code, out = run("validate", str(tmp_path), "--as-of", "2017-11-30", "--format", "json")
    paths = {(i["code"], i["path"]) for i in json.loads(out)["issues"]}
    assert ("fte-out-of-range", "b.toml:positions[0].fte") in paths
    assert code == 1


def _help_on_a_terminal(columns: int, *args: str) -> str:
    """What ``--help`` shows on a terminal ``columns`` wide (a pseudo-terminal, as a
    terminal emulator gives), COLUMNS unset: argparse wraps at the width it is told."""
    import fcntl
    import os
    import struct
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    try:
        subprocess.run(
            [sys.executable, "-m", "schulsozialarbeit", "--lang", "en", *args, "--help"],
            stdout=follower,
            env=env,
            check=True,
            timeout=120,
        )
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed: all was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return shown.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("args", [(), ("report",), ("import", "schools")])
def test_help_is_as_wide_as_the_terminal(args: tuple[str, ...]) -> None:
    narrow, wide = _help_on_a_terminal(60, *args), _help_on_a_terminal(150, *args)
    assert narrow.startswith("usage: schulsozialarbeit")
    # Below the usage (whose indented options argparse never breaks), every line fits.
    below = narrow.split("\n\n", 1)[1]
    assert max(len(line) for line in below.splitlines()) <= 58
    assert max(len(line) for line in wide.splitlines()) > 80
    # The same words either way, only wrapped differently.
    assert narrow.split() == wide.split()


def test_a_commands_help_lists_its_own_options_and_not_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("--lang", "en", "report", "--help")[0] == 0
    shown = capsys.readouterr().out
    assert "--every {year,half-year,month}" in shown
    assert "--privacy {public,internal}" in shown
    assert "--series" not in shown
