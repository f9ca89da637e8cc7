"""`wsisreport import`: Word files written by pandoc and LibreOffice become submissions that build."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.pipeline import check

from .wordfiles import LIBREOFFICE, PANDOC, PANDOC_ZH, patched

runner = CliRunner()

ENTITY = """  example:
    kind: other
    name: {en: Example Organization, zh: 示例组织}
    short: {en: EO, zh: 示例组织}
"""


def import_cli(tree: Path, docx: Path, *args: str, entity: str = "example") -> Any:
    return runner.invoke(
        app, ["import", str(docx), "--entity", entity, "--year", "2024", "--submissions", str(tree), *args]
    )


def register(tree: Path) -> None:
    registry = tree / "entities.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("entities:\n", "entities:\n" + ENTITY, 1)
    )


def texts(data: dict[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    return [(c["section"], c["text"][lang]) for c in data["contributions"]]


def test_pandoc_file_becomes_a_submission(tree_2024: Path) -> None:
    result = import_cli(tree_2024, PANDOC)
    target = tree_2024 / "2024" / "example.yaml"
    # Written, with the one error an unregistered entity makes, located in the new file.
    assert result.exit_code == 1, result.output
    assert "unknown entity 'example' (add it to entities.yaml first) [unknown-entity]" in result.stderr
    assert f"wrote {target}: 6 paragraphs, 4 sections, 3 notes" in result.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schema/submission.schema.json\n"
        "# Imported from contribution-pandoc.docx by `wsisreport import`: 6 paragraphs in 4"
        " sections, 3 notes.\n"
    )
    data = yaml.safe_load(text)
    assert texts(data) == [
        (
            "c4-capacity-building",
            "The Example Organization trained 1,200 civil servants in 14 countries, as set out in"
            " *The Digital Skills Handbook*.[^note-1] Bold is not kept, its text is.",
        ),
        ("c4-capacity-building", "Its online academy now offers 40 courses in six languages.[^note-2]"),
        (
            "e-learning",
            "The Example Organization’s learning platform, available at https://learn.example.org/"
            " reached 30,000 learners, in a 5 \\* 3 grid of courses; a literal \\[^ stays as written.",
        ),
        ("financing", "A first item, numbered by Word’s list numbering."),
        ("financing", "A second item."),
        (
            "internet-governance",
            "The organization took part in the Internet Governance Forum, with a report on"
            " *Local Content in the Digital Age*.[^note-3]",
        ),
    ]
    contributions = data["contributions"]
    assert [c["order"] for c in contributions] == [10, 20, 10, 10, 20, 10]
    assert all(c["id"].startswith("example-") for c in contributions)
    assert len({c["id"] for c in contributions}) == 6
    assert all(c["text"]["zh"] == "" for c in contributions)
    assert contributions[0]["footnotes"] == {
        "note-1": {
            "en": "See *The Digital Skills Handbook* (Geneva, 2024), available at"
            " https://example.org/handbook.",
            "zh": "",
        }
    }
    # A note that is only a URL reads the same in both languages.
    assert contributions[1]["footnotes"] == {"note-2": "https://academy.example.org/courses."}
    # Each contribution names the Word paragraph it came from.
    assert '  # contribution-pandoc.docx, paragraph 2 ("12. The Example Organization trained…")\n' in text
    # The close match is a warning naming both headings.
    assert (
        'contribution-pandoc.docx:6:1: warning: paragraph 6 ("Financing mechanism"): heading'
        " \"Financing mechanism\" is taken as the closest heading for section 'financing'"
        ' ("Financing mechanisms")'
    ) in result.stderr
    register(tree_2024)
    checked = check(tree_2024, years={2024}, base=tree_2024.parent)
    mine = [d for d in checked.diagnostics.items if "example.yaml" in d.location.path]
    assert not checked.diagnostics.errors, [d.format_text() for d in checked.diagnostics.errors]
    assert {d.code for d in mine} == {"untranslated"}


def test_imported_file_builds_with_its_notes_numbered_and_its_title_italic(
    tree_2024: Path, tmp_path: Path
) -> None:
    """The issue's test: headings, notes, an italic title, a link and a tracked change, then a build."""
    with zipfile.ZipFile(PANDOC) as package:
        document = package.read("word/document.xml").decode()
    assert "reached 30,000" in document
    tracked = document.replace(
        "reached 30,000",
        'reached </w:t></w:r><w:del w:id="901"'
        ' w:author="Editor"><w:r><w:delText>20,000</w:delText></w:r></w:del>'
        '<w:ins w:id="902" w:author="Editor"><w:r><w:t>30,000</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve">',
        1,
    )
    docx = patched(tmp_path / "tracked.docx", "", document=tracked)
    register(tree_2024)
    result = import_cli(tree_2024, docx)
    assert result.exit_code == 0, result.output
    assert "unaccepted tracked changes (2 marks, the first here)" in result.stderr
    data = yaml.safe_load((tree_2024 / "2024" / "example.yaml").read_text(encoding="utf-8"))
    assert "reached 30,000 learners" in data["contributions"][2]["text"]["en"]
    assert "20,000" not in (tree_2024 / "2024" / "example.yaml").read_text(encoding="utf-8")
    assert runner.invoke(app, ["validate", str(tree_2024)]).exit_code == 0
    out = tmp_path / "build"
    built = runner.invoke(
        app,
        [
            "build",
            "--year",
            "2024",
            "--submissions",
            str(tree_2024),
            "--out",
            str(out),
            "--format",
            "docx",
            "--format",
            "json",
            "--lang",
            "en",
        ],
    )
    assert built.exit_code == 0, built.output
    model = yaml.safe_load((out / "2024" / "A-80-62-E-2025-12.en.json").read_text(encoding="utf-8"))
    assert "Example Organization" in str(model)
    import docx as python_docx

    document_out = python_docx.Document(str(out / "2024" / "A-80-62-E-2025-12.en.docx"))
    italic = [
        r.text
        for p in document_out.paragraphs
        for r in p.runs
        if r.style is not None and r.style.name == "UN Emphasis"
    ]
    assert "The Digital Skills Handbook" in italic
    with zipfile.ZipFile(out / "2024" / "A-80-62-E-2025-12.en.docx") as package:
        notes = package.read("word/footnotes.xml").decode()
    assert "https://academy.example.org/courses." in notes
    checked = check(tree_2024, years={2024}, base=tree_2024.parent)
    report = checked.documents[2024]
    ours = [p for p in report.paragraphs if any(s.entity == "example" for s in p.sources)]
    assert len(ours) == 6
    # Notes numbered in the report's order, not Word's: the report's own numbers, all distinct.
    numbers = [n for p in ours for n in p.notes("en")]
    assert len(numbers) == 3 and len(set(numbers)) == 3
    assert numbers == sorted(numbers)
    assert {report.notes[n - 1].plain("en") for n in numbers} == {
        "See The Digital Skills Handbook (Geneva, 2024), available at https://example.org/handbook.",
        "https://academy.example.org/courses.",
        "Local Content in the Digital Age (2024).",
    }


def test_libreoffice_file(tree_2024: Path) -> None:
    register(tree_2024)
    result = import_cli(tree_2024, LIBREOFFICE)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tree_2024 / "2024" / "example.yaml").read_text(encoding="utf-8"))
    assert texts(data) == [
        (
            "c2-infrastructure",
            "The Example Organization mapped 4,000 kilometres of fibre, as its report *Connecting the"
            " Unconnected* shows.[^note-1]",
        ),
        (
            "e-health",
            "The Example Organization's telemedicine network, available at https://health.example.org/"
            " served 120 clinics.[^note-2] A summary is given at the end.[^endnote-1]",
        ),
    ]
    notes = data["contributions"][1]["footnotes"]
    assert notes == {
        "note-2": {"en": "Annual report, 2024, p. 12.", "zh": ""},
        "endnote-1": {"en": "See the *Health Review*, 2024.", "zh": ""},
    }
    assert data["contributions"][0]["footnotes"] == {
        "note-1": {"en": "The report is at https://example.org/connecting.", "zh": ""}
    }
    assert (
        "contribution-libreoffice.docx:3:1: warning: after paragraph 3: a table (2 rows, 2 columns;"
        ' first cell "Region") is not imported'
    ) in result.stderr


def test_chinese_file_with_lang_zh(tree_2024: Path) -> None:
    register(tree_2024)
    result = import_cli(tree_2024, PANDOC_ZH, "--lang", "zh")
    target = tree_2024 / "2024" / "example.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert texts(data, "zh") == [
        ("e-learning", "示例组织的学习平台覆盖30,000名学员，并出版了《*数字技能手册*》。[^note-1]"),
        ("internet-governance", "示例组织参加了互联网治理论坛。"),
    ]
    assert all(c["text"]["en"] == "" for c in data["contributions"])
    assert data["contributions"][0]["footnotes"] == {
        "note-1": {"en": "", "zh": "见《数字技能手册》，网址为https://example.org/handbook。"}
    }
    # An empty English is an error (English is the original): written, reported once, exit 1.
    assert result.exit_code == 1
    assert "2 paragraphs and 1 note have no English yet, as imported" in result.stderr
    assert 'The English (en: "") is to be translated.' in target.read_text(encoding="utf-8")


def test_never_overwrites(tree_2024: Path, tmp_path: Path) -> None:
    existing = tree_2024 / "2024" / "itu.yaml"
    before = existing.read_bytes()
    result = import_cli(tree_2024, PANDOC, entity="itu")
    assert result.exit_code == 2
    assert "already exists; import into another file with --output" in result.stderr
    assert existing.read_bytes() == before
    # --output writes elsewhere, checked as if it replaced the entity's file.
    side = tmp_path / "itu-from-word.yaml"
    result = import_cli(tree_2024, PANDOC, "--output", str(side), entity="itu")
    assert result.exit_code == 0, result.output
    text = side.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# International Telecommunication Union / 国际电信联盟\n" in text
    ids = {c["id"] for c in yaml.safe_load(text)["contributions"]}
    assert not ids & {c["id"] for c in yaml.safe_load(before)["contributions"]}
    again = import_cli(tree_2024, PANDOC, "--output", str(side), entity="itu")
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert side.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--section", "e-lerning"],
            "--section 'e-lerning' is not a section of the 2024 outline (did you mean 'e-learning'?)",
        ),
        (["--lang", "fr"], "'fr' is not one of"),
    ],
)
def test_bad_options(tree_2024: Path, args: list[str], message: str) -> None:
    result = import_cli(tree_2024, PANDOC, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tree_2024 / "2024" / "example.yaml").exists()
