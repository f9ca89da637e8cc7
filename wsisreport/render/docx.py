"""The ``docx`` format: the report as a Word document in UN format (docs/docx.md).

Real Word footnotes, named styles for every kind of text, A4 with a different first page and
even/odd heads and feet. The package starts from the project's own template parts in
``templates/docx/`` (not python-docx's default template, which maps East Asian text to a Japanese
font); python-docx handles the package, sections, heads and feet and core properties, and
:mod:`.ooxml` builds the body and the footnotes part.
"""

from __future__ import annotations

import functools
import io
import zipfile

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory, XmlPart
from lxml import etree

from ..document import Document, Emphasis, Heading, Inline, NoteRef, Paragraph, SessionBlock
from ..paths import TEMPLATES_DIR
from ..reproducible import source_datetime
from . import Rendered, ooxml
from .ooxml import el, paragraph, run

TEMPLATE_DIR = TEMPLATES_DIR / "docx"
TEMPLATE_PARTS = {
    "[Content_Types].xml": "content-types.xml",
    "_rels/.rels": "package-rels.xml",
    "word/_rels/document.xml.rels": "document-rels.xml",
    "word/document.xml": "document.xml",
    "word/styles.xml": "styles.xml",
    "word/settings.xml": "settings.xml",
    "word/fontTable.xml": "fontTable.xml",
    "word/footnotes.xml": "footnotes.xml",
    "docProps/core.xml": "core.xml",
    "docProps/app.xml": "app.xml",
}
# python-docx has no footnotes part; as an XmlPart its XML is parsed on load and saved back.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = XmlPart

# The paragraph style of each heading role (decided by assembly).
HEADING_STYLES = {
    "chapter": "Heading1",
    "letter": "Heading2",
    "number": "Heading3",
    "paren": "Heading4",
    "sub": "UNHeadingUnnumbered",
}
EMPHASIS_STYLE = "UNEmphasis"
# Runs that are not final in a draft (decided in assembly): a named style, and the highlight as
# direct formatting too, since not every client shows a highlight that comes from a style.
DRAFT_STYLES = {"untranslated": "UNUntranslated", "stale": "UNStaleTranslation"}
DRAFT_HIGHLIGHTS = {"untranslated": "yellow", "stale": "cyan"}
DRAFT_MARK_STYLE = "UNDraftMark"
LANGUAGE_TAGS = {"en": "en-GB", "zh": "zh-CN"}
# Text width of the page: A4 (11906) less the 1134 left and right margins.
TEXT_WIDTH = 9638


@functools.cache
def _template() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, source in TEMPLATE_PARTS.items():
            package.writestr(name, (TEMPLATE_DIR / source).read_bytes())
    return buffer.getvalue()


class _Writer:
    """Builds one language version into a python-docx Document."""

    def __init__(self, document: Document, lang: str) -> None:
        self.document = document
        self.lang = lang
        self.strings = document.furniture[lang]
        self.doc = docx.Document(io.BytesIO(_template()))
        self.body = self.doc.element.body
        self.sect_pr = self.body.sectPr
        footnotes_part = self.doc.part.part_related_by(RT.FOOTNOTES)
        assert isinstance(footnotes_part, XmlPart)
        self.footnotes = footnotes_part.element
        # Note ids follow reference order (some clients pair notes by order, not id): the
        # masthead's custom-mark notes come first, then the numbered notes.
        self.custom_notes = len(document.masthead_notes)
        self.next_custom_note = 1

    def add(self, element: etree._Element) -> None:
        self.sect_pr.addprevious(element)

    # -- page 1 -------------------------------------------------------------------------------

    def masthead(self) -> None:
        d = self.document
        distribution = self.strings.distribution
        organs = [s.organ[self.lang] for s in d.sessions]
        self.add(
            ooxml.table(
                [1985, 4536, 3117],
                [
                    [
                        [paragraph("UNMastheadUnitedNations", [run(self.strings.united_nations)])],
                        [paragraph("Normal")],
                        [paragraph("UNMastheadSymbol", [run(d.joint_symbol)])],
                    ],
                    [
                        [self._emblem()],
                        [paragraph("UNMastheadOrgan", [run(o)]) for o in organs],
                        [paragraph("UNMastheadDistribution", [run(line)]) for line in distribution],
                    ],
                ],
                borders={0: "4", 1: "12"},
            )
        )
        if d.sessions:
            width = TEXT_WIDTH // len(d.sessions)
            cells = [self._session_cell(s) for s in d.sessions]
            self.add(ooxml.table([width] * len(d.sessions), [cells]))

    def _emblem(self) -> etree._Element:
        """The emblem image when the report definition supplies one; an empty cell otherwise."""
        element = paragraph("Normal")
        if self.document.emblem:
            from docx.oxml import parse_xml
            from docx.shared import Cm
            from docx.text.paragraph import Paragraph as DocxParagraph

            # python-docx's picture API needs its own element classes: reparse the paragraph.
            element = parse_xml(etree.tostring(element))
            picture = DocxParagraph(element, self.doc._body)  # type: ignore[arg-type]
            picture.add_run().add_picture(self.document.emblem, height=Cm(1.6))
        return element

    def _session_cell(self, session: SessionBlock) -> list[etree._Element]:
        lang = self.lang
        return [
            paragraph("UNSession", [run(session.session[lang])]),
            paragraph("UNAgendaItem", self._with_custom_mark(session)),
            paragraph("UNAgendaItemTitle", [run(session.item_title[lang])]),
        ]

    def _with_custom_mark(self, session: SessionBlock) -> list[etree._Element]:
        """Runs for an agenda item whose mark calls a custom-mark note ("* A/80/50.")."""
        text, note = session.item[self.lang], session.note
        if note is None:
            return [run(text)]
        note_id = self.next_custom_note
        self.next_custom_note += 1
        at, end = note.at[self.lang], note.at[self.lang] + len(note.mark)
        self.footnotes.append(ooxml.footnote(note_id, note.text[self.lang], mark=note.mark))
        runs = [run(text[:at])] if at else []
        runs += ooxml.custom_mark_reference(note_id, note.mark)
        if text[end:]:
            runs.append(run(text[end:]))
        return runs

    def front(self) -> None:
        d = self.document
        self.add(paragraph("UNTitle", [run(d.title[self.lang])]))
        self.add(paragraph("UNReportOf", [run(d.report_of[self.lang])]))
        self.add(paragraph("UNSummaryHeading", [run(self.strings.summary)]))
        for text in d.summary[self.lang]:
            self.add(paragraph("UNSummaryText", self._runs(text)))
        self.add(ooxml.page_break())

    # -- body ---------------------------------------------------------------------------------

    def blocks(self) -> None:
        for block in self.document.blocks:
            if isinstance(block, Heading):
                self.add(self._heading(block))
            else:
                self.add(self._paragraph(block))
        for note in self.document.notes:
            self.footnotes.append(
                ooxml.footnote(note.number + self.custom_notes, self._runs(note.content[self.lang]))
            )

    def _heading(self, heading: Heading) -> etree._Element:
        label = heading.label[self.lang]
        style = HEADING_STYLES[heading.role]
        text = f"{label}\t{heading.text[self.lang]}" if label else heading.text[self.lang]
        return paragraph(style, [run(text)])

    def _paragraph(self, para: Paragraph) -> etree._Element:
        return paragraph("UNParagraph", [run(f"{para.number}.\t"), *self._runs(para.content[self.lang])])

    def _runs(self, inline: Inline) -> list[etree._Element]:
        """Text, emphasis in its character style, and note calls."""
        runs = []
        for part in inline:
            if isinstance(part, NoteRef):
                runs.append(ooxml.footnote_reference(part.number + self.custom_notes))
            elif part.draft is not None:
                runs.append(self._draft_run(part.value, part.draft, isinstance(part, Emphasis)))
            else:
                runs.append(run(part.value, EMPHASIS_STYLE if isinstance(part, Emphasis) else None))
        return runs

    def _draft_run(self, text: str, draft: str, emphasis: bool) -> etree._Element:
        """A run in its draft style and highlight; emphasis as its language sets it (no style left)."""
        element = run(text, DRAFT_STYLES[draft])
        rpr = element.find(ooxml.w("rPr"))
        assert rpr is not None  # run() gives a styled run its properties
        if emphasis and self.lang == "zh" and draft == "stale":
            rpr.append(el("rFonts", {"eastAsia": "KaiTi"}))
        elif emphasis:
            rpr.append(el("i"))
        rpr.append(el("highlight", {"val": DRAFT_HIGHLIGHTS[draft]}))
        return element

    # -- page furniture -----------------------------------------------------------------------

    def furniture(self) -> None:
        d = self.document
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        symbols = list(d.symbols)
        # A draft says so at the top of every page (the marking is decided in assembly).
        mark = self.strings.draft
        for header, align in ((section.header, "right"), (section.even_page_header, "left")):
            lines = [paragraph("Header", [run(s)], align=align) for s in symbols]
            if mark:
                lines.insert(0, paragraph("Header", [run(mark, DRAFT_MARK_STYLE)], align=align))
            self._fill(header, lines)
        first_head = [paragraph("Header", [run(mark, DRAFT_MARK_STYLE)], align="right")] if mark else []
        self._fill(section.first_page_header, first_head or [paragraph("Header")])
        page = ooxml.field("PAGE", "UNPageNumber")
        self._fill(section.footer, [paragraph("Footer", [run(d.job_number + " "), *page], align="right")])
        page = ooxml.field("PAGE", "UNPageNumber")
        self._fill(section.even_page_footer, [paragraph("Footer", [*page, run(" " + d.job_number)])])
        first = f"{d.job_number} {self.strings.language_letter}\t{self.strings.job_date}"
        self._fill(
            section.first_page_footer,
            [
                paragraph("UNFirstPageFoot", [run(first)]),
                paragraph("UNBarcode", [run(d.barcode_text)]),
                paragraph("UNFirstPageFoot", [run(self.strings.please_recycle)], align="right"),
            ],
        )

    @staticmethod
    def _fill(story: object, paragraphs: list[etree._Element]) -> None:
        story.is_linked_to_previous = False  # type: ignore[attr-defined]
        element = story._element  # type: ignore[attr-defined]
        for child in list(element):
            element.remove(child)
        element.extend(paragraphs)

    # -- styles and properties ----------------------------------------------------------------

    def localize_styles(self) -> None:
        """Chinese has no italic face: unnumbered headings and emphasis use KaiTi (楷体) instead."""
        if self.lang != "zh":
            return
        styles = self.doc.styles.element
        for style in styles.iter(ooxml.w("style")):
            if style.get(ooxml.w("styleId")) in ("UNHeadingUnnumbered", EMPHASIS_STYLE):
                rpr = style.find(ooxml.w("rPr"))
                for tag in ("i", "iCs"):
                    for node in rpr.findall(ooxml.w(tag)):
                        rpr.remove(node)
                rpr.insert(0, el("rFonts", {"eastAsia": "KaiTi"}))

    def properties(self) -> None:
        props = self.doc.core_properties
        when = source_datetime(self.document).replace(tzinfo=None)
        props.title = self.document.title[self.lang]
        props.subject = self.document.joint_symbol
        props.author = self.strings.author
        props.language = LANGUAGE_TAGS[self.lang]
        props.identifier = self.document.joint_symbol
        props.created = when
        props.modified = when
        props.last_modified_by = ""
        props.revision = 1

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        when = source_datetime(self.document)
        stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
        return ooxml.normalize_zip(buffer.getvalue(), stamp)


def write(writer: _Writer) -> bytes:
    """Every part of the document in order, by ``writer`` (a subclass may write the body its own way)."""
    writer.localize_styles()
    writer.masthead()
    writer.front()
    writer.blocks()
    writer.furniture()
    writer.properties()
    return writer.save()


def render(document: Document, lang: str) -> Rendered:
    """The DOCX of ``document`` in ``lang``."""
    return Rendered(write(_Writer(document, lang)))
