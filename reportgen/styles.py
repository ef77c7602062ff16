"""Style presets: page, grid, faces and sizes as data (templates/styles/NAME.yaml).

A preset says which kind of face (小标宋, 仿宋, 黑体, 楷体, 宋体) each element
uses; `reportgen.fonts` finds a file for each kind. Both writers read the
same preset, so the DOCX and the PDF agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .resources import builtin_templates

FaceKind = Literal["xiaobiaosong", "song", "fangsong", "hei", "kai"]

MM = 72 / 25.4  # points per millimetre

# Presets are named tuples: plain immutable data the writers import without pydantic or YAML, and a tenth
# of a frozen dataclass's cost to define (12 classes: ~1 ms instead of ~9 in every process).
# pydantic checks them in `load_style`, unknown keys included.


class Page(NamedTuple):
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


class Grid(NamedTuple):
    lines_per_page: int
    chars_per_line: int
    line_pitch: float


class Spacing(NamedTuple):
    """Line spacing for a preset without a grid (`grid: null`): lines as many as fit, characters at their width."""

    line_pitch: float = 28.95


class Faces(NamedTuple):
    title: FaceKind
    body: FaceKind
    heading1: FaceKind
    heading2: FaceKind
    heading3: FaceKind
    heading4: FaceKind
    page_number: FaceKind

    def heading(self, level: int) -> FaceKind:
        return getattr(self, f"heading{min(max(level, 1), 4)}")


class Sizes(NamedTuple):
    title: float
    body: float
    heading: float
    page_number: float
    table: float = 14        # table cells (4号)
    caption: float | None = None  # photo and table captions; the body size when unset
    end_block: float = 14    # 版记: 抄送, 印发机关 and date (4号)
    mark: float = 30         # the 纪要 mark


class Minutes(NamedTuple):
    """The 纪要 layout (GB/T 9704 clause 10.3)."""

    mark_top: float = 35        # mm from the top of the text block to the mark's top edge
    mark_color: str = "#E60000"  # red, as the standard recommends
    thick_rule: float = 0.35    # mm: first and last rule of the end block
    thin_rule: float = 0.25     # mm: the rules between


class TitleStyle(NamedTuple):
    lines_after: int = 1
    bold: bool = False


class BodyStyle(NamedTuple):
    first_line_indent_chars: int = 2


class HeadingStyle(NamedTuple):
    first_line_indent_chars: int = 0
    bold: bool = False  # a bold weight drawn from the face (news sub-heads); GB/T 9704 headings are not bold


class DocxFonts(NamedTuple):
    """Font names the DOCX asks for, per face kind: names a Chinese Windows machine has.

    The PDF embeds font files instead; unset kinds use `reportgen.fonts.KINDS`' names.
    """

    latin: str = "Times New Roman"
    xiaobiaosong: str | None = None
    song: str | None = None
    fangsong: str | None = None
    hei: str | None = None
    kai: str | None = None

    def east_asia(self, kind: str, default: str) -> str:
        return getattr(self, kind, None) or default


class PageNumber(NamedTuple):
    format: str = "— {n} —"
    below_text_block: float = 7
    outside_indent_chars: int = 1


class Style(NamedTuple):
    name: str
    page: Page
    faces: Faces
    sizes: Sizes
    grid: Grid | None = None  # GB/T 9704's line and character grid; None sets lines at `spacing`
    spacing: Spacing = Spacing()
    title: TitleStyle = TitleStyle()
    body: BodyStyle = BodyStyle()
    headings: HeadingStyle = HeadingStyle()
    page_number: PageNumber = PageNumber()
    docx: DocxFonts = DocxFonts()
    minutes: Minutes = Minutes()

    def faces_used(self) -> set[str]:
        return set(self.faces)

    @property
    def line_pitch(self) -> float:
        return self.grid.line_pitch if self.grid else self.spacing.line_pitch

    @property
    def lines_per_page(self) -> int:
        if self.grid:
            return self.grid.lines_per_page
        return int(self.page.text_height * MM / self.spacing.line_pitch + 1e-6)

    @property
    def chars_per_line(self) -> int | None:
        """Characters a body line holds on the grid; None without a grid (characters at their own width)."""
        return self.grid.chars_per_line if self.grid else None

    @property
    def caption_size(self) -> float:
        return self.sizes.caption or self.sizes.body


class StyleError(Exception):
    """A preset is missing or malformed; the message names the file."""


def preset_files(name: str, search: Iterable[Path] = ()) -> list[Path]:
    """Every `styles/NAME.yaml` on the search path, most specific (the user's) first."""
    return [f for f in (Path(folder) / "styles" / f"{name}.yaml" for folder in [*search, builtin_templates()])
            if f.is_file()]


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@lru_cache(maxsize=64)
def _read(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise StyleError(f"{path}: 样式文件有误：{exc}") from None
    if not isinstance(data, dict):
        raise StyleError(f"{path}: 样式文件应为映射（键: 值）")
    return data


def _resolve(name: str, search: tuple[Path, ...], seen: tuple[str, ...]) -> dict:
    """A preset's data: the built-in file, overlaid by same-named user files; `extends` names a base."""
    if name in seen:
        raise StyleError(f"样式 `{name}` 的 extends 形成了循环：{' → '.join((*seen, name))}")
    files = preset_files(name, search)
    if not files:
        raise StyleError(f"找不到样式 `{name}`（templates/styles/{name}.yaml）")
    data: dict = {}
    for path in reversed(files):  # built-in first, the user's last so it wins
        data = _merge(data, _read(path))
    base = data.pop("extends", None)
    if base:
        data = _merge(_resolve(str(base), search, (*seen, name)), data)
    data["name"] = name
    return data


@lru_cache(maxsize=1)
def _checker() -> Any:
    """pydantic's validator for `Style`, built once per process (a few ms)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Style)


def load_style(name: str, search: Iterable[Path] = ()) -> Style:
    """The preset `name`: a user file of the same name overrides single values of the built-in one."""
    from pydantic import ValidationError

    search = tuple(Path(p) for p in search)
    data = _resolve(name, search, ())
    where = "、".join(str(p) for p in preset_files(name, search))
    # Every field but `name` is a group of settings; a named tuple would also take a list, in field order.
    for key in Style._fields[1:]:
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            raise StyleError(f"{where}: 样式文件有误：`{key}` 应为映射（键: 值），不能是列表或单个值")
    try:
        return _checker().validate_python(data)
    except ValidationError as exc:
        raise StyleError(f"{where}: 样式文件有误：{exc}") from None
