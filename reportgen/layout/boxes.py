"""Sizes both writers must agree on: a photo's box on the page, a table's columns and its cells' lines."""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

from ..cjk.linebreak import Line, Metrics, break_lines, line_texts
from ..ir import Image, Table
from ..styles import MM, Style
from .faces import label_face
from .measure import FontSet, broken, text_metrics

CAPTION_LINES = 2  # room kept under a photo for its caption when the photo is as tall as a page
TABLE_PAD = 0.4    # cell padding left and right, in ems of the table's size
SHORT_CELL = 4     # a column whose cells all hold one line of at most this many characters is centred
PLACEHOLDERS = frozenset("—–-/／")  # a cell holding only these says "nothing to report": centred
NUMBER = re.compile(r"[+\-−]?\d[\d,，.．]*[%％‰]?")  # a cell that is a number (3, 2,460, 12.5%): set flush right


def photo_gap(style: Style) -> float:
    """The space, in pt, between a line's text and the next line's text on the grid (a body line's em box
    and a caption's): the gap a photo keeps above it and above its caption, so the three gaps are even."""
    return style.line_pitch - (style.sizes.body + style.caption_size) / 2


def image_lines(block: Image, style: Style) -> int:
    """The grid lines a photo takes: its height and the gaps above and below it (`photo_gap`), to the
    nearest whole line, at least one."""
    width = style.page.text_width * MM
    height = width * block.height / block.width
    lines = style.lines_per_page - (CAPTION_LINES if block.caption else 0)
    fit = round((height + photo_gap(style)) / style.line_pitch)
    return max(1, min(fit, max(lines, 1)))


def image_box(block: Image, style: Style) -> tuple[float, float]:
    """Width and height in pt: the text width at the photo's aspect ratio, made smaller when that is what
    fits the photo and even gaps into whole grid lines (by less than half a line), or a page could not
    hold it. A photo never grows; a shorter one is centred in its lines, the gaps growing evenly."""
    width = style.page.text_width * MM
    height = width * block.height / block.width
    room = image_lines(block, style) * style.line_pitch - photo_gap(style)
    if height > room:
        width, height = width * room / height, room
    return width, height


def image_top(block: Image, style: Style) -> float:
    """How far below the top of its first grid line a photo's top edge sits, in pt: the gaps above the
    photo and under it to the caption's text are equal."""
    _, height = image_box(block, style)
    pitch = style.line_pitch
    spare = image_lines(block, style) * pitch - height
    # gap above = (pitch - body)/2 + top; gap below = spare - top + (pitch - caption)/2
    return max(0.0, (spare + (style.sizes.body - style.caption_size) / 2) / 2)


@dataclass(frozen=True)
class TableBox:
    """A table's geometry decided once: column widths in pt (each a whole number of characters of the
    table's size plus the cells' padding, the text width shared out), and which body cells are centred."""

    widths: tuple[float, ...]
    chars: tuple[int, ...]                   # characters a line of each column holds
    pad: float                               # padding left and right of every cell, pt
    centred: tuple[tuple[bool, ...], ...]    # per body row, per cell
    lines: tuple[int, ...]                   # grid lines each row takes, the header's first
    right: tuple[tuple[bool, ...], ...] = ()  # per body row, per cell: flush right (a column of numbers)

    def aligned_right(self, row: int, column: int) -> bool:
        return bool(self.right) and self.right[row][column]

    @property
    def edges(self) -> tuple[float, ...]:
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        return tuple(xs)

    def inner(self, column: int) -> float:
        return self.widths[column] - 2 * self.pad


def cell_lines(text: str, m: Metrics) -> tuple[Line, ...]:
    """A cell's text broken over its width and set flush left: a line the breaker spread is set at its
    natural spacing instead (a narrow cell is never letter-spaced)."""
    lines = broken(m, text)
    natural = dataclasses.replace(m, measure=1e6, chars=None, _cache={})  # its own spacing, on an endless line
    out = []
    for line, piece in zip(lines, line_texts(text, lines), strict=True):
        if line.ratio > 0 and not line.last and piece.strip():
            line = break_lines(piece, natural)[0]
        out.append(line)
    return tuple(out)


def _lone(lines: tuple[Line, ...]) -> int:
    """How many lines of a cell hold a single character alone (成都长城开发工/会, 累/计6000+人次)."""
    return sum(len(line.text) == 1 for line in lines) if len(lines) > 1 else 0


def table_box(block: Table, style: Style, fonts: FontSet) -> TableBox:
    """Column widths in whole characters, shared out by the table's weights, then moved a character at a
    time from column to column while that leaves fewer single characters alone on a cell's last line
    without making the table longer."""
    size = style.sizes.table
    pad = TABLE_PAD * size
    measure = style.page.text_width * MM
    n = len(block.widths)
    total = int((measure - 2 * pad * n) // size)
    if (measure - 2 * pad * n - total * size) / n < 0.5:  # keep every column a little over its characters
        total -= 1
    weight = sum(block.widths)
    shares = [total * w / weight for w in block.widths]
    chars = [max(1, math.floor(s)) for s in shares]
    for k in sorted(range(n), key=lambda k: shares[k] - math.floor(shares[k]), reverse=True):
        if sum(chars) >= total:
            break
        chars[k] += 1
    extra = (measure - 2 * pad * n - sum(chars) * size) / n
    header_m = fonts[label_face(style)]
    body_m = fonts[style.faces.body]

    broken_columns: dict[tuple[int, int], list[tuple[Line, ...]]] = {}

    def column(k: int, count: int) -> list[tuple[Line, ...]]:
        """Column k's cells broken at `count` characters; each width is broken once however often the
        search below asks for it (a move changes two columns, not all)."""
        if (k, count) not in broken_columns:
            inner = count * size + extra
            cells = [cell_lines(block.header[k], text_metrics(header_m, size, None, inner))]
            m = text_metrics(body_m, size, None, inner)
            broken_columns[k, count] = cells + [cell_lines(row[k], m) for row in block.rows]
        return broken_columns[k, count]

    known: dict[tuple[int, int], tuple[list[int], int]] = {}

    def measured(k: int, count: int) -> tuple[list[int], int]:
        """Each cell's line count and the column's lone characters at `count` characters, worked out once."""
        if (k, count) not in known:
            cells = column(k, count)
            known[k, count] = [len(cell) for cell in cells], sum(_lone(cell) for cell in cells)
        return known[k, count]

    def cost(counts: list[int]) -> tuple[int, int]:
        columns = [measured(k, c) for k, c in enumerate(counts)]
        lone = sum(col[1] for col in columns)
        height = sum(max(1, *(col[0][r] for col in columns)) for r in range(len(block.rows) + 1))
        return lone, height

    best = cost(chars)
    while best[0]:
        moves = [(cost(c), c) for c in _moves(chars)]
        better = [(m, c) for m, c in moves if m[0] < best[0] and m[1] <= best[1]]
        if not better:
            break
        best, chars = min(better)
    columns = [column(k, c) for k, c in enumerate(chars)]
    centred_column = [all(len(cell) <= 1 and len(cell[0].text if cell else "") <= SHORT_CELL for cell in col[1:])
                      for col in columns]
    # A column of numbers (each cell a number, a placeholder or empty) is set flush right, every number of it
    # alike: its units line up, whatever their length (3 over 2,460), in both files.
    numbers = [any(_number(row[k]) for row in block.rows)
               and all(_number(row[k]) or not row[k] or set(row[k]) <= PLACEHOLDERS for row in block.rows)
               for k in range(n)]
    placeholder = [[bool(text) and set(text) <= PLACEHOLDERS for text in row] for row in block.rows]
    centred = tuple(tuple((centred_column[k] and not numbers[k]) or placeholder[r][k]
                          for k in range(n)) for r in range(len(block.rows)))
    right = tuple(tuple(numbers[k] and _number(row[k]) for k in range(n)) for row in block.rows)
    widths = tuple(c * size + extra + 2 * pad for c in chars)
    lines = tuple(max(1, *(len(col[r]) for col in columns)) for r in range(len(block.rows) + 1))
    return TableBox(widths, tuple(chars), pad, centred, lines, right)


def _number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def _moves(chars: list[int]) -> list[list[int]]:
    """Every way to move one character from a column to another (a column keeps at least two)."""
    out = []
    for a in range(len(chars)):
        for b in range(len(chars)):
            if a != b and chars[a] > 2:
                moved = list(chars)
                moved[a] -= 1
                moved[b] += 1
                out.append(moved)
    return out
