"""The core's tests run without installed plugins, whatever `make test` put in the venv.

Plugin behaviour is tested with plugins given explicitly (tests/test_plugins.py) and each
district plugin in its own package's tests.
"""

from __future__ import annotations

import pytest

from schulsozialarbeit.plugins import ENV_VAR


@pytest.fixture(autouse=True)
def _no_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "")
