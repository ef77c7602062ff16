"""The copy-damage rules for Chinese text, each a function from one string to its hits.

Rules run in a fixed order and a later rule ignores characters an earlier one
already claimed: mojibake first (nothing inside it is "fixed"), then pinyin
readings (their ASCII parentheses are not punctuation), then the rest. Nothing
but mojibake and placeholders is reported inside a protected span
(:mod:`.spans`: URLs, e-mail addresses, code, emoji sequences).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..caches import memo
from ..cjk.punct import (
    ASCII_TO_FULLWIDTH,
    CLOSING_FULLWIDTH,
    INVISIBLE,
    OPENING_FULLWIDTH,
    PAIRED_BRACKETS,
    is_cjk,
    is_han,
)
from ..cjk.script import converter
from ..diagnostics import Severity
from .hits import Hit, show
from .mojibake import PINYIN_LETTERS, find_mojibake
from .spans import protected_mask

PLACEHOLDER = "待填写"  # what `reportgen new` writes where text must be rewritten (reportgen.yearly)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_NEUTRAL = "de|le|me|ne|zi|men|zhe|ma|ba|guo|li|shang|tou"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?:[{PINYIN_LETTERS}]*[{_TONED}][{PINYIN_LETTERS}]*"
                     rf"|(?:{_NEUTRAL}))\)")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_FULLWIDTH_PUNCT = CLOSING_FULLWIDTH | OPENING_FULLWIDTH | frozenset("…—·")
_NUMERALS = "一二三四五六七八九十"
_ENUMERATION = re.compile(r"(?<=[”》])、(?=[“《])")
# 著 is the Traditional spelling of the particle 着 except in these words.
_ZHU_WORDS = ("著名", "著作", "著称", "著述", "著录", "著書", "著书", "显著", "顯著", "卓著", "名著", "论著", "論著",
              "编著", "編著", "原著", "专著", "專著", "土著", "巨著", "遗著", "遺著", "拙著", "合著", "昭著", "著者")

Rule = Callable[[str], list[Hit]]


def pinyin_readings(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), "RG302", f"汉字后面残留拼音注音「{m.group()}」，应删除",
                replacement="") for m in _PINYIN.finditer(text)]


def _pairs(text: str, open_ch: str, close_ch: str) -> dict[int, int]:
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(text):
        if ch == open_ch:
            stack.append(i)
        elif ch == close_ch and stack:
            pairs[stack.pop()] = i
    return pairs


def _touches_cjk(text: str, i: int) -> bool:
    return (i > 0 and is_cjk(text[i - 1])) or (i + 1 < len(text) and is_cjk(text[i + 1]))


def _without_readings(text: str) -> tuple[str, list[int]]:
    """`text` with pinyin readings cut out, and the original index of every remaining character."""
    keep = [True] * len(text)
    for m in _PINYIN.finditer(text):
        keep[m.start():m.end()] = [False] * (m.end() - m.start())
    index = [i for i, k in enumerate(keep) if k]
    return "".join(text[i] for i in index), index


def ascii_punctuation(text: str) -> list[Hit]:
    """`,;:!?()` touching Chinese text → full-width; a parenthesis pair converts as a pair; `.` ending a Chinese
    sentence → `。`.

    Context is judged as if pinyin readings were already gone: `關(guān),2023` is `關,2023`.
    """
    mask = protected_mask(text)
    stripped, index = _without_readings("".join("\0" if mask[i] else ch for i, ch in enumerate(text)))
    return [Hit(index[h.start], index[h.start] + 1, h.code, h.message, h.severity, h.replacement)
            for h in _ascii_punctuation(stripped)]


def _full_stop(text: str, i: int) -> bool:
    """`.` ending a Chinese sentence (激发干劲.): after a Chinese character or mark, and not followed by a letter
    or digit (照片.jpg, 3.5, www.深科技.cn) nor part of `...`."""
    after = text[i + 1:i + 2]
    return (i > 0 and is_cjk(text[i - 1]) and not (after.isascii() and after.isalnum()) and after != "."
            and text[i - 1] != ".")


def _ascii_punctuation(text: str) -> list[Hit]:
    convert: set[int] = set()
    for i, ch in enumerate(text):
        if ch == ".":
            if _full_stop(text, i):
                convert.add(i)
        elif ch in ASCII_TO_FULLWIDTH and ch not in "()" and _touches_cjk(text, i):
            convert.add(i)
    paired: set[int] = set()
    cjk_before = [0]  # cjk_before[i]: how many Chinese characters precede index i
    for ch in text:
        cjk_before.append(cjk_before[-1] + is_cjk(ch))
    for start, end in _pairs(text, "(", ")").items():
        paired |= {start, end}
        if _touches_cjk(text, start) or _touches_cjk(text, end) or cjk_before[end] > cjk_before[start + 1]:
            convert |= {start, end}
    convert |= {i for i, ch in enumerate(text) if ch in "()" and i not in paired and _touches_cjk(text, i)}
    hits = []
    for i in sorted(convert):
        mark = "、" if text[i] == "." and _numbering(text, i) else ASCII_TO_FULLWIDTH[text[i]]
        message = f"中文里用了半角标点「{text[i]}」，应为全角「{mark}」"
        hits.append(Hit(i, i + 1, "RG301", message, Severity.WARNING, mark))
    return hits


def _numbering(text: str, i: int) -> bool:
    """`一.` opening a text or a line: a Chinese ordinal, written `一、`."""
    j = i
    while j > 0 and text[j - 1] in _NUMERALS:
        j -= 1
    return j < i and (j == 0 or text[j - 1] in "\n \u3000") and i + 1 < len(text)


def stray_spaces(text: str) -> list[Hit]:
    """Spaces between Chinese characters or next to full-width punctuation (never at the ends of a text)."""
    hits = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        if start == 0 or end == len(text):
            continue
        left, right = text[start - 1], text[end]
        if (is_cjk(left) and is_cjk(right)) or left in _FULLWIDTH_PUNCT or right in _FULLWIDTH_PUNCT:
            hits.append(Hit(start, end, "RG305", f"「{left}」和「{right}」之间有多余的空格，应删除",
                            Severity.WARNING, ""))
    return hits


def _chinese_side(text: str, i: int, step: int) -> bool | None:
    """The nearest visible character from `i` in direction `step`: True if Chinese, None if there is
    none (the text ends or a space follows), False for anything else (Latin, another script)."""
    i += step
    while 0 <= i < len(text) and text[i] in INVISIBLE:
        i += step
    if not 0 <= i < len(text) or text[i].isspace():
        return None
    return is_cjk(text[i])


def invisible_characters(text: str) -> list[Hit]:
    """Invisible characters; removed by --fix only between Chinese text (elsewhere, such as a joiner in
    another script, they may carry meaning; inside an emoji sequence they are protected)."""
    hits = []
    for i, ch in enumerate(text):
        if ch not in INVISIBLE:
            continue
        sides = (_chinese_side(text, i, -1), _chinese_side(text, i, 1))
        removable = False not in sides and True in sides
        hits.append(Hit(i, i + 1, "RG309", f"不可见字符 U+{ord(ch):04X}（{INVISIBLE[ch]}）" +
                        ("，应删除" if removable else "，请确认是否需要"), Severity.WARNING, "" if removable else None))
    return hits


@memo(65_536)
def is_traditional_only(ch: str) -> bool:
    """A Han character that OpenCC simplifies and that is not in GB 2312 (the Simplified repertoire)."""
    if not is_han(ch):
        return False
    try:
        ch.encode("gb2312")
        return False
    except UnicodeEncodeError:
        simplified: str = converter("t2s").convert(ch)  # OpenCC's `convert` declares no return type
        return simplified != ch


def _simplify(run: str) -> str:
    """Phrase-level t2s on a whole run of Traditional text, plus the particle 著 → 着."""
    out = converter("t2s").convert(run)
    if len(out) != len(run):
        out = "".join(converter("t2s").convert(ch) for ch in run)
    keep = {i for word in _ZHU_WORDS for m in re.finditer(word, out) for i in range(m.start(), m.end())}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(out))


_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def traditional_characters(text: str) -> list[Hit]:
    """Runs of Han characters holding a Traditional-only character, converted phrase by phrase."""
    hits = []
    for m in _HAN_RUN.finditer(text):
        run = m.group()
        if not any(is_traditional_only(ch) for ch in run):
            continue
        simple = _simplify(run)
        changed = [i for i, (a, b) in enumerate(zip(run, simple, strict=True)) if a != b]
        if not changed:
            continue
        # one hit per stretch of changed characters, so fixes touch only what is wrong
        groups: list[list[int]] = [[changed[0], changed[0] + 1]]
        for i in changed[1:]:
            if i == groups[-1][1]:
                groups[-1][1] = i + 1
            else:
                groups.append([i, i + 1])
        for a, b in groups:
            start, end = m.start() + a, m.start() + b
            hits.append(Hit(start, end, "RG304",
                            f"简体文档中出现繁体字「{run[a:b]}」，应为「{simple[a:b]}」（{show(run)}）",
                            replacement=simple[a:b]))
    return hits


def unbalanced_pairs(text: str) -> list[Hit]:
    hits = []
    for open_ch, close_ch in PAIRED_BRACKETS:
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == open_ch:
                stack.append(i)
            elif ch == close_ch:
                if stack:
                    stack.pop()
                else:
                    hits.append(Hit(i, i + 1, "RG306", f"「{ch}」前面缺少与之配对的「{open_ch}」"))
        hits += [Hit(i, i + 1, "RG306", f"「{open_ch}」后面缺少与之配对的「{close_ch}」") for i in stack]
    return hits


def enumeration_comma(text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), "RG307",
                "并列的引号或书名号之间通常不用顿号（GB/T 15834—2011 4.5.3.5），可删去「、」", Severity.WARNING)
            for m in _ENUMERATION.finditer(text)]


# Example text to replace: ×× (the starter's and every form's mark), or one × beside a Chinese character (张×,
# ×月×日); a multiplication sign between numbers (156×225) is not one.
_MARKED = re.compile(r"×{2,}|(?<=[\u3400-\u9fff])×|×(?=[\u3400-\u9fff])")


def placeholders(text: str) -> list[Hit]:
    hits = []
    for m in re.finditer(PLACEHOLDER, text):
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        hits.append(Hit(m.start(), m.end(), "RG308", f"占位文字「{show(text[m.start():end])}」还没有填写"))
    for m in _MARKED.finditer(text):
        if any(hit.overlaps(m.start(), m.end()) for hit in hits):
            continue
        start, end = max(0, m.start() - 8), min(len(text), m.end() + 8)
        shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        hits.append(Hit(m.start(), m.end(), "RG308",
                        f"示例文字「{shown}」中的“{m.group()}”还没有换成真实内容"))
    return hits


_WRAPPERS = (("“", "”"), ("‘", "’"))


def wrapping_quotes(text: str) -> list[Hit]:
    """A whole text inside one pair of Chinese quotes (`name: “2023年度工作总结”`, `- “工会干部”`): YAML's quotes are
    only " and ', so these stay part of the text and are printed in the report. A quoted sentence (ending in
    。！？…) or a text holding other quotes is left alone: that is a quotation, not a wrapper."""
    stripped = text.strip()
    for opening, closing in _WRAPPERS:
        if len(stripped) < 3 or stripped[0] != opening or stripped[-1] != closing:
            continue
        inner = stripped[1:-1]
        if opening in inner or closing in inner or inner[-1] in "。！？…；":
            return []
        start, end = text.index(opening), text.rindex(closing)
        message = (f"整段文字被中文引号{opening}{closing}包住，引号会原样印在报告里"
                   "（YAML 的引号只能是英文的 \" 或 '）；应删去这对引号")
        return [Hit(start, start + 1, "RG310", message, Severity.WARNING, ""),
                Hit(end, end + 1, "RG310", message, Severity.WARNING, "", reported=False)]
    return []


# Order matters: a later rule's hits that overlap an earlier rule's are dropped.
RULES: tuple[Rule, ...] = (find_mojibake, placeholders, pinyin_readings, invisible_characters, ascii_punctuation,
                           stray_spaces, traditional_characters, unbalanced_pairs, enumeration_comma, wrapping_quotes)
# --fix applies one rule's repairs per pass, in this order, then looks again.
FIX_ORDER = ("RG310", "RG302", "RG309", "RG301", "RG305", "RG304")
# Rules whose findings stand even inside a protected span.
_UNPROTECTED = frozenset({"RG303", "RG308"})


def check_text(text: str) -> list[Hit]:
    """Every hit in one string, earlier rules taking precedence over overlapping later ones."""
    return list(_check_text(text))


@memo(8192)
def _check_text(text: str) -> tuple[Hit, ...]:
    """Remembered per string (hits are immutable): a rebuild after one edit lints only the text that changed."""
    taken = bytearray(len(text) + 1)
    protected = protected_mask(text)
    claimed: list[Hit] = []
    for rule in RULES:
        hits = rule(text)
        for hit in hits:
            span = slice(hit.start, max(hit.end, hit.start + 1))
            if not any(taken[span]) and (hit.code in _UNPROTECTED or not any(protected[span])):
                claimed.append(hit)
        for hit in hits:
            taken[hit.start:max(hit.end, hit.start + 1)] = b"\x01" * (max(hit.end, hit.start + 1) - hit.start)
    return tuple(sorted(claimed, key=lambda h: (h.start, h.code)))


@dataclass(frozen=True)
class Edit:
    """Characters `start:end` of the original string become `replacement`."""

    start: int
    end: int
    replacement: str


def fix_edits(text: str, *, ignore: frozenset[str] = frozenset(), max_passes: int = 12) -> list[Edit]:
    """The repairs of every fixable hit as edits of the original `text`, in order, never overlapping.

    The rules run pass after pass (a repair can reveal another); every character keeps the index it had
    in `text`, so the result says exactly which original characters changed and nothing else.
    """
    chars = list(text)
    origin = list(range(len(text)))  # original index of each current character, -1 if inserted
    for _ in range(max_passes):
        current = "".join(chars)
        hits = check_text(current)
        for code in FIX_ORDER:
            if code in ignore:
                continue
            edits = [h for h in hits if h.code == code and h.fixable]
            if edits:
                for hit in sorted(edits, key=lambda h: h.start, reverse=True):
                    new = hit.replacement or ""
                    chars[hit.start:hit.end] = list(new)
                    origin[hit.start:hit.end] = [-1] * len(new)
                break
        else:
            break
    out: list[Edit] = []
    previous = -1  # original index of the last kept character
    inserted = ""
    for ch, at in [*zip(chars, origin, strict=True), ("", len(text))]:
        if at < 0:
            inserted += ch
            continue
        if at > previous + 1 or inserted:
            out.append(Edit(previous + 1, at, inserted))
        previous, inserted = at, ""
    return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def fix_text(text: str, *, ignore: frozenset[str] = frozenset(), max_passes: int = 12) -> str:
    """`text` with every fixable hit repaired; mojibake and overlapping spans are left alone."""
    return apply_edits(text, fix_edits(text, ignore=ignore, max_passes=max_passes))
