"""The leader's numbered requirements for the coming year.

The heading (就2024年工会工作邱胜提出四点要求) comes from a template: the year
follows the meeting's reporting year and the count is derived from the list.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..cjk.numerals import zh_number
from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates


NUMBERINGS = ("一、", "（一）", "1.", "1．", "1、", "（1）")


class Requirement(Strict):
    title: Prose
    paragraphs: ProseList


class RequirementsSection(Strict):
    type: Literal["requirements"]
    speaker: Prose
    topic: Prose = "工作"
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    heading: Prose | None = None
    intro: list[Prose] = []
    # How the points are numbered, shown by the first: 一、 (the default), （一）, 1. or （1） (minutes number
    # their headings themselves).
    numbering: Literal[NUMBERINGS] = "一、"  # type: ignore[valid-type]
    items: Annotated[list[Requirement], Field(min_length=1)]


def point_number(numbering: str, n: int) -> str:
    """The number of the `n`th point written as `numbering` shows the first (（一） → （三）, 1. → 3.)."""
    return numbering.replace("一", zh_number(n)) if "一" in numbering else numbering.replace("1", str(n))


# Next year: the speech and every requirement are new; the speaker and the heading's pattern stay.
ROLLOVER = {"intro": "讲话要点（以“……提出：”结尾）", "items[].title": "要求的标题", "items[].paragraphs": "要求的内容"}


UNKNOWN_SPEAKER = "待填写：讲话人"  # RG308 in `check` until it is filled in
# Words of a heading or an intro that ask for something.
_ASKING = ("要求", "意见", "提出", "部署", "建议", "措施")
# 某某指出/强调/提出: a name said in the intro; the speaker when the lead names nobody who is in the text.
_SAYS = re.compile(r"(?:^|[，。：；、\s]|同志)([\u4e00-\u9fff]{2,3}?)(?:同志)?(?:指出|强调|提出|要求|表示)")
_TEMPLATE_HEADING = re.compile(r"^就(\d{4})年(.+?)提出(.+?)点要求$")


def recognise(run: Run, templates: Templates) -> Reading | None:
    """A heading with points numbered 一、二、… from 一 (or numbered points under a heading that asks): the
    speaker's requirements. reportgen numbers the points itself; a heading numbered in the source (三、就…)
    is kept as written."""
    if run.heading is None or len(run.subs) < 2 or not all(sub.paragraphs for sub in run.subs):
        return None
    numbered = [sub.value for sub in run.subs] == list(range(1, len(run.subs) + 1))
    chinese = all(sub.numbering == "cn" for sub in run.subs)
    asks = any(word in run.title for word in _ASKING) or bool(run.intro and run.intro[-1].endswith("："))
    if not numbered or not (chinese or asks) or (run.minutes and not asks):
        return None
    speaker, topic, year = _speaker(run, templates)
    if not asks and speaker == UNKNOWN_SPEAKER:
        return None  # points 一、二、 that nobody asks for (a review's): not requirements
    data: dict[str, object] = {"type": "requirements", "speaker": speaker}
    notes: list[tuple[tuple[str | int, ...], str]] = []
    if topic is not None:
        data["topic"] = topic  # taken whole from the heading
    if topic is not None and year is not None and (run.minutes or not run.number):
        if run.year is None or year != run.year + 1:
            data["year"] = year
        notes.append(((), "讲话人的要求：标题与模板 templates/sections/requirements_heading.j2 生成的相同"
                          "（年份、议题、讲话人、条数），各条的编号由 reportgen 生成"))
    else:
        data["heading"] = run.title if run.minutes else run.heading
        notes.append(((), "讲话人的要求：各条的编号由 reportgen 生成；标题按原文写在 heading 中"))
    if run.intro:
        data["intro"] = list(run.intro)
    first = run.subs[0].number.strip()
    if not run.minutes and first != "一、" and first in NUMBERINGS:
        data["numbering"] = first  # the points are numbered as in the source
    data["items"] = [{"title": sub.title, "paragraphs": list(sub.paragraphs)} for sub in run.subs]
    if speaker == UNKNOWN_SPEAKER:
        notes.append((("speaker",), "原文中没有找到讲话人（导语提到的人，或“某某指出/强调/提出”），请填写"))
    else:
        known = "导语或正文以职务称呼的人" if speaker in run.people else "原文中说话的人"
        notes.append((("speaker",), f"讲话人：{speaker}（{known}）"))
    return Reading(dict(data), 10, notes)


def _speaker(run: Run, templates: Templates) -> tuple[str, str | None, int | None]:
    """The speaker, and the topic (taken whole) and year when the heading is the template's
    (就2024年工会工作邱胜提出四点要求). The speaker is one of the people the lead names, where one of them is in
    the heading or the intro; else a name the intro says 指出/提出 of."""
    texts = [run.title, *run.intro]
    named = [p for p in run.people if any(p in text for text in texts)]
    named.sort(key=lambda p: min((t.find(p) + k * 10000 for k, t in enumerate(texts) if p in t)))
    said = [m.group(1) for text in run.intro for m in _SAYS.finditer(text)]
    candidates = named or said
    m = _TEMPLATE_HEADING.match(run.title)
    if m:
        middle = m.group(2)
        # No one named: a topic usually ends 工作 (工会工作邱胜, 安全生产工作周立群), else a name of three.
        lengths = sorted((3, 2), key=lambda n: (not middle[:-n].endswith(("工作", "任务", "建设")), n != 3))
        tries = candidates or [middle[-n:] for n in lengths]
        for name in tries:
            if middle.endswith(name) and len(middle) > len(name):
                topic = middle[: -len(name)]
                rendered = templates.render("sections/requirements_heading.j2", year=int(m.group(1)),
                                            section={"topic": topic, "speaker": name, "items": run.subs},
                                            meeting=None)
                if rendered == run.title:
                    return name, topic, int(m.group(1))
                return name, topic, None
    if candidates:
        return candidates[0], None, None
    hit = re.search(r"([\u4e00-\u9fff]{2,3})(?:同志)?(?:提出|强调)", run.title)
    return (hit.group(1) if hit else UNKNOWN_SPEAKER), None, None


@section_type("requirements", RequirementsSection, rollover=ROLLOVER, recognise=recognise)
def render(section: RequirementsSection, ctx: RenderContext) -> list[Block]:
    year = section.year if section.year is not None else ctx.meeting.year + 1
    heading = section.heading or ctx.templates.render(
        "sections/requirements_heading.j2", section=section, year=year, meeting=ctx.meeting)
    blocks: list[Block] = [Heading(1, heading)]
    blocks += [Paragraph(text) for text in section.intro]
    for n, item in enumerate(section.items, start=1):
        blocks.append(Heading(2, item.title, number=point_number(section.numbering, n)))
        blocks += [Paragraph(text) for text in item.paragraphs]
    return blocks
