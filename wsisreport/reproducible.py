"""The one timestamp every output carries, so that a build is byte-reproducible."""

from __future__ import annotations

import datetime
import os

from .document import Document


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set to a whole number, else None.

    The only place the variable is read: outputs, their metadata and the build's input digests all
    agree on whether (and to what) it is set.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def source_datetime(document: Document) -> datetime.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else the report date (midnight UTC)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return datetime.datetime.combine(document.date, datetime.time(), tzinfo=datetime.UTC)
