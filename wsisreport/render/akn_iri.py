"""The FRBR identifiers of the ``akn`` format, after the AKN4UN naming convention (docs/akn.md)."""

from __future__ import annotations

from ..document import Document

# ISO 639-2 codes of the UN's official languages, as the expressions name them.
LANGUAGE_CODES = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}

# The work's actor: AKN4UN's pattern org-body for the Secretary-General, for whom the guidelines
# list no code. The author's reference in the file ends with it.
ACTOR = "un-sg"


def symbol_component(symbol: str) -> str:
    """A document symbol as an IRI component: ``A/80/62`` → ``A-80-62`` (spaces become ``_``)."""
    return symbol.replace("/", "-").replace(" ", "_")


def work_iri(document: Document, symbol: str | None = None) -> str:
    """``/akn/un/doc/paper/un-sg/2025-01-22/A-80-62``: by the first symbol unless another is named."""
    number = symbol_component(symbol if symbol is not None else document.symbols[0])
    return f"/akn/un/doc/paper/{ACTOR}/{document.date.isoformat()}/{number}"


def expression_iri(document: Document, lang: str, symbol: str | None = None) -> str:
    """The work's IRI with the language and the date of the version: ``…/A-80-62/eng@2025-01-22``."""
    return f"{work_iri(document, symbol)}/{LANGUAGE_CODES[lang]}@{document.date.isoformat()}"


def manifestation_iri(document: Document, lang: str) -> str:
    """The expression's IRI with the file format: ``…/eng@2025-01-22.xml``."""
    return f"{expression_iri(document, lang)}.xml"
