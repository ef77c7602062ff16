"""A photo with its caption: the path is relative to the input file and may not leave its folder.

Checked at validation (missing, unreadable, not a JPEG/PNG, outside the folder:
RG211 at the `path` value), so a build never starts with a photo it cannot place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..fields import ProseOrEmpty, Strict, Text
from ..ir import Block, Image
from . import Problem, section_type
from .context import RenderContext

FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}
MAX_PIXELS = 60_000_000  # a larger photo is a mistake (or a decompression bomb), not a meeting photo


class ImageSection(Strict):
    type: Literal["image"]
    path: Text  # a file name, never prose: `check --fix` leaves it alone
    caption: ProseOrEmpty = ""


class ImageProblem(Exception):
    """Why an image cannot be used; the message is for the user, in Chinese."""


def locate(path: str, base: Path) -> Path:
    """`path` inside the input's folder `base`, resolved (symbolic links followed), or ImageProblem."""
    folder = base.resolve()
    target = (folder / path).resolve()
    if Path(path).is_absolute() or not target.is_relative_to(folder):
        raise ImageProblem(f"图片路径 {path} 不在输入文件所在的文件夹（{folder}）之内；"
                           "请把图片放进该文件夹，写相对路径")
    return target


def inspect(target: Path, shown: str) -> tuple[int, int]:
    """The pixel size of a readable JPEG or PNG at `target`, or ImageProblem naming `shown`."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if not target.exists():
        raise ImageProblem(f"找不到图片文件 {shown}（路径相对于输入文件所在的文件夹）")
    if not target.is_file():
        raise ImageProblem(f"{shown} 不是文件")
    try:
        with target.open("rb") as handle, PILImage.open(handle) as img:
            kind = img.format
            width, height = img.size
            if kind not in FORMATS:
                raise ImageProblem(f"{shown} 是 {kind or '未知'} 格式，只支持 JPEG 和 PNG 图片")
            if not 0 < width * height <= MAX_PIXELS:
                raise ImageProblem(f"{shown} 的尺寸 {width}×{height} 像素不合理")
            img.load()  # decode it all: a truncated or damaged file fails here, not in a writer
    except ImageProblem:
        raise
    except UnidentifiedImageError:
        raise ImageProblem(f"{shown} 不是图片（只支持 JPEG 和 PNG）") from None
    except OSError as exc:
        if exc.errno is None:  # Pillow's own complaint about the data (truncated, broken), not the system's
            raise ImageProblem(f"图片 {shown} 已损坏或不完整：{exc}") from None
        raise ImageProblem(f"无法读取图片 {shown}：{exc.strerror or exc}") from None
    except Exception as exc:  # Pillow's errors on damaged data vary (SyntaxError, ValueError, DecompressionBomb…)
        raise ImageProblem(f"图片 {shown} 已损坏或无法解码：{type(exc).__name__}") from None
    return width, height


def check(section: ImageSection, base: Path) -> list[Problem]:
    try:
        inspect(locate(section.path, base), section.path)
    except ImageProblem as exc:
        return [(("path",), "RG211", str(exc))]
    return []


@section_type("image", ImageSection, check)
def render(section: ImageSection, ctx: RenderContext) -> list[Block]:
    target = locate(section.path, ctx.base)
    width, height = inspect(target, section.path)
    return [Image(target, width, height, section.caption.strip())]
