"""Word files of one report written the ways secretaries write them, made with python-docx (some re-saved by
LibreOffice), for the import tests.

A `Report` is the report's content, independent of how it is written; each writer in `WAYS` puts it into a
DOCX its own way (a date line under the title, Word's heading styles and a signature block, text pasted from
a PDF, headings marked only by face and size, typed full-width indents, automatic numbering with outline
levels, a table with a caption line, a photo with its caption). Two reports: the shipped union meeting and a
second one (a company's safety meeting) with other units, another speaker and five requirements, so what
import learns is about reports, not one report.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reportgen.cjk.numerals import zh_number

from .conftest import corrected_paragraphs, need

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Units:
    heading: str
    overview: list[str]
    units: list[tuple[str, list[str]]]


@dataclass
class Requirements:
    heading: str
    intro: list[str]
    items: list[tuple[str, list[str]]]
    speaker: str
    topic: str


@dataclass
class Report:
    title: list[str]                  # the title's lines (a long title is set over two)
    date: dt.date
    lead: str
    units: Units
    requirements: Requirements
    closing: str
    organiser: str
    signature: tuple[str, str]        # who signs and the document's date (not the meeting's)
    middle: list[str] = field(default_factory=list)  # a plain section between units and requirements: heading, paras
    table: tuple[str, list[list[str]]] | None = None  # caption, rows (header first), after the middle's first para
    photo: str | None = None          # the photo's caption, after the table

    @property
    def date_line(self) -> str:
        return f"（{self.date.year}年{self.date.month}月{self.date.day}日）"

    def headings(self, numbered: bool) -> list[str]:
        """The first-level headings, numbered 一、二、… when the source numbers them."""
        texts = [self.units.heading, *self.middle[:1], self.requirements.heading]
        return [f"{zh_number(k)}、{t}" if numbered else t for k, t in enumerate(texts, start=1)]

    def unit_names(self, numbered: bool) -> list[str]:
        return [f"（{zh_number(k)}）{n}" if numbered else n for k, (n, _) in enumerate(self.units.units, start=1)]

    def body(self, numbered: bool = False) -> list[str]:
        """Every paragraph of the body as a build writes it, in order (requirements numbered 一、…), tables
        aside; `numbered`: the source numbers its headings 一、, the units and the requirements （一）."""
        headings = self.headings(numbered)
        out = [self.lead, headings[0], *self.units.overview]
        for name, (_, paras) in zip(self.unit_names(numbered), self.units.units, strict=True):
            out += [name, *paras]
        if self.middle:  # the table's caption a paragraph before it; the photo's caption a paragraph under it
            out += [headings[1], self.middle[1], *([self.table[0]] if self.table else []),
                    *([self.photo] if self.photo else []), *self.middle[2:]]
        out += [headings[-1], *self.requirements.intro]
        for k, (title, paras) in enumerate(self.requirements.items, start=1):
            out += [f"（{zh_number(k)}）{title}" if numbered else f"{zh_number(k)}、{title}", *paras]
        return [*out, self.closing]


def union() -> Report:
    """The shipped report (the seed article, corrected), with a title and a date line."""
    p = corrected_paragraphs()
    units = [(p[k], []) for k in (3, 6, 8, 11, 13, 16, 18)]
    bodies = [p[4:6], p[7:8], p[9:11], p[12:13], p[14:16], p[17:18], p[19:20]]
    items = [(p[k][2:], [p[k + 1]]) for k in (22, 24, 26, 28)]
    return Report(
        title=["深科技总工会召开", "2023年度工作总结及评比会议"], date=dt.date(2024, 2, 28), lead=p[0],
        units=Units(p[1], [p[2]], [(name, paras) for (name, _), paras in zip(units, bodies, strict=True)]),
        requirements=Requirements(p[20], [p[21]], items, "邱胜", "工会工作"), closing=p[30],
        organiser="深科技总工会", signature=("深科技总工会办公室", "2024年3月1日"))


def safety() -> Report:
    """A second report, written for these tests: another organiser, units with names of every shape, a speaker
    the intro never says 指出 of, five requirements, a plain section with a table and a photo."""
    return Report(
        title=["江南精工集团召开", "2024年度安全生产工作会议"], date=dt.date(2025, 2, 26),
        lead="2月26日，江南精工集团召开2024年度安全生产工作会议，总结2024年度安全生产工作，研究部署2025年度"
             "安全生产重点任务。集团党委书记、董事长周立群，集团总经理孙海涛及各单位负责人、安全管理人员共45人"
             "参加会议，会议以现场和视频形式召开。",
        units=Units("各单位汇报2024年安全生产工作情况", [
            "会上，五家单位的负责人依次汇报了本单位一年来落实安全生产责任制、开展隐患排查治理、加强应急管理"
            "等方面的做法和成效，并分析了存在的不足。"], [
            ("无锡制造基地", ["无锡制造基地全面推行岗位安全风险辨识，全年组织隐患排查二十四次，整改隐患"
                              "三百一十二项，连续三年实现零伤害目标。",
                              "基地投入专项资金更新冲压车间防护装置，完成全部叉车加装限速和盲区预警设备。"]),
            ("常州精密铸造厂", ["常州精密铸造厂针对熔炼浇注高温作业风险，修订操作规程十一项，开展岗位练兵"
                                "和技能比武，员工持证上岗率达到百分之百。"]),
            ("苏州研发中心", ["中心把实验室安全纳入科研项目管理，建立危险化学品全流程台账，"
                              "组织消防疏散演练四次，参与人员一千二百余人次。"]),
            ("南通物流有限公司", ["南通物流有限公司聚焦道路运输安全，为全部车辆安装动态监控终端，"
                                  "开展驾驶员安全教育培训十八期。",
                                  "公司与属地消防救援站签订联动协议，仓储区消防设施完好率保持在较高水平。"]),
            ("集团质量安全部", ["集团质量安全部牵头完成安全生产标准化复审，组织专家对各单位开展交叉检查，"
                                "督促整改重大隐患六项。"]),
        ]),
        middle=["安全隐患整改情况",
                "2024年全集团共排查各类隐患一千零八十六项，已整改一千零六十九项，整改率超过百分之九十八，"
                "未完成整改的均已落实防范措施。",
                "会议现场还观看了应急演练的视频，与会人员就演练中发现的问题进行了讨论。"],
        table=("2024年度安全隐患整改情况表", [["单位", "排查隐患", "已整改"], ["无锡制造基地", "312", "310"],
                                              ["常州精密铸造厂", "205", "201"], ["南通物流有限公司", "148", "146"]]),
        photo="安全生产应急演练现场",
        requirements=Requirements(
            "就2025年安全生产工作周立群提出五点要求",
            ["周立群充分肯定了各单位一年来的工作成效，并对各单位做好2025年安全生产工作作了部署："],
            [("压紧压实安全生产责任", ["各单位主要负责人要切实履行第一责任人职责，层层签订责任书。"]),
             ("深入开展隐患排查治理", ["要坚持问题导向，做到隐患排查全覆盖、整改落实闭环管理。"]),
             ("加强重点领域安全监管", ["要聚焦高温熔炼、危险化学品和道路运输等重点领域，强化过程管控。"]),
             ("提升应急处置能力", ["要完善应急预案体系，每季度至少组织一次实战化演练。"]),
             ("营造浓厚安全文化氛围", ["要广泛开展安全宣传教育，引导员工从要我安全转变为我要安全。"])],
            "周立群", "安全生产工作"),
        closing="安全生产责任重于泰山。全集团上下要以更加饱满的精神状态，扎实做好2025年安全生产各项工作，"
                "为集团高质量发展营造安全稳定的环境！",
        organiser="江南精工集团", signature=("江南精工集团办公室", "2025年2月28日"))


REPORTS = {"union": union, "safety": safety}


# Writing helpers


def _faces(run, face: str | None, size: float | None = None, bold: bool | None = None) -> None:
    if face:
        run.font.name = face
        rpr = run._r.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), face)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


class Writer:
    """One DOCX being written: paragraphs with the formatting a way of writing gives them."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.document.styles["Normal"].font.size = Pt(16)

    def para(self, text: str, *, style: str | None = None, face: str | None = None, size: float | None = None,
             bold: bool | None = None, align: str = "", indent: bool = False, breaks: int = 0) -> None:
        p = self.document.add_paragraph(style=style)
        if align:
            p.alignment = {"centre": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.13)
        lines = [text[k:k + breaks] for k in range(0, len(text), breaks)] if breaks else [text]
        for k, line in enumerate(lines):
            run = p.add_run(line)
            _faces(run, face, size, bold)
            if k + 1 < len(lines):
                run.add_break(WD_BREAK.LINE)

    def empty(self) -> None:
        self.document.add_paragraph()

    def table(self, rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text

    def photo(self) -> None:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (320, 200), (90, 140, 200)).save(buffer, "PNG")
        buffer.seek(0)
        self.document.add_picture(buffer, width=Cm(8))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path


@dataclass
class Look:
    """How one way of writing marks each kind of paragraph: keyword arguments of `Writer.para`."""

    title: dict
    heading: dict
    unit: dict
    point: dict
    body: dict
    caption: dict = field(default_factory=lambda: {"align": "centre"})
    date_line: bool = False
    signature: bool = False
    title_one_paragraph: bool = True
    gaps: bool = False             # empty paragraphs between the sections
    typed_points: bool = True      # requirements typed 一、 (else Word's automatic numbering)
    typed_indent: bool = False     # body paragraphs begin with two full-width spaces
    numbered: bool = False         # headings typed 一、二、, units （一）（二）, requirements （一）（二）
    boxed_signature: bool = False  # the signature block in a text box at the end


def write(report: Report, look: Look, path: Path, setup: Callable[[Writer], None] | None = None) -> Path:
    out = Writer()
    if setup:
        setup(out)
    if look.title_one_paragraph:
        out.para("".join(report.title), **look.title)
    else:
        for line in report.title:
            out.para(line, **look.title)
    if look.date_line:
        out.para(report.date_line, align="centre", face="楷体_GB2312")
    if look.gaps:
        out.empty()

    def body(text: str) -> None:
        out.para(("\u3000\u3000" if look.typed_indent else "") + text, **look.body)

    body(report.lead)
    if look.gaps:
        out.empty()
    headings = report.headings(look.numbered)
    out.para(headings[0], **look.heading)
    for text in report.units.overview:
        body(text)
    for name, (_, paras) in zip(report.unit_names(look.numbered), report.units.units, strict=True):
        out.para(name, **look.unit)
        for text in paras:
            body(text)
    if report.middle:
        if look.gaps:
            out.empty()
        out.para(headings[1], **look.heading)
        body(report.middle[1])
        if report.table:
            out.para(report.table[0], **look.caption)
            out.table(report.table[1])
        if report.photo:
            out.photo()
            out.para(report.photo, **look.caption)
        for text in report.middle[2:]:
            body(text)
    if look.gaps:
        out.empty()
    out.para(headings[-1], **look.heading)
    for text in report.requirements.intro:
        body(text)
    for k, (title, paras) in enumerate(report.requirements.items, start=1):
        if look.numbered:
            out.para(f"（{zh_number(k)}）{title}", **look.point)
        elif look.typed_points:
            out.para(f"{zh_number(k)}、{title}", **look.point)
        else:
            out.para(title, **look.point)
        for text in paras:
            body(text)
    if look.gaps:
        out.empty()
    body(report.closing)
    if look.boxed_signature:  # the signature in a text box (a VML shape) anchored in the last paragraph
        lines = "".join(f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
                        for text in report.signature)
        anchor = out.document.add_paragraph()
        anchor._p.append(parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            f'<v:shape style="width:200pt;height:60pt"><v:textbox><w:txbxContent>{lines}</w:txbxContent>'
            '</v:textbox></v:shape></w:pict></w:r>'))
    if look.signature:
        out.empty()
        out.para(report.signature[0], align="right", **{k: v for k, v in look.body.items() if k != "indent"})
        out.para(report.signature[1], align="right", **{k: v for k, v in look.body.items() if k != "indent"})
    return out.save(path)


FANG = {"face": "仿宋_GB2312", "size": 16}
BODY = {**FANG, "indent": True}

NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="70">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="70"><w:abstractNumId w:val="70"/></w:num>
</w:numbering>"""


def _auto_numbering(out: Writer) -> None:
    """A style 要求 with outline level 2 and Word's automatic 一、 numbering, and 单位 with outline level 2."""
    from docx.enum.style import WD_STYLE_TYPE

    numbering = out.document.part.numbering_part.element
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    for name, numbered in (("要求", True), ("单位", False), ("部分标题", False)):
        style = out.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        ppr = style.element.get_or_add_pPr()
        if numbered:
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="70"/></w:numPr>'))
        level = 0 if name == "部分标题" else 1
        ppr.append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="{level}"/>'))


# The ways: name → (look, setup).
WAYS: dict[str, tuple[Look, Callable[[Writer], None] | None]] = {
    # Bold title, a centred date line under it, bold headings and unit names, typed bold 一、 points.
    "date-line": (Look(title={"align": "centre", "bold": True, "size": 22}, heading={"bold": True, **FANG},
                       unit={"bold": True, **FANG}, point={"bold": True, **FANG}, body=BODY, date_line=True), None),
    # Word's own styles: Title, Heading 1 and 2, a right-aligned signature block at the end.
    "word-styles": (Look(title={"style": "Title"}, heading={"style": "Heading 1"}, unit={"style": "Heading 2"},
                         point={"style": "Heading 3"}, body=BODY, signature=True), None),
    # Pasted from a PDF: a line break every 28 characters, the title over two paragraphs, 黑体 headings not bold.
    "pdf-paste": (Look(title={"align": "centre", "face": "方正小标宋简体", "size": 22},
                       heading={"face": "黑体", "size": 16}, unit={"face": "楷体_GB2312", "size": 16},
                       point={"face": "楷体_GB2312", "size": 16}, body={**FANG, "breaks": 28},
                       caption={"align": "centre", **FANG}, title_one_paragraph=False), None),
    # Headings marked only by face and size: nothing bold, nothing centred.
    "faces": (Look(title={"face": "方正小标宋简体", "size": 22}, heading={"face": "黑体", "size": 16},
                   unit={"face": "楷体_GB2312", "size": 16}, point={"face": "楷体_GB2312", "size": 16},
                   body=FANG, caption=FANG, date_line=True), None),
    # Typed full-width indents, everything in one face and size, empty paragraphs between the parts.
    "typed-indents": (Look(title={"align": "centre", **FANG}, heading=FANG, unit=FANG, point=FANG, body=FANG,
                           caption={"align": "centre", **FANG}, typed_indent=True, gaps=True), None),
    # Word's automatic numbering with outline levels, custom styles.
    "auto-numbering": (Look(title={"align": "centre", "size": 22, "bold": True}, heading={"style": "部分标题"},
                            unit={"style": "单位"}, point={"style": "要求"}, body=BODY, typed_points=False,
                            signature=True),
                       _auto_numbering),
    # Headings typed 一、二、三、 in bold, units and requirements typed （一）（二） in 楷体, body with w:ind.
    "numbered": (Look(title={"align": "centre", "bold": True, "size": 22}, heading={"bold": True, **FANG},
                      unit={"face": "楷体_GB2312", "size": 16}, point={"face": "楷体_GB2312", "size": 16},
                      body=BODY, date_line=True, numbered=True), None),
    # Everything in 仿宋 at one size, headings and units bold, the signature in a text box at the end.
    "text-box": (Look(title={"align": "centre", "face": "方正小标宋简体", "size": 22}, heading={"bold": True, **FANG},
                      unit={"bold": True, **FANG}, point={"bold": True, **FANG}, body=BODY, boxed_signature=True),
                 None),
}
# Ways whose file is also re-saved by LibreOffice.
RESAVED = ("date-line", "pdf-paste", "word-styles", "faces", "auto-numbering", "text-box")


def resave(path: Path, folder: Path) -> Path:
    """`path` opened and saved again as DOCX by LibreOffice (its own profile)."""
    soffice = need("soffice")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rg-resave-") as scratch:
        subprocess.run([soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--norestore",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(path)],
                       check=True, capture_output=True, timeout=240, env=dict(os.environ))
    out = folder / path.name
    assert out.is_file(), f"LibreOffice wrote no {out}"
    return out


def make(report: str, way: str, folder: Path) -> Path:
    """The DOCX of `report` written `way` (a name of WAYS, or `<way>+lo` re-saved by LibreOffice)."""
    folder.mkdir(parents=True, exist_ok=True)
    base, _, lo = way.partition("+")
    look, setup = WAYS[base]
    path = write(REPORTS[report](), look, folder / f"{report}-{base}.docx", setup)
    return resave(path, folder / "lo") if lo else path
