"""The closing line(s) of the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..fields import ProseList, Strict
from ..ir import Block, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates


class ClosingSection(Strict):
    type: Literal["closing"]
    paragraphs: ProseList


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """The body's last paragraph, set apart from what precedes it (not the only paragraph under a heading)."""
    if not run.last or run.heading is not None or run.subs or len(run.intro) != 1:
        return None
    return Reading({"type": "closing", "paragraphs": list(run.intro)}, 8,
                   [((), "结尾：正文最后一段，与它前面的内容分开，导入时当作结尾")])


@section_type("closing", ClosingSection, rollover={"paragraphs": "结尾段落"}, recognise=recognise)
def render(section: ClosingSection, ctx: RenderContext) -> list[Block]:
    return [Paragraph(text, style="closing") for text in section.paragraphs]
