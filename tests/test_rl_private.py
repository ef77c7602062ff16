"""The ReportLab members the PDF writer reaches into (`reportgen.writers.rl_private`, `pdf_fonts`) exist on the
installed ReportLab, and that ReportLab is one the writer was checked with: an upgrade stops here until the PDF
tests have passed with it and its version is added to `CHECKED_WITH`."""

from __future__ import annotations

import io
import re
import zlib

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from reportgen.writers import rl_private
from reportgen.writers.pdf_fonts import FLATE


def test_the_installed_reportlab_is_one_the_writer_was_checked_with():
    assert reportlab.Version in rl_private.CHECKED_WITH, (
        f"ReportLab {reportlab.Version} is not among {rl_private.CHECKED_WITH}: run the PDF tests "
        "(test_pdf_layout, test_page_layout, test_pdfa, test_rl_private) with it, then add it")


def test_every_private_member_used_exists():
    canvas = Canvas(io.BytesIO())
    doc = canvas._doc
    missing = [f"Canvas.{m}" for m in rl_private.CANVAS_MEMBERS if not hasattr(canvas, m)]
    missing += [f"PDFDocument.{m}" for m in rl_private.DOCUMENT_MEMBERS if not hasattr(doc, m)]
    missing += [f"PDFCatalog.{m}" for m in rl_private.CATALOG_MEMBERS if not hasattr(doc.Catalog, m)]
    missing += [f"TTFont.{m}" for m in rl_private.FONT_MEMBERS if not hasattr(TTFont, m)]
    missing += [f"TTFontFace.{m}" for m in rl_private.FACE_MEMBERS if not hasattr(TTFontFace, m)]
    assert isinstance(doc.Pages.pages, list)
    assert hasattr(pdfdoc.PDFImageXObject("x"), "loadImageFromJPEG")
    assert missing == []


def test_an_archival_canvas_has_metadata_an_intent_and_no_transitions():
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1)
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    saved, rl_config.useA85 = rl_config.useA85, 0  # as the writer sets it (binary streams)
    try:
        rl_private.make_archival(canvas, b"<x/>", b"\0" * 128, "sRGB", FLATE)
        canvas.save()
    finally:
        rl_config.useA85 = saved
    data = out.getvalue()
    assert b"/Trans" not in data and b"/OutputIntents" in data and b"/Type /Metadata" in data
    deflated = [zlib.decompress(s) for s in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S)
                if s.startswith(b"x\x9c")]
    assert any(b"(x) Tj" in s for s in deflated)  # the page's operators, deflated
    assert pdfdoc.PDFCatalog.__NoDefault__.count("OutputIntents") == 0  # the class is left as it was
