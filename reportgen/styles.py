"""Style presets: page, grid, faces and sizes as data (templates/styles/NAME.yaml).

A preset says which kind of face (小标宋, 仿宋, 黑体, 楷体, 宋体) each element
uses; `reportgen.fonts` finds a file for each kind. Both writers read the
same preset, so the DOCX and the PDF agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .resources import builtin_templates

FaceKind = Literal["xiaobiaosong", "song", "fangsong", "hei", "kai"]

MM = 72 / 25.4  # points per millimetre


class _Preset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Preset):
    width: float
    height: float
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float

    @property
    def text_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


class Grid(_Preset):
    lines_per_page: int
    chars_per_line: int
    line_pitch: float


class Faces(_Preset):
    title: FaceKind
    body: FaceKind
    heading1: FaceKind
    heading2: FaceKind
    heading3: FaceKind
    heading4: FaceKind
    page_number: FaceKind

    def heading(self, level: int) -> FaceKind:
        return getattr(self, f"heading{min(max(level, 1), 4)}")


class Sizes(_Preset):
    title: float
    body: float
    heading: float
    page_number: float


class TitleStyle(_Preset):
    lines_after: int = 1


class BodyStyle(_Preset):
    first_line_indent_chars: int = 2


class PageNumber(_Preset):
    format: str = "— {n} —"
    below_text_block: float = 7
    outside_indent_chars: int = 1


class Style(_Preset):
    name: str
    page: Page
    grid: Grid
    faces: Faces
    sizes: Sizes
    title: TitleStyle = TitleStyle()
    body: BodyStyle = BodyStyle()
    page_number: PageNumber = PageNumber()

    def faces_used(self) -> set[str]:
        return set(self.faces.model_dump().values())


class StyleError(Exception):
    """A preset is missing or malformed; the message names the file."""


def find_preset(name: str, search: Iterable[Path] = ()) -> Path:
    for folder in [*search, builtin_templates()]:
        candidate = folder / "styles" / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    raise StyleError(f"找不到样式 `{name}`（templates/styles/{name}.yaml）")


@lru_cache(maxsize=16)
def _read(path: Path) -> Style:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Style.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise StyleError(f"{path}: 样式文件有误：{exc}") from None


def load_style(name: str, search: Iterable[Path] = ()) -> Style:
    return _read(find_preset(name, search))
