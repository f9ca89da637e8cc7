"""``wsisreport import``: one entity's Word file made a submission, checked as part of its year first."""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, Location, Severity
from ..errors import UsageError
from ..fsutil import write_new
from ..ids import new_id, year_ids
from ..inline import visible
from ..load import REGISTRY_FILE, SECRETARIAT, Loaded, YearSources, check_model, did_you_mean, load_tree
from ..load import parse_texts as parse_submission_texts
from ..models import LANGUAGES, Registry, Submission
from ..validate import outline_sections, validate_year
from ..yamlload import MAX_FILE_SIZE, load_yaml_text
from .model import (
    HEADING_LABEL,
    PARAGRAPH_NUMBER,
    Block,
    Call,
    Inline,
    NotePlace,
    ParagraphPlace,
    Place,
    Span,
    WordDocument,
    plain,
    preview,
)
from .package import open_package
from .reader import read_document
from .refused import RefusedFile
from .sections import Matcher, closest_hint
from .writer import Contribution, data_of, render_yaml, to_source

ORDER_STEP = 10  # room for an editor to put text between two imported paragraphs
MODELINE = "# yaml-language-server: $schema=../../schema/submission.schema.json"
_LONE_URL = re.compile(r"^https?://\S+$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
# Validation codes that only say the other language is still empty: summed up in one remark.
_TRANSLATION_CODES = {"untranslated", "empty-text"}


@dataclass
class ImportResult:
    """What an import did: the file written (None when refused), and every remark, located."""

    path: Path | None
    diagnostics: Diagnostics
    contributions: int = 0
    notes: int = 0
    sections: list[str] = field(default_factory=list)


def _display(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Locator:
    """Turns places in the Word file into diagnostics: ``FILE.docx:<paragraph>:1`` and its first words."""

    def __init__(self, doc: WordDocument, note_calls: dict[tuple[str, str], tuple[int, int]]) -> None:
        self.display = doc.display
        self.blocks = {b.number: b for b in doc.blocks}
        self.notes = doc.notes
        self.note_calls = note_calls  # note → (its number, the paragraph that calls it)

    def paragraph(self, number: int) -> str:
        block = self.blocks.get(number)
        words = preview(block.text) if block is not None else ""
        return f'paragraph {number} ("{words}")' if words else f"paragraph {number}"

    def locate(self, place: Place) -> tuple[Location, str]:
        if isinstance(place, NotePlace):
            number, called_in = self.note_calls.get((place.kind, place.id), (0, 1))
            words = preview(plain(self.notes.get((place.kind, place.id), [])))
            name = f"{place.kind} {number}" if number else f"{place.kind} (id {place.id})"
            said = f' ("{words}")' if words else ""
            return Location(self.display, called_in, 1), f"{name}{said} in {self.paragraph(called_in)}"
        if place.after and place.number == 0:
            return Location(self.display, 1, 1), "at the start of the document"
        if place.after:
            return Location(self.display, place.number, 1), f"after {self.paragraph(place.number)}"
        return Location(self.display, place.number, 1), self.paragraph(place.number)

    def diagnostic(
        self, place: Place, severity: Severity, code: str, message: str, hint: str | None = None
    ) -> Diagnostic:
        location, where = self.locate(place)
        return Diagnostic(location, severity, f"{where}: {message}", code, hint)


def _note_numbers(doc: WordDocument) -> dict[tuple[str, str], tuple[int, int]]:
    """Each called note's number as Word shows it (per kind, in order of calls) and its paragraph."""
    found: dict[tuple[str, str], tuple[int, int]] = {}
    counters = {"footnote": 0, "endnote": 0}
    for block in doc.blocks:
        for call in block.calls():
            key = (call.kind, call.id)
            if key in found or call.mark is not None:
                found.setdefault(key, (0, block.number))
                continue
            counters[call.kind] += 1
            found[key] = (counters[call.kind], block.number)
    return found


def _strip_number(content: list[Inline], pattern: re.Pattern[str]) -> list[Inline]:
    """The text without a typed number at its start ("12. ", "A. ", "(a) ")."""
    if content and isinstance(content[0], Span):
        first = content[0]
        stripped = pattern.sub("", first.text, count=1)
        if stripped != first.text:
            return [Span(stripped, first.italic), *content[1:]] if stripped else content[1:]
    return content


def import_docx(
    source: Path,
    *,
    entity: str,
    year: int,
    submissions: Path,
    output: Path | None = None,
    lang: str = "en",
    section: str | None = None,
) -> ImportResult:
    """Import ``source`` as ``entity``'s submission for ``year``; write it unless it cannot be.

    Raises :class:`RefusedFile` for a file that is not a Word document or is not safe to read, and
    :class:`UsageError` for options that cannot work; nothing is written then. Problems of the
    content are returned as diagnostics located in the Word file; with errors among them from
    reading or matching sections nothing is written, while problems validation finds in the
    written file (a text that still needs its translation, an unregistered entity) are reported.
    """
    if lang not in LANGUAGES:
        raise UsageError(f"--lang must be one of {', '.join(LANGUAGES)}, not '{lang}'")
    if not _SLUG.match(entity):
        raise UsageError(f"'{entity}' is not an entity id (lowercase letters, digits and hyphens)")
    if entity == SECRETARIAT:
        raise UsageError("the secretariat's text is not imported from Word: edit secretariat.yaml")
    default_target = submissions / str(year) / f"{entity}.yaml"
    target = output or default_target
    if target.exists():
        hint = "; import into another file with --output" if output is None else ""
        raise UsageError(f"{_display(target)} already exists{hint}")
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    tree_diags = Diagnostics()
    tree = load_tree(submissions, tree_diags, years={year})
    if tree.registry is None:
        raise UsageError(f"cannot read {submissions / REGISTRY_FILE}: run `wsisreport validate` first")
    sources = tree.years.get(year)
    if sources is None or sources.report is None:
        raise UsageError(f"no readable report.yaml for {year} in {submissions}")
    outline = sources.report.model.outline
    section_ids = [s.id for s, _where in outline_sections(outline)]
    if section is not None and section not in section_ids:
        raise UsageError(
            f"--section '{section}' is not a section of the {year} outline"
            + (f" ({close})" if (close := did_you_mean(section, section_ids)) else "")
        )

    doc = read_document(open_package(source, str(source)), lang)
    _refuse_huge(doc)
    note_calls = _note_numbers(doc)
    locator = _Locator(doc, note_calls)
    diags = Diagnostics()
    for remark in doc.remarks:
        severity = Severity.ERROR if remark.severity == "error" else Severity.WARNING
        diags.items.append(
            locator.diagnostic(remark.place, severity, remark.code, remark.message, remark.hint)
        )

    contributions, origins = _contributions(
        doc, entity, sources, Matcher(outline), section, lang, locator, diags
    )
    if diags.errors:
        return ImportResult(None, diags)
    if not contributions:
        diags.error(Location(doc.display), "the document has no text to import", "word-empty")
        return ImportResult(None, diags)

    registry = tree.registry.model
    info = registry.entities.get(entity)
    other = next(x for x in LANGUAGES if x != lang)
    notes = sum(len(c.footnotes) for c in contributions)
    used = sorted({c.section for c in contributions}, key=section_ids.index)
    header = [_modeline(target, default_target, submissions)]
    if info is not None:
        header.append(f"{info.name.en} / {info.name.zh}")
    header += [
        f"Imported from {source.name} by `wsisreport import`: {_count(len(contributions), 'paragraph')}"
        f" in {_count(len(used), 'section')}, {_count(notes, 'note')}.",
        f'The {"Chinese" if other == "zh" else "English"} ({other}: "") is to be translated.'
        " The format: docs/submissions.md.",
    ]
    text = render_yaml(header, entity, year, contributions)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_SIZE:
        raise RefusedFile(
            f"{doc.display}: a huge document: it makes a submission of {size:,} bytes, over the"
            f" limit of {MAX_FILE_SIZE:,} (1 MiB); split it"
        )
    _check_written(
        text,
        entity,
        year,
        contributions,
        sources,
        registry,
        default_target,
        target,
        origins,
        locator,
        lang,
        diags,
    )
    write_new(target, text.encode("utf-8"))
    return ImportResult(target, diags, len(contributions), notes, used)


def _refuse_huge(doc: WordDocument) -> None:
    """A document with more text than a submission may hold is refused before any work on it."""
    size = sum(len(b.text.encode("utf-8")) for b in doc.blocks) + sum(
        len(plain(n).encode("utf-8")) for n in doc.notes.values()
    )
    if size > MAX_FILE_SIZE:
        raise RefusedFile(
            f"{doc.display}: a huge document: its text alone is {size:,} bytes, over the limit of a"
            f" submission file, {MAX_FILE_SIZE:,} (1 MiB); split it"
        )


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _modeline(target: Path, default_target: Path, submissions: Path) -> str:
    if target.absolute() == default_target.absolute():
        return MODELINE
    schema = submissions.absolute().parent / "schema" / "submission.schema.json"
    relative = os.path.relpath(schema, target.absolute().parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={relative}"


def _contributions(
    doc: WordDocument,
    entity: str,
    sources: YearSources,
    matcher: Matcher,
    section: str | None,
    lang: str,
    locator: _Locator,
    diags: Diagnostics,
) -> tuple[list[Contribution], list[list[Place]]]:
    """Headings matched to sections, and each paragraph under one made a contribution."""
    taken = year_ids(sources)
    current = section
    unmatched = False
    before_heading: list[Block] = []
    orders: dict[str, int] = {}
    note_numbers = locator.note_calls
    contributions: list[Contribution] = []
    origins: list[list[Place]] = []
    marks = 0
    for block in doc.blocks:
        place = ParagraphPlace(block.number)
        if block.level is not None:
            # A heading that is only a label ("I.") is matched as written.
            heading = plain(_strip_number(block.content, HEADING_LABEL)).strip() or block.text.strip()
            shown = visible(heading)
            if block.calls():
                diags.items.append(
                    locator.diagnostic(
                        place,
                        Severity.WARNING,
                        "word-heading-note",
                        "a note called in a heading is not imported (headings carry no notes)",
                        "call it from the paragraph below",
                    )
                )
            match = matcher.match(heading)
            if match is None:
                unmatched = True
                diags.items.append(
                    locator.diagnostic(
                        place,
                        Severity.ERROR,
                        "unknown-heading",
                        f'heading "{shown}" matches no section of the {sources.year} outline',
                        closest_hint(matcher.closest(heading)),
                    )
                )
                continue
            unmatched = False
            current = match.section
            if not match.exact:
                how = "by its action line code" if match.how == "code" else "as the closest heading"
                diags.items.append(
                    locator.diagnostic(
                        place,
                        Severity.WARNING,
                        "heading-match",
                        f"heading \"{shown}\" is taken {how} for section '{match.section}'"
                        f' ("{match.heading}")',
                        "check the section, or reword the heading as the outline has it",
                    )
                )
            continue
        if unmatched:
            continue  # already an error: its text has no section
        if current is None:
            before_heading.append(block)
            continue
        content = _strip_number(block.content, PARAGRAPH_NUMBER)
        keys: dict[Call, str] = {}
        footnotes: dict[str, str | dict[str, str]] = {}
        where: list[Place] = [place]  # the paragraph, then its notes
        for call in (part for part in content if isinstance(part, Call)):
            number = note_numbers.get((call.kind, call.id), (0, 0))[0]
            if call.mark is not None:
                marks += 1
                key = f"mark-{marks}"
                diags.items.append(
                    locator.diagnostic(
                        NotePlace(call.kind, call.id),
                        Severity.WARNING,
                        "word-custom-mark",
                        f"the note marked '{call.mark}' becomes a numbered note",
                    )
                )
            else:
                key = f"{'note' if call.kind == 'footnote' else 'endnote'}-{number}"
            keys[call] = key
            note = doc.notes.get((call.kind, call.id))
            if note is None:
                continue  # the reader reported it missing
            body = to_source(note, {})
            if body.spaced:
                diags.items.append(_spaced(locator, NotePlace(call.kind, call.id)))
            footnotes[key] = (
                body.text
                if _LONE_URL.match(body.text)
                else {x: body.text if x == lang else "" for x in LANGUAGES}
            )
            where.append(NotePlace(call.kind, call.id))
        text = to_source(content, keys)
        if text.spaced:
            diags.items.append(_spaced(locator, place))
        order = orders.get(current, 0) + ORDER_STEP
        orders[current] = order
        contributions.append(
            Contribution(
                new_id(entity, taken),
                current,
                order,
                {x: text.text if x == lang else "" for x in LANGUAGES},
                footnotes,
                f"{Path(doc.display).name}, {locator.paragraph(block.number)}",
            )
        )
        origins.append(where)
    if before_heading:
        first = before_heading[0]
        n = len(before_heading)
        diags.items.append(
            locator.diagnostic(
                ParagraphPlace(first.number),
                Severity.ERROR,
                "text-before-heading",
                f"{_count(n, 'paragraph')} before the first heading belong to no section",
                "give their section with --section ID, or put a heading above them",
            )
        )
    return contributions, origins


def _spaced(locator: _Locator, place: Place) -> Diagnostic:
    return locator.diagnostic(
        place,
        Severity.WARNING,
        "word-backslash",
        "a space was put after a backslash that stood before italics or a note call",
        "the submission syntax has no escape for a backslash there",
    )


def _check_written(
    text: str,
    entity: str,
    year: int,
    contributions: list[Contribution],
    sources: YearSources,
    registry: Registry,
    default_target: Path,
    target: Path,
    origins: list[list[Place]],
    locator: _Locator,
    lang: str,
    diags: Diagnostics,
) -> None:
    """Validate the file as part of its year before it is written; locate its problems in Word.

    The file is checked as ``<year>/<entity>.yaml`` even when written elsewhere (``--output``),
    in place of any file the entity already has there.
    """
    display = _display(default_target)
    check = Diagnostics()
    loaded_file = load_yaml_text(text, display, check)
    model = check_model(Submission, loaded_file, check)
    # The written text must parse back to exactly the imported strings.
    if check.errors or model is None or loaded_file.data != data_of(entity, year, contributions):
        raise AssertionError(
            f"the imported file does not parse back: {[d.format_text() for d in check.items]}"
        )
    loaded = Loaded(model, loaded_file, parse_submission_texts(model))
    others = [s for s in sources.submissions if s.model.entity != entity]
    would_be = replace(sources, submissions=[*others, loaded])  # the translation record kept
    found = Diagnostics()
    validate_year(would_be, registry, found)
    # Where each contribution and note starts in the file, to find which one a diagnostic is in.
    starts: list[tuple[tuple[int, int], Place]] = []
    for i, where in enumerate(origins):
        starts.append((loaded_file.values[("contributions", i)], where[0]))
        footnotes = contributions[i].footnotes
        for key, origin in zip(footnotes, where[1:], strict=True):
            starts.append((loaded_file.values[("contributions", i, "footnotes", key)], origin))
    starts.sort(key=lambda item: item[0])
    positions = [s[0] for s in starts]
    untranslated: list[Place] = []
    written = _display(target)
    for d in found.items:
        if d.location.path != display:
            continue  # another file's problem, not this import's
        at = bisect.bisect_right(positions, (d.location.line, d.location.col)) - 1
        if at < 0:
            moved = Location(written, d.location.line, d.location.col)
            diags.items.append(Diagnostic(moved, d.severity, d.message, d.code, d.hint))
            continue
        place = starts[at][1]
        if d.code in _TRANSLATION_CODES or (d.code == "footnote-mismatch" and lang == "zh"):
            untranslated.append(place)
            continue
        diags.items.append(
            locator.diagnostic(
                place, d.severity, d.code, f"{d.message} (in {written}:{d.location.line})", d.hint
            )
        )
    if untranslated:
        other = "Chinese" if lang == "en" else "English"
        paragraphs = len({p for p in untranslated if isinstance(p, ParagraphPlace)})
        notes = len({p for p in untranslated if isinstance(p, NotePlace)})
        counted = _count(paragraphs, "paragraph") + (f" and {_count(notes, 'note')}" if notes else "")
        severity = Severity.WARNING if lang == "en" else Severity.ERROR
        diags.items.append(
            locator.diagnostic(
                untranslated[0],
                severity,
                "untranslated",
                f"{counted} have no {other} yet, as imported",
                "the English builds alone meanwhile: build --lang en"
                if lang == "en"
                else "write the English",
            )
        )
