"""The end block (版记) at the foot of the document's last side, an even page (GB/T 9704-2012 §7.4.1, §6, §7.5):
the rule alone, our PDF read back with pdfplumber, and LibreOffice's rendering of the DOCX (also after an edit)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from reportgen.cjk.punct import is_cjk
from reportgen.layout.paginate import EndPage, end_page
from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into, need
from .libreoffice import to_pdf

MINUTES = ROOT / "inputs" / "2023-union-annual-meeting-minutes.yaml"
STYLE = load_style("official")
BOTTOM_FROM_TOP = (STYLE.page.height - STYLE.page.margin_bottom) * MM  # the text block's lower edge
COPY = "抄送：公司党委，公司行政，各分工会。"
ISSUE = "深科技总工会办公室2024年3月1日印发"
NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
# One-line paragraphs added after the closing paragraph of the minutes example: none (the text ends on page 6,
# an even page with room), 7 (page 6 full: a blank page 7, the end block on page 8) and 12 (text ends on page 7).
EXTRA = {EndPage.BELOW_TEXT: 0, EndPage.AFTER_BLANK: 7, EndPage.NEXT_PAGE: 12}


def test_the_rule_follows_the_standard():
    assert end_page(6, 13, 2, 22) is EndPage.BELOW_TEXT
    assert end_page(6, 18, 2, 22) is EndPage.BELOW_TEXT   # lines 19 free, 20–21 the block
    assert end_page(6, 19, 2, 22) is EndPage.AFTER_BLANK  # no free line left above the block
    assert end_page(7, 0, 2, 22) is EndPage.NEXT_PAGE     # an odd last page never holds it
    assert end_page(1, 3, 2, 22) is EndPage.NEXT_PAGE
    assert end_page(2, -1, 2, 22) is EndPage.BELOW_TEXT


@dataclass
class Page:
    lines: list[tuple[float, str]]  # (baseline from the top, text) above the text block's lower edge
    number: str | None              # the page number's digits below it, if any
    rules: list[tuple[float, float, float, float]]  # (top, x0, x1, width)


def read(pdf: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[int, list[dict]] = {}
            for c in page.chars:  # by baseline: the Latin face's digits have another descent than the CJK face
                rows.setdefault(-round(c["matrix"][5]), []).append(c)
            lines, number = [], None
            for baseline in sorted(rows):
                chars = sorted(rows[baseline], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                cjk = [c for c in chars if is_cjk(c["text"])] or chars
                if cjk[0]["top"] > BOTTOM_FROM_TOP:
                    match = NUMBER.match(text)
                    assert match, text
                    number = match.group(1)
                else:
                    lines.append((max(c["bottom"] for c in cjk), text.replace(" ", "")))
            rules = sorted((r["top"], r["x0"], r["x1"], r["linewidth"]) for r in page.lines)
            pages.append(Page(lines, number, rules))
    return pages


def variant(case: EndPage, folder: Path, copy_to: str = "") -> dict[str, Path]:
    """The minutes example with EXTRA[case] one-line paragraphs after its closing paragraph (and `copy_to` added
    to its 抄送 list), built."""
    source = MINUTES.read_text(encoding="utf-8").rstrip("\n") + "\n"
    old = "copy_to: [公司党委, 公司行政, 各分工会]"
    assert old in source
    source = source.replace(old, old[:-1] + (f", {copy_to}]" if copy_to else "]"))
    source += "".join(f'      - "会议要求各分工会认真抓好第{k + 1}项落实。"\n' for k in range(EXTRA[case]))
    (folder / "images").mkdir(exist_ok=True)
    target = folder / MINUTES.name
    target.write_text(source, encoding="utf-8")
    return build_into(target, folder / "out")


@pytest.fixture(scope="module", params=list(EXTRA), ids=[c.value for c in EXTRA])
def built(request, tmp_path_factory) -> tuple[EndPage, dict[str, Path]]:
    return request.param, variant(request.param, tmp_path_factory.mktemp(request.param.value))


def _end_block_at_the_foot(page: Page, tolerance: float) -> None:
    assert [text for _, text in page.lines[-2:]] == [COPY, ISSUE]
    assert len(page.rules) == 3
    assert abs(page.rules[-1][0] - BOTTOM_FROM_TOP) < tolerance, "the last rule on the text block's lower edge"
    assert page.rules[0][0] < page.lines[-2][0] < page.rules[1][0] < page.lines[-1][0] < page.rules[2][0]


def test_pdf_end_block_at_the_foot_of_the_last_even_page(built):
    case, files = built
    pages = read(files["pdf"])
    last = pages[-1]
    assert len(pages) % 2 == 0, "the last page is even"
    _end_block_at_the_foot(last, 0.1)
    assert [round(r[3] / MM, 2) for r in last.rules] == [STYLE.minutes.thick_rule, STYLE.minutes.thin_rule,
                                                          STYLE.minutes.thick_rule]
    assert all(abs(r[1] - STYLE.page.margin_left * MM) < 0.2 for r in last.rules)
    numbers = [p.number for p in pages]
    if case is EndPage.BELOW_TEXT:
        assert len(pages) == 6 and len(last.lines) > 2, "below the last text, on its page"
        assert numbers == [str(n) for n in range(1, 7)]
    elif case is EndPage.NEXT_PAGE:
        assert len(pages) == 8 and len(last.lines) == 2, "on a page of its own after an odd last page of text"
        assert len(pages[-2].lines) > 0
        assert numbers == [str(n) for n in range(1, 9)], "no blank page before it: numbered"
    else:
        assert len(pages) == 8 and len(last.lines) == 2 and not pages[-2].lines and not pages[-2].rules
        assert numbers == [str(n) for n in range(1, 7)] + [None, None], "§7.5: blank page and end-block page unnumbered"


def test_libreoffice_renders_the_docx_with_the_same_pages_and_the_end_block_at_the_foot(built, tmp_path):
    _, files = built
    ours = read(files["pdf"])
    theirs = read(to_pdf(files["docx"], tmp_path))
    assert len(theirs) == len(ours)
    _end_block_at_the_foot(theirs[-1], 3)
    for (mine, _), (lo, _) in zip(ours[-1].lines[-2:], theirs[-1].lines[-2:], strict=True):
        assert abs(mine - lo) < 3, (mine, lo)  # 抄送 and 印发 baselines
    assert [p.number for p in theirs] == [p.number for p in ours]
    assert [bool(p.lines) for p in theirs] == [bool(p.lines) for p in ours]


def test_libreoffice_keeps_the_end_block_at_the_foot_when_a_line_is_added_to_copy_to(tmp_path):
    """A user adds to 抄送 in Word until it takes two lines: the block grows upwards, still on the foot of the
    last page (with a fixed-height spacer above it, it went to the top of a new page)."""
    files = variant(EndPage.BELOW_TEXT, tmp_path)
    added = "公司工会各专门委员会，各地党群工作部，各地人力资源部，"
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(files["docx"]) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert xml.count("抄送：公司党委，") == 1
                data = xml.replace("抄送：公司党委，", "抄送：公司党委，" + added).encode("utf-8")
            target.writestr(item, data)
    pages = read(to_pdf(edited, tmp_path / "lo"))
    assert len(pages) == len(read(files["pdf"]))
    last = pages[-1]
    assert last.lines[-1][1] == ISSUE
    copy = [text for _, text in last.lines[-3:-1]]
    assert "".join(copy) == COPY.replace("公司党委，", "公司党委，" + added) and len(copy) == 2
    assert len(last.rules) == 3
    assert abs(last.rules[-1][0] - BOTTOM_FROM_TOP) < 3
    assert last.rules[0][0] < last.lines[-3][0], "the block grew upwards"
    assert len(last.lines) > 3, "still below the last text"
    shutil.rmtree(tmp_path / "lo")


def test_a_longer_copy_to_list_rebuilt_stays_at_the_foot_in_both(tmp_path):
    """抄送 in two lines (the fixed spacer of old pushed such a block to the top of a new page in the DOCX)."""
    files = variant(EndPage.BELOW_TEXT, tmp_path, "公司工会各专门委员会, 各地党群工作部, 各地人力资源部")
    ours, theirs = read(files["pdf"]), read(to_pdf(files["docx"], tmp_path / "lo"))
    assert len(ours) == len(theirs) == 6
    for page in (ours[-1], theirs[-1]):
        assert page.lines[-1][1] == ISSUE and page.lines[-3][1].startswith("抄送：公司党委")
        assert page.lines[-2][1].endswith("各地人力资源部。") and len(page.lines) > 3
        assert len(page.rules) == 3 and abs(page.rules[-1][0] - BOTTOM_FROM_TOP) < 3
    for (mine, _), (lo, _) in zip(ours[-1].lines[-3:], theirs[-1].lines[-3:], strict=True):
        assert abs(mine - lo) < 3, (mine, lo)


def test_a_docx_only_build_without_any_face_places_the_end_block_too(monkeypatch, tmp_path):
    """Without faces the layout measures nominally (full-width one em): enough to decide the end block's page."""
    from reportgen import build
    from reportgen.fonts import FontNotFound, discovery, resolve

    monkeypatch.setattr(discovery, "system_faces", lambda: ())
    monkeypatch.setattr(discovery, "prepared_file", lambda family: None)
    with pytest.raises(FontNotFound):
        resolve("fangsong")
    (docx,) = build(MINUTES, tmp_path, formats=["docx"]).outputs
    with zipfile.ZipFile(docx) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert body.count("<w:tblpPr ") == 1 and "2024年3月1日印发" in body  # the floating table


def test_every_reader_finds_the_end_block_once_in_the_body(tmp_path):
    """The end block is a floating table in the body, no text box: python-docx lists it among the document's
    tables, mammoth and pandoc (which read no text box at all) find 抄送 and 印发, each once."""
    import docx
    import mammoth

    from reportgen import build

    (path,) = build(MINUTES, tmp_path, formats=["docx"]).outputs
    text = mammoth.extract_raw_text(str(path)).value
    assert "2024年3月1日印发" in text and text.count("印发") == 1 and text.count("抄送") == 1
    plain = subprocess.run([need("pandoc"), "-f", "docx", "-t", "plain", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert plain.count("抄送：公司党委") == 1 and plain.count("印发") == 1
    end = docx.Document(str(path)).tables[-1]
    assert [c.text for row in end.rows for c in row.cells] == ["抄送：公司党委，公司行政，各分工会。",
                                                               "深科技总工会办公室\t2024年3月1日印发"]
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert "<w:txbxContent>" not in body and "<mc:AlternateContent" not in body
