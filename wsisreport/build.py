"""The build: check the submissions, render each language × format, write outputs and a manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics
from .document import Document
from .errors import UsageError
from .fsutil import write_atomic
from .models import LANGUAGES
from .pipeline import check
from .render import FORMATS

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Output:
    """One file the build wrote, as the manifest lists it."""

    path: str
    lang: str
    format: str
    sha256: str


@dataclass
class BuildResult:
    """Diagnostics, and the outputs written (none when the input had errors)."""

    diagnostics: Diagnostics
    outputs: list[Output] = field(default_factory=list)
    folder: Path | None = None
    document: Document | None = None


def output_stem(document: Document) -> str:
    """File names follow the joint symbol: A/80/62 and E/2025/12 → A-80-62-E-2025-12."""
    return "-".join(s.replace("/", "-") for s in document.symbols)


def build(
    year: int,
    submissions: Path,
    out: Path,
    *,
    langs: Sequence[str] = LANGUAGES,
    formats: Sequence[str] | None = None,
) -> BuildResult:
    """Validate, assemble and render one year; write nothing at all if there are errors."""
    if not submissions.is_dir():
        raise UsageError(f"submissions folder not found: {submissions}")
    if not (submissions / f"{year}").is_dir():
        raise UsageError(f"no folder for {year} in {submissions}")
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(f"unknown language '{lang}' (choose from {', '.join(LANGUAGES)})")
    formats = list(formats or [name for name, f in FORMATS.items() if f.available()])
    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    # Source paths in outputs are relative to the folder holding submissions/, whatever the cwd.
    checked = check(submissions, years={year}, base=submissions.absolute().parent)
    result = BuildResult(checked.diagnostics)
    document = checked.documents.get(year)
    if not checked.ok or document is None:
        return result
    folder = out / str(year)
    stem = output_stem(document)
    # Render everything before writing anything: a renderer that refuses (a missing glyph, say)
    # must leave every previous output as it was.
    rendered: list[tuple[Output, bytes]] = []
    for fmt in formats:
        renderer = FORMATS[fmt].load()
        for lang in langs:
            data = renderer(document, lang)
            name = f"{stem}.{lang}.{FORMATS[fmt].extension}"
            rendered.append((Output(name, lang, fmt, hashlib.sha256(data).hexdigest()), data))
    for output, data in rendered:
        write_atomic(folder / output.path, data)
        result.outputs.append(output)
    write_manifest(folder, year, result.outputs)
    result.folder = folder
    result.document = document
    return result


def write_manifest(folder: Path, year: int, outputs: list[Output]) -> None:
    """Record every output with its hash; entries from earlier builds of other outputs are kept."""
    entries: dict[str, dict[str, str]] = {}
    path = folder / MANIFEST
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
        for entry in previous.get("outputs", []):
            if (folder / entry["path"]).exists():
                entries[entry["path"]] = entry
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # No usable manifest yet: start a new one.
    for output in outputs:
        entries[output.path] = {
            "path": output.path,
            "lang": output.lang,
            "format": output.format,
            "sha256": output.sha256,
        }
    manifest = {"year": year, "outputs": [entries[k] for k in sorted(entries)]}
    write_atomic(path, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
