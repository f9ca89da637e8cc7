"""Stage 3, assemble: order, merge, number and compute, in small passes listed in ``assemble``.

Ordering rule (documented in docs/submissions.md): sections follow the outline; inside a section,
paragraphs are sorted by the smallest ``order`` of their fragments (contributions without ``order``
come after those with one), then by entity id (``secretariat`` sorts as any other id), then by
position in the file. Fragments inside a paragraph are sorted the same way.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TypeVar

from . import report_strings
from .diagnostics import Diagnostics
from .document import (
    Block,
    Contributor,
    Document,
    Draft,
    Emphasis,
    Furniture,
    Heading,
    HeadingRole,
    Inline,
    MastheadNote,
    Note,
    NoteRef,
    Origin,
    Paragraph,
    SessionBlock,
    Source,
    Text,
    WordCount,
    plain,
)
from .i18n import format_report_date, job_date, report_translations
from .inline import Call, Parsed, Placeholder, masthead_mark
from .inline import Text as InlineText
from .load import SECRETARIAT, Loaded, YearSources
from .models import LANGUAGES, Bilingual, Numbering, Registry, Report, Section, Submission
from .models import Session as SessionModel
from .numbering import section_label
from .translation import SOURCE_LANGUAGE, TRANSLATION_LANGUAGE
from .translation.units import State, submission_pieces
from .yamlload import LoadedFile, PathKey

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


@dataclass(frozen=True)
class _Call:
    """A note call not yet numbered."""

    key: str


_Part = Text | Emphasis | _Call


@dataclass
class _Fragment:
    section: str
    key: str | None
    sort: tuple[float, str, int]
    text: dict[str, list[_Part]]
    footnotes: dict[str, dict[str, Inline]]
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


def _fold(text: str, lang: str) -> str:
    """``normalize`` without stripping the ends: a run's edges may be the spaces between runs."""
    if lang == "zh":
        text = _CJK_SPACE_RE.sub("", text)
    return _SPACE_RE.sub(" ", text)


_CJK_ONE_RE = re.compile(rf"[{_CJK}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_ONE_RE.match(ch) is not None


def inline_parts(
    parsed: Parsed,
    lang: str,
    values: dict[str, str],
    lf: LoadedFile | None,
    where: PathKey,
    *,
    fold: bool = True,
) -> list[_Part]:
    """Turn parsed nodes into document runs: white space folded, computed values filled in."""
    source = lf.source_map(where) if lf is not None else None
    parts: list[_Part] = []

    def origin(start: int, raw: str) -> Origin | None:
        return Origin(source, start, raw) if source is not None else None

    for node in parsed.nodes:
        if isinstance(node, InlineText):
            value = _fold(node.value, lang) if fold else node.value
            # As written from the run on: an escape's backslash stays, so columns after it hold.
            parts.append(Text(value, origin(node.start, parsed.source[node.start :] or node.value)))
        elif isinstance(node, Placeholder):
            parts.append(Text(values[node.name]))
        elif isinstance(node, Call):
            parts.append(_Call(node.key))
        else:
            raw = "".join(p.value if isinstance(p, InlineText) else values[p.name] for p in node.parts)
            first = node.parts[0].start if node.parts else node.start
            written = parsed.source[first:] or raw
            parts.append(Emphasis(_fold(raw, lang) if fold else raw, origin(first, written)))
    return _tidy(parts, lang) if fold else parts


def _tidy(parts: list[_Part], lang: str) -> list[_Part]:
    """Fold white space across runs, drop it at the ends and, in Chinese, next to Chinese."""
    out: list[_Part] = []
    for part in parts:
        if isinstance(part, _Call):
            out.append(part)
            continue
        value = part.value
        prev = next((p for p in reversed(out) if not isinstance(p, _Call)), None)
        if prev is None:
            value = value.lstrip()
        elif value.startswith(" ") and (
            prev.value.endswith(" ") or (lang == "zh" and _is_cjk(prev.value[-1:]))
        ):
            value = value[1:]
        elif lang == "zh" and prev.value.endswith(" ") and _is_cjk(value[:1]):
            out[out.index(prev)] = replace(prev, value=prev.value[:-1])
        if value:
            out.append(replace(part, value=value))
    for i in range(len(out) - 1, -1, -1):
        last = out[i]
        if isinstance(last, _Call):
            continue
        if last.value.rstrip():
            out[i] = replace(last, value=last.value.rstrip())
            break
        del out[i]
    return out


def _note_inline(parts: list[_Part]) -> Inline:
    return tuple(p for p in parts if not isinstance(p, _Call))


def _counted(inline: Inline) -> Inline:
    """The runs a language's word count counts: not the English standing in for a translation."""
    return tuple(p for p in inline if isinstance(p, NoteRef) or p.draft != "untranslated")


def _drafted(inline: Inline) -> bool:
    return any(not isinstance(p, NoteRef) and p.draft is not None for p in inline)


def _parts_at(loaded: Loaded[Submission], values: dict[str, str], at: PathKey, lang: str) -> list[_Part]:
    return inline_parts(loaded.text(at), lang, values, loaded.file, at)


def _flag(parts: list[_Part], draft: Draft) -> list[_Part]:
    return [p if isinstance(p, _Call) else replace(p, draft=draft) for p in parts]


def _translated(state: State, own: list[_Part], english: list[_Part]) -> list[_Part]:
    """The translation's runs as the state decides: its own, flagged stale, or the English, flagged."""
    if state == "untranslated":
        return _flag(english, "untranslated")
    if state == "stale":
        return _flag(own, "stale")
    return own


def collect(sources: YearSources, count: int) -> list[_Fragment]:
    """Pass 1: every contribution as a fragment with its sort key and its runs per language.

    A translation missing from a text or note is replaced by its English, and a stale one kept,
    each flagged, so that every language version has the same calls (the same numbers) and a
    draft marks exactly what is not final.
    """
    values = {"contributors.count": str(count)}
    fragments: list[_Fragment] = []
    for loaded in sources.submissions:
        sub, lf = loaded.model, loaded.file
        states = {(p.index, p.note): p.state for p in submission_pieces(loaded, sources.translations)}
        runs = functools.partial(_parts_at, loaded, values)
        for i, c in enumerate(sub.contributions):
            where: PathKey = ("contributions", i)
            order = c.order if c.order is not None else math.inf
            text_at: PathKey = (*where, "text")
            text = {lang: runs((*text_at, lang), lang) for lang in LANGUAGES}
            text[TRANSLATION_LANGUAGE] = _translated(
                states[i, None],
                text[TRANSLATION_LANGUAGE],
                text[SOURCE_LANGUAGE],
            )
            notes: dict[str, dict[str, Inline]] = {}
            for key, note in c.footnotes.items():
                at: PathKey = (*where, "footnotes", key)
                if isinstance(note, str):
                    # A note written once is the same in both languages: folded as English.
                    same = _note_inline(runs(at, "en"))
                    notes[key] = dict.fromkeys(LANGUAGES, same)
                    continue
                per_lang = {lang: runs((*at, lang), lang) for lang in LANGUAGES}
                per_lang[TRANSLATION_LANGUAGE] = _translated(
                    states[i, key],
                    per_lang[TRANSLATION_LANGUAGE],
                    per_lang[SOURCE_LANGUAGE],
                )
                notes[key] = {lang: _note_inline(parts) for lang, parts in per_lang.items()}
            note_lines = {key: lf.loc((*where, "footnotes", key), key=True).line for key in c.footnotes}
            fragments.append(
                _Fragment(
                    section=c.section,
                    key=c.paragraph,
                    sort=(order, sub.entity, i),
                    text=text,
                    footnotes=notes,
                    note_lines=note_lines,
                    source=Source(lf.display, lf.loc(where).line, sub.entity, c.id),
                )
            )
    return fragments


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
        content: dict[str, list[Text | Emphasis | NoteRef]] = {lang: [] for lang in LANGUAGES}
        for i, fragment in enumerate(group.fragments):
            numbers: dict[str, int] = {}
            for part in fragment.text[LANGUAGES[0]]:
                if isinstance(part, _Call):
                    numbers[part.key] = len(self.notes) + 1
                    self._note(part.key, fragment, numbers[part.key])
            for lang in LANGUAGES:
                if i and JOINERS[lang]:
                    content[lang].append(Text(JOINERS[lang]))
                content[lang].extend(self._number(fragment.text[lang], numbers, lang))
        merged = {lang: _merge_runs(content[lang]) for lang in LANGUAGES}
        self.paragraph_count += 1
        sources = tuple(f.source for f in group.fragments)
        words = tuple(
            {lang: count_words(plain(_counted(_note_inline(f.text[lang]))), lang) for lang in LANGUAGES}
            for f in group.fragments
        )
        self.blocks.append(Paragraph(self.paragraph_count, section, merged, sources, words))

    def _number(
        self, parts: list[_Part], numbers: dict[str, int], lang: str
    ) -> list[Text | Emphasis | NoteRef]:
        out: list[Text | Emphasis | NoteRef] = []
        for part in parts:
            if isinstance(part, _Call):
                if part.key == CONTRIBUTORS_NOTE:
                    self.call_context[lang] = "".join(self.text_so_far[lang])
                out.append(NoteRef(numbers[part.key]))
            else:
                self.text_so_far[lang].append(part.value)
                out.append(part)
        return out

    def _note(self, key: str, fragment: _Fragment, number: int) -> None:
        if key == CONTRIBUTORS_NOTE:
            # Filled in when the call is reached, since its text depends on what precedes the call.
            self.notes.append(Note(number, {}, fragment.source, key))
            return
        source = replace(fragment.source, line=fragment.note_lines[key])
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
        self.contributors = [self._contributor(eid, printed[eid]) for eid in ordered]
        number = next((n.number for n in self.notes if n.key == CONTRIBUTORS_NOTE), None)
        if number is None:
            return
        text: dict[str, Inline] = {}
        for lang in LANGUAGES:
            lead = frame.lead.get(lang) if frame.lead else ""
            names = frame.separator.get(lang).join(printed[eid][lang] for eid in ordered)
            text[lang] = (Text(normalize(lead, lang) + names + normalize(frame.trail.get(lang), lang)),)
        old = self.notes[number - 1]
        self.notes[number - 1] = Note(number, text, old.source, old.key)

    def _contributor(self, eid: str, printed: dict[str, str]) -> Contributor:
        entity = self.registry.entities[eid]
        return Contributor(
            eid,
            printed,
            name={lang: entity.name.get(lang) for lang in LANGUAGES},
            short={lang: entity.short.get(lang) if entity.short else None for lang in LANGUAGES},
            kind=entity.kind,
        )


def _merge_runs(parts: list[Text | Emphasis | NoteRef]) -> Inline:
    """Adjacent runs of one kind joined where that loses no origin (a joiner, a computed value)."""
    out: list[Text | Emphasis | NoteRef] = []
    for part in parts:
        if isinstance(part, NoteRef):
            out.append(part)
            continue
        if not part.value:
            continue
        last = out[-1] if out else None
        if (
            last is not None
            and not isinstance(last, NoteRef)
            and type(last) is type(part)
            and last.draft == part.draft
            and (part.origin is None or last.origin is None)
        ):
            out[-1] = replace(last, value=last.value + part.value, origin=last.origin or part.origin)
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
        numberer.blocks.append(
            Heading(
                section.id,
                level,
                section.numbering,
                label,
                _bi(section.heading),
                heading_role(section.numbering, level),
            )
        )
        for group in ordered.get(section.id, []):
            numberer.paragraph(section.id, group)
        _walk(section.sections, level + 1, ordered, numberer)


def heading_role(numbering: Numbering, level: int) -> HeadingRole:
    """How a heading is set: by its numbering, the top-level unnumbered one ("Introduction") as a chapter."""
    if numbering == "chapter" or (numbering == "unnumbered" and level == 1):
        return "chapter"
    roles: dict[str, HeadingRole] = {
        "letter": "letter",
        "number": "number",
        "letter-in-parentheses": "paren",
        "unnumbered": "sub",
    }
    return roles[numbering]


_T = TypeVar("_T")


def filled(value: _T | None) -> _T:
    """A fact of the year: validation reports a null one (a fill-in), and errors stop assembly."""
    if value is None:
        raise ValueError("assembly needs a validated year: a fact is still to be filled in")
    return value


def masthead_note(session: SessionModel) -> MastheadNote | None:
    """The agenda item's note and the mark that calls it (the asterisks in the item's text)."""
    if session.item_note is None:
        return None
    item = filled(session.item)
    marks = {lang: masthead_mark(item.get(lang)) for lang in LANGUAGES}
    mark = marks[LANGUAGES[0]]
    if mark is None or any(m != mark for m in marks.values()):
        return None  # validation reports a missing or differing mark
    return MastheadNote(
        mark,
        {lang: normalize(item.get(lang), lang).find(mark) for lang in LANGUAGES},
        _bi(session.item_note),
    )


def furniture(report: Report, lang: str, *, draft: bool = False) -> Furniture:
    """The fixed strings of ``lang``'s version, from the report catalog; ``draft`` heads it DRAFT."""
    t = report_translations(lang).gettext
    return Furniture(
        united_nations=t(report_strings.UNITED_NATIONS),
        distr_general=t(report_strings.DISTR_GENERAL),
        date=format_report_date(filled(report.date), lang),
        # A translation prints its own language above "Original: …"; the original does not.
        language_name=t(report_strings.LANGUAGE_NAME) if lang != report.original_language else "",
        original=t(report_strings.ORIGINAL[report.original_language]),
        summary=t(report_strings.SUMMARY),
        language_letter=t(report_strings.LANGUAGE_LETTER),
        job_date=job_date(filled(report.date)),
        please_recycle=t(report_strings.PLEASE_RECYCLE),
        draft=t(report_strings.DRAFT) if draft else "",
    )


def word_counts(
    doc_blocks: list[Block], notes: list[Note], summary: dict[str, tuple[Inline, ...]], report: Report
) -> dict[str, WordCount]:
    """Computed fact: words per language; the limit applies to the original language."""
    counts = {}
    for lang in LANGUAGES:
        body = sum(
            count_words(plain(_counted(b.content[lang])), lang)
            for b in doc_blocks
            if isinstance(b, Paragraph)
        )
        headings = sum(
            count_words(f"{b.label[lang]} {b.text[lang]}", lang) for b in doc_blocks if isinstance(b, Heading)
        )
        note_words = sum(count_words(plain(_counted(n.content[lang])), lang) for n in notes)
        summary_words = sum(count_words(plain(p), lang) for p in summary[lang])
        limit = report.word_limit if lang == report.original_language else None
        counts[lang] = WordCount(lang, body, headings, note_words, summary_words, limit)
    return counts


def summary_paragraphs(sources: YearSources, lang: str, count: int) -> tuple[Inline, ...]:
    """The summary's paragraphs: folded YAML (>-) turns a blank line into a line break."""
    assert sources.report is not None
    lf = sources.report.file
    where: PathKey = ("summary", lang)
    values = {"contributors.count": str(count)}
    parts = inline_parts(sources.report.text(where), lang, values, lf, where, fold=False)
    paragraphs: list[list[_Part]] = [[]]
    for part in parts:
        if isinstance(part, _Call):
            continue  # validation refuses calls in the summary
        for i, piece in enumerate(part.value.split("\n") if isinstance(part, Text) else [part.value]):
            if i:
                paragraphs.append([])
            paragraphs[-1].append(replace(part, value=_fold(piece, lang)))
    folded = (_tidy(paragraph, lang) for paragraph in paragraphs)
    return tuple(
        _merge_runs([p for p in paragraph if not isinstance(p, _Call)]) for paragraph in folded if paragraph
    )


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
    summary = {lang: summary_paragraphs(sources, lang, len(contributor_ids)) for lang in LANGUAGES}
    counts = word_counts(numberer.blocks, numberer.notes, summary, report)
    # A version with runs that are not final (untranslated or stale) is a draft, and says so.
    drafted = {
        lang: any(_drafted(b.content[lang]) for b in numberer.blocks if isinstance(b, Paragraph))
        or any(_drafted(n.content[lang]) for n in numberer.notes)
        for lang in LANGUAGES
    }
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
        symbols=tuple(filled(report.symbols)),
        job_number=filled(report.job_number),
        date=filled(report.date),
        original_language=report.original_language,
        sessions=tuple(
            SessionBlock(
                _bi(s.organ), _bi(s.session), _bi(filled(s.item)), _bi(s.item_title), masthead_note(s)
            )
            for s in report.sessions
        ),
        title=_bi(report.title),
        report_of=_bi(report.report_of),
        summary=summary,
        furniture={lang: furniture(report, lang, draft=drafted[lang]) for lang in LANGUAGES},
        # Resolved here, so renderers never touch the submissions tree's layout.
        emblem=str((sources.folder / report.emblem).resolve()) if report.emblem else None,
        blocks=tuple(numberer.blocks),
        notes=tuple(numberer.notes),
        contributors=tuple(numberer.contributors),
        word_counts=counts,
    )
