"""Advance widths of a face's characters, for laying text out without any PDF library.

The numbers are exactly those of the PDF writer's ReportLab (`TTFont.stringWidth(ch, 1.0)` of a face loaded by
`writers/pdf_fonts.py`), so a layout measured here is the layout drawn there. ReportLab, in
`reportlab/pdfbase/ttfonts.py`, takes a glyph's advance from `hmtx` (glyphs past `numberOfHMetrics` share the
last advance), scales it to 1000 units per em as `aw * (1000 / unitsPerEm)` (not rounded; untouched when the
face has 1000 units), gives a character without a glyph the advance of glyph 0 (`defaultWidth`), lets U+00A0
share the space's glyph (or the space U+00A0's), and returns `0.001 * size * width`.
"""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import disk_cached, per_file, position
from .coverage import glyph_map
from .sfnt import mapped, tables

if TYPE_CHECKING:
    from .discovery import Face

_SPACE, _NBSP = 0x20, 0xA0


def advance(face: Face, ch: str) -> float:
    """The advance width of `ch` in `face`, in ems (points per point of size); glyph 0's for a missing one."""
    return face_metrics(face.path, face.index).advance(ch)


def has(face: Face, ch: str) -> bool:
    """True when `face` has a glyph for `ch`."""
    return face_metrics(face.path, face.index).has(ch)


class FaceMetrics:
    """One face's advances: a binary search in the cached cmap once per character, then a dict look-up."""

    def __init__(self, codes: array[int], glyphs: array[int], advances: array[int], units_per_em: int):
        self._codes, self._glyphs, self._advances = codes, glyphs, advances
        self._scale = 1000 / units_per_em
        self._plain = units_per_em == 1000
        self._default = self._em(advances[0]) if advances else 0.0
        self._seen: dict[str, float | None] = {}  # character -> advance, None: no glyph

    def _em(self, units: int) -> float:
        # ReportLab's own arithmetic, step by step, so the float is the same to the last bit.
        return 0.001 * (units if self._plain else units * self._scale)

    def _look_up(self, ch: str) -> float | None:
        code = ord(ch)
        if code == _NBSP and position(self._codes, _SPACE) is not None:
            code = _SPACE  # ReportLab gives U+00A0 the space's glyph when the face has one
        at = position(self._codes, code)
        if at is None and code == _SPACE:
            at = position(self._codes, _NBSP)
        if at is None:
            return None
        glyph = self._glyphs[at]
        return self._em(self._advances[glyph]) if glyph < len(self._advances) else self._default

    def advance(self, ch: str) -> float:
        try:
            found = self._seen[ch]
        except KeyError:
            found = self._seen[ch] = self._look_up(ch)
        return self._default if found is None else found

    def has(self, ch: str) -> bool:
        try:
            found = self._seen[ch]
        except KeyError:
            found = self._seen[ch] = self._look_up(ch)
        return found is not None


@per_file
def face_metrics(path: Path, index: int = 0) -> FaceMetrics:
    """The advances of face `index` of `path`, from the disk cache when it is current (once per process)."""
    codes, glyphs = glyph_map(path, index)
    advances, units_per_em = disk_cached("hmtx", path, index, lambda: _read_advances(path, index))
    return FaceMetrics(codes, glyphs, advances, units_per_em)


def _read_advances(path: Path, index: int) -> tuple[array[int], int]:
    """Every glyph's advance in font units (one per glyph, as ReportLab expands `hmtx`), and units per em."""
    with mapped(path) as data:
        found = tables(data, index)
        units_per_em = struct.unpack_from(">H", data, found[b"head"] + 18)[0]
        long_metrics = struct.unpack_from(">H", data, found[b"hhea"] + 34)[0]
        glyph_count = struct.unpack_from(">H", data, found[b"maxp"] + 4)[0]
        pairs = struct.unpack_from(f">{2 * long_metrics}H", data, found[b"hmtx"])
    advances = array("H", pairs[0::2])
    if long_metrics:
        advances.extend([advances[-1]] * (glyph_count - long_metrics))
    return advances, units_per_em
