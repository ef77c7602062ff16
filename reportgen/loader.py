"""Read a YAML input into plain data plus the position of every value.

PyYAML's own constructors lose positions and silently keep the last of two
duplicate keys, so we compose the node graph with the safe loader and build
the values ourselves: every mapping, sequence and scalar is recorded with its
line and column under its YAML path, duplicate keys are errors, only the
standard safe tags are accepted, and alias expansion and nesting are bounded.
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, InputError, Severity

PathKey = tuple[str | int, ...]

MAX_NODES = 100_000  # alias expansion bound: a billion-laughs file stops here
MAX_DEPTH = 64
MAX_BYTES = 16 * 1024 * 1024

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def format_path(path: PathKey) -> str:
    """`sections[2].items[3].title` from ("sections", 2, "items", 3, "title")."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Loaded:
    """The data of one input file and where each value stands in it."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    text: str = ""

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its key), else of its nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def diag(self, path: PathKey, code: str, message: str, *, key: bool = False,
             severity: Severity = Severity.ERROR) -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(self.file, line, col, code, message, format_path(path), severity)


def decode(raw: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM) first, then GB18030 with a warning; never mojibake."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw.count(b"\n", 0, utf8_error.start) + 1
            col = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
            raise InputError([Diagnostic(
                file, line, col, "RG102",
                f"文件不是有效的 UTF-8 或 GB18030 编码：第 {utf8_error.start} 字节"
                f"（0x{raw[utf8_error.start]:02X}）无法解码，请用 UTF-8 另存该文件")]) from None
        return text, [Diagnostic(file, 1, 1, "RG110",
                                 "文件按 GB18030（GBK）编码读取；建议另存为 UTF-8",
                                 severity=Severity.WARNING)]


class _Builder:
    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.errors: list[Diagnostic] = []
        self.count = 0

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def fail(self, node: yaml.Node, path: PathKey, code: str, message: str) -> None:
        line, col = self.at(node)
        self.errors.append(Diagnostic(self.loaded.file, line, col, code, message, format_path(path)))

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError([Diagnostic(
                self.loaded.file, *self.at(node), "RG105",
                f"文件展开后超过 {MAX_NODES} 个值（别名 & / * 引用过多），已停止读取",
                format_path(path))])
        if depth > MAX_DEPTH:
            raise InputError([Diagnostic(
                self.loaded.file, *self.at(node), "RG105",
                f"嵌套超过 {MAX_DEPTH} 层，文件结构不合理", format_path(path))])
        self.loaded.positions.setdefault(path, self.at(node))
        if node.tag not in _SAFE_TAGS:
            self.fail(node, path, "RG104", f"不支持的 YAML 标签 {node.tag!s}，只能使用普通文本、数字、日期、列表和映射")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, path, "RG104", "不支持合并键 <<，请直接写出各项")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "RG106", "映射的键必须是简单文本")
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.fail(key_node, (*path, key), "RG103",
                          f"键 `{key}` 重复出现（第一次在第 {first} 行）；重复的键会丢失数据，请删除或合并其中一个")
                continue
            seen[key] = key_node
            self.loaded.key_positions[(*path, key)] = self.at(key_node)
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        constructor = yaml.SafeLoader.yaml_constructors[node.tag]
        try:
            return constructor(_DUMMY_LOADER, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.fail(node, path, "RG205", f"日期 {node.value} 不存在，请检查年月日")
            else:
                self.fail(node, path, "RG203", f"无法读取的值 {node.value!r}")
            return None


_DUMMY_LOADER = yaml.SafeLoader("")


def load_text(text: str, file: str) -> Loaded:
    loaded = Loaded(file=file, data=None, text=text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "格式错误"
        raise InputError([Diagnostic(file, line, col, "RG101", f"YAML 格式错误：{problem}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(file, 1, 1, "RG101", f"YAML 格式错误：{exc}")]) from None
    except RecursionError:
        raise InputError([Diagnostic(file, 1, 1, "RG105", f"嵌套超过 {MAX_DEPTH} 层，文件结构不合理")]) from None
    if node is None:
        raise InputError([Diagnostic(file, 1, 1, "RG202", "文件是空的，缺少会议内容")])
    builder = _Builder(loaded)
    loaded.data = builder.build(node, ())
    if builder.errors:
        raise InputError(builder.errors)
    if isinstance(loaded.data, dt.datetime):  # pragma: no cover - a bare timestamp document
        loaded.data = loaded.data.date()
    return loaded


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read and parse one input; every failure is an :class:`InputError` with its place."""
    file = display or str(path)
    if path.is_dir():
        raise InputError([Diagnostic(file, 0, 0, "RG001", "这是一个文件夹，不是 YAML 输入文件")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Diagnostic(file, 0, 0, "RG001", "找不到输入文件")]) from None
    except OSError as exc:
        raise InputError([Diagnostic(file, 0, 0, "RG001", f"无法读取输入文件：{exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise InputError([Diagnostic(file, 0, 0, "RG105", f"文件超过 {limit} MB，不像是会议报告输入")])
    text, warnings = decode(raw, file)
    loaded = load_text(text, file)
    loaded.warnings.extend(warnings)
    return loaded
