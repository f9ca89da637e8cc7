"""Atomic file writes: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _staged(target: Path, data: bytes, mode: int = 0o644) -> str:
    """A temporary file beside ``target`` holding ``data``, on disk, with ``mode``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see the old file or the new one, never a part."""
    tmp = _staged(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_new(target: Path, data: bytes) -> None:
    """Write ``target`` only if it does not exist, atomically: a complete file or none.

    The temporary file is linked to the target name, which fails if the name exists: a file that
    appeared meanwhile is never overwritten.
    """
    tmp = _staged(target, data)
    try:
        os.link(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files: every temporary file first, then the renames, so that a failure
    while writing (a full disk, say) leaves every target as it was. Missing folders are created."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            # Keep the mode the user's file has.
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
            staged.append((_staged(target, data, mode), target))
    except BaseException:
        for tmp, _target in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
