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


_VALUES = {**{ch: i for i, ch in enumerate(_DIGITS)}, "〇": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5,
           "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


def read_number(text: str) -> int | None:
    """A whole number written out in Chinese (六十八, 一百零五, 两千, 十二) or in full-width digits (６８), as
    people write a count; None if `text` is not one. For messages that say which number to write."""
    text = text.strip()
    if text and all("０" <= ch <= "９" for ch in text):
        return int(text.translate({ord("０") + k: str(k) for k in range(10)}))
    if not text or any(ch not in _VALUES and ch not in _UNITS and ch != "万" for ch in text):
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        top = read_number(high) if high else None
        rest = read_number(low) if low else 0
        return None if top is None or rest is None else top * 10000 + rest
    total, digit, last_unit = 0, None, 10000
    for ch in text:
        if ch in _VALUES:
            if digit is not None and _VALUES[ch] != 0 and digit != 0:
                return None  # two digits in a row (六八): not a numeral
            digit = _VALUES[ch]
        else:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)
