"""Style presets as data: the example in `official` and `news`, both formats; what `news` changes, seen in the files."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pdfplumber
import pytest

from reportgen.cjk.punct import is_cjk
from reportgen.fonts import resolve_all
from reportgen.styles import MM, load_style

from .conftest import EXAMPLE, ROOT, corrected_paragraphs, pdftotext
from .lintkit import run
from .pdfread import in_face

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEWS = load_style("news")


@pytest.fixture(scope="module")
def news_build(tmp_path_factory) -> dict[str, Path]:
    """`reportgen build --style news` on the example, through the command line."""
    out = tmp_path_factory.mktemp("news")
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "--style", "news", "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return {p.suffix[1:]: p for p in out.iterdir()}


def test_news_preset_is_data_without_a_grid():
    assert NEWS.grid is None and NEWS.chars_per_line is None
    assert NEWS.faces.body == "song" and NEWS.headings.bold
    assert NEWS.lines_per_page == int(NEWS.page.text_height * MM / NEWS.spacing.line_pitch)


def test_example_builds_in_both_presets_and_formats_with_the_same_text(news_build, example_build):
    for build in (news_build, example_build):
        assert set(build) == {"docx", "pdf"}
        paragraphs = [p.text for p in docx.Document(str(build["docx"])).paragraphs if p.text]
        assert [p.replace("\n", "") for p in paragraphs[1:]] == corrected_paragraphs()  # long headings: w:br
        body = "".join(ln.strip() for ln in pdftotext(build["pdf"]).splitlines()
                       if ln.strip() and not re.match(r"^— ?\d+ ?—$", ln.strip()))
        assert body == "深科技总工会召开2023年度工作总结及评比会议" + "".join(corrected_paragraphs())


def test_news_pdf_song_body_off_grid_bold_subheads(news_build):
    from fontTools.ttLib import TTFont

    face = resolve_all({"song"})["song"]
    song = TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)
    left = NEWS.page.margin_left * MM
    right = (NEWS.page.width - NEWS.page.margin_right) * MM
    with pdfplumber.open(news_build["pdf"]) as pdf:
        bottom = (NEWS.page.height - NEWS.page.margin_bottom) * MM
        chars = [c for page in pdf.pages for c in page.chars if c["top"] < bottom]
        first = pdf.pages[0]
        body = [c for c in chars if round(c["size"], 1) == NEWS.sizes.body]
        baselines = sorted({round(c["matrix"][5], 2) for c in first.chars if round(c["size"], 1) == NEWS.sizes.body},
                           reverse=True)
    assert body and all(in_face(c, song) for c in body)
    gaps = {round(a - b, 2) for a, b in itertools.pairwise(baselines)}
    assert min(gaps) == pytest.approx(NEWS.spacing.line_pitch, abs=0.02)
    # no character grid: a full line is as many characters as fit at their own width, more than 28
    rows: dict[float, list[dict]] = {}
    for c in body:
        rows.setdefault(round(c["matrix"][5], 1), []).append(c)
    longest = max(len(r) for r in rows.values())
    assert longest >= int((right - left) / NEWS.sizes.body) - 1 > 28
    # sub-heads drawn bold (fill and stroke, render mode 2); the body is not
    from reportgen.ir import Heading
    from reportgen.pipeline import prepare

    headings = [b.full_text for b in prepare(EXAMPLE)[1].blocks if isinstance(b, Heading)]
    assert len(headings) == 13
    # Each one line, drawn with fill and stroke: one run for each stretch of Chinese and of letters and digits.
    runs = sum(len(list(itertools.groupby(text, key=is_cjk))) for text in headings)
    assert _content(news_build["pdf"]).count(b"2 Tr") == runs
    assert b"2 Tr" not in _content(_official[0])


def _content(pdf: Path) -> bytes:
    """Every page's content stream, decoded."""
    from pdfminer.pdftypes import resolve1

    out = b""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            contents = resolve1(page.page_obj.attrs["Contents"])
            for stream in contents if isinstance(contents, list) else [contents]:
                out += resolve1(stream).get_data()
    return out


_official: list[Path] = []


@pytest.fixture(autouse=True, scope="module")
def _official_build(example_build):
    _official.append(example_build["pdf"])


def test_news_docx_styles(news_build):
    with zipfile.ZipFile(news_build["docx"]) as package:
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
        document = ElementTree.fromstring(package.read("word/document.xml"))

    def style(sid):
        return styles.find(f"{W}style[@{W}styleId='{sid}']")

    grid = document.find(f".//{W}sectPr/{W}docGrid")
    assert grid.get(f"{W}type") is None, "no line grid"
    assert style("Normal").find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
    assert style("Normal").find(f"{W}rPr/{W}sz").get(f"{W}val") == "24"
    assert style("Normal").find(f"{W}rPr/{W}spacing").get(f"{W}val") == "0"  # characters at their own width
    assert style("Normal").find(f"{W}pPr/{W}spacing").get(f"{W}line") == str(round(NEWS.spacing.line_pitch * 20))
    for level in (1, 2):
        heading = style(f"Heading{level}")
        assert heading.find(f"{W}rPr/{W}b") is not None and heading.find(f"{W}rPr/{W}b").get(f"{W}val") is None
        assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
    margins = document.find(f".//{W}sectPr/{W}pgMar")
    assert round(int(margins.get(f"{W}top")) / 1440 * 25.4) == NEWS.page.margin_top


def test_docx_core_properties_longer_than_255_characters_are_cut(tmp_path):
    """Found by fuzzing: python-docx refuses a core property over 255 characters."""
    from reportgen.ir import Document, Meta, Paragraph, Title
    from reportgen.writers import writer_for

    style = load_style("official")
    long = "很长的会议名称" * 60
    doc = Document(Meta(title=long, author=long, subject=long, date=__import__("datetime").date(2024, 2, 28),
                        keywords=(long, long)), [Title("标题"), Paragraph("正文。")])
    target = tmp_path / "long.docx"
    writer_for("docx")(doc, style, resolve_all(style.faces_used()), target)
    props = docx.Document(str(target)).core_properties
    for value in (props.title, props.author, props.subject, props.keywords):
        assert len(value) == 255 and value.endswith("…") and long.startswith(value[:-1])
    assert dataclasses.is_dataclass(doc)


@pytest.mark.parametrize(("override", "words"), [
    ("page:\n  widht: 210\n", ["page.widht", "未知的键"]),
    ("page: [210, 297, 37, 35, 28, 26]\n", ["`page` 应为映射"]),
    ("faces: 黑体\n", ["`faces` 应为映射"]),
    ("sizes:\n  title: 很大\n", ["`sizes.title` 应为数字"]),
    ("faces:\n  body: 华文彩云\n", ["`faces.body` 应为", "华文彩云"]),
])
def test_a_malformed_user_preset_is_refused_naming_the_file_and_key(tmp_path, override, words):
    from reportgen.styles import StyleError

    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "official.yaml").write_text(override, encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style("official", [tmp_path])
    message = str(caught.value)
    rest = message.removeprefix(f"{tmp_path / 'styles' / 'official.yaml'}:")
    assert rest != message and re.match(r"[12]:\d+: RG503 样式文件有误：", rest), message
    for word in words:
        assert word in message


# (user preset files, code, words the message must hold); each is refused by `build` with exit 1, never 3.
_BAD_PRESETS = {
    "negative size": ({"official": "sizes:\n  body: -3\n"}, "RG503", ["`sizes.body` 应不小于 4", "-3"]),
    "absurd size": ({"official": "sizes:\n  title: 2200\n"}, "RG503", ["`sizes.title` 应不大于 300"]),
    "zero chars per line": ({"official": "grid:\n  chars_per_line: 0\n"}, "RG503",
                            ["`grid.chars_per_line` 应不小于 10"]),
    "zero lines per page": ({"official": "grid:\n  lines_per_page: 0\n"}, "RG503",
                            ["`grid.lines_per_page` 应不小于 1"]),
    "zero line pitch": ({"official": "grid:\n  line_pitch: 0\n"}, "RG503", ["`grid.line_pitch` 应大于 0"]),
    "negative margin": ({"official": "page:\n  margin_top: -1\n"}, "RG503", ["`page.margin_top` 应不小于 0"]),
    "margins wider than the page": ({"official": "page:\n  margin_left: 120\n  margin_right: 100\n"}, "RG503",
                                    ["`page.margin_right`",
                                     "margin_left + margin_right（220 mm）应小于页宽 width（210 mm）"]),
    "page number without {n}": ({"official": "page_number:\n  format: 第页\n"}, "RG503",
                                ["`page_number.format`", "{n}"]),
    "page number with {n} twice": ({"official": "page_number:\n  format: \"{n}/{n}\"\n"}, "RG503",
                                   ["`page_number.format`"]),
    "page number with other braces": ({"official": "page_number:\n  format: \"{n} {x}\"\n"}, "RG503",
                                      ["`page_number.format`"]),
    "bad mark colour": ({"official": "minutes:\n  mark_color: 红色\n"}, "RG503", ["`minutes.mark_color`"]),
    # the values fit together: each message names the key the user's file set, at its line
    "no room for the indent": ({"official": "grid:\n  chars_per_line: 10\nbody:\n  first_line_indent_chars: 6\n"},
                               "RG503", ["`body.first_line_indent_chars`", "一半"]),
    "body taller than the grid line": ({"official": "grid:\n  line_pitch: 12\n"}, "RG503",
                                       ["`grid.line_pitch`", "应不小于正文字号"]),
    "more lines than the page holds": ({"official": "grid:\n  lines_per_page: 30\n"}, "RG503",
                                       ["`grid.lines_per_page`", "超出版心高度"]),
    "more characters than the line holds": ({"official": "grid:\n  chars_per_line: 40\n"}, "RG503",
                                            ["`grid.chars_per_line`", "超出版心宽度"]),
    "a body size the grid cannot hold": ({"official": "sizes:\n  body: 20\n"}, "RG503", ["`sizes.body`"]),
    "a title wider than a quarter line": ({"official": "sizes:\n  title: 120\n"}, "RG503",
                                          ["`sizes.title`", "一行排不下 4 个字"]),
    "a table size wider than a tenth": ({"official": "sizes:\n  table: 50\n"}, "RG503", ["`sizes.table`"]),
    "a page narrower than the text": ({"official": "page:\n  width: 60\n  margin_left: 5\n  margin_right: 5\n"},
                                      "RG503", ["`page."]),
    "page number off the paper": ({"official": "page_number:\n  below_text_block: 40\n"}, "RG503",
                                  ["`page_number.below_text_block`", "纸外"]),
    "mark below the page's middle": ({"official": "minutes:\n  mark_top: 150\n"}, "RG503", ["`minutes.mark_top`"]),
    "too many lines after the title": ({"official": "title:\n  lines_after: 11\n"}, "RG503",
                                       ["`title.lines_after`"]),
    "a size that is a flag": ({"official": "sizes:\n  body: true\n"}, "RG503", ["`sizes.body` 应为数字"]),
    "a count that is a fraction": ({"official": "grid:\n  lines_per_page: 21.5\n"}, "RG503",
                                   ["`grid.lines_per_page` 应为整数"]),
    "a negative line count": ({"official": "grid:\n  lines_per_page: -1\n"}, "RG503",
                              ["`grid.lines_per_page` 应不小于 1"]),
    "a font name with a control character": ({"official": "docx:\n  song: \"宋\\x01体\"\n"}, "RG503", ["`docx.song`"]),
    "no grid, line pitch below the size": ({"official": "grid: null\nspacing:\n  line_pitch: 10\n"}, "RG503",
                                           ["`spacing.line_pitch`"]),
    "malformed YAML": ({"official": "sizes: [\n"}, "RG502", ["不是有效的 YAML"]),
    "not a mapping": ({"official": "- 16\n- 22\n"}, "RG502", ["应为映射"]),
    "extends cycle": ({"official": "extends: mine\n", "mine": "extends: official\n"}, "RG504",
                      ["official → mine → official"]),
}


@pytest.mark.parametrize("case", _BAD_PRESETS, ids=list(_BAD_PRESETS))
def test_malformed_presets_exit_1_with_their_code(tmp_path, capsys, case):
    files, code, words = _BAD_PRESETS[case]
    (tmp_path / "tpl" / "styles").mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "tpl" / "styles" / f"{name}.yaml").write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "build", str(EXAMPLE), "--templates", str(tmp_path / "tpl"),
                           "-o", str(tmp_path / "out"))
    assert status == 1 and out == ""
    (line,) = err.splitlines()
    blamed = "mine" if code == "RG504" else "official"  # a cycle: the file whose `extends` closes it
    assert line.startswith(f"{tmp_path / 'tpl' / 'styles' / blamed}.yaml"), line
    where = line.removeprefix(f"{tmp_path / 'tpl' / 'styles' / blamed}.yaml")
    if code == "RG503":  # a value: its line and column in that file, at the key named
        key = re.search(r"`([a-z_.]+)`", line)
        assert key and re.match(rf":(\d+):(\d+): {code} ", where), line
        number, col = map(int, re.match(r":(\d+):(\d+)", where).groups())
        text = files["official"].splitlines()[number - 1]
        assert text[col - 1:].startswith(key.group(1).split(".")[-1]), (line, text)
    else:
        assert re.match(rf"(:\d+:\d+)?: {code} ", where), line  # YAML errors with their line and column
    for word in words:
        assert word in line
    assert not (tmp_path / "out").exists()


def test_a_preset_that_does_not_exist_is_rg501(tmp_path, capsys):
    status, _out, err = run(capsys, "build", str(EXAMPLE), "--style", "nosuch", "-o", str(tmp_path / "out"))
    assert status == 1
    assert err.startswith("styles/nosuch.yaml: RG501 找不到样式 `nosuch`"), err


def test_a_preset_given_as_a_file_path_is_told_to_be_named(tmp_path, capsys):
    """`--style 我的样式.yaml`: the message stands at that file and says where a preset's file goes."""
    preset = tmp_path / "我的样式.yaml"
    preset.write_text("extends: official\n", encoding="utf-8")
    status, _out, err = run(capsys, "build", str(EXAMPLE), "--style", str(preset), "-o", str(tmp_path / "out"))
    assert status == 1 and not (tmp_path / "out").exists()
    assert err.startswith(f"{preset}: RG501 找不到样式 `{preset}`；这里写样式名，不写文件路径"), err
    assert "styles/ 中" in err and "`我的样式`" in err, err


def test_a_value_from_the_built_in_preset_is_blamed_on_the_user_file_that_set_it(tmp_path):
    """A user file that extends `official` and sets a bad size: the message names the user file."""
    from reportgen.styles import StyleError

    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "mine.yaml").write_text("extends: official\nsizes:\n  body: 0\n", encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style("mine", [tmp_path])
    assert caught.value.code == "RG503" and caught.value.file == str(tmp_path / "styles" / "mine.yaml")
    assert "`sizes.body` 应不小于 4" in caught.value.message
    assert (caught.value.line, caught.value.col) == (3, 3)


def test_presets_are_frozen_models_that_refuse_unknown_keys():
    import pydantic

    style = load_style("official")
    with pytest.raises(pydantic.ValidationError):
        style.sizes.body = 12
    assert style.faces.heading(1) == "hei" and style.faces.heading(9) == "fangsong"
    assert style.faces_used() == {"xiaobiaosong", "fangsong", "hei", "kai", "song"}
    assert style.docx.east_asia("kai", "x") == "楷体" and style.docx.east_asia("nothing", "x") == "x"
    assert (style.line_pitch, style.lines_per_page, style.chars_per_line) == (28.95, 22, 28)
    assert style.caption_size == style.sizes.body == 16


def test_a_preset_named_in_the_input_that_does_not_exist_is_rg501_at_the_style_line(tmp_path, capsys):
    """Found by the fuzz test: `style: 0` was blamed on a preset file that does not exist."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("style: official", "style: offical")
    source = tmp_path / "in.yaml"
    source.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("style:"))
    status, _out, err = run(capsys, "build", str(source), "-o", str(tmp_path / "out"))
    assert status == 1
    assert err.startswith(f"{source}:{line}:8: RG501 找不到样式 `offical`"), err
