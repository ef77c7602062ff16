"""How the layout measures text: one face's advances, behind a protocol no output library defines.

The layout only asks a face how wide a character is at a size and whether it
has it; the caller decides where the numbers come from (the font files read
with fontTools), so a layout can be computed without any writer's library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from ..caches import memo
from ..cjk.linebreak import AUTOSPACE, Line, Metrics, balance_parts, break_paragraph
from ..cjk.punct import is_cjk
from ..fonts import Face
from ..fonts import metrics as fonts_metrics
from .faces import OWN_LATIN_KINDS


class FaceMetrics(Protocol):
    """A face's measurements; hashable and equal for the same face, so measured text can be remembered."""

    def __hash__(self) -> int: ...

    @property
    def face(self) -> Face: ...

    def advance(self, ch: str, size: float) -> float:
        """Advance width of `ch` at `size`, in pt."""
        ...

    def has(self, ch: str) -> bool: ...

    def latin_sets(self, ch: str) -> bool:
        """Whether `ch` is set in the Latin face (`face_metrics`' `latin`) rather than this one."""
        ...


# Face kind (xiaobiaosong, fangsong, …) -> its metrics.
FontSet = Mapping[str, FaceMetrics]


@memo(512)
def text_metrics(font: FaceMetrics, size: float, chars: int | None, measure: float) -> Metrics:
    """Metrics for setting text in `font` at `size` over `measure` pt; on a grid of `chars` characters
    when given (the CJK glyphs then fill the measure exactly).

    The same arguments give the same object, so text broken with it can be remembered (`broken`).
    """

    def adv(ch: str) -> float:
        return font.advance(ch, size)

    gap = AUTOSPACE * size
    return Metrics.grid(size, measure, chars, adv, gap) if chars else Metrics(size, measure, adv, autospace=gap)


@dataclass(frozen=True)
class _FileMetrics:
    """A face measured from its file (`reportgen.fonts.metrics`: the same numbers the PDF's font program has),
    with the Latin face that sets its letters and digits, as the DOCX's Latin font does."""

    face: Face
    ems: fonts_metrics.FaceMetrics
    latin: fonts_metrics.FaceMetrics | None = None
    own_latin: bool = False  # letters and digits from this face where it has them (`faces.OWN_LATIN_KINDS`)

    def latin_sets(self, ch: str) -> bool:
        return (self.latin is not None and not is_cjk(ch) and self.latin.has(ch)
                and not (self.own_latin and self.ems.has(ch)))

    def advance(self, ch: str, size: float) -> float:
        return (self.latin if self.latin is not None and self.latin_sets(ch) else self.ems).advance(ch) * size

    def has(self, ch: str) -> bool:
        return self.ems.has(ch) or self.latin_sets(ch)


@dataclass(frozen=True)
class NominalMetrics:
    """A kind no face was found for, measured as any CJK face sets it: full-width characters one em, the rest
    half. Enough for the flowing formats (the DOCX names its faces and the reader's machine sets them); the
    fixed-page layout never sees it, since a PDF cannot be made without the face itself."""

    kind: str

    @property
    def face(self) -> Face:
        raise LookupError(f"no face for {self.kind}: nominal metrics only")

    def advance(self, ch: str, size: float) -> float:
        return size if unicodedata.east_asian_width(ch) in "WF" else size / 2

    def has(self, ch: str) -> bool:
        return True

    def latin_sets(self, ch: str) -> bool:
        return False


def face_metrics(faces: Mapping[str, Face], kinds: Iterable[str] = ()) -> FontSet:
    """Each face's metrics, read from its file, its letters and digits from the `latin` face when there is one;
    nominal metrics for `kinds` that have no face."""
    latin = faces.get("latin")
    latin_ems = fonts_metrics.face_metrics(latin.path, latin.index) if latin else None
    found: dict[str, FaceMetrics] = {
        kind: _FileMetrics(face, fonts_metrics.face_metrics(face.path, face.index), latin_ems,
                           own_latin=kind in OWN_LATIN_KINDS)
        for kind, face in faces.items() if kind != "latin"}
    return {**{kind: NominalMetrics(kind) for kind in kinds if kind not in found}, **found}


@memo(16_384)
def broken(m: Metrics, text: str, indent: float = 0.0, tail: bool = False) -> tuple[Line, ...]:
    """`text` broken into justified lines with `m` (`break_paragraph`; `tail`: no lone last character),
    remembered: a rebuild in the same process (a live preview after one keystroke) breaks only the paragraphs
    that changed."""
    return tuple(break_paragraph(text, m, indent=indent, tail=tail))


@memo(1024)
def balanced(m: Metrics, text: str, indent: float = 0.0) -> tuple[Line, ...]:
    """`text` in balanced lines broken between words (`balance_parts`: a heading), remembered as `broken` is."""
    return tuple(balance_parts(text, m, indent=indent))
