"""`reportgen import`: last year's Word file or pasted text turned into a clean YAML input.

Readers (`docx_reader.py`, `text_reader.py`) turn the source into blocks that keep what the source showed of
its structure; one classifier (`classify.py`) reads those blocks whatever their source and decides the title,
the meeting facts, the sections and the minutes' back matter, cleaning the prose with the lint's fixes on
the way in; `emit.py` writes the YAML with a comment wherever import guessed. The result is validated before
it is written: an import that does not load is our bug, never the user's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from .classify import TO_FILL, Classifier
from .emit import dump
from .source import Block

__all__ = ["EmptySource", "Imported", "import_blocks", "import_docx", "import_text"]


class EmptySource(Exception):
    """The source holds no text (message for the user, in Chinese)."""


@dataclass
class Imported:
    """The YAML text, the pictures to write beside it (path relative to the YAML → bytes), and warnings."""

    text: str
    images: list[tuple[str, bytes]] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)   # what import understood: title, date, counts
    guesses: list[str] = field(default_factory=list)   # each guess with its place in the source


def import_blocks(blocks: list[Block], origin: str, source: str, image_folder: str = "images") -> Imported:
    """The input made of `blocks` (from a reader; `origin` "docx" or "text"), named after `source`; EmptySource if
    there is no text in it."""
    if not any(b.kind != "para" or b.full_text.strip() for b in blocks):
        raise EmptySource(f"{source} 中没有文字，没有可以导入的内容")
    draft = Classifier(blocks, origin, image_folder).run()
    summary = draft.summary.lines()
    header = [f"由 reportgen import 从 {source} 导入。以 # 开头的注释说明导入时的判断，核对后可以删去。",
              "下一步：reportgen check 本文件（检查导入无法判断或修复的地方），再 reportgen build 本文件。",
              "导入的结果：" + "；".join(summary), *draft.header]
    if draft.summary.guesses:
        header += ["导入时的判断（括号里是它在原文中的位置）：", *(f"  {g}" for g in draft.summary.guesses)]
    text = dump(draft.data, draft.notes, header)
    _assert_loads(text)
    return Imported(text, draft.images, summary=summary, guesses=draft.summary.guesses)


def import_docx(path: Path, image_folder: str = "images") -> Imported:
    from .docx_reader import read_docx

    return import_blocks(read_docx(path), "docx", path.name, image_folder)


def import_text(raw: bytes, source: str) -> Imported:
    from .text_reader import read_text

    blocks, warnings = read_text(raw, source)
    imported = import_blocks(blocks, "text", source)
    imported.warnings = warnings
    return imported


def _assert_loads(text: str) -> None:
    """The YAML we wrote loads and has the model's shape (the pictures, written after it, aside)."""
    from ..loader import load_text
    from ..model import Report

    data = load_text(text, "<import>").data
    meeting = data.get("meeting") if isinstance(data, dict) else None
    if isinstance(meeting, dict):  # what is left to fill in (待填写, RG308 in `check`) stands for a value
        for key, stand_in in (("date", dt.date(2000, 1, 1)), ("year", 2000)):
            if str(meeting.get(key, "")).startswith(TO_FILL):
                meeting[key] = stand_in
    Report.model_validate(_without_pictures(data))


def _without_pictures(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get("type") == "image":
            return {"type": "paragraphs", "paragraphs": ["图片"]}
        return {k: _without_pictures(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_pictures(v) for v in value]
    return value
