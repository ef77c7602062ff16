"""DOCX writer: the IR as an editable Word document with named Chinese styles.

python-docx only writes Latin font names; Chinese text uses `w:eastAsia`,
which we set on every style and on the document defaults, after removing the
default template's theme-font ties (see shared/reference/typesetting.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..fonts import Face
from ..ir import Document, Heading, Paragraph, Title
from ..styles import Style

LATIN_FONT = "Times New Roman"
STYLE_NAMES = {"title": "Title", "body": "Normal", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}


def _set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Write all four rFonts slots and drop theme-font ties, which would override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _style(document, name: str, face: Face, size: float, *, bold: bool = False):
    style = document.styles[name] if name in [s.name for s in document.styles] else \
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), face.docx_name)
    return style


def write(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(style.page.width), Mm(style.page.height)
    section.top_margin, section.bottom_margin = Mm(style.page.margin_top), Mm(style.page.margin_bottom)
    section.left_margin, section.right_margin = Mm(style.page.margin_left), Mm(style.page.margin_right)

    pitch = Pt(style.grid.line_pitch)
    body = _style(document, "Normal", faces[style.faces.body], style.sizes.body)
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.paragraph_format.line_spacing = pitch
    body.paragraph_format.space_before = body.paragraph_format.space_after = Pt(0)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Pt(style.sizes.body * style.body.first_line_indent_chars)

    title = _style(document, "Title", faces[style.faces.title], style.sizes.title)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    for level in range(1, 5):
        _style(document, STYLE_NAMES[level], faces[style.faces.heading(level)], style.sizes.heading)

    for block in doc.blocks:
        if isinstance(block, Title):
            document.add_paragraph(block.text, style="Title")
        elif isinstance(block, Heading):
            document.add_paragraph(block.full_text, style=STYLE_NAMES[min(block.level, 4)])
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text, style="Normal")

    _page_number_footer(section.footer.paragraphs[0], style)
    props = document.core_properties
    props.title, props.author, props.subject = doc.meta.title, doc.meta.author, doc.meta.subject
    props.language = doc.meta.lang
    stamp = dt.datetime.combine(doc.meta.date, dt.time(9, 0))
    props.created = props.modified = stamp
    props.last_modified_by = doc.meta.author
    props.revision = 1
    document.save(str(target))


def _page_number_footer(paragraph, style: Style) -> None:
    before, after = style.page_number.format.split("{n}")
    paragraph.add_run(before)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    paragraph.add_run(after)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
