"""Sizes both writers must agree on: a photo's box on the page."""

from __future__ import annotations

from ..ir import Image
from ..styles import MM, Style

CAPTION_LINES = 2  # room kept under a photo for its caption when the photo is as tall as a page


def image_box(block: Image, style: Style) -> tuple[float, float]:
    """Width and height in pt: the text width at the photo's aspect ratio, scaled down only when the
    photo (with room for its caption) would not fit on one page."""
    width = style.page.text_width * MM
    height = width * block.height / block.width
    lines = style.lines_per_page - (CAPTION_LINES if block.caption else 0)
    max_height = max(lines, 1) * style.line_pitch
    if height > max_height:
        width, height = width * max_height / height, max_height
    return width, height
