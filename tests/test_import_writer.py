"""The importer's output parses back to exactly what it read: YAML scalars, inline syntax, whole files."""

from __future__ import annotations

import itertools
import re

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wsisreport.inline import Call as ParsedCall
from wsisreport.inline import Emphasis as ParsedEmphasis
from wsisreport.inline import Text as ParsedText
from wsisreport.inline import parse
from wsisreport.wordimport.model import Call, Inline, Span, plain
from wsisreport.wordimport.reader import normalize
from wsisreport.wordimport.writer import Contribution, data_of, render_yaml, scalar, to_source

SETTINGS = settings(max_examples=300, deadline=None)
# Text as Word files hold it: any character XML can carry, with the syntax's own characters often.
characters = st.one_of(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    st.sampled_from(["*", "[", "^", "]", "\\", " ", "\t", "\u00a0", "\u3000", "#", ":", '"', "'", "-"]),
)
texts = st.text(characters, max_size=60)
calls = st.builds(Call, st.sampled_from(["footnote", "endnote"]), st.integers(1, 99).map(str))
content = st.lists(st.one_of(st.builds(Span, texts, st.booleans()), calls), max_size=8)


@SETTINGS
@given(value=st.text(characters, max_size=400), indent=st.sampled_from([6, 8]))
def test_every_scalar_parses_back_exactly(value: str, indent: int) -> None:
    lines = scalar("en", value, indent)
    parsed = yaml.safe_load("\n".join(line[indent:] for line in lines) + "\n")
    assert parsed == {"en": value}
    assert all(len(line) <= 100 or " " not in line.strip() or line.endswith('"') for line in lines)


@SETTINGS
@given(parts=content)
def test_normalized_text_has_single_spaces_and_clean_emphasis(parts: list[Inline]) -> None:
    out = normalize(parts)
    text = plain(out)
    assert "  " not in text
    assert not (out and isinstance(out[0], Span) and out[0].text.startswith(" "))
    assert not (out and isinstance(out[-1], Span) and out[-1].text.endswith(" "))
    assert not any(
        isinstance(a, Span) and a.text.endswith(" ") and isinstance(b, Call)
        for a, b in itertools.pairwise(out)
    )
    for part in out:
        if isinstance(part, Span) and part.italic:
            assert part.text == part.text.strip() and part.text
    # Only white space changes: the other characters are all there, in order.
    assert re.sub(r"\s", "", text) == re.sub(
        r"\s", "", plain(parts).replace("\u00ad", "")
    ) or "\u200b" in plain(parts)
    assert [p for p in out if isinstance(p, Call)] == [p for p in parts if isinstance(p, Call)]


@SETTINGS
@given(parts=content)
def test_inline_syntax_parses_back_to_the_runs(parts: list[Inline]) -> None:
    spans = normalize(
        [p if isinstance(p, Call) else Span(p.text.replace("@{", "@ {"), p.italic) for p in parts]
    )
    keys = {call: f"n{i}" for i, call in enumerate(dict.fromkeys(p for p in spans if isinstance(p, Call)))}
    written = to_source(spans, keys)
    assume(not written.spaced)
    parsed = parse(written.text)
    assert not parsed.problems, (written.text, parsed.problems)
    back: list[tuple[str, str]] = []
    for node in parsed.nodes:
        if isinstance(node, ParsedCall):
            back.append(("call", node.key))
        elif isinstance(node, ParsedEmphasis):
            back.append(("italic", "".join(p.value for p in node.parts if isinstance(p, ParsedText))))
        elif isinstance(node, ParsedText):
            if back and back[-1][0] == "text":
                back[-1] = ("text", back[-1][1] + node.value)
            else:
                back.append(("text", node.value))
    expected = [
        ("call", keys[p]) if isinstance(p, Call) else ("italic" if p.italic else "text", p.text)
        for p in spans
    ]
    assert back == expected


@SETTINGS
@given(bodies=st.lists(st.tuples(texts, texts), min_size=1, max_size=4))
def test_whole_file_parses_back_to_its_data(bodies: list[tuple[str, str]]) -> None:
    contributions = [
        Contribution(
            f"example-{i:06x}",
            "e-health",
            10 * (i + 1),
            {"en": en, "zh": ""},
            {"note-1": {"en": note, "zh": ""}} if note else {},
            origin=en[:20],
        )
        for i, (en, note) in enumerate(bodies)
    ]
    text = render_yaml(
        ["# yaml-language-server: $schema=../../schema/submission.schema.json", "A header"],
        "example",
        2024,
        contributions,
    )
    assert yaml.safe_load(text) == data_of("example", 2024, contributions)
