"""The example's PDF, read back glyph by glyph (pdfplumber): line rules, justification, the GB/T 9704 page.

Positions come from the file, not from the layout code: every line's first and
last glyph, its baseline on the grid, the page numbers, the fonts, the metadata.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from reportgen.cjk.punct import CLOSING_FULLWIDTH, NO_LINE_END, NO_LINE_START, OPENING_FULLWIDTH, is_cjk
from reportgen.fonts import resolve_all
from reportgen.ir import Heading, Title
from reportgen.pipeline import prepare
from reportgen.styles import MM, load_style

from .conftest import EXAMPLE, need
from .pdfread import baseline_lines, in_face, latin_font

STYLE = load_style("official")
PAGE = STYLE.page
LEFT, RIGHT = PAGE.margin_left * MM, (PAGE.width - PAGE.margin_right) * MM
TOP, BOTTOM = (PAGE.height - PAGE.margin_top) * MM, PAGE.margin_bottom * MM
MEASURE = RIGHT - LEFT
CHARS = STYLE.grid.chars_per_line
PITCH_X = (MEASURE - STYLE.sizes.body) / (CHARS - 1)  # from one character's start to the next on a full line
TOL = 0.5


@dataclass
class PdfLine:
    page: int
    baseline: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return round(self.chars[0]["size"], 1)

    @property
    def font(self) -> str:
        return self.chars[0]["fontname"].split("+", 1)[-1]


@dataclass
class Read:
    lines: list[PdfLine]         # text lines in reading order, page numbers excluded
    numbers: list[PdfLine]       # the page-number line of each page
    pages: int
    blocks: list[tuple[object, list[PdfLine]]]  # each IR block with the lines that set it


def _read(pdf_path: Path) -> Read:
    lines, numbers = [], []
    with pdfplumber.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages):
            for chars in baseline_lines(page):
                line = PdfLine(number, round(chars[0]["matrix"][5], 1), chars)
                (numbers if line.baseline < BOTTOM else lines).append(line)
    _loaded, doc, _style = prepare(EXAMPLE)
    blocks, pos = [], 0
    for block in doc.blocks:
        want = block.full_text if isinstance(block, Heading) else block.text
        got, taken = "", []
        while got != want:
            assert pos < len(lines) and len(got) < len(want), f"lines do not spell {want[:20]}… (got {got!r})"
            got += lines[pos].text
            taken.append(lines[pos])
            pos += 1
        blocks.append((block, taken))
    assert pos == len(lines), "text after the last block"
    return Read(lines, numbers, pages, blocks)


@pytest.fixture(scope="module")
def read(example_build) -> Read:
    return _read(example_build["pdf"])


def _slot(line: PdfLine) -> float:
    """The grid line a baseline sits on (0 = first line of the text block)."""
    return (TOP - line.baseline - 0.38 * line.size) / STYLE.grid.line_pitch - 0.5


def _body_blocks(read: Read):
    return [(b, ls) for b, ls in read.blocks if not isinstance(b, Title)]


def _paragraphs(read: Read):
    """The body's blocks set as paragraphs, full lines justified (a heading's lines are balanced instead)."""
    return [(b, ls) for b, ls in _body_blocks(read) if not isinstance(b, Heading)]


def test_no_line_starts_or_ends_with_a_forbidden_mark(read):
    bad = [ln.text for ln in read.lines if ln.text[0] in NO_LINE_START or ln.text[-1] in NO_LINE_END]
    assert bad == []


def test_no_word_number_or_unit_is_split(read):
    splits = []
    for _block, lines in read.blocks:
        for a, b in itertools.pairwise(lines):
            end, start = a.text[-1], b.text[0]
            if (not is_cjk(end) and not is_cjk(start)) or (end in "—…" and start == end):
                splits.append(a.text[-6:] + " | " + b.text[:6])
    assert splits == []
    # The hard cases of this article are whole on some line.
    text = [ln.text for ln in read.lines]
    for word in ("2023", "2024", "ESD", "144", "6000+", "35+", "59", "BU", "AI"):
        assert any(word in t for t in text), word


def test_every_full_line_is_justified_to_the_measure(read):
    off = []
    for _block, lines in _paragraphs(read):
        for line in lines[:-1]:
            last = line.chars[-1]
            if last["text"] in CLOSING_FULLWIDTH:  # its blank half may be squeezed: ink in the left half
                ok = last["x0"] + last["size"] / 2 <= RIGHT + TOL and last["x1"] >= RIGHT - TOL
            else:
                ok = abs(last["x1"] - RIGHT) <= TOL
            if not ok:
                off.append((line.text, round(last["x1"] - RIGHT, 2)))
    assert off == []


def test_lines_start_at_the_margin_first_lines_two_characters_in(read):
    off = []
    for _block, lines in _body_blocks(read):
        for k, line in enumerate(lines):
            first = line.chars[0]
            want = LEFT + (2 * PITCH_X if k == 0 else 0.0)
            slack = first["size"] / 2 if first["text"] in OPENING_FULLWIDTH else 0.0
            if not (want - slack - TOL <= first["x0"] <= want + TOL):
                off.append((line.text[:10], round(first["x0"] - want, 2)))
    assert off == []


def _compressed(text: str) -> bool:
    """Whether a line holds marks set narrower than an em: a closing mark at its end (GB/T 15834 §5.1.10) or two
    adjacent marks (clreq: 1.5 em together)."""
    marks = CLOSING_FULLWIDTH | OPENING_FULLWIDTH
    return text[-1] in CLOSING_FULLWIDTH or any(a in marks and b in marks for a, b in itertools.pairwise(text))


def test_full_chinese_lines_hold_28_characters(read):
    """28 on every full all-Chinese line; 27 or 29 only where 28 would break a rule (then the breaker moved one)."""
    counted, unexplained = 0, []
    for block, lines in _paragraphs(read):
        text = block.text
        offset = 0
        for k, line in enumerate(lines):
            cells = CHARS - (2 if k == 0 else 0)
            n = len(line.text)
            if k < len(lines) - 1 and all(is_cjk(ch) for ch in line.text):
                counted += 1
                if n != cells:
                    rest = text[offset:]
                    # A mark that may not start or end a line, or a number or word that moved down whole.
                    forced = (rest[cells] in NO_LINE_START or rest[cells - 1] in NO_LINE_END
                              or not is_cjk(rest[cells - 1]))
                    if not (forced and abs(n - cells) <= 2):
                        unexplained.append((n, line.text))
                elif not _compressed(line.text):  # marks given up blank space: the line is spread, off the grid
                    xs = [c["x0"] for c in line.chars]
                    assert all(abs(x - (xs[0] + i * PITCH_X)) < 0.05 for i, x in enumerate(xs)), line.text
            offset += n
    assert counted > 40
    assert unexplained == []


def test_every_line_is_on_the_grid_and_full_pages_hold_22(read):
    by_page: dict[int, list[int]] = {}
    for line in read.lines:
        slot = _slot(line)
        assert abs(slot - round(slot)) < 0.02, (line.text, slot)
        by_page.setdefault(line.page, []).append(round(slot))
    first_block_line = {id(lines[0]) for _b, lines in read.blocks}
    last_block_line = {id(lines[-1]) for _b, lines in read.blocks}
    heading_lines = {id(ln) for b, ls in read.blocks if isinstance(b, Heading) for ln in ls}
    for page, slots in by_page.items():
        assert slots == sorted(slots) and len(set(slots)) == len(slots)
        if page == 0:
            title = [ln for ln in read.lines if ln.page == 0 and ln.size == STYLE.sizes.title]
            assert [round(_slot(ln)) for ln in title] == list(range(len(title)))
            assert min(s for s in slots if s >= len(title)) == len(title) + STYLE.title.lines_after
        if page == read.pages - 1:
            continue
        if max(slots) + 1 < STYLE.grid.lines_per_page:  # ended early: only a keep rule may do that
            nxt = [ln for ln in read.lines if ln.page == page + 1]
            assert id(nxt[0]) in heading_lines or id(nxt[1]) in last_block_line or id(nxt[0]) in first_block_line, \
                f"page {page + 1} ends after {max(slots) + 1} lines without need"
        else:
            assert max(slots) + 1 == STYLE.grid.lines_per_page


def test_headings_never_end_a_page_and_no_last_line_stands_alone_at_a_page_top(read):
    for block, lines in _body_blocks(read):
        if isinstance(block, Heading):
            following = read.lines[read.lines.index(lines[-1]) + 1]
            assert following.page == lines[-1].page, block.full_text
        elif len(lines) >= 2:
            assert lines[-1].page == lines[-2].page, block.text[:10]


def test_faces_and_sizes_per_role(read, example_build):
    style = STYLE
    faces = resolve_all(style.faces_used())

    def family(kind: str) -> str:
        from fontTools.ttLib import TTFont

        return TTFont(str(faces[kind].path), fontNumber=faces[kind].index, lazy=True)["name"].getDebugName(6)

    for block, lines in read.blocks:
        if isinstance(block, Title):
            kind, size = style.faces.title, style.sizes.title
        elif isinstance(block, Heading):
            kind, size = style.faces.heading(block.level), style.sizes.heading
        else:
            kind, size = style.faces.body, style.sizes.body
        for line in lines:
            names = {c["fontname"].split("+", 1)[-1] for c in line.chars}
            assert all(in_face(c, family(kind)) for c in line.chars), (line.text, kind, names)
            assert {round(c["size"], 1) for c in line.chars} == {size}


def test_title_is_centred_and_balanced(read):
    block, lines = read.blocks[0]
    assert isinstance(block, Title)
    widths = []
    for line in lines:
        left, right = line.chars[0]["x0"], line.chars[-1]["x1"]
        assert abs((left + right) / 2 - (LEFT + RIGHT) / 2) < TOL, line.text
        widths.append(right - left)
    assert len(lines) == 2  # too long for one line of 22 pt
    assert [ln.text for ln in lines] == ["深科技总工会召开", "2023年度工作总结及评比会议"]
    assert max(widths) <= MEASURE


def test_page_numbers_outside_one_character_in(read):
    assert len(read.numbers) == read.pages
    for line in read.numbers:
        n = line.page + 1
        assert line.text.replace(" ", "") == f"—{n}—"
        assert line.size == STYLE.sizes.page_number
        if n % 2:
            assert abs(line.chars[-1]["x1"] - (RIGHT - STYLE.sizes.body)) < TOL
        else:
            assert abs(line.chars[0]["x0"] - (LEFT + STYLE.sizes.body)) < TOL


def test_page_number_dash_is_7mm_below_the_text_block(read, example_build, tmp_path):
    """Rendered, not computed: the top of the dash's ink, found in the pixels."""
    from PIL import Image

    dpi = 288
    first = read.numbers[0].chars[0]  # the left dash on page 1
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-f", "1", "-l", "1", "-gray", "-png",
                    str(example_build["pdf"]), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    scale = dpi / 72
    x0, x1 = int(first["x0"] * scale) + 4, int(first["x1"] * scale) - 4
    height_pt = PAGE.height * MM
    rows = [y for y in range(int((height_pt - BOTTOM) * scale), int((height_pt - BOTTOM + 40) * scale))
            if any(image.getpixel((x, y)) < 128 for x in range(x0, x1))]
    assert rows, "no dash ink found below the text block"
    top_of_dash = rows[0] / scale - (height_pt - BOTTOM)
    assert abs(top_of_dash - STYLE.page_number.below_text_block * MM) < 0.6, top_of_dash


def test_metadata_outline_and_language(example_build, read):
    info = subprocess.run([need("pdfinfo"), "-isodates", str(example_build["pdf"])], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"^Title:\s+深科技总工会召开2023年度工作总结及评比会议$", info, re.M)
    assert re.search(r"^Author:\s+深科技总工会$", info, re.M)
    assert re.search(r"^Subject:\s+2023年度工作总结及评比会议$", info, re.M)
    assert re.search(r"^CreationDate:\s+2024-02-28", info, re.M), info
    assert re.search(r"^ModDate:\s+2024-02-28", info, re.M), info
    with pdfplumber.open(example_build["pdf"]) as pdf:
        catalog = pdf.doc.catalog
        assert catalog["Lang"] in (b"zh-CN", "zh-CN")
        assert str(catalog["PageMode"]).strip("/'") .endswith("UseOutlines")
        titles = [t for (_level, t, *_rest) in pdf.doc.get_outlines()]
    headings = [b.full_text for b, _ in read.blocks if isinstance(b, Heading)]
    assert titles == headings


def test_same_input_gives_identical_bytes(tmp_path):
    from reportgen import build

    first = build(EXAMPLE, tmp_path / "a", formats=["pdf"]).outputs[0].read_bytes()
    second = build(EXAMPLE, tmp_path / "b", formats=["pdf"]).outputs[0].read_bytes()
    assert first == second


def test_missing_glyphs_stop_the_build_with_their_places(tmp_path):
    """A character the role's face lacks: RG401 naming the character, the font and every input line; no output."""
    from reportgen import build
    from reportgen.diagnostics import InputError

    source = EXAMPLE.read_text(encoding="utf-8")
    source = source.replace("name: 深科技苏州工会", "name: 深科技苏州𪚥工会")  # a level-2 heading (楷体)
    source = source.replace("引导员工把看家本领", "引导员工把㐀看家本领")  # body text (仿宋)
    lines = source.splitlines()
    heading_line = next(i for i, ln in enumerate(lines, 1) if "苏州𪚥" in ln)
    body_line = next(i for i, ln in enumerate(lines, 1) if "把㐀" in ln)
    bad = tmp_path / "bad.yaml"
    bad.write_text(source, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(bad, tmp_path / "out")
    found = [d for d in caught.value.diagnostics if d.code == "RG401"]
    faces = resolve_all(STYLE.faces_used())
    by_char = {("𪚥" if "𪚥" in d.message else "㐀"): d for d in found}
    assert set(by_char) == {"𪚥", "㐀"}
    heading, body = by_char["𪚥"], by_char["㐀"]
    assert (heading.line, body.line) == (heading_line, body_line)
    assert lines[heading.line - 1][heading.col - 1] == "𪚥"
    assert faces[STYLE.faces.heading(2)].path.name in heading.message and "2级标题" in heading.message
    assert faces[STYLE.faces.body].path.name in body.message and "正文" in body.message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_raw_cmap_and_ink_readers_agree_with_fonttools():
    """reportgen.fonts reads cmaps and glyph boxes itself (fast); fontTools is the reference."""
    from fontTools.ttLib import TTFont

    from reportgen.fonts.coverage import glyph_map, ink_top

    for face in resolve_all(STYLE.faces_used()).values():
        font = TTFont(str(face.path), fontNumber=face.index)
        assert frozenset(glyph_map(face.path, face.index)[0]) - {0} == frozenset(font.getBestCmap()) - {0}, face
        glyph = font["glyf"][font.getBestCmap()[0x2014]]
        assert ink_top(face, "—") == glyph.yMax / font["head"].unitsPerEm


def test_prepared_faces_are_preferred(monkeypatch, tmp_path):
    """On Linux the prepared faces set every kind: Fandol for 仿宋/宋体/黑体/楷体 (complete GB2312), a heavy Song
    for 小标宋."""
    from fontTools.ttLib import TTFont

    from reportgen.fonts import KINDS, PREPARED, is_truetype, prepared_dir, resolve

    for spec in PREPARED.values():
        if not spec.traditional:  # made by `fonts --prepare`; the Traditional faces by `--traditional` too
            assert (prepared_dir() / spec.file).is_file(), "run `make test` (it runs `reportgen fonts --prepare` once)"
    expected = {"fangsong": "FandolFang", "song": "FandolSong", "hei": "FandolHei", "kai": "FandolKai",
                "xiaobiaosong": "Noto Serif CJK SC TT Black"}
    gb2312 = [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF)
              if (hi, lo) not in {(0xD7, lo) for lo in range(0xFA, 0xFF)}]
    assert len(gb2312) == 6763
    for kind in KINDS:
        face = resolve(kind)
        assert face.family == expected[kind] and face.path == prepared_dir() / PREPARED[face.family].file
        assert face.acceptable and is_truetype(face.path)
        font = TTFont(str(face.path), lazy=True)
        assert "CFF " not in font and not [ch for ch in gb2312 if ord(ch) not in font.getBestCmap()], kind
    assert TTFont(str(resolve("xiaobiaosong").path), lazy=True)["OS/2"].usWeightClass >= 900  # Black


# The Debian packages of CJK faces the Makefile installs (REPORT_PKGS): all a new machine has before
# `reportgen fonts --prepare`. Noto CJK is CFF, which the PDF cannot embed; the other two are TrueType.
MAKEFILE_FACE_PACKAGES = ("fonts-noto-cjk", "fonts-wqy-zenhei", "fonts-lxgw-wenkai")


def only_the_makefiles_faces(monkeypatch, tmp_path: Path) -> None:
    """fontconfig sees only the faces of MAKEFILE_FACE_PACKAGES (not whatever else this machine has) and no
    prepared faces, as on a new machine before `fonts --prepare`."""
    from reportgen.fonts.discovery import system_faces
    from reportgen.fonts.fontconfig import installed_faces

    folder = tmp_path / "faces"
    folder.mkdir()
    for package in MAKEFILE_FACE_PACKAGES:
        listed = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout.split()
        files = [Path(f) for f in listed if f.lower().endswith((".ttf", ".ttc", ".otf")) and Path(f).is_file()]
        assert files, f"{package} is not installed: run `make test`, which installs it"
        for file in files:
            (folder / file.name).symlink_to(file)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{folder}</dir>"
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "empty"))  # no prepared faces
    installed_faces.cache_clear()
    system_faces.cache_clear()


def test_without_prepared_faces_installed_truetype_faces_set_what_they_can(monkeypatch, tmp_path):
    """Before `fonts --prepare`, the kinds a packaged TrueType face can set fall back to it (黑体 and the 小标宋
    stand-in to WenQuanYi Zen Hei, 楷体 to LXGW WenKai); 宋体 and 仿宋, which no packaged TrueType face sets, stop
    with RG601 saying to run `reportgen fonts --prepare`; with files named for those two, the PDF builds in the
    mixed faces."""
    from reportgen import build
    from reportgen.fonts import PREPARED, prepared_dir, resolve
    from reportgen.fonts.discovery import FontNotFound, system_faces
    from reportgen.fonts.fontconfig import installed_faces

    prepared = {family: prepared_dir() / spec.file for family, spec in PREPARED.items()}
    only_the_makefiles_faces(monkeypatch, tmp_path)
    try:
        fallback = {kind: resolve(kind) for kind in ("hei", "kai", "xiaobiaosong")}
        for kind in ("song", "fangsong"):
            with pytest.raises(FontNotFound) as caught:
                resolve(kind)
            assert str(caught.value).startswith("RG601") and "reportgen fonts --prepare" in str(caught.value)
        out = build(EXAMPLE, tmp_path / "out", formats=["pdf"],
                    fonts={"song": prepared["FandolSong"], "fangsong": prepared["FandolFang"]}).outputs[0]
    finally:
        installed_faces.cache_clear()
        system_faces.cache_clear()
    assert {k: f.family for k, f in fallback.items()} == {
        "hei": "WenQuanYi Zen Hei", "kai": "LXGW WenKai", "xiaobiaosong": "WenQuanYi Zen Hei"}
    assert all(f.path.parent == tmp_path / "faces" for f in fallback.values())
    with pdfplumber.open(out) as pdf:
        names = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    assert any("WenQuanYi" in n for n in names) and any("LXGW" in n for n in names), names
    assert any("FandolFang" in n for n in names), names




def test_digits_in_the_title_and_hei_text_are_set_in_that_face(example_build, official):
    """The title's 2023 in the title's own Black face (not regular Times beside Black Han), digits in 黑体
    text in 黑体 (sans, not serif); body digits stay in the Latin face. The DOCX names the same faces as the
    Latin font of those styles."""
    import zipfile

    import pdfplumber
    from fontTools.ttLib import TTFont

    style, faces = official

    def name(kind: str) -> str:
        face = faces[kind]
        return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)

    title, hei = name(style.faces.title), name("hei")
    with pdfplumber.open(example_build["pdf"]) as pdf:
        digits = [(c["size"], c["fontname"].split("+", 1)[-1]) for page in pdf.pages for c in page.chars
                  if c["text"].isdigit()]
    assert {font for size, font in digits if size == style.sizes.title} == {title}
    assert {font for size, font in digits if size == style.sizes.body} - {hei, name(style.faces.body)} \
        == {latin_font()}
    with zipfile.ZipFile(example_build["docx"]) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    import re

    title_fonts = re.search(r'w:styleId="Title".*?<w:rFonts ([^>]*)/>', styles).group(1)
    assert 'w:ascii="方正小标宋简体"' in title_fonts and 'w:eastAsia="方正小标宋简体"' in title_fonts
    heading1 = re.search(r'w:styleId="Heading1".*?<w:rFonts ([^>]*)/>', styles).group(1)
    assert 'w:ascii="黑体"' in heading1
