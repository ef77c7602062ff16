"""The DOCX's own XML, read straight from the package: what Word and WPS will see.

Independent of python-docx's object model: every part is parsed with
ElementTree, so a default python-docx quietly put back (theme fonts, ja-JP,
direct formatting) fails here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from reportgen.cjk.punct import AMBIGUOUS_WIDTH
from reportgen.fonts import resolve_all
from reportgen.ir import Document, Heading, Meta, Paragraph, Title
from reportgen.layout import parastyles
from reportgen.layout.flow import arrange
from reportgen.layout.measure import face_metrics
from reportgen.styles import load_style
from reportgen.writers import docx_writer
from reportgen.writers.docx_xml import FONT_ORDER, PPR_ORDER, RPR_ORDER, STYLE_ORDER

from .conftest import corrected_paragraphs

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
W = f"{{{NS['w']}}}"
TITLE = "深科技总工会召开2023年度工作总结及评比会议"
TITLE_LINES = "深科技总工会召开\n2023年度工作总结及评比会议"  # python-docx reads the title's w:br as "\n"


def w(name: str) -> str:
    return W + name


class Package:
    """The parts of a .docx, parsed."""

    def __init__(self, blob_or_path):
        source = blob_or_path if isinstance(blob_or_path, Path) else io.BytesIO(blob_or_path)
        with zipfile.ZipFile(source) as archive:
            self.infos = archive.infolist()
            self.raw = {i.filename: archive.read(i) for i in self.infos}
        self.xml = {name: ElementTree.fromstring(data) for name, data in self.raw.items()
                    if name.endswith((".xml", ".rels"))}

    @property
    def styles(self):
        return self.xml["word/styles.xml"]

    def style(self, style_id: str):
        found = self.styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, f"style {style_id} missing"
        return found

    def resolved(self, style_id: str, path: str, attr: str) -> str | None:
        """An attribute looked up through the basedOn chain, then the document defaults."""
        while style_id:
            style = self.style(style_id)
            node = style.find(path, NS)
            if node is not None and node.get(w(attr)) is not None:
                return node.get(w(attr))
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        default = self.styles.find("w:docDefaults/w:rPrDefault/w:rPr/" + path.split("/", 1)[-1], NS)
        return default.get(w(attr)) if default is not None else None


@pytest.fixture(scope="module")
def package(example_build) -> Package:
    return Package(example_build["docx"])


def small_doc(lang: str = "zh-CN", style: str = "body") -> Document:
    return Document(meta=Meta(title="测试报告", author="测试单位", subject="测试会议", date=dt.date(2024, 2, 28),
                              lang=lang, keywords=("测试",)),
                    blocks=[Title("测试报告"), Heading(1, "第一部分"), Paragraph("“引号”与……省略——破折号。", style)])


def render(doc: Document, style, faces) -> bytes:
    """The IR laid out and written as the pipeline does it."""
    return docx_writer.render(arrange(doc, style, face_metrics(faces)), style, faces)


def title_lines(text: str, style) -> list[str]:
    """Where the layout breaks `text` as a title (both writers use these lines)."""
    faces = resolve_all(style.faces_used())
    doc = Document(meta=small_doc().meta, blocks=[Title(text)])
    return list(arrange(doc, style, face_metrics(faces)).items[0].line_texts)


# --- fonts -----------------------------------------------------------------------------------------

def test_every_paragraph_style_and_the_defaults_name_east_asian_and_latin_faces(package):
    fonts = package.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts is not None and fonts.get(w("eastAsia")) == "仿宋"
    assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == "Times New Roman"
    paragraph_styles = package.styles.findall("w:style[@w:type='paragraph']", NS)
    assert len(paragraph_styles) >= 10
    for style in paragraph_styles:
        rfonts = style.find("w:rPr/w:rFonts", NS)
        name = style.find("w:name", NS).get(w("val"))
        assert rfonts is not None, f"style {name} has no rFonts"
        for slot in ("eastAsia", "ascii", "hAnsi", "cs"):
            assert rfonts.get(w(slot)), f"style {name} lacks w:{slot}"


def test_no_theme_font_attribute_anywhere_in_the_package(package):
    for name, root in package.xml.items():
        for node in root.iter():
            themed = [a for a in node.attrib if re.search(r"theme$", a.rsplit("}", 1)[-1], re.I)]
            assert not themed, f"{name}: <{node.tag}> has theme font attributes {themed}"
    for name, data in package.raw.items():
        assert b"ja-JP" not in data, f"{name} still mentions ja-JP"
    assert not any("stylesWithEffects" in n or "customXml" in n or "thumbnail" in n or "numbering" in n
                   for n in package.raw), sorted(package.raw)


def test_heading_faces_per_level_and_sizes(package):
    expected = {"Title": ("方正小标宋简体", "44"), "Normal": ("仿宋", "32"), "Heading1": ("黑体", "32"),
                "Heading2": ("楷体", "32"), "Heading3": ("仿宋", "32"), "Heading4": ("仿宋", "32"),
                "Footer": ("宋体", "28")}
    for style_id, (face, half_points) in expected.items():
        assert package.resolved(style_id, "w:rPr/w:rFonts", "eastAsia") == face, style_id
        assert package.resolved(style_id, "w:rPr/w:sz", "val") == half_points, style_id
    # page-number digits are half-width 宋体 (GB/T 9704), not the body's Latin face
    assert package.resolved("Footer", "w:rPr/w:rFonts", "ascii") == "宋体"


def test_font_table_names_faces_as_word_writes_them_never_this_machines_files(package, official):
    """Word finds a missing face by the alternate name, panose and signature: the ones Word itself records for
    仿宋/黑体/楷体/宋体, never the family the building machine happened to embed in the PDF."""
    _style, faces = official
    table = {f.get(w("name")): f for f in package.xml["word/fontTable.xml"].findall("w:font", NS)}
    used = set()
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        for rfonts in package.xml[name].iter(w("rFonts")):
            used |= {rfonts.get(w(s)) for s in ("ascii", "hAnsi", "eastAsia", "cs")} - {None}
    assert used <= set(table), used - set(table)
    words = {"宋体": ("SimSun", "02010600030101010101"), "仿宋": ("FangSong", "02010609060101010101"),
             "黑体": ("SimHei", "02010609060101010101"), "楷体": ("KaiTi", "02010609060101010101")}
    for name, (alt, panose) in words.items():
        if name not in table:
            continue
        assert table[name].find("w:altName", NS).get(w("val")) == alt, name
        assert table[name].find("w:panose1", NS).get(w("val")) == panose, name
        assert table[name].find("w:charset", NS).get(w("val")) == "86"  # GB2312
        assert table[name].find("w:sig", NS).get(w("csb0")) == "00040001", name  # code pages: Latin 1 and GB2312
    assert {"宋体", "仿宋", "黑体", "方正小标宋简体"} <= set(table)
    # 方正小标宋简体 by the English name its file carries (FZXBSJW.TTF), for a Word that lists faces by it
    assert table["方正小标宋简体"].find("w:altName", NS).get(w("val")) == "FZXiaoBiaoSong-B05S"
    families = {face.family for face in faces.values()}
    assert not families & {alt.get(w("val")) for alt in package.xml["word/fontTable.xml"].iter(w("altName"))}


# --- language ----------------------------------------------------------------------------------------

def test_language_is_zh_cn_everywhere(package):
    lang = package.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("eastAsia")) == "zh-CN"
    theme_lang = package.xml["word/settings.xml"].find("w:themeFontLang", NS)
    assert theme_lang.get(w("eastAsia")) == "zh-CN"
    for name, root in package.xml.items():
        for node in root.iter(w("lang")):
            assert node.get(w("eastAsia"), "zh-CN") == "zh-CN", name
    assert package.xml["docProps/core.xml"].find("dc:language", NS).text == "zh-CN"


@pytest.mark.parametrize(("lang", "word"), [("zh-TW", "zh-TW"), ("zh-HK", "zh-HK"), ("zh-Hant", "zh-TW")])
def test_traditional_reports_are_tagged_traditional(official, lang, word):
    style, faces = official
    package = Package(render(small_doc(lang), style, faces))
    assert package.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("eastAsia")) == word
    assert package.xml["word/settings.xml"].find("w:themeFontLang", NS).get(w("eastAsia")) == word
    assert package.xml["docProps/core.xml"].find("dc:language", NS).text == word


def test_runs_with_shared_punctuation_carry_the_east_asia_hint_and_nothing_else_is_direct(package, official):
    style, faces = official
    packages = [package, Package(render(small_doc(), style, faces))]
    hinted = 0
    for pkg in packages:
        for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
            for run in pkg.xml[name].iter(w("r")):
                text = "".join(t.text or "" for t in run.iter(w("t")))
                rpr = run.find("w:rPr", NS)
                if set(text) & AMBIGUOUS_WIDTH:
                    assert rpr is not None, f"{name}: run {text!r} has no w:hint"
                    hinted += 1
                if rpr is not None:  # the hint, and a wider spacing on a line that gives a lone last
                    # character its second (`Placed.tail`), are the only run properties we ever write
                    tags = [c.tag for c in rpr]
                    assert tags in ([w("rFonts")], [w("spacing")], [w("rFonts"), w("spacing")]), \
                        f"{name}: direct formatting on {text!r}"
                    if tags[0] == w("rFonts"):
                        assert dict(rpr[0].attrib) == {w("hint"): "eastAsia"}, text
                    if tags[-1] == w("spacing"):
                        assert int(rpr[-1].get(w("val"))) > -6, text  # wider than the grid's -0.3 pt
    assert hinted >= 30
    for paragraph in package.xml["word/document.xml"].iter(w("p")):
        ppr = paragraph.find("w:pPr", NS)
        assert ppr is not None and [c.tag for c in ppr] == [w("pStyle")], "paragraph with direct formatting"


# --- page ------------------------------------------------------------------------------------------

def test_gbt9704_page_grid_and_margins(package):
    sections = package.xml["word/document.xml"].findall(".//w:sectPr", NS)
    assert len(sections) == 1
    sect = sections[0]
    grids = sect.findall("w:docGrid", NS)
    assert len(grids) == 1
    assert grids[0].attrib == {w("type"): "lines", w("linePitch"): "579"}
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    mm = {k: round(int(margins.get(w(k))) / 1440 * 25.4, 1) for k in ("top", "bottom", "left", "right")}
    assert mm == {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}


def test_body_is_28_characters_of_3hao_on_exact_lines_with_a_two_character_indent(package):
    body = package.style("Normal")
    spacing = body.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    indent = body.find("w:pPr/w:ind", NS)
    assert indent.get(w("firstLineChars")) == "200"
    char_pitch = 320 + int(body.find("w:rPr/w:spacing", NS).get(w("val")))  # twips: 16 pt plus spacing
    assert int(indent.get(w("firstLine"))) == 2 * char_pitch
    text_width = 11906 - 1587 - 1474
    assert 28 * char_pitch <= text_width < 29 * char_pitch
    assert body.find("w:pPr/w:jc", NS).get(w("val")) == "both"
    # Word's widow control, as the PDF paginates: no single first or last line of a paragraph alone on a page.
    assert body.find("w:pPr/w:widowControl", NS).get(w("val")) is None
    assert body.find("w:pPr/w:overflowPunct", NS).get(w("val")) == "0"  # no hanging punctuation in Word
    for level in range(1, 5):
        heading = package.style(f"Heading{level}")
        assert heading.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "200"
        assert heading.find("w:pPr/w:keepNext", NS) is not None


def test_headings_have_outline_levels_and_every_element_a_named_style(package, example_build):
    for level in range(1, 5):
        heading = package.style(f"Heading{level}")
        assert heading.find("w:name", NS).get(w("val")) == f"heading {level}"  # Word's built-in name
        assert heading.find("w:pPr/w:outlineLvl", NS).get(w("val")) == str(level - 1)
    names = {s.find("w:name", NS).get(w("val")) for s in package.styles.findall("w:style", NS)}
    assert {"Normal", "Title", "caption", "footer", "偶数页页脚"} <= names
    document = docx.Document(str(example_build["docx"]))
    used = [(p.style.name, p.text) for p in document.paragraphs]
    assert used[0] == ("Title", TITLE_LINES)
    assert {name for name, _ in used} == {"Title", "Normal", "Heading 1", "Heading 2"}


def test_paragraph_styles_map_to_their_word_styles(official):
    """The IR's named paragraph styles: lead and closing stay on 正文; a registered style of its own
    becomes a Word style based on 正文 carrying its face, indent and page break."""
    style, faces = official
    own = parastyles.register(parastyles.ParagraphStyle(
        "test-note", word_id="TestNote", word_name="测试附注", face="heading1", indent_chars=0, new_page=True))
    for name, style_id in (("body", "Normal"), ("lead", "Normal"), ("closing", "Normal"), (own.name, "TestNote")):
        package = Package(render(small_doc(style=name), style, faces))
        last = package.xml["word/document.xml"].findall(".//w:body/w:p", NS)[-1]
        assert last.find("w:pPr/w:pStyle", NS).get(w("val")) == style_id
    word = package.style("TestNote")
    assert word.find("w:basedOn", NS).get(w("val")) == "Normal"
    assert word.find("w:name", NS).get(w("val")) == "测试附注"
    assert word.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert word.find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"
    assert word.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    with pytest.raises(LookupError):
        render(small_doc(style="no-such-style"), style, faces)


def test_footer_page_numbers_odd_right_even_left(package):
    assert package.xml["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    sect = package.xml["word/document.xml"].find(".//w:sectPr", NS)
    rels = {r.get("Id"): r.get("Target") for r in package.xml["word/_rels/document.xml.rels"]}
    refs = {ref.get(w("type")): "word/" + rels[ref.get(f"{{{NS['r']}}}id")]
            for ref in sect.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    for kind, style_id, align in (("default", "Footer", "right"), ("even", "FooterEven", "left")):
        paragraphs = package.xml[refs[kind]].findall("w:p", NS)
        assert len(paragraphs) == 1
        paragraph = paragraphs[0]
        assert paragraph.find("w:pPr/w:pStyle", NS).get(w("val")) == style_id
        assert package.resolved(style_id, "w:pPr/w:jc", "val") == align
        runs = paragraph.findall("w:r", NS)
        marks = [(r.find("w:fldChar", NS).get(w("fldCharType")) if r.find("w:fldChar", NS) is not None
                  else "instr:" + r.find("w:instrText", NS).text.strip() if r.find("w:instrText", NS) is not None
                  else "".join(t.text for t in r.findall("w:t", NS))) for r in runs]
        assert marks == ["—", " ", "begin", "instr:PAGE", "separate", "1", "end", " ", "—"], marks
    inset = package.style("Footer").find("w:pPr/w:ind", NS)
    assert inset.get(w("right")) == "320"  # one 3号 character in from the outside edge
    assert package.style("FooterEven").find("w:pPr/w:ind", NS).get(w("left")) == "320"


# --- package ---------------------------------------------------------------------------------------

def test_core_properties_come_from_the_meeting(package):
    core = package.xml["docProps/core.xml"]
    assert core.find("dc:title", NS).text == TITLE
    assert core.find("dc:creator", NS).text == "深科技总工会"
    assert core.find("dc:subject", NS).text == "2023年度工作总结及评比会议"
    assert core.find("dcterms:created", NS).text == core.find("dcterms:modified", NS).text == "2024-02-28T09:00:00Z"
    assert "python-docx" not in package.raw["docProps/core.xml"].decode()
    assert b"Macintosh" not in package.raw["docProps/app.xml"]


def test_elements_are_in_schema_order(package):
    orders = {w("rPr"): RPR_ORDER, w("pPr"): PPR_ORDER, w("style"): STYLE_ORDER, w("font"): FONT_ORDER}
    checked = 0
    for name, root in package.xml.items():
        for node in root.iter():
            order = orders.get(node.tag)
            if order is None or (node.tag == w("rPr") and len(node) == 0):
                continue
            names = [c.tag.rsplit("}", 1)[-1] for c in node]
            assert all(n in order for n in names), (name, names)
            assert names == sorted(names, key=order.index), f"{name}: {node.tag} children out of order: {names}"
            checked += 1
    assert checked > 40


def test_same_input_gives_the_same_bytes(official, tmp_path):
    from reportgen import build

    from .conftest import EXAMPLE

    first = build(EXAMPLE, tmp_path / "a", formats=["docx"]).outputs[0].read_bytes()
    second = build(EXAMPLE, tmp_path / "b", formats=["docx"]).outputs[0].read_bytes()
    assert first == second
    package = Package(first)
    assert {i.date_time for i in package.infos} == {(2024, 2, 28, 9, 0, 0)}  # the meeting, not the clock
    assert package.infos[0].filename == "[Content_Types].xml"
    style, faces = official
    changed = Document(meta=dataclasses.replace(small_doc().meta, date=dt.date(2025, 3, 1)),
                       blocks=small_doc().blocks)
    assert render(changed, style, faces) != render(small_doc(), style, faces)


def test_text_reads_back_exactly(example_build):
    document = docx.Document(str(example_build["docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE_LINES
    assert [t.replace("\n", "") for t in texts[1:]] == corrected_paragraphs()  # a long heading's line breaks


def test_title_is_one_paragraph_in_balanced_lines_split_by_line_breaks(package, official):
    """As in the PDF (balance_lines): 深科技总工会召开 / 2023年度工作总结及评比会议, never 评比 / 会议."""
    body = package.xml["word/document.xml"].find("w:body", NS)
    title = body.find("w:p", NS)
    assert title.find("w:pPr/w:pStyle", NS).get(w("val")) == "Title"
    assert sum(p.find("w:pPr/w:pStyle", NS).get(w("val")) == "Title" for p in body.iter(w("p"))) == 1
    lines, breaks = [""], 0
    for run in title.findall("w:r", NS):
        for child in run:
            if child.tag == w("br"):
                assert child.attrib == {}, "a page or column break, not a line break"
                lines.append("")
                breaks += 1
            elif child.tag == w("t"):
                lines[-1] += child.text
    assert breaks == 1
    assert lines == ["深科技总工会召开", "2023年度工作总结及评比会议"]
    # Each title line is exactly one grid row, whatever the Latin face's own line height (the digits' line).
    spacing = package.style("Title").find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    assert package.style("Title").find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
    # The news preset's wider measure and smaller size hold it on one line; a short title is never broken.
    style, faces = official
    news = load_style("news")
    assert title_lines(TITLE, news) == [TITLE]
    assert title_lines("测试报告", style) == ["测试报告"]
    short = Package(render(small_doc(), style, faces)).xml["word/document.xml"]
    assert next(short.iter(w("p"))).find(".//w:br", NS) is None
    # Latin words stay whole and spaces at a break are dropped, not carried to the next line.
    mixed = "Annual Meeting of the Shenzhen Kaifa Technology Trade Union 深科技总工会召开年度会议"
    latin = title_lines(mixed, style)
    assert len(latin) >= 2 and all(line and line == line.strip() for line in latin)
    assert [word for line in latin for word in line.split()] == mixed.split()  # a split word would be two


# --- what Word itself writes ---------------------------------------------------------------------------

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def _settings(blob: bytes) -> ElementTree.Element:
    return Package(blob).xml["word/settings.xml"]


def test_word_2013_mode_with_nothing_older_contradicting_it(package):
    settings = package.xml["word/settings.xml"]
    compat = {s.get(w("name")): s.get(w("val")) for s in settings.findall("w:compat/w:compatSetting", NS)}
    assert compat["compatibilityMode"] == "15"  # 14 opens in 兼容模式 in Word 2013+
    # What Word 2013+ writes beside it; nothing in the settings turns an option of Word 2010 mode back on.
    assert compat == {"compatibilityMode": "15", "overrideTableStyleFontSizeAndJustification": "1",
                      "enableOpenTypeFeatures": "1", "doNotFlipMirrorIndents": "1",
                      "differentiateMultirowTableHeaders": "1"}
    legacy = [c.tag.rsplit("}", 1)[-1] for c in settings.find("w:compat", NS) if c.tag != w("compatSetting")]
    assert legacy == ["doNotExpandShiftReturn", "useFELayout"]  # as Chinese Word writes them in Word 2013+ mode


def test_no_proofing_claim_and_no_made_up_revision_ids(package):
    assert package.xml["word/settings.xml"].find("w:proofState", NS) is None  # Word proofs the text when opened
    for name, raw in package.raw.items():
        if name.endswith(".xml"):
            assert b"rsid" not in raw, f"{name} carries revision ids"


def test_document_id_comes_from_the_content(official):
    style, faces = official
    other = Document(meta=small_doc().meta, blocks=[*small_doc().blocks, Paragraph("另一段文字。", "body")])
    ids = []
    for doc in (small_doc(), small_doc(), other):
        node = _settings(render(doc, style, faces)).find(f"{W14}docId")
        assert node is not None
        ids.append(node.get(f"{W14}val"))
    assert ids[0] == ids[1], "the same input must keep its id (builds are byte-identical)"
    assert ids[0] != ids[2], "another text must get another id"
    assert all(re.fullmatch(r"[0-9A-F]{8}", i) and int(i, 16) < 0x80000000 for i in ids), ids


# Word's built-in styles among ours, by id: they keep their built-in identity; every other style is our own.
BUILT_IN_IDS = {"Normal", "Title", "Heading1", "Heading2", "Heading3", "Heading4", "Caption", "Footer",
                "DefaultParagraphFont", "TableNormal", "NoList"}


@pytest.fixture(scope="module")
def minutes_package(tmp_path_factory) -> Package:
    """The attachments example as minutes: the mark, number, attendance, end block and attachments' styles."""
    from reportgen import build

    from .conftest import ROOT

    source = ROOT / "inputs" / "2023-union-annual-meeting-attachments.yaml"
    out = build(source, tmp_path_factory.mktemp("minutes"), formats=["docx"], kind="minutes")
    return Package(out.outputs[0])


def test_our_own_styles_are_custom_and_words_built_ins_keep_their_identity(package, minutes_package):
    for pkg in (package, minutes_package):
        styles = {s.get(w("styleId")): s for s in pkg.styles.findall("w:style", NS)}
        custom = {sid for sid, s in styles.items() if s.get(w("customStyle")) == "1"}
        assert set(styles) - custom == BUILT_IN_IDS
        assert all(s.get(w("customStyle")) in (None, "1") for s in styles.values())
    names = {s.find("w:name", NS).get(w("val")) for s in minutes_package.styles.findall("w:style[@w:customStyle]", NS)}
    assert {"偶数页页脚", "纪要标志", "文号", "出席", "出席标签", "版记", "附件说明", "附件标识", "附件标题"} <= names


def test_no_list_number_style_without_numbering_behind_it(package, minutes_package):
    """Nothing we write is a Word list (numbers such as 一、 are text, as the PDF sets them): no 列表编号 style
    promising numbering that no numbering part stands behind."""
    for pkg in (package, minutes_package):
        assert pkg.styles.find("w:style[@w:styleId='ListNumber']", NS) is None
        assert "List Number" not in {s.find("w:name", NS).get(w("val")) for s in pkg.styles.findall("w:style", NS)}
        assert "word/numbering.xml" not in pkg.raw
        assert pkg.xml["word/document.xml"].find(".//w:numPr", NS) is None
        used = {s.get(w("val")) for s in pkg.xml["word/document.xml"].iter(w("pStyle"))}
        assert used <= {s.get(w("styleId")) for s in pkg.styles.findall("w:style", NS)}


def test_minutes_mark_takes_whole_grid_lines(minutes_package):
    """The 纪要 mark's space before, its line and the space after it fill whole grid lines, so the 文号 and
    everything after it sit on the grid as in the PDF (1984 + 600 twips alone are 4.46 lines)."""
    pitch = int(minutes_package.xml["word/document.xml"].find(".//w:sectPr/w:docGrid", NS).get(w("linePitch")))
    spacing = minutes_package.style("MinutesMark").find("w:pPr/w:spacing", NS)
    before, line, after = (int(spacing.get(w(a))) for a in ("before", "line", "after"))
    assert spacing.get(w("lineRule")) == "exact"
    assert before == 1984 and line == 600  # the mark's top edge 35 mm below the text block, one 30 pt line
    assert (before + line + after) % pitch == 0 and 0 <= after < pitch, (before, line, after, pitch)
    number = minutes_package.style("DocNumber").find("w:pPr/w:spacing", NS)
    assert number is None or int(number.get(w("before"), "0")) == 0  # the line right after the mark's


def test_document_declares_only_the_namespaces_it_uses(package):
    """No Word 2008 for Mac namespaces (mo, mv) nor others the body never uses; mc:Ignorable's stay declared."""
    from lxml import etree

    root = etree.fromstring(package.raw["word/document.xml"])
    used = set()
    for element in root.iter():
        if isinstance(element.tag, str):
            used.add(element.tag.split("}")[0][1:])
            used |= {name.split("}")[0][1:] for name in element.attrib if name.startswith("{")}
    ignorable = set(root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "").split())
    unused = {prefix for prefix, uri in root.nsmap.items() if uri not in used and prefix not in ignorable}
    assert unused == set()
    assert not set(root.nsmap) & {"mo", "mv"}
