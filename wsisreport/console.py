"""How the CLI shows a build: a live progress bar on a terminal, one plain line per step elsewhere."""

from __future__ import annotations

import os
import sys
from typing import Any

from .build import BuildResult, Event


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class BuildReporter:
    """Receives build events; rich progress when stderr is a terminal and not under CI."""

    def __init__(self, *, plain: bool | None = None) -> None:
        if plain is None:
            plain = not sys.stderr.isatty() or os.environ.get("CI", "").lower() in ("1", "true", "yes")
        self.plain = plain
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> BuildReporter:
        if not self.plain:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(None, None, None)

    def __call__(self, event: Event) -> None:
        if self.plain:
            self._plain(event)
            return
        if self.task is None and event.total:
            self.task = self.progress.add_task("building", total=event.total)
        if event.kind == "checked":
            self.progress.console.log("submissions checked")
        elif event.kind == "start" and event.job is not None and self.task is not None:
            self.progress.update(
                self.task, description=f"rendering {event.job.format} {'+'.join(event.job.langs)}"
            )
        elif event.kind in ("done", "up-to-date") and self.task is not None:
            self.progress.advance(self.task)

    @staticmethod
    def _plain(event: Event) -> None:
        job, output = event.job, event.output
        if event.kind == "checked":
            print("checked the submissions", file=sys.stderr, flush=True)
        elif event.kind == "start" and job is not None:
            print(f"rendering {job.format} {'+'.join(job.langs)}: {job.path}", file=sys.stderr, flush=True)
        elif event.kind == "done" and output is not None:
            print(f"rendered {output.path} in {output.seconds:.2f} s", file=sys.stderr, flush=True)
        elif event.kind == "up-to-date" and output is not None:
            print(f"up to date: {output.path}", file=sys.stderr, flush=True)


def summary_table(result: BuildResult, warnings: int) -> str:
    """A table of the outputs: pages, size, time, and whether it was built or up to date."""
    rows = [("output", "pages", "size", "time", "status")]
    for o in result.outputs:
        rows.append(
            (
                o.path,
                str(o.pages) if o.pages is not None else "–",
                _size(o.bytes),
                f"{o.seconds:.2f} s" if o.built else "–",
                "built" if o.built else "up to date",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 or i == 4 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines = [line.rstrip() for line in lines]
    lines.insert(1, "  ".join("-" * w for w in widths))
    built = len(result.built)
    lines.append(f"{built} built, {len(result.outputs) - built} up to date, {warnings} warning(s)")
    return "\n".join(lines)
