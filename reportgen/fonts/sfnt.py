"""The TrueType/OpenType file itself: its table directory, read without fontTools (an import and a parse
per build)."""

from __future__ import annotations

import contextlib
import mmap
import struct
from collections.abc import Iterator
from functools import cache
from pathlib import Path


@cache
def is_truetype(path: Path, index: int = 0) -> bool:
    """True when the face has TrueType (glyf) outlines that ReportLab can embed."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf":
                f.seek(12 + 4 * index)
                f.seek(struct.unpack(">I", f.read(4))[0])
                head = f.read(12)
            if head[:4] not in (b"\0\1\0\0", b"true"):
                return False
            count = struct.unpack_from(">H", head, 4)[0]
            directory = f.read(16 * count)
    except (OSError, struct.error):
        return False
    return any(directory[16 * i: 16 * i + 4] == b"glyf" for i in range(count))


def tables(data, index: int) -> dict[bytes, int]:
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
