"""The example's long headings, read back from the PDF (pdfplumber) and the DOCX: broken between words as the
segmenter (rjieba) finds them, in balanced lines, and at the same places in both files (GB/T 9704 §7.3.1)."""

from __future__ import annotations

import itertools
import zipfile
from xml.etree import ElementTree

import rjieba

from reportgen.ir import Heading
from reportgen.pipeline import prepare

from .conftest import EXAMPLE
from .pdfread import page_lines, text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _headings() -> list[str]:
    _loaded, doc, _style = prepare(EXAMPLE)
    return [b.full_text for b in doc.blocks if isinstance(b, Heading)]


def _pdf_heading_lines(pdf) -> dict[str, list[str]]:
    """Each heading's lines as the PDF sets them: the run of consecutive lines that spells it."""
    lines = [text(chars) for page in page_lines(pdf) for chars in page]
    found: dict[str, list[str]] = {}
    for heading in _headings():
        for start in range(len(lines)):
            taken, spelt = [], ""
            for nxt in lines[start:]:
                if not heading.startswith(spelt + nxt):
                    break
                taken.append(nxt)
                spelt += nxt
                if spelt == heading:
                    found[heading] = taken
                    break
            if heading in found:
                break
        assert heading in found, f"heading not found in the PDF: {heading}"
    return found


def _word_edges(heading: str) -> set[int]:
    return set(itertools.accumulate(len(word) for word in rjieba.cut(heading)))


def test_long_headings_break_between_words_in_balanced_lines(example_build):
    found = _pdf_heading_lines(example_build["pdf"])
    long = {h: lines for h, lines in found.items() if len(lines) > 1}
    assert len(long) >= 3  # the example's three requirements (一、 二、 三、)
    for heading, lines in long.items():
        ends = list(itertools.accumulate(len(line) for line in lines))[:-1]
        assert set(ends) <= _word_edges(heading), f"a word split: {' | '.join(lines)}"
        lengths = [len(line) + (2 if k == 0 else 0) for k, line in enumerate(lines)]  # the first line indented
        assert max(lengths) - min(lengths) <= 4, f"unbalanced: {' | '.join(lines)}"


def test_docx_breaks_each_heading_where_the_pdf_does(example_build):
    found = _pdf_heading_lines(example_build["pdf"])
    with zipfile.ZipFile(example_build["docx"]) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    docx_lines = {}
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or not style.get(f"{W}val", "").startswith("Heading"):
            continue
        lines = [""]
        for run in paragraph.iter(f"{W}r"):
            for child in run:
                if child.tag == f"{W}br":
                    assert child.attrib == {}, "a line break, not a page break"
                    lines.append("")
                elif child.tag == f"{W}t":
                    lines[-1] += child.text or ""
        docx_lines["".join(lines)] = lines
    assert docx_lines == found
    assert sum(len(lines) > 1 for lines in docx_lines.values()) >= 3
