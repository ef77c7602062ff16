"""A Traditional-Chinese build is set in faces made for Traditional text, in both files (issue 21): Taiwan's glyph
forms (TC) for zh-Hant and zh-Hant-TW, Hong Kong's (HK) for zh-Hant-HK. Our PDF embeds them; the DOCX names the
same faces and LibreOffice, through the fontconfig aliases, sets every character in one of them: no Simplified
face (Fandol, Noto SC) drawing 幹 準 餘 in Simplified shapes, no fallback face for a character it lacks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from reportgen.cjk.punct import is_cjk

from .conftest import EXAMPLE
from .libreoffice import to_pdf

pytestmark = pytest.mark.slow

REGION = {"zh-Hant": "tc", "zh-Hant-TW": "tc", "zh-Hant-HK": "hk"}


def _build(lang: str, folder: Path) -> dict[str, Path]:
    from reportgen import build

    return {p.suffix[1:]: p for p in build(EXAMPLE, folder, lang=lang).outputs}


def _cjk_fonts(pdf: Path) -> dict[str, int]:
    """PostScript name (subset tag dropped) → how many CJK characters it sets, over every page."""
    found: dict[str, int] = {}
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for ch in page.chars:
                if is_cjk(ch["text"]) or not ch["text"].isascii():
                    name = ch["fontname"].split("+", 1)[-1]
                    found[name] = found.get(name, 0) + 1
    return found


def _face(name: str) -> str:
    """A face's design, whatever file sets it: NotoSerifCJKtcTT-Regular (ours, TrueType) and
    NotoSerifCJKtc-Regular (the system's CFF original) are one face."""
    return name.replace("TT-", "-")


@pytest.fixture(scope="module", params=sorted(REGION))
def traditional(request, tmp_path_factory) -> tuple[str, dict[str, Path], Path]:
    lang = request.param
    files = _build(lang, tmp_path_factory.mktemp(lang))
    return lang, files, to_pdf(files["docx"], files["docx"].parent / "libreoffice")


def test_our_pdf_sets_every_cjk_character_in_the_regions_faces(traditional):
    lang, files, _rendered = traditional
    fonts = _cjk_fonts(files["pdf"])
    region = REGION[lang]
    assert fonts, "no CJK text read back"
    assert all(re.fullmatch(rf"Noto(Serif|Sans)CJK{region}TT-(Regular|Bold)", name) for name in fonts), fonts
    assert any("Bold" in name for name in fonts)  # the title: the heavy Song
    assert any("Sans" in name for name in fonts)  # the 黑体 headings


def test_docx_names_the_same_faces(traditional):
    lang, files, _rendered = traditional
    region = REGION[lang].upper()
    with zipfile.ZipFile(files["docx"]) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        table = package.read("word/fontTable.xml").decode("utf-8")
    named = set(re.findall(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"', styles))
    assert named <= {f"Noto Serif {region}", f"Noto Serif {region} Bold", f"Noto Sans {region}"}, named
    assert not re.search("仿宋|黑体|楷体|宋体|Fandol", styles + table)
    assert '<w:charset w:val="88"/>' in table  # Big5: Word looks for a Traditional face when these are missing


def test_libreoffice_sets_the_docx_in_the_same_faces_with_no_fallback(traditional):
    _lang, files, rendered = traditional
    ours = {_face(name) for name in _cjk_fonts(files["pdf"])}
    theirs = {_face(name) for name in _cjk_fonts(rendered)}
    assert theirs == ours, f"LibreOffice: {sorted(theirs)}; our PDF: {sorted(ours)}"


def test_simplified_build_keeps_its_faces(example_build):
    fonts = _cjk_fonts(example_build["pdf"])
    assert not any("tc" in name.lower() or "hk" in name.lower() for name in fonts)


def test_prepared_traditional_faces_are_truetype_with_traditional_glyphs():
    """Every prepared TC and HK face is TrueType (ReportLab embeds it) and draws 幹 準 餘 with glyphs of their
    own, not the glyphs of 干 准 余."""
    from fontTools.ttLib import TTFont

    from reportgen.fonts import PREPARED, prepared_dir

    for region in ("TC", "HK"):
        for design, weight in (("Serif", "Regular"), ("Serif", "Bold"), ("Sans", "Regular")):
            spec = PREPARED[f"Noto {design} CJK {region} TT {weight}"]
            path = prepared_dir() / spec.file
            assert path.is_file(), "run `make test` (it runs `reportgen fonts --prepare --traditional` once)"
            font = TTFont(str(path), lazy=True)
            cmap = font.getBestCmap()
            assert "CFF " not in font and "glyf" in font
            for trad, simp in (("幹", "干"), ("準", "准"), ("餘", "余")):
                assert cmap[ord(trad)] != cmap[ord(simp)], (spec.family, trad)
