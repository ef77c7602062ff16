"""The screen writer draws the PDF's page layout: every glyph of every page at the PDF's place, from the same
font file; text is data (escaped), and a page that did not change keeps its digest."""

from __future__ import annotations

import re
from array import array
from dataclasses import replace
from xml.etree import ElementTree

import pdfplumber
import pytest

from reportgen.layout.document import lay_out_document
from reportgen.layout.page import GlyphRun
from reportgen.pipeline import _faces, prepare, role_texts
from reportgen.writers import FORMATS, svg_writer

from .conftest import ROOT

USE = re.compile(r'<use href="#(g[0-9a-f]+)" transform="matrix\(([-\d.]+) 0 0 ([-\d.]+) ([-\d.]+) ([-\d.]+)\)"/>')


def _laid(name: str):
    _loaded, doc, style = prepare(ROOT / "inputs" / name)
    faces = _faces(style, {}, True, role_texts(doc, style))
    return lay_out_document(doc, style, faces, paged=True), style, faces


@pytest.mark.parametrize("name", ["2023-union-annual-meeting-photos.yaml", "2023-union-annual-meeting-minutes.yaml"])
def test_every_glyph_where_the_pdf_draws_it(tmp_path, name):
    laid, style, faces = _laid(name)
    pages, glyphs = svg_writer.render_pages(laid.pages, faces)
    target = tmp_path / "out.pdf"
    target.write_bytes(FORMATS["pdf"].render(laid, style, faces))
    height = laid.pages.height
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) == len(pages)
        for page, svg in zip(pdf.pages, pages, strict=True):
            ElementTree.fromstring(svg_writer.standalone(svg, faces, glyphs))  # well-formed
            drawn = sorted((-(height - float(m[5])), float(m[4]), glyphs[m[1]][1],
                            float(m[2]) * svg_writer._glyph(faces[glyphs[m[1]][0]], glyphs[m[1]][1])[1])
                           for m in USE.finditer(svg.svg))
            printed = sorted((-c["matrix"][5], c["matrix"][4], c["text"], c["size"])
                             for c in page.chars if not c["text"].isspace() or c["text"] == "\u3000")
            assert drawn and len(drawn) == len(printed)
            for (line, x, ch, size), (pline, px, pch, psize) in zip(drawn, printed, strict=True):
                assert ch == pch and abs(line - pline) < 0.02 and abs(x - px) < 0.02, (line, pline, ch, pch, x, px)
                assert abs(size - psize) < 0.01, (ch, size, psize)  # drawn at the printed size, not near it


def test_outlines_come_from_the_faces_file():
    laid, _style, faces = _laid("2023-union-annual-meeting.yaml")
    _pages, glyphs = svg_writer.render_pages(laid.pages, faces)
    defs = svg_writer.glyph_symbols(faces, glyphs)
    assert defs.count("<path id=") == len(glyphs)
    han = next(gid for gid, (_kind, ch) in glyphs.items() if ch == "会")
    d = re.search(rf'<path id="{han}" d="([^"]*)"', defs)[1]
    assert d.startswith("M") and d.count("Z") >= 3  # 会 has several closed contours


def test_text_is_escaped_and_an_unchanged_page_keeps_its_digest():
    laid, _style, faces = _laid("2023-union-annual-meeting.yaml")
    pages, _glyphs = svg_writer.render_pages(laid.pages, faces)
    first = laid.pages.pages[0]
    run = next(i for i in first.items if isinstance(i, GlyphRun) and len(i.text) > 8)
    hostile = replace(run, text="<script>&x" + run.text[10:], xs=array("d", [run.xs[0]] * 10) + run.xs[10:])
    edited = replace(laid.pages, pages=(replace(first, items=tuple(hostile if i is run else i for i in first.items)),
                                        *laid.pages.pages[1:]))
    again, _glyphs = svg_writer.render_pages(edited, faces)
    assert "<script>" not in again[0].svg and "&lt;script&gt;&amp;x" in again[0].svg
    assert again[0].digest != pages[0].digest
    assert [p.digest for p in again[1:]] == [p.digest for p in pages[1:]]
