"""Mojibake: UTF-8 bytes that were read as GBK or Latin-1 on the way into the input.

It cannot be repaired from the text (bytes were lost, often as `?`), so it is
only located. Signals, each strong on its own:

- U+FFFD, the replacement character a decoder leaves for bytes it could not read;
- a pinyin reading whose opening parenthesis was eaten (`?shù)`) or that hangs
  on a Latin letter (`r(shí)`): a Traditional converter annotated garbage;
- kana inside Chinese text (`嚷毠ぜ寄芨`): GBK-decoded UTF-8 lands in the kana rows;
- characters that are the GBK reading of the first bytes of common UTF-8
  punctuation (锛 for ，（：, 銆 for 。、, 鈥 for “”);
- a run whose GBK (or cp1252) bytes decode as UTF-8 into Chinese (`鍦ㄥ叕鍙`, `ä¸­æ–‡`).

Signals closer than a few characters are one damaged spot.
"""

from __future__ import annotations

import re

from .hits import Hit, show

PINYIN_LETTERS = "a-zü" "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_EATEN_PAREN = re.compile(rf"\?[{PINYIN_LETTERS}]{{1,6}}\)[?@]*")
_LATIN_READING = re.compile(rf"(?<=[^\x00-\x7f])[A-Za-z]\([{PINYIN_LETTERS}]*[{_TONED}][{PINYIN_LETTERS}]*\)")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]+")
_SIGNATURE = re.compile(r"[锛銆鈥\ufffd]")
_LATIN1_RUN = re.compile(r"[\u00c0-\u00ff][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                         r"\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039"
                         r"\u203a\u20ac\u2122\ufffd]+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")
MERGE_GAP = 6


def _utf8_in_latin1(run: str) -> bool:
    try:
        raw = b"".join(bytes([ord(ch)]) if ord(ch) < 0x100 else ch.encode("cp1252") for ch in run if ch != "\ufffd")
    except UnicodeError:
        return False
    decoded = raw.decode("utf-8", errors="replace")  # the last character is often cut short
    return any(ord(ch) >= 0x2000 and ch != "\ufffd" for ch in decoded)


def _gbk(ch: str) -> bytes:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return b"\x00"  # breaks any UTF-8 sequence running through it


# The UTF-8 bytes of one CJK ideograph (U+4E00–U+9FFF), CJK symbol (U+3000–U+303F) or full-width form
# (U+FF00–U+FFEF); three or more in a row inside GBK bytes are UTF-8 text that was decoded as GBK.
_UTF8_CHINESE = re.compile(rb"(?:(?:\xe4[\xb8-\xbf]|[\xe5-\xe9][\x80-\xbf])[\x80-\xbf]|\xe3\x80[\x80-\xbf]"
                           rb"|\xef[\xbc-\xbe][\x80-\xbf]|\xef\xbf[\x80-\xaf]){3,}")


def _utf8_in_gbk(run: str) -> list[tuple[int, int]]:
    """Spans of `run` whose GBK bytes hold three or more consecutive UTF-8 Chinese characters."""
    chunks = [_gbk(ch) for ch in run]
    owner = [i for i, chunk in enumerate(chunks) for _ in chunk]
    return [(owner[m.start()], owner[m.end() - 1] + 1) for m in _UTF8_CHINESE.finditer(b"".join(chunks))]


def find_mojibake(text: str) -> list[Hit]:
    signals: list[tuple[int, int]] = []
    for pattern in (_EATEN_PAREN, _LATIN_READING, _KANA, _SIGNATURE):
        signals += [m.span() for m in pattern.finditer(text)]
    signals += [m.span() for m in _LATIN1_RUN.finditer(text) if _utf8_in_latin1(m.group())]
    for m in _NON_ASCII_RUN.finditer(text):
        signals += [(m.start() + a, m.start() + b) for a, b in _utf8_in_gbk(m.group())]
    merged: list[list[int]] = []
    for start, end in sorted(signals):
        if merged and start - merged[-1][1] <= MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Hit(start, end, "RG303",
                f"乱码「{show(text[start:end])}」：UTF-8 文字被当成 GBK/Latin-1 读取，原字已经丢失，"
                "无法自动修复；请从原始文档重新复制这一处")
            for start, end in merged]
