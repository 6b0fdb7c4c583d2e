"""pytest fixtures for plugin authors, registered through the ``pytest11`` entry point.

With schulsozialarbeit installed, every test session has them; a plugin's tests need no
conftest of their own (pytest's ``pytester`` is the model):

- ``ssa_example``: a factory, ``ssa_example("herne")`` is the shipped example registry.
- ``ssa_plugins``: a factory, ``ssa_plugins(my_plugin)`` is a plugin manager holding the
  core and only the plugin under test (no installed plugin is loaded), so a test sees
  exactly what that plugin adds.
- ``ssa_cli``: runs the command line in the test's process and returns its exit status,
  stdout (text and bytes) and stderr, the way a user's shell would see them.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from attrs import frozen

from .cli import main
from .examples import example_path
from .files import load
from .model import Registry
from .plugins import Plugins, load_plugins

#: The fixtures' types, for a plugin author's annotations (``ssa_plugins: PluginsFactory``).
ExampleFactory = Callable[[str], Registry]
PluginsFactory = Callable[..., Plugins]
CliRunner = Callable[[Sequence[str | Path]], "CliResult"]


@frozen(kw_only=True)
class CliResult:
    """What one run of the command line gave: exit status, stdout (bytes and text), stderr."""

    status: int
    output: bytes
    stderr: str

    @property
    def stdout(self) -> str:
        return self.output.decode("utf-8")


def run_cli(arguments: Sequence[str | Path]) -> CliResult:
    """Run ``schulsozialarbeit ARGUMENTS`` in this process; nothing reaches the terminal."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main([str(argument) for argument in arguments], stdout=stdout)
    stdout.flush()
    return CliResult(status=status, output=raw.getvalue(), stderr=stderr.getvalue())


def example_registry(name: str) -> Registry:
    """A shipped example registry: ``herne``, ``kreis-soest`` or ``gelsenkirchen``."""
    return load(str(example_path(name)))


def plugin_manager(plugin: object, name: str = "plugin") -> Plugins:
    """The core and ``plugin`` (registered as ``name``), and no installed plugin."""
    return load_plugins(entry_points=False, plugins={name: plugin})


@pytest.fixture
def ssa_example() -> ExampleFactory:
    """``ssa_example(name)``: a shipped example registry, loaded."""
    return example_registry


@pytest.fixture
def ssa_plugins() -> PluginsFactory:
    """``ssa_plugins(plugin, name="plugin")``: a manager with the core and that plugin only."""
    return plugin_manager


@pytest.fixture
def ssa_cli() -> CliRunner:
    """``ssa_cli([...])``: the command line run in-process; returns a :class:`CliResult`."""
    return run_cli
