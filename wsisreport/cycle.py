"""``wsisreport new-year``: start a year's report definition and standing text from the previous year's.

What carries over, what moves on and what is left to fill in is documented in docs/cycle.md:

- ``report.yaml`` keeps its layout and comments; only values change: the year; the session names,
  advanced (Eightieth session → Eighty-first session, 第八十届会议 → 第八十一届会议, 2025 session →
  2026 session); the years named in the standing texts (title, summary, contributors note, agenda
  item titles), moved on by as many years; and the facts each year brings (symbols, job number,
  date, agenda items and their notes) written ``null``, which validation reports as fill-in errors.
- ``secretariat.yaml`` keeps the standing text: the contributions whose text uses a computed value
  (``@{…}`` or ``[^@…]``), with new ids, both languages and their years moved on. The year's own
  text is left out.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, Diagnostics
from .errors import UsageError
from .fsutil import write_all_atomic
from .ids import new_id, year_ids
from .load import REPORT_FILE, SECRETARIAT, Loaded, YearSources, dotted, load_tree
from .models import LANGUAGES, Submission
from .ordinals import advance_session
from .translation.record import Record, fold, load_record, record_path
from .validate import FILL_INS
from .wordimport.writer import quoted
from .yamlload import PathKey, load_yaml_text

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{name}.schema.json"
# The facts each year brings: written null in the new year, for the editor to fill in.
TOP_FACTS = ("symbols", "job_number", "date")
SESSION_FACTS = ("item", "item_note")
# Standing texts of report.yaml whose years move on with the report.
SHIFTED_TEXTS: tuple[PathKey, ...] = (("title",), ("summary",), ("contributors_note",))
SHIFTED_SESSION_TEXTS = ("item_title",)
TEXT_WIDTH = 100
_HEADER = (
    "# Started from the {source} report by `wsisreport new-year {year}`. The facts written null\n"
    "# are to be filled in: `wsisreport validate` lists them until they are."
)
_HEADER_RE = re.compile(
    r"^# Started from the \d{4} report by `wsisreport new-year \d{4}`\. The facts written null$"
)
_OLD_HEADER = {_HEADER.split("\n")[1]}


@dataclass(frozen=True)
class Change:
    """One value the new year's files hold differently from the previous year's."""

    where: str
    kind: Literal["advanced", "shifted", "fill-in", "unchanged"]
    old: str
    new: str


@dataclass(frozen=True)
class Carried:
    """A secretariat contribution carried over, under its new id."""

    old_id: str | None
    new_id: str
    section: str


@dataclass
class NewYear:
    """What ``new-year`` wrote, changed and left to fill in."""

    year: int
    source_year: int
    written: list[Path] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    left_out: int = 0
    # The new year's diagnostics as validation reports them (the fill-ins among them).
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # True when report.yaml could not be edited in place and was written out afresh.
    rewritten: bool = False


# A year of the report or the one after it, as a whole number: not part of a longer number, nor of
# a symbol such as E/2025/12 or resolution 2006/46.
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)(?!/\d)")


def shift_years(text: str, source_year: int, years: int) -> str:
    """``text`` with the report's year and the next one moved on by ``years`` (2024 → 2025)."""
    moved = {source_year, source_year + 1}

    def shift(match: re.Match[str]) -> str:
        value = int(match.group(1))
        return str(value + years) if value in moved else match.group(0)

    return _YEAR_RE.sub(shift, text)


def _one_line(value: Any) -> str:
    if isinstance(value, dict):
        return " / ".join(_one_line(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(_one_line(v) for v in value)
    return re.sub(r"\s+", " ", str(value)).strip()


# -- report.yaml ------------------------------------------------------------------------------


def _nodes(text: str) -> dict[PathKey, tuple[Node, Node | None]]:
    """Every value node of a YAML text by its data path, with its key node (None in a list)."""
    # The pure-Python composer: its marks count characters, which the edits below slice by.
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: dict[PathKey, tuple[Node, Node | None]] = {}

    def walk(node: Node, where: PathKey, key: Node | None) -> None:
        found[where] = (node, key)
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, (*where, str(key_node.value)), key_node)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*where, i), None)

    if root is not None:
        walk(root, (), None)
    return found


def _scalar_texts(node: Node, where: PathKey) -> Iterator[tuple[PathKey, ScalarNode]]:
    if isinstance(node, ScalarNode):
        yield where, node
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            yield from _scalar_texts(value_node, (*where, str(key_node.value)))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalar_texts(item, (*where, i))


def _set(data: Any, where: PathKey, value: Any) -> None:
    for part in where[:-1]:
        data = data[part]
    data[where[-1]] = value


def _get(data: Any, where: PathKey) -> Any:
    for part in where:
        data = data[part]
    return data


class _ReportEdit:
    """The new year's report.yaml: text edits of the old file, and the data they must give."""

    def __init__(self, text: str, data: dict[str, Any], source_year: int, year: int) -> None:
        self.text = text
        self.expected: dict[str, Any] = copy.deepcopy(data)
        self.nodes = _nodes(text)
        self.source_year = source_year
        self.year = year
        self.years = year - source_year
        self.edits: list[tuple[int, int, str]] = []
        self.changes: list[Change] = []

    def set_year(self) -> None:
        node, _key = self.nodes[("year",)]
        self.edits.append((node.start_mark.index, node.end_mark.index, str(self.year)))
        self.expected["year"] = self.year

    def fill_in(self, where: PathKey) -> None:
        """Write ``null`` for a fact of the year, with a comment saying what it is and what it was."""
        node, key = self.nodes[where]
        assert key is not None
        old = _get(self.expected, where)
        what = FILL_INS[str(where[-1])][0]
        start = self.text.index(":", key.end_mark.index)
        end = node.end_mark.index
        while end > start and self.text[end - 1].isspace():
            end -= 1
        comment = f"# fill in: {what} ({self.source_year}: {_one_line(old)})"
        self.edits.append((start, end, f": null  {comment}"))
        _set(self.expected, where, None)
        self.changes.append(Change(dotted(where), "fill-in", _one_line(old), "null"))

    def rewrite_scalars(
        self, where: PathKey, change: Callable[[str, str], str | None], kind: Literal["advanced", "shifted"]
    ) -> list[PathKey]:
        """Apply ``change(text, lang)`` to every text under ``where``, in the file and in the data.

        The change is made on the scalar as written (quotes, folding and all), which keeps the
        file's layout; the check against the data afterwards catches a change the two disagree on.
        Returns the texts ``change`` left as they were (None).
        """
        untouched: list[PathKey] = []
        node, _key = self.nodes[where]
        for path, scalar in _scalar_texts(node, where):
            if not isinstance(_get(self.expected, path), str):
                continue
            lang = str(path[-1]) if path[-1] in LANGUAGES else "en"
            value = _get(self.expected, path)
            new_value = change(value, lang)
            if new_value is None:
                untouched.append(path)
                continue
            if new_value == value:
                continue
            start, end = scalar.start_mark.index, scalar.end_mark.index
            raw = change(self.text[start:end], lang)
            self.edits.append((start, end, raw if raw is not None else self.text[start:end]))
            _set(self.expected, path, new_value)
            if kind == "shifted":  # the years alone: the texts are long
                old_years, new_years = _YEAR_RE.findall(value), _YEAR_RE.findall(new_value)
                pairs = dict.fromkeys(
                    f"{a} → {b}" for a, b in zip(old_years, new_years, strict=True) if a != b
                )
                self.changes.append(Change(dotted(path), kind, ", ".join(old_years), ", ".join(pairs)))
            else:
                self.changes.append(Change(dotted(path), kind, _one_line(value), _one_line(new_value)))
        return untouched

    def result(self, header: str) -> tuple[str, bool]:
        """The new file's text, and whether it had to be written out afresh."""
        out = self.text
        for start, end, replacement in sorted(self.edits, reverse=True):
            out = out[:start] + replacement + out[end:]
        # A file started by new-year itself: its header gives way to the new one.
        lines = [line for line in out.split("\n") if line not in _OLD_HEADER and not _HEADER_RE.match(line)]
        at = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
        lines[at:at] = header.split("\n")
        edited = "\n".join(lines)
        if _data_of(edited) == self.expected:
            return edited, False
        # The edits and the data disagree (an escape in a quoted scalar, say): write the data out.
        fresh = SCHEMA_LINE.format(name="report") + "\n" + header + "\n"
        fresh += yaml.safe_dump(self.expected, allow_unicode=True, sort_keys=False, width=TEXT_WIDTH)
        if _data_of(fresh) != self.expected:
            raise UsageError(f"the {self.year} report definition could not be written; copy it by hand")
        return fresh, True


def _data_of(text: str) -> Any:
    diags = Diagnostics()
    loaded = load_yaml_text(text, "report.yaml", diags)
    return None if diags.errors else loaded.data


def _new_report(
    text: str, data: dict[str, Any], source_year: int, year: int
) -> tuple[str, list[Change], bool]:
    edit = _ReportEdit(text, data, source_year, year)
    edit.set_year()
    years = edit.years

    def shift(text: str, _lang: str) -> str:
        return shift_years(text, source_year, years)

    for name in TOP_FACTS:
        if data.get(name) is not None:  # one still null stays so
            edit.fill_in((name,))
    for i, session in enumerate(data.get("sessions") or []):
        where: PathKey = ("sessions", i)
        for name in SESSION_FACTS:
            if name in session and session[name] is not None:
                edit.fill_in((*where, name))
        if "session" in session:
            for path in edit.rewrite_scalars(
                (*where, "session"), lambda t, lang: advance_session(t, years, lang), "advanced"
            ):
                value = _one_line(_get(edit.expected, path))
                edit.changes.append(Change(dotted(path), "unchanged", value, value))
        for name in SHIFTED_SESSION_TEXTS:
            if name in session:
                edit.rewrite_scalars((*where, name), shift, "shifted")
    for where in SHIFTED_TEXTS:
        if where[0] in data:
            edit.rewrite_scalars(where, shift, "shifted")
    header = _HEADER.format(source=source_year, year=year)
    out, rewritten = edit.result(header)
    return out, edit.changes, rewritten


# -- secretariat.yaml -------------------------------------------------------------------------


def _uses_computed(loaded: Loaded[Submission], index: int) -> bool:
    """Whether contribution ``index`` uses a computed value (``@{…}``) or note (``[^@…]``)."""
    prefix = ("contributions", index)
    for where, parsed in loaded.inline.items():
        if where[: len(prefix)] != prefix:
            continue
        if parsed.placeholders() or any(c.key.startswith("@") for c in parsed.calls()):
            return True
    return False


def _plain_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    try:
        return bool(yaml.safe_load(f"k: {value}") == {"k": value})
    except yaml.YAMLError:
        return False


def _folded(value: str, indent: int) -> str | None:
    """``value`` as a folded block scalar (``>-``) wrapped at spaces, or None when folding would change it."""
    if not value or value != value.strip() or re.search(r"\s\s|[\n\t\r]", value):
        return None
    pad = " " * indent
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > TEXT_WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "\n".join(pad + text for text in lines)


def _text_value(value: str, indent: int) -> str:
    folded = _folded(value, indent)
    if folded is not None and yaml.safe_load(f"k: {folded}") == {"k": value}:
        return folded
    return quoted(value)


def _emit_contribution(contribution: dict[str, Any], comment: str) -> list[str]:
    lines = [f"  # {comment}"]
    first = True
    for key in ("id", "section", "paragraph", "order"):
        if key not in contribution:
            continue
        value = contribution[key]
        text = str(value) if isinstance(value, int | float) else value
        text = text if isinstance(value, int | float) or _plain_safe(text) else quoted(text)
        lines.append(("  - " if first else "    ") + f"{key}: {text}")
        first = False
    lines.append("    text:")
    for lang, value in contribution["text"].items():
        lines.append(f"      {lang}: {_text_value(value, 8)}")
    footnotes = contribution.get("footnotes") or {}
    if footnotes:
        lines.append("    footnotes:")
        for key, note in footnotes.items():
            if isinstance(note, str):
                lines.append(f"      {key}: {quoted(note)}")
            else:
                lines.append(f"      {key}:")
                for lang, value in note.items():
                    lines.append(f"        {lang}: {quoted(value)}")
    return lines


def _shifted(texts: dict[str, str | None], source_year: int, years: int) -> dict[str, str]:
    """The texts of each language there is, the years moved on (a text not yet translated stays out)."""
    shifted = {}
    for lang in LANGUAGES:
        text = texts.get(lang)
        if text is not None:
            shifted[lang] = shift_years(text, source_year, years)
    return shifted


def _new_secretariat(
    loaded: Loaded[Submission] | None, source_year: int, year: int, taken: set[str]
) -> tuple[str, list[Carried], int, dict[str, Any]]:
    years = year - source_year
    carried: list[Carried] = []
    kept: list[dict[str, Any]] = []
    body: list[str] = []
    total = 0
    if loaded is not None:
        raw = loaded.file.data.get("contributions") or []
        total = len(raw)
        for i, contribution in enumerate(raw):
            if not _uses_computed(loaded, i):
                continue
            fresh = new_id(SECRETARIAT, taken)
            item: dict[str, Any] = {"id": fresh}
            for key in ("section", "paragraph", "order"):
                if key in contribution:
                    item[key] = contribution[key]
            item["text"] = _shifted(contribution["text"], source_year, years)
            notes = contribution.get("footnotes") or {}
            if notes:
                item["footnotes"] = {
                    key: shift_years(note, source_year, years)
                    if isinstance(note, str)
                    else _shifted(note, source_year, years)
                    for key, note in notes.items()
                }
            kept.append(item)
            old_id = contribution.get("id")
            carried.append(Carried(old_id, fresh, item["section"]))
            body += _emit_contribution(
                item, f"carried over from {old_id or 'a contribution'} ({source_year})"
            )
    lines = [
        SCHEMA_LINE.format(name="submission"),
        f"# The secretariat's own text for {year}, started by `wsisreport new-year {year}`: the standing",
        f"# text of {source_year} (the contributions that use computed values), with new ids and its years",
        "# moved on. The year's own text is still to be written. The format: docs/submissions.md.",
        f"entity: {SECRETARIAT}",
        f"year: {year}",
        "contributions:" + ("" if body else " []"),
        *body,
    ]
    expected = {"entity": SECRETARIAT, "year": year, "contributions": kept}
    return "\n".join(lines) + "\n", carried, total - len(carried), expected


# -- the command ------------------------------------------------------------------------------


def _carried_record(
    sources: YearSources,
    secretariat: Loaded[Submission] | None,
    carried: list[Carried],
    expected: dict[str, Any],
    folder: Path,
    diags: Diagnostics,
) -> tuple[Path, bytes] | None:
    """The new year's translation record for the carried-over text.

    A piece whose Chinese was up to date last year stays translated under its new id (its years
    moved on in both languages alike); a stale or untranslated one stays so.
    """
    if secretariat is None or not carried:
        return None
    old = load_record(record_path(sources.folder), str(record_path(sources.folder)), diags)
    target = record_path(folder)
    new = load_record(target, str(target), diags) if target.exists() else Record()
    if old is None or new is None:
        return None
    by_old = {c.id: c for c in secretariat.model.contributions if c.id}
    items = {item["id"]: item for item in expected["contributions"]}
    for move in carried:
        before = by_old.get(move.old_id or "")
        item = items[move.new_id]
        if before is None:
            continue
        if before.text.zh and old.get(before.id or "", None) == fold(before.text.en):
            new.set(move.new_id, None, item["text"]["en"])
        for key, note in before.footnotes.items():
            if isinstance(note, str):
                continue
            if note.zh and old.get(before.id or "", key) == fold(note.en):
                new.set(move.new_id, key, item["footnotes"][key]["en"])
    return target, new.dump()


def new_year(submissions: Path, year: int, source_year: int | None = None) -> NewYear:
    """Write ``<year>/report.yaml`` and ``<year>/secretariat.yaml`` from ``source_year`` (default the
    year before); never overwrite either. Returns what changed and the new year's diagnostics."""
    source_year = year - 1 if source_year is None else source_year
    if year <= source_year:
        raise UsageError(f"the new year ({year}) must come after the one it starts from ({source_year})")
    folder = submissions / str(year)
    targets = {"report": folder / REPORT_FILE, "secretariat": folder / f"{SECRETARIAT}.yaml"}
    for target in targets.values():
        if target.exists():
            raise UsageError(f"{target} already exists; new-year never overwrites")
    diags = Diagnostics()
    tree = load_tree(submissions, diags, years={source_year, year})
    sources = tree.years.get(source_year)
    if sources is None:
        raise UsageError(f"no folder for {source_year} in {submissions}: start from another year with --from")
    if sources.report is None:
        first = next((d.format_text() for d in diags.errors if REPORT_FILE in d.location.path), "")
        raise UsageError(f"the {source_year} report.yaml does not load; fix it first: {first}".rstrip(": "))
    secretariat = next((s for s in sources.submissions if s.model.entity == SECRETARIAT), None)
    if secretariat is None and (sources.folder / f"{SECRETARIAT}.yaml").exists():
        raise UsageError(f"the {source_year} secretariat.yaml does not load; fix it first")
    report_file = sources.report.file
    text = report_file.path.read_text(encoding="utf-8")
    report_text, changes, rewritten = _new_report(text, report_file.data, source_year, year)
    # Ids are never reused: none of either year's (the new folder may already hold files).
    taken = year_ids(sources)
    if year in tree.years:
        taken |= year_ids(tree.years[year])
    secretariat_text, carried, left_out, expected = _new_secretariat(secretariat, source_year, year, taken)
    if _data_of(secretariat_text) != expected:
        raise UsageError(f"the {year} secretariat text could not be written; copy it by hand")
    files = {
        targets["report"]: report_text.encode("utf-8"),
        targets["secretariat"]: secretariat_text.encode("utf-8"),
    }
    record = _carried_record(sources, secretariat, carried, expected, folder, diags)
    if record is not None:
        files[record[0]] = record[1]
    write_all_atomic(files)  # creating the year's folders
    result = NewYear(
        year, source_year, list(targets.values()), changes, carried, left_out, rewritten=rewritten
    )
    from .pipeline import check

    checked = check(submissions, years={year})
    result.diagnostics = checked.diagnostics.sorted()
    return result
