"""Screen writer: each page of a page layout (`reportgen.layout.page`) as SVG, for the editor's preview.

It draws the same `PageLayout` the PDF writer draws, with the glyph outlines of the same font files at the same
positions, so the preview cannot disagree with the printed file. Glyphs are defined once (`glyph_symbols`: a
`<path id=…>` in font units) and each page only refers to them (`<use href="#…">`): a page sent again after an
edit carries its positions, not its outlines. An invisible text layer over each line makes the page's text
selectable and readable by tests and screen readers. All text is escaped: the input is data, never markup.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, assert_never
from xml.sax.saxutils import escape, quoteattr

from ..caches import memo
from ..fonts import Face
from ..fonts.metrics import FaceMetrics, face_metrics
from ..layout.page import BOLD_STROKE, Anchor, GlyphRun, Page, PageLayout, Picture, Strokes

SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class SvgPage:
    """One page: its `<svg>` element (glyphs referenced by id), the ids it refers to, and a digest of both
    (a page whose digest did not change need not be sent again)."""

    number: int | None
    svg: str
    glyphs: frozenset[str]
    digest: str


def _num(value: float) -> str:
    """A length in points or font units: a hundredth is finer than a screen shows."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _scale(value: float) -> str:
    """A glyph's scale from font units to points (16 pt / 2,048 units = 0.0078125): six significant digits, as a
    hundredth would draw 16 pt type at 20 pt."""
    return f"{value:.6g}"


@memo(16, group="fonts")
def _font(path: Path, index: int, _size: int, _mtime_ns: int) -> Any:
    """The face's file opened with fontTools (tables read lazily, as glyphs are asked for)."""
    from fontTools.ttLib import TTFont

    return TTFont(str(path), fontNumber=index, lazy=True)


def _opened(face: Face) -> Any:
    st = face.path.stat()
    return _font(face.path, face.index, st.st_size, st.st_mtime_ns)


@memo(65_536, group="fonts")
def glyph_id(face: Face, ch: str) -> str:
    """The id a glyph is defined and referred to by: the face's file and index, and the character."""
    key = f"{face.path.resolve()}\0{face.index}\0{ch}".encode()
    return "g" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:12]


@memo(65_536, group="fonts")
def _outline(path: Path, index: int, size: int, mtime_ns: int, ch: str) -> tuple[str, int]:
    """The glyph's outline as SVG path data in font units (y up), and the face's units per em."""
    font = _font(path, index, size, mtime_ns)
    cmap = font.getBestCmap() or {}
    code = ord(ch)
    if code == 0xA0 and 0x20 in cmap:
        code = 0x20
    glyf = font["glyf"]
    name = cmap.get(code, ".notdef")
    units = int(font["head"].unitsPerEm)
    if name not in glyf:
        return "", units
    coords, ends, flags = glyf[name].getCoordinates(glyf)
    return _quadratic_path(list(coords), list(ends), [f & 1 for f in flags]), units


def _quadratic_path(points: list[tuple[float, float]], ends: list[int], on: list[int]) -> str:
    """TrueType contours (on- and off-curve points, on-curve points between two off-curve ones implied) as
    SVG path data: M, L, Q, Z."""
    out: list[str] = []
    start = 0
    for end in ends:
        contour = points[start:end + 1]
        kinds = on[start:end + 1]
        start = end + 1
        n = len(contour)
        if n == 0:
            continue
        first = next((k for k in range(n) if kinds[k]), -1)
        if first < 0:  # every point off the curve: begin between the first two
            (x0, y0), (x1, y1) = contour[0], contour[1 % n]
            begin = ((x0 + x1) / 2, (y0 + y1) / 2)
            order = [*range(1, n), 0]
        else:
            begin = contour[first]
            order = [(first + k) % n for k in range(1, n + 1)]
        out.append(f"M{_num(begin[0])} {_num(begin[1])}")
        pending: tuple[float, float] | None = None
        for k in order:
            x, y = contour[k]
            if kinds[k]:
                if pending is None:
                    out.append(f"L{_num(x)} {_num(y)}")
                else:
                    out.append(f"Q{_num(pending[0])} {_num(pending[1])} {_num(x)} {_num(y)}")
                    pending = None
            else:
                if pending is not None:
                    mx, my = (pending[0] + x) / 2, (pending[1] + y) / 2
                    out.append(f"Q{_num(pending[0])} {_num(pending[1])} {_num(mx)} {_num(my)}")
                pending = (x, y)
        if pending is not None:
            out.append(f"Q{_num(pending[0])} {_num(pending[1])} {_num(begin[0])} {_num(begin[1])}")
        out.append("Z")
    return "".join(out)


def _glyph(face: Face, ch: str, stamp: tuple[int, int] | None = None) -> tuple[str, int]:
    if stamp is None:
        st = face.path.stat()
        stamp = st.st_size, st.st_mtime_ns
    return _outline(face.path, face.index, *stamp, ch)


def glyph_symbols(faces: Mapping[str, Face], ids: dict[str, tuple[str, str]]) -> str:
    """`<path>` definitions for glyph ids (id → (face kind, character)), to put once in the page's document."""
    out = []
    for gid, (kind, ch) in sorted(ids.items()):
        d, _units = _glyph(faces[kind], ch)
        out.append(f'<path id="{gid}" d="{d}"/>')
    return "".join(out)


def data_url(data: bytes) -> str:
    """A photo inline (standalone pages; the editor serves photos by their digest instead)."""
    kind = "jpeg" if data.startswith(b"\xff\xd8") else "png"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"


class _Page:
    """Draws one page; collects the glyphs it refers to."""

    def __init__(self, layout: PageLayout | _Dims, faces: Mapping[str, Face], picture_url: Callable[[bytes], str]):
        self.layout, self.faces, self.picture_url = layout, faces, picture_url
        self.parts: list[str] = []
        self.glyphs: dict[str, tuple[str, str]] = {}
        self.stamps: dict[str, tuple[int, int]] = {}
        self.metrics: dict[str, FaceMetrics] = {}

    def _advance(self, kind: str, ch: str) -> float:
        """`ch`'s advance in ems, from the same metrics the layout and the PDF use (looked up once a page)."""
        if kind not in self.metrics:
            face = self.faces[kind]
            self.metrics[kind] = face_metrics(face.path, face.index)
        return self.metrics[kind].advance(ch)

    def _stamp(self, kind: str) -> tuple[int, int]:
        """The face file's size and time, looked at once per page: a changed file is read again."""
        if kind not in self.stamps:
            st = self.faces[kind].path.stat()
            self.stamps[kind] = st.st_size, st.st_mtime_ns
        return self.stamps[kind]

    def _use(self, kind: str, ch: str, x: float, y: float, size: float) -> None:
        face = self.faces[kind]
        if ch.isspace() and ch != "\u3000":
            return
        gid = glyph_id(face, ch)
        self.glyphs[gid] = (kind, ch)
        _d, units = _glyph(face, ch, self._stamp(kind))
        s = size / units
        self.parts.append(f'<use href="#{gid}" transform="matrix({_scale(s)} 0 0 {_scale(-s)} {_num(x)} '
                          f'{_num(self.layout.height - y)})"/>')

    def _text_layer(self, text: str, x: float, y: float, size: float, width: float) -> None:
        self.parts.append(f'<text x="{_num(x)}" y="{_num(self.layout.height - y)}" font-size="{_num(size)}" '
                          f'textLength="{_num(max(width, 0.01))}" lengthAdjust="spacingAndGlyphs">'
                          f"{escape(text)}</text>")

    def run(self, run: GlyphRun) -> None:
        if not run.text:
            return
        attrs = []
        if run.color:
            rgb = ",".join(str(round(c * 255)) for c in run.color)
            attrs.append(f'fill="rgb({rgb})" stroke="rgb({rgb})"')
        if run.bold:
            _d, units = _glyph(self.faces[run.face], run.text[0], self._stamp(run.face))
            attrs.append(f'class="b" stroke-width="{_num(BOLD_STROKE * units)}"')
        self.parts.append(f"<g {' '.join(attrs)}>" if attrs else "<g>")
        for ch, x in zip(run.text, run.xs, strict=True):
            self._use(run.face, ch, x, run.y, run.size)
        self.parts.append("</g>")
        end = run.xs[-1] + self._advance(run.face, run.text[-1]) * run.size
        self._text_layer(run.text, run.xs[0], run.y, run.size, end - run.xs[0])

    def strokes(self, strokes: Strokes) -> None:
        h = self.layout.height
        d = " ".join(f"M{_num(x0)} {_num(h - y0)}L{_num(x1)} {_num(h - y1)}" for x0, y0, x1, y1 in strokes.segments)
        self.parts.append(f'<path class="r" d="{d}" stroke-width="{_num(strokes.width)}"/>')

    def picture(self, picture: Picture) -> None:
        top = self.layout.height - picture.y - picture.height
        self.parts.append(f'<image href={quoteattr(self.picture_url(picture.data))} x="{_num(picture.x)}" '
                          f'y="{_num(top)}" width="{_num(picture.width)}" height="{_num(picture.height)}" '
                          'preserveAspectRatio="none"/>')

    def draw(self, page: Page, k: int) -> SvgPage:
        for item in page.items:
            if isinstance(item, GlyphRun):
                self.run(item)
            elif isinstance(item, Strokes):
                self.strokes(item)
            elif isinstance(item, Picture):
                self.picture(item)
            elif isinstance(item, Anchor):
                pass  # the outline is the editor's own
            else:
                assert_never(item)
        w, h = _num(self.layout.width), _num(self.layout.height)
        svg = (f'<svg xmlns="{SVG_NS}" class="page" data-page="{k + 1}" viewBox="0 0 {w} {h}" '
               f'width="{w}pt" height="{h}pt"><rect class="paper" width="{w}" height="{h}"/>'
               + "".join(self.parts) + "</svg>")
        digest = hashlib.sha1(svg.encode(), usedforsecurity=False).hexdigest()
        return SvgPage(page.number, svg, frozenset(self.glyphs), digest)


def render_pages(layout: PageLayout, faces: Mapping[str, Face],
                 picture_url: Callable[[bytes], str] = data_url) -> tuple[list[SvgPage], dict[str, tuple[str, str]]]:
    """Every page as SVG, and the glyphs they refer to (id → (face kind, character)) for `glyph_symbols`.

    A page equal to one drawn before (same items, same place in the document, same faces) is not drawn again:
    after an edit, only the pages it changed cost anything."""
    pages, glyphs = [], {}
    key = (layout.width, layout.height, tuple(sorted(faces.items())))
    for k, page in enumerate(layout.pages):
        drawn, used = _page(page, k, key, _FacesKey(faces), picture_url)
        pages.append(drawn)
        glyphs.update(used)
    return pages, glyphs


class _FacesKey:
    """The faces, carried past the page cache's key (which holds them as a sorted tuple) without hashing."""

    def __init__(self, faces: Mapping[str, Face]):
        self.faces = faces

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FacesKey)


@memo(64, group="fonts")
def _page(page: Page, k: int, key: tuple[Any, ...], faces: _FacesKey, picture_url: Callable[[bytes], str]
          ) -> tuple[SvgPage, dict[str, tuple[str, str]]]:
    width, height, _faces = key
    drawer = _Page(_Dims(width, height), faces.faces, picture_url)
    return drawer.draw(page, k), drawer.glyphs


@dataclass(frozen=True)
class _Dims:
    width: float
    height: float


STYLE = ("svg.page{background:#fff}.paper{fill:#fff}.r{stroke:#000;fill:none}.b{stroke:currentColor}"
         "text{fill:transparent;font-family:sans-serif;white-space:pre}")


def standalone(page: SvgPage, faces: Mapping[str, Face], glyphs: Mapping[str, tuple[str, str]]) -> str:
    """One page as a file of its own: its glyph definitions inside it."""
    defs = glyph_symbols(faces, {gid: glyphs[gid] for gid in page.glyphs})
    head, _, rest = page.svg.partition(">")
    return f"{head}><style>{STYLE}</style><defs>{defs}</defs>{rest}"
