"""The command line: options in, one library call, diagnostics out, exit status."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .diagnostics import Diagnostic, Diagnostics, format_diagnostics
from .errors import WsisReportError
from .i18n import console_translations


def _t(message: str) -> str:
    """A console message in the user's language (the ``console`` gettext domain)."""
    return console_translations().gettext(message)


def _tn(singular: str, plural: str, n: int) -> str:
    return console_translations().ngettext(singular, plural, n)


app = typer.Typer(
    name="wsisreport",
    help="Compile the WSIS progress report from per-entity YAML submissions.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class DiagnosticFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wsisreport {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Compile the WSIS progress report from per-entity YAML submissions.

    [bold]wsisreport validate[/bold] checks every file at once; [bold]wsisreport build[/bold] makes the
    report in English and Chinese.
    """


# The options most commands share (typer copies an option's settings for each command).
Submissions = Annotated[Path, typer.Option("--submissions", help="The submissions folder.")]
SUBMISSIONS = Path("submissions")
Year = Annotated[int, typer.Option("--year", help="The report year.")]


def _fail(exc: WsisReportError, code: int = 2) -> typer.Exit:
    """Print a library error as ``wsisreport: <category>: <message>``; the exit to raise."""
    typer.echo(f"wsisreport: {exc.category}: {exc}", err=True)
    return typer.Exit(code)


@contextlib.contextmanager
def _library_errors() -> Iterator[None]:
    """The library's expected errors, inside: one clean line each, exit status 2 (``_fail``)."""
    try:
        yield
    except WsisReportError as exc:
        raise _fail(exc) from None


def _usage(message: str) -> typer.Exit:
    """Print a usage error (``message`` carries its prefix, translated whole); the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(2)


def _echo_json(data: object) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _summary(diags: Diagnostics) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    return (
        _tn("{n} error", "{n} errors", errors).format(n=errors)
        + ", "
        + _tn("{n} warning", "{n} warnings", warnings).format(n=warnings)
    )


def _emit(items: list[Diagnostic], fmt: DiagnosticFormat, stream: object = None) -> None:
    if items or fmt is DiagnosticFormat.json:
        typer.echo(format_diagnostics(items, fmt.value), file=stream)  # type: ignore[arg-type]


def _find_root(path: Path) -> Path | None:
    """The submissions folder holding ``path``: the nearest one with the registry file."""
    from .load import REGISTRY_FILE

    for candidate in (path, *path.parents):
        if (candidate / REGISTRY_FILE).is_file():
            return candidate
    return None


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="The submissions folder, or one file in it.")] = Path(
        "submissions"
    ),
    fmt: Annotated[
        DiagnosticFormat, typer.Option("--format", help="Diagnostics as text, JSON or GitHub annotations.")
    ] = DiagnosticFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every submission file and report [bold]all[/bold] problems as path:line:col."""
    from .pipeline import check

    if not path.exists():
        raise _usage(_t("wsisreport: usage error: no such file or folder: {path}").format(path=path))
    only: str | None = None
    root: Path | None = path
    if path.is_file():
        root = _find_root(path.parent)
        only = str(path)
    if root is None:
        raise _usage(
            _t("wsisreport: usage error: {path} is not inside a submissions folder").format(path=path)
        )
    checked = check(root)
    items = checked.diagnostics.sorted()
    if only is not None:
        target = Path(only).resolve()
        items = [d for d in items if Path(d.location.path).resolve() == target]
    diags = Diagnostics(items)
    _emit(items, fmt)
    if fmt is DiagnosticFormat.text:
        typer.echo(_t("{summary} in {path}").format(summary=_summary(diags), path=path), err=True)
    failed = bool(diags.errors) or (strict and bool(diags.warnings))
    raise typer.Exit(1 if failed else 0)


@app.command()
def build(
    year: Annotated[int, typer.Option("--year", help="The report year to build.")],
    submissions: Submissions = SUBMISSIONS,
    out: Annotated[Path, typer.Option("--out", help="Where to write outputs (<out>/<year>/…).")] = Path(
        "build"
    ),
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", help="Language to build (repeatable; default every language of the report)."),
    ] = None,
    fmt: Annotated[
        list[str] | None, typer.Option("--format", help="Output format (repeatable; default all).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to build when there are warnings.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild outputs even when up to date.")] = False,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Build the Chinese even while some is untranslated or stale: the English stands in, marked.",
        ),
    ] = False,
) -> None:
    """Build the report for [bold]--year[/bold] in English and Chinese, with a manifest."""
    from .build.workers import Workers
    from .languages import LANGUAGES

    langs, formats = lang or LANGUAGES, fmt or None
    # Started first, when the entry point has not already: the slow renderers warm up while the
    # build, the models and the submissions load. (A build with nothing to do stops them at once:
    # a fork and a few ms of their CPU.)
    workers = Workers.for_build(formats, langs)
    from .build import build as run_build
    from .console import BuildReporter, summary_table

    with _library_errors(), BuildReporter() as reporter:
        result = run_build(
            year,
            submissions,
            out,
            langs=langs,
            formats=formats,
            force=force,
            strict=strict,
            draft=draft,
            notify=reporter,
            workers=workers,
        )
    diags = result.diagnostics
    _emit(diags.sorted(), DiagnosticFormat.text, sys.stderr)
    if diags.errors or (strict and diags.warnings):
        message = _t("wsisreport: build refused ({summary}); nothing was written")
        typer.echo(message.format(summary=_summary(diags)), err=True)
        raise typer.Exit(1)
    typer.echo(summary_table(result, len(diags.warnings)))
    if result.document is not None:
        doc = result.document
        typer.echo(
            f"{len(doc.paragraphs)} paragraphs, {len(doc.notes)} notes, "
            f"{len(doc.contributors)} contributors; "
            + ", ".join(f"{c.lang}: {c.total:,} words" for c in doc.word_counts.values()),
            err=True,
        )


class StatsFormat(enum.StrEnum):
    table = "table"
    json = "json"


@app.command()
def stats(
    year: Year,
    submissions: Submissions = SUBMISSIONS,
    fmt: Annotated[StatsFormat, typer.Option("--format", help="A table, or JSON.")] = StatsFormat.table,
) -> None:
    """Per contributor: paragraphs, notes, words per language and sections; totals against the limit."""
    from .models import LANGUAGES
    from .pipeline import check
    from .stats import entity_stats, stats_dict

    checked = check(submissions, years={year}, base=submissions.absolute().parent)
    document = checked.documents.get(year)
    if document is None:
        _emit(checked.diagnostics.sorted(), DiagnosticFormat.text, sys.stderr)
        typer.echo(_t("wsisreport: no report for {year}: fix the errors above").format(year=year), err=True)
        raise typer.Exit(1)
    if fmt is StatsFormat.json:
        _echo_json(stats_dict(document))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Contributions to the {year} report")
    table.add_column("entity", justify="left")
    for column in ("paragraphs", "notes", *(f"words ({lang})" for lang in LANGUAGES)):
        table.add_column(column, justify="right")
    table.add_column("sections", justify="left")
    for row in entity_stats(document):
        table.add_row(
            row.entity if row.contributor else f"[dim]{row.entity}[/dim]",
            str(len(row.paragraphs)),
            str(row.notes),
            *(f"{row.words[lang]:,}" for lang in LANGUAGES),
            ", ".join(row.sections),
        )
    counts = document.word_counts
    table.add_section()
    table.add_row(
        f"total ({len(document.contributors)} contributors)",
        str(len(document.paragraphs)),
        str(len(document.notes)),
        *(
            f"{counts[lang].total:,}" + (f" / {counts[lang].limit:,}" if counts[lang].limit else "")
            for lang in LANGUAGES
        ),
        "",
    )
    Console(width=max(120, Console().width)).print(table)


@app.command()
def status(
    year: Year,
    submissions: Submissions = SUBMISSIONS,
    fmt: Annotated[StatsFormat, typer.Option("--format", help="Tables, or JSON.")] = StatsFormat.table,
) -> None:
    """Where the year stands: who has not answered, files with errors, translation, words, sections."""
    from .status import year_status

    with _library_errors():
        found = year_status(submissions, year)
    if fmt is StatsFormat.json:
        _echo_json(found.as_dict())
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(width=max(100, Console().width), highlight=False)
    n = len(found.contributors)
    line = _tn("{year}: {n} contributor so far", "{year}: {n} contributors so far", n).format(year=year, n=n)
    if found.previous is not None:
        line += _t(" ({previous}: {count})").format(
            previous=found.previous, count=n + len(found.missing) - len(found.new)
        )
    console.print(line)
    if found.previous is not None:
        table = Table(
            title=_t("Not heard from yet: {previous}'s contributors with no file for {year}").format(
                previous=found.previous, year=year
            ),
            title_justify="left",
        )
        table.add_column(_t("entity"))
        table.add_column(_t("name"))
        for c in found.missing:
            table.add_row(c.entity, escape(c.name))
        console.print(
            table
            if found.missing
            else _t("Every contributor of {previous} has a file for {year}.").format(
                previous=found.previous, year=year
            )
        )
        if found.new:
            console.print(
                _t("New this year: {entities}").format(entities=", ".join(c.entity for c in found.new))
            )
    if found.with_errors:
        table = Table(title=_t("Files with errors"), title_justify="left")
        for column in (_t("file"), _t("errors"), _t("of which to fill in"), _t("warnings")):
            table.add_column(column)
        for f in found.with_errors:
            table.add_row(escape(f.path), str(f.errors), str(f.fill_ins), str(f.warnings))
        console.print(table)
    else:
        console.print(_t("No file has errors."))
    if found.translation:
        table = Table(title=_t("Translation"), title_justify="left")
        for column in (_t("file"), _t("untranslated"), _t("stale")):
            table.add_column(column)
        for f in found.translation:
            table.add_row(escape(f.path), str(f.untranslated), str(f.stale))
        console.print(table)
    else:
        console.print(_t("Nothing is untranslated or stale."))
    draft = found.draft
    if draft.document is None:
        console.print(_t("No figures: fix these errors first"))
        _emit(list(draft.blocking), DiagnosticFormat.text)
        return
    if draft.excluded:
        console.print(
            _t("The figures below leave out the files with errors: {files}").format(
                files=escape(", ".join(draft.excluded))
            )
        )
    for words in found.words:
        if words.limit:
            console.print(
                _t("Words ({lang}): {total:,} of {limit:,} ({share:.0%})").format(
                    lang=words.lang, total=words.total, limit=words.limit, share=words.total / words.limit
                )
            )
        else:
            console.print(_t("Words ({lang}): {total:,}").format(lang=words.lang, total=words.total))
    table = Table(title=_t("Paragraphs per section"), title_justify="left")
    for column in (_t("section"), _t("own"), _t("with subsections")):
        table.add_column(column)
    for row in found.sections:
        label = "  " * (row.level - 1) + escape(row.heading)
        table.add_row(label if row.total else f"[dim]{label}[/dim]", str(row.own), str(row.total))
    console.print(table)
    if found.empty:
        names = ", ".join(f"{s.id} ({s.heading})" for s in found.empty)
        console.print(_t("Empty sections: {names}").format(names=escape(names)))


class CompareFormat(enum.StrEnum):
    text = "text"
    json = "json"


@app.command()
def compare(
    year: Year,
    source: Annotated[
        str,
        typer.Option(
            "--from", help="The older version: a git revision, or a folder holding a submissions tree."
        ),
    ],
    target: Annotated[
        str | None, typer.Option("--to", help="The newer version, the same way (default: the current files).")
    ] = None,
    lang: Annotated[
        list[str] | None, typer.Option("--lang", help="Language to compare (repeatable; default both).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write (<out>/<year>/…).")] = Path("build"),
    author: Annotated[
        str, typer.Option("--author", help="The author the changes are tracked under.")
    ] = "wsisreport",
    fmt: Annotated[
        CompareFormat, typer.Option("--format", help="A summary as text, or JSON.")
    ] = CompareFormat.text,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """The newer version in UN format with [bold]tracked changes[/bold] against the older (docs/cycle.md)."""
    from .circulate import compare_versions
    from .models import LANGUAGES
    from .versions import InvalidVersion

    try:
        result = compare_versions(
            submissions, year, source, target, langs=lang or LANGUAGES, out=out, author=author
        )
    except InvalidVersion as exc:
        _emit(exc.diagnostics, DiagnosticFormat.text, sys.stderr)
        raise _fail(exc, 1) from None
    except WsisReportError as exc:
        raise _fail(exc) from None
    if fmt is CompareFormat.json:
        _echo_json(result.as_dict())
        return
    typer.echo(
        _t("compared {year}: {old} → {new}").format(
            year=year, old=result.old.version.label, new=result.new.version.label
        )
    )
    for item in result.written:
        summary = result.comparison.summaries[item.lang]
        p, n = summary.paragraphs, summary.notes
        typer.echo(
            _t(
                "{lang}: paragraphs {added} added, {removed} removed, {changed} changed, {moved} moved,"
                " {renumbered} renumbered; notes {notes_added} added, {notes_removed} removed,"
                " {notes_changed} changed"
            ).format(
                lang=item.lang,
                added=p.added,
                removed=p.removed,
                changed=p.changed,
                moved=p.moved,
                renumbered=p.renumbered,
                notes_added=n.added,
                notes_removed=n.removed,
                notes_changed=n.changed,
            )
        )
        typer.echo(_t("wrote {path}").format(path=item.path))


@app.command()
def new(
    entity: Annotated[str, typer.Argument(help="The entity id, as in entities.yaml.")],
    year: Year,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """Start [bold]<year>/<entity>.yaml[/bold]: a file that validates as it is, with the section ids."""
    from .scaffold import new_submission

    with _library_errors():
        path = new_submission(entity, year, submissions)
    typer.echo(_t("wrote {path}").format(path=path))


@app.command("new-year")
def new_year_command(
    year: Annotated[int, typer.Argument(help="The year of the new report.")],
    source: Annotated[
        int | None, typer.Option("--from", help="The year to start from (default: the year before).")
    ] = None,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """Start [bold]<year>/report.yaml[/bold] and the secretariat's standing text from last year's."""
    from .cycle import new_year
    from .validate import FILL_IN

    with _library_errors():
        result = new_year(submissions, year, source)
    for path in result.written:
        typer.echo(_t("wrote {path}").format(path=path))
    for change in result.changes:
        if change.kind == "advanced":
            message = _t("  {where}: advanced, {old} → {new}")
        elif change.kind == "shifted":
            message = _t("  {where}: years moved on, {new} (check them)")
        elif change.kind == "unchanged":
            message = _t("  {where}: no session number found, kept as it was (check it)")
        else:
            continue
        typer.echo(message.format(where=change.where, old=change.old, new=change.new))
    carried = len(result.carried)
    typer.echo(
        _tn(
            "  secretariat.yaml: {n} standing contribution carried over (new id), {left} left out",
            "  secretariat.yaml: {n} standing contributions carried over (new ids), {left} left out",
            carried,
        ).format(n=carried, left=result.left_out)
    )
    if result.rewritten:
        typer.echo(_t("  report.yaml could not be edited in place: written afresh, without its comments"))
    fill_ins = [d for d in result.diagnostics if d.code == FILL_IN]
    _emit(result.diagnostics, DiagnosticFormat.text)
    typer.echo(
        _tn(
            "{n} fact to fill in: `wsisreport validate` lists it until it is",
            "{n} facts to fill in: `wsisreport validate` lists them until they are",
            len(fill_ins),
        ).format(n=len(fill_ins)),
        err=True,
    )


class ImportLanguage(enum.StrEnum):
    en = "en"
    zh = "zh"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The contribution, a Word file (.docx).")],
    entity: Annotated[str, typer.Option("--entity", help="The entity id, as in entities.yaml.")],
    year: Year,
    submissions: Submissions = SUBMISSIONS,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of <year>/<entity>.yaml.")
    ] = None,
    lang: Annotated[
        ImportLanguage, typer.Option("--lang", help="The language the Word file is written in.")
    ] = ImportLanguage.en,
    section: Annotated[
        str | None, typer.Option("--section", help="The section id for text before the first heading.")
    ] = None,
) -> None:
    """Make [bold]<year>/<entity>.yaml[/bold] from a contribution written in Word (never overwrites)."""
    from .wordimport.importer import import_docx
    from .wordimport.refused import RefusedFile

    try:
        result = import_docx(
            file,
            entity=entity,
            year=year,
            submissions=submissions,
            output=output,
            lang=lang.value,
            section=section,
        )
    except RefusedFile as exc:
        raise _fail(exc, 1) from None
    except WsisReportError as exc:
        raise _fail(exc) from None
    diags = result.diagnostics
    _emit(diags.sorted(), DiagnosticFormat.text, sys.stderr)
    if result.path is None:
        message = _t("wsisreport: import refused ({summary}); nothing was written")
        typer.echo(message.format(summary=_summary(diags)), err=True)
        raise typer.Exit(1)
    counts = ", ".join(
        (
            _tn("{n} paragraph", "{n} paragraphs", result.contributions).format(n=result.contributions),
            _tn("{n} section", "{n} sections", len(result.sections)).format(n=len(result.sections)),
            _tn("{n} note", "{n} notes", result.notes).format(n=result.notes),
        )
    )
    typer.echo(_t("wrote {path}: {counts}").format(path=result.path, counts=counts))
    if diags.errors:
        message = _t("{path} was written but does not validate yet ({summary})")
        typer.echo(message.format(path=result.path, summary=_summary(diags)), err=True)
        raise typer.Exit(1)


@app.command("assign-ids")
def assign_ids_command(
    year: Year,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """Give every contribution without an id a new one, in place (only [bold]id:[/bold] lines are added)."""
    from .ids import assign_ids

    with _library_errors():
        assigned = assign_ids(submissions, year)
    for item in assigned:
        typer.echo(
            _tn("{path}: {n} id added", "{path}: {n} ids added", len(item.ids)).format(
                path=item.display, n=len(item.ids)
            )
        )
    if not assigned:
        typer.echo(_t("every contribution has an id"))


translate_app = typer.Typer(
    name="translate",
    help="Hand the English to translators (XLIFF, PO, Word) and take their Chinese back.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(translate_app)


class ExchangeFormat(enum.StrEnum):
    xliff = "xliff"
    po = "po"
    docx = "docx"


@translate_app.command("export")
def translate_export(
    year: Year,
    fmt: Annotated[ExchangeFormat, typer.Option("--format", help="XLIFF 1.2, PO or a Word table.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The file to write.")],
    lang: Annotated[str, typer.Option("--lang", help="The language to translate into.")] = "zh",
    submissions: Submissions = SUBMISSIONS,
    everything: Annotated[
        bool, typer.Option("--all", help="Every piece, not only the untranslated and stale ones.")
    ] = False,
) -> None:
    """Write the untranslated and stale pieces (or [bold]--all[/bold]) for translators."""
    from .translation import TRANSLATION_LANGUAGE
    from .translation.exchange import export

    if lang != TRANSLATION_LANGUAGE:
        message = _t("wsisreport: usage error: only {lang} is made by translation")
        raise _usage(message.format(lang=TRANSLATION_LANGUAGE))
    with _library_errors():
        done = export(submissions, year, fmt.value, out, everything=everything)
    if not done.units:
        typer.echo(_t("nothing to translate: every piece is translated (--all exports them all)"))
        return
    message = _t("wrote {path}: {n} units ({new} untranslated, {stale} stale, {done} translated)")
    typer.echo(
        message.format(
            path=out,
            n=len(done.units),
            new=done.count("untranslated"),
            stale=done.count("stale"),
            done=done.count("translated"),
        )
    )


@translate_app.command("import")
def translate_import(
    file: Annotated[Path, typer.Argument(help="The translated XLIFF, PO or Word file.")],
    year: Year,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """Write the Chinese of a translated file into the submissions, in place; all or nothing."""
    from .translation.exchange import ImportRefused, import_file

    try:
        done = import_file(file, submissions, year)
    except ImportRefused as exc:
        for problem in exc.problems:
            typer.echo(problem, err=True)
        typer.echo(_t("wsisreport: import refused ({summary})").format(summary=exc), err=True)
        raise typer.Exit(1) from None
    except WsisReportError as exc:
        raise _fail(exc) from None
    for line in done.skipped:
        typer.echo(line, err=True)
    message = _t(
        "{format}: {n} units read; {written} written, {confirmed} confirmed, {unchanged} unchanged,"
        " {empty} empty, {skipped} left out"
    )
    typer.echo(
        message.format(
            format=done.format,
            n=done.units,
            written=len(done.written),
            confirmed=len(done.confirmed),
            unchanged=done.unchanged,
            empty=done.empty,
            skipped=len(done.skipped),
        )
    )
    for display in done.files:
        typer.echo(_t("changed {path}").format(path=display))


@translate_app.command("mark")
def translate_mark(
    year: Year,
    ids: Annotated[
        list[str] | None,
        typer.Option("--id", help="Only this piece (a contribution id, or id:note-key); repeatable."),
    ] = None,
    submissions: Submissions = SUBMISSIONS,
) -> None:
    """Record the present Chinese as translated from the present English (data that predates the record)."""
    from .translation.exchange import mark

    with _library_errors():
        done = mark(submissions, year, ids or ())
    if done.changed:
        typer.echo(_t("recorded {n} pieces in {path}").format(n=done.recorded, path=done.display))
    else:
        typer.echo(_t("{path} already records them").format(path=done.display))


@translate_app.command("status")
def translate_status(
    year: Year,
    submissions: Submissions = SUBMISSIONS,
    fmt: Annotated[StatsFormat, typer.Option("--format", help="A table, or JSON.")] = StatsFormat.table,
) -> None:
    """Per entity and in total: texts and notes translated, stale and untranslated; words to translate."""
    from .translation.exchange import status
    from .translation.units import STATES

    with _library_errors():
        report = status(submissions, year)
    if fmt is StatsFormat.json:
        _echo_json(report.as_dict())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Translation of the {year} report into Chinese")
    table.add_column("entity", justify="left")
    for kind in ("texts", "notes"):
        for state in STATES:
            table.add_column(f"{kind} {state}", justify="right")
    table.add_column("words to translate", justify="right")
    for row in [*report.rows, None, report.total]:
        if row is None:
            table.add_section()
            continue
        table.add_row(
            row.entity,
            *(str(row.fragments[s]) for s in STATES),
            *(str(row.notes[s]) for s in STATES),
            f"{row.words:,}",
        )
    Console(width=max(120, Console().width)).print(table)


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schema"),
) -> None:
    """Write the JSON Schemas of the submission files (for editor completion)."""
    from .schema import write_schemas

    for path in write_schemas(out):
        typer.echo(f"wrote {path}")


def main() -> None:
    app()
