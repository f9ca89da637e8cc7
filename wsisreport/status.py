"""``wsisreport status``: where a year's report stands while it is drafted.

Who of last year's contributors has not sent a file yet (the chase list), which files have errors,
what is still untranslated or stale (counted from validation's ``untranslated`` and
``stale-translation`` diagnostics), the words used against the limit and the paragraphs per
section, empty sections named. The figures come from a draft (:mod:`.draft`): the facts still to
fill in do not stop them, and files with errors are left out of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics, Severity
from .draft import Draft, assemble_draft
from .errors import UsageError
from .load import REPORT_FILE, SECRETARIAT, YEAR_RE, SourceTree, is_year_file, load_tree
from .models import LANGUAGES, Registry, Section
from .validate import FILL_IN, validate_tree

UNTRANSLATED = "untranslated"
STALE = "stale-translation"


@dataclass(frozen=True)
class Contributor:
    entity: str
    name: str


@dataclass(frozen=True)
class FileStatus:
    """One file's diagnostics, counted."""

    path: str
    errors: int
    warnings: int
    untranslated: int
    stale: int
    fill_ins: int


@dataclass(frozen=True)
class SectionCount:
    """Paragraphs in one section of the outline: its own, and with its subsections'."""

    id: str
    heading: str
    level: int
    own: int
    total: int


@dataclass(frozen=True)
class Words:
    lang: str
    total: int
    limit: int | None


@dataclass
class Status:
    """A year's report as it stands."""

    year: int
    previous: int | None
    contributors: list[Contributor]
    missing: list[Contributor]
    new: list[Contributor]
    files: list[FileStatus]
    draft: Draft
    words: list[Words] = field(default_factory=list)
    sections: list[SectionCount] = field(default_factory=list)
    empty: list[SectionCount] = field(default_factory=list)

    @property
    def with_errors(self) -> list[FileStatus]:
        return [f for f in self.files if f.errors]

    @property
    def translation(self) -> list[FileStatus]:
        return [f for f in self.files if f.untranslated or f.stale]

    def as_dict(self) -> dict[str, Any]:
        def people(items: list[Contributor]) -> list[dict[str, str]]:
            return [{"entity": c.entity, "name": c.name} for c in items]

        def section(s: SectionCount) -> dict[str, Any]:
            return {"id": s.id, "heading": s.heading, "level": s.level, "own": s.own, "total": s.total}

        return {
            "year": self.year,
            "previous_year": self.previous,
            "contributors": people(self.contributors),
            "missing": people(self.missing),
            "new": people(self.new),
            "files": [
                {
                    "path": f.path,
                    "errors": f.errors,
                    "warnings": f.warnings,
                    "fill_in": f.fill_ins,
                    "untranslated": f.untranslated,
                    "stale": f.stale,
                }
                for f in self.files
            ],
            "draft": {
                "assembled": self.draft.document is not None,
                "excluded": list(self.draft.excluded),
                "unfilled": list(self.draft.unfilled),
                "blocking": [d.as_dict() for d in self.draft.blocking],
            },
            "words": {w.lang: {"total": w.total, "limit": w.limit} for w in self.words},
            "sections": [section(s) for s in self.sections],
            "empty_sections": [section(s) for s in self.empty],
        }


def _entities(files: list[str]) -> set[str]:
    """Who has a file: a submission's name is its entity (validation holds them to it)."""
    names = {Path(f).stem for f in files if Path(f).name != REPORT_FILE}
    return names - {SECRETARIAT}


def _named(entities: set[str], registry: Registry | None) -> list[Contributor]:
    known = registry.entities if registry is not None else {}
    return [Contributor(e, known[e].name.en if e in known else e) for e in sorted(entities)]


def _sections(outline: list[Section], own: Counter[str], level: int = 1) -> list[SectionCount]:
    rows: list[SectionCount] = []
    for section in outline:
        below = _sections(section.sections, own, level + 1)
        total = own[section.id] + sum(r.own for r in below)
        rows.append(SectionCount(section.id, section.heading.en, level, own[section.id], total))
        rows += below
    return rows


def _topmost_empty(rows: list[SectionCount]) -> list[SectionCount]:
    """Empty sections, an empty section's subsections not named again."""
    out: list[SectionCount] = []
    inside: int | None = None
    for row in rows:
        if inside is not None and row.level > inside:
            continue
        inside = None
        if row.total == 0:
            out.append(row)
            inside = row.level
    return out


def year_status(submissions: Path, year: int) -> Status:
    """The status of ``year``'s report under ``submissions``, compared with the year before it."""
    if not (submissions / str(year)).is_dir():
        raise UsageError(f"no folder for {year} in {submissions}: start it with `wsisreport new-year {year}`")
    earlier = sorted(
        int(p.name)
        for p in submissions.iterdir()
        if p.is_dir() and YEAR_RE.match(p.name) and int(p.name) < year
    )
    previous = earlier[-1] if earlier else None
    diags = Diagnostics()
    tree: SourceTree = load_tree(submissions, diags, years={year})
    validate_tree(tree, diags)
    registry = tree.registry.model if tree.registry else None
    sources = tree.years[year]
    ours = set(sources.files) | ({tree.registry.file.display} if tree.registry else set())
    mine = Diagnostics([d for d in diags.items if d.location.path in ours])
    counts: dict[str, Counter[str]] = {path: Counter() for path in sources.files}
    for d in mine.items:
        tally = counts.setdefault(d.location.path, Counter())
        tally["error" if d.severity is Severity.ERROR else "warning"] += 1
        tally[d.code] += 1
    files = [
        FileStatus(path, c["error"], c["warning"], c[UNTRANSLATED], c[STALE], c[FILL_IN])
        for path, c in sorted(counts.items())
    ]
    current = _entities(sources.files)
    # Who had a file the year before: its names are enough, not its contents.
    before = (
        _entities([p.name for p in (submissions / str(previous)).iterdir() if is_year_file(p)])
        if previous is not None
        else set()
    )
    draft = assemble_draft(sources, registry, mine)
    status = Status(
        year,
        previous,
        _named(current, registry),
        _named(before - current, registry),
        _named(current - before, registry) if previous is not None else [],
        files,
        draft,
    )
    document = draft.document
    if document is not None and sources.report is not None:
        status.words = [
            Words(lang, document.word_counts[lang].total, document.word_counts[lang].limit)
            for lang in LANGUAGES
        ]
        own = Counter(p.section for p in document.paragraphs)
        status.sections = _sections(sources.report.model.outline, own)
        status.empty = _topmost_empty(status.sections)
    return status
