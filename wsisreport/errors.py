"""The short hierarchy of expected errors: each prints as one line, never a traceback."""

from __future__ import annotations


class WsisReportError(Exception):
    """An expected failure the user can fix (bad options, missing files, a refused build)."""

    category = "error"


class UsageError(WsisReportError):
    """Options that cannot work together, or name things that do not exist."""

    category = "usage error"


class MissingGlyphs(WsisReportError):
    """Text has characters the report's fonts cannot draw: the PDF would show boxes instead."""

    category = "missing glyphs"

    def __init__(self, message: str, chars: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.chars = chars


class MissingDependency(WsisReportError):
    """A system library or font a renderer needs is not installed."""

    category = "missing dependency"


class LayoutError(WsisReportError):
    """The layout engine could not honour a rule of the page model (a note on its call's page)."""

    category = "layout error"
