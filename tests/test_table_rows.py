"""Tables as a typesetter sets them, in both files (issue 21, "Tables and empty page feet", "Row heights"):
columns from their content in whole characters, cell text on its own leading (not the body's grid), a row
taller than half a page split across pages with the header repeated, no row height written into the DOCX.

A held-out table (not the example's): a narrow 序号 column, numbers 3 and 2,460 in one column, a 说明 cell of
some 380 characters. Asserted in our PDF and in LibreOffice's rendering of our DOCX (pdfplumber), and in the
DOCX as python-docx reads it.
"""

from __future__ import annotations

import itertools
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from reportgen.layout.boxes import row_metrics
from reportgen.styles import MM, load_style

from .conftest import ROOT
from .libreoffice import to_pdf
from .lintkit import HEADER as YAML_HEADER

sys.path.insert(0, str(ROOT / "bench"))
import agreement

COLUMNS = ["序号", "项目", "金额（元）", "说明"]
LONG = ("全年走访慰问困难职工家庭四十二户，其中因病致困二十一户、因子女就学致困九户、因意外事故致困五户，其余为单亲家庭"
        "和低收入家庭；对每户建立帮扶台账，明确一名工会干部结对联系，每季度上门了解情况，帮助申请政府救助和社会援助；"
        "联合人力资源部门为有劳动能力的家庭成员推荐就业岗位，组织参加技能培训，三名家属已在园区企业上岗；"
        "为患重病职工办理职工医疗互助保障理赔，协调定点医院开通就医绿色通道，帮助解决住院押金和异地就医结算问题；"
        "设立金秋助学专项，资助困难职工子女升入大学，发放助学金并赠送学习用品；在春节、端午、中秋等传统节日前集中走访，"
        "送去慰问金和生活物资；建立困难职工动态管理机制，对已脱困家庭继续跟踪回访半年，防止返困；"
        "年底对帮扶工作进行总结评估，听取受助职工意见，改进帮扶方式，推动帮扶工作由生活救助向发展帮扶转变，"
        "使困难职工真正感受到工会组织的温暖和关怀。")
SOURCE = YAML_HEADER + """sections:
  - type: paragraphs
    paragraphs:
      - "全年工会经费严格按照预算执行，专款专用，各项支出均经工会委员会集体研究决定，账目清楚，手续完备，\
        接受职工代表和经费审查委员会的监督。"
      - "各分工会按季度报送经费使用情况，总工会财务部门逐笔审核，发现问题及时纠正，确保经费用在职工身上。"
      - "经费审查委员会全年开展专项审查两次，对大额支出逐项核对票据和审批手续，审查意见在职工代表大会上报告。"
      - "主要支出情况见下表。"
  - type: table
    caption: 2023年度工会经费主要支出情况
    columns: [{columns}]
    rows:
      - ["1", 职工书屋, "3", 购书补贴]
      - ["2", 文体活动, "2,460", 羽毛球赛、篮球赛场地费]
      - ["3", 困难帮扶, "12,800", "{long}"]
      - ["4", 节日慰问, "560", 中秋、春节慰问品]
  - type: paragraphs
    paragraphs:
      - "新的一年，工会将继续管好用好工会经费，把每一分钱都用在为职工办实事、解难题上。"
"""


class Built:
    """Both files of the held-out table in one preset, LibreOffice's rendering of the DOCX, the preset's sizes."""

    def __init__(self, folder: Path, style: str):
        from reportgen import build

        source = folder / "经费.yaml"
        # News sets more on a page, in wider columns: the cell three times as long, to run onto a second page.
        long = LONG * (3 if style == "news" else 1)
        source.write_text(SOURCE.format(columns=", ".join(COLUMNS), long=long), encoding="utf-8")
        self.files = {p.suffix[1:]: p for p in build(source, folder / "out", style=style).outputs}
        self.files["lo"] = to_pdf(self.files["docx"], folder / "lo")
        self.style = load_style(style)
        self.rows = row_metrics(self.style)

    def __getitem__(self, name: str) -> Path:
        return self.files[name]


@pytest.fixture(scope="module", params=["official", "news"])
def files(request, tmp_path_factory) -> Built:
    return Built(tmp_path_factory.mktemp(f"table-rows-{request.param}"), request.param)


def _table(pdf_path: Path) -> list[dict]:
    """Per page: the table's column rules (x), its row rules (top), and its cell lines (baseline from the top,
    column, text) — the text between the table's first and last rule."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            verticals = sorted({round(ln["x0"], 1) for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01})
            rules = sorted({round(ln["top"], 1) for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01})
            if len(verticals) < 2:
                pages.append({"columns": [], "rules": [], "cells": [], "page": page.height})
                continue
            cells: dict[tuple[float, int], list[dict]] = {}
            for ch in page.chars:
                centre = (ch["x0"] + ch["x1"]) / 2
                baseline = page.height - ch["matrix"][5]
                if not rules[0] < baseline < rules[-1]:
                    continue
                column = next((k for k in range(len(verticals) - 1) if verticals[k] <= centre < verticals[k + 1]),
                              None)
                if column is not None:
                    cells.setdefault((round(baseline, 1), column), []).append(ch)
            lines = sorted((y, column, "".join(c["text"] for c in sorted(run, key=lambda c: c["x0"])))
                           for (y, column), run in cells.items())
            pages.append({"columns": verticals, "rules": rules, "cells": lines, "page": page.height})
    return pages


def _column(page: dict, column: int) -> list[tuple[float, str]]:
    return [(y, t) for y, c, t in page["cells"] if c == column]


def test_columns_come_from_the_content_in_whole_characters_in_both_files(files):
    """The long 说明 column is the widest, 序号 the narrowest, the header on one line; every column is whole
    characters of the table's size plus one common spare, and the DOCX's grid says the PDF's widths."""
    size = files.style.sizes.table
    ours = next(p for p in _table(files["pdf"]) if p["columns"])
    widths = [b - a for a, b in itertools.pairwise(ours["columns"])]
    assert widths[3] == max(widths) and widths[0] == min(widths), widths
    assert widths[3] > 2 * widths[1], widths
    for w in widths[1:]:
        chars = (w - widths[0]) / size
        assert abs(chars - round(chars)) < 0.02, widths  # whole characters apart
    header = [t for y, c, t in ours["cells"] if y == ours["cells"][0][0]]
    assert header == COLUMNS  # each header on one line
    with zipfile.ZipFile(files["docx"]) as z:
        xml = z.read("word/document.xml").decode()
    grid = [int(x) for x in xml.split("<w:tblGrid>")[1].split("</w:tblGrid>")[0].split('w:w="')[1:]
            for x in [x.split('"')[0]]]
    assert all(abs(g / 20 - w) < 0.1 for g, w in zip(grid, widths, strict=True)), (grid, widths)
    theirs = next(p for p in _table(files["lo"]) if p["columns"])
    assert all(abs(a - b) < 0.2 for a, b in zip(ours["columns"], theirs["columns"], strict=True))


def test_cell_text_is_set_on_its_own_leading_in_both_files(files):
    """Lines of one cell are the table's leading apart (19.3 pt for 14 pt text on the official grid of 28.95 pt,
    14 pt on news' 21 pt lines), not the body's line pitch."""
    pitch, leading = files.style.line_pitch, files.rows.leading
    for name in ("pdf", "lo"):
        page = next(p for p in _table(files[name]) if len(_column(p, 3)) > 8)
        ys = [y for y, _ in _column(page, 3)]
        steps = {round(b - a, 1) for a, b in itertools.pairwise(ys)}
        assert round(leading, 1) in steps and all(s >= leading - 0.2 for s in steps), (name, steps)
        assert max(steps) < pitch + leading, (name, steps)  # a row's padding and rule between rows, no grid line


def test_a_row_taller_than_half_a_page_splits_with_the_header_repeated_in_both_files(files):
    """The 说明 cell of row 3 runs over two pages in both files, the same lines on each; the continued page
    starts with the header row; the page the row starts on is filled down to its last line (no page ends
    with empty lines before a row that cannot be split)."""
    style, rows = files.style, files.rows
    pitch, leading = style.line_pitch, rows.leading
    long_lines = {}
    for name in ("pdf", "lo"):
        pages = _table(files[name])
        spans = [k for k, p in enumerate(pages) if any(t.startswith(("全年走访", "送去", "使困难")) or "帮扶" in t
                                                       for _, t in _column(p, 3))]
        assert len(spans) >= 2, (name, spans)
        first, second = (pages[k] for k in spans[:2])
        assert [t for y, c, t in second["cells"] if y == second["cells"][0][0]] == COLUMNS, name
        tall = len(_column(first, 3)) + len(_column(second, 3)) - 2  # the long cell's lines (less the headers)
        assert tall * leading > style.lines_per_page * pitch / 2, (name, tall)
        grid_bottom = style.page.margin_top * MM + style.lines_per_page * pitch
        # Less room left under the row's part than another line and the padding under it take.
        assert grid_bottom - first["rules"][-1] < leading + rows.bottom + 1, (name, first["rules"][-1], grid_bottom)
        long_lines[name] = [[t for _, t in _column(p, 3)] for p in (first, second)]
    assert long_lines["pdf"] == [[t.replace(" ", "") for t in page] for page in long_lines["lo"]]


def test_libreoffice_agrees_with_our_pdf_line_for_line(files):
    result = agreement.compare("table-rows", files["pdf"], files["lo"])
    assert result.pages_agree, result
    assert result.same_line_ends == result.line_ends_ours, result


def test_the_docx_table_has_its_real_header_row_no_row_heights_and_rows_that_may_split(files):
    import docx

    document = docx.Document(str(files["docx"]))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert [c.text for c in table.rows[3].cells][:3] == ["3", "困难帮扶", "12,800"]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rows = table._tbl.findall(f"{w}tr")
    assert rows[0].find(f"{w}trPr/{w}tblHeader") is not None
    assert not table._tbl.findall(f".//{w}trHeight") and not table._tbl.findall(f".//{w}cantSplit")
    text = document.styles["表格文字"].element
    assert text.find(f"{w}pPr/{w}snapToGrid").get(f"{w}val") in ("0", "false")
    spacing = text.find(f"{w}pPr/{w}spacing")
    assert spacing.get(f"{w}lineRule") == "exact" and int(spacing.get(f"{w}line")) == round(files.rows.leading * 20)
