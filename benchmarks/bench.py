"""Benchmark wsisreport against the peer pipeline on the same content; print a Markdown report.

Usage: .venv/bin/python benchmarks/bench.py [--quick] [--profile]   (make bench writes
docs/benchmark-results.md). Stages are timed separately; renderers in fresh processes so that
import costs count; the peer pipeline is Pandoc (Markdown → DOCX) plus LibreOffice (DOCX → PDF).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import REPO, entity_tree, scaled_2024

from wsisreport.assemble import assemble
from wsisreport.diagnostics import Diagnostics
from wsisreport.document import Document, Emphasis, Heading, Inline, NoteRef
from wsisreport.load import load_tree
from wsisreport.pipeline import check
from wsisreport.render import FORMATS
from wsisreport.validate import validate_tree

BIN = Path(sys.executable).parent
CI_ENV = {**os.environ, "CI": "true"}
WSISREPORT = str(BIN / "wsisreport")
LANGS = ("en", "zh")


def timed(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall(cmd: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# -- stages ---------------------------------------------------------------------------------------


def stage_rows(runs: int, quick: bool, tmp: Path) -> list[list[str]]:
    cases = [
        ("2024 submissions", REPO / "submissions"),
        ("1,000 entities × 5", entity_tree(tmp / "e1000", 1000, 5)),
    ]
    if not quick:
        cases.append(("2024 × 50", scaled_2024(tmp / "x50", 50)))
    rows = []
    for name, root in cases:
        tree = load_tree(root, Diagnostics())
        assert tree.registry is not None
        year = tree.years[2024]
        t_load = timed(lambda root=root: load_tree(root, Diagnostics()), runs)
        t_val = timed(lambda tree=tree: validate_tree(tree, Diagnostics()), runs)
        t_asm = timed(lambda year=year, reg=tree.registry.model: assemble(year, reg, Diagnostics()), runs)
        t_cli = timed(
            lambda root=root: subprocess.run([WSISREPORT, "validate", str(root)], capture_output=True), runs
        )
        rows.append(
            [name, str(len(year.files) + 1), f"{t_cli:.3f}", f"{t_load:.3f}", f"{t_val:.3f}", f"{t_asm:.3f}"]
        )
    return rows


RENDER_SNIPPET = """
import json, resource, sys, time
from pathlib import Path
from wsisreport.pipeline import check
from wsisreport.render import FORMATS
root, fmt, langs = Path(sys.argv[1]), sys.argv[2], tuple(sys.argv[3].split("+"))
doc = check(root, years={2024}).documents[2024]
t0 = time.perf_counter(); FORMATS[fmt].load(); t1 = time.perf_counter()
data = FORMATS[fmt].render(doc, langs).data; t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "render": t2 - t1, "bytes": len(data),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def render_in_fresh_process(root: Path, fmt: str, lang: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", RENDER_SNIPPET, str(root), fmt, lang],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def renderer_rows(root: Path, formats: list[str]) -> list[list[str]]:
    rows = []
    for fmt in formats:
        for lang in ("+".join(langs) for langs in FORMATS[fmt].files(LANGS)):
            r = render_in_fresh_process(root, fmt, lang)
            rows.append(
                [
                    fmt,
                    lang,
                    f"{r['import']:.2f}",
                    f"{r['render']:.2f}",
                    f"{r['bytes'] / 1024:.0f} KB",
                    f"{r['peak_mb']:.0f}",
                ]
            )
    return rows


# -- the peer pipeline ----------------------------------------------------------------------------


def markdown(document: Document, lang: str) -> str:
    """The same content as Pandoc Markdown: headings, numbered paragraphs as text, real footnotes."""
    out = [f'---\ntitle: "{document.title[lang]}"\nlang: {"zh-CN" if lang == "zh" else "en-GB"}\n---\n']
    for block in document.blocks:
        if isinstance(block, Heading):
            label = f"{block.label[lang]} " if block.label[lang] else ""
            out.append("#" * min(block.level, 6) + f" {label}{block.text[lang]}\n")
        else:
            out.append(f"{block.number}\\. {_inline_markdown(block.content[lang])}\n")
    for note in document.notes:
        out.append(f"[^{note.number}]: {_inline_markdown(note.content[lang])}\n")
    return "\n".join(out)


def _inline_markdown(inline: Inline) -> str:
    """Runs as Markdown: note calls as ``[^N]``, emphasis as ``*…*`` (the same italics as ours)."""
    parts = []
    for part in inline:
        if isinstance(part, NoteRef):
            parts.append(f"[^{part.number}]")
        elif isinstance(part, Emphasis):
            parts.append(f"*{part.value}*")
        else:
            parts.append(part.value)
    return "".join(parts)


@dataclass
class Run:
    """One cold run of a pipeline: wall-clock time, and CPU time of all its processes."""

    wall: float
    cpu: float


def run_cold(commands: list[list[str]], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``commands`` one after the other, each a fresh process; time them together.

    ``cwd`` should be outside the project: ``python -m`` puts the working folder first on the path.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for cmd in commands:
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(elapsed, cpu)


@dataclass
class Pipeline:
    """A way of making DOCX + PDF in both languages: a fresh set of commands for each run."""

    name: str
    commands: Callable[[Path], list[list[str]]]
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(run, attr) for run in self.runs)


def ours(name: str, package: Path | None = None) -> Pipeline:
    """``wsisreport build`` of DOCX and PDF, both languages, into a new folder (``--force``).

    ``package``: a checkout of another version of the project, run with the same interpreter.
    """
    env = dict(CI_ENV)
    if package is not None:
        env["PYTHONPATH"] = str(package)
    # Byte-compiled, as an installed package is (pip compiles at install): a checkout run with
    # PYTHONDONTWRITEBYTECODE set would compile every module again in every run.
    code = (package or REPO) / "wsisreport"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code)], check=True, capture_output=True)

    def commands(out: Path) -> list[list[str]]:
        return [
            [sys.executable, "-m", "wsisreport", "build", "--year", "2024", "--submissions",
             str(REPO / "submissions"), "--out", str(out), "--force", "--format", "docx", "--format", "pdf"]
        ]  # fmt: skip

    return Pipeline(name, commands, env)


def peer(document: Document, tmp: Path, *, one_office: bool) -> Pipeline | None:
    """Pandoc Markdown → DOCX for both languages, then LibreOffice DOCX → PDF for both.

    ``one_office``: one LibreOffice process converts both files, as a script would write it;
    otherwise one process per file. The LibreOffice profile is made once beforehand (a user has
    one): its first-run set-up is not timed.
    """
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice")
    if pandoc is None or soffice is None:
        return None
    sources = []
    for lang in LANGS:
        source = tmp / f"peer.{lang}.md"
        source.write_text(markdown(document, lang), encoding="utf-8")
        sources.append(source)
    profile = f"-env:UserInstallation=file://{tmp / 'lo-profile'}"
    office = [soffice, profile, "--headless", "--convert-to", "pdf"]

    def commands(out: Path) -> list[list[str]]:
        out.mkdir(parents=True, exist_ok=True)
        docx = [out / f"{source.stem}.docx" for source in sources]
        cmds = [[pandoc, str(source), "-o", str(d)] for source, d in zip(sources, docx, strict=True)]
        if one_office:
            return [*cmds, [*office, "--outdir", str(out), *map(str, docx)]]
        return [*cmds, *([*office, "--outdir", str(out), str(d)] for d in docx)]

    office_runs = "one LibreOffice run" if one_office else "a LibreOffice run per file"
    return Pipeline(f"peer: Pandoc, then {office_runs}", commands)


def side_by_side(pipelines: list[Pipeline], tmp: Path, runs: int) -> list[float]:
    """Interleaved cold runs: round after round, every pipeline once, in a rotating order.

    Rotation spreads drift (other load on the machine, the disk cache) evenly over the pipelines;
    each run starts new processes and writes into a new folder. Returns the 1-minute load average
    at the start of each round (other users of the machine slow the parallel build most).
    """
    for pipeline in pipelines:  # warm-up, untimed: the LibreOffice profile, the disk cache
        run_cold(pipeline.commands(tmp / "warm-up" / pipeline.name.replace(" ", "-")), tmp, pipeline.env)
    loads = []
    for round_ in range(runs):
        loads.append(os.getloadavg()[0])
        for i in range(len(pipelines)):
            pipeline = pipelines[(round_ + i) % len(pipelines)]
            out = tmp / f"run-{round_}" / pipeline.name.replace(" ", "-")
            pipeline.runs.append(run_cold(pipeline.commands(out), tmp, pipeline.env))
    return loads


def side_by_side_report(pipelines: list[Pipeline], runs: int, loads: list[float]) -> None:
    ours_ = pipelines[0]
    peers = [p for p in pipelines if p.name.startswith("peer")]
    print(f"Cold runs, interleaved, {runs} rounds; medians. CPU: user + system time of every process.")
    print(f"Load average (1 min) at the start of each round: {' '.join(f'{x:.1f}' for x in loads)}.\n")
    rows = [
        [p.name, f"{p.median('wall'):.2f}", f"{p.median('cpu'):.2f}",
         " ".join(f"{r.wall:.2f}" for r in p.runs)]
        for p in pipelines
    ]  # fmt: skip
    print(table(["pipeline", "wall (s)", "CPU (s)", "wall of each run (s)"], rows))
    if peers:
        fastest = min(peers, key=lambda p: p.median("wall"))
        wall_ratio = ours_.median("wall") / fastest.median("wall")
        each = " ".join(f"{a.wall / b.wall:.2f}" for a, b in zip(ours_.runs, fastest.runs, strict=True))
        print(f"\n- ratio ours / peer (the faster peer), wall: **{wall_ratio:.2f}** (round by round: {each})")
        print(f"- ratio ours / peer, CPU: **{ours_.median('cpu') / fastest.median('cpu'):.2f}**")
        for other in pipelines[1:]:
            if not other.name.startswith("peer"):
                print(f"- {other.name} / peer, wall: **{other.median('wall') / fastest.median('wall'):.2f}**")


# -- builds ---------------------------------------------------------------------------------------


def build_rows(root: Path, tmp: Path, label: str) -> tuple[list[list[str]], float, float]:
    out = tmp / f"out-{label}"
    env_cmd = [
        WSISREPORT,
        "build",
        "--year",
        "2024",
        "--submissions",
        str(root),
        "--out",
        str(out),
        "--force",
    ]
    cold = wall(env_cmd, env=CI_ENV)
    noop = timed(lambda: subprocess.run(env_cmd[:-1], capture_output=True, env=CI_ENV), 3)
    from wsisreport.build import build

    result = build(2024, root, tmp / f"mem-{label}", force=True)
    rows = [
        [
            label,
            o.path.split(".", 1)[1],
            str(o.pages or "–"),
            f"{o.bytes / 1024:.0f} KB",
            f"{o.seconds:.2f}",
            f"{o.peak_memory_kb / 1024:.0f}",
        ]
        for o in result.outputs
    ]
    return rows, cold, noop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs, no ×50 scale")
    parser.add_argument(
        "--profile", action="store_true", help="profile the Chinese PDF and print the top calls"
    )
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of another version, measured beside this one"
    )
    parser.add_argument("--peer-only", action="store_true", help="only the comparison with the peer")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    formats = [f for f, spec in FORMATS.items() if spec.available()]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print(f"# Benchmark results\n\nGenerated by `make bench` on {time.strftime('%Y-%m-%d')}.\n")
        document = check(REPO / "submissions", years={2024}).documents[2024]
        if not args.peer_only:
            print("## Validate and assemble\n")
            print(
                table(
                    [
                        "tree",
                        "files",
                        "`wsisreport validate` (s, process)",
                        "load (s)",
                        "validate (s)",
                        "assemble (s)",
                    ],
                    stage_rows(runs, args.quick, tmp),
                )
            )
            print("\n## Renderers (2024, each in a fresh process)\n")
            print(
                table(
                    ["format", "lang", "import (s)", "render (s)", "size", "peak memory (MB)"],
                    renderer_rows(REPO / "submissions", formats),
                )
            )
            rows, cold, noop = build_rows(REPO / "submissions", tmp, "2024")
            print("\n## Full build (2024, all formats, both languages)\n")
            print(f"- cold full build (`--force`, one process + workers): **{cold:.2f} s**")
            print(f"- no-op rebuild: **{noop:.3f} s**\n")
            header = ["build", "output", "pages", "size", "time (s)", "peak memory of its process (MB)"]
            print(table(header, rows))
        print("\n## Against the peer pipeline, on the same content\n")
        pipelines = [ours("wsisreport")]
        if args.baseline is not None:
            pipelines.append(ours(f"wsisreport at {args.baseline.name}", args.baseline))
        peers = [peer(document, tmp, one_office=True), peer(document, tmp, one_office=False)]
        if None in peers:
            print("peer pipeline skipped: install pandoc and libreoffice-writer-nogui", file=sys.stderr)
        pipelines += [p for p in peers if p is not None]
        loads = side_by_side(pipelines, tmp, runs)
        side_by_side_report(pipelines, runs, loads)
        if args.peer_only:
            return
        print("\n## Scale (the 2024 content repeated)\n")
        scale_rows: list[list[str]] = []
        for factor in (1, 10) if args.quick else (1, 10, 50):
            root = REPO / "submissions" if factor == 1 else scaled_2024(tmp / f"scale{factor}", factor)
            rows, cold, _ = build_rows(root, tmp, f"×{factor}")
            scale_rows += [[*r, f"{cold:.1f}"] for r in rows if r[1].endswith(("pdf", "docx"))]
        print(
            table(
                ["scale", "output", "pages", "size", "time (s)", "peak memory (MB)", "whole build (s)"],
                scale_rows,
            )
        )
        if args.profile:
            import cProfile
            import pstats

            renderer = FORMATS["pdf"].load()
            profiler = cProfile.Profile()
            profiler.runcall(renderer, document, "zh")
            print("\n## Profile of the Chinese PDF (top 25 by cumulative time)\n\n```")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
            print("```")


if __name__ == "__main__":
    main()
