"""Plugins: the manager, the hook specifications and the core's own built-in plugin.

A plugin author imports :mod:`schulsozialarbeit.hooks`; an embedding application makes a
:class:`Plugins` with :func:`load_plugins` and calls its plugin-aware functions, each of
which returns its result with the plugin faults it met.
"""

from ..errors import FaultKind, PluginFault
from .hookspecs import PROJECT, hookimpl, hookspec
from .manager import (
    BUILTIN,
    ENTRY_POINT_GROUP,
    ENV_VAR,
    FAULT_CODE,
    FeedHooks,
    Outcome,
    PluginInfo,
    Plugins,
    fault_issue,
    load_plugins,
)

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "FAULT_CODE",
    "PROJECT",
    "FaultKind",
    "FeedHooks",
    "Outcome",
    "PluginFault",
    "PluginInfo",
    "Plugins",
    "fault_issue",
    "hookimpl",
    "hookspec",
    "load_plugins",
]
