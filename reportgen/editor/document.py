"""The editor's operations as edits of the YAML text, keeping the user's comments, order and quoting.

A value changed in the form is replaced where it stands in the source (as `check --fix` does), in the quoting
the file used for it; adding, removing and moving items, and changing a section's type, go through the ruamel
round trip that reproduces the rest of the file as it was. Every result is read back before it is accepted.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from ..caches import memo
from ..diagnostics import InputError
from ..loader import Loaded, PathKey, load_text

HISTORY = 200  # undo steps kept per tab
_PLAIN_TOKEN = re.compile(r"[^\s#,\[\]{}]+")
_RAW = re.compile(r"^-?[0-9]{1,6}(-[0-9]{1,2}){0,2}$")  # a number or a date, written as typed (2024-02-30 too)


class EditRefused(Exception):
    """An operation that cannot be applied to the text as it is (message in Chinese, for the page)."""


def _plain_ok(value: str) -> bool:
    """Whether `value` reads back as itself written without quotes after `key: `."""
    if not value or value != value.strip() or "\n" in value or "#" in value or ": " in value:
        return False
    try:
        return bool(yaml.safe_load(f"k: {value}\n") == {"k": value})
    except yaml.YAMLError:
        return False


def scalar_source(value: Any, style: str | None) -> str:
    """`value` as YAML source for one scalar: in the style it had (plain or quoted) where it still reads back."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if style in (None, "") and _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _span(loaded: Loaded, path: PathKey) -> tuple[int, int, str | None] | None:
    """Where the scalar at `path` stands in the source (start, end, quoting), if it is a single-line scalar."""
    span = loaded.scalars.get(path)
    if span is not None:
        if span.style in ("|", ">") or span.end_line != span.line:
            return None
        return span.start, span.end, span.style
    if path not in loaded.positions:
        return None
    try:
        current = _value_at(loaded.data, path)
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(current, dict | list):
        return None
    line, col = loaded.positions[path]
    starts = [0, *(m.end() for m in re.finditer("\n", loaded.text))]
    at = starts[line - 1] + col - 1
    token = _PLAIN_TOKEN.match(loaded.text, at)
    if token is None or (current is None and not _RAW.match(token[0])):  # an empty value: no token to replace
        return None
    return at, token.end(), None


def set_value(text: str, path: PathKey, value: Any, *, raw: bool = False, file: str = "编辑中的文件") -> str:
    """`text` with the value at `path` replaced by `value` (a string; with `raw`, a number or date is written
    as typed, unquoted, so that an impossible date is reported as one)."""
    loaded = _load(text, file)
    found = _span(loaded, path)
    if raw and isinstance(value, str) and _RAW.match(value.strip()):
        value_src: str | None = value.strip()
    else:
        value_src = None
    if found is not None:
        start, end, style = found
        source = value_src if value_src is not None else scalar_source(value, style)
        candidate = text[:start] + source + text[end:]
        try:
            again = parse(candidate, loaded.file)
            if value_src is not None or _value_at(again.data, path) == value:
                return candidate
        except (InputError, KeyError, IndexError, TypeError):
            pass
        if value_src is None:
            candidate = text[:start] + json.dumps(str(value), ensure_ascii=False) + text[end:]
            return candidate
    return structural(text, lambda doc: _assign(doc, path, _typed(value_src) if value_src else value))


def _typed(source: str) -> Any:
    loaded = yaml.safe_load(f"k: {source}\n")
    return loaded["k"] if isinstance(loaded, dict) else source


def _assign(doc: Any, path: PathKey, value: Any) -> None:
    parent = doc
    for k, part in enumerate(path[:-1]):
        nxt = path[k + 1]
        if isinstance(parent, dict) and part not in parent:
            parent[part] = [] if isinstance(nxt, int) else _new_map()
        parent = parent[part]
    last = path[-1]
    if isinstance(parent, list) and isinstance(last, int) and last == len(parent):
        parent.append(value)
    else:
        parent[last] = value


def _new_map() -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


@memo(8)
def _parsed(text: str, file: str) -> Loaded | InputError:
    try:
        return load_text(text, file)
    except InputError as exc:
        return exc


def parse(text: str, file: str) -> Loaded:
    """`load_text`, remembered for the last few texts (an edit's text is read back, then previewed): a fresh
    copy each time, since a build adds its warnings to what it is given."""
    found = _parsed(text, file)
    if isinstance(found, InputError):
        raise found
    return replace(found, warnings=list(found.warnings), errors=list(found.errors))


def _load(text: str, file: str = "编辑中的文件") -> Loaded:
    try:
        return parse(text, file)
    except InputError:
        raise EditRefused("YAML 有格式错误，先在 YAML 视图里改正它，才能用表单修改") from None


def _round_trip(text: str) -> tuple[Any, Any]:
    from ..lint.fix import editable

    try:
        return editable(text)
    except Exception:
        raise EditRefused("YAML 有格式错误，先在 YAML 视图里改正它，才能用表单修改") from None


def structural(text: str, change: Any) -> str:
    """`text` after `change(document)` on its ruamel round-trip document; comments and order kept."""
    _load(text)
    rt, doc = _round_trip(text)
    change(doc)
    out = io.StringIO()
    rt.dump(doc, out)
    result = out.getvalue()
    _load(result)
    return result


def _container(doc: Any, path: PathKey) -> Any:
    target = doc
    for part in path:
        target = target[part]
    return target


def insert(text: str, path: PathKey, index: int, value: Any) -> str:
    """A new item at `index` of the list at `path` (made if missing)."""
    def change(doc: Any) -> None:
        try:
            seq = _container(doc, path)
        except (KeyError, IndexError):
            _assign(doc, path, [])
            seq = _container(doc, path)
        if not isinstance(seq, list):
            raise EditRefused("这里不是列表，不能添加")
        seq.insert(max(0, min(index, len(seq))), value)
    return structural(text, change)


def delete(text: str, path: PathKey) -> str:
    """The item or key at `path` removed."""
    def change(doc: Any) -> None:
        parent = _container(doc, path[:-1])
        del parent[path[-1]]
    return structural(text, change)


def move(text: str, path: PathKey, source: int, target: int) -> str:
    """The item at `source` of the list at `path` moved to `target`."""
    def change(doc: Any) -> None:
        seq = _container(doc, path)
        if not (0 <= source < len(seq) and 0 <= target < len(seq)):
            raise EditRefused("无法移动到那里")
        item = seq.pop(source)
        seq.insert(target, item)
    return structural(text, change)


def _prose_of(section: Any) -> list[str]:
    """The paragraphs a section holds, in order (what survives a change of its type)."""
    out: list[str] = []
    for key in ("overview", "intro", "paragraphs"):
        out += [str(p) for p in section.get(key) or [] if isinstance(p, str)]
    for item in section.get("units") or section.get("items") or []:
        if isinstance(item, dict):
            out += [str(p) for p in item.get("paragraphs") or [] if isinstance(p, str)]
            for part in item.get("content") or []:  # an attachment's
                if isinstance(part, dict):
                    out += _prose_of(part)
    return out


def _is_name(text: str) -> bool:
    """A line that names a unit rather than tells what it did: short, no sentence in it."""
    return len(text) <= 24 and not any(mark in text for mark in "。；，：！？,;")


def retype(text: str, index: int, new_type: str, examples: Sequence[Any] = (),
           within: PathKey = ("sections",)) -> str:
    """Section `index` made a section of `new_type`, its heading and paragraphs carried over: an import that
    took a unit's report for plain paragraphs is put right in one step (paragraphs made an attachment become
    its content, under the heading as its title). A type that holds no paragraphs (a photo, a table, the lead)
    starts as a new section of it would. `within` is the list the section is in: an attachment's content is
    retyped alike."""
    def change(doc: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        parts = _container(doc, within)
        if not isinstance(parts, list) or not 0 <= index < len(parts) or not isinstance(parts[index], dict):
            raise EditRefused("这里没有可以改变类型的部分")
        old = parts[index]
        paragraphs = _prose_of(old)
        heading = old.get("heading")
        new = CommentedMap(type=new_type)
        body = CommentedSeq(paragraphs or ["待填写：段落"])
        if new_type == "unit_reports":
            new["heading"] = heading or "待填写：标题"
            name = "待填写：单位名称"
            if len(paragraphs) > 1 and _is_name(paragraphs[0]):  # an import's run: the unit's name on a line
                name, body = paragraphs[0], CommentedSeq(paragraphs[1:])
            new["units"] = CommentedSeq([CommentedMap(name=name, paragraphs=body)])
        elif new_type == "requirements":
            new["speaker"] = "待填写：讲话人"
            if heading:
                new["heading"] = heading
            new["items"] = CommentedSeq([CommentedMap(title="待填写：要求的标题", paragraphs=body)])
        elif new_type in ("paragraphs", "closing"):
            if heading and new_type == "paragraphs":
                new["heading"] = heading
            new["paragraphs"] = body
        elif new_type == "attachments":
            content = CommentedMap(type="paragraphs", paragraphs=body)
            new["items"] = CommentedSeq([CommentedMap(title=heading or "待填写：附件名称",
                                                      content=CommentedSeq([content]))])
        else:
            new = section_template(new_type, examples)
        parts[index] = new
    return structural(text, change)


def plain_data(value: Any) -> Any:
    """The loaded data as JSON can carry it (dates as YYYY-MM-DD)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def path_key(parts: Any) -> PathKey:
    """A path from the page (JSON: strings and integers) as the loader's path key."""
    if not isinstance(parts, list | tuple) or not all(isinstance(p, str | int) and not isinstance(p, bool)
                                                      for p in parts):
        raise EditRefused("路径无效")
    return tuple(parts)


@dataclass
class Buffer:
    """One tab's text: its undo history, and the revision of the file on disk it was last in step with."""

    text: str
    disk_rev: int
    version: int = 0
    history: list[str] = field(default_factory=list)
    group: str | None = None  # the field typed in by the last change: typing on in it is the same undo step

    def change(self, text: str, group: str | None = None) -> bool:
        if text == self.text:
            return False
        if group is None or group != self.group or not self.history:
            self.history.append(self.text)
            del self.history[:-HISTORY]
        self.group = group
        self.text = text
        self.version += 1
        return True

    def undo(self) -> bool:
        if not self.history:
            return False
        self.text = self.history.pop()
        self.group = None
        self.version += 1
        return True


BLANK_SECTIONS: dict[str, Any] = {  # a new section of each type: what to fill in, never another report's text
    "lead": {"type": "lead"},
    "unit_reports": {"type": "unit_reports", "heading": "待填写：标题",
                     "units": [{"name": "待填写：单位名称", "paragraphs": ["待填写：单位的汇报"]}]},
    "requirements": {"type": "requirements", "speaker": "待填写：讲话人",
                     "items": [{"title": "待填写：要求的标题", "paragraphs": ["待填写：段落"]}]},
    "paragraphs": {"type": "paragraphs", "paragraphs": ["待填写：段落"]},
    "closing": {"type": "closing", "paragraphs": ["待填写：结尾的段落"]},
    "table": {"type": "table", "caption": "待填写：表题", "columns": ["待填写：列名", "待填写：列名"],
              "rows": [["", ""]]},
    "image": {"type": "image", "path": "", "caption": ""},
    "attachments": {"type": "attachments", "items": [{"title": "待填写：附件名称", "content": [
        {"type": "paragraphs", "paragraphs": ["待填写：附件的内容"]}]}]},
}


def section_template(new_type: str, examples: Sequence[Any]) -> Any:
    """A new section of `new_type`: its blank (placeholders `check` points at), else, for a type added since, the
    first one of that type in `examples` (the starter's and the bundled inputs' sections), else just its type;
    validation then says what it still needs."""
    if new_type in BLANK_SECTIONS:
        return copy.deepcopy(BLANK_SECTIONS[new_type])
    for section in examples:
        if isinstance(section, dict) and section.get("type") == new_type:
            return copy.deepcopy(section)
    return {"type": new_type}


def column(text: str, path: PathKey, index: int, add: bool) -> str:
    """The table at `path` with a column added at `index` (an empty cell in every row) or removed (its cell in
    every row, and its width if widths are given): the rows stay as wide as the header."""
    def change(doc: Any) -> None:
        table = _container(doc, path)
        columns, rows = table.get("columns"), table.get("rows") or []
        if not isinstance(columns, list) or not all(isinstance(r, list) for r in rows):
            raise EditRefused("这里不是表格")
        if not (0 <= index <= len(columns) - (0 if add else 1)):
            raise EditRefused("没有这一列")
        widths = table.get("widths")
        if add:
            columns.insert(index, "待填写：列名")
            for row in rows:
                row.insert(min(index, len(row)), "")
            if isinstance(widths, list) and widths:
                widths.insert(index, round(sum(widths) / len(widths), 1))
        else:
            del columns[index]
            for row in rows:
                if index < len(row):
                    del row[index]
            if isinstance(widths, list) and index < len(widths):
                del widths[index]
    return structural(text, change)


def move_column(text: str, path: PathKey, source: int, target: int) -> str:
    """The table at `path` with its column `source` moved to `target`: the header, every row's cell and the
    width together."""
    def change(doc: Any) -> None:
        table = _container(doc, path)
        columns = table.get("columns")
        if not isinstance(columns, list) or not (0 <= source < len(columns) and 0 <= target < len(columns)):
            raise EditRefused("无法移动到那里")
        widths = table.get("widths")
        for seq in [columns, *(table.get("rows") or []), *([widths] if isinstance(widths, list) else [])]:
            if isinstance(seq, list) and source < len(seq) and target < len(seq):
                seq.insert(target, seq.pop(source))
    return structural(text, change)
