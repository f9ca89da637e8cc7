"""Golden snapshots of the assembled 2024 model (JSON, both languages) and of the fixture tree.

After reviewing a change in the output, accept it with `make accept` (tests/golden.py).
"""

from __future__ import annotations

import pytest

from wsisreport.models import LANGUAGES
from wsisreport.pipeline import check
from wsisreport.render.jsonmodel import render

from .conftest import BASE, HERE, SUBMISSIONS
from .golden import ACCEPT_VARIABLE, Golden

GOLDEN = HERE / "golden"
CASES = {"2024": SUBMISSIONS, "fixture": BASE / "submissions"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_model_snapshot(case: str, lang: str, golden: Golden) -> None:
    root = CASES[case]
    checked = check(root, years={2024}, base=root.parent)
    assert checked.ok
    got = render(checked.documents[2024], lang).data.decode("utf-8")
    golden(GOLDEN / f"{case}.{lang}.json", got)


def test_accept_logic_lives_in_the_golden_helper() -> None:
    """One habit: a test that writes a golden file itself would escape `make accept`."""
    others = [
        p.name
        for p in sorted(HERE.glob("*.py"))
        if p.name != "golden.py" and ACCEPT_VARIABLE in p.read_text("utf-8")
    ]
    assert not others, f"use the golden fixture (tests/golden.py) instead of reading the variable: {others}"
