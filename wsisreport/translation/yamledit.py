"""Writing Chinese texts into submission files in place, with round-trip YAML (ruamel.yaml).

Settings (pinned with the library, see pyproject.toml): block indentation 2/4/2 as the
submissions are written, an unlimited line width (the default 80 would re-fold ``>-`` texts), and
quotes preserved. A file is edited only when loading and dumping it unchanged gives back its exact
bytes; then only the assigned values change: comments, key order, quoting and folding stay. A
new Chinese value takes the style of the Chinese it replaces, or of the English when it had none,
and a new ``zh`` key goes right after ``en`` (above any comment that followed the English).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import PlainScalarString, ScalarString

from ..errors import WsisReportError
from ..yamlload import PathKey


class EditError(WsisReportError):
    """A file that cannot be edited in place without changing more than the values."""

    category = "edit error"


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 2**31 - 1
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _styled(value: str, like: object) -> str:
    """``value`` in the scalar style of ``like`` (folded, literal, quoted), else plain where it can be."""
    styled: str = PlainScalarString(value)
    if isinstance(like, ScalarString) and not isinstance(like, PlainScalarString):
        styled = type(like)(value)
    return styled


def _move_trailing_comment(mapping: CommentedMap, before: str, after: str, lines: list[str]) -> None:
    """A comment on the lines after ``before``'s value belongs to what follows: keep it below ``after``.

    ruamel attaches such a comment to the mapping's last key; an end-of-line comment stays put.
    """
    items = mapping.ca.items
    entry = items.get(before)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    line = lines[token.start_mark.line] if token.start_mark.line < len(lines) else ""
    if line[: token.start_mark.column].strip():
        return  # an end-of-line comment
    items[after] = items.pop(before)


def edit_text(text: str, display: str, changes: dict[PathKey, str]) -> str:
    """``text`` with the value at each data path (ending in ``zh``) set; the rest byte for byte."""
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel's errors have no common base worth naming
        raise EditError(f"{display}: cannot be read for editing: {exc}") from None
    if _dump(yaml, data) != text:
        raise EditError(
            f"{display}: its layout cannot be kept by round-trip editing (indentation or escapes);"
            " reformat it as docs/submissions.md shows, or paste the Chinese by hand"
        )
    lines = text.split("\n")
    for where, value in sorted(changes.items(), key=lambda kv: str(kv[0])):
        parent: Any = data
        for part in where[:-1]:
            parent = parent[part]
        key = where[-1]
        assert isinstance(key, str) and isinstance(parent, CommentedMap)
        old = parent.get(key)
        like = old if isinstance(old, str) and old.strip() else parent.get("en")
        new = _styled(value, like)
        if key in parent:
            parent[key] = new
        else:
            keys = list(parent)
            at = keys.index("en") + 1 if "en" in keys else len(keys)
            parent.insert(at, key, new)
            if at == len(keys):
                _move_trailing_comment(parent, keys[at - 1], key, lines)
    return _dump(yaml, data)
