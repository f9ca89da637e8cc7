"""The faster paths through WeasyPrint: installed on the pinned version, and not one byte different."""

from __future__ import annotations

from typing import Any

import pytest

from wsisreport.document import Document
from wsisreport.render import pdf, weasyprint_speedups


def _targets() -> dict[str, tuple[Any, str]]:
    """Each sped-up function, by where it lives: (owner, attribute)."""
    from weasyprint.css import ComputedStyle
    from weasyprint.text.line_break import Layout

    return {
        "computed values": (ComputedStyle, "__missing__"),
        "layout setup": (Layout, "setup"),
    }


@pytest.fixture
def originals(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint as it ships, for this test (the speed-ups are back afterwards)."""
    pdf._weasyprint()
    for owner, name in _targets().values():
        monkeypatch.setattr(owner, name, getattr(owner, name).original)


def test_every_speedup_is_installed_on_the_pinned_weasyprint() -> None:
    pdf._weasyprint()
    for what, (owner, name) in _targets().items():
        assert getattr(getattr(owner, name), "_wsisreport_fast", False), what


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_bytes_as_weasyprint_alone(
    document_2024: Document, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = pdf.render_pdf(document_2024, lang).data
    for owner, name in _targets().values():
        monkeypatch.setattr(owner, name, getattr(owner, name).original)
    assert pdf.render_pdf(document_2024, lang).data == fast


@pytest.mark.usefixtures("originals")
def test_another_weasyprint_keeps_its_own_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    for constant in ("_COMPUTED_MISSING", "_LAYOUT_SETUP"):
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
