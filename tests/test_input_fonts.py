"""`fonts:` in the input, as the README says (issue 15): a font file for each kind, relative to the input's
folder, checked with located messages; `--font` wins over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

from .conftest import EXAMPLE
from .lintkit import findings, run

KAI = Path.home() / ".local/share/fonts/reportgen/FandolKai-Regular-v2.ttf"
SONG = Path.home() / ".local/share/fonts/reportgen/FandolSong-Regular-v2.ttf"


def _input(folder: Path, fonts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    path = folder / "会议.yaml"
    path.write_text(text.replace("\nsections:", f"\n{fonts}sections:", 1), encoding="utf-8")
    if (EXAMPLE.parent / "images").is_dir():
        shutil.copytree(EXAMPLE.parent / "images", folder / "images", dirs_exist_ok=True)
    return path


def _body_fonts(pdf: Path) -> set[str]:
    with pdfplumber.open(pdf) as doc:
        return {ch["fontname"].split("+")[-1] for ch in doc.pages[0].chars if ch["text"] == "会"}


@pytest.mark.skipif(not KAI.is_file() or not SONG.is_file(), reason="the prepared Fandol faces")
def test_fonts_in_the_input_set_the_pdf_and_the_command_line_wins(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "字体").mkdir(parents=True)
    shutil.copy(KAI, folder / "字体" / "kai.ttf")
    source = _input(folder, "fonts:\n  fangsong: 字体/kai.ttf\n")
    status, _out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert status == 0, err
    assert any("FandolKai" in name for name in _body_fonts(tmp_path / "out" / "会议.pdf"))
    status, _out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out2"), "-f", "pdf",
                            "--font", f"fangsong={SONG}")
    assert status == 0, err
    assert any("FandolSong" in name for name in _body_fonts(tmp_path / "out2" / "会议.pdf"))


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize(("fonts", "needle", "code", "words"), [
    ("fonts:\n  fangsong: 没有这个.ttf\n", "没有这个.ttf", "RG602", "字体文件不存在"),
    ("fonts:\n  fangsong: 会议.yaml\n", "会议.yaml", "RG603", "不是 TrueType/OpenType 字体"),
    ("fonts:\n  fangsng: a.ttf\n", "fangsng", "RG201", "是否应为 `fangsong`？"),
    ("fonts: simfang.ttf\n", "simfang.ttf", "RG203", "应为映射"),
])
def test_font_problems_in_the_input_are_located(tmp_path, capsys, fonts, needle, code, words):
    source = _input(tmp_path / "in", fonts)
    for argv in (["check", str(source)], ["build", str(source), "-o", str(tmp_path / "out")]):
        status, _out, err = run(capsys, *argv)
        assert status == 1
        (found,) = [f for f in findings(err) if f[2] == code]
        assert (found[0], found[1]) == _line_of(source, needle) and words in found[3], err
    assert not (tmp_path / "out").exists()
