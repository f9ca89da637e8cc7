"""The 2024 submissions build into the issued report: paragraphs, notes, headings, summary."""

from __future__ import annotations

import json
import re

import pytest

from wsisreport.document import Document, plain
from wsisreport.pipeline import check

from .conftest import HERE, SUBMISSIONS

REFERENCE = json.loads((HERE / "fixtures" / "reference" / "A-80-62-E-2025-12.zh.json").read_text("utf-8"))
CORRECTIONS_FILE = SUBMISSIONS / "2024" / "CORRECTIONS.md"
ROW_RE = re.compile(r"^\| (para|note) (\d+) \| ([^|]+) \| ([^|]+) \|", re.M)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def corrections() -> dict[tuple[str, int], list[tuple[str, str]]]:
    """The changes listed in CORRECTIONS.md, by (kind, number)."""
    table: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for kind, num, extracted, restored in ROW_RE.findall(CORRECTIONS_FILE.read_text("utf-8")):
        table.setdefault((kind, int(num)), []).append((extracted.strip(), restored.strip()))
    return table


def expected(kind: str, num: int, text: str) -> str:
    text = squash(text)
    for extracted, restored in corrections().get((kind, num), []):
        assert squash(extracted) in text, (
            f"{kind} {num}: listed correction {extracted!r} not in the reference"
        )
        text = text.replace(squash(extracted), squash(restored))
    return text


@pytest.fixture(scope="module")
def document(document_2024: Document) -> Document:
    return document_2024


def test_validate_is_clean() -> None:
    checked = check(SUBMISSIONS, base=SUBMISSIONS.parent)
    assert [d.format_text() for d in checked.diagnostics.items] == []


def test_corrections_are_listed() -> None:
    assert corrections(), "CORRECTIONS.md has no table rows: the parser or the file changed"


def test_chinese_paragraphs_reproduce_the_issued_text(document: Document) -> None:
    paragraphs = document.paragraphs
    assert len(paragraphs) == len(REFERENCE["paragraphs"]) == 87
    for ours, ref in zip(paragraphs, REFERENCE["paragraphs"], strict=True):
        assert ours.number == ref["num"]
        assert squash(ours.plain("zh")) == expected("para", ref["num"], ref["text"]), (
            f"paragraph {ours.number}"
        )
        assert ours.notes("zh") == ref["footnotes"], f"paragraph {ours.number} calls"


def test_chinese_notes_reproduce_the_issued_notes(document: Document) -> None:
    assert len(document.notes) == len(REFERENCE["notes"]) == 82
    for ours, ref in zip(document.notes, REFERENCE["notes"], strict=True):
        assert ours.number == ref["num"]
        assert squash(ours.text["zh"]) == expected("note", ref["num"], ref["text"]), f"note {ours.number}"


def test_headings_in_order(document: Document) -> None:
    got = [(h.label["zh"], squash(h.text["zh"])) for h in document.headings]
    want = [(h["num"], squash(h["title"])) for h in REFERENCE["headings"]]
    assert len(got) == 45
    assert got == want


def test_summary_and_title(document: Document) -> None:
    front = REFERENCE["front"]
    assert squash("".join(plain(p) for p in document.summary["zh"])) == squash(front["summary"])
    assert squash(document.title["zh"]) == squash(front["title"])
    assert document.report_of["zh"] == front["report_of"]
    assert list(document.symbols) == front["page_furniture"]["symbols"]
    assert document.job_number == front["page_furniture"]["job_number"]


def test_english_has_the_same_numbers_and_calls(document: Document) -> None:
    for paragraph in document.paragraphs:
        assert paragraph.notes("en") == paragraph.notes("zh"), f"paragraph {paragraph.number}"
        assert paragraph.plain("en").strip(), f"paragraph {paragraph.number} has no English"
        assert not re.search(r"[\u4e00-\u9fff]", paragraph.plain("en")), (
            f"Chinese in English {paragraph.number}"
        )
    for note in document.notes:
        assert note.text["en"].strip()
        assert not re.search(r"[\u4e00-\u9fff]", note.text["en"]), f"Chinese in English note {note.number}"
    assert [h.label["en"] for h in document.headings if h.numbering == "chapter"] == [
        "I.",
        "II.",
        "III.",
        "IV.",
    ]


def test_contributors(document: Document) -> None:
    assert len(document.contributors) == 31
    assert "31" in document.paragraphs[0].plain("zh")
    assert document.contributors[0].printed["en"] == "Association for Progressive Communications"
    assert document.contributors[15].printed == {"en": "UNCTAD", "zh": "贸发会议"}


def test_english_is_within_the_word_limit(document: Document) -> None:
    count = document.word_counts["en"]
    assert count.limit == 8500
    assert count.total <= count.limit
