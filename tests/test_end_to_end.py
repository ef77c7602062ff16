"""The example input, built end to end: every source paragraph comes back from both files."""

from __future__ import annotations

import re
import subprocess
import sys

import docx

from .conftest import EXAMPLE, ROOT, corrected_paragraphs, need, pdftotext

PAGE_NUMBER = re.compile(r"^— ?\d+ ?—$")


def _in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found, scanning `haystack` left to right."""
    missing, pos = [], 0
    for needle in needles:
        at = haystack.find(needle, pos)
        if at < 0:
            missing.append(needle)
        else:
            pos = at + len(needle)
    return missing


def test_corrected_source_has_31_paragraphs():
    paragraphs = corrected_paragraphs()
    assert len(paragraphs) == 31
    assert not any(re.search(r"[,;:!?()]|\s", p) for p in paragraphs)


def test_docx_has_every_paragraph_verbatim_in_order(example_build):
    document = docx.Document(str(example_build["docx"]))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "深科技总工会召开\n2023年度工作总结及评比会议"  # one paragraph, its lines split by a w:br
    assert [t.replace("\n", "") for t in texts[1:]] == corrected_paragraphs()  # a long heading's lines: w:br


def test_pdf_has_every_paragraph_verbatim_in_order(example_build):
    lines = pdftotext(example_build["pdf"]).splitlines()
    body = "".join(line.strip() for line in lines if line.strip() and not PAGE_NUMBER.match(line.strip()))
    assert body.startswith("深科技总工会召开2023年度工作总结及评比会议")
    assert _in_order(body, corrected_paragraphs()) == []
    expected = "深科技总工会召开2023年度工作总结及评比会议" + "".join(corrected_paragraphs())
    assert body == expected


def test_pdf_fonts_all_embedded_and_subset(example_build):
    out = subprocess.run([need("pdffonts"), str(example_build["pdf"])], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out, "pdffonts listed no fonts"
    for row in out:
        name, emb, sub, uni = row.split()[0], *row.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), row
        assert "Helvetica" not in name


def test_pdf_is_a4_portrait_with_outline(example_build):
    info = subprocess.run([need("pdfinfo"), str(example_build["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info), info
    import pdfplumber

    with pdfplumber.open(example_build["pdf"]) as pdf:
        outline = [o["/Title"] for o in _walk(pdf.doc.catalog["Outlines"])] if "Outlines" in pdf.doc.catalog else []
    assert "各分工会汇报2023年工作情况" in outline
    assert "一、做有信仰有情怀有担当的新时代工会干部，提升工会组织的组织力" in outline


def _walk(node):
    from pdfminer.pdftypes import resolve1

    node = resolve1(node)
    child = resolve1(node.get("First")) if node else None
    while child:
        title = child.get("Title")
        yield {"/Title": title.decode("utf-16") if isinstance(title, bytes) else title}
        yield from _walk(child)
        child = resolve1(child.get("Next"))


def test_docx_headings_are_heading_styles_with_outline_levels(example_build):
    document = docx.Document(str(example_build["docx"]))
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["各分工会汇报2023年工作情况"].style.name == "Heading 1"
    assert by_text["深科技苏州工会"].style.name == "Heading 2"
    assert by_text["就2024年工会工作邱胜提出四点要求"].style.name == "Heading 1"


def test_cli_module_builds_several_inputs(tmp_path):
    second = tmp_path / "copy.yaml"
    second.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), str(second),
                          "-o", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["2023-union-annual-meeting.docx", "2023-union-annual-meeting.pdf", "copy.docx", "copy.pdf"]
