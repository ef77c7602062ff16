"""The minutes example (kind: minutes): 纪要 mark, numbered headings, attendance block and end block, read
back from both files (PDF glyph positions with pdfplumber; DOCX styles from the XML, and as LibreOffice lays it out)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pdfplumber
import pytest

from reportgen.fonts import resolve_all
from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into, need, pdftotext
from .libreoffice import to_pdf
from .pdfread import baseline_lines, page_count, text

MINUTES = ROOT / "inputs" / "2023-union-annual-meeting-minutes.yaml"
STYLE = load_style("official")
LEFT, RIGHT = STYLE.page.margin_left * MM, (STYLE.page.width - STYLE.page.margin_right) * MM
TOP_FROM_TOP = STYLE.page.margin_top * MM                       # text block top, from the page top
BOTTOM_FROM_TOP = (STYLE.page.height - STYLE.page.margin_bottom) * MM
CHAR = (RIGHT - LEFT - STYLE.sizes.body) / (STYLE.grid.chars_per_line - 1)  # grid pitch of a body character
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return build_into(MINUTES, tmp_path_factory.mktemp("minutes"))


def _family(kind: str) -> str:
    from fontTools.ttLib import TTFont

    face = resolve_all({kind})[kind]
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)


def test_mark_number_and_title_on_page_one(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        page = pdf.pages[0]
        lines = baseline_lines(page)
    mark = lines[0]
    assert text(mark) == "深科技总工会会议纪要"
    assert {round(c["size"], 1) for c in mark} == {STYLE.sizes.mark}
    assert all(c["non_stroking_color"] and c["non_stroking_color"][0] > 0.8 > c["non_stroking_color"][1]
               for c in mark), "the mark is red"
    centre = (mark[0]["x0"] + mark[-1]["x1"]) / 2
    assert abs(centre - (LEFT + RIGHT) / 2) < 0.5
    # top edge of the mark's em box: 35 mm below the top of the text block
    em_top_from_top = page.height - (mark[0]["matrix"][5] + 0.88 * STYLE.sizes.mark)
    assert abs(em_top_from_top - TOP_FROM_TOP - STYLE.minutes.mark_top * MM) < 0.3, em_top_from_top
    assert text(lines[1]) == "深科技工会纪〔2024〕1号"
    assert text(lines[2]) == "2023年度工作总结及评比会议纪要"


def test_headings_are_numbered_by_level(built):
    text = pdftotext(built["pdf"])
    for heading in ("一、各分工会汇报2023年工作情况", "（一）深科技苏州工会", "（七）深科技沛顿&合肥沛顿工会",
                    "二、就2024年工会工作邱胜提出四点要求", "（一）做有信仰有情怀有担当的新时代工会干部"):
        assert heading in text.replace("\n", ""), heading
    document = docx.Document(str(built["docx"]))
    assert any(p.text == "二、就2024年工会工作邱胜提出四点要求" and p.style.name == "Heading 1"
               for p in document.paragraphs)


def test_attendance_block_label_face_and_names_aligned_after_the_colon(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        pages = [baseline_lines(p) for p in pdf.pages]
    for lines in pages:
        starts = [k for k, ln in enumerate(lines) if text(ln).startswith("出席：")]
        if starts:
            break
    else:
        pytest.fail("no 出席： line")
    k = starts[0]
    first, previous = lines[k], lines[k - 1]
    pitch = STYLE.grid.line_pitch
    assert abs(previous[0]["matrix"][5] - first[0]["matrix"][5] - 2 * pitch) < 0.1, "one blank line above"
    assert abs(first[0]["x0"] - (LEFT + 2 * CHAR)) < 0.5, "indented two characters"
    label, names = first[:3], first[3:]
    hei, body = _family(STYLE.faces.heading1), _family(STYLE.faces.body)
    assert all(c["fontname"].split("+", 1)[-1].startswith(hei) for c in label)
    assert all(c["fontname"].split("+", 1)[-1].startswith(body) for c in names)
    after_colon = names[0]["x0"]
    assert abs(after_colon - (LEFT + 5 * CHAR)) < 0.5
    continuation = []
    for ln in lines[k + 1:]:
        if text(ln).startswith(("列席：", "请假：")) or ln[0]["top"] > BOTTOM_FROM_TOP:
            break
        continuation.append(ln)
    assert len(continuation) >= 2, "the example's 出席 list wraps"
    for ln in continuation:
        assert abs(ln[0]["x0"] - after_colon) < 0.5, text(ln)
        assert ln[-1]["x1"] <= RIGHT + 0.5
    names_text = text(names) + "".join(text(ln) for ln in continuation)
    assert names_text.startswith("邱胜（深科技工会副主席）、刘宁") and names_text.endswith("各地党群工作部经理")
    assert any(text(ln) == "列席：各分工会工会干部" for ln in lines)


def test_end_block_at_the_foot_of_the_last_page_below_the_text(built):
    """The text ends on page 6, even, with room: the end block at its foot (GB/T 9704 §7.4.1), the page numbered."""
    with pdfplumber.open(built["pdf"]) as pdf:
        last = pdf.pages[-1]
        lines = baseline_lines(last)
        rules = sorted(last.lines, key=lambda r: r["top"])
        numbers = [text(ln) for p in pdf.pages for ln in baseline_lines(p) if ln[0]["top"] > BOTTOM_FROM_TOP]
    body = [ln for ln in lines if ln[0]["top"] < BOTTOM_FROM_TOP]
    assert [text(ln) for ln in body[-2:]] == ["抄送：公司党委，公司行政，各分工会。",
                                              "深科技总工会办公室2024年3月1日印发"]
    assert text(body[-3]) == "列席：各分工会工会干部"
    size = STYLE.sizes.end_block
    copy_line, issue_line = body[-2:]
    assert abs(copy_line[0]["x0"] - (LEFT + size)) < 0.5  # one character in
    issuer = [c for c in issue_line if c["x0"] < (LEFT + RIGHT) / 2]
    date = issue_line[len(issuer):]
    assert abs(issuer[0]["x0"] - (LEFT + size)) < 0.5 and abs(date[-1]["x1"] - (RIGHT - size)) < 0.5
    assert {round(c["size"], 1) for ln in body[-2:] for c in ln} == {size}
    assert len(rules) == 3
    for rule in rules:
        assert abs(rule["x0"] - LEFT) < 0.2 and abs(rule["x1"] - RIGHT) < 0.2
    widths = [round(r["linewidth"] / MM, 2) for r in rules]
    assert widths == [STYLE.minutes.thick_rule, STYLE.minutes.thin_rule, STYLE.minutes.thick_rule]
    assert abs(rules[-1]["top"] - BOTTOM_FROM_TOP) < 0.1, "the last rule on the bottom of the text block"
    assert body[-3][0]["bottom"] < rules[0]["top"] < copy_line[0]["top"] < rules[1]["top"] < issue_line[0]["top"]
    assert issue_line[0]["bottom"] < rules[2]["top"]
    assert numbers == [f"—{n}—" for n in range(1, 7)], "every page numbered: no blank page before the end block"


def _xml(docx_path: Path, name: str):
    with zipfile.ZipFile(docx_path) as package:
        return ElementTree.fromstring(package.read(name))


def test_docx_styles_of_mark_attendance_and_end_block(built):
    document = docx.Document(str(built["docx"]))
    paragraphs = document.paragraphs
    assert (paragraphs[0].text, paragraphs[0].style.name) == ("深科技总工会会议纪要", "纪要标志")
    assert (paragraphs[1].text, paragraphs[1].style.name) == ("深科技工会纪〔2024〕1号", "文号")
    styles = _xml(built["docx"], "word/styles.xml")

    def style(sid):
        return styles.find(f"{W}style[@{W}styleId='{sid}']")

    mark = style("MinutesMark")
    assert mark.find(f"{W}rPr/{W}color").get(f"{W}val") == "E60000"
    assert mark.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    assert mark.find(f"{W}pPr/{W}spacing").get(f"{W}before") == str(round(35 * 1440 / 25.4))
    attendance = [p for p in paragraphs if p.style.name == "出席"]
    assert [p.text for p in attendance][1] == "列席：各分工会工会干部"
    label, *rest = attendance[0].runs
    assert label.text == "出席：" and label.style.name == "出席标签"
    assert all(r.style.name != "出席标签" for r in rest)
    assert style("AttendanceLabel").find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
    assert style("Attendance").find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋"
    ind = style("Attendance").find(f"{W}pPr/{W}ind")
    first_indent = int(style("Normal").find(f"{W}pPr/{W}ind").get(f"{W}firstLine"))
    left, hanging = int(ind.get(f"{W}left")), int(ind.get(f"{W}hanging"))
    assert left - hanging == first_indent  # 出席 two characters in, like a first line
    assert hanging == 3 * first_indent // 2  # wrapped lines start after 出席： (three characters)
    # The end block on the last page of text (one section): a table with thick-thin-thick rules floating at the
    # foot of the page, its bottom the text block's, the body wrapping above it.
    assert len(document.sections) == 1
    end = document.tables[-1]
    position = end._tbl.find(f"{W}tblPr/{W}tblpPr")
    assert (position.get(f"{W}vertAnchor"), position.get(f"{W}tblpYSpec")) == ("margin", "bottom")
    assert end._tbl.getnext().tag == f"{W}p"  # anchored to the paragraph after it, on the same page
    assert [c.paragraphs[0].text for row in end.rows for c in row.cells] == [
        "抄送：公司党委，公司行政，各分工会。", "深科技总工会办公室\t2024年3月1日印发"]
    assert [c.paragraphs[0].style.name for row in end.rows for c in row.cells] == ["版记", "版记印发"]
    borders = {b.tag[len(W):]: int(b.get(f"{W}sz")) for b in end._tbl.find(f"{W}tblPr/{W}tblBorders")}
    assert borders == {"top": 8, "bottom": 8, "insideH": 6}  # 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
    assert style("EndBlock").find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"  # 4号


def test_libreoffice_puts_the_end_block_at_the_bottom_of_the_last_page(built, tmp_path):
    """LibreOffice sets the text box at the foot of page 6 below the text, as our PDF does."""
    rendered = to_pdf(built["docx"], tmp_path)
    with pdfplumber.open(rendered) as pdf:
        last = pdf.pages[-1]
        lines = [ln for ln in baseline_lines(last) if ln[0]["top"] < BOTTOM_FROM_TOP]
        rules = sorted(last.lines, key=lambda r: r["top"])
        assert len(pdf.pages) == page_count(built["pdf"])
    assert text(lines[-2]).startswith("抄送：") and text(lines[-1]).endswith("印发")
    assert text(lines[-3]) == "列席：各分工会工会干部"
    assert len(rules) == 3 and abs(rules[0]["x0"] - LEFT) < 1 and abs(rules[0]["x1"] - RIGHT) < 1
    assert 0 <= BOTTOM_FROM_TOP - rules[-1]["top"] < 3  # within 3 pt of the block's bottom


def test_kind_option_turns_the_report_input_into_minutes(tmp_path):
    need("pdftotext")
    report = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(report), "--kind", "minutes", "-f", "pdf",
                          "-o", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    text = re.sub(r"— ?\d+ ?—", "", pdftotext(tmp_path / "2023-union-annual-meeting-纪要.pdf").replace("\n", ""))
    assert text.startswith("深科技总工会会议纪要")
    # without a minutes: part the attendance comes from meeting.attendees and the end block from the meeting
    assert "出席：邱胜、刘宁、各地党群工作部经理、各分工会主席、工会干部" in text
    assert text.rstrip().endswith("深科技总工会2024年2月28日印发")
