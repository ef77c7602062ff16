"""Turn loaded YAML into the typed model, reporting every problem at its place.

pydantic does the type checking; this module maps its errors to our stable
codes, Chinese messages and YAML positions, and adds the checks that span
fields (head count against listed attendees).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .diagnostics import Diagnostic, InputError
from .fields import DATE_RANGE, arm_for, child, model_of
from .lint.rules import PLACEHOLDER
from .loader import Loaded, PathKey, format_path
from .model import Report
from .render import CHECK_ERROR, registry

_TYPE_NAMES = {
    "string": "文本", "int": "整数", "date": "日期（如 2024-02-28）", "list": "列表",
    "dict": "映射（键: 值）", "model": "映射（键: 值）", "bool": "是/否",
}


@dataclass
class Validated:
    """The typed report (its `sections` typed too) and the loaded file it came from."""

    report: Report
    loaded: Loaded


def _expected(error_type: str) -> str:
    for key, name in _TYPE_NAMES.items():
        if error_type.startswith(key):
            return name
    return "正确的类型"


def _diagnose(loaded: Loaded, exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    errors = exc.errors(include_url=False)
    # A required key written wrong (`organizer:`) is one problem, at the wrong key: not also "missing".
    missing = {_input_path(loaded.data, err["loc"]) for err in errors if err["type"] == "missing"}
    misspelt: set[PathKey] = set()
    for err in errors:
        key_of_dict = err["loc"][-1:] == ("[key]",)  # a key of a free mapping (`fonts:`) not among the choices
        loc = _input_path(loaded.data, err["loc"][:-1] if key_of_dict else err["loc"])
        path: PathKey = loc
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden" or (key_of_dict and kind == "literal_error"):
            key = str(loc[-1])
            allowed = (re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", ""))) if key_of_dict
                       else _allowed_keys(loaded.data, loc[:-1]))
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"；是否应为 `{guess[0]}`？" if guess else (f"；可用的键：{'、'.join(allowed)}" if allowed else "")
            if guess and (*path[:-1], guess[0]) in missing:
                misspelt.add((*path[:-1], guess[0]))
                hint = f"；应为 `{guess[0]}`（必填项，现在缺少它）"
            out.append(loaded.diag(path, "RG201", f"未知的键 `{key}`{hint}", key=True))
        elif kind == "missing":
            out.append(loaded.diag(path[:-1], "RG202", f"缺少必填项 `{loc[-1]}`"))
        elif isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
            # left for the user to fill in (by `import` or `new`) in a date or a number: not a type error
            out.append(loaded.diag(path, "RG308", f"占位文字「{value.strip()}」还没有填写"))
        elif kind in ("union_tag_not_found", "union_tag_invalid", "model_attributes_type") and _is_section(loc):
            out.append(_section_type_problem(loaded, path, value))
        elif kind == CHECK_ERROR:  # the section's own checks (an image on disk, a table's shape)
            out += [loaded.diag((*path, *sub), code, message) for sub, code, message in err["ctx"]["problems"]]
        elif kind in ("too_short", "string_too_short") and isinstance(value, list | str):
            if isinstance(value, list):
                out.append(loaded.diag(path, "RG204", "列表不能为空，至少需要一项"))
            else:
                out.append(loaded.diag(path, "RG204", "内容不能为空"))
        elif kind == "value_error" and DATE_RANGE in str(err.get("ctx", {}).get("error", "")):
            out.append(loaded.diag(path, "RG205", f"{DATE_RANGE}（DOCX 文件能记下的日期），这里写的是{show(value)}"))
        elif kind.startswith("date") or kind == "datetime_type" or (kind == "value_error" and loc[-1:] == ("date",)):
            out.append(loaded.diag(path, "RG205", date_advice(value)))
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length", "")
            out.append(loaded.diag(path, "RG208", f"文字太长（{len(str(value))} 字），这一项最多 {limit} 字"))
        elif kind == "string_pattern_mismatch":
            message = f"取值{show(value)}无效：只能用字母、数字、-、_ 和汉字，最多 64 个"
            out.append(loaded.diag(path, "RG208", message))
        elif kind == "literal_error":
            expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            out.append(loaded.diag(path, "RG208", f"取值{show(value)}无效，可选：{'、'.join(expected)}"))
        elif kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
            out.append(loaded.diag(path, "RG208", f"取值{show(value)}超出范围（{_bound(kind, err.get('ctx', {}))}）"))
        else:
            message = f"类型不对：应为{_expected(kind)}，实际是{_shown(value)}{_hint(kind, value)}"
            out.append(loaded.diag(path, "RG203", re.sub(r" (?=[；，。）]|$)", "", message)))
    return [d for d in out if not (d.code == "RG202" and any(d.path == format_path(m[:-1]) and
                                                              d.message == f"缺少必填项 `{m[-1]}`" for m in misspelt))]


def _input_path(data: Any, loc: tuple[str | int, ...]) -> PathKey:
    """pydantic's error location as a path in the input: without validator names, nor the `type` that
    pydantic inserts after the index of a section."""
    path: list[str | int] = []
    annotation: Any = Report
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        if annotation is not None and arm_for(annotation, part) is not None:
            annotation = arm_for(annotation, part)
            continue
        annotation = child(annotation, part, data) if annotation is not None else None
        data = _item(data, part)
        path.append(part)
    return tuple(path)


def _item(data: Any, part: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return None


def _is_section(path: PathKey) -> bool:
    return len(path) == 2 and path[0] == "sections" and isinstance(path[1], int)


def _section_type_problem(loaded: Loaded, path: PathKey, raw: Any) -> Diagnostic:
    """A section that is not a mapping, has no `type`, or a `type` no section type registered."""
    if not isinstance(raw, dict):
        return loaded.diag(path, "RG203", "每个部分应为映射，至少包含 `type`")
    types = registry()
    names = "、".join(sorted(types))
    kind = raw.get("type")
    if kind is None:
        return loaded.diag(path, "RG202", f"缺少必填项 `type`（可选：{names}）")
    guess = difflib.get_close_matches(str(kind), list(types), n=1)
    hint = f"；是否应为 `{guess[0]}`？" if guess else ""
    return loaded.diag((*path, "type"), "RG207", f"未知的部分类型{show(kind)}{hint}（可选：{names}）")


def show(value: Any) -> str:
    """A value as the user wrote it (「总结工作」, 2024, 空值), never a Python repr."""
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return f" {value} "
    text = str(value)
    return f"「{text if len(text) <= 40 else text[:39] + '…'}」"


_BOUNDS = {"greater_than": ("应大于", "gt"), "greater_than_equal": ("应不小于", "ge"),
           "less_than": ("应小于", "lt"), "less_than_equal": ("应不大于", "le")}


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    words, key = _BOUNDS[kind]
    return f"{words} {ctx.get(key, '')}"


def _shown(value: Any) -> str:
    """The value for a type error; a mapping made of one line of text says how it became one."""
    if isinstance(value, dict) and len(value) == 1:
        key, inner = next(iter(value.items()))
        if isinstance(inner, str | int | float) and not isinstance(inner, bool):
            quoted = str(key).startswith("“") and str(inner).endswith("”")
            return (f"映射：「{key}: {inner}」中的“: ”（英文冒号加空格）使 YAML 把这行文字读成了“键: 值”，"
                    f"文字在冒号处被分成了两半；请把“: ”改为中文冒号“：”，或给整段文字加上英文双引号"
                    + ("（中文引号不算；reportgen check --fix 会把它们改成英文双引号）" if quoted else ""))
    return show(value)


def _hint(kind: str, value: Any) -> str:
    """How to write what the user wrote as text: a list (`-工会干部`, `现场`), a number (六十八, 68人)."""
    if kind.startswith("list") and isinstance(value, str):
        item = value[1:].strip() if value.startswith("-") else value
        return f"；列表的每一项单独一行，写成“- {item[:20]}”（短横线后加一个空格）"
    if kind.startswith("int") and isinstance(value, str):
        from .cjk.numerals import read_number

        bare = value.strip().rstrip("人名位个")
        number = int(bare) if bare.isascii() and bare.isdigit() else read_number(bare)
        if number is not None:
            return f"；请用阿拉伯数字写成 {number}"
        return "；请用阿拉伯数字写，如 68"
    return ""


_DATE_PARTS = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def date_advice(value: Any) -> str:
    """What is wrong with a date as written, all of it at once: its form (2024-2-30, 2024年2月30日, 2024/02/28)
    and whether that day exists (no 30 February); the form to write is always shown."""
    parts = _DATE_PARTS.match(str(value)) if isinstance(value, str) else None
    if parts is None:
        return f"不是有效的日期：{show(value)}，请写成 2024-02-28 的形式（年四位，月、日各两位，用短横线连接）"
    year, month, day = (int(p) for p in parts.groups())
    written = f"{year:04d}-{month:02d}-{day:02d}"
    from .cjk.dates import missing_day

    missing = missing_day(year, month, day)
    if missing:
        return (f"日期{show(value)}有两处问题：写法应是 {written} 这样的形式（月、日各两位，用短横线连接）；"
                f"而且这一天不存在：{missing}，请核对日期")
    return f"日期{show(value)}的写法不对，应写成 {written}（月、日各两位，用短横线连接）"


def _allowed_keys(data: Any, path: PathKey) -> list[str]:
    """The field names valid at `path` of the input, for did-you-mean suggestions."""
    annotation: Any = Report
    for part in path:
        annotation = child(annotation, part, data)
        data = _item(data, part)
        if annotation is None:
            return []
    model = model_of(annotation) or model_of(arm_for(annotation, data.get("type")) if isinstance(data, dict) else None)
    return list(model.model_fields) if model else []


def validate(loaded: Loaded) -> Validated:
    """The typed report, or an :class:`InputError` listing every problem found (reading problems included)."""
    problems, report = _validate(loaded)
    if problems or loaded.errors or report is None:
        raise InputError(loaded.errors + problems)
    return Validated(report, loaded)


def _validate(loaded: Loaded) -> tuple[list[Diagnostic], Report | None]:
    """Every problem, and the report if there is none. The model is validated once, sections included;
    each section type's own check runs as part of it."""
    problems: list[Diagnostic] = []
    report = None
    data = loaded.data
    if not isinstance(data, dict):
        return [loaded.diag((), "RG203", "文件顶层应为映射（meeting:、sections: 等键）")], None
    try:
        report = Report.model_validate(data, context={"folder": input_folder(loaded)})
    except ValidationError as exc:
        problems += _diagnose(loaded, exc)
    problems += _control_characters(loaded)
    problems += _check_attendance(loaded)
    if report is not None:
        problems += _check_fonts(loaded)
    return [p for p in problems if not _under_broken(loaded, p)], report


def input_fonts(loaded: Loaded) -> dict[str, Path]:
    """The validated input's `fonts:`: a font file for each kind named, relative to the input's folder."""
    given = loaded.data.get("fonts") if isinstance(loaded.data, dict) else None
    if not isinstance(given, dict):
        return {}
    return {str(kind): input_folder(loaded) / Path(file.strip()).expanduser()
            for kind, file in given.items() if isinstance(file, str) and file.strip()}


def _check_fonts(loaded: Loaded) -> list[Diagnostic]:
    """Each font file of `fonts:` is there and usable by the PDF writer (RG602, RG603), at its line."""
    from .fonts import FontNotFound, resolve

    out = []
    for kind, path in input_fonts(loaded).items():
        try:
            resolve(kind, {kind: path})
        except FontNotFound as exc:
            code, _, message = str(exc).partition(" ")
            out.append(loaded.diag(("fonts", kind), code, message))
    return out


def input_folder(loaded: Loaded) -> Path:
    """The folder of the input file: relative paths in it (photos) are relative to this."""
    return Path(loaded.file).parent


def _under_broken(loaded: Loaded, diag: Diagnostic) -> bool:
    """A validation complaint about a value the loader already reported as unreadable."""
    return any(diag.path == format_path(b) or diag.path.startswith(format_path(b) + ".")
               or diag.path.startswith(format_path(b) + "[") for b in loaded.broken if b)


# Characters XML 1.0 (DOCX) cannot hold and PDF text cannot show: controls (tab and line breaks aside),
# surrogates, non-characters.
_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"


def _control_characters(loaded: Loaded) -> list[Diagnostic]:
    """Control characters (written as escapes like "\\x07" in double quotes) are errors at their place."""
    from .lint import MAX_PER_TEXT, iter_strings

    out = []
    for path, text in iter_strings(loaded.data):
        found = [m.start() for m in re.finditer(_FORBIDDEN, text)]
        if len(found) > MAX_PER_TEXT:
            out.append(loaded.diag(path, "RG210", f"这段文字中共有 {len(found)} 个控制字符，只列出前 {MAX_PER_TEXT} 个",
                                   offset=found[0]))
        out += [loaded.diag(path, "RG210", f"不可见的控制字符 U+{ord(text[i]):04X} 不能写入 DOCX/PDF，请删除它",
                            offset=i) for i in found[:MAX_PER_TEXT]]
    return out


def _check_attendance(loaded: Loaded) -> list[Diagnostic]:
    """A declared head count below the number of people listed by name (read from the raw data,
    so it is reported even when other parts of the file have errors)."""
    meeting = loaded.data.get("meeting")
    attendees = meeting.get("attendees") if isinstance(meeting, dict) else None
    if not isinstance(attendees, dict):
        return []
    count, people = attendees.get("count"), attendees.get("people")
    if isinstance(count, int) and not isinstance(count, bool) and count > 0 and isinstance(people, list) \
            and count < len(people):
        return [loaded.diag(("meeting", "attendees", "count"), "RG206",
                            f"参会人数 {count} 少于列出的参会人员 {len(people)} 人，请核对")]
    return []
