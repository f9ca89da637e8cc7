"""Fragment identity: persistent ids for contributions, and assigning the missing ones in place.

An id is the entity id, a hyphen and six random hexadecimal digits (``itu-3fa9c2``): unique within
its year, an XML name token, and never derived from the text or the position, so it survives
reordering, moves between sections and edits. A contribution's notes are identified by their keys
within it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .errors import UsageError
from .fsutil import write_all_atomic
from .load import YearSources, load_tree
from .yamlload import load_yaml_text

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def new_id(entity: str, taken: set[str]) -> str:
    """A fresh id for one of ``entity``'s contributions, not in ``taken`` (which it joins)."""
    while True:
        candidate = f"{entity}-{secrets.token_hex(3)}"
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def year_ids(sources: YearSources) -> set[str]:
    """Every id the year's contributions already carry."""
    return {c.id for s in sources.submissions for c in s.model.contributions if c.id is not None}


@dataclass(frozen=True)
class Assigned:
    """One file that gained ids."""

    path: Path
    display: str
    ids: tuple[str, ...]


def _insert(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Insert ``id: X`` before the first key of each contribution (1-based line and column)."""
    lines = text.split("\n")
    for line, col, new in sorted(edits, reverse=True):
        current = lines[line - 1]
        at = col - 1
        if current[at : at + 1] == "{":  # a flow mapping: the id becomes its first entry
            lines[line - 1] = f"{current[: at + 1]}id: {new}, {current[at + 1 :]}"
        else:
            lines[line - 1] = f"{current[:at]}id: {new}\n{' ' * at}{current[at:]}"
    return "\n".join(lines)


def assign_ids(submissions: Path, year: int) -> list[Assigned]:
    """Give every contribution of ``year`` that has none an id, editing the files in place.

    Only the new ``id:`` lines are added: comments, order, quoting and folding stay as they are,
    and files with nothing to add are not touched. Every edited file is parsed again and must hold
    the same data plus the ids before anything is written; then all are written, each atomically.
    """
    diags = Diagnostics()
    tree = load_tree(submissions, diags, years={year})
    sources = tree.years.get(year)
    if sources is None:
        raise UsageError(f"no folder for {year} in {submissions}")
    if len(sources.submissions) + (sources.report is not None) < len(sources.files):
        broken = [d.format_text() for d in diags.errors][:3]
        raise UsageError("some files do not load; fix them first: " + "; ".join(broken))
    taken = year_ids(sources)
    changes: list[tuple[Assigned, bytes]] = []
    for loaded in sources.submissions:
        lf, model = loaded.file, loaded.model
        missing = [i for i, c in enumerate(model.contributions) if c.id is None]
        if not missing:
            continue
        ids = tuple(new_id(model.entity, taken) for _ in missing)
        edits = [(*lf.values[("contributions", i)], new) for i, new in zip(missing, ids, strict=True)]
        edited = _insert(lf.path.read_text(encoding="utf-8"), edits)
        check = Diagnostics()
        again = load_yaml_text(edited, lf.display, check)
        expected = lf.data
        for i, new in zip(missing, ids, strict=True):
            expected["contributions"][i] = {"id": new, **expected["contributions"][i]}
        if check.errors or again.data != expected:
            raise UsageError(
                f"{lf.display}: ids could not be added without changing its data; add them by hand"
            )
        changes.append((Assigned(lf.path, lf.display, ids), edited.encode("utf-8")))
    write_all_atomic({assigned.path: data for assigned, data in changes})
    return [assigned for assigned, _data in changes]
