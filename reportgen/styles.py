"""Style presets: page, grid, faces and sizes as data (templates/styles/NAME.yaml).

A preset says which kind of face (小标宋, 仿宋, 黑体, 楷体, 宋体) each element
uses; `reportgen.fonts` finds a file for each kind. Both writers read the
same preset, so the DOCX and the PDF agree.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .resources import builtin_templates
from .yamlsyntax import explain

FaceKind = Literal["xiaobiaosong", "song", "fangsong", "hei", "kai"]

MM = 72 / 25.4  # points per millimetre

# Ranges: wide enough for any real page and type, narrow enough that a typo (a size in mm, a negative margin)
# is refused with its key instead of drawing an empty or endless document.
Length = Annotated[float, Field(ge=0, le=1000)]        # mm
Extent = Annotated[float, Field(gt=0, le=2000)]        # mm, a page side (A0 is 841 x 1189)
Points = Annotated[float, Field(gt=0, le=300)]         # pt, a type size or a line pitch
Count = Annotated[int, Field(ge=1, le=500)]            # lines on a page, characters on a line
Indent = Annotated[int, Field(ge=0, le=20)]            # characters


class _Preset(BaseModel):
    """A group of preset settings: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(_Preset):
    width: Extent
    height: Extent
    margin_top: Length
    margin_bottom: Length
    margin_left: Length
    margin_right: Length

    @model_validator(mode="after")
    def _margins_inside(self) -> Page:
        if self.margin_left + self.margin_right >= self.width:
            raise ValueError(f"左右页边距 margin_left + margin_right（{self.margin_left + self.margin_right:g} mm）"
                             f"应小于页宽 width（{self.width:g} mm）")
        if self.margin_top + self.margin_bottom >= self.height:
            raise ValueError(f"上下页边距 margin_top + margin_bottom（{self.margin_top + self.margin_bottom:g} mm）"
                             f"应小于页高 height（{self.height:g} mm）")
        return self

    @property
    def text_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def text_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


class Grid(_Preset):
    lines_per_page: Count
    chars_per_line: Count
    line_pitch: Points


class Spacing(_Preset):
    """Line spacing for a preset without a grid (`grid: null`): lines as many as fit, characters at their width."""

    line_pitch: Points = 28.95


class Faces(_Preset):
    title: FaceKind
    body: FaceKind
    heading1: FaceKind
    heading2: FaceKind
    heading3: FaceKind
    heading4: FaceKind
    page_number: FaceKind

    def heading(self, level: int) -> FaceKind:
        kind: FaceKind = getattr(self, f"heading{min(max(level, 1), 4)}")
        return kind


class Sizes(_Preset):
    title: Points
    body: Points
    heading: Points
    page_number: Points
    table: Points = 14        # table cells (4号)
    caption: Points | None = None  # photo and table captions; the body size when unset
    end_block: Points = 14    # 版记: 抄送, 印发机关 and date (4号)
    mark: Points = 30         # the 纪要 mark


class Minutes(_Preset):
    """The 纪要 layout (GB/T 9704 clause 10.3)."""

    mark_top: Length = 35        # mm from the top of the text block to the mark's top edge
    mark_color: Annotated[str, Field(pattern=r"^#?[0-9A-Fa-f]{6}$")] = "#E60000"  # red, as the standard recommends
    thick_rule: Annotated[float, Field(gt=0, le=10)] = 0.35    # mm: first and last rule of the end block
    thin_rule: Annotated[float, Field(gt=0, le=10)] = 0.25     # mm: the rules between


class TitleStyle(_Preset):
    lines_after: Annotated[int, Field(ge=0, le=20)] = 1
    bold: bool = False


class BodyStyle(_Preset):
    first_line_indent_chars: Indent = 2


class HeadingStyle(_Preset):
    first_line_indent_chars: Indent = 0
    bold: bool = False  # a bold weight drawn from the face (news sub-heads); GB/T 9704 headings are not bold


class DocxFonts(_Preset):
    """Font names the DOCX asks for, per face kind: names a Chinese Windows machine has.

    The PDF embeds font files instead; unset kinds use `reportgen.fonts.KINDS`' names.
    """

    latin: Annotated[str, Field(min_length=1)] = "Times New Roman"
    xiaobiaosong: str | None = None
    song: str | None = None
    fangsong: str | None = None
    hei: str | None = None
    kai: str | None = None

    def east_asia(self, kind: str, default: str) -> str:
        return getattr(self, kind, None) or default


class PageNumber(_Preset):
    format: str = "— {n} —"
    below_text_block: Length = 7
    outside_indent_chars: Indent = 1

    @field_validator("format")
    @classmethod
    def _one_number(cls, value: str) -> str:
        if value.count("{n}") != 1 or "{" in value.replace("{n}", "") or "}" in value.replace("{n}", ""):
            raise ValueError(f"页码格式「{value}」应恰好含一个 {{n}}（页码的位置），且不含其他花括号")
        return value


class Style(_Preset):
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
        return {kind for _, kind in self.faces}

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
    """A preset is missing or malformed: the file, a stable code (RG501–RG504) and a message naming the key.

    `asked` is set when the preset missing is the one `load_style` was asked for (not a base it `extends`):
    whoever named it is then the place to blame.
    """

    def __init__(self, file: str | Path, code: str, message: str, *, asked: bool = False, line: int = 0,
                 col: int = 0):
        self.file, self.code, self.message, self.asked = str(file), code, message, asked
        self.line, self.col = line, col
        where = f"{self.file}:{line}:{col}" if line else self.file
        super().__init__(f"{where}: {code} {message}")


def preset_files(name: str, search: Iterable[Path] = ()) -> list[Path]:
    """Every `styles/NAME.yaml` on the search path, most specific (the user's) first."""
    return [f for f in (Path(folder) / "styles" / f"{name}.yaml" for folder in [*search, builtin_templates()])
            if f.is_file()]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` laid over `base`, key by key; neither is changed."""
    out = dict(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _read(path: Path) -> dict[str, Any]:
    """A preset file's data, parsed once per process for as long as the file is unchanged."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise StyleError(path, "RG502", f"无法读取样式文件：{exc.strerror}") from None
    return _parse(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parse(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StyleError(path, "RG502", f"无法读取样式文件：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise StyleError(path, "RG502", "样式文件不是 UTF-8 编码的文本，请用编辑器另存为 UTF-8") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.MarkedYAMLError as exc:
        cause = explain(text, exc)
        raise StyleError(path, "RG502", f"样式文件不是有效的 YAML：{cause.message}", line=cause.line,
                         col=cause.col) from None
    except yaml.YAMLError:
        raise StyleError(path, "RG502", "样式文件不是有效的 YAML") from None
    if not isinstance(data, dict):
        raise StyleError(path, "RG502", "样式文件应为映射（键: 值）")
    return data


def _resolve(name: str, search: tuple[Path, ...], seen: tuple[str, ...]) -> tuple[dict[str, Any], list[Path]]:
    """A preset's data: the built-in file, overlaid by same-named user files; `extends` names a base.

    Also the files it came from, those that win first (the base's after the preset's own).
    """
    files = preset_files(name, search)
    if not files:
        folders = [Path(p) / "styles" for p in [*search, builtin_templates()]]
        known = sorted({f.stem for folder in folders if folder.is_dir() for f in folder.glob("*.yaml")})
        guess = difflib.get_close_matches(name, known, n=2, cutoff=0.5)
        hint = f"；是否应为 {'、'.join(f'`{g}`' for g in guess)}？" if guess else ""
        raise StyleError(f"styles/{name}.yaml", "RG501",
                         f"找不到样式 `{name}`{hint}（可用的样式：{'、'.join(known) or '无'}；"
                         f"查找位置：{'、'.join(map(str, folders))}）", asked=not seen)
    data: dict[str, Any] = {}
    for path in reversed(files):  # built-in first, the user's last so it wins
        data = _merge(data, _read(path))
    base = data.pop("extends", None)
    if base:
        if str(base) in (*seen, name):
            raise StyleError(files[0], "RG504", f"样式的 extends 形成了循环：{' → '.join((*seen, name, str(base)))}")
        base_data, base_files = _resolve(str(base), search, (*seen, name))
        data, files = _merge(base_data, data), files + base_files
    data["name"] = name
    return data, files


def load_style(name: str, search: Iterable[Path] = ()) -> Style:
    """The preset `name`: a user file of the same name overrides single values of the built-in one.

    Checked here, once: every value has a type and a range (`StyleError` RG503 names the key and the file it
    came from); the writers take the result as it is.
    """
    search = tuple(Path(p) for p in search)
    data, files = _resolve(name, search, ())
    try:
        return Style.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        origin = _origin(errors[0]["loc"], files)
        raise StyleError(origin, "RG503", "样式文件有误：" + "；".join(_describe(e) for e in errors)) from None


def _origin(loc: tuple[str | int, ...], files: list[Path]) -> Path:
    """The file that set the value at `loc` (the first that holds its outermost key present), else the
    preset's own most specific file."""
    for path in files:
        node: Any = _read(path)
        found = False
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                break
            node, found = node[part], True
        if found:
            return path
    return files[0]


def _describe(error: Any) -> str:
    """One pydantic error in Chinese, naming its key path (`sizes.body`)."""
    key = ".".join(str(part) for part in error["loc"])
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    shown = f"（现为 {value}）" if isinstance(value, (int, float, str)) else ""
    limits = {"greater_than": ("应大于", "gt"), "greater_than_equal": ("应不小于", "ge"),
              "less_than": ("应小于", "lt"), "less_than_equal": ("应不大于", "le")}
    if kind in limits:
        words, bound = limits[kind]
        return f"`{key}` {words} {ctx[bound]}{shown}"
    texts = {
        "extra_forbidden": f"未知的键 `{key}`（是否拼写有误？）",
        "missing": f"缺少 `{key}`",
        "literal_error": f"`{key}` 应为 {ctx.get('expected', '')} 之一{shown}",
        "model_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "model_attributes_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "dict_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "int_parsing": f"`{key}` 应为整数{shown}", "int_type": f"`{key}` 应为整数{shown}",
        "int_from_float": f"`{key}` 应为整数{shown}",
        "float_parsing": f"`{key}` 应为数字{shown}", "float_type": f"`{key}` 应为数字{shown}",
        "bool_parsing": f"`{key}` 应为 true 或 false{shown}", "bool_type": f"`{key}` 应为 true 或 false{shown}",
        "string_type": f"`{key}` 应为文字{shown}",
        "string_too_short": f"`{key}` 不能为空",
        "string_pattern_mismatch": f"`{key}` 的写法不对{shown}",
    }
    if kind in texts:
        return texts[kind]
    if kind == "value_error":
        return f"`{key}`：{ctx.get('error', error['msg'])}"
    return f"`{key}`：{error['msg']}"
