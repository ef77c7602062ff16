"""Reports from each unit: a section heading, an overview, then a sub-heading and paragraphs per unit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..ir import Block, Heading, Paragraph
from ..model import Strict, Text, TextList
from . import section_type
from .context import RenderContext


class Unit(Strict):
    name: Text
    paragraphs: TextList


class UnitReportsSection(Strict):
    type: Literal["unit_reports"]
    heading: Text
    overview: list[Text] = []
    units: Annotated[list[Unit], Field(min_length=1)]


@section_type("unit_reports", UnitReportsSection)
def render(section: UnitReportsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)]
    blocks += [Paragraph(text) for text in section.overview]
    for unit in section.units:
        blocks.append(Heading(2, unit.name))
        blocks += [Paragraph(text) for text in unit.paragraphs]
    return blocks
