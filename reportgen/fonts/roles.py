"""The five kinds of face GB/T 9704 names, and the faces that can play each: the standard's own faces as
Windows, macOS and Linux carry them, then substitutes, each labelled with what it really is.

Data only; `discovery` resolves a kind to a file, `aliases` tells fontconfig, the DOCX writer writes the
font table from `WORD_FONTS`.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a face is, in the words a user knows. Kinds are GB/T 9704's faces; "heavy-song" is the free face that
# stands in for 小标宋 (no free 小标宋 exists).
LOOKS = {
    "xiaobiaosong": "小标宋", "song": "宋体", "fangsong": "仿宋", "hei": "黑体", "kai": "楷体",
    "heavy-song": "粗宋体",
    "ming": "明体",
    "latin": "西文",
}

# The DOCX names one Latin font for letters and digits (a style's `docx.latin`); the PDF sets them in that face
# or in a free one with the same advance widths, so that both files fill their lines alike.
LATIN_TWINS: dict[str, tuple[str, ...]] = {
    "times new roman": ("Times New Roman", "Liberation Serif", "Tinos"),
    "arial": ("Arial", "Liberation Sans", "Arimo"),
    "courier new": ("Courier New", "Liberation Mono", "Cousine"),
}


@dataclass(frozen=True)
class Candidate:
    """A family that can set a kind: its name as the system knows it, which style to take (None: the regular
    one), and what it is (a key of `LOOKS`: the kind itself, or a substitute)."""

    family: str
    looks: str
    style: str | None = None


@dataclass(frozen=True)
class WordFont:
    """A face's entry in a DOCX font table as Word itself writes it: Word uses the alternate name, the panose
    numbers and the Unicode/code page signature to find a face when the named one is missing."""

    name: str
    alt: str | None
    panose: str
    charset: str
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str] | None  # usb0..usb3, csb0, csb1


@dataclass(frozen=True)
class Kind:
    """One of GB/T 9704's faces: the name Word documents use, the other names they use for it (fontconfig
    aliases make Linux readers of the DOCX find ours under each), and the faces that can set it, in order."""

    key: str
    word: str
    names: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    stand_in: str | None = None  # a substitute good enough to set without a warning

    @property
    def label(self) -> str:
        return LOOKS[self.key]


def _c(looks: str, *families: str, style: str | None = None) -> tuple[Candidate, ...]:
    return tuple(Candidate(f, looks, style) for f in families)


# Windows names (English and Chinese), then macOS, then the free faces `reportgen fonts --prepare` makes on Linux
# (Fandol, Noto Serif CJK SC Black converted to TrueType), then free TrueType faces Linux distributions carry.
KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("xiaobiaosong", "方正小标宋简体",
         ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋", "小标宋体"),
         _c("xiaobiaosong", "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05")
         + _c("heavy-song", "Songti SC", "STSongti-SC-Black", style="Black")
         + _c("heavy-song", "Noto Serif CJK SC TT Black", "华文中宋", "STZhongsong")
         + _c("heavy-song", "Songti SC", style="Bold")
         + _c("hei", "SimHei", "黑体", "FandolHei", "Heiti SC", "WenQuanYi Zen Hei"),
         stand_in="heavy-song"),
    Kind("song", "宋体", ("宋体", "SimSun", "新宋体", "NSimSun", "宋体-简", "方正书宋_GBK", "方正书宋简体"),
         _c("song", "SimSun", "宋体", "Songti SC", "STSong", "华文宋体", "FandolSong", "Noto Serif CJK SC TT Regular",
            "AR PL UMing CN",
            "AR PL SungtiL GB")),
    Kind("fangsong", "仿宋",
         ("仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312", "华文仿宋", "方正仿宋_GBK", "方正仿宋简体"),
         _c("fangsong", "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "华文仿宋", "FandolFang")
         + _c("song", "SimSun", "宋体", "Songti SC", "FandolSong", "Noto Serif CJK SC TT Regular", "AR PL UMing CN",
              "AR PL SungtiL GB")),
    Kind("hei", "黑体", ("黑体", "SimHei", "黑体-简", "方正黑体_GBK", "方正黑体简体"),
         _c("hei", "SimHei", "黑体", "Heiti SC", "STHeiti", "华文黑体", "FandolHei", "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei")),
    Kind("kai", "楷体", ("楷体", "楷体_GB2312", "KaiTi", "KaiTi_GB2312", "华文楷体", "方正楷体_GBK", "方正楷体简体"),
         _c("kai", "KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "Kaiti SC", "STKaiti", "华文楷体", "FandolKai",
            "LXGW WenKai", "AR PL UKai CN", "AR PL KaitiM GB")),
)}

@dataclass(frozen=True)
class HantKind:
    """A kind in a Traditional-Chinese build (`--lang zh-Hant`, `-TW`, `-HK`): the faces GB/T 9704 names are
    made for Simplified text (Fandol, 仿宋 and 楷体 on Windows map 幹 準 餘 to Simplified shapes, or lack them),
    so the Traditional edition is set in faces made for its region's glyph forms and punctuation, and the DOCX
    names the same faces (`word`), so LibreOffice sets it as the PDF is set."""

    key: str
    word: str                       # the family the DOCX names: Noto as Google Fonts names it (Noto Serif TC), a
                                    # free face a reader can install on Windows and macOS
    candidates: tuple[Candidate, ...]
    stand_in: str | None = None     # what stands in for the kind without a warning


def _hant(region: str) -> dict[str, HantKind]:
    """The Traditional faces of `region` ("TC": Taiwan and plain Traditional, "HK": Hong Kong), from Noto CJK
    (`fonts-noto-cjk`, converted once to TrueType: `reportgen fonts --prepare`). Debian's Noto has no 仿宋 and no
    楷体: the body and the 楷体 headings are set in the region's 明体 (Song), as Traditional documents set their
    text; the title in its Bold, the heavy Song that stands in for 小标宋; 黑体 in Noto Sans."""
    serif, sans = f"Noto Serif {region}", f"Noto Sans {region}"  # the names Google Fonts installs them under
    ming = _c("ming", f"Noto Serif CJK {region} TT Regular")
    return {k.key: k for k in (
        HantKind("xiaobiaosong", f"{serif} Bold", _c("heavy-song", f"Noto Serif CJK {region} TT Bold") + ming,
                 "heavy-song"),
        HantKind("song", serif, ming, "ming"),
        HantKind("fangsong", serif, ming, "ming"),
        HantKind("hei", sans, _c("hei", f"Noto Sans CJK {region} TT Regular")),
        HantKind("kai", serif, ming, "ming"),
    )}


# The BCP 47 tag a Traditional document carries (`cjk.script.LANGUAGES`) → the faces it is set in.
HANT: dict[str, dict[str, HantKind]] = {"zh-Hant": _hant("TC"), "zh-TW": _hant("TC"), "zh-HK": _hant("HK")}


def hant_kinds(lang: str) -> dict[str, HantKind] | None:
    """The Traditional faces for the document language `lang` (a BCP 47 tag), None for Simplified."""
    return HANT.get(lang)


_CJK_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
WORD_FONTS: dict[str, WordFont] = {f.name: f for f in (
    WordFont("Times New Roman", None, "02020603050405020304", "00", "roman", "variable",
             ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000")),
    WordFont("宋体", "SimSun", "02010600030101010101", "86", "auto", "variable",
             ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    WordFont("黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    WordFont("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    WordFont("楷体", "KaiTi", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    WordFont("方正小标宋简体", "FZXiaoBiaoSong-B05S", "02000000000000000000", "86", "auto", "variable",
             ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")),
)}


# The Traditional faces the DOCX names (`HANT`), each with the face a Traditional Windows has of its kind as
# the alternate name Word falls back to: 新細明體 (PMingLiU) for the Song, 微軟正黑體 for the 黑体; Big5 (88).
_BIG5_SIG = ("A00002FF", "28CFFCFA", "00000016", "00000000", "00100001", "00000000")
WORD_FONTS.update({f.name: f for region in ("TC", "HK") for f in (
    WordFont(f"Noto Serif {region}", "PMingLiU", "02020400000000000000", "88", "roman", "variable", _BIG5_SIG),
    WordFont(f"Noto Serif {region} Bold", "PMingLiU", "02020700000000000000", "88", "roman", "variable",
             _BIG5_SIG),
    WordFont(f"Noto Sans {region}", "Microsoft JhengHei", "020B0500000000000000", "88", "swiss", "variable",
             _BIG5_SIG),
)})


def word_font(name: str) -> WordFont:
    """Word's font table entry for `name`; a name Word has no record of gets only its character set."""
    return WORD_FONTS.get(name) or WordFont(name, None, "", "86", "auto", "variable", None)


# How to get the faces, by operating system (sys.platform prefix), for the message when a kind has none.
INSTALL_ADVICE = {
    "win32": "Windows 自带仿宋、黑体、楷体、宋体；方正小标宋简体随 WPS 或 Office 安装，也可从方正字库官网获取，"
             "装好后（为所有用户或当前用户安装均可）重新运行",
    "darwin": "macOS 自带宋体-简（Songti SC）、黑体-简（Heiti SC）、楷体-简（Kaiti SC）、华文仿宋（STFangsong）；"
              "若缺少，可在“字体册”中下载，或安装 Windows 的 simfang.ttf 等字体文件",
    "linux": "在 Debian/Ubuntu 上运行 reportgen fonts --prepare（取得免费的 Fandol 仿宋、宋体、黑体、楷体和代替小标宋的"
             "思源宋体 Black，不安装 TeX，只需一次）；其他发行版先安装 TeX Live 的 fandol 包再运行它",
}


def kind_named(name: str) -> str | None:
    """The kind a user names: its key (`fangsong`), its label or Word's name (仿宋), or another name Word
    documents use for it (仿宋_GB2312, SimSun, 小标宋); None if it names none."""
    wanted = name.strip().casefold()
    for key, kind in KINDS.items():
        if wanted in {key, kind.label, kind.word.casefold(), *(n.casefold() for n in kind.names)}:
            return key
    return None

