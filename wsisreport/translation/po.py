"""PO (gettext), for Poedit, Lokalize and Weblate: one entry per piece.

``msgctxt`` is the persistent id, ``msgid`` the English and ``msgstr`` the Chinese, both in the
submission syntax (``[^key]`` calls a note, ``*…*`` emphasizes, ``@{name}`` is a computed value:
translators keep them as they are). A stale entry is ``fuzzy`` with the English its Chinese was
made from as ``#| msgid``; ``#:`` gives the submission's ``file:line``, ``#.`` the context. Written
and read with polib, which keeps the previous msgid (Babel's reader drops it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile

import polib

from .content import ContentError, from_syntax, to_syntax
from .units_io import Meta, ReadResult, Returned, Unit

WRAP = 79


def write(units: list[Unit], meta: Meta) -> bytes:
    """The PO catalog of ``units``, in the order given."""
    catalog = polib.POFile(wrapwidth=WRAP)
    catalog.header = (
        f"{meta.title}.\nTranslate each msgid into its msgstr; keep [^…], *…* and @{{…}} as they are."
    )
    catalog.metadata = {
        "Project-Id-Version": f"wsisreport {meta.year}",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": meta.date,
        "Last-Translator": "",
        "Language-Team": "Chinese",
        "Language": meta.target_language.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
        "X-Generator": f"wsisreport {meta.tool_version}".strip(),
    }
    for unit in units:
        comments = list(unit.context)
        if unit.change:
            comments.append(f"The English changed since the Chinese was made: {unit.change}")
        if unit.state == "stale" and unit.previous is None:
            comments.append("Nothing records the English this Chinese was made from: check it.")
        entry = polib.POEntry(
            msgctxt=unit.id,
            msgid=to_syntax(unit.source),
            msgstr=to_syntax(unit.target) if unit.target is not None else "",
            occurrences=[(unit.file, str(unit.line))],
            comment="\n".join(comments),
            flags=["fuzzy"] if unit.state == "stale" else [],
        )
        if unit.previous is not None:
            entry.previous_msgid = to_syntax(unit.previous)
        catalog.append(entry)
    return str(catalog).encode("utf-8") + b"\n"


def looks_like(data: bytes) -> bool:
    return b"msgid" in data[:65536]


def read(data: bytes, display: str) -> ReadResult:
    """Every entry of a PO file, with problems located as ``FILE:line``."""
    result = ReadResult()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.problems.append(f"{display}: not UTF-8 (byte {exc.start})")
        return result
    # polib takes a path or the text itself, and tells them apart by whether a file of that
    # name exists: give it a path, always.
    fd, tmp = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            catalog = polib.pofile(tmp, encoding="utf-8", check_for_duplicates=True, wrapwidth=WRAP)
        except (OSError, ValueError) as exc:
            result.problems.append(f"{display}: not a readable PO file: {str(exc).replace(tmp, display)}")
            return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    language = catalog.metadata.get("Language", "")
    if language and not language.lower().startswith("zh"):
        result.problems.append(f"{display}: the catalog's language is '{language}', not Chinese")
        return result
    for entry in catalog:
        if entry.obsolete:
            continue
        uid = entry.msgctxt or ""
        where = f"{display}:{entry.linenum}: unit {uid or '(no msgctxt)'}"
        if entry.msgid_plural:
            result.problems.append(f"{where}: plural forms are not used here")
            continue
        try:
            source = from_syntax(entry.msgid)
        except ContentError:
            source = None
        target = None
        if entry.msgstr.strip():
            try:
                target = from_syntax(entry.msgstr)
            except ContentError as exc:
                result.problems.append(f"{where}: {exc}")
                continue
        result.units.append(Returned(uid, where, source, target, "fuzzy" in entry.flags, entry.msgstr))
    return result
