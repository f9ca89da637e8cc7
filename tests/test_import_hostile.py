"""Untrusted Word files: each hostile one refused with one line, exit status 1, and nothing written."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.wordimport import package as limits

from .wordfiles import CT_PREFIX, NAMESPACES, PANDOC, heading, para, patched, relationship

runner = CliRunner()


def not_a_zip(path: Path) -> None:
    path.write_text("Dear secretariat, please find our contribution below.\n", encoding="utf-8")


def ole(path: Path) -> None:
    # Legacy .doc and password-protected .docx files alike are OLE compound files.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


def rtf(path: Path) -> None:
    path.write_bytes(b"{\\rtf1\\ansi Contribution}")


def zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("word/media/image1.png", bytes(20 * 1024 * 1024))  # inflates ~1000 times


def many_entries(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(limits.MAX_ENTRIES + 1):
            archive.writestr(f"word/media/{i}.bin", b"x")


def entities(path: Path) -> None:
    document = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    patched(path, "", document=document)


def external_entity(path: Path) -> None:
    document = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    patched(path, "", document=document)


def utf16_entity(path: Path) -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "b">]>'
        f"<w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-16")
    patched(path, "", parts={"word/document.xml": document})


def xinclude(path: Path) -> None:
    body = heading("E-health") + '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
    patched(path, body)


def external_image(path: Path) -> None:
    image = '<w:r><w:pict><v:shape><v:imagedata r:id="rIdRemote"/></v:shape></w:pict></w:r>'
    patched(
        path,
        heading("E-health") + para("A linked picture.", image),
        rels=[relationship("rIdRemote", "image", "http://attacker.example/track.png", external=True)],
    )


def docm(path: Path) -> None:
    with zipfile.ZipFile(PANDOC) as original:
        types = original.read("[Content_Types].xml").decode()
    types = types.replace(
        f"{CT_PREFIX}.document.main+xml", "application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    patched(
        path,
        heading("E-health") + para("Text."),
        parts={"[Content_Types].xml": types, "word/vbaProject.bin": b"\x00"},
    )


def prose(size: int) -> str:
    """``size`` characters of varied paragraphs: text that compresses as real text does."""
    words = ["digital", "access", "network", "policy", "data", "skills", "rural", "women", "trade", "open"]
    rng = random.Random(12)
    out: list[str] = []
    total = 0
    while total < size:
        piece = para(" ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(60)) + ".")
        out.append(piece)
        total += len(piece)
    return "".join(out)


def huge_part(path: Path) -> None:
    patched(path, heading("E-health") + prose(limits.MAX_PART_SIZE + 1))


def huge_text(path: Path) -> None:
    # Under every package limit, but more text than a submission file may hold (1 MiB).
    patched(path, heading("E-health") + prose(1_600_000))


def opendocument(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")


def damaged(path: Path) -> None:
    data = PANDOC.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def lying_sizes(path: Path) -> None:
    """A central directory that understates an entry's size: inflating stops there, and fails."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(PANDOC) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, original.read(info.filename))
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central directory record
    data[at + 24 : at + 28] = (100).to_bytes(4, "little")  # uncompressed size: 100 bytes
    path.write_bytes(bytes(data))


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "not a zip": (not_a_zip, "not a Word file (.docx files are zip packages)"),
    "legacy or encrypted .doc": (
        ole,
        "an encrypted or legacy binary Word file (an OLE compound file, not a .docx)",
    ),
    "rtf": (rtf, "an RTF file, not a .docx"),
    "zip bomb": (zip_bomb, "inflates 1,0"),
    "too many entries": (many_entries, "the package has 2,001 entries; the limit is 2,000"),
    "entity declarations": (entities, "XML with a DTD or entity declarations (never expanded): refused"),
    "external entity": (external_entity, "XML with a DTD or entity declarations (never expanded): refused"),
    "entities in UTF-16": (utf16_entity, "XML with a DTD or entity declarations (never expanded): refused"),
    "xinclude": (xinclude, "XML that includes other files (XInclude, never fetched): refused"),
    "external reference": (
        external_image,
        "refers to an external image (http://attacker.example/track.png), which is never fetched",
    ),
    "macro-enabled": (docm, "a macro-enabled document (.docm): its macros are never run or read"),
    "huge document part": (
        huge_part,
        "bytes uncompressed; the limit is 16,777,216 (a huge document: split it)",
    ),
    "huge document text": (huge_text, "a huge document: its text alone is"),
    "opendocument": (opendocument, "an OpenDocument file, not a .docx"),
    "damaged": (damaged, "not a readable zip package"),
    "lying sizes": (lying_sizes, "part word/document.xml cannot be read"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_file_is_refused_in_one_line(case: str, tree_2024: Path, tmp_path: Path) -> None:
    make, expected = HOSTILE[case]
    docx = tmp_path / "contribution.docx"
    make(docx)
    year = tree_2024 / "2024"
    before = sorted(p.name for p in year.iterdir())
    result = runner.invoke(
        app, ["import", str(docx), "--entity", "example", "--year", "2024", "--submissions", str(tree_2024)]
    )
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"wsisreport: refused: {docx}: "), lines[0]
    assert expected in lines[0]
    assert sorted(p.name for p in year.iterdir()) == before
    assert not list(tmp_path.glob("**/.example.yaml.*"))


def test_links_are_never_fetched_only_written(tree_2024: Path, tmp_path: Path) -> None:
    """External hyperlinks are the one external target a contribution may have: kept as text."""
    docx = patched(
        tmp_path / "links.docx",
        heading("E-health")
        + para("See ", '<w:hyperlink r:id="rIdL"><w:r><w:t>the site</w:t></w:r></w:hyperlink>', "."),
        rels=[relationship("rIdL", "hyperlink", "http://127.0.0.1:9/never", external=True)],
    )
    result = runner.invoke(
        app,
        [
            "import",
            str(docx),
            "--entity",
            "itu",
            "--year",
            "2024",
            "--submissions",
            str(tree_2024),
            "--output",
            str(tmp_path / "out.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "See the site, available at http://127.0.0.1:9/never." in (tmp_path / "out.yaml").read_text()
