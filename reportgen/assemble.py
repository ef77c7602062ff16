"""Run each section's renderer in order and gather the document IR."""

from __future__ import annotations

from .ir import Document, Meta, Title
from .render import registry
from .render.context import RenderContext
from .templating import Templates
from .validate import Validated


def assemble(validated: Validated, templates: Templates) -> Document:
    report = validated.report
    meeting = report.meeting
    ctx = RenderContext(report=report, templates=templates)
    title = report.title or templates.render("title.j2", meeting=meeting, report=report)
    meta = Meta(title=title, author=meeting.organiser, subject=meeting.name, date=meeting.date,
                lang="zh-CN",  # the input is Simplified; pipeline.prepare converts to the output language
                keywords=(meeting.organiser, meeting.name))
    doc = Document(meta=meta, blocks=[Title(title)])
    types = registry()
    for section in validated.sections:
        doc.blocks.extend(types[section.type].render(section, ctx))
    return doc
