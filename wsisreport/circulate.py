"""``wsisreport compare``: two versions of a year, the newer in UN format with the changes tracked.

Dates of the revisions (docs/cycle.md): ``SOURCE_DATE_EPOCH`` when set; else, when the newer version
is a git revision, its commit time; else the time of the comparison. So a comparison of two
revisions is byte-reproducible as it is, and of the current files under ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build.plan import stem
from .compare import Comparison, compare
from .errors import UsageError
from .fsutil import write_all_atomic
from .models import LANGUAGES
from .reproducible import source_date_epoch
from .versions import Version, VersionDocument, load_version, open_version

DEFAULT_AUTHOR = "wsisreport"


@dataclass(frozen=True)
class Written:
    lang: str
    path: Path


@dataclass
class CompareResult:
    """What was compared, what changed, and the files written."""

    comparison: Comparison
    old: VersionDocument
    new: VersionDocument
    author: str
    date: str
    written: list[Written] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def side(v: VersionDocument) -> dict[str, Any]:
            return {"label": v.version.label, "commit": v.version.commit, "unfilled": list(v.unfilled)}

        data = self.comparison.as_dict()
        for item in self.written:
            data["languages"][item.lang]["file"] = str(item.path)
        return {
            "from": side(self.old),
            "to": side(self.new),
            "author": self.author,
            "date": self.date,
            **data,
        }


def revision_date(newer: Version) -> str:
    """The revisions' ``w:date``: SOURCE_DATE_EPOCH, else the newer commit's time, else now."""
    epoch = source_date_epoch()
    if epoch is not None:
        when = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    elif newer.committed is not None:
        when = newer.committed
    else:
        when = datetime.datetime.now(tz=datetime.UTC)
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def compare_versions(
    submissions: Path,
    year: int,
    source: str,
    target: str | None = None,
    *,
    langs: Sequence[str] = LANGUAGES,
    out: Path = Path("build"),
    author: str = DEFAULT_AUTHOR,
) -> CompareResult:
    """Compare ``year`` between ``source`` and ``target`` (None: the current files); write the DOCX
    of each language to ``<out>/<year>/<stem>.<lang>.compare.docx``."""
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        raise UsageError(f"unknown language '{unknown[0]}' (the report has {', '.join(LANGUAGES)})")
    if not author.strip():
        raise UsageError("the author of the changes cannot be empty")
    langs = tuple(dict.fromkeys(langs))
    with open_version(source, submissions) as older, open_version(target, submissions) as newer:
        old = load_version(older, year)
        new = load_version(newer, year)
    comparison = compare(old.document, old.merge_keys, new.document, new.merge_keys, langs)
    date = revision_date(new.version)
    result = CompareResult(comparison, old, new, author, date)
    from .render.redline import render_redline  # python-docx only when writing

    name = f"draft-{year}" if "symbols" in new.unfilled else stem(new.document.symbols)
    folder = out / str(year)
    files: dict[Path, bytes] = {}
    for lang in langs:
        path = folder / f"{name}.{lang}.compare.docx"
        files[path] = render_redline(new.document, comparison.redlines[lang], author=author, date=date)
        result.written.append(Written(lang, path))
    write_all_atomic(files)
    return result
