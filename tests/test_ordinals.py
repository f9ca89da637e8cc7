"""Session ordinals: English words and Chinese numerals, written and read back, and advanced."""

from __future__ import annotations

import pytest

from wsisreport.ordinals import (
    advance_session,
    chinese_number,
    ordinal_words,
    parse_chinese_number,
    parse_ordinal_words,
)

ENGLISH = {
    1: "first",
    2: "second",
    3: "third",
    5: "fifth",
    8: "eighth",
    9: "ninth",
    11: "eleventh",
    12: "twelfth",
    20: "twentieth",
    21: "twenty-first",
    79: "seventy-ninth",
    80: "eightieth",
    81: "eighty-first",
    82: "eighty-second",
    83: "eighty-third",
    90: "ninetieth",
    99: "ninety-ninth",
    100: "one hundredth",
    101: "one hundred and first",
    102: "one hundred and second",
    110: "one hundred and tenth",
    111: "one hundred and eleventh",
    112: "one hundred and twelfth",
    119: "one hundred and nineteenth",
    120: "one hundred and twentieth",
    200: "two hundredth",
    1001: "one thousand and first",
}
CHINESE = {
    1: "一",
    10: "十",
    11: "十一",
    20: "二十",
    79: "七十九",
    80: "八十",
    81: "八十一",
    99: "九十九",
    100: "一百",
    101: "一百零一",
    105: "一百零五",
    110: "一百一十",
    111: "一百一十一",
    120: "一百二十",
    1001: "一千零一",
    1010: "一千零一十",
    1100: "一千一百",
}


@pytest.mark.parametrize(("n", "words"), ENGLISH.items())
def test_english_ordinals(n: int, words: str) -> None:
    assert ordinal_words(n) == words
    assert parse_ordinal_words(words) == n
    assert parse_ordinal_words(words.title()) == n


@pytest.mark.parametrize(("n", "numeral"), CHINESE.items())
def test_chinese_numerals(n: int, numeral: str) -> None:
    assert chinese_number(n) == numeral
    assert parse_chinese_number(numeral) == n


def test_round_trips_over_a_range_of_sessions() -> None:
    for n in range(1, 1200):
        assert parse_ordinal_words(ordinal_words(n)) == n, n
        assert parse_chinese_number(chinese_number(n)) == n, n
    # Every ordinal is a distinct phrase, and the next session's is the next number's.
    phrases = [ordinal_words(n) for n in range(79, 121)]
    assert len(set(phrases)) == len(phrases)
    numerals = [chinese_number(n) for n in range(79, 121)]
    assert len(set(numerals)) == len(numerals)


@pytest.mark.parametrize("text", ["", "session", "eighty", "first second", "and first"])
def test_not_ordinals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_ordinal_words(text)


@pytest.mark.parametrize("text", ["", "第", "百百", "十十", "八十a"])
def test_not_chinese_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_number(text)


@pytest.mark.parametrize(
    ("old", "lang", "years", "new"),
    [
        ("Eightieth session", "en", 1, "Eighty-first session"),
        ("Ninety-ninth session", "en", 1, "One hundredth session"),
        ("One hundredth session", "en", 1, "One hundred and first session"),
        ("Seventy-ninth session", "en", 3, "Eighty-second session"),
        ("2025 session", "en", 1, "2026 session"),
        ("80th session", "en", 1, "81st session"),
        ("Eleventh emergency special session", "en", 1, "Twelfth emergency special session"),
        ("First part of the seventy-ninth session", "en", 1, "First part of the eightieth session"),
        ("第八十届会议", "zh", 1, "第八十一届会议"),
        ("第九十九届会议", "zh", 1, "第一百届会议"),
        ("第一百零九届会议", "zh", 1, "第一百一十届会议"),
        ("第80届会议", "zh", 1, "第81届会议"),
        ("2025年届会", "zh", 1, "2026年届会"),
        ("2025年届会", "zh", 2, "2027年届会"),
    ],
)
def test_advance_session(old: str, lang: str, years: int, new: str) -> None:
    assert advance_session(old, years, lang) == new


def test_a_session_without_a_number_is_not_advanced() -> None:
    assert advance_session("Organizational session", 1, "en") is None
    assert advance_session("组织会议", 1, "zh") is None
