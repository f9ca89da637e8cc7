"""The PDF: the 2024 report laid out in both languages, read back with pdfplumber and pypdf.

Each language is rendered once per module (a few seconds each); the tests then check text and
positions: paragraphs in order, every note on the page of its call, heads and feet, the masthead,
fonts, metadata, determinism, and the expected errors (missing glyphs, missing HarfBuzz subset).
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from markupsafe import Markup
from pypdf import PdfReader
from typer.testing import CliRunner

from wsisreport import fonts
from wsisreport.cli import app
from wsisreport.document import Document, Emphasis, plain
from wsisreport.errors import MissingDependency, MissingGlyphs
from wsisreport.i18n import format_report_date
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render import html, pdf
from wsisreport.render.html import TEMPLATES

from .conftest import BASE

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
LEFT = 20 * MM  # page margins, left and right
RIGHT = PAGE_WIDTH - 20 * MM
NUMBER_X = LEFT + 12.7 * MM  # paragraph numbers and note markers
TEXT_X = NUMBER_X + 6.3 * MM  # paragraph text
HEAD_BOTTOM = 25 * MM
FOOT_TOP = PAGE_HEIGHT - 25 * MM
SUPERSCRIPT = 7.0  # calls and markers are set at 6.5 pt; text at 8.5 pt and more
JOB = "GE.25-00925"


def near(a: float, b: float, tolerance: float = 1.0) -> bool:
    return abs(a - b) <= tolerance


def assemble(root: Path) -> Document:
    checked = check(root, years={2024}, base=root.parent)
    assert checked.ok, checked.diagnostics.sorted()
    return checked.documents[2024]


@dataclass
class Rendered:
    """One language's PDF: the renderer's result, the fetcher it used, and the words per page."""

    lang: str
    result: pdf.PdfResult
    fetcher: Any
    pages: list[list[dict[str, Any]]]
    text: list[str]


@pytest.fixture(scope="module")
def document(document_2024: Document) -> Document:
    return document_2024


@pytest.fixture(scope="module")
def rendered(document: Document) -> dict[str, Rendered]:
    out = {}
    for lang in LANGUAGES:
        fetcher = pdf.make_fetcher()
        result = pdf.render_pdf(document, lang, fetcher=fetcher)
        with pdfplumber.open(io.BytesIO(result.data)) as doc:
            pages = [page.extract_words(extra_attrs=["size", "fontname"]) for page in doc.pages]
            text = [page.extract_text() for page in doc.pages]
        out[lang] = Rendered(lang, result, fetcher, pages, text)
    return out


def lines_of(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines by their bottom (superscripts join the line they sit on)."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for w in sorted(words, key=lambda w: w["bottom"]):
        key = next((k for k in rows if abs(k - w["bottom"]) < 4), round(w["bottom"]))
        rows[key].append(w)
    return [sorted(rows[k], key=lambda w: w["x0"]) for k in sorted(rows)]


def body(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words between the running head and the running foot."""
    return [w for w in words if w["top"] > HEAD_BOTTOM and w["bottom"] < FOOT_TOP]


def calls_and_markers(r: Rendered) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Pages of every superscript number: note calls in the text, note markers at the foot."""
    calls: dict[int, list[int]] = defaultdict(list)
    markers: dict[int, list[int]] = defaultdict(list)
    for number, words in enumerate(r.pages, 1):
        for w in body(words):
            if w["size"] < SUPERSCRIPT and re.fullmatch(r"\d+", w["text"]):
                # A marker starts a note at the notes' number column; a call follows text.
                target = markers if near(w["x0"], NUMBER_X) else calls
                target[int(w["text"])].append(number)
    return calls, markers


# ---------------------------------------------------------------- the renders themselves


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_weasyprint_warnings_and_nothing_fetched(rendered: dict[str, Rendered], lang: str) -> None:
    r = rendered[lang]
    # Unknown CSS, unloadable resources, font problems: WeasyPrint only logs them.
    assert r.result.warnings == []
    assert r.fetcher.refused == []
    assert all(pdf.template_path(url) is not None for url in r.fetcher.requested)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_paragraphs_in_order(rendered: dict[str, Rendered], document: Document, lang: str) -> None:
    numbers = [
        int(w["text"][:-1])
        for words in rendered[lang].pages[1:]
        for line in lines_of(body(words))
        for w in line[:1]
        if re.fullmatch(r"\d+\.", w["text"]) and near(w["x0"], NUMBER_X) and w["size"] > 9.5
    ]
    assert numbers == [p.number for p in document.paragraphs] == list(range(1, 88))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_note_on_the_page_of_its_call(rendered: dict[str, Rendered], lang: str) -> None:
    r = rendered[lang]
    calls, markers = calls_and_markers(r)
    assert sorted(calls) == list(range(1, 83))
    assert sorted(markers) == list(range(1, 83))
    assert all(len(pages) == 1 for pages in (*calls.values(), *markers.values()))
    off = {n: (calls[n][0], markers[n][0]) for n in calls if calls[n] != markers[n]}
    assert off == {}, "note: (page of call, page of note)"
    # The renderer's own reading of the layout agrees, and its last pass had nothing to fix.
    assert r.result.misplaced[-1] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notes_keep_model_order_at_each_foot(rendered: dict[str, Rendered], lang: str) -> None:
    _calls, markers = calls_and_markers(rendered[lang])
    order = sorted(markers, key=lambda n: (markers[n][0], n))
    assert order == list(range(1, 83))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heads_and_feet_from_page_2(rendered: dict[str, Rendered], lang: str) -> None:
    pages = rendered[lang].pages
    assert len(pages) > 10
    for number, words in enumerate(pages[1:], 2):
        head = [w for w in words if w["bottom"] <= HEAD_BOTTOM]
        foot = [w for w in words if w["top"] >= FOOT_TOP]
        assert [w["text"] for w in head] == ["A/80/62", "E/2025/12"], number
        assert head[0]["bottom"] <= head[1]["top"], f"symbols stacked, page {number}"
        assert len(lines_of(foot)) == 1, number
        texts = [w["text"] for w in sorted(foot, key=lambda w: w["x0"])]
        if number % 2 == 0:  # even: left-hand page, everything on the left
            assert texts == [str(number), JOB], number
            assert all(near(w["x0"], LEFT) for w in head), number
            assert near(min(w["x0"] for w in foot), LEFT), number
            assert max(w["x1"] for w in foot) < PAGE_WIDTH / 2, number
        else:  # odd: right-hand page, everything on the right
            assert texts == [JOB, str(number)], number
            assert all(near(w["x1"], RIGHT) for w in head), number
            assert near(max(w["x1"] for w in foot), RIGHT), number
            assert min(w["x0"] for w in foot) > PAGE_WIDTH / 2, number


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_one_masthead(rendered: dict[str, Rendered], document: Document, lang: str) -> None:
    text = rendered[lang].text[0]
    lines = text.splitlines()
    expected = {
        "en": [
            "United Nations",
            "A/80/62–E/2025/12",
            "General Assembly",
            "Economic and Social Council",
            "Distr.: General",
            "22 January 2025",
            "Original: English",
            "Eightieth session",
            "Item 19 (b) of the preliminary list*",
            "2025 session",
            "Report of the Secretary-General",
            "Summary",
            "* A/80/50.",
            "** E/2025/1.",
            f"{JOB} (E) 220125",
            "*2500925*",
        ],
        "zh": [
            "联合国",
            "A/80/62–E/2025/12",
            "大会",
            "经济及社会理事会",
            "Distr.: General",
            "2025年1月22日",
            "Chinese",
            "Original: English",
            "第八十届会议",
            "初步项目清单*项目19(b)",
            "秘书长的报告",
            "概要",
            "* A/80/50。",
            "** E/2025/1。",
            f"{JOB} (C) 220125",
            "*2500925*",
        ],
    }[lang]
    for item in expected:
        assert item in text, item
    assert format_report_date(document.date, lang) in text
    if lang == "zh":  # the language line sits right above "Original: English"
        assert lines.index("Chinese") + 1 == lines.index("Original: English")
    else:
        assert "Chinese" not in text
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", document.title[lang]) in flat
    for paragraph in document.summary[lang]:
        assert re.sub(r"\s+", "", plain(paragraph)) in flat
    # No numbered paragraph and no head on page 1; the summary is not numbered.
    assert not re.search(r"^\d+\. ", text, re.M)
    words = rendered[lang].pages[0]
    assert not [w for w in words if w["bottom"] <= 15 * MM]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headings_sizes_and_labels(rendered: dict[str, Rendered], document: Document, lang: str) -> None:
    words = [w for page in rendered[lang].pages[1:] for w in body(page)]
    labels = [w for w in words if near(w["x0"], LEFT) and w["size"] > 9.5]
    expected = [h.label[lang] for h in document.headings if h.label[lang]]
    assert [w["text"] for w in labels] == expected
    sizes = {"chapter": 14, "letter": 12, "number": 10, "letter-in-parentheses": 10}
    numbered = [h for h in document.headings if h.label[lang]]
    for w, h in zip(labels, numbered, strict=True):
        assert near(w["size"], sizes[h.numbering], 0.1), (h.section, w)
        assert "Bold" in w["fontname"], (h.section, w)
    sub = [h.text[lang] for h in document.headings if h.numbering == "unnumbered" and h.level > 1]
    faces = {w["fontname"].split("+")[-1] for w in words if w["text"] in sub}
    if lang == "en":
        assert faces == {"Liberation-Serif-Italic"}
    else:  # no synthetic italic: the Kai face, as the DOCX's KaiTi
        assert faces == {"AR-PL-UKai-CN"}


def test_english_titles_are_italic(rendered: dict[str, Rendered], document: Document) -> None:
    words = [w for page in rendered["en"].pages[1:] for w in body(page)]
    titles = {
        word
        for p in document.paragraphs
        for part in p.content["en"]
        if isinstance(part, Emphasis)
        for word in part.value.split()
        if len(word) > 3
    }
    assert titles, "the 2024 English italicizes titles"
    italic = {w["text"] for w in words if w["fontname"].endswith("Liberation-Serif-Italic")}
    # Every word of every title is set in the italic face somewhere (titles may also occur roman).
    assert titles - italic == set() or titles - italic <= {t for t in titles if not t.isalpha()}


def test_chinese_emphasis_uses_the_kai_face(base_tree: Path) -> None:
    alpha = base_tree / "2024" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text("utf-8").replace("zh: 阿组织发表了一份报告。", "zh: 阿组织发表了*鑫淼*报告。")
    )
    doc = assemble(base_tree)
    result = pdf.render_pdf(doc, "zh")
    with pdfplumber.open(io.BytesIO(result.data)) as opened:
        chars = [c for page in opened.pages for c in page.chars]
    faces = {c["fontname"].split("+")[-1] for c in chars if c["text"] in "鑫淼"}
    assert faces == {"AR-PL-UKai-CN"}
    assert "Noto-Serif-CJK-SC" in {c["fontname"].split("+")[-1] for c in chars if c["text"] == "报"}


def test_chinese_lines_never_start_with_closing_punctuation(rendered: dict[str, Rendered]) -> None:
    starts = [
        line[0]["text"]
        for words in rendered["zh"].pages
        for line in lines_of([w for w in body(words) if w["size"] > SUPERSCRIPT])
    ]
    assert len(starts) > 300
    bad = [s for s in starts if s[0] in "。，、；：？！）》」』”"]
    assert bad == []


def test_chinese_is_ragged_and_english_justified(rendered: dict[str, Rendered]) -> None:
    def right_edges(lang: str) -> list[float]:
        edges = []
        for words in rendered[lang].pages[1:]:
            for line in lines_of([w for w in body(words) if near(w["size"], 10, 0.1)])[:-1]:
                if near(line[0]["x0"], NUMBER_X + 6.3 * MM, 2):
                    edges.append(round(line[-1]["x1"]))
        return edges

    en, zh = right_edges("en"), right_edges("zh")
    text_right = RIGHT - 12.7 * MM
    assert sum(near(x, text_right, 1.5) for x in en) > 0.6 * len(en)
    assert sum(near(x, text_right, 1.5) for x in zh) < 0.5 * len(zh)


def fonts_of(data: bytes) -> dict[str, bool]:
    """Every font in the PDF by base name, and whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descriptor_owner = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found


def test_fonts_embedded_cjk_in_chinese_serif_only_in_english(rendered: dict[str, Rendered]) -> None:
    zh = fonts_of(rendered["zh"].result.data)
    en = fonts_of(rendered["en"].result.data)
    assert all(zh.values()) and all(en.values()), "every font embedded"
    subset = re.compile(r"/[A-Z]{6}\+(.+)")
    zh_names = {subset.fullmatch(name).group(1) for name in zh}  # type: ignore[union-attr]
    en_names = {subset.fullmatch(name).group(1) for name in en}  # type: ignore[union-attr]
    assert {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold"} <= zh_names
    # The Kai face sets the unnumbered headings (and any emphasis) in Chinese, as KaiTi in the DOCX.
    assert "AR-PL-UKai-CN" in zh_names
    assert all(n.startswith("Noto-Serif-CJK-SC") or "Serif" in n or n == "AR-PL-UKai-CN" for n in zh_names)
    assert en_names == {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_metadata_and_bookmarks(rendered: dict[str, Rendered], document: Document, lang: str) -> None:
    reader = PdfReader(io.BytesIO(rendered[lang].result.data))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == document.title[lang]
    # The author follows the language, as in the DOCX and the HTML.
    assert meta.author == document.furniture[lang].author == {"en": "United Nations", "zh": "联合国"}[lang]
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20250122"
    assert reader.trailer["/Root"]["/Lang"] == {"en": "en", "zh": "zh-CN"}[lang]
    assert "/ID" not in reader.trailer

    def titles(outline: list[Any], depth: int = 0) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for item in outline:
            if isinstance(item, list):
                out += titles(item, depth + 1)
            else:
                out.append((depth, item.title))
        return out

    summary = {"en": "Summary", "zh": "概要"}[lang]
    expected = [(0, summary)] + [
        (h.level - 1, f"{h.label[lang]} {h.text[lang]}".strip()) for h in document.headings
    ]
    assert titles(reader.outline) == expected


def test_two_renders_are_byte_identical(rendered: dict[str, Rendered], document: Document) -> None:
    assert pdf.render_pdf(document, "en").data == rendered["en"].result.data


def test_source_date_epoch_sets_the_pdf_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = assemble(BASE / "submissions")
    assert PdfReader(io.BytesIO(pdf.render_pdf(doc, "zh").data)).metadata["/CreationDate"] == "D:20990115"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = pdf.render_pdf(doc, "zh").data
    assert PdfReader(io.BytesIO(first)).metadata["/CreationDate"] == "D:20231114221320+00'00"
    assert pdf.render_pdf(doc, "zh").data == first


# ---------------------------------------------------------------- page breaks: lone lines


@dataclass
class Block:
    """A paragraph or heading as far as one page shows it: its kind, first word and lines."""

    kind: str  # "paragraph" (starts here), "continued" (from the page before) or "heading"
    first: str
    lines: int


def blocks_of(words: list[dict[str, Any]]) -> list[Block]:
    """The body of a page as blocks, read from where lines start.

    A paragraph's first line starts with its number at the number column and the others at the
    text column; a heading starts at the margin (its label) or at the number column with words
    other than a number. Notes (8.5 pt) and superscripts are left out.
    """
    out: list[Block] = []
    for line in lines_of([w for w in body(words) if w["size"] > 9.5]):
        first = line[0]
        if near(first["x0"], NUMBER_X) and re.fullmatch(r"\d+\.", first["text"]):
            out.append(Block("paragraph", first["text"], 1))
        elif near(first["x0"], TEXT_X, 1.5):
            if out and out[-1].kind != "heading":
                out[-1].lines += 1
            else:
                out.append(Block("continued", first["text"], 1))
        elif out and out[-1].kind == "heading":
            out[-1].lines += 1  # a heading on two lines
        else:
            out.append(Block("heading", first["text"], 1))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_lone_first_or_last_line_at_a_page_break(rendered: dict[str, Rendered], lang: str) -> None:
    """Two-line orphan and widow control, as Word's, with every note still on its call's page."""
    pages = [blocks_of(words) for words in rendered[lang].pages[1:]]
    assert all(page for page in pages)
    # Only the first block of a page can be continued from the page before.
    assert [b for page in pages for b in page[1:] if b.kind == "continued"] == []
    lone = []
    for number, (page, following) in enumerate(itertools.pairwise(pages), 2):
        last, first = page[-1], following[0]
        if first.kind == "continued" and last.kind == "paragraph" and last.lines == 1:
            lone.append((number, "first line alone at the foot", last.first))
        if first.kind == "continued" and first.lines == 1:
            lone.append((number + 1, "last line alone at the head", first.first))
    assert lone == []
    assert rendered[lang].result.misplaced[-1] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_ends_with_a_heading(rendered: dict[str, Rendered], lang: str) -> None:
    pages = [blocks_of(words) for words in rendered[lang].pages[1:]]
    ends = [(n, page[-1].first) for n, page in enumerate(pages[:-1], 2) if page[-1].kind == "heading"]
    assert ends == []


def test_paragraphs_break_across_pages(rendered: dict[str, Rendered]) -> None:
    """What the two tests above rely on: the reading finds paragraphs going on overleaf."""
    for lang in LANGUAGES:
        pages = [blocks_of(words) for words in rendered[lang].pages[1:]]
        continued = [page[0] for page in pages if page[0].kind == "continued"]
        assert len(continued) >= 5 and all(b.lines >= 2 for b in continued), lang


# ---------------------------------------------------------------- the note check itself


def test_note_pages_report_strays_and_missing_notes() -> None:
    pages = pdf.NotePages(calls={1: 2, 2: 2, 3: 4}, notes={1: 2, 2: 3}, last_block={2: "para-5"})
    assert pages.misplaced() == [2, 3]
    assert pdf.NotePages(calls={1: 1}, notes={1: 1}, last_block={}).misplaced() == []


# ---------------------------------------------------------------- the changes to WeasyPrint's layout


def test_notes_measured_once_lay_out_as_weasyprint_does(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same bytes as WeasyPrint's own way, where that is right: without the rule's border, whose
    width WeasyPrint's overflow test trips over (1e-13 px), moving notes a page down."""
    from weasyprint.layout import LayoutContext

    stylesheet = html.stylesheet
    no_rule = Markup("@page { @footnote { border: none } }")
    monkeypatch.setattr(html, "stylesheet", lambda: stylesheet() + no_rule)
    measured_once = pdf.render_pdf(document, "en")
    monkeypatch.setattr(LayoutContext, "_update_footnote_area", LayoutContext._update_footnote_area.original)
    assert pdf.render_pdf(document, "en").data == measured_once.data


def test_the_layout_changes_refuse_another_weasyprint() -> None:
    from wsisreport.render import weasyprint_fixes

    class Block:
        __file__ = "block.py"

        @staticmethod
        def _linebox_layout() -> None:
            report = True  # noqa: F841  (not the line the change replaces)

    with pytest.raises(MissingDependency, match=r"not the 70.0 layout .*_linebox_layout"):
        weasyprint_fixes._keep_notes_with_calls(Block)


# ---------------------------------------------------------------- expected errors


def test_missing_glyph_names_character_and_source(base_tree: Path) -> None:
    alpha = base_tree / "2024" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    text = text.replace("AO published a report.", "AO published a report \U0001f600.")
    text = text.replace("zh: 见会议网页。", "zh: 见会议网页\U0001f600。")
    alpha.write_text(text, "utf-8")
    doc = assemble(base_tree)
    with pytest.raises(MissingGlyphs) as en:
        pdf.render_pdf(doc, "en")
    message = str(en.value)
    assert "U+1F600 GRINNING FACE" in message
    # Located at the character, not only at its fragment.
    assert "submissions/2024/alpha.yaml:8:33 (paragraph 2)" in message
    assert en.value.chars == ("\U0001f600",)
    with pytest.raises(MissingGlyphs) as zh:
        pdf.render_pdf(doc, "zh")
    assert "U+1F600" in str(zh.value)
    assert "submissions/2024/alpha.yaml:22:18 (note 4)" in str(zh.value)
    assert "alpha.yaml:8" not in str(zh.value)


def test_missing_glyph_inside_emphasis_is_located_at_the_character(base_tree: Path) -> None:
    """Emphasis is checked in its own face (italic in English), and located past escapes."""
    alpha = base_tree / "2024" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    # Line 8 as written: en: 'AO''s \* then 😀 *re\*port 😀*.[^ao-report]'
    text = text.replace(
        "en: AO published a report.[^ao-report]",
        "en: 'AO''s \\* then \U0001f600 *re\\*port \U0001f600*.[^ao-report]'",
    )
    text = text.replace("zh: 阿组织发表了一份报告。", "zh: 阿组织发表了*一份\U0001f600报告*。")
    alpha.write_text(text, "utf-8")
    doc = assemble(base_tree)
    places = {"en": ["alpha.yaml:8:26", "alpha.yaml:8:38"], "zh": ["alpha.yaml:9:20"]}
    for lang in LANGUAGES:
        with pytest.raises(MissingGlyphs) as error:
            pdf.render_pdf(doc, lang)
        located = ", ".join(f"submissions/2024/{place} (paragraph 2)" for place in places[lang])
        assert f"U+1F600 GRINNING FACE at {located}" in str(error.value)


def test_missing_glyph_fails_the_build_in_one_line(base_tree: Path, tmp_path: Path) -> None:
    alpha = base_tree / "2024" / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace("AO held a meeting.", "AO held a \u0f00 meeting."))
    out = tmp_path / "out"
    args = ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    # Progress lines aside, the error is one line, no traceback.
    lines = [line for line in result.stderr.splitlines() if line.startswith("wsisreport:")]
    assert len(lines) == 1 and result.stderr.rstrip().endswith(lines[0])
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("wsisreport: missing glyphs: ")
    # At the fragment and character that hold it, not at every fragment of the paragraph.
    assert "U+0F00 TIBETAN SYLLABLE OM at submissions/2024/alpha.yaml:17:21 (paragraph 4)" in lines[0]
    assert "beta.yaml" not in lines[0]
    assert not list(out.rglob("*.pdf"))


def test_fonts_know_their_faces() -> None:
    for lang in LANGUAGES:
        families = [face.family for face in fonts.faces(lang, fonts.REGULAR)]
        assert families[0] == fonts.FAMILIES[lang][0] or lang == "en"
        assert fonts.CJK in families
    assert ord("中") in fonts.covered("zh", fonts.BOLD)
    assert 0x1F600 not in fonts.covered("en", fonts.REGULAR)


def test_missing_harfbuzz_subset_is_an_expected_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.text.ffi as ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    pdf._weasyprint.cache_clear()
    try:
        with pytest.raises(MissingDependency, match="libharfbuzz-subset"):
            pdf.render_pdf(assemble(BASE / "submissions"), "en")
    finally:
        monkeypatch.undo()
        pdf._weasyprint.cache_clear()


# ---------------------------------------------------------------- notes too long for a page

SENTENCE = "The meeting page lists every session of the forum in detail. "


def long_note(base_tree: Path, en: str, zh: str = "见会议网页。") -> Document:
    """The fixture with note 4 (alpha.yaml:20, the "meeting" note) replaced."""
    alpha = base_tree / "2024" / "alpha.yaml"
    text = alpha.read_text("utf-8")
    text = text.replace("en: See the meeting page.", f"en: {en.strip()}")
    text = text.replace("zh: 见会议网页。", f"zh: {zh}")
    alpha.write_text(text, "utf-8")
    return assemble(base_tree)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the pages WeasyPrint is given to lay out (one entry each)."""
    weasyprint = pdf._weasyprint()
    calls: list[str] = []
    original = weasyprint.HTML

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("layout")
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    return calls


def test_a_note_that_cannot_fit_a_page_is_refused_before_layout(base_tree: Path, layouts: list[str]) -> None:
    doc = long_note(base_tree, SENTENCE * 600, "见会议网页。" * 2000)
    for lang in LANGUAGES:
        with pytest.raises(pdf.NoteTooLong) as refused:
            pdf.render_pdf(doc, lang)
        message = str(refused.value)
        assert message.startswith(f"submissions/2024/alpha.yaml:20: note 4 ({lang}) cannot fit on one page: ")
        assert "it takes at least " in message and "a page holds 68 under the line of its call" in message
        assert "never continued on the next page" in message and "split it into several notes" in message
    assert layouts == []


def test_a_note_too_long_for_the_estimate_is_refused_after_one_layout(
    base_tree: Path, layouts: list[str]
) -> None:
    # About 90 lines: more than a page holds, but not provably so from the characters alone.
    text = SENTENCE * 180
    assert pdf.least_note_lines(text, "en") <= pdf.NOTE_LINES_MAX
    with pytest.raises(pdf.NoteTooLong, match=r"^submissions/2024/alpha.yaml:20: note 4 \(en\)") as refused:
        pdf.render_pdf(long_note(base_tree, text), "en")
    assert re.search(r"it takes (\d+) lines of 10 pt", str(refused.value))
    assert layouts == ["layout"]


def test_a_long_note_that_fits_is_set_on_its_calls_page(base_tree: Path) -> None:
    """The estimate is a lower bound: a note of most of a page is laid out, not refused."""
    doc = long_note(base_tree, SENTENCE * 100, "见会议网页。" * 250)
    for lang in LANGUAGES:
        result = pdf.render_pdf(doc, lang)
        assert result.misplaced[-1] == []
        with pdfplumber.open(io.BytesIO(result.data)) as reader:
            pages = [page.extract_text() for page in reader.pages]
        marks = ("见会议网页。见会议网页。", SENTENCE.strip())
        assert len([text for text in pages if any(mark in text for mark in marks)]) == 1


def test_a_note_too_long_fails_the_build_in_one_line(base_tree: Path, tmp_path: Path) -> None:
    long_note(base_tree, SENTENCE * 600)
    out = tmp_path / "out"
    args = ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("wsisreport:")]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("wsisreport: layout error: submissions/2024/alpha.yaml:20: note 4 (en) ")
    assert not list(out.rglob("*.pdf"))


def test_note_geometry_is_the_style_sheets() -> None:
    """The figures the estimate uses are those of report.css."""
    css = (TEMPLATES / "report.css").read_text("utf-8")
    assert re.search(r"size: A4;\s*margin: 25mm 20mm 25mm 20mm;", css)
    notes = re.search(r"\.fn, \.item-note \{[^}]*font-size: ([\d.]+)pt;\s*line-height: ([\d.]+)pt;", css)
    assert notes and (float(notes[1]), float(notes[2])) == (pdf.NOTE_SIZE, pdf.NOTE_LINE)
    assert ".fn, .item-note { width: 151mm; padding-left: 6.3mm; text-indent: -6.3mm; }" in css
    assert (210 - 2 * 20 - 12.7 - 6.3) * pdf.PT_PER_MM == pdf.NOTE_WIDTH
    assert re.search(r"body \{[^}]*line-height: 12pt;", css)


# ---------------------------------------------------------------- the URL fetcher


def test_fetcher_serves_templates_only(tmp_path: Path) -> None:
    fetcher = pdf.make_fetcher()
    css = (TEMPLATES / "report.css").as_uri()
    assert fetcher.fetch(css).read() == (TEMPLATES / "report.css").read_bytes()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    refused = [
        "file:///etc/passwd",
        outside.as_uri(),
        TEMPLATES.as_uri() + "/../pyproject.toml",
        TEMPLATES.as_uri() + "/%2e%2e/pyproject.toml",
        "file://example.org" + (TEMPLATES / "report.css").as_posix(),
        "http://127.0.0.1/",
        "https://example.org/report.css",
        "data:text/plain,hello",
        "ftp://example.org/x",
    ]
    for url in refused:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.refused == refused
    assert fetcher.requested == [css, *refused]


def test_fetcher_refuses_symlinks_leaving_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.css").write_text("p {}")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (templates / "link.txt").symlink_to(secret)
    monkeypatch.setattr(pdf, "TEMPLATES", templates.resolve())
    assert pdf.template_path((templates / "report.css").as_uri()) == (templates / "report.css").resolve()
    assert pdf.template_path((templates / "link.txt").as_uri()) is None
    assert pdf.template_path(templates.as_uri()) is None  # a folder is not a file


def test_weasyprint_warnings_are_collected(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the other tests rely on: WeasyPrint's complaints reach PdfResult.warnings."""
    from wsisreport.render import html

    stylesheet = html.stylesheet
    monkeypatch.setattr(html, "stylesheet", lambda: stylesheet() + Markup("p { colour: red; }"))
    result = pdf.render_pdf(assemble(BASE / "submissions"), "en")
    assert any("colour" in message for message in result.warnings), result.warnings


# ---------------------------------------------------------------- hostile text


HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>alert(1)</script>'
# As written in a submission: '\*' is a literal asterisk.
WRITTEN = HOSTILE.replace("*", "\\*")


def test_hostile_text_prints_literally_and_fetches_nothing(base_tree: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    text = beta.read_text("utf-8")
    text = text.replace("en: The Beta Society took part.", f"en: 'The Beta Society took part. {WRITTEN}'")
    text = text.replace("zh: 贝塔学会参加了会议。", f"zh: '贝塔学会参加了会议。{WRITTEN}'")
    beta.write_text(text, "utf-8")
    doc = assemble(base_tree)
    for lang in LANGUAGES:
        fetcher = pdf.make_fetcher()
        result = pdf.render_pdf(doc, lang, fetcher=fetcher)
        with pdfplumber.open(io.BytesIO(result.data)) as reader:
            text = " ".join(page.extract_text() for page in reader.pages)
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", HOSTILE) in flat
        assert fetcher.refused == []
        assert all(pdf.template_path(url) is not None for url in fetcher.requested)
        assert result.warnings == []


def test_emblem_only_when_the_report_supplies_one(base_tree: Path) -> None:
    from .test_docx import _png

    def images(document: Document) -> int:
        reader = PdfReader(io.BytesIO(pdf.render(document, "en").data))
        resources = reader.pages[0].get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")

    checked = check(base_tree, base=base_tree.parent)
    assert images(checked.documents[2024]) == 0
    (base_tree / "2024" / "emblem.png").write_bytes(_png())
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "emblem: emblem.png\n", encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    assert images(checked.documents[2024]) == 1
    page = html.render_html(checked.documents[2024], "en")
    assert '<img class="emblem-image" src="data:image/png;base64,' in page


def test_fetcher_serves_only_image_data_uris() -> None:
    fetcher = pdf.make_fetcher()
    assert fetcher.fetch("data:image/png;base64,iVBORw0KGgo=").read() == b"\x89PNG\r\n\x1a\n"
    for url in ("data:text/html;base64,PGI+", "data:image/svg+xml;base64,PHN2Zz4=", "data:image/png,raw"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_a_warmed_up_worker_has_the_page_template_compiled() -> None:
    """What ``prepare`` loads in the process the workers are forked from, they need not compile."""
    code = (
        "from wsisreport.render import html, pdf\n"
        "pdf.prepare()\n"
        "print(*sorted(key[1] for key in html._environment().cache.keys()))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["report.css", "report.html"]
