"""The closing line(s) of the report."""

from __future__ import annotations

from typing import Literal

from ..ir import Block, Paragraph
from ..model import Strict, TextList
from . import section_type
from .context import RenderContext


class ClosingSection(Strict):
    type: Literal["closing"]
    paragraphs: TextList


@section_type("closing", ClosingSection)
def render(section: ClosingSection, ctx: RenderContext) -> list[Block]:
    return [Paragraph(text, style="closing") for text in section.paragraphs]
