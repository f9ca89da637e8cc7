"""Opening a contributor's .docx safely: what kind of file it is, and zip limits checked before inflating."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .refused import RefusedFile
from .xml import parse_xml

# Limits, all checked from the zip's directory before anything is inflated. A contribution is a few
# pages of text: these are far above any real one and far below what would hurt the machine.
MAX_FILE_SIZE = 64 * 1024 * 1024  # the .docx itself, images included
MAX_ENTRIES = 2000
MAX_ENTRY_SIZE = 256 * 1024 * 1024  # declared uncompressed size of any entry
MAX_TOTAL_SIZE = 512 * 1024 * 1024  # declared uncompressed size of all entries
MAX_PART_SIZE = 16 * 1024 * 1024  # an XML part that is read (document.xml of 300 pages is ~5 MB)
# Deflate reaches ~1000:1 on constant data; text XML rarely passes 30:1. Small entries are exempt:
# a bomb needs size.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its type, and an internal part name or an external target."""

    type: str
    target: str
    external: bool


@dataclass
class Package:
    """An opened .docx: its zip directory checked, and its parts read on demand (each once)."""

    display: str
    zip: zipfile.ZipFile
    main: str
    kind: str
    _names: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def refuse(self, message: str) -> RefusedFile:
        return RefusedFile(f"{self.display}: {message}")

    def has(self, name: str) -> bool:
        return name in self._names

    def read(self, name: str) -> bytes:
        """The bytes of one part, inflated within its declared size (and that size within limits)."""
        info = self._names[name]
        if info.file_size > MAX_PART_SIZE:
            raise self.refuse(
                f"part {name} is {info.file_size:,} bytes uncompressed; the limit is {MAX_PART_SIZE:,}"
                " (a huge document: split it)"
            )
        try:
            with self.zip.open(info) as handle:
                # zipfile stops at the declared size and checks the CRC; read one byte more anyway,
                # so a lying header could never feed more than the limit.
                data = handle.read(MAX_PART_SIZE + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise self.refuse(f"part {name} cannot be read ({exc}): the file is damaged") from None
        if len(data) > MAX_PART_SIZE:
            raise self.refuse(f"part {name} is larger than its header says: the file is damaged")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), f"{self.display}: {name}")

    def relationships(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` by id (none when it has no .rels part)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        found: dict[str, Relationship] = {}
        for rel in self.xml(rels_name).iter(f"{{{PKG_RELS_NS}}}Relationship"):
            rid, kind, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target", "")
            if not rid:
                continue
            if rel.get("TargetMode") == "External":
                found[rid] = Relationship(kind, target, True)
            else:
                found[rid] = Relationship(kind, _resolve(folder, target), False)
        return found

    def related_part(self, part: str, kind_suffix: str) -> str | None:
        """The internal part that ``part`` relates to by a relationship type ending ``/kind_suffix``."""
        for rel in self.relationships(part).values():
            if not rel.external and rel.type.endswith("/" + kind_suffix) and self.has(rel.target):
                return rel.target
        return None


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name (no leading slash), relative to the source's folder."""
    target = unquote(target)
    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path).lstrip("/")


def open_package(path: Path, display: str) -> Package:
    """Open ``path`` as a .docx or refuse it with one line saying what it is and what to do."""

    def refuse(message: str) -> RefusedFile:
        return RefusedFile(f"{display}: {message}")

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    if head.startswith(OLE_MAGIC):
        raise refuse(
            "an encrypted or legacy binary Word file (an OLE compound file, not a .docx):"
            " remove the password, or save it as Word Document (.docx)"
        )
    if head.startswith(b"{\\rtf"):
        raise refuse("an RTF file, not a .docx: save it as Word Document (.docx)")
    if not head.startswith(ZIP_MAGIC):
        raise refuse("not a Word file (.docx files are zip packages): save it as Word Document (.docx)")
    if size > MAX_FILE_SIZE:
        raise refuse(f"the file is {size:,} bytes; the limit is {MAX_FILE_SIZE:,}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise refuse(f"not a readable zip package ({exc}): the file is damaged") from None
    infos = archive.infolist()
    _check_limits(infos, refuse)
    names = {info.filename: info for info in infos if not info.is_dir()}
    package = Package(display, archive, "", "")
    package._names = names
    if "mimetype" in names and b"opendocument" in package.read("mimetype"):
        raise refuse("an OpenDocument file, not a .docx: save it as Word Document (.docx)")
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise refuse("a zip file, but not a Word document (no [Content_Types].xml): save it as .docx")
    main = None
    for rel in package.relationships("").values():
        if rel.type == STRICT_OFFICE_DOCUMENT:
            raise refuse("a Strict Open XML document: save it as Word Document (.docx), not Strict")
        if rel.type == OFFICE_DOCUMENT and not rel.external:
            main = rel.target
    if main is None or main not in names:
        raise refuse("a zip file, but not a Word document (no main document part)")
    kind = _content_type(package, main)
    if kind is None:
        raise refuse("an Office file, but not a Word document: save it as Word Document (.docx)")
    if kind in ("docm", "dotm") or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise refuse(
            "a macro-enabled document (.docm): its macros are never run or read, but such files are"
            " refused: save it as Word Document (.docx)"
        )
    package.main, package.kind = main, kind
    return package


def _check_limits(infos: list[zipfile.ZipInfo], refuse: Callable[[str], RefusedFile]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise refuse(f"the package has {len(infos):,} entries; the limit is {MAX_ENTRIES:,}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(f"entry {info.filename} is encrypted: remove the password and save it again")
        if info.file_size > MAX_ENTRY_SIZE:
            raise refuse(
                f"entry {info.filename} would inflate to {info.file_size:,} bytes; the limit is"
                f" {MAX_ENTRY_SIZE:,} (a zip bomb?)"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise refuse(
                f"entry {info.filename} inflates {ratio:,} times ({info.file_size:,} bytes); the limit is"
                f" {MAX_RATIO} (a zip bomb?)"
            )
        total += info.file_size
    if total > MAX_TOTAL_SIZE:
        raise refuse(
            f"the package would inflate to {total:,} bytes; the limit is {MAX_TOTAL_SIZE:,} (a zip bomb?)"
        )


def _content_type(package: Package, part: str) -> str | None:
    """What the content types say the main part is (docx, docm, …), or None if not Word's."""
    types = package.xml("[Content_Types].xml")
    wanted = "/" + part
    for override in types.iter(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lower() == wanted.lower():
            return MAIN_TYPES.get(override.get("ContentType", ""))
    return None
