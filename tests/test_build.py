"""The build: incremental, deterministic, atomic, safe under concurrency and interruption."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wsisreport import entry as entry_point
from wsisreport.build import build, digests, read_manifest
from wsisreport.build.workers import WorkerDied, Workers
from wsisreport.errors import UsageError
from wsisreport.models import LANGUAGES
from wsisreport.render import FORMATS, Format, Inputs

FAST = ["json", "docx"]
ALL = [name for name, spec in FORMATS.items() if spec.available()]


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def test_no_op_rebuild_renders_nothing(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(2024, base_tree, out, formats=FAST)
    assert [o.built for o in first.outputs] == [True] * 4
    before = {p: p.stat().st_mtime_ns for p in (out / "2024").iterdir()}
    second = build(2024, base_tree, out, formats=FAST)
    assert [o.built for o in second.outputs] == [False] * 4
    assert [o.sha256 for o in second.outputs] == [o.sha256 for o in first.outputs]
    after = {p: p.stat().st_mtime_ns for p in (out / "2024").iterdir()}
    assert after == before  # not even the manifest was rewritten


def test_changes_rebuild_what_they_touch(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=FAST)
    folder = out / "2024"
    # A deleted output is rebuilt, alone.
    (folder / "A-99-1-E-2099-1.zh.docx").unlink()
    result = build(2024, base_tree, out, formats=FAST)
    assert [o.path for o in result.built] == ["A-99-1-E-2099-1.zh.docx"]
    # An output edited by hand no longer matches the manifest: rebuilt.
    (folder / "A-99-1-E-2099-1.en.json").write_text("{}")
    result = build(2024, base_tree, out, formats=FAST)
    assert [o.path for o in result.built] == ["A-99-1-E-2099-1.en.json"]
    # A submission change reaches every output (a change to the Chinese, which leaves it translated).
    beta = base_tree / "2024" / "beta.yaml"
    beta.write_text(beta.read_text().replace("培训了100人", "培训了120人"))
    result = build(2024, base_tree, out, formats=FAST)
    assert len(result.built) == 4
    # --force rebuilds everything even when nothing changed.
    assert len(build(2024, base_tree, out, formats=FAST, force=True).built) == 4


def test_manifest_records_inputs_and_hashes(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=FAST)
    manifest = json.loads((out / "2024" / "manifest.json").read_text())
    assert manifest["version"] == 3 and manifest["year"] == 2024
    for entry in manifest["outputs"]:
        data = (out / "2024" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["bytes"] == len(data)
        assert len(entry["inputs"]) == 64
    assert sorted(read_manifest(out / "2024")) == sorted(e["path"] for e in manifest["outputs"])


def test_source_date_epoch_is_an_input(
    base_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=["docx"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert len(build(2024, base_tree, out, formats=["docx"]).built) == 2


def test_two_builds_give_identical_bytes(tree_2024: Path, tmp_path: Path) -> None:
    first = build(2024, tree_2024, tmp_path / "a", formats=ALL)
    second = build(2024, tree_2024, tmp_path / "b", formats=ALL)
    assert not first.diagnostics.errors and len(second.built) == len(first.built) > 0
    assert hashes(tmp_path / "a" / "2024") == hashes(tmp_path / "b" / "2024")
    assert {o.format for o in first.outputs} == set(ALL)


def test_refused_build_leaves_outputs_untouched(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=FAST)
    before = hashes(out / "2024")
    (base_tree / "2024" / "beta.yaml").write_text("entity: beta\nyear: 2024\ncontributions: [{}]\n")
    result = build(2024, base_tree, out, formats=FAST, force=True)
    assert result.diagnostics.errors and not result.outputs
    assert hashes(out / "2024") == before


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "wsisreport", "build", *args]


@pytest.mark.skipif("pdf" not in ALL, reason="needs a renderer slow enough to be killed mid-way")
def test_killed_build_leaves_previous_outputs_whole(tree_2024: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = ["--year", "2024", "--submissions", str(tree_2024), "--out", str(out)]
    subprocess.run(_cli(*base), check=True, capture_output=True)
    before = hashes(out / "2024")
    itu = tree_2024 / "2024" / "itu.yaml"
    itu.write_text(itu.read_text().replace("国际电联估计", "国际电联现估计"))
    proc = subprocess.Popen(_cli(*base), stderr=subprocess.PIPE, text=True, env={**os.environ, "CI": "true"})
    assert proc.stderr is not None
    assert "checked" in proc.stderr.readline()  # rendering has begun; PDFs take seconds
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert hashes(out / "2024") == before


def test_concurrent_builds_do_not_corrupt_each_other(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = [
        "--year",
        "2024",
        "--submissions",
        str(base_tree),
        "--out",
        str(out),
        "--format",
        "json",
        "--force",
    ]
    procs = [
        subprocess.Popen(_cli(*base), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(4)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    manifest = read_manifest(out / "2024")
    assert sorted(manifest) == ["A-99-1-E-2099-1.en.json", "A-99-1-E-2099-1.zh.json"]
    for name, entry in manifest.items():
        assert hashlib.sha256((out / "2024" / name).read_bytes()).hexdigest() == entry["sha256"]
    assert not list((out / "2024").glob(".*.tmp"))


def test_stale_temporaries_are_cleaned(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=["json"])
    stale = out / "2024" / ".A-99-1-E-2099-1.en.json.abc.tmp"
    stale.write_text("partial")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    build(2024, base_tree, out, formats=["json"], force=True)
    assert not stale.exists()


# -- formats declare themselves: the build knows them only through the registry ----------------------

# Renderers of formats the build has never heard of, in a module written by the test. The
# per-language one says which process rendered it, so that a test can see the declared worker used.
FAKE_PER_LANGUAGE = """
import os
import sys
from pathlib import Path
from wsisreport.render import Rendered

def prepare():
    # Each process that warms this renderer up says so, in the folder the test names.
    log = os.environ.get("FAKE_PREPARE_LOG")
    if log:
        # With FAKE_PREPARE_MODULES, also whether those were imported when it did.
        loaded = [f"{m}={m in sys.modules}" for m in os.environ.get("FAKE_PREPARE_MODULES", "").split()]
        with open(log, "a") as f:
            f.write(" ".join([str(os.getpid()), *loaded]) + "\\n")

def render(document, lang):
    behaviour = os.environ.get("FAKE_RENDER", "")
    if behaviour == f"refuse-{lang}":
        raise ValueError(f"the renderer refused {lang}")
    if behaviour == f"die-{lang}":
        os._exit(3)
    return Rendered(f"{document.title[lang]}\\n{os.getpid()}\\n{os.getppid()}\\n".encode(), pages=len(lang))
"""
FAKE_BILINGUAL = """
from wsisreport.models import LANGUAGES
from wsisreport.render import Rendered

def render(document):
    return Rendered(" | ".join(document.title[lang] for lang in LANGUAGES).encode())
"""


@pytest.fixture
def fake_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Register two formats (one per language, in workers; one bilingual); returns their templates."""
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "fake_lines.py").write_text(FAKE_PER_LANGUAGE)
    (modules / "fake_both.py").write_text(FAKE_BILINGUAL)
    monkeypatch.syspath_prepend(str(modules))
    templates = tmp_path / "templates"
    for name in ("lines/a.txt", "other/b.txt"):
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).write_text("1")
    monkeypatch.setattr(digests, "TEMPLATES_DIR", templates)
    lines = Format("lines", "txt", "fake_lines", "a test format", worker=True, inputs=Inputs(("lines/*",)))
    both = Format("both", "both.txt", "fake_both", "a bilingual test format", bilingual=True)
    monkeypatch.setitem(FORMATS, lines.name, lines)
    monkeypatch.setitem(FORMATS, both.name, both)
    return templates


def test_a_registered_format_is_built_as_it_declares(
    fake_formats: Path, base_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(2024, base_tree, out, formats=["lines", "both"])
    assert not result.diagnostics.errors
    assert [(o.path, o.langs, o.format) for o in result.outputs] == [
        ("A-99-1-E-2099-1.en.txt", ("en",), "lines"),
        ("A-99-1-E-2099-1.zh.txt", ("zh",), "lines"),
        ("A-99-1-E-2099-1.both.txt", LANGUAGES, "both"),
    ]
    folder = out / "2024"
    texts = {o.path: (folder / o.path).read_text() for o in result.outputs}
    assert result.document is not None
    for lang in LANGUAGES:
        title, pid, _parent = texts[f"A-99-1-E-2099-1.{lang}.txt"].splitlines()
        assert title == result.document.title[lang]
        # Declared slow: two files, so two worker processes rendered them, not this one.
        assert int(pid) != os.getpid()
    assert texts["A-99-1-E-2099-1.both.txt"] == " | ".join(result.document.title[lang] for lang in LANGUAGES)
    # What only the renderer knows reaches the manifest.
    assert [o.pages for o in result.outputs] == [2, 2, None]


def test_a_format_is_rebuilt_when_what_it_declares_changes(
    fake_formats: Path, base_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=["lines", "both"])
    # A template the format does not declare: nothing is rebuilt.
    (fake_formats / "other" / "b.txt").write_text("2")
    assert build(2024, base_tree, out, formats=["lines", "both"]).built == []
    # One it declares: its files are rebuilt, and only those.
    (fake_formats / "lines" / "a.txt").write_text("2")
    rebuilt = build(2024, base_tree, out, formats=["lines", "both"]).built
    assert [o.path for o in rebuilt] == ["A-99-1-E-2099-1.en.txt", "A-99-1-E-2099-1.zh.txt"]


def test_bilingual_format_has_both_languages_in_the_manifest(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # Asked for English only: the review page still holds, and records, both languages.
    build(2024, base_tree, out, langs=["en"], formats=["json", "review"])
    entries = read_manifest(out / "2024")
    assert {path: (e["format"], e["langs"]) for path, e in entries.items()} == {
        "A-99-1-E-2099-1.en.json": ("json", ["en"]),
        "A-99-1-E-2099-1.review.html": ("review", list(LANGUAGES)),
    }
    assert all("lang" not in e for e in entries.values())


def test_a_manifest_of_another_version_is_not_trusted(base_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=["json"])
    path = out / "2024" / "manifest.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps({**manifest, "version": 2}))
    assert len(build(2024, base_tree, out, formats=["json"]).built) == 2
    assert json.loads(path.read_text())["version"] == 3


# -- the worker processes ------------------------------------------------------------------------------


def test_workers_are_forked_from_one_process_that_warmed_up_once(
    fake_formats: Path, base_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "prepared"
    monkeypatch.setenv("FAKE_PREPARE_LOG", str(log))
    result = build(2024, base_tree, tmp_path / "out", formats=["lines"])
    folder = tmp_path / "out" / "2024"
    rendered_by = [(folder / o.path).read_text().splitlines()[1:] for o in result.outputs]
    (warmed,) = log.read_text().split()  # one warm-up for both workers
    pids = {int(pid) for pid, _parent in rendered_by}
    assert len(pids) == 2 and os.getpid() not in pids
    # Both workers are children of the process that warmed up, itself a child of the build.
    assert {int(parent) for _pid, parent in rendered_by} == {int(warmed)}
    assert int(warmed) != os.getpid()
    assert multiprocessing.active_children() == []


def test_an_error_in_a_worker_is_raised_by_the_build_and_nothing_is_written(
    fake_formats: Path, base_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_RENDER", "refuse-zh")
    with pytest.raises(ValueError, match="the renderer refused zh"):
        build(2024, base_tree, tmp_path / "out", formats=["lines"])
    assert not (tmp_path / "out" / "2024").exists()
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_an_error_not_a_hang(
    fake_formats: Path, base_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_RENDER", "die-en")
    with pytest.raises(WorkerDied):
        build(2024, base_tree, tmp_path / "out", formats=["lines"])
    assert not (tmp_path / "out" / "2024").exists()


def test_a_build_refused_at_validation_stops_its_workers(
    fake_formats: Path, base_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "prepared"
    monkeypatch.setenv("FAKE_PREPARE_LOG", str(log))
    report = base_tree / "2024" / "report.yaml"
    report.write_text(report.read_text() + "\nunknown_key: 1\n")
    result = build(2024, base_tree, tmp_path / "out", formats=["lines"])
    assert result.diagnostics.errors and result.outputs == []
    # The process warming up was stopped, not waited for, and left nothing behind.
    assert multiprocessing.active_children() == []


def test_workers_started_by_the_caller_are_ended_by_the_build(
    fake_formats: Path, base_tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(2024, base_tree, out, formats=["lines"])
    # Nothing to render (a no-op rebuild), or a refused build: either way nothing is left running.
    assert build(2024, base_tree, out, formats=["lines"], workers=Workers(["lines"], LANGUAGES)).built == []
    with pytest.raises(UsageError):
        build(2099, base_tree, out, formats=["lines"], workers=Workers(["lines"], LANGUAGES))
    assert multiprocessing.active_children() == []
    started = Workers(["lines"], LANGUAGES)
    rebuilt = build(2024, base_tree, out, formats=["lines"], force=True, workers=started)
    assert len(rebuilt.built) == 2
    assert multiprocessing.active_children() == []


def test_the_entry_point_starts_the_workers_before_the_command_line_loads(
    fake_formats: Path, base_tree: Path, tmp_path: Path
) -> None:
    log = tmp_path / "prepared"
    out = tmp_path / "out"
    argv = ["build", "--year", "2024", "--submissions", str(base_tree), "--out", str(out), "--format=lines"]
    # The fake format registered in a fresh interpreter, whose entry point then runs the build.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path / 'modules')!r})\n"
        "from pathlib import Path\n"
        "from wsisreport.render import FORMATS, Format, Inputs\n"
        "from wsisreport.build import digests\n"
        "FORMATS['lines'] = Format(\n"
        "    'lines', 'txt', 'fake_lines', 'a test format', worker=True, inputs=Inputs(('lines/*',))\n"
        ")\n"
        f"digests.TEMPLATES_DIR = Path({str(fake_formats)!r})\n"
        f"sys.argv = ['wsisreport', *{argv!r}]\n"
        "from wsisreport.entry import main\n"
        "main()\n"
    )
    env = {**os.environ, "FAKE_PREPARE_LOG": str(log), "FAKE_PREPARE_MODULES": "typer"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    # One warm-up, begun before the command line (typer) was imported; the build used it.
    (line,) = log.read_text().splitlines()
    assert line.split()[1:] == ["typer=False"]
    files = [out / "2024" / f"A-99-1-E-2099-1.{lang}.txt" for lang in LANGUAGES]
    assert {file.read_text().split()[-1] for file in files} == {line.split()[0]}


def test_workers_started_early_for_another_build_are_stopped(fake_formats: Path) -> None:
    Workers.start_early(["lines"], LANGUAGES)
    assert len(multiprocessing.active_children()) == 1
    # One language: one slow file, rendered in the parent; the early warm-up is not wanted.
    workers = Workers.for_build(["lines"], ("en",))
    assert workers.serves == (("lines",), 1)
    assert multiprocessing.active_children() == []
    Workers.start_early(["lines"], LANGUAGES)
    kept = Workers.for_build(["lines"], LANGUAGES)
    assert kept.serves == (("lines",), 2)
    fresh = Workers.for_build(["lines"], LANGUAGES)  # an early start serves one build only
    assert fresh is not kept and len(multiprocessing.active_children()) == 2
    kept.close()
    fresh.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("argv", "guess"),
    [
        (["build", "--year", "2024"], (None, list(LANGUAGES))),
        (["build", "--format", "pdf", "--format=docx", "--lang", "en"], (["pdf", "docx"], ["en"])),
        (["build", "--format=docx", "--format", "pdf", "--lang"], (["docx", "pdf"], [""])),
        (["build", "--help"], None),
        (["validate", "submissions"], None),
        ([], None),
    ],
)
def test_the_entry_point_reads_a_builds_options_as_a_guess(
    argv: list[str], guess: tuple[list[str] | None, list[str]] | None
) -> None:
    assert entry_point.build_options(argv) == guess


def test_the_workers_and_the_pdf_renderer_import_no_models() -> None:
    """What lets the CLI start the workers first: they, and what they warm up, are light."""
    code = (
        "import sys, wsisreport.cli, wsisreport.build.workers, wsisreport.render.pdf\n"
        "print(sorted(m for m in ('pydantic', 'wsisreport.models', 'wsisreport.load') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
