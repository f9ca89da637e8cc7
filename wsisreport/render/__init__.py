"""The renderer registry: one module per output format, imported only when used."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Protocol

from ..document import Document


@dataclass(frozen=True)
class Rendered:
    """A renderer's output with what only the renderer knows (a PDF's page count)."""

    data: bytes
    pages: int | None = None


class Renderer(Protocol):
    """Turns the assembled document into one file for one language: its bytes, or a Rendered."""

    def __call__(self, document: Document, lang: str) -> bytes | Rendered: ...


@dataclass(frozen=True)
class Format:
    """An output format: its name, file extension and where its renderer lives."""

    name: str
    extension: str
    module: str
    description: str
    # False for formats that hold both languages in one file (the review page).
    per_language: bool = True

    def available(self) -> bool:
        """Whether this installation has the renderer's module."""
        return importlib.util.find_spec(f"{__name__}.{self.module}") is not None

    def prepare(self) -> None:
        """Import the renderer and whatever it loads lazily (its ``prepare`` hook), ahead of use."""
        module = importlib.import_module(f"{__name__}.{self.module}")
        hook = getattr(module, "prepare", None)
        if hook is not None:
            hook()

    def load(self) -> Renderer:
        # Imported lazily so that `validate` and `--help` never pay for WeasyPrint or python-docx.
        module = importlib.import_module(f"{__name__}.{self.module}")
        renderer: Renderer = module.render
        return renderer


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "json", "jsonmodel", "the assembled document model, one file per language"),
        Format("docx", "docx", "docx", "Word document in UN format, with real footnotes and named styles"),
        Format("html", "html", "html", "the report as one self-contained web page"),
        Format("pdf", "pdf", "pdf", "PDF in UN format, composed from the HTML by WeasyPrint"),
        Format(
            "review",
            "review.html",
            "review",
            "English and Chinese side by side, with coverage, word counts and filters",
            per_language=False,
        ),
    )
}
