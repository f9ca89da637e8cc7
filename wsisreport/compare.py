"""Comparing two versions of a report: blocks aligned by identity, texts diffed, changes counted.

Identity, never text or position, pairs the two versions' pieces: a heading is its section id; a
paragraph is its merge key when its fragments have one, else its single fragment's persistent id;
a note is its fragment's id and its key. A pair whose place changed relative to the others (the
longest run in the same order stays) has moved: it shows as moved from its old place and to its
new one, never as deleted and inserted. A paragraph keeps its number in the text, so renumbering
shows as a tracked change of the number; footnote numbers are automatic and need none.

Texts are diffed word by word in English and character by character in Chinese. An edited note
shows as its call replaced, the old note's call deleted and the new one's inserted: LibreOffice
drops tracked changes inside notes, but resolves calls, so every client gets the right text. The
result is,
per language, the newer version's blocks with the older one's interleaved where they were removed
or moved from: what :mod:`.render.redline` writes as tracked changes (docs/cycle.md).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .document import Document, Emphasis, Heading, HeadingRole, Inline, Note, NoteRef, Paragraph, Text
from .models import LANGUAGES

Status = Literal["same", "inserted", "deleted"]
BlockStatus = Literal["same", "changed", "inserted", "deleted", "moved-from", "moved-to"]


@dataclass(frozen=True)
class NoteCall:
    """A note's call in the compared text, with the note's own text and its changes."""

    status: Status
    content: tuple[Segment, ...]


Part = Text | Emphasis | NoteCall


@dataclass(frozen=True)
class Segment:
    """A run of the compared text that is the same in both versions, inserted or deleted."""

    status: Status
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Block:
    """A heading or paragraph of the compared text, its number included in ``content``."""

    kind: Literal["heading", "paragraph"]
    status: BlockStatus
    content: tuple[Segment, ...]
    role: HeadingRole | None = None
    # Pairs a moved-from block with its moved-to block.
    move: int | None = None


@dataclass(frozen=True)
class FrontParagraph:
    status: Status
    content: tuple[Segment, ...]


@dataclass(frozen=True)
class Redline:
    """One language of the comparison, ready to write."""

    lang: str
    title: tuple[Segment, ...]
    report_of: tuple[Segment, ...]
    summary: tuple[FrontParagraph, ...]
    blocks: tuple[Block, ...]


Identity = tuple[str, ...]


@dataclass(frozen=True)
class Pairing:
    """One block of either version: both (kept or moved), the newer only, or the older only."""

    kind: Literal["kept", "moved", "inserted", "deleted"]
    old: Heading | Paragraph | None
    new: Heading | Paragraph | None
    identity: Identity | None
    move: int | None = None


@dataclass
class Counts:
    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    renumbered: int = 0

    def as_dict(self, *, numbered: bool = True) -> dict[str, int]:
        out = {"added": self.added, "removed": self.removed, "changed": self.changed, "moved": self.moved}
        if numbered:
            out["renumbered"] = self.renumbered
        return out


@dataclass
class Summary:
    """What changed, in one language: paragraphs, headings and notes."""

    paragraphs: Counts = field(default_factory=Counts)
    headings: Counts = field(default_factory=Counts)
    notes: Counts = field(default_factory=Counts)

    def as_dict(self) -> dict[str, Any]:
        notes = self.notes.as_dict(numbered=False)
        del notes["moved"]
        return {
            "paragraphs": self.paragraphs.as_dict(),
            "headings": self.headings.as_dict(),
            "notes": notes,
        }


@dataclass(frozen=True)
class Change:
    """A heading or paragraph in either version, and how it changed (moved ones once)."""

    kind: Literal["heading", "paragraph"]
    status: Literal["added", "removed", "kept", "moved"]
    old: Heading | Paragraph | None
    new: Heading | Paragraph | None
    identity: Identity | None
    # Per language: its own text changed (for a heading, its words, not its label).
    changed: dict[str, bool]
    # Its number (a heading: its label) changed.
    renumbered: bool

    def as_dict(self) -> dict[str, Any]:
        old, new = self.old, self.new
        block = new or old
        assert block is not None

        def number(b: Heading | Paragraph | None) -> int | str | None:
            if b is None:
                return None
            return b.number if isinstance(b, Paragraph) else b.label["en"]

        return {
            "kind": self.kind,
            "status": self.status,
            "identity": ":".join(self.identity) if self.identity else None,
            "section": block.section,
            "old": number(old),
            "new": number(new),
            "changed": self.changed,
            "renumbered": self.renumbered,
        }


@dataclass(frozen=True)
class Comparison:
    """Two versions of a report compared: the changes, and per language the redline and counts."""

    old: Document
    new: Document
    changes: tuple[Change, ...]
    redlines: dict[str, Redline]
    summaries: dict[str, Summary]
    notes: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        """The summary per language, and every heading, paragraph and note that is not the same."""
        return {
            "year": self.new.year,
            "languages": {lang: summary.as_dict() for lang, summary in self.summaries.items()},
            "blocks": [
                c.as_dict()
                for c in self.changes
                if c.status != "kept" or c.renumbered or any(c.changed.values())
            ],
            "notes": list(self.notes),
        }


# -- identity ---------------------------------------------------------------------------------


MergeKeys = dict[tuple[str, int], str]


def paragraph_identity(paragraph: Paragraph, merge_keys: MergeKeys) -> Identity | None:
    """A paragraph's merge key when its fragments have one, else its single fragment's id.

    ``merge_keys`` gives the key of each fragment that has one, by the fragment's place.
    """
    for source in paragraph.sources:
        key = merge_keys.get((source.path, source.line))
        if key is not None:
            return ("paragraph", key)
    fragments = [s.fragment for s in paragraph.sources]
    if len(fragments) == 1 and fragments[0] is not None:
        return ("fragment", fragments[0])
    return None  # data without ids: never paired


def note_identity(note: Note) -> Identity | None:
    return ("note", note.source.fragment, note.key) if note.source.fragment is not None else None


def _identities(
    document: Document, merge_keys: MergeKeys
) -> list[tuple[Identity | None, Heading | Paragraph]]:
    seen: set[Identity] = set()
    out: list[tuple[Identity | None, Heading | Paragraph]] = []
    for block in document.blocks:
        identity: Identity | None
        if isinstance(block, Heading):
            identity = ("section", block.section)
        else:
            identity = paragraph_identity(block, merge_keys)
        if identity in seen:
            identity = None  # cannot happen in validated data; never pair a duplicate
        if identity is not None:
            seen.add(identity)
        out.append((identity, block))
    return out


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """The values of a longest strictly increasing subsequence (values are distinct)."""
    tails: list[int] = []  # tails[k]: index into values of the smallest tail of a run of length k+1
    tail_values: list[int] = []
    previous: list[int | None] = [None] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        previous[i] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    out: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        out.add(values[at])
        at = previous[at]
    return out


def pair_blocks(old: Document, old_keys: MergeKeys, new: Document, new_keys: MergeKeys) -> list[Pairing]:
    """The blocks of both versions in the newer's order, the older's removed ones where they were."""
    olds, news = _identities(old, old_keys), _identities(new, new_keys)
    old_index = {identity: i for i, (identity, _b) in enumerate(olds) if identity is not None}
    both = [(j, old_index[identity]) for j, (identity, _b) in enumerate(news) if identity in old_index]
    # The blocks that stayed in order are a longest run of old positions rising in the new order.
    stable_old = _longest_increasing([i for _j, i in both])
    stable = {j for j, i in both if i in stable_old}
    paired = {i: j for j, i in both}
    moves: dict[Identity, int] = {}
    for j, _i in both:
        if j not in stable:
            moves[news[j][0]] = len(moves) + 1  # type: ignore[index]
    out: list[Pairing] = []
    oi = 0

    def flush_old(until: int) -> None:
        nonlocal oi
        while oi < until:
            identity, block = olds[oi]
            if oi in paired:
                if paired[oi] not in stable:
                    out.append(Pairing("moved", block, None, identity, moves[identity]))  # type: ignore[index]
            else:
                out.append(Pairing("deleted", block, None, identity))
            oi += 1

    pending: list[Pairing] = []
    for j, (identity, block) in enumerate(news):
        if j in stable:
            flush_old(old_index[identity])  # type: ignore[index]
            out.extend(pending)
            pending = []
            out.append(Pairing("kept", olds[oi][1], block, identity))
            oi += 1
        elif identity in old_index:
            pending.append(Pairing("moved", None, block, identity, moves[identity]))
        else:
            pending.append(Pairing("inserted", None, block, identity))
    flush_old(len(olds))
    out.extend(pending)
    return out


# -- text diffs -------------------------------------------------------------------------------

# English: words, runs of white space, and punctuation marks one by one.
_EN_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")
Token = tuple[str, Any]


def _split(text: str, lang: str) -> list[str]:
    return list(text) if lang == "zh" else _EN_TOKEN_RE.findall(text)


def _tokens(inline: Inline, lang: str, note: Callable[[int], Any]) -> list[Token]:
    out: list[Token] = []
    for part in inline:
        if isinstance(part, NoteRef):
            out.append(("note", note(part.number)))
        else:
            kind = "emphasis" if isinstance(part, Emphasis) else "text"
            out.extend((kind, piece) for piece in _split(part.value, lang))
    return out


def _blank(tokens: Sequence[Token]) -> bool:
    return all(kind != "note" and str(value).isspace() for kind, value in tokens)


def _opcodes(old: list[Token], new: list[Token]) -> list[tuple[Status, int, int, int, int]]:
    """Deleted, inserted and kept runs; a kept run of white space alone between two changes joins
    them, so that "a b" → "x y" reads as one change rather than two around a kept space."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops = matcher.get_opcodes()
    spans: list[tuple[bool, int, int, int, int]] = []  # (changed, i1, i2, j1, j2)
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        between = 0 < n < len(ops) - 1 and ops[n - 1][0] != "equal" and ops[n + 1][0] != "equal"
        changed = op != "equal" or (between and _blank(old[i1:i2]))
        if changed and spans and spans[-1][0]:
            _c, a1, _a2, b1, _b2 = spans[-1]
            spans[-1] = (True, a1, i2, b1, j2)
        else:
            spans.append((changed, i1, i2, j1, j2))
    out: list[tuple[Status, int, int, int, int]] = []
    for changed, i1, i2, j1, j2 in spans:
        if not changed:
            out.append(("same", i1, i2, j1, j2))
            continue
        if i2 > i1:
            out.append(("deleted", i1, i2, j1, j1))
        if j2 > j1:
            out.append(("inserted", i2, i2, j1, j2))
    return out


class _Notes:
    """The notes of both versions, by number and identity, to give every call its note's changes."""

    def __init__(self, old: Document, new: Document, lang: str) -> None:
        self.lang = lang
        self.old = {n.number: n for n in old.notes}
        self.new = {n.number: n for n in new.notes}

    def key(self, side: str) -> Callable[[int], Any]:
        notes = self.old if side == "old" else self.new

        def key(number: int) -> Any:
            identity = note_identity(notes[number])
            return identity if identity is not None else (side, number)

        return key

    def edited(self, old: int, new: int) -> bool:
        return self.old[old].content[self.lang] != self.new[new].content[self.lang]

    def call(self, status: Status, old: int | None, new: int | None) -> NoteCall:
        """A note kept whole: as it is now (same, inserted) or as it was (deleted)."""
        number = old if status == "deleted" else new
        assert number is not None
        note = (self.old if status == "deleted" else self.new)[number]
        return NoteCall(status, (Segment(status, _runs(note.content[self.lang])),))


def _runs(inline: Inline) -> tuple[Part, ...]:
    """Text that calls no note (a note's own, the summary's) as parts."""
    return tuple(p for p in inline if not isinstance(p, NoteRef))


def _parts(tokens: Sequence[Token], make_call: Callable[[int], NoteCall] | None = None) -> tuple[Part, ...]:
    """Tokens back into runs: adjacent text and emphasis joined, calls made by ``make_call``."""

    def part(index: int, kind: str, value: str) -> Part:
        if kind == "note":
            assert make_call is not None
            return make_call(index)
        return Emphasis(value) if kind == "emphasis" else Text(value)

    return _join_parts(tuple(part(index, kind, value) for index, (kind, value) in enumerate(tokens)))


def diff_inline(old: Inline, new: Inline, lang: str, notes: _Notes | None = None) -> tuple[Segment, ...]:
    """The changes from ``old`` to ``new``: word by word in English, character by character in Chinese."""
    old_numbers = [p.number for p in old if isinstance(p, NoteRef)]
    new_numbers = [p.number for p in new if isinstance(p, NoteRef)]
    old_key = notes.key("old") if notes else (lambda n: ("old", n))
    new_key = notes.key("new") if notes else (lambda n: ("new", n))
    a, b = _tokens(old, lang, old_key), _tokens(new, lang, new_key)
    # Each call token's note number, by token position.
    a_notes = iter(old_numbers)
    b_notes = iter(new_numbers)
    a_number = {i: next(a_notes) for i, t in enumerate(a) if t[0] == "note"}
    b_number = {j: next(b_notes) for j, t in enumerate(b) if t[0] == "note"}

    def caller(status: Status, i0: int, j0: int) -> Callable[[int], NoteCall]:
        def call(k: int) -> NoteCall:
            assert notes is not None
            old = a_number[i0 + k] if status != "inserted" else None
            new = b_number[j0 + k] if status != "deleted" else None
            return notes.call(status, old, new)

        return call

    segments: list[Segment] = []
    for status, i1, i2, j1, j2 in _opcodes(a, b):
        if status != "same" or notes is None:
            tokens = a[i1:i2] if status == "deleted" else b[j1:j2]
            segments.append(Segment(status, _parts(tokens, caller(status, i1, j1))))
            continue
        # A call kept in place whose note was edited: the old note's call deleted, the new one's
        # inserted (LibreOffice drops tracked changes inside notes; calls it resolves).
        start = 0
        for k in range(i2 - i1):
            if b[j1 + k][0] == "note" and notes.edited(a_number[i1 + k], b_number[j1 + k]):
                kept = b[j1 + start : j1 + k]
                segments.append(Segment("same", _parts(kept, caller("same", i1 + start, j1 + start))))
                segments.append(Segment("deleted", (notes.call("deleted", a_number[i1 + k], None),)))
                segments.append(Segment("inserted", (notes.call("inserted", None, b_number[j1 + k]),)))
                start = k + 1
        kept = b[j1 + start : j2]
        segments.append(Segment("same", _parts(kept, caller("same", i1 + start, j1 + start))))
    return tuple(s for s in segments if s.parts)


def _whole(inline: Inline, status: Status, notes: _Notes, side: str, call_status: Status) -> Segment:
    """A block's whole text in one status (inserted, deleted or moved), its calls ``call_status``."""
    parts: list[Part] = []
    for part in inline:
        if isinstance(part, NoteRef):
            old, new = (part.number, None) if side == "old" else (None, part.number)
            parts.append(notes.call(call_status, old, new))
        else:
            parts.append(part)
    return Segment(status, tuple(parts))


def _heading_text(heading: Heading, lang: str) -> Inline:
    label = heading.label[lang]
    return (Text(f"{label}\t{heading.text[lang]}" if label else heading.text[lang]),)


def _text_of(block: Heading | Paragraph, lang: str) -> Inline:
    if isinstance(block, Heading):
        return _heading_text(block, lang)
    return block.content[lang]


def _redline_block(pairing: Pairing, lang: str, notes: _Notes) -> Block:
    block = pairing.new or pairing.old
    assert block is not None
    kind: Literal["heading", "paragraph"] = "heading" if isinstance(block, Heading) else "paragraph"
    role = block.role if isinstance(block, Heading) else None
    old, new = pairing.old, pairing.new

    def number(b: Heading | Paragraph, status: Status) -> list[Segment]:
        if isinstance(b, Paragraph):
            return [Segment(status, (Text(f"{b.number}.\t"),))]
        return []

    if pairing.kind == "kept":
        assert old is not None and new is not None
        content: list[Segment] = []
        if isinstance(old, Paragraph) and isinstance(new, Paragraph):
            if old.number == new.number:
                content.append(Segment("same", (Text(f"{new.number}."),)))
            else:
                content += [
                    Segment("deleted", (Text(f"{old.number}."),)),
                    Segment("inserted", (Text(f"{new.number}."),)),
                ]
            content.append(Segment("same", (Text("\t"),)))
        content += diff_inline(_text_of(old, lang), _text_of(new, lang), lang, notes)
        changed = any(s.status != "same" for s in content)
        return Block(kind, "changed" if changed else "same", tuple(_merge(content)), role)
    if pairing.kind == "moved":
        side = "old" if old is not None else "new"
        b = old if old is not None else new
        assert b is not None
        status: BlockStatus = "moved-from" if side == "old" else "moved-to"
        # A moved block's notes go with it: removed with the old place, inserted with the new one.
        calls: Status = "deleted" if side == "old" else "inserted"
        segments = [*number(b, "same"), _whole(_text_of(b, lang), "same", notes, side, calls)]
        return Block(kind, status, tuple(_merge(segments)), role, pairing.move)
    side = "new" if pairing.kind == "inserted" else "old"
    b = new if side == "new" else old
    assert b is not None
    whole: Status = "inserted" if side == "new" else "deleted"
    segments = [*number(b, whole), _whole(_text_of(b, lang), whole, notes, side, whole)]
    return Block(kind, whole, tuple(_merge(segments)), role)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Adjacent segments of one status joined; empty ones dropped."""
    out: list[Segment] = []
    for segment in segments:
        if not segment.parts:
            continue
        if out and out[-1].status == segment.status:
            out[-1] = Segment(segment.status, _join_parts(out[-1].parts + segment.parts))
        else:
            out.append(segment)
    return out


def _join_parts(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if isinstance(part, Text | Emphasis) and last is not None and type(last) is type(part):
            out[-1] = type(part)(last.value + part.value)
        else:
            out.append(part)
    return tuple(out)


def _plain(text: str) -> Inline:
    return (Text(text),)


def _front(
    old: Document, new: Document, lang: str
) -> tuple[tuple[Segment, ...], tuple[Segment, ...], tuple[FrontParagraph, ...]]:
    title = diff_inline(_plain(old.title[lang]), _plain(new.title[lang]), lang)
    report_of = diff_inline(_plain(old.report_of[lang]), _plain(new.report_of[lang]), lang)
    summary: list[FrontParagraph] = []
    # The summary's paragraphs have no identity: they pair by their place.
    old_paras, new_paras = old.summary[lang], new.summary[lang]
    for i in range(max(len(old_paras), len(new_paras))):
        if i < len(old_paras) and i < len(new_paras):
            summary.append(FrontParagraph("same", diff_inline(old_paras[i], new_paras[i], lang)))
        elif i < len(new_paras):
            summary.append(FrontParagraph("inserted", (Segment("inserted", _runs(new_paras[i])),)))
        else:
            summary.append(FrontParagraph("deleted", (Segment("deleted", _runs(old_paras[i])),)))
    return title, report_of, tuple(summary)


# -- counting ---------------------------------------------------------------------------------


def _changes(pairings: list[Pairing], old: Document, new: Document, langs: Sequence[str]) -> list[Change]:
    """One change per heading or paragraph of either version; a moved one once, at its new place."""
    moved_from = {p.move: p.old for p in pairings if p.kind == "moved" and p.old is not None}
    notes = _Notes(old, new, LANGUAGES[0])  # a note's identity is the same in every language
    old_key, new_key = notes.key("old"), notes.key("new")
    out: list[Change] = []
    for pairing in pairings:
        if pairing.kind == "moved" and pairing.old is not None:
            continue
        before = moved_from[pairing.move] if pairing.kind == "moved" else pairing.old
        after = pairing.new
        block = after or before
        assert block is not None
        kind: Literal["heading", "paragraph"] = "heading" if isinstance(block, Heading) else "paragraph"
        status: Literal["added", "removed", "kept", "moved"] = {
            "inserted": "added",
            "deleted": "removed",
            "kept": "kept",
            "moved": "moved",
        }[pairing.kind]  # type: ignore[assignment]
        changed = dict.fromkeys(langs, False)
        renumbered = False
        if before is not None and after is not None:
            for lang in langs:
                if isinstance(before, Heading) and isinstance(after, Heading):
                    changed[lang] = before.text[lang] != after.text[lang]
                    renumbered = renumbered or before.label[lang] != after.label[lang]
                elif isinstance(before, Paragraph) and isinstance(after, Paragraph):
                    # Note calls compare by their notes' identity: renumbered notes are no change.
                    a = _tokens(before.content[lang], lang, old_key)
                    b = _tokens(after.content[lang], lang, new_key)
                    changed[lang] = a != b
                    renumbered = before.number != after.number
        out.append(Change(kind, status, before, after, pairing.identity, changed, renumbered))
    return out


def _counts(changes: list[Change], lang: str) -> tuple[Counts, Counts]:
    paragraphs, headings = Counts(), Counts()
    for change in changes:
        counts = paragraphs if change.kind == "paragraph" else headings
        counts.added += change.status == "added"
        counts.removed += change.status == "removed"
        counts.moved += change.status == "moved"
        counts.changed += change.changed[lang]
        counts.renumbered += change.renumbered
    return paragraphs, headings


def _note_records(
    old: Document, new: Document, langs: Sequence[str]
) -> tuple[list[dict[str, Any]], dict[str, Counts]]:
    olds = {note_identity(n): n for n in old.notes if note_identity(n) is not None}
    news = {note_identity(n): n for n in new.notes if note_identity(n) is not None}
    counts = {lang: Counts() for lang in langs}
    records: list[dict[str, Any]] = []

    def record(status: str, o: Note | None, n: Note | None, changed: dict[str, bool]) -> None:
        note = n or o
        assert note is not None
        records.append(
            {
                "status": status,
                "fragment": note.source.fragment,
                "key": note.key,
                "old": o.number if o else None,
                "new": n.number if n else None,
                "changed": changed,
            }
        )

    for n in new.notes:
        identity = note_identity(n)
        o = olds.get(identity) if identity is not None else None
        if o is None:
            for lang in langs:
                counts[lang].added += 1
            record("added", None, n, dict.fromkeys(langs, True))
        else:
            changed = {lang: o.content[lang] != n.content[lang] for lang in langs}
            for lang in langs:
                counts[lang].changed += changed[lang]
            if any(changed.values()):
                record("changed", o, n, changed)
    for o in old.notes:
        identity = note_identity(o)
        if identity is None or identity not in news:
            for lang in langs:
                counts[lang].removed += 1
            record("removed", o, None, dict.fromkeys(langs, True))
    return records, counts


def compare(
    old: Document,
    old_keys: MergeKeys,
    new: Document,
    new_keys: MergeKeys,
    langs: Sequence[str] = LANGUAGES,
) -> Comparison:
    """Compare two assembled versions of one report in ``langs``."""
    pairings = pair_blocks(old, old_keys, new, new_keys)
    changes = _changes(pairings, old, new, langs)
    note_records, note_counts = _note_records(old, new, langs)
    redlines: dict[str, Redline] = {}
    summaries: dict[str, Summary] = {}
    for lang in langs:
        notes = _Notes(old, new, lang)
        blocks = tuple(_redline_block(p, lang, notes) for p in pairings)
        title, report_of, summary = _front(old, new, lang)
        redlines[lang] = Redline(lang, title, report_of, summary, blocks)
        paragraphs, headings = _counts(changes, lang)
        summaries[lang] = Summary(paragraphs, headings, note_counts[lang])
    return Comparison(old, new, tuple(changes), redlines, summaries, tuple(note_records))
