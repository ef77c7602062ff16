"""A photo with its caption: the path is relative to the input file and may not leave its folder.

Every photo is opened and normalised once, at validation (`photo`): what cannot be used is RG211 at the
`path` value (missing, a folder, a symbolic link that loops or leads nowhere, unreadable, not a JPEG/PNG,
truncated or damaged) or RG213 (too large, in bytes or pixels: a decompression bomb is no meeting photo),
so a build never starts with a photo it cannot place. What both writers embed is the normalised picture
(`ir.Image.data`): upright (the EXIF orientation a phone records applied), RGB or grey (a CMYK JPEG, a
palette or transparent PNG converted, transparency on white paper), re-encoded with fixed settings so the
same file always gives the same bytes. A photo that needs none of this is embedded as it is, byte for byte:
re-encoding a JPEG would only lose detail.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..caches import register
from ..diagnostics import Diagnostic, InputError
from ..fields import ProseOrEmpty, Strict, Text
from ..ir import Block, Image
from . import Problem, Reading, Run, section_type
from .context import RenderContext

if TYPE_CHECKING:
    from ..templating import Templates

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}
MAX_PIXELS = 60_000_000   # a larger photo is a mistake (or a decompression bomb), not a meeting photo
MAX_BYTES = 64 * 2 ** 20  # the same for the file: no phone or camera photo is this large
PLAIN_MODES = ("RGB", "L")  # what both writers embed as they are
JPEG_QUALITY = 92
ORIENTATION = 0x0112  # EXIF tag 274


class ImageSection(Strict):
    type: Literal["image"]
    path: Text  # a file name, never prose: `check --fix` leaves it alone
    caption: ProseOrEmpty = ""


class ImageProblem(Exception):
    """Why an image cannot be used; the message is for the user, in Chinese, with its code."""

    def __init__(self, message: str, code: str = "RG211"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Photo:
    """A photo as both writers embed it: JPEG or PNG bytes, upright, RGB or grey; its upright pixel size."""

    data: bytes
    width: int
    height: int


def locate(path: str, base: Path) -> Path:
    """`path` inside the input's folder `base`, resolved (symbolic links followed), or ImageProblem."""
    folder = base.resolve()
    given = folder / path
    try:
        target = given.resolve(strict=True)
    except (RuntimeError, OSError) as exc:  # Python 3.11 says RuntimeError for a loop, later ones OSError
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
            raise ImageProblem(f"图片路径 {path} 中的符号链接形成循环（最终又指向自己），"
                               "找不到真正的图片文件") from None
        target = given.resolve()
        if os.path.lexists(given) or _dangling(folder, Path(path)):
            raise ImageProblem(f"图片 {path} 是符号链接，但它指向的文件不存在（{target}）") from None
    if Path(path).is_absolute() or not target.is_relative_to(folder):
        raise ImageProblem(f"图片路径 {path} 不在输入文件所在的文件夹（{folder}）之内；"
                           "请把图片放进该文件夹，写相对路径")
    return target


def _dangling(folder: Path, path: Path) -> bool:
    """Whether some component of `path` below `folder` is a symbolic link to nothing."""
    here = folder
    for part in path.parts:
        here = here / part
        if here.is_symlink() and not here.exists():
            return True
    return False


def photo(target: Path, shown: str) -> Photo:
    """The normalised photo at `target` (see the module's note), or ImageProblem naming `shown`.

    Remembered per file (by its identity, size and time), so validation and rendering open it once."""
    try:
        stat = target.stat()
    except FileNotFoundError:
        raise ImageProblem(f"找不到图片文件 {shown}（路径相对于输入文件所在的文件夹）") from None
    except OSError as exc:
        raise ImageProblem(f"无法读取图片 {shown}：{exc.strerror or exc}") from None
    if target.is_dir():
        raise ImageProblem(f"{shown} 是文件夹，不是图片文件")
    if not target.is_file():
        raise ImageProblem(f"{shown} 不是普通文件（是设备、管道或套接字），不能作为图片")
    if stat.st_size > MAX_BYTES:
        raise ImageProblem(f"图片 {shown} 有 {stat.st_size / 2 ** 20:.0f} MB，超过上限 {MAX_BYTES // 2 ** 20} MB；"
                           "请缩小后再用", "RG213")
    key = (str(target), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _SEEN:
        if len(_SEEN) >= 16:
            _SEEN.pop(next(iter(_SEEN)))
        _SEEN[key] = _normalise(target, shown)
    return _SEEN[key]


_SEEN: dict[tuple[str, int, int, int, int], Photo] = {}  # the newest 16 photos read, by file and its state
register("reportgen.render.image._SEEN", "files", _SEEN.clear, lambda: len(_SEEN))


def _normalise(target: Path, shown: str) -> Photo:
    from PIL import Image as Pillow
    from PIL import UnidentifiedImageError

    try:
        with target.open("rb") as handle:
            blob = handle.read(MAX_BYTES + 1)
        if len(blob) > MAX_BYTES:
            raise ImageProblem(f"图片 {shown} 超过上限 {MAX_BYTES // 2 ** 20} MB；请缩小后再用", "RG213")
        with Pillow.open(io.BytesIO(blob)) as img:
            if img.format not in FORMATS:
                raise ImageProblem(f"{shown} 是 {img.format or '未知'} 格式，只支持 JPEG 和 PNG 图片")
            width, height = img.size
            if not 0 < width * height <= MAX_PIXELS:
                if width * height:
                    raise ImageProblem(f"图片 {shown} 有 {width}×{height} 像素，超过上限（{MAX_PIXELS // 1_000_000} "
                                       "百万像素）；请缩小后再用", "RG213")
                raise ImageProblem(f"{shown} 的尺寸 {width}×{height} 像素不合理")
            img.load()  # decode it all: a truncated or damaged file fails here, not in a writer
            return _upright(img, blob)
    except ImageProblem:
        raise
    except UnidentifiedImageError:
        raise ImageProblem(f"{shown} 不是图片，或已损坏、无法识别（只支持 JPEG 和 PNG）") from None
    except OSError as exc:
        if exc.errno is None:  # Pillow's own complaint about the data (truncated, broken), not the system's
            raise ImageProblem(f"图片 {shown} 已损坏或不完整（可能没有下载或复制完）；请重新获取该图片，"
                               f"或用看图软件打开后另存一份（Pillow：{exc}）") from None
        raise ImageProblem(f"无法读取图片 {shown}：{exc.strerror or exc}") from None
    except Pillow.DecompressionBombError:
        raise ImageProblem(f"图片 {shown} 的像素太多（可能是恶意构造的文件）；请缩小后再用", "RG213") from None
    except Exception as exc:  # Pillow's errors on damaged data vary (SyntaxError, ValueError, struct.error…)
        raise ImageProblem(f"图片 {shown} 已损坏或无法解码；请用看图软件打开后另存一份"
                           f"（Pillow：{type(exc).__name__}）") from None


def _upright(img: PILImage, blob: bytes) -> Photo:
    """The decoded `img` (read from `blob`) upright, RGB or grey, and its bytes: `blob` itself when nothing
    needed changing, else re-encoded with fixed settings (no metadata, no time: the same pixels, the same
    bytes)."""
    from PIL import ImageOps

    kind = img.format
    try:
        orientation = int(img.getexif().get(ORIENTATION, 1))
    except Exception:  # a damaged EXIF block: nothing we can trust to turn the photo
        orientation = 1
    colours = img.mode in PLAIN_MODES and getattr(img, "bits", 8) == 8 and "transparency" not in img.info
    turn = orientation in range(2, 9)
    if colours and not turn:
        return Photo(blob, *img.size)
    picture: PILImage = img
    if turn:
        picture = ImageOps.exif_transpose(img) or img
    picture = _plain(picture)
    # the colour profile stays with colours left as they were (a phone's Display P3), never with converted ones
    profile = img.info.get("icc_profile") if colours else None
    extra = {"icc_profile": profile} if profile else {}
    out = io.BytesIO()
    if kind == "JPEG":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, subsampling=0, **extra)
    else:
        picture.save(out, "PNG", optimize=False, compress_level=6, **extra)
    return Photo(out.getvalue(), *picture.size)


def _plain(picture: PILImage) -> PILImage:
    """`picture` as RGB or grey: transparency laid on white paper, CMYK and palettes converted, 16-bit grey
    scaled to 8 bits."""
    from PIL import Image as Pillow

    mode = picture.mode
    if "transparency" in picture.info and mode in ("L", "RGB", "P"):  # a PNG's one transparent colour
        picture = picture.convert("LA" if mode == "L" else "RGBA")
        mode = picture.mode
    if mode in PLAIN_MODES:
        return picture
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        return picture.convert("I").point(lambda v: v / 256).convert("L")
    if mode == "1":
        return picture.convert("L")
    if mode == "P" or mode == "PA":
        picture = picture.convert("RGBA")
    elif mode not in ("RGBA", "LA"):
        return picture.convert("RGB")  # CMYK, YCbCr, LAB, HSV…
    grey = picture.mode == "LA"
    paper = Pillow.new("RGBA", picture.size, (255, 255, 255, 255))
    flat = Pillow.alpha_composite(paper, picture.convert("RGBA"))
    return flat.convert("L" if grey else "RGB")


def check(section: ImageSection, base: Path) -> list[Problem]:
    try:
        photo(locate(section.path, base), section.path)
    except ImageProblem as exc:
        return [(("path",), exc.code, str(exc))]
    return []


def recognise(run: Run, _templates: Templates) -> Reading | None:
    """A picture of the source (written beside the YAML), with the line under it as its caption."""
    if not run.picture:
        return None
    data: dict[str, object] = {"type": "image", "path": run.picture}
    if run.caption:
        data["caption"] = run.caption
    return Reading(dict(data), 10)


@section_type("image", ImageSection, check, recognise=recognise)
def render(section: ImageSection, ctx: RenderContext) -> list[Block]:
    try:
        target = locate(section.path, ctx.base)
        picture = photo(target, section.path)
    except ImageProblem as exc:  # changed on disk since validation passed
        raise InputError([Diagnostic(section.path, 0, 0, exc.code, str(exc))]) from None
    return [Image(target, picture.width, picture.height, section.caption.strip(), picture.data)]
