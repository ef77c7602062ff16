"""Draw the example "meeting photo" (inputs/images/2023-meeting.jpg) with Pillow: no photo from elsewhere.

A stylised meeting room: a red banner over a stage, a screen for the video
link, rows of attendees. Deterministic: same script, same bytes.
Run: .venv/bin/python scripts/make-example-photo.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 800, 450
TARGET = Path(__file__).resolve().parent.parent / "inputs" / "images" / "2023-meeting.jpg"


def draw() -> Image.Image:
    img = Image.new("RGB", (WIDTH, HEIGHT), (236, 230, 218))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 300, WIDTH, HEIGHT), fill=(150, 112, 84))           # floor
    d.rectangle((60, 40, 740, 110), fill=(190, 20, 30))                  # banner
    for k in range(12):                                                  # banner lettering, as blocks
        d.rectangle((95 + k * 52, 62, 125 + k * 52, 90), fill=(250, 220, 120))
    d.rectangle((520, 130, 720, 250), fill=(40, 60, 90))                 # screen (video link)
    for k in range(3):
        for j in range(2):
            d.rectangle((535 + k * 62, 142 + j * 52, 585 + k * 62, 184 + j * 52), fill=(90, 130, 170))
    d.rectangle((80, 200, 480, 260), fill=(120, 70, 40))                 # rostrum table
    for k in range(5):                                                   # people at the rostrum
        x = 110 + k * 80
        d.ellipse((x, 160, x + 34, 194), fill=(60, 45, 40))
        d.rectangle((x - 6, 194, x + 40, 210), fill=(30, 40, 70))
    for row in range(3):                                                 # audience, back to the camera
        y = 320 + row * 40
        for k in range(13):
            x = 20 + k * 60 + (row % 2) * 30
            d.ellipse((x, y, x + 30, y + 30), fill=(45 + row * 10, 35, 30))
            d.rectangle((x - 8, y + 26, x + 38, y + 60), fill=(50 + 30 * (k % 3), 60, 90))
    return img


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    draw().save(TARGET, "JPEG", quality=82, optimize=True)
    print(f"{TARGET} ({TARGET.stat().st_size} bytes)")
