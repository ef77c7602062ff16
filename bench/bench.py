"""Benchmarks for the example, in one run, with the issue's targets printed beside the results.

Usage: .venv/bin/python bench/bench.py [--repo CHECKOUT] [--runs N] [--batch N] [--no-libreoffice]

Measures: the whole process (`python -m reportgen build`, DOCX + PDF, fresh
process each run: imports, fonts and all) as a median, its peak memory, the
output sizes; each stage in one process (load+validate+lint, render, fonts,
DOCX, PDF); LibreOffice converting the same DOCX to PDF (its own profile
folder) as the reference; and a batch of N copies with `-j 2`.

`--repo` times another checkout (for example a `git worktree` of an older
commit) with this interpreter, so before/after figures come from one machine
and one set of libraries. Speed targets live here, never in the test suite.

Bytecode is written (to a temporary PYTHONPYCACHEPREFIX, not into the tree) as
on a user's machine, even where PYTHONDONTWRITEBYTECODE is set; the first,
uncached run is reported on its own.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "inputs/2023-union-annual-meeting.yaml"

# The targets of issue 8 (2-core machine).
WHOLE_MAX_S = 0.35
RATIO_MAX = 0.25
PEAK_MAX_MB = 150
PDF_MAX_KB = 200
BATCH_MIN_RATE = 20.0

# Runs inside the checkout under test; prints one "stage seconds" line per stage and run.
_STAGES = r"""
import sys, time, tempfile
from pathlib import Path
runs, example = int(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
from reportgen import pipeline
from reportgen.fonts import resolve_all
from reportgen.writers import writer_for
print("import", time.perf_counter() - t0)
try:  # the stages of `pipeline.prepare`, split in two (checkouts that have them)
    from reportgen.assemble import assemble
    from reportgen.cjk.script import to_language
    from reportgen.lint import lint
    from reportgen.loader import load_file
    from reportgen.styles import load_style
    from reportgen.templating import Templates
    from reportgen.validate import validate

    def prepare(path):
        t = time.perf_counter()
        loaded = load_file(path); lint(loaded); model = validate(loaded)
        a = time.perf_counter()
        search = pipeline.template_search(path)
        style = load_style(model.report.style, search)
        doc = to_language(assemble(model, Templates(search)), model.report.lang)
        return loaded, doc, style, [("load+validate+lint", a - t), ("render", time.perf_counter() - a)]
except ImportError:
    def prepare(path):
        t = time.perf_counter(); loaded, doc, style = pipeline.prepare(path)
        return loaded, doc, style, [("prepare", time.perf_counter() - t)]
for _ in range(runs):
    out = Path(tempfile.mkdtemp())
    loaded, doc, style, timed = prepare(example); a = time.perf_counter()
    faces = resolve_all(style.faces_used()); pipeline.check_coverage(loaded, doc, style, faces); b = time.perf_counter()
    writer_for("docx")(doc, style, faces, out / "x.docx"); c = time.perf_counter()
    writer_for("pdf")(doc, style, faces, out / "x.pdf"); d = time.perf_counter()
    for name, s in timed + [("fonts+coverage", b - a), ("docx", c - b), ("pdf", d - c)]:
        print(name, s)
"""


def _env(repo: Path, pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH")}
    return {**env, "PYTHONPATH": str(repo), "PYTHONPYCACHEPREFIX": str(pycache)}


def _timed(cmd: list[str], **kwargs) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return seconds, usage.ru_maxrss


def whole_process(repo: Path, env: dict, out: Path, runs: int) -> tuple[float, list[float], list[int]]:
    """The first run (bytecode and font caches filled if empty), then `runs` timed runs."""
    cmd = [sys.executable, "-m", "reportgen", "build", EXAMPLE, "-o", str(out)]
    first, _ = _timed(cmd, cwd=repo, env=env)
    times, peaks = [], []
    for _ in range(runs):
        seconds, peak = _timed(cmd, cwd=repo, env=env)
        times.append(seconds)
        peaks.append(peak)
    return first, times, peaks


def stages(repo: Path, env: dict, runs: int) -> dict[str, list[float]]:
    """Per-stage seconds in one process; the first run warms caches (fonts, font files) and is dropped."""
    out = subprocess.run([sys.executable, "-c", _STAGES, str(runs + 1), EXAMPLE], cwd=repo, env=env,
                         check=True, capture_output=True, text=True).stdout
    found: dict[str, list[float]] = {}
    for line in out.splitlines():
        name, seconds = line.rsplit(" ", 1)
        found.setdefault(name, []).append(float(seconds))
    return {name: values if name == "import" else values[1:] for name, values in found.items()}


def libreoffice(docx: Path, runs: int) -> list[float] | None:
    """`soffice --headless --convert-to pdf` of our DOCX, own profile folder, after one warm-up run."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as work:
        profile = Path(work, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", work, str(docx)]
        for k in range(runs + 1):
            seconds, _ = _timed(cmd)
            if k:
                times.append(seconds)
    return times


def batch(repo: Path, env: dict, count: int, jobs: int) -> float:
    """Whole-process seconds for `reportgen build` of `count` copies of the example with `-j jobs`."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as work:
        text = (repo / EXAMPLE).read_text(encoding="utf-8")
        inputs = []
        for k in range(count):
            path = Path(work, f"r{k:03}.yaml")
            path.write_text(text, encoding="utf-8")
            inputs.append(str(path))
        seconds, _ = _timed([sys.executable, "-m", "reportgen", "build", *inputs, "-o", str(Path(work, "out")),
                             "-j", str(jobs)], cwd=repo, env=env)
    return seconds


def _row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("met" if ok else "NOT MET")
    print(f"{name:34} {value:>18}   {target:18} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (default 7)")
    parser.add_argument("--lo-runs", type=int, default=3, help="timed LibreOffice conversions (default 3)")
    parser.add_argument("--batch", type=int, default=100, help="copies for the batch run (0: skip)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice reference")
    args = parser.parse_args()
    repo = args.repo.resolve()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True,
                            text=True).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"checkout {repo} ({commit or 'unknown commit'}); Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}, load {load:.1f}; medians of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        env = _env(repo, Path(work, "pycache"))
        out = Path(work, "out")
        first, whole, peaks = whole_process(repo, env, out, args.runs)
        median = statistics.median(whole)
        pdf, docx = out / f"{Path(EXAMPLE).stem}.pdf", out / f"{Path(EXAMPLE).stem}.docx"
        print()
        _row("measure", "result", "target")
        _row("whole build, first run", f"{first * 1000:.0f} ms")
        _row("whole build (new process)", f"{median * 1000:.0f} ms", f"<= {WHOLE_MAX_S * 1000:.0f} ms",
             median <= WHOLE_MAX_S)
        _row("  min / max", f"{min(whole) * 1000:.0f} / {max(whole) * 1000:.0f} ms")
        peak_mb = max(peaks) / 1024
        _row("peak memory (whole build)", f"{peak_mb:.0f} MB", f"<= {PEAK_MAX_MB} MB", peak_mb <= PEAK_MAX_MB)
        pdf_kb = pdf.stat().st_size / 1024
        _row("example PDF size", f"{pdf_kb:.1f} KB", f"<= {PDF_MAX_KB} KB", pdf_kb <= PDF_MAX_KB)
        _row("example DOCX size", f"{docx.stat().st_size / 1024:.1f} KB")
        lo = None if args.no_libreoffice else libreoffice(docx, args.lo_runs)
        if lo:
            lo_median = statistics.median(lo)
            ratio = median / lo_median
            _row("LibreOffice DOCX -> PDF", f"{lo_median * 1000:.0f} ms")
            _row("  ratio ours / LibreOffice", f"{ratio:.2f}", f"<= {RATIO_MAX:.2f}", ratio <= RATIO_MAX)
        elif not args.no_libreoffice:
            _row("LibreOffice DOCX -> PDF", "soffice not found")
        if args.batch:
            seconds = batch(repo, env, args.batch, 2)
            rate = args.batch / seconds
            _row(f"batch {args.batch} copies, -j 2", f"{rate:.1f} reports/s", f">= {BATCH_MIN_RATE:.0f} reports/s",
                 rate >= BATCH_MIN_RATE)
            _row("  whole process", f"{seconds:.2f} s")
        print("\nin one process, after a warm-up build (median ms):")
        for name, values in stages(repo, env, args.runs).items():
            print(f"  {name:32} {statistics.median(values) * 1000:8.1f}   (min {min(values) * 1000:.1f})")


if __name__ == "__main__":
    main()
