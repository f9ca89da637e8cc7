"""XLIFF 1.2, the version Trados, memoQ, OmegaT and Weblate all read well.

A ``<file>`` per submission file (``original`` = its path under the submissions folder), a
``<trans-unit>`` per piece (``id`` = the persistent id, ``resname`` a readable name), ``<source>``
English and ``<target>`` the current Chinese with its ``state`` (new, needs-review-translation,
translated). A stale unit carries the English its Chinese was made from in an ``<alt-trans
alttranstype="previous-version">``; notes give the context. Note calls and computed values are
``<x/>``, emphasis ``<g ctype="italic">``: tools protect them, and on import they must match the
English. Reading is hardened: no DTD, no entities, no network, a size limit.
"""

from __future__ import annotations

from lxml import etree

from .content import Code, Content, Part, Span
from .units_io import EnglishOf, Meta, ReadResult, Returned, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
# Tools that write the older 1.1 namespace keep our 1.2 structure; both are read.
READ_NAMESPACES = (NS, "urn:oasis:names:tc:xliff:document:1.1")
STATES = {"untranslated": "new", "stale": "needs-review-translation", "translated": "translated"}
# States by which a tool says the target is not done yet.
REVIEW_STATES = {
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
}
CALL_CTYPE = "x-note-call"
VALUE_CTYPE = "x-computed-value"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def code_ids(content: Content) -> dict[tuple[str, str, int], str]:
    """The id of each code and span, numbered in reading order: ``1``, ``2``…

    Keyed by what the code is (a call by its key, a value by its name and occurrence, a span by
    its occurrence), so that the Chinese, whose order may differ, uses the English's ids.
    """
    ids: dict[tuple[str, str, int], str] = {}
    seen: dict[tuple[str, str], int] = {}

    def add(kind: str, name: str) -> None:
        n = seen.get((kind, name), 0)
        seen[kind, name] = n + 1
        ids[kind, name, n] = str(len(ids) + 1)

    for part in content:
        if isinstance(part, Span):
            add("span", "")
            for inner in part.parts:
                if isinstance(inner, Code):
                    add(inner.kind, inner.name)
        elif isinstance(part, Code):
            add(part.kind, part.name)
    return ids


def _fill(element: etree._Element, content: Content, ids: dict[tuple[str, str, int], str]) -> None:
    """Write ``content`` into ``element`` as text and inline codes."""
    seen: dict[tuple[str, str], int] = {}
    last: etree._Element | None = None

    def text(parent: etree._Element, after: etree._Element | None, value: str) -> None:
        if after is None:
            parent.text = (parent.text or "") + value
        else:
            after.tail = (after.tail or "") + value

    def code_id(kind: str, name: str) -> str:
        n = seen.get((kind, name), 0)
        seen[kind, name] = n + 1
        return ids.get((kind, name, n)) or f"{kind}-{name}-{n}"

    def x(parent: etree._Element, code: Code) -> etree._Element:
        attrs = {
            "id": code_id(code.kind, code.name),
            "ctype": CALL_CTYPE if code.kind == "call" else VALUE_CTYPE,
            "equiv-text": code.syntax,
        }
        return etree.SubElement(parent, _q("x"), attrs)

    for part in content:
        if isinstance(part, str):
            text(element, last, part)
        elif isinstance(part, Code):
            last = x(element, part)
        else:
            g = etree.SubElement(element, _q("g"), {"id": code_id("span", ""), "ctype": "italic"})
            inner_last: etree._Element | None = None
            for inner in part.parts:
                if isinstance(inner, str):
                    text(g, inner_last, inner)
                else:
                    inner_last = x(g, inner)
            last = g


def write(units: list[Unit], meta: Meta) -> bytes:
    """The XLIFF document of ``units``, grouped by submission file in the order given."""
    root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: NS})  # type: ignore[dict-item]
    files: dict[str, etree._Element] = {}
    for unit in units:
        body = files.get(unit.file)
        if body is None:
            file_el = etree.SubElement(
                root,
                _q("file"),
                {
                    "original": unit.file,
                    "source-language": meta.source_language,
                    "target-language": meta.target_language,
                    "datatype": "plaintext",
                },
            )
            header = etree.SubElement(file_el, _q("header"))
            tool = {"tool-id": "wsisreport", "tool-name": "wsisreport", "tool-version": meta.tool_version}
            etree.SubElement(header, _q("tool"), tool)
            note = etree.SubElement(header, _q("note"))
            note.text = (
                f"{meta.title}. Translate the source into the target; keep every inline code"
                " (note calls, computed values, emphasis). Return the file to the editors as it is."
            )
            body = files[unit.file] = etree.SubElement(file_el, _q("body"))
        ids = code_ids(unit.source)
        tu = etree.SubElement(body, _q("trans-unit"), {"id": unit.id, "resname": unit.resname})
        _fill(etree.SubElement(tu, _q("source")), unit.source, ids)
        target = etree.SubElement(tu, _q("target"), {"state": STATES[unit.state]})
        if unit.target is not None:
            _fill(target, unit.target, ids)
        for line in unit.context:
            note = etree.SubElement(tu, _q("note"), {"from": "wsisreport", "annotates": "general"})
            note.text = line
        if unit.change:
            note = etree.SubElement(tu, _q("note"), {"from": "wsisreport", "annotates": "source"})
            note.text = f"The English changed since the Chinese was made: {unit.change}"
        if unit.previous is not None:
            alt = etree.SubElement(tu, _q("alt-trans"), {"alttranstype": "previous-version"})
            _fill(etree.SubElement(alt, _q("source")), unit.previous, code_ids(unit.previous))
            if unit.target is not None:
                _fill(etree.SubElement(alt, _q("target")), unit.target, code_ids(unit.previous))
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


# -- reading --------------------------------------------------------------------------------------


def looks_like(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"xliff" in data[:4096].lower()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


class _Codes:
    """The English's codes by id, to read a returned source or target."""

    def __init__(self, english: Content | None) -> None:
        self.by_id: dict[str, tuple[str, str]] = {}
        if english is not None:
            for (kind, name, _n), cid in code_ids(english).items():
                self.by_id[cid] = (kind, name)


def _read_content(element: etree._Element, codes: _Codes, problems: list[str], where: str) -> Content:
    parts: list[Part] = []

    def local(el: etree._Element) -> str:
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    def walk(el: etree._Element, into: list[Part], in_span: bool) -> None:
        if el.text:
            into.append(el.text)
        for child in el:
            name = local(child)
            if not isinstance(child.tag, str):  # a comment
                pass
            elif etree.QName(child).namespace not in READ_NAMESPACES:
                problems.append(f"{where}: markup <{name}> is not allowed in a unit")
            elif name == "mrk":  # segmentation and other annotations: their text counts
                walk(child, into, in_span)
            elif name == "x":
                found = codes.by_id.get(child.get("id", ""))
                if found is None or found[0] == "span":
                    problems.append(
                        f"{where}: inline code <x id='{child.get('id', '')}'/> is not in the English"
                    )
                elif in_span and found[0] == "call":
                    problems.append(f"{where}: a note call inside emphasis")
                else:
                    into.append(Code("call" if found[0] == "call" else "value", found[1]))
            elif name == "g":
                found = codes.by_id.get(child.get("id", ""))
                if in_span:
                    problems.append(f"{where}: emphasis inside emphasis")
                elif found is None or found[0] != "span":
                    problems.append(
                        f"{where}: inline code <g id='{child.get('id', '')}'> is not in the English"
                    )
                else:
                    inner: list[Part] = []
                    walk(child, inner, True)
                    joined: list[str | Code] = [p for p in inner if not isinstance(p, Span)]
                    into.append(Span(tuple(joined)))
            else:
                problems.append(
                    f"{where}: inline markup <{name}> is not supported; use the codes of the source"
                )
            if child.tail:
                into.append(child.tail)

    walk(element, parts, False)
    out: list[Part] = []
    for part in parts:  # adjacent words joined
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return tuple(out)


def read(data: bytes, display: str, english: EnglishOf) -> ReadResult:
    """Every trans-unit of an XLIFF 1.2 file, with problems located as ``FILE:line``."""
    result = ReadResult()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        result.problems.append(f"{display}: a DTD or entity declaration is not allowed")
        return result
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        result.problems.append(f"{display}:{exc.lineno}: not well-formed XML: {exc.msg}")
        return result
    qname = etree.QName(root)
    if qname.localname != "xliff" or qname.namespace not in READ_NAMESPACES:
        result.problems.append(f"{display}: not an XLIFF 1.2 document")
        return result
    ns = qname.namespace
    for file_el in root.iter(f"{{{ns}}}file"):
        lang = file_el.get("target-language", "")
        if lang and not lang.lower().startswith("zh"):
            result.problems.append(
                f"{display}:{file_el.sourceline}: target-language is '{lang}', not Chinese"
            )
            continue
        for tu in file_el.iter(f"{{{ns}}}trans-unit"):
            uid = tu.get("id", "")
            where = f"{display}:{tu.sourceline}: unit {uid}"
            codes = _Codes(english(uid))
            source_el = tu.find(f"{{{ns}}}source")
            target_el = tu.find(f"{{{ns}}}target")
            source = _read_content(source_el, codes, [], where) if source_el is not None else None
            target = None
            review = False
            raw = ""
            if target_el is not None:
                target = _read_content(target_el, codes, result.problems, where)
                review = target_el.get("state", "") in REVIEW_STATES
                raw = "".join(str(t) for t in target_el.itertext())
            result.units.append(Returned(uid, where, source, target or None, review, raw))
    return result
