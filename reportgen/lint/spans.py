"""Protected spans: the parts of a text that are not Chinese prose, which no rule reports or fixes.

One mechanism shared by the lint and `--fix` (:func:`reportgen.lint.rules.check_text` drops every
hit that touches a protected span): URLs (`http://`, `https://`, `ftp://`, `www.`), e-mail
addresses, inline code in backquotes, Latin words with punctuation inside (`print(x)`,
`report.docx`, `C:\\temp`, `v1.2`), and emoji sequences, whose joiners (ZWJ), variation selectors,
skin tones and tags are part of one grapheme cluster (👨‍👩‍👧 is one picture, not three).
"""

from __future__ import annotations

import re

from ..caches import memo

# Characters that end a URL for sure: spaces, quotes, Chinese punctuation and brackets.
_URL_STOP = "\\s<>\"'`“”‘’，。；：！？、（）《》【】「」『』〔〕…—"
_URL = re.compile(rf"(?:(?:https?|ftp)://|www\.)[^{_URL_STOP}]+", re.IGNORECASE)
# Each pattern starts only where its run starts (the look-behind): a long run of letters (pasted base64) is
# scanned once, not once from each of its letters.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CODE = re.compile(r"`[^`\n]+`")
_LATIN = "A-Za-z0-9_"
# A Latin word followed by a call's parentheses with no Chinese inside: print(x), f(), report_v2(3).
_CALL = re.compile(rf"(?<![{_LATIN}.])[A-Za-z_][{_LATIN}.]*\([^()\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*\)")
# Latin words joined by marks inside one token: report.docx, v1.2, a/b, C:\temp, key:value, 3,000.
_JOINED = re.compile(rf"(?<![{_LATIN}])[{_LATIN}]+(?:[./\\:,;!?@#&=+-]+[{_LATIN}]+)+")

# Extended pictographic characters (the ranges emoji come from), and what may follow one in a sequence.
_PICTO = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3"
          "\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07"
          "\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff")
_MODIFIER = "\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI = re.compile(
    rf"(?:[{_PICTO}]|[0-9#*]\ufe0f?\u20e3)[{_MODIFIER}]*"
    rf"(?:[\u200d\u200c][{_PICTO}][{_MODIFIER}]*)*"
    r"|[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
)


def _url_end(text: str, start: int, end: int) -> int:
    """Where a URL candidate `text[start:end]` really ends: Chinese text run on after it, trailing
    ASCII punctuation and an unmatched `)` belong to the sentence, not to the address."""
    while end > start:
        ch = text[end - 1]
        if ord(ch) > 0x7F or ch in ".,;:!?" or (
                ch == ")" and text.count("(", start, end) < text.count(")", start, end)):
            end -= 1
        else:
            break
    return end


@memo(8192)
def protected_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted, merged `(start, end)` spans of `text` that are not prose."""
    spans: list[tuple[int, int]] = []
    for m in _URL.finditer(text):
        end = _url_end(text, m.start(), m.end())
        if end > m.start() + 4:
            spans.append((m.start(), end))
    for pattern in (_EMAIL, _CODE, _CALL, _JOINED, _EMOJI):
        spans += [m.span() for m in pattern.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((a, b) for a, b in merged)


def protected_mask(text: str) -> bytearray:
    """One byte per character: 1 inside a protected span."""
    mask = bytearray(len(text) + 1)
    for start, end in protected_spans(text):
        mask[start:end] = b"\x01" * (end - start)
    return mask
