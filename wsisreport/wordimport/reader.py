"""Reading a Word file as Word shows it: paragraphs, runs, notes, links, fields, tracked changes.

The package's XML is walked in document order. python-docx is not used: it has no footnotes and
silently drops the text of tracked insertions, content controls and smart tags. What cannot become
submission text (tables, images, text boxes, charts, comments, equations) is named in a remark at
its place, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from ..inline import visible
from .model import Block, Call, Inline, NotePlace, ParagraphPlace, Place, Remark, Span, WordDocument, plain
from .ns import M_NS, MC_NS, V_NS, W_NS, W, local, namespace, w
from .package import HYPERLINK, Package, Relationship
from .refused import RefusedFile
from .styles import Styles, toggle

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
NOTE_KINDS = ("footnote", "endnote")
# What a hyperlink whose text is not its URL becomes, as UN notes write it.
LINK_JOIN = {"en": ", available at ", "zh": "，网址为"}
# White space Word shows as a space. No-break spaces are kept: they mean something.
_SPACES = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SOFT_HYPHEN = "\u00ad"
_FIELD_NAME = re.compile(r"^\s*([A-Za-z]+)")
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))((?:\s+\\[a-z](?:\s+"[^"]*")?)*)', re.I)
_FIELD_ANCHOR = re.compile(r'\\l\s+"([^"]*)"')
_TEXT_TAGS = (w("t"), w("delText"), w("instrText"))
# Elements that hold nothing to read; anything else unknown with text in it is named in a remark.
_IGNORED = {
    "pPr",
    "rPr",
    "bookmarkStart",
    "bookmarkEnd",
    "proofErr",
    "permStart",
    "permEnd",
    "commentRangeEnd",
    "lastRenderedPageBreak",
    "footnoteRef",
    "endnoteRef",
    "separator",
    "continuationSeparator",
    "annotationRef",
    "sectPr",
    "tblPr",
    "sdtPr",
    "sdtEndPr",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "customXmlPr",
    "smartTagPr",
    "dayShort",
    "dayLong",
    "monthShort",
    "monthLong",
    "yearShort",
    "yearLong",
    "pgNum",
}


@dataclass
class _Field:
    """A complex field being read: its instruction, then its displayed result."""

    instruction: list[str] = field(default_factory=list)
    showing: bool = False  # after its 'separate' mark
    out: list[Inline] | None = None
    start: int = 0


@dataclass
class _Story:
    """Where the walk is: the body or one note, with that part's relationships."""

    rels: dict[str, Relationship]
    place: Place
    paragraph_style: str | None = None


def _has_text(node: etree._Element) -> bool:
    return any((t.text or "").strip() for t in node.iter(w("t")))


def _texts(node: etree._Element) -> str:
    return " ".join((t.text or "") for t in node.iter(w("t")))


def _choice(node: etree._Element) -> etree._Element | None:
    """The Choice of a markup-compatibility AlternateContent (what Word shows), else None."""
    if node.tag != f"{{{MC_NS}}}AlternateContent":
        return None
    return node.find(f"{{{MC_NS}}}Choice")


class _Reader:
    def __init__(self, package: Package, lang: str) -> None:
        self.package = package
        self.lang = lang
        self.doc = WordDocument(package.display)
        styles_part = package.related_part(package.main, "styles")
        self.styles = Styles(package.xml(styles_part) if styles_part else None)
        self.number = 0  # body paragraphs seen, empty ones too
        self.fields: list[_Field] = []
        self.tracked: list[Place] = []
        self.comments: dict[str, Place] = {}
        self.hidden: set[Place] = set()
        self.zero_width: set[Place] = set()
        self.toc_skipped = 0
        self.toc_first = 0
        self.carry: list[Inline] = []  # a paragraph whose mark was deleted joins the next one
        self.carry_number = 0
        self.comment_texts: dict[str, tuple[str, str]] = {}
        self.body_rels: dict[str, Relationship] = {}  # the main part's, once read

    # -- remarks ---------------------------------------------------------------------------------

    def remark(self, place: Place, code: str, message: str, hint: str | None = None) -> None:
        self.doc.remarks.append(Remark(place, "warning", code, message, hint))

    def _unknown(self, node: etree._Element, place: Place) -> None:
        """An element the walk does not know: named in a remark when it holds text."""
        name = local(node.tag)
        if name not in _IGNORED and _has_text(node):
            self.remark(place, "word-unknown", f"the content of <w:{name}> is not imported")

    # -- the body ----------------------------------------------------------------------------------

    def read(self) -> WordDocument:
        root = self.package.xml(self.package.main)
        self.body_rels = self._rels(self.package.main)
        body = root.find(w("body"))
        if root.tag != w("document") or body is None:
            raise RefusedFile(f"{self.package.display}: the main part is not a Word document body")
        story = _Story(self.body_rels, ParagraphPlace(1))
        self._blocks(body, story)
        if self.carry:
            self._keep(Block(self.carry_number, self.carry))
        self._read_notes()
        self._summaries()
        return self.doc

    def _rels(self, part: str) -> dict[str, Relationship]:
        rels = self.package.relationships(part)
        for rel in rels.values():
            if rel.external and rel.type != HYPERLINK:
                kind = rel.type.rsplit("/", 1)[-1]
                raise RefusedFile(
                    f"{self.package.display}: {part} refers to an external {kind} ({_clip(rel.target, 80)}),"
                    " which is never fetched: embed it or remove it, then save the file again"
                )
        return rels

    def _blocks(self, parent: etree._Element, story: _Story) -> None:
        for child in parent:
            name = local(child.tag)
            ns = namespace(child.tag)
            if (choice := _choice(child)) is not None:
                self._blocks(choice, story)
                continue
            if ns != W_NS:
                continue
            if name == "p":
                self._paragraph(child, story)
            elif name == "tbl":
                self._table(child, story)
            elif name == "sdt":
                self._block_sdt(child, story)
            elif name in ("customXml", "ins", "moveTo"):
                self._blocks(child, story)
            elif name in ("del", "moveFrom"):
                self.tracked.append(story.place)
            elif name == "altChunk":
                self.remark(
                    self._after(story), "word-embedded", "an embedded document (altChunk) is not imported"
                )
            else:
                self._unknown(child, self._after(story))

    def _after(self, story: _Story) -> Place:
        """Just after the last paragraph read (paragraph 0: the start of the document)."""
        if isinstance(story.place, NotePlace):
            return story.place
        return ParagraphPlace(self.number, after=True)

    def _block_sdt(self, sdt: etree._Element, story: _Story) -> None:
        props = sdt.find(w("sdtPr"))
        content = sdt.find(w("sdtContent"))
        if content is None:
            return
        if props is not None:
            gallery = props.find(f"{W}docPartObj/{W}docPartGallery")
            if gallery is not None and "contents" in gallery.get(w("val"), "").lower():
                count = sum(1 for _ in content.iter(w("p")))
                self.toc_first = self.toc_first or self.number + 1
                self.toc_skipped += count
                self.number += count
                return
            if props.find(w("showingPlcHdr")) is not None:
                # The control shows its placeholder ("Click here to enter text."), not content.
                self.number += sum(1 for _ in content.iter(w("p")))
                return
        self._blocks(content, story)

    def _table(self, table: etree._Element, story: _Story) -> None:
        rows = table.findall(w("tr"))
        columns = max((len(r.findall(w("tc"))) for r in rows), default=0)
        first = next((_texts(c).strip() for c in table.iter(w("tc")) if _texts(c).strip()), "")
        rows_said = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
        columns_said = f"{columns} column{'s' if columns != 1 else ''}"
        first_said = f'; first cell "{_clip(first)}"' if first else ""
        self.remark(
            self._after(story),
            "word-table",
            f"a table ({rows_said}, {columns_said}{first_said}) is not imported",
            "write its content as paragraphs if it belongs in the report",
        )

    def _paragraph(self, p: etree._Element, story: _Story) -> None:
        self.number += 1
        number = self.number
        place = ParagraphPlace(number)
        ppr = p.find(w("pPr"))
        style_node = ppr.find(w("pStyle")) if ppr is not None else None
        style = style_node.get(w("val")) if style_node is not None else None
        level = self.styles.heading_level(style)
        direct = ppr.find(w("outlineLvl")) if ppr is not None else None
        if direct is not None:
            value = direct.get(w("val"), "9")
            level = int(value) + 1 if value.isdigit() and int(value) <= 8 else None
        mark = ppr.find(w("rPr")) if ppr is not None else None
        if mark is not None and (mark.find(w("ins")) is not None or mark.find(w("del")) is not None):
            self.tracked.append(place)
        if ppr is not None and ppr.find(w("pPrChange")) is not None:
            self.tracked.append(place)
        in_toc = self._in_toc()
        story = _Story(story.rels, place, style)
        content: list[Inline] = []
        self._inline(p, content, story)
        if in_toc or self._in_toc() or self.styles.is_toc(style):
            self.toc_first = self.toc_first or number
            self.toc_skipped += 1
            return
        if self.carry:
            content = self.carry + content
            number = self.carry_number
            self.carry = []
        if mark is not None and mark.find(w("del")) is not None:
            # Its paragraph mark is a tracked deletion: accepted, this text runs on into the next.
            self.carry, self.carry_number = content, number
            return
        name = self.styles.name(style).casefold()
        block = Block(number, content, level, self.styles.name(style))
        if name in ("title", "subtitle") and level is None and plain(content).strip():
            self.remark(
                ParagraphPlace(number),
                "word-title",
                f"the document's {name} is not imported",
                "the report gives each contribution its place under a section heading",
            )
            return
        self._keep(block)

    def _keep(self, block: Block) -> None:
        self.doc.blocks.append(block)

    def _in_toc(self) -> bool:
        return any(_field_name(f) == "TOC" for f in self.fields)

    # -- inside a paragraph ----------------------------------------------------------------------

    def _inline(self, parent: etree._Element, out: list[Inline], story: _Story) -> None:
        for child in parent:
            name = local(child.tag)
            ns = namespace(child.tag)
            if (choice := _choice(child)) is not None:
                self._inline(choice, out, story)
                continue
            if ns == M_NS:
                if name in ("oMath", "oMathPara"):
                    self.remark(story.place, "word-equation", "an equation is not imported")
                continue
            if ns != W_NS:
                continue
            if name == "r":
                self._run(child, out, story)
            elif name == "hyperlink":
                start = len(out)
                self._inline(child, out, story)
                url = self._link_target(child, story)
                if url:
                    self._link(out, start, url)
            elif name in ("ins", "moveTo"):
                self.tracked.append(story.place)
                self._inline(child, out, story)
            elif name in ("del", "moveFrom"):
                self.tracked.append(story.place)
            elif name in ("smartTag", "customXml", "dir", "bdo"):
                self._inline(child, out, story)
            elif name == "sdt":
                props = child.find(w("sdtPr"))
                content = child.find(w("sdtContent"))
                if content is not None and (props is None or props.find(w("showingPlcHdr")) is None):
                    self._inline(content, out, story)
            elif name == "fldSimple":
                simple = _Field([child.get(w("instr"), "")], True, out, len(out))
                self.fields.append(simple)
                self._inline(child, out, story)
                self.fields.pop()
                self._end_field(simple, story)
            elif name == "commentRangeStart":
                self.comments.setdefault(child.get(w("id"), ""), story.place)
            elif name == "subDoc":
                self.remark(story.place, "word-embedded", "a subdocument is not imported")
            else:
                self._unknown(child, story.place)

    def _link_target(self, link: etree._Element, story: _Story) -> str | None:
        rid = link.get(R_ID)
        anchor = link.get(w("anchor"))
        if rid:
            # pandoc writes the notes' link relationships into the document part: look there too.
            rel = story.rels.get(rid) or self.body_rels.get(rid)
            if rel is not None and rel.external:
                return rel.target + (f"#{anchor}" if anchor and "#" not in rel.target else "")
        return None  # a link to a place in the document itself

    def _visible(self) -> bool:
        return all(f.showing for f in self.fields)

    def _run(self, r: etree._Element, out: list[Inline], story: _Story) -> None:
        rpr = r.find(w("rPr"))
        char_style_node = rpr.find(w("rStyle")) if rpr is not None else None
        char_style = char_style_node.get(w("val")) if char_style_node is not None else None
        italic = toggle(rpr, "i")
        if italic is None:
            italic = self.styles.italic(story.paragraph_style, char_style)
        hidden = toggle(rpr, "vanish")
        if hidden is None:
            hidden = self.styles.hidden(char_style)
        if rpr is not None and rpr.find(w("rPrChange")) is not None:
            self.tracked.append(story.place)
        custom_mark: Call | None = None

        def text(value: str) -> None:
            nonlocal custom_mark
            if not value or not self._visible():
                return
            if hidden:
                self.hidden.add(story.place)
                return
            if custom_mark is not None:
                # The characters after a custom-mark reference are the mark itself.
                out[out.index(custom_mark)] = custom_mark = Call(
                    custom_mark.kind, custom_mark.id, (custom_mark.mark or "") + value
                )
                return
            if _ZERO_WIDTH.search(value):
                self.zero_width.add(story.place)
                value = _ZERO_WIDTH.sub("", value)
            out.append(Span(value, italic))

        for child in r:
            name = local(child.tag)
            ns = namespace(child.tag)
            if (choice := _choice(child)) is not None:
                self._objects(choice, story)
                continue
            if ns != W_NS:
                continue
            if name == "t":
                text(child.text or "")
            elif name in ("tab", "ptab", "cr") or name == "br":
                text(" ")
            elif name == "noBreakHyphen":
                text("-")
            elif name == "softHyphen":
                continue
            elif name == "sym":
                self._symbol(child, text, story)
            elif name in ("footnoteReference", "endnoteReference"):
                if not self._visible() or hidden:
                    continue
                kind = name.removesuffix("Reference")
                call = Call(kind, child.get(w("id"), ""))
                out.append(call)
                if child.get(w("customMarkFollows")) in ("1", "true", "on"):
                    custom_mark = call
            elif name == "fldChar":
                self._field_char(child.get(w("fldCharType"), ""), out, story)
            elif name == "instrText":
                if self.fields and not self.fields[-1].showing:
                    self.fields[-1].instruction.append(child.text or "")
            elif name in ("drawing", "pict", "object"):
                self._objects(child, story)
            elif name == "ruby":
                base = child.find(w("rubyBase"))
                if base is not None:
                    self._inline(base, out, story)
            elif name == "commentReference":
                self.comments.setdefault(child.get(w("id"), ""), story.place)
            elif name == "delText":
                continue  # only ever inside a deletion, which is dropped with its run
            else:
                self._unknown(child, story.place)

    def _symbol(self, sym: etree._Element, text: object, story: _Story) -> None:
        assert callable(text)
        code = sym.get(w("char"), "")
        try:
            value = int(code, 16)
        except ValueError:
            return
        if 0xF000 <= value <= 0xF0FF or value < 0x20:
            # A symbol font's private code point: it means nothing outside that font.
            font = _clip(sym.get(w("font"), "a symbol font"))
            self.remark(story.place, "word-symbol", f"a symbol from {font} (U+{value:04X}) is not imported")
            return
        text(chr(value))

    def _objects(self, node: etree._Element, story: _Story) -> None:
        """A drawing, VML picture or embedded object: named in a remark, never imported."""
        what = _describe_object(node)
        boxed = [_texts(box).strip() for box in node.iter(w("txbxContent"))]
        words = next((b for b in boxed if b), "")
        if words:
            what = f'{what} ("{_clip(words)}")'
        self.remark(
            story.place, "word-object", f"{what} is not imported", _OBJECT_HINTS.get(what.split(" (")[0])
        )

    # -- fields --------------------------------------------------------------------------------

    def _field_char(self, kind: str, out: list[Inline], story: _Story) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            current = self.fields[-1]
            current.showing, current.out, current.start = True, out, len(out)
        elif kind == "end" and self.fields:
            self._end_field(self.fields.pop(), story)

    def _end_field(self, done: _Field, story: _Story) -> None:
        name = _field_name(done)
        out = done.out
        if out is None:
            return
        if name == "HYPERLINK":
            found = _HYPERLINK_FIELD.match("".join(done.instruction))
            if found:
                url = found.group(1) if found.group(1) is not None else found.group(2)
                anchor = _FIELD_ANCHOR.search(found.group(3) or "")
                if url:
                    self._link(out, done.start, url + (f"#{anchor.group(1)}" if anchor else ""))
        elif name in ("NOTEREF", "PAGEREF", "PAGE", "NUMPAGES", "SECTIONPAGES"):
            shown = _clip(plain(out[done.start :]))
            what = "a cross-reference to a note" if name == "NOTEREF" else "a page number"
            self.remark(
                story.place,
                "word-field",
                f'{what} ({name} field) is imported as the text Word showed: "{shown}"',
                "numbers change in the report: reword it",
            )

    # -- links -----------------------------------------------------------------------------------

    def _link(self, out: list[Inline], start: int, url: str) -> None:
        """A link's URL kept in the text: as its text when that is the URL, else after it."""
        url = url.strip()
        if not urlsplit(url).scheme and not url.startswith("www."):
            return  # a relative target: not a web address
        shown = plain(out[start:]).strip()
        if url.lower().startswith("mailto:"):
            address = url[7:].split("?", 1)[0]
            if address and address.lower() not in shown.lower():
                out.append(Span(f" ({address})"))
            return
        if _same_url(shown, url):
            if not re.match(r"^[a-z][a-z0-9+.-]*://", shown, re.I):
                # "www.itu.int" shown, "https://www.itu.int/" meant: the URL is what works.
                spans = [i for i in range(start, len(out)) if isinstance(out[i], Span)]
                if spans:
                    first = out[spans[0]]
                    assert isinstance(first, Span)
                    out[spans[0]] = Span(url, first.italic)
                    for i in reversed(spans[1:]):
                        del out[i]
            return
        if shown and _normal_url(url) in _normal_url(shown):
            return
        out.append(Span(LINK_JOIN[self.lang] + url if shown else url))

    # -- notes -----------------------------------------------------------------------------------

    def _read_notes(self) -> None:
        wanted = {(c.kind, c.id) for b in self.doc.blocks for c in b.calls()}
        for kind in NOTE_KINDS:
            part = self.package.related_part(self.package.main, f"{kind}s")
            if part is None:
                continue
            root = self.package.xml(part)
            rels = self._rels(part)
            for note in root.iter(w(kind)):
                nid = note.get(w("id"), "")
                if (kind, nid) not in wanted or note.get(w("type"), "normal") != "normal":
                    continue  # separators, and notes nothing calls (Word does not show them)
                story = _Story(rels, NotePlace(kind, nid))
                pieces: list[Inline] = []
                for p in note.iter(w("p")):
                    style_node = p.find(f"{W}pPr/{W}pStyle")
                    story.paragraph_style = style_node.get(w("val")) if style_node is not None else None
                    if pieces:
                        pieces.append(Span(" "))
                    self._inline(p, pieces, story)
                for table in note.iter(w("tbl")):
                    self._table(table, story)
                self.doc.notes[kind, nid] = pieces
        for kind, nid in sorted(wanted - set(self.doc.notes)):
            self.doc.remarks.append(
                Remark(
                    NotePlace(kind, nid), "error", "word-missing-note", f"the {kind} is missing from the file"
                )
            )
        comments = self.package.related_part(self.package.main, "comments")
        self.comment_texts = _comments(self.package, comments) if comments else {}

    def _summaries(self) -> None:
        """One remark per kind of thing dropped everywhere: tracked changes, hidden text, comments."""
        if self.tracked:
            n = len(self.tracked)
            self.remark(
                self.tracked[0],
                "word-tracked-changes",
                f"the file holds unaccepted tracked changes ({n} mark{'s' if n != 1 else ''}, the first"
                " here): insertions are kept and deletions dropped, as if every change were accepted",
                "accept or reject the changes in Word to be sure of the text",
            )
        for cid, place in self.comments.items():
            author, words = self.comment_texts.get(cid, ("", ""))
            said = f' ("{_clip(words)}")' if words else ""
            by = f" by {_clip(author)}" if author else ""
            self.remark(place, "word-comment", f"a comment{by}{said} is dropped")
        for place in sorted(self.hidden, key=_place_key):
            self.remark(place, "word-hidden", "hidden text is dropped (Word does not show it)")
        for place in sorted(self.zero_width, key=_place_key):
            self.remark(place, "word-invisible", "zero-width characters are removed")
        if self.toc_skipped:
            self.remark(
                ParagraphPlace(self.toc_first),
                "word-toc",
                f"a table of contents ({self.toc_skipped} paragraphs) is not imported",
            )


_OBJECT_HINTS = {
    "a text box": "copy its text into a paragraph if it belongs in the report",
    "an image": "the report has no figures; describe it in the text if it matters",
    "a chart": "the report has no figures; give its figures in the text if they matter",
}


def _describe_object(node: etree._Element) -> str:
    if local(node.tag) == "object":
        return "an embedded object"
    if any(True for _ in node.iter(w("txbxContent"))) or any(True for _ in node.iter(f"{{{V_NS}}}textbox")):
        return "a text box"
    uris = [
        g.get("uri", "")
        for g in node.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData")
    ]
    if any("chart" in u for u in uris):
        return "a chart"
    if any("diagram" in u for u in uris):
        return "a diagram (SmartArt)"
    if any("picture" in u for u in uris) or any(True for _ in node.iter(f"{{{V_NS}}}imagedata")):
        return "an image"
    return "a drawing"


def _comments(package: Package, part: str) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for comment in package.xml(part).iter(w("comment")):
        found[comment.get(w("id"), "")] = (comment.get(w("author"), ""), _texts(comment).strip())
    return found


def _field_name(f: _Field) -> str:
    found = _FIELD_NAME.match("".join(f.instruction))
    return found.group(1).upper() if found else ""


def _normal_url(url: str) -> str:
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    url = url.removeprefix("www.")
    return url.rstrip("/.")


def _same_url(shown: str, url: str) -> bool:
    return bool(shown) and " " not in shown and _normal_url(shown) == _normal_url(url)


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _place_key(place: Place) -> tuple[int, str, str]:
    if isinstance(place, ParagraphPlace):
        return (place.number, "", "")
    return (1 << 30, place.kind, place.id)


# -- white space and emphasis ---------------------------------------------------------------------


def _merge(content: list[Inline]) -> list[Inline]:
    """Adjacent spans of the same kind made one (Word splits runs anywhere, even mid-word)."""
    merged: list[Inline] = []
    for part in content:
        previous = merged[-1] if merged else None
        if isinstance(part, Span) and not part.text:
            continue
        if isinstance(part, Span) and isinstance(previous, Span) and previous.italic == part.italic:
            merged[-1] = Span(previous.text + part.text, part.italic)
        else:
            merged.append(part)
    return merged


def normalize(content: list[Inline]) -> list[Inline]:
    """Runs joined, white space as Word shows it made single spaces, emphasis without edge spaces.

    Optional (soft) hyphens go, as Word shows none inside a line, and so does a space before a
    note call.
    """
    spans: list[Inline] = []
    for part in content:
        if isinstance(part, Call):
            spans.append(part)
            continue
        text = _SPACES.sub(" ", part.text.replace(_SOFT_HYPHEN, ""))
        if part.italic and text.strip():
            # Any white space at the edges (a no-break space too) goes outside the emphasis.
            core = text.strip()
            lead, trail = text[: text.index(core)], text[text.index(core) + len(core) :]
            spans += [Span(lead), Span(core, True), Span(trail)]
        else:
            spans.append(Span(text))  # an italic space is a plain space
    out: list[Inline] = []
    after_space = True  # a paragraph starts with no space
    for part in _merge(spans):
        if isinstance(part, Call):
            # No space before a note call: UN style sets the call right after the word or mark.
            _drop_trailing_space(out)
            out.append(part)
            after_space = False
            continue
        text = re.sub(" {2,}", " ", part.text)
        if after_space:
            text = text.lstrip(" ")
        if text:
            out.append(Span(text, part.italic))
            after_space = text.endswith(" ")
    _drop_trailing_space(out)
    return _merge(out)


def _drop_trailing_space(out: list[Inline]) -> None:
    while out and isinstance(out[-1], Span) and out[-1].text.endswith(" "):
        last = out.pop()
        assert isinstance(last, Span)
        if last.text.rstrip(" "):
            out.append(Span(last.text.rstrip(" "), last.italic))


def read_document(package: Package, lang: str) -> WordDocument:
    """Read the body and the notes it calls; normalize the text of each."""
    doc = _Reader(package, lang).read()
    for block in doc.blocks:
        block.content = normalize(block.content)
    doc.blocks = [b for b in doc.blocks if b.text.strip() or b.calls()]
    doc.notes = {key: normalize(content) for key, content in doc.notes.items()}
    return doc
