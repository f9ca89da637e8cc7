"""The one timestamp every output carries, so that a build is byte-reproducible."""

from __future__ import annotations

import datetime
import os

from .document import Document


def source_datetime(document: Document) -> datetime.datetime:
    """``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else the report date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.combine(document.date, datetime.time(), tzinfo=datetime.UTC)
