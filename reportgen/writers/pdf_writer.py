"""PDF writer: the IR as a print-ready PDF with embedded, subset CJK TrueType faces.

This first version leans on ReportLab's CJK wrapping; the typesetting issue
replaces it with our own paragraph layout (see reportgen.cjk).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer

from ..fonts import Face
from ..ir import Document, Heading, Paragraph, Title
from ..styles import Style


def _register(face: Face) -> str:
    if face.key not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(face.key, str(face.path), subfontIndex=face.index))
    return face.key


class _Doc(SimpleDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: N802 - ReportLab's hook name
        level = getattr(flowable, "_rg_outline", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable._rg_text, key, level=level, closed=False)


def write(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
    rl_config.invariant = 1
    names = {kind: _register(face) for kind, face in faces.items()}
    size, pitch = style.sizes.body, style.grid.line_pitch
    body = ParagraphStyle("body", fontName=names[style.faces.body], fontSize=size, leading=pitch,
                          firstLineIndent=size * style.body.first_line_indent_chars,
                          alignment=TA_JUSTIFY, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontName=names[style.faces.title], fontSize=style.sizes.title,
                           leading=pitch * 1.5, alignment=TA_CENTER, firstLineIndent=0)
    headings = {level: ParagraphStyle(f"h{level}", parent=body, firstLineIndent=0,
                                      fontName=names[style.faces.heading(level)], fontSize=style.sizes.heading)
                for level in range(1, 5)}
    page = style.page
    frame_pad = 6  # SimpleDocTemplate's frame padding, taken back so the text block is exact
    template = _Doc(
        str(target), pagesize=(page.width * mm, page.height * mm),
        leftMargin=page.margin_left * mm - frame_pad, rightMargin=page.margin_right * mm - frame_pad,
        topMargin=page.margin_top * mm - frame_pad, bottomMargin=page.margin_bottom * mm - frame_pad,
        title=doc.meta.title, author=doc.meta.author, subject=doc.meta.subject,
        keywords=list(doc.meta.keywords), creator="reportgen", lang=doc.meta.lang,
        initialFontName=names[style.faces.body], initialFontSize=size,
    )
    story = []
    for block in doc.blocks:
        if isinstance(block, Title):
            story += [RLParagraph(escape(block.text), title), Spacer(0, pitch * style.title.lines_after)]
        elif isinstance(block, Heading):
            flowable = RLParagraph(escape(block.full_text), headings[min(block.level, 4)])
            flowable._rg_outline, flowable._rg_text = block.level - 1, block.full_text
            story.append(flowable)
        elif isinstance(block, Paragraph):
            story.append(RLParagraph(escape(block.text), body))

    number_font = names[style.faces.page_number]

    def page_number(canvas, _doc) -> None:
        n = canvas.getPageNumber()
        text = style.page_number.format.format(n=n)
        y = (page.margin_bottom - style.page_number.below_text_block) * mm - style.sizes.page_number * 0.8
        inset = style.sizes.body * style.page_number.outside_indent_chars
        canvas.setFont(number_font, style.sizes.page_number)
        if n % 2:
            canvas.drawRightString((page.width - page.margin_right) * mm - inset, y, text)
        else:
            canvas.drawString(page.margin_left * mm + inset, y, text)

    stamp = dt.datetime.combine(doc.meta.date, dt.time(9, 0))
    template.build(story, onFirstPage=page_number, onLaterPages=page_number)
    del stamp
