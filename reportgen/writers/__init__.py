"""Writers turn the document IR into files; one module per format, imported only when used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from ..fonts import Face
    from ..ir import Document
    from ..styles import Style

FORMATS = {"docx": "docx_writer", "pdf": "pdf_writer"}
DEFAULT_FORMATS = tuple(FORMATS)


class Writer(Protocol):
    def __call__(self, doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None: ...


def writer_for(fmt: str) -> Writer:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.write
