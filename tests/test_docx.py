"""The DOCX renderer, read back: paragraphs, real footnotes, styles, heads and feet, fonts, settings."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from wsisreport.document import Document, Emphasis, Inline, plain
from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.docx import render

from .clients import LIBREOFFICE, libreoffice_convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def model(document_2024: Document) -> Document:
    return document_2024


@pytest.fixture(scope="module")
def files(model: Document) -> dict[str, bytes]:
    return {lang: render(model, lang).data for lang in LANGUAGES}


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def footnotes_root(document: docx.document.Document) -> etree._Element:
    return document.part.part_related_by(RT.FOOTNOTES).element


def displayed_numbers(document: docx.document.Document) -> dict[int, int]:
    """Footnote id → the number Word displays: its place among references without a custom mark."""
    refs = [
        r for r in document.element.body.iter(f"{W}footnoteReference") if not r.get(f"{W}customMarkFollows")
    ]
    return {int(r.get(f"{W}id")): n for n, r in enumerate(refs, 1)}


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbered_paragraphs_and_their_note_calls_equal_the_model(
    model: Document, files: dict[str, bytes], lang: str
) -> None:
    document = open_docx(files[lang])
    shown = displayed_numbers(document)
    numbered = [p for p in document.paragraphs if p.style.name == "UN Paragraph"]
    assert len(numbered) == len(model.paragraphs) == 87
    for para, ours in zip(numbered, model.paragraphs, strict=True):
        assert para.text.startswith(f"{ours.number}.\t")
        assert para.text[len(f"{ours.number}.\t") :] == ours.plain(lang)
        refs = [shown[int(r.get(f"{W}id"))] for r in para._p.iter(f"{W}footnoteReference")]
        assert refs == ours.notes(lang), f"paragraph {ours.number}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_real_footnotes_with_separators_and_model_texts(
    model: Document, files: dict[str, bytes], lang: str
) -> None:
    document = open_docx(files[lang])
    root = footnotes_root(document)
    notes = root.findall(f"{W}footnote")
    kinds = [(n.get(f"{W}type"), n.get(f"{W}id")) for n in notes[:2]]
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0")]
    # Notes appear in the part in the order of their references (LibreOffice pairs them by order).
    ids = [int(n.get(f"{W}id")) for n in notes[2:]]
    body_ids = [int(r.get(f"{W}id")) for r in document.element.body.iter(f"{W}footnoteReference")]
    assert ids == body_ids == sorted(body_ids)
    shown = displayed_numbers(document)
    assert sorted(shown.values()) == [n.number for n in model.notes]
    by_id = {int(n.get(f"{W}id")): n for n in notes[2:]}
    for note_id, number in shown.items():
        element, note = by_id[note_id], model.notes[number - 1]
        assert text_of(element) == note.text[lang]
        assert element.find(f".//{W}tab") is not None
        assert element.find(f".//{W}footnoteRef") is not None
        assert element.find(f".//{W}pStyle").get(f"{W}val") == "FootnoteText"
        assert element.find(f".//{W}rStyle").get(f"{W}val") == "FootnoteReference"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_masthead_item_notes_use_custom_marks(files: dict[str, bytes], lang: str) -> None:
    document = open_docx(files[lang])
    custom = [
        r for r in document.element.body.iter(f"{W}footnoteReference") if r.get(f"{W}customMarkFollows")
    ]
    assert len(custom) == 2
    root = footnotes_root(document)
    texts = {n.get(f"{W}id"): text_of(n) for n in root.findall(f"{W}footnote")}
    assert texts[custom[0].get(f"{W}id")].startswith("*A/80/50")
    assert texts[custom[1].get(f"{W}id")].startswith("**E/2025/1")


def test_headings_use_named_styles(model: Document, files: dict[str, bytes]) -> None:
    document = open_docx(files["en"])
    names = {"Heading 1", "Heading 2", "Heading 3", "Heading 4", "UN Heading Unnumbered"}
    headings = [p for p in document.paragraphs if p.style.name in names]
    assert [p.text.replace("\t", " ") for p in headings] == [
        f"{h.label['en']} {h.text['en']}".strip() for h in model.headings
    ]
    styles = [p.style.name for p in headings]
    assert styles[:3] == ["Heading 1", "Heading 1", "Heading 2"]  # Introduction, I., A.
    assert styles.count("UN Heading Unnumbered") == 8  # the C7 e-… subheadings
    zh = open_docx(files["zh"])
    assert [p.text.split("\t")[0] for p in zh.paragraphs if p.style.name == "Heading 1"][1:] == [
        "一.",
        "二.",
        "三.",
        "四.",
    ]


def test_every_kind_of_text_has_a_named_style(files: dict[str, bytes]) -> None:
    document = open_docx(files["en"])
    used = {p.style.name for p in document.paragraphs}
    for table in document.tables:
        for cell in table._cells:
            used |= {p.style.name for p in cell.paragraphs}
    assert {
        "UN Masthead United Nations",
        "UN Masthead Symbol",
        "UN Masthead Organ",
        "UN Masthead Distribution",
        "UN Session",
        "UN Agenda Item",
        "UN Agenda Item Title",
        "UN Title",
        "UN Report Of",
        "UN Summary Heading",
        "UN Summary Text",
        "UN Paragraph",
    } <= used
    defined = {s.name for s in document.styles}
    assert {"footnote text", "footnote reference", "Header", "Footer", "UN Page Number"} <= defined


@pytest.mark.parametrize("lang", LANGUAGES)
def test_east_asian_font_and_language_are_set_in_the_styles(files: dict[str, bytes], lang: str) -> None:
    document = open_docx(files[lang])
    styles = document.styles.element
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Times New Roman"
    assert fonts.get(f"{W}eastAsia") == "SimSun"
    assert rpr.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    xml = etree.tostring(styles).decode()
    assert "Mincho" not in xml and "MS Gothic" not in xml and "ja-JP" not in xml
    with zipfile.ZipFile(io.BytesIO(files[lang])) as package:
        assert "ja-JP" not in package.read("word/settings.xml").decode()
        assert "word/stylesWithEffects.xml" not in package.namelist()


def test_chinese_unnumbered_headings_are_not_italic(files: dict[str, bytes]) -> None:
    style = open_docx(files["zh"]).styles["UN Heading Unnumbered"]
    assert style.font.italic is None
    assert style.element.rPr.rFonts.get(f"{W}eastAsia") == "KaiTi"
    assert open_docx(files["en"]).styles["UN Heading Unnumbered"].font.italic is True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heads_feet_and_settings(model: Document, files: dict[str, bytes], lang: str) -> None:
    document = open_docx(files[lang])
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    assert section.different_first_page_header_footer is True
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297

    def lines(story: object) -> list[str]:
        return [p.text for p in story.paragraphs]  # type: ignore[attr-defined]

    def aligns(story: object) -> set[object]:
        return {p.alignment for p in story.paragraphs}  # type: ignore[attr-defined]

    assert lines(section.header) == lines(section.even_page_header) == ["A/80/62", "E/2025/12"]
    assert aligns(section.header) == {WD_ALIGN_PARAGRAPH.RIGHT}
    assert aligns(section.even_page_header) == {WD_ALIGN_PARAGRAPH.LEFT}
    assert lines(section.first_page_header) == [""]
    # Feet: the PAGE field and the job number, swapping sides (odd: "GE.25-00925 11").
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "GE.25-00925 1" and even.text == "1 GE.25-00925"
    for foot in (odd, even):
        codes = [t.text.strip() for t in foot._p.iter(f"{W}instrText")]
        assert codes == ["PAGE"]
    letter = "(E)" if lang == "en" else "(C)"
    recycle = {"en": "Please recycle", "zh": "请回收"}[lang]
    assert lines(section.first_page_footer) == [f"GE.25-00925 {letter}\t220125", "*2500925*", recycle]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_masthead_and_summary(model: Document, files: dict[str, bytes], lang: str) -> None:
    document = open_docx(files[lang])
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    date = "22 January 2025" if lang == "en" else "2025年1月22日"
    expected = ["A/80/62\u2013E/2025/12", "Distr.: General", date, "Original: English"]
    expected.append("United Nations" if lang == "en" else "联合国")
    for text in expected:
        assert text in cells, text
    assert ("Chinese" in cells) == (lang == "zh")
    assert "General Assembly" in cells if lang == "en" else "大会" in cells
    summary = [p.text for p in document.paragraphs if p.style.name == "UN Summary Text"]
    assert summary == [plain(p) for p in model.summary[lang]]
    assert document.core_properties.title == model.title[lang]
    assert document.core_properties.language == {"en": "en-GB", "zh": "zh-CN"}[lang]


def test_rendering_is_deterministic(model: Document, files: dict[str, bytes]) -> None:
    assert render(model, "en").data == files["en"]
    with zipfile.ZipFile(io.BytesIO(files["en"])) as package:
        assert {i.date_time for i in package.infolist()} == {(2025, 1, 22, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"


def test_source_date_epoch_sets_the_dates(model: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = open_docx(render(model, "en").data)
    assert document.core_properties.created.isoformat().startswith("2023-11-14T22:13:20")


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed (make test installs it)")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_libreoffice_lays_out_every_paragraph_and_note(
    model: Document, files: dict[str, bytes], lang: str, tmp_path: Path
) -> None:
    """An independent client: LibreOffice converts our DOCX to PDF and its text holds everything."""
    source = tmp_path / f"report.{lang}.docx"
    source.write_bytes(files[lang])
    pdf_path = libreoffice_convert(source, "pdf", tmp_path)
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        pages = len(pdf.pages)
    flat = re.sub(r"\s+", "", text)
    for para in model.paragraphs:
        start = re.sub(r"\s+", "", para.plain(lang))[:20]
        assert start in flat, f"paragraph {para.number} missing from LibreOffice's layout"
    for note in model.notes:
        assert re.sub(r"\s+", "", note.text[lang])[:20] in flat, f"note {note.number} missing"
    assert pages > 5


HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>alert(1)</script> & ]]>'


def test_hostile_text_comes_out_literally(base_tree: Path) -> None:
    path = base_tree / "2024" / "beta.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["contributions"][0]["text"]["en"] = HOSTILE.replace("*", "\\*")  # a literal asterisk
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.items]
    document = open_docx(render(checked.documents[2024], "en").data)
    texts = [p.text for p in document.paragraphs]
    assert any(HOSTILE in t for t in texts), texts
    assert not any("49" in t for t in texts)


def _png() -> bytes:
    """A 2 × 2 blue PNG, written here so the test needs no binary fixture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x33\xcc" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_emblem_only_when_the_report_supplies_one(base_tree: Path) -> None:
    checked = check(base_tree, base=base_tree.parent)
    with zipfile.ZipFile(io.BytesIO(render(checked.documents[2024], "en").data)) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]
    (base_tree / "2024" / "emblem.png").write_bytes(_png())
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "emblem: emblem.png\n", encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.items]
    data = render(checked.documents[2024], "en").data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    assert open_docx(data).tables[0].cell(1, 0)._tc.xpath(".//a:blip")


def test_original_language_line_follows_the_report(base_tree: Path) -> None:
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "original_language: zh\n", encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    cells = {
        lang: [
            p.text
            for t in open_docx(render(checked.documents[2024], lang).data).tables
            for c in t._cells
            for p in c.paragraphs
        ]
        for lang in LANGUAGES
    }
    assert "Original: Chinese" in cells["en"] and "English" in cells["en"]
    assert "Original: Chinese" in cells["zh"] and "Chinese" not in cells["zh"]


# -- emphasis -------------------------------------------------------------------------------------


def emphasis_runs(element: etree._Element) -> list[str]:
    """The text of every run set in the emphasis character style, in document order."""
    found = []
    for r in element.iter(f"{W}r"):
        style = r.find(f"{W}rPr/{W}rStyle")
        if style is not None and style.get(f"{W}val") == "UNEmphasis":
            found.append(text_of(r))
    return found


def model_emphasis(inlines: list[Inline]) -> list[str]:
    return [part.value for inline in inlines for part in inline if isinstance(part, Emphasis)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_emphasis_runs_carry_the_emphasis_style(model: Document, files: dict[str, bytes], lang: str) -> None:
    document = open_docx(files[lang])
    body = emphasis_runs(document.element.body)
    assert body == model_emphasis([*model.summary[lang], *(p.content[lang] for p in model.paragraphs)])
    notes = emphasis_runs(footnotes_root(document))
    assert notes == model_emphasis([n.content[lang] for n in model.notes])
    # Emphasis is the style alone: no run anywhere sets italics directly.
    for root in (document.element.body, footnotes_root(document)):
        assert not root.findall(f".//{W}r/{W}rPr/{W}i")
    if lang == "en":
        # UN English italicizes the titles of publications, in paragraphs and in notes.
        assert "Digital Economy Report 2024" in body
        assert "E-Government Survey 2024" in body
        (note,) = [n for n in model.notes if model_emphasis([n.content["en"]])]
        assert notes == ["Governing AI for Humanity: Final Report"]
        note_id = note.number + len(model.masthead_notes)  # the masthead's notes come first
        element = footnotes_root(document).find(f"{W}footnote[@{W}id='{note_id}']")
        assert element is not None and text_of(element) == note.text["en"]
        assert emphasis_runs(element) == notes


def test_emphasis_style_is_italic_in_english_and_kaiti_in_chinese(files: dict[str, bytes]) -> None:
    en = open_docx(files["en"]).styles["UN Emphasis"]
    assert en.type == WD_STYLE_TYPE.CHARACTER
    assert en.font.italic is True
    assert en.element.rPr.find(f"{W}iCs") is not None
    zh = open_docx(files["zh"]).styles["UN Emphasis"]
    assert zh.type == WD_STYLE_TYPE.CHARACTER
    # No synthetic italics in Chinese: the Kai face (楷体) instead.
    assert zh.font.italic is None
    assert zh.element.rPr.find(f"{W}i") is None and zh.element.rPr.find(f"{W}iCs") is None
    assert zh.element.rPr.rFonts.get(f"{W}eastAsia") == "KaiTi"
    assert en.element.rPr.rFonts is None  # English keeps the paragraph's Times New Roman


def test_chinese_emphasis_is_a_kaiti_run(base_tree: Path) -> None:
    alpha = base_tree / "2024" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text("utf-8").replace("发表了一份报告。", "发表了*《数字经济报告》*。"), "utf-8"
    )
    checked = check(base_tree, base=base_tree.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.items]
    document = open_docx(render(checked.documents[2024], "zh").data)
    assert emphasis_runs(document.element.body) == ["《数字经济报告》"]
    (para,) = [p for p in document.paragraphs if "数字经济报告" in p.text]
    assert para.text.endswith("阿组织发表了《数字经济报告》。")
