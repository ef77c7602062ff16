"""A page layout: pages of positioned text, strokes and pictures, independent of any file format.

`layout.grid` makes it from a `Flow`; a fixed-page writer (PDF, OFD) only
draws it. Coordinates are PDF-like: points, origin at the page's
bottom-left corner, y upwards. Items on a page are in drawing order.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from ..ir import Meta

# A bold weight drawn from a face that has none: the outline stroked this much (ems) along with the fill, by every
# fixed-page writer alike.
BOLD_STROKE = 0.035


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """A set line of text: each glyph at its own x (justification and punctuation squeeze already applied)."""

    face: str                       # face kind (fangsong, hei, …): the writer maps it to its font
    size: float
    text: str                       # one character per glyph
    xs: array[float]                # where each glyph is drawn (its origin), from the page's left edge: an
    #                                 array of doubles, a quarter of a tuple's memory (a 5,000-page report)
    y: float                        # baseline
    bold: bool = False              # a bold weight drawn from a face that has none (stroked outline)
    color: tuple[float, float, float] | None = None  # RGB 0–1; black when None

    def __hash__(self) -> int:  # an array is unhashable; its bytes are not (the screen writer keys pages by items)
        return hash((self.face, self.size, self.text, self.xs.tobytes(), self.y, self.bold, self.color))


@dataclass(frozen=True, slots=True)
class Strokes:
    """Straight rules stroked together at one width: (x0, y0, x1, y1) each."""

    width: float
    segments: tuple[tuple[float, float, float, float], ...]
    color: tuple[float, float, float] | None = None  # RGB 0–1; black when None (the red head's rule is red)


@dataclass(frozen=True, slots=True)
class Picture:
    """A photo's normalised bytes (`ir.Image.data`: JPEG or PNG, upright, RGB or grey; a seal: RGBA PNG, its
    transparency kept, drawn over the text) and its box."""

    data: bytes = field(repr=False)
    x: float
    y: float  # bottom edge
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Anchor:
    """A heading's place for the document outline (PDF bookmarks): `top` is the y a reader scrolls to."""

    name: str
    text: str
    level: int
    top: float


Item = GlyphRun | Strokes | Picture | Anchor


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[Item, ...]
    number: int | None  # the printed page number; None on a page that carries none (GB/T 9704 §7.5: a blank page
    #                     before the end block, and the end block's page after it)


@dataclass(frozen=True, slots=True)
class PageLayout:
    meta: Meta
    width: float
    height: float
    pages: tuple[Page, ...]
    body_face: str    # the body text's face and size: a writer's default text state
    body_size: float
