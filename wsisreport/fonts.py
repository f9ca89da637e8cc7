"""The PDF's fonts: the family stacks per language, and a glyph-coverage check before rendering.

WeasyPrint (through Pango) draws a box for a character no font has, and only logs it quietly; a
character our fonts lack but some other installed font has is drawn in that foreign face. Both are
wrong in a UN document, so every character is checked first against the faces fontconfig resolves
for our stacks, and a gap is an expected error naming the characters and where they come from.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import MissingDependency, MissingGlyphs

# Latin serif: Times New Roman where installed, else its metric twin Liberation Serif.
LATIN = ("Times New Roman", "Liberation Serif")
# Song-style CJK serif. fontconfig maps only lang "zh-CN" (not "zh" or "zh-Hans") to the SC face.
CJK = "Noto Serif CJK SC"

# CSS font-family order per report language: Chinese puts the CJK face first, so that quotes,
# dashes and digits inside Chinese text take the CJK glyphs.
FAMILIES: dict[str, tuple[str, ...]] = {"en": (*LATIN, CJK), "zh": (CJK, *LATIN)}
# The value of the lang attribute fontconfig needs to pick the right face.
HTML_LANG = {"en": "en", "zh": "zh-CN"}

# The faces a report uses: (weight, slant) as fontconfig numbers them.
REGULAR = "regular"
BOLD = "bold"
ITALIC = "italic"
_STYLES = {REGULAR: (80, 0), BOLD: (200, 0), ITALIC: (80, 100)}

# Characters no face needs to draw: line ends and tabs (white space is collapsed by layout).
_IGNORED = frozenset("\n\r\t")


def css_family(lang: str) -> str:
    """The font-family value for ``lang``, every name quoted."""
    return ", ".join(f'"{name}"' for name in FAMILIES[lang])


@dataclass(frozen=True)
class Face:
    """A font file (and index inside a collection) fontconfig resolved for a family and style."""

    family: str
    path: str
    index: int


@dataclass(frozen=True)
class Text:
    """A piece of text to draw: its style, and where it came from (for the error message).

    ``locate``, when given, names the place of one character (by its offset in ``text``), so that
    a missing glyph is reported at its ``path:line:col``.
    """

    text: str
    style: str
    where: str
    locate: Callable[[int], str] | None = None
    # What the located place is, e.g. "paragraph 12" (``where`` names it when it cannot be located).
    label: str = ""


class _Fontconfig:
    """The few fontconfig calls needed to resolve a family, through ctypes (no subprocess)."""

    FC_MATCH_RESULT_MATCH = 0

    def __init__(self) -> None:
        name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
        try:
            lib = ctypes.CDLL(name)
        except OSError as exc:
            raise MissingDependency("fontconfig not found (Debian: apt-get install libfontconfig1)") from exc
        lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
        lib.FcNameParse.restype = ctypes.c_void_p
        lib.FcNameParse.argtypes = [ctypes.c_char_p]
        lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
        lib.FcFontMatch.restype = ctypes.c_void_p
        lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        lib.FcPatternGetString.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_char_p),
        ]
        lib.FcPatternGetInteger.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
        ]
        lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
        lib.FcPatternGetCharSet.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_void_p),
        ]
        lib.FcCharSetCopy.restype = ctypes.c_void_p
        lib.FcCharSetCopy.argtypes = [ctypes.c_void_p]
        lib.FcCharSetHasChar.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        self.lib = lib
        self.config = lib.FcInitLoadConfigAndFonts()
        # Each face's character set, kept from the match (fontconfig reads it from its cache, so
        # checking coverage costs neither font parsing nor memory).
        self.charsets: dict[Face, int] = {}

    def match(self, family: str, style: str, lang: str) -> Face | None:
        """The face fontconfig picks for ``family``; None when it substitutes another family."""
        weight, slant = _STYLES[style]
        escaped = family.replace("\\", "\\\\").replace("-", "\\-").replace(":", "\\:")
        spec = f"{escaped}:weight={weight}:slant={slant}:lang={lang.lower()}".encode()
        lib = self.lib
        pattern = lib.FcNameParse(spec)
        lib.FcConfigSubstitute(self.config, pattern, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        found = lib.FcFontMatch(self.config, pattern, ctypes.byref(result))
        lib.FcPatternDestroy(pattern)
        if not found:
            return None
        try:
            path, name, index = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int()
            if lib.FcPatternGetString(found, b"file", 0, ctypes.byref(path)) != 0 or not path.value:
                return None
            lib.FcPatternGetInteger(found, b"index", 0, ctypes.byref(index))
            families: list[str] = []
            n = 0
            while lib.FcPatternGetString(found, b"family", n, ctypes.byref(name)) == 0 and name.value:
                families.append(name.value.decode("utf-8", "replace"))
                n += 1
            face = Face(families[0] if families else family, path.value.decode(), index.value)
            charset = ctypes.c_void_p()
            if (
                face not in self.charsets
                and lib.FcPatternGetCharSet(found, b"charset", 0, ctypes.byref(charset)) == 0
            ):
                self.charsets[face] = lib.FcCharSetCopy(charset)
            return face
        finally:
            lib.FcPatternDestroy(found)

    def has_char(self, face: Face, code_point: int) -> bool:
        charset = self.charsets.get(face)
        return bool(charset) and bool(self.lib.FcCharSetHasChar(charset, code_point))


@functools.cache
def _fontconfig() -> _Fontconfig:
    return _Fontconfig()


@functools.cache
def faces(lang: str, style: str) -> tuple[Face, ...]:
    """The installed faces of ``lang``'s stack for ``style``, in stack order.

    A name that fontconfig substitutes with a family outside the stack is not installed and is
    skipped ("Times New Roman" resolves to Liberation Serif through fontconfig's metric aliases,
    which is in the stack). Raises MissingDependency when the stack has no face at all, or lacks
    the CJK face, which Chinese text cannot do without.
    """
    fc = _fontconfig()
    stack = FAMILIES[lang]
    found: list[Face] = []
    for family in stack:
        face = fc.match(family, style, HTML_LANG[lang])
        if face is not None and face.family in stack and face not in found:
            found.append(face)
    if CJK not in {f.family for f in found}:
        raise MissingDependency(f"font '{CJK}' is not installed (Debian: apt-get install fonts-noto-cjk)")
    if not set(LATIN) & {f.family for f in found}:
        raise MissingDependency(
            f"none of the fonts {', '.join(LATIN)} is installed (Debian: apt-get install fonts-liberation2)"
        )
    return tuple(found)


class Coverage:
    """Whether some face of a language's stack has a glyph for a code point, in one style."""

    def __init__(self, lang: str, style: str) -> None:
        self.faces = faces(lang, style)
        self.fontconfig = _fontconfig()

    def __contains__(self, code_point: object) -> bool:
        return isinstance(code_point, int) and any(
            self.fontconfig.has_char(f, code_point) for f in self.faces
        )


def covered(lang: str, style: str) -> Coverage:
    """The code points some face of ``lang``'s stack has a glyph for, in ``style``."""
    return Coverage(lang, style)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def check_coverage(texts: Iterable[Text], lang: str) -> None:
    """Raise MissingGlyphs when a character of ``texts`` has no glyph in ``lang``'s fonts."""
    cover = {style: covered(lang, style) for style in _STYLES}
    known: dict[tuple[str, str], bool] = {}  # each character is looked up once per style
    missing: dict[str, list[str]] = {}
    for item in texts:
        for char in dict.fromkeys(item.text):
            if char in _IGNORED:
                continue
            key = (char, item.style)
            if key not in known:
                known[key] = ord(char) in cover[item.style]
            if known[key]:
                continue
            places = missing.setdefault(char, [])
            where = item.where
            if item.locate is not None:
                where = f"{item.locate(item.text.index(char))} ({item.label or item.where})"
            if where not in places:
                places.append(where)
    if missing:
        parts = [f"{_describe(char)} at {', '.join(places)}" for char, places in missing.items()]
        raise MissingGlyphs(
            f"no glyph in the {lang} fonts ({', '.join(FAMILIES[lang])}) for " + "; ".join(parts),
            chars=tuple(missing),
        )
