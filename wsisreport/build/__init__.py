"""The build: check, then render each format's files in parallel, write atomically, keep a manifest.

Split by concern: ``plan`` (which files), ``digests`` (what each depends on), ``manifest`` (what was
built), ``lock`` (concurrent builds into one folder), ``workers`` (processes for slow formats) and
``orchestrate`` (the order of it all). The build knows formats only by what they declare in the
registry (``wsisreport.render.FORMATS``).

Its names are imported when first used, so that ``build.workers`` can be started before the rest
(the models, the loader) is imported at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .manifest import MANIFEST, Output, read_manifest
    from .orchestrate import BuildResult, Event, build

_HOMES = {
    "MANIFEST": "manifest",
    "Output": "manifest",
    "read_manifest": "manifest",
    "BuildResult": "orchestrate",
    "Event": "orchestrate",
    "build": "orchestrate",
}

__all__ = [
    "MANIFEST",
    "BuildResult",
    "Event",
    "Output",
    "build",
    "read_manifest",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
