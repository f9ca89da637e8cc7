"""Located diagnostics: what every stage reports instead of printing or raising."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass, field


def _one_line(text: str) -> str:
    """Escape control characters so that a diagnostic always prints as one line."""
    return "".join(repr(ch)[1:-1] if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)


class Severity(enum.Enum):
    """How bad a diagnostic is; warnings fail a run only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column (``1:1`` for whole-file problems)."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input, with a stable code and an optional fix hint."""

    location: Location
    severity: Severity
    message: str
    code: str
    hint: str | None = None

    def format_text(self) -> str:
        # One line per diagnostic, so editors and grep can use it; the hint rides along.
        hint = f" ({_one_line(self.hint)})" if self.hint else ""
        return f"{self.location}: {self.severity.value}: {_one_line(self.message)}{hint} [{self.code}]"

    def format_github(self) -> str:
        # Workflow commands need %, CR and LF escaped in the message and the properties.
        def esc(value: str, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        message = self.message + (f" ({self.hint})" if self.hint else "") + f" [{self.code}]"
        loc = self.location
        return (
            f"::{self.severity.value} file={esc(loc.path, True)},line={loc.line},col={loc.col}"
            f"::{esc(message)}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Diagnostics:
    """An ordered collection that every check appends to."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, code: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, Severity.ERROR, message, code, hint))

    def warning(self, location: Location, message: str, code: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(location, Severity.WARNING, message, code, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order, so output is stable whatever order checks ran in."""
        return sorted(self.items, key=lambda d: (d.location, d.code, d.message))

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def format_diagnostics(items: Iterable[Diagnostic], fmt: str) -> str:
    """Render diagnostics as ``text``, ``json`` or ``github`` workflow commands."""
    items = list(items)
    if fmt == "json":
        return json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format_text() for d in items)
