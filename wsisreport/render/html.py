"""The ``html`` format: the report as one self-contained page (the PDF renderer lays it out).

Jinja2 with autoescape on: submission text is data, never markup or a template. The style sheet
is inlined as Markup (escaped, WeasyPrint would silently drop it). Every number printed comes
from the model; this module only arranges it.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import fonts, report_strings
from ..document import Document, Heading, Inline, Note, NoteRef
from ..i18n import format_report_date, job_date, report_translations
from ..paths import TEMPLATES_DIR
from . import Rendered

TEMPLATES = TEMPLATES_DIR
TEMPLATE = "report.html"
STYLESHEET = "report.css"
# PDF metadata names the author in English whatever the language of the text.
AUTHOR = "United Nations"
_ASTERISKS = re.compile(r"\*+")


@dataclass(frozen=True)
class Segment:
    """A run of paragraph text; with notes, the character the calls follow and the calls."""

    text: str
    notes: tuple[Note, ...] = ()


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
    """Text runs and note calls; the last character before the calls is glued to them."""
    out: list[Segment] = []
    text = ""
    pending: list[Note] = []

    def emit() -> None:
        head, last = text[:-1], text[-1:]
        if head:
            out.append(Segment(head))
        out.append(Segment(last, tuple(pending)))

    for part in inline:
        if isinstance(part, NoteRef):
            pending.append(notes[part.number])
            continue
        if pending:
            emit()
            text, pending = "", []
        text += part
    if pending:
        emit()
    elif text:
        out.append(Segment(text))
    return out


def heading_style(heading: Heading) -> str:
    """The CSS class suffix of a heading: its numbering, as the UN hierarchy sets it."""
    if heading.numbering == "chapter" or (heading.numbering == "unnumbered" and heading.level == 1):
        return "chapter"  # the top-level unnumbered "Introduction" is set like a chapter
    return {
        "letter": "letter",
        "number": "number",
        "letter-in-parentheses": "paren",
        "unnumbered": "sub",
    }[heading.numbering]


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


def strings(document: Document, lang: str) -> dict[str, str]:
    """The fixed strings of the page furniture, in ``lang``."""
    t = report_translations(lang)
    language_name = t.gettext(report_strings.LANGUAGE_NAME)
    return {
        "united_nations": t.gettext(report_strings.UNITED_NATIONS),
        "distr_general": t.gettext(report_strings.DISTR_GENERAL),
        "original": t.gettext(report_strings.ORIGINAL[document.original_language]),
        # A translation prints its own language above "Original: …"; the original does not.
        "language_name": language_name if lang != document.original_language else "",
        "summary": t.gettext(report_strings.SUMMARY),
        "language_letter": t.gettext(report_strings.LANGUAGE_LETTER),
        "please_recycle": t.gettext(report_strings.PLEASE_RECYCLE),
    }


def context(
    document: Document,
    lang: str,
    *,
    pdf_date: str | None = None,
    breaks: Collection[str] = frozenset(),
) -> dict[str, Any]:
    """Everything the template prints, in ``lang``: plain values, all numbers from the model."""
    notes = {note.number: note for note in document.notes}
    sessions = []
    for block in document.sessions:
        item = block.item[lang]
        note = block.item_note[lang] if block.item_note else ""
        marker = _ASTERISKS.search(item)
        sessions.append(
            {
                "organ": block.organ[lang],
                "session": block.session[lang],
                "item": item,
                "item_title": block.item_title[lang],
                "note": note,
                "note_marker": marker.group(0) if marker and note else "",
            }
        )
    blocks: list[dict[str, Any]] = []
    for b in document.blocks:
        if isinstance(b, Heading):
            blocks.append(
                {
                    "kind": "heading",
                    "section": b.section,
                    "tag_level": min(b.level, 6),
                    "style": heading_style(b),
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
                            "notes": [{"number": n.number, "text": n.text[lang]} for n in s.notes],
                        }
                        for s in segments(b.content[lang], notes)
                    ],
                }
            )
    return {
        "lang": lang,
        "html_lang": fonts.HTML_LANG[lang],
        "title": document.title[lang],
        "author": AUTHOR,
        "pdf_date": pdf_date,
        "css": stylesheet(),
        "strings": strings(document, lang),
        "symbols": list(document.symbols),
        "joint_symbol": document.joint_symbol,
        "job_number": document.job_number,
        "job_date": job_date(document.date),
        "barcode": document.barcode_text,
        "date": format_report_date(document.date, lang),
        "emblem": emblem_uri(document),
        "organs": list(dict.fromkeys(s["organ"] for s in sessions)),
        "sessions": sessions,
        "report_of": document.report_of[lang],
        "summary": list(document.summary[lang]),
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
    html: str = _environment().get_template(TEMPLATE).render(ctx)
    return html


def render(document: Document, lang: str) -> Rendered:
    """The web page of ``document`` in ``lang``."""
    return Rendered(render_html(document, lang).encode("utf-8"))
