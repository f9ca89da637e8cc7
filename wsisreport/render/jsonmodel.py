"""The ``json`` format: the assembled model of one language, stable and documented (docs/json-model.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..document import Document, Emphasis, Heading, Inline, NoteRef
from . import Rendered

SCHEMA_VERSION = 2


def _content(inline: Inline) -> list[Any]:
    """Text runs as strings, emphasis as {"emphasis": text}, note calls as {"note": number}.

    A draft's runs that are not final carry why: {"text": …, "draft": "untranslated"} (or
    {"emphasis": …, "draft": "stale"}).
    """
    out: list[Any] = []
    for part in inline:
        if isinstance(part, NoteRef):
            out.append({"note": part.number})
        elif isinstance(part, Emphasis):
            out.append({"emphasis": part.value, **({"draft": part.draft} if part.draft else {})})
        elif part.draft:
            out.append({"text": part.value, "draft": part.draft})
        else:
            out.append(part.value)
    return out


def as_dict(document: Document, lang: str) -> dict[str, Any]:
    """The language view of the document as plain JSON data."""
    body: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            body.append(
                {
                    "type": "heading",
                    "section": block.section,
                    "level": block.level,
                    "numbering": block.numbering,
                    "role": block.role,
                    "label": block.label[lang],
                    "text": block.text[lang],
                }
            )
        else:
            body.append(
                {
                    "type": "paragraph",
                    "number": block.number,
                    "section": block.section,
                    "content": _content(block.content[lang]),
                    "notes": [p.number for p in block.content[lang] if isinstance(p, NoteRef)],
                    "sources": [
                        {"path": s.path, "line": s.line, "entity": s.entity, "words": w[lang]}
                        for s, w in zip(block.sources, block.fragment_words, strict=True)
                    ],
                }
            )
    count = document.word_counts[lang]
    return {
        "format": "wsisreport-document",
        "version": SCHEMA_VERSION,
        "lang": lang,
        "year": document.year,
        "symbols": list(document.symbols),
        "job_number": document.job_number,
        "date": document.date.isoformat(),
        "original_language": document.original_language,
        "sessions": [
            {
                "organ": s.organ[lang],
                "session": s.session[lang],
                "item": s.item[lang],
                "item_title": s.item_title[lang],
                "note": {"mark": s.note.mark, "text": s.note.text[lang]} if s.note else None,
            }
            for s in document.sessions
        ],
        "title": document.title[lang],
        "report_of": document.report_of[lang],
        "furniture": asdict(document.furniture[lang]),
        "summary": [_content(p) for p in document.summary[lang]],
        "body": body,
        "notes": [
            {
                "number": n.number,
                "text": n.plain(lang),
                "content": _content(n.content[lang]),
                "source": {"path": n.source.path, "line": n.source.line, "entity": n.source.entity},
            }
            for n in document.notes
        ],
        "contributors": [{"entity": c.entity, "name": c.printed[lang]} for c in document.contributors],
        "word_count": {
            "body": count.body,
            "headings": count.headings,
            "notes": count.notes,
            "summary": count.summary,
            "total": count.total,
            "limit": count.limit,
        },
    }


def render(document: Document, lang: str) -> Rendered:
    """The JSON model of ``document`` in ``lang``."""
    return Rendered(
        (json.dumps(as_dict(document, lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )
