"""Which files a build makes: one job per file, named after the report's symbols."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics
from ..document import Document
from ..load import REPORT_FILE, check_model
from ..models import Report
from ..render import FORMATS
from ..yamlload import load_yaml


@dataclass(frozen=True)
class Job:
    """One file to make: a format in one language, or in every language for a bilingual format."""

    format: str
    langs: tuple[str, ...]
    path: str


def stem(symbols: Sequence[str]) -> str:
    """File names follow the joint symbol: A/80/62 and E/2025/12 → A-80-62-E-2025-12."""
    return "-".join(s.replace("/", "-") for s in symbols)


def output_stem(document: Document) -> str:
    return stem(document.symbols)


def report_stem(submissions: Path, year: int) -> str | None:
    """The output stem from report.yaml alone, so that a no-op build need not load everything.

    Read as validation reads it (the same safe loader and model); any problem gives None and is
    reported by the validation that then follows.
    """
    diags = Diagnostics()
    path = submissions / str(year) / REPORT_FILE
    if not path.is_file():
        return None
    report = check_model(Report, load_yaml(path, str(path), submissions, diags), diags)
    if report is None or report.symbols is None or diags.errors:  # a null is still to be filled in
        return None
    return stem(report.symbols)


def plan(stem: str, langs: Sequence[str], formats: Sequence[str]) -> list[Job]:
    """Every file a build of these languages and formats makes, in order."""
    return [
        Job(name, file_langs, FORMATS[name].filename(stem, file_langs))
        for name in formats
        for file_langs in FORMATS[name].files(tuple(langs))
    ]
