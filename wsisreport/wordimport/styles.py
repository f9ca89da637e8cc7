"""What a Word style means for the import: heading levels, italics, hidden text, tables of contents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .ns import W, w

# Built-in heading styles are named "heading 1"…"heading 9" in the file whatever the user's
# language; other programs write the names people see. Their ids are localized ("berschrift1",
# "Titre1", and just "1" in Chinese Word), so names decide, never ids alone.
_HEADING_NAMES = re.compile(
    r"^(?:heading|überschrift|titre|título|titulo|titolo|kop|rubrik|nagłówek|заголовок|عنوان"
    r"|标题|標題|見出し|제목|overskrift|otsikko|nadpis|címsor)([1-9])$"
)
# The UN Word templates: "_ H _Ch_G" (chapter), "_ H_1_G" (A.), "_ H_2_G" (1.), …, and the
# "Reg_" variants. Compared with everything but letters and digits removed.
_UN_HEADING = re.compile(r"^(?:reg)?h(ch|[1-9])g$")
_TOC_NAME = re.compile(r"^(?:toc|inhaltsverzeichnis|verzeichnis|目录|目錄)([1-9])$")
_MAX_CHAIN = 32  # basedOn chains are short; a loop in a crafted file must end


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name.casefold())


def heading_level_of_name(name: str) -> int | None:
    """The heading level a style name stands for (built-in in any language, or UN template)."""
    found = _HEADING_NAMES.match(_key(name))
    if found:
        return int(found.group(1))
    un = _UN_HEADING.match(re.sub(r"[^a-z0-9]", "", name.casefold()))
    if un:
        return 1 if un.group(1) == "ch" else int(un.group(1)) + 1
    return None


def _toggle(rpr: etree._Element | None, tag: str) -> bool | None:
    """A toggle property (w:i, w:vanish) as set in ``rpr``: True, False, or None when not set."""
    if rpr is None:
        return None
    node = rpr.find(w(tag))
    if node is None:
        return None
    return node.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class Style:
    id: str
    kind: str
    name: str
    based_on: str | None
    outline_level: int | None  # 0-based, as in the file; 9 is body text
    italic: bool | None
    hidden: bool | None


class Styles:
    """The styles part, with each property resolved along the ``basedOn`` chain."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.default_italic = False
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_italic = bool(_toggle(defaults, "i"))
        for node in root.iter(w("style")):
            sid = node.get(w("styleId"))
            if not sid:
                continue
            kind = node.get(w("type"), "paragraph")
            name_node = node.find(w("name"))
            based = node.find(w("basedOn"))
            level = node.find(f"{W}pPr/{W}outlineLvl")
            rpr = node.find(w("rPr"))
            self.styles[sid] = Style(
                sid,
                kind,
                name_node.get(w("val"), sid) if name_node is not None else sid,
                based.get(w("val")) if based is not None else None,
                _int(level.get(w("val"))) if level is not None else None,
                _toggle(rpr, "i"),
                _toggle(rpr, "vanish"),
            )
            if kind == "paragraph" and node.get(w("default")) in ("1", "true", "on"):
                self.default_paragraph = sid

    def chain(self, sid: str | None) -> list[Style]:
        """The style and the styles it is based on, nearest first."""
        found: list[Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen and len(found) < _MAX_CHAIN:
            seen.add(sid)
            style = self.styles[sid]
            found.append(style)
            sid = style.based_on
        return found

    def paragraph_style(self, sid: str | None) -> str | None:
        return sid if sid in self.styles else self.default_paragraph

    def heading_level(self, sid: str | None) -> int | None:
        """1–9 for a heading style (by outline level, built-in name or UN name), else None."""
        for style in self.chain(self.paragraph_style(sid)):
            if style.outline_level is not None:
                return style.outline_level + 1 if 0 <= style.outline_level <= 8 else None
            level = heading_level_of_name(style.name)
            if level is not None:
                return level
        return None

    def is_toc(self, sid: str | None) -> bool:
        return any(_TOC_NAME.match(_key(s.name)) for s in self.chain(self.paragraph_style(sid)))

    def name(self, sid: str | None) -> str:
        sid = self.paragraph_style(sid)
        return self.styles[sid].name if sid in self.styles else "Normal"

    def _first(self, sid: str | None, attr: str) -> bool | None:
        for style in self.chain(sid):
            value: bool | None = getattr(style, attr)
            if value is not None:
                return value
        return None

    def italic(self, paragraph_style: str | None, character_style: str | None) -> bool:
        """Italic from the character style, else the paragraph style, else the defaults."""
        for value in (
            self._first(character_style, "italic"),
            self._first(self.paragraph_style(paragraph_style), "italic"),
        ):
            if value is not None:
                return value
        return self.default_italic

    def hidden(self, character_style: str | None) -> bool:
        return bool(self._first(character_style, "hidden"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def toggle(rpr: etree._Element | None, tag: str) -> bool | None:
    """A run's own toggle property: True, False, or None when the run does not set it."""
    return _toggle(rpr, tag)
