"""A user's own templates (`templates/` next to the input): their mistakes are input errors with a code, the
template file and its line, exit 1, never an internal error."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from reportgen.templating import TemplateFailure, Templates

from .conftest import EXAMPLE, ROOT
from .lintkit import run


def _input_with_template(tmp_path, name: str, text: str):
    """The example input in its own folder, with `templates/<name>` beside it."""
    source = tmp_path / "in.yaml"
    shutil.copyfile(EXAMPLE, source)
    template = tmp_path / "templates" / name
    template.parent.mkdir(parents=True)
    template.write_text(text, encoding="utf-8")
    return source, template


def test_a_syntax_error_in_a_template_next_to_the_input_is_rg701_with_file_and_line(tmp_path):
    """The installed command, writer processes and all."""
    source, template = _input_with_template(tmp_path, "title.j2", "{{ meeting.organiser }}召开\n{% if %}会议\n")
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{source}: {template}:2: RG701 模板语法错误："), line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("text", "line", "code", "words"), [
    ("第一行\n{{ meeting.nosuch }}\n", 2, "RG702", "未定义的变量"),
    ("\n\n{{ 1 / 0 }}\n", 3, "RG702", "ZeroDivisionError"),
    ('{{ "".__class__.__mro__ }}\n', 1, "RG703", "沙箱不允许"),
    ('第一行\n{% include "nosuch.j2" %}\n', 2, "RG704", "找不到模板 nosuch.j2"),
    ("{% for %}\n", 1, "RG701", "模板语法错误"),
], ids=["undefined", "runtime", "sandbox", "include", "syntax"])
def test_template_failures_have_codes(tmp_path, capsys, text, line, code, words):
    source, template = _input_with_template(tmp_path, "sections/lead.j2", text)
    status, out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out"), "-f", "docx")
    assert (status, out) == (1, "")
    (message,) = err.splitlines()
    assert message.startswith(f"{source}: {template}:{line}: {code} ") and words in message, message
    assert not (tmp_path / "out").exists()


def test_a_missing_template_is_rg704():
    with pytest.raises(TemplateFailure, match=r"^nosuch\.j2: RG704 找不到模板 nosuch\.j2（查找位置："):
        Templates().render("nosuch.j2")


@pytest.mark.parametrize(("text", "line", "code"), [
    ("第一行\n{{ meeting.nosuch }}\n", 2, "RG702"), ("{% for %}\n", 1, "RG701")], ids=["undefined", "syntax"])
def test_a_build_failure_is_one_diagnostic_with_its_code(tmp_path, text, line, code):
    """What an editor shows at a template's line: the code a field, not the start of a string."""
    from reportgen.pipeline import BuildFailure, build

    source, template = _input_with_template(tmp_path, "sections/lead.j2", text)
    with pytest.raises(BuildFailure) as failure:
        build(source, tmp_path / "out", formats=["docx"])
    found = failure.value.diagnostic
    assert (found.file, found.line, found.code) == (str(template), line, code)
    assert not found.message.startswith("RG")
    with pytest.raises(BuildFailure) as failure:
        build(source, tmp_path / "out", formats=["odt"])
    assert failure.value.diagnostic.code == "RG011"


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_a_template_saved_in_another_encoding_is_rg701_naming_the_file(tmp_path, encoding):
    """Notepad's "ANSI" (GBK) or "Unicode" (UTF-16): the file and what to do, in Chinese, no Python exception."""
    source, template = _input_with_template(tmp_path, "title.j2", "")
    template.write_bytes("{{ meeting.organiser }}召开会议\n".encode(encoding))
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.splitlines()
    assert line == (f"{source}: {template}: RG701 模板文件不是 UTF-8 编码的文字（可能存成了 GBK 或 UTF-16）；"
                    "请用文本编辑器以 UTF-8 编码另存"), line
    assert not (tmp_path / "out").exists()
