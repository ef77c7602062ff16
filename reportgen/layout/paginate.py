"""Pagination on a fixed line grid: which grid line of which page each text line takes.

Pure data, no ReportLab, so the rules are testable alone. Every line takes one
grid line (GB/T 9704: 22 a page). Two rules can end a page early:
- a heading is kept with the first line after it (never alone at a page bottom);
- the last line of a paragraph is kept with the line before it (no single last
  line at the top of a page), where moving it is possible at all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    page: int   # from 0
    line: int   # grid line on the page, from 0
    index: int  # the text line placed there, in reading order


def paginate(keep_with_next: list[bool], lines_per_page: int, *, first_page_start: int = 0,
             new_page: frozenset[int] = frozenset()) -> list[Slot]:
    """Place lines in order; `keep_with_next[i]` asks that line i and line i+1 share a page.

    `first_page_start` reserves grid lines at the top of the first page (the title
    is placed by the caller). A line in `new_page` starts a page (unless it
    already would). A chain of kept lines longer than a page is broken where it must be.
    """
    slots: list[Slot] = []
    page, line, i, n = 0, first_page_start, 0, len(keep_with_next)
    page_first = 0  # index of the first line on the current page
    while i < n:
        if i in new_page and line > 0:
            page, line, page_first = page + 1, 0, i
        if line < lines_per_page:
            slots.append(Slot(page, line, i))
            line += 1
            i += 1
            continue
        # The page is full and line i goes on the next one: move back over lines that must stay with it.
        cut = i
        while cut > page_first and keep_with_next[cut - 1]:
            cut -= 1
        if cut > page_first and cut < i:
            del slots[len(slots) - (i - cut):]
            i = cut
        page, line, page_first = page + 1, 0, i
    return slots
