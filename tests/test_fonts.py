"""The fonts package read back against the libraries it stands in for: ReportLab's widths, fontTools' tables."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from reportgen.fonts import advance, has, missing_chars, resolve_all
from reportgen.fonts.metrics import face_metrics
from reportgen.styles import load_style
from reportgen.writers.pdf_fonts import CachedTTFont

from .conftest import ROOT

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


def test_a_face_with_1024_units_per_em_and_a_missing_character():
    hei = FACES["hei"]  # WenQuanYi Zen Hei: 1024 units per em, so every advance is scaled
    assert face_metrics(hei.path, hei.index)._scale != 1.0
    rl = _reportlab(hei)
    missing = "\U0002A6A5"  # 𪚥, outside the faces' coverage
    assert missing_chars(hei, missing) == [missing] and not has(hei, missing)
    assert advance(hei, missing) == rl.stringWidth(missing, 1.0) == rl.face.defaultWidth / 1000


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
