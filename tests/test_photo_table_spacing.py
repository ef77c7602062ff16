"""Photos and tables set as a typesetter would, read back from the real files: even gaps around a photo, a
table split at the page end, its header repeated, no character alone on a cell's line, text one
grid line under a table, and LibreOffice's rendering of the DOCX breaking pages where the PDF does."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pdfplumber
import pytest

from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into
from .libreoffice import to_pdf
from .pdfread import baseline_lines, page_lines, text

PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
STYLE = load_style("official")
PITCH = STYLE.line_pitch
HEADER = "分工会主要活动参与人数荣誉与成果"
CAPTION = "各分工会工作亮点一览表"
PLACEHOLDERS = set("—–-")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return build_into(PHOTOS, tmp_path_factory.mktemp("photos"))


@pytest.fixture(scope="module")
def long_table(tmp_path_factory) -> dict[str, Path]:
    """The example with its table four times as long: it must split over pages."""
    folder = tmp_path_factory.mktemp("long")
    source = PHOTOS.read_text(encoding="utf-8")
    rows = [ln for ln in source.splitlines() if ln.startswith("      - [")]
    longer = source.replace(rows[-1], "\n".join(rows * 4))
    (folder / "in").mkdir()
    shutil.copytree(PHOTOS.parent / "images", folder / "in" / "images")
    target = folder / "in" / "long.yaml"
    target.write_text(longer, encoding="utf-8")
    return build_into(target, folder / "out")


def _em_box(line: list[dict], page_height: float) -> tuple[float, float]:
    """A text line's em box, top and bottom from the page's top (the CJK box: 0.88 em above the baseline)."""
    baseline = page_height - line[0]["matrix"][5]
    size = line[0]["size"]
    return baseline - 0.88 * size, baseline + 0.12 * size


def test_the_gaps_above_a_photo_under_it_and_under_its_caption_are_even(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        page = next(p for p in pdf.pages if p.images)
        photo = page.images[0]
        lines = baseline_lines(page)
        boxes = [(_em_box(line, page.height), text(line)) for line in lines]
    above = max(bottom for (top, bottom), _ in boxes if bottom < photo["top"])
    caption_top, caption_bottom = next(box for box, t in boxes if t == "会议现场")
    gaps = [photo["top"] - above, caption_top - photo["bottom"]]
    below = [top for (top, _), t in boxes if top > caption_bottom and not t.startswith("—")]
    if below:  # the next block on the same page (the table, its rows kept whole, may start the next one)
        gaps.append(min(below) - caption_bottom)
    assert max(gaps) - min(gaps) < 1.0, gaps
    assert all(g > 0.4 * PITCH for g in gaps), gaps


def _table_pages(pdf: Path) -> list[list[str]]:
    return [[text(line) for line in lines] for lines in page_lines(pdf)]


def test_a_long_table_splits_with_its_header_repeated(long_table):
    pages = _table_pages(long_table["pdf"])
    first = next(k for k, lines in enumerate(pages) if CAPTION in lines)
    with_rows = [k for k, lines in enumerate(pages) if k >= first and any(ln.startswith("深科技") for ln in lines)]
    assert len(with_rows) >= 3, pages
    assert CAPTION in pages[first] and HEADER in pages[first]
    for k in with_rows[1:]:
        assert pages[k][0] == HEADER, pages[k][:3]  # the header again, nothing above it: as Word shows it
    # Split between rows, not moved whole: every page of the table holds rows, the first one too.
    assert all(any(ln.startswith("深科技") for ln in pages[k]) for k in range(first, with_rows[-1] + 1))


def _cells(page) -> dict[tuple[float, int], str]:
    """The text of each cell line on a page: (baseline, column) → text, columns from the table's rules, only
    the characters between its top and bottom rules (not a title above the table on the same page)."""
    rules = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
    verticals = sorted({round(ln["x0"], 1) for ln in rules})
    top = min((ln["top"] for ln in rules), default=0.0)
    bottom = max((ln["bottom"] for ln in rules), default=0.0)
    cells: dict[tuple[float, int], list[dict]] = {}
    for ch in page.chars:
        if not top <= (ch["top"] + ch["bottom"]) / 2 <= bottom:
            continue
        centre = (ch["x0"] + ch["x1"]) / 2
        column = next((k for k in range(len(verticals) - 1) if verticals[k] <= centre < verticals[k + 1]), None)
        if column is not None:
            cells.setdefault((round(ch["matrix"][5], 1), column), []).append(ch)
    return {key: "".join(c["text"] for c in sorted(run, key=lambda c: c["x0"])) for key, run in cells.items()}


@pytest.mark.parametrize("which", ["built", "long_table"])
def test_a_cell_line_rarely_holds_a_single_character(which, request):
    """The columns avoid a character alone on a cell's line (成都长城开发工/会) unless that makes the table two
    lines longer or more (`boxes.LONE_LINES`): here one cell of the example's seven rows keeps one (审)."""
    pdf_path = request.getfixturevalue(which)["pdf"]
    with pdfplumber.open(pdf_path) as pdf:
        found = [cells for page in pdf.pages for cells in [_cells(page)] if cells]
    lines = [t for cells in found for t in cells.values()]
    assert len(lines) > 30
    alone = [t for t in lines if len(t) == 1 and t not in PLACEHOLDERS]
    assert len(alone) <= len(lines) / 30, alone


def test_cells_are_set_flush_left_never_letter_spaced(built):
    """Within a cell line, every pair of CJK neighbours is exactly one character apart (no spreading)."""
    with pdfplumber.open(built["pdf"]) as pdf:
        page = pdf.pages[next(k for k, lines in enumerate(_table_pages(built["pdf"])) if k and lines[0] == HEADER)]
        rules = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
        top, bottom = min(r["top"] for r in rules), max(r["bottom"] for r in rules)
        chars = [c for c in page.chars if top < c["top"] < bottom]
    rows: dict[float, list[dict]] = {}
    for ch in chars:
        rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
    spread = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        for a, b in itertools.pairwise(row):
            both_han = all("\u4e00" <= c["text"] <= "\u9fff" for c in (a, b))
            step = b["x0"] - a["x0"]
            if both_han and step < 1.5 * a["size"] and abs(step - a["size"]) > 0.05:  # neighbours in one cell
                spread.append((a["text"], b["text"], round(step, 2)))
    assert not spread, spread[:10]


def test_text_after_a_table_is_back_on_the_grid_at_least_a_line_below_its_bottom_rule(built):
    """The table's rows are set at their own leading; the text after it starts on the next grid line that
    leaves at least one blank grid line under the table's bottom rule."""
    with pdfplumber.open(built["pdf"]) as pdf:
        page = next(p for p in pdf.pages if "新时代新征程" in p.extract_text())
        closing = next(line for line in baseline_lines(page) if text(line).startswith("新时代"))
        top, _ = _em_box(closing, page.height)
        rule = max(ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01 and ln["top"] < top)
    line_top = top - (PITCH - STYLE.sizes.body) / 2  # the grid line the text is centred on
    from_block_top = line_top - STYLE.page.margin_top * MM
    assert abs(from_block_top / PITCH - round(from_block_top / PITCH)) < 0.01, from_block_top / PITCH
    assert PITCH - 0.01 <= line_top - rule < 2 * PITCH, line_top - rule


def _starts(pdf: Path) -> list[str]:
    """Where each page's text starts: the first four letters, digits or Han of its first line that is not
    furniture (a page number, a table's caption or its repeated header)."""
    starts = []
    for lines in page_lines(pdf):
        texts = ["".join(ch for ch in text(line) if ch.isalnum()) for line in lines]
        starts.append(next((t for t in texts if t and not t.isdigit() and t not in (CAPTION, HEADER)), "")[:4])
    return starts


def test_libreoffice_renders_the_docx_on_the_pdfs_pages(built, tmp_path):
    """The same pages, each starting at the same text (a continued table: its header row in both)."""
    ours = _starts(built["pdf"])
    assert _starts(to_pdf(built["docx"], tmp_path)) == ours


def test_libreoffice_sets_the_photo_where_our_pdf_does(built, tmp_path):
    """The photo inside the text block, at the PDF's x (it sat 8 pt right and ran past the block's edge while
    the drawing did not say its distances from the text were 0)."""
    with pdfplumber.open(built["pdf"]) as pdf:
        ours = next(p for p in pdf.pages if p.images).images[0]
    with pdfplumber.open(to_pdf(built["docx"], tmp_path)) as pdf:
        theirs = next(p for p in pdf.pages if p.images).images[0]
    assert abs(theirs["x0"] - ours["x0"]) < 0.5 and abs(theirs["x1"] - ours["x1"]) < 0.5, (theirs["x0"], ours["x0"])


def test_a_photo_starting_a_page_sits_where_libreoffice_sets_it_and_so_does_what_follows(tmp_path):
    """The minutes edition puts the photo at the top of page 2. LibreOffice drops the space before a paragraph at
    a page's top (the DOCX's gap above the photo): the PDF sets the photo at the text block's top too, and the
    caption and the table after it come up as much, so the table splits at the same line in both files."""
    from reportgen import build

    files = {p.suffix[1:]: p for p in build(PHOTOS, tmp_path / "out", kind="minutes").outputs}
    rendered = to_pdf(files["docx"], tmp_path / "lo")
    found = []
    for pdf_path in (files["pdf"], rendered):
        with pdfplumber.open(pdf_path) as pdf:
            k = next(k for k, p in enumerate(pdf.pages) if p.images)
            page = pdf.pages[k]
            caption = next(line for line in baseline_lines(page) if text(line) == "会议现场")
            found.append((k, page.images[0]["top"], page.height - caption[0]["matrix"][5]))
    (ours_page, ours_top, ours_caption), (their_page, their_top, their_caption) = found
    assert ours_page == their_page > 0
    assert abs(ours_top - STYLE.page.margin_top * MM) < 0.5, ours_top  # at the block's top, no gap above
    assert abs(ours_top - their_top) < 1.0 and abs(ours_caption - their_caption) < 3.0, found
    assert _starts(files["pdf"]) == _starts(rendered)
