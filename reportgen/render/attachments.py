"""Attachments (附件), laid out as GB/T 9704 §7.3.6 and §8 ask.

Where the section stands, the attachment note: one blank line below the body,
two characters in, `附件：1. 名称`, each later name on its own line aligned
under the first (`附件：名称` when there is one), no punctuation after a name (a trailing mark of the title is
left out there). A name that wraps continues under the first number, not under the name's first character
as the standard asks: the number's width is not a whole number of grid characters.
Each attachment then starts a page of its own after the body and its closing
matter (and the minutes' attendance block), before any end block: `附件1` in
the first-level heading face (黑体) flush left on the first line, its title
centred on the third line and one blank line under it, then its paragraphs,
tables and photos set as the body's are. The note is kept on one page.

Everything about the type is here: its model (the content reuses the
paragraphs, table and image section types), its checks, its paragraph styles,
what `reportgen new` rewrites, and its templates (`sections/attachment_*.j2`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import Field

from ..fields import ShortProse, Strict
from ..ir import Appendix, Block, Paragraph
from ..layout import parastyles
from ..layout.parastyles import ParagraphStyle
from . import SectionModel, image, paragraphs, registry, section_type, section_union, table  # noqa: F401 (registered first)
from .context import RenderContext

NOTE = parastyles.register(ParagraphStyle(
    "attachment-note", word_id="AttachmentNote", word_name="附件说明", hanging_chars=3, blank_before=1,
    keep_together=True, keep_with_next=True))
# Each later name of the note is a paragraph of its own (no line break inside one: Word users edit, reorder and
# add names as paragraphs), aligned under the first name, all of the note kept on one page.
NOTE_MORE = parastyles.register(ParagraphStyle(
    "attachment-note-more", word_id="AttachmentNoteMore", word_name="附件说明续", left_chars=3, keep_together=True,
    keep_with_next=True))
LABEL = parastyles.register(ParagraphStyle(
    "attachment-label", word_id="AttachmentLabel", word_name="附件标识", face="heading1", indent_chars=0))
# The title's Word style id is Heading (LibreOffice's id for its generic heading style): mammoth's default style
# map takes a paragraph of that id for a heading (h1), as it takes heading 1; its name stays 附件标题, its look its
# own, its outline level 0 (docs/typesetting.md).
TITLE = parastyles.register(ParagraphStyle(
    "attachment-title", word_id="Heading", word_name="附件标题", face="title", size="title",
    indent_chars=0, align="centre", blank_before=1, blank_after=1, keep_with_next=True, outline=True))

# The content reuses three section types, models and checks (a photo on disk, a table's shape) alike.
if TYPE_CHECKING:
    Content: TypeAlias = SectionModel
else:
    Content = section_union(("paragraphs", "table", "image"))


class Attachment(Strict):
    title: ShortProse
    content: list[Content] = []


class AttachmentsSection(Strict):
    type: Literal["attachments"]
    items: Annotated[list[Attachment], Field(min_length=1)]


NO_MARK_AFTER_NAME = "。，、；：.,;:"  # GB/T 9704 §7.3.6: no punctuation after a name in the note

ROLLOVER = {"items[].title": "附件名称", "items[].content[].paragraphs": "附件内容"}


@section_type("attachments", AttachmentsSection, rollover=ROLLOVER)
def render(section: AttachmentsSection, ctx: RenderContext) -> list[Block]:
    many = len(section.items) > 1
    types = registry()
    note = [ctx.templates.render("sections/attachment_note.j2", first=k == 1, number=k if many else None,
                                 title=item.title.rstrip(NO_MARK_AFTER_NAME))
            for k, item in enumerate(section.items, start=1)]
    blocks: list[Block] = [Paragraph(text, style=NOTE.name if k == 0 else NOTE_MORE.name)
                           for k, text in enumerate(note)]
    for k, item in enumerate(section.items, start=1):
        label = ctx.templates.render("sections/attachment_label.j2", number=k if many else None)
        content = [block for part in item.content for block in types[part.type].render(part, ctx)]
        blocks.append(Appendix((Paragraph(label, style=LABEL.name), Paragraph(item.title, style=TITLE.name),
                                *content)))
    return blocks
