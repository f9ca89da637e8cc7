"""Parsing a package's XML parts without ever expanding an entity, loading a DTD or fetching anything."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..inline import visible
from .refused import RefusedFile

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


def _parser() -> etree.XMLParser:
    # A fresh parser per part: lxml parsers keep state (and error logs) between documents.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, where: str) -> etree._Element:
    """The root element of one XML part; any DTD, entity or XInclude refuses the whole file.

    Word never writes a document type declaration, so one is a sign of a crafted file (entity
    expansion bombs, external entities reaching for local files or the network): it is refused
    outright, before any of its declarations could matter.
    """
    # Cheap early refusal for the usual encoding; the parsed tree is checked below in any case.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise RefusedFile(f"{where}: XML with a DTD or entity declarations (never expanded): refused")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise RefusedFile(
            f"{where}: not well-formed XML ({visible(' '.join(str(exc.msg).split()))}): the file is damaged"
        ) from None
    info: Any = root.getroottree().docinfo  # the stubs lack doctype
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise RefusedFile(f"{where}: XML with a DTD or entity declarations (never expanded): refused")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise RefusedFile(f"{where}: XML with an entity reference (never expanded): refused")
        if isinstance(node.tag, str) and node.tag.startswith(f"{{{XINCLUDE_NS}}}"):
            raise RefusedFile(f"{where}: XML that includes other files (XInclude, never fetched): refused")
    return root
