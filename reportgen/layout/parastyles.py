"""Named paragraph styles: what `Paragraph.style` means, in one table every format reads.

A style says which preset face and size set the paragraph, its first-line
indent, its alignment and whether it stays with the next block; the DOCX writer
turns each into a Word style (by `word_id`), the page layout sets it on the grid.
A section type that needs a look of its own registers a style here beside its
model; the three built-in ones all look like body text (the DOCX keeps them on
正文 so a secretary restyles them with the body).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..styles import FaceKind, Style

FaceRole = Literal["title", "body", "heading1", "heading2", "heading3", "heading4"]
SizeRole = Literal["title", "body", "heading", "table", "caption", "end_block"]
Align = Literal["justify", "left", "centre"]


@dataclass(frozen=True)
class ParagraphStyle:
    name: str                      # the IR's name for it
    word_id: str = "Normal"        # the DOCX style id ("Normal" is 正文)
    word_name: str = ""            # the name Word shows, for a style of our own
    face: FaceRole = "body"
    size: SizeRole = "body"
    indent_chars: int | None = None  # first-line indent in characters; None: the preset's body indent
    hanging_chars: int = 0         # lines after the first start this many characters right of the first
    left_chars: int = 0            # every line starts this many characters right of the usual start
    align: Align = "justify"
    keep_with_next: bool = False   # stays on a page with the block after it
    new_page: bool = False         # starts a new page
    blank_before: int = 0          # empty lines above it
    blank_after: int = 0           # empty lines below it
    keep_together: bool = False    # all its lines on one page
    outline: bool = False          # an entry at the top of the document outline (an attachment's title)

    def face_kind(self, style: Style) -> FaceKind:
        return style.faces.title if self.face == "title" else getattr(style.faces, self.face)

    def size_pt(self, style: Style) -> float:
        return style.caption_size if self.size == "caption" else getattr(style.sizes, self.size)

    def indent(self, style: Style) -> int:
        return style.body.first_line_indent_chars if self.indent_chars is None else self.indent_chars

    @property
    def own_word_style(self) -> bool:
        """Whether the DOCX needs a style of this name (the built-in ones are 正文)."""
        return self.word_id != "Normal"


_STYLES: dict[str, ParagraphStyle] = {}


def register(style: ParagraphStyle) -> ParagraphStyle:
    existing = _STYLES.get(style.name)
    if existing is not None and existing != style:
        raise ValueError(f"paragraph style {style.name!r} registered twice, differently")
    _STYLES[style.name] = style
    return style


def get(name: str) -> ParagraphStyle:
    """The style `name`; an unknown name is our bug (a renderer named a style nobody registered)."""
    try:
        return _STYLES[name]
    except KeyError:
        raise LookupError(f"paragraph style {name!r} is not registered (reportgen.layout.parastyles)") from None


def registered() -> list[ParagraphStyle]:
    return sorted(_STYLES.values(), key=lambda s: s.name)


BODY = register(ParagraphStyle("body"))
LEAD = register(ParagraphStyle("lead"))
CLOSING = register(ParagraphStyle("closing"))
