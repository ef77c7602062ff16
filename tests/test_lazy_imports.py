"""`check` and DOCX-only builds never load the PDF stack; nothing loads fontTools for an ordinary build."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import EXAMPLE, ROOT

_PROBE = """
import json, sys
from reportgen.cli import main
status = main(sys.argv[1:])
print(json.dumps([status, sorted({m.split('.')[0] for m in sys.modules})]))
"""


def _modules(*argv: str, **env: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **env})
    status, modules = json.loads(run.stdout.splitlines()[-1])
    assert status == 0, run.stderr
    return set(modules)


@pytest.mark.parametrize("argv", [("check",), ("build", "-f", "docx")], ids=["check", "docx-only"])
def test_no_pdf_stack(tmp_path, argv):
    extra = ("-o", str(tmp_path)) if argv[0] == "build" else ()
    loaded = _modules(*argv, str(EXAMPLE), *extra)
    assert "reportgen" in loaded
    assert not loaded & {"reportlab", "fontTools"}


def test_main_process_leaves_both_writer_libraries_to_the_writer_processes(tmp_path):
    loaded = _modules("build", str(EXAMPLE), "-o", str(tmp_path))
    assert "reportgen" in loaded and "pydantic" in loaded
    assert not loaded & {"reportlab", "docx", "fontTools"}
    assert {p.suffix for p in tmp_path.iterdir()} == {".docx", ".pdf"}


def test_single_process_build_loads_reportlab_but_not_fonttools(tmp_path):
    loaded = _modules("build", str(EXAMPLE), "-o", str(tmp_path), REPORTGEN_SINGLE_PROCESS="1")
    assert "reportlab" in loaded and "docx" in loaded
    assert "fontTools" not in loaded
