"""DOCX writer: the IR as an editable Word document that Chinese offices accept as it is.

Everything visual sits on named styles (docx_styles); paragraphs only name
their style, and runs carry nothing but `w:hint="eastAsia"` where a character
is shared by Latin and Chinese fonts. The page is GB/T 9704's when the preset
says so: margins, a 22-line grid, 28 characters a line, page numbers `— n —`
outside on odd and even pages. Rebuilding the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from ..cjk.punct import AMBIGUOUS_WIDTH
from ..fonts import KINDS, Face
from ..ir import Document, Heading, Title
from ..styles import Style
from . import docx_package, docx_styles
from .docx_xml import el, put, twips

# Word's tag for each language the IR may carry (Traditional without a region reads as Taiwan).
WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
_AMBIGUOUS_RUNS = re.compile(f"([{re.escape(''.join(sorted(AMBIGUOUS_WIDTH)))}]+)")


def word_lang(lang: str) -> str:
    return WORD_LANG.get(lang, lang)


def meeting_stamp(doc: Document) -> dt.datetime:
    """Created/modified time and zip entry dates: the meeting day, so rebuilds are identical."""
    return dt.datetime.combine(doc.meta.date, dt.time(9, 0))


def _fonts(style: Style, faces: dict[str, Face]) -> docx_styles.Fonts:
    names = {kind: style.docx.east_asia(kind, KINDS[kind][0]) for kind in KINDS}
    return docx_styles.Fonts(east_asia=names, latin=style.docx.latin)


def _font_table(style: Style, fonts: docx_styles.Fonts, faces: dict[str, Face]) -> bytes:
    """Each name the styles use, the PDF's family (what this machine embeds) as its alternate."""
    table: dict[str, str | None] = {fonts.latin: None}
    for kind in sorted(style.faces_used()):
        name = fonts.east_asia[kind]
        table.setdefault(name, faces[kind].family if kind in faces else None)
    return docx_package.font_table(table)


def add_text(paragraph, text: str) -> None:
    """Runs of `text`; “”‘’…—· get `w:hint="eastAsia"` so Word sets them full-width from the Chinese face."""
    for piece in _AMBIGUOUS_RUNS.split(text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        if piece[0] in AMBIGUOUS_WIDTH:
            run._r.insert(0, el("rPr", el("rFonts", hint="eastAsia")))


def _block_style(block) -> str:
    if isinstance(block, Title):
        return docx_styles.TITLE
    if isinstance(block, Heading):
        return docx_styles.HEADINGS[min(max(block.level, 1), 4)]
    return docx_styles.ROLE_STYLES.get(block.role, docx_styles.BODY)


def _block_text(block) -> str:
    return block.full_text if isinstance(block, Heading) else block.text


def _add_paragraph(container, style_id: str):
    """An empty paragraph naming its style by id (python-docx looks styles up by UI name)."""
    paragraph = container.add_paragraph()
    put(paragraph._p.get_or_add_pPr(), el("pStyle", val=style_id))
    return paragraph


def _page_setup(section, style: Style) -> None:
    page = style.page
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
    section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
    section.gutter = 0
    # The footer's baseline box ends `below_text_block` mm under the text block, one 4号 line tall.
    footer_mm = page.margin_bottom - style.page_number.below_text_block - style.sizes.page_number * 25.4 / 72
    section.footer_distance = Mm(footer_mm)
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:  # the template has one, edited in place: a second would make the file invalid
        grid = el("docGrid")
        section._sectPr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(twips(style.grid.line_pitch)))


def _page_number(paragraph, style: Style) -> None:
    """`— n —`: the PAGE field between the preset's text, which LibreOffice and Word both update."""
    before, after = style.page_number.format.split("{n}")
    add_text(paragraph, before)
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            instr = el("instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "result":
            run.text = "1"
        else:
            run._r.append(el("fldChar", fldCharType=kind))
    add_text(paragraph, after)


def _footers(document, section, style: Style) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for footer, style_id in ((section.footer, docx_styles.FOOTER), (section.even_page_footer, docx_styles.FOOTER_EVEN)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        put(paragraph._p.get_or_add_pPr(), el("pStyle", val=style_id))
        _page_number(paragraph, style)


def _properties(document, doc: Document, lang: str) -> None:
    props = document.core_properties
    props.title, props.author, props.subject = doc.meta.title, doc.meta.author, doc.meta.subject
    props.keywords = "; ".join(doc.meta.keywords)
    props.language = lang
    props.comments = ""
    props.category = ""
    props.created = props.modified = meeting_stamp(doc)
    props.last_modified_by = doc.meta.author
    props.revision = 1


def render(doc: Document, style: Style, faces: dict[str, Face]) -> bytes:
    """The DOCX bytes for `doc`: a pure function of its arguments."""
    lang = word_lang(doc.meta.lang)
    fonts = _fonts(style, faces)
    document = docx.Document()
    docx_package.prune(document)
    docx_package.set_language(document, lang)
    docx_styles.replace_styles(document.styles.element, style, fonts, lang)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    section = document.sections[0]
    _page_setup(section, style)
    for block in doc.blocks:
        add_text(_add_paragraph(document, _block_style(block)), _block_text(block))
    _footers(document, section, style)
    _properties(document, doc, lang)

    raw = io.BytesIO()
    document.save(raw)
    theme = _theme(raw.getvalue())
    replace = {
        "word/fontTable.xml": _font_table(style, fonts, faces),
        "docProps/app.xml": docx_package.app_properties(doc.meta.author),
        "word/theme/theme1.xml": docx_package.theme_fonts(
            theme, latin=fonts.latin, heading=fonts.east_asia[style.faces.heading1],
            body=fonts.east_asia[style.faces.body]),
    }
    return docx_package.reproducible(raw.getvalue(), meeting_stamp(doc), replace)


def _theme(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("word/theme/theme1.xml")


def write(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
    Path(target).write_bytes(render(doc, style, faces))
