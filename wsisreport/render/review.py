"""The ``review`` format: one self-contained HTML page with English and Chinese side by side.

For editors, translators and reviewers: rows aligned by paragraph number, notes under their
paragraph, each paragraph's provenance, a coverage heat map (contributors × parts of the report)
and the word counts against the limit; filters by entity, section and text run in the page itself.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..document import Document, Emphasis, Heading, Inline, NoteRef
from ..models import LANGUAGES
from ..paths import TEMPLATES_DIR
from . import Rendered

TEMPLATES = TEMPLATES_DIR / "review"
# Heat-map columns: a paragraph counts under its action line or theme ("(a)"…) when it has one,
# else under its chapter.
COLUMN_STYLE = "letter-in-parentheses"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def _ancestry(document: Document) -> dict[str, list[Heading]]:
    """Each section's chain of headings from the top level down to itself."""
    chains: dict[str, list[Heading]] = {}
    stack: list[Heading] = []
    for heading in document.headings:
        stack = [h for h in stack if h.level < heading.level] + [heading]
        chains[heading.section] = list(stack)
    return chains


def _column(chain: list[Heading]) -> Heading:
    for heading in reversed(chain):
        if heading.numbering == COLUMN_STYLE:
            return heading
    return chain[0]


def _column_label(heading: Heading) -> str:
    """A short column head: the action line's code when the heading ends with one, e.g. "(C7)"."""
    code = re.search(r"\(([A-Z]+\d+)\)$", heading.text["en"])
    if code:
        return code.group(1)
    text = f"{heading.label['en']} {heading.text['en']}".strip()
    return text if len(text) <= 28 else text[:27] + "…"


def _inline(inline: Inline) -> list[dict[str, Any]]:
    """Runs as the template prints them: text, emphasis (``em``) and note calls."""
    return [
        {"note": p.number}
        if isinstance(p, NoteRef)
        else {"text": p.value, "em": isinstance(p, Emphasis), "draft": p.draft}
        for p in inline
    ]


def _bars(document: Document) -> list[dict[str, Any]]:
    counts = document.word_counts
    largest = max(c.total for c in counts.values()) or 1
    bars = []
    for lang in LANGUAGES:
        count = counts[lang]
        if count.limit:
            percent = min(100.0, 100.0 * count.total / count.limit)
            text = f"{count.total:,} / {count.limit:,} words"
        else:
            percent = 100.0 * count.total / largest
            text = f"{count.total:,} words (no limit)"
        bars.append(
            {
                "label": {"en": "English", "zh": "中文"}[lang],
                "percent": f"{percent:.1f}",
                "text": text,
                "over": bool(count.limit and count.total > count.limit),
            }
        )
    return bars


def context(document: Document) -> dict[str, Any]:
    """Everything the template shows, computed from the model (the template numbers nothing)."""
    chains = _ancestry(document)
    notes = {n.number: n for n in document.notes}
    columns: list[Heading] = []
    for heading in document.headings:
        column = _column(chains[heading.section])
        if column not in columns:
            columns.append(column)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows: list[dict[str, Any]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            rows.append(
                {
                    "kind": "heading",
                    "section": block.section,
                    "level": block.level,
                    "label_en": block.label["en"],
                    "label_zh": block.label["zh"],
                    "text_en": block.text["en"],
                    "text_zh": block.text["zh"],
                }
            )
            continue
        chain = chains[block.section]
        column_id = _column(chain).section
        entities = sorted({s.entity for s in block.sources})
        for entity in entities:
            counts[entity][column_id] += 1
        rows.append(
            {
                "kind": "paragraph",
                "number": block.number,
                "section": block.section,
                "path": " ".join(h.section for h in chain),
                "entities": " ".join(entities),
                "en": _inline(block.content["en"]),
                "zh": _inline(block.content["zh"]),
                "notes": [
                    {
                        "number": n,
                        "en": _inline(notes[n].content["en"]),
                        "zh": _inline(notes[n].content["zh"]),
                    }
                    for n in block.notes("en")
                ],
                "sources": [{"entity": s.entity, "where": str(s)} for s in block.sources],
            }
        )
    names = {c.entity: c.printed["en"] for c in document.contributors}
    entity_ids = [c.entity for c in document.contributors] + sorted(set(counts) - set(names))
    most = max((n for row in counts.values() for n in row.values()), default=1)
    heat = []
    for entity in entity_ids:
        cells = []
        for column in columns:
            n = counts[entity][column.section]
            level = 0 if n == 0 else 1 + min(3, (3 * (n - 1)) // max(most - 1, 1))
            cells.append({"count": n, "level": level, "title": f"{column.label['en']} {column.text['en']}"})
        heat.append(
            {
                "entity": entity,
                "name": names.get(entity, entity),
                "cells": cells,
                "total": sum(counts[entity].values()),
            }
        )
    return {
        "symbol": document.joint_symbol,
        "title_en": document.title["en"],
        "title_zh": document.title["zh"],
        "bars": _bars(document),
        "entities": [{"id": e, "name": names.get(e, e)} for e in entity_ids],
        "sections": [
            {
                "id": h.section,
                "indent": Markup("&nbsp;&nbsp;" * (h.level - 1)),
                "label": h.label["en"],
                "text": h.text["en"],
            }
            for h in document.headings
        ],
        "columns": [{"label": _column_label(c), "title": f"{c.label['en']} {c.text['en']}"} for c in columns],
        "heat": heat,
        "rows": rows,
        # Our own assets, inlined so the page works from file://; trusted, so not escaped.
        "css": Markup((TEMPLATES / "review.css").read_text(encoding="utf-8")),
        "js": Markup((TEMPLATES / "review.js").read_text(encoding="utf-8")),
    }


def render(document: Document) -> Rendered:
    """The review page: every language of ``document`` in one file."""
    html = _environment().get_template("review.html").render(context(document))
    return Rendered(html.encode("utf-8"))
