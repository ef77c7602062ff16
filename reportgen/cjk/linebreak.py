"""Chinese paragraph layout: break a paragraph into lines and justify them, as data.

Pure Python and independent of any PDF library, so it can be tested on strings
and reused wherever text is set in a box (body, headings, table cells). The
writer supplies only the advance width of non-CJK characters.

The model (after W3C clreq, GB/T 15834 and Typst's CJK line layout):
- Items are unbreakable units: one Han character or full-width mark, a run of
  —— or ……, a Latin word or number (2023, ESD, 6000+), a space.
- Between CJK glyphs sits the grid's tracking, so a line of N characters
  fills the measure exactly (GB/T 9704: 28 characters of 16 pt in 156 mm).
- Each full-width mark carries its blank half as shrink: closing marks
  (，。、；：？！”）…) on the right, opening marks (“（《…) on the left. A
  closing mark ending a line may drop its blank at no cost; elsewhere marks
  shrink first, then the gaps between characters, a little.
- Breaks are chosen by total fit (Knuth–Plass): every line's cost is
  (1 + 100·|r|³)², where r is the share of the line's stretch or shrink used,
  plus a penalty for a last line of a single character (孤字). Line-start and
  line-end prohibitions are hard rules; a violation is resolved by moving a
  character down (and spreading the line) or pulling a mark up (and squeezing
  punctuation), never by hanging a mark into the margin.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from .punct import (
    CLOSING_FULLWIDTH,
    MIDDLE,
    NO_LINE_END,
    NO_LINE_START,
    OPENING_FULLWIDTH,
    REPEATED_UNITS,
    is_cjk,
)

HAN, OPEN, CLOSE, MID, UNIT, LATIN, SPACE = "han", "open", "close", "middle", "unit", "latin", "space"
PUNCT = frozenset({OPEN, CLOSE, MID})

# Adjustability, in ems of the font size.
CJK_STRETCH = 0.10   # gap between two CJK glyphs may widen this much at ratio 1
CJK_SHRINK = 0.03    # ... and narrow this much (below the grid's own tracking)
MIXED_STRETCH = 0.25  # gap between CJK and a Latin word or number
MIXED_SHRINK = 0.03
LATIN_STRETCH = 0.05  # between the letters or digits of one word
SPACE_STRETCH, SPACE_SHRINK = 0.5, 0.33  # of the space's own width

ORPHAN_PENALTY = 10_000.0  # a last line holding a single character (孤字)
MAX_RATIO = 1.0            # first pass: no line stretched beyond its stretchability
SHORT_LINE = 0.75          # first pass: a non-final line shorter than this share of the measure is not tried


@dataclass(frozen=True)
class Metrics:
    """How text is measured: font size, measure, the grid's tracking and the Latin advances."""

    size: float
    measure: float
    advance: Callable[[str], float]  # advance of one non-CJK character at `size`, in pt
    tracking: float = 0.0            # natural gap between CJK glyphs (negative condenses onto a grid)
    latin_gap: float = 0.0           # natural gap between CJK and Latin, in pt
    _cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def grid(cls, size: float, measure: float, chars: int, advance: Callable[[str], float],
             latin_gap: float = 0.0) -> Metrics:
        """Metrics whose tracking makes `chars` CJK characters fill `measure` exactly."""
        tracking = (measure - chars * size) / (chars - 1) if chars > 1 else 0.0
        return cls(size, measure, advance, tracking, latin_gap)

    @property
    def pitch(self) -> float:
        """Distance from one CJK character to the next on the grid."""
        return self.size + self.tracking

    def latin(self, ch: str) -> float:
        width = self._cache.get(ch)
        if width is None:
            width = self._cache[ch] = self.advance(ch)
        return width


class Item(NamedTuple):
    """An unbreakable unit (a tuple: thousands are made per page)."""

    text: str
    kind: str
    width: float          # natural width: glyph boxes plus the item's own inner gaps
    advances: tuple[float, ...]
    inner_gap: float      # natural gap between the item's own glyphs
    stretch: float        # the item's own stretchability (inner gaps of a word, a space)
    shrink_left: float
    shrink_right: float


class Glyph(NamedTuple):
    """One character set on a line: `x` is where its box starts, from the line's left edge."""

    char: str
    x: float
    width: float   # its box: an em for CJK (less what was squeezed), the advance for Latin
    kind: str
    squeezed_left: float = 0.0  # blank removed on the left of a full-width mark (the glyph sits that much left)


@dataclass(frozen=True, slots=True)
class Line:
    glyphs: tuple[Glyph, ...]
    last: bool
    ratio: float  # >0 stretched, <0 squeezed, as a share of the line's adjustability

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def right(self) -> float:
        """The right edge of the last box."""
        return self.glyphs[-1].x + self.glyphs[-1].width if self.glyphs else 0.0


# --- items -----------------------------------------------------------------------------------------

@cache
def _class(ch: str) -> str | None:
    """The item kind a CJK character starts (None for Latin and other non-CJK characters)."""
    if not is_cjk(ch):
        return None
    if ch in OPENING_FULLWIDTH:
        return OPEN
    if ch in CLOSING_FULLWIDTH:
        return CLOSE
    if ch in MIDDLE:
        return MID
    if ch in REPEATED_UNITS:
        return UNIT
    return HAN


def itemize(text: str, m: Metrics, *, split_latin: bool = False) -> list[Item]:
    """The paragraph's unbreakable units; runs of spaces become one space, ends are stripped."""
    items: list[Item] = []
    em, n, i = m.size, len(text), 0
    text = " ".join(text.split()) if any(ch.isspace() for ch in text) else text
    n = len(text)
    han = Item("", HAN, em, (em,), m.tracking, 0.0, 0.0, 0.0)  # the common case, copied by text only
    while i < n:
        ch = text[i]
        kind = _class(ch)
        if kind == HAN:
            items.append(han._replace(text=ch))
            i += 1
        elif ch == " ":
            w = m.latin(" ")
            items.append(Item(" ", SPACE, w, (w,), 0.0, w * SPACE_STRETCH, w * SPACE_SHRINK / 2, w * SPACE_SHRINK / 2))
            i += 1
        elif kind is not None:
            j = i + 1
            if kind == UNIT:
                while j < n and text[j] == ch:
                    j += 1
            count = j - i
            half = em / 2 if kind in (OPEN, CLOSE) else em / 4 if kind == MID else 0.0
            items.append(Item(text[i:j], kind, count * em + (count - 1) * m.tracking, (em,) * count, m.tracking,
                              0.0, half if kind in (OPEN, MID) else 0.0, half if kind in (CLOSE, MID) else 0.0))
            i = j
        else:
            j = i + 1
            while j < n and not split_latin and text[j] != " " and _class(text[j]) is None:
                j += 1
            advances = tuple(m.latin(c) for c in text[i:j])
            items.append(Item(text[i:j], LATIN, sum(advances), advances, 0.0,
                              (j - i - 1) * LATIN_STRETCH * em, 0.0, 0.0))
            i = j
    return items


def _gap(a: Item, b: Item, m: Metrics) -> tuple[float, float, float]:
    """(natural, stretch, shrink) of the gap between two neighbouring items."""
    if a.kind == SPACE or b.kind == SPACE:
        return 0.0, 0.0, 0.0
    if a.kind == LATIN or b.kind == LATIN:
        return m.latin_gap, MIXED_STRETCH * m.size, MIXED_SHRINK * m.size
    return m.tracking, CJK_STRETCH * m.size, CJK_SHRINK * m.size


def can_break(a: Item, b: Item) -> bool:
    """May a line end after `a` and the next begin with `b`? (clreq prohibitions, units kept whole)."""
    return b.text[0] not in NO_LINE_START and a.text[-1] not in NO_LINE_END


# --- breaking --------------------------------------------------------------------------------------

@dataclass
class _Para:
    items: list[Item]
    m: Metrics
    indent: float
    gap_nat: list[float]
    gap_str: list[float]
    gap_shr: list[float]
    nat: list[float]      # prefix sums over items and the gaps before them
    str_: list[float]
    shr: list[float]

    @classmethod
    def of(cls, items: list[Item], m: Metrics, indent: float) -> _Para:
        gn, gs, gk = [0.0], [0.0], [0.0]
        for a, b in itertools.pairwise(items):
            n, s, k = _gap(a, b, m)
            gn.append(n)
            gs.append(s)
            gk.append(k)
        nat, st, sh = [0.0], [0.0], [0.0]
        for idx, it in enumerate(items):
            nat.append(nat[-1] + it.width + gn[idx])
            st.append(st[-1] + it.stretch + gs[idx])
            sh.append(sh[-1] + it.shrink_left + it.shrink_right + gk[idx])
        return cls(items, m, indent, gn, gs, gk, nat, st, sh)

    def measure(self, i: int, j: int) -> tuple[float, float, float, float, float]:
        """(natural, stretch, shrink, free end, free start) of the line items[i:j]."""
        natural = self.nat[j] - self.nat[i] - self.gap_nat[i] + (self.indent if i == 0 else 0.0)
        stretch = self.st_(i, j)
        first, last = self.items[i], self.items[j - 1]
        free_end = last.shrink_right if last.kind == CLOSE else 0.0
        free_start = first.shrink_left if first.kind == OPEN else 0.0
        # A line's outer blanks other than the free ones do not count as shrink (a · at an edge keeps its room).
        shrink = (self.shr[j] - self.shr[i] - self.gap_shr[i] - first.shrink_left - last.shrink_right)
        return natural, stretch, shrink, free_end, free_start

    def st_(self, i: int, j: int) -> float:
        return self.str_[j] - self.str_[i] - self.gap_str[i]


def _cost(natural: float, stretch: float, shrink: float, free: float, measure: float, last: bool
          ) -> tuple[float, float] | None:
    """(badness, ratio) for a line, or None when it cannot be set within the measure."""
    if natural <= measure + 1e-9:
        if last:
            return 0.0, 0.0
        if stretch <= 0:
            return 10_000.0, float("inf")
        r = (measure - natural) / stretch
        return min(100 * r ** 3, 10_000.0), r
    if natural - free <= measure + 1e-9:
        return (natural - measure) / free if free else 0.0, 0.0
    need = natural - free - measure
    if need > shrink + 1e-9:
        return None
    r = need / shrink
    return 100 * r ** 3, -r


def _breaks(p: _Para, max_ratio: float, short: float) -> list[tuple[int, int]] | None:
    """Total-fit breaks as (end, next start) pairs, or None when no feasible set exists."""
    items, n, measure = p.items, len(p.items), p.m.measure
    cands: list[tuple[int, int]] = [(0, 0)]  # (end of the previous line, start of the next)
    for k in range(1, n):
        if items[k].kind == SPACE:
            cands.append((k, k + 1))
        elif items[k - 1].kind != SPACE and can_break(items[k - 1], items[k]):
            cands.append((k, k))
    cands.append((n, n))
    best = [float("inf")] * len(cands)
    prev = [-1] * len(cands)
    best[0] = 0.0
    starts_w = [p.nat[s] for _, s in cands]  # width before each candidate's start, for the window
    # p.measure inlined: this loop runs a few thousand times a page.
    nat, st, sh, gap_nat, gap_str, gap_shr = p.nat, p.str_, p.shr, p.gap_nat, p.gap_str, p.gap_shr
    free_l = [it.shrink_left if it.kind == OPEN else 0.0 for it in items]
    free_r = [it.shrink_right if it.kind == CLOSE else 0.0 for it in items]
    inf = float("inf")
    for c in range(1, len(cands)):
        end = cands[c][0]
        last = c == len(cands) - 1
        # Skip starts that would make a non-final line too short to be worth trying.
        hi = len(cands) if last else bisect.bisect_right(starts_w, nat[end] - short * measure)
        end_nat, end_st, end_sh = nat[end], st[end], sh[end]
        last_item = items[end - 1]
        for s in range(min(hi, c) - 1, -1, -1):
            if best[s] == inf:
                continue
            start = cands[s][1]
            if start >= end:
                continue
            natural = end_nat - nat[start] - gap_nat[start] + (p.indent if start == 0 else 0.0)
            free = free_r[end - 1] + free_l[start]
            shrink = end_sh - sh[start] - gap_shr[start] - items[start].shrink_left - last_item.shrink_right
            if natural - free - shrink > measure + 1e-9:
                break  # longer starts only get longer
            stretch = end_st - st[start] - gap_str[start]
            fit = _cost(natural, stretch, shrink, free, measure, last)
            if fit is None:
                continue
            badness, ratio = fit
            if ratio > max_ratio and not last:
                continue
            demerits = (1 + badness) ** 2
            if last and start > 0 and _single_char(items[start:end]):
                demerits += ORPHAN_PENALTY
            total = best[s] + demerits
            if total < best[c]:
                best[c], prev[c] = total, s
    if best[-1] == float("inf"):
        return None
    chain, c = [], len(cands) - 1
    while c > 0:
        chain.append(cands[c])
        c = prev[c]
    chain.append(cands[0])
    return chain[::-1]


def _single_char(items: list[Item]) -> bool:
    words = [it for it in items if it.kind in (HAN, LATIN, UNIT)]
    return len(words) == 1 and len(words[0].text) == 1


def break_lines(text: str, m: Metrics, *, indent: float = 0.0) -> list[Line]:
    """Lay out one paragraph: justified lines, the last one flush left.

    `indent` is the first line's indent in pt (two grid characters for body text).
    """
    items = itemize(text, m)
    if not items:
        return []
    p = _Para.of(items, m, indent)
    chain = _breaks(p, MAX_RATIO, SHORT_LINE) or _breaks(p, float("inf"), 0.0)
    if chain is None:  # a word wider than the measure: only now may it be split between its letters
        p = _Para.of(itemize(text, m, split_latin=True), m, indent)
        chain = _breaks(p, float("inf"), 0.0)
        assert chain is not None, "single glyphs always fit"
    lines = []
    for (_, start), (end, _) in itertools.pairwise(chain):
        lines.append(_justify(p, start, end, last=end == len(p.items)))
    return lines


# --- justification ---------------------------------------------------------------------------------

def _justify(p: _Para, i: int, j: int, *, last: bool) -> Line:
    """Place the glyphs of items[i:j]: spread or squeeze so the line ends exactly at the measure."""
    m, items = p.m, p.items[i:j]
    natural, stretch, shrink, free_end, free_start = p.measure(i, j)
    measure = m.measure
    n = len(items)
    squeeze_l = [0.0] * n  # blank removed from each item's left / right side
    squeeze_r = [0.0] * n
    gap_extra = [0.0] * n  # added to the natural gap before each item (index 0 unused)
    inner_extra = [0.0] * n
    ratio = 0.0
    excess = natural - measure
    if excess > 1e-9:
        # Free first: the line-end mark's blank, then a line-start opening mark's.
        use = min(excess, free_end)
        squeeze_r[-1] += use
        excess -= use
        use = min(excess, free_start)
        squeeze_l[0] += use
        excess -= use
        if excess > 1e-9:
            ratio = -excess / shrink if shrink else 0.0
            excess = _squeeze(p, i, items, squeeze_l, squeeze_r, gap_extra, excess)
    elif excess < -1e-9 and not last and stretch > 0:
        ratio = -excess / stretch
        for k in range(1, n):
            gap_extra[k] = ratio * p.gap_str[i + k]
        for k, it in enumerate(items):
            inner_extra[k] = ratio * it.stretch / max(len(it.advances) - 1, 1) if it.kind != SPACE else 0.0
            if it.kind == SPACE:
                squeeze_r[k] = -ratio * it.stretch  # a space widens by its own stretch
    glyphs: list[Glyph] = []
    x = p.indent if i == 0 else 0.0
    for k, it in enumerate(items):
        if k:
            x += p.gap_nat[i + k] + gap_extra[k]
        if it.kind == SPACE:
            x += it.width - squeeze_r[k]
            continue
        count = len(it.advances)
        for g, (ch, adv) in enumerate(zip(it.text, it.advances, strict=True)):
            left = squeeze_l[k] if g == 0 else 0.0
            right = squeeze_r[k] if g == count - 1 else 0.0
            glyphs.append(Glyph(ch, x, adv - left - right, it.kind, left))
            x += adv - left - right
            if g < count - 1:
                x += it.inner_gap + inner_extra[k]
    return Line(tuple(glyphs), last, ratio)


def _squeeze(p: _Para, i: int, items: list[Item], sl: list[float], sr: list[float], gap_extra: list[float],
             need: float) -> float:
    """Take `need` pt out of a line: blanks between adjacent marks, other marks' blanks, then gaps."""
    n = len(items)
    pair: list[tuple[int, str, float]] = []  # (index, side, capacity)
    other: list[tuple[int, str, float]] = []
    for k, it in enumerate(items):
        for side, cap in (("l", it.shrink_left - sl[k]), ("r", it.shrink_right - sr[k])):
            if cap <= 1e-9 or (side == "l" and k == 0) or (side == "r" and k == n - 1):
                continue
            neighbour = items[k - 1] if side == "l" else items[k + 1]
            (pair if neighbour.kind in PUNCT else other).append((k, side, cap))
    for tier in (pair, other):
        total = sum(cap for _, _, cap in tier)
        if total <= 1e-9 or need <= 1e-9:
            continue
        share = min(1.0, need / total)
        for k, side, cap in tier:
            if side == "l":
                sl[k] += cap * share
            else:
                sr[k] += cap * share
        need -= total * share
    if need > 1e-9:
        total = sum(p.gap_shr[i + k] for k in range(1, n))
        share = min(1.0, need / total) if total else 0.0
        for k in range(1, n):
            gap_extra[k] -= p.gap_shr[i + k] * share
        need -= total * share
    return need


# --- titles ----------------------------------------------------------------------------------------

NUMBER_UNIT_PENALTY = 4.0  # ems: keep a number with the Han character after it (2023年度) when balancing
INSIDE_RUN_PENALTY = 4.0   # ems: a break between two Han characters may split a word
# Without a word segmenter, a few places where a title may be broken between Han characters without
# splitting a word: after these, and before the conjunctions.
_BREAK_AFTER = ("的", "召开", "举行", "举办", "关于", "开展", "印发", "转发")
_BREAK_BEFORE = ("暨", "及", "和", "与")


def _title_penalty(items: list[Item], end: int, text_before: str, em: float) -> float:
    """Extra cost (pt) of breaking a title before items[end]."""
    a, b = items[end - 1], items[end]
    if a.kind == LATIN and b.kind == HAN and a.text[-1].isdigit():
        return NUMBER_UNIT_PENALTY * em
    if a.kind == HAN and b.kind == HAN and not (text_before.endswith(_BREAK_AFTER) or b.text in _BREAK_BEFORE):
        return INSIDE_RUN_PENALTY * em
    return 0.0


def balance_lines(text: str, m: Metrics, max_lines: int = 4) -> list[Line]:
    """A title in as few lines as fit, broken where the lines come out most nearly equal (no justification).

    Words and numbers stay whole and the line rules hold. Breaks at a change of
    script or after punctuation are preferred; a break between two Han
    characters costs extra unless it falls at one of a few known word edges.
    """
    items = itemize(text, m)
    if not items:
        return []
    p = _Para.of(items, m, 0.0)
    cands = [k for k in range(1, len(items)) if items[k - 1].kind != SPACE and items[k].kind != SPACE
             and can_break(items[k - 1], items[k])] + [k for k in range(1, len(items)) if items[k].kind == SPACE]
    cands = sorted(set(cands))
    prefix = [""]
    for it in items:
        prefix.append(prefix[-1] + it.text)
    penalty = {k: _title_penalty(items, k, prefix[k], m.size) for k in cands}

    def width(i: int, j: int) -> float:
        while i < j and items[i].kind == SPACE:
            i += 1
        while j > i and items[j - 1].kind == SPACE:
            j -= 1
        return p.measure(i, j)[0] - (items[j - 1].shrink_right if items[j - 1].kind == CLOSE else 0.0)

    total = width(0, len(items))
    for count in range(1, max_lines + 1):
        target = total / count
        # best[(k, end)] = (cost, previous end): k lines covering items[:end]
        best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
        ends = [*cands, len(items)]
        for k in range(1, count + 1):
            for end in ends:
                for (kk, start), (cost, _) in list(best.items()):
                    if kk != k - 1 or start >= end:
                        continue
                    w = width(start, end)
                    if w > m.measure + 1e-9:
                        continue
                    c = cost + (w - target) ** 2 + penalty.get(end, 0.0) ** 2
                    if c < best.get((k, end), (float("inf"), 0))[0]:
                        best[(k, end)] = (c, start)
        if (count, len(items)) in best:
            ends_chain, key = [], (count, len(items))
            while key[0] > 0:
                ends_chain.append(key[1])
                key = (key[0] - 1, best[key][1])
            bounds = [0, *reversed(ends_chain)]
            lines = []
            for a, b in itertools.pairwise(bounds):
                while a < b and items[a].kind == SPACE:
                    a += 1
                end = b
                while end > a and items[end - 1].kind == SPACE:
                    end -= 1
                lines.append(_justify(p, a, end, last=True))
            return lines
    return break_lines(text, m)  # too long to balance: set it like a paragraph


# --- forced breaks ---------------------------------------------------------------------------------

FORCED_BREAK = "\n"  # the IR's line break (reportgen.ir): the line before it ends there, flush left


def break_paragraph(text: str, m: Metrics, *, indent: float = 0.0) -> list[Line]:
    """`break_lines` for text that may hold forced breaks: each part set on its own, the indent on the first.

    An empty part (two breaks in a row) is an empty line.
    """
    if FORCED_BREAK not in text:
        return break_lines(text, m, indent=indent)
    lines: list[Line] = []
    for k, part in enumerate(text.split(FORCED_BREAK)):
        lines += break_lines(part, m, indent=indent if k == 0 else 0.0) or [Line((), True, 0.0)]
    return lines


def balance_parts(text: str, m: Metrics, max_lines: int = 4) -> list[Line]:
    """`balance_lines` for a title that may hold forced breaks: each part balanced on its own."""
    if FORCED_BREAK not in text:
        return balance_lines(text, m, max_lines)
    return [line for part in text.split(FORCED_BREAK) for line in balance_lines(part, m, max_lines)]
