"""OFD writer (GB/T 33190-2016): draws a page layout (`reportgen.layout.page`) as an OFD package, with lxml.

The same `PageLayout` the PDF writer draws: each glyph run is one TextObject
whose TextCode gives the first glyph's origin and per-glyph DeltaX (the
layout's own positions, justification included); rules are PathObjects, photos
ImageObjects, headings the outline. Each face is embedded as a TrueType subset
(`reportgen.fonts.subset`) under the standard's family name (仿宋, 黑体…), so a
reader that prefers installed faces finds the right one. Units are millimetres,
y downwards, as the standard has them. The same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

from lxml import etree

from ..fonts import Face
from ..fonts.roles import KINDS, LOOKS
from ..fonts.subset import Subset, subset
from ..layout.page import Anchor, GlyphRun, Page, PageLayout, Picture, Strokes
from ..reproducible import build_time

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point
BOLD_STROKE = 0.035  # as the PDF writer: a bold weight is the outline stroked this much (ems) with the fill
LATIN_NAME = "Times New Roman"
_OFD = f"{{{NS}}}"


def _mm(value: float) -> str:
    """A length in millimetres, three decimals at most (a micrometre)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _el(parent: etree._Element | None, name: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    element = (etree.Element(_OFD + name, attrs or {}, nsmap={"ofd": NS}) if parent is None
               else etree.SubElement(parent, _OFD + name, attrs or {}))
    if text is not None:
        element.text = text
    return element


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


@dataclass
class _Ids:
    """Object identifiers, unique in the document, given in drawing order (MaxUnitID is the last)."""

    last: int = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


@dataclass
class _Package:
    layout: PageLayout
    faces: dict[str, Face]
    ids: _Ids = field(default_factory=_Ids)
    font_ids: dict[str, str] = field(default_factory=dict)      # face kind -> Font ID
    image_ids: dict[str, str] = field(default_factory=dict)     # photo digest -> MultiMedia ID
    images: list[tuple[str, str, bytes]] = field(default_factory=list)  # (ID, file name, bytes)
    page_ids: list[str] = field(default_factory=list)

    def y(self, y_pt: float) -> float:
        """A PDF-like y (points, upwards from the bottom edge) as OFD's (millimetres down from the top)."""
        return (self.layout.height - y_pt) * MM


def _chars_by_face(layout: PageLayout) -> dict[str, str]:
    used: dict[str, set[str]] = {}
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, GlyphRun):
                used.setdefault(item.face, set()).update(item.text)
    return {kind: "".join(sorted(chars)) for kind, chars in used.items()}


def _family(kind: str) -> tuple[str, str]:
    """(FontName, FamilyName) for a face kind: the name documents use for it, and the standard's family."""
    if kind in KINDS:
        return KINDS[kind].word, LOOKS[kind]
    return LATIN_NAME, LATIN_NAME


def _fonts(pkg: _Package, res: etree._Element) -> list[tuple[str, Subset]]:
    """The Fonts of the public resources, one per face kind drawn; kinds on one face file share its subset."""
    chars = _chars_by_face(pkg.layout)
    by_file: dict[tuple[Path, int], str] = {}
    for kind in sorted(chars):
        face = pkg.faces[kind]
        key = (face.path, face.index)
        by_file[key] = by_file.get(key, "") + chars[kind]
    files: list[tuple[str, Subset]] = []
    names: dict[tuple[Path, int], str] = {}
    for key in sorted(by_file, key=lambda k: (str(k[0]), k[1])):
        name = f"font_{len(files)}.ttf"
        names[key] = name
        files.append((name, subset(key[0], key[1], by_file[key])))
    fonts = _el(res, "Fonts")
    for kind in sorted(chars):
        face = pkg.faces[kind]
        font_name, family = _family(kind)
        font_id = pkg.ids.next()
        pkg.font_ids[kind] = font_id
        attrs = {"ID": font_id, "FontName": font_name, "FamilyName": family}
        if kind != "hei":
            attrs["Serif"] = "true"
        font = _el(fonts, "Font", attrs)
        _el(font, "FontFile", text=names[(face.path, face.index)])
    return files


def _text(pkg: _Package, layer: etree._Element, run: GlyphRun) -> None:
    """One TextObject: the run's glyphs at the layout's x positions, on its baseline."""
    size = run.size * MM
    origins = [round(x * MM, 3) for x in run.xs]  # rounded once: the deltas add up to these exactly
    baseline = pkg.y(run.y)
    left = round(origins[0] - 0.2 * size, 3)
    top = round(baseline - 1.2 * size, 3)
    width = origins[-1] - origins[0] + 1.4 * size
    attrs = {"ID": pkg.ids.next(), "Boundary": f"{_mm(left)} {_mm(top)} {_mm(width)} {_mm(1.6 * size)}",
             "Font": pkg.font_ids[run.face], "Size": _mm(size)}
    if run.bold:
        attrs.update(Stroke="true", LineWidth=_mm(BOLD_STROKE * size))
    text = _el(layer, "TextObject", attrs)
    if run.color:
        value = " ".join(str(round(c * 255)) for c in run.color)
        _el(text, "FillColor", {"Value": value})
        if run.bold:
            _el(text, "StrokeColor", {"Value": value})
    code = {"X": _mm(origins[0] - left), "Y": _mm(baseline - top)}
    if len(origins) > 1:
        microns = [round(x * 1000) for x in origins]  # whole micrometres: the steps add up exactly
        code["DeltaX"] = _deltas([b - a for a, b in itertools.pairwise(microns)])
    _el(text, "TextCode", code, run.text)


def _deltas(steps: list[int]) -> str:
    """DeltaX (steps in micrometres) with the standard's shorthand: `g k v` for k equal steps in a row."""
    out: list[str] = []
    for step, group in itertools.groupby(steps):
        count = len(list(group))
        value = _mm(step / 1000)
        out.append(f"g {count} {value}" if count > 2 else " ".join([value] * count))
    return " ".join(out)


def _strokes(pkg: _Package, layer: etree._Element, strokes: Strokes) -> None:
    """One PathObject for rules stroked together; its Boundary encloses them with half the width around."""
    points = [(x * MM, pkg.y(y)) for x0, y0, x1, y1 in strokes.segments for x, y in ((x0, y0), (x1, y1))]
    pad = strokes.width * MM / 2
    left = round(min(x for x, _ in points) - pad, 3)
    top = round(min(y for _, y in points) - pad, 3)
    right, bottom = max(x for x, _ in points) + pad, max(y for _, y in points) + pad
    data = []
    for x0, y0, x1, y1 in strokes.segments:
        data.append(f"M {_mm(x0 * MM - left)} {_mm(pkg.y(y0) - top)} L {_mm(x1 * MM - left)} {_mm(pkg.y(y1) - top)}")
    path = _el(layer, "PathObject", {"ID": pkg.ids.next(), "Boundary": f"{_mm(left)} {_mm(top)} "
                                     f"{_mm(right - left)} {_mm(bottom - top)}", "LineWidth": _mm(strokes.width * MM)})
    if strokes.color:  # the formal edition's red rule
        _el(path, "StrokeColor", {"Value": " ".join(str(round(c * 255)) for c in strokes.color)})
    _el(path, "AbbreviatedData", text=" ".join(data))


def _picture(pkg: _Package, layer: etree._Element, picture: Picture) -> None:
    digest = hashlib.sha256(picture.data).hexdigest()
    if digest not in pkg.image_ids:
        image_id = pkg.ids.next()
        pkg.image_ids[digest] = image_id
        ext = "jpg" if picture.data.startswith(b"\xff\xd8") else "png"
        pkg.images.append((image_id, f"image_{len(pkg.images)}.{ext}", picture.data))
    width, height = picture.width * MM, picture.height * MM
    top = pkg.y(picture.y + picture.height)
    _el(layer, "ImageObject", {"ID": pkg.ids.next(), "Boundary": f"{_mm(picture.x * MM)} {_mm(top)} {_mm(width)} "
                               f"{_mm(height)}", "CTM": f"{_mm(width)} 0 0 {_mm(height)} 0 0",
                               "ResourceID": pkg.image_ids[digest]})


def _page(pkg: _Package, page: Page) -> tuple[bytes, list[Anchor]]:
    root = _el(None, "Page")
    content = _el(root, "Content")
    layer = _el(content, "Layer", {"ID": pkg.ids.next(), "Type": "Body"})
    anchors = []
    for item in page.items:
        if isinstance(item, GlyphRun):
            _text(pkg, layer, item)
        elif isinstance(item, Strokes):
            _strokes(pkg, layer, item)
        elif isinstance(item, Picture):
            _picture(pkg, layer, item)
        elif isinstance(item, Anchor):
            anchors.append(item)
        else:
            assert_never(item)
    return _xml(root), anchors


def _outlines(pkg: _Package, document: etree._Element, anchors: list[tuple[str, Anchor]]) -> None:
    """The document outline from the headings' anchors (levels from 0, never skipping one)."""
    if not anchors:
        return
    outlines = _el(document, "Outlines")
    parents: list[etree._Element] = [outlines]
    for page_id, anchor in anchors:
        del parents[anchor.level + 1:]
        elem = _el(parents[-1], "OutlineElem", {"Title": anchor.text})
        actions = _el(elem, "Actions")
        action = _el(actions, "Action", {"Event": "CLICK"})
        goto = _el(action, "Goto")
        _el(goto, "Dest", {"Type": "XYZ", "PageID": page_id, "Left": "0", "Top": _mm(max(0.0, pkg.y(anchor.top)))})
        parents.append(elem)


def render(layout: PageLayout, faces: dict[str, Face]) -> bytes:
    """The OFD package's bytes."""
    pkg = _Package(layout, faces)
    meta = layout.meta
    public = _el(None, "Res", {"BaseLoc": "Res"})
    font_files = _fonts(pkg, public)
    pages: list[tuple[str, bytes]] = []
    anchors: list[tuple[str, Anchor]] = []
    for k, page in enumerate(layout.pages):
        page_id = pkg.ids.next()
        pkg.page_ids.append(page_id)
        content, found = _page(pkg, page)
        pages.append((f"Doc_0/Pages/Page_{k}/Content.xml", content))
        anchors += [(page_id, anchor) for anchor in found]

    document_res = _el(None, "Res", {"BaseLoc": "Res"})
    if pkg.images:
        media = _el(document_res, "MultiMedias")
        for image_id, name, _data in pkg.images:
            multimedia = _el(media, "MultiMedia", {"ID": image_id, "Type": "Image",
                                                   "Format": "JPEG" if name.endswith(".jpg") else "PNG"})
            _el(multimedia, "MediaFile", text=name)

    document = _el(None, "Document")
    common = _el(document, "CommonData")
    max_id = _el(common, "MaxUnitID")
    area = _el(common, "PageArea")
    _el(area, "PhysicalBox", text=f"0 0 {_mm(layout.width * MM)} {_mm(layout.height * MM)}")
    _el(common, "PublicRes", text="PublicRes.xml")
    _el(common, "DocumentRes", text="DocumentRes.xml")
    pages_el = _el(document, "Pages")
    for k, page_id in enumerate(pkg.page_ids):
        _el(pages_el, "Page", {"ID": page_id, "BaseLoc": f"Pages/Page_{k}/Content.xml"})
    _outlines(pkg, document, anchors)
    max_id.text = str(pkg.ids.last)

    created = build_time(meta.date)
    ofd = _el(None, "OFD", {"Version": "1.0", "DocType": "OFD"})
    body = _el(ofd, "DocBody")
    info = _el(body, "DocInfo")
    doc_id = hashlib.sha256("\0".join((meta.title, meta.author, created.isoformat())).encode()).hexdigest()[:32]
    _el(info, "DocID", text=doc_id)
    _el(info, "Title", text=meta.title)
    _el(info, "Author", text=meta.author)
    _el(info, "Subject", text=meta.subject)
    _el(info, "CreationDate", text=created.date().isoformat())
    if meta.keywords:
        keywords = _el(info, "Keywords")
        for word in meta.keywords:
            _el(keywords, "Keyword", text=word)
    _el(info, "Creator", text="reportgen")
    _el(body, "DocRoot", text="Doc_0/Document.xml")

    entries = [_entry(name, data) for name, data in (
        ("OFD.xml", _xml(ofd)),
        ("Doc_0/Document.xml", _xml(document)),
        ("Doc_0/PublicRes.xml", _xml(public)),
        ("Doc_0/DocumentRes.xml", _xml(document_res)),
        *pages)]
    entries += [(f"Doc_0/Res/{name}", font.crc, len(font.program), font.deflated, True) for name, font in font_files]
    entries += [(f"Doc_0/Res/{name}", zlib.crc32(data), len(data), data, False) for _id, name, data in pkg.images]
    return _zip(entries, created)


_Entry = tuple[str, int, int, bytes, bool]  # name, CRC-32, size, stored bytes, deflated


def _entry(name: str, data: bytes) -> _Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, zlib.crc32(data), len(data), packer.compress(data) + packer.flush(), True


def _zip(entries: list[_Entry], stamp: dt.datetime) -> bytes:
    """The zip container, written here so the fonts go in as already deflated (`fonts.subset`): same entries,
    same bytes. Photos are stored as they are (JPEG and PNG are compressed already)."""
    stamp = max(stamp, dt.datetime(1980, 1, 1))  # zip's epoch (SOURCE_DATE_EPOCH may be earlier)
    time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    out = bytearray()
    central = bytearray()
    for name, crc, size, stored, deflated in entries:
        raw = name.encode("ascii")
        method = 8 if deflated else 0
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, time, date, crc, len(stored), size, len(raw), 0)
        out += raw + stored
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0, method, time, date, crc,
                               len(stored), size, len(raw), 0, 0, 0, 0, 0o100644 << 16, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def write(layout: PageLayout, faces: dict[str, Face], target: Path) -> None:
    target.write_bytes(render(layout, faces))
