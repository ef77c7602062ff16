"""—— is one unbroken rule in the PDF, in every face that sets it (the title's dash ink is narrower than its em):
rendered with pdftoppm and read pixel by pixel, the text layer still reads ——."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess

import pdfplumber
import pytest
from PIL import Image

from reportgen.fonts import resolve_all
from reportgen.ir import Document, Heading, Meta, Paragraph, Title
from reportgen.styles import load_style
from reportgen.writers import write

from .conftest import need, pdftotext

DPI = 600
TEXTS = ["会议——纪要", "一、工作——总结", "（一）工作——总结", "正文——正文，正文——"]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    style = load_style("official")
    doc = Document(Meta("测试", "测试单位", "测试会议", dt.date(2024, 2, 28)), [
        Title(TEXTS[0]), Heading(1, TEXTS[1][2:], "一、"), Heading(2, TEXTS[2][3:], "（一）"), Paragraph(TEXTS[3])])
    target = tmp_path_factory.mktemp("dash") / "dash.pdf"
    write(doc, style, resolve_all(style.faces_used()), {"pdf": target})
    return target


def _dash_runs(pdf) -> list[tuple[str, float, float, float, float]]:
    """(font, left, right, baseline from the top, size) of each —— on page 1, in pt."""
    runs = []
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        chars = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
        for a, b in itertools.pairwise(chars):
            if a["text"] == b["text"] == "—" and round(a["top"]) == round(b["top"]):
                baseline = page.height - a["matrix"][5]
                runs.append((a["fontname"], a["x0"], b["x1"], baseline, a["size"]))
    return runs


def test_every_double_dash_is_one_unbroken_rule_and_reads_as_two_dashes(pdf, tmp_path):
    need("pdftoppm")
    runs = _dash_runs(pdf)
    assert len(runs) == 5, runs
    assert len({font for font, *_ in runs}) >= 4  # 小标宋, 黑体, 楷体, 仿宋
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-gray", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    px = DPI / 72
    for font, left, right, baseline, size in runs:
        # The band where a dash's stroke lies (0.2–0.45 em above the baseline), across the two dashes' boxes.
        box = (round(left * px), round((baseline - 0.45 * size) * px), round(right * px),
               round((baseline - 0.2 * size) * px))
        crop = image.crop(box)
        width, height = crop.size
        data = crop.load()
        inked = [x for x in range(width) if any(data[x, y] < 128 for y in range(height))]
        assert inked, f"no dash drawn in {font}"
        gaps = [x for x in range(inked[0], inked[-1] + 1) if x not in set(inked)]
        assert gaps == [], f"—— in {font}: {len(gaps) / px:.2f} pt unlinked between its halves"
        assert (inked[-1] - inked[0] + 1) / px >= 1.6 * size, f"—— in {font} shorter than 1.6 em"
    text = pdftotext(pdf)  # the text layer still reads the two dashes
    for expected in TEXTS:
        assert expected in text


def test_an_ellipsis_or_a_dash_at_a_line_end_is_never_split_in_either_file(tmp_path):
    """…… and —— are one unit: where one falls across the measure (its first half the 28th character of a full
    line), our PDF and LibreOffice's rendering of our DOCX both keep its halves on one line."""
    from .conftest import build_into
    from .libreoffice import to_pdf
    from .lintkit import write_input
    from .pdfread import page_lines, text

    body = "甲" * 24  # after the two-character indent, the 27th and 28th places are the unit's
    source = write_input(tmp_path / "units.yaml", [body + "乙乙……丙丙丙丙。", body + "丁丁——戊戊戊戊。"])
    files = build_into(source, tmp_path / "out")
    for pdf in (files["pdf"], to_pdf(files["docx"], tmp_path / "lo")):
        lines = [t for page in page_lines(pdf) for line in page
                 if not re.fullmatch(r"—\s*\d+\s*—", t := text(line))]  # a page number is no text line
        for unit in ("……", "——"):
            holder = [ln for ln in lines if unit[0] in ln]
            assert len(holder) == 1 and unit in holder[0], (pdf.name, unit, lines)
