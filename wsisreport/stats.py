"""Per-contributor figures of an assembled report: paragraphs, notes, words, sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .assemble import count_words
from .document import Document
from .load import SECRETARIAT
from .models import LANGUAGES


@dataclass
class EntityStats:
    """What one entity contributed to the printed report."""

    entity: str
    name: str
    contributor: bool
    paragraphs: set[int] = field(default_factory=set)
    notes: int = 0
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LANGUAGES, 0))
    sections: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "contributor": self.contributor,
            "paragraphs": len(self.paragraphs),
            "notes": self.notes,
            "words": self.words,
            "sections": self.sections,
        }


def entity_stats(document: Document) -> list[EntityStats]:
    """One row per contributor (those with nothing printed included), then the secretariat."""
    rows: dict[str, EntityStats] = {
        c.entity: EntityStats(c.entity, c.printed["en"], True) for c in document.contributors
    }
    rows[SECRETARIAT] = EntityStats(SECRETARIAT, "Secretariat (compiler's text)", False)

    def row(entity: str) -> EntityStats:
        return rows.setdefault(entity, EntityStats(entity, entity, False))

    for para in document.paragraphs:
        for source, words in zip(para.sources, para.fragment_words, strict=True):
            stats = row(source.entity)
            stats.paragraphs.add(para.number)
            for lang in LANGUAGES:
                stats.words[lang] += words[lang]
            if para.section not in stats.sections:
                stats.sections.append(para.section)
    for note in document.notes:
        stats = row(note.source.entity)
        stats.notes += 1
        for lang in LANGUAGES:
            stats.words[lang] += count_words(note.text[lang], lang)
    return list(rows.values())


def stats_dict(document: Document) -> dict[str, Any]:
    """The figures as JSON data (``wsisreport stats --format json``)."""
    counts = document.word_counts
    return {
        "year": document.year,
        "entities": [s.as_dict() for s in entity_stats(document)],
        "totals": {
            "contributors": len(document.contributors),
            "paragraphs": len(document.paragraphs),
            "notes": len(document.notes),
            "words": {lang: counts[lang].total for lang in LANGUAGES},
            "word_limit": {lang: counts[lang].limit for lang in LANGUAGES},
        },
    }
