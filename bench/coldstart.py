"""The cold build against a peer (issue 20, "Cold start against a peer"): the example to PDF as a whole new
process, ours (`python -m reportgen build -f pdf`) and Typst's (`typst.compile` from the package index, the same
report's text in the same faces on the same page, `bench/editor.py`'s source), runs interleaved so both see the
same machine. Target: ours within 1.5x of Typst's median.

Beside them, in the same interleaving, the floor: a whole process that only starts the interpreter and imports
the libraries a PDF build cannot do without (`FLOOR`: the model's pydantic, the templates' Jinja2, the input's
PyYAML, ReportLab's canvas and TrueType embedding). No build by ordinary means in this design is faster than
that, so the figure says how much of ours is our own code and work and how much is the libraries'.

Usage: .venv/bin/python bench/coldstart.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
RATIO_MAX = 1.5
FLOOR = "import pydantic, jinja2, yaml, reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts"


def _seconds(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from editor import typst_source  # bench/editor.py, beside this file (the script's own folder is on the path)

    from reportgen.pipeline import faces_for, prepare

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        loaded, doc, style = prepare(EXAMPLE)
        faces, _ = faces_for(loaded, doc, style, {}, paged=True)
        source = work / "report.typ"
        source.write_text(typst_source(doc, style, faces), encoding="utf-8")
        fonts = sorted({str(face.path.parent) for face in faces.values()})
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH")}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # bytecode written and reused, as on a user's machine
        ours_cmd = [sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-f", "pdf", "-o", str(work / "out")]
        typst_cmd = [sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                     "font_paths=sys.argv[3:])", str(source), str(work / "typst.pdf"), *fonts]
        floor_cmd = [sys.executable, "-c", FLOOR]
        _seconds(ours_cmd, env), _seconds(typst_cmd, env), _seconds(floor_cmd, env)  # bytecode, caches
        ours, theirs, floor = [], [], []
        for _ in range(args.runs):
            ours.append(_seconds(ours_cmd, env))
            theirs.append(_seconds(typst_cmd, env))
            floor.append(_seconds(floor_cmd, env))
    a, b, f = statistics.median(ours), statistics.median(theirs), statistics.median(floor)
    mark = "ok" if a / b <= RATIO_MAX else "MISSED"
    print(f"cold build to PDF, whole process, median of {args.runs} (load average {os.getloadavg()[0]:.2f}):")
    print(f"  reportgen {a * 1000:.0f} ms, Typst {b * 1000:.0f} ms: {a / b:.2f}x (target <= {RATIO_MAX}x)  {mark}")
    print(f"  floor (interpreter + the libraries a PDF build needs, imported only) {f * 1000:.0f} ms: {f / b:.2f}x "
          f"Typst; ours is {(a - f) * 1000:.0f} ms over it")


if __name__ == "__main__":
    main()
