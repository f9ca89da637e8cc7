"""Pieces of translation and their states: translated, stale or untranslated.

A piece is a contribution's text or one of its notes written per language (a note written once,
the same in both languages, is not translated). Its state follows from the texts and the record:
no Chinese is *untranslated*; Chinese made from today's English (as recorded) is *translated*;
any other Chinese is *stale*: the English changed since, or nothing records what it was made
from. Editing the Chinese never changes the state; editing the English does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..load import Loaded, YearSources
from ..models import Submission, Translatable
from ..yamlload import PathKey
from . import SOURCE_LANGUAGE, TRANSLATION_LANGUAGE
from .record import Record, fold

State = Literal["translated", "stale", "untranslated"]
STATES: tuple[State, ...] = ("translated", "stale", "untranslated")
# Separates a contribution id from a note key in a unit id: in neither alphabet, so never ambiguous.
NOTE_SEPARATOR = ":"


def unit_id(fragment: str, note: str | None) -> str:
    """The id of a piece in every exchange format: ``itu-0f05a2``, ``itu-0f05a2:itu-statistics``."""
    return fragment if note is None else f"{fragment}{NOTE_SEPARATOR}{note}"


def split_unit_id(uid: str) -> tuple[str, str | None]:
    fragment, sep, note = uid.partition(NOTE_SEPARATOR)
    return fragment, (note if sep else None)


def state_of(english: str, chinese: str | None, recorded: str | None, *, tracked: bool = True) -> State:
    """The state of one piece. A piece without an id cannot be recorded: with Chinese, it counts as
    translated (its missing id is warned about on its own)."""
    if not (chinese or "").strip():
        return "untranslated"
    # Chinese written before any English (a Chinese original, an import with --lang zh) was made
    # from nothing that could change since: stale only once English exists unrecorded.
    if not tracked or not english.strip() or (recorded is not None and recorded == fold(english)):
        return "translated"
    return "stale"


@dataclass(frozen=True, eq=False)
class Piece:
    """One piece of one submission file, with both texts as written and its state."""

    loaded: Loaded[Submission]
    index: int
    fragment: str | None
    note: str | None
    english: str
    chinese: str | None
    recorded: str | None
    state: State

    @property
    def where(self) -> PathKey:
        """The data path of the piece's mapping (``text`` or ``footnotes.<key>``)."""
        base: PathKey = ("contributions", self.index)
        return (*base, "text") if self.note is None else (*base, "footnotes", self.note)

    @property
    def en_where(self) -> PathKey:
        return (*self.where, SOURCE_LANGUAGE)

    @property
    def zh_where(self) -> PathKey:
        return (*self.where, TRANSLATION_LANGUAGE)

    @property
    def id(self) -> str | None:
        return unit_id(self.fragment, self.note) if self.fragment is not None else None

    @property
    def entity(self) -> str:
        return self.loaded.model.entity


def submission_pieces(loaded: Loaded[Submission], record: Record) -> Iterator[Piece]:
    """Every piece of one file in file order: each contribution's text, then its notes."""
    for i, c in enumerate(loaded.model.contributions):
        texts: list[tuple[str | None, Translatable]] = [(None, c.text)]
        texts += [(key, note) for key, note in c.footnotes.items() if isinstance(note, Translatable)]
        for key, text in texts:
            recorded = record.get(c.id, key) if c.id is not None else None
            state = state_of(text.en, text.zh, recorded, tracked=c.id is not None)
            yield Piece(loaded, i, c.id, key, text.en, text.zh, recorded, state)


def year_pieces(sources: YearSources) -> list[Piece]:
    """Every piece of the year, file by file."""
    return [p for loaded in sources.submissions for p in submission_pieces(loaded, sources.translations)]


# -- what changed ---------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\S+")


def _clip(words: list[str], most: int = 12) -> str:
    if len(words) <= most:
        return " ".join(words)
    half = most // 2
    return " ".join([*words[:half], "…", *words[-half:]])


@dataclass(frozen=True)
class Change:
    """A word diff of the recorded English against today's, and where today's first differs."""

    summary: str
    # Offset in today's English (as written) of the first changed word.
    offset: int


def word_diff(old: str, new: str, *, context: int = 3, most: int = 3) -> Change:
    """``…in the [-2023-] {+2024+} survey…``: removed words in [-…-], added in {+…+} (as wdiff)."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not hunks:
        return Change("only white space changed", 0)
    parts = []
    for _tag, i1, i2, j1, j2 in hunks[:most]:
        change = (f"[-{_clip(a[i1:i2])}-]" if i2 > i1 else "") + (
            f"{{+{_clip(b[j1:j2])}+}}" if j2 > j1 else ""
        )
        before, after = b[max(0, j1 - context) : j1], b[j2 : j2 + context]
        text = " ".join([*before, change, *after])
        parts.append(("…" if j1 > context else "") + text + ("…" if j2 + context < len(b) else ""))
    summary = " ".join(parts)
    if len(hunks) > most:
        summary += f" (and {len(hunks) - most} more changes)"
    spans = [m.start() for m in _WORD_RE.finditer(new)]
    first = hunks[0][3]
    offset = spans[first] if first < len(spans) else max(0, len(new.rstrip()) - 1)
    return Change(summary, offset)
