"""Every validation rule against a fixture tree, with the exact diagnostic text expected.

Each folder under tests/rules/ overlays files on tests/fixtures/base/ and holds expected.txt.
To accept new output after reviewing it: `make accept` (tests/golden.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wsisreport.diagnostics import format_diagnostics
from wsisreport.pipeline import check

from .golden import Golden

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "base"
RULES = sorted(p for p in (HERE / "rules").iterdir() if p.is_dir())


def make_tree(tmp_path: Path, overlay: Path | None = None) -> Path:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    if overlay is not None:
        shutil.copytree(overlay / "submissions", tmp_path / "submissions", dirs_exist_ok=True)
    return tmp_path / "submissions"


def diagnostics_text(root: Path, base: Path) -> str:
    checked = check(root, base=base)
    return format_diagnostics(checked.diagnostics.sorted(), "text") + "\n"


def test_base_fixture_is_clean(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    assert diagnostics_text(root, tmp_path) == "\n"


@pytest.mark.parametrize("case", RULES, ids=[p.name for p in RULES])
def test_rule(case: Path, tmp_path: Path, golden: Golden) -> None:
    root = make_tree(tmp_path, case)
    golden(case / "expected.txt", diagnostics_text(root, tmp_path))


def test_file_too_large(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    big = root / "2024" / "beta.yaml"
    big.write_text("entity: beta\nyear: 2024\ncontributions: []\n# " + "x" * (1024 * 1024) + "\n")
    assert diagnostics_text(root, tmp_path) == (
        "submissions/2024/beta.yaml:1:1: error: file is 1,048,621 bytes; the limit is 1,048,576 (1 MiB)"
        " (split the submission into smaller files) [file-too-large]\n"
    )


def test_symlink_leaving_the_tree(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "repo")
    outside = tmp_path / "outside.yaml"
    outside.write_text("entity: gamma\nyear: 2024\ncontributions: []\n")
    (root / "2024" / "gamma.yaml").symlink_to(outside)
    assert diagnostics_text(root, tmp_path / "repo") == (
        "submissions/2024/gamma.yaml:1:1: error: symbolic link points outside the submissions tree"
        " (copy the file into the tree instead of linking to it) [symlink-outside]\n"
    )


def test_symlink_inside_the_tree_is_followed(tmp_path: Path) -> None:
    root = make_tree(tmp_path)
    (root / "2024" / "beta.yaml").rename(root / "beta-source.yaml")
    (root / "2024" / "beta.yaml").symlink_to(root / "beta-source.yaml")
    assert diagnostics_text(root, tmp_path) == "\n"


def test_a_key_named_like_a_union_tag_is_located(tmp_path: Path) -> None:
    # pydantic names the branches of the note union "neutral" and "bilingual" in error locations.
    root = make_tree(tmp_path)
    (root / "2024" / "report.yaml").write_text("neutral: null\n")
    text = diagnostics_text(root, tmp_path)
    assert "submissions/2024/report.yaml:1:1: error: unknown key 'neutral' (allowed keys: year," in text
