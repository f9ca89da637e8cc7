"""The build: check, then render each language × format in parallel, write atomically, keep a manifest.

Incremental: each output's manifest entry records a digest of everything it depends on (the year's
submissions and the registry, the package's code, templates, catalogs, fonts for PDF, options);
an output whose digest and bytes are unchanged is not rendered again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostics import Diagnostics
from .document import Document
from .errors import UsageError
from .fsutil import write_atomic
from .models import LANGUAGES
from .paths import LOCALE_DIR, PACKAGE_DIR, TEMPLATES_DIR
from .render import FORMATS, Rendered

MANIFEST = "manifest.json"
MANIFEST_VERSION = 2
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
# Formats whose rendering is slow enough to be worth a worker process of its own.
HEAVY_FORMATS = {"pdf"}
WORKERS = 2


@dataclass(frozen=True)
class Job:
    """One output to produce: a format in one language (or in both, for bilingual formats)."""

    format: str
    lang: str
    path: str


@dataclass(frozen=True)
class Output:
    """One output as the manifest lists it."""

    path: str
    lang: str
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
            job.lang,
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
            "lang": self.lang,
            "format": self.format,
            "sha256": self.sha256,
            "inputs": self.inputs,
            "bytes": self.bytes,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class Event:
    """A step of the build, for the CLI's progress display (library code never prints)."""

    kind: str  # "checked", "up-to-date", "start", "done"
    job: Job | None = None
    output: Output | None = None
    total: int = 0


@dataclass
class BuildResult:
    """Diagnostics, and the outputs (none when the input had errors)."""

    diagnostics: Diagnostics
    outputs: list[Output] = field(default_factory=list)
    folder: Path | None = None
    document: Document | None = None

    @property
    def built(self) -> list[Output]:
        return [o for o in self.outputs if o.built]


def output_stem(document: Document) -> str:
    """File names follow the joint symbol: A/80/62 and E/2025/12 → A-80-62-E-2025-12."""
    return "-".join(s.replace("/", "-") for s in document.symbols)


def _stem_from_report(submissions: Path, year: int) -> str | None:
    """The output stem read straight from report.yaml, so a no-op build need not assemble."""
    import yaml

    try:
        data = yaml.safe_load((submissions / str(year) / "report.yaml").read_text("utf-8"))
        return "-".join(str(s).replace("/", "-") for s in data["symbols"])
    except Exception:  # any problem here is reported properly by validation later
        return None


def plan(stem: str, langs: Sequence[str], formats: Sequence[str]) -> list[Job]:
    """Every output a build of these languages and formats produces."""
    jobs = []
    for fmt in formats:
        spec = FORMATS[fmt]
        if spec.per_language:
            jobs += [Job(fmt, lang, f"{stem}.{lang}.{spec.extension}") for lang in langs]
        else:
            jobs.append(Job(fmt, "+".join(LANGUAGES), f"{stem}.{spec.extension}"))
    return jobs


# -- input digests ------------------------------------------------------------------------------


def _digest_files(paths: Iterator[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        with contextlib.suppress(OSError):
            h.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _fonts_digest() -> str:
    """Installed fonts by name, size and time: installing or removing a font changes PDF output."""
    h = hashlib.sha256()
    for folder in FONT_DIRS:
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(root, name))
                    h.update(f"{root}/{name}:{st.st_size}:{int(st.st_mtime)}\n".encode())
    return h.hexdigest()


def input_digests(submissions: Path, year: int, formats: Sequence[str]) -> dict[str, str]:
    """The digest of everything each format's outputs depend on (options are added per job)."""
    year_dir = submissions / str(year)
    data = _digest_files(
        iter([submissions / "entities.yaml", *year_dir.glob("*.yaml"), *year_dir.glob("*.png")]), submissions
    )
    code = _digest_files(PACKAGE_DIR.rglob("*.py"), PACKAGE_DIR)
    catalogs = _digest_files(LOCALE_DIR.rglob("*.mo"), LOCALE_DIR)
    templates = TEMPLATES_DIR
    common = {
        "version": __version__,
        "data": data,
        "code": code,
        "catalogs": catalogs,
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    digests = {}
    for fmt in formats:
        parts = dict(common, format=fmt)
        if fmt == "docx":
            parts["templates"] = _digest_files((templates / "docx").glob("*"), templates)
        elif fmt != "json":
            parts["templates"] = _digest_files(
                (p for p in templates.rglob("*") if p.is_file() and "docx" not in p.parts), templates
            )
        if fmt == "pdf":
            parts["fonts"] = _fonts_digest()
        digests[fmt] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return digests


def _job_key(digests: dict[str, str], job: Job) -> str:
    return hashlib.sha256(f"{digests[job.format]}:{job.lang}".encode()).hexdigest()


# -- manifest -----------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries by output path (empty when there is no usable manifest)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {e["path"]: e for e in data["outputs"] if isinstance(e, dict) and "path" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _up_to_date(folder: Path, entry: dict[str, Any] | None, key: str) -> bool:
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


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise the write phase of concurrent builds into one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files left by a killed build (older than a minute, so never a running build's)."""
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > 60:
                tmp.unlink()


# -- rendering ----------------------------------------------------------------------------------


def render_job(document: Document, job: Job) -> tuple[Rendered, float, int]:
    """Render one output; returns it, the seconds it took and this process's peak memory (KiB)."""
    start = time.perf_counter()
    renderer = FORMATS[job.format].load()
    result = renderer(document, job.lang)
    seconds = time.perf_counter() - start
    rendered = result if isinstance(result, Rendered) else Rendered(result)
    return rendered, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _output(job: Job, rendered: Rendered, seconds: float, peak: int, key: str) -> tuple[Output, bytes]:
    data = rendered.data
    sha = hashlib.sha256(data).hexdigest()
    return Output(job.path, job.lang, job.format, sha, key, len(data), rendered.pages, seconds, peak), data


def _prepare(formats: tuple[str, ...]) -> None:
    """Warm a worker up: import the renderers (WeasyPrint takes a few tenths of a second)."""
    for fmt in formats:
        FORMATS[fmt].prepare()


class _Workers:
    """Worker processes for the heavy outputs, started before the submissions are even loaded.

    Started early, they are forked from a small parent (a fork made after loading would carry the
    parent's parsed submissions, hundreds of MB for a long report) and import WeasyPrint while the
    parent validates and assembles.
    """

    def __init__(self, formats: Sequence[str], langs: Sequence[str]) -> None:
        heavy = tuple(f for f in formats if f in HEAVY_FORMATS)
        count = min(WORKERS, len(heavy) * len(langs))
        self.pool: ProcessPoolExecutor | None = None
        if count > 1:
            self.pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))
            for _ in range(count):
                self.pool.submit(_prepare, heavy)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _render_all(
    document: Document, jobs: list[tuple[Job, str]], notify: Callable[[Event], None], workers: _Workers
) -> list[tuple[Output, bytes]]:
    results: list[tuple[Output, bytes]] = []
    pool = workers.pool
    heavy = [(j, k) for j, k in jobs if j.format in HEAVY_FORMATS and pool is not None]
    light = [(j, k) for j, k in jobs if (j, k) not in heavy]
    total = len(jobs)
    futures = []
    for job, key in heavy:
        assert pool is not None
        notify(Event("start", job, total=total))
        futures.append((job, key, pool.submit(render_job, document, job)))
    # Light outputs render here while the workers run.
    for job, key in light:
        notify(Event("start", job, total=total))
        results.append(_output(job, *render_job(document, job), key))
        notify(Event("done", job, results[-1][0], total))
    for job, key, future in futures:
        results.append(_output(job, *future.result(), key))
        notify(Event("done", job, results[-1][0], total))
    order = {job.path: i for i, (job, _key) in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r[0].path])


def build(
    year: int,
    submissions: Path,
    out: Path,
    *,
    langs: Sequence[str] = LANGUAGES,
    formats: Sequence[str] | None = None,
    force: bool = False,
    strict: bool = False,
    notify: Callable[[Event], None] | None = None,
) -> BuildResult:
    """Validate, assemble and render one year; write nothing at all if there are errors."""
    from .pipeline import check

    notify = notify or (lambda event: None)
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
    folder = out / str(year)
    digests = input_digests(submissions, year, formats)
    stem = _stem_from_report(submissions, year)
    manifest = read_manifest(folder)

    # A no-op build: every output's inputs are unchanged since a successful build made it.
    # (--strict always validates: an earlier build may have passed with warnings.)
    if stem is not None and not force and not strict:
        jobs = [(job, _job_key(digests, job)) for job in plan(stem, langs, formats)]
        if all(_up_to_date(folder, manifest.get(job.path), key) for job, key in jobs):
            result = BuildResult(Diagnostics(), folder=folder)
            for job, key in jobs:
                result.outputs.append(Output.kept(job, key, manifest[job.path]))
                notify(Event("up-to-date", job, result.outputs[-1], len(jobs)))
            return result

    workers = _Workers(formats, langs)
    try:
        # Source paths in outputs are relative to the folder holding submissions/, whatever the cwd.
        checked = check(submissions, years={year}, base=submissions.absolute().parent)
        result = BuildResult(checked.diagnostics)
        document = checked.documents.get(year)
        if not checked.ok or document is None or (strict and checked.diagnostics.warnings):
            return result
        notify(Event("checked"))
        jobs = [(job, _job_key(digests, job)) for job in plan(output_stem(document), langs, formats)]
        stale = [(j, k) for j, k in jobs if force or not _up_to_date(folder, manifest.get(j.path), k)]
        # Render everything before writing anything: a renderer that refuses (a missing glyph,
        # say) must leave every previous output as it was.
        rendered = {o.path: (o, data) for o, data in _render_all(document, stale, notify, workers)}
    finally:
        workers.close()
    with _locked(folder):
        _remove_stale_temporaries(folder)
        for job, key in jobs:
            if job.path in rendered:
                output, data = rendered[job.path]
                write_atomic(folder / output.path, data)
            else:
                output = Output.kept(job, key, manifest[job.path])
                notify(Event("up-to-date", job, output, len(jobs)))
            result.outputs.append(output)
        write_manifest(folder, year, result.outputs)
    result.folder = folder
    result.document = document
    return result
