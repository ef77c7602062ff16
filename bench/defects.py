"""Typesetting defects in our PDF, counted per example as issue 14 asks ("How to measure").

Usage: .venv/bin/python bench/defects.py [--json FILE] [INPUT ...]

For every example input, as a report and as minutes, in the official and the news style: build the PDF, read
its characters back with pdfplumber (lines grouped by baseline, the text block's edges from the style) and count:
- full-width line ends: a line that is not the last of its paragraph, ending with a closing mark set full width
  inside the measure (the mark's x0 + 1 em at the text block's right edge, where x0 + ½ em should be);
- CJK–Latin gaps: between a Han character and an ASCII letter or digit on the same line, a gap (next x0 − the
  previous glyph's x0 + advance) more than 0.3 pt off 0.2 em (LibreOffice's autospace, the DOCX's autoSpaceDE/DN)
  and what justification adds to the line's gaps between Han characters;
- wide mark pairs: two adjacent full-width marks taking more than 1.5 em + 0.3 pt together (their boxes, less
  the spacing between them, which justification may widen as it widens every gap on the line), on a line not
  spread by `SPREAD` (a short line's pairs give back their blank, up to Word's 2 em, before its gaps spread past
  5 %: `cjk.linebreak.SPREAD_COMFORT`), or more than 2 em anywhere;
- split numbers: a line ending with a digit whose paragraph goes on with a Han character on the next line;
- split headings: a break inside the title that falls inside a word (rjieba's segmentation). Only the title is
  balanced between words (GB/T 9704 §7.3.1); body headings flow as paragraphs do, first fit.
- lone last characters: a paragraph's or heading's last line holding one character (and its marks) alone (质。),
  where clreq asks for at least two;
- loose lines: a justified line (not the last of its paragraph) whose gaps between neighbouring Han characters
  are wider than the DOCX's character spacing by more than 5 % of an em (`SPREAD`); the worst spread is kept too.
Paragraphs are known from the document's IR (`reportgen.pipeline.prepare`): our lines are mapped onto its
texts as bench/agreement.py maps two renderings, and a line ending where a text ends ends its paragraph.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # run as a script or imported from the tests, agreement.py is beside us

from agreement import PAGE_NUMBER, VARIANTS, significant  # noqa: E402

CLOSING = frozenset("，。、；：？！）】》」』〕〉”’")
OPENING = frozenset("（【《「『〔〈“‘")
MARKS = CLOSING | OPENING
TOLERANCE = 0.3  # pt
AUTOSPACE = 0.2  # em: the steady gap between a Han character and a letter or digit
PAIR = 1.5       # em: two adjacent full-width marks together
SPREAD = 0.05    # em: a gap between Han characters this much wider than the grid's spacing makes a loose line
SEPARATE = 2.0   # em: a wider gap on a line parts two pieces of text (cells, the end block's issuer and date)
KINDS = ("full-width line ends", "CJK–Latin gaps", "wide mark pairs", "split numbers", "split headings",
         "loose lines", "lone last chars")


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float  # x0 + the glyph's advance, as pdfplumber reports it
    size: float


@dataclass
class Row:
    """One line of the PDF: its characters left to right (page numbers are left out)."""

    page: int
    bottom: float
    chars: list[Char]
    splits: set[int] = field(default_factory=set)  # k: chars[k - 1] and chars[k] are in different pieces

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


def read_rows(pdf: Path) -> list[Row]:
    """The PDF's lines in reading order, grouped by baseline as bench/agreement.py groups them."""
    rows: list[Row] = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            verticals = [e for e in page.edges if e["orientation"] == "v"]
            groups: list[list[dict]] = []
            for char in sorted(page.chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
                if groups and abs(groups[-1][0]["bottom"] - char["bottom"]) < 2.0:
                    groups[-1].append(char)
                else:
                    groups.append([char])
            for group in groups:
                top, bottom = min(c["top"] for c in group), group[0]["bottom"]
                group.sort(key=lambda c: c["x0"])
                chars = [Char(c["text"], c["x0"], c["x1"], c["size"]) for c in group if not c["text"].isspace()]
                row = Row(number, bottom, chars)
                if not chars or PAGE_NUMBER.match(row.text):
                    continue
                for k in range(1, len(chars)):
                    # Pieces set apart on one line: table cells (a rule between them), the end block's issuer
                    # and date; no gap inside a piece comes near 2 em.
                    left, right = chars[k - 1].x1, chars[k].x0
                    if right - left > SEPARATE * chars[k].size or any(
                            left - 0.5 <= e["x0"] <= right + 0.5 and e["top"] <= bottom and e["bottom"] >= top
                            for e in verticals):
                        row.splits.add(k)
                rows.append(row)
    return rows


@dataclass
class Geometry:
    """What the checks need of the style: the text block's right edge and the character spacing by size."""

    right: float
    grid: tuple[float, float, int] | None  # (body size, measure, characters a line) on a grid

    @classmethod
    def of(cls, style_name: str) -> Geometry:
        from reportgen.styles import MM, load_style

        style = load_style(style_name)
        page = style.page
        right = (page.width - page.margin_right) * MM
        grid = (style.sizes.body, page.text_width * MM, style.grid.chars_per_line) if style.grid else None
        return cls(right, grid)

    def tracking(self, size: float) -> float:
        """The DOCX's character spacing for text of `size`: the grid's for body-size text on a grid, else 0."""
        from reportgen.cjk.linebreak import grid_tracking

        if self.grid and abs(size - self.grid[0]) < 0.01:
            return grid_tracking(size, self.grid[1], self.grid[2])
        return 0.0


def paragraph_ends(rows: list[Row], texts: list[str]) -> list[bool]:
    """For each row, whether it ends a text of the document (a paragraph, a heading, a cell): rows mapped onto the
    IR's texts by their letters, digits and Han characters."""
    ours, ends = "", []
    for row in rows:
        ours += significant(row.text)
        ends.append(len(ours))
    theirs, their_ends = "", set()
    for text in texts:
        theirs += significant(text)
        their_ends.add(len(theirs))
    mapped: dict[int, int] = {}
    for block in SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks():
        for k in range(block.size + 1):
            mapped.setdefault(block.a + k, block.b + k)
    return [mapped.get(end) in their_ends for end in ends]


@dataclass
class Defects:
    name: str
    full_width_ends: int = 0
    gaps: int = 0
    wide_pairs: int = 0
    split_numbers: int = 0
    split_headings: int = 0
    loose_lines: int = 0
    lone_tails: int = 0
    worst_spread: float = 0.0  # em: the widest gap between Han characters beyond the grid's spacing, any line
    checked: dict[str, int] = field(default_factory=dict)  # what was looked at, per kind
    found: list[str] = field(default_factory=list)         # each defect, where it is
    pairs_given_back: int = 0  # pairs wider than 1.5 em on a line spread to SPREAD (not defects: see the docstring)

    @property
    def counts(self) -> tuple[int, int, int, int, int, int, int]:
        return (self.full_width_ends, self.gaps, self.wide_pairs, self.split_numbers, self.split_headings,
                self.loose_lines, self.lone_tails)


def _where(row: Row, k: int | None = None) -> str:
    text = row.text
    return f"p{row.page} 「{text if k is None else text[max(0, k - 6):k + 6]}」"


def line_end_marks(rows: list[Row], last: list[bool], geo: Geometry, out: Defects) -> None:
    checked = 0
    for row, is_last in zip(rows, last, strict=True):
        mark = row.chars[-1]
        if mark.text not in CLOSING or is_last:
            continue
        if abs(mark.x0 + mark.size / 2 - geo.right) <= TOLERANCE:
            checked += 1
        elif abs(mark.x0 + mark.size - geo.right) <= TOLERANCE:
            checked += 1
            out.full_width_ends += 1
            out.found.append(f"full-width line end {_where(row, len(row.chars) - 1)}")
    out.checked["line-end marks"] = checked


def latin_gaps(rows: list[Row], last: list[bool], geo: Geometry, out: Defects) -> None:
    """Each gap between a Han character and a letter or digit is the autospace, as LibreOffice sets it (it adds
    the character spacing only inside a run of one script), plus what justification adds to every gap of a spread
    line (the row's gap between Han characters beyond the character spacing; a paragraph's last line, flush left,
    is never spread)."""
    checked = 0
    for row, is_last in zip(rows, last, strict=True):
        for k in range(1, len(row.chars)):
            a, b = row.chars[k - 1], row.chars[k]
            if k in row.splits or not ((is_han(a.text) and is_latin(b.text)) or (is_latin(a.text) and is_han(b.text))):
                continue
            size = max(a.size, b.size)
            spread = _row_gap(row, geo.tracking(size)) - geo.tracking(size)
            want = AUTOSPACE * size + (max(spread, 0.0) if not is_last else 0.0)
            gap = b.x0 - a.x1
            checked += 1
            if abs(gap - want) > TOLERANCE:
                out.gaps += 1
                out.found.append(f"gap {gap:.2f} pt, not {want:.2f}, {_where(row, k)}")
    out.checked["CJK–Latin gaps"] = checked


def _row_gap(row: Row, tracking: float) -> float:
    """The spacing between neighbouring Han characters on the row (justification widens or narrows it)."""
    gaps = [b.x0 - a.x0 - a.size for a, b in zip(row.chars, row.chars[1:], strict=False)
            if is_han(a.text) and is_han(b.text) and abs(a.size - b.size) < 0.01]
    return statistics.median(gaps) if gaps else tracking


def mark_pairs(rows: list[Row], geo: Geometry, out: Defects) -> None:
    checked = 0
    for row in rows:
        chars = row.chars
        for k in range(1, len(chars)):
            a, b = chars[k - 1], chars[k]
            if a.text not in MARKS or b.text not in MARKS or k in row.splits:
                continue
            size = a.size
            tracking = geo.tracking(size)
            gap = _row_gap(row, tracking)
            # A closing mark is drawn at its box's left edge, an opening one against its right edge (a narrow
            # glyph too): a's box starts at its x0, or an em before its x1 unless its blank left half was given
            # up at the line's start; b's box ends at its x1, or an em after its x0 unless it gave up its blank.
            start = a.x0 if a.text in CLOSING else max(a.x1 - size, chars[k - 2].x1 + gap if k >= 2 else 0.0)
            end = b.x1
            if b.text in CLOSING:
                end = b.x0 + size
                if k + 1 < len(chars):
                    after = chars[k + 1]
                    end = min(end, (after.x1 - after.size if after.text in OPENING else after.x0) - gap)
                elif abs(b.x0 + size / 2 - geo.right) <= TOLERANCE:
                    end = geo.right
            width = end - start - gap
            checked += 1
            if width > PAIR * size + TOLERANCE:
                spread = (gap - tracking) / size
                if spread >= SPREAD - TOLERANCE / size and width <= 2 * size + TOLERANCE:
                    out.pairs_given_back += 1
                    out.found.append(f"marks {a.text}{b.text} {width / size:.2f} em given back on a line spread "
                                     f"{spread:.1%}, {_where(row, k)}")
                    continue
                out.wide_pairs += 1
                out.found.append(f"marks {a.text}{b.text} {width / size:.2f} em, {_where(row, k)}")
    out.checked["mark pairs"] = checked


def loose_lines(rows: list[Row], last: list[bool], geo: Geometry, out: Defects) -> None:
    """Justified lines spread between their Han characters: the median gap between neighbouring Han characters
    (`_row_gap`) against the DOCX's character spacing, as a share of an em. Lines of pieces set apart (table
    rows, the end block) and lines of fewer than four Han pairs are left out."""
    checked = 0
    for row, is_last in zip(rows, last, strict=True):
        chars = row.chars
        pairs = sum(1 for a, b in itertools.pairwise(chars) if is_han(a.text) and is_han(b.text))
        if is_last or row.splits or pairs < 4:
            continue
        size = statistics.median(c.size for c in chars)
        spread = (_row_gap(row, geo.tracking(size)) - geo.tracking(size)) / size
        checked += 1
        out.worst_spread = max(out.worst_spread, spread)
        if spread > SPREAD + 1e-9:
            out.loose_lines += 1
            out.found.append(f"loose line, spread {spread:.1%} of an em, {_where(row)}")
    out.checked["justified lines"] = checked


def lone_tails(rows: list[Row], last: list[bool], out: Defects) -> None:
    """Last lines of a paragraph or heading (of two lines or more) holding one Han character, a letter or a digit
    alone, with only marks after it. Rows of pieces set apart (table rows, the end block) are left out."""
    checked = 0
    for k, (row, is_last) in enumerate(zip(rows, last, strict=True)):
        if not is_last or k == 0 or last[k - 1] or row.splits:
            continue
        checked += 1
        if sum(1 for c in row.chars if is_han(c.text) or c.text.isalnum()) == 1:
            out.lone_tails += 1
            out.found.append(f"lone last character {_where(rows[k - 1])} / {_where(row)}")
    out.checked["last lines"] = checked


def split_numbers(rows: list[Row], last: list[bool], out: Defects) -> None:
    checked = 0
    for k in range(len(rows) - 1):
        if last[k] or not rows[k].chars[-1].text.isdigit():
            continue
        checked += 1
        if is_han(rows[k + 1].chars[0].text):
            out.split_numbers += 1
            out.found.append(f"number split {_where(rows[k])} / {_where(rows[k + 1])}")
    out.checked["line-end digits"] = checked


def heading_texts(doc: object) -> list[tuple[str, str]]:
    """(kind, text) of the title's parts (a forced break is the writer's own): the text broken between words.
    Body headings are not: they flow as paragraphs do (first fit), in both files."""
    from reportgen.ir import Title

    found: list[tuple[str, str]] = []

    def visit(blocks: object) -> None:
        for block in blocks:  # type: ignore[attr-defined]
            if isinstance(block, Title):
                found.extend(("title", part) for part in block.text.split("\n") if part.strip())

    visit(doc.blocks)  # type: ignore[attr-defined]
    return found


def word_edges(text: str) -> set[int]:
    """Offsets in `text` where a word of rjieba's segmentation starts or ends."""
    import rjieba

    edges, pos = {0}, 0
    for word in rjieba.cut(text):
        pos += len(word)
        edges.add(pos)
    return edges


def split_headings(rows: list[Row], headings: list[tuple[str, str]], sizes: dict[str, float],
                   out: Defects) -> None:
    """Each title or heading found as consecutive rows of its size whose texts make it up; every break between
    two of those rows must fall between words."""
    texts = ["".join(row.text.split()) for row in rows]
    checked = 0
    for kind, heading in headings:
        whole = "".join(heading.split())
        for i, row in enumerate(rows):
            if not texts[i] or not whole.startswith(texts[i]) or abs(row.chars[0].size - sizes[kind]) > 0.01:
                continue
            breaks, done, j = [], len(texts[i]), i + 1
            while done < len(whole) and j < len(rows) and texts[j] and whole.startswith(texts[j], done):
                breaks.append(done)
                done += len(texts[j])
                j += 1
            if done != len(whole):
                continue
            edges = word_edges(whole)
            for at in breaks:
                checked += 1
                if at not in edges:
                    out.split_headings += 1
                    out.found.append(f"{kind} broken inside a word: 「{whole[:at]}｜{whole[at:]}」")
            break
    out.checked["heading breaks"] = checked


def count(pdf: Path, source: Path, kind: str, style_name: str) -> Defects:
    """The seven counts for our PDF of `source` built as `kind` in `style_name`."""
    from reportgen.pipeline import prepare

    _loaded, doc, style = prepare(source, kind=kind, style_name=style_name)
    geo = Geometry.of(style_name)
    rows = read_rows(pdf)
    last = paragraph_ends(rows, doc.texts())
    out = Defects(f"{source.stem} {kind} {style_name}")
    line_end_marks(rows, last, geo, out)
    latin_gaps(rows, last, geo, out)
    mark_pairs(rows, geo, out)
    split_numbers(rows, last, out)
    loose_lines(rows, last, geo, out)
    lone_tails(rows, last, out)
    split_headings(rows, heading_texts(doc), {"title": style.sizes.title, "heading": style.sizes.heading}, out)
    return out


def build_pdf(source: Path, kind: str, style: str, folder: Path) -> dict[str, Path]:
    """Both files of one variant: {"docx": path, "pdf": path}."""
    from reportgen import build

    out = folder / f"{source.stem}-{kind}-{style}"
    return {p.suffix[1:]: p for p in build(source, out, kind=kind, style=style).outputs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every defect found")
    args = parser.parse_args()
    inputs = args.inputs or sorted((ROOT / "inputs").glob("*.yaml"))
    results = []
    print(f"{'variant':58}" + "".join(f"{k:>22}" for k in KINDS))
    with tempfile.TemporaryDirectory(prefix="rg-defects-") as scratch:
        for source in inputs:
            for kind, style in VARIANTS:
                pdf = build_pdf(source, kind, style, Path(scratch))["pdf"]
                result = count(pdf, source, kind, style)
                results.append(result)
                print(f"{result.name:58}" + "".join(f"{n:>22}" for n in result.counts), flush=True)
                if args.verbose:
                    for line in result.found:
                        print(f"    {line}")
    totals = [sum(r.counts[k] for r in results) for k in range(len(KINDS))]
    print(f"{'total':58}" + "".join(f"{n:>22}" for n in totals))
    print(f"worst spread: {max(r.worst_spread for r in results):.1%} of an em "
          f"({max(results, key=lambda r: r.worst_spread).name})")
    checked: dict[str, int] = {}
    for r in results:
        for key, n in r.checked.items():
            checked[key] = checked.get(key, 0) + n
    print(f"mark pairs given back on short lines: {sum(r.pairs_given_back for r in results)}")
    print("checked: " + ", ".join(f"{n} {key}" for key, n in checked.items()))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
