"""Our own 2024 DOCX imported back gives the submissions' text: paragraphs, emphasis and notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from wsisreport.document import Document, Emphasis, Inline, NoteRef
from wsisreport.inline import escape
from wsisreport.render.docx import render
from wsisreport.wordimport.importer import import_docx


def source(inline: Inline) -> str:
    """Assembled text back in the inline syntax, each call written with its note number."""
    out = []
    for part in inline:
        if isinstance(part, NoteRef):
            out.append(f"[^{part.number}]")
        elif isinstance(part, Emphasis):
            out.append(f"*{escape(part.value)}*")
        else:
            out.append(escape(part.value))
    return "".join(out)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_2024_docx_imports_back_to_the_same_text(
    lang: str, document_2024: Document, tree_2024: Path, tmp_path: Path
) -> None:
    docx = tmp_path / f"report.{lang}.docx"
    docx.write_bytes(render(document_2024, lang).data)
    out = tmp_path / "itu-from-word.yaml"
    # The title and summary come before the first heading: they go to the introduction.
    result = import_docx(
        docx, entity="itu", year=2024, submissions=tree_2024, output=out, lang=lang, section="introduction"
    )
    assert result.path == out
    assert not [d for d in result.diagnostics.errors if d.code != "untranslated"]
    # Nothing dropped but the masthead's two tables, each named.
    expected = ["word-table", "word-table"] + (["untranslated"] if lang == "en" else [])
    assert sorted(d.code for d in result.diagnostics.warnings) == sorted(expected)
    imported = yaml.safe_load(out.read_text(encoding="utf-8"))["contributions"]
    body = imported[len(imported) - len(document_2024.paragraphs) :]
    notes = {note.number: note for note in document_2024.notes}
    for paragraph, contribution in zip(document_2024.paragraphs, body, strict=True):
        assert contribution["section"] == paragraph.section
        text = re.sub(r"\[\^note-(\d+)\]", r"[^\1]", contribution["text"][lang])
        assert text == source(paragraph.content[lang]), paragraph.number
        for key, note in contribution.get("footnotes", {}).items():
            number = int(key.removeprefix("note-"))
            value = note if isinstance(note, str) else note[lang]
            assert value == source(notes[number].content[lang])
    # An entity's paragraphs are among them, whole; the English has italic titles, the Chinese
    # writes titles in 《》 and has none.
    assert [p for p in document_2024.paragraphs if any(s.entity == "itu" for s in p.sources)]
    italic = [
        part for p in document_2024.paragraphs for part in p.content[lang] if isinstance(part, Emphasis)
    ]
    assert bool(italic) == (lang == "en")
    assert sum(len(c.get("footnotes", {})) for c in body) == len(document_2024.notes)
