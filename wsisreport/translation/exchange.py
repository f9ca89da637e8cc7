"""``wsisreport translate``: export pieces to translators, import their Chinese, record, report.

Import is all or nothing. Every returned unit is matched by id and its English compared with
today's (tools set states differently; OmegaT ignores them): a unit whose English changed since
the export is left out and reported. The Chinese must read as the same note calls, emphasis and
computed values as the English, and carry no control characters or markup. Every edited file is
parsed and the whole year validated again before anything is written; then the files and the
record are written together, each atomically. Files without a changed unit are not touched.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .. import __version__
from ..assemble import count_words
from ..diagnostics import Diagnostics
from ..document import Document
from ..errors import UsageError, WsisReportError
from ..fsutil import write_all_atomic, write_atomic
from ..inline import forbidden_characters, visible
from ..load import Loaded, YearSources, check_model, load_tree, parse_texts
from ..models import Registry, Submission
from ..reproducible import source_datetime
from ..validate import validate_year
from ..yamlload import PathKey, load_yaml_text
from . import po, word, xliff
from .content import Content, ContentError, from_syntax, normalized, structure, to_syntax, words
from .record import Record, fold, record_path
from .units import STATES, Piece, State, split_unit_id, unit_id, word_diff, year_pieces
from .units_io import MAX_INPUT_SIZE, Meta, ReadResult, Returned, Unit
from .yamledit import EditError, edit_text

ExportFormat = Literal["xliff", "po", "docx"]
FORMATS: tuple[ExportFormat, ...] = ("xliff", "po", "docx")
_MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]{0,200}>")


class ImportRefused(WsisReportError):
    """An import with problems: nothing was written. ``problems`` lists each, located."""

    category = "import refused"

    def __init__(self, problems: list[str]) -> None:
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun}; no file was changed")
        self.problems = problems


def _checked_year(submissions: Path, year: int) -> tuple[YearSources, Registry, Document]:
    """The year loaded and validated; refused while it has errors (the English must be sound)."""
    from ..pipeline import check

    if not (submissions / str(year)).is_dir():
        raise UsageError(f"no folder for {year} in {submissions}")
    checked = check(submissions, years={year}, base=submissions.absolute().parent)
    document = checked.documents.get(year)
    if not checked.ok or document is None or checked.tree.registry is None:
        first = "; ".join(d.format_text() for d in checked.diagnostics.errors[:3])
        raise UsageError(f"the {year} submissions have errors; fix them first (wsisreport validate): {first}")
    return checked.tree.years[year], checked.tree.registry.model, document


def _content(text: str) -> Content:
    try:
        return from_syntax(text)
    except ContentError:
        return (fold(text),)


# -- export ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    path: Path
    format: ExportFormat
    units: list[Unit]

    def count(self, state: State) -> int:
        return sum(u.state == state for u in self.units)


def _context(pieces: list[Piece], document: Document, registry: Registry) -> dict[str, tuple[str, ...]]:
    """Per unit id, what a translator needs to place it: the entity, the section, the paragraph."""
    paragraphs: dict[str, tuple[int, str, int, int]] = {}
    for para in document.paragraphs:
        for i, source in enumerate(para.sources):
            if source.fragment is not None:
                paragraphs[source.fragment] = (para.number, para.section, i + 1, len(para.sources))
    notes = {(n.source.fragment, n.key): n.number for n in document.notes}
    # Each section with the headings above it: "II. Implementation › B. Connectivity".
    headings: dict[str, str] = {}
    stack: list[str] = []
    for heading in document.headings:
        del stack[heading.level - 1 :]
        stack.append(f"{heading.label['en']} {heading.text['en']}".strip())
        headings[heading.section] = " › ".join(stack)
    out: dict[str, tuple[str, ...]] = {}
    for piece in pieces:
        if piece.id is None or piece.fragment is None:
            continue
        entity = registry.entities.get(piece.entity)
        name = entity.name.en if entity else "Secretariat (the compiler's own text)"
        if entity is not None and entity.short is not None and entity.short.en:
            name += f" ({entity.short.en})"
        lines = [f"Entity: {name}"]
        found = paragraphs.get(piece.fragment)
        if found is not None:
            number, section, part, parts = found
            lines.append(f"Section: {headings.get(section, section)}")
            where = f"Paragraph {number}" + (f", part {part} of {parts}" if parts > 1 else "")
            if piece.note is not None:
                note = notes.get((piece.fragment, piece.note))
                where = (
                    f"Footnote {note}, called in " if note else f"Footnote '{piece.note}' of "
                ) + where.lower()
            lines.append(where)
        else:
            lines.append("Not printed in the report (its section is not in the outline)")
        out[piece.id] = tuple(lines)
    return out


def _resname(piece: Piece, paragraph: int | None) -> str:
    """A readable name for tools that show one: ``itu/p4``, ``itu/p20/note/wsis-forum``."""
    base = f"{piece.entity}/p{paragraph}" if paragraph is not None else piece.entity
    return base if piece.note is None else f"{base}/note/{piece.note}"


def units_of(sources: YearSources, document: Document, registry: Registry, *, everything: bool) -> list[Unit]:
    """The pieces to hand to translators: untranslated and stale ones, or every piece."""
    pieces = year_pieces(sources)
    wanted = [p for p in pieces if everything or p.state != "translated"]
    missing = [p for p in wanted if p.id is None]
    if missing:
        files = sorted({p.loaded.file.display for p in missing})
        raise UsageError(
            f"{len(missing)} pieces have no id ({', '.join(files)}):"
            f" run `wsisreport assign-ids --year {sources.year}` first"
        )
    context = _context(wanted, document, registry)
    numbers = {s.fragment: p.number for p in document.paragraphs for s in p.sources if s.fragment}
    root = sources.folder.parent
    units = []
    for piece in wanted:
        assert piece.id is not None
        lf = piece.loaded.file
        recorded = piece.recorded if piece.state == "stale" else None
        chinese = piece.chinese if (piece.chinese or "").strip() else None
        units.append(
            Unit(
                id=piece.id,
                file=lf.path.relative_to(root).as_posix() if lf.path.is_relative_to(root) else lf.display,
                line=lf.loc(piece.en_where).line,
                resname=_resname(piece, numbers.get(piece.fragment or "")),
                context=context[piece.id],
                source=_content(piece.english),
                target=_content(chinese) if chinese is not None else None,
                state=piece.state,
                previous=_content(recorded) if recorded is not None else None,
                change=word_diff(recorded, piece.english).summary if recorded is not None else None,
            )
        )
    return units


def export(
    submissions: Path, year: int, fmt: ExportFormat, out: Path, *, everything: bool = False
) -> Exported:
    """Write the year's untranslated and stale pieces (or all, ``everything``) to ``out``."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    sources, registry, document = _checked_year(submissions, year)
    units = units_of(sources, document, registry, everything=everything)
    when = source_datetime(document)
    meta = Meta(
        year=year,
        title=f"WSIS report {year}: English to Chinese",
        tool_version=__version__,
        date=when.strftime("%Y-%m-%d %H:%M%z"),
    )
    if fmt == "xliff":
        data = xliff.write(units, meta)
    elif fmt == "po":
        data = po.write(units, meta)
    else:
        data = word.write(units, meta, when)
    if units:
        write_atomic(out, data)
    return Exported(out, fmt, units)


# -- import ---------------------------------------------------------------------------------------


def sniff(data: bytes) -> ExportFormat | None:
    """The format of a returned file, from its content (never its name)."""
    if word.looks_like(data):
        return "docx"
    if xliff.looks_like(data):
        return "xliff"
    if po.looks_like(data):
        return "po"
    return None


@dataclass
class Imported:
    """What an import did."""

    format: ExportFormat
    units: int = 0
    # Ids whose Chinese was written, and those recorded as translated without a change of text.
    written: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    unchanged: int = 0
    empty: int = 0
    # Units left out, each with why (the English changed since the export, still marked for review).
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    record_changed: bool = False


def _check_target(unit: Returned, piece: Piece, english: Content, problems: list[str]) -> str | None:
    """The Chinese as submission syntax, or None after reporting why it cannot be imported."""
    assert unit.target is not None
    found = [f"{kind} character U+{ord(ch):04X}" for _o, ch, kind in forbidden_characters(unit.raw)]
    if found:
        problems.append(f"{unit.where}: {found[0]} in the Chinese")
        return None
    try:
        syntax = to_syntax(unit.target)
    except ContentError as exc:
        problems.append(f"{unit.where}: {exc}")
        return None
    wanted, got = structure(english), structure(normalized(unit.target))
    # The same calls in the same order and the same computed values; emphasis may be dropped
    # (Chinese sets a title in 《》 where English italicizes it, as in 31 pieces of 2024) but
    # never added.
    if (wanted.calls, wanted.values) != (got.calls, got.values) or got.spans > wanted.spans:
        problems.append(
            f"{unit.where}: the Chinese has {got.describe()}, but the English has {wanted.describe()}"
        )
        return None
    markup = _MARKUP_RE.search(syntax)
    if markup and not _MARKUP_RE.search(piece.english):
        problems.append(f"{unit.where}: markup '{visible(markup.group(0))}' in the Chinese")
        return None
    if len(syntax) > 10 * len(piece.english) + 1000:
        problems.append(
            f"{unit.where}: the Chinese is {len(syntax):,} characters, far longer than the English"
        )
        return None
    return syntax


def _read(data: bytes, display: str, fmt: ExportFormat, english: dict[str, Content]) -> ReadResult:
    if fmt == "xliff":
        return xliff.read(data, display, english.get)
    if fmt == "po":
        return po.read(data, display)
    return word.read(data, display)


def _revalidate(
    sources: YearSources,
    registry: Registry,
    edited: dict[str, tuple[Loaded[Submission], str, dict[PathKey, str]]],
    record: Record,
    problems: list[str],
) -> None:
    """Parse every edited file and validate the whole year as it would be; problems stop the import."""
    replaced: dict[str, Loaded[Submission]] = {}
    for display, (loaded, text, changes) in edited.items():
        diags = Diagnostics()
        lf = load_yaml_text(text, display, diags)
        lf.path = loaded.file.path
        expected = copy.deepcopy(loaded.file.data)
        for where, value in changes.items():
            target = expected
            for part in where[:-1]:
                target = target[part]
            target[where[-1]] = value
        model = check_model(Submission, lf, diags) if not diags.errors else None
        if model is None or lf.data != expected:
            problems.append(f"{display}: the edited file would not hold the same data plus the Chinese")
            continue
        replaced[display] = Loaded(model, lf, parse_texts(model))
    if problems:
        return
    after = replace(
        sources,
        submissions=[replaced.get(s.file.display, s) for s in sources.submissions],
        translations=record,
    )
    diags = Diagnostics()
    validate_year(after, registry, diags)
    problems += [d.format_text() for d in diags.errors]


def import_file(path: Path, submissions: Path, year: int) -> Imported:
    """Take a translator's file back into the submissions, or change nothing and say why."""
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if path.stat().st_size > MAX_INPUT_SIZE:
        raise ImportRefused([f"{path}: larger than {MAX_INPUT_SIZE:,} bytes"])
    data = path.read_bytes()
    fmt = sniff(data)
    if fmt is None:
        raise ImportRefused([f"{path}: neither XLIFF, PO nor a Word document"])
    sources, registry, _document = _checked_year(submissions, year)
    pieces = {p.id: p for p in year_pieces(sources) if p.id is not None}
    # Each piece's English as content, parsed once: the reader and the checks below both need it.
    englishes = {uid: _content(piece.english) for uid, piece in pieces.items()}
    fragments = {p.fragment for p in pieces.values()}
    read = _read(data, str(path), fmt, englishes)
    problems = list(read.problems)
    result = Imported(fmt, units=len(read.units))
    record = Record(dict(sources.translations.english))
    changes: dict[str, dict[PathKey, str]] = {}
    seen: set[str] = set()
    for unit in read.units:
        if unit.id in seen:
            problems.append(f"{unit.where}: the id appears twice in the file")
            continue
        seen.add(unit.id)
        piece = pieces.get(unit.id)
        if piece is None or piece.fragment is None:
            fragment, _note = split_unit_id(unit.id)
            hint = " (a note of a contribution that exists)" if fragment in fragments else ""
            problems.append(f"{unit.where}: no piece of the {year} submissions has this id{hint}")
            continue
        english = englishes[unit.id]
        if unit.source is None or normalized(unit.source) != normalized(english):
            result.skipped.append(
                f"{unit.where}: the English changed since the export; not imported (export it again)"
            )
            continue
        if unit.target is None or not normalized(unit.target):
            result.empty += 1
            continue
        syntax = _check_target(unit, piece, english, problems)
        if syntax is None:
            continue
        current = fold(piece.chinese or "")
        if fold(syntax) == current:
            if piece.state != "stale":
                result.unchanged += 1
            elif unit.review:
                result.skipped.append(f"{unit.where}: still marked for review, and the Chinese is unchanged")
            else:
                result.confirmed.append(unit.id)
                record.set(piece.fragment, piece.note, piece.english)
            continue
        changes.setdefault(piece.loaded.file.display, {})[piece.zh_where] = syntax
        result.written.append(unit.id)
        record.set(piece.fragment, piece.note, piece.english)
    if problems:
        raise ImportRefused(problems)
    by_display = {s.file.display: s for s in sources.submissions}
    edited: dict[str, tuple[Loaded[Submission], str, dict[PathKey, str]]] = {}
    for display, file_changes in changes.items():
        loaded = by_display[display]
        try:
            text = loaded.file.path.read_text(encoding="utf-8")
            edited[display] = (loaded, edit_text(text, display, file_changes), file_changes)
        except EditError as exc:
            problems.append(str(exc))
    _revalidate(sources, registry, edited, record, problems)
    if problems:
        raise ImportRefused(problems)
    writes = {loaded.file.path: text.encode("utf-8") for loaded, text, _c in edited.values()}
    target = record_path(sources.folder)
    record_bytes = record.dump()
    old = target.read_bytes() if target.is_file() else None
    if old != record_bytes and (result.written or result.confirmed):
        writes[target] = record_bytes
        result.record_changed = True
    if writes:
        write_all_atomic(writes)
    result.files = sorted(edited)
    return result


# -- mark -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """What ``translate mark`` recorded."""

    path: Path
    display: str
    recorded: int
    changed: bool


def _loaded_year(submissions: Path, year: int, *, whole: bool = True) -> YearSources:
    """The year's files as loaded; unless ``whole`` is False, refused while some fail to load."""
    diags = Diagnostics()
    tree = load_tree(submissions, diags, years={year}, base=submissions.absolute().parent)
    sources = tree.years.get(year)
    if sources is None:
        raise UsageError(f"no folder for {year} in {submissions}")
    if not whole:
        return sources
    broken = len(sources.submissions) + (sources.report is not None) < len(sources.files)
    if broken or any(d.code == "translation-record" for d in diags.errors):
        first = "; ".join(d.format_text() for d in diags.errors[:3])
        raise UsageError(f"some files do not load; fix them first: {first}")
    return sources


def mark(submissions: Path, year: int, ids: Iterable[str] = ()) -> Marked:
    """Record today's English as what the Chinese was made from: of every piece, or of ``ids``.

    For data that predates the record, or after checking that a stale Chinese still fits.
    Without ids the record is rebuilt from the submissions (entries of deleted pieces go).
    """
    sources = _loaded_year(submissions, year)
    pieces = year_pieces(sources)
    wanted = list(ids)
    if wanted:
        record = Record(dict(sources.translations.english))
        chosen: list[Piece] = []
        for uid in wanted:
            fragment, note = split_unit_id(uid)
            found = [
                p
                for p in pieces
                if p.fragment == fragment and (p.note == note or (note is None and p.chinese))
            ]
            if not found:
                raise UsageError(f"no piece of the {year} submissions has the id '{uid}'")
            if note is not None and not (found[0].chinese or "").strip():
                raise UsageError(f"'{uid}' has no Chinese to record")
            chosen += [p for p in found if (p.chinese or "").strip()]
        if not chosen:
            raise UsageError(f"{', '.join(wanted)}: no Chinese to record")
    else:
        record = Record()
        chosen = [p for p in pieces if p.fragment is not None and (p.chinese or "").strip()]
    for piece in chosen:
        assert piece.fragment is not None
        record.set(piece.fragment, piece.note, piece.english)
    target = record_path(sources.folder)
    data = record.dump()
    changed = not target.is_file() or target.read_bytes() != data
    if changed:
        write_atomic(target, data)
    return Marked(target, sources.record_display, len(chosen), changed)


# -- status ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One entity's pieces by state, and the English words still to translate."""

    entity: str
    fragments: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    notes: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: int = 0

    def add(self, other: Row) -> None:
        for state in STATES:
            self.fragments[state] += other.fragments[state]
            self.notes[state] += other.notes[state]
        self.words += other.words

    def as_dict(self) -> dict[str, object]:
        return {"entity": self.entity, "fragments": self.fragments, "notes": self.notes, "words": self.words}


@dataclass(frozen=True)
class Status:
    year: int
    rows: list[Row]
    total: Row

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "entities": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
        }


def status(submissions: Path, year: int) -> Status:
    """Per entity and in total: pieces translated, stale and untranslated, and words to translate."""
    sources = _loaded_year(submissions, year, whole=False)  # what loads is counted
    rows: dict[str, Row] = {}
    for piece in year_pieces(sources):
        row = rows.setdefault(piece.entity, Row(piece.entity))
        (row.fragments if piece.note is None else row.notes)[piece.state] += 1
        if piece.state != "translated":
            row.words += count_words(words(_content(piece.english)), "en")
    total = Row("total")
    for row in rows.values():
        total.add(row)
    return Status(year, sorted(rows.values(), key=lambda r: r.entity), total)


__all__ = ["FORMATS", "ImportRefused", "export", "import_file", "mark", "status", "unit_id"]
