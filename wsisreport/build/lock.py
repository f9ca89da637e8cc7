"""Concurrent builds into one folder: a lock around the write phase, and leftovers of killed builds."""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".lock"
# A temporary file this old belongs to a build that was killed, never to a running one.
STALE_AFTER_SECONDS = 60


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Serialise the write phase of concurrent builds into one folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files (``write_atomic``'s ``.*.tmp``) left by a killed build."""
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_AFTER_SECONDS:
                tmp.unlink()
