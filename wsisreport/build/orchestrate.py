"""The order of a build: check, plan, render what is stale, then write everything under the lock.

Incremental: each output's manifest entry records a digest of everything it depends on (see
``digests``); an output whose digest and bytes are unchanged is not rendered again. Nothing is
written unless every renderer succeeded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..diagnostics import Diagnostics, Severity
from ..document import Document
from ..errors import UsageError
from ..fsutil import write_atomic
from ..languages import LANGUAGES
from ..render import FORMATS, Rendered, available_formats
from ..translation import TRANSLATION_LANGUAGE
from .digests import input_digests, job_key
from .lock import locked, remove_stale_temporaries
from .manifest import Output, read_manifest, up_to_date, write_manifest
from .plan import Job, output_stem, plan, report_stem
from .workers import Pending, Workers, render_job


@dataclass(frozen=True)
class Event:
    """A step of the build, for the CLI's progress display (library code never prints)."""

    kind: Literal["checked", "up-to-date", "start", "done"]
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


def _output(job: Job, rendered: Rendered, seconds: float, peak: int, key: str) -> tuple[Output, bytes]:
    data = rendered.data
    sha = hashlib.sha256(data).hexdigest()
    return Output(job.path, job.langs, job.format, sha, key, len(data), rendered.pages, seconds, peak), data


def _render_all(
    document: Document, jobs: list[tuple[Job, str]], notify: Callable[[Event], None], workers: Workers
) -> list[tuple[Output, bytes]]:
    """Render every job: the slow ones in the workers, the others here meanwhile; in plan order."""
    total = len(jobs)
    started: list[tuple[Job, str, Pending]] = []
    here: list[tuple[Job, str]] = []
    for job, key in jobs:
        future = workers.submit(document, job)
        if future is None:
            here.append((job, key))
        else:
            notify(Event("start", job, total=total))
            started.append((job, key, future))
    results: list[tuple[Output, bytes]] = []
    for job, key in here:
        notify(Event("start", job, total=total))
        results.append(_output(job, *render_job(document, job), key))
        notify(Event("done", job, results[-1][0], total))
    for job, key, future in started:
        results.append(_output(job, *future.result(), key))
        notify(Event("done", job, results[-1][0], total))
    order = {job.path: i for i, (job, _key) in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r[0].path])


def _check_options(submissions: Path, year: int, langs: Sequence[str], formats: Sequence[str]) -> None:
    if not submissions.is_dir():
        raise UsageError(f"submissions folder not found: {submissions}")
    if not (submissions / f"{year}").is_dir():
        raise UsageError(f"no folder for {year} in {submissions}")
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(f"unknown language '{lang}' (choose from {', '.join(LANGUAGES)})")
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")


# What a final translation may not have: each such warning refuses a build of the translation.
PENDING_TRANSLATION = ("untranslated", "stale-translation")


def refuse_pending(diagnostics: Diagnostics) -> Diagnostics:
    """The diagnostics with every untranslated or stale piece an error: a final build lists them all."""
    return Diagnostics(
        [
            replace(d, severity=Severity.ERROR) if d.code in PENDING_TRANSLATION else d
            for d in diagnostics.items
        ]
    )


def build(
    year: int,
    submissions: Path,
    out: Path,
    *,
    langs: Sequence[str] = LANGUAGES,
    formats: Sequence[str] | None = None,
    force: bool = False,
    strict: bool = False,
    draft: bool = False,
    notify: Callable[[Event], None] | None = None,
    workers: Workers | None = None,
) -> BuildResult:
    """Validate, assemble and render one year; write nothing at all if there are errors.

    The translation is built only when complete, unless ``draft``: then its untranslated pieces
    carry the English and, like its stale ones, are marked (decided in assembly). ``workers``: the
    slow formats' processes, if the caller started them earlier still (the CLI does, before it
    imports the build); the build ends them, whatever happens.
    """
    from ..pipeline import check

    notify = notify or (lambda event: None)
    try:
        formats = list(formats or available_formats())
        _check_options(submissions, year, langs, formats)
        folder = out / str(year)
        digests = input_digests(submissions, year, formats)
        stem = report_stem(submissions, year)
        manifest = read_manifest(folder)

        # A no-op build: every output's inputs are unchanged since a successful build made it.
        # (--strict always validates: an earlier build may have passed with warnings.)
        if stem is not None and not force and not strict:
            jobs = [(job, job_key(digests, job, draft)) for job in plan(stem, langs, formats)]
            if all(up_to_date(folder, manifest.get(job.path), key) for job, key in jobs):
                result = BuildResult(Diagnostics(), folder=folder)
                for job, key in jobs:
                    result.outputs.append(Output.kept(job, key, manifest[job.path]))
                    notify(Event("up-to-date", job, result.outputs[-1], len(jobs)))
                return result

        workers = workers if workers is not None else Workers(formats, langs)
        # Source paths in outputs are relative to the folder holding submissions/, whatever the cwd.
        checked = check(submissions, years={year}, base=submissions.absolute().parent)
        diagnostics = checked.diagnostics
        if TRANSLATION_LANGUAGE in langs and not draft:
            diagnostics = refuse_pending(diagnostics)
        result = BuildResult(diagnostics)
        document = checked.documents.get(year)
        if diagnostics.errors or document is None or (strict and diagnostics.warnings):
            return result
        notify(Event("checked"))
        jobs = [(job, job_key(digests, job, draft)) for job in plan(output_stem(document), langs, formats)]
        stale = [(j, k) for j, k in jobs if force or not up_to_date(folder, manifest.get(j.path), k)]
        # Render everything before writing anything: a renderer that refuses (a missing glyph,
        # say) must leave every previous output as it was.
        rendered = {o.path: (o, data) for o, data in _render_all(document, stale, notify, workers)}
    finally:
        if workers is not None:
            workers.close()
    with locked(folder):
        remove_stale_temporaries(folder)
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
