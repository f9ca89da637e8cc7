"""English first: the English builds while the Chinese is missing, the Chinese refuses (listing every
piece) unless it is a draft, and a draft marks what is not final, decided in assembly."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import etree

from wsisreport.build import build
from wsisreport.document import Document, Emphasis, NoteRef, Paragraph, Text
from wsisreport.pipeline import check
from wsisreport.render import FORMATS
from wsisreport.render.ooxml import w

from .drafting import draft

WFP_ENGLISH = "The World Food Programme leads the Emergency Telecommunications Cluster"


@pytest.fixture
def drafted(tree_2024: Path) -> Path:
    draft(tree_2024)
    return tree_2024


@pytest.fixture
def document(drafted: Path) -> Document:
    checked = check(drafted, years={2024}, base=drafted.parent)
    assert checked.ok
    return checked.documents[2024]


def test_english_builds_and_the_chinese_refuses_with_every_piece(drafted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    english = build(2024, drafted, out, langs=["en"], formats=["docx", "json"])
    assert not english.diagnostics.errors and len(english.built) == 2
    assert {d.code for d in english.diagnostics.warnings} == {"untranslated", "stale-translation"}
    before = sorted(p.name for p in (out / "2024").iterdir())
    chinese = build(2024, drafted, out, langs=["zh"], formats=["docx"])
    assert not chinese.outputs
    assert [(d.location.path, d.location.line, d.code) for d in chinese.diagnostics.sorted()] == [
        ("submissions/2024/itu.yaml", 12, "stale-translation"),
        ("submissions/2024/itu.yaml", 43, "untranslated"),
        ("submissions/2024/wfp.yaml", 11, "untranslated"),
    ]
    assert all(d.severity.value == "error" for d in chinese.diagnostics.items)
    assert sorted(p.name for p in (out / "2024").iterdir()) == before
    # A draft of it builds, and a final build after it is not fooled into "up to date".
    drafted_build = build(2024, drafted, out, langs=["zh"], formats=["docx"], draft=True)
    assert [o.path for o in drafted_build.built] == ["A-80-62-E-2025-12.zh.docx"]
    again = build(2024, drafted, out, langs=["zh"], formats=["docx"])
    assert again.diagnostics.errors and not again.outputs


def test_assembly_puts_the_english_in_place_and_flags_it(document: Document) -> None:
    para = next(p for p in document.paragraphs if WFP_ENGLISH in p.plain("en"))
    zh = para.content["zh"]
    english = [r for r in zh if isinstance(r, Text | Emphasis) and r.draft == "untranslated"]
    assert WFP_ENGLISH in "".join(r.value for r in english)
    stale = next(p for p in document.paragraphs if "68 per cent" in p.plain("en"))
    assert {r.draft for r in stale.content["zh"] if not isinstance(r, NoteRef) and "67%" in r.value} == {
        "stale"
    }
    note = next(n for n in document.notes if n.key == "wsis-forum-2024-outcomes")
    assert [r.draft for r in note.content["zh"] if not isinstance(r, NoteRef)] == ["untranslated"]
    assert note.plain("zh") == note.plain("en")
    assert document.furniture["zh"].draft == "草稿 DRAFT" and document.furniture["en"].draft == ""
    # Numbers identical in both languages whatever is missing.
    for block in document.paragraphs:
        assert block.notes("en") == block.notes("zh")
    # The Chinese word count leaves out the English standing in for it.
    clean = check(Path(__file__).parent.parent / "submissions", years={2024}).documents[2024]
    assert document.word_counts["zh"].total < clean.word_counts["zh"].total


def _docx(document: Document, lang: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(FORMATS["docx"].render(document, (lang,)).data))


def test_docx_marks_the_draft_with_a_named_style_a_highlight_and_the_head(document: Document) -> None:
    zh = _docx(document, "zh")
    runs = zh.element.body.iter(w("r"))
    marked = {}
    for r in runs:
        style = r.find(f"{w('rPr')}/{w('rStyle')}")
        if style is not None and style.get(w("val")) in ("UNUntranslated", "UNStaleTranslation"):
            highlight = r.find(f"{w('rPr')}/{w('highlight')}")
            text = "".join(t.text or "" for t in r.iter(w("t")))
            marked.setdefault(style.get(w("val")), []).append((text, highlight.get(w("val"))))
    assert any(WFP_ENGLISH in t and h == "yellow" for t, h in marked["UNUntranslated"])
    assert any("67%" in t and h == "cyan" for t, h in marked["UNStaleTranslation"])
    names = {s.name for s in zh.styles}
    assert {"UN Untranslated", "UN Stale Translation", "UN Draft Mark"} <= names
    section = zh.sections[0]
    for header in (section.header, section.even_page_header, section.first_page_header):
        assert header.paragraphs[0].text == "草稿 DRAFT"
    # The notes part marks the untranslated note too.
    notes = zh.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    ).element
    styles = {s.get(w("val")) for s in notes.iter(w("rStyle"))}
    assert "UNUntranslated" in styles
    # The English is no draft: no marks, no DRAFT.
    en = _docx(document, "en")
    assert "UNUntranslated" not in etree.tostring(en.element).decode()
    assert en.sections[0].header.paragraphs[0].text == "A/80/62"


def test_html_and_json_mark_the_draft(document: Document) -> None:
    page = FORMATS["html"].render(document, ("zh",)).data.decode()
    spans = re.findall(r'<span class="draft draft-untranslated" lang="en">(.*?)</span>', page)
    assert any(WFP_ENGLISH in s for s in spans)
    assert re.search(r'<span class="draft draft-stale">国际电联估计，2023年，全球有67%', page)
    assert page.count('<div class="draft-mark">草稿 DRAFT</div>') == 2
    assert '<p class="draft-banner">草稿 DRAFT</p>' in page
    english = FORMATS["html"].render(document, ("en",)).data.decode()
    assert "draft-" not in english.split("</style>")[1]
    model = json.loads(FORMATS["json"].render(document, ("zh",)).data)
    assert model["furniture"]["draft"] == "草稿 DRAFT"
    flagged = [
        c for b in model["body"] if b["type"] == "paragraph" for c in b["content"] if isinstance(c, dict)
    ]
    assert {c.get("draft") for c in flagged} >= {"untranslated", "stale"}
    review = FORMATS["review"].render(document, ("en", "zh")).data.decode()
    assert 'class="draft draft-untranslated"' in review


def test_pdf_says_draft_in_the_running_head(document: Document) -> None:
    data = FORMATS["pdf"].render(document, ("zh",)).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        tops = [(page.crop((0, 0, page.width, 90)).extract_text() or "") for page in pdf.pages]
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "草稿 DRAFT" not in tops[0]  # page 1 has no running head
    assert all("草稿 DRAFT" in top for top in tops[1:])
    assert "The World Food Programme leads" in text


def test_a_paragraph_keeps_its_number_when_a_fragment_is_untranslated(document: Document) -> None:
    numbers = [p.number for p in document.paragraphs]
    assert numbers == list(range(1, 88))
    assert all(isinstance(p, Paragraph) for p in document.paragraphs)
