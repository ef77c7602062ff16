"""The photo-and-table example in both formats, and bad image paths as located input errors."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pdfplumber
import pytest
from PIL import Image

from reportgen.cjk.punct import CLOSING_FULLWIDTH, NO_LINE_END, NO_LINE_START
from reportgen.diagnostics import InputError
from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into
from .libreoffice import to_pdf
from .pdfread import page_lines, text

PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
PHOTO = ROOT / "inputs" / "images" / "2023-meeting.jpg"
STYLE = load_style("official")
LEFT, RIGHT = STYLE.page.margin_left * MM, (STYLE.page.width - STYLE.page.margin_right) * MM
HEADER = ["分工会", "主要活动", "参与人数", "荣誉与成果"]
BRANCHES = ("深科技苏", "深科技惠", "深科技东", "成都长城", "深科技重", "深科技精",  # a cell line's start
            "深科技沛顿")
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return build_into(PHOTOS, tmp_path_factory.mktemp("photos"))


def _photo_box() -> tuple[float, float]:
    from reportgen.ir import Image as PhotoBlock
    from reportgen.layout.boxes import image_box

    width_px, height_px = Image.open(PHOTO).size
    return image_box(PhotoBlock(PHOTO, width_px, height_px, "会议现场"), STYLE)


def test_photo_in_the_pdf_is_centred_keeping_its_aspect_at_most_the_text_width(built):
    width_px, height_px = Image.open(PHOTO).size
    width, _ = _photo_box()
    assert (RIGHT - LEFT) * 0.95 < width <= RIGHT - LEFT  # fitted to whole grid lines: a little smaller at most
    with pdfplumber.open(built["pdf"]) as pdf:
        images = [(n, im) for n, page in enumerate(pdf.pages) for im in page.images]
        assert len(images) == 1
        number, image = images[0]
        text = pdf.pages[number].extract_text()
    assert abs(image["x0"] - LEFT - (RIGHT - LEFT - width) / 2) < 0.1 and abs(image["width"] - width) < 0.1
    assert abs(image["height"] - width * height_px / width_px) < 0.1
    assert tuple(image["srcsize"]) == (width_px, height_px)  # embedded whole, not resampled
    assert "会议现场" in text


def test_photo_in_the_docx_is_embedded_at_the_layouts_size(built):
    width_px, height_px = Image.open(PHOTO).size
    width, _ = _photo_box()
    with zipfile.ZipFile(built["docx"]) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and package.read(media[0]) == PHOTO.read_bytes()
        root = ElementTree.fromstring(package.read("word/document.xml"))
    extent = root.find(".//wp:inline/wp:extent", NS)
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert abs(cx - width * 12700) <= 12700 * 0.01
    assert abs(cy - cx * height_px / width_px) <= 12700 * 0.01
    paragraphs = root.findall(".//w:body/w:p", NS)
    picture = next(k for k, p in enumerate(paragraphs) if p.find(".//wp:inline", NS) is not None)
    caption = paragraphs[picture + 1]
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{NS['w']}}}val") == "Caption"
    assert "".join(t.text for t in caption.iter(f"{{{NS['w']}}}t")) == "会议现场"


def _table_pages(pdf_path: Path) -> list[list[str]]:
    """Per page, the text of each line, top to bottom."""
    return [[text(line) for line in lines] for lines in page_lines(pdf_path)]


def test_pdf_table_header_repeats_on_every_page_the_table_continues_on(tmp_path):
    text = PHOTOS.read_text(encoding="utf-8")
    rows = text[text.index("    rows:\n") + len("    rows:\n"):text.index("\n\n  - type: closing")] + "\n"
    source = tmp_path / PHOTOS.name
    source.write_text(text.replace(rows, rows * 3), encoding="utf-8")  # long enough to run onto another page
    shutil.copytree(PHOTOS.parent / "images", tmp_path / "images")
    pages = _table_pages(build_into(source, tmp_path / "out")["pdf"])
    header = "".join(HEADER)
    with_rows = [k for k, lines in enumerate(pages) if any(ln.startswith(BRANCHES) for ln in lines)]
    assert len(with_rows) >= 2, "the table runs onto a second page"
    for k in with_rows:
        assert header in pages[k], f"page {k + 1} has table rows but no header"
        assert k == with_rows[0] or pages[k][0] == header, f"page {k + 1} does not start with the header"
        assert "续表" not in pages[k]  # Word cannot write it: neither file does


def _continued_page(pdf_path: Path) -> int:
    """The index of the first page that starts with the table's repeated header."""
    header = "".join(HEADER)
    return next(k for k, lines in enumerate(_table_pages(pdf_path)) if k and lines and lines[0] == header)


def test_pdf_table_cells_keep_the_line_rules_and_stay_in_their_columns(built):
    with pdfplumber.open(built["pdf"]) as pdf:
        page = max(pdf.pages, key=lambda p: len(p.lines))  # the page with the most of the table
        verticals = sorted({round(ln["x0"], 1) for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01})
        table_top, table_bottom = min(ln["top"] for ln in page.lines), max(ln["bottom"] for ln in page.lines)
        chars = [c for c in page.chars if table_top < c["top"] < table_bottom]  # not the caption, not the page number
    assert len(verticals) == len(HEADER) + 1 and abs(verticals[0] - LEFT) < 0.1 and abs(verticals[-1] - RIGHT) < 0.1
    cells: dict[tuple[float, int], list[dict]] = {}
    for ch in chars:
        centre = (ch["x0"] + ch["x1"]) / 2  # a line-start “ keeps its ink but not its blank half: go by the centre
        column = next((k for k in range(len(verticals) - 1) if verticals[k] <= centre < verticals[k + 1]), None)
        if column is not None:
            cells.setdefault((round(ch["matrix"][5], 1), column), []).append(ch)
    assert len(cells) > 20
    for (_y, column), run in cells.items():
        run.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in run)
        if len(text) > 1:  # a cell holding only “—” (nothing to report) is not a line break
            assert text[0] not in NO_LINE_START and text[-1] not in NO_LINE_END, text
        assert verticals[column] + 2 <= (run[0]["x0"] + run[0]["x1"]) / 2, text  # inside the cell, padded
        # A closing mark ending a cell's line is set half width (GB/T 15834): its ink, the left half, is inside.
        last = run[-1]
        right = last["x0"] + last["size"] / 2 if last["text"] in CLOSING_FULLWIDTH else last["x1"]
        assert right <= verticals[column + 1] + 0.1, text


def test_docx_caption_before_the_table_and_header_row_repeats_and_rows_may_split(built, tmp_path):
    """The caption is a paragraph of its own just before the table, kept with it; the table's first row is its
    real header (python-docx reads it as row 0), repeated on every page; a body row may split across pages and
    has no height of its own (it shrinks when text is cut from it in Word)."""
    import docx

    document = docx.Document(str(built["docx"]))
    table = document.tables[0]
    before = table._tbl.getprevious()
    caption = docx.text.paragraph.Paragraph(before, document._body)
    assert caption.text == "各分工会工作亮点一览表" and caption.style.name == "表题"
    assert caption.style.paragraph_format.keep_with_next
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert not any("各分工会工作亮点一览表" in c.text for row in table.rows for c in row.cells)
    rows = table._tbl.findall("w:tr", NS)
    w = f"{{{NS['w']}}}"
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is None for r in rows)  # a tall row may split, as in the PDF
    assert all(r.find("w:trPr/w:trHeight", NS) is None for r in rows)  # as tall as its text, in any editor
    assert table._tbl.find("w:tblPr/w:tblLayout", NS).get(f"{w}type") == "fixed"
    assert table.rows[0].cells[0].paragraphs[0].style.name == "表头"
    assert table.rows[2].cells[1].paragraphs[0].style.name == "表格文字"
    assert table.rows[3].cells[2].paragraphs[0].style.name == "表格文字居中"  # “—”: nothing to report
    # A real client repeats it: LibreOffice puts the header at the top of the table's second page.
    rendered = to_pdf(built["docx"], tmp_path)
    pages = _table_pages(rendered)
    starts = [k for k, lines in enumerate(pages) if k and lines and lines[0].replace(" ", "") == "".join(HEADER)]
    assert starts, pages
    assert any(ln.replace(" ", "").startswith(("赛等", *BRANCHES)) for ln in pages[starts[0]][1:]), pages


# --- bad image paths ---------------------------------------------------------------------------------

def _input_with(tmp_path: Path, image_path: str) -> tuple[Path, int, int]:
    text = PHOTOS.read_text(encoding="utf-8").replace("path: images/2023-meeting.jpg", f"path: {image_path}")
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    target = folder / "report.yaml"
    target.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith("path:"))
    col = text.splitlines()[line - 1].index(image_path) + 1
    return target, line, col


@pytest.mark.parametrize(("name", "make", "words"), [
    ("missing.jpg", None, "找不到图片文件"),
    ("notes.png", lambda p: p.write_text("不是图片", encoding="utf-8"), "不是图片"),
    ("cut.jpg", lambda p: p.write_bytes(PHOTO.read_bytes()[:2000]), "已损坏"),
    ("anim.gif", lambda p: Image.new("RGB", (4, 4)).save(p, "GIF"), "只支持 JPEG 和 PNG"),
    ("images", lambda p: p.mkdir(), "是文件夹"),
    ("../outside.png", lambda p: Image.new("RGB", (4, 4)).save(p, "PNG"), "不在输入文件所在的文件夹"),
    ("/etc/hostname", None, "不在输入文件所在的文件夹"),
])
def test_bad_image_paths_are_input_errors_at_the_path(tmp_path, name, make, words):
    from reportgen import build

    target, line, col = _input_with(tmp_path, name)
    if make is not None:
        make(target.parent / name)
    with pytest.raises(InputError) as caught:
        build(target, tmp_path / "out")
    found = [d for d in caught.value.diagnostics if d.code == "RG211"]
    assert len(found) == 1, caught.value.diagnostics
    diag = found[0]
    assert (diag.line, diag.col, diag.path) == (line, col, "sections[1].path"), diag
    assert words in diag.message
    assert not (tmp_path / "out").exists()


def test_a_symlink_out_of_the_folder_is_refused_and_a_png_inside_is_fine(tmp_path):
    from reportgen import build

    target, line, _col = _input_with(tmp_path, "link.jpg")
    (target.parent / "link.jpg").symlink_to(PHOTO)  # the photo is outside tmp_path/in
    with pytest.raises(InputError) as caught:
        build(target, tmp_path / "out")
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("RG211", line)]
    (target.parent / "link.jpg").unlink()
    Image.open(PHOTO).save(target.parent / "link.jpg", "PNG")  # a PNG named .jpg: the content decides
    assert len(build(target, tmp_path / "out").outputs) == 2


def test_table_rows_must_match_the_header(tmp_path):
    from reportgen import build

    text = PHOTOS.read_text(encoding="utf-8").replace("[深科技惠州工会, 重大节日、员工生日慰问；丰富的文体活动, —, —]",
                                                      "[深科技惠州工会, 重大节日、员工生日慰问, —]")
    target = tmp_path / "t.yaml"
    target.write_text(text, encoding="utf-8")
    shutil.copytree(PHOTO.parent, tmp_path / "images")
    with pytest.raises(InputError) as caught:
        build(target, tmp_path / "out")
    [diag] = caught.value.diagnostics
    assert diag.code == "RG212" and diag.path == "sections[2].rows[1]" and "3 格" in diag.message


def test_docx_keeps_follow_the_layout_a_photo_with_its_caption_and_the_caption_with_nothing(built):
    """One keep rule a block (reportgen.layout.flow): no keep-with-next chain from a photo's caption into the
    text after it, which would drag the photo to the next page; a table's caption stays with the table."""
    with zipfile.ZipFile(built["docx"]) as package:
        document = ElementTree.fromstring(package.read("word/document.xml"))
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
    w = f"{{{NS['w']}}}"

    def keeps(paragraph) -> bool:
        own = paragraph.find("w:pPr/w:keepNext", NS) is not None
        style_id = paragraph.find("w:pPr/w:pStyle", NS).get(w + "val")
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        return own or style.find("w:pPr/w:keepNext", NS) is not None

    paragraphs = document.findall("w:body/w:p", NS)
    photo = next(k for k, p in enumerate(paragraphs) if p.find(".//wp:inline", NS) is not None)
    assert keeps(paragraphs[photo]), "the photo keeps with its caption"
    assert not keeps(paragraphs[photo + 1]), "the caption keeps with nothing"
    body = document.find("w:body", NS)
    table = body.find("w:tbl", NS)
    caption = list(body)[list(body).index(table) - 1]  # a paragraph of its own, just before the table
    assert "".join(t.text for t in caption.iter(w + "t")) == "各分工会工作亮点一览表" and keeps(caption)
    assert caption.find("w:pPr/w:pStyle", NS).get(w + "val") == "TableCaption"


def test_a_column_of_numbers_is_set_flush_right_alike_in_both_files(tmp_path):
    """3 and 2,460 in one column: both flush right (their units line up), not one centred and one flush left;
    a placeholder in that column stays centred. The PDF's glyphs and the DOCX's cell styles agree."""
    from .lintkit import HEADER as YAML_HEADER

    source = tmp_path / "numbers.yaml"
    source.write_text(YAML_HEADER + (
        "sections:\n  - type: table\n    caption: 各分工会活动统计\n"
        "    columns: [分工会, 活动场次, 参与人次]\n    rows:\n"
        "      - [深科技苏州工会, 3, 2460]\n      - [深科技惠州工会, 12, \"2,460\"]\n"
        "      - [成都长城开发工会, 41, —]\n"), encoding="utf-8")
    files = build_into(source, tmp_path / "out")
    with pdfplumber.open(files["pdf"]) as pdf:
        page = pdf.pages[0]
        verticals = sorted({round(ln["x0"], 1) for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01})
        rows = {}
        for ch in page.chars:
            rows.setdefault(round(ch["matrix"][5], 1), []).append(ch)
    cells: dict[str, tuple[float, float, float]] = {}
    for chars in rows.values():
        chars.sort(key=lambda c: c["x0"])
        for column in (1, 2):
            inside = [c for c in chars if verticals[column] < c["x0"] < verticals[column + 1]]
            if inside:
                cells["".join(c["text"] for c in inside)] = (inside[0]["x0"], inside[-1]["x1"], column)
    right = {text: round(box[1], 1) for text, box in cells.items() if text[0].isdigit() and box[2] == 2}
    assert set(right) == {"2460", "2,460"}
    assert len(set(right.values())) == 1, right  # 2460 and 2,460 end at one x
    counts = {text: round(box[1], 1) for text, box in cells.items() if text[0].isdigit() and box[2] == 1}
    assert len({counts["3"], counts["12"], counts["41"]}) == 1, counts
    dash = cells["—"]
    assert abs((dash[0] + dash[1]) / 2 - (verticals[2] + verticals[3]) / 2) < 1.0  # the placeholder centred

    import docx

    table = docx.Document(str(files["docx"])).tables[0]
    styles = [[cell.paragraphs[0].style.name for cell in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in styles] == ["表格数字"] * 3
    assert [row[2] for row in styles] == ["表格数字", "表格数字", "表格文字居中"]
    assert all(row[0] == "表格文字" for row in styles)
