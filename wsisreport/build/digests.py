"""What each output depends on, as one digest: an output whose digest is unchanged need not be rebuilt.

Every output depends on the year's submissions and the registry, the package's code, its version and
``SOURCE_DATE_EPOCH``; each format adds the inputs it declares (``Format.inputs``), and each job its
languages.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .. import __version__
from ..load import REGISTRY_FILE
from ..paths import LOCALE_DIR, PACKAGE_DIR, TEMPLATES_DIR
from ..render import FORMATS, Inputs
from ..reproducible import source_date_epoch
from ..translation import TRANSLATION_LANGUAGE
from ..translation.record import RECORD_FOLDER
from .plan import Job

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)


def _digest_files(paths: Iterable[Path], base: Path) -> str:
    """Names (relative to ``base``) and bytes of the files, in a stable order."""
    h = hashlib.sha256()
    for path in sorted(set(paths)):
        with contextlib.suppress(OSError):
            h.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _fonts_digest() -> str:
    """Installed fonts by name, size and time: installing or removing a font changes the layout."""
    h = hashlib.sha256()
    for folder in FONT_DIRS:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(root, name))
                    h.update(f"{root}/{name}:{st.st_size}:{int(st.st_mtime)}\n".encode())
    return h.hexdigest()


def _templates_digest(pattern: str) -> str:
    return _digest_files((p for p in TEMPLATES_DIR.glob(pattern) if p.is_file()), TEMPLATES_DIR)


def _catalogs_digest() -> str:
    return _digest_files(LOCALE_DIR.rglob("*.mo"), LOCALE_DIR)


class _Declared:
    """The digests of the inputs formats declare, each computed once per build however many share it."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def _once(self, name: str, compute: Callable[[], str]) -> str:
        if name not in self._seen:
            self._seen[name] = compute()
        return self._seen[name]

    def parts(self, inputs: Inputs) -> dict[str, str]:
        wanted: dict[str, Callable[[], str]] = {
            f"templates:{glob}": functools.partial(_templates_digest, glob) for glob in inputs.templates
        }
        if inputs.catalogs:
            wanted["catalogs"] = _catalogs_digest
        if inputs.fonts:
            wanted["fonts"] = _fonts_digest
        return {name: self._once(name, compute) for name, compute in wanted.items()}


def input_digests(submissions: Path, year: int, formats: Sequence[str]) -> dict[str, str]:
    """The digest of everything each format's outputs depend on (languages are added per job)."""
    year_dir = submissions / str(year)
    epoch = source_date_epoch()
    common = {
        "version": __version__,
        "data": _digest_files(
            [
                submissions / REGISTRY_FILE,
                *year_dir.glob("*.yaml"),
                *year_dir.glob("*.png"),
                # The translation record decides which pieces are stale.
                *year_dir.glob(f"{RECORD_FOLDER}/*.json"),
            ],
            submissions,
        ),
        "code": _digest_files(PACKAGE_DIR.rglob("*.py"), PACKAGE_DIR),
        "epoch": "" if epoch is None else str(epoch),
    }
    declared = _Declared()
    digests = {}
    for name in formats:
        parts = {**common, **declared.parts(FORMATS[name].inputs), "format": name}
        digests[name] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return digests


def job_key(digests: dict[str, str], job: Job, draft: bool = False) -> str:
    """The digest of one job's inputs: its format's, its languages, and whether a translation in
    it may be a draft (a final build must never take a draft for up to date)."""
    mode = ":draft" if draft and TRANSLATION_LANGUAGE in job.langs else ""
    return hashlib.sha256(f"{digests[job.format]}:{'+'.join(job.langs)}{mode}".encode()).hexdigest()
