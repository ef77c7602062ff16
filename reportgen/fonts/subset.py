"""One subsetter (fontTools) for every writer that embeds a face as a whole TrueType program (OFD).

A subset keeps the tables readers rely on to accept and identify a font (OS/2,
cmap, name, post, and the outline and metric tables), only the glyphs drawn,
and no hinting or layout tables (the layout has already placed every glyph).
Made once per font file and character set, kept in the disk cache: a rebuild
of the same text neither imports fontTools nor subsets again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import cache_dir
from .cache import disk_cached

# Tables a fixed-layout reader never uses once every glyph is positioned: hinting, shaping, vertical metrics,
# bitmaps, signatures.
_DROPPED = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "vhea", "vmtx", "VORG", "kern", "gasp",
            "hdmx", "LTSH", "VDMX", "PCLT", "meta", "EBDT", "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "morx", "feat",
            "FFTM")
KEPT = ("OS/2", "cmap", "name", "head", "hhea", "hmtx", "maxp", "post", "loca", "glyf")  # every subset has these
SUBSET_VERSION = "2"  # bump when the options below change


@dataclass(frozen=True)
class Subset:
    """A subset font program, with what a zip container (OFD) stores for it: its CRC-32 and raw deflated form
    (made once with the program, so a rebuild does not compress it again)."""

    program: bytes = field(repr=False)
    crc: int
    deflated: bytes = field(repr=False)


def subset(path: Path, index: int, chars: str) -> Subset:
    """A TrueType program holding `chars` (and .notdef) of face `index` of `path`: the same bytes for the same
    file and characters, whatever their order."""
    wanted = "".join(sorted(set(chars)))
    digest = hashlib.sha256(wanted.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    made: Subset = disk_cached("ttsubset", path, index, lambda: _packed(_make(path, index, wanted)),
                               version=f"{SUBSET_VERSION}|{digest}")
    return made


SUBSETS_ON_DISK = 64  # the newest kept: each text's subsets are a new entry (a few hundred KB for a body face)


def _prune() -> None:
    with contextlib.suppress(OSError):
        entries = sorted(cache_dir().glob("ttsubset-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-SUBSETS_ON_DISK]:
            old.unlink(missing_ok=True)


def _packed(program: bytes) -> Subset:
    _prune()
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as zip entries hold it
    return Subset(program, zlib.crc32(program), packer.compress(program) + packer.flush())


def _make(path: Path, index: int, chars: str) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.name_IDs = list(range(7))  # copyright, family, style, unique id, full name, version, PostScript name
    options.name_languages = ["*"]      # the Chinese family names too: readers match installed faces by them
    options.name_legacy = True
    options.hinting = False
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, *_DROPPED]
    options.glyph_names = False
    options.notdef_outline = True
    options.recalc_timestamp = False     # head.modified stays the source's: same input, same bytes
    options.prune_unicode_ranges = True
    out = io.BytesIO()
    with TTFont(str(path), fontNumber=index, lazy=True, recalcTimestamp=False) as font:  # closes the file
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(ch) for ch in chars])
        subsetter.subset(font)
        font.save(out)
    return out.getvalue()
