"""Tables wider than a page can hold: a located input error, or a layout that holds, never an internal error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT
from .lintkit import HEADER


def _input(tmp_path, columns: int, cell: str):
    names = ", ".join(f"列{k + 1}" for k in range(columns))
    row = ", ".join([cell] * columns)
    text = HEADER + (
        "sections:\n  - type: table\n    caption: 宽表\n"
        f"    columns: [{names}]\n    rows:\n      - [{row}]\n      - [{row}]\n")
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _reportgen(*args: str):
    return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_a_table_wider_than_the_page_is_rg212_at_its_columns(tmp_path):
    path = _input(tmp_path, 30, "甲")
    for command in ("check", "build"):
        done = _reportgen(command, str(path), *(["-o", str(tmp_path / "out")] if command == "build" else []))
        assert done.returncode == 1, done.stderr
        line = next(ln for ln in done.stderr.splitlines() if "RG212" in ln)
        assert "30 列" in line and "columns" in line, line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("cell", ["Internationalization", "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸", "—"])
def test_the_widest_table_allowed_builds_whatever_its_cells_hold(tmp_path, cell):
    """Twelve columns of words wider than a column: set, a word broken only where it must be."""
    path = _input(tmp_path, 12, cell)
    done = _reportgen("build", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "wide.pdf").stat().st_size > 0
