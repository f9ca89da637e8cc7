"""Stage 1, load: find the submission files, parse them with positions, check them against the models."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics, Location
from .inline import Parsed, parse
from .models import LANGUAGES, Registry, Report, Submission
from .translation.record import Record, load_record, record_path
from .yamlload import LoadedFile, PathKey, load_yaml

M = TypeVar("M", bound=BaseModel)

REGISTRY_FILE = "entities.yaml"
REPORT_FILE = "report.yaml"
SECRETARIAT = "secretariat"
YEAR_RE = re.compile(r"^\d{4}$")


@dataclass
class Loaded(Generic[M]):
    """A model instance together with the file it came from (for locating later diagnostics).

    ``inline`` holds every submission text parsed into inline nodes, by its data path: the one
    parse that validation and assembly both read.
    """

    model: M
    file: LoadedFile
    inline: dict[PathKey, Parsed] = field(default_factory=dict)

    def text(self, where: PathKey) -> Parsed:
        return self.inline[where]


def parse_texts(model: BaseModel) -> dict[PathKey, Parsed]:
    """Parse every text of a submission or report that carries inline syntax."""
    found: dict[PathKey, Parsed] = {}
    if isinstance(model, Submission):
        for i, c in enumerate(model.contributions):
            for lang in LANGUAGES:
                found["contributions", i, "text", lang] = parse(c.text.get(lang))
            for key, note in c.footnotes.items():
                if isinstance(note, str):
                    found["contributions", i, "footnotes", key] = parse(note)
                else:
                    for lang in LANGUAGES:
                        found["contributions", i, "footnotes", key, lang] = parse(note.get(lang))
    elif isinstance(model, Report):
        for lang in LANGUAGES:
            found["summary", lang] = parse(model.summary.get(lang))
    return found


@dataclass
class YearSources:
    """Everything loaded for one year's folder."""

    year: int
    folder: Path
    report: Loaded[Report] | None = None
    submissions: list[Loaded[Submission]] = field(default_factory=list)
    # Every file seen, including ones that failed to load, by display path.
    files: list[str] = field(default_factory=list)
    # The English each Chinese was made from (translation/record.py); empty when the file is absent.
    translations: Record = field(default_factory=Record)
    record_display: str = ""


@dataclass
class SourceTree:
    """The whole submissions tree as loaded."""

    root: Path
    registry: Loaded[Registry] | None = None
    years: dict[int, YearSources] = field(default_factory=dict)


def did_you_mean(word: str, options: typing.Iterable[str]) -> str | None:
    """A hint naming the closest option, when one is close enough to be a likely typo."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def dotted(loc: PathKey) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unwrap(tp: Any) -> Any:
    """Strip Annotated/Optional/unions down to the model class a key would belong to."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            tp = models[0] if models else members[0]
        else:
            return tp


def _fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(str(part))
            if info is None:
                return []
            tp = info.annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


_TYPE_MESSAGES = {
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "dict_type": "expected a mapping",
    "list_type": "expected a list",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
}


# The tags pydantic puts in the error locations of a discriminated union (FootnoteText).
_UNION_TAGS = ("neutral", "bilingual")


def _data_path(loc: tuple[int | str, ...], data: Any) -> PathKey:
    """An error location as a data path: union tags left out, but not keys that share their names."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if part in _UNION_TAGS and not (isinstance(node, dict) and part in node):
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


def check_model(model: type[M], loaded: LoadedFile, diags: Diagnostics) -> M | None:
    """Validate loaded data against ``model``; every error becomes a located diagnostic."""
    if loaded.data is None:
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = _data_path(err["loc"], loaded.data)
            kind = err["type"]
            where = f" in '{dotted(loc[:-1])}'" if len(loc) > 1 else ""
            if kind == "missing":
                name = str(loc[-1])
                code = "missing-language" if name in LANGUAGES else "missing-field"
                diags.error(loaded.loc(loc[:-1]), f"missing required key '{name}'{where}", code)
            elif kind == "extra_forbidden":
                name = str(loc[-1])
                allowed = _fields_at(model, loc[:-1])
                hint = did_you_mean(name, allowed) or (
                    f"allowed keys: {', '.join(allowed)}" if allowed else None
                )
                diags.error(loaded.loc(loc, key=True), f"unknown key '{name}'{where}", "unknown-key", hint)
            elif "[key]" in loc:
                parent = loc[: loc.index("[key]") - 1]
                name = str(loc[len(parent)])
                diags.error(
                    loaded.loc((*parent, name), key=True),
                    f"'{name}' is not a valid id" + (f" in '{dotted(parent)}'" if parent else ""),
                    "invalid-value",
                    f"use lowercase letters, digits and hyphens, e.g. '{_slugify(name)}'",
                )
            elif kind in ("string_pattern_mismatch", "literal_error", "too_short", "greater_than"):
                target = f"'{dotted(loc)}'" if loc else "value"
                diags.error(loaded.loc(loc), f"{target}: {err['msg']}", "invalid-value")
            else:
                target = f"'{dotted(loc)}'" if loc else "file"
                message = _TYPE_MESSAGES.get(kind, err["msg"])
                diags.error(loaded.loc(loc), f"{target}: {message}", "wrong-type")
        return None


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "id"


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def load_tree(
    root: Path, diags: Diagnostics, *, years: set[int] | None = None, base: Path | None = None
) -> SourceTree:
    """Load the registry and every year folder (or only ``years``) under ``root``."""
    root = root.absolute()
    base = (base or Path.cwd()).absolute()
    tree = SourceTree(root=root)
    registry_path = root / REGISTRY_FILE
    if not registry_path.exists():
        diags.error(
            _location_of(registry_path, base),
            f"no {REGISTRY_FILE} in {_display(root, base)}",
            "missing-file",
            "is this the submissions folder?",
        )
    else:
        lf = load_yaml(registry_path, _display(registry_path, base), root, diags)
        registry = check_model(Registry, lf, diags)
        if registry is not None:
            tree.registry = Loaded(registry, lf)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and YEAR_RE.match(p.name)):
        year = int(folder.name)
        if years is not None and year not in years:
            continue
        tree.years[year] = _load_year(folder, year, root, base, diags)
    return tree


def _location_of(path: Path, base: Path) -> Location:
    return Location(_display(path, base))


def is_year_file(path: Path) -> bool:
    """Whether ``path``, in a year's folder, is one of its files (the report or a submission)."""
    return path.suffix == ".yaml" and (path.is_file() or path.is_symlink())


def _load_year(folder: Path, year: int, root: Path, base: Path, diags: Diagnostics) -> YearSources:
    sources = YearSources(year=year, folder=folder)
    report_path = folder / REPORT_FILE
    if not report_path.exists():
        diags.error(_location_of(report_path, base), f"no {REPORT_FILE} for {year}", "missing-file")
    for path in sorted(folder.iterdir()):
        if path.suffix == ".yml":
            diags.warning(
                _location_of(path, base),
                "file ignored: submission files end in .yaml",
                "ignored-file",
                f"rename it to {path.stem}.yaml",
            )
            continue
        if not is_year_file(path):
            continue
        display = _display(path, base)
        sources.files.append(display)
        lf = load_yaml(path, display, root, diags)
        if path.name == REPORT_FILE:
            report = check_model(Report, lf, diags)
            if report is not None:
                sources.report = Loaded(report, lf, parse_texts(report))
        else:
            submission = check_model(Submission, lf, diags)
            if submission is not None:
                sources.submissions.append(Loaded(submission, lf, parse_texts(submission)))
    record = record_path(folder)
    sources.record_display = _display(record, base)
    sources.translations = load_record(record, sources.record_display, diags) or Record()
    return sources
