"""Golden snapshots of the assembled 2024 model (JSON, both languages) and of the fixture tree.

After reviewing a change in the output, accept it with:
    WSISREPORT_ACCEPT=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os

import pytest

from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.jsonmodel import render

from .conftest import BASE, HERE, SUBMISSIONS

GOLDEN = HERE / "golden"
CASES = {"2024": SUBMISSIONS, "fixture": BASE / "submissions"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_model_snapshot(case: str, lang: str) -> None:
    root = CASES[case]
    checked = check(root, years={2024}, base=root.parent)
    assert checked.ok
    got = render(checked.documents[2024], lang).data.decode("utf-8")
    path = GOLDEN / f"{case}.{lang}.json"
    if os.environ.get("WSISREPORT_ACCEPT"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with WSISREPORT_ACCEPT=1 after review"
    assert got == path.read_text(encoding="utf-8"), (
        f"{path.name} changed: review, then accept (see module doc)"
    )
