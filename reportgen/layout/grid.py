"""The fixed-page layout: a `Flow` set on the preset's line grid, as pages of positioned glyphs.

Every text line takes one grid line (GB/T 9704: 22 lines of 28 characters);
lines are broken and justified by `reportgen.cjk.linebreak`, pages filled by
`paginate`. The result (`page.PageLayout`) holds no font object and no drawing
call, so the PDF writer and any other fixed-page writer only draw it.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import assert_never

from ..caches import memo
from ..cjk.linebreak import (
    CLOSE,
    LATIN,
    OPEN,
    UNIT,
    Glyph,
    Line,
    Metrics,
    balance_parts,
    break_lines,
    run_in,
)
from ..fonts import ink_extent, ink_top
from ..ir import (
    Appendix,
    Attendance,
    DocNumber,
    EndBlock,
    Heading,
    Image,
    Mark,
    Paragraph,
    RedHead,
    Signature,
    Table,
    Title,
)
from ..styles import MM, Style
from .boxes import TABLE_RULE, cell_lines, image_box, image_lines, image_top
from .faces import label_face
from .flow import Flow, Placed, Region, body_lines
from .formal import EM_TOP, MIN_SQUEEZED_PITCH, SignPlan, kai_face
from .measure import FaceMetrics, FontSet, broken, text_metrics
from .page import Anchor, GlyphRun, Item, Page, PageLayout, Picture, Strokes
from .paginate import LINE, Box, EndPage, EndPlan, end_page, paginate

# Where a line's baseline sits in its grid line: the CJK em box (bottom at -0.12 em) centred vertically.
EM_BOX_CENTRE = 0.38
EM_BOX_TOP_BELOW = 0.12  # the em box's bottom below the baseline, in ems (its top is 0.88 above)
MARK_LEADING = 1.2  # the 纪要 mark's lines, in ems
DASH = "—"
DASH_OVERLAP = 0.02  # ems by which the inks of a —— run's glyphs overlap, so that no seam shows between them


@dataclass(frozen=True, slots=True)
class _Piece:
    """One broken line of text placed on a grid line: `x` from the left edge of the text block."""

    line: Line
    face: str
    size: float
    x: float = 0.0
    bold: bool = False
    color: tuple[float, float, float] | None = None


# Something set on a grid line besides text (a photo, table rules), made once the line's top is known.
Art = Callable[[float], Item]


@dataclass
class _Row:
    """What one grid line holds: text pieces, drawings, and the rules that keep it with the next line."""

    pieces: list[_Piece] = field(default_factory=list)
    keep_with_next: bool = False
    outline: tuple[str, int] | None = None  # (text, level) on a heading's first line
    art: list[Art] = field(default_factory=list)
    header_of: int | None = None  # this line belongs to the header of table number n (repeated on new pages)
    body_of: int | None = None    # ... or to a body row of table n
    new_page: bool = False        # this line starts a page
    table_edges: tuple[float, ...] | None = None  # a table line that needs a bottom rule when a page ends at it
    closed: bool = False          # ... and already has one (the last line of a table row)
    overlay: list[Art] = field(default_factory=list)  # drawn over everything else on its page (a seal)
    item: int = -1                # the flow item it belongs to
    box: Box = LINE               # how much of a page it takes (a cell line: its own leading, off the grid)
    cell: _CellLine | None = None  # a line of a table row

    def copy(self) -> _Row:
        return _Row(list(self.pieces), self.keep_with_next, None, list(self.art), self.header_of, None,
                    table_edges=self.table_edges, closed=self.closed, box=self.box, cell=self.cell)


@dataclass(frozen=True)
class _CellLine:
    """A line of a table's row: which row (table, row), whether it is the row's first, and the space above its
    text's line box when it starts the row or a page's part of it (the rule, the padding)."""

    row: tuple[int, int]
    first: bool
    drop: float       # pt the table is set below the top of the line it starts on (the header's first line)
    lead: float       # pt above the line box when the row, or a page's part of it, starts with it
    leading: float
    edges: tuple[float, ...]


class Geometry:
    """The page in points, from the preset."""

    def __init__(self, style: Style):
        page = style.page
        self.width, self.height = page.width * MM, page.height * MM
        self.left = page.margin_left * MM
        self.right = (page.width - page.margin_right) * MM
        self.top = (page.height - page.margin_top) * MM
        self.bottom = page.margin_bottom * MM
        self.measure = self.right - self.left
        self.pitch = style.line_pitch
        self.lines = style.lines_per_page

    def line_top(self, slot: float) -> float:
        return self.top - slot * self.pitch

    def baseline(self, slot: int, size: float) -> float:
        return self.top - (slot + 0.5) * self.pitch - EM_BOX_CENTRE * size


def glyph_x(g: Glyph, font: FaceMetrics, size: float) -> float:
    """Where to draw a glyph so it sits in its box: full-width marks keep their ink in place when squeezed,
    and a narrow glyph (a proportional “ in some faces) is placed as a full-width one would be."""
    if g.kind == LATIN:
        return g.x
    origin = g.x - g.squeezed_left
    spare = size - font.advance(g.char, size)
    if spare <= 1e-6:
        return origin
    if g.kind == OPEN:
        return origin + spare
    if g.kind == CLOSE:
        return origin
    return origin + spare / 2


def glyph_xs(glyphs: tuple[Glyph, ...], font: FaceMetrics, size: float) -> list[float]:
    """Where to draw each glyph of a line (`glyph_x`), a run of dashes (——) drawn as one unbroken rule: each
    dash moved so that its ink meets the next one's (a face's dash ink is often narrower than its em), the
    rule centred on the run's boxes. The text stays the dashes themselves."""
    xs = [glyph_x(g, font, size) for g in glyphs]
    k = 0
    while k < len(glyphs):
        end = k
        while end < len(glyphs) and glyphs[end].char == DASH and glyphs[end].kind == UNIT:
            end += 1
        if end - k < 2:
            k = max(end, k + 1)
            continue
        ink = ink_extent(font.face, DASH)
        if ink is None:
            return xs
        left, width = ink[0] * size, (ink[1] - ink[0]) * size
        step = width - DASH_OVERLAP * size
        centre = (glyphs[k].x - glyphs[k].squeezed_left + glyphs[end - 1].x + glyphs[end - 1].width) / 2
        start = centre - (step * (end - k - 1) + width) / 2
        for n in range(k, end):
            xs[n] = start + (n - k) * step - left
        k = end
    return xs


@memo(4_096)
def _runs(line: Line, font: FaceMetrics, face: str, size: float, x0: float, y: float, bold: bool,
          color: tuple[float, float, float] | None) -> tuple[GlyphRun, ...]:
    """A broken line set at (x0, y) as runs of one face each, kept by value: a rebuild after an edit sets again
    only the lines that changed or moved (and a writer then sees the very runs it has drawn before)."""
    xs = glyph_xs(line.glyphs, font, size)
    runs: list[GlyphRun] = []
    k = 0
    for latin, glyphs in itertools.groupby(line.glyphs, key=lambda g: g.kind == LATIN and font.latin_sets(g.char)):
        group = list(glyphs)
        runs.append(GlyphRun("latin" if latin else face, size, "".join(g.char for g in group),
                             array("d", [x0 + x for x in xs[k:k + len(group)]]), y, bold, color))
        k += len(group)
    return tuple(runs)


class _Grid:
    """Every placed block broken into grid lines: the first page's front lines, the flowing body, the end block."""

    def __init__(self, style: Style, fonts: FontSet):
        self.style, self.fonts, self.geo = style, fonts, Geometry(style)
        self.chars = style.chars_per_line
        self.body_face = style.faces.body
        self.body_m = self.metrics(self.body_face, style.sizes.body, self.chars)
        self.indent = style.body.first_line_indent_chars * self.body_m.pitch
        self.front: list[_Row] = []
        self.front_items: list[Item] = []  # drawn on the first page at fixed places (the 纪要 mark)
        self.rows: list[_Row] = []
        self.end: EndBlock | None = None
        self.tables = 0
        self.plan: SignPlan | None = None  # the formal edition's signature on its page (`settle_sign`)
        self.squeeze: tuple[int, float, float] | None = None  # (page, first grid line, pitch) set closer
        self.sign_item: int | None = None  # the flow item of the signature

    def metrics(self, face: str, size: float, chars: int | None, measure: float | None = None) -> Metrics:
        return text_metrics(self.fonts[face], size, chars, self.geo.measure if measure is None else measure)

    def runs(self, piece: _Piece, x0: float, y: float) -> list[GlyphRun]:
        """The piece's glyphs as runs of one face each: letters and digits in the Latin face where there is one."""
        return list(_runs(piece.line, self.fonts[piece.face], piece.face, piece.size, x0, y,
                          piece.bold, piece.color))

    # --- blocks ------------------------------------------------------------------------------------

    def add(self, placed: Placed) -> None:
        block = placed.block
        if placed.region is Region.FRONT:
            self.add_front(placed)
            return
        if placed.region is Region.END:
            assert isinstance(block, EndBlock)
            self.end = block
            return
        start = len(self.rows)
        self.rows += [_Row(keep_with_next=True) for _ in range(placed.blank_before)]
        if isinstance(block, Heading):
            self.heading(block, placed)
        elif isinstance(block, Paragraph):
            self.paragraph(block, placed)
        elif isinstance(block, Attendance):
            self.attendance(block)
        elif isinstance(block, Image):
            self.image(block, placed)
        elif isinstance(block, Table):
            self.table(block, placed)
        elif isinstance(block, Signature):
            self.signature(block, placed)
        elif isinstance(block, Title | Mark | DocNumber | EndBlock | Appendix | RedHead):
            raise AssertionError(f"{type(block).__name__} is placed in the {placed.region} region")
        else:
            assert_never(block)
        if placed.new_page and start < len(self.rows):
            self.rows[start].new_page = True
        if placed.keep_with_next and self.rows:
            self.rows[-1].keep_with_next = True
        self.rows += [_Row(keep_with_next=placed.keep_with_next) for _ in range(placed.blank_after)]

    def add_front(self, placed: Placed) -> None:
        style, block = self.style, placed.block
        self.front += [_Row() for _ in range(placed.blank_before)]
        if isinstance(block, Mark):
            self.mark(placed)
        elif isinstance(block, RedHead):
            self.red_head(placed)
        elif isinstance(block, DocNumber):
            self.front += [_Row([self.centre(line, self.body_face, style.sizes.body)]) for line in placed.lines]
        elif isinstance(block, Title):
            self.front += [_Row([self.centre(line, style.faces.title, style.sizes.title, style.title.bold)])
                           for line in placed.lines]
        elif isinstance(block, Heading | Paragraph | Attendance | Image | Table | EndBlock | Appendix | Signature):
            raise AssertionError(f"{type(block).__name__} is not front matter")
        else:
            assert_never(block)
        self.front += [_Row() for _ in range(placed.blank_after)]

    def centre(self, line: Line, face: str, size: float, bold: bool = False,
               color: tuple[float, float, float] | None = None) -> _Piece:
        return _Piece(line, face, size, (self.geo.measure - line.right) / 2, bold, color)

    def heading(self, block: Heading, placed: Placed) -> None:
        """A heading's lines as the flow broke them (as a paragraph, first fit), each flush left, kept with the next."""
        style = self.style
        face = style.faces.heading(block.level)
        rows = [_Row([_Piece(line, face, style.sizes.heading, bold=style.headings.bold)], keep_with_next=True)
                for line in placed.lines]
        if rows:
            rows[0].outline = (block.full_text, placed.outline_level or 0)
        self.rows += rows

    def paragraph(self, block: Paragraph, placed: Placed) -> None:
        style = self.style
        para = placed.style
        assert para is not None
        face, size = para.face_kind(style), para.size_pt(style)
        if para.align == "centre":  # balanced by the flow
            rows = [_Row([self.centre(line, face, size)]) for line in placed.lines] or [_Row()]
            if placed.outline_level is not None and placed.lines:  # an attachment's title: a bookmark
                rows[0].outline = (" ".join(block.text.split()), placed.outline_level)
            self.rows += rows
            return
        m = self.body_m if (face, size) == (self.body_face, style.sizes.body) else self.metrics(face, size, self.chars)
        indent = (para.left_chars + para.indent(style)) * m.pitch
        if para.hanging_chars or para.left_chars:
            # Lines after the first start `hanging` characters right of the first line's start: set them on
            # the narrower measure right of that point, the first line reaching back left of it.
            chars = para.left_chars + para.indent(style) + para.hanging_chars
            offset = chars * m.pitch
            narrow = self.metrics(face, size, self.chars - chars if self.chars else None, self.geo.measure - offset)
            pieces = [_Piece(line, face, size, offset)
                      for line in broken(narrow, block.text, indent - offset)]
        else:  # as the flow broke it, its last line never one character alone (`Placed.tail`)
            pieces = [_Piece(line, face, size) for line in body_lines(block.text, para, style, self.fonts)]
        rows = [_Row([piece]) for piece in pieces] or [_Row()]  # an empty paragraph is an empty line, as in Word
        # All on one page; or, as Word's widow control: no single first line at the bottom of a page, no single
        # last line at the top of one.
        kept = rows[:-1] if para.keep_together else [rows[0], rows[-2]] if len(rows) >= 2 else []
        for row in kept:
            row.keep_with_next = True
        self.rows += rows

    def mark(self, placed: Placed) -> None:
        """The 纪要 mark: its top edge `mark_top` mm below the text block's top, centred, red; the grid
        lines it covers are taken from the body (the number and the title follow on the next free line)."""
        style, geo = self.style, self.geo
        face, size = style.faces.title, style.sizes.mark
        top = style.minutes.mark_top * MM
        color = _rgb(style.minutes.mark_color)
        ascent = 1 - EM_BOX_TOP_BELOW
        for k, line in enumerate(placed.lines):
            piece = self.centre(line, face, size, color=color)
            y = geo.top - top - ascent * size - k * size * MARK_LEADING
            self.front_items += self.runs(piece, geo.left + piece.x, y)
        used = top + size * (1 + MARK_LEADING * (len(placed.lines) - 1))
        self.front += [_Row() for _ in range(math.ceil(used / geo.pitch - 1e-6))]

    def red_head(self, placed: Placed) -> None:
        """The formal edition's head as `layout.formal.head_box` placed it: 份号/密级/紧急程度, the red mark at
        its fixed place, 签发人 and the number on their grid rows, the red rule across the block."""
        style, geo, box = self.style, self.geo, placed.head
        assert box is not None and not self.front, "the red head opens the document"
        body, face = style.sizes.body, self.body_face
        color = _rgb(style.minutes.mark_color)
        rows = [_Row() for _ in range(box.rows)]
        for k, line in enumerate(box.corner):
            rows[k].pieces.append(_Piece(line, face, body))
        mark = _Piece(box.mark, style.faces.title, box.mark_size, (geo.measure - box.mark.right) / 2, color=color)
        self.front_items += self.runs(mark, geo.left + mark.x, geo.top - box.mark_top - EM_TOP * box.mark_size)
        first = box.first_signer_row
        if box.label is not None:
            rows[first].pieces.append(_Piece(box.label, face, body, box.label_x))
        for k, names in enumerate(box.names):
            rows[first + k].pieces += [_Piece(name, kai_face(style), body, box.names_x + j * box.name_step)
                                       for j, name in enumerate(names)]
        if box.number is not None:
            rows[box.number_row].pieces.append(_Piece(box.number, face, body, box.number_x))
        y = geo.top - box.rule_y
        self.front_items.append(Strokes(box.rule_width, ((geo.left, y, geo.right, y),), color))
        self.front += rows

    def signature(self, block: Signature, placed: Placed) -> None:
        """Blank lines (as the plan says), the issuing body's name, the date; the seal over both, centred on the
        date and on the name line's top (§7.3.5.1), drawn over the text."""
        geo, box, size = self.geo, placed.sign, self.style.sizes.body
        assert box is not None
        plan = self.plan or SignPlan(box.blank)
        face = self.body_face
        rows = [_Row(keep_with_next=True) for _ in range(plan.blank)]
        name = _Row([_Piece(box.issuer, face, size, geo.measure - box.issuer_right - box.issuer.right)],
                    keep_with_next=True)
        date = _Row([_Piece(box.date, face, size, geo.measure - box.date_right - box.date.right)])
        seal, sign = block.seal, box.seal
        if seal is not None and sign is not None:
            width, height = sign
            x = geo.right - box.date_centre - width / 2
            drop = box.seal_drop

            def picture(top: float) -> Item:
                return Picture(seal.data, x, top + drop - height / 2, width, height)

            name.overlay.append(picture)
        if plan.keep and self.rows:
            self.rows[-1].keep_with_next = True  # the last lines of text go with the signature
        self.rows += [*rows, name, date]

    def line_top(self, page: int, line: float) -> float:
        """A grid line's top: the grid's, or closer set on the page whose spacing the signature adjusted."""
        squeeze = self.squeeze
        if squeeze is not None and page == squeeze[0] and line > squeeze[1]:
            return self.geo.line_top(squeeze[1]) - (line - squeeze[1]) * squeeze[2]
        return self.geo.line_top(line)

    def baseline(self, page: int, line: float, size: float) -> float:
        squeeze = self.squeeze
        pitch = squeeze[2] if squeeze is not None and page == squeeze[0] and line >= squeeze[1] else self.geo.pitch
        return self.line_top(page, line) - 0.5 * pitch - EM_BOX_CENTRE * size

    def attendance(self, block: Attendance) -> None:
        """`出席：` in the label face two characters in, the names after it; wrapped lines start under the
        first name (a hanging indent: the names are broken to the measure that is left)."""
        style = self.style
        size = style.sizes.body
        label_m = self.metrics(label_face(style), size, self.chars)
        label = run_in(f"{block.label}：", label_m)
        start = self.indent
        hang = start + label.right + self.body_m.tracking
        chars = self.chars - round(hang / self.body_m.pitch) if self.chars else None
        names_m = self.metrics(self.body_face, size, chars, self.geo.measure - hang)
        lines = broken(names_m, block.text)
        rows = [_Row([_Piece(line, self.body_face, size, hang)], keep_with_next=True) for line in lines]
        rows[0].pieces.insert(0, _Piece(label, label_face(style), size, start))
        rows[-1].keep_with_next = False
        if len(rows) >= 2:
            rows[-2].keep_with_next = True
        self.rows += rows

    def caption(self, text: str, keep_with_next: bool) -> list[_Row]:
        size = self.style.caption_size
        m = self.metrics(self.body_face, size, None)
        return [_Row([self.centre(line, self.body_face, size)], keep_with_next=keep_with_next)
                for line in balance_parts(text, m)]

    def image(self, block: Image, placed: Placed) -> None:
        """The photo across the text width, aspect kept (`boxes.image_box`), on whole grid lines with even
        gaps above it, between it and its caption and under the caption, the caption on the same page."""
        geo = self.geo
        caption = self.caption(block.caption, False) if block.caption else []
        width, height = image_box(block, self.style)
        count = image_lines(block, self.style)
        x = geo.left + (geo.measure - width) / 2
        below = image_top(block, self.style)  # the gaps above the photo, under it and under the caption even

        def picture(top: float) -> Item:
            return Picture(block.data, x, top - below - height, width, height)

        rows = [_Row(keep_with_next=True) for _ in range(count)]  # a photo is never split
        rows[0].art.append(picture)
        # The DOCX puts the gap above the photo in its paragraph's space before, which LibreOffice drops at the top
        # of a page: there the page's lines come up by the gap, in both files.
        rows[0].box = Box(opens=-below / geo.pitch)
        rows[-1].keep_with_next = placed.keep_caption
        self.rows += rows + caption

    def table(self, block: Table, placed: Placed) -> None:
        """Rows of cells on grid lines, the columns as the flow decided them (`boxes.table_box`), each cell's
        text broken by the shared line breaker and set flush left or centred, never spread; the header's
        lines are kept with the first row and repeated at the top of each page the table continues on, with
        nothing above them: Word repeats a header row and cannot write 续表, and both files show the same
        continued page. A row may split between its lines."""
        style, geo = self.style, self.geo
        box = placed.table
        assert box is not None
        number = self.tables
        self.tables += 1
        size = style.sizes.table
        edges = box.edges
        if block.caption:
            self.rows += self.caption(block.caption, placed.keep_caption)

        def cells(texts: tuple[str, ...], face: str, centred: tuple[bool, ...],
                  right: tuple[bool, ...], row: int | None = None) -> list[list[_Piece]]:
            columns = []
            for k, text in enumerate(texts):
                inner = box.inner(k, row)
                pieces = []
                for line in cell_lines(text, self.metrics(face, size, None, inner)):
                    free = inner - line.right
                    x = edges[k] + box.pad + (free if right[k] else free / 2 if centred[k] else 0.0)
                    pieces.append(_Piece(line, face, size, x))
                columns.append(pieces)
            return columns

        metrics = box.rows
        assert metrics is not None
        pitch, leading = geo.pitch, metrics.leading
        above = metrics.rule + metrics.top  # a row's rule and padding over its first line
        # LibreOffice lets a table's row reach its rule's width past the last grid line, no further (measured: a
        # row 0.28 pt past it stays on the page, one 0.77 pt or 7.2 pt past goes to the next).
        past = TABLE_RULE / pitch

        def row_lines(columns: list[list[_Piece]], header: bool, index: int) -> list[_Row]:
            """A row's lines, each its leading high: the first with the rule and the padding above it (and the
            table's drop, on the header), the last with the padding under it; a page may end between them."""
            count = max(1, *(len(c) for c in columns))
            drop = metrics.drop if header else 0.0
            rows = []
            for k in range(count):
                first, last = k == 0, k == count - 1
                height = leading + (drop + above if first else 0.0) + (metrics.bottom if last else 0.0)
                row = _Row([c[k] for c in columns if k < len(c)],
                           keep_with_next=header or (placed.rows_whole and not last),
                           table_edges=edges, closed=last,
                           box=Box(height / pitch, 0.0 if first else above / pitch,
                                   0.0 if last else metrics.bottom / pitch, snap=False, past=past),
                           cell=_CellLine((number, index), first, drop, above, leading, edges))
                if header and placed.repeat_header:
                    row.header_of = number
                elif not header:
                    row.body_of = number
                rows.append(row)
            return rows

        flush = (False,) * len(block.header)
        self.rows += row_lines(cells(block.header, label_face(style), (True,) * len(block.header), flush), True, 0)
        for r, (texts, centred) in enumerate(zip(block.rows, box.centred, strict=True)):
            right = tuple(box.aligned_right(r, k) for k in range(len(texts)))
            self.rows += row_lines(cells(texts, self.body_face, centred, right, r), False, r + 1)

    # --- pages -------------------------------------------------------------------------------------

    def placed_rows(self, rows: list[_Row] | None = None) -> list[list[tuple[float, _Row]]]:
        """Rows placed on pages (all of them, or `rows`): (top in grid lines, row) per page, a text line's top a
        whole grid line, a table's lines at their own leading; a table's header repeated at the top of each page
        the table's body continues on (inserted as the page starts, in one pass)."""
        rows = list(self.rows if rows is None else rows)
        headers: dict[int, list[_Row]] = {}
        for r in self.rows:
            if r.header_of is not None and r.body_of is None:
                headers.setdefault(r.header_of, []).append(r)
        extra = {self.squeeze[0]: self.plan.extra} if self.squeeze is not None and self.plan is not None else None

        def page_started(index: int) -> list[tuple[bool, Box]]:
            table = rows[index].body_of
            if table is None:
                return []
            added = [r.copy() for r in headers.get(table, [])]
            rows[index:index] = added
            return [(r.keep_with_next, r.box) for r in added]

        slots = paginate([r.keep_with_next for r in rows], self.geo.lines, first_page_start=len(self.front),
                         new_page=frozenset(k for k, r in enumerate(rows) if r.new_page), extra=extra,
                         page_started=page_started, boxes=[r.box for r in rows])
        pages: list[list[tuple[float, _Row]]] = [[(float(k), row) for k, row in enumerate(self.front)]]
        for slot in slots:
            while len(pages) <= slot.page:
                pages.append([])
            pages[slot.page].append((slot.top, rows[slot.index]))
        return pages

    def page(self, index: int, placed: list[tuple[float, _Row]]) -> Page:
        geo = self.geo
        items: list[Item] = list(self.front_items) if index == 0 else []
        overlay: list[Item] = []
        for k, (grid_line, row) in enumerate(placed):
            top = self.line_top(index, grid_line)
            items += [art(top) for art in row.art]
            overlay += [art(top) for art in row.overlay]
            cell = row.cell
            if cell is not None:
                before = placed[k - 1][1].cell if k else None
                reopened = not cell.first and (before is None or before.row != cell.row)
                ends_page = k + 1 == len(placed)
                bottom = top - row.box.height * geo.pitch - (row.box.opens * geo.pitch if reopened else 0.0)
                if ends_page and not row.closed:
                    bottom -= row.box.closes * geo.pitch
                top -= cell.drop if cell.first else 0.0  # the table's top rule, below its line's top
                opens = cell.first or reopened
                items.append(_cell_rules(geo, cell.edges, top, bottom, first=opens, last=row.closed or ends_page))
                box_top = top - (cell.lead if opens else 0.0)
                for piece in row.pieces:
                    y = box_top - cell.leading / 2 - EM_BOX_CENTRE * piece.size
                    items += self.runs(piece, geo.left + piece.x, y)
                continue
            if row.table_edges and not row.closed and k + 1 == len(placed):
                y = top - geo.pitch  # a table row split by the page end: the table's bottom rule under it
                items.append(Strokes(TABLE_RULE, ((geo.left, y, geo.right, y),)))
            for piece in row.pieces:
                y = self.baseline(index, grid_line, piece.size)
                if row.outline and piece is row.pieces[0]:
                    items.append(Anchor(f"h{index}-{grid_line:g}", row.outline[0], row.outline[1],
                                        y + piece.size + geo.pitch / 2))
                items += self.runs(piece, geo.left + piece.x, y)
        items += overlay
        items += self.page_number(index + 1)
        return Page(tuple(items), index + 1)

    def page_number(self, number: int) -> list[Item]:
        """`— n —` `below_text_block` mm under the text block (the dash's top), outside: odd right, even left."""
        style, geo = self.style, self.geo
        face = style.faces.page_number
        font = self.fonts[face]
        size = style.sizes.page_number
        label = style.page_number.format.format(n=number)
        # A space in `— 1 —` is half an em whatever the face's space is (CJK faces' are thin, and then text
        # extraction reads "—1—"); each piece is drawn at its own position.
        gap = max(font.advance(" ", size), size / 2)
        pieces = label.split(" ")
        width = sum(font.advance(ch, size) for ch in label.replace(" ", "")) + gap * (len(pieces) - 1)
        dash_top = geo.bottom - style.page_number.below_text_block * MM
        top = ink_top(font.face, "—")
        y = dash_top - (0.4 if top is None else top) * size
        inset = style.sizes.body * style.page_number.outside_indent_chars
        x = geo.right - inset - width if number % 2 else geo.left + inset
        runs: list[Item] = []
        for piece in pieces:  # each piece a run of positioned glyphs, like any other text
            xs = []
            for ch in piece:
                xs.append(x)
                x += font.advance(ch, size)
            runs.append(GlyphRun(face, size, piece, array("d", xs), y))
            x += gap
        return runs

    def end_rows(self) -> list[list[_Piece]]:
        """The end block's text, one grid line each: 抄送 (wrapped lines after the label), then 印发."""
        assert self.end is not None
        style, geo, end = self.style, self.geo, self.end
        size = style.sizes.end_block
        inset = size  # one character in from each side
        measure = geo.measure - 2 * inset
        body = self.body_face
        rows: list[list[_Piece]] = []
        if end.copy_line:
            label = run_in("抄送：", self.metrics(body, size, None))
            hang = inset + label.right
            m = self.metrics(body, size, None, measure - label.right)
            for k, line in enumerate(broken(m, end.copy_to)):
                rows.append(([_Piece(label, body, size, inset)] if k == 0 else []) + [_Piece(line, body, size, hang)])
        m = self.metrics(body, size, None, measure)
        issuer = break_lines(end.issuer, m)[0]
        issued = break_lines(end.issued, m)[0]
        rows.append([_Piece(issuer, body, size, inset), _Piece(issued, body, size, geo.measure - inset - issued.right)])
        return rows

    def end_plan(self, pages: list[list[tuple[float, _Row]]]) -> EndPlan:
        """Where the end block goes after these pages of text (`paginate.end_page`)."""
        last_line = _last_line(pages[-1])
        lines = len(self.end_rows())
        return EndPlan(end_page(len(pages), last_line, lines, self.geo.lines), lines)

    def end_items(self) -> list[Item]:
        """The end block set up from the text block's bottom: rules, then text, one grid line a row."""
        style, geo = self.style, self.geo
        size = style.sizes.end_block
        rows = self.end_rows()
        thick, thin = style.minutes.thick_rule * MM, style.minutes.thin_rule * MM
        text: list[Item] = []
        rules = [(geo.bottom, thick)]
        for k, pieces in enumerate(reversed(rows)):
            bottom = geo.bottom + k * geo.pitch
            baseline = bottom + geo.pitch / 2 - EM_BOX_CENTRE * size
            text += [run for piece in pieces for run in self.runs(piece, geo.left + piece.x, baseline)]
            if k == 0 and len(rows) > 1:
                rules.append((bottom + geo.pitch, thin))  # between 抄送 and 印发
        rules.append((geo.bottom + len(rows) * geo.pitch, thick))
        strokes: list[Item] = [Strokes(width, ((geo.left, y, geo.right, y),)) for y, width in rules]
        return strokes + text


def _cell_rules(geo: Geometry, edges: tuple[float, ...], top: float, bottom: float, *, first: bool,
                last: bool) -> Item:
    """A table line's column rules from its top to its bottom; the row's rule over it when it starts the row
    (or a page's part of it) and under it when it ends one."""
    segments = [(geo.left + x, top, geo.left + x, bottom) for x in edges]
    segments += [(geo.left, y, geo.right, y) for flag, y in ((first, top), (last, bottom)) if flag]
    return Strokes(TABLE_RULE, tuple(segments))


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def _grid(flow: Flow, style: Style, fonts: FontSet) -> _Grid:
    grid = _Grid(style, fonts)
    grid.plan = flow.sign
    for k, placed in enumerate(flow.items):
        start = len(grid.rows)
        if isinstance(placed.block, Signature):
            grid.sign_item = k
        grid.add(placed)
        for row in grid.rows[start:]:
            row.item = k
    plan = flow.sign
    if plan is not None and plan.squeeze_from is not None and plan.squeeze_to is not None:
        # The squeezed page: the one the first squeezed block starts on, from its first grid line.
        lo, sign = plan.squeeze_from, grid.sign_item
        pages = grid.placed_rows([r for r in grid.rows if sign is None or r.item < sign])
        for index, page in enumerate(pages):
            lines = [line for line, row in page if row.item == lo]
            if lines:
                grid.squeeze = (index, min(lines), plan.pitch)
                break
    return grid


def settle_sign(flow: Flow, style: Style, fonts: FontSet) -> Flow:
    """The flow with the formal edition's signature settled on the grid (`Flow.sign`, GB/T 9704 §7.3.5):
    the blank lines that put the seal's top within a line of the text, fewer when the page has less room,
    and when not even the name and the date fit, the last page's lines from its first block on set closer
    (§7.3.5.5: adjust the spacing, never a page with the signature alone, never 此页无正文). A flow without a
    signature, or already settled, as it is."""
    signs = [k for k, p in enumerate(flow.items) if isinstance(p.block, Signature)]
    if flow.sign is not None or not signs:
        return flow
    si = signs[0]
    box = flow.items[si].sign
    assert box is not None
    grid = _grid(flow, style, fonts)
    tail_to = si
    while tail_to + 1 < len(flow.items) and _follows_signature(flow.items[tail_to + 1]):
        tail_to += 1
    tail = 2 + sum(1 for r in grid.rows if si < r.item <= tail_to)
    pages = grid.placed_rows([r for r in grid.rows if r.item < si])
    lines = grid.geo.lines
    last_line = _last_line(pages[-1])
    free = lines - 1 - last_line
    # One blank line fewer lets the seal press on the last line of text; more would bury the text under it.
    least = max(box.blank - 1, 0)
    if free >= box.blank + 2:
        plan = SignPlan(box.blank)
    elif free >= least + 2:
        plan = SignPlan(least)
    else:  # closer lines; or, where they cannot be (a photo, a table), the seal pressing on more of the text
        plan = (_squeeze(flow, grid, pages, tail_to, tail, least)
                or (SignPlan(0) if free >= 2 else SignPlan(0, keep=True)))
    return replace(flow, sign=plan)


def _follows_signature(placed: Placed) -> bool:
    """The 附注 after the signature: it stays under the date."""
    return isinstance(placed.block, Paragraph) and placed.block.style == "formal-note"


def _squeeze(flow: Flow, grid: _Grid, pages: list[list[tuple[float, _Row]]], tail_to: int, tail: int,
             blank: int) -> SignPlan | None:
    """The last page's blocks (from the first that starts on it) and the signature (`blank` lines above it, then
    its `tail` lines: name, date, 附注) set at a closer pitch that fits them all, when that pitch is still
    readable and they are all text; else None."""
    geo, style = grid.geo, grid.style
    page = pages[-1]
    last_line = _last_line(page)
    previous = -1
    for line, row in page:
        if row.item != previous and row.item >= 0 and (line > 0 or row.item != _item_before(pages, row)):
            start_line, start_item = line, row.item
            break
        previous = row.item
    else:
        return None
    if start_item < 0 or any(not isinstance(p.block, Paragraph | Heading | Attendance | Signature)
                             for p in flow.items[start_item:tail_to + 1]):
        return None
    count = last_line + 1 - start_line + blank + tail
    pitch = math.floor((geo.lines - start_line) * geo.pitch / count * 20) / 20  # whole twips, for the DOCX
    if pitch < MIN_SQUEEZED_PITCH * style.sizes.body:
        return None
    return SignPlan(blank, start_item, tail_to, pitch, last_line + 1 + blank + tail - geo.lines)


def _last_line(page: list[tuple[float, _Row]]) -> int:
    """The last grid line a page's rows reach into (-1 for none)."""
    return max((math.ceil(at + row.box.height - 1e-6) - 1 for at, row in page), default=-1)


def _item_before(pages: list[list[tuple[float, _Row]]], row: _Row) -> int:
    """The flow item of the row placed just before `row` (on an earlier page), -1 if none."""
    before = -1
    for page in pages:
        for _, r in page:
            if r is row:
                return before
            before = r.item
    return before


def _table_gaps(grid: _Grid, pages: list[list[tuple[float, _Row]]]) -> tuple[float, ...]:
    """Under each table, the space from its bottom rule to the next grid line, in pt (`Flow.table_gaps`)."""
    bottoms: dict[int, tuple[float, float]] = {}
    for page in pages:
        lines = [at for at, row in page if row.cell is None]  # the page's grid (a photo starting it moves it)
        offset = (lines[0] - math.floor(lines[0] + 1e-6)) if lines else 0.0
        offset -= 1.0 if offset > 0.5 else 0.0
        for at, row in page:
            table = row.body_of if row.body_of is not None else row.header_of
            if table is not None and row.cell is not None:
                bottoms[table] = (at + row.box.height, offset)
    return tuple((math.ceil(b - o - 1e-6) + o - b) * grid.geo.pitch for t in sorted(bottoms) for b, o in [bottoms[t]])


def _with_gaps(flow: Flow, grid: _Grid, pages: list[list[tuple[float, _Row]]]) -> Flow:
    if flow.table_gaps is not None or not grid.tables:
        return flow
    return replace(flow, table_gaps=_table_gaps(grid, pages))


def settle_end(flow: Flow, style: Style, fonts: FontSet) -> Flow:
    """The flow with its end block's page decided on the grid (`Flow.end`), for every format to follow; a flow
    without an end block, or already settled, as it is. Needs no face files (nominal metrics do). The formal
    edition's signature is settled first (`settle_sign`): it decides where the text ends."""
    flow = settle_sign(flow, style, fonts)
    tables = flow.table_gaps is None and any(isinstance(p.block, Table) for p in flow.items)
    if (flow.end is not None or not flow.region(Region.END)) and not tables:
        return flow
    grid = _grid(flow, style, fonts)
    pages = grid.placed_rows()
    if flow.end is None and flow.region(Region.END):
        flow = replace(flow, end=grid.end_plan(pages))
    return _with_gaps(flow, grid, pages)


def lay_out(flow: Flow, style: Style, fonts: FontSet) -> PageLayout:
    """The flow on the preset's pages, numbered from 1; the end block at the foot of the last page of text
    or of a page after it, as `Flow.end` (or `paginate.end_page`) says: a blank page before it and its own
    page carry no number."""
    flow = settle_sign(flow, style, fonts)
    return _lay_out(_grid(flow, style, fonts), flow, style)[1]


def settle_and_lay_out(flow: Flow, style: Style, fonts: FontSet) -> tuple[Flow, PageLayout]:
    """`settle_end` and `lay_out` on one grid: the settled flow (for the flowing formats) and its pages. The
    formal edition's signature is settled first (`settle_sign`): it decides where the text ends."""
    flow = settle_sign(flow, style, fonts)
    grid = _grid(flow, style, fonts)
    plan, pages, placed = _lay_out(grid, flow, style)
    flow = flow if plan is None or flow.end is not None else replace(flow, end=plan)
    return _with_gaps(flow, grid, placed), pages


_Placed = list[list[tuple[float, _Row]]]  # rows placed on pages: (top in grid lines, row)


def _lay_out(grid: _Grid, flow: Flow, style: Style) -> tuple[EndPlan | None, PageLayout, _Placed]:
    placed = grid.placed_rows()
    pages = [grid.page(k, rows) for k, rows in enumerate(placed)]
    plan = None
    if grid.end is not None:
        plan = flow.end or grid.end_plan(placed)
        if plan.page is EndPage.BELOW_TEXT:
            last = pages[-1]
            pages[-1] = Page(last.items + tuple(grid.end_items()), last.number)
        elif plan.page is EndPage.NEXT_PAGE:
            number = len(pages) + 1
            pages.append(Page(tuple(grid.end_items() + grid.page_number(number)), number))
        elif plan.page is EndPage.AFTER_BLANK:
            pages += [Page((), None), Page(tuple(grid.end_items()), None)]
        else:
            assert_never(plan.page)
    return plan, PageLayout(flow.meta, grid.geo.width, grid.geo.height, tuple(pages), style.faces.body,
                            style.sizes.body), placed
