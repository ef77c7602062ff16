"""The DOCX's page furniture where the PDF has it, as LibreOffice renders the file: the page number's dash
`below_text_block` mm under the text block, and the minutes' first page (纪要 mark, 文号, title, body) on the grid.

Both PDFs draw these lines in the same faces, so a line's baseline places its ink: the two are compared by
baseline (pdfplumber's text matrix), in points from the top of the page.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from reportgen import build
from reportgen.fonts import resolve_all
from reportgen.layout.flow import arrange
from reportgen.layout.measure import face_metrics
from reportgen.styles import MM, Style, load_style
from reportgen.writers import docx_writer

from .conftest import ROOT
from .libreoffice import to_pdf
from .test_docx_xml import small_doc

STYLE = load_style("official")
TOP = STYLE.page.margin_top * MM
PITCH = STYLE.grid.line_pitch
BODY = STYLE.sizes.body
# LibreOffice's baseline inside an exact grid line is its own, and not ours: it sets 3号 lines 1.3 to 2.1 pt
# lower in their grid line than the PDF, by their content (0.8 pt higher with digits in the line), on every page.
LINE_OFFSET_RANGE = 2.5


@dataclass
class Line:
    baseline: float  # points from the page's top
    size: float
    text: str

    @property
    def row(self) -> int:
        return int((self.baseline - TOP) // PITCH)

    @property
    def in_row(self) -> float:
        """Where the baseline lies in its grid line, from the line's top."""
        return (self.baseline - TOP) % PITCH


def lines(pdf: Path) -> list[list[Line]]:
    """Every page's lines, top to bottom: characters grouped by baseline and size."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[tuple[float, float], list[dict]] = {}
            for char in page.chars:
                if not char["text"].isspace():
                    key = (round(page.height - char["matrix"][5], 1), round(char["size"], 1))
                    rows.setdefault(key, []).append(char)
            pages.append([Line(b, s, "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])))
                          for (b, s), cs in sorted(rows.items())])
    return pages


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> tuple[list[list[Line]], list[list[Line]]]:
    """The minutes example as minutes (mark and 文号): our PDF's lines and LibreOffice's rendering's of the DOCX."""
    folder = tmp_path_factory.mktemp("minutes-grid")
    source = ROOT / "inputs" / "2023-union-annual-meeting-minutes.yaml"
    outputs = {p.suffix[1:]: p for p in build(source, folder, kind="minutes").outputs}
    return lines(outputs["pdf"]), lines(to_pdf(outputs["docx"], folder / "libreoffice"))


def _number(page: list[Line]) -> Line:
    found = [ln for ln in page if ln.size == STYLE.sizes.page_number and "—" in ln.text]
    assert len(found) == 1, [ln.text for ln in page]
    return found[0]


def test_page_number_dash_lies_where_the_pdf_draws_it(renderings):
    ours, libreoffice = renderings
    assert len(ours) == len(libreoffice)
    for number, (our_page, lo_page) in enumerate(zip(ours, libreoffice, strict=True), start=1):
        if number == len(ours):
            continue  # the end block's page carries no number
        mine, theirs = _number(our_page), _number(lo_page)
        assert mine.text == theirs.text
        assert abs(theirs.baseline - mine.baseline) < 0.5, (
            f"page {number}: the number's baseline {theirs.baseline / MM:.2f} mm in LibreOffice's rendering, "
            f"{mine.baseline / MM:.2f} mm in our PDF")


def _footer_distance(style: Style) -> int:
    faces = resolve_all(style.faces_used())
    blob = docx_writer.render(arrange(small_doc(), style, face_metrics(faces)), style, faces)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        found = re.search(r'w:footer="(\d+)"', archive.read("word/document.xml").decode())
    assert found is not None
    return int(found.group(1))


def test_page_number_distance_follows_the_style():
    """`w:footer` comes from the style's `below_text_block` and number size, not a fixed distance."""
    lower = STYLE.model_copy(update={"page_number": STYLE.page_number.model_copy(update={"below_text_block": 10})})
    assert _footer_distance(STYLE) - _footer_distance(lower) == round(3 * 1440 / 25.4)  # 3 mm lower
    larger = STYLE.model_copy(update={"sizes": STYLE.sizes.model_copy(update={"page_number": 16})})
    assert _footer_distance(larger) < _footer_distance(STYLE)  # a taller line: its foot nearer the page's


def test_minutes_first_page_lies_on_the_pdfs_grid_lines(renderings):
    """The 文号, the title and the first body line in the same grid lines as in the PDF, set in them as
    LibreOffice sets the lines of any other page (the mark's space fills whole grid lines)."""
    ours, libreoffice = renderings
    # Where LibreOffice puts a 3号 line's baseline in its grid line, on the pages after the first.
    usual = [ln.in_row for page in libreoffice[1:-1] for ln in page if ln.size == BODY and ln.row < 22]
    low, high = min(usual), max(usual)
    assert high - low < 1, f"LibreOffice's body lines lie {low:.2f} to {high:.2f} pt into their grid lines"

    def first_page(page: list[Line]) -> dict[str, Line]:
        """The first 3号 line (the 文号), the title's first line, the first 3号 line under the title."""
        title = next(ln for ln in page if ln.size == STYLE.sizes.title)
        return {"文号": next(ln for ln in page if ln.size == BODY), "title": title,
                "body": next(ln for ln in page if ln.size == BODY and ln.baseline > title.baseline)}

    mine, theirs = first_page(ours[0]), first_page(libreoffice[0])
    for what in ("文号", "title", "body"):
        assert theirs[what].text[:4] == mine[what].text[:4], (what, theirs[what], mine[what])
    for what in ("文号", "title", "body"):
        assert theirs[what].row == mine[what].row, (
            f"the {what}: grid line {theirs[what].row + 1} in LibreOffice's rendering, {mine[what].row + 1} in our PDF")
        assert 0 <= theirs[what].baseline - mine[what].baseline < LINE_OFFSET_RANGE, (what, theirs[what], mine[what])
    for what in ("文号", "body"):
        assert low - 1 <= theirs[what].in_row <= high + 1, (
            f"the {what} lies {theirs[what].in_row:.2f} pt into its grid line, LibreOffice's other lines "
            f"{low:.2f} to {high:.2f} pt")
