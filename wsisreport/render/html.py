"""The ``html`` format: the report as one self-contained page (the PDF renderer lays it out).

Jinja2 with autoescape on: submission text is data, never markup or a template. The style sheet
is inlined as Markup (escaped, WeasyPrint would silently drop it). Every number printed comes
from the model; this module only arranges it.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import fonts
from ..document import Document, Emphasis, Heading, Inline, Note, NoteRef
from ..paths import TEMPLATES_DIR
from . import Rendered

TEMPLATES = TEMPLATES_DIR
TEMPLATE = "report.html"
STYLESHEET = "report.css"


@dataclass(frozen=True)
class Segment:
    """A run of paragraph text; with notes, the character the calls follow and the calls."""

    text: str
    emphasis: bool = False
    notes: tuple[Note, ...] = ()
    # Why the run is not final, in a draft (assembly decides; the page only marks it).
    draft: str | None = None


@functools.cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        # report.html is escaped; report.css is ours and holds no data (font names only).
        autoescape=select_autoescape(["html"], default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def stylesheet() -> Markup:
    """The style sheet, with the font stacks of ``wsisreport.fonts`` filled in."""
    env = _environment()
    css: str = env.get_template(STYLESHEET).render(
        families={lang: fonts.css_family(lang) for lang in fonts.FAMILIES}
    )
    return Markup(css)


def segments(inline: Inline, notes: dict[int, Note]) -> list[Segment]:
    """Runs and note calls; the last character before the calls is glued to them."""
    out: list[Segment] = []
    runs: list[Segment] = []
    pending: list[Note] = []

    def emit() -> None:
        last = runs.pop() if runs else Segment("")
        out.extend(runs)
        runs.clear()
        if last.text[:-1]:
            out.append(Segment(last.text[:-1], last.emphasis, draft=last.draft))
        out.append(Segment(last.text[-1:], last.emphasis, tuple(pending), last.draft))

    for part in inline:
        if isinstance(part, NoteRef):
            pending.append(notes[part.number])
            continue
        if pending:
            emit()
            pending = []
        runs.append(Segment(part.value, isinstance(part, Emphasis), draft=part.draft))
    if pending:
        emit()
    out.extend(runs)
    return out


def runs(inline: Inline) -> list[dict[str, Any]]:
    """Text without note calls, as the template prints it: runs of text and emphasis."""
    return [
        {"text": part.value, "emphasis": isinstance(part, Emphasis), "draft": part.draft}
        for part in inline
        if not isinstance(part, NoteRef)
    ]


# Image types an emblem may have: inlined as data: URIs, so the page stays self-contained and the
# PDF renderer never reads outside templates/.
EMBLEM_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def emblem_uri(document: Document) -> str | None:
    """The emblem image, when the report definition supplies one, as a data: URI."""
    if document.emblem is None:
        return None
    path = Path(document.emblem)
    mime = EMBLEM_TYPES.get(path.suffix.lower())
    if mime is None:
        return None
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def context(
    document: Document,
    lang: str,
    *,
    pdf_date: str | None = None,
    breaks: Collection[str] = frozenset(),
) -> dict[str, Any]:
    """Everything the template prints, in ``lang``: plain values, all numbers from the model."""
    notes = {note.number: note for note in document.notes}
    sessions = [
        {
            "organ": block.organ[lang],
            "session": block.session[lang],
            "item": block.item[lang],
            "item_title": block.item_title[lang],
            "note": block.note.text[lang] if block.note else "",
            "note_marker": block.note.mark if block.note else "",
        }
        for block in document.sessions
    ]
    blocks: list[dict[str, Any]] = []
    for b in document.blocks:
        if isinstance(b, Heading):
            blocks.append(
                {
                    "kind": "heading",
                    "section": b.section,
                    "tag_level": min(b.level, 6),
                    "style": b.role,
                    "break_before": f"section-{b.section}" in breaks,
                    "label": b.label[lang],
                    "text": b.text[lang],
                }
            )
        else:
            blocks.append(
                {
                    "kind": "paragraph",
                    "number": b.number,
                    "break_before": f"para-{b.number}" in breaks,
                    "segments": [
                        {
                            "text": s.text,
                            "emphasis": s.emphasis,
                            "draft": s.draft,
                            "notes": [{"number": n.number, "runs": runs(n.content[lang])} for n in s.notes],
                        }
                        for s in segments(b.content[lang], notes)
                    ],
                }
            )
    furniture = document.furniture[lang]
    return {
        "lang": lang,
        "html_lang": fonts.HTML_LANG[lang],
        "title": document.title[lang],
        "author": furniture.author,
        "pdf_date": pdf_date,
        "css": stylesheet(),
        "strings": furniture,
        "symbols": list(document.symbols),
        "joint_symbol": document.joint_symbol,
        "job_number": document.job_number,
        "job_date": furniture.job_date,
        "barcode": document.barcode_text,
        "date": furniture.date,
        "emblem": emblem_uri(document),
        "organs": list(dict.fromkeys(s["organ"] for s in sessions)),
        "sessions": sessions,
        "report_of": document.report_of[lang],
        "summary": [runs(p) for p in document.summary[lang]],
        "blocks": blocks,
    }


def render_html(
    document: Document,
    lang: str,
    *,
    pdf_date: str | None = None,
    breaks: Collection[str] = frozenset(),
) -> str:
    """The page as text.

    For the PDF only: ``pdf_date`` (a W3C date) sets the creation dates of its metadata, and the
    blocks whose ids are in ``breaks`` ("para-12", "section-africa") start a new page.
    """
    ctx = context(document, lang, pdf_date=pdf_date, breaks=breaks)
    html: str = template().render(ctx)
    return html


def template() -> Any:
    """The page's template, compiled (Jinja keeps it for the next call)."""
    return _environment().get_template(TEMPLATE)


def render(document: Document, lang: str) -> Rendered:
    """The web page of ``document`` in ``lang``."""
    return Rendered(render_html(document, lang).encode("utf-8"))
