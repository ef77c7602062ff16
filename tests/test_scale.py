"""Cost that grows with the work, not faster, and a command that profiles like any Python program (issue 20).

The figures (time per page, a 2,000-row table against a 1,000-row one, peak memory) live in `bench/scale.py`;
here, the shapes that make them true: one pagination pass however many pages a table continues on, and a
process that ends normally so that cProfile and coverage report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from tests.conftest import EXAMPLE, ROOT

PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"


def _long_table(tmp_path, rows: int):
    data = yaml.safe_load(PHOTOS.read_text(encoding="utf-8"))
    table = next(s for s in data["sections"] if s["type"] == "table")
    table["rows"] = [table["rows"][k % len(table["rows"])] for k in range(rows)]
    shutil.copytree(PHOTOS.parent / "images", tmp_path / "images")
    source = tmp_path / "long-table.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return source


def test_a_table_over_many_pages_is_paginated_in_one_pass(tmp_path, monkeypatch):
    """Before, every page the table continued on re-ran pagination over the whole document (quadratic)."""
    import pdfplumber

    from reportgen import build
    from reportgen.layout import grid

    calls: list[int] = []
    real = grid.paginate

    def counting(keep, *args, **kwargs):
        calls.append(len(keep))
        return real(keep, *args, **kwargs)

    monkeypatch.setattr(grid, "paginate", counting)
    pdf = build(_long_table(tmp_path, 120), tmp_path / "out", formats=["pdf"]).outputs[0]
    with pdfplumber.open(pdf) as doc:  # each page the table continues on starts with its repeated header
        continued = sum(1 for page in doc.pages[1:] if (page.extract_text() or "").startswith("分工会"))
    assert continued >= 10, continued
    assert len(calls) == 1, f"pagination ran {len(calls)} times for one layout"


def test_python_m_cprofile_reports_a_build(tmp_path):
    """The command ends like any Python program (no `os._exit`), so a profiler or coverage sees the run."""
    out = subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "reportgen", "build",
                          str(EXAMPLE), "-o", str(tmp_path), "-f", "docx"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "function calls" in out.stdout and "pipeline.py" in out.stdout, out.stdout[-2000:]
    assert (tmp_path / f"{EXAMPLE.stem}.docx").is_file()
