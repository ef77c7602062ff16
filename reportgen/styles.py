"""Style presets: page, grid, faces and sizes as data (templates/styles/NAME.yaml).

A preset says which kind of face (小标宋, 仿宋, 黑体, 楷体, 宋体) each element
uses; `reportgen.fonts` finds a file for each kind. Both writers read the
same preset, so the DOCX and the PDF agree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .caches import memo
from .resources import builtin_templates

FaceKind = Literal["xiaobiaosong", "song", "fangsong", "hei", "kai"]

MM = 72 / 25.4  # points per millimetre

# Ranges: wide enough for any real page and type, narrow enough that a typo (a size in mm, a negative margin)
# is refused with its key instead of drawing an empty or endless document.
# Numbers are strict: `true` is not 1 and "16" is not 16 (a float field takes an integer).
Length = Annotated[float, Field(ge=0, le=1000, strict=True, allow_inf_nan=False)]  # mm
Extent = Annotated[float, Field(gt=0, le=2000, strict=True, allow_inf_nan=False)]  # mm, a page side (A0: 841 x 1189)
Points = Annotated[float, Field(gt=0, le=300, strict=True, allow_inf_nan=False)]   # pt, a line pitch
Size = Annotated[float, Field(ge=4, le=300, strict=True, allow_inf_nan=False)]     # pt, a type size (八号 is 5)
Count = Annotated[int, Field(ge=1, le=500, strict=True)]            # lines on a page
Indent = Annotated[int, Field(ge=0, le=20, strict=True)]            # characters
Flag = Annotated[bool, Field(strict=True)]
FontName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f{}<>&\"]+$")]

PAGE_WIDTH = ("page.width", "page.margin_left", "page.margin_right")
PAGE_HEIGHT = ("page.height", "page.margin_top", "page.margin_bottom")
# Characters of each size a line of the text block must hold: running text (with its indents, hanging labels
# such as 抄送： and table columns) at least ten, display type (title, headings, the 纪要 mark, page numbers) four.
MIN_CHARS = {"title": 4, "heading": 4, "mark": 4, "page_number": 4}
MIN_TEXT_CHARS = 10
GRID_SQUEEZE = 1.1    # a grid line's characters may be set this much closer than their size (GB/T 9704: 1.013)
GRID_SLACK = 1.01     # the grid's lines may run this much past the text block's height (GB/T 9704: 0.999)


class PresetValueError(ValueError):
    """A cross-field check failed: `keys` are the values that conflict, relative to the model that checks it,
    the one to blame first; the message points at the one the user's own file sets, if any."""

    def __init__(self, keys: str | tuple[str, ...], message: str):
        self.keys = (keys,) if isinstance(keys, str) else keys
        self.message = message
        super().__init__(message)


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
        across, down = self.margin_left + self.margin_right, self.margin_top + self.margin_bottom
        if across >= self.width:
            raise PresetValueError(("margin_right", "margin_left", "width"),
                                   f"左右页边距 margin_left + margin_right（{across:g} mm）"
                                   f"应小于页宽 width（{self.width:g} mm）")
        if down >= self.height:
            raise PresetValueError(("margin_bottom", "margin_top", "height"),
                                   f"上下页边距 margin_top + margin_bottom（{down:g} mm）"
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
    chars_per_line: Annotated[int, Field(ge=MIN_TEXT_CHARS, le=500, strict=True)]
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
    title: Size
    body: Size
    heading: Size
    page_number: Size
    table: Size = 14        # table cells (4号)
    caption: Size | None = None  # photo and table captions; the body size when unset
    end_block: Size = 14    # 版记: 抄送, 印发机关 and date (4号)
    mark: Size = 30         # the 纪要 mark


class Minutes(_Preset):
    """The 纪要 layout (GB/T 9704 clause 10.3)."""

    mark_top: Length = 35        # mm from the top of the text block to the mark's top edge
    mark_color: Annotated[str, Field(pattern=r"^#?[0-9A-Fa-f]{6}$", strict=True)] = "#E60000"  # red, as GB/T 9704
    thick_rule: Annotated[float, Field(gt=0, le=10, strict=True, allow_inf_nan=False)] = 0.35  # mm: end block's
    thin_rule: Annotated[float, Field(gt=0, le=10, strict=True, allow_inf_nan=False)] = 0.25   # first, last; between


class Formal(_Preset):
    """The formal edition's red head and seal (GB/T 9704 §7.2, §7.3.5); the mark's top and red are `minutes`'."""

    mark_max: Size = 62          # pt: the red head's largest size (22 mm letters); smaller when the block needs
    rule_below: Length = 4       # mm from the document number's foot to the red rule
    rule_width: Annotated[float, Field(gt=0, le=10, strict=True, allow_inf_nan=False)] = 0.35  # mm
    seal_diameter: Annotated[float, Field(ge=10, le=80, strict=True, allow_inf_nan=False)] = 42  # mm, as drawn


class TitleStyle(_Preset):
    lines_after: Annotated[int, Field(ge=0, le=20, strict=True)] = 1
    bold: Flag = False


class BodyStyle(_Preset):
    first_line_indent_chars: Indent = 2


class HeadingStyle(_Preset):
    first_line_indent_chars: Indent = 0
    bold: Flag = False  # a bold weight drawn from the face (news sub-heads); GB/T 9704 headings are not bold


class DocxFonts(_Preset):
    """Font names the DOCX asks for, per face kind: names a Chinese Windows machine has.

    The PDF embeds font files instead; unset kinds use `reportgen.fonts.KINDS`' names.
    """

    latin: FontName = "Times New Roman"
    xiaobiaosong: FontName | None = None
    song: FontName | None = None
    fangsong: FontName | None = None
    hei: FontName | None = None
    kai: FontName | None = None

    def east_asia(self, kind: str, default: str) -> str:
        return getattr(self, kind, None) or default


class PageNumber(_Preset):
    format: Annotated[str, Field(max_length=40, pattern=r"^[^\x00-\x1f\x7f]*$", strict=True)] = "— {n} —"
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
    formal: Formal = Formal()

    @model_validator(mode="after")
    def _fits(self) -> Style:
        """What each value may be given the others: the grid, the sizes, indents and the page number fit the page.

        Each failure names the keys in conflict (`PresetValueError.keys`), so the message points at a line.
        """
        page, sizes = self.page, self.sizes
        width, height = page.text_width * MM, page.text_height * MM  # pt
        body = sizes.body
        overlap = "，否则上下两行的字会重叠"
        if self.grid:
            lines, chars, pitch = self.grid.lines_per_page, self.grid.chars_per_line, self.grid.line_pitch
            if pitch < body:
                raise PresetValueError(("grid.line_pitch", "sizes.body"),
                                       f"网格行距 {pitch:g} pt 应不小于正文字号 sizes.body（{body:g} pt）{overlap}")
            if lines * pitch > height * GRID_SLACK:
                raise PresetValueError(("grid.lines_per_page", "grid.line_pitch", *PAGE_HEIGHT),
                                       f"每页 {lines} 行、行距 {pitch:g} pt 共 {lines * pitch / MM:.0f} mm，"
                                       f"超出版心高度 {page.text_height:g} mm")
            if chars * body > width * GRID_SQUEEZE:
                raise PresetValueError(("grid.chars_per_line", "sizes.body", *PAGE_WIDTH),
                                       f"每行 {chars} 字、每字 {body:g} pt 共 {chars * body / MM:.0f} mm，"
                                       f"超出版心宽度 {page.text_width:g} mm")
        else:
            pitch = self.spacing.line_pitch
            if pitch < body:
                raise PresetValueError(("spacing.line_pitch", "sizes.body"),
                                       f"行距 {pitch:g} pt 应不小于正文字号 sizes.body（{body:g} pt）{overlap}")
            if pitch > height:
                raise PresetValueError(("spacing.line_pitch", *PAGE_HEIGHT),
                                       f"行距 {pitch:g} pt 超出版心高度 {page.text_height:g} mm，一页一行也排不下")
        for key, size in sizes:
            least = MIN_CHARS.get(key, MIN_TEXT_CHARS)
            if size is not None and size * least > width:
                raise PresetValueError((f"sizes.{key}", *PAGE_WIDTH),
                                       f"字号 {size:g} pt 太大：版心宽 {page.text_width:g} mm，一行排不下 {least} 个字"
                                       f"（最大 {width / least:.0f} pt）")
        body_chars = self.grid.chars_per_line if self.grid else int(width / body)
        grid_key = "grid.chars_per_line" if self.grid else "sizes.body"
        indents = (("body.first_line_indent_chars", self.body.first_line_indent_chars, body_chars, grid_key),
                   ("headings.first_line_indent_chars", self.headings.first_line_indent_chars,
                    int(width / sizes.heading), "sizes.heading"),
                   ("page_number.outside_indent_chars", self.page_number.outside_indent_chars, body_chars, grid_key))
        for key, indent, room, room_key in indents:
            if indent * 2 > room:
                raise PresetValueError((key, room_key, "sizes.body", *PAGE_WIDTH),
                                       f"缩进 {indent} 字应不超过一行字数（{room} 字）的一半")
        below, number = self.page_number.below_text_block, sizes.page_number / MM
        if below + number > page.margin_bottom:
            raise PresetValueError(("page_number.below_text_block", "sizes.page_number", "page.margin_bottom"),
                                   f"页码在版心下 {below:g} mm、高 {number:.1f} mm，超出下页边距 margin_bottom"
                                   f"（{page.margin_bottom:g} mm），会排到纸外")
        top, mark = self.minutes.mark_top, sizes.mark / MM
        if top + mark > page.text_height / 2:
            raise PresetValueError(("minutes.mark_top", "sizes.mark", *PAGE_HEIGHT),
                                   f"纪要标志在版心上边缘下 {top:g} mm、高 {mark:.1f} mm，"
                                   f"应在版心的上半部（版心高 {page.text_height:g} mm）")
        if self.title.lines_after * 2 >= self.lines_per_page:
            raise PresetValueError(("title.lines_after", "grid.lines_per_page"),
                                   f"标题下空 {self.title.lines_after} 行，"
                                   f"应少于每页行数（{self.lines_per_page} 行）的一半")
        return self

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

    `line` and `col` (1-based, 0 when unknown) point at the key in `file`; `key` is its dotted path
    (`sizes.body`). `asked` is set when the preset missing is the one `load_style` was asked for (not a base
    it `extends`): whoever named it is then the place to blame.
    """

    def __init__(self, file: str | Path, code: str, message: str, *, asked: bool = False, line: int = 0,
                 col: int = 0, key: str = ""):
        self.file, self.code, self.message, self.asked = str(file), code, message, asked
        self.line, self.col, self.key = line, col, key
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


@memo(64, group="files")
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
        from .yamlsyntax import explain  # what went wrong, worked out only when a file does not parse

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
        a_path = any(sep in name for sep in "/\\") or name.endswith((".yaml", ".yml"))
        if a_path:  # `--style 我的样式.yaml`: a preset is named, its file found in a styles/ folder
            stem = Path(name).stem
            hint += ("；这里写样式名，不写文件路径：把样式文件放进 --templates 文件夹"
                     "（或输入文件旁的 templates 文件夹）下的 styles/ 中，"
                     f"再写它不带 .yaml 的文件名，如 `{stem}`")
        raise StyleError(name if a_path else f"styles/{name}.yaml", "RG501",
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

    Checked here, once: every value has a type and a range, and the values fit together (`Style._fits`);
    `StyleError` RG503 names the key, the file that set it and its line. The writers take the result as it is.
    """
    search = tuple(Path(p) for p in search)
    data, files = _resolve(name, search, ())
    try:
        return Style.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        key, origin = _blame(errors[0], files)
        line, col = _position(origin, key)
        raise StyleError(origin, "RG503", "样式文件有误：" + "；".join(_describe(e, files) for e in errors),
                         line=line, col=col, key=".".join(map(str, key))) from None


def _keys(error: Any) -> list[tuple[str | int, ...]]:
    """The full key paths one pydantic error is about, the one to blame first: a cross-field check's own keys."""
    cause = error.get("ctx", {}).get("error")
    loc = tuple(error["loc"])
    if isinstance(cause, PresetValueError):
        # keys of a check on the whole preset are full paths; a group's check (page) names its own keys
        return [(*loc, *key.split(".")) for key in cause.keys]
    return [loc]


def _blame(error: Any, files: list[Path]) -> tuple[tuple[str | int, ...], Path]:
    """The key to point at and the file that set it: of the keys in conflict, the one set by the most specific
    file (the user's before the built-in one), the first one listed when no file sets any."""
    keys = _keys(error)
    for path in files:
        for key in keys:
            if _holds(_read(path), key):
                return key, path
    return keys[0], _origin(keys[0], files)


def _holds(data: Any, key: tuple[str | int, ...]) -> bool:
    for part in key:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return bool(key)


def _origin(loc: tuple[str | int, ...], files: list[Path]) -> Path:
    """The file that set the value at `loc` (the first that holds it, else the first that holds its outermost
    key), else the preset's own most specific file."""
    best: tuple[int, Path] = (0, files[0])
    for path in files:
        node: Any = _read(path)
        depth = 0
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                break
            node, depth = node[part], depth + 1
        if depth == len(loc) and depth:
            return path
        if depth > best[0]:
            best = (depth, path)
    return best[1]


def _position(path: Path, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the deepest key of `loc` present in `path`; (0, 0) if none is."""
    try:
        node: yaml.Node | None = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0, 0
    where = (0, 0)
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                node = value_node
                break
        else:
            break
    return where


def _choices(expected: str) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") as a Chinese list: a、b、c."""
    return "、".join(re.findall(r"'([^']*)'", expected)) or expected


def _describe(error: Any, files: list[Path]) -> str:
    """One pydantic error in Chinese, naming its key path (`sizes.body`)."""
    key = ".".join(str(part) for part in _blame(error, files)[0])
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    shown = f"（现为 {value}）" if isinstance(value, (int, float, str)) else ""
    limits = {"greater_than": ("应大于", "gt"), "greater_than_equal": ("应不小于", "ge"),
              "less_than": ("应小于", "lt"), "less_than_equal": ("应不大于", "le")}
    if kind in limits:
        words, bound = limits[kind]
        limit = ctx[bound]
        return f"`{key}` {words} {limit:g}{shown}" if isinstance(limit, float) else f"`{key}` {words} {limit}{shown}"
    texts = {
        "extra_forbidden": f"未知的键 `{key}`（是否拼写有误？）",
        "missing": f"缺少 `{key}`",
        "literal_error": f"`{key}` 应为 {_choices(ctx.get('expected', ''))} 之一{shown}",
        "model_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "model_attributes_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "dict_type": f"`{key}` 应为映射（键: 值），不能是列表或单个值",
        "int_parsing": f"`{key}` 应为整数{shown}", "int_type": f"`{key}` 应为整数{shown}",
        "int_from_float": f"`{key}` 应为整数{shown}",
        "float_parsing": f"`{key}` 应为数字{shown}", "float_type": f"`{key}` 应为数字{shown}",
        "bool_parsing": f"`{key}` 应为 true 或 false{shown}", "bool_type": f"`{key}` 应为 true 或 false{shown}",
        "string_type": f"`{key}` 应为文字{shown}",
        "string_too_short": f"`{key}` 不能为空",
        "string_pattern_mismatch": f"`{key}` 的写法不对（不能含控制字符等）{shown}",
        "string_too_long": f"`{key}` 太长（最多 {ctx.get('max_length', '')} 个字符）",
        "finite_number": f"`{key}` 应为有限的数字{shown}",
    }
    if kind in texts:
        return texts[kind]
    if kind == "value_error":
        cause = ctx.get("error")
        return f"`{key}`：{cause.message if isinstance(cause, PresetValueError) else cause or error['msg']}"
    return f"`{key}`：{error['msg']}"
