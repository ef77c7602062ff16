"""The fonts package read back against the libraries it stands in for: ReportLab's widths, fontTools' tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from reportgen.fonts import advance, has, missing_chars, resolve_all
from reportgen.fonts.metrics import face_metrics
from reportgen.styles import load_style
from reportgen.writers.pdf_fonts import CachedTTFont

from .conftest import EXAMPLE, ROOT
from .lintkit import run

FACES = resolve_all(load_style("official").faces_used())
INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))
ASCII = "".join(map(chr, range(0x20, 0x7F)))


def _reportlab(face) -> CachedTTFont:
    """The face as the PDF writer registers it (writers/pdf_fonts.py)."""
    name = f"test-metrics-{face.path.stem}-{face.index}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(CachedTTFont(name, face.path, face.index))
    return pdfmetrics.getFont(name)


@pytest.mark.parametrize("kind", sorted(FACES))
def test_advances_are_reportlabs_to_the_last_bit(kind):
    face = FACES[kind]
    rl = _reportlab(face)
    text = "".join(p.read_text(encoding="utf-8") for p in INPUTS) + ASCII + "\u00a0\u3000"
    chars = sorted(set(text))
    assert len(INPUTS) >= 3 and len(chars) > 500
    assert [(ch, advance(face, ch)) for ch in chars] == [(ch, rl.stringWidth(ch, 1.0)) for ch in chars]
    assert [ch for ch in chars if has(face, ch)] == [ch for ch in chars if ord(ch) in rl.face.charToGlyph]
    # Not all the same number: Latin letters are narrower than the em-wide Chinese characters.
    assert advance(face, "i") < advance(face, "W") and advance(face, "国") == pytest.approx(1.0, abs=0.05)


def test_a_face_with_other_units_per_em_and_a_missing_character():
    from reportgen.fonts import Face

    path = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")  # 2048 units per em
    face = Face("song", "Liberation Serif", path, 0, "宋体")
    assert face_metrics(face.path, face.index)._scale != 1.0
    rl = _reportlab(face)
    assert [advance(face, ch) for ch in "Wi1"] == [rl.stringWidth(ch, 1.0) for ch in "Wi1"]
    missing = "\U0002A6A5"  # 𪚥, outside the face's coverage
    assert missing_chars(face, missing) == [missing] and not has(face, missing)
    assert advance(face, missing) == rl.stringWidth(missing, 1.0) == rl.face.defaultWidth / 1000


def test_advances_come_from_the_disk_cache(monkeypatch):
    """A second process reads the table from the cache, not the font file."""
    from reportgen.fonts import metrics

    face = FACES["song"]
    metrics.face_metrics.cache_clear()
    try:
        monkeypatch.setattr(metrics, "_read_advances", lambda path, index: pytest.fail(f"{path} read again"))
        assert advance(face, "国") == _reportlab(face).stringWidth("国", 1.0)
    finally:
        metrics.face_metrics.cache_clear()


def _font_bytes() -> bytes:
    return FACES["kai"].path.read_bytes()


def _with_hhea_version(raw: bytes, version: bytes) -> bytes:
    from reportgen.fonts.sfnt import tables

    at = tables(raw, 0)[b"hhea"]
    return raw[:at] + version + raw[at + len(version):]


def test_a_truncated_font_file_is_rg603_and_exit_1_not_an_internal_error(tmp_path):
    """The command as installed (writer processes and all): a half-copied .ttf is the user's to fix."""
    trunc = tmp_path / "trunc.ttf"
    trunc.write_bytes(_font_bytes()[:65536])  # the table directory is intact, the tables run past the end
    done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(tmp_path / "out"),
                           "--font", f"fangsong={trunc}"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"{EXAMPLE}: RG603 指定的仿宋字体文件 {trunc} 已损坏或不完整（可能没有下载或复制完），请重新获取该字体文件"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("missing.ttf", None, "RG602", "不存在"),
    ("notes.ttf", "这不是字体\n".encode(), "RG603", "不是 TrueType/OpenType 字体"),
    ("cff.otf", b"OTTO" + bytes(200), "RG603", "CFF"),
    ("short.ttf", b"\0\1\0\0\0\x10", "RG603", "已损坏或不完整"),
    ("hhea.ttf", "hhea", "RG603", "已损坏或不完整"),  # a header ReportLab would refuse mid-build
], ids=["missing", "text", "cff", "short", "bad-header"])
def test_unusable_font_files_given_by_the_user(tmp_path, capsys, name, content, code, words):
    path = tmp_path / name
    if content == "hhea":
        content = _with_hhea_version(_font_bytes(), b"\xff\xff")
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "pdf",
                           "--font", f"fangsong={path}")
    assert (status, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith(f"{EXAMPLE}: {code} 指定的仿宋字体") and str(path) in line and words in line, line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("platform", "words"), [
    ("linux", "reportgen fonts --prepare"), ("win32", "方正小标宋简体随 WPS 或 Office 安装"), ("darwin", "字体册")])
def test_a_kind_without_any_face_is_rg601_naming_the_faces_and_how_to_get_them(monkeypatch, capsys, tmp_path,
                                                                               platform, words):
    from reportgen.fonts import FontNotFound, discovery, resolve

    monkeypatch.setattr(discovery, "system_faces", lambda: ())
    monkeypatch.setattr(discovery, "prepared_file", lambda family: None)
    monkeypatch.setattr(discovery.sys, "platform", platform)
    with pytest.raises(FontNotFound) as caught:
        resolve("kai")
    message = str(caught.value)
    assert message.startswith("RG601 找不到可用的楷体字体")
    assert all(family in message for family in ("KaiTi", "楷体_GB2312", "Kaiti SC", "FandolKai", "LXGW WenKai"))
    assert "--font kai=" in message and words in message and "-f docx" in message
    # The PDF cannot be made; the DOCX, which names its faces and embeds none, can.
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "pdf"), "-f", "pdf")
    assert status == 1 and "RG601" in err and not (tmp_path / "pdf").exists()
    status, _out, err = run(capsys, "build", str(EXAMPLE), "-o", str(tmp_path / "docx"), "-f", "docx")
    assert (status, err) == (0, ""), err
    assert [p.name for p in (tmp_path / "docx").iterdir()] == [EXAMPLE.stem + ".docx"]


def test_sound_faces_pass_and_the_damaged_ones_do_not(tmp_path):
    from reportgen.fonts.sfnt import CFF, DAMAGED, problem

    for face in FACES.values():
        assert problem(face.path, face.index) is None, face
    raw = _font_bytes()
    cases = {"half": (raw[: len(raw) // 2], DAMAGED), "hhea": (_with_hhea_version(raw, b"\0\2"), DAMAGED),
             "otto": (b"OTTO" + raw[4:], CFF), "sound": (raw, None)}
    for name, (content, expected) in cases.items():
        (tmp_path / name).write_bytes(content)
        assert problem(tmp_path / name) == expected, name


def test_a_font_file_cut_anywhere_is_rg603_never_an_internal_error(tmp_path):
    """A half-copied face, cut at any point from inside its table directory to its last byte."""
    raw = FACES["fangsong"].path.read_bytes()
    cuts = sorted({*range(12, 400, 37), *(len(raw) * k // 20 for k in range(1, 20))})
    for cut in cuts:
        font = tmp_path / f"cut-{cut}.ttf"
        font.write_bytes(raw[:cut])
        done = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-f", "pdf",
                               "-o", str(tmp_path / "out"), "--font", f"fangsong={font}"],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and "RG603" in done.stderr, (cut, done.returncode, done.stderr)
        assert not (tmp_path / "out").exists()
