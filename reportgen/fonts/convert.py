"""Faces made once from CFF-flavoured ones: ReportLab embeds TrueType outlines only, and the one heavy Song we
can get for free, Noto Serif CJK SC Bold, is CFF. `reportgen fonts --prepare` converts it to TrueType and keeps
it outside the repository, in the user's font folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fontconfig import installed_faces


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


def prepared_dir() -> Path:
    """Where prepared faces live: the user's font folder, so fontconfig finds them too; never the repository."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fonts" / "reportgen"


def prepared_file(family: str) -> Path | None:
    """The prepared face of `family`, if it is one we prepare and it has been made."""
    spec = PREPARED.get(family)
    if spec is None:
        return None
    path = prepared_dir() / spec.file
    return path if path.is_file() else None


def prepare(log: Callable[[str], object] = print) -> list[Path]:
    """Make every prepared face that is missing and whose source is installed (one-time, ~40 s each)."""
    made = []
    for spec in PREPARED.values():
        target = prepared_dir() / spec.file
        if target.is_file():
            log(f"已准备：{target}")
            continue
        source = [(f, i) for fam, f, i, st in installed_faces()
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
        installed_faces.cache_clear()
    return made


def _convert(path: Path, index: int, spec: Prepared) -> Any:  # a fontTools TTFont (fontTools has no types)
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
