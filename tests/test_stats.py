"""`wsisreport stats`: per-contributor figures of the 2024 report (golden: `make accept`)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from wsisreport.cli import app

from .conftest import HERE, SUBMISSIONS
from .golden import Golden

GOLDEN = HERE / "golden" / "2024.stats.json"
runner = CliRunner()


def stats_json() -> dict:  # type: ignore[type-arg]
    result = runner.invoke(
        app, ["stats", "--year", "2024", "--submissions", str(SUBMISSIONS), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_stats_json_matches_the_2024_figures(golden: Golden) -> None:
    data = stats_json()
    totals = data["totals"]
    assert totals == {
        "contributors": 31,
        "paragraphs": 87,
        "notes": 82,
        "words": totals["words"],
        "word_limit": {"en": 8500, "zh": None},
    }
    rows = {row["entity"]: row for row in data["entities"]}
    assert len([r for r in rows.values() if r["contributor"]]) == 31
    assert rows["unrwa"] == {
        "entity": "unrwa",
        "name": "United Nations Relief and Works Agency for Palestine Refugees in the Near East",
        "contributor": True,
        "paragraphs": 0,
        "notes": 0,
        "words": {"en": 0, "zh": 0},
        "sections": [],
    }
    assert sum(r["notes"] for r in rows.values()) == 82
    assert rows["secretariat"]["notes"] >= 1  # the computed contributors note
    assert "conclusions" in rows["secretariat"]["sections"]
    # Fragments' words add up to the report's words, less the headings and summary.
    for lang in ("en", "zh"):
        counted = sum(r["words"][lang] for r in rows.values())
        assert abs(counted - totals["words"][lang]) < 1000
    golden(GOLDEN, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_stats_table() -> None:
    result = runner.invoke(app, ["stats", "--year", "2024", "--submissions", str(SUBMISSIONS)])
    assert result.exit_code == 0
    assert "itu" in result.stdout and "total (31 contributors)" in result.stdout
    assert "8,500" in result.stdout
