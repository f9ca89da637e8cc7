"""The newer version of a report as a Word document in UN format, with tracked changes against the older.

The DOCX renderer's writer makes the masthead, styles, notes part and page furniture; this one
writes the title, the summary and the body from a :class:`~wsisreport.compare.Redline`:

- inserted and deleted text as ``w:ins`` and ``w:del`` (deleted text in ``w:delText``), a block
  added or removed whole with its paragraph mark (``w:pPr/w:rPr/w:ins`` or ``w:del``);
- a moved block as ``w:moveFrom`` at its old place and ``w:moveTo`` at its new one, in named move
  ranges, both with their paragraph marks;
- every note call in the body has its own note in the notes part, in call order (LibreOffice pairs
  them by order); a call inserted or deleted has its note's text tracked there too (an edited note
  comes as the old note's call deleted and the new one's inserted: see :mod:`..compare`).

Every revision carries the author and the date, and revision ids are numbered last, across all
parts, above every other id the package holds (notes, bookmarks, drawings).
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

from ..compare import NoteCall, Part, Redline, Segment
from ..document import Document, Emphasis
from . import ooxml
from .docx import EMPHASIS_STYLE, HEADING_STYLES, _Writer, write
from .ooxml import el, paragraph, run

RevisionKind = Literal["ins", "del", "moveFrom", "moveTo"]
_WRAP: dict[str, RevisionKind] = {"inserted": "ins", "deleted": "del"}
_REVISION_TAGS = {
    ooxml.w(tag)
    for tag in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
_PENDING = "pending"


class _RedlineWriter(_Writer):
    """The DOCX writer, with the body written from a redline."""

    def __init__(self, document: Document, redline: Redline, author: str, date: str) -> None:
        super().__init__(document, redline.lang)
        self.redline = redline
        self.author = ooxml.xml_text(author)
        self.date = date
        # Body notes follow the masthead's custom-mark notes, in the order of their calls.
        self.next_note = self.custom_notes + 1

    # -- revision elements --------------------------------------------------------------------

    def _revision(self, kind: str, *children: etree._Element, range_id: str | None = None) -> etree._Element:
        attrs = {"id": range_id or _PENDING, "author": self.author, "date": self.date}
        return el(kind, attrs, *children)

    def _wrap(self, kind: RevisionKind, runs: list[etree._Element]) -> etree._Element:
        wrapper = self._revision(kind, *runs)
        if kind == "del":  # deleted text is w:delText, never w:t
            for t in wrapper.iter(ooxml.w("t")):
                t.tag = ooxml.w("delText")
        return wrapper

    def _mark(self, p: etree._Element, kind: RevisionKind) -> None:
        """Track the paragraph mark itself: the paragraph was added, removed or moved whole."""
        ppr = p.find(ooxml.w("pPr"))
        assert ppr is not None
        ppr.append(el("rPr", None, self._revision(kind)))

    # -- text ---------------------------------------------------------------------------------

    def _part_runs(self, parts: tuple[Part, ...]) -> list[etree._Element]:
        runs: list[etree._Element] = []
        for part in parts:
            if isinstance(part, NoteCall):
                runs.append(ooxml.footnote_reference(self._note(part)))
            else:
                runs.append(run(part.value, EMPHASIS_STYLE if isinstance(part, Emphasis) else None))
        return runs

    def _segments(
        self, segments: tuple[Segment, ...], moved: RevisionKind | None = None
    ) -> list[etree._Element]:
        """Runs for each segment, inserted and deleted ones wrapped (every one, in a moved block)."""
        out: list[etree._Element] = []
        for segment in segments:
            runs = self._part_runs(segment.parts)
            kind = moved or _WRAP.get(segment.status)
            out.extend([self._wrap(kind, runs)] if kind else runs)
        return out

    def _note(self, call: NoteCall) -> int:
        """Add the note of ``call`` to the notes part; its id follows the calls' order."""
        note_id = self.next_note
        self.next_note += 1
        whole = _WRAP.get(call.status)
        if whole is None:
            self.footnotes.append(ooxml.footnote(note_id, self._segments(call.content)))
            return note_id
        note = ooxml.footnote(note_id, self._part_runs(tuple(p for s in call.content for p in s.parts)))
        # A note added or removed whole: its number and text are tracked with its call.
        para = note[0]
        runs = [child for child in para if child.tag != ooxml.w("pPr")]
        for child in runs:
            para.remove(child)
        para.append(self._wrap(whole, runs))
        self.footnotes.append(note)
        return note_id

    def _paragraph_of(self, style: str, segments: tuple[Segment, ...], status: str) -> etree._Element:
        p = paragraph(style)
        kind = _WRAP.get(status)
        if kind:
            self._mark(p, kind)
        p.extend(self._segments(segments))
        return p

    # -- the parts of the document ------------------------------------------------------------

    def front(self) -> None:
        r = self.redline
        self.add(self._paragraph_of("UNTitle", r.title, "same"))
        self.add(self._paragraph_of("UNReportOf", r.report_of, "same"))
        self.add(paragraph("UNSummaryHeading", [run(self.strings.summary)]))
        for para in r.summary:
            self.add(self._paragraph_of("UNSummaryText", para.content, para.status))
        self.add(ooxml.page_break())

    def blocks(self) -> None:
        for block in self.redline.blocks:
            style = HEADING_STYLES[block.role] if block.role is not None else "UNParagraph"
            if block.status not in ("moved-from", "moved-to"):
                self.add(self._paragraph_of(style, block.content, block.status))
                continue
            kind: RevisionKind = "moveFrom" if block.status == "moved-from" else "moveTo"
            p = paragraph(style)
            self._mark(p, kind)
            # A move range pairs its two places by name; its start and end share one id.
            range_id = f"range-{kind}-{block.move}"
            start = self._revision(f"{kind}RangeStart", range_id=range_id)
            start.set(ooxml.w("name"), f"move{block.move}")
            p.append(start)
            p.extend(self._segments(block.content, moved=kind))
            p.append(el(f"{kind}RangeEnd", {"id": range_id}))
            self.add(p)

    def properties(self) -> None:
        super().properties()
        # The reader's own edits are tracked too when they work on the draft.
        settings = self.doc.settings.element
        zoom = settings.find(ooxml.w("zoom"))
        track = el("trackRevisions")
        if zoom is not None:
            zoom.addnext(track)
        else:
            settings.insert(0, track)

    def save(self) -> bytes:
        self._number_revisions()
        return super().save()

    def _number_revisions(self) -> None:
        """Give every revision an id unique across all parts and above every other id."""
        parts = []
        taken = 0
        for part in self.doc.part.package.iter_parts():
            element = getattr(part, "_element", None)
            if element is None and str(part.partname).endswith(".xml"):
                element = etree.fromstring(part.blob)
            if element is None:
                continue
            parts.append(element)
            for node in element.iter():
                for name, value in node.attrib.items():
                    if etree.QName(name).localname == "id" and value.lstrip("-").isdigit():
                        taken = max(taken, int(value))
        next_id = taken + 1
        ranges: dict[str, str] = {}
        # The body first, then the notes: ids rise in reading order.
        for element in (self.doc.element, self.footnotes):
            for node in element.iter(*_REVISION_TAGS):
                pending = node.get(ooxml.w("id"), "")
                if pending.startswith("range-"):
                    if pending not in ranges:
                        ranges[pending] = str(next_id)
                        next_id += 1
                    node.set(ooxml.w("id"), ranges[pending])
                elif pending == _PENDING:
                    node.set(ooxml.w("id"), str(next_id))
                    next_id += 1


def render_redline(document: Document, redline: Redline, *, author: str, date: str) -> bytes:
    """The DOCX of ``document`` (the newer version) in ``redline.lang``, with ``redline``'s changes
    tracked, each by ``author`` on ``date`` (an ``xsd:dateTime``)."""
    return write(_RedlineWriter(document, redline, author, date))
