"""Locating a character of a text value in its YAML file, for every scalar style (``loc_at``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsisreport.diagnostics import Diagnostics
from wsisreport.yamlload import LoadedFile, load_yaml


def load(tmp_path: Path, source: str) -> LoadedFile:
    path = tmp_path / "text.yaml"
    path.write_text(source, encoding="utf-8")
    diags = Diagnostics()
    loaded = load_yaml(path, "text.yaml", None, diags)
    assert not diags.items, [d.format_text() for d in diags.items]
    return loaded


def located(loaded: LoadedFile, key: str, offset: int) -> tuple[int, int, str]:
    """Line, column and the character found there in the file."""
    loc = loaded.loc_at((key,), offset)
    assert loc.path == "text.yaml"
    return loc.line, loc.col, loaded.lines[loc.line - 1][loc.col - 1]


def marks(loaded: LoadedFile, key: str) -> list[tuple[int, int, str]]:
    """Where every asterisk of the value is found in the file."""
    value = loaded.data[key]
    return [located(loaded, key, i) for i, ch in enumerate(value) if ch == "*"]


def test_plain_scalar(tmp_path: Path) -> None:
    loaded = load(tmp_path, "k: In the *Report*, UNCTAD\n")
    assert marks(loaded, "k") == [(1, 11, "*"), (1, 18, "*")]


def test_plain_scalar_over_several_lines(tmp_path: Path) -> None:
    loaded = load(tmp_path, "k: first line\n  second *z* line\n    third *w*\n")
    assert loaded.data["k"] == "first line second *z* line third *w*"
    assert marks(loaded, "k") == [(2, 10, "*"), (2, 12, "*"), (3, 11, "*"), (3, 13, "*")]


def test_single_quoted_with_doubled_quotes(tmp_path: Path) -> None:
    # Each '' is one character of the value: the columns after it still match.
    loaded = load(tmp_path, "k: 'the body''s *report* and UNDP''s *plan*'\n")
    assert loaded.data["k"] == "the body's *report* and UNDP's *plan*"
    assert marks(loaded, "k") == [(1, 17, "*"), (1, 24, "*"), (1, 38, "*"), (1, 43, "*")]
    value = loaded.data["k"]
    assert located(loaded, "k", value.index("'")) == (1, 13, "'")  # at the first quote of ''


def test_double_quoted_with_escapes(tmp_path: Path) -> None:
    loaded = load(tmp_path, 'k: "tab\\there \\u00e9 *y* \\"q\\" *z*"\n')
    value = loaded.data["k"]
    assert value == 'tab\there é *y* "q" *z*'
    assert marks(loaded, "k") == [(1, 22, "*"), (1, 24, "*"), (1, 32, "*"), (1, 34, "*")]
    # A character written as an escape is located at its backslash.
    assert located(loaded, "k", value.index("é")) == (1, 15, "\\")


def test_double_quoted_over_several_lines(tmp_path: Path) -> None:
    source = 'k: "first \\"q\\" *a*\n  second *b* end\\\n  ing *c*"\n'
    loaded = load(tmp_path, source)
    assert loaded.data["k"] == 'first "q" *a* second *b* ending *c*'
    assert marks(loaded, "k") == [
        (1, 17, "*"),
        (1, 19, "*"),
        (2, 10, "*"),
        (2, 12, "*"),
        (3, 7, "*"),
        (3, 9, "*"),
    ]


def test_folded_block(tmp_path: Path) -> None:
    source = "k: >-\n  alpha beta\n  *gamma* delta\n\n  epsilon *eta*\n"
    loaded = load(tmp_path, source)
    assert loaded.data["k"] == "alpha beta *gamma* delta\nepsilon *eta*"
    assert marks(loaded, "k") == [(3, 3, "*"), (3, 9, "*"), (5, 11, "*"), (5, 15, "*")]


def test_literal_block_with_more_indented_lines(tmp_path: Path) -> None:
    source = "k: |\n  line one\n    indented *iota*\n  line three *kappa*\n"
    loaded = load(tmp_path, source)
    assert loaded.data["k"] == "line one\n  indented *iota*\nline three *kappa*\n"
    assert marks(loaded, "k") == [(3, 14, "*"), (3, 19, "*"), (4, 14, "*"), (4, 20, "*")]


def test_nested_value_in_a_list(tmp_path: Path) -> None:
    source = "contributions:\n  - text:\n      en: >-\n        The *Report*\n        was read.\n"
    loaded = load(tmp_path, source)
    where = ("contributions", 0, "text", "en")
    assert str(loaded.loc_at(where, 4)) == "text.yaml:4:13"
    assert str(loaded.loc_at(where, len("The *Report* "))) == "text.yaml:5:9"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("k: 数字经济*报告*二〇二四\n", [(1, 8, "*"), (1, 11, "*")]),
        ('k: "数字\\t经济 *报告*"\n', [(1, 12, "*"), (1, 15, "*")]),
        ("k: '数字''经济*报告*'\n", [(1, 11, "*"), (1, 14, "*")]),
        ("k: >-\n  一二三\n  四五*六*\n", [(3, 5, "*"), (3, 7, "*")]),
    ],
    ids=["plain", "double-quoted", "single-quoted", "folded"],
)
def test_chinese_columns_count_characters(tmp_path: Path, source: str, expected: list[object]) -> None:
    # A column is a character, not a byte: each Chinese character is one column.
    assert marks(load(tmp_path, source), "k") == expected


def test_a_value_that_is_not_text_is_located_at_its_start(tmp_path: Path) -> None:
    loaded = load(tmp_path, "k: 2024\n")
    assert loaded.source_map(("k",)) is None
    assert str(loaded.loc_at(("k",), 3)) == "text.yaml:1:4"


# Texts of words, spaces, punctuation and Chinese, with the characters YAML must escape or quote.
words = st.lists(
    st.sampled_from(
        ["Report", "of", "*A*", "*B*", "数字", "经济", "’", "'", '"', ":", "#", "-", "\\", "\t", "  ", " "]
    ),
    min_size=1,
    max_size=40,
).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=words,
    style=st.sampled_from([None, "'", '"', "|", ">"]),
    width=st.sampled_from([20, 40, 1000]),
    nested=st.booleans(),
)
def test_every_visible_character_is_located_on_itself(
    tmp_path: Path, text: str, style: str | None, width: int, nested: bool
) -> None:
    """Whatever style YAML writes a text in, each letter or mark is found where it is written."""
    where: tuple[str | int, ...] = ("contributions", 0, "text", "en") if nested else ("k",)
    data: object = text
    for part in reversed(where):
        data = [data] if isinstance(part, int) else {part: data}
    source = yaml.safe_dump(data, default_style=style, allow_unicode=True, width=width)
    loaded = load(tmp_path, source)
    value = loaded.data
    for part in where:
        value = value[part]
    # ``value`` is not always ``text``: PyYAML's emitter folds some leading spaces away.
    for i, ch in enumerate(value):
        if ch.isalpha() or ch == "*":
            loc = loaded.loc_at(where, i)
            assert loaded.lines[loc.line - 1][loc.col - 1] == ch, (source, i)
