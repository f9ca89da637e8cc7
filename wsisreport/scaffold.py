"""``wsisreport new``: start an entity's submission file that validates as it is."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostics
from .errors import UsageError
from .fsutil import write_atomic
from .ids import new_id, year_ids
from .load import SECRETARIAT, did_you_mean, load_tree
from .validate import outline_sections


def _comment_block(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def new_submission(entity: str, year: int, submissions: Path) -> Path:
    """Write ``<submissions>/<year>/<entity>.yaml``; refuse to overwrite or to guess an entity."""
    target = submissions / str(year) / f"{entity}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; edit it instead")
    diags = Diagnostics()
    tree = load_tree(submissions, diags, years={year})
    if tree.registry is None:
        raise UsageError(f"cannot read {submissions / 'entities.yaml'}: run `wsisreport validate` first")
    entities = tree.registry.model.entities
    if entity not in entities and entity != SECRETARIAT:
        hint = did_you_mean(entity, entities) or "add it to entities.yaml first"
        raise UsageError(f"unknown entity '{entity}' ({hint})")
    sources = tree.years.get(year)
    if sources is None or sources.report is None:
        raise UsageError(f"no readable report.yaml for {year} in {submissions}")
    sections = [section for section, _where in outline_sections(sources.report.model.outline)]
    example = next((s.id for s in sections if not s.sections), sections[0].id)
    fragment = new_id(entity, year_ids(sources))
    lines = ["# yaml-language-server: $schema=../../schema/submission.schema.json"]
    if entity == SECRETARIAT:
        lines.append("# The secretariat's own text (introduction, trends, conclusions); not a contributor.")
    else:
        info = entities[entity]
        lines.append(f"# {info.name.en} / {info.name.zh}")
        if info.short:
            lines.append(f"# Short forms: {info.short.en or '–'} / {info.short.zh or '–'}")
    lines += [
        f"# Contributions to the {year} report. The format: docs/submissions.md.",
        f"entity: {entity}",
        f"year: {year}",
        "contributions: []",
        "# Replace the [] above with a list like this one (one item per paragraph):",
        *_comment_block(
            f"""contributions:
  - id: {fragment:<27} # persistent: never change or reuse it (a new one for each item)
    section: {example:<22} # one of the section ids listed below
    order: 10                      # optional: lower numbers come first in the section
    text:
      en: >-
        What the entity did in the year, in English.[^source]
      # zh: the Chinese is added by translation (wsisreport translate; docs/translation.md)
    footnotes:
      source: "https://example.org/page."   # or {{en: …, zh: …}} when the note has words"""
        ),
        "#",
        "# Section ids:",
    ]
    for section in sections:
        lines.append(f"#   {section.id}: {section.heading.en}")
    write_atomic(target, ("\n".join(lines) + "\n").encode("utf-8"))
    return target
