"""TrueType faces for the PDF writer: parsed once per font file and machine, mapped not read, lean subsets.

ReportLab parses a whole CJK face (cmap, widths, glyph offsets: 0.1–0.2 s for
each of the example's four files) in every process, and reads the file into
memory (15–20 MB each). Here the parsed face is kept in the disk cache
(`reportgen.fonts.cache.disk_cached`), the file is memory-mapped so only the glyphs a
subset takes are read, and the subsets leave out what a PDF reader never uses:
the ASCII block ReportLab puts into every first subset, and the name table's
long licence texts (the names that identify the face stay).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import struct
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.pdfdoc import PDFArray, PDFObject, PDFStreamFilterZCompress
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from ..caches import memo
from ..fonts.cache import disk_cached, per_file
from ..resources import cache_dir

_KEPT_NAMES = range(7)  # copyright, family, subfamily, unique id, full name, version, PostScript name
_NOT_STORED = ("_ttf_data", "_pdfScale", "glyphToChar")  # the file itself, a lambda, shaping only

V = TypeVar("V", int, float)


class _Window:
    """A table inside the mapped file that slices like bytes without being copied whole."""

    def __init__(self, data: mmap.mmap, start: int):
        self.data, self.start = data, start

    def __getitem__(self, part: slice) -> bytes:
        return self.data[self.start + part.start: self.start + part.stop]


SUBSETS_KEPT = 32  # per face


class MappedFace(TTFontFace):  # type: ignore[misc]  # ReportLab has no types
    """A `TTFontFace` rebuilt from cached attributes; the file is mapped on first use (subsetting)."""

    def __getattr__(self, name: str) -> Any:  # only `_ttf_data` (the mapped file); ReportLab's others are untyped
        if name == "_ttf_data":  # only looked up here when not yet set
            with open(self.filename, "rb") as f:
                self._ttf_data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            return self._ttf_data
        raise AttributeError(name)

    def program(self, subset: Sequence[int]) -> tuple[bytes, bytes]:
        """(font program, deflated) of one 256-glyph subset: made once per font file and glyph set, and kept
        in this process and in the disk cache (`disk_cached`, the newest `SUBSETS_ON_DISK`): a rebuild of the
        same text, in this process (a live preview) or another, neither subsets nor deflates it again."""
        made: dict[tuple[int, ...], tuple[bytes, bytes]] = self.__dict__.setdefault("_programs", {})
        key = tuple(subset)
        if key not in made:
            if len(made) >= SUBSETS_KEPT:
                del made[next(iter(made))]  # the oldest: a long preview session keeps its memory bounded
            glyphs = hashlib.sha256(array("I", key).tobytes()).hexdigest()[:32]
            made[key] = disk_cached("subset", Path(self.filename), self.index, lambda: self._make(key),
                                    version=f"{reportlab.Version}|{glyphs}")
        return made[key]

    def _make(self, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
        program = super().makeSubset(subset)
        _prune_subsets()
        return program, zlib.compress(program)

    def widths(self, subset: Sequence[int]) -> _Formatted:
        """The subset's /Widths array as the PDF writes it, kept like its program: formatting 256 numbers takes
        a few tenths of a millisecond, the same for every build of the same glyph set."""
        made: dict[tuple[int, ...], _Formatted] = self.__dict__.setdefault("_widths", {})
        key = tuple(subset)
        if key not in made:
            if len(made) >= SUBSETS_KEPT:
                del made[next(iter(made))]
            made[key] = _Formatted(PDFArray([self.getCharWidth(code) for code in key]).format(None))
        return made[key]

    def makeSubset(self, subset: Sequence[int]) -> bytes:  # noqa: N802 (ReportLab's name)
        return self.program(subset)[0]

    def addSubsetObjects(self, doc: Any, fontname: str, subset: Sequence[int]) -> Any:  # noqa: N802 (ReportLab's)
        """ReportLab's subset objects, the font program's stream given its deflated form (`program`)."""
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters:
            stream.filters = [_Deflated(self.program(subset)[1])]
        return descriptor

    def get_table(self, tag: str) -> bytes | _Window:
        pos, length = self.get_table_pos(tag)
        if tag == "glyf":  # ReportLab copies the whole table once per 256-glyph subset
            return _Window(self._ttf_data, pos)
        data = self._ttf_data[pos:pos + length]
        return _lean_names(data) if tag == "name" else data


@memo(64, group="text")
def deflated(data: bytes) -> bytes:
    """`zlib.compress`, remembered by content: a rebuild after an edit deflates only the streams that changed
    (a page's operators, a subset's ToUnicode map), not every one again."""
    return zlib.compress(data)


class Flate(PDFStreamFilterZCompress):  # type: ignore[misc]  # ReportLab has no types
    """ReportLab's Flate filter (the same bytes), each stream's deflated form remembered (`deflated`)."""

    def encode(self, text: str | bytes) -> bytes:
        return deflated(text.encode("utf8") if isinstance(text, str) else bytes(text))


FLATE = Flate()


class _Formatted(PDFObject):  # type: ignore[misc]  # ReportLab has no types
    """A direct PDF object whose bytes are already known."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _Deflated(PDFStreamFilterZCompress):  # type: ignore[misc]  # ReportLab has no types
    """ReportLab's Flate filter for one stream whose deflated bytes are already known."""

    def __init__(self, deflated: bytes):
        self.deflated = deflated

    def encode(self, text: bytes) -> bytes:
        return self.deflated


SUBSETS_ON_DISK = 64


def _prune_subsets() -> None:
    """Keep the disk cache's subset programs to the newest `SUBSETS_ON_DISK` (each is a few hundred KB)."""
    with contextlib.suppress(OSError):
        entries = sorted(cache_dir().glob("subset-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-SUBSETS_ON_DISK]:
            old.unlink(missing_ok=True)


def _lean_names(table: bytes) -> bytes:
    """The name table with only the identifying records (ids 0–6); format 0, strings re-packed."""
    fmt, count, _ = struct.unpack_from(">HHH", table, 0)
    if fmt != 0:
        return table
    records, strings = [], bytearray()
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        if name_id in _KEPT_NAMES:
            start = struct.unpack_from(">H", table, 4)[0] + offset
            records.append((platform, encoding, language, name_id, length, len(strings)))
            strings += table[start:start + length]
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return head + b"".join(struct.pack(">6H", *r) for r in records) + bytes(strings)


class _Lookup(Mapping[int, V]):
    """A read-only code → value table over two sorted arrays, straight from the cache.

    Rebuilding a dict of 20,000–30,000 entries per face costs more than the few
    hundred look-ups a report makes (new characters when subsetting, widths once per
    character).
    """

    def __init__(self, keys: array[int], values: array[V]):
        self.keys_: array[int] = keys
        self.values_: array[V] = values
        self.seen: dict[object, V | None] = {}  # the characters a process has asked about

    def _find(self, key: object) -> V | None:
        if key in self.seen:
            return self.seen[key]
        i = bisect_left(self.keys_, key) if isinstance(key, int) else len(self.keys_)
        found = self.values_[i] if i < len(self.keys_) and self.keys_[i] == key else None
        self.seen[key] = found
        return found

    def __getitem__(self, key: int) -> V:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)


class _Pairs(Sequence[tuple[float, float]]):
    """(advance, left side bearing) per glyph, as ReportLab's `hmetrics` list reads."""

    def __init__(self, first: array[float], second: array[float]):
        self.first, self.second = first, second

    @overload
    def __getitem__(self, i: int) -> tuple[float, float]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[float, float]]: ...
    def __getitem__(self, i: int | slice) -> tuple[float, float] | list[tuple[float, float]]:
        if isinstance(i, slice):  # as a list would (ReportLab only ever asks for one glyph)
            return [self[k] for k in range(*i.indices(len(self)))]
        return self.first[i], self.second[i]

    def __len__(self) -> int:
        return len(self.first)


def _sorted_arrays(mapping: Mapping[int, float], kind: str) -> tuple[array[int], array[float]]:
    items = sorted(mapping.items())
    return array("I", (k for k, _ in items)), array(kind, (v for _, v in items))


def _parse(path: Path, index: int) -> dict[str, Any]:
    """The parsed face's attributes, the big tables as flat arrays (fast to store and load)."""
    face = TTFontFace(str(path), subfontIndex=index)
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED}
    state["charToGlyph"] = _sorted_arrays(face.charToGlyph, "I")
    state["charWidths"] = _sorted_arrays(face.charWidths, "d")
    state["hmetrics"] = (array("d", (aw for aw, _ in face.hmetrics)), array("d", (lsb for _, lsb in face.hmetrics)))
    state["glyphPos"] = array("I", face.glyphPos)
    return state


@per_file
def load_face(path: Path, index: int) -> MappedFace:
    """The parsed face of `path` (face `index` of a collection), from the disk cache when it is current.

    Once per process (a batch parent loads them before forking its workers).
    """
    state = dict(disk_cached("rl-face", path, index, lambda: _parse(path, index), version=reportlab.Version))
    for name in ("charToGlyph", "charWidths"):
        state[name] = _Lookup(*state[name])
    state["hmetrics"] = _Pairs(*state["hmetrics"])
    face = MappedFace.__new__(MappedFace)
    face.__dict__.update(state)
    face.index = index  # which face of the file: part of the key of its subsets in the disk cache
    upm = face.unitsPerEm
    face._pdfScale = (lambda x: x) if upm == 1000 else (lambda x: x * 1000 / upm)
    return face


class CachedTTFont(TTFont):  # type: ignore[misc]  # ReportLab has no types
    """`TTFont` over a cached, mapped face; no ASCII block in the first subset; never shaped."""

    def __init__(self, name: str, path: Path, index: int = 0):
        self.fontName = name
        self.face = load_face(path, index)
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()  # ReportLab's per-document subsets
        self._asciiReadable = False
        self.shapable = False

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab's name)
        """ReportLab's font objects for each subset used in `doc`, each /Widths array given as its face keeps
        it formatted (`MappedFace.widths`)."""
        state = self.state.get(doc)
        subsets = [] if state is None else [(self.getSubsetInternalName(n, doc)[1:], list(subset))
                                            for n, subset in enumerate(state.subsets)]
        super().addObjects(doc)
        for name, subset in subsets:
            font = doc.idToObject[name]
            font.Widths = self.face.widths(subset)
            doc.idToObject[font.ToUnicode.name].filters = [FLATE]
