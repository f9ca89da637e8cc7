"""The one error of the importer: a file refused, said in one line, with nothing written."""

from __future__ import annotations

from ..errors import WsisReportError


class RefusedFile(WsisReportError):
    """A file that is not a Word document we can read safely; nothing is imported from it."""

    category = "refused"
