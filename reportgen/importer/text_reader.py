"""Reading plain text (a .txt file or text pasted on standard input) into blocks: one paragraph a line.

The bytes are decoded as the loader decodes an input (UTF-8 with or without BOM, UTF-16 by its BOM, GB18030
with a warning); blank lines only separate paragraphs.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..loader import decode
from .source import Block


def read_text(raw: bytes, file: str) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a text source and the decoder's warnings (an InputError if it cannot be decoded)."""
    decoded = decode(raw, file)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    gap = False
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip(" \t\u3000\u00a0\ufeff")
        if line:
            indented = raw_line.lstrip("\ufeff").startswith(("\u3000", "  ", "\t"))
            blocks.append(Block(text=line, line=number, indented=indented, gap_before=gap))
            gap = False
        else:
            gap = bool(blocks)
    return blocks, decoded.warnings
