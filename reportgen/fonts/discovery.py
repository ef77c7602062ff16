"""Find a font file for each kind of face a style asks for (小标宋, 宋体, 仿宋, 黑体, 楷体).

Order: files the user named, then the faces Chinese offices have (Windows,
macOS, or the same families installed on Linux), then faces prepared once by
`reportgen fonts --prepare` (`convert`), then the free TrueType faces
`make report` installs. ReportLab reads TrueType outlines only, so a
CFF-flavoured face (.otf/.otc, Noto CJK) is passed over.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .convert import prepared_file
from .fontconfig import installed_faces
from .sfnt import is_truetype

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
        prepared = prepared_file(family)
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
