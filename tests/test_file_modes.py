"""Files and folders every command writes get the modes any program's would under the umask,
and a rewrite keeps the mode the office gave a file, so a web server running as another user
can read what was published (the issue: every file came out 0600)."""

from __future__ import annotations

import os
import pwd
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLE_DIR = Path(__file__).parent.parent / "src" / "schulsozialarbeit" / "examples"
HERNE, SOEST = str(EXAMPLE_DIR / "herne"), str(EXAMPLE_DIR / "kreis-soest")

#: Every command that writes files, each into its own place under the root; the rewritable
#: ones (all but ``init``, which wants an empty folder) are run twice by the rewrite test.
WRITERS: dict[str, list[str]] = {
    "feeds": ["feeds", SOEST, "{root}/feeds/site", "--base-url", "https://example.org/k/"],
    "ical": ["ical", SOEST, "-o", "{root}/soest.ics"],
    "report-text": ["report", HERNE, "--as-of", "2017-11-30", "-o", "{root}/report.txt"],
    "report-html": ["report", HERNE, "--format", "html", "-o", "{root}/report.html"],
    "report-xlsx": ["report", HERNE, "--format", "xlsx", "-o", "{root}/report.xlsx"],
    "export-csv": ["export", HERNE, "--format", "csv", "-o", "{root}/csv"],
    "export-xlsx": ["export", HERNE, "--format", "xlsx", "-o", "{root}/positions.xlsx"],
    "export-json": ["export", HERNE, "--format", "json", "-o", "{root}/registry.json"],
    "export-toml": ["export", HERNE, "--format", "toml", "-o", "{root}/registry.toml"],
    "export-jsonschema": ["export", HERNE, "--format", "jsonschema", "-o", "{root}/schema.json"],
    "export-oparl": [
        "export",
        HERNE,
        "--format",
        "oparl",
        "-o",
        "{root}/oparl",
        "--base-url",
        "https://example.org/oparl",
    ],
}
_DUMP = "import sys, schulsozialarbeit as s; s.dump(s.load(sys.argv[1]), sys.argv[2])"


def _run(argv: list[str], umask: int) -> None:
    def setup() -> None:
        os.umask(umask)

    done = subprocess.run(
        argv, capture_output=True, text=True, check=False, preexec_fn=setup, timeout=300
    )
    assert done.returncode == 0, f"{argv}: {done.stderr}"


def write_everything(root: Path, umask: int, *, init: bool = True) -> None:
    """Run every writer under ``umask``, as a user's shell would start it."""
    command = [sys.executable, "-m", "schulsozialarbeit"]
    for argv in WRITERS.values():
        _run([*command, *(a.format(root=root) for a in argv), "--no-plugins"], umask)
    _run([sys.executable, "-c", _DUMP, HERNE, str(root / "dump" / "registry.toml")], umask)
    if init:
        _run([*command, "init", str(root / "init" / "deep"), "--no-plugins"], umask)


@pytest.fixture
def root() -> Iterator[Path]:
    """A folder any user may enter, so only the modes of what the writers made decide."""
    folder = Path(tempfile.mkdtemp(prefix="ssa-modes-"))
    folder.chmod(0o755)
    (folder / "dump").mkdir(mode=0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=True)


def _modes(root: Path) -> tuple[dict[str, int], dict[str, int]]:
    files: dict[str, int] = {}
    folders: dict[str, int] = {}
    for path in root.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        (folders if path.is_dir() else files)[str(path.relative_to(root))] = mode
    return files, folders


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_every_writer_gives_the_modes_of_the_umask(root: Path, umask: int) -> None:
    write_everything(root, umask)
    files, folders = _modes(root)
    made_folders = {name: mode for name, mode in folders.items() if name != "dump"}
    assert {"feeds", "feeds/site", "csv", "oparl", "init", "init/deep"} <= set(made_folders)
    assert len(files) > 30
    assert {name for name, mode in files.items() if mode != 0o666 & ~umask} == set()
    assert {name for name, mode in made_folders.items() if mode != 0o777 & ~umask} == set()


def test_files_written_under_umask_022_are_readable_by_another_user(root: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("reading as another user needs root (CI runs .ci/run as root)")
    write_everything(root, 0o022)
    files, _ = _modes(root)
    nobody = pwd.getpwnam("nobody")

    def drop() -> None:
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    read_all = "import sys; [open(p, 'rb').read() for p in sys.argv[1:]]"
    paths = [str(root / name) for name in sorted(files)]
    done = subprocess.run(
        ["/usr/bin/python3", "-c", read_all, *paths],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=drop,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_rewrite_keeps_each_file_s_mode(root: Path, mode: int) -> None:
    write_everything(root, 0o022, init=False)
    files, _ = _modes(root)
    for name in files:
        (root / name).chmod(mode)
    write_everything(root, 0o077, init=False)
    after, _ = _modes(root)
    assert set(after) == set(files)
    assert {name for name, kept in after.items() if kept != mode} == set()
