"""The command line: exit codes, output formats, and that a refused build writes nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wsisreport import __version__
from wsisreport.cli import app

runner = CliRunner()


def break_beta(root: Path) -> None:
    (root / "2024" / "beta.yaml").write_text("entity: beta\nyear: 2024\ncontributions:\n  - sectoin: x\n")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"wsisreport {__version__}"


def test_validate_clean_tree_exits_0(base_tree: Path) -> None:
    result = runner.invoke(app, ["validate", str(base_tree)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_validate_reports_all_errors_and_exits_1(base_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    break_beta(base_tree)
    (base_tree / "2024" / "alpha.yaml").write_text("entity: alpha\nyear: 2023\ncontributions: []\n")
    monkeypatch.chdir(base_tree.parent)
    result = runner.invoke(app, ["validate", "submissions"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "submissions/2024/alpha.yaml:2:7: error: year 2023 does not match the folder 2024"
        " (write year: 2024) [year-mismatch]",
        "submissions/2024/beta.yaml:4:5: error: missing required key 'section' in 'contributions[0]'"
        " [missing-field]",
        "submissions/2024/beta.yaml:4:5: error: missing required key 'text' in 'contributions[0]'"
        " [missing-field]",
        "submissions/2024/beta.yaml:4:5: error: unknown key 'sectoin' in 'contributions[0]'"
        " (did you mean 'section'?) [unknown-key]",
    ]
    assert "4 errors, 0 warnings" in result.stderr


def test_warnings_fail_only_under_strict(base_tree: Path) -> None:
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text().replace("word_limit: 8500", "word_limit: 10"))
    assert runner.invoke(app, ["validate", str(base_tree)]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict", str(base_tree)]).exit_code == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["validate", "--format", "xml"]).exit_code == 2
    loose = tmp_path / "loose.yaml"
    loose.write_text("a: 1\n")
    result = runner.invoke(app, ["validate", str(loose)])
    assert result.exit_code == 2
    assert "not inside a submissions folder" in result.stderr


def test_json_format(base_tree: Path) -> None:
    break_beta(base_tree)
    result = runner.invoke(app, ["validate", "--format", "json", str(base_tree)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {d["code"] for d in data} == {"missing-field", "unknown-key"}
    assert data[0]["line"] == 4 and data[0]["col"] == 5 and data[0]["severity"] == "error"


def test_github_format(base_tree: Path) -> None:
    break_beta(base_tree)
    result = runner.invoke(app, ["validate", "--format", "github", str(base_tree)])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=")
    assert ",line=4,col=5::missing required key 'section' in 'contributions[0]' [missing-field]" in lines[0]


def test_single_file_reports_only_that_file(base_tree: Path) -> None:
    break_beta(base_tree)
    (base_tree / "2024" / "alpha.yaml").write_text("entity: alpha\nyear: 2023\ncontributions: []\n")
    result = runner.invoke(app, ["validate", str(base_tree / "2024" / "alpha.yaml")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and "[year-mismatch]" in result.stdout


def test_build_writes_outputs_and_manifest(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "2024" / "manifest.json").read_text())
    assert [(o["path"], o["langs"], o["format"]) for o in manifest["outputs"]] == [
        ("A-99-1-E-2099-1.en.json", ["en"], "json"),
        ("A-99-1-E-2099-1.zh.json", ["zh"], "json"),
    ]
    for entry in manifest["outputs"]:
        assert hashlib.sha256((out / "2024" / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_refused_build_writes_nothing_and_keeps_old_outputs(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out), "--format", "json"]
    assert runner.invoke(app, args).exit_code == 0
    before = {p: p.read_bytes() for p in (out / "2024").iterdir()}
    break_beta(base_tree)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in (out / "2024").iterdir()} == before


def test_refused_first_build_creates_no_folder(base_tree: Path, tmp_path: Path) -> None:
    break_beta(base_tree)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert not out.exists()


def test_build_usage_errors(base_tree: Path, tmp_path: Path) -> None:
    base = ["build", "--submissions", str(base_tree), "--out", str(tmp_path / "o")]
    for extra in (
        ["--year", "1999"],
        ["--year", "2024", "--lang", "fr"],
        ["--year", "2024", "--format", "odt"],
    ):
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == 2, extra
        assert result.stderr.startswith("wsisreport: usage error: ")


def test_validate_does_not_import_renderers() -> None:
    code = (
        "import sys; from wsisreport.cli import app; from wsisreport.pipeline import check;"
        "from pathlib import Path; check(Path('submissions'));"
        "bad = [m for m in ('weasyprint', 'docx', 'jinja2') if m in sys.modules]; print(bad)"
    )
    repo = Path(__file__).parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
