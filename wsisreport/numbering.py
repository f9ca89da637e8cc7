"""Heading labels per numbering style and language: I./一., A., 1., (a)."""

from __future__ import annotations

from .ordinals import chinese_number

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def chinese_numeral(n: int) -> str:
    """Chinese numerals as UN Chinese documents number chapters (一, 十, 十一, 二十一…)."""
    return chinese_number(n) if n < 100 else str(n)


def letters(n: int, lower: bool = False) -> str:
    """A, B, …, Z, AA, AB, … (spreadsheet style, so a long list never runs out)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a" if lower else "A") + rem) + out
    return out


def section_label(style: str, n: int, lang: str) -> str:
    """The label printed before a heading; empty for unnumbered headings."""
    if style == "chapter":
        return f"{chinese_numeral(n)}." if lang == "zh" else f"{roman(n)}."
    if style == "letter":
        return f"{letters(n)}."
    if style == "number":
        return f"{n}."
    if style == "letter-in-parentheses":
        return f"({letters(n, lower=True)})"
    return ""
