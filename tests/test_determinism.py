"""Same input, same bytes: in one process, across processes, cold or warm font cache, SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reportgen import build

from .conftest import EXAMPLE, ROOT

EPOCH = 1_700_000_000  # 2023-11-15 06:13:20 +08:00


def _cli_build(out: Path, cache: Path, **env: str) -> dict[str, bytes]:
    """`python -m reportgen build EXAMPLE` in a fresh process with its own font cache folder."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(XDG_CACHE_HOME=str(cache), **env)
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(out)],
                          cwd=ROOT, env=environ, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return {p.suffix[1:]: p.read_bytes() for p in sorted(out.iterdir())}


def _files(out: Path) -> dict[str, bytes]:
    return {p.suffix[1:]: p.read_bytes() for p in sorted(out.iterdir())}


def test_twice_in_one_process_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(EXAMPLE, tmp_path / "a")
    build(EXAMPLE, tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(a) == {"docx", "pdf"}
    assert a == b


def test_separate_processes_cold_and_warm_font_cache_same_bytes(tmp_path, monkeypatch):
    """The first process parses the fonts and fills an empty cache, the second reads it: same files, and the
    same as a build called from Python."""
    cache = tmp_path / "cache"
    cold = _cli_build(tmp_path / "cold", cache)
    assert any(cache.rglob("rl-face-*.pickle")), "the font cache was not filled"
    warm = _cli_build(tmp_path / "warm", cache)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(EXAMPLE, tmp_path / "here")
    assert cold == warm == _files(tmp_path / "here")


def test_meeting_day_is_the_timestamp(tmp_path):
    files = _cli_build(tmp_path / "out", tmp_path / "cache")
    assert b"/CreationDate (D:20240228090000+08'00')" in files["pdf"]
    with zipfile.ZipFile(tmp_path / "out" / f"{EXAMPLE.stem}.docx") as z:
        assert {info.date_time for info in z.infolist()} == {(2024, 2, 28, 9, 0, 0)}
        assert "<dcterms:created" in z.read("docProps/core.xml").decode()
        assert "2024-02-28T09:00:00" in z.read("docProps/core.xml").decode()


def test_source_date_epoch_wins_and_is_reproducible(tmp_path):
    first = _cli_build(tmp_path / "one", tmp_path / "cache", SOURCE_DATE_EPOCH=str(EPOCH))
    second = _cli_build(tmp_path / "two", tmp_path / "cache2", SOURCE_DATE_EPOCH=str(EPOCH))
    default = _cli_build(tmp_path / "default", tmp_path / "cache")
    assert first == second
    assert first["pdf"] != default["pdf"] and first["docx"] != default["docx"]
    assert b"/CreationDate (D:20231115061320+08'00')" in first["pdf"]
    assert b"20240228" not in first["pdf"]
    with zipfile.ZipFile(tmp_path / "one" / f"{EXAMPLE.stem}.docx") as z:
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 15, 6, 13, 20)}
        assert "2023-11-15T06:13:20" in z.read("docProps/core.xml").decode()


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"])
def test_malformed_source_date_epoch_is_refused(tmp_path, value):
    environ = {**os.environ, "SOURCE_DATE_EPOCH": value}
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "-o", str(tmp_path / "out")],
                          cwd=ROOT, env=environ, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "SOURCE_DATE_EPOCH" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_same_input_in_another_folder_gives_the_same_bytes(tmp_path):
    """Nothing of where the input lies reaches the files: a photo is named in the PDF by its content
    (ReportLab would digest its path), and the DOCX by its number."""
    import shutil

    copy = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(ROOT / "inputs", copy)
    for name in ("2023-union-annual-meeting-photos.yaml", "2023-union-annual-meeting-attachments.yaml"):
        here = build(ROOT / "inputs" / name, tmp_path / "a").outputs
        there = build(copy / name, tmp_path / "b").outputs
        for a, b in zip(here, there, strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name


def test_a_later_build_in_one_process_uses_its_own_font_file_of_the_same_name(tmp_path, official):
    """Found in review: faces were registered by file name, so a second build (a live preview, a batch)
    with another `myfont.ttf` drew the first one's glyphs."""
    import pdfplumber

    _style, faces = official
    first, second = tmp_path / "a" / "myfont.ttf", tmp_path / "b" / "myfont.ttf"
    for target, kind in ((first, "kai"), (second, "fangsong")):
        target.parent.mkdir()
        target.write_bytes(faces[kind].path.read_bytes())  # two different faces under one name

    def body_font(font: Path, out: str) -> set[str]:
        pdf = build(EXAMPLE, tmp_path / out, formats=["pdf"], fonts={"fangsong": font}).outputs[0]
        with pdfplumber.open(pdf) as document:
            return {c["fontname"].split("+")[-1] for c in document.pages[0].chars if c["size"] == 16}

    assert body_font(first, "o1") != body_font(second, "o2")


def test_a_warm_rebuild_after_edits_is_the_cold_build_of_the_final_text(tmp_path, monkeypatch):
    """A long-lived process (the editor) rebuilds after each edit from what it keeps warm (set lines, font
    subsets, validated sections): after a run of edits, including a new character the faces' subsets have not
    seen and an undo, its files are byte for byte those a fresh process makes of the final text."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = "深科技苏州工会顺应企业高质量发展形势"
    assert anchor in text
    edits = [text.replace(anchor, anchor + "龘", 1), text, text.replace(anchor, anchor[:-1] + "态", 1),
             text.replace(anchor, "顺应企业", 1).replace("name: 2023年度", "name: 2024年度", 1)]
    for k, edited in enumerate(edits):
        build(EXAMPLE, tmp_path / f"warm{k}", text=edited)
    final = tmp_path / "final.yaml"
    final.write_text(edits[-1], encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # cold: no font cache either
    proc = subprocess.run([sys.executable, "-m", "reportgen", "build", str(final), "-o", str(tmp_path / "cold")],
                          cwd=ROOT, env=environ, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    cold = _files(tmp_path / "cold")
    warm = _files(tmp_path / f"warm{len(edits) - 1}")
    assert set(warm) == {"docx", "pdf"}
    assert cold == warm
