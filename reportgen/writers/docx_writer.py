"""DOCX writer: the IR as an editable Word document that Chinese offices accept as it is.

Everything visual sits on named styles (docx_styles); paragraphs only name
their style, and runs carry nothing but `w:hint="eastAsia"` where a character
is shared by Latin and Chinese fonts, and, on the one line of a paragraph that
gives its last character to a last line that would hold one alone, a wider
character spacing (`Placed.tail`). The page is GB/T 9704's when the preset
says so: margins, a 22-line grid, 28 characters a line, page numbers `— n —`
outside on odd and even pages. Rebuilding the same input gives the same bytes.

The document is built as lxml trees (docx_xml) and packaged by docx_package,
zipped once; python-docx, which the tests read the file with, is not imported.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

from ..cjk.punct import AMBIGUOUS_WIDTH, is_cjk
from ..fonts import KINDS, Face
from ..fonts.roles import hant_kinds
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
    RedHead,
    Signature,
    Table,
    Title,
)
from ..layout.boxes import image_box, image_lines, image_top
from ..layout.flow import Flow, Placed, Region
from ..layout.formal import SignPlan
from ..layout.paginate import END_GAP, EndPage, EndPlan
from ..reproducible import build_time
from ..styles import MM, Style
from . import docx_package, docx_styles
from .docx_xml import Element, el, on_off, put, qn, twips

# Word's tag for each language the IR may carry (Traditional without a region reads as Taiwan).
WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
_RUN_CONTROLS = re.compile(r"([\t\r\n])")  # a tab or line break inside a run's text
_AMBIGUOUS_RUNS = re.compile(f"([{re.escape(''.join(sorted(AMBIGUOUS_WIDTH)))}]+)")
CORE_PROPERTY_MAX = 255  # python-docx (and Word) refuse longer core properties
EMU_PER_PT = 12700
THICK_RULE, THIN_RULE = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
TABLE_RULE = 4  # 0.5 pt
END_SLACK = 2  # pt less than the free line above the end block: the hairline paragraph after it fits there too
# Where an exact-height line puts its baseline, as a share of the line's height from its top: LibreOffice sets
# an exact line's ascent to 4/5 of its height (measured: the page number's baseline 11.3 pt down a 14 pt line).
EXACT_LINE_BASELINE = 0.8
# The top of the page number's dash above the baseline, in ems: FandolSong's — (0.311), the face LibreOffice
# renders 宋体 in here and the PDF draws the number in. A constant, not this machine's face: the DOCX names its
# faces and embeds none, so it must not depend on which font files the building machine has.
DASH_INK_TOP = 0.31


def word_lang(lang: str) -> str:
    return WORD_LANG.get(lang, lang)


def meeting_stamp(meta: Meta) -> dt.datetime:
    """Created/modified time and zip entry dates: the meeting day (or SOURCE_DATE_EPOCH), so rebuilds are identical."""
    return build_time(meta.date)


def _fonts(style: Style, faces: dict[str, Face], lang: str) -> docx_styles.Fonts:
    """The face each kind is named by: Word's names for GB/T 9704's faces (or the preset's own); in a
    Traditional document the faces made for its region (`roles.HANT`), which the PDF is set in too."""
    hant = hant_kinds(lang)
    names = {kind: hant[kind].word if hant else style.docx.east_asia(kind, KINDS[kind].word) for kind in KINDS}
    return docx_styles.Fonts(east_asia=names, latin=style.docx.latin)


def _font_table(style: Style, fonts: docx_styles.Fonts) -> bytes:
    """Each name the styles use, as Word itself records it (alternate name, panose, signature): never the
    names of faces on the building machine, which the reader's machine need not have."""
    names = [fonts.latin, *sorted({fonts.east_asia[kind] for kind in style.faces_used()})]
    return docx_package.font_table(dict.fromkeys(names))


@dataclass
class _Document:
    """The document part as it is built: the body (its last child the final section's properties), the styles,
    the package collecting footers and pictures."""

    body: Element
    styles: Element
    package: docx_package.Package = field(default_factory=docx_package.Package)
    pictures: int = 0
    sign: SignPlan | None = None  # the formal edition's signature on its page (`Flow.sign`)
    table_gaps: tuple[float, ...] = ()  # under each table, the space down to the grid (`Flow.table_gaps`)
    tables: int = 0                     # tables written so far

    @property
    def section(self) -> Element:
        """The final section's properties (`w:sectPr`, the body's last child)."""
        return self.body[-1]


def _ppr(paragraph: Element) -> Element:
    """The paragraph's `w:pPr`, added as its first child if missing."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("pPr")
        paragraph.insert(0, ppr)
    return ppr


def _run(paragraph: Element, text: str = "") -> Element:
    """A run appended to `paragraph` with `text` in it: a tab is `w:tab`, CR or LF `w:br`, the rest `w:t`
    (space-preserving when it starts or ends with whitespace), as python-docx's `Run.text` writes it."""
    run = el("r")
    paragraph.append(run)
    for k, piece in enumerate(_RUN_CONTROLS.split(text)):
        if k % 2:
            run.append(el("tab" if piece == "\t" else "br"))
        elif piece:
            t = el("t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(qn("xml:space"), "preserve")
            run.append(t)
    return run


def add_text(paragraph: Element, text: str, char_style: str | None = None, spacing: int | None = None) -> None:
    """Runs of `text` appended to the `w:p` `paragraph`; “”‘’…—· get `w:hint="eastAsia"` so Word sets them
    full-width from the Chinese face.

    `char_style` names a character style for all of them (the 出席 label), `spacing` a character spacing in
    twentieths of a point. A newline is a line break (w:br).
    """
    if LINE_BREAK in text:
        for k, line in enumerate(text.split(LINE_BREAK)):
            if k:
                _run(paragraph).append(el("br"))
            add_text(paragraph, line, char_style, spacing)
        return
    for piece in _AMBIGUOUS_RUNS.split(text):
        if not piece:
            continue
        run = _run(paragraph, piece)
        props = [el("rStyle", val=char_style) if char_style else None,
                 el("rFonts", hint="eastAsia") if piece[0] in AMBIGUOUS_WIDTH else None,
                 el("spacing", val=spacing) if spacing is not None else None]
        if any(p is not None for p in props):
            run.insert(0, el("rPr", *props))


def _flowing_text(paragraph: Element, text: str, placed: Placed, size: float, style: Style) -> None:
    """A paragraph's or heading's text; where the layout gave a lone last character a second one
    (`Placed.tail`), the line that gave it set wider, so that Word and LibreOffice also end it a character
    early: its style's spacing and the room the layout asks for, shared by the gaps LibreOffice spaces (between
    two characters of one run and one script; it adds none at a run's end)."""
    if placed.tail is None:
        add_text(paragraph, text)
        return
    start, end, extra = placed.tail
    inside = text[start:end]
    gaps = sum(1 for piece in _AMBIGUOUS_RUNS.split(inside) for a, b in itertools.pairwise(piece)
               if is_cjk(a) == is_cjk(b))
    base = docx_styles.char_spacing(style) if size == style.sizes.body else 0
    add_text(paragraph, text[:start])
    add_text(paragraph, inside, spacing=base + math.ceil(extra * 20 / max(gaps, 1)))
    add_text(paragraph, text[end:])


def _centred(document: _Document, style_id: str, placed: Placed) -> None:
    """A centred block (title, mark, number, a centred style) in one paragraph, broken where the layout broke it."""
    add_text(_add_paragraph(document, style_id), LINE_BREAK.join(placed.line_texts))


def _add_paragraph(document: _Document, style_id: str) -> Element:
    """An empty paragraph naming its style by id, at the end of the body."""
    paragraph = el("p")
    _append(document, paragraph)
    _ppr(paragraph).append(el("pStyle", val=style_id))
    return paragraph


def _append(document: _Document, element: Element) -> None:
    """A body-level element at the end of the body, before the final section properties."""
    document.section.addprevious(element)


def _image(document: _Document, block: Image, style: Style, placed: Placed) -> None:
    """The photo in its own centred paragraph at the size both writers compute, on the same whole grid lines
    as in the PDF with the same even gaps (space before and after it), caption under it (kept with the photo
    as the layout decides; the caption itself keeps with nothing)."""
    width, height = image_box(block, style)
    paragraph = _add_paragraph(document, docx_styles.PICTURE)
    before = twips(image_top(block, style))
    after = twips(image_lines(block, style) * style.line_pitch) - before - twips(height)
    put(_ppr(paragraph), el("spacing", before=before, after=max(after, 0)))
    if placed.keep_caption:
        put(_ppr(paragraph), el("keepNext"))
    drawing = el("drawing")
    _run(paragraph).append(drawing)
    rid, filename = document.package.add_image(block.data, block.path.name)
    document.pictures += 1
    drawing.append(docx_package.picture(document.pictures, rid, filename, block.caption,
                                        round(width * EMU_PER_PT), round(height * EMU_PER_PT)))
    if block.caption:
        add_text(_add_paragraph(document, docx_styles.CAPTION), block.caption)


def _borders(tag: str, sizes: dict[str, int]) -> Element:
    return el(tag, *(el(side, val="single", sz=size, space=0, color="000000") for side, size in sizes.items()))


def _cell(text: str, width: int, style_id: str, *props: Element | None, indent: int = 0) -> Element:
    """A cell of one paragraph; `indent` twips kept free at its right (a short cell the layout breaks between
    words, `boxes._narrowed`)."""
    paragraph = el("p", el("pPr", el("pStyle", val=style_id), el("ind", right=indent) if indent else None))
    cell = el("tc", el("tcPr", el("tcW", w=width, type="dxa"), *props), paragraph)
    add_text(paragraph, text)
    return cell


def _table(document: _Document, block: Table, style: Style, placed: Placed) -> None:
    """The columns the layout computed (whole characters plus padding, `boxes.table_box`), so Word wraps the
    cells where the PDF does; as the layout decides: cells flush left, centred or flush right, rows free to
    split across pages, the header row repeated on every page (tblHeader).

    Rows have no height of their own (no `w:trHeight`): a row is as tall as its text at the cells' own leading
    (the cell styles' exact line spacing, off the grid) and the padding above and below (`w:tblCellMar`), the
    sizes the PDF uses (`boxes.RowMetrics`), so a row shrinks when text is cut from it in Word.

    The caption is a paragraph of its own before the table, kept with it (`keepNext` in its style): every
    reader (python-docx, pandoc, a screen reader) finds the caption as a caption and the header as the table's
    first row. A continued page shows the header row again and nothing above it, in both files: Word cannot
    write 续表 over a continuation (docs/tables.md)."""
    box = placed.table
    assert box is not None and box.rows is not None
    pad = twips(box.pad)
    widths = [twips(w) for w in box.widths]
    total_width = sum(widths)
    sides = {side: TABLE_RULE for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    margins = el("tblCellMar", el("top", w=twips(box.rows.top), type="dxa"), el("left", w=pad, type="dxa"),
                 el("bottom", w=twips(box.rows.bottom), type="dxa"), el("right", w=pad, type="dxa"))
    tbl = el("tbl",
             el("tblPr", el("tblW", w=total_width, type="dxa"), el("jc", val="center"),
                _borders("tblBorders", sides), el("tblLayout", type="fixed"), margins,
                el("tblLook", val="0020", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)),
             el("tblGrid", *(el("gridCol", w=w) for w in widths)))
    if block.caption:
        add_text(_add_paragraph(document, docx_styles.TABLE_CAPTION), block.caption)
    for k, texts in enumerate((block.header, *block.rows)):
        header = k == 0
        row = el("tr", el("trPr", el("cantSplit") if placed.rows_whole else None,
                          el("tblHeader") if header and placed.repeat_header else None))
        centred = (True,) * len(texts) if header else box.centred[k - 1]
        for column, (text, width, middle) in enumerate(zip(texts, widths, centred, strict=True)):
            style_id = (docx_styles.TABLE_HEADER if header
                        else docx_styles.TABLE_NUMBER if box.aligned_right(k - 1, column)
                        else docx_styles.TABLE_TEXT_CENTRED if middle else docx_styles.TABLE_TEXT)
            row.append(_cell(text, width, style_id, indent=0 if header else twips(box.indent(k - 1, column))))
        tbl.append(row)
    _append(document, tbl)


def _under_table(document: _Document, blank: Element, style: Style) -> None:
    """The blank line under a table, as tall as the grid line plus the space from the table's bottom rule down
    to the grid (`Flow.table_gaps`), off the grid: the text after it is back on the PDF's grid lines."""
    gaps = document.table_gaps
    gap = gaps[document.tables - 1] if document.tables - 1 < len(gaps) else 0.0
    put(_ppr(blank), on_off("snapToGrid", False))
    put(_ppr(blank), el("spacing", before=0, after=0, line=twips(style.line_pitch + gap), lineRule="exact"))


def _attendance(document: _Document, block: Attendance) -> None:
    paragraph = _add_paragraph(document, docx_styles.ATTENDANCE)
    add_text(paragraph, f"{block.label}：", docx_styles.ATTENDANCE_LABEL)
    add_text(paragraph, block.text)


def _footer(document: _Document, section: Element, kind: str, style_id: str) -> Element:
    """A footer part of its own for `section` (`kind` default or even pages), its paragraph in `style_id`; the
    paragraph, to fill in."""
    footer = docx_package.parse_part("footer.xml")
    paragraph = footer[0]
    put(_ppr(paragraph), el("pStyle", val=style_id))
    rid = document.package.add_footer(footer)
    reference = el("footerReference")
    size = section.find(qn("w:pgSz"))
    assert size is not None
    size.addprevious(reference)  # after the references already there, in schema order
    reference.set(qn("w:type"), kind)
    reference.set(qn("r:id"), rid)  # set in place: `r` is declared on the document's root
    return paragraph


def _end_block(document: _Document, block: EndBlock, style: Style, plan: EndPlan) -> None:
    """版记 where the layout put it (`Flow.end`, GB/T 9704 §7.4.1, §7.5): at the foot of the last page of text,
    or of the page after it (text ending on an odd page: a section starting on an even page, its page numbered),
    or after a blank page (a section of one blank page, then one starting on an even page, both without page
    numbers). The blank page is a page of its own, not the one Word and LibreOffice insert for an even-page
    section: LibreOffice leaves those out of the PDF it exports.

    The block is a one-column table (thick top and bottom rules, a thin one between the rows) floating at the
    foot of the page (`w:tblpPr`: its bottom on the text block's lower edge, its left rule on the left margin),
    the body wrapping above it with the free line (`END_GAP`) between: Word and LibreOffice keep it at the foot
    of the page of the paragraph after it, so a line added above it moves it, at most, to the foot of the next
    page, never to the top of one, and a line added to 抄送 grows it upwards. A floating table is still a table
    in the body: python-docx, mammoth and pandoc (which read no text box) all find 抄送 and 印发. Its x is the
    left margin plus the cell's inset: Word (and LibreOffice, after it) puts the table's first text there, not
    its border; the page, not the margin, is its horizontal anchor because LibreOffice 7.4 sets a table as wide
    as the margins inline, at the end of the text, when anchored to them. The end-block page's section starts
    on the next page, not on the next even one (`evenPage`): the layout already put it on an even page, and
    LibreOffice 7.4 sets a table anchored to the bottom margin 12.8 pt below it in an even-page section.
    """
    if plan.page is EndPage.NEXT_PAGE:
        _close_section(document, _last_paragraph(document))
        _start_type(document.section, "nextPage")  # the page after an odd one: even (see below)
    elif plan.page is EndPage.AFTER_BLANK:
        _close_section(document, _last_paragraph(document))
        sect = document.section
        for kind in ("default", "even"):
            _footer(document, sect, kind, docx_styles.FOOTER)  # empty: §7.5, no number on the blank page
        _start_type(sect, "nextPage")
        _close_section(document, _add_paragraph(document, docx_styles.END_BLOCK_TAIL))  # the blank page
        _start_type(document.section, "nextPage")  # its footers the blank page's: the end-block page unnumbered
    if plan.page is not EndPage.BELOW_TEXT:
        # the section's first paragraph, before the table: LibreOffice anchors a floating table that starts a
        # section to the paragraph before it, the previous section's last, and drops the end-block page
        _add_paragraph(document, docx_styles.END_BLOCK_TAIL)
    width = twips(style.page.text_width * MM)
    inset = twips(style.sizes.end_block)
    rules = {"top": THICK_RULE, "bottom": THICK_RULE, "insideH": THIN_RULE}
    gap = twips(END_GAP * style.line_pitch - END_SLACK)
    tbl = el("tbl",
             el("tblPr", el("tblpPr", leftFromText=0, rightFromText=0, topFromText=gap, bottomFromText=0,
                            vertAnchor="margin", horzAnchor="page", tblpX=twips(style.page.margin_left * MM) + inset,
                            tblpYSpec="bottom"),
                el("tblOverlap", val="never"), el("tblW", w=width, type="dxa"), _borders("tblBorders", rules),
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
        add_text(paragraph, text)
        tbl.append(el("tr", el("trPr", el("cantSplit")), el("tc", el("tcPr", el("tcW", w=width, type="dxa")),
                                                             paragraph)))
    _append(document, tbl)
    _add_paragraph(document, docx_styles.END_BLOCK_TAIL)  # the body ends with a paragraph: the table's anchor


def _last_paragraph(document: _Document) -> Element:
    """The body's last paragraph, to end a section at (a section break in a paragraph of its own would take a
    line and could spill onto a page of its own); a hairline paragraph after a table."""
    last = document.section.getprevious()
    if last is not None and last.tag == qn("w:p") and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
        return last
    return _add_paragraph(document, docx_styles.END_BLOCK_TAIL)


def _close_section(document: _Document, paragraph: Element) -> None:
    """End the section so far at `paragraph` (its pPr gets a copy of the section's properties, without the
    template's rsids); the final properties, without footers of their own (a section without them shows the
    previous one's), then describe the next section."""
    first = copy.deepcopy(document.section)
    first.attrib.clear()
    put(_ppr(paragraph), first)
    for reference in document.section.findall(qn("w:footerReference")):
        document.section.remove(reference)


def _start_type(sect: Element, kind: str) -> None:
    """How the section starts (`nextPage`, `evenPage`): `w:type` after the footer references, in schema order."""
    for old in sect.findall(qn("w:type")):
        sect.remove(old)
    size = sect.find(qn("w:pgSz"))
    assert size is not None
    size.addprevious(el("type", val=kind))


def _mm(mm: float) -> str:
    """A length in mm as twips, rounded as python-docx rounds `Mm(mm)` (whole EMU first)."""
    return str(round(int(mm * 36000) / 635))


def _page_setup(section: Element, style: Style) -> None:
    page = style.page
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
    assert size is not None and margins is not None
    size.set(qn("w:w"), _mm(page.width))
    size.set(qn("w:h"), _mm(page.height))
    # `w:footer` is the distance from the page's foot to the bottom of the footer's line (one exact line of the
    # number's size, its baseline EXACT_LINE_BASELINE down it): set so that the dash's top lies
    # `below_text_block` mm under the text block, where the PDF draws it.
    footer_mm = (page.margin_bottom - style.page_number.below_text_block
                 - (1 - EXACT_LINE_BASELINE + DASH_INK_TOP) * style.sizes.page_number / MM)
    for attr, mm in (("top", page.margin_top), ("right", page.margin_right), ("bottom", page.margin_bottom),
                     ("left", page.margin_left), ("header", 15), ("footer", footer_mm), ("gutter", 0)):
        margins.set(qn(f"w:{attr}"), _mm(mm))
    grid = section.find(qn("w:docGrid"))
    if grid is None:  # the template has one, edited in place: a second would make the file invalid
        grid = el("docGrid")
        section.append(grid)
    grid.attrib.clear()
    if style.grid is not None:
        grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(twips(style.line_pitch)))


def _page_number(paragraph: Element, style: Style) -> None:
    """`— n —`: the PAGE field between the preset's text, which LibreOffice and Word both update."""
    before, after = style.page_number.format.split("{n}")
    add_text(paragraph, before)
    for kind in ("begin", "instr", "separate", "result", "end"):
        if kind == "instr":
            instr = el("instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            _run(paragraph).append(instr)
        elif kind == "result":
            _run(paragraph, "1")
        else:
            _run(paragraph).append(el("fldChar", fldCharType=kind))
    add_text(paragraph, after)


def _footers(document: _Document, style: Style) -> None:
    """Page numbers on odd (right) and even (left) pages; the settings turn on different odd and even footers."""
    for kind, style_id in (("default", docx_styles.FOOTER), ("even", docx_styles.FOOTER_EVEN)):
        _page_number(_footer(document, document.section, kind, style_id), style)


def _core(text: str) -> str:
    """A core property as Word accepts it: at most 255 characters."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[:CORE_PROPERTY_MAX - 1] + "…"


def _properties(meta: Meta, lang: str) -> Element:
    return docx_package.core_properties(
        title=_core(meta.title), author=_core(meta.author), subject=_core(meta.subject),
        keywords=_core("; ".join(meta.keywords)), language=lang, stamp=meeting_stamp(meta))


def _body_block(document: _Document, placed: Placed, style: Style) -> None:
    """One block of the body (or front) as the flow placed it."""
    block = placed.block
    before = document.section.getprevious()  # new elements go after it, before the final sectPr
    if isinstance(block, Image):
        _image(document, block, style, placed)
    elif isinstance(block, Table):
        _table(document, block, style, placed)
        document.tables += 1
    elif isinstance(block, Attendance):
        _attendance(document, block)
    elif isinstance(block, Title):
        _centred(document, docx_styles.TITLE, placed)
    elif isinstance(block, Mark):
        _centred(document, docx_styles.MARK, placed)
    elif isinstance(block, DocNumber):
        _centred(document, docx_styles.DOC_NUMBER, placed)
    elif isinstance(block, Heading):
        # A heading flows as a paragraph does: Word breaks it where the layout did (only a break the user wrote
        # is a line break), so the heading is one run of text every reader finds whole.
        level = min(max(block.level, 1), 4)
        paragraph = _add_paragraph(document, docx_styles.HEADINGS[level])
        if placed.outline_level is not None and placed.outline_level != level - 1:  # inside an attachment
            put(_ppr(paragraph), el("outlineLvl", val=placed.outline_level))
        _flowing_text(paragraph, block.full_text, placed, style.sizes.heading, style)
    elif isinstance(block, Paragraph):
        assert placed.style is not None
        if placed.line_texts:  # centred and balanced by the layout
            _centred(document, placed.style.word_id, placed)
        else:
            _flowing_text(_add_paragraph(document, placed.style.word_id), block.text, placed,
                          placed.style.size_pt(style), style)
    elif isinstance(block, RedHead):
        from . import docx_formal

        docx_formal.red_head(document, placed, style)
    elif isinstance(block, Signature):
        from . import docx_formal

        docx_formal.signature(document, placed, style, document.sign)
    elif isinstance(block, EndBlock | Appendix):
        raise AssertionError(f"{type(block).__name__} is not placed as one block (the layout sets it apart)")
    else:
        assert_never(block)
    # Blank lines above and below a body block are paragraph spacing of whole grid lines on its first and last
    # paragraph, not empty paragraphs (which a user types into, and which readers show as empty text); a table
    # has no spacing of its own, so an empty paragraph stays there, and so does the first page's head (LibreOffice
    # sets a news-style title's spacing above it off the lines the PDF uses).
    pitch = twips(style.line_pitch)
    first = document.body[0] if before is None else before.getnext()
    last = document.section.getprevious()
    assert first is not None and last is not None
    if placed.blank_before:
        if first.tag == qn("w:p") and placed.region is Region.BODY:
            _add_spacing(first, "before", placed.blank_before * pitch)
        else:
            for _ in range(placed.blank_before):
                first.addprevious(el("p", el("pPr", el("pStyle", val=docx_styles.BODY))))
    if placed.new_page and not (placed.style is not None and placed.style.new_page):  # not in its Word style
        _page_break_before(document, before)
    after = placed.blank_after if placed.region is Region.BODY else 0
    if after and last.tag == qn("w:p"):
        _add_spacing(last, "after", after * pitch)
    else:
        for n in range(after):
            blank = _add_paragraph(document, docx_styles.BODY)
            if placed.keep_with_next:
                put(_ppr(blank), el("keepNext"))
            if isinstance(block, Table) and n == 0:
                _under_table(document, blank, style)


def _add_spacing(paragraph: Element, side: str, amount: int) -> None:
    """`amount` twips more space before or after `paragraph` (its other spacing, here or in its style, kept)."""
    ppr = _ppr(paragraph)
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = put(ppr, el("spacing"))
    spacing.set(qn(f"w:{side}"), str(int(spacing.get(qn(f"w:{side}"), "0")) + amount))


def _page_break_before(document: _Document, before: Element | None) -> None:
    """The first element added after `before` (None: the body's first) begins a new page: its paragraph breaks
    before (a table gets an empty paragraph that does). Found from its neighbour, not by counting the body's
    children, which lxml does one by one (quadratic over a long report)."""
    first = document.body[0] if before is None else before.getnext()
    assert first is not None
    if first.tag != qn("w:p"):
        paragraph = el("p", el("pPr", el("pStyle", val=docx_styles.BODY)))
        first.addprevious(paragraph)
        first = paragraph
    put(_ppr(first), el("pageBreakBefore"))


def render(flow: Flow, style: Style, faces: dict[str, Face]) -> bytes:
    """The DOCX bytes for `flow`: a pure function of its arguments."""
    lang = word_lang(flow.meta.lang)
    fonts = _fonts(style, faces, flow.meta.lang)
    root = docx_package.parse_part("document.xml")
    styles = docx_package.parse_part("styles.xml")
    docx_styles.replace_styles(styles, style, fonts, lang)
    own = {p.style.name: p.style for p in flow.items if p.style is not None and p.style.own_word_style}
    for para in sorted(own.values(), key=lambda p: p.name):
        styles.append(docx_styles.named_paragraph_style(para, style, fonts))
    formal = flow.sign is not None or any(p.head is not None for p in flow.items)
    if formal:
        from . import docx_formal

        styles.extend(docx_formal.styles(flow, style, fonts))
    document = _Document(body=root[0], styles=styles, sign=flow.sign, table_gaps=flow.table_gaps or ())

    _page_setup(document.section, style)
    plan = flow.sign
    squeezed = range(plan.squeeze_from, (plan.squeeze_to or 0) + 1) if plan and plan.squeeze_from is not None else ()
    for k, placed in enumerate(flow.items):  # the front, then the body: the end block is set apart
        if placed.region is Region.END:
            continue
        start = len(document.body) - 1
        _body_block(document, placed, style)
        if plan is not None and k in squeezed:  # the signature's page, its spacing adjusted (GB/T 9704 §7.3.5.5)
            from . import docx_formal

            docx_formal.squeeze(document, start, plan)
    _footers(document, style)
    for placed in flow.region(Region.END):
        assert isinstance(placed.block, EndBlock)
        assert flow.end is not None, "the end block's page is decided on the grid first (layout.grid.settle_end)"
        _end_block(document, placed.block, style, flow.end)

    document_part = docx_package.serialize(root)
    return document.package.save({
        "/docProps/core.xml": _properties(flow.meta, lang),
        "/docProps/app.xml": docx_package.app_properties(flow.meta.author),
        "/word/document.xml": document_part,
        "/word/styles.xml": styles,
        "/word/settings.xml": docx_package.settings(lang, document_part),
        "/word/fontTable.xml": _font_table(style, fonts),
        "/word/theme/theme1.xml": docx_package.theme_fonts(
            latin=fonts.latin, heading=fonts.east_asia[style.faces.heading1], body=fonts.east_asia[style.faces.body]),
    }, meeting_stamp(flow.meta))


def write(flow: Flow, style: Style, faces: dict[str, Face], target: Path) -> None:
    Path(target).write_bytes(render(flow, style, faces))
