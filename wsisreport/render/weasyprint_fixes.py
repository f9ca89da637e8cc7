"""Two changes to WeasyPrint 70's layout that the UN page model needs, applied once by the PDF renderer.

1. Notes stay with their calls. When a paragraph's line overflows the page and breaking before
   it would leave fewer lines than ``orphans`` on the page, WeasyPrint 70 first tries to make
   room by moving the page's last notes to the next page ("report footnotes and see if we don't
   overflow", layout/block.py), away from their calls. In a UN document a note never leaves its
   call's page, so that attempt is switched off: the line then breaks as ``orphans`` and
   ``widows`` allow, which moves the paragraph's first lines, with their notes, to the next page.
2. Each note is laid out once per page. WeasyPrint 70 lays the whole footnote area out again
   every time a note is added to or removed from a page (quadratic in the notes of a page); with
   notes that have no vertical margins the area is as tall as the sum of its notes, so each note's
   height is kept instead: the same bytes, 9 % fewer instructions for the 2024 English PDF. This
   also drops the area's overflow test, which compares two sums of the same floats and, with a
   border on the area, reported overflows of 1e-13 px. The area is still laid out in full once
   per page, for drawing, by WeasyPrint's page layout.

Both are checked against the installed WeasyPrint: if its source is not the one these changes
were written for, the renderer refuses to start (MissingDependency) rather than lay out wrongly.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Mapping, Sequence
from math import inf
from typing import Any

from ..errors import MissingDependency

# The decision in _linebox_layout to move notes away to fit a line (WeasyPrint 70.0).
_REPORT = "report = not context.in_column and can_break_now and not could_break_before"
_PATCHED = "_wsisreport_patched"


def apply() -> None:
    """Patch WeasyPrint's layout modules (idempotent)."""
    from weasyprint.layout import LayoutContext, block

    if not getattr(block._linebox_layout, _PATCHED, False):
        _keep_notes_with_calls(block)
    if not getattr(LayoutContext._update_footnote_area, _PATCHED, False):
        _measure_notes_once(LayoutContext)


def _refuse(what: str) -> MissingDependency:
    import weasyprint

    return MissingDependency(
        f"WeasyPrint {weasyprint.__version__} is not the 70.0 layout the PDF renderer was written for"
        f" ({what}); install the pinned version (pip install 'weasyprint==70.*')"
    )


def recompiled(
    function: Any,
    module: Any,
    replacements: Sequence[tuple[str, str]],
    names: Mapping[str, Any] | None = None,
) -> Any | None:
    """``function`` compiled again from its source with each ``(old, new)`` replaced, or None.

    None when a line to replace is not there exactly once (another WeasyPrint). The new function
    is defined with ``module``'s globals, as the original, plus ``names`` when given.
    """
    source = inspect.getsource(function)
    for old, new in replacements:
        if source.count(old) != 1:
            return None
        source = source.replace(old, new)
    scope = {**vars(module), **names} if names else vars(module)
    namespace: dict[str, Any] = {}
    exec(compile(textwrap.dedent(source), module.__file__, "exec"), scope, namespace)
    return namespace[function.__name__]


def _keep_notes_with_calls(block: Any) -> None:
    patched = recompiled(block._linebox_layout, block, [(_REPORT, "report = False")])
    if patched is None:
        raise _refuse("layout/block.py: _linebox_layout")
    setattr(patched, _PATCHED, True)
    block._linebox_layout = patched


def _measure_notes_once(context_class: Any) -> None:
    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    original = context_class._update_footnote_area
    if "self.current_footnote_area.children = self.current_page_footnotes" not in inspect.getsource(original):
        raise _refuse("layout/__init__.py: LayoutContext._update_footnote_area")

    def note_height(context: Any, area: Any, note: Any) -> float:
        cache: dict[tuple[int, object], float] = context.__dict__.setdefault("_wsisreport_note_heights", {})
        key = (id(note), area.width)
        if key not in cache:
            alone = build.create_anonymous_boxes(area.copy_with_children([note]).deepcopy())
            laid_out = block_level_layout(context, alone, -inf, None, area.page)[0]
            cache[key] = laid_out.height
        return cache[key]

    def _update_footnote_area(self: Any) -> bool:
        area = self.current_footnote_area
        style = area.style
        # Only where the area is as tall as its notes: auto height, no max-height, no margins
        # (which could collapse) on the notes.
        simple = (
            not self.in_column
            and style["height"] == "auto"
            and style["max_height"].value == inf
            and all(
                _zero(n.style["margin_top"]) and _zero(n.style["margin_bottom"])
                for n in self.current_page_footnotes
            )
        )
        if not simple:
            return bool(original(self))
        if area.height != "auto":
            self.page_bottom += area.margin_height()
        area.children = self.current_page_footnotes
        area.height = sum(note_height(self, area, note) for note in area.children)
        self.page_bottom -= area.margin_height()
        return False

    setattr(_update_footnote_area, _PATCHED, True)
    _update_footnote_area.original = original  # type: ignore[attr-defined]  # for the tests
    context_class._update_footnote_area = _update_footnote_area


def _zero(length: Any) -> bool:
    """Whether a computed length is 0 (not "auto", not a percentage of something)."""
    return getattr(length, "value", None) == 0
