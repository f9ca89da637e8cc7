"""The inline syntax of submission text, parsed once into typed nodes with their source offsets.

``*…*`` is emphasis, ``[^key]`` a note call (``[^@name]`` a computed note), ``@{name}`` a computed
value; ``\\*`` and ``\\[^`` write a literal asterisk and a literal ``[^``. Everything else is text.
Validation, assembly and the renderers all work on the nodes; nothing else matches the syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A valid call key, as in Pandoc Markdown; '@name' calls a computed note.
KEY_RE = re.compile(r"@?[A-Za-z0-9][A-Za-z0-9_.-]*")
# The tokens of the syntax, in order of precedence: escapes, calls (well-formed or not), computed
# values, emphasis marks. A '[^' with no ']' on its line is caught as a malformed call.
_TOKEN_RE = re.compile(r"\\\*|\\\[\^|\[\^[^\]\n]*\]?|@\{[^}\n]*\}?|\*")

PLACEHOLDERS: dict[str, str] = {"contributors.count": "the number of contributing entities"}
COMPUTED_NOTES: dict[str, str] = {"@contributors": "the note listing the contributing entities"}


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text (escapes already resolved); ``start`` is its offset in the source value."""

    value: str
    start: int


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A computed value, ``@{name}``."""

    name: str
    start: int


@dataclass(frozen=True, slots=True)
class Emphasis:
    """``*…*``: text and computed values set in italics (in Chinese, in the Kai face)."""

    parts: tuple[Text | Placeholder, ...]
    start: int


@dataclass(frozen=True, slots=True)
class Call:
    """A note call, ``[^key]``."""

    key: str
    start: int


Node = Text | Placeholder | Emphasis | Call


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error at an offset of the source value."""

    offset: int
    message: str
    code: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A text's nodes in reading order, and the syntax errors found on the way."""

    nodes: tuple[Node, ...]
    problems: tuple[Problem, ...] = ()
    # The text as written, which the nodes' offsets index (escapes and all).
    source: str = field(default="", compare=False, repr=False)

    def calls(self) -> list[Call]:
        return [n for n in self.nodes if isinstance(n, Call)]

    def leaves(self) -> Iterator[Text | Placeholder | Call]:
        """Every node in reading order with emphasis opened up: what is inside it, in place."""
        for node in self.nodes:
            if isinstance(node, Emphasis):
                yield from node.parts
            else:
                yield node

    def placeholders(self) -> list[Placeholder]:
        return [n for n in self.leaves() if isinstance(n, Placeholder)]

    def texts(self) -> list[Text]:
        """Every literal text, inside emphasis or not."""
        return [n for n in self.leaves() if isinstance(n, Text)]


def escape(text: str) -> str:
    """Literal text written in the inline syntax: every '*' and '[^' escaped."""
    return text.replace("*", "\\*").replace("[^", "\\[^")


def parse(source: str) -> Parsed:
    """Parse one text value. Errors are collected; the nodes are the best reading of the rest."""
    nodes: list[Node] = []
    problems: list[Problem] = []
    # Inside emphasis: its parts so far, with any note call in it (an error unless left unclosed).
    emphasis: list[Text | Placeholder | Call] | None = None
    emphasis_start = 0
    buffer: list[str] = []
    buffer_start = 0

    def flush(at: int) -> None:
        nonlocal buffer, buffer_start
        if buffer:
            text = Text("".join(buffer), buffer_start)
            (emphasis if emphasis is not None else nodes).append(text)
        buffer, buffer_start = [], at

    def literal(value: str, at: int) -> None:
        nonlocal buffer_start
        if not buffer:
            buffer_start = at
        buffer.append(value)

    pos = 0
    for match in _TOKEN_RE.finditer(source):
        if match.start() > pos:
            literal(source[pos : match.start()], pos)
        token, at = match.group(0), match.start()
        pos = match.end()
        if token == "\\*":
            literal("*", at)
        elif token == "\\[^":
            literal("[^", at)
        elif token == "*":
            flush(at)
            if emphasis is None:
                emphasis, emphasis_start = [], at
            else:
                parts = [p for p in emphasis if not isinstance(p, Call)]
                problem = _emphasis_problem(parts, source[emphasis_start:pos], emphasis_start, at)
                if problem is not None:
                    problems.append(problem)
                if parts and (problem is None or problem.code != "empty-emphasis"):
                    nodes.append(Emphasis(tuple(parts), emphasis_start))
                emphasis = None
            buffer_start = pos
        elif token.startswith("[^"):
            key = token[2:-1] if token.endswith("]") else None
            if key is None or not KEY_RE.fullmatch(key):
                problems.append(
                    Problem(
                        at,
                        f"malformed footnote call '{token}'",
                        "malformed-call",
                        r"write [^key], or '\[^' for a literal '[^'",
                    )
                )
                literal(token, at)
                continue
            if emphasis is not None:
                problems.append(
                    Problem(
                        at,
                        f"note call '{token}' inside emphasis",
                        "call-in-emphasis",
                        "put the call after the closing '*'",
                    )
                )
                flush(pos)
                emphasis.append(Call(key, at))
                continue
            flush(pos)
            nodes.append(Call(key, at))
        else:  # '@{…}'
            if not token.endswith("}"):
                problems.append(Problem(at, f"unclosed computed value '{token}'", "unknown-placeholder"))
                literal(token, at)
                continue
            flush(pos)
            (emphasis if emphasis is not None else nodes).append(Placeholder(token[2:-1], at))
    if pos < len(source):
        literal(source[pos:], pos)
    flush(len(source))
    if emphasis is not None:
        problems.append(
            Problem(
                emphasis_start,
                "emphasis opened with '*' is never closed",
                "unbalanced-emphasis",
                r"close it with '*', or write '\*' for a literal asterisk",
            )
        )
        # The best reading of an unclosed mark: a literal asterisk before the text, whose calls
        # are then calls like any other (not errors of their own).
        problems = [p for p in problems if p.code != "call-in-emphasis" or p.offset < emphasis_start]
        nodes.append(Text("*", emphasis_start))
        nodes.extend(emphasis)
    return Parsed(tuple(nodes), tuple(problems), source)


def _emphasis_problem(parts: list[Text | Placeholder], written: str, start: int, end: int) -> Problem | None:
    """What is wrong with a closed emphasis, if anything: empty, or a space inside its marks.

    A space next to a mark is almost always an asterisk meant literally ("2 * 3 * 4"), which
    would otherwise come out as silent italics.
    """
    hint = r"write '\*' for a literal asterisk"
    values = [p.value if isinstance(p, Text) else "@" for p in parts]
    if not "".join(values).strip():
        return Problem(start, f"empty emphasis '{written}'", "empty-emphasis", hint)
    if values[0][:1].isspace():
        return Problem(start, f"emphasis '{written}' begins with a space", "spaced-emphasis", hint)
    if values[-1][-1:].isspace():
        return Problem(end, f"emphasis '{written}' ends with a space", "spaced-emphasis", hint)
    return None


def masthead_mark(item: str) -> str | None:
    """The mark calling an agenda item's note: the asterisks in the item ("Item 19 (b)*")."""
    found = _MARK_RE.search(item)
    return found.group(0) if found is not None else None


_MARK_RE = re.compile(r"\*+")


# -- characters and URLs --------------------------------------------------------------------------

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_ALLOWED_CONTROLS = {"\n", "\t"}

URL_RE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"'，。；：）（、]+")
# Punctuation after a URL that closes the sentence rather than belonging to the URL.
URL_TRAILING = ".,;:)]"
_HOST_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


def forbidden_characters(text: str) -> list[tuple[int, str, str]]:
    """Offsets, characters and kinds of invisible characters that have no place in a report."""
    found: list[tuple[int, str, str]] = []
    for i, ch in enumerate(text):
        if ch in _BIDI:
            found.append((i, ch, "bidirectional override"))
        elif ch in _ZERO_WIDTH:
            found.append((i, ch, "zero-width"))
        elif unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
            found.append((i, ch, "control"))
    return found


def visible(text: str) -> str:
    """``text`` with invisible characters written as escapes, so a message can show them."""
    bad = {offset for offset, _ch, _kind in forbidden_characters(text)}
    return "".join(f"\\u{ord(ch):04x}" if i in bad else ch for i, ch in enumerate(text))


def url_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each URL in ``text``, the punctuation closing its sentence left out."""
    return [(m.start(), m.start() + len(m.group(0).rstrip(URL_TRAILING))) for m in URL_RE.finditer(text)]


def malformed_urls(text: str) -> list[tuple[int, str, str]]:
    """URLs in ``text`` that a reader could not follow: offset, URL and the reason."""
    problems: list[tuple[int, str, str]] = []
    for match in URL_RE.finditer(text):
        url = visible(match.group(0).rstrip(URL_TRAILING))
        if url.startswith("www."):
            problems.append((match.start(), url, "has no scheme; write https://" + url))
            continue
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            problems.append(
                (
                    match.start(),
                    url,
                    f"uses the scheme '{parts.scheme}'; only http and https links are allowed",
                )
            )
        elif not _HOST_RE.match(parts.hostname or ""):
            problems.append((match.start(), url, "has no valid host name"))
    return problems
