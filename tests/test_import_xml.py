"""Reading Word's XML as Word shows it: hand-written pieces for what pandoc and LibreOffice do not write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wsisreport.diagnostics import Diagnostic
from wsisreport.wordimport.importer import ImportResult, import_docx

from .wordfiles import CT_PREFIX, footnote_ref, heading, notes_part, para, patched, relationship, run

C4 = heading("Capacity-building (C4)")
ENTITY = "  example:\n    kind: other\n    name: {en: Example Organization, zh: 示例组织}\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def convert(
    tree: Path, tmp_path: Path, body: str, *, section: str | None = None, lang: str = "en", **patch: Any
) -> tuple[list[dict[str, Any]], ImportResult]:
    # Run from tmp_path (the in_tmp fixture) so that diagnostics name the files as given.
    registry = tree / "entities.yaml"
    if "  example:" not in registry.read_text(encoding="utf-8"):
        registry.write_text(
            registry.read_text(encoding="utf-8").replace("entities:\n", "entities:\n" + ENTITY, 1)
        )
    docx = patched(Path("contribution.docx"), body, **patch)
    out = Path("out.yaml")
    result = import_docx(
        docx, entity="example", year=2024, submissions=tree, output=out, lang=lang, section=section
    )
    data = yaml.safe_load(out.read_text(encoding="utf-8")) if result.path else {"contributions": []}
    return data["contributions"], result


def english(contributions: list[dict[str, Any]]) -> list[str]:
    return [c["text"]["en"] for c in contributions]


def lines(result: ImportResult, code: str | None = None) -> list[str]:
    items: list[Diagnostic] = result.diagnostics.sorted()
    return [d.format_text() for d in items if code is None or d.code == code]


def test_tracked_changes_read_as_if_accepted(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        C4
        + para(
            "Trained ",
            '<w:ins w:id="1" w:author="A"><w:r><w:t>1,200</w:t></w:r></w:ins>',
            '<w:del w:id="2" w:author="A"><w:r><w:delText>900</w:delText></w:r></w:del>',
            " officials.",
        )
        # A deleted paragraph mark: accepted, the two paragraphs are one.
        + para("First half", ppr='<w:rPr><w:del w:id="3" w:author="A"/></w:rPr>')
        + para(" and second half.")
        + para(
            '<w:moveFrom w:id="4" w:author="A"><w:r><w:t xml:space="preserve">moved away'
            " </w:t></w:r></w:moveFrom>",
            "Stays",
            '<w:moveTo w:id="5" w:author="A"><w:r><w:t xml:space="preserve"> moved'
            " here</w:t></w:r></w:moveTo>",
            ".",
        )
        + para(
            '<w:ins w:id="6" w:author="A"><w:r><w:t>A paragraph that was all inserted.</w:t></w:r></w:ins>'
        )
    )
    contributions, result = convert(tree_2024, tmp_path, body)
    assert english(contributions) == [
        "Trained 1,200 officials.",
        "First half and second half.",
        "Stays moved here.",
        "A paragraph that was all inserted.",
    ]
    assert lines(result, "word-tracked-changes") == [
        'contribution.docx:2:1: warning: paragraph 2 ("Trained 1,200 officials."): the file holds unaccepted'
        " tracked changes (6 marks, the first here): insertions are kept and deletions dropped, as if every"
        " change were accepted (accept or reject the changes in Word to be sure of the text)"
        " [word-tracked-changes]"
    ]


def test_comments_dropped_with_a_warning(tree_2024: Path, tmp_path: Path) -> None:
    comments = (
        '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:comment w:id="0" w:author="Jane Doe" w:initials="JD"><w:p><w:r><w:t>Check this figure'
        "</w:t></w:r></w:p></w:comment></w:comments>"
    )
    body = C4 + para(
        "The figure ",
        '<w:commentRangeStart w:id="0"/>',
        "rose",
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        " again.",
    )
    contributions, result = convert(tree_2024, tmp_path, body, parts={"word/comments.xml": comments})
    assert english(contributions) == ["The figure rose again."]
    assert lines(result, "word-comment") == [
        'contribution.docx:2:1: warning: paragraph 2 ("The figure rose again."): a comment by Jane Doe'
        ' ("Check this figure") is dropped [word-comment]'
    ]
    assert "Check this figure" not in Path("out.yaml").read_text(encoding="utf-8")


def test_content_controls_smart_tags_and_custom_xml_keep_their_content(
    tree_2024: Path, tmp_path: Path
) -> None:
    body = (
        C4
        + '<w:sdt><w:sdtPr><w:alias w:val="Summary"/></w:sdtPr><w:sdtContent>'
        + para("Text in a block content control.")
        + "</w:sdtContent></w:sdt>"
        + para(
            "The offices in ",
            "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Geneva</w:t></w:r></w:sdtContent></w:sdt>",
            ", ",
            '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City">'
            "<w:r><w:t>New York</w:t></w:r></w:smartTag>",
            " and ",
            '<w:customXml w:element="place"><w:r><w:t>Nairobi</w:t></w:r></w:customXml>',
            ".",
        )
        # A control still showing its placeholder holds no content.
        + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + para("Click or tap here to enter text.")
        + "</w:sdtContent></w:sdt>"
    )
    contributions, result = convert(tree_2024, tmp_path, body)
    assert english(contributions) == [
        "Text in a block content control.",
        "The offices in Geneva, New York and Nairobi.",
    ]
    assert not result.diagnostics.errors


def test_footnotes_and_endnotes(tree_2024: Path, tmp_path: Path) -> None:
    body = C4 + para(
        "Footnoted,", footnote_ref(5), " endnoted", footnote_ref(2, "endnote"), " and again.", footnote_ref(3)
    )
    contributions, _ = convert(
        tree_2024,
        tmp_path,
        body,
        parts={
            "word/footnotes.xml": notes_part({3: run("Second footnote."), 5: run("First footnote.")}),
            "word/endnotes.xml": notes_part(
                {2: run("An endnote, with ") + run("emphasis", "<w:i/>") + run(".")}, "endnote"
            ),
        },
        rels=[relationship("rIdEnd", "endnotes", "endnotes.xml")],
        content_types={"word/endnotes.xml": f"{CT_PREFIX}.endnotes+xml"},
    )
    # Keys number the notes as Word shows them: by order of call, whatever their ids.
    assert english(contributions) == ["Footnoted,[^note-1] endnoted[^endnote-1] and again.[^note-2]"]
    assert contributions[0]["footnotes"] == {
        "note-1": {"en": "First footnote.", "zh": ""},
        "endnote-1": {"en": "An endnote, with *emphasis*.", "zh": ""},
        "note-2": {"en": "Second footnote.", "zh": ""},
    }


def test_fields_show_their_result_and_links_keep_their_url(tree_2024: Path, tmp_path: Path) -> None:
    complex_link = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/page" \\o "tip"'
        " </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("the page", "<w:i/>")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    date = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "d MMMM yyyy"'
        " </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("1 May 2024")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    noteref = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NOTEREF _Ref1 \\h'
        " </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("3")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = (
        C4
        + para("See ", complex_link, ", dated ", date, ".")
        + para(
            "Table ",
            '<w:fldSimple w:instr=" SEQ Table \\* ARABIC "><w:r><w:t>4</w:t></w:r></w:fldSimple>',
            " lists them.",
        )
        + para("As in note ", noteref, ".")
        + para(
            "Write to ",
            '<w:hyperlink r:id="rIdMail"><w:r><w:t>the secretariat</w:t></w:r></w:hyperlink>',
            ".",
        )
        + para(
            "Visit ", '<w:hyperlink r:id="rIdWww"><w:r><w:t>www.example.org</w:t></w:r></w:hyperlink>', "."
        )
        + para("Noted.", footnote_ref(7))
    )
    note = (
        run("Available in ")
        + '<w:hyperlink r:id="rId21"><w:r><w:t>the handbook</w:t></w:r></w:hyperlink>'
        + run(".")
    )
    contributions, result = convert(
        tree_2024,
        tmp_path,
        body,
        parts={"word/footnotes.xml": notes_part({7: note})},
        rels=[
            relationship("rIdMail", "hyperlink", "mailto:wsis@example.org", external=True),
            relationship("rIdWww", "hyperlink", "https://www.example.org/", external=True),
        ],
    )
    assert english(contributions) == [
        "See *the page*, available at https://example.org/page, dated 1 May 2024.",
        "Table 4 lists them.",
        "As in note 3.",
        "Write to the secretariat (wsis@example.org).",
        "Visit https://www.example.org/.",
        "Noted.[^note-1]",
    ]
    # The note's link resolves through the notes part's own relationships.
    assert contributions[-1]["footnotes"]["note-1"]["en"] == (
        "Available in the handbook, available at https://example.org/handbook."
    )
    assert lines(result, "word-field") == [
        'contribution.docx:4:1: warning: paragraph 4 ("As in note 3."): a cross-reference to a note (NOTEREF'
        ' field) is imported as the text Word showed: "3" (numbers change in the report: reword it)'
        " [word-field]"
    ]


STYLES = (
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HChG"><w:name w:val="_ H _Ch_G"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="H1G"><w:name w:val="_ H_1_G"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Überschrift 2"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="MyHeading"><w:name w:val="My Heading"/>'
    '<w:basedOn w:val="Heading2"/></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Outlined"><w:name w:val="Outlined"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="character" w:customStyle="1" w:styleId="TitleOfWork"><w:name w:val="Title of work"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:i/></w:rPr></w:style>'
)


def test_headings_by_style_name_chain_and_outline_level(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        para("I.\tKey trends", style="HChG")
        + para("Trends.")
        + para("C.\tArtificial intelligence", style="H1G")
        + para("AI.")
        + para("Europe", style="berschrift2")
        + para("Europe.")
        + para("Africa", style="MyHeading")
        + para("Africa.")
        + para("Western Asia", style="Outlined")
        + para("Western Asia.")
        + para("(h)\tE-science", ppr='<w:outlineLvl w:val="4"/>')
        + para("Science.")
        # A heading style with a direct outline level of 9 is body text.
        + para("Body text in a heading style.", style="Heading3", ppr='<w:outlineLvl w:val="9"/>')
    )
    contributions, result = convert(tree_2024, tmp_path, body, styles=STYLES)
    assert [(c["section"], c["text"]["en"]) for c in contributions] == [
        ("key-trends", "Trends."),
        ("artificial-intelligence", "AI."),
        ("europe", "Europe."),
        ("africa", "Africa."),
        ("western-asia", "Western Asia."),
        ("e-science", "Science."),
        ("e-science", "Body text in a heading style."),
    ]
    assert [c["order"] for c in contributions][-2:] == [10, 20]
    assert not result.diagnostics.errors and not lines(result, "heading-match")


def test_runs_white_space_and_emphasis(tree_2024: Path, tmp_path: Path) -> None:
    body = C4 + para(
        run("Resol"),
        run("u", "<w:b/>"),
        run("tion 78/"),
        run("213", '<w:u w:val="single"/>'),
        run(" adopted\tthe   "),
        run("Dig", "<w:i/>"),
        run("ital Compact", "<w:i/><w:b/>"),
        run(" and the "),
        run("Annual Review", '<w:rStyle w:val="TitleOfWork"/>'),
        run(" (not ", "<w:i/>"),
        run("italic", '<w:rStyle w:val="TitleOfWork"/><w:i w:val="0"/>'),
        run(")", "<w:i/>"),
        run(" 5 * 3 [^x] C:\\ "),
        '<w:r><w:t xml:space="preserve">e</w:t><w:softHyphen/><w:t>con</w:t><w:noBreakHyphen/><w:t>omy'
        "\u200b</w:t><w:tab/><w:t>8\u00a0500</w:t><w:br/><w:t>words.</w:t></w:r>",
    )
    contributions, result = convert(tree_2024, tmp_path, body, styles=STYLES)
    assert english(contributions) == [
        "Resolution 78/213 adopted the *Digital Compact* and the *Annual Review* *(not* italic*)*"
        " 5 \\* 3 \\[^x] C:\\ econ-omy 8\u00a0500 words."
    ]
    assert lines(result, "word-invisible") == [
        'contribution.docx:2:1: warning: paragraph 2 ("Resolution 78/213 adopted the Digital…"): zero-width'
        " characters are removed [word-invisible]"
    ]


def test_objects_and_tables_are_named_at_their_place(tree_2024: Path, tmp_path: Path) -> None:
    image = (
        '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
        'drawingml/2006/picture"><pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )
    chart = (
        '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
        'drawingml/2006/chart"><c:chart'
        ' r:id="rIdC"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )
    text_box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData'
        ' uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        "<w:txbxContent>" + para("Key facts: 40 courses") + "</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        "<v:textbox><w:txbxContent>" + para("Key facts: 40 courses") + "</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    table = (
        "<w:tbl><w:tr><w:tc>" + para("Region") + "</w:tc><w:tc>" + para("Courses") + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + para("Africa") + "</w:tc><w:tc>" + para("12") + "</w:tc></w:tr></w:tbl>"
    )
    body = (
        C4
        + para("A picture follows.", image)
        + para("A chart ", chart, "and a box.", text_box)
        + table
        + para(
            "An equation: ",
            "<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath>",
            "and an object.",
            "<w:r><w:object/></w:r>",
        )
    )
    contributions, result = convert(tree_2024, tmp_path, body)
    assert english(contributions) == [
        "A picture follows.",
        "A chart and a box.",
        "An equation: and an object.",
    ]
    found = [line for line in lines(result) if "[untranslated]" not in line]
    assert found == [
        'contribution.docx:2:1: warning: paragraph 2 ("A picture follows."): an image is not imported (the'
        " report has no figures; describe it in the text if it matters) [word-object]",
        'contribution.docx:3:1: warning: paragraph 3 ("A chart and a box."): a chart is not imported'
        " (the report"
        " has no figures; give its figures in the text if they matter) [word-object]",
        'contribution.docx:3:1: warning: paragraph 3 ("A chart and a box."): a text box ("Key facts: 40'
        ' courses") is not imported (copy its text into a paragraph if it belongs in the report)'
        " [word-object]",
        'contribution.docx:3:1: warning: after paragraph 3 ("A chart and a box."): a table (2 rows,'
        " 2 columns;"
        ' first cell "Region") is not imported (write its content as paragraphs if it belongs in the report)'
        " [word-table]",
        'contribution.docx:4:1: warning: paragraph 4 ("An equation: and an object."): an equation is not'
        " imported [word-equation]",
        'contribution.docx:4:1: warning: paragraph 4 ("An equation: and an object."): an embedded'
        " object is not"
        " imported [word-object]",
    ]


def test_hidden_text_custom_marks_and_titles(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        para("Contribution of the Example Organization", style="Title")
        + C4
        + para("Shown", run(" hidden", "<w:vanish/>"), ".")
        + para(
            "Marked",
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            '<w:footnoteReference w:customMarkFollows="1" w:id="4"/><w:t>*</w:t></w:r>',
            " note.",
        )
    )
    contributions, result = convert(
        tree_2024, tmp_path, body, parts={"word/footnotes.xml": notes_part({4: run("Starred.")})}
    )
    # The title is no text before a heading: it is named and left out.
    assert english(contributions) == ["Shown.", "Marked[^mark-1] note."]
    assert contributions[1]["footnotes"] == {"mark-1": {"en": "Starred.", "zh": ""}}
    assert [d.code for d in result.diagnostics.sorted() if d.code != "untranslated"] == [
        "word-title",
        "word-hidden",
        "word-custom-mark",
    ]


def test_headings_matched_by_code_text_and_closeness(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        heading("Action line C 3")
        + para("Access.")
        + heading("行动方针C7")
        + para("Applications.")
        + heading("C7: E-Agriculture", 2)
        + para("Farming.")
        + heading("C5 Cybersecurity work")
        + para("Security.")
        + heading("Measuring Information and Communication Technology for Development")
        + para("Measuring.")
        + heading("信息社会的道德层面 (C10)")
        + para("Ethics.")
    )
    contributions, result = convert(tree_2024, tmp_path, body)
    assert [c["section"] for c in contributions] == [
        "c3-access",
        "c7-applications",
        "e-agriculture",
        "c5-confidence-security",
        "measuring-ict",
        "c10-ethics",
    ]
    assert lines(result, "heading-match") == [
        'contribution.docx:7:1: warning: paragraph 7 ("C5 Cybersecurity work"): heading "C5 Cybersecurity'
        " work\" is taken by its action line code for section 'c5-confidence-security' (\"Building confidence"
        ' and security in the use of information and communications technologies (C5)") (check the section,'
        " or reword the heading as the outline has it) [heading-match]",
        'contribution.docx:9:1: warning: paragraph 9 ("Measuring Information and Communication…"):'
        ' heading "Measuring'
        ' Information and Communication Technology for Development" is taken as the closest heading for'
        " section 'measuring-ict' (\"Measuring information and communications technology for development\")"
        " (check the section, or reword the heading as the outline has it) [heading-match]",
    ]


def test_unmatched_heading_and_text_before_headings_are_errors(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        para("Some words before any heading.")
        + heading("E-learning platforms")
        + para("Lost without a section.")
        + heading("Internet governance", 2)
        + para("Governance.", footnote_ref(1))
    )
    footnotes = {"word/footnotes.xml": notes_part({1: run("A note.")})}
    contributions, result = convert(tree_2024, tmp_path, body, parts=footnotes)
    assert result.path is None and not Path("out.yaml").exists()
    assert lines(result) == [
        'contribution.docx:1:1: error: paragraph 1 ("Some words before any heading."): 1 paragraph before'
        " the first heading belong to no section (give their section with --section ID, or put a heading"
        " above them) [text-before-heading]",
        'contribution.docx:2:1: error: paragraph 2 ("E-learning platforms"): heading "E-learning platforms"'
        " matches no section of the 2024 outline (did you mean 'e-learning', 'financing' or 'e-government'?)"
        " [unknown-heading]",
    ]
    fixed = heading("E-learning") + para("Found.") + heading("Internet governance", 2) + para("Governance.")
    contributions, result = convert(tree_2024, tmp_path, para("Before.") + fixed, section="introduction")
    assert [(c["section"], c["text"]["en"]) for c in contributions] == [
        ("introduction", "Before."),
        ("e-learning", "Found."),
        ("internet-governance", "Governance."),
    ]


def test_note_in_a_heading_and_problems_validation_finds(tree_2024: Path, tmp_path: Path) -> None:
    body = (
        heading("E-health")
        + para("Heading notes.")
        + heading("E-employment", 2).replace("</w:p>", footnote_ref(1) + "</w:p>")
        + para("Bidi \u202e override and a computed @{value}.", footnote_ref(2))
    )
    footnotes = {
        "word/footnotes.xml": notes_part({1: run("Of the heading."), 2: run("See ftp://example.org/x.")})
    }
    contributions, result = convert(tree_2024, tmp_path, body, parts=footnotes)
    assert result.path is not None
    assert [c["section"] for c in contributions] == ["e-health", "e-employment"]
    # Validation's findings in the written file are named by the Word paragraph (and the file line).
    assert [line for line in lines(result) if "[untranslated]" not in line] == [
        'contribution.docx:3:1: warning: paragraph 3 ("E-employment"): a note called in a heading is not'
        " imported (headings carry no notes) (call it from the paragraph below) [word-heading-note]",
        'contribution.docx:4:1: error: paragraph 4 ("Bidi \\u202e override and a computed…"): bidirectional'
        " override character U+202E is not allowed in text (in out.yaml:20) (delete the invisible character)"
        " [forbidden-character]",
        'contribution.docx:4:1: warning: footnote 2 ("See ftp://example.org/x.") in paragraph 4 ("Bidi'
        " \\u202e override and a computed…\"): URL 'ftp://example.org/x' uses the scheme 'ftp'; only http and"
        " https links are allowed (in out.yaml:24) [malformed-url]",
        'contribution.docx:4:1: error: paragraph 4 ("Bidi \\u202e override and a computed…"): unknown'
        " placeholder '@{value}' (in out.yaml:20) (known: contributors.count) [unknown-placeholder]",
    ]


def test_tables_of_contents_are_left_out(tree_2024: Path, tmp_path: Path) -> None:
    toc_field = (
        para(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            "Capacity-building (C4)\t2",
        )
        + para("E-health\t3")
        + para("Internet governance\t4", '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    )
    toc_control = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
        "</w:sdtPr><w:sdtContent>" + para("Contents") + para("E-health\t3") + "</w:sdtContent></w:sdt>"
    )
    body = toc_field + toc_control + C4 + para("Text.") + heading("I.")
    contributions, result = convert(tree_2024, tmp_path, body)
    assert result.path is None  # the heading "I." matches nothing: it is matched as written
    assert lines(result, "word-toc") == [
        "contribution.docx:1:1: warning: paragraph 1: a table of contents (5 paragraphs) is not imported"
        " [word-toc]"
    ]
    assert any('heading "I." matches no section' in line for line in lines(result, "unknown-heading"))
    contributions, result = convert(tree_2024, tmp_path, toc_field + toc_control + C4 + para("Text."))
    assert english(contributions) == ["Text."]
