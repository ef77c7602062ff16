"""Free paragraphs, with an optional heading: for anything the other types do not cover."""

from __future__ import annotations

from typing import Literal

from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import section_type
from .context import RenderContext


class ParagraphsSection(Strict):
    type: Literal["paragraphs"]
    heading: Prose | None = None
    paragraphs: ProseList


@section_type("paragraphs", ParagraphsSection, rollover={"paragraphs": "段落内容"})
def render(section: ParagraphsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)] if section.heading else []
    return blocks + [Paragraph(text) for text in section.paragraphs]
