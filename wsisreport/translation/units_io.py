"""What the exchange formats write and read back: export units and returned units."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .content import Content
from .units import State


@dataclass(frozen=True)
class Unit:
    """One piece as exported: the English, the current Chinese, its state and its context."""

    id: str
    # The submission file, relative to the submissions folder ("2024/itu.yaml"), and the line
    # of its English.
    file: str
    line: int
    resname: str
    context: tuple[str, ...]
    source: Content
    target: Content | None
    state: State
    # For a stale piece: the English its Chinese was made from, when recorded, and what changed.
    previous: Content | None = None
    change: str | None = None


@dataclass(frozen=True)
class Meta:
    """About the whole export."""

    year: int
    title: str
    source_language: str = "en"
    target_language: str = "zh-CN"
    tool_version: str = ""
    # When the export was made, as the report dates it (identical input, identical bytes).
    date: str = ""


@dataclass(frozen=True)
class Returned:
    """A unit as a translator's file brings it back."""

    id: str
    # "FILE:line" (or "FILE: row N"), to report problems where the translator can find them.
    where: str
    source: Content | None
    target: Content | None
    # The tool still marks it as not done (fuzzy, needs-review, new).
    review: bool = False
    # The target's characters as the file holds them, before white space is folded (folding
    # would hide some control characters).
    raw: str = ""


@dataclass
class ReadResult:
    """Every unit read, and every problem found on the way (as located messages)."""

    units: list[Returned] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# The English content of a unit by id, for formats whose inline codes refer to it (XLIFF).
EnglishOf = Callable[[str], Content | None]

# No translator's file comes near this; larger input is refused unread.
MAX_INPUT_SIZE = 32 * 1024 * 1024
