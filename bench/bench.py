"""Build-time benchmark for the example: the whole process, and each in-process stage.

Usage: .venv/bin/python bench/bench.py [--repo CHECKOUT] [--runs N]

`--repo` times another checkout (for example a `git worktree` of an older
commit) with this interpreter, so before/after figures come from one machine
and one set of libraries. Speed targets live here, never in the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "inputs/2023-union-annual-meeting.yaml"

# Runs inside the checkout under test; prints one "stage seconds" line per stage and run.
_STAGES = r"""
import sys, time, tempfile
from pathlib import Path
runs = int(sys.argv[1])
t0 = time.perf_counter()
from reportgen import pipeline
from reportgen.fonts import resolve_all
from reportgen.writers import writer_for
print("import", time.perf_counter() - t0)
for _ in range(runs):
    out = Path(tempfile.mkdtemp())
    t = time.perf_counter(); loaded, doc, style = pipeline.prepare(Path(sys.argv[2])); a = time.perf_counter()
    faces = resolve_all(style.faces_used()); b = time.perf_counter()
    pipeline.check_coverage(loaded, doc, style, faces); c = time.perf_counter()
    writer_for("docx")(doc, style, faces, out / "x.docx"); d = time.perf_counter()
    writer_for("pdf")(doc, style, faces, out / "x.pdf"); e = time.perf_counter()
    for name, s in (("prepare", a - t), ("fonts", b - a), ("coverage", c - b), ("docx", d - c), ("pdf", e - d)):
        print(name, s)
"""


def whole_process(repo: Path, runs: int) -> list[float]:
    """Seconds for `python -m reportgen build EXAMPLE`, a fresh process each time (fonts, imports and all)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reportgen", "build", EXAMPLE, "-o", out], cwd=repo, env=env,
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return times


def stages(repo: Path, runs: int) -> dict[str, list[float]]:
    """Per-stage seconds in one process; the first run warms caches (fonts, font files) and is dropped."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    out = subprocess.run([sys.executable, "-c", _STAGES, str(runs + 1), EXAMPLE], cwd=repo, env=env,
                         check=True, capture_output=True, text=True).stdout
    found: dict[str, list[float]] = {}
    for line in out.splitlines():
        name, seconds = line.split()
        found.setdefault(name, []).append(float(seconds))
    return {name: values if name == "import" else values[1:] for name, values in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    repo = args.repo.resolve()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                            text=True).stdout.strip()
    print(f"checkout {repo} ({commit or 'unknown commit'}); Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}; median of {args.runs} runs")
    whole = whole_process(repo, args.runs)
    print(f"{'whole build (new process)':28} {statistics.median(whole) * 1000:8.0f} ms"
          f"   (min {min(whole) * 1000:.0f})")
    for name, values in stages(repo, args.runs).items():
        print(f"{'  ' + name:28} {statistics.median(values) * 1000:8.1f} ms   (min {min(values) * 1000:.1f})")


if __name__ == "__main__":
    main()
