"""One classifier for every source: blocks in, the input's data (and comments on what was guessed) out.

Structure first, text second. A heading is what Word says is one (an outline level, a heading style), then
what looks like one (a short line without closing punctuation, numbered 一、 （一） 1. （1）, bold or on its
own); levels come from the outline where there is one, otherwise from the order in which the kinds of heading
nest (the first kind seen is the outer one, as people number 一、 before （一）). Then each part of the tree
becomes the section type that renders it: a heading with unit names under it (names sharing an ending, or
repeated at the start of their paragraph) is `unit_reports`; one with numbered points 一、二、 is
`requirements`; one with paragraphs only is `paragraphs`. The first paragraph is the lead when its sentence
reads as the lead template's; the last one, set apart from what precedes it, is the closing. Minutes add their
mark, number, 出席/请假/列席 lines and the end block (抄送, …印发). Nothing is dropped: a paragraph no rule
claims is kept in a `paragraphs` section where it stood.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..cjk.numerals import zh_number
from ..lint import fix_text
from ..templating import Templates
from .lead import LeadFacts, read_lead
from .source import Block

Path = tuple[str | int, ...]

_SENTENCE_END = tuple("。！？；：…，、.!?;:,")
_HEADING_MAX = 50
_ZH = "零〇一二三四五六七八九十百千两"
# Typed heading numbers: (pattern, kind). The kind orders nesting when no outline level says it.
_NUMBERS = (
    (re.compile(rf"^第[{_ZH}\d]+[章部分篇节]\s*"), "chapter"),
    (re.compile(rf"^[{_ZH}]+[、．.]\s*"), "cn"),
    (re.compile(rf"^[（(][{_ZH}]+[）)]\s*"), "pcn"),
    (re.compile(r"^\d{1,2}[．.、](?!\d)\s*"), "num"),
    (re.compile(r"^[（(]\d{1,2}[）)]\s*"), "pnum"),
    (re.compile(r"^[①-⑳]\s*"), "circ"),
)
_ATTEND = re.compile(r"^(出席|请假|列席)[：:]\s*(.+)$", re.S)
_COPY = re.compile(r"^抄送[：:]\s*(.+?)。?$", re.S)
_ISSUED = re.compile(r"^(?P<issuer>.+?)\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*印发$", re.S)
_DOC_NUMBER = re.compile(r"^\S{1,30}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_NOTE = re.compile(r"^附件[：:]")
_NOTE_ITEM = re.compile(r"^\d{1,2}[.．、]\s*\S")  # a later name of the note in a paragraph of its own: 2. 名称
_LABEL = re.compile(r"^附件\s*(\d*)$")
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_SPEAKER = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:同志)?(?:指出|强调|提出|要求|表示|讲话)")
_REQUEST_WORDS = ("要求", "意见", "提出", "部署", "建议", "措施")


def number_of(text: str) -> tuple[str, str]:
    """A typed heading number at the start of `text` (一、 （一） 1. …) and its kind; ("", "") if none."""
    for pattern, kind in _NUMBERS:
        m = pattern.match(text)
        if m and len(text) > m.end():
            return m.group(), kind
    return "", ""


def _zh_value(number: str) -> int | None:
    digits = re.sub(r"[^零〇一二三四五六七八九十百两\d]", "", number)
    if digits.isdigit():
        return int(digits)
    for n in range(1, 100):
        if zh_number(n) == digits:
            return n
    return None


@dataclass
class Node:
    """A body item: a paragraph (level 0), a heading (level 1–4), a table or a picture."""

    block: Block
    text: str
    level: int = 0
    number: str = ""        # the heading's number (typed or automatic), kept apart from its text
    kind: str = ""          # the heading's kind (outline, cn, pcn, unit, plain …)
    numbering: str = ""     # the kind of its number (cn: 一、, pcn: （一）, num: 1. …), typed or automatic
    caption: str = ""       # a picture's caption
    notes: list[str] = field(default_factory=list)

    @property
    def full(self) -> str:
        return f"{self.number}{self.text}"


@dataclass
class Draft:
    data: dict[str, Any]
    notes: dict[Path, list[str]]
    header: list[str]
    images: list[tuple[str, bytes]]


class Classifier:
    def __init__(self, blocks: list[Block], origin: str, image_folder: str):
        self.blocks = blocks
        self.origin = origin
        self.image_folder = image_folder
        self.templates = Templates()
        self.notes: dict[Path, list[str]] = {}
        self.header: list[str] = []
        self.images: list[tuple[str, bytes]] = []
        self.cleaned = 0

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
        for block in self.blocks:
            if block.kind == "para":
                if block.style != "DocNumber":
                    block.text = self.clean(block.text)
                block.label = block.label.strip()
                if not block.text and not block.label:
                    continue
            elif block.kind == "table":
                block.rows = [[self.clean(c) for c in row] for row in block.rows]
                block.caption = self.clean(block.caption)
            out.append(block)
        return out

    # The whole document

    def run(self) -> Draft:
        blocks = self.prepare()
        front, blocks = self.front(blocks)
        minutes, attached, blocks = self.back(blocks)
        self.minutes = bool(front.get("mark") or front.get("number") or minutes.get("present")
                            or minutes.get("absent") or minutes.get("attending"))
        attachments = self.attachments(attached) if attached is not None else None
        if attached is not None and attachments is None:
            blocks += attached  # not attachments after all: kept where they stood
        nodes = self.nodes(blocks)
        year_hint = self.year_hint(front.get("title", ""), nodes)
        lead_facts, nodes = self.lead(nodes, year_hint)
        meeting = self.meeting(lead_facts, front, minutes, year_hint)
        sections = self.sections(nodes, meeting, lead_facts)
        if attachments:
            sections.append(attachments)
        data: dict[str, Any] = {"kind": "minutes" if self.minutes else "report", "style": "official"}
        title = front.get("title")
        if title is not None:
            rendered = self.render_title(meeting)
            if title == rendered:
                self.note(("title",), f"原文标题与模板生成的标题（{rendered}）相同：不写 title，由模板生成")
            else:
                data["title"] = title
        else:
            self.header.append("原文没有标题行：标题由模板 templates/title.j2 用会议的主办单位和名称生成，请核对")
        data["meeting"] = meeting
        if self.minutes:
            info = self.minutes_info(front, minutes, meeting)
            if info:
                data["minutes"] = info
        data["sections"] = sections
        if not sections:
            data["sections"] = [{"type": "paragraphs", "paragraphs": ["（原文没有正文）"]}]
        notes = dict(self.notes)
        if "title" not in data:
            notes.pop(("title",), None)
            if title is not None:
                notes.setdefault(("meeting",), []).insert(0, "原文标题与模板生成的相同，所以不写 title")
        if self.cleaned:
            self.header.append(f"导入时修正了 {self.cleaned} 段文字中的粘贴问题（繁体字、拼音注音、半角标点、多余空格、"
                               "零宽字符）；乱码无法自动还原，留在原处，reportgen check 会指出它的行和列")
        return Draft(data, notes, self.header, self.images)

    def note(self, path: Path, text: str) -> None:
        notes = self.notes.setdefault(path, [])
        if text not in notes:
            notes.append(text)

    # Front matter: mark, number, title

    def front(self, blocks: list[Block]) -> tuple[dict[str, str], list[Block]]:
        front: dict[str, str] = {}
        i = 0
        while i < len(blocks) and blocks[i].kind == "para":
            block, text = blocks[i], blocks[i].full_text
            short = len(text) <= _HEADING_MAX and "\n" not in text and not text.endswith(_SENTENCE_END)
            if block.style == "MinutesMark" or ("mark" not in front and "title" not in front and short
                                                 and text.endswith("纪要") and i + 1 < len(blocks)
                                                 and self.looks_like_number_or_title(blocks[i + 1])):
                front["mark"] = text
            elif block.style == "DocNumber" or ("number" not in front and _DOC_NUMBER.match(text.strip())):
                front["number"] = text.strip()
            elif "title" not in front and (block.style == "Title" or (
                    short and block.outline is None and not block.label and not number_of(text)[0]
                    and i + 1 < len(blocks) and (block.centred or block.bold or self.origin == "text"
                                                 or i == 0)
                    and self.body_like(blocks[i + 1]))):
                front["title"] = text
            else:
                break
            i += 1
        return front, blocks[i:]

    @staticmethod
    def looks_like_number_or_title(block: Block) -> bool:
        return block.kind == "para" and len(block.text) <= _HEADING_MAX

    @staticmethod
    def body_like(block: Block) -> bool:
        return block.kind != "para" or len(block.full_text) > _HEADING_MAX or block.full_text.endswith(_SENTENCE_END)

    # Back matter: attendance, end block, attachments

    def back(self, blocks: list[Block]) -> tuple[dict[str, Any], list[Block] | None, list[Block]]:
        """The minutes' back matter read off the blocks; the attachments' blocks (from the note on); the body."""
        minutes: dict[str, Any] = {}
        keys = {"出席": "present", "请假": "absent", "列席": "attending"}
        body: list[Block] = []
        attach_from: int | None = None
        for i, block in enumerate(blocks):
            text = block.full_text if block.kind == "para" else ""
            if block.kind == "para" and (m := _ATTEND.match(text)) and len(text) < 2000:
                minutes[keys[m.group(1)]] = [s.strip() for s in m.group(2).split("、") if s.strip()]
            elif block.kind == "para" and (m := _COPY.match(text)):
                minutes["copy_to"] = [s.strip() for s in re.split(r"[，、,]", m.group(1)) if s.strip()]
            elif block.kind == "para" and (m := _ISSUED.match(text.replace("\t", " "))):
                minutes["issuer"] = m["issuer"].strip()
                minutes["issued"] = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
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

    def attachments(self, blocks: list[Block]) -> dict[str, Any] | None:
        items: list[dict[str, Any]] = []
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
            # outline): their levels count from the attachment's own shallowest heading.
            top = min((node.level for node in nodes if node.level > 0), default=1)
            for node in nodes:
                if node.level > 0:
                    node.level -= top - 1
            content = self.plain_sections(nodes, path=("sections", -1), flat=True)
            items.append({"title": title, "content": content} if content else {"title": title})
        return {"type": "attachments", "items": items} if items else None

    # Body nodes: headings and their levels

    def nodes(self, blocks: list[Block]) -> list[Node]:
        nodes: list[Node] = []
        for i, block in enumerate(blocks):
            if block.kind == "image":
                name = f"{self.image_folder}/{len(self.images) + 1}{block.suffix or '.png'}"
                self.images.append((name, block.data))
                nodes.append(Node(block, name))
                continue
            if block.kind == "table":
                nodes.append(Node(block, block.caption))
                continue
            if block.style == "Caption" and nodes and nodes[-1].block.kind == "image" and not nodes[-1].caption:
                nodes[-1].caption = block.full_text
                continue
            if (block.style == "TableCaption" and i + 1 < len(blocks) and blocks[i + 1].kind == "table"
                    and not blocks[i + 1].caption):
                blocks[i + 1].caption = block.full_text
                continue
            nodes.append(self.heading_or_paragraph(block, blocks[i + 1] if i + 1 < len(blocks) else None))
        self.unit_kinds(nodes)
        self.levels(nodes)
        return nodes

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
        if block.outline is not None and single and block.style not in ("Title",):
            return Node(block, body, level=block.outline + 1, number=number, kind=f"outline{block.outline}",
                        numbering=numbering)
        if not single or closed or after is None:
            return Node(block, block.full_text)
        if kind:
            return Node(block, body, level=-1, number=number, kind=kind, numbering=numbering)
        if block.bold or block.centred:
            return Node(block, body, level=-1, kind="bold")
        if self.origin == "text" or (after.kind == "para" and self.body_like(after)):
            return Node(block, body, level=-1, kind="plain")
        return Node(block, block.full_text)

    @staticmethod
    def unit_kinds(nodes: list[Node]) -> None:
        """Unnumbered headings that name units: a run of them sharing an ending (工会, 公司, 部), or a name
        repeated at the start of its first paragraph."""
        plain = [k for k, n in enumerate(nodes) if n.level == -1 and n.kind in ("plain", "bold")]
        runs: list[list[int]] = []
        for k in plain:
            between = nodes[runs[-1][-1] + 1:k] if runs else []
            if runs and all(n.level == 0 for n in between) and _suffix(nodes[runs[-1][-1]].text, nodes[k].text):
                runs[-1].append(k)
            else:
                runs.append([k])
        for run in runs:
            if len(run) >= 2:
                for k in run:
                    nodes[k].kind = "unit"
        for k in plain:
            node, after = nodes[k], nodes[k + 1] if k + 1 < len(nodes) else None
            if (node.kind != "unit" and after is not None and after.level == 0 and len(node.text) <= 20
                    and after.text.startswith(node.text) and len(after.text) > len(node.text) + 10):
                node.kind = "unit"

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

    def year_hint(self, title: str, nodes: list[Node]) -> int | None:
        texts = [title] + [n.full for n in nodes[:3] if n.level == 0]
        years = [int(y) for t in texts for y in _YEAR.findall(t)]
        return max(years) if years else None

    def render_lead(self, facts: LeadFacts) -> str:
        meeting = _Facts(facts)
        return self.templates.render("sections/lead.j2", meeting=meeting, attendees=meeting.attendees)

    def render_title(self, meeting: dict[str, Any]) -> str:
        name = "minutes_title.j2" if self.minutes else "title.j2"
        return self.templates.render(name, meeting=_Obj(meeting), report=None)

    def lead(self, nodes: list[Node], year_hint: int | None) -> tuple[LeadFacts | None, list[Node]]:
        if not nodes or nodes[0].level != 0 or nodes[0].block.kind != "para":
            return None, nodes
        facts = read_lead(nodes[0].text, year_hint, self.render_lead)
        return facts, nodes

    def meeting(self, facts: LeadFacts | None, front: dict[str, str], minutes: dict[str, Any],
                year_hint: int | None) -> dict[str, Any]:
        meeting: dict[str, Any] = {}
        path = ("meeting",)
        title = front.get("title", "")
        organiser = facts.organiser if facts else ""
        name = facts.name if facts else ""
        if not name and (m := re.match(r"^(.{2,40}?)(?:召开|举行|举办)(.+)$", title)):
            organiser, name = organiser or m.group(1), m.group(2)
            self.note((*path, "name"), "会议名称和主办单位取自标题（……召开……），请核对")
        if not name and title:
            name = title.removesuffix("纪要") if self.minutes else title
            self.note((*path, "name"), "会议名称取自标题，请核对")
        if not organiser and (mark := front.get("mark", "")).endswith("会议纪要"):
            organiser = mark.removesuffix("会议纪要")
            self.note((*path, "organiser"), "主办单位取自纪要标志（……会议纪要），请核对")
        if not organiser and minutes.get("issuer"):
            organiser = minutes["issuer"]
            self.note((*path, "organiser"), "主办单位取自版记的印发机关，请核对")
        if not organiser:
            organiser = "待填写：主办单位"  # RG308 in `check` until it is filled in
            self.note((*path, "organiser"), "原文中没有找到主办单位（导语开头“某月某日，……召开……”），请填写")
        if not name:
            name = "待填写：会议名称"
            self.note((*path, "name"), "原文中没有找到会议名称，请填写")
        date: dt.date | None = facts.date if facts and facts.date else None
        if date is not None and facts is not None and not facts.year_given:
            self.note((*path, "date"), f"原文只写了月日；年份按导语和标题中最晚的年份（{date.year}）推断，请核对")
        if date is None:
            found = [_FULL_DATE.search(n) for n in (title, front.get("number", ""))]
            dates = [d for m in found if m and (d := _date(m)) is not None]
            if dates:
                date = dates[0]
            elif minutes.get("issued"):
                date = minutes["issued"]
                self.note((*path, "date"), "开会日期取自版记的印发日期，请核对")
            elif year_hint:
                date = dt.date(year_hint, 1, 1)
                self.note((*path, "date"), "原文中没有找到开会日期，暂写该年的 1 月 1 日，请改正")
        if date is None:
            date = dt.date(2000, 1, 1)
            self.note((*path, "date"), "原文中没有找到开会日期和年份，暂写 2000-01-01，请改正")
        year_match = re.search(r"((?:19|20)\d\d)年", name) or re.search(r"((?:19|20)\d\d)年", title)
        if year_match:
            year = int(year_match.group(1))
        else:
            year = date.year - 1 if date.month <= 3 else date.year
            self.note((*path, "year"), f"总结的年度按开会日期推断（{year}），请核对")
        meeting["date"] = date
        meeting["year"] = year
        meeting["organiser"] = organiser
        meeting["name"] = name
        if facts and facts.purpose:
            meeting["purpose"] = facts.purpose
        else:
            meeting["purpose"] = [f"召开{name}"]
            self.note((*path, "purpose"), "原文中没有找到会议目的（只用在 type: lead 的导语中），请核对")
        attendees: dict[str, Any] = {}
        if facts and facts.people:
            attendees["people"] = facts.people
        if facts and facts.groups:
            attendees["groups"] = facts.groups
        if facts and facts.count:
            attendees["count"] = facts.count
        if self.minutes and not minutes.get("present") and not (facts and facts.exact):
            attendees = {}  # minutes list the attendees as 出席 when none is given: only what the source says
        meeting["attendees"] = attendees
        if facts and facts.form:
            meeting["form"] = facts.form
        if facts and not facts.exact:
            self.note(path, "导语的句子与模板 templates/sections/lead.j2 写法不同：会议信息是从中读出的，"
                            "导语按原文保留在 sections 里")
        elif facts:
            self.note(path, "会议信息读自导语；用这些信息，模板 templates/sections/lead.j2 生成的导语与原文一字不差")
        return meeting

    def minutes_info(self, front: dict[str, str], minutes: dict[str, Any], meeting: dict[str, Any]
                     ) -> dict[str, Any]:
        info: dict[str, Any] = {}
        mark = front.get("mark")
        if mark is not None:
            rendered = self.templates.render("minutes_mark.j2", meeting=_Obj(meeting), report=None)
            if mark != rendered:
                info["mark"] = mark
        if front.get("number"):
            info["number"] = front["number"]
        for key in ("present", "absent", "attending", "copy_to", "issuer", "issued"):
            if minutes.get(key):
                info[key] = minutes[key]
        if "issuer" not in minutes:
            self.note(("minutes",), "原文没有版记的印发机关和日期：生成时用主办单位和开会日期")
        return info

    # Sections

    def sections(self, nodes: list[Node], meeting: dict[str, Any], facts: LeadFacts | None) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        rest = nodes
        if facts is not None:
            if facts.exact:
                sections.append({"type": "lead"})
                self.note(("sections", 0), "导语：由会议信息（meeting:）和模板生成，与原文相同")
            else:
                sections.append({"type": "paragraphs", "paragraphs": [nodes[0].text]})
                self.note(("sections", 0), "导语：与模板的写法不同，按原文保留")
            rest = nodes[1:]
        closing = self.closing(rest)
        last = rest[-1].text if rest else ""
        if closing is not None:
            rest = rest[:closing]
        self.meeting_year = int(meeting["year"])
        sections += self.plain_sections(rest, path=("sections", len(sections)))
        if closing is not None:
            self.note(("sections", len(sections)), "结尾：正文最后一段，与它前面的内容分开，导入时当作结尾")
            sections.append({"type": "closing", "paragraphs": [last]})
        return sections

    @staticmethod
    def closing(nodes: list[Node]) -> int | None:
        """Where the closing starts: the last paragraph, if something other than its own heading precedes it."""
        if len(nodes) < 2 or nodes[-1].level != 0 or nodes[-1].block.kind != "para":
            return None
        before = nodes[-2]
        if before.level > 0:
            return None  # the only paragraph under its heading
        if not any(n.level > 0 for n in nodes) and all(n.block.kind == "para" for n in nodes):
            return None  # paragraphs only: no sign that the last one stands apart
        return len(nodes) - 1

    def plain_sections(self, nodes: list[Node], path: Path, flat: bool = False) -> list[dict[str, Any]]:
        """`nodes` as sections, in order."""
        out: list[dict[str, Any]] = []
        base = path[1] if isinstance(path[1], int) and path[1] >= 0 else None
        k = 0
        while k < len(nodes):
            node = nodes[k]
            here: Path = ("sections", base + len(out)) if base is not None else ()
            if node.block.kind == "image":
                section: dict[str, Any] = {"type": "image", "path": node.text}
                if node.caption:
                    section["caption"] = node.caption
                out.append(section)
                k += 1
                continue
            if node.block.kind == "table":
                out.append(self.table(node.block))
                k += 1
                continue
            end = k + 1
            while end < len(nodes) and not (nodes[end].level == 1 or nodes[end].block.kind != "para"
                                            or (node.level == 0 and nodes[end].level > 0)):
                end += 1
            out.append(self.section(nodes[k:end], here, flat))
            k = end
        return out

    def heading_text(self, node: Node) -> str:
        """A heading as the section writes it: minutes number their headings themselves."""
        return node.text if self.minutes or not node.number else node.full

    def section(self, nodes: list[Node], here: Path, flat: bool = False) -> dict[str, Any]:
        """One section from a heading (or none) and what follows it up to the next first-level heading; `flat`:
        paragraphs only (an attachment holds paragraphs, tables and pictures)."""
        head = nodes[0] if nodes[0].level > 0 else None
        body = nodes[1:] if head else nodes
        if flat:
            for node in body:
                if node.level >= 2:
                    node.level, node.text, node.number = 0, node.full, ""
        if head is not None and head.level > 1:
            self.note(here, f"“{head.full}”是{head.level}级标题，但它前面没有一级标题：按一级标题导入")
        subs = [k for k, n in enumerate(body) if n.level >= 2]
        level2 = [k for k in subs if body[k].level == 2]
        paragraphs = [self.paragraph_text(n, here) for n in body]
        if head is None:
            return {"type": "paragraphs", "paragraphs": paragraphs}
        if not level2:
            return {"type": "paragraphs", "heading": self.heading_text(head), "paragraphs": paragraphs or [head.full]
                    } if paragraphs else self.lone_heading(head, here)
        intro = [self.paragraph_text(n, here) for n in body[:level2[0]]]
        groups = []
        for i, k in enumerate(level2):
            end = level2[i + 1] if i + 1 < len(level2) else len(body)
            groups.append((body[k], [self.paragraph_text(n, here) for n in body[k + 1:end]]))
        if any(not paras for _, paras in groups):
            # a sub-heading with nothing under it cannot be a unit or a requirement: keep it as a paragraph
            merged: list[tuple[Node, list[str]]] = []
            for sub, paras in groups:
                if not paras and merged:
                    merged[-1][1].append(sub.full)
                elif not paras:
                    intro.append(sub.full)
                else:
                    merged.append((sub, paras))
            if not merged:
                return {"type": "paragraphs", "heading": self.heading_text(head), "paragraphs": intro}
            self.note(here, "下级标题下面没有段落的，按段落导入")
            groups = merged
        requirement = self.requirements(head, intro, groups, here)
        if requirement is not None:
            return requirement
        kinds = {sub.kind for sub, _ in groups}
        units = [{"name": self.heading_text(sub) if not self.minutes else sub.text, "paragraphs": paras}
                 for sub, paras in groups]
        section: dict[str, Any] = {"type": "unit_reports", "heading": self.heading_text(head)}
        if intro:
            section["overview"] = intro
        section["units"] = units
        if kinds <= {"unit"}:
            self.note(here, "各单位的汇报：单位名称各占一行（名称有相同的结尾，或在下一段开头重复），下面是它的段落")
        else:
            self.note(here, "二级标题和它下面的段落按 unit_reports 导入（每个二级标题是 units 的 name），请核对")
        return section

    def lone_heading(self, head: Node, here: Path) -> dict[str, Any]:
        self.note(here, f"标题“{head.full}”下面没有段落：按段落导入")
        return {"type": "paragraphs", "paragraphs": [head.full]}

    def paragraph_text(self, node: Node, here: Path) -> str:
        if node.level > 2:
            self.note(here, f"“{node.full}”是{node.level}级标题：报告的部分类型只有一、二级标题，按段落导入")
            return node.full
        if node.block.kind != "para":
            return node.text
        return node.full if node.level else node.text

    def requirements(self, head: Node, intro: list[str], groups: list[tuple[Node, list[str]]], here: Path
                     ) -> dict[str, Any] | None:
        """Numbered points 一、二、… (in order, from 一) under a heading: the speaker's requirements."""
        values = [_zh_value(sub.number) for sub, _ in groups]
        numbered = all(sub.number for sub, _ in groups) and values == list(range(1, len(groups) + 1))
        chinese = all(sub.numbering == "cn" for sub, _ in groups)
        asks = any(word in head.text for word in _REQUEST_WORDS) or (intro and intro[-1].endswith("："))
        if len(groups) < 2 or not (numbered and (chinese or (self.minutes and asks)) and (asks or chinese)):
            return None
        if self.minutes and not asks:
            return None
        section: dict[str, Any] = {"type": "requirements"}
        speaker, topic, year = self.speaker(head.text, intro, len(groups))
        section["speaker"] = speaker
        if topic is not None:
            section["topic"] = topic
        heading_ok = False
        if topic is not None and year is not None:
            if year != self.meeting_year + 1:
                section["year"] = year
            heading_ok = True
        if not heading_ok:
            section["heading"] = self.heading_text(head)
        if intro:
            section["intro"] = intro
        section["items"] = [{"title": sub.text, "paragraphs": paras} for sub, paras in groups]
        if heading_ok:
            self.note(here, "讲话人的要求：标题与模板 templates/sections/requirements_heading.j2 生成的相同"
                            "（年份、议题、讲话人、条数），编号一、二、……由 reportgen 生成")
        else:
            self.note(here, "讲话人的要求：编号一、二、……由 reportgen 生成；"
                            "标题与模板的写法不同，按原文写在 heading 中")
        if speaker == "待填写：讲话人":
            self.note((*here, "speaker"), "原文中没有找到讲话人（“某某指出/强调/提出”），请填写")
        return section

    def speaker(self, heading: str, intro: list[str], count: int) -> tuple[str, str | None, int | None]:
        """The speaker, and the topic and year when the heading is the template's (就2024年工会工作邱胜提出四点要求)."""
        named = [m.group(1) for text in intro for m in _SPEAKER.finditer(text)]
        m = re.match(r"^就(\d{4})年(.+?)提出(.+?)点要求$", heading)
        if m:
            middle = m.group(2)
            for name in [*named, *(middle[-n:] for n in (3, 2))]:
                if middle.endswith(name) and len(middle) > len(name):
                    topic = middle[: -len(name)]
                    if m.group(3) == zh_number(count):
                        rendered = self.templates.render(
                            "sections/requirements_heading.j2", year=int(m.group(1)),
                            section={"topic": topic, "speaker": name, "items": [0] * count}, meeting=None)
                        if rendered == heading:
                            return name, topic, int(m.group(1))
                    return name, None, None
        for name in named:
            return name, None, None
        hit = re.search(r"([\u4e00-\u9fff]{2,3})(?:提出|强调|要求)", heading)
        return (hit.group(1) if hit else "待填写：讲话人"), None, None

    def table(self, block: Block) -> dict[str, Any]:
        width = max(len(r) for r in block.rows)
        rows = [r + [""] * (width - len(r)) for r in block.rows]
        columns = [c or f"第{k + 1}列" for k, c in enumerate(rows[0])]
        section: dict[str, Any] = {"type": "table"}
        if block.caption:
            section["caption"] = block.caption
        section["columns"] = columns
        section["rows"] = rows[1:] or [[""] * width]
        return section


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _suffix(a: str, b: str) -> bool:
    """Two names share an ending of two characters or more (深科技苏州工会, 深科技惠州工会)."""
    return len(a) <= 30 and len(b) <= 30 and len(a) >= 3 and len(b) >= 3 and a[-2:] == b[-2:]


class _Obj:
    """A mapping seen by a template as an object (meeting.organiser)."""

    def __init__(self, data: dict[str, Any]):
        self.__dict__.update({k: _Obj(v) if isinstance(v, dict) else v for k, v in data.items()})


class _Facts:
    def __init__(self, facts: LeadFacts):
        assert facts.date is not None
        self.date = facts.date
        self.organiser, self.name, self.purpose, self.form = facts.organiser, facts.name, facts.purpose, facts.form
        self.attendees = _Obj({"people": [_Obj(p) for p in facts.people], "groups": facts.groups,
                               "count": facts.count})
