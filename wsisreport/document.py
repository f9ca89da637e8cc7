"""The assembled document: final numbers and texts, the one input every renderer receives."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .yamlload import SourceMap

if TYPE_CHECKING:  # the models (pydantic) stay out of the renderers' imports
    from .models import Numbering


@dataclass(frozen=True)
class Source:
    """Where a piece of the document came from: ``path:line`` and the contributing entity."""

    path: str
    line: int
    entity: str
    # The contribution's persistent id (None in data that predates ids).
    fragment: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Origin:
    """Where a run of text came from, to locate one of its characters in the source file.

    ``raw`` is the run as written (white space not yet folded) and ``start`` its offset in the
    source value that ``source`` maps onto the file.
    """

    source: SourceMap
    start: int
    raw: str

    def locate(self, text: str, offset: int) -> str:
        """``path:line:col`` of character ``offset`` of ``text`` (this run after folding)."""
        ch = text[offset]
        nth = text.count(ch, 0, offset)
        raw_offset = -1
        for _ in range(nth + 1):  # folding changes only white space: the n-th ``ch`` is the same
            raw_offset = self.raw.find(ch, raw_offset + 1)
            if raw_offset < 0:
                return str(self.source.at(self.start))
        return str(self.source.at(self.start + raw_offset))


# Why a run of a translation is not final, decided in assembly (docs/translation.md): the English
# set in place of a missing translation, or a translation made from English that has changed since.
# Renderers only mark such runs visibly (a character style and highlight, a marked span).
Draft = Literal["untranslated", "stale"]


@dataclass(frozen=True)
class Text:
    """A run of plain text."""

    value: str
    origin: Origin | None = field(default=None, compare=False, repr=False)
    draft: Draft | None = None


@dataclass(frozen=True)
class Emphasis:
    """A run of emphasized text: italic in English, the Kai face in Chinese."""

    value: str
    origin: Origin | None = field(default=None, compare=False, repr=False)
    draft: Draft | None = None


@dataclass(frozen=True)
class NoteRef:
    """A footnote call inside a paragraph, already numbered."""

    number: int


# Text in one language: runs of text, emphasis and note calls, in reading order.
Inline = tuple[Text | Emphasis | NoteRef, ...]


def plain(inline: Inline) -> str:
    """The text without note calls or emphasis."""
    return "".join(part.value for part in inline if not isinstance(part, NoteRef))


# How a heading is set, decided once from its numbering and level.
HeadingRole = Literal["chapter", "letter", "number", "paren", "sub"]


@dataclass(frozen=True)
class Heading:
    """A heading of the outline with its computed label ("I.", "一.", "A.", "(a)" or none)."""

    section: str
    level: int
    numbering: Numbering
    label: dict[str, str]
    text: dict[str, str]
    role: HeadingRole = "sub"


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
        return plain(self.content[lang])

    def notes(self, lang: str) -> list[int]:
        return [part.number for part in self.content[lang] if isinstance(part, NoteRef)]


@dataclass(frozen=True)
class Note:
    """A footnote with its final number."""

    number: int
    content: dict[str, Inline]
    source: Source
    key: str

    @property
    def text(self) -> dict[str, str]:
        """The note's plain text per language."""
        return {lang: plain(inline) for lang, inline in self.content.items()}

    def plain(self, lang: str) -> str:
        return plain(self.content[lang])


@dataclass(frozen=True)
class MastheadNote:
    """An agenda item's note, called by a custom mark (``*``, ``**``) outside the numbering."""

    mark: str
    # Where the mark sits in the item's text, per language.
    at: dict[str, int]
    text: dict[str, str]


@dataclass(frozen=True)
class SessionBlock:
    """One organ's block on the masthead, in both languages."""

    organ: dict[str, str]
    session: dict[str, str]
    # The agenda item as printed, its note's mark included.
    item: dict[str, str]
    item_title: dict[str, str]
    note: MastheadNote | None


@dataclass(frozen=True)
class Furniture:
    """The fixed strings of one language version: page furniture, settled once for every format."""

    # The document's author in its metadata and the masthead's first words.
    united_nations: str
    distr_general: str
    date: str
    # The language line a translation prints above "Original: …"; empty in the original.
    language_name: str
    original: str
    summary: str
    # The job number's language letter on page 1, "(E)", and the job date, "250125".
    language_letter: str
    job_date: str
    please_recycle: str
    # "DRAFT" for the running head of a version with untranslated or stale runs; empty otherwise.
    draft: str = ""

    @property
    def author(self) -> str:
        return self.united_nations

    @property
    def distribution(self) -> tuple[str, ...]:
        """The masthead's distribution block, line by line."""
        lines = [self.distr_general, self.date]
        if self.language_name:
            lines.append(self.language_name)
        return (*lines, self.original)


@dataclass(frozen=True)
class Contributor:
    """A contributing entity as the contributors note prints it, with its names from the registry."""

    entity: str
    printed: dict[str, str]
    # The official name and the abbreviation per language (None where there is none), and the
    # kind of body: what machine-readable formats name the entity by.
    name: dict[str, str] = field(default_factory=dict)
    short: dict[str, str | None] = field(default_factory=dict)
    kind: str = ""


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
    summary: dict[str, tuple[Inline, ...]]
    furniture: dict[str, Furniture]
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
    def masthead_notes(self) -> list[MastheadNote]:
        """The agenda items' notes, in the order of their marks on the masthead."""
        return [s.note for s in self.sessions if s.note is not None]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
