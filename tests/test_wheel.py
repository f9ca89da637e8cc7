"""The wheel: it carries the package, templates and catalogs, and a fresh install of it builds the
2024 report from folders outside the project, byte for byte as the checkout does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from wsisreport.i18n import report_translations
from wsisreport.render import FORMATS

from .conftest import REPO, SUBMISSIONS

pytestmark = pytest.mark.wheel

# Build products and local state of a checkout, left out of the copy the wheel is built from.
LOCAL = {".git", ".venv", "build", "dist", "test-artifacts", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
LOCAL_ANYWHERE = {"__pycache__", ".hypothesis"}
# A safety net against a hung install, not a measure of speed.
LIMIT = 600
LANGS = ("en", "zh")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=LIMIT
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that would point Python back at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", CI="true", **extra)
    return env


def _ignore_local(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == REPO
    return {n for n in names if n in LOCAL_ANYWHERE or (top and (n in LOCAL or n.endswith(".egg-info")))}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built by pip from a clean copy of the checkout (as from a fresh clone)."""
    source = tmp_path_factory.mktemp("source") / "wsisreport"
    shutil.copytree(REPO, source, symlinks=True, ignore=_ignore_local)
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, source, cwd=dist)
    (built,) = dist.glob("wsisreport-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its dependencies from the package index; returns its bin/."""
    root = tmp_path_factory.mktemp("venv")
    # Without a pip of its own (installing one takes seconds): this run's pip installs into it.
    run(sys.executable, "-m", "venv", "--without-pip", root, cwd=root)
    # The dependencies at the versions this test run uses, so that the outputs can be compared.
    constraints = root / "constraints.txt"
    constraints.write_text(
        "".join(
            f"{d.metadata['Name']}=={d.version}\n"
            for d in metadata.distributions()
            if d.metadata["Name"] and d.metadata["Name"].lower() != "wsisreport"
        )
    )
    pip = (sys.executable, "-m", "pip", "--python", root / "bin" / "python")
    run(*pip, "install", "--quiet", "--constraint", constraints, wheel, cwd=root)
    return root / "bin"


def in_wheel(folder: str, pattern: str, into: str) -> set[str]:
    """The wheel's names for the checkout's files under ``folder`` matching ``pattern``."""
    return {
        f"{into}/{p.relative_to(REPO / folder)}"
        for p in (REPO / folder).rglob(pattern)
        if p.is_file() and not p.name.startswith(".")
    }


def test_wheel_holds_every_module_template_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = in_wheel("wsisreport", "*.py", "wsisreport")
    templates = in_wheel("templates", "*", "wsisreport/templates")
    catalogs = in_wheel("locale", "*.mo", "wsisreport/locale")
    assert len(templates) > 10 and len(catalogs) >= 2
    for kind, wanted in (("modules", modules), ("templates", templates), ("catalogs", catalogs)):
        missing = sorted(wanted - names)
        assert not missing, (
            f"{kind} missing from the wheel (see pyproject.toml's [tool.setuptools]): {missing}"
        )
    # Nothing but the package and its metadata: no tests, submissions or catalog sources.
    assert {n.split("/")[0] for n in names} == {"wsisreport", wheel.name.split("-py3")[0] + ".dist-info"}
    assert not [n for n in names if n.endswith((".po", ".pot"))]


def test_installed_wheel_builds_the_2024_report_from_outside_the_project(venv: Path, tmp_path: Path) -> None:
    # The installed package finds its resources in the venv, not in the checkout.
    script = "from wsisreport.paths import *; print(PACKAGE_DIR, TEMPLATES_DIR, LOCALE_DIR, sep='\\n')"
    where = run(venv / "python", "-c", script, cwd=tmp_path).stdout.split()
    site = venv.parent.resolve()
    assert [Path(p).is_relative_to(site) for p in where] == [True] * 3, where

    # A copy of the submissions elsewhere, built from yet another folder.
    submissions = tmp_path / "elsewhere" / "submissions"
    shutil.copytree(SUBMISSIONS, submissions)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "out"
    run(venv / "wsisreport", "build", "--year", "2024", "--submissions", submissions, "--out", out, cwd=cwd)

    folder = out / "2024"
    (review,) = folder.glob("*.review.html")
    stem = review.name.removesuffix(".review.html")
    # Every registered format, as the registry names its files.
    expected = {
        f"{stem}.{ext}" if spec.bilingual else f"{stem}.{lang}.{ext}"
        for spec in FORMATS.values()
        for ext in (spec.extension,)
        for lang in LANGS
    }
    files = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    assert files == {*expected, "manifest.json"}

    # The outputs open and hold the report.
    for lang in LANGS:
        document = docx.Document(str(folder / f"{stem}.{lang}.docx"))
        assert sum(1 for p in document.paragraphs if p.text.strip()) > 100
        assert len(PdfReader(folder / f"{stem}.{lang}.pdf").pages) > 10
    summary = report_translations("zh").gettext("Summary")  # from the catalog, which must be installed
    assert summary != "Summary"
    assert summary in [p.text for p in docx.Document(str(folder / f"{stem}.zh.docx")).paragraphs]

    # Byte for byte what the checkout builds from the same copy, manifest included: the digests of
    # code, templates and catalogs are the same in the installed and the editable layout.
    checkout = tmp_path / "checkout"
    run(sys.executable, "-m", "wsisreport", "build", "--year", "2024", "--submissions", submissions,
        "--out", checkout, cwd=cwd)  # fmt: skip
    differ = sorted(n for n in files if (folder / n).read_bytes() != (checkout / "2024" / n).read_bytes())
    assert not differ, f"the installed wheel and the checkout build different bytes: {differ}"


def test_installed_digests_cover_code_templates_and_catalogs(venv: Path, tmp_path: Path) -> None:
    """Changing an installed module, template or catalog rebuilds the outputs that depend on it."""
    submissions = tmp_path / "submissions"
    shutil.copytree(SUBMISSIONS, submissions)
    args = ("build", "--year", "2024", "--submissions", submissions, "--out", tmp_path / "out")
    fast = ("--format", "json", "--format", "docx")

    def rebuilt(change: Path) -> set[str]:
        """The outputs a build rewrites after one byte is added to ``change`` (then restored)."""
        folder = tmp_path / "out" / "2024"
        before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.*.*")}
        original = change.read_bytes()
        change.write_bytes(original + b"\n")
        try:
            run(venv / "wsisreport", *args, *fast, cwd=tmp_path)
        finally:
            change.write_bytes(original)
        after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.*.*")}
        assert after.keys() == before.keys()
        return {name.split(".", 1)[1] for name in after if after[name] != before[name]}

    run(venv / "wsisreport", *args, *fast, cwd=tmp_path)
    script = "import wsisreport; print(wsisreport.__file__)"
    package = Path(run(venv / "python", "-c", script, cwd=tmp_path).stdout.strip()).parent
    assert rebuilt(package / "templates" / "docx" / "settings.xml") == {"en.docx", "zh.docx"}
    assert "zh.docx" in rebuilt(package / "locale" / "zh" / "LC_MESSAGES" / "report.mo")
    assert rebuilt(package / "numbering.py") == {"en.docx", "zh.docx", "en.json", "zh.json"}


def test_installed_wheel_speaks_the_console_language(venv: Path, tmp_path: Path) -> None:
    """The console catalog ships too: the same refusal in English and, from the catalog, Chinese."""
    said = {}
    for lang in ("en", "zh"):
        env = clean_env(LANGUAGE=lang, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        env.pop("LC_MESSAGES", None)
        result = subprocess.run(
            [str(venv / "wsisreport"), "validate", "no-such-folder"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=LIMIT,
        )
        assert result.returncode == 2, result.stderr
        said[lang] = result.stderr
    assert "no such file or folder" in said["en"]
    assert said["zh"] != said["en"] and any("\u4e00" <= c <= "\u9fff" for c in said["zh"]), said
