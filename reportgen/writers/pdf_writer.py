"""PDF writer: the IR set on the GB/T 9704 page, with our own Chinese paragraph layout.

ReportLab only draws: line breaking and justification come from
`reportgen.cjk.linebreak`, pagination from `pdf_pages`. Every line sits on the
preset's grid (22 lines of 28 characters); glyphs are placed one by one, so the
line rules hold and every line but a paragraph's last ends exactly at the
measure. Fonts are embedded as subsets; the same input gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..cjk.linebreak import CLOSE, LATIN, OPEN, Glyph, Line, Metrics, balance_lines, break_lines
from ..fonts import Face, ink_top
from ..ir import Attendance, DocNumber, Document, EndBlock, Heading, Image, Mark, Paragraph, Table, Title
from ..reproducible import build_time
from ..styles import MM, Style
from .boxes import image_box
from .pdf_fonts import CachedTTFont
from .pdf_pages import Slot, paginate
from .roles import label_face

# Where a line's baseline sits in its grid line: the CJK em box (bottom at -0.12 em) centred vertically.
EM_BOX_CENTRE = 0.38
EM_BOX_TOP_BELOW = 0.12  # the em box's bottom below the baseline, in ems (its top is 0.88 above)
TABLE_PAD = 0.4    # cell padding left and right, in ems of the table's size
TABLE_RULE = 0.5   # pt
BOLD_STROKE = 0.035  # a bold weight drawn by stroking the outline this much (ems) along with the fill
DATE_TZ = "+08'00'"  # meetings are dated in China time


@dataclass(frozen=True)
class _Font:
    """A registered face: its ReportLab name and per-character advances (pt per point of size)."""

    name: str
    face: Face

    @property
    def rl(self) -> CachedTTFont:
        return pdfmetrics.getFont(self.name)

    def advance(self, ch: str, size: float) -> float:
        return _advance(self.name, ch) * size

    def has(self, ch: str) -> bool:
        return ord(ch) in self.rl.face.charToGlyph


@cache
def _advance(name: str, ch: str) -> float:
    return pdfmetrics.getFont(name).stringWidth(ch, 1.0)


def _register(face: Face) -> _Font:
    """Register a face once per process; two roles on one file (宋体 and 仿宋 on UMing) share one embedding."""
    name = f"rg-{face.path.stem}-{face.index}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(CachedTTFont(name, face.path, face.index))
    return _Font(name, face)


@dataclass(frozen=True)
class _Piece:
    """One broken line of text placed on a grid line: `x` from the left edge of the text block."""

    line: Line
    font: _Font
    size: float
    x: float = 0.0
    bold: bool = False
    color: tuple[float, float, float] | None = None


# Something drawn on a grid line besides text (a photo, table rules): called with the canvas and the line's top.
Art = Callable[[Canvas, float], None]


@dataclass
class _Row:
    """What one grid line holds: text pieces, drawings, and the rules that keep it with the next line."""

    pieces: list[_Piece] = field(default_factory=list)
    keep_with_next: bool = False
    outline: tuple[str, int] | None = None  # (text, level) on a heading's first line
    art: list[Art] = field(default_factory=list)
    header_of: int | None = None  # this line belongs to the header of table number n (repeated on new pages)
    body_of: int | None = None    # ... or to a body row of table n

    def copy(self) -> _Row:
        return _Row(list(self.pieces), self.keep_with_next, None, list(self.art), self.header_of, None)


class _Geometry:
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

    def line_top(self, slot: int) -> float:
        return self.top - slot * self.pitch

    def baseline(self, slot: int, size: float) -> float:
        return self.top - (slot + 0.5) * self.pitch - EM_BOX_CENTRE * size


class _Layout:
    """Every block broken into grid lines: the first page's fixed front lines, the flowing body, the end block."""

    def __init__(self, style: Style, fonts: dict[str, _Font], geo: _Geometry):
        self.style, self.fonts, self.geo = style, fonts, geo
        self.chars = style.chars_per_line
        self.body_font = fonts[style.faces.body]
        self.body_m = self.metrics(self.body_font, style.sizes.body, self.chars)
        self.indent = style.body.first_line_indent_chars * self.body_m.pitch
        self.front: list[_Row] = []
        self.front_art: list[Art] = []  # drawn on the first page at fixed places (the 纪要 mark)
        self.rows: list[_Row] = []
        self.end: EndBlock | None = None
        self.tables = 0

    def metrics(self, font: _Font, size: float, chars: int | None, measure: float | None = None) -> Metrics:
        measure = self.geo.measure if measure is None else measure

        def adv(ch):
            return font.advance(ch, size)
        return Metrics.grid(size, measure, chars, adv) if chars else Metrics(size, measure, adv)

    # --- blocks ------------------------------------------------------------------------------------

    def add(self, blocks: list) -> None:
        previous_level = -1
        attendance_started = False
        style = self.style
        for block in blocks:
            if isinstance(block, Mark):
                self.mark(block)
                continue
            if isinstance(block, DocNumber):
                self.centred_front(block.text, self.body_font, style.sizes.body)
                continue
            if isinstance(block, Title):
                if self.front:
                    self.front.append(_Row())  # a blank line between the number and the title
                font = self.fonts[style.faces.title]
                for line in balance_lines(block.text, self.metrics(font, style.sizes.title, None)):
                    self.front.append(_Row([self.centre(line, font, style.sizes.title, style.title.bold)]))
                self.front += [_Row() for _ in range(style.title.lines_after)]
                continue
            if isinstance(block, Heading):
                font = self.fonts[style.faces.heading(block.level)]
                hm = self.metrics(font, style.sizes.heading, self.chars)
                level = min(block.level - 1, previous_level + 1)
                previous_level = level
                rows = [_Row([_Piece(line, font, style.sizes.heading, bold=style.headings.bold)], keep_with_next=True)
                        for line in break_lines(block.full_text, hm,
                                                indent=style.headings.first_line_indent_chars * hm.pitch)]
                if rows:
                    rows[0].outline = (block.full_text, level)
                self.rows += rows
            elif isinstance(block, Paragraph):
                self.paragraph(block.text)
            elif isinstance(block, Attendance):
                if not attendance_started:
                    self.rows.append(_Row(keep_with_next=True))  # one blank line below the body
                    attendance_started = True
                self.attendance(block)
            elif isinstance(block, Image):
                self.image(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, EndBlock):
                self.end = block

    def centre(self, line: Line, font: _Font, size: float, bold: bool = False, color=None) -> _Piece:
        return _Piece(line, font, size, (self.geo.measure - line.right) / 2, bold, color)

    def centred_front(self, text: str, font: _Font, size: float) -> None:
        for line in balance_lines(text, self.metrics(font, size, None)):
            self.front.append(_Row([self.centre(line, font, size)]))

    def paragraph(self, text: str) -> None:
        size = self.style.sizes.body
        lines = break_lines(text, self.body_m, indent=self.indent)
        rows = [_Row([_Piece(line, self.body_font, size)]) for line in lines]
        if len(rows) >= 2:
            rows[-2].keep_with_next = True  # no single last line at the top of a page
        self.rows += rows

    def mark(self, block: Mark) -> None:
        """The 纪要 mark: its top edge `mark_top` mm below the text block's top, centred, red; the grid
        lines it covers are taken from the body (the number and the title follow on the next free line)."""
        style, geo = self.style, self.geo
        font, size = self.fonts[style.faces.title], style.sizes.mark
        top = style.minutes.mark_top * MM
        lines = balance_lines(block.text, self.metrics(font, size, None))
        color = _rgb(style.minutes.mark_color)
        pieces = [self.centre(line, font, size, color=color) for line in lines]
        ascent = 1 - EM_BOX_TOP_BELOW

        def draw(canvas: Canvas, _top: float) -> None:
            for k, piece in enumerate(pieces):
                y = geo.top - top - ascent * size - k * size * 1.2
                _draw_line(canvas, piece, geo.left + piece.x, y)

        self.front_art.append(draw)
        used = top + size * (1 + 1.2 * (len(lines) - 1))
        self.front += [_Row() for _ in range(math.ceil(used / geo.pitch - 1e-6))]

    def attendance(self, block: Attendance) -> None:
        """`出席：` in the label face two characters in, the names after it; wrapped lines start under the
        first name (a hanging indent: the names are broken to the measure that is left)."""
        style = self.style
        size = style.sizes.body
        label_font = self.fonts[label_face(style)]
        label_m = self.metrics(label_font, size, self.chars)
        label = break_lines(f"{block.label}：", label_m)[0]
        start = self.indent
        hang = start + label.right + self.body_m.tracking
        chars = self.chars - round(hang / self.body_m.pitch) if self.chars else None
        names_m = self.metrics(self.body_font, size, chars, self.geo.measure - hang)
        lines = break_lines(block.text, names_m)
        rows = [_Row([_Piece(line, self.body_font, size, hang)], keep_with_next=True) for line in lines]
        rows[0].pieces.insert(0, _Piece(label, label_font, size, start))
        rows[-1].keep_with_next = False
        if len(rows) >= 2:
            rows[-2].keep_with_next = True
        self.rows += rows

    def caption(self, text: str, keep_with_next: bool) -> list[_Row]:
        size = self.style.caption_size
        m = self.metrics(self.body_font, size, None)
        return [_Row([self.centre(line, self.body_font, size)], keep_with_next=keep_with_next)
                for line in balance_lines(text, m)]

    def image(self, block: Image) -> None:
        """The photo across the text width, aspect kept (smaller only if a page could not hold it),
        on as many whole grid lines as it needs, the caption centred under it on the same page."""
        geo = self.geo
        caption = self.caption(block.caption, False) if block.caption else []
        width, height = image_box(block, self.style)
        count = math.ceil(height / geo.pitch - 1e-6)
        x = geo.left + (geo.measure - width) / 2
        path = str(block.path)

        def draw(canvas: Canvas, top: float) -> None:
            canvas.drawImage(path, x, top - height, width, height)

        rows = [_Row(keep_with_next=True) for _ in range(count)]
        rows[0].art.append(draw)
        if not caption:
            rows[-1].keep_with_next = False
        self.rows += rows + caption

    def table(self, block: Table) -> None:
        """Rows of cells on grid lines, each cell's text broken by the shared line breaker; the header's
        lines are kept with the first row and repeated at the top of each page the table continues on."""
        style, geo = self.style, self.geo
        number = self.tables
        self.tables += 1
        size = style.sizes.table
        pad = TABLE_PAD * size
        total = sum(block.widths)
        edges = [0.0]
        for w in block.widths:
            edges.append(edges[-1] + geo.measure * w / total)
        header_font = self.fonts[label_face(style)]
        if block.caption:
            self.rows += self.caption(block.caption, True)

        def cells(texts, font, centred) -> list[list[_Piece]]:
            columns = []
            for k, text in enumerate(texts):
                inner = edges[k + 1] - edges[k] - 2 * pad
                m = self.metrics(font, size, None, inner)
                pieces = []
                for line in break_lines(text, m) or []:
                    x = edges[k] + pad + ((inner - line.right) / 2 if centred else 0.0)
                    pieces.append(_Piece(line, font, size, x))
                columns.append(pieces)
            return columns

        def row_lines(columns, header: bool, last: bool) -> list[_Row]:
            count = max(1, *(len(c) for c in columns))
            rows = []
            for k in range(count):
                row = _Row([c[k] for c in columns if k < len(c)], keep_with_next=header or k < count - 1)
                row.art.append(_table_rules(geo, edges, first=k == 0, last=k == count - 1))
                if header:
                    row.header_of = number
                else:
                    row.body_of = number
                rows.append(row)
            return rows

        self.rows += row_lines(cells(block.header, header_font, True), True, False)
        for i, texts in enumerate(block.rows):
            self.rows += row_lines(cells(texts, self.body_font, False), False, i == len(block.rows) - 1)

    # --- pages -------------------------------------------------------------------------------------

    def pages(self) -> list[list[tuple[int, _Row]]]:
        """Rows placed on pages: (grid line, row) per page; a table's header repeated where it continues."""
        rows = self.rows
        reserved = len(self.front)
        while True:
            slots = paginate([r.keep_with_next for r in rows], self.geo.lines, first_page_start=reserved)
            repeat = _first_continued_table(rows, slots)
            if repeat is None:
                break
            index, table = repeat
            header = [r.copy() for r in rows if r.header_of == table and r.body_of is None][:self._header_len(table)]
            rows = rows[:index] + header + rows[index:]
        pages: list[list[tuple[int, _Row]]] = [[(k, row) for k, row in enumerate(self.front)]]
        for slot in slots:
            while len(pages) <= slot.page:
                pages.append([])
            pages[slot.page].append((slot.line, rows[slot.index]))
        return pages

    def _header_len(self, table: int) -> int:
        return sum(1 for r in self.rows if r.header_of == table)

    def end_block(self) -> tuple[list[tuple[float, _Piece]], list[tuple[float, float]]]:
        """The end block's text (baseline y, piece) and rules (y, width), set up from the text block's bottom."""
        assert self.end is not None
        style, geo = self.style, self.geo
        size = style.sizes.end_block
        inset = size  # one character in from each side
        measure = geo.measure - 2 * inset
        rows: list[list[_Piece]] = []
        if self.end.copy_line:
            label = break_lines("抄送：", self.metrics(self.body_font, size, None))[0]
            hang = inset + label.right
            m = self.metrics(self.body_font, size, None, measure - label.right)
            for k, line in enumerate(break_lines(self.end.copy_to, m)):
                rows.append(([_Piece(label, self.body_font, size, inset)] if k == 0 else [])
                            + [_Piece(line, self.body_font, size, hang)])
        m = self.metrics(self.body_font, size, None, measure)
        issuer = break_lines(self.end.issuer, m)[0]
        issued = break_lines(self.end.issued, m)[0]
        rows.append([_Piece(issuer, self.body_font, size, inset),
                     _Piece(issued, self.body_font, size, geo.measure - inset - issued.right)])
        thick, thin = style.minutes.thick_rule * MM, style.minutes.thin_rule * MM
        placed: list[tuple[float, _Piece]] = []
        rules = [(geo.bottom, thick)]
        for k, pieces in enumerate(reversed(rows)):
            bottom = geo.bottom + k * geo.pitch
            baseline = bottom + geo.pitch / 2 - EM_BOX_CENTRE * size
            placed += [(baseline, piece) for piece in pieces]
            if k == 0 and len(rows) > 1:
                rules.append((bottom + geo.pitch, thin))  # between 抄送 and 印发
        rules.append((geo.bottom + len(rows) * geo.pitch, thick))
        return placed, rules


def _table_rules(geo: _Geometry, edges: list[float], *, first: bool, last: bool) -> Art:
    def draw(canvas: Canvas, top: float) -> None:
        bottom = top - geo.pitch
        ops = [f"{_num(TABLE_RULE)} w"]
        for x in edges:
            ops.append(f"{_num(geo.left + x)} {_num(top)} m {_num(geo.left + x)} {_num(bottom)} l")
        for flag, y in ((first, top), (last, bottom)):
            if flag:
                ops.append(f"{_num(geo.left)} {_num(y)} m {_num(geo.right)} {_num(y)} l")
        canvas._code.append("q " + " ".join(ops) + " S Q")
    return draw


def _first_continued_table(rows: list[_Row], slots: list[Slot]) -> tuple[int, int] | None:
    """(row index, table) of the first page start inside a table's body where its header is not repeated yet."""
    for k, slot in enumerate(slots):
        if k and slot.page != slots[k - 1].page:
            row = rows[slot.index]
            if row.body_of is not None:
                return slot.index, row.body_of
    return None


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _num(value: float) -> str:
    """A PDF number, three decimals at most (ReportLab's fp_str is slow without its C accelerator)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _draw_line(canvas: Canvas, s: _Piece, x0: float, y: float) -> None:
    """Draw one line: the line's usual gap as char spacing (Tc), other gaps as TJ adjustments.

    At each font-subset switch (ReportLab splits a face into 256-glyph subsets)
    the position is set again with Tm: some readers (pdfminer) drop the Tc
    after the last glyph of a TJ, so only absolute positions read the same
    everywhere. ReportLab's subset encoding is reused (`splitString`).
    """
    font, size = s.font, s.size
    rl, doc = font.rl, canvas._doc
    glyphs = s.line.glyphs
    codes: list[tuple[int, int]] = []  # (subset, byte) per glyph
    for subset, data in rl.splitString(s.line.text, doc):
        codes += [(subset, byte) for byte in data]
    assert len(codes) == len(glyphs)
    xs = [x0 + _draw_x(g, font, size) for g in glyphs]
    advances = [font.advance(g.char, size) for g in glyphs]
    gaps = [round(xs[k + 1] - xs[k] - advances[k], 4) for k in range(len(glyphs) - 1)]
    spacing = max(set(gaps), key=gaps.count) if gaps else 0.0
    ops = ["BT"]
    if s.bold or s.color:  # fill colour, stroke width and render mode live in the graphics state: q … Q
        ops.insert(0, "q")
        if s.color:
            rgb = " ".join(_num(c) for c in s.color)
            ops.insert(1, f"{rgb} rg {rgb} RG")
        if s.bold:
            ops.insert(1, f"{_num(BOLD_STROKE * size)} w")
            ops.append("2 Tr")
    if spacing:
        ops.append(f"{_num(spacing)} Tc")
    ops_tj: list[str] = []
    run = bytearray()
    current = None
    y_text = _num(y)
    for k, (g, (subset, byte)) in enumerate(zip(glyphs, codes, strict=True)):
        if not font.has(g.char):
            raise ValueError(f"font {font.face.path} has no glyph for {g.char!r}")  # coverage is checked earlier
        if subset != current:
            if run:
                ops_tj.append(f"<{run.hex()}>")
            if ops_tj:
                ops.append(f"[{' '.join(ops_tj)}] TJ")
            ops_tj, run = [], bytearray()
            ops.append(f"{rl.getSubsetInternalName(subset, doc)} {_num(size)} Tf 1 0 0 1 {_num(xs[k])} {y_text} Tm")
            current = subset
        elif abs(gaps[k - 1] - spacing) > 1e-4:
            if run:
                ops_tj.append(f"<{run.hex()}>")
                run = bytearray()
            ops_tj.append(_num(-(gaps[k - 1] - spacing) * 1000 / size))
        run.append(byte)
    if run:
        ops_tj.append(f"<{run.hex()}>")
    if ops_tj:
        ops.append(f"[{' '.join(ops_tj)}] TJ")
    if spacing:
        ops.append("0 Tc")  # text state outlives ET: leave none behind for the page number
    ops.append("ET")
    if ops[0] == "q":
        ops.append("Q")
    canvas._code.append(" ".join(ops))


def _draw_x(g: Glyph, font: _Font, size: float) -> float:
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


def _page_number(canvas: Canvas, style: Style, geo: _Geometry, font: _Font, number: int) -> None:
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
    canvas.setFont(font.name, size)
    for piece in pieces:
        canvas.drawString(x, y, piece)
        x += sum(font.advance(ch, size) for ch in piece) + gap


def write(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
    # Binary (not ASCII85) streams: smaller files, less time; ReportLab reads this global while writing.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        _write(doc, style, faces, target)
    finally:
        rl_config.useA85 = saved


def _write(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
    fonts = {kind: _register(face) for kind, face in faces.items()}
    geo = _Geometry(style)
    layout = _Layout(style, fonts, geo)
    layout.add(doc.blocks)
    pages = layout.pages()
    body_font = fonts[style.faces.body]

    canvas = Canvas(str(target), pagesize=(geo.width, geo.height), invariant=1, lang=doc.meta.lang,
                    initialFontName=body_font.name, initialFontSize=style.sizes.body, pageCompression=1)
    meta = doc.meta
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(list(meta.keywords))
    canvas.setCreator("reportgen")
    stamp = build_time(meta.date).strftime("D:%Y%m%d%H%M%S") + DATE_TZ
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.showOutline()

    number_font = fonts[style.faces.page_number]
    for page, placed in enumerate(pages):
        if page == 0:
            for art in layout.front_art:
                art(canvas, geo.top)
        for grid_line, row in placed:
            top = geo.line_top(grid_line)
            for art in row.art:
                art(canvas, top)
            for piece in row.pieces:
                y = geo.baseline(grid_line, piece.size)
                if row.outline and piece is row.pieces[0]:
                    key = f"h{page}-{grid_line}"
                    canvas.bookmarkPage(key, fit="XYZ", left=0, top=y + piece.size + geo.pitch / 2)
                    canvas.addOutlineEntry(row.outline[0], key, level=row.outline[1], closed=False)
                _draw_line(canvas, piece, geo.left + piece.x, y)
        _page_number(canvas, style, geo, number_font, page + 1)
        canvas.showPage()
    if layout.end is not None:  # the end block on a page of its own, at the text block's bottom, no page number
        text, rules = layout.end_block()
        for y, width in rules:
            canvas._code.append(f"q {_num(width)} w {_num(geo.left)} {_num(y)} m {_num(geo.right)} {_num(y)} l S Q")
        for y, piece in text:
            _draw_line(canvas, piece, geo.left + piece.x, y)
        canvas.showPage()
    canvas.save()
