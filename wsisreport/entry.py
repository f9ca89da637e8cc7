"""The console entry point: ``wsisreport build`` starts its PDF workers before the command line loads."""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Sequence


def main() -> None:
    """Run the command line; for a build, with the slow renderers already warming up."""
    early = build_options(sys.argv[1:])
    if early is not None:
        # The warm-up (WeasyPrint, about 0.35 s) is on the build's critical path: begun here, it
        # runs while the command line's own imports and parsing take their 0.15 s.
        from .build.workers import Workers

        Workers.start_early(*early)
    from .cli import main as cli_main

    try:
        cli_main()
    finally:
        # At exit the interpreter collects the whole heap, the parsed submissions included, before
        # freeing it: 0.1 s after a build, for objects that are about to go anyway.
        gc.freeze()


def build_options(args: Sequence[str]) -> tuple[list[str] | None, list[str]] | None:
    """The formats (None: all) and languages of a ``build`` command line, read as a guess; else None.

    Only a guess: the CLI parses the options, and keeps the early workers only if the build needs
    the same (``Workers.for_build``).
    """
    if not args or args[0] != "build" or "--help" in args:
        return None
    from .languages import LANGUAGES

    formats = _values(args, "--format")
    return (formats or None), (_values(args, "--lang") or list(LANGUAGES))


def _values(args: Sequence[str], option: str) -> list[str]:
    """The values of ``option``, given as ``--option value`` or ``--option=value``, in order."""
    values = []
    for flag, value in itertools.pairwise([*args, ""]):
        if flag == option:
            values.append(value)
        elif flag.startswith(option + "="):
            values.append(flag.split("=", 1)[1])
    return values
