"""The ``akn`` format: one language version as Akoma Ntoso for the UN (AKN4UN), described in docs/akn.md."""

from __future__ import annotations

import re

from lxml import etree

from ..document import Contributor, Document, Emphasis, Heading, HeadingRole, Inline, NoteRef, Paragraph
from ..document import SessionBlock as Session
from ..inline import url_spans
from ..reproducible import source_datetime
from . import Rendered
from .akn_iri import ACTOR, LANGUAGE_CODES, expression_iri, manifestation_iri, symbol_component, work_iri

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

# The outline as nested hierarchical containers: one element, and one eId prefix, per kind of
# heading, in the order of rank AKN gives them, so that the element tells what kind of heading it
# holds. The unnumbered top-level heading ("Introduction") is set as a chapter, as in print.
CONTAINERS: dict[HeadingRole, tuple[str, str]] = {
    "chapter": ("chapter", "chp"),
    "letter": ("section", "sec"),
    "number": ("subsection", "subsec"),
    "paren": ("division", "dvs"),
    "sub": ("subdivision", "subdvs"),
}

# The references every report has, by eId. Their hrefs are those of the AKN4UN ontology; the
# Secretary-General's ends with the actor of the work IRI, as FRBRauthor points to it.
UNITED_NATIONS = "unitedNations"
SECRETARY_GENERAL = "secretaryGeneral"
AUTHOR = "author"
ORIGINAL = "original"
# The summary's container: the one eId of the text without "_", which an entity id might equal.
SUMMARY = "summary"
ORGANIZATION = "/akn/ontology/organization"

# Elements holding only elements: indented in the file. Every other element holds text, whose
# white space is content and is left exactly as the model has it.
_STRUCTURAL = frozenset(
    {
        "akomaNtoso",
        "doc",
        "meta",
        "identification",
        "FRBRWork",
        "FRBRExpression",
        "FRBRManifestation",
        "lifecycle",
        "references",
        "coverPage",
        "preface",
        "container",
        "mainBody",
        "paragraph",
        "content",
        *(tag for tag, _prefix in CONTAINERS.values()),
    }
)


def _el(
    parent: etree._Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None
) -> etree._Element:
    """A child element in the AKN namespace; lxml escapes its text and attribute values."""
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs or {})
    if text:
        element.text = text
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    """Text after the last thing already in ``parent``: its text, or the tail of its last child."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _linked(parent: etree._Element, text: str) -> None:
    """``text`` into ``parent``, its web addresses as links (only http and https are followed)."""
    pos = 0
    for start, end in url_spans(text):
        url = text[start:end]
        if not url.lower().startswith(("http://", "https://")):
            continue
        _append_text(parent, text[pos:start])
        _el(parent, "a", {"href": url}, url)
        pos = end
    _append_text(parent, text[pos:])


def _camel(name: str) -> str:
    """An organ's eId from its English name, as the AKN4UN ontology writes them: generalAssembly."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "".join(w.lower() if i == 0 else w[:1].upper() + w[1:].lower() for i, w in enumerate(words))


class _References:
    """The eIds of the organizations the file names: fixed ones, the organs, the contributors."""

    def __init__(self, document: Document) -> None:
        # Each organ once, by its English name: its eId and its names.
        self.organs: dict[str, tuple[str, dict[str, str]]] = {}
        taken = {UNITED_NATIONS, SECRETARY_GENERAL, AUTHOR, ORIGINAL, SUMMARY}
        for session in document.sessions:
            name = session.organ["en"]
            if name not in self.organs:
                self.organs[name] = (self._unique(_camel(name) or "organ", taken), session.organ)
        # Entity ids never hold "_", so a suffixed id cannot meet another entity's.
        self.entities = {c.entity: self._unique(c.entity, taken, "_entity") for c in document.contributors}

    @staticmethod
    def _unique(eid: str, taken: set[str], suffix: str = "_") -> str:
        while eid in taken:
            eid += suffix
        taken.add(eid)
        return eid

    def refers_to(self, entities: list[str]) -> dict[str, str]:
        """The ``refersTo`` attribute naming the contributors among ``entities`` (the compiler is none)."""
        refs = [f"#{self.entities[e]}" for e in dict.fromkeys(entities) if e in self.entities]
        return {"refersTo": " ".join(refs)} if refs else {}


class _Writer:
    """One language version of the document as an AKN tree."""

    def __init__(self, document: Document, lang: str) -> None:
        self.document = document
        self.lang = lang
        self.furniture = document.furniture[lang]
        self.refs = _References(document)
        self.notes = {note.number: note for note in document.notes}

    def tree(self) -> etree._Element:
        # The default namespace (no prefix), as AKN files are written; lxml-stubs wants str keys.
        root = etree.Element(f"{{{NS}}}akomaNtoso", nsmap={None: NS})  # type: ignore[dict-item]
        doc = _el(root, "doc", {"name": "progressReport"})
        self.meta(_el(doc, "meta"))
        self.cover_page(_el(doc, "coverPage"))
        self.preface(_el(doc, "preface"))
        self.main_body(_el(doc, "mainBody"))
        return root

    # -- meta ---------------------------------------------------------------------------------

    def meta(self, meta: etree._Element) -> None:
        d, lang = self.document, self.lang
        date = d.date.isoformat()
        author = {"href": f"#{SECRETARY_GENERAL}", "as": f"#{AUTHOR}"}
        joint = d.symbols[1:]
        identification = _el(meta, "identification", {"source": f"#{SECRETARY_GENERAL}"})

        work = _el(identification, "FRBRWork")
        _el(work, "FRBRthis", {"value": f"{work_iri(d)}/!main"})
        _el(work, "FRBRuri", {"value": work_iri(d)})
        for symbol in joint:
            _el(work, "FRBRalias", {"value": work_iri(d, symbol), "name": "jointSymbol", "showAs": symbol})
        _el(work, "FRBRdate", {"date": date, "name": "issuance"})
        _el(work, "FRBRauthor", author)
        _el(work, "FRBRcountry", {"value": "un"})
        _el(work, "FRBRsubtype", {"value": "paper"})
        for symbol in d.symbols:
            _el(work, "FRBRnumber", {"value": symbol_component(symbol), "showAs": symbol})

        expression = _el(identification, "FRBRExpression")
        _el(expression, "FRBRthis", {"value": f"{expression_iri(d, lang)}/!main"})
        _el(expression, "FRBRuri", {"value": expression_iri(d, lang)})
        for symbol in joint:
            alias = expression_iri(d, lang, symbol)
            _el(expression, "FRBRalias", {"value": alias, "name": "jointSymbol", "showAs": symbol})
        _el(expression, "FRBRdate", {"date": date, "name": "issuance"})
        _el(expression, "FRBRauthor", author)
        if lang != d.original_language:
            # A translation: its eIds are those of the original's expression.
            master = {"href": expression_iri(d, d.original_language), "showAs": self.furniture.original}
            _el(expression, "FRBRmasterExpression", master)
        _el(expression, "FRBRlanguage", {"language": LANGUAGE_CODES[lang]})

        manifestation = _el(identification, "FRBRManifestation")
        _el(manifestation, "FRBRthis", {"value": f"{expression_iri(d, lang)}/!main.xml"})
        _el(manifestation, "FRBRuri", {"value": manifestation_iri(d, lang)})
        # The markup's date: the one timestamp of every output (SOURCE_DATE_EPOCH or the report date).
        _el(manifestation, "FRBRdate", {"date": source_datetime(d).date().isoformat(), "name": "markup"})
        _el(manifestation, "FRBRauthor", author)
        _el(manifestation, "FRBRformat", {"value": "xml"})

        _el(
            meta,
            "publication",
            {"date": date, "name": "unDocument", "showAs": d.joint_symbol, "number": d.job_number},
        )
        lifecycle = _el(meta, "lifecycle", {"source": f"#{SECRETARY_GENERAL}"})
        _el(lifecycle, "eventRef", {"date": date, "source": f"#{ORIGINAL}", "type": "generation"})
        self.references(_el(meta, "references", {"source": f"#{SECRETARY_GENERAL}"}))

    def references(self, refs: etree._Element) -> None:
        d, lang = self.document, self.lang
        original = {"eId": ORIGINAL, "href": expression_iri(d, d.original_language), "showAs": d.joint_symbol}
        _el(refs, "original", original)
        un = {"eId": UNITED_NATIONS, "href": f"{ORGANIZATION}/un/{UNITED_NATIONS}"}
        _el(refs, "TLCOrganization", {**un, "showAs": self.furniture.united_nations})
        for eid, names in self.refs.organs.values():
            _el(
                refs,
                "TLCOrganization",
                {"eId": eid, "href": f"{ORGANIZATION}/un/{eid}", "showAs": names[lang]},
            )
        # The model has no name for the author beyond "Report of the Secretary-General": the
        # ontology's own label is used, as DGACM's files do for the organs in every language.
        sg = {"eId": SECRETARY_GENERAL, "href": f"{ORGANIZATION}/un/{ACTOR}", "showAs": "Secretary-General"}
        _el(refs, "TLCOrganization", sg)
        for contributor in d.contributors:
            _el(refs, "TLCOrganization", self._organization(contributor))
        _el(refs, "TLCRole", {"eId": AUTHOR, "href": "/akn/ontology/role/un/author", "showAs": "Author"})

    def _organization(self, contributor: Contributor) -> dict[str, str]:
        lang = self.lang
        # UN system entities in the UN's ontology; other bodies under their own id.
        scope = "/un" if contributor.kind == "un-system" else ""
        attrs = {
            "eId": self.refs.entities[contributor.entity],
            "href": f"{ORGANIZATION}{scope}/{contributor.entity}",
            "showAs": contributor.name.get(lang) or contributor.printed[lang],
        }
        short = contributor.short.get(lang)
        if short:
            attrs["shortForm"] = short
        return attrs

    # -- masthead and front matter ---------------------------------------------------------------

    def cover_page(self, cover: etree._Element) -> None:
        d, f = self.document, self.furniture
        _el(_el(cover, "p"), "docAuthority", {"refersTo": f"#{UNITED_NATIONS}"}, f.united_nations)
        for symbol in d.symbols:
            _el(_el(cover, "p"), "docNumber", {}, symbol)
        for eid, names in self.refs.organs.values():
            _el(_el(cover, "p"), "docAuthority", {"refersTo": f"#{eid}"}, names[self.lang])
        _el(_el(cover, "p"), "docStatus", {}, f.distr_general)
        _el(_el(cover, "p"), "docDate", {"date": d.date.isoformat()}, f.date)
        if f.language_name:
            _el(_el(cover, "p"), "inline", {"name": "language"}, f.language_name)
        _el(_el(cover, "p"), "inline", {"name": "originalLanguage"}, f.original)
        for n, session in enumerate(d.sessions, 1):
            self.session(_el(cover, "container", {"name": "session", "eId": f"session_{n}"}), session, n)

    def session(self, block: etree._Element, session: Session, n: int) -> None:
        lang = self.lang
        organ = {"refersTo": f"#{self.refs.organs[session.organ['en']][0]}"}
        _el(_el(block, "p"), "organization", organ, session.organ[lang])
        _el(_el(block, "p"), "session", organ, session.session[lang])
        item = _el(_el(block, "p"), "inline", {"name": "agendaItem"})
        text, note = session.item[lang], session.note
        if note is None:
            _append_text(item, text)
        else:
            # The mark becomes the note's marker: the note takes its place in the item's text.
            at = note.at[lang]
            before, after = (text[:at], text[at + len(note.mark) :]) if at >= 0 else (text, "")
            _append_text(item, before)
            attrs = {"eId": f"mastheadNote_{n}", "marker": note.mark, "placement": "bottom"}
            _linked(_el(_el(item, "authorialNote", attrs), "p"), note.text[lang])
            _append_text(item, after)
        _el(_el(block, "p"), "inline", {"name": "agendaItemTitle"}, session.item_title[lang])

    def preface(self, preface: etree._Element) -> None:
        d, lang = self.document, self.lang
        _el(_el(preface, "p"), "docNumber", {}, d.joint_symbol)
        _el(_el(preface, "p"), "docDate", {"date": d.date.isoformat()}, self.furniture.date)
        _el(_el(preface, "p"), "docTitle", {}, d.title[lang])
        proponent = {"refersTo": f"#{SECRETARY_GENERAL}"}
        _el(_el(preface, "p"), "docProponent", proponent, d.report_of[lang])
        summary = _el(preface, "container", {"name": "summary", "eId": SUMMARY})
        _el(summary, "p", {"class": "heading"}, self.furniture.summary)
        for runs in d.summary[lang]:
            self.runs(_el(summary, "p"), runs)

    # -- body -----------------------------------------------------------------------------------

    def main_body(self, body: etree._Element) -> None:
        lang = self.lang
        # The open containers, innermost last, with their outline levels.
        open_: list[tuple[int, etree._Element]] = []
        for block in self.document.blocks:
            if isinstance(block, Heading):
                while open_ and open_[-1][0] >= block.level:
                    open_.pop()
                tag, prefix = CONTAINERS[block.role]
                parent = open_[-1][1] if open_ else body
                container = _el(parent, tag, {"eId": f"{prefix}_{block.section}"})
                if block.label[lang]:
                    _el(container, "num", {}, block.label[lang])
                _el(container, "heading", {}, block.text[lang])
                open_.append((block.level, container))
            else:
                self.paragraph(open_[-1][1] if open_ else body, block)

    def paragraph(self, parent: etree._Element, paragraph: Paragraph) -> None:
        attrs = {"eId": f"para_{paragraph.number}"}
        attrs.update(self.refs.refers_to([s.entity for s in paragraph.sources]))
        element = _el(parent, "paragraph", attrs)
        _el(element, "num", {}, f"{paragraph.number}.")
        self.runs(_el(_el(element, "content"), "p"), paragraph.content[self.lang])

    def runs(self, parent: etree._Element, runs: Inline) -> None:
        """Text, emphasis as ``i`` and each note at its call as an ``authorialNote``."""
        for part in runs:
            if isinstance(part, NoteRef):
                self.note(parent, part.number)
                continue
            # In a draft, English standing in for the Chinese (or a stale Chinese) says so.
            target = parent if part.draft is None else _el(parent, "span", {"class": f"draft-{part.draft}"})
            if isinstance(part, Emphasis):
                _linked(_el(target, "i"), part.value)
            else:
                _linked(target, part.value)

    def note(self, parent: etree._Element, number: int) -> None:
        note = self.notes[number]
        attrs = {"eId": f"note_{number}", "marker": str(number), "placement": "bottom"}
        attrs.update(self.refs.refers_to([note.source.entity]))
        self.runs(_el(_el(parent, "authorialNote", attrs), "p"), note.content[self.lang])


def _indent(element: etree._Element, depth: int = 0) -> None:
    """Indent the elements that hold only elements; text and its white space stay untouched."""
    if etree.QName(element).localname not in _STRUCTURAL or element.text or not len(element):
        return
    pad = "\n" + "  " * (depth + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        _indent(child, depth + 1)
    element[-1].tail = "\n" + "  " * depth


def to_xml(document: Document, lang: str) -> etree._Element:
    """The AKN tree of ``document`` in ``lang``."""
    root = _Writer(document, lang).tree()
    _indent(root)
    return root


def render(document: Document, lang: str) -> Rendered:
    """``document`` in ``lang`` as an AKN4UN XML file."""
    xml = etree.tostring(to_xml(document, lang), xml_declaration=True, encoding="UTF-8")
    return Rendered(xml + b"\n")


__all__ = ["CONTAINERS", "NS", "render", "to_xml"]
