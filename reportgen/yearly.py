"""Next year's input from this year's: `reportgen new --from OLD --year YEAR -o NEW`.

Years move on (meeting held in YEAR+1, reporting on YEAR, planning YEAR+1);
structure, unit names, people and preset stay; every text that must be written
afresh becomes a visible placeholder `待填写：…` with last year's text kept
beside it as a YAML comment. `reportgen check` reports placeholders left over.
The file is edited as a round-trip YAML document so comments and order survive.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .diagnostics import Diagnostic, InputError
from .lint.fix import keep_style, round_trip
from .lint.rules import PLACEHOLDER as PLACEHOLDER_WORD

PLACEHOLDER = f"{PLACEHOLDER_WORD}："  # the lint reports every one left (RG308)

# Per section type: the keys whose texts are written afresh every year (lists or single texts).
_REWRITE = {
    "unit_reports": ("overview",),
    "requirements": ("intro",),
    "paragraphs": ("paragraphs",),
    "closing": ("paragraphs",),
}
_YEAR = re.compile(r"(?<!\d)(1[9]\d\d|2\d\d\d)(?!\d)")


def shift_years(text: str, old: int, new: int) -> str:
    """Move the reporting year and the planning year on: 2023→2024 and 2024→2025 for new=2024."""
    delta = new - old

    def move(match: re.Match[str]) -> str:
        year = int(match.group(1))
        return str(year + delta) if year in (old, old + 1) else match.group(1)

    return _YEAR.sub(move, text)


def _yaml(text: str) -> tuple[YAML, Any]:
    """The document and a dumper that reproduces the file's own layout where it can (as `check --fix` does),
    else the layout of our examples."""
    trip = round_trip(text)
    if trip is not None:
        return trip
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml, yaml.load(text)


def _comment_lines(text: str) -> str:
    return "去年：" + " ".join(text.split())


def _placeholder(hint: str) -> str:
    return f"{PLACEHOLDER}{hint}"


def _rewrite_list(seq: CommentedSeq, hint: str, indent: int) -> None:
    for i, old in enumerate(list(seq)):
        seq[i] = _placeholder(hint)
        seq.yaml_set_comment_before_after_key(i, before=_comment_lines(str(old)), indent=indent)


def next_year(source: Path, year: int) -> str:
    """The text of next year's input built from `source`, reporting on `year`."""
    try:
        yaml, data = _yaml(source.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError([Diagnostic(str(source), 0, 0, "RG001", f"无法读取输入文件：{exc.strerror}")]) from None
    except (YAMLError, ValueError) as exc:
        raise InputError([Diagnostic(str(source), 1, 1, "RG101", f"YAML 格式错误：{exc}")]) from None
    meeting = data.get("meeting") if isinstance(data, dict) else None
    if not isinstance(meeting, dict) or not isinstance(meeting.get("year"), int):
        raise InputError([Diagnostic(str(source), 1, 1, "RG202", "缺少 meeting.year（总结的年度），无法推算下一年")])
    old = int(meeting["year"])
    _placeholders(data, year)
    _shift_tree(data, old, year)
    meeting["year"] = year
    date = meeting.get("date")
    if isinstance(date, dt.date):
        try:
            meeting["date"] = date.replace(year=date.year + year - old)
        except ValueError:  # 29 February
            meeting["date"] = date.replace(year=date.year + year - old, day=28)
        meeting.yaml_add_eol_comment("请核对开会日期", "date")
    attendees = meeting.get("attendees")
    if isinstance(attendees, dict) and "count" in attendees:
        attendees.yaml_add_eol_comment(f"去年 {attendees['count']} 人，请核对", "count")
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _placeholders(data: CommentedMap, year: int) -> None:
    """Replace this year's texts by placeholders, last year's text kept as a comment above each."""
    for section in data.get("sections") or []:
        if not isinstance(section, dict):
            continue
        kind = section.get("type")
        for key in _REWRITE.get(kind, ()):
            if isinstance(section.get(key), list):
                _rewrite_list(section[key], key_hint(kind, key, year), indent=6)
        if kind == "unit_reports":
            for unit in section.get("units") or []:
                if isinstance(unit, dict) and isinstance(unit.get("paragraphs"), list):
                    _rewrite_list(unit["paragraphs"], f"{unit.get('name', '')}{year}年工作情况", indent=10)
        if kind == "requirements":
            items = section.get("items") or []
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    if isinstance(item.get("title"), str):
                        items.yaml_set_comment_before_after_key(i, before=_comment_lines(item["title"]), indent=6)
                        item["title"] = _placeholder("要求的标题")
                    if isinstance(item.get("paragraphs"), list):
                        _rewrite_list(item["paragraphs"], "要求的内容", indent=10)


def key_hint(kind: str, key: str, year: int) -> str:
    hints = {
        ("unit_reports", "overview"): f"{year}年工作情况概述",
        ("requirements", "intro"): "讲话要点（以“……提出：”结尾）",
        ("paragraphs", "paragraphs"): "段落内容",
        ("closing", "paragraphs"): "结尾段落",
    }
    return hints.get((kind, key), "内容")


def _shift_tree(node: Any, old: int, new: int) -> None:
    """Shift years inside every text of the tree, in place (comments and placeholders untouched)."""
    entries = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(entries):
        if isinstance(value, str):
            if not value.startswith(PLACEHOLDER):
                node[key] = keep_style(value, shift_years(value, old, new))
        else:
            _shift_tree(value, old, new)
