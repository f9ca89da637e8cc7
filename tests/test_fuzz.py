"""Arbitrary bytes and arbitrary YAML never make loading or validation raise."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsisreport.pipeline import check

from .conftest import BASE

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "entity",
                    "year",
                    "contributions",
                    "section",
                    "text",
                    "en",
                    "zh",
                    "footnotes",
                    "paragraph",
                    "order",
                    "x",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


def _run(tmp: Path, name: str, data: bytes) -> None:
    root = tmp / "submissions"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(BASE / "submissions", root)
    (root / "2024" / name).write_bytes(data)
    checked = check(root, base=tmp)
    for diagnostic in checked.diagnostics.items:
        assert diagnostic.format_text().count("\n") == 0


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    _run(tmp_path, "beta.yaml", data)


@SETTINGS
@given(value=values)
def test_arbitrary_yaml_never_raises(tmp_path: Path, value: object) -> None:
    _run(tmp_path, "beta.yaml", yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(value=values)
def test_arbitrary_report_never_raises(tmp_path: Path, value: object) -> None:
    _run(tmp_path, "report.yaml", yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(text=st.text(max_size=200))
def test_arbitrary_contribution_text_never_raises(tmp_path: Path, text: str) -> None:
    doc = {
        "entity": "beta",
        "year": 2024,
        "contributions": [{"section": "first", "text": {"en": text, "zh": text}}],
    }
    _run(tmp_path, "beta.yaml", yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))
