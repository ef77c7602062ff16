"""Reports from each unit: a section heading, an overview, then a sub-heading and paragraphs per unit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import section_type
from .context import RenderContext


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


@section_type("unit_reports", UnitReportsSection, rollover=ROLLOVER)
def render(section: UnitReportsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)]
    blocks += [Paragraph(text) for text in section.overview]
    for unit in section.units:
        blocks.append(Heading(2, unit.name))
        blocks += [Paragraph(text) for text in unit.paragraphs]
    return blocks
