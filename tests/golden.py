"""Golden files: output compared with its reviewed copy, or accepted as the new copy.

Every golden test takes the ``golden`` fixture (tests/conftest.py), which marks it ``golden``, so
one command accepts them all after review: ``make accept`` (WSISREPORT_ACCEPT=1 with ``-m golden``).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ACCEPT_VARIABLE = "WSISREPORT_ACCEPT"
ACCEPT_COMMAND = "make accept"


def accepting() -> bool:
    """Whether this run rewrites golden files from the output (WSISREPORT_ACCEPT set, not 0)."""
    return os.environ.get(ACCEPT_VARIABLE, "") not in ("", "0")


class Golden:
    """Checks text against a golden file; when accepting, writes the text there first."""

    def __call__(self, path: Path, got: str) -> None:
        name = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        if accepting() and (not path.exists() or path.read_text(encoding="utf-8") != got):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: review the output, then run `{ACCEPT_COMMAND}`"
        expected = path.read_text(encoding="utf-8")
        assert got == expected, f"{name} changed: review the difference, then run `{ACCEPT_COMMAND}`"
