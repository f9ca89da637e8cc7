"""The renderer registry: one module per output format, imported only when used.

Each format declares what the build needs to know of it, so that the build names no format: whether
it makes one file per language or one file holding every language, whether it is slow enough for a
worker process, and which inputs besides the submissions and the code its output depends on.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Protocol, cast

from ..document import Document
from ..languages import LANGUAGES


@dataclass(frozen=True)
class Rendered:
    """What every renderer returns: the file's bytes, and what only the renderer knows (a PDF's pages)."""

    data: bytes
    pages: int | None = None


class LanguageRenderer(Protocol):
    """The ``render`` of a per-language format: one file for one language."""

    def __call__(self, document: Document, lang: str) -> Rendered: ...


class BilingualRenderer(Protocol):
    """The ``render`` of a bilingual format: one file holding every language of the report."""

    def __call__(self, document: Document) -> Rendered: ...


@dataclass(frozen=True)
class Inputs:
    """What a format's output depends on besides the submissions, the package's code and the options.

    The build digests exactly these to decide whether an output is up to date: a file a renderer
    reads that is not declared here would leave a stale output in place.
    """

    # Glob patterns relative to the templates folder ("docx/*"); only files are digested.
    templates: tuple[str, ...] = ()
    # The compiled gettext catalogs (report strings).
    catalogs: bool = False
    # The installed fonts: fontconfig's choice of face changes the layout.
    fonts: bool = False


@dataclass(frozen=True)
class Format:
    """An output format: its name, file extension, where its renderer lives and what the build must know."""

    name: str
    extension: str
    # The renderer's module, by its full name: its ``render`` is the entry function.
    module: str
    description: str
    # One file holding every language (the review page) rather than one file per language. Its
    # module's ``render`` is then a BilingualRenderer, else a LanguageRenderer.
    bilingual: bool = False
    # Slow enough to be worth a worker process of its own (the build starts those early).
    worker: bool = False
    inputs: Inputs = Inputs()

    def files(self, langs: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The languages of each file this format makes when ``langs`` are asked for.

        A bilingual file holds every language of the report, whichever were asked for.
        """
        return [LANGUAGES] if self.bilingual else [(lang,) for lang in langs]

    def filename(self, stem: str, langs: tuple[str, ...]) -> str:
        """``<stem>.<lang>.<ext>`` for one language; ``<stem>.<ext>`` for a bilingual file."""
        return f"{stem}.{self.extension}" if self.bilingual else f"{stem}.{langs[0]}.{self.extension}"

    def available(self) -> bool:
        """Whether this installation has the renderer's module."""
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:  # its parent package is missing
            return False

    def prepare(self) -> None:
        """Import the renderer and whatever it loads lazily (its ``prepare`` hook), ahead of use."""
        module = importlib.import_module(self.module)
        hook = getattr(module, "prepare", None)
        if hook is not None:
            hook()

    def load(self) -> LanguageRenderer | BilingualRenderer:
        """The module's ``render``: a BilingualRenderer when ``bilingual``, else a LanguageRenderer."""
        # Imported lazily so that `validate` and `--help` never pay for WeasyPrint or python-docx.
        module = importlib.import_module(self.module)
        return cast("LanguageRenderer | BilingualRenderer", module.render)

    def render(self, document: Document, langs: tuple[str, ...]) -> Rendered:
        """Render the file holding ``langs`` (one of ``files()``), calling the renderer as it is declared."""
        if self.bilingual:
            if langs != LANGUAGES:
                raise ValueError(f"the {self.name} format holds {'+'.join(LANGUAGES)}, not {'+'.join(langs)}")
            return cast(BilingualRenderer, self.load())(document)
        (lang,) = langs
        return cast(LanguageRenderer, self.load())(document, lang)


# The web page and the PDF composed from it read the templates at the top of the folder
# (report.html, report.css). Every format declares the catalogs: the page furniture is translated
# from them, and may reach any format through the document.
_PAGE = ("*",)

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "json",
            f"{__name__}.jsonmodel",
            "the assembled document model, one file per language",
            inputs=Inputs(catalogs=True),
        ),
        Format(
            "docx",
            "docx",
            f"{__name__}.docx",
            "Word document in UN format, with real footnotes and named styles",
            inputs=Inputs(templates=("docx/*",), catalogs=True),
        ),
        Format(
            "html",
            "html",
            f"{__name__}.html",
            "the report as one self-contained web page",
            inputs=Inputs(templates=_PAGE, catalogs=True),
        ),
        Format(
            "pdf",
            "pdf",
            f"{__name__}.pdf",
            "PDF in UN format, composed from the HTML by WeasyPrint",
            worker=True,
            inputs=Inputs(templates=_PAGE, catalogs=True, fonts=True),
        ),
        Format(
            "akn",
            "akn.xml",
            f"{__name__}.akn",
            "Akoma Ntoso for the UN (AKN4UN) XML, valid against the OASIS schema",
            inputs=Inputs(catalogs=True),
        ),
        Format(
            "review",
            "review.html",
            f"{__name__}.review",
            "English and Chinese side by side, with coverage, word counts and filters",
            bilingual=True,
            inputs=Inputs(templates=("review/*",), catalogs=True),
        ),
    )
}


def available_formats() -> list[str]:
    """The formats this installation can render, in the registry's order: what a build makes by default."""
    return [name for name, spec in FORMATS.items() if spec.available()]
