"""The translation record: per contribution id and note key, the English its Chinese was made from.

One JSON file per year and language, ``submissions/<year>/translations/zh.json``, beside the
submissions and not among them (every ``*.yaml`` of the year folder is a submission). Keyed by
the persistent ids, so it survives reordering and moves between sections; it holds the English
itself, not a hash, so that ``validate`` can say what changed. Written with sorted keys and one
text per line, so that its diffs are as readable as the submissions' own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..diagnostics import Diagnostics, Location
from ..models import FootnoteKey, FragmentId
from . import TRANSLATION_LANGUAGE

RECORD_FOLDER = "translations"
RECORD_VERSION = 1
# Far above any real year (the 2024 record is about 100 KB); a larger file is refused unread.
MAX_RECORD_SIZE = 16 * 1024 * 1024
ABOUT = (
    "The English each Chinese text was translated from, by contribution id and note key."
    " Written by `wsisreport translate import` and `wsisreport translate mark`; not edited by hand"
    " (docs/translation.md)."
)


def fold(text: str) -> str:
    """White space folded to single spaces: how English is compared and recorded.

    Re-wrapping a YAML block changes no word, so it must not make a translation stale.
    """
    return " ".join(text.split())


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    notes: dict[FootnoteKey, str] = Field(default_factory=dict)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str = ""
    version: int
    language: str
    fragments: dict[FragmentId, _Entry] = Field(default_factory=dict)


# A piece of translation: a contribution's text (note None) or one of its notes.
PieceKey = tuple[str, str | None]


@dataclass
class Record:
    """What the record file holds: the English per piece (folded)."""

    english: dict[PieceKey, str] = field(default_factory=dict)

    def get(self, fragment: str, note: str | None) -> str | None:
        return self.english.get((fragment, note))

    def set(self, fragment: str, note: str | None, english: str) -> None:
        self.english[fragment, note] = fold(english)

    def dump(self) -> bytes:
        """The file's bytes: deterministic (sorted, one text per line), ending with a newline."""
        fragments: dict[str, dict[str, object]] = {}
        for (fragment, note), english in sorted(
            self.english.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
        ):
            entry = fragments.setdefault(fragment, {})
            if note is None:
                entry["text"] = english
            else:
                notes = entry.setdefault("notes", {})
                assert isinstance(notes, dict)
                notes[note] = english
        data = {
            "about": ABOUT,
            "version": RECORD_VERSION,
            "language": TRANSLATION_LANGUAGE,
            "fragments": fragments,
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def record_path(year_folder: Path) -> Path:
    return year_folder / RECORD_FOLDER / f"{TRANSLATION_LANGUAGE}.json"


def load_record(path: Path, display: str, diags: Diagnostics) -> Record | None:
    """Read the record; a missing file is an empty record, a broken one a located error (and None)."""
    if not path.exists():
        return Record()
    here = Location(display)
    if path.is_symlink() or not path.is_file():
        diags.error(here, "the translation record must be a plain file", "translation-record")
        return None
    if path.stat().st_size > MAX_RECORD_SIZE:
        diags.error(here, f"the translation record is over {MAX_RECORD_SIZE:,} bytes", "translation-record")
        return None
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        diags.error(here, "the translation record is not UTF-8", "translation-record")
        return None
    except json.JSONDecodeError as exc:
        diags.error(
            Location(display, exc.lineno, exc.colno),
            f"the translation record is not valid JSON: {exc.msg}",
            "translation-record",
            "restore it from version control, or rebuild it with `wsisreport translate mark`",
        )
        return None
    try:
        parsed = _File.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        diags.error(
            here,
            f"the translation record is malformed at '{where}': {first['msg']}",
            "translation-record",
            "restore it from version control, or rebuild it with `wsisreport translate mark`",
        )
        return None
    if parsed.version != RECORD_VERSION or parsed.language != TRANSLATION_LANGUAGE:
        diags.error(
            here,
            f"the translation record is version {parsed.version} for '{parsed.language}';"
            f" this wsisreport reads version {RECORD_VERSION} for '{TRANSLATION_LANGUAGE}'",
            "translation-record",
        )
        return None
    record = Record()
    for fragment, entry in parsed.fragments.items():
        if entry.text is not None:
            record.english[fragment, None] = fold(entry.text)
        for key, english in entry.notes.items():
            record.english[fragment, key] = fold(english)
    return record
