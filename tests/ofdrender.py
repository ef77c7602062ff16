"""A small OFD rasteriser for tests, written here: it draws what an OFD package says, from its XML and its
embedded fonts alone (fontTools outlines, Pillow polygons), so page images can be compared with the PDF's.

No renderer on the package index draws an OFD's embedded fonts (easyofd looks faces up by name among
Windows fonts and draws no text without them), hence this one. It knows what reportgen's OFD uses:
TextObjects (Boundary, Size, TextCode X/Y, DeltaX with `g`), PathObjects of straight lines (M/L),
ImageObjects; no CTM on text, no clipping.
"""

from __future__ import annotations

import io
import zipfile

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image, ImageChops, ImageDraw

NS = {"ofd": "http://www.ofdspec.org/2016"}
_O = "{http://www.ofdspec.org/2016}"


class _Polygons(BasePen):
    """A glyph's contours as point lists (quadratic curves flattened into eight lines each)."""

    def __init__(self, glyphs, transform):
        super().__init__(glyphs)
        self.transform = transform
        self.contours: list[list[tuple[float, float]]] = []

    def _moveTo(self, pt):  # noqa: N802 (fontTools names)
        self.contours.append([self.transform(pt)])

    def _lineTo(self, pt):  # noqa: N802
        self.contours[-1].append(self.transform(pt))

    def _qCurveToOne(self, pt1, pt2):  # noqa: N802
        x0, y0 = self._getCurrentPoint()
        for k in range(1, 9):
            t = k / 8
            x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * pt1[0] + t * t * pt2[0]
            y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * pt1[1] + t * t * pt2[1]
            self.contours[-1].append(self.transform((x, y)))

    def _curveToOne(self, pt1, pt2, pt3):  # noqa: N802
        x0, y0 = self._getCurrentPoint()
        for k in range(1, 9):
            t = k / 8
            x = (1 - t) ** 3 * x0 + 3 * (1 - t) ** 2 * t * pt1[0] + 3 * (1 - t) * t * t * pt2[0] + t ** 3 * pt3[0]
            y = (1 - t) ** 3 * y0 + 3 * (1 - t) ** 2 * t * pt1[1] + 3 * (1 - t) * t * t * pt2[1] + t ** 3 * pt3[1]
            self.contours[-1].append(self.transform((x, y)))


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def deltas(text: str | None) -> list[float]:
    """A TextCode's DeltaX, its `g count value` shorthand expanded: one step per gap."""
    tokens, steps = (text or "").split(), []
    while tokens:
        token = tokens.pop(0)
        if token == "g":
            count, value = int(tokens.pop(0)), float(tokens.pop(0))
            steps += [value] * count
        else:
            steps.append(float(token))
    return steps


def render(data: bytes, dpi: float) -> list[Image.Image]:
    """Every page as a grey image (white paper, black ink)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(archive.read("Doc_0/Document.xml"))
    public = etree.fromstring(archive.read("Doc_0/PublicRes.xml"))
    resources = etree.fromstring(archive.read("Doc_0/DocumentRes.xml"))
    fonts = {}
    for font in public.iter(_O + "Font"):
        program = TTFont(io.BytesIO(archive.read("Doc_0/Res/" + font.findtext("ofd:FontFile", namespaces=NS))))
        fonts[font.get("ID")] = (program.getGlyphSet(), program.getBestCmap(), program["head"].unitsPerEm)
    images = {m.get("ID"): archive.read("Doc_0/Res/" + m.findtext("ofd:MediaFile", namespaces=NS))
              for m in resources.iter(_O + "MultiMedia")}
    _x, _y, width, height = _numbers(document.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=NS))
    scale = dpi / 25.4  # pixels per millimetre
    pages = []
    for page in document.findall("ofd:Pages/ofd:Page", NS):
        content = etree.fromstring(archive.read("Doc_0/" + page.get("BaseLoc")))
        image = Image.new("L", (round(width * scale), round(height * scale)), 255)
        draw = ImageDraw.Draw(image)
        for element in content.iter(_O + "TextObject", _O + "PathObject", _O + "ImageObject"):
            bx, by, bw, bh = _numbers(element.get("Boundary"))
            tag = etree.QName(element).localname
            if tag == "TextObject":
                glyphs, cmap, upm = fonts[element.get("Font")]
                size = float(element.get("Size"))
                for code in element.findall("ofd:TextCode", NS):
                    x, y = bx + float(code.get("X")), by + float(code.get("Y"))
                    steps = deltas(code.get("DeltaX"))
                    for k, ch in enumerate(code.text or ""):
                        _glyph(image, glyphs, cmap[ord(ch)], x, y, size / upm, scale)
                        x += steps[k] if k < len(steps) else 0
            elif tag == "PathObject":
                tokens = (element.findtext("ofd:AbbreviatedData", namespaces=NS) or "").split()
                line = max(1, round(float(element.get("LineWidth", "0.353")) * scale))
                start = None
                while tokens:
                    op, px, py = tokens.pop(0), float(tokens.pop(0)), float(tokens.pop(0))
                    point = ((bx + px) * scale, (by + py) * scale)
                    if op == "L" and start is not None:
                        draw.line([start, point], fill=0, width=line)
                    start = point
            else:
                with Image.open(io.BytesIO(images[element.get("ResourceID")])) as photo:
                    size_px = (max(1, round(bw * scale)), max(1, round(bh * scale)))
                    image.paste(photo.convert("L").resize(size_px), (round(bx * scale), round(by * scale)))
        pages.append(image)
    return pages


def _glyph(image: Image.Image, glyphs, name: str, x: float, y: float, em: float, scale: float) -> None:
    """One glyph filled (even-odd) with its origin at (x, y) mm; font units times `em` are millimetres."""
    pen = _Polygons(glyphs, lambda p: ((x + p[0] * em) * scale, (y - p[1] * em) * scale))
    glyphs[name].draw(pen)
    contours = [c for c in pen.contours if len(c) > 2]
    if not contours:
        return
    left = int(min(px for c in contours for px, _ in c)) - 1
    top = int(min(py for c in contours for _, py in c)) - 1
    right = int(max(px for c in contours for px, _ in c)) + 2
    bottom = int(max(py for c in contours for _, py in c)) + 2
    mask = Image.new("1", (right - left, bottom - top), 0)
    for contour in contours:
        one = Image.new("1", mask.size, 0)
        ImageDraw.Draw(one).polygon([(px - left, py - top) for px, py in contour], fill=1)
        mask = ImageChops.logical_xor(mask, one)
    image.paste(0, (left, top), mask)
