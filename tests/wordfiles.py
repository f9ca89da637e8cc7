"""Word files for the import tests: the committed fixtures, and pandoc's file with hand-written XML.

The fixtures in ``tests/fixtures/word`` are written by pandoc and LibreOffice
(``make word-fixtures``). What neither writes from a plain source — tracked changes, comments,
content controls, smart tags, fields, UN template styles — is written here as small pieces of
WordprocessingML put into pandoc's package in place of its document part.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "word"
PANDOC = FIXTURES / "contribution-pandoc.docx"
LIBREOFFICE = FIXTURES / "contribution-libreoffice.docx"
PANDOC_ZH = FIXTURES / "contribution-zh-pandoc.docx"

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_PREFIX = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*content: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph; plain strings become runs, strings starting with '<' are written as given."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    inner = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def heading(text: str, level: int = 1) -> str:
    return para(text, style=f"Heading{level}")


def footnote_ref(note_id: int, kind: str = "footnote") -> str:
    style = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
    return f'<w:r>{style}<w:{kind}Reference w:id="{note_id}"/></w:r>'


def notes_part(notes: dict[int, str], kind: str = "footnote") -> str:
    """A footnotes (or endnotes) part with the two separators and ``notes`` (id → paragraph XML)."""
    items = "".join(
        f'<w:{kind} w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{kind}Ref/></w:r>'
        f"{run(' ')}{body}</w:p></w:{kind}>"
        for i, body in notes.items()
    )
    return (
        f"<w:{kind}s {NAMESPACES}>"
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:{kind}>{items}</w:{kind}s>"
    )


def relationship(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{RT}/{kind}" Target="{target}"{mode}/>'


def patched(
    target: Path,
    body: str,
    *,
    parts: dict[str, str | bytes] | None = None,
    rels: list[str] | None = None,
    content_types: dict[str, str] | None = None,
    styles: str = "",
    document: str | None = None,
    source: Path = PANDOC,
) -> Path:
    """``source`` with its document body replaced by ``body`` and the given parts added or replaced.

    ``rels`` are added to the document part's relationships, ``content_types`` (part name →
    content type) to the overrides, ``styles`` (w:style elements) to the styles part.
    """
    parts = dict(parts or {})
    parts.setdefault("word/document.xml", "")
    parts["word/document.xml"] = parts["word/document.xml"] or (
        document
        if document is not None
        else f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>'
        f"{body}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        names = original.namelist()
        for name in names:
            data = original.read(name)
            if name in parts:
                continue
            if name == "word/_rels/document.xml.rels" and rels:
                data = data.replace(b"</Relationships>", "".join(rels).encode() + b"</Relationships>")
            if name == "[Content_Types].xml" and content_types:
                extra = "".join(
                    f'<Override PartName="/{p}" ContentType="{t}"/>' for p, t in content_types.items()
                )
                data = data.replace(b"</Types>", extra.encode() + b"</Types>")
            if name == "word/styles.xml" and styles:
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            out.writestr(name, data)
        for name, content in parts.items():
            out.writestr(name, content.encode() if isinstance(content, str) else content)
    return target
