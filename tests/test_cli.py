"""The command line: exit codes, clear errors for the files around the input, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from reportgen.cli import main

from .conftest import EXAMPLE, ROOT
from .lintkit import findings, run, write_input


def test_missing_input_and_folder_as_input(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    status, out, err = run(capsys, "build", str(missing), str(tmp_path), "-o", str(tmp_path / "out"))
    assert status == 1 and out == ""
    assert err.splitlines() == [f"{missing}: RG001 找不到输入文件",
                                f"{tmp_path}: RG001 这是一个文件夹，不是 YAML 输入文件"]
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build"])
    assert caught.value.code == 2
    assert run(capsys, "build", str(EXAMPLE), "--font", "nosuch=/x.ttf")[:2] == (2, "")


def _unwritable(tmp_path: Path) -> Path:
    if os.geteuid() == 0:  # root may write anywhere a mode allows nothing; sysfs refuses even root
        return Path("/sys/reportgen-test-output")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys):
    target = _unwritable(tmp_path)
    status, out, err = run(capsys, "build", str(EXAMPLE), "-o", str(target))
    assert status == 1 and out == ""
    assert err.startswith(f"{EXAMPLE}: RG801 无法") and str(target) in err and "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_output_path_that_is_a_file(tmp_path, capsys):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 1 and "是一个文件，不是文件夹" in err
    assert (tmp_path / "out").read_text(encoding="utf-8") == "x"


def test_jinja_in_input_text_is_printed_as_written(tmp_path, capsys):
    path = write_input(tmp_path / "in.yaml", ["{{ 7*7 }}与{% if true %}是{% endif %}"])
    path.write_text(path.read_text(encoding="utf-8").replace("name: 2023年度工作总结及评比会议",
                                                             'name: "{{ 7*7 }}会议"'), encoding="utf-8")
    status, _out, _err = run(capsys, "build", str(path), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 0
    texts = [p.text for p in docx.Document(str(tmp_path / "out" / "in.docx")).paragraphs]
    assert "{{ 7*7 }}与{% if true %}是{% endif %}" in texts
    assert any("召开{{ 7*7 }}会议" in t for t in texts)
    assert not any("49" in t for t in texts)


@pytest.mark.parametrize(("template", "words", "line"), [
    ("第一行\n{{ meeting.nosuch }}\n", "未定义的变量", 2),
    ("{{ nosuch_variable }}\n", "未定义的变量", 1),
    ('{{ "".__class__.__mro__ }}\n', "沙箱不允许", 1),
    ("\n\n{{ 1 / 0 }}\n", "ZeroDivisionError", 3),
    ("{% if %}\n", "模板语法错误", 1),
])
def test_template_errors_name_the_template_file_and_line(tmp_path, capsys, template, words, line):
    folder = tmp_path / "tpl" / "sections"
    folder.mkdir(parents=True)
    (folder / "lead.j2").write_text(template, encoding="utf-8")
    status, out, err = run(capsys, "build", str(EXAMPLE), "--templates", str(tmp_path / "tpl"),
                           "-o", str(tmp_path / "out"))
    assert status == 1 and out == ""
    assert f"{folder / 'lead.j2'}:{line}:" in err and words in err
    assert not (tmp_path / "out").exists()


def test_check_reports_all_files_and_exit_status(tmp_path, capsys):
    bad = write_input(tmp_path / "bad.yaml", ["总工會(huì)召开。"])
    status, out, err = run(capsys, "check", str(EXAMPLE), str(bad))
    assert status == 1 and out.splitlines() == [f"{EXAMPLE}：没有发现问题", f"{bad}：2 个错误"]
    assert {code for _l, _c, code, _r in findings(err)} == {"RG302", "RG304"}


def test_internal_error_prints_one_line_and_writes_the_trace(tmp_path, capsys, monkeypatch):
    import reportgen.pipeline

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(reportgen.pipeline, "assemble", boom)
    status, out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert status == 3 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("reportgen: 内部错误")
    log = Path(line.split("详细信息已写入 ")[1].split("，")[0])
    assert "simulated bug" in log.read_text(encoding="utf-8") and "Traceback" in log.read_text(encoding="utf-8")
    log.unlink()


def test_console_script_never_prints_a_traceback(tmp_path):
    cases = [b"", b"\xff\xfe\x00", b"- [\n", b"a: *x\n", b"!!python/object:os.system {}\n", b"[" * 10000]
    for i, raw in enumerate(cases):
        path = tmp_path / f"c{i}.yaml"
        path.write_bytes(raw)
        done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(path), "-o", str(tmp_path / "o")],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1, (raw, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.startswith(str(path)), done.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("closed", [">&-", "2>&-", "<&- >&- 2>&-"])
def test_command_exits_0_with_a_standard_stream_closed(tmp_path, closed):
    out = tmp_path / "out"
    shell = f'"{sys.executable}" -m reportgen build "{EXAMPLE}" -o "{out}" {closed}; echo $? > "{tmp_path / "rc"}"'
    subprocess.run(["bash", "-c", shell], cwd=ROOT, check=True)
    assert (tmp_path / "rc").read_text().strip() == "0"
    assert {p.suffix for p in out.iterdir()} == {".docx", ".pdf"}


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["print-fails", "exit-flush-fails"])
def test_output_pipe_closed_by_the_reader_gives_no_traceback(tmp_path, unbuffered):
    """`reportgen build … | true`: the reader is gone long before the command prints its one line (which
    fails at `print` when unbuffered, at the last flush otherwise); exit 1, nothing on stderr."""
    out = tmp_path / "out"
    shell = (f'"{sys.executable}" -m reportgen build "{EXAMPLE}" -o "{out}" 2>"{tmp_path / "err"}" | true; '
             f'echo ${{PIPESTATUS[0]}} > "{tmp_path / "rc"}"')
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    subprocess.run(["bash", "-c", shell], cwd=ROOT, check=True, env={**env, "PYTHONUNBUFFERED": unbuffered})
    assert (tmp_path / "err").read_text(encoding="utf-8") == ""
    assert (tmp_path / "rc").read_text().strip() == "1"
    assert {p.suffix for p in out.iterdir()} == {".docx", ".pdf"}
