"""Writers express a laid-out document as a file; one module per format, imported only when used.

A flowing format (DOCX) receives the `Flow` (`reportgen.layout.flow`): blocks
with every break and spacing decision made. A fixed-page format (PDF, OFD)
receives the `PageLayout` (`reportgen.layout.page`) and only draws it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from ..fonts import Face
from ..ir import Document
from ..layout.flow import Flow, arrange
from ..layout.grid import lay_out, settle_end
from ..layout.measure import face_metrics
from ..layout.page import PageLayout
from ..styles import Style


class FlowWriter(Protocol):
    def __call__(self, flow: Flow, style: Style, faces: dict[str, Face], target: Path) -> None: ...


class PageWriter(Protocol):
    def __call__(self, layout: PageLayout, faces: dict[str, Face], target: Path) -> None: ...


@dataclass(frozen=True)
class Format:
    name: str       # also the file extension
    module: str     # reportgen.writers.<module>.write
    paged: bool     # draws the page layout (True) or expresses the flow (False)

    def load(self) -> ModuleType:
        """The writer's module (and its library), imported on first use."""
        return importlib.import_module(f"{__name__}.{self.module}")

    def flow_writer(self) -> FlowWriter:
        assert not self.paged
        writer: FlowWriter = self.load().write
        return writer

    def page_writer(self) -> PageWriter:
        assert self.paged
        writer: PageWriter = self.load().write
        return writer


FORMATS = {"docx": Format("docx", "docx_writer", paged=False), "pdf": Format("pdf", "pdf_writer", paged=True),
           "ofd": Format("ofd", "ofd_writer", paged=True)}
DEFAULT_FORMATS = ("docx", "pdf")  # OFD on request (`-f ofd`)


def write(doc: Document, style: Style, faces: dict[str, Face], targets: Mapping[str, Path]) -> None:
    """Lay `doc` out once (the flow, and the pages if a fixed-page format is asked for) and write each format."""
    paged = any(FORMATS[fmt].paged for fmt in targets)
    if paged and not style.faces_used() <= faces.keys():
        raise ValueError(f"a fixed-page format needs every face: {sorted(style.faces_used() - faces.keys())} missing")
    fonts = face_metrics(faces, style.faces_used())
    flow = settle_end(arrange(doc, style, fonts), style, fonts)  # the end block's page, for every format
    pages = lay_out(flow, style, fonts) if paged else None
    for fmt, target in targets.items():
        spec = FORMATS[fmt]
        if pages is not None and spec.paged:
            spec.page_writer()(pages, faces, target)
        else:
            spec.flow_writer()(flow, style, faces, target)


def writer_for(fmt: str) -> Callable[[Document, Style, dict[str, Face], Path], None]:
    """One format on its own: `write` with a single target."""

    def write_one(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
        write(doc, style, faces, {fmt: target})

    return write_one
