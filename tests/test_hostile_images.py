"""Odd photos (issue 15): a CMYK JPEG, a JPEG stripped of its JFIF/EXIF header, phone photos turned by EXIF
orientation 6 and 8, palette and transparent PNGs are built upright, RGB or grey, in both formats; a symbolic link
loop, a link to nothing, a folder, a truncated file and a decompression bomb are located input errors, never exit 3."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from reportgen.diagnostics import InputError

from .conftest import ROOT, build_into

PHOTOS = ROOT / "inputs" / "2023-union-annual-meeting-photos.yaml"
WIDE, TALL = 300, 600  # the upright picture: clearly taller than wide
BLUE, RED = (0, 0, 255), (220, 30, 30)


def upright() -> Image.Image:
    """A red portrait picture with a blue block in its top-left corner: which way up it is shows."""
    picture = Image.new("RGB", (WIDE, TALL), RED)
    picture.paste(BLUE, (0, 0, WIDE // 3, TALL // 4))
    return picture


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[274] = orientation
    return exif


def _stripped(path: Path) -> None:
    """A JPEG with no APP segment at all (no JFIF, no EXIF), as metadata strippers leave it."""
    out = io.BytesIO()
    upright().save(out, "JPEG", quality=95)
    data = out.getvalue()
    pos, kept = 2, [data[:2]]
    while data[pos + 1] != 0xDA:  # copy every segment before the scan but the APPn ones
        length = int.from_bytes(data[pos + 2: pos + 4], "big")
        if not 0xE0 <= data[pos + 1] <= 0xEF:
            kept.append(data[pos: pos + 2 + length])
        pos += 2 + length
    path.write_bytes(b"".join(kept) + data[pos:])
    assert b"JFIF" not in path.read_bytes()[:200] and b"Exif" not in path.read_bytes()[:200]


def _transparent_png(path: Path) -> None:
    picture = upright().convert("RGBA")
    picture.putpixel((WIDE - 1, TALL - 1), (0, 0, 0, 0))
    picture.save(path, "PNG")


MAKERS = {
    "cmyk.jpg": lambda p: upright().convert("CMYK").save(p, "JPEG", quality=95),
    "stripped.jpg": _stripped,
    "phone6.jpg": lambda p: upright().transpose(Image.Transpose.ROTATE_90).save(p, "JPEG", quality=95,
                                                                                  exif=_exif(6)),
    "phone8.jpg": lambda p: upright().transpose(Image.Transpose.ROTATE_270).save(p, "JPEG", quality=95,
                                                                                   exif=_exif(8)),
    "palette.png": lambda p: upright().convert("P", palette=Image.Palette.ADAPTIVE, colors=4).save(p, "PNG"),
    "alpha.png": _transparent_png,
}


def _input(folder: Path, image: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "report.yaml"
    text = PHOTOS.read_text(encoding="utf-8").replace("path: images/2023-meeting.jpg", f"path: images/{image}")
    target.write_text(text, encoding="utf-8")
    (folder / "images").mkdir(exist_ok=True)
    return target


def _is_upright(picture: Image.Image) -> bool:
    picture = picture.convert("RGB")
    w, h = picture.size
    top_left, bottom_right = picture.getpixel((w // 10, h // 10)), picture.getpixel((w - w // 10, h - h // 10))
    return (w, h) == (WIDE, TALL) and top_left[2] > 200 > top_left[0] and bottom_right[0] > 180 > bottom_right[2]


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_an_odd_photo_is_built_upright_and_plain_in_both_formats(tmp_path, name):
    source = _input(tmp_path / "in", name)
    MAKERS[name](source.parent / "images" / name)
    built = build_into(source, tmp_path / "out")
    with zipfile.ZipFile(built["docx"]) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        embedded = Image.open(io.BytesIO(package.read(media[0])))
        assert embedded.format == ("PNG" if media[0].endswith(".png") else "JPEG")
    assert embedded.mode in ("RGB", "L"), embedded.mode
    assert _is_upright(embedded), (embedded.size, embedded.convert("RGB").getpixel((10, 10)))
    with pdfplumber.open(built["pdf"]) as pdf:
        images = [im for page in pdf.pages for im in page.images]
        assert len(images) == 1
        image = images[0]
        assert abs(image["width"] / image["height"] - WIDE / TALL) < 0.01
        assert tuple(image["srcsize"]) == (WIDE, TALL)
        stream = image["stream"]
        if "DCTDecode" in str(stream.get("Filter")):
            assert _is_upright(Image.open(io.BytesIO(stream.get_rawdata())))
        else:
            assert _is_upright(Image.frombytes("RGB", (WIDE, TALL), stream.get_data()))


def test_the_same_turned_photo_gives_the_same_bytes(tmp_path):
    from reportgen.render.image import _normalise

    path = tmp_path / "phone.jpg"
    MAKERS["phone6.jpg"](path)
    first = _normalise(path, "phone.jpg")
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(path.read_bytes())
    assert _normalise(copy, "copy.jpg").data == first.data
    assert (first.width, first.height) == (WIDE, TALL)


def _loop(images: Path) -> str:
    os.symlink("b.jpg", images / "a.jpg")
    os.symlink("a.jpg", images / "b.jpg")
    return "循环"


def _nowhere(images: Path) -> str:
    os.symlink("gone.jpg", images / "a.jpg")
    return "指向的文件不存在"


def _folder(images: Path) -> str:
    (images / "a.jpg").mkdir()
    return "是文件夹"


def _truncated(images: Path) -> str:
    out = io.BytesIO()
    upright().save(out, "JPEG", quality=95)
    (images / "a.jpg").write_bytes(out.getvalue()[: len(out.getvalue()) // 2])
    return "已损坏"


def _unknown(images: Path) -> str:
    (images / "a.jpg").write_bytes(b"\x00\x01garbage" * 100)
    return "不是图片"


def _webp(images: Path) -> str:
    upright().save(images / "a.jpg", "WEBP")
    return "只支持 JPEG 和 PNG"


@pytest.mark.parametrize("make", [_loop, _nowhere, _folder, _truncated, _unknown, _webp])
def test_an_unusable_photo_is_rg211_at_its_path_and_never_exit_3(tmp_path, make):
    source = _input(tmp_path / "in", "a.jpg")
    words = make(source.parent / "images")
    line = next(n for n, ln in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if "path: images/a.jpg" in ln)
    with pytest.raises(InputError) as caught:
        build_into(source, tmp_path / "out")
    [diag] = caught.value.diagnostics
    assert (diag.code, diag.line, diag.path) == ("RG211", line, "sections[1].path")
    assert words in diag.message, diag.message
    for command in ("check", "build"):
        done = subprocess.run([sys.executable, "-m", "reportgen", command, str(source), "-o", str(tmp_path / "o")]
                              if command == "build" else [sys.executable, "-m", "reportgen", command, str(source)],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and "RG211" in done.stdout + done.stderr, (command, done.stderr)


def test_a_decompression_bomb_is_rg213_too_large(tmp_path):
    source = _input(tmp_path / "in", "a.png")
    Image.new("1", (10_000, 7_000)).save(source.parent / "images" / "a.png", "PNG")  # 70 million pixels, 10 kB
    assert (source.parent / "images" / "a.png").stat().st_size < 100_000
    with pytest.raises(InputError) as caught:
        build_into(source, tmp_path / "out")
    [diag] = caught.value.diagnostics
    assert diag.code == "RG213" and diag.path == "sections[1].path" and "缩小" in diag.message
