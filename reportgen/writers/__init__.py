"""Writers express a laid-out document as a file; one module per format, imported only when used.

A flowing format (DOCX) receives the `Flow` (`reportgen.layout.flow`): blocks
with every break and spacing decision made. A fixed-page format (PDF, OFD)
receives the `PageLayout` (`reportgen.layout.page`) and only draws it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from ..fonts import Face
from ..ir import Document
from ..layout.document import Laid, lay_out_document
from ..layout.flow import Flow
from ..layout.page import PageLayout
from ..styles import Style


class FlowWriter(Protocol):
    def __call__(self, flow: Flow, style: Style, faces: dict[str, Face], target: Path) -> None: ...


class PageWriter(Protocol):
    def __call__(self, layout: PageLayout, faces: dict[str, Face], target: Path) -> None: ...


class FlowRenderer(Protocol):
    def __call__(self, flow: Flow, style: Style, faces: dict[str, Face]) -> bytes: ...


class PageRenderer(Protocol):
    def __call__(self, layout: PageLayout, faces: dict[str, Face]) -> bytes: ...


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

    def render(self, laid: Laid, style: Style, faces: dict[str, Face]) -> bytes:
        """The file's bytes: a writer's `render` expresses the laid-out document and touches no file."""
        if self.paged:
            assert laid.pages is not None, "laid out without pages (lay_out_document(paged=True))"
            page_renderer: PageRenderer = self.load().render
            return page_renderer(laid.pages, faces)
        flow_renderer: FlowRenderer = self.load().render
        return flow_renderer(laid.flow, style, faces)


FORMATS = {"docx": Format("docx", "docx_writer", paged=False), "pdf": Format("pdf", "pdf_writer", paged=True),
           "ofd": Format("ofd", "ofd_writer", paged=True)}
DEFAULT_FORMATS = ("docx", "pdf")  # OFD on request (`-f ofd`)


def render(doc: Document, style: Style, faces: dict[str, Face], formats: Iterable[str]) -> dict[str, bytes]:
    """Each format's bytes, `doc` laid out once for all of them (`layout.document`)."""
    formats = list(formats)
    laid = lay_out_document(doc, style, faces, paged=any(FORMATS[fmt].paged for fmt in formats))
    return {fmt: FORMATS[fmt].render(laid, style, faces) for fmt in formats}


def write(doc: Document, style: Style, faces: dict[str, Face], targets: Mapping[str, Path]) -> None:
    """Lay `doc` out once and write each format to its target."""
    for fmt, blob in render(doc, style, faces, targets).items():
        Path(targets[fmt]).write_bytes(blob)


def writer_for(fmt: str) -> Callable[[Document, Style, dict[str, Face], Path], None]:
    """One format on its own: `write` with a single target."""

    def write_one(doc: Document, style: Style, faces: dict[str, Face], target: Path) -> None:
        write(doc, style, faces, {fmt: target})

    return write_one
