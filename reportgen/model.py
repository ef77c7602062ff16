"""The typed meeting model: what an input means, independent of how it is laid out.

Section models live beside their renderers (see `reportgen.render`); this
module holds the meeting facts and the report that lists the sections.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _no_number_dates(value: Any) -> Any:
    """pydantic reads a number as seconds since 1970; in an input a number is never a date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a number is not a date")
    return value


Date = Annotated[dt.date, BeforeValidator(_no_number_dates)]
TextList = Annotated[list[Text], Field(min_length=1)]
# A style preset is looked up as a file name: letters, digits, - and _ only (no paths, no huge names).
StyleName = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_\-\u4e00-\u9fff]{1,64}$")]
# Names that go into the title and the document properties (DOCX core properties hold at most 255 characters).
NAME_MAX = 100
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not silently drop text); numbers may stand for text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Person(Strict):
    name: Text
    role: str = ""


class Attendees(Strict):
    people: list[Person] = []
    groups: list[Text] = []
    count: Annotated[int, Field(gt=0)] | None = None


class Meeting(Strict):
    date: Date
    year: Annotated[int, Field(ge=1900, le=2999)]
    organiser: ShortText
    name: ShortText
    purpose: TextList
    attendees: Attendees
    form: list[Text] = []


class MinutesInfo(Strict):
    """What formal minutes (会议纪要) add to the meeting: number, attendance and the end block.

    Unset attendance is taken from `meeting.attendees`; unset issuer and date from the organiser and meeting.
    """

    mark: ShortText | None = None          # default: templates/minutes_mark.j2 (深科技总工会会议纪要)
    number: ShortText | None = None        # 深科技工会纪〔2024〕1号
    present: list[Text] = []               # 出席
    absent: list[Text] = []                # 请假
    attending: list[Text] = []             # 列席
    copy_to: list[Text] = []               # 抄送
    issuer: ShortText | None = None        # 印发机关
    issued: Date | None = None             # 印发日期


KINDS = ("report", "minutes")


class Report(Strict):
    kind: Literal["report", "minutes"] = "report"
    style: StyleName = "official"
    lang: Literal["zh-CN", "zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK"] = "zh-CN"  # of the output
    title: ShortText | None = None
    meeting: Meeting
    minutes: MinutesInfo = MinutesInfo()
    sections: Annotated[list[Any], Field(min_length=1)]
