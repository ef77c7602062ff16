"""Each writer: a small IR in, a real file out, read back with an independent reader."""

from __future__ import annotations

import datetime as dt

import docx

from reportgen.ir import Document, Heading, Meta, Paragraph, Title
from reportgen.writers import DEFAULT_FORMATS, FORMATS, writer_for

from .conftest import pdftotext

DOC = Document(
    meta=Meta(title="测试报告", author="测试单位", subject="测试会议", date=dt.date(2024, 2, 28)),
    blocks=[Title("测试报告"), Heading(1, "第一部分"), Paragraph("第一段，含2023年和ESD。"),
            Heading(2, "做好工作", number="一、"), Paragraph("“引号”与（括号）。")],
)


def test_formats_are_registered():
    assert set(FORMATS) == {"docx", "pdf", "ofd"}
    assert DEFAULT_FORMATS == ("docx", "pdf")  # OFD only on request


def test_docx_writer_writes_every_block(tmp_path, official):
    style, faces = official
    target = tmp_path / "t.docx"
    writer_for("docx")(DOC, style, faces, target)
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == DOC.texts()
    assert document.core_properties.title == "测试报告"
    assert document.core_properties.author == "测试单位"


def test_pdf_writer_writes_every_block(tmp_path, official):
    style, faces = official
    target = tmp_path / "t.pdf"
    writer_for("pdf")(DOC, style, faces, target)
    assert target.read_bytes().startswith(b"%PDF-")
    text = "".join(line.strip() for line in pdftotext(target).splitlines() if line.strip() and "—" not in line)
    assert text == "".join(DOC.texts())


def test_a_newline_is_a_line_break_in_both_formats_and_other_whitespace_one_space(tmp_path, official):
    """The IR's text semantics (reportgen.ir): `\\n` ends a line flush left; runs of spaces are one space."""
    import pdfplumber

    style, faces = official
    doc = Document(meta=DOC.meta, blocks=[
        Title("测试报告"),
        Paragraph("附件：1. 第一份材料\n2. 第二份材料名称较长一些\n\n最后一行  有   多余\t空格"),
    ])
    assert doc.blocks[1].text == "附件：1. 第一份材料\n2. 第二份材料名称较长一些\n\n最后一行 有 多余 空格"
    writer_for("docx")(doc, style, faces, tmp_path / "t.docx")
    paragraph = docx.Document(str(tmp_path / "t.docx")).paragraphs[-1]
    assert paragraph.text == doc.blocks[1].text  # python-docx reads w:br as "\n"
    writer_for("pdf")(doc, style, faces, tmp_path / "t.pdf")
    with pdfplumber.open(tmp_path / "t.pdf") as pdf:
        found = [line for line in pdf.pages[0].extract_text_lines() if "—" not in line["text"]]
        words = pdf.pages[0].extract_words()
    lines = [line["text"] for line in found]
    assert lines[1:] == ["附件：1. 第一份材料", "2. 第二份材料名称较长一些", "最后一行 有 多余 空格"]
    # The forced break leaves the line short and unjustified: its glyphs sit at the grid pitch.
    first = next(w for w in words if w["text"].startswith("附件"))
    assert first["x1"] - first["x0"] < 0.5 * (style.page.text_width * 72 / 25.4)
    # The empty part is an empty grid line: the last line sits two pitches below the one before.
    assert round(found[-1]["top"] - found[-2]["top"], 1) == round(2 * style.line_pitch, 1)


def test_laid_out_once_rendered_in_memory_same_bytes_as_the_build(tmp_path, monkeypatch, official):
    """The minutes (an end block whose page the grid decides): one run of the grid serves both formats, and
    the writers' bytes in memory are the files `build` writes."""
    from reportgen import build
    from reportgen.layout import grid
    from reportgen.pipeline import _faces, prepare, role_texts
    from reportgen.writers import render

    from .conftest import ROOT

    source = ROOT / "inputs" / "2023-union-annual-meeting-minutes.yaml"
    _loaded, doc, style = prepare(source)
    runs = []
    real = grid._grid
    monkeypatch.setattr(grid, "_grid", lambda *a: runs.append(1) or real(*a))
    faces = _faces(style, {}, True, role_texts(doc, style))
    blobs = render(doc, style, faces, ["docx", "pdf"])
    assert len(runs) == 1
    monkeypatch.undo()
    built = build(source, tmp_path)
    assert {p.suffix[1:]: p.read_bytes() for p in built.outputs} == blobs
