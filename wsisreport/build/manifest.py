"""The manifest, ``<out>/<year>/manifest.json``: every output with its languages, hash and input digest.

Documented in docs/json-model.md. Entries of other manifest versions are not trusted: their outputs
are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fsutil import write_atomic
from .plan import Job

MANIFEST = "manifest.json"
# 3: "langs", a list, replaced "lang" (a string, "en+zh" for a bilingual output).
MANIFEST_VERSION = 3


@dataclass(frozen=True)
class Output:
    """One output as the manifest lists it, and how this build came by it."""

    path: str
    langs: tuple[str, ...]
    format: str
    sha256: str
    inputs: str = ""
    bytes: int = 0
    pages: int | None = None
    seconds: float = 0.0
    peak_memory_kb: int = 0
    built: bool = True

    @classmethod
    def kept(cls, job: Job, key: str, entry: dict[str, Any]) -> Output:
        """An output left as the manifest describes it (up to date)."""
        return cls(
            job.path,
            job.langs,
            job.format,
            entry["sha256"],
            key,
            entry.get("bytes", 0),
            entry.get("pages"),
            built=False,
        )

    def entry(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "langs": list(self.langs),
            "format": self.format,
            "sha256": self.sha256,
            "inputs": self.inputs,
            "bytes": self.bytes,
            "pages": self.pages,
        }


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries by output path (empty when there is no usable manifest of this version)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data["version"] != MANIFEST_VERSION:
            return {}
        return {e["path"]: e for e in data["outputs"] if isinstance(e, dict) and "path" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def up_to_date(folder: Path, entry: dict[str, Any] | None, key: str) -> bool:
    """Whether the output an entry describes was built from these inputs and is still as built."""
    if entry is None or entry.get("inputs") != key:
        return False
    # The bytes on disk must still be the ones recorded: an edited or damaged output is rebuilt.
    return _sha256_file(folder / entry["path"]) == entry.get("sha256")


def write_manifest(folder: Path, year: int, outputs: Sequence[Output]) -> None:
    """Record every output with its hash and input digest; other outputs' entries are kept."""
    entries = {p: e for p, e in read_manifest(folder).items() if (folder / p).exists()}
    for output in outputs:
        entries[output.path] = output.entry()
    manifest = {"version": MANIFEST_VERSION, "year": year, "outputs": [entries[k] for k in sorted(entries)]}
    write_atomic(folder / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
