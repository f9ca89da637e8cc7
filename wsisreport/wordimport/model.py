"""What the reader makes of a Word file: paragraphs of text runs and note calls, notes, and remarks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..inline import visible

PREVIEW_WORDS = 6
PREVIEW_CHARS = 40


@dataclass(frozen=True)
class Span:
    """Text as Word shows it, italic or not (bold and underline are not kept)."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Call:
    """A footnote or endnote reference; ``mark`` is a custom mark (such as '*'), if the call has one."""

    kind: str  # "footnote" | "endnote"
    id: str
    mark: str | None = None


Inline = Span | Call


def plain(content: list[Inline]) -> str:
    return "".join(part.text for part in content if isinstance(part, Span))


def preview(text: str) -> str:
    """The first words of a text, to name a paragraph in a message."""
    words = visible(text).split()
    shown = " ".join(words[:PREVIEW_WORDS])
    while len(shown) > PREVIEW_CHARS and " " in shown:
        shown = shown.rsplit(" ", 1)[0]
    if len(shown) > PREVIEW_CHARS:
        shown = shown[:PREVIEW_CHARS]
    return shown + ("…" if shown != " ".join(words) else "")


@dataclass
class Block:
    """One paragraph of the document body: ``number`` counts every body paragraph, empty ones too."""

    number: int
    content: list[Inline]
    level: int | None = None  # 1–9 for a heading
    style: str = "Normal"

    @property
    def text(self) -> str:
        return plain(self.content)

    def calls(self) -> list[Call]:
        return [part for part in self.content if isinstance(part, Call)]


@dataclass(frozen=True)
class ParagraphPlace:
    """In (or, for a table, just after) a body paragraph."""

    number: int
    after: bool = False


@dataclass(frozen=True)
class NotePlace:
    """In a footnote or endnote."""

    kind: str
    id: str


Place = ParagraphPlace | NotePlace


@dataclass(frozen=True)
class Remark:
    """A warning or error found while reading, to be located once every paragraph is known."""

    place: Place
    severity: str  # "warning" | "error"
    code: str
    message: str
    hint: str | None = None


@dataclass
class WordDocument:
    """A Word file as read: body paragraphs in reading order, the notes they call, and remarks."""

    display: str
    blocks: list[Block] = field(default_factory=list)
    notes: dict[tuple[str, str], list[Inline]] = field(default_factory=dict)
    remarks: list[Remark] = field(default_factory=list)


# Manual numbers typed before a paragraph ("12. "), as UN paragraphs are numbered.
PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s+(?=\S)")
# Heading labels: "I.", "A.", "1.", "1.2", "(a)", "(1)", "一.", "一、", "（一）".
HEADING_LABEL = re.compile(
    r"^(?:[IVXLC]{1,6}\.|[A-Z]\.|\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+|\([a-z]{1,3}\)|\(\d{1,3}\)"
    r"|[一二三四五六七八九十]{1,3}[、.．]|（[一二三四五六七八九十]{1,3}）)\s*(?=\S)"
)
