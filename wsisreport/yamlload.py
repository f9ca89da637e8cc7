"""Safe YAML loading that keeps the source position of every key and value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.scanner import Scanner

from .diagnostics import Diagnostics, Location

MAX_FILE_SIZE = 1024 * 1024

PathKey = tuple[str | int, ...]

# The C parser is several times faster; fall back to pure Python where it is missing.
_C_LOADER = hasattr(yaml, "CSafeLoader")
_BaseLoader: Any = yaml.CSafeLoader if _C_LOADER else yaml.SafeLoader


class _AnchorRefused(Exception):
    def __init__(self, mark: yaml.Mark, alias: bool) -> None:
        super().__init__()
        self.mark = mark
        self.alias = alias


@dataclass
class LoadedFile:
    """One YAML file's plain data, with a map from data paths to source positions."""

    path: Path
    display: str
    data: Any = None
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # Text values: their scalar style and where they end, to locate a character inside them.
    scalars: dict[PathKey, tuple[str | None, int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list, repr=False)
    _maps: dict[PathKey, SourceMap] = field(default_factory=dict, repr=False)

    def loc(self, where: PathKey = (), *, key: bool = False) -> Location:
        """The position of the value (or its key) at ``where``, else of its nearest parent."""
        if key and where in self.keys:
            return Location(self.display, *self.keys[where])
        probe = where
        while probe:
            if probe in self.values:
                return Location(self.display, *self.values[probe])
            probe = probe[:-1]
        return Location(self.display, *self.values.get((), (1, 1)))

    def source_map(self, where: PathKey) -> SourceMap | None:
        """How the text value at ``where`` maps onto the file's lines (None if not a text)."""
        if where not in self.scalars:
            return None
        found = self._maps.get(where)
        if found is None:
            style, end_line, end_col = self.scalars[where]
            value = _value_at(self.data, where)
            found = SourceMap.build(
                self.display, value, style, self.values[where], (end_line, end_col), self.lines
            )
            self._maps[where] = found
        return found

    def loc_at(self, where: PathKey, offset: int) -> Location:
        """The position of character ``offset`` of the text value at ``where``."""
        found = self.source_map(where)
        return found.at(offset) if found is not None else self.loc(where)


def _value_at(data: Any, where: PathKey) -> str:
    for part in where:
        data = data[part]
    return str(data)


@dataclass(frozen=True)
class SourceMap:
    """Where the characters of one text value sit in its file: runs of consecutive columns.

    Each run is (offset in the value, line, column); a character belongs to the last run that
    starts at or before it. Built from the scalar's lines, so plain, quoted and block scalars
    (folded or literal) are all mapped; inside a quoted escape it points at the escape's line.
    """

    path: str
    runs: tuple[tuple[int, int, int], ...]

    def at(self, offset: int) -> Location:
        runs = self.runs
        lo, hi = 0, len(runs) - 1
        while lo < hi:  # the last run starting at or before ``offset``
            mid = (lo + hi + 1) // 2
            if runs[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        start, line, col = runs[lo]
        return Location(self.path, line, col + max(0, offset - start))

    @classmethod
    def build(
        cls,
        path: str,
        value: str,
        style: str | None,
        start: tuple[int, int],
        end: tuple[int, int],
        lines: list[str],
    ) -> SourceMap:
        line, col = start
        runs: list[tuple[int, int, int]] = []
        if style in (">", "|"):
            # Content starts on the line after the header; a block ends at the start of the line
            # that follows it.
            last = end[0] - 1 if end[1] == 1 else end[0]
            content = [n for n in range(line + 1, min(last, len(lines)) + 1) if lines[n - 1].strip()]
            chunks: list[tuple[int, int, str]] = []
            if content:
                # The block's indentation: its first line's, less the spaces the value begins with
                # (an indentation indicator, "|2", lets a text begin with spaces).
                head, lead = lines[content[0] - 1], value.lstrip("\n")
                indent = len(head) - len(head.lstrip(" ")) - (len(lead) - len(lead.lstrip(" ")))
                chunks = [(n, indent + 1, lines[n - 1][indent:].rstrip()) for n in content]
        else:
            quote = 1 if style in ("'", '"') else 0
            chunks = []
            for number in range(line, min(end[0], len(lines)) + 1):
                text = lines[number - 1]
                begin = col - 1 + quote if number == line else len(text) - len(text.lstrip(" \t"))
                stop = end[1] - 1 - quote if number == end[0] else len(text)
                chunk = text[begin:stop].rstrip()
                if chunk:
                    chunks.append((number, begin + 1, chunk))
        pos = 0
        for number, column, chunk in chunks:
            pieces = _unescape(chunk, style)
            text = "".join(piece for piece, _at in pieces)
            # Folding joins lines with a space or a line break: the chunk is found just ahead.
            found = value.find(text, pos, pos + len(text) + 2)
            if found < 0:
                found = pos  # not found (an edge of folding): keep the run where it should start
            offset = found
            for piece, at in pieces:
                runs.append((offset, number, column + at))
                offset += len(piece)
            pos = found + len(text)
        return cls(path, tuple(runs) or ((0, line, col),))


# A quoted scalar's escapes: '' in single quotes; \x41, \u00e9, \t, … in double quotes.
_ESCAPES = {
    "'": re.compile("''"),
    '"': re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|$)"),
}
# PyYAML's own table of one-character escapes (\n, \t, \N, \_, \L, …), as it reads them.
_SHORT_ESCAPES: dict[str, str] = Scanner.ESCAPE_REPLACEMENTS


def _unescape(chunk: str, style: str | None) -> list[tuple[str, int]]:
    """One line of a scalar as pieces of its value, each with its column offset in the line.

    Each escape is a piece of its own, so a character after it is located exactly.
    """
    pattern = _ESCAPES.get(style or "")
    if pattern is None:
        return [(chunk, 0)]
    pieces: list[tuple[str, int]] = []
    pos = 0
    for match in pattern.finditer(chunk):
        if match.start() > pos:
            pieces.append((chunk[pos : match.start()], pos))
        escape = match.group(0)
        if escape == "''":
            pieces.append(("'", match.start()))
        elif len(escape) > 2:
            pieces.append((chr(int(escape[2:], 16)), match.start()))
        elif escape != "\\":  # a backslash ending the line continues it: no character
            pieces.append((_SHORT_ESCAPES.get(escape[1], escape[1]), match.start()))
        pos = match.end()
    if pos < len(chunk):
        pieces.append((chunk[pos:], pos))
    return pieces


def _events_have_anchors(text: str) -> tuple[Any, bool] | None:
    """Find the first anchor or alias: both are refused, which also rules out alias bombs."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark, True
        if getattr(event, "anchor", None):
            return event.start_mark, False
    return None


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain Python values, recording positions."""

    def __init__(self, loaded: LoadedFile, diags: Diagnostics) -> None:
        self.loaded = loaded
        self.diags = diags
        self.constructor = SafeConstructor()

    def build(self, node: Node, where: PathKey) -> Any:
        self.loaded.values[where] = _pos(node)
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.diags.error(
                        Location(self.loaded.display, *_pos(key_node)),
                        "a mapping key must be a plain string",
                        "wrong-type",
                    )
                    continue
                key = str(key_node.value)
                if key in result:
                    first = self.loaded.keys[(*where, key)]
                    self.diags.error(
                        Location(self.loaded.display, *_pos(key_node)),
                        f"duplicate key '{key}' (first defined at line {first[0]})",
                        "duplicate-key",
                        "remove one of the two, or merge them",
                    )
                    continue
                self.loaded.keys[(*where, key)] = _pos(key_node)
                result[key] = self.build(value_node, (*where, key))
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == "tag:yaml.org,2002:str":
            end = node.end_mark
            self.loaded.scalars[where] = (node.style, end.line + 1, end.column + 1)
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            self.diags.error(
                Location(self.loaded.display, *_pos(node)),
                f"unsupported YAML value: {exc.problem}",
                "yaml-tag",
                "write the value as plain text",
            )
            return None


def _offset_to_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def load_yaml(path: Path, display: str, root: Path | None, diags: Diagnostics) -> LoadedFile:
    """Load one YAML file safely; problems go to ``diags`` and leave ``data`` as None."""
    loaded = LoadedFile(path=path, display=display)
    here = Location(display)
    if path.is_symlink():
        target = path.resolve()
        base = (root or path.parent).resolve()
        if not target.is_relative_to(base):
            diags.error(
                here,
                "symbolic link points outside the submissions tree",
                "symlink-outside",
                "copy the file into the tree instead of linking to it",
            )
            return loaded
    try:
        size = path.stat().st_size
    except OSError as exc:
        diags.error(here, f"cannot read file: {exc.strerror}", "unreadable")
        return loaded
    if size > MAX_FILE_SIZE:
        diags.error(
            here,
            f"file is {size:,} bytes; the limit is {MAX_FILE_SIZE:,} (1 MiB)",
            "file-too-large",
            "split the submission into smaller files",
        )
        return loaded
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(
            Location(display, *_offset_to_position(raw, exc.start)),
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "not-utf8",
            "save the file as UTF-8",
        )
        return loaded
    return _parse(loaded, text, diags)


def load_yaml_text(text: str, display: str, diags: Diagnostics) -> LoadedFile:
    """Parse YAML text that is not (yet) a file, e.g. an edit about to be written."""
    return _parse(LoadedFile(path=Path(display), display=display), text, diags)


def _parse(loaded: LoadedFile, text: str, diags: Diagnostics) -> LoadedFile:
    display = loaded.display
    here = Location(display)
    try:
        # Only texts with '&' or '*' can hold anchors or aliases: skip the extra parse otherwise.
        found = _events_have_anchors(text) if ("&" in text or "*" in text) else None
        if found is not None:
            mark, alias = found
            # An alias is most often a text that begins with emphasis: YAML reads '*Title*' as one.
            diags.error(
                Location(display, mark.line + 1, mark.column + 1),
                f"YAML {'aliases' if alias else 'anchors'} are not allowed in submissions",
                "yaml-anchor",
                "quote a text that begins with '*' (emphasis): '*Title* …'; else write the value out in full"
                if alias
                else "write the value out in full",
            )
            return loaded
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark is not None:
            # Say where the construct began: an unclosed quote is reported only at the end of file.
            start: Any = exc.context_mark
            problem = f"{problem} ({exc.context} started at line {start.line + 1}, column {start.column + 1})"
        diags.error(Location(display, line, col), f"YAML syntax error: {problem}", "yaml-syntax")
        return loaded
    except yaml.reader.ReaderError as exc:
        encoded = text.encode("utf-8")
        # libyaml reports a byte offset, the pure-Python reader a character offset.
        offset = exc.position if _C_LOADER else len(text[: exc.position].encode("utf-8"))
        line, col = _offset_to_position(encoded, offset)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        diags.error(
            Location(display, line, col),
            f"control character U+{ord(char):04X} is not allowed",
            "forbidden-character",
            "delete the invisible character",
        )
        return loaded
    except yaml.YAMLError as exc:
        diags.error(here, f"YAML error: {exc}", "yaml-syntax")
        return loaded
    if node is None:
        diags.error(here, "file is empty", "empty-file", "see docs/submissions.md for the format")
        return loaded
    loaded.lines = text.split("\n")
    loaded.data = _Builder(loaded, diags).build(node, ())
    return loaded
