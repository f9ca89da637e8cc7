"""Assembly: ordering, merging, numbering and computed facts, on the small fixture tree."""

from __future__ import annotations

from pathlib import Path

from wsisreport.assemble import count_words, normalize
from wsisreport.document import Document, NoteRef, Text
from wsisreport.pipeline import check


def assemble(root: Path) -> Document:
    checked = check(root, base=root.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.items]
    return checked.documents[2024]


def test_headings_are_numbered_per_style_and_language(base_tree: Path) -> None:
    doc = assemble(base_tree)
    assert [(h.label["en"], h.text["en"]) for h in doc.headings] == [
        ("", "Introduction"),
        ("I.", "Key trends"),
        ("A.", "First topic"),
        ("B.", "Second topic"),
        ("II.", "Conclusions"),
    ]
    assert [h.label["zh"] for h in doc.headings] == ["", "一.", "A.", "B.", "二."]


def test_paragraphs_follow_outline_then_order(base_tree: Path) -> None:
    doc = assemble(base_tree)
    assert [(p.number, p.section, p.plain("en")) for p in doc.paragraphs] == [
        (
            1,
            "introduction",
            "The report draws on 2 contributions from entities, the Alpha Organization (AO) among them."
            " It covers 2024.",
        ),
        (2, "first", "AO published a report."),
        (3, "first", "The Beta Society trained 100 people."),
        (4, "second", "AO held a meeting. The Beta Society took part."),
        (5, "conclusions", "Progress continues."),
    ]


def test_fragments_merge_with_a_space_in_english_and_directly_in_chinese(base_tree: Path) -> None:
    merged = assemble(base_tree).paragraphs[3]
    assert merged.plain("zh") == "阿组织举行了一次会议。贝塔学会参加了会议。"
    assert [s.entity for s in merged.sources] == ["alpha", "beta"]


def test_notes_are_numbered_in_reading_order_in_both_languages(base_tree: Path) -> None:
    doc = assemble(base_tree)
    assert [p.notes("en") for p in doc.paragraphs] == [[1], [2], [3], [4], []]
    assert [p.notes("zh") for p in doc.paragraphs] == [[1], [2], [3], [4], []]
    assert [n.text["en"] for n in doc.notes[1:]] == [
        "https://example.org/report.",
        "https://example.org/training.",
        "See the meeting page.",
    ]
    assert doc.notes[3].text["zh"] == "见会议网页。"
    assert doc.paragraphs[1].content["en"] == (Text("AO published a report."), NoteRef(2))


def test_contributors_note_lists_entities_in_english_order_of_the_printed_form(base_tree: Path) -> None:
    doc = assemble(base_tree)
    # AO was introduced before the call, so it prints as its short form.
    assert doc.notes[0].text == {
        "en": "AO; Beta Society. See the web.",
        "zh": "阿组织，贝塔学会。见网络。",
    }
    assert [c.entity for c in doc.contributors] == ["alpha", "beta"]


def test_short_form_not_yet_introduced_prints_in_full(base_tree: Path) -> None:
    secretariat = base_tree / "2024" / "secretariat.yaml"
    text = secretariat.read_text(encoding="utf-8")
    text = text.replace(", the Alpha\n        Organization (AO) among them", "").replace(
        "，包括阿尔法组织(阿组织)", ""
    )
    secretariat.write_text(text, encoding="utf-8")
    doc = assemble(base_tree)
    assert doc.notes[0].text["en"] == "Alpha Organization (AO); Beta Society. See the web."
    assert doc.notes[0].text["zh"] == "阿尔法组织(阿组织)，贝塔学会。见网络。"


def test_removing_a_contributor_changes_the_count_and_note_only(base_tree: Path) -> None:
    before = assemble(base_tree)
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text("entity: beta\nyear: 2024\ncontributions: []\n", encoding="utf-8")
    still = assemble(base_tree)
    assert still.notes[0].text == before.notes[0].text  # a contributor with nothing printed still counts
    beta.unlink()
    after = assemble(base_tree)
    assert after.paragraphs[0].plain("en").startswith("The report draws on 1 contributions")
    assert after.notes[0].text["en"] == "AO. See the web."
    assert [c.entity for c in after.contributors] == ["alpha"]


def test_removing_a_contributor_file_keeps_everything_else(tree_2024: Path) -> None:
    before = assemble(tree_2024)
    (tree_2024 / "2024" / "unrwa.yaml").unlink()  # nothing of UNRWA's is printed
    after = assemble(tree_2024)
    assert len(after.contributors) == len(before.contributors) - 1
    assert "30" in after.paragraphs[0].plain("en") and "31" in before.paragraphs[0].plain("en")
    assert "United Nations Relief and Works Agency" not in after.notes[0].text["en"]
    assert after.notes[1:] == before.notes[1:]
    assert [p.content for p in after.paragraphs[1:]] == [p.content for p in before.paragraphs[1:]]


def test_adding_an_entity_renumbers_everything_after_it(base_tree: Path) -> None:
    (base_tree / "entities.yaml").write_text(
        (base_tree / "entities.yaml").read_text(encoding="utf-8")
        + "  delta:\n    kind: other\n    name: {en: Delta Network, zh: 德尔塔网络}\n",
        encoding="utf-8",
    )
    (base_tree / "2024" / "delta.yaml").write_text(
        "entity: delta\nyear: 2024\ncontributions:\n  - section: first\n    order: 15\n"
        "    text: {en: 'Delta built a network.[^net]', zh: '德尔塔建立了网络。[^net]'}\n"
        "    footnotes: {net: 'https://example.org/net.'}\n",
        encoding="utf-8",
    )
    doc = assemble(base_tree)
    assert [p.plain("en") for p in doc.paragraphs][2:4] == [
        "Delta built a network.",
        "The Beta Society trained 100 people.",
    ]
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4, 5, 6]
    assert [p.notes("en") for p in doc.paragraphs] == [[1], [2], [3], [4], [5], []]
    assert doc.notes[2].text["en"] == "https://example.org/net."
    assert doc.notes[0].text["en"] == "AO; Beta Society; Delta Network. See the web."
    assert doc.paragraphs[0].plain("zh").startswith("本报告借鉴了3个实体")


def test_ties_break_by_entity_then_file_position(base_tree: Path) -> None:
    for name in ("alpha", "beta"):
        path = base_tree / "2024" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("order: 20", "order: 10"), encoding="utf-8")
    doc = assemble(base_tree)
    assert [p.plain("en") for p in doc.paragraphs if p.section == "first"] == [
        "AO published a report.",
        "The Beta Society trained 100 people.",
    ]


def test_sources_point_at_the_contribution(base_tree: Path) -> None:
    doc = assemble(base_tree)
    assert [str(s) for s in doc.paragraphs[3].sources] == [
        "submissions/2024/alpha.yaml:12",
        "submissions/2024/beta.yaml:4",
    ]
    assert str(doc.notes[1].source) == "submissions/2024/alpha.yaml:11"


def test_word_limit_warning_names_the_figures(base_tree: Path) -> None:
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("word_limit: 8500", "word_limit: 20"))
    checked = check(base_tree, base=base_tree.parent)
    assert [d.format_text() for d in checked.diagnostics.items] == [
        "submissions/2024/report.yaml:19:13: warning: the en text has 68 words, over the limit of 20"
        " (body 38, headings 12, notes 12, summary 6) (shorten the text or request a waiver) [word-limit]"
    ]


def test_normalize_and_count() -> None:
    assert normalize("本报告 根据\n第 2006/46 号决议", "zh") == "本报告根据第2006/46号决议"
    assert normalize("Net  Mundial\n+10", "en") == "Net Mundial +10"
    assert normalize("信息 Roam X 原则", "zh") == "信息Roam X原则"
    assert count_words("报告综述了2024年的动态", "zh") == 10
    assert count_words("A short, plain sentence.", "en") == 4
