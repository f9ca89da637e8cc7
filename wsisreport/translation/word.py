"""Word, for translators who work in Word (UN translation services take Word files).

One table: the id, the English, a column for the Chinese, and the status with the context. The
id, English and status cells are locked content controls (Word refuses edits to them; other
programs show them as ordinary text, and the import trusts the id and English only as far as
they match the submissions). Emphasis is italic; note calls and computed values are written as in
the submissions (``[^key]``, ``@{name}``) in a shaded code style, to be copied into the Chinese.

Read back without python-docx's loader: the package's size and entries are checked first and
``word/document.xml`` parsed with no DTD, entities or network.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from ..render.ooxml import normalize_zip
from .content import Code, Content, ContentError, from_syntax
from .units_io import Meta, ReadResult, Returned, Unit

HEADERS = ("Id (do not change)", "English (do not change)", "Chinese 中文", "Status and context")
STATUS = {
    "untranslated": "New: translate",
    "stale": "Changed: revise the Chinese",
    "translated": "Translated",
}
CODE_STYLE = "Wsis Code"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WIDTHS = (Cm(3.2), Cm(9.6), Cm(9.6), Cm(5.3))
# A Word package has a few dozen parts; these limits stop zip bombs before anything is inflated.
MAX_PARTS = 2000
MAX_UNPACKED = 256 * 1024 * 1024


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _lock(paragraph: Paragraph, tag: str) -> None:
    """Wrap the paragraph's runs in a content control that can be neither edited nor deleted."""
    p = paragraph._p
    runs = [child for child in p if child.tag == qn("w:r")]
    sdt = etree.SubElement(p, qn("w:sdt"))
    pr = etree.SubElement(sdt, qn("w:sdtPr"))
    etree.SubElement(pr, qn("w:alias")).set(qn("w:val"), tag)
    etree.SubElement(pr, qn("w:tag")).set(qn("w:val"), f"wsisreport-{tag}")
    etree.SubElement(pr, qn("w:lock")).set(qn("w:val"), "sdtContentLocked")
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    for run in runs:
        content.append(run)


def _add(paragraph: Paragraph, content: Content) -> None:
    def code(c: Code) -> None:
        paragraph.add_run(c.syntax, style=CODE_STYLE)

    for part in content:
        if isinstance(part, str):
            paragraph.add_run(part)
        elif isinstance(part, Code):
            code(part)
        else:
            for inner in part.parts:
                if isinstance(inner, str):
                    paragraph.add_run(inner).italic = True
                else:
                    code(inner)


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = etree.SubElement(tc_pr, qn("w:shd"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _styles(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), "SimSun")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    code = document.styles.add_style(CODE_STYLE, WD_STYLE_TYPE.CHARACTER)
    code.font.name = "Courier New"
    code.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    shd = etree.SubElement(code.element.get_or_add_rPr(), qn("w:shd"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "E7E6E6")


def write(units: list[Unit], meta: Meta, when: datetime.datetime) -> bytes:
    """The Word file of ``units``; ``when`` dates it, for identical bytes from identical input."""
    document = docx.Document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(meta.title, level=1)
    document.add_paragraph(
        "Write the Chinese in the third column, one row per text. Keep the note calls and computed"
        " values ([^…], @{…}, shaded) exactly as they are, and italics where the English has them."
        " Do not change the ids, the English or the status: the editors import the Chinese by id,"
        " and a row whose English differs from the submissions is not imported."
    )
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = document.styles["Table Grid"]
    header = table.rows[0]
    etree.SubElement(header._tr.get_or_add_trPr(), qn("w:tblHeader"))
    for cell, text, width in zip(header.cells, HEADERS, WIDTHS, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "D9D9D9")
    for unit in units:
        cells = table.add_row().cells
        id_cell, en_cell, zh_cell, status_cell = cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            cell.width = width
        id_cell.paragraphs[0].add_run(unit.id)
        _lock(id_cell.paragraphs[0], "id")
        _shade(id_cell, "F2F2F2")
        _add(en_cell.paragraphs[0], unit.source)
        _lock(en_cell.paragraphs[0], "english")
        if unit.target is not None:
            _add(zh_cell.paragraphs[0], unit.target)
        _shade(zh_cell, "FFFBE6")
        lines = [STATUS[unit.state], *unit.context]
        if unit.change:
            lines.append(f"Changed: {unit.change}")
        first = status_cell.paragraphs[0]
        first.add_run(lines[0]).bold = True
        _lock(first, "status")
        for line in lines[1:]:
            paragraph = status_cell.add_paragraph()
            paragraph.add_run(line).font.size = Pt(8)
            _lock(paragraph, "status")
        if unit.previous is not None:
            paragraph = status_cell.add_paragraph()
            paragraph.add_run("Previous English: ").font.size = Pt(8)
            _add(paragraph, unit.previous)
            _lock(paragraph, "status")
    props = document.core_properties
    props.title = meta.title
    props.author = "wsisreport"
    props.last_modified_by = ""
    props.created = props.modified = when.replace(tzinfo=None)
    props.revision = 1
    props.language = "zh-CN"
    buffer = io.BytesIO()
    document.save(buffer)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    return normalize_zip(buffer.getvalue(), stamp)


# -- reading --------------------------------------------------------------------------------------


def looks_like(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _italic(run: etree._Element) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is None:
        return False
    flag = rpr.find(_w("i"))
    return flag is not None and flag.get(_w("val"), "true") not in ("0", "false", "off")


def _cell_text(cell: etree._Element) -> str:
    return "".join(t.text or "" for t in cell.iter(_w("t")))


def _cell_syntax(cell: etree._Element) -> tuple[str, str]:
    """The cell as submission syntax (italic runs as ``*…*``), and its characters as written."""
    pieces: list[tuple[bool, str]] = []
    raw: list[str] = []
    for p_index, paragraph in enumerate(cell.iter(_w("p"))):
        if p_index:
            pieces.append((False, " "))
        for run in paragraph.iter(_w("r")):
            # Deleted text of tracked changes is w:delText, never w:t: it is left out by itself.
            chunks = []
            for child in run:
                if child.tag == _w("t"):
                    chunks.append(child.text or "")
                elif child.tag in (_w("tab"), _w("br"), _w("cr")):
                    chunks.append(" ")
            text = "".join(chunks)
            raw.append(text)
            if text:
                pieces.append((_italic(run) and bool(text.strip()), text))
    merged: list[tuple[bool, str]] = []
    for italic, text in pieces:
        if merged and merged[-1][0] == italic:
            merged[-1] = (italic, merged[-1][1] + text)
        else:
            merged.append((italic, text))
    syntax = "".join(
        f"*{text.replace('*', chr(92) + '*')}*" if italic else text.replace("*", "\\*")
        for italic, text in merged
    )
    return syntax, "".join(raw)


def read(data: bytes, display: str) -> ReadResult:
    """The rows of the translation table, with problems located as ``FILE: row N``."""
    result = ReadResult()
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
        if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
            result.problems.append(f"{display}: the Word package is too large when unpacked")
            return result
        xml = package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        result.problems.append(f"{display}: not a Word document ({exc})")
        return result
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        result.problems.append(f"{display}: a DTD or entity declaration is not allowed")
        return result
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        result.problems.append(f"{display}: word/document.xml is not well-formed: {exc.msg}")
        return result
    table = None
    for candidate in root.iter(_w("tbl")):
        rows = candidate.findall(_w("tr"))
        first = rows[0].find(_w("tc")) if rows else None
        if first is not None and _cell_text(first).startswith(HEADERS[0][:2]):
            table = candidate
            break
    if table is None:
        result.problems.append(f"{display}: no translation table (its first column is headed '{HEADERS[0]}')")
        return result
    for number, row in enumerate(table.findall(_w("tr"))[1:], start=2):
        cells = row.findall(_w("tc"))
        if len(cells) < len(HEADERS):
            result.problems.append(f"{display}: row {number}: {len(cells)} cells, not {len(HEADERS)}")
            continue
        uid = _cell_text(cells[0]).strip()
        where = f"{display}: row {number}: unit {uid}"
        source_syntax, _raw = _cell_syntax(cells[1])
        try:
            source: Content | None = from_syntax(source_syntax)
        except ContentError:
            source = None
        syntax, raw = _cell_syntax(cells[2])
        target = None
        if syntax.strip():
            try:
                target = from_syntax(syntax)
            except ContentError as exc:
                result.problems.append(f"{where}: {exc}")
                continue
        review = _cell_text(cells[3]).startswith(STATUS["stale"])
        result.units.append(Returned(uid, where, source, target, review, raw))
    return result
