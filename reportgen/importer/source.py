"""What a reader hands the classifier: the document as a flat list of blocks, with the structure it showed.

A reader records what it saw (the style, the outline level, the automatic number, bold, centred); it decides
nothing. The classifier (`classify.py`) reads the same blocks whether they came from Word or from pasted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["para", "table", "image"]


@dataclass
class Block:
    """One paragraph, table or picture of the source, in reading order."""

    kind: Kind = "para"
    text: str = ""                 # the paragraph's text as typed (an automatic number is in `label`)
    label: str = ""                # the automatic number Word shows in front (一、 （一）), resolved from numbering.xml
    style: str = ""                # style id (Heading1, Title, MinutesMark, a user's own)
    style_name: str = ""           # the style's name as Word shows it (heading 1, 标题 1, 我的标题)
    outline: int | None = None     # outline level 0–8 (0: 标题 1), from the paragraph or its style; None: body text
    bold: bool = False             # every character bold (by its runs or its style)
    align: str = ""                # "centre", "right" or "" (left or justified)
    face: str = ""                 # the face of most of its text, as a kind: title, heiti, kaiti, fangsong, songti
    size: float = 0                # the size of most of its text in points (0: not known)
    indented: bool = False         # the first line is indented (by the paragraph's format or typed spaces)
    gap_before: bool = False       # an empty paragraph (or blank line) stands before it
    rows: list[list[str]] = field(default_factory=list)  # a table's rows of cell texts
    caption: str = ""              # a table's caption row (reportgen writes it as the table's first row)
    data: bytes = b""              # a picture's bytes
    suffix: str = ""               # a picture's file suffix (.jpg, .png)
    line: int = 0                  # where it was: the line of a text source, the paragraph of a DOCX (1-based)

    @property
    def full_text(self) -> str:
        return f"{self.label}{self.text}"

    @property
    def centred(self) -> bool:
        return self.align == "centre"


# A face as the kinds of GB/T 9704: the title's 小标宋, 黑体 (first-level headings), 楷体 (second level), 仿宋
# (body), 宋体. Word files name faces many ways (方正小标宋简体, 仿宋_GB2312, FangSong, SimHei, 华文楷体).
_FACES = (("title", ("小标宋", "xiaobiaosong", "标宋")), ("heiti", ("黑体", "simhei", "heiti", "hei")),
          ("kaiti", ("楷", "kai")), ("fangsong", ("仿宋", "fangsong", "fang")), ("songti", ("宋", "song", "ming")))


def face_kind(name: str) -> str:
    """The kind of a face named `name` ("" when it is none of the five)."""
    low = name.lower().replace(" ", "")
    for kind, marks in _FACES:
        if any(mark in low for mark in marks):
            return kind
    return ""


def join_broken_lines(text: str) -> str:
    """A paragraph broken at a fixed width (text pasted from a PDF: a break at every line's end) as one line;
    breaks that are the author's (short lines of a list, a line ending a sentence) stay."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    widths = [len(line.strip()) for line in lines[:-1]]
    wide = max(widths)
    fixed = wide >= 12 and all(wide - 3 <= n for n in widths) and len(lines[-1].strip()) <= wide + 1
    if not fixed:
        return text
    return "".join(lines)  # a space the author typed at a line's end stays; the break itself was no space
