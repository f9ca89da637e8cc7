"""The facade that runs the stages in order: load → validate → assemble (→ render, in build)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .diagnostics import Diagnostics
from .document import Document
from .load import SourceTree, load_tree
from .validate import validate_tree


@dataclass
class Checked:
    """What validation produced: the loaded tree, its diagnostics and the assembled years."""

    tree: SourceTree
    diagnostics: Diagnostics
    documents: dict[int, Document]

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def check(root: Path, *, years: set[int] | None = None, base: Path | None = None) -> Checked:
    """Load and validate ``root``; assemble every year that has no errors (for its warnings)."""
    diags = Diagnostics()
    tree = load_tree(root, diags, years=years, base=base)
    validate_tree(tree, diags)
    documents: dict[int, Document] = {}
    registry = tree.registry.model if tree.registry else None
    if registry is not None and not diags.errors:
        for year, sources in tree.years.items():
            if sources.report is not None:
                documents[year] = assemble(sources, registry, diags)
    return Checked(tree, diags, documents)
