"""Punctuation classes for Chinese line breaking (clreq, GB/T 15834).

One table serves the PDF line breaker, the DOCX writer's hints and the lint.
"""

from __future__ import annotations

# May not start a line (clreq "closing" class, plus ASCII equivalents).
NO_LINE_START = frozenset("，。、；：？！）】》」』〕〉］｝”’·…—%％‰" ",.;:?!)]}")
# May not end a line.
NO_LINE_END = frozenset("（【《「『〔〈［｛“‘" "([{")
# Marks whose blank half lies on the right (mainland GB style): may be squeezed at line end.
CLOSING_FULLWIDTH = frozenset("，。、；：？！）】》」』〕〉］｝”’")
OPENING_FULLWIDTH = frozenset("（【《「『〔〈［｛“‘")
# Characters shared by Latin and CJK fonts that must be set full-width from the CJK face.
AMBIGUOUS_WIDTH = frozenset("“”‘’…—·")
# Middle dots: a quarter-em blank each side, may be squeezed.
MIDDLE = frozenset("·・")
# Marks that repeat into one unit (—— ……): never split, nothing inserted between their halves.
REPEATED_UNITS = frozenset("—…")
# Units that may never be split across lines.
INSEPARABLE = ("——", "……")


def is_cjk(ch: str) -> bool:
    """A Han character, CJK punctuation or full-width form: set on the character grid."""
    cp = ord(ch)
    return (
        0x3000 <= cp <= 0x303F  # CJK symbols and punctuation
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or ch in AMBIGUOUS_WIDTH
    )


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF

# The lint (reportgen/lint): ASCII marks that stand for full-width ones in Chinese text,
# bracket pairs that must balance, and invisible characters pasted from web pages.
ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}
PAIRED_BRACKETS = (("“", "”"), ("（", "）"), ("《", "》"), ("【", "】"))
INVISIBLE = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "词连接符",
             "\ufeff": "字节顺序标记", "\u00ad": "软连字符"}
