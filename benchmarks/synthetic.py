"""Synthetic submission trees for benchmarks: N entities × M contributions, or the 2024 data × K."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def entity_tree(dest: Path, entities: int, contributions: int) -> Path:
    """A tree of ``entities`` files with ``contributions`` each, on the fixture report's outline."""
    root = dest / "submissions"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "tests" / "fixtures" / "base" / "submissions", root)
    registry = {
        "entities": {
            f"e{i:04d}": {"kind": "other", "name": {"en": f"Entity {i}", "zh": f"实体{i}"}}
            for i in range(entities)
        }
    }
    for path in (root / "2024").glob("*.yaml"):
        if path.name not in ("report.yaml", "secretariat.yaml"):
            path.unlink()
    (root / "entities.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    sections = ["introduction", "first", "second", "conclusions"]
    for i in range(entities):
        items = [
            {
                "section": sections[(i + j) % len(sections)],
                "order": j,
                "text": {
                    "en": f"Entity {i} reports activity {j} on digital development in 2024.[^n{j}]",
                    "zh": f"实体{i}报告了2024年数字发展方面的第{j}项活动。[^n{j}]",
                },
                "footnotes": {f"n{j}": f"https://example.org/{i}/{j}."},
            }
            for j in range(contributions)
        ]
        doc = {"entity": f"e{i:04d}", "year": 2024, "contributions": items}
        (root / "2024" / f"e{i:04d}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return root


def scaled_2024(dest: Path, factor: int) -> Path:
    """The 2024 submissions plus ``factor - 1`` copies of every file, as extra entities.

    Copies live in files of their own (``itu-x2.yaml``…) so no file grows past the 1 MiB limit;
    their contributions sort after the originals in each section.
    """
    root = dest / "submissions"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "submissions", root)
    registry = yaml.safe_load((root / "entities.yaml").read_text("utf-8"))
    record_path = root / "2024" / "translations" / "zh.json"
    record = json.loads(record_path.read_text("utf-8"))
    recorded = record["fragments"]
    for path in sorted((root / "2024").glob("*.yaml")):
        if path.name == "report.yaml":
            continue
        doc = yaml.safe_load(path.read_text("utf-8"))
        for k in range(1, factor):
            entity = f"{doc['entity']}-x{k}"
            registry["entities"][entity] = {
                "kind": "other",
                "name": {"en": f"Copy {k} of {doc['entity']}", "zh": f"副本{k}"},
            }
            items = []
            for c in doc["contributions"]:
                c = copy.deepcopy(c)  # shared objects would be dumped as YAML aliases
                c["text"] = {lang: t.replace("[^@contributors]", "") for lang, t in c["text"].items()}
                if c.get("paragraph"):
                    c["paragraph"] = f"{c['paragraph']}-x{k}"
                if c.get("id"):  # ids are unique in a year; the copy's Chinese is recorded as translated
                    if c["id"] in recorded:
                        recorded[f"{c['id']}-x{k}"] = recorded[c["id"]]
                    c["id"] = f"{c['id']}-x{k}"
                c["order"] = (c.get("order") or 0) + k * 1000
                items.append(c)
            copy_doc = {"entity": entity, "year": 2024, "contributions": items}
            (root / "2024" / f"{entity}.yaml").write_text(
                yaml.safe_dump(copy_doc, allow_unicode=True, width=100), "utf-8"
            )
    (root / "entities.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), "utf-8")
    if factor > 1:
        # Every copy is a contributor, so the note listing them would grow past a page (1,550 names
        # at 50×) and could never share a page with its call: scaled reports leave it out.
        secretariat = root / "2024" / "secretariat.yaml"
        secretariat.write_text(secretariat.read_text("utf-8").replace("[^@contributors]", ""), "utf-8")
        record["fragments"] = {key: _without_contributors_note(entry) for key, entry in recorded.items()}
    record_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return root


def _without_contributors_note(entry: dict[str, object]) -> dict[str, object]:
    return {key: v.replace("[^@contributors]", "") if isinstance(v, str) else v for key, v in entry.items()}
