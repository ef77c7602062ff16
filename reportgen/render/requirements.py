"""The leader's numbered requirements for the coming year.

The heading (就2024年工会工作邱胜提出四点要求) comes from a template: the year
follows the meeting's reporting year and the count is derived from the list.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..cjk.numerals import zh_number
from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import section_type
from .context import RenderContext


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
    items: Annotated[list[Requirement], Field(min_length=1)]


# Next year: the speech and every requirement are new; the speaker and the heading's pattern stay.
ROLLOVER = {"intro": "讲话要点（以“……提出：”结尾）", "items[].title": "要求的标题", "items[].paragraphs": "要求的内容"}


@section_type("requirements", RequirementsSection, rollover=ROLLOVER)
def render(section: RequirementsSection, ctx: RenderContext) -> list[Block]:
    year = section.year if section.year is not None else ctx.meeting.year + 1
    heading = section.heading or ctx.templates.render(
        "sections/requirements_heading.j2", section=section, year=year, meeting=ctx.meeting)
    blocks: list[Block] = [Heading(1, heading)]
    blocks += [Paragraph(text) for text in section.intro]
    for n, item in enumerate(section.items, start=1):
        blocks.append(Heading(2, item.title, number=f"{zh_number(n)}、"))
        blocks += [Paragraph(text) for text in item.paragraphs]
    return blocks
