"""Where the project's own assets live: templates and catalogs beside the package."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
LOCALE_DIR = PROJECT_DIR / "locale"
