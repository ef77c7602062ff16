"""Chinese paragraph layout: break a paragraph into lines and justify them, as data.

Pure Python and independent of any PDF library, so it can be tested on strings
and reused wherever text is set in a box (body, headings, table cells). The
writer supplies only the advance width of non-CJK characters.

The model is the one Word and LibreOffice use for our DOCX, so that both files break every line at the
same character (docs/typesetting.md), with the marks set as GB/T 15834 and clreq ask:
- Items are unbreakable units: one Han character or full-width mark, a run of
  —— or ……, a Latin word or number (2023, ESD, 6000+), a space. A number and
  the Han character after it (10天, 2025年) may be broken apart, as Word and
  LibreOffice break them: keeping them together pushed both down and spread the
  line, and the DOCX cannot say it without an invisible joiner in the text.
- Every glyph is followed by the DOCX's character spacing (`tracking`: a
  quarter point less, so 28 characters of 16 pt fit 156 mm); between a Han
  character and a letter or digit sits one steady gap instead (`autospace`, what
  the DOCX's autoSpaceDE/DN adds, LibreOffice's spacing not added to it), never
  squeezed, widened only as a spread line widens every gap, never at a line's edge.
- Lines are filled first-fit, as the word processors fill them: as many items
  as fit at full width. A closing mark that would start the next line is
  pulled up, its blank half given up and the line squeezed (never hung into
  the margin); an opening mark that would end a line moves down.
- Then each line is set: a closing mark ending it gives up its blank half
  (GB/T 15834 §5.1.10), adjacent marks take 1.5 em together (clreq 3.1.6.2),
  and the space this frees, with whatever else the line lacks, is spread
  evenly between the CJK glyphs; a number or a word is never letter-spaced.
  A short line is not letter-spaced past `SPREAD_COMFORT` while a pair of marks
  still holds a squeezed blank: the pairs give it back first (up to the 2 em
  Word and LibreOffice set them in), then the gaps take the rest. A line too
  long is squeezed: blanks between adjacent marks, then a little of other
  marks' blanks, then the gaps; a mid-line mark keeps at least `MARK_FLOOR`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..caches import memo
from .punct import (
    CLOSING_FULLWIDTH,
    MIDDLE,
    NO_LINE_END,
    NO_LINE_START,
    OPENING_FULLWIDTH,
    REPEATED_UNITS,
    is_cjk,
)
from .words import word_breaks

HAN, OPEN, CLOSE, MID, UNIT, LATIN, SPACE = "han", "open", "close", "middle", "unit", "latin", "space"
PUNCT = frozenset({OPEN, CLOSE, MID})

# Adjustability, in ems of the font size.
CJK_STRETCH = 0.10   # gap between two CJK glyphs may widen this much at ratio 1
CJK_SHRINK = 0.03    # ... and narrow this much (below the grid's own tracking)
MID_MARK_SQUEEZE = 0.125  # a mid-line mark gives up at most this much of its blank before the gaps are squeezed
# A mid-line mark (not ending a line, not beside another mark) keeps at least this much of an em: a ， set at half
# width reads as a Western comma (its glyph plus a word space is half an em in Times); three quarters keep a blank
# half as wide as the glyph's own half, clearly a Chinese mark. See docs/typesetting.md.
MARK_FLOOR = 0.75
# How far a short line spreads its gaps (beyond the grid's) before adjacent marks give back their squeezed blank:
# 5 % of an em, under what a reader sees as letter-spacing. The word processors fill a line with the marks at full
# width, so a line of many ”、“ has the blank the PDF squeezes out to spare (a pair is never wider than Word's).
SPREAD_COMFORT = 0.05
SPACE_STRETCH, SPACE_SHRINK = 0.5, 0.33  # of the space's own width
AUTOSPACE = 0.2  # ems between a Han character and a letter or digit: what LibreOffice adds for autoSpaceDE/DN


def grid_tracking(size: float, measure: float, chars: int) -> float:
    """The character spacing (pt, in whole twentieths as Word stores it) that fits `chars` characters of `size`
    into `measure`: the DOCX's `w:spacing` and the PDF's natural gap after every glyph.

    When the characters must be condensed, one twentieth more than the tightest fit: with the tightest
    (−0.25 pt for 28 × 16 pt in 156 mm, 1.2 pt left over) LibreOffice 7.4 drops a comma it pulls up to the end of
    a full line (not drawn, not in its text); with −0.3 pt (2.6 pt left over) it draws every one. A line still
    holds exactly `chars` characters (a 29th needs 13 pt more), so Word breaks and justifies every line as before.
    See docs/typesetting.md.
    """
    fit = math.floor((measure / chars - size) * 20)
    return (fit - 1) / 20 if fit < 0 else 0.0


@dataclass(frozen=True)
class Metrics:
    """How text is measured: font size, measure, the spacing after each glyph and the Latin advances."""

    size: float
    measure: float
    advance: Callable[[str], float]  # advance of one non-CJK character at `size`, in pt
    tracking: float = 0.0            # natural gap after every glyph (negative condenses onto a grid)
    autospace: float = 0.0           # gap between a Han character and a letter or digit, in pt
    chars: int | None = None         # characters a full line holds, when the text is set on a grid
    _cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def grid(cls, size: float, measure: float, chars: int, advance: Callable[[str], float],
             autospace: float = 0.0) -> Metrics:
        """Metrics for `chars` CJK characters a line: Word's tracking, justified to fill `measure` exactly."""
        return cls(size, measure, advance, grid_tracking(size, measure, chars) if chars > 1 else 0.0, autospace,
                   chars)

    @property
    def pitch(self) -> float:
        """Distance from one CJK character to the next on a full, justified line (the grid's)."""
        if self.chars and self.chars > 1:
            return self.size + (self.measure - self.chars * self.size) / (self.chars - 1)
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
    # The line gave its last character to the paragraph's last line, which would have held one character alone
    # (`break_lines(tail=True)`): the room (pt) the line would have had left holding it, measured as a word
    # processor measures (marks at full width), so that one can be told to end it a character early too.
    gave: float | None = None

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def right(self) -> float:
        """The right edge of the last box."""
        return self.glyphs[-1].x + self.glyphs[-1].width if self.glyphs else 0.0


def line_texts(text: str, lines: Sequence[Line]) -> tuple[str, ...]:
    """The part of `text` each broken line holds (a line's glyphs are the text less its spaces and breaks), inner
    spaces kept: what a flowing format writes for a line the layout broke."""
    pieces, pos = [], 0
    for line in lines:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        start, left = pos, len(line.glyphs)
        while left:
            left -= not text[pos].isspace()
            pos += 1
        pieces.append(text[start:pos])
    return tuple(pieces)


# --- items -----------------------------------------------------------------------------------------

@memo(65_536)
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


def itemize(text: str, m: Metrics) -> list[Item]:
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
            while j < n and text[j] != " " and _class(text[j]) is None:
                j += 1
            advances = tuple(m.latin(c) for c in text[i:j])
            items.append(Item(text[i:j], LATIN, sum(advances) + (j - i - 1) * m.tracking, advances, m.tracking,
                              0.0, 0.0, 0.0))
            i = j
    return items


def _autospaced(a: Item, b: Item) -> bool:
    """A Han character next to a letter or digit: the two scripts' steady gap goes between them."""
    return ((a.kind == HAN and b.kind == LATIN and b.text[0].isalnum())
            or (a.kind == LATIN and b.kind == HAN and a.text[-1].isalnum()))


def _gap(a: Item, b: Item, m: Metrics) -> tuple[float, float, float]:
    """(natural, stretch, shrink) of the gap between two neighbouring items."""
    if a.kind == SPACE or b.kind == SPACE:
        return 0.0, 0.0, 0.0
    if _autospaced(a, b):
        # LibreOffice sets a letter or digit beside Han text as a piece of its own and adds the character spacing
        # only inside a piece: the gap is the autospace alone (measured: 3.2 pt either side of 2024 in 16 pt text
        # condensed by 0.3 pt, where 0.3 pt less was assumed before; see docs/typesetting.md). A spread line widens
        # it as it widens the gaps between CJK glyphs (clreq, Typst: CJK–Latin gaps stretch with the rest), so a
        # line of numbers is not spread over its few Han gaps alone; it is never squeezed.
        return m.autospace, CJK_STRETCH * m.size, 0.0
    if a.kind == LATIN and b.kind == LATIN:
        return m.tracking, 0.0, 0.0
    return m.tracking, CJK_STRETCH * m.size, CJK_SHRINK * m.size


def can_break(a: Item, b: Item) -> bool:
    """May a line end after `a` and the next begin with `b`? (clreq prohibitions; a unit is one item and never
    split. A number and the Han character after it may part, as in Word: see the module docstring.)"""
    return b.text[0] not in NO_LINE_START and a.text[-1] not in NO_LINE_END


def _pair(a: Item, b: Item) -> tuple[float, float]:
    """The blank (a's right side, b's left side) two adjacent marks give up so they take 1.5 em (clreq 3.1.6.2):
    the first mark's blank when it has one on the right (”、 、“ 。”), else the second's on the left (（“)."""
    if a.kind not in PUNCT or b.kind not in PUNCT:
        return 0.0, 0.0
    if a.shrink_right > 0:
        return a.shrink_right, 0.0
    return (0.0, b.shrink_left) if b.kind == OPEN else (0.0, 0.0)


# --- breaking --------------------------------------------------------------------------------------

@dataclass
class _Para:
    items: list[Item]
    m: Metrics
    indent: float
    gap_nat: list[float]
    gap_str: list[float]
    gap_shr: list[float]
    room_l: list[float]   # blank each item may give up on each side mid-line when the line is too long: beside a
    room_r: list[float]   # mark all of it (less the pair's own squeeze), else down to MARK_FLOOR
    nat: list[float]      # prefix sums over items and the gaps before them
    str_: list[float]
    shr: list[float]

    @classmethod
    def of(cls, items: list[Item], m: Metrics, indent: float) -> _Para:
        gn, gs, gk = [0.0], [0.0], [0.0]
        n = len(items)
        room_l = [it.shrink_left for it in items]
        room_r = [it.shrink_right for it in items]
        floor_cap = (1 - MARK_FLOOR) * m.size
        for k, (a, b) in enumerate(itertools.pairwise(items), 1):
            g, s, sk = _gap(a, b, m)
            gn.append(g)
            gs.append(s)
            gk.append(sk)
            right, left = _pair(a, b)
            room_r[k - 1] -= right
            room_l[k] -= left
        for k, it in enumerate(items):
            if it.kind in PUNCT:
                if k == 0 or items[k - 1].kind not in PUNCT:
                    room_l[k] = min(room_l[k], floor_cap)
                if k == n - 1 or items[k + 1].kind not in PUNCT:
                    room_r[k] = min(room_r[k], floor_cap)
        nat, st, sh = [0.0], [0.0], [0.0]
        for idx, it in enumerate(items):
            nat.append(nat[-1] + it.width + gn[idx])
            st.append(st[-1] + it.stretch + gs[idx])
            sh.append(sh[-1] + room_l[idx] + room_r[idx] + gk[idx])
        return cls(items, m, indent, gn, gs, gk, room_l, room_r, nat, st, sh)

    def measure(self, i: int, j: int) -> tuple[float, float, float, float, float]:
        """(natural, stretch, shrink, free end, free start) of the line items[i:j]: its marks at full width."""
        natural = self.nat[j] - self.nat[i] - self.gap_nat[i] + (self.indent if i == 0 else 0.0)
        stretch = self.st_(i, j)
        first, last = self.items[i], self.items[j - 1]
        free_end = last.shrink_right if last.kind == CLOSE else 0.0
        free_start = first.shrink_left if first.kind == OPEN else 0.0
        # A line's outer blanks other than the free ones do not count as shrink (a · at an edge keeps its room).
        # Pairs' blanks are counted when the line is set (`_justify`), not here.
        shrink = (self.shr[j] - self.shr[i] - self.gap_shr[i] - self.room_l[i] - self.room_r[j - 1])
        return natural, stretch, shrink, free_end, free_start

    def st_(self, i: int, j: int) -> float:
        return self.str_[j] - self.str_[i] - self.gap_str[i]


def _fits_squeezed(p: _Para, i: int, j: int) -> bool:
    """Can items[i:j] be set within the measure by giving up its marks' blanks and squeezing its gaps?"""
    natural, _stretch, shrink, free_end, free_start = p.measure(i, j)
    return natural - free_end - free_start - shrink <= p.m.measure + 1e-9


def _breakable(items: list[Item], k: int) -> bool:
    """May a line end before items[k] (0 < k < len)? At a space, or between two items that allow it; a space
    does not lift the marks' rules (UAX #14 LB13–LB14): no line starts with a closing mark or ends with an
    opening one because a space stands between them and the text."""
    a, b = items[k - 1], items[k]
    if SPACE not in (a.kind, b.kind):
        return can_break(a, b)
    before = next((it for it in reversed(items[:k]) if it.kind != SPACE), None)
    after = next((it for it in items[k:] if it.kind != SPACE), None)
    return not ((after is not None and after.text[0] in NO_LINE_START)
                or (before is not None and before.text[-1] in NO_LINE_END))


def _first_fit(p: _Para, *, force: bool = False) -> list[tuple[int, int]] | None:
    """Breaks as (end, next start) pairs, lines filled as the word processors fill them (module docstring);
    None when some item cannot be placed at all (a word wider than the measure), unless `force`: then such an
    item stands alone on its line, past the measure (a glyph wider than a narrow table column)."""
    items, n, measure = p.items, len(p.items), p.m.measure
    chain = [(0, 0)]
    start = 0
    while start < n:
        end = start + 1
        while end < n and p.measure(start, end + 1)[0] <= measure + 1e-9:
            end += 1
        if (p.measure(start, end)[0] - p.measure(start, end)[3] > measure + 1e-9 and not _fits_squeezed(p, start, end)
                and not force):
            return None  # not even one item fits
        if end < n and not _breakable(items, end):
            # One closing mark that may not start the next line comes up, the line squeezed to hold it (where
            # LibreOffice hangs it); before two or more marks the last character goes down with them.
            pulled = end + 1
            if (items[end].kind in (CLOSE, MID) and _fits_squeezed(p, start, pulled)
                    and (pulled == n or _breakable(items, pulled))):
                end = pulled
            else:  # otherwise the last items go down until the line may end
                fitted = end
                while end > start + 1 and not _breakable(items, end):
                    end -= 1
                if not _breakable(items, end):
                    end = fitted  # nowhere to end the line by the rules: break where it is full
        next_start = end
        while next_start < n and items[next_start].kind == SPACE:
            next_start += 1
        line_end = end
        while line_end > start and items[line_end - 1].kind == SPACE:
            line_end -= 1
        chain.append((line_end, next_start))
        start = next_start
    return chain


def break_lines(text: str, m: Metrics, *, indent: float = 0.0, tail: bool = False) -> list[Line]:
    """Lay out one paragraph: justified lines, the last one flush left.

    `indent` is the first line's indent in pt (two grid characters for body text). With `tail`, a last line
    that would hold one Han character alone (质。) takes the line before's last character with it (clreq: a
    paragraph's last line has at least two characters); that line, one character short, is spread.
    """
    items = itemize(text, m)
    if not items:
        return []
    p = _Para.of(items, m, indent)
    chain = _first_fit(p)
    if chain is None:  # an item wider than the measure: only it is split (a word between its letters)
        p = _Para.of(_split_wide(items, m, indent), m, indent)
        chain = _first_fit(p, force=True)
        assert chain is not None
    room = None
    if tail and _lone_tail(p.items, chain):
        end, start = chain[-2]
        room = m.measure - p.measure(chain[-3][1], end)[0]
        chain[-2] = (end - 1, start - 1)
    lines = []
    for k, ((_, start), (end, _)) in enumerate(itertools.pairwise(chain)):
        line = _justify(p, start, end, last=end >= len(p.items) or start >= len(p.items))
        lines.append(replace(line, gave=room) if room is not None and k == len(chain) - 3 else line)
    return lines


def _lone_tail(items: list[Item], chain: list[tuple[int, int]]) -> bool:
    """Does the paragraph's last line hold one Han character (and the marks after it) alone, and can the line
    before give it its last character: a Han character, not the line's only two, with a break allowed before it?"""
    if len(chain) < 3:
        return False
    (_, before_start), (end, start) = chain[-3], chain[-2]
    rest = items[start:]
    if (end != start or not rest or rest[0].kind != HAN
            or any(it.kind not in (CLOSE, MID, UNIT) for it in rest[1:])):
        return False
    return end - 1 > before_start + 1 and items[end - 1].kind == HAN and _breakable(items, end - 1)


def _split_wide(items: list[Item], m: Metrics, indent: float) -> list[Item]:
    """`items` with each one wider than a line taken apart: a word or number into its letters, a run of —— or
    …… into its pairs (a unit of two stays whole); everything else as it was."""
    out: list[Item] = []
    for it in items:
        if it.width <= m.measure - indent + 1e-9 or it.kind not in (LATIN, UNIT):
            out.append(it)
            continue
        step = 1 if it.kind == LATIN else 2
        for k in range(0, len(it.text), step):
            advances = it.advances[k:k + step]
            out.append(it._replace(text=it.text[k:k + step], advances=advances,
                                   width=sum(advances) + (len(advances) - 1) * it.inner_gap))
    return out


def run_in(text: str, m: Metrics) -> Line:
    """A label that text follows on the same line (出席：, 抄送：), on one line: its last mark keeps its width,
    since the line does not end there."""
    items = itemize(text, m)
    return _justify(_Para.of(items, m, 0.0), 0, len(items), last=True, run_in=True) if items else Line((), True, 0.0)


# --- justification ---------------------------------------------------------------------------------

def _justify(p: _Para, i: int, j: int, *, last: bool, run_in: bool = False) -> Line:
    """Place the glyphs of items[i:j]: the line-end mark and adjacent marks set as the rules ask, then the line
    spread or squeezed so that it ends exactly at the measure (a last line stays flush left)."""
    m, items = p.m, p.items[i:j]
    natural, stretch, _shrink, _free_end, _free_start = p.measure(i, j)
    measure = m.measure
    n = len(items)
    squeeze_l = [0.0] * n  # blank removed from each item's left / right side
    squeeze_r = [0.0] * n
    gap_extra = [0.0] * n  # added to the natural gap before each item (index 0 unused)
    inner_extra = [0.0] * n
    # Two adjacent marks take 1.5 em (clreq); a closing mark ending the line gives up its blank (GB/T 15834).
    for k in range(n - 1):
        squeeze_r[k], squeeze_l[k + 1] = _pair(items[k], items[k + 1])
    if items[-1].kind == CLOSE and not run_in:
        squeeze_r[-1] = items[-1].shrink_right
    natural -= sum(squeeze_l) + sum(squeeze_r)
    ratio = 0.0
    excess = natural - measure
    if excess > 1e-9:
        if items[0].kind == OPEN and not squeeze_l[0]:  # a line-start opening mark's blank, before the rest
            use = min(excess, items[0].shrink_left)
            squeeze_l[0] += use
            excess -= use
        if excess > 1e-9:
            shrink = p.measure(i, j)[2]
            ratio = -excess / shrink if shrink else 0.0
            excess = _squeeze(p, i, items, squeeze_l, squeeze_r, gap_extra, excess)
    elif excess < -1e-9 and not last and stretch > 0:
        excess = _give_back(p, i, items, squeeze_l, squeeze_r, -excess, stretch)
        ratio = excess / stretch
        for k in range(1, n):
            gap_extra[k] = ratio * p.gap_str[i + k]
        for k, it in enumerate(items):
            if it.kind == SPACE:
                squeeze_r[k] = -ratio * it.stretch  # a space widens by its own stretch
    glyphs: list[Glyph] = []
    x = p.indent if i == 0 else 0.0
    for k, it in enumerate(items):
        if k:
            x += p.gap_nat[i + k] + gap_extra[k]
        if it.kind == SPACE:
            x += it.width - squeeze_l[k] - squeeze_r[k]
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


def _give_back(p: _Para, i: int, items: list[Item], sl: list[float], sr: list[float], slack: float,
               stretch: float) -> float:
    """The slack a short line spreads, after its adjacent marks take back what the gaps would spread past
    `SPREAD_COMFORT` (each pair evenly, at most to full width): squeeze the marks only as far as the line affords."""
    comfort = SPREAD_COMFORT / CJK_STRETCH * stretch  # the slack that spreads the gaps by SPREAD_COMFORT em
    pairs = [(k, sl[k]) for k in range(1, len(items)) if sl[k] > 0 and items[k - 1].kind in PUNCT]
    pairs += [(-k - 1, sr[k]) for k in range(len(items) - 1) if sr[k] > 0 and items[k + 1].kind in PUNCT]
    held = sum(blank for _, blank in pairs)
    if slack <= comfort + 1e-9 or held <= 1e-9:
        return slack
    back = min(slack - comfort, held)
    share = back / held
    for k, blank in pairs:
        if k >= 0:
            sl[k] -= blank * share
        else:
            sr[-k - 1] -= blank * share
    return slack - back


def _squeeze(p: _Para, i: int, items: list[Item], sl: list[float], sr: list[float], gap_extra: list[float],
             need: float) -> float:
    """Take `need` pt out of a line: blanks between adjacent marks, a little of other marks' blanks (at most
    `MID_MARK_SQUEEZE` of an em each), then the gaps between characters, and only then the rest of those marks'
    blanks down to `MARK_FLOOR`. A mid-line ， squeezed to half its width reads as a Western comma; a
    typesetter spreads the squeeze over the line instead."""
    n = len(items)
    limit = MID_MARK_SQUEEZE * p.m.size
    pair: list[tuple[int, str, float]] = []  # (index, side, capacity)
    other: list[tuple[int, str, float]] = []
    rest: list[tuple[int, str, float]] = []
    for k in range(n):
        # What each side may still give up (`_Para.room_l`/`room_r`: the pair's squeeze taken, the floor kept);
        # the line's own outer sides are not squeezed.
        for side, cap in (("l", p.room_l[i + k] if k else 0.0), ("r", p.room_r[i + k] if k < n - 1 else 0.0)):
            if cap <= 1e-9:
                continue
            neighbour = items[k - 1] if side == "l" else items[k + 1]
            if neighbour.kind in PUNCT:
                pair.append((k, side, cap))
            else:
                other.append((k, side, min(cap, limit)))
                if cap > limit:
                    rest.append((k, side, cap - limit))

    def take(tier: list[tuple[int, str, float]], need: float) -> float:
        total = sum(cap for _, _, cap in tier)
        if total <= 1e-9 or need <= 1e-9:
            return need
        share = min(1.0, need / total)
        for k, side, cap in tier:
            if side == "l":
                sl[k] += cap * share
            else:
                sr[k] += cap * share
        return need - total * share

    need = take(other, take(pair, need))
    if need > 1e-9:
        total = sum(p.gap_shr[i + k] for k in range(1, n))
        share = min(1.0, need / total) if total else 0.0
        for k in range(1, n):
            gap_extra[k] -= p.gap_shr[i + k] * share
        need -= total * share
    return take(rest, need)


# --- titles and headings --------------------------------------------------------------------------

HAN_BREAK_PENALTY = 4.0  # ems: a break between two Han words, against one after a mark or at a change of script


def balance_lines(text: str, m: Metrics, max_lines: int = 4, *, indent: float = 0.0) -> list[Line]:
    """A title or heading in as few lines as fit, broken between words where the lines come out most nearly
    equal, each set flush left at its natural width (GB/T 9704 §7.3.1: words whole, lines balanced).

    The line rules hold and no word is split (`words.word_breaks`: the segmenter is asked only when the text
    needs more than one line); only when no such breaks fit may a line end inside a word. A break after a mark
    or at a change of script is preferred to one between two Han words when the lines come out nearly as even.
    `indent` is the first line's indent in pt.
    """
    items = itemize(text, m)
    if not items:
        return []
    p = _Para.of(items, m, indent)

    def width(i: int, j: int) -> float:
        while i < j and items[i].kind == SPACE:
            i += 1
        while j > i and items[j - 1].kind == SPACE:
            j -= 1
        return p.measure(i, j)[0] - (items[j - 1].shrink_right if items[j - 1].kind == CLOSE else 0.0)

    if width(0, len(items)) <= m.measure + 1e-9:
        return [_justify(p, 0, len(items), last=True)]
    allowed = sorted({k for k in range(1, len(items)) if items[k - 1].kind != SPACE and _breakable(items, k)})
    offsets = list(itertools.accumulate((len(it.text) for it in items), initial=0))
    words = word_breaks("".join(it.text for it in items))
    whole = [k for k in allowed if items[k].kind == SPACE or offsets[k] in words]
    penalty = {k: HAN_BREAK_PENALTY * m.size for k in allowed if items[k - 1].kind == HAN and items[k].kind == HAN}
    for cands in (whole, allowed):
        for count in range(2, max_lines + 1):
            bounds = _balanced_bounds(len(items), cands, count, width, penalty, m.measure)
            if bounds is None:
                continue
            lines = []
            for a, b in itertools.pairwise(bounds):
                while a < b and items[a].kind == SPACE:
                    a += 1
                end = b
                while end > a and items[end - 1].kind == SPACE:
                    end -= 1
                lines.append(_justify(p, a, end, last=True))
            return lines
    return break_lines(text, m, indent=indent)  # too long to balance: set it like a paragraph


def _balanced_bounds(n: int, cands: list[int], count: int, width: Callable[[int, int], float],
                     penalty: dict[int, float], measure: float) -> list[int] | None:
    """The item bounds [0, ..., n] of `count` lines, broken at `cands`, each within `measure`, whose widths
    deviate least from their mean (squared, plus each break's `penalty` squared); None if none fit. Of two
    equally good, the one with the shorter first line (earlier breaks are tried first)."""
    target = width(0, n) / count
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}  # (lines, end) -> (cost, start)
    ends = [*cands, n]
    for k in range(1, count + 1):
        previous = [(start, cost) for (kk, start), (cost, _) in best.items() if kk == k - 1]
        for end in ends:
            for start, cost in previous:
                if start >= end:
                    continue
                w = width(start, end)
                if w > measure + 1e-9:
                    continue
                c = round(cost + (w - target) ** 2 + penalty.get(end, 0.0) ** 2, 6)  # even: the first found
                if c < best.get((k, end), (math.inf, 0))[0]:
                    best[(k, end)] = (c, start)
    if (count, n) not in best:
        return None
    bounds, key = [n], (count, n)
    while key[0] > 1:
        key = (key[0] - 1, best[key][1])
        bounds.append(key[1])
    return [0, *reversed(bounds)]


# --- forced breaks ---------------------------------------------------------------------------------

FORCED_BREAK = "\n"  # the IR's line break (reportgen.ir): the line before it ends there, flush left


def break_paragraph(text: str, m: Metrics, *, indent: float = 0.0, tail: bool = False) -> list[Line]:
    """`break_lines` for text that may hold forced breaks: each part set on its own, the indent on the first.

    An empty part (two breaks in a row) is an empty line. `tail` (a lone last character avoided) applies to text
    without forced breaks only.
    """
    if FORCED_BREAK not in text:
        return break_lines(text, m, indent=indent, tail=tail)
    lines: list[Line] = []
    for k, part in enumerate(text.split(FORCED_BREAK)):
        lines += break_lines(part, m, indent=indent if k == 0 else 0.0) or [Line((), True, 0.0)]
    return lines


def balance_parts(text: str, m: Metrics, max_lines: int = 4, *, indent: float = 0.0) -> list[Line]:
    """`balance_lines` for a title or heading that may hold forced breaks: each part balanced on its own, the
    indent on the first."""
    if FORCED_BREAK not in text:
        return balance_lines(text, m, max_lines, indent=indent)
    return [line for k, part in enumerate(text.split(FORCED_BREAK))
            for line in balance_lines(part, m, max_lines, indent=indent if k == 0 else 0.0)]
