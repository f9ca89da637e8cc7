"""Shared fixtures: the small base tree, and the repository's own submissions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent
BASE = HERE / "fixtures" / "base"
SUBMISSIONS = REPO / "submissions"


@pytest.fixture
def base_tree(tmp_path: Path) -> Path:
    """A writable copy of the small fixture tree; returns its submissions folder."""
    shutil.copytree(BASE, tmp_path / "work")
    return tmp_path / "work" / "submissions"


@pytest.fixture
def tree_2024(tmp_path: Path) -> Path:
    """A writable copy of the real submissions (entities + 2024); returns its submissions folder."""
    dest = tmp_path / "work" / "submissions"
    shutil.copytree(SUBMISSIONS, dest)
    return dest
