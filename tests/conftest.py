"""Shared fixtures: the small base tree, the repository's own submissions, and golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wsisreport.document import Document
from wsisreport.pipeline import check

from .golden import Golden

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


@pytest.fixture(scope="session")
def document_2024() -> Document:
    """The 2024 report, assembled once for the whole test session."""
    checked = check(SUBMISSIONS, years={2024}, base=SUBMISSIONS.parent)
    assert checked.ok, [d.format_text() for d in checked.diagnostics.errors]
    return checked.documents[2024]


@pytest.fixture
def golden() -> Golden:
    """Compare text with a golden file (or accept it): ``golden(path, text)``."""
    return Golden()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Marked by use, not by hand: `-m golden` (make accept) then reaches every golden test.
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)
