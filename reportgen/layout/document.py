"""Lay a document out once, for every format asked for: the flow, and the pages when a fixed-page format
is among them. Writers receive the result and only express it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..fonts import Face
from ..ir import Document
from ..styles import Style
from .flow import Flow, arrange
from .grid import settle_and_lay_out, settle_end
from .measure import face_metrics
from .page import PageLayout


@dataclass(frozen=True)
class Laid:
    """A document laid out: its flow with the end block's page settled, and its pages (None when no
    fixed-page format was asked for)."""

    flow: Flow
    pages: PageLayout | None


def lay_out_document(doc: Document, style: Style, faces: Mapping[str, Face], *, paged: bool) -> Laid:
    """The flow, settled on the grid, and with `paged` the pages of that same grid (one run of it)."""
    if paged and not style.faces_used() <= faces.keys():
        raise ValueError(f"a fixed-page format needs every face: {sorted(style.faces_used() - faces.keys())} missing")
    fonts = face_metrics(faces, style.faces_used())
    flow = arrange(doc, style, fonts)
    if not paged:
        return Laid(settle_end(flow, style, fonts), None)
    settled, pages = settle_and_lay_out(flow, style, fonts)
    return Laid(settled, pages)
