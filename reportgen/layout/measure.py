"""How the layout measures text: one face's advances, behind a protocol no output library defines.

The layout only asks a face how wide a character is at a size and whether it
has it; the caller decides where the numbers come from (the font files read
with fontTools), so a layout can be computed without any writer's library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ..cjk.linebreak import Metrics
from ..fonts import Face


class FaceMetrics(Protocol):
    @property
    def face(self) -> Face: ...

    def advance(self, ch: str, size: float) -> float:
        """Advance width of `ch` at `size`, in pt."""
        ...

    def has(self, ch: str) -> bool: ...


# Face kind (xiaobiaosong, fangsong, …) -> its metrics.
FontSet = Mapping[str, FaceMetrics]


def text_metrics(font: FaceMetrics, size: float, chars: int | None, measure: float) -> Metrics:
    """Metrics for setting text in `font` at `size` over `measure` pt; on a grid of `chars` characters
    when given (the CJK glyphs then fill the measure exactly)."""

    def adv(ch: str) -> float:
        return font.advance(ch, size)

    return Metrics.grid(size, measure, chars, adv) if chars else Metrics(size, measure, adv)


def face_metrics(faces: Mapping[str, Face]) -> FontSet:
    """Each face's metrics, read from its file."""
    from ..writers.pdf_writer import metrics  # TEMPORARY: ReportLab's advances until reportgen.fonts has them

    return metrics(dict(faces))
