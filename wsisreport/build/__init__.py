"""The build: check, then render each format's files in parallel, write atomically, keep a manifest.

Split by concern: ``plan`` (which files), ``digests`` (what each depends on), ``manifest`` (what was
built), ``lock`` (concurrent builds into one folder), ``workers`` (processes for slow formats) and
``orchestrate`` (the order of it all). The build knows formats only by what they declare in the
registry (``wsisreport.render.FORMATS``).
"""

from __future__ import annotations

from .manifest import MANIFEST, Output, read_manifest
from .orchestrate import BuildResult, Event, build
from .plan import Job, output_stem, plan

__all__ = [
    "MANIFEST",
    "BuildResult",
    "Event",
    "Job",
    "Output",
    "build",
    "output_stem",
    "plan",
    "read_manifest",
]
