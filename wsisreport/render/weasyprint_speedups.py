"""Faster paths through WeasyPrint 70 that change no byte of its output, applied once by the PDF renderer.

1. Computed values that come from nowhere. Most of an element's properties are neither cascaded
   nor special: they inherit their parent's computed value or take the initial one. WeasyPrint 70
   works each out through its general path (logical properties, variables, math functions, the
   property name rewritten for its validators): about 100,000 times per 2024 PDF. The fast path
   returns the same value for those and hands every other case to the original.
2. One Pango context per direction and language, one font description per font. WeasyPrint 70
   makes a new context and a new description for each of the 4,000 text layouts of a 2024 PDF
   (every line tried, measured and drawn). A context is never changed after it is set up, and a
   layout copies the description it is given, so equal ones can be shared: they are kept, for the
   render, on the render's font configuration.
3. A font's file is read when it is needed. WeasyPrint 70 copies the whole file of every font a
   PDF uses into memory as it meets the font (26 MB for each face of a CJK collection), then,
   subsetting with HarfBuzz, replaces the copy with the subset without reading it: the copy is
   made only if something reads it.
4. Glyph arrays typed once. The subsetter's arrays of glyph ids are typed by their length
   (``hb_codepoint_t[956]``): cffi parses each new length as a new C type, a few ms each, six or
   more times a PDF. An array typed ``hb_codepoint_t[]`` takes its length from its items.
5. C types parsed ahead. cffi parses a C type the first time a process names it, 3-4 ms each;
   the build's workers are forked from the process that loaded WeasyPrint, so the types its
   renders name are parsed there, once for all of them.

Each stands in front of a function whose source is checked against the one it was written for: if
the installed WeasyPrint differs, the original stays in place (a speed-up never decides what is
drawn).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
from typing import Any

from .weasyprint_fixes import recompiled

_PATCHED = "_wsisreport_fast"

# sha256 of the source of each function sped up (WeasyPrint 70.0).
_COMPUTED_MISSING = "b318d8efc8ac79d716f05cb81cc3abd65a32bd79601e363b218a32559bb3a5fb"
_LAYOUT_SETUP = "fb227a55094f41d42fbd57f180d8b7a9a1e741969ec8ddb3fd5cd80920257442"
_FONT_INIT = "1f281166b10302a4278a04384970b91496a19b071e071a4087f77a49bc1487fe"
_HARFBUZZ_SUBSET = "f80805663ede8080a3e1ffff831e20c74bd25fa3b8e4410334ba807158dc685f"

# The C types WeasyPrint 70 names in its calls to cffi (ffi.new, ffi.cast).
_C_TYPES = (
    "PangoFcFontMap *",
    "FcChar8 **",
    "FcResult *",
    "PangoLogAttr[]",
    "PangoRectangle *",
    "char[4]",
    "char[]",
    "hb_tag_t[100]",
    "unsigned int *",
    "hb_codepoint_t[]",
)

# What the shared-context setup replaces in Layout.setup, and with what.
_CONTEXT_SOURCE = """\
        font_map = style.font_config.font_map
        pango_context = ffi.gc(
            pango.pango_font_map_create_context(font_map),
            gobject.g_object_unref)
        pango.pango_context_set_round_glyph_positions(pango_context, False)
        pango.pango_context_set_base_dir(
            pango_context, PANGO_DIRECTION[style['direction']])

        if style['font_language_override'] != 'normal':
            lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(
                style['font_language_override'].lower(),
                style['font_language_override']))
        elif style['lang']:
            lang_p, lang = unicode_to_char_p(style['lang'])
        else:
            lang = None
            self.language = pango.pango_language_get_default()
        if lang:
            self.language = pango.pango_language_from_string(lang_p)
            pango.pango_context_set_language(pango_context, self.language)
"""
_CONTEXT_SHARED = """\
        pango_context, self.language = _wsisreport_context(style)
"""
_DESCRIPTION_SOURCE = "        font_description = get_font_description(style)\n"
_DESCRIPTION_SHARED = "        font_description = _wsisreport_description(style)\n"

# The copy of the font's file that Font.__init__ makes; read on demand instead, and kept there.
_FILE_CONTENT = "        self.file_content = get_hb_object_data(self.hb_face)\n"
_CONTENT = "_wsisreport_file_content"
# The glyph arrays of Font._harfbuzz_subset, typed by their length, and typed by their items.
_GLYPH_ARRAYS = [
    (f"ffi.new(f'hb_codepoint_t[{{len({items})}}]', {values})", f"ffi.new('hb_codepoint_t[]', {values})")
    for items, values in (
        ("to_unicode", "sorted(to_unicode)"),
        ("drop_tables", "drop_tables"),
        ("keep", "keep"),
    )
]


def apply() -> None:
    """Install the fast paths whose originals are the ones they were written for (idempotent)."""
    from weasyprint.css import ComputedStyle
    from weasyprint.pdf.fonts import Font
    from weasyprint.text.line_break import Layout

    for function, digest, install, owner in (
        (ComputedStyle.__missing__, _COMPUTED_MISSING, _fast_computed_values, ComputedStyle),
        (Layout.setup, _LAYOUT_SETUP, _shared_contexts, Layout),
        (Font.__init__, _FONT_INIT, _font_files_on_demand, Font),
        (Font._harfbuzz_subset, _HARFBUZZ_SUBSET, _glyph_arrays_typed_once, Font),
    ):
        if not getattr(function, _PATCHED, False) and _unchanged(function, digest):
            install(owner)
    _parse_types()


def _unchanged(function: Any, digest: str) -> bool:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest() == digest


def _install(owner: Any, name: str, fast: Any) -> None:
    """Put ``fast`` in place of ``owner.name``, marked, the original kept on it (for the tests)."""
    setattr(fast, _PATCHED, True)
    fast.original = getattr(owner, name)
    setattr(owner, name, fast)


def _fast_computed_values(style_class: Any) -> None:
    from weasyprint.css.computed_values import PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    original = style_class.__missing__
    # What the original treats specially whether cascaded or not: the display/float/position
    # trio, named pages, propagated text decorations, custom properties.
    special = {"display", "float", "position", "page"}
    special |= {key for key in INITIAL_VALUES if key.startswith("text_decoration_")}

    def __missing__(self: Any, key: str) -> Any:
        cascaded = self.cascaded
        if key in cascaded or key in special or key[:2] == "__":
            return original(self, key)
        logical = PHYSICAL_FUNCTIONS.get(key)
        # A physical property (margin_left) is set by its logical one (margin_inline_start).
        if logical is not None and logical(block="ttb", inline=self["direction"]) in cascaded:
            return original(self, key)
        parent = self.parent_style
        if parent is not None and key in INHERITED:
            value = parent[key]
        elif key in INITIAL_NOT_COMPUTED:
            return original(self, key)
        else:
            value = INITIAL_VALUES[key]
        if check_math(value):
            return original(self, key)
        self[key] = value
        return value

    _install(style_class, "__missing__", __missing__)


def _shared_contexts(layout_class: Any) -> None:
    from weasyprint.text import line_break
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import ffi, gobject, pango, unicode_to_char_p
    from weasyprint.text.fonts import get_font_description

    original = layout_class.setup

    def shared(style: Any, name: str) -> dict[Any, Any]:
        # Kept on the render's font configuration: a context belongs to its font map.
        return style.font_config.__dict__.setdefault(name, {})  # type: ignore[no-any-return]

    def context(style: Any) -> tuple[Any, Any]:
        if style["font_language_override"] != "normal":
            override = style["font_language_override"]
            lang: str | None = LST_TO_ISO.get(override.lower(), override)
        else:
            lang = style["lang"] or None
        contexts = shared(style, "_wsisreport_contexts")
        key = (style["direction"], lang)
        if key not in contexts:
            pango_context = ffi.gc(
                pango.pango_font_map_create_context(style.font_config.font_map), gobject.g_object_unref
            )
            pango.pango_context_set_round_glyph_positions(pango_context, False)
            pango.pango_context_set_base_dir(pango_context, PANGO_DIRECTION[style["direction"]])
            language = pango.pango_language_get_default()
            if lang:
                lang_p, encoded = unicode_to_char_p(lang)
                # As the original: a language that encodes to nothing is no language.
                if encoded:
                    language = pango.pango_language_from_string(lang_p)
                    pango.pango_context_set_language(pango_context, language)
            contexts[key] = (pango_context, language)
        return contexts[key]  # type: ignore[no-any-return]

    def description(style: Any) -> Any:
        descriptions = shared(style, "_wsisreport_descriptions")
        key = (
            tuple(style["font_family"]),
            style["font_style"],
            style["font_stretch"],
            style["font_weight"],
            style["font_size"],
            style["font_variant_caps"],
            style["font_variation_settings"],
        )
        if key not in descriptions:
            descriptions[key] = get_font_description(style)
        return descriptions[key]

    patched = recompiled(
        original,
        line_break,
        [(_CONTEXT_SOURCE, _CONTEXT_SHARED), (_DESCRIPTION_SOURCE, _DESCRIPTION_SHARED)],
        {"_wsisreport_context": context, "_wsisreport_description": description},
    )
    if patched is not None:
        _install(layout_class, "setup", patched)


def _font_files_on_demand(font_class: Any) -> None:
    from weasyprint.pdf import fonts

    patched = recompiled(font_class.__init__, fonts, [(_FILE_CONTENT, "")])
    if patched is None:
        return

    def content(font: Any) -> Any:
        # Read from the font's HarfBuzz face, as the original did at once: it lives as long as the
        # render's fonts, which the subsetter reads too.
        if _CONTENT not in font.__dict__:
            font.__dict__[_CONTENT] = fonts.get_hb_object_data(font.hb_face)
        return font.__dict__[_CONTENT]

    def replace(font: Any, value: Any) -> None:
        font.__dict__[_CONTENT] = value

    _install(font_class, "__init__", patched)
    font_class.file_content = property(content, replace)


def _glyph_arrays_typed_once(font_class: Any) -> None:
    from weasyprint.pdf import fonts

    patched = recompiled(font_class._harfbuzz_subset, fonts, _GLYPH_ARRAYS)
    if patched is not None:
        _install(font_class, "_harfbuzz_subset", patched)


def _parse_types() -> None:
    from cffi import CDefError, FFIError
    from weasyprint.text.ffi import ffi

    for name in _C_TYPES:
        # cffi keeps each parsed type; a type another WeasyPrint no longer declares is skipped.
        with contextlib.suppress(CDefError, FFIError):
            ffi.typeof(name)
