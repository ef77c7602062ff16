"""Cost that must grow with the work, not faster (issue 20, "Scale"), each report built in a new process.

Usage: .venv/bin/python bench/scale.py [--repo CHECKOUT] [--pages N ...] [--rows N ...]

Inputs are made from the examples: the example report with its unit reports repeated until the PDF has
about N pages, and the photos example with its table's rows repeated to N rows. Each is built (DOCX + PDF,
`python -m reportgen build`) in a new process; its wall time, CPU time and peak resident memory (`wait4`)
are printed with the targets:

- time per page flat: the largest report's seconds per page within 1.5x of the smallest's;
- a 2,000-row table within 2.2x the time of a 1,000-row one;
- peak memory for the ~5,000-page report <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
UNITS_PER_PAGE = 2.47  # the example's unit reports, repeated: measured pages per unit (4,860 pages / 12,000 units)

PER_PAGE_FLAT = 1.5
TABLE_RATIO_MAX = 2.2
PEAK_MAX_MB = 400


def _report(pages: int, folder: Path) -> Path:
    data = yaml.safe_load(REPORT.read_text(encoding="utf-8"))
    for section in data["sections"]:
        if section["type"] == "unit_reports":
            base = section["units"]
            count = max(1, round(pages * UNITS_PER_PAGE))
            section["units"] = [dict(base[k % len(base)], name=f"{base[k % len(base)]['name']}{k + 1}")
                                for k in range(count)]
    path = folder / f"report-{pages}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _table(rows: int, folder: Path) -> Path:
    data = yaml.safe_load(PHOTOS.read_text(encoding="utf-8"))
    for section in data["sections"]:
        if section["type"] == "table":
            base = section["rows"]
            section["rows"] = [list(base[k % len(base)]) for k in range(rows)]
    shutil.copytree(PHOTOS.parent / "images", folder / "images", dirs_exist_ok=True)
    path = folder / f"table-{rows}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _build(repo: Path, source: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one `reportgen build` in a new process."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("SOURCE_DATE_EPOCH", None)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"building {source} failed ({os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"  {name:38} {value:>22}  {target:>16}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 300, 5000])
    parser.add_argument("--rows", type=int, nargs="+", default=[250, 1000, 2000])
    args = parser.parse_args()
    print(f"scale ({args.repo}), load average {os.getloadavg()[0]:.2f}:")
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp), Path(tmp) / "out"
        per_page: list[float] = []
        peak = 0.0
        for pages in args.pages:
            source = _report(pages, folder)
            wall, cpu, mb = _build(args.repo, source, out)
            real = _pages(out / f"{source.stem}.pdf")
            per_page.append(wall / real)
            peak = mb
            _row(f"report, {real} pages",
                 f"{wall:.2f} s ({cpu:.2f} s CPU), {wall / real * 1000:.1f} ms/page, {mb:.0f} MB")
        flat = per_page[-1] / per_page[0]
        _row("  ms/page, largest / smallest", f"{flat:.2f}", f"<= {PER_PAGE_FLAT}", flat <= PER_PAGE_FLAT)
        _row("  peak memory, largest report", f"{peak:.0f} MB", f"<= {PEAK_MAX_MB} MB", peak <= PEAK_MAX_MB)
        seconds: dict[int, float] = {}
        for rows in args.rows:
            wall, _cpu, mb = _build(args.repo, _table(rows, folder), out)
            seconds[rows] = wall
            _row(f"table, {rows} rows", f"{wall:.2f} s, {mb:.0f} MB")
        if 1000 in seconds and 2000 in seconds:
            ratio = seconds[2000] / seconds[1000]
            _row("  2,000 rows / 1,000 rows", f"{ratio:.2f}", f"<= {TABLE_RATIO_MAX}", ratio <= TABLE_RATIO_MAX)


if __name__ == "__main__":
    main()
