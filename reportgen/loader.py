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
import os
import re
import shlex
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, InputError, Severity
from .recompose import compose

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


@dataclass(frozen=True)
class ScalarSpan:
    """Where a string scalar stands in the source text, and how it is quoted (None, ', ", |, >)."""

    style: str | None
    start: int  # character index of the scalar's first source character (quote or indicator included)
    end: int
    line: int  # 1-based line and column of `start`
    col: int
    end_line: int


@dataclass
class Loaded:
    """The data of one input file and where each value stands in it."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    scalars: dict[PathKey, ScalarSpan] = field(default_factory=dict)
    encoding: str = "utf-8"
    bom: bool = False
    # Problems found while reading that do not stop validation (duplicate keys, bad tags, impossible
    # dates); `broken` holds the paths whose value could not be read, so validation does not report them twice.
    errors: list[Diagnostic] = field(default_factory=list)
    broken: set[PathKey] = field(default_factory=set)
    _offsets: dict[PathKey, list[int]] = field(default_factory=dict, repr=False, compare=False)

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
             severity: Severity = Severity.ERROR, offset: int | None = None) -> Diagnostic:
        """A diagnostic at `path`; with `offset`, at that character inside the string value."""
        line, col = self.where(path, key=key) if offset is None else self.locate(path, offset)
        return Diagnostic(self.file, line, col, code, message, format_path(path), severity)

    def locate(self, path: PathKey, offset: int) -> tuple[int, int]:
        """Line and column of character `offset` of the string at `path`.

        Exact for single-line plain, single- and double-quoted scalars and for
        literal block scalars (`|`); for folded (`>`) and multi-line flow
        scalars it is the line and column where the text starts.
        """
        span = self.scalars.get(tuple(path))
        if span is None:
            return self.where(path)
        if span.style is None and span.line == span.end_line:
            return span.line, span.col + offset
        if span.style in ("'", '"') and span.line == span.end_line:
            key = tuple(path)
            if key not in self._offsets:
                self._offsets[key] = _source_offsets(self.text, span)
            table = self._offsets[key]
            return span.line, span.col + table[min(offset, len(table) - 1)]
        if span.style == "|":
            return _literal_position(self.text, span, offset)
        if span.style == ">":
            return _block_start(self.text, span)
        return span.line, span.col + (1 if span.style in ("'", '"') else 0)


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}


def _source_offsets(text: str, span: ScalarSpan) -> list[int]:
    """For a one-line quoted scalar: how many source characters precede each value character."""
    table = []
    i = span.start + 1  # skip the opening quote
    end = span.end - 1
    while i < end:
        table.append(i - span.start)
        if span.style == "'" and text.startswith("''", i):
            i += 2
        elif span.style == '"' and text[i] == "\\" and i + 1 < end:
            i += _ESCAPE_LENGTH.get(text[i + 1], 2)
        else:
            i += 1
    table.append(i - span.start)
    return table


def _block_start(text: str, span: ScalarSpan) -> tuple[int, int]:
    """First content line of a block scalar and its indentation."""
    lines = text[span.start:span.end].split("\n")
    for number, line in enumerate(lines[1:], start=span.line + 1):
        if line.strip():
            return number, len(line) - len(line.lstrip(" ")) + 1
    return span.line, span.col


def _literal_position(text: str, span: ScalarSpan, offset: int) -> tuple[int, int]:
    """A literal scalar keeps every source line break, so value lines are source lines minus indentation."""
    _first, indent = _block_start(text, span)
    remaining = offset
    for number, source in enumerate(text[span.start:span.end].split("\n")[1:], start=span.line + 1):
        content = source[indent - 1:]
        if remaining <= len(content):
            return number, indent + remaining
        remaining -= len(content) + 1
    return _first, indent


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bool
    warnings: list[Diagnostic]


def _undecodable(raw: bytes, file: str, error: UnicodeDecodeError, encoding: str) -> InputError:
    start = error.start
    line = raw.count(b"\n", 0, start) + 1
    col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return InputError([Diagnostic(
        file, line, col, "RG102",
        f"文件不是有效的 {encoding} 编码：第 {start} 字节（0x{raw[start]:02X}）无法解码，"
        "可能文件已损坏或混用了编码；请用编辑器另存为 UTF-8")])


def decode(raw: bytes, file: str) -> Decoded:
    """UTF-8 (with or without BOM) first, then UTF-16 by its BOM, then GB18030 with a warning; never mojibake.

    A file that is mostly valid UTF-8 with a few bad bytes is damaged UTF-8, not
    GB18030: reading it as GB18030 would turn every Chinese character into
    mojibake, so it is an error at the first bad byte.
    """
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8):]
        try:
            return Decoded(body.decode("utf-8"), "utf-8", True, [])
        except UnicodeDecodeError as exc:
            exc.start += len(codecs.BOM_UTF8)
            raise _undecodable(raw, file, exc, "UTF-8") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _undecodable(raw, file, exc, "UTF-16") from None
        return Decoded(text, "utf-16", True, [Diagnostic(
            file, 1, 1, "RG110", "文件按 UTF-16 编码读取；建议另存为 UTF-8", severity=Severity.WARNING)])
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", False, [])
    except UnicodeDecodeError as utf8_error:
        attempt = raw.decode("utf-8", errors="replace")
        good = sum(1 for ch in attempt if ord(ch) > 0x7F and ch != "\ufffd")
        if good > attempt.count("\ufffd"):
            raise _undecodable(raw, file, utf8_error, "UTF-8") from None
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise _undecodable(raw, file, utf8_error, "UTF-8 或 GB18030") from None
        return Decoded(text, "gb18030", False, [Diagnostic(
            file, 1, 1, "RG110", "文件按 GB18030（GBK）编码读取；建议另存为 UTF-8", severity=Severity.WARNING)])


# Files people give instead of their YAML input, told apart by their first bytes.
_SIGNATURES = (
    (b"%PDF", "PDF 文件"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"), (b"{\\rtf", "RTF"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"), (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"), (b"\x1f\x8b", "gzip 压缩文件"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩文件"), (b"Rar!\x1a\x07", "RAR 压缩文件"), (b"\x7fELF", "程序文件"),
)
_ZIP_KINDS = (("word/", "Word 文件"), ("xl/", "Excel 文件"), ("ppt/", "PowerPoint 文件"),
              ("mimetype", "OpenDocument 文件"))


def not_yaml(raw: bytes) -> str | None:
    """What a file that cannot be a YAML text is (`Word 文件`, `PDF 文件`, `OLE` for old Office files…), else None."""
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        import io
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
        return next((kind for prefix, kind in _ZIP_KINDS if any(n.startswith(prefix) for n in names)), "zip 压缩文件")
    if raw[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"):
        return "图片"
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            return kind
    head = raw[:8192]
    if b"\x00" not in head or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _text_with_nuls(raw):
        return None
    zeros = sorted((head[0::2].count(0), head[1::2].count(0)))
    half = len(head) // 2 or 1
    if zeros[0] < half // 10 and zeros[1] > half * 2 // 5:  # UTF-16 without a BOM: an encoding problem
        return None
    return "二进制文件"


_OTHER_CONTROLS = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text_with_nuls(raw: bytes) -> bool:
    """Text with a few stray NUL bytes (a damaged save, a paste from a terminal): without them it is UTF-8 or
    GB18030 with no other control byte. It is read, and each NUL is then a control character at its line and
    column (RG210), as one written as an escape is; a binary file has NULs throughout and other controls."""
    nuls = raw.count(0)
    if nuls * 16 > len(raw):  # UTF-16 without a BOM, or binary
        return False
    rest = raw.replace(b"\x00", b"")
    if _OTHER_CONTROLS.search(rest):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            rest.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


# A text file under a document's name, with no `key:` line: an article pasted from the web or Word, which
# `reportgen import` turns into an input; a text file of YAML keys under such a name is read as the input it is.
_TEXT_SUFFIXES = (".txt", ".html", ".htm")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)", re.MULTILINE)


def _not_yaml_advice(kind: str, path: Path) -> str:
    suffix = path.suffix.lower()
    convert = f"reportgen import {shlex.quote(path.name)} -o {shlex.quote(path.stem + '.yaml')}"
    if kind in ("Word 文件", "PDF 文件", "文本文件"):
        return (f"这是{' ' if kind[0].isascii() else ''}{kind}，不是 YAML 输入文件："
                f"请先把它转换为输入文件（{convert}），核对后再生成")
    if kind in ("OLE", "RTF"):
        name = {".xls": "Excel 文件", ".ppt": "PowerPoint 文件"}.get(suffix, "旧版 Word 文件（.doc、.wps、.rtf）")
        if name.startswith("旧版 Word"):
            return (f"这是{name}，不是 YAML 输入文件：请先用 Word 或 WPS 另存为 .docx，再转换为输入文件"
                    f"（reportgen import {shlex.quote(path.stem + '.docx')} -o {shlex.quote(path.stem + '.yaml')}）")
        kind = name
    return (f"这是{' ' if kind[0].isascii() else ''}{kind}，不是 YAML 输入文件：输入应是用文本编辑器编写的 .yaml 文件"
            "（运行 reportgen init 可得到一份带说明的输入文件）")


_DASH_ITEM = re.compile(r"^( *)-([^\s\d.\-].*)$")


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
        self.loaded.broken.add(path)

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
        assert isinstance(node, yaml.ScalarNode)  # the only other kind of node
        if node.tag == "tag:yaml.org,2002:str":
            start, end = node.start_mark, node.end_mark
            self.loaded.scalars.setdefault(path, ScalarSpan(
                node.style or None, start.index, end.index, start.line + 1, start.column + 1, end.line + 1))
            if node.style is None and end.line > start.line:
                self.dash_lines(start.line + 1, end.line + 1, path)
        return self.scalar(node, path)

    def dash_lines(self, first: int, last: int, path: PathKey) -> None:
        """`-工会干部` under a list item is read as more of that item's text: a list item missing its space."""
        lines = self.loaded.text.split("\n")
        for number in range(first + 1, min(last, len(lines)) + 1):
            found = _DASH_ITEM.match(lines[number - 1])
            if found:
                self.errors.append(Diagnostic(
                    self.loaded.file, number, found.end(1) + 1, "RG101",
                    f"列表项的短横线后面缺少空格：写成“- {found.group(2)[:12]}”（短横线、一个空格，再写内容），"
                    "否则这一行会接在上一项的文字后面", format_path(path)))
                self.loaded.broken.add(path)

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
                from .cjk.dates import missing_day

                parts = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(node.value))
                why = missing_day(*(int(p) for p in parts.groups())) if parts else None
                self.fail(node, path, "RG205", f"日期 {node.value} 不存在：{why}" if why
                          else f"日期 {node.value} 不存在，请检查年月日")
            else:
                self.fail(node, path, "RG203", f"无法读取的值「{node.value}」")
            return None


_DUMMY_LOADER = yaml.SafeLoader("")


def load_text(text: str, file: str) -> Loaded:
    loaded = Loaded(file=file, data=None, text=text)
    try:
        node = compose(text)  # after a small edit of the last text composed, only the edited value is read
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InputError([Diagnostic(file, line, col, "RG210",
                                     f"不可见的控制字符 U+{ord(char):04X} 不能写入 DOCX/PDF，请删除它")]) from None
    except yaml.MarkedYAMLError as exc:
        from .yamlsyntax import explain  # what went wrong, worked out only when a file does not parse

        cause = explain(text, exc)
        source = text.split("\n")[cause.line - 1] if 0 < cause.line <= text.count("\n") + 1 else ""
        fixable = "“: ”" in cause.message and re.search(r"(?:^|: |- )“[^“”]*: [^“”]*”\s*(#.*)?$",
                                                       source.rstrip("\r"))
        message = cause.message + ("（中文引号包住的整段文字：reportgen check --fix 会把引号改成英文双引号）"
                                   if fixable else "")
        raise InputError([Diagnostic(file, cause.line, cause.col, "RG101", message)]) from None
    except yaml.YAMLError:
        raise InputError([Diagnostic(file, 1, 1, "RG101", "YAML 格式有误，无法读取这个文件")]) from None
    except RecursionError:
        raise InputError([Diagnostic(file, 1, 1, "RG105", f"嵌套超过 {MAX_DEPTH} 层，文件结构不合理")]) from None
    if node is None:
        raise InputError([Diagnostic(file, 1, 1, "RG202", "文件是空的，缺少会议内容")])
    builder = _Builder(loaded)
    loaded.data = builder.build(node, ())
    loaded.errors = builder.errors
    if isinstance(loaded.data, dt.datetime):  # pragma: no cover - a bare timestamp document
        loaded.data = loaded.data.date()
    return loaded


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read and parse one input; every failure is an :class:`InputError` with its place.

    Only a regular file is read (a device such as /dev/zero or a FIFO is refused before a byte is read, a
    FIFO without waiting for a writer), and never more than the size limit and one byte.
    """
    file = display or str(path)
    if path.is_dir():
        raise InputError([Diagnostic(file, 0, 0, "RG001", "这是一个文件夹，不是 YAML 输入文件")])
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError([Diagnostic(file, 0, 0, "RG001", "找不到输入文件")]) from None
    except OSError as exc:
        raise InputError([Diagnostic(file, 0, 0, "RG001", f"无法读取输入文件：{exc.strerror}")]) from None
    with open(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError([Diagnostic(file, 0, 0, "RG001",
                                         "这不是普通文件（是设备、管道或套接字），不是 YAML 输入文件")])
        try:
            raw = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError([Diagnostic(file, 0, 0, "RG001", f"无法读取输入文件：{exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise InputError([Diagnostic(file, 0, 0, "RG105", f"文件超过 {limit} MB，不像是会议报告输入")])
    kind = not_yaml(raw)
    if kind:
        raise InputError([Diagnostic(file, 0, 0, "RG107", _not_yaml_advice(kind, path))])
    decoded = decode(raw, file)
    if path.suffix.lower() in _TEXT_SUFFIXES and not _YAML_KEY.search(decoded.text):
        raise InputError([Diagnostic(file, 0, 0, "RG107", _not_yaml_advice("文本文件", path))])  # a pasted article
    loaded = load_text(decoded.text, file)
    loaded.warnings.extend(decoded.warnings)
    loaded.encoding, loaded.bom = decoded.encoding, decoded.bom
    return loaded
