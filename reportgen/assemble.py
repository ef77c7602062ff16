"""Run each section's renderer in order and gather the document IR.

A report is the title and the sections; minutes (`kind: minutes`) wrap the same
sections in the 纪要 front and back matter (`reportgen.minutes`), the formal edition (`kind: formal`) in the
red head, the signature and seal (`reportgen.formal`). Appendices a
section renders (attachments) go after the body and its back matter, before the
end block, wherever the section stands.
"""

from __future__ import annotations

from pathlib import Path

from . import formal, minutes
from .ir import Appendix, Block, Document, EndBlock, Meta, Title
from .render import registry
from .render.context import RenderContext
from .templating import Templates
from .validate import Validated


def assemble(validated: Validated, templates: Templates, kind: str | None = None) -> Document:
    report = validated.report
    meeting = report.meeting
    kind = kind or report.kind
    ctx = RenderContext(report=report, templates=templates, base=Path(validated.loaded.file).parent)
    title_template = {"minutes": "minutes_title.j2", "formal": "formal_title.j2"}.get(kind, "title.j2")
    title = report.title or templates.render(title_template, meeting=meeting, report=report)
    meta = Meta(title=title, author=meeting.organiser, subject=meeting.name, date=meeting.date,
                lang="zh-CN",  # the input is Simplified; pipeline.prepare converts to the output language
                keywords=(meeting.organiser, meeting.name))
    types = registry()
    rendered = [block for section in report.sections for block in types[section.type].render(section, ctx)]
    body: list[Block] = [b for b in rendered if not isinstance(b, Appendix)]
    appendices: list[Block] = [b for b in rendered if isinstance(b, Appendix)]
    if kind == "minutes":
        back = minutes.back(report)
        end = [b for b in back if isinstance(b, EndBlock)]
        blocks = (minutes.front(report, templates, title) + minutes.number_headings(body)
                  + [b for b in back if not isinstance(b, EndBlock)] + appendices + end)
    elif kind == "formal":
        blocks = formal.assemble(report, templates, title, body, appendices, ctx.base)
    else:
        blocks = [Title(title), *body, *appendices]
    return Document(meta=meta, blocks=blocks)
