"""Pagination on a fixed line grid: which grid line of which page each text line takes.

Pure data, no ReportLab, so the rules are testable alone. Every line takes one
grid line (GB/T 9704: 22 a page). Two rules can end a page early:
- a heading is kept with the first line after it (never alone at a page bottom);
- the last line of a paragraph is kept with the line before it (no single last
  line at the top of a page), where moving it is possible at all.
After the text, `end_page` decides the end block's page (GB/T 9704 §7.4.1, §7.5).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Slot:
    page: int   # from 0
    line: int   # grid line on the page, from 0 (the one the line's top is in)
    index: int  # the text line placed there, in reading order
    at: float | None = None  # its top, in grid lines from the page's top (a table's lines are off the grid)
    height: float = 1.0      # the grid lines it takes there, with what a page start or end adds to it

    def __post_init__(self) -> None:
        if self.at is None:
            object.__setattr__(self, "at", float(self.line))

    @property
    def top(self) -> float:
        assert self.at is not None
        return self.at


@dataclass(frozen=True)
class Box:
    """How much of a page a line takes, in grid lines: a text line one, on a grid line of its own (`snap`); a
    table's cell line its own leading (`height`), plus `opens` when a page starts in the middle of its row (the
    row's rule and top padding again) and `closes` when a page ends after it inside its row (the bottom
    padding). A negative `opens` on a line that starts a page (after the first) moves it and the page's grid up
    that much: a photo's gap above it, which LibreOffice drops at a page's top (space before a paragraph)."""

    height: float = 1.0
    opens: float = 0.0
    closes: float = 0.0
    snap: bool = True
    past: float = 0.0  # how far past the page's last grid line it may reach (a table row, in LibreOffice)


LINE = Box()
EPSILON = 1e-6


def paginate(keep_with_next: list[bool], lines_per_page: int, *, first_page_start: int = 0,
             new_page: frozenset[int] = frozenset(), extra: Mapping[int, int] | None = None,
             page_started: Callable[[int], list[bool] | list[tuple[bool, Box]]] | None = None,
             boxes: list[Box] | None = None) -> list[Slot]:
    """Place lines in order; `keep_with_next[i]` asks that line i and line i+1 share a page.

    `first_page_start` reserves grid lines at the top of the first page (the title
    is placed by the caller). A line in `new_page` starts a page (unless it
    already would). A chain of kept lines longer than a page is broken where it must be. `extra` gives a page
    (by index) more lines than `lines_per_page` (the formal edition's last page, its spacing adjusted).
    `boxes` says how much of a page each line takes (`Box`; a grid line each when not given): a text line
    after a table's lines goes down to the next grid line.

    `page_started(i)` is told when a page after the first starts with line i, and may insert lines there (a
    continued table's repeated header): it returns their `keep_with_next` (with their boxes, when `boxes` is
    given), and the caller has put the lines themselves at i in its own list. Slots then index that grown
    list. One pass: the lines before a page start are settled when it starts, so nothing is placed twice.
    """
    keep = list(keep_with_next)
    size = list(boxes) if boxes is not None else [LINE] * len(keep)
    breaks = [k in new_page for k in range(len(keep))]
    slots: list[Slot] = []
    page, at, i = 0, float(first_page_start), 0
    page_first = 0  # index of the first line on the current page
    body_first = 0  # ... and of the first that was not inserted as the page started

    grid = 0.0  # where the page's grid lines are, from its top: a fraction when a photo starting it came up

    def start_page(first: int) -> None:
        nonlocal page, at, page_first, body_first, grid
        page, at, page_first, body_first, grid = page + 1, 0.0, first, first, 0.0
        if page_started is not None:
            added = page_started(first)
            keeps = [a[0] if isinstance(a, tuple) else a for a in added]
            keep[first:first] = keeps
            size[first:first] = [a[1] if isinstance(a, tuple) else LINE for a in added]
            breaks[first:first] = [False] * len(added)
            body_first = first + len(added)

    while i < len(keep):
        if breaks[i] and at > 0:
            start_page(i)
        box = size[i]
        if i == body_first and page and box.opens < 0 and at == 0:  # a photo starting a page, its gap above gone
            grid = at = box.opens
        top = math.ceil(at - grid - EPSILON) + grid if box.snap else at
        height = box.height + (box.opens if i == body_first and box.opens > 0 else 0.0)
        room = lines_per_page + (extra.get(page, 0) if extra else 0)
        # A line taller than a page, or the first after a repeated header, goes on the page all the same.
        forced = (i == page_first and at == 0) or i == body_first > page_first
        if top + height + box.closes <= room + box.past + EPSILON or forced:
            slots.append(Slot(page, max(0, math.floor(top + EPSILON)), i, top, height))
            at = top + height
            i += 1
            continue
        # The page is full and line i goes on the next one: move back over lines that must stay with it.
        cut = i
        while cut > page_first and keep[cut - 1]:
            cut -= 1
        if cut > page_first and cut < i:
            del slots[len(slots) - (i - cut):]
            i = cut
        if slots and slots[-1].page == page and size[slots[-1].index].closes:  # a page ends inside a row
            last = slots[-1]
            slots[-1] = Slot(last.page, last.line, last.index, last.top, last.height + size[last.index].closes)
        start_page(i)
    return slots


class EndPage(Enum):
    """Where the end block (版记) goes, relative to the last page of text."""

    BELOW_TEXT = "below-text"    # at the foot of the last page of text (an even page with room)
    NEXT_PAGE = "next-page"      # at the foot of the page after it (the text ends on an odd page), numbered
    AFTER_BLANK = "after-blank"  # a blank page, then the end block's page: neither numbered


@dataclass(frozen=True)
class EndPlan:
    """The end block's page and the grid lines it takes (its rule-to-rule height in lines)."""

    page: EndPage
    lines: int


END_GAP = 1  # free grid lines kept between the last text line and the end block's first rule


def end_page(text_pages: int, last_line: int, end_lines: int, lines_per_page: int) -> EndPage:
    """The end block's page after `text_pages` pages of text whose last line is grid line `last_line` (from 0;
    -1 for an empty page), by GB/T 9704-2012:

    - §7.4.1: the end block's last rule lies on the lower edge of the text block of the document's last
      side (最后一面); §6 (printed on both sides, 双面印刷) makes that side the back of a leaf: an even page.
    - So the end block goes at the foot of the last page of text when that page is even and the block fits
      below the text with `END_GAP` free lines between (the standard sets no gap; one line keeps the thick
      rule off the last line's descenders and reads as a block apart): `BELOW_TEXT`.
    - Text ending on an odd page: the end block at the foot of the next page, otherwise blank. No blank page
      precedes it, so it keeps its page number (§7.5 drops the number only after a blank page): `NEXT_PAGE`.
    - Text ending on an even page without room: the next (odd) page stays blank and the end block goes at the
      foot of the even page after it; §7.5: "版记页前有空白页的，空白页和版记页均不编排页码": `AFTER_BLANK`.
    """
    if text_pages % 2:
        return EndPage.NEXT_PAGE
    if last_line + 1 + END_GAP + end_lines <= lines_per_page:
        return EndPage.BELOW_TEXT
    return EndPage.AFTER_BLANK
