"""Each writer: a small IR in, a real file out, read back with an independent reader."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from reportgen.fonts import resolve_all
from reportgen.ir import Document, Heading, Meta, Paragraph, Title
from reportgen.styles import load_style
from reportgen.writers import FORMATS, writer_for

from .conftest import pdftotext

DOC = Document(
    meta=Meta(title="测试报告", author="测试单位", subject="测试会议", date=dt.date(2024, 2, 28)),
    blocks=[Title("测试报告"), Heading(1, "第一部分"), Paragraph("第一段，含2023年和ESD。"),
            Heading(2, "做好工作", number="一、"), Paragraph("“引号”与（括号）。")],
)


@pytest.fixture(scope="module")
def setup():
    style = load_style("official")
    return style, resolve_all(style.faces_used())


def test_formats_are_registered():
    assert set(FORMATS) == {"docx", "pdf"}


def test_docx_writer_writes_every_block(tmp_path, setup):
    style, faces = setup
    target = tmp_path / "t.docx"
    writer_for("docx")(DOC, style, faces, target)
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == DOC.texts()
    assert document.core_properties.title == "测试报告"
    assert document.core_properties.author == "测试单位"


def test_pdf_writer_writes_every_block(tmp_path, setup):
    style, faces = setup
    target = tmp_path / "t.pdf"
    writer_for("pdf")(DOC, style, faces, target)
    assert target.read_bytes().startswith(b"%PDF-")
    text = "".join(line.strip() for line in pdftotext(target).splitlines() if line.strip() and "—" not in line)
    assert text == "".join(DOC.texts())
