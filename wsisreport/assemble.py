"""Stage 3, assemble: order, merge, number and compute, in small passes listed in ``assemble``.

Ordering rule (documented in docs/submissions.md): sections follow the outline; inside a section,
paragraphs are sorted by the smallest ``order`` of their fragments (contributions without ``order``
come after those with one), then by entity id (``secretariat`` sorts as any other id), then by
position in the file. Fragments inside a paragraph are sorted the same way.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .diagnostics import Diagnostics
from .document import (
    Block,
    Contributor,
    Document,
    Heading,
    Inline,
    Note,
    NoteRef,
    Paragraph,
    SessionBlock,
    Source,
    WordCount,
)
from .inline import CALL_RE, PLACEHOLDER_RE
from .load import SECRETARIAT, YearSources
from .models import LANGUAGES, Bilingual, Registry, Report, Section
from .numbering import section_label

# Characters of Chinese script and CJK punctuation: white space next to them is line folding or
# PDF spacing, never meaningful, and is removed from Chinese text.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_CJK_SPACE_RE = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")
_SPACE_RE = re.compile(r"\s+")
_CJK_CHAR_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD_RE = re.compile(r"[^\s\u3000-\u303f\uff00-\uffef\u2e80-\u9fff\uf900-\ufaff]+")
JOINERS = {"en": " ", "zh": ""}
CONTRIBUTORS_NOTE = "@contributors"


def normalize(text: str, lang: str) -> str:
    """Fold white space: single spaces in English; none next to Chinese characters in Chinese."""
    if lang == "zh":
        text = _CJK_SPACE_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def count_words(text: str, lang: str) -> int:
    """Words as a word processor counts them; in Chinese each character counts as one word."""
    if lang == "zh":
        return len(_CJK_CHAR_RE.findall(text)) + len(_LATIN_WORD_RE.findall(_CJK_CHAR_RE.sub(" ", text)))
    return len(text.split())


@dataclass
class _Fragment:
    section: str
    key: str | None
    sort: tuple[float, str, int]
    text: dict[str, str]
    footnotes: dict[str, dict[str, str]]
    note_lines: dict[str, int]
    source: Source


@dataclass
class _Group:
    fragments: list[_Fragment] = field(default_factory=list)

    @property
    def sort(self) -> tuple[float, str, int]:
        return min(f.sort for f in self.fragments)


def _bi(value: Bilingual) -> dict[str, str]:
    return {lang: normalize(value.get(lang), lang) for lang in LANGUAGES}


def collect(sources: YearSources, count: int) -> list[_Fragment]:
    """Pass 1: every contribution as a fragment with its sort key and normalized texts."""
    fragments: list[_Fragment] = []
    for loaded in sources.submissions:
        sub, lf = loaded.model, loaded.file
        for i, c in enumerate(sub.contributions):
            where = ("contributions", i)
            order = c.order if c.order is not None else math.inf
            text = {lang: _fill(normalize(c.text.get(lang), lang), count) for lang in LANGUAGES}
            notes = {
                key: (
                    {lang: normalize(note, "en") for lang in LANGUAGES}
                    if isinstance(note, str)
                    else _bi(note)
                )
                for key, note in c.footnotes.items()
            }
            note_lines = {key: lf.loc((*where, "footnotes", key), key=True).line for key in c.footnotes}
            fragments.append(
                _Fragment(
                    section=c.section,
                    key=c.paragraph,
                    sort=(order, sub.entity, i),
                    text=text,
                    footnotes=notes,
                    note_lines=note_lines,
                    source=Source(lf.display, lf.loc(where).line, sub.entity),
                )
            )
    return fragments


def _fill(text: str, count: int) -> str:
    values = {"contributors.count": str(count)}
    return PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], text)


def order_and_merge(fragments: list[_Fragment]) -> dict[str, list[_Group]]:
    """Pass 2: group fragments into paragraphs by merge key and sort them inside each section."""
    by_section: dict[str, dict[object, _Group]] = defaultdict(dict)
    for n, fragment in enumerate(fragments):
        group_key: object = fragment.key if fragment.key is not None else ("single", n)
        by_section[fragment.section].setdefault(group_key, _Group()).fragments.append(fragment)
    ordered: dict[str, list[_Group]] = {}
    for section, groups in by_section.items():
        for group in groups.values():
            group.fragments.sort(key=lambda f: f.sort)
        ordered[section] = sorted(groups.values(), key=lambda g: g.sort)
    return ordered


def contributors(sources: YearSources) -> list[str]:
    """Computed fact: every entity with a file for the year, whether or not its text was printed."""
    return sorted({s.model.entity for s in sources.submissions if s.model.entity != SECRETARIAT})


def printed_name(entity_id: str, registry: Registry, lang: str, before: str) -> str:
    """An entity as a list prints it: its short form alone once introduced in ``before``."""
    entity = registry.entities[entity_id]
    name = entity.name.get(lang)
    short = entity.short.get(lang) if entity.short else None
    if short is None:
        return name
    if f"({short})" in before or f"（{short}）" in before:
        return short
    # Chinese sets the bracketed short form directly after the name, English after a space.
    return f"{name}({short})" if lang == "zh" else f"{name} ({short})"


@dataclass
class _Numberer:
    """Pass 3 and 4: give paragraphs and notes their numbers in reading order."""

    report: Report
    registry: Registry
    contributor_ids: list[str]
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    paragraph_count: int = 0
    # Text read so far, per language, as chunks (joined only when the contributors note needs it).
    text_so_far: dict[str, list[str]] = field(default_factory=lambda: {lang: [] for lang in LANGUAGES})
    # The text before the contributors note's call, per language: it decides the printed names.
    call_context: dict[str, str] = field(default_factory=dict)

    def paragraph(self, section: str, group: _Group) -> None:
        content: dict[str, list[str | NoteRef]] = {lang: [] for lang in LANGUAGES}
        for i, fragment in enumerate(group.fragments):
            numbers: dict[str, int] = {}
            for key in CALL_RE.findall(fragment.text[LANGUAGES[0]]):
                numbers[key] = len(self.notes) + 1
                self._note(key, fragment, numbers[key])
            for lang in LANGUAGES:
                if i:
                    content[lang].append(JOINERS[lang])
                content[lang].extend(self._split(fragment.text[lang], numbers, lang))
        merged = {lang: _merge_runs(content[lang]) for lang in LANGUAGES}
        self.paragraph_count += 1
        sources = tuple(f.source for f in group.fragments)
        words = tuple(
            {lang: count_words(CALL_RE.sub("", f.text[lang]), lang) for lang in LANGUAGES}
            for f in group.fragments
        )
        self.blocks.append(Paragraph(self.paragraph_count, section, merged, sources, words))

    def _split(self, text: str, numbers: dict[str, int], lang: str) -> list[str | NoteRef]:
        parts: list[str | NoteRef] = []
        pos = 0
        for match in CALL_RE.finditer(text):
            parts.append(text[pos : match.start()])
            self.text_so_far[lang].append(text[pos : match.start()])
            if match.group(1) == CONTRIBUTORS_NOTE:
                self.call_context[lang] = "".join(self.text_so_far[lang])
            parts.append(NoteRef(numbers[match.group(1)]))
            pos = match.end()
        parts.append(text[pos:])
        self.text_so_far[lang].append(text[pos:])
        return parts

    def _note(self, key: str, fragment: _Fragment, number: int) -> None:
        if key == CONTRIBUTORS_NOTE:
            # Filled in when the call is reached, since its text depends on what precedes the call.
            self.notes.append(Note(number, {}, fragment.source, key))
            return
        source = Source(fragment.source.path, fragment.note_lines[key], fragment.source.entity)
        self.notes.append(Note(number, fragment.footnotes[key], source, key))

    def finish(self) -> None:
        """Computed facts that need the whole text: the contributors and the note listing them."""
        frame = self.report.contributors_note
        printed = {
            eid: {
                lang: printed_name(eid, self.registry, lang, self.call_context.get(lang, ""))
                for lang in LANGUAGES
            }
            for eid in self.contributor_ids
        }

        def sort_key(eid: str) -> str:
            return (self.registry.entities[eid].sort_as or printed[eid]["en"]).casefold()

        ordered = sorted(self.contributor_ids, key=sort_key)
        self.contributors = [Contributor(eid, printed[eid]) for eid in ordered]
        number = next((n.number for n in self.notes if n.key == CONTRIBUTORS_NOTE), None)
        if number is None:
            return
        text = {}
        for lang in LANGUAGES:
            lead = frame.lead.get(lang) if frame.lead else ""
            names = frame.separator.get(lang).join(printed[eid][lang] for eid in ordered)
            text[lang] = normalize(lead, lang) + names + normalize(frame.trail.get(lang), lang)
        old = self.notes[number - 1]
        self.notes[number - 1] = Note(number, text, old.source, old.key)


def _merge_runs(parts: list[str | NoteRef]) -> Inline:
    out: list[str | NoteRef] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return tuple(out)


def _walk(sections: list[Section], level: int, ordered: dict[str, list[_Group]], numberer: _Numberer) -> None:
    counters: dict[str, int] = defaultdict(int)
    for section in sections:
        counters[section.numbering] += 1
        label = {
            lang: section_label(section.numbering, counters[section.numbering], lang) for lang in LANGUAGES
        }
        numberer.blocks.append(Heading(section.id, level, section.numbering, label, _bi(section.heading)))
        for group in ordered.get(section.id, []):
            numberer.paragraph(section.id, group)
        _walk(section.sections, level + 1, ordered, numberer)


def word_counts(
    doc_blocks: list[Block], notes: list[Note], summary: dict[str, tuple[str, ...]], report: Report
) -> dict[str, WordCount]:
    """Computed fact: words per language; the limit applies to the original language."""
    counts = {}
    for lang in LANGUAGES:
        body = sum(count_words(b.plain(lang), lang) for b in doc_blocks if isinstance(b, Paragraph))
        headings = sum(
            count_words(f"{b.label[lang]} {b.text[lang]}", lang) for b in doc_blocks if isinstance(b, Heading)
        )
        note_words = sum(count_words(n.text[lang], lang) for n in notes)
        summary_words = sum(count_words(p, lang) for p in summary[lang])
        limit = report.word_limit if lang == report.original_language else None
        counts[lang] = WordCount(lang, body, headings, note_words, summary_words, limit)
    return counts


def assemble(sources: YearSources, registry: Registry, diags: Diagnostics) -> Document:
    """Run the passes over a validated year: collect → order/merge → number → compute facts."""
    assert sources.report is not None, "assemble runs only on a validated year"
    report = sources.report.model
    contributor_ids = contributors(sources)
    fragments = collect(sources, len(contributor_ids))
    ordered = order_and_merge(fragments)
    numberer = _Numberer(report, registry, contributor_ids)
    _walk(report.outline, 1, ordered, numberer)
    numberer.finish()
    # Folded YAML (>-) turns a blank line into a line break: each line is one summary paragraph.
    summary = {
        lang: tuple(normalize(p, lang) for p in report.summary.get(lang).split("\n") if p.strip())
        for lang in LANGUAGES
    }
    counts = word_counts(numberer.blocks, numberer.notes, summary, report)
    for count in counts.values():
        if count.limit is not None and count.total > count.limit:
            diags.warning(
                sources.report.file.loc(("word_limit",)),
                f"the {count.lang} text has {count.total:,} words, over the limit of {count.limit:,}"
                f" (body {count.body:,}, headings {count.headings:,}, notes {count.notes:,},"
                f" summary {count.summary:,})",
                "word-limit",
                "shorten the text or request a waiver",
            )
    return Document(
        year=report.year,
        symbols=tuple(report.symbols),
        job_number=report.job_number,
        date=report.date,
        original_language=report.original_language,
        sessions=tuple(
            SessionBlock(
                _bi(s.organ),
                _bi(s.session),
                _bi(s.item),
                _bi(s.item_title),
                _bi(s.item_note) if s.item_note else None,
            )
            for s in report.sessions
        ),
        title=_bi(report.title),
        report_of=_bi(report.report_of),
        summary=summary,
        # Resolved here, so renderers never touch the submissions tree's layout.
        emblem=str((sources.folder / report.emblem).resolve()) if report.emblem else None,
        blocks=tuple(numberer.blocks),
        notes=tuple(numberer.notes),
        contributors=tuple(numberer.contributors),
        word_counts=counts,
    )
