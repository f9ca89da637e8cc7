"""Versions of a year's submissions to compare: a git revision, a folder, or the current files.

A revision is read from the git repository that holds the submissions folder with ``git archive``
into a temporary folder: the work tree, the index and the checked-out branch are never touched.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic, Diagnostics
from .document import Document
from .draft import assemble_draft
from .errors import UsageError, WsisReportError
from .load import REGISTRY_FILE, load_tree
from .validate import FILL_IN, validate_tree


class InvalidVersion(WsisReportError):
    """A version of the submissions that does not validate: it cannot be compared."""

    category = "invalid version"

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Version:
    """Where one version of the submissions is, and what to call it."""

    label: str
    root: Path
    # The commit, for a git revision.
    commit: str | None = None
    committed: datetime.datetime | None = None


@dataclass(frozen=True)
class VersionDocument:
    """One version of a year, assembled, with what aligning it needs beyond the document."""

    version: Version
    document: Document
    # A fragment's place (its source's path and line) → its paragraph's merge key, if it has one.
    merge_keys: dict[tuple[str, int], str]
    # The facts still to fill in (printed as placeholders).
    unfilled: tuple[str, ...]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise UsageError("git is not installed: name a folder instead of a revision") from None


def _folder(path: Path, submissions: Path) -> Path:
    """The submissions tree in ``path``: the folder itself, or its folder named like ``submissions``."""
    for candidate in (path, path / submissions.name):
        if (candidate / REGISTRY_FILE).is_file():
            return candidate
    raise UsageError(
        f"{path} holds no submissions tree (no {REGISTRY_FILE} in it or in {path / submissions.name})"
    )


@contextmanager
def open_version(spec: str | None, submissions: Path) -> Iterator[Version]:
    """The version ``spec`` names: None for the current files, a folder, or a git revision."""
    if spec is None:
        yield Version(f"the current files ({submissions})", submissions)
        return
    path = Path(spec)
    if path.is_dir():
        yield Version(str(path), _folder(path, submissions))
        return
    if spec.startswith("-") or not spec.strip():
        raise UsageError(f"'{spec}' is neither a folder nor a git revision")
    top = _git(["rev-parse", "--show-toplevel"], submissions)
    prefix = _git(["rev-parse", "--show-prefix"], submissions)
    if top.returncode or prefix.returncode:
        raise UsageError(f"'{spec}' is not a folder, and {submissions} is not in a git repository")
    repo = Path(top.stdout.decode().strip())
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"], repo)
    if found.returncode:
        raise UsageError(f"'{spec}' is neither a folder nor a revision of the repository at {repo}")
    commit = found.stdout.decode().strip()
    inside = prefix.stdout.decode().strip()
    archive = _git(["archive", "--format=tar", commit, "--", inside or "."], repo)
    if archive.returncode:
        message = archive.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(
            f"{spec} has no {inside or 'files'}: " + (message[-1] if message else "git archive failed")
        )
    when = _git(["show", "-s", "--format=%ct", commit], repo)
    committed = datetime.datetime.fromtimestamp(int(when.stdout.decode().strip()), tz=datetime.UTC)
    with tempfile.TemporaryDirectory(prefix="wsisreport-version-") as tmp:
        extract_files(archive.stdout, Path(tmp))
        root = Path(tmp) / inside
        if not (root / REGISTRY_FILE).is_file():
            raise UsageError(f"{spec} has no submissions tree at {inside or 'the top of the repository'}")
        yield Version(f"{spec} ({commit[:7]})", root, commit, committed)


def extract_files(archive: bytes, folder: Path) -> None:
    """Write the regular files of a tar archive under ``folder``, and nothing else.

    A submissions tree is files only: links, devices and paths that are absolute or climb out of
    the folder are left out. (tarfile's "data" filter would do much the same, but Python 3.11
    has it only from 3.11.4, and Debian 12's is 3.11.2.)
    """
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            target = folder.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())


def load_version(version: Version, year: int) -> VersionDocument:
    """Load, validate and assemble ``year`` of ``version``; errors other than fill-ins refuse it."""
    diags = Diagnostics()
    tree = load_tree(version.root, diags, years={year}, base=version.root.parent)
    validate_tree(tree, diags)
    errors = [d for d in diags.sorted() if d.severity.value == "error" and d.code != FILL_IN]
    sources = tree.years.get(year)
    if sources is None:
        raise UsageError(f"{version.label} has no folder for {year}")
    if errors:
        raise InvalidVersion(f"{version.label} has errors: it cannot be compared", errors)
    registry = tree.registry.model if tree.registry else None
    draft = assemble_draft(sources, registry, diags)
    if draft.document is None:
        raise InvalidVersion(f"{version.label} cannot be assembled", list(draft.blocking))
    keys = {
        (s.file.display, s.file.loc(("contributions", i)).line): c.paragraph
        for s in sources.submissions
        for i, c in enumerate(s.model.contributions)
        if c.paragraph is not None
    }
    return VersionDocument(version, draft.document, keys, draft.unfilled)
