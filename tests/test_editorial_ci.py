"""The example workflow and the pre-commit hook parse, and call only what exists."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from .conftest import REPO


def make_targets() -> set[str]:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.M))


def test_workflow_calls_only_existing_make_targets_and_commands() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "editorial.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["report"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs, "no run steps"
    targets = make_targets()
    called = [t for run in runs for t in re.findall(r"\bmake ((?:[a-z-]+ ?)+)", run) for t in t.split()]
    assert called and set(called) <= targets, set(called) - targets
    assert any("--format github" in run for run in runs)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps)
    assert workflow["jobs"]["report"]["timeout-minutes"] <= 20


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["wsisreport-validate"]
    entry = hooks[0]["entry"].split()
    assert entry[:2] == ["wsisreport", "validate"]
    # The hook's command works as written on this repository.
    result = subprocess.run([sys.executable, "-m", "wsisreport", *entry[1:]], cwd=REPO, capture_output=True)
    assert result.returncode == 0, result.stderr


def test_ci_script_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")
