"""Fragment ids: assigned in place, only `id:` lines added, all files or none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wsisreport.cli import app
from wsisreport.errors import UsageError
from wsisreport.ids import assign_ids
from wsisreport.pipeline import check

ID_LINE = re.compile(r"^\s*(- )?id: [a-z]+-[0-9a-f]{6}$")


def _strip_ids(tree: Path) -> dict[Path, str]:
    """Remove the contributions' ids, as in data that predates them; the files' texts without them."""
    texts = {}
    for path in sorted((tree / "2024").glob("*.yaml")):
        if path.name == "report.yaml":
            continue
        text = re.sub(r"(?m)^(\s*)- id: [a-z]+-[0-9a-f]{6}\n\s*", r"\1- ", path.read_text("utf-8"))
        path.write_text(text, "utf-8")
        texts[path] = text
    return texts


def test_ids_are_added_in_place_and_nothing_else_changes(base_tree: Path) -> None:
    before = _strip_ids(base_tree)
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text("# A comment that stays.\n" + before[beta].replace("text:", "text:  # why", 1), "utf-8")
    before[beta] = beta.read_text("utf-8")
    report = (base_tree / "2024" / "report.yaml").read_bytes()
    assigned = assign_ids(base_tree, 2024)
    assert {a.path.name for a in assigned} == {"alpha.yaml", "beta.yaml", "secretariat.yaml"}
    for path, old in before.items():
        # Undoing the insertion gives back the file exactly: nothing else was touched.
        new = path.read_text("utf-8")
        assert re.sub(r"(?m)^(\s*)- id: [a-z]+-[0-9a-f]{6}\n\s*", r"\1- ", new) == old
        assert new.count("- id: ") == old.count("- ")
    assert "# A comment that stays." in beta.read_text("utf-8")
    assert "text:  # why" in beta.read_text("utf-8")
    assert (base_tree / "2024" / "report.yaml").read_bytes() == report
    checked = check(base_tree, base=base_tree.parent)
    assert checked.ok and not [d for d in checked.diagnostics.warnings if d.code == "missing-id"]
    ids = [s.fragment for p in checked.documents[2024].paragraphs for s in p.sources]
    assert all(ids) and len(set(ids)) == len(ids)
    # A second run has nothing to do and touches nothing.
    snapshot = {p: p.read_bytes() for p in (base_tree / "2024").glob("*.yaml")}
    assert assign_ids(base_tree, 2024) == []
    assert snapshot == {p: p.read_bytes() for p in (base_tree / "2024").glob("*.yaml")}


def test_flow_mappings_get_their_id_inside(base_tree: Path) -> None:
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(
        "entity: beta\nyear: 2024\ncontributions:\n"
        "  - {section: first, text: {en: Flow style., zh: 流式。}}\n",
        "utf-8",
    )
    assign_ids(base_tree, 2024)
    assert re.search(r"- \{id: beta-[0-9a-f]{6}, section: first", beta.read_text("utf-8"))


def test_a_file_that_does_not_load_stops_everything(base_tree: Path) -> None:
    _strip_ids(base_tree)
    (base_tree / "2024" / "broken.yaml").write_text("entity: [unclosed\n", "utf-8")
    snapshot = {p: p.read_bytes() for p in (base_tree / "2024").glob("*.yaml")}
    with pytest.raises(UsageError, match="fix them first"):
        assign_ids(base_tree, 2024)
    assert snapshot == {p: p.read_bytes() for p in (base_tree / "2024").glob("*.yaml")}


def test_cli_reports_each_file(base_tree: Path) -> None:
    _strip_ids(base_tree)
    result = CliRunner().invoke(app, ["assign-ids", "--year", "2024", "--submissions", str(base_tree)])
    assert result.exit_code == 0, result.output
    assert "beta.yaml: 2 ids added" in result.output
    again = CliRunner().invoke(app, ["assign-ids", "--year", "2024", "--submissions", str(base_tree)])
    assert "every contribution has an id" in again.output


def test_the_2024_data_has_ids() -> None:
    checked = check(Path("submissions"), years={2024})
    assert not [d for d in checked.diagnostics.items if d.code in ("missing-id", "duplicate-id")]
