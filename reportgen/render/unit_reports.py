"""Reports from each unit: a section heading, an overview, then a sub-heading and paragraphs per unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates


class Unit(Strict):
    name: Prose
    paragraphs: ProseList


class UnitReportsSection(Strict):
    type: Literal["unit_reports"]
    heading: Prose
    overview: list[Prose] = []
    units: Annotated[list[Unit], Field(min_length=1)]


# Next year: the overview and what each unit did are new; the heading and the unit names stay.
ROLLOVER = {"overview": "{year}年工作情况概述", "units[].paragraphs": "{name}{year}年工作情况"}


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """A heading with sub-headings that each have paragraphs: the units' names (surer when they read as names
    of organisations) and what each reported."""
    if run.heading is None or not run.subs or not all(sub.paragraphs for sub in run.subs):
        return None
    named = all(sub.unit for sub in run.subs)
    data: dict[str, object] = {"type": "unit_reports", "heading": run.title if run.minutes else run.heading}
    if run.intro:
        data["overview"] = list(run.intro)
    data["units"] = [{"name": sub.title if run.minutes else sub.heading, "paragraphs": list(sub.paragraphs)}
                     for sub in run.subs]
    note = ("各单位的汇报：单位名称各占一行（像单位的名称，或在下一段开头重复），下面是它的段落" if named
            else "二级标题和它下面的段落按 unit_reports 导入（每个二级标题是 units 的 name），请核对")
    return Reading(dict(data), 5 if named else 3, [((), note)])


@section_type("unit_reports", UnitReportsSection, rollover=ROLLOVER, recognise=recognise)
def render(section: UnitReportsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)]
    blocks += [Paragraph(text) for text in section.overview]
    for unit in section.units:
        blocks.append(Heading(2, unit.name))
        blocks += [Paragraph(text) for text in unit.paragraphs]
    return blocks
