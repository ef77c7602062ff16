"""Word's automatic numbering, resolved as Word shows it: `numbering.xml` read and counted per list and level.

No library renders Chinese list numbers (see shared/reference/import-and-ofd.md): a paragraph only says
`w:numPr` (list `numId`, level `ilvl`); the list's abstract definition gives each level's format (`numFmt`:
chineseCounting 一, chineseCountingThousand 一, decimal 1, …), its text (`lvlText`: `%1、`, `（%1）`, `%1.%2`),
and its start value, and the list instance may override a level's start or the whole level. Lists that share
an abstract definition without overriding anything continue one count, as Word does; a list that overrides a
start counts on its own. Counting a level resets the levels below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..cjk.numerals import zh_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(node: etree._Element | None, tag: str) -> str | None:
    """The `w:val` of the child `tag` of `node` (None if either is missing)."""
    if node is None:
        return None
    child = node.find(w(tag))
    return None if child is None else child.get(w("val"))


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _List:
    levels: dict[int, Level] = field(default_factory=dict)
    counter_key: str = ""


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """`n` written in Word's number format `fmt` (formats not known here fall back to Arabic digits)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand") and 0 <= n < 10000:
        if fmt == "ideographDigital":
            return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
        if fmt == "chineseLegalSimplified":
            return "".join("零壹贰叁肆伍陆柒捌玖"[int(d)] for d in str(n)) if n < 10 else zh_number(n)
        return zh_number(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _level(node: etree._Element, base: Level | None = None) -> Level:
    level = Level(base.fmt, base.text, base.start) if base else Level()
    fmt = wval(node, "numFmt")
    text = wval(node, "lvlText")
    start = wval(node, "start")
    if fmt is not None:
        level.fmt = fmt
    if text is not None:
        level.text = text
    if start is not None and start.lstrip("-").isdigit():
        level.start = int(start)
    return level


class Numbering:
    """The numbering definitions of one document, and the counts so far as its paragraphs are read in order."""

    def __init__(self, root: etree._Element | None):
        self.lists: dict[str, _List] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, Level]] = {}
        for node in root.iter(w("abstractNum")):
            levels = {}
            for lvl in node.iter(w("lvl")):
                ilvl = lvl.get(w("ilvl"))
                if ilvl is not None and ilvl.isdigit():
                    levels[int(ilvl)] = _level(lvl)
            abstract[node.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            num_id = num.get(w("numId")) or ""
            abstract_id = wval(num, "abstractNumId") or ""
            levels = dict(abstract.get(abstract_id, {}))
            own = False
            for override in num.iter(w("lvlOverride")):
                ilvl_text = override.get(w("ilvl")) or "0"
                if not ilvl_text.isdigit():
                    continue
                at = int(ilvl_text)
                replaced = override.find(w("lvl"))
                if replaced is not None:
                    levels[at] = _level(replaced, levels.get(at))
                start = wval(override, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    base = levels.get(at, Level())
                    levels[at] = Level(base.fmt, base.text, int(start))
                own = True
            self.lists[num_id] = _List(levels, f"num:{num_id}" if own else f"abstract:{abstract_id}")

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of list `num_id` at level `ilvl`, counted."""
        entry = self.lists.get(num_id)
        if num_id == "0" or entry is None or ilvl not in entry.levels:
            return ""
        counts = self.counters.setdefault(entry.counter_key, {})
        level = entry.levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.fmt == "bullet":
            return ""

        def value(k: int) -> str:
            lvl = entry.levels.get(k)
            if lvl is None:
                return ""
            n = counts.get(k, lvl.start)
            return format_number(n, lvl.fmt)

        out, i, text = "", 0, level.text
        while i < len(text):
            if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                out += value(int(text[i + 1]) - 1)
                i += 2
            else:
                out += text[i]
                i += 1
        return out
