"""Fake Windows and macOS font folders for tests: the files Chinese offices have, under the names they carry.

Each fake is a small TrueType face (DejaVu Sans cut down to printable ASCII) renamed through its name table to
what the real system font carries (reference/fonts.md, "What Windows and macOS carry"): English names for
Windows US English (platform 3, language 0x409) and Chinese ones for PRC Chinese (0x804), as the real files
have them. Some files sit under names other than the ones Windows and macOS use, so that only a lookup by
family name finds them.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

BASE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # a free TrueType (glyf) face on this machine
KEEP = "".join(map(chr, range(0x20, 0x7F)))  # what the fakes can draw

EN, ZH, TW = 0x409, 0x804, 0x404  # Windows language IDs: US English, PRC Chinese, Taiwan Chinese
MAC_ROMAN_EN, MAC_SIMP_CHINESE = (0, 0), (25, 33)  # Macintosh platform (encoding, language)


class FakeFace(NamedTuple):
    """One face of a fake file: its English and Chinese family names and styles."""

    family: str
    chinese: str
    style: str = "Regular"
    chinese_style: str = ""  # the style's name in the Chinese records (the English one when empty)
    mac_names: bool = False  # family and style as Macintosh-platform records too (as Apple's own fonts have)
    chinese_lang: int = ZH  # the Windows language ID of the Chinese records
    typographic: bool = False  # family and style as typographic names (16, 17); the legacy family is "family style"


# Path inside the fake C:\Windows\Fonts (or %LOCALAPPDATA%\...\Fonts for user/) -> the faces in that file.
WINDOWS: dict[str, tuple[FakeFace, ...]] = {
    "Fonts/simfang.ttf": (FakeFace("FangSong", "仿宋"),),
    "Fonts/simhei.ttf": (FakeFace("SimHei", "黑体"),),
    "Fonts/simkai.ttf": (FakeFace("KaiTi", "楷体"),),
    "Fonts/simsun.ttc": (FakeFace("SimSun", "宋体"), FakeFace("NSimSun", "新宋体")),
    # A user-installed font keeps the file name it came with (here not Office's FZXBSJW.TTF).
    "user/方正小标宋简体.TTF": (FakeFace("FZXiaoBiaoSong-B05S", "方正小标宋简体"),),
}

# Path under the fake root (or home/ for ~) -> the faces in that file.
MACOS: dict[str, tuple[FakeFace, ...]] = {
    "System/Library/Fonts/Supplemental/Songti.ttc": tuple(
        FakeFace("Songti SC", "宋体-简", style, chinese)
        for style, chinese in (("Black", "黑体"), ("Bold", "粗体"), ("Regular", "常规体"), ("Light", "细体"))),
    "System/Library/Fonts/STHeiti Medium.ttc": (
        FakeFace("Heiti SC", "黑体-简", "Medium", "中等", mac_names=True),
        FakeFace("Heiti TC", "黑體-繁", "Medium", "中黑", chinese_lang=TW)),
    "System/Library/Fonts/Supplemental/Kaiti.ttc": (
        FakeFace("Kaiti SC", "楷体-简"), FakeFace("Kaiti SC", "楷体-简", "Bold"), FakeFace("Kaiti TC", "楷體-繁")),
    "Library/Fonts/华文仿宋.ttf": (FakeFace("STFangsong", "华文仿宋"),),
    # A user's own fonts, in a folder of their own.
    "home/Library/Fonts/方正/FZXBSJW.TTF": (FakeFace("FZXiaoBiaoSong-B05S", "方正小标宋简体"),),
}

WINDOWS_USER_FONTS = Path("Microsoft/Windows/Fonts")  # below %LOCALAPPDATA%


def fake_windows_fonts(tmp: Path) -> dict[str, str]:
    """`WINDOWS` written below `tmp`; the environment (WINDIR, LOCALAPPDATA) that points Windows there."""
    windir, local = tmp / "Windows", tmp / "AppData" / "Local"
    for where, faces in WINDOWS.items():
        folder, name = where.split("/", 1)
        write_font((windir / "Fonts" if folder == "Fonts" else local / WINDOWS_USER_FONTS) / name, faces)
    return {"WINDIR": str(windir), "LOCALAPPDATA": str(local)}


def fake_macos_fonts(tmp: Path) -> tuple[Path, Path]:
    """`MACOS` written below `tmp`: (the root folder, the home folder)."""
    root, home = tmp / "root", tmp / "home"
    for where, faces in MACOS.items():
        write_font(home / where.removeprefix("home/") if where.startswith("home/") else root / where, faces)
    return root, home


def write_font(path: Path, faces: Sequence[FakeFace]) -> Path:
    """A font file of `faces` at `path`: a collection when there are several."""
    from fontTools.ttLib import TTCollection

    path.parent.mkdir(parents=True, exist_ok=True)
    fonts = [_renamed(face) for face in faces]
    if len(fonts) == 1:
        fonts[0].save(path)
    else:
        collection = TTCollection()
        collection.fonts = fonts
        collection.save(path)
    return path


def _renamed(face: FakeFace):  # -> a fontTools TTFont
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(io.BytesIO(_base()))
    name = newTable("name")
    name.names = []
    full = face.family if face.style == "Regular" else f"{face.family} {face.style}"
    postscript = full.replace(" ", "-")
    chinese_style = face.chinese_style or face.style
    for lang, family, style in ((EN, face.family, face.style), (face.chinese_lang, face.chinese, chinese_style)):
        shown = family if face.style == "Regular" else f"{family} {style}"
        names = [(1, family), (2, style), (3, postscript), (4, shown), (6, postscript)]
        if face.typographic:
            names[:2] = [(1, shown), (2, "Regular"), (16, family), (17, style)]
        for name_id, text in names:
            name.setName(text, name_id, 3, 1, lang)
    if face.mac_names:
        for (encoding, lang), family, style in ((MAC_ROMAN_EN, face.family, face.style),
                                                (MAC_SIMP_CHINESE, face.chinese, chinese_style)):
            name.setName(family, 1, 1, encoding, lang)
            name.setName(style, 2, 1, encoding, lang)
    font["name"] = name
    return font


@functools.cache
def _base() -> bytes:
    """`BASE` cut down to `KEEP`, as bytes (a few kilobytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(BASE)
    options = subset.Options(layout_features=[], notdef_outline=True)
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which the subsetter only warns about
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=KEEP)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
