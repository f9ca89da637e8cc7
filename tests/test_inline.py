"""The inline parser: every node kind, the escapes, source offsets, each problem, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wsisreport.inline import (
    Call,
    Emphasis,
    Parsed,
    Placeholder,
    Problem,
    Text,
    masthead_mark,
    parse,
)


def codes(parsed: Parsed) -> list[tuple[str, int]]:
    return [(p.code, p.offset) for p in parsed.problems]


# -- nodes ------------------------------------------------------------------------------------------


def test_plain_text_is_one_text_node() -> None:
    assert parse("The report was published.") == Parsed((Text("The report was published.", 0),))
    assert parse("") == Parsed(())


def test_emphasis_with_offsets() -> None:
    source = "In the *Digital Economy Report 2024*, UNCTAD"
    parsed = parse(source)
    assert parsed.nodes == (
        Text("In the ", 0),
        Emphasis((Text("Digital Economy Report 2024", 8),), 7),
        Text(", UNCTAD", 36),
    )
    assert parsed.problems == ()
    emphasis = parsed.nodes[1]
    assert isinstance(emphasis, Emphasis)
    assert source[emphasis.start] == "*"
    assert source[emphasis.parts[0].start :].startswith("Digital")


def test_emphasis_inside_a_word_and_several_in_one_text() -> None:
    parsed = parse("*A* and *B*s")
    assert parsed.nodes == (
        Emphasis((Text("A", 1),), 0),
        Text(" and ", 3),
        Emphasis((Text("B", 9),), 8),
        Text("s", 11),
    )


def test_emphasis_across_a_line_break() -> None:
    # A block scalar keeps its line breaks (literal) or a blank line's (folded): emphasis spans them.
    assert parse("*Global\nWatch*").nodes == (Emphasis((Text("Global\nWatch", 1),), 0),)


def test_note_calls_and_computed_notes() -> None:
    source = "Done.[^note-1] See[^@contributors]."
    parsed = parse(source)
    assert parsed.nodes == (
        Text("Done.", 0),
        Call("note-1", 5),
        Text(" See", 14),
        Call("@contributors", 18),
        Text(".", 34),
    )
    assert [c.key for c in parsed.calls()] == ["note-1", "@contributors"]
    assert all(source.startswith(f"[^{c.key}]", c.start) for c in parsed.calls())


def test_call_keys_follow_pandoc() -> None:
    assert parse("a[^x.y_z-1]").calls() == [Call("x.y_z-1", 1)]
    for bad in ("[^]", "[^-x]", "[^a b]", "[^é]"):
        assert codes(parse(bad)) == [("malformed-call", 0)], bad


def test_placeholders_at_top_level_and_in_emphasis() -> None:
    parsed = parse("We had @{contributors.count} replies, *@{contributors.count} in all*.")
    assert parsed.nodes[1] == Placeholder("contributors.count", 7)
    assert parsed.placeholders() == [
        Placeholder("contributors.count", 7),
        Placeholder("contributors.count", 39),
    ]
    emphasis = parsed.nodes[3]
    assert emphasis == Emphasis((Placeholder("contributors.count", 39), Text(" in all", 60)), 38)


def test_texts_collects_literal_text_inside_and_outside_emphasis() -> None:
    parsed = parse("a *b* c[^n]")
    assert [t.value for t in parsed.texts()] == ["a ", "b", " c"]


# -- escapes ----------------------------------------------------------------------------------------


def test_escaped_asterisk_and_bracket_are_literal() -> None:
    assert parse(r"7 \* 7 and \[^not a call]") == Parsed((Text("7 * 7 and [^not a call]", 0),))


def test_escaped_asterisks_around_a_word_are_not_emphasis() -> None:
    assert parse(r"\*sic\*").nodes == (Text("*sic*", 0),)


def test_escape_inside_emphasis() -> None:
    assert parse(r"*A \* B*").nodes == (Emphasis((Text("A * B", 1),), 0),)


def test_a_backslash_before_anything_else_is_text() -> None:
    assert parse(r"C:\path \n @").nodes == (Text(r"C:\path \n @", 0),)


def test_escaped_backslash_is_not_an_escape() -> None:
    # Only '\*' and '\[^' are escapes: '\\*' is a backslash, then the escape.
    assert parse("\\\\*").nodes == (Text("\\*", 0),)


# -- problems ---------------------------------------------------------------------------------------


def test_unbalanced_emphasis_at_the_opening_mark() -> None:
    parsed = parse("*A* costs 3 * 4")
    assert codes(parsed) == [("unbalanced-emphasis", 12)]
    problem = parsed.problems[0]
    assert problem.hint is not None and r"\*" in problem.hint
    # The best reading: the lone mark as a literal asterisk.
    assert "".join(t.value for t in parsed.texts()) == "A costs 3 * 4"


def test_calls_after_an_unclosed_mark_are_calls() -> None:
    # One stray asterisk is one error: the calls after it are not "inside emphasis".
    parsed = parse("rated 3 * 4 programmes.[^review] Done.[^n]")
    assert codes(parsed) == [("unbalanced-emphasis", 8)]
    assert parsed.calls() == [Call("review", 23), Call("n", 38)]


def test_empty_emphasis() -> None:
    assert codes(parse("a ** b")) == [("empty-emphasis", 2)]
    assert codes(parse("a * * b")) == [("empty-emphasis", 2)]
    assert parse("a ** b").nodes == (Text("a ", 0), Text(" b", 4))


def test_spaced_emphasis_is_an_asterisk_meant_literally() -> None:
    parsed = parse("2 * 3 * 4")
    assert codes(parsed) == [("spaced-emphasis", 2)]
    assert parsed.problems[0].message == "emphasis '* 3 *' begins with a space"
    assert codes(parse("*Title *")) == [("spaced-emphasis", 7)]


def test_call_inside_emphasis() -> None:
    parsed = parse("*Report[^n] 2024*")
    assert codes(parsed) == [("call-in-emphasis", 7)]
    assert parsed.calls() == []
    # The text after the dropped call keeps its own offset.
    emphasis = parsed.nodes[0]
    assert isinstance(emphasis, Emphasis)
    assert emphasis.parts == (Text("Report", 1), Text(" 2024", 11))


def test_malformed_calls() -> None:
    assert codes(parse("see [^ note] and [^open")) == [("malformed-call", 4), ("malformed-call", 17)]
    # An unclosed call ends at the line break, so the next line is read normally.
    parsed = parse("[^open\nnext[^n]")
    assert codes(parsed) == [("malformed-call", 0)]
    assert parsed.calls() == [Call("n", 11)]


def test_unclosed_placeholder() -> None:
    parsed = parse("had @{contributors.count replies")
    assert codes(parsed) == [("unknown-placeholder", 4)]
    assert parsed.placeholders() == []


def test_every_problem_is_collected() -> None:
    parsed = parse("[^ x] ** *a[^n]* @{y\n*z")
    assert codes(parsed) == [
        ("malformed-call", 0),
        ("empty-emphasis", 6),
        ("call-in-emphasis", 11),
        ("unknown-placeholder", 17),
        ("unbalanced-emphasis", 21),
    ]


# -- the masthead mark ------------------------------------------------------------------------------


def test_masthead_mark() -> None:
    assert masthead_mark("Item 19 (b) of the preliminary list*") == "*"
    assert masthead_mark("临时议程**项目18(b)") == "**"
    assert masthead_mark("Item 5") is None


# -- properties -------------------------------------------------------------------------------------

# Words, spaces, line breaks, Chinese, and every piece of the syntax, escaped or not.
PIECES = st.sampled_from(
    [
        "word",
        "Report",
        " ",
        "  ",
        "\n",
        "数字",
        "。",
        "*",
        "*",
        r"\*",
        r"\[^",
        "[^",
        "[^n]",
        "]",
        "@{",
        "}",
        "\\",
    ]
)
texts = st.lists(PIECES, max_size=30).map("".join)
# Text with none of the syntax: no asterisk, no '[^', no '@{', no backslash.
plain_texts = st.text(max_size=80).filter(lambda t: not any(s in t for s in ("*", "[^", "@{", "\\")))


def escape(text: str) -> str:
    return text.replace("*", "\\*").replace("[^", "\\[^")


def unescape_at(source: str, start: int, value: str) -> bool:
    """Whether ``value`` is written at ``start`` in ``source``, '\\*' and '\\[^' read as escapes."""
    i = start
    for ch in value:
        if source.startswith("\\" + ch, i) and (ch == "*" or source.startswith("\\[^", i)):
            i += 1
        if i >= len(source) or source[i] != ch:
            return False
        i += 1
    return True


def all_nodes(parsed: Parsed) -> list[Text | Placeholder | Emphasis | Call]:
    found: list[Text | Placeholder | Emphasis | Call] = []
    for node in parsed.nodes:
        found.append(node)
        if isinstance(node, Emphasis):
            found.extend(node.parts)
    return found


@given(texts)
def test_parsing_never_raises_and_offsets_stay_in_the_source(source: str) -> None:
    parsed = parse(source)
    for problem in parsed.problems:
        assert isinstance(problem, Problem)
        assert 0 <= problem.offset < len(source)
    for node in all_nodes(parsed):
        assert 0 <= node.start < len(source)
    for call in parsed.calls():
        assert source.startswith(f"[^{call.key}]", call.start)
    for placeholder in parsed.placeholders():
        assert source.startswith(f"@{{{placeholder.name}}}", placeholder.start)


@given(texts)
def test_text_nodes_point_at_their_text(source: str) -> None:
    for text in parse(source).texts():
        assert unescape_at(source, text.start, text.value), (source, text)
        if "\\" not in source:
            assert source[text.start : text.start + len(text.value)] == text.value


def shape(parsed: Parsed) -> list[object]:
    """The nodes without their offsets."""
    out: list[object] = []
    for node in parsed.nodes:
        if isinstance(node, Emphasis):
            out.append(
                (
                    "emphasis",
                    [(type(p).__name__, getattr(p, "value", getattr(p, "name", ""))) for p in node.parts],
                )
            )
        elif isinstance(node, Text):
            out.append(("text", node.value))
        elif isinstance(node, Call):
            out.append(("call", node.key))
        else:
            out.append(("placeholder", node.name))
    return out


def write(parsed: Parsed) -> str:
    """The nodes written back in the syntax."""

    def part(p: Text | Placeholder) -> str:
        return escape(p.value) if isinstance(p, Text) else f"@{{{p.name}}}"

    written = ""
    for node in parsed.nodes:
        if isinstance(node, Emphasis):
            written += "*" + "".join(part(p) for p in node.parts) + "*"
        elif isinstance(node, Call):
            written += f"[^{node.key}]"
        else:
            written += part(node)
    return written


@given(texts)
def test_a_text_without_problems_writes_back_to_the_same_nodes(source: str) -> None:
    parsed = parse(source)
    if not parsed.problems:
        again = parse(write(parsed))
        assert again.problems == ()
        assert shape(again) == shape(parsed)


@given(plain_texts)
def test_text_without_syntax_is_one_text_equal_to_itself(source: str) -> None:
    assert parse(source) == Parsed((Text(source, 0),) if source else ())


@given(st.text(max_size=80).filter(lambda t: "@{" not in t))
def test_escaping_every_mark_gives_the_original_text(original: str) -> None:
    # '@{' has no escape and is left out: it is a computed value wherever it is written.
    assert parse(escape(original)) == Parsed((Text(original, 0),) if original else ())


@pytest.mark.parametrize("source", ["*", "**", "***", "\\", "[^", "@{", "*[^n]", "[^n]*"])
def test_degenerate_texts(source: str) -> None:
    parse(source)  # never raises; what it reports is covered above
