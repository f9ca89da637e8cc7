"""Where the project's own assets live: the package's templates and catalogs, as real folders."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import WsisReportError


def _package_folder() -> Path:
    """The package as a folder on disk: Jinja's loader and WeasyPrint's file:// base need files."""
    root = files("wsisreport")
    if not isinstance(root, Path):  # imported from a zip archive, say
        raise WsisReportError(f"wsisreport is not installed as files ({root}): install it with pip")
    return root.resolve()


PACKAGE_DIR = _package_folder()
# In a checkout these are links to the top-level templates/ and locale/ folders; the wheel holds
# copies. Resolved, so that a template's file:// address names the real file.
TEMPLATES_DIR = (PACKAGE_DIR / "templates").resolve()
LOCALE_DIR = (PACKAGE_DIR / "locale").resolve()
