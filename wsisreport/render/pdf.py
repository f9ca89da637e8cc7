"""The ``pdf`` format: the HTML page laid out by WeasyPrint on A4, in the UN page model.

WeasyPrint is imported here only, and lazily, with the two layout changes of weasyprint_fixes
and the faster paths of weasyprint_speedups (the same bytes, sooner).
Before anything is laid out, the fonts must cover every character (else MissingGlyphs) and no
note may be certainly too long for a page (NoteTooLong, at the note's source: WeasyPrint cannot
continue a note on the next page). After layout, every note must sit on the page of its call:
the laid-out pages are read back and, should a note have strayed, the layout is redone with a
page break before the block that ended the call's page. A layout that still strays is a refusal
(LayoutError), never a PDF.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import gc
import logging
import math
import mimetypes
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import fonts
from ..document import Document, Emphasis, Heading, Inline, Note, NoteRef
from ..errors import LayoutError, MissingDependency
from ..reproducible import source_date_epoch, source_datetime
from . import Rendered, html, weasyprint_fixes, weasyprint_speedups
from .frame_room import with_room

log = logging.getLogger(__name__)

TEMPLATES = html.TEMPLATES.resolve()
# Relative URLs in the page resolve inside templates/ (and only there; see TemplateFetcher).
BASE_URL = TEMPLATES.as_uri() + "/"


class NotePlacementError(LayoutError):
    """Notes still sit on another page than their call after every layout (a WeasyPrint limit)."""


class NoteTooLong(LayoutError):
    """A note taller than a page holds under its call's line: WeasyPrint 70 cannot split a note."""


@dataclass
class PdfResult:
    """The PDF and what its layout took."""

    data: bytes
    pages: int
    # Notes away from their call's page, per layout pass (the last one is always empty).
    misplaced: list[list[int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- WeasyPrint, lazily


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors (its logger has no handler of its own)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_COLLECT = _Collect()


@contextlib.contextmanager
def _libraries_from_ldconfig() -> Iterator[None]:
    """While WeasyPrint loads: ``ctypes.util.find_library`` answered from one ``ldconfig -p``.

    WeasyPrint tries several names for each of its seven libraries, Windows and macOS ones first;
    on Linux each miss runs ldconfig, then gcc (15 ms or more each, 0.25 s in all, in every PDF
    process). The names it ends with (libpango-1.0.so.0, …) the dynamic loader opens itself.
    """
    import ctypes.util

    ldconfig = shutil.which("ldconfig", path=f"/sbin:/usr/sbin:{os.environ.get('PATH', '')}")
    listing = ""
    if ldconfig is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            run = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10)
            listing = run.stdout
    if not listing:
        yield
        return

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s(lib{re.escape(name)}\.so[^\s]*)\s", listing)
        return found.group(1) if found else None

    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


@functools.cache
def _weasyprint() -> Any:
    """Import WeasyPrint, check it found HarfBuzz's subsetter, and collect its log."""
    with _libraries_from_ldconfig():
        import weasyprint
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        raise MissingDependency(
            "WeasyPrint did not find libharfbuzz-subset >= 4.1 (Debian: apt-get install "
            "libharfbuzz-subset0); without it fonts are subset by fontTools, some 20 times slower"
        )
    weasyprint_fixes.apply()
    weasyprint_speedups.apply()
    logger = logging.getLogger("weasyprint")
    if _COLLECT not in logger.handlers:
        logger.addHandler(_COLLECT)
    return weasyprint


@functools.cache
def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplateFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files under templates/ and refuses everything else, recording each request.

        Submission text is escaped, so no URL in it ever becomes a request; this is the second
        wall: file:// outside templates/, http(s)://, data: other than an inlined emblem image,
        and the rest are refused.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requested.append(url)
            image = inline_image(url)
            if image is not None:  # the emblem, inlined by the HTML renderer: nothing to fetch
                return URLFetcherResponse(url, body=image[1], headers={"Content-Type": image[0]})
            path = template_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused to fetch {url!r}: only files under templates/ are served")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return TemplateFetcher


def make_fetcher() -> Any:
    """A new URL fetcher for one render: serves templates/ only; ``requested``/``refused`` lists."""
    _weasyprint()
    return _fetcher_class()()


def inline_image(url: str) -> tuple[str, bytes] | None:
    """The type and bytes of a base64 ``data:`` URI of an emblem image type, else None."""
    head, sep, payload = url.partition(",")
    kind = head.removeprefix("data:").removesuffix(";base64")
    if not sep or not head.startswith("data:") or not head.endswith(";base64"):
        return None
    if kind not in html.EMBLEM_TYPES.values():
        return None
    try:
        return kind, base64.b64decode(payload, validate=True)
    except ValueError:
        return None


def template_path(url: str) -> Path | None:
    """The file a ``file://`` URL names when it is a file under templates/, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()  # resolves "..", and symbolic links
    if not path.is_relative_to(TEMPLATES) or not path.is_file():
        return None
    return path


# ---------------------------------------------------------------- what the fonts must cover


def _report_path(document: Document) -> str:
    """Where report.yaml is, as the model's paths name files (beside the year's submissions)."""
    for paragraph in document.paragraphs:
        for source in paragraph.sources:
            return str(PurePosixPath(source.path).with_name("report.yaml"))
    return "report.yaml"


# The face each heading role is set in (report.css), for the glyph check.
HEADING_FACES = {"chapter": fonts.BOLD, "letter": fonts.BOLD, "number": fonts.BOLD, "paren": fonts.BOLD}


def _runs(inline: Inline, lang: str, where: str, label: str) -> Iterator[fonts.Text]:
    """Each run of text with its face and a locator of its characters in the source."""
    for part in inline:
        if isinstance(part, NoteRef):
            continue
        # Emphasis is italic in English; in Chinese the Kai face, whose gaps the Song face fills.
        style = fonts.ITALIC if isinstance(part, Emphasis) and lang == "en" else fonts.REGULAR
        origin = part.origin
        locate = functools.partial(origin.locate, part.value) if origin is not None else None
        yield fonts.Text(part.value, style, where, locate, label)


def texts(document: Document, lang: str) -> Iterator[fonts.Text]:
    """Every text the PDF draws, with its face and where it comes from."""
    regular, bold, italic = fonts.REGULAR, fonts.BOLD, fonts.ITALIC
    report = _report_path(document)
    furniture = document.furniture[lang]
    for name, value in dataclasses.asdict(furniture).items():
        yield fonts.Text(value, bold if name == "summary" else regular, f"report string '{name}'")
    masthead = f"{report} (masthead)"
    yield fonts.Text(document.joint_symbol, bold, masthead)
    yield fonts.Text(document.job_number + document.barcode_text, regular, masthead)
    for block in document.sessions:
        yield fonts.Text(block.organ[lang] + block.item_title[lang], bold, masthead)
        yield fonts.Text(block.session[lang] + block.item[lang], regular, masthead)
        if block.note:
            yield fonts.Text(block.note.text[lang], regular, masthead)
    yield fonts.Text(document.title[lang] + document.report_of[lang], bold, f"{report} (title)")
    for paragraph in document.summary[lang]:
        yield from _runs(paragraph, lang, f"{report} (summary)", "summary")
    for b in document.blocks:
        if isinstance(b, Heading):
            # Unnumbered subheadings: italic in English, the Kai face (regular) in Chinese.
            face = HEADING_FACES.get(b.role, italic if lang == "en" else regular)
            yield fonts.Text(b.label[lang] + b.text[lang], face, f"{report} (heading '{b.section}')")
        else:
            where = ", ".join(str(s) for s in b.sources) + f" (paragraph {b.number})"
            yield fonts.Text(f"{b.number}.", regular, where)
            yield from _runs(b.content[lang], lang, where, f"paragraph {b.number}")
    for note in document.notes:
        where = f"{note.source} (note {note.number})"
        yield fonts.Text(f"{note.number}", regular, where)
        yield from _runs(note.content[lang], lang, where, f"note {note.number}")


# ---------------------------------------------------------------- notes too long for a page

# The page model of report.css, as far as notes are concerned (tests check these against it).
PT_PER_MM = 72 / 25.4
NOTE_SIZE = 8.5  # font-size of .fn, pt
NOTE_LINE = 10.0  # line-height of .fn, pt
# The notes' text column (.fn's width): A4 less 20 mm margins, less the 12.7 + 6.3 mm indent.
NOTE_WIDTH = (210 - 2 * 20 - 12.7 - 6.3) * PT_PER_MM
# A body page's text area (25 mm margins) less one line of text: the call's own line.
NOTE_ROOM = (297 - 2 * 25) * PT_PER_MM - 12.0
NOTE_LINES_MAX = int(NOTE_ROOM // NOTE_LINE)


# Kerning and shaping take at most this share off a text's advance widths (Liberation Serif's
# strongest pairs, "AV" and "Yo", take off a fifth).
KERNING = 0.75


@functools.cache
def _advances(lang: str) -> dict[int, float]:
    """The least advance of each character over the regular faces of ``lang``'s stack, in em."""
    from fontTools.ttLib import TTFont

    least: dict[int, float] = {}
    for face in fonts.faces(lang, fonts.REGULAR):
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        upm = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        for code, glyph in font.getBestCmap().items():
            advance = hmtx[glyph][0] / upm
            least[code] = min(advance, least.get(code, advance))
    return least


def least_note_lines(text: str, lang: str) -> int:
    """A lower bound of the lines ``text`` takes as a note: its least width over the column's."""
    if len(text) * NOTE_SIZE <= NOTE_LINES_MAX * NOTE_WIDTH:
        return 0  # too short to fill a page even at 1 em a character: the fonts are not read
    advances = _advances(lang)
    em = sum(
        advances.get(ord(char), 0.0)
        for char in text
        # A space may end a line and take no room there; marks and format characters take none.
        if not char.isspace() and unicodedata.category(char) not in ("Mn", "Me", "Cf")
    )
    return math.ceil(em * KERNING * NOTE_SIZE / NOTE_WIDTH)


def _too_long(note: Note, lang: str, lines: int, measured: bool) -> str:
    amount = f"it takes {lines} lines" if measured else f"it takes at least {lines} lines"
    return (
        f"{note.source}: note {note.number} ({lang}) cannot fit on one page: {amount} of"
        f" {NOTE_LINE:g} pt and a page holds {NOTE_LINES_MAX} under the line of its call; a note is"
        " never continued on the next page (WeasyPrint 70 cannot split one), so shorten it or split"
        " it into several notes"
    )


def check_note_lengths(document: Document, lang: str) -> None:
    """Refuse, before any layout, a note that certainly cannot fit on a page (NoteTooLong)."""
    problems = []
    for note in document.notes:
        lines = least_note_lines(note.plain(lang), lang)
        if lines > NOTE_LINES_MAX:
            problems.append(_too_long(note, lang, lines, measured=False))
    if problems:
        raise NoteTooLong("; ".join(problems))


# ---------------------------------------------------------------- layout and the note check


def pdf_date(document: Document) -> str:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set, else the report's date. Never now."""
    if source_date_epoch() is not None:
        return source_datetime(document).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return document.date.isoformat()


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


@dataclass(frozen=True)
class NotePages:
    """Where a layout put each note call and each note, by page (1-based)."""

    calls: dict[int, int]
    notes: dict[int, int]
    # The id of the last paragraph or heading that has a line on each page.
    last_block: dict[int, str]
    # The height of each note as laid out, in pt.
    heights: dict[int, float] = field(default_factory=dict)

    def misplaced(self) -> list[int]:
        """Numbers of the notes not on the page of their call (or missing)."""
        numbers = set(self.calls) | set(self.notes)
        return sorted(n for n in numbers if self.calls.get(n) != self.notes.get(n))


def note_pages(layout: Any) -> NotePages:
    """Read the laid-out pages: calls and notes carry their model number in data-call."""
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    last_block: dict[int, str] = {}
    heights: dict[int, float] = {}
    for number, page in enumerate(layout.pages, 1):
        root, footnote_area = page._page_box.children[:2]
        for box in _walk(root):
            element = getattr(box, "element", None)
            if element is None:
                continue
            if getattr(box, "footnote", None) is not None and element.get("data-call"):
                calls.setdefault(int(element.get("data-call")), number)
            elif element.get("id", "").startswith(("para-", "section-")) and box.element_tag in _BLOCK_TAGS:
                last_block[number] = element.get("id")
        for box in footnote_area.children:
            element = getattr(box, "element", None)
            if element is not None and element.get("data-call"):
                notes.setdefault(int(element.get("data-call")), number)
                heights.setdefault(int(element.get("data-call")), box.margin_height() * 0.75)  # px → pt
    return NotePages(calls, notes, last_block, heights)


_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
# Layouts tried before giving up: each one starts a new page before the block that ended the
# page a note was moved from.
MAX_PASSES = 4


def render_pdf(document: Document, lang: str, *, fetcher: Any = None) -> PdfResult:
    """Lay out and write the PDF of ``lang``; see the module doc for the checks."""
    weasyprint = _weasyprint()
    fonts.check_coverage(texts(document, lang), lang)
    check_note_lengths(document, lang)
    fetcher = fetcher if fetcher is not None else make_fetcher()
    _COLLECT.records.clear()
    # Layout allocates millions of objects, so the cyclic collector runs some 200 times; each
    # older-generation pass would scan every object alive before (WeasyPrint's modules, the
    # document). Frozen for the render, they are skipped: a tenth of a PDF's time.
    gc.freeze()
    try:
        # Both recurse deeply: in one stretch of the frame stack (frame_room), not in chunks.
        layout, passes = with_room(_lay_out, weasyprint, document, lang, fetcher)
        # Layout leaves much cyclic garbage behind; collected now, its memory serves the PDF
        # writer instead of adding to the peak (about −100 MB at fifty times the 2024 length).
        gc.collect()
        data: bytes = with_room(layout.write_pdf)
    finally:
        gc.unfreeze()
    warnings = [record.getMessage() for record in _COLLECT.records]
    _COLLECT.records.clear()
    if fetcher.refused:
        raise RuntimeError(f"the page asked for resources outside templates/: {fetcher.refused}")
    return PdfResult(data, len(layout.pages), passes, warnings)


def _lay_out(weasyprint: Any, document: Document, lang: str, fetcher: Any) -> tuple[Any, list[list[int]]]:
    """The layout with every note on its call's page, and the notes misplaced in each pass.

    One pass in the common case; should notes stray, the block that ended their call's page
    starts the next page in another pass (MAX_PASSES in all), else NotePlacementError.
    """
    date = pdf_date(document)
    passes: list[list[int]] = []
    breaks: set[str] = set()
    by_number = {note.number: note for note in document.notes}
    for _attempt in range(MAX_PASSES):
        page = html.render_html(document, lang, pdf_date=date, breaks=breaks)
        layout = weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=fetcher).render()
        found = note_pages(layout)
        misplaced = found.misplaced()
        passes.append(misplaced)
        if not misplaced:
            return layout, passes
        # A note taller than a page can hold will never share its call's page: say so now, at
        # the note, rather than after every corrective layout.
        too_tall = [
            _too_long(by_number[n], lang, math.ceil(found.heights[n] / NOTE_LINE), measured=True)
            for n in misplaced
            if n in by_number and found.heights.get(n, 0.0) > NOTE_ROOM
        ]
        if too_tall:
            raise NoteTooLong("; ".join(too_tall))
        # WeasyPrint moved these notes to make room for the last line of their call's page:
        # start the block holding that line on the next page instead.
        for note in misplaced:
            block = found.last_block.get(found.calls.get(note, 0))
            if block is not None:
                breaks.add(block)
    where = ", ".join(f"{n} ({by_number[n].source})" for n in passes[-1] if n in by_number)
    raise NotePlacementError(
        f"notes {where or passes[-1]} stay off the page of their call after {MAX_PASSES} layouts"
        f" ({lang}); the PDF was not written"
    )


def prepare() -> None:
    """Load, ahead of the first render, what it would otherwise load first (build workers).

    WeasyPrint, the fonts, and what the page is made with: Jinja, the style sheet and the page's
    template, compiled (0.07-0.12 s of each worker's render otherwise). (The page's fixed strings
    and dates come translated in the model: assembly settles them.)
    """
    _weasyprint()
    for lang in fonts.FAMILIES:
        fonts.faces(lang, fonts.REGULAR)
    html.stylesheet()
    html.template()


def render(document: Document, lang: str) -> Rendered:
    """The PDF of ``document`` in ``lang``; WeasyPrint's warnings go to the log."""
    result = render_pdf(document, lang)
    for message in result.warnings:
        log.warning("WeasyPrint: %s", message)
    return Rendered(result.data, result.pages)
