"""A draft of a year that cannot be built yet: facts still to fill in, and files with errors, left out.

While a report is drafted, its symbols, job number and date are not issued and some files have
errors. ``status`` still counts its words and paragraphs, and ``compare`` still circulates it: the
facts still to fill in print as a visible placeholder (the date too, though the model holds the
1 January after the year for the metadata), and files with errors are left out of the draft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from .assemble import assemble
from .diagnostics import Diagnostic, Diagnostics
from .document import Document
from .load import Loaded, YearSources
from .models import Bilingual, Registry, Report
from .validate import FILL_IN, validate_year

PLACEHOLDER = {"en": "[to be filled]", "zh": "[待填写]"}
# Leaving a file out can only resolve errors, never raise new ones; a few rounds settle it.
_ROUNDS = 3


@dataclass(frozen=True)
class Draft:
    """The year assembled as far as it can be, and what was left out of it."""

    document: Document | None
    # Files with errors, left out of the draft (display paths).
    excluded: tuple[str, ...]
    # The facts still to fill in, printed as a placeholder.
    unfilled: tuple[str, ...]
    # Why there is no draft at all (errors in report.yaml or entities.yaml), else empty.
    blocking: tuple[Diagnostic, ...] = ()


def _provisional(report: Report) -> tuple[Report, tuple[str, ...]]:
    """The report with every fact still to fill in replaced by a placeholder."""
    unfilled: list[str] = []
    update: dict[str, object] = {}
    if report.symbols is None:
        update["symbols"] = [PLACEHOLDER["en"]]
        unfilled.append("symbols")
    if report.job_number is None:
        update["job_number"] = PLACEHOLDER["en"]
        unfilled.append("job_number")
    if report.date is None:
        update["date"] = datetime.date(report.year + 1, 1, 1)
        unfilled.append("date")
    sessions = []
    for i, session in enumerate(report.sessions):
        if session.item is None:
            unfilled.append(f"sessions[{i}].item")
            # Without its item, a note has no mark to hang on: the draft leaves it out.
            session = session.model_copy(update={"item": Bilingual(**PLACEHOLDER), "item_note": None})
        sessions.append(session)
    update["sessions"] = sessions
    return report.model_copy(update=update), tuple(unfilled)


def assemble_draft(sources: YearSources, registry: Registry | None, diags: Diagnostics) -> Draft:
    """Assemble ``sources`` as a draft, given the diagnostics validation reported for the year."""
    report = sources.report
    if report is None or registry is None:
        return Draft(None, (), (), tuple(diags.errors))
    report_path = report.file.display
    blocking = [d for d in diags.errors if d.code != FILL_IN and d.location.path == report_path]
    if blocking:
        return Draft(None, (), (), tuple(blocking))
    model, unfilled = _provisional(report.model)
    files = set(sources.files) - {report_path}
    excluded = {d.location.path for d in diags.errors if d.location.path in files}
    for _round in range(_ROUNDS):
        kept = [s for s in sources.submissions if s.file.display not in excluded]
        # The year as loaded (its translation record included), with the draft's report and files.
        draft = replace(
            sources,
            report=Loaded(model, report.file, report.inline),
            submissions=kept,
            files=[f for f in sources.files if f not in excluded],
        )
        check = Diagnostics()
        validate_year(draft, registry, check)
        errors = [d for d in check.errors if d.code != FILL_IN]
        if not errors:
            document = assemble(draft, registry, Diagnostics())
            if "date" in unfilled:
                furniture = {
                    lang: replace(f, date=PLACEHOLDER[lang], job_date=PLACEHOLDER[lang])
                    for lang, f in document.furniture.items()
                }
                document = replace(document, furniture=furniture)
            return Draft(document, tuple(sorted(excluded)), unfilled)
        if any(d.location.path == report_path for d in errors):
            return Draft(None, tuple(sorted(excluded)), unfilled, tuple(errors))
        excluded |= {d.location.path for d in errors if d.location.path in files}
    return Draft(None, tuple(sorted(excluded)), unfilled, tuple(errors))
