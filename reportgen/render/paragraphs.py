"""Free paragraphs, with an optional heading: for anything the other types do not cover."""

from __future__ import annotations

from typing import Literal

from ..ir import Block, Heading, Paragraph
from ..model import Strict, Text, TextList
from . import section_type
from .context import RenderContext


class ParagraphsSection(Strict):
    type: Literal["paragraphs"]
    heading: Text | None = None
    paragraphs: TextList


@section_type("paragraphs", ParagraphsSection)
def render(section: ParagraphsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)] if section.heading else []
    return blocks + [Paragraph(text) for text in section.paragraphs]
