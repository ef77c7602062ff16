"""The numbers and dates a line of a report says: typed heading numbers (一、 （一） 1. （1） 第一、 第一章) and a
line that holds only a date (2025年2月26日, （2025年2月26日）, 二〇二五年二月二十六日)."""

from __future__ import annotations

import datetime as dt
import re

from ..cjk.numerals import zh_number

_ZH = "零〇一二三四五六七八九十百千两"
# Typed heading numbers: (pattern, kind). The kind orders nesting when no outline level says it.
_NUMBERS = (
    (re.compile(rf"^第[{_ZH}\d]+[章部分篇节]\s*"), "chapter"),
    (re.compile(rf"^第[{_ZH}]+[、．.，,]\s*"), "cn"),
    (re.compile(rf"^[{_ZH}]+[、．.]\s*"), "cn"),
    (re.compile(rf"^[（(][{_ZH}]+[）)]\s*"), "pcn"),
    (re.compile(r"^\d{1,2}[．.、](?!\d)\s*"), "num"),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*"), "pnum"),
    (re.compile(r"^[①-⑳]\s*"), "circ"),
)
# Digits of a date written in Chinese numerals (二〇二五年二月二十六日).
_ZH_DIGITS = {c: k for k, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0, "Ｏ": 0}
_DATE_ONLY = re.compile(r"^[（(]?\s*(?P<y>[\d〇零一二三四五六七八九○OＯ]{4})\s*年"
                        r"\s*(?P<m>[\d一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[\d一二三四五六七八九十]{1,3})\s*日\s*[）)]?$")


def number_of(text: str) -> tuple[str, str]:
    """A typed heading number at the start of `text` (一、 （一） 1. …) and its kind; ("", "") if none."""
    for pattern, kind in _NUMBERS:
        m = pattern.match(text)
        if m and len(text) > m.end():
            return m.group(), kind
    return "", ""


def zh_value(number: str) -> int | None:
    """The value of a heading number (一、 → 1, （十二） → 12, 3. → 3)."""
    digits = re.sub(r"^第|[^零〇一二三四五六七八九十百两\d]", "", number)
    if digits.isdigit():
        return int(digits)
    for n in range(1, 100):
        if zh_number(n) == digits:
            return n
    return None


def _zh_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(c in _ZH_DIGITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    if "十" in text and all(c in _ZH_DIGITS for c in tens + ones):
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return None


def date_only(text: str) -> dt.date | None:
    """The date a line holds and nothing else: 2025年2月26日, （2025年2月26日）, 二〇二五年二月二十六日."""
    m = _DATE_ONLY.match(text.strip())
    if not m:
        return None
    parts = [_zh_int(m[k]) for k in ("y", "m", "d")]
    try:
        return dt.date(*parts) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
    except ValueError:
        return None
