"""PDF writer: draws a page layout (`reportgen.layout.page`) with ReportLab, and nothing else.

Line breaking, justification, pagination and every position come from the
layout; this module registers the faces, embeds them as subsets, and writes
each glyph where the layout put it. The file is a PDF/A-2b (`pdfa`: XMP metadata, an
sRGB output intent, no page transitions); ReportLab's private members are reached
only through `rl_private`. The same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..caches import memo
from ..fonts import Face
from ..layout.page import BOLD_STROKE, Anchor, GlyphRun, PageLayout, Picture, Strokes
from ..reproducible import build_time
from . import pdfa, rl_private
from .pdf_fonts import FLATE, CachedTTFont

DATE_TZ = "+08'00'"  # meetings are dated in China time


@dataclass(frozen=True)
class _Font:
    """A registered face: its ReportLab name and per-character advances (pt per point of size)."""

    name: str
    face: Face

    @property
    def rl(self) -> CachedTTFont:
        font: CachedTTFont = pdfmetrics.getFont(self.name)
        return font

    def advance(self, ch: str, size: float) -> float:
        return _advance(self.name, ch) * size


@memo(65_536, group="fonts")
def _advance(name: str, ch: str) -> float:
    width: float = pdfmetrics.getFont(name).stringWidth(ch, 1.0)
    return width


def _register(face: Face) -> _Font:
    """Register a face once per process; two roles on one file (宋体 and 仿宋 on UMing) share one embedding.

    The name stands for the file as it is now (its resolved path, size and time): another file of the same
    name, or the same file changed, in a later build of this process is registered anew, never confused.
    """
    stat = face.path.stat()
    key = f"{face.path.resolve()}\0{face.index}\0{stat.st_size}\0{stat.st_mtime_ns}"
    name = f"rg-{face.path.stem}-{face.index}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(CachedTTFont(name, face.path, face.index))
    return _Font(name, face)


def _num(value: float) -> str:
    """A PDF number, three decimals at most (ReportLab's fp_str is slow without its C accelerator)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _draw_run(canvas: Canvas, run: GlyphRun, font: _Font) -> None:
    """Draw one line: its glyphs' places in ReportLab's subsets are assigned here, in drawing order (that
    is document state); the operators themselves are a function of the run and those places (`_operators`)."""
    rl = font.rl
    pieces = rl_private.subset_pieces(canvas, rl, run.text)
    names = tuple((subset, rl_private.subset_name(canvas, rl, subset)) for subset in sorted({s for s, _ in pieces}))
    rl_private.emit(canvas, _operators(run, font, pieces, names))


@memo(4_096, group="text")
def _operators(run: GlyphRun, font: _Font, pieces: tuple[tuple[int, bytes], ...],
               names: tuple[tuple[int, str], ...]) -> str:
    """One line's operators: the line's usual gap as char spacing (Tc), other gaps as TJ adjustments.

    At each font-subset switch (ReportLab splits a face into 256-glyph subsets)
    the position is set again with Tm: some readers (pdfminer) drop the Tc
    after the last glyph of a TJ, so only absolute positions read the same
    everywhere. Kept by value: a rebuild after an edit (the live preview) writes only the lines it has not
    written before.
    """
    size, text, xs = run.size, run.text, run.xs
    codes = [(subset, byte) for subset, data in pieces for byte in data]  # (subset, byte) per glyph
    assert len(codes) == len(text)
    mapped = font.rl.face.charToGlyph
    subset_names = dict(names)
    advances = [font.advance(ch, size) for ch in text]
    gaps = [round(xs[k + 1] - xs[k] - advances[k], 4) for k in range(len(text) - 1)]
    spacing = max(set(gaps), key=gaps.count) if gaps else 0.0
    ops = ["BT"]
    if run.bold or run.color:  # fill colour, stroke width and render mode live in the graphics state: q … Q
        ops.insert(0, "q")
        if run.color:
            rgb = " ".join(_num(c) for c in run.color)
            ops.insert(1, f"{rgb} rg {rgb} RG")
        if run.bold:
            ops.insert(1, f"{_num(BOLD_STROKE * size)} w")
            ops.append("2 Tr")
    if spacing:
        ops.append(f"{_num(spacing)} Tc")
    ops_tj: list[str] = []
    chunk = bytearray()
    current = None
    y_text = _num(run.y)
    for k, (ch, (subset, byte)) in enumerate(zip(text, codes, strict=True)):
        if ord(ch) not in mapped:
            raise ValueError(f"font {font.face.path} has no glyph for {ch!r}")  # coverage is checked earlier
        if subset != current:
            if chunk:
                ops_tj.append(f"<{chunk.hex()}>")
            if ops_tj:
                ops.append(f"[{' '.join(ops_tj)}] TJ")
            ops_tj, chunk = [], bytearray()
            ops.append(f"{subset_names[subset]} {_num(size)} Tf 1 0 0 1 {_num(xs[k])} {y_text} Tm")
            current = subset
        elif abs(gaps[k - 1] - spacing) > 1e-4:
            if chunk:
                ops_tj.append(f"<{chunk.hex()}>")
                chunk = bytearray()
            ops_tj.append(_num(-(gaps[k - 1] - spacing) * 1000 / size))
        chunk.append(byte)
    if chunk:
        ops_tj.append(f"<{chunk.hex()}>")
    if ops_tj:
        ops.append(f"[{' '.join(ops_tj)}] TJ")
    if spacing:
        ops.append("0 Tc")  # text state outlives ET: leave none behind for the page number
    ops.append("ET")
    if ops[0] == "q":
        ops.append("Q")
    return " ".join(ops)


def _draw_picture(canvas: Canvas, picture: Picture) -> None:
    """`Canvas.drawImage` for a normalised photo (JPEG or PNG bytes, RGB or grey), named in the PDF by its
    content, never its path (ReportLab digests the path: the same input in another folder gave other bytes).
    A JPEG goes in as it is (DCT); a PNG as its pixels, compressed."""
    name = "img" + hashlib.sha256(picture.data).hexdigest()[:32]

    def load(image: pdfdoc.PDFImageXObject) -> None:
        if picture.data.startswith(b"\xff\xd8") and image.loadImageFromJPEG(io.BytesIO(picture.data)):
            return
        # a PNG, or a JPEG whose header ReportLab's own reader does not follow: its pixels
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(picture.data)) as decoded:
            if decoded.mode == "RGBA":  # a seal: its transparency as a soft mask, the text under it showing
                image.mask = "auto"
                image.loadImageFromSRC(ImageReader(decoded.copy()))
            else:
                image.loadImageFromSRC(ImageReader(decoded.convert("RGB" if decoded.mode != "L" else "L")))

    canvas.saveState()
    canvas.translate(picture.x, picture.y)
    canvas.scale(picture.width, picture.height)
    rl_private.draw_image(canvas, name, load)
    canvas.restoreState()


def _strokes(canvas: Canvas, strokes: Strokes) -> None:
    path = " ".join(f"{_num(x0)} {_num(y0)} m {_num(x1)} {_num(y1)} l" for x0, y0, x1, y1 in strokes.segments)
    colour = f"{' '.join(_num(c) for c in strokes.color)} RG " if strokes.color else ""
    rl_private.emit(canvas, f"q {colour}{_num(strokes.width)} w {path} S Q")


def write(layout: PageLayout, faces: dict[str, Face], target: Path) -> None:
    Path(target).write_bytes(render(layout, faces))


def render(layout: PageLayout, faces: dict[str, Face]) -> bytes:
    """The PDF's bytes for `layout`: a pure function of its arguments."""
    # Binary (not ASCII85) streams: smaller files, less time; ReportLab reads this global while writing.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _render(layout, faces)
    finally:
        rl_config.useA85 = saved


def _render(layout: PageLayout, faces: dict[str, Face]) -> bytes:
    fonts = {kind: _register(face) for kind, face in faces.items()}
    meta = layout.meta
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(layout.width, layout.height), invariant=1, lang=meta.lang,
                    initialFontName=fonts[layout.body_face].name, initialFontSize=layout.body_size, pageCompression=1,
                    pdfVersion=(1, 7))  # PDF/A-2 is based on PDF 1.7
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(list(meta.keywords))
    canvas.setCreator("reportgen")
    created = build_time(meta.date)
    stamp = created.strftime("D:%Y%m%d%H%M%S") + DATE_TZ
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.showOutline()

    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                _draw_run(canvas, item, fonts[item.face])
            elif isinstance(item, Strokes):
                _strokes(canvas, item)
            elif isinstance(item, Picture):
                _draw_picture(canvas, item)
            elif isinstance(item, Anchor):
                canvas.bookmarkPage(item.name, fit="XYZ", left=0, top=item.top)
                canvas.addOutlineEntry(item.text, item.name, level=item.level, closed=False)
            else:
                assert_never(item)
        canvas.showPage()
    producer, creator, keywords = rl_private.info_strings(canvas)
    metadata = pdfa.xmp(meta, created, producer=producer, creator=creator, keywords=keywords)
    rl_private.make_archival(canvas, metadata, pdfa.srgb_profile(), pdfa.SRGB, FLATE)
    canvas.save()
    return out.getvalue()
