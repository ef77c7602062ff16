"""One classifier for every source: blocks in, the input's data (and what was guessed, with its place) out.

Structure first, from every signal the source gives, weighed together: Word's outline levels and heading
styles; numbers (typed or automatic: 一、 （一） 1. （1） 第一、); how a line looks beside the body text (a
heading face 黑体/楷体/小标宋 where the body is 仿宋, a larger size, bold, centred, not indented where the body
is); its length and closing punctuation. The front matter is the title (over one paragraph or several of the
same look), the date line under it （2025年2月26日） and any other centred line (a subtitle); the back matter the
signature (right-aligned lines at the end: who signs, and the document's date, which is not the meeting's)
and the minutes' attendance and end block. Levels come from the outline where there is one, otherwise from
the order in which the kinds of heading nest (the first kind seen is the outer one). A line before a table is
its caption, a line under a picture the picture's.

The body is then cut into runs (a heading with what is under it, a table, a picture) and each registered
section type is asked whether a run is one of its own (`recognise`, registered beside `check` and `rollover`
in `reportgen.render`): the type that fits best takes it. This module knows no section type's shape. The lead's
meeting facts are read here (they are the meeting's, not a section's), and what cannot be found is 待填写.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..lint import fix_text
from ..render import Reading, Run, SubRun, registry
from ..templating import Templates
from .lead import LeadFacts, named_people, read_lead
from .numbers import date_only, number_of, zh_value
from .source import Block

Path = tuple[str | int, ...]
Data = dict[str, Any]

TO_FILL = "待填写"  # what import could not find: `check` stops on it (RG308)
_SENTENCE_END = tuple("。！？；：…，、.!?;:,")
_HEADING_MAX = 50
_ATTEND = re.compile(r"^(出席|请假|列席)[：:]\s*(.+)$", re.S)
_COPY = re.compile(r"^抄送[：:]\s*(.+?)。?$", re.S)
_ISSUED = re.compile(r"^(?P<issuer>.+?)\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*印发$", re.S)
_DOC_NUMBER = re.compile(r"^\S{1,30}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_NOTE = re.compile(r"^附件[：:]")
_NOTE_ITEM = re.compile(r"^\d{1,2}[.．、]\s*\S")  # a later name of the note in a paragraph of its own: 2. 名称
_LABEL = re.compile(r"^附件\s*(\d*)$")
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_OPENING_DAY = re.compile(r"^(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
# Endings of an organisation's name: a heading ending so names a unit (深科技苏州工会, 无锡制造基地).
_ORGANISATION = ("工会", "公司", "集团", "厂", "部", "中心", "基地", "处", "科", "室", "局", "院", "所", "站", "队",
                 "委员会", "党委", "支部", "车间", "分会", "协会", "学校", "医院", "银行", "小组", "办公室", "街道",
                 "社区", "研究院", "事业部", "分行", "支行", "营业部", "项目部", "大队", "中队", "工作组")
_HEADING_FACES = ("title", "heiti", "kaiti")
# A caption says what it captions: 表1 …, 图2 …, …一览表, …统计表, …情况表.
_CAPTION = re.compile(r"^(?:附?表|图)\s*\d+|[表图]$")


@dataclass
class Node:
    """A body item: a paragraph (level 0), a heading (level 1–4), a table or a picture."""

    block: Block
    text: str
    level: int = 0
    number: str = ""        # the heading's number (typed or automatic), kept apart from its text
    kind: str = ""          # the heading's kind (outline0, cn, pcn, face:heiti, bold, unit, plain …)
    numbering: str = ""     # the kind of its number (cn: 一、, pcn: （一）, num: 1. …), typed or automatic
    caption: str = ""       # a table's or a picture's caption

    @property
    def full(self) -> str:
        return f"{self.number}{self.text}"


@dataclass
class Front:
    mark: str = ""
    number: str = ""
    title: str = ""
    title_at: int = 0
    date: dt.date | None = None
    date_at: int = 0
    subtitles: list[Block] = field(default_factory=list)


@dataclass
class Signed:
    """The signature at the end of a document: who signs and the document's date (not the meeting's)."""

    by: str = ""
    date: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.by or self.date)


@dataclass
class BackMatter:
    """What minutes say at their end: who attended (出席, 请假, 列席), 抄送, and who issued them when."""

    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    attending: list[str] = field(default_factory=list)
    copy_to: list[str] = field(default_factory=list)
    issuer: str = ""
    issued: dt.date | None = None


@dataclass
class Summary:
    """What import understood, for the user to see at once whether the structure is right."""

    title: str = ""
    date: str = ""
    units: int = 0
    requirements: int = 0
    tables: int = 0
    photos: int = 0
    closing: bool = False
    sections: list[str] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)   # each with its place in the source

    def lines(self) -> list[str]:
        counts = [f"{self.units} 个单位的汇报", f"{self.requirements} 条要求", f"{self.tables} 个表格",
                  f"{self.photos} 张照片", "有结尾" if self.closing else "没有结尾"]
        return [f"标题：{self.title or '（由模板生成）'}", f"开会日期：{self.date}", "，".join(counts),
                f"各部分：{'、'.join(self.sections)}"]


@dataclass
class Draft:
    data: Data
    notes: dict[Path, list[str]]
    header: list[str]
    images: list[tuple[str, bytes]]
    summary: Summary


@dataclass
class _Profile:
    """How the body text looks: its face, its size, whether it is indented."""

    face: str = ""
    size: float = 0
    indented: bool = False


class Classifier:
    def __init__(self, blocks: list[Block], origin: str, image_folder: str):
        self.blocks = blocks
        self.origin = origin
        self.image_folder = image_folder
        self.templates = Templates()
        self.notes: dict[Path, list[str]] = {}
        self.guesses: list[tuple[int, str]] = []  # (place in the source, the guess said with its place)
        self.header: list[str] = []
        self.images: list[tuple[str, bytes]] = []
        self.cleaned = 0
        self.minutes = False
        self.profile = _Profile()
        self.lead_at = 0  # which body paragraph holds the meeting facts

    # Places and guesses

    def place(self, block: Block | None) -> str:
        if block is None or not block.line:
            return ""
        return f"第{block.line}{'行' if self.origin == 'text' else '段'}"

    def note(self, path: Path, text: str, block: Block | None = None) -> None:
        """A comment above `path` in the YAML; with `block`, also a guess listed with its place."""
        where = self.place(block)
        line = f"{text}（原文{where}）" if where else text
        notes = self.notes.setdefault(path, [])
        if line not in notes:
            notes.append(line)
            if block is not None:
                self.guesses.append((block.line, f"{where}：{text}" if where else text))

    # Cleaning

    def clean(self, text: str) -> str:
        lines = [re.sub(r"[ \t\u3000\u00a0]+", " ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        fixed = fix_text(text)
        if fixed != text:
            self.cleaned += 1
        return fixed

    def prepare(self) -> list[Block]:
        out = []
        gap = False
        for block in self.blocks:
            if block.kind == "para":
                if block.style != "DocNumber":
                    block.text = self.clean(block.text)
                block.label = block.label.strip()
                if not block.text and not block.label:
                    gap = True
                    continue
            elif block.kind == "table":
                block.rows = [[self.clean(c) for c in row] for row in block.rows]
                block.caption = self.clean(block.caption)
            block.gap_before = block.gap_before or gap
            gap = False
            out.append(block)
        return out

    def body_profile(self, blocks: list[Block]) -> _Profile:
        """The look of the body text: that of most characters of the paragraphs that read as sentences."""
        faces: Counter[str] = Counter()
        sizes: Counter[float] = Counter()
        indented = plain = 0
        for block in blocks:
            text = block.full_text
            if block.kind == "para" and block.outline is None and (len(text) > _HEADING_MAX
                                                                   or text.endswith(_SENTENCE_END)):
                faces[block.face] += len(text)
                sizes[block.size] += len(text)
                indented += block.indented
                plain += not block.indented
        return _Profile(faces.most_common(1)[0][0] if faces else "", sizes.most_common(1)[0][0] if sizes else 0,
                        indented > 2 * plain)

    # The whole document

    def run(self) -> Draft:
        blocks = self.prepare()
        self.profile = self.body_profile(blocks)
        front, blocks = self.front(blocks)
        minutes, attached, blocks = self.back(blocks)
        signature, blocks = self.signature(blocks)
        self.minutes = bool(front.mark or front.number or minutes.present or minutes.absent or minutes.attending)
        attachments = self.attachments(attached) if attached is not None else None
        if attached is not None and attachments is None:
            blocks += attached  # not attachments after all: kept where they stood
        nodes = self.nodes(front.subtitles + blocks)
        year_hint = self.year_hint(front, nodes)
        facts = self.lead(nodes, year_hint)
        meeting = self.meeting(facts, front, minutes, signature, year_hint, nodes)
        sections = self.sections(nodes, meeting, facts)
        if attachments:
            sections.append(attachments)
        data: Data = {"kind": "minutes" if self.minutes else "report", "style": "official"}
        title = front.title or None
        if title is not None:
            rendered = self.render_title(meeting)
            if title == rendered:
                self.note(("meeting",), "原文标题与模板生成的相同，所以不写 title")
            else:
                data["title"] = title
        else:
            self.header.append("原文没有标题行：标题由模板 templates/title.j2 用会议的主办单位和名称生成，请核对")
        data["meeting"] = meeting
        if self.minutes:
            info = self.minutes_info(front, minutes, meeting, signature)
            if info:
                data["minutes"] = info
        elif signature:
            said = "，".join(str(v) for v in (signature.by, signature.date) if v)
            self.header.append(f"原文末尾的落款（{said}）："
                               "报告不排落款，导入时没有写进正文；它的日期是成文日期，不是开会日期")
        data["sections"] = sections
        if not sections:
            data["sections"] = [{"type": "paragraphs", "paragraphs": ["（原文没有正文）"]}]
        if self.cleaned:
            self.header.append(f"导入时修正了 {self.cleaned} 段文字中的粘贴问题（繁体字、拼音注音、半角标点、多余空格、"
                               "零宽字符）；乱码无法自动还原，留在原处，reportgen check 会指出它的行和列")
        return Draft(data, self.notes, self.header, self.images, self.summarise(data, title))

    def summarise(self, data: Data, title: str | None) -> Summary:
        sections = data["sections"]
        flat = [c for s in sections for item in s.get("items", []) if s["type"] == "attachments"
                for c in item.get("content", [])] + sections
        date = data["meeting"]["date"]
        return Summary(
            title=title or self.render_title(data["meeting"]), date=str(date),
            units=sum(len(s.get("units", [])) for s in sections if s["type"] == "unit_reports"),
            requirements=sum(len(s.get("items", [])) for s in sections if s["type"] == "requirements"),
            tables=sum(s["type"] == "table" for s in flat), photos=sum(s["type"] == "image" for s in flat),
            closing=any(s["type"] == "closing" for s in sections), sections=[s["type"] for s in sections],
            guesses=[text for _line, text in sorted(self.guesses, key=lambda g: g[0])])

    # Front matter: mark, number, title (one paragraph or several of one look), date line, subtitles

    @staticmethod
    def short(text: str) -> bool:
        return len(text) <= _HEADING_MAX and "\n" not in text and not text.endswith(_SENTENCE_END)

    @staticmethod
    def same_look(a: Block, b: Block) -> bool:
        return (a.align, a.face, a.size, a.bold, a.style) == (b.align, b.face, b.size, b.bold, b.style)

    def title_like(self, block: Block) -> bool:
        """Set as a title is: Word's Title style, centred, bold, the title face, or larger than the body."""
        return self.title_set(block) or block.bold

    def title_set(self, block: Block) -> bool:
        """Set apart as only a title is (bold alone is also a heading's mark)."""
        return (_title_style(block) or block.centred or block.face == "title"
                or bool(self.profile.size and block.size > self.profile.size + 1))

    def front(self, blocks: list[Block]) -> tuple[Front, list[Block]]:
        front = Front()
        i = 0
        while i < len(blocks) and blocks[i].kind == "para":
            block, text = blocks[i], blocks[i].full_text
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if block.style == "MinutesMark" or (not front.mark and not front.title and self.short(text)
                                                 and text.endswith("纪要") and after is not None
                                                 and after.kind == "para" and self.short(after.full_text)):
                front.mark = text
            elif block.style == "DocNumber" or (not front.number and _DOC_NUMBER.match(text.strip())):
                front.number = text.strip()
            elif not front.title and after is not None and (_title_style(block) or (
                    self.short(text) and block.outline is None and not block.label and not number_of(text)[0]
                    and (self.title_like(block) or self.origin == "text" or i == 0)
                    and (self.body_like(after) or date_only(after.full_text) is not None
                         or (self.same_look(block, after) and self.title_like(block))))):
                front.title, front.title_at = text, i
                # a title set over several paragraphs of the same look (a long title, or pasted from a PDF)
                while (i + 2 < len(blocks) and blocks[i + 1].kind == "para" and self.title_set(block)
                       and self.same_look(block, blocks[i + 1]) and self.short(blocks[i + 1].full_text)
                       and not number_of(blocks[i + 1].full_text)[0]
                       and date_only(blocks[i + 1].full_text) is None):
                    i += 1
                    front.title += blocks[i].full_text
                    self.note(("title",), "标题分在几段里，导入时合为一个标题", blocks[i])
            elif front.title and front.date is None and (found := date_only(text)) is not None:
                front.date, front.date_at = found, block.line
                self.note(("meeting", "date"), "开会日期取自标题下的日期行", block)
            elif front.title and block.centred and self.short(text) and block.outline is None and after is not None:
                front.subtitles.append(block)
                self.note(("sections",), f"标题下居中的一行“{text}”（副标题）按段落导入", block)
            else:
                break
            i += 1
        return front, blocks[i:]

    @staticmethod
    def body_like(block: Block) -> bool:
        return block.kind != "para" or len(block.full_text) > _HEADING_MAX or block.full_text.endswith(_SENTENCE_END)

    # Back matter: attendance, end block, attachments, signature

    def back(self, blocks: list[Block]) -> tuple[BackMatter, list[Block] | None, list[Block]]:
        """The minutes' back matter read off the blocks; the attachments' blocks (from the note on); the body."""
        minutes = BackMatter()
        keys = {"出席": minutes.present, "请假": minutes.absent, "列席": minutes.attending}
        body: list[Block] = []
        attach_from: int | None = None
        for i, block in enumerate(blocks):
            text = block.full_text if block.kind == "para" else ""
            if block.kind == "para" and (m := _ATTEND.match(text)) and len(text) < 2000:
                keys[m.group(1)][:] = [s.strip() for s in m.group(2).split("、") if s.strip()]
            elif block.kind == "para" and (m := _COPY.match(text)):
                minutes.copy_to = [s.strip() for s in re.split(r"[，、,]", m.group(1)) if s.strip()]
            elif block.kind == "para" and (m := _ISSUED.match(text.replace("\t", " "))):
                minutes.issuer = m["issuer"].strip()
                minutes.issued = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            elif attach_from is None and block.kind == "para" and (
                    block.style == "AttachmentNote" or (_NOTE.match(text) and len(text) <= 400)) and any(
                    b.kind == "para" and (b.style == "AttachmentLabel" or _LABEL.match(b.full_text))
                    for b in blocks[i + 1:]):
                attach_from = len(body)
                body.append(block)
            else:
                body.append(block)
        if attach_from is None:
            return minutes, None, body
        return minutes, body[attach_from:], body[:attach_from]

    def signature(self, blocks: list[Block]) -> tuple[Signed, list[Block]]:
        """The signature at the end: right-aligned short lines (who signs, the document's date), or a last line
        that is only a date under a short line naming who signs."""
        end = len(blocks)
        while end > 0 and end > len(blocks) - 3 and blocks[end - 1].kind == "para" \
                and blocks[end - 1].align == "right" and self.short(blocks[end - 1].full_text):
            end -= 1
        lines = blocks[end:]
        if not lines and len(blocks) >= 3 and blocks[-1].kind == "para" and date_only(blocks[-1].full_text) \
                and blocks[-2].kind == "para" and self.short(blocks[-2].full_text) and len(blocks[-2].text) <= 30:
            end, lines = len(blocks) - 2, blocks[-2:]
        if not lines or end == 0:
            return Signed(), blocks
        signed = Signed()
        for block in lines:
            found = date_only(block.full_text)
            if found is not None:
                signed.date = found
            else:
                signed.by = (signed.by + block.full_text).strip()
        self.note(("meeting",), "原文末尾的几行是落款：单位和成文日期（成文日期不是开会日期）", lines[0])
        return signed, blocks[:end]

    def attachments(self, blocks: list[Block]) -> Data | None:
        items: list[Data] = []
        current: list[Block] = []
        groups: list[list[Block]] = []
        for block in blocks[1:]:
            if not groups and block.kind == "para" and (block.style == "AttachmentNoteMore"
                                                        or _NOTE_ITEM.match(block.full_text)):
                continue  # the note's later names, a paragraph each (附件说明续)
            if block.kind == "para" and (block.style == "AttachmentLabel" or _LABEL.match(block.full_text)):
                current = []
                groups.append(current)
            elif groups:
                current.append(block)
            else:
                return None  # text between the note and the first attachment: not attachments after all
        for group in groups:
            if not group or group[0].kind != "para":
                return None
            title = group[0].full_text
            nodes = self.nodes(group[1:])
            # Headings inside an attachment sit one outline level below its title (附件1 is at the top of the
            # outline): their levels count from the attachment's own shallowest heading. An attachment holds
            # paragraphs (each run may have a heading), tables and pictures: deeper headings are paragraphs.
            top = min((node.level for node in nodes if node.level > 0), default=1)
            for node in nodes:
                if node.level > 0:
                    node.level -= top - 1
                if node.level >= 2:
                    node.level, node.text, node.number = 0, node.full, ""
            content = self.read_runs(self.runs(nodes, flat=True), ("sections", -1))
            items.append({"title": title, "content": content} if content else {"title": title})
        return {"type": "attachments", "items": items} if items else None

    # Body nodes: headings and their levels

    def nodes(self, blocks: list[Block]) -> list[Node]:
        nodes: list[Node] = []
        skip = set()
        for i, block in enumerate(blocks):
            if i in skip:
                continue
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if block.kind == "image":
                name = f"{self.image_folder}/{len(self.images) + 1}{block.suffix or '.png'}"
                self.images.append((name, block.data))
                node = Node(block, name)
                if after is not None and after.kind == "para" and (after.style == "Caption"
                                                                   or self.caption_like(after)):
                    node.caption = after.full_text
                    skip.add(i + 1)
                    self.note(("sections",), f"图片下面的一行“{after.full_text}”是图片的说明", after)
                nodes.append(node)
                continue
            if block.kind == "table":
                nodes.append(Node(block, block.caption))
                continue
            if (after is not None and after.kind == "table" and not after.caption
                    and (block.style in ("TableCaption", "Caption") or self.caption_like(block))):
                after.caption = block.full_text
                if block.style != "TableCaption":
                    self.note(("sections",), f"表格前面的一行“{block.full_text}”是表格的标题", block)
                continue
            nodes.append(self.heading_or_paragraph(block, after))
        self.unit_kinds(nodes)
        self.levels(nodes)
        return nodes

    def heading_look(self, block: Block) -> str:
        """How a line is set apart from the body text, strongest sign first ("" if it is not)."""
        profile = self.profile
        if block.face in _HEADING_FACES and block.face != profile.face:
            return f"face:{block.face}"
        if profile.size and block.size > profile.size + 0.5:
            return f"size:{block.size:g}"
        if block.bold:
            return "bold"
        if block.centred:
            return "centred"
        return ""

    def caption_like(self, block: Block) -> bool:
        """A short line that could caption a table or a picture: centred, or set as the body text is."""
        text = block.full_text
        return (block.kind == "para" and block.outline is None and not block.label and len(text) <= 40
                and "\n" not in text and not text.endswith(_SENTENCE_END) and not number_of(text)[0]
                and (block.centred or not self.heading_look(block) or bool(_CAPTION.search(text))))

    def heading_or_paragraph(self, block: Block, after: Block | None) -> Node:
        text = block.text
        typed, kind = number_of(text) if not block.label else ("", "")
        number = block.label or typed
        if block.label:
            kind = "auto:" + (number_of(block.label + "x")[1] or "other")
        numbering = number_of(number + "x")[1] if number else ""
        body = text[len(typed):] if typed else text
        single = "\n" not in text and len(block.full_text) <= _HEADING_MAX * (2 if block.outline is not None else 1)
        closed = block.full_text.endswith(_SENTENCE_END)
        if block.outline is not None and single and not _title_style(block):
            return Node(block, body, level=block.outline + 1, number=number, kind=f"outline{block.outline}",
                        numbering=numbering)
        if not single or closed or after is None:
            return Node(block, block.full_text)
        if kind:
            return Node(block, body, level=-1, number=number, kind=kind, numbering=numbering)
        look = self.heading_look(block)
        if look:
            return Node(block, body, level=-1, kind=look)
        unindented = self.profile.indented and not block.indented
        if self.origin == "text" or unindented or (after.kind == "para" and self.body_like(after)):
            return Node(block, body, level=-1, kind="plain")
        return Node(block, block.full_text)

    def unit_kinds(self, nodes: list[Node]) -> None:
        """Unnumbered headings that name units: names of organisations (深科技苏州工会, 无锡制造基地), a run of
        them sharing an ending, or a name repeated (or its ending) at the start of its first paragraph."""
        plain = [k for k, n in enumerate(nodes) if n.level == -1 and not n.numbering]
        found: set[int] = set()
        for k in plain:
            node, after = nodes[k], nodes[k + 1] if k + 1 < len(nodes) else None
            if after is None or after.level != 0 or after.block.kind != "para" or len(node.text) > 24:
                continue
            if _names_unit(node.text, after.text):
                found.add(k)
        for a, b in itertools.pairwise(plain):  # names sharing an ending, with paragraphs between
            if (b > a + 1 and all(n.level == 0 for n in nodes[a + 1:b]) and _suffix(nodes[a].text, nodes[b].text)
                    and nodes[a].kind == nodes[b].kind):
                found |= {a, b}
        if len(found) < 2:
            return
        for k in found:
            nodes[k].kind = "unit"

    @staticmethod
    def levels(nodes: list[Node]) -> None:
        """Levels for headings Word gave none: the order in which their kinds nest."""
        stack: list[tuple[str, int]] = []
        for node in nodes:
            if node.level > 0:
                stack = [s for s in stack if s[1] < node.level] + [(node.kind, node.level)]
            elif node.level == -1:
                kinds = [s[0] for s in stack]
                if node.kind in kinds:
                    at = kinds.index(node.kind)
                    stack = stack[:at + 1]
                    node.level = stack[at][1]
                else:
                    node.level = min((stack[-1][1] if stack else 0) + 1, 4)
                    stack.append((node.kind, node.level))

    # Meeting facts

    def year_hint(self, front: Front, nodes: list[Node]) -> int | None:
        """The year a month and day without one belong to: the latest year the title and the opening paragraphs
        name (a meeting on 2024 held in February 2025 says 研究部署2025年度)."""
        if front.date is not None:
            return front.date.year
        texts = [front.title] + [n.full for n in nodes[:3] if n.level == 0]
        years = [int(y) for t in texts for y in _YEAR.findall(t)]
        return max(years) if years else None

    def render_lead(self, facts: LeadFacts) -> str:
        meeting = _Facts(facts)
        return self.templates.render("sections/lead.j2", meeting=meeting, attendees=meeting.attendees)

    def render_title(self, meeting: Data) -> str:
        name = "minutes_title.j2" if self.minutes else "title.j2"
        return self.templates.render(name, meeting=_Obj(meeting), report=None)

    def lead(self, nodes: list[Node], year_hint: int | None) -> LeadFacts | None:
        """The meeting facts of the lead: the first paragraph, or the one after a salutation (各单位：)."""
        for k, node in enumerate(nodes[:2]):
            if node.level != 0 or node.block.kind != "para":
                break
            facts = read_lead(node.text, year_hint, self.render_lead)
            if facts is not None:
                self.lead_at = k
                facts.exact = facts.exact and k == 0  # after a salutation it stays as written
                return facts
            if not (node.text.endswith(("：", ":")) and len(node.text) <= 40):
                break
        return None

    def meeting(self, facts: LeadFacts | None, front: Front, minutes: BackMatter, signature: Signed,
                year_hint: int | None, nodes: list[Node]) -> Data:
        meeting: Data = {}
        path = ("meeting",)
        title = front.title
        lead_block = nodes[self.lead_at].block if facts and nodes else None
        title_block = None
        organiser = facts.organiser if facts else ""
        name = facts.name if facts else ""
        if not name and (m := re.match(r"^(.{2,40}?)(?:召开|举行|举办)(.+)$", title)):
            organiser, name = organiser or m.group(1), m.group(2)
            self.note((*path, "name"), "会议名称和主办单位取自标题（……召开……），请核对", title_block)
        if not name and title:
            name = title.removesuffix("纪要") if self.minutes else title
            self.note((*path, "name"), "会议名称取自标题，请核对", title_block)
        if not organiser and front.mark.endswith("会议纪要"):
            organiser = front.mark.removesuffix("会议纪要")
            self.note((*path, "organiser"), "主办单位取自纪要标志（……会议纪要），请核对")
        if not organiser and minutes.issuer:
            organiser = minutes.issuer
            self.note((*path, "organiser"), "主办单位取自版记的印发机关，请核对")
        if not organiser:
            organiser = f"{TO_FILL}：主办单位"  # RG308 in `check` until it is filled in
            self.note((*path, "organiser"), "原文中没有找到主办单位（导语开头“某月某日，……召开……”），请填写")
        if not name:
            name = f"{TO_FILL}：会议名称"
            self.note((*path, "name"), "原文中没有找到会议名称，请填写")
        date = self.meeting_date(facts, front, lead_block, nodes, year_hint)
        year_match = _YEAR.search(name) or _YEAR.search(title)
        year: int | str
        if year_match:
            year = int(year_match.group(1))
        elif isinstance(date, dt.date):
            year = date.year - 1 if date.month <= 3 else date.year
            self.note((*path, "year"), f"总结的年度按开会日期推断（{year}），请核对", lead_block)
        else:
            year = TO_FILL
            self.note((*path, "year"), "原文中没有找到总结的年度，请填写（如 2024）")
        meeting["date"] = date
        meeting["year"] = year
        meeting["organiser"] = organiser
        meeting["name"] = name
        if facts and facts.purpose:
            meeting["purpose"] = facts.purpose
        else:
            meeting["purpose"] = [f"召开{name}"]
            self.note((*path, "purpose"), "原文中没有找到会议目的（只用在 type: lead 的导语中），请核对")
        attendees: Data = {}
        if facts and facts.people:
            attendees["people"] = facts.people
        if facts and facts.groups:
            attendees["groups"] = facts.groups
        if facts and facts.count:
            attendees["count"] = facts.count
        if self.minutes and not minutes.present and not (facts and facts.exact):
            attendees = {}  # minutes list the attendees as 出席 when none is given: only what the source says
        meeting["attendees"] = attendees
        if facts and facts.form:
            meeting["form"] = facts.form
        if facts and not facts.exact:
            self.note(path, "导语的句子与模板 templates/sections/lead.j2 写法不同：会议信息是从中读出的，"
                            "导语按原文保留在 sections 里", lead_block)
        elif facts:
            self.note(path, "会议信息读自导语；用这些信息，模板 templates/sections/lead.j2 生成的导语与原文一字不差")
        return meeting

    def meeting_date(self, facts: LeadFacts | None, front: Front, lead_block: Block | None, nodes: list[Node],
                     year_hint: int | None) -> dt.date | str:
        """The meeting's date: the date line under the title, else the lead's (a month and day without a year
        take the year the report names last), else a full date in the title or the document number; never the
        signature's or the end block's (the document's date). 待填写 when there is none."""
        path = ("meeting", "date")
        lead_date = facts.date if facts else None
        if front.date is not None:
            if lead_date is not None and (lead_date.month, lead_date.day) != (front.date.month, front.date.day):
                self.note(path, f"标题下的日期行（{front.date}）与导语中的日期不同：用日期行，请核对", lead_block)
            return front.date
        if lead_date is not None and facts is not None:
            if not facts.year_given:
                self.note(path, f"导语只写了月日；年份按标题和导语中最晚的年份（{lead_date.year}）推断，请核对",
                          lead_block)
            return lead_date
        for node in [n for n in nodes[:6] if n.level == 0 and n.block.kind == "para"][:3]:
            m = _OPENING_DAY.match(node.text)  # a paragraph that opens with the day (after a salutation)
            if m and (m["y"] or year_hint):
                try:
                    found = dt.date(int(m["y"] or year_hint or 0), int(m["m"]), int(m["d"]))
                except ValueError:
                    continue
                self.note(path, "开会日期取自开头一段的“某月某日”，请核对", node.block)
                return found
        for text in (front.title, front.number):
            m = _FULL_DATE.search(text)
            if m and (in_title := _date(m)) is not None:
                self.note(path, "开会日期取自标题或文号中的日期，请核对")
                return in_title
        self.note(path, "原文中没有找到开会日期（标题下的日期行，或导语开头的“某月某日”），请填写")
        return TO_FILL

    def minutes_info(self, front: Front, minutes: BackMatter, meeting: Data, signature: Signed) -> Data:
        info: Data = {}
        if front.mark:
            rendered = self.templates.render("minutes_mark.j2", meeting=_Obj(meeting), report=None)
            if front.mark != rendered:
                info["mark"] = front.mark
        if front.number:
            info["number"] = front.number
        for key in ("present", "absent", "attending", "copy_to", "issuer", "issued"):
            if value := getattr(minutes, key):
                info[key] = value
        if not minutes.issuer and signature.by and signature.date:
            info["issuer"], info["issued"] = signature.by, signature.date
            self.note(("minutes",), "印发机关和日期取自原文末尾的落款，请核对")
        elif not minutes.issuer:
            self.note(("minutes",), "原文没有版记的印发机关和日期：生成时用主办单位和开会日期")
        return info

    # Runs, and the section types that read them

    def sections(self, nodes: list[Node], meeting: Data, facts: LeadFacts | None) -> list[Data]:
        year = meeting["year"] if isinstance(meeting["year"], int) else None
        people = [p["name"] for p in (facts.people if facts else [])]
        for node in nodes:  # and whoever the lead, then the rest of the text, names by role
            if node.level == 0 and node.block.kind == "para":
                people += [name for name in named_people(node.text) if name not in people]
        runs = self.runs(nodes, lead=facts is not None and self.lead_at == 0)
        exact = bool(facts and facts.exact)
        runs = [(replace(run, minutes=self.minutes, people=tuple(people), year=year, lead_exact=exact), block)
                for run, block in runs]
        return self.read_runs(runs, ("sections", 0))

    def read_runs(self, runs: list[tuple[Run, Block]], path: Path) -> list[Data]:
        """Each run read by the registered section type that fits it best."""
        out: list[Data] = []
        types = registry()
        for run, block in runs:
            readings: list[tuple[int, str, Reading]] = []
            for name, kind in types.items():
                if kind.recognise is not None and (reading := kind.recognise(run, self.templates)) is not None:
                    readings.append((reading.fit, name, reading))
            if not readings:  # no type reads it (none registered for text): kept as it stands
                continue
            best = max(readings, key=lambda r: r[0])[2]
            here: Path = (path[0], path[1] + len(out)) if isinstance(path[1], int) and path[1] >= 0 else ()
            for sub, text in best.notes:
                if here:
                    self.note((*here, *sub), text, block)
            out.append(best.data)
        return out

    def runs(self, nodes: list[Node], lead: bool = False, flat: bool = False) -> list[tuple[Run, Block]]:
        """The body cut into runs: the lead paragraph; each first-level heading with what is under it; each
        table and picture; the paragraphs between; the last paragraph when it stands apart (the closing)."""
        out: list[tuple[Run, Block]] = []
        rest = nodes
        if lead and rest:
            out.append((Run(intro=(rest[0].text,), first=True), rest[0].block))
            rest = rest[1:]
        closing = None if flat else self.closing(rest)
        if closing is not None:
            rest, closing_node = rest[:closing], rest[closing]
        k = 0
        while k < len(rest):
            node = rest[k]
            if node.block.kind == "image":
                out.append((Run(picture=node.text, caption=node.caption), node.block))
                k += 1
                continue
            if node.block.kind == "table":
                out.append((Run(table=tuple(tuple(r) for r in node.block.rows), caption=node.block.caption),
                            node.block))
                k += 1
                continue
            end = k + 1
            while end < len(rest) and not (rest[end].level == 1 or rest[end].block.kind != "para"
                                           or (node.level == 0 and rest[end].level > 0)):
                end += 1
            out.append((self.run_of(rest[k:end]), node.block))
            k = end
        if closing is not None:
            out.append((Run(intro=(closing_node.text,), last=True), closing_node.block))
        return out

    @staticmethod
    def closing(nodes: list[Node]) -> int | None:
        """Where the closing starts: the last paragraph, if something other than its own heading precedes it, or
        an empty paragraph sets it apart (where empty paragraphs are not between every paragraph)."""
        if len(nodes) < 2 or nodes[-1].level != 0 or nodes[-1].block.kind != "para":
            return None
        gaps = sum(n.block.gap_before for n in nodes)
        if nodes[-1].block.gap_before and gaps <= max(2, len(nodes) // 4):  # empty paragraphs set parts apart
            return len(nodes) - 1
        if nodes[-2].level > 0:
            return None  # the only paragraph under its heading
        if not any(n.level > 0 for n in nodes) and all(n.block.kind == "para" for n in nodes):
            return None  # paragraphs only: no sign that the last one stands apart
        return len(nodes) - 1

    def run_of(self, nodes: list[Node]) -> Run:
        """A heading (or none), the paragraphs under it and its sub-headings with theirs. The sub-headings are
        the next level down that occurs (a Heading 3 straight under a Heading 1 is one); deeper headings, and
        sub-headings with nothing under them, are paragraphs."""
        head = nodes[0] if nodes[0].level > 0 else None
        body = nodes[1:] if head else nodes
        if head is not None and head.level > 1:
            self.note(("sections",), f"“{head.full}”是{head.level}级标题，但它前面没有一级标题：按一级标题导入",
                      head.block)
        levels = [n.level for n in body if n.level > 0]
        sub_level = min(levels) if levels else None
        intro: list[str] = []
        subs: list[tuple[Node, list[str]]] = []
        for node in body:
            if node.level and node.level == sub_level:
                subs.append((node, []))
                continue
            if node.level:
                self.note(("sections",), f"“{node.full}”是更低一级的标题：报告的部分类型只有一、二级标题，按段落导入",
                          node.block)
            (subs[-1][1] if subs else intro).append(node.full if node.level else node.text)
        kept: list[tuple[Node, list[str]]] = []
        for sub, paras in subs:
            if paras:
                kept.append((sub, paras))
            else:  # a sub-heading with nothing under it is no unit or requirement: a paragraph
                (kept[-1][1] if kept else intro).append(sub.full)
                self.note(("sections",), f"“{sub.full}”下面没有段落，按段落导入", sub.block)
        minutes = self.minutes
        return Run(
            heading=None if head is None else (head.text if minutes or not head.number else head.full),
            title=head.text if head else "", number=head.number if head else "", intro=tuple(intro),
            subs=tuple(SubRun(heading=sub.full, title=sub.text, number=sub.number, numbering=sub.numbering,
                              value=zh_value(sub.number) if sub.number else None,
                              unit=sub.kind == "unit" or _names_unit(sub.text, paras[0]),
                              paragraphs=tuple(paras)) for sub, paras in kept))




def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _title_style(block: Block) -> bool:
    """Word's own Title style, whatever its id (Title; a3 named 标题 in a Chinese Word)."""
    return block.style == "Title" or block.style_name.strip().lower() in ("title", "标题")


def _names_unit(name: str, first: str) -> bool:
    """A heading that names a unit: an organisation's name (无锡制造基地), or one its paragraph opens with (or
    with its ending: 中心把实验室安全……)."""
    return len(name) <= 24 and (name.endswith(_ORGANISATION) or any(first.startswith(name[-n:])
                                                                    for n in (4, 3, 2) if len(name) > n))


def _suffix(a: str, b: str) -> bool:
    """Two names share an ending of two characters or more (深科技苏州工会, 深科技惠州工会)."""
    return len(a) <= 30 and len(b) <= 30 and len(a) >= 3 and len(b) >= 3 and a[-2:] == b[-2:]


class _Obj:
    """A mapping seen by a template as an object (meeting.organiser)."""

    def __init__(self, data: Data):
        self.__dict__.update({k: _Obj(v) if isinstance(v, dict) else v for k, v in data.items()})


class _Facts:
    def __init__(self, facts: LeadFacts):
        assert facts.date is not None
        self.date = facts.date
        self.organiser, self.name, self.purpose, self.form = facts.organiser, facts.name, facts.purpose, facts.form
        self.attendees = _Obj({"people": [_Obj(p) for p in facts.people], "groups": facts.groups,
                               "count": facts.count})
