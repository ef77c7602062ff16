"""Next year's input from this year's: `reportgen new --from OLD --year YEAR -o NEW`.

Years move on (meeting held in YEAR+1, reporting on YEAR, planning YEAR+1);
structure, unit names, people and preset stay; every text that must be written
afresh becomes a visible placeholder `待填写：…` with last year's text kept
beside it as a YAML comment. Which texts those are each section type declares
(`rollover` where it registers, `reportgen.render`); this module knows no section
type. `reportgen check` reports placeholders left over. The file is edited as
a round-trip YAML document so comments and order survive.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .diagnostics import Diagnostic, InputError
from .fields import texts
from .lint.fix import editable, keep_style
from .lint.rules import PLACEHOLDER as PLACEHOLDER_WORD
from .loader import decode, load_text
from .model import Report
from .render import registry

PLACEHOLDER = f"{PLACEHOLDER_WORD}："  # the lint reports every one left (RG308)

_YEAR = re.compile(r"(?<!\d)(1[9]\d\d|2\d\d\d)(?!\d)")


def shift_years(text: str, old: int, new: int) -> str:
    """Move the reporting year and the planning year on: 2023→2024 and 2024→2025 for new=2024."""
    delta = new - old

    def move(match: re.Match[str]) -> str:
        year = int(match.group(1))
        return str(year + delta) if year in (old, old + 1) else match.group(1)

    return _YEAR.sub(move, text)


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
        text = decode(source.read_bytes(), str(source)).text
    except OSError as exc:
        raise InputError([Diagnostic(str(source), 0, 0, "RG001", f"无法读取输入文件：{exc.strerror}")]) from None
    try:
        yaml, data = editable(text, width=4096)
    except (YAMLError, ValueError):
        load_text(text, str(source))  # the located cause, in Chinese
        raise InputError([Diagnostic(str(source), 1, 1, "RG101", "YAML 格式有误，无法读取这个文件")]) from None
    meeting = data.get("meeting") if isinstance(data, CommentedMap) else None
    if not isinstance(meeting, CommentedMap) or not isinstance(meeting.get("year"), int):
        raise InputError([Diagnostic(str(source), 1, 1, "RG202", "缺少 meeting.year（总结的年度），无法推算下一年")])
    old = int(meeting["year"])
    if year <= old:
        line, col = meeting.lc.value("year")
        raise InputError([Diagnostic(
            str(source), line + 1, col + 1, "RG130",
            f"原文件总结的是 {old} 年度，--year {year} 应在它之后（例如 --year {old + 1}）", "meeting.year")])
    _placeholders(data, year)
    _shift_tree(data, old, year)
    meeting["year"] = year
    # Facts of last year's meeting are not next year's: the day and the head count are to be filled in (RG308
    # in `check` until they are), last year's beside them.
    date = meeting.get("date")
    if "date" in meeting:
        meeting["date"] = _placeholder("开会日期")
        meeting.yaml_add_eol_comment(f"去年是 {date}；写成 {year + 1}-02-28 这样的日期", "date")
    for part, key, hint in (("formal", "date", "成文日期"), ("formal", "issued", "印发日期"),
                            ("minutes", "issued", "印发日期")):
        block = data.get(part)  # the documents' dates are next year's facts too: to be filled in, last year's beside
        if isinstance(block, CommentedMap) and block.get(key) is not None:
            day = block[key]
            block[key] = _placeholder(hint)
            block.yaml_add_eol_comment(f"去年是 {day}", key)
    for part in ("formal", "minutes"):  # the document number's year (深科工〔2024〕3号) moves; its number is new
        block = data.get(part)
        number = block.get("number") if isinstance(block, CommentedMap) else None
        if isinstance(block, CommentedMap) and isinstance(number, str) and re.search(r"〔\d{4}〕", number):
            block["number"] = re.sub(r"〔(\d{4})〕", lambda m: f"〔{int(m.group(1)) + year - old}〕", number)
            block.yaml_add_eol_comment("请核对文号的序号", "number")
    attendees = meeting.get("attendees")
    if isinstance(attendees, CommentedMap) and "count" in attendees:
        count = attendees["count"]
        attendees["count"] = _placeholder("参会人数")
        attendees.yaml_add_eol_comment(f"去年 {count} 人；写数字，或删去这一行", "count")
    out = io.StringIO()
    yaml.dump(data, out)
    return _new_year_comments(out.getvalue(), old, year)


def _new_year_comments(text: str, old: int, new: int) -> str:
    """The file's own comment lines speak of the new year (2023 年度 → 2024 年度), as its texts do; last
    year's texts kept in comments (去年：…) stay as they were."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") and "去年" not in line:
            lines[i] = shift_years(line, old, new)
    return "\n".join(lines)


def _placeholders(data: CommentedMap, year: int) -> None:
    """Replace this year's texts by placeholders, last year's text kept as a comment above each.

    Which texts, and the hint after each placeholder, each section type declares (`SectionType.rollover`).
    """
    types = registry()
    for section in data.get("sections") or []:
        kind = types.get(section.get("type")) if isinstance(section, CommentedMap) else None
        for where, hint in kind.rollover.items() if kind else ():
            _rewrite(section, where.split("."), hint, year)


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def _rewrite(node: CommentedMap, parts: list[str], hint: str, year: int, depth: int = 0,
             holder: tuple[CommentedSeq, int] | None = None) -> None:
    """Placeholders for the texts at `parts` below `node` (`items[]` is every item of `items`).

    `depth` counts the lists passed on the way (comments are indented to match); `holder` is the list
    and index holding `node`, above which a single text's comment goes.
    """
    part, rest = parts[0], parts[1:]
    if rest:
        seq = node.get(part.removesuffix("[]"))
        for i, item in enumerate(seq if isinstance(seq, CommentedSeq) else []):
            if isinstance(item, CommentedMap):
                _rewrite(item, rest, hint, year, depth + 1, (seq, i))
        return
    text = hint.format_map(_Blank(year=year, **{k: v for k, v in node.items() if isinstance(v, str)}))
    value = node.get(part)
    if isinstance(value, CommentedSeq):
        _rewrite_list(value, text, indent=6 + 4 * depth)
    elif isinstance(value, str):
        if holder is not None:  # above the list item, as `- title: …` begins it
            seq, i = holder
            seq.yaml_set_comment_before_after_key(i, before=_comment_lines(value), indent=6 + 4 * (depth - 1))
        else:
            node.yaml_set_comment_before_after_key(part, before=_comment_lines(value), indent=4)
        node[part] = _placeholder(text)


def _shift_tree(data: Any, old: int, new: int) -> None:
    """Shift years inside every prose text of the tree, in place. Paths, numbers, codes and texts the schema
    does not know stay as they are (a photo `images/2023-meeting.jpg` is a file, not a year to move);
    comments and placeholders are untouched."""
    for path, value, is_prose in texts(Report, data):
        if is_prose is True and not value.startswith(PLACEHOLDER):
            node = data
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = keep_style(value, shift_years(value, old, new))
