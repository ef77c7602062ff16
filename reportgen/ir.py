"""The document IR: what every writer turns into a file.

Renderers produce it from the meeting model; the layout (`reportgen.layout`)
decides breaks and spacing once, and writers express that. It knows nothing of
YAML, python-docx or ReportLab, only of blocks of Chinese text, so a new output
format is one writer over this.

What text means, in every block and every format:
- A newline (``\n``) is a line break inside the block: the line before it ends
  there, flush left and not justified (Word: ``w:br``). In a title it forces the
  title's break; each part is then balanced on its own.
- Any other run of whitespace (spaces, tabs, ideographic and no-break spaces) is
  one space, and every line is stripped: the text holds no layout of its own.
  `clean_text` applies this when a block is made, so renderers need not.
- A paragraph names its paragraph style (`Paragraph.style`, as pandoc's
  custom-style): a name registered in `reportgen.layout.parastyles`, which says
  how every format sets it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

LINE_BREAK = "\n"
_SPACES = re.compile(r"[^\S\n]+")


def clean_text(text: str) -> str:
    """`text` as the IR holds it: newlines kept as line breaks, other whitespace runs one space, lines stripped."""
    text = text.replace("\r\n", LINE_BREAK).replace("\r", LINE_BREAK)
    return LINE_BREAK.join(_SPACES.sub(" ", line).strip() for line in text.split(LINE_BREAK)).strip(LINE_BREAK)


def _clean(block: object, *names: str) -> None:
    for name in names:
        object.__setattr__(block, name, clean_text(getattr(block, name)))


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
    """The document title; a newline in it forces a break (the layout balances each part)."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Heading:
    """A heading; `number` is the literal label (一、 （一） 1. （1）) or empty."""

    level: int
    text: str
    number: str = ""

    def __post_init__(self) -> None:
        _clean(self, "text", "number")

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a named paragraph style (`body`, `lead`, `closing`, or one a section type registers)."""

    text: str
    style: str = "body"

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Mark:
    """The 纪要 mark heading a set of minutes (GB/T 9704 clause 10.3): centred, red, set apart from the grid."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class DocNumber:
    """The document number under the mark, e.g. 深科技工会纪〔2024〕1号."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True)
class Attendance:
    """One line group of the minutes' attendance block: `label` (出席, 请假, 列席) and the names after the colon."""

    label: str
    text: str

    def __post_init__(self) -> None:
        _clean(self, "label", "text")

    @property
    def full_text(self) -> str:
        return f"{self.label}：{self.text}"


@dataclass(frozen=True)
class EndBlock:
    """The end block (版记) on the last page: 抄送 (may be empty), issuing body, issue date (…印发)."""

    copy_to: str
    issuer: str
    date: str

    def __post_init__(self) -> None:
        _clean(self, "copy_to", "issuer", "date")

    @property
    def copy_line(self) -> str:
        return f"抄送：{self.copy_to}" if self.copy_to else ""

    @property
    def issued(self) -> str:
        return f"{self.date}印发"


@dataclass(frozen=True)
class RedHead:
    """The formal edition's head (版头, GB/T 9704 §7.2): 份号, 密级, 紧急程度 (each may be empty) on the first
    lines, the issuing body's red mark (发文机关标志), the document number and, in a document to a superior
    body, its signers (签发人); the layout draws the red rule under them."""

    mark: str
    number: str = ""
    signers: tuple[str, ...] = ()
    copy_no: str = ""
    secrecy: str = ""
    urgency: str = ""

    def __post_init__(self) -> None:
        _clean(self, "mark", "number", "copy_no", "secrecy", "urgency")
        object.__setattr__(self, "signers", tuple(clean_text(s) for s in self.signers))

    @property
    def corner(self) -> tuple[str, ...]:
        """份号, 密级, 紧急程度 that are given, in order: one flush-left line each at the top of the block."""
        return tuple(t for t in (self.copy_no, self.secrecy, self.urgency) if t)

    @property
    def signer_line(self) -> str:
        return f"签发人：{'　'.join(self.signers)}" if self.signers else ""


@dataclass(frozen=True)
class Signature:
    """The issuing body's name (署名) and the date (成文日期) under the body, with the seal (印章) over them when
    `seal` is given (GB/T 9704 §7.3.5.1), without it placed by §7.3.5.2."""

    issuer: str
    date: str
    seal: Image | None = None

    def __post_init__(self) -> None:
        _clean(self, "issuer", "date")


@dataclass(frozen=True)
class Image:
    """A photo: the absolute path it was read from (its name is the one Word shows), its upright pixel size, a
    caption under it (may be empty) and `data`, the picture normalised at validation (`render/image.py`: JPEG
    or PNG bytes, upright, RGB or grey), which is what both writers embed; never the file itself.

    Writers scale it to the text width keeping the aspect ratio (smaller only when a page could not hold it).
    """

    path: Path
    width: int
    height: int
    caption: str = ""
    data: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        _clean(self, "caption")


@dataclass(frozen=True)
class Table:
    """A table with one header row (repeated on every page it spans); `widths` are relative column weights the
    input set, or empty: the layout then chooses the columns from their content."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        _clean(self, "caption")
        object.__setattr__(self, "header", tuple(clean_text(c) for c in self.header))
        object.__setattr__(self, "rows", tuple(tuple(clean_text(c) for c in row) for row in self.rows))
        if len(self.widths) not in (0, len(self.header)) or any(len(r) != len(self.header) for r in self.rows):
            raise ValueError("every row of a table needs one cell per column")


@dataclass(frozen=True)
class Appendix:
    """Material set apart after the body and its closing matter (GB/T 9704's 附件): the layout starts it on
    a new page; the assembler (`reportgen.assemble`) puts it after the body, the closing and any attendance
    block, before the end block. Its blocks flow as the body's do; an appendix holds no appendix."""

    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        front_or_back = Appendix | Title | Mark | DocNumber | EndBlock | RedHead | Signature
        if any(isinstance(b, front_or_back) for b in self.blocks):
            raise ValueError("an appendix holds body blocks only")


Block = (Title | Heading | Paragraph | Mark | DocNumber | Attendance | EndBlock | Image | Table | Appendix | RedHead
         | Signature)


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
    if isinstance(block, Appendix):
        return [text for inner in block.blocks for text in block_texts(inner)]
    if isinstance(block, RedHead):
        return [t for t in (*block.corner, block.mark, block.number, block.signer_line) if t]
    if isinstance(block, Signature):
        return [block.issuer, block.date]
    return [block.text]


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every block's text in reading order, as a reader would extract it."""
        return [text for block in self.blocks for text in block_texts(block)]
