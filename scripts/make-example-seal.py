"""Draw the example seal (inputs/images/示例印章.png) with Pillow: a red ring, a five-pointed star and the words
示例印章 along the top of the ring, on a transparent background, so that no one mistakes it for a real seal.

The formal example (inputs/2023-union-annual-meeting-formal.yaml) stamps it over the signature. The words are
drawn in the 黑体 face this machine resolves (`reportgen.fonts.resolve`), so the PNG is made once and kept in
the repository, as the example photo is. Run: .venv/bin/python scripts/make-example-seal.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reportgen.fonts import resolve

SIZE = 480             # pixels across (42 mm at about 290 dpi)
SCALE = 2              # drawn this much larger, then reduced: smooth edges
RED = (230, 0, 18, 255)
WORDS = "示例印章"
TARGET = Path(__file__).resolve().parent.parent / "inputs" / "images" / "示例印章.png"


def star(centre: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = math.radians(-90 + k * 36)
        points.append((centre + r * math.cos(a), centre + r * math.sin(a)))
    return points


def draw() -> Image.Image:
    big = SIZE * SCALE
    c = big / 2
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    ring = big * 0.035
    d.ellipse((ring / 2, ring / 2, big - ring / 2, big - ring / 2), outline=RED, width=round(ring))
    d.polygon(star(c, big * 0.17), fill=RED)
    face = resolve("hei")
    font = ImageFont.truetype(str(face.path), round(big * 0.15), index=face.index)
    radius = big * 0.34
    spread = 150  # degrees the words take along the top of the ring
    for k, ch in enumerate(WORDS):
        angle = -90 - spread / 2 + spread * (k + 0.5) / len(WORDS)
        glyph = Image.new("RGBA", (round(big * 0.2), round(big * 0.2)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=RED, anchor="mm")
        glyph = glyph.rotate(-(angle + 90), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(math.radians(angle)) - glyph.width / 2
        y = c + radius * math.sin(math.radians(angle)) - glyph.height / 2
        img.alpha_composite(glyph, (round(x), round(y)))
    d.text((c, c + big * 0.3), "样 章", font=ImageFont.truetype(str(face.path), round(big * 0.09),
                                                              index=face.index), fill=RED, anchor="mm")
    return img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    draw().save(TARGET, "PNG", optimize=True)
    print(f"{TARGET} ({TARGET.stat().st_size} bytes)")
