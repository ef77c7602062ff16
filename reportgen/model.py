"""The typed meeting model: what an input means, independent of how it is laid out.

Section models live beside their renderers (see `reportgen.render`); this
module holds the meeting facts and the report whose `sections` are any of the
registered section models, chosen by `type`. Field types (and which texts are
prose) are in `reportgen.fields`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import Field

from .cjk.script import LANGUAGES
from .fields import Date, Prose, ProseList, ProseOrEmpty, ShortProse, ShortText, Strict, StyleName, Text
from .fonts.roles import KINDS as FONT_KINDS
from .render import SectionModel, section_union


class Person(Strict):
    name: Prose
    role: ProseOrEmpty = ""


class Attendees(Strict):
    people: list[Person] = []
    groups: list[Prose] = []
    count: Annotated[int, Field(gt=0)] | None = None


class Meeting(Strict):
    date: Date
    year: Annotated[int, Field(ge=1900, le=2999)]
    organiser: ShortProse
    name: ShortProse
    purpose: ProseList
    attendees: Attendees
    form: list[Prose] = []


class MinutesInfo(Strict):
    """What formal minutes (会议纪要) add to the meeting: number, attendance and the end block.

    Unset attendance is taken from `meeting.attendees`; unset issuer and date from the organiser and meeting.
    """

    mark: ShortProse | None = None         # default: templates/minutes_mark.j2 (深科技总工会会议纪要)
    number: ShortText | None = None        # 深科技工会纪〔2024〕1号 (a code, not prose: never "fixed")
    present: list[Prose] = []              # 出席
    absent: list[Prose] = []               # 请假
    attending: list[Prose] = []            # 列席
    copy_to: list[Prose] = []              # 抄送
    issuer: ShortProse | None = None       # 印发机关
    issued: Date | None = None             # 印发日期


# The kinds of document an input can make (`kind:` in the input, `--kind` of `reportgen build`).
KINDS = ("report", "minutes")
# Any registered section type's model, told apart by `type` (see `reportgen.render`): a union built at run
# time, which a type checker sees as what every arm has.
if TYPE_CHECKING:
    Section: TypeAlias = SectionModel
else:
    Section = section_union()


class Report(Strict):
    kind: Literal[KINDS] = "report"  # type: ignore[valid-type]
    style: StyleName = "official"
    lang: Literal[tuple(LANGUAGES)] = "zh-CN"  # type: ignore[valid-type]  # of the output
    # Font files by kind (fangsong: 字体/simfang.ttf), relative to the input's folder; `--font` wins over them.
    fonts: dict[Literal[tuple(FONT_KINDS)], Text] = {}  # type: ignore[valid-type]
    title: ShortProse | None = None
    meeting: Meeting
    minutes: MinutesInfo = MinutesInfo()
    sections: Annotated[list[Section], Field(min_length=1)]
