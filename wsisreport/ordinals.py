"""Session numbers in words: English ordinals ("eighty-first") and Chinese numerals (八十一), both ways.

UN English spells session ordinals out in British style ("one hundred and first session"); UN
Chinese writes 第八十一届会议. ``wsisreport new-year`` reads last year's session number, adds the years
and writes it back in the same form.
"""

from __future__ import annotations

import re

_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Ordinal forms that are not the cardinal plus "th".
_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_SCALES = (("million", 1_000_000), ("thousand", 1000))
MAX_WORDS = 999_999_999


def cardinal_words(n: int) -> str:
    """``n`` in English words, British style: 101 → "one hundred and one"."""
    if not 0 <= n <= MAX_WORDS:
        raise ValueError(f"{n} is out of range")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[units]}" if units else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {cardinal_words(rest)}" if rest else "")
    for name, value in _SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            words = f"{cardinal_words(high)} {name}"
            if rest:
                words += (" and " if rest < 100 else " ") + cardinal_words(rest)
            return words
    raise AssertionError("unreachable")


def _ordinal_word(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y"):
        return word[:-1] + "ieth"
    return word + "th"


def ordinal_words(n: int) -> str:
    """``n`` as an English ordinal in words: 80 → "eightieth", 101 → "one hundred and first"."""
    if n < 1:
        raise ValueError(f"no ordinal for {n}")
    words = cardinal_words(n)
    # Only the last word takes the ordinal form ("eighty-first", "one hundred and tenth").
    match = re.search(r"[a-z]+$", words)
    assert match is not None
    return words[: match.start()] + _ordinal_word(match.group(0))


_CARDINAL_VALUES: dict[str, int] = {word: i for i, word in enumerate(_ONES)} | {
    word: 10 * i for i, word in enumerate(_TENS) if word
}
_ORDINAL_VALUES: dict[str, int] = {_ordinal_word(w): v for w, v in _CARDINAL_VALUES.items() if v}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINAL_MULTIPLIERS = {_ordinal_word(w): v for w, v in _MULTIPLIERS.items()}

_WORD = "|".join(sorted([*_CARDINAL_VALUES, *_MULTIPLIERS], key=len, reverse=True))
_ORDINAL = "|".join(sorted([*_ORDINAL_VALUES, *_ORDINAL_MULTIPLIERS], key=len, reverse=True))
# An ordinal in words: number words joined by spaces, hyphens or "and", the last one ordinal.
ORDINAL_WORDS_RE = re.compile(rf"\b(?:(?:{_WORD})[\s-]+(?:and\s+)?)*(?:{_ORDINAL})\b", re.IGNORECASE)


def parse_ordinal_words(text: str) -> int:
    """The number of an English ordinal in words ("Eighty-first" → 81); ValueError if it is not one."""
    words = [w for w in re.split(r"[\s-]+", text.strip().lower()) if w]
    if not words or (words[-1] not in _ORDINAL_VALUES and words[-1] not in _ORDINAL_MULTIPLIERS):
        raise ValueError(f"not an ordinal: {text!r}")
    total = current = 0
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if word == "and" and i > 0 and not last:
            continue
        value = (_ORDINAL_VALUES if last else _CARDINAL_VALUES).get(word)
        multiplier = (_ORDINAL_MULTIPLIERS if last else _MULTIPLIERS).get(word)
        if value is not None:
            current += value
        elif multiplier == 100:
            current = max(current, 1) * 100
        elif multiplier is not None:
            total += max(current, 1) * multiplier
            current = 0
        else:
            raise ValueError(f"not an ordinal: {text!r}")
    return total + current


_ZH_DIGITS = "零一二三四五六七八九"
_ZH_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
MAX_CHINESE = 9999


def chinese_number(n: int) -> str:
    """``n`` in Chinese numerals, as ordinals write them: 10 → 十, 81 → 八十一, 101 → 一百零一."""
    if not 0 <= n <= MAX_CHINESE:
        raise ValueError(f"{n} is out of range")
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:  # 十, 十一…十九: no leading 一 when the number starts with its tens
        return "十" + (_ZH_DIGITS[n - 10] if n > 10 else "")
    out, pending_zero = "", False
    for value, unit in _ZH_UNITS:
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if pending_zero else "") + _ZH_DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    if n:
        out += ("零" if pending_zero else "") + _ZH_DIGITS[n]
    return out


CHINESE_NUMBER_RE = re.compile(r"[零〇一二三四五六七八九十百千]+")


def parse_chinese_number(text: str) -> int:
    """The value of Chinese numerals (八十一 → 81, 一百零一 → 101, 十一 → 11); ValueError otherwise."""
    if not text or CHINESE_NUMBER_RE.fullmatch(text) is None:
        raise ValueError(f"not a Chinese number: {text!r}")
    units = {unit: value for value, unit in _ZH_UNITS}
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in "零〇":
            digit = None
            continue
        if ch in units:
            value = units[ch]
            if value >= last_unit:
                raise ValueError(f"not a Chinese number: {text!r}")
            total += (1 if digit is None else digit) * value
            digit, last_unit = None, value
        else:
            if digit is not None:
                raise ValueError(f"not a Chinese number: {text!r}")
            digit = _ZH_DIGITS.index(ch)
    return total + (digit or 0)


def _digit_ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _match_case(new: str, old: str) -> str:
    if old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


# Only a number that names the session moves: "first part of the eightieth session" keeps "first".
_SESSION_AHEAD = r"(?=\s+(?:(?:regular|special|emergency|resumed)\s+)*session\b)"
_SESSION_WORDS_RE = re.compile(ORDINAL_WORDS_RE.pattern + _SESSION_AHEAD, re.IGNORECASE)
_DIGIT_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b" + _SESSION_AHEAD, re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})" + _SESSION_AHEAD, re.IGNORECASE)
_ZH_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?=年)")
_ZH_ORDINAL_RE = re.compile(r"第([零〇一二三四五六七八九十百千]+|\d+)(?=届|次|期)")


def advance_session(text: str, years: int, lang: str) -> str | None:
    """A session's name ``years`` later, or None when it holds no number to advance.

    English: ordinals in words ("Eightieth session") or digits ("80th"), and years ("2025
    session"). Chinese: 第…届 in numerals or digits (第八十届会议), and years (2025年届会).
    """
    changed = False

    def bump(value: int) -> int:
        nonlocal changed
        changed = True
        if value + years < 1:
            raise ValueError(f"a session number would fall below 1: {text!r}")
        return value + years

    if lang == "zh":

        def zh(match: re.Match[str]) -> str:
            raw = match.group(1)
            if raw.isdigit():
                return f"第{bump(int(raw))}"
            return f"第{chinese_number(bump(parse_chinese_number(raw)))}"

        out = _ZH_ORDINAL_RE.sub(zh, text)
        out = _ZH_YEAR_RE.sub(lambda m: str(bump(int(m.group(1)))), out)
    else:
        out = _SESSION_WORDS_RE.sub(
            lambda m: _match_case(ordinal_words(bump(parse_ordinal_words(m.group(0)))), m.group(0)), text
        )
        out = _DIGIT_ORDINAL_RE.sub(lambda m: _digit_ordinal(bump(int(m.group(1)))), out)
        out = _YEAR_RE.sub(lambda m: str(bump(int(m.group(1)))), out)
    return out if changed else None
