"""Matching a Word heading to a section of the year's outline: by action line code, text, or a close match."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Section

# "C7", "C 7", "Action line C7", "行动方针C7", "(C7)": a WSIS action line code. Never inside a word.
_CODE = re.compile(r"(?<![A-Za-z0-9])C\s?(\d{1,2})(?![0-9])")
_CODE_WORDS = re.compile(r"(?i)\baction\s+lines?\b|\bAL\b|行动方针|行動方針")
# The outline writes the code at the end of the heading: "Capacity-building (C4)".
_OUTLINE_CODE = re.compile(r"\(\s*C\s?(\d{1,2})\s*\)\s*$")
CLOSE_ENOUGH = 0.8
CLOSEST = 3


def _fold(text: str) -> str:
    """Full-width forms as ASCII ("（Ｃ７）" → "(C7)"), one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _words(text: str) -> str:
    """Lower case, letters and digits only (Chinese characters count as letters), single spaces."""
    kept = "".join(ch if ch.isalnum() else " " for ch in _fold(text).casefold())
    return " ".join(kept.split())


def _key(text: str) -> str:
    """What must be equal for an exact match: case, spaces, hyphens and punctuation aside."""
    return _words(text).replace(" ", "")


@dataclass(frozen=True)
class Entry:
    """One outline section as matching sees it."""

    id: str
    headings: tuple[str, ...]  # English, Chinese
    code: str | None  # "7" for "… (C7)"
    ancestors: tuple[str, ...]

    def keys(self) -> list[str]:
        return [_key(_OUTLINE_CODE.sub("", h)) for h in self.headings]


@dataclass(frozen=True)
class Match:
    section: str
    exact: bool
    how: str  # "heading", "code", "close"
    heading: str  # the outline heading matched (in the language that matched)


def entries(outline: list[Section]) -> list[Entry]:
    found: list[Entry] = []

    def walk(sections: list[Section], ancestors: tuple[str, ...]) -> None:
        for section in sections:
            code = _OUTLINE_CODE.search(_fold(section.heading.en))
            found.append(
                Entry(
                    section.id,
                    (section.heading.en, section.heading.zh),
                    code.group(1) if code else None,
                    ancestors,
                )
            )
            walk(section.sections, (*ancestors, section.id))

    walk(outline, ())
    return found


class Matcher:
    """Matches headings against one outline."""

    def __init__(self, outline: list[Section]) -> None:
        self.entries = entries(outline)
        self.by_code = {e.code: e for e in self.entries if e.code}

    def _exact(self, key: str, within: Iterable[Entry]) -> tuple[Entry, str] | None:
        for entry in within:
            for heading, candidate in zip(entry.headings, entry.keys(), strict=True):
                if key and key == candidate:
                    return entry, heading
        return None

    def match(self, heading: str) -> Match | None:
        text = _fold(heading)
        key = _key(_OUTLINE_CODE.sub("", text))
        found = self._exact(key, self.entries)
        if found:
            return Match(found[0].id, True, "heading", found[1])
        code = _CODE.search(text)
        if code and code.group(1).lstrip("0") in self.by_code:
            entry = self.by_code[code.group(1).lstrip("0")]
            rest = _key(_CODE_WORDS.sub(" ", text[: code.start()] + " " + text[code.end() :]))
            if not rest:
                return Match(entry.id, True, "code", entry.headings[0])
            below = [e for e in self.entries if entry.id in e.ancestors]
            found = self._exact(rest, [entry, *below])
            if found:
                return Match(found[0].id, True, "code", found[1])
            return Match(entry.id, False, "code", entry.headings[0])
        scored = self.scores(heading)
        if scored and scored[0][0] >= CLOSE_ENOUGH:
            _ratio, entry, matched = scored[0]
            return Match(entry.id, False, "close", matched)
        return None

    def scores(self, heading: str) -> list[tuple[float, Entry, str]]:
        """Every section with its best similarity to ``heading``, best first."""
        words = _words(_OUTLINE_CODE.sub("", _fold(heading)))
        scored: list[tuple[float, Entry, str]] = []
        for entry in self.entries:
            best = max(
                (
                    (difflib.SequenceMatcher(None, words, _words(_OUTLINE_CODE.sub("", _fold(h)))).ratio(), h)
                    for h in entry.headings
                ),
                key=lambda pair: pair[0],
            )
            scored.append((best[0], entry, best[1]))
        scored.sort(key=lambda item: -item[0])
        return scored

    def closest(self, heading: str) -> list[str]:
        return [entry.id for ratio, entry, _h in self.scores(heading)[:CLOSEST] if ratio > 0]


def closest_hint(ids: list[str]) -> str | None:
    """A hint naming the closest sections (load.did_you_mean names one close id; this, several)."""
    if not ids:
        return None
    quoted = [f"'{i}'" for i in ids]
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
