"""Translation states: untranslated, stale and translated pieces, the record, and `translate mark`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.pipeline import check
from wsisreport.translation.exchange import mark, status
from wsisreport.translation.record import record_path
from wsisreport.translation.units import word_diff

from .conftest import SUBMISSIONS
from .drafting import STALE_TEXT, UNTRANSLATED_NOTE, UNTRANSLATED_TEXT, draft

runner = CliRunner()


def codes(root: Path) -> list[tuple[str, int, str]]:
    checked = check(root, base=root.parent)
    return [(d.location.path, d.location.line, d.code) for d in checked.diagnostics.sorted()]


def test_the_2024_data_is_recorded_as_translated() -> None:
    checked = check(SUBMISSIONS, base=SUBMISSIONS.parent)
    assert not checked.diagnostics.items, [d.format_text() for d in checked.diagnostics.items]
    report = status(SUBMISSIONS, 2024)
    assert report.total.fragments == {"translated": 146, "stale": 0, "untranslated": 0}
    assert report.total.notes == {"translated": 5, "stale": 0, "untranslated": 0}
    assert report.total.words == 0


def test_the_drafting_scenario_is_located_piece_by_piece(tree_2024: Path) -> None:
    draft(tree_2024)
    checked = check(tree_2024, base=tree_2024.parent)
    found = [d for d in checked.diagnostics.sorted()]
    assert [(d.location.path, d.code) for d in found] == [
        ("submissions/2024/itu.yaml", "stale-translation"),
        ("submissions/2024/itu.yaml", "untranslated"),
        ("submissions/2024/wfp.yaml", "untranslated"),
    ]
    stale = found[0]
    # At the first changed word, saying what changed.
    assert (stale.location.line, stale.location.col) == (12, 28)
    assert "ITU estimates that [-67-]{+68+} per cent of…" in stale.message
    assert f"--id {STALE_TEXT}" in (stale.hint or "")
    assert "footnote 'wsis-forum-2024-outcomes' has no Chinese yet" in found[1].message
    report = status(tree_2024, 2024)
    assert report.total.fragments == {"translated": 144, "stale": 1, "untranslated": 1}
    assert report.total.notes == {"translated": 4, "stale": 0, "untranslated": 1}
    itu = next(r for r in report.rows if r.entity == "itu")
    assert itu.fragments["stale"] == 1 and itu.notes["untranslated"] == 1
    assert UNTRANSLATED_TEXT.startswith("wfp") and UNTRANSLATED_NOTE.startswith("itu")


def test_one_english_edit_makes_exactly_one_piece_stale(tree_2024: Path) -> None:
    path = tree_2024 / "2024" / "unesco.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("UNESCO") > 1
    path.write_text(
        text.replace("UNESCO", "the United Nations Educational, Scientific and Cultural Organization", 1)
    )
    assert [(p, c) for p, _line, c in codes(tree_2024)] == [
        ("submissions/2024/unesco.yaml", "stale-translation")
    ]


def test_a_reviewers_chinese_edit_stays_translated(tree_2024: Path) -> None:
    path = tree_2024 / "2024" / "itu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("国际电联估计", "据国际电联估计"))
    assert codes(tree_2024) == []


def test_the_record_survives_reordering_moves_and_refolding(base_tree: Path) -> None:
    alpha = base_tree / "2024" / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    first, second = text.split("  - id: ")[1:]
    head = text.split("  - id: ")[0]
    # The two contributions swapped, the first moved to another section, its English re-wrapped.
    moved = (
        second
        + "  - id: "
        + first.replace("section: first", "section: second").replace(
            "en: AO published a report.[^ao-report]",
            "en: >-\n        AO published\n        a report.[^ao-report]",
        )
    )
    alpha.write_text(head + "  - id: " + moved, encoding="utf-8")
    assert codes(base_tree) == []


def test_unrecorded_chinese_is_stale_until_marked(base_tree: Path) -> None:
    record = record_path(base_tree / "2024")
    before = record.read_bytes()
    record.unlink()
    found = codes(base_tree)
    assert {c for _p, _l, c in found} == {"stale-translation"} and len(found) == 7
    result = runner.invoke(app, ["translate", "mark", "--year", "2024", "--submissions", str(base_tree)])
    assert result.exit_code == 0, result.output
    assert "recorded 7 pieces in submissions/2024/translations/zh.json" in result.output
    assert record.read_bytes() == before  # deterministic: the same bytes as the committed record
    assert codes(base_tree) == []
    again = runner.invoke(app, ["translate", "mark", "--year", "2024", "--submissions", str(base_tree)])
    assert "already records them" in again.output


def test_mark_one_piece_after_checking_it(base_tree: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("trained 100 people", "trained 100 people in 2024")
    )
    assert [c for _p, _l, c in codes(base_tree)] == ["stale-translation"]
    done = mark(base_tree, 2024, ["beta-e7801f"])
    assert done.recorded == 1 and done.changed
    assert codes(base_tree) == []
    record = json.loads(record_path(base_tree / "2024").read_text(encoding="utf-8"))
    assert record["fragments"]["beta-e7801f"]["text"].endswith("in 2024.[^training]")
    # A note by id:key; unknown ids and pieces without Chinese are refused.
    assert mark(base_tree, 2024, ["alpha-1ae839:meeting"]).recorded == 1
    for bad, message in (("nope-000000", "has the id"), ("alpha-1ae839:nope", "has the id")):
        result = runner.invoke(
            app, ["translate", "mark", "--year", "2024", "--id", bad, "--submissions", str(base_tree)]
        )
        assert result.exit_code == 2 and message in result.stderr


def test_a_broken_record_is_a_located_error(base_tree: Path) -> None:
    record = record_path(base_tree / "2024")
    record.write_text('{\n  "version": 1,\n  "fragments": {\n', encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    (error,) = checked.diagnostics.errors
    assert error.code == "translation-record"
    assert str(error.location) == "submissions/2024/translations/zh.json:4:1"
    record.write_text('{"version": 1, "language": "zh", "fragments": {"bad id!": {}}}', encoding="utf-8")
    (error,) = check(base_tree, base=base_tree.parent).diagnostics.errors
    assert error.code == "translation-record" and "bad id!" in error.message


def test_report_and_registry_texts_keep_both_languages_required(base_tree: Path) -> None:
    report = base_tree / "2024" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    lines = text.split("\n")
    del lines[next(i for i, line in enumerate(lines) if line.strip().startswith("zh:"))]
    report.write_text("\n".join(lines), encoding="utf-8")
    (error,) = check(base_tree, base=base_tree.parent).diagnostics.errors
    assert error.code == "missing-language" and error.location.path == "submissions/2024/report.yaml"


def test_word_diff_shows_what_changed() -> None:
    assert word_diff("a b c d e f", "a b X d e f").summary == "a b [-c-]{+X+} d e f"
    change = word_diff("one two three four five six seven", "one two three four five six seven eight")
    assert change.summary == "…five six seven {+eight+}"
    assert change.offset == len("one two three four five six seven ")
    many = word_diff("a b c d e f g h i j k l", "A b C d E f G h I j K l")
    assert many.summary.endswith("(and 3 more changes)")
    assert word_diff("a  b", "a b").summary == "only white space changed"
