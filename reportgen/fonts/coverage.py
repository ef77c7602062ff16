"""Which characters a face has (its cmap, read straight from the file) and where a glyph's ink lies."""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from typing import TYPE_CHECKING

from ..caches import memo
from .cache import disk_cached, pack_map, per_file, position
from .sfnt import Data, mapped, tables

if TYPE_CHECKING:
    from .discovery import Face


@per_file
def glyph_map(path: Path, index: int) -> tuple[array[int], array[int]]:
    """Code points (ascending) and their glyph ids, read straight from the cmap table (TrueType, OpenType,
    collections); glyph 0 (the missing-glyph box) left out.

    fontTools would decode every glyph name first (half a second for a large CJK face);
    only the Unicode subtable is needed here. Kept in the disk cache as two flat arrays
    (a CJK cmap has 20,000–30,000 entries) and searched, never turned into a dict.
    """
    return disk_cached("cmap", path, index, lambda: pack_map(dict(sorted(_read_glyph_map(path, index).items()))))


def _read_glyph_map(path: Path, index: int) -> dict[int, int]:
    with mapped(path) as data:
        return _parse_glyph_map(data, index)


def _parse_glyph_map(data: Data, index: int) -> dict[int, int]:
    cmap = tables(data, index).get(b"cmap")
    if cmap is None:
        return {}
    subtables: dict[tuple[int, int, int], int] = {}  # (platform, encoding, format) -> offset
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables.setdefault((platform, encoding, struct.unpack_from(">H", data, cmap + sub)[0]), cmap + sub)
    found: dict[int, int] = {}
    for key in ((3, 10, 12), (0, 4, 12), (0, 6, 12)):
        if key in subtables:
            groups = subtables[key]
            for g in range(struct.unpack_from(">I", data, groups + 12)[0]):
                start, end, glyph = struct.unpack_from(">III", data, groups + 16 + 12 * g)
                found.update((c, glyph + c - start) for c in range(start, end + 1))
            return {c: g for c, g in found.items() if g}
    at = next((subtables[k] for k in ((3, 1, 4), (0, 3, 4), (0, 1, 4), (0, 0, 4)) if k in subtables), None)
    if at is None:
        return {}
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    for k, (start, end, delta, ro) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        if start == 0xFFFF:
            continue
        if ro == 0:
            found.update((c, (c + delta) & 0xFFFF) for c in range(start, end + 1))
        else:
            base = range_at + 2 * k + ro
            for c in range(start, end + 1):
                glyph = struct.unpack_from(">H", data, base + 2 * (c - start))[0]
                found[c] = (glyph + delta) & 0xFFFF if glyph else 0
    return {c: g for c, g in found.items() if g}


def missing_chars(face: Face, text: str) -> list[str]:
    """Characters of `text` the face has no glyph for (spaces and line breaks aside)."""
    st = face.path.stat()
    return list(_missing(face.path, face.index, st.st_size, st.st_mtime_ns, frozenset(text)))


@memo(64, group="fonts")
def _missing(path: Path, index: int, size: int, mtime: int, chars: frozenset[str]) -> tuple[str, ...]:
    """`missing_chars` by the set of characters and the file as it is now: an edit seldom brings a character
    the text did not have, so a rebuild in the same process (a live preview) looks none up again."""
    codes = glyph_map(path, index)[0]  # ascending: a binary search per distinct character
    return tuple(sorted(ch for ch in chars if not ch.isspace() and position(codes, ord(ch)) is None))


def ink_top(face: Face, ch: str) -> float | None:
    """Top of a character's outline above the baseline, in ems (TrueType faces); None if unknown."""
    box = _ink_box(face.path, face.index, ch)
    return None if box is None else box[3]


def ink_extent(face: Face, ch: str) -> tuple[float, float] | None:
    """Left and right edges of a character's outline from its origin, in ems (TrueType faces); None if unknown
    or blank."""
    box = _ink_box(face.path, face.index, ch)
    return None if box is None or box[2] <= box[0] else (box[0], box[2])


@per_file
def _ink_box(path: Path, index: int, ch: str) -> tuple[float, float, float, float] | None:
    """A glyph's outline box (xMin, yMin, xMax, yMax) in ems, from its `glyf` header; None without one."""
    codes, glyphs = glyph_map(path, index)
    at = position(codes, ord(ch))
    if at is None:
        return None
    glyph = glyphs[at]
    with mapped(path) as data:
        found = tables(data, index)
        if not {b"head", b"loca", b"glyf"} <= found.keys():
            return None
        head, loca, glyf = found[b"head"], found[b"loca"], found[b"glyf"]
        upm, long_loca = struct.unpack_from(">H", data, head + 18)[0], struct.unpack_from(">h", data, head + 50)[0]
        start, end = (struct.unpack_from(">2I", data, loca + 4 * glyph) if long_loca
                      else (2 * n for n in struct.unpack_from(">2H", data, loca + 2 * glyph)))
        if end <= start:
            return None  # no outline (a space)
        x_min, y_min, x_max, y_max = struct.unpack_from(">4h", data, glyf + start + 2)
        em = int(upm)
        return x_min / em, y_min / em, x_max / em, y_max / em
