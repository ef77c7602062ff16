"""`check` and DOCX-only builds never load the PDF stack; nothing loads fontTools for an ordinary build."""

from __future__ import annotations

import json
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


def _modules(*argv: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True, text=True)
    status, modules = json.loads(run.stdout.splitlines()[-1])
    assert status == 0, run.stderr
    return set(modules)


@pytest.mark.parametrize("argv", [("check",), ("build", "-f", "docx")], ids=["check", "docx-only"])
def test_no_pdf_stack(tmp_path, argv):
    extra = ("-o", str(tmp_path)) if argv[0] == "build" else ()
    loaded = _modules(*argv, str(EXAMPLE), *extra)
    assert "reportgen" in loaded
    assert not loaded & {"reportlab", "fontTools"}


def test_full_build_loads_reportlab_but_not_fonttools(tmp_path):
    loaded = _modules("build", str(EXAMPLE), "-o", str(tmp_path))
    assert "reportlab" in loaded and "docx" in loaded
    assert "fontTools" not in loaded
