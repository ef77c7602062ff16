"""Find a font file for each kind of face a style asks for (小标宋, 宋体, 仿宋, 黑体, 楷体).

Order: files the user named, then the faces Chinese offices have (Windows,
macOS, or the same families installed on Linux), then faces prepared once by
`reportgen fonts --prepare` (`convert`), then the free TrueType faces
`make report` installs. ReportLab reads TrueType outlines only, so a
CFF-flavoured face (.otf/.otc, Noto CJK) is passed over, and so is a damaged one.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .convert import prepared_file
from .coverage import glyph_map
from .fontconfig import installed_faces
from .sfnt import CFF, DAMAGED, NOT_A_FONT, RESTRICTED, UNREADABLE, is_truetype, problem

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
class Face:
    """One resolved face: where its file is and what DOCX should call it."""

    kind: str
    family: str
    path: Path
    index: int
    docx_name: str


class FontNotFound(Exception):
    """No usable file for a kind of face (RG601); the message starts with its code and says what to do.

    The subclasses are the other font problems a user can fix, so that whoever stops a build over a missing
    face stops it over these too.
    """


class FontFileMissing(FontNotFound):
    """A font file the user named is not there or cannot be read (RG602)."""


class FontUnusable(FontNotFound):
    """A font file that is no TrueType/OpenType font, has only CFF outlines, or is damaged (RG603)."""


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    return [d for d in dirs if d.is_dir()]


_STYLE_RANK = ("regular", "book", "normal", "medium", "r", "")


def _style_rank(style: str) -> int:
    """Rank by the face's primary style name: "Light,Regular" is a light face, not a regular one."""
    primary = style.split(",")[0].strip().lower()
    return _STYLE_RANK.index(primary) if primary in _STYLE_RANK else len(_STYLE_RANK)


def _by_family(family: str) -> tuple[Path, int] | None:
    matches = [(f, file, i, s) for f, file, i, s in installed_faces() if f.lower() == family.lower()]
    for _, file, index, _style in sorted(matches, key=lambda m: (_style_rank(m[3]), m[1], m[2])):
        path = Path(file)
        if is_truetype(path, index):
            return path, index
    return None


def _user_face(kind: str, given: Path) -> Face:
    """The file the user named for `kind`, checked as far as the PDF writer will read it."""
    docx_name = KINDS[kind][0]
    path = Path(given)
    if not path.is_file():
        raise FontFileMissing(f"RG602 指定的{docx_name}字体文件不存在（或不是文件）：{path}")
    why = problem(path)
    if why == UNREADABLE:
        raise FontFileMissing(f"RG602 无法读取指定的{docx_name}字体文件 {path}（没有读取权限？）")
    if why == CFF:
        raise FontUnusable(f"RG603 指定的{docx_name}字体 {path} 是 CFF（PostScript）轮廓的 OpenType 字体，"
                           f"PDF 无法嵌入；请改用 TrueType 字体（.ttf/.ttc）")
    if why == NOT_A_FONT:
        raise FontUnusable(f"RG603 指定的{docx_name}字体文件 {path} 不是 TrueType/OpenType 字体")
    if why == RESTRICTED:
        raise FontUnusable(f"RG603 指定的{docx_name}字体 {path} 的授权标志（OS/2 fsType）不允许嵌入 PDF；"
                           f"请换用允许嵌入的字体")
    damaged = FontUnusable(f"RG603 指定的{docx_name}字体文件 {path} 已损坏或不完整（可能没有下载或复制完），"
                           f"请重新获取该字体文件")
    if why == DAMAGED:
        raise damaged
    try:
        glyph_map(path, 0)  # read here, where its damage is the user's to fix, not halfway through a build
    except (struct.error, ValueError, IndexError, OverflowError):
        raise damaged from None
    return Face(kind, path.stem, path, 0, docx_name)


def resolve(kind: str, user: Mapping[str, Path] | None = None) -> Face:
    """The face for `kind`: a user-given file, then the office faces, then the free defaults.

    Raises `FontNotFound` (RG601) when no face will do, `FontFileMissing` (RG602) or `FontUnusable` (RG603)
    for a file the user named.
    """
    docx_name, families = KINDS[kind]
    if user and kind in user:
        return _user_face(kind, user[kind])
    for folder in _font_dirs():
        for name in _WINDOWS_FILES[kind]:
            path = folder / name
            if path.is_file() and is_truetype(path):
                return Face(kind, path.stem, path, 0, docx_name)
    for family in families:
        prepared = prepared_file(family)
        if prepared is not None and is_truetype(prepared):
            return Face(kind, family, prepared, 0, docx_name)
        found = _by_family(family)
        if found:
            return Face(kind, family, found[0], found[1], docx_name)
    raise FontNotFound(
        f"RG601 找不到可用的{docx_name}字体：下列字体都没有安装 TrueType 版本：{'、'.join(families)}。"
        f"请安装其中之一（在 Debian/Ubuntu 上：sudo apt install {' '.join(SYSTEM_PACKAGES)}，运行 make report "
        f"会自动安装），或用 --font {kind}=文件.ttf 指定字体文件")


def resolve_all(kinds: Iterable[str], user: Mapping[str, Path] | None = None) -> dict[str, Face]:
    return {kind: resolve(kind, user) for kind in sorted(set(kinds))}
