"""The typed meeting model: what an input means, independent of how it is laid out.

Section models live beside their renderers (see `reportgen.render`); this
module holds the meeting facts and the report whose `sections` are any of the
registered section models, chosen by `type`. Field types (and which texts are
prose) are in `reportgen.fields`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import AfterValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from .cjk.script import LANGUAGES
from .fields import Date, Prose, ProseList, ProseOrEmpty, ShortProse, ShortText, Strict, StyleName, Text
from .fonts.roles import KINDS as FONT_KINDS
from .render import CHECK_ERROR, SectionModel, section_union


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


class FormalInfo(Strict):
    """What the formal edition (正式报告, `kind: formal`) adds to the meeting: the red head, 主送, the signature,
    seal and date, 附注 and the end block (GB/T 9704 §7.2–7.4). Every key is optional: unset, the mark is
    templates/formal_mark.j2, the signature the organiser, the date the meeting's, the end block the minutes'.
    """

    mark: ShortProse | None = None        # 发文机关标志; default templates/formal_mark.j2 (深科技总工会文件)
    number: ShortText | None = None       # 发文字号 深科工〔2024〕3号 (a code, not prose)
    signers: list[ShortProse] = []        # 签发人 (a report to a superior body names them)
    to: ShortProse | None = None          # 主送机关
    signature: ShortProse | None = None   # 发文机关署名; default meeting.organiser
    date: Date | None = None              # 成文日期; default the meeting's date, never before it
    seal: Text | None = None              # 印章: a PNG with transparency, relative to the input's folder
    note: Prose | None = None             # 附注 (联系人及电话)
    copy_to: list[Prose] = []             # 抄送
    issuer: ShortProse | None = None      # 印发机关; default meeting.organiser
    issued: Date | None = None            # 印发日期; default 成文日期
    copy_no: ShortText | None = None      # 份号
    secrecy: ShortProse | None = None     # 密级和保密期限
    urgency: ShortProse | None = None     # 紧急程度


def _check_formal(info: FormalInfo, context: ValidationInfo) -> FormalInfo:
    """The formal block's own checks (`formal.check`), and its 成文日期 against the meeting's date when the
    meeting is valid (it is validated first): all reported in one pass."""
    from .formal import check

    meeting = context.data.get("meeting")
    held = meeting.date if isinstance(meeting, Meeting) else None
    problems = check(info, Path((context.context or {}).get("folder", ".")), held)
    if problems:
        raise PydanticCustomError(CHECK_ERROR, "{problems}", {"problems": problems})
    return info


# The kinds of document an input can make (`kind:` in the input, `--kind` of `reportgen build`).
KINDS = ("report", "minutes", "formal")
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
    formal: Annotated[FormalInfo, AfterValidator(_check_formal)] = FormalInfo()
    sections: Annotated[list[Section], Field(min_length=1)]

