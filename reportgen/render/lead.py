"""The lead paragraph: when, who organised, what for, who attended, how it was held."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..fields import Strict
from ..ir import Block, Paragraph
from . import Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates


class LeadSection(Strict):
    type: Literal["lead"]


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """The first paragraph, when the lead template writes it word for word from the meeting's facts."""
    if not (run.first and run.lead_exact and run.heading is None and len(run.intro) == 1 and not run.subs):
        return None
    return Reading({"type": "lead"}, 10, [((), "导语：由会议信息（meeting:）和模板生成，与原文相同")])


@section_type("lead", LeadSection, recognise=recognise)
def render(section: LeadSection, ctx: RenderContext) -> list[Block]:
    text = ctx.templates.render("sections/lead.j2", meeting=ctx.meeting, attendees=ctx.meeting.attendees)
    return [Paragraph(text, style="lead")]
