"""Sizes both writers must agree on: a photo's box on the page, a table's columns and its cells' lines."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..caches import memo
from ..cjk.linebreak import AUTOSPACE, LATIN, Line, Metrics, break_lines, line_texts
from ..cjk.punct import NO_LINE_END, NO_LINE_START
from ..cjk.words import word_breaks
from ..ir import Image, Table
from ..styles import MM, Style
from .faces import label_face
from .measure import FaceMetrics, FontSet, broken, text_metrics

CAPTION_LINES = 2  # room kept under a photo for its caption when the photo is as tall as a page
TABLE_PAD = 0.4    # cell padding left and right, in ems of the table's size
SEARCH_LIMIT = 300_000  # cells times column splits tried in full; a larger table is searched a move at a time
LONE_LINES = 2  # a character alone on a cell's line is as bad as a table this many lines longer
WORD_LINES = 8  # a short cell broken inside a word (深科技苏/州工会) is as bad as a table this many lines longer
LABEL_CHARS = 12  # a cell of at most this many characters is a name or a label, kept whole or broken between words
SHORT_CELL = 4     # a column whose cells all hold one line of at most this many characters is centred
PLACEHOLDERS = frozenset("—–-/／")  # a cell holding only these says "nothing to report": centred
LATIN_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z,.%+\-_&]*")  # a run a cell does not break inside
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


TABLE_RULE = 0.5     # pt: a table's rules; a row takes one of them (LibreOffice counts one into each row)
# pt: LibreOffice sets a table's top rule this much below the top of the line it starts on, on a document grid
# (GB/T 9704's) and without one (news) (measured, and its rows fill a page as if set there)
TABLE_DROP, TABLE_DROP_GRIDLESS = 0.8, 0.28
LEADING = 2 / 3      # a cell line's leading, in grid lines (19.3 pt for 4号 on the official grid, 14 pt on news)
LEAST_LEADING = 1.2  # ... but at least this many ems of the table's size


def twip(pt: float) -> float:
    """`pt` to the nearest twentieth: what a DOCX can say, so both files add up the same heights."""
    return round(pt * 20) / 20


@dataclass(frozen=True)
class RowMetrics:
    """A table row's height, the same in both files: its rule, its padding above and below, and a line of
    cell text at the table's own leading, tighter than the body's grid; all in whole twips. A one-line row is
    one grid line tall. A row broken by a page end has its padding on both pages (LibreOffice and Word do
    that) and its rule at the top of the continued part."""

    leading: float
    top: float      # padding above the first line
    bottom: float   # padding under the last
    rule: float = TABLE_RULE
    drop: float = TABLE_DROP  # the table's top rule below its line's top

    def height(self, lines: int) -> float:
        return self.rule + self.top + lines * self.leading + self.bottom


def row_metrics(style: Style) -> RowMetrics:
    pitch = twip(style.line_pitch)
    leading = twip(max(pitch * LEADING, style.sizes.table * LEAST_LEADING))
    spare = max(pitch - leading - TABLE_RULE, 0.2 * style.sizes.table)
    top = twip(spare / 2)
    return RowMetrics(leading, top, twip(spare - top), drop=TABLE_DROP if style.grid else TABLE_DROP_GRIDLESS)


@dataclass(frozen=True)
class TableBox:
    """A table's geometry decided once: column widths in pt (each a whole number of characters of the
    table's size plus the cells' padding, the text width shared out), and which body cells are centred."""

    widths: tuple[float, ...]
    chars: tuple[int, ...]                   # characters a line of each column holds
    pad: float                               # padding left and right of every cell, pt
    centred: tuple[tuple[bool, ...], ...]    # per body row, per cell
    lines: tuple[int, ...]                   # cell lines each row takes, the header's first
    right: tuple[tuple[bool, ...], ...] = ()  # per body row, per cell: flush right (a column of numbers)
    rows: RowMetrics | None = None           # the rows' leading and padding
    indents: tuple[tuple[float, ...], ...] = ()  # per body row, per cell: room kept free at the text's right, pt

    def aligned_right(self, row: int, column: int) -> bool:
        return bool(self.right) and self.right[row][column]

    @property
    def edges(self) -> tuple[float, ...]:
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        return tuple(xs)

    def inner(self, column: int, row: int | None = None) -> float:
        """The width column's text is set in; a body row's cell less its right indent (`_narrowed`)."""
        return self.widths[column] - 2 * self.pad - self.indent(row, column)

    def indent(self, row: int | None, column: int) -> float:
        return self.indents[row][column] if self.indents and row is not None else 0.0


def cell_lines(text: str, m: Metrics) -> tuple[Line, ...]:
    """A cell's text broken over its width and set flush left (`_cell_breaks`)."""
    return tuple(line for line, _ in _cell_breaks(text, m))


@memo(4096)
def _cell_breaks(text: str, m: Metrics) -> tuple[tuple[Line, bool], ...]:
    """A cell's lines, and whether each ends a paragraph of it: broken over the cell's width, a line the breaker
    spread set at its natural spacing instead (a narrow cell is never letter-spaced). Where the breaker would
    squeeze a line to pull a closing mark up onto it, the character before the mark goes down with it instead,
    as Word and LibreOffice do in a cell of the DOCX (which does not compress punctuation)."""
    natural = dataclasses.replace(m, measure=1e6, chars=None, _cache={})  # its own spacing, on an endless line
    out: list[tuple[Line, bool]] = []
    rest = text
    while rest.strip():
        lines = broken(m, rest)
        pieces = line_texts(rest, lines)
        squeezed = next((k for k, line in enumerate(lines) if line.ratio < 0), None)
        keep = lines if squeezed is None else lines[:squeezed]
        for line, piece in zip(keep, pieces, strict=False):
            ends = line.last
            if line.ratio > 0 and not ends and piece.strip():
                line = break_lines(piece, natural)[0]
            out.append((line, ends))
        if squeezed is None:
            break
        start = 0
        for piece in pieces[:squeezed + 1]:
            start = rest.index(piece, start) + len(piece)
        piece = pieces[squeezed]
        begin = start - len(piece)
        cut = len(piece)
        while cut > 0 and piece[cut - 1] in NO_LINE_START:
            cut -= 1
        cut -= 1  # the character before the marks goes down with them, and an opening mark before it
        while cut > 0 and piece[cut - 1] in NO_LINE_END:
            cut -= 1
        if cut <= 0 or not piece[:cut].strip():  # nothing could go down: the line as the breaker set it
            out.append((lines[squeezed], lines[squeezed].last))
            rest = rest[start:]
            continue
        out.append((break_lines(piece[:cut], natural)[0], False))
        rest = rest[begin + cut:]
    return tuple(out)


def _split_words(text: str, lines: tuple[Line, ...]) -> int:
    """How many of a short cell's line breaks fall inside a word (深科技苏/州工会, 成都长城开/发工会). Only a cell
    of at most `LABEL_CHARS` characters counts (a unit's name, a title): a longer cell is prose, which wraps
    between any two characters as the body does. The segmenter (`words.word_breaks`, cached on disk) is asked
    only about a short cell broken between two characters of its text."""
    count, pos, words = 0, 0, None
    if len(lines) < 2 or len(text) > LABEL_CHARS:
        return 0
    for line in lines[:-1]:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        left = len(line.glyphs)
        while left:
            left -= not text[pos].isspace()
            pos += 1
        if pos >= len(text) or text[pos].isspace() or text[pos - 1].isspace():
            continue  # at a space or between the cell's paragraphs
        words = word_breaks(text) if words is None else words
        count += pos not in words
    return count


def _narrowed(text: str, count: int, metrics: Callable[[int], Metrics]) -> tuple[tuple[Line, ...], int]:
    """A cell's lines at `count` characters, and how many characters its text keeps free at the right (0 but for
    a short cell broken inside a word at `count`, that a narrower measure breaks between words in as many
    lines, and where Word and LibreOffice break as we do: 成都长城开/发工会 set 成都长城/开发工会 in a
    five-character column). The DOCX says it as the cell paragraph's right indent, so both files break alike."""
    lines = cell_lines(text, metrics(count))
    if len(lines) < 2 or not _split_words(text, lines):
        return lines, 0
    for narrower in range(count - 1, 0, -1):
        m = metrics(narrower)
        fewer = cell_lines(text, m)
        if len(fewer) > len(lines):
            break
        if not _split_words(text, fewer) and not _unsure(text, m):
            return fewer, count - narrower
    return lines, 0


def _lone(lines: tuple[Line, ...]) -> int:
    """How many lines of a cell hold a single character alone (成都长城开发工/会, 累/计6000+人次)."""
    return sum(len(line.text) == 1 for line in lines) if len(lines) > 1 else 0


def table_box(block: Table, style: Style, fonts: FontSet) -> TableBox:
    """Column widths in whole characters of the table's size, chosen from the cells' content (`_auto_chars`,
    as CSS's automatic table layout and Typst's auto columns do) or shared out by the input's `widths`, then
    moved a character at a time from column to column while that makes the table shorter or leaves fewer
    single characters alone on a cell's line or short cells broken inside a word (`_narrowed`, `_split_words`).
    Whole characters plus a little spare (`extra`, at least half a point) make Word and LibreOffice break each
    cell where the PDF does, whatever their rounding to twips."""
    size = style.sizes.table
    pad = TABLE_PAD * size
    measure = style.page.text_width * MM
    n = len(block.header)
    total = int((measure - 2 * pad * n) // size)
    if (measure - 2 * pad * n - total * size) / n < 0.5:  # keep every column a little over its characters
        total -= 1
    extra = (measure - 2 * pad * n - total * size) / n
    header_m = fonts[label_face(style)]
    body_m = fonts[style.faces.body]

    broken_columns: dict[tuple[int, int], tuple[list[tuple[Line, ...]], list[int]]] = {}

    def column(k: int, count: int) -> tuple[list[tuple[Line, ...]], list[int]]:
        """Column k's cells broken at `count` characters, and the characters each body cell keeps free at its
        right (`_narrowed`: a short cell broken between words); each width is broken once however often the
        search below asks for it (a move changes two columns, not all)."""
        if (k, count) not in broken_columns:
            inner = count * size + extra
            cells = [cell_lines(block.header[k], text_metrics(header_m, size, None, inner))]
            free = [0]
            for row in block.rows:
                lines, narrow = _narrowed(row[k], count, lambda c: text_metrics(body_m, size, None, c * size + extra))
                cells.append(lines)
                free.append(narrow)
            broken_columns[k, count] = cells, free
        return broken_columns[k, count]

    known: dict[tuple[int, int], tuple[list[int], int, int, int, int]] = {}

    def measured(k: int, count: int) -> tuple[list[int], int, int, int, int]:
        """Each cell's line count, the column's lone characters, its cells broken over more lines than their
        text has, its lines Word or LibreOffice may break elsewhere (`_unsure`) and its short cells' breaks
        inside a word (`_split_words`), at `count` characters, worked out once."""
        if (k, count) not in known:
            cells, free = column(k, count)
            texts = [block.header[k], *(row[k] for row in block.rows)]
            wrapped = sum(len(cell) > text.count("\n") + 1 for cell, text in zip(cells, texts, strict=True))
            inner = count * size + extra
            unsure = _unsure(block.header[k], text_metrics(header_m, size, None, inner)) + sum(
                _unsure(row[k], text_metrics(body_m, size, None, inner))
                for row, narrow in zip(block.rows, free[1:], strict=True) if not narrow)
            split = sum(_split_words(text, cell) for cell, text in zip(cells, texts, strict=True))
            known[k, count] = ([len(cell) for cell in cells], sum(_lone(cell) for cell in cells), wrapped, unsure,
                               split)
        return known[k, count]

    def unsure(counts: list[int]) -> int:
        return sum(measured(k, c)[3] for k, c in enumerate(counts))

    def height(counts: list[int]) -> int:
        columns = [measured(k, c)[0] for k, c in enumerate(counts)]
        return sum(max(1, *(col[r] for col in columns)) for r in range(len(block.rows) + 1))

    def lone(counts: list[int]) -> int:
        return sum(measured(k, c)[1] for k, c in enumerate(counts))

    def wrapped(counts: list[int]) -> int:
        return sum(measured(k, c)[2] for k, c in enumerate(counts))

    def split(counts: list[int]) -> int:
        return sum(measured(k, c)[4] for k, c in enumerate(counts))

    def penalty(counts: list[int]) -> int:  # lines a lone character or a broken word counts as
        return LONE_LINES * lone(counts) + WORD_LINES * split(counts)

    if block.widths:  # the input's weights: kept, only a lone character or a broken name moved away (never a
        # longer table)
        chars = _shares(total, block.widths)
        best: tuple[int, ...] = (penalty(chars), height(chars))
        while best[0]:
            moves: list[tuple[tuple[int, ...], list[int]]] = [((penalty(c), height(c)), c) for c in _moves(chars)]
            better = [(m, c) for m, c in moves if m[0] < best[0] and m[1] <= best[1]]
            if not better:
                break
            best, chars = min(better)
    else:  # from the content: no line another program may break elsewhere, the shortest table (a character
        # alone on a line counted as `LONE_LINES` more, a short cell broken inside a word as `WORD_LINES` more),
        # the fewest wrapped cells, the fewest characters unused
        content = [_content(k, block, size, header_m, body_m) for k in range(n)]
        chars = _auto_chars(total, content)

        def unused(counts: list[int]) -> int:  # characters over what a column's longest line needs
            return sum(max(0, c - most) for c, (_, most) in zip(counts, content, strict=True))

        def rank(counts: list[int]) -> tuple[int, ...]:
            return unsure(counts), height(counts) + penalty(counts), wrapped(counts), unused(counts)

        # The fewest characters a column takes: its least (the header on one line, no word broken) when all the
        # columns' leasts fit, else two (one when not even that fits).
        low = 2 if total >= 2 * n else 1
        lows = [max(low, least) for least, _ in content] if sum(c for c, _ in content) <= total else [low] * n
        tops = [max(lo, most) for lo, (_, most) in zip(lows, content, strict=True)]
        chars = [max(c, lo) for c, lo in zip(chars, lows, strict=True)]
        while sum(chars) > total:
            chars[max(range(n), key=lambda k: chars[k] - lows[k])] -= 1
        if sum(tops) > total and _compositions(total, lows) * (len(block.rows) + 1) <= SEARCH_LIMIT:
            chars = min((list(c) for c in _splits(total, tops, lows)), key=rank)  # every way: a small table
        else:  # a large one: one to three characters moved at a time while that ranks better
            best = rank(chars)
            while True:
                moves = [(rank(c), c) for c in _moves(chars, 3, lows)]
                better = [(m, c) for m, c in moves if m < best]
                if not better:
                    break
                best, chars = min(better)
    columns = [column(k, c)[0] for k, c in enumerate(chars)]
    free = [column(k, c)[1][1:] for k, c in enumerate(chars)]
    indents = tuple(tuple(free[k][r] * size for k in range(n)) for r in range(len(block.rows)))
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
    return TableBox(widths, tuple(chars), pad, centred, lines, right, row_metrics(style),
                    indents if any(any(row) for row in indents) else ())


def _unsure(text: str, m: Metrics) -> int:
    """Lines of a cell that Word or LibreOffice may break otherwise than our breaker: a line squeezed to fit, or
    one that fits only with a mark's blank given up (a line-start （, a line-end ）: the DOCX does not compress
    punctuation, so LibreOffice moves a character down instead), or one that ends with
    room for what starts the next (a number kept with its measure word: Word and LibreOffice do not keep it).
    A character moved down with the closing marks after it is not counted: all three do that."""
    inner, size = m.measure, m.size
    breaks = _cell_breaks(text, m)
    lines = [line for line, _ in breaks]
    count = sum(_unsqueezed(line, size) > inner + 1e-6 for line in lines)
    for k, (line, after) in enumerate(itertools.pairwise(lines)):
        if breaks[k][1] or not after.glyphs:
            continue
        glyphs = after.glyphs
        if glyphs[0].kind == LATIN:
            word = list(itertools.takewhile(lambda g: g.kind == LATIN, glyphs))
            need = word[-1].x + word[-1].width - word[0].x + AUTOSPACE * size
        elif len(glyphs) > 1 and glyphs[1].char in NO_LINE_START:
            need = math.inf
        else:
            need = glyphs[0].width
        if line.right + need <= inner - 1e-6:
            count += 1
    return count


def _unsqueezed(line: Line, size: float) -> float:
    """The line's width with every full-width mark a full em (as the DOCX sets them: it does not compress
    punctuation), whatever blank our breaker took from a mark at the line's start, end or beside another."""
    return line.right + sum(size - g.width for g in line.glyphs if g.kind != LATIN and g.width < size)


def _shares(total: int, weights: Sequence[float]) -> list[int]:
    """`total` characters shared out by `weights`, at least one each, the largest remainders rounded up."""
    weight = sum(weights)
    shares = [total * w / weight for w in weights]
    chars = [max(1, math.floor(s)) for s in shares]
    for k in sorted(range(len(shares)), key=lambda k: shares[k] - math.floor(shares[k]), reverse=True):
        if sum(chars) >= total:
            break
        chars[k] += 1
    return chars


def _content(k: int, block: Table, size: float, header_m: FaceMetrics, body_m: FaceMetrics) -> tuple[int, int]:
    """Column k's (least, most) widths in whole characters: its cells' longest line unbroken (the most it
    could use), and what it should not go under: its header on one line, the longest run of letters and
    digits (ESD, 2,460) unbroken, two characters at least; never over the most."""
    def widest(text: str, font: FaceMetrics) -> float:
        m = text_metrics(font, size, None, 1e6)
        return max((line.right for line in cell_lines(text, m)), default=0.0)

    most = max([widest(block.header[k], header_m), *(widest(row[k], body_m) for row in block.rows)])
    words = [w for row in block.rows for w in LATIN_WORD.findall(row[k])]
    least = max([widest(block.header[k], header_m), 2 * size, *(widest(w, body_m) for w in words)])
    most_chars = max(2, math.ceil(most / size - 1e-6))
    return min(most_chars, max(2, math.ceil(least / size - 1e-6))), most_chars


def _auto_chars(total: int, content: list[tuple[int, int]]) -> list[int]:
    """CSS's automatic table layout in whole characters: every column its most when they all fit, the spare
    shared by the most; otherwise every column its least and the rest shared by what each still wants."""
    least = [lo for lo, _ in content]
    most = [hi for _, hi in content]
    if sum(most) <= total:
        return _shares(total, most)
    if sum(least) >= total:
        return _shares(total, least)
    want = [hi - lo for lo, hi in content]
    spare = _shares(total - sum(least), want) if sum(want) else [0] * len(least)
    chars = [lo + s for lo, s in zip(least, spare, strict=True)]
    while sum(chars) > total:  # `_shares` gives each at least one
        k = max(range(len(chars)), key=lambda j: chars[j] - least[j])
        chars[k] -= 1
    return chars


def _number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


def _compositions(total: int, lows: list[int]) -> int:
    """How many ways `_splits` has, at most (ignoring the tops)."""
    free = total - sum(lows)
    return math.comb(free + len(lows) - 1, len(lows) - 1) if free >= 0 else 0


def _splits(total: int, tops: list[int], lows: list[int]) -> Iterator[tuple[int, ...]]:
    """Every way to give `total` characters to the columns, each at least its low and at most its top."""
    if len(tops) == 1:
        if lows[0] <= total <= tops[0]:
            yield (total,)
        return
    rest = sum(tops[1:])
    for first in range(max(lows[0], total - rest), min(tops[0], total - sum(lows[1:])) + 1):
        for tail in _splits(total - first, tops[1:], lows[1:]):
            yield (first, *tail)


def _moves(chars: list[int], most: int = 1, lows: list[int] | None = None) -> list[list[int]]:
    """Every way to move one character (up to `most`) from a column to another (a column keeps its low, or two)."""
    lows = lows or [2] * len(chars)
    out = []
    for step in range(1, most + 1):
        for a in range(len(chars)):
            for b in range(len(chars)):
                if a != b and chars[a] >= step + lows[a]:
                    moved = list(chars)
                    moved[a] -= step
                    moved[b] += step
                    out.append(moved)
    return out
