"""The JSON model (docs/json-model.md), read back: runs with emphasis, notes, furniture, roles."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from wsisreport.document import Document, Emphasis, Heading, Inline, NoteRef
from wsisreport.inline import masthead_mark
from wsisreport.models import LANGUAGES
from wsisreport.render.jsonmodel import SCHEMA_VERSION, render


@pytest.fixture(scope="module")
def models(document_2024: Document) -> dict[str, dict[str, Any]]:
    return {lang: json.loads(render(document_2024, lang).data) for lang in LANGUAGES}


def runs(inline: Inline) -> list[Any]:
    """The content of one text as the model documents it."""
    out: list[Any] = []
    for part in inline:
        if isinstance(part, NoteRef):
            out.append({"note": part.number})
        elif isinstance(part, Emphasis):
            out.append({"emphasis": part.value})
        else:
            out.append(part.value)
    return out


def plain(content: list[Any]) -> str:
    return "".join(r if isinstance(r, str) else r.get("emphasis", "") for r in content)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_version_and_runs(models: dict[str, dict[str, Any]], document_2024: Document, lang: str) -> None:
    model = models[lang]
    assert model["format"] == "wsisreport-document" and model["version"] == SCHEMA_VERSION == 2
    paragraphs = [b for b in model["body"] if b["type"] == "paragraph"]
    for block, para in zip(paragraphs, document_2024.paragraphs, strict=True):
        assert block["content"] == runs(para.content[lang])
        assert block["notes"] == [r["note"] for r in block["content"] if isinstance(r, dict) and "note" in r]
        # Every run is a string, an emphasis or a note call: nothing else.
        for run in block["content"]:
            assert isinstance(run, str) or set(run) in ({"note"}, {"emphasis"})
    assert model["summary"] == [runs(p) for p in document_2024.summary[lang]]


def test_english_titles_are_emphasis_runs(models: dict[str, dict[str, Any]]) -> None:
    emphasis = [
        run["emphasis"]
        for block in models["en"]["body"]
        if block["type"] == "paragraph"
        for run in block["content"]
        if isinstance(run, dict) and "emphasis" in run
    ]
    assert "Digital Economy Report 2024" in emphasis
    assert "Human Development Report 2025" in emphasis


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notes_carry_content_and_plain_text(
    models: dict[str, dict[str, Any]], document_2024: Document, lang: str
) -> None:
    notes = models[lang]["notes"]
    assert [n["number"] for n in notes] == [n.number for n in document_2024.notes]
    for entry, note in zip(notes, document_2024.notes, strict=True):
        assert entry["content"] == runs(note.content[lang])
        assert entry["text"] == plain(entry["content"]) == note.text[lang]
        assert not any(isinstance(r, dict) and "note" in r for r in entry["content"])  # no nested calls
    if lang == "en":
        (titled,) = [n for n in notes if any(isinstance(r, dict) for r in n["content"])]
        assert {"emphasis": "Governing AI for Humanity: Final Report"} in titled["content"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_furniture_roles_and_session_notes(
    models: dict[str, dict[str, Any]], document_2024: Document, lang: str
) -> None:
    model = models[lang]
    assert model["furniture"] == asdict(document_2024.furniture[lang])
    assert model["furniture"]["united_nations"] == {"en": "United Nations", "zh": "联合国"}[lang]
    headings = [b for b in model["body"] if b["type"] == "heading"]
    ours = [b for b in document_2024.blocks if isinstance(b, Heading)]
    assert [h["role"] for h in headings] == [h.role for h in ours]
    assert {h["role"] for h in headings} == {"chapter", "letter", "number", "paren", "sub"}
    by_section = {h["section"]: h["role"] for h in headings}
    assert by_section["introduction"] == "chapter"  # the unnumbered top level is set as a chapter
    notes = [s["note"] for s in model["sessions"]]
    assert [n["mark"] for n in notes] == ["*", "**"]
    for entry, session in zip(model["sessions"], document_2024.sessions, strict=True):
        assert session.note is not None
        assert entry["note"]["text"] == session.note.text[lang]
        assert masthead_mark(entry["item"]) == entry["note"]["mark"]  # the item prints its mark
