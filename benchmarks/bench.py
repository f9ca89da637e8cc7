"""Benchmark wsisreport against the peer pipeline on the same content; print a Markdown report.

Usage: .venv/bin/python benchmarks/bench.py [--quick] [--profile]   (make bench writes
docs/benchmark-results.md). Stages are timed separately; renderers in fresh processes so that
import costs count; the peer pipeline is Pandoc (Markdown → DOCX) plus LibreOffice (DOCX → PDF).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import REPO, entity_tree, scaled_2024

from wsisreport.assemble import assemble
from wsisreport.diagnostics import Diagnostics
from wsisreport.document import Document, Heading, NoteRef
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
            text = "".join(f"[^{p.number}]" if isinstance(p, NoteRef) else p for p in block.content[lang])
            out.append(f"{block.number}\\. {text}\n")
    for note in document.notes:
        out.append(f"[^{note.number}]: {note.text[lang]}\n")
    return "\n".join(out)


def peer_rows(document: Document, tmp: Path) -> tuple[list[list[str]], float | None]:
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice")
    if pandoc is None or soffice is None:
        print("peer pipeline skipped: install pandoc and libreoffice-writer-nogui", file=sys.stderr)
        return [], None
    rows, total = [], 0.0
    for lang in LANGS:
        source = tmp / f"peer.{lang}.md"
        source.write_text(markdown(document, lang), encoding="utf-8")
        t_docx = wall([pandoc, str(source), "-o", str(tmp / f"peer.{lang}.docx")])
        profile = tmp / "lo-profile"
        t_pdf = wall(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                str(tmp / f"peer.{lang}.docx"),
            ]
        )
        rows.append([lang, f"{t_docx:.2f}", f"{t_pdf:.2f}"])
        total += t_docx + t_pdf
    return rows, total


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
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    formats = [f for f, spec in FORMATS.items() if spec.available()]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print(f"# Benchmark results\n\nGenerated by `make bench` on {time.strftime('%Y-%m-%d')}.\n")
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
        document = check(REPO / "submissions", years={2024}).documents[2024]
        rows, cold, noop = build_rows(REPO / "submissions", tmp, "2024")
        print("\n## Full build (2024, all formats, both languages)\n")
        print(f"- cold full build (`--force`, one process + workers): **{cold:.2f} s**")
        print(f"- no-op rebuild: **{noop:.3f} s**\n")
        print(
            table(["build", "output", "pages", "size", "time (s)", "peak memory of its process (MB)"], rows)
        )
        peer, peer_total = peer_rows(document, tmp)
        if peer_total:
            print("\n## The peer pipeline on the same content\n")
            print(table(["lang", "pandoc Markdown → DOCX (s)", "LibreOffice DOCX → PDF (s)"], peer))
            ours_cmd = [
                WSISREPORT,
                "build",
                "--year",
                "2024",
                "--out",
                str(tmp / "ours"),
                "--force",
                "--format",
                "docx",
                "--format",
                "pdf",
            ]
            ours = timed(lambda: wall(ours_cmd, env=CI_ENV), 3)
            print(f"\n- peer pipeline, both languages, DOCX + PDF: **{peer_total:.2f} s**")
            print(f"- wsisreport, both languages, DOCX + PDF: **{ours:.2f} s**")
            print(f"- ratio ours / peer: **{ours / peer_total:.2f}**")
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
