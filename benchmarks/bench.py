"""Time the stages of wsisreport on the 2024 data and on synthetic trees; print a Markdown report.

Usage: .venv/bin/python benchmarks/bench.py [--quick]
"""

from __future__ import annotations

import argparse
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
from wsisreport.load import load_tree
from wsisreport.validate import validate_tree

WSISREPORT = str(Path(sys.executable).parent / "wsisreport")


def best_of(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) if runs < 3 else statistics.median(times)


def cli_validate(root: Path) -> Callable[[], object]:
    return lambda: subprocess.run([WSISREPORT, "validate", str(root)], capture_output=True, check=True)


def stages(root: Path, runs: int) -> tuple[float, float, float, int]:
    """Load, validate and assemble times (in-process), and the number of files."""
    diags = Diagnostics()
    t_load = best_of(lambda: load_tree(root, Diagnostics()), runs)
    tree = load_tree(root, diags)
    t_validate = best_of(lambda: validate_tree(tree, Diagnostics()), runs)
    assert tree.registry is not None
    registry = tree.registry.model
    year = tree.years[2024]
    t_assemble = best_of(lambda: assemble(year, registry, Diagnostics()), runs)
    return t_load, t_validate, t_assemble, len(year.files) + 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller trees")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("2024 submissions", REPO / "submissions"),
            ("1,000 entities × 5", entity_tree(Path(tmp) / "e1000", 1000, 5)),
            ("2024 × 10", scaled_2024(Path(tmp) / "x10", 10)),
        ]
        if not args.quick:
            cases.append(("100 entities × 5", entity_tree(Path(tmp) / "e100", 100, 5)))
            cases.append(("2024 × 50", scaled_2024(Path(tmp) / "x50", 50)))
        for name, root in cases:
            t_load, t_val, t_asm, files = stages(root, runs)
            t_cli = best_of(cli_validate(root), runs)
            rows.append(f"| {name} | {files} | {t_cli:.3f} | {t_load:.3f} | {t_val:.3f} | {t_asm:.3f} |")
    print("| tree | files | `wsisreport validate` (s, process) | load (s) | validate (s) | assemble (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
