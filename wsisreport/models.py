"""Typed models of the three kinds of submission file (the source of the JSON Schemas)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from .languages import LANGUAGES as LANGUAGES

Slug = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64, description="Lowercase id: letters, digits, hyphens."),
]
FootnoteKey = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
NonEmpty = Annotated[str, Field(min_length=1)]
FragmentId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        max_length=64,
        description="Persistent id, unique in the year: letters, digits, '.', '_', '-'.",
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Bilingual(_Model):
    """The same text in English and Chinese."""

    en: str = Field(description="English text.")
    zh: str = Field(description="Chinese text.")

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Translatable(_Model):
    """A submission text written in English and translated into Chinese: the Chinese may be absent.

    An absent or empty Chinese is *untranslated*, a warning while the English is drafted
    (docs/translation.md). Report and registry texts stay strict ``Bilingual``.
    """

    en: str = Field(description="English text.")
    zh: str | None = Field(default=None, description="Chinese text (absent or empty until translated).")

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else (self.zh or "")


class ShortForm(_Model):
    """An abbreviation per language; a language without one prints the full name."""

    en: str | None = Field(default=None, description="English abbreviation, e.g. ITU.")
    zh: str | None = Field(default=None, description="Chinese short form, e.g. 国际电联.")

    def get(self, lang: str) -> str | None:
        return self.en if lang == "en" else self.zh


class Entity(_Model):
    """A body that contributes to the report or is credited in it."""

    kind: Literal["un-system", "intergovernmental", "other"] = Field(
        description="United Nations system entity, other intergovernmental body, or other stakeholder."
    )
    name: Bilingual = Field(description="Official name in each language.")
    short: ShortForm | None = Field(default=None, description="Abbreviation per language, if any.")
    sort_as: str | None = Field(
        default=None, description="English sort key for the contributors note, if not the printed form."
    )


class Registry(_Model):
    """``submissions/entities.yaml``: every entity id the submissions may use."""

    entities: dict[Slug, Entity] = Field(description="Entity id (lowercase slug) → entity.")


class Session(_Model):
    """One organ's block on the masthead (session, agenda item, item title)."""

    organ: Bilingual = Field(description="e.g. General Assembly.")
    session: Bilingual = Field(description="e.g. Eightieth session.")
    # null: to be filled (each year brings its agenda items); validation reports it.
    item: Bilingual | None = Field(description="e.g. Item 19 of the preliminary list; null until known.")
    item_title: Bilingual = Field(description="The agenda item's title.")
    item_note: Bilingual | None = Field(
        default=None,
        description="Text of the asterisk note on the agenda item, e.g. A/80/50. Written null: to be filled.",
    )


Numbering = Literal["chapter", "letter", "number", "letter-in-parentheses", "unnumbered"]


class Section(_Model):
    """A heading in the outline; its number is computed from its place among its siblings."""

    id: Slug = Field(description="Stable id that contributions refer to.")
    numbering: Numbering = Field(description="How the heading is numbered.")
    heading: Bilingual = Field(description="Heading text, without its number.")
    sections: list[Section] = Field(default_factory=list, description="Subsections.")


class ContributorsNote(_Model):
    """Frame of the computed note that lists the contributors."""

    lead: Bilingual | None = Field(default=None, description="Text before the list.")
    separator: Bilingual = Field(description="Between two names, e.g. ', ' and '，'.")
    trail: Bilingual = Field(description="Text after the list, including its closing punctuation.")


class Report(_Model):
    """``submissions/<year>/report.yaml``: the report definition."""

    year: int = Field(description="The year the report covers.")
    # The facts each year brings are written null until known (`wsisreport new-year` writes them
    # so); validation reports every null as a fill-in error, so assembly never sees one.
    symbols: Annotated[list[NonEmpty], Field(min_length=1)] | None = Field(
        description="Document symbols, e.g. A/80/62, E/2025/12; null until issued."
    )
    job_number: NonEmpty | None = Field(description="Job number, e.g. GE.25-00925; null until issued.")
    date: datetime.date | None = Field(description="Date of the document (YYYY-MM-DD); null until known.")
    original_language: Literal["en", "zh"] = Field(default="en", description="Language of the original.")
    sessions: list[Session] = Field(description="Organ blocks on the masthead.")
    title: Bilingual = Field(description="Title of the report.")
    report_of: Bilingual = Field(description="e.g. Report of the Secretary-General.")
    summary: Bilingual = Field(description="The summary; paragraphs separated by a blank line.")
    word_limit: int = Field(default=8500, gt=0, description="Word limit (8,500 for Secretariat reports).")
    contributors_note: ContributorsNote = Field(description="Frame of the note listing contributors.")
    emblem: str | None = Field(default=None, description="Path of an emblem image, relative to this file.")
    outline: list[Section] = Field(min_length=1, description="The sections of the report, in order.")


def _footnote_kind(value: Any) -> str:
    return "bilingual" if isinstance(value, dict) else "neutral"


FootnoteText = Annotated[
    Annotated[str, Tag("neutral")] | Annotated[Translatable, Tag("bilingual")],
    Discriminator(_footnote_kind),
]


class Contribution(_Model):
    """One paragraph, or a fragment of one, placed in a section of the outline."""

    id: FragmentId | None = Field(
        default=None,
        description="Persistent id (given by `wsisreport new`, `import` or `assign-ids`); never reused.",
    )
    section: Slug = Field(description="Id of the outline section this text belongs to.")
    text: Translatable = Field(description="The text; footnote calls are written [^key].")
    footnotes: dict[FootnoteKey, FootnoteText] = Field(
        default_factory=dict,
        description="Footnote key → text (one string when the same in both languages, else en and zh).",
    )
    paragraph: Slug | None = Field(
        default=None, description="Merge key: fragments with the same key form one paragraph."
    )
    order: float | None = Field(default=None, description="Position within the section (lower first).")


class Submission(_Model):
    """``submissions/<year>/<entity>.yaml``: one entity's contributions for one year."""

    entity: Slug = Field(description="Entity id from entities.yaml (or 'secretariat').")
    year: int = Field(description="The year of the report; must match the folder.")
    contributions: list[Contribution] = Field(description="The entity's contributions (may be empty).")


SCHEMAS: dict[str, type[BaseModel]] = {
    "entities": Registry,
    "report": Report,
    "submission": Submission,
}
