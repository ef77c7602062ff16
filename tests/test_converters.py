"""The DOCX read as colleagues' tools read it (issue 21): python-docx (a script editing the file), mammoth (DOCX to
HTML) and pandoc (Debian's, DOCX to HTML). Each finds every heading whole, the table's real header row and its
caption before it, the end block (抄送, 印发) and the attachments among the document's headings."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, need

INPUTS = ROOT / "inputs"
REPORT = INPUTS / "2023-union-annual-meeting.yaml"
PHOTOS = INPUTS / "2023-union-annual-meeting-photos.yaml"
MINUTES = INPUTS / "2023-union-annual-meeting-minutes.yaml"
ATTACHMENTS = INPUTS / "2023-union-annual-meeting-attachments.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each example's DOCX, built once: {input: path}."""
    from reportgen import build

    folder = tmp_path_factory.mktemp("converters")
    out = {}
    for source in (REPORT, PHOTOS, MINUTES, ATTACHMENTS):
        kind = "minutes" if source == MINUTES else "report"
        (docx,) = build(source, folder / source.stem, kind=kind, formats=["docx"]).outputs
        out[source] = docx
    return out


def _ir(source: Path, kind: str = "report"):
    from reportgen.pipeline import prepare

    return prepare(source, kind=kind, style_name="official")[1]


def _headings(source: Path) -> list[str]:
    from reportgen.ir import Appendix, Heading

    found: list[str] = []

    def visit(blocks) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                found.append(block.full_text)
            elif isinstance(block, Appendix):
                visit(block.blocks)

    visit(_ir(source).blocks)
    return found


def _text(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment)).strip()


def pandoc_html(docx: Path) -> str:
    return subprocess.run([need("pandoc"), "-f", "docx", "-t", "html", str(docx)], capture_output=True, text=True,
                          check=True).stdout


def mammoth_html(docx: Path) -> str:
    import mammoth

    with docx.open("rb") as f:
        return mammoth.convert_to_html(f).value


def html_headings(markup: str) -> list[str]:
    return [_text(m.group(1)) for m in re.finditer(r"<h[1-6][^>]*>(.*?)</h[1-6]>", markup, re.S)]


READERS = {"pandoc": pandoc_html, "mammoth": mammoth_html}


# --- headings ------------------------------------------------------------------------------------------------

def test_python_docx_finds_every_heading_whole_in_a_heading_style(built):
    """A heading is one paragraph of its heading style, its text exactly the IR's: no line break in it, so a
    search for 新时代工会干部 finds it and an edit does not keep a break in the wrong place."""
    import docx

    document = docx.Document(str(built[REPORT]))
    found = [p.text for p in document.paragraphs if p.style.name.lower().startswith("heading ")]
    want = _headings(REPORT)
    assert len(want) >= 6 and any(len(h) > 28 for h in want)  # some run over a line
    assert found == want


@pytest.mark.parametrize("reader", READERS)
def test_converters_find_every_heading_whole(built, reader):
    found = html_headings(READERS[reader](built[REPORT]))
    for heading in _headings(REPORT):
        assert heading in found, (heading, found)


# --- the table -----------------------------------------------------------------------------------------------

def _table_parts():
    from reportgen.ir import Table

    (table,) = [b for b in _ir(PHOTOS).blocks if isinstance(b, Table)]
    return table


def test_python_docx_reads_the_tables_real_header_row_and_its_caption_before_it(built):
    import docx

    table = _table_parts()
    document = docx.Document(str(built[PHOTOS]))
    (found,) = document.tables
    header = found.rows[0]
    assert [c.text for c in header.cells] == list(table.header)
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page, a header to Word
    assert [c.text for c in found.rows[1].cells] == list(table.rows[0])
    from docx.text.paragraph import Paragraph

    before = found._tbl.getprevious()
    while before is not None and not Paragraph(before, document).text.strip():
        before = before.getprevious()
    assert before is not None and Paragraph(before, document).text == table.caption


@pytest.mark.parametrize("reader", READERS)
def test_converters_read_the_tables_header_row_and_its_caption(built, reader):
    table = _table_parts()
    markup = READERS[reader](built[PHOTOS])
    start = markup.index("<table")
    head = re.search(r"<tr[^>]*>(.*?)</tr>", markup[start:], re.S)
    assert head is not None
    cells = [_text(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), re.S)]
    assert cells == list(table.header), head.group(1)[:300]
    paragraphs = [_text(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", markup[:start], re.S)]
    assert paragraphs and paragraphs[-1] == table.caption


# --- the end block -------------------------------------------------------------------------------------------

def test_python_docx_finds_the_end_block(built):
    """The end block is the document's last table (floating at the foot of its page), no text box: a script
    finds it with python-docx's own API."""
    import docx

    document = docx.Document(str(built[MINUTES]))
    cells = [c.text for row in document.tables[-1].rows for c in row.cells]
    assert cells[0] == "抄送：公司党委，公司行政，各分工会。" and cells[-1].endswith("印发")


def test_mammoth_finds_the_end_block(built):
    text = mammoth_raw(built[MINUTES])
    assert "抄送：公司党委，公司行政，各分工会。" in text and text.count("印发") == 1


def mammoth_raw(docx: Path) -> str:
    import mammoth

    with docx.open("rb") as f:
        return mammoth.extract_raw_text(f).value


def test_pandoc_finds_the_end_block(built):
    text = _text(pandoc_html(built[MINUTES]))
    assert "抄送：公司党委，公司行政，各分工会。" in text and text.count("印发") == 1


# --- the attachments in the outline --------------------------------------------------------------------------

def _attachment_titles() -> list[str]:
    from reportgen.ir import Appendix, Paragraph

    titles = []
    for block in _ir(ATTACHMENTS).blocks:
        if isinstance(block, Appendix):
            titles += [_solid(b.text) for b in block.blocks
                       if isinstance(b, Paragraph) and b.style == "attachment-title"]
    return titles


def _solid(text: str) -> str:
    """Text less its line breaks and spaces (a balanced title's break reads as a space or a newline)."""
    return "".join(text.split())


def _outline_level(paragraph, styles) -> int | None:
    """A paragraph's outline level as Word's navigation pane takes it: its own, else its style chain's."""
    own = paragraph._p.find(f"{W}pPr/{W}outlineLvl")
    if own is not None:
        return int(own.get(f"{W}val"))
    style = paragraph.style
    while style is not None:
        lvl = style.element.find(f"{W}pPr/{W}outlineLvl")
        if lvl is not None:
            return int(lvl.get(f"{W}val"))
        style = style.base_style
    return None


def test_python_docx_finds_the_attachments_at_the_outlines_top_and_their_headings_below(built):
    import docx

    titles = _attachment_titles()
    assert len(titles) == 3
    document = docx.Document(str(built[ATTACHMENTS]))
    top = [_solid(p.text) for p in document.paragraphs if _outline_level(p, document.styles) == 0]
    for title in titles:
        assert title in top, (title, top)
    inner = [p.text for p in document.paragraphs if _outline_level(p, document.styles) == 1]
    assert "先进集体" in inner and "先进个人" in inner


@pytest.mark.parametrize("reader", READERS)
def test_converters_list_the_attachments_among_the_headings(built, reader):
    """pandoc takes a paragraph whose style is based on heading 1 for a heading, mammoth (with its default style
    map) one whose style id is Heading1–6 or Heading: the attachment title's style (附件标题) has the id Heading,
    so both list the attachment titles among the document's headings, as Word's navigation pane does."""
    found = [_solid(h) for h in html_headings(READERS[reader](built[ATTACHMENTS]))]
    titles = _attachment_titles()
    assert len(titles) == 3
    for title in titles:
        assert title in found, (title, found)
