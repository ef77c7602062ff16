"""The closing line(s) of the report."""

from __future__ import annotations

from typing import Literal

from ..fields import ProseList, Strict
from ..ir import Block, Paragraph
from . import section_type
from .context import RenderContext


class ClosingSection(Strict):
    type: Literal["closing"]
    paragraphs: ProseList


@section_type("closing", ClosingSection, rollover={"paragraphs": "结尾段落"})
def render(section: ClosingSection, ctx: RenderContext) -> list[Block]:
    return [Paragraph(text, style="closing") for text in section.paragraphs]
