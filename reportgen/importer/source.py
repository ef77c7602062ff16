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
    centred: bool = False
    rows: list[list[str]] = field(default_factory=list)  # a table's rows of cell texts
    caption: str = ""              # a table's caption row (reportgen writes it as the table's first row)
    data: bytes = b""              # a picture's bytes
    suffix: str = ""               # a picture's file suffix (.jpg, .png)
    line: int = 0                  # where it was in a text source (1-based), for messages

    @property
    def full_text(self) -> str:
        return f"{self.label}{self.text}"
