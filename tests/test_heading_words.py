"""The example's long headings, read back from the PDF (pdfplumber) and the DOCX: body headings flow like
paragraphs (first fit, the line rules; GB/T 9704 §7.3.1 balances only the title), and the DOCX holds each
heading whole, with no line break in it, as python-docx and a search read it."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

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


def test_long_headings_fill_their_lines_first_fit(example_build, official):
    """Every line of a wrapped heading but its last is full: 28 characters less the first line's indent,
    give or take a character moved for the line rules; a balanced heading (14 + 14) fails this."""
    style, _faces = official
    found = _pdf_heading_lines(example_build["pdf"])
    long = {h: lines for h, lines in found.items() if len(lines) > 1}
    assert len(long) >= 3  # the example's three requirements (一、 二、 三、)
    chars = style.chars_per_line
    indent = style.headings.first_line_indent_chars
    for lines in long.values():
        for k, line in enumerate(lines[:-1]):
            room = chars - (indent if k == 0 else 0)
            assert room - 1 <= len(line) <= room + 1, f"not first fit: {' | '.join(lines)}"


def test_docx_holds_every_heading_whole(example_build):
    """No w:br in a heading: python-docx reads each heading as its text (no newline), and a search for a
    phrase that the PDF carries over a line end finds it."""
    import docx

    wanted = _headings()
    document = docx.Document(str(example_build["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.lower().startswith("heading")]
    assert headings == wanted
    assert not any("\n" in h for h in headings)
    assert any("新时代工会干部" in h for h in headings)
    with zipfile.ZipFile(example_build["docx"]) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            assert paragraph.find(f".//{W}br") is None
