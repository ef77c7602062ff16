"""Reading plain text (a .txt file or text pasted on standard input) into blocks: one paragraph a line.

The bytes are decoded as the loader decodes an input (UTF-8 with or without BOM, UTF-16 by its BOM, GB18030
with a warning); blank lines only separate paragraphs. Text pasted from a PDF comes broken at a fixed width:
there, a line that runs to the full width is continued by the next, unless that one is indented (a
paragraph's first line) or starts a heading.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..loader import decode
from .numbers import number_of
from .source import Block


def read_text(raw: bytes, file: str) -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a text source and the decoder's warnings (an InputError if it cannot be decoded)."""
    decoded = decode(raw, file)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    gap = False
    full = _full_width(text.split("\n"))
    joined = False  # the last block's line ran to the full width: the next line continues it
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip(" \t\u3000\u00a0\ufeff")
        if not line:
            gap, joined = bool(blocks), False
            continue
        indented = raw_line.lstrip("\ufeff").startswith(("\u3000", "  ", "\t"))
        if joined and blocks and not indented and not _starts_anew(blocks[-1].text, line, full or 0):
            blocks[-1].text += line
        else:
            blocks.append(Block(text=line, line=number, indented=indented, gap_before=gap))
        gap = False
        joined = full is not None and len(line) >= full
    return blocks, decoded.warnings


def _starts_anew(before: str, line: str, full: int) -> bool:
    """After a full line that ends a sentence, a heading starts anew: a numbered line, or a short one that
    ends no sentence (a unit's name under the paragraph before it); after a numbered heading of one full line,
    a full line is its paragraph's first (the rest of a heading is short)."""
    if number_of(before)[0] and len(before) <= full + 4 and len(line) >= full:
        return True
    if not before.endswith(("。", "！", "？", "：", "；", "”")):
        return False
    return bool(number_of(line)[0]) or (len(line) < full and not line.endswith(("。", "！", "？", "：", "；")))


def _full_width(lines: list[str]) -> int | None:
    """The length from which a line is full (text pasted from a PDF or a fixed-width file: every line of a
    paragraph but its last runs to the same width), or None when the lines do not look broken so."""
    stripped = [line.strip(" \t\u3000\u00a0\ufeff") for line in lines if line.strip()]
    lengths = sorted(len(line) for line in stripped)
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    full = [line for line in stripped if width - 2 <= len(line) <= width + 2]
    # broken lines end anywhere in a sentence; whole paragraphs or a list end their sentences
    open_ended = [line for line in full if not line.endswith(("。", "！", "？", "；", "：", "”", "）"))]
    if width < 15 or len(full) < 0.4 * len(lengths) or len(open_ended) < 0.5 * len(full):
        return None
    return width - 2
