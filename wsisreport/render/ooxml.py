"""A small WordprocessingML helper: runs, paragraphs, fields, footnotes and deterministic packaging.

python-docx has no API for footnotes or fields and its paragraph API is slow on long documents, so
the DOCX renderer builds those elements here and lets python-docx handle the package.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters XML 1.0 cannot carry. Validation refuses them in submissions; this is the last guard.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w(tag: str) -> str:
    """The Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes and children."""
    element = etree.Element(w(tag), {w(k): v for k, v in (attrs or {}).items()}, nsmap={"w": W_NS})
    element.extend(children)
    return element


def xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def run(text: str, style: str | None = None, *, bold: bool = False) -> etree._Element:
    """A run of plain text; tabs become ``w:tab`` so Word aligns them on the paragraph's tab stops."""
    r = el("r")
    if style or bold:
        rpr = el("rPr")
        if style:
            rpr.append(el("rStyle", {"val": style}))
        if bold:
            rpr.append(el("b"))
        r.append(rpr)
    for i, part in enumerate(xml_text(text).split("\t")):
        if i:
            r.append(el("tab"))
        if part:
            t = el("t")
            t.text = part
            t.set(XML_SPACE, "preserve")
            r.append(t)
    return r


def paragraph(style: str, runs: Iterable[etree._Element] = (), *, align: str | None = None) -> etree._Element:
    """A paragraph in a named style (alignment only where the style cannot say it)."""
    ppr = el("pPr", None, el("pStyle", {"val": style}))
    if align:
        ppr.append(el("jc", {"val": align}))
    p = el("p", None, ppr)
    p.extend(runs)
    return p


def page_break() -> etree._Element:
    return el("p", None, el("r", None, el("br", {"type": "page"})))


def field(instruction: str, style: str | None = None) -> list[etree._Element]:
    """A complex field (e.g. ``PAGE``) as the runs Word expects: begin, code, separate, result, end."""

    def fld(kind: str) -> etree._Element:
        r = run("", style)
        r.append(el("fldChar", {"fldCharType": kind}))
        return r

    code = run("", style)
    instr = el("instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    code.append(instr)
    return [fld("begin"), code, fld("separate"), run("1", style), fld("end")]


def footnote_reference(note_id: int, style: str = "FootnoteReference") -> etree._Element:
    """The call of a numbered footnote in the text."""
    return el(
        "r",
        None,
        el("rPr", None, el("rStyle", {"val": style})),
        el("footnoteReference", {"id": str(note_id)}),
    )


def custom_mark_reference(note_id: int, mark: str) -> list[etree._Element]:
    """The call of a footnote with a custom mark (the masthead's * and **), outside the numbering."""
    # The mark must follow the reference inside the same run, or LibreOffice numbers the note.
    ref = el("r", None, el("footnoteReference", {"customMarkFollows": "1", "id": str(note_id)}))
    text = el("t")
    text.text = mark
    ref.append(text)
    return [ref]


def footnote(
    note_id: int,
    text: str | list[etree._Element],
    *,
    mark: str | None = None,
    style: str = "FootnoteText",
) -> etree._Element:
    """A footnote: its number (or custom mark), a tab, the text (plain, or runs)."""
    if mark is None:
        marker = el("r", None, el("rPr", None, el("rStyle", {"val": "FootnoteReference"})), el("footnoteRef"))
    else:
        marker = run(mark)
    body = [run("\t" + text)] if isinstance(text, str) else [run("\t"), *text]
    return el("footnote", {"id": str(note_id)}, paragraph(style, [marker, *body]))


def table(
    widths: list[int], rows: list[list[list[etree._Element]]], *, borders: dict[int, str] | None = None
) -> etree._Element:
    """A layout table without grid lines; ``borders`` draws a bottom rule under given rows."""
    tbl = el(
        "tbl",
        None,
        el(
            "tblPr",
            None,
            el("tblW", {"w": str(sum(widths)), "type": "dxa"}),
            el("tblLayout", {"type": "fixed"}),
            el("tblLook", {"val": "0000"}),
        ),
        el("tblGrid", None, *(el("gridCol", {"w": str(width)}) for width in widths)),
    )
    for index, cells in enumerate(rows):
        tr = el("tr")
        for width, content in zip(widths, cells, strict=True):
            tcpr = el("tcPr", None, el("tcW", {"w": str(width), "type": "dxa"}))
            if borders and index in borders:
                size = borders[index]
                tcpr.append(
                    el(
                        "tcBorders",
                        None,
                        el("bottom", {"val": "single", "sz": size, "space": "0", "color": "auto"}),
                    )
                )
            tc = el("tc", None, tcpr)
            tc.extend(content or [paragraph("Normal")])
            tr.append(tc)
        tbl.append(tr)
    return tbl


def normalize_zip(blob: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite a package with fixed entry times, [Content_Types].xml first, then sorted names.

    Zip entries carry their write time; a fixed time and order make the DOCX byte-reproducible.
    """
    source = zipfile.ZipFile(io.BytesIO(blob))
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
