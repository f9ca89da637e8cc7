"""Writing the imported submission: inline syntax for the text, readable YAML that parses back exactly."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..inline import escape
from .model import Call, Inline

WIDTH = 100  # folded text is wrapped at this column, as the project's own files are
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


@dataclass
class Source:
    """A text in the inline syntax, and whether a backslash forced a space before a mark."""

    text: str
    spaced: bool = False


def to_source(content: list[Inline], keys: dict[Call, str]) -> Source:
    """Spans and calls as submission text: ``*…*`` for italics, ``[^key]`` for each call.

    The syntax has no escape for a backslash, so a backslash just before a mark or a call would
    escape it; a space is put between them (and the caller warns).
    """
    out: list[str] = []
    spaced = False

    def mark(token: str) -> None:
        nonlocal spaced
        if out and out[-1].endswith("\\"):
            out.append(" ")
            spaced = True
        out.append(token)

    for part in content:
        if isinstance(part, Call):
            mark(f"[^{keys[part]}]")
        elif part.italic:
            mark("*")
            out.append(escape(part.text))
            mark("*")
        else:
            out.append(escape(part.text))
    return Source("".join(out), spaced)


# -- YAML -----------------------------------------------------------------------------------------


def quoted(value: str) -> str:
    """A double-quoted YAML scalar: every character outside plain printable text escaped."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\t":
            out.append("\\t")
        elif unicodedata.category(ch) in _INVISIBLE or code == 0x85:
            # Control, format (bidi, zero-width), separator and unassigned characters are written
            # as escapes, so the file shows them; validation then names each one.
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


# The C parser where it exists (as the loader uses): every scalar is parsed back once.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parses_to(lines: list[str], value: str) -> bool:
    try:
        parsed = yaml.load("\n".join(lines) + "\n", Loader=_LOADER)
    except yaml.YAMLError:
        return False
    return isinstance(parsed, dict) and parsed.get("k") == value


def _wrap(value: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at single spaces (folding joins them with one)."""
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def scalar(key: str, value: str, indent: int) -> list[str]:
    """``key: value`` at ``indent``: quoted on one line when short, else a folded ``>-`` block.

    Each form is parsed back before it is used; a value that would not come back exactly in a
    folded block (unusual spaces or characters) is written double-quoted, which always does.
    """
    pad = " " * indent
    quoted_value = quoted(value)
    plain = all(unicodedata.category(ch) not in _INVISIBLE and ch != "\x85" for ch in value)
    if indent + len(key) + 2 + len(quoted_value) <= WIDTH or not plain:
        lines = [f"{pad}{key}: {quoted_value}"]
    else:
        inner = " " * (indent + 2)
        lines = [f"{pad}{key}: >-", *(inner + line for line in _wrap(value, WIDTH - indent - 2))]
        if _parses_to(["k: >-", *(line[indent:] for line in lines[1:])], value):
            return lines
        lines = [f"{pad}{key}: {quoted_value}"]
    if not _parses_to([f"k: {quoted_value}"], value):
        raise AssertionError(f"a quoted scalar does not parse back: {quoted_value[:80]}")
    return lines


def comment(text: str) -> str:
    """Text safe in a YAML comment: one line of printable characters."""
    return "".join("?" if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)


@dataclass
class Contribution:
    """One imported contribution, as it will be written."""

    id: str
    section: str
    order: int
    text: dict[str, str]
    footnotes: dict[str, str | dict[str, str]] = field(default_factory=dict)
    origin: str = ""  # a comment line naming the Word paragraph


def data_of(entity: str, year: int, contributions: list[Contribution]) -> dict[str, Any]:
    """The plain data the file must parse to."""
    return {
        "entity": entity,
        "year": year,
        "contributions": [
            {
                "id": c.id,
                "section": c.section,
                "order": c.order,
                "text": dict(c.text),
                **({"footnotes": dict(c.footnotes)} if c.footnotes else {}),
            }
            for c in contributions
        ],
    }


def render_yaml(header: list[str], entity: str, year: int, contributions: list[Contribution]) -> str:
    lines = [f"# {comment(line)}".rstrip() if not line.startswith("#") else line for line in header]
    lines += [f"entity: {entity}", f"year: {year}"]
    if not contributions:
        lines.append("contributions: []")
    else:
        lines.append("contributions:")
    for c in contributions:
        if c.origin:
            lines.append(f"  # {comment(c.origin)}")
        lines += [f"  - id: {c.id}", f"    section: {c.section}", f"    order: {c.order}", "    text:"]
        for lang, value in c.text.items():
            lines += scalar(lang, value, 6)
        if c.footnotes:
            lines.append("    footnotes:")
            for key, note in c.footnotes.items():
                if isinstance(note, str):
                    lines += scalar(key, note, 6)
                else:
                    lines.append(f"      {key}:")
                    for lang, value in note.items():
                        lines += scalar(lang, value, 8)
    return "\n".join(lines) + "\n"
