"""Stage 2, validate: rules across files and inside texts, all collected as diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .diagnostics import Diagnostics, Location
from .inline import COMPUTED_NOTES, PLACEHOLDERS, Parsed, forbidden_characters, malformed_urls, masthead_mark
from .load import SECRETARIAT, Loaded, SourceTree, YearSources, did_you_mean, dotted
from .models import LANGUAGES, Bilingual, Registry, Report, Section, Submission, Translatable
from .translation import TRANSLATION_LANGUAGE
from .translation.units import Piece, submission_pieces, word_diff
from .yamlload import LoadedFile, PathKey

# The code of a fact of the year still to be filled in (written null in report.yaml).
FILL_IN = "fill-in"
NUMBERED_SUBSECTIONS = ("letter", "number", "letter-in-parentheses")


def validate_tree(tree: SourceTree, diags: Diagnostics) -> None:
    """Run every cross-file rule over a loaded tree."""
    registry = tree.registry.model if tree.registry else None
    if tree.registry is not None:
        _check_registry(tree.registry, diags)
    for year in tree.years.values():
        validate_year(year, registry, diags)


def _check_registry(loaded: Loaded[Registry], diags: Diagnostics) -> None:
    lf = loaded.file
    if SECRETARIAT in loaded.model.entities:
        diags.error(
            lf.loc(("entities", SECRETARIAT), key=True),
            f"'{SECRETARIAT}' is reserved for the compiler's own text",
            "reserved-id",
        )
    for entity_id, entity in loaded.model.entities.items():
        where: PathKey = ("entities", entity_id)
        _check_bilingual(lf, (*where, "name"), entity.name, diags)


def outline_sections(outline: list[Section]) -> Iterator[tuple[Section, PathKey]]:
    """Every section in reading order, with its data path in report.yaml."""

    def walk(sections: list[Section], where: PathKey) -> Iterator[tuple[Section, PathKey]]:
        for i, section in enumerate(sections):
            path = (*where, i)
            yield section, path
            yield from walk(section.sections, (*path, "sections"))

    return walk(outline, ("outline",))


def validate_year(sources: YearSources, registry: Registry | None, diags: Diagnostics) -> None:
    """Rules for one year's folder: report definition, then every submission against it."""
    section_ids: set[str] = set()
    if sources.report is not None:
        section_ids = _check_report(sources.report, sources, diags)
    seen_entities: dict[str, str] = {}
    merge_keys: dict[str, tuple[str, Location]] = {}
    fragment_ids: dict[str, Location] = {}
    computed_calls: dict[str, Location] = {}
    for loaded in sources.submissions:
        sub, lf = loaded.model, loaded.file
        stem = Path(lf.display).stem
        if sub.year != sources.year:
            diags.error(
                lf.loc(("year",)),
                f"year {sub.year} does not match the folder {sources.year}",
                "year-mismatch",
                f"write year: {sources.year}",
            )
        known = sub.entity == SECRETARIAT or (registry is not None and sub.entity in registry.entities)
        if registry is not None and not known:
            options = [*registry.entities, SECRETARIAT]
            diags.error(
                lf.loc(("entity",)),
                f"unknown entity '{sub.entity}'",
                "unknown-entity",
                did_you_mean(sub.entity, options) or "add it to entities.yaml first",
            )
        if stem != sub.entity:
            diags.error(
                lf.loc(("entity",)),
                f"file name '{stem}' does not match entity '{sub.entity}'",
                "filename-mismatch",
                f"rename the file to {sub.entity}.yaml",
            )
        if sub.entity in seen_entities:
            diags.error(
                lf.loc(("entity",)),
                f"entity '{sub.entity}' already has a file: {seen_entities[sub.entity]}",
                "duplicate-entity",
                "merge the two files",
            )
        else:
            seen_entities[sub.entity] = lf.display
        for i, contribution in enumerate(sub.contributions):
            where: PathKey = ("contributions", i)
            _check_id(lf, where, contribution.id, fragment_ids, sources.year, diags)
            if section_ids and contribution.section not in section_ids:
                diags.error(
                    lf.loc((*where, "section")),
                    f"unknown section '{contribution.section}'",
                    "unknown-section",
                    did_you_mean(contribution.section, sorted(section_ids)),
                )
            if contribution.paragraph is not None:
                key_loc = lf.loc((*where, "paragraph"))
                first = merge_keys.setdefault(contribution.paragraph, (contribution.section, key_loc))
                if first[0] != contribution.section:
                    diags.error(
                        key_loc,
                        f"paragraph '{contribution.paragraph}' is in section '{first[0]}' at {first[1]},"
                        f" but here in '{contribution.section}'",
                        "paragraph-split",
                        "fragments of one paragraph must share a section",
                    )
            _check_text_and_notes(
                loaded, where, contribution.text, contribution.footnotes, computed_calls, diags
            )
        for piece in submission_pieces(loaded, sources.translations):
            if piece.state == "stale":
                _stale(piece, sources.year, diags)


def _check_id(
    lf: LoadedFile,
    where: PathKey,
    fragment: str | None,
    seen: dict[str, Location],
    year: int,
    diags: Diagnostics,
) -> None:
    """Every contribution has a persistent id, unique in its year (translations align on it)."""
    if fragment is None:
        diags.warning(
            lf.loc(where),
            "contribution has no id",
            "missing-id",
            f"run `wsisreport assign-ids --year {year}`",
        )
        return
    loc = lf.loc((*where, "id"))
    first = seen.setdefault(fragment, loc)
    if first != loc:
        diags.error(
            loc,
            f"id '{fragment}' is already used at {first}",
            "duplicate-id",
            f"ids are never reused: delete this one and run `wsisreport assign-ids --year {year}`",
        )


def _stale(piece: Piece, year: int, diags: Diagnostics) -> None:
    """A Chinese not made from today's English: say what changed, at the first changed word."""
    lf = piece.loaded.file
    what = "the text" if piece.note is None else f"footnote '{piece.note}'"
    mark = f"wsisreport translate mark --year {year} --id {piece.id}"
    if piece.recorded is None:
        diags.warning(
            lf.loc(piece.zh_where),
            f"nothing records the English that the Chinese of {what} was made from",
            "stale-translation",
            f"if the Chinese matches the English, record it: {mark}",
        )
        return
    change = word_diff(piece.recorded, piece.english)
    diags.warning(
        lf.loc_at(piece.en_where, change.offset),
        f"the English of {what} changed since its Chinese was made: {change.summary}",
        "stale-translation",
        f"revise the Chinese (wsisreport translate export); if it still fits: {mark}",
    )


def _check_report(loaded: Loaded[Report], sources: YearSources, diags: Diagnostics) -> set[str]:
    report, lf = loaded.model, loaded.file
    if report.year != sources.year:
        diags.error(
            lf.loc(("year",)),
            f"year {report.year} does not match the folder {sources.year}",
            "year-mismatch",
            f"write year: {sources.year}",
        )
    for name in ("title", "report_of", "summary"):
        _check_bilingual(lf, (name,), getattr(report, name), diags)
    for lang in LANGUAGES:
        _check_inline(loaded, ("summary", lang), diags, notes_allowed=False)
    _check_fill_ins(loaded, diags)
    for i, session in enumerate(report.sessions):
        for name in ("organ", "session", "item", "item_title"):
            if getattr(session, name) is not None:
                _check_bilingual(lf, ("sessions", i, name), getattr(session, name), diags)
        if session.item_note is not None and session.item is not None:
            first = masthead_mark(session.item.get(LANGUAGES[0]))
            for lang in LANGUAGES:
                mark = masthead_mark(session.item.get(lang))
                if mark is None:
                    diags.error(
                        lf.loc(("sessions", i, "item", lang)),
                        "the agenda item has a note but no mark to call it",
                        "masthead-note-mark",
                        "end the item with '*' (or '**' for the second note)",
                    )
                elif first is not None and mark != first:
                    diags.error(
                        lf.loc_at(("sessions", i, "item", lang), session.item.get(lang).find(mark)),
                        f"the agenda item's mark '{mark}' differs from '{first}' in 'item.{LANGUAGES[0]}'",
                        "masthead-note-mark",
                        f"use '{first}' in both languages",
                    )
    if report.emblem is not None:
        emblem = (sources.folder / report.emblem).resolve()
        if not emblem.is_relative_to(sources.folder.parent.resolve()) or not emblem.is_file():
            diags.error(
                lf.loc(("emblem",)),
                f"emblem '{report.emblem}' is not a file inside the submissions tree",
                "missing-file",
            )
    ids: set[str] = set()
    for section, where in outline_sections(report.outline):
        if section.id in ids:
            diags.error(lf.loc((*where, "id")), f"duplicate section id '{section.id}'", "duplicate-section")
        ids.add(section.id)
        _check_bilingual(lf, (*where, "heading"), section.heading, diags)
    _check_lone_subsections(report.outline, ("outline",), lf, diags)
    return ids


# The facts each year brings, written null until known: what each is and how to fill it in.
FILL_INS: dict[str, tuple[str, str]] = {
    "symbols": (
        "the document symbols",
        "write the symbols DGACM issued in place of null, e.g. [A/80/62, E/2025/12]",
    ),
    "job_number": ("the job number issued by DGACM", "write it in place of null, e.g. GE.25-00925"),
    "date": ("the date of the document", "write it in place of null as YYYY-MM-DD, e.g. 2025-01-22"),
    "item": (
        "the agenda item",
        "write it as the masthead prints it, '*' calling its note,"
        " e.g. {en: Item 19 (b) of the preliminary list*, zh: 初步项目清单*项目19(b)}",
    ),
    "item_note": (
        "the agenda item's note",
        "write the symbol of the agenda, e.g. {en: A/80/50., zh: A/80/50。}, or delete the key for no note",
    ),
}


def _check_fill_ins(loaded: Loaded[Report], diags: Diagnostics) -> None:
    """Every fact written ``null`` is still to be filled in: a located error with a hint.

    An ``item_note`` is optional: left out, the item has no note; written null, it is to be filled.
    """
    report, lf = loaded.model, loaded.file

    def fill_in(where: PathKey) -> None:
        what, hint = FILL_INS[str(where[-1])]
        diags.error(lf.loc(where), f"to be filled: {what}", FILL_IN, hint)

    for name in ("symbols", "job_number", "date"):
        if getattr(report, name) is None:
            fill_in((name,))
    raw = lf.data.get("sessions") if isinstance(lf.data, dict) else None
    for i, session in enumerate(report.sessions):
        if session.item is None:
            fill_in(("sessions", i, "item"))
        written = raw[i] if isinstance(raw, list) and i < len(raw) and isinstance(raw[i], dict) else {}
        if session.item_note is None and "item_note" in written:
            fill_in(("sessions", i, "item_note"))


def _check_lone_subsections(
    sections: list[Section], where: PathKey, lf: LoadedFile, diags: Diagnostics
) -> None:
    for style in NUMBERED_SUBSECTIONS:
        same = [i for i, s in enumerate(sections) if s.numbering == style]
        if len(same) == 1:
            i = same[0]
            diags.warning(
                lf.loc((*where, i, "numbering")),
                f"section '{sections[i].id}' is the only one numbered '{style}' at its level"
                ' (an "A." needs a "B.")',
                "lone-subsection",
                "add a sibling or make it unnumbered",
            )
    for i, section in enumerate(sections):
        _check_lone_subsections(section.sections, (*where, i, "sections"), lf, diags)


def _untranslated(loc: Location, what: str, diags: Diagnostics) -> None:
    diags.warning(
        loc,
        f"{what} has no Chinese yet",
        "untranslated",
        "translate it (wsisreport translate export); build the English alone with --lang en,"
        " or a marked Chinese draft with --draft",
    )


def _check_bilingual(
    lf: LoadedFile,
    where: PathKey,
    text: Bilingual | Translatable,
    diags: Diagnostics,
    *,
    translated: bool = False,
) -> None:
    """Both languages present; with ``translated``, a missing Chinese is untranslated, not wrong."""
    for lang in LANGUAGES:
        value = text.get(lang)
        loc = lf.loc((*where, lang))
        if not value.strip() and translated and lang == TRANSLATION_LANGUAGE:
            _untranslated(loc, "the text", diags)
        elif not value.strip():
            diags.error(loc, f"'{dotted(where)}.{lang}' is empty", "empty-text")
        _check_characters(value, lf, (*where, lang), diags)


def _check_characters(value: str, lf: LoadedFile, where: PathKey, diags: Diagnostics) -> None:
    for offset, ch, kind in forbidden_characters(value):
        diags.error(
            lf.loc_at(where, offset),
            f"{kind} character U+{ord(ch):04X} is not allowed in text",
            "forbidden-character",
            "delete the invisible character",
        )


def _check_inline(
    loaded: Loaded[Submission] | Loaded[Report],
    where: PathKey,
    diags: Diagnostics,
    *,
    notes_allowed: bool = True,
) -> Parsed:
    """Syntax errors and computed values of one parsed text, each at its character."""
    parsed = loaded.text(where)
    lf = loaded.file
    for problem in parsed.problems:
        diags.error(lf.loc_at(where, problem.offset), problem.message, problem.code, problem.hint)
    for placeholder in parsed.placeholders():
        if placeholder.name not in PLACEHOLDERS:
            diags.error(
                lf.loc_at(where, placeholder.start),
                f"unknown placeholder '@{{{placeholder.name}}}'",
                "unknown-placeholder",
                did_you_mean(placeholder.name, PLACEHOLDERS) or f"known: {', '.join(PLACEHOLDERS)}",
            )
    if not notes_allowed:
        for call in parsed.calls():
            diags.error(lf.loc_at(where, call.start), "notes cannot be called here", "misplaced-call")
    return parsed


def _check_text_and_notes(
    loaded: Loaded[Submission],
    where: PathKey,
    text: Translatable,
    footnotes: dict[str, str | Translatable],
    computed_calls: dict[str, Location],
    diags: Diagnostics,
) -> None:
    lf = loaded.file
    _check_bilingual(lf, (*where, "text"), text, diags, translated=True)
    called: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        at: PathKey = (*where, "text", lang)
        parsed = _check_inline(loaded, at, diags)
        keys = [c.key for c in parsed.calls()]
        called[lang] = keys
        seen: set[str] = set()
        for call in parsed.calls():
            key, loc = call.key, lf.loc_at(at, call.start)
            if key in seen:
                diags.error(loc, f"note '{key}' is called twice", "repeated-call", "each note has one call")
            seen.add(key)
            if key.startswith("@"):
                if key not in COMPUTED_NOTES:
                    diags.error(
                        loc,
                        f"unknown computed note '[^{key}]'",
                        "unknown-computed-note",
                        did_you_mean(key, COMPUTED_NOTES) or f"known: {', '.join(COMPUTED_NOTES)}",
                    )
                elif lang == LANGUAGES[0]:
                    first = computed_calls.setdefault(key, loc)
                    if first != loc:
                        diags.error(loc, f"'[^{key}]' is already called at {first}", "repeated-call")
            elif key not in footnotes:
                diags.error(
                    loc,
                    f"footnote '[^{key}]' is called but not defined",
                    "undefined-footnote",
                    did_you_mean(key, footnotes) or "define it under 'footnotes'",
                )
    en, zh = called["en"], called["zh"]
    if en != zh and text.get("zh").strip():  # an untranslated Chinese calls nothing yet
        diags.error(
            lf.loc((*where, "text", "zh")),
            f"the Chinese text calls {_keys(zh)} but the English calls {_keys(en)}",
            "footnote-mismatch",
            "both languages must call the same notes in the same order",
        )
    for key, note in footnotes.items():
        note_where: PathKey = (*where, "footnotes", key)
        if key not in en and key not in zh:
            diags.warning(
                lf.loc(note_where, key=True),
                f"footnote '{key}' is defined but never called",
                "unused-footnote",
                f"add [^{key}] to the text or delete the note",
            )
        versions = (
            [(note_where, note)]
            if isinstance(note, str)
            else [((*note_where, lang), note.get(lang)) for lang in LANGUAGES]
        )
        for at, version in versions:
            loc = lf.loc(at)
            if not version.strip() and at[-1] == TRANSLATION_LANGUAGE:
                _untranslated(loc, f"footnote '{key}'", diags)
            elif not version.strip():
                diags.error(loc, f"footnote '{key}' is empty", "empty-text")
            _check_characters(version, lf, at, diags)
            parsed = _check_inline(loaded, at, diags)
            if parsed.calls():
                diags.error(
                    lf.loc_at(at, parsed.calls()[0].start),
                    f"footnote '{key}' calls another note",
                    "nested-footnote",
                )
            for offset, url, reason in malformed_urls(version):
                diags.warning(lf.loc_at(at, offset), f"URL '{url}' {reason}", "malformed-url")


def _keys(keys: list[str]) -> str:
    return "[" + ", ".join(keys) + "]" if keys else "no notes"
