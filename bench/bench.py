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
import contextlib
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
WARM_MAX_S = 0.040  # issue 12: the second and later `reportgen.build()` of one input in one process

# Runs inside the checkout under test: `reportgen.build()` of the same input again and again in one process
# (a live preview's cost per keystroke); prints the seconds of each build, the first (cold) one included.
_WARM = r"""
import sys, tempfile, time
from pathlib import Path
import reportgen
runs, example = int(sys.argv[1]), Path(sys.argv[2])
out = Path(tempfile.mkdtemp())
for _ in range(runs):
    t = time.perf_counter(); reportgen.build(example, out); print(time.perf_counter() - t)
"""

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


def _timed(cmd: list[str], **kwargs) -> tuple[float, int, float]:
    """Wall seconds, peak resident memory (KB) and CPU seconds (user + system) of one child process."""
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
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _build_cmd(out: Path) -> list[str]:
    return [sys.executable, "-m", "reportgen", "build", EXAMPLE, "-o", str(out)]


def _hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def tree_peak(repo: Path, env: dict, out: Path) -> tuple[int, int] | None:
    """(sum over the build's processes of each one's peak resident memory, their count), in KB.

    The command forks writer processes, and a child's usage reaching `wait4` is the largest single
    process, not the sum; so /proc is read every millisecond for the process and its children, and each
    one's high-water mark (VmHWM) last seen is summed. Pages the children share with the parent after
    forking are counted in each, so the sum is on the high side. None without /proc.
    """
    if not Path("/proc/self/status").exists():
        return None
    proc = subprocess.Popen(_build_cmd(out), cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, int] = {}
    while proc.poll() is None:
        pids = [proc.pid]
        with contextlib.suppress(OSError, ValueError):
            pids += [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        for pid in pids:
            hwm = _hwm_kb(pid)
            if hwm is not None:
                seen[pid] = max(seen.get(pid, 0), hwm)
        time.sleep(0.001)
    return sum(seen.values()), len(seen)


def whole_process(repo: Path, env: dict, out: Path, runs: int, lo_cmd: list[str] | None, lo_runs: int,
                  ) -> tuple[float, list[float], list[int], list[float], list[float]]:
    """The first run (bytecode and font caches filled if empty), then `runs` timed runs, with the
    LibreOffice conversions spread among them so both see the same machine (load changes by the minute).

    Returns first run, wall seconds, peak KB (largest single process), CPU seconds (user + system, the
    writer processes included), LibreOffice wall seconds.
    """
    cmd = _build_cmd(out)
    first = _timed(cmd, cwd=repo, env=env)[0]
    times, peaks, cpu, lo = [], [], [], []
    if lo_cmd:
        _timed(lo_cmd)  # LibreOffice's own warm-up: its profile folder is made on the first run
    every = max(1, runs // lo_runs) if lo_cmd and lo_runs else 0
    for k in range(runs):
        seconds, peak, used = _timed(cmd, cwd=repo, env=env)
        times.append(seconds)
        peaks.append(peak)
        cpu.append(used)
        if every and k % every == every - 1 and len(lo) < lo_runs:
            lo.append(_timed(lo_cmd)[0])
    return first, times, peaks, cpu, lo


def stages(repo: Path, env: dict, runs: int) -> dict[str, list[float]]:
    """Per-stage seconds in one process; the first run warms caches (fonts, font files) and is dropped."""
    out = subprocess.run([sys.executable, "-c", _STAGES, str(runs + 1), EXAMPLE], cwd=repo, env=env,
                         check=True, capture_output=True, text=True).stdout
    found: dict[str, list[float]] = {}
    for line in out.splitlines():
        name, seconds = line.rsplit(" ", 1)
        found.setdefault(name, []).append(float(seconds))
    return {name: values if name == "import" else values[1:] for name, values in found.items()}


def warm_rebuild(repo: Path, env: dict, runs: int) -> tuple[float, list[float]]:
    """`reportgen.build()` of the example, both formats, in one process: the first (cold) build's seconds,
    then `runs` later builds of the same input."""
    out = subprocess.run([sys.executable, "-c", _WARM, str(runs + 1), EXAMPLE], cwd=repo, env=env,
                         check=True, capture_output=True, text=True).stdout
    seconds = [float(line) for line in out.split()]
    return seconds[0], seconds[1:]


def libreoffice_cmd(docx: Path, work: Path) -> list[str] | None:
    """`soffice --headless --convert-to pdf` of our DOCX, with its own profile folder."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = (work / "lo-profile").as_uri()
    return [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
            "--outdir", str(work / "lo-out"), str(docx)]


def batch(repo: Path, env: dict, count: int, jobs: int) -> float:
    """Whole-process seconds for `reportgen build` of `count` copies of the example with `-j jobs`."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as work:
        text = (repo / EXAMPLE).read_text(encoding="utf-8")
        inputs = []
        for k in range(count):
            path = Path(work, f"r{k:03}.yaml")
            path.write_text(text, encoding="utf-8")
            inputs.append(str(path))
        return _timed([sys.executable, "-m", "reportgen", "build", *inputs, "-o", str(Path(work, "out")),
                       "-j", str(jobs)], cwd=repo, env=env)[0]


def _row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("met" if ok else "NOT MET")
    print(f"{name:34} {value:>18}   {target:18} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to time (default: this one)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per measurement (default 15)")
    parser.add_argument("--lo-runs", type=int, default=5,
                        help="timed LibreOffice conversions, spread among our runs (default 5)")
    parser.add_argument("--single-process", action="store_true",
                        help="also time the build with REPORTGEN_SINGLE_PROCESS=1 (both formats in one process)")
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
        pdf, docx = out / f"{Path(EXAMPLE).stem}.pdf", out / f"{Path(EXAMPLE).stem}.docx"
        lo_cmd = None if args.no_libreoffice else libreoffice_cmd(docx, Path(work))
        first, whole, peaks, cpu, lo = whole_process(repo, env, out, args.runs, lo_cmd, args.lo_runs)
        single = None
        if args.single_process:
            _, single, _, single_cpu, _ = whole_process(repo, {**env, "REPORTGEN_SINGLE_PROCESS": "1"}, out,
                                                        args.runs, None, 0)
        trees = [tree_peak(repo, env, out) for _ in range(3)]
        median = statistics.median(whole)
        print()
        _row("measure", "result", "target")
        _row("whole build, first run", f"{first * 1000:.0f} ms")
        _row("whole build (new process)", f"{median * 1000:.0f} ms", f"<= {WHOLE_MAX_S * 1000:.0f} ms",
             median <= WHOLE_MAX_S)
        _row("  min / max", f"{min(whole) * 1000:.0f} / {max(whole) * 1000:.0f} ms")
        _row("  CPU time (user + system)", f"{statistics.median(cpu) * 1000:.0f} ms")
        if single:
            _row("  all in one process", f"{statistics.median(single) * 1000:.0f} ms")
            _row("    CPU time", f"{statistics.median(single_cpu) * 1000:.0f} ms")
        if trees[0] is not None:
            peak_mb = max(t[0] for t in trees if t) / 1024
            count = max(t[1] for t in trees if t)
            _row(f"peak memory, sum of {count} processes", f"{peak_mb:.0f} MB", f"<= {PEAK_MAX_MB} MB",
                 peak_mb <= PEAK_MAX_MB)
            _row("  largest single process", f"{max(peaks) / 1024:.0f} MB")
        else:
            peak_mb = max(peaks) / 1024
            _row("peak memory (largest process)", f"{peak_mb:.0f} MB", f"<= {PEAK_MAX_MB} MB", peak_mb <= PEAK_MAX_MB)
        pdf_kb = pdf.stat().st_size / 1024
        _row("example PDF size", f"{pdf_kb:.1f} KB", f"<= {PDF_MAX_KB} KB", pdf_kb <= PDF_MAX_KB)
        _row("example DOCX size", f"{docx.stat().st_size / 1024:.1f} KB")
        if lo:
            lo_median = statistics.median(lo)
            ratio = median / lo_median
            _row("LibreOffice DOCX -> PDF", f"{lo_median * 1000:.0f} ms")
            _row("  ratio ours / LibreOffice", f"{ratio:.2f}", f"<= {RATIO_MAX:.2f}", ratio <= RATIO_MAX)
        elif not args.no_libreoffice:
            _row("LibreOffice DOCX -> PDF", "soffice not found")
        cold, warm = warm_rebuild(repo, env, max(args.runs, 15))
        warm_median = statistics.median(warm)
        _row("warm rebuild (same process)", f"{warm_median * 1000:.1f} ms", f"<= {WARM_MAX_S * 1000:.0f} ms",
             warm_median <= WARM_MAX_S)
        _row("  min / max; first build", f"{min(warm) * 1000:.0f} / {max(warm) * 1000:.0f}; {cold * 1000:.0f} ms")
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
