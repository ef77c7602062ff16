"""The TrueType/OpenType file itself: its table directory, read without fontTools (an import and a parse
per build), and whether the PDF writer can use it."""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .cache import per_file

# The tables ReportLab reads to measure and embed a face.
# A font file's bytes: mapped from disk (`mapped`) or read whole.
Data = bytes | mmap.mmap

REQUIRED = (b"head", b"hhea", b"maxp", b"hmtx", b"cmap", b"loca", b"glyf", b"name", b"post")

# Why a file cannot be used (`problem`).
UNREADABLE = "unreadable"  # missing, a folder, no permission
NOT_A_FONT = "not-a-font"  # not a TrueType/OpenType file or collection at all
CFF = "cff"                # PostScript (CFF) outlines: ReportLab embeds TrueType outlines only
RESTRICTED = "restricted"  # the licence bits (OS/2 fsType) forbid embedding a subset, and ReportLab obeys
DAMAGED = "damaged"        # truncated, or a table ReportLab needs missing, outside the file or unknown to it


@per_file
def problem(path: Path, index: int = 0) -> str | None:
    """Why face `index` of `path` is of no use to the PDF writer, or None when it is a sound TrueType face.

    Reads the table directory and the headers ReportLab checks, and checks that every table it reads is
    there and inside the file: a truncated or damaged file fails here, with a message for the user, not with
    a `struct.error` or `TTFError` halfway through a build.
    """
    try:
        with open(path, "rb") as f:
            return _problem(f, os.fstat(f.fileno()).st_size, index)
    except OSError:
        return UNREADABLE


def _problem(f: BinaryIO, size: int, index: int) -> str | None:
    head = f.read(12)
    if head[:4] == b"ttcf":
        if len(head) < 12 or index >= struct.unpack_from(">I", head, 8)[0]:
            return DAMAGED
        f.seek(12 + 4 * index)
        at = f.read(4)
        if len(at) < 4:
            return DAMAGED
        f.seek(struct.unpack(">I", at)[0])
        head = f.read(12)
    if head[:4] == b"OTTO":
        return CFF
    if head[:4] not in (b"\0\1\0\0", b"true"):
        return NOT_A_FONT
    if len(head) < 12:
        return DAMAGED
    count = struct.unpack_from(">H", head, 4)[0]
    directory = f.read(16 * count)
    if len(directory) < 16 * count:
        return DAMAGED
    found = {directory[16 * i: 16 * i + 4]: struct.unpack_from(">II", directory, 16 * i + 8) for i in range(count)}
    if b"glyf" not in found and (b"CFF " in found or b"CFF2" in found):
        return CFF
    if any(tag not in found or sum(found[tag]) > size for tag in REQUIRED):
        return DAMAGED

    def header(tag: bytes, length: int) -> bytes:
        offset, table_length = found[tag]
        f.seek(offset)
        return f.read(length) if table_length >= length else b""

    head, hhea, maxp, post = header(b"head", 54), header(b"hhea", 36), header(b"maxp", 6), header(b"post", 4)
    if not (head and hhea and maxp and post):
        return DAMAGED
    glyphs = struct.unpack_from(">H", maxp, 4)[0]
    units_per_em, long_loca = struct.unpack_from(">H", head, 18)[0], struct.unpack_from(">h", head, 50)[0]
    long_metrics = struct.unpack_from(">H", hhea, 34)[0]
    sound = (  # what ReportLab's TTFontFile.extractInfo insists on, and the lengths it reads
        head[:2] == hhea[:2] == maxp[:2] == b"\0\1" and head[12:16] == b"\x5f\x0f\x3c\xf5"
        and 16 <= units_per_em <= 16384 and long_loca in (0, 1) and head[52:54] == hhea[32:34] == b"\0\0"
        and post[:2] in (b"\0\1", b"\0\2", b"\0\3", b"\0\4") and 1 <= long_metrics <= glyphs
        and found[b"hmtx"][1] >= 4 * long_metrics + 2 * (glyphs - long_metrics)
        and found[b"loca"][1] >= (glyphs + 1) * (4 if long_loca else 2))
    if not sound:
        return DAMAGED
    if b"OS/2" in found:
        os2 = header(b"OS/2", 10)
        if not os2:
            return DAMAGED
        fs_type = struct.unpack_from(">H", os2, 8)[0]
        if (fs_type == 0x0002 or fs_type & 0x0300) and glyphs > 0xFF:
            return RESTRICTED
    return None


def is_truetype(path: Path, index: int = 0) -> bool:
    """True when the face has sound TrueType (glyf) outlines that ReportLab can embed."""
    return problem(path, index) is None


def tables(data: Data, index: int) -> dict[bytes, int]:
    """Offsets of a face's tables (in a collection, of face `index`)."""
    offset = struct.unpack_from(">I", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, offset + 4)[0]
    return {data[offset + 12 + 16 * i: offset + 16 + 16 * i]: struct.unpack_from(">I", data, offset + 20 + 16 * i)[0]
            for i in range(count)}


@contextlib.contextmanager
def mapped(path: Path) -> Iterator[mmap.mmap]:
    """The font file mapped read-only: only the pages of the tables we read are loaded."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data
