"""The lead paragraph: when, who organised, what for, who attended, how it was held."""

from __future__ import annotations

from typing import Literal

from ..fields import Strict
from ..ir import Block, Paragraph
from . import section_type
from .context import RenderContext


class LeadSection(Strict):
    type: Literal["lead"]


@section_type("lead", LeadSection)
def render(section: LeadSection, ctx: RenderContext) -> list[Block]:
    text = ctx.templates.render("sections/lead.j2", meeting=ctx.meeting, attendees=ctx.meeting.attendees)
    return [Paragraph(text, style="lead")]
