"""JSON Schemas of the submission files, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from .fsutil import write_atomic
from .models import SCHEMAS

SCHEMA_BASE = "https://wsisreport.invalid/schema/"


def schema_text(kind: str) -> str:
    """The schema of one kind of file as stable, pretty JSON."""
    schema = SCHEMAS[kind].model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every kind of submission file."""
    written = []
    for kind in SCHEMAS:
        path = folder / f"{kind}.schema.json"
        write_atomic(path, schema_text(kind).encode("utf-8"))
        written.append(path)
    return written
