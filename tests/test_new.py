"""`wsisreport new`: a new submission file validates as it is, and the example in it works."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.pipeline import check

runner = CliRunner()


def test_new_file_validates_and_lists_sections(base_tree: Path) -> None:
    result = runner.invoke(app, ["new", "gamma", "--year", "2024", "--submissions", str(base_tree)])
    assert result.exit_code == 0, result.output
    path = base_tree / "2024" / "gamma.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/submission.schema.json\n")
    assert "# Gamma Union / 伽马联盟" in text
    for section in ("introduction", "trends", "first", "second", "conclusions"):
        assert f"#   {section}: " in text
    checked = check(base_tree, base=base_tree.parent)
    assert checked.ok and not checked.diagnostics.items
    assert [c.entity for c in checked.documents[2024].contributors] == ["alpha", "beta", "gamma"]


def test_uncommented_example_validates(base_tree: Path) -> None:
    runner.invoke(app, ["new", "gamma", "--year", "2024", "--submissions", str(base_tree)])
    path = base_tree / "2024" / "gamma.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("# contributions:")
    end = lines.index("#", start)
    example = [line[2:] for line in lines[start:end]]
    head = lines[: lines.index("year: 2024") + 1]
    path.write_text("\n".join(head + example) + "\n", encoding="utf-8")
    checked = check(base_tree, base=base_tree.parent)
    # The English is written first; the Chinese comes by translation, so the text is untranslated.
    found = [(d.location.path, d.code) for d in checked.diagnostics.items]
    assert found == [("submissions/2024/gamma.yaml", "untranslated")], checked.diagnostics.items
    assert any("What the entity did" in p.plain("en") for p in checked.documents[2024].paragraphs)


def test_new_refuses_to_overwrite_or_guess(base_tree: Path) -> None:
    before = (base_tree / "2024" / "beta.yaml").read_text()
    result = runner.invoke(app, ["new", "beta", "--year", "2024", "--submissions", str(base_tree)])
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert (base_tree / "2024" / "beta.yaml").read_text() == before
    result = runner.invoke(app, ["new", "gama", "--year", "2024", "--submissions", str(base_tree)])
    assert result.exit_code == 2 and "did you mean 'gamma'?" in result.stderr
    result = runner.invoke(app, ["new", "gamma", "--year", "2031", "--submissions", str(base_tree)])
    assert result.exit_code == 2
