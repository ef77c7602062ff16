"""The DOCX's named styles: every element's look lives here, never on runs.

A secretary restyles the whole report by editing 正文, 标题 1–4 and the rest in
Word. Every paragraph style names its East Asian face itself (`w:eastAsia`),
the Latin face too, and no theme font: a theme attribute would override the
explicit name (see shared/reference/typesetting.md).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

from ..caches import memo
from ..cjk.linebreak import grid_tracking
from ..layout.boxes import row_metrics
from ..layout.faces import OWN_LATIN_KINDS
from ..layout.parastyles import ParagraphStyle
from ..styles import MM, Style
from .docx_xml import Element, el, on_off, twips

# Style ids and the names Word knows as built-in (shown localised: 正文, 标题 1, 题注, 页脚 …).
BODY, TITLE, CAPTION, FOOTER, FOOTER_EVEN = "Normal", "Title", "Caption", "Footer", "FooterEven"
HEADINGS = {level: f"Heading{level}" for level in range(1, 5)}
# Minutes, photos and tables.
MARK, DOC_NUMBER, ATTENDANCE, ATTENDANCE_LABEL = "MinutesMark", "DocNumber", "Attendance", "AttendanceLabel"
PICTURE, TABLE_TEXT, TABLE_HEADER, END_BLOCK, END_BLOCK_ISSUE = (
    "Picture", "TableText", "TableHeader", "EndBlock", "EndBlockIssue")
TABLE_CAPTION, TABLE_TEXT_CENTRED, TABLE_NUMBER = "TableCaption", "TableTextCentred", "TableNumber"
ATTENDANCE_LABEL_CHARS = 3  # 出席： 请假： 列席：
END_BLOCK_TAIL = "EndBlockTail"
# The names of Word's built-in styles among ours: they keep their built-in identity (Word localises their names
# and knows what they are for); every other style is marked `w:customStyle`, as Word marks a style a user made.
WORD_BUILT_IN = frozenset({"Normal", "Title", "caption", "footer", *(f"heading {n}" for n in range(1, 10))})


def end_block_tail(style: Style, fonts: Fonts) -> Element:
    """Hairline paragraphs around the end block (the one its text box is anchored to, the one Word requires after
    its table, a blank page's section break): too thin to take a line or start a page."""
    return _style(END_BLOCK_TAIL, "版记后", based_on=BODY, priority=14, hidden=True, ppr=[
        on_off("snapToGrid", False), el("spacing", before=0, after=0, line=20, lineRule="exact"),
    ], rpr=[fonts.rfonts(style.faces.body), el("sz", val=2)])



@dataclass(frozen=True)
class Fonts:
    """The names written into the file: one East Asian name per face kind, one Latin name."""

    east_asia: dict[str, str]
    latin: str

    def rfonts(self, kind: str, *, latin: str | None = None) -> Element:
        """The four font slots for text of `kind`: its letters and digits in the Latin font, or in the face
        itself for the title and 黑体 (`layout.faces.OWN_LATIN_KINDS`), as the PDF sets them."""
        latin = latin or (self.east_asia[kind] if kind in OWN_LATIN_KINDS else self.latin)
        return el("rFonts", ascii=latin, hAnsi=latin, eastAsia=self.east_asia[kind], cs=latin)


def char_spacing(style: Style) -> int:
    """Character spacing (1/20 pt) that fits `chars_per_line` body characters into the text width: the PDF's
    tracking (`grid_tracking`), with the grid type `lines` (LibreOffice mis-lays `linesAndChars`)."""
    if style.chars_per_line is None:  # no grid: characters at their own width
        return 0
    return round(grid_tracking(style.sizes.body, style.page.text_width * MM, style.chars_per_line) * 20)


def _indent(chars: int, char_pt: float) -> Element:
    """A first-line indent both in character units (Word) and in twips (LibreOffice reads only these)."""
    return el("ind", firstLineChars=chars * 100, firstLine=twips(chars * char_pt))


def _size(points: float) -> list[Element]:
    half_points = round(points * 2)
    return [el("sz", val=half_points), el("szCs", val=half_points)]


def _style(style_id: str, name: str, *, based_on: str | None = None, next_: str | None = None, priority: int,
           ppr: list[Element | None], rpr: list[Element | None], default: bool = False,
           hidden: bool = False) -> Element:
    attrs = {"type": "paragraph"}
    if default:
        attrs["default"] = "1"
    if name not in WORD_BUILT_IN:
        attrs["customStyle"] = "1"
    attrs["styleId"] = style_id
    return el("style",
              el("name", val=name),
              el("basedOn", val=based_on) if based_on else None,
              el("next", val=next_) if next_ else None,
              el("uiPriority", val=priority),
              el("semiHidden") if hidden else None,
              el("unhideWhenUsed") if hidden else None,
              None if hidden else el("qFormat"),
              el("pPr", *ppr),
              el("rPr", *rpr),
              **attrs)


def doc_defaults(style: Style, fonts: Fonts, lang: str) -> Element:
    """Document defaults: body face and size, and the language Word's proofing and layout use."""
    return el("docDefaults",
              el("rPrDefault", el("rPr", fonts.rfonts(style.faces.body), *_size(style.sizes.body),
                                  el("lang", val="en-US", eastAsia=lang, bidi="ar-SA"))),
              # The steady gap between Han characters and letters or digits, as the PDF sets it (cjk/linebreak.py);
              # ECMA-376's default, written so that no other default can stand in.
              el("pPrDefault", el("pPr", on_off("autoSpaceDE", True), on_off("autoSpaceDN", True),
                                  el("spacing", before=0, after=0))))


def paragraph_styles(style: Style, fonts: Fonts) -> list[Element]:
    """Every paragraph style the report uses, based on 正文 (Normal) so one edit restyles them all."""
    size, pitch = style.sizes.body, twips(style.line_pitch)
    spacing = char_spacing(style)
    char_pt = size + spacing / 20

    def no_indent() -> Element:
        return el("ind", firstLineChars=0, firstLine=0)

    styles = [
        _style(BODY, "Normal", priority=0, default=True, ppr=[
            on_off("widowControl", True),  # no single first or last line of a paragraph on a page, as in the PDF
            on_off("overflowPunct", False),  # mainland practice: no punctuation hanging into the margin
            el("spacing", before=0, after=0, line=pitch, lineRule="exact"),
            _indent(style.body.first_line_indent_chars, char_pt),
            el("jc", val="both"),
        ], rpr=[fonts.rfonts(style.faces.body), el("spacing", val=spacing), *_size(size)]),
        _style(TITLE, "Title", based_on=BODY, next_=BODY, priority=10, ppr=[
            el("keepNext"), el("keepLines"),
            on_off("snapToGrid", False),  # a 2号 line is one grid line; LibreOffice would give it two
            el("spacing", before=0, after=pitch * style.title.lines_after, line=pitch, lineRule="exact"),
            no_indent(), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.title), el("b") if style.title.bold else None, el("spacing", val=0),
                *_size(style.sizes.title)]),
    ]
    for level, style_id in HEADINGS.items():
        styles.append(_style(style_id, f"heading {level}", based_on=BODY, next_=BODY, priority=9, ppr=[
            el("keepNext"), el("keepLines"), _indent(style.headings.first_line_indent_chars, char_pt),
            el("outlineLvl", val=level - 1),
        ], rpr=[fonts.rfonts(style.faces.heading(level)), on_off("b", style.headings.bold),
                on_off("bCs", style.headings.bold), *_size(style.sizes.heading)]))
    styles += [
        _style(CAPTION, "caption", based_on=BODY, next_=BODY, priority=35,
               ppr=[no_indent(), el("jc", val="center")],
               rpr=[fonts.rfonts(style.faces.body), *_size(style.caption_size)]),
    ]
    styles += _footer_styles(style, fonts)
    styles += _minutes_styles(style, fonts, char_pt) + _figure_styles(style, fonts) + [end_block_tail(style, fonts)]
    return styles


def named_paragraph_style(para: ParagraphStyle, style: Style, fonts: Fonts) -> Element:
    """A registered paragraph style (`reportgen.layout.parastyles`) as a Word style based on 正文 (on heading 1
    when it is in the outline)."""
    size = para.size_pt(style)
    char_pt = size + (char_spacing(style) / 20 if size == style.sizes.body else 0)
    indent, hang, left = para.indent(style), para.hanging_chars, para.left_chars
    if hang:
        ind = el("ind", leftChars=(left + indent + hang) * 100, left=twips((left + indent + hang) * char_pt),
                 hangingChars=hang * 100, hanging=twips(hang * char_pt))
    elif left:
        ind = el("ind", leftChars=left * 100, left=twips(left * char_pt), firstLineChars=indent * 100,
                 firstLine=twips(indent * char_pt))
    else:
        ind = _indent(indent, char_pt)
    # A style in the outline (an attachment's title) is based on heading 1, which is how converters that read
    # styles, not outline levels, know a heading (pandoc lists it among the document's headings; mammoth knows
    # it by its id, `Heading`); what it would inherit of heading 1's look is set here explicitly.
    return _style(para.word_id, para.word_name or para.word_id, based_on=HEADINGS[1] if para.outline else BODY,
                  next_=BODY, priority=20, ppr=[
        el("keepNext") if para.keep_with_next else on_off("keepNext", False) if para.outline else None,
        el("keepLines") if para.keep_together else on_off("keepLines", False) if para.outline else None,
        el("pageBreakBefore") if para.new_page else None,
        # a larger size is still one grid line a line, as the PDF sets it (LibreOffice would give it two)
        None if size == style.sizes.body else on_off("snapToGrid", False),
        ind,
        el("jc", val="center" if para.align == "centre" else "both"),
        el("outlineLvl", val=0) if para.outline else None,  # Word's navigation pane, a PDF's bookmarks
    ], rpr=[fonts.rfonts(para.face_kind(style)), on_off("b", False) if para.outline else None,
            on_off("bCs", False) if para.outline else None,
            None if size == style.sizes.body else el("spacing", val=0), *_size(size)])


def _minutes_styles(style: Style, fonts: Fonts, char_pt: float) -> list[Element]:
    """纪要 mark, document number, attendance (label in the heading face, names hanging after the colon), end block."""
    pitch = twips(style.line_pitch)
    mark = style.sizes.mark
    indent = style.body.first_line_indent_chars
    label = ATTENDANCE_LABEL_CHARS
    end_size = style.sizes.end_block
    inset = twips(end_size)  # one character in from each side
    text_width = twips(style.page.text_width * MM)
    label_face = style.faces.heading1
    # The mark's top edge `mark_top` mm below the text block, its line exactly one em tall, and space after it
    # to the next grid line, as the PDF takes whole grid lines for it: what follows sits on the grid.
    mark_top, mark_line = twips(style.minutes.mark_top * MM), twips(mark)
    mark_after = math.ceil((mark_top + mark_line) / pitch - 1e-6) * pitch - mark_top - mark_line
    return [
        _style(MARK, "纪要标志", based_on=BODY, next_=DOC_NUMBER, priority=11, ppr=[
            el("keepNext"), on_off("snapToGrid", False),
            el("spacing", before=mark_top, after=mark_after, line=mark_line, lineRule="exact"),
            el("ind", firstLineChars=0, firstLine=0), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.title), el("color", val=style.minutes.mark_color.lstrip("#").upper()),
                el("spacing", val=0), *_size(mark)]),
        _style(DOC_NUMBER, "文号", based_on=BODY, next_=TITLE, priority=11, ppr=[
            el("keepNext"),  # on the grid line after the mark; the blank line under it is a paragraph of its own
            el("ind", firstLineChars=0, firstLine=0), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.body)]),
        _style(ATTENDANCE, "出席", based_on=BODY, priority=12, ppr=[
            el("ind", leftChars=(indent + label) * 100, left=twips((indent + label) * char_pt),
               hangingChars=label * 100, hanging=twips(label * char_pt)),
        ], rpr=[fonts.rfonts(style.faces.body)]),
        el("style", el("name", val="出席标签"), el("basedOn", val="DefaultParagraphFont"), el("uiPriority", val=12),
           el("qFormat"), el("rPr", fonts.rfonts(label_face)), type="character", customStyle="1",
           styleId=ATTENDANCE_LABEL),
        _style(END_BLOCK, "版记", based_on=BODY, next_=END_BLOCK_ISSUE, priority=13, ppr=[
            on_off("snapToGrid", False), el("spacing", before=0, after=0, line=pitch, lineRule="exact"),
            el("ind", left=twips(3 * end_size), right=0, hanging=twips(3 * end_size)),  # lines after 抄送：
            el("jc", val="both"),
        ], rpr=[fonts.rfonts(style.faces.body), el("spacing", val=0), *_size(end_size)]),
        _style(END_BLOCK_ISSUE, "版记印发", based_on=END_BLOCK, priority=13, ppr=[
            el("tabs", el("tab", val="right", pos=text_width - 2 * inset)),
            el("ind", left=0, right=0, firstLine=0),
            el("jc", val="left"),
        ], rpr=[fonts.rfonts(style.faces.body)]),
    ]


def _figure_styles(style: Style, fonts: Fonts) -> list[Element]:
    """Photo paragraphs (centred, off the grid so the line is the picture's height: a hairline font, no
    descent under it), a table's caption (kept with the table; a photo's caption, 题注, keeps with nothing)
    and table cells (flush left, or centred as the layout decides: never justified)."""
    size = style.sizes.table
    return [
        _style(PICTURE, "图片", based_on=BODY, next_=CAPTION, priority=36, ppr=[
            on_off("snapToGrid", False), el("spacing", before=0, after=0, line=240, lineRule="auto"),
            el("ind", firstLineChars=0, firstLine=0), el("jc", val="center"),
        ], rpr=[fonts.rfonts(style.faces.body), *_size(1)]),
        _style(TABLE_CAPTION, "表题", based_on=CAPTION, next_=BODY, priority=35, ppr=[el("keepNext")],
               rpr=[fonts.rfonts(style.faces.body)]),
        # Cell text at the table's own leading (`boxes.RowMetrics`: exact, off the grid, or each line would be a
        # grid line); a row split by a page end may leave one line of a cell on either page, as in the PDF.
        _style(TABLE_TEXT, "表格文字", based_on=BODY, priority=37, ppr=[
            on_off("widowControl", False), on_off("snapToGrid", False),
            el("spacing", before=0, after=0, line=twips(row_metrics(style).leading), lineRule="exact"),
            el("ind", firstLineChars=0, firstLine=0), el("jc", val="left"),
        ], rpr=[fonts.rfonts(style.faces.body), el("spacing", val=0), *_size(size)]),
        _style(TABLE_HEADER, "表头", based_on=TABLE_TEXT, priority=37, ppr=[el("keepNext"), el("jc", val="center")],
               rpr=[fonts.rfonts(style.faces.heading1)]),
        _style(TABLE_TEXT_CENTRED, "表格文字居中", based_on=TABLE_TEXT, priority=37, ppr=[el("jc", val="center")],
               rpr=[fonts.rfonts(style.faces.body)]),
        _style(TABLE_NUMBER, "表格数字", based_on=TABLE_TEXT, priority=37, ppr=[el("jc", val="right")],
               rpr=[fonts.rfonts(style.faces.body)]),
    ]


def _footer_styles(style: Style, fonts: Fonts) -> list[Element]:
    """Page-number footers: odd pages right, even pages left, one character in from the edge.

    The digits are half-width 宋体 (GB/T 9704 §7.5), so the Latin slot names the
    page-number face too.
    """
    kind, size = style.faces.page_number, style.sizes.page_number
    inset = twips(style.sizes.body * style.page_number.outside_indent_chars)

    def page_face() -> Element:  # a fresh element per style: lxml moves, not copies, an appended node
        return fonts.rfonts(kind, latin=fonts.east_asia[kind])

    return [
        _style(FOOTER, "footer", based_on=BODY, priority=99, hidden=True, ppr=[
            on_off("snapToGrid", False),
            el("spacing", before=0, after=0, line=twips(size), lineRule="exact"),
            el("ind", left=0, right=inset, firstLineChars=0, firstLine=0), el("jc", val="right"),
        ], rpr=[page_face(), el("spacing", val=0), *_size(size)]),
        _style(FOOTER_EVEN, "偶数页页脚", based_on=FOOTER, priority=99, hidden=True, ppr=[
            el("ind", left=inset, right=0, firstLineChars=0, firstLine=0), el("jc", val="left"),
        ], rpr=[page_face()]),
    ]


def housekeeping_styles() -> list[Element]:
    """The defaults Word expects in every styles part: paragraph font, table and list."""
    character = el("style", el("name", val="Default Paragraph Font"), el("uiPriority", val=1), el("semiHidden"),
                   el("unhideWhenUsed"), type="character", default="1", styleId="DefaultParagraphFont")
    table = el("style", el("name", val="Normal Table"), el("uiPriority", val=99), el("semiHidden"),
               el("unhideWhenUsed"),
               el("tblPr", el("tblInd", w=0, type="dxa"),
                  el("tblCellMar", el("top", w=0, type="dxa"), el("left", w=108, type="dxa"),
                     el("bottom", w=0, type="dxa"), el("right", w=108, type="dxa"))),
               type="table", default="1", styleId="TableNormal")
    numbering = el("style", el("name", val="No List"), el("uiPriority", val=99), el("semiHidden"),
                   el("unhideWhenUsed"), type="numbering", default="1", styleId="NoList")
    return [character, table, numbering]


def replace_styles(styles_element: Element, style: Style, fonts: Fonts, lang: str) -> None:
    """Swap the template's styles (theme-font ties, Japanese defaults) for ours; keep its latent list."""
    latent = styles_element.find(el("latentStyles").tag)
    for child in list(styles_element):
        styles_element.remove(child)
    defaults, *ours = (copy.deepcopy(e) for e in _our_styles(style, tuple(sorted(fonts.east_asia.items())),
                                                              fonts.latin, lang))
    styles_element.append(defaults)
    if latent is not None:
        styles_element.append(latent)
    for child in ours:
        styles_element.append(child)


@memo(16)
def _our_styles(style: Style, east_asia: tuple[tuple[str, str], ...], latin: str,
                lang: str) -> tuple[Element, ...]:
    """The document defaults and every style, made once per preset, faces and language (a rebuild copies them)."""
    fonts = Fonts(dict(east_asia), latin)
    return (doc_defaults(style, fonts, lang), *paragraph_styles(style, fonts), *housekeeping_styles())
