"""Chinese numerals as used in headings and counts (一、 十二 二十一)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """Write 0 ≤ n < 10000 in Chinese numerals: 4 → 四, 12 → 十二, 105 → 一百零五."""
    if not 0 <= n < 10000:
        raise ValueError(f"zh_number supports 0..9999, got {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    pending_zero = False
    for value, name in units:
        digit = (n // value) % 10
        if digit:
            if pending_zero and out:
                out += "零"
            out += _DIGITS[digit] + name
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def heading_number(level: int, n: int) -> str:
    """The GB/T 9704 §7.3.3 structure number of the n-th heading of a level: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{zh_number(n)}、"
    if level == 2:
        return f"（{zh_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"
