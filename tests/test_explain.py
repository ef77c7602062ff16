"""The code table is one source (reportgen/codes.py): `reportgen explain`, the README's table, every code the
package uses; messages wrap for the terminal at clause ends, never inside a word; help says what FILE and --font
take (issue 20)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.codes import CODES, markdown_table
from reportgen.diagnostics import Diagnostic, Severity, columns, wrap

from .conftest import EXAMPLE, ROOT
from .lintkit import run


def test_the_readme_table_is_the_code_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.split("\n")
    start = lines.index("| 代码 | 含义 | 例子 | 怎么改 |")
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    assert "\n".join(lines[start:end]) == markdown_table(), \
        "README's table of codes differs from reportgen/codes.py: paste reportgen.codes.markdown_table() there"


def test_every_code_the_package_uses_has_an_entry_and_every_entry_is_used():
    used = set()
    for path in (ROOT / "reportgen").rglob("*.py"):
        if path.name != "codes.py":
            used |= set(re.findall(r"RG\d{3}", path.read_text(encoding="utf-8")))
    listed = [code.code for code in CODES]
    assert len(listed) == len(set(listed)) and listed == sorted(listed, key=lambda c: (c[:3], c))
    assert used - set(listed) == set(), "codes used without an entry in reportgen/codes.py"
    assert set(listed) - used == set(), "entries for codes nothing uses"


@pytest.mark.parametrize("asked", ["RG201", "rg201", "201"])
def test_explain_shows_meaning_example_and_fix(capsys, asked):
    status, out, err = run(capsys, "explain", asked)
    assert (status, err) == (0, "")
    assert out.splitlines() == ["RG201：未知的键（附“是否应为”建议）", "例子：titel: → 是否应为 title？",
                                "怎么改：改成建议的键名"]


def test_explain_marks_a_warning_and_lists_every_code(capsys):
    _status, out, _err = run(capsys, "explain", "RG604")
    assert out.startswith("RG604（警告）：PDF 中某类字体用了另一类字体代替")
    status, out, _err = run(capsys, "explain")
    assert status == 0 and [line[:5] for line in out.splitlines() if line.startswith("RG")] == [c.code for c in CODES]


def test_explain_an_unknown_code_is_a_usage_error_with_the_nearest(capsys):
    status, _out, err = run(capsys, "explain", "RG2011")
    assert status == 2 and "没有错误代码「RG2011」" in err and "RG201" in err


def test_explain_works_without_the_readme_from_an_installed_command():
    done = subprocess.run([sys.executable, "-m", "reportgen", "explain", "RG308"], cwd="/", capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("RG308：占位文字没有填写")


def test_check_help_describes_file_and_build_help_lists_the_font_kinds(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "check", "--help")
    out = capsys.readouterr().out
    assert re.search(r"FILE +要检查的 YAML 输入文件", out), out
    with pytest.raises(SystemExit):
        run(capsys, "build", "--help")
    out = " ".join(capsys.readouterr().out.split())
    for kind, label in (("xiaobiaosong", "小标宋"), ("song", "宋体"), ("fangsong", "仿宋"), ("hei", "黑体"),
                        ("kai", "楷体")):
        assert f"{kind}（{label}）" in out, out


MESSAGE = ("PDF 中的仿宋用 Noto Serif CJK SC TT Regular（宋体）代替。本机的仿宋字体 FandolFang 缺少这份报告中的字"
           "（繁体报告：Fandol 只有简体字），已经准备或安装的字体帮不上；请用 --font fangsong=字体文件.ttf 指定")


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120])
def test_wrapping_keeps_words_whole_and_lines_within_the_width(width):
    line = Diagnostic("inputs/会议.yaml", 0, 0, "RG604", MESSAGE, severity=Severity.WARNING).format()
    wrapped = wrap(line, width)
    assert all(columns(row) <= width for row in wrapped), wrapped
    assert all(row.startswith("    ") for row in wrapped[1:])
    assert "".join(row.strip() for row in wrapped).replace(" ", "") == line.replace(" ", "")
    at = 0
    for row in wrapped[:-1]:  # each line ends at a space, or where no word, name or option goes on
        at = line.index(row.strip(), at) + len(row.strip())
        word = re.compile(r"[\w.=/-]", re.ASCII)
        assert line[at] == " " or not (word.match(line[at - 1]) and word.match(line[at])), row
    assert not any(row.lstrip()[:1] in "，。；：、）”" for row in wrapped[1:])


def _prepared_but(tmp_path: Path, *left_out: str) -> str:
    """An XDG_DATA_HOME whose font folder has the prepared faces but `left_out` (fontconfig's user folder moves
    with it): a machine where those were never made."""
    from reportgen.fonts import prepared_dir

    folder = tmp_path / "data" / "fonts" / "reportgen"
    folder.mkdir(parents=True)
    for face in prepared_dir().iterdir():
        if not any(name in face.name for name in left_out):
            (folder / face.name).symlink_to(face)
    return str(tmp_path / "data")


def test_a_long_warning_is_wrapped_on_a_terminal_and_is_one_line_in_a_pipe(tmp_path):
    """RG604 (仿宋 set in a 宋体, with what would help: a long message) is one line in a pipe and wraps, never
    inside a word, on a 60-column terminal."""
    command = [sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-f", "pdf", "-o", str(tmp_path / "out")]
    env = {**os.environ, "COLUMNS": "60", "XDG_DATA_HOME": _prepared_but(tmp_path, "FandolFang")}
    piped = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    (warning,) = [row for row in piped.stderr.splitlines() if "RG604" in row]
    assert piped.returncode == 0 and "…" not in warning and "仿宋用 FandolSong" in warning, piped.stderr
    main, other = pty.openpty()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=other, env=env, timeout=120)
    os.close(other)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    rows = shown.decode().replace("\r", "").splitlines()
    assert done.returncode == 0 and len(rows) >= 4 and all(columns(row) <= 60 for row in rows), rows
    assert "".join(row.strip() for row in rows).replace(" ", "") == warning.replace(" ", "")


def test_a_traditional_report_without_traditional_faces_is_told_what_helps(capsys, tmp_path, monkeypatch):
    """Fandol (prepared) has no Traditional forms and a Traditional build never sets them in a Simplified face:
    with only the Simplified faces made, it stops with RG601 naming the face it needs and what makes it
    (`fonts --prepare`, or `--font fangsong=`), on one line in a pipe."""
    from reportgen.caches import clear

    monkeypatch.setenv("XDG_DATA_HOME", _prepared_but(tmp_path, "TC", "tc", "HK", "hk"))
    clear("fonts")
    try:
        status, _out, err = run(capsys, "build", str(EXAMPLE), "--lang", "zh-Hant", "-f", "pdf",
                                "-o", str(tmp_path / "out"))
    finally:
        monkeypatch.undo()
        clear("fonts")
    (message,) = [row for row in err.splitlines() if "RG601" in row]
    assert status == 1 and "繁体" in message and "reportgen fonts --prepare" in message
    assert "--font fangsong=" in message and not (tmp_path / "out").exists()
