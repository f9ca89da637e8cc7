"""`wsisreport status`: the chase list, files with errors, translation, words and sections of a draft year."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.status import year_status
from wsisreport.translation.exchange import mark

runner = CliRunner()


def start_2025(submissions: Path) -> Path:
    result = runner.invoke(app, ["new-year", "2025", "--submissions", str(submissions)])
    assert result.exit_code == 0, result.output
    return submissions / "2025"


def carry(submissions: Path, entity: str) -> None:
    """An entity answers: last year's file, as this year's."""
    text = (submissions / "2024" / f"{entity}.yaml").read_text(encoding="utf-8")
    target = submissions / "2025" / f"{entity}.yaml"
    target.write_text(text.replace("year: 2024", "year: 2025"), encoding="utf-8")
    # Its Chinese was checked last year: recorded as translated this year too.
    ids = re.findall(r"(?m)^\s*- id: (\S+)$", text)
    mark(submissions, 2025, ids)


def test_status_names_the_contributors_still_to_answer(tree_2024: Path) -> None:
    start_2025(tree_2024)
    carry(tree_2024, "itu")
    found = year_status(tree_2024, 2025)
    assert found.previous == 2024
    assert [c.entity for c in found.contributors] == ["itu"]
    missing = [c.entity for c in found.missing]
    assert len(missing) == 30 and "itu" not in missing and "wipo" in missing
    assert {c.entity: c.name for c in found.missing}["wipo"] == "World Intellectual Property Organization"
    # The draft counts without the facts still to fill in: the introduction and ITU's paragraphs.
    assert found.draft.document is not None and found.draft.excluded == ()
    assert found.draft.unfilled == ("symbols", "job_number", "date", "sessions[0].item", "sessions[1].item")
    [report] = found.with_errors
    assert report.path.endswith("2025/report.yaml") and report.errors == report.fill_ins == 7
    paragraphs = len(found.draft.document.paragraphs)
    assert sum(s.own for s in found.sections) == paragraphs > 1
    assert found.sections[0].id == "introduction" and found.sections[0].own == 1
    empty = [s.id for s in found.empty]
    assert "conclusions" in empty and "regional" in empty
    assert "africa" not in empty  # named once, with its chapter
    en = next(w for w in found.words if w.lang == "en")
    assert en.limit == 8500 and 0 < en.total < en.limit
    assert en.total == found.draft.document.word_counts["en"].total

    result = runner.invoke(app, ["status", "--year", "2025", "--submissions", str(tree_2024)])
    assert result.exit_code == 0, result.output
    assert "2025: 1 contributor so far (2024: 31)" in result.output
    assert "World Intellectual Property Organization" in result.output
    assert "Words (en): " in result.output and "of 8,500" in result.output
    assert "Empty sections: " in result.output


def test_status_counts_errors_and_translation_per_file(tree_2024: Path) -> None:
    folder = start_2025(tree_2024)
    carry(tree_2024, "itu")
    carry(tree_2024, "wipo")
    path = folder / "wipo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["contributions"][0]["text"]["zh"] = ""
    data["contributions"][0]["section"] = "no-such-section"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = year_status(tree_2024, 2025)
    by_file = {Path(f.path).name: f for f in found.files}
    # Its section is unknown, and its merge key now spans two sections (ITU holds the other part).
    assert by_file["wipo.yaml"].errors == 2 and by_file["wipo.yaml"].untranslated == 1
    assert by_file["itu.yaml"].errors == 0 and by_file["secretariat.yaml"].errors == 0
    assert [Path(f.path).name for f in found.translation] == ["wipo.yaml"]
    # The figures leave out the file with errors; its entity still has a file, so is not chased.
    assert [Path(p).name for p in found.draft.excluded] == ["wipo.yaml"]
    assert "wipo" not in [c.entity for c in found.missing]
    args = ["status", "--year", "2025", "--submissions", str(tree_2024), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2025 and data["previous_year"] == 2024
    assert len(data["missing"]) == 29
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["wipo.yaml"] == {
        "path": files["wipo.yaml"]["path"],
        "errors": 2,
        "warnings": 1,
        "fill_in": 0,
        "untranslated": 1,
        "stale": 0,
    }
    assert data["draft"]["excluded"] == [files["wipo.yaml"]["path"]]
    assert data["words"]["en"]["limit"] == 8500 and data["words"]["zh"]["limit"] is None


def test_status_of_a_finished_year(tree_2024: Path) -> None:
    found = year_status(tree_2024, 2024)
    assert found.previous is None and found.missing == [] and len(found.contributors) == 31
    assert found.with_errors == [] and found.draft.unfilled == ()
    assert sum(s.own for s in found.sections) == 87


def test_status_without_figures_names_what_blocks_them(tree_2024: Path) -> None:
    folder = start_2025(tree_2024)
    path = folder / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("word_limit: 8500", "word_limit: lots"), encoding="utf-8")
    found = year_status(tree_2024, 2025)
    assert found.draft.document is None and [d.code for d in found.draft.blocking] == ["wrong-type"]
    result = runner.invoke(app, ["status", "--year", "2025", "--submissions", str(tree_2024)])
    assert result.exit_code == 0 and "No figures: fix these errors first" in result.output
    assert "word_limit" in result.output


def test_status_of_a_year_not_started(tree_2024: Path) -> None:
    result = runner.invoke(app, ["status", "--year", "2031", "--submissions", str(tree_2024)])
    assert result.exit_code == 2 and "wsisreport new-year 2031" in result.stderr


def test_a_draft_keeps_the_translation_record(tree_2024: Path) -> None:
    """A draft of a year whose Chinese is all recorded marks none of it untranslated or stale."""
    from wsisreport.diagnostics import Diagnostics
    from wsisreport.document import Paragraph
    from wsisreport.draft import assemble_draft
    from wsisreport.load import load_tree
    from wsisreport.validate import validate_tree

    diags = Diagnostics()
    tree = load_tree(tree_2024, diags, years={2024})
    validate_tree(tree, diags)
    assert tree.registry is not None
    document = assemble_draft(tree.years[2024], tree.registry.model, diags).document
    assert document is not None
    marked = [
        part
        for block in document.blocks
        if isinstance(block, Paragraph)
        for part in block.content["zh"]
        if getattr(part, "draft", None) is not None
    ]
    assert marked == []
    assert document.furniture["zh"].draft == ""
