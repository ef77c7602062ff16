"""A section type added by the recipe of docs/architecture.md (one new module in reportgen/render/, nothing
else edited) is recognised on import and round-trips: import → YAML with the new type → build → the same text.

The recipe is followed literally: a copy of the package gets the new module, and `python -m reportgen` runs
from that copy, so neither the classifier nor anything else is touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml

from . import wordfiles
from .conftest import ROOT
from .test_import import docx_paragraphs

NOTICE = '''"""有关事项: a heading of its own and the matters under it, each a paragraph."""

from __future__ import annotations

from typing import Literal

from ..fields import ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

HEADING = "有关事项"


class NoticeSection(Strict):
    type: Literal["notice"]
    matters: ProseList


def recognise(run: Run, _templates: object) -> Reading | None:
    if run.title != HEADING or run.subs or not run.intro:
        return None
    return Reading({"type": "notice", "matters": list(run.intro)}, 6, [((), "有关事项")])


@section_type("notice", NoticeSection, rollover={"matters": "事项"}, recognise=recognise)
def render(section: NoticeSection, ctx: RenderContext) -> list[Block]:
    return [Heading(1, HEADING), *(Paragraph(text) for text in section.matters)]
'''


def test_a_new_section_type_is_recognised_on_import_without_editing_the_classifier(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "reportgen", package / "reportgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", package / "templates")
    (package / "reportgen" / "render" / "notice.py").write_text(NOTICE, encoding="utf-8")
    report = wordfiles.safety()
    report.middle = ["有关事项", "请各单位于3月15日前报送2025年度安全生产责任书。",
                     "集团将于二季度组织安全生产专项检查，请各单位提前做好自查。"]
    report.table, report.photo = None, None
    source = wordfiles.write(report, wordfiles.WAYS["word-styles"][0], tmp_path / "safety.docx")
    env = dict(os.environ, PYTHONPATH=str(package))

    def reportgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import reportgen; print(reportgen.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout
    assert where.startswith(str(package))  # the copy with the new module runs, not the checkout
    done = reportgen("import", str(source), "-o", "safety.yaml")
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load((tmp_path / "safety.yaml").read_text(encoding="utf-8"))
    kinds = [s["type"] for s in data["sections"]]
    assert kinds == ["lead", "unit_reports", "notice", "requirements", "closing"]
    assert data["sections"][2]["matters"] == report.middle[1:]
    done = reportgen("build", "safety.yaml", "-f", "docx", "-o", "out")
    assert done.returncode == 0, done.stderr
    built = [text for style, text in docx_paragraphs(tmp_path / "out" / "safety.docx")]
    assert built == ["".join(report.title), *report.body()]
