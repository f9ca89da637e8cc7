"""Worker processes for the formats that declare themselves slow (``Format.worker``), and one job's render."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import resource
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from ..render import FORMATS, Rendered, available_formats

if TYPE_CHECKING:  # light to import: the CLI starts the workers before it loads the build
    from ..document import Document
    from .plan import Job

# At most this many worker processes; the parent renders the other formats meanwhile.
WORKERS = 2
# The workers the console entry point started, until the build takes them (Workers.for_build).
_EARLY: list[Workers] = []

Result = tuple[Rendered, float, int]


def render_job(document: Document, job: Job) -> Result:
    """Render one file; returns it, the seconds it took and this process's peak memory (KiB)."""
    start = time.perf_counter()
    rendered = FORMATS[job.format].render(document, job.langs)
    seconds = time.perf_counter() - start
    return rendered, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def in_worker(job: Job) -> bool:
    """Whether the job's format asks for a worker process."""
    return FORMATS[job.format].worker


class WorkerDied(RuntimeError):
    """A worker process ended without replying (killed, or crashed in a C library)."""


def _zygote(formats: tuple[str, ...], ends: list[Connection], parents: list[Connection]) -> None:
    """Warm up once, then fork one worker per connection; they inherit the warm renderers.

    A renderer that cannot start (WeasyPrint missing, say) is not an error here: each worker then
    meets it again at its job, and the job's reply carries the error to the parent.
    """
    for end in parents:
        end.close()
    try:
        for name in formats:
            FORMATS[name].prepare()
    except Exception:  # reported by the job that needs the renderer
        pass
    children: list[int] = []

    def stop(signum: int, frame: object) -> None:
        # The parent gave up (a failed build): the workers' renders are not wanted either.
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    for index, end in enumerate(ends):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            for other in ends[:index] + ends[index + 1 :]:
                other.close()
            status = 1
            try:
                _serve(end)
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
    for end in ends:
        end.close()
    for pid in children:
        os.waitpid(pid, 0)


def _serve(end: Connection) -> None:
    """Render each job received until the parent closes its end; reply in the order received."""
    while True:
        try:
            document, job = pickle.loads(end.recv_bytes())
        except EOFError:
            return
        try:
            reply: tuple[bool, Any] = (True, render_job(document, job))
        except Exception as error:  # the parent raises it, as if rendered there
            reply = (False, error)
        try:
            data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception:  # an error that does not pickle still reaches the parent
            data = pickle.dumps((False, RuntimeError(repr(reply[1]))), pickle.HIGHEST_PROTOCOL)
        end.send_bytes(data)


@dataclass
class _Worker:
    """The parent's side of one worker: its connection, a thread sending it jobs, replies by order."""

    end: Connection
    outbox: queue.SimpleQueue[bytes | None] = field(default_factory=queue.SimpleQueue)
    sent: int = 0
    received: int = 0
    replies: dict[int, tuple[bool, Any]] = field(default_factory=dict)
    sender: threading.Thread | None = None

    def start(self) -> None:
        # Sending blocks until the worker reads, and it reads only once warm: a thread sends, so
        # that the parent renders the other formats meanwhile.
        self.sender = threading.Thread(target=self._send, daemon=True)
        self.sender.start()

    def _send(self) -> None:
        while (data := self.outbox.get()) is not None:
            try:
                self.end.send_bytes(data)
            except OSError:  # the worker is gone: its reply says so
                return

    def reply(self, number: int) -> tuple[bool, Any]:
        while number not in self.replies:
            try:
                self.replies[self.received] = pickle.loads(self.end.recv_bytes())
            except (EOFError, OSError) as error:
                raise WorkerDied("a worker process ended without finishing its render") from error
            self.received += 1
        return self.replies.pop(number)


class Pending:
    """A job given to a worker; ``result()`` waits for it and raises what its render raised."""

    def __init__(self, worker: _Worker, number: int) -> None:
        self._worker = worker
        self._number = number

    def result(self) -> Result:
        ok, value = self._worker.reply(self._number)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]


def _needed(formats: Sequence[str] | None, langs: Sequence[str]) -> tuple[tuple[str, ...], int]:
    """The slow formats among ``formats`` (None: every available one), and how many workers they need."""
    names = available_formats() if formats is None else formats
    slow = tuple(name for name in names if name in FORMATS and FORMATS[name].worker)
    files = sum(len(FORMATS[name].files(tuple(langs))) for name in slow)
    return slow, min(WORKERS, files)


class Workers:
    """Worker processes for the slow formats, forked from one process that warmed up for them all.

    Started before the submissions are even loaded: by the console entry point before it imports
    the command line (``start_early``), else by the CLI's build command, else by ``build`` itself.
    One process is forked from the small parent (a fork made after loading would carry the parsed
    submissions, hundreds of MB for a long report); it imports the slow renderers (WeasyPrint and
    its fonts: about 0.3 s) while the parent imports the rest, validates and assembles, then forks
    the workers, which inherit them ready. Each worker importing them itself would spend that CPU
    once per worker, on a machine whose cores the renders need. With fewer than two slow files there are no workers: the one file renders in the
    parent after the others.
    """

    def __init__(self, formats: Sequence[str] | None, langs: Sequence[str]) -> None:
        """Start the workers the slow ones of ``formats`` need (None: every available format).

        Unknown formats and languages are left to the build to refuse.
        """
        slow, count = _needed(formats, langs)
        # What these workers serve: an early start is kept only for the same (see ``for_build``).
        self.serves = (slow, count)
        self._workers: list[_Worker] = []
        self._zygote: Any = None
        self._next = 0
        if count > 1:
            pairs = [multiprocessing.Pipe() for _ in range(count)]
            parents = [parent for parent, _child in pairs]
            children = [child for _parent, child in pairs]
            context = multiprocessing.get_context("fork")
            # Daemonic: should the parent exit without closing them, they are not waited for.
            self._zygote = context.Process(
                target=_zygote, args=(slow, children, parents), name="wsisreport-workers", daemon=True
            )
            self._zygote.start()
            for child in children:
                child.close()
            self._workers = [_Worker(parent) for parent in parents]
            for worker in self._workers:
                worker.start()

    @classmethod
    def start_early(cls, formats: Sequence[str] | None, langs: Sequence[str]) -> None:
        """Start the workers a build of ``formats`` and ``langs`` would need, before the CLI loads.

        The console entry point calls this for ``wsisreport build`` with the options it reads off
        the command line as a guess; ``for_build`` keeps these workers only when the build's
        parsed options need the same, and stops them otherwise.
        """
        _EARLY.append(cls(formats, langs))

    @classmethod
    def for_build(cls, formats: Sequence[str] | None, langs: Sequence[str]) -> Workers:
        """The workers started early when they serve ``formats`` and ``langs``, else new ones."""
        early = _EARLY.pop() if _EARLY else None
        if early is not None:
            if early.serves == _needed(formats, langs):
                return early
            early.close()
        return cls(formats, langs)

    def submit(self, document: Document, job: Job) -> Pending | None:
        """Start the job in a worker, or None when it renders in the parent."""
        if not self._workers or not in_worker(job):
            return None
        worker = self._workers[self._next % len(self._workers)]
        self._next += 1
        worker.outbox.put(pickle.dumps((document, job), pickle.HIGHEST_PROTOCOL))
        worker.sent += 1
        return Pending(worker, worker.sent - 1)

    def close(self) -> None:
        """End the workers: at once if a job is still unanswered (a failed build), else as they finish."""
        if self._zygote is None:
            return
        if any(w.received < w.sent or w.sent == 0 for w in self._workers):
            # A failed build: no render is wanted any more, nor the warming up still going on.
            self._zygote.terminate()
        for worker in self._workers:
            worker.outbox.put(None)
            if worker.sender is not None:
                worker.sender.join()
            worker.end.close()
        self._zygote.join()
        self._zygote = None
