"""Page furniture is settled once: every format prints the same author and masthead lines."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from wsisreport.document import Document
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render import docx as docx_format
from wsisreport.render import html as html_format
from wsisreport.render import pdf as pdf_format

from .conftest import BASE

AUTHORS = {"en": "United Nations", "zh": "联合国"}


def assemble(root: Path) -> Document:
    checked = check(root, base=root.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.items]
    return checked.documents[2024]


@pytest.fixture(scope="module", params=["en", "zh"], ids=["original-en", "original-zh"])
def document(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The fixture report, originally in English or in Chinese."""
    root = tmp_path_factory.mktemp("furniture") / "submissions"
    shutil.copytree(BASE / "submissions", root)
    if request.param != "en":
        report = root / "2024" / "report.yaml"
        report.write_text(
            report.read_text("utf-8") + f"original_language: {request.param}\n", encoding="utf-8"
        )
    return assemble(root)


def docx_distribution(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [
        p.text
        for table in document.tables
        for cell in table._cells
        for p in cell.paragraphs
        if p.style.name == "UN Masthead Distribution"
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_author_is_the_same_in_every_format(document: Document, lang: str) -> None:
    author = document.furniture[lang].author
    assert author == AUTHORS[lang]
    word = docx.Document(io.BytesIO(docx_format.render(document, lang).data))
    assert word.core_properties.author == author
    page = lxml_html.fromstring(html_format.render(document, lang).data)
    assert page.xpath("//meta[@name='author']/@content") == [author]
    assert [e.text for e in page.xpath("//td[@class='united-nations']")] == [author]
    metadata = PdfReader(io.BytesIO(pdf_format.render(document, lang).data)).metadata
    assert metadata is not None and metadata.author == author


@pytest.mark.parametrize("lang", LANGUAGES)
def test_docx_and_html_print_the_models_distribution_lines(document: Document, lang: str) -> None:
    date = {"en": "15 January 2099", "zh": "2099年1月15日"}[lang]
    original = {"en": "Original: English", "zh": "Original: Chinese"}[document.original_language]
    # A translation names its own language above "Original: …"; the original does not.
    language = [] if lang == document.original_language else [{"en": "English", "zh": "Chinese"}[lang]]
    lines = ["Distr.: General", date, *language, original]
    assert list(document.furniture[lang].distribution) == lines
    assert docx_distribution(docx_format.render(document, lang).data) == lines
    page = lxml_html.fromstring(html_format.render(document, lang).data)
    assert [d.text for d in page.xpath("//td[@class='distribution']/div")] == lines
