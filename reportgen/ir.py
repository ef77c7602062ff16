"""The document IR: what every writer turns into a file.

Renderers produce it from the meeting model; writers consume it. It knows
nothing of YAML, python-docx or ReportLab, only of blocks of Chinese text and
their role in the document, so a new output format is one writer over this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


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


@dataclass(frozen=True)
class Mark:
    """The 纪要 mark heading a set of minutes (GB/T 9704 clause 10.3): centred, red, set apart from the grid."""

    text: str


@dataclass(frozen=True)
class DocNumber:
    """The document number under the mark, e.g. 深科技工会纪〔2024〕1号."""

    text: str


@dataclass(frozen=True)
class Attendance:
    """One line group of the minutes' attendance block: `label` (出席, 请假, 列席) and the names after the colon."""

    label: str
    text: str

    @property
    def full_text(self) -> str:
        return f"{self.label}：{self.text}"


@dataclass(frozen=True)
class EndBlock:
    """The end block (版记) on the last page: 抄送 (may be empty), issuing body, issue date (…印发)."""

    copy_to: str
    issuer: str
    date: str

    @property
    def copy_line(self) -> str:
        return f"抄送：{self.copy_to}" if self.copy_to else ""

    @property
    def issued(self) -> str:
        return f"{self.date}印发"


@dataclass(frozen=True)
class Image:
    """A photo: an absolute path checked at validation, its pixel size, and a caption under it (may be empty).

    Writers scale it to the text width keeping the aspect ratio (smaller only when a page could not hold it).
    """

    path: Path
    width: int
    height: int
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A table with one header row (repeated on every page it spans); `widths` are relative column weights."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.header) or any(len(r) != len(self.header) for r in self.rows):
            raise ValueError("every row of a table needs one cell per column")


Block = Title | Heading | Paragraph | Mark | DocNumber | Attendance | EndBlock | Image | Table


def block_texts(block: Block) -> list[str]:
    """A block's texts in reading order, as a reader would extract them (empty texts left out)."""
    if isinstance(block, Heading | Attendance):
        return [block.full_text]
    if isinstance(block, EndBlock):
        return [t for t in (block.copy_line, block.issuer, block.issued) if t]
    if isinstance(block, Image):
        return [block.caption] if block.caption else []
    if isinstance(block, Table):
        return [t for t in (block.caption, *block.header, *(c for row in block.rows for c in row)) if t]
    return [block.text]


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every block's text in reading order, as a reader would extract it."""
        return [text for block in self.blocks for text in block_texts(block)]
