"""Layout decisions made once, for every format: where titles break, what stays together, what comes where.

`arrange` reads the document IR and the preset and returns a `Flow`: the blocks
in the order they are set, each with the decisions both writers express — the
lines of a centred title (measured with the faces that set it), blank lines
above, keep-with-next, new pages, outline levels, and the region a block lives
in (the first page's front matter, the body, the end block). The DOCX writer
turns them into Word settings; the page layout (`layout.pages`) sets them on
the grid for the fixed-page formats. Neither decides them again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import assert_never

from ..cjk.linebreak import Line, balance_parts, line_texts
from ..ir import (
    Appendix,
    Attendance,
    Block,
    DocNumber,
    Document,
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
from ..styles import MM, Style
from . import parastyles
from .boxes import TableBox, table_box
from .formal import HeadBox, SignBox, SignPlan, head_box, sign_box
from .measure import FaceMetrics, FontSet, broken, text_metrics
from .paginate import EndPlan
from .parastyles import ParagraphStyle


class Region(Enum):
    FRONT = "front"  # the first page's head: the 纪要 mark, the document number, the title
    BODY = "body"    # everything that flows from page to page (appendices too, each from a new page)
    END = "end"      # the end block (版记): after everything else, at the foot of a page


@dataclass(frozen=True)
class Placed:
    """One block with the decisions made for it."""

    block: Block
    region: Region
    style: ParagraphStyle | None = None  # a paragraph's named style
    lines: tuple[Line, ...] = ()         # a centred block (mark, number, title) or a heading broken into lines
    line_texts: tuple[str, ...] = ()     # ... and the text of each of those lines, spaces inside kept
    blank_before: int = 0                # empty lines above the block
    blank_after: int = 0                 # empty lines below it (under a title)
    keep_with_next: bool = False         # its last line on the same page as the next block's first
    new_page: bool = False               # starts a new page
    outline_level: int | None = None     # a heading's level in the document outline (bookmarks), from 0
    keep_caption: bool = False           # a photo and its caption, a table's caption and its first rows: one page
    repeat_header: bool = False          # a table's header row starts every page the table continues on
    rows_whole: bool = False             # a table row is never split across pages
    table: TableBox | None = None        # a table's columns and cell alignment, the same in every format
    head: HeadBox | None = None          # the formal edition's red head: where its parts go (`layout.formal`)
    sign: SignBox | None = None          # the formal edition's signature and seal
    # A paragraph whose last line would hold one character alone, so the line before gives it its last one
    # (`break_lines(tail=True)`): (start, end) of that line's text less the character given, in the block's
    # text, and how much wider (pt, in all) a word processor must set it so the character does not fit there.
    tail: tuple[int, int, float] | None = None


@dataclass(frozen=True)
class Flow:
    meta: Meta
    items: tuple[Placed, ...]
    # The end block's page (below the text, the next page, after a blank page) and its height in lines: it
    # depends on where the text's pages end, so the grid decides it (`grid.settle_end`) and records it here
    # for every format; None until then, or without an end block.
    end: EndPlan | None = None
    # How the formal edition's signature shares the last page of text (blank lines above it, or the spacing
    # adjusted, GB/T 9704 §7.3.5.5): decided on the grid (`grid.settle_sign`) for every format, like `end`.
    sign: SignPlan | None = None
    # Under each table, the space from its bottom rule down to the next grid line, in pt: its rows are set at
    # their own leading, and the text after it goes back to the grid; decided on the grid (`grid.settle_end`).
    table_gaps: tuple[float, ...] | None = None

    def region(self, region: Region) -> list[Placed]:
        return [p for p in self.items if p.region is region]


def _balanced(text: str, font: FaceMetrics, size: float, style: Style) -> tuple[tuple[Line, ...], tuple[str, ...]]:
    """Centred text in balanced lines over the text width (`balance_parts`), and the text of each line."""
    lines = balance_parts(text, text_metrics(font, size, None, style.page.text_width * MM))
    return tuple(lines), line_texts(text, lines) if lines else ()


def heading_lines(block: Heading, style: Style, fonts: FontSet) -> tuple[tuple[Line, ...], tuple[str, ...]]:
    """A heading on the grid, its first line indented, broken as a paragraph is (first fit, justified, the line
    rules), and the text of each line. GB/T 9704 §7.3.1 balances only the title: a body heading flows like the
    text, so Word and LibreOffice break it themselves at the same places, and the DOCX carries no break in it."""
    size = style.sizes.heading
    m = text_metrics(fonts[style.faces.heading(block.level)], size, style.chars_per_line, style.page.text_width * MM)
    lines = broken(m, block.full_text, style.headings.first_line_indent_chars * m.pitch, True)
    return lines, line_texts(block.full_text, list(lines)) if lines else ()


def arrange(doc: Document, style: Style, fonts: FontSet) -> Flow:
    """Every decision about breaks and spacing that does not depend on the output format."""
    items: list[Placed] = []
    end: list[Placed] = []
    front = 0
    outline = -1
    attendance_started = False

    def centred(block: Block, text: str, face: str, size: float, blank_before: int = 0,
                blank_after: int = 0) -> Placed:
        lines, texts = _balanced(text, fonts[face], size, style)
        return Placed(block, Region.FRONT, lines=lines, line_texts=texts or (text,), blank_before=blank_before,
                      blank_after=blank_after)

    head = False
    for block in doc.blocks:
        if isinstance(block, RedHead):
            box = head_box(block, style, fonts)
            items.append(Placed(block, Region.FRONT, head=box))
            front += 1
            head = True
        elif isinstance(block, Signature):
            items.append(Placed(block, Region.BODY, sign=sign_box(block, style, fonts), keep_with_next=True))
        elif isinstance(block, Mark):
            items.append(centred(block, block.text, style.faces.title, style.sizes.mark))
            front += 1
        elif isinstance(block, DocNumber):
            items.append(centred(block, block.text, style.faces.body, style.sizes.body))
            front += 1
        elif isinstance(block, Title):
            above = items[-1].head.title_blank if head and items[-1].head else 1 if front else 0
            items.append(centred(block, block.text, style.faces.title, style.sizes.title,
                                 blank_before=above, blank_after=style.title.lines_after))
            front += 1
        elif isinstance(block, Attendance):
            # One blank line between the body and the attendance block (GB/T 9704 §10.3).
            items.append(Placed(block, Region.BODY, blank_before=0 if attendance_started else 1))
            attendance_started = True
        elif isinstance(block, Appendix):
            # An appendix with a title in the outline (附件1's title): its headings one level below it.
            base = int(any(isinstance(b, Paragraph) and parastyles.get(b.style).outline for b in block.blocks))
            inner = []
            for b in block.blocks:
                inner.append(_body(b, outline, style, fonts, base))
                outline = inner[-1].outline_level if inner[-1].outline_level is not None else outline
            if inner:  # an appendix starts a page of its own, its own blank lines dropped there
                inner[0] = replace(inner[0], new_page=True, blank_before=0)
            items += inner
        elif isinstance(block, EndBlock):
            end.append(Placed(block, Region.END))  # always last, whatever follows it in the IR
        elif isinstance(block, Heading | Paragraph | Image | Table):
            items.append(_body(block, outline, style, fonts))
            outline = items[-1].outline_level if items[-1].outline_level is not None else outline
        else:
            assert_never(block)
    return Flow(doc.meta, tuple(items + end))


def body_lines(text: str, para: ParagraphStyle, style: Style, fonts: FontSet) -> tuple[Line, ...]:
    """A flowing paragraph (no hanging indent) broken as the grid sets it: first fit, no lone last character."""
    page = style.page
    measure = (page.width - page.margin_right) * MM - page.margin_left * MM  # the grid's `Geometry.measure`
    m = text_metrics(fonts[para.face_kind(style)], para.size_pt(style), style.chars_per_line, measure)
    return broken(m, text, para.indent(style) * m.pitch, True)


def _tail(text: str, lines: tuple[Line, ...], size: float) -> tuple[int, int, float] | None:
    """`Placed.tail` of a paragraph or heading broken into `lines` so that the last holds two characters: the
    line that gave one and how much wider a word processor must set it (the room it had holding that character
    and half an em more, so that the character is sure to go down and the rest to stay)."""
    given = next((k for k, line in enumerate(lines) if line.gave is not None), None)
    if given is None:
        return None
    texts = line_texts(text, list(lines))
    start = 0
    for piece in texts[:given + 1]:  # each line's text where it stands (spaces at the breaks are in no line)
        start = text.index(piece, start) + len(piece)
    end = start
    start -= len(texts[given])
    room = lines[given].gave
    assert room is not None
    return start, end, room + size / 2


def _body(block: Block, outline: int, style: Style, fonts: FontSet, base: int = 0) -> Placed:
    """A block of the flowing body; `outline` is the level of the heading before it (-1: none yet), `base` the
    outline levels above the block's own (1 inside an appendix whose title is in the outline)."""
    if isinstance(block, Heading):
        level = min(block.level - 1 + base, outline + 1)  # an outline never skips a level
        heading, parts = heading_lines(block, style, fonts)
        return Placed(block, Region.BODY, lines=heading, line_texts=parts, keep_with_next=True, outline_level=level,
                      tail=_tail(block.full_text, heading, style.sizes.heading))
    if isinstance(block, Paragraph):
        para = parastyles.get(block.style)
        lines: tuple[Line, ...] = ()
        texts: tuple[str, ...] = ()
        tail = None
        if para.align == "centre":  # centred text is balanced, as a title is, and broken the same in every format
            lines, texts = _balanced(block.text, fonts[para.face_kind(style)], para.size_pt(style), style)
        elif not (para.hanging_chars or para.left_chars):
            tail = _tail(block.text, body_lines(block.text, para, style, fonts), para.size_pt(style))
        return Placed(block, Region.BODY, style=para, lines=lines, line_texts=texts, blank_before=para.blank_before,
                      blank_after=para.blank_after, keep_with_next=para.keep_with_next, new_page=para.new_page,
                      outline_level=0 if para.outline else None, tail=tail)
    if isinstance(block, Image):
        return Placed(block, Region.BODY, keep_caption=bool(block.caption))
    if isinstance(block, Table):
        # A table that does not fit splits between its rows, or inside a row between its lines (its header
        # repeated, nothing above it: no page ends with empty lines before a tall row), and the text after it
        # starts on the grid, at least one grid line below its bottom rule (`Flow.table_gaps`).
        return Placed(block, Region.BODY, keep_caption=bool(block.caption), repeat_header=True,
                      table=table_box(block, style, fonts), blank_after=1)
    if isinstance(block, Attendance):
        return Placed(block, Region.BODY)
    if isinstance(block, Title | Mark | DocNumber | EndBlock | Appendix | RedHead | Signature):
        raise TypeError(f"{type(block).__name__} cannot stand in the body")
    assert_never(block)
