"""Free paragraphs, with an optional heading: for anything the other types do not cover."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..fields import Prose, ProseList, Strict
from ..ir import Block, Heading, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates


class ParagraphsSection(Strict):
    type: Literal["paragraphs"]
    heading: Prose | None = None
    paragraphs: ProseList


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """Any run of text is paragraphs, if no other type reads it: sub-headings become paragraphs of their own."""
    if run.table or run.picture:
        return None
    paragraphs = [*run.intro, *(text for sub in run.subs for text in (sub.heading, *sub.paragraphs))]
    if run.heading is None:
        return Reading({"type": "paragraphs", "paragraphs": paragraphs}, 1)
    if not paragraphs:
        return Reading({"type": "paragraphs", "paragraphs": [run.heading]}, 1,
                       [((), f"标题“{run.heading}”下面没有段落：按段落导入")])
    notes = [((), "下级标题按段落导入")] if run.subs else []
    heading = run.title if run.minutes else run.heading  # minutes number their headings themselves
    return Reading({"type": "paragraphs", "heading": heading, "paragraphs": paragraphs}, 1, notes)


@section_type("paragraphs", ParagraphsSection, rollover={"paragraphs": "段落内容"}, recognise=recognise)
def render(section: ParagraphsSection, ctx: RenderContext) -> list[Block]:
    blocks: list[Block] = [Heading(1, section.heading)] if section.heading else []
    return blocks + [Paragraph(text) for text in section.paragraphs]
