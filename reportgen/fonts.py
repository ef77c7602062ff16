"""Find a font file for each kind of face a style asks for (小标宋, 宋体, 仿宋, 黑体, 楷体).

Order: files the user named, then the faces Chinese offices have (Windows,
macOS, or the same families installed on Linux), then faces prepared once by
`reportgen fonts --prepare`, then the free TrueType faces `make report`
installs. ReportLab reads TrueType outlines only, so a CFF-flavoured face
(.otf/.otc, Noto CJK) is passed over; the one heavy Song we can get for free,
Noto Serif CJK SC Bold, is converted to TrueType once and cached outside the
repository (see `prepare`).
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import pickle
import shutil
import struct
import subprocess
import sys
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .resources import cache_dir

# Face kind -> (DOCX font name a Chinese Windows has, fontconfig families in order of preference).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "xiaobiaosong": ("方正小标宋简体", (
        "FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05", "STZhongsong", "华文中宋",
        "Noto Serif CJK SC TT", "WenQuanYi Zen Hei")),
    "song": ("宋体", (
        "SimSun", "宋体", "Songti SC", "STSong", "华文宋体", "Noto Serif CJK SC TT Regular", "AR PL UMing CN",
        "AR PL SungtiL GB")),
    "fangsong": ("仿宋", (
        "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "华文仿宋",
        "SimSun", "宋体", "Noto Serif CJK SC TT Regular", "AR PL UMing CN", "AR PL SungtiL GB")),
    "hei": ("黑体", (
        "SimHei", "黑体", "STHeiti", "华文黑体", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")),
    "kai": ("楷体", (
        "KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "华文楷体", "LXGW WenKai",
        "AR PL UKai CN", "AR PL KaitiM GB")),
}

# Well-known files by kind, for systems without fontconfig (Windows, macOS).
_WINDOWS_FILES = {
    "xiaobiaosong": ("FZXBSJW.TTF", "STZHONGS.TTF"),
    "song": ("simsun.ttc", "STSONG.TTF"),
    "fangsong": ("simfang.ttf", "STFANGSO.TTF", "simsun.ttc"),
    "hei": ("simhei.ttf", "STXIHEI.TTF"),
    "kai": ("simkai.ttf", "STKAITI.TTF"),
}

# The Debian/Ubuntu packages that provide the free fallbacks (installed by `make`).
SYSTEM_PACKAGES = ("fonts-arphic-uming", "fonts-arphic-ukai", "fonts-wqy-zenhei", "fonts-lxgw-wenkai")


@dataclass(frozen=True)
class Prepared:
    """A TrueType face made once from a CFF one: (source family, style) → our family and file."""

    family: str      # the family the converted face carries (and KINDS names)
    postscript: str
    source_family: str
    source_style: str
    file: str
    ranges: tuple[tuple[int, int], ...]  # code points kept: what a Chinese report sets


# Noto Serif CJK SC Bold (OFL, Debian fonts-noto-cjk) as the title's heavy Song (小标宋).
# Kept: ASCII and Latin-1, pinyin tone letters, general punctuation, letterlike and number forms,
# arrows and maths, enclosed numbers, shapes, CJK symbols, enclosed CJK, the URO, full-width forms.
# CJK Extension A is left out (6,600 more glyphs); the coverage check names any character missing.
_REPORT_RANGES = ((0x20, 0x17F), (0x2C6, 0x2DD), (0x2000, 0x206F), (0x2100, 0x22FF), (0x2460, 0x24FF),
                  (0x2500, 0x26FF), (0x3000, 0x303F), (0x3200, 0x33FF), (0x4E00, 0x9FFF), (0xFE30, 0xFE4F),
                  (0xFF00, 0xFFEF))
PREPARED = {
    "Noto Serif CJK SC TT": Prepared(
        "Noto Serif CJK SC TT", "NotoSerifCJKscTT-Bold", "Noto Serif CJK SC", "Bold", "NotoSerifCJKscTT-Bold-v1.ttf",
        _REPORT_RANGES),
    # The body's Song where no 仿宋/宋体 is installed: mainland glyph forms and GB punctuation positions, the
    # Traditional forms OpenCC writes (爲), and outlines a sixth smaller in the PDF than AR PL UMing's.
    "Noto Serif CJK SC TT Regular": Prepared(
        "Noto Serif CJK SC TT Regular", "NotoSerifCJKscTT-Regular", "Noto Serif CJK SC", "Regular",
        "NotoSerifCJKscTT-Regular-v1.ttf", _REPORT_RANGES),
}


CACHE_FORMAT = 4  # bump when anything stored in the cache changes shape


def disk_cached(what: str, path: Path, index: int, compute, *, version: str = ""):
    """`compute()` for a font file, kept on disk keyed by the file's path, size and mtime.

    Parsing a large CJK face takes a tenth of a second or more per process; a
    pickle of the result loads in a few milliseconds. A missing, stale or
    unreadable entry is simply recomputed; a cache that cannot be written is
    ignored (read-only home, full disk).
    """
    try:
        st = path.stat()
    except OSError:
        return compute()
    key = f"{CACHE_FORMAT}|{what}|{version}|{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}"
    entry = cache_dir() / f"{what}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"
    try:
        with open(entry, "rb") as f:
            stored_key, value = pickle.load(f)
        if stored_key == key:
            return value
    except Exception:  # any damage to a cache entry means: compute again
        pass
    value = compute()
    temp = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, entry)
    except Exception:  # the cache is an optimisation; never fail a build over it
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return value


def prepared_dir() -> Path:
    """Where prepared faces live: the user's font folder, so fontconfig finds them too; never the repository."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fonts" / "reportgen"


def _prepared_file(family: str) -> Path | None:
    spec = PREPARED.get(family)
    if spec is None:
        return None
    path = prepared_dir() / spec.file
    return path if path.is_file() else None


def prepare(log=print) -> list[Path]:
    """Make every prepared face that is missing and whose source is installed (one-time, ~40 s each)."""
    made = []
    for spec in PREPARED.values():
        target = prepared_dir() / spec.file
        if target.is_file():
            log(f"已准备：{target}")
            continue
        source = [(f, i) for fam, f, i, st in _fontconfig_faces()
                  if fam == spec.source_family and st.split(",")[0].strip() == spec.source_style]
        if not source:
            log(f"跳过 {spec.family}：未安装 {spec.source_family} {spec.source_style}（Debian 软件包 fonts-noto-cjk）")
            continue
        log(f"正在把 {spec.source_family} {spec.source_style} 转换为 TrueType（只需一次，约一分钟）……")
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".tmp")
        _convert(Path(source[0][0]), source[0][1], spec).save(str(temp))
        os.replace(temp, target)
        made.append(target)
        log(f"已生成 {target}")
    # Also when nothing was made: a stale fontconfig cache for this folder makes every `fc-list`
    # (once per build) rescan the 10 MB face, 0.2 s each time.
    if prepared_dir().is_dir() and shutil.which("fc-cache"):
        subprocess.run(["fc-cache", str(prepared_dir())], capture_output=True, check=False)
        _fontconfig_faces.cache_clear()
    return made


def _convert(path: Path, index: int, spec: Prepared):
    """Subset a CFF face to `spec.ranges` and redraw its outlines as TrueType quadratics (fontTools otf2ttf)."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(path), fontNumber=index)
    wanted = [cp for cp in font.getBestCmap() if any(lo <= cp <= hi for lo, hi in spec.ranges)]
    options = subset.Options()
    options.layout_features, options.hinting, options.desubroutinize = [], False, True
    options.name_IDs, options.name_languages, options.notdef_outline = ["*"], ["*"], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    names = font["name"]
    names.names = [n for n in names.names if n.nameID not in (1, 3, 4, 6, 16, 17, 21, 22)]
    full_name = spec.family if spec.source_style == "Regular" else f"{spec.family} {spec.source_style}"
    for name_id, value in ((1, spec.family), (3, f"reportgen;{spec.postscript}"), (4, full_name),
                           (6, spec.postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    font.sfntVersion = "\0\1\0\0"
    return font


@dataclass(frozen=True)
class Face:
    """One resolved face: where its file is and what DOCX should call it."""

    kind: str
    family: str
    path: Path
    index: int
    docx_name: str

    @property
    def key(self) -> str:
        """A stable PostScript-safe name for registering the face with a PDF library."""
        return f"rg-{self.kind}"


class FontNotFound(Exception):
    """No usable file for a kind of face; the message says what to install."""


def _font_dirs() -> list[Path]:
    dirs = []
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    return [d for d in dirs if d.is_dir()]


@cache
def _fontconfig_faces() -> tuple[tuple[str, str, int, str], ...]:
    """(family, file, index, style) for every font fontconfig knows, in a stable order."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{style}\n"],
            capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families, file, index, style = parts
        for family in families.split(","):
            faces.append((family.strip(), file, int(index or 0), style))
    return tuple(sorted(set(faces)))


_STYLE_RANK = ("regular", "book", "normal", "medium", "r", "")


def _style_rank(style: str) -> int:
    """Rank by the face's primary style name: "Light,Regular" is a light face, not a regular one."""
    primary = style.split(",")[0].strip().lower()
    return _STYLE_RANK.index(primary) if primary in _STYLE_RANK else len(_STYLE_RANK)


@cache
def is_truetype(path: Path, index: int = 0) -> bool:
    """True when the face has TrueType (glyf) outlines that ReportLab can embed.

    Reads only the table directory: fontTools would cost an import and a parse per build.
    """
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


def _by_family(family: str) -> tuple[Path, int] | None:
    matches = [(f, file, i, s) for f, file, i, s in _fontconfig_faces() if f.lower() == family.lower()]
    for _, file, index, _style in sorted(matches, key=lambda m: (_style_rank(m[3]), m[1], m[2])):
        path = Path(file)
        if is_truetype(path, index):
            return path, index
    return None


def resolve(kind: str, user: Mapping[str, Path] | None = None) -> Face:
    """The face for `kind`: a user-given file, then the office faces, then the free defaults."""
    docx_name, families = KINDS[kind]
    if user and kind in user:
        path = Path(user[kind])
        if not path.is_file():
            raise FontNotFound(f"指定的{docx_name}字体文件不存在：{path}")
        if not is_truetype(path):
            raise FontNotFound(f"指定的{docx_name}字体 {path} 不是 TrueType 轮廓字体（PDF 无法嵌入 CFF/OTF）")
        return Face(kind, path.stem, path, 0, docx_name)
    for folder in _font_dirs():
        for name in _WINDOWS_FILES[kind]:
            path = folder / name
            if path.is_file() and is_truetype(path):
                return Face(kind, path.stem, path, 0, docx_name)
    for family in families:
        prepared = _prepared_file(family)
        if prepared is not None:
            return Face(kind, family, prepared, 0, docx_name)
        found = _by_family(family)
        if found:
            return Face(kind, family, found[0], found[1], docx_name)
    raise FontNotFound(
        f"找不到可用的{docx_name}字体（依次查找：{'、'.join(families)}）。"
        f"请安装 {' '.join(SYSTEM_PACKAGES)}（运行 make report 会自动安装），或在输入文件的 fonts: 中指定 .ttf 文件")


def resolve_all(kinds: Iterable[str], user: Mapping[str, Path] | None = None) -> dict[str, Face]:
    return {kind: resolve(kind, user) for kind in sorted(set(kinds))}


def _tables(data: bytes, index: int) -> dict[bytes, int]:
    """Offsets of a face's tables (in a collection, of face `index`)."""
    offset = struct.unpack_from(">I", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack_from(">H", data, offset + 4)[0]
    return {data[offset + 12 + 16 * i: offset + 16 + 16 * i]: struct.unpack_from(">I", data, offset + 20 + 16 * i)[0]
            for i in range(count)}


@contextlib.contextmanager
def _mapped(path: Path) -> Iterator[mmap.mmap]:
    """The font file mapped read-only: only the pages of the tables we read are loaded."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


@cache
def _packed_glyph_map(path: Path, index: int) -> tuple[array, array]:
    """Code points (ascending) and their glyph ids, read straight from the cmap table (TrueType, OpenType, collections).

    fontTools would decode every glyph name first (half a second for a large CJK face);
    only the Unicode subtable is needed here. Kept in the disk cache as two flat arrays
    (a CJK cmap has 20,000–30,000 entries) and searched, never turned into a dict.
    """
    return disk_cached("cmap", path, index, lambda: pack_map(dict(sorted(_read_glyph_map(path, index).items()))))


def pack_map(mapping: Mapping[int, int | float], kind: str = "I") -> tuple[array, array]:
    """A big int → number dict as two arrays: pickled and loaded as flat bytes, ten times faster than a dict."""
    return array("I", mapping.keys()), array(kind, mapping.values())


def _read_glyph_map(path: Path, index: int) -> dict[int, int]:
    with _mapped(path) as data:
        return _parse_glyph_map(data, index)


def _parse_glyph_map(data, index: int) -> dict[int, int]:
    cmap = _tables(data, index).get(b"cmap")
    if cmap is None:
        return {}
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, sub = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables.setdefault((platform, encoding, struct.unpack_from(">H", data, cmap + sub)[0]), cmap + sub)
    found: dict[int, int] = {}
    for key in ((3, 10, 12), (0, 4, 12), (0, 6, 12)):
        if key in subtables:
            at = subtables[key]
            for g in range(struct.unpack_from(">I", data, at + 12)[0]):
                start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
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


@cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    """The code points a face covers, straight from the packed array (no 25,000-entry dict per face)."""
    return frozenset(_packed_glyph_map(path, index)[0])


def ink_top(face: Face, ch: str) -> float | None:
    """Top of a character's outline above the baseline, in ems (TrueType faces); None if unknown."""
    return _ink_top(face.path, face.index, ch)


@cache
def _ink_top(path: Path, index: int, ch: str) -> float | None:
    codes, glyphs = _packed_glyph_map(path, index)
    at = _position(codes, ord(ch))
    if at is None:
        return None
    glyph = glyphs[at]
    with _mapped(path) as data:
        tables = _tables(data, index)
        if not {b"head", b"loca", b"glyf"} <= tables.keys():
            return None
        head, loca, glyf = tables[b"head"], tables[b"loca"], tables[b"glyf"]
        upm, long_loca = struct.unpack_from(">H", data, head + 18)[0], struct.unpack_from(">h", data, head + 50)[0]
        start = (struct.unpack_from(">I", data, loca + 4 * glyph)[0] if long_loca
                 else 2 * struct.unpack_from(">H", data, loca + 2 * glyph)[0])
        return struct.unpack_from(">h", data, glyf + start + 8)[0] / upm


def missing_chars(face: Face, text: str) -> list[str]:
    """Characters of `text` the face has no glyph for (spaces and line breaks aside)."""
    codes = _packed_glyph_map(face.path, face.index)[0]  # ascending: a binary search per distinct character
    return sorted(ch for ch in set(text) if not ch.isspace() and _position(codes, ord(ch)) is None)


def _position(codes: array, code: int) -> int | None:
    """Where `code` is in the ascending `codes`, or None if it is not there."""
    at = bisect_left(codes, code)
    return at if at < len(codes) and codes[at] == code else None
