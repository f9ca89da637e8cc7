"""`wsisreport new-year`: next year's report definition and standing text, and what is left to fill in."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from wsisreport import cycle
from wsisreport.cli import app
from wsisreport.pipeline import check

runner = CliRunner()


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def new_year(submissions: Path, *args: str) -> str:
    result = runner.invoke(app, ["new-year", *args, "--submissions", str(submissions)])
    assert result.exit_code == 0, result.output
    return result.output


def test_new_year_2025_from_the_2024_report(tree_2024: Path) -> None:
    output = new_year(tree_2024, "2025")
    old, new = load(tree_2024 / "2024" / "report.yaml"), load(tree_2024 / "2025" / "report.yaml")
    # The standing structure as it was.
    for key in ("outline", "title", "report_of", "original_language", "word_limit"):
        assert new[key] == old[key], key
    assert new["contributors_note"]["separator"] == old["contributors_note"]["separator"]
    # The session numbers advanced in both languages; the year's facts left to fill in.
    assert new["year"] == 2025
    assert [s["session"] for s in new["sessions"]] == [
        {"en": "Eighty-first session", "zh": "第八十一届会议"},
        {"en": "2026 session", "zh": "2026年届会"},
    ]
    assert [s["organ"] for s in new["sessions"]] == [s["organ"] for s in old["sessions"]]
    assert [s["item_title"] for s in new["sessions"]] == [s["item_title"] for s in old["sessions"]]
    assert new["symbols"] is None and new["job_number"] is None and new["date"] is None
    assert all(s["item"] is None and s["item_note"] is None for s in new["sessions"])
    # The years the standing texts name move on; resolution 2006/46 and E/2025/1 do not.
    assert "stakeholders in 2025." in " ".join(new["summary"]["en"].split())
    assert "2006/46" in new["summary"]["en"] and "在2025年的主要动态" in new["summary"]["zh"]
    assert "2025-report-secretary-general" in new["contributors_note"]["trail"]["en"]
    assert "accessed in January 2026" in new["contributors_note"]["trail"]["en"]
    assert "均于2026年1月访问" in new["contributors_note"]["trail"]["zh"]
    # Edited in place: the comments and the layout stay, the old facts are named beside the nulls.
    text = (tree_2024 / "2025" / "report.yaml").read_text(encoding="utf-8")
    assert "# The report definition: document facts, masthead, title, summary and outline." in text
    assert "job_number: null  # fill in: the job number issued by DGACM (2024: GE.25-00925)\n" in text
    assert "Eightieth session → Eighty-first session" in output
    assert "第八十届会议 → 第八十一届会议" in output

    # `validate` lists the remaining facts, each where it is to be written, and nothing else.
    checked = check(tree_2024, years={2025}, base=tree_2024.parent)
    listed = [(d.location.line, d.code, d.message) for d in checked.diagnostics.sorted()]
    lines = text.split("\n")
    assert [code for _line, code, _message in listed] == ["fill-in"] * 7
    for line, _code, message in listed:
        assert ": null  # fill in: " in lines[line - 1], (line, message)
    assert sorted({m for _l, _c, m in listed}) == [
        "to be filled: the agenda item",
        "to be filled: the agenda item's note",
        "to be filled: the date of the document",
        "to be filled: the document symbols",
        "to be filled: the job number issued by DGACM",
    ]
    assert "submissions/2025/report.yaml:7:13: error: to be filled: the job number issued by DGACM" in output


def test_the_secretariat_keeps_its_standing_text_with_new_ids(tree_2024: Path) -> None:
    new_year(tree_2024, "2025")
    old = load(tree_2024 / "2024" / "secretariat.yaml")["contributions"]
    new = load(tree_2024 / "2025" / "secretariat.yaml")["contributions"]
    # The introduction uses computed values: it carries over; the year's own text does not.
    standing = [c for c in old if "@{contributors.count}" in c["text"]["en"]]
    assert len(standing) == 1 and len(old) > 1
    assert len(new) == 1
    (intro,), (carried,) = standing, new
    assert carried["id"] != intro["id"] and carried["id"].startswith("secretariat-")
    assert {k: carried[k] for k in ("section", "order")} == {k: intro[k] for k in ("section", "order")}
    assert carried["text"]["en"] == intro["text"]["en"].replace("in 2024.", "in 2025.")
    assert carried["text"]["zh"] == intro["text"]["zh"].replace("2024年", "2025年")
    assert "[^@contributors]" in carried["text"]["zh"]
    files = (tree_2024 / "2024").glob("*.yaml")
    ids_2024 = {c["id"] for f in files for c in load(f).get("contributions", [])}
    assert carried["id"] not in ids_2024


def test_filled_in_the_new_year_validates_and_assembles(tree_2024: Path) -> None:
    new_year(tree_2024, "2025")
    path = tree_2024 / "2025" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    filled = {
        "symbols": "[A/81/62, E/2026/12]",
        "job_number": "GE.26-00001",
        "date": "2026-01-20",
    }
    for key, value in filled.items():
        text = text.replace(f"\n{key}: null", f"\n{key}: {value}", 1)
    items = iter(["{en: Item 20 of the list*, zh: 清单*项目20}", "{en: Item 18, zh: 项目18}"])
    lines = []
    for line in text.split("\n"):
        if line.startswith("    item: null"):
            line = "    item: " + next(items)
        if line.startswith("    item_note: null"):
            line = "    item_note: {en: A/81/50., zh: A/81/50。}" if len(lines) < 20 else ""
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")
    checked = check(tree_2024, years={2025}, base=tree_2024.parent)
    assert not checked.diagnostics.items, [d.format_text() for d in checked.diagnostics.items]
    document = checked.documents[2025]
    assert document.symbols == ("A/81/62", "E/2026/12") and document.date == datetime.date(2026, 1, 20)
    assert document.sessions[0].session == {"en": "Eighty-first session", "zh": "第八十一届会议"}
    # The secretariat's introduction is the only paragraph: no one else has answered yet.
    assert len(document.paragraphs) == 1 and document.contributors == ()
    assert "information from 0 United Nations entities" in document.paragraphs[0].plain("en")


def test_starting_from_an_older_year_moves_by_as_many_years(tree_2024: Path) -> None:
    new_year(tree_2024, "2026", "--from", "2024")
    new = load(tree_2024 / "2026" / "report.yaml")
    assert [s["session"]["en"] for s in new["sessions"]] == ["Eighty-second session", "2027 session"]
    assert [s["session"]["zh"] for s in new["sessions"]] == ["第八十二届会议", "2027年届会"]
    assert "accessed in January 2027" in new["contributors_note"]["trail"]["en"]


def test_the_fixture_reaches_its_hundredth_session(base_tree: Path) -> None:
    new_year(base_tree, "2025")
    new = load(base_tree / "2025" / "report.yaml")
    assert new["sessions"][0]["session"] == {"en": "One hundredth session", "zh": "第一百届会议"}
    secretariat = load(base_tree / "2025" / "secretariat.yaml")
    assert [c["section"] for c in secretariat["contributions"]] == ["introduction"]
    assert "It covers 2025." in " ".join(secretariat["contributions"][0]["text"]["en"].split())


def test_a_report_that_cannot_be_edited_in_place_is_written_afresh(base_tree: Path) -> None:
    path = base_tree / "2024" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    # The ordinal is written with an escape: the file's text and its value differ.
    escaped = text.replace("{en: Ninety-ninth session,", '{en: "\\x4Einety-ninth session",')
    path.write_text(escaped, encoding="utf-8")
    output = new_year(base_tree, "2025")
    assert "written afresh" in output
    new = load(base_tree / "2025" / "report.yaml")
    assert new["sessions"][0]["session"]["en"] == "One hundredth session"
    assert new["symbols"] is None and new["outline"] == load(path)["outline"]


def test_new_year_never_overwrites(tree_2024: Path) -> None:
    new_year(tree_2024, "2025")
    before = {p.name: p.read_bytes() for p in (tree_2024 / "2025").rglob("*") if p.is_file()}
    again = runner.invoke(app, ["new-year", "2025", "--submissions", str(tree_2024)])
    assert again.exit_code == 2 and "already exists; new-year never overwrites" in again.stderr
    assert {p.name: p.read_bytes() for p in (tree_2024 / "2025").rglob("*") if p.is_file()} == before


def test_new_year_refusals(tree_2024: Path) -> None:
    for args, message in [
        (["2024", "--from", "2024"], "must come after"),
        (["2030", "--from", "2029"], "no folder for 2029"),
    ]:
        result = runner.invoke(app, ["new-year", *args, "--submissions", str(tree_2024)])
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert not (tree_2024 / "2030").exists()


def test_entity_files_already_in_the_new_folder_keep_their_ids(tree_2024: Path) -> None:
    folder = tree_2024 / "2025"
    folder.mkdir()
    early = "entity: itu\nyear: 2025\ncontributions: []\n"
    (folder / "itu.yaml").write_text(early, encoding="utf-8")
    new_year(tree_2024, "2025")
    assert (folder / "itu.yaml").read_text(encoding="utf-8") == early


def test_a_year_can_start_from_a_draft(tree_2024: Path) -> None:
    new_year(tree_2024, "2025")
    new_year(tree_2024, "2026")
    new = load(tree_2024 / "2026" / "report.yaml")
    assert new["symbols"] is None and new["sessions"][0]["session"]["en"] == "Eighty-second session"
    text = (tree_2024 / "2026" / "report.yaml").read_text(encoding="utf-8")
    assert "None" not in text and text.count("# fill in:") == 7
    assert text.count("# Started from the ") == 1 and "# Started from the 2025 report" in text
    secretariat = load(tree_2024 / "2026" / "secretariat.yaml")["contributions"]
    assert len(secretariat) == 1 and "activities in 2026." in " ".join(secretariat[0]["text"]["en"].split())


def test_standing_text_not_yet_translated_is_carried_in_english(base_tree: Path) -> None:
    path = base_tree / "2024" / "secretariat.yaml"
    text = path.read_text(encoding="utf-8")
    chinese = "      zh: 本报告借鉴了@{contributors.count}个实体的资料"
    (line,) = [line for line in text.splitlines(keepends=True) if line.startswith(chinese)]
    path.write_text(text.replace(line, ""), encoding="utf-8")
    new_year(base_tree, "2025")
    (carried,) = load(base_tree / "2025" / "secretariat.yaml")["contributions"]
    assert set(carried["text"]) == {"en"}
    assert "It covers 2025." in " ".join(carried["text"]["en"].split())


@pytest.mark.parametrize(
    "value",
    [
        "A text short enough for one line",
        "a next-line character\x85and a line separator\u2028and a tab\there",
        '"quoted", with a backslash \\ and a colon: here',
        "  leading and trailing spaces  ",
        "word " * 40,
    ],
)
def test_texts_are_written_so_that_they_parse_back_exactly(value: str) -> None:
    """Standing text carried into the new year: folded when that is exact, else double-quoted."""
    written = cycle._text_value(value, 4)
    assert yaml.safe_load(f"k: {written}") == {"k": value}
