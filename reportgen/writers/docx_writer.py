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
from typing import TYPE_CHECKING, assert_never, cast

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from ..cjk.punct import AMBIGUOUS_WIDTH
from ..fonts import KINDS, Face
from ..ir import (
    LINE_BREAK,
    Appendix,
    Attendance,
    DocNumber,
    EndBlock,
    Heading,
    Image,
    Mark,
    Meta,
    Paragraph,
    Table,
    Title,
)
from ..layout.boxes import image_box
from ..layout.flow import Flow, Placed, Region
from ..reproducible import build_time
from ..styles import MM, Style
from . import docx_package, docx_styles
from .docx_xml import Element, el, put, twips

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.paragraph import CT_P
    from docx.section import Section
    from docx.text.paragraph import Paragraph as DocxParagraph

# Word's tag for each language the IR may carry (Traditional without a region reads as Taiwan).
WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
_AMBIGUOUS_RUNS = re.compile(f"([{re.escape(''.join(sorted(AMBIGUOUS_WIDTH)))}]+)")
CORE_PROPERTY_MAX = 255  # python-docx (and Word) refuse longer core properties
EMU_PER_PT = 12700
THICK_RULE, THIN_RULE = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
TABLE_RULE = 4  # 0.5 pt
END_SLACK = 8  # pt left for the end block's rules, so the spacer never pushes it onto another page


def word_lang(lang: str) -> str:
    return WORD_LANG.get(lang, lang)


def meeting_stamp(meta: Meta) -> dt.datetime:
    """Created/modified time and zip entry dates: the meeting day (or SOURCE_DATE_EPOCH), so rebuilds are identical."""
    return build_time(meta.date)


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


def add_text(paragraph: DocxParagraph, text: str, char_style: str | None = None) -> None:
    """Runs of `text`; “”‘’…—· get `w:hint="eastAsia"` so Word sets them full-width from the Chinese face.

    `char_style` names a character style for all of them (the 出席 label). A newline is a line break (w:br).
    """
    if LINE_BREAK in text:
        for k, line in enumerate(text.split(LINE_BREAK)):
            if k:
                paragraph.add_run().add_break()
            add_text(paragraph, line, char_style)
        return
    for piece in _AMBIGUOUS_RUNS.split(text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        props = [el("rStyle", val=char_style) if char_style else None,
                 el("rFonts", hint="eastAsia") if piece[0] in AMBIGUOUS_WIDTH else None]
        if any(p is not None for p in props):
            run._r.insert(0, el("rPr", *props))


def _centred(document: Document, style_id: str, placed: Placed) -> None:
    """A centred block (title, mark, number, a centred style) in one paragraph, broken where the layout broke it."""
    paragraph = _add_paragraph(document, style_id)
    for k, line in enumerate(placed.line_texts):
        if k:
            paragraph.add_run().add_break()
        add_text(paragraph, line)


def _add_paragraph(document: Document, style_id: str) -> DocxParagraph:
    """An empty paragraph naming its style by id (python-docx looks styles up by UI name)."""
    paragraph = document.add_paragraph()
    put(paragraph._p.get_or_add_pPr(), el("pStyle", val=style_id))
    return paragraph


def _append(document: Document, element: Element) -> None:
    """A body-level element (a table) at the end of the body, before the final section properties."""
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(element)
    else:
        body.append(element)


def _image(document: Document, block: Image, style: Style, placed: Placed) -> None:
    """The photo in its own centred paragraph at the width both writers compute, caption under it
    (kept with the photo as the layout decides; the caption itself keeps with nothing)."""
    width, height = image_box(block, style)
    paragraph = _add_paragraph(document, docx_styles.PICTURE)
    if placed.keep_caption:
        put(paragraph._p.get_or_add_pPr(), el("keepNext"))
    paragraph.add_run().add_picture(str(block.path), width=Emu(round(width * EMU_PER_PT)),
                                    height=Emu(round(height * EMU_PER_PT)))
    for prop in paragraph._p.iter(qn("wp:docPr")):
        prop.set("name", f"图片 {prop.get('id')}")  # not the file's name: the same bytes wherever it lies
        prop.set("descr", block.caption)
    if block.caption:
        add_text(_add_paragraph(document, docx_styles.CAPTION), block.caption)


def _borders(tag: str, sizes: dict[str, int]) -> Element:
    return el(tag, *(el(side, val="single", sz=size, space=0, color="000000") for side, size in sizes.items()))


def _cell(document: Document, text: str, width: int, style_id: str) -> Element:
    paragraph = el("p", el("pPr", el("pStyle", val=style_id)))
    cell = el("tc", el("tcPr", el("tcW", w=width, type="dxa")), paragraph)
    _runs_into(document, paragraph, text)
    return cell


def _runs_into(document: Document, paragraph_element: Element, text: str, char_style: str | None = None) -> None:
    """Runs appended to a raw `w:p` of `document` (python-docx's add_text needs its Paragraph object)."""
    from docx.text.paragraph import Paragraph as DocxParagraph

    # el("p") is python-docx's CT_P: it gives each w: tag its own element class
    add_text(DocxParagraph(cast("CT_P", paragraph_element), document), text, char_style)


def _table(document: Document, block: Table, style: Style, placed: Placed) -> None:
    """Fixed column widths over the text width; as the layout decides: the caption kept with the table, the
    header row repeated on every page (tblHeader), no row split across pages (cantSplit)."""
    if block.caption:
        caption = _add_paragraph(document, docx_styles.CAPTION)
        if placed.keep_caption:
            put(caption._p.get_or_add_pPr(), el("keepNext"))
        add_text(caption, block.caption)
    total_width = twips(style.page.text_width * MM)
    weights = sum(block.widths)
    widths = [round(total_width * w / weights) for w in block.widths]
    widths[-1] += total_width - sum(widths)
    sides = {side: TABLE_RULE for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    tbl = el("tbl",
             el("tblPr", el("tblW", w=total_width, type="dxa"), el("jc", val="center"),
                _borders("tblBorders", sides), el("tblLayout", type="fixed"),
                el("tblCellMar", el("left", w=twips(style.sizes.table * 0.4), type="dxa"),
                   el("right", w=twips(style.sizes.table * 0.4), type="dxa")),
                el("tblLook", val="0020", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)),
             el("tblGrid", *(el("gridCol", w=w) for w in widths)))
    for k, texts in enumerate((block.header, *block.rows)):
        header = k == 0
        row = el("tr", el("trPr", el("cantSplit") if placed.rows_whole else None,
                          el("tblHeader") if header and placed.repeat_header else None))
        for text, width in zip(texts, widths, strict=True):
            row.append(_cell(document, text, width, docx_styles.TABLE_HEADER if header else docx_styles.TABLE_TEXT))
        tbl.append(row)
    _append(document, tbl)


def _attendance(document: Document, block: Attendance) -> None:
    paragraph = _add_paragraph(document, docx_styles.ATTENDANCE)
    add_text(paragraph, f"{block.label}：", docx_styles.ATTENDANCE_LABEL)
    add_text(paragraph, block.text)


def _end_block(document: Document, block: EndBlock, style: Style) -> None:
    """版记 on a page of its own (a new section without page numbers), set at the bottom of the text block:
    a one-column table whose top and bottom rules are thick and the rule between its rows thin."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False  # empty: the end-block page carries no page number
        put(footer.paragraphs[0]._p.get_or_add_pPr(), el("pStyle", val=docx_styles.FOOTER))
    sect = section._sectPr
    valign = el("vAlign", val="bottom")
    grid = sect.find(qn("w:docGrid"))
    (grid.addprevious(valign) if grid is not None else sect.append(valign))
    width = twips(style.page.text_width * MM)
    inset = twips(style.sizes.end_block)
    # Word honours the section's bottom alignment; LibreOffice 7.4 does not, so a spacer paragraph of the
    # remaining height (its own style, exact line height) pushes the block down in both.
    per_line = int((style.page.text_width * MM - 5 * style.sizes.end_block) // style.sizes.end_block)
    rows = (-(-len(block.copy_to) // max(per_line, 1)) if block.copy_line else 0) + 1
    spacer = style.page.text_height * MM - rows * style.line_pitch - END_SLACK
    spacer_style = docx_styles.end_block_spacer(spacer, style, _fonts(style, {}))
    document.styles.element.append(spacer_style)
    _add_paragraph(document, docx_styles.END_BLOCK_SPACER)
    rules = {"top": THICK_RULE, "bottom": THICK_RULE, "insideH": THIN_RULE}
    tbl = el("tbl",
             el("tblPr", el("tblW", w=width, type="dxa"), el("jc", val="center"), _borders("tblBorders", rules),
                el("tblLayout", type="fixed"),
                el("tblCellMar", el("left", w=inset, type="dxa"), el("right", w=inset, type="dxa")),
                el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)),
             el("tblGrid", el("gridCol", w=width)))
    lines = []
    if block.copy_line:
        lines.append((docx_styles.END_BLOCK, block.copy_line))
    lines.append((docx_styles.END_BLOCK_ISSUE, f"{block.issuer}\t{block.issued}"))
    for style_id, text in lines:
        paragraph = el("p", el("pPr", el("pStyle", val=style_id)))
        _runs_into(document, paragraph, text)
        tbl.append(el("tr", el("trPr", el("cantSplit")), el("tc", el("tcPr", el("tcW", w=width, type="dxa")),
                                                             paragraph)))
    _append(document, tbl)
    _add_paragraph(document, docx_styles.END_BLOCK_TAIL)  # a table may not end the body: Word needs a paragraph


def _page_setup(section: Section, style: Style) -> None:
    page = style.page
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
    section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
    section.gutter = 0
    # The footer's baseline box ends `below_text_block` mm under the text block, one 4号 line tall.
    footer_mm = page.margin_bottom - style.page_number.below_text_block - style.sizes.page_number / MM
    section.footer_distance = Mm(footer_mm)
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:  # the template has one, edited in place: a second would make the file invalid
        grid = el("docGrid")
        section._sectPr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    if style.grid is not None:
        grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(twips(style.line_pitch)))


def _page_number(paragraph: DocxParagraph, style: Style) -> None:
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


def _footers(document: Document, section: Section, style: Style) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for footer, style_id in ((section.footer, docx_styles.FOOTER), (section.even_page_footer, docx_styles.FOOTER_EVEN)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        put(paragraph._p.get_or_add_pPr(), el("pStyle", val=style_id))
        _page_number(paragraph, style)


def _core(text: str) -> str:
    """A core property as python-docx and Word accept it: at most 255 characters."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[:CORE_PROPERTY_MAX - 1] + "…"


def _properties(document: Document, meta: Meta, lang: str) -> None:
    props = document.core_properties
    props.title, props.author, props.subject = _core(meta.title), _core(meta.author), _core(meta.subject)
    props.keywords = _core("; ".join(meta.keywords))
    props.language = lang
    props.comments = ""
    props.category = ""
    props.created = props.modified = meeting_stamp(meta)
    props.last_modified_by = _core(meta.author)
    props.revision = 1


def _body_block(document: Document, placed: Placed, style: Style) -> None:
    """One block of the body (or front) as the flow placed it."""
    block = placed.block
    body = document.element.body
    start = len(body) - (len(body) > 0 and body[-1].tag == qn("w:sectPr"))  # new elements go before sectPr
    for _ in range(placed.blank_before if placed.region is Region.BODY else 0):
        _add_paragraph(document, docx_styles.BODY)  # a blank line on the grid (the front's are in its styles)
    if isinstance(block, Image):
        _image(document, block, style, placed)
    elif isinstance(block, Table):
        _table(document, block, style, placed)
    elif isinstance(block, Attendance):
        _attendance(document, block)
    elif isinstance(block, Title):
        _centred(document, docx_styles.TITLE, placed)
    elif isinstance(block, Mark):
        _centred(document, docx_styles.MARK, placed)
    elif isinstance(block, DocNumber):
        _centred(document, docx_styles.DOC_NUMBER, placed)
    elif isinstance(block, Heading):
        add_text(_add_paragraph(document, docx_styles.HEADINGS[min(max(block.level, 1), 4)]), block.full_text)
    elif isinstance(block, Paragraph):
        assert placed.style is not None
        if placed.line_texts:  # centred and balanced by the layout
            _centred(document, placed.style.word_id, placed)
        else:
            add_text(_add_paragraph(document, placed.style.word_id), block.text)
    elif isinstance(block, EndBlock | Appendix):
        raise AssertionError(f"{type(block).__name__} is not placed as one block (the layout sets it apart)")
    else:
        assert_never(block)
    if placed.new_page and not (placed.style is not None and placed.style.new_page):  # not in its Word style
        _page_break_before(body, start)


def _page_break_before(body: Element, start: int) -> None:
    """The element added at `start` begins a new page: its paragraph breaks before (a table gets an empty
    paragraph that does)."""
    first = body[start] if start < len(body) else None
    if first is None or first.tag != qn("w:p"):
        paragraph = el("p", el("pPr", el("pStyle", val=docx_styles.BODY)))
        (first.addprevious(paragraph) if first is not None else body.append(paragraph))
        first = paragraph
    put(cast("CT_P", first).get_or_add_pPr(), el("pageBreakBefore"))  # a w:p is python-docx's CT_P


def render(flow: Flow, style: Style, faces: dict[str, Face]) -> bytes:
    """The DOCX bytes for `flow`: a pure function of its arguments."""
    lang = word_lang(flow.meta.lang)
    fonts = _fonts(style, faces)
    document = docx.Document()
    docx_package.prune(document)
    docx_package.set_language(document, lang)
    docx_styles.replace_styles(document.styles.element, style, fonts, lang)
    own = {p.style.name: p.style for p in flow.items if p.style is not None and p.style.own_word_style}
    for para in sorted(own.values(), key=lambda p: p.name):
        document.styles.element.append(docx_styles.named_paragraph_style(para, style, fonts))
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    section = document.sections[0]
    _page_setup(section, style)
    for placed in flow.region(Region.FRONT) + flow.region(Region.BODY):
        _body_block(document, placed, style)
    _footers(document, section, style)
    for placed in flow.region(Region.END):
        assert isinstance(placed.block, EndBlock)
        _end_block(document, placed.block, style)
    _properties(document, flow.meta, lang)

    raw = io.BytesIO()
    document.save(raw)
    theme = _theme(raw.getvalue())
    replace = {
        "word/fontTable.xml": _font_table(style, fonts, faces),
        "docProps/app.xml": docx_package.app_properties(flow.meta.author),
        "word/theme/theme1.xml": docx_package.theme_fonts(
            theme, latin=fonts.latin, heading=fonts.east_asia[style.faces.heading1],
            body=fonts.east_asia[style.faces.body]),
    }
    return docx_package.reproducible(raw.getvalue(), meeting_stamp(flow.meta), replace)


def _theme(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("word/theme/theme1.xml")


def write(flow: Flow, style: Style, faces: dict[str, Face], target: Path) -> None:
    Path(target).write_bytes(render(flow, style, faces))
