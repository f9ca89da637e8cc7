"""The inline syntax of submission text: footnote calls, placeholders, forbidden characters, URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# A footnote call, as in Pandoc Markdown; '@name' calls a computed note.
CALL_RE = re.compile(r"\[\^(@?[A-Za-z0-9][A-Za-z0-9_.-]*)\]")
# Anything that looks like an attempted call, to catch typos such as "[^ key]" or "[^]".
LOOSE_CALL_RE = re.compile(r"\[\^[^\]]*\]")
# A computed value: '@{name}'. The '@{' pair does not occur in ordinary prose in either language.
PLACEHOLDER_RE = re.compile(r"@\{([^}]*)\}")

PLACEHOLDERS: dict[str, str] = {"contributors.count": "the number of contributing entities"}
COMPUTED_NOTES: dict[str, str] = {"@contributors": "the note listing the contributing entities"}

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_ALLOWED_CONTROLS = {"\n", "\t"}

URL_RE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"'，。；：）（、]+")
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


def malformed_urls(text: str) -> list[tuple[str, str]]:
    """URLs in ``text`` that a reader could not follow, each with the reason."""
    problems: list[tuple[str, str]] = []
    for match in URL_RE.finditer(text):
        url = visible(match.group(0).rstrip(".,;:)]"))
        if url.startswith("www."):
            problems.append((url, "has no scheme; write https://" + url))
            continue
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            problems.append((url, f"uses the scheme '{parts.scheme}'; only http and https links are allowed"))
        elif not _HOST_RE.match(parts.hostname or ""):
            problems.append((url, "has no valid host name"))
    return problems


def calls(text: str) -> list[str]:
    """Footnote keys called in ``text``, in reading order."""
    return CALL_RE.findall(text)


def bad_calls(text: str) -> list[str]:
    """Bracketed call-like strings that are not valid calls (typos a reader would miss)."""
    return [m.group(0) for m in LOOSE_CALL_RE.finditer(text) if not CALL_RE.fullmatch(m.group(0))]


def placeholders(text: str) -> list[str]:
    """Placeholder names used in ``text``."""
    return PLACEHOLDER_RE.findall(text)
