"""The HTML page: golden snapshots of the fixture report, its structure, and hostile text.

After reviewing a change in the output, accept it with `make accept` (tests/golden.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import html as lxml_html

from wsisreport import fonts
from wsisreport.document import Document, Emphasis, Heading, Inline, plain
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.html import render, render_html

from .conftest import BASE, HERE, SUBMISSIONS
from .golden import Golden

GOLDEN = HERE / "golden" / "html"


def assemble(root: Path) -> Document:
    checked = check(root, years={2024}, base=root.parent)
    assert checked.ok, checked.diagnostics.sorted()
    return checked.documents[2024]


class Outline(HTMLParser):
    """The elements of a page: tag, attributes and direct text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text: dict[int, str] = {}
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in ("meta", "br"):
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "style":
            self.style += data
        for element in self.stack:
            key = id(element)
            self.text[key] = self.text.get(key, "") + data

    def find(self, cls: str) -> list[tuple[str, dict[str, str]]]:
        return [e for e in self.elements if cls in e[1].get("class", "").split()]

    def text_of(self, element: tuple[str, dict[str, str]]) -> str:
        return self.text.get(id(element), "")


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixture_snapshot(lang: str, golden: Golden) -> None:
    got = render(assemble(BASE / "submissions"), lang).data.decode("utf-8")
    golden(GOLDEN / f"fixture.{lang}.html", got)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_structure_follows_the_model(lang: str) -> None:
    document = assemble(SUBMISSIONS)
    page = outline(render_html(document, lang))
    html_element = page.elements[0]
    assert html_element == ("html", {"lang": {"en": "en", "zh": "zh-CN"}[lang]})
    # Paragraphs: one per model paragraph, numbered by the model.
    paragraphs = page.find("para")
    assert [e[1]["id"] for e in paragraphs] == [f"para-{p.number}" for p in document.paragraphs]
    assert [page.text_of(e) for e in page.find("num")] == [f"{p.number}." for p in document.paragraphs]
    # Notes: each in the paragraph of its call, in reading order, number and text from the model.
    notes = page.find("fn")
    assert [e[1]["data-call"] for e in notes] == [str(n.number) for n in document.notes]
    for element, note in zip(notes, document.notes, strict=True):
        assert page.text_of(element) == f"{note.number}{note.text[lang]}"
    assert [page.text_of(e) for e in page.find("call")] == [str(n.number) for n in document.notes]
    # Headings: level from the outline depth, class from the numbering, label from the model.
    headings = [e for e in page.elements if "h" in e[1].get("class", "").split()]
    model = [b for b in document.blocks if isinstance(b, Heading)]
    assert len(headings) == len(model) == 45
    for element, heading in zip(headings, model, strict=True):
        tag, attrs = element
        assert tag == f"h{heading.level}"
        assert attrs["id"] == f"section-{heading.section}"
        assert page.text_of(element) == f"{heading.label[lang]} {heading.text[lang]}".lstrip()
    classes = {h.section: a["class"].split()[1] for (_t, a), h in zip(headings, model, strict=True)}
    assert classes["introduction"] == "h-chapter"  # the unnumbered top level is set as a chapter
    assert classes["key-trends"] == "h-chapter"
    assert classes["africa"] == "h-letter"
    assert classes["action-lines"] == "h-number"
    assert classes["c7-applications"] == "h-paren"
    assert classes["e-government"] == "h-sub"
    # The summary is not numbered.
    summary = [page.text_of(e) for e in page.elements if e[0] == "p" and not e[1]]
    assert summary == [plain(p) for p in document.summary[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stylesheet_is_inlined_unescaped(lang: str) -> None:
    page = outline(render_html(assemble(BASE / "submissions"), lang))
    assert "&#34;" not in page.style and "&quot;" not in page.style
    assert f"html:lang(en) {{ font-family: {fonts.css_family('en')}; }}" in page.style
    assert f"html:lang(zh) {{ font-family: {fonts.css_family('zh')}; }}" in page.style
    assert '"Noto Serif CJK SC", "Times New Roman", "Liberation Serif"' in page.style
    assert "float: footnote" in page.style and "footnote-policy: line" in page.style
    assert "counter(footnote)" not in page.style  # note numbers come from the model


def test_html_output_has_no_pdf_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    page = render(assemble(BASE / "submissions"), "en").data.decode()
    assert "dcterms" not in page


HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>alert(1)</script>'
# As written in a submission: '\*' is a literal asterisk.
WRITTEN = HOSTILE.replace("*", "\\*")
ESCAPED = "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;"


def test_hostile_text_is_escaped(base_tree: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    text = beta.read_text("utf-8")
    text = text.replace("en: The Beta Society took part.", f"en: 'The Beta Society took part. {WRITTEN}'")
    text = text.replace("zh: 贝塔学会参加了会议。", f"zh: '贝塔学会参加了会议。{WRITTEN}'")
    text = text.replace('training: "https://example.org/training."', f"training: '{WRITTEN}'")
    beta.write_text(text, "utf-8")
    document = assemble(base_tree)
    for lang in LANGUAGES:
        page = render_html(document, lang)
        assert page.count(ESCAPED) == 2  # in the paragraph and in the note
        assert "<img" not in page and "<script" not in page and "49" not in page
        parsed = outline(page)
        assert not [e for e in parsed.elements if e[0] in ("img", "script", "link", "iframe", "object")]
        note = parsed.find("fn")[2]
        assert parsed.text_of(note) == f"3{HOSTILE}"
        assert re.search(r"<p class=\"para\" id=\"para-4\">.*" + re.escape(ESCAPED), page)


def emphasis_of(inline: Inline) -> str:
    return "".join(part.value for part in inline if isinstance(part, Emphasis))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_emphasis_is_em_of_the_emph_class(document_2024: Document, lang: str) -> None:
    tree = lxml_html.fromstring(render_html(document_2024, lang))
    ems = tree.xpath("//em")
    assert {tuple(e.attrib.items()) for e in ems} <= {(("class", "emph"),)}
    assert not tree.xpath("//i")
    for para in document_2024.paragraphs:
        element = tree.get_element_by_id(f"para-{para.number}")
        # A run glued to a note call may be split in two <em>: compare the text they hold.
        own = element.xpath(".//em[not(ancestor::span[contains(@class, 'fn')])]")
        assert "".join(e.text_content() for e in own) == emphasis_of(para.content[lang]), para.number
    for note in document_2024.notes:
        held = tree.get_element_by_id(f"note-{note.number}").xpath(".//em")
        assert "".join(e.text_content() for e in held) == emphasis_of(note.content[lang]), note.number
    if lang == "en":
        texts = {e.text_content() for e in ems}
        assert {"Digital Economy Report 2024", "Governing AI for Humanity: Final Report"} <= texts


def test_hostile_text_inside_emphasis_stays_text(base_tree: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    text = beta.read_text("utf-8")
    text = text.replace("en: The Beta Society took part.", f"en: 'The Beta Society read *{WRITTEN} &amp;*.'")
    beta.write_text(text, "utf-8")
    page = render_html(assemble(base_tree), "en")
    assert f'<em class="emph">{ESCAPED} &amp;amp;</em>' in page
    assert "<img" not in page and "<script" not in page and "49" not in page
    (em,) = lxml_html.fromstring(page).xpath("//em")
    assert em.text_content() == f"{HOSTILE} &amp;"
    assert len(em) == 0  # no element inside: the markup stayed text
