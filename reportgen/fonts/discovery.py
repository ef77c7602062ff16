"""Find a font file for each kind of face a style asks for (小标宋, 宋体, 仿宋, 黑体, 楷体).

Order: the file the user named; then, for each candidate family of the kind (`roles.KINDS`: the standard's
faces as Windows, macOS and Linux carry them, then substitutes), a face we prepared (`convert`) or one the system
has under that family name: fontconfig's list where there is one, and the name tables of the files in Windows'
and macOS' font folders (`index`). ReportLab reads TrueType outlines only, so a CFF-flavoured face (.otf/.otc)
is passed over, and so is a damaged one.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..caches import memo
from .coverage import glyph_map, missing_chars
from .fontconfig import installed_faces
from .prepared import prepared_file
from .roles import HANT, INSTALL_ADVICE, KINDS, LATIN_TWINS, LOOKS, Candidate, hant_kinds
from .sfnt import CFF, DAMAGED, NOT_A_FONT, RESTRICTED, UNREADABLE, is_truetype, problem


@dataclass(frozen=True)
class Face:
    """One resolved face: where its file is, what the DOCX calls it, and what it really is (`looks`, a key of
    `roles.LOOKS`): the kind itself, or a substitute for it."""

    kind: str
    family: str
    path: Path
    index: int
    docx_name: str
    looks: str = ""
    given: bool = False  # named by the user (--font, fonts:)
    hant: bool = False   # chosen for a Traditional-Chinese build (`roles.HANT`)

    @property
    def standard(self) -> bool:
        """Whether this is the face GB/T 9704 asks for (a user's own file is taken at their word)."""
        return self.given or self.looks == self.kind

    @property
    def acceptable(self) -> bool:
        if self.kind == "latin":
            return True
        """The standard's face, or the stand-in it tolerates (a heavy Song for 小标宋, of which no free one exists;
        in a Traditional build, the region's 明体 for 仿宋 and 楷体)."""
        hant = HANT["zh-Hant"][self.kind] if self.hant else None
        return self.standard or self.looks == (hant.stand_in if hant else KINDS[self.kind].stand_in)

    def describe(self) -> str:
        """What this face is, for `reportgen fonts` and warnings: "仿宋" or "替代：粗宋体代替小标宋"."""
        if self.kind == "latin":
            same = self.family.lower() == self.docx_name.lower()
            return f"西文字母和数字{'' if same else f'，与 {self.docx_name} 字宽相同'}"
        if self.standard:
            return LOOKS[self.kind]
        return f"替代：{LOOKS[self.looks]}代替{LOOKS[self.kind]}"


class FontNotFound(Exception):
    """No usable file for a kind of face (RG601); the message starts with its code and says what to do.

    The subclasses are the other font problems a user can fix, so that whoever stops a build over a missing
    face stops it over these too.
    """


class FontFileMissing(FontNotFound):
    """A font file the user named is not there or cannot be read (RG602)."""


class FontUnusable(FontNotFound):
    """A font file that is no TrueType/OpenType font, has only CFF outlines, or is damaged (RG603)."""


@memo(1, group="fonts")
def system_faces() -> tuple[tuple[str, str, int, str], ...]:
    """(family, file, index, style) of every face the system has: fontconfig's, and on Windows and macOS the
    faces in their font folders, found by the families their name tables carry."""
    from .index import indexed_faces, system_font_dirs

    return tuple(sorted(set(installed_faces()) | set(indexed_faces(system_font_dirs()))))


_STYLE_RANK = ("regular", "book", "normal", "medium", "r", "")


def _style_rank(style: str) -> int:
    """Rank by the face's primary style name: "Light,Regular" is a light face, not a regular one."""
    primary = style.split(",")[0].strip().lower()
    return _STYLE_RANK.index(primary) if primary in _STYLE_RANK else len(_STYLE_RANK)


def _by_family(candidate: Candidate) -> tuple[Path, int] | None:
    family, want = candidate.family.lower(), (candidate.style or "").lower()
    matches = [(file, i, s) for f, file, i, s in system_faces() if f.lower() == family
               and (not want or want in (p.strip().lower() for p in s.split(",")))]
    for file, index, _style in sorted(matches, key=lambda m: (_style_rank(m[2]), m[0], m[1])):
        path = Path(file)
        if is_truetype(path, index):
            return path, index
    return None


def _user_face(kind: str, given: Path) -> Face:
    """The file the user named for `kind`, checked as far as the PDF writer will read it."""
    docx_name = KINDS[kind].word
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
    return Face(kind, path.stem, path, 0, docx_name, kind, given=True)


def _platform() -> str:
    return "win32" if sys.platform == "win32" else "darwin" if sys.platform == "darwin" else "linux"


def advice(kind: str) -> str:
    """How to get a face for `kind` on this operating system first, then the faces that would do."""
    spec = KINDS[kind]
    standard = "、".join(dict.fromkeys(c.family for c in spec.candidates if c.looks == kind))
    others = "、".join(dict.fromkeys(c.family for c in spec.candidates if c.looks != kind))
    return (f"{INSTALL_ADVICE[_platform()]}。认得的{spec.label}字体：{standard}"
            + (f"；替代：{others}" if others else ""))


def substitute_advice(kind: str) -> str:
    """What would give `kind` its own face, for RG604: when this machine has one (prepared or installed) that
    lacks characters of the report (Fandol has no Traditional characters), a face that has them, named with
    --font; installing or preparing what is already there would not help. Else how to get one (`advice`)."""
    try:
        own = resolve(kind)
    except FontNotFound:
        own = None
    if own is None or not own.acceptable:
        return advice(kind)
    label = KINDS[kind].label
    return (f"本机的{label}字体 {own.family} 缺少这份报告中的字（繁体报告：Fandol 只有简体字），"
            f"已经准备或安装的字体帮不上；请用 --font {kind}=字体文件.ttf（或输入文件的 fonts:）指定一个含繁体字的"
            f"{label}字体" + (f"，如 Windows 的 {_WINDOWS_FILES[kind]}" if kind in _WINDOWS_FILES else ""))


_WINDOWS_FILES = {"fangsong": "simfang.ttf", "song": "simsun.ttc", "hei": "simhei.ttf", "kai": "simkai.ttf"}


def missing_message(kind: str) -> str:
    """RG601's text: which faces would do, how to get them, and that the DOCX needs none."""
    return (f"RG601 找不到可用的{KINDS[kind].label}字体（TrueType 格式）。只生成 Word 文件（-f docx）不需要字体；"
            f"PDF 要用：用 --font {kind}=字体文件.ttf 指定文件；或安装字体：{advice(kind)}")


def resolve(kind: str, user: Mapping[str, Path] | None = None, text: str = "", lang: str = "") -> Face:
    """The face for `kind`: a user-given file, then the kind's candidates in order (`roles.KINDS`; for a
    Traditional-Chinese document language `lang`, the faces made for its region, `roles.HANT`); with `text`,
    the first candidate that has every character of it, else the first found, for the coverage check to name
    what it lacks.

    Raises `FontNotFound` (RG601) when no face will do, `FontFileMissing` (RG602) or `FontUnusable` (RG603)
    for a file the user named.
    """
    spec = KINDS[kind]
    if user and kind in user:
        return _user_face(kind, user[kind])
    hant = hant_kinds(lang)
    candidates, word = (hant[kind].candidates, hant[kind].word) if hant else (spec.candidates, spec.word)
    first = None
    for candidate in candidates:
        prepared = prepared_file(candidate.family)
        if prepared is not None and is_truetype(prepared):
            face = Face(kind, candidate.family, prepared, 0, word, candidate.looks, hant=hant is not None)
        elif found := _by_family(candidate):
            face = Face(kind, candidate.family, found[0], found[1], word, candidate.looks, hant=hant is not None)
        else:
            continue
        if not text or not missing_chars(face, text):
            return face
        first = first or face
    if first is not None:
        return first
    if hant:
        raise FontNotFound(f"RG601 找不到繁体用的{spec.label}字体（{hant[kind].word}，TrueType 格式）。"
                           f"在 Debian/Ubuntu 上安装 fonts-noto-cjk 后运行 reportgen fonts --prepare --traditional；"
                           f"也可以用 --font {kind}=字体文件.ttf 指定文件。只生成 Word 文件（-f docx）不需要这些字体")
    raise FontNotFound(missing_message(kind))


def resolve_all(kinds: Iterable[str], user: Mapping[str, Path] | None = None,
                texts: Mapping[str, str] | None = None, lang: str = "") -> dict[str, Face]:
    return {kind: resolve(kind, user, (texts or {}).get(kind, ""), lang) for kind in sorted(set(kinds))}


def resolve_latin(family: str) -> Face | None:
    """The face that sets letters and digits as the DOCX's Latin font `family` does: that family, or a free one
    with the same advance widths (Liberation Serif for Times New Roman); None when the system has neither."""
    for name in LATIN_TWINS.get(family.lower(), (family,)):
        found = _by_family(Candidate(name, "latin"))
        if found:
            return Face("latin", name, found[0], found[1], family, "latin")
    return None
