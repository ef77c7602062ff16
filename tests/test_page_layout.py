"""The page layout is the whole truth about a fixed page: the PDF draws exactly it, and a second writer
that knows nothing of ReportLab can draw the same pages from it alone."""

from __future__ import annotations

import dataclasses
from array import array
from pathlib import Path

import pdfplumber
import pytest

from reportgen.fonts import resolve_all
from reportgen.layout.flow import arrange
from reportgen.layout.grid import lay_out
from reportgen.layout.measure import face_metrics
from reportgen.layout.page import Anchor, GlyphRun, PageLayout, Picture, Strokes
from reportgen.pipeline import prepare
from reportgen.writers import FORMATS

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))


def _layout(path: Path, kind: str | None = None) -> PageLayout:
    _loaded, doc, style = prepare(path, kind=kind)
    fonts = face_metrics(resolve_all(style.faces_used()))
    return lay_out(arrange(doc, style, fonts), style, fonts)


Glyph = tuple[float, float, str]  # baseline, x, character


def _glyphs(layout: PageLayout, fonts) -> list[list[Glyph]]:
    """Per page, every glyph the layout sets (what a second fixed-page writer draws: it needs only the
    layout and the faces' advances), in reading order."""
    pages = []
    for page in layout.pages:
        found: list[Glyph] = []
        for item in page.items:
            if isinstance(item, GlyphRun):
                found += [(item.y, x, ch) for ch, x in zip(item.text, item.xs, strict=True)]
            else:
                assert isinstance(item, Strokes | Picture | Anchor)
        pages.append(_ordered(found))
    return pages


def _ordered(glyphs: list[Glyph]) -> list[Glyph]:
    return sorted(glyphs, key=lambda g: (-round(g[0]), g[1]))


def _same(drawn: list[Glyph], expected: list[Glyph]) -> None:
    """Glyph for glyph, within the PDF's number precision (3 decimals, character spacing accumulated)."""
    assert [g[2] for g in drawn] == [g[2] for g in expected]
    for (y, x, ch), (ey, ex, _) in zip(drawn, expected, strict=True):
        assert abs(y - ey) < 0.05 and abs(x - ex) < 0.05, (ch, x, y, ex, ey)


@pytest.mark.parametrize(("example", "kind"), [(p, None) for p in EXAMPLES] + [(EXAMPLES[-1], "minutes")],
                         ids=[p.stem for p in EXAMPLES] + ["minutes-kind"])
def test_the_pdf_draws_exactly_the_page_layout(tmp_path, example, kind):
    layout = _layout(example, kind)
    _loaded, _doc, style = prepare(example, kind=kind)
    faces = resolve_all(style.faces_used())
    target = tmp_path / "x.pdf"
    FORMATS["pdf"].page_writer()(layout, faces, target)
    expected = _glyphs(layout, face_metrics(faces))
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) == len(layout.pages)
        for k, page in enumerate(pdf.pages):
            _same(_ordered([(c["matrix"][5], c["matrix"][4], c["text"]) for c in page.chars]), expected[k])
            pictures = [i for i in layout.pages[k].items if isinstance(i, Picture)]
            assert [(round(i["x0"], 1), round(i["width"], 1)) for i in page.images] == \
                   [(round(p.x, 1), round(p.width, 1)) for p in pictures]


def test_the_layout_holds_no_writer_objects():
    """Plain data: text, numbers, paths, face names and a photo's bytes — nothing a PDF library made."""
    layout = _layout(EXAMPLES[0])
    allowed = (str, float, int, bool, tuple, bytes, Path, array, type(None))
    for page in layout.pages:
        for item in page.items:
            for value in (getattr(item, f.name) for f in dataclasses.fields(item)):
                assert isinstance(value, allowed), (type(item).__name__, type(value))
