"""A short cell (a unit's name) is kept whole or broken between words, never inside one (issue 21, "Tables"):
the photos example's 分工会 column once broke 深科技苏/州工会, 深科技东/莞工会, 成都长城/开发工会 … in four
characters. Read from our PDF and from LibreOffice's rendering of our DOCX (the layout narrows such a cell with
a right indent, `boxes._narrowed`, which both files must honour alike), in both presets, for the example and
for a table of names it does not have; the example's table no taller than before (24 lines, official).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from .conftest import ROOT
from .libreoffice import to_pdf
from .lintkit import HEADER as YAML_HEADER
from .pdfread import text

PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
UNITS = ["深科技苏州工会", "深科技惠州工会", "深科技东莞工会", "成都长城开发工会", "深科技重庆工会", "深科技精密工会",
         "深科技沛顿&合肥沛顿工会"]
# Words a break must not fall inside (a reader's list, not the segmenter's).
WORDS = ["科技", "苏州", "惠州", "东莞", "成都", "长城", "开发", "工会", "重庆", "精密", "沛顿", "合肥",
         "南京", "江北", "新区", "广州", "天河", "公司", "上海", "浦东", "研发", "中心", "武汉", "光谷", "产业",
         "西安", "高新", "杭州", "滨江", "制造", "基地", "青岛", "西海岸"]
HELD_OUT_UNITS = ["南京江北新区工会", "广州天河分公司工会", "上海浦东研发中心工会", "武汉光谷产业园工会",
                  "西安高新区分工会", "杭州滨江制造基地工会", "青岛西海岸工会"]
PROSE = ("组织职工参加技能培训和岗位练兵，开展安全生产月活动，走访慰问一线职工和困难家庭，举办读书分享会和健步走活动，"
         "推动职工之家建设")
HELD_OUT = YAML_HEADER + """sections:
  - type: paragraphs
    paragraphs:
      - "各基层工会全年工作情况见下表。"
  - type: table
    caption: 基层工会工作情况
    columns: [基层工会, 主要工作, 会员人数]
    rows:
{rows}
"""


def _first_column(pdf_path: Path) -> list[str]:
    """The lines of the table's first column, page after page, in reading order (the header's 分工会 too)."""
    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rules = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
            if not rules:
                continue
            edges = sorted({round(ln["x0"], 1) for ln in rules})
            top, bottom = min(ln["top"] for ln in rules), max(ln["bottom"] for ln in rules)
            lines: dict[float, list[dict]] = {}
            for ch in page.chars:
                if edges[0] < (ch["x0"] + ch["x1"]) / 2 < edges[1] and top < (ch["top"] + ch["bottom"]) / 2 < bottom:
                    lines.setdefault(round(ch["matrix"][5], 1), []).append(ch)  # by baseline, top line first
            out += [text(sorted(lines[y], key=lambda c: c["x0"])) for y in sorted(lines, reverse=True)]
    return out


def _breaks(lines: list[str], names: list[str]) -> dict[str, list[int]]:
    """Each name's line breaks (offsets in it), the names found in order among the column's lines."""
    found, k = {}, 0
    for name in names:
        while k < len(lines) and not name.startswith(lines[k]):
            k += 1
        assert k < len(lines), f"{name} not found in the first column: {lines}"
        got, cuts = "", []
        while got != name:
            assert k < len(lines) and name.startswith(got + lines[k]), (name, got, lines[k:k + 3])
            if got:
                cuts.append(len(got))
            got += lines[k]
            k += 1
        found[name] = cuts
    return found


def _inside_a_word(name: str, cut: int) -> list[str]:
    return [w for w in WORDS for at in range(len(name)) if name.startswith(w, at) and at < cut < at + len(w)]


def _table_lines(pdf_path: Path) -> int:
    """The table's lines of text over all its pages, a repeated header counted once."""
    total = pages = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rules = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
            if not rules:
                continue
            top, bottom = min(ln["top"] for ln in rules), max(ln["bottom"] for ln in rules)
            total += len({round(c["matrix"][5]) for c in page.chars if top < (c["top"] + c["bottom"]) / 2 < bottom})
            pages += 1
    return total - (pages - 1)


def _build(source: Path, folder: Path, style: str) -> dict[str, Path]:
    from reportgen import build

    files = {p.suffix[1:]: p for p in build(source, folder / "out", style=style).outputs}
    files["lo"] = to_pdf(files["docx"], folder / "lo")
    return files


@pytest.fixture(scope="module", params=["official", "news"])
def example(request, tmp_path_factory) -> tuple[str, dict[str, Path]]:
    return request.param, _build(PHOTOS, tmp_path_factory.mktemp(f"words-{request.param}"), request.param)


@pytest.fixture(scope="module", params=["official", "news"])
def held_out(request, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp(f"held-out-{request.param}")
    rows = "\n".join(f'      - [{name}, "{PROSE[: 20 + 9 * k]}", "{100 + 37 * k}"]'
                     for k, name in enumerate(HELD_OUT_UNITS))
    source = folder / "基层工会.yaml"
    source.write_text(HELD_OUT.format(rows=rows), encoding="utf-8")
    return _build(source, folder, request.param)


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_the_examples_unit_names_break_only_between_words(example, which):
    style, files = example
    breaks = _breaks(_first_column(files[which]), UNITS)
    inside = {name: [name[:c] + "/" + name[c:] for c in cuts if _inside_a_word(name, c)]
              for name, cuts in breaks.items()}
    assert not any(inside.values()), inside
    if style == "official":  # names do wrap there: the test sees breaks (深科技苏州/工会), not only whole names
        assert sum(len(cuts) for cuts in breaks.values()) >= 5, breaks


def test_the_examples_table_is_no_taller_and_both_files_agree(example):
    style, files = example
    lines = _table_lines(files["pdf"])
    assert lines == _table_lines(files["lo"])
    assert _first_column(files["pdf"]) == _first_column(files["lo"])
    if style == "official":
        assert lines <= 25  # the table's height before names were kept whole (4-character 分工会 column; 25
        # since numbers may end a line before their measure word, as Word lets them)


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_names_of_a_table_not_the_example_break_only_between_words(held_out, which):
    lines = _first_column(held_out[which])
    breaks = _breaks(lines, HELD_OUT_UNITS)
    inside = {name: [name[:c] + "/" + name[c:] for c in cuts if _inside_a_word(name, c)]
              for name, cuts in breaks.items()}
    assert not any(inside.values()), inside
    assert lines == _first_column(held_out["pdf"])

