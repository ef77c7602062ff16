"""`reportgen fonts --prepare` (issue 20, "Fonts"): progress while it works, each package unpacked once, faces
converted side by side giving the same bytes as one by one, the Traditional faces only when asked.

Real conversions of the installed Noto CJK collection (fonts-noto-cjk, from the Makefile), kept to a few dozen
characters so they take seconds; always into a temporary XDG_DATA_HOME, never the user's prepared faces. Its
speed is measured in bench/prepare.py, not here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportgen.fonts import convert
from reportgen.fonts.prepared import Prepared

NOTO = "usr/share/fonts/opentype/noto/"
_FEW = ((0x20, 0x7E), (0x3001, 0x3002), (0x4E00, 0x4E2F))  # ASCII, 、。 and the first 48 of the URO


def _spec(design: str, traditional: bool) -> Prepared:
    return Prepared(f"Test {design}", f"Test{design}-Regular", "fonts-noto-cjk", f"{NOTO}Noto{design}CJK-Regular.ttc",
                    f"Noto {design} CJK SC", f"Test{design}-Regular-v0.ttf", _FEW, traditional=traditional)


SPECS = {s.family: s for s in (_spec("Serif", False), _spec("Sans", True))}


@pytest.fixture
def specs(monkeypatch, tmp_path):
    monkeypatch.setattr(convert, "PREPARED", SPECS)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "fonts" / "reportgen"


def test_progress_parallel_equals_serial_and_traditional_only_when_asked(specs, monkeypatch, tmp_path):
    """A fresh prepare logs what it makes as it goes (n/N) and makes the default faces only, advising
    `--traditional`; `--traditional` makes the rest; a third run makes nothing. Two processes give the bytes
    one process gives, and the files are the same on every run (the source's dates, not today's)."""
    from fontTools.ttLib import TTFont

    lines: list[str] = []
    made = convert.prepare(lines.append, jobs=2)
    assert made == [specs / "TestSerif-Regular-v0.ttf"]
    assert lines[0] == "要生成 1 个字体（转换为 TrueType，只需一次；2 个进程同时转换）"
    assert "已取得 NotoSerifCJK-Regular.ttc，排队转换为 Test Serif" in lines
    assert any(line.startswith(f"已生成 {made[0]}（1/1，") for line in lines)
    assert lines[-1].endswith("需要时运行 reportgen fonts --prepare --traditional")
    assert not (specs / "TestSans-Regular-v0.ttf").exists()

    lines.clear()
    assert convert.prepare(lines.append, traditional=True, jobs=2) == [specs / "TestSans-Regular-v0.ttf"]
    assert f"已准备：{specs / 'TestSerif-Regular-v0.ttf'}" in lines
    lines.clear()
    assert convert.prepare(lines.append, traditional=True) == []
    assert sorted(lines) == sorted(f"已准备：{specs / s.file}" for s in SPECS.values())
    assert sorted(p.name for p in specs.iterdir()) == sorted(s.file for s in SPECS.values())  # no temp files

    parallel = {s.file: (specs / s.file).read_bytes() for s in SPECS.values()}
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "serial"))
    convert.prepare(lambda _line: None, traditional=True, jobs=1)
    serial = {s.file: (tmp_path / "serial" / "fonts" / "reportgen" / s.file).read_bytes() for s in SPECS.values()}
    assert serial == parallel
    font = TTFont(str(specs / "TestSerif-Regular-v0.ttf"))
    source = TTFont(f"/{NOTO}NotoSerifCJK-Regular.ttc", fontNumber=convert._face_index(Path(f"/{NOTO}NotoSerifCJK-"
                                                                                              "Regular.ttc"),
                                                                                         "Noto Serif CJK SC"))
    assert font["head"].modified == source["head"].modified
    assert "CFF " not in font and {ord(c) for c in "一丁、。A"} <= set(font.getBestCmap())


def test_harfbuzz_draws_the_points_fonttools_draws(specs):
    """The outlines HarfBuzz reads from the CFF face make the very TrueType glyphs fontTools' own CFF interpreter
    made (so the faces prepared before keep their bytes and version)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    convert.prepare(lambda _line: None, jobs=1)
    made = TTFont(str(specs / "TestSerif-Regular-v0.ttf"))
    path = Path(f"/{NOTO}NotoSerifCJK-Regular.ttc")
    source = TTFont(str(path), fontNumber=convert._face_index(path, "Noto Serif CJK SC"))
    glyphs = source.getGlyphSet()
    glyf = made["glyf"]
    names = made.getGlyphOrder()
    assert len(names) > 100
    for name in names:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        assert pen.glyph().compile(glyf) == glyf[name].compile(glyf), name


def test_a_package_is_unpacked_once_for_all_its_members(monkeypatch, tmp_path):
    """Four faces from one package: one `dpkg-deb --fsys-tarfile` pass (the package is unpacked whole each pass),
    each member's bytes taken out; a member the package lacks is None."""
    root = tmp_path / "pkg"
    members = [f"usr/share/test-fonts/face{k}.otf" for k in range(4)]
    for k, member in enumerate(members):
        (root / member).parent.mkdir(parents=True, exist_ok=True)
        (root / member).write_bytes(bytes([k]) * (1000 + k))
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text("Package: reportgen-test-fonts\nVersion: 1\nArchitecture: all\n"
                                             "Maintainer: t <t@example.org>\nDescription: test\n", encoding="utf-8")
    deb = tmp_path / "reportgen-test-fonts_1_all.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", str(root), str(deb)], check=True,
                   capture_output=True)
    passes = []
    popen = subprocess.Popen

    def counting(args, *rest, **options):
        if args[0] == "dpkg-deb":
            passes.append(args)
        return popen(args, *rest, **options)

    monkeypatch.setattr(convert.subprocess, "Popen", counting)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    sources = convert._Sources(scratch, lambda _line: None)
    sources.packages["reportgen-test-fonts"] = deb
    specs = [Prepared(f"F{k}", f"F{k}", "reportgen-test-fonts", member, f"F{k}", f"F{k}.ttf", None)
             for k, member in enumerate([*members, "usr/share/test-fonts/absent.otf"])]
    found = dict(sources.each(specs))
    assert len(passes) == 1 and passes[0][:2] == ["dpkg-deb", "--fsys-tarfile"]
    for k, spec in enumerate(specs[:4]):
        path = found[spec]
        assert path is not None and path.read_bytes() == bytes([k]) * (1000 + k)
    assert found[specs[4]] is None


def test_a_traditional_build_without_its_faces_says_how_to_make_them(monkeypatch):
    """RG601 for a Traditional build whose TC faces were not prepared names `--prepare --traditional`."""
    from reportgen.fonts import FontNotFound, discovery

    monkeypatch.setattr(discovery, "prepared_file", lambda family: None)
    monkeypatch.setattr(discovery, "_by_family", lambda candidate: None)
    with pytest.raises(FontNotFound) as caught:
        discovery.resolve("song", lang="zh-Hant")
    assert "reportgen fonts --prepare --traditional" in str(caught.value)


def test_a_failed_conversion_leaves_no_half_made_face(specs, monkeypatch):
    """A face that cannot be converted stops the command with its error; no temporary or partial file stays in
    the font folder (and fontconfig never sees one)."""
    broken = Prepared("Test Broken", "TestBroken", "fonts-noto-cjk", f"{NOTO}NotoSerifCJK-Regular.ttc",
                      "No Such Family", "TestBroken-v0.ttf", _FEW)
    monkeypatch.setattr(convert, "PREPARED", {broken.family: broken})
    with pytest.raises(ValueError, match="No Such Family"):
        convert.prepare(lambda _line: None, jobs=2)
    assert not specs.exists() or list(specs.iterdir()) == []
