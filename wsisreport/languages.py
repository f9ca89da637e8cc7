"""The report's languages, in the order every output gives them (apart from the models: light to import)."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "zh")
