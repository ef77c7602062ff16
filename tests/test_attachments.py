"""Attachments (附件) as GB/T 9704 lays them out, read back from the PDF (glyphs, faces, positions), from the
DOCX (styles, breaks) and from LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from reportgen.fonts import resolve_all
from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into
from .libreoffice import to_pdf
from .lintkit import run
from .pdfread import baseline_lines, in_face, text

EXAMPLE = ROOT / "inputs" / "2023-union-annual-meeting-attachments.yaml"
STYLE = load_style("official")
LEFT = STYLE.page.margin_left * MM
RIGHT = (STYLE.page.width - STYLE.page.margin_right) * MM
TOP = (STYLE.page.height - STYLE.page.margin_top) * MM
PITCH = STYLE.grid.line_pitch
CHAR = (RIGHT - LEFT - STYLE.sizes.body) / (STYLE.grid.chars_per_line - 1)  # grid pitch of a body character
TITLES = ["深科技总工会2023年度先进集体和先进个人名单", "各分工会工作亮点一览表", "会议现场照片"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return build_into(EXAMPLE, tmp_path_factory.mktemp("attachments"))


@pytest.fixture(scope="module")
def pdf_pages(built) -> list[list[list[dict]]]:
    with pdfplumber.open(built["pdf"]) as pdf:
        return [[line for line in baseline_lines(page) if line[0]["top"] < STYLE.page.height * MM - 30 * MM]
                for page in pdf.pages]


def _row(line: list[dict]) -> float:
    """The grid line (0 = the text block's first) a text line sits on."""
    return round((TOP - line[0]["matrix"][5] - 0.38 * line[0]["size"]) / PITCH - 0.5, 2)


def _family(kind: str) -> str:
    from fontTools.ttLib import TTFont

    face = resolve_all({kind})[kind]
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)


def test_note_one_blank_line_below_the_body_two_characters_in_later_names_under_the_first(pdf_pages):
    first = pdf_pages[0]
    texts = [text(line) for line in first]
    start = next(k for k, t in enumerate(texts) if t.startswith("附件："))
    assert texts[start:start + 3] == ["附件：1.深科技总工会2023年度先进集体和先进个人名单", "2.各分工会工作亮点一览表",
                                      "3.会议现场照片"]
    assert _row(first[start]) == _row(first[start - 1]) + 2, "one blank line between the body and the note"
    assert abs(first[start][0]["x0"] - (LEFT + 2 * CHAR)) < 0.5, "two characters in"
    number = next(c for c in first[start] if c["text"] == "1")
    for line in first[start + 1:start + 3]:
        assert abs(line[0]["x0"] - number["x0"]) < 0.5, "later names aligned under the first"
    assert not any(t[-1] in "，。；、" for t in texts[start:start + 3]), "no punctuation after a name"


def test_each_attachment_on_its_own_page_label_first_line_title_third_line(pdf_pages):
    assert len(pdf_pages) == 1 + len(TITLES)
    hei, title_face = _family(STYLE.faces.heading1), _family(STYLE.faces.title)
    for k, page in enumerate(pdf_pages[1:], start=1):
        label = page[0]
        assert text(label) == f"附件{k}"
        assert _row(label) == 0 and abs(label[0]["x0"] - LEFT) < 0.5, "flush left on the first line"
        assert all(in_face(c, hei) for c in label)
        assert round(label[0]["size"]) == STYLE.sizes.body  # 3号
        title_lines = [ln for ln in page[1:] if round(ln[0]["size"]) == STYLE.sizes.title]
        assert "".join(text(ln) for ln in title_lines) == TITLES[k - 1]
        assert _row(title_lines[0]) == 2, "the title on the third line"
        for line in title_lines:
            assert all(in_face(c, title_face) for c in line)
            middle = (line[0]["x0"] + line[-1]["x1"]) / 2
            assert abs(middle - (LEFT + RIGHT) / 2) < 1, "centred"


def test_attachment_content_is_set_as_the_body(pdf_pages, built):
    second = [text(line) for line in pdf_pages[1]]
    assert "先进集体" in second and any(t.startswith("深科技苏州工会、深科技东莞工会") for t in second)
    third = [text(line) for line in pdf_pages[2]]
    assert "分工会主要活动荣誉与成果" in third  # the table's header row
    with pdfplumber.open(built["pdf"]) as pdf:
        assert len(pdf.pages[3].images) == 1 and not pdf.pages[1].images
    assert "2023年度工作总结及评比会议现场" in [text(line) for line in pdf_pages[3]]


def test_docx_styles_and_page_breaks(built):
    document = docx.Document(str(built["docx"]))
    paragraphs = document.paragraphs
    start = next(k for k, p in enumerate(paragraphs) if p.text.startswith("附件："))
    note = paragraphs[start:start + 3]  # one paragraph a name, no line break in any (python-docx reads each whole)
    assert [p.text for p in note] == [f"附件：1. {TITLES[0]}", f"2. {TITLES[1]}", f"3. {TITLES[2]}"]
    assert [p.style.name for p in note] == ["附件说明", "附件说明续", "附件说明续"]
    assert all(p.style.paragraph_format.keep_together and p.style.paragraph_format.keep_with_next for p in note)
    more = note[1].style.paragraph_format  # later names start under the first name: 2 + 3 characters in
    assert round(more.left_indent.pt + more.first_line_indent.pt) == round(5 * STYLE.sizes.body - 5 * 0.3)
    labels = [p for p in paragraphs if p.style.name == "附件标识"]
    assert [p.text for p in labels] == ["附件1", "附件2", "附件3"]
    for label in labels:
        assert label.paragraph_format.page_break_before, "each attachment starts a page"
    titles = [p for p in paragraphs if p.style.name == "附件标题"]
    assert [p.text.replace("\n", "") for p in titles] == TITLES
    title_style = document.styles["附件标题"]
    # Based on heading 1 (converters that read styles, not outline levels, list it among the headings: see
    # tests/test_converters.py), but not bold and not set like a heading: its own face, size, indent and keeps.
    assert title_style.font.size.pt == STYLE.sizes.title and title_style.base_style.name == "Heading 1"
    assert title_style.font.bold is False and title_style.paragraph_format.first_line_indent == 0


def test_libreoffice_sets_the_same_pages(built, tmp_path):
    rendered = to_pdf(built["docx"], tmp_path)
    with pdfplumber.open(rendered) as lo, pdfplumber.open(built["pdf"]) as ours:
        assert len(lo.pages) == len(ours.pages)
        for k in range(1, len(ours.pages)):
            assert baseline_lines(lo.pages[k])[0][0]["text"] == "附"
            assert text(baseline_lines(lo.pages[k])[0]).replace(" ", "") == f"附件{k}"


def test_minutes_put_attachments_after_the_attendance_and_before_the_end_block(tmp_path, capsys):
    source = tmp_path / "in"
    shutil.copytree(EXAMPLE.parent, source, ignore=shutil.ignore_patterns("*.yaml"))
    minutes = source / "m.yaml"
    minutes.write_text(EXAMPLE.read_text(encoding="utf-8").replace("kind: report", "kind: minutes")
                       .replace("meeting:\n", "minutes:\n  copy_to: [各分工会]\n\nmeeting:\n", 1), encoding="utf-8")
    status, _out, err = run(capsys, "build", str(minutes), "-o", str(tmp_path / "out"))
    assert status == 0, err
    with pdfplumber.open(tmp_path / "out" / "m.pdf") as pdf:
        pages = ["".join(c["text"] for c in page.chars) for page in pdf.pages]
    attendance = next(k for k, t in enumerate(pages) if "出席：" in t)
    firsts = [k for k, t in enumerate(pages) if t.startswith("附件") and not t.startswith("附件：")]
    assert firsts and min(firsts) > attendance
    assert "印发" in pages[-1] and "抄送：" in pages[-1], "the end block stays last"
    assert max(firsts) == len(pages) - 2


def test_a_missing_photo_inside_an_attachment_is_located(tmp_path, capsys):
    source = tmp_path / "bad.yaml"
    text_in = EXAMPLE.read_text(encoding="utf-8").replace("images/2023-meeting.jpg", "images/none.jpg")
    source.write_text(text_in, encoding="utf-8")
    status, _out, err = run(capsys, "check", str(source))
    line = next(n for n, row in enumerate(text_in.splitlines(), start=1) if "images/none.jpg" in row)
    assert status == 1 and f"bad.yaml:{line}:" in err and "RG211" in err


def test_new_rolls_the_attachment_titles_over(tmp_path, capsys):
    target = tmp_path / "2024.yaml"
    status, _out, err = run(capsys, "new", "--from", str(EXAMPLE), "--year", "2024", "-o", str(target))
    assert status == 0, err
    rolled = target.read_text(encoding="utf-8")
    assert rolled.count("待填写：附件名称") == len(TITLES)
    assert "# 去年：会议现场照片" in rolled  # last year's text kept as a comment
    assert "images/2023-meeting.jpg" in rolled  # a path is not prose: never rewritten


def _pages_of(official, *blocks) -> list[list[str]]:
    """The text lines of each page of the page layout for `blocks`."""
    import datetime as dt

    from reportgen.ir import Document, Meta
    from reportgen.layout.flow import arrange
    from reportgen.layout.grid import lay_out
    from reportgen.layout.measure import face_metrics
    from reportgen.layout.page import GlyphRun

    style, faces = official
    fonts = face_metrics(faces)
    doc = Document(Meta("测试", "测试单位", "测试会议", dt.date(2024, 2, 28)), list(blocks))
    layout = lay_out(arrange(doc, style, fonts), style, fonts)
    pages = []
    for page in layout.pages:
        texts = [item.text for item in page.items if isinstance(item, GlyphRun)]
        number = style.page_number.format.format(n=page.number).split(" ") if page.number else []
        if number and texts[-len(number):] == number:  # the page number's glyphs come last
            texts = texts[:-len(number)]
        pages.append(texts)
    return pages


def test_the_note_is_never_split_across_pages(official):
    from reportgen.ir import Paragraph, Title

    note = Paragraph("附件：1. 第一份\n2. 第二份\n3. 第三份", style="attachment-note")
    # 17 one-line paragraphs under a two-line title: the note's blank line is the page's 21st line
    body = [Paragraph(f"第{k}段。") for k in range(17)]
    pages = _pages_of(official, Title("深科技总工会召开2023年度工作总结及评比会议"), *body, note)
    assert pages[1][:3] == ["附件：1.第一份", "2.第二份", "3.第三份"], "the whole note moves to the next page"


def test_an_appendix_starting_with_an_empty_paragraph_still_starts_a_page(official):
    from reportgen.ir import Appendix, Paragraph, Title

    pages = _pages_of(official, Title("报告"), Paragraph("正文。"),
                      Appendix((Paragraph("", style="attachment-label"),
                                Paragraph("附件标题", style="attachment-title"))))
    assert len(pages) == 2 and pages[1] == ["附件标题"]


def test_a_mark_after_a_name_is_left_out_of_the_note_only(tmp_path, capsys):
    source = tmp_path / "in.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").replace("title: 会议现场照片", "title: 会议现场照片。"),
                      encoding="utf-8")
    shutil.copytree(EXAMPLE.parent / "images", tmp_path / "images")
    status, _out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out"), "-f", "docx")
    assert status == 0, err
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out" / "in.docx")).paragraphs]
    start = next(k for k, p in enumerate(paragraphs) if p.startswith("附件："))
    assert paragraphs[start + 2] == "3. 会议现场照片" and "会议现场照片。" in paragraphs


def test_one_blank_line_between_an_attachment_title_and_its_content(pdf_pages):
    for page in pdf_pages[1:]:
        title_rows = [_row(ln) for ln in page if round(ln[0]["size"]) == STYLE.sizes.title]
        after = [_row(ln) for ln in page if _row(ln) > max(title_rows)]
        assert min(after) >= max(title_rows) + 2


def _pdf_outline(pdf_path: Path) -> list[tuple[int, str]]:
    """(level from 0, title) of every bookmark, in order."""
    with pdfplumber.open(pdf_path) as pdf:
        return [(level - 1, title) for level, title, *_ in pdf.doc.get_outlines()]


def test_attachments_are_in_the_outline_their_headings_one_level_below(built):
    """The PDF's bookmarks and Word's navigation pane (outline levels read with python-docx) show 附件1–3 at
    the top level, each attachment's headings one level below its title."""
    outline = _pdf_outline(built["pdf"])
    tops = [title for level, title in outline if level == 0]
    for title in TITLES:
        assert title in tops, (title, outline)
    first = next(k for k, (_level, title) in enumerate(outline) if title == TITLES[0])
    inside = list(itertools.takewhile(lambda entry: entry[0] > 0, outline[first + 1:]))
    assert [level for level, _ in inside] and all(level == 1 for level, _ in inside), outline  # 先进集体, 先进个人

    document = docx.Document(str(built["docx"]))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def level(paragraph) -> int | None:
        own = paragraph._p.find(f"{w}pPr/{w}outlineLvl")
        found = own if own is not None else paragraph.style.element.find(f"{w}pPr/{w}outlineLvl")
        return int(found.get(f"{w}val")) if found is not None else None

    entries = [(level(p), p.text.replace("\n", "")) for p in document.paragraphs if level(p) is not None]
    assert [(0, t) for t in TITLES] == [(lv, t) for lv, t in entries if t in TITLES]
    start = next(k for k, (_lv, t) in enumerate(entries) if t == TITLES[0])
    assert entries[start + 1][0] == 1, entries  # the first heading inside 附件1
    assert [lv for lv, _ in entries[:start]] and all(lv == 0 for lv, _ in entries[:start])  # the report's own


def test_blank_lines_are_paragraph_spacing_not_empty_paragraphs(built):
    """The blank line under the body, around each attachment's title: spacing of whole grid lines on the
    paragraphs themselves (python-docx reads no empty paragraph a user would type into); only a table, which
    has no spacing of its own, keeps an empty paragraph under it."""
    document = docx.Document(str(built["docx"]))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    empty = [p for p in document.paragraphs if not p.text and p._p.find(f".//{w}drawing") is None
             and p.style.name == "Normal"]
    assert len(empty) == len(document.tables), [p.style.name for p in empty]
    pitch = round(STYLE.grid.line_pitch * 20)
    titles = [p for p in document.paragraphs if p.style.name == "附件标题"]
    for title in titles:
        spacing = title._p.find(f"{w}pPr/{w}spacing")
        assert (spacing.get(f"{w}before"), spacing.get(f"{w}after")) == (str(pitch), str(pitch))
    note = next(p for p in document.paragraphs if p.text.startswith("附件："))
    assert note._p.find(f"{w}pPr/{w}spacing").get(f"{w}before") == str(pitch)
