"""GB/T 9704's faces in both files on this machine: the PDF sets body, title and headings in the faces the
standard asks for (or the tolerated stand-in), and LibreOffice, reading the DOCX through the aliases
`reportgen fonts --install-aliases` writes, uses the very same families."""

from __future__ import annotations

import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from reportgen import pipeline
from reportgen.cjk.punct import is_cjk
from reportgen.fonts import KINDS, resolve, resolve_all
from reportgen.styles import load_style

from .conftest import ROOT, build_into, need
from .libreoffice import to_pdf
from .lintkit import run

INPUTS = sorted((ROOT / "inputs").glob("*.yaml"))
STYLE = load_style("official")


def postscript(kind: str) -> str:
    face = resolve(kind)
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)


def pdf_fonts(pdf: Path) -> set[str]:
    """The embedded fonts' names as pdffonts lists them, without the subset prefix."""
    lines = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in lines.splitlines()[2:] if line.strip()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, dict[str, Path]]:
    return {source.stem: build_into(source, tmp_path_factory.mktemp(source.stem)) for source in INPUTS}


def test_this_machine_has_the_standards_faces():
    """The body in a 仿宋, headings in a 黑体 and a 楷体, the title in 小标宋 or the heavy Song that stands in."""
    faces = resolve_all(KINDS)
    assert all(face.acceptable for face in faces.values()), {k: f.describe() for k, f in faces.items()}
    assert [faces[k].standard for k in ("fangsong", "hei", "kai", "song")] == [True] * 4


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_face_puts_enumeration_comma_and_colon_where_the_mainland_does(kind):
    """、 and ： sit at the bottom left of their em (GB/T 15834 forms), not centred as in WenQuanYi Zen Hei."""
    face = resolve(kind)
    font = TTFont(str(face.path), fontNumber=face.index)
    glyphs, em = font.getGlyphSet(), font["head"].unitsPerEm
    for mark in "、：，。":
        glyph = font["glyf"][font.getBestCmap()[ord(mark)]]
        assert glyph.xMax <= 0.5 * em, f"{mark} reaches {glyph.xMax / em:.2f} em across"
        if mark != "：":
            assert glyph.yMax <= 0.35 * em, f"{mark} rises to {glyph.yMax / em:.2f} em"
    assert glyphs is not None


def _texts(source: Path) -> list[tuple[str, str]]:
    """(text, face kind) of everything an input sets, as the coverage check sees it (`layout.faces`)."""
    from reportgen.layout.faces import face_texts

    _loaded, doc, style = pipeline.prepare(source)
    return [(text, kind) for block in doc.blocks for kind, _role, text in face_texts(block, style)]


def _lines(pdf: Path) -> list[list[dict]]:
    """The PDF's text lines: characters grouped by page and baseline."""
    lines: dict[tuple[int, float], list[dict]] = defaultdict(list)
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            for char in page.chars:
                lines[(number, -round(char["matrix"][5], 1))].append(char)  # by baseline, top line first
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(lines.items())]


@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_every_glyph_of_body_title_and_headings_is_in_its_kinds_face(builds, source):
    """The title's lines (its size) are in the 小标宋 face; every other line whose text belongs to blocks of one
    face kind only (body, headings, …) is in that kind's face, glyph by glyph."""
    pdf = builds[source.stem]["pdf"]
    names = {kind: postscript(kind) for kind in KINDS}
    assert {names["fangsong"], names["xiaobiaosong"]} <= pdf_fonts(pdf)
    texts = _texts(source)
    checked: dict[str, int] = defaultdict(int)
    wrong = []
    for chars in _lines(pdf):
        text = "".join(c["text"] for c in chars)
        if max(c["size"] for c in chars) == pytest.approx(STYLE.sizes.title):
            kinds = {STYLE.faces.title}
        else:
            kinds = {kind for block, kind in texts if text in block} if len(text) >= 4 else set()
        if len(kinds) != 1:
            continue  # too short to place, or text found in blocks of several faces
        (kind,) = kinds
        checked[kind] += 1
        wrong += [f"{c['text']} in {c['fontname']}, not {names[kind]} ({text})" for c in chars
                  if is_cjk(c["text"]) and c["fontname"].split("+", 1)[-1] != names[kind]]
    assert wrong == []
    assert checked[STYLE.faces.body] >= 10 and checked[STYLE.faces.title] >= 1, dict(checked)
    if any(kind == STYLE.faces.heading1 for _, kind in texts):
        assert checked[STYLE.faces.heading1] >= 1 and names[STYLE.faces.heading1] in pdf_fonts(pdf)


@pytest.mark.slow
@pytest.mark.parametrize("source", INPUTS, ids=[p.stem for p in INPUTS])
def test_libreoffice_sets_the_docx_in_the_pdfs_families(builds, source, tmp_path):
    """Every CJK face LibreOffice embeds is one our PDF embeds, and body, title and headings are among them;
    none is a fallback such as Noto Sans CJK JP."""
    ours = pdf_fonts(builds[source.stem]["pdf"])
    theirs = pdf_fonts(to_pdf(builds[source.stem]["docx"], tmp_path))
    assert theirs <= ours, f"LibreOffice used {sorted(theirs - ours)}; our PDF has {sorted(ours)}"
    assert {postscript("fangsong"), postscript("xiaobiaosong")} <= theirs
    assert not any("Noto" in name and "Sans" in name for name in theirs)


def test_installed_aliases_make_fontconfig_answer_with_our_faces(tmp_path, capsys):
    """`reportgen fonts --install-aliases` writes the user's fontconfig file; fc-match then gives, for each name
    a Word document uses, the face the PDF embeds."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    before = dict(os.environ)
    os.environ["XDG_CONFIG_HOME"] = env["XDG_CONFIG_HOME"]
    try:
        status, out, err = run(capsys, "fonts", "--install-aliases")
    finally:
        os.environ.clear()
        os.environ.update(before)
    conf = tmp_path / "config" / "fontconfig" / "conf.d" / "60-reportgen.conf"
    assert status == 0 and err == "" and f"已安装字体别名：{conf}" in out
    faces = resolve_all(KINDS)
    fc_match = need("fc-match")
    for kind, face in faces.items():
        for name in KINDS[kind].names:
            pattern = name.replace("-", "\\-")  # unescaped, fc-match reads "-B05S" as a size
            got = subprocess.run([fc_match, "-f", "%{family}", pattern], capture_output=True, text=True, env=env,
                                 check=True).stdout
            assert face.family in got.split(","), f"{name} → {got}, not {face.family}"


def test_fonts_lists_each_kind_its_file_and_whether_it_is_a_substitute(capsys):
    status, out, err = run(capsys, "fonts")
    assert status == 0 and err == ""
    for kind, spec in KINDS.items():
        face = resolve(kind)
        assert f"{spec.label}（{kind}）：{face.family}，{face.describe()}\n    {face.path}" in out
    assert "替代：粗宋体代替小标宋" in out


def test_a_substitute_face_is_a_warning_naming_what_would_do(monkeypatch, capsys, tmp_path):
    """仿宋 set in a 宋体 builds, with RG604 saying so and how to get a 仿宋."""
    from reportgen.fonts import discovery

    fangsong = {c.family for c in KINDS["fangsong"].candidates if c.looks == "fangsong"}
    prepared, system = discovery.prepared_file, discovery.system_faces()
    monkeypatch.setattr(discovery, "prepared_file", lambda family: None if family in fangsong else prepared(family))
    monkeypatch.setattr(discovery, "system_faces", lambda: tuple(f for f in system if f[0] not in fangsong))
    status, _out, err = run(capsys, "build", str(INPUTS[0]), "-o", str(tmp_path), "-f", "pdf")
    assert status == 0
    (warning,) = [line for line in err.splitlines() if "RG604" in line]
    assert "RG604 警告 PDF 中的仿宋用 FandolSong（宋体）代替。" in warning
    assert "认得的仿宋字体：FangSong、仿宋" in warning
    assert "reportgen fonts --prepare" in warning
