"""PDF writer: the IR set on the GB/T 9704 page, with our own Chinese paragraph layout.

ReportLab only draws: line breaking and justification come from
`reportgen.cjk.linebreak`, pagination from `pdf_pages`. Every line sits on the
preset's grid (22 lines of 28 characters); glyphs are placed one by one, so the
line rules hold and every line but a paragraph's last ends exactly at the
measure. Fonts are embedded as subsets; the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..cjk.linebreak import CLOSE, LATIN, OPEN, Glyph, Line, Metrics, balance_lines, break_lines
from ..fonts import Face, ink_top
from ..ir import Document, Heading, Paragraph, Title
from ..styles import MM, Style
from .pdf_pages import paginate

# Where a line's baseline sits in its grid line: the CJK em box (bottom at -0.12 em) centred vertically.
EM_BOX_CENTRE = 0.38
DATE_TZ = "+08'00'"  # meetings are dated in China time


@dataclass(frozen=True)
class _Font:
    """A registered face: its ReportLab name and per-character advances (pt per point of size)."""

    name: str
    face: Face

    @property
    def rl(self) -> TTFont:
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
        pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=face.index))
    return _Font(name, face)


@dataclass
class _SetLine:
    """One laid-out line with what is needed to draw it."""

    line: Line
    font: _Font
    size: float
    align: str = "justify"        # or "centre"
    outline: tuple[str, int] | None = None  # (text, level) on a heading's first line
    keep_with_next: bool = False


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
        self.pitch = style.grid.line_pitch
        self.lines = style.grid.lines_per_page

    def baseline(self, slot: int, size: float) -> float:
        return self.top - (slot + 0.5) * self.pitch - EM_BOX_CENTRE * size


def _layout(doc: Document, style: Style, fonts: dict[str, _Font], geo: _Geometry) -> tuple[list[_SetLine], int]:
    """Every block broken into lines; returns the body lines and the grid lines the title block takes."""
    size = style.sizes.body
    grid = style.grid.chars_per_line

    def metrics(font: _Font, sz: float, chars: int | None) -> Metrics:
        def adv(ch):
            return (font.advance(ch, sz))
        return Metrics.grid(sz, geo.measure, chars, adv) if chars else Metrics(sz, geo.measure, adv)

    body_font = fonts[style.faces.body]
    body_m = metrics(body_font, size, grid)
    indent = style.body.first_line_indent_chars * body_m.pitch
    headings = getattr(style, "headings", None)
    heading_indent_chars = getattr(headings, "first_line_indent_chars", style.body.first_line_indent_chars)
    title_lines: list[_SetLine] = []
    lines: list[_SetLine] = []
    previous_level = -1
    for block in doc.blocks:
        if isinstance(block, Title):
            font = fonts[style.faces.title]
            for line in balance_lines(block.text, metrics(font, style.sizes.title, None)):
                title_lines.append(_SetLine(line, font, style.sizes.title, align="centre"))
        elif isinstance(block, Heading):
            font = fonts[style.faces.heading(block.level)]
            hm = metrics(font, style.sizes.heading, grid)
            level = min(block.level - 1, previous_level + 1)
            previous_level = level
            set_lines = [_SetLine(line, font, style.sizes.heading, keep_with_next=True)
                         for line in break_lines(block.full_text, hm, indent=heading_indent_chars * hm.pitch)]
            if set_lines:
                set_lines[0].outline = (block.full_text, level)
            lines += set_lines
        elif isinstance(block, Paragraph):
            set_lines = [_SetLine(line, body_font, size) for line in break_lines(block.text, body_m, indent=indent)]
            if len(set_lines) >= 2:
                set_lines[-2].keep_with_next = True  # no single last line at the top of a page
            lines += set_lines
    reserved = len(title_lines) + (style.title.lines_after if title_lines else 0)
    return title_lines + lines, reserved if title_lines else 0


def _num(value: float) -> str:
    """A PDF number, three decimals at most (ReportLab's fp_str is slow without its C accelerator)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _draw_line(canvas: Canvas, s: _SetLine, x0: float, y: float) -> None:
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
    width = sum(font.advance(ch, size) for ch in label)
    dash_top = geo.bottom - style.page_number.below_text_block * MM
    top = ink_top(font.face, "—")
    y = dash_top - (0.4 if top is None else top) * size
    inset = style.sizes.body * style.page_number.outside_indent_chars
    x = geo.right - inset - width if number % 2 else geo.left + inset
    canvas.setFont(font.name, size)
    canvas.drawString(x, y, label)


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
    lines, reserved = _layout(doc, style, fonts, geo)
    title_count = sum(1 for s in lines if s.align == "centre")
    body = lines[title_count:]
    slots = paginate([s.keep_with_next for s in body], geo.lines, first_page_start=reserved)
    body_font = fonts[style.faces.body]

    canvas = Canvas(str(target), pagesize=(geo.width, geo.height), invariant=1, lang=doc.meta.lang,
                    initialFontName=body_font.name, initialFontSize=style.sizes.body, pageCompression=1)
    meta = doc.meta
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(list(meta.keywords))
    canvas.setCreator("reportgen")
    stamp = dt.datetime.combine(meta.date, dt.time(9, 0)).strftime("D:%Y%m%d%H%M%S") + DATE_TZ
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.showOutline()

    pages: dict[int, list[tuple[int, _SetLine]]] = {}
    for s in lines[:title_count]:
        pages.setdefault(0, []).append((len(pages.get(0, [])), s))
    for slot in slots:
        pages.setdefault(slot.page, []).append((slot.line, body[slot.index]))
    number_font = fonts[style.faces.page_number]
    for page in range(max(pages) + 1 if pages else 1):
        for grid_line, s in pages.get(page, []):
            y = geo.baseline(grid_line, s.size)
            x0 = geo.left + (geo.measure - s.line.right) / 2 if s.align == "centre" else geo.left
            if s.outline:
                key = f"h{page}-{grid_line}"
                canvas.bookmarkPage(key, fit="XYZ", left=0, top=y + s.size + geo.pitch / 2)
                canvas.addOutlineEntry(s.outline[0], key, level=s.outline[1], closed=False)
            _draw_line(canvas, s, x0, y)
        _page_number(canvas, style, geo, number_font, page + 1)
        canvas.showPage()
    canvas.save()
