"""Worker processes for the formats that declare themselves slow (``Format.worker``), and one job's render."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ..document import Document
from ..render import FORMATS, Rendered
from .plan import Job

# At most this many worker processes; the parent renders the other formats meanwhile.
WORKERS = 2


def render_job(document: Document, job: Job) -> tuple[Rendered, float, int]:
    """Render one file; returns it, the seconds it took and this process's peak memory (KiB)."""
    start = time.perf_counter()
    rendered = FORMATS[job.format].render(document, job.langs)
    seconds = time.perf_counter() - start
    return rendered, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _prepare(formats: tuple[str, ...]) -> None:
    """Warm a worker up: import the renderers and what they load lazily (tenths of a second)."""
    for name in formats:
        FORMATS[name].prepare()


def in_worker(job: Job) -> bool:
    """Whether the job's format asks for a worker process."""
    return FORMATS[job.format].worker


class Workers:
    """Worker processes for the slow formats, started before the submissions are even loaded.

    Started early, they are forked from a small parent (a fork made after loading would carry the
    parent's parsed submissions, hundreds of MB for a long report) and import their renderers while
    the parent validates and assembles. With fewer than two slow files there is no pool: the one
    file renders in the parent after the others.
    """

    def __init__(self, formats: Sequence[str], langs: Sequence[str]) -> None:
        slow = tuple(name for name in formats if FORMATS[name].worker)
        files = sum(len(FORMATS[name].files(tuple(langs))) for name in slow)
        count = min(WORKERS, files)
        self.pool: ProcessPoolExecutor | None = None
        if count > 1:
            self.pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))
            for _ in range(count):
                self.pool.submit(_prepare, slow)

    def submit(self, document: Document, job: Job) -> Future[tuple[Rendered, float, int]] | None:
        """Start the job in a worker, or None when it renders in the parent."""
        if self.pool is None or not in_worker(job):
            return None
        return self.pool.submit(render_job, document, job)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
