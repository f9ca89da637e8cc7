"""The faster paths through WeasyPrint: installed on the pinned version, and not one byte different."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from wsisreport.document import Document
from wsisreport.render import pdf, weasyprint_speedups

from .conftest import SUBMISSIONS


def _targets() -> dict[str, tuple[Any, str]]:
    """Each sped-up function, by where it lives: (owner, attribute)."""
    from weasyprint.css import ComputedStyle
    from weasyprint.pdf.fonts import Font
    from weasyprint.text.line_break import Layout

    return {
        "computed values": (ComputedStyle, "__missing__"),
        "layout setup": (Layout, "setup"),
        "font files": (Font, "__init__"),
        "glyph arrays": (Font, "_harfbuzz_subset"),
    }


def _restore_originals(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's own functions back, for this test (the speed-ups are back afterwards)."""
    from weasyprint.pdf.fonts import Font

    for owner, name in _targets().values():
        monkeypatch.setattr(owner, name, getattr(owner, name).original)
    # The file read on demand is a property of the class; the original sets an attribute.
    monkeypatch.delattr(Font, "file_content")


@pytest.fixture
def originals(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf._weasyprint()
    _restore_originals(monkeypatch)


def test_every_speedup_is_installed_on_the_pinned_weasyprint() -> None:
    pdf._weasyprint()
    for what, (owner, name) in _targets().items():
        assert getattr(getattr(owner, name), "_wsisreport_fast", False), what


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_bytes_as_weasyprint_alone(
    document_2024: Document, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = pdf.render_pdf(document_2024, lang).data
    _restore_originals(monkeypatch)
    assert pdf.render_pdf(document_2024, lang).data == fast


def test_a_font_file_is_read_once_and_only_when_something_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.pdf.fonts import Font

    pdf._weasyprint()
    reads: list[bytes] = []

    def read(face: bytes) -> bytes:
        reads.append(face)
        return b"the file of " + face

    monkeypatch.setattr("weasyprint.pdf.fonts.get_hb_object_data", read)
    subset, whole = Font.__new__(Font), Font.__new__(Font)  # the property alone, without a face
    subset.hb_face = whole.hb_face = b"a face"
    subset.file_content = b"the subset"  # as the subsetter sets it
    assert subset.file_content == b"the subset" and reads == []
    assert whole.file_content == whole.file_content == b"the file of a face" and reads == [b"a face"]


def test_a_pdf_reads_its_fonts_subset_not_whole(
    document_2024: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.pdf import fonts

    read = fonts.get_hb_object_data
    sizes: list[int] = []

    def measured(*args: Any) -> Any:
        data = read(*args)
        sizes.append(len(data or b""))
        return data

    monkeypatch.setattr(fonts, "get_hb_object_data", measured)
    fast = pdf.render_pdf(document_2024, "zh").data
    read_fast, sizes[:] = sum(sizes), []
    _restore_originals(monkeypatch)
    assert pdf.render_pdf(document_2024, "zh").data == fast
    # The whole CJK collections (tens of MB) were copied by WeasyPrint alone; the subsets are small.
    assert read_fast * 10 < sum(sizes)


@pytest.mark.usefixtures("originals")
def test_another_weasyprint_keeps_its_own_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    for constant in ("_COMPUTED_MISSING", "_LAYOUT_SETUP", "_FONT_INIT", "_HARFBUZZ_SUBSET"):
        monkeypatch.setattr(weasyprint_speedups, constant, "0" * 64)
    weasyprint_speedups.apply()
    for what, (owner, name) in _targets().items():
        assert not hasattr(getattr(owner, name), "_wsisreport_fast"), what


@pytest.mark.usefixtures("originals")
def test_a_changed_line_keeps_the_original(monkeypatch: pytest.MonkeyPatch) -> None:
    """Source that matches its digest but not a replaced line (a digest updated carelessly)."""
    from weasyprint.text.line_break import Layout

    original = Layout.setup
    monkeypatch.setattr(weasyprint_speedups, "_DESCRIPTION_SOURCE", "no such line")
    weasyprint_speedups._shared_contexts(Layout)
    assert Layout.setup is original


def test_a_render_in_a_warmed_up_process_parses_no_c_type() -> None:
    """The workers' renders find every C type WeasyPrint names already parsed by their parent."""
    code = (
        "from pathlib import Path\n"
        "from wsisreport.pipeline import check\n"
        "from wsisreport.render import pdf\n"
        "from weasyprint.text.ffi import ffi\n"
        f"document = check(Path({str(SUBMISSIONS)!r}), years={{2024}}).documents[2024]\n"
        "pdf.prepare()\n"
        "before = set(ffi._parsed_types)\n"
        "for lang in ('en', 'zh'):\n"
        "    pdf.render_pdf(document, lang)\n"
        "print(sorted(set(ffi._parsed_types) - before))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
