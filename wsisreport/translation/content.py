"""A text as the exchange formats carry it: words, inline codes (note calls, computed values) and
emphasis spans, converted from and back to the submission syntax through the inline model.

Translators' tools protect inline codes (XLIFF ``<x/>`` and ``<g>``), so a note call can be moved
but not mistyped; PO and Word carry the submission syntax itself. Whatever the format, the
Chinese comes back through :func:`to_syntax` and is parsed again: it must read as the same
calls, emphasis and computed values as the English (:func:`structure`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from ..inline import Call, Emphasis, Placeholder, escape, parse
from ..inline import Text as InlineText
from .record import fold


@dataclass(frozen=True)
class Code:
    """An inline code: a note call (``[^key]``) or a computed value (``@{name}``)."""

    kind: Literal["call", "value"]
    name: str

    @property
    def syntax(self) -> str:
        return f"[^{self.name}]" if self.kind == "call" else f"@{{{self.name}}}"


@dataclass(frozen=True)
class Span:
    """Emphasis (``*…*``): words and computed values, never a call."""

    parts: tuple[str | Code, ...]


Part = str | Code | Span
Content = tuple[Part, ...]
_WS_RE = re.compile(r"\s+")


class ContentError(ValueError):
    """A text that the submission syntax cannot carry as it is, or that does not parse."""


def _join(parts: list[Part]) -> Content:
    """Adjacent words joined, empty ones dropped: one canonical form to compare."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return tuple(out)


def from_syntax(source: str) -> Content:
    """A submission text (white space folded) as content; a syntax error is a ContentError."""
    parsed = parse(fold(source))
    if parsed.problems:
        raise ContentError(parsed.problems[0].message)
    parts: list[Part] = []
    for node in parsed.nodes:
        if isinstance(node, InlineText):
            parts.append(node.value)
        elif isinstance(node, Call):
            parts.append(Code("call", node.key))
        elif isinstance(node, Placeholder):
            parts.append(Code("value", node.name))
        elif isinstance(node, Emphasis):
            inner: list[Part] = [
                p.value if isinstance(p, InlineText) else Code("value", p.name) for p in node.parts
            ]
            parts.append(Span(tuple(p for p in _join(inner) if not isinstance(p, Span))))
    return _join(parts)


def _escape(text: str) -> str:
    if "@{" in text:
        raise ContentError("'@{' would be read as a computed value")
    return escape(text)


def to_syntax(content: Content) -> str:
    """The submission syntax of ``content``; checked to read back as the same content."""
    out: list[str] = []
    for part in content:
        if isinstance(part, str):
            out.append(_escape(part))
        elif isinstance(part, Code):
            out.append(part.syntax)
        else:
            inner = "".join(_escape(p) if isinstance(p, str) else p.syntax for p in part.parts)
            out.append(f"*{inner}*")
    text = "".join(out)
    if from_syntax(text) != normalized(content):
        # e.g. a backslash just before a call or an asterisk, which would escape it
        raise ContentError("the text cannot be written without changing how it reads")
    return text


def _ws(text: str) -> str:
    return _WS_RE.sub(" ", text)


def normalized(content: Content) -> Content:
    """``content`` with white space folded as a submission text's is: runs to one space, none at the ends.

    Emphasis marks and codes separate runs of white space, as they do in the syntax.
    """
    parts: list[Part] = []
    for part in _join(list(content)):
        if isinstance(part, str):
            parts.append(_ws(part))
        elif isinstance(part, Span):
            inner = _join([_ws(p) if isinstance(p, str) else p for p in part.parts])
            parts.append(Span(tuple(p for p in inner if not isinstance(p, Span))))
        else:
            parts.append(part)
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return _join(parts)


@dataclass(frozen=True)
class Structure:
    """What the Chinese must share with the English: calls in order, emphasis, computed values."""

    calls: tuple[str, ...]
    spans: int
    values: tuple[tuple[str, int], ...]

    def describe(self) -> str:
        calls = ", ".join(f"[^{c}]" for c in self.calls) or "no note calls"
        values = ", ".join(f"@{{{name}}}×{n}" if n > 1 else f"@{{{name}}}" for name, n in self.values)
        spans = f"{self.spans} emphasis" if self.spans else "no emphasis"
        return f"{calls}; {spans}" + (f"; {values}" if values else "")


def structure(content: Content) -> Structure:
    calls = tuple(p.name for p in content if isinstance(p, Code) and p.kind == "call")
    spans = sum(isinstance(p, Span) for p in content)
    values: Counter[str] = Counter()
    for part in content:
        inner = part.parts if isinstance(part, Span) else (part,)
        values.update(p.name for p in inner if isinstance(p, Code) and p.kind == "value")
    return Structure(calls, spans, tuple(sorted(values.items())))


def words(content: Content) -> str:
    """The words alone (codes left out), for counting."""
    out: list[str] = []
    for part in content:
        for p in part.parts if isinstance(part, Span) else (part,):
            if isinstance(p, str):
                out.append(p)
    return "".join(out)
