"""The committed JSON Schemas match the models, and the repository's files satisfy them."""

from __future__ import annotations

from wsisreport.models import SCHEMAS
from wsisreport.schema import schema_text

from .conftest import REPO


def test_schemas_are_up_to_date() -> None:
    for kind in SCHEMAS:
        path = REPO / "schema" / f"{kind}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(kind), (
            f"{path} is out of date: run `make schema`"
        )


def test_submission_files_carry_the_schema_modeline() -> None:
    for path in sorted((REPO / "submissions").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: modeline points at {target}"
