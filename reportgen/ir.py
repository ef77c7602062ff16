"""The document IR: what every writer turns into a file.

Renderers produce it from the meeting model; writers consume it. It knows
nothing of YAML, python-docx or ReportLab, only of blocks of Chinese text and
their role in the document, so a new output format is one writer over this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meta:
    """Document properties, taken from the meeting so rebuilds are identical."""

    title: str
    author: str
    subject: str
    date: dt.date
    lang: str = "zh-CN"
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    """A heading; `number` is the literal label (一、 （一） 1. （1）) or empty."""

    level: int
    text: str
    number: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; `role` lets a style treat lead or closing text apart."""

    text: str
    role: str = "body"


Block = Title | Heading | Paragraph


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every block's text in reading order, as a reader would extract it."""
        out = []
        for block in self.blocks:
            out.append(block.full_text if isinstance(block, Heading) else block.text)
        return out
