"""The formal edition (kind: formal, 正式报告, issue 25): the red head, 主送, the signature, date and seal by GB/T
9704-2012 §7.2–7.3.5, measured in our PDF (pdfplumber: glyphs, rules, images) and in LibreOffice's rendering of
the DOCX, each within 0.5 mm of where the standard puts it; the spacing adjusted when the last page is full
(§7.3.5.5), never a page with only the signature; without a seal, §7.3.5.2; the located errors of its block."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from reportgen.formal import number_problem
from reportgen.pipeline import inspect
from reportgen.styles import MM, load_style

from .conftest import ROOT, build_into, pdftotext
from .libreoffice import to_pdf
from .pdfread import baseline_lines, text

FORMAL = ROOT / "inputs" / "2023-union-annual-meeting-formal.yaml"
STYLE = load_style("official")
LEFT, RIGHT = STYLE.page.margin_left * MM, (STYLE.page.width - STYLE.page.margin_right) * MM
TOP = STYLE.page.margin_top * MM                                  # the text block's top, from the page's top
BOTTOM = (STYLE.page.height - STYLE.page.margin_bottom) * MM
CHAR = (RIGHT - LEFT - STYLE.sizes.body) / (STYLE.grid.chars_per_line - 1)  # one character on the grid
PITCH = STYLE.grid.line_pitch
BODY = STYLE.sizes.body
TOLERANCE = 0.5 * MM
EM_TOP, EM_BOTTOM = 0.88, 0.12  # the CJK em box about the baseline, in ems
NUMBER, SIGNER = "深科工〔2024〕3号", "签发人：邱胜"
ISSUER, DATE = "深科技总工会", "2024年3月1日"
NOTE = "（联系人：刘宁，电话：0755-12345678）"


@dataclass
class Ln:
    """A line read back: its text, glyphs, baseline (pt from the page's top) and size."""

    text: str
    chars: list[dict]
    base: float
    size: float

    @property
    def em_top(self) -> float:
        return self.base - EM_TOP * self.size

    @property
    def em_bottom(self) -> float:
        return self.base + EM_BOTTOM * self.size

    @property
    def middle(self) -> float:
        """The em box's middle: where a line sits in its grid line, whatever its size."""
        return (self.em_top + self.em_bottom) / 2

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]


def _family(kind: str) -> str:
    """The PostScript name of the face this machine sets `kind` in (as the PDF embeds it)."""
    from fontTools.ttLib import TTFont

    from reportgen.fonts import resolve_all

    face = resolve_all({kind})[kind]
    return TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"].getDebugName(6)


def lines_of(page) -> list[Ln]:
    out = []
    for chars in baseline_lines(page):
        out.append(Ln(text(chars).replace(" ", ""), chars, page.height - chars[0]["matrix"][5],
                      max(c["size"] for c in chars)))
    return out


def find(lines: list[Ln], wanted: str) -> Ln:
    matches = [ln for ln in lines if ln.text == wanted]
    assert matches, f"no line {wanted!r} among {[ln.text for ln in lines]}"
    return matches[0]


def is_red(colour) -> bool:
    return bool(colour) and len(colour) == 3 and colour[0] > 0.8 and colour[1] < 0.2 and colour[2] < 0.2


def red_rules(page) -> list[dict]:
    """Red horizontal rules however a PDF draws them: stroked lines, thin filled rectangles or paths."""
    found = []
    for shape in page.lines + page.rects + page.curves:
        colour = shape.get("stroking_color") if shape["object_type"] == "line" else (
            shape.get("non_stroking_color") if shape.get("fill") else shape.get("stroking_color"))
        if is_red(colour) and shape["bottom"] - shape["top"] < 3:
            found.append(shape)
    return found


def render_both(source: Path, folder: Path) -> dict[str, Path]:
    """Our PDF and LibreOffice's rendering of our DOCX: {"ours": pdf, "libreoffice": pdf, "docx": docx}."""
    built = build_into(source, folder)
    return {"ours": built["pdf"], "libreoffice": to_pdf(built["docx"], folder / "libreoffice"),
            "docx": built["docx"]}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, Path]:
    return render_both(FORMAL, tmp_path_factory.mktemp("formal"))


def variant(folder: Path, edit) -> Path:
    """The formal example edited by `edit` (source text → source text), with its images beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "inputs" / "images", folder / "images", dirs_exist_ok=True)
    target = folder / FORMAL.name
    target.write_text(edit(FORMAL.read_text(encoding="utf-8")), encoding="utf-8")
    return target


# --- the head -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_red_head_mark_number_signers_rule_title_and_addressee(example, which):
    with pdfplumber.open(example[which]) as pdf:
        page = pdf.pages[0]
        lines = lines_of(page)
        rules = red_rules(page)
    mark = lines[0]
    assert mark.text == "深科技总工会文件"
    assert all(is_red(c["non_stroking_color"]) for c in mark.chars), "the mark is red"
    assert abs(mark.em_top - TOP - 35 * MM) < TOLERANCE, f"mark top {(mark.em_top - TOP) / MM:.2f} mm below block"
    assert abs((mark.x0 + mark.x1) / 2 - (LEFT + RIGHT) / 2) < TOLERANCE, "centred"
    assert RIGHT - LEFT - 2 * TOLERANCE < mark.x1 - mark.x0 <= RIGHT - LEFT + TOLERANCE, "as wide as the block"
    assert mark.size <= STYLE.formal.mark_max + 0.1
    # the number one character in on the line of the (last) signer, 签发人 one character in from the right
    line = lines[1]
    assert line.text == NUMBER + SIGNER
    number = line.chars[:len(NUMBER)]
    assert abs(number[0]["x0"] - (LEFT + CHAR)) < TOLERANCE
    assert abs(line.x1 - (RIGHT - CHAR)) < TOLERANCE
    assert 2 * PITCH <= line.em_top - mark.em_bottom < 3 * PITCH, "two blank lines below the mark"
    label, names = line.chars[len(NUMBER):len(NUMBER) + 4], line.chars[len(NUMBER) + 4:]
    assert text(label) == "签发人："
    kai, fang = _family("kai"), _family("fangsong")
    assert all(c["fontname"].split("+", 1)[-1].startswith(kai) for c in names), [c["fontname"] for c in names]
    assert all(c["fontname"].split("+", 1)[-1].startswith(fang) for c in label), [c["fontname"] for c in label]
    # the red rule 4 mm below the number, as wide as the block
    assert len(rules) == 1, rules
    rule = rules[0]
    y = (rule["top"] + rule["bottom"]) / 2
    assert abs(y - line.em_bottom - 4 * MM) < TOLERANCE, f"rule {(y - line.em_bottom) / MM:.2f} mm below"
    assert abs(rule["x0"] - LEFT) < TOLERANCE and abs(rule["x1"] - RIGHT) < TOLERANCE
    # the title two blank lines below the rule (on the third grid line under the number), 主送 one blank line
    # below the title, flush left, ending in a full-width colon
    title = [ln for ln in lines if ln.size == STYLE.sizes.title]
    assert "".join(t.text for t in title) == "深科技总工会关于2023年度工作总结及评比会议情况的报告"
    assert abs(title[0].middle - line.middle - 3 * PITCH) < TOLERANCE
    addressee = find(lines, "深圳市总工会：")
    assert abs(addressee.middle - title[-1].middle - 2 * PITCH) < TOLERANCE
    assert abs(addressee.x0 - LEFT) < TOLERANCE


def test_head_in_both_renderings_at_the_same_places(example):
    """LibreOffice sets the head where our PDF does: the mark, the number's line, the rule, within 0.5 mm."""
    found = {}
    for which in ("ours", "libreoffice"):
        with pdfplumber.open(example[which]) as pdf:
            page = pdf.pages[0]
            lines = lines_of(page)
            rule = red_rules(page)[0]
            found[which] = (lines[0].em_top, lines[1].base, (rule["top"] + rule["bottom"]) / 2)
    for ours, theirs, what in zip(found["ours"], found["libreoffice"], ("mark", "number", "rule"), strict=True):
        assert abs(ours - theirs) < TOLERANCE, f"{what}: ours {ours / MM:.2f} mm, LibreOffice {theirs / MM:.2f} mm"


# --- signature, date and seal ------------------------------------------------------------------------------

@dataclass
class Signed:
    page: int
    issuer: Ln
    date: Ln
    seal: dict | None
    above: Ln | None  # the text line above the signature
    lines: list[Ln]


def signature(pdf_path: Path) -> Signed:
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages):
            lines = [ln for ln in lines_of(page) if ln.em_top < BOTTOM]
            dates = [k for k, ln in enumerate(lines) if ln.text == DATE]
            if dates:
                k = dates[0]
                assert lines[k - 1].text == ISSUER, [ln.text for ln in lines]
                seals = [im for im in page.images if im["x1"] - im["x0"] > 30 * MM]
                return Signed(number, lines[k - 1], lines[k], seals[0] if seals else None,
                              lines[k - 2] if k >= 2 else None, lines)
    raise AssertionError(f"no signature date {DATE} in {pdf_path}")


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_seal_over_the_name_and_date(example, which):
    """§7.3.5.1: the date four characters in; the name centred over it; the seal centred over both, the name
    and the date in its lower half (just below its centre); its top within one line of the text above."""
    signed = signature(example[which])
    issuer, date, seal = signed.issuer, signed.date, signed.seal
    assert seal is not None, "the seal is drawn"
    assert abs(seal["x1"] - seal["x0"] - STYLE.formal.seal_diameter * MM) < TOLERANCE
    assert abs(date.x1 - (RIGHT - 4 * CHAR)) < TOLERANCE, "date four characters in from the right"
    date_centre = (date.x0 + date.x1) / 2
    assert abs((issuer.x0 + issuer.x1) / 2 - date_centre) < TOLERANCE, "name centred over the date"
    assert abs((seal["x0"] + seal["x1"]) / 2 - date_centre) < TOLERANCE, "seal centred over the date"
    centre = (seal["top"] + seal["bottom"]) / 2
    assert centre <= issuer.em_top and date.em_bottom <= seal["bottom"], "name and date in the seal's lower half"
    assert issuer.em_top - centre < PITCH / 2, "just below the centre"
    above = signed.above
    assert above is not None and above.text.endswith("未来！")
    assert above.em_bottom - PITCH <= seal["top"] <= above.em_bottom + PITCH, "seal top within one line"
    assert abs(date.base - issuer.base - PITCH) < TOLERANCE
    note = find(signed.lines, NOTE)
    assert abs(note.base - date.base - PITCH) < TOLERANCE and abs(note.x0 - (LEFT + 2 * CHAR)) < TOLERANCE


def test_seal_on_the_same_page_and_place_in_both(example):
    ours, theirs = signature(example["ours"]), signature(example["libreoffice"])
    assert ours.page == theirs.page
    assert ours.seal is not None and theirs.seal is not None
    for key in ("x0", "x1", "top", "bottom"):
        assert abs(ours.seal[key] - theirs.seal[key]) < TOLERANCE, key


def test_seal_drawn_over_the_text_and_transparent(example):
    """The seal is drawn after the text of its page (over it: only the page number's pieces follow) with a soft
    mask, so the name shows through; in the DOCX an anchored picture in front of the text, not wrapped."""
    import zipfile

    assert b"/SMask" in example["ours"].read_bytes()
    with pdfplumber.open(example["ours"]) as pdf:
        page = pdf.pages[signature(example["ours"]).page].page_obj
        from pdfminer.pdftypes import resolve1

        stream = b"".join(resolve1(ref).get_data() for ref in (page.contents or []))
    seal = stream.rfind(b" Do")
    assert seal > 0
    assert stream[:seal].count(b"BT") > 10 and stream[seal:].count(b"BT") <= 3, "the seal over the text"
    with zipfile.ZipFile(example["docx"]) as package:
        document = package.read("word/document.xml").decode("utf-8")
    anchors = re.findall(r"<wp:anchor [^>]*>.*?</wp:anchor>", document, re.S)
    seals = [a for a in anchors if "印章" in a]
    assert len(seals) == 1
    assert 'behindDoc="0"' in seals[0] and "<wp:wrapNone/>" in seals[0]


# --- the spacing adjusted: a full last page -----------------------------------------------------------------

def only_signature_pages(pdf_path: Path) -> list[int]:
    """Pages whose text (page number, 附注 and end block aside) is only the signature and the date."""
    bad = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages):
            texts = {ln.text for ln in lines_of(page) if ln.em_top < BOTTOM and not ln.text.startswith(("抄送",))
                     and not ln.text.endswith("印发") and ln.text != NOTE}
            if texts and texts <= {ISSUER, DATE}:
                bad.append(number)
    return bad


def _extra(count: int):
    """The example with `count` one-line paragraphs after the closing paragraph."""
    def edit(source: str) -> str:
        return source.rstrip("\n") + "\n" + "".join(f'      - "会议要求各分工会认真抓好第{k + 1}项落实。"\n'
                                                     for k in range(count))
    return edit


def _plan(count: int, folder: Path):
    from reportgen.fonts import resolve_all
    from reportgen.fonts.discovery import resolve_latin
    from reportgen.layout.flow import arrange
    from reportgen.layout.grid import settle_sign
    from reportgen.layout.measure import face_metrics
    from reportgen.pipeline import prepare

    _loaded, doc, style = prepare(variant(folder, _extra(count)))
    faces = dict(resolve_all(style.faces_used()))
    latin = resolve_latin(style.docx.latin)
    if latin is not None:
        faces["latin"] = latin
    fonts = face_metrics(faces, style.faces_used())
    return settle_sign(arrange(doc, style, fonts), style, fonts).sign


@pytest.fixture(scope="module")
def full_page(tmp_path_factory) -> dict[str, Path]:
    """The example with as many one-line paragraphs added as fill the last page of text to its last grid line
    (the signature, its blank line and the 附注 then need all their lines more: the spacing adjusted)."""
    folder = tmp_path_factory.mktemp("full")
    for count in range(0, 30):
        plan = _plan(count, folder / f"probe{count}")
        if plan is not None and plan.squeeze_from is not None and plan.extra == plan.blank + 3:
            return render_both(variant(folder / "built", _extra(count)), folder / "out") | {"count": Path(str(count))}
    pytest.fail("no number of added lines filled the last page")


def test_a_page_with_only_the_signature_is_detected(tmp_path):
    """The check itself can fail: a page with the name and the date alone is flagged, one with text is not."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from reportgen.fonts import resolve

    face = resolve("fangsong")
    pdfmetrics.registerFont(TTFont("rg-test-fangsong", str(face.path), subfontIndex=face.index))
    target = tmp_path / "alone.pdf"
    canvas = Canvas(str(target), pagesize=(STYLE.page.width * MM, STYLE.page.height * MM))
    height = STYLE.page.height * MM
    for lines in (["会议圆满完成各项议程。", ISSUER, DATE], [ISSUER, DATE]):
        canvas.setFont("rg-test-fangsong", BODY)
        for k, line in enumerate(lines):
            canvas.drawString(LEFT, height - TOP - (k + 1) * PITCH, line)
        canvas.showPage()
    canvas.save()
    assert only_signature_pages(target) == [1]


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_full_last_page_keeps_text_with_the_signature(full_page, which):
    """§7.3.5.5: the last page was full, yet the name, the date and the seal share it with the text, its lines
    set closer; no page holds only the signature."""
    signed = signature(full_page[which])
    body = [ln for ln in signed.lines if ln.text not in (ISSUER, DATE, NOTE) and ln.size == BODY]
    assert len(body) >= 10, [ln.text for ln in signed.lines]
    assert signed.seal is not None
    assert only_signature_pages(full_page[which]) == []
    lines = [ln for ln in signed.lines if ln.size == BODY]
    assert lines[-1].em_bottom <= BOTTOM + TOLERANCE, "the page's text stays in the text block"
    gaps = [b.base - a.base for a, b in itertools.pairwise(lines)]
    assert min(gaps) < PITCH - 0.5, "the lines of that page set closer"
    assert min(gaps) >= 1.15 * BODY - 0.1


def test_full_last_page_same_pages_in_both(full_page):
    assert signature(full_page["ours"]).page == signature(full_page["libreoffice"]).page
    with pdfplumber.open(full_page["ours"]) as a, pdfplumber.open(full_page["libreoffice"]) as b:
        assert len(a.pages) == len(b.pages)


# --- without a seal: §7.3.5.2 -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def unsealed(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("unsealed")
    source = variant(folder / "in", lambda s: re.sub(r"\n  seal: [^\n]*", "", s))
    return render_both(source, folder / "out")


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_without_a_seal_name_two_in_date_below(unsealed, which):
    """§7.3.5.2: one blank line below the text; the date (longer than the name) two characters in from the right,
    the name's first character two characters left of the date's; no image."""
    signed = signature(unsealed[which])
    assert signed.seal is None
    above = signed.above
    assert above is not None and above.text.endswith("未来！")
    assert abs(signed.issuer.base - above.base - 2 * PITCH) < TOLERANCE, "one blank line below the text"
    assert abs(signed.date.base - signed.issuer.base - PITCH) < TOLERANCE
    assert abs(signed.date.x1 - (RIGHT - 2 * CHAR)) < TOLERANCE
    assert abs(signed.date.x0 - signed.issuer.x0 - 2 * CHAR) < TOLERANCE


# --- the input ----------------------------------------------------------------------------------------------

def test_number_form():
    assert number_problem("深科工〔2024〕3号") is None
    assert "六角括号" in number_problem("深科工[2024]3号")
    assert "六角括号" in number_problem("深科工（2024）3号")
    assert "四位" in number_problem("深科工〔24〕3号")
    assert "第" in number_problem("深科工〔2024〕第3号")
    assert "虚位" in number_problem("深科工〔2024〕03号")
    assert number_problem("深科工2024年3号")


def _codes(path: Path) -> list[tuple[str, int, str]]:
    _loaded, problems = inspect(path)
    return [(d.code, d.line, d.message) for d in problems if d.code.startswith("RG22")]


def _line_of(source: str, needle: str) -> int:
    return next(k + 1 for k, line in enumerate(source.splitlines()) if needle in line)


def test_located_errors_for_the_formal_block(tmp_path):
    from PIL import Image as Pillow

    folder = tmp_path / "in"
    source = variant(folder, lambda s: s.replace("date: 2024-03-01 ", "date: 2024-02-01 "))
    found = _codes(source)
    assert [f[:2] for f in found] == [("RG223", _line_of(source.read_text(encoding="utf-8"), "date: 2024-02-01"))]
    assert "早于会议日期" in found[0][2]
    source = variant(folder, lambda s: s.replace("深科工〔2024〕3号", "深科工[2024]3号")
                     .replace("images/示例印章.png", "images/2023-meeting.jpg")
                     .replace("date: 2024-03-01 ", "date: 2024-02-01 "))
    text_ = source.read_text(encoding="utf-8")
    found = _codes(source)
    assert ("RG221", _line_of(text_, "number: 深科工")) in [f[:2] for f in found], found
    assert ("RG223", _line_of(text_, "date: 2024-02-01")) in [f[:2] for f in found], "all in one pass"
    seal = [f for f in found if f[0] == "RG222"]
    assert seal and seal[0][1] == _line_of(text_, "seal:") and "PNG" in seal[0][2]
    # a PNG without transparency
    Pillow.new("RGB", (50, 50), (230, 0, 0)).save(folder / "images" / "flat.png")
    source.write_text(text_.replace("images/2023-meeting.jpg", "images/flat.png"), encoding="utf-8")
    seal = [f for f in _codes(source) if f[0] == "RG222"]
    assert seal and "透明" in seal[0][2]
    # a seal that is not there
    source.write_text(text_.replace("images/2023-meeting.jpg", "images/nothing.png"), encoding="utf-8")
    assert [f for f in _codes(source) if f[0] == "RG222"]


def test_the_example_checks_clean():
    assert _codes(FORMAL) == []


def test_kind_option_makes_the_formal_edition_of_the_report(tmp_path):
    """`--kind formal` on the plain report input: the default title, the mark, no seal (so §7.3.5.2)."""
    report = ROOT / "inputs" / "2023-union-annual-meeting.yaml"
    run = subprocess.run([sys.executable, "-m", "reportgen", "build", str(report), "--kind", "formal", "-f", "pdf",
                          "-o", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    out = pdftotext(tmp_path / "2023-union-annual-meeting-正式报告.pdf").replace("\n", "")
    out = re.sub(r"— ?\d+ ?—", "", out)
    assert out.startswith("深科技总工会文件")
    assert "深科技总工会关于2023年度工作总结及评比会议情况的报告" in out.replace(" ", "")
    assert "深科技总工会2024年2月28日" in out.replace(" ", "")


# --- 份号, 密级, 紧急程度 and several signers ------------------------------------------------------------------

@pytest.fixture(scope="module")
def cornered(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cornered")
    source = variant(folder / "in", lambda s: s.replace(
        "  signers: [邱胜]",
        '  signers: [邱胜, 刘宁, 王五]\n  copy_no: "000001"\n  secrecy: 秘密★1年\n  urgency: 特急'))
    return render_both(source, folder / "out")


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_corner_lines_and_three_signers(cornered, which):
    """份号, 密级, 紧急程度 flush left on the block's first three lines (§7.2.1–7.2.3), the mark still 35 mm
    down; three signers two a line, the second line's names under the first's, the number on the last line."""
    with pdfplumber.open(cornered[which]) as pdf:
        page = pdf.pages[0]
        lines = lines_of(page)
        rules = red_rules(page)
    for k, wanted in enumerate(("000001", "秘密★1年", "特急")):
        line = lines[k]
        assert line.text == wanted
        assert abs(line.x0 - LEFT) < TOLERANCE
        assert int((line.middle - TOP) // PITCH) == k, f"{wanted} on grid line {(line.middle - TOP) / PITCH:.2f}"
    mark = lines[3]
    assert mark.text == "深科技总工会文件"
    assert abs(mark.em_top - TOP - 35 * MM) < TOLERANCE
    first, last = lines[4], lines[5]
    assert first.text == "签发人：邱胜　刘宁" or first.text == "签发人：邱胜刘宁", first.text
    assert last.text == NUMBER + "王五"
    assert abs(last.base - first.base - PITCH) < TOLERANCE
    assert 2 * PITCH <= first.em_top - mark.em_bottom < 3 * PITCH
    assert abs(first.x1 - (RIGHT - CHAR)) < TOLERANCE
    assert abs(first.chars[4]["x0"] - last.chars[len(NUMBER)]["x0"]) < TOLERANCE, "names aligned"
    assert abs(last.x0 - (LEFT + CHAR)) < TOLERANCE
    rule = rules[0]
    assert abs((rule["top"] + rule["bottom"]) / 2 - last.em_bottom - 4 * MM) < TOLERANCE


def test_same_input_same_bytes(tmp_path):
    first = build_into(FORMAL, tmp_path / "a")
    second = build_into(FORMAL, tmp_path / "b")
    for fmt in ("docx", "pdf"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt


def test_next_year_leaves_the_signing_dates_to_fill_in_and_moves_the_numbers_year(tmp_path):
    """`reportgen new`: 成文日期 and 印发日期 are next year's facts, to be filled in (RG308 at their lines, last
    year's beside them), as the meeting's date is; the number's year moves, its sequence to be checked."""
    folder = variant(tmp_path / "in", lambda s: s).parent
    target = folder / "next.yaml"
    run = subprocess.run([sys.executable, "-m", "reportgen", "new", "--from", str(folder / FORMAL.name), "--year",
                          "2024", "-o", str(target)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    source = target.read_text(encoding="utf-8")
    assert re.search(r"\n  date: 待填写：成文日期 +# 去年是 2024-03-01", source), source
    assert re.search(r"\n  issued: 待填写：印发日期 +# 去年是 2024-03-01", source), source
    assert "number: 深科工〔2025〕3号" in source
    _loaded, problems = inspect(target)
    codes = [(d.code, d.line) for d in problems]
    placeholders = {d.line for d in problems if d.code == "RG308"}
    assert {_line_of(source, "date: 待填写：成文日期"), _line_of(source, "issued: 待填写：印发日期")} <= placeholders
    assert not [c for c, _ in codes if c.startswith("RG22") or c == "RG205"], codes  # no type error, no RG223


def test_unsealed_positions_both_ways_and_centred_number():
    """§7.3.5.2 both ways round (a name longer than the date by two characters keeps two characters in, the date
    under it two characters right; else the date two in, the name two left of it), and §7.2.4: without 签发人
    the number centred."""
    from reportgen.ir import RedHead, Signature
    from reportgen.layout.formal import head_box, sign_box
    from reportgen.layout.measure import face_metrics

    fonts = face_metrics({}, STYLE.faces_used())  # nominal: full-width one em, digits half
    width = RIGHT - LEFT
    long_name = sign_box(Signature("深圳长城开发科技股份有限公司工会", "2024年3月1日"), STYLE, fonts)
    assert abs(long_name.issuer_right - 2 * CHAR) < 0.01
    name_start = width - long_name.issuer_right - long_name.issuer.right
    date_start = width - long_name.date_right - long_name.date.right
    assert abs(date_start - name_start - 2 * CHAR) < 0.01
    short = sign_box(Signature("深科技总工会", "2024年12月31日"), STYLE, fonts)
    assert abs(short.date_right - 2 * CHAR) < 0.01
    name_start = width - short.issuer_right - short.issuer.right
    date_start = width - short.date_right - short.date.right
    assert abs(date_start - name_start - 2 * CHAR) < 0.01
    head = head_box(RedHead("深科技总工会文件", NUMBER), STYLE, fonts)
    assert head.number is not None and abs(head.number_x - (width - head.number.right) / 2) < 0.01
    assert head.number_row == head.mark_rows + 2 and head.label is None


def _photo_then(count: int):
    """The example with a photo after the closing paragraph and `count` one-line paragraphs after it."""
    def edit(source: str) -> str:
        lines = "".join(f'      - "会议要求各分工会认真抓好第{k + 1}项落实。"\n' for k in range(count))
        return (source.rstrip("\n") + "\n\n  - type: image\n    path: images/2023-meeting.jpg\n    caption: 会议现场\n"
                + ("\n  - type: paragraphs\n    paragraphs:\n" + lines if count else ""))
    return edit


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> dict[str, Path]:
    """A full last page that holds a photo: its spacing is not adjusted (a photo is not set closer), so the last
    lines of text go to the next page with the signature instead."""
    from reportgen.fonts import resolve_all
    from reportgen.fonts.discovery import resolve_latin
    from reportgen.layout.flow import arrange
    from reportgen.layout.grid import settle_sign
    from reportgen.layout.measure import face_metrics
    from reportgen.pipeline import prepare

    folder = tmp_path_factory.mktemp("kept")
    for count in range(0, 30):
        _loaded, doc, style = prepare(variant(folder / f"probe{count}", _photo_then(count)))
        faces = dict(resolve_all(style.faces_used()))
        latin = resolve_latin(style.docx.latin)
        if latin is not None:
            faces["latin"] = latin
        fonts = face_metrics(faces, style.faces_used())
        plan = settle_sign(arrange(doc, style, fonts), style, fonts).sign
        if plan is not None and plan.keep:
            return render_both(variant(folder / "built", _photo_then(count)), folder / "out")
    pytest.fail("no number of added lines filled a last page holding the photo")


@pytest.mark.parametrize("which", ["ours", "libreoffice"])
def test_full_page_with_a_photo_moves_text_with_the_signature(kept, which):
    signed = signature(kept[which])
    body = [ln for ln in signed.lines if ln.text not in (ISSUER, DATE, NOTE) and ln.size == BODY]
    assert body, "text on the signature's page"
    assert only_signature_pages(kept[which]) == []
    assert signature(kept["ours"]).page == signature(kept["libreoffice"]).page
