"""The assembled document: final numbers and texts, the one input every renderer receives."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Numbering


@dataclass(frozen=True)
class Source:
    """Where a piece of the document came from: ``path:line`` and the contributing entity."""

    path: str
    line: int
    entity: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class NoteRef:
    """A footnote call inside a paragraph, already numbered."""

    number: int


# A paragraph's content in one language: plain text runs and note calls, in reading order.
Inline = tuple[str | NoteRef, ...]


@dataclass(frozen=True)
class Heading:
    """A heading of the outline with its computed label ("I.", "一.", "A.", "(a)" or none)."""

    section: str
    level: int
    numbering: Numbering
    label: dict[str, str]
    text: dict[str, str]


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph, merged from one or more fragments."""

    number: int
    section: str
    content: dict[str, Inline]
    sources: tuple[Source, ...]
    # Words of each fragment per language, parallel to ``sources`` (for per-entity statistics).
    fragment_words: tuple[dict[str, int], ...] = ()

    def plain(self, lang: str) -> str:
        """The text without note calls."""
        return "".join(part for part in self.content[lang] if isinstance(part, str))

    def notes(self, lang: str) -> list[int]:
        return [part.number for part in self.content[lang] if isinstance(part, NoteRef)]


@dataclass(frozen=True)
class Note:
    """A footnote with its final number."""

    number: int
    text: dict[str, str]
    source: Source
    key: str


@dataclass(frozen=True)
class SessionBlock:
    """One organ's block on the masthead, in both languages."""

    organ: dict[str, str]
    session: dict[str, str]
    item: dict[str, str]
    item_title: dict[str, str]
    item_note: dict[str, str] | None


@dataclass(frozen=True)
class Contributor:
    """A contributing entity as the contributors note prints it."""

    entity: str
    printed: dict[str, str]


@dataclass(frozen=True)
class WordCount:
    """Words of one language version against the report's limit."""

    lang: str
    body: int
    headings: int
    notes: int
    summary: int
    limit: int | None

    @property
    def total(self) -> int:
        return self.body + self.headings + self.notes + self.summary


Block = Heading | Paragraph


@dataclass(frozen=True)
class Document:
    """The whole report, numbered, in both languages."""

    year: int
    symbols: tuple[str, ...]
    job_number: str
    date: datetime.date
    original_language: str
    sessions: tuple[SessionBlock, ...]
    title: dict[str, str]
    report_of: dict[str, str]
    summary: dict[str, tuple[str, ...]]
    emblem: str | None  # absolute path of the emblem image, when the report definition gives one
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    contributors: tuple[Contributor, ...]
    word_counts: dict[str, WordCount]

    @property
    def joint_symbol(self) -> str:
        """The symbols joined by an en dash, as the masthead prints them: A/80/62–E/2025/12."""
        return "\u2013".join(self.symbols)

    @property
    def barcode_text(self) -> str:
        """The line under the job-number barcode: its digits between asterisks (*2500925*)."""
        return "*" + "".join(c for c in self.job_number if c.isdigit()) + "*"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
