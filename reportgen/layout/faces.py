"""Which face sets which text: one answer for both writers and for the font-coverage check.

A block can hold text in more than one face (an attendance line: the label in
黑体, the names in the body face; a table: the header in the heading face);
the coverage check before drawing must see each text with the face that sets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from ..ir import (
    Appendix,
    Attendance,
    Block,
    DocNumber,
    EndBlock,
    Heading,
    Image,
    Mark,
    Paragraph,
    RedHead,
    Signature,
    Table,
    Title,
)
from ..styles import FaceKind, Style
from . import parastyles

# Kinds that set letters and digits in their own face, not the Latin one (Times New Roman): beside Black-weight
# 小标宋 Han, regular-weight Times digits look faint (the title's 2023), and beside 黑体 a serif digit is out of
# place (a heading's 2024). Both writers follow this: the PDF measures and draws such a character in the face
# itself when the face has it, the DOCX names the face as the style's Latin font too.
OWN_LATIN_KINDS = frozenset({"xiaobiaosong", "hei"})


def label_face(style: Style) -> FaceKind:
    """出席/请假/列席 labels and table headers: the first-level heading face (黑体 in GB/T 9704)."""
    return style.faces.heading1


def face_texts(block: Block, style: Style) -> Iterator[tuple[FaceKind, str, str]]:
    """(face kind, role name in Chinese for messages, text) for every piece of text in `block`."""
    faces = style.faces
    if isinstance(block, Title):
        yield faces.title, "标题", block.text
    elif isinstance(block, Mark):
        yield faces.title, "纪要标志", block.text
    elif isinstance(block, Heading):
        yield faces.heading(block.level), f"{block.level}级标题", block.full_text
    elif isinstance(block, Attendance):
        yield label_face(style), "出席标签", f"{block.label}："
        yield faces.body, "出席名单", block.text
    elif isinstance(block, EndBlock):
        yield faces.body, "版记", block.copy_line + block.issuer + block.issued
    elif isinstance(block, Image):
        yield faces.body, "图片说明", block.caption
    elif isinstance(block, Table):
        yield faces.body, "表题", block.caption
        yield label_face(style), "表头", "".join(block.header)
        yield faces.body, "表格", "".join(c for row in block.rows for c in row)
    elif isinstance(block, Paragraph):
        yield parastyles.get(block.style).face_kind(style), "正文", block.text
    elif isinstance(block, DocNumber):
        yield faces.body, "文号", block.text
    elif isinstance(block, RedHead):
        from .formal import kai_face

        yield faces.title, "发文机关标志", block.mark
        yield faces.body, "发文字号", "".join(block.corner) + block.number + ("签发人：" if block.signers else "")
        if block.signers:
            yield kai_face(style), "签发人", "".join(block.signers)
    elif isinstance(block, Signature):
        yield faces.body, "署名和成文日期", block.issuer + block.date
    elif isinstance(block, Appendix):
        for inner in block.blocks:
            yield from face_texts(inner, style)
    else:
        assert_never(block)
