"""Turn loaded YAML into the typed model, reporting every problem at its place.

pydantic does the type checking; this module maps its errors to our stable
codes, Chinese messages and YAML positions, and adds the checks that span
fields (head count against listed attendees).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, InputError
from .loader import Loaded, PathKey
from .model import Report
from .render import registry

_TYPE_NAMES = {
    "string": "文本", "int": "整数", "date": "日期（如 2024-02-28）", "list": "列表",
    "dict": "映射（键: 值）", "model": "映射（键: 值）", "bool": "是/否",
}


@dataclass
class Validated:
    report: Report
    sections: list[BaseModel]
    loaded: Loaded


def _expected(error_type: str) -> str:
    for key, name in _TYPE_NAMES.items():
        if error_type.startswith(key):
            return name
    return "正确的类型"


def _diagnose(loaded: Loaded, model: type[BaseModel], base: PathKey, exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path: PathKey = (*base, *loc)
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = _allowed_keys(model, loc[:-1])
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"；是否应为 `{guess[0]}`？" if guess else (f"；可用的键：{'、'.join(allowed)}" if allowed else "")
            out.append(loaded.diag(path, "RG201", f"未知的键 `{key}`{hint}", key=True))
        elif kind == "missing":
            out.append(loaded.diag(path[:-1], "RG202", f"缺少必填项 `{loc[-1]}`"))
        elif kind == "too_short" and isinstance(value, list | str):
            if isinstance(value, list):
                out.append(loaded.diag(path, "RG204", "列表不能为空，至少需要一项"))
            else:
                out.append(loaded.diag(path, "RG204", "内容不能为空"))
        elif kind.startswith("date") or kind == "datetime_type":
            out.append(loaded.diag(path, "RG205", f"不是有效的日期：{value!r}，请写成 2024-02-28 的形式"))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            out.append(loaded.diag(path, "RG208", f"取值 {value!r} 无效，可选：{expected}"))
        elif kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
            out.append(loaded.diag(path, "RG208", f"取值 {value!r} 超出范围（{err['msg']}）"))
        else:
            out.append(loaded.diag(path, "RG203", f"类型不对：应为{_expected(kind)}，实际是 {_show(value)}"))
    return out


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names valid at `loc` inside `model`, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    metadata_origin = getattr(annotation, "__origin__", None)
    if metadata_origin is not None and metadata_origin is not list:
        return _inner_model(metadata_origin)
    return None


def validate(loaded: Loaded) -> Validated:
    """The typed report, or an :class:`InputError` listing every problem found."""
    problems: list[Diagnostic] = []
    data = loaded.data
    if not isinstance(data, dict):
        raise InputError([loaded.diag((), "RG203", "文件顶层应为映射（meeting:、sections: 等键）")])
    report: Report | None = None
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        problems += _diagnose(loaded, Report, (), exc)

    sections: list[BaseModel] = []
    types = registry()
    raw_sections = data.get("sections")
    for i, raw in enumerate(raw_sections if isinstance(raw_sections, list) else []):
        path: PathKey = ("sections", i)
        if not isinstance(raw, dict):
            problems.append(loaded.diag(path, "RG203", "每个部分应为映射，至少包含 `type`"))
            continue
        kind = raw.get("type")
        if kind not in types:
            names = "、".join(sorted(types))
            if kind is None:
                problems.append(loaded.diag(path, "RG202", f"缺少必填项 `type`（可选：{names}）"))
            else:
                guess = difflib.get_close_matches(str(kind), list(types), n=1)
                hint = f"；是否应为 `{guess[0]}`？" if guess else ""
                message = f"未知的部分类型 `{kind}`{hint}（可选：{names}）"
                problems.append(loaded.diag((*path, "type"), "RG207", message))
            continue
        model = types[kind].model
        try:
            sections.append(model.model_validate(raw))
        except ValidationError as exc:
            problems += _diagnose(loaded, model, path, exc)

    if report is not None:
        problems += _check_attendance(loaded, report)
    if problems:
        raise InputError(problems)
    assert report is not None
    return Validated(report, sections, loaded)


def _check_attendance(loaded: Loaded, report: Report) -> list[Diagnostic]:
    attendees = report.meeting.attendees
    if attendees.count is not None and attendees.count < len(attendees.people):
        return [loaded.diag(("meeting", "attendees", "count"), "RG206",
                            f"参会人数 {attendees.count} 少于列出的参会人员 {len(attendees.people)} 人，请核对")]
    return []
